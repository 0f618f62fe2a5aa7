//! `whosaid show`: an article's text in the terminal, with every quote, speaker mention and cue
//! marked, and each quote's evidence (speaker, mention, cue, rule, confidence) under the line
//! where the quote ends.
//!
//! Markers are plain text, so the output reads the same in a pipe: `⟦q3 …⟧` around quote 3,
//! `⟨s0 …⟩` around a mention of speaker 0, `{…}` around a cue. With colour (a terminal, or
//! `--color always` for `less -R`), quotes take their speaker's colour, mentions are bold and
//! underlined in it, cues bold, and unattributed quotes grey.

use std::fmt::Write;

use anstyle::{AnsiColor, Color, Effects, Style};

use crate::lookup::{Article, Quote, speaker_number};
use crate::markup::{self, Event, Kind};

/// How `show` prints.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ShowOptions {
    /// ANSI colours and styles.
    pub color: bool,
    /// Show only the lines of this quote (a `quote_id`) and its evidence.
    pub quote: Option<String>,
}

/// Speaker colours on a terminal, by speaker number.
const PALETTE: [AnsiColor; 6] =
    [AnsiColor::Blue, AnsiColor::Magenta, AnsiColor::Cyan, AnsiColor::Green, AnsiColor::Yellow, AnsiColor::Red];

fn speaker_color(speaker_id: Option<&str>) -> Color {
    match speaker_id {
        Some(id) => Color::Ansi(PALETTE[speaker_number(id) % PALETTE.len()]),
        None => Color::Ansi(AnsiColor::BrightBlack),
    }
}

/// One line of the text as rendered, and the evidence lines that follow it.
struct Line {
    text: String,
    quotes: Vec<usize>,
}

/// Renders one article. `opts.quote` must be a quote of this article (see [`crate::show`]).
pub fn render(article: &Article, opts: &ShowOptions) -> String {
    let paint = |style: Style, s: &str| if opts.color { format!("{style}{s}{style:#}") } else { s.to_owned() };
    let dim = Style::new().effects(Effects::DIMMED);
    let bold = Style::new().effects(Effects::BOLD);
    let mut out = String::new();

    // Header.
    let rule = "─".repeat(72);
    let _ = writeln!(out, "{}", paint(bold, &format!("── article {} {}", article.article_id, "─".repeat(20))));
    let mut meta = Vec::new();
    if let Some(t) = &article.title {
        meta.push(format!("title: {t}"));
    }
    if let Some(d) = &article.published {
        meta.push(format!("published: {d}"));
    }
    if let Some(d) = &article.dateline {
        meta.push(format!("dateline: {d}"));
    }
    meta.push(format!("source: {}", article.source));
    if let Some(u) = &article.url {
        meta.push(format!("url: {u}"));
    }
    let _ = writeln!(out, "{}", meta.join(" · "));
    let attributed = article.quotes.iter().filter(|q| q.speaker_id.is_some()).count();
    let _ = writeln!(
        out,
        "quotes: {} ({} attributed) · speakers: {}",
        article.quotes.len(),
        attributed,
        article.speakers.len()
    );
    for s in &article.speakers {
        let style = Style::new().fg_color(Some(speaker_color(Some(&s.speaker_id)))).effects(Effects::BOLD);
        let short = s.speaker_id.rsplit_once(':').map_or(s.speaker_id.as_str(), |(_, n)| n);
        let _ = writeln!(
            out,
            "  {} {} ({}, key {}, {} quote{})",
            paint(style, short),
            paint(style, &s.name),
            s.speaker_type,
            s.speaker_key,
            s.n_quotes,
            if s.n_quotes == 1 { "" } else { "s" }
        );
    }
    let _ = writeln!(out, "{}", paint(dim, &rule));

    // Text, line by line, with markers; evidence after the line where each quote ends.
    let spans = markup::spans(article);
    let text = article.text.as_str();
    let mut lines = vec![Line { text: String::new(), quotes: Vec::new() }];
    let mut open: Vec<markup::Span> = Vec::new();
    let style_of = |open: &[markup::Span]| {
        let mut st = Style::new();
        for s in open {
            st = match s.kind {
                Kind::Quote => st.fg_color(Some(speaker_color(article.quotes[s.item].speaker_id.as_deref()))),
                Kind::Mention => st
                    .fg_color(Some(speaker_color(Some(&article.mentions[s.item].speaker_id))))
                    .effects(st.get_effects() | Effects::BOLD | Effects::UNDERLINE),
                Kind::Cue => st.effects(st.get_effects() | Effects::BOLD),
            };
        }
        st
    };
    let mut quote_ends: Vec<(usize, usize)> =
        spans.iter().filter(|s| s.kind == Kind::Quote).map(|s| (s.end.max(s.start + 1) - 1, s.item)).collect();
    quote_ends.sort();
    let mut ends = quote_ends.into_iter().peekable();
    for e in markup::events(text, &spans) {
        let line = lines.last_mut().expect("never empty");
        match e {
            Event::Open(s) => {
                let label = match s.kind {
                    Kind::Quote => format!("⟦q{} ", article.quotes[s.item].index),
                    Kind::Mention => {
                        format!("⟨s{} ", speaker_number(&article.mentions[s.item].speaker_id))
                    }
                    Kind::Cue => "{".into(),
                };
                line.text.push_str(&paint(dim, &label));
                open.push(s);
            }
            Event::Close(s) => {
                open.retain(|o| *o != s);
                let label = ["⟧", "⟩", "}"][s.kind as usize];
                line.text.push_str(&paint(dim, label));
            }
            Event::Text(range) => {
                let style = style_of(&open);
                let mut at = range.start;
                for piece in text[range.clone()].split_inclusive('\n') {
                    let body = piece.trim_end_matches(['\n', '\r']);
                    let line = lines.last_mut().expect("never empty");
                    if !body.is_empty() {
                        line.text.push_str(&if open.is_empty() { body.to_owned() } else { paint(style, body) });
                    }
                    at += piece.len();
                    if piece.ends_with('\n') {
                        while let Some((_, q)) = ends.next_if(|(end, _)| *end < at) {
                            line.quotes.push(q);
                        }
                        lines.push(Line { text: String::new(), quotes: Vec::new() });
                    }
                }
            }
        }
    }
    lines.last_mut().expect("never empty").quotes.extend(ends.map(|(_, q)| q));
    if text.ends_with('\n') && lines.last().is_some_and(|l| l.text.is_empty() && l.quotes.is_empty()) {
        lines.pop();
    }

    // Which lines: all, or those of one quote.
    let target = opts.quote.as_deref().and_then(|id| article.quotes.iter().position(|q| q.quote_id == id));
    let range = match target {
        Some(q) => {
            let first = lines.iter().position(|l| l.text.contains(&format!("⟦q{} ", article.quotes[q].index)));
            let last = lines.iter().position(|l| l.quotes.contains(&q));
            first.unwrap_or(0)..last.map_or(lines.len(), |l| l + 1)
        }
        None => 0..lines.len(),
    };
    for line in &lines[range] {
        let _ = writeln!(out, "{}", line.text);
        for &q in &line.quotes {
            if target.is_none_or(|t| t == q) {
                let _ = writeln!(out, "    {}", evidence(article, &article.quotes[q], opts.color));
            }
        }
    }
    out
}

/// `↳ q3  Name (s0, person) · mention "…" (name) · cue "said" (say) · rule cue_after · confidence 0.93 · full`
pub fn evidence(article: &Article, q: &Quote, color: bool) -> String {
    let mut parts = Vec::new();
    let head = format!("↳ q{}", q.index);
    match (&q.speaker, &q.speaker_id) {
        (Some(name), Some(sid)) => {
            let key = article.speaker(sid).map(|s| format!(", key {}", s.speaker_key)).unwrap_or_default();
            let who = format!("{name} (s{}, {}{key})", speaker_number(sid), q.speaker_type.as_deref().unwrap_or("?"));
            let style = Style::new().fg_color(Some(speaker_color(Some(sid)))).effects(Effects::BOLD);
            parts.push(if color { format!("{style}{who}{style:#}") } else { who });
        }
        _ => parts.push("no speaker".into()),
    }
    if let Some(m) = &q.mention_text {
        parts.push(format!("mention {m:?} ({})", q.mention_type.as_deref().unwrap_or("?")));
    }
    if let Some(c) = &q.cue {
        match &q.cue_lemma {
            Some(l) if l != c => parts.push(format!("cue {c:?} ({l})")),
            _ => parts.push(format!("cue {c:?}")),
        }
    }
    if let Some(r) = &q.rule {
        parts.push(format!("rule {r}"));
    }
    if let Some(c) = q.confidence {
        parts.push(format!("confidence {c:.2}"));
    }
    parts.push(q.kind.clone());
    format!("{head}  {}", parts.join(" · "))
}
