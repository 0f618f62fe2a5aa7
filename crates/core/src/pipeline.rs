//! The stages in order, on one article: the only place they are called together.
//!
//! ```text
//! layout ─► marks ─► sentences ─► quotes ─► tokens ─► mentions ─► entities ─► attribution
//! ```

use crate::lexicon::Lexicon;
use crate::model::{self, Analysis, Article};
use crate::text::tokens::ArticleTokens;
use crate::{attribution, entities, layout, marks, mentions, quotes, sentences};

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
    let lex = Lexicon::get();
    let text = article.text.as_str();
    let layout = layout::analyze(text, lex);
    let marks = marks::pair(text, &layout);
    let sentences = sentences::split(text, &layout, &marks, lex);
    let quotes = quotes::place(text, marks, &sentences, lex);
    if quotes.is_empty() && !always {
        // No quotation, no speaker: the later stages would find nothing to write.
        return Analysis { article, layout, sentences, ..Default::default() };
    }
    let tokens = ArticleTokens::new(text, &sentences, lex);
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
