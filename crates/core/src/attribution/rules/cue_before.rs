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
    let end = token_from(sent, cx.quotes[qi].open.start).unwrap_or(sent.toks.len());
    // Nearest cue first, over the twelve words outside quotes before the quote (a cue must
    // govern the quote, so only a short phrase may follow it); never more than a long
    // sentence's worth of tokens back.
    let mut seen = 0;
    for c in (end.saturating_sub(LONG_SENTENCE)..end).rev().filter(|&c| sent.outside[c]) {
        seen += 1;
        if seen > 12 {
            break;
        }
        let Some(lemma) = verb_lemma(cx, sent, c) else { continue };
        if let Some(m) = subject_of(cx, s, sent, c) {
            return Some(Found::Mention { mention: m, cue: Some(cue_of(sent, lemma, c, c)) });
        }
    }
    None
}
