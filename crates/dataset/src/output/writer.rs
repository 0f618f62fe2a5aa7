//! [`DatasetWriter`]: appends analyses to the five tables as Parquet parts and, on
//! [`finish`](DatasetWriter::finish), writes the skip list, overview figures, dataset card,
//! Croissant metadata, checksums and (last) the manifest.
//!
//! **Staging.** A dataset is built in a staging folder beside the output, `OUT.whosaid-staging`,
//! and swapped in only when complete (one atomic exchange on Linux; elsewhere two renames), the
//! previous dataset removed afterwards: until then `OUT` stays the previous, valid dataset, and
//! a failed or interrupted run leaves it untouched. Every file is synced to disk before the swap,
//! every folder after its files, and the parent folder after the swap.
//!
//! **One build at a time.** [`create`](DatasetWriter::create) takes a lock on `OUT.whosaid-lock`
//! beside the output and fails when another build holds it; the lock goes with the writer.
//! Staging folders left by a killed run are removed by the next one.
//!
//! **Only datasets are replaced.** An existing `OUT` must be empty or a whosaid dataset whose
//! every file its manifest lists: a folder with other files (notes, an analysis saved in a table
//! folder) is refused unless [`OutputOptions::force`] is set, because building replaces it whole.
//!
//! Determinism: fixed `created_by`, fixed key-value metadata, no clock values, rows in the order
//! given; the same analyses in the same `write` calls give byte-identical files.

use super::card::Stats;
use super::tables::Rows;
use super::{CROISSANT, README, SHA256SUMS};
use crate::checksum::{hex, sha256_hex};
use crate::manifest::{Counts, MANIFEST, Manifest, OutputFile, RunInfo, SKIPPED, SkipSummary, Skipped};
use crate::schema::{Table, arrow_schema};
use crate::{Error, ErrorKind, Result};
use arrow::array::RecordBatch;
use arrow::datatypes::DataType;
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, Encoding, ZstdLevel};
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
    /// Replace an output folder even when it holds files that are not part of a whosaid dataset.
    pub force: bool,
}

impl Default for OutputOptions {
    fn default() -> Self {
        OutputOptions { part_max_bytes: 256 * 1024 * 1024, release_date: None, force: false }
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
    /// The output folder (absolute when it existed, else as given).
    dir: PathBuf,
    /// Where the dataset is built: `OUT.whosaid-staging`, beside `dir`.
    staging: PathBuf,
    /// Removed (with `staging`) when the writer is dropped unfinished.
    lock: Option<Lock>,
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

/// Columns that get no dictionary. Strings whose values are (nearly) all distinct (ids, hashes,
/// urls, long free text), where a dictionary holds every value once more until it overflows,
/// and the article and speaker ids of child tables, which come in runs of one article: zstd
/// shrinks such runs to less than a dictionary's indexes do, and looking every row up in a
/// dictionary costs ~2% of a run. Integers that count up within an article (offsets into its
/// text, sentence, paragraph and quote numbers): these are written DELTA_BINARY_PACKED, where
/// the small steps between neighbouring rows take a few bits each, fewer than a dictionary index
/// of values that are mostly distinct.
fn distinct_columns(table: Table) -> &'static [&'static str] {
    match table {
        Table::Articles => &["article_id", "url", "text_sha256", "text"],
        Table::Sentences => &[
            "article_id",
            "text",
            "sentence_index",
            "paragraph_index",
            "char_start",
            "char_end",
            "byte_start",
            "byte_end",
        ],
        Table::Quotes => &[
            "quote_id",
            "article_id",
            "text",
            "speaker_id",
            "quote_index",
            "paragraph_index",
            "sentence_index",
            "char_start",
            "char_end",
            "byte_start",
            "byte_end",
            "mention_char_start",
            "mention_char_end",
            "cue_char_start",
            "cue_char_end",
        ],
        Table::Speakers => &["article_id", "speaker_id"],
        Table::Mentions => &["article_id", "speaker_id", "char_start", "char_end", "byte_start", "byte_end"],
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
    let schema = arrow_schema(table);
    for &name in distinct_columns(table) {
        props = props.set_column_dictionary_enabled(ColumnPath::from(name), false);
        if schema.field_with_name(name).is_ok_and(|f| f.data_type() == &DataType::Int64) {
            props = props.set_column_encoding(ColumnPath::from(name), Encoding::DELTA_BINARY_PACKED);
        }
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

/// `OUT.whosaid-<what>`, beside the output folder.
fn beside(dir: &Path, what: &str) -> PathBuf {
    let mut name = dir.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(format!(".whosaid-{what}"));
    dir.with_file_name(name)
}

/// The folders a build of `out` writes besides it (staging, and the previous dataset while it
/// is being removed): an input folder that holds them must not read them.
pub fn working_folders(out: &Path) -> Vec<PathBuf> {
    let out = absolute(out);
    vec![out.clone(), beside(&out, "staging"), beside(&out, "old")]
}

/// `path` made absolute and without `.`/`..` components, following symbolic links where it exists.
fn absolute(path: &Path) -> PathBuf {
    if let Ok(p) = path.canonicalize() {
        return p;
    }
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    match (abs.parent(), abs.file_name()) {
        (Some(parent), Some(name)) => absolute(parent).join(name),
        _ => abs,
    }
}

/// Syncs a folder's entries (new files, renames) to disk.
fn sync_dir(dir: &Path) -> Result<()> {
    // Opening a folder to sync it works on Unix; elsewhere there is nothing to sync this way.
    #[cfg(unix)]
    File::open(dir).and_then(|d| d.sync_all()).map_err(io_at(dir))?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// Writes a file and syncs it to disk.
fn write_synced(path: &Path, contents: &[u8]) -> Result<()> {
    let mut f = File::create(path).map_err(io_at(path))?;
    f.write_all(contents).map_err(io_at(path))?;
    f.sync_all().map_err(io_at(path))
}

/// An exclusive lock on `OUT.whosaid-lock`: one build per output folder at a time. The lock
/// file is removed when the lock is dropped.
struct Lock {
    path: PathBuf,
    file: File,
}

impl Lock {
    fn take(out: &Path) -> Result<Lock> {
        let path = beside(out, "lock");
        // The holder removes the file when done: a lock taken on a file that is no longer the
        // one at `path` is not the lock, so check, and try again.
        for _ in 0..16 {
            let file = std::fs::OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(&path)
                .map_err(io_at(&path))?;
            match file.try_lock() {
                Ok(()) => {}
                Err(std::fs::TryLockError::WouldBlock) => {
                    return Err(Error::new(ErrorKind::Locked(format!(
                        "another whosaid build is writing this dataset (it holds {}): wait for it to finish, \
                         or choose another --out",
                        path.display()
                    )))
                    .at(out));
                }
                Err(std::fs::TryLockError::Error(e)) => return Err(Error::new(e).at(&path)),
            }
            if same_file(&file, &path) {
                return Ok(Lock { path, file });
            }
        }
        Err(Error::new(ErrorKind::Locked("the lock file keeps changing: is another build starting?".into())).at(&path))
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Removed while still held, so no one takes a lock on a file about to go.
        let _ = std::fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}

/// Whether `path` still names the open file `file`.
fn same_file(file: &File, path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (file.metadata(), std::fs::metadata(path)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = file;
        path.exists()
    }
}

/// Files under `dir`, as `/`-separated relative paths, sorted; stops after `limit`.
pub(crate) fn files_under(dir: &Path, limit: usize) -> Result<Vec<String>> {
    let mut out = Vec::new();
    let mut stack = vec![String::new()];
    while let Some(rel) = stack.pop() {
        let d = if rel.is_empty() { dir.to_path_buf() } else { dir.join(&rel) };
        for entry in std::fs::read_dir(&d).map_err(io_at(&d))? {
            let entry = entry.map_err(io_at(&d))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let child = if rel.is_empty() { name } else { format!("{rel}/{name}") };
            if entry.file_type().map_err(io_at(&d))?.is_dir() {
                stack.push(child);
            } else {
                out.push(child);
                if out.len() >= limit {
                    out.sort();
                    return Ok(out);
                }
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Refuses an output folder that building would destroy more than a dataset of: one that is
/// not empty and is not a whosaid dataset, or a dataset with files its manifest does not list.
fn check_replaceable(dir: &Path) -> Result<()> {
    let meta = match std::fs::symlink_metadata(dir) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(Error::new(e).at(dir)),
        Ok(m) => m,
    };
    if !std::fs::metadata(dir).map_err(io_at(dir))?.is_dir() {
        return Err(Error::new(ErrorKind::Usage("exists and is not a folder".into())).at(dir));
    }
    let _ = meta;
    let files = files_under(dir, 100_000)?;
    if files.is_empty() {
        return Ok(());
    }
    // Read leniently (a dataset of an earlier version has an older manifest).
    let listed: Option<std::collections::HashSet<String>> = std::fs::read(dir.join(MANIFEST))
        .ok()
        .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok())
        .filter(|v| v["tool"]["name"] == "whosaid")
        .map(|v| {
            let outputs = v["outputs"].as_array().cloned().unwrap_or_default();
            outputs.iter().filter_map(|o| o["path"].as_str().map(str::to_owned)).chain([MANIFEST.to_owned()]).collect()
        });
    let foreign: Vec<&String> = files.iter().filter(|f| listed.as_ref().is_none_or(|l| !l.contains(*f))).collect();
    if foreign.is_empty() {
        return Ok(());
    }
    let shown: Vec<&str> = foreign.iter().take(5).map(|f| f.as_str()).collect();
    let more = if foreign.len() > 5 { format!(", and {} more", foreign.len() - 5) } else { String::new() };
    let what = match listed {
        None => format!("is not empty and is not a whosaid dataset (it holds {}{more})", shown.join(", ")),
        Some(_) => format!("holds files that are not part of its dataset ({}{more})", shown.join(", ")),
    };
    Err(Error::new(ErrorKind::Usage(format!(
        "{what}: building replaces the whole folder; choose another --out, move those files away, or pass --force"
    )))
    .at(dir))
}

/// Removes a folder left by an earlier, killed build (we hold the lock, so no build uses it).
fn remove_stale(path: &Path) -> Result<()> {
    match std::fs::remove_dir_all(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(Error::new(e).at(path)),
        _ => Ok(()),
    }
}

/// Puts the finished `staging` folder in place of `dir`; `old` receives the previous dataset,
/// which is then removed.
fn swap_in(staging: &Path, dir: &Path, old: &Path) -> Result<()> {
    let parent = dir.parent().unwrap_or(Path::new("."));
    if !dir.exists() {
        std::fs::rename(staging, dir).map_err(io_at(dir))?;
        return sync_dir(parent);
    }
    if !exchange(staging, dir)? {
        // No atomic exchange here: two renames (a crash between them is repaired by the next
        // build, which finds `old` and no `dir`).
        std::fs::rename(dir, old).map_err(io_at(dir))?;
        std::fs::rename(staging, dir).map_err(io_at(dir))?;
        sync_dir(parent)?;
        return remove_stale(old);
    }
    sync_dir(parent)?;
    // `staging` now holds the previous dataset.
    remove_stale(staging)
}

/// Exchanges two folders atomically; false where the system cannot.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn exchange(a: &Path, b: &Path) -> Result<bool> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| CString::new(p.as_os_str().as_bytes()).map_err(|e| Error::new(std::io::Error::other(e)).at(p));
    let (ca, cb) = (c(a)?, c(b)?);
    // SAFETY: two valid NUL-terminated paths, relative to the current folder; no memory is shared.
    let r = unsafe { libc::renameat2(libc::AT_FDCWD, ca.as_ptr(), libc::AT_FDCWD, cb.as_ptr(), libc::RENAME_EXCHANGE) };
    if r == 0 {
        return Ok(true);
    }
    let e = std::io::Error::last_os_error();
    match e.raw_os_error() {
        Some(libc::EINVAL) | Some(libc::ENOSYS) | Some(libc::ENOTSUP) => Ok(false),
        _ => Err(Error::new(e).at(b)),
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn exchange(_: &Path, _: &Path) -> Result<bool> {
    Ok(false)
}

impl DatasetWriter {
    /// Takes the lock of output folder `dir` and starts a staging folder beside it (see the
    /// [module docs](self)). Fails when another build holds the lock, when `dir` is a file, or
    /// when it holds files that are not part of a whosaid dataset (unless `opts.force`).
    pub fn create(dir: &Path, opts: OutputOptions) -> Result<Self> {
        let dir = absolute(dir);
        if dir.file_name().is_none() {
            return Err(Error::new(ErrorKind::Usage("give the output a folder name".into())).at(&dir));
        }
        if let Some(parent) = dir.parent() {
            std::fs::create_dir_all(parent).map_err(io_at(parent))?;
        }
        let lock = Lock::take(&dir)?;
        let (staging, old) = (beside(&dir, "staging"), beside(&dir, "old"));
        // A build killed between two renames left the previous dataset in `old`.
        if !dir.exists() && old.is_dir() {
            std::fs::rename(&old, &dir).map_err(io_at(&dir))?;
        }
        if !opts.force {
            check_replaceable(&dir)?;
        } else if dir.exists() && !dir.is_dir() {
            return Err(Error::new(ErrorKind::Usage("exists and is not a folder".into())).at(&dir));
        }
        remove_stale(&staging)?;
        remove_stale(&old)?;
        std::fs::create_dir(&staging).map_err(io_at(&staging))?;
        let mut tables = Vec::new();
        for table in Table::ALL {
            let tdir = staging.join(table.name());
            std::fs::create_dir(&tdir).map_err(io_at(&tdir))?;
            tables.push(TableWriter { table, open: None, parts: Vec::new(), rows: 0 });
        }
        Ok(DatasetWriter { dir, staging, lock: Some(lock), opts, tables, stats: Stats::default() })
    }

    /// The dataset folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// A log of skipped documents, written to `skipped.jsonl` as they come (give it back to
    /// [`finish`](Self::finish)).
    pub fn skip_log(&self) -> Result<SkipLog> {
        let path = self.staging.join(SKIPPED);
        let file = File::create(&path).map_err(io_at(&path))?;
        let out = HashingWriter { inner: BufWriter::new(file), hasher: Sha256::new(), bytes: 0 };
        Ok(SkipLog { path, out, summary: SkipSummary::default() })
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
            let tw = &mut self.tables[i];
            if tw.open.is_none() {
                tw.open = Some(open_part(&self.staging, table, tw.parts.len())?);
            }
            let part = tw.open.as_mut().expect("opened above");
            for c in &chunks {
                if c.batches[i].num_rows() > 0 {
                    part.writer.write(&c.batches[i]).map_err(|e| Error::new(e).at(&part.path))?;
                }
            }
            part.writer.flush().map_err(|e| Error::new(e).at(&part.path))?;
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

    /// Closes the last parts (writing an empty `part-00000.parquet` for a table with no rows)
    /// and the skip log, writes `figures/*.svg`, `README.md`, `croissant.json`, `SHA256SUMS` and,
    /// last, `manifest.json`, syncs everything, and swaps the staging folder in place of the output.
    pub fn finish(mut self, run: RunInfo, skips: SkipLog) -> Result<Summary> {
        let mut outputs: Vec<OutputFile> = Vec::new();
        let mut counts = Counts { attributed: self.stats.attributed, ..Counts::default() };
        for tw in &mut self.tables {
            if tw.open.is_none() && tw.parts.is_empty() {
                tw.open = Some(open_part(&self.staging, tw.table, 0)?);
            }
            if let Some(part) = tw.open.take() {
                tw.parts.push(close_part(part, tw.table)?);
            }
            counts.set_rows(tw.table, tw.rows);
            outputs.extend(tw.parts.iter().cloned());
        }
        let (skipped, skip_file) = skips.close()?;
        outputs.push(skip_file);
        // Further files of the dataset go here, before the files that list them (the card,
        // Croissant, SHA256SUMS): each written by `self.write_meta(path, bytes)?` and its
        // `OutputFile` pushed to `outputs`. The figures come before the card, which shows them.
        for figure in super::figures::render(&self.stats)? {
            outputs.push(self.write_meta(&figure.path, figure.svg.as_bytes())?);
        }

        let mut manifest = Manifest::new(outputs, counts, run, skipped, self.opts.release_date);
        let card = super::card::render(&manifest, &self.stats);
        let card = self.write_meta(README, card.as_bytes())?;
        let croissant = super::croissant::render(&manifest);
        let croissant = self.write_meta(CROISSANT, croissant.as_bytes())?;
        manifest.outputs.extend([card, croissant]);
        let sums = super::sha256sums(&manifest.outputs);
        let sums = self.write_meta(SHA256SUMS, sums.as_bytes())?;
        manifest.outputs.push(sums);
        write_synced(&self.staging.join(MANIFEST), manifest.render().as_bytes())?;
        for table in Table::ALL {
            sync_dir(&self.staging.join(table.name()))?;
        }
        sync_dir(&self.staging.join(super::figures::DIR))?;
        sync_dir(&self.staging)?;
        swap_in(&self.staging, &self.dir, &beside(&self.dir, "old"))?;
        self.lock = None;

        let mut paths: Vec<PathBuf> = manifest.outputs.iter().map(|f| self.dir.join(&f.path)).collect();
        paths.push(self.dir.join(MANIFEST));
        Ok(Summary { counts, files: paths })
    }

    /// Writes a file of the dataset (`path` relative to the dataset folder, `/`-separated)
    /// and returns its entry for the manifest.
    pub fn write_meta(&self, path: &str, contents: &[u8]) -> Result<OutputFile> {
        let full = self.staging.join(path);
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent).map_err(io_at(parent))?;
        }
        write_synced(&full, contents)?;
        Ok(OutputFile {
            path: path.to_string(),
            sha256: sha256_hex(contents),
            bytes: contents.len() as u64,
            table: None,
            rows: None,
        })
    }
}

impl Drop for DatasetWriter {
    /// An unfinished writer (error or panic mid-run) removes its staging folder, then the lock.
    fn drop(&mut self) {
        if self.lock.is_some() {
            for tw in &mut self.tables {
                tw.open = None;
            }
            let _ = std::fs::remove_dir_all(&self.staging);
        }
    }
}

/// The skipped documents of a run, written to `skipped.jsonl` (one [`Skipped`] per line) as
/// they come: memory holds only their counts and the first few, for the manifest.
pub struct SkipLog {
    path: PathBuf,
    out: HashingWriter,
    summary: SkipSummary,
}

impl SkipLog {
    /// Appends a record.
    pub fn push(&mut self, s: &Skipped) -> Result<()> {
        let mut line = serde_json::to_vec(s).map_err(|e| Error::new(e).at(&self.path))?;
        line.push(b'\n');
        self.out.write_all(&line).map_err(io_at(&self.path))?;
        self.summary.add(s);
        Ok(())
    }

    /// What was logged so far.
    pub fn summary(&self) -> &SkipSummary {
        &self.summary
    }

    /// Flushes and syncs the file; its summary and manifest entry.
    fn close(self) -> Result<(SkipSummary, OutputFile)> {
        let SkipLog { path, out, summary } = self;
        let HashingWriter { inner, hasher, bytes } = out;
        let file = inner.into_inner().map_err(|e| Error::new(e.into_error()).at(&path))?;
        file.sync_all().map_err(io_at(&path))?;
        let entry = OutputFile { path: SKIPPED.to_string(), sha256: hex(hasher), bytes, table: None, rows: None };
        Ok((summary, entry))
    }
}

fn open_part(dir: &Path, table: Table, n: usize) -> Result<OpenPart> {
    let name = format!("part-{n:05}.parquet");
    let path = dir.join(table.name()).join(&name);
    let file = File::create(&path).map_err(io_at(&path))?;
    let sink = HashingWriter { inner: BufWriter::new(file), hasher: Sha256::new(), bytes: 0 };
    let writer = ArrowWriter::try_new(sink, arrow_schema(table), Some(writer_properties(table)?))
        .map_err(|e| Error::new(e).at(&path))?;
    Ok(OpenPart { path, rel: format!("{}/{name}", table.name()), writer, rows: 0 })
}

fn close_part(part: OpenPart, table: Table) -> Result<OutputFile> {
    let OpenPart { path, rel, writer, rows } = part;
    let sink = writer.into_inner().map_err(|e| Error::new(e).at(&path))?;
    let HashingWriter { inner, hasher, bytes } = sink;
    let file = inner.into_inner().map_err(|e| Error::new(e.into_error()).at(&path))?;
    file.sync_all().map_err(io_at(&path))?;
    Ok(OutputFile { path: rel, sha256: hex(hasher), bytes, table: Some(table), rows: Some(rows) })
}
