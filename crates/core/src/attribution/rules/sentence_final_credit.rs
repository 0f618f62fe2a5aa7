//! `sentence_final_credit`: a credit that closes the sentence governs the quotes in it, even with
//! words between a quote and the credit: `The bridge will need "at least two more years of
//! work," and perhaps more money, engineer Pia Holm said.` / `…, said engineer Pia Holm.`
//! Only when the credit's verb is the one speech verb of the sentence outside quotes, and the
//! credit opens after a comma.

use super::Found;
use crate::attribution::context::*;
use crate::model::Attribution;

/// `Subject "q," [words], NAME said.` / `…, said NAME.`: NAME, for a quote with words between
/// it and the credit.
pub fn find(cx: &Ctx, qi: usize, _done: &[Option<Attribution>]) -> Option<Found> {
    let q = &cx.quotes[qi];
    let s = q.sentence;
    let sent = short_sentence(cx, qi)?;
    let span = cx.sentences[s].span;
    let (a0, _) = after_region(cx, qi);
    let mut verbs = cues_between(sent, span.start, span.end);
    let (c, None) = (verbs.next()?, verbs.next()) else { return None };
    if sent.toks[c].span.start < a0 {
        return None;
    }
    // A participle (`, urging …`) opens no credit.
    if sent.lower[c].ends_with("ing") {
        return None;
    }
    let lemma = verb_lemma(cx, sent, c)?;
    let cue = Some(cue_of(sent, lemma.clone(), c, c));
    let tok = |k: usize| sent.toks[k].of(cx.text);
    // Words must stand between the quote and the credit: `"Q," X said` is `cue_after`'s, and
    // when that failed, the credit is not ours to guess.
    let words_between = |to: usize| cx.text[a0..to].chars().any(char::is_alphanumeric);
    // `…, NAME [, the mayor,] said`: a mention after a comma from which the verb is reached.
    let verb_at = sent.toks[c].span.start;
    let reaching = cx
        .mentions_in(s)
        .filter(|&i| cx.mentions[i].span.start >= a0 && cx.mentions[i].span.end <= verb_at)
        .find(|&i| {
            let start = cx.mentions[i].span.start;
            let Some(before) = token_before(sent, start) else { return false };
            if tok(before) != "," || !sent.outside[before] {
                return false;
            }
            let reached =
                after_apposed(cx, sent, sent.toks[before].span.start, i).and_then(|j| skip_modifiers(cx, sent, j));
            reached.is_some_and(|mut j| {
                while j < c && is_adverb(sent, j) {
                    j += 1;
                }
                j == c
            })
        });
    if let Some(m) = reaching {
        if !words_between(cx.mentions[m].span.start) {
            return None;
        }
        return Some(Found::Mention { mention: m, cue });
    }
    // `…, said NAME`: the verb right after a comma that closes no speaker phrase; never `told`
    // (its object is the listener).
    if c > 0 && tok(c - 1) == "," && lemma != "tell" && words_between(sent.toks[c].span.start) {
        // `, Joe Kasper, told`: the comma closes an apposed speaker phrase.
        let closes_mention = c > 1
            && cx.mention_ending(sent.toks[c - 2].span.end).is_some_and(|n| {
                let start = cx.mentions[n].span.start;
                token_before(sent, start).is_some_and(|b| tok(b) == ",")
            });
        if !closes_mention {
            let m = speaker_after_cue(cx, sent, c)?;
            return Some(Found::Mention { mention: apposed_name(cx, sent, m).unwrap_or(m), cue });
        }
    }
    None
}
