//! `colon_intro`: the previous sentence, or the last of the previous paragraph, ends with
//! `X added:` and the quote follows: the subject of that verb speaks.

use super::Found;
use crate::attribution::context::*;
use crate::model::Attribution;

/// The previous sentence (or the last of the previous paragraph) ends with `X said:`.
pub fn find(cx: &Ctx, qi: usize, _done: &[Option<Attribution>]) -> Option<Found> {
    let (ps, last) = colon_before(cx, qi)?;
    let sent = cx.sent(ps);
    // Without a verb, `And from Governor Lisa Cho:` is a colon credit (`colon_credit`).
    let c = verb_before_colon(cx, sent, last)?;
    let lemma = verb_lemma(cx, sent, c)?;
    let m = subject_of(cx, ps, sent, c)?;
    Some(Found::Mention { mention: m, cue: Some(cue_of(sent, lemma, c, c)) })
}

/// The quote opens its sentence, and the previous sentence (in this paragraph or the one before)
/// ends with a colon: that sentence and the colon's token index.
pub(crate) fn colon_before(cx: &Ctx, qi: usize) -> Option<(usize, usize)> {
    let q = &cx.quotes[qi];
    let s = q.sentence;
    let (b0, b1) = before_region(cx, qi);
    if cx.text[b0..b1].chars().any(char::is_alphanumeric) || s == 0 {
        return None;
    }
    let ps = s - 1;
    if cx.sentences[ps].paragraph + 1 < cx.sentences[s].paragraph {
        return None;
    }
    let sent = cx.sent(ps);
    let last = sent.toks.iter().rposition(|t| !t.of(cx.text).trim().is_empty())?;
    if sent.toks[last].of(cx.text) != ":" {
        return None;
    }
    Some((ps, last))
}

/// The nearest speech verb outside quotes in the ten tokens before the colon at `last`.
pub(crate) fn verb_before_colon(cx: &Ctx, sent: &Sent, last: usize) -> Option<usize> {
    (0..last).rev().take(10).find(|&i| sent.outside[i] && verb_lemma_str(cx, sent, i).is_some())
}
