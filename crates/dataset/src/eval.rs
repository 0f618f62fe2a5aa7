//! `whosaid eval`: scores a built dataset against gold quotes.
//!
//! This is the evaluation protocol of DESIGN.md with exactly the arithmetic of the reference
//! scorer `tools/score.py`, so that both print the same numbers:
//!
//! - gold: JSONL, one quote a line: `doc_id`, `quote_start`, `quote_end` (code points),
//!   `quote_text`, `speaker`; blank lines are ignored;
//! - predictions: every row of `quotes/*.parquet` (parts in name order, rows in file order)
//!   whose `speaker` is non-null and non-empty and whose `article_id` is a gold `doc_id`;
//! - matching: gold quotes in file order, each takes the unused prediction of the same
//!   article with the largest overlap (first one on ties), if that overlap is at least half of
//!   the longer span (`inter / max(len_a, len_b, 1)`);
//! - a speaker is right when, after NFKD, `’`→`'`, lower case, dropping combining marks (accents:
//!   `Peña` = `Pena`), tokens `[\w'-]+` and dropping [`TITLES`], one token set contains the
//!   other, unless the prediction is only pronouns and generic nouns ([`GENERIC`]) and differs
//!   from the gold;
//! - with `named_only` (`score.py --named-only`), gold quotes whose speaker is null or empty still
//!   count for quote P/R/F1, but they and the predictions matched to them are left out of
//!   speaker accuracy and end-to-end F1 (a gold set without coreference, such as PolNeAR);
//! - scores are rounded like Python's `round(x, 4)` and printed like its `repr`.
//!
//! Beyond `score.py`, [`EvalReport::by_rule`] breaks the predictions down by the rule (and the
//! kind of mention) that attributed them: how many each made, how many matched a gold quote
//! with a named speaker, and how many of those have the right speaker. That precision is what
//! `quotes.confidence` reports (see `docs/EVALUATION.md`).

use std::collections::{BTreeSet, HashSet};
use std::fmt::{self, Write as _};
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

use arrow::array::Array;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::{canonical_combining_class, is_combining_mark};

use crate::read;
use crate::schema::Table;
use crate::{Error, ErrorKind, Result};

/// Words dropped before comparing speaker names: titles, ranks, offices, determiners
/// (the same list as `tools/score.py`).
#[rustfmt::skip]
pub const TITLES: &[&str] = &[
    "a", "an", "the", "mr", "mrs", "ms", "miss", "dr", "prof", "sir", "lord", "lady", "gen",
    "general", "lt", "lieutenant", "col", "colonel", "maj", "major", "brig", "brigadier", "adm",
    "admiral", "capt", "captain", "sgt", "sergeant", "rev", "president", "minister", "senator",
    "sen", "rep", "representative", "governor", "gov", "chief", "justice", "judge", "mayor",
    "secretary", "ambassador", "commander", "sheikh",
    "ayatollah", "defense", "defence", "foreign", "finance", "interior", "prime", "vice",
    "deputy", "state", "of", "for", "and", "jr", "sr",
];

/// A predicted speaker made only of these tokens is unresolved (a pronoun or generic noun) and
/// never counts as right unless it equals the gold speaker's tokens.
#[rustfmt::skip]
pub const GENERIC: &[&str] = &[
    "he", "she", "they", "it", "we", "i", "his", "her", "official", "company", "statement",
    "spokesman", "spokesperson", "minister",
];

/// How many characters of a quote the report shows.
const SHOWN_CHARS: usize = 60;

/// One gold quote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldQuote {
    pub doc_id: String,
    pub start: i64,
    pub end: i64,
    pub text: String,
    pub speaker: Option<String>,
    /// 1-based line in the gold file.
    pub line: u64,
}

/// One predicted quote (a `quotes` row with a speaker).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PredQuote {
    pub article_id: String,
    pub start: i64,
    pub end: i64,
    pub text: String,
    pub speaker: String,
    /// The rule that attributed it (`quotes.rule`; None when the table has no such column).
    pub rule: Option<String>,
    /// How the speaker was mentioned (`quotes.mention_type`), when known.
    pub mention_type: Option<String>,
}

/// How to score: the options of `whosaid eval`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// Gold quotes with no named speaker count for quote P/R/F1 only (`score.py --named-only`).
    pub named_only: bool,
    /// Print the per-rule table before the summary line.
    pub by_rule: bool,
    /// Also list the matches whose speaker is right.
    pub verbose: bool,
}

/// One row of the per-rule table: the predictions of one rule (and, when `mention_type` is
/// set, of one kind of speaker mention).
#[derive(Debug, Clone, PartialEq)]
pub struct RuleRow {
    pub rule: String,
    /// `None`: every mention kind of the rule.
    pub mention_type: Option<String>,
    /// Predictions (with a speaker) the rule made, less those matched to a gold quote without a
    /// named speaker under `named_only`.
    pub predictions: usize,
    /// Of these, matched to a gold quote.
    pub matched: usize,
    /// Of these, with the right speaker.
    pub speaker_right: usize,
}

impl RuleRow {
    /// Speaker precision: right speakers among matched quotes (0 when none matched).
    pub fn precision(&self) -> f64 {
        if self.matched == 0 { 0.0 } else { self.speaker_right as f64 / self.matched as f64 }
    }
}

/// A gold quote and the prediction matched to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    pub gold: GoldQuote,
    pub pred: PredQuote,
    pub speaker_right: bool,
}

/// Result of an evaluation: counts, scores (already rounded to 4 places) and the errors.
#[derive(Debug, Clone, PartialEq)]
pub struct EvalReport {
    pub gold: usize,
    pub pred: usize,
    pub matched: usize,
    pub speaker_right: usize,
    pub quote_p: f64,
    pub quote_r: f64,
    pub quote_f1: f64,
    pub speaker_acc: f64,
    pub e2e_f1: f64,
    /// Matched quotes, in gold order (right and wrong speakers).
    pub matches: Vec<Match>,
    /// Gold quotes no prediction matched, in gold order.
    pub missed: Vec<GoldQuote>,
    /// Predictions (with a speaker) that matched no gold quote, in table order.
    pub spurious: Vec<PredQuote>,
    /// Gold articles absent from the dataset's `articles` table (empty when it has them all
    /// or when the table could not be read).
    pub missing_articles: Vec<String>,
    /// The options it was scored with.
    pub options: Options,
}

impl EvalReport {
    /// The summary line, `gold=.. pred=.. ... e2e_f1=..`, as `score.py` prints it.
    pub fn summary(&self) -> String {
        format!(
            "gold={} pred={} matched={} speaker_right={} quote_p={} quote_r={} quote_f1={} speaker_acc={} e2e_f1={}",
            self.gold,
            self.pred,
            self.matched,
            self.speaker_right,
            py_float(self.quote_p),
            py_float(self.quote_r),
            py_float(self.quote_f1),
            py_float(self.speaker_acc),
            py_float(self.e2e_f1),
        )
    }

    /// Whether a matched gold quote counts for speaker accuracy and e2e.
    fn counts_for_speaker(&self, g: &GoldQuote) -> bool {
        !self.options.named_only || g.speaker.as_deref().is_some_and(|s| !s.is_empty())
    }

    /// The per-rule table: one row per rule (all mention kinds), then one per rule and mention
    /// kind, each in name order. Predictions with no rule are listed as rule `-`.
    pub fn by_rule(&self) -> Vec<RuleRow> {
        use std::collections::BTreeMap;
        let mut rows: BTreeMap<(String, Option<String>), RuleRow> = BTreeMap::new();
        let mut add = |p: &PredQuote, matched: bool, right: bool| {
            let rule = p.rule.clone().unwrap_or_else(|| "-".into());
            for kind in [None, Some(p.mention_type.clone().unwrap_or_else(|| "-".into()))] {
                let row = rows.entry((rule.clone(), kind.clone())).or_insert_with(|| RuleRow {
                    rule: rule.clone(),
                    mention_type: kind,
                    predictions: 0,
                    matched: 0,
                    speaker_right: 0,
                });
                row.predictions += 1;
                row.matched += usize::from(matched);
                row.speaker_right += usize::from(right);
            }
        };
        for m in self.matches.iter().filter(|m| self.counts_for_speaker(&m.gold)) {
            add(&m.pred, true, m.speaker_right);
        }
        for p in &self.spurious {
            add(p, false, false);
        }
        let (all, kinds): (Vec<RuleRow>, Vec<RuleRow>) = rows.into_values().partition(|r| r.mention_type.is_none());
        all.into_iter().chain(kinds).collect()
    }

    /// The per-rule table as text: a header, then one line per [`RuleRow`].
    pub fn rule_table(&self) -> String {
        let mut out = format!(
            "{:<24} {:<8} {:>11} {:>8} {:>13} {:>9}\n",
            "rule", "mention", "predictions", "matched", "speaker_right", "precision"
        );
        for r in self.by_rule() {
            let _ = writeln!(
                out,
                "{:<24} {:<8} {:>11} {:>8} {:>13} {:>9}",
                r.rule,
                r.mention_type.as_deref().unwrap_or("all"),
                r.predictions,
                r.matched,
                r.speaker_right,
                py_float(round4(r.precision()))
            );
        }
        out
    }
}

impl fmt::Display for EvalReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for id in &self.missing_articles {
            writeln!(f, "NOTE     gold article {id:?} is not in the dataset")?;
        }
        for m in &self.matches {
            if !m.speaker_right && self.counts_for_speaker(&m.gold) {
                writeln!(
                    f,
                    "WRONG    {}: {:?} gold={:?} pred={:?}",
                    m.gold.doc_id,
                    shorten(&m.gold.text),
                    m.gold.speaker.as_deref().unwrap_or(""),
                    m.pred.speaker
                )?;
            }
        }
        for g in &self.missed {
            writeln!(f, "MISSED   {}: {:?} gold={:?}", g.doc_id, shorten(&g.text), g.speaker.as_deref().unwrap_or(""))?;
        }
        for p in &self.spurious {
            writeln!(f, "SPURIOUS {}: {:?} pred={:?}", p.article_id, shorten(&p.text), p.speaker)?;
        }
        if self.options.by_rule {
            write!(f, "{}", self.rule_table())?;
        }
        if self.options.verbose {
            for m in self.matches.iter().filter(|m| m.speaker_right) {
                writeln!(
                    f,
                    "OK       {}: {:?} gold={:?} pred={:?}",
                    m.gold.doc_id,
                    shorten(&m.gold.text),
                    m.gold.speaker.as_deref().unwrap_or(""),
                    m.pred.speaker
                )?;
            }
        }
        write!(f, "{}", self.summary())
    }
}

/// Scores the dataset in `out_dir` against the gold JSONL file `gold`.
///
/// Reads `out_dir/quotes/*.parquet` (in name order) and, for a check that every gold article
/// was processed, `out_dir/articles/*.parquet`.
pub fn run(gold: &Path, out_dir: &Path, options: Options) -> Result<EvalReport> {
    let gold_quotes = read_gold(gold)?;
    let mut preds = Vec::new();
    for part in &read::table_parts(out_dir, Table::Quotes)? {
        read_pred_part(part, &mut preds)?;
    }
    let mut report = score(&gold_quotes, preds, options);
    // Context only: a gold article missing from the dataset explains its misses.
    if out_dir.join(Table::Articles.name()).is_dir() {
        let mut ids = HashSet::new();
        for part in read::table_parts(out_dir, Table::Articles)? {
            read_article_ids(&part, &mut ids)?;
        }
        let wanted: BTreeSet<&str> = gold_quotes.iter().map(|g| g.doc_id.as_str()).collect();
        report.missing_articles = wanted.into_iter().filter(|id| !ids.contains(*id)).map(str::to_owned).collect();
    }
    Ok(report)
}

/// Scores predictions against gold, exactly as `tools/score.py` does. `preds` may hold rows
/// without a speaker or from other articles: they are dropped first.
pub fn score(gold: &[GoldQuote], preds: Vec<PredQuote>, options: Options) -> EvalReport {
    let docs: HashSet<&str> = gold.iter().map(|g| g.doc_id.as_str()).collect();
    let preds: Vec<PredQuote> =
        preds.into_iter().filter(|p| !p.speaker.is_empty() && docs.contains(p.article_id.as_str())).collect();
    let mut used = vec![false; preds.len()];
    let mut matches = Vec::new();
    let mut missed = Vec::new();
    for g in gold {
        let mut best = 0.0f64;
        let mut best_j = None;
        for (j, p) in preds.iter().enumerate() {
            if used[j] || p.article_id != g.doc_id {
                continue;
            }
            let o = overlap((g.start, g.end), (p.start, p.end));
            if o > best {
                best = o;
                best_j = Some(j);
            }
        }
        match best_j {
            Some(j) if best >= 0.5 => {
                used[j] = true;
                let p = &preds[j];
                let speaker_right = speaker_ok(&p.speaker, g.speaker.as_deref().unwrap_or(""));
                matches.push(Match { gold: g.clone(), pred: p.clone(), speaker_right });
            }
            _ => missed.push(g.clone()),
        }
    }
    let spurious: Vec<PredQuote> = preds.iter().zip(&used).filter(|(_, u)| !**u).map(|(p, _)| p.clone()).collect();

    let tp = matches.len();
    let right = matches.iter().filter(|m| m.speaker_right).count();
    let (n_gold, n_pred) = (gold.len(), preds.len());
    let ratio = |a: usize, b: usize| if b > 0 { a as f64 / b as f64 } else { 0.0 };
    let f1 = |p: f64, r: f64| {
        if p + r != 0.0 { 2.0 * p * r / (p + r) } else { 0.0 }
    };
    let (p, r) = (ratio(tp, n_pred), ratio(tp, n_gold));
    // Speaker accuracy and e2e: under `named_only`, without the gold quotes that name nobody
    // (and the predictions matched to them).
    let named = |g: &GoldQuote| g.speaker.as_deref().is_some_and(|s| !s.is_empty());
    let (s_gold, s_pred, s_tp) = if options.named_only {
        let unnamed = matches.iter().filter(|m| !named(&m.gold)).count();
        (gold.iter().filter(|g| named(g)).count(), n_pred - unnamed, tp - unnamed)
    } else {
        (n_gold, n_pred, tp)
    };
    let (ep, er) = (ratio(right, s_pred), ratio(right, s_gold));
    EvalReport {
        gold: n_gold,
        pred: n_pred,
        matched: tp,
        speaker_right: right,
        quote_p: round4(p),
        quote_r: round4(r),
        quote_f1: round4(f1(p, r)),
        speaker_acc: round4(ratio(right, s_tp)),
        e2e_f1: round4(f1(ep, er)),
        matches,
        missed,
        spurious,
        missing_articles: Vec::new(),
        options,
    }
}

/// Overlap of two spans as a fraction of the longer one (0 when they do not overlap).
pub fn overlap(a: (i64, i64), b: (i64, i64)) -> f64 {
    let ((s1, e1), (s2, e2)) = (a, b);
    let inter = e1.min(e2) - s1.max(s2);
    let longest = (e1 - s1).max(e2 - s2).max(1);
    if inter > 0 { inter as f64 / longest as f64 } else { 0.0 }
}

/// Normalised name tokens: NFKD, `’`→`'`, lower case, combining marks dropped, `[\w'-]+`,
/// titles and determiners dropped.
///
/// `\w` is taken as Python's: letters, numbers (not the marks Rust counts as alphabetic) and `_`.
pub fn norm_tokens(s: &str) -> Vec<String> {
    let s: String = s.nfkd().collect::<String>().replace('’', "'").to_lowercase();
    let s: String = s.chars().filter(|&c| canonical_combining_class(c) == 0).collect();
    let is_tok = |c: char| (c.is_alphanumeric() && !is_combining_mark(c)) || c == '_' || c == '\'' || c == '-';
    s.split(|c: char| !is_tok(c)).filter(|t| !t.is_empty() && !TITLES.contains(t)).map(str::to_owned).collect()
}

/// True when the predicted speaker names the gold speaker (see the module docs).
pub fn speaker_ok(pred: &str, gold: &str) -> bool {
    let p: BTreeSet<String> = norm_tokens(pred).into_iter().collect();
    let g: BTreeSet<String> = norm_tokens(gold).into_iter().collect();
    if p.is_empty() || g.is_empty() {
        return false;
    }
    if p.is_subset(&g) || g.is_subset(&p) {
        let generic = p.iter().all(|t| GENERIC.contains(&t.as_str()));
        return !generic || p == g;
    }
    false
}

/// Python's `round(x, 4)`: correctly rounded, ties to even on the exact binary value.
pub fn round4(x: f64) -> f64 {
    format!("{x:.4}").parse().unwrap_or(x)
}

/// Python's `repr` of a float in [0, 1e16): shortest round-trip digits, always with a `.`.
pub fn py_float(x: f64) -> String {
    let s = format!("{x}");
    if s.contains(['.', 'e', 'E']) || !x.is_finite() { s } else { format!("{s}.0") }
}

fn shorten(text: &str) -> String {
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(SHOWN_CHARS).collect();
    if chars.next().is_some() { format!("{head}…") } else { head }
}

/// Reads a gold JSONL file; errors name the file and the 1-based line.
pub fn read_gold(path: &Path) -> Result<Vec<GoldQuote>> {
    let file = File::open(path).map_err(|e| Error::new(e).at(path))?;
    let mut out = Vec::new();
    for (i, line) in BufReader::new(file).lines().enumerate() {
        let n = i as u64 + 1;
        let line = line.map_err(|e| Error::new(e).at(path).line(n))?;
        if line.trim().is_empty() {
            continue;
        }
        out.push(parse_gold_line(&line).map_err(|e| e.at(path).line(n))?);
    }
    Ok(out)
}

fn parse_gold_line(line: &str) -> Result<GoldQuote> {
    let v: serde_json::Value = serde_json::from_str(line)?;
    let bad = |msg: String| Error::new(ErrorKind::BadDocument(msg));
    let obj = v.as_object().ok_or_else(|| bad("a gold line must be a JSON object".into()))?;
    let string = |key: &str| -> Result<String> {
        match obj.get(key) {
            Some(serde_json::Value::String(s)) => Ok(s.clone()),
            Some(other) => Err(bad(format!("`{key}` must be a string, got {other}"))),
            None => Err(bad(format!("missing key `{key}`"))),
        }
    };
    let int = |key: &str| -> Result<i64> {
        match obj.get(key) {
            Some(x) => x.as_i64().ok_or_else(|| bad(format!("`{key}` must be an integer, got {x}"))),
            None => Err(bad(format!("missing key `{key}`"))),
        }
    };
    let speaker = match obj.get("speaker") {
        None | Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::String(s)) => Some(s.clone()),
        Some(other) => {
            return Err(bad(format!("`speaker` must be a string or null, got {other}")));
        }
    };
    let text = match obj.get("quote_text") {
        None | Some(serde_json::Value::Null) => String::new(),
        Some(_) => string("quote_text")?,
    };
    let (start, end) = (int("quote_start")?, int("quote_end")?);
    if end < start {
        return Err(bad(format!("quote_end {end} is before quote_start {start}")));
    }
    Ok(GoldQuote { doc_id: string("doc_id")?, start, end, text, speaker, line: 0 })
}

/// The `*.parquet` files of a table folder, sorted by name.
/// `rule` and `mention_type` are read when the table has them (a table written by another tool
/// may not).
fn read_pred_part(path: &Path, out: &mut Vec<PredQuote>) -> Result<()> {
    const REQUIRED: [&str; 5] = ["article_id", "char_start", "char_end", "text", "speaker"];
    let file = File::open(path).map_err(|e| Error::new(e).at(path))?;
    let cols = [&REQUIRED[..], &["rule", "mention_type"]].concat();
    let (reader, schema) = read::project(file, &cols, read::BATCH_ROWS).map_err(|e| Error::new(e).at(path))?;
    if let Some(c) = REQUIRED.iter().find(|c| schema.index_of(c).is_err()) {
        return Err(Error::new(ErrorKind::Schema(format!("missing column `{c}`"))).at(path));
    }
    for batch in reader {
        let batch = batch.map_err(|e| Error::new(e).at(path))?;
        let at = |e: Error| e.at(path);
        let ids = read::strings(&batch, "article_id").map_err(at)?;
        let starts = read::ints(&batch, "char_start").map_err(at)?;
        let ends = read::ints(&batch, "char_end").map_err(at)?;
        let texts = read::strings(&batch, "text").map_err(at)?;
        let speakers = read::strings(&batch, "speaker").map_err(at)?;
        let optional = |name: &str| -> Result<Option<arrow::array::StringArray>> {
            if schema.index_of(name).is_err() { Ok(None) } else { read::strings(&batch, name).map(Some).map_err(at) }
        };
        let (rules, kinds) = (optional("rule")?, optional("mention_type")?);
        for i in 0..batch.num_rows() {
            if speakers.is_null(i) || speakers.value(i).is_empty() {
                continue;
            }
            if ids.is_null(i) || starts.is_null(i) || ends.is_null(i) {
                return Err(
                    Error::new(ErrorKind::Invalid("null article_id/char_start/char_end in quotes".into())).at(path)
                );
            }
            out.push(PredQuote {
                article_id: ids.value(i).to_owned(),
                start: starts.value(i),
                end: ends.value(i),
                text: read::opt_str(&texts, i).unwrap_or_default().to_owned(),
                speaker: speakers.value(i).to_owned(),
                rule: rules.as_ref().and_then(|a| read::opt_str(a, i)).map(str::to_owned),
                mention_type: kinds.as_ref().and_then(|a| read::opt_str(a, i)).map(str::to_owned),
            });
        }
    }
    Ok(())
}

fn read_article_ids(path: &Path, out: &mut HashSet<String>) -> Result<()> {
    for batch in read::columns(path, &["article_id"])? {
        let ids = read::strings(&batch?, "article_id").map_err(|e| e.at(path))?;
        out.extend(ids.iter().flatten().map(str::to_owned));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gold(doc: &str, start: i64, end: i64, speaker: &str) -> GoldQuote {
        GoldQuote {
            doc_id: doc.into(),
            start,
            end,
            text: format!("gold {start}"),
            speaker: Some(speaker.into()),
            line: 0,
        }
    }

    fn pred(doc: &str, start: i64, end: i64, speaker: &str) -> PredQuote {
        PredQuote {
            article_id: doc.into(),
            start,
            end,
            text: format!("pred {start}"),
            speaker: speaker.into(),
            rule: None,
            mention_type: None,
        }
    }

    #[test]
    fn overlap_is_relative_to_the_longer_span() {
        assert_eq!(overlap((0, 10), (0, 10)), 1.0);
        assert_eq!(overlap((0, 10), (5, 10)), 0.5);
        assert_eq!(overlap((0, 10), (0, 20)), 0.5);
        assert_eq!(overlap((0, 10), (10, 20)), 0.0);
        assert_eq!(overlap((5, 5), (5, 5)), 0.0);
    }

    #[test]
    fn overlap_threshold_is_inclusive_at_one_half() {
        let g = [gold("a", 0, 10, "Dana Okafor")];
        let r = score(&g, vec![pred("a", 5, 15, "Okafor")], Options::default());
        assert_eq!(r.matched, 1);
        let r = score(&g, vec![pred("a", 6, 16, "Okafor")], Options::default());
        assert_eq!((r.matched, r.missed.len(), r.spurious.len()), (0, 1, 1));
    }

    #[test]
    fn titles_and_determiners_are_dropped() {
        assert!(speaker_ok("Brigadier General Dana Okafor", "Dana Okafor"));
        assert!(speaker_ok("Okafor", "Dana Okafor"));
        assert!(speaker_ok("Defense Minister Okafor", "Dana Okafor"));
        assert!(speaker_ok("the two sides", "The Two Sides"));
        assert!(speaker_ok("OMAR AL-RASHID", "Omar al-Rashid"));
        assert!(speaker_ok("Rashid", "Omar al Rashid"));
        // A hyphen binds: "al-rashid" is one token, so "Rashid" alone is not in it.
        assert!(!speaker_ok("Rashid", "Omar al-Rashid"));
        assert!(!speaker_ok("Dana Okafor", "Li Wei Chen"));
        assert!(!speaker_ok("Mr", "Mr Smith"), "nothing left after dropping titles");
    }

    #[test]
    fn compatibility_forms_and_curly_apostrophe_are_normalised() {
        assert_eq!(norm_tokens("O’Brien"), vec!["o'brien"]);
        assert_eq!(norm_tokens("ﬁrst Ｓmith"), vec!["first", "smith"]);
        assert!(speaker_ok("Conan O’Brien", "conan o'brien"));
    }

    #[test]
    fn pronouns_and_role_nouns_do_not_count() {
        assert!(!speaker_ok("he", "Dana Okafor"));
        // "the Kenyan minister" keeps "kenyan", which is not in the gold name.
        assert!(!speaker_ok("the Kenyan minister", "Dana Okafor"));
        // "spokesman" alone is a subset of a gold name that contains it, but is generic.
        assert!(!speaker_ok("spokesman", "Spokesman Ali Rabiei"));
        assert!(!speaker_ok("the minister", "Minister Dana Okafor"));
        // ...unless the gold speaker is that very word.
        assert!(speaker_ok("they", "they"));
    }

    #[test]
    fn greedy_matching_in_gold_order_is_one_to_one() {
        // Gold 1 takes the best prediction; gold 2 would have preferred it but gets the other.
        let g = [gold("a", 0, 10, "X Y"), gold("a", 2, 12, "Z W")];
        let p = vec![pred("a", 1, 11, "Z W"), pred("a", 5, 15, "Z W")];
        let r = score(&g, p, Options::default());
        assert_eq!(r.matched, 2);
        assert_eq!(r.matches[0].pred.start, 1);
        assert_eq!(r.matches[1].pred.start, 5);
        assert_eq!(r.speaker_right, 1);
        assert!(!r.matches[0].speaker_right);
        assert_eq!(r.quote_p, 1.0);
        assert_eq!(r.speaker_acc, 0.5);
        assert_eq!(r.e2e_f1, 0.5);
    }

    #[test]
    fn ties_go_to_the_first_prediction() {
        let g = [gold("a", 0, 10, "X")];
        let r = score(&g, vec![pred("a", 0, 10, "Y"), pred("a", 0, 10, "X")], Options::default());
        assert_eq!(r.matches[0].pred.speaker, "Y");
        assert_eq!(r.spurious.len(), 1);
    }

    #[test]
    fn predictions_without_speaker_or_outside_gold_docs_are_ignored() {
        let g = [gold("a", 0, 10, "X")];
        let r = score(&g, vec![pred("a", 0, 10, ""), pred("b", 0, 10, "X")], Options::default());
        assert_eq!((r.pred, r.matched), (0, 0));
        assert_eq!(r.quote_p, 0.0);
        assert_eq!(
            r.summary(),
            "gold=1 pred=0 matched=0 speaker_right=0 quote_p=0.0 quote_r=0.0 quote_f1=0.0 speaker_acc=0.0 e2e_f1=0.0"
        );
        // The same span in another article never matches.
        let r = score(&g, vec![pred("b", 0, 10, "X"), pred("a", 0, 10, "X")], Options::default());
        assert_eq!((r.pred, r.matched), (1, 1));
    }

    #[test]
    fn rounding_and_printing_follow_python() {
        assert_eq!(py_float(round4(1.0)), "1.0");
        assert_eq!(py_float(round4(15.0 / 16.0)), "0.9375");
        assert_eq!(py_float(round4(2.0 / 3.0)), "0.6667");
        assert_eq!(py_float(round4(0.0)), "0.0");
        // 1/32 = 0.03125 exactly: ties go to even, as Python's round does.
        assert_eq!(py_float(round4(1.0 / 32.0)), "0.0312");
        assert_eq!(py_float(round4(0.5)), "0.5");
        assert_eq!(py_float(round4(0.1 + 0.2)), "0.3");
    }

    #[test]
    fn report_lists_wrong_missed_and_spurious_then_summary() {
        let g = [gold("a", 0, 100, "Dana Okafor"), gold("a", 200, 300, "Omar al-Rashid")];
        let p = vec![pred("a", 0, 100, "he"), pred("a", 400, 500, "Someone")];
        let r = score(&g, p, Options::default());
        let text = r.to_string();
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[0].starts_with("WRONG    a: "), "{text}");
        assert!(lines[1].starts_with("MISSED   a: "), "{text}");
        assert!(lines[2].starts_with("SPURIOUS a: "), "{text}");
        assert_eq!(
            lines[3],
            "gold=2 pred=2 matched=1 speaker_right=0 quote_p=0.5 quote_r=0.5 quote_f1=0.5 speaker_acc=0.0 e2e_f1=0.0"
        );
    }

    #[test]
    fn long_quotes_are_shortened() {
        let s = "x".repeat(100);
        assert_eq!(shorten(&s).chars().count(), SHOWN_CHARS + 1);
        assert_eq!(shorten("short"), "short");
    }

    #[test]
    fn gold_errors_name_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gold.jsonl");
        std::fs::write(
            &path,
            "{\"doc_id\":\"a\",\"quote_start\":0,\"quote_end\":5,\"quote_text\":\"hello\",\"speaker\":\"X\"}\n\n{\"doc_id\":\"a\",\"quote_start\":\"zero\"}\n",
        )
        .unwrap();
        let err = read_gold(&path).unwrap_err().to_string();
        assert!(err.contains("gold.jsonl:3:"), "{err}");
        assert!(err.contains("quote_start"), "{err}");
        std::fs::write(&path, "{\"doc_id\":\"a\",\"quote_start\":0,\"quote_end\":5,\"speaker\":null}\n").unwrap();
        let g = read_gold(&path).unwrap();
        assert_eq!(g.len(), 1);
        assert_eq!(g[0].speaker, None);
        std::fs::write(&path, "not json\n").unwrap();
        let err = read_gold(&path).unwrap_err().to_string();
        assert!(err.contains("gold.jsonl:1:"), "{err}");
    }

    #[test]
    fn scores_a_parquet_dataset() {
        use arrow::array::{Int64Array, RecordBatch, StringArray};
        use arrow::datatypes::{DataType, Field, Schema};
        use std::fs::File;
        use std::sync::Arc;
        let dir = tempfile::tempdir().unwrap();
        let q = dir.path().join("quotes");
        std::fs::create_dir(&q).unwrap();
        let schema = Arc::new(Schema::new(vec![
            Field::new("article_id", DataType::Utf8, false),
            Field::new("char_start", DataType::Int64, false),
            Field::new("char_end", DataType::Int64, false),
            Field::new("text", DataType::Utf8, false),
            Field::new("speaker", DataType::Utf8, true),
            Field::new("rule", DataType::Utf8, true),
        ]));
        let batch = RecordBatch::try_new(
            schema.clone(),
            vec![
                Arc::new(StringArray::from(vec!["a", "a", "a"])),
                Arc::new(Int64Array::from(vec![0, 20, 40])),
                Arc::new(Int64Array::from(vec![10, 30, 50])),
                Arc::new(StringArray::from(vec!["one", "two", "three"])),
                Arc::new(StringArray::from(vec![Some("Dana Okafor"), None, Some("Bob")])),
                Arc::new(StringArray::from(vec![Some("cue_after"), None, Some("nearest")])),
            ],
        )
        .unwrap();
        let file = File::create(q.join("part-00000.parquet")).unwrap();
        let mut w = parquet::arrow::ArrowWriter::try_new(file, schema, None).unwrap();
        w.write(&batch).unwrap();
        w.close().unwrap();
        let gold_path = dir.path().join("gold.jsonl");
        std::fs::write(
            &gold_path,
            "{\"doc_id\":\"a\",\"quote_start\":0,\"quote_end\":10,\"quote_text\":\"one\",\"speaker\":\"Okafor\"}\n\
             {\"doc_id\":\"a\",\"quote_start\":20,\"quote_end\":30,\"quote_text\":\"two\",\"speaker\":\"Ali\"}\n",
        )
        .unwrap();
        let r = run(&gold_path, dir.path(), Options::default()).unwrap();
        assert_eq!(
            r.summary(),
            "gold=2 pred=2 matched=1 speaker_right=1 quote_p=0.5 quote_r=0.5 quote_f1=0.5 speaker_acc=1.0 e2e_f1=0.5"
        );
        assert_eq!(r.missed.len(), 1);
        assert_eq!(r.spurious.len(), 1);
        // The rule column is read (mention_type is absent: `-`).
        let rows = r.by_rule();
        assert_eq!(rows[0].rule, "cue_after");
        assert_eq!((rows[0].predictions, rows[0].speaker_right), (1, 1));
        assert_eq!((rows[1].rule.as_str(), rows[1].matched), ("nearest", 0));
        assert_eq!(rows[2].mention_type.as_deref(), Some("-"));
        // No quotes folder: an error naming it.
        let err = run(&gold_path, &dir.path().join("nope"), Options::default()).unwrap_err().to_string();
        assert!(err.contains("nope"), "{err}");
    }

    fn pred_by(doc: &str, start: i64, end: i64, speaker: &str, rule: &str, kind: &str) -> PredQuote {
        PredQuote { rule: Some(rule.into()), mention_type: Some(kind.into()), ..pred(doc, start, end, speaker) }
    }

    fn unnamed(doc: &str, start: i64, end: i64) -> GoldQuote {
        GoldQuote { speaker: None, ..gold(doc, start, end, "") }
    }

    #[test]
    fn accents_are_folded_and_royal_titles_are_names() {
        assert_eq!(norm_tokens("Recep Tayyip Erdoğan"), vec!["recep", "tayyip", "erdogan"]);
        assert!(speaker_ok("Erdogan", "Recep Tayyip Erdoğan"));
        assert!(speaker_ok("José Peña", "Jose Pena"));
        // Decomposed input (e + combining acute) folds the same way.
        assert!(speaker_ok("Jose\u{301} Pen\u{303}a", "José Peña"));
        // "King" is part of a name ("Martin Luther King", "Peter King"), not a title.
        assert_eq!(norm_tokens("Peter King"), vec!["peter", "king"]);
        assert_eq!(norm_tokens("Prince Harry"), vec!["prince", "harry"]);
        assert!(!speaker_ok("Prince Harry", "Prince Edward"));
    }

    #[test]
    fn named_only_leaves_unnamed_gold_out_of_speaker_scores() {
        // Gold: two named quotes and one without a speaker; predictions match all three.
        let g = [gold("a", 0, 10, "Dana Okafor"), unnamed("a", 20, 30), gold("a", 40, 50, "Li Wei")];
        let p = || vec![pred("a", 0, 10, "Okafor"), pred("a", 20, 30, "Someone"), pred("a", 40, 50, "Bob")];
        let all = score(&g, p(), Options::default());
        let named = score(&g, p(), Options { named_only: true, ..Options::default() });
        // Quote scores and the counts of the summary are the same...
        assert_eq!((all.gold, all.pred, all.matched, all.speaker_right), (3, 3, 3, 1));
        assert_eq!((named.gold, named.pred, named.matched, named.speaker_right), (3, 3, 3, 1));
        assert_eq!((named.quote_p, named.quote_r), (1.0, 1.0));
        // ...speaker accuracy and e2e count only the named quotes: 1 right of 2.
        assert_eq!(all.speaker_acc, 0.3333);
        assert_eq!(named.speaker_acc, 0.5);
        assert_eq!(all.e2e_f1, 0.3333);
        assert_eq!(named.e2e_f1, 0.5);
        // The unnamed match is not listed as a wrong speaker.
        assert_eq!(all.to_string().lines().filter(|l| l.starts_with("WRONG")).count(), 2);
        assert_eq!(named.to_string().lines().filter(|l| l.starts_with("WRONG")).count(), 1);
    }

    #[test]
    fn named_only_with_an_empty_speaker_is_unnamed_too() {
        let g = [gold("a", 0, 10, ""), gold("a", 20, 30, "X")];
        let r = score(
            &g,
            vec![pred("a", 0, 10, "Y"), pred("a", 20, 30, "X")],
            Options { named_only: true, ..Options::default() },
        );
        assert_eq!((r.speaker_acc, r.e2e_f1), (1.0, 1.0));
    }

    #[test]
    fn by_rule_counts_predictions_matches_and_right_speakers() {
        let g = [
            gold("a", 0, 10, "Dana Okafor"),
            gold("a", 20, 30, "Li Wei"),
            gold("a", 40, 50, "Li Wei"),
            unnamed("a", 60, 70),
        ];
        let p = vec![
            pred_by("a", 0, 10, "Okafor", "cue_after", "name"),
            pred_by("a", 20, 30, "Li Wei", "cue_after", "pronoun"),
            pred_by("a", 40, 50, "Okafor", "nearest", "name"),
            // Matched to a gold quote without a speaker: out of the table under named_only.
            pred_by("a", 60, 70, "Okafor", "nearest", "name"),
            // Spurious: a prediction, never a match.
            pred_by("a", 90, 99, "Okafor", "cue_after", "name"),
            pred("a", 120, 130, "Okafor"),
        ];
        let r = score(&g, p, Options { named_only: true, by_rule: true, verbose: false });
        let rows = r.by_rule();
        let row = |rule: &str, kind: Option<&str>| {
            rows.iter().find(|x| x.rule == rule && x.mention_type.as_deref() == kind).cloned().unwrap()
        };
        let counts = |x: RuleRow| (x.predictions, x.matched, x.speaker_right);
        assert_eq!(counts(row("cue_after", None)), (3, 2, 2));
        assert_eq!(counts(row("cue_after", Some("name"))), (2, 1, 1));
        assert_eq!(counts(row("cue_after", Some("pronoun"))), (1, 1, 1));
        assert_eq!(counts(row("nearest", None)), (1, 1, 0));
        assert_eq!(row("nearest", None).precision(), 0.0);
        assert_eq!(counts(row("-", None)), (1, 0, 0));
        // Rows for all kinds come first, each block in rule order.
        let order: Vec<(String, Option<String>)> =
            rows.iter().map(|x| (x.rule.clone(), x.mention_type.clone())).collect();
        assert_eq!(order[0], ("-".to_string(), None));
        assert_eq!(order[1], ("cue_after".to_string(), None));
        assert_eq!(order[2], ("nearest".to_string(), None));
        assert!(order[3..].iter().all(|(_, k)| k.is_some()));
        // Printed before the summary line, which stays last.
        let text = r.to_string();
        let lines: Vec<&str> = text.lines().collect();
        let header = lines.iter().position(|l| l.starts_with("rule ")).unwrap();
        assert!(lines[header + 2].starts_with("cue_after") && lines[header + 2].ends_with(" 1.0"), "{text}");
        assert!(lines.last().unwrap().starts_with("gold=4 pred=6 "), "{text}");
        // Without by_rule, no table.
        let r = score(&g, vec![], Options::default());
        assert!(!r.to_string().contains("precision"));
    }
}
