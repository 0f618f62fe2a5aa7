//! Boilerplate is a property of one paragraph: invented articles with link lines, promos,
//! captions, credits and bylines inserted anywhere keep every quotation of their body, each with
//! its speaker, and no mention is ever found in a boilerplate paragraph.
//!
//! An article with quotation marks in its body and no quote in the output is a bug: this is the
//! property that says so.

use proptest::prelude::*;
use proptest::test_runner::Config;
use whosaid_core::analyze_all;
use whosaid_core::model::Article;

/// Body paragraphs: (text, the quote, its speaker).
const BODY: [(&str, &str, &str); 5] = [
    (
        r#"Mayor Ana Ruiz opened the meeting on Tuesday. "This harbour will feed the town again," Ruiz said."#,
        "This harbour will feed the town again,",
        "Ana Ruiz",
    ),
    (r#""We have heard this promise before," said fisher Tom Berg."#, "We have heard this promise before,", "Tom Berg"),
    (r#"Councillor Ida Lund was blunt: "The budget does not add up.""#, "The budget does not add up.", "Ida Lund"),
    (
        r#""Boats will be back by June," harbour master Kofi Mensah told reporters."#,
        "Boats will be back by June,",
        "Kofi Mensah",
    ),
    (
        r#"Nurse Grace Owusu said the clinic would stay open. "Nobody will be turned away," she added."#,
        "Nobody will be turned away,",
        "Grace Owusu",
    ),
];

/// Boilerplate that may stand anywhere, between any two body paragraphs.
const ANYWHERE: [&str; 12] = [
    "READ MORE: Harbour dredging to start in spring",
    "Story continues below advertisement",
    "Article Continued Below",
    "WATCH: Ferry crews rescue stranded hikers",
    "The mayor at the harbour on Monday. (Jane Roe/The Daily Courier)",
    "Photo: Sam Li/Daily Courier",
    "Follow her on Twitter @janeroe",
    "Sign up for our morning newsletter",
    "Related:\n\nTown budget passes\n\nFishers protest new quota",
    "Advertisement",
    "By Jane Roe and Sam Li, The Daily Courier",
    "https://courier.example/harbour-plan",
];

/// Boilerplate that only ends an article.
const TAIL: [&str; 3] = [
    "Jane Roe is a reporter for the Daily Courier who covers the harbour.",
    "Reporting by Sam Li; editing by Jane Roe",
    "Daily Courier Wire",
];

fn article() -> impl Strategy<Value = (String, Vec<usize>)> {
    let body = prop::sample::subsequence((0..BODY.len()).collect::<Vec<_>>(), 1..=BODY.len());
    // Before each body paragraph and after the last: no boilerplate, or one line of it.
    let gaps = prop::collection::vec(prop::option::of(prop::sample::select(&ANYWHERE[..])), BODY.len() + 1);
    let tail = prop::option::of(prop::sample::select(&TAIL[..]));
    (body, gaps, tail).prop_map(|(body, gaps, tail)| {
        let mut parts: Vec<&str> = vec!["Harbour plan wins council vote"];
        for (n, &b) in body.iter().enumerate() {
            parts.extend(gaps[n]);
            parts.push(BODY[b].0);
        }
        parts.extend(gaps[body.len()]);
        parts.extend(tail);
        (parts.join("\n\n"), body)
    })
}

proptest! {
    #![proptest_config(Config { cases: 256, failure_persistence: None, ..Config::default() })]

    #[test]
    fn boilerplate_anywhere_loses_no_quote((text, body) in article()) {
        let a = analyze_all(Article { id: "t".into(), source: "t".into(), text: text.clone(), ..Default::default() });
        let t = a.article.text.as_str();
        let found: Vec<&str> = a.quotes.iter().map(|q| q.span.of(t)).collect();
        let wanted: Vec<&str> = body.iter().map(|&b| BODY[b].1).collect();
        prop_assert_eq!(&found, &wanted, "in {}", text);
        for (q, &b) in a.attributions.iter().zip(&body) {
            let speaker = q.as_ref().map(|at| a.entities[at.entity].name.as_str());
            prop_assert_eq!(speaker, Some(BODY[b].2), "in {}", text);
        }
        // No boilerplate paragraph holds a mention.
        for m in &a.mentions {
            let p = a.sentences[m.sentence].paragraph;
            prop_assert!(a.layout.boilerplate.binary_search(&p).is_err(), "{:?} in {}", m.span.of(t), text);
        }
        // Every boilerplate line is boilerplate, and no body paragraph is.
        for (i, p) in a.layout.paragraphs.iter().enumerate() {
            let is_body = BODY.iter().any(|b| b.0 == p.of(t));
            let title = i == 0;
            prop_assert!(title || is_body != a.layout.boilerplate.contains(&i), "{:?} in {}", p.of(t), text);
        }
    }
}
