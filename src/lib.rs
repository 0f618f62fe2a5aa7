//! whosaid: news articles in, a dataset of direct quotations out.
//!
//! The pipeline flows one way through plain structs (see [`model`]):
//!
//! ```text
//! input ─► layout ─► quotes (pairing) ─► segment ─► mentions ─► entities ─► attribution ─► output
//! ```
//!
//! Only [`input`] and [`output`] touch the file system. [`analyze`] runs the text stages on one
//! article; [`run`] drives a whole corpus in bounded, parallel, order-preserving batches.
//! See [`tutorial`] for a guided tour.

pub mod attribution;
pub mod entities;
pub mod error;
pub mod eval;
pub mod input;
pub mod layout;
pub mod lexicon;
pub mod mentions;
pub mod model;
pub mod output;
pub mod quotes;
pub mod run;
pub mod segment;
pub mod tutorial;
pub mod validate;

pub use error::{Error, ErrorKind, Result};
pub use model::{Analysis, Article};

/// Version of the table schemas in `schema/` (also written to every Parquet footer).
pub const SCHEMA_VERSION: u32 = 1;
/// Tool version, from Cargo.toml.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Runs every text stage on one article. Pure: same article, same analysis.
/// An article without quotations stops after sentence splitting: nothing else would be written.
pub fn analyze(article: Article) -> Analysis {
    run_stages(article, false)
}

/// Like [`analyze`], but finds mentions and entities even when there is no quotation, and
/// names every entity, not only those that speak (for inspecting the mention and entity stages).
pub fn analyze_all(article: Article) -> Analysis {
    run_stages(article, true)
}

fn run_stages(article: Article, always: bool) -> Analysis {
    let lex = lexicon::Lexicon::get();
    let text = article.text.as_str();
    let layout = layout::analyze(text, lex);
    let marks = quotes::pair(text, &layout);
    let sentences = segment::split(text, &layout, &marks, lex);
    let quotes = quotes::place(text, marks, &sentences, lex);
    if quotes.is_empty() && !always {
        // No quotation, no speaker: the later stages would find nothing to write.
        return Analysis { article, layout, sentences, ..Default::default() };
    }
    let tokens = segment::ArticleTokens::new(text, &sentences, lex);
    let mentions = mentions::find(text, &layout, &sentences, &tokens, &quotes, lex);
    let (mentions, mut entities) = entities::resolve(text, mentions, &tokens, lex);
    let attributions = attribution::attribute(text, &layout, &sentences, &tokens, &quotes, &mentions, &entities, lex);
    // Names, keys and aliases only for what is written: the entities that speak.
    let speaks = model::speaks(entities.len(), &attributions);
    for (e, _) in entities.iter_mut().zip(speaks).filter(|&(_, s)| s || always) {
        entities::describe(text, &mentions, e);
    }
    Analysis { article, layout, sentences, quotes, mentions, entities, attributions }
}
