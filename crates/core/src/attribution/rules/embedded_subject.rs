//! `embedded_subject`: a quote inside reported speech takes the subject of the sentence's
//! reporting clause, however far its verb stands from the quote:
//! `Governor Lena Park said during a long radio interview on Tuesday morning that the county
//! budget was "dead on arrival."` The reporting verb is the sentence's first speech verb before
//! the quote; failing one, any verb right after the sentence's subject governs
//! (`Senator Mira Kovacs bemoaned the "endless paperwork"`, `X issued a statement calling it
//! "…"`): reporting verbs are many more than speech verbs. Then the attribution has no cue.
//!
//! It refuses when the quote may be someone else's: a second reporting clause with another
//! subject between the subject and the quote (`X said Y told him "…"`), or a possessive naming
//! who said it (`X attacked Y's claim that "…"`).

use super::Found;
use crate::attribution::context::*;
use crate::model::{Attribution, MentionType};
use crate::text::is_possessor;

/// The reporting clause's subject, for a quote with words before it in its sentence.
pub fn find(cx: &Ctx, qi: usize, _done: &[Option<Attribution>]) -> Option<Found> {
    let q = &cx.quotes[qi];
    let s = q.sentence;
    let sent = short_sentence(cx, qi)?;
    let idx = outside_between(sent, cx.sentences[s].span.start, q.open.start);
    if !idx.clone().any(|i| sent.toks[i].word) {
        return None;
    }
    let cues = cues_between(sent, cx.sentences[s].span.start, q.open.start);
    let first_cue = cues.clone().next();
    // `X issued a statement calling it "…"`: a participle with no subject of its own is governed
    // by the clause's own verb.
    let participle = first_cue.is_some_and(|c| {
        sent.lower[c].ends_with("ing") && subject_of(cx, s, sent, c).and_then(|m| cx.mentions[m].entity).is_none()
    });
    let (m, from, cue) = match first_cue.filter(|_| !participle) {
        Some(c) => {
            let m = subject_of(cx, s, sent, c)?;
            let lemma = verb_lemma(cx, sent, c)?;
            (m, c, Some(cue_of(sent, lemma, c, c)))
        }
        None => {
            let end = idx.clone().next_back()? + 1;
            let m = sentence_subject(cx, s, sent, end)?;
            let v = verb_after_subject(cx, sent, m, end)?;
            // Without a speech verb, any other clause before the quote (`X sent it after Y
            // published "…"`) may govern it: another subject followed by its verb.
            let v_at = sent.toks[v].span.end;
            let e = cx.mentions[m].entity;
            let clause = cx
                .mentions_in(s)
                .filter(|&o| cx.mentions[o].span.start >= v_at && cx.mentions[o].span.end <= q.open.start)
                .any(|o| {
                    cx.mentions[o].entity != e
                        && cx.mentions[o].kind != MentionType::Nominal
                        && verb_after_subject(cx, sent, o, end).is_some()
                });
            if clause {
                return None;
            }
            (m, v, None)
        }
    };
    let subject = &cx.mentions[m];
    let entity = subject.entity?;
    if subject.kind == MentionType::Pronoun && subject.head.as_deref() == Some("it") {
        return None;
    }
    // Another reporting clause, or a possessive owner of the words, between verb and quote.
    for i in cues.filter(|&i| i > from) {
        if subject_of(cx, s, sent, i).is_some_and(|o| cx.mentions[o].entity != Some(entity)) {
            return None;
        }
    }
    let from_at = sent.toks[from].span.end;
    let owner = cx
        .mentions_in(s)
        .filter(|&o| cx.mentions[o].span.start >= from_at && cx.mentions[o].span.end <= q.open.start)
        .any(|o| {
            cx.mentions[o].entity != Some(entity) && is_possessor(cx.text, cx.mentions[o].span) && {
                let t = token_from(sent, cx.mentions[o].span.end).unwrap_or(sent.toks.len());
                (t..(t + 4).min(sent.toks.len())).any(|k| cx.lex.speech_nouns.contains(&sent.lower[k]))
            }
        });
    if owner {
        return None;
    }
    Some(Found::Mention { mention: m, cue })
}

/// The verb right after a subject mention (over an apposition, a parenthesis and adverbs): a
/// lower-case word that is no function word nor a participle. Its token index, before `end`.
fn verb_after_subject(cx: &Ctx, sent: &Sent, m: usize, end: usize) -> Option<usize> {
    let mention = &cx.mentions[m];
    let j = token_from(sent, mention.span.end)?;
    // `X, the mayor, …`: skip an apposition closed by a comma within a few words.
    let tok = |k: usize| sent.toks[k].of(cx.text);
    let mut j = if tok(j) == "," { (j + 1..end.min(j + 12)).find(|&k| tok(k) == ",")? + 1 } else { j };
    if j < end && tok(j) == "(" {
        j = (j + 1..end.min(j + 12)).find(|&k| tok(k) == ")")? + 1;
    }
    while j < end && is_adverb(sent, j) {
        j += 1;
    }
    let w = sent.toks.get(j).filter(|_| j < end)?;
    let lower = &sent.lower[j];
    let verb_like = w.word
        && sent.outside[j]
        && w.of(cx.text).starts_with(char::is_lowercase)
        && !cx.lex.function_words.contains(&lower)
        && !lower.ends_with("ing");
    verb_like.then_some(j)
}
