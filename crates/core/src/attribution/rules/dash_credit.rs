//! `dash_credit`: a dash credits the speaker without a verb: `"Q" — X`, `"Q" - a ministry
//! spokesperson`, `"Q" ― Ana Ruiz` (U+2015, lists of quotes each with its credit).

use super::Found;
use crate::attribution::context::*;
use crate::model::{Attribution, Span};

/// The gap between a quote and what follows is a dash: `"Q" — X`, `"Q" - X`.
pub(crate) fn is_dash(gap: &str) -> bool {
    gap.contains(['—', '–', '―']) || gap.trim() == "-"
}

/// `"Q" — X`: a mention right after the dash that follows the quote.
pub fn find(cx: &Ctx, qi: usize, _done: &[Option<Attribution>]) -> Option<Found> {
    let s = cx.quotes[qi].sentence;
    let (a0, a1) = after_region(cx, qi);
    let sent = cx.sent(s);
    let first = outside_between(sent, a0, a1).into_iter().find(|&i| sent.toks[i].word)?;
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
