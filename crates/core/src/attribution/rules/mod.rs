//! The attribution rules, one unit each: its pattern in the module doc, its code, and its invented
//! cases in `crates/core/tests/fixtures/rules/<rule>.txt` (checked, and snapshotted, by
//! `crates/core/tests/fixtures.rs`).
//!
//! Each quote tries the rules of [`ORDER`] in turn; the first that finds something decides: a
//! mention (followed to its entity, or nobody when it cannot be resolved) or an earlier quote's
//! speaker. Quotes are taken in text order, so a rule sees the speakers of the quotes before.
//! Then two passes over the whole article: [`paragraph_continuation::propagate`] links the parts
//! of multi-paragraph quotes, and [`nearest::fill`] is the last resort.

pub mod according_to;
pub mod colon_credit;
pub mod colon_intro;
pub mod continuation;
pub mod cue_after;
pub mod cue_before;
pub mod dash_credit;
pub mod embedded_subject;
pub mod nearest;
pub mod paragraph_continuation;
pub mod quoted_as_saying;
pub mod sentence_final_credit;
pub mod sentence_propagation;
pub mod split;

use super::context::Ctx;
use crate::model::{Attribution, Cue, Rule};

/// What a rule finds for a quote.
#[derive(Debug, Clone, PartialEq)]
pub enum Found {
    /// The speaker's mention (index into the mentions), with the cue if there is one.
    Mention { mention: usize, cue: Option<Cue> },
    /// The speaker, mention and cue of an earlier attributed quote.
    Same(Attribution),
}

/// A rule's pattern: given the article, a quote's index and the attributions so far.
pub type Sieve = fn(&Ctx, usize, &[Option<Attribution>]) -> Option<Found>;

/// The rules each quote tries, in order; the first that finds something decides.
pub const ORDER: [(Rule, Sieve); 12] = [
    (Rule::QuotedAsSaying, quoted_as_saying::find),
    (Rule::Split, split::find),
    (Rule::CueAfter, cue_after::find),
    (Rule::DashCredit, dash_credit::find),
    (Rule::AccordingTo, according_to::find),
    (Rule::SentenceFinalCredit, sentence_final_credit::find),
    (Rule::CueBefore, cue_before::find),
    (Rule::ParagraphContinuation, paragraph_continuation::find),
    (Rule::ColonIntro, colon_intro::find),
    (Rule::ColonCredit, colon_credit::find),
    (Rule::EmbeddedSubject, embedded_subject::find),
    (Rule::Continuation, continuation::find),
];
