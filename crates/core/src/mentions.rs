//! Stage 5: mentions. Person names with titles, pronouns, role nouns ("the Kenyan minister") and organisations.
//!
//! A name is a run of capitalised words (with initials, `Paul K. Dunn`), optionally after a run
//! of title words (`Lt. Gen.`, `Defense Minister`, `Ohio Gov.`, demonyms, `of`); its apposition
//! (`, the city's mayor,`) and the role words just before it (`his Kenyan counterpart`) become
//! descriptors for role-noun matching later. A speaker phrase is one mention of the person: a
//! premodifier and role words before the name (`RNC spokesman Sean Spicer`, `Clinton's top aide
//! Jake Sullivan`, `campaign chairman Tom Reyes`) and `of Place` after it are its title and
//! descriptors, never mentions of their own. A role noun with a name in apposition (`a
//! spokeswoman, Jennifer Holt,`) stays a mention; `entities` makes both one person.
//! A lone capitalised word is a person only with evidence: a title, a known given name, a speech
//! verb next to it, or an earlier full name it completes (`Okafor` after `Chidi Okafor`).

use std::cell::Cell;

use crate::lexicon::{Lexicon, RoleKind, WordRefs, class};
use crate::model::{Layout, Mention, MentionType, Quote, Sentence, Span, SpeakerType, Word};
use crate::text::tokens::{ArticleTokens, Lowered, Token, shape};
use crate::text::{credits_in, is_quote_mark};

/// A descriptor word from a normalised token with its class bits: countries and demonyms
/// ([`class::COUNTRY`]) fold to the country name.
fn descriptor(lex: &'static Lexicon, w: &str, class: u16) -> Option<Word> {
    if matches!(w, "the" | "a" | "an" | "of" | "and" | "for" | "in" | "'s") || !w.chars().any(char::is_alphanumeric) {
        return None;
    }
    if class & class::COUNTRY != 0
        && let Some(country) = lex.country(w)
    {
        return Some(Word::Borrowed(country));
    }
    // `Sen.` describes a senator.
    if class & class::ABBREVIATION != 0
        && let Some(word) = lex.title_abbreviations.get(w)
    {
        return Some(Word::Borrowed(word));
    }
    Some(lex.word(w, class))
}

struct Ctx<'a> {
    text: &'a str,
    lex: &'static Lexicon,
    toks: &'a [Token],
    lower: Lowered<'a>,
    class: &'a [u16],
    /// Per token: `known.len() + 1` when [`name`] last found no name there with that many known
    /// names (the role-phrase readers ask again for the same tokens; `known` only grows).
    no_name: &'a [Cell<usize>],
}

impl Ctx<'_> {
    fn word(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.word)
    }
    /// Token i's normalised form is `s`.
    fn is(&self, i: usize, s: &str) -> bool {
        self.lower.bytes(i) == Some(s.as_bytes())
    }
    fn cap(&self, i: usize) -> bool {
        // (`&` rather than `&&`: one branch, where the two tests are as good as random.)
        self.toks.get(i).is_some_and(|t| t.word & (t.shape & shape::CAP != 0))
    }
    fn has(&self, i: usize, bits: u16) -> bool {
        self.class.get(i).is_some_and(|c| c & bits != 0)
    }
    fn title(&self, i: usize) -> bool {
        self.has(i, class::TITLE)
    }
    fn country(&self, i: usize) -> bool {
        self.has(i, class::COUNTRY)
    }
    fn role(&self, i: usize) -> bool {
        self.has(i, class::ROLE)
    }
    fn speech(&self, i: usize) -> bool {
        self.has(i, class::SPEECH)
    }
    /// A token that can be part of a person's or organisation's name. (Small enough to inline;
    /// a hyphenated word, rare, is read by [`Ctx::hyphenated_name`].)
    #[inline]
    fn name_tok(&self, i: usize) -> bool {
        const NOT: u16 = class::NOT_NAME | class::PRONOUN | class::ADVERB | class::DETERMINER | class::PREPOSITION;
        let (Some(tok), Some(&c)) = (self.toks.get(i), self.class.get(i)) else { return false };
        // The tests as bits, not branches: which way each goes is as good as random.
        let eligible = tok.word & (c & NOT == 0);
        if tok.shape & shape::HYPHEN == 0 {
            return eligible & (tok.shape & shape::CAP != 0);
        }
        eligible && self.hyphenated_name(*tok)
    }
    /// [`Ctx::name_tok`] of a hyphenated word outside the lists that bar names.
    #[inline(never)]
    fn hyphenated_name(&self, tok: Token) -> bool {
        let t = tok.of(self.text);
        if tok.shape & shape::CAP != 0 {
            // `Arabic-language`, `Pro-government`: compound adjectives, not names.
            return !lower_after_hyphen(t);
        }
        // al-Rashid, bin-Salman: a particle glued to a capitalised name.
        match t.split_once('-') {
            Some((p, rest)) => self.lex.particles.contains(p) && rest.starts_with(char::is_uppercase),
            None => false,
        }
    }
    /// Speech verb at i, possibly after adverbs/auxiliaries: the index of the verb. A bare base
    /// form (`Rivers indicate`) is no evidence of a singular person; after an auxiliary it is.
    fn cue_at(&self, mut i: usize) -> Option<usize> {
        for n in 0..3 {
            if self.speech(i) {
                let base = self.lex.speech_lemma(&self.lower[i]) == Some(&self.lower[i]);
                return (!base || n > 0).then_some(i);
            }
            if self.has(i, class::ADVERB) {
                i += 1;
            } else {
                return None;
            }
        }
        None
    }
    /// `Will Estrada`: a capitalised given name that is also an auxiliary or adverb, before a name.
    fn given_adverb(&self, i: usize) -> bool {
        self.has(i, class::ADVERB)
            && self.cap(i)
            && !self.has(i, class::NOT_NAME | class::SPEECH)
            && self.lex.first_names.contains(&self.lower[i])
            && self.name_tok(i + 1)
    }
    /// A capitalised common word that is also a surname (`West`), not before a number (`May 5`).
    fn surname_word(&self, i: usize) -> bool {
        self.cap(i)
            && self.has(i, class::SURNAME)
            && !self.toks.get(i + 1).is_some_and(|t| t.of(self.text).starts_with(|c: char| c.is_ascii_digit()))
    }
    /// The token is a period (`.` after an initial or an abbreviation).
    fn dot(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| !t.word && t.of(self.text) == ".")
    }
    /// An initial: one capital letter, or several joined by periods (`K`, `G.K`).
    fn initial(&self, i: usize) -> bool {
        // A plain word has no period: it is an initial when it is one letter long.
        self.cap(i)
            && if self.toks[i].shape & shape::PLAIN != 0 {
                self.toks[i].span.len() == 1
            } else {
                self.toks[i].of(self.text).split('.').all(|p| p.chars().count() == 1)
            }
    }
    /// `Texas-based`, `Los Angeles-based`: a capitalised compound adjective.
    #[inline]
    fn compound_adjective(&self, i: usize) -> bool {
        self.cap(i) && self.toks[i].shape & shape::HYPHEN != 0 && lower_after_hyphen(self.toks[i].of(self.text))
    }
    /// A lower-case word that may describe a person before their name (`campaign`, `political`,
    /// `spokesman`): not a function word, pronoun, adverb, speech verb or (unlisted) verb form.
    fn descriptor_word(&self, i: usize) -> bool {
        const NOT: u16 = class::SPEECH
            | class::NOT_NAME
            | class::ADVERB
            | class::PRONOUN
            | class::DETERMINER
            | class::QUANTIFIER
            | class::PARTICLE;
        let (Some(tok), Some(&c)) = (self.toks.get(i), self.class.get(i)) else { return false };
        if !tok.word | (c & NOT != 0) | (tok.shape & shape::CAP != 0) {
            return false;
        }
        let w = &self.lower[i];
        // At least three characters, all letters or hyphens (one pass; a word of fewer than
        // three bytes has fewer than three characters).
        if w.len() < 3 {
            return false;
        }
        // ASCII letters and hyphens byte by byte; from the first other byte, characters.
        let letters = match w.bytes().position(|b| !(b.is_ascii_alphabetic() || b == b'-')) {
            None => true,
            Some(p) => {
                w.as_bytes()[p] >= 0x80 && w.chars().all(|c| c.is_alphabetic() || c == '-') && w.chars().count() >= 3
            }
        };
        if !letters {
            return false;
        }
        self.has(i, class::ROLE | class::TITLE | class::MODIFIER) || !(w.ends_with("ed") || w.ends_with("ing"))
    }
    /// A word naming what a person is or does: a listed role or title, or an agent noun by its
    /// ending (`pollster`, `cartoonist`, `consultant`, `historian`).
    fn role_like(&self, i: usize) -> bool {
        self.role_like_given(i, self.descriptor_word(i))
    }
    /// [`Ctx::role_like`], given whether token i is a [`Ctx::descriptor_word`] (for a caller that
    /// has asked already).
    fn role_like_given(&self, i: usize, descriptor: bool) -> bool {
        const AGENT: [&str; 9] = ["ist", "er", "or", "ian", "ant", "ent", "man", "woman", "ee"];
        self.has(i, class::ROLE | class::TITLE)
            || descriptor && self.lower.get(i).is_some_and(|w| w.len() >= 5 && AGENT.iter().any(|s| w.ends_with(s)))
    }
    fn span(&self, a: usize, b: usize) -> Span {
        Span::new(self.toks[a].span.start, self.toks[b - 1].span.end)
    }
    /// The descriptor words of tokens `a..b`.
    fn descriptors(&self, a: usize, b: usize) -> impl Iterator<Item = Word> {
        (a..b).filter_map(|i| descriptor(self.lex, &self.lower[i], self.class[i]))
    }
    /// Token i's normalised form as a [`Word`].
    fn word_at(&self, i: usize) -> Word {
        self.lex.word(&self.lower[i], self.class[i])
    }
}

/// Finds every mention that could be a speaker.
pub fn find(
    text: &str,
    layout: &Layout,
    sentences: &[Sentence],
    tokens: &ArticleTokens,
    quotes: &[Quote],
    lex: &'static Lexicon,
) -> Vec<Mention> {
    // About three mentions per sentence in news text: sized once rather than grown by copying.
    let mut out = Vec::with_capacity(sentences.len() * 3);
    // Lower-case tokens of person names seen so far: a later lone surname is a person. Sized
    // for an article's names, so that it is not rehashed as it grows.
    let mut known = WordRefs::with_capacity_and_hasher(64, Default::default());
    let mut no_name = Vec::new();
    let mut starts = Vec::new();
    // `(Jane Roe/Associated Press)`: a photo credit names nobody who speaks. Found once for the
    // article (in text order); a sentence skips those inside it.
    let all_credits = credits_in(text, Span::new(0, text.len()));
    let regions: Vec<Span> =
        quotes.iter().map(|q| Span::new(q.open.start, q.close.map_or(q.span.end, |c| c.end))).collect();
    for (si, s) in sentences.iter().enumerate() {
        if layout.is_boilerplate(s.paragraph) {
            continue;
        }
        let t = tokens.sentence(si);
        no_name.clear();
        no_name.resize(t.toks.len(), 0);
        let cx = Ctx {
            text,
            lex,
            toks: t.toks,
            lower: t.lower,
            class: t.class,
            no_name: Cell::from_mut(&mut no_name[..]).as_slice_of_cells(),
        };
        let credits = &all_credits[all_credits.partition_point(|c| c.start < s.span.start)
            ..all_credits.partition_point(|c| c.start < s.span.end)];
        starts_in(&cx, &mut starts);
        // The first token no earlier mention (or credit) of the sentence covers.
        let mut k = 0;
        for &start in &starts {
            if (start as usize) < k {
                continue;
            }
            k = start as usize;
            let tok = cx.toks[k];
            // A credit is skipped from its first token that could start a mention (the tokens
            // before it start none).
            if let Some(c) = credits.iter().find(|c| c.end <= s.span.end && c.contains(tok.span)) {
                k = cx.toks.partition_point(|t| t.span.start < c.end);
                continue;
            }
            let Some((mut m, mut next)) = mention_at(&cx, k, &known) else { continue };
            if m.kind == MentionType::Name {
                // `RNC spokesman Sean Spicer`: the premodifier and role describe the name.
                // A possessor opens a noun phrase; a person or group may be the subject
                // of a verb.
                let subject = matches!(m.speaker_type, SpeakerType::Person | SpeakerType::Group);
                let strict = subject && !cx.is(next, "'s");
                if let Some((p, gap, end)) = premodified(&cx, next, &known, strict) {
                    m = joined(&cx, Some((m, k)), gap, p);
                    next = end;
                }
            }
            if m.kind == MentionType::Name && m.speaker_type == SpeakerType::Person {
                next = of_place(&cx, &mut m, next);
                // Where the sentence is free: after the previous mention of this sentence.
                let floor = out
                    .last()
                    .filter(|p: &&Mention| p.sentence == si)
                    .map_or(0, |p| cx.toks.partition_point(|t| t.span.start < p.span.end));
                extend_left(&cx, &mut m, floor);
            }
            m.sentence = si;
            // `Kenya's foreign minister`: a role phrase that takes in a possessor mentioned
            // just before replaces it.
            while out.last().is_some_and(|p: &Mention| p.span.end > m.span.start) {
                out.pop();
            }
            // `her Ugandan counterpart, Samuel Okello,`: the role phrase describes the name
            // (and `entities` makes both one person).
            if m.kind == MentionType::Name
                && m.speaker_type == SpeakerType::Person
                && let Some(prev) = out.last().filter(|p: &&Mention| {
                    p.kind == MentionType::Nominal
                        && p.sentence == si
                        && p.speaker_type != SpeakerType::Group
                        && text[p.span.end..m.span.start].trim() == ","
                })
            {
                let mut desc = prev.descriptors.clone();
                desc.extend(prev.head.clone());
                desc.append(&mut m.descriptors);
                m.descriptors = desc;
            }
            // Regions are in text order and disjoint: the last one starting before the mention.
            let r = regions.partition_point(|r| r.start <= m.span.start);
            m.in_quote = r > 0 && regions[r - 1].contains(m.span);
            if m.kind == MentionType::Name && m.speaker_type == SpeakerType::Person {
                let name = m.name.unwrap_or(m.span);
                for i in (k..next).filter(|&i| cx.word(i) && name.contains(cx.toks[i].span)) {
                    known.insert(lex.name_key(t.lower.at(i)));
                }
            }
            out.push(m);
            k = next;
        }
    }
    out
}

/// The tokens of a sentence that can start a mention, in order: words that are capitalised or
/// hyphenated (`al-Rashid`), or a determiner, role, title, country or pronoun. Most tokens are
/// neither (punctuation, plain lower-case words). Collected without a branch per token: which
/// tokens pass is as good as random to the processor.
fn starts_in(cx: &Ctx, starts: &mut Vec<u32>) {
    const OPENS: u16 = class::DETERMINER | class::ROLE | class::TITLE | class::COUNTRY | class::PRONOUN;
    starts.clear();
    starts.resize(cx.toks.len(), 0);
    let mut n = 0;
    for (i, (tok, &c)) in cx.toks.iter().zip(cx.class).enumerate() {
        starts[n] = i as u32;
        let opens = (tok.shape & (shape::CAP | shape::HYPHEN) != 0) | (c & OPENS != 0);
        n += usize::from(tok.word & opens);
    }
    starts.truncate(n);
}

/// The mention starting at token `k`, read by the first reader that finds one. (Each reader's
/// result is returned as it is, so that the mention is written once, not moved down a chain.)
fn mention_at(cx: &Ctx, k: usize, known: &WordRefs) -> Option<(Mention, usize)> {
    // Which readers can succeed is told by the token's class and shape, tested once here (each
    // reader tests again): which kind of token comes next is as good as random to the processor.
    let (form, c) = (cx.toks[k].shape, cx.class[k]);
    let cap = form & shape::CAP != 0;
    if c & (class::DETERMINER | class::ROLE) != 0 {
        let found = nominal(cx, k);
        if found.is_some() {
            return found;
        }
    }
    if cap | (form & shape::HYPHEN != 0) | (c & (class::TITLE | class::COUNTRY) != 0) {
        let found = name(cx, k, known);
        if found.is_some() {
            return found;
        }
    }
    if c & class::PRONOUN != 0 {
        let found = pronoun(cx, k);
        if found.is_some() {
            return found;
        }
    }
    if !cap {
        return None;
    }
    let found = bare_premodified(cx, k, known);
    if found.is_some() {
        return found;
    }
    // `Texas-based Ann Roe`: a compound adjective opens the phrase.
    if !cx.compound_adjective(k) {
        return None;
    }
    let (p, gap, end) = premodified(cx, k, known, false)?;
    Some((joined(cx, None, gap, p), end))
}

fn pronoun(cx: &Ctx, k: usize) -> Option<(Mention, usize)> {
    if !cx.has(k, class::PRONOUN) {
        return None;
    }
    let p = cx.lex.pronouns.get(&cx.lower[k])?;
    let mut m = Mention::new(cx.toks[k].span, MentionType::Pronoun, p.kind);
    m.gender = p.gender;
    m.plural = p.plural;
    m.head = Some(cx.word_at(k));
    Some((m, k + 1))
}

/// `the [modifiers] ROLE [of X]`: "the Kenyan minister", "a senior official", "the two sides".
fn nominal(cx: &Ctx, k: usize) -> Option<(Mention, usize)> {
    if !cx.word(k) {
        return None;
    }
    if !cx.has(k, class::DETERMINER) {
        return bare_group(cx, k);
    }
    // Most determiner phrases name nobody (`the need`, `a visit`): a phrase needs a role noun
    // among its first six words, or a speech verb before it or within ten words after it (see
    // the head rules below). One pass over the class bits settles most phrases.
    let window = cx.class.get(k + 1..(k + 11).min(cx.class.len())).unwrap_or_default();
    let near = window.iter().fold(0, |bits, &c| bits | c);
    if near & (class::ROLE | class::SPEECH) == 0 && !(k > 0 && cx.speech(k - 1)) {
        return None;
    }
    let mut head = None;
    let mut j = k + 1;
    // The first of the unlisted lower-case words read since the last role noun (`central` in
    // `the central bank governor`): they belong to the phrase only if a role noun follows.
    let mut pending = None;
    while j < cx.toks.len() && j - k <= 6 {
        let ok_mod = cx.has(j, class::TITLE | class::COUNTRY | class::ROLE | class::QUANTIFIER | class::MODIFIER)
            || (j > k + 1 && cx.is(j, "'s"))
            || cx.cap(j)
            || (!cx.word(j) && cx.toks[j].of(cx.text) == "-");
        // Compound nouns before the head only: `the minister met governor X` ends at `minister`
        // (tested only when no listed modifier matched).
        let plain = || head.is_none() && cx.descriptor_word(j);
        // A speech verb ends the phrase; a capitalised one is a name (`the State Department`), a
        // role noun a noun (`the report urges`).
        if !(ok_mod || plain()) || (cx.speech(j) && !cx.cap(j) && !cx.role(j)) {
            break;
        }
        if cx.role(j) {
            head = Some(j);
            pending = None;
        } else if !ok_mod && pending.is_none() {
            pending = Some(j);
        }
        j += 1;
    }
    if let Some(p) = pending {
        j = p;
    }
    // A head noun outside the role list still names a speaker when a speech verb stands right
    // beside the phrase: `said one former patient`, `a passenger said`.
    let plain_noun = |i: usize| {
        cx.word(i)
            && cx.class[i] & (class::SPEECH | class::NOT_NAME | class::ADVERB | class::PRONOUN) == 0
            && !cx.lower[i].ends_with("ed")
            && {
                // ASCII lower-case letters and hyphens byte by byte; from the first other byte,
                // characters.
                let t = cx.toks[i].of(cx.text);
                match t.bytes().position(|b| !(b.is_ascii_lowercase() || b == b'-')) {
                    None => true,
                    Some(p) => t.as_bytes()[p] >= 0x80 && t.chars().all(|c| c.is_lowercase() || c == '-'),
                }
            }
    };
    // `at the time said`: after a preposition the phrase is no subject; `denounced her record
    // as`: after a verb, only a phrase that ends its clause names the speaker (`said a passenger.`).
    let after_preposition = k > 0
        && cx.has(k - 1, class::PREPOSITION)
        && !(cx.is(k - 1, "of") && k >= 2 && cx.has(k - 2, class::QUANTIFIER | class::DETERMINER));
    let ends_clause = |h: usize| cx.toks.get(h + 1).is_none_or(|t| !t.word);
    let h = match head {
        Some(h) => h,
        None => {
            // `the Clinton campaign said`: a listed modifier noun ends the phrase as its head.
            let last = j - 1;
            let h = if plain_noun(j) {
                j
            } else if last > k && cx.has(last, class::MODIFIER) && plain_noun(last) {
                last
            } else {
                return None;
            };
            if after_preposition || !((k > 0 && cx.speech(k - 1) && ends_clause(h)) || cx.cue_at(h + 1).is_some()) {
                return None;
            }
            h
        }
    };
    let mut end = h + 1;
    // `of Defense of Kenya`
    while cx.is(end, "of") && (cx.cap(end + 1) || cx.country(end + 1) || cx.is(end + 1, "the") && cx.cap(end + 2)) {
        end += 2;
        while cx.cap(end) || cx.country(end) || (cx.is(end, "and") && cx.cap(end + 1)) {
            end += 1;
        }
    }
    // A title before a name: the name mention takes it.
    if end < cx.toks.len() && cx.name_tok(end) && !cx.title(end) && !cx.is(end, "of") {
        return None;
    }
    // `Smith's spokesman`, `the company's chief executive`: the possessor opens the phrase.
    let mut k = k;
    // Descriptors start after a determiner, but include a possessor (`Kenya's`).
    let mut desc_start = k + 1;
    if cx.is(k, "'s") {
        // The possessor with its title: `Ms. Merkel's spokesman`.
        while k > 0 && (cx.cap(k - 1) || cx.dot(k - 1) && k >= 2 && cx.has(k - 2, class::ABBREVIATION)) {
            k -= 1;
        }
        if cx.is(k, "'s") {
            return None;
        }
        desc_start = k;
    }
    let role = cx.lex.roles.get(&cx.lower[h]).copied().unwrap_or(crate::lexicon::Role {
        kind: RoleKind::Speaker(SpeakerType::Person),
        gender: None,
        plural: false,
    });
    // `The Foreign Ministry`: a proper name, not a role noun.
    if cx.cap(h) && matches!(role.kind, RoleKind::Speaker(SpeakerType::Organization)) {
        return None;
    }
    let indefinite = matches!(cx.lower.bytes(k), Some(b"a" | b"an" | b"one"));
    // `according to a report by the agency`: a document nobody is named in is no mention (its
    // issuer, if named after it, is); `a Quinnipiac poll` names its issuer.
    if role.kind == RoleKind::Statement && indefinite && !(k + 1..end).any(|i| cx.cap(i)) {
        return None;
    }
    let speaker_type = match role.kind {
        RoleKind::Speaker(SpeakerType::Person) if indefinite => SpeakerType::Anonymous,
        RoleKind::Speaker(t) => t,
        RoleKind::Statement => SpeakerType::Organization,
    };
    let mut m = Mention::new(cx.span(k, end), MentionType::Nominal, speaker_type);
    m.head = Some(cx.word_at(h));
    m.gender = role.gender;
    m.plural = role.plural;
    m.descriptors = cx.descriptors(desc_start, end).collect();
    Some((m, end))
}

/// A bare plural role noun: "Analysts at Northbank said", "residents say".
fn bare_group(cx: &Ctx, k: usize) -> Option<(Mention, usize)> {
    if !cx.has(k, class::ROLE) {
        return None;
    }
    let role = cx.lex.roles.get(&cx.lower[k])?;
    if !(role.plural && role.kind == RoleKind::Speaker(SpeakerType::Group)) {
        return None;
    }
    let mut end = k + 1;
    // "at Northbank", "from the union": a short prepositional phrase naming where they are from.
    if matches!(cx.lower.bytes(end), Some(b"at" | b"of" | b"from" | b"with")) {
        let (start, e) = capitalised_run(cx, end + 1, 5);
        if e > start {
            end = e;
        }
    }
    let mut m = Mention::new(cx.span(k, end), MentionType::Nominal, SpeakerType::Group);
    m.head = Some(cx.word_at(k));
    m.plural = true;
    m.descriptors = cx.descriptors(k + 1, end).collect();
    Some((m, end))
}

/// A (titled) name or an organisation's name starting at `k`; a token where none starts is
/// remembered until `known` grows.
#[inline]
fn name(cx: &Ctx, k: usize, known: &WordRefs) -> Option<(Mention, usize)> {
    // Most tokens are lower-case words that can start neither a title nor a name.
    if !(cx.cap(k) || cx.has(k, class::TITLE | class::COUNTRY) || cx.name_tok(k)) {
        return None;
    }
    let stamp = known.len() + 1;
    let no_name = cx.no_name.get(k)?;
    if no_name.get() == stamp {
        return None;
    }
    let found = read_name(cx, k, known);
    if found.is_none() {
        no_name.set(stamp);
    }
    found
}

/// [`name`], read from the tokens (from a token that can start a title or a name). Not inlined,
/// so that [`name`]'s quick refusals do not pay for this long function's frame.
#[inline(never)]
fn read_name(cx: &Ctx, k: usize, known: &WordRefs) -> Option<(Mention, usize)> {
    // Title run: Lt. Gen. / Defense Minister / Kenyan / Chief of Staff of Kenya's Armed Forces.
    let mut j = k;
    let mut person_title = false;
    // After an abbreviated title (`Mr.`, `Sen.`), a capitalised title word that no name follows
    // is the surname: `Mr. King said`, `Ms. Boxer said`.
    let mut abbreviated = false;
    let mut surname_title = false;
    loop {
        if cx.title(j) && abbreviated && cx.cap(j) && !(cx.name_tok(j + 1) || cx.title(j + 1) || cx.dot(j + 1)) {
            surname_title = true;
            break;
        } else if cx.title(j) {
            person_title |= !cx.country(j);
            j += 1;
            abbreviated = cx.dot(j) && cx.has(j - 1, class::ABBREVIATION);
            if abbreviated {
                j += 1;
            }
        } else if cx.country(j) && cx.cap(j) && (cx.is(j + 1, "'s") || cx.title(j + 1) || cx.country(j + 1)) {
            // `Kenyan Trade Minister`, `Kenya's Armed Forces`; not `Ms. Jordan Blake`.
            j += 1;
            if cx.is(j, "'s") {
                j += 1;
            }
        } else if j > k && (cx.is(j, "of") || cx.is(j, "and")) && (cx.title(j + 1) || cx.country(j + 1)) {
            j += 1;
        } else if let Some(end) = (j > k && person_title).then(|| office_complement(cx, j)).flatten() {
            // `Spokesman for the Turkish Foreign Ministry Emre Sahin`.
            j = end;
        } else {
            break;
        }
    }
    let title_end = j;
    // Name run.
    let mut n = j;
    while n < cx.toks.len() {
        // `James A. Lewis`: an initial that is also a word. (Asked only of a token that is no
        // plain name word, as `surname` is.)
        let initial = || n > title_end && cx.initial(n) && cx.dot(n + 1) && cx.name_tok(n + 2);
        // `Kanye West`, `Mr. West`, `West said`: a common word that is also a surname.
        let surname = || {
            cx.surname_word(n)
                && (n > title_end
                    || person_title
                    || cx.cue_at(n + 1).is_some()
                    || (n > 0
                        && !cx.has(n - 1, class::DETERMINER | class::PREPOSITION)
                        && known.contains(cx.lex.name_key(&cx.lower[n]))))
        };
        let name_word = (cx.name_tok(n) || cx.given_adverb(n) || initial() || surname())
            && (n > title_end || !cx.title(n) || surname_title);
        // `Ludwig van Beethoven`: a particle inside a name.
        let particle = n > title_end && cx.has(n, class::PARTICLE) && cx.name_tok(n + 1);
        if name_word || particle {
            n += 1;
            // `G.K. Butterfield`, `Peter T. King`: an initial's period; `Ohio Gov. Ann Roe`: a
            // title abbreviation's (the title part is split off below).
            if cx.dot(n)
                && (cx.initial(n - 1) || cx.title(n - 1) && cx.has(n - 1, class::ABBREVIATION))
                && cx.name_tok(n + 1)
            {
                n += 1;
            }
            // `James Comey Jr.`: a generational suffix keeps its period.
            if n > title_end + 1 && cx.dot(n) && matches!(cx.lower.bytes(n - 1), Some(b"jr" | b"sr")) {
                n += 1;
                break;
            }
        } else if n > title_end
            && matches!(cx.lower.bytes(n), Some(b"and" | b"of" | b"for" | b"&"))
            && cx.name_tok(n + 1)
            && ((title_end..n).any(|i| cx.has(i, class::ORG))
                || (n + 1..cx.toks.len()).take_while(|&i| cx.name_tok(i)).any(|i| cx.has(i, class::ORG)))
            // `Phil Berger and House Speaker Tim Moore`: two people, not one body.
            && !(n + 1..cx.toks.len()).take_while(|&i| cx.name_tok(i)).any(|i| cx.title(i) && !cx.has(i, class::ORG))
        {
            // `Securities and Exchange Commission`, `Bank of England`: one organisation.
            n += 1;
        } else {
            break;
        }
    }
    if n == title_end {
        return None;
    }
    // `Federal Reserve Governor Lisa Cho`: a title word inside the run ends the title part.
    // (`General Motors` keeps its name: an organisation word follows the title word.)
    let mut title_end = title_end;
    if let Some(t) = (title_end..n.saturating_sub(1))
        .rev()
        .find(|&i| cx.title(i) && !cx.country(i) && !cx.has(i + 1, class::ABBREVIATION))
        && !(t + 1..n).any(|i| cx.has(i, class::ORG))
    {
        title_end = t + 1 + usize::from(cx.dot(t + 1));
    }
    // `Swimmer Ingrid Dahl`: a capitalised word before a given name and a surname is a title.
    while n - title_end >= 3
        && !cx.lex.first_names.contains(&cx.lower[title_end])
        && cx.lex.first_names.contains(&cx.lower[title_end + 1])
        && !cx.has(title_end, class::ORG)
    {
        title_end += 1;
    }
    let person_title = person_title || title_end > j;
    let text = cx.text;
    let name_span = cx.span(title_end, n);
    let single = n - title_end == 1;
    let acronym = single && {
        let t = cx.toks[title_end].of(text);
        // (The test most words fail first.)
        t.chars().all(|c| !c.is_lowercase()) && t.chars().filter(|c| c.is_alphabetic()).count() >= 2
    };
    let org = (title_end..n).any(|i| cx.has(i, class::ORG)) || acronym;
    // `Kenya`, `South Africa`: a country's name. (An organisation's name is one whether or not
    // it is a country's; the words of several are joined once, for both lists.)
    let phrase =
        (title_end == k && !single && !org).then(|| (title_end..n).map(|i| &cx.lower[i]).collect::<Vec<_>>().join(" "));
    let country = title_end == k
        && if single { cx.country(k) } else { phrase.as_deref().is_some_and(|p| cx.lex.country(p).is_some()) };
    // A place other than a country (`New Jersey`, `Benghazi`) is no mention: it never speaks,
    // and is never a person.
    if title_end == k
        && !org
        && !country
        && (if single {
            cx.lex.places.contains(&cx.lower[k])
        } else {
            phrase.is_some_and(|p| cx.lex.places.contains(&p))
        })
    {
        return None;
    }
    // `Iowa Democrats`, `Muslim Americans`: a group named by party, faith or origin.
    // (Every listed role has the role class: other words are not looked up.)
    if !org
        && cx.role(n - 1)
        && cx
            .lex
            .roles
            .get(&cx.lower[n - 1])
            .is_some_and(|r| r.plural && r.kind == RoleKind::Speaker(SpeakerType::Group))
    {
        let mut m = Mention::new(cx.span(title_end, n), MentionType::Name, SpeakerType::Group);
        m.name = Some(m.span);
        m.plural = true;
        return Some((m, n));
    }
    if org || country {
        // Organisations keep capitalised title words as part of their name (Foreign Ministry).
        let start = (k..title_end).find(|&i| cx.cap(i) && !cx.country(i) || i == title_end).unwrap_or(title_end);
        let start = if org { start } else { title_end };
        let mut m = Mention::new(cx.span(start, n), MentionType::Name, SpeakerType::Organization);
        m.name = Some(m.span);
        return Some((m, n));
    }
    let first = &cx.lower[title_end];
    let evidence = person_title
        || !single
        || cx.lex.first_names.contains(first)
        || known.contains(cx.lex.name_key(&cx.lower[title_end]))
        || cx.cue_at(n).is_some()
        || (title_end > 0 && cx.speech(title_end - 1));
    if !evidence {
        return None;
    }
    let mut m = Mention::new(cx.span(k, n), MentionType::Name, SpeakerType::Person);
    m.name = Some(name_span);
    // Title: the run without leading demonyms / countries.
    let t0 = (k..title_end).find(|&i| !cx.country(i) && !cx.is(i, "'s")).unwrap_or(title_end);
    if t0 < title_end {
        m.title = Some(cx.span(t0, title_end).of(text).to_owned());
    }
    // Gender only from what the article says: a gendered title (`Mrs.`, `spokeswoman`), never
    // from the given name.
    m.gender = (k..title_end).find_map(|i| cx.lex.gendered_titles.get(cx.lower[i].trim_end_matches('.')).copied());
    // Descriptors: title run, the role words just before (his Kenyan counterpart), apposition.
    let mut desc: Vec<Word> = cx.descriptors(k, title_end).collect();
    let mut b = k;
    while b > 0 && k - b < 3 && (cx.role(b - 1) || cx.country(b - 1) || cx.title(b - 1)) {
        b -= 1;
    }
    desc.extend(cx.descriptors(b, k));
    desc.extend(apposition(cx, n));
    m.descriptors = desc;
    Some((m, n))
}

/// A role phrase running from token `g` into a person's name: an optional possessive `'s`, up to
/// six role words (lower-case descriptor words, capitalised words such as `Republican`, a
/// compound adjective such as `Texas-based` at `g`) and a name: `[RNC] spokesman Sean Spicer`,
/// `[Clinton]'s top aide Jake Sullivan`, `Florida-based Republican strategist Ann Roe`. The word
/// before the name must name a role (`spokesman`, `pollster`), so that `[Cruz] beat Ann Roe` is
/// no phrase; after a possessive, a full name will do when a speech verb follows it or its given
/// name is known (`[CNN]'s Jake Tapper said`). After a person (`strict`), every role word must be
/// a listed lower-case word or name a role: `[Ann Roe] beat incumbent Tom Berg` is a sentence.
/// Returns the person's mention, where the role words start, and the token after the name.
fn premodified(cx: &Ctx, g: usize, known: &WordRefs, strict: bool) -> Option<(Mention, usize, usize)> {
    let possessive = cx.is(g, "'s");
    let gap = g + usize::from(possessive);
    // Capitalised role words come before the lower-case ones (`Republican strategist`): after a
    // lower-case word, a capitalised one is a name (`[Acme] met Senate leader Ann Roe` is no phrase).
    let mut lower_seen = false;
    // The name starts at the gap, or right after a lower-case role word (`strategist Ann Roe`).
    let mut after_role = false;
    let mut i = gap;
    while i - gap <= 6 {
        if (i == gap || after_role)
            && (cx.cap(i) || cx.title(i))
            && let Some(found) = person_after(cx, gap, i, possessive, known)
        {
            return Some(found);
        }
        // Whether token i is a role word; each test made once per token.
        let descriptor = cx.descriptor_word(i);
        let role_like = cx.role_like_given(i, descriptor);
        let listed = role_like || cx.has(i, class::MODIFIER | class::ORG);
        let lower = descriptor && (!strict || listed);
        lower_seen |= lower;
        let role_word = lower
            || (i == g && cx.compound_adjective(i))
            || (!strict && !lower_seen && cx.cap(i) && !cx.has(i, class::NOT_NAME | class::PRONOUN));
        if !role_word {
            return None;
        }
        after_role = cx.compound_adjective(i) || role_like && !cx.cap(i);
        i += 1;
    }
    None
}

/// The person named from token `i` of a role phrase (see [`premodified`]), if the phrase holds.
fn person_after(cx: &Ctx, gap: usize, i: usize, possessive: bool, known: &WordRefs) -> Option<(Mention, usize, usize)> {
    let (p, end) = name(cx, i, known)?;
    if p.kind != MentionType::Name || p.speaker_type != SpeakerType::Person {
        return None;
    }
    let name = p.name?;
    let words = cx.toks[i..end].iter().filter(|t| t.word && name.contains(t.span)).count();
    let full = words >= 2 || p.title.is_some();
    let role = i > gap || p.title.is_some();
    let credited =
        possessive && i == gap && words >= 2 && (cx.lex.first_names.contains(&cx.lower[i]) || cx.cue_at(end).is_some());
    (full && role || credited).then_some((p, gap, end))
}

/// `Republican strategist Fred Davis`, `Commentary's Noah Rothman`: capitalised words that are
/// no mention of their own open a role phrase.
fn bare_premodified(cx: &Ctx, k: usize, known: &WordRefs) -> Option<(Mention, usize)> {
    let mut r = k;
    while r - k < 4 && cx.cap(r) && !cx.has(r, class::NOT_NAME | class::PRONOUN) {
        r += 1;
    }
    if r == k {
        return None;
    }
    let (p, gap, end) = premodified(cx, r, known, !cx.is(r, "'s"))?;
    let pre = Mention::new(cx.span(k, r), MentionType::Name, SpeakerType::Organization);
    Some((joined(cx, Some((pre, k)), gap, p), end))
}

/// One person mention from a premodifier (a name or organisation ending before `gap`, with its
/// first token; none for `Texas-based Ann Roe`), the role words from `gap`, and the person `p`:
/// the span covers all, the name stays `p`'s, the role words are the title, and every word
/// describes the person.
fn joined(cx: &Ctx, pre: Option<(Mention, usize)>, gap: usize, mut p: Mention) -> Mention {
    let name = p.name.unwrap_or(p.span);
    let first = cx.toks[gap].span.start;
    if first < name.start {
        let title = cx.text[first..name.start].trim_end();
        p.title = Some(title.to_owned());
    }
    let mut desc: Vec<Word> = Vec::new();
    let start = match pre {
        Some((pre, k)) => {
            let premod_end = cx.toks.partition_point(|t| t.span.end <= pre.span.end);
            desc.extend(pre.descriptors);
            desc.extend(cx.descriptors(k, premod_end));
            pre.span.start
        }
        None => first,
    };
    let name_at = cx.toks.partition_point(|t| t.span.start < name.start);
    desc.extend(cx.descriptors(gap, name_at));
    desc.append(&mut p.descriptors);
    p.descriptors = desc;
    p.span = Span::new(start, p.span.end);
    p
}

/// `Paul K. Dunn of Wisconsin`, `Ann Roe of the Daily Courier`: a place or body after a person's
/// full name describes the person (it is no mention of its own). Returns the token after it.
fn of_place(cx: &Ctx, m: &mut Mention, next: usize) -> usize {
    let Some(name) = m.name else { return next };
    let full = m.title.is_some() || cx.text[name.start..name.end].contains(char::is_whitespace);
    if !full || !cx.is(next, "of") {
        return next;
    }
    let (start, e) = capitalised_run(cx, next + 1, 4);
    if e == start || cx.cap(e) || cx.is(e, "'s") {
        return next;
    }
    m.descriptors.extend(cx.descriptors(start, e));
    m.span.end = cx.toks[e - 1].span.end;
    e
}

/// `"…," campaign chairman Tom Reyes said`, `psychologist Ellen Marsh says`: lower-case role
/// words before a person's mention belong to it when they follow a phrase boundary (the
/// sentence start, punctuation, a speech verb or a determiner) and the word next to the mention
/// names a role (or the mention opens with a title). `floor` is the first token no earlier
/// mention covers.
fn extend_left(cx: &Ctx, m: &mut Mention, floor: usize) {
    let s = cx.toks.partition_point(|t| t.span.start < m.span.start);
    let Some(name) = m.name else { return };
    let mut b = s;
    while b > floor && s - b < 4 && (cx.descriptor_word(b - 1) || (cx.is(b - 1, "'s") && b - 1 > floor + 1)) {
        b -= 1;
    }
    let boundary = |i: usize| i == 0 || !cx.word(i - 1) || cx.has(i - 1, class::SPEECH | class::DETERMINER);
    // The longest run that starts after a boundary, and does not start with `'s`.
    let Some(b) = (b..s).find(|&i| boundary(i) && !cx.is(i, "'s")) else { return };
    let titled = m.title.is_some() && m.span.start < name.start;
    if !(titled || cx.role_like(s - 1)) {
        return;
    }
    m.descriptors.extend(cx.descriptors(b, s));
    m.title = Some(cx.text[cx.toks[b].span.start..name.start].trim_end().to_owned());
    // `his nephew Omar Haddad`: a possessive determiner opens the phrase (it is no title).
    let owner = b > floor && matches!(cx.lower.bytes(b - 1), Some(b"his" | b"her" | b"their" | b"its"));
    m.span.start = cx.toks[b - usize::from(owner)].span.start;
}

/// After a title: `for/of [the] Capitalised ... Ministry|Party|...` naming the body the office
/// belongs to, followed by the person's name. Returns the index after the body's last word.
fn office_complement(cx: &Ctx, j: usize) -> Option<usize> {
    if !(cx.is(j, "of") || cx.is(j, "for")) {
        return None;
    }
    let (start, e) = capitalised_run(cx, j + 1, 6);
    // The body ends at its last organisation, title or country word; a name must follow.
    let last = (start..e).rev().find(|&i| cx.has(i, class::ORG | class::TITLE | class::COUNTRY))?;
    (last + 1 < e && cx.name_tok(last + 1)).then_some(last + 1)
}

/// From token `k`, after an optional `the`: the run of at most `max` capitalised words, as
/// (first index, index after the last); empty when none follows.
fn capitalised_run(cx: &Ctx, k: usize, max: usize) -> (usize, usize) {
    let start = if cx.is(k, "the") { k + 1 } else { k };
    let mut e = start;
    while cx.cap(e) && e - start < max {
        e += 1;
    }
    (start, e)
}

/// Descriptor words of an apposition after a name: `, the city's mayor,` / `, Minister of X,`.
fn apposition(cx: &Ctx, n: usize) -> Vec<Word> {
    if cx.toks.get(n).is_none_or(|t| t.of(cx.text) != ",") {
        return Vec::new();
    }
    let start = n + 1;
    let mut end = start;
    while end < cx.toks.len() && end - start < 16 {
        let t = cx.toks[end].of(cx.text);
        if !cx.toks[end].word && (matches!(t, "," | "." | ";" | ":" | "(" | ")") || is_quote(t)) {
            break;
        }
        if cx.speech(end) || matches!(cx.lower.bytes(end), Some(b"who" | b"which" | b"that" | b"while" | b"when")) {
            return Vec::new();
        }
        end += 1;
    }
    let first_ok = cx.word(start)
        && (matches!(cx.lower.bytes(start), Some(b"the" | b"a" | b"an"))
            || cx.title(start)
            || cx.role(start)
            || cx.country(start));
    let has_role = (start..end).any(|i| cx.role(i) || cx.title(i));
    if !(first_ok && has_role) {
        return Vec::new();
    }
    cx.descriptors(start, end).collect()
}

/// A part after a hyphen starts in lower case (`Texas-based`, `Pro-government`).
#[inline(never)]
fn lower_after_hyphen(t: &str) -> bool {
    t.split('-').skip(1).any(|p| p.starts_with(char::is_lowercase))
}

fn is_quote(t: &str) -> bool {
    t.chars().next().is_some_and(is_quote_mark)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Article;

    fn mentions(text: &str) -> Vec<(String, MentionType, SpeakerType)> {
        let a = crate::analyze_all(Article { id: "t".into(), text: text.into(), ..Default::default() });
        a.mentions.iter().map(|m| (m.span.of(text).to_owned(), m.kind, m.speaker_type)).collect()
    }

    #[test]
    fn titled_names_and_titles() {
        let t = "Kenyan Health Minister Dr. Amina Odhiambo met Lt. Gen. Tomas Reyes.";
        let a = crate::analyze_all(Article { id: "t".into(), text: t.into(), ..Default::default() });
        let m = &a.mentions[0];
        assert_eq!(m.span.of(t), "Kenyan Health Minister Dr. Amina Odhiambo");
        assert_eq!(m.name.unwrap().of(t), "Amina Odhiambo");
        assert_eq!(m.title.as_deref(), Some("Health Minister Dr."));
        assert!(m.descriptors.iter().any(|d| d == "kenya"));
        assert_eq!(a.mentions[1].name.unwrap().of(t), "Tomas Reyes");
    }

    #[test]
    fn nominals_pronouns_and_organisations() {
        let m = mentions("The Foreign Ministry said the two sides agreed, and she told the Kenyan minister so.");
        assert_eq!(m[0], ("Foreign Ministry".into(), MentionType::Name, SpeakerType::Organization));
        assert_eq!(m[1], ("the two sides".into(), MentionType::Nominal, SpeakerType::Group));
        assert_eq!(m[2], ("she".into(), MentionType::Pronoun, SpeakerType::Person));
        assert_eq!(m[3], ("the Kenyan minister".into(), MentionType::Nominal, SpeakerType::Person));
    }

    #[test]
    fn lone_capitalised_words_need_evidence() {
        let m = mentions("Rivers flooded Oslo. Lindqvist said it was bad.");
        assert_eq!(m.iter().map(|x| x.0.as_str()).collect::<Vec<_>>(), ["Lindqvist", "it"]);
    }

    #[test]
    fn particles_and_known_surnames() {
        let m = mentions("Omar al-Rashid arrived. Later al-Rashid left and Rashid smiled.");
        let names: Vec<&str> = m.iter().map(|x| x.0.as_str()).collect();
        assert_eq!(names, ["Omar al-Rashid", "al-Rashid", "Rashid"]);
    }

    #[test]
    fn apposition_descriptors() {
        let t = "Maria Santos, the city's police chief, spoke.";
        let a = crate::analyze_all(Article { id: "t".into(), text: t.into(), ..Default::default() });
        assert!(a.mentions[0].descriptors.iter().any(|d| d == "chief"), "{:?}", a.mentions);
    }

    #[test]
    fn premodifier_and_role_join_the_name() {
        let t = "\"Yes,\" said Harbor County resident Lia Moreau. Ana Ruiz beat incumbent Tom Berg.";
        let a = crate::analyze_all(Article { id: "t".into(), text: t.into(), ..Default::default() });
        let m: Vec<(&str, Option<&str>, Option<&str>)> =
            a.mentions.iter().map(|m| (m.span.of(t), m.name.map(|n| n.of(t)), m.title.as_deref())).collect();
        assert_eq!(
            m,
            [
                ("Harbor County resident Lia Moreau", Some("Lia Moreau"), Some("resident")),
                ("Ana Ruiz", Some("Ana Ruiz"), None),
                ("Tom Berg", Some("Tom Berg"), None),
            ]
        );
    }

    #[test]
    fn initials_title_abbreviations_and_places_stay_in_the_mention() {
        let t = "Ohio Gov. Ann Roe met G.K. Lund of Idaho Falls and Paul K. Dunn.";
        let m: Vec<String> = mentions(t).into_iter().map(|x| x.0).collect();
        assert_eq!(m, ["Ohio Gov. Ann Roe", "G.K. Lund of Idaho Falls", "Paul K. Dunn"]);
    }

    #[test]
    fn role_noun_before_an_apposed_name_stays_a_mention() {
        let m = mentions("A spokeswoman, Marit Olsen, said so.");
        assert_eq!(m[0], ("A spokeswoman".into(), MentionType::Nominal, SpeakerType::Anonymous));
        assert_eq!(m[1].0, "Marit Olsen");
    }

    #[test]
    fn photo_credits_are_no_mentions() {
        let m = mentions("Ana Ruiz waves to the crowd. \"We won,\" she said. (Jane Roe/Associated Press)");
        let names: Vec<&str> = m.iter().map(|x| x.0.as_str()).collect();
        assert_eq!(names, ["Ana Ruiz", "she"]);
    }

    #[test]
    fn common_word_surnames_need_a_name_title_or_cue() {
        let names = |t: &str| mentions(t).into_iter().map(|x| x.0).collect::<Vec<_>>();
        assert_eq!(names("Kanye West spoke. West said no."), ["Kanye West", "West"]);
        assert_eq!(names("Kanye West spoke. West of the river, in May 2016, rain fell."), ["Kanye West"]);
        assert_eq!(names("Mr. West spoke."), ["Mr. West"]);
    }

    #[test]
    fn places_are_no_mentions_and_groups_are_groups() {
        let m = mentions("New Jersey voted. Iowa Democrats met Senate leader Ana Ruiz and House Speaker Tom Berg.");
        let got: Vec<(&str, SpeakerType)> = m.iter().map(|x| (x.0.as_str(), x.2)).collect();
        assert_eq!(
            got,
            [
                ("Iowa Democrats", SpeakerType::Group),
                ("Senate leader Ana Ruiz", SpeakerType::Person),
                ("House Speaker Tom Berg", SpeakerType::Person)
            ]
        );
    }
}
