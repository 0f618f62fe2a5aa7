//! `manifest.json`: tool and schema version, release date, options, inputs, skipped documents,
//! every output file (path, sha256, bytes, and table and rows for Parquet parts) and row counts.
//! Pretty-printed with sorted keys and a trailing newline; written last.

use super::schema::Table;
use super::writer::{OutputFile, RunInfo};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// Builds the manifest as a JSON value.
pub fn value(
    files: &[OutputFile],
    counts: &BTreeMap<Table, u64>,
    run: &RunInfo,
    release_date: Option<&str>,
    attributed: u64,
) -> Value {
    let outputs: Vec<Value> = files
        .iter()
        .map(|f| {
            let mut o = Map::new();
            o.insert("path".into(), json!(f.path));
            o.insert("sha256".into(), json!(f.sha256));
            o.insert("bytes".into(), json!(f.bytes));
            if let Some(t) = f.table {
                o.insert("table".into(), json!(t.name()));
            }
            if let Some(r) = f.rows {
                o.insert("rows".into(), json!(r));
            }
            Value::Object(o)
        })
        .collect();
    let mut count_map: BTreeMap<&str, u64> = Table::ALL
        .iter()
        .map(|t| (t.name(), counts.get(t).copied().unwrap_or(0)))
        .collect();
    count_map.insert("attributed", attributed);
    let tables: BTreeMap<&str, Value> = Table::ALL
        .iter()
        .map(|t| {
            let parts: Vec<&str> = files
                .iter()
                .filter(|f| f.table == Some(*t))
                .map(|f| f.path.as_str())
                .collect();
            (
                t.name(),
                json!({"rows": counts.get(t).copied().unwrap_or(0), "parts": parts}),
            )
        })
        .collect();
    json!({
        "tool": {"name": "whosaid", "version": crate::VERSION},
        "schema_version": crate::SCHEMA_VERSION,
        "release_date": release_date,
        "options": run.options,
        "inputs": run.inputs,
        "skipped": run.skipped,
        "tables": tables,
        "outputs": outputs,
        "counts": count_map,
    })
}

/// Renders `manifest.json`.
pub fn render(
    files: &[OutputFile],
    counts: &BTreeMap<Table, u64>,
    run: &RunInfo,
    release_date: Option<&str>,
    attributed: u64,
) -> String {
    let mut s = serde_json::to_string_pretty(&value(files, counts, run, release_date, attributed))
        .expect("a JSON value always serialises");
    s.push('\n');
    s
}
