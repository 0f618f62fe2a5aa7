//! Stage 1: layout. Paragraphs, header lines (date, dateline, title) and the boilerplate tail.
//!
//! Paragraphs are the non-empty lines of the text; when the text is hard-wrapped (lines of
//! similar length broken mid-sentence inside blank-line separated blocks), the blocks are.

use crate::lexicon::Lexicon;
use crate::model::{Layout, Span};
use crate::text::date::{Date, parse_date};
use crate::text::trim_span;

/// Finds paragraphs and header/footer structure.
pub fn analyze(text: &str, _lex: &Lexicon) -> Layout {
    let mut paragraphs = split_paragraphs(text);
    let mut layout = Layout::default();

    // Header: a leading `date YYYY-MM-DD` prefix, then a dateline such as `TEHRAN -`.
    if let Some(first) = paragraphs.first_mut() {
        if let Some((date, rest)) = date_prefix(first.of(text)) {
            layout.published = Some(date);
            first.start = first.end - rest.len();
        }
        if let Some((place, rest)) = dateline(first.of(text)) {
            let base = first.start;
            layout.dateline = Some(Span::new(base + place.0, base + place.1));
            first.start = first.end - rest.len();
        }
    }
    paragraphs.retain(|p| has_words(p.of(text)));

    // Title: a short first paragraph without closing punctuation, followed by body paragraphs.
    if paragraphs.len() > 1 {
        let first = paragraphs[0].of(text);
        if is_heading(first) && layout.dateline.is_none() {
            layout.title = Some(paragraphs[0]);
        }
    }
    layout.boilerplate = boilerplate_tail(text, &paragraphs);
    layout.paragraphs = paragraphs;
    layout
}

fn has_words(s: &str) -> bool {
    s.chars().filter(|c| c.is_alphanumeric()).nth(1).is_some()
}

/// Each line with its `\n` (the last may lack one), like `str::split_inclusive('\n')`.
fn lines(text: &str) -> impl Iterator<Item = Span> + '_ {
    let mut pos = 0;
    let ends = memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1);
    ends.chain([text.len()]).filter_map(move |end| {
        let span = (end > pos).then(|| Span::new(pos, end));
        pos = end;
        span
    })
}

fn split_paragraphs(text: &str) -> Vec<Span> {
    let lines: Vec<Span> = lines(text).map(|l| trim_span(text, l)).collect();
    let non_empty: Vec<&Span> = lines.iter().filter(|l| !l.is_empty()).collect();
    if looks_hard_wrapped(text, &lines) {
        // Blank-line separated blocks are the paragraphs.
        let mut out = Vec::new();
        let mut block: Option<Span> = None;
        for l in &lines {
            match (l.is_empty(), block.as_mut()) {
                (true, Some(_)) => out.extend(block.take()),
                (false, Some(b)) => b.end = l.end,
                (false, None) => block = Some(*l),
                (true, None) => {}
            }
        }
        out.extend(block);
        return out;
    }
    non_empty.into_iter().copied().collect()
}

/// Hard-wrapped text: most lines inside blocks end mid-sentence and are of similar length.
fn looks_hard_wrapped(text: &str, lines: &[Span]) -> bool {
    let mut inner = 0usize;
    let mut unfinished = 0usize;
    for w in lines.windows(2) {
        if w[0].is_empty() || w[1].is_empty() {
            continue;
        }
        inner += 1;
        let l = w[0].of(text);
        let n = l.chars().count();
        let ends_sentence = l.ends_with(['.', '!', '?', '"', '”', ':']);
        if (40..=100).contains(&n) && !ends_sentence {
            unfinished += 1;
        }
    }
    inner >= 3 && unfinished * 3 >= inner * 2
}

/// A `date YYYY-MM-DD` prefix: (the date, rest of the paragraph).
fn date_prefix(p: &str) -> Option<(Date, &str)> {
    let rest = p.strip_prefix("date")?.trim_start();
    let date = parse_date(rest.get(..10)?)?;
    Some((date, rest[10..].trim_start()))
}

/// A dateline at the start of the first paragraph: `TEHRAN -`, `LONDON (Reuters) -`, `Tehran(IP)-`.
/// Returns the place's byte range within `p` and the rest of the paragraph.
fn dateline(p: &str) -> Option<((usize, usize), &str)> {
    let head: &str = p.get(..p.len().min(60))?;
    let dash = head.find(['-', '–', '—'])?;
    let before = &head[..dash];
    let (place, agency) = match before.find('(') {
        Some(i) => {
            let close = before[i..].find(')')? + i;
            if before[close + 1..].trim().is_empty() { (&before[..i], true) } else { return None }
        }
        None => (before, false),
    };
    let place_trim = place.trim_end();
    let words: Vec<&str> = place_trim.split_whitespace().collect();
    if words.is_empty() || words.len() > 4 || !place_trim.starts_with(|c: char| c.is_uppercase()) {
        return None;
    }
    let all_caps = place_trim.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase);
    let letters_only = place_trim.chars().all(|c| c.is_alphabetic() || c == ' ' || c == ',' || c == '.');
    let after = &p[dash..];
    let rest = after.trim_start_matches(['-', '–', '—']);
    // The dash must be free-standing (not a hyphen inside a word such as `al-Rashid`).
    let free = before.ends_with([' ', ')']) || rest.starts_with(' ');
    if !(letters_only && free && (all_caps || agency)) {
        return None;
    }
    Some(((0, place_trim.len()), rest.trim_start()))
}

/// A heading or title: short, no sentence-final punctuation, starts with a capital.
fn is_heading(p: &str) -> bool {
    let n = p.chars().count();
    (3..=150).contains(&n)
        && p.starts_with(|c: char| c.is_uppercase())
        && !p.ends_with(['.', '!', '?', '"', '”', '’', ':', ','])
        && !p.contains(['“', '"'])
}

/// Trailing paragraphs that are credits, agency lines or "Read more" blocks.
fn boilerplate_tail(text: &str, paragraphs: &[Span]) -> Vec<usize> {
    let mut out = Vec::new();
    // Everything from a "Read more"/"Related" marker on is boilerplate.
    let markers = ["read more", "related:", "related articles", "also read", "see also", "more on this"];
    let start_of_links = paragraphs.iter().position(|p| {
        let s = p.of(text).as_bytes();
        markers.iter().any(|m| s.len() >= m.len() && s[..m.len()].eq_ignore_ascii_case(m.as_bytes()))
    });
    let mut end = paragraphs.len();
    if let Some(i) = start_of_links {
        out.extend(i..paragraphs.len());
        end = i;
    }
    // Short credit lines at the very end ("Source: ...", "Reuters", "NA/PA").
    for i in (0..end).rev() {
        let s = paragraphs[i].of(text);
        let lower = s.to_lowercase();
        let credit = lower.starts_with("source:")
            || lower.starts_with("(reporting by")
            || lower.starts_with("reporting by")
            || lower.starts_with("editing by")
            || lower.starts_with("copyright")
            || lower.starts_with('©')
            || (s.chars().count() <= 40 && !s.ends_with(['.', '!', '?', '"', '”']) && !s.contains(['"', '“', '”']));
        if credit && i > 0 {
            out.push(i);
        } else {
            break;
        }
    }
    out.sort_unstable();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lay(text: &str) -> Layout {
        analyze(text, Lexicon::get())
    }

    #[test]
    fn lines_split_like_split_inclusive() {
        for t in ["", "\n", "a", "a\n", "a\nb", "\n\nab\r\n\ncd", "x\n\n"] {
            let ours: Vec<&str> = lines(t).map(|s| s.of(t)).collect();
            let std: Vec<&str> = t.split_inclusive('\n').collect();
            assert_eq!(ours, std, "{t:?}");
        }
    }

    #[test]
    fn lines_are_paragraphs_and_blank_lines_do_not_count() {
        let t = "First para here.\n\nSecond one.\nThird one.\n";
        let l = lay(t);
        let ps: Vec<&str> = l.paragraphs.iter().map(|p| p.of(t)).collect();
        assert_eq!(ps, ["First para here.", "Second one.", "Third one."]);
    }

    #[test]
    fn date_prefix_and_dateline() {
        let t = " date 2021-03-04 OSLO - The council met on Monday.\n\nIt agreed.";
        let l = lay(t);
        assert_eq!(l.published, Some(Date::constant(2021, 3, 4)));
        assert_eq!(l.dateline.unwrap().of(t), "OSLO");
        assert_eq!(l.paragraphs[0].of(t), "The council met on Monday.");
    }

    #[test]
    fn dateline_with_agency() {
        let t = "Nairobi(KNA)- The board said it would meet.\nMore text follows here.";
        let l = lay(t);
        assert_eq!(l.dateline.unwrap().of(t), "Nairobi");
    }

    #[test]
    fn hyphenated_name_is_not_a_dateline() {
        let t = "Jean-Paul Roux said the club was ready.\nMore.";
        assert!(lay(t).dateline.is_none());
    }

    #[test]
    fn impossible_header_date_is_not_a_date() {
        let t = "date 2023-02-29 The council met.\nIt agreed.";
        assert_eq!(lay(t).published, None);
    }

    #[test]
    fn title_and_boilerplate() {
        let t = "Council approves new budget\n\nThe council voted on Tuesday.\n\nIt passed easily.\n\nRead more:\n\nOther story: Link\n\nCity Wire";
        let l = lay(t);
        assert_eq!(l.title.unwrap().of(t), "Council approves new budget");
        let b: Vec<&str> = l.boilerplate.iter().map(|&i| l.paragraphs[i].of(t)).collect();
        assert_eq!(b, ["Read more:", "Other story: Link", "City Wire"]);
    }

    #[test]
    fn hard_wrapped_blocks_are_joined() {
        let t = "The mayor of the small coastal town said on Monday that the\nnew harbour wall would be finished before the winter storms\narrive, and that the cost had stayed within the budget set\nby the council last year after a long public debate there.\n\nSecond paragraph.";
        let l = lay(t);
        assert_eq!(l.paragraphs.len(), 2);
    }

    #[test]
    fn junk_lines_are_not_paragraphs() {
        let t = "|\u{a0} \u{a0} |\u{a0}\n\nReal text here.";
        assert_eq!(lay(t).paragraphs.len(), 1);
    }
}
