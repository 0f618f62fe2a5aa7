//! `whosaid show` and `whosaid report` on datasets built from invented articles.

use std::path::{Path, PathBuf};

use whosaid_dataset::run::{self, Quiet, RunOptions};
use whosaid_report::{Error, Filter, Pick, ShowWhat, lookup, show};

/// An invented article: a council vote, two named speakers, a pronoun, a partial quote and a
/// quote nobody is credited with.
const ARTICLE: &str = "\
Harbour town council approves sea wall

The council of Port Wenlow voted on Tuesday to build a sea wall along the old harbour.

\"This wall will protect four hundred homes from the winter storms,\" said Mayor Ilse Marrow, who proposed the plan.

Fisherman Tomas Quill was less certain. \"They promised us a wall ten years ago,\" he told reporters. \"We are still waiting.\"

Marrow said the first stones would be laid \"before the autumn tides\".

\"Nobody asked the harbour families.\"
";

/// Builds a dataset from `(file name, text)` pairs in a new temporary folder.
fn build(docs: &[(String, String)], tweak: impl FnOnce(&mut RunOptions)) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).unwrap();
    for (name, text) in docs {
        std::fs::write(input.join(name), text).unwrap();
    }
    let out = tmp.path().join("out");
    let mut opts = RunOptions { inputs: vec![input], out: out.clone(), threads: 1, ..RunOptions::default() };
    tweak(&mut opts);
    run::run(&opts, &Quiet).unwrap();
    (tmp, out)
}

fn harbour() -> (tempfile::TempDir, PathBuf) {
    build(&[("harbour-vote.txt".into(), ARTICLE.into())], |_| {})
}

fn show_plain(dir: &Path, what: ShowWhat) -> String {
    show(dir, &what, false).unwrap().0
}

#[test]
fn plain_text_of_an_invented_article() {
    let (_tmp, out) = harbour();
    let text = show_plain(&out, ShowWhat::Articles(vec!["harbour-vote".into()]));
    assert!(!text.contains('\u{1b}'), "no ANSI escapes without colour");
    // The source is the temporary input path.
    let input = out.parent().unwrap().join("in");
    insta::assert_snapshot!("harbour_vote_plain", text.replace(&input.display().to_string(), "IN"));
}

#[test]
fn the_readme_example_is_what_show_prints() {
    let (_tmp, out) = harbour();
    let text = show_plain(&out, ShowWhat::Articles(vec!["harbour-vote".into()]));
    let input = out.parent().unwrap().join("in");
    let text = text.replace(&input.display().to_string(), "in");
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md")).unwrap();
    let command = "$ whosaid show out harbour-vote --color never\n";
    let start = readme.find(command).expect("the README shows `whosaid show` on harbour-vote") + command.len();
    let shown = &readme[start..start + readme[start..].find("```").unwrap()];
    assert_eq!(shown, text, "update the README's example from this output");
}

#[test]
fn every_quote_is_marked_around_its_text_and_has_evidence() {
    let (_tmp, out) = harbour();
    let (articles, _) = lookup::load(&out, &["harbour-vote".into()]).unwrap();
    let a = &articles[0];
    assert!(!a.quotes.is_empty());
    let text = show_plain(&out, ShowWhat::Articles(vec!["harbour-vote".into()]));
    for q in &a.quotes {
        let marked = format!("⟦q{} ", q.index);
        let at = text.find(&marked).unwrap_or_else(|| panic!("no marker for {}", q.quote_id));
        let inside: String = text[at + marked.len()..].chars().take_while(|&c| c != '⟧').collect();
        // Mention and cue markers may sit inside a quote; the quote's own words are all there.
        let words = |s: &str| {
            s.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_owned).collect::<Vec<_>>()
        };
        let inside = words(&inside)
            .into_iter()
            .filter(|w| !(w.starts_with('s') && w[1..].parse::<u32>().is_ok()))
            .collect::<Vec<_>>();
        assert_eq!(inside, words(&q.text), "{}", q.quote_id);
        assert!(text.contains(&format!("↳ q{}  ", q.index)), "evidence line of {}", q.quote_id);
    }
}

#[test]
fn colour_goes_only_where_asked() {
    let (_tmp, out) = harbour();
    let what = ShowWhat::Articles(vec!["harbour-vote".into()]);
    let coloured = show(&out, &what, true).unwrap().0;
    assert!(coloured.contains("\u{1b}["));
    // Without the escapes, the coloured text is the plain text.
    let mut stripped = String::new();
    let mut rest = coloured.as_str();
    while let Some(i) = rest.find('\u{1b}') {
        stripped.push_str(&rest[..i]);
        let end = rest[i..].find('m').expect("an SGR sequence ends with m");
        rest = &rest[i + end + 1..];
    }
    stripped.push_str(rest);
    assert_eq!(stripped, show_plain(&out, what));
}

#[test]
fn quote_option_shows_one_quote_and_its_evidence_only() {
    let (_tmp, out) = harbour();
    let (articles, _) = lookup::load(&out, &["harbour-vote".into()]).unwrap();
    let q = articles[0].quotes.last().unwrap();
    let text = show_plain(&out, ShowWhat::Quote(q.quote_id.clone()));
    assert!(text.contains(&format!("⟦q{} ", q.index)));
    assert_eq!(text.matches("↳ q").count(), 1, "{text}");
    assert!(text.contains(&format!("↳ q{}  ", q.index)));
    let full = show_plain(&out, ShowWhat::Articles(vec!["harbour-vote".into()]));
    assert!(text.lines().count() < full.lines().count());
}

#[test]
fn first_article_and_filters() {
    let (_tmp, out) = harbour();
    let first = show_plain(&out, ShowWhat::Pick(Filter::default(), Pick::First));
    assert!(first.starts_with("── article harbour-vote "));
    let nobody = Filter { speaker: Some("no such speaker".into()), ..Filter::default() };
    let err = show(&out, &ShowWhat::Pick(nobody, Pick::First), false).unwrap_err();
    assert!(err.to_string().contains("no article matches"), "{err}");
    let marrow = Filter { speaker: Some("MARROW".into()), ..Filter::default() };
    assert_eq!(show_plain(&out, ShowWhat::Pick(marrow, Pick::First)), first);
}

#[test]
fn clear_errors_for_an_unknown_article_or_quote_and_a_folder_that_is_not_a_dataset() {
    let (tmp, out) = harbour();
    let err =
        show(&out, &ShowWhat::Articles(vec!["harbour-vote".into(), "no-such-article".into()]), false).unwrap_err();
    assert!(matches!(err, Error::UnknownArticles { .. }));
    let msg = err.to_string();
    assert!(msg.contains("\"no-such-article\"") && msg.contains(&out.display().to_string()), "{msg}");
    assert!(msg.contains("1 articles"), "{msg}");

    let err = show(&out, &ShowWhat::Quote("harbour-vote:q99".into()), false).unwrap_err();
    assert!(err.to_string().contains("has no quote \"harbour-vote:q99\""), "{err}");
    let err = show(&out, &ShowWhat::Quote("harbour-vote".into()), false).unwrap_err();
    assert!(err.to_string().contains("is not a quote_id"), "{err}");

    let not_a_dataset = tmp.path().join("in");
    let err = show(&not_a_dataset, &ShowWhat::Pick(Filter::default(), Pick::First), false).unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("not a whosaid dataset") && msg.contains(&not_a_dataset.display().to_string()), "{msg}");
}

/// Many small articles, many parts (one row group each): a lookup reads one row group per
/// table that holds the article, not the table.
#[test]
fn lookup_reads_only_the_row_groups_that_can_hold_the_article() {
    let docs: Vec<(String, String)> = (0..60)
        .map(|i| {
            let name = format!("a-{i:03}.txt");
            let text = format!(
                "Item {i}\n\n\"We count {i} boats today,\" said harbour master Ona Vell.\n\nShe added: \"Tomorrow we count again.\"\n"
            );
            (name, text)
        })
        .collect();
    let (_tmp, out) = build(&docs, |o| {
        o.batch_articles = 2;
        o.part_max_bytes = 1;
    });
    let parts = std::fs::read_dir(out.join("articles")).unwrap().count();
    assert!(parts >= 30, "{parts} parts");
    let (text, read) = show(&out, &ShowWhat::Articles(vec!["a-031".into()]), false).unwrap();
    assert!(text.contains("We count 31 boats today"));
    for (table, p) in &read.tables {
        assert!(p.row_groups >= 30, "{table}: {p:?}");
        assert!(p.row_groups_read <= 1, "{table}: {p:?}");
    }
    // A sample is the same for the same seed, different for another, and in table order.
    let sample = |seed| whosaid_report::select::pick(&out, &Filter::default(), &Pick::Sample { n: 5, seed }).unwrap();
    assert_eq!(sample(7), sample(7));
    assert_ne!(sample(7), sample(8));
    let s = sample(7);
    assert!(s.windows(2).all(|w| w[0] < w[1]), "{s:?}");
}

#[test]
fn report_is_deterministic_and_self_contained() {
    let (_tmp, out) = harbour();
    let opts = whosaid_report::ReportOptions::default();
    let html = whosaid_report::report::render(&out, &opts).unwrap();
    assert_eq!(html, whosaid_report::report::render(&out, &opts).unwrap());
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("default-src 'none'"));
    for forbidden in ["http://", "https://", "<link", "src="] {
        let outside_svg_ns = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
        assert!(!outside_svg_ns.contains(forbidden), "{forbidden}");
    }
    assert!(html.contains("data-article-id=\"harbour-vote\""));
    assert!(html.matches("<svg ").count() >= 6);
}
