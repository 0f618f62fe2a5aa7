//! Stage 5: mentions. Person names with titles, pronouns, role nouns ("the Kenyan minister") and organisations.
//!
//! A name is a run of capitalised words, optionally after a run of title words (`Lt. Gen.`,
//! `Defense Minister`, demonyms, `of`); its apposition (`, the city's mayor,`) and the role words
//! just before it (`his Kenyan counterpart`) become descriptors for role-noun matching later.
//! A lone capitalised word is a person only with evidence: a title, a known given name, a speech
//! verb next to it, or an earlier full name it completes (`Okafor` after `Chidi Okafor`).

use crate::lexicon::{Lexicon, RoleKind, WordRefs, class};
use crate::model::{Layout, Mention, MentionType, Quote, Sentence, Span, SpeakerType, Word};
use crate::text::is_quote_mark;
use crate::text::tokens::{ArticleTokens, Lowered, Token, shape};

const STOP: [&str; 7] = ["the", "a", "an", "of", "and", "for", "in"];

/// A descriptor word from a normalised token with its class bits: countries and demonyms
/// ([`class::COUNTRY`]) fold to the country name.
fn descriptor(lex: &'static Lexicon, w: &str, class: u16) -> Option<Word> {
    if STOP.contains(&w) || w == "'s" || !w.chars().any(char::is_alphanumeric) {
        return None;
    }
    if class & class::COUNTRY != 0
        && let Some(country) = lex.country(w)
    {
        return Some(Word::Borrowed(country));
    }
    Some(lex.word(w, class))
}

struct Ctx<'a> {
    text: &'a str,
    lex: &'static Lexicon,
    toks: &'a [Token],
    lower: Lowered<'a>,
    class: &'a [u16],
}

impl Ctx<'_> {
    fn word(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.word)
    }
    fn is(&self, i: usize, s: &str) -> bool {
        self.lower.get(i) == Some(s)
    }
    fn cap(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.word && t.shape & shape::CAP != 0)
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
    /// A token that can be part of a person's or organisation's name.
    fn name_tok(&self, i: usize) -> bool {
        if !self.word(i) {
            return false;
        }
        if self.has(i, class::NOT_NAME | class::PRONOUN | class::ADVERB) {
            return false;
        }
        let tok = self.toks[i];
        let hyphen = tok.shape & shape::HYPHEN != 0;
        let t = tok.of(self.text);
        if tok.shape & shape::CAP != 0 {
            // `Arabic-language`, `Pro-government`: compound adjectives, not names.
            return !(hyphen && t.split('-').skip(1).any(|p| p.starts_with(char::is_lowercase)));
        }
        if !hyphen {
            return false;
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
    // Lower-case tokens of person names seen so far: a later lone surname is a person.
    let mut known = WordRefs::default();
    let regions: Vec<Span> =
        quotes.iter().map(|q| Span::new(q.open.start, q.close.map_or(q.span.end, |c| c.end))).collect();
    for (si, s) in sentences.iter().enumerate() {
        if layout.is_boilerplate(s.paragraph) {
            continue;
        }
        let t = tokens.sentence(si);
        let cx = Ctx { text, lex, toks: t.toks, lower: t.lower, class: t.class };
        let mut k = 0;
        while k < cx.toks.len() {
            // Most tokens can start no mention: punctuation, and lower-case words that are
            // neither a determiner, role, title, country nor pronoun (nor a hyphenated `al-X`).
            let tok = cx.toks[k];
            if !tok.word
                || (tok.shape & (shape::CAP | shape::HYPHEN) == 0
                    && !cx.has(k, class::DETERMINER | class::ROLE | class::TITLE | class::COUNTRY | class::PRONOUN))
            {
                k += 1;
                continue;
            }
            let found = nominal(&cx, k).or_else(|| name(&cx, k, &known)).or_else(|| pronoun(&cx, k));
            match found {
                Some((mut m, next)) => {
                    m.sentence = si;
                    // `her Ugandan counterpart, Samuel Okello,`: the role phrase describes the name.
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
                        out.pop();
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
                None => k += 1,
            }
        }
    }
    out
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
    let mut head = None;
    let mut j = k + 1;
    while j < cx.toks.len() && j - k <= 6 {
        let ok_mod = cx.title(j)
            || cx.country(j)
            || cx.role(j)
            || cx.has(j, class::QUANTIFIER)
            || cx.has(j, class::MODIFIER)
            || (cx.is(j, "'s") && j > k + 1)
            || (cx.cap(j) && !cx.speech(j))
            || (!cx.word(j) && cx.toks[j].of(cx.text) == "-");
        if !ok_mod || cx.speech(j) {
            break;
        }
        if cx.role(j) {
            head = Some(j);
        }
        j += 1;
    }
    // A head noun outside the role list still names a speaker when a speech verb stands right
    // beside the phrase: `said one former patient`, `a passenger said`.
    let plain_noun = |i: usize| {
        cx.word(i)
            && cx.toks[i].of(cx.text).chars().all(|c| c.is_lowercase() || c == '-')
            && cx.class[i] & (class::SPEECH | class::NOT_NAME | class::ADVERB | class::PRONOUN) == 0
    };
    let h = match head {
        Some(h) => h,
        None if plain_noun(j) && ((k > 0 && cx.speech(k - 1)) || cx.cue_at(j + 1).is_some()) => j,
        None => return None,
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
        while k > 0 && cx.cap(k - 1) {
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
    let indefinite = matches!(&cx.lower[k], "a" | "an" | "one");
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
    if matches!(cx.lower.get(end), Some("at" | "of" | "from" | "with")) {
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

/// A (titled) name or an organisation's name starting at `k`.
fn name(cx: &Ctx, k: usize, known: &WordRefs) -> Option<(Mention, usize)> {
    // Most tokens are lower-case words that can start neither a title nor a name.
    if !(cx.cap(k) || cx.has(k, class::TITLE | class::COUNTRY) || cx.name_tok(k)) {
        return None;
    }
    // Title run: Lt. Gen. / Defense Minister / Kenyan / Chief of Staff of Kenya's Armed Forces.
    let mut j = k;
    let mut person_title = false;
    loop {
        if cx.title(j) {
            person_title |= !cx.country(j);
            j += 1;
            if cx.toks.get(j).is_some_and(|t| !t.word && t.of(cx.text) == ".") && cx.has(j - 1, class::ABBREVIATION) {
                j += 1;
            }
        } else if cx.country(j) && cx.cap(j) && (cx.is(j + 1, "'s") || cx.title(j + 1) || cx.country(j + 1)) {
            // `Kenyan Trade Minister`, `Kenya's Armed Forces`; not `Ms. Jordan Blake`.
            j += 1;
            if cx.is(j, "'s") {
                j += 1;
            }
        } else if (cx.is(j, "of") || cx.is(j, "and")) && j > k && (cx.title(j + 1) || cx.country(j + 1)) {
            j += 1;
        } else if let Some(end) = office_complement(cx, j).filter(|_| j > k && person_title) {
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
        let name_word = cx.name_tok(n) && (n > title_end || !cx.title(n));
        // `Ludwig van Beethoven`: a particle inside a name.
        let particle = n > title_end && cx.has(n, class::PARTICLE) && cx.name_tok(n + 1);
        if name_word || particle {
            n += 1;
        } else if n > title_end
            && matches!(cx.lower.get(n), Some("and" | "of" | "for" | "&"))
            && cx.name_tok(n + 1)
            && ((title_end..n).any(|i| cx.has(i, class::ORG))
                || (n + 1..cx.toks.len()).take_while(|&i| cx.name_tok(i)).any(|i| cx.has(i, class::ORG)))
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
        title_end = t + 1;
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
        t.chars().filter(|c| c.is_alphabetic()).count() >= 2 && t.chars().all(|c| !c.is_lowercase())
    };
    let org = (title_end..n).any(|i| cx.has(i, class::ORG)) || acronym;
    // `Kenya`, `South Africa`: a country's name (joined only when it has several words).
    let country = title_end == k
        && if single {
            cx.country(k)
        } else {
            cx.lex.country(&(title_end..n).map(|i| &cx.lower[i]).collect::<Vec<_>>().join(" ")).is_some()
        };
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
    m.gender = (k..title_end)
        .find_map(|i| cx.lex.gendered_titles.get(cx.lower[i].trim_end_matches('.')).copied())
        .or_else(|| cx.lex.first_names.get(first).copied().filter(|_| !single || title_end > k));
    if single && title_end == k {
        m.gender = None;
    }
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
        if cx.speech(end) || matches!(&cx.lower[end], "who" | "which" | "that" | "while" | "when") {
            return Vec::new();
        }
        end += 1;
    }
    let first_ok = cx.word(start)
        && (matches!(&cx.lower[start], "the" | "a" | "an") || cx.title(start) || cx.role(start) || cx.country(start));
    let has_role = (start..end).any(|i| cx.role(i) || cx.title(i));
    if !(first_ok && has_role) {
        return Vec::new();
    }
    cx.descriptors(start, end).collect()
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
}
