//! What every rule reads: the article's stages as a [`Ctx`], each nearby sentence's tokens as a
//! [`Sent`], and the small patterns rules share (a mention at a token, a verb's subject, the
//! regions before and after a quote).

use std::cell::OnceCell;

use crate::lexicon::{Lexicon, class};
use crate::model::{Cue, Entity, Mention, MentionType, Quote, Sentence, Span, SpeakerType};
use crate::text::tokens::{ArticleTokens, Lowered, Token, Tokens};

/// Prepositions: a mention after one is not a verb's subject (`in Paris, Okoro said`).
pub(crate) const PREPOSITIONS: [&str; 14] =
    ["in", "with", "of", "to", "by", "for", "from", "on", "at", "after", "during", "about", "between", "among"];

/// Rules that read a whole sentence for each of its quotes skip sentences longer than this (in
/// tokens): real sentences are shorter, and text without sentence breaks stays linear in time.
pub(crate) const LONG_SENTENCE: usize = 200;

/// Tokens of one sentence, with what the sieves ask of them.
pub struct Sent<'a> {
    pub toks: &'a [Token],
    pub lower: Lowered<'a>,
    /// Token lies outside every quotation.
    pub outside: Vec<bool>,
    /// Each token's lexicon [`class`](crate::lexicon::class) bits.
    pub class: &'a [u16],
    /// The tokens that can head a reporting clause, once asked ([`Sent::cues`]).
    cues: OnceCell<Cues>,
}

/// A sentence's cue tokens: rarely more than a few.
type Cues = tinyvec::TinyVec<[usize; 4]>;

impl Sent<'_> {
    /// The tokens that can head a reporting clause ([`is_cue`]), in order: found in one pass
    /// the first time a rule asks, as several rules look for them.
    pub(crate) fn cues(&self) -> &[usize] {
        self.cues.get_or_init(|| {
            let mut cues = Cues::default();
            // Most tokens are no speech verb: their class bit rules them out in a tight loop.
            for (c, &k) in self.class.iter().enumerate() {
                if k & class::SPEECH != 0 && is_cue(self, c) {
                    cues.push(c);
                }
            }
            cues
        })
    }
}

/// The article as the rules see it: every earlier stage's output.
pub struct Ctx<'a> {
    pub text: &'a str,
    pub sentences: &'a [Sentence],
    pub quotes: &'a [Quote],
    pub mentions: &'a [Mention],
    pub entities: &'a [Entity],
    pub lex: &'a Lexicon,
    /// The article's tokens, from which [`Ctx::sent`] makes a sentence's view.
    pub(crate) tokens: &'a ArticleTokens,
    /// Each sentence's view, made the first time a rule reads the sentence ([`Ctx::sent`]).
    pub(crate) sents: Vec<OnceCell<Sent<'a>>>,
}

fn sentence_view<'a>(tokens: Tokens<'a>, quotes: &[Quote], s: usize) -> Sent<'a> {
    let first = quotes.partition_point(|q| q.sentence < s);
    let toks = tokens.toks;
    let mut outside = vec![true; toks.len()];
    let mut last_end = 0;
    for r in quotes[first..].iter().take_while(|q| q.sentence == s).map(region) {
        // Quotations are the outermost pairs of marks: disjoint, in text order.
        debug_assert!(last_end <= r.start, "quote regions overlap");
        last_end = r.end;
        // Tokens are disjoint and in text order too, so those inside a region are one run.
        let a = toks.partition_point(|t| t.span.start < r.start);
        let z = toks.partition_point(|t| t.span.end <= r.end);
        outside[a..z.max(a)].fill(false);
    }
    Sent { toks, lower: tokens.lower, outside, class: tokens.class, cues: OnceCell::new() }
}

pub(crate) fn region(q: &Quote) -> Span {
    Span::new(q.open.start, q.close.map_or(q.span.end, |c| c.end))
}

impl<'a> Ctx<'a> {
    /// Sentence `s`'s tokens as the rules read them. Rules read a few sentences around each
    /// quote: a view is made on first reading.
    pub(crate) fn sent(&self, s: usize) -> &Sent<'a> {
        self.sents[s].get_or_init(|| sentence_view(self.tokens.sentence(s), self.quotes, s))
    }

    pub(crate) fn lemma(&self, lower: &str) -> Option<String> {
        self.lemma_str(lower).map(str::to_owned)
    }

    /// [`Self::lemma`] without the copy: for asking whether a word is a speech verb.
    pub(crate) fn lemma_str(&self, lower: &str) -> Option<&'a str> {
        self.lex.speech_lemma(lower)
    }

    /// The mention (outside quotes) that starts / ends exactly at a byte offset.
    pub(crate) fn mention_starting(&self, at: usize) -> Option<usize> {
        let i = self.mentions.partition_point(|m| m.span.start < at);
        (i < self.mentions.len() && self.mentions[i].span.start == at && !self.mentions[i].in_quote).then_some(i)
    }
    pub(crate) fn mention_ending(&self, at: usize) -> Option<usize> {
        // Mentions are disjoint and in text order, so their ends are sorted too.
        let i = self.mentions.partition_point(|m| m.span.end < at);
        (i < self.mentions.len() && self.mentions[i].span.end == at && !self.mentions[i].in_quote).then_some(i)
    }
    pub(crate) fn mentions_in(&self, s: usize) -> impl Iterator<Item = usize> + '_ {
        let from = self.mentions.partition_point(|m| m.sentence < s);
        (from..self.mentions.len())
            .take_while(move |&i| self.mentions[i].sentence == s)
            .filter(|&i| !self.mentions[i].in_quote)
    }
}

/// A quote's sentence, unless it is longer than [`LONG_SENTENCE`] tokens.
pub(crate) fn short_sentence<'c, 'a>(cx: &'c Ctx<'a>, qi: usize) -> Option<&'c Sent<'a>> {
    Some(cx.sent(cx.quotes[qi].sentence)).filter(|sent| sent.toks.len() <= LONG_SENTENCE)
}

/// The last token of a sentence that ends at or before byte `at` (a binary search).
pub(crate) fn token_before(sent: &Sent, at: usize) -> Option<usize> {
    sent.toks.partition_point(|t| t.span.end <= at).checked_sub(1)
}

/// The first token of a sentence that starts at or after byte `at` (a binary search).
pub(crate) fn token_from(sent: &Sent, at: usize) -> Option<usize> {
    let i = sent.toks.partition_point(|t| t.span.start < at);
    (i < sent.toks.len()).then_some(i)
}

/// The indexes of a sentence's tokens that lie between two byte offsets (binary searches).
fn tokens_between(sent: &Sent, from: usize, to: usize) -> std::ops::Range<usize> {
    let a = sent.toks.partition_point(|t| t.span.start < from);
    let z = sent.toks.partition_point(|t| t.span.end <= to);
    a..z.max(a)
}

/// Token indexes of a sentence that lie outside quotes, between two byte offsets, in order (an
/// iterator: most rules stop at the first token they look for, and none needs a copy).
pub(crate) fn outside_between<'s>(
    sent: &'s Sent,
    from: usize,
    to: usize,
) -> impl DoubleEndedIterator<Item = usize> + Clone + use<'s> {
    let outside = &sent.outside;
    tokens_between(sent, from, to).filter(move |&i| outside[i])
}

/// The cues ([`Sent::cues`]) between two byte offsets, in order: those of [`outside_between`].
pub(crate) fn cues_between<'s>(
    sent: &'s Sent,
    from: usize,
    to: usize,
) -> impl DoubleEndedIterator<Item = usize> + Clone + use<'s> {
    let range = tokens_between(sent, from, to);
    let cues = sent.cues();
    let first = cues.partition_point(|&c| c < range.start);
    let end = cues.partition_point(|&c| c < range.end);
    cues[first..end].iter().copied()
}

/// [`outside_between`] as a list, only when one of its tokens is `word` (most regions hold no
/// `quoted` or `according`, and a rule looking for such a phrase needs no list then).
pub(crate) fn outside_between_with(sent: &Sent, from: usize, to: usize, word: &str) -> Option<Vec<usize>> {
    outside_between(sent, from, to).any(|i| &sent.lower[i] == word).then(|| outside_between(sent, from, to).collect())
}

/// The region of a quote's sentence after it, up to the next quote or the sentence end.
pub(crate) fn after_region(cx: &Ctx, qi: usize) -> (usize, usize) {
    let q = &cx.quotes[qi];
    let s = cx.sentences[q.sentence].span;
    let next = cx.quotes.get(qi + 1).filter(|n| n.sentence == q.sentence).map_or(s.end, |n| n.open.start);
    (region(q).end, next)
}

/// The region of a quote's sentence before it, from the previous quote or the sentence start.
pub(crate) fn before_region(cx: &Ctx, qi: usize) -> (usize, usize) {
    let q = &cx.quotes[qi];
    let s = cx.sentences[q.sentence].span;
    let prev = qi
        .checked_sub(1)
        .map(|p| &cx.quotes[p])
        .filter(|p| p.sentence == q.sentence)
        .map_or(s.start, |p| region(p).end);
    (prev, q.open.start)
}

pub(crate) fn cue_of(sent: &Sent, lemma: String, from: usize, to: usize) -> Cue {
    Cue { span: Span::new(sent.toks[from].span.start, sent.toks[to].span.end), lemma }
}

/// After a speech verb at token `c`: the speaker mention right after it (`said Smith`).
pub(crate) fn speaker_after_cue(cx: &Ctx, sent: &Sent, c: usize) -> Option<usize> {
    let mut j = c + 1;
    while j < sent.toks.len() && is_adverb(sent, j) {
        j += 1;
    }
    mention_from(cx, sent, j, false)
}

/// The mention starting at token `j`, or after up to three lower-case descriptor words and at
/// most one comma (`according to engineer Sofia Costa`, `the coach, Samuel Okello,`).
/// With `strict`, only speaker-describing words (determiners, roles, titles, modifiers) may be
/// skipped: a speaker-first attribution must start right after the quote, not after `while`.
pub(crate) fn mention_from(cx: &Ctx, sent: &Sent, j: usize, strict: bool) -> Option<usize> {
    let mut comma = false;
    for k in j..(j + 5).min(sent.toks.len()) {
        let t = &sent.toks[k];
        if let Some(m) = cx.mention_starting(t.span.start) {
            return Some(m);
        }
        // Only words that describe a speaker may be skipped: `the`, `engineer`, `senior`...
        let lower_word = t.word
            && t.of(cx.text).starts_with(char::is_lowercase)
            && (!strict
                || matches!(&sent.lower[k], "the" | "a" | "an")
                || has_class(sent, k, class::ROLE | class::MODIFIER)
                || cx.lex.titles.contains(&sent.lower[k]));
        let first_comma = !comma && k > j && t.of(cx.text) == ",";
        comma |= first_comma;
        if !(lower_word || first_comma) {
            return None;
        }
    }
    None
}

/// `the bureau's director, James Comey`: for a possessor mention, the name apposed to the phrase
/// it heads (the possessor does not speak).
pub(crate) fn apposed_name(cx: &Ctx, sent: &Sent, m: usize) -> Option<usize> {
    if !crate::text::is_possessor(cx.text, cx.mentions[m].span) {
        return None;
    }
    let j = token_from(sent, cx.mentions[m].span.end)?;
    let comma = (j..sent.toks.len().min(j + 5)).find(|&k| sent.toks[k].of(cx.text) == ",")?;
    mention_from(cx, sent, comma + 1, false)
}

/// The token after a mention, past the comma that closes an apposition the mention was named
/// in (`the coach, Samuel Okello, said`) — when the mention was introduced by a comma.
pub(crate) fn after_apposed(cx: &Ctx, sent: &Sent, from: usize, m: usize) -> Option<usize> {
    let end = cx.mentions[m].span.end;
    let j = token_from(sent, end)?;
    let introduced = cx.text[from..cx.mentions[m].span.start].contains(',');
    Some(if introduced && sent.toks[j].of(cx.text) == "," { j + 1 } else { j })
}

/// After a speaker mention, skip what may stand before its verb: an apposition up to the next
/// comma (`X, the mayor, said`), a parenthetical (`X (D-Mass.) said`) or a short prepositional
/// phrase (`the spokesman for the ministry said`). Returns the next token index.
pub(crate) fn skip_modifiers(cx: &Ctx, sent: &Sent, mut j: usize) -> Option<usize> {
    let tok = |k: usize| sent.toks.get(k).map_or("", |t| t.of(cx.text));
    if tok(j) == "(" {
        j = (j + 1..sent.toks.len().min(j + 12)).find(|&k| tok(k) == ")")? + 1;
    }
    if tok(j) == "," {
        // Up to three stacked appositions: `X, 62, a retired teacher, said`.
        let verb_at = |k: usize| {
            let k = if is_adverb(sent, k) { k + 1 } else { k };
            sent.lower.get(k).is_some_and(|w| cx.lemma_str(w).is_some())
        };
        let mut k = j;
        for _ in 0..3 {
            let close = (k + 1..sent.toks.len().min(k + 18)).find(|&c| tok(c) == ",")?;
            if verb_at(close + 1) {
                return Some(close + 1);
            }
            k = close;
        }
        return None;
    }
    if PREPOSITIONS.contains(&sent.lower.get(j)?) {
        let verb = (j + 1..sent.toks.len().min(j + 7)).find(|&k| cx.lemma_str(&sent.lower[k]).is_some())?;
        // `declined to comment` is no cue: an infinitive never is.
        if (j..verb).all(|k| sent.toks[k].word) && &sent.lower[verb - 1] != "to" {
            return Some(verb);
        }
    }
    Some(j)
}

/// The subject of a speech verb at token `c`: the mention right before it (over adverbs) unless
/// it closes a prepositional phrase (`the director for the Iowa party said`); a mention before a
/// short prepositional or temporal phrase (`Trump in his speech called`, `Kerr on Friday said`);
/// or, after a comma or `and` (an interrupting or coordinated clause), the sentence's subject
/// ([`sentence_subject`]).
pub(crate) fn subject_of(cx: &Ctx, s: usize, sent: &Sent, c: usize) -> Option<usize> {
    let mut k = c;
    while k > 0 && is_adverb(sent, k - 1) {
        k -= 1;
    }
    let prev = k.checked_sub(1)?;
    if let Some(m) = cx.mention_ending(sent.toks[prev].span.end) {
        // `the director for the Iowa party said`: a body named in a phrase that describes the
        // speaker is not the subject; the phrase's head is, earlier in the sentence.
        if noun_complement(cx, sent, m) {
            return sentence_subject(cx, s, sent, c);
        }
        return Some(m);
    }
    // `Trump in his announcement speech called`, `Ada Kerr, who …, on Friday said`: a short
    // phrase between subject and verb. Only for a verb form that cannot be a noun (`orders`).
    let form = &sent.lower[c];
    let past = form.ends_with("ed")
        || cx.lemma_str(form).is_some_and(|l| l != form && !form.ends_with('s') && !form.ends_with("ing"));
    let mut p = prev;
    for _ in 0..7 {
        if !past || p == 0 || !sent.outside[p] || !sent.toks[p].word {
            break;
        }
        let w = &sent.lower[p];
        if matches!(w, "and" | "or" | "but" | "that" | "who" | "which") {
            break;
        }
        if p < prev && (PREPOSITIONS.contains(&w) || matches!(w, "last" | "earlier" | "this")) {
            if let Some(m) = cx.mention_ending(sent.toks[p - 1].span.end) {
                return Some(m);
            }
            if sent.toks[p - 1].of(cx.text) == "," {
                return sentence_subject(cx, s, sent, c);
            }
        }
        p -= 1;
    }
    let t = sent.toks[prev].of(cx.text);
    if t == "," || &sent.lower[prev] == "and" {
        return sentence_subject(cx, s, sent, c);
    }
    None
}

/// The preposition (over a determiner) right before a mention, if any: the mention is inside a
/// phrase (`for the ministry`, `in Ohio`), not a verb's subject.
fn preposition_before<'a>(cx: &Ctx, sent: &Sent<'a>, m: usize) -> Option<&'a str> {
    preposition_at(sent, token_before(sent, cx.mentions[m].span.start)?)
}

/// The preposition ending at token `t`, over a determiner there (`for the`).
fn preposition_at<'a>(sent: &Sent<'a>, mut t: usize) -> Option<&'a str> {
    if matches!(&sent.lower[t], "the" | "a" | "an") && t > 0 {
        t -= 1;
    }
    let w = sent.lower.get(t)?;
    (PREPOSITIONS.contains(&w) && sent.outside[t]).then_some(w)
}

/// A body (not a person) named in a phrase that completes a noun: `a spokesman for the Iowa
/// party`, `the director of the Council`.
fn noun_complement(cx: &Ctx, sent: &Sent, m: usize) -> bool {
    let person = cx.mentions[m].entity.is_some_and(|e| cx.entities[e].kind == SpeakerType::Person);
    !person && matches!(preposition_before(cx, sent, m), Some("for" | "of" | "at" | "from"))
}

/// The subject of sentence `s`'s main clause, before token `c`: its first mention outside
/// quotes that is not inside a phrase (after a preposition), a parenthesis, a dateline
/// (`WASHINGTON (AFP) –`) or an expletive `it` (`It was in May that …`). After a fronted
/// adverbial (`In a statement, X said`, `Speaking in Tromsø, Norway, X said`), the first after
/// the adverbial's comma, past a one-word place apposed to it.
pub(crate) fn sentence_subject(cx: &Ctx, s: usize, sent: &Sent, c: usize) -> Option<usize> {
    let verb_at = sent.toks.get(c)?.span.start;
    let tok = |k: usize| sent.toks[k].of(cx.text);
    // A dateline: only capitals and punctuation before a dash near the sentence start.
    let dateline_end = (0..c.min(10)).find(|&k| matches!(tok(k), "–" | "—" | "-" | "―")).filter(|&d| {
        // Capitals, and an agency in parentheses: `WASHINGTON (Harbour News) –`.
        let mut depth = 0i32;
        (0..d).all(|k| {
            depth += i32::from(tok(k) == "(") - i32::from(tok(k) == ")");
            depth > 0 || tok(k) == ")" || !tok(k).chars().any(char::is_lowercase)
        })
    });
    let from_tok = dateline_end.map_or(0, |d| d + 1);
    let first_word = (from_tok..c).find(|&k| sent.toks[k].word && sent.outside[k]);
    let fronted = first_word.is_some_and(|f| {
        let w = &sent.lower[f];
        cx.mention_starting(sent.toks[f].span.start).is_none()
            && (PREPOSITIONS.contains(&w)
                || (w.ends_with("ing") && w.len() > 5)
                || matches!(
                    w,
                    "after" | "before" | "while" | "when" | "although" | "though" | "if" | "since" | "despite"
                ))
    });
    // Where the main clause may start: after the dateline, or after the fronted adverbial's comma.
    let mut from = from_tok.checked_sub(1).map_or(0, |d| sent.toks[d].span.end);
    if fronted {
        let comma = (from_tok..c).find(|&k| tok(k) == "," && sent.outside[k])?;
        from = sent.toks[comma].span.end;
        // `in Tromsø, Norway, Senator Lind`: a one-word place apposed to the adverbial's end.
        if let Some(m) = cx.mention_starting(sent.toks.get(comma + 1)?.span.start) {
            let next = token_from(sent, cx.mentions[m].span.end);
            let single = !cx.mentions[m].span.of(cx.text).contains(' ');
            if let Some(n) = next.filter(|&n| single && n + 1 < c && tok(n) == ",")
                && cx.mention_starting(sent.toks[n + 1].span.start).is_some()
            {
                from = sent.toks[n].span.end;
            }
        }
    }
    // Not in parentheses, nor right after a quotation (a mention there credits that quotation;
    // it is not this clause's subject), nor after a preposition.
    let free = |m: usize| match token_before(sent, cx.mentions[m].span.start) {
        Some(t) => tok(t) != "(" && sent.outside[t] && preposition_at(sent, t).is_none(),
        None => true,
    };
    // Mentions are in text order: those before the verb come first.
    let mut candidates = cx.mentions_in(s).take_while(|&i| cx.mentions[i].span.end <= verb_at).filter(|&i| {
        let m = &cx.mentions[i];
        m.span.start >= from && m.head.as_deref() != Some("it") && free(i) && !premodifier(cx, sent, i)
    });
    let first = candidates.next()?;
    // `X called it "a," but Y, in a letter, said …`: a later clause opened by a conjunction has
    // its own subject.
    let opens_clause = |i: usize| {
        let start = cx.mentions[i].span.start;
        token_before(sent, start).is_some_and(|t| {
            matches!(&sent.lower[t], "but" | "while" | "whereas" | "although" | "though" | "yet")
                || (&sent.lower[t] == "and" && t > 0 && tok(t - 1) == ",")
        })
    };
    let m = candidates.filter(|&i| opens_clause(i)).last().unwrap_or(first);
    // `Okafor's lawyer, Grace Owusu, argued`: the apposed name speaks, not the possessor.
    Some(apposed_name(cx, sent, m).unwrap_or(m))
}

/// `Clinton campaign manager Robby Mook`, `Green Party strategist Tomas Reyes`: a name followed by
/// one to three lower-case words ending in a role noun and then a person's name premodifies that
/// name; it is not a clause's subject. (`Ryan endorsed Trump`, `Ruiz beat incumbent Berg`: a
/// verb before the name, so the first name is the subject.)
pub(crate) fn premodifier(cx: &Ctx, sent: &Sent, m: usize) -> bool {
    let Some(j) = token_from(sent, cx.mentions[m].span.end) else { return false };
    for k in j..(j + 3).min(sent.toks.len()) {
        let t = &sent.toks[k];
        let w = &sent.lower[k];
        if k > j
            && let Some(n) = cx.mention_starting(t.span.start)
        {
            let named = cx.mentions[n].kind == MentionType::Name && has_class(sent, k - 1, class::ROLE);
            return named && cx.mentions[n].entity.is_some_and(|e| cx.entities[e].kind == SpeakerType::Person);
        }
        let lower_word = t.word && t.of(cx.text).starts_with(char::is_lowercase);
        if !lower_word || w.ends_with("ed") || cx.lex.function_words.contains(&w) || cx.lemma_str(w).is_some() {
            return false;
        }
    }
    false
}

/// A speech verb at token `c` that can head a reporting clause: not a noun (`a note`), not an
/// infinitive (`declined to comment`), outside quotes. Asked once per token, for [`Sent::cues`].
fn is_cue(sent: &Sent, c: usize) -> bool {
    is_verb(sent, c) && sent.outside[c] && !(c > 0 && &sent.lower[c - 1] == "to")
}

/// Token `c`'s lexicon class says it is a listed speech verb (no lookup, no copy).
#[inline]
fn is_speech(sent: &Sent, c: usize) -> bool {
    has_class(sent, c, class::SPEECH)
}

/// Token `k` is in one of the lexicon's lists given by `bits` (its [`class`] bits, found once
/// per article: no lookup). False past the sentence's end.
#[inline]
pub(crate) fn has_class(sent: &Sent, k: usize, bits: u16) -> bool {
    sent.class.get(k).is_some_and(|c| c & bits != 0)
}

/// Token `k` is a listed adverb (`also`, `later`): [`has_class`].
#[inline]
pub(crate) fn is_adverb(sent: &Sent, k: usize) -> bool {
    has_class(sent, k, class::ADVERB)
}

/// Token `c` is a listed speech verb ([`is_speech`]), unless a determiner or a possessive `'s`
/// makes it a noun (`a note`, `the state's party`).
fn is_verb(sent: &Sent, c: usize) -> bool {
    if !is_speech(sent, c) {
        return false;
    }
    if c > 0 && matches!(&sent.lower[c - 1], "a" | "an" | "the" | "his" | "her" | "its" | "their" | "our" | "this") {
        return false;
    }
    sent.lower.get(c + 1) != Some("'s")
}

/// The lemma of a speech verb at token `c` ([`is_verb`]). Inlined where rules ask it of token
/// after token, so that the class bit rules most out without a call.
#[inline]
pub(crate) fn verb_lemma(cx: &Ctx, sent: &Sent, c: usize) -> Option<String> {
    if !is_speech(sent, c) {
        return None;
    }
    verb_lemma_str(cx, sent, c).map(str::to_owned)
}

/// [`verb_lemma`] without the copy. (A word with the speech class is a listed verb: it has a
/// lemma.)
pub(crate) fn verb_lemma_str<'a>(cx: &Ctx<'a>, sent: &Sent, c: usize) -> Option<&'a str> {
    if !is_verb(sent, c) {
        return None;
    }
    cx.lemma_str(&sent.lower[c])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokens::ArticleTokens;

    #[test]
    fn cues_are_speech_verbs_outside_quotes_that_head_a_clause() {
        let text = "Mira Voss said the \"plan was said to fail\" and a claim was made, she told reporters.";
        let lex = Lexicon::get();
        let layout = crate::layout::analyze(text, lex);
        let marks = crate::marks::pair(text, &layout);
        let sentences = crate::sentences::split(text, &layout, &marks, lex);
        let quotes = crate::quotes::place(text, marks, &sentences, lex);
        let tokens = ArticleTokens::new(text, &sentences, lex);
        let sent = sentence_view(tokens.sentence(0), &quotes, 0);
        let words: Vec<&str> = sent.cues().iter().map(|&c| sent.toks[c].of(text)).collect();
        // Not `said` inside the quotation, nor `claim` after a determiner.
        assert_eq!(words, ["said", "told"]);
        // Between two offsets: only the cues there.
        let told = text.find("told").expect("in the text");
        let between: Vec<usize> = cues_between(&sent, told, text.len()).collect();
        assert_eq!(between.len(), 1);
        assert_eq!(sent.toks[between[0]].of(text), "told");
        assert_eq!(cues_between(&sent, 0, told).count(), 1);
    }
}
