//! `quoted_as_saying`: `Y quoted X as saying "Q"` and `X was quoted as saying "Q"` → X, never Y
//! (the paper that quotes is not the speaker). The phrase lies wholly before or wholly after the
//! quote in its sentence.

use std::sync::LazyLock;

use memchr::memmem::Finder;

use super::Found;
use crate::attribution::context::*;
use crate::model::{Attribution, Span};

/// `Y quoted X as saying` / `X was quoted as saying`, before or after the quote.
pub fn find(cx: &Ctx, qi: usize, _done: &[Option<Attribution>]) -> Option<Found> {
    let s = cx.quotes[qi].sentence;
    let (b0, b1) = before_region(cx, qi);
    let (a0, a1) = after_region(cx, qi);
    let sent = cx.sent(s);
    // Most sentences have no `quoted` at all: one search of the sentence's forms tells.
    static WORD: LazyLock<Finder> = LazyLock::new(|| Finder::new("quoted"));
    WORD.find(sent.lower.joined().as_bytes())?;
    // The phrase lies wholly before or wholly after the quote, never around it (the region
    // after is read only when the one before has no phrase).
    quoted_as_saying_in(cx, sent, b0, b1).or_else(|| quoted_as_saying_in(cx, sent, a0, a1))
}

/// `quoted ... as saying` within the tokens outside quotes between two byte offsets.
fn quoted_as_saying_in(cx: &Ctx, sent: &Sent, from: usize, to: usize) -> Option<Found> {
    let idx = outside_between_with(sent, from, to, "quoted")?;
    for (n, &i) in idx.iter().enumerate() {
        if &sent.lower[i] != "quoted" {
            continue;
        }
        let rest = &idx[n + 1..];
        let as_pos = rest.iter().take(10).position(|&j| &sent.lower[j] == "as")?;
        let saying = *rest.get(as_pos + 1)?;
        if !matches!(&sent.lower[saying], "saying" | "telling") {
            continue;
        }
        let cue = cue_of(sent, "quote".into(), i, saying);
        let between = Span::new(sent.toks[i].span.end, sent.toks[rest[as_pos]].span.start);
        // Y quoted X as saying: X sits between "quoted" and "as".
        if let Some(m) = cx.mentions.iter().position(|m| between.contains(m.span) && !m.in_quote) {
            return Some(Found::Mention { mention: m, cue: Some(cue) });
        }
        // X was quoted as saying: X is the subject before "was".
        let mut k = i;
        while k > 0
            && sent.outside[k - 1]
            && matches!(
                &sent.lower[k - 1],
                "was" | "is" | "were" | "are" | "been" | "has" | "had" | "being" | "also" | "widely"
            )
        {
            k -= 1;
        }
        if k > 0 {
            let end = sent.toks[k - 1].span.end;
            if let Some(m) = cx.mention_ending(end) {
                return Some(Found::Mention { mention: m, cue: Some(cue) });
            }
        }
    }
    None
}
