//! `paragraph_continuation`: the parts of one quotation that runs over several paragraphs (each
//! paragraph's part is its own quote) share one speaker. A later part takes its earlier part's
//! speaker before any other rule is tried; after every quote has had its turn, an attributed part
//! lends its speaker to the parts before and after it.
//!
//! Two guards, because a stray or unclosed mark can link quotes that are not one quotation:
//! - the parts open with the same mark (`"` and `“` are two quotations: a block quote reopened
//!   with `"` around a curly-quoted remark inside it);
//! - a part with its own credit keeps it: this rule comes after the rules that read a quote's own
//!   sentence (`cue_after`, `cue_before`, …) in [`super::ORDER`].

use super::Found;
use crate::attribution::confidence;
use crate::attribution::context::Ctx;
use crate::model::{Attribution, Rule};

/// A later part of a multi-paragraph quote whose earlier part is attributed.
pub fn find(cx: &Ctx, qi: usize, done: &[Option<Attribution>]) -> Option<Found> {
    let prev = part_before(cx, qi).and_then(|p| done[p].clone())?;
    Some(Found::Same(prev))
}

/// The earlier part of the quotation that quote `qi` continues, when both open with one mark.
fn part_before(cx: &Ctx, qi: usize) -> Option<usize> {
    let q = &cx.quotes[qi];
    q.continues.filter(|&p| cx.quotes[p].open.of(cx.text) == q.open.of(cx.text))
}

/// Links every part of a multi-paragraph quote to an attributed part, in both directions.
pub fn propagate(cx: &Ctx, out: &mut [Option<Attribution>]) {
    let linked = |a: &Attribution| Attribution {
        rule: Rule::ParagraphContinuation,
        confidence: confidence(Rule::ParagraphContinuation, Some(cx.mentions[a.mention].kind)),
        ..a.clone()
    };
    // Twice: a chain of three parts attributed only at its end reaches its start.
    for _ in 0..2 {
        for qi in 0..cx.quotes.len() {
            if let Some(p) = part_before(cx, qi) {
                match (&out[p], &out[qi]) {
                    (Some(a), None) => out[qi] = Some(linked(a)),
                    (None, Some(a)) => out[p] = Some(linked(a)),
                    _ => {}
                }
            }
        }
    }
}
