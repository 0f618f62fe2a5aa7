//! Reading corpora: folders of `.txt` files, JSONL/NDJSON, Parquet tables and stdin, each
//! optionally compressed (gzip, zstd, bzip2). The only stage besides [`crate::output`] that
//! touches the file system.
//!
//! [`open`] returns [`Inputs`], a streaming iterator of [`Record`]s in a deterministic order:
//! inputs in the order given; a folder's files sorted by their relative path (byte order);
//! JSONL lines and Parquet rows in file order. Memory stays bounded by one document (one line,
//! or one Parquet record batch) at a time.
//!
//! **Formats are chosen by content.** After decompression (detected from magic bytes, whatever
//! the extension) a stream starting with `PAR1` is Parquet; a `.jsonl`/`.ndjson`/`.json` file,
//! stdin, or any other file whose first non-space byte is `{` is JSONL; everything else is text
//! (one article per file). A `.txt` file starting with `{` is JSONL only when its first line
//! parses as a JSON object.
//!
//! **Bad input never stops the run.** Each bad document becomes a [`Record::Skipped`] with its
//! reason (and a `log::warn!` naming file and line): unreadable file or folder, read or
//! decompression error, invalid UTF-8, empty or white-space-only text, binary content (a NUL
//! byte, or more than 5% control characters), text over [`InputOptions::max_article_bytes`],
//! a JSONL line that is not a JSON object or lacks the text field, and a duplicate
//! `article_id` (the first occurrence is kept).
//!
//! **Decoding.** Text must be UTF-8. A byte-order mark (U+FEFF) at the very start of a text is
//! removed: it is an encoding marker, not content. Nothing else is changed (CRLF line ends stay
//! as read), so all offsets refer to the text exactly as read, minus that BOM.
//!
//! **In memory.** [`ArrowArticles`] reads Arrow record batches a caller already holds (the Python
//! bindings) with the Parquet column rules and the same checks, one record per row.
//!
//! **Provenance.** Every file read is reported by [`Inputs::files`] with the sha256 and size of
//! its stored (possibly compressed) bytes, hashed while streaming. Parquet needs random access,
//! so a plain Parquet file is hashed by one sequential pass after its rows are read.

mod decompress;
mod jsonl;
mod parquet;
mod txt;

use std::collections::{HashSet, VecDeque};
use std::fs::File;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::{self, BufRead, BufReader, Cursor, Read, Seek, SeekFrom};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

pub use decompress::Compression;
pub use parquet::ArrowArticles;

use crate::manifest::{InputFile, Skipped};
use crate::{Error, ErrorKind, Result};
use decompress::{HashingReader, SharedHash};
use whosaid_core::model::{Article, ArticleMeta};
use whosaid_core::text::date;

/// How to read inputs. Field names apply to JSONL keys and Parquet column names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputOptions {
    pub id_field: String,
    pub text_field: String,
    pub date_field: String,
    pub url_field: String,
    pub title_field: String,
    /// Longest accepted article text in bytes (default 64 MiB); longer ones are skipped.
    pub max_article_bytes: u64,
}

impl Default for InputOptions {
    fn default() -> Self {
        InputOptions {
            id_field: "id".into(),
            text_field: "text".into(),
            date_field: "date".into(),
            url_field: "url".into(),
            title_field: "title".into(),
            max_article_bytes: 64 << 20,
        }
    }
}

impl InputOptions {
    /// The configured field (JSONL) or column (Parquet, Arrow) names, in this order: id, text,
    /// date, url, title.
    pub(crate) fn field_names(&self) -> [String; 5] {
        [
            self.id_field.clone(),
            self.text_field.clone(),
            self.date_field.clone(),
            self.url_field.clone(),
            self.title_field.clone(),
        ]
    }
}

/// One item of the input stream: an article ready for analysis, or a document that was skipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Record {
    Article(Article),
    Skipped(Skipped),
}

/// Size of the decompressed prefix used to sniff a file's format.
const SNIFF_BYTES: usize = 64 << 10;
/// Read buffer for decompressed streams.
const BUF_BYTES: usize = 256 << 10;

/// Opens the given inputs (files, folders, or `-` for JSONL on stdin) for streaming.
///
/// Folders are listed here (so the total input size is known for progress); files are opened
/// lazily. Fails only when an input path does not exist (a usage error); every other problem
/// becomes a [`Record::Skipped`] in the stream.
pub fn open(inputs: &[PathBuf], opts: &InputOptions) -> Result<Inputs> {
    let mut queue = VecDeque::new();
    let mut total = Some(0u64);
    let mut stdin_seen = false;
    for input in inputs {
        if input.as_os_str() == "-" {
            if stdin_seen {
                return Err(Error::new(ErrorKind::Usage("`-` (stdin) given more than once".into())));
            }
            stdin_seen = true;
            total = None;
            queue.push_back(Entry::Stdin);
            continue;
        }
        let display = input.display().to_string();
        let meta = match std::fs::metadata(input) {
            Ok(m) => m,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Err(Error::new(ErrorKind::Usage("no such file or folder".into())).at(input));
            }
            Err(e) => {
                queue.push_back(Entry::Unreadable(unreadable(&display, &e.to_string())));
                continue;
            }
        };
        if meta.is_dir() {
            for (rel, found) in txt::walk(input) {
                let display = input.join(&rel).display().to_string();
                match found {
                    Ok(size) => {
                        total = total.map(|t| t + size);
                        queue.push_back(Entry::File {
                            path: input.join(&rel),
                            stem: txt::strip_ext(txt::strip_compression(&rel)).to_string(),
                            hint: Hint::from_name(&rel),
                            display,
                        });
                    }
                    Err(reason) => queue.push_back(Entry::Unreadable(unreadable(&display, &reason))),
                }
            }
        } else {
            total = total.map(|t| t + meta.len());
            let name = input.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            queue.push_back(Entry::File {
                path: input.clone(),
                stem: txt::strip_ext(txt::strip_compression(&name)).to_string(),
                hint: Hint::from_name(&name),
                display,
            });
        }
    }
    Ok(Inputs {
        opts: opts.clone(),
        queue,
        current: None,
        files: Vec::new(),
        admission: Admission::new(opts),
        progress: Arc::new(AtomicU64::new(0)),
        total,
    })
}

fn unreadable(display: &str, reason: &str) -> Skipped {
    Skipped { source: display.to_string(), line: None, article_id: None, reason: format!("cannot read: {reason}") }
}

/// What a file name suggests (content still decides; see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Hint {
    Txt,
    Jsonl,
    Other,
}

impl Hint {
    fn from_name(name: &str) -> Hint {
        let base = txt::strip_compression(name);
        let ext = base.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
        match ext.as_str() {
            "txt" | "text" => Hint::Txt,
            "jsonl" | "ndjson" | "json" | "jsonlines" => Hint::Jsonl,
            _ => Hint::Other,
        }
    }
}

enum Entry {
    File { path: PathBuf, display: String, stem: String, hint: Hint },
    Stdin,
    Unreadable(Skipped),
}

/// The article texts of a run, as a streaming iterator of [`Record`]s. See the module docs.
pub struct Inputs {
    opts: InputOptions,
    queue: VecDeque<Entry>,
    current: Option<OpenFile>,
    files: Vec<InputFile>,
    admission: Admission,
    progress: Arc<AtomicU64>,
    total: Option<u64>,
}

impl Inputs {
    /// Files read so far (all of them once the iterator is exhausted), in reading order.
    pub fn files(&self) -> &[InputFile] {
        &self.files
    }
    /// Consumes the reader, returning the files read.
    pub fn into_files(self) -> Vec<InputFile> {
        self.files
    }
    /// Total stored size of all input files, when known (not for stdin).
    pub fn total_bytes(&self) -> Option<u64> {
        self.total
    }
    /// Stored bytes read so far, for progress reporting.
    pub fn bytes_read(&self) -> u64 {
        self.progress.load(Ordering::Relaxed)
    }

    fn open_entry(&self, entry: Entry) -> std::result::Result<OpenFile, Skipped> {
        let (path, display, stem, hint) = match entry {
            Entry::Unreadable(s) => return Err(s),
            Entry::File { path, display, stem, hint } => (Some(path), display, stem, hint),
            Entry::Stdin => (None, "-".to_string(), "stdin".to_string(), Hint::Jsonl),
        };
        let fail = |reason: String| Skipped { source: display.clone(), line: None, article_id: None, reason };
        let hash = SharedHash::default();
        let raw: Box<dyn Read + Send> = match &path {
            Some(p) => Box::new(File::open(p).map_err(|e| fail(format!("cannot read: {e}")))?),
            None => Box::new(io::stdin()),
        };
        let mut file = OpenFile { display: display.clone(), path: path.clone(), hash: hash.clone(), body: Body::Done };
        let raw = HashingReader::new(raw, hash, self.progress.clone());
        let opened = (|| -> io::Result<Body> {
            let (compression, mut stream) = decompress::decompress(raw)?;
            let head = decompress::read_head(&mut stream, SNIFF_BYTES)?;
            if head.starts_with(b"PAR1") {
                return Ok(match (&path, compression) {
                    (Some(p), Compression::None) => {
                        drop(stream);
                        Body::Parquet(Box::new(parquet::ParquetBody::from_file(
                            File::open(p)?,
                            &display,
                            &stem,
                            &self.opts,
                        )))
                    }
                    _ => {
                        // Parquet needs random access: buffer a decompressed (or piped) table.
                        let mut all = head;
                        stream.read_to_end(&mut all)?;
                        Body::Parquet(Box::new(parquet::ParquetBody::from_bytes(
                            all.into(),
                            &display,
                            &stem,
                            &self.opts,
                        )))
                    }
                });
            }
            let is_jsonl = match hint {
                Hint::Jsonl => true,
                Hint::Txt => jsonl::looks_like_jsonl(&head, true),
                Hint::Other => jsonl::looks_like_jsonl(&head, false),
            };
            let reader: Box<dyn BufRead + Send> =
                Box::new(BufReader::with_capacity(BUF_BYTES, Cursor::new(head).chain(stream)));
            Ok(if is_jsonl {
                Body::Jsonl(jsonl::JsonlBody::new(reader, &display, &stem, &self.opts))
            } else {
                let id = stem.clone();
                Body::Text(Some(txt::TextBody { reader, id, display: display.clone() }))
            })
        })();
        // A file that opened but cannot be decoded is still recorded (with its hash).
        file.body = opened.unwrap_or_else(|e| Body::Failed(Some(fail(format!("read error: {e}")))));
        Ok(file)
    }

    /// Closes the current file: hashes any stored bytes not read yet and records it.
    fn finish_current(&mut self) {
        let Some(mut file) = self.current.take() else {
            return;
        };
        file.body = Body::Done;
        let drained: io::Result<()> = (|| {
            let offset = file.hash.lock().unwrap_or_else(|e| e.into_inner()).bytes;
            let rest: Box<dyn Read> = match &file.path {
                Some(p) => {
                    let mut f = File::open(p)?;
                    f.seek(SeekFrom::Start(offset))?;
                    Box::new(f)
                }
                None => Box::new(io::stdin()),
            };
            io::copy(&mut HashingReader::new(rest, file.hash.clone(), self.progress.clone()), &mut io::sink())?;
            Ok(())
        })();
        if let Err(e) = drained {
            log::warn!("{}: could not hash the whole file: {e}", file.display);
        }
        let state = std::mem::take(&mut *file.hash.lock().unwrap_or_else(|e| e.into_inner()));
        let (sha256, bytes) = state.finish();
        self.files.push(InputFile { path: file.display, sha256, bytes });
    }
}

/// The checks every document passes before analysis, whatever its input: size, UTF-8 (dropping
/// a leading BOM), emptiness, binary content and a duplicate id (ids admitted so far are kept).
struct Admission {
    max_article_bytes: u64,
    /// 128-bit hashes of the article ids admitted so far (16 bytes per article).
    seen: HashSet<u128>,
}

impl Admission {
    fn new(opts: &InputOptions) -> Self {
        Admission { max_article_bytes: opts.max_article_bytes, seen: HashSet::new() }
    }

    /// Validates a document: size, UTF-8 (dropping a leading BOM), emptiness, binary, duplicate id.
    fn admit(&mut self, doc: Doc) -> Record {
        let Doc { id, source, file, line, text, meta } = doc;
        let skip = |reason: String| {
            Record::Skipped(Skipped { source: file.clone(), line, article_id: Some(id.clone()), reason })
        };
        let max = self.max_article_bytes;
        let len = text.len() as u64;
        if len > max {
            return skip(format!("too large: {len} bytes (limit {max})"));
        }
        let mut text = match text {
            DocText::Str(s) => s,
            DocText::Bytes(b) => match String::from_utf8(b) {
                Ok(s) => s,
                Err(e) => {
                    return skip(format!("invalid UTF-8 at byte {}", e.utf8_error().valid_up_to()));
                }
            },
        };
        if text.starts_with('\u{feff}') {
            text.drain(..'\u{feff}'.len_utf8());
        }
        if text.trim().is_empty() {
            return skip("empty text".into());
        }
        if let Some(reason) = binary_reason(text.as_bytes()) {
            return skip(reason);
        }
        if !self.seen.insert(id_key(&id)) {
            return skip("duplicate article_id (first occurrence kept)".into());
        }
        Record::Article(Article { id, source, text, meta })
    }
}

impl Iterator for Inputs {
    type Item = Record;

    fn next(&mut self) -> Option<Record> {
        loop {
            if self.current.is_none() {
                let entry = self.queue.pop_front()?;
                match self.open_entry(entry) {
                    Ok(file) => self.current = Some(file),
                    Err(skipped) => return Some(warn(Record::Skipped(skipped))),
                }
            }
            let file = self.current.as_mut().expect("current file");
            let next = match &mut file.body {
                Body::Text(body) => body.take().map(|b| b.read(&self.opts)),
                Body::Jsonl(body) => body.next(),
                Body::Parquet(body) => body.next(),
                Body::Failed(skip) => skip.take().map(Candidate::Skip),
                Body::Done => None,
            };
            match next {
                Some(Candidate::Doc(doc)) => return Some(warn(self.admission.admit(doc))),
                Some(Candidate::Skip(s)) => return Some(warn(Record::Skipped(s))),
                None => self.finish_current(),
            }
        }
    }
}

fn warn(record: Record) -> Record {
    if let Record::Skipped(s) = &record {
        let at = match s.line {
            Some(l) => format!("{}:{l}", s.source),
            None => s.source.clone(),
        };
        match &s.article_id {
            Some(id) => log::warn!("{at}: skipped article {id:?}: {}", s.reason),
            None => log::warn!("{at}: skipped: {}", s.reason),
        }
    }
    record
}

/// 128-bit key of an article id for duplicate detection (collisions are out of reach).
fn id_key(id: &str) -> u128 {
    let mut a = DefaultHasher::new();
    let mut b = DefaultHasher::new();
    0u8.hash(&mut a);
    1u8.hash(&mut b);
    id.hash(&mut a);
    id.hash(&mut b);
    (u128::from(a.finish()) << 64) | u128::from(b.finish())
}

/// Why a text looks binary: a NUL byte, or more than 5% C0/DEL control characters other
/// than tab, line feed, form feed and carriage return.
fn binary_reason(text: &[u8]) -> Option<String> {
    if let Some(at) = memchr::memchr(0, text) {
        return Some(format!("binary: NUL byte at byte {at}"));
    }
    // Byte counters over runs of 255 bytes, branch-free, so the compiler vectorises the count:
    // it looks at every byte of the corpus.
    let control = |b: u8| u8::from((b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c)) | (b == 0x7f));
    let controls: usize = text.chunks(255).map(|run| usize::from(run.iter().fold(0u8, |n, &b| n + control(b)))).sum();
    (controls * 20 > text.len()).then(|| format!("binary: {controls} control characters in {} bytes", text.len()))
}

struct OpenFile {
    display: String,
    /// `None` for stdin.
    path: Option<PathBuf>,
    hash: SharedHash,
    body: Body,
}

enum Body {
    Text(Option<txt::TextBody>),
    Jsonl(jsonl::JsonlBody),
    Parquet(Box<parquet::ParquetBody>),
    /// Opened, but unreadable as a stream: yields this one skip.
    Failed(Option<Skipped>),
    Done,
}

/// A document as found, before validation.
pub(crate) enum Candidate {
    Doc(Doc),
    Skip(Skipped),
}

pub(crate) struct Doc {
    pub id: String,
    /// `Article::source`: the file, with `:line` for JSONL and `:row` for Parquet.
    pub source: String,
    /// The file, for `Skipped::source`.
    pub file: String,
    pub line: Option<u64>,
    pub text: DocText,
    pub meta: ArticleMeta,
}

pub(crate) enum DocText {
    Bytes(Vec<u8>),
    Str(String),
}

impl DocText {
    fn len(&self) -> usize {
        match self {
            DocText::Bytes(b) => b.len(),
            DocText::Str(s) => s.len(),
        }
    }
}

/// Non-empty string form of a metadata value.
pub(crate) fn non_empty(s: String) -> Option<String> {
    (!s.trim().is_empty()).then_some(s)
}

#[allow(dead_code)]
fn _assert_send() {
    fn is_send<T: Send>() {}
    is_send::<Inputs>();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_detection() {
        assert!(binary_reason(b"ab\0c").is_some());
        assert!(binary_reason(b"plain text\r\n\twith tabs\x0c").is_none());
        assert!(binary_reason(b"\x01\x02\x03 abc").is_some());
        assert!(binary_reason("x".repeat(100).as_bytes()).is_none());
        // Exactly 5% control bytes is text; one more is binary (counted across 255-byte runs).
        let mut text = vec![b'x'; 1000];
        for i in 0..50 {
            text[i * 20 + 7] = 0x7f;
        }
        assert!(binary_reason(&text).is_none());
        text[999] = 0x01;
        assert!(binary_reason(&text).is_some_and(|r| r.contains("51 control characters in 1000 bytes")));
    }

    #[test]
    fn id_keys_differ() {
        assert_ne!(id_key("a"), id_key("b"));
        assert_eq!(id_key("a"), id_key("a"));
    }

    #[test]
    fn hints() {
        assert_eq!(Hint::from_name("a.txt.gz"), Hint::Txt);
        assert_eq!(Hint::from_name("a.jsonl.zst"), Hint::Jsonl);
        assert_eq!(Hint::from_name("a.parquet"), Hint::Other);
    }
}
