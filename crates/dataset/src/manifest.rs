//! `manifest.json`, typed: what a build read (inputs, skipped documents), how (options), and what
//! it wrote (every output file with its sha256 and size, rows per table and part). The writer
//! writes it last; `validate`, `eval`, `show` and `report` read it back with the same type.
//!
//! Every struct declares its fields in alphabetical order, so the JSON keys come out sorted
//! (pretty-printed, with a trailing newline) and a manifest diff reads like a sorted listing.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use whosaid_core::text::date::Date;

use crate::schema::Table;
use crate::{Error, ErrorKind, Result};

/// Name of the manifest file, written last: a folder without it is incomplete.
pub const MANIFEST: &str = "manifest.json";
/// Name of the file that lists every skipped document, one JSON object ([`Skipped`]) per line.
pub const SKIPPED: &str = "skipped.jsonl";
/// Skip records the manifest repeats (the first ones); [`SKIPPED`] has them all.
pub const SKIPPED_IN_MANIFEST: usize = 20;

/// The whole of `manifest.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub counts: Counts,
    pub inputs: Vec<InputFile>,
    pub options: BuildOptions,
    /// Every file of the dataset but this one, in the order written: the Parquet parts, then
    /// `figures/*.svg`, `README.md`, `croissant.json` and `SHA256SUMS`.
    pub outputs: Vec<OutputFile>,
    pub release_date: Option<Date>,
    pub schema_version: u32,
    /// What was skipped: counts and the first records; all of them are in [`SKIPPED`].
    pub skipped: SkipSummary,
    /// Per table name: its row count and part files.
    pub tables: BTreeMap<String, TableParts>,
    pub tool: Tool,
}

/// Row counts of the tables, and of the quotes with a speaker.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub articles: u64,
    pub attributed: u64,
    pub mentions: u64,
    pub quotes: u64,
    pub sentences: u64,
    pub speakers: u64,
}

impl Counts {
    /// The row count of a table.
    pub fn rows(&self, table: Table) -> u64 {
        match table {
            Table::Articles => self.articles,
            Table::Sentences => self.sentences,
            Table::Quotes => self.quotes,
            Table::Speakers => self.speakers,
            Table::Mentions => self.mentions,
        }
    }

    /// Sets the row count of a table.
    pub fn set_rows(&mut self, table: Table, rows: u64) {
        *match table {
            Table::Articles => &mut self.articles,
            Table::Sentences => &mut self.sentences,
            Table::Quotes => &mut self.quotes,
            Table::Speakers => &mut self.speakers,
            Table::Mentions => &mut self.mentions,
        } = rows;
    }
}

/// The build options that shape the output (never thread counts or paths: they change nothing).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BuildOptions {
    pub date_field: String,
    pub id_field: String,
    pub max_article_bytes: u64,
    pub max_id_bytes: u64,
    pub part_max_bytes: u64,
    pub strict: bool,
    pub text_field: String,
    pub title_field: String,
    pub url_field: String,
}

/// An input file of a build.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputFile {
    pub bytes: u64,
    /// The path as given (or relative to the given folder), `-` for stdin.
    pub path: String,
    /// Hex sha256 of the file's bytes as stored (compressed bytes for .gz/.zst/.bz2).
    pub sha256: String,
}

/// A document that was skipped (or a part of an input that was lost), and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skipped {
    /// The article id, when it could be read (shortened when it is over the id limit).
    pub article_id: Option<String>,
    pub kind: SkipKind,
    /// Line (JSONL) or row (Parquet) number, from 1: where the document, or the lost part, starts.
    pub line: Option<u64>,
    pub reason: String,
    /// Rows lost when a part of an input holding several documents could not be read (a Parquet
    /// row group, a file whose text column has the wrong type); `None` when one document is
    /// skipped, or when the count is unknown (a stream cut short).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rows: Option<u64>,
    /// The file path.
    pub source: String,
}

impl Skipped {
    /// A skip record of `source` with no id, line or row count yet.
    pub fn new(source: impl Into<String>, kind: SkipKind, reason: impl Into<String>) -> Skipped {
        Skipped { article_id: None, kind, line: None, reason: reason.into(), rows: None, source: source.into() }
    }

    /// `source`, with `:line` when there is one.
    pub fn at(&self) -> String {
        match self.line {
            Some(l) => format!("{}:{l}", self.source),
            None => self.source.clone(),
        }
    }
}

/// Why a document was skipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SkipKind {
    /// A file or folder that cannot be opened or listed.
    Unreadable,
    /// Data lost to damage: a stream cut short or corrupt (what follows the damage), a Parquet
    /// file or row group that cannot be decoded.
    Damaged,
    InvalidUtf8,
    /// Empty or white-space-only text.
    Empty,
    /// A NUL byte, or too many control characters.
    Binary,
    /// Text over `--max-article-bytes`, or a JSONL line over its limit.
    TooLarge,
    /// A JSONL line that is not a JSON object.
    InvalidJson,
    /// No text (or, without a file name to derive one from, no id).
    MissingField,
    /// A text field or column that is not a string.
    WrongType,
    /// An id over `--max-id-bytes`.
    IdTooLong,
    /// An id seen before in the run (the first occurrence is kept).
    DuplicateId,
}

impl SkipKind {
    /// The name used in `manifest.json` and `skipped.jsonl`.
    pub fn as_str(self) -> &'static str {
        match self {
            SkipKind::Unreadable => "unreadable",
            SkipKind::Damaged => "damaged",
            SkipKind::InvalidUtf8 => "invalid_utf8",
            SkipKind::Empty => "empty",
            SkipKind::Binary => "binary",
            SkipKind::TooLarge => "too_large",
            SkipKind::InvalidJson => "invalid_json",
            SkipKind::MissingField => "missing_field",
            SkipKind::WrongType => "wrong_type",
            SkipKind::IdTooLong => "id_too_long",
            SkipKind::DuplicateId => "duplicate_id",
        }
    }
}

/// The manifest's account of what was skipped: every record is in [`SKIPPED`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkipSummary {
    /// Skip records (lines of [`SKIPPED`]).
    pub count: u64,
    /// The first [`SKIPPED_IN_MANIFEST`] records.
    pub first: Vec<Skipped>,
    /// Records per kind.
    pub kinds: BTreeMap<SkipKind, u64>,
    /// Rows lost in damaged inputs, as far as they are known (the sum of `rows`).
    pub rows_lost: u64,
}

impl SkipSummary {
    /// Counts one more record (kept among `first` while there is room).
    pub fn add(&mut self, s: &Skipped) {
        self.count += 1;
        *self.kinds.entry(s.kind).or_default() += 1;
        self.rows_lost += s.rows.unwrap_or(0);
        if self.first.len() < SKIPPED_IN_MANIFEST {
            self.first.push(s.clone());
        }
    }

    /// Records of one kind.
    pub fn of(&self, kind: SkipKind) -> u64 {
        self.kinds.get(&kind).copied().unwrap_or(0)
    }
}

/// A file of the dataset.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutputFile {
    pub bytes: u64,
    /// Path relative to the dataset folder, with `/` separators.
    pub path: String,
    /// For Parquet parts: the number of rows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rows: Option<u64>,
    pub sha256: String,
    /// For Parquet parts: the table.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub table: Option<Table>,
}

/// One table's rows and part files.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableParts {
    pub parts: Vec<String>,
    pub rows: u64,
}

/// The tool that wrote the dataset.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tool {
    pub name: String,
    pub version: String,
}

impl Tool {
    /// This build of whosaid.
    pub fn whosaid() -> Tool {
        Tool { name: "whosaid".into(), version: whosaid_core::VERSION.into() }
    }
}

impl Manifest {
    /// The manifest of a dataset with these Parquet parts, before the metadata files are
    /// added to `outputs`.
    pub fn new(
        parts: Vec<OutputFile>,
        counts: Counts,
        run: RunInfo,
        skipped: SkipSummary,
        release_date: Option<Date>,
    ) -> Manifest {
        let tables = Table::ALL
            .iter()
            .map(|&t| {
                let paths = parts.iter().filter(|f| f.table == Some(t)).map(|f| f.path.clone()).collect();
                (t.name().to_owned(), TableParts { parts: paths, rows: counts.rows(t) })
            })
            .collect();
        Manifest {
            counts,
            inputs: run.inputs,
            options: run.options,
            outputs: parts,
            release_date,
            schema_version: whosaid_core::SCHEMA_VERSION,
            skipped,
            tables,
            tool: Tool::whosaid(),
        }
    }

    /// The Parquet parts among the outputs.
    pub fn parts(&self) -> impl Iterator<Item = &OutputFile> {
        self.outputs.iter().filter(|f| f.table.is_some())
    }

    /// `manifest.json` as written: pretty-printed, with a trailing newline.
    pub fn render(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).expect("a manifest always serialises");
        s.push('\n');
        s
    }

    /// Parses `manifest.json` text.
    pub fn parse(text: &[u8]) -> std::result::Result<Manifest, serde_json::Error> {
        serde_json::from_slice(text)
    }

    /// Reads `DIR/manifest.json`; the error names the file.
    pub fn read(dir: &Path) -> Result<Manifest> {
        let path = dir.join(MANIFEST);
        let bytes = std::fs::read(&path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => Error::new(ErrorKind::Invalid(format!(
                "no {MANIFEST}: not a whosaid dataset, or its build did not finish"
            )))
            .at(dir),
            _ => Error::new(e).at(&path),
        })?;
        Manifest::parse(&bytes).map_err(|e| Error::new(e).at(&path))
    }
}

/// What the corpus driver knows about a build, for the manifest and the card (the skipped
/// documents go to the writer's [`SkipLog`](crate::output::SkipLog)).
#[derive(Debug, Clone, PartialEq)]
pub struct RunInfo {
    pub options: BuildOptions,
    pub inputs: Vec<InputFile>,
}
