//! The failure cases a real corpus brings (issue 14), each reproduced with invented input and
//! run through the binary: inputs that yield nothing, damaged inputs, colliding ids, wrong
//! types, and the output folder (lock, staging, foreign files). Timing and memory cases need
//! the release binary: they are in `tests/python/test_reliability.py`.

mod common;

use std::fs;
use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use arrow::array::{ArrayRef, Int64Array, ListArray, StringArray};
use arrow::datatypes::Int32Type;
use arrow::record_batch::RecordBatch;
use common::*;
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use parquet::file::reader::{FileReader, SerializedFileReader};
use serde_json::Value;

/// Exit codes (see `whosaid --help`).
const FAILED: i32 = 1;
const USAGE: i32 = 2;
const NO_DATA: i32 = 3;
const LOCKED: i32 = 4;

/// An invented article with a quotation, numbered.
fn article(n: usize) -> String {
    format!(
        "Harbour officials met on day {n}.\n\n\"We will reopen the east pier soon,\" said Ilse Marwood, the port director.\n"
    )
}

fn write_jsonl(path: &Path, rows: &[Value]) {
    let mut out = Vec::new();
    for r in rows {
        out.extend(serde_json::to_vec(r).unwrap());
        out.push(b'\n');
    }
    fs::write(path, out).unwrap();
}

fn gzip_bytes(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

/// A Parquet file of `batch`, in row groups of `group_rows`, Snappy, no dictionary.
fn write_parquet(path: &Path, batch: &RecordBatch, group_rows: usize) {
    let props = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .set_dictionary_enabled(false)
        .set_max_row_group_row_count(Some(group_rows))
        .build();
    let mut w = ArrowWriter::try_new(fs::File::create(path).unwrap(), batch.schema(), Some(props)).unwrap();
    w.write(batch).unwrap();
    w.close().unwrap();
}

fn texts_batch(n: usize) -> RecordBatch {
    let ids: ArrayRef = Arc::new(StringArray::from_iter_values((0..n).map(|i| format!("doc-{i:04}"))));
    let texts: ArrayRef = Arc::new(StringArray::from_iter_values((0..n).map(article)));
    RecordBatch::try_from_iter([("id", ids), ("text", texts)]).unwrap()
}

fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn ids(out: &Path) -> Vec<String> {
    articles(out).into_iter().map(|(id, _)| id).collect()
}

// --- An input that yields nothing is an error that says why -----------------------------------

#[test]
fn folders_read_every_known_format() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let data = dir.join("data");
    fs::create_dir_all(data.join("sub")).unwrap();
    write_jsonl(&data.join("a.jsonl"), &[serde_json::json!({"id": "j1", "text": article(1)})]);
    fs::write(
        data.join("sub/b.ndjson.gz"),
        gzip_bytes(format!("{}\n", serde_json::json!({"id": "j2", "text": article(2)})).as_bytes()),
    )
    .unwrap();
    write_parquet(&data.join("c.parquet"), &texts_batch(2), 10);
    fs::write(data.join("d.txt"), article(3)).unwrap();
    fs::write(data.join("notes.md"), "not an input").unwrap();
    whosaid_ok(dir, &["build", "data", "--out", "out", "--quiet"]);
    assert_eq!(ids(&dir.join("out")), ["d", "doc-0000", "doc-0001", "j1", "j2"]);
    assert_eq!(whosaid(dir, &["validate", "out"]).status.code(), Some(0));
}

#[test]
fn an_input_without_articles_fails_and_says_why() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    fs::create_dir(dir.join("docs")).unwrap();
    fs::write(dir.join("docs/readme.md"), "x").unwrap();
    fs::write(dir.join("docs/notes.md"), "y").unwrap();
    fs::write(dir.join("docs/data.csv"), "a,b").unwrap();
    write_jsonl(
        &dir.join("news.jsonl"),
        &[
            serde_json::json!({"id": 1, "body": article(1), "headline": "H"}),
            serde_json::json!({"id": 2, "body": article(2), "headline": "H"}),
        ],
    );
    fs::write(dir.join("empty.txt"), "").unwrap();
    fs::write(dir.join("bad.jsonl"), "not json\n{also not\n").unwrap();
    let cases: [(&[&str], &[&str]); 4] = [
        (&["docs"], &["docs: no input files in this folder", "found 1 .csv, 2 .md"]),
        (
            &["news.jsonl"],
            &[
                "news.jsonl: no article",
                "no line has the text field `text` (keys seen: body, headline, id; use --text-field)",
            ],
        ),
        (&["empty.txt"], &["empty.txt: no article: 1 record skipped (1 empty)"]),
        (&["bad.jsonl"], &["bad.jsonl: no article: 2 records skipped (2 invalid_json)", "bad.jsonl:1: invalid JSON"]),
    ];
    for (inputs, needles) in cases {
        let mut args = vec!["build"];
        args.extend(inputs);
        args.extend(["--out", "out", "--quiet"]);
        let run = whosaid(dir, &args);
        let (code, err) = code_and_stderr(&run);
        assert_eq!(code, Some(NO_DATA), "{inputs:?}: {err}");
        for n in needles {
            assert!(err.contains(n), "{inputs:?}: {n:?} not in {err}");
        }
        assert!(!dir.join("out").exists(), "{inputs:?}: a failed build leaves no output");
    }
    // An input without articles fails the run even beside good ones.
    fs::write(dir.join("good.txt"), article(1)).unwrap();
    let run = whosaid(dir, &["build", "good.txt", "empty.txt", "--out", "out", "--quiet"]);
    assert_eq!(run.status.code(), Some(NO_DATA), "{}", stderr_of(&run));
    // With the right field, the same file reads.
    whosaid_ok(dir, &["build", "news.jsonl", "--text-field", "body", "--out", "out", "--quiet"]);
    assert_eq!(ids(&dir.join("out")), ["1", "2"]);
}

#[test]
fn a_sole_unreadable_input_fails() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let locked = dir.join("locked.jsonl");
    write_jsonl(&locked, &[serde_json::json!({"id": "a", "text": article(1)})]);
    if !make_unreadable(&locked) {
        eprintln!("skipped: running as root, every file is readable");
        return;
    }
    let run = whosaid(dir, &["build", "locked.jsonl", "--out", "out", "--quiet"]);
    let (code, err) = code_and_stderr(&run);
    assert_eq!(code, Some(NO_DATA), "{err}");
    assert!(err.contains("locked.jsonl") && err.contains("unreadable") && err.contains("cannot read"), "{err}");
}

#[test]
fn the_extension_wins_over_sniffing_except_for_compression() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    // A text file that starts with a JSON object is still one text article.
    let text = "{\"editor\": \"note\"}\nThe council met. \"We agree,\" said Tove Lindahl.\n";
    fs::write(dir.join("note.txt"), text).unwrap();
    // A gzip file named .jsonl is gunzipped, then read as JSONL.
    fs::write(
        dir.join("g.jsonl"),
        gzip_bytes(format!("{}\n", serde_json::json!({"id": "g", "text": article(1)})).as_bytes()),
    )
    .unwrap();
    whosaid_ok(dir, &["build", "note.txt", "--out", "o1", "--quiet"]);
    assert_eq!(articles(&dir.join("o1")), [("note".to_string(), text.to_string())]);
    whosaid_ok(dir, &["build", "g.jsonl", "--out", "o2", "--quiet"]);
    assert_eq!(ids(&dir.join("o2")), ["g"]);
}

// --- Damaged inputs lose only what is damaged -----------------------------------------------

/// Overwrites `len` bytes of `path` at `at` with 0xff.
fn smash(path: &Path, at: u64, len: usize) {
    let mut bytes = fs::read(path).unwrap();
    for b in &mut bytes[at as usize..at as usize + len] {
        *b = 0xff;
    }
    fs::write(path, bytes).unwrap();
}

#[test]
fn a_corrupt_parquet_row_group_loses_only_its_rows() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let path = dir.join("t.parquet");
    write_parquet(&path, &texts_batch(1000), 250);
    let meta = SerializedFileReader::new(fs::File::open(&path).unwrap()).unwrap().metadata().clone();
    assert_eq!(meta.num_row_groups(), 4);
    let text = meta.row_group(1).column(1);
    // Damaged page data, and (in another copy) a damaged page header, in the second row group.
    let header = dir.join("header.parquet");
    fs::copy(&path, &header).unwrap();
    smash(&path, text.data_page_offset() as u64 + text.compressed_size() as u64 / 2, 64);
    smash(&header, text.data_page_offset() as u64, 24);
    for input in ["t.parquet", "header.parquet"] {
        let out = format!("out-{input}");
        let run = whosaid_ok(dir, &["build", input, "--out", &out]);
        let out = dir.join(out);
        let kept = ids(&out);
        let lost: Vec<Value> = skipped(&out).into_iter().filter(|s| s["kind"] == "damaged").collect();
        assert_eq!(lost.len(), 1, "{input}: {lost:?}");
        let rows_lost = lost[0]["rows"].as_u64().unwrap();
        assert!(kept.len() >= 750 && rows_lost <= 250, "{input}: kept {} rows, lost {rows_lost}", kept.len());
        assert_eq!(kept.len() as u64 + rows_lost, 1000, "{input}: every row is kept or counted as lost");
        // The rows of the other row groups are all there.
        for i in (0..250).chain(500..1000) {
            assert!(kept.binary_search(&format!("doc-{i:04}")).is_ok(), "{input}: row {i} lost");
        }
        assert_eq!(manifest(&out)["skipped"]["rows_lost"], rows_lost);
        let line = stderr_of(&run);
        assert!(line.contains(&format!("{rows_lost} rows lost")), "{input}: summary line {line}");
        assert_eq!(whosaid(dir, &["validate", out.to_str().unwrap()]).status.code(), Some(0));
        // --strict: the damage fails the run.
        let strict = whosaid(dir, &["build", input, "--out", "strict", "--quiet", "--strict"]);
        assert_eq!(strict.status.code(), Some(FAILED), "{}", stderr_of(&strict));
    }
}

#[test]
fn a_cut_gzip_stream_keeps_every_record_before_the_cut() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    // Texts that compress poorly, so the cut falls where its share of the file says.
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut word = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        format!("w{:x}", state % 0xfffff)
    };
    for (name, n) in [("few.jsonl.gz", 6usize), ("many.jsonl.gz", 2000)] {
        let rows: Vec<Value> = (0..n)
            .map(|i| {
                let words: Vec<String> = (0..200).map(|_| word()).collect();
                serde_json::json!({"id": format!("r{i:05}"), "text": format!("{} {}", article(i), words.join(" "))})
            })
            .collect();
        let mut data = Vec::new();
        for r in &rows {
            data.extend(serde_json::to_vec(r).unwrap());
            data.push(b'\n');
        }
        let gz = gzip_bytes(&data);
        // Cut at 60%: at least the first half of the records is complete before the cut.
        fs::write(dir.join(name), &gz[..gz.len() * 6 / 10]).unwrap();
        let out = format!("out-{name}");
        whosaid_ok(dir, &["build", name, "--out", &out, "--quiet"]);
        let got = articles(&dir.join(&out));
        assert!(got.len() >= n / 2 && got.len() < n, "{name}: {} of {n} records kept", got.len());
        for (i, (id, text)) in got.iter().enumerate() {
            assert_eq!(id, &format!("r{i:05}"), "{name}: records are kept in order, from the first");
            assert_eq!(text, rows[i]["text"].as_str().unwrap());
        }
        let skips = skipped(&dir.join(&out));
        assert_eq!(skips.len(), 1, "{skips:?}");
        assert_eq!(skips[0]["kind"], "damaged");
        assert!(skips[0]["reason"].as_str().unwrap().contains("the rest of the file is lost"), "{skips:?}");
    }
}

// --- Ids: unique across inputs, real duplicates counted ----------------------------------------

#[test]
fn derived_ids_are_unique_across_inputs() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    for d in ["dirA", "dirB", "x", "y"] {
        fs::create_dir(dir.join(d)).unwrap();
    }
    fs::write(dir.join("dirA/a.txt"), article(1)).unwrap();
    fs::write(dir.join("dirB/a.txt"), article(2)).unwrap();
    write_jsonl(&dir.join("x/data.jsonl"), &[serde_json::json!({"text": article(3)})]);
    write_jsonl(&dir.join("y/data.jsonl"), &[serde_json::json!({"text": article(4)})]);
    whosaid_ok(dir, &["build", "dirA", "dirB/", "./x/data.jsonl", "y/data.jsonl", "--out", "out", "--quiet"]);
    assert_eq!(ids(&dir.join("out")), ["dirA/a", "dirB/a", "x/data:1", "y/data:1"]);
    // One input: the ids are as before (relative to it).
    whosaid_ok(dir, &["build", "dirA", "--out", "one", "--quiet"]);
    assert_eq!(ids(&dir.join("one")), ["a"]);
}

#[test]
fn real_duplicates_are_recorded_and_counted() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    write_jsonl(&dir.join("a.jsonl"), &[serde_json::json!({"id": "same", "text": article(1)})]);
    write_jsonl(
        &dir.join("b.jsonl"),
        &[
            serde_json::json!({"id": "same", "text": article(2)}),
            serde_json::json!({"id": "other", "text": article(3)}),
        ],
    );
    let run = whosaid_ok(dir, &["build", "a.jsonl", "b.jsonl", "--out", "out"]);
    assert!(stderr_of(&run).contains("1 skipped (1 duplicate_id)"), "{}", stderr_of(&run));
    let skips = skipped(&dir.join("out"));
    assert_eq!(skips.len(), 1);
    assert_eq!(
        (skips[0]["kind"].as_str(), skips[0]["source"].as_str(), skips[0]["line"].as_u64()),
        (Some("duplicate_id"), Some("b.jsonl"), Some(1))
    );
    assert_eq!(articles(&dir.join("out"))[1], ("same".to_string(), article(1)), "the first is kept");
}

#[test]
fn ids_over_the_limit_are_skipped() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let long = "i".repeat(5000);
    write_jsonl(
        &dir.join("c.jsonl"),
        &[serde_json::json!({"id": long, "text": article(1)}), serde_json::json!({"id": "short", "text": article(2)})],
    );
    whosaid_ok(dir, &["build", "c.jsonl", "--out", "out", "--quiet"]);
    assert_eq!(ids(&dir.join("out")), ["short"]);
    let skips = skipped(&dir.join("out"));
    assert_eq!(skips[0]["kind"], "id_too_long");
    assert_eq!(skips[0]["reason"], "id too long: 5000 bytes (limit 1024)");
    assert!(skips[0]["article_id"].as_str().unwrap().len() < 100, "the record holds a shortened id");
    whosaid_ok(dir, &["build", "c.jsonl", "--out", "out2", "--quiet", "--max-id-bytes", "8KiB"]);
    assert_eq!(ids(&dir.join("out2")).len(), 2);
}

// --- Wrong types are rejected as JSONL rejects them ---------------------------------------------

#[test]
fn a_text_column_that_is_not_a_string_is_rejected() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let id_col: ArrayRef = Arc::new(StringArray::from(vec!["a", "b"]));
    let ints: ArrayRef = Arc::new(Int64Array::from(vec![0, 1]));
    let lists: ArrayRef = Arc::new(ListArray::from_iter_primitive::<Int32Type, _, _>(vec![Some(vec![Some(1)]), None]));
    for (name, col) in [("ints.parquet", ints), ("lists.parquet", lists)] {
        let batch = RecordBatch::try_from_iter([("id", id_col.clone()), ("text", col)]).unwrap();
        write_parquet(&dir.join(name), &batch, 10);
        let run = whosaid(dir, &["build", name, "--out", "out", "--quiet"]);
        let (code, err) = code_and_stderr(&run);
        assert_eq!(code, Some(NO_DATA), "{name}: {err}");
        assert!(err.contains("text column `text` is") && err.contains("not a string"), "{name}: {err}");
    }
    // In a folder beside a good file: recorded as skipped, with its rows.
    fs::create_dir(dir.join("mixed")).unwrap();
    fs::rename(dir.join("ints.parquet"), dir.join("mixed/ints.parquet")).unwrap();
    fs::write(dir.join("mixed/good.txt"), article(1)).unwrap();
    whosaid_ok(dir, &["build", "mixed", "--out", "out", "--quiet"]);
    let skips = skipped(&dir.join("out"));
    assert_eq!((skips[0]["kind"].as_str(), skips[0]["rows"].as_u64()), (Some("wrong_type"), Some(2)));
    assert_eq!(ids(&dir.join("out")), ["good"]);
}

// --- The output folder ----------------------------------------------------------------------

#[test]
fn a_failed_rebuild_keeps_the_previous_dataset() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    copy_seeds(&dir.join("seeds"));
    whosaid_ok(dir, &["build", "seeds", "--out", "X", "--quiet"]);
    let before = tree(&dir.join("X"));
    write_jsonl(
        &dir.join("bad.jsonl"),
        &[serde_json::json!({"id": "a", "text": ""}), serde_json::json!({"id": "b", "text": article(1)})],
    );
    let run = whosaid(dir, &["build", "bad.jsonl", "--strict", "--out", "X", "--quiet"]);
    assert_eq!(run.status.code(), Some(FAILED), "{}", stderr_of(&run));
    assert_eq!(tree(&dir.join("X")), before, "the previous dataset is untouched");
    assert_eq!(whosaid(dir, &["validate", "X"]).status.code(), Some(0));
    let beside: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with("X."))
        .collect();
    assert!(beside.is_empty(), "a failed build leaves nothing beside the output: {beside:?}");
    // A successful rebuild replaces it whole.
    whosaid_ok(dir, &["build", "bad.jsonl", "--out", "X", "--quiet"]);
    assert_eq!(ids(&dir.join("X")), ["b"]);
    assert_eq!(whosaid(dir, &["validate", "X"]).status.code(), Some(0));
}

#[test]
fn a_second_build_of_the_same_output_is_refused_while_the_first_runs() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    fs::write(dir.join("a.txt"), article(1)).unwrap();
    // Hold the lock a running build holds.
    let lock = fs::File::create(dir.join("out.whosaid-lock")).unwrap();
    lock.try_lock().unwrap();
    let run = whosaid(dir, &["build", "a.txt", "--out", "out", "--quiet"]);
    let (code, err) = code_and_stderr(&run);
    assert_eq!(code, Some(LOCKED), "{err}");
    assert!(err.contains("another whosaid build is writing this dataset"), "{err}");
    assert!(!dir.join("out").exists());
    drop(lock);
    whosaid_ok(dir, &["build", "a.txt", "--out", "out", "--quiet"]);
    assert!(!dir.join("out.whosaid-lock").exists(), "the lock file goes with the build");
}

#[test]
fn a_folder_that_is_not_a_dataset_is_refused_unless_forced() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    fs::write(dir.join("a.txt"), article(1)).unwrap();
    fs::create_dir_all(dir.join("mine/quotes")).unwrap();
    fs::write(dir.join("mine/notes.txt"), "my notes").unwrap();
    fs::write(dir.join("mine/quotes/my_analysis.csv"), "x,y").unwrap();
    let run = whosaid(dir, &["build", "a.txt", "--out", "mine", "--quiet"]);
    let (code, err) = code_and_stderr(&run);
    assert_eq!(code, Some(USAGE), "{err}");
    assert!(err.contains("not a whosaid dataset") && err.contains("notes.txt") && err.contains("--force"), "{err}");
    assert!(dir.join("mine/notes.txt").exists() && dir.join("mine/quotes/my_analysis.csv").exists());
    whosaid_ok(dir, &["build", "a.txt", "--out", "mine", "--quiet", "--force"]);
    assert!(!dir.join("mine/notes.txt").exists());
    assert_eq!(whosaid(dir, &["validate", "mine"]).status.code(), Some(0));
    // An empty folder is fine.
    fs::create_dir(dir.join("empty")).unwrap();
    whosaid_ok(dir, &["build", "a.txt", "--out", "empty", "--quiet"]);
}

#[test]
fn an_output_inside_the_input_folder_is_not_read_back() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    fs::create_dir(dir.join("corpus")).unwrap();
    fs::write(dir.join("corpus/a.txt"), article(1)).unwrap();
    for _ in 0..2 {
        whosaid_ok(dir, &["build", "corpus", "--out", "corpus/out", "--quiet"]);
        assert_eq!(ids(&dir.join("corpus/out")), ["a"]);
    }
}

#[test]
fn validate_exit_codes() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    fs::write(dir.join("a.txt"), article(1)).unwrap();
    whosaid_ok(dir, &["build", "a.txt", "--out", "out", "--quiet"]);
    assert_eq!(whosaid(dir, &["validate", "out"]).status.code(), Some(0));
    assert_eq!(whosaid(dir, &["validate", "a.txt"]).status.code(), Some(USAGE));
    fs::copy(dir.join("out/quotes/part-00000.parquet"), dir.join("out/quotes/backup.parquet")).unwrap();
    let run = whosaid(dir, &["validate", "out"]);
    assert_eq!(run.status.code(), Some(FAILED));
    assert!(String::from_utf8_lossy(&run.stdout).contains("quotes/backup.parquet: not part of the dataset"));
}
