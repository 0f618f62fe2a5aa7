//! `according_to`: `"Q," according to X` / `According to X, "Q"`.

use super::Found;
use crate::attribution::context::*;
use crate::model::Attribution;

/// `"Q," according to X` / `According to X, "Q"`.
pub fn find(cx: &Ctx, qi: usize, _done: &[Option<Attribution>]) -> Option<Found> {
    let s = cx.quotes[qi].sentence;
    let (a0, a1) = after_region(cx, qi);
    let (b0, b1) = before_region(cx, qi);
    let sent = cx.sent(s);
    for (from, to) in [(a0, a1), (b0, b1)] {
        let idx = outside_between(sent, from, to);
        for w in idx.windows(2) {
            if &sent.lower[w[0]] == "according" && &sent.lower[w[1]] == "to" {
                let m = mention_from(cx, sent, w[1] + 1, false)?;
                return Some(Found::Mention { mention: m, cue: Some(cue_of(sent, "according to".into(), w[0], w[1])) });
            }
        }
    }
    None
}
