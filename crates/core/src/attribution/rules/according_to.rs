//! `according_to`: `"Q," according to X` / `According to X, "Q"`. Not `according to X records`
//! or `according to an X poll`: a name that modifies a noun is not the source.

use std::sync::LazyLock;

use memchr::memmem::Finder;

use super::Found;
use crate::attribution::context::*;
use crate::model::Attribution;

/// `"Q," according to X` / `According to X, "Q"`.
pub fn find(cx: &Ctx, qi: usize, _done: &[Option<Attribution>]) -> Option<Found> {
    let s = cx.quotes[qi].sentence;
    let (a0, a1) = after_region(cx, qi);
    let (b0, b1) = before_region(cx, qi);
    let sent = cx.sent(s);
    // Most sentences have no `according` at all: one search of the sentence's forms tells.
    static WORD: LazyLock<Finder> = LazyLock::new(|| Finder::new("according"));
    WORD.find(sent.lower.joined().as_bytes())?;
    for (from, to) in [(a0, a1), (b0, b1)] {
        let Some(idx) = outside_between_with(sent, from, to, "according") else { continue };
        for w in idx.windows(2) {
            if &sent.lower[w[0]] == "according" && &sent.lower[w[1]] == "to" {
                // Only words that describe a speaker between `to` and the name: `according to its
                // analysis, the party …` names no source.
                let m = mention_from(cx, sent, w[1] + 1, true)?;
                // `according to court records`, `according to an Associated Press poll`: the name
                // modifies a document or a poll, which is the source.
                if modifies_noun(cx, sent, m) {
                    return None;
                }
                return Some(Found::Mention { mention: m, cue: Some(cue_of(sent, "according to".into(), w[0], w[1])) });
            }
        }
    }
    None
}

/// The mention is followed by a lower-case noun it modifies (`F.A.A. records`, `a court document`).
fn modifies_noun(cx: &Ctx, sent: &Sent, m: usize) -> bool {
    let Some(j) = token_from(sent, cx.mentions[m].span.end) else { return false };
    let t = &sent.toks[j];
    t.word
        && t.of(cx.text).starts_with(char::is_lowercase)
        && !cx.lex.function_words.contains(&sent.lower[j])
        && cx.lemma_str(&sent.lower[j]).is_none()
}
