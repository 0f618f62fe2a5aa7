//! Person names with titles, pronouns, role nouns and organisations.
use crate::lexicon::Lexicon;
use crate::model::{Layout, Mention, Quote, Sentence};

/// Finds every mention that could be a speaker.
pub fn find(_text: &str, _layout: &Layout, _sentences: &[Sentence], _quotes: &[Quote], _lex: &Lexicon) -> Vec<Mention> {
    Vec::new()
}
