//! Writing the dataset: Arrow record batches from [`Analysis`](crate::model::Analysis) values,
//! Parquet parts per table, and the metadata files around them.
//!
//! ```text
//! out/
//!   <table>/part-00000.parquet …   one folder per table (articles, sentences, quotes, speakers, mentions)
//!   README.md                      dataset card (Hugging Face YAML configs, schema, counts, how to load)
//!   croissant.json                 MLCommons Croissant 1.0 metadata
//!   SHA256SUMS                     `sha256sum -c` list of every file above
//!   manifest.json                  written last: tool, options, inputs, outputs with sha256, counts
//! ```
//!
//! `SHA256SUMS` covers every Parquet part, `README.md` and `croissant.json`; it does not list
//! itself or `manifest.json`, which is written after it and lists the checksums of every other
//! file, `SHA256SUMS` included. A folder without `manifest.json` is incomplete.
//!
//! - [`schema`]: the table schemas, parsed from `schema/*.json` (the single source of truth).
//! - [`tables`]: record batches from analyses.
//! - [`writer`]: [`DatasetWriter`], the atomic, deterministic folder writer.
//! - [`manifest`], [`card`], [`croissant`]: the metadata files.

pub mod card;
pub mod croissant;
pub mod manifest;
pub mod schema;
pub mod tables;
pub mod writer;

pub use schema::{Table, arrow_schema, table_schema};
pub use writer::{DatasetWriter, OutputOptions, RunInfo, Summary, Prepared};

use crate::{Error, Result};
use sha2::{Digest, Sha256};
use std::path::Path;

/// Name of the manifest file, written last.
pub const MANIFEST: &str = "manifest.json";
/// Name of the checksum file.
pub const SHA256SUMS: &str = "SHA256SUMS";
/// Name of the dataset card.
pub const README: &str = "README.md";
/// Name of the Croissant metadata file.
pub const CROISSANT: &str = "croissant.json";

/// Lower-case hex of a byte string.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    s
}

/// Hex SHA-256 of some bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Hex SHA-256 and length of a file, streamed.
pub fn sha256_file(path: &Path) -> Result<(String, u64)> {
    let mut file = std::fs::File::open(path).map_err(|e| Error::new(e).at(path))?;
    let mut hasher = Sha256::new();
    let bytes = std::io::copy(&mut file, &mut hasher).map_err(|e| Error::new(e).at(path))?;
    Ok((hex(&hasher.finalize()), bytes))
}

/// Writes a file atomically: `.<name>.tmp` in the same folder, then rename.
pub(crate) fn write_atomic(path: &Path, contents: &[u8]) -> Result<()> {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let tmp = path.with_file_name(format!(".{name}.tmp"));
    std::fs::write(&tmp, contents).map_err(|e| Error::new(e).at(&tmp))?;
    std::fs::rename(&tmp, path).map_err(|e| Error::new(e).at(path))?;
    Ok(())
}

#[cfg(test)]
pub(crate) mod testdata;
#[cfg(test)]
mod tests;
