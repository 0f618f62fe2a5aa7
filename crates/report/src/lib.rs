//! whosaid-report: looking at a whosaid dataset.
//!
//! ```text
//!  error    the crate's error type
//!  lookup   one article's rows from every table, by article_id with row-group pruning
//!  select   which articles: the first, the first matching a filter, or a seeded sample
//!  markup   quotes, mentions and cues as nested open/close events over the text
//!  show     `whosaid show`: the terminal view          report   `whosaid report`: one HTML file
//! ```
//!
//! Nothing here holds a whole table: aggregates stream ([`whosaid_dataset::stats`]) and
//! articles are read by id. The command line uses this crate; the Python package does not.

pub mod error;
pub mod lookup;
pub mod markup;
pub mod report;
pub mod select;
pub mod show;

use std::path::Path;

pub use error::{Error, Result};
pub use report::ReportOptions;
pub use select::{Filter, Pick};
pub use show::ShowOptions;

/// What `whosaid show` shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShowWhat {
    /// These articles, in this order.
    Articles(Vec<String>),
    /// The article of this quote, around the quote.
    Quote(String),
    /// Picked articles.
    Pick(Filter, Pick),
}

/// Renders `whosaid show` for the dataset in `dir`; also returns how many row groups were read,
/// and of how many.
pub fn show(dir: &Path, what: &ShowWhat, color: bool) -> Result<(String, lookup::ReadStats)> {
    // A folder that is not a dataset fails here, naming it.
    whosaid_dataset::manifest::Manifest::read(dir)?;
    let (ids, quote) = match what {
        ShowWhat::Articles(ids) => (ids.clone(), None),
        ShowWhat::Quote(q) => {
            let article = q
                .rsplit_once(":q")
                .map(|(a, _)| a.to_owned())
                .ok_or_else(|| Error::Usage(format!("{q:?} is not a quote_id (`{{article_id}}:q{{quote_index}}`)")))?;
            (vec![article], Some(q.clone()))
        }
        ShowWhat::Pick(filter, pick) => (select::pick(dir, filter, pick)?, None),
    };
    if ids.is_empty() {
        return Err(Error::Usage(format!("{}: no article matches", dir.display())));
    }
    let (articles, stats) = lookup::load(dir, &ids)?;
    if let (Some(q), Some(a)) = (&quote, articles.first())
        && !a.quotes.iter().any(|x| &x.quote_id == q)
    {
        return Err(Error::UnknownQuote { dir: dir.to_path_buf(), article: a.article_id.clone(), quote: q.clone() });
    }
    let opts = ShowOptions { color, quote };
    let text = articles.iter().map(|a| show::render(a, &opts)).collect::<Vec<_>>().join("\n");
    Ok((text, stats))
}
