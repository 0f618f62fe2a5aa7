//! `sentence_propagation` (a pass after every quote has had its turn): a quote still without a
//! speaker takes the speaker of the other quotes of its sentence that a cue attributed, when they
//! all agree and no second reporting clause stands between: `Mayor Ana Ruiz called the plan
//! "reckless" and "a waste of money."` → both Ana Ruiz. Never across `X called it "a," while Y
//! called it "b."` (CoreNLP's `oneSpeakerSentence`).

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
    let cued: Vec<usize> =
        group.clone().filter(|&i| out[i].as_ref().is_some_and(|a| CUE_RULES.contains(&a.rule))).collect();
    let Some(&a) = cued.first() else { return };
    if cx.sent(cx.quotes[a].sentence).toks.len() > LONG_SENTENCE {
        return;
    }
    let entity = out[a].as_ref().map(|x| x.entity);
    if cued.iter().any(|&i| out[i].as_ref().map(|x| x.entity) != entity) {
        return;
    }
    let open: Vec<usize> =
        group.filter(|&i| out[i].is_none() && !layout.boilerplate.contains(&cx.quotes[i].paragraph)).collect();
    for qi in open {
        // The nearest cue-attributed quote, and no reporting clause of another speaker between.
        let &src = cued.iter().min_by_key(|&&i| i.abs_diff(qi)).expect("not empty");
        let (lo, hi) = (qi.min(src), qi.max(src));
        let from = region(&cx.quotes[lo]).end;
        let to = cx.quotes[hi].open.start;
        let sent = cx.sent(cx.quotes[qi].sentence);
        let other = outside_between(sent, from, to).into_iter().any(|i| {
            is_cue(cx, sent, i)
                && subject_of(cx, cx.quotes[qi].sentence, sent, i).is_some_and(|m| cx.mentions[m].entity != entity)
        });
        if other {
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
