//! The `whosaid` command line: a thin layer over the library.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use whosaid_core::text::date::{self, Date};
use whosaid_dataset::ErrorKind;
use whosaid_dataset::input::InputOptions;
use whosaid_dataset::run::{self, Progress, RunOptions};

/// The pipeline makes many small allocations per article; mimalloc serves them faster than glibc.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc v3 options the Rust bindings do not name: their positions in `mi_option_e`, with
/// the environment variable that overrides each (a test checks them against their defaults).
const MI_OPTION_PURGE_DELAY: (std::ffi::c_int, &str) = (15, "MIMALLOC_PURGE_DELAY");
const MI_OPTION_ALLOW_THP: (std::ffi::c_int, &str) = (43, "MIMALLOC_ALLOW_THP");

unsafe extern "C" {
    fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
}

/// Every batch frees and allocates the same large buffers (Arrow columns, Parquet pages). By
/// default mimalloc hands freed memory back to the OS and backs new memory with transparent huge
/// pages, so those buffers kept coming back as fresh 2 MiB pages the kernel had to zero: about
/// 10% of a one-thread run. Keeping freed memory and using plain pages removes that; memory stays
/// bounded by the batch size. A `MIMALLOC_*` variable in the environment still wins.
///
/// zstd allocates its own contexts with the C library's `malloc`: two per Parquet column per
/// row group, up to a megabyte each. glibc serves blocks that large with `mmap` and unmaps them
/// when freed, so each new context was faulted in afresh: 160,000 page faults instead of 37,000
/// on a 1 GB corpus, and 1–3% of a one-thread run. Raising glibc's mmap and trim thresholds
/// keeps freed contexts for the next one. `MALLOC_MMAP_THRESHOLD_` / `MALLOC_TRIM_THRESHOLD_`
/// still win.
fn tune_allocator() {
    for ((option, var), value) in [(MI_OPTION_PURGE_DELAY, -1), (MI_OPTION_ALLOW_THP, 0)] {
        if std::env::var_os(var).is_none() {
            // SAFETY: sets a plain integer option of the allocator; these values are valid.
            unsafe { mi_option_set(option, value) }
        }
    }
    // mimalloc reads `allow_thp` when it starts, before `main`, and has by then asked for huge
    // pages on its first arena; so turn them off for the process, as it does itself when
    // `MIMALLOC_ALLOW_THP=0` is set at start. Later page faults then get plain pages.
    #[cfg(target_os = "linux")]
    if std::env::var_os(MI_OPTION_ALLOW_THP.1).is_none() {
        // SAFETY: PR_SET_THP_DISABLE takes one integer and changes only this process's THP use;
        // on failure (an old kernel) nothing changes, which is harmless.
        let (on, unused): (libc::c_ulong, libc::c_ulong) = (1, 0);
        unsafe { libc::prctl(libc::PR_SET_THP_DISABLE, on, unused, unused, unused) };
    }
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    for (param, var, value) in [
        (libc::M_MMAP_THRESHOLD, "MALLOC_MMAP_THRESHOLD_", 256 << 20),
        (libc::M_TRIM_THRESHOLD, "MALLOC_TRIM_THRESHOLD_", 1 << 30),
    ] {
        if std::env::var_os(var).is_none() {
            // SAFETY: sets a plain integer tuning parameter of glibc's malloc; on failure
            // (return 0) nothing changes, which is harmless.
            unsafe { libc::mallopt(param, value) };
        }
    }
}

/// News articles in, a dataset of direct quotations out.
///
/// Exit codes: 0 done (documents may have been skipped: see the summary line and skipped.jsonl);
/// 1 the run failed (I/O error, --strict and a bad document) or `validate` found problems;
/// 2 usage (bad option, missing input, an output folder that is not a dataset without --force);
/// 3 no data (an input, or the whole run, yielded no article); 4 another build is writing the
/// same output folder.
#[derive(Parser)]
#[command(name = "whosaid", version, about, long_about = None)]
struct Cli {
    /// More log output on stderr (-v: info, -vv: debug). RUST_LOG overrides.
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    verbose: u8,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the Parquet dataset of quotations from text folders, JSONL or Parquet inputs.
    Build(BuildArgs),
    /// Score a dataset against a gold JSONL file (same protocol as tools/score.py).
    Eval {
        /// Gold quotes, one JSON object per line.
        #[arg(long)]
        gold: PathBuf,
        /// Dataset folder written by `whosaid build`.
        out_dir: PathBuf,
        /// Gold quotes without a named speaker count for quote P/R/F1 only, not for speaker
        /// accuracy or end-to-end F1 (as `score.py --named-only`).
        #[arg(long)]
        named_only: bool,
        /// Before the summary line, a table of each rule's predictions, matches, right speakers
        /// and precision (overall, then by kind of speaker mention).
        #[arg(long)]
        by_rule: bool,
    },
    /// Check a dataset folder: schemas, checksums, manifest, row invariants, figures.
    Validate {
        /// Dataset folder written by `whosaid build`.
        out_dir: PathBuf,
    },
    /// Print articles with their quotes, speaker mentions and cues marked, and each quote's
    /// evidence (speaker, mention, cue, rule, confidence). Reads only the rows it needs.
    Show(ShowArgs),
    /// Write one self-contained HTML report of a dataset: counts, figures, skipped inputs, and a
    /// sample of articles rendered like `show`, with a sortable table of their quotes.
    Report(ReportArgs),
}

/// Which articles `show` and `report` pick (all conditions must hold).
#[derive(Args)]
struct FilterArgs {
    /// Articles with a quote that has no speaker.
    #[arg(long)]
    unattributed: bool,
    /// Articles with a quote attributed by this rule (e.g. cue_after).
    #[arg(long, value_name = "RULE")]
    rule: Option<String>,
    /// Articles with a quote whose speaker name contains NAME (case-insensitive).
    #[arg(long, value_name = "NAME")]
    speaker: Option<String>,
}

impl FilterArgs {
    fn filter(self) -> whosaid_report::Filter {
        whosaid_report::Filter { unattributed: self.unattributed, rule: self.rule, speaker: self.speaker }
    }
}

#[derive(Args)]
struct ShowArgs {
    /// Dataset folder written by `whosaid build`.
    out_dir: PathBuf,
    /// Articles to show, in this order. Default: the first (matching) article.
    #[arg(value_name = "ARTICLE_ID", conflicts_with_all = ["quote", "sample", "unattributed", "rule", "speaker"])]
    ids: Vec<String>,
    /// Show the lines of one quote (a quote_id such as `article-7:q2`) and its evidence.
    #[arg(long, value_name = "QUOTE_ID", conflicts_with_all = ["sample", "unattributed", "rule", "speaker"])]
    quote: Option<String>,
    #[command(flatten)]
    filter: FilterArgs,
    /// Show N articles chosen deterministically by --seed instead of the first one.
    #[arg(long, value_name = "N")]
    sample: Option<usize>,
    /// Seed of --sample.
    #[arg(long, default_value_t = 0, requires = "sample")]
    seed: u64,
    /// Colours: auto (on a terminal, unless NO_COLOR is set), always (e.g. for `less -R`), never.
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto)]
    color: ColorWhen,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ColorWhen {
    Auto,
    Always,
    Never,
}

#[derive(Args)]
struct ReportArgs {
    /// Dataset folder written by `whosaid build`.
    out_dir: PathBuf,
    /// The HTML file to write.
    #[arg(short, long, default_value = "report.html")]
    output: PathBuf,
    /// Articles rendered in full (the figures and counts always cover every row).
    #[arg(long, default_value_t = 12, value_name = "N")]
    sample: usize,
    /// Seed of the sample.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    #[command(flatten)]
    filter: FilterArgs,
}

#[derive(Args)]
struct BuildArgs {
    /// Input files or folders (.txt folders, JSONL, Parquet; gzip/zstd/bzip2 detected from
    /// content). `-` reads JSONL from stdin. Default: seeds/
    #[arg(value_name = "INPUT")]
    inputs: Vec<PathBuf>,
    /// Output folder.
    #[arg(short, long, default_value = "out")]
    out: PathBuf,
    /// JSONL key / Parquet column holding the article id (default: `{file stem}:{line}`).
    #[arg(long, default_value = "id")]
    id_field: String,
    /// JSONL key / Parquet column holding the article text.
    #[arg(long, default_value = "text")]
    text_field: String,
    /// JSONL key / Parquet column holding the publication date (YYYY-MM-DD or RFC 3339).
    #[arg(long, default_value = "date")]
    date_field: String,
    /// JSONL key / Parquet column holding the URL.
    #[arg(long, default_value = "url")]
    url_field: String,
    /// JSONL key / Parquet column holding the title.
    #[arg(long, default_value = "title")]
    title_field: String,
    /// Skip articles longer than this: bytes, or a size such as 64MiB (binary) or 64MB (decimal).
    #[arg(long, default_value = "64MiB", value_parser = parse_size)]
    max_article_bytes: u64,
    /// Skip articles whose id is longer than this (an id is copied into every row of its article).
    #[arg(long, default_value = "1KiB", value_parser = parse_size)]
    max_id_bytes: u64,
    /// Target size of each Parquet part file (e.g. 256MiB).
    #[arg(long, value_parser = parse_size)]
    part_size: Option<u64>,
    /// Release date (YYYY-MM-DD) for the manifest and dataset card; default: from
    /// SOURCE_DATE_EPOCH when set, else none. No clock is ever read.
    #[arg(long, value_parser = parse_release_date)]
    release_date: Option<Date>,
    /// Fail on the first bad input document instead of skipping it.
    #[arg(long)]
    strict: bool,
    /// Replace the output folder even when it holds files that are not part of a whosaid dataset
    /// (they are deleted).
    #[arg(long)]
    force: bool,
    /// Threads (default: all cores); 1 runs everything on one thread. The output does not
    /// depend on it.
    #[arg(short = 'j', long)]
    threads: Option<usize>,
    /// No progress bar and no summary line.
    #[arg(short, long)]
    quiet: bool,
}

fn main() -> ExitCode {
    tune_allocator();
    let cli = Cli::parse();
    let level = match cli.verbose {
        0 => "warn",
        1 => "info",
        _ => "debug",
    };
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or(level)).format_timestamp(None).init();
    match dispatch(cli.command) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("whosaid: error: {e:#}");
            exit_code(&e)
        }
    }
}

/// The exit code of an error (see the command's help): 2 usage, 3 no data, 4 locked, else 1.
fn exit_code(e: &anyhow::Error) -> ExitCode {
    match e.downcast_ref::<whosaid_dataset::Error>().map(|e| &e.kind) {
        Some(ErrorKind::Usage(_)) => ExitCode::from(2),
        Some(ErrorKind::NoData(_)) => ExitCode::from(3),
        Some(ErrorKind::Locked(_)) => ExitCode::from(4),
        _ => ExitCode::FAILURE,
    }
}

fn dispatch(command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Build(args) => build(args),
        Command::Eval { gold, out_dir, named_only, by_rule } => {
            let verbose = log::log_enabled!(log::Level::Info);
            let options = whosaid_dataset::eval::Options { named_only, by_rule, verbose };
            let report = whosaid_dataset::eval::run(&gold, &out_dir, options)
                .with_context(|| format!("evaluating {} against {}", out_dir.display(), gold.display()))?;
            println!("{report}");
            Ok(ExitCode::SUCCESS)
        }
        Command::Show(args) => show(args),
        Command::Report(args) => report(args),
        Command::Validate { out_dir } => {
            let problems = whosaid_dataset::validate::validate(&out_dir)
                .with_context(|| format!("validating {}", out_dir.display()))?;
            for p in &problems {
                println!("{p}");
            }
            if problems.is_empty() {
                eprintln!("{}: valid", out_dir.display());
                Ok(ExitCode::SUCCESS)
            } else {
                eprintln!("{}: {} problem(s)", out_dir.display(), problems.len());
                Ok(ExitCode::FAILURE)
            }
        }
    }
}

fn show(args: ShowArgs) -> anyhow::Result<ExitCode> {
    use whosaid_report::{Pick, ShowWhat};
    let color = match args.color {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    };
    let what = if let Some(q) = args.quote {
        ShowWhat::Quote(q)
    } else if !args.ids.is_empty() {
        ShowWhat::Articles(args.ids)
    } else {
        let pick = match args.sample {
            Some(n) => Pick::Sample { n, seed: args.seed },
            None => Pick::First,
        };
        ShowWhat::Pick(args.filter.filter(), pick)
    };
    let (text, read) = whosaid_report::show(&args.out_dir, &what, color)?;
    for (table, p) in &read.tables {
        log::info!("{table}: read {} of {} row groups", p.row_groups_read, p.row_groups);
    }
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()) {
        // `whosaid show … | head` closes the pipe early: not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        r => r.map(|()| ExitCode::SUCCESS).context("writing to stdout"),
    }
}

fn report(args: ReportArgs) -> anyhow::Result<ExitCode> {
    let opts = whosaid_report::ReportOptions { sample: args.sample, seed: args.seed, filter: args.filter.filter() };
    let html = whosaid_report::report::render(&args.out_dir, &opts)
        .with_context(|| format!("reporting on {}", args.out_dir.display()))?;
    // Complete or not at all: a temporary file in the same folder, renamed when written.
    let mut file = atomic_write_file::AtomicWriteFile::open(&args.output)
        .with_context(|| format!("creating {}", args.output.display()))?;
    use std::io::Write;
    file.write_all(html.as_bytes()).with_context(|| format!("writing {}", args.output.display()))?;
    file.commit().with_context(|| format!("writing {}", args.output.display()))?;
    eprintln!("whosaid: wrote {} ({} bytes)", args.output.display(), html.len());
    Ok(ExitCode::SUCCESS)
}

fn build(args: BuildArgs) -> anyhow::Result<ExitCode> {
    let release_date = match args.release_date {
        Some(d) => Some(d),
        None => release_date_from_env()?,
    };
    let defaults = RunOptions::default();
    let opts = RunOptions {
        inputs: if args.inputs.is_empty() { defaults.inputs.clone() } else { args.inputs },
        out: args.out,
        input: InputOptions {
            id_field: args.id_field,
            text_field: args.text_field,
            date_field: args.date_field,
            url_field: args.url_field,
            title_field: args.title_field,
            max_article_bytes: args.max_article_bytes,
            max_id_bytes: args.max_id_bytes,
        },
        part_max_bytes: args.part_size.unwrap_or(defaults.part_max_bytes),
        release_date,
        strict: args.strict,
        force: args.force,
        threads: args.threads.unwrap_or(0),
        ..defaults
    };
    let progress: Box<dyn Progress> = if !args.quiet && std::io::stderr().is_terminal() {
        Box::new(Bar(ProgressBar::hidden()))
    } else {
        Box::new(run::Quiet)
    };
    let report = run::run(&opts, progress.as_ref()).with_context(|| format!("building {}", opts.out.display()))?;
    if !args.quiet {
        eprintln!("whosaid: {}", report.summary_line());
    }
    Ok(ExitCode::SUCCESS)
}

/// A progress bar on stderr: bytes read of the total, speed, articles.
struct Bar(ProgressBar);

impl Progress for Bar {
    fn start(&self, total: Option<u64>) {
        let template = match total {
            Some(total) => {
                self.0.set_length(total);
                "{spinner} {elapsed_precise} [{wide_bar}] {decimal_bytes}/{decimal_total_bytes} \
                 {decimal_bytes_per_sec} ETA {eta} {msg}"
            }
            None => "{spinner} {elapsed_precise} {decimal_bytes} {decimal_bytes_per_sec} {msg}",
        };
        let style = ProgressStyle::with_template(template).expect("valid template").progress_chars("=> ");
        self.0.set_style(style);
        self.0.set_draw_target(indicatif::ProgressDrawTarget::stderr());
    }
    fn update(&self, bytes_read: u64, articles: u64) {
        self.0.set_position(bytes_read);
        self.0.set_message(format!("{articles} articles"));
    }
    fn finish(&self) {
        self.0.finish_and_clear();
    }
}

/// `SOURCE_DATE_EPOCH` (seconds since the epoch) as a UTC date, when set.
fn release_date_from_env() -> anyhow::Result<Option<Date>> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(s) if !s.trim().is_empty() => {
            let secs: i64 = s.trim().parse().with_context(|| format!("SOURCE_DATE_EPOCH={s:?} is not an integer"))?;
            let date =
                date::from_unix_seconds(secs).with_context(|| format!("SOURCE_DATE_EPOCH={s:?} is out of range"))?;
            Ok(Some(date))
        }
        _ => Ok(None),
    }
}

fn parse_release_date(s: &str) -> Result<Date, String> {
    date::parse_day(s).ok_or_else(|| format!("{s:?} is not a date of the form YYYY-MM-DD"))
}

/// A size such as `4096`, `64MiB` (binary) or `64MB` (decimal), more than zero.
fn parse_size(s: &str) -> Result<u64, String> {
    match parse_size::parse_size(s) {
        Ok(0) => Err(format!("{s:?} is not a positive size")),
        Ok(n) => Ok(n),
        Err(e) => Err(format!("{s:?} is not a size like 256MiB or 64MB: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("256MiB"), Ok(256 << 20));
        assert_eq!(parse_size("1.5KiB"), Ok(1536));
        assert_eq!(parse_size("1.5K"), Ok(1500));
        assert_eq!(parse_size("10MB"), Ok(10_000_000));
        assert_eq!(parse_size("4096"), Ok(4096));
        assert!(parse_size("0").is_err());
        assert!(parse_size("12XB").is_err());
        assert!(parse_size("MiB").is_err());
    }

    #[test]
    fn release_dates() {
        assert_eq!(parse_release_date("2024-02-29").map(|d| d.to_string()), Ok("2024-02-29".into()));
        assert!(parse_release_date("2024-02-30").is_err());
        assert!(parse_release_date("2024-02-03T00:00:00Z").is_err());
    }

    #[test]
    fn allocator_options_are_the_ones_mimalloc_documents() {
        unsafe extern "C" {
            fn mi_option_get(option: std::ffi::c_int) -> std::ffi::c_long;
        }
        for ((option, var), default) in [(MI_OPTION_PURGE_DELAY, 1000), (MI_OPTION_ALLOW_THP, 1)] {
            if std::env::var_os(var).is_none() {
                // SAFETY: reads a plain integer option of the allocator.
                assert_eq!(unsafe { mi_option_get(option) }, default, "mimalloc v3's default for {var}");
            }
        }
    }

    #[test]
    fn cli_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
