//! JSONL / NDJSON inputs: one JSON object per line; only the configured fields are decoded.

use std::collections::BTreeSet;
use std::fmt;
use std::io::{self, BufRead};

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde_json::Value;

use super::{Candidate, Doc, DocText, InputOptions, date, non_empty};
use crate::manifest::{SkipKind, Skipped};
use whosaid_core::model::ArticleMeta;

const ID: usize = 0;
const TEXT: usize = 1;
const DATE: usize = 2;
const URL: usize = 3;
const TITLE: usize = 4;

/// True when a sniffed prefix of a file whose name says no format looks like JSONL: its first
/// non-space byte (after an optional BOM) is `{`.
pub(super) fn looks_like_jsonl(head: &[u8]) -> bool {
    let body = head.strip_prefix("\u{feff}".as_bytes()).unwrap_or(head);
    body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{')
}

/// Keys gathered from lines without the text field, for the error when no line has it.
const MAX_KEYS_SEEN: usize = 24;

pub(super) struct JsonlBody {
    reader: Box<dyn BufRead + Send>,
    display: String,
    stem: String,
    names: [String; 5],
    line: u64,
    buf: Vec<u8>,
    max_line: usize,
    done: bool,
    /// Keys of the objects read until one had the text field (at most [`MAX_KEYS_SEEN`]).
    keys_seen: BTreeSet<String>,
    /// Whether a line had the text field (then keys are no longer gathered).
    text_seen: bool,
}

impl JsonlBody {
    pub fn new(reader: Box<dyn BufRead + Send>, display: &str, stem: &str, opts: &InputOptions) -> Self {
        // JSON escapes can make a line longer than its text; allow 4× the text limit.
        let max_line =
            usize::try_from(opts.max_article_bytes.saturating_mul(4).saturating_add(1 << 20)).unwrap_or(usize::MAX);
        JsonlBody {
            reader,
            display: display.to_string(),
            stem: stem.to_string(),
            names: opts.field_names(),
            line: 0,
            buf: Vec::new(),
            max_line,
            done: false,
            keys_seen: BTreeSet::new(),
            text_seen: false,
        }
    }

    /// When no line so far had the text field: the keys the objects had instead.
    pub fn keys_without_text(&self) -> Option<&BTreeSet<String>> {
        (!self.text_seen && !self.keys_seen.is_empty()).then_some(&self.keys_seen)
    }

    pub fn next(&mut self) -> Option<Candidate> {
        while !self.done {
            let read = read_line_limited(&mut self.reader, &mut self.buf, self.max_line);
            self.line += 1;
            let line = self.line;
            let skip = |kind: SkipKind, reason: String| {
                Candidate::Skip(Skipped { line: Some(line), ..Skipped::new(self.display.clone(), kind, reason) })
            };
            match read {
                Err(e) => {
                    self.done = true;
                    let reason = format!("read error from line {line} on (the rest of the file is lost): {e}");
                    return Some(skip(SkipKind::Damaged, reason));
                }
                Ok(LineRead::Eof) => self.done = true,
                Ok(LineRead::TooLong) => {
                    return Some(skip(SkipKind::TooLarge, format!("line too long (over {} bytes)", self.max_line)));
                }
                Ok(LineRead::Line) => {
                    let mut bytes = &self.buf[..];
                    if line == 1 {
                        bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
                    }
                    if bytes.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    let json = match std::str::from_utf8(bytes) {
                        Ok(json) => json,
                        Err(e) => {
                            return Some(skip(
                                SkipKind::InvalidUtf8,
                                format!("invalid UTF-8 at byte {}", e.valid_up_to()),
                            ));
                        }
                    };
                    let keys = (!self.text_seen && self.keys_seen.len() < MAX_KEYS_SEEN).then_some(&mut self.keys_seen);
                    let fields = Fields { names: &self.names, keys };
                    // From a checked `str`, so the parser does not check the UTF-8 again.
                    let mut de = serde_json::Deserializer::from_str(json);
                    let row = match fields.deserialize(&mut de).and_then(|r| de.end().map(|()| r)) {
                        Ok(row) => row,
                        Err(e) => {
                            return Some(Candidate::Skip(Skipped {
                                line: Some(line),
                                ..Skipped::new(
                                    self.display.clone(),
                                    SkipKind::InvalidJson,
                                    format!("invalid JSON: {e}"),
                                )
                            }));
                        }
                    };
                    self.text_seen |= row.0[TEXT].as_ref().is_some_and(|v| !v.is_null());
                    return Some(self.candidate(row, line));
                }
            }
        }
        None
    }

    fn candidate(&self, mut row: Row, line: u64) -> Candidate {
        let id = row.0[ID].take().and_then(value_string).unwrap_or_else(|| format!("{}:{line}", self.stem));
        let text_name = &self.names[TEXT];
        let skip = |kind: SkipKind, reason: String| {
            Candidate::Skip(Skipped {
                article_id: Some(super::short_id(&id)),
                line: Some(line),
                ..Skipped::new(self.display.clone(), kind, reason)
            })
        };
        let text = match row.0[TEXT].take() {
            Some(Value::String(s)) => s,
            None | Some(Value::Null) => {
                return skip(SkipKind::MissingField, format!("missing text field `{text_name}`"));
            }
            Some(_) => return skip(SkipKind::WrongType, format!("text field `{text_name}` is not a string")),
        };
        let meta = ArticleMeta {
            title: row.0[TITLE].take().and_then(value_string),
            published: row.0[DATE].take().and_then(value_string).and_then(|d| date::parse_date(&d)),
            url: row.0[URL].take().and_then(value_string),
        };
        Candidate::Doc(Doc {
            id,
            source: format!("{}:{line}", self.display),
            file: self.display.clone(),
            line: Some(line),
            text: DocText::Str(text),
            meta,
        })
    }
}

/// A string or number as a non-empty string; anything else is absent.
fn value_string(v: Value) -> Option<String> {
    match v {
        Value::String(s) => non_empty(s),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

enum LineRead {
    Eof,
    Line,
    TooLong,
}

/// Reads one line (without its `\n`) into `buf`, holding at most `limit` bytes: a longer line
/// is consumed and reported as [`LineRead::TooLong`] without being buffered.
fn read_line_limited(r: &mut dyn BufRead, buf: &mut Vec<u8>, limit: usize) -> io::Result<LineRead> {
    buf.clear();
    let mut any = false;
    let mut too_long = false;
    loop {
        let available = match r.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok(match (any, too_long) {
                (false, _) => LineRead::Eof,
                (true, false) => LineRead::Line,
                (true, true) => LineRead::TooLong,
            });
        }
        any = true;
        let (chunk, used, done) = match memchr::memchr(b'\n', available) {
            Some(i) => (&available[..i], i + 1, true),
            None => (available, available.len(), false),
        };
        if !too_long {
            if buf.len() + chunk.len() > limit {
                too_long = true;
                buf.clear();
                buf.shrink_to(1 << 20);
            } else {
                buf.extend_from_slice(chunk);
            }
        }
        r.consume(used);
        if done {
            return Ok(if too_long { LineRead::TooLong } else { LineRead::Line });
        }
    }
}

/// Decodes only the configured fields of a JSON object; other values are skipped unparsed.
/// With `keys`, the other keys are gathered there (until it is full).
struct Fields<'a> {
    names: &'a [String; 5],
    keys: Option<&'a mut BTreeSet<String>>,
}

#[derive(Default)]
struct Row([Option<Value>; 5]);

impl<'de> DeserializeSeed<'de> for Fields<'_> {
    type Value = Row;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Row, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Fields<'_> {
    type Value = Row;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }
    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<Row, A::Error> {
        let mut row = Row::default();
        while let Some(slot) = map.next_key_seed(Key { names: self.names, keys: self.keys.as_deref_mut() })? {
            match slot {
                Some(i) => row.0[i] = Some(map.next_value()?),
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(row)
    }
}

/// A map key, resolved to the index of the configured field it names (without allocating,
/// unless other keys are being gathered).
struct Key<'a> {
    names: &'a [String; 5],
    keys: Option<&'a mut BTreeSet<String>>,
}

impl<'de> DeserializeSeed<'de> for Key<'_> {
    type Value = Option<usize>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Option<usize>, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Key<'_> {
    type Value = Option<usize>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a field name")
    }
    fn visit_str<E: de::Error>(self, key: &str) -> Result<Option<usize>, E> {
        let found = self.names.iter().position(|n| n == key);
        if let Some(keys) = self.keys
            && found != Some(TEXT)
            && keys.len() < MAX_KEYS_SEEN
        {
            keys.insert(key.to_owned());
        }
        Ok(found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn read_all(data: &str, opts: &InputOptions) -> Vec<Candidate> {
        let mut body = JsonlBody::new(Box::new(Cursor::new(data.as_bytes().to_vec())), "c.jsonl", "c", opts);
        std::iter::from_fn(|| body.next()).collect()
    }

    #[test]
    fn fields_and_fallbacks() {
        let opts = InputOptions { text_field: "body".into(), ..InputOptions::default() };
        let data = "{\"id\": 7, \"body\": \"Hi \\\"x\\\"\", \"date\": \"2019-09-26T10:00:00Z\", \"extra\": [1, {\"a\": 2}]}\n\
                    \n\
                    {\"body\": \"two\", \"title\": \"T\", \"url\": \"\"}\r\n\
                    not json\n\
                    {\"id\": \"x\"}\n\
                    {\"id\": \"y\", \"body\": 3}\n\
                    [1]";
        let got = read_all(data, &opts);
        assert_eq!(got.len(), 6);
        let Candidate::Doc(d) = &got[0] else { panic!() };
        assert_eq!(d.id, "7");
        assert_eq!(d.source, "c.jsonl:1");
        assert_eq!(d.meta.published, whosaid_core::text::date::from_days(18165));
        assert!(matches!(&d.text, DocText::Str(s) if s == "Hi \"x\""));
        let Candidate::Doc(d) = &got[1] else { panic!() };
        assert_eq!(d.id, "c:3");
        assert_eq!(d.meta.title.as_deref(), Some("T"));
        assert_eq!(d.meta.url, None);
        let reasons: Vec<(u64, String)> = got[2..]
            .iter()
            .map(|c| match c {
                Candidate::Skip(s) => (s.line.unwrap(), s.reason.clone()),
                Candidate::Doc(_) => panic!(),
            })
            .collect();
        assert_eq!(reasons[0].0, 4);
        assert!(reasons[0].1.starts_with("invalid JSON"));
        assert_eq!(reasons[1], (5, "missing text field `body`".into()));
        assert_eq!(reasons[2], (6, "text field `body` is not a string".into()));
        assert!(reasons[3].1.starts_with("invalid JSON"));
    }

    #[test]
    fn long_lines_are_skipped_not_buffered() {
        let mut r = Cursor::new(b"abcdef\nab\n".to_vec());
        let mut buf = Vec::new();
        assert!(matches!(read_line_limited(&mut r, &mut buf, 4).unwrap(), LineRead::TooLong));
        assert!(matches!(read_line_limited(&mut r, &mut buf, 4).unwrap(), LineRead::Line));
        assert_eq!(buf, b"ab");
        assert!(matches!(read_line_limited(&mut r, &mut buf, 4).unwrap(), LineRead::Eof));
    }

    #[test]
    fn sniffing() {
        assert!(looks_like_jsonl(b"  {\"a\":1}\n"));
        assert!(looks_like_jsonl("\u{feff}{\"a\":1}".as_bytes()));
        assert!(!looks_like_jsonl(b"text"));
    }

    #[test]
    fn keys_are_gathered_until_a_line_has_the_text_field() {
        let opts = InputOptions::default();
        let data = "{\"id\": 1, \"body\": \"x\", \"headline\": \"h\"}\n{\"id\": 2, \"body\": \"y\"}\n";
        let mut body = JsonlBody::new(Box::new(Cursor::new(data.as_bytes().to_vec())), "c.jsonl", "c", &opts);
        while body.next().is_some() {}
        let keys: Vec<&str> = body.keys_without_text().unwrap().iter().map(String::as_str).collect();
        assert_eq!(keys, ["body", "headline", "id"]);
        let data = "{\"id\": 1, \"body\": \"x\"}\n{\"id\": 2, \"text\": \"y\"}\n";
        let mut body = JsonlBody::new(Box::new(Cursor::new(data.as_bytes().to_vec())), "c.jsonl", "c", &opts);
        while body.next().is_some() {}
        assert!(body.keys_without_text().is_none());
    }
}
