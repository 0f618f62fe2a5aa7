//! Byte offsets to code-point offsets, in O(1) per offset.

/// Maps byte offsets to code-point offsets in O(1): the count of chars before every 8-byte
/// word of the text, and a bit count within the word.
pub struct CharIndex<'a> {
    text: &'a str,
    /// `words[i]` = number of chars in `text[..i * 8]`; empty when the text is ASCII.
    words: Vec<u32>,
}

/// The top bit of each byte of a little-endian word.
const HI: u64 = 0x8080_8080_8080_8080;

/// Number of UTF-8 continuation bytes (`10xxxxxx`) in a little-endian word of text bytes.
#[inline]
fn continuations(w: u64) -> u32 {
    // Bit 7 set and bit 6 (shifted up into bit 7's place) clear, moved down to bit 0 of each
    // byte; one multiply sums the bytes into the top byte. (The default x86-64 target has no
    // `popcnt`, so `count_ones` would take a dozen instructions.)
    let ones = (w & !(w << 1) & HI) >> 7;
    (ones.wrapping_mul(0x0101_0101_0101_0101) >> 56) as u32
}

/// The text bytes from `i`, up to 8, as a little-endian word padded with zeros.
#[inline]
fn word_at(bytes: &[u8], i: usize) -> u64 {
    match bytes.get(i..i + 8) {
        Some(w) => u64::from_le_bytes(w.try_into().expect("8 bytes")),
        None => bytes[i..].iter().rev().fold(0, |w, &b| w << 8 | u64::from(b)),
    }
}

impl<'a> CharIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let words = if text.is_ascii() {
            Vec::new()
        } else {
            let bytes = text.as_bytes();
            let mut words = Vec::with_capacity(bytes.len() / 8 + 2);
            let mut count = 0u32;
            let mut chunks = bytes.chunks_exact(8);
            for chunk in &mut chunks {
                words.push(count);
                count += 8 - continuations(u64::from_le_bytes(chunk.try_into().expect("8 bytes")));
            }
            let rest = chunks.remainder();
            if !rest.is_empty() {
                words.push(count);
                count += rest.len() as u32 - continuations(word_at(rest, 0));
            }
            words.push(count);
            words
        };
        CharIndex { text, words }
    }

    /// Number of chars in the whole text.
    pub fn char_len(&self) -> usize {
        self.char_offset(self.text.len())
    }

    /// Code-point offset of a byte offset that lies on a char boundary.
    #[inline]
    pub fn char_offset(&self, byte: usize) -> usize {
        if self.words.is_empty() {
            return byte;
        }
        let (word, k) = (byte / 8, byte % 8);
        let base = self.words[word] as usize;
        if k == 0 {
            return base;
        }
        // The first k bytes of the word: the bytes after them are masked to zeros.
        let w = word_at(self.text.as_bytes(), word * 8) & (u64::MAX >> (64 - 8 * k));
        base + k - continuations(w) as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_index_matches_naive_count() {
        let text = "a’b “cé” ".repeat(40);
        let idx = CharIndex::new(&text);
        for (b, _) in text.char_indices().chain([(text.len(), ' ')]) {
            assert_eq!(idx.char_offset(b), text[..b].chars().count());
        }
        assert_eq!(idx.char_len(), text.chars().count());
        // Lengths around whole words, and every char width.
        for n in 0..20 {
            for c in ["é", "’", "😀", "a"] {
                let t = format!("{}x{}", c.repeat(n), "b".repeat(n % 3));
                let idx = CharIndex::new(&t);
                for (b, _) in t.char_indices().chain([(t.len(), ' ')]) {
                    assert_eq!(idx.char_offset(b), t[..b].chars().count(), "{t:?} at {b}");
                }
            }
        }
    }

    #[test]
    fn char_index_ascii_is_identity() {
        let idx = CharIndex::new("plain ascii");
        assert_eq!(idx.char_offset(5), 5);
        assert_eq!(idx.char_len(), 11);
    }
}
