//! The overview figures of a dataset (`figures/*.svg`), drawn by the `plotters` crate with its
//! SVG backend from [`Stats`]: quotes per article, rules, confidence, top speakers, speaker and
//! mention types, and quotes per month when articles have dates.
//!
//! Deterministic on any machine: plotters is built without its `ttf` feature, so text is
//! measured by a fixed estimate (never by system fonts) and written as SVG `<text>` for the
//! viewer to draw; coordinates are integers; no clock, no random numbers. `whosaid build` writes
//! the figures beside the tables, `whosaid validate` re-renders them from the tables
//! ([`verify`]) and compares bytes, and `whosaid report` inlines the same SVG.

use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::stats::{CONFIDENCE_BINS, SpeakerOrder, Stats};
use crate::{Error, ErrorKind, Result};

/// Folder of the figures inside a dataset.
pub const DIR: &str = "figures";

/// Speakers shown in the top-speakers figure.
pub const TOP_SPEAKERS: usize = 15;

/// Articles with at least this many quotes share the last bar of the quotes-per-article figure.
pub const QUOTES_PER_ARTICLE_CAP: u64 = 20;

/// Every figure: file name (in [`DIR`]) and caption, in the order they are written.
const FIGURES: [(&str, &str); 7] = [
    ("quotes_per_article.svg", "Articles by number of quotes"),
    ("rules.svg", "Attributed quotes by rule"),
    ("confidence.svg", "Quotes by attribution confidence"),
    ("speakers.svg", "Top speakers by quotes (speaker_key)"),
    ("speaker_types.svg", "Attributed quotes by speaker type"),
    ("mention_types.svg", "Attributed quotes by mention type"),
    ("quotes_over_time.svg", "Quotes over time (by publication date)"),
];

/// One rendered figure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figure {
    /// Path inside the dataset folder, `figures/<name>.svg`.
    pub path: String,
    pub caption: &'static str,
    pub svg: String,
}

/// The caption of a figure path (`figures/rules.svg`), if it is one of ours.
pub fn caption(path: &str) -> Option<&'static str> {
    let name = path.strip_prefix(DIR)?.strip_prefix('/')?;
    FIGURES.iter().find(|(n, _)| *n == name).map(|(_, c)| *c)
}

const WIDTH: u32 = 720;
const BAR: RGBColor = RGBColor(0x3b, 0x6e, 0xa8);
const GRID: RGBColor = RGBColor(0xdd, 0xdd, 0xdd);
const FONT: FontFamily<'static> = FontFamily::SansSerif;
/// Label size as plotters counts it (the SVG says 1/1.24 of it: 12.9px).
const LABEL: f64 = 16.0;

fn figure_error(e: impl std::fmt::Display) -> Error {
    Error::new(ErrorKind::Figure(e.to_string()))
}

/// Renders every figure the statistics call for (the time figure only when some article has a
/// publication date).
pub fn render(stats: &Stats) -> Result<Vec<Figure>> {
    let mut out = Vec::new();
    for (name, caption) in FIGURES {
        let svg = match name {
            "quotes_per_article.svg" => {
                let mut bars: Vec<(String, u64)> = Vec::new();
                let last = stats.max_quotes_per_article.min(QUOTES_PER_ARTICLE_CAP);
                for n in 0..=last {
                    let label = if n == QUOTES_PER_ARTICLE_CAP { format!("{n}+") } else { n.to_string() };
                    let count: u64 = if n == QUOTES_PER_ARTICLE_CAP {
                        stats.quotes_per_article.range(n..).map(|(_, c)| c).sum()
                    } else {
                        stats.quotes_per_article.get(&n).copied().unwrap_or(0)
                    };
                    bars.push((label, count));
                }
                vertical(caption, "quotes in the article", "articles", &bars, 1)?
            }
            "rules.svg" => horizontal(caption, "quotes", &by_count(&stats.rules))?,
            "confidence.svg" => {
                let bars: Vec<(String, u64)> = (0..CONFIDENCE_BINS)
                    .map(|i| (format!("{:.2}", i as f64 / CONFIDENCE_BINS as f64), stats.confidence[i]))
                    .collect();
                vertical(caption, "confidence (bin start; bins of 0.05)", "quotes", &bars, 4)?
            }
            "speakers.svg" => {
                let top: Vec<(String, u64)> = stats
                    .top_speakers(TOP_SPEAKERS, SpeakerOrder::Quotes)
                    .into_iter()
                    .map(|(key, s)| (short(key, 32), s.quotes))
                    .collect();
                horizontal(caption, "quotes", &top)?
            }
            "speaker_types.svg" => horizontal(caption, "quotes", &by_count(&stats.speaker_types))?,
            "mention_types.svg" => horizontal(caption, "quotes", &by_count(&stats.mention_types))?,
            "quotes_over_time.svg" => {
                if stats.months.is_empty() {
                    continue;
                }
                let (bars, unit) = timeline(&stats.months);
                let every = bars.len().div_ceil(12).max(1);
                vertical(caption, unit, "quotes", &bars, every)?
            }
            _ => unreachable!("every name in FIGURES is drawn above"),
        };
        out.push(Figure { path: format!("{DIR}/{name}"), caption, svg });
    }
    Ok(out)
}

/// Most bars in the time figure before months are gathered into years.
const MAX_MONTHS: usize = 240;

/// Quotes per month from the first month to the last, months without articles included (as
/// zero), so the axis is even; by year when that would be more than [`MAX_MONTHS`] bars.
fn timeline(
    months: &std::collections::BTreeMap<String, crate::stats::MonthStat>,
) -> (Vec<(String, u64)>, &'static str) {
    let parse = |m: &str| -> Option<(i32, i32)> { Some((m.get(..4)?.parse().ok()?, m.get(5..)?.parse().ok()?)) };
    let (Some(first), Some(last)) =
        (months.keys().next().and_then(|m| parse(m)), months.keys().next_back().and_then(|m| parse(m)))
    else {
        return (Vec::new(), "publication month");
    };
    let span = (last.0 - first.0) * 12 + last.1 - first.1 + 1;
    if span as usize <= MAX_MONTHS {
        let bars = (0..span)
            .map(|i| {
                let (y, m) = (first.0 + (first.1 - 1 + i) / 12, (first.1 - 1 + i) % 12 + 1);
                let key = format!("{y:04}-{m:02}");
                let quotes = months.get(&key).map_or(0, |s| s.quotes);
                (key, quotes)
            })
            .collect();
        return (bars, "publication month");
    }
    let mut years: std::collections::BTreeMap<i32, u64> = (first.0..=last.0).map(|y| (y, 0)).collect();
    for (m, s) in months {
        if let Some((y, _)) = parse(m) {
            *years.entry(y).or_default() += s.quotes;
        }
    }
    (years.into_iter().map(|(y, q)| (format!("{y:04}"), q)).collect(), "publication year")
}

/// Counts in descending order, ties by name.
fn by_count(counts: &std::collections::BTreeMap<String, u64>) -> Vec<(String, u64)> {
    let mut v: Vec<(String, u64)> = counts.iter().map(|(k, n)| (k.clone(), *n)).collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v
}

/// At most `max` characters, with an ellipsis when cut.
fn short(s: &str, max: usize) -> String {
    if s.chars().count() <= max { s.to_owned() } else { s.chars().take(max - 1).chain(['…']).collect() }
}

/// The upper end of a count axis: a little room above the highest bar for its label.
fn axis_max(max: u64) -> u64 {
    (max + max / 8).max(max + 1)
}

/// Horizontal bars, first item on top, each labelled with its count.
fn horizontal(caption: &str, x_desc: &str, items: &[(String, u64)]) -> Result<String> {
    let n = items.len().max(1);
    let height = 90 + 30 * n as u32;
    let longest = items.iter().map(|(l, _)| l.chars().count()).max().unwrap_or(0) as u32;
    let label_area = (longest * 9 + 16).clamp(60, 320);
    let max = axis_max(items.iter().map(|(_, v)| *v).max().unwrap_or(0));
    // Segmented ranges hold one more slot than bars: bars take rows 1..=n, row 0 is the space
    // above the axis (a range of a single slot would be degenerate).
    let row = |i: usize| (n - i) as u32;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE).map_err(figure_error)?;
        let mut chart = chart(&root, caption)
            .x_label_area_size(34)
            .y_label_area_size(label_area)
            .build_cartesian_2d(0..max, (0..n as u32).into_segmented())
            .map_err(figure_error)?;
        let label = |v: &SegmentValue<u32>| match v {
            SegmentValue::CenterOf(r) => {
                items.get(n.wrapping_sub(*r as usize)).map(|(l, _)| l.clone()).unwrap_or_default()
            }
            _ => String::new(),
        };
        chart
            .configure_mesh()
            .disable_y_mesh()
            .max_light_lines(1)
            .light_line_style(GRID)
            .bold_line_style(GRID)
            .y_labels(n + 1)
            .y_label_formatter(&label)
            .x_labels(6)
            .x_desc(x_desc)
            .label_style((FONT, LABEL))
            .axis_desc_style((FONT, LABEL))
            .draw()
            .map_err(figure_error)?;
        chart
            .draw_series(items.iter().enumerate().filter(|(_, (_, v))| *v > 0).map(|(i, (_, v))| {
                let (lo, hi) = (SegmentValue::Exact(row(i)), SegmentValue::Exact(row(i) + 1));
                bar([(0, lo), (*v, hi)], (4, 4, 0, 0))
            }))
            .map_err(figure_error)?;
        chart
            .draw_series(items.iter().enumerate().map(|(i, (_, v))| {
                Text::new(
                    format!(" {v}"),
                    (*v, SegmentValue::CenterOf(row(i))),
                    (FONT, LABEL).into_font().color(&BLACK).pos(Pos::new(HPos::Left, VPos::Center)),
                )
            }))
            .map_err(figure_error)?;
        root.present().map_err(figure_error)?;
    }
    Ok(svg)
}

/// Vertical bars in the order given; every `label_every`-th bar gets its label on the axis.
/// The segmented range has one slot more than bars: the last stays empty.
fn vertical(caption: &str, x_desc: &str, y_desc: &str, bars: &[(String, u64)], label_every: usize) -> Result<String> {
    let n = bars.len().max(1) as u32;
    let max = axis_max(bars.iter().map(|(_, v)| *v).max().unwrap_or(0));
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, 340)).into_drawing_area();
        root.fill(&WHITE).map_err(figure_error)?;
        let mut chart = chart(&root, caption)
            .x_label_area_size(44)
            .y_label_area_size(64)
            .build_cartesian_2d((0..n).into_segmented(), 0..max)
            .map_err(figure_error)?;
        let label = |v: &SegmentValue<u32>| match v {
            SegmentValue::CenterOf(i) if (*i as usize).is_multiple_of(label_every) => {
                bars.get(*i as usize).map(|(l, _)| l.clone()).unwrap_or_default()
            }
            _ => String::new(),
        };
        chart
            .configure_mesh()
            .disable_x_mesh()
            .max_light_lines(1)
            .light_line_style(GRID)
            .bold_line_style(GRID)
            .x_labels(n as usize + 1)
            .x_label_formatter(&label)
            .y_labels(6)
            .x_desc(x_desc)
            .y_desc(y_desc)
            .label_style((FONT, LABEL))
            .axis_desc_style((FONT, LABEL))
            .draw()
            .map_err(figure_error)?;
        // A gap between bars only where slots are wide enough for one.
        let gap = if chart.plotting_area().dim_in_pixel().0 / (n + 1) >= 8 { 2 } else { 0 };
        chart
            .draw_series(bars.iter().enumerate().filter(|(_, (_, v))| *v > 0).map(|(i, (_, v))| {
                let (lo, hi) = (SegmentValue::Exact(i as u32), SegmentValue::Exact(i as u32 + 1));
                bar([(lo, *v), (hi, 0)], (0, 0, gap, gap))
            }))
            .map_err(figure_error)?;
        root.present().map_err(figure_error)?;
    }
    Ok(svg)
}

/// One bar, with margins (top, bottom, left, right) in pixels. Bars are drawn as rectangles in
/// the order given: plotters' `Histogram` series gathers its bars in a `HashMap` and so writes
/// them in a different order in every process, which would break byte-identical figures.
fn bar<C>(corners: [C; 2], (t, b, l, r): (u32, u32, u32, u32)) -> Rectangle<C> {
    let mut rect = Rectangle::new(corners, BAR.filled());
    rect.set_margin(t, b, l, r);
    rect
}

/// A chart area with the common caption and margins.
fn chart<'a, 'b>(root: &'a DrawingArea<SVGBackend<'b>, Shift>, caption: &str) -> ChartBuilder<'a, 'b, SVGBackend<'b>> {
    let mut builder = ChartBuilder::on(root);
    builder.caption(caption, (FONT, 21)).margin(12).margin_right(40);
    builder
}

/// Re-renders the figures of the dataset in `dir` from the statistics of its tables
/// ([`Stats::of_dataset`](crate::stats::Stats::of_dataset)) and compares them with the files in
/// `figures/`: one message per missing, differing or unexpected file.
pub fn verify(dir: &Path, stats: &Stats) -> Vec<String> {
    let expected = match render(stats) {
        Ok(f) => f,
        Err(e) => return vec![format!("{DIR}: {e}")],
    };
    let mut problems = Vec::new();
    for f in &expected {
        match std::fs::read(dir.join(&f.path)) {
            Err(_) => problems.push(format!("{}: missing", f.path)),
            Ok(bytes) if bytes != f.svg.as_bytes() => {
                problems.push(format!("{}: differs from the figure re-rendered from the tables", f.path))
            }
            Ok(_) => {}
        }
    }
    if let Ok(entries) = std::fs::read_dir(dir.join(DIR)) {
        let mut extra: Vec<String> = entries
            .flatten()
            .map(|e| format!("{DIR}/{}", e.file_name().to_string_lossy()))
            .filter(|p| !expected.iter().any(|f| &f.path == p))
            .collect();
        extra.sort();
        problems.extend(extra.into_iter().map(|p| format!("{p}: not a figure of this dataset")));
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::{MonthStat, SpeakerStat};

    fn sample() -> Stats {
        let mut s = Stats::default();
        (s.articles, s.quotes, s.attributed, s.max_quotes_per_article) = (3, 7, 5, 25);
        s.quotes_per_article.extend([(0, 1), (2, 1), (25, 1)]);
        s.rules.extend([("cue_after".to_string(), 4), ("according_to".to_string(), 1)]);
        s.speaker_types.insert("person".into(), 5);
        s.mention_types.extend([("name".to_string(), 3), ("pronoun".to_string(), 2)]);
        s.confidence[18] = 4;
        s.confidence[19] = 1;
        s.speakers.insert("ada <lovelace> & co".into(), SpeakerStat { name: "Ada".into(), quotes: 5, articles: 2 });
        s.months.insert("2021-03".into(), MonthStat { articles: 2, quotes: 7 });
        s
    }

    #[test]
    fn renders_every_figure_as_svg_deterministically() {
        let s = sample();
        let a = render(&s).unwrap();
        let names: Vec<&str> = a.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(names, FIGURES.map(|(n, _)| n).map(|n| format!("{DIR}/{n}")));
        for f in &a {
            assert!(f.svg.starts_with("<svg "), "{}", f.path);
            assert!(f.svg.trim_end().ends_with("</svg>"), "{}", f.path);
            assert_eq!(caption(&f.path), Some(f.caption));
        }
        assert_eq!(a, render(&s).unwrap());
        // Labels are escaped, so the SVG stays well formed.
        let speakers = &a.iter().find(|f| f.path.ends_with("speakers.svg")).unwrap().svg;
        assert!(speakers.contains("ada &lt;lovelace&gt; &amp; co"), "{speakers}");
        // The last quotes-per-article bar gathers the long tail.
        let qpa = &a[0].svg;
        assert!(qpa.contains(">\n20+\n<") || qpa.contains("20+"), "capped bar label");
    }

    #[test]
    fn no_time_figure_without_dates_and_empty_statistics_still_render() {
        let figs = render(&Stats::default()).unwrap();
        assert_eq!(figs.len(), FIGURES.len() - 1);
        assert!(figs.iter().all(|f| !f.path.ends_with("quotes_over_time.svg")));
    }

    #[test]
    fn no_negative_sizes_with_many_bars() {
        let mut s = sample();
        for y in 1990..2025 {
            for m in 1..=12 {
                s.months.insert(format!("{y}-{m:02}"), MonthStat { articles: 1, quotes: (y % 3) as u64 });
            }
        }
        for f in render(&s).unwrap() {
            let bad: Vec<&str> =
                f.svg.lines().filter(|l| l.contains("width=\"-") || l.contains("height=\"-")).collect();
            assert!(bad.is_empty(), "{}: a negative size: {bad:?}", f.path);
        }
    }

    #[test]
    fn months_are_contiguous_and_long_spans_go_by_year() {
        let mut months = std::collections::BTreeMap::new();
        months.insert("2020-11".to_string(), MonthStat { articles: 1, quotes: 2 });
        months.insert("2021-02".to_string(), MonthStat { articles: 1, quotes: 3 });
        let (bars, unit) = timeline(&months);
        let keys: Vec<&str> = bars.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["2020-11", "2020-12", "2021-01", "2021-02"]);
        assert_eq!(bars.iter().map(|(_, q)| q).sum::<u64>(), 5);
        assert_eq!(unit, "publication month");
        months.insert("1950-06".to_string(), MonthStat { articles: 1, quotes: 1 });
        let (bars, unit) = timeline(&months);
        assert_eq!((bars.len(), unit), (72, "publication year"));
        assert_eq!(bars.iter().map(|(_, q)| q).sum::<u64>(), 6);
    }

    #[test]
    fn figure_bytes_are_the_same_on_every_machine() {
        // A snapshot made on one machine and checked on others (CI): text is measured by
        // plotters' fixed estimate, not by whatever fonts a machine has.
        let figs = render(&sample()).unwrap();
        insta::assert_snapshot!("rules_svg", figs[1].svg);
    }
}
