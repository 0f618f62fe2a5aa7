//! Arrow record batches from analyses: one function per table, columns in `schema/` order.
//!
//! Spans in the model are byte offsets into `article.text`; the `char_*` columns are derived
//! with [`CharIndex`]. Rows follow the order of the analyses given, then text order.

use super::schema::{Table, arrow_schema, list_item_field};
use crate::model::{Analysis, CharIndex, Span};
use crate::{Error, ErrorKind, Result};
use arrow::array::{
    ArrayRef, Date32Array, Float64Array, Int64Array, ListBuilder, RecordBatch,
    StringBuilder,
};
use std::sync::Arc;

/// The record batch of one table for these analyses.
pub fn batch(table: Table, analyses: &[Analysis]) -> Result<RecordBatch> {
    build(table, analyses, &facts(analyses))
}

/// The record batches of all tables, in [`Table::ALL`] order.
pub fn batches(analyses: &[Analysis]) -> Result<Vec<RecordBatch>> {
    let facts = facts(analyses);
    Table::ALL.iter().map(|&t| build(t, analyses, &facts)).collect()
}

fn build(table: Table, analyses: &[Analysis], facts: &[Facts]) -> Result<RecordBatch> {
    match table {
        Table::Articles => articles(analyses, facts),
        Table::Sentences => sentences(analyses, facts),
        Table::Quotes => quotes(analyses, facts),
        Table::Speakers => speakers(analyses, facts),
        Table::Mentions => mentions(analyses, facts),
    }
}

/// What several tables need of one article, computed once.
struct Facts<'a> {
    chars: CharIndex<'a>,
    /// Entities that speak, in speaker-number order.
    speaking: Vec<usize>,
    /// Speaker number of each entity (`None` for entities that never speak).
    numbers: Vec<Option<usize>>,
}

fn facts(analyses: &[Analysis]) -> Vec<Facts<'_>> {
    analyses
        .iter()
        .map(|a| {
            let speaking = a.speaking_entities();
            let mut numbers = vec![None; a.entities.len()];
            for (n, &e) in speaking.iter().enumerate() {
                numbers[e] = Some(n);
            }
            Facts { chars: CharIndex::new(&a.article.text), speaking, numbers }
        })
        .collect()
}

/// Appends the id `{article_id}:{tag}{n}` to `out`: tag `q` for quotes, `s` for speakers.
fn push_id(out: &mut String, article_id: &str, tag: char, n: usize) {
    use std::fmt::Write;
    out.push_str(article_id);
    out.push(':');
    out.push(tag);
    write!(out, "{n}").expect("writing to a String");
}

/// A column of quote or speaker ids, each built in one reused buffer instead of its own String
/// (there is one per quote, speaker and mention row).
struct IdCol {
    tag: char,
    buf: String,
    col: StringBuilder,
}

impl IdCol {
    /// Room for `n` ids of a typical length.
    fn new(tag: char, n: usize) -> Self {
        IdCol { tag, buf: String::new(), col: StringBuilder::with_capacity(n, n * 24) }
    }
    fn push(&mut self, article_id: &str, n: Option<usize>) {
        match n {
            Some(n) => {
                self.buf.clear();
                push_id(&mut self.buf, article_id, self.tag, n);
                self.col.append_value(&self.buf);
            }
            None => self.col.append_null(),
        }
    }
    fn finish(mut self) -> ArrayRef {
        Arc::new(self.col.finish())
    }
}

fn int(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

// String columns are sized before they are filled: growing a multi-megabyte text column by
// doubling costs copies and fresh pages.
fn strs<S: AsRef<str>>(v: Vec<S>) -> ArrayRef {
    let bytes = v.iter().map(|s| s.as_ref().len()).sum();
    let mut b = StringBuilder::with_capacity(v.len(), bytes);
    for s in &v {
        b.append_value(s);
    }
    Arc::new(b.finish())
}
fn opt_strs<S: AsRef<str>>(v: Vec<Option<S>>) -> ArrayRef {
    let bytes = v.iter().flatten().map(|s| s.as_ref().len()).sum();
    let mut b = StringBuilder::with_capacity(v.len(), bytes);
    for s in &v {
        b.append_option(s.as_ref());
    }
    Arc::new(b.finish())
}
fn ints(v: Vec<i64>) -> ArrayRef {
    Arc::new(Int64Array::from(v))
}
fn opt_ints(v: Vec<Option<i64>>) -> ArrayRef {
    Arc::new(Int64Array::from(v))
}

/// Assembles a batch, checking the columns against the table's schema (names, order, types).
fn assemble(table: Table, cols: Vec<(&'static str, ArrayRef)>) -> Result<RecordBatch> {
    let schema = arrow_schema(table);
    let names: Vec<&str> = cols.iter().map(|(n, _)| *n).collect();
    let expected: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
    if names != expected {
        return Err(Error::new(ErrorKind::Schema(format!(
            "{table}: built columns {names:?} but schema/{table}.json has {expected:?}"
        ))));
    }
    Ok(RecordBatch::try_new(
        schema,
        cols.into_iter().map(|(_, a)| a).collect(),
    )?)
}

/// Char and byte offsets of a span, in that order: (char_start, char_end, byte_start, byte_end).
fn offsets(ci: &CharIndex<'_>, span: Span) -> [i64; 4] {
    [
        int(ci.char_offset(span.start)),
        int(ci.char_offset(span.end)),
        int(span.start),
        int(span.end),
    ]
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

/// Declares `let mut` column vectors, each sized for `n` rows (the row count is known before
/// a table is filled, so no column grows by copying).
macro_rules! columns {
    ($n:expr; $($name:ident),+ $(,)?) => {
        $(let mut $name = Vec::with_capacity($n);)+
    };
}

fn articles(analyses: &[Analysis], facts: &[Facts]) -> Result<RecordBatch> {
    let n = analyses.len();
    columns!(n; id, source, title, published, dateline, url);
    columns!(n; sha, n_chars, n_bytes, n_par, n_sent, n_quotes, n_attr, text);
    for (a, f) in analyses.iter().zip(facts) {
        let t = a.article.text.as_str();
        id.push(a.article.id.as_str());
        source.push(a.article.source.as_str());
        title.push(
            a.article
                .meta
                .title
                .as_deref()
                .or_else(|| a.layout.title.map(|s| s.of(t))),
        );
        published.push(a.article.meta.published.or(a.layout.published));
        dateline.push(a.layout.dateline.map(|s| s.of(t)));
        url.push(a.article.meta.url.as_deref());
        sha.push(super::sha256_hex(t.as_bytes()));
        n_chars.push(int(f.chars.char_len()));
        n_bytes.push(int(t.len()));
        n_par.push(int(a.layout.paragraphs.len()));
        n_sent.push(int(a.sentences.len()));
        n_quotes.push(int(a.quotes.len()));
        n_attr.push(int(a.attributions.iter().flatten().count()));
        text.push(t);
    }
    assemble(
        Table::Articles,
        vec![
            ("article_id", strs(id)),
            ("source", strs(source)),
            ("title", opt_strs(title)),
            ("published", Arc::new(Date32Array::from(published))),
            ("dateline", opt_strs(dateline)),
            ("url", opt_strs(url)),
            ("text_sha256", strs(sha)),
            ("n_chars", ints(n_chars)),
            ("n_bytes", ints(n_bytes)),
            ("n_paragraphs", ints(n_par)),
            ("n_sentences", ints(n_sent)),
            ("n_quotes", ints(n_quotes)),
            ("n_attributed", ints(n_attr)),
            ("text", strs(text)),
        ],
    )
}

fn sentences(analyses: &[Analysis], facts: &[Facts]) -> Result<RecordBatch> {
    let n = analyses.iter().map(|a| a.sentences.len()).sum();
    columns!(n; id, index, par, text);
    let mut spans = SpanCols::with_capacity(n);
    for (a, f) in analyses.iter().zip(facts) {
        let t = a.article.text.as_str();
        let ci = &f.chars;
        for (i, s) in a.sentences.iter().enumerate() {
            id.push(a.article.id.as_str());
            index.push(int(i));
            par.push(int(s.paragraph));
            spans.push(ci, s.span);
            text.push(s.span.of(t));
        }
    }
    let mut cols = vec![
        ("article_id", strs(id)),
        ("sentence_index", ints(index)),
        ("paragraph_index", ints(par)),
    ];
    cols.extend(spans.into_cols());
    cols.push(("text", strs(text)));
    assemble(Table::Sentences, cols)
}

fn quotes(analyses: &[Analysis], facts: &[Facts]) -> Result<RecordBatch> {
    let n = analyses.iter().map(|a| a.quotes.len()).sum();
    let mut quote_id_col = IdCol::new('q', n);
    columns!(n; article_id, index, text);
    let mut spans = SpanCols::with_capacity(n);
    columns!(n; par, sent, open, close, kind, speaker, speaker_type);
    columns!(n; m_text, m_type, m_start, m_end, cue, cue_lemma, cue_start, cue_end, rule, confidence);
    let mut speaker_id_col = IdCol::new('s', n);
    for (a, f) in analyses.iter().zip(facts) {
        let t = a.article.text.as_str();
        let aid = a.article.id.as_str();
        let (ci, numbers) = (&f.chars, &f.numbers);
        for (i, q) in a.quotes.iter().enumerate() {
            quote_id_col.push(aid, Some(i));
            article_id.push(aid);
            index.push(int(i));
            text.push(q.span.of(t));
            spans.push(ci, q.span);
            par.push(int(q.paragraph));
            sent.push(int(q.sentence));
            open.push(q.open.of(t));
            close.push(q.close.map(|s| s.of(t)));
            kind.push(q.kind.as_str());
            let attr = a.attributions.get(i).and_then(Option::as_ref);
            let entity = attr.map(|at| &a.entities[at.entity]);
            speaker.push(entity.map(|e| e.name.as_str()));
            speaker_id_col.push(aid, attr.and_then(|at| numbers[at.entity]));
            speaker_type.push(entity.map(|e| e.kind.as_str()));
            let mention = attr.map(|at| &a.mentions[at.mention]);
            m_text.push(mention.map(|m| m.span.of(t)));
            m_type.push(mention.map(|m| m.kind.as_str()));
            m_start.push(mention.map(|m| int(ci.char_offset(m.span.start))));
            m_end.push(mention.map(|m| int(ci.char_offset(m.span.end))));
            let c = attr.and_then(|at| at.cue.as_ref());
            cue.push(c.map(|c| c.span.of(t)));
            cue_lemma.push(c.map(|c| c.lemma.as_str()));
            cue_start.push(c.map(|c| int(ci.char_offset(c.span.start))));
            cue_end.push(c.map(|c| int(ci.char_offset(c.span.end))));
            rule.push(attr.map(|at| at.rule));
            confidence.push(attr.map(|at| at.confidence));
        }
    }
    let mut cols = vec![
        ("quote_id", quote_id_col.finish()),
        ("article_id", strs(article_id)),
        ("quote_index", ints(index)),
        ("text", strs(text)),
    ];
    cols.extend(spans.into_cols());
    cols.extend([
        ("paragraph_index", ints(par)),
        ("sentence_index", ints(sent)),
        ("open_mark", strs(open)),
        ("close_mark", opt_strs(close)),
        ("kind", strs(kind)),
        ("speaker", opt_strs(speaker)),
        ("speaker_id", speaker_id_col.finish()),
        ("speaker_type", opt_strs(speaker_type)),
        ("mention_text", opt_strs(m_text)),
        ("mention_type", opt_strs(m_type)),
        ("mention_char_start", opt_ints(m_start)),
        ("mention_char_end", opt_ints(m_end)),
        ("cue", opt_strs(cue)),
        ("cue_lemma", opt_strs(cue_lemma)),
        ("cue_char_start", opt_ints(cue_start)),
        ("cue_char_end", opt_ints(cue_end)),
        ("rule", opt_strs(rule)),
        (
            "confidence",
            Arc::new(Float64Array::from(confidence)) as ArrayRef,
        ),
    ]);
    assemble(Table::Quotes, cols)
}

fn speakers(analyses: &[Analysis], facts: &[Facts]) -> Result<RecordBatch> {
    let n = facts.iter().map(|f| f.speaking.len()).sum();
    let mut sid = IdCol::new('s', n);
    columns!(n; aid, name, key, kind, title, gender, n_mentions, n_quotes);
    let mut aliases =
        ListBuilder::new(StringBuilder::new()).with_field(Arc::new(list_item_field()));
    for (a, f) in analyses.iter().zip(facts) {
        let article_id = a.article.id.as_str();
        let mut quotes_of = vec![0usize; a.entities.len()];
        for at in a.attributions.iter().flatten() {
            quotes_of[at.entity] += 1;
        }
        for (n, &e) in f.speaking.iter().enumerate() {
            let ent = &a.entities[e];
            sid.push(article_id, Some(n));
            aid.push(article_id);
            name.push(ent.name.as_str());
            key.push(ent.key.as_str());
            kind.push(ent.kind.as_str());
            title.push(ent.title.as_deref());
            gender.push(ent.gender.map(|g| g.as_str()));
            for alias in &ent.aliases {
                aliases.values().append_value(alias);
            }
            aliases.append(true);
            n_mentions.push(int(ent.mentions.len()));
            n_quotes.push(int(quotes_of[e]));
        }
    }
    assemble(
        Table::Speakers,
        vec![
            ("speaker_id", sid.finish()),
            ("article_id", strs(aid)),
            ("name", strs(name)),
            ("speaker_key", strs(key)),
            ("speaker_type", strs(kind)),
            ("title", opt_strs(title)),
            ("gender", opt_strs(gender)),
            ("aliases", Arc::new(aliases.finish())),
            ("n_mentions", ints(n_mentions)),
            ("n_quotes", ints(n_quotes)),
        ],
    )
}

fn mentions(analyses: &[Analysis], facts: &[Facts]) -> Result<RecordBatch> {
    let n = analyses.iter().zip(facts).map(|(a, f)| f.speaking.iter().map(|&e| a.entities[e].mentions.len()).sum::<usize>()).sum();
    columns!(n; aid, text, kind);
    let mut sid = IdCol::new('s', n);
    let mut spans = SpanCols::with_capacity(n);
    for (a, f) in analyses.iter().zip(facts) {
        let t = a.article.text.as_str();
        let article_id = a.article.id.as_str();
        let ci = &f.chars;
        // Rows come from each speaking entity's own mention list (so `speakers.n_mentions` counts
        // exactly its rows here), merged into text order.
        let mut rows: Vec<(Span, usize, usize)> = Vec::new();
        for (n, &e) in f.speaking.iter().enumerate() {
            rows.extend(
                a.entities[e]
                    .mentions
                    .iter()
                    .map(|&m| (a.mentions[m].span, n, m)),
            );
        }
        rows.sort_unstable();
        for (span, n, m) in rows {
            aid.push(article_id);
            sid.push(article_id, Some(n));
            spans.push(ci, span);
            text.push(span.of(t));
            kind.push(a.mentions[m].kind.as_str());
        }
    }
    let mut cols = vec![("article_id", strs(aid)), ("speaker_id", sid.finish())];
    cols.extend(spans.into_cols());
    cols.extend([("text", strs(text)), ("mention_type", strs(kind))]);
    assemble(Table::Mentions, cols)
}
