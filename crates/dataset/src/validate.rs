//! `whosaid validate`: checks a dataset folder written by [`DatasetWriter`](crate::output::DatasetWriter),
//! streaming: memory holds one record batch per table and the rows of one article, never a
//! whole table (plus 16 bytes per article id, to find duplicates).
//!
//! Checks, each reported as one human-readable message per problem:
//! - **Files.** `manifest.json` exists (the run finished) and parses; the folder holds exactly
//!   the files it lists (no stray part, backup or note) and each matches its sha256 and size;
//!   `SHA256SUMS` lists every one of them (but itself and the manifest) with the right checksum.
//! - **Manifest.** `tables.<t>.parts` are the outputs of table `t`, in order; `tables.<t>.rows`,
//!   each part's `rows` and `counts.*` are recounted from the Parquet files and the rows read;
//!   `skipped` is recounted from `skipped.jsonl` (count, kinds, rows lost, the first records);
//!   every article's `source` and every skip record's `source` name a listed input, listed once;
//!   `croissant.json` and `README.md` are what the manifest and the tables render to.
//! - **Schemas.** Each part's Arrow schema equals the one built from `schema/<table>.json`
//!   (names, types, nullability, order).
//! - **Rows** (every column invariant `schema/*.json` states), article by article: child rows
//!   come grouped by article, in the articles' order, and name an article that exists;
//!   `article_id` is unique; `text_sha256`, `n_chars`, `n_bytes` agree with the text;
//!   `n_sentences`, `n_quotes`, `n_attributed` with the other tables; `n_paragraphs` covers
//!   every `paragraph_index`; a quote starts in its sentence, in that sentence's paragraph; `sentence_index`, `quote_index` and speaker numbers run 0, 1, 2…;
//!   `quote_id` and `speaker_id` are `{article_id}:q{n}` / `{article_id}:s{n}`; every span
//!   (char and byte offsets) slices `articles.text` to the row's text, in text order;
//!   `kind`, `speaker_type`, `mention_type`, `gender` and `rule` take their documented values;
//!   the speaker columns of a quote are all set or all null (and the cue columns), name a
//!   speaker of the article with the same name and type; `confidence` lies in [0, 1];
//!   `speakers.n_mentions` and `n_quotes` are recounted (every speaker speaks);
//!   `speaker_key` is the key of `name`; aliases are distinct.

use crate::checksum::{id_key, sha256_file, sha256_hex};
use crate::manifest::{MANIFEST, Manifest, SKIPPED, SkipSummary, Skipped};
use crate::output::{CROISSANT, README, SHA256SUMS};
use crate::schema::{Table, arrow_schema};
use crate::stats::Stats;
use crate::{Error, ErrorKind, Result};
use arrow::array::{Array, AsArray, Float64Array, Int64Array, ListArray, RecordBatch, StringArray};
use arrow::datatypes::{Float64Type, Int64Type};
use parquet::arrow::arrow_reader::{ParquetRecordBatchReader, ParquetRecordBatchReaderBuilder};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use whosaid_core::model::{MentionType, QuoteKind, Rule, SpeakerType};
use whosaid_core::text::{CharIndex, is_quote_mark};

/// Most messages reported; the rest are counted.
const MAX_PROBLEMS: usize = 1000;
/// Rows per record batch of the `articles` table (texts can be long) and of the others.
const ARTICLE_BATCH_ROWS: usize = 16;
const BATCH_ROWS: usize = 4096;

/// Checks the dataset in `dir`; returns one message per problem (empty = valid). Fails only when
/// `dir` is not a folder.
pub fn validate(dir: &Path) -> Result<Vec<String>> {
    if !dir.is_dir() {
        return Err(Error::new(ErrorKind::Usage("not a folder".into())).at(dir));
    }
    let mut v = Validator { dir: dir.to_path_buf(), problems: Vec::new(), suppressed: 0 };
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
}

/// What the row walk counts, for the manifest and card checks.
#[derive(Default)]
struct Totals {
    rows: BTreeMap<Table, u64>,
    attributed: u64,
    /// Sources of the articles that name no input (the first few).
    orphan_sources: Vec<String>,
}

impl Validator {
    fn problem(&mut self, msg: String) {
        if self.problems.len() < MAX_PROBLEMS {
            self.problems.push(msg);
        } else {
            self.suppressed += 1;
        }
    }

    fn run(&mut self) {
        let manifest = self.read_manifest();
        let parts = self.parts(manifest.as_ref());
        self.check_files(manifest.as_ref());
        let schemas_ok = Table::ALL.iter().all(|t| self.check_schemas(*t, &parts[t]));
        let inputs: Option<HashSet<&str>> =
            manifest.as_ref().map(|m| m.inputs.iter().map(|f| f.path.as_str()).collect());
        let totals = if schemas_ok {
            Some(self.check_rows(&parts, inputs.as_ref()))
        } else {
            self.problem("row checks skipped: some table does not have the expected schema".into());
            None
        };
        if let Some(m) = &manifest {
            self.check_manifest(m, &parts, totals.as_ref());
        }
    }

    fn read_manifest(&mut self) -> Option<Manifest> {
        let path = self.dir.join(MANIFEST);
        match std::fs::read(&path) {
            Err(_) => {
                self.problem(format!("{MANIFEST}: missing (the run did not finish)"));
                None
            }
            Ok(b) => match Manifest::parse(&b) {
                Ok(m) => {
                    if m.schema_version != whosaid_core::SCHEMA_VERSION {
                        self.problem(format!(
                            "{MANIFEST}: schema_version {} is not {}",
                            m.schema_version,
                            whosaid_core::SCHEMA_VERSION
                        ));
                    }
                    Some(m)
                }
                Err(e) => {
                    self.problem(format!("{MANIFEST}: not a whosaid manifest: {e}"));
                    None
                }
            },
        }
    }

    /// Each table's parts: the manifest's, else the `*.parquet` files of its folder.
    fn parts(&mut self, manifest: Option<&Manifest>) -> BTreeMap<Table, Vec<String>> {
        let mut out = BTreeMap::new();
        for t in Table::ALL {
            let parts = match manifest {
                Some(m) => m.parts().filter(|o| o.table == Some(t)).map(|o| o.path.clone()).collect(),
                None => {
                    let mut names: Vec<String> = std::fs::read_dir(self.dir.join(t.name()))
                        .into_iter()
                        .flatten()
                        .flatten()
                        .map(|e| e.file_name().to_string_lossy().into_owned())
                        .filter(|n| n.ends_with(".parquet"))
                        .map(|n| format!("{}/{n}", t.name()))
                        .collect();
                    names.sort();
                    names
                }
            };
            if parts.is_empty() {
                self.problem(format!("{}: no part", t.name()));
            }
            out.insert(t, parts);
        }
        out
    }

    /// The folder holds exactly the manifest's files, each as listed; `SHA256SUMS` agrees.
    fn check_files(&mut self, manifest: Option<&Manifest>) {
        let on_disk = match crate::output::writer::files_under(&self.dir, usize::MAX) {
            Ok(f) => f,
            Err(e) => {
                self.problem(format!("cannot list the folder: {e}"));
                return;
            }
        };
        let mut hashes: HashMap<String, (String, u64)> = HashMap::new();
        if let Some(m) = manifest {
            let listed: HashSet<&str> = m.outputs.iter().map(|o| o.path.as_str()).chain([MANIFEST]).collect();
            for f in &on_disk {
                if !listed.contains(f.as_str()) {
                    let what = if f.ends_with(".parquet") { "a stray part" } else { "a stray file" };
                    self.problem(format!("{f}: not part of the dataset ({what}: {MANIFEST} does not list it)"));
                }
            }
            let mut seen = HashSet::new();
            for o in &m.outputs {
                if !seen.insert(o.path.as_str()) {
                    self.problem(format!("{MANIFEST}: output {} is listed twice", o.path));
                }
                if !safe_path(&o.path) {
                    self.problem(format!("{MANIFEST}: output path {:?} leaves the folder", o.path));
                    continue;
                }
                match sha256_file(&self.dir.join(&o.path)) {
                    Err(_) => self.problem(format!("{}: missing ({MANIFEST} lists it)", o.path)),
                    Ok((h, bytes)) => {
                        if o.sha256 != h {
                            self.problem(format!("{}: sha256 {h} does not match {MANIFEST} ({})", o.path, o.sha256));
                        }
                        if o.bytes != bytes {
                            self.problem(format!("{}: {bytes} bytes, {MANIFEST} says {}", o.path, o.bytes));
                        }
                        hashes.insert(o.path.clone(), (h, bytes));
                    }
                }
            }
        }
        let path = self.dir.join(SHA256SUMS);
        let Ok(text) = std::fs::read_to_string(&path) else {
            self.problem(format!("{SHA256SUMS}: missing or unreadable"));
            return;
        };
        let mut listed = BTreeSet::new();
        for (i, line) in text.lines().enumerate() {
            let Some((hash, rel)) = line.split_once("  ").or_else(|| line.split_once(" *")) else {
                self.problem(format!("{SHA256SUMS}:{}: not `<sha256>  <path>`", i + 1));
                continue;
            };
            if hash.len() != 64 || !hash.bytes().all(|c| c.is_ascii_hexdigit()) {
                self.problem(format!("{SHA256SUMS}:{}: bad checksum {hash:?}", i + 1));
                continue;
            }
            if !safe_path(rel) {
                self.problem(format!("{SHA256SUMS}:{}: path {rel:?} leaves the folder", i + 1));
                continue;
            }
            listed.insert(rel.to_string());
            let actual = match hashes.get(rel) {
                Some((h, _)) => Some(h.clone()),
                None => sha256_file(&self.dir.join(rel)).ok().map(|(h, _)| h),
            };
            match actual {
                None => self.problem(format!("{SHA256SUMS}:{}: {rel} is missing", i + 1)),
                Some(h) if !h.eq_ignore_ascii_case(hash) => {
                    self.problem(format!("{rel}: sha256 {h} does not match {SHA256SUMS} ({hash})"))
                }
                _ => {}
            }
        }
        let expected: BTreeSet<String> = match manifest {
            Some(m) => m.outputs.iter().map(|o| o.path.clone()).filter(|p| p != SHA256SUMS).collect(),
            None => on_disk.iter().filter(|f| *f != SHA256SUMS && *f != MANIFEST).cloned().collect(),
        };
        for rel in expected.difference(&listed) {
            self.problem(format!("{rel}: not listed in {SHA256SUMS}"));
        }
        if manifest.is_some() {
            for rel in listed.difference(&expected) {
                self.problem(format!("{SHA256SUMS}: lists {rel}, which is not an output of the dataset"));
            }
        }
    }

    fn check_schemas(&mut self, table: Table, parts: &[String]) -> bool {
        let expected = arrow_schema(table);
        let mut ok = !parts.is_empty();
        for rel in parts {
            let result = (|| -> std::result::Result<(), String> {
                let file = std::fs::File::open(self.dir.join(rel)).map_err(|e| e.to_string())?;
                let builder = ParquetRecordBatchReaderBuilder::try_new(file).map_err(|e| e.to_string())?;
                let schema = builder.schema();
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
                if diffs.is_empty() {
                    Ok(())
                } else {
                    Err(format!("schema differs from schema/{}.json: {}", table.name(), diffs.join("; ")))
                }
            })();
            if let Err(e) = result {
                ok = false;
                self.problem(format!("{rel}: {e}"));
            }
        }
        ok
    }

    /// The manifest's counts, rows, parts and skip summary against what was read; the metadata
    /// files against what the manifest renders to.
    fn check_manifest(&mut self, m: &Manifest, parts: &BTreeMap<Table, Vec<String>>, totals: Option<&Totals>) {
        let names: BTreeSet<&str> = Table::ALL.iter().map(|t| t.name()).collect();
        for name in m.tables.keys() {
            if !names.contains(name.as_str()) {
                self.problem(format!("{MANIFEST}: tables lists an unknown table {name:?}"));
            }
        }
        for t in Table::ALL {
            let Some(tp) = m.tables.get(t.name()) else {
                self.problem(format!("{MANIFEST}: tables has no {}", t.name()));
                continue;
            };
            if tp.parts != parts[&t] {
                self.problem(format!(
                    "{MANIFEST}: tables.{}.parts {:?} are not its outputs {:?}",
                    t.name(),
                    tp.parts,
                    parts[&t]
                ));
            }
            let mut sum = 0u64;
            for o in m.parts().filter(|o| o.table == Some(t)) {
                let listed = o.rows.unwrap_or(0);
                sum += listed;
                if let Some(actual) = parquet_rows(&self.dir.join(&o.path))
                    && actual != listed
                {
                    self.problem(format!("{}: {actual} rows, {MANIFEST} outputs say {listed}", o.path));
                }
            }
            if tp.rows != sum {
                self.problem(format!("{MANIFEST}: tables.{}.rows is {}, its parts hold {sum}", t.name(), tp.rows));
            }
            if m.counts.rows(t) != tp.rows {
                self.problem(format!(
                    "{MANIFEST}: counts.{} is {}, tables.{}.rows {}",
                    t.name(),
                    m.counts.rows(t),
                    t.name(),
                    tp.rows
                ));
            }
            if let Some(read) = totals.map(|x| x.rows.get(&t).copied().unwrap_or(0))
                && read != tp.rows
            {
                self.problem(format!("{}: {read} rows read, {MANIFEST} counts {}", t.name(), tp.rows));
            }
        }
        if let Some(x) = totals
            && x.attributed != m.counts.attributed
        {
            self.problem(format!(
                "{MANIFEST}: counts.attributed is {}, the quotes table has {} quotes with a speaker",
                m.counts.attributed, x.attributed
            ));
        }
        let mut seen = HashSet::new();
        for f in &m.inputs {
            if !seen.insert(f.path.as_str()) {
                self.problem(format!("{MANIFEST}: input {} is listed twice", f.path));
            }
            if f.sha256.len() != 64 || !f.sha256.bytes().all(|c| c.is_ascii_hexdigit()) {
                self.problem(format!("{MANIFEST}: input {} has a malformed sha256 {:?}", f.path, f.sha256));
            }
        }
        if let Some(x) = totals {
            for s in &x.orphan_sources {
                self.problem(format!("articles: source {s:?} names no input listed in {MANIFEST}"));
            }
        }
        self.check_skipped(m, &seen);
        // The metadata files render from the manifest as it was before they were added.
        let mut before = m.clone();
        before.outputs.truncate(m.outputs.iter().position(|o| o.path == README).unwrap_or(m.outputs.len()));
        if let Ok(croissant) = std::fs::read(self.dir.join(CROISSANT))
            && croissant != crate::output::croissant::render(&before).as_bytes()
        {
            self.problem(format!("{CROISSANT}: does not match {MANIFEST} (parts, sizes, checksums or rows edited?)"));
        }
        // The card and the figures render from the statistics of the tables (when they could be
        // read), as at build time.
        if totals.is_none() {
            return;
        }
        let stats = match Stats::of_dataset(&self.dir) {
            Ok(s) => s,
            Err(e) => return self.problem(format!("cannot recompute the statistics from the tables: {e}")),
        };
        if let Ok(card) = std::fs::read(self.dir.join(README))
            && card != crate::output::card::render(&before, &stats).as_bytes()
        {
            self.problem(format!(
                "{README}: does not match {MANIFEST} and the tables (counts, inputs, options or skips edited?)"
            ));
        }
        for p in crate::output::figures::verify(&self.dir, &stats) {
            self.problem(p);
        }
    }

    /// `skipped.jsonl` against the manifest's skip summary.
    fn check_skipped(&mut self, m: &Manifest, inputs: &HashSet<&str>) {
        if !m.outputs.iter().any(|o| o.path == SKIPPED) {
            self.problem(format!("{MANIFEST}: outputs do not list {SKIPPED}"));
            return;
        }
        let path = self.dir.join(SKIPPED);
        let Ok(file) = std::fs::File::open(&path) else { return };
        let mut found = SkipSummary::default();
        for (i, line) in std::io::BufReader::new(file).lines().enumerate() {
            let line = match line {
                Ok(l) => l,
                Err(e) => {
                    self.problem(format!("{SKIPPED}:{}: {e}", i + 1));
                    return;
                }
            };
            match serde_json::from_str::<Skipped>(&line) {
                Ok(s) => {
                    if !names_input(&s.source, inputs) {
                        self.problem(format!(
                            "{SKIPPED}:{}: source {:?} names no input listed in {MANIFEST}",
                            i + 1,
                            s.source
                        ));
                    }
                    found.add(&s);
                }
                Err(e) => self.problem(format!("{SKIPPED}:{}: not a skip record: {e}", i + 1)),
            }
        }
        if found != m.skipped {
            let (a, b) = (&m.skipped, &found);
            self.problem(format!(
                "{MANIFEST}: skipped says {} records ({} rows lost), {SKIPPED} has {} ({} rows lost){}",
                a.count,
                a.rows_lost,
                b.count,
                b.rows_lost,
                if a.count == b.count { " with other kinds or first records" } else { "" }
            ));
        }
    }

    /// Walks all tables article by article. See the module docs.
    fn check_rows(&mut self, parts: &BTreeMap<Table, Vec<String>>, inputs: Option<&HashSet<&str>>) -> Totals {
        let mut streams: BTreeMap<Table, Stream> = Table::ALL
            .iter()
            .map(|&t| {
                let rows = if t == Table::Articles { ARTICLE_BATCH_ROWS } else { BATCH_ROWS };
                (t, Stream::new(&self.dir, &parts[&t], rows))
            })
            .collect();
        let mut totals = Totals::default();
        let mut ids: HashSet<u128> = HashSet::new();
        let mut done: HashSet<u128> = HashSet::new();
        while let Some(article) = streams.get_mut(&Table::Articles).expect("articles").next(self, Row::article) {
            *totals.rows.entry(Table::Articles).or_default() += 1;
            let key = id_key(&article.id);
            if !ids.insert(key) {
                self.problem(format!("{}: duplicate article_id {:?}", article.at, article.id));
                continue;
            }
            if let Some(inputs) = inputs
                && !names_input(&article.source, inputs)
                && totals.orphan_sources.len() < 5
            {
                totals.orphan_sources.push(article.source.clone());
            }
            let mut rows = ArticleRows::default();
            for t in [Table::Sentences, Table::Quotes, Table::Speakers, Table::Mentions] {
                let s = streams.get_mut(&t).expect("table stream");
                while s.current_id(self).is_some_and(|id| id == article.id) {
                    *totals.rows.entry(t).or_default() += 1;
                    match t {
                        Table::Sentences => rows.sentences.extend(s.next(self, Row::sentence)),
                        Table::Quotes => rows.quotes.extend(s.next(self, Row::quote)),
                        Table::Speakers => rows.speakers.extend(s.next(self, Row::speaker)),
                        _ => rows.mentions.extend(s.next(self, Row::mention)),
                    }
                }
            }
            self.check_article(&article, &rows, &mut totals);
            done.insert(key);
        }
        // What is left in the child tables names no article, or comes out of article order.
        for t in [Table::Sentences, Table::Quotes, Table::Speakers, Table::Mentions] {
            let s = streams.get_mut(&t).expect("table stream");
            while let Some(id) = s.current_id(self).map(str::to_owned) {
                *totals.rows.entry(t).or_default() += 1;
                let at = s.at();
                let why = if done.contains(&id_key(&id)) {
                    "comes after the rows of later articles (rows must be grouped by article, in article order)"
                } else {
                    "is not in articles"
                };
                self.problem(format!("{at}: article_id {id:?} {why}"));
                s.skip();
            }
        }
        totals
    }

    fn check_article(&mut self, a: &ArticleRow, r: &ArticleRows, totals: &mut Totals) {
        let text = a.text.as_str();
        let ci = CharIndex::new(text);
        let at = |what: &str| format!("{} (article {:?})", what, a.id);
        if a.id.is_empty() {
            self.problem(format!("{}: empty article_id", a.at));
        }
        if sha256_hex(text.as_bytes()) != a.sha {
            self.problem(format!("{}: text_sha256 does not match the text", at(&a.at)));
        }
        if a.n_chars != ci.char_len() as i64 || a.n_bytes != text.len() as i64 {
            self.problem(format!("{}: n_chars/n_bytes do not match the text", at(&a.at)));
        }
        if a.n_paragraphs < 0 {
            self.problem(format!("{}: n_paragraphs is {}", at(&a.at), a.n_paragraphs));
        }
        if let Some(d) = &a.dateline
            && !text.contains(d.as_str())
        {
            self.problem(format!("{}: dateline {d:?} is not in the text", at(&a.at)));
        }
        let attributed = r.quotes.iter().filter(|q| q.speaker.is_some()).count();
        let counted = [r.sentences.len() as i64, r.quotes.len() as i64, attributed as i64];
        if [a.n_sentences, a.n_quotes, a.n_attributed] != counted {
            self.problem(format!(
                "{}: n_sentences/n_quotes/n_attributed = {}/{}/{} but the tables have {}/{}/{}",
                at(&a.at),
                a.n_sentences,
                a.n_quotes,
                a.n_attributed,
                counted[0],
                counted[1],
                counted[2]
            ));
        }
        let paragraph = |v: &mut Self, loc: &str, p: i64| {
            if !(0 <= p && p < a.n_paragraphs) {
                v.problem(format!("{}: paragraph_index {p} is outside 0..{}", at(loc), a.n_paragraphs));
            }
        };

        // sentences
        let mut last = (0i64, 0i64);
        for (n, s) in r.sentences.iter().enumerate() {
            if s.index != n as i64 {
                self.problem(format!("{}: sentence_index {} where {n} comes next", at(&s.at), s.index));
            }
            paragraph(self, &s.at, s.paragraph);
            if s.paragraph < last.1 {
                self.problem(format!("{}: paragraph_index goes back ({} after {})", at(&s.at), s.paragraph, last.1));
            }
            if s.span[2] < last.0 {
                self.problem(format!("{}: sentences overlap or are out of text order", at(&s.at)));
            }
            last = (s.span[3], s.paragraph);
            self.span(&at(&s.at), text, &ci, (s.span[0], s.span[1]), Some((s.span[2], s.span[3])), &s.text);
        }

        // speakers
        let mut speakers: HashMap<&str, usize> = HashMap::new();
        for (n, s) in r.speakers.iter().enumerate() {
            let want = format!("{}:s{n}", a.id);
            if s.id != want {
                self.problem(format!("{}: speaker_id {:?} where {want:?} comes next", at(&s.at), s.id));
            }
            if speakers.insert(s.id.as_str(), n).is_some() {
                self.problem(format!("{}: duplicate speaker_id {:?}", at(&s.at), s.id));
            }
            if s.name.trim().is_empty() {
                self.problem(format!("{}: empty name", at(&s.at)));
            }
            if s.key != whosaid_core::entities::speaker_key(&s.name) {
                self.problem(format!("{}: speaker_key {:?} is not the key of {:?}", at(&s.at), s.key, s.name));
            }
            if speaker_type(&s.kind).is_none() {
                self.problem(format!(
                    "{}: speaker_type {:?} is not one of person, organization, group, anonymous",
                    at(&s.at),
                    s.kind
                ));
            }
            if let Some(g) = &s.gender
                && g != "male"
                && g != "female"
            {
                self.problem(format!("{}: gender {g:?} is not male or female", at(&s.at)));
            }
            let distinct: HashSet<&String> = s.aliases.iter().collect();
            if distinct.len() != s.aliases.len() {
                self.problem(format!("{}: aliases repeat", at(&s.at)));
            }
        }
        let mut mentions_of = vec![0i64; r.speakers.len()];
        let mut quotes_of = vec![0i64; r.speakers.len()];

        // mentions
        let mut last = (i64::MIN, i64::MIN);
        for m in &r.mentions {
            match speakers.get(m.speaker_id.as_str()) {
                Some(&n) => mentions_of[n] += 1,
                None => self.problem(format!(
                    "{}: speaker_id {:?} is not a speaker of the article",
                    at(&m.at),
                    m.speaker_id
                )),
            }
            if mention_type(&m.kind).is_none() {
                self.problem(format!("{}: mention_type {:?} is not name, pronoun or nominal", at(&m.at), m.kind));
            }
            if (m.span[2], m.span[3]) < last {
                self.problem(format!("{}: mentions are out of text order", at(&m.at)));
            }
            last = (m.span[2], m.span[3]);
            self.span(&at(&m.at), text, &ci, (m.span[0], m.span[1]), Some((m.span[2], m.span[3])), &m.text);
        }

        // quotes
        let mut last = i64::MIN;
        for (n, q) in r.quotes.iter().enumerate() {
            let loc = at(&q.at);
            if q.index != n as i64 {
                self.problem(format!("{loc}: quote_index {} where {n} comes next", q.index));
            }
            if q.id != format!("{}:q{}", a.id, q.index) {
                self.problem(format!("{loc}: quote_id {:?} is not `{{article_id}}:q{{quote_index}}`", q.id));
            }
            paragraph(self, &q.at, q.paragraph);
            match usize::try_from(q.sentence).ok().and_then(|i| r.sentences.get(i)) {
                None => self.problem(format!("{loc}: sentence_index {} is not a sentence of the article", q.sentence)),
                Some(s) => {
                    if !(s.span[0] <= q.span[0] && q.span[0] <= s.span[1]) || s.paragraph != q.paragraph {
                        self.problem(format!(
                            "{loc}: the quote does not start in its sentence {} (paragraph {})",
                            q.sentence, s.paragraph
                        ));
                    }
                }
            }
            if q.span[2] < last {
                self.problem(format!("{loc}: quotes are out of text order"));
            }
            last = q.span[2];
            self.span(&loc, text, &ci, (q.span[0], q.span[1]), Some((q.span[2], q.span[3])), &q.text);
            let one_mark = |m: &str| {
                let mut cs = m.chars();
                cs.next().is_some_and(is_quote_mark) && cs.next().is_none()
            };
            if !one_mark(&q.open) {
                self.problem(format!("{loc}: open_mark {:?} is not a quotation mark", q.open));
            }
            if let Some(c) = &q.close
                && !one_mark(c)
            {
                self.problem(format!("{loc}: close_mark {c:?} is not a quotation mark"));
            }
            let kind = [QuoteKind::Full, QuoteKind::Partial].into_iter().find(|k| k.as_str() == q.kind);
            if kind.is_none() {
                self.problem(format!("{loc}: kind {:?} is not full or partial", q.kind));
            }
            let set = [
                q.speaker.is_some(),
                q.speaker_id.is_some(),
                q.speaker_type.is_some(),
                q.mention.is_some(),
                q.rule.is_some(),
                q.confidence.is_some(),
            ];
            if set.iter().any(|&x| x != set[0]) {
                self.problem(format!(
                    "{loc}: speaker, speaker_id, speaker_type, mention, rule and confidence are not all set or all null"
                ));
            }
            if q.cue.is_some() && q.speaker.is_none() {
                self.problem(format!("{loc}: a cue without a speaker"));
            }
            for (what, part) in [("mention", &q.mention), ("cue", &q.cue)] {
                match part {
                    Some(Err(())) => {
                        self.problem(format!("{loc}: {what} text, type/lemma and offsets are not all set or all null"))
                    }
                    Some(Ok(p)) => self.span(&format!("{loc} {what}"), text, &ci, (p.start, p.end), None, &p.text),
                    None => {}
                }
            }
            if let Some(Ok(m)) = &q.mention
                && mention_type(&m.label).is_none()
            {
                self.problem(format!("{loc}: mention_type {:?} is not name, pronoun or nominal", m.label));
            }
            if let Some(t) = &q.speaker_type
                && speaker_type(t).is_none()
            {
                self.problem(format!("{loc}: speaker_type {t:?} is not one of person, organization, group, anonymous"));
            }
            if let Some(rule) = &q.rule
                && Rule::from_name(rule).is_none()
            {
                self.problem(format!("{loc}: rule {rule:?} is not an attribution rule"));
            }
            if let Some(c) = q.confidence
                && !(0.0..=1.0).contains(&c)
            {
                self.problem(format!("{loc}: confidence {c} outside [0, 1]"));
            }
            if let Some(sid) = &q.speaker_id {
                totals.attributed += 1;
                match speakers.get(sid.as_str()) {
                    None => self.problem(format!("{loc}: speaker_id {sid:?} is not a speaker of the article")),
                    Some(&n) => {
                        quotes_of[n] += 1;
                        let s = &r.speakers[n];
                        if q.speaker.as_deref() != Some(s.name.as_str())
                            || q.speaker_type.as_deref() != Some(s.kind.as_str())
                        {
                            self.problem(format!("{loc}: speaker and speaker_type are not those of {sid:?}"));
                        }
                    }
                }
            }
        }
        for (n, s) in r.speakers.iter().enumerate() {
            if s.n_mentions != mentions_of[n] {
                self.problem(format!(
                    "{}: n_mentions is {} but mentions has {}",
                    at(&s.at),
                    s.n_mentions,
                    mentions_of[n]
                ));
            }
            if s.n_quotes != quotes_of[n] || quotes_of[n] == 0 {
                self.problem(format!(
                    "{}: n_quotes is {} but quotes attributes {} to it (every speaker speaks)",
                    at(&s.at),
                    s.n_quotes,
                    quotes_of[n]
                ));
            }
        }
    }

    /// A span: char offsets (and byte offsets, when given) slice `text` to `expected`.
    fn span(
        &mut self,
        at: &str,
        text: &str,
        ci: &CharIndex,
        (cs, ce): (i64, i64),
        bytes: Option<(i64, i64)>,
        expected: &str,
    ) {
        let n = ci.char_len() as i64;
        if !(0 <= cs && cs <= ce && ce <= n) {
            self.problem(format!("{at}: char span {cs}..{ce} is outside the article text ({n} chars)"));
            return;
        }
        let (Some(b0), Some(b1)) = (byte_of_char(ci, text, cs as usize), byte_of_char(ci, text, ce as usize)) else {
            self.problem(format!("{at}: char span {cs}..{ce} is not a range of the article text"));
            return;
        };
        if &text[b0..b1] != expected {
            self.problem(format!("{at}: char span {cs}..{ce} slices to {:?}, not {expected:?}", clip(&text[b0..b1])));
        }
        if let Some((bs, be)) = bytes
            && (bs, be) != (b0 as i64, b1 as i64)
        {
            self.problem(format!("{at}: byte span {bs}..{be} is not char span {cs}..{ce} (bytes {b0}..{b1})"));
        }
    }
}

/// A long text shortened for a message.
fn clip(s: &str) -> String {
    if s.len() <= 80 { s.to_string() } else { format!("{}…", s.chars().take(60).collect::<String>()) }
}

/// The byte offset of char offset `c` (at most the text's char length).
fn byte_of_char(ci: &CharIndex, text: &str, c: usize) -> Option<usize> {
    let (mut lo, mut hi) = (0usize, text.len());
    let boundary = |mut b: usize| {
        while !text.is_char_boundary(b) {
            b -= 1;
        }
        b
    };
    while lo < hi {
        let mid = boundary(lo + (hi - lo) / 2);
        if mid < lo || ci.char_offset(mid) >= c {
            hi = mid;
        } else {
            lo = mid + text[mid..].chars().next().map_or(1, char::len_utf8);
        }
    }
    (ci.char_offset(lo) == c).then_some(lo)
}

fn speaker_type(s: &str) -> Option<SpeakerType> {
    [SpeakerType::Person, SpeakerType::Organization, SpeakerType::Group, SpeakerType::Anonymous]
        .into_iter()
        .find(|t| t.as_str() == s)
}

fn mention_type(s: &str) -> Option<MentionType> {
    [MentionType::Name, MentionType::Pronoun, MentionType::Nominal].into_iter().find(|t| t.as_str() == s)
}

/// Whether a `source` (`path`, `path:line`, `path:row`) names one of the inputs.
fn names_input(source: &str, inputs: &HashSet<&str>) -> bool {
    inputs.contains(source)
        || source.rsplit_once(':').is_some_and(|(p, n)| n.bytes().all(|c| c.is_ascii_digit()) && inputs.contains(p))
}

/// A relative path that stays inside the dataset folder.
fn safe_path(rel: &str) -> bool {
    !rel.is_empty() && !rel.starts_with('/') && !rel.split('/').any(|c| c == ".." || c.is_empty())
}

/// Rows in a Parquet file's footer.
fn parquet_rows(path: &Path) -> Option<u64> {
    let file = std::fs::File::open(path).ok()?;
    let builder = ParquetRecordBatchReaderBuilder::try_new(file).ok()?;
    Some(builder.metadata().file_metadata().num_rows().max(0) as u64)
}

/// The rows of one table, read part after part, batch after batch.
struct Stream {
    dir: PathBuf,
    parts: VecDeque<String>,
    batch_rows: usize,
    reader: Option<(Rc<str>, ParquetRecordBatchReader)>,
    batch: Option<(Rc<str>, RecordBatch)>,
    /// Next row of the batch, and rows of the part before the batch.
    pos: usize,
    base: u64,
}

impl Stream {
    fn new(dir: &Path, parts: &[String], batch_rows: usize) -> Stream {
        Stream {
            dir: dir.to_path_buf(),
            parts: parts.iter().cloned().collect(),
            batch_rows,
            reader: None,
            batch: None,
            pos: 0,
            base: 0,
        }
    }

    /// Makes a current row available; false at the end (read errors are reported and the rest
    /// of that part is passed over).
    fn fill(&mut self, v: &mut Validator) -> bool {
        loop {
            if let Some((_, b)) = &self.batch {
                if self.pos < b.num_rows() {
                    return true;
                }
                self.base += b.num_rows() as u64;
                self.batch = None;
                self.pos = 0;
            }
            if let Some((rel, r)) = &mut self.reader {
                match r.next() {
                    Some(Ok(b)) => self.batch = Some((rel.clone(), b)),
                    Some(Err(e)) => {
                        v.problem(format!("{rel}: cannot read rows after row {}: {e}", self.base));
                        self.reader = None;
                    }
                    None => self.reader = None,
                }
                continue;
            }
            let Some(rel) = self.parts.pop_front() else { return false };
            self.base = 0;
            let opened = std::fs::File::open(self.dir.join(&rel)).map_err(|e| e.to_string()).and_then(|f| {
                ParquetRecordBatchReaderBuilder::try_new(f)
                    .and_then(|b| b.with_batch_size(self.batch_rows).build())
                    .map_err(|e| e.to_string())
            });
            match opened {
                Ok(r) => self.reader = Some((rel.into(), r)),
                Err(e) => v.problem(format!("{rel}: {e}")),
            }
        }
    }

    /// The article id of the current row.
    fn current_id(&mut self, v: &mut Validator) -> Option<&str> {
        if !self.fill(v) {
            return None;
        }
        let (_, b) = self.batch.as_ref()?;
        Some(str_col(b, "article_id").value(self.pos))
    }

    /// Where the current row is: `part row N` (rows from 1).
    fn at(&self) -> String {
        match &self.batch {
            Some((rel, _)) => format!("{rel} row {}", self.base + self.pos as u64 + 1),
            None => String::new(),
        }
    }

    fn skip(&mut self) {
        self.pos += 1;
    }

    /// The current row, read by `read`, and moves on.
    fn next<T>(&mut self, v: &mut Validator, read: fn(&RecordBatch, usize, String) -> T) -> Option<T> {
        if !self.fill(v) {
            return None;
        }
        let at = self.at();
        let (_, b) = self.batch.as_ref()?;
        let row = read(b, self.pos, at);
        self.pos += 1;
        Some(row)
    }
}

fn str_col<'a>(b: &'a RecordBatch, name: &str) -> &'a StringArray {
    b.column_by_name(name).expect("schema checked").as_string::<i32>()
}
fn int_col<'a>(b: &'a RecordBatch, name: &str) -> &'a Int64Array {
    b.column_by_name(name).expect("schema checked").as_primitive::<Int64Type>()
}
fn opt_str(b: &RecordBatch, name: &str, i: usize) -> Option<String> {
    let c = str_col(b, name);
    c.is_valid(i).then(|| c.value(i).to_string())
}
fn opt_int(b: &RecordBatch, name: &str, i: usize) -> Option<i64> {
    let c = int_col(b, name);
    c.is_valid(i).then(|| c.value(i))
}
fn span_of(b: &RecordBatch, i: usize) -> [i64; 4] {
    ["char_start", "char_end", "byte_start", "byte_end"].map(|c| int_col(b, c).value(i))
}

/// A mention or cue of a quote: its text, type or lemma, and char offsets.
struct Part {
    text: String,
    label: String,
    start: i64,
    end: i64,
}

/// One row of each table, owned (the rows of one article are held at a time).
struct ArticleRow {
    at: String,
    id: String,
    source: String,
    dateline: Option<String>,
    sha: String,
    n_chars: i64,
    n_bytes: i64,
    n_paragraphs: i64,
    n_sentences: i64,
    n_quotes: i64,
    n_attributed: i64,
    text: String,
}

struct SentenceRow {
    at: String,
    index: i64,
    paragraph: i64,
    span: [i64; 4],
    text: String,
}

struct QuoteRow {
    at: String,
    id: String,
    index: i64,
    text: String,
    span: [i64; 4],
    paragraph: i64,
    sentence: i64,
    open: String,
    close: Option<String>,
    kind: String,
    speaker: Option<String>,
    speaker_id: Option<String>,
    speaker_type: Option<String>,
    /// `Some(Err)` when its columns are partly null.
    mention: Option<std::result::Result<Part, ()>>,
    cue: Option<std::result::Result<Part, ()>>,
    rule: Option<String>,
    confidence: Option<f64>,
}

struct SpeakerRow {
    at: String,
    id: String,
    name: String,
    key: String,
    kind: String,
    gender: Option<String>,
    aliases: Vec<String>,
    n_mentions: i64,
    n_quotes: i64,
}

struct MentionRow {
    at: String,
    speaker_id: String,
    span: [i64; 4],
    text: String,
    kind: String,
}

#[derive(Default)]
struct ArticleRows {
    sentences: Vec<SentenceRow>,
    quotes: Vec<QuoteRow>,
    speakers: Vec<SpeakerRow>,
    mentions: Vec<MentionRow>,
}

/// Readers of one row of each table.
struct Row;

impl Row {
    fn article(b: &RecordBatch, i: usize, at: String) -> ArticleRow {
        let s = |c| str_col(b, c).value(i).to_string();
        let n = |c| int_col(b, c).value(i);
        ArticleRow {
            at,
            id: s("article_id"),
            source: s("source"),
            dateline: opt_str(b, "dateline", i),
            sha: s("text_sha256"),
            n_chars: n("n_chars"),
            n_bytes: n("n_bytes"),
            n_paragraphs: n("n_paragraphs"),
            n_sentences: n("n_sentences"),
            n_quotes: n("n_quotes"),
            n_attributed: n("n_attributed"),
            text: s("text"),
        }
    }

    fn sentence(b: &RecordBatch, i: usize, at: String) -> SentenceRow {
        SentenceRow {
            at,
            index: int_col(b, "sentence_index").value(i),
            paragraph: int_col(b, "paragraph_index").value(i),
            span: span_of(b, i),
            text: str_col(b, "text").value(i).to_string(),
        }
    }

    fn quote(b: &RecordBatch, i: usize, at: String) -> QuoteRow {
        let s = |c| str_col(b, c).value(i).to_string();
        let part = |text: &str, label: &str, start: &str, end: &str| {
            let cols = (opt_str(b, text, i), opt_str(b, label, i), opt_int(b, start, i), opt_int(b, end, i));
            match cols {
                (None, None, None, None) => None,
                (Some(text), Some(label), Some(start), Some(end)) => Some(Ok(Part { text, label, start, end })),
                _ => Some(Err(())),
            }
        };
        let conf: &Float64Array = b.column_by_name("confidence").expect("schema checked").as_primitive::<Float64Type>();
        QuoteRow {
            at,
            id: s("quote_id"),
            index: int_col(b, "quote_index").value(i),
            text: s("text"),
            span: span_of(b, i),
            paragraph: int_col(b, "paragraph_index").value(i),
            sentence: int_col(b, "sentence_index").value(i),
            open: s("open_mark"),
            close: opt_str(b, "close_mark", i),
            kind: s("kind"),
            speaker: opt_str(b, "speaker", i),
            speaker_id: opt_str(b, "speaker_id", i),
            speaker_type: opt_str(b, "speaker_type", i),
            mention: part("mention_text", "mention_type", "mention_char_start", "mention_char_end"),
            cue: part("cue", "cue_lemma", "cue_char_start", "cue_char_end"),
            rule: opt_str(b, "rule", i),
            confidence: conf.is_valid(i).then(|| conf.value(i)),
        }
    }

    fn speaker(b: &RecordBatch, i: usize, at: String) -> SpeakerRow {
        let s = |c| str_col(b, c).value(i).to_string();
        let aliases: &ListArray = b.column_by_name("aliases").expect("schema checked").as_list::<i32>();
        let list = aliases.value(i);
        let items = list.as_string::<i32>();
        SpeakerRow {
            at,
            id: s("speaker_id"),
            name: s("name"),
            key: s("speaker_key"),
            kind: s("speaker_type"),
            gender: opt_str(b, "gender", i),
            aliases: (0..items.len()).map(|k| items.value(k).to_string()).collect(),
            n_mentions: int_col(b, "n_mentions").value(i),
            n_quotes: int_col(b, "n_quotes").value(i),
        }
    }

    fn mention(b: &RecordBatch, i: usize, at: String) -> MentionRow {
        MentionRow {
            at,
            speaker_id: str_col(b, "speaker_id").value(i).to_string(),
            span: span_of(b, i),
            text: str_col(b, "text").value(i).to_string(),
            kind: str_col(b, "mention_type").value(i).to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_offsets_to_bytes() {
        let t = "aé€😀b";
        let ci = CharIndex::new(t);
        let bytes: Vec<Option<usize>> = (0..=6).map(|c| byte_of_char(&ci, t, c)).collect();
        assert_eq!(bytes, [Some(0), Some(1), Some(3), Some(6), Some(10), Some(11), None]);
        let ascii = "abc";
        assert_eq!(byte_of_char(&CharIndex::new(ascii), ascii, 2), Some(2));
        assert_eq!(byte_of_char(&CharIndex::new(""), "", 0), Some(0));
    }

    #[test]
    fn sources_name_inputs() {
        let inputs: HashSet<&str> = ["seeds/a.txt", "c.jsonl", "x:y.jsonl"].into_iter().collect();
        assert!(names_input("seeds/a.txt", &inputs));
        assert!(names_input("c.jsonl:12", &inputs));
        assert!(names_input("x:y.jsonl:3", &inputs));
        assert!(!names_input("c.jsonl:x", &inputs));
        assert!(!names_input("d.jsonl:1", &inputs));
    }
}
