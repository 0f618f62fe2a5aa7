//! One article's rows from every table it appears in, read by `article_id` with row-group
//! pruning ([`whosaid_dataset::read::article_rows`]): a lookup decodes the row groups whose
//! `article_id` min/max admit the ids, and of those only the kept rows' other columns.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use arrow::array::{Array, AsArray, RecordBatch};
use arrow::datatypes::{DataType, Date32Type};
use whosaid_dataset::read::{self, Pruning, floats, ints, opt_int, opt_str, strings};
use whosaid_dataset::schema::Table;

use crate::{Error, Result};

/// One quote row, with its attribution.
#[derive(Debug, Clone, PartialEq)]
pub struct Quote {
    pub quote_id: String,
    pub index: i64,
    pub text: String,
    pub char_start: i64,
    pub char_end: i64,
    pub kind: String,
    pub speaker: Option<String>,
    pub speaker_id: Option<String>,
    pub speaker_type: Option<String>,
    pub mention_text: Option<String>,
    pub mention_type: Option<String>,
    pub mention_chars: Option<(i64, i64)>,
    pub cue: Option<String>,
    pub cue_lemma: Option<String>,
    pub cue_chars: Option<(i64, i64)>,
    pub rule: Option<String>,
    pub confidence: Option<f64>,
}

/// One speaker row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Speaker {
    pub speaker_id: String,
    pub name: String,
    pub speaker_key: String,
    pub speaker_type: String,
    pub n_quotes: i64,
}

impl Speaker {
    /// The speaker's number within its article (`s3` → 3), for its colour.
    pub fn number(&self) -> usize {
        speaker_number(&self.speaker_id)
    }
}

/// The `n` of a speaker id `{article_id}:s{n}` (0 when it has none).
pub fn speaker_number(speaker_id: &str) -> usize {
    speaker_id.rsplit_once(":s").and_then(|(_, n)| n.parse().ok()).unwrap_or(0)
}

/// One mention row (a mention of a speaking entity).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub speaker_id: String,
    pub char_start: i64,
    pub char_end: i64,
    pub text: String,
    pub mention_type: String,
}

/// An article with its quotes, speakers and mentions, in table order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Article {
    pub article_id: String,
    pub source: String,
    pub title: Option<String>,
    pub published: Option<String>,
    pub dateline: Option<String>,
    pub url: Option<String>,
    pub text: String,
    pub quotes: Vec<Quote>,
    pub speakers: Vec<Speaker>,
    pub mentions: Vec<Mention>,
}

impl Article {
    /// The speaker row of a speaker id.
    pub fn speaker(&self, speaker_id: &str) -> Option<&Speaker> {
        self.speakers.iter().find(|s| s.speaker_id == speaker_id)
    }
}

/// What a lookup read: row groups per table, of how many.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadStats {
    pub tables: BTreeMap<&'static str, Pruning>,
}

impl ReadStats {
    /// Row groups decoded and row groups in all, over every table read.
    pub fn total(&self) -> Pruning {
        let mut p = Pruning::default();
        for t in self.tables.values() {
            p.add(*t);
        }
        p
    }
}

/// Rows per record batch of a lookup.
const BATCH_ROWS: usize = 1024;

/// The rows of `table` for the articles `ids`, part by part.
fn rows(dir: &Path, table: Table, ids: &BTreeSet<String>, stats: &mut ReadStats) -> Result<Vec<RecordBatch>> {
    let mut out = Vec::new();
    let mut pruning = Pruning::default();
    for part in read::table_parts(dir, table)? {
        let (batches, p) = read::article_rows(&part, ids, BATCH_ROWS)?;
        pruning.add(p);
        out.extend(batches);
    }
    stats.tables.insert(table.name(), pruning);
    Ok(out)
}

fn date_column(b: &RecordBatch, name: &str) -> Result<Vec<Option<String>>> {
    let col = b.column_by_name(name).ok_or_else(|| Error::Usage(format!("missing column `{name}`")))?;
    let col = arrow::compute::cast(col, &DataType::Date32).map_err(whosaid_dataset::Error::from)?;
    let col = col.as_primitive::<Date32Type>();
    Ok((0..col.len())
        .map(|i| {
            col.is_valid(i).then(|| whosaid_core::text::date::from_days(col.value(i)).map(|d| d.to_string())).flatten()
        })
        .collect())
}

fn pair(a: Option<i64>, b: Option<i64>) -> Option<(i64, i64)> {
    Some((a?, b?))
}

/// Loads the articles `ids` (in the order given) from the dataset in `dir`. Fails, naming the
/// ids, when some are not in the dataset.
pub fn load(dir: &Path, ids: &[String]) -> Result<(Vec<Article>, ReadStats)> {
    let want: BTreeSet<String> = ids.iter().cloned().collect();
    let mut stats = ReadStats::default();
    let mut found: BTreeMap<String, Article> = BTreeMap::new();
    for b in rows(dir, Table::Articles, &want, &mut stats)? {
        let [id, source, title, dateline, url, text] =
            ["article_id", "source", "title", "dateline", "url", "text"].map(|c| strings(&b, c));
        let (id, source, title, dateline, url, text) = (id?, source?, title?, dateline?, url?, text?);
        let published = date_column(&b, "published")?;
        for (i, published) in published.into_iter().enumerate() {
            found.entry(id.value(i).to_owned()).or_insert_with(|| Article {
                article_id: id.value(i).to_owned(),
                source: source.value(i).to_owned(),
                title: opt_str(&title, i).map(str::to_owned),
                published,
                dateline: opt_str(&dateline, i).map(str::to_owned),
                url: opt_str(&url, i).map(str::to_owned),
                text: text.value(i).to_owned(),
                ..Article::default()
            });
        }
    }
    let missing: Vec<String> = ids.iter().filter(|id| !found.contains_key(*id)).cloned().collect();
    if !missing.is_empty() {
        let articles = whosaid_dataset::manifest::Manifest::read(dir).map(|m| m.counts.articles).ok();
        return Err(Error::UnknownArticles { dir: dir.to_path_buf(), ids: missing, articles });
    }
    for b in rows(dir, Table::Quotes, &want, &mut stats)? {
        let s = |c: &str| strings(&b, c);
        let (qid, aid, text, kind) = (s("quote_id")?, s("article_id")?, s("text")?, s("kind")?);
        let (speaker, speaker_id, speaker_type) = (s("speaker")?, s("speaker_id")?, s("speaker_type")?);
        let (m_text, m_type, cue, lemma, rule) =
            (s("mention_text")?, s("mention_type")?, s("cue")?, s("cue_lemma")?, s("rule")?);
        let n = |c: &str| ints(&b, c);
        let (index, cs, ce) = (n("quote_index")?, n("char_start")?, n("char_end")?);
        let (ms, me, cus, cue_e) =
            (n("mention_char_start")?, n("mention_char_end")?, n("cue_char_start")?, n("cue_char_end")?);
        let confidence = floats(&b, "confidence")?;
        let o = |a: &arrow::array::StringArray, i: usize| opt_str(a, i).map(str::to_owned);
        for i in 0..b.num_rows() {
            let Some(article) = found.get_mut(aid.value(i)) else { continue };
            article.quotes.push(Quote {
                quote_id: qid.value(i).to_owned(),
                index: index.value(i),
                text: text.value(i).to_owned(),
                char_start: cs.value(i),
                char_end: ce.value(i),
                kind: kind.value(i).to_owned(),
                speaker: o(&speaker, i),
                speaker_id: o(&speaker_id, i),
                speaker_type: o(&speaker_type, i),
                mention_text: o(&m_text, i),
                mention_type: o(&m_type, i),
                mention_chars: pair(opt_int(&ms, i), opt_int(&me, i)),
                cue: o(&cue, i),
                cue_lemma: o(&lemma, i),
                cue_chars: pair(opt_int(&cus, i), opt_int(&cue_e, i)),
                rule: o(&rule, i),
                confidence: confidence.is_valid(i).then(|| confidence.value(i)),
            });
        }
    }
    for b in rows(dir, Table::Speakers, &want, &mut stats)? {
        let s = |c: &str| strings(&b, c);
        let (sid, aid, name, key, ty) =
            (s("speaker_id")?, s("article_id")?, s("name")?, s("speaker_key")?, s("speaker_type")?);
        let n_quotes = ints(&b, "n_quotes")?;
        for i in 0..b.num_rows() {
            let Some(article) = found.get_mut(aid.value(i)) else { continue };
            article.speakers.push(Speaker {
                speaker_id: sid.value(i).to_owned(),
                name: name.value(i).to_owned(),
                speaker_key: key.value(i).to_owned(),
                speaker_type: ty.value(i).to_owned(),
                n_quotes: n_quotes.value(i),
            });
        }
    }
    for b in rows(dir, Table::Mentions, &want, &mut stats)? {
        let s = |c: &str| strings(&b, c);
        let (aid, sid, text, ty) = (s("article_id")?, s("speaker_id")?, s("text")?, s("mention_type")?);
        let (cs, ce) = (ints(&b, "char_start")?, ints(&b, "char_end")?);
        for i in 0..b.num_rows() {
            let Some(article) = found.get_mut(aid.value(i)) else { continue };
            article.mentions.push(Mention {
                speaker_id: sid.value(i).to_owned(),
                char_start: cs.value(i),
                char_end: ce.value(i),
                text: text.value(i).to_owned(),
                mention_type: ty.value(i).to_owned(),
            });
        }
    }
    let articles = ids.iter().filter_map(|id| found.get(id).cloned()).collect();
    Ok((articles, stats))
}
