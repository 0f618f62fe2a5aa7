//! Quote-mark pairing over the whole article, then placing each quote in its sentence.
use crate::lexicon::Lexicon;
use crate::model::{Layout, Quote, Sentence};

/// A paired quotation before sentence placement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marked;

/// Pairs quote marks over the whole article.
pub fn pair(_text: &str, _layout: &Layout) -> Vec<Marked> {
    Vec::new()
}

/// Assigns sentence index and kind to each paired quotation.
pub fn place(_text: &str, _marks: Vec<Marked>, _sentences: &[Sentence], _lex: &Lexicon) -> Vec<Quote> {
    Vec::new()
}
