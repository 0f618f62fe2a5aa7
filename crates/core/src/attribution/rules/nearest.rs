//! `nearest`: the last resort, after every other rule, and a narrow one. A quote that stands as
//! its own sentence, with no credit of its own, takes the subject of a reporting clause of the
//! sentence just before it (`Minister Ida Brun said the talks had stalled.⏎⏎"We will not sign."`),
//! when no other person is named between that subject and the quote.
//!
//! It never guesses:
//! - not when the quote's own sentence carries a credit after it (a speech verb, `according
//!   to`, a dash): a credit the earlier rules could not resolve means no speaker, not a guess;
//! - not when the previous sentence only mentions people without a reporting clause;
//! - not past another person named in between (`X said … , breaking with Y.⏎"Q"`);
//! - not when a person or body is named after the quote in its own sentence (`"Q," opined the
//!   Herald.`, with a verb the lexicon lacks): that name credits the quote;
//! - not for a coordinated subject (`X and Y wrote`): two people, no single speaker;
//! - not when the previous sentence credits its own quote (`"P," X, the agency, wrote.`) and the
//!   subject found is not the first person or body named after that quote: an apposition or a
//!   relative clause (`X, 30, of Springfield, Ill., who …, said`) hid the real subject.

use crate::attribution::confidence;
use crate::attribution::context::*;
use crate::model::{Attribution, Layout, MentionType, QuoteKind, Rule, SpeakerType};

/// Gives each quote still without a speaker (outside boilerplate) the reporting subject of the
/// previous sentence, when the narrow pattern of the module doc holds.
pub fn fill(cx: &Ctx, layout: &Layout, out: &mut [Option<Attribution>]) {
    for (qi, (q, at)) in cx.quotes.iter().zip(out.iter_mut()).enumerate() {
        if at.is_none() && !layout.is_boilerplate(q.paragraph) {
            *at = find(cx, qi);
        }
    }
}

fn find(cx: &Ctx, qi: usize) -> Option<Attribution> {
    let q = &cx.quotes[qi];
    if q.kind != QuoteKind::Full || q.span.of(cx.text).split_whitespace().count() < 4 {
        return None;
    }
    // Only a quote standing as its own sentence: one embedded after other words (`The banner
    // read "..."`) has a governor we did not recognise as speech.
    let (b0, b1) = before_region(cx, qi);
    if cx.text[b0..b1].chars().any(char::is_alphanumeric) || q.sentence == 0 {
        return None;
    }
    if has_own_credit(cx, qi) {
        return None;
    }
    let ps = q.sentence - 1;
    if cx.sentences[ps].paragraph + 1 < q.paragraph {
        return None;
    }
    let (m, cue) = reporting_subject(cx, ps)?;
    let entity = cx.mentions[m].entity?;
    if !matches!(cx.entities[entity].kind, SpeakerType::Person | SpeakerType::Organization) {
        return None;
    }
    // No other person or body named (or pronoun resolved to one) between the subject and the
    // quote, outside quotes. Role nouns (`the talks`, `the director`) do not count.
    let between = cx.mentions.partition_point(|x| x.span.start < cx.mentions[m].span.end);
    let other = cx.mentions[between..].iter().take_while(|x| x.span.start < q.open.start).any(|x| {
        !x.in_quote
            && x.kind != MentionType::Nominal
            && x.entity.is_some_and(|e| {
                e != entity && matches!(cx.entities[e].kind, SpeakerType::Person | SpeakerType::Organization)
            })
    });
    if other {
        return None;
    }
    Some(Attribution {
        entity,
        mention: m,
        cue: Some(cue),
        rule: Rule::Nearest,
        confidence: confidence(Rule::Nearest, Some(cx.mentions[m].kind)),
    })
}

/// The quote's sentence, after the quote, credits someone: a speech verb, `according to` or a
/// dash outside quotes.
fn has_own_credit(cx: &Ctx, qi: usize) -> bool {
    let q = &cx.quotes[qi];
    let sent = cx.sent(q.sentence);
    let (a0, _) = after_region(cx, qi);
    let end = cx.sentences[q.sentence].span.end;
    let mut idx = outside_between(sent, a0, end);
    let dash = idx.clone().next().is_some_and(|i| super::dash_credit::is_dash(sent.toks[i].of(cx.text)));
    let named = |i: usize| cx.mention_starting(sent.toks[i].span.start).is_some_and(|m| is_speaker(cx, m));
    dash || idx.any(|i| {
        verb_lemma_str(cx, sent, i).is_some()
            || (&sent.lower[i] == "according" && sent.lower.get(i + 1) == Some("to"))
            || named(i)
    })
}

/// A mention whose entity is a person or a body (one that can speak).
fn is_speaker(cx: &Ctx, m: usize) -> bool {
    cx.mentions[m]
        .entity
        .is_some_and(|e| matches!(cx.entities[e].kind, SpeakerType::Person | SpeakerType::Organization))
}

/// The first reporting clause of sentence `s` with a subject (a speech verb outside quotes): its
/// subject mention and the cue.
fn reporting_subject(cx: &Ctx, s: usize) -> Option<(usize, crate::model::Cue)> {
    let sent = cx.sent(s);
    let (c, lemma, m) = (0..sent.toks.len()).filter(|&c| sent.outside[c]).find_map(|c| {
        let lemma = verb_lemma(cx, sent, c)?;
        if c > 0 && &sent.lower[c - 1] == "to" {
            return None;
        }
        Some((c, lemma, subject_of(cx, s, sent, c)?))
    })?;
    // `X and Y wrote`: a coordinated subject names two speakers.
    let coordinated =
        token_before(sent, cx.mentions[m].span.start).is_some_and(|t| matches!(&sent.lower[t], "and" | "or" | "&"));
    if coordinated {
        return None;
    }
    // `"P," X, the agency, wrote`: the subject of a credit is the first speaker named after the
    // quote it credits; another found past that name is a misreading.
    let verb_at = sent.toks[c].span.start;
    let lo = cx.quotes.partition_point(|q| q.sentence < s);
    let own = cx.quotes[lo..].iter().take_while(|q| q.sentence == s);
    if let Some(q) = own.filter(|q| region(q).end <= verb_at).last() {
        let after = region(q).end;
        let first = cx.mentions_in(s).find(|&i| cx.mentions[i].span.start >= after && is_speaker(cx, i));
        if first.map(|i| cx.mentions[i].entity) != Some(cx.mentions[m].entity) {
            return None;
        }
    }
    Some((m, cue_of(sent, lemma, c, c)))
}
