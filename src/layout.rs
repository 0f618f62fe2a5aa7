//! Paragraphs, header lines (date, dateline, title) and the boilerplate tail.
use crate::lexicon::Lexicon;
use crate::model::Layout;

/// Finds paragraphs and header/footer structure.
pub fn analyze(_text: &str, _lex: &Lexicon) -> Layout {
    Layout::default()
}
