//! `sentence_propagation` (a pass after every quote has had its turn): a quote still without a
//! speaker takes the speaker of the other quotes of its sentence that a cue attributed, when they
//! all agree and no second reporting clause stands between: `Mayor Ana Ruiz called the plan
//! "reckless" and "a waste of money."` → both Ana Ruiz. Never across `X called it "a," while Y
//! called it "b."` (CoreNLP's `oneSpeakerSentence`).
//!
//! The cued speaker's clause must govern the other quote:
//! - every reporting clause of the sentence whose subject is known names that speaker (`X
//!   "bristled" and said "Q," the Herald reported` has two: no propagation);
//! - the other quote has no reporting verb of its own before it, back to the previous quote or
//!   the sentence start, unless its subject is that speaker (`what the Times called a "rough
//!   week," Ruiz said` leaves "rough week" to the Times, unresolved).

use crate::attribution::confidence;
use crate::attribution::context::*;
use crate::model::{Attribution, Layout, Rule};

/// Rules whose attribution rests on a cue in the quote's own sentence.
const CUE_RULES: [Rule; 8] = [
    Rule::QuotedAsSaying,
    Rule::Split,
    Rule::CueAfter,
    Rule::AccordingTo,
    Rule::CueBefore,
    Rule::SentenceFinalCredit,
    Rule::EmbeddedSubject,
    Rule::ColonCredit,
];

/// A sentence's quotes of one sort (rarely more than four): no allocation.
type Quotes = tinyvec::TinyVec<[usize; 4]>;

/// Fills the unattributed quotes of sentences whose cue-attributed quotes agree on a speaker.
pub fn propagate(cx: &Ctx, layout: &Layout, out: &mut [Option<Attribution>]) {
    let mut first = 0;
    while first < cx.quotes.len() {
        let s = cx.quotes[first].sentence;
        let end = first + cx.quotes[first..].iter().take_while(|q| q.sentence == s).count();
        fill_sentence(cx, layout, first..end, out);
        first = end;
    }
}

fn fill_sentence(cx: &Ctx, layout: &Layout, group: std::ops::Range<usize>, out: &mut [Option<Attribution>]) {
    let cued: Quotes =
        group.clone().filter(|&i| out[i].as_ref().is_some_and(|a| CUE_RULES.contains(&a.rule))).collect();
    let Some(&a) = cued.first() else { return };
    if cx.sent(cx.quotes[a].sentence).toks.len() > LONG_SENTENCE {
        return;
    }
    let entity = out[a].as_ref().map(|x| x.entity);
    if cued.iter().any(|&i| out[i].as_ref().map(|x| x.entity) != entity) {
        return;
    }
    let s = cx.quotes[a].sentence;
    let sent = cx.sent(s);
    let span = cx.sentences[s].span;
    // The subject of a reporting verb at token `i` is someone else (Some(true)), or unknown (None).
    let subject_other = |i: usize| subject_of(cx, s, sent, i).map(|m| cx.mentions[m].entity != entity);
    // One speaker per sentence: no reporting clause names anyone else.
    if cues_between(sent, span.start, span.end).any(|i| subject_other(i) == Some(true)) {
        return;
    }
    let open: Quotes =
        group.filter(|&i| out[i].is_none() && !layout.boilerplate.contains(&cx.quotes[i].paragraph)).collect();
    for qi in open {
        // The nearest cue-attributed quote lends its speaker, unless the quote has a reporting
        // verb of its own before it whose subject is not that speaker (or is unknown).
        let &src = cued.iter().min_by_key(|&&i| i.abs_diff(qi)).expect("not empty");
        let (b0, b1) = before_region(cx, qi);
        if cues_between(sent, b0, b1).any(|i| subject_other(i) != Some(false)) {
            continue;
        }
        let earlier = out[src].clone().expect("cue-attributed");
        let kind = cx.mentions[earlier.mention].kind;
        out[qi] = Some(Attribution {
            rule: Rule::SentencePropagation,
            confidence: confidence(Rule::SentencePropagation, Some(kind)),
            ..earlier
        });
    }
}
