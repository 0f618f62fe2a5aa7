//! Stage 6: entities. One entity per person/organisation per article: name, title, role and pronoun coreference.
//!
//! Mentions are read in text order. A name joins the most recent person whose name contains it
//! with the same surname (`Okafor`, `Dr. Okafor` → `Chidi Okafor`); a role noun joins the person
//! whose descriptors agree best (role, nationality, office; ties to the most recent); a pronoun
//! joins the most salient compatible entity (same sentence first, then each earlier sentence's
//! subject, then its other mentions), agreeing in gender and number.

use std::cell::Cell;

use rustc_hash::FxHashMap;
use std::collections::hash_map;
use unicode_normalization::UnicodeNormalization;

use crate::lexicon::{Lexicon, RoleKind, class};
use crate::model::{Entity, Gender, Mention, MentionType, Span, SpeakerType};
use crate::text::is_possessor;
use crate::text::tokens::{ArticleTokens, Tokens};

/// Working state of an entity while mentions are read. Its words are borrowed from the
/// article's mentions and tokens: nothing is copied until [`describe`] names an entity.
struct Work<'a> {
    kind: SpeakerType,
    /// Name tokens for matching (lower case, particles stripped), from the longest name.
    tokens: Words<'a>,
    /// The mention whose name is canonical.
    best: usize,
    descriptors: WordList<'a>,
    gender: Option<Gender>,
    /// How many mentions joined it, and the latest (they join in text order; the list itself is
    /// gathered once at the end, so a mention costs no allocation).
    count: usize,
    last: usize,
    /// Whether it names a place ([`is_place`]), once asked (only a person's tokens change).
    place: Cell<Option<bool>>,
}

/// A few borrowed words (a name's, a nominal's), kept inline up to four.
type Words<'a> = tinyvec::TinyVec<[&'a str; 4]>;

/// A small set of borrowed words, in insertion order. An entity gathers a handful of
/// descriptors: a vector is cheaper to build and to search than a hash set.
#[derive(Default)]
struct WordList<'a>(Vec<&'a str>);

impl<'a> WordList<'a> {
    fn extend(&mut self, words: impl IntoIterator<Item = &'a str>) {
        for w in words {
            if !self.contains(w) {
                self.0.push(w);
            }
        }
    }
    fn contains(&self, w: &str) -> bool {
        self.0.contains(&w)
    }
    fn iter(&self) -> impl Iterator<Item = &'a str> + '_ {
        self.0.iter().copied()
    }
}

/// Indexes over the entities made so far, so that a mention is compared only with the entities
/// it could join, not with every one (which made the stage quadratic in an article dense with
/// names). A bucket lists its entities by when they were last mentioned, and a lookup reads at
/// most the [`WINDOW`] latest: the same entity a scan of all finds, unless more than that many
/// candidates sharing the word were mentioned since.
#[derive(Default)]
struct Index<'a> {
    /// Each bucket's place in `slots`.
    buckets: FxHashMap<(By, &'a str), usize>,
    slots: Vec<Recent>,
    /// Every bucket's entries, one arena for the article.
    entries: Vec<Entry>,
    /// The buckets each entity is in, linked from `first_key` (a mention updates them without
    /// hashing).
    keys: Vec<Key>,
    first_key: Vec<usize>,
    /// The first entity of a kind other than person with exactly these tokens (they never change).
    exact: FxHashMap<(SpeakerType, Words<'a>), usize>,
    /// The latest anonymous entity by its last token.
    anonymous_by_last: FxHashMap<&'a str, usize>,
}

/// Candidates read per bucket: more than an article names people of one surname or one office.
const WINDOW: usize = 256;

/// What a bucket's word is to its entities.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum By {
    /// A person's last name token (it never changes).
    Last,
    /// A person's first token of two or more; a person whose tokens grew stays under its old
    /// first token too (candidates are checked in full).
    First,
    /// Any token of an organisation.
    Token,
    /// A person's descriptor.
    Descriptor,
}

/// A bucket's entities in the order of their last mention, latest first: a doubly linked
/// list through [`Index::entries`], where a mention moves its entity to the front.
struct Recent {
    /// The latest mentioned entity's entry, or [`NONE`].
    latest: usize,
}

/// An entity's place in a bucket's list: the entries mentioned before and after it.
#[derive(Clone, Copy)]
struct Entry {
    entity: usize,
    before: usize,
    after: usize,
}

/// A bucket an entity is in: its place in `slots`, its entry there ([`NONE`] until the entity
/// is mentioned after joining the bucket) and the entity's next bucket.
#[derive(Clone, Copy)]
struct Key {
    slot: usize,
    entry: usize,
    next: usize,
}

/// The end of a list.
const NONE: usize = usize::MAX;

impl<'a> Index<'a> {
    /// Sized for an article of `n` mentions (about two buckets each), so that the maps are
    /// not rehashed as they grow.
    fn with_capacity(n: usize) -> Self {
        Index {
            buckets: FxHashMap::with_capacity_and_hasher(2 * n, Default::default()),
            slots: Vec::with_capacity(2 * n),
            entries: Vec::with_capacity(4 * n),
            keys: Vec::with_capacity(2 * n),
            first_key: Vec::with_capacity(n),
            exact: FxHashMap::with_capacity_and_hasher(n / 2, Default::default()),
            anonymous_by_last: FxHashMap::with_capacity_and_hasher(n / 4, Default::default()),
        }
    }

    /// Puts entity `e` in a bucket (once); it is listed there from its next mention on.
    fn add(&mut self, e: usize, by: By, word: &'a str) {
        if self.first_key.len() <= e {
            self.first_key.resize(e + 1, NONE);
        }
        let slots = &mut self.slots;
        let slot = *self.buckets.entry((by, word)).or_insert_with(|| {
            slots.push(Recent { latest: NONE });
            slots.len() - 1
        });
        let mut k = self.first_key[e];
        while let Some(key) = self.keys.get(k) {
            if key.slot == slot {
                return;
            }
            k = key.next;
        }
        self.keys.push(Key { slot, entry: NONE, next: self.first_key[e] });
        self.first_key[e] = self.keys.len() - 1;
    }

    /// Entity `e` was mentioned (later than every mention before): it moves to the front of
    /// each of its buckets.
    fn mentioned(&mut self, e: usize) {
        let mut k = self.first_key.get(e).copied().unwrap_or(NONE);
        while let Some(&key) = self.keys.get(k) {
            let latest = self.slots[key.slot].latest;
            let x = match key.entry {
                NONE => {
                    self.entries.push(Entry { entity: e, before: NONE, after: NONE });
                    self.keys[k].entry = self.entries.len() - 1;
                    self.entries.len() - 1
                }
                x if x == latest => {
                    k = key.next;
                    continue;
                }
                x => {
                    // Unlink it (it is not the latest, so one is after it).
                    let Entry { before, after, .. } = self.entries[x];
                    self.entries[after].before = before;
                    if before != NONE {
                        self.entries[before].after = after;
                    }
                    x
                }
            };
            self.entries[x].before = latest;
            self.entries[x].after = NONE;
            if latest != NONE {
                self.entries[latest].after = x;
            }
            self.slots[key.slot].latest = x;
            k = key.next;
        }
    }

    /// The entities of a bucket, last mentioned first, at most [`WINDOW`] of them.
    fn recent(&self, by: By, word: &'a str) -> impl Iterator<Item = usize> + '_ {
        let mut x = self.buckets.get(&(by, word)).map_or(NONE, |&slot| self.slots[slot].latest);
        std::iter::from_fn(move || {
            let entry = self.entries.get(x)?;
            x = entry.before;
            Some(entry.entity)
        })
        .take(WINDOW)
    }

    /// Indexes a new entity where its kind is looked for: a person by its last and first name
    /// tokens (a name mention joins only a person), an organisation by each token too. (The
    /// caller puts any other than a person in [`Index::exact`]: it looked there first.)
    fn created(&mut self, e: usize, kind: SpeakerType, tokens: &Words<'a>) {
        if kind == SpeakerType::Person {
            if let Some(&last) = tokens.last() {
                self.add(e, By::Last, last);
            }
            if tokens.len() >= 2 {
                self.add(e, By::First, tokens[0]);
            }
            return;
        }
        if kind == SpeakerType::Anonymous
            && let Some(&last) = tokens.last()
        {
            self.anonymous_by_last.insert(last, e);
        }
        if kind == SpeakerType::Organization {
            for &t in tokens.iter() {
                self.add(e, By::Token, t);
            }
        }
    }

    /// The first entity of kind `kind` (not a person) with exactly these tokens, or None after
    /// noting that entity `e`, about to be made, is it.
    fn exact_or(&mut self, kind: SpeakerType, tokens: &Words<'a>, e: usize) -> Option<usize> {
        match self.exact.entry((kind, tokens.clone())) {
            hash_map::Entry::Occupied(first) => Some(*first.get()),
            hash_map::Entry::Vacant(v) => {
                v.insert(e);
                None
            }
        }
    }
}

/// Adds descriptors to entity `e`, indexing the new ones.
fn add_descriptors<'a>(work: &mut [Work<'a>], idx: &mut Index<'a>, e: usize, words: impl IntoIterator<Item = &'a str>) {
    let mut words = words.into_iter().peekable();
    if words.peek().is_none() {
        return;
    }
    let before = work[e].descriptors.0.len();
    work[e].descriptors.extend(words);
    for &d in &work[e].descriptors.0[before..] {
        idx.add(e, By::Descriptor, d);
    }
}

/// What the resolvers read: the article, its mentions and tokens, and the entity each earlier
/// mention joined.
struct Ctx<'a> {
    text: &'a str,
    mentions: &'a [Mention],
    tokens: &'a ArticleTokens,
    lex: &'a Lexicon,
    entity: Vec<Option<usize>>,
}

impl<'a> Ctx<'a> {
    /// The normalised word tokens inside `span` of mention `m`'s sentence.
    fn words(&self, m: &Mention, span: Span) -> impl Iterator<Item = &'a str> + use<'a> {
        let (t, range) = self.tokens_in(m, span);
        range.filter(move |&i| t.toks[i].word).map(move |i| t.lower.at(i))
    }

    /// The tokens of mention `m`'s sentence, and the places of those inside `span`.
    fn tokens_in(&self, m: &Mention, span: Span) -> (Tokens<'a>, std::ops::Range<usize>) {
        let t = self.tokens.sentence(m.sentence);
        let first = t.toks.partition_point(|tok| tok.span.start < span.start);
        // Tokens are in order and do not overlap: their ends grow too.
        let last = t.toks.partition_point(|tok| tok.span.end <= span.end).max(first);
        (t, first..last)
    }

    /// What `keep` makes of each of [`Ctx::words`] (given its [`class`] bits), as [`Words`]: a
    /// plain loop, as most names and nominals are a few words.
    fn word_list(&self, m: &Mention, span: Span, mut keep: impl FnMut(&'a str, u16) -> Option<&'a str>) -> Words<'a> {
        let (t, range) = self.tokens_in(m, span);
        let mut out = Words::default();
        for i in range {
            if t.toks[i].word
                && let Some(w) = keep(t.lower.at(i), t.class[i])
            {
                out.push(w);
            }
        }
        out
    }
}

/// Groups mentions into entities and links each mention to its entity. `tokens` are the
/// article's tokens the mentions were found in. The entities
/// come without name, key, title and aliases: [`describe`] fills those in.
pub fn resolve(
    text: &str,
    mut mentions: Vec<Mention>,
    tokens: &ArticleTokens,
    lex: &Lexicon,
) -> (Vec<Mention>, Vec<Entity>) {
    let mut cx = Ctx { text, mentions: &mentions, tokens, lex, entity: vec![None; mentions.len()] };
    let mut work: Vec<Work> = Vec::with_capacity(mentions.len());
    let mut idx = Index::with_capacity(mentions.len());
    let apposed = apposed(text, &mentions);
    for i in 0..mentions.len() {
        // `a spokeswoman, Jennifer Holt,`: the role noun waits for the name it stands beside.
        if apposed[i].is_some_and(|j| j > i) {
            continue;
        }
        let e = match apposed[i] {
            Some(j) => cx.entity[j].or_else(|| resolve_one(&cx, &mut work, &mut idx, i)),
            None => resolve_one(&cx, &mut work, &mut idx, i),
        };
        let waiting = i.checked_sub(1).filter(|&p| apposed[p] == Some(i));
        if let Some(p) = waiting {
            match e {
                Some(e) => join(&mut cx, &mut work, &mut idx, p, e),
                None => {
                    if let Some(pe) = resolve_one(&cx, &mut work, &mut idx, p) {
                        join(&mut cx, &mut work, &mut idx, p, pe);
                    }
                }
            }
        }
        if let Some(e) = e {
            join(&mut cx, &mut work, &mut idx, i, e);
        }
    }
    let mut entities: Vec<Entity> = work
        .into_iter()
        .map(|w| Entity {
            name: String::new(),
            key: String::new(),
            kind: w.kind,
            title: None,
            gender: w.gender,
            aliases: Vec::new(),
            best: w.best,
            mentions: Vec::with_capacity(w.count),
        })
        .collect();
    // Each entity's mentions, in text order (they joined in text order).
    for (i, e) in cx.entity.iter().enumerate() {
        if let Some(e) = *e {
            entities[e].mentions.push(i);
        }
    }
    let Ctx { entity, .. } = cx;
    for (m, e) in mentions.iter_mut().zip(entity) {
        m.entity = e;
    }
    (mentions, entities)
}

/// Resolves mention `i` by its kind.
fn resolve_one<'a>(cx: &Ctx<'a>, work: &mut Vec<Work<'a>>, idx: &mut Index<'a>, i: usize) -> Option<usize> {
    match cx.mentions[i].kind {
        MentionType::Name => name(cx, i, work, idx),
        MentionType::Nominal => nominal(cx, i, work, idx),
        MentionType::Pronoun => pronoun(cx, i, work),
    }
}

/// Links mention `i` to entity `e`: the entity gathers its descriptors and gender.
fn join<'a>(cx: &mut Ctx<'a>, work: &mut [Work<'a>], idx: &mut Index<'a>, i: usize, e: usize) {
    let m = &cx.mentions[i];
    // Only a person's descriptors are ever compared (a role noun joins only a person).
    if work[e].kind == SpeakerType::Person {
        add_descriptors(work, idx, e, m.descriptors.iter().map(|d| d.as_ref()));
    }
    work[e].count += 1;
    work[e].last = i;
    idx.mentioned(e);
    let w = &mut work[e];
    if w.gender.is_none() {
        w.gender = m.gender;
    }
    cx.entity[i] = Some(e);
}

/// For each mention, the person's name it stands in apposition to: a singular role noun set off
/// by a comma right before or after a name in the same sentence (`a spokeswoman, Jennifer Holt,`
/// / `Jennifer Holt, the city's mayor,`) is that person.
fn apposed(text: &str, mentions: &[Mention]) -> Vec<Option<usize>> {
    let mut out = vec![None; mentions.len()];
    let name = |m: &Mention| m.kind == MentionType::Name && m.speaker_type == SpeakerType::Person;
    let role = |m: &Mention| {
        m.kind == MentionType::Nominal
            && !m.plural
            && matches!(m.speaker_type, SpeakerType::Person | SpeakerType::Anonymous)
    };
    for i in 1..mentions.len() {
        let (a, b) = (&mentions[i - 1], &mentions[i]);
        // A role noun and a name, side by side, set off by a comma and spaces (cheapest test first).
        if !(role(a) && name(b) || name(a) && role(b)) {
            continue;
        }
        let gap = &text[a.span.end..b.span.start];
        if a.sentence != b.sentence || a.in_quote != b.in_quote || !gap.bytes().any(|c| c == b',') || gap.trim() != ","
        {
            continue;
        }
        // `Jennifer Holt, the mayor and the governor`: a list, not an apposition.
        let listed = |m: &Mention| {
            let rest = text[m.span.end..].trim_start();
            rest.starts_with("and ") || rest.starts_with("or ")
        };
        if role(a) && name(b) && !listed(b) {
            out[i - 1] = Some(i);
        } else if name(a) && role(b) && out[i - 1].is_none() && !listed(b) {
            out[i] = Some(i - 1);
        }
    }
    out
}

/// A name's tokens for matching: lower case, particles dropped (`al-Rashid` → `rashid`).
fn name_tokens<'a>(cx: &Ctx<'a>, m: &Mention) -> Words<'a> {
    let lex = cx.lex;
    cx.word_list(m, m.name.unwrap_or(m.span), |w, c| {
        // A word without a hyphen is its own key, and its class says if it is a particle.
        if !w.bytes().any(|b| b == b'-') {
            return (c & class::PARTICLE == 0).then_some(w);
        }
        let t = lex.name_key(w);
        (!lex.particles.contains(t)).then_some(t)
    })
}

fn new_entity<'a>(
    work: &mut Vec<Work<'a>>,
    idx: &mut Index<'a>,
    kind: SpeakerType,
    tokens: Words<'a>,
    best: usize,
) -> usize {
    let e = work.len();
    idx.created(e, kind, &tokens);
    work.push(Work {
        kind,
        tokens,
        best,
        descriptors: WordList::default(),
        gender: None,
        count: 0,
        last: 0,
        place: Cell::new(None),
    });
    e
}

/// How strongly a bare surname at mention `i` points to entity `w` when several people share it:
/// one mentioned in this or the previous sentence first, then the one mentioned most, then the
/// most recent (`Okafor` after `her son, Tobi Okafor,` is the son; `Schumer` in an article about
/// Senator Chuck Schumer stays the senator after one line on the comedian Amy Schumer).
fn salience(cx: &Ctx, i: usize, w: &Work) -> (bool, usize, usize) {
    let last = w.last;
    let near = cx.mentions[last].sentence + 1 >= cx.mentions[i].sentence;
    (near, w.count, last)
}

fn name<'a>(cx: &Ctx<'a>, i: usize, work: &mut Vec<Work<'a>>, idx: &mut Index<'a>) -> Option<usize> {
    let m = &cx.mentions[i];
    let toks = name_tokens(cx, m);
    if toks.is_empty() {
        return None;
    }
    if m.speaker_type != SpeakerType::Person {
        if let Some(e) = idx.exact_or(m.speaker_type, &toks, work.len()) {
            return Some(e);
        }
        return Some(new_entity(work, idx, m.speaker_type, toks, i));
    }
    let subset = |a: &[&str], b: &[&str]| a.iter().all(|t| b.contains(t));
    let mut best: Option<(usize, bool)> = None; // (entity, mention is longer)
    // Every entity a hit below can be: same last token, or (one token) the same first one.
    let last = toks.last().copied().unwrap_or_default();
    let first = if toks.len() == 1 { Some(toks[0]) } else { None };
    let buckets = std::iter::once((By::Last, last)).chain(first.map(|f| (By::First, f)));
    for e in buckets.flat_map(|(by, word)| idx.recent(by, word)) {
        let w = &work[e];
        if w.kind != SpeakerType::Person || w.tokens.is_empty() {
            continue;
        }
        // `Mrs. Clinton` is not the Clinton the article calls `he`.
        if let (Some(a), Some(b)) = (m.gender, w.gender)
            && a != b
        {
            continue;
        }
        let same_last = w.tokens.last() == toks.last();
        let hit = if subset(&toks, &w.tokens) && same_last {
            Some(false)
        } else if subset(&w.tokens, &toks) && same_last {
            Some(true)
        } else if toks.len() == 1 && w.tokens.len() >= 2 && w.tokens[0] == toks[0] {
            Some(false)
        } else {
            None
        };
        if let Some(longer) = hit
            && best.is_none_or(|(b, _)| salience(cx, i, &work[b]) < salience(cx, i, w))
        {
            best = Some((e, longer));
        }
    }
    match best {
        Some((e, longer)) => {
            if longer && toks.len() > work[e].tokens.len() {
                if toks.len() >= 2 {
                    idx.add(e, By::First, toks[0]);
                }
                work[e].tokens = toks;
                work[e].best = i;
            }
            Some(e)
        }
        None => {
            let e = new_entity(work, idx, SpeakerType::Person, toks, i);
            if m.descriptors.iter().any(|d| d == "counterpart") {
                inherit_office(cx, i, work, idx, e);
            }
            Some(e)
        }
    }
}

/// `X and his Kenyan counterpart Y`: Y holds the same office as X (not the same country).
fn inherit_office<'a>(cx: &Ctx<'a>, i: usize, work: &mut [Work<'a>], idx: &mut Index<'a>, e: usize) {
    let m = &cx.mentions[i];
    let other =
        (0..i).rev().take_while(|&j| cx.mentions[j].sentence == m.sentence).map(|j| (j, &cx.mentions[j])).find(
            |(j, o)| o.kind == MentionType::Name && o.speaker_type == SpeakerType::Person && cx.entity[*j].is_some(),
        );
    if let Some((_, o)) = other {
        let office = o.descriptors.iter().map(|d| d.as_ref()).filter(|d| cx.lex.country(d).is_none());
        add_descriptors(work, idx, e, office);
    }
}

/// A role noun naming one office, which another office excludes (`president` vs `minister`).
/// Generic roles (`src/lexicon/generic_roles.txt`: `official`, `leader`, `spokesman`...)
/// exclude nothing.
fn is_office(w: &str, lex: &Lexicon) -> bool {
    lex.titles.contains(w)
        && lex.roles.get(w).is_some_and(|r| matches!(r.kind, RoleKind::Speaker(SpeakerType::Person)))
        && !lex.generic_roles.contains(w)
}

/// Words that say which office a person holds, and so conflict with another office.
fn offices<'a>(d: &'a WordList, lex: &'a Lexicon) -> impl Iterator<Item = &'a str> {
    d.iter().filter(move |w| is_office(w, lex))
}

/// Agreement of a role noun's descriptors with a person's: None on a conflict.
/// `mine` are the role noun's country descriptors (computed once per role noun).
fn agreement(m: &Mention, mine: &[&str], head: &str, w: &Work, lex: &Lexicon) -> Option<i32> {
    let is_country = |d: &str| lex.country(d) == Some(d);
    let mut score = 0;
    if !mine.is_empty() && w.descriptors.iter().any(is_country) {
        if !mine.iter().any(|c| w.descriptors.contains(c)) {
            return None;
        }
        score += 2;
    }
    if w.descriptors.contains(head) {
        score += 2;
    } else if is_office(head, lex) && offices(&w.descriptors, lex).any(|o| o != head) {
        // `the president` is not the minister; `the diplomat` or `the official` may be.
        score -= 1;
    }
    // `the former governor` is not the governor in office, nor the other way round.
    let former = |d: &str| d == "former";
    if m.descriptors.iter().any(|d| former(d)) != w.descriptors.iter().any(former) {
        score -= 1;
    }
    score += m.descriptors.iter().filter(|d| !mine.contains(&d.as_ref()) && w.descriptors.contains(d.as_ref())).count()
        as i32;
    Some(score)
}

fn nominal<'a>(cx: &Ctx<'a>, i: usize, work: &mut Vec<Work<'a>>, idx: &mut Index<'a>) -> Option<usize> {
    let lex = cx.lex;
    let m = &cx.mentions[i];
    let head = m.head.as_deref()?;
    // A head outside the role list (`one former patient`) is an unnamed person.
    let kind = lex.roles.get(head).map_or(RoleKind::Speaker(SpeakerType::Person), |r| r.kind);
    let org = |w: &Work| w.kind == SpeakerType::Organization && !is_place(w, lex);
    match kind {
        // `the report urges`: the organisation named in this or the previous two sentences
        // issued it. (Who issued "the statement" is the attribution's question: the speaker of
        // the quotes around it.)
        RoleKind::Statement if head != "statement" => {
            if names_itself(cx, m, true) {
                // `a Quinnipiac poll`: the issuer is named in the phrase.
                Some(anonymous(cx, i, work, idx, SpeakerType::Organization))
            } else if definite(cx, m) {
                recent(cx, i, 2).find(|&e| org(&work[e]))
            } else {
                None
            }
        }
        RoleKind::Statement => None,
        RoleKind::Speaker(SpeakerType::Person) if m.speaker_type == SpeakerType::Person => {
            let mine: Vec<&str> =
                m.descriptors.iter().map(|d| d.as_ref()).filter(|d| lex.country(d) == Some(*d)).collect();
            let mut best: Option<(i32, usize, usize)> = None; // (score, last seen, entity)
            // A score of 2 or more needs a descriptor in common: the head or one of the mention's.
            let shared = std::iter::once(head).chain(m.descriptors.iter().map(|d| d.as_ref()));
            for e in shared.flat_map(|d| idx.recent(By::Descriptor, d)) {
                let w = &work[e];
                if w.kind != SpeakerType::Person || w.tokens.is_empty() {
                    continue;
                }
                if let (Some(a), Some(b)) = (m.gender, w.gender)
                    && a != b
                {
                    continue;
                }
                if let Some(s) = agreement(m, &mine, head, w, lex) {
                    let key = (s, w.last, e);
                    if s >= 2 && best.is_none_or(|b| (key.0, key.1) > (b.0, b.1)) {
                        best = Some(key);
                    }
                }
            }
            match best {
                Some((_, _, e)) => Some(e),
                // "the official" after "a senior official": the same unnamed source. A
                // definite role noun that names no one seen before (`the senator` whose name we
                // missed) stays unresolved: no speaker is better than a wrong one.
                None => idx
                    .anonymous_by_last
                    .get(head)
                    .copied()
                    // `the Clinton campaign`, `the Florida senator`: a phrase with a name in it
                    // describes its speaker well enough.
                    // (A possessor names the phrase only with a listed role: `Okafor's spokesman`,
                    // not `Okafor's thinking`.)
                    .or_else(|| {
                        let named = names_itself(cx, m, lex.roles.contains(head));
                        named.then(|| anonymous(cx, i, work, idx, SpeakerType::Anonymous))
                    }),
            }
        }
        RoleKind::Speaker(SpeakerType::Organization) => {
            // The latest organisation with the head among its tokens.
            let found = idx
                .recent(By::Token, head)
                .find(|&e| work[e].kind == SpeakerType::Organization && work[e].tokens.contains(&head));
            if found.is_none() && !names_itself(cx, m, true) && definite(cx, m) {
                // `the company` after `Acme Corp. missed its targets.`: the organisation named
                // in this or the previous three sentences (`the Clinton campaign` names itself).
                if let Some(e) = recent(cx, i, 3).find(|&e| org(&work[e])) {
                    return Some(e);
                }
            }
            Some(found.unwrap_or_else(|| anonymous(cx, i, work, idx, SpeakerType::Organization)))
        }
        RoleKind::Speaker(_) => Some(anonymous(cx, i, work, idx, m.speaker_type)),
    }
}

/// A nominal with a capitalised word other than its determiner (`the Clinton campaign`, `a
/// Quinnipiac poll`); with `possessor`, a possessor counts too (`Okafor's spokesman`).
fn names_itself(cx: &Ctx, m: &Mention, possessor: bool) -> bool {
    let (t, range) = cx.tokens_in(m, m.span);
    range.into_iter().any(|i| {
        let tok = t.toks[i];
        // A word's class is its normalised form's (the lexicon's `class`), computed once.
        let function_word = || t.class[i] & (class::DETERMINER | class::NOT_NAME) != 0;
        let owner = || t.lower.get(i + 1) == Some("'s");
        tok.word && tok.shape & crate::text::tokens::shape::CAP != 0 && !function_word() && (possessor || !owner())
    })
}

/// A nominal that opens with `the`, a possessive or `this` (`the report`, `its study`).
fn definite(cx: &Ctx, m: &Mention) -> bool {
    cx.words(m, m.span).next().is_some_and(|w| matches!(w, "the" | "this" | "that" | "its" | "their" | "his" | "her"))
}

/// The entities of the mentions before mention `i` in its sentence and the `back` sentences
/// before it, most recent first (at most 64 mentions back, so a lookup costs a bounded time).
fn recent<'b>(cx: &'b Ctx, i: usize, back: usize) -> impl Iterator<Item = usize> + 'b {
    let s = cx.mentions[i].sentence;
    cx.mentions[..i]
        .iter()
        .enumerate()
        .rev()
        .take(64)
        .take_while(move |(_, m)| m.sentence + back >= s)
        .filter_map(|(j, _)| cx.entity[j])
}

/// A country or other place: an organisation only in name (`Kenya said` speaks for its
/// government, but `the company` never means Kenya).
fn is_place(w: &Work, lex: &Lexicon) -> bool {
    if let Some(place) = w.place.get() {
        return place;
    }
    let place = match w.tokens.as_slice() {
        [one] => lex.country(one).is_some(),
        words => lex.country(&words.join(" ")).is_some(),
    };
    w.place.set(Some(place));
    place
}

/// An entity named by its nominal (`the two sides`, `a senior official`); definite ones with the
/// same words are one entity.
fn anonymous<'a>(cx: &Ctx<'a>, i: usize, work: &mut Vec<Work<'a>>, idx: &mut Index<'a>, kind: SpeakerType) -> usize {
    let m = &cx.mentions[i];
    let toks = cx.word_list(m, m.span, |w, _| Some(w));
    let definite = toks.first() == Some(&"the");
    if kind == SpeakerType::Person {
        // Persons' tokens change, so they are not in `exact`: scan (no role noun makes one).
        let same = |w: &Work<'a>| w.kind == kind && w.tokens == toks && w.best != i;
        if definite && let Some(e) = work.iter().position(same) {
            return e;
        }
    } else if let Some(e) = idx.exact_or(kind, &toks, work.len())
        && definite
    {
        // The first with these words: an earlier mention's (its tokens never change).
        return e;
    }
    new_entity(work, idx, kind, toks, i)
}

/// What a pronoun can stand for: a person of its gender (`he`, `she`), a group or an
/// organisation (`they`), an organisation (`it`).
#[derive(Clone, Copy)]
enum Refers {
    Person(Option<Gender>),
    Collective,
    Organization,
}

impl Refers {
    /// What pronoun `p` can stand for (None for another pronoun: it stands for no entity).
    fn of(p: &Mention) -> Option<Refers> {
        match p.head.as_deref() {
            Some("he") | Some("she") => Some(Refers::Person(p.gender)),
            Some("they") => Some(Refers::Collective),
            Some("it") => Some(Refers::Organization),
            _ => None,
        }
    }

    fn fits(self, w: &Work) -> bool {
        match self {
            Refers::Person(g) => w.kind == SpeakerType::Person && (w.gender.is_none() || w.gender == g),
            Refers::Collective => matches!(w.kind, SpeakerType::Group | SpeakerType::Organization),
            Refers::Organization => w.kind == SpeakerType::Organization,
        }
    }
}

fn pronoun(cx: &Ctx, i: usize, work: &[Work]) -> Option<usize> {
    let mentions = cx.mentions;
    let p = &mentions[i];
    if p.in_quote {
        return None;
    }
    let refers = Refers::of(p)?;
    let ok = |j: usize| {
        let c = &mentions[j];
        !c.in_quote && cx.entity[j].is_some_and(|e| refers.fits(&work[e])) && !is_possessor(cx.text, c.span)
    };
    // Same sentence, leftmost first (the subject).
    let mut first_in_sentence = i;
    while first_in_sentence > 0 && mentions[first_in_sentence - 1].sentence == p.sentence && i - first_in_sentence < 64
    {
        first_in_sentence -= 1;
    }
    if let Some(j) = (first_in_sentence..i).find(|&j| ok(j)) {
        return cx.entity[j];
    }
    // Earlier sentences: the subject first, then the others from right to left.
    let mut j = first_in_sentence;
    let mut sentences_back = 0;
    while j > 0 && sentences_back < 4 {
        let s = mentions[j - 1].sentence;
        let mut start = j - 1;
        while start > 0 && mentions[start - 1].sentence == s && j - start < 64 {
            start -= 1;
        }
        let mut in_sentence = (start..j).filter(|&k| !mentions[k].in_quote);
        if let Some(first) = in_sentence.next()
            && ok(first)
        {
            return cx.entity[first];
        }
        if let Some(k) = in_sentence.rev().find(|&k| ok(k)) {
            return cx.entity[k];
        }
        j = start;
        sentences_back += 1;
    }
    None
}

/// Normalised key for joining a speaker across articles: lower case, accents folded.
pub fn speaker_key(name: &str) -> String {
    if name.is_ascii() {
        let mut key = String::with_capacity(name.len());
        for w in name.split_whitespace().filter(|w| !w.eq_ignore_ascii_case("the")) {
            if !key.is_empty() {
                key.push(' ');
            }
            key.push_str(w);
        }
        key.make_ascii_lowercase();
        return key;
    }
    let folded: String = name.nfkd().filter(|c| !unicode_normalization::char::is_combining_mark(*c)).collect();
    let lower = folded.replace(['’', '‘'], "'").to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().filter(|w| *w != "the").collect();
    words.join(" ")
}

/// Fills in an entity's name, key, title and aliases from its mentions. [`crate::analyze`] does
/// this only for entities that speak (the others are never written); `analyze_all` for every one.
pub fn describe(text: &str, mentions: &[Mention], e: &mut Entity) {
    let best = &mentions[e.best];
    e.name = match e.kind {
        SpeakerType::Person | SpeakerType::Organization if best.kind == MentionType::Name => {
            best.name.unwrap_or(best.span).of(text).to_owned()
        }
        _ => {
            let s = best.span.of(text);
            match s.split_once(' ') {
                Some((det, rest)) if matches!(det, "The" | "A" | "An") => format!("{} {rest}", det.to_lowercase()),
                _ => s.to_owned(),
            }
        }
    };
    e.key = speaker_key(&e.name);
    e.aliases.clear();
    e.title = None;
    for &i in &e.mentions {
        let m = &mentions[i];
        if m.kind == MentionType::Pronoun {
            continue;
        }
        let s = m.span.of(text);
        if !e.aliases.iter().any(|a| a == s) {
            e.aliases.push(s.to_owned());
        }
        if let Some(t) = &m.title
            && e.title.as_ref().is_none_or(|old| t.len() > old.len())
        {
            e.title = Some(t.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::model::Article;

    fn entity_of(text: &str, mention: &str) -> Option<String> {
        let a = crate::analyze_all(Article { id: "t".into(), text: text.into(), ..Default::default() });
        let m = a.mentions.iter().rev().find(|m| m.span.of(text) == mention)?;
        m.entity.map(|e| a.entities[e].name.clone())
    }

    #[test]
    fn surname_and_title_join_full_name() {
        let t = "Police Chief Maria Santos opened the station. Later Chief Santos spoke. Santos smiled.";
        assert_eq!(entity_of(t, "Chief Santos").as_deref(), Some("Maria Santos"));
        assert_eq!(entity_of(t, "Santos").as_deref(), Some("Maria Santos"));
    }

    #[test]
    fn role_noun_agrees_in_nationality() {
        let t = "Kenyan Trade Minister Amina Odhiambo met her Ugandan counterpart Paul Mugisha. The Ugandan minister spoke first.";
        assert_eq!(entity_of(t, "The Ugandan minister").as_deref(), Some("Paul Mugisha"));
        let t = "Kenyan Trade Minister Amina Odhiambo met Paul Mugisha, a Ugandan banker. The Kenyan minister spoke.";
        assert_eq!(entity_of(t, "The Kenyan minister").as_deref(), Some("Amina Odhiambo"));
    }

    #[test]
    fn pronouns_agree_in_gender() {
        let t = "Mr. Tom Berg met Ms. Ana Lind. She spoke first.";
        assert_eq!(entity_of(t, "She").as_deref(), Some("Ana Lind"));
        let t = "Ana Lind met Mr. Tom Berg on Monday. She spoke first.";
        assert_eq!(entity_of(t, "She").as_deref(), Some("Ana Lind"));
    }

    #[test]
    fn pronoun_prefers_previous_subject() {
        let t = "Omar Haddad praised Lena Fischer. He said the talks went well.";
        assert_eq!(entity_of(t, "He").as_deref(), Some("Omar Haddad"));
    }

    #[test]
    fn definite_role_noun_joins_earlier_unnamed_source() {
        let t = "A senior police official spoke to the paper. The official said more.";
        assert_eq!(entity_of(t, "The official").as_deref(), Some("a senior police official"));
    }

    #[test]
    fn bucket_lists_entities_by_last_mention() {
        use super::{By, Index};
        let mut idx = Index::with_capacity(8);
        for e in 0..3 {
            idx.add(e, By::Last, "okafor");
        }
        idx.add(1, By::Descriptor, "mayor");
        let order = |idx: &Index| idx.recent(By::Last, "okafor").collect::<Vec<_>>();
        // Listed from their first mention on, latest first; a mention moves an entity to the front.
        assert!(order(&idx).is_empty());
        idx.mentioned(0);
        idx.mentioned(1);
        idx.mentioned(2);
        assert_eq!(order(&idx), [2, 1, 0]);
        idx.mentioned(1);
        assert_eq!(order(&idx), [1, 2, 0]);
        idx.mentioned(0);
        idx.mentioned(0);
        assert_eq!(order(&idx), [0, 1, 2]);
        assert_eq!(idx.recent(By::Descriptor, "mayor").collect::<Vec<_>>(), [1]);
        assert_eq!(idx.recent(By::First, "okafor").count(), 0);
    }

    #[test]
    fn keys_fold_accents_and_case() {
        assert_eq!(super::speaker_key("José  Álvarez"), "jose alvarez");
    }

    #[test]
    fn role_noun_in_apposition_is_the_named_person() {
        let t = "A spokeswoman, Marit Olsen, said the depot would stay open.";
        assert_eq!(entity_of(t, "A spokeswoman").as_deref(), Some("Marit Olsen"));
        let t = "Marit Olsen, the depot's manager, said it would stay open.";
        assert_eq!(entity_of(t, "the depot's manager").as_deref(), Some("Marit Olsen"));
        // A list is no apposition (and a mayor no one named stays unresolved).
        let t = "The mayor, Marit Olsen and Tom Berg met on Monday.";
        assert_eq!(entity_of(t, "The mayor"), None);
    }
}
