//! `whosaid report`: one self-contained HTML file about a dataset.
//!
//! Inline CSS, inline SVG (the same figures `whosaid build` writes, from
//! [`whosaid_dataset::output::figures`]) and a little inline JavaScript; a Content Security
//! Policy forbids every network request, so the file opens offline. The aggregates stream over
//! every row of the tables ([`Stats::of_dataset`]); only the rendered articles are a sample
//! ([`crate::select`]), loaded by `article_id` like `whosaid show`. The same dataset and options
//! give the same bytes (no clock, no paths but the folder's name).

use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::Path;

use maud::{DOCTYPE, Markup, PreEscaped, html};
use whosaid_dataset::manifest::Manifest;
use whosaid_dataset::output::figures;
use whosaid_dataset::read;
use whosaid_dataset::schema::Table;
use whosaid_dataset::stats::{CONFIDENCE_BINS, SpeakerOrder, Stats};

use crate::Result;
use crate::lookup::{self, Article, speaker_number};
use crate::markup::{self, Event, Kind};
use crate::select::{self, Filter, Pick};

/// Options of `whosaid report`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportOptions {
    /// Articles rendered in full.
    pub sample: usize,
    /// Seed of the sample.
    pub seed: u64,
    /// Conditions the sampled articles meet.
    pub filter: Filter,
}

impl Default for ReportOptions {
    fn default() -> Self {
        ReportOptions { sample: 12, seed: 0, filter: Filter::default() }
    }
}

/// Rows in the top-speaker tables.
const TOP: usize = 20;

/// Speaker colours (strong, light), by speaker number: Tableau 10.
const PALETTE: [(&str, &str); 10] = [
    ("#4e79a7", "#dbe6f1"),
    ("#f28e2b", "#fde5cc"),
    ("#e15759", "#f9d9da"),
    ("#76b7b2", "#dff0ee"),
    ("#59a14f", "#dcecd8"),
    ("#edc948", "#fbf1c9"),
    ("#b07aa1", "#efe1eb"),
    ("#ff9da7", "#ffe6e9"),
    ("#9c755f", "#ece2dc"),
    ("#bab0ac", "#eeebea"),
];

/// The colour class of a speaker (`c3`), or `none` for an unattributed quote.
fn color_class(speaker_id: Option<&str>) -> String {
    match speaker_id {
        Some(id) => format!("c{}", speaker_number(id) % PALETTE.len()),
        None => "none".into(),
    }
}

/// Rows of a table, from the Parquet footers.
fn table_rows(dir: &Path, table: Table) -> Result<u64> {
    let mut n = 0;
    for part in read::table_parts(dir, table)? {
        let file = std::fs::File::open(&part).map_err(|e| whosaid_dataset::Error::new(e).at(&part))?;
        let builder = parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(file)
            .map_err(|e| whosaid_dataset::Error::new(e).at(&part))?;
        n += u64::try_from(builder.metadata().file_metadata().num_rows()).unwrap_or(0);
    }
    Ok(n)
}

fn pct(part: u64, whole: u64) -> String {
    if whole == 0 { "0.0%".into() } else { format!("{:.1}%", 100.0 * part as f64 / whole as f64) }
}

/// Renders the report of the dataset in `dir`.
pub fn render(dir: &Path, opts: &ReportOptions) -> Result<String> {
    let manifest = Manifest::read(dir)?;
    let stats = Stats::of_dataset(dir)?;
    let mut rows = BTreeMap::new();
    for t in Table::ALL {
        rows.insert(t, table_rows(dir, t)?);
    }
    let figs = figures::render(&stats)?;
    let ids = select::pick(dir, &opts.filter, &Pick::Sample { n: opts.sample, seed: opts.seed })?;
    let (articles, read) = lookup::load(dir, &ids)?;
    let p = read.total();
    log::info!("sample: {} articles, {} of {} row groups read", articles.len(), p.row_groups_read, p.row_groups);
    let name = dir
        .canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| dir.display().to_string());
    Ok(page(&name, &manifest, &stats, &rows, &figs, &articles, opts).into_string())
}

const CSS: &str = r##"
:root { --fg: #1d2330; --muted: #5f6b7a; --line: #e3e6ea; --bg: #fafbfc; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
header, main { max-width: 1180px; margin: 0 auto; padding: 0 24px; }
header { padding-top: 24px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 32px 0 12px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 16px; margin: 0 0 8px; }
.sub { color: var(--muted); margin: 0; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 10px; margin: 0; padding: 0; }
.cards div { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; }
.cards dt { color: var(--muted); font-size: 13px; }
.cards dd { margin: 0; font-size: 22px; font-weight: 600; font-variant-numeric: tabular-nums; }
.figs { display: grid; grid-template-columns: repeat(auto-fill, minmax(520px, 1fr)); gap: 16px; }
figure { margin: 0; background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 8px; }
figure svg { display: block; max-width: 100%; height: auto; }
figcaption { font-size: 13px; color: var(--muted); }
details summary { cursor: pointer; color: var(--muted); font-size: 13px; }
table { border-collapse: collapse; font-size: 13px; margin: 6px 0; }
th, td { text-align: left; padding: 3px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
.tables { display: grid; grid-template-columns: repeat(auto-fill, minmax(360px, 1fr)); gap: 16px; }
article.doc { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; margin: 0 0 16px; }
.doc .meta { color: var(--muted); font-size: 13px; margin: 0 0 6px; }
.legend { margin: 0 0 8px; padding: 0; list-style: none; display: flex; flex-wrap: wrap; gap: 6px; }
.legend li { font-size: 13px; border-radius: 10px; padding: 0 8px; background: var(--t); border: 1px solid var(--c); }
.text { white-space: pre-wrap; font: 15px/1.6 Georgia, "Times New Roman", serif; max-height: 34em; overflow-y: auto; }
mark.q { background: var(--t); border-bottom: 2px solid var(--c); cursor: pointer; color: inherit; padding: 0 1px; }
mark.q.sel { outline: 2px solid var(--c); }
mark.q.none { --c: #8a8f98; --t: #eceef1; border-bottom-style: dashed; }
.m { font-weight: 700; color: var(--c); text-decoration: underline; }
.cue { font-style: italic; background: #fff3bf; }
.ev { margin: 8px 0 0; padding: 8px 12px; border-left: 4px solid var(--c); background: var(--t); font-size: 13px; display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; }
.ev[hidden] { display: none; }
.ev dt { color: var(--muted); }
.ev dd { margin: 0; }
#quote-filter { font: inherit; padding: 4px 8px; width: 320px; max-width: 100%; }
table.sortable th { cursor: pointer; user-select: none; }
table.sortable th[aria-sort=ascending]::after { content: " ▲"; }
table.sortable th[aria-sort=descending]::after { content: " ▼"; }
#quotes-table td.t { max-width: 480px; }
footer { color: var(--muted); font-size: 13px; margin: 40px 0 24px; }
"##;

const JS: &str = r##"
"use strict";
document.addEventListener("click", (e) => {
  const mark = e.target.closest("mark.q");
  if (!mark) return;
  const doc = mark.closest("article");
  const id = mark.dataset.q;
  let shown = false;
  doc.querySelectorAll(".ev").forEach((d) => {
    if (d.dataset.q === id) { d.hidden = !d.hidden; shown = !d.hidden; } else { d.hidden = true; }
  });
  doc.querySelectorAll("mark.q").forEach((m) => m.classList.toggle("sel", shown && m.dataset.q === id));
});
document.querySelectorAll("table.sortable").forEach((table) => {
  const heads = table.querySelectorAll("th");
  heads.forEach((th, col) => th.addEventListener("click", () => {
    const asc = th.getAttribute("aria-sort") !== "ascending";
    heads.forEach((h) => h.removeAttribute("aria-sort"));
    th.setAttribute("aria-sort", asc ? "ascending" : "descending");
    const num = th.classList.contains("n");
    const key = (tr) => { const c = tr.children[col]; const v = c.dataset.v ?? c.textContent; return num ? (v === "" ? -Infinity : Number(v)) : v; };
    const body = table.tBodies[0];
    const rows = Array.from(body.rows);
    rows.sort((a, b) => { const x = key(a), y = key(b); const r = x < y ? -1 : x > y ? 1 : 0; return asc ? r : -r; });
    rows.forEach((r) => body.appendChild(r));
  }));
});
const filter = document.getElementById("quote-filter");
if (filter) filter.addEventListener("input", () => {
  const needle = filter.value.toLowerCase();
  let n = 0;
  document.querySelectorAll("#quotes-table tbody tr").forEach((tr) => {
    const hit = tr.textContent.toLowerCase().includes(needle);
    tr.hidden = !hit;
    n += hit ? 1 : 0;
  });
  document.getElementById("quote-count").textContent = String(n);
});
"##;

fn palette_css() -> String {
    let mut s = String::new();
    for (i, (c, t)) in PALETTE.iter().enumerate() {
        let _ = writeln!(s, ".c{i} {{ --c: {c}; --t: {t}; }}");
    }
    s
}

/// A two-column table of counts, largest first.
fn count_table(id: &str, head: &str, counts: &BTreeMap<String, u64>) -> Markup {
    let mut v: Vec<(&String, &u64)> = counts.iter().collect();
    v.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
    html! {
        table id=(id) {
            thead { tr { th { (head) } th.n { "quotes" } } }
            tbody { @for (k, n) in v { tr { td { (k) } td.n { (n) } } } }
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn page(
    name: &str,
    manifest: &Manifest,
    stats: &Stats,
    rows: &BTreeMap<Table, u64>,
    figs: &[figures::Figure],
    articles: &[Article],
    opts: &ReportOptions,
) -> Markup {
    let csp = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'";
    let mean = if stats.articles == 0 { 0.0 } else { stats.quotes as f64 / stats.articles as f64 };
    let figure = |file: &str| figs.iter().find(|f| f.path.ends_with(file));
    let show_fig = |file: &str, numbers: Markup| -> Markup {
        html! {
            @if let Some(f) = figure(file) {
                figure id=(format!("fig-{}", file.trim_end_matches(".svg"))) {
                    (PreEscaped(&f.svg))
                    figcaption { (f.caption) }
                    details { summary { "Numbers" } (numbers) }
                }
            }
        }
    };
    let qpa = html! {
        table id="t-quotes-per-article" {
            thead { tr { th.n { "quotes" } th.n { "articles" } } }
            tbody { @for (n, c) in &stats.quotes_per_article { tr { td.n { (n) } td.n { (c) } } } }
        }
    };
    let confidence = html! {
        table id="t-confidence" {
            thead { tr { th.n { "from" } th.n { "to" } th.n { "quotes" } } }
            tbody {
                @for (i, n) in stats.confidence.iter().enumerate() {
                    tr {
                        td.n { (format!("{:.2}", i as f64 / CONFIDENCE_BINS as f64)) }
                        td.n { (format!("{:.2}", (i + 1) as f64 / CONFIDENCE_BINS as f64)) }
                        td.n { (n) }
                    }
                }
            }
        }
    };
    let months = html! {
        table id="t-months" {
            thead { tr { th { "month" } th.n { "articles" } th.n { "quotes" } } }
            tbody { @for (m, s) in &stats.months { tr { td { (m) } td.n { (s.articles) } td.n { (s.quotes) } } } }
        }
    };
    let speakers_table = |id: &str, by: SpeakerOrder| {
        html! {
            table id=(id) {
                thead { tr { th.n { "#" } th { "speaker_key" } th { "name" } th.n { "quotes" } th.n { "articles" } } }
                tbody {
                    @for (i, (key, s)) in stats.top_speakers(TOP, by).into_iter().enumerate() {
                        tr { td.n { (i + 1) } td { (key) } td { (s.name) } td.n { (s.quotes) } td.n { (s.articles) } }
                    }
                }
            }
        }
    };
    let skipped = &manifest.skipped;
    let cards: [(&str, &str, String); 10] = [
        ("articles", "Articles", stats.articles.to_string()),
        ("quotes", "Quotes", stats.quotes.to_string()),
        ("attributed", "Attributed quotes", stats.attributed.to_string()),
        ("attributed-share", "Attributed share", pct(stats.attributed, stats.quotes)),
        ("quotes-per-article", "Quotes per article", format!("{mean:.2}")),
        ("speakers", "Speakers (per article)", rows[&Table::Speakers].to_string()),
        ("speaker-keys", "Distinct speaker_keys", stats.speakers.len().to_string()),
        ("mentions", "Speaker mentions", rows[&Table::Mentions].to_string()),
        ("sentences", "Sentences", rows[&Table::Sentences].to_string()),
        ("skipped", "Skipped inputs", skipped.count.to_string()),
    ];
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta http-equiv="Content-Security-Policy" content=(csp);
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { "whosaid report: " (name) }
                style { (PreEscaped(CSS)) (PreEscaped(palette_css())) }
            }
            body {
                header {
                    h1 { "whosaid report: " (name) }
                    p.sub {
                        "Built by " (manifest.tool.name) " " (manifest.tool.version)
                        " (schema version " (manifest.schema_version) ")"
                        @if let Some(d) = manifest.release_date { ", release date " (d.to_string()) }
                        ". Report by whosaid " (whosaid_core::VERSION) ". Every number covers all rows of the tables; "
                        "the articles below are a sample."
                    }
                }
                main {
                    h2 id="overview" { "Overview" }
                    dl.cards id="counts" {
                        @for (key, label, value) in &cards {
                            div { dt { (label) } dd data-k=(key) { (value) } }
                        }
                    }
                    div.figs {
                        (show_fig("quotes_per_article.svg", qpa))
                        (show_fig("rules.svg", count_table("t-rules", "rule", &stats.rules)))
                        (show_fig("confidence.svg", confidence))
                        (show_fig("speakers.svg", speakers_table("t-speakers-quotes", SpeakerOrder::Quotes)))
                        (show_fig("speaker_types.svg", count_table("t-speaker-types", "speaker_type", &stats.speaker_types)))
                        (show_fig("mention_types.svg", count_table("t-mention-types", "mention_type", &stats.mention_types)))
                        (show_fig("quotes_over_time.svg", months))
                    }
                    @if stats.months.is_empty() {
                        p.sub id="no-dates" { "No article has a publication date, so there is no figure over time." }
                    }
                    div.tables {
                        div {
                            h3 { "Top speakers by articles" }
                            (speakers_table("t-speakers-articles", SpeakerOrder::Articles))
                        }
                        div {
                            h3 { "Quote kinds" }
                            (count_table("t-kinds", "kind", &stats.kinds))
                        }
                    }
                    h2 id="skipped" { "Skipped inputs" }
                    @if skipped.count == 0 {
                        p { "No input document was skipped." }
                    } @else {
                        table id="t-skipped-kinds" {
                            thead { tr { th { "kind" } th.n { "records" } } }
                            tbody { @for (k, n) in &skipped.kinds { tr { td { (k.as_str()) } td.n { (n) } } } }
                        }
                        details {
                            summary { "The first " (skipped.first.len()) " of " (skipped.count) " (all in " code { "skipped.jsonl" } ")" }
                            table id="t-skipped" {
                                thead { tr { th { "source" } th.n { "line" } th { "article_id" } th { "reason" } } }
                                tbody {
                                    @for s in &skipped.first {
                                        tr {
                                            td { (s.source) }
                                            td.n { @if let Some(l) = s.line { (l) } }
                                            td { @if let Some(a) = &s.article_id { (a) } }
                                            td { (s.reason) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                    h2 id="sample" { "A sample of articles" }
                    p.sub {
                        (articles.len()) @if articles.len() == 1 { " article" } @else { " articles" }
                        " chosen by the seed " (opts.seed)
                        " (the smallest sha256(seed, article_id)), in table order. "
                        "Hover over a quote for its speaker; click it for the evidence. "
                        "Quotes take their speaker's colour; grey dashed quotes have no speaker; "
                        "bold underlined words are speaker mentions; italics on yellow are cues."
                    }
                    @for (n, a) in articles.iter().enumerate() { (article(n, a)) }
                    h2 id="quotes" { "Quotes of the sample" }
                    p {
                        input id="quote-filter" type="search" placeholder="Filter quotes…" aria-label="Filter quotes";
                        " " span id="quote-count" { (articles.iter().map(|a| a.quotes.len()).sum::<usize>()) } " quotes; click a column to sort."
                    }
                    (quotes_table(articles))
                }
                footer { "Self-contained: no file or network access is needed to view this page." }
                script { (PreEscaped(JS)) }
            }
        }
    }
}

/// The article text as HTML, with its quotes, mentions and cues marked.
fn marked_text(a: &Article) -> String {
    let spans = markup::spans(a);
    let mut s = String::with_capacity(a.text.len() * 2);
    for e in markup::events(&a.text, &spans) {
        match e {
            Event::Open(sp) => match sp.kind {
                Kind::Quote => {
                    let q = &a.quotes[sp.item];
                    let title = match &q.speaker {
                        Some(who) => format!(
                            "{who} · {} · confidence {}",
                            q.rule.as_deref().unwrap_or("?"),
                            q.confidence.map_or("?".into(), |c| format!("{c:.2}"))
                        ),
                        None => "no speaker".into(),
                    };
                    let _ = write!(
                        s,
                        "<mark class=\"q {}\" data-q=\"{}\" title=\"{}\">",
                        color_class(q.speaker_id.as_deref()),
                        escape(&q.quote_id),
                        escape(&title)
                    );
                }
                Kind::Mention => {
                    let m = &a.mentions[sp.item];
                    let who = a.speaker(&m.speaker_id).map_or("?", |s| s.name.as_str());
                    let _ = write!(
                        s,
                        "<span class=\"m {}\" title=\"{}\">",
                        color_class(Some(&m.speaker_id)),
                        escape(&format!("mention of {who} ({})", m.mention_type))
                    );
                }
                Kind::Cue => s.push_str("<span class=\"cue\" title=\"cue\">"),
            },
            Event::Close(sp) => s.push_str(if sp.kind == Kind::Quote { "</mark>" } else { "</span>" }),
            Event::Text(r) => s.push_str(&escape(&a.text[r])),
        }
    }
    s
}

fn escape(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    maud::Escaper::new(&mut s).write_str(text).expect("writing to a String");
    s
}

fn article(n: usize, a: &Article) -> Markup {
    html! {
        article.doc id=(format!("article-{n}")) data-article-id=(a.article_id) {
            h3 { (a.title.as_deref().unwrap_or(&a.article_id)) }
            p.meta {
                "article_id " code { (a.article_id) }
                @if let Some(d) = &a.published { " · " (d) }
                " · " (a.source)
                " · " (a.quotes.len()) " quotes, " (a.quotes.iter().filter(|q| q.speaker_id.is_some()).count()) " attributed"
            }
            ul.legend {
                @for s in &a.speakers {
                    li class=(color_class(Some(&s.speaker_id))) title=(format!("speaker_key {}", s.speaker_key)) {
                        (s.name) " (" (s.speaker_type) ", " (s.n_quotes) ")"
                    }
                }
            }
            div.text { (PreEscaped(marked_text(a))) }
            @for q in &a.quotes {
                dl.ev class=(color_class(q.speaker_id.as_deref())) data-q=(q.quote_id) hidden {
                    dt { "quote" } dd { code { (q.quote_id) } " (" (q.kind) ")" }
                    dt { "speaker" } dd {
                        @match (&q.speaker, &q.speaker_id) {
                            (Some(who), Some(sid)) => {
                                (who) " (" (q.speaker_type.as_deref().unwrap_or("?")) ", " code { (sid) }
                                @if let Some(s) = a.speaker(sid) { ", key " code { (s.speaker_key) } }
                                ")"
                            }
                            _ => { "none" }
                        }
                    }
                    @if let Some(m) = &q.mention_text { dt { "mention" } dd { (m) " (" (q.mention_type.as_deref().unwrap_or("?")) ")" } }
                    @if let Some(c) = &q.cue { dt { "cue" } dd { (c) @if let Some(l) = &q.cue_lemma { " (" (l) ")" } } }
                    @if let Some(r) = &q.rule { dt { "rule" } dd { (r) } }
                    @if let Some(c) = q.confidence { dt { "confidence" } dd { (format!("{c:.2}")) } }
                }
            }
        }
    }
}

fn quotes_table(articles: &[Article]) -> Markup {
    html! {
        table.sortable id="quotes-table" {
            thead {
                tr {
                    th { "quote_id" } th { "speaker" } th { "speaker_key" } th { "speaker_type" } th { "mention" }
                    th { "cue" } th { "rule" } th.n { "confidence" } th { "kind" } th { "text" }
                }
            }
            tbody {
                @for a in articles {
                    @for q in &a.quotes {
                        tr {
                            td { (q.quote_id) }
                            td { (q.speaker.as_deref().unwrap_or("")) }
                            td { @if let Some(s) = q.speaker_id.as_deref().and_then(|sid| a.speaker(sid)) { (s.speaker_key) } }
                            td { (q.speaker_type.as_deref().unwrap_or("")) }
                            td { (q.mention_text.as_deref().unwrap_or("")) }
                            td { (q.cue.as_deref().unwrap_or("")) }
                            td { (q.rule.as_deref().unwrap_or("")) }
                            td.n data-v=(q.confidence.map(|c| c.to_string()).unwrap_or_default()) {
                                @if let Some(c) = q.confidence { (format!("{c:.2}")) }
                            }
                            td { (q.kind) }
                            td.t { (q.text) }
                        }
                    }
                }
            }
        }
    }
}
