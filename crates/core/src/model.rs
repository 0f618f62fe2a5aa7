//! Plain data structs that flow one way through the pipeline.
//!
//! Every span is a half-open range of **byte** offsets into [`Article::text`], exactly as read.
//! Code-point offsets for the output tables are derived at the edge with
//! [`crate::text::CharIndex`].

use std::fmt;

/// A calendar date (no time zone).
pub use jiff::civil::Date;

/// A half-open byte range `[start, end)` into an article's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
    pub const fn len(&self) -> usize {
        self.end - self.start
    }
    pub const fn is_empty(&self) -> bool {
        self.end <= self.start
    }
    /// True when `other` lies entirely inside `self`.
    pub const fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
    pub const fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }
    /// The text this span covers.
    pub fn of<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.end]
    }
}

/// One input document, as read: the text is never normalised.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Article {
    /// Stable identifier (relative path without extension, or the JSONL/Parquet id field).
    pub id: String,
    /// Where it came from, e.g. `seeds/a.txt` or `corpus.jsonl.gz:17`.
    pub source: String,
    pub text: String,
    pub meta: ArticleMeta,
}

/// Metadata supplied by the input format (JSONL/Parquet fields); layout may fill gaps.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ArticleMeta {
    pub title: Option<String>,
    pub published: Option<Date>,
    pub url: Option<String>,
}

/// What `layout` finds: paragraphs and header/footer lines.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Layout {
    /// Body paragraphs in order (non-empty, trimmed of surrounding white space).
    pub paragraphs: Vec<Span>,
    /// A title line detected in the text (used when the input gave none).
    pub title: Option<Span>,
    /// A `date YYYY-MM-DD` header.
    pub published: Option<Date>,
    /// A dateline such as `TEHRAN -` (the place name only).
    pub dateline: Option<Span>,
    /// Paragraph indexes that are boilerplate (credits, "Read More", agency lines): no quotes are
    /// attributed there, but they are still sentences.
    /// In increasing order.
    pub boilerplate: Vec<usize>,
}

impl Layout {
    /// Whether paragraph `p` is boilerplate (a binary search: the list can be long).
    pub fn is_boilerplate(&self, p: usize) -> bool {
        self.boilerplate.binary_search(&p).is_ok()
    }
}

/// A paired quotation (stage 2, `marks`), before sentence placement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Marked {
    pub open: Span,
    /// `None` when the part ends unclosed (the speech continues in the next paragraph, or the
    /// opener was never closed).
    pub close: Option<Span>,
    pub paragraph: usize,
    /// Index (into the pairing result) of the previous part of a multi-paragraph quote.
    pub continues: Option<usize>,
    /// End of the region the quote covers (close mark end, or paragraph end).
    pub end: usize,
}

/// One sentence; never ends inside a quotation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    pub span: Span,
    pub paragraph: usize,
}

/// `full`: the quote stands as its own sentence or clause; `partial`: a fragment inside reported speech.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum QuoteKind {
    Full,
    Partial,
}

impl QuoteKind {
    pub const fn as_str(self) -> &'static str {
        match self {
            QuoteKind::Full => "full",
            QuoteKind::Partial => "partial",
        }
    }
}

/// A direct quotation (the outermost pair of marks; one row per paragraph part).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    /// The content between the marks, outer white space trimmed.
    pub span: Span,
    /// The opening mark's own span (a paragraph-continuation part points at its own opener).
    pub open: Span,
    /// The closing mark's span; `None` when the part ends unclosed (multi-paragraph speech).
    pub close: Option<Span>,
    pub paragraph: usize,
    /// Index of the sentence containing the quote's start.
    pub sentence: usize,
    pub kind: QuoteKind,
    /// Index of the previous part when this quote continues one across a paragraph break.
    pub continues: Option<usize>,
}

/// How a mention refers: by name, pronoun or role noun.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MentionType {
    Name,
    Pronoun,
    Nominal,
}

impl MentionType {
    pub const fn as_str(self) -> &'static str {
        match self {
            MentionType::Name => "name",
            MentionType::Pronoun => "pronoun",
            MentionType::Nominal => "nominal",
        }
    }
}

/// Grammatical gender evidence for agreement with pronouns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Gender {
    Male,
    Female,
}

impl Gender {
    pub const fn as_str(self) -> &'static str {
        match self {
            Gender::Male => "male",
            Gender::Female => "female",
        }
    }
}

/// What kind of being speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SpeakerType {
    Person,
    Organization,
    Group,
    Anonymous,
}

impl SpeakerType {
    pub const fn as_str(self) -> &'static str {
        match self {
            SpeakerType::Person => "person",
            SpeakerType::Organization => "organization",
            SpeakerType::Group => "group",
            SpeakerType::Anonymous => "anonymous",
        }
    }
}

/// A normalised word a mention keeps: the lexicon's own copy when the word is listed there
/// (most are: titles, roles, countries, pronouns), so it costs no allocation; else its own.
pub type Word = std::borrow::Cow<'static, str>;

/// A span of text that may refer to a speaker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// The mention as it would be shown (e.g. `Brigadier General Dana Okafor`).
    pub span: Span,
    pub kind: MentionType,
    pub speaker_type: SpeakerType,
    /// For names: the span of the bare name without titles (e.g. `Dana Okafor`).
    pub name: Option<Span>,
    /// Titles, ranks and roles found around a name (`Defense Minister`, `Brigadier General`).
    pub title: Option<String>,
    /// Descriptive words for role matching (lower-cased, normalised): `iranian`, `defense`, `minister`.
    pub descriptors: Vec<Word>,
    /// For nominals and pronouns: the role noun or pronoun (lower case), e.g. `minister`, `he`.
    pub head: Option<Word>,
    pub gender: Option<Gender>,
    /// Plural (they, the two sides) vs singular.
    pub plural: bool,
    /// Inside a quotation (such mentions never speak the enclosing quote).
    pub in_quote: bool,
    pub sentence: usize,
    /// The entity this mention was resolved to by `entities`, if any.
    pub entity: Option<usize>,
}

impl Mention {
    /// A mention with nothing known yet beyond its span and kinds.
    pub fn new(span: Span, kind: MentionType, speaker_type: SpeakerType) -> Self {
        Mention {
            span,
            kind,
            speaker_type,
            name: None,
            title: None,
            descriptors: Vec::new(),
            head: None,
            gender: None,
            plural: false,
            in_quote: false,
            sentence: 0,
            entity: None,
        }
    }
}

/// For each of `n` entities, whether some attribution names it as a quote's speaker.
pub fn speaks(n: usize, attributions: &[Option<Attribution>]) -> Vec<bool> {
    let mut speaks = vec![false; n];
    for a in attributions.iter().flatten() {
        speaks[a.entity] = true;
    }
    speaks
}

/// One person, organisation or group in an article, after coreference.
///
/// `name`, `key`, `title` and `aliases` are filled in ([`crate::entities::describe`]) for the
/// entities that speak a quote, the only ones written to the tables; [`crate::analyze_all`]
/// fills them in for every entity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entity {
    /// Canonical name: a person's full name without titles; an organisation's or group's name.
    pub name: String,
    /// Normalised `name` for joining across articles (lower case, accents folded, titles dropped).
    pub key: String,
    pub kind: SpeakerType,
    pub title: Option<String>,
    pub gender: Option<Gender>,
    /// Every distinct surface form, in order of first appearance.
    pub aliases: Vec<String>,
    /// The mention whose words give `name` (an index into [`Analysis::mentions`]).
    pub best: usize,
    /// Indexes into [`Analysis::mentions`], in text order.
    pub mentions: Vec<usize>,
}

/// The evidence word(s) of an attribution, e.g. `said` / lemma `say`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cue {
    pub span: Span,
    pub lemma: String,
}

/// An attribution rule: the pattern that gave a quote its speaker. Each is a unit in
/// `attribution::rules`, tried in the order of `attribution::rules::ORDER`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rule {
    ParagraphContinuation,
    QuotedAsSaying,
    Split,
    CueAfter,
    DashCredit,
    AccordingTo,
    CueBefore,
    ColonIntro,
    ColonCredit,
    SentenceFinalCredit,
    EmbeddedSubject,
    Continuation,
    SentencePropagation,
    Nearest,
}

impl Rule {
    /// Every rule, in the order of this enum.
    pub const ALL: [Rule; 14] = [
        Rule::ParagraphContinuation,
        Rule::QuotedAsSaying,
        Rule::Split,
        Rule::CueAfter,
        Rule::DashCredit,
        Rule::AccordingTo,
        Rule::CueBefore,
        Rule::ColonIntro,
        Rule::ColonCredit,
        Rule::SentenceFinalCredit,
        Rule::EmbeddedSubject,
        Rule::Continuation,
        Rule::SentencePropagation,
        Rule::Nearest,
    ];

    /// The rule's name, as written to `quotes.rule`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Rule::ParagraphContinuation => "paragraph_continuation",
            Rule::QuotedAsSaying => "quoted_as_saying",
            Rule::Split => "split",
            Rule::CueAfter => "cue_after",
            Rule::DashCredit => "dash_credit",
            Rule::AccordingTo => "according_to",
            Rule::CueBefore => "cue_before",
            Rule::ColonIntro => "colon_intro",
            Rule::ColonCredit => "colon_credit",
            Rule::SentenceFinalCredit => "sentence_final_credit",
            Rule::EmbeddedSubject => "embedded_subject",
            Rule::Continuation => "continuation",
            Rule::SentencePropagation => "sentence_propagation",
            Rule::Nearest => "nearest",
        }
    }

    /// The rule with this name.
    pub fn from_name(name: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|r| r.as_str() == name)
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Who said a quote, and on what evidence.
#[derive(Debug, Clone, PartialEq)]
pub struct Attribution {
    pub entity: usize,
    /// The mention that carries the attribution (index into [`Analysis::mentions`]).
    pub mention: usize,
    pub cue: Option<Cue>,
    /// The rule that found the speaker.
    pub rule: Rule,
    /// The rule's measured precision for this kind of mention (see `attribution::confidence`).
    pub confidence: f64,
}

/// Everything the pipeline knows about one article.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Analysis {
    pub article: Article,
    pub layout: Layout,
    pub sentences: Vec<Sentence>,
    pub quotes: Vec<Quote>,
    pub mentions: Vec<Mention>,
    pub entities: Vec<Entity>,
    /// Parallel to `quotes`.
    pub attributions: Vec<Option<Attribution>>,
}

impl Analysis {
    /// Entities that speak at least one quote, in order of first mention: the `speakers` table.
    /// Position `n` in the returned list is the speaker number in `{article_id}:s{n}`.
    pub fn speaking_entities(&self) -> Vec<usize> {
        let speaks = speaks(self.entities.len(), &self.attributions);
        let mut ids: Vec<usize> = (0..self.entities.len()).filter(|&e| speaks[e]).collect();
        ids.sort_by_key(|&e| {
            self.entities[e].mentions.first().map(|&m| self.mentions[m].span.start).unwrap_or(usize::MAX)
        });
        ids
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}
