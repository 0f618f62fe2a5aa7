//! What every stage reads text with: spans trimmed, quote-mark characters, word counts, photo
//! credits, the tokenizer ([`tokens`]), dates ([`date`]) and byte-to-char offsets
//! ([`char_index`]).

pub mod char_index;
pub mod date;
pub mod tokens;

pub use char_index::CharIndex;

use crate::model::Span;

/// Trims white space (including no-break spaces) off a span.
pub fn trim_span(text: &str, span: Span) -> Span {
    let s = span.of(text);
    let start = span.start + (s.len() - s.trim_start().len());
    let end = span.end - (s.len() - s.trim_end().len());
    Span::new(start, end.max(start))
}

/// The number of words in `s`, counted up to `max` (quotes can be long; the rules only ask
/// whether there are a few).
pub fn word_count(s: &str, max: usize) -> usize {
    // White-space separated runs that hold a letter or digit, each counted at its first one:
    // one pass over the chars, no splitting.
    let mut n = 0;
    let mut counted = false;
    for c in s.chars() {
        if c.is_whitespace() {
            counted = false;
        } else if !counted && c.is_alphanumeric() {
            if n == max {
                break;
            }
            n += 1;
            counted = true;
        }
    }
    n
}

/// Calls `f` with `w.to_lowercase()`, lower-cased on the stack when `w` is short ASCII (most
/// words): no allocation for a word looked up once.
pub fn with_lowercase<R>(w: &str, f: impl FnOnce(&str) -> R) -> R {
    let mut buf = [0u8; 32];
    if w.len() <= buf.len() && w.is_ascii() {
        for (to, b) in buf.iter_mut().zip(w.bytes()) {
            *to = b.to_ascii_lowercase();
        }
        f(std::str::from_utf8(&buf[..w.len()]).unwrap_or_default())
    } else {
        f(&w.to_lowercase())
    }
}

/// Two ascending position streams (memchr searches) merged into one ascending stream.
///
/// Not `itertools::merge`: it calls `next` again on a stream that has ended, and a memchr
/// iterator (which claims to be fused) then searches the whole rest of the text again, which
/// made a 5 MB paragraph take a minute instead of a second. `Peekable` remembers the end.
pub fn merge_sorted(a: impl Iterator<Item = usize>, b: impl Iterator<Item = usize>) -> impl Iterator<Item = usize> {
    let (mut a, mut b) = (a.peekable(), b.peekable());
    std::iter::from_fn(move || match (a.peek(), b.peek()) {
        (Some(&x), Some(&y)) if y < x => b.next(),
        (Some(_), _) => a.next(),
        (None, _) => b.next(),
    })
}

/// `Okoro's lawyer`: the text right after `span` makes it a possessor (`'s`, or `'` after an s).
pub fn is_possessor(text: &str, span: Span) -> bool {
    let rest = &text[span.end..];
    (rest.starts_with("'s") || rest.starts_with("’s"))
        || ((rest.starts_with('\'') || rest.starts_with('’')) && text[..span.end].ends_with('s'))
}

/// The family a quote mark pairs within: a double mark closes a double one, and so on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuoteFamily {
    Double,
    Single,
    Angle,
    AngleSingle,
    Corner,
}

/// Which way a quote mark's glyph points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuoteGlyph {
    /// Direction comes from flanking (straight marks).
    Straight,
    Opening,
    Closing,
    /// Guillemets: glyph direction by default, flanking may reverse it (German »…«).
    Either(bool),
}

/// The family and glyph of a quote mark; `None` for any other character.
pub fn quote_mark(c: char) -> Option<(QuoteFamily, QuoteGlyph)> {
    Some(match c {
        '"' => (QuoteFamily::Double, QuoteGlyph::Straight),
        '“' | '„' | '‟' => (QuoteFamily::Double, QuoteGlyph::Opening),
        '”' => (QuoteFamily::Double, QuoteGlyph::Closing),
        '\'' => (QuoteFamily::Single, QuoteGlyph::Straight),
        '‘' | '‚' | '‛' => (QuoteFamily::Single, QuoteGlyph::Opening),
        '’' => (QuoteFamily::Single, QuoteGlyph::Closing),
        '«' => (QuoteFamily::Angle, QuoteGlyph::Either(true)),
        '»' => (QuoteFamily::Angle, QuoteGlyph::Either(false)),
        '‹' => (QuoteFamily::AngleSingle, QuoteGlyph::Either(true)),
        '›' => (QuoteFamily::AngleSingle, QuoteGlyph::Either(false)),
        '「' | '『' => (QuoteFamily::Corner, QuoteGlyph::Opening),
        '」' | '』' => (QuoteFamily::Corner, QuoteGlyph::Closing),
        _ => return None,
    })
}

/// True for any character treated as a quote mark.
pub fn is_quote_mark(c: char) -> bool {
    quote_mark(c).is_some()
}

/// A photo credit, the inside of a parenthesis that names who took a picture rather than anyone
/// who speaks: `Jane Roe/Associated Press`, `AP Photo/Sam Li`, `Photo: Getty Images`.
pub fn is_credit(inner: &str) -> bool {
    if inner.is_empty() || inner.len() > 80 {
        return false;
    }
    let named = ["photo", "credit", "image", "getty", "file"]
        .iter()
        .any(|w| inner.get(..w.len()).is_some_and(|h| h.eq_ignore_ascii_case(w)));
    // `Jane Roe/Associated Press`: capitalised words on both sides of a slash, two letters or more
    // each (`R/Texas` is a party and a state).
    let slashed = inner.split_once('/').is_some_and(|(a, b)| {
        [a, b].iter().all(|side| {
            side.chars().filter(|c| c.is_alphabetic()).count() >= 2
                && side.split_whitespace().all(|w| w.starts_with(|c: char| c.is_uppercase() || c.is_numeric()))
        })
    });
    named || slashed
}

/// Where a parenthesised photo credit that ends `s` starts (`… at the site. (Jane Roe/Courier)`).
pub fn credit_at_end(s: &str) -> Option<usize> {
    let body = s.strip_suffix(')')?;
    let open = body.rfind('(')?;
    is_credit(&body[open + 1..]).then_some(open)
}

/// Every parenthesised photo credit inside `span` (parentheses included), in text order.
pub fn credits_in(text: &str, span: Span) -> Vec<Span> {
    let s = span.of(text);
    let mut out = Vec::new();
    let bytes = s.as_bytes();
    for open in memchr::memchr_iter(b'(', bytes) {
        // A credit is short: look for its `)` in the next 81 bytes only (linear in the sentence).
        let window = &bytes[open + 1..bytes.len().min(open + 82)];
        let Some(len) = memchr::memchr(b')', window) else { continue };
        if is_credit(&s[open + 1..open + 1 + len]) {
            out.push(Span::new(span.start + open, span.start + open + len + 2));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    #[test]
    fn merge_sorted_interleaves_and_never_asks_an_ended_stream_again() {
        let calls = Cell::new(0);
        let counted = [7, 9].into_iter().inspect(|_| calls.set(calls.get() + 1));
        // A stream that counts every call, including those after its end.
        let ends = std::iter::from_fn(|| {
            calls.set(calls.get() + 1);
            None::<usize>
        });
        let merged: Vec<usize> = merge_sorted([1, 4, 8, 10, 11, 12].into_iter(), counted.chain(ends)).collect();
        assert_eq!(merged, [1, 4, 7, 8, 9, 10, 11, 12]);
        // Two items and one end: each searched once.
        assert_eq!(calls.get(), 3);
    }

    #[test]
    fn word_count_counts_runs_with_a_letter_or_digit() {
        let plain = |s: &str, max: usize| {
            s.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).take(max).count()
        };
        for s in ["", "  ", "a b  c", " -- a, b. \u{a0}é\tç ", "x — y ... 3", "one two three four"] {
            for max in 0..6 {
                assert_eq!(word_count(s, max), plain(s, max), "{s:?} {max}");
            }
        }
    }

    #[test]
    fn with_lowercase_is_to_lowercase() {
        for w in ["", "Said", "ÉLAN", "İstanbul", "A".repeat(40).as_str(), "MR.", "\u{212a}nown"] {
            assert_eq!(with_lowercase(w, str::to_owned), w.to_lowercase(), "{w:?}");
        }
    }

    #[test]
    fn photo_credits() {
        for c in ["Jane Roe/Associated Press", "AP Photo/Sam Li", "Photo: Getty Images", "Getty Images"] {
            assert!(is_credit(c), "{c}");
        }
        for c in ["D-Md.", "R/Texas", "and/or", "who spoke first", ""] {
            assert!(!is_credit(c), "{c}");
        }
        let t = "Ana waves (Jane Roe/Courier) and (D-Md.) then (( (Sam Li/AP)";
        let found: Vec<&str> = credits_in(t, Span::new(0, t.len())).iter().map(|s| s.of(t)).collect();
        assert_eq!(found, ["(Jane Roe/Courier)", "(Sam Li/AP)"]);
        assert_eq!(credit_at_end("At the site. (Jane Roe/Courier)"), Some(13));
        assert_eq!(credit_at_end("He spoke (D-Md.)"), None);
    }
}
