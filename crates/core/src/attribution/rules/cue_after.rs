//! `cue_after`: the attribution follows the quote in its sentence, with only punctuation between:
//! `"Q," X said` / `"Q," said X` / `"Q," X, the mayor, said` / `"Q," she told reporters`.
//! `"Okoro's lawyer, Grace Owusu, said"`: the possessor does not speak; its apposed name does.

use super::Found;
use crate::attribution::context::*;
use crate::model::{Attribution, Span};
use crate::text::is_possessor;

/// `"Q," X said` / `"Q," said X` / `"Q," X, the mayor, said`.
pub fn find(cx: &Ctx, qi: usize, _done: &[Option<Attribution>]) -> Option<Found> {
    let s = cx.quotes[qi].sentence;
    let (a0, a1) = after_region(cx, qi);
    let sent = cx.sent(s);
    let first = outside_between(sent, a0, a1).find(|&i| sent.toks[i].word)?;
    // Only punctuation may stand between the quote and the attribution.
    let gap = Span::new(a0, sent.toks[first].span.start).of(cx.text);
    if gap.chars().any(char::is_alphanumeric) {
        return None;
    }
    // `"Q" — X` is a dash credit (`dash_credit`), not a cue.
    if super::dash_credit::is_dash(gap) {
        return None;
    }
    let verb = |j: usize| -> Option<(usize, String)> {
        let mut k = j;
        for _ in 0..3 {
            if let Some(l) = cx.lemma(sent.lower.get(k)?) {
                if k > 0 && &sent.lower[k - 1] == "to" {
                    return None;
                }
                return Some((k, l));
            }
            if !is_adverb(sent, k) {
                return None;
            }
            k += 1;
            if k >= sent.toks.len() {
                return None;
            }
        }
        None
    };
    // `"q," claiming that he …`: a participle right after the quote opens no credit.
    if sent.lower[first].ends_with("ing") && cx.lemma_str(&sent.lower[first]).is_some() {
        return None;
    }
    // "said X"
    if let Some((c, lemma)) = verb(first) {
        let m = speaker_after_cue(cx, sent, c)?;
        return Some(Found::Mention { mention: m, cue: Some(cue_of(sent, lemma, c, c)) });
    }
    // "X said", "X, the mayor, said"
    let mut m = mention_from(cx, sent, first, true)?;
    let mut j = after_apposed(cx, sent, sent.toks[first].span.start, m)?;
    // "Okoro's lawyer, Grace Owusu, said": the possessor does not speak; its apposed name does.
    if is_possessor(cx.text, cx.mentions[m].span) {
        let comma = (j..sent.toks.len().min(j + 5)).find(|&k| sent.toks[k].of(cx.text) == ",")?;
        m = mention_from(cx, sent, comma + 1, false)?;
        j = after_apposed(cx, sent, sent.toks[comma].span.start, m)?;
    }
    j = skip_modifiers(cx, sent, j)?;
    let (c, lemma) = verb(j)?;
    Some(Found::Mention { mention: m, cue: Some(cue_of(sent, lemma, c, c)) })
}
