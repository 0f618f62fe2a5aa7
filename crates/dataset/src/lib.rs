//! whosaid-dataset: everything between files and the text stages of [`whosaid_core`].
//!
//! ```text
//!  base:    error, checksum, schema (schema/*.json), manifest (manifest.json, typed), read (Parquet columns by name),
//!           stats (aggregates of the tables, for the card, figures and report)
//!  edges:   input (txt, JSONL, Parquet, stdin)      output (tables, Parquet parts, card, figures, Croissant)
//!  drivers: run (input ─► whosaid_core::analyze ─► output, in parallel)   validate   eval
//! ```
//!
//! Only `input`, `output`, `read`, `validate` and `eval` touch the file system. See [`tutorial`]
//! for a guided tour.

pub mod checksum;
pub mod error;
pub mod manifest;
pub mod read;
pub mod schema;
pub mod stats;

pub mod input;
pub mod output;

pub mod eval;
pub mod run;
pub mod validate;

pub mod tutorial;

pub use error::{Error, ErrorKind, Result};
