//! `split`: `"A," X said, "B."`: the second part B takes the speaker of A when A's cue stands
//! between them.

use super::Found;
use crate::attribution::context::*;
use crate::model::{Attribution, Span};

/// `"A," X said, "B."`: B gets A's speaker when a cue stands between them.
pub fn find(cx: &Ctx, qi: usize, done: &[Option<Attribution>]) -> Option<Found> {
    let q = &cx.quotes[qi];
    let p = qi.checked_sub(1)?;
    if cx.quotes[p].sentence != q.sentence {
        return None;
    }
    let a = done[p].as_ref()?;
    let cue = a.cue.as_ref()?;
    let between = Span::new(region(&cx.quotes[p]).end, q.open.start);
    if !between.contains(cue.span) {
        return None;
    }
    Some(Found::Mention { mention: a.mention, cue: Some(cue.clone()) })
}
