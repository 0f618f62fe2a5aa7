//! Helpers the binary's integration tests share: running whosaid in a folder, reading back a
//! dataset's articles, manifest and skip records, making inputs.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use arrow::array::{Array, AsArray};
use arrow::compute::cast;
use arrow::datatypes::DataType;
use arrow::record_batch::RecordBatch;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use serde_json::Value;
use sha2::{Digest, Sha256};

pub const BIN: &str = env!("CARGO_BIN_EXE_whosaid");
pub const TABLES: [&str; 5] = ["articles", "sentences", "quotes", "speakers", "mentions"];

pub fn seeds_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds")
}

/// (id, text) of every seed article, by file name order.
pub fn seeds() -> Vec<(String, String)> {
    let mut names: Vec<_> = fs::read_dir(seeds_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|n| (n.trim_end_matches(".txt").to_string(), fs::read_to_string(seeds_dir().join(&n)).unwrap()))
        .collect()
}

pub fn whosaid(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH")
        .env_remove("RUST_LOG")
        .output()
        .expect("run whosaid")
}

pub fn whosaid_ok(dir: &Path, args: &[&str]) -> Output {
    let out = whosaid(dir, args);
    assert!(out.status.success(), "whosaid {args:?} failed: {}\n{}", out.status, String::from_utf8_lossy(&out.stderr));
    out
}

pub fn manifest(out: &Path) -> Value {
    serde_json::from_slice(&fs::read(out.join("manifest.json")).expect("manifest.json")).unwrap()
}

pub fn string_column(batch: &RecordBatch, name: &str) -> Vec<Option<String>> {
    let col = batch.column_by_name(name).unwrap_or_else(|| panic!("no column {name}"));
    let col = cast(col, &DataType::LargeUtf8).unwrap();
    let col = col.as_string::<i64>();
    (0..col.len()).map(|i| (!col.is_null(i)).then(|| col.value(i).to_string())).collect()
}

/// (article_id, text) rows of a dataset's `articles` table, sorted by id.
pub fn articles(out: &Path) -> Vec<(String, String)> {
    let mut parts: Vec<PathBuf> = fs::read_dir(out.join("articles")).unwrap().map(|e| e.unwrap().path()).collect();
    parts.sort();
    let mut rows = Vec::new();
    for part in parts.iter().filter(|p| p.extension().is_some_and(|e| e == "parquet")) {
        let reader = ParquetRecordBatchReaderBuilder::try_new(fs::File::open(part).unwrap()).unwrap().build().unwrap();
        for batch in reader {
            let batch = batch.unwrap();
            let ids = string_column(&batch, "article_id");
            let texts = string_column(&batch, "text");
            rows.extend(ids.into_iter().zip(texts).map(|(i, t)| (i.unwrap(), t.unwrap())));
        }
    }
    rows.sort();
    rows
}

pub fn jsonl(docs: &[(String, String)]) -> Vec<u8> {
    let mut out = Vec::new();
    for (id, text) in docs {
        let line = serde_json::json!({"id": id, "text": text, "date": "2019-09-26", "extra": {"nested": [1, 2]}});
        out.extend(serde_json::to_vec(&line).unwrap());
        out.push(b'\n');
    }
    out
}

/// Splits `data` in two and compresses each half separately (multi-member / multi-stream).
pub fn two_members(data: &[u8], compress: impl Fn(&[u8]) -> Vec<u8>) -> Vec<u8> {
    let mid = data.len() / 2;
    let mut out = compress(&data[..mid]);
    out.extend(compress(&data[mid..]));
    out
}

pub fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

pub fn bzip2(data: &[u8]) -> Vec<u8> {
    let mut e = bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

pub fn zstd(data: &[u8]) -> Vec<u8> {
    zstd::encode_all(data, 3).unwrap()
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Every file under `dir` (relative path → bytes).
pub fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for e in fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                out.insert(p.strip_prefix(root).unwrap().to_path_buf(), fs::read(&p).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

pub fn copy_seeds(to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(seeds_dir()).unwrap() {
        let p = e.unwrap().path();
        fs::copy(&p, to.join(p.file_name().unwrap())).unwrap();
    }
}

/// Skip records of a dataset (`skipped.jsonl`), in order.
pub fn skipped(out: &Path) -> Vec<Value> {
    let text = fs::read_to_string(out.join("skipped.jsonl")).expect("skipped.jsonl");
    text.lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

/// The exit code and stderr of a run.
pub fn code_and_stderr(out: &Output) -> (Option<i32>, String) {
    (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
}

/// chmod 000; true when that makes the file unreadable (not as root, which reads everything).
pub fn make_unreadable(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(path, fs::Permissions::from_mode(0o000)).unwrap();
        if fs::File::open(path).is_err() {
            return true;
        }
    }
    fs::remove_file(path).unwrap();
    false
}
