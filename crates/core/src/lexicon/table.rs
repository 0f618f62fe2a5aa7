//! A read-only hash table for word keys, built once from a lexicon list.
//!
//! Every word token of every article is looked up at least once, so the lookup avoids what a
//! general map costs on short keys: a byte-by-byte hash and a `memcmp` call. A key is read as
//! two machine words (overlapping loads; exact for words up to 16 bytes, which is nearly every
//! word) and compared in two instructions; only longer words compare their bytes. A one-byte tag
//! per slot, in a separate array small enough to stay in the L1 cache, answers most misses (four
//! words in ten are in no list) without touching the slots at all. The tokenizer's class lookup,
//! once per word, instead reads a key's first two slots and selects without a branch on whether
//! the word is listed ([`WordTable::get_key_or_default`]).

/// Map from words to values, with fast exact lookups of short keys (given as a `str` or its bytes).
#[derive(Debug, Clone)]
pub struct WordTable<V> {
    /// Per slot: 0 when empty, else a 7-bit fingerprint of the key's hash with the top bit set.
    tags: Box<[u8]>,
    slots: Box<[Slot]>,
    /// `slots.len() - 1` (the length is a power of two).
    mask: usize,
    /// Words and their values, apart: a hit reads only the (small, dense) values.
    keys: Vec<Box<str>>,
    values: Vec<V>,
    /// Bytes in the longest key.
    longest: usize,
}

impl<V> Default for WordTable<V> {
    fn default() -> Self {
        WordTable::new(std::iter::empty::<(&str, V)>())
    }
}

#[derive(Debug, Clone, Copy)]
struct Slot {
    a: u64,
    b: u64,
    /// The key's length in bytes, and [`Slot::SPILL`].
    len: u32,
    entry: u32,
}

impl Slot {
    /// Set on a slot when a key that starts probing there lies beyond the next slot.
    const SPILL: u32 = 1 << 31;
    /// An empty slot's length is one no key has, so it matches none.
    const EMPTY: Slot = Slot { a: 0, b: 0, len: !Slot::SPILL, entry: 0 };

    #[inline]
    fn holds(&self, key: &Key) -> bool {
        (self.a == key.a) & (self.b == key.b) & ((self.len & !Slot::SPILL) as usize == key.len)
    }
}

/// Keys up to this many bytes are told apart by their two key words alone.
const EXACT: usize = 16;

/// A word as a lookup key: two machine words and the length. A word of up to 16 bytes is its
/// bytes zero-padded into two little-endian words, so the key is exact; a longer word is keyed
/// by its first and last eight bytes, and a match then compares the whole word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    a: u64,
    b: u64,
    len: usize,
}

/// For each length up to 16, the masks of two little-endian words that keep that many bytes
/// (a table: fewer instructions than computing them for every word).
static PREFIX_MASKS: [[u64; 2]; EXACT + 1] = {
    // The low `k` bytes of a word (`k` at most 8).
    const fn low(k: usize) -> u64 {
        if k >= 8 { u64::MAX } else { (1u64 << (8 * k)) - 1 }
    }
    let mut masks = [[0; 2]; EXACT + 1];
    let mut len = 0;
    while len <= EXACT {
        masks[len] = [low(len), low(len.saturating_sub(8))];
        len += 1;
    }
    masks
};

impl Key {
    /// The key of `w`.
    #[inline]
    pub fn new(w: &[u8]) -> Key {
        let n = w.len();
        let u64_at = |i: usize| u64::from_le_bytes(w[i..i + 8].try_into().expect("8 bytes"));
        let u32_at = |i: usize| u64::from(u32::from_le_bytes(w[i..i + 4].try_into().expect("4 bytes")));
        // Overlapping loads, shifted so that the bytes past the word read as zeros.
        let (a, b) = if n >= EXACT {
            (u64_at(0), u64_at(n - 8))
        } else if n >= 8 {
            (u64_at(0), u64_at(n - 8).checked_shr(8 * (16 - n) as u32).unwrap_or(0))
        } else if n >= 4 {
            (u32_at(0) | (u32_at(n - 4) >> (8 * (8 - n))) << 32, 0)
        } else {
            (w.iter().rev().fold(0, |k, &x| k << 8 | u64::from(x)), 0)
        };
        Key { a, b, len: n }
    }

    /// The key of the first `len` (at most 16) bytes of the 16 bytes `window` holds as two
    /// little-endian words; the bytes after them are ignored. This reads a short word from a
    /// longer text without copying it out first.
    #[inline]
    pub fn prefix(window: [u64; 2], len: usize) -> Key {
        assert!(len <= EXACT, "a prefix key holds at most {EXACT} bytes");
        let [ma, mb] = PREFIX_MASKS[len];
        Key { a: window[0] & ma, b: window[1] & mb, len }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    /// The word's bytes zero-padded to 16, for a key of up to 16 bytes (a longer word's key
    /// holds only some of its bytes).
    #[inline]
    pub fn bytes(&self) -> [u8; 16] {
        let mut out = [0; 16];
        out[..8].copy_from_slice(&self.a.to_le_bytes());
        out[8..].copy_from_slice(&self.b.to_le_bytes());
        out
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    #[inline]
    fn hash(&self) -> u64 {
        const K: u64 = 0x9e37_79b9_7f4a_7c15;
        (self.a ^ self.b.rotate_left(23) ^ (self.len as u64).rotate_left(47)).wrapping_mul(K)
    }
}

impl<V> WordTable<V> {
    /// Builds the table; a key given twice keeps its first value.
    pub fn new<K: AsRef<str>>(items: impl IntoIterator<Item = (K, V)>) -> Self {
        let items: Vec<(K, V)> = items.into_iter().collect();
        // At most an eighth full: a miss (four words in ten) mostly stops at the first slot.
        let cap = (items.len() * 8).next_power_of_two().max(16);
        let mut table = WordTable {
            tags: vec![0; cap].into_boxed_slice(),
            slots: vec![Slot::EMPTY; cap].into_boxed_slice(),
            mask: cap - 1,
            keys: Vec::new(),
            values: Vec::new(),
            longest: 0,
        };
        for (k, v) in items {
            let k = k.as_ref();
            if table.find(&Key::new(k.as_bytes()), k.as_bytes()).is_some() {
                continue;
            }
            let key = Key::new(k.as_bytes());
            let (first, tag) = table.start(&key);
            let mut i = first;
            while table.tags[i] != 0 {
                i = (i + 1) & table.mask;
            }
            if i.wrapping_sub(first) & table.mask > 1 {
                table.slots[first].len |= Slot::SPILL;
            }
            let entry = u32::try_from(table.keys.len()).expect("lexicon under 4 billion words");
            let len = u32::try_from(k.len()).ok().filter(|&n| n & Slot::SPILL == 0).expect("a word under 2 GB");
            table.longest = table.longest.max(k.len());
            table.keys.push(k.into());
            table.values.push(v);
            table.tags[i] = tag;
            table.slots[i] = Slot { a: key.a, b: key.b, len, entry };
        }
        table
    }

    /// The first slot to probe and the tag of a key.
    #[inline]
    fn start(&self, key: &Key) -> (usize, u8) {
        // The high bits of the product are the well-mixed ones.
        let h = key.hash();
        ((h >> 32) as usize & self.mask, (h >> 57) as u8 | 0x80)
    }

    /// The entry of `key`, the key of `w` (read only for words longer than 16 bytes).
    #[inline]
    fn find(&self, key: &Key, w: &[u8]) -> Option<usize> {
        let (mut i, tag) = self.start(key);
        loop {
            let t = self.tags[i];
            if t == 0 {
                return None;
            }
            if t == tag {
                let s = &self.slots[i];
                if s.holds(key) {
                    let e = s.entry as usize;
                    if key.len <= EXACT || self.keys[e].as_bytes() == w {
                        return Some(e);
                    }
                }
            }
            i = (i + 1) & self.mask;
        }
    }

    /// The value of a word given by its key from [`Key::prefix`] (16 bytes at most), or the
    /// default. It reads the key's first two slots and selects without a branch on whether the
    /// word is listed (four words in ten are not, as good as random to the processor); only
    /// where a key was pushed past them (rare at this load) does it probe further.
    #[inline(always)]
    pub fn get_key_or_default(&self, key: Key) -> V
    where
        V: Copy + Default,
    {
        debug_assert!(key.len <= EXACT);
        let (i, _) = self.start(&key);
        let first = &self.slots[i];
        if first.len & Slot::SPILL != 0 {
            return self.find(&key, &[]).map_or_else(V::default, |e| self.values[e]);
        }
        let second = &self.slots[(i + 1) & self.mask];
        let (in_first, in_second) = (first.holds(&key), second.holds(&key));
        let entry = std::hint::select_unpredictable(in_first, first.entry, second.entry);
        // (An empty slot's entry is 0: read, then dropped.)
        let value = self.values.get(entry as usize).copied().unwrap_or_default();
        std::hint::select_unpredictable(in_first | in_second, value, V::default())
    }

    /// The value of a word (a `str`, or the bytes of one).
    #[inline]
    pub fn get<W: AsRef<[u8]> + ?Sized>(&self, w: &W) -> Option<&V> {
        let w = w.as_ref();
        self.find(&Key::new(w), w).map(|e| &self.values[e])
    }

    /// The table's own copy of a word, if it is in the table.
    #[inline]
    pub fn key<W: AsRef<[u8]> + ?Sized>(&self, w: &W) -> Option<&str> {
        let w = w.as_ref();
        self.find(&Key::new(w), w).map(|e| &*self.keys[e])
    }

    /// Whether a word is in the table.
    #[inline]
    pub fn contains<W: AsRef<[u8]> + ?Sized>(&self, w: &W) -> bool {
        self.get(w).is_some()
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Bytes in the longest word (0 when empty): a longer word need not be looked up.
    pub fn longest(&self) -> usize {
        self.longest
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Words and values, in the order they were first given.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &V)> {
        self.keys.iter().map(|k| &**k).zip(&self.values)
    }

    /// The words, in the order they were first given.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.keys.iter().map(|k| &**k)
    }
}

impl<K: AsRef<str>, V> FromIterator<(K, V)> for WordTable<V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(items: I) -> Self {
        WordTable::new(items)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_key_and_nothing_else() {
        // Lengths 0..=40 on both sides of every key-word boundary, and near misses that
        // differ only in a byte the short-key sample does not read for long words.
        let words: Vec<String> =
            (0..=40).map(|n| "abcdefghijklmnopqrstuvwxyz0123456789ABCDEF"[..n].to_string()).collect();
        let t = WordTable::new(words.iter().enumerate().map(|(i, w)| (w.as_str(), i)));
        assert_eq!(t.len(), words.len());
        for (i, w) in words.iter().enumerate() {
            assert_eq!(t.get(w), Some(&i), "{w:?}");
            let mut miss = w.clone().into_bytes();
            if let Some(m) = miss.get_mut(w.len() / 2) {
                *m = b'_';
                assert_eq!(t.get(&miss), None, "{:?}", String::from_utf8_lossy(&miss));
            }
        }
        assert_eq!(t.get(b"zz"), None);
    }

    #[test]
    fn short_keys_are_found_past_their_first_two_slots() {
        // Enough words that runs of three or more slots form: the short-key lookup finds each,
        // and misses agree.
        let words: Vec<String> = (0..5000u32).map(|i| format!("w{}", i.wrapping_mul(2_654_435_761))).collect();
        let t = WordTable::new(words.iter().enumerate().map(|(i, w)| (w.as_str(), i + 1)));
        assert!(t.slots.iter().any(|s| s.len & Slot::SPILL != 0), "some key lies past its second slot");
        for (i, w) in words.iter().enumerate() {
            assert_eq!(t.get_key_or_default(Key::new(w.as_bytes())), i + 1, "{w}");
            let miss = format!("{w}x");
            assert_eq!(t.get_key_or_default(Key::new(miss.as_bytes())), t.get(&miss).copied().unwrap_or(0));
        }
        assert_eq!(WordTable::<u16>::default().get_key_or_default(Key::new(b"said")), 0);
        assert_eq!(t.get_key_or_default(Key::new(b"")), 0);
    }

    #[test]
    fn a_prefix_key_is_the_key_of_the_prefix() {
        // A window of 16 bytes read from a longer text, cut at every length.
        let text = b"abcdefghijklmnopqrstuvwxyz";
        let window =
            [u64::from_le_bytes(text[..8].try_into().unwrap()), u64::from_le_bytes(text[8..16].try_into().unwrap())];
        let t = WordTable::new((0..=16).map(|n| (std::str::from_utf8(&text[..n]).unwrap(), n)));
        for n in 0..=16 {
            let key = Key::prefix(window, n);
            assert_eq!(key, Key::new(&text[..n]), "length {n}");
            assert_eq!(key.len(), n);
            assert_eq!(t.get_key_or_default(key), n, "length {n}");
        }
        // Past 16 bytes, a key samples the word.
        assert_ne!(Key::new(&text[..17]), Key::new(&text[..16]));
    }

    #[test]
    fn long_keys_sharing_key_words_are_told_apart() {
        // Same first and last 8 bytes and length: only the middle differs.
        let a = "prefix01-middle-A-suffix01";
        let b = "prefix01-middle-B-suffix01";
        let t = WordTable::new([(a, 1), (b, 2)]);
        assert_eq!(t.get(a), Some(&1));
        assert_eq!(t.get(b), Some(&2));
        assert!(t.contains(a) && !t.contains("prefix01-middle-"));
        assert_eq!(t.get(b"prefix01-middle-C-suffix01"), None);
    }

    #[test]
    fn first_value_of_a_repeated_key_wins() {
        let t = WordTable::new([("said", 1), ("said", 2)]);
        assert_eq!((t.len(), t.get(b"said")), (1, Some(&1)));
        assert_eq!(WordTable::new([("ab", 1), ("abcd", 2), ("a", 3)]).longest(), 4);
        assert!(WordTable::<u8>::new(Vec::<(&str, u8)>::new()).get(b"").is_none());
    }
}
