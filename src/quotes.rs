//! Quote-mark pairing over the whole article, then placing each quote in its sentence.
//!
//! Pairing is a state machine over every mark of every paragraph. Straight marks get a direction
//! from what flanks them (a mark glued to the following word opens, one glued to the preceding
//! word closes); curly marks and guillemets carry their own. Single quotes are told apart from
//! apostrophes (`country's`, `'90s`, `rock 'n' roll`, plural possessives). Only the outermost
//! pair is a quotation; a same-family opener inside an open quote is a stray mark unless it
//! nests (curly) or nothing closes later. A paragraph that ends inside a quote and a next one that
//! opens with a mark continue the same speech: each paragraph's part is its own quote.

use crate::lexicon::Lexicon;
use crate::model::{Layout, Quote, QuoteKind, Sentence, Span};
use crate::segment;

/// A paired quotation before sentence placement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Marked {
    pub open: Span,
    /// `None` when the part ends unclosed (the speech continues in the next paragraph, or the
    /// opener was never closed).
    pub close: Option<Span>,
    pub paragraph: usize,
    /// Index (into the pairing result) of the previous part of a multi-paragraph quote.
    pub continues: Option<usize>,
    /// End of the region the quote covers (close mark end, or paragraph end).
    pub end: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    Double,
    Single,
    Angle,
    AngleSingle,
    Corner,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Glyph {
    /// Direction comes from flanking (straight marks).
    Straight,
    Opening,
    Closing,
    /// Guillemets: glyph direction by default, flanking may reverse it (German »…«).
    Either(bool),
}

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
    family: Family,
    glyph: Glyph,
    role: Role,
    /// A closer that may as well be a plural possessive (`players' union`).
    weak: bool,
}

fn classify_char(c: char) -> Option<(Family, Glyph)> {
    Some(match c {
        '"' => (Family::Double, Glyph::Straight),
        '“' | '„' | '‟' => (Family::Double, Glyph::Opening),
        '”' => (Family::Double, Glyph::Closing),
        '\'' => (Family::Single, Glyph::Straight),
        '‘' | '‚' | '‛' => (Family::Single, Glyph::Opening),
        '’' => (Family::Single, Glyph::Closing),
        '«' => (Family::Angle, Glyph::Either(true)),
        '»' => (Family::Angle, Glyph::Either(false)),
        '‹' => (Family::AngleSingle, Glyph::Either(true)),
        '›' => (Family::AngleSingle, Glyph::Either(false)),
        '「' | '『' => (Family::Corner, Glyph::Opening),
        '」' | '』' => (Family::Corner, Glyph::Closing),
        _ => return None,
    })
}

/// True for any character this module treats as a quote mark.
pub fn is_quote_mark(c: char) -> bool {
    classify_char(c).is_some()
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

fn role_of(text: &str, para: Span, at: usize, c: char, family: Family, glyph: Glyph) -> (Role, bool) {
    let prev = text[para.start..at].chars().next_back();
    let next = text[at + c.len_utf8()..para.end].chars().next();
    let left = next.is_some_and(|n| !is_space(n)) && prev.is_none_or(|p| is_space(p) || opens_context(p));
    let right = prev.is_some_and(|p| !is_space(p)) && next.is_none_or(|n| is_space(n) || closes_context(n));
    let alnum = |o: Option<char>| o.is_some_and(char::is_alphanumeric);
    let flank = match (left, right) {
        (true, false) => Role::Open,
        (false, true) => Role::Close,
        _ => Role::Ambiguous,
    };
    match (family, glyph) {
        (Family::Single, _) => {
            // Letters on both sides: an apostrophe (don't, O’Connell, shouldn‘t).
            if alnum(prev) && alnum(next) {
                return (Role::Skip, false);
            }
            if flank == Role::Open {
                let word: String = text[at + c.len_utf8()..para.end]
                    .chars()
                    .take_while(|c| c.is_alphanumeric())
                    .collect::<String>()
                    .to_lowercase();
                let digits = word.chars().next().is_some_and(|c| c.is_ascii_digit());
                if glyph == Glyph::Closing || digits || ELISIONS.contains(&word.as_str()) {
                    return (Role::Skip, false);
                }
                return (Role::Open, false);
            }
            if flank == Role::Close {
                if glyph == Glyph::Opening {
                    return (Role::Skip, false);
                }
                // `players' union`, `Damascus’ defense`: possibly a possessive.
                let weak = prev.is_some_and(|p| p == 's' || p == 'S')
                    && text[at + c.len_utf8()..para.end].trim_start().starts_with(|c: char| c.is_lowercase());
                return (Role::Close, weak);
            }
            (Role::Skip, false)
        }
        (_, Glyph::Straight) => (flank, false),
        // Curly marks keep their direction unless flanking clearly says otherwise: German „…“
        // closes with “, Swedish ”…” opens with ”.
        (_, Glyph::Opening) => (if flank == Role::Close { Role::Close } else { Role::Open }, false),
        (_, Glyph::Closing) => (if flank == Role::Open { Role::Open } else { Role::Close }, false),
        (_, Glyph::Either(opening)) => match flank {
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
    for i in crate::segment::merge_sorted(ascii, lead) {
        let at = para.start + i;
        let Some(c) = text[at..].chars().next() else { continue };
        if let Some((family, glyph)) = classify_char(c) {
            let (role, weak) = role_of(text, para, at, c, family, glyph);
            if role != Role::Skip {
                out.push(Mark { span: Span::new(at, at + c.len_utf8()), family, glyph, role, weak });
            }
        }
    }
    out
}

/// The number of words in `s`, counted up to `max` (quotes can be long; the rules only ask
/// whether there are a few).
fn word_count(s: &str, max: usize) -> usize {
    s.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).take(max).count()
}

/// Pairs quote marks over the whole article (boilerplate paragraphs are skipped).
pub fn pair(text: &str, layout: &Layout) -> Vec<Marked> {
    let mut out: Vec<Marked> = Vec::new();
    // An open quote carried over from the previous paragraph: (family, index of its part).
    let mut carried: Option<(Family, usize)> = None;
    for (pi, &para) in layout.paragraphs.iter().enumerate() {
        if layout.boilerplate.contains(&pi) {
            carried = None;
            continue;
        }
        let marks = marks_in(text, para);
        let mut i = 0;
        // (family, opener, depth, continues)
        let mut open: Option<(Family, Mark, usize, Option<usize>)> = None;
        if let Some((fam, prev)) = carried.take()
            && let Some(first) = marks.first().filter(|m| m.span.start == para.start && m.family == fam && m.role == Role::Open) {
                open = Some((fam, *first, 0, Some(prev)));
                i = 1;
            }
        while i < marks.len() {
            let m = marks[i];
            match open {
                None => {
                    if m.role != Role::Open && !(m.role == Role::Ambiguous && m.family != Family::Single && opens_after(text, m, para)) {
                        i += 1;
                        continue;
                    }
                    if m.family == Family::Single {
                        if let Some(j) = single_closer(&marks, i) {
                            out.push(Marked { open: m.span, close: Some(marks[j].span), paragraph: pi, continues: None, end: marks[j].span.end });
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
                        let closers_after = marks[i + 1..].iter().filter(|x| x.family == fam && x.role != Role::Open).count();
                        if m.glyph == Glyph::Opening && closers_after > depth + 1 {
                            open = Some((fam, opener, depth + 1, cont));
                        }
                        // Otherwise a stray opener inside the quote: ignored.
                    } else if depth > 0 {
                        open = Some((fam, opener, depth - 1, cont));
                    } else if !(m.weak && marks[i + 1..].iter().any(|x| x.family == fam && x.role != Role::Open && !x.weak)) {
                        out.push(Marked { open: opener.span, close: Some(m.span), paragraph: pi, continues: cont, end: m.span.end });
                        open = None;
                    }
                }
            }
            i += 1;
        }
        if let Some((fam, opener, _, cont)) = open {
            let next_opens = layout.paragraphs.get(pi + 1).is_some_and(|&np| {
                !layout.boilerplate.contains(&(pi + 1))
                    && marks_in(text, np).first().is_some_and(|f| f.span.start == np.start && f.family == fam && f.role == Role::Open)
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

/// The closer of a single-quote opener at `i`: the first strong closer, else the first weak one.
fn single_closer(marks: &[Mark], i: usize) -> Option<usize> {
    let mut weak = None;
    for (j, m) in marks.iter().enumerate().skip(i + 1) {
        if m.family != Family::Single {
            continue;
        }
        match m.role {
            Role::Close if !m.weak => return Some(j),
            Role::Close => weak = weak.or(Some(j)),
            Role::Open => {} // nested or stray
            _ => {}
        }
    }
    weak
}

/// Content span of a paired quotation: between the marks, outer white space trimmed.
pub fn content_span(text: &str, m: &Marked) -> Span {
    let end = m.close.map_or(m.end, |c| c.start);
    crate::layout::trim_span(text, Span::new(m.open.end, end))
}

/// Assigns sentence index and kind to each paired quotation, and drops marks that are not
/// speech: titles of works, nicknames and scare quotes.
pub fn place(text: &str, marks: Vec<Marked>, sentences: &[Sentence], lex: &Lexicon) -> Vec<Quote> {
    let mut out: Vec<Quote> = Vec::new();
    // Index in `out` of each kept mark, to re-link multi-paragraph parts.
    let mut kept: Vec<Option<usize>> = Vec::with_capacity(marks.len());
    for m in &marks {
        let span = content_span(text, m);
        let sentence = sentences.partition_point(|s| s.span.end <= m.open.start).min(sentences.len().saturating_sub(1));
        let continues = m.continues.and_then(|p| kept.get(p).copied().flatten());
        let speech = !span.is_empty() && (continues.is_some() || m.continues.is_some() || is_speech(text, m, span, sentences.get(sentence), lex));
        if !speech || sentences.is_empty() {
            kept.push(None);
            continue;
        }
        kept.push(Some(out.len()));
        let kind = kind_of(text, m, span, sentences[sentence].span);
        out.push(Quote { span, open: m.open, close: m.close, paragraph: m.paragraph, sentence, kind, continues });
    }
    out
}

/// Speech, not a title of a work, a nickname or a scare quote.
fn is_speech(text: &str, m: &Marked, span: Span, sentence: Option<&Sentence>, lex: &Lexicon) -> bool {
    let content = span.of(text);
    let n = word_count(content, 9);
    if n == 0 {
        return false;
    }
    let ends_clause = content.ends_with(['.', ',', '!', '?', '…', ';']) || content.ends_with(".\"");
    let intro = sentence.map(|s| text[s.span.start.min(m.open.start)..m.open.start].trim_end()).unwrap_or("");
    let colon = intro.ends_with(':');
    let small = ["of", "the", "a", "an", "and", "in", "on", "for", "to", "at", "by", "with", "or", "de", "la"];
    let title_case = n <= 8
        && content.split_whitespace().all(|w| {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric());
            w.is_empty() || small.contains(&w) || w.starts_with(|c: char| c.is_uppercase() || c.is_numeric())
        });
    if title_case && !ends_clause && !colon {
        return false;
    }
    if n <= 3 && !ends_clause && !colon {
        // A short fragment is speech only when a speech verb governs it in the sentence.
        let s = match sentence {
            Some(s) => s.span,
            None => return false,
        };
        return segment::words(text, s)
            .filter(|w| !span.contains(*w))
            .any(|w| lex.speech_lemma(&w.of(text).to_lowercase()).is_some());
    }
    true
}

/// `partial` when the quote is a fragment running inside reported speech.
fn kind_of(text: &str, m: &Marked, span: Span, sentence: Span) -> QuoteKind {
    let content = span.of(text);
    if content.starts_with(|c: char| c.is_lowercase()) {
        return QuoteKind::Partial;
    }
    let before = text[sentence.start.min(m.open.start)..m.open.start].trim_end();
    let flows_in = before.ends_with(|c: char| c.is_alphanumeric());
    let ends_clause = content.ends_with(['.', ',', '!', '?', '…']);
    if flows_in && !ends_clause { QuoteKind::Partial } else { QuoteKind::Full }
}

#[cfg(test)]
mod tests {
    use crate::model::Article;

    fn quotes(text: &str) -> Vec<String> {
        let a = crate::analyze(Article { id: "t".into(), text: text.into(), ..Default::default() });
        a.quotes.iter().map(|q| q.span.of(&a.article.text).to_owned()).collect()
    }

    #[test]
    fn straight_and_curly_doubles() {
        assert_eq!(quotes(r#""We are ready," she said. “So are we,” he said."#), ["We are ready,", "So are we,"]);
    }

    #[test]
    fn single_quotes_and_apostrophes() {
        let t = "'The country's budget is fine,' she said of the '90s, when rock 'n' roll ruled.";
        assert_eq!(quotes(t), ["The country's budget is fine,"]);
        let t = "‘The players’ union will not agree to this,’ he said.";
        assert_eq!(quotes(t), ["The players’ union will not agree to this,"]);
    }

    #[test]
    fn stray_opener_inside_quote_is_content() {
        let t = r#"He said: "Today the "warriors fight on in the hills." Then he left."#;
        assert_eq!(quotes(t), [r#"Today the "warriors fight on in the hills."#]);
    }

    #[test]
    fn closer_after_space_at_paragraph_end() {
        let t = "She added: \"We will not give up on this. \"\nNext paragraph.";
        assert_eq!(quotes(t), ["We will not give up on this."]);
    }

    #[test]
    fn multi_paragraph_parts_are_linked() {
        let t = "He said: “The first part goes on\n“and the second part ends here,” he said.";
        let a = crate::analyze(Article { id: "t".into(), text: t.into(), ..Default::default() });
        assert_eq!(a.quotes.len(), 2);
        assert_eq!(a.quotes[1].continues, Some(0));
        assert!(a.quotes[0].close.is_none());
    }

    #[test]
    fn titles_nicknames_scare_quotes_are_not_quotes() {
        assert!(quotes(r#"She starred in "Blue Harbour" last year."#).is_empty());
        assert!(quotes(r#"Dwayne "The Rock" Johnson arrived."#).is_empty());
        assert!(quotes(r#"The so-called "reform" failed."#).is_empty());
        assert_eq!(quotes(r#"It said it "strongly condemns" the attack."#), ["strongly condemns"]);
    }

    #[test]
    fn guillemets_both_directions_and_bullets() {
        assert_eq!(quotes("Il a dit: «Nous sommes prêts.»"), ["Nous sommes prêts."]);
        assert_eq!(quotes("Er sagte: »Wir sind bereit.«"), ["Wir sind bereit."]);
        assert!(quotes("» First item\n» Second item").is_empty());
    }

    #[test]
    fn unmatched_marks_lose_nothing_else() {
        let t = "An odd \" mark here.\n\n\"This one is fine,\" she said.";
        assert_eq!(quotes(t), ["This one is fine,"]);
    }
}
