//! One error type for the library, with a kind enum (in the style of the csv crate).

use std::fmt;
use std::path::PathBuf;

/// Result alias used throughout the library.
pub type Result<T> = std::result::Result<T, Error>;

/// Something went wrong, with the file (and line) it concerns when known.
#[derive(Debug, thiserror::Error)]
pub struct Error {
    pub kind: ErrorKind,
    /// The input or output file concerned, if any.
    pub path: Option<PathBuf>,
    /// 1-based line number (JSONL) or row number (Parquet), if any.
    pub line: Option<u64>,
}

/// What went wrong.
#[derive(Debug, thiserror::Error)]
pub enum ErrorKind {
    #[error("I/O error: {0}")]
    Io(#[from] std::io::Error),
    #[error("Parquet error: {0}")]
    Parquet(#[from] parquet::errors::ParquetError),
    #[error("Arrow error: {0}")]
    Arrow(#[from] arrow::error::ArrowError),
    #[error("JSON error: {0}")]
    Json(#[from] serde_json::Error),
    /// A document that cannot be processed (invalid UTF-8, empty, binary, too large, duplicate id...).
    #[error("bad document: {0}")]
    BadDocument(String),
    /// A schema file or a written table does not match the agreed schema.
    #[error("schema: {0}")]
    Schema(String),
    /// Command-line or option misuse.
    #[error("usage: {0}")]
    Usage(String),
    /// A figure could not be drawn.
    #[error("figure: {0}")]
    Figure(String),
    /// A dataset failed validation.
    #[error("invalid dataset: {0}")]
    Invalid(String),
    /// An input, or a whole run, yielded no article: the message says why.
    #[error("{0}")]
    NoData(String),
    /// Another build holds the output folder's lock.
    #[error("{0}")]
    Locked(String),
}

impl Error {
    pub fn new(kind: impl Into<ErrorKind>) -> Self {
        Error { kind: kind.into(), path: None, line: None }
    }
    /// Attach the file this error concerns.
    pub fn at(mut self, path: impl Into<PathBuf>) -> Self {
        self.path = Some(path.into());
        self
    }
    /// Attach a 1-based line (or row) number.
    pub fn line(mut self, line: u64) -> Self {
        self.line = Some(line);
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.path, self.line) {
            (Some(p), Some(l)) => write!(f, "{}:{}: {}", p.display(), l, self.kind),
            (Some(p), None) => write!(f, "{}: {}", p.display(), self.kind),
            _ => write!(f, "{}", self.kind),
        }
    }
}

impl<T: Into<ErrorKind>> From<T> for Error {
    fn from(kind: T) -> Self {
        Error::new(kind)
    }
}
