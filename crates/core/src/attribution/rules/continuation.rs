//! `continuation`: a quote-only sentence right after an attributed quote (same sentence, the next,
//! or the first of the next paragraph), with no new cue, keeps that quote's speaker.

use super::Found;
use crate::attribution::context::*;
use crate::model::Attribution;

/// A quote-only sentence right after an attributed quote keeps its speaker.
pub fn find(cx: &Ctx, qi: usize, done: &[Option<Attribution>]) -> Option<Found> {
    let q = &cx.quotes[qi];
    let p = qi.checked_sub(1)?;
    let prev = done[p].as_ref()?;
    let s = q.sentence;
    let ps = cx.quotes[p].sentence;
    // Adjacent: same sentence, the next sentence, or the first sentence of the next paragraph.
    if s > ps + 1 {
        return None;
    }
    let (b0, b1) = before_region(cx, qi);
    let (a0, a1) = after_region(cx, qi);
    if cx.text[b0..b1].chars().any(char::is_alphanumeric) {
        return None;
    }
    let sent = cx.sent(s);
    if outside_between(sent, a0, a1).any(|i| sent.toks[i].word) {
        return None;
    }
    Some(Found::Same(prev.clone()))
}
