//! The error type of `show` and `report`: the dataset library's errors, and lookups that find
//! nothing, each naming the dataset folder.

use std::path::PathBuf;

/// What can go wrong when looking at a dataset.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Dataset(#[from] whosaid_dataset::Error),
    #[error("{}: no article with id {}{}", dir.display(), list(ids), articles.map(|n| format!(" (the dataset has {n} articles)")).unwrap_or_default())]
    UnknownArticles { dir: PathBuf, ids: Vec<String>, articles: Option<u64> },
    #[error("{}: article {article:?} has no quote {quote:?}", dir.display())]
    UnknownQuote { dir: PathBuf, article: String, quote: String },
    #[error("{0}")]
    Usage(String),
}

fn list(ids: &[String]) -> String {
    ids.iter().map(|i| format!("{i:?}")).collect::<Vec<_>>().join(", ")
}

/// Result alias of this crate.
pub type Result<T> = std::result::Result<T, Error>;
