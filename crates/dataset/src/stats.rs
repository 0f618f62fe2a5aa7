//! Aggregate statistics of a dataset, computed from the rows of its tables: the dataset card's
//! summary, the overview figures (`figures/*.svg`) and `whosaid report` all read [`Stats`].
//!
//! One code path for every caller: the writer feeds the record batches it is about to write,
//! `validate` and `report` stream the same columns back from the Parquet parts
//! ([`Stats::of_dataset`]), so figures re-rendered from the tables match the written ones byte
//! for byte. Only the columns named in [`ARTICLE_COLUMNS`], [`QUOTE_COLUMNS`] and
//! [`SPEAKER_COLUMNS`] are read, a batch at a time; memory grows with the number of distinct
//! `speaker_key`s, rules, types and months, never with the number of rows.

use std::collections::BTreeMap;
use std::path::Path;

use arrow::array::{Array, AsArray, RecordBatch};
use arrow::datatypes::{DataType, Date32Type};
use whosaid_core::text::date::from_days;

use crate::read::{self, floats, ints, opt_str, strings};
use crate::schema::Table;
use crate::{Error, ErrorKind, Result};

/// Columns of `articles` that [`Stats::add_articles`] reads.
pub const ARTICLE_COLUMNS: &[&str] = &["n_quotes", "published"];
/// Columns of `quotes` that [`Stats::add_quotes`] reads.
pub const QUOTE_COLUMNS: &[&str] = &["speaker_id", "kind", "rule", "confidence", "speaker_type", "mention_type"];
/// Columns of `speakers` that [`Stats::add_speakers`] reads.
pub const SPEAKER_COLUMNS: &[&str] = &["article_id", "speaker_key", "name", "n_quotes"];

/// Bins of the confidence histogram: bin `i` holds `[i/BINS, (i+1)/BINS)`, the last also 1.0.
pub const CONFIDENCE_BINS: usize = 20;

/// The histogram bin of a confidence value (values outside [0, 1] go to the nearest end bin).
pub fn confidence_bin(c: f64) -> usize {
    let bin = (c * CONFIDENCE_BINS as f64).floor();
    if bin.is_nan() || bin < 0.0 { 0 } else { (bin as usize).min(CONFIDENCE_BINS - 1) }
}

/// Per-speaker totals across the dataset, keyed by `speaker_key`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SpeakerStat {
    /// The canonical name first seen for this key (in table order).
    pub name: String,
    /// Quotes attributed to this key (sum of `speakers.n_quotes`).
    pub quotes: u64,
    /// Articles with at least one speaker of this key.
    pub articles: u64,
}

/// Articles and quotes of one publication month.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MonthStat {
    pub articles: u64,
    pub quotes: u64,
}

/// Ordering of [`Stats::top_speakers`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpeakerOrder {
    Quotes,
    Articles,
}

/// Running totals over the rows of `articles`, `quotes` and `speakers`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    pub articles: u64,
    pub quotes: u64,
    /// Quotes with a speaker (non-null `speaker_id`).
    pub attributed: u64,
    pub max_quotes_per_article: u64,
    /// Number of articles by their number of quotes (`articles.n_quotes`).
    pub quotes_per_article: BTreeMap<u64, u64>,
    pub speakers: BTreeMap<String, SpeakerStat>,
    /// Quotes by `rule` (attributed quotes only).
    pub rules: BTreeMap<String, u64>,
    /// Quotes by `kind`.
    pub kinds: BTreeMap<String, u64>,
    /// Attributed quotes by `speaker_type`.
    pub speaker_types: BTreeMap<String, u64>,
    /// Attributed quotes by `mention_type`.
    pub mention_types: BTreeMap<String, u64>,
    /// Quotes with a confidence, by [`confidence_bin`].
    pub confidence: [u64; CONFIDENCE_BINS],
    /// Articles and quotes by publication month (`YYYY-MM`).
    pub months: BTreeMap<String, MonthStat>,
    /// Articles without a publication date.
    pub undated: u64,
    /// The article whose speaker rows came last, and the keys seen in it: an article's rows
    /// are contiguous, so this counts each key once per article.
    last_article: Option<(String, Vec<String>)>,
}

/// Counts one more `key`, copying the key only the first time it is seen.
fn bump(counts: &mut BTreeMap<String, u64>, key: &str, n: u64) {
    match counts.get_mut(key) {
        Some(c) => *c += n,
        None => {
            counts.insert(key.to_owned(), n);
        }
    }
}

impl Stats {
    /// The statistics of one run of articles: the record batches of the five tables, in
    /// [`Table::ALL`] order, as the writer is about to write them.
    pub fn of_batches(batches: &[RecordBatch]) -> Result<Stats> {
        let mut stats = Stats::default();
        for (&table, batch) in Table::ALL.iter().zip(batches) {
            stats.add(table, batch)?;
        }
        stats.last_article = None;
        Ok(stats)
    }

    /// Streams the tables of the dataset in `dir` (parts in name order, only the columns needed).
    pub fn of_dataset(dir: &Path) -> Result<Stats> {
        let mut stats = Stats::default();
        for (table, columns) in
            [(Table::Articles, ARTICLE_COLUMNS), (Table::Quotes, QUOTE_COLUMNS), (Table::Speakers, SPEAKER_COLUMNS)]
        {
            for part in read::table_parts(dir, table)? {
                for batch in read::columns(&part, columns)? {
                    stats.add(table, &batch?).map_err(|e| e.at(&part))?;
                }
            }
        }
        stats.last_article = None;
        Ok(stats)
    }

    /// Adds a batch of `table` (tables without statistics are ignored).
    pub fn add(&mut self, table: Table, batch: &RecordBatch) -> Result<()> {
        match table {
            Table::Articles => self.add_articles(batch),
            Table::Quotes => self.add_quotes(batch),
            Table::Speakers => self.add_speakers(batch),
            Table::Sentences | Table::Mentions => Ok(()),
        }
    }

    /// Adds rows of `articles` (columns [`ARTICLE_COLUMNS`]).
    pub fn add_articles(&mut self, b: &RecordBatch) -> Result<()> {
        let n_quotes = ints(b, "n_quotes")?;
        let published = b
            .column_by_name("published")
            .ok_or_else(|| Error::new(ErrorKind::Schema("missing column `published`".into())))?;
        let published = arrow::compute::cast(published, &DataType::Date32)?;
        let published = published.as_primitive::<Date32Type>();
        for i in 0..b.num_rows() {
            let n = u64::try_from(n_quotes.value(i)).unwrap_or(0);
            self.articles += 1;
            self.max_quotes_per_article = self.max_quotes_per_article.max(n);
            *self.quotes_per_article.entry(n).or_default() += 1;
            match published.is_valid(i).then(|| from_days(published.value(i))).flatten() {
                Some(d) => {
                    let m = self.months.entry(format!("{:04}-{:02}", d.year(), d.month())).or_default();
                    m.articles += 1;
                    m.quotes += n;
                }
                None => self.undated += 1,
            }
        }
        Ok(())
    }

    /// Adds rows of `quotes` (columns [`QUOTE_COLUMNS`]).
    pub fn add_quotes(&mut self, b: &RecordBatch) -> Result<()> {
        let speaker_id = strings(b, "speaker_id")?;
        let [kind, rule, speaker_type, mention_type] =
            ["kind", "rule", "speaker_type", "mention_type"].map(|c| strings(b, c));
        let (kind, rule, speaker_type, mention_type) = (kind?, rule?, speaker_type?, mention_type?);
        let confidence = floats(b, "confidence")?;
        for i in 0..b.num_rows() {
            self.quotes += 1;
            if let Some(k) = opt_str(&kind, i) {
                bump(&mut self.kinds, k, 1);
            }
            if confidence.is_valid(i) {
                self.confidence[confidence_bin(confidence.value(i))] += 1;
            }
            if speaker_id.is_null(i) {
                continue;
            }
            self.attributed += 1;
            for (col, counts) in [
                (&rule, &mut self.rules),
                (&speaker_type, &mut self.speaker_types),
                (&mention_type, &mut self.mention_types),
            ] {
                if let Some(v) = opt_str(col, i) {
                    bump(counts, v, 1);
                }
            }
        }
        Ok(())
    }

    /// Adds rows of `speakers` (columns [`SPEAKER_COLUMNS`]).
    pub fn add_speakers(&mut self, b: &RecordBatch) -> Result<()> {
        let (article_id, key, name) = (strings(b, "article_id")?, strings(b, "speaker_key")?, strings(b, "name")?);
        let n_quotes = ints(b, "n_quotes")?;
        for i in 0..b.num_rows() {
            let (aid, k) = (article_id.value(i), key.value(i));
            let n = u64::try_from(n_quotes.value(i)).unwrap_or(0);
            if n == 0 {
                continue;
            }
            let (last, seen) = self.last_article.get_or_insert_with(Default::default);
            if last != aid {
                last.clear();
                last.push_str(aid);
                seen.clear();
            }
            let first_in_article = !seen.iter().any(|s| s == k);
            if first_in_article {
                seen.push(k.to_owned());
            }
            let s = match self.speakers.get_mut(k) {
                Some(s) => s,
                None => self
                    .speakers
                    .entry(k.to_owned())
                    .or_insert_with(|| SpeakerStat { name: name.value(i).to_owned(), ..Default::default() }),
            };
            s.quotes += n;
            s.articles += u64::from(first_in_article);
        }
        Ok(())
    }

    /// Adds the statistics of a later run of whole articles (order matters only for a
    /// speaker's first-seen name, which stays the earlier one).
    pub fn merge(&mut self, other: Stats) {
        self.articles += other.articles;
        self.quotes += other.quotes;
        self.attributed += other.attributed;
        self.max_quotes_per_article = self.max_quotes_per_article.max(other.max_quotes_per_article);
        self.undated += other.undated;
        for (k, v) in other.speakers {
            let s = self.speakers.entry(k).or_insert_with(|| SpeakerStat { name: v.name, ..Default::default() });
            s.quotes += v.quotes;
            s.articles += v.articles;
        }
        for (mine, theirs) in [
            (&mut self.rules, other.rules),
            (&mut self.kinds, other.kinds),
            (&mut self.speaker_types, other.speaker_types),
            (&mut self.mention_types, other.mention_types),
        ] {
            for (k, v) in theirs {
                *mine.entry(k).or_default() += v;
            }
        }
        for (n, c) in other.quotes_per_article {
            *self.quotes_per_article.entry(n).or_default() += c;
        }
        for (m, s) in other.months {
            let mine = self.months.entry(m).or_default();
            mine.articles += s.articles;
            mine.quotes += s.quotes;
        }
        for (mine, theirs) in self.confidence.iter_mut().zip(other.confidence) {
            *mine += theirs;
        }
        self.last_article = None;
    }

    /// The `n` speaker keys with the most quotes (or articles), ties by the other count, then
    /// by key.
    pub fn top_speakers(&self, n: usize, by: SpeakerOrder) -> Vec<(&str, &SpeakerStat)> {
        let mut top: Vec<(&str, &SpeakerStat)> = self.speakers.iter().map(|(k, s)| (k.as_str(), s)).collect();
        let key = |s: &SpeakerStat| match by {
            SpeakerOrder::Quotes => (s.quotes, s.articles),
            SpeakerOrder::Articles => (s.articles, s.quotes),
        };
        top.sort_by(|a, b| key(b.1).cmp(&key(a.1)).then_with(|| a.0.cmp(b.0)));
        top.truncate(n);
        top
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn confidence_bins_cover_the_unit_interval() {
        assert_eq!(confidence_bin(0.0), 0);
        assert_eq!(confidence_bin(0.049), 0);
        assert_eq!(confidence_bin(0.05), 1);
        assert_eq!(confidence_bin(0.999), CONFIDENCE_BINS - 1);
        assert_eq!(confidence_bin(1.0), CONFIDENCE_BINS - 1);
        assert_eq!(confidence_bin(-0.5), 0);
        assert_eq!(confidence_bin(f64::NAN), 0);
    }

    #[test]
    fn top_speakers_order_by_count_then_key() {
        let mut s = Stats::default();
        for (k, q, a) in [("b", 3, 1), ("a", 3, 1), ("c", 1, 2), ("d", 5, 1)] {
            s.speakers.insert(k.into(), SpeakerStat { name: k.to_uppercase(), quotes: q, articles: a });
        }
        let keys = |v: Vec<(&str, &SpeakerStat)>| v.into_iter().map(|(k, _)| k.to_owned()).collect::<Vec<_>>();
        assert_eq!(keys(s.top_speakers(3, SpeakerOrder::Quotes)), ["d", "a", "b"]);
        assert_eq!(keys(s.top_speakers(2, SpeakerOrder::Articles)), ["c", "d"]);
    }
}
