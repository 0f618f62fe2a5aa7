//! The word tokenizer every stage after sentence splitting shares: tokens with shape bits,
//! their normalised forms and lexicon word classes, computed once per article ([`ArticleTokens`]).

use crate::lexicon::{Key, Lexicon};
use crate::model::{Sentence, Span};

/// A word or a punctuation character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub span: Span,
    pub word: bool,
    /// [`shape`] bits, noted while tokenizing so later stages need not decode the word again.
    pub shape: u8,
}

/// Shape bits of a token.
pub mod shape {
    /// Starts with an upper-case letter.
    pub const CAP: u8 = 1;
    /// Contains an inner hyphen (`al-Rashid`, `Secretary-General`).
    pub const HYPHEN: u8 = 1 << 1;
    /// Only ASCII letters and digits (most words): normalising it is lower-casing it.
    pub const PLAIN: u8 = 1 << 2;
}

impl Token {
    /// The token's text.
    pub fn of<'a>(&self, text: &'a str) -> &'a str {
        self.span.of(text)
    }
}

/// Tokens of a span: words (letters/digits with inner hyphens and apostrophes, dotted acronyms
/// such as `U.S`), possessive `'s` as its own word, and single punctuation characters.
pub fn tokenize(text: &str, span: Span) -> Vec<Token> {
    // News text averages a token per five to six bytes; a little room spares most regrowth.
    let mut out = Vec::with_capacity(span.len() / 4 + 4);
    tokenize_into(text, span, &mut out);
    out
}

/// [`tokenize`], appending to `out`.
pub fn tokenize_into(text: &str, span: Span, out: &mut Vec<Token>) {
    scan(text, span, out);
}

/// Where the tokenizer hands its tokens.
trait Sink {
    fn token(&mut self, t: Token);
}

impl Sink for Vec<Token> {
    #[inline(always)]
    fn token(&mut self, t: Token) {
        self.push(t);
    }
}

/// The tokenizer: hands each token of `span` to `sink`, in text order. [`ArticleTokens::new`]
/// normalises each word as it is found, while its bytes are at hand.
#[inline(always)]
fn scan(text: &str, span: Span, sink: &mut impl Sink) {
    let s = span.of(text);
    let b = s.as_bytes();
    // The char at byte i and its length; ASCII without decoding.
    let ch = |i: usize| -> (char, usize) {
        if b[i] < 0x80 {
            (b[i] as char, 1)
        } else {
            let c = s[i..].chars().next().unwrap_or(' ');
            (c, c.len_utf8())
        }
    };
    let tok = |a: usize, z: usize, word: bool, shape: u8| Token {
        span: Span::new(span.start + a, span.start + z),
        word,
        shape,
    };
    let possessive = |rest: &str| rest.starts_with(['s', 'S']) && !rest[1..].starts_with(char::is_alphanumeric);
    // Where the last token ended when it was a word (possessive 's attaches only right there).
    let mut word_end = usize::MAX;
    let mut i = 0;
    while i < b.len() {
        let class = ASCII[b[i] as usize];
        if class == SPACE {
            i += 1;
            continue;
        }
        let (c, n) = if class == OTHER { ch(i) } else { (b[i] as char, 1) };
        if class == PUNCT || class == JOINS || (class == OTHER && !alphanumeric(c)) {
            if c.is_whitespace() {
                i += n;
                continue;
            }
            // Possessive 's right after a word: its own token.
            if (c == '\'' || c == '’') && word_end == i && possessive(&s[i + n..]) {
                sink.token(tok(i, i + n + 1, true, 0));
                i += n + 1;
                word_end = i;
                continue;
            }
            sink.token(tok(i, i + n, false, 0));
            i += n;
            word_end = usize::MAX;
            continue;
        }
        let start = i;
        let mut plain = class == ALNUM;
        // An ASCII letter or digit needs no Unicode tables.
        let (single_letter, upper) = if plain {
            (c.is_ascii_alphabetic(), c.is_ascii_uppercase())
        } else {
            (c.is_alphabetic(), c.is_uppercase())
        };
        let mut letters = 1;
        let mut bits = if upper { shape::CAP } else { 0 };
        i += n;
        loop {
            // Fast path over ASCII letters and digits.
            let run = alnum_run(&b[i..]);
            i += run;
            letters += run;
            if i >= b.len() {
                break;
            }
            // Most words end at a space or at punctuation that cannot join two parts.
            if matches!(ASCII[b[i] as usize], SPACE | PUNCT) {
                break;
            }
            let (d, dn) = ch(i);
            // An ASCII character here is no letter or digit: the run took them all.
            if !d.is_ascii() && alphanumeric(d) {
                i += dn;
                letters += 1;
                plain = false;
                continue;
            }
            if !matches!(d, '-' | '\'' | '’' | '.') {
                break;
            }
            let after = &s[i + dn..];
            let next = after.chars().next();
            let joins = match d {
                '-' => next.is_some_and(char::is_alphanumeric),
                // Dotted acronyms: U.S, a.m, U.N.
                '.' => {
                    single_letter
                        && letters == 1
                        && next.is_some_and(char::is_alphabetic)
                        && after.chars().nth(1) == Some('.')
                }
                _ => next.is_some_and(char::is_alphanumeric) && !possessive(after),
            };
            if !joins {
                break;
            }
            plain = false;
            if d == '-' {
                bits |= shape::HYPHEN;
            }
            i += dn;
            if d == '.' {
                i += next.map_or(0, char::len_utf8);
                letters = 1;
            }
        }
        if plain {
            bits |= shape::PLAIN;
        }
        sink.token(tok(start, i, true, bits));
        word_end = i;
    }
}

const SPACE: u8 = 0;
const ALNUM: u8 = 1;
const PUNCT: u8 = 2;
/// Non-ASCII lead and continuation bytes: decode the char.
const OTHER: u8 = 3;
/// Punctuation that may join two parts of a word: `-`, `'` and `.`.
const JOINS: u8 = 4;

/// Byte classes for the tokenizer's fast path.
static ASCII: [u8; 256] = {
    let mut t = [OTHER; 256];
    let mut i = 0;
    while i < 128 {
        let c = i as u8;
        t[i] = if c.is_ascii_alphanumeric() {
            ALNUM
        } else if c.is_ascii_whitespace() || c == 0x0b {
            SPACE
        } else {
            match c {
                b'-' | b'\'' | b'.' => JOINS,
                _ => PUNCT,
            }
        };
        i += 1;
    }
    t
};

/// Length of the run of ASCII letters and digits that `b` starts with. Eight bytes at a time:
/// most words end within the first eight, so this is one step where a byte loop takes five.
#[inline]
fn alnum_run(b: &[u8]) -> usize {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    // Per byte lane, the top bit set where the lane (a byte below 0x80) is >= `k`.
    let at_least = |x: u64, k: u8| ((x | HI) - LO * u64::from(k)) & HI;
    let mut i = 0;
    while let Some(chunk) = b.get(i..i + 8) {
        let x = u64::from_le_bytes(chunk.try_into().expect("8 bytes"));
        let folded = x | (LO * 0x20); // upper-case letters to lower case
        let digit = at_least(x, b'0') & !at_least(x, b'9' + 1);
        let letter = at_least(folded, b'a') & !at_least(folded, b'z' + 1);
        // Lanes that are not ASCII letters or digits (bytes from 0x80 on included).
        let stop = (!(digit | letter) & HI) | (x & HI);
        if stop != 0 {
            return i + (stop.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    i + b[i..].iter().position(|&x| ASCII[usize::from(x)] != ALNUM).unwrap_or(b.len() - i)
}

/// Lower case for matching, a final period and curly apostrophes normalised; appends the
/// result to `out`. [`ArticleTokens::new`] then folds a spelling the lexicon lists to its one
/// form (`defence` → `defense`).
fn lower_word_into(word: &str, out: &mut Vec<u8>) {
    let w = word.trim_end_matches('.');
    if w.is_ascii() {
        out.extend(w.bytes().map(|b| b.to_ascii_lowercase()));
        return;
    }
    for c in w.chars() {
        if c == '’' {
            out.push(b'\'');
        } else {
            for l in c.to_lowercase() {
                out.extend_from_slice(l.encode_utf8(&mut [0; 4]).as_bytes());
            }
        }
    }
}

/// The lookup key of a [`shape::PLAIN`] word of up to 16 bytes, lower-cased as its 16 bytes
/// are read from `text` (`None` for other words, or when those bytes run past the text).
#[inline]
fn plain_key(text: &[u8], t: &Token) -> Option<Key> {
    if t.shape & shape::PLAIN == 0 || t.span.len() > 16 {
        return None;
    }
    let w = text.get(t.span.start..t.span.start + 16)?;
    // ASCII letters and digits only: setting bit 5 of every byte lower-cases the letters and
    // leaves the digits as they are. The key drops the bytes after the word.
    let word = |i: usize| u64::from_le_bytes(w[i..i + 8].try_into().expect("8 bytes")) | 0x2020_2020_2020_2020;
    Some(Key::prefix([word(0), word(8)], t.span.len()))
}

/// [`char::is_alphanumeric`], answered at once for General Punctuation (U+2000–U+206F: curly
/// quotes and apostrophes, dashes, special spaces), which news text is full of and which holds no
/// letter or digit; the standard library looks each one up in two tables.
#[inline]
fn alphanumeric(c: char) -> bool {
    !('\u{2000}'..='\u{206F}').contains(&c) && c.is_alphanumeric()
}

/// Appends the normalised form of token `t` to `buf` and returns its
/// [`crate::lexicon::class`] bits (0 for punctuation).
#[inline(always)]
fn normalise_into(text: &str, t: &Token, lex: &Lexicon, buf: &mut Vec<u8>) -> u16 {
    let start = buf.len();
    let bytes = &text.as_bytes()[t.span.start..t.span.end];
    let mut c = if !t.word {
        // Punctuation: mostly one ASCII byte, pushed without a call to copy it.
        match *bytes {
            [b] => buf.push(b),
            _ => buf.extend_from_slice(bytes),
        }
        0
    } else if let Some(key) = plain_key(text.as_bytes(), t) {
        // Most words: the key holds the lower-cased word zero-padded to 16 bytes; all 16 are
        // written (two stores, no loop over the word) and cut to the word.
        buf.extend_from_slice(&key.bytes());
        buf.truncate(start + bytes.len());
        lex.class_of_key(key)
    } else {
        lower_word_into(t.of(text), buf);
        word_class(&buf[start..], t.shape, lex)
    };
    if c & crate::lexicon::class::SPELLING != 0
        && let Some(form) = lex.spellings.get(&buf[start..])
    {
        buf.truncate(start);
        buf.extend_from_slice(form.as_bytes());
        c = word_class(form.as_bytes(), t.shape, lex);
    }
    c
}

/// The normalised forms of one sentence's tokens: `lower[i]` is token i's. A view into the
/// article's buffer ([`ArticleTokens`]).
#[derive(Clone, Copy)]
pub struct Lowered<'a> {
    buf: &'a str,
    /// Where each token's form starts in `buf`, and where the last one ends: one more than
    /// there are tokens.
    bounds: &'a [usize],
}

impl<'a> Lowered<'a> {
    pub fn get(&self, i: usize) -> Option<&'a str> {
        let &[start, end] = self.bounds.get(i..i + 2)? else { return None };
        Some(&self.buf[start..end])
    }
    /// Token i's form as bytes, for comparing it with a word: slicing bytes skips the
    /// char-boundary checks that slicing a `str` makes.
    pub fn bytes(&self, i: usize) -> Option<&'a [u8]> {
        let &[start, end] = self.bounds.get(i..i + 2)? else { return None };
        self.buf.as_bytes().get(start..end)
    }
    /// All the forms back to back: whether a word is among them can be asked of this text at
    /// once (a form found as a token is found in it).
    pub fn joined(&self) -> &'a str {
        &self.buf[self.bounds[0]..self.bounds[self.len()]]
    }
    /// Token i's form, for as long as the article's tokens live.
    pub fn at(&self, i: usize) -> &'a str {
        self.get(i).expect("token index in range")
    }
    pub fn iter(&self) -> impl Iterator<Item = &'a str> + use<'a> {
        let l = *self;
        (0..l.len()).map(move |i| l.at(i))
    }
    pub fn len(&self) -> usize {
        self.bounds.len() - 1
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl std::ops::Index<usize> for Lowered<'_> {
    type Output = str;
    fn index(&self, i: usize) -> &str {
        self.at(i)
    }
}

/// One sentence's tokens with their normalised forms and word classes: a view into
/// [`ArticleTokens`], shared by `mentions`, `entities` and `attribution`.
#[derive(Clone, Copy)]
pub struct Tokens<'a> {
    pub toks: &'a [Token],
    pub lower: Lowered<'a>,
    /// [`crate::lexicon::class`] bits of each word token (0 for punctuation).
    pub class: &'a [u16],
}

/// Every sentence's tokens, normalised forms and word classes, computed once per article and
/// kept in four buffers for the whole article (not four per sentence).
pub struct ArticleTokens {
    toks: Vec<Token>,
    /// Normalised forms of all tokens, back to back.
    buf: String,
    /// Where each token's form starts in `buf`, after a leading 0 (so token k's form ends at
    /// `bounds[k + 1]`).
    bounds: Vec<usize>,
    class: Vec<u16>,
    /// Index of each sentence's first token, and the total at the end.
    first: Vec<usize>,
}

impl ArticleTokens {
    /// Tokenizes each sentence, normalising each word and looking up its class as it is found.
    pub fn new(text: &str, sentences: &[Sentence], lex: &Lexicon) -> Self {
        let bytes: usize = sentences.iter().map(|s| s.span.len()).sum();
        // News text averages a token per five to six bytes; a little room spares most regrowth.
        let tokens = bytes / 4 + 4;
        let mut b = Builder {
            text,
            lex,
            toks: Vec::with_capacity(tokens),
            // Room for the 16 bytes a short word is written as before it is cut to its length.
            buf: Vec::with_capacity(bytes + 16),
            bounds: Vec::with_capacity(tokens + 1),
            class: Vec::with_capacity(tokens),
        };
        b.bounds.push(0);
        let mut first = Vec::with_capacity(sentences.len() + 1);
        for s in sentences {
            first.push(b.toks.len());
            scan(text, s.span, &mut b);
        }
        first.push(b.toks.len());
        // Every form is a token's text, lower-cased chars of it, or a lexicon word.
        let buf = String::from_utf8(b.buf).expect("normalised forms are UTF-8");
        ArticleTokens { toks: b.toks, buf, bounds: b.bounds, class: b.class, first }
    }

    /// The tokens of sentence `i`.
    pub fn sentence(&self, i: usize) -> Tokens<'_> {
        let (a, z) = (self.first[i], self.first[i + 1]);
        Tokens {
            toks: &self.toks[a..z],
            lower: Lowered { buf: &self.buf, bounds: &self.bounds[a..=z] },
            class: &self.class[a..z],
        }
    }

    /// Number of sentences.
    pub fn len(&self) -> usize {
        self.first.len() - 1
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// [`ArticleTokens`] being built: each token, its normalised form and class as it is found.
struct Builder<'a> {
    text: &'a str,
    lex: &'a Lexicon,
    toks: Vec<Token>,
    buf: Vec<u8>,
    bounds: Vec<usize>,
    class: Vec<u16>,
}

impl Sink for Builder<'_> {
    #[inline(always)]
    fn token(&mut self, t: Token) {
        self.toks.push(t);
        self.class.push(normalise_into(self.text, &t, self.lex, &mut self.buf));
        self.bounds.push(self.buf.len());
    }
}

/// The class bits of a normalised word.
fn word_class(w: &[u8], shape: u8, lex: &Lexicon) -> u16 {
    match lex.class_of(w) {
        // `Secretary-General`, `Vice-President`: a compound of titles is a title.
        0 if shape & shape::HYPHEN != 0
            && w.split(|&b| b == b'-').all(|p| std::str::from_utf8(p).is_ok_and(|p| lex.titles.contains(p))) =>
        {
            crate::lexicon::class::TITLE
        }
        c => c,
    }
}

/// Word spans of a span (no punctuation).
pub fn words(text: &str, span: Span) -> impl Iterator<Item = Span> {
    tokenize(text, span).into_iter().filter(|t| t.word).map(|t| t.span)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens() {
        let t = "Iran’s al-Rashid don't U.S. O'Neil players' 2.5";
        let toks = tokenize(t, Span::new(0, t.len()));
        let texts: Vec<&str> = toks.iter().map(|k| k.of(t)).collect();
        assert_eq!(texts, ["Iran", "’s", "al-Rashid", "don't", "U.S", ".", "O'Neil", "players", "'", "2", ".", "5"]);
        let shapes: Vec<u8> = toks.iter().map(|k| k.shape).collect();
        use shape::{CAP, HYPHEN, PLAIN};
        assert_eq!(shapes, [CAP | PLAIN, 0, HYPHEN, 0, CAP, 0, CAP, PLAIN, 0, PLAIN, 0, PLAIN]);
        let u = "Élodie Zoë-Lee “Big” naïve";
        let shapes: Vec<u8> = tokenize(u, Span::new(0, u.len())).iter().map(|k| k.shape).collect();
        assert_eq!(shapes, [CAP, CAP | HYPHEN, 0, CAP | PLAIN, 0, 0]);
    }

    #[test]
    fn general_punctuation_holds_no_letter_or_digit() {
        for c in ('\u{1FFF}'..='\u{2070}').chain(['a', 'é', '7', '٣', '“', ' ']) {
            assert_eq!(alphanumeric(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn alnum_run_matches_a_byte_loop() {
        let byte_loop = |b: &[u8]| b.iter().position(|&x| !x.is_ascii_alphanumeric()).unwrap_or(b.len());
        // Every byte value at every position of a 17-byte run of letters and digits.
        let base: Vec<u8> = b"aZ09mMzA9q0Lk5Xy7".to_vec();
        for pos in 0..base.len() {
            for v in 0..=255u8 {
                let mut b = base.clone();
                b[pos] = v;
                for start in 0..4 {
                    assert_eq!(alnum_run(&b[start..]), byte_loop(&b[start..]), "byte {v:#x} at {pos}, from {start}");
                }
            }
        }
        for t in ["", "a", "abc def", "Okafor’s", "Zoë", "@[`{/:", "UN-backed", "1234567890abcdefXYZ"] {
            assert_eq!(alnum_run(t.as_bytes()), byte_loop(t.as_bytes()), "{t:?}");
        }
    }

    /// A word's normalised form, written plainly: the reference `ArticleTokens::new` must
    /// agree with.
    fn norm_word_into(word: &str, lex: &Lexicon, out: &mut String) {
        let mut lower = Vec::new();
        lower_word_into(word, &mut lower);
        let lower = String::from_utf8(lower).unwrap();
        out.push_str(lex.spellings.get(&lower).unwrap_or(&lower));
    }

    #[test]
    fn plain_words_normalise_as_every_word_does() {
        // ArticleTokens::new lower-cases PLAIN words itself; it must agree with norm_word_into.
        // Plain words of 15, 16 and 17 bytes, one whose 16 bytes end inside a character
        // (`Said` before `é`s), and one too near the end to be read 16 bytes at a time.
        let t = "Defence LABOUR Organisation said 2.5 U.S. Al-Rashid O'Neil x9 Straße İstanbul \
                 NOTWITHSTANDING Telecommunicatio Said ééééééé Internationalised defence.";
        let all = ArticleTokens::new(t, &[Sentence { span: Span::new(0, t.len()), paragraph: 0 }], Lexicon::get());
        let toks = all.sentence(0);
        let mut plain = 0;
        for (i, tok) in toks.toks.iter().enumerate().filter(|(_, k)| k.word) {
            let mut expected = String::new();
            norm_word_into(tok.of(t), Lexicon::get(), &mut expected);
            assert_eq!(&toks.lower[i], expected, "{:?}", tok.of(t));
            plain += usize::from(tok.shape & shape::PLAIN != 0);
        }
        assert_eq!(plain, 12);
        assert_eq!(toks.lower.iter().take(3).collect::<Vec<_>>(), ["defense", "labor", "organization"]);
        let n = toks.lower.len();
        assert_eq!(&toks.lower[n - 2], "defense");
        assert_eq!(&toks.lower[n - 3], "internationalised");
        // Classes are those of the folded forms.
        assert_eq!(toks.class[0], Lexicon::get().class("defense"));
        assert_eq!(toks.class[n - 2], Lexicon::get().class("defense"));
    }

    #[test]
    fn each_sentence_view_is_that_sentence_alone() {
        // The article's buffers are shared; every view must equal its sentence tokenized alone,
        // including a sentence that starts with `'s` right after the previous one's last word.
        let t = "Dr. Lee said it. Smith's aide, the Defence minister, agreed.Smith's";
        let spans = [Span::new(0, 16), Span::new(17, 60), Span::new(60, 65), Span::new(65, t.len())];
        let sentences: Vec<Sentence> = spans.iter().map(|&span| Sentence { span, paragraph: 0 }).collect();
        let lex = Lexicon::get();
        let all = ArticleTokens::new(t, &sentences, lex);
        assert_eq!(all.len(), spans.len());
        for (i, &span) in spans.iter().enumerate() {
            let view = all.sentence(i);
            let alone = tokenize(t, span);
            assert_eq!(view.toks, alone.as_slice(), "sentence {i}");
            assert_eq!(view.lower.len(), alone.len());
            for (k, tok) in alone.iter().enumerate() {
                let mut form = String::new();
                if tok.word {
                    norm_word_into(tok.of(t), lex, &mut form);
                } else {
                    form.push_str(tok.of(t));
                }
                assert_eq!(view.lower.at(k), form, "sentence {i} token {k}");
                assert_eq!(view.class[k], if tok.word { lex.class(view.lower.at(k)) } else { 0 });
            }
        }
        assert_eq!(all.sentence(3).lower.iter().collect::<Vec<_>>(), ["'", "s"]);
    }

    /// The tokens of `t` as two sentences: its first 16 bytes, and what follows a space after them.
    fn two_sentences(t: &str) -> ArticleTokens {
        let spans = [Span::new(0, 16), Span::new(17, t.len())];
        let sentences: Vec<Sentence> = spans.iter().map(|&span| Sentence { span, paragraph: 0 }).collect();
        ArticleTokens::new(t, &sentences, Lexicon::get())
    }

    #[test]
    fn joined_is_a_sentences_forms_back_to_back() {
        let t = "Dr. Lee said it. The DEFENCE minister agreed.";
        let all = two_sentences(t);
        for i in 0..all.len() {
            let lower = all.sentence(i).lower;
            assert_eq!(lower.joined(), lower.iter().collect::<String>(), "sentence {i}");
        }
        assert_eq!(all.sentence(1).lower.joined(), "thedefenseministeragreed.");
    }

    #[test]
    fn bytes_are_each_form_and_none_past_the_last() {
        let t = "Dr. Lee said it. Zoë’s DEFENCE minister agreed.";
        let all = two_sentences(t);
        for s in 0..all.len() {
            let lower = all.sentence(s).lower;
            for i in 0..lower.len() {
                assert_eq!(lower.bytes(i), Some(lower.at(i).as_bytes()), "sentence {s}, token {i}");
            }
            assert_eq!(lower.bytes(lower.len()), None);
        }
        assert_eq!(all.sentence(1).lower.bytes(1), Some("'s".as_bytes()));
    }
}
