//! End-to-end tests of the output folder: schema conformance, spans, determinism, atomicity,
//! rollover, and that `validate` accepts what we write and rejects corruptions.

use super::testdata::{plain, rich};
use super::*;
use crate::manifest::{BuildOptions, InputFile, MANIFEST, Manifest, OutputFile, RunInfo, SKIPPED, SkipKind, Skipped};
use crate::schema::{Table, arrow_schema, table_schema};
use crate::validate::validate;
use arrow::array::{Array, AsArray, RecordBatch};
use arrow::datatypes::Int64Type;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::file::reader::{FileReader, SerializedFileReader};
use std::collections::BTreeMap;
use std::path::Path;
use whosaid_core::text::date::Date;

fn run_info() -> RunInfo {
    let options = BuildOptions {
        date_field: "date".into(),
        id_field: "id".into(),
        max_article_bytes: 1 << 20,
        max_id_bytes: 1024,
        part_max_bytes: 1 << 30,
        strict: false,
        text_field: "text".into(),
        title_field: "title".into(),
        url_field: "url".into(),
    };
    // The files the test articles and the skip record name as their sources.
    let inputs = ["seeds/a.txt", "seeds/b.txt", "corpus.jsonl", "seeds/c/d.txt", "seeds/empty.txt"]
        .map(|path| InputFile { path: path.into(), sha256: "ab".repeat(32), bytes: 1234 });
    RunInfo { options, inputs: inputs.to_vec() }
}

fn skipped() -> Skipped {
    Skipped { article_id: Some("empty".into()), ..Skipped::new("seeds/empty.txt", SkipKind::Empty, "empty document") }
}

fn write_dataset(dir: &Path, opts: OutputOptions, calls: &[Vec<whosaid_core::Analysis>]) -> Summary {
    let mut w = DatasetWriter::create(dir, opts).unwrap();
    for batch in calls {
        w.write(batch).unwrap();
    }
    let mut skips = w.skip_log().unwrap();
    skips.push(&skipped()).unwrap();
    w.finish(run_info(), skips).unwrap()
}

fn standard_calls() -> Vec<Vec<whosaid_core::Analysis>> {
    vec![vec![rich("a"), plain("b")], vec![rich("c/d")]]
}

fn read_table(dir: &Path, table: Table) -> Vec<RecordBatch> {
    let mut parts: Vec<_> = std::fs::read_dir(dir.join(table.name()))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "parquet"))
        .collect();
    parts.sort();
    let mut out = Vec::new();
    for p in parts {
        let builder = ParquetRecordBatchReaderBuilder::try_new(std::fs::File::open(&p).unwrap()).unwrap();
        // The test that fails when the written Parquet differs from schema/*.json.
        assert_eq!(builder.schema().fields(), arrow_schema(table).fields(), "{}", p.display());
        out.extend(builder.build().unwrap().map(|b| b.unwrap()));
    }
    out
}

fn files_of(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        if p.is_dir() {
            for e in std::fs::read_dir(&p).unwrap() {
                let q = e.unwrap().path();
                out.insert(q.strip_prefix(dir).unwrap().display().to_string(), std::fs::read(&q).unwrap());
            }
        } else {
            out.insert(p.strip_prefix(dir).unwrap().display().to_string(), std::fs::read(&p).unwrap());
        }
    }
    out
}

#[test]
fn written_tables_match_schema_counts_and_spans() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("out");
    let summary = write_dataset(&dir, OutputOptions::default(), &standard_calls());
    assert_eq!(
        (
            summary.counts.articles,
            summary.counts.sentences,
            summary.counts.quotes,
            summary.counts.attributed,
            summary.counts.speakers,
            summary.counts.mentions
        ),
        (3, 15, 10, 8, 4, 8)
    );
    assert_eq!(summary.files.last().unwrap(), &dir.join(MANIFEST));
    for t in Table::ALL {
        assert!(dir.join(t.name()).join("part-00000.parquet").is_file());
    }

    let articles = read_table(&dir, Table::Articles);
    let a = &articles[0];
    let texts: BTreeMap<String, String> = (0..a.num_rows())
        .map(|i| {
            (
                a.column(0).as_string::<i32>().value(i).to_string(),
                a.column_by_name("text").unwrap().as_string::<i32>().value(i).to_string(),
            )
        })
        .collect();
    let title = a.column_by_name("title").unwrap().as_string::<i32>();
    assert_eq!(title.value(0), "Café diplomacy"); // from layout
    assert_eq!(title.value(1), "Calm"); // from metadata
    assert!(a.column_by_name("dateline").unwrap().is_null(1));

    let quotes = read_table(&dir, Table::Quotes);
    let mut n = 0;
    let mut non_ascii = false;
    for b in &quotes {
        let col = |c: &str| b.column_by_name(c).unwrap().as_primitive::<Int64Type>().clone();
        let s = |c: &str| b.column_by_name(c).unwrap().as_string::<i32>().clone();
        let (cs, ce, bs, be) = (col("char_start"), col("char_end"), col("byte_start"), col("byte_end"));
        let (aid, text, qid) = (s("article_id"), s("text"), s("quote_id"));
        for i in 0..b.num_rows() {
            let t = &texts[aid.value(i)];
            let by_char: String =
                t.chars().skip(cs.value(i) as usize).take((ce.value(i) - cs.value(i)) as usize).collect();
            assert_eq!(by_char, text.value(i));
            assert_eq!(&t[bs.value(i) as usize..be.value(i) as usize], text.value(i));
            non_ascii |= cs.value(i) != bs.value(i);
            assert_eq!(qid.value(i), format!("{}:q{}", aid.value(i), n % 5));
            n += 1;
        }
        let close = s("close_mark");
        assert_eq!(close.value(0), "”");
        assert!(close.is_null(3));
        assert_eq!(s("speaker").value(0), "Dana Okafor");
        assert_eq!(s("speaker_id").value(4), "a:s1");
        assert!(s("speaker").is_null(3));
        assert!(s("cue").is_null(4));
        assert_eq!(s("mention_text").value(2), "he");
        assert_eq!(s("kind").value(1), "partial");
    }
    assert_eq!(n, 10);
    assert!(non_ascii, "the test data must make char and byte offsets differ");

    let speakers = read_table(&dir, Table::Speakers);
    let s = &speakers[0];
    let ids = s.column_by_name("speaker_id").unwrap().as_string::<i32>();
    assert_eq!((ids.value(0), ids.value(1)), ("a:s0", "a:s1"));
    let n_quotes = s.column_by_name("n_quotes").unwrap().as_primitive::<Int64Type>();
    assert_eq!((n_quotes.value(0), n_quotes.value(1)), (3, 1));
    let aliases = s.column_by_name("aliases").unwrap().as_list::<i32>();
    assert_eq!(aliases.value(0).len(), 3);

    // Row groups: one per write call per table (articles got rows in both calls).
    let meta =
        SerializedFileReader::new(std::fs::File::open(dir.join("articles/part-00000.parquet")).unwrap()).unwrap();
    assert_eq!(meta.metadata().num_row_groups(), 2);
    let fm = meta.metadata().file_metadata();
    assert_eq!(fm.created_by(), Some(format!("whosaid {}", whosaid_core::VERSION).as_str()));
    let kv: BTreeMap<_, _> =
        fm.key_value_metadata().unwrap().iter().map(|k| (k.key.as_str(), k.value.as_deref())).collect();
    assert_eq!(kv["whosaid.schema_version"], Some("1"));
    assert_eq!(kv["whosaid.table"], Some("articles"));

    let problems = validate(&dir).unwrap();
    assert!(problems.is_empty(), "{problems:#?}");
}

/// The Parquet encodings of each column chunk of a table's first part, by column name.
fn encodings(dir: &Path, table: Table) -> BTreeMap<String, Vec<parquet::basic::Encoding>> {
    let path = dir.join(table.name()).join("part-00000.parquet");
    let reader = SerializedFileReader::new(std::fs::File::open(path).unwrap()).unwrap();
    let rg = reader.metadata().row_group(0);
    rg.columns().iter().map(|c| (c.column_path().string(), c.encodings().collect())).collect()
}

#[test]
fn distinct_columns_have_no_dictionary_and_repeated_ones_do() {
    use parquet::basic::Encoding;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("out");
    write_dataset(&dir, OutputOptions::default(), &standard_calls());
    let dict = |table: Table, col: &str| encodings(&dir, table)[col].contains(&Encoding::RLE_DICTIONARY);
    // One value per row, or ids in runs of one article: plain.
    for (table, col) in [
        (Table::Articles, "article_id"),
        (Table::Articles, "text_sha256"),
        (Table::Articles, "text"),
        (Table::Sentences, "text"),
        (Table::Quotes, "quote_id"),
        (Table::Quotes, "text"),
        (Table::Speakers, "speaker_id"),
        (Table::Sentences, "article_id"),
        (Table::Mentions, "article_id"),
        (Table::Mentions, "speaker_id"),
    ] {
        assert!(!dict(table, col), "{table}.{col} is dictionary-encoded");
    }
    // Values repeated across rows: a dictionary.
    for (table, col) in [(Table::Quotes, "kind"), (Table::Mentions, "text"), (Table::Mentions, "mention_type")] {
        assert!(dict(table, col), "{table}.{col} is not dictionary-encoded");
    }
    // Integers that count up within an article: deltas, no dictionary; other integers keep one.
    let delta = |table: Table, col: &str| encodings(&dir, table)[col].contains(&Encoding::DELTA_BINARY_PACKED);
    for (table, col) in [
        (Table::Sentences, "char_start"),
        (Table::Sentences, "sentence_index"),
        (Table::Quotes, "byte_end"),
        (Table::Quotes, "cue_char_start"),
        (Table::Mentions, "char_end"),
    ] {
        assert!(delta(table, col) && !dict(table, col), "{table}.{col} is not DELTA_BINARY_PACKED alone");
    }
    for (table, col) in [(Table::Articles, "n_chars"), (Table::Speakers, "n_mentions")] {
        assert!(dict(table, col) && !delta(table, col), "{table}.{col} is not dictionary-encoded");
    }
}

#[test]
fn metadata_files_are_consistent() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = &tmp.path().join("out");
    write_dataset(
        dir,
        OutputOptions { release_date: Some(Date::constant(2024, 5, 1)), ..Default::default() },
        &standard_calls(),
    );
    let sums = std::fs::read_to_string(dir.join(SHA256SUMS)).unwrap();
    let paths: Vec<&str> = sums.lines().map(|l| l.split_once("  ").unwrap().1).collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);
    assert!(
        paths.contains(&"README.md")
            && paths.contains(&"croissant.json")
            && paths.contains(&"quotes/part-00000.parquet")
    );
    assert!(!paths.contains(&"manifest.json"));

    let text = std::fs::read_to_string(dir.join(MANIFEST)).unwrap();
    assert!(text.ends_with("}\n"));
    let m: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(m["tool"]["name"], "whosaid");
    assert_eq!(m["release_date"], "2024-05-01");
    assert_eq!(m["counts"]["quotes"], 10);
    assert_eq!(m["counts"]["attributed"], 8);
    assert_eq!(m["skipped"]["count"], 1);
    assert_eq!(m["skipped"]["kinds"]["empty"], 1);
    assert_eq!(m["skipped"]["first"][0]["reason"], "empty document");
    let listed = std::fs::read_to_string(dir.join(SKIPPED)).unwrap();
    assert_eq!(listed, format!("{}\n", serde_json::to_string(&skipped()).unwrap()));
    assert_eq!(m["inputs"][0]["bytes"], 1234);
    assert_eq!(m["options"]["max_article_bytes"], 1 << 20);
    assert_eq!(
        Manifest::parse(text.as_bytes()).unwrap().render(),
        text,
        "the typed manifest reads back to the same bytes"
    );
    assert!(m["outputs"].as_array().unwrap().iter().any(|o| o["path"] == "SHA256SUMS"));

    let card = std::fs::read_to_string(dir.join(README)).unwrap();
    assert!(card.starts_with("---\nlicense: other\n"));
    assert!(card.contains("- config_name: quotes\n  data_files: \"quotes/*.parquet\"\n  default: true\n"));
    assert!(card.contains("| dana okafor | Dana Okafor | 6 | 2 |"), "{card}");
    assert!(card.contains("| `mention_char_start` | int64 | yes |"));
    assert!(card.contains("Release date: 2024-05-01."));

    let c: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(dir.join(CROISSANT)).unwrap()).unwrap();
    assert_eq!(c["conformsTo"], "http://mlcommons.org/croissant/1.0");
    let rs = c["recordSet"].as_array().unwrap();
    assert_eq!(rs.len(), 5);
    let quotes = rs.iter().find(|r| r["@id"] == "quotes").unwrap();
    assert_eq!(quotes["field"].as_array().unwrap().len(), table_schema(Table::Quotes).columns.len());
}

#[test]
fn writing_twice_is_byte_identical() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    write_dataset(&a, OutputOptions::default(), &standard_calls());
    write_dataset(&b, OutputOptions::default(), &standard_calls());
    let first = files_of(&a);
    assert_eq!(first, files_of(&b));
    // Re-running into the same folder gives the same files again.
    write_dataset(&a, OutputOptions::default(), &standard_calls());
    assert_eq!(first, files_of(&a));
}

#[test]
fn small_parts_roll_over_and_stale_parts_are_removed() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = &tmp.path().join("out");
    let calls = vec![vec![rich("a")], vec![rich("b")], vec![plain("c")]];
    write_dataset(dir, OutputOptions { part_max_bytes: 1, ..Default::default() }, &calls);
    for n in 0..3 {
        assert!(dir.join(format!("articles/part-0000{n}.parquet")).is_file());
    }
    assert!(dir.join("quotes/part-00001.parquet").is_file());
    assert!(!dir.join("quotes/part-00002.parquet").exists()); // no quotes in the last call
    assert_eq!(validate(dir).unwrap(), Vec::<String>::new());
    let rows: usize = read_table(dir, Table::Articles).iter().map(|b| b.num_rows()).sum();
    assert_eq!(rows, 3);

    // A smaller re-run leaves no part of the earlier run behind.
    write_dataset(dir, OutputOptions::default(), &calls);
    assert!(!dir.join("articles/part-00001.parquet").exists());
    assert!(validate(dir).unwrap().is_empty());
}

#[test]
fn empty_run_writes_empty_parts_with_schema() {
    let tmp = tempfile::tempdir().unwrap();
    let summary = write_dataset(&tmp.path().join("out"), OutputOptions::default(), &[]);
    assert_eq!(summary.counts.articles, 0);
    for t in Table::ALL {
        let batches = read_table(&tmp.path().join("out"), t);
        assert_eq!(batches.iter().map(|b| b.num_rows()).sum::<usize>(), 0);
    }
    assert!(validate(&tmp.path().join("out")).unwrap().is_empty());
}

#[test]
fn an_unfinished_writer_leaves_the_previous_dataset_as_it_was() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("out");
    write_dataset(&dir, OutputOptions::default(), &standard_calls());
    let before = files_of(&dir);
    let staging = tmp.path().join("out.whosaid-staging");
    let mut w = DatasetWriter::create(&dir, OutputOptions::default()).unwrap();
    w.write(&[rich("x")]).unwrap();
    assert!(staging.join("quotes/part-00000.parquet").exists(), "rows go to the staging folder");
    assert_eq!(files_of(&dir), before, "the previous dataset is untouched while a build runs");
    assert!(validate(&dir).unwrap().is_empty());
    drop(w);
    assert!(!staging.exists(), "an unfinished build removes its staging folder");
    assert!(!tmp.path().join("out.whosaid-lock").exists(), "and its lock");
    assert_eq!(files_of(&dir), before);
}

#[test]
fn a_second_writer_of_the_same_folder_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("out");
    let first = DatasetWriter::create(&dir, OutputOptions::default()).unwrap();
    let err = DatasetWriter::create(&dir, OutputOptions::default()).err().expect("a second writer is refused");
    assert!(matches!(err.kind, crate::ErrorKind::Locked(_)), "{err}");
    assert!(err.to_string().contains("another whosaid build"), "{err}");
    drop(first);
    assert!(DatasetWriter::create(&dir, OutputOptions::default()).is_ok(), "free again once the first is gone");
}

#[test]
fn create_refuses_foreign_files_unless_forced() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("out");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("notes.txt"), "my notes\n").unwrap();
    let err = DatasetWriter::create(&dir, OutputOptions::default()).err().expect("refused");
    assert!(err.to_string().contains("not a whosaid dataset") && err.to_string().contains("notes.txt"), "{err}");
    assert!(dir.join("notes.txt").exists());

    // A dataset with a file of the user's in a table folder is refused too.
    std::fs::remove_file(dir.join("notes.txt")).unwrap();
    write_dataset(&dir, OutputOptions::default(), &standard_calls());
    std::fs::write(dir.join("quotes/my_analysis.csv"), "a,b\n").unwrap();
    let err = DatasetWriter::create(&dir, OutputOptions::default()).err().expect("refused");
    assert!(err.to_string().contains("quotes/my_analysis.csv"), "{err}");
    assert!(validate(&dir).unwrap().iter().any(|p| p.starts_with("quotes/my_analysis.csv: not part of the dataset")));

    // --force replaces the folder whole.
    write_dataset(&dir, OutputOptions { force: true, ..Default::default() }, &standard_calls());
    assert!(!dir.join("quotes/my_analysis.csv").exists());
    assert!(validate(&dir).unwrap().is_empty());
    // A file is never replaced by a folder.
    let file = tmp.path().join("file");
    std::fs::write(&file, "x").unwrap();
    assert!(DatasetWriter::create(&file, OutputOptions { force: true, ..Default::default() }).is_err());
}

#[test]
fn validate_reports_corruption() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = &tmp.path().join("out");
    write_dataset(dir, OutputOptions::default(), &standard_calls());

    // A changed checksum line.
    let sums_path = dir.join(SHA256SUMS);
    let sums = std::fs::read_to_string(&sums_path).unwrap();
    let changed = sums.replacen(&sums[..8], "00000000", 1);
    std::fs::write(&sums_path, &changed).unwrap();
    let problems = validate(dir).unwrap();
    assert!(problems.iter().any(|p| p.contains("does not match SHA256SUMS")), "{problems:#?}");
    std::fs::write(&sums_path, &sums).unwrap();
    assert!(validate(dir).unwrap().is_empty());

    // A flipped byte in a part.
    let part = dir.join("mentions/part-00000.parquet");
    let mut bytes = std::fs::read(&part).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0xff;
    std::fs::write(&part, &bytes).unwrap();
    let problems = validate(dir).unwrap();
    assert!(problems.iter().any(|p| p.starts_with("mentions/part-00000.parquet: sha256")), "{problems:#?}");
}

#[test]
fn validate_reports_bad_rows_and_schema() {
    use arrow::array::{ArrayRef, Int64Array};
    use std::sync::Arc;
    let tmp = tempfile::tempdir().unwrap();
    let dir = &tmp.path().join("out");
    write_dataset(dir, OutputOptions::default(), &standard_calls());

    // Rewrite the quotes part with shifted char offsets (a consistent checksum, a wrong span).
    let batches = read_table(dir, Table::Quotes);
    let b = &batches[0];
    let cs = b.column_by_name("char_start").unwrap().as_primitive::<Int64Type>();
    let shifted: ArrayRef = Arc::new(Int64Array::from_iter_values(cs.values().iter().map(|v| v + 1)));
    let mut cols = b.columns().to_vec();
    cols[b.schema().index_of("char_start").unwrap()] = shifted;
    let bad = RecordBatch::try_new(b.schema(), cols).unwrap();
    let path = dir.join("quotes/part-00000.parquet");
    let mut w = parquet::arrow::ArrowWriter::try_new(std::fs::File::create(&path).unwrap(), b.schema(), None).unwrap();
    w.write(&bad).unwrap();
    w.close().unwrap();
    let problems = validate(dir).unwrap();
    assert!(problems.iter().any(|p| p.contains("char span") && p.contains("slices to")), "{problems:#?}");

    // A part whose schema differs (a nullable column made non-nullable, a column dropped).
    let speakers = read_table(dir, Table::Speakers);
    let projected = speakers[0].project(&[0, 1, 2]).unwrap();
    let path = dir.join("speakers/part-00000.parquet");
    let mut w =
        parquet::arrow::ArrowWriter::try_new(std::fs::File::create(&path).unwrap(), projected.schema(), None).unwrap();
    w.write(&projected).unwrap();
    w.close().unwrap();
    let problems = validate(dir).unwrap();
    assert!(problems.iter().any(|p| p.contains("schema differs from schema/speakers.json")), "{problems:#?}");
}

/// Writes the test dataset to `$WHOSAID_SAMPLE_OUT` for checks with external tools
/// (`mlcroissant validate`, pyarrow, DuckDB): `cargo test --lib write_sample_dataset -- --ignored`.
#[test]
#[ignore]
fn write_sample_dataset() {
    let dir = std::env::var("WHOSAID_SAMPLE_OUT").expect("set WHOSAID_SAMPLE_OUT");
    let opts = OutputOptions { part_max_bytes: 1, release_date: Some(Date::constant(2024, 5, 1)), force: true };
    let calls = if std::env::var_os("WHOSAID_SAMPLE_EMPTY").is_some() { Vec::new() } else { standard_calls() };
    write_dataset(Path::new(&dir), opts, &calls);
}

#[test]
fn figures_are_written_listed_shown_and_validated() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    // Tiny parts: the statistics behind the figures stream over several parts.
    write_dataset(dir, OutputOptions { part_max_bytes: 1, ..OutputOptions::default() }, &standard_calls());
    let manifest = crate::manifest::Manifest::read(dir).unwrap();
    let figures: Vec<&str> =
        manifest.outputs.iter().map(|f| f.path.as_str()).filter(|p| p.starts_with("figures/")).collect();
    assert!(figures.len() >= 6, "{figures:?}");
    let sums = std::fs::read_to_string(dir.join(SHA256SUMS)).unwrap();
    let card = std::fs::read_to_string(dir.join(README)).unwrap();
    for f in &figures {
        assert!(sums.contains(&format!("  {f}\n")), "{f} not in SHA256SUMS");
        assert!(card.contains(&format!("]({f})")), "{f} not in the card");
    }
    assert!(validate(dir).unwrap().is_empty());

    // Same rows, same figure bytes.
    let first = std::fs::read(dir.join(figures[0])).unwrap();
    write_dataset(dir, OutputOptions { part_max_bytes: 1, ..OutputOptions::default() }, &standard_calls());
    assert_eq!(std::fs::read(dir.join(figures[0])).unwrap(), first);

    // A changed, a missing and a foreign figure.
    let changed = dir.join(figures[1]);
    let svg = std::fs::read_to_string(&changed).unwrap();
    std::fs::write(&changed, svg.replacen("<rect", "<rect data-x=\"1\"", 1)).unwrap();
    std::fs::remove_file(dir.join(figures[2])).unwrap();
    std::fs::write(dir.join("figures/extra.svg"), "<svg/>").unwrap();
    let problems = validate(dir).unwrap();
    for want in [
        format!("{}: differs from the figure re-rendered from the tables", figures[1]),
        format!("{}: missing", figures[2]),
        "figures/extra.svg: not a figure of this dataset".to_string(),
    ] {
        assert!(problems.contains(&want), "{want:?} not in {problems:#?}");
    }
    // A new build (forced over the foreign file) clears figures of the old one.
    write_dataset(dir, OutputOptions { force: true, ..OutputOptions::default() }, &standard_calls());
    assert!(!dir.join("figures/extra.svg").exists());
    assert!(validate(dir).unwrap().is_empty());
}

/// A fresh copy of the standard test dataset in its own folder.
fn fresh(tmp: &Path, name: &str) -> std::path::PathBuf {
    let dir = tmp.join(name);
    write_dataset(&dir, OutputOptions::default(), &standard_calls());
    assert!(validate(&dir).unwrap().is_empty());
    dir
}

/// Rewrites the single part of `table` with `edit` applied to its rows.
fn rewrite(dir: &Path, table: Table, edit: impl FnOnce(RecordBatch) -> RecordBatch) {
    let batches = read_table(dir, table);
    let batch = arrow::compute::concat_batches(&arrow_schema(table), &batches).unwrap();
    let edited = edit(batch);
    let path = dir.join(table.name()).join("part-00000.parquet");
    let props = super::writer::writer_properties(table).unwrap();
    let mut w =
        parquet::arrow::ArrowWriter::try_new(std::fs::File::create(&path).unwrap(), arrow_schema(table), Some(props))
            .unwrap();
    w.write(&edited).unwrap();
    w.close().unwrap();
}

/// `batch` with column `name` replaced by `col`.
fn with_column(batch: RecordBatch, name: &str, col: arrow::array::ArrayRef) -> RecordBatch {
    let mut cols = batch.columns().to_vec();
    cols[batch.schema().index_of(name).unwrap()] = col;
    RecordBatch::try_new(batch.schema(), cols).unwrap()
}

/// `batch` with row `row` of integer column `name` set to `value`.
fn set_int(batch: RecordBatch, name: &str, row: usize, value: i64) -> RecordBatch {
    let c = batch.column_by_name(name).unwrap().as_primitive::<Int64Type>();
    let v: arrow::array::Int64Array =
        (0..c.len()).map(|i| if i == row { Some(value) } else { Some(c.value(i)) }).collect();
    with_column(batch, name, std::sync::Arc::new(v))
}

/// Recomputes what a careful forger would: every checksum, size and row count in the manifest,
/// `croissant.json` and `SHA256SUMS` (the card is left as written).
fn reseal(dir: &Path) {
    let mut m = Manifest::read(dir).unwrap();
    let mut rows = BTreeMap::new();
    for o in &mut m.outputs {
        if [SHA256SUMS, CROISSANT, README].contains(&o.path.as_str()) {
            continue;
        }
        let bytes = std::fs::read(dir.join(&o.path)).unwrap();
        o.sha256 = crate::checksum::sha256_hex(&bytes);
        o.bytes = bytes.len() as u64;
        if let Some(t) = o.table {
            let n = SerializedFileReader::new(std::fs::File::open(dir.join(&o.path)).unwrap())
                .unwrap()
                .metadata()
                .file_metadata()
                .num_rows() as u64;
            o.rows = Some(n);
            *rows.entry(t).or_insert(0) += n;
        }
    }
    for (t, n) in rows {
        m.tables.get_mut(t.name()).unwrap().rows = n;
        m.counts.set_rows(t, n);
    }
    let mut before = m.clone();
    before.outputs.retain(|o| ![SHA256SUMS, CROISSANT, README].contains(&o.path.as_str()));
    let croissant = super::croissant::render(&before);
    std::fs::write(dir.join(CROISSANT), &croissant).unwrap();
    for o in &mut m.outputs {
        if o.path == CROISSANT {
            o.sha256 = crate::checksum::sha256_hex(croissant.as_bytes());
            o.bytes = croissant.len() as u64;
        }
    }
    let listed: Vec<OutputFile> = m.outputs.iter().filter(|o| o.path != SHA256SUMS).cloned().collect();
    let sums = super::sha256sums(&listed);
    std::fs::write(dir.join(SHA256SUMS), &sums).unwrap();
    for o in &mut m.outputs {
        if o.path == SHA256SUMS {
            o.sha256 = crate::checksum::sha256_hex(sums.as_bytes());
            o.bytes = sums.len() as u64;
        }
    }
    std::fs::write(dir.join(MANIFEST), m.render()).unwrap();
}

/// Edits the manifest (as JSON) and nothing else.
fn edit_manifest(dir: &Path, edit: impl FnOnce(&mut serde_json::Value)) {
    let mut m: serde_json::Value = serde_json::from_slice(&std::fs::read(dir.join(MANIFEST)).unwrap()).unwrap();
    edit(&mut m);
    std::fs::write(dir.join(MANIFEST), serde_json::to_string_pretty(&m).unwrap() + "\n").unwrap();
}

fn assert_problem(dir: &Path, needle: &str) {
    let problems = validate(dir).unwrap();
    assert!(problems.iter().any(|p| p.contains(needle)), "no problem mentions {needle:?}: {problems:#?}");
}

#[test]
fn validate_catches_stray_files_and_edited_manifests() {
    let tmp = tempfile::tempdir().unwrap();
    let tmp = tmp.path();

    let dir = fresh(tmp, "stray");
    std::fs::copy(dir.join("quotes/part-00000.parquet"), dir.join("quotes/backup.parquet")).unwrap();
    assert_problem(&dir, "quotes/backup.parquet: not part of the dataset (a stray part");
    std::fs::write(dir.join("notes.txt"), "mine").unwrap();
    assert_problem(&dir, "notes.txt: not part of the dataset (a stray file");

    type Edit = fn(&mut serde_json::Value);
    let edits: [(&str, Edit, &str); 6] = [
        (
            "counts",
            |m| m["counts"]["quotes"] = (m["counts"]["quotes"].as_u64().unwrap() + 1).into(),
            "counts.quotes is",
        ),
        ("attributed", |m| m["counts"]["attributed"] = 0.into(), "counts.attributed is 0"),
        ("rows", |m| m["tables"]["mentions"]["rows"] = 1.into(), "tables.mentions.rows is 1"),
        ("skipped", |m| m["skipped"]["count"] = 0.into(), "skipped says 0 records"),
        ("input-hash", |m| m["inputs"][0]["sha256"] = "cd".repeat(32).into(), "README.md: does not match"),
        ("input-gone", |m| m["inputs"] = serde_json::json!([]), "names no input listed"),
    ];
    for (name, edit, needle) in edits {
        let dir = fresh(tmp, name);
        edit_manifest(&dir, edit);
        assert_problem(&dir, needle);
    }

    let dir = fresh(tmp, "skip-lines");
    std::fs::write(dir.join(SKIPPED), "").unwrap();
    reseal(&dir);
    assert_problem(&dir, "skipped says 1 records (0 rows lost), skipped.jsonl has 0");
}

#[test]
fn validate_catches_resealed_row_edits() {
    use arrow::array::{ArrayRef, StringArray};
    let tmp = tempfile::tempdir().unwrap();
    let tmp = tmp.path();
    type Edit = (Table, fn(RecordBatch) -> RecordBatch, &'static str);
    let cases: [(&str, Edit); 7] = [
        ("mention-deleted", (Table::Mentions, |b| b.slice(1, b.num_rows() - 1), "n_mentions is")),
        ("n-mentions", (Table::Speakers, |b| set_int(b, "n_mentions", 0, 99), "n_mentions is 99")),
        ("n-quotes", (Table::Speakers, |b| set_int(b, "n_quotes", 0, 7), "n_quotes is 7")),
        (
            "kind",
            (
                Table::Quotes,
                |b| {
                    let kinds: ArrayRef = std::sync::Arc::new(StringArray::from_iter_values(
                        (0..b.num_rows()).map(|i| if i == 0 { "bogus" } else { "full" }),
                    ));
                    with_column(b, "kind", kinds)
                },
                "kind \"bogus\" is not full or partial",
            ),
        ),
        ("paragraphs", (Table::Articles, |b| set_int(b, "n_paragraphs", 0, -5), "n_paragraphs is -5")),
        (
            "sentence-index",
            (Table::Sentences, |b| set_int(b, "sentence_index", 1, 0), "sentence_index 0 where 1 comes next"),
        ),
        (
            "quote-order",
            (
                Table::Quotes,
                |b| {
                    let n = b.num_rows();
                    let order = arrow::array::UInt32Array::from_iter_values((0..n as u32).rev());
                    let cols = b.columns().iter().map(|c| arrow::compute::take(c, &order, None).unwrap()).collect();
                    RecordBatch::try_new(b.schema(), cols).unwrap()
                },
                "comes after the rows of later articles",
            ),
        ),
    ];
    for (name, (table, edit, needle)) in cases {
        let dir = fresh(tmp, name);
        rewrite(&dir, table, edit);
        reseal(&dir);
        let problems = validate(&dir).unwrap();
        assert!(
            !problems.iter().any(|p| p.contains("sha256") || p.contains(CROISSANT)),
            "{name}: the forgery should pass the checksums: {problems:#?}"
        );
        assert_problem(&dir, needle);
    }
}
