//! The architecture as a test: every `crate::` path in a crate's library code must point to a
//! module its module is allowed to import (see docs/ARCHITECTURE.md). Stages import only the
//! base layer below them, never each other and never a later stage, so the graph has no cycle.
//! Test code (from a `#[cfg(test)]` on, and `tests.rs` / `testdata.rs` files) is not checked.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// (module, the modules it may import), per crate. A module may always use itself and the
/// crate root's constants; a name re-exported at the root counts as its module (`ROOT_NAMES`).
const CORE: &[(&str, &[&str])] = &[
    ("model", &[]),
    ("lexicon", &["model"]),
    ("text", &["model", "lexicon"]),
    ("layout", &["model", "lexicon", "text"]),
    ("marks", &["model", "lexicon", "text"]),
    ("sentences", &["model", "lexicon", "text"]),
    ("quotes", &["model", "lexicon", "text"]),
    ("mentions", &["model", "lexicon", "text"]),
    ("entities", &["model", "lexicon", "text"]),
    ("attribution", &["model", "lexicon", "text"]),
    (
        "pipeline",
        &["model", "lexicon", "text", "layout", "marks", "sentences", "quotes", "mentions", "entities", "attribution"],
    ),
];

const DATASET: &[(&str, &[&str])] = &[
    ("error", &[]),
    ("schema", &[]),
    ("checksum", &["error"]),
    ("manifest", &["error", "schema"]),
    ("read", &["error", "schema"]),
    ("stats", &["error", "read", "schema"]),
    ("input", &["error", "checksum", "manifest", "read"]),
    ("output", &["error", "checksum", "manifest", "schema", "stats"]),
    ("run", &["error", "input", "manifest", "output"]),
    ("validate", &["error", "checksum", "manifest", "output", "read", "schema", "stats"]),
    ("eval", &["error", "read", "schema"]),
    ("tutorial", &[]),
];

const REPORT: &[(&str, &[&str])] = &[
    ("error", &[]),
    ("lookup", &["error"]),
    ("select", &["error"]),
    ("markup", &["lookup"]),
    ("show", &["lookup", "markup"]),
    ("report", &["error", "lookup", "markup", "select"]),
];

/// Names the crate roots re-export, and the module each comes from.
const ROOT_NAMES: &[(&str, &str)] = &[
    ("Analysis", "model"),
    ("Article", "model"),
    ("analyze", "pipeline"),
    ("analyze_all", "pipeline"),
    ("Error", "error"),
    ("ErrorKind", "error"),
    ("Result", "error"),
    ("SCHEMA_VERSION", "lib"),
    ("VERSION", "lib"),
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable source folder") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module of a file under `src/` (`lib` for `lib.rs`).
fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).expect("under src");
    let first = rel.components().next().expect("a component").as_os_str().to_string_lossy();
    first.trim_end_matches(".rs").to_string()
}

/// The first segment of every `crate::` path in `code`, including each item of a `crate::{…}`
/// group.
fn crate_paths(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let ident = |s: &str| s.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect::<String>();
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        let before = rest[..i].chars().next_back();
        rest = &rest[i + "crate::".len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue; // `whosaid_crate::`, not `crate::`
        }
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                let name = ident(item.trim());
                if !name.is_empty() {
                    out.push(name);
                }
            }
        } else {
            out.push(ident(rest));
        }
    }
    out
}

/// The library code of a file: comments dropped, and nothing from the first `#[cfg(test)]` on.
fn library_code(text: &str) -> String {
    let text = text.split("#[cfg(test)]").next().unwrap_or("");
    text.lines()
        .map(|l| match l.find("//") {
            Some(i) => &l[..i],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn check_crate(dir: &str, allowed: &[(&str, &[&str])]) -> Vec<String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir).join("src");
    let table: BTreeMap<&str, BTreeSet<&str>> =
        allowed.iter().map(|(m, deps)| (*m, deps.iter().copied().collect())).collect();
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut problems = Vec::new();
    let mut modules = BTreeSet::new();
    for file in files {
        let module = module_of(&src, &file);
        modules.insert(module.clone());
        let test_file = file.file_stem().is_some_and(|s| s == "tests" || s == "testdata");
        if module == "lib" || test_file {
            continue;
        }
        let Some(deps) = table.get(module.as_str()) else {
            problems.push(format!("{dir}: module `{module}` is not in the layering table"));
            continue;
        };
        let code = library_code(&std::fs::read_to_string(&file).expect("readable source file"));
        for target in crate_paths(&code) {
            let target = ROOT_NAMES.iter().find(|(n, _)| *n == target).map_or(target.as_str(), |(_, m)| m);
            if target == module || target == "lib" || deps.contains(target) {
                continue;
            }
            problems.push(format!(
                "{}: `{module}` imports `crate::{target}`, which it may not",
                file.strip_prefix(Path::new(env!("CARGO_MANIFEST_DIR"))).unwrap_or(&file).display()
            ));
        }
    }
    for (m, _) in allowed {
        if !modules.contains(*m) {
            problems.push(format!("{dir}: the layering table names `{m}`, which does not exist"));
        }
    }
    problems
}

#[test]
fn stages_import_only_what_lies_below_them() {
    let mut problems = check_crate("crates/core", CORE);
    problems.extend(check_crate("crates/dataset", DATASET));
    problems.extend(check_crate("crates/report", REPORT));
    assert!(problems.is_empty(), "layering violations:\n{}", problems.join("\n"));
}

#[test]
fn the_layering_table_has_no_cycle() {
    for table in [CORE, DATASET, REPORT] {
        // Each module may import only modules listed before it.
        for (i, (m, deps)) in table.iter().enumerate() {
            for d in *deps {
                let j = table.iter().position(|(n, _)| n == d).unwrap_or_else(|| panic!("{m} -> unknown {d}"));
                assert!(j < i, "{m} may import {d}, listed after it");
            }
        }
    }
}

#[test]
fn the_checker_sees_paths_and_groups() {
    let code = "use crate::model::{Span, Quote};\nuse crate::{layout, text::trim_span};\nlet x = crate::quotes::place();\n// crate::nope\n";
    let found = crate_paths(&library_code(code));
    assert_eq!(found, ["model", "layout", "text", "quotes"]);
}
