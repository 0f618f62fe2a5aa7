//! A guided tour of whosaid (documentation only).
//!
//! # From the command line
//!
//! ```text
//! whosaid build corpus.jsonl.gz --out out     # any mix of folders, JSONL(.gz/.zst/.bz2), Parquet, -
//! whosaid validate out                        # checksums, schemas, keys, every span
//! whosaid eval --gold gold.jsonl out          # quote P/R/F1, speaker accuracy, end-to-end F1
//! ```
//!
//! The output folder holds five Parquet tables (`articles`, `sentences`, `quotes`, `speakers`,
//! `mentions`; their columns are in `schema/*.json`), `manifest.json`, `SHA256SUMS`, a Hugging
//! Face dataset card and `croissant.json`.
//!
//! # From Rust
//!
//! [`whosaid_core::analyze`] runs every text stage on one article and returns plain data.
//! Offsets in the [`whosaid_core::model`] structs are byte offsets into the article text,
//! exactly as read:
//!
//! ```
//! use whosaid_core::model::Article;
//!
//! let text = "Mayor Lena Fischer opened the bridge on Monday.\n\
//!             \"It took us ten years,\" she said. \"It was worth every day.\"";
//! let a = whosaid_core::analyze(Article { id: "demo".into(), text: text.into(), ..Default::default() });
//!
//! let found: Vec<(&str, Option<&str>, Option<&str>)> = a
//!     .quotes
//!     .iter()
//!     .zip(&a.attributions)
//!     .map(|(q, at)| {
//!         let speaker = at.as_ref().map(|at| a.entities[at.entity].name.as_str());
//!         (q.span.of(text), speaker, at.as_ref().map(|at| at.rule.as_str()))
//!     })
//!     .collect();
//! assert_eq!(found, [
//!     ("It took us ten years,", Some("Lena Fischer"), Some("cue_after")),
//!     ("It was worth every day.", Some("Lena Fischer"), Some("continuation")),
//! ]);
//! // The pronoun "she" was resolved to the mayor, whose title was stripped from her name.
//! let fischer = &a.entities[a.attributions[0].as_ref().unwrap().entity];
//! assert_eq!(fischer.title.as_deref(), Some("Mayor"));
//! ```
//!
//! # The stages
//!
//! Data flows one way; each stage of [`whosaid_core`] is a pure function of what the earlier
//! ones produced, and [`whosaid_core::pipeline`] calls them in order:
//!
//! 1. `layout`: paragraphs; a leading `date YYYY-MM-DD`, a dateline (`OSLO -`), a title line;
//!    boilerplate paragraphs ("Read more", credits).
//! 2. `marks`: the quote-mark state machine over the whole article.
//! 3. `sentences`: abbreviation-aware, never inside a quotation.
//! 4. `quotes`: each quote's sentence and kind; titles, nicknames and scare quotes dropped.
//! 5. `mentions`: names with titles and appositions, pronouns, role nouns, organisations.
//! 6. `entities`: one entity per person or organisation; role nouns and pronouns resolved.
//! 7. `attribution`: the ordered rules, each recorded in `quotes.rule`.
//!
//! [`crate::run`] streams a corpus through them in bounded batches on all cores, and
//! [`crate::output`] writes the tables. Word lists live in `crates/core/lexicon/` as data
//! files; extend them rather than adding words to code.
