//! Stage 7: attribution. Each quote gets a speaker (an entity), the mention and cue that are the
//! evidence, the rule that found them, and a confidence: the rule's measured precision.
//!
//! The rules are units in [`rules`], tried in the order of [`rules::ORDER`]:
//!
//! | rule | pattern |
//! |---|---|
//! | `quoted_as_saying` | `Y quoted X as saying "Q"`, `X was quoted as saying "Q"` → X, never Y |
//! | `split` | `"A," X said, "B."` → B as A |
//! | `cue_after` | `"Q," X said` / `"Q," said X` / `"Q," X, the mayor, said` / `"Q," she told reporters` |
//! | `dash_credit` | `"Q" — X` / `"Q" - a ministry spokesperson` |
//! | `according_to` | `"Q," according to X` / `According to X, "Q"` |
//! | `sentence_final_credit` | `Subject "q," [words], X said.`: a credit closing the sentence, words between |
//! | `cue_before` | `X said: "Q"` / `X said that "q"` / `X, while ..., warned: "Q"` / `X stated ... and said: "Q"` |
//! | `paragraph_continuation` | a later part of a multi-paragraph quote (opened with the same mark) whose earlier part is attributed, when its own sentence credits no one |
//! | `colon_intro` | `X added:` ending the previous sentence or paragraph, then the quote |
//! | `colon_credit` | `X shot back: "Q"`; `And from Governor X:` ending the previous sentence or paragraph; `X: "Q"` opening a paragraph |
//! | `embedded_subject` | `X said during … that the budget was "q"` / `X bemoaned the "q"`: the reporting clause's subject |
//! | `continuation` | a quote-only sentence right after an attributed quote, with no new cue |
//! | `paragraph_continuation` | (again, after all quotes) an attributed part lends its speaker to the other parts |
//! | `sentence_propagation` | (after all quotes) the speaker a cue gave other quotes of a one-speaker sentence |
//! | `nearest` | last resort: the reporting subject of the previous sentence, for a stand-alone quote with no credit |
//!
//! A speaker mention is followed to its entity (pronouns and role nouns were resolved by
//! `entities`); "the statement" speaks for whoever issued the statement. When a pattern finds
//! a mention that cannot be resolved (a pronoun with no antecedent), the later rules are not tried.

pub mod context;
pub mod rules;

use std::cell::OnceCell;
use std::sync::OnceLock;

use crate::lexicon::{Lexicon, RoleKind};
use crate::model::{Attribution, Entity, Layout, Mention, MentionType, Quote, Rule, Sentence};
use crate::text::tokens::ArticleTokens;
use context::Ctx;
use rules::{Found, ORDER};

/// Attributes every quote (None when no rule finds a speaker).
// Each earlier stage's output is passed explicitly: data flows one way, visibly.
#[allow(clippy::too_many_arguments)]
pub fn attribute(
    text: &str,
    layout: &Layout,
    sentences: &[Sentence],
    tokens: &ArticleTokens,
    quotes: &[Quote],
    mentions: &[Mention],
    entities: &[Entity],
    lex: &Lexicon,
) -> Vec<Option<Attribution>> {
    let sents = (0..sentences.len()).map(|_| OnceCell::new()).collect();
    let cx = Ctx { text, sentences, quotes, mentions, entities, lex, tokens, sents };
    let mut out: Vec<Option<Attribution>> = vec![None; quotes.len()];
    for qi in 0..quotes.len() {
        if layout.is_boilerplate(quotes[qi].paragraph) {
            continue;
        }
        if let Some((rule, found)) = ORDER.iter().find_map(|&(rule, sieve)| Some((rule, sieve(&cx, qi, &out)?))) {
            out[qi] = resolve(&cx, rule, found, &out);
        }
    }
    rules::paragraph_continuation::propagate(&cx, &mut out);
    rules::sentence_propagation::propagate(&cx, layout, &mut out);
    rules::nearest::fill(&cx, layout, &mut out);
    out
}

/// The confidence of an attribution by `rule` through a mention of this kind: the rule's
/// measured precision on the development set, from `confidence.tsv` (see docs/EVALUATION.md).
pub fn confidence(rule: Rule, mention: Option<MentionType>) -> f64 {
    static TABLE: OnceLock<Vec<[f64; 3]>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut table = vec![[0.5; 3]; Rule::ALL.len()];
        for line in include_str!("confidence.tsv").lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
            let f: Vec<&str> = line.split('\t').collect();
            let rule = Rule::from_name(f[0]).unwrap_or_else(|| panic!("confidence.tsv: unknown rule {:?}", f[0]));
            let value = |i: usize| {
                f.get(i)
                    .and_then(|v| v.trim().parse().ok())
                    .unwrap_or_else(|| panic!("confidence.tsv: bad line {line:?}"))
            };
            table[rule as usize] = [value(1), value(2), value(3)];
        }
        table
    });
    let row = table[rule as usize];
    match mention {
        None | Some(MentionType::Name) => row[0],
        Some(MentionType::Nominal) => row[1],
        Some(MentionType::Pronoun) => row[2],
    }
}

/// Turns what a rule found into an attribution: a mention is followed to its entity ("the
/// statement" to its issuer); None when it cannot be resolved.
fn resolve(cx: &Ctx, rule: Rule, found: Found, done: &[Option<Attribution>]) -> Option<Attribution> {
    let (m, cue) = match found {
        Found::Mention { mention, cue } => (mention, cue),
        Found::Same(earlier) => {
            let kind = cx.mentions[earlier.mention].kind;
            return Some(Attribution { rule, confidence: confidence(rule, Some(kind)), ..earlier });
        }
    };
    let mention = &cx.mentions[m];
    let entity = match mention.entity {
        Some(e) => e,
        None if mention.kind == MentionType::Nominal && is_statement(cx, mention) => statement_issuer(cx, m, done)?,
        None => return None,
    };
    Some(Attribution { entity, mention: m, cue, rule, confidence: confidence(rule, Some(mention.kind)) })
}

fn is_statement(cx: &Ctx, m: &Mention) -> bool {
    m.head.as_deref().and_then(|h| cx.lex.roles.get(h)).is_some_and(|r| r.kind == RoleKind::Statement)
}

/// "the statement said": the speaker of the latest quote or sentence that mentions a statement.
fn statement_issuer(cx: &Ctx, m: usize, done: &[Option<Attribution>]) -> Option<usize> {
    let s = cx.mentions[m].sentence;
    for a in done.iter().flatten().rev() {
        let ms = cx.mentions[a.mention].sentence;
        if ms + 5 < s {
            break;
        }
        if ms <= s && ms + 5 >= s && cx.sent(ms).lower.iter().any(|w| w == "statement") && a.entity != usize::MAX {
            return Some(a.entity);
        }
    }
    // `X issued a statement saying …`: the statement's own sentence names its issuer first.
    let at = cx.mentions[m].span.start;
    if let Some(subject) =
        cx.mentions_in(s).take_while(|&i| cx.mentions[i].span.end <= at).find(|&i| cx.mentions[i].entity.is_some())
    {
        return cx.mentions[subject].entity;
    }
    for back in 1..=5 {
        let ps = s.checked_sub(back)?;
        if cx.sent(ps).lower.iter().any(|w| w == "statement") {
            let subject = cx.mentions_in(ps).find(|&i| cx.mentions[i].entity.is_some())?;
            return cx.mentions[subject].entity;
        }
    }
    None
}
