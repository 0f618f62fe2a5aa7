//! `nearest`: the last resort, after every other rule: a full quote of four words or more that
//! stands as its own sentence takes the nearest person mentioned before it in its paragraph or the
//! previous one. Low confidence.

use crate::attribution::confidence;
use crate::attribution::context::*;
use crate::model::{Attribution, Layout, Rule, SpeakerType};

/// Gives each quote still without a speaker (outside boilerplate) the nearest preceding person.
pub fn fill(cx: &Ctx, layout: &Layout, out: &mut [Option<Attribution>]) {
    for (qi, (q, at)) in cx.quotes.iter().zip(out.iter_mut()).enumerate() {
        if at.is_none() && !layout.is_boilerplate(q.paragraph) {
            *at = find(cx, qi);
        }
    }
}

/// Fallback: the nearest preceding person mentioned in this paragraph or the previous one.
fn find(cx: &Ctx, qi: usize) -> Option<Attribution> {
    let q = &cx.quotes[qi];
    if q.kind != crate::model::QuoteKind::Full || q.span.of(cx.text).split_whitespace().count() < 4 {
        return None;
    }
    // Only a quote standing as its own sentence: one embedded after other words (`The banner
    // read "..."`) has a governor we did not recognise as speech.
    let (b0, b1) = before_region(cx, qi);
    if cx.text[b0..b1].chars().any(char::is_alphanumeric) {
        return None;
    }
    let para = q.paragraph;
    let before = cx.mentions.partition_point(|m| m.span.end <= q.open.start);
    let m = cx.mentions[..before]
        .iter()
        .enumerate()
        .rev()
        .filter(|(_, m)| !m.in_quote)
        .take_while(|(_, m)| cx.sentences[m.sentence].paragraph + 1 >= para)
        .find(|(_, m)| m.entity.is_some_and(|e| cx.entities[e].kind == SpeakerType::Person))?;
    let entity = m.1.entity?;
    Some(Attribution {
        entity,
        mention: m.0,
        cue: None,
        rule: Rule::Nearest,
        confidence: confidence(Rule::Nearest, None),
    })
}
