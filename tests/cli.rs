//! End-to-end tests of the `whosaid` binary, run in temporary folders.
//!
//! They assert on articles, skips, manifests and bytes — never on quote counts, so they hold
//! whatever the state of the text pipeline.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::process::{Command, Stdio};
use std::sync::Arc;

use arrow::array::{LargeStringArray, StringArray};
use arrow::record_batch::RecordBatch;
use common::*;
use parquet::arrow::ArrowWriter;

#[test]
fn default_build_reads_seeds_and_writes_all_tables() {
    let tmp = tempfile::tempdir().unwrap();
    copy_seeds(&tmp.path().join("seeds"));
    whosaid_ok(tmp.path(), &["build", "--quiet"]);
    let out = tmp.path().join("out");
    for table in TABLES {
        assert!(out.join(table).join("part-00000.parquet").is_file(), "missing {table}");
    }
    let m = manifest(&out);
    let inputs = m["inputs"].as_array().unwrap();
    assert_eq!(inputs.len(), 5);
    for (input, (id, _)) in inputs.iter().zip(seeds()) {
        let path = format!("seeds/{id}.txt");
        assert_eq!(input["path"], path.as_str());
        let bytes = fs::read(tmp.path().join(&path)).unwrap();
        assert_eq!(input["sha256"], sha256_hex(&bytes).as_str());
        assert_eq!(input["bytes"], bytes.len() as u64);
    }
    assert_eq!(m["skipped"]["count"], 0);
    assert_eq!(skipped(&out), Vec::<serde_json::Value>::new());
    assert_eq!(articles(&out), seeds());
}

#[test]
fn every_input_format_yields_the_same_articles() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let docs = seeds();
    let data = jsonl(&docs);
    fs::write(dir.join("plain.jsonl"), &data).unwrap();
    // gzip behind a lying extension, multi-member
    fs::write(dir.join("lying.jsonl"), two_members(&data, gzip)).unwrap();
    fs::write(dir.join("c.ndjson.zst"), two_members(&data, zstd)).unwrap();
    fs::write(dir.join("c.jsonl.bz2"), two_members(&data, bzip2)).unwrap();
    // no extension at all: sniffed as JSONL
    fs::write(dir.join("noext"), &data).unwrap();
    // compressed text folder
    fs::create_dir_all(dir.join("gz")).unwrap();
    for (id, text) in &docs {
        fs::write(dir.join("gz").join(format!("{id}.txt.gz")), gzip(text.as_bytes())).unwrap();
    }
    // Parquet (LargeUtf8 text, Utf8 id), as in CC-News style dumps
    let batch = RecordBatch::try_from_iter([
        ("title", Arc::new(StringArray::from(vec![Some("T"); docs.len()])) as _),
        ("id", Arc::new(StringArray::from_iter_values(docs.iter().map(|d| d.0.as_str()))) as _),
        ("text", Arc::new(LargeStringArray::from_iter_values(docs.iter().map(|d| d.1.as_str()))) as _),
        ("date", Arc::new(StringArray::from(vec!["2019-09-26T08:00:00Z"; docs.len()])) as _),
    ])
    .unwrap();
    // Snappy, the default of pyarrow, Spark and Hugging Face dumps.
    let props = parquet::file::properties::WriterProperties::builder()
        .set_compression(parquet::basic::Compression::SNAPPY)
        .build();
    let file = fs::File::create(dir.join("table.parquet")).unwrap();
    let mut w = ArrowWriter::try_new(file, batch.schema(), Some(props)).unwrap();
    w.write(&batch).unwrap();
    w.close().unwrap();
    fs::write(dir.join("table.parquet.gz"), gzip(&fs::read(dir.join("table.parquet")).unwrap())).unwrap();

    let reference = docs.clone();
    for (i, input) in [
        "plain.jsonl",
        "lying.jsonl",
        "c.ndjson.zst",
        "c.jsonl.bz2",
        "noext",
        "gz",
        "table.parquet",
        "table.parquet.gz",
    ]
    .iter()
    .enumerate()
    {
        let out = format!("out{i}");
        whosaid_ok(dir, &["build", input, "--out", &out, "--quiet", "--strict"]);
        assert_eq!(articles(&dir.join(&out)), reference, "input {input}");
        let m = manifest(&dir.join(&out));
        let stored = fs::read(dir.join(input).as_path()).ok();
        if let Some(stored) = stored {
            assert_eq!(m["inputs"][0]["sha256"], sha256_hex(&stored).as_str(), "hash of {input}");
            assert_eq!(m["inputs"][0]["bytes"], stored.len() as u64);
        }
    }

    // stdin
    let mut child = Command::new(BIN)
        .args(["build", "-", "--out", "out-stdin", "--quiet", "--strict"])
        .current_dir(dir)
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&gzip(&data)).unwrap();
    assert!(child.wait().unwrap().success());
    assert_eq!(articles(&dir.join("out-stdin")), reference);
    let m = manifest(&dir.join("out-stdin"));
    assert_eq!(m["inputs"][0]["path"], "-");
    assert_eq!(m["inputs"][0]["sha256"], sha256_hex(&gzip(&data)).as_str());

    // several inputs in one run: derived ids start with the input's path, so a file and the
    // folder's copy of it are two articles
    let one = docs[0].0.clone();
    fs::write(dir.join(format!("{one}.txt")), &docs[0].1).unwrap();
    whosaid_ok(dir, &["build", &format!("{one}.txt"), "gz", "--out", "out-multi", "--quiet"]);
    let m = manifest(&dir.join("out-multi"));
    assert_eq!(m["inputs"].as_array().unwrap().len(), 1 + docs.len());
    assert_eq!(m["skipped"]["count"], 0);
    let mut want: Vec<(String, String)> = docs.iter().map(|(id, t)| (format!("gz/{id}"), t.clone())).collect();
    want.push(docs[0].clone());
    want.sort();
    assert_eq!(articles(&dir.join("out-multi")), want);
}

#[test]
fn bad_documents_are_skipped_with_reasons_and_good_ones_kept() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let corpus = dir.join("corpus");
    copy_seeds(&corpus);
    fs::create_dir_all(corpus.join("sub")).unwrap();
    fs::write(corpus.join("bad_utf8.txt"), b"President Ali said \xff\xfe \"no\".").unwrap();
    fs::write(corpus.join("empty.txt"), b"").unwrap();
    fs::write(corpus.join("blank.txt"), b" \n\t\r\n ").unwrap();
    fs::write(corpus.join("binary.txt"), b"PK\x03\x04\x00\x00binary\x00data").unwrap();
    fs::write(corpus.join("control.txt"), b"\x01\x02\x03\x04\x05\x06\x07\x08 abc").unwrap();
    fs::write(corpus.join("big.txt"), "word ".repeat(1000)).unwrap();
    fs::write(corpus.join("sub/bom.txt"), "\u{feff}She said \"yes\".\n".as_bytes()).unwrap();
    fs::write(corpus.join("sub/crlf.txt"), b"Line one said \"x\".\r\nLine two.\r\n").unwrap();
    fs::write(corpus.join("ignored.md"), b"not a .txt file").unwrap();
    // Not bad, only odd: an article of nothing but quote marks is processed, not skipped.
    fs::write(corpus.join("marks.txt"), "\"\"“”‘’'«»„“ \" \"\n\"".as_bytes()).unwrap();
    let mut lines = Vec::new();
    lines.extend(jsonl(&[("j1".into(), "First \"quote\" here.".into())]));
    lines.extend(b"this is not json\n");
    lines.extend(b"{\"id\": \"j2\", \"body\": \"no text field\"}\n");
    lines.extend(b"\n");
    lines.extend(jsonl(&[("j1".into(), "Duplicate id.".into())]));
    lines.extend(b"{\"id\": \"j3\", \"text\": \"nul \\u0000 inside\"}\n");
    lines.extend(b"{\"id\": \"j4\", \"text\": \"bad \xff utf8\"}\n");
    lines.extend(jsonl(&[("j5".into(), "Last good one.".into())]));
    fs::write(dir.join("mixed.jsonl"), &lines).unwrap();

    // An unreadable file, unless we are root (root reads everything).
    let locked = corpus.join("locked.txt");
    fs::write(&locked, b"secret").unwrap();
    let expect_locked = make_unreadable(&locked);

    let run = whosaid_ok(dir, &["build", "corpus", "mixed.jsonl", "--out", "out", "--max-article-bytes", "4K"]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("mixed.jsonl:2"), "warning names file and line: {stderr}");
    assert!(stderr.contains("corpus/empty.txt"), "{stderr}");

    let skipped: BTreeMap<(String, Option<u64>), String> = skipped(&dir.join("out"))
        .iter()
        .map(|s| {
            ((s["source"].as_str().unwrap().to_string(), s["line"].as_u64()), s["reason"].as_str().unwrap().to_string())
        })
        .collect();
    let reason = |source: &str, line: Option<u64>| -> String {
        skipped
            .get(&(source.to_string(), line))
            .cloned()
            .unwrap_or_else(|| panic!("{source}:{line:?} not skipped: {skipped:#?}"))
    };
    assert!(reason("corpus/bad_utf8.txt", None).contains("UTF-8"));
    assert!(reason("corpus/empty.txt", None).contains("empty"));
    assert!(reason("corpus/blank.txt", None).contains("empty"));
    assert!(reason("corpus/binary.txt", None).contains("binary"));
    assert!(reason("corpus/control.txt", None).contains("binary"));
    assert!(reason("corpus/big.txt", None).contains("too large"));
    assert!(reason("mixed.jsonl", Some(2)).contains("JSON"));
    assert!(reason("mixed.jsonl", Some(3)).contains("text field"));
    assert!(reason("mixed.jsonl", Some(5)).contains("duplicate"));
    assert!(reason("mixed.jsonl", Some(6)).contains("binary"));
    assert!(reason("mixed.jsonl", Some(7)).contains("UTF-8"));
    if expect_locked {
        assert!(reason("corpus/locked.txt", None).contains("cannot read"));
    }
    assert_eq!(skipped.len(), 11 + usize::from(expect_locked), "{skipped:#?}");

    let got: BTreeMap<String, String> = articles(&dir.join("out")).into_iter().collect();
    for (id, text) in seeds() {
        assert_eq!(got.get(&format!("corpus/{id}")), Some(&text), "good article {id} lost");
    }
    assert_eq!(got["corpus/sub/bom"], "She said \"yes\".\n", "BOM removed");
    assert_eq!(got["corpus/sub/crlf"], "Line one said \"x\".\r\nLine two.\r\n", "CRLF kept");
    assert_eq!(got["j1"], "First \"quote\" here.", "first duplicate kept");
    assert_eq!(got["j5"], "Last good one.");
    assert!(got.contains_key("corpus/marks"), "an article of only quote marks must be kept");
    assert_eq!(got.len(), 5 + 3 + 2);

    // --strict: the same corpus fails, and leaves nothing that looks finished, both on one
    // thread (everything on the calling thread) and with the reader/writer threads.
    for threads in ["1", "2"] {
        let out = format!("strict-out-{threads}");
        let strict = whosaid(
            dir,
            &["build", "corpus", "mixed.jsonl", "--out", &out, "--strict", "--quiet", "--threads", threads],
        );
        assert!(!strict.status.success(), "--threads {threads}");
        assert!(String::from_utf8_lossy(&strict.stderr).contains("corpus/bad_utf8.txt"));
        assert!(!dir.join(&out).join("manifest.json").exists());
    }

    #[cfg(unix)]
    if expect_locked {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&locked, fs::Permissions::from_mode(0o644)).unwrap();
    }
}

#[test]
fn missing_input_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let out = whosaid(tmp.path(), &["build", "does-not-exist", "--quiet"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("does-not-exist"));
    assert!(!tmp.path().join("out/manifest.json").exists());
}

#[test]
fn output_is_byte_identical_across_threads_and_runs() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    copy_seeds(&dir.join("seeds"));
    // A few hundred articles so that batches and threads really interleave.
    let mut data = Vec::new();
    for (i, (id, text)) in seeds().iter().cycle().take(300).enumerate() {
        data.extend(jsonl(&[(format!("{id}-{i}"), text.clone())]));
    }
    fs::write(dir.join("many.jsonl"), data).unwrap();
    let runs = [("a", "1"), ("b", "2"), ("c", "2")];
    for (out, threads) in runs {
        whosaid_ok(
            dir,
            &[
                "build",
                "seeds",
                "many.jsonl",
                "--out",
                out,
                "--threads",
                threads,
                "--quiet",
                "--release-date",
                "2024-01-02",
            ],
        );
    }
    let a = tree(&dir.join("a"));
    assert!(a.len() >= 6, "{:?}", a.keys());
    for (out, _) in &runs[1..] {
        let other = tree(&dir.join(out));
        assert_eq!(a.keys().collect::<Vec<_>>(), other.keys().collect::<Vec<_>>());
        for (path, bytes) in &a {
            assert!(bytes == &other[path], "{out}/{} differs", path.display());
        }
    }
}

#[test]
fn reader_accepts_a_50_mb_article() {
    use whosaid_dataset::input::{InputOptions, Record, open};
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("long.txt");
    let text = "All work and no play. ".repeat(50_000_000 / 22 + 1);
    fs::write(&path, &text).unwrap();
    let mut inputs = open(&[path], &InputOptions::default()).unwrap();
    let records: Vec<Record> = inputs.by_ref().map(Result::unwrap).collect();
    assert_eq!(records.len(), 1);
    assert!(matches!(&records[0], Record::Article(a) if a.text.len() == text.len() && a.id == "long"));
    assert_eq!(inputs.files()[0].bytes, text.len() as u64);
}
