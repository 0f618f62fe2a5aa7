//! Stage 2: quote-mark pairing, a state machine over every mark of every paragraph.
//!
//! Straight marks get a direction from what flanks them (a mark glued to the following word
//! opens, one glued to the preceding word closes); curly marks and guillemets carry their own.
//! Single quotes are told apart from apostrophes (`country's`, `'90s`, `rock 'n' roll`, plural
//! possessives). Only the outermost pair is a quotation; a same-family opener inside an open
//! quote is a stray mark unless it nests (curly) or nothing closes later. A paragraph that ends
//! inside a quote and a next one that opens with a mark continue the same speech: each
//! paragraph's part is its own [`Marked`].

use crate::model::{Layout, Marked, Span};
use crate::text::{QuoteFamily, QuoteGlyph, is_quote_mark, merge_sorted, quote_mark, word_count};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Open,
    Close,
    Ambiguous,
    /// An apostrophe or a mark that cannot take part in a pair.
    Skip,
}

#[derive(Debug, Clone, Copy)]
struct Mark {
    span: Span,
    family: QuoteFamily,
    glyph: QuoteGlyph,
    role: Role,
    /// A closer that may as well be a plural possessive (`players' union`).
    weak: bool,
}

fn is_space(c: char) -> bool {
    c.is_whitespace()
}

fn opens_context(c: char) -> bool {
    matches!(c, '(' | '[' | '{' | '—' | '–' | '-' | '/' | ':' | '…') || is_quote_mark(c)
}

fn closes_context(c: char) -> bool {
    matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '}' | '—' | '–' | '-' | '…' | '/') || is_quote_mark(c)
}

/// Elisions written with a leading apostrophe: never quote openers.
const ELISIONS: [&str; 10] = ["n", "em", "til", "cause", "tis", "twas", "bout", "round", "s", "t"];

fn role_of(text: &str, para: Span, mark: Span, family: QuoteFamily, glyph: QuoteGlyph) -> (Role, bool) {
    let at = mark.start;
    let prev = text[para.start..at].chars().next_back();
    let next = text[mark.end..para.end].chars().next();
    let left = next.is_some_and(|n| !is_space(n)) && prev.is_none_or(|p| is_space(p) || opens_context(p));
    let right = prev.is_some_and(|p| !is_space(p)) && next.is_none_or(|n| is_space(n) || closes_context(n));
    let alnum = |o: Option<char>| o.is_some_and(char::is_alphanumeric);
    let flank = match (left, right) {
        (true, false) => Role::Open,
        (false, true) => Role::Close,
        _ => Role::Ambiguous,
    };
    match (family, glyph) {
        (QuoteFamily::Single, _) => {
            // Letters on both sides: an apostrophe (don't, O’Connell, shouldn‘t).
            if alnum(prev) && alnum(next) {
                return (Role::Skip, false);
            }
            if flank == Role::Open {
                let word: String = text[mark.end..para.end]
                    .chars()
                    .take_while(|c| c.is_alphanumeric())
                    .collect::<String>()
                    .to_lowercase();
                let digits = word.chars().next().is_some_and(|c| c.is_ascii_digit());
                if glyph == QuoteGlyph::Closing || digits || ELISIONS.contains(&word.as_str()) {
                    return (Role::Skip, false);
                }
                return (Role::Open, false);
            }
            if flank == Role::Close {
                if glyph == QuoteGlyph::Opening {
                    return (Role::Skip, false);
                }
                // `players' union`, `Damascus’ defense`: possibly a possessive.
                let weak = prev.is_some_and(|p| p == 's' || p == 'S')
                    && text[mark.end..para.end].trim_start().starts_with(|c: char| c.is_lowercase());
                return (Role::Close, weak);
            }
            (Role::Skip, false)
        }
        (_, QuoteGlyph::Straight) => (flank, false),
        // Curly marks keep their direction unless flanking clearly says otherwise: German „…“
        // closes with “, Swedish ”…” opens with ”.
        (_, QuoteGlyph::Opening) => (if flank == Role::Close { Role::Close } else { Role::Open }, false),
        (_, QuoteGlyph::Closing) => (if flank == Role::Open { Role::Open } else { Role::Close }, false),
        (_, QuoteGlyph::Either(opening)) => match flank {
            Role::Ambiguous => (if opening { Role::Open } else { Role::Close }, false),
            // A mark followed by a space cannot open: a lone `»` bullet is a stray closer.
            r => (r, false),
        },
    }
}

fn marks_in(text: &str, para: Span) -> Vec<Mark> {
    let mut out = Vec::new();
    let bytes = &text.as_bytes()[para.start..para.end];
    // Every quote mark is `"`, `'` or a character whose UTF-8 starts with 0xC2 (« ») or
    // 0xE2/0xE3 (curly marks, ‹ ›, corner brackets): only those bytes are decoded.
    let ascii = memchr::memchr2_iter(b'"', b'\'', bytes);
    let lead = memchr::memchr3_iter(0xC2, 0xE2, 0xE3, bytes);
    // Bytes before `done` belong to a mark already read (a doubled apostrophe).
    let mut done = 0;
    for i in merge_sorted(ascii, lead) {
        if i < done {
            continue;
        }
        let at = para.start + i;
        let Some(c) = text[at..].chars().next() else { continue };
        let Some((family, glyph)) = quote_mark(c) else { continue };
        let mut push = |span: Span, family: QuoteFamily| {
            let (role, weak) = role_of(text, para, span, family, glyph);
            if role != Role::Skip {
                out.push(Mark { span, family, glyph, role, weak });
            }
        };
        let run = if c == '\'' { bytes[i..].iter().take(3).take_while(|&&b| b == b'\'').count() } else { 1 };
        done = i + run;
        match run {
            // `''Quote,''`: two apostrophes are one double mark (a typewriter convention).
            2 => push(Span::new(at, at + 2), QuoteFamily::Double),
            // `'''`: a single mark beside a double one. Glued to the word before it, the inner
            // single quotation closes first (`us,'''`); otherwise the double one opens first.
            3 if text[para.start..at].chars().next_back().is_some_and(|p| !p.is_whitespace()) => {
                push(Span::new(at, at + 1), QuoteFamily::Single);
                push(Span::new(at + 1, at + 3), QuoteFamily::Double);
            }
            3 => {
                push(Span::new(at, at + 2), QuoteFamily::Double);
                push(Span::new(at + 2, at + 3), QuoteFamily::Single);
            }
            _ => push(Span::new(at, at + c.len_utf8()), family),
        }
    }
    out
}

/// Pairs quote marks over the whole article (boilerplate paragraphs are skipped).
pub fn pair(text: &str, layout: &Layout) -> Vec<Marked> {
    let mut out: Vec<Marked> = Vec::new();
    // An open quote carried over from the previous paragraph: (family, index of its part).
    let mut carried: Option<(QuoteFamily, usize)> = None;
    let mut ahead = Ahead::default();
    for (pi, &para) in layout.paragraphs.iter().enumerate() {
        if layout.is_boilerplate(pi) {
            carried = None;
            continue;
        }
        let marks = marks_in(text, para);
        ahead.fill(&marks);
        let mut i = 0;
        // (family, opener, depth, continues)
        let mut open: Option<(QuoteFamily, Mark, usize, Option<usize>)> = None;
        if let Some((fam, prev)) = carried.take()
            && let Some(first) =
                marks.first().filter(|m| m.span.start == para.start && m.family == fam && m.role == Role::Open)
        {
            open = Some((fam, *first, 0, Some(prev)));
            i = 1;
        }
        while i < marks.len() {
            let m = marks[i];
            match open {
                None => {
                    if m.role != Role::Open
                        && !(m.role == Role::Ambiguous && m.family != QuoteFamily::Single && opens_after(text, m, para))
                    {
                        i += 1;
                        continue;
                    }
                    if m.family == QuoteFamily::Single {
                        if let Some(j) = ahead.single[i] {
                            out.push(Marked {
                                open: m.span,
                                close: Some(marks[j].span),
                                paragraph: pi,
                                continues: None,
                                end: marks[j].span.end,
                            });
                            i = j + 1;
                            continue;
                        }
                        // A single opener with no closer: only speech that runs on to the next paragraph.
                        if m.span.start != para.start {
                            i += 1;
                            continue;
                        }
                    }
                    open = Some((m.family, m, 0, None));
                }
                Some((fam, opener, depth, cont)) => {
                    if m.family != fam {
                        // Inner quotation of another family: part of the content.
                    } else if m.role == Role::Open {
                        if m.glyph == QuoteGlyph::Opening && ahead.closers[i] > depth + 1 {
                            open = Some((fam, opener, depth + 1, cont));
                        }
                        // Otherwise a stray opener inside the quote: ignored.
                    } else if depth > 0 {
                        open = Some((fam, opener, depth - 1, cont));
                    } else if !(m.weak && ahead.strong[i]) {
                        out.push(Marked {
                            open: opener.span,
                            close: Some(m.span),
                            paragraph: pi,
                            continues: cont,
                            end: m.span.end,
                        });
                        open = None;
                    }
                }
            }
            i += 1;
        }
        if let Some((fam, opener, _, cont)) = open {
            let next_opens = layout.paragraphs.get(pi + 1).is_some_and(|&np| {
                !layout.is_boilerplate(pi + 1)
                    && marks_in(text, np)
                        .first()
                        .is_some_and(|f| f.span.start == np.start && f.family == fam && f.role == Role::Open)
            });
            let content = &text[opener.span.end..para.end];
            let intro = text[para.start..opener.span.start].trim_end();
            let standalone = opener.span.start == para.start || intro.ends_with([':', ',']);
            if next_opens || cont.is_some() || (standalone && word_count(content, 3) >= 3) {
                out.push(Marked { open: opener.span, close: None, paragraph: pi, continues: cont, end: para.end });
                if next_opens {
                    carried = Some((fam, out.len() - 1));
                }
            }
        }
    }
    out
}

/// An ambiguous straight mark opens when a word follows it, or, with spaces after it, when it
/// starts the paragraph or follows a colon or comma (`told the court: "  The ...`).
fn opens_after(text: &str, m: Mark, para: Span) -> bool {
    let rest = &text[m.span.end..para.end];
    if rest.chars().next().is_some_and(|c| !is_space(c)) {
        return true;
    }
    let before = text[para.start..m.span.start].trim_end();
    rest.trim_start().starts_with(char::is_alphanumeric) && (before.is_empty() || before.ends_with([':', ',']))
}

/// What follows each mark of a paragraph, gathered in one backward pass, so pairing never
/// rescans the rest of the paragraph for one mark (quadratic in a paragraph dense with marks).
#[derive(Default)]
struct Ahead {
    /// Marks after mark `i` of its family that can close (any role but `Open`).
    closers: Vec<usize>,
    /// Whether a strong (not weak) mark of its family that can close follows mark `i`.
    strong: Vec<bool>,
    /// The closer of a single-quote opener at `i`: the first strong closer after it, else the
    /// first weak one.
    single: Vec<Option<usize>>,
}

impl Ahead {
    fn fill(&mut self, marks: &[Mark]) {
        let n = marks.len();
        self.closers.clear();
        self.closers.resize(n, 0);
        self.strong.clear();
        self.strong.resize(n, false);
        self.single.clear();
        self.single.resize(n, None);
        let mut count = [0usize; 5];
        let mut strong = [false; 5];
        let (mut next_strong, mut next_weak) = (None, None);
        for (i, m) in marks.iter().enumerate().rev() {
            let f = m.family as usize;
            self.closers[i] = count[f];
            self.strong[i] = strong[f];
            self.single[i] = next_strong.or(next_weak);
            if m.role != Role::Open {
                count[f] += 1;
                strong[f] |= !m.weak;
            }
            if m.family == QuoteFamily::Single && m.role == Role::Close {
                *if m.weak { &mut next_weak } else { &mut next_strong } = Some(i);
            }
        }
    }
}
