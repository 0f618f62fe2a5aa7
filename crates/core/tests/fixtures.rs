//! The invented cases of `tests/fixtures/`: each attribution rule's own file in `rules/`
//! (`rules/cue_after.txt`, …), the speaker-resolution cases in `speakers/` and the speaker
//! phrases (what a person's mention takes in) in `mentions/`.
//!
//! A fixture file is a list of cases:
//!
//! ```text
//! # What the file is about (comment lines start with `#`).
//! ## case_name
//! The article text, one or more lines.
//! >> "quote text" => "Speaker Name" @cue_after [full] cue=say
//! >> "another quote" => nobody
//! ```
//!
//! Each `>>` line is one quote the pipeline must find, in text order, and no other quote may be
//! found. After the quote (a JSON string: the content between the marks, outer spaces trimmed)
//! come the checks, all optional:
//! - `=> "Name"`: the speaker's canonical name (case-insensitive, a leading "the" dropped);
//!   `=> nobody`: the quote stays unattributed;
//! - `@rule`: the rule that attributed it; `[full]` / `[partial]`: its kind; `cue=lemma`;
//!   `conf<0.5`: a low confidence;
//! - `via="text"`: the mention that carries the attribution; `type=person|organization|group|anonymous`
//!   and `gender=male|female|none`: the speaker's; `title="…"`: text the speaker's title contains;
//!   `alias="…"`: one of the speaker's aliases.
//!
//! Every file also has a snapshot of everything found for each of its quotes
//! (`snapshots/fixtures__<dir>__<file>.snap`), so a change in any field shows in review.
//! Every rule of [`Rule::ALL`] must have its file, with at least one case that expects it.

#[macro_use]
mod common;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use common::{dump, norm_name, run};
use whosaid_core::model::{Analysis, Rule};

/// One quote's checks.
#[derive(Debug, Default)]
struct Expect {
    quote: String,
    /// `Some(None)`: nobody; `Some(Some(name))`: that speaker.
    speaker: Option<Option<String>>,
    attrs: Vec<(String, String)>,
}

#[derive(Debug)]
struct Case {
    name: String,
    line: usize,
    text: String,
    expect: Vec<Expect>,
}

/// Reads a JSON string at the start of `s`: (value, rest).
fn json_string(s: &str) -> Result<(String, &str), String> {
    let mut de = serde_json::Deserializer::from_str(s).into_iter::<String>();
    match de.next() {
        Some(Ok(v)) => Ok((v, &s[de.byte_offset()..])),
        _ => Err(format!("expected a JSON string at {s:?}")),
    }
}

fn parse_expect(line: &str) -> Result<Expect, String> {
    let (quote, mut rest) = json_string(line.trim_start())?;
    let mut e = Expect { quote, ..Default::default() };
    if let Some(r) = rest.trim_start().strip_prefix("=>") {
        let r = r.trim_start();
        if let Some(r) = r.strip_prefix("nobody") {
            e.speaker = Some(None);
            rest = r;
        } else {
            let (name, r) = json_string(r)?;
            e.speaker = Some(Some(name));
            rest = r;
        }
    }
    loop {
        let r = rest.trim_start();
        if r.is_empty() {
            break;
        }
        let (key, value, r) = if let Some(r) = r.strip_prefix('@') {
            let end = r.find(char::is_whitespace).unwrap_or(r.len());
            ("rule", r[..end].to_string(), &r[end..])
        } else if let Some(r) = r.strip_prefix('[') {
            let end = r.find(']').ok_or("unclosed [")?;
            ("kind", r[..end].to_string(), &r[end + 1..])
        } else if let Some(r) = r.strip_prefix("conf<0.5") {
            ("low", String::new(), r)
        } else {
            let eq = r.find('=').ok_or_else(|| format!("expected key=value at {r:?}"))?;
            let key = &r[..eq];
            let after = &r[eq + 1..];
            let (value, r) = if after.starts_with('"') {
                json_string(after)?
            } else {
                let end = after.find(char::is_whitespace).unwrap_or(after.len());
                (after[..end].to_string(), &after[end..])
            };
            (key, value, r)
        };
        if !matches!(key, "rule" | "kind" | "low" | "cue" | "via" | "type" | "gender" | "title" | "alias") {
            return Err(format!("unknown check `{key}`"));
        }
        e.attrs.push((key.to_string(), value));
        rest = r;
    }
    Ok(e)
}

fn parse(path: &Path) -> Vec<Case> {
    let src = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut cases: Vec<Case> = Vec::new();
    for (i, line) in src.lines().enumerate() {
        let at = || format!("{}:{}", path.display(), i + 1);
        if let Some(name) = line.strip_prefix("## ") {
            cases.push(Case { name: name.trim().to_string(), line: i + 1, text: String::new(), expect: Vec::new() });
        } else if let Some(exp) = line.strip_prefix(">>") {
            let case = cases.last_mut().unwrap_or_else(|| panic!("{}: `>>` before any `##` case", at()));
            case.expect.push(parse_expect(exp).unwrap_or_else(|e| panic!("{}: {e}", at())));
        } else if let Some(case) = cases.last_mut() {
            if !case.expect.is_empty() {
                assert!(line.trim().is_empty(), "{}: text after the expectations of `{}`", at(), case.name);
                continue;
            }
            if !case.text.is_empty() || !line.trim().is_empty() {
                case.text.push_str(line);
                case.text.push('\n');
            }
        } else {
            assert!(line.is_empty() || line.starts_with('#'), "{}: only comments before the first case", at());
        }
    }
    for c in &mut cases {
        c.text.truncate(c.text.trim_end().len());
    }
    cases
}

/// Everything found for quote `i`, on one line (the snapshot).
fn describe(a: &Analysis, i: usize) -> String {
    let text = a.article.text.as_str();
    let q = &a.quotes[i];
    let mut s = format!("{:?} [{}]", q.span.of(text), q.kind.as_str());
    match a.attributions[i].as_ref() {
        None => s.push_str(" => nobody"),
        Some(at) => {
            let e = &a.entities[at.entity];
            let m = &a.mentions[at.mention];
            let _ = write!(
                s,
                " => {:?} ({}, {}) @{} via {:?} ({})",
                e.name,
                e.kind.as_str(),
                e.gender.map_or("none", |g| g.as_str()),
                at.rule,
                m.span.of(text),
                m.kind.as_str()
            );
            if let Some(c) = &at.cue {
                let _ = write!(s, " cue={}", c.lemma);
            }
            let _ = write!(s, " conf={:.3}", at.confidence);
        }
    }
    s
}

/// The failures of one case (empty when it passes).
fn check(case: &Case, a: &Analysis) -> Vec<String> {
    let text = a.article.text.as_str();
    let mut bad = Vec::new();
    let found: Vec<&str> = a.quotes.iter().map(|q| q.span.of(text)).collect();
    let wanted: Vec<&str> = case.expect.iter().map(|e| e.quote.as_str()).collect();
    if found != wanted {
        bad.push(format!("quotes differ\n     want: {wanted:?}\n     got:  {found:?}"));
        return bad;
    }
    for (i, e) in case.expect.iter().enumerate() {
        let at = a.attributions[i].as_ref();
        let entity = at.map(|at| &a.entities[at.entity]);
        let mut fail = |what: String| bad.push(format!("q{i} {:?}: {what}", e.quote));
        match (&e.speaker, entity) {
            (Some(None), Some(en)) => fail(format!("want nobody, got {:?}", en.name)),
            (Some(Some(want)), None) => fail(format!("want {want:?}, got nobody")),
            (Some(Some(want)), Some(en)) if norm_name(want) != norm_name(&en.name) => {
                fail(format!("want {want:?}, got {:?}", en.name))
            }
            _ => {}
        }
        for (key, want) in &e.attrs {
            let got: String = match key.as_str() {
                "rule" => at.map_or("-".into(), |at| at.rule.as_str().into()),
                "kind" => a.quotes[i].kind.as_str().into(),
                "low" => match at {
                    Some(at) if at.confidence < 0.5 => String::new(),
                    Some(at) => format!("confidence {}", at.confidence),
                    None => "no attribution".into(),
                },
                "cue" => at.and_then(|at| at.cue.as_ref()).map_or("-".into(), |c| c.lemma.clone()),
                "via" => at.map_or("-".into(), |at| a.mentions[at.mention].span.of(text).into()),
                "type" => entity.map_or("-".into(), |en| en.kind.as_str().into()),
                "gender" => entity.map_or("-".into(), |en| en.gender.map_or("none", |g| g.as_str()).into()),
                "title" => {
                    let t = entity.and_then(|en| en.title.clone()).unwrap_or_default();
                    if t.contains(want.as_str()) { want.clone() } else { t }
                }
                "alias" => {
                    let aliases = entity.map(|en| en.aliases.clone()).unwrap_or_default();
                    if aliases.contains(want) { want.clone() } else { format!("{aliases:?}") }
                }
                _ => unreachable!("checked when parsing"),
            };
            if &got != want {
                fail(format!("{key}: want {want:?}, got {got:?}"));
            }
        }
    }
    bad
}

fn fixture_files(dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("readable folder").path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    files
}

/// Checks every case of every file of a fixture folder and snapshots each file.
fn run_folder(dir: &str) {
    let mut failures = String::new();
    for path in fixture_files(dir) {
        let stem = path.file_stem().expect("a file name").to_string_lossy().into_owned();
        let cases = parse(&path);
        assert!(!cases.is_empty(), "{}: no case", path.display());
        let mut snapshot = String::new();
        for case in &cases {
            let a = run(&case.text);
            let bad = check(case, &a);
            if !bad.is_empty() {
                let _ = writeln!(
                    failures,
                    "{}:{} `{}`\n  {}\n{}",
                    path.display(),
                    case.line,
                    case.name,
                    bad.join("\n  "),
                    dump(&a)
                );
            }
            let _ = writeln!(snapshot, "## {}", case.name);
            for i in 0..a.quotes.len() {
                let _ = writeln!(snapshot, "{}", describe(&a, i));
            }
        }
        insta::assert_snapshot!(format!("{dir}__{stem}"), snapshot);
    }
    assert!(failures.is_empty(), "fixture cases failed:\n{failures}");
}

#[test]
fn rules() {
    run_folder("rules");
}

#[test]
fn speakers() {
    run_folder("speakers");
}

#[test]
fn mentions() {
    run_folder("mentions");
}

#[test]
fn every_rule_has_its_file_and_a_case() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules");
    for rule in Rule::ALL {
        let path = dir.join(format!("{rule}.txt"));
        assert!(path.exists(), "rule {rule} has no fixture file {}", path.display());
        let fires = parse(&path)
            .iter()
            .flat_map(|c| &c.expect)
            .any(|e| e.attrs.iter().any(|(k, v)| k == "rule" && v == rule.as_str()));
        assert!(fires, "{}: no case expects @{rule}", path.display());
    }
    for path in fixture_files("rules") {
        let stem = path.file_stem().expect("a file name").to_string_lossy().into_owned();
        assert!(Rule::from_name(&stem).is_some(), "{}: not the name of a rule", path.display());
    }
}
