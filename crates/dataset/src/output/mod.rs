//! Writing the dataset: Arrow record batches from [`Analysis`](crate::model::Analysis) values,
//! Parquet parts per table, and the metadata files around them.
//!
//! ```text
//! out/
//!   <table>/part-00000.parquet …   one folder per table (articles, sentences, quotes, speakers, mentions)
//!   figures/*.svg                  overview figures (plotters, SVG), re-rendered by validate
//!   skipped.jsonl                  every skipped document (or lost part of an input), one JSON object per line
//!   README.md                      dataset card (Hugging Face YAML configs, schema, counts, figures, how to load)
//!   croissant.json                 MLCommons Croissant 1.0 metadata
//!   SHA256SUMS                     `sha256sum -c` list of every file above
//!   manifest.json                  written last: tool, options, inputs, outputs with sha256, counts
//! ```
//!
//! `SHA256SUMS` covers every Parquet part, figure, `skipped.jsonl`, `README.md` and
//! `croissant.json`; it does not list itself or `manifest.json`, which is written after it and
//! lists the checksums of every other file, `SHA256SUMS` included. The folder appears only once
//! complete (it is built beside the output and swapped in: see [`writer`]).
//!
//! - [`tables`]: record batches from analyses.
//! - [`writer`]: [`DatasetWriter`], the atomic, deterministic folder writer (staging, lock).
//! - [`card`], [`croissant`]: the metadata files beside [`crate::manifest`].
//! - [`figures`]: the overview figures, from [`crate::stats::Stats`].

pub mod card;
pub mod croissant;
pub mod figures;
pub mod tables;
pub mod writer;

pub use writer::{DatasetWriter, OutputOptions, Prepared, SkipLog, Summary, working_folders};

/// Name of the checksum file.
pub const SHA256SUMS: &str = "SHA256SUMS";
/// Name of the dataset card.
pub const README: &str = "README.md";
/// Name of the Croissant metadata file.
pub const CROISSANT: &str = "croissant.json";

/// `SHA256SUMS` of these files: `sha256sum -c` lines, sorted by path.
pub(crate) fn sha256sums(files: &[crate::manifest::OutputFile]) -> String {
    let mut sums: Vec<(&str, &str)> = files.iter().map(|f| (f.path.as_str(), f.sha256.as_str())).collect();
    sums.sort();
    sums.iter().map(|(p, h)| format!("{h}  {p}\n")).collect()
}

#[cfg(test)]
pub(crate) mod testdata;
#[cfg(test)]
mod tests;
