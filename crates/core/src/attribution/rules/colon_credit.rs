//! `colon_credit`: a speaker and a colon with no speech verb: `Ellis shot back: "Q"` in the quote's
//! sentence, `Mira Kovacs: 'We will not back down.'` (a headline or round-up line, a transcript's
//! speaker label) opening a paragraph, or `And from Governor Lisa Cho:` ending the previous one.

use super::Found;
use super::colon_intro::{colon_before, verb_before_colon};
use crate::attribution::context::*;
use crate::model::{Attribution, MentionType};

/// `Ellis shot back: "Q"` (same sentence) or `And from Governor Lisa Cho:` ending the previous
/// sentence with no speech verb.
pub fn find(cx: &Ctx, qi: usize, _done: &[Option<Attribution>]) -> Option<Found> {
    same_sentence(cx, qi).or_else(|| previous_sentence(cx, qi))
}

/// `Ellis shot back: "Q"`, `..., the French president was blunt: "Q"`: a speaker, one to three
/// lower-case words, a colon, the quote.
fn same_sentence(cx: &Ctx, qi: usize) -> Option<Found> {
    let s = cx.quotes[qi].sentence;
    let (b0, b1) = before_region(cx, qi);
    let sent = cx.sent(s);
    // The last token outside quotes must be a colon: test it before listing the tokens.
    if sent.toks[outside_between(sent, b0, b1).next_back()?].of(cx.text) != ":" {
        return None;
    }
    let idx: Vec<usize> = outside_between(sent, b0, b1).collect();
    let (&last, rest) = idx.split_last()?;
    // `Mira Kovacs: 'Q'`: the name alone opens the paragraph (or follows a dash) before the colon.
    if let Some(m) = cx.mention_ending(sent.toks[last].span.start) {
        let para_start = s == 0 || cx.sentences[s - 1].paragraph != cx.sentences[s].paragraph;
        let lead = &cx.text[cx.sentences[s].span.start..cx.mentions[m].span.start];
        let alone = lead.trim().is_empty() || lead.trim_end().ends_with(['—', '–', '―', '-']);
        if para_start && alone && cx.mentions[m].kind == MentionType::Name {
            return Some(Found::Mention { mention: m, cue: None });
        }
    }
    for n in 1..=3.min(rest.len()) {
        let w = rest[rest.len() - n];
        if !(sent.toks[w].word && sent.toks[w].of(cx.text).starts_with(char::is_lowercase)) {
            return None;
        }
        let before = rest.len().checked_sub(n + 1).map(|i| rest[i])?;
        if let Some(m) = cx.mention_ending(sent.toks[before].span.end) {
            return Some(Found::Mention { mention: m, cue: None });
        }
    }
    None
}

/// `And from Governor Lisa Cho:` — the previous sentence ends with a colon and no speech verb:
/// the last person or body named before the colon.
fn previous_sentence(cx: &Ctx, qi: usize) -> Option<Found> {
    let (ps, last) = colon_before(cx, qi)?;
    if verb_before_colon(cx, cx.sent(ps), last).is_some() {
        return None;
    }
    let m = cx.mentions_in(ps).filter(|&i| cx.mentions[i].kind != MentionType::Pronoun).last()?;
    Some(Found::Mention { mention: m, cue: None })
}
