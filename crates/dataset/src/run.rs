//! The corpus driver: input → bounded batches → parallel analysis → writer.
//!
//! With several threads, three stages run concurrently and hand over whole batches through
//! bounded channels (capacity 1), so memory stays bounded by a few batches whatever the corpus
//! size:
//!
//! ```text
//! reader thread ──batch──► analysis (rayon pool, --threads) ──rows──► writer thread
//! ```
//!
//! With `--threads 1` the same stages run one after another on the calling thread, so a
//! one-thread run uses one core (as a cluster scheduler that granted one CPU expects).
//!
//! A batch closes at [`RunOptions::batch_bytes`] of text or [`RunOptions::batch_articles`]
//! articles. Analysis maps each batch in parallel but collects in input order, and batch
//! boundaries depend only on the input, so the output is byte-identical for any thread count.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, sync_channel};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use whosaid_core::model::Article;
use whosaid_core::text::date::Date;

use crate::input::{self, InputOptions, Inputs, Record};
use crate::manifest::{BuildOptions, InputFile, RunInfo, SkipSummary};
use crate::output::tables::Rows;
use crate::output::{DatasetWriter, OutputOptions, Prepared, SkipLog, Summary};
use crate::{Error, ErrorKind, Result};

/// Where a run reports how far it got (the command line draws a progress bar). Called from the
/// reader thread.
pub trait Progress: Sync {
    /// The input's total size in stored bytes, when known before reading.
    fn start(&self, total_bytes: Option<u64>);
    /// Stored bytes read and articles admitted so far.
    fn update(&self, bytes_read: u64, articles: u64);
    /// The run is over (finished or failed).
    fn finish(&self);
}

/// No progress report.
pub struct Quiet;

impl Progress for Quiet {
    fn start(&self, _: Option<u64>) {}
    fn update(&self, _: u64, _: u64) {}
    fn finish(&self) {}
}

/// Everything `whosaid build` needs.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// Files, folders, or `-` (JSONL on stdin).
    pub inputs: Vec<PathBuf>,
    /// Output folder.
    pub out: PathBuf,
    pub input: InputOptions,
    /// Target size of one Parquet part file.
    pub part_max_bytes: u64,
    /// Written to the manifest and dataset card (no clock is ever read).
    pub release_date: Option<Date>,
    /// Any skipped document fails the run.
    pub strict: bool,
    /// Replace an output folder that is not a whosaid dataset (or holds files its manifest does
    /// not list).
    pub force: bool,
    /// Analysis threads; 0 = all cores. Does not change the output.
    pub threads: usize,
    /// A batch closes once it holds this many bytes of text...
    pub batch_bytes: usize,
    /// ...or this many articles.
    pub batch_articles: usize,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            inputs: vec![PathBuf::from("seeds")],
            out: PathBuf::from("out"),
            input: InputOptions::default(),
            part_max_bytes: OutputOptions::default().part_max_bytes,
            release_date: None,
            strict: false,
            force: false,
            threads: 0,
            batch_bytes: 8 << 20,
            batch_articles: 4096,
        }
    }
}

impl RunOptions {
    /// The options that affect the output, as recorded in the manifest. Thread count and paths
    /// are left out: they vary by machine and never change the tables.
    pub fn manifest_options(&self) -> BuildOptions {
        let i = &self.input;
        BuildOptions {
            date_field: i.date_field.clone(),
            id_field: i.id_field.clone(),
            max_article_bytes: i.max_article_bytes,
            max_id_bytes: i.max_id_bytes,
            part_max_bytes: self.part_max_bytes,
            strict: self.strict,
            text_field: i.text_field.clone(),
            title_field: i.title_field.clone(),
            url_field: i.url_field.clone(),
        }
    }
}

/// What a run did.
#[derive(Debug, Clone)]
pub struct RunReport {
    /// Counts and files from the writer.
    pub summary: Summary,
    pub inputs: Vec<InputFile>,
    /// What was skipped (every record is in the dataset's `skipped.jsonl`).
    pub skipped: SkipSummary,
    /// Stored bytes of all input files.
    pub input_bytes: u64,
    /// Bytes of article text analysed.
    pub text_bytes: u64,
    pub threads: usize,
    pub elapsed: Duration,
}

impl RunReport {
    /// One line for stderr: counts, what was skipped or lost (by kind), and throughput.
    pub fn summary_line(&self) -> String {
        let s = &self.summary.counts;
        let secs = self.elapsed.as_secs_f64().max(1e-9);
        let mb = self.input_bytes as f64 / 1e6;
        let k = &self.skipped;
        let mut skipped = format!("{} skipped", k.count);
        if k.count > 0 {
            let kinds: Vec<String> = k.kinds.iter().map(|(kind, n)| format!("{n} {}", kind.as_str())).collect();
            skipped.push_str(&format!(" ({})", kinds.join(", ")));
        }
        if k.rows_lost > 0 {
            skipped.push_str(&format!(", {} rows lost in damaged inputs", k.rows_lost));
        }
        format!(
            "{} articles, {} quotes ({} attributed), {skipped}; {:.1} MB in {:.2} s ({:.1} MB/s, {} thread{})",
            s.articles,
            s.quotes,
            s.attributed,
            mb,
            secs,
            mb / secs,
            self.threads,
            if self.threads == 1 { "" } else { "s" },
        )
    }
}

/// What the reader thread hands back at the end.
struct ReadOutcome {
    inputs: Vec<InputFile>,
    skips: SkipLog,
    text_bytes: u64,
}

/// Builds the dataset in `opts.out` from `opts.inputs`.
///
/// Fails, leaving `opts.out` as it was, when an input path does not exist, when an input
/// yields no article ([`ErrorKind::NoData`]), when another build holds the output's lock
/// ([`ErrorKind::Locked`]), when the output folder is not a dataset it may replace, when the
/// output cannot be written, or — with `strict` — on the first skipped document.
pub fn run(opts: &RunOptions, progress: &dyn Progress) -> Result<RunReport> {
    let start = Instant::now();
    let inputs = input::open_skipping(&opts.inputs, &opts.input, &crate::output::working_folders(&opts.out))?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.threads)
        .thread_name(|i| format!("whosaid-analyze-{i}"))
        .build()
        .map_err(|e| Error::new(ErrorKind::Usage(format!("cannot start {} threads: {e}", opts.threads))))?;
    let threads = pool.current_num_threads();
    progress.start(inputs.total_bytes());
    let writer = DatasetWriter::create(
        &opts.out,
        OutputOptions { part_max_bytes: opts.part_max_bytes, release_date: opts.release_date, force: opts.force },
    )?;
    let skips = writer.skip_log()?;

    let (read, written) = if threads == 1 {
        run_sequential(inputs, skips, opts, writer, progress)
    } else {
        run_pipelined(&pool, inputs, skips, opts, writer, progress)
    };
    progress.finish();
    // A reader error (strict mode, an input without articles) explains a writer stopped early,
    // so it comes first.
    let read = read?;
    let writer = written?;
    let input_bytes = read.inputs.iter().map(|f| f.bytes).sum();
    let skipped = read.skips.summary().clone();
    let summary =
        writer.finish(RunInfo { options: opts.manifest_options(), inputs: read.inputs.clone() }, read.skips)?;
    Ok(RunReport {
        summary,
        inputs: read.inputs,
        skipped,
        input_bytes,
        text_bytes: read.text_bytes,
        threads,
        elapsed: start.elapsed(),
    })
}

fn join<T>(handle: std::thread::ScopedJoinHandle<'_, T>) -> T {
    handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

/// One thread does everything, batch after batch: `--threads 1` uses one core, no more.
fn run_sequential(
    inputs: Inputs,
    skips: SkipLog,
    opts: &RunOptions,
    mut writer: DatasetWriter,
    progress: &dyn Progress,
) -> (Result<ReadOutcome>, Result<DatasetWriter>) {
    let mut failed = None;
    let read = read_batches(inputs, skips, opts, progress, |batch| {
        let written = prepare(batch, false).and_then(|p| writer.write_prepared(p));
        failed = written.err();
        failed.is_none()
    });
    (read, failed.map_or(Ok(writer), Err))
}

/// Reader, analysis and writer overlap: the reader and writer threads hand whole batches
/// through bounded channels to and from the analysis pool.
fn run_pipelined(
    pool: &rayon::ThreadPool,
    inputs: Inputs,
    skips: SkipLog,
    opts: &RunOptions,
    writer: DatasetWriter,
    progress: &dyn Progress,
) -> (Result<ReadOutcome>, Result<DatasetWriter>) {
    std::thread::scope(|s| {
        let (batch_tx, batch_rx) = sync_channel::<Vec<Article>>(1);
        let (done_tx, done_rx) = sync_channel::<Result<Vec<Prepared>>>(1);
        let reader = std::thread::Builder::new()
            .name("whosaid-read".into())
            .spawn_scoped(s, move || read_batches(inputs, skips, opts, progress, |b| batch_tx.send(b).is_ok()))
            .expect("spawn reader thread");
        let writer = std::thread::Builder::new()
            .name("whosaid-write".into())
            .spawn_scoped(s, move || write_batches(writer, done_rx))
            .expect("spawn writer thread");
        for batch in batch_rx {
            if done_tx.send(pool.install(|| prepare(batch, true))).is_err() {
                break; // the writer failed; dropping `batch_rx` stops the reader
            }
        }
        drop(done_tx);
        (join(reader), join(writer))
    })
}

/// Groups admitted articles into batches and hands each to `sink` (which answers false to
/// stop early: a later stage failed and reports why); logs skips and collects input files.
fn read_batches(
    mut inputs: Inputs,
    mut skips: SkipLog,
    opts: &RunOptions,
    progress: &dyn Progress,
    mut sink: impl FnMut(Vec<Article>) -> bool,
) -> Result<ReadOutcome> {
    let mut batcher = Batcher::new(opts.batch_bytes, opts.batch_articles);
    let mut text_bytes = 0u64;
    let mut articles = 0u64;
    let mut records = 0u64;
    while let Some(record) = inputs.next() {
        records += 1;
        match record? {
            Record::Article(a) => {
                text_bytes += a.text.len() as u64;
                articles += 1;
                if let Some(batch) = batcher.push(a)
                    && !sink(batch)
                {
                    break; // a later stage failed; its error is reported
                }
            }
            Record::Skipped(s) => {
                if opts.strict {
                    let mut err = Error::new(ErrorKind::BadDocument(match &s.article_id {
                        Some(id) => format!("article {id:?}: {} (--strict)", s.reason),
                        None => format!("{} (--strict)", s.reason),
                    }))
                    .at(&s.source);
                    if let Some(line) = s.line {
                        err = err.line(line);
                    }
                    return Err(err);
                }
                skips.push(&s)?;
            }
        }
        if records.is_multiple_of(64) {
            progress.update(inputs.bytes_read(), articles);
        }
    }
    if articles == 0 {
        let k = skips.summary();
        let why = format!("no article in the inputs ({} records skipped)", k.count);
        return Err(Error::new(ErrorKind::NoData(why)));
    }
    let batch = batcher.finish();
    if !batch.is_empty() {
        sink(batch);
    }
    progress.update(inputs.bytes_read(), articles);
    Ok(ReadOutcome { inputs: inputs.into_files(), skips, text_bytes })
}

/// Groups articles into batches that close once they hold `max_bytes` of text or `max_articles`
/// articles: the unit of memory of a run. Boundaries depend on the input alone.
pub struct Batcher {
    max_bytes: usize,
    max_articles: usize,
    bytes: usize,
    batch: Vec<Article>,
}

impl Batcher {
    pub fn new(max_bytes: usize, max_articles: usize) -> Batcher {
        Batcher { max_bytes, max_articles, bytes: 0, batch: Vec::new() }
    }

    /// Adds an article; returns the batch it closed, if it closed one.
    pub fn push(&mut self, article: Article) -> Option<Vec<Article>> {
        self.bytes += article.text.len();
        self.batch.push(article);
        (self.bytes >= self.max_bytes || self.batch.len() >= self.max_articles).then(|| {
            self.bytes = 0;
            std::mem::take(&mut self.batch)
        })
    }

    /// The last batch (possibly empty).
    pub fn finish(self) -> Vec<Article> {
        self.batch
    }
}

/// Analyses one batch and turns it into table rows, in input order.
///
/// The batch is cut into chunks of a fixed number of articles; a worker analyses a chunk and
/// builds its rows ([`Prepared`]), so the writer only encodes Parquet. The chunking depends on
/// the input alone, never on the thread count: output bytes stay identical. `parallel` maps the
/// chunks on the current rayon pool.
pub fn prepare(batch: Vec<Article>, parallel: bool) -> Result<Vec<Prepared>> {
    const CHUNK: usize = 256;
    let mut chunks: Vec<Vec<Article>> = Vec::with_capacity(batch.len() / CHUNK + 1);
    let mut it = batch.into_iter().peekable();
    while it.peek().is_some() {
        chunks.push(it.by_ref().take(CHUNK).collect());
    }
    if parallel { chunks.into_par_iter().map(analyze).collect() } else { chunks.into_iter().map(analyze).collect() }
}

/// Analyses a chunk of articles one after another, appending each one's rows before the next is
/// analysed: an analysis is dropped while its memory is still in cache, ready for the next.
fn analyze(articles: Vec<Article>) -> Result<Prepared> {
    let mut rows = Rows::for_articles(articles.iter());
    for article in articles {
        let a = whosaid_core::analyze(article);
        rows.push(&a);
    }
    Prepared::from_rows(rows)
}

/// Writer thread: writes batches in order as they come.
fn write_batches(mut writer: DatasetWriter, rx: Receiver<Result<Vec<Prepared>>>) -> Result<DatasetWriter> {
    for batch in rx {
        writer.write_prepared(batch?)?;
    }
    Ok(writer)
}
