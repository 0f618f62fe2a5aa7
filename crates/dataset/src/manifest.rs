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
    pub skipped: Vec<Skipped>,
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

/// A document that was skipped, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skipped {
    /// The article id, when it could be read.
    pub article_id: Option<String>,
    /// Line (JSONL) or row (Parquet) number, from 1.
    pub line: Option<u64>,
    pub reason: String,
    /// The file path.
    pub source: String,
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
    pub fn new(parts: Vec<OutputFile>, counts: Counts, run: RunInfo, release_date: Option<Date>) -> Manifest {
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
            skipped: run.skipped,
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

/// What the corpus driver knows about a build, for the manifest and the card.
#[derive(Debug, Clone, PartialEq)]
pub struct RunInfo {
    pub options: BuildOptions,
    pub inputs: Vec<InputFile>,
    pub skipped: Vec<Skipped>,
}
