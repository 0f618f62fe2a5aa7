//! Stage 4: quote placement. Each paired quotation gets its sentence and kind (`full` or
//! `partial`); marks that are not speech (titles of works, nicknames, scare quotes) are dropped.

use crate::lexicon::Lexicon;
use crate::model::{Marked, Quote, QuoteKind, Sentence, Span};
use crate::text::tokens::words;
use crate::text::{trim_span, with_lowercase, word_count};

/// Content span of a paired quotation: between the marks, outer white space trimmed.
pub fn content_span(text: &str, m: &Marked) -> Span {
    let end = m.close.map_or(m.end, |c| c.start);
    trim_span(text, Span::new(m.open.end, end))
}

/// Assigns sentence index and kind to each paired quotation, and drops marks that are not
/// speech: titles of works, nicknames and scare quotes.
pub fn place(text: &str, marks: Vec<Marked>, sentences: &[Sentence], lex: &Lexicon) -> Vec<Quote> {
    let mut out: Vec<Quote> = Vec::new();
    // Index in `out` of each kept mark, to re-link multi-paragraph parts.
    let mut kept: Vec<Option<usize>> = Vec::with_capacity(marks.len());
    let mut verbs = SpeechWords::default();
    for m in &marks {
        let span = content_span(text, m);
        let sentence = sentences.partition_point(|s| s.span.end <= m.open.start).min(sentences.len().saturating_sub(1));
        let continues = m.continues.and_then(|p| kept.get(p).copied().flatten());
        let speech = !span.is_empty()
            && (continues.is_some()
                || m.continues.is_some()
                || is_speech(text, m, span, sentences.get(sentence), &mut verbs, lex));
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
fn is_speech(
    text: &str,
    m: &Marked,
    span: Span,
    sentence: Option<&Sentence>,
    verbs: &mut SpeechWords,
    lex: &Lexicon,
) -> bool {
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
    // `the so-called "safe zone"`: the writer's distance from a term, never speech.
    // The three words before the mark, nearest first; `is(i, words)`: word i lower-cased is one
    // of `words` (no lower-cased copies).
    let mut rest = intro.rsplit(|c: char| !c.is_alphanumeric() && c != '-');
    let before: [&str; 3] = std::array::from_fn(|_| rest.next().unwrap_or(""));
    let is = |i: usize, words: &[&str]| with_lowercase(before[i], |w| words.contains(&w));
    if is(0, &["so-called", "called"]) && is(1, &["so"]) || is(0, &["so-called"]) {
        return false;
    }
    if n <= 3 && !ends_clause && !colon {
        // `described the plan as "a fantasy"`: a complement after `as` is someone's words
        // (not after `known as`, `such as`: a name or an example).
        let article = is(0, &["a", "an", "the"]);
        let as_at = if article { 1 } else { 0 };
        if is(as_at, &["as"]) && !is(as_at + 1, &["known", "such", "same", "so", "referred"]) {
            return true;
        }
        // A short fragment is speech only when a speech verb governs it in the sentence.
        let s = match sentence {
            Some(s) => s.span,
            None => return false,
        };
        return verbs.any_outside(text, s, span, lex);
    }
    true
}

/// The speech-verb words of the last sentence asked about, tokenized once: a sentence dense
/// with short quotations would otherwise be tokenized again for each of them.
#[derive(Default)]
struct SpeechWords {
    sentence: Option<Span>,
    /// Spans of the sentence's words that are speech verbs, in text order (never overlapping).
    spans: Vec<Span>,
}

impl SpeechWords {
    /// Whether a speech verb of `sentence` lies outside the quote content `span`.
    fn any_outside(&mut self, text: &str, sentence: Span, span: Span, lex: &Lexicon) -> bool {
        if self.sentence != Some(sentence) {
            self.sentence = Some(sentence);
            self.spans.clear();
            self.spans.extend(
                words(text, sentence).filter(|w| with_lowercase(w.of(text), |w| lex.speech_lemma(w).is_some())),
            );
        }
        // Words inside `span` form one run of the sorted, disjoint spans: [lo, hi).
        let lo = self.spans.partition_point(|w| w.start < span.start);
        let hi = self.spans.partition_point(|w| w.end <= span.end);
        self.spans.len() > hi.saturating_sub(lo)
    }
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
