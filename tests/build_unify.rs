//! The command-line tool and the Python package are built by two cargo runs; a dependency both
//! use must get the same features in both, or the second run compiles it (and all above it)
//! again. `crates/build-unify` asks for the union; this test fails when they drift apart and
//! names the crates and features to add there.

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

/// `name version` → its feature sets (one for the target, one for the host when it is also a
/// build dependency), for every package the build of `package` compiles on this platform.
fn features(package: &str) -> BTreeMap<String, BTreeSet<String>> {
    let out = Command::new(env!("CARGO"))
        .args(["tree", "--locked", "-p", package, "-e", "normal,build", "--prefix", "none"])
        .args(["--no-dedupe", "-f", "{p}|{f}"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo runs");
    assert!(out.status.success(), "cargo tree -p {package}: {}", String::from_utf8_lossy(&out.stderr));
    let mut map = BTreeMap::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let Some((pkg, feats)) = line.split_once('|') else { continue };
        // `name v1.2.3 (/path)` for workspace members: keep `name v1.2.3`.
        let id: String = pkg.split_whitespace().take(2).collect::<Vec<_>>().join(" ");
        map.entry(id).or_insert_with(BTreeSet::new).insert(feats.trim().to_string());
    }
    map
}

#[test]
fn cli_and_python_builds_share_every_common_dependency() {
    let cli = features("whosaid");
    let python = features("whosaid-python");
    let drift: Vec<String> = cli
        .iter()
        .filter_map(|(id, f)| {
            let g = python.get(id)?;
            (f != g).then(|| format!("{id}: command line {f:?}, Python package {g:?}"))
        })
        .collect();
    assert!(
        drift.is_empty(),
        "features differ; add their union to crates/build-unify/Cargo.toml:\n{}",
        drift.join("\n")
    );
    // The two builds do share the big dependencies.
    assert!(cli.keys().any(|k| k.starts_with("arrow-array ")) && python.keys().any(|k| k.starts_with("arrow-array ")));
}
