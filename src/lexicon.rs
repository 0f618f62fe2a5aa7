//! Word lists (speech verbs, titles, pronouns, abbreviations...) loaded once from `src/lexicon/`.
use std::sync::OnceLock;

/// All lexicons, parsed once per process.
#[derive(Debug, Default)]
pub struct Lexicon {}

impl Lexicon {
    /// The process-wide lexicon.
    pub fn get() -> &'static Lexicon {
        static LEX: OnceLock<Lexicon> = OnceLock::new();
        LEX.get_or_init(Lexicon::default)
    }
}
