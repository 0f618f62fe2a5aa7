//! `dash_credit`: a dash credits the speaker without a verb: `"Q" — X`, `"Q" - a ministry
//! spokesperson`, `"Q" ― Ana Ruiz` (U+2015, lists of quotes each with its credit), and a credit
//! line after a quote that ends its paragraph: `"Vote early."⏎— Governor Lia Moreau, in a statement`.

use super::Found;
use crate::attribution::context::*;
use crate::model::{Attribution, Span};

/// The gap between a quote and what follows is a dash: `"Q" — X`, `"Q" - X`.
pub(crate) fn is_dash(gap: &str) -> bool {
    gap.contains(['—', '–', '―']) || gap.trim() == "-"
}

/// `"Q" — X`: a mention right after the dash that follows the quote, in its sentence or opening
/// the next line.
pub fn find(cx: &Ctx, qi: usize, _done: &[Option<Attribution>]) -> Option<Found> {
    let s = cx.quotes[qi].sentence;
    let (a0, a1) = after_region(cx, qi);
    let sent = cx.sent(s);
    let Some(first) = outside_between(sent, a0, a1).find(|&i| sent.toks[i].word) else {
        return next_line(cx, qi);
    };
    let gap = Span::new(a0, sent.toks[first].span.start).of(cx.text);
    if gap.chars().any(char::is_alphanumeric) || !is_dash(gap) {
        return None;
    }
    // Only a quote that stands alone is credited by a dash; inside a sentence (`calling it "a
    // feat" - but he said …`) a dash sets off a parenthesis.
    let (b0, b1) = before_region(cx, qi);
    if cx.text[b0..b1].chars().any(char::is_alphanumeric) {
        return None;
    }
    let m = mention_from(cx, sent, first, false)?;
    Some(Found::Mention { mention: m, cue: None })
}

/// `"Q"⏎— Governor Lia Moreau, in a statement`: the next sentence, in this paragraph or the next,
/// is a short credit line that opens with a dash and a name; the quote stands alone.
fn next_line(cx: &Ctx, qi: usize) -> Option<Found> {
    let q = &cx.quotes[qi];
    let (b0, b1) = before_region(cx, qi);
    if cx.text[b0..b1].chars().any(char::is_alphanumeric) || q.close.is_none() {
        return None;
    }
    let next = cx.sentences.get(q.sentence + 1)?;
    if next.paragraph > q.paragraph + 1 || cx.quotes.get(qi + 1).is_some_and(|n| n.sentence == q.sentence + 1) {
        return None;
    }
    let line = next.span.of(cx.text);
    let rest = line.trim_start().strip_prefix(['—', '–', '―', '-'])?;
    if rest.split_whitespace().count() > 16 {
        return None;
    }
    let from = next.span.end - rest.len();
    let i = cx.mentions.partition_point(|m| m.span.start < from);
    let m = cx.mentions.get(i).filter(|m| m.sentence == q.sentence + 1 && !m.in_quote)?;
    // Only describing words (`Governor`, `former`) between the dash and the name.
    let lead = &cx.text[from..m.span.start];
    if lead.split_whitespace().count() > 3 || lead.contains([',', '.', ':']) {
        return None;
    }
    Some(Found::Mention { mention: i, cue: None })
}
