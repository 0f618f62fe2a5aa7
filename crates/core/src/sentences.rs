//! Stage 3: sentences. An abbreviation-aware splitter that never ends a sentence inside a
//! quotation (it reads the paired marks) and keeps `"Why?" asked Kim.` together.

use crate::lexicon::Lexicon;
use crate::model::{Layout, Marked, Sentence, Span};
use crate::text::tokens::words;
use crate::text::{is_quote_mark, merge_sorted, trim_span, with_lowercase};

/// Splits each paragraph into sentences.
pub fn split(text: &str, layout: &Layout, marks: &[Marked], lex: &Lexicon) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut mi = 0;
    // Sentence ends of one paragraph at a time, in one buffer for them all.
    let mut ends = Vec::new();
    for (pi, &para) in layout.paragraphs.iter().enumerate() {
        while mi < marks.len() && marks[mi].end <= para.start {
            mi += 1;
        }
        let regions = &marks[mi..mi + marks[mi..].iter().take_while(|m| m.open.start < para.end).count()];
        let mut start = para.start;
        boundaries(text, para, regions, lex, &mut ends);
        for &end in &ends {
            let s = trim_span(text, Span::new(start, end));
            if !s.is_empty() {
                out.push(Sentence { span: s, paragraph: pi });
            }
            start = end;
        }
        let s = trim_span(text, Span::new(start, para.end));
        if !s.is_empty() {
            out.push(Sentence { span: s, paragraph: pi });
        }
    }
    out
}

/// Byte positions inside `para` where a sentence ends, in place of what `out` held.
fn boundaries(text: &str, para: Span, regions: &[Marked], lex: &Lexicon, out: &mut Vec<usize>) {
    let s = para.of(text);
    let bytes = s.as_bytes();
    out.clear();
    let mut skip_to = 0;
    // Terminators: . ! ? and … (E2 80 A6), found with vectorised searches; an ellipsis by its
    // last byte (0xA6 ends other characters too), checked backwards.
    let ellipses =
        memchr::memchr_iter(0xA6, bytes).filter(|&j| j >= 2 && bytes[j - 2..j] == [0xE2, 0x80]).map(|j| j - 2);
    for i in merge_sorted(memchr::memchr3_iter(b'.', b'!', b'?', bytes), ellipses) {
        if i < skip_to {
            continue;
        }
        let c = s[i..].chars().next().unwrap_or('.');
        let mut it = s[i + c.len_utf8()..].char_indices().map(|(j, d)| (j + i + c.len_utf8(), d)).peekable();
        let at = para.start + i;
        // Extend over repeated terminators and closing marks/brackets.
        let mut end = at + c.len_utf8();
        while let Some(&(j, d)) = it.peek() {
            if matches!(d, '.' | '!' | '?' | '…' | ')' | ']')
                || is_quote_mark(d) && is_closing_here(regions, para.start + j)
            {
                end = para.start + j + d.len_utf8();
                it.next();
            } else {
                break;
            }
        }
        skip_to = end - para.start;
        // A terminator inside a quotation ends a sentence only when the quotation closes with it.
        let r = regions.partition_point(|m| m.open.end <= at);
        let inside = r.checked_sub(1).map(|r| &regions[r]).filter(|m| at < m.close.map_or(m.end, |c| c.start));
        let closed_quote = match inside {
            Some(m) => match m.close {
                Some(close) if close.end <= end => true,
                Some(close) if text[end..close.start].trim().is_empty() => {
                    end = close.end;
                    true
                }
                _ => continue,
            },
            None => false,
        };
        let rest = &text[end..para.end];
        if !rest.starts_with(char::is_whitespace) {
            continue; // 3.5, example.com, "Go."The
        }
        let next = match rest.trim_start().chars().next() {
            Some(n) => n,
            None => continue,
        };
        if !(next.is_uppercase() || next.is_numeric() || is_quote_mark(next) || matches!(next, '(' | '[')) {
            continue;
        }
        if c == '.' && is_abbreviation(text, para.start, at, lex) {
            continue;
        }
        if closed_quote && cue_follows(text, end, para.end, lex) {
            continue;
        }
        out.push(end);
    }
}

fn is_closing_here(regions: &[Marked], at: usize) -> bool {
    let r = regions.partition_point(|m| m.open.start < at);
    // A closing mark may be two characters long (`''`): any of its characters.
    r > 0 && regions[r - 1].close.is_some_and(|c| c.start <= at && at < c.end)
}

/// The word before a period is an abbreviation or an initial.
fn is_abbreviation(text: &str, para_start: usize, dot: usize, lex: &Lexicon) -> bool {
    let before = &text[para_start..dot];
    let word: &str = before.rsplit(|c: char| c.is_whitespace() || c == '(' || is_quote_mark(c)).next().unwrap_or("");
    if word.is_empty() {
        return false;
    }
    // A word longer than every listed abbreviation is none (ASCII keeps its length when
    // lower-cased): no lookup for most words that end a sentence.
    let bare = word.trim_end_matches('.');
    if (!bare.is_ascii() || bare.len() <= lex.abbreviations.longest())
        && with_lowercase(word, |lower| lex.abbreviations.contains(lower.trim_end_matches('.')))
    {
        return true;
    }
    // Initials (J. R. Tolkien) and dotted acronyms not in the list (N.A.T.O.).
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    (letters == 1 && word.chars().all(|c| c.is_uppercase() || c == '.'))
        || (word.contains('.') && word.split('.').all(|p| p.chars().count() <= 1))
}

/// After a closing quote: does the attribution follow (`"Why?" asked Kim.`, `"No." Lee said.`)?
fn cue_follows(text: &str, from: usize, para_end: usize, lex: &Lexicon) -> bool {
    let span = Span::new(from, text.floor_char_boundary(para_end.min(from + 80)));
    words(text, span).take(4).any(|w| with_lowercase(w.of(text), |w| lex.speech_lemma(w).is_some()))
}

#[cfg(test)]
mod tests {
    use crate::model::Article;

    fn sentences(text: &str) -> Vec<String> {
        let a = crate::analyze(Article { id: "t".into(), text: text.into(), ..Default::default() });
        a.sentences.iter().map(|s| s.span.of(&a.article.text).to_owned()).collect()
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        assert_eq!(
            sentences("Lt. Gen. Omar Diallo met Dr. Reyes in the U.S. capital. They spoke."),
            ["Lt. Gen. Omar Diallo met Dr. Reyes in the U.S. capital.", "They spoke."]
        );
    }

    #[test]
    fn never_inside_a_quotation() {
        assert_eq!(
            sentences(r#""It is over. We lost," she said. The fans left."#),
            [r#""It is over. We lost," she said."#, "The fans left."]
        );
    }

    #[test]
    fn question_in_quote_then_cue() {
        assert_eq!(sentences(r#""So what?" Harry said. He left."#), [r#""So what?" Harry said."#, "He left."]);
        assert_eq!(sentences(r#""We won." The crowd cheered."#), [r#""We won.""#, "The crowd cheered."]);
    }

    #[test]
    fn initials_and_decimals() {
        assert_eq!(
            sentences("J. R. Tolkien wrote it. Rates rose 3.5 percent."),
            ["J. R. Tolkien wrote it.", "Rates rose 3.5 percent."]
        );
    }

    #[test]
    fn empty_curly_pair_after_closed_quote() {
        let t = "Priya Raman said \"Stop!\". “” Priya Raman \n\n";
        let _ = crate::analyze(Article { id: "t".into(), text: t.into(), ..Default::default() });
    }
}
