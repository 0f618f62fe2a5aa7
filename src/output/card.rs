//! The dataset card (`README.md`): Hugging Face YAML front matter with one config per table,
//! then description, contents, summary statistics, how to load, schema (from `schema/*.json`)
//! and how the dataset was built. Deterministic: no clock values, sorted maps.

use super::schema::{Table, table_schema};
use super::writer::{CARD_MARKER, OutputFile, RunInfo};
use crate::model::Analysis;
use std::collections::BTreeMap;
use std::fmt::Write;

/// Per-speaker totals across the dataset, keyed by `speaker_key`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SpeakerStat {
    /// The canonical name first seen for this key.
    pub name: String,
    pub quotes: u64,
    pub articles: u64,
}

/// Running totals for the card, updated on every `write`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    pub articles: u64,
    pub quotes: u64,
    pub attributed: u64,
    pub max_quotes_per_article: u64,
    pub speakers: BTreeMap<String, SpeakerStat>,
    pub rules: BTreeMap<String, u64>,
    pub kinds: BTreeMap<String, u64>,
    pub speaker_types: BTreeMap<String, u64>,
}

impl Stats {
    /// Adds the statistics of a later run of articles (order matters only for a speaker's
    /// first-seen name, which stays the earlier one).
    pub fn merge(&mut self, other: Stats) {
        self.articles += other.articles;
        self.quotes += other.quotes;
        self.attributed += other.attributed;
        self.max_quotes_per_article = self.max_quotes_per_article.max(other.max_quotes_per_article);
        for (k, v) in other.speakers {
            let s = self.speakers.entry(k).or_insert_with(|| SpeakerStat { name: v.name.clone(), ..Default::default() });
            s.quotes += v.quotes;
            s.articles += v.articles;
        }
        for (mine, theirs) in [(&mut self.rules, other.rules), (&mut self.kinds, other.kinds), (&mut self.speaker_types, other.speaker_types)] {
            for (k, v) in theirs {
                *mine.entry(k).or_default() += v;
            }
        }
    }

    /// Adds one analysed article.
    pub fn add(&mut self, a: &Analysis) {
        self.articles += 1;
        self.quotes += a.quotes.len() as u64;
        self.max_quotes_per_article = self.max_quotes_per_article.max(a.quotes.len() as u64);
        for q in &a.quotes {
            bump(&mut self.kinds, q.kind.as_str());
        }
        let mut seen = BTreeMap::new();
        for at in a.attributions.iter().flatten() {
            self.attributed += 1;
            bump(&mut self.rules, at.rule);
            let e = &a.entities[at.entity];
            bump(&mut self.speaker_types, e.kind.as_str());
            if !self.speakers.contains_key(&e.key) {
                let first = SpeakerStat { name: e.name.clone(), ..Default::default() };
                self.speakers.insert(e.key.clone(), first);
            }
            let s = self.speakers.get_mut(&e.key).expect("inserted above");
            s.quotes += 1;
            if seen.insert(e.key.as_str(), ()).is_none() {
                s.articles += 1;
            }
        }
    }
}

/// Counts one more `key`, copying the key only the first time it is seen.
fn bump(counts: &mut BTreeMap<String, u64>, key: &str) {
    match counts.get_mut(key) {
        Some(n) => *n += 1,
        None => {
            counts.insert(key.to_owned(), 1);
        }
    }
}

/// Escapes text for a Markdown table cell.
fn cell(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\n', '\r'], " ")
}

fn size_category(n: u64) -> &'static str {
    match n {
        0..1_000 => "n<1K",
        1_000..10_000 => "1K<n<10K",
        10_000..100_000 => "10K<n<100K",
        100_000..1_000_000 => "100K<n<1M",
        1_000_000..10_000_000 => "1M<n<10M",
        10_000_000..100_000_000 => "10M<n<100M",
        100_000_000..1_000_000_000 => "100M<n<1B",
        _ => "n>1B",
    }
}

fn pct(part: u64, whole: u64) -> String {
    if whole == 0 {
        "0.0%".into()
    } else {
        format!("{:.1}%", 100.0 * part as f64 / whole as f64)
    }
}

/// Inputs listed in the card; the manifest lists all of them.
const MAX_INPUTS_LISTED: usize = 50;

/// Renders `README.md`.
pub fn render(
    parts: &[OutputFile],
    counts: &BTreeMap<Table, u64>,
    stats: &Stats,
    run: &RunInfo,
    release_date: Option<&str>,
) -> String {
    let count = |t: Table| counts.get(&t).copied().unwrap_or(0);
    let mut s = String::new();
    // --- YAML front matter (Hugging Face dataset card metadata).
    s.push_str(
        "---\nlicense: other\npretty_name: Direct quotations with speaker attribution (whosaid)\n",
    );
    s.push_str("language:\n- en\n");
    s.push_str("tags:\n- quotations\n- quote-attribution\n- speaker-attribution\n- news\n- computational-social-science\n- whosaid\n");
    let _ = writeln!(
        s,
        "size_categories:\n- {}",
        size_category(count(Table::Quotes))
    );
    s.push_str("configs:\n");
    let order = std::iter::once(Table::Quotes)
        .chain(Table::ALL.into_iter().filter(|&t| t != Table::Quotes));
    for t in order {
        let _ = writeln!(
            s,
            "- config_name: {0}\n  data_files: \"{0}/*.parquet\"",
            t.name()
        );
        if t == Table::Quotes {
            s.push_str("  default: true\n");
        }
    }
    s.push_str("---\n\n");

    // --- Description.
    s.push_str("# Direct quotations with speaker attribution\n\n");
    s.push_str(
        "Every direct quotation found in a corpus of news articles, who said it, and the evidence for \
         the attribution (the speaker mention, the speech cue, the rule that fired and a confidence), with \
         offsets back into the article text. Built with whosaid by \
         rule-based, deterministic extraction: the same inputs, tool version and options give \
         byte-identical files.\n\n",
    );
    match release_date {
        Some(d) => {
            let _ = writeln!(s, "Release date: {d}.\n");
        }
        None => s.push_str("Release date: not given.\n\n"),
    }
    s.push_str(
        "License: **to be set by the publisher** (`license: other` above). The article texts \
                keep the rights of their original publishers.\n\n",
    );

    // --- Contents.
    s.push_str("## Contents\n\n| table | rows | parts | description |\n|---|---:|---:|---|\n");
    for t in Table::ALL {
        let n_parts = parts.iter().filter(|p| p.table == Some(t)).count();
        let _ = writeln!(
            s,
            "| `{}` | {} | {} | {} |",
            t.name(),
            count(t),
            n_parts,
            cell(&table_schema(t).description)
        );
    }
    s.push_str(
        "\nTables join on `article_id` (all tables) and `speaker_id` (`quotes`, `speakers`, `mentions`). \
         `manifest.json` lists every file with its SHA-256, size and row count; `SHA256SUMS` can be \
         checked with `sha256sum -c SHA256SUMS`; `croissant.json` is MLCommons Croissant 1.0 metadata.\n\n",
    );

    // --- Summary statistics.
    s.push_str("## Summary statistics\n\n");
    let mean = if stats.articles == 0 {
        0.0
    } else {
        stats.quotes as f64 / stats.articles as f64
    };
    let _ = writeln!(s, "- Articles: {}", stats.articles);
    let _ = writeln!(
        s,
        "- Quotes: {} (per article: mean {:.2}, max {})",
        stats.quotes, mean, stats.max_quotes_per_article
    );
    let _ = writeln!(
        s,
        "- Attributed quotes (non-null speaker): {} ({})",
        stats.attributed,
        pct(stats.attributed, stats.quotes)
    );
    let _ = writeln!(
        s,
        "- Speakers (speaking entities per article): {}; distinct `speaker_key`s: {}",
        count(Table::Speakers),
        stats.speakers.len()
    );
    let _ = writeln!(s, "- Speaker mentions: {}", count(Table::Mentions));
    if !stats.kinds.is_empty() {
        let kinds: Vec<String> = stats
            .kinds
            .iter()
            .map(|(k, n)| format!("{k} {n}"))
            .collect();
        let _ = writeln!(s, "- Quote kinds: {}", kinds.join(", "));
    }
    if !stats.speaker_types.is_empty() {
        let types: Vec<String> = stats
            .speaker_types
            .iter()
            .map(|(k, n)| format!("{k} {n}"))
            .collect();
        let _ = writeln!(
            s,
            "- Attributed quotes by speaker type: {}",
            types.join(", ")
        );
    }
    s.push('\n');
    let mut top: Vec<(&String, &SpeakerStat)> = stats.speakers.iter().collect();
    top.sort_by(|a, b| b.1.quotes.cmp(&a.1.quotes).then_with(|| a.0.cmp(b.0)));
    if !top.is_empty() {
        s.push_str("### Top speakers by quote count\n\n| # | speaker_key | name | quotes | articles |\n|---:|---|---|---:|---:|\n");
        for (i, (key, st)) in top.iter().take(10).enumerate() {
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} | {} |",
                i + 1,
                cell(key),
                cell(&st.name),
                st.quotes,
                st.articles
            );
        }
        s.push('\n');
    }
    if !stats.rules.is_empty() {
        s.push_str("### Attributions by rule\n\n| rule | quotes |\n|---|---:|\n");
        for (rule, n) in &stats.rules {
            let _ = writeln!(s, "| `{}` | {} |", cell(rule), n);
        }
        s.push('\n');
    }

    // --- How to load.
    s.push_str(
        r#"## How to load

Paths are relative to this folder; every table is a folder of Parquet parts.

pandas:

```python
import pandas as pd
# dtype_backend="numpy_nullable" keeps integer columns with nulls as integers (not float64)
quotes = pd.read_parquet("quotes", dtype_backend="numpy_nullable")
speakers = pd.read_parquet("speakers")
articles = pd.read_parquet("articles")
q = quotes.merge(speakers[["speaker_id", "speaker_key"]], on="speaker_id", how="left")
# offsets are code points: Python slices by them
text = articles.set_index("article_id").text
assert all(text[r.article_id][r.char_start:r.char_end] == r.text for r in quotes.itertuples())
```

DuckDB:

```sql
SELECT s.speaker_key, count(*) AS quotes
FROM 'quotes/*.parquet' q JOIN 'speakers/*.parquet' s USING (speaker_id)
GROUP BY ALL ORDER BY quotes DESC LIMIT 10;
-- substring is 1-based: substring(a.text, q.char_start + 1, q.char_end - q.char_start) = q.text
```

Hugging Face `datasets`:

```python
from datasets import load_dataset
quotes = load_dataset("parquet", data_files={"train": "quotes/*.parquet"})["train"]
# or, from the folder (or a Hub repository) holding this card, one config per table:
speakers = load_dataset("path/to/this/folder", "speakers")["train"]
```

"#,
    );

    // --- Offsets.
    s.push_str(
        "## Offsets and identifiers\n\n\
         All offsets point into `articles.text`, stored exactly as read (UTF-8 decoded, never normalised). \
         `char_*` columns count Unicode code points (what Python and DuckDB slice by); `byte_*` columns \
         count UTF-8 bytes (what Rust slices by); `*_start` is inclusive and `*_end` exclusive. \
         `quotes.text` is the content between the quotation marks, outer white space trimmed. \
         `quote_id` is `{article_id}:q{n}` and `speaker_id` is `{article_id}:s{n}`, both numbered from 0 \
         within the article. A speaker is one entity within one article; join speakers across articles \
         on `speaker_key`.\n\n",
    );

    // --- Schema.
    s.push_str("## Schema\n\nGenerated from `schema/*.json` (schema version ");
    let _ = write!(s, "{}).\n\n", crate::SCHEMA_VERSION);
    for t in Table::ALL {
        let ts = table_schema(t);
        let _ = writeln!(s, "### {}\n\n{}\n", t.name(), ts.description);
        s.push_str("| column | type | nullable | description |\n|---|---|---|---|\n");
        for c in &ts.columns {
            let _ = writeln!(
                s,
                "| `{}` | {} | {} | {} |",
                c.name,
                c.ty.as_str(),
                if c.nullable { "yes" } else { "no" },
                cell(&c.description)
            );
        }
        s.push('\n');
    }

    // --- Provenance.
    s.push_str("## How it was built\n\n");
    let _ = writeln!(
        s,
        "- Tool: whosaid {} (schema version {})",
        crate::VERSION,
        crate::SCHEMA_VERSION
    );
    let _ = writeln!(
        s,
        "- Inputs: {} file(s); skipped documents: {} (reasons in `manifest.json`)",
        run.inputs.len(),
        run.skipped.len()
    );
    s.push_str("- Options:\n\n```json\n");
    s.push_str(&serde_json::to_string_pretty(&run.options).unwrap_or_else(|_| "{}".into()));
    s.push_str("\n```\n\n");
    if !run.inputs.is_empty() {
        s.push_str("| input | bytes | sha256 |\n|---|---:|---|\n");
        for f in run.inputs.iter().take(MAX_INPUTS_LISTED) {
            let _ = writeln!(s, "| `{}` | {} | `{}` |", cell(&f.path), f.bytes, f.sha256);
        }
        if run.inputs.len() > MAX_INPUTS_LISTED {
            let _ = writeln!(
                s,
                "\n… and {} more inputs, listed in `manifest.json`.",
                run.inputs.len() - MAX_INPUTS_LISTED
            );
        }
        s.push('\n');
    }
    s.push_str("Rows are in input order, then text order. Re-running the same whosaid version with the same \
                options on the same input bytes reproduces every file byte for byte.\n\n");
    s.push_str(CARD_MARKER);
    s.push('\n');
    s
}
