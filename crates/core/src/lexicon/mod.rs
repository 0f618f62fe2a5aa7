//! Word lists (speech verbs, titles, roles, pronouns, abbreviations...) loaded once from the
//! data files in `crates/core/lexicon/`. Rules consult these lists; no rule names a word of its own.

use std::sync::OnceLock;

use crate::model::{Gender, SpeakerType, Word};

mod table;
pub use table::{Key, WordTable};

/// Set of words.
pub type WordSet = WordTable<()>;
/// Hash set of words borrowed from an article (its tokens or mentions) while it is analysed.
pub type WordRefs<'a> = rustc_hash::FxHashSet<&'a str>;

/// Word classes, one bit each, so that a token needs one lookup ([`Lexicon::class`]).
pub mod class {
    pub const TITLE: u16 = 1;
    pub const COUNTRY: u16 = 1 << 1;
    pub const ROLE: u16 = 1 << 2;
    pub const SPEECH: u16 = 1 << 3;
    pub const NOT_NAME: u16 = 1 << 4;
    pub const PRONOUN: u16 = 1 << 5;
    pub const ADVERB: u16 = 1 << 6;
    pub const PARTICLE: u16 = 1 << 7;
    pub const MODIFIER: u16 = 1 << 8;
    pub const ORG: u16 = 1 << 9;
    pub const ABBREVIATION: u16 = 1 << 10;
    pub const DETERMINER: u16 = 1 << 11;
    pub const QUANTIFIER: u16 = 1 << 12;
    /// A spelling that normalises to another ([`super::Lexicon::spellings`]).
    pub const SPELLING: u16 = 1 << 13;
    pub const PREPOSITION: u16 = 1 << 14;
    /// A word of `not_names.txt` that is also a surname (`West`).
    pub const SURNAME: u16 = 1 << 15;
}

/// What a role noun tells about the mention it heads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Role {
    pub kind: RoleKind,
    pub gender: Option<Gender>,
    pub plural: bool,
}

/// The kind of being a role noun names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleKind {
    Speaker(SpeakerType),
    /// "the statement": speaks for whoever issued it.
    Statement,
}

/// How a boilerplate phrase (`lexicon/boilerplate.tsv`) marks a paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Boilerplate {
    /// The paragraph starts with the phrase, then a colon, dash, bar or nothing (`WATCH: …`).
    Marker,
    /// A marker that, standing alone, heads a list of links (`Read more:`).
    Header,
    /// The paragraph starts with the phrase, then no letter (`Story continues below …`).
    Start,
    /// The whole paragraph is the phrase.
    Line,
}

/// A subject pronoun that can name a speaker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pronoun {
    pub gender: Option<Gender>,
    pub plural: bool,
    pub kind: SpeakerType,
}

/// All lexicons, parsed once per process.
#[derive(Debug, Default)]
pub struct Lexicon {
    /// Inflected speech-verb form → lemma (`said` → `say`).
    pub speech_verbs: WordTable<String>,
    pub titles: WordSet,
    pub roles: WordTable<Role>,
    /// Role nouns that name no particular office (`official`, `spokesman`).
    pub generic_roles: WordSet,
    pub abbreviations: WordSet,
    pub pronouns: WordTable<Pronoun>,
    pub adverbs: WordSet,
    pub particles: WordSet,
    pub not_names: WordSet,
    pub org_words: WordSet,
    /// Words that open a role-noun phrase (`the`, `his`, `'s`).
    pub determiners: WordSet,
    /// Nouns that name something said (`claim`, `statement`): a possessive before one owns the
    /// quote that follows (`Lind's claim that "…"`).
    pub speech_nouns: WordSet,
    /// Closed-class words (prepositions, conjunctions, relatives, determiners): never the verb
    /// after a clause's subject.
    pub function_words: WordSet,
    /// Number words inside a role-noun phrase (`two`, `several`).
    pub quantifiers: WordSet,
    /// Lower-case adjectives allowed inside a role-noun phrase.
    pub modifiers: WordSet,
    pub prepositions: WordSet,
    pub surname_words: WordSet,
    /// Places that are not countries (lower case, words joined by one space): `new jersey`.
    pub places: WordSet,
    /// Country name or demonym (lower case) → country name.
    pub countries: WordTable<String>,
    /// Given names: evidence that a lone capitalised word names a person, never of gender.
    pub first_names: WordSet,
    pub gendered_titles: WordTable<Gender>,
    /// Abbreviated title → the word it stands for (`sen` → `senator`), for role-noun matching.
    pub title_abbreviations: WordTable<String>,
    /// Phrases that make a paragraph boilerplate (lower case), grouped by first byte (ASCII
    /// lower case, ascending) so a paragraph reads only its letter's group; longest first in each.
    pub boilerplate: Vec<(String, Boilerplate)>,
    /// Where each first byte's group of [`Self::boilerplate`] starts (257 offsets, the last the
    /// end), so that a paragraph finds its group by indexing.
    boilerplate_starts: Vec<usize>,
    /// Spelling (lower case) → the one form words are matched in (`defence` → `defense`).
    pub spellings: WordTable<String>,
    /// Every listed word (as bytes, so a token's normalised bytes look it up directly) → its
    /// [`class`] bits.
    pub classes: WordTable<u16>,
}

/// The group a boilerplate phrase or paragraph belongs to: its first byte, ASCII lower case.
fn boilerplate_key(s: &str) -> Option<u8> {
    s.as_bytes().first().map(u8::to_ascii_lowercase)
}

fn lines(data: &'static str) -> impl Iterator<Item = &'static str> {
    data.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#'))
}

fn words(data: &'static str) -> WordSet {
    lines(data).flat_map(str::split_whitespace).map(|w| (w, ())).collect()
}

fn gender(s: &str) -> Option<Gender> {
    match s {
        "male" => Some(Gender::Male),
        "female" => Some(Gender::Female),
        _ => None,
    }
}

fn speaker_type(s: &str) -> SpeakerType {
    match s {
        "organization" => SpeakerType::Organization,
        "group" => SpeakerType::Group,
        "anonymous" => SpeakerType::Anonymous,
        _ => SpeakerType::Person,
    }
}

/// Regular inflections of a verb lemma: -s, -ed, -ing (with e-drop and y → ied).
fn inflect(lemma: &str) -> Vec<String> {
    let mut out = vec![lemma.to_owned()];
    if let Some(stem) = lemma.strip_suffix('e') {
        out.extend([format!("{lemma}s"), format!("{lemma}d"), format!("{stem}ing")]);
    } else if lemma.ends_with('y') && !lemma.ends_with("ay") && !lemma.ends_with("ey") && !lemma.ends_with("oy") {
        let stem = &lemma[..lemma.len() - 1];
        out.extend([format!("{stem}ies"), format!("{stem}ied"), format!("{lemma}ing")]);
    } else if lemma.ends_with("sh") || lemma.ends_with("ch") || lemma.ends_with('s') || lemma.ends_with('x') {
        out.extend([format!("{lemma}es"), format!("{lemma}ed"), format!("{lemma}ing")]);
    } else {
        out.extend([format!("{lemma}s"), format!("{lemma}ed"), format!("{lemma}ing")]);
    }
    out
}

impl Lexicon {
    /// The process-wide lexicon.
    pub fn get() -> &'static Lexicon {
        static LEX: OnceLock<Lexicon> = OnceLock::new();
        LEX.get_or_init(Lexicon::load)
    }

    /// The boilerplate phrases that can open `paragraph` (those of its first byte, ignoring
    /// ASCII case), longest first: a binary search, not a walk over every phrase.
    pub fn boilerplate_for(&self, paragraph: &str) -> &[(String, Boilerplate)] {
        let Some(key) = boilerplate_key(paragraph).map(usize::from) else { return &[] };
        match self.boilerplate_starts.get(key..key + 2) {
            Some(&[from, to]) => &self.boilerplate[from..to],
            _ => &[],
        }
    }

    fn load() -> Lexicon {
        // Built as hash maps where a word can come twice (first/last wins as written), then
        // turned into tables.
        type Building<V> = rustc_hash::FxHashMap<String, V>;
        let mut speech_verbs: Building<String> = Building::default();
        for line in lines(include_str!("../../lexicon/speech_verbs.txt")) {
            let mut parts = line.split_whitespace();
            let lemma = parts.next().unwrap_or_default().to_owned();
            let listed: Vec<String> = parts.map(str::to_owned).collect();
            let forms = if listed.is_empty() { inflect(&lemma) } else { listed };
            for form in forms.into_iter().chain([lemma.clone()]) {
                speech_verbs.entry(form).or_insert_with(|| lemma.clone());
            }
        }
        let roles = lines(include_str!("../../lexicon/roles.tsv"))
            .filter_map(|l| {
                let f: Vec<&str> = l.split('\t').collect();
                let kind = match *f.get(1)? {
                    "statement" => RoleKind::Statement,
                    t => RoleKind::Speaker(speaker_type(t)),
                };
                Some((f[0].to_owned(), Role { kind, gender: gender(f.get(2)?), plural: *f.get(3)? == "yes" }))
            })
            .collect();
        let pronouns = lines(include_str!("../../lexicon/pronouns.tsv"))
            .filter_map(|l| {
                let f: Vec<&str> = l.split('\t').collect();
                Some((
                    f[0].to_owned(),
                    Pronoun { gender: gender(f.get(1)?), plural: *f.get(2)? == "yes", kind: speaker_type(f.get(3)?) },
                ))
            })
            .collect();
        let mut countries: Building<String> = Building::default();
        for l in lines(include_str!("../../lexicon/countries.tsv")) {
            let mut f = l.split('\t');
            let country = f.next().unwrap_or_default().to_owned();
            for d in f.next().unwrap_or_default().split(',').filter(|d| !d.is_empty()) {
                countries.insert(d.to_owned(), country.clone());
            }
            countries.insert(country.clone(), country);
        }
        let gendered = |data: &'static str| -> WordTable<Gender> {
            lines(data)
                .filter_map(|l| {
                    let mut f = l.split('\t');
                    Some((f.next()?.to_owned(), gender(f.next()?)?))
                })
                .collect()
        };
        let mut boilerplate: Vec<(String, Boilerplate)> = lines(include_str!("../../lexicon/boilerplate.tsv"))
            .map(|l| {
                let (phrase, how) = l.split_once('\t').unwrap_or_else(|| panic!("boilerplate.tsv: no tab in {l:?}"));
                let how = match how.trim() {
                    "marker" => Boilerplate::Marker,
                    "header" => Boilerplate::Header,
                    "start" => Boilerplate::Start,
                    "line" => Boilerplate::Line,
                    other => panic!("boilerplate.tsv: unknown kind {other:?} in {l:?}"),
                };
                (phrase.to_owned(), how)
            })
            .collect();
        boilerplate.sort_by_key(|(p, _)| (boilerplate_key(p), std::cmp::Reverse(p.len())));
        let boilerplate_starts = (0..=256)
            .map(|b: usize| boilerplate.partition_point(|(p, _)| boilerplate_key(p).map(usize::from) < Some(b)))
            .collect();
        let mut lex = Lexicon {
            speech_verbs: speech_verbs.into_iter().collect(),
            titles: words(include_str!("../../lexicon/titles.txt")),
            roles,
            generic_roles: words(include_str!("../../lexicon/generic_roles.txt")),
            abbreviations: words(include_str!("../../lexicon/abbreviations.txt")),
            pronouns,
            adverbs: words(include_str!("../../lexicon/adverbs.txt")),
            particles: words(include_str!("../../lexicon/particles.txt")),
            not_names: words(include_str!("../../lexicon/not_names.txt")),
            org_words: words(include_str!("../../lexicon/org_words.txt")),
            determiners: words(include_str!("../../lexicon/determiners.txt")),
            quantifiers: words(include_str!("../../lexicon/quantifiers.txt")),
            speech_nouns: words(include_str!("../../lexicon/speech_nouns.txt")),
            function_words: words(include_str!("../../lexicon/function_words.txt")),
            modifiers: words(include_str!("../../lexicon/modifiers.txt")),
            prepositions: words(include_str!("../../lexicon/prepositions.txt")),
            surname_words: words(include_str!("../../lexicon/surname_words.txt")),
            places: lines(include_str!("../../lexicon/places.txt")).map(|l| (l, ())).collect(),
            countries: countries.into_iter().collect(),
            first_names: words(include_str!("../../lexicon/first_names.txt")),
            gendered_titles: gendered(include_str!("../../lexicon/gendered_titles.tsv")),
            boilerplate,
            boilerplate_starts,
            title_abbreviations: lines(include_str!("../../lexicon/title_abbreviations.tsv"))
                .filter_map(|l| {
                    let (from, to) = l.split_once('\t')?;
                    Some((from.to_owned(), to.trim().to_owned()))
                })
                .collect(),
            spellings: lines(include_str!("../../lexicon/spellings.tsv"))
                .filter_map(|l| {
                    let (from, to) = l.split_once('\t')?;
                    Some((from.to_owned(), to.trim().to_owned()))
                })
                .collect(),
            classes: WordTable::default(),
        };
        let mut classes: Building<u16> = Building::default();
        let mut mark = |words: &mut dyn Iterator<Item = &str>, bit: u16| {
            for w in words {
                *classes.entry(w.to_owned()).or_insert(0) |= bit;
            }
        };
        mark(&mut lex.titles.keys(), class::TITLE);
        mark(&mut lex.countries.keys(), class::COUNTRY);
        mark(&mut lex.roles.keys(), class::ROLE);
        mark(&mut lex.speech_verbs.keys(), class::SPEECH);
        mark(&mut lex.not_names.keys(), class::NOT_NAME);
        mark(&mut lex.pronouns.keys(), class::PRONOUN);
        mark(&mut lex.adverbs.keys(), class::ADVERB);
        mark(&mut lex.particles.keys(), class::PARTICLE);
        mark(&mut lex.modifiers.keys(), class::MODIFIER);
        mark(&mut lex.org_words.keys(), class::ORG);
        mark(&mut lex.abbreviations.keys(), class::ABBREVIATION);
        mark(&mut lex.determiners.keys(), class::DETERMINER);
        mark(&mut lex.quantifiers.keys(), class::QUANTIFIER);
        mark(&mut lex.spellings.keys(), class::SPELLING);
        mark(&mut lex.prepositions.keys(), class::PREPOSITION);
        mark(&mut lex.surname_words.keys(), class::SURNAME);
        lex.classes = classes.into_iter().collect();
        lex
    }

    /// The [`class`] bits of a normalised word (0 when it is in no list).
    pub fn class(&self, lower: &str) -> u16 {
        self.class_of(lower.as_bytes())
    }

    /// [`Lexicon::class`] of a normalised word's bytes.
    pub fn class_of(&self, lower: &[u8]) -> u16 {
        self.classes.get(lower).copied().unwrap_or(0)
    }

    /// [`Lexicon::class`] of a normalised word of up to 16 bytes, by its [`Key::prefix`].
    #[inline]
    pub fn class_of_key(&self, key: Key) -> u16 {
        self.classes.get_key_or_default(key)
    }

    /// A normalised word with its [`class`] bits as a [`Word`]: the lexicon's own copy when
    /// it is listed (no allocation), else a copy.
    pub fn word(&'static self, lower: &str, class: u16) -> Word {
        // A word of no class is in no list: no lookup.
        match (class != 0).then(|| self.classes.key(lower)).flatten() {
            Some(listed) => Word::Borrowed(listed),
            None => Word::Owned(lower.to_owned()),
        }
    }

    /// A normalised name token for matching, without a leading particle (`al-rashid` → `rashid`).
    pub fn name_key<'a>(&self, lower: &'a str) -> &'a str {
        // The first hyphen, by a plain byte loop: names are short, and most have none.
        match lower.bytes().position(|b| b == b'-') {
            Some(h) if self.particles.contains(&lower[..h]) => &lower[h + 1..],
            _ => lower,
        }
    }

    /// Lemma of a speech verb form (lower case), if it is one.
    pub fn speech_lemma(&self, lower: &str) -> Option<&str> {
        self.speech_verbs.get(lower).map(String::as_str)
    }

    /// The country a lower-case word or phrase names or describes (`iranian` → `iran`).
    pub fn country(&self, lower: &str) -> Option<&str> {
        self.countries.get(lower).map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_key_drops_only_a_leading_particle() {
        let lex = Lexicon::get();
        let cases = [
            ("al-rashid", "rashid"),
            ("bin-salman", "salman"),
            ("okafor", "okafor"),
            ("jean-pierre", "jean-pierre"),
            ("al-", ""),
            ("-al", "-al"),
            ("van-der-berg", "der-berg"),
            ("", ""),
        ];
        for (word, key) in cases {
            assert_eq!(lex.name_key(word), key, "{word}");
        }
    }

    #[test]
    fn boilerplate_for_is_the_phrases_of_the_first_letter_in_order() {
        let lex = Lexicon::get();
        for paragraph in ["Read more: x", "READ MORE", "watch: y", "Zzz", "éa", "1 2", ""] {
            let first = paragraph.as_bytes().first().map(u8::to_ascii_lowercase);
            let expected: Vec<&(String, Boilerplate)> = lex
                .boilerplate
                .iter()
                .filter(|(p, _)| first.is_some() && p.as_bytes().first().map(u8::to_ascii_lowercase) == first)
                .collect();
            let got: Vec<&(String, Boilerplate)> = lex.boilerplate_for(paragraph).iter().collect();
            assert_eq!(got, expected, "{paragraph:?}");
            // Longest first within the group.
            assert!(got.windows(2).all(|w| w[0].0.len() >= w[1].0.len()), "{paragraph:?}");
        }
        assert!(!lex.boilerplate_for("Read more").is_empty());
    }

    #[test]
    fn class_finds_every_listed_word_and_nothing_else() {
        let lex = Lexicon::get();
        for (w, bits) in [
            ("said", class::SPEECH),
            ("minister", class::ROLE),
            ("the", class::DETERMINER),
            ("several", class::QUANTIFIER),
        ] {
            assert_ne!(lex.class(w) & bits, 0, "{w}");
        }
        for w in ["", "zzzz", "saidx", "ministers-of-nothing-at-all-and-longer"] {
            assert_eq!(lex.class(w), 0, "{w:?}");
        }
        for t in lex.titles.keys() {
            assert_ne!(lex.class(t) & class::TITLE, 0, "{t}");
        }
        for v in lex.speech_verbs.keys() {
            assert_ne!(lex.class_of(v.as_bytes()) & class::SPEECH, 0, "{v}");
        }
    }

    #[test]
    fn listed_words_are_borrowed_from_the_lexicon() {
        let lex = Lexicon::get();
        let listed = lex.word("minister", lex.class("minister"));
        assert!(matches!(listed, Word::Borrowed("minister")), "{listed:?}");
        let unlisted = lex.word("zzyzx", lex.class("zzyzx"));
        assert!(matches!(&unlisted, Word::Owned(w) if w == "zzyzx"), "{unlisted:?}");
    }

    #[test]
    fn speech_verbs_have_inflections() {
        let lex = Lexicon::get();
        assert_eq!(lex.speech_lemma("said"), Some("say"));
        assert_eq!(lex.speech_lemma("added"), Some("add"));
        assert_eq!(lex.speech_lemma("noted"), Some("note"));
        assert_eq!(lex.speech_lemma("stressing"), Some("stress"));
        assert_eq!(lex.speech_lemma("told"), Some("tell"));
        assert_eq!(lex.speech_lemma("denied"), Some("deny"));
        assert_eq!(lex.speech_lemma("table"), None);
    }

    #[test]
    fn lists_load() {
        let lex = Lexicon::get();
        assert!(lex.titles.contains("brigadier"));
        assert!(lex.abbreviations.contains("u.s"));
        assert_eq!(lex.country("kenyan"), Some("kenya"));
        assert!(lex.first_names.contains("priya"));
        assert!(matches!(lex.roles.get("statement").map(|r| r.kind), Some(RoleKind::Statement)));
        assert!(!lex.pronouns.contains("we"));
    }
}
