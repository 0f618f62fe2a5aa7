//! Stage 1: layout. Paragraphs, header lines (date, dateline, title) and boilerplate: each
//! paragraph judged alone (link lines, promos, captions, credits, bylines), plus a trailing run
//! of credit lines and reporter bios.
//!
//! Paragraphs are the non-empty lines of the text; when the text is hard-wrapped (lines of
//! similar length broken mid-sentence inside blank-line separated blocks), the blocks are.

use crate::lexicon::{Boilerplate, Lexicon};
use crate::model::{Layout, Span};
use crate::text::date::{Date, parse_date};
use crate::text::{credit_at_end, trim_span};

/// Finds paragraphs and header/footer structure.
pub fn analyze(text: &str, lex: &Lexicon) -> Layout {
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
    layout.boilerplate = boilerplate(text, &paragraphs, lex);
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
    let mut lines: Vec<Span> = lines(text).map(|l| trim_span(text, l)).collect();
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
    lines.retain(|l| !l.is_empty());
    lines
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
        let ends_sentence = l.ends_with(['.', '!', '?', '"', '”', ':']);
        // A line of 40 to 100 characters has 40 to 400 bytes: count characters only then.
        if !ends_sentence && (40..=400).contains(&l.len()) && (40..=100).contains(&l.chars().count()) {
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

/// Boilerplate paragraphs, each judged alone wherever it stands: link lines, promos, captions and
/// credits, bylines, "Read more" lists (a lone header and the headlines after it). Only a trailing
/// run of short credit lines and reporter bios is judged by its place at the end.
fn boilerplate(text: &str, paragraphs: &[Span], lex: &Lexicon) -> Vec<usize> {
    let mut out = vec![false; paragraphs.len()];
    // Inside a list of links that a lone header opened.
    let mut links = false;
    for (i, p) in paragraphs.iter().enumerate() {
        let s = p.of(text);
        match boilerplate_paragraph(s, lex) {
            Some(header) => {
                out[i] = true;
                links = header;
            }
            None if links && is_link_item(s) => out[i] = true,
            None => links = false,
        }
    }
    // The tail: credit lines and bios at the very end (never the first paragraph).
    for i in (1..paragraphs.len()).rev() {
        if out[i] {
            continue;
        }
        if !is_tail_credit(paragraphs[i].of(text)) {
            break;
        }
        out[i] = true;
    }
    out.iter().enumerate().filter(|(_, b)| **b).map(|(i, _)| i).collect()
}

/// `s` starts with `phrase`, ignoring ASCII case: the rest of `s` after it.
fn strip_phrase<'a>(s: &'a str, phrase: &str) -> Option<&'a str> {
    let head = s.get(..phrase.len())?;
    head.eq_ignore_ascii_case(phrase).then(|| &s[phrase.len()..])
}

/// Whether one paragraph is boilerplate: `Some(true)` when it is a lone header of a list of links.
fn boilerplate_paragraph(s: &str, lex: &Lexicon) -> Option<bool> {
    // Only phrases with the paragraph's first letter can match.
    for (phrase, how) in lex.boilerplate_for(s) {
        let Some(rest) = strip_phrase(s, phrase) else { continue };
        let alone = rest.trim_matches(|c: char| c.is_whitespace() || matches!(c, ':' | '.' | '!' | '-' | '–' | '—'));
        let hit = match how {
            Boilerplate::Line => alone.is_empty(),
            Boilerplate::Start => !rest.starts_with(char::is_alphanumeric),
            Boilerplate::Marker | Boilerplate::Header => {
                let r = rest.trim_start();
                alone.is_empty()
                    || r.starts_with([':', '|', '»', '–', '—'])
                    || (r.starts_with('-') && rest.starts_with(char::is_whitespace))
            }
        };
        if hit {
            return Some(*how == Boilerplate::Header && alone.is_empty());
        }
    }
    // A caption that carries a quotation stays body text (its credit is no mention).
    let caption = credit_at_end(s).is_some() && !s.contains(['"', '“', '”', '«']) && !s.contains("''");
    (is_social(s) || is_link_line(s) || is_byline(s) || caption).then_some(false)
}

/// `Follow her on Twitter @handle`, `Reach him at name@paper.com`: a promo or contact line.
fn is_social(s: &str) -> bool {
    let head = s.get(..s.len().min(200)).unwrap_or_default();
    // Both need a leading phrase: test that before lower-casing the head.
    let opens = |w: &str| strip_phrase(head, w).is_some();
    let follow = opens("follow ");
    let contact = ["reach ", "contact ", "email ", "e-mail ", "send tips"].iter().any(|w| opens(w));
    if !(follow || contact) {
        return false;
    }
    let lower = head.to_ascii_lowercase();
    let social = || ["twitter", "facebook", "instagram", "@"].iter().any(|w| lower.contains(w));
    (follow && social()) || (contact && lower.contains('@'))
}

/// A bare link or a fragment of markup.
fn is_link_line(s: &str) -> bool {
    let one_word = !s.contains(char::is_whitespace);
    (one_word && (s.starts_with("http") || s.starts_with("www.") || s.contains("://")))
        || (s.starts_with('<') && s.ends_with('>'))
}

/// `By Jane Roe and Sam Li, The Daily Courier`: every word after `By` is capitalised (or a
/// joining word), so `By Tuesday, the council had voted.` is no byline.
fn is_byline(s: &str) -> bool {
    let Some(rest) = strip_phrase(s, "by ") else { return false };
    let words: Vec<&str> = rest.split_whitespace().collect();
    s.len() <= 120
        && (2..=12).contains(&words.len())
        && words.iter().all(|w| {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric());
            w.is_empty() || w.starts_with(char::is_uppercase) || matches!(w, "and" | "of" | "the" | "for")
        })
}

/// After a lone `Read more:` header: a headline (short, no sentence-final period or colon).
fn is_link_item(s: &str) -> bool {
    s.chars().count() <= 150
        && s.starts_with(|c: char| c.is_uppercase() || c.is_numeric() || crate::text::is_quote_mark(c))
        && !s.ends_with(['.', ':', '"', '”'])
}

/// At the end of an article: a credit line (`Reporting by …`, `City Wire`) or a reporter's bio
/// (`Jane Roe is a reporter for …`: a name, then what the person is or covers).
fn is_tail_credit(s: &str) -> bool {
    let quoted = s.contains(['"', '“', '”']) || s.contains("''");
    let short_credit = s.chars().count() <= 40 && !s.ends_with(['.', '!', '?', '"', '”']) && !quoted;
    short_credit || (!quoted && is_bio(s))
}

/// `Jane Roe is a reporter for the Daily Courier.`, `Sam Li covers city hall.`
fn is_bio(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().take(6).collect();
    let Some(verb) = words.iter().position(|w| matches!(*w, "is" | "covers" | "writes" | "reports")) else {
        return false;
    };
    let lower = s.to_lowercase();
    let job = ["reporter", "correspondent", "writer", "columnist", "editor", "journalist", "contributor", "covers"];
    s.chars().count() <= 400
        && (2..=4).contains(&verb)
        && words[..verb].iter().all(|w| w.starts_with(char::is_uppercase))
        && job.iter().any(|w| lower.contains(w))
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

    fn boiler(text: &str) -> Vec<String> {
        let l = lay(text);
        l.boilerplate.iter().map(|&i| l.paragraphs[i].of(text).to_owned()).collect()
    }

    #[test]
    fn boilerplate_in_the_middle_is_one_paragraph() {
        let t = "The council met.\n\nREAD MORE: Harbour dredging to start\n\nStory continues below advertisement\n\nIt voted.\n\nWATCH: The vote in two minutes\n\nIt adjourned.";
        assert_eq!(
            boiler(t),
            [
                "READ MORE: Harbour dredging to start",
                "Story continues below advertisement",
                "WATCH: The vote in two minutes"
            ]
        );
    }

    #[test]
    fn captions_credits_bylines_and_promos() {
        let t = "By Jane Roe and Sam Li, The Daily Courier\n\nThe council met.\n\nThe mayor at the site. (Jane Roe/Daily Courier)\n\nIt voted.\n\nFollow her on Twitter @janeroe\n\nPhoto: Sam Li\n\nSign up for our newsletter\n\nIt adjourned.";
        assert_eq!(
            boiler(t),
            [
                "By Jane Roe and Sam Li, The Daily Courier",
                "The mayor at the site. (Jane Roe/Daily Courier)",
                "Follow her on Twitter @janeroe",
                "Photo: Sam Li",
                "Sign up for our newsletter"
            ]
        );
    }

    #[test]
    fn body_text_that_looks_like_boilerplate_is_not() {
        let t = "The council met.\n\nBy Tuesday, the council had voted.\n\nMore than 200 people came.\n\nThe photo-op drew a crowd.\n\nWatching the vote, Ana Ruiz said it was fair.\n\nSen. Ana Ruiz (R/Texas) spoke last.\n\nThe end came late.";
        assert!(boiler(t).is_empty(), "{:?}", boiler(t));
    }

    #[test]
    fn a_bio_ends_the_article() {
        let t = "The council met.\n\nIt voted.\n\nJane Roe is a reporter for the Daily Courier.";
        assert_eq!(boiler(t), ["Jane Roe is a reporter for the Daily Courier."]);
        // The same sentence in the body is body text.
        let t = "The council met.\n\nJane Roe is a reporter for the Daily Courier.\n\nShe broke the story in May.";
        assert!(boiler(t).is_empty());
    }

    #[test]
    fn a_caption_with_a_quotation_stays_body_text() {
        let t = "The council met.\n\nAna Ruiz at the site: \"We won.\" (Jane Roe/Daily Courier)\n\nIt adjourned.";
        assert!(boiler(t).is_empty());
    }
}
