//! Arrow record batches from analyses: rows of all five tables, columns in `schema/` order.
//!
//! [`Rows`] takes one analysis at a time and appends its rows to every table, so a caller can
//! drop each analysis right after: the next article's allocations then reuse memory that is
//! still in cache. Spans in the model are byte offsets into `article.text`; the `char_*`
//! columns are derived with [`CharIndex`]. Rows follow the order of the analyses given, then
//! text order.

use crate::schema::{Table, arrow_schema, list_item_field};
use crate::{Error, ErrorKind, Result};
use arrow::array::{ArrayRef, Date32Array, Float64Array, Int64Array, ListBuilder, RecordBatch, StringBuilder};
use std::sync::Arc;
use whosaid_core::model::{Analysis, Article, Span};
use whosaid_core::text::CharIndex;
use whosaid_core::text::date::to_days;

/// The record batch of one table for these analyses.
pub fn batch(table: Table, analyses: &[Analysis]) -> Result<RecordBatch> {
    let i = Table::ALL.iter().position(|&t| t == table).expect("every table is in Table::ALL");
    Ok(batches(analyses)?.swap_remove(i))
}

/// The record batches of all tables, in [`Table::ALL`] order.
pub fn batches(analyses: &[Analysis]) -> Result<Vec<RecordBatch>> {
    let mut rows = Rows::for_articles(analyses.iter().map(|a| &a.article));
    for a in analyses {
        rows.push(a);
    }
    rows.finish()
}

/// The rows of all five tables, filled one analysis at a time.
pub struct Rows {
    articles: ArticleRows,
    sentences: SentenceRows,
    quotes: QuoteRows,
    speakers: SpeakerRows,
    mentions: MentionRows,
    speaker_ids: SpeakerIds,
}

impl Rows {
    /// Room for the rows of these articles. The two text columns get room for all their text,
    /// so they never grow by copying; the other tables get room for what news text usually has
    /// (a sentence per 150 bytes, a quote per 900, a speaker per 1,400, a speaker mention per
    /// 280), and grow past it.
    pub fn for_articles<'a>(articles: impl Iterator<Item = &'a Article>) -> Self {
        let (mut n, mut id_bytes, mut text_bytes) = (0, 0, 0);
        for a in articles {
            (n, id_bytes, text_bytes) = (n + 1, id_bytes + a.id.len(), text_bytes + a.text.len());
        }
        let id = id_bytes / n.max(1);
        let rows = |bytes_per_row: usize| n + text_bytes / bytes_per_row;
        Rows {
            articles: ArticleRows::new(n, id, text_bytes),
            sentences: SentenceRows::new(rows(150), id, text_bytes),
            quotes: QuoteRows::new(rows(900), id),
            speakers: SpeakerRows::new(rows(1400), id),
            mentions: MentionRows::new(rows(280), id),
            speaker_ids: SpeakerIds::default(),
        }
    }

    /// Appends the rows of one analysed article to every table.
    pub fn push(&mut self, a: &Analysis) {
        let speaking = a.speaking_entities();
        let mut numbers = vec![None; a.entities.len()];
        for (n, &e) in speaking.iter().enumerate() {
            numbers[e] = Some(n);
        }
        self.speaker_ids.fill(&a.article.id, speaking.len());
        let f = Facts { chars: CharIndex::new(&a.article.text), speaking, numbers, speaker_ids: &self.speaker_ids };
        self.articles.push(a, &f);
        self.sentences.push(a, &f);
        self.quotes.push(a, &f);
        self.speakers.push(a, &f);
        self.mentions.push(a, &f);
    }

    /// The record batches, in [`Table::ALL`] order.
    pub fn finish(self) -> Result<Vec<RecordBatch>> {
        let batches = [
            (Table::Articles, self.articles.finish()),
            (Table::Sentences, self.sentences.finish()),
            (Table::Quotes, self.quotes.finish()),
            (Table::Speakers, self.speakers.finish()),
            (Table::Mentions, self.mentions.finish()),
        ];
        debug_assert!(batches.iter().map(|(t, _)| *t).eq(Table::ALL.iter().copied()));
        batches.into_iter().map(|(t, cols)| assemble(t, cols)).collect()
    }
}

/// What several tables need of one article, computed once.
struct Facts<'a> {
    chars: CharIndex<'a>,
    /// Entities that speak, in speaker-number order.
    speaking: Vec<usize>,
    /// Speaker number of each entity (`None` for entities that never speak).
    numbers: Vec<Option<usize>>,
    /// The id of each speaker number.
    speaker_ids: &'a SpeakerIds,
}

/// Appends the id `{article_id}:{tag}{n}` to `out`: tag `q` for quotes, `s` for speakers.
fn push_id(out: &mut String, article_id: &str, tag: char, n: usize) {
    out.push_str(article_id);
    out.push(':');
    out.push(tag);
    out.push_str(itoa::Buffer::new().format(n));
}

/// The speaker ids of one article, built once and shared by the rows of `quotes`, `speakers`
/// and `mentions`, where each recurs on every quote and mention of its speaker. Kept in [`Rows`]
/// so that every article reuses the same two buffers.
#[derive(Default)]
struct SpeakerIds {
    /// The ids, one after another.
    text: String,
    /// Where each id ends in `text`.
    ends: Vec<usize>,
}

impl SpeakerIds {
    /// The ids `{article_id}:s0` to `{article_id}:s{n - 1}`.
    fn fill(&mut self, article_id: &str, n: usize) {
        self.text.clear();
        self.ends.clear();
        for i in 0..n {
            push_id(&mut self.text, article_id, 's', i);
            self.ends.push(self.text.len());
        }
    }

    /// The id of speaker number `n`.
    fn get(&self, n: usize) -> &str {
        let start = if n == 0 { 0 } else { self.ends[n - 1] };
        &self.text[start..self.ends[n]]
    }
}

fn int(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// A string column with room for `rows` values of `bytes` in all.
fn strings(rows: usize, bytes: usize) -> StringBuilder {
    StringBuilder::with_capacity(rows, bytes)
}

/// A column of quote or speaker ids (`{article_id}:q12`), `n` of them, for article ids of `id`
/// bytes.
fn ids(n: usize, id: usize) -> StringBuilder {
    strings(n, n * (id + 4))
}

/// A finished string column.
fn done(mut b: StringBuilder) -> ArrayRef {
    Arc::new(b.finish())
}

fn ints(v: Vec<i64>) -> ArrayRef {
    Arc::new(Int64Array::from(v))
}

fn opt_ints(v: Vec<Option<i64>>) -> ArrayRef {
    Arc::new(Int64Array::from(v))
}

/// A batch's columns, named as in the table's schema.
type Columns = Vec<(&'static str, ArrayRef)>;

/// Assembles a batch, checking the columns against the table's schema (names, order, types).
fn assemble(table: Table, cols: Columns) -> Result<RecordBatch> {
    let schema = arrow_schema(table);
    let names: Vec<&str> = cols.iter().map(|(n, _)| *n).collect();
    let expected: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
    if names != expected {
        return Err(Error::new(ErrorKind::Schema(format!(
            "{table}: built columns {names:?} but schema/{table}.json has {expected:?}"
        ))));
    }
    Ok(RecordBatch::try_new(schema, cols.into_iter().map(|(_, a)| a).collect())?)
}

/// Char and byte offsets of a span, in that order: (char_start, char_end, byte_start, byte_end).
fn offsets(ci: &CharIndex<'_>, span: Span) -> [i64; 4] {
    [int(ci.char_offset(span.start)), int(ci.char_offset(span.end)), int(span.start), int(span.end)]
}

#[derive(Default)]
struct SpanCols {
    char_start: Vec<i64>,
    char_end: Vec<i64>,
    byte_start: Vec<i64>,
    byte_end: Vec<i64>,
}

impl SpanCols {
    fn with_capacity(n: usize) -> Self {
        SpanCols {
            char_start: Vec::with_capacity(n),
            char_end: Vec::with_capacity(n),
            byte_start: Vec::with_capacity(n),
            byte_end: Vec::with_capacity(n),
        }
    }
    fn push(&mut self, ci: &CharIndex<'_>, span: Span) {
        let [cs, ce, bs, be] = offsets(ci, span);
        self.char_start.push(cs);
        self.char_end.push(ce);
        self.byte_start.push(bs);
        self.byte_end.push(be);
    }
    fn into_cols(self) -> [(&'static str, ArrayRef); 4] {
        [
            ("char_start", ints(self.char_start)),
            ("char_end", ints(self.char_end)),
            ("byte_start", ints(self.byte_start)),
            ("byte_end", ints(self.byte_end)),
        ]
    }
}

/// Columns of `articles`, one row per article.
struct ArticleRows {
    id: StringBuilder,
    source: StringBuilder,
    title: StringBuilder,
    published: Vec<Option<i32>>,
    dateline: StringBuilder,
    url: StringBuilder,
    sha: StringBuilder,
    n_chars: Vec<i64>,
    n_bytes: Vec<i64>,
    n_par: Vec<i64>,
    n_sent: Vec<i64>,
    n_quotes: Vec<i64>,
    n_attr: Vec<i64>,
    text: StringBuilder,
}

impl ArticleRows {
    fn new(n: usize, id: usize, text_bytes: usize) -> Self {
        ArticleRows {
            id: strings(n, n * id),
            source: strings(n, n * 32),
            title: strings(n, n * 64),
            published: Vec::with_capacity(n),
            dateline: strings(n, n * 16),
            url: strings(n, n * 64),
            sha: strings(n, n * 64),
            n_chars: Vec::with_capacity(n),
            n_bytes: Vec::with_capacity(n),
            n_par: Vec::with_capacity(n),
            n_sent: Vec::with_capacity(n),
            n_quotes: Vec::with_capacity(n),
            n_attr: Vec::with_capacity(n),
            text: strings(n, text_bytes),
        }
    }

    fn push(&mut self, a: &Analysis, f: &Facts) {
        let t = a.article.text.as_str();
        let meta = &a.article.meta;
        self.id.append_value(&a.article.id);
        self.source.append_value(&a.article.source);
        self.title.append_option(meta.title.as_deref().or_else(|| a.layout.title.map(|s| s.of(t))));
        self.published.push(meta.published.or(a.layout.published).map(to_days));
        self.dateline.append_option(a.layout.dateline.map(|s| s.of(t)));
        self.url.append_option(meta.url.as_deref());
        self.sha.append_value(crate::checksum::sha256_hex(t.as_bytes()));
        self.n_chars.push(int(f.chars.char_len()));
        self.n_bytes.push(int(t.len()));
        self.n_par.push(int(a.layout.paragraphs.len()));
        self.n_sent.push(int(a.sentences.len()));
        self.n_quotes.push(int(a.quotes.len()));
        self.n_attr.push(int(a.attributions.iter().flatten().count()));
        self.text.append_value(t);
    }

    fn finish(self) -> Columns {
        vec![
            ("article_id", done(self.id)),
            ("source", done(self.source)),
            ("title", done(self.title)),
            ("published", Arc::new(Date32Array::from(self.published))),
            ("dateline", done(self.dateline)),
            ("url", done(self.url)),
            ("text_sha256", done(self.sha)),
            ("n_chars", ints(self.n_chars)),
            ("n_bytes", ints(self.n_bytes)),
            ("n_paragraphs", ints(self.n_par)),
            ("n_sentences", ints(self.n_sent)),
            ("n_quotes", ints(self.n_quotes)),
            ("n_attributed", ints(self.n_attr)),
            ("text", done(self.text)),
        ]
    }
}

/// Columns of `sentences`.
struct SentenceRows {
    id: StringBuilder,
    index: Vec<i64>,
    par: Vec<i64>,
    spans: SpanCols,
    text: StringBuilder,
}

impl SentenceRows {
    fn new(n: usize, id: usize, text_bytes: usize) -> Self {
        SentenceRows {
            id: strings(n, n * id),
            index: Vec::with_capacity(n),
            par: Vec::with_capacity(n),
            spans: SpanCols::with_capacity(n),
            text: strings(n, text_bytes),
        }
    }

    fn push(&mut self, a: &Analysis, f: &Facts) {
        let t = a.article.text.as_str();
        for (i, s) in a.sentences.iter().enumerate() {
            self.id.append_value(&a.article.id);
            self.index.push(int(i));
            self.par.push(int(s.paragraph));
            self.spans.push(&f.chars, s.span);
            self.text.append_value(s.span.of(t));
        }
    }

    fn finish(self) -> Columns {
        let mut cols = vec![
            ("article_id", done(self.id)),
            ("sentence_index", ints(self.index)),
            ("paragraph_index", ints(self.par)),
        ];
        cols.extend(self.spans.into_cols());
        cols.push(("text", done(self.text)));
        cols
    }
}

/// Columns of `quotes`, with each quote's attribution.
struct QuoteRows {
    quote_id: StringBuilder,
    /// Where each quote id is put together.
    id_buf: String,
    article_id: StringBuilder,
    index: Vec<i64>,
    text: StringBuilder,
    spans: SpanCols,
    par: Vec<i64>,
    sent: Vec<i64>,
    open: StringBuilder,
    close: StringBuilder,
    kind: StringBuilder,
    speaker: StringBuilder,
    speaker_id: StringBuilder,
    speaker_type: StringBuilder,
    m_text: StringBuilder,
    m_type: StringBuilder,
    m_start: Vec<Option<i64>>,
    m_end: Vec<Option<i64>>,
    cue: StringBuilder,
    cue_lemma: StringBuilder,
    cue_start: Vec<Option<i64>>,
    cue_end: Vec<Option<i64>>,
    rule: StringBuilder,
    confidence: Vec<Option<f64>>,
}

impl QuoteRows {
    fn new(n: usize, id: usize) -> Self {
        // Short labels (marks, kinds, types, rules) take a few bytes each; quotes about 150.
        let label = || strings(n, n * 8);
        QuoteRows {
            quote_id: ids(n, id),
            id_buf: String::new(),
            article_id: strings(n, n * id),
            index: Vec::with_capacity(n),
            text: strings(n, n * 150),
            spans: SpanCols::with_capacity(n),
            par: Vec::with_capacity(n),
            sent: Vec::with_capacity(n),
            open: label(),
            close: label(),
            kind: label(),
            speaker: strings(n, n * 24),
            speaker_id: ids(n, id),
            speaker_type: label(),
            m_text: strings(n, n * 24),
            m_type: label(),
            m_start: Vec::with_capacity(n),
            m_end: Vec::with_capacity(n),
            cue: label(),
            cue_lemma: label(),
            cue_start: Vec::with_capacity(n),
            cue_end: Vec::with_capacity(n),
            rule: strings(n, n * 16),
            confidence: Vec::with_capacity(n),
        }
    }

    fn push(&mut self, a: &Analysis, f: &Facts) {
        let t = a.article.text.as_str();
        let aid = a.article.id.as_str();
        let ci = &f.chars;
        let char_at = |i: usize| int(ci.char_offset(i));
        for (i, q) in a.quotes.iter().enumerate() {
            self.id_buf.clear();
            push_id(&mut self.id_buf, aid, 'q', i);
            self.quote_id.append_value(&self.id_buf);
            self.article_id.append_value(aid);
            self.index.push(int(i));
            self.text.append_value(q.span.of(t));
            self.spans.push(ci, q.span);
            self.par.push(int(q.paragraph));
            self.sent.push(int(q.sentence));
            self.open.append_value(q.open.of(t));
            self.close.append_option(q.close.map(|s| s.of(t)));
            self.kind.append_value(q.kind.as_str());
            let attr = a.attributions.get(i).and_then(Option::as_ref);
            let entity = attr.map(|at| &a.entities[at.entity]);
            self.speaker.append_option(entity.map(|e| e.name.as_str()));
            self.speaker_id.append_option(attr.and_then(|at| f.numbers[at.entity]).map(|n| f.speaker_ids.get(n)));
            self.speaker_type.append_option(entity.map(|e| e.kind.as_str()));
            let mention = attr.map(|at| &a.mentions[at.mention]);
            self.m_text.append_option(mention.map(|m| m.span.of(t)));
            self.m_type.append_option(mention.map(|m| m.kind.as_str()));
            self.m_start.push(mention.map(|m| char_at(m.span.start)));
            self.m_end.push(mention.map(|m| char_at(m.span.end)));
            let c = attr.and_then(|at| at.cue.as_ref());
            self.cue.append_option(c.map(|c| c.span.of(t)));
            self.cue_lemma.append_option(c.map(|c| c.lemma.as_str()));
            self.cue_start.push(c.map(|c| char_at(c.span.start)));
            self.cue_end.push(c.map(|c| char_at(c.span.end)));
            self.rule.append_option(attr.map(|at| at.rule.as_str()));
            self.confidence.push(attr.map(|at| at.confidence));
        }
    }

    fn finish(self) -> Columns {
        let mut cols = vec![
            ("quote_id", done(self.quote_id)),
            ("article_id", done(self.article_id)),
            ("quote_index", ints(self.index)),
            ("text", done(self.text)),
        ];
        cols.extend(self.spans.into_cols());
        cols.extend([
            ("paragraph_index", ints(self.par)),
            ("sentence_index", ints(self.sent)),
            ("open_mark", done(self.open)),
            ("close_mark", done(self.close)),
            ("kind", done(self.kind)),
            ("speaker", done(self.speaker)),
            ("speaker_id", done(self.speaker_id)),
            ("speaker_type", done(self.speaker_type)),
            ("mention_text", done(self.m_text)),
            ("mention_type", done(self.m_type)),
            ("mention_char_start", opt_ints(self.m_start)),
            ("mention_char_end", opt_ints(self.m_end)),
            ("cue", done(self.cue)),
            ("cue_lemma", done(self.cue_lemma)),
            ("cue_char_start", opt_ints(self.cue_start)),
            ("cue_char_end", opt_ints(self.cue_end)),
            ("rule", done(self.rule)),
            ("confidence", Arc::new(Float64Array::from(self.confidence)) as ArrayRef),
        ]);
        cols
    }
}

/// Columns of `speakers`: the entities that speak a quote, one row per article and speaker.
struct SpeakerRows {
    id: StringBuilder,
    article_id: StringBuilder,
    name: StringBuilder,
    key: StringBuilder,
    kind: StringBuilder,
    title: StringBuilder,
    gender: StringBuilder,
    aliases: ListBuilder<StringBuilder>,
    n_mentions: Vec<i64>,
    n_quotes: Vec<i64>,
}

impl SpeakerRows {
    fn new(n: usize, id: usize) -> Self {
        SpeakerRows {
            id: ids(n, id),
            article_id: strings(n, n * id),
            name: strings(n, n * 24),
            key: strings(n, n * 24),
            kind: strings(n, n * 8),
            title: strings(n, n * 16),
            gender: strings(n, n * 8),
            aliases: ListBuilder::new(StringBuilder::new()).with_field(Arc::new(list_item_field())),
            n_mentions: Vec::with_capacity(n),
            n_quotes: Vec::with_capacity(n),
        }
    }

    fn push(&mut self, a: &Analysis, f: &Facts) {
        let article_id = a.article.id.as_str();
        let mut quotes_of = vec![0usize; a.entities.len()];
        for at in a.attributions.iter().flatten() {
            quotes_of[at.entity] += 1;
        }
        for (n, &e) in f.speaking.iter().enumerate() {
            let ent = &a.entities[e];
            self.id.append_value(f.speaker_ids.get(n));
            self.article_id.append_value(article_id);
            self.name.append_value(&ent.name);
            self.key.append_value(&ent.key);
            self.kind.append_value(ent.kind.as_str());
            self.title.append_option(ent.title.as_deref());
            self.gender.append_option(ent.gender.map(|g| g.as_str()));
            for alias in &ent.aliases {
                self.aliases.values().append_value(alias);
            }
            self.aliases.append(true);
            self.n_mentions.push(int(ent.mentions.len()));
            self.n_quotes.push(int(quotes_of[e]));
        }
    }

    fn finish(mut self) -> Columns {
        vec![
            ("speaker_id", done(self.id)),
            ("article_id", done(self.article_id)),
            ("name", done(self.name)),
            ("speaker_key", done(self.key)),
            ("speaker_type", done(self.kind)),
            ("title", done(self.title)),
            ("gender", done(self.gender)),
            ("aliases", Arc::new(self.aliases.finish())),
            ("n_mentions", ints(self.n_mentions)),
            ("n_quotes", ints(self.n_quotes)),
        ]
    }
}

/// Columns of `mentions`: every mention of a speaking entity, in text order.
struct MentionRows {
    article_id: StringBuilder,
    speaker_id: StringBuilder,
    spans: SpanCols,
    text: StringBuilder,
    kind: StringBuilder,
    /// One article's rows before they are put in text order (kept to reuse its memory).
    order: Vec<(Span, usize, usize)>,
}

impl MentionRows {
    fn new(n: usize, id: usize) -> Self {
        MentionRows {
            article_id: strings(n, n * id),
            speaker_id: ids(n, id),
            spans: SpanCols::with_capacity(n),
            text: strings(n, n * 16),
            kind: strings(n, n * 8),
            order: Vec::new(),
        }
    }

    fn push(&mut self, a: &Analysis, f: &Facts) {
        let t = a.article.text.as_str();
        let article_id = a.article.id.as_str();
        // Rows come from each speaking entity's own mention list (so `speakers.n_mentions` counts
        // exactly its rows here), merged into text order.
        self.order.clear();
        for (n, &e) in f.speaking.iter().enumerate() {
            self.order.extend(a.entities[e].mentions.iter().map(|&m| (a.mentions[m].span, n, m)));
        }
        self.order.sort_unstable();
        for &(span, n, m) in &self.order {
            self.article_id.append_value(article_id);
            self.speaker_id.append_value(f.speaker_ids.get(n));
            self.spans.push(&f.chars, span);
            self.text.append_value(span.of(t));
            self.kind.append_value(a.mentions[m].kind.as_str());
        }
    }

    fn finish(self) -> Columns {
        let mut cols = vec![("article_id", done(self.article_id)), ("speaker_id", done(self.speaker_id))];
        cols.extend(self.spans.into_cols());
        cols.extend([("text", done(self.text)), ("mention_type", done(self.kind))]);
        cols
    }
}
