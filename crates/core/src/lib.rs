//! whosaid-core: the text stages that turn one article into quotations and their speakers.
//! No I/O: plain structs in ([`model::Article`]), plain structs out ([`model::Analysis`]).
//!
//! The modules are the pipeline's stages, in order; each imports only the base layer
//! (`model`, `lexicon`, `text`) and never a later stage. [`pipeline`] calls them in turn:
//!
//! ```text
//!  base:    model ◄── lexicon ◄── text (spans, quote-mark characters, tokens, dates, char offsets)
//!  stages:  1 layout ─► 2 marks ─► 3 sentences ─► 4 quotes ─► 5 mentions ─► 6 entities ─► 7 attribution
//!  driver:  pipeline::analyze
//! ```
//!
//! Word lists are data files in `crates/core/lexicon/`, loaded once ([`lexicon::Lexicon::get`]).
//! Attribution rules are units in [`attribution::rules`], run in the order of
//! [`attribution::ORDER`].

pub mod lexicon;
pub mod model;
pub mod text;

pub mod attribution;
pub mod entities;
pub mod layout;
pub mod marks;
pub mod mentions;
pub mod quotes;
pub mod sentences;

pub mod pipeline;

pub use model::{Analysis, Article};
pub use pipeline::{analyze, analyze_all};

/// Version of the table schemas (also written to every Parquet footer).
pub const SCHEMA_VERSION: u32 = 1;
/// Tool version, from Cargo.toml.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
