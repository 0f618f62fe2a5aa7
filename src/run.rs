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

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, sync_channel};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use crate::error::{Error, ErrorKind, Result};
use crate::input::{self, InputOptions, Inputs, Record};
use crate::model::{Article, InputFile, Skipped};
use crate::output::{Prepared, DatasetWriter, OutputOptions, RunInfo, Summary};

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
    /// `YYYY-MM-DD` written to the manifest and dataset card (no clock is read).
    pub release_date: Option<String>,
    /// Any skipped document fails the run.
    pub strict: bool,
    /// Analysis threads; 0 = all cores. Does not change the output.
    pub threads: usize,
    /// Show a progress bar on stderr (the caller checks that stderr is a terminal).
    pub progress: bool,
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
            threads: 0,
            progress: false,
            batch_bytes: 8 << 20,
            batch_articles: 4096,
        }
    }
}

impl RunOptions {
    /// The options that affect the output, as recorded in the manifest. Thread count, progress
    /// and paths are left out: they vary by machine and never change the tables.
    pub fn manifest_options(&self) -> BTreeMap<String, serde_json::Value> {
        let i = &self.input;
        BTreeMap::from([
            ("id_field".into(), i.id_field.clone().into()),
            ("text_field".into(), i.text_field.clone().into()),
            ("date_field".into(), i.date_field.clone().into()),
            ("url_field".into(), i.url_field.clone().into()),
            ("title_field".into(), i.title_field.clone().into()),
            ("max_article_bytes".into(), i.max_article_bytes.into()),
            ("part_max_bytes".into(), self.part_max_bytes.into()),
            ("strict".into(), self.strict.into()),
        ])
    }
}

/// What a run did.
#[derive(Debug, Clone)]
pub struct RunReport {
    /// Counts and files from the writer.
    pub summary: Summary,
    pub inputs: Vec<InputFile>,
    pub skipped: Vec<Skipped>,
    /// Stored bytes of all input files.
    pub input_bytes: u64,
    /// Bytes of article text analysed.
    pub text_bytes: u64,
    pub threads: usize,
    pub elapsed: Duration,
}

impl RunReport {
    /// One line for stderr: counts and throughput.
    pub fn summary_line(&self) -> String {
        let s = &self.summary;
        let secs = self.elapsed.as_secs_f64().max(1e-9);
        let mb = self.input_bytes as f64 / 1e6;
        format!(
            "{} articles, {} quotes ({} attributed), {} skipped; {:.1} MB in {:.2} s ({:.1} MB/s, {} thread{})",
            s.articles,
            s.quotes,
            s.attributed,
            self.skipped.len(),
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
    skipped: Vec<Skipped>,
    text_bytes: u64,
}

/// Builds the dataset in `opts.out` from `opts.inputs`.
///
/// Fails (leaving no complete-looking output) when an input path does not exist, when the
/// output cannot be written, or — with `strict` — on the first skipped document.
pub fn run(opts: &RunOptions) -> Result<RunReport> {
    let start = Instant::now();
    let inputs = input::open(&opts.inputs, &opts.input)?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.threads)
        .thread_name(|i| format!("whosaid-analyze-{i}"))
        .build()
        .map_err(|e| {
            Error::new(ErrorKind::Usage(format!(
                "cannot start {} threads: {e}",
                opts.threads
            )))
        })?;
    let threads = pool.current_num_threads();
    let bar = progress_bar(opts.progress, inputs.total_bytes());
    let writer = DatasetWriter::create(
        &opts.out,
        OutputOptions {
            part_max_bytes: opts.part_max_bytes,
            release_date: opts.release_date.clone(),
        },
    )?;

    let (read, written) = if threads == 1 {
        run_sequential(inputs, opts, writer, &bar)
    } else {
        run_pipelined(&pool, inputs, opts, writer, &bar)
    };
    bar.finish_and_clear();
    // A reader error (strict mode) explains a writer stopped early, so it comes first.
    let read = read?;
    let writer = written?;
    let input_bytes = read.inputs.iter().map(|f| f.bytes).sum();
    let summary = writer.finish(RunInfo {
        options: opts.manifest_options(),
        inputs: read.inputs.clone(),
        skipped: read.skipped.clone(),
    })?;
    Ok(RunReport {
        summary,
        inputs: read.inputs,
        skipped: read.skipped,
        input_bytes,
        text_bytes: read.text_bytes,
        threads,
        elapsed: start.elapsed(),
    })
}

fn join<T>(handle: std::thread::ScopedJoinHandle<'_, T>) -> T {
    handle
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

/// One thread does everything, batch after batch: `--threads 1` uses one core, no more.
fn run_sequential(
    inputs: Inputs,
    opts: &RunOptions,
    mut writer: DatasetWriter,
    bar: &ProgressBar,
) -> (Result<ReadOutcome>, Result<DatasetWriter>) {
    let mut failed = None;
    let read = read_batches(inputs, opts, bar, |batch| {
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
    opts: &RunOptions,
    writer: DatasetWriter,
    bar: &ProgressBar,
) -> (Result<ReadOutcome>, Result<DatasetWriter>) {
    std::thread::scope(|s| {
        let (batch_tx, batch_rx) = sync_channel::<Vec<Article>>(1);
        let (done_tx, done_rx) = sync_channel::<Result<Vec<Prepared>>>(1);
        let reader = std::thread::Builder::new()
            .name("whosaid-read".into())
            .spawn_scoped(s, move || read_batches(inputs, opts, bar, |b| batch_tx.send(b).is_ok()))
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
/// stop early: a later stage failed and reports why); collects skips and input files.
fn read_batches(
    mut inputs: Inputs,
    opts: &RunOptions,
    bar: &ProgressBar,
    mut sink: impl FnMut(Vec<Article>) -> bool,
) -> Result<ReadOutcome> {
    let mut skipped = Vec::new();
    let mut batch = Vec::new();
    let mut batch_bytes = 0usize;
    let mut text_bytes = 0u64;
    let mut articles = 0u64;
    while let Some(record) = inputs.next() {
        match record {
            Record::Article(a) => {
                batch_bytes += a.text.len();
                text_bytes += a.text.len() as u64;
                articles += 1;
                batch.push(a);
                if batch_bytes >= opts.batch_bytes || batch.len() >= opts.batch_articles {
                    batch_bytes = 0;
                    if !sink(std::mem::take(&mut batch)) {
                        break; // a later stage failed; its error is reported
                    }
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
                skipped.push(s);
            }
        }
        if (articles + skipped.len() as u64).is_multiple_of(64) {
            bar.set_position(inputs.bytes_read());
            bar.set_message(format!("{articles} articles"));
        }
    }
    if !batch.is_empty() {
        sink(batch);
    }
    bar.set_position(inputs.bytes_read());
    Ok(ReadOutcome {
        inputs: inputs.into_files(),
        skipped,
        text_bytes,
    })
}

/// Analyses one batch and turns it into table rows, in input order.
///
/// The batch is cut into chunks of a fixed number of articles; a worker analyses a chunk and
/// builds its rows ([`Prepared`]), so the writer only encodes Parquet. The chunking depends on
/// the input alone, never on the thread count: output bytes stay identical. `parallel` maps the
/// chunks on the current rayon pool.
fn prepare(batch: Vec<Article>, parallel: bool) -> Result<Vec<Prepared>> {
    const CHUNK: usize = 256;
    let mut chunks: Vec<Vec<Article>> = Vec::with_capacity(batch.len() / CHUNK + 1);
    let mut it = batch.into_iter().peekable();
    while it.peek().is_some() {
        chunks.push(it.by_ref().take(CHUNK).collect());
    }
    if parallel {
        chunks.into_par_iter().map(Prepared::analyze).collect()
    } else {
        chunks.into_iter().map(Prepared::analyze).collect()
    }
}

/// Writer thread: writes batches in order as they come.
fn write_batches(mut writer: DatasetWriter, rx: Receiver<Result<Vec<Prepared>>>) -> Result<DatasetWriter> {
    for batch in rx {
        writer.write_prepared(batch?)?;
    }
    Ok(writer)
}

fn progress_bar(show: bool, total: Option<u64>) -> ProgressBar {
    if !show {
        return ProgressBar::hidden();
    }
    match total {
        Some(total) => ProgressBar::new(total).with_style(
            ProgressStyle::with_template(
                "{spinner} {elapsed_precise} [{wide_bar}] {decimal_bytes}/{decimal_total_bytes} \
                 {decimal_bytes_per_sec} ETA {eta} {msg}",
            )
            .expect("valid template")
            .progress_chars("=> "),
        ),
        None => ProgressBar::new_spinner().with_style(
            ProgressStyle::with_template(
                "{spinner} {elapsed_precise} {decimal_bytes} {decimal_bytes_per_sec} {msg}",
            )
            .expect("valid template"),
        ),
    }
}
