//! [`DatasetWriter`]: appends analyses to the five tables as Parquet parts and, on
//! [`finish`](DatasetWriter::finish), writes the dataset card, Croissant metadata, checksums and
//! (last) the manifest.
//!
//! Atomicity: [`create`](DatasetWriter::create) first removes the metadata files of an earlier
//! run, so the folder never looks complete mid-run; parts are written as
//! `<table>/.part-NNNNN.parquet.tmp` and renamed when closed; `manifest.json` is renamed into
//! place last. A folder without `manifest.json` is incomplete.
//!
//! Determinism: fixed `created_by`, fixed key-value metadata, no clock values, rows in the order
//! given; the same analyses in the same `write` calls give byte-identical files.

use arrow::array::RecordBatch;
use super::card::Stats;
use super::schema::{Table, arrow_schema};
use super::{CROISSANT, MANIFEST, README, SHA256SUMS, hex, write_atomic};
use crate::model::{Analysis, Article, InputFile, Skipped};
use crate::{Error, ErrorKind, Result};
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::metadata::KeyValue;
use parquet::file::properties::{EnabledStatistics, WriterProperties};
use parquet::schema::types::ColumnPath;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// Options of the output stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputOptions {
    /// A part is closed, and the next rows go to the next part, once it exceeds this many bytes
    /// (checked after each `write` call, so a part may exceed it by one row group).
    pub part_max_bytes: u64,
    /// Release date `YYYY-MM-DD` for the manifest, card and Croissant metadata: the only place a
    /// date may appear in the output.
    pub release_date: Option<String>,
}

impl Default for OutputOptions {
    fn default() -> Self {
        OutputOptions {
            part_max_bytes: 256 * 1024 * 1024,
            release_date: None,
        }
    }
}

/// What the run driver knows about the run, for the manifest and card.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RunInfo {
    /// The options that affect the output (written as given; a BTreeMap so keys are sorted).
    pub options: BTreeMap<String, serde_json::Value>,
    pub inputs: Vec<InputFile>,
    pub skipped: Vec<Skipped>,
}

/// Row counts and files of a finished dataset.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub articles: u64,
    pub sentences: u64,
    pub quotes: u64,
    /// Quotes with a speaker.
    pub attributed: u64,
    pub speakers: u64,
    pub mentions: u64,
    /// Every file written, in the order of the manifest (parts, README.md, croissant.json,
    /// SHA256SUMS), then manifest.json.
    pub files: Vec<PathBuf>,
}

/// A closed file of the dataset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path relative to the dataset folder, with `/` separators.
    pub path: String,
    pub sha256: String,
    pub bytes: u64,
    /// For Parquet parts: the table and its number of rows.
    pub table: Option<Table>,
    pub rows: Option<u64>,
}

/// Writes a dataset folder. See the [module docs](self).
pub struct DatasetWriter {
    dir: PathBuf,
    opts: OutputOptions,
    tables: Vec<TableWriter>,
    stats: Stats,
}

struct TableWriter {
    table: Table,
    open: Option<OpenPart>,
    parts: Vec<OutputFile>,
    rows: u64,
}

struct OpenPart {
    tmp: PathBuf,
    path: PathBuf,
    rel: String,
    writer: ArrowWriter<HashingWriter>,
    rows: u64,
}

/// Buffers writes to a file and hashes them on the way, so a part's checksum needs no re-read.
struct HashingWriter {
    inner: BufWriter<File>,
    hasher: Sha256,
    bytes: u64,
}

impl Write for HashingWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Columns that get no dictionary: values (nearly) all distinct (ids, hashes, urls, long free
/// text), where a dictionary holds every value once more until it overflows, and the article
/// and speaker ids of child tables, which come in runs of one article: zstd shrinks such runs
/// to less than a dictionary's indexes do, and looking every row up in a dictionary costs ~2%
/// of a run.
fn distinct_columns(table: Table) -> &'static [&'static str] {
    match table {
        Table::Articles => &["article_id", "url", "text_sha256", "text"],
        Table::Sentences => &["article_id", "text"],
        Table::Quotes => &["quote_id", "article_id", "text", "speaker_id"],
        Table::Speakers => &["article_id", "speaker_id"],
        Table::Mentions => &["article_id", "speaker_id"],
    }
}

/// The Parquet writer properties of a table: ZSTD, statistics, fixed `created_by` and metadata.
pub fn writer_properties(table: Table) -> Result<WriterProperties> {
    let mut props = WriterProperties::builder()
        .set_created_by(format!("whosaid {}", crate::VERSION))
        .set_compression(Compression::ZSTD(ZstdLevel::try_new(1)?))
        .set_statistics_enabled(EnabledStatistics::Page)
        .set_max_row_group_row_count(None)
        .set_key_value_metadata(Some(
            super::schema::table_metadata(table)
                .into_iter()
                .map(|(k, v)| KeyValue::new(k, v))
                .collect(),
        ));
    for &name in distinct_columns(table) {
        props = props.set_column_dictionary_enabled(ColumnPath::from(name), false);
        if name == "text" {
            // Min/max of long free text would be long strings that prune nothing.
            props = props.set_column_statistics_enabled(ColumnPath::from(name), EnabledStatistics::None);
        }
    }
    Ok(props.build())
}

/// The rows of all five tables for a run of articles, with their statistics: built in
/// parallel by the run driver, then handed to [`DatasetWriter::write_prepared`] in order.
pub struct Prepared {
    batches: Vec<RecordBatch>,
    stats: Stats,
}

impl Prepared {
    /// Builds every table's batch first, so a failure leaves no table ahead of another.
    pub fn new(analyses: &[Analysis]) -> Result<Self> {
        Self::fill(super::tables::Rows::for_articles(analyses.iter().map(|a| &a.article)), analyses.iter())
    }

    /// Analyses the articles one after another, appending each one's rows before the next is
    /// analysed: an analysis is dropped while its memory is still in cache, ready for the next.
    pub fn analyze(articles: Vec<Article>) -> Result<Self> {
        let rows = super::tables::Rows::for_articles(articles.iter());
        Self::fill(rows, articles.into_iter().map(crate::analyze))
    }

    /// Appends each analysis to `rows` and to the statistics, in order.
    fn fill<A: std::borrow::Borrow<Analysis>>(mut rows: super::tables::Rows, analyses: impl Iterator<Item = A>) -> Result<Self> {
        let mut stats = Stats::default();
        for a in analyses {
            rows.push(a.borrow());
            stats.add(a.borrow());
        }
        Ok(Prepared { batches: rows.finish()?, stats })
    }
}

/// Checks a `YYYY-MM-DD` date (a real calendar date).
pub fn check_release_date(date: &str) -> Result<()> {
    let bad = || {
        Error::new(ErrorKind::Usage(format!(
            "release date {date:?} is not a YYYY-MM-DD date"
        )))
    };
    let b = date.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return Err(bad());
    }
    let num = |r: std::ops::Range<usize>| -> Result<u32> {
        let s = &date[r];
        if !s.bytes().all(|c| c.is_ascii_digit()) {
            return Err(bad());
        }
        s.parse().map_err(|_| bad())
    };
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return Err(bad()),
    };
    if d == 0 || d > days {
        return Err(bad());
    }
    Ok(())
}

fn io_at(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |e| Error::new(e).at(path)
}

fn remove_if_exists(path: &Path) -> Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(Error::new(e).at(path)),
        _ => Ok(()),
    }
}

/// Marker line at the end of every generated dataset card.
pub(crate) const CARD_MARKER: &str =
    "<!-- generated by whosaid; do not edit: rewritten on every run -->";

/// Refuses to clobber a `README.md` or `manifest.json` that whosaid did not write.
fn check_ours(dir: &Path) -> Result<()> {
    let foreign = |p: &Path| {
        Error::new(ErrorKind::Usage(
            "exists and was not written by whosaid: choose an empty folder or an earlier whosaid output".into(),
        ))
        .at(p)
    };
    let readme = dir.join(README);
    if let Ok(text) = std::fs::read_to_string(&readme) {
        if !text.contains(CARD_MARKER) {
            return Err(foreign(&readme));
        }
    } else if readme.exists() {
        return Err(foreign(&readme));
    }
    let manifest = dir.join(MANIFEST);
    if manifest.exists() {
        let ours = std::fs::read(&manifest)
            .ok()
            .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok())
            .is_some_and(|v| v["tool"]["name"] == "whosaid");
        if !ours {
            return Err(foreign(&manifest));
        }
    }
    Ok(())
}

/// `part-NNNNN.parquet` (a finished part) or `.part-NNNNN.parquet.tmp` (an unfinished one).
fn is_part_name(name: &str) -> bool {
    let digits = |s: &str| s.len() == 5 && s.bytes().all(|c| c.is_ascii_digit());
    name.strip_prefix("part-")
        .and_then(|r| r.strip_suffix(".parquet"))
        .is_some_and(digits)
        || name
            .strip_prefix(".part-")
            .and_then(|r| r.strip_suffix(".parquet.tmp"))
            .is_some_and(digits)
}

impl DatasetWriter {
    /// Prepares `dir` (created if missing) for a new run: removes the manifest, checksums, card
    /// and Croissant file of an earlier run, and unfinished parts of an interrupted one. Fails
    /// when `README.md` or `manifest.json` exist but were not written by whosaid.
    pub fn create(dir: &Path, opts: OutputOptions) -> Result<Self> {
        if let Some(date) = &opts.release_date {
            check_release_date(date)?;
        }
        std::fs::create_dir_all(dir).map_err(io_at(dir))?;
        check_ours(dir)?;
        // The manifest goes first: from here on the folder does not look complete.
        for name in [MANIFEST, SHA256SUMS, README, CROISSANT] {
            remove_if_exists(&dir.join(name))?;
        }
        let mut tables = Vec::new();
        for table in Table::ALL {
            let tdir = dir.join(table.name());
            std::fs::create_dir_all(&tdir).map_err(io_at(&tdir))?;
            for entry in std::fs::read_dir(&tdir).map_err(io_at(&tdir))? {
                let entry = entry.map_err(io_at(&tdir))?;
                let name = entry.file_name();
                if name
                    .to_str()
                    .is_some_and(|n| n.starts_with(".part-") && is_part_name(n))
                {
                    remove_if_exists(&entry.path())?;
                }
            }
            tables.push(TableWriter {
                table,
                open: None,
                parts: Vec::new(),
                rows: 0,
            });
        }
        Ok(DatasetWriter {
            dir: dir.to_path_buf(),
            opts,
            tables,
            stats: Stats::default(),
        })
    }

    /// The dataset folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Appends the rows of these analyses to all five tables: one row group per table per call
    /// (none for a table that gets no rows). Rows keep the order of `batch`.
    pub fn write(&mut self, batch: &[Analysis]) -> Result<()> {
        self.write_prepared(vec![Prepared::new(batch)?])
    }

    /// Appends prepared chunks (in order) as one row group per table.
    pub fn write_prepared(&mut self, chunks: Vec<Prepared>) -> Result<()> {
        let max = self.opts.part_max_bytes;
        for i in 0..self.tables.len() {
            let table = self.tables[i].table;
            let rows: usize = chunks.iter().map(|c| c.batches[i].num_rows()).sum();
            if rows == 0 {
                continue;
            }
            let dir = self.dir.clone();
            let tw = &mut self.tables[i];
            if tw.open.is_none() {
                tw.open = Some(open_part(&dir, table, tw.parts.len())?);
            }
            let part = tw.open.as_mut().expect("opened above");
            for c in &chunks {
                if c.batches[i].num_rows() > 0 {
                    part.writer.write(&c.batches[i]).map_err(|e| Error::new(e).at(&part.tmp))?;
                }
            }
            part.writer.flush().map_err(|e| Error::new(e).at(&part.tmp))?;
            part.rows += rows as u64;
            tw.rows += rows as u64;
            if part.writer.bytes_written() as u64 >= max {
                let part = tw.open.take().expect("open");
                tw.parts.push(close_part(part, table)?);
            }
        }
        for c in chunks {
            self.stats.merge(c.stats);
        }
        Ok(())
    }

    /// Closes the last parts (writing an empty `part-00000.parquet` for a table with no rows),
    /// removes parts of earlier runs that this run did not write, then writes `README.md`,
    /// `croissant.json`, `SHA256SUMS` and, last, `manifest.json`.
    pub fn finish(mut self, run: RunInfo) -> Result<Summary> {
        let mut parts: Vec<OutputFile> = Vec::new();
        let mut counts: BTreeMap<Table, u64> = BTreeMap::new();
        for tw in &mut self.tables {
            if tw.open.is_none() && tw.parts.is_empty() {
                tw.open = Some(open_part(&self.dir, tw.table, 0)?);
            }
            if let Some(part) = tw.open.take() {
                tw.parts.push(close_part(part, tw.table)?);
            }
            // Stale parts of an earlier, larger run.
            let tdir = self.dir.join(tw.table.name());
            let mut stale = Vec::new();
            for entry in std::fs::read_dir(&tdir).map_err(io_at(&tdir))? {
                let entry = entry.map_err(io_at(&tdir))?;
                let name = entry.file_name().to_string_lossy().into_owned();
                let rel = format!("{}/{name}", tw.table.name());
                if is_part_name(&name) && !tw.parts.iter().any(|p| p.path == rel) {
                    stale.push(entry.path());
                }
            }
            stale.sort();
            for path in stale {
                remove_if_exists(&path)?;
            }
            counts.insert(tw.table, tw.rows);
            parts.extend(tw.parts.iter().cloned());
        }

        let release_date = self.opts.release_date.as_deref();
        let mut files = parts.clone();
        let card = super::card::render(&parts, &counts, &self.stats, &run, release_date);
        files.push(self.write_meta(README, card.as_bytes())?);
        let croissant = super::croissant::render(&parts, release_date);
        files.push(self.write_meta(CROISSANT, croissant.as_bytes())?);
        let mut sums: Vec<(&str, &str)> = files
            .iter()
            .map(|f| (f.path.as_str(), f.sha256.as_str()))
            .collect();
        sums.sort();
        let sums: String = sums.iter().map(|(p, h)| format!("{h}  {p}\n")).collect();
        files.push(self.write_meta(SHA256SUMS, sums.as_bytes())?);
        let manifest =
            super::manifest::render(&files, &counts, &run, release_date, self.stats.attributed);
        write_atomic(&self.dir.join(MANIFEST), manifest.as_bytes())?;

        let count = |t: Table| counts.get(&t).copied().unwrap_or(0);
        let mut paths: Vec<PathBuf> = files.iter().map(|f| self.dir.join(&f.path)).collect();
        paths.push(self.dir.join(MANIFEST));
        Ok(Summary {
            articles: count(Table::Articles),
            sentences: count(Table::Sentences),
            quotes: count(Table::Quotes),
            attributed: self.stats.attributed,
            speakers: count(Table::Speakers),
            mentions: count(Table::Mentions),
            files: paths,
        })
    }

    fn write_meta(&self, name: &str, contents: &[u8]) -> Result<OutputFile> {
        write_atomic(&self.dir.join(name), contents)?;
        Ok(OutputFile {
            path: name.to_string(),
            sha256: super::sha256_hex(contents),
            bytes: contents.len() as u64,
            table: None,
            rows: None,
        })
    }
}

impl Drop for DatasetWriter {
    /// An unfinished writer (error or panic mid-run) removes its temporary part files.
    fn drop(&mut self) {
        for tw in &mut self.tables {
            if let Some(part) = tw.open.take() {
                drop(part.writer);
                let _ = std::fs::remove_file(&part.tmp);
            }
        }
    }
}

fn open_part(dir: &Path, table: Table, n: usize) -> Result<OpenPart> {
    let name = format!("part-{n:05}.parquet");
    let tdir = dir.join(table.name());
    let path = tdir.join(&name);
    let tmp = tdir.join(format!(".{name}.tmp"));
    let file = File::create(&tmp).map_err(io_at(&tmp))?;
    let sink = HashingWriter {
        inner: BufWriter::new(file),
        hasher: Sha256::new(),
        bytes: 0,
    };
    let writer = ArrowWriter::try_new(sink, arrow_schema(table), Some(writer_properties(table)?))
        .map_err(|e| Error::new(e).at(&tmp))?;
    Ok(OpenPart {
        tmp,
        path,
        rel: format!("{}/{name}", table.name()),
        writer,
        rows: 0,
    })
}

fn close_part(part: OpenPart, table: Table) -> Result<OutputFile> {
    let OpenPart {
        tmp,
        path,
        rel,
        writer,
        rows,
    } = part;
    let sink = writer.into_inner().map_err(|e| Error::new(e).at(&tmp))?;
    let HashingWriter {
        inner,
        hasher,
        bytes,
    } = sink;
    let file = inner
        .into_inner()
        .map_err(|e| Error::new(e.into_error()).at(&tmp))?;
    file.sync_all().map_err(io_at(&tmp))?;
    drop(file);
    std::fs::rename(&tmp, &path).map_err(io_at(&path))?;
    Ok(OutputFile {
        path: rel,
        sha256: hex(&hasher.finalize()),
        bytes,
        table: Some(table),
        rows: Some(rows),
    })
}
