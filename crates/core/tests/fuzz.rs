//! Property and robustness tests: `analyze` never panics and every span it returns is sound,
//! whatever the input (quote-mark soup, CRLF, stray guillemets, huge paragraphs).
//!
//! These check invariants only, so they already pass on the stub pipeline; they are the safety
//! net for the real one. Failing inputs are printed by proptest (no regression files are written).

mod common;

use proptest::prelude::*;
use proptest::test_runner::Config;
use whosaid_core::analyze;
use whosaid_core::lexicon::{Lexicon, RoleKind};
use whosaid_core::model::{Analysis, Article, MentionType, Span};

/// Generated articles per property (kept so the whole file runs in well under 30 s in debug).
const CASES: u32 = 2000;

fn config() -> Config {
    Config { cases: CASES, failure_persistence: None, ..Config::default() }
}

fn art(text: &str) -> Article {
    Article { id: "fuzz".into(), source: "fuzz".into(), text: text.into(), ..Default::default() }
}

fn on_boundaries(text: &str, s: Span) -> bool {
    s.start <= s.end && s.end <= text.len() && text.is_char_boundary(s.start) && text.is_char_boundary(s.end)
}

fn is_trimmed(s: &str) -> bool {
    s.trim() == s
}

/// Every structural invariant of an analysis. Panics with a description on the first violation.
fn check_invariants(a: &Analysis) {
    let text = a.article.text.as_str();
    let span_ok = |what: &str, s: Span| {
        assert!(
            on_boundaries(text, s),
            "{what} span {s} is out of range or not on char boundaries (len {})",
            text.len()
        );
    };
    let nonempty = |what: &str, s: Span| {
        span_ok(what, s);
        assert!(!s.is_empty() && !s.of(text).is_empty(), "{what} span {s} is empty");
    };

    // layout
    let paras = &a.layout.paragraphs;
    for (i, p) in paras.iter().enumerate() {
        nonempty("paragraph", *p);
        assert!(is_trimmed(p.of(text)), "paragraph {i} {:?} is not trimmed", p.of(text));
        if i > 0 {
            assert!(paras[i - 1].end <= p.start, "paragraphs {} and {i} overlap or are out of order", i - 1);
        }
    }
    for s in [a.layout.title, a.layout.dateline].into_iter().flatten() {
        nonempty("layout header", s);
    }
    for &b in &a.layout.boilerplate {
        assert!(b < paras.len(), "boilerplate paragraph {b} out of range");
    }

    // sentences
    for (i, s) in a.sentences.iter().enumerate() {
        nonempty("sentence", s.span);
        assert!(is_trimmed(s.span.of(text)), "sentence {i} {:?} is not trimmed", s.span.of(text));
        assert!(
            s.paragraph < paras.len(),
            "sentence {i} paragraph {} out of range ({} paragraphs)",
            s.paragraph,
            paras.len()
        );
        assert!(paras[s.paragraph].contains(s.span), "sentence {i} is not inside its paragraph {}", s.paragraph);
        if i > 0 {
            let prev = &a.sentences[i - 1];
            assert!(prev.span.end <= s.span.start, "sentences {} and {i} overlap or are out of order", i - 1);
            assert!(prev.paragraph <= s.paragraph, "sentence paragraphs go backwards at {i}");
        }
    }

    // quotes
    for (i, q) in a.quotes.iter().enumerate() {
        nonempty("quote", q.span);
        nonempty("quote open mark", q.open);
        let body = q.span.of(text);
        assert!(is_trimmed(body), "quote {i} {body:?} is not trimmed");
        assert!(q.open.end <= q.span.start, "quote {i}: open mark after content");
        assert!(
            text[q.open.end..q.span.start].trim().is_empty(),
            "quote {i}: non-space text between open mark and content"
        );
        let mut extent = Span::new(q.open.start, q.span.end);
        if let Some(c) = q.close {
            nonempty("quote close mark", c);
            assert!(q.span.end <= c.start, "quote {i}: close mark before content end");
            assert!(
                text[q.span.end..c.start].trim().is_empty(),
                "quote {i}: non-space text between content and close mark"
            );
            extent.end = c.end;
        }
        assert!(q.paragraph < paras.len(), "quote {i} paragraph {} out of range", q.paragraph);
        assert!(paras[q.paragraph].contains(extent), "quote {i} (with its marks) is not inside its paragraph");
        assert!(q.sentence < a.sentences.len(), "quote {i} sentence {} out of range", q.sentence);
        let s = a.sentences[q.sentence].span;
        assert!(
            s.start <= q.span.start && q.span.start < s.end,
            "quote {i} does not start inside its sentence {}",
            q.sentence
        );
        if let Some(j) = q.continues {
            assert!(j < i, "quote {i} continues a later quote {j}");
            assert!(
                a.quotes[j].paragraph < q.paragraph,
                "quote {i} continues quote {j} of the same or a later paragraph"
            );
            assert!(a.quotes[j].close.is_none(), "quote {i} continues quote {j}, which was closed");
        }
        if i > 0 {
            let p = &a.quotes[i - 1];
            let prev_end = p.close.map_or(p.span.end, |c| c.end);
            assert!(prev_end <= q.open.start, "quotes {} and {i} overlap or are out of order", i - 1);
        }
    }

    // mentions
    for (i, m) in a.mentions.iter().enumerate() {
        nonempty("mention", m.span);
        if let Some(n) = m.name {
            nonempty("mention name", n);
            assert!(m.span.contains(n), "mention {i}: name span outside the mention");
        }
        assert!(m.sentence < a.sentences.len(), "mention {i} sentence out of range");
        if let Some(e) = m.entity {
            assert!(e < a.entities.len(), "mention {i} entity {e} out of range");
            assert!(a.entities[e].mentions.contains(&i), "mention {i} -> entity {e}, but the entity does not list it");
        }
        if a.quotes.iter().any(|q| q.span.contains(m.span)) {
            assert!(m.in_quote, "mention {i} {:?} lies inside a quote but in_quote is false", m.span.of(text));
        }
    }

    // entities
    // `analyze` names the entities that speak (the only ones written).
    let speaking = a.speaking_entities();
    for (e, ent) in a.entities.iter().enumerate() {
        assert!(ent.mentions.contains(&ent.best), "entity {e}: best mention {} is not its own", ent.best);
        if speaking.contains(&e) {
            assert!(!ent.name.trim().is_empty(), "entity {e} has an empty name");
            assert!(is_trimmed(&ent.name), "entity {e} name {:?} not trimmed", ent.name);
            assert!(!ent.aliases.is_empty(), "speaking entity {e} has no aliases");
        }
        for w in ent.mentions.windows(2) {
            assert!(w[0] < w[1], "entity {e} mentions not sorted/unique");
        }
        for &m in &ent.mentions {
            assert!(m < a.mentions.len(), "entity {e} mention {m} out of range");
            assert_eq!(a.mentions[m].entity, Some(e), "entity {e} lists mention {m}, which points elsewhere");
        }
    }

    // attributions
    assert_eq!(a.attributions.len(), a.quotes.len(), "attributions must be parallel to quotes");
    for (i, at) in a.attributions.iter().enumerate() {
        let Some(at) = at else { continue };
        assert!(at.entity < a.entities.len(), "quote {i}: entity {} out of range", at.entity);
        assert!(at.mention < a.mentions.len(), "quote {i}: mention {} out of range", at.mention);
        let m = &a.mentions[at.mention];
        // "the statement added" speaks for its issuer: the mention itself has no entity.
        let statement = m.entity.is_none()
            && m.kind == MentionType::Nominal
            && m.head
                .as_deref()
                .and_then(|h| Lexicon::get().roles.get(h))
                .is_some_and(|r| r.kind == RoleKind::Statement);
        if !statement {
            assert_eq!(m.entity, Some(at.entity), "quote {i}: attributed mention belongs to another entity");
        }
        assert!(!m.span.overlaps(a.quotes[i].span), "quote {i}: speaker mention lies inside the quote itself");
        assert!(
            at.confidence.is_finite() && (0.0..=1.0).contains(&at.confidence),
            "quote {i}: confidence {}",
            at.confidence
        );
        if let Some(c) = &at.cue {
            nonempty("cue", c.span);
            assert!(!c.lemma.is_empty(), "quote {i}: empty cue lemma");
            assert!(!c.span.overlaps(a.quotes[i].span), "quote {i}: cue lies inside the quote itself");
        }
    }
    let _ = a.speaking_entities();
}

/// Analyses `text`, checks every invariant and determinism.
fn check_text(text: &str) {
    let a = analyze(art(text));
    assert_eq!(a.article.text, text, "the article text must be kept exactly as read");
    check_invariants(&a);
    let b = analyze(art(text));
    assert!(a == b, "analyze is not deterministic");
}

const TOKENS: &[&str] = &[
    "\"",
    "\"",
    "\"",
    "'",
    "'",
    "“",
    "”",
    "‘",
    "’",
    "«",
    "»",
    "„",
    "‹",
    "›",
    "\"",
    "“",
    "”",
    " ",
    " ",
    " ",
    " ",
    " ",
    " ",
    "\n",
    "\n\n",
    "\r\n",
    "\r\n\r\n",
    "\t",
    "\u{a0}",
    ".",
    ".",
    ",",
    ",",
    ":",
    "?",
    "!",
    ";",
    "—",
    "-",
    "said",
    "said",
    "says",
    "told",
    "added",
    "warned",
    "asked",
    "according to",
    "quoted",
    "as saying",
    "said that",
    "he",
    "she",
    "they",
    "it",
    "I",
    "we",
    "He",
    "She",
    "They",
    "the minister",
    "the mayor",
    "the company",
    "the two sides",
    "the statement",
    "Mr.",
    "Mrs.",
    "Ms.",
    "Dr.",
    "Gen.",
    "Lt.",
    "Brig.",
    "U.S.",
    "p.m.",
    "Jan.",
    "No.",
    "Inc.",
    "Maria",
    "Santos",
    "Priya Raman",
    "Li Wei",
    "O'Connell",
    "O’Connell",
    "Kwame",
    "Mensah",
    "José",
    "García",
    "Reuters",
    "the",
    "a",
    "of",
    "and",
    "We",
    "It",
    "The",
    "There",
    "word",
    "words",
    "é",
    "ü",
    "ß",
    "中",
    "🙂",
    "3.5",
    "'90s",
    "don't",
    "don’t",
    "country's",
    "players'",
    "rock 'n' roll",
    "x",
    "Z",
    "A.",
    "J. R.",
];

const CHARS: &[char] = &[
    '"', '\'', '“', '”', '‘', '’', '«', '»', '„', '‹', '›', ' ', ' ', ' ', '\n', '\r', '.', ',', ':', '?', '!', 'a',
    'e', 's', 'B', 'H', 'S', 'é', 'ñ', '中', '\u{200b}', '\u{a0}', '0',
];

const NAMES: &[&str] = &[
    "Priya Raman",
    "Jean-Luc Moreau",
    "Siobhan O'Connell",
    "Kwame Mensah",
    "María José García",
    "Li Wei",
    "Police Chief Maria Santos",
    "Dr. Chidi Okafor",
    "the minister",
    "she",
    "he",
    "they",
    "Acme Corp.",
    "the two sides",
    "Santos",
];
const VERBS: &[&str] =
    &["said", "told reporters", "added", "warned", "said in a statement", "was quoted as saying", ""];
const MARKS: &[(&str, &str)] = &[
    ("\"", "\""),
    ("“", "”"),
    ("'", "'"),
    ("‘", "’"),
    ("«", "»"),
    ("»", "«"),
    ("„", "“"),
    ("‹", "›"),
    ("“", "\""),
    ("\"", ""),
    ("", "”"),
    ("", ""),
];
const CONTENT: &[&str] = &[
    "We will win",
    "It is over. We lost",
    "Why now?",
    "Today the \"warriors fight",
    "the players' union said no",
    "I don't know",
    "",
    " ",
    "Q",
    "We're ready, and it's 'done'",
    "Stop!",
    "a \"nested ‘one’\" here",
];
const GLUE: &[&str] = &[" ", ", ", ": ", ".", ". ", "\n\n", "\n", "\r\n\r\n", ", according to ", " "];

/// Sentences assembled from quotes, speakers and cues, with random (possibly mismatched) marks.
fn newsy() -> impl Strategy<Value = String> {
    let piece = (
        prop::sample::select(MARKS),
        prop::sample::select(CONTENT),
        prop::sample::select(GLUE),
        prop::sample::select(NAMES),
        prop::sample::select(VERBS),
        prop::sample::select(GLUE),
        any::<bool>(),
    )
        .prop_map(|((o, c), content, g1, name, verb, g2, before)| {
            if before {
                format!("{name} {verb}{g1}{o}{content}{c}{g2}")
            } else {
                format!("{o}{content}{c}{g1}{name} {verb}{g2}")
            }
        });
    prop::collection::vec(piece, 0..12).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn token_soup_never_breaks_invariants(parts in prop::collection::vec(prop::sample::select(TOKENS), 0..120)) {
        check_text(&parts.concat());
    }

    #[test]
    fn char_soup_never_breaks_invariants(chars in prop::collection::vec(prop::sample::select(CHARS), 0..200)) {
        check_text(&chars.into_iter().collect::<String>());
    }

    #[test]
    fn newsy_sentences_never_break_invariants(text in newsy()) {
        check_text(&text);
    }

    #[test]
    fn arbitrary_unicode_never_breaks_invariants(text in "\\PC{0,120}") {
        check_text(&text);
    }
}

// ---- named crashers and extremes ----

#[test]
fn crasher_two_one_word_quote_paragraphs() {
    check_text("\"Bob.\"\n\n\"What.\"");
}

#[test]
fn crasher_statement_credited_to_its_issuer() {
    // Found by `newsy`: "in a statement ... the minister : Q" credits the statement's issuer
    // through the statement mention, which belongs to no entity itself.
    check_text(
        "\"We will win\" Priya Raman said in a statement \"We will win\" Acme Corp. said in a statement the minister : \"We will win\" ",
    );
}

#[test]
fn crasher_quoted_before_and_as_saying_after_a_quote() {
    // Found by `token_soup`: `quoted` before a quote and `as saying` after it made one cue
    // spanning the quote.
    check_text("Mr.No.quoted\"said\u{201d}Jan.as saying\"");
}

#[test]
fn crasher_empty_quote_then_equals() {
    check_text("\"\"=");
}

#[test]
fn crasher_odd_number_of_marks() {
    check_text("He said \"one \"two \"three, and then \"four.\n\n\"Five,\" she said. \"");
}

#[test]
fn crasher_lone_guillemet_bullets() {
    check_text(
        "Markets closed higher on Friday.\n\n» Read more: shares rally\n\n»Another item\n\n\"We are pleased,\" the chairman said.\n\n»",
    );
}

#[test]
fn crasher_only_quote_marks() {
    check_text("\"\"\"\"\"“”‘’«»„‹›''’’”“");
    check_text("“");
    check_text("\"");
    check_text("'");
    check_text("» «");
}

#[test]
fn crasher_empty_and_blank_text() {
    check_text("");
    check_text(" ");
    check_text("\n\n\n");
    check_text("\r\n\r\n");
    check_text("\u{a0}\t \n");
}

#[test]
fn crasher_marks_at_every_edge() {
    for t in [
        "\"a",
        "a\"",
        "“a”",
        "“ ”",
        "\" \"",
        "' '",
        "he said:",
        "he said: \"",
        "\"Q,\" said",
        "\"Q,\" said Mr.",
        "Mr.",
        "U.S.",
        ".",
        "“\n\n”",
        "\"\n\n\"\n\n\"",
        "She said: “We tried.\n\n“We failed.\n\n“We go on.”",
    ] {
        check_text(t);
    }
}

#[test]
fn crasher_deep_nesting() {
    let mut t = String::new();
    for _ in 0..500 {
        t.push_str("“‘«\"");
    }
    t.push_str("deep");
    for _ in 0..500 {
        t.push_str("\"»’”");
    }
    t.push_str(" she said.");
    check_text(&t);
}

#[test]
fn crasher_many_straight_marks() {
    check_text(&"\"".repeat(100_000));
    check_text(&"\" a".repeat(50_000));
}

#[test]
fn huge_single_paragraph() {
    let sentence = "\"We will keep the clinic open,\" said Dr. Priya Raman, the director. She added that the U.S. grant of 3.5 million \"will not last\" and \u{201c}costs rise\u{201d} every year. ";
    let mut t = String::with_capacity(1_100_000);
    while t.len() < 1_000_000 {
        t.push_str(sentence);
    }
    let a = analyze(art(&t));
    check_invariants(&a);
}

#[test]
fn huge_unclosed_quote() {
    let mut t = String::from("He said: \"");
    while t.len() < 1_000_000 {
        t.push_str("and the words go on and on without end ");
    }
    check_text(&t);
}

#[test]
fn many_paragraphs_of_quotes() {
    let mut t = String::new();
    for i in 0..5000 {
        t.push_str(&format!("\u{201c}Part {i} of the speech goes on.\n\n"));
    }
    t.push_str("\u{201c}The end,\u{201d} said Kwame Mensah.");
    check_text(&t);
}

#[test]
fn quotes_of_helper_runs_on_empty() {
    // The shared helper itself must cope with an empty article.
    assert!(common::quotes_of("").is_empty());
}

// ---- inputs that proptest found crashing the pipeline (kept as regressions) ----

#[test]
fn found_curly_opener_after_question_in_quote() {
    check_text("Priya Raman said \"Why now?\" “We will win” Priya Raman said \"We will win\" Priya Raman said\n\n");
}

#[test]
fn found_mark_soup_after_period() {
    check_text("“.\" \"a“a\n““„«„");
}
