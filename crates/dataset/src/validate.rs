//! `whosaid validate`: checks a dataset folder written by [`DatasetWriter`](crate::output::DatasetWriter).
//!
//! Checks, each reported as one human-readable message per problem:
//! - `SHA256SUMS` exists, every entry matches its file, and every Parquet part is listed;
//! - `manifest.json` exists (the run finished), its outputs match the files (sha256, bytes,
//!   rows), its parts match the parts on disk, and its counts match the rows;
//! - every table has at least one part, and each part's Arrow schema equals the one built from
//!   `schema/<table>.json` (names, types, nullability, order);
//! - `article_id` is unique in `articles`, and every other table's `article_id` exists there;
//!   articles' `text_sha256`, `n_chars`, `n_bytes`, `n_sentences`, `n_quotes`, `n_attributed` agree
//!   with the text and the other tables;
//! - `quote_id` and `speaker_id` are unique and well formed (`{article_id}:q{quote_index}`,
//!   `{article_id}:s{n}`); every non-null `quotes.speaker_id` and every `mentions.speaker_id`
//!   exists in `speakers`;
//! - every span (sentences, quotes, mentions by char and by byte offsets; quote mention and cue by
//!   char offsets) slices `articles.text` to the row's text; `confidence` lies in [0, 1].
//! - `figures/*.svg` are the figures drawn again from the tables, byte for byte, and nothing else
//!   (see [`crate::output::figures::verify`]).
//!
//! The article texts are held in memory while checking.

use crate::checksum::{sha256_file, sha256_hex};
use crate::manifest::{MANIFEST, Manifest};
use crate::output::SHA256SUMS;
use crate::read::{opt_int, opt_str};
use crate::schema::{Table, arrow_schema};
use crate::{Error, ErrorKind, Result};
use arrow::array::{Array, AsArray, RecordBatch};
use arrow::datatypes::{Float64Type, Int64Type};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// Most messages reported; the rest are counted.
const MAX_PROBLEMS: usize = 1000;

/// Checks the dataset in `dir`; returns one message per problem (empty = valid). Fails only when
/// `dir` is not a folder.
pub fn validate(dir: &Path) -> Result<Vec<String>> {
    if !dir.is_dir() {
        return Err(Error::new(ErrorKind::Invalid("not a folder".into())).at(dir));
    }
    let mut v = Validator { dir: dir.to_path_buf(), problems: Vec::new(), suppressed: 0, hashes: HashMap::new() };
    v.run();
    let mut problems = v.problems;
    if v.suppressed > 0 {
        problems.push(format!("… and {} more problems", v.suppressed));
    }
    Ok(problems)
}

struct Validator {
    dir: PathBuf,
    problems: Vec<String>,
    suppressed: usize,
    /// sha256 and size by relative path, computed once.
    hashes: HashMap<String, Option<(String, u64)>>,
}

/// One table read from its parts.
struct TableData {
    batches: Vec<(String, RecordBatch)>,
    /// Rows per part, by relative path.
    part_rows: BTreeMap<String, u64>,
    rows: u64,
    /// Schema matched in every part, so the typed column accessors below cannot fail.
    schema_ok: bool,
}

/// Per-article facts gathered from `articles`.
struct ArticleFacts {
    text: String,
    n_sentences: i64,
    n_quotes: i64,
    n_attributed: i64,
}

/// Char-to-byte offsets of the last article looked up (rows are grouped by article).
#[derive(Default)]
struct CharMap {
    id: String,
    c2b: Vec<usize>,
}

impl CharMap {
    fn get(&mut self, id: &str, text: &str) -> &[usize] {
        if self.id != id || self.c2b.is_empty() {
            self.id = id.to_string();
            self.c2b = text.char_indices().map(|(b, _)| b).chain([text.len()]).collect();
        }
        &self.c2b
    }
}

fn str_col<'a>(b: &'a RecordBatch, name: &str) -> &'a arrow::array::StringArray {
    b.column_by_name(name).expect("schema checked").as_string::<i32>()
}
fn int_col<'a>(b: &'a RecordBatch, name: &str) -> &'a arrow::array::Int64Array {
    b.column_by_name(name).expect("schema checked").as_primitive::<Int64Type>()
}

impl Validator {
    fn problem(&mut self, msg: String) {
        if self.problems.len() < MAX_PROBLEMS {
            self.problems.push(msg);
        } else {
            self.suppressed += 1;
        }
    }

    fn hash(&mut self, rel: &str) -> Option<(String, u64)> {
        if let Some(h) = self.hashes.get(rel) {
            return h.clone();
        }
        let h = sha256_file(&self.dir.join(rel)).ok();
        self.hashes.insert(rel.to_string(), h.clone());
        h
    }

    fn run(&mut self) {
        let parts = self.list_parts();
        self.check_sums(&parts);
        let mut tables = BTreeMap::new();
        for t in Table::ALL {
            tables.insert(t, self.read_table(t, &parts[&t]));
        }
        self.check_manifest(&parts, &tables);
        for p in crate::output::figures::verify(&self.dir) {
            self.problem(p);
        }
        if tables.values().all(|t| t.schema_ok) {
            self.check_rows(&tables);
        } else {
            self.problem("row checks skipped: some table does not have the expected schema".into());
        }
    }

    /// `<table>/part-NNNNN.parquet` files on disk, sorted.
    fn list_parts(&mut self) -> BTreeMap<Table, Vec<String>> {
        let mut out = BTreeMap::new();
        for t in Table::ALL {
            let mut names = Vec::new();
            if let Ok(rd) = std::fs::read_dir(self.dir.join(t.name())) {
                for e in rd.flatten() {
                    let n = e.file_name().to_string_lossy().into_owned();
                    if n.starts_with("part-") && n.ends_with(".parquet") {
                        names.push(format!("{}/{n}", t.name()));
                    }
                }
            }
            names.sort();
            if names.is_empty() {
                self.problem(format!("{}: no part-*.parquet file", t.name()));
            }
            out.insert(t, names);
        }
        out
    }

    fn check_sums(&mut self, parts: &BTreeMap<Table, Vec<String>>) {
        let path = self.dir.join(SHA256SUMS);
        let Ok(text) = std::fs::read_to_string(&path) else {
            self.problem(format!("{SHA256SUMS}: missing or unreadable"));
            return;
        };
        let mut listed = HashSet::new();
        for (i, line) in text.lines().enumerate() {
            let Some((hash, rel)) = line.split_once("  ").or_else(|| line.split_once(" *")) else {
                self.problem(format!("{SHA256SUMS}:{}: not `<sha256>  <path>`", i + 1));
                continue;
            };
            if hash.len() != 64 || !hash.bytes().all(|c| c.is_ascii_hexdigit()) {
                self.problem(format!("{SHA256SUMS}:{}: bad checksum {hash:?}", i + 1));
                continue;
            }
            if rel.starts_with('/') || rel.split('/').any(|c| c == "..") {
                self.problem(format!("{SHA256SUMS}:{}: path {rel:?} leaves the folder", i + 1));
                continue;
            }
            listed.insert(rel.to_string());
            match self.hash(rel) {
                None => self.problem(format!("{SHA256SUMS}:{}: {rel} is missing", i + 1)),
                Some((h, _)) if !h.eq_ignore_ascii_case(hash) => {
                    self.problem(format!("{rel}: sha256 {h} does not match {SHA256SUMS} ({hash})"))
                }
                _ => {}
            }
        }
        for rel in parts.values().flatten() {
            if !listed.contains(rel) {
                self.problem(format!("{rel}: not listed in {SHA256SUMS}"));
            }
        }
    }

    fn read_table(&mut self, table: Table, parts: &[String]) -> TableData {
        let expected = arrow_schema(table);
        let mut data =
            TableData { batches: Vec::new(), part_rows: BTreeMap::new(), rows: 0, schema_ok: !parts.is_empty() };
        for rel in parts {
            let result = (|| -> std::result::Result<(Vec<RecordBatch>, u64), String> {
                let file = std::fs::File::open(self.dir.join(rel)).map_err(|e| e.to_string())?;
                let builder = ParquetRecordBatchReaderBuilder::try_new(file).map_err(|e| e.to_string())?;
                let rows = builder.metadata().file_metadata().num_rows() as u64;
                let schema = builder.schema().clone();
                let mut diffs = Vec::new();
                if schema.fields().len() != expected.fields().len() {
                    diffs.push(format!("{} columns, expected {}", schema.fields().len(), expected.fields().len()));
                }
                for (i, want) in expected.fields().iter().enumerate() {
                    match schema.fields().get(i) {
                        None => diffs.push(format!("missing column {}", want.name())),
                        Some(got) if got.name() != want.name() => {
                            diffs.push(format!("column {i} is {:?}, expected {:?}", got.name(), want.name()))
                        }
                        Some(got) if got.data_type() != want.data_type() || got.is_nullable() != want.is_nullable() => {
                            diffs.push(format!(
                                "column {} is {}{}, expected {}{}",
                                want.name(),
                                got.data_type(),
                                if got.is_nullable() { " (nullable)" } else { "" },
                                want.data_type(),
                                if want.is_nullable() { " (nullable)" } else { "" },
                            ))
                        }
                        _ => {}
                    }
                }
                if !diffs.is_empty() {
                    return Err(format!("schema differs from schema/{}.json: {}", table.name(), diffs.join("; ")));
                }
                let reader = builder.build().map_err(|e| e.to_string())?;
                let batches = reader.collect::<std::result::Result<Vec<_>, _>>().map_err(|e| e.to_string())?;
                Ok((batches, rows))
            })();
            match result {
                Ok((batches, rows)) => {
                    data.part_rows.insert(rel.clone(), rows);
                    data.rows += rows;
                    data.batches.extend(batches.into_iter().map(|b| (rel.clone(), b)));
                }
                Err(e) => {
                    data.schema_ok = false;
                    self.problem(format!("{rel}: {e}"));
                }
            }
        }
        data
    }

    fn check_manifest(&mut self, parts: &BTreeMap<Table, Vec<String>>, tables: &BTreeMap<Table, TableData>) {
        let path = self.dir.join(MANIFEST);
        let manifest = match std::fs::read(&path) {
            Err(_) => {
                self.problem(format!("{MANIFEST}: missing (the run did not finish)"));
                return;
            }
            Ok(b) => match Manifest::parse(&b) {
                Ok(m) => m,
                Err(e) => {
                    self.problem(format!("{MANIFEST}: not a whosaid manifest: {e}"));
                    return;
                }
            },
        };
        if manifest.schema_version != whosaid_core::SCHEMA_VERSION {
            self.problem(format!(
                "{MANIFEST}: schema_version {} is not {}",
                manifest.schema_version,
                whosaid_core::SCHEMA_VERSION
            ));
        }
        let mut in_manifest = HashSet::new();
        for o in &manifest.outputs {
            let rel = o.path.as_str();
            in_manifest.insert(rel.to_string());
            match self.hash(rel) {
                None => self.problem(format!("{MANIFEST}: output {rel} is missing")),
                Some((h, bytes)) => {
                    if o.sha256 != h {
                        self.problem(format!("{rel}: sha256 {h} does not match {MANIFEST} ({})", o.sha256));
                    }
                    if o.bytes != bytes {
                        self.problem(format!("{rel}: {bytes} bytes, {MANIFEST} says {}", o.bytes));
                    }
                }
            }
            if let Some(rows) = o.rows {
                let actual = Table::ALL.iter().find_map(|t| tables[t].part_rows.get(rel)).copied();
                if let Some(actual) = actual.filter(|&a| a != rows) {
                    self.problem(format!("{rel}: {actual} rows, {MANIFEST} says {rows}"));
                }
            }
        }
        for t in Table::ALL {
            for rel in &parts[&t] {
                if !in_manifest.contains(rel) {
                    self.problem(format!("{rel}: not listed in {MANIFEST} (left over from another run?)"));
                }
            }
            let counted = manifest.counts.rows(t);
            if counted != tables[&t].rows {
                self.problem(format!("{}: {} rows, {MANIFEST} counts {counted}", t.name(), tables[&t].rows));
            }
        }
    }

    fn check_span(
        &mut self,
        at: &str,
        text: &str,
        c2b: &[usize],
        (cs, ce): (i64, i64),
        bytes: Option<(i64, i64)>,
        expected: &str,
    ) {
        if let Some((bs, be)) = bytes {
            let ok = 0 <= bs && bs <= be && (be as u64) <= text.len() as u64;
            let (bs, be) = (bs.max(0) as usize, be.max(0) as usize);
            if !ok || !text.is_char_boundary(bs) || !text.is_char_boundary(be) {
                self.problem(format!("{at}: byte span {bs}..{be} is not a valid range of the article text"));
            } else if &text[bs..be] != expected {
                self.problem(format!("{at}: byte span {bs}..{be} slices to {:?}, not {expected:?}", &text[bs..be]));
            }
        }
        let n = c2b.len() as i64 - 1;
        if !(0 <= cs && cs <= ce && ce <= n) {
            self.problem(format!("{at}: char span {cs}..{ce} is outside the article text ({n} chars)"));
        } else {
            let s = &text[c2b[cs as usize]..c2b[ce as usize]];
            if s != expected {
                self.problem(format!("{at}: char span {cs}..{ce} slices to {s:?}, not {expected:?}"));
            }
        }
    }

    fn check_rows(&mut self, tables: &BTreeMap<Table, TableData>) {
        let mut articles: HashMap<String, ArticleFacts> = HashMap::new();
        let mut chars = CharMap::default();
        // articles
        for (rel, b) in &tables[&Table::Articles].batches {
            let (id, text, sha) = (str_col(b, "article_id"), str_col(b, "text"), str_col(b, "text_sha256"));
            let (n_chars, n_bytes) = (int_col(b, "n_chars"), int_col(b, "n_bytes"));
            for i in 0..b.num_rows() {
                let (aid, t) = (id.value(i), text.value(i));
                let at = format!("{rel} (article {aid})");
                if sha256_hex(t.as_bytes()) != sha.value(i) {
                    self.problem(format!("{at}: text_sha256 does not match the text"));
                }
                if n_chars.value(i) != t.chars().count() as i64 || n_bytes.value(i) != t.len() as i64 {
                    self.problem(format!("{at}: n_chars/n_bytes do not match the text"));
                }
                let facts = ArticleFacts {
                    text: t.to_string(),
                    n_sentences: int_col(b, "n_sentences").value(i),
                    n_quotes: int_col(b, "n_quotes").value(i),
                    n_attributed: int_col(b, "n_attributed").value(i),
                };
                if articles.insert(aid.to_string(), facts).is_some() {
                    self.problem(format!("{at}: duplicate article_id"));
                }
            }
        }
        let mut counted: HashMap<String, [i64; 3]> = HashMap::new();
        // sentences
        for (rel, b) in &tables[&Table::Sentences].batches {
            let (id, text) = (str_col(b, "article_id"), str_col(b, "text"));
            let cols = ["char_start", "char_end", "byte_start", "byte_end"].map(|c| int_col(b, c));
            for i in 0..b.num_rows() {
                let aid = id.value(i);
                let at = format!("{rel} (sentence {aid}#{})", int_col(b, "sentence_index").value(i));
                let Some(a) = articles.get(aid) else {
                    self.problem(format!("{at}: article_id not in articles"));
                    continue;
                };
                counted.entry(aid.to_string()).or_default()[0] += 1;
                let c2b = chars.get(aid, &a.text);
                let [cs, ce, bs, be] = cols.map(|c| c.value(i));
                self.check_span(&at, &a.text, c2b, (cs, ce), Some((bs, be)), text.value(i));
            }
        }
        // speakers
        let mut speakers = HashSet::new();
        for (rel, b) in &tables[&Table::Speakers].batches {
            let (sid, id) = (str_col(b, "speaker_id"), str_col(b, "article_id"));
            for i in 0..b.num_rows() {
                let (s, aid) = (sid.value(i), id.value(i));
                let at = format!("{rel} (speaker {s})");
                if !articles.contains_key(aid) {
                    self.problem(format!("{at}: article_id {aid:?} not in articles"));
                }
                let well_formed = s
                    .strip_prefix(aid)
                    .and_then(|r| r.strip_prefix(":s"))
                    .is_some_and(|n| !n.is_empty() && n.bytes().all(|c| c.is_ascii_digit()));
                if !well_formed {
                    self.problem(format!("{at}: speaker_id is not `{aid}:s<n>`"));
                }
                if !speakers.insert(s.to_string()) {
                    self.problem(format!("{at}: duplicate speaker_id"));
                }
            }
        }
        // quotes
        let mut quote_ids = HashSet::new();
        for (rel, b) in &tables[&Table::Quotes].batches {
            let (qid, id, text, sid) =
                (str_col(b, "quote_id"), str_col(b, "article_id"), str_col(b, "text"), str_col(b, "speaker_id"));
            let cols = ["char_start", "char_end", "byte_start", "byte_end"].map(|c| int_col(b, c));
            let (m_text, cue) = (str_col(b, "mention_text"), str_col(b, "cue"));
            let [ms, me, cs_, ce_] =
                ["mention_char_start", "mention_char_end", "cue_char_start", "cue_char_end"].map(|c| int_col(b, c));
            let conf = b.column_by_name("confidence").expect("schema checked").as_primitive::<Float64Type>();
            for i in 0..b.num_rows() {
                let (q, aid) = (qid.value(i), id.value(i));
                let at = format!("{rel} (quote {q})");
                if q != format!("{aid}:q{}", int_col(b, "quote_index").value(i)) {
                    self.problem(format!("{at}: quote_id is not `{{article_id}}:q{{quote_index}}`"));
                }
                if !quote_ids.insert(q.to_string()) {
                    self.problem(format!("{at}: duplicate quote_id"));
                }
                if let Some(s) = opt_str(sid, i)
                    && !speakers.contains(s)
                {
                    self.problem(format!("{at}: speaker_id {s:?} not in speakers"));
                }
                if conf.is_valid(i) && !(0.0..=1.0).contains(&conf.value(i)) {
                    self.problem(format!("{at}: confidence {} outside [0, 1]", conf.value(i)));
                }
                let Some(a) = articles.get(aid) else {
                    self.problem(format!("{at}: article_id not in articles"));
                    continue;
                };
                let c = counted.entry(aid.to_string()).or_default();
                c[1] += 1;
                c[2] += i64::from(sid.is_valid(i));
                let c2b = chars.get(aid, &a.text);
                let [s0, s1, b0, b1] = cols.map(|c| c.value(i));
                self.check_span(&at, &a.text, c2b, (s0, s1), Some((b0, b1)), text.value(i));
                for (what, t, s, e) in [("mention", m_text, ms, me), ("cue", cue, cs_, ce_)] {
                    match (opt_str(t, i), opt_int(s, i), opt_int(e, i)) {
                        (Some(t), Some(s), Some(e)) => {
                            self.check_span(&format!("{at} {what}"), &a.text, c2b, (s, e), None, t)
                        }
                        (None, None, None) => {}
                        _ => self.problem(format!("{at}: {what} text and offsets are not all null or all set")),
                    }
                }
            }
        }
        // mentions
        for (rel, b) in &tables[&Table::Mentions].batches {
            let (id, sid, text) = (str_col(b, "article_id"), str_col(b, "speaker_id"), str_col(b, "text"));
            let cols = ["char_start", "char_end", "byte_start", "byte_end"].map(|c| int_col(b, c));
            for i in 0..b.num_rows() {
                let aid = id.value(i);
                let at = format!("{rel} row {i} (mention of {})", sid.value(i));
                if !speakers.contains(sid.value(i)) {
                    self.problem(format!("{at}: speaker_id not in speakers"));
                }
                let Some(a) = articles.get(aid) else {
                    self.problem(format!("{at}: article_id {aid:?} not in articles"));
                    continue;
                };
                let c2b = chars.get(aid, &a.text);
                let [cs, ce, bs, be] = cols.map(|c| c.value(i));
                self.check_span(&at, &a.text, c2b, (cs, ce), Some((bs, be)), text.value(i));
            }
        }
        // per-article counts
        let mut ids: Vec<&String> = articles.keys().collect();
        ids.sort();
        for aid in ids {
            let a = &articles[aid];
            let c = counted.get(aid).copied().unwrap_or_default();
            if [a.n_sentences, a.n_quotes, a.n_attributed] != c {
                self.problem(format!(
                    "articles (article {aid}): n_sentences/n_quotes/n_attributed = {}/{}/{} but the tables have {}/{}/{}",
                    a.n_sentences, a.n_quotes, a.n_attributed, c[0], c[1], c[2]
                ));
            }
        }
    }
}
