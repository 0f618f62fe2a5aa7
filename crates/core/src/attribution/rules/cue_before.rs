//! `cue_before`: the attribution precedes the quote in its sentence: `X said: "Q"` / `X said that
//! "q"` / `X, while ..., warned: "Q"` / `X stated ... and said: "Q"`. The nearest speech verb with a
//! subject wins; only a short phrase may stand between it and the quote. Earlier quotes of the
//! sentence do not hide a cue before them (`X called the plan "reckless" and "a waste"`): only
//! the words outside quotes count.

use super::Found;
use crate::attribution::context::*;
use crate::model::Attribution;

/// `X said: "Q"`, `X said that "q"`, `X, while ..., emphasized: "Q"`.
pub fn find(cx: &Ctx, qi: usize, _done: &[Option<Attribution>]) -> Option<Found> {
    let s = cx.quotes[qi].sentence;
    let sent = cx.sent(s);
    let idx = outside_between(sent, cx.sentences[s].span.start, cx.quotes[qi].open.start);
    // Nearest cue first; a cue must govern the quote, so only a short phrase may follow it.
    for (n, &c) in idx.iter().enumerate().rev() {
        if idx.len() - n > 12 {
            break;
        }
        let Some(lemma) = verb_lemma(cx, sent, c) else { continue };
        if let Some(m) = subject_of(cx, s, sent, c) {
            return Some(Found::Mention { mention: m, cue: Some(cue_of(sent, lemma, c, c)) });
        }
    }
    None
}
