//! `paragraph_continuation`: the parts of one quotation that runs over several paragraphs (each
//! paragraph's part is its own quote) share one speaker. A later part takes its earlier part's
//! speaker before any other rule is tried; after every quote has had its turn, an attributed part
//! lends its speaker to the parts before and after it.

use super::Found;
use crate::attribution::confidence;
use crate::attribution::context::Ctx;
use crate::model::{Attribution, Rule};

/// A later part of a multi-paragraph quote whose earlier part is attributed.
pub fn find(cx: &Ctx, qi: usize, done: &[Option<Attribution>]) -> Option<Found> {
    let prev = cx.quotes[qi].continues.and_then(|p| done[p].clone())?;
    Some(Found::Same(prev))
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
            if let Some(p) = cx.quotes[qi].continues {
                match (&out[p], &out[qi]) {
                    (Some(a), None) => out[qi] = Some(linked(a)),
                    (None, Some(a)) => out[p] = Some(linked(a)),
                    _ => {}
                }
            }
        }
    }
}
