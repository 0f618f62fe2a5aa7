//! Quotes, speaker mentions and cues as properly nested open/close events over an article's
//! text, for the terminal (`show`) and HTML (`report`) renderers alike.
//!
//! Spans come as char offsets (the tables' `char_*` columns) and are turned into byte offsets
//! once. A span that is out of range or reversed is dropped, never a panic. Spans may overlap
//! in any way: at every boundary the set of covering spans is recomputed, ordered quote ⊃
//! mention ⊃ cue, and only the part of the open stack that changes is closed and reopened, so a
//! crossing span is split into pieces, each properly nested. Linear in the text plus
//! `spans × log(spans)`.

use std::collections::BTreeSet;
use std::ops::Range;

use crate::lookup::Article;

/// What a span marks, outermost first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Quote,
    Mention,
    Cue,
}

/// A marked byte range of the text; `item` indexes the article's quotes (for quotes and cues)
/// or mentions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
    pub item: usize,
}

/// One step of the rendering.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    Open(Span),
    Close(Span),
    /// Text between boundaries (never empty).
    Text(Range<usize>),
}

/// Char offset → byte offset of a text, for every char boundary including the end.
pub struct Chars(Vec<usize>);

impl Chars {
    pub fn new(text: &str) -> Self {
        Chars(text.char_indices().map(|(b, _)| b).chain([text.len()]).collect())
    }

    /// The byte range of a char range, if it lies within the text and is not reversed.
    pub fn bytes(&self, (start, end): (i64, i64)) -> Option<Range<usize>> {
        let s = usize::try_from(start).ok()?;
        let e = usize::try_from(end).ok()?;
        (s <= e).then_some(())?;
        Some(*self.0.get(s)?..*self.0.get(e)?)
    }
}

/// Every span of an article: its quotes, its speaker mentions (the `mentions` table), and the
/// quotes' cues. A quote's own mention is among the article's mentions and is not repeated.
pub fn spans(article: &Article) -> Vec<Span> {
    let chars = Chars::new(&article.text);
    let mut out = Vec::new();
    let mut push = |kind, range: Option<Range<usize>>, item| {
        if let Some(r) = range {
            out.push(Span { kind, start: r.start, end: r.end, item });
        }
    };
    // Quotes that continue an earlier one share its cue: mark each cue once.
    let mut cues = BTreeSet::new();
    for (i, q) in article.quotes.iter().enumerate() {
        push(Kind::Quote, chars.bytes((q.char_start, q.char_end)), i);
        if let Some(c) = q.cue_chars.filter(|c| cues.insert(*c)) {
            push(Kind::Cue, chars.bytes(c), i);
        }
    }
    for (i, m) in article.mentions.iter().enumerate() {
        push(Kind::Mention, chars.bytes((m.char_start, m.char_end)), i);
    }
    out
}

/// The order in which covering spans nest: kind, start, longer first, item.
type NestKey = (Kind, usize, std::cmp::Reverse<usize>, usize);

/// The events that render `text` with `spans` marked. Empty spans open and close at their
/// position; text is cut only at span boundaries.
pub fn events(text: &str, spans: &[Span]) -> Vec<Event> {
    let mut cuts: BTreeSet<usize> = BTreeSet::from([0, text.len()]);
    for s in spans {
        cuts.insert(s.start);
        cuts.insert(s.end);
    }
    let mut by_start: Vec<&Span> = spans.iter().filter(|s| s.start < s.end).collect();
    by_start.sort_by_key(|s| s.start);
    let mut empty: Vec<&Span> = spans.iter().filter(|s| s.start == s.end).collect();
    empty.sort();
    let (mut next, mut next_empty) = (0, 0);
    // Covering spans, ordered for nesting: kind, then start, then longer first.
    let order = |s: &Span| (s.kind, s.start, std::cmp::Reverse(s.end), s.item);
    let mut active: BTreeSet<(NestKey, Span)> = BTreeSet::new();
    let mut open: Vec<Span> = Vec::new();
    let mut out = Vec::new();
    let cuts: Vec<usize> = cuts.into_iter().collect();
    for (k, &at) in cuts.iter().enumerate() {
        active.retain(|(_, s)| s.end > at);
        while next < by_start.len() && by_start[next].start == at {
            let s = *by_start[next];
            active.insert((order(&s), s));
            next += 1;
        }
        let wanted: Vec<Span> = active.iter().map(|(_, s)| *s).collect();
        let keep = open.iter().zip(&wanted).take_while(|(a, b)| a == b).count();
        while open.len() > keep {
            out.push(Event::Close(open.pop().expect("longer than keep")));
        }
        while next_empty < empty.len() && empty[next_empty].start == at {
            out.push(Event::Open(*empty[next_empty]));
            out.push(Event::Close(*empty[next_empty]));
            next_empty += 1;
        }
        for s in &wanted[keep..] {
            out.push(Event::Open(*s));
            open.push(*s);
        }
        if let Some(&end) = cuts.get(k + 1) {
            out.push(Event::Text(at..end));
        }
    }
    while let Some(s) = open.pop() {
        out.push(Event::Close(s));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(text: &str, spans: &[Span]) -> String {
        let mut s = String::new();
        for e in events(text, spans) {
            match e {
                Event::Open(sp) => s.push_str(["[", "<", "{"][sp.kind as usize]),
                Event::Close(sp) => s.push_str(["]", ">", "}"][sp.kind as usize]),
                Event::Text(r) => s.push_str(&text[r]),
            }
        }
        s
    }

    fn span(kind: Kind, start: usize, end: usize) -> Span {
        Span { kind, start, end, item: 0 }
    }

    #[test]
    fn nested_spans_open_and_close_once() {
        let text = "abcdefghij";
        let spans = [span(Kind::Quote, 1, 8), span(Kind::Mention, 2, 4), span(Kind::Cue, 9, 10)];
        assert_eq!(render(text, &spans), "a[b<cd>efgh]i{j}");
    }

    #[test]
    fn crossing_spans_are_split_into_nested_pieces() {
        let text = "abcdefghij";
        // A mention that starts inside a quote and ends after it.
        let spans = [span(Kind::Quote, 1, 5), span(Kind::Mention, 3, 7)];
        let out = render(text, &spans);
        assert_eq!(out, "a[bc<de>]<fg>hij");
        // The text is kept whole, in order.
        assert_eq!(out.chars().filter(|c| c.is_alphabetic()).collect::<String>(), text);
    }

    #[test]
    fn empty_and_out_of_range_spans_do_not_panic() {
        let text = "héllo";
        let chars = Chars::new(text);
        assert_eq!(chars.bytes((1, 2)), Some(1..3));
        assert_eq!(chars.bytes((3, 99)), None);
        assert_eq!(chars.bytes((-1, 2)), None);
        assert_eq!(chars.bytes((3, 2)), None);
        assert_eq!(render(text, &[span(Kind::Quote, 3, 3)]), "hé[]llo");
        assert_eq!(render("", &[]), "");
    }
}
