//! Writing the dataset: Arrow record batches from [`Analysis`](crate::model::Analysis) values,
//! Parquet parts per table, and the metadata files around them.
//!
//! ```text
//! out/
//!   <table>/part-00000.parquet …   one folder per table (articles, sentences, quotes, speakers, mentions)
//!   figures/*.svg                  overview figures (plotters, SVG), re-rendered by validate
//!   README.md                      dataset card (Hugging Face YAML configs, schema, counts, figures, how to load)
//!   croissant.json                 MLCommons Croissant 1.0 metadata
//!   SHA256SUMS                     `sha256sum -c` list of every file above
//!   manifest.json                  written last: tool, options, inputs, outputs with sha256, counts
//! ```
//!
//! `SHA256SUMS` covers every Parquet part, figure, `README.md` and `croissant.json`; it does not list
//! itself or `manifest.json`, which is written after it and lists the checksums of every other
//! file, `SHA256SUMS` included. A folder without `manifest.json` is incomplete.
//!
//! - [`tables`]: record batches from analyses.
//! - [`writer`]: [`DatasetWriter`], the atomic, deterministic folder writer.
//! - [`card`], [`croissant`]: the metadata files beside [`crate::manifest`].
//! - [`figures`]: the overview figures, from [`crate::stats::Stats`].

pub mod card;
pub mod croissant;
pub mod figures;
pub mod tables;
pub mod writer;

pub use writer::{DatasetWriter, OutputOptions, Prepared, Summary};

use crate::{Error, Result};
use std::io::Write;
use std::path::Path;

/// Name of the checksum file.
pub const SHA256SUMS: &str = "SHA256SUMS";
/// Name of the dataset card.
pub const README: &str = "README.md";
/// Name of the Croissant metadata file.
pub const CROISSANT: &str = "croissant.json";

/// Writes a file atomically and durably: a temporary file in the same folder, synced, renamed
/// over `path`, and the folder synced.
pub(crate) fn write_atomic(path: &Path, contents: &[u8]) -> Result<()> {
    let mut file = atomic_write_file::AtomicWriteFile::open(path).map_err(|e| Error::new(e).at(path))?;
    file.write_all(contents).map_err(|e| Error::new(e).at(path))?;
    file.commit().map_err(|e| Error::new(e).at(path))
}

#[cfg(test)]
pub(crate) mod testdata;
#[cfg(test)]
mod tests;
