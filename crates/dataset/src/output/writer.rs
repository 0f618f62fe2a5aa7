//! [`DatasetWriter`]: appends analyses to the five tables as Parquet parts and, on
//! [`finish`](DatasetWriter::finish), writes the overview figures, dataset card, Croissant
//! metadata, checksums and (last) the manifest.
//!
//! Atomicity: [`create`](DatasetWriter::create) first removes the metadata files of an earlier
//! run, so the folder never looks complete mid-run; parts are written as
//! `<table>/.part-NNNNN.parquet.tmp` and renamed when closed; `manifest.json` is renamed into
//! place last. A folder without `manifest.json` is incomplete.
//!
//! Determinism: fixed `created_by`, fixed key-value metadata, no clock values, rows in the order
//! given; the same analyses in the same `write` calls give byte-identical files.

use super::card::{CARD_MARKER, Stats};
use super::tables::Rows;
use super::{CROISSANT, README, SHA256SUMS, write_atomic};
use crate::checksum::{hex, sha256_hex};
use crate::manifest::{Counts, MANIFEST, Manifest, OutputFile, RunInfo};
use crate::schema::{Table, arrow_schema};
use crate::{Error, ErrorKind, Result};
use arrow::array::RecordBatch;
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::metadata::KeyValue;
use parquet::file::properties::{EnabledStatistics, WriterProperties};
use parquet::schema::types::ColumnPath;
use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use whosaid_core::model::Analysis;
use whosaid_core::text::date::Date;

/// Options of the output stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputOptions {
    /// A part is closed, and the next rows go to the next part, once it exceeds this many bytes
    /// (checked after each `write` call, so a part may exceed it by one row group).
    pub part_max_bytes: u64,
    /// Release date for the manifest, card and Croissant metadata: the only place a date may
    /// appear in the output.
    pub release_date: Option<Date>,
}

impl Default for OutputOptions {
    fn default() -> Self {
        OutputOptions { part_max_bytes: 256 * 1024 * 1024, release_date: None }
    }
}

/// Row counts and files of a finished dataset.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub counts: Counts,
    /// Every file written, in the order of the manifest (parts, figures, README.md,
    /// croissant.json, SHA256SUMS), then manifest.json.
    pub files: Vec<PathBuf>,
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
        .set_created_by(format!("whosaid {}", whosaid_core::VERSION))
        .set_compression(Compression::ZSTD(ZstdLevel::try_new(1)?))
        .set_statistics_enabled(EnabledStatistics::Page)
        .set_max_row_group_row_count(None)
        .set_key_value_metadata(Some(
            crate::schema::table_metadata(table).into_iter().map(|(k, v)| KeyValue::new(k, v)).collect(),
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
        let mut rows = Rows::for_articles(analyses.iter().map(|a| &a.article));
        for a in analyses {
            rows.push(a);
        }
        Prepared::from_rows(rows)
    }

    /// The finished rows of a run of articles (see `crate::run`, which appends each analysis as
    /// soon as it is made), with their statistics computed from the rows themselves, as
    /// `validate` and `report` compute them from the written tables.
    pub fn from_rows(rows: Rows) -> Result<Self> {
        let batches = rows.finish()?;
        let stats = Stats::of_batches(&batches)?;
        Ok(Prepared { batches, stats })
    }

    /// The record batches of the five tables, in [`Table::ALL`] order.
    pub fn batches(&self) -> &[RecordBatch] {
        &self.batches
    }
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
    name.strip_prefix("part-").and_then(|r| r.strip_suffix(".parquet")).is_some_and(digits)
        || name.strip_prefix(".part-").and_then(|r| r.strip_suffix(".parquet.tmp")).is_some_and(digits)
}

impl DatasetWriter {
    /// Prepares `dir` (created if missing) for a new run: removes the manifest, checksums, card
    /// and Croissant file of an earlier run, and unfinished parts of an interrupted one. Fails
    /// when `README.md` or `manifest.json` exist but were not written by whosaid.
    pub fn create(dir: &Path, opts: OutputOptions) -> Result<Self> {
        std::fs::create_dir_all(dir).map_err(io_at(dir))?;
        check_ours(dir)?;
        // The manifest goes first: from here on the folder does not look complete.
        for name in [MANIFEST, SHA256SUMS, README, CROISSANT] {
            remove_if_exists(&dir.join(name))?;
        }
        super::figures::remove_old(dir)?;
        let mut tables = Vec::new();
        for table in Table::ALL {
            let tdir = dir.join(table.name());
            std::fs::create_dir_all(&tdir).map_err(io_at(&tdir))?;
            for entry in std::fs::read_dir(&tdir).map_err(io_at(&tdir))? {
                let entry = entry.map_err(io_at(&tdir))?;
                let name = entry.file_name();
                if name.to_str().is_some_and(|n| n.starts_with(".part-") && is_part_name(n)) {
                    remove_if_exists(&entry.path())?;
                }
            }
            tables.push(TableWriter { table, open: None, parts: Vec::new(), rows: 0 });
        }
        Ok(DatasetWriter { dir: dir.to_path_buf(), opts, tables, stats: Stats::default() })
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
    /// removes parts of earlier runs that this run did not write, then writes `figures/*.svg`,
    /// `README.md`, `croissant.json`, `SHA256SUMS` and, last, `manifest.json`.
    pub fn finish(mut self, run: RunInfo) -> Result<Summary> {
        let mut parts: Vec<OutputFile> = Vec::new();
        let mut counts = Counts { attributed: self.stats.attributed, ..Counts::default() };
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
            counts.set_rows(tw.table, tw.rows);
            parts.extend(tw.parts.iter().cloned());
        }

        let mut manifest = Manifest::new(parts, counts, run, self.opts.release_date);
        // The figures before the card, which shows them.
        for figure in super::figures::render(&self.stats)? {
            let file = self.write_meta(&figure.path, figure.svg.as_bytes())?;
            manifest.outputs.push(file);
        }
        let card = super::card::render(&manifest, &self.stats);
        let card = self.write_meta(README, card.as_bytes())?;
        let croissant = super::croissant::render(&manifest);
        let croissant = self.write_meta(CROISSANT, croissant.as_bytes())?;
        manifest.outputs.extend([card, croissant]);
        let mut sums: Vec<(&str, &str)> =
            manifest.outputs.iter().map(|f| (f.path.as_str(), f.sha256.as_str())).collect();
        sums.sort();
        let sums: String = sums.iter().map(|(p, h)| format!("{h}  {p}\n")).collect();
        let sums = self.write_meta(SHA256SUMS, sums.as_bytes())?;
        manifest.outputs.push(sums);
        write_atomic(&self.dir.join(MANIFEST), manifest.render().as_bytes())?;

        let mut paths: Vec<PathBuf> = manifest.outputs.iter().map(|f| self.dir.join(&f.path)).collect();
        paths.push(self.dir.join(MANIFEST));
        Ok(Summary { counts, files: paths })
    }

    fn write_meta(&self, name: &str, contents: &[u8]) -> Result<OutputFile> {
        let path = self.dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io_at(parent))?;
        }
        write_atomic(&path, contents)?;
        Ok(OutputFile {
            path: name.to_string(),
            sha256: sha256_hex(contents),
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
    let sink = HashingWriter { inner: BufWriter::new(file), hasher: Sha256::new(), bytes: 0 };
    let writer = ArrowWriter::try_new(sink, arrow_schema(table), Some(writer_properties(table)?))
        .map_err(|e| Error::new(e).at(&tmp))?;
    Ok(OpenPart { tmp, path, rel: format!("{}/{name}", table.name()), writer, rows: 0 })
}

fn close_part(part: OpenPart, table: Table) -> Result<OutputFile> {
    let OpenPart { tmp, path, rel, writer, rows } = part;
    let sink = writer.into_inner().map_err(|e| Error::new(e).at(&tmp))?;
    let HashingWriter { inner, hasher, bytes } = sink;
    let file = inner.into_inner().map_err(|e| Error::new(e.into_error()).at(&tmp))?;
    file.sync_all().map_err(io_at(&tmp))?;
    drop(file);
    std::fs::rename(&tmp, &path).map_err(io_at(&path))?;
    Ok(OutputFile { path: rel, sha256: hex(hasher), bytes, table: Some(table), rows: Some(rows) })
}
