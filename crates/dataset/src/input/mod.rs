//! Reading corpora: files and folders of text, JSONL/NDJSON and Parquet, and stdin, each
//! optionally compressed (gzip, zstd, bzip2). The only stage besides [`crate::output`] that
//! touches the file system.
//!
//! [`open`] returns [`Inputs`], a streaming iterator of [`Record`]s in a deterministic order:
//! inputs in the order given; a folder's files sorted by their relative path (byte order);
//! JSONL lines and Parquet rows in file order. Memory stays bounded by one document (one line,
//! or one Parquet record batch of at most 8 MB of text) at a time.
//!
//! **Formats.** A file name says the format: `.txt`/`.text` (one article per file),
//! `.jsonl`/`.ndjson`/`.json`/`.jsonlines`, `.parquet`/`.pq`, each optionally followed by a
//! compression extension. Compression is detected from magic bytes, whatever the name says.
//! Only a file whose name says no format (and stdin) is sniffed: a stream starting with `PAR1`
//! is Parquet; one whose first non-space byte is `{` (and stdin) is JSONL; anything else is
//! text. A folder is read recursively: every file of a known format; other files are ignored
//! (and named when the folder yields nothing).
//!
//! **Ids.** An article's id is its id field or column; without one it is derived from the input:
//! a text file's path without extension (relative to the folder given), `{stem}:{line}` for a
//! JSONL line, `{stem}:{row}` for a Parquet row. With several inputs, derived ids start with the
//! input's path as given (`dirA/a`, `dirB/a`), so they never collide across inputs. Ids longer
//! than [`InputOptions::max_id_bytes`] are skipped (they would be copied into every row).
//!
//! **Bad input never stops the run.** Each bad document becomes a [`Record::Skipped`] with its
//! kind and reason (and a `log::warn!` naming file and line): unreadable file or folder, a
//! stream cut short or corrupt (the records before the damage are kept), an undecodable
//! Parquet row group (the other row groups are kept; the rows lost are counted), invalid UTF-8,
//! empty or white-space-only text, binary content (a NUL byte, or more than 5% control
//! characters), text over [`InputOptions::max_article_bytes`], a JSONL line that is not a JSON
//! object or lacks the text field, a text field or column that is not a string, an id over the
//! limit, and a duplicate `article_id` (the first occurrence is kept).
//!
//! **But an input that yields nothing is an error.** When an input (a file, folder or stdin as
//! given) ends without an article (and without a duplicate of one), [`Inputs`] yields an
//! [`ErrorKind::NoData`] error that says why: no files of a known format in a folder (and what
//! it holds instead), no line with the text field (and the keys seen), every record skipped.
//!
//! **Decoding.** Text must be UTF-8. A byte-order mark (U+FEFF) at the very start of a text is
//! removed: it is an encoding marker, not content. Nothing else is changed (CRLF line ends stay
//! as read), so all offsets refer to the text exactly as read, minus that BOM.
//!
//! **In memory.** [`ArrowArticles`] reads Arrow record batches a caller already holds (the Python
//! bindings) with the Parquet column rules and the same checks, one record per row.
//!
//! **Provenance.** Every file read is reported by [`Inputs::files`] with the sha256 and size of
//! its stored (possibly compressed) bytes, hashed from the very open file the records came
//! from: streams as they are read (what is left unread is read to the end through the same
//! handle), a plain Parquet file (read at random places) by one pass over the same handle.

mod decompress;
mod jsonl;
mod parquet;
mod txt;

use std::collections::{BTreeMap, HashSet, VecDeque};
use std::fs::File;
use std::io::{self, BufRead, BufReader, Cursor, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

pub use decompress::Compression;
pub use parquet::ArrowArticles;

use crate::manifest::{InputFile, SkipKind, Skipped};
use crate::{Error, ErrorKind, Result};
use decompress::{FailOnce, HashingReader, SharedHash};
use txt::Format;
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
    /// Longest accepted article id in bytes (default 1 KiB); longer ones are skipped, since an
    /// id is copied into every row of the article (its sentences, quotes, mentions).
    pub max_id_bytes: u64,
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
            max_id_bytes: 1024,
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

/// Opens the given inputs (files, folders, or `-` for stdin) for streaming. See [`open_skipping`].
pub fn open(inputs: &[PathBuf], opts: &InputOptions) -> Result<Inputs> {
    open_skipping(inputs, opts, &[])
}

/// Opens the given inputs (files, folders, or `-` for stdin) for streaming; folders in `skip`
/// (the output being built, and the folders beside it) are never read.
///
/// Folders are listed here (so the total input size is known for progress); files are opened
/// lazily. Fails only when an input path does not exist or stdin is given twice (usage
/// errors); every other problem becomes a [`Record::Skipped`] in the stream, and an input that
/// yields no article an error from the stream.
pub fn open_skipping(inputs: &[PathBuf], opts: &InputOptions, skip: &[PathBuf]) -> Result<Inputs> {
    let skip: Vec<PathBuf> = skip.iter().filter_map(|p| p.canonicalize().ok()).collect();
    let several = inputs.len() > 1;
    let mut queue = VecDeque::new();
    let mut states = Vec::new();
    let mut total = Some(0u64);
    let mut stdin_seen = false;
    for (n, input) in inputs.iter().enumerate() {
        let name = input_name(input);
        let mut state = InputState { name: name.clone(), ..InputState::default() };
        if input.as_os_str() == "-" {
            if stdin_seen {
                return Err(Error::new(ErrorKind::Usage("`-` (stdin) given more than once".into())));
            }
            stdin_seen = true;
            total = None;
            queue.push_back(Entry::Stdin { input: n });
        } else {
            let display = input.display().to_string();
            match std::fs::metadata(input) {
                Err(e) if e.kind() == io::ErrorKind::NotFound => {
                    return Err(Error::new(ErrorKind::Usage("no such file or folder".into())).at(input));
                }
                Err(e) => {
                    queue.push_back(Entry::Unreadable { input: n, skipped: unreadable(&display, &e.to_string()) })
                }
                Ok(meta) if meta.is_dir() => {
                    let listing = txt::walk(input, &skip);
                    state.folder = Some((listing.found.len(), listing.ignored));
                    for (rel, found) in listing.found {
                        let path = input.join(&rel);
                        let display = path.display().to_string();
                        match found {
                            Ok(size) => {
                                total = total.map(|t| t + size);
                                let rel_stem = txt::strip_ext(txt::strip_compression(&rel));
                                let stem = if several { format!("{name}/{rel_stem}") } else { rel_stem.to_string() };
                                let format = Format::of_name(&rel);
                                queue.push_back(Entry::File { input: n, path, display, stem, format });
                            }
                            Err(reason) => {
                                queue.push_back(Entry::Unreadable { input: n, skipped: unreadable(&display, &reason) })
                            }
                        }
                    }
                }
                Ok(meta) => {
                    total = total.map(|t| t + meta.len());
                    let file_name = input.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                    let stem = if several { &name } else { &file_name };
                    let stem = txt::strip_ext(txt::strip_compression(stem)).to_string();
                    let format = Format::of_name(&file_name);
                    queue.push_back(Entry::File { input: n, path: input.clone(), display, stem, format });
                }
            }
        }
        queue.push_back(Entry::End { input: n });
        states.push(state);
    }
    Ok(Inputs {
        opts: opts.clone(),
        queue,
        states,
        current: None,
        files: Vec::new(),
        admission: Admission::new(opts),
        progress: Arc::new(AtomicU64::new(0)),
        total,
    })
}

/// An input path as given, for messages and derived ids: without a trailing `/` or leading `./`.
fn input_name(input: &Path) -> String {
    if input.as_os_str() == "-" {
        return "stdin".into();
    }
    let mut name = input.to_string_lossy().into_owned();
    while name.len() > 1 && name.ends_with('/') {
        name.pop();
    }
    while let Some(rest) = name.strip_prefix("./").filter(|r| !r.is_empty()) {
        name = rest.to_string();
    }
    name
}

fn unreadable(display: &str, reason: &str) -> Skipped {
    Skipped::new(display, SkipKind::Unreadable, format!("cannot read: {reason}"))
}

/// An article id as recorded in a skip record: ids over 200 bytes are cut to 64 characters and `…`.
pub(crate) fn short_id(id: &str) -> String {
    if id.len() <= 200 {
        return id.to_string();
    }
    let cut: String = id.chars().take(64).collect();
    format!("{cut}… ({} bytes)", id.len())
}

enum Entry {
    File {
        input: usize,
        path: PathBuf,
        display: String,
        stem: String,
        format: Format,
    },
    Stdin {
        input: usize,
    },
    Unreadable {
        input: usize,
        skipped: Skipped,
    },
    /// Input `input` ends here: it must have yielded an article.
    End {
        input: usize,
    },
}

/// What one input (as given) yielded so far, to say why when it yields nothing.
#[derive(Default)]
struct InputState {
    name: String,
    /// For a folder: files of a known format, and the other files by extension.
    folder: Option<(usize, BTreeMap<String, u64>)>,
    /// Records (articles and skips).
    records: u64,
    articles: u64,
    duplicates: u64,
    kinds: BTreeMap<SkipKind, u64>,
    first_skip: Option<Skipped>,
    /// Why a file yielded nothing, when a reader can tell (the keys a JSONL file has instead of
    /// the text field).
    hints: Vec<String>,
}

impl InputState {
    /// Why the input yielded no article; `None` when it yielded one (or a duplicate of one).
    fn nothing(&self) -> Option<String> {
        if self.articles > 0 || self.duplicates > 0 {
            return None;
        }
        let mut why = match (&self.folder, &self.first_skip) {
            (Some((0, ignored)), _) => {
                let mut s = "no input files in this folder (.txt, .jsonl, .ndjson, .json or .parquet, each also \
                             .gz, .zst or .bz2)"
                    .to_string();
                if !ignored.is_empty() {
                    let found: Vec<String> = ignored.iter().map(|(ext, n)| format!("{n} {ext}")).collect();
                    s.push_str(&format!("; found {}", found.join(", ")));
                }
                s
            }
            (_, None) => "no document in it".to_string(),
            (_, Some(first)) => {
                let kinds: Vec<String> = self.kinds.iter().map(|(k, n)| format!("{n} {}", k.as_str())).collect();
                format!(
                    "no article: {} record{} skipped ({}); the first: {}: {}",
                    self.records,
                    if self.records == 1 { "" } else { "s" },
                    kinds.join(", "),
                    first.at(),
                    first.reason
                )
            }
        };
        for h in &self.hints {
            why.push_str("; ");
            why.push_str(h);
        }
        Some(why)
    }
}

/// The article texts of a run, as a streaming iterator of [`Record`]s, or an error when an
/// input yields none. See the module docs.
pub struct Inputs {
    opts: InputOptions,
    queue: VecDeque<Entry>,
    states: Vec<InputState>,
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

    fn open_entry(&self, entry: Entry) -> std::result::Result<OpenFile, (usize, Skipped)> {
        let (input, path, display, stem, format) = match entry {
            Entry::File { input, path, display, stem, format } => (input, Some(path), display, stem, format),
            Entry::Stdin { input } => (input, None, "-".to_string(), "stdin".to_string(), Format::Unknown),
            Entry::Unreadable { input, skipped } => return Err((input, skipped)),
            Entry::End { .. } => unreachable!("input ends are handled by the iterator"),
        };
        let fail = |reason: String| (input, unreadable(&display, &reason));
        let hash = SharedHash::default();
        let (raw, rest): (Box<dyn Read + Send>, Rest) = match &path {
            Some(p) => {
                let f = File::open(p).map_err(|e| fail(e.to_string()))?;
                let again = f.try_clone().map_err(|e| fail(e.to_string()))?;
                (Box::new(f), Rest::File(again))
            }
            None => (Box::new(io::stdin()), Rest::Stdin),
        };
        let mut file = OpenFile { input, display: display.clone(), hash: hash.clone(), rest, body: Body::Done };
        let raw = HashingReader::new(raw, hash, self.progress.clone());
        let damaged =
            |e: io::Error| Body::Failed(Some(Skipped::new(&display, SkipKind::Damaged, format!("read error: {e}"))));
        let (compression, mut stream) = match decompress::decompress(raw) {
            Ok(s) => s,
            Err(e) => {
                file.body = damaged(e);
                return Ok(file);
            }
        };
        let (head, error) = decompress::read_head_keeping(&mut stream, SNIFF_BYTES);
        let parquet = match format {
            Format::Parquet => true,
            Format::Unknown => head.starts_with(b"PAR1"),
            Format::Txt | Format::Jsonl => false,
        };
        file.body = if parquet {
            match (&file.rest, compression, error) {
                (Rest::File(f), Compression::None, None) => {
                    drop(stream);
                    match f.try_clone() {
                        Ok(f) => {
                            Body::Parquet(Box::new(parquet::ParquetBody::from_file(f, &display, &stem, &self.opts)))
                        }
                        Err(e) => damaged(e),
                    }
                }
                (_, _, Some(e)) => damaged(e),
                _ => {
                    // Parquet needs random access: buffer a decompressed (or piped) table.
                    let mut all = head;
                    match stream.read_to_end(&mut all) {
                        Ok(_) => Body::Parquet(Box::new(parquet::ParquetBody::from_bytes(
                            all.into(),
                            &display,
                            &stem,
                            &self.opts,
                        ))),
                        Err(e) => damaged(e),
                    }
                }
            }
        } else {
            let jsonl = match format {
                Format::Jsonl => true,
                Format::Txt => false,
                Format::Unknown | Format::Parquet => path.is_none() || jsonl::looks_like_jsonl(&head),
            };
            // What follows the head: the stream, or the error that cut the head short.
            let after: Box<dyn Read + Send> = match error {
                None => stream,
                Some(e) => Box::new(FailOnce(Some(e))),
            };
            let reader: Box<dyn BufRead + Send> =
                Box::new(BufReader::with_capacity(BUF_BYTES, Cursor::new(head).chain(after)));
            if jsonl {
                Body::Jsonl(jsonl::JsonlBody::new(reader, &display, &stem, &self.opts))
            } else {
                Body::Text(Some(txt::TextBody { reader, id: stem, display: display.clone() }))
            }
        };
        Ok(file)
    }

    /// Closes the current file: hashes any stored bytes not read yet (through the same open
    /// file) and records it.
    fn finish_current(&mut self) {
        let Some(mut file) = self.current.take() else {
            return;
        };
        if let Body::Jsonl(body) = &file.body
            && let Some(keys) = body.keys_without_text()
        {
            let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
            let state = &mut self.states[file.input];
            let text = &self.opts.text_field;
            let hint =
                format!("no line has the text field `{text}` (keys seen: {}; use --text-field)", keys.join(", "));
            state.hints.push(if state.folder.is_some() { format!("{}: {hint}", file.display) } else { hint });
        }
        let whole = matches!(file.body, Body::Parquet(_)) && matches!(file.rest, Rest::File(_));
        file.body = Body::Done;
        let drained: io::Result<()> = (|| {
            let rest: Box<dyn Read> = match std::mem::replace(&mut file.rest, Rest::Done) {
                // A plain Parquet file was read at random places: hash all of it, in order.
                Rest::File(mut f) if whole => {
                    *file.hash.lock().unwrap_or_else(|e| e.into_inner()) = Default::default();
                    f.seek(SeekFrom::Start(0))?;
                    Box::new(f)
                }
                // The same open file as the reader's: it goes on where reading stopped.
                Rest::File(f) => Box::new(f),
                Rest::Stdin => Box::new(io::stdin()),
                Rest::Done => return Ok(()),
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

    /// Counts a record of input `input` (for the error when it yields nothing) and logs a skip.
    fn counted(&mut self, input: usize, record: Record) -> Record {
        let st = &mut self.states[input];
        st.records += 1;
        match &record {
            Record::Article(_) => st.articles += 1,
            Record::Skipped(s) => {
                *st.kinds.entry(s.kind).or_default() += 1;
                st.duplicates += u64::from(s.kind == SkipKind::DuplicateId);
                if st.first_skip.is_none() {
                    st.first_skip = Some(s.clone());
                }
            }
        }
        warn(record)
    }
}

/// How the rest of a file's stored bytes are read for its hash once its records are read.
enum Rest {
    /// A second handle of the same open file (sharing its offset).
    File(File),
    Stdin,
    Done,
}

/// The checks every document passes before analysis, whatever its input: id length, size,
/// UTF-8 (dropping a leading BOM), emptiness, binary content and a duplicate id (ids admitted
/// so far are kept).
struct Admission {
    max_article_bytes: u64,
    max_id_bytes: u64,
    /// 128-bit hashes of the article ids admitted so far (16 bytes per article).
    seen: HashSet<u128>,
}

impl Admission {
    fn new(opts: &InputOptions) -> Self {
        Admission { max_article_bytes: opts.max_article_bytes, max_id_bytes: opts.max_id_bytes, seen: HashSet::new() }
    }

    /// Validates a document: id length, size, UTF-8 (dropping a leading BOM), emptiness,
    /// binary, duplicate id.
    fn admit(&mut self, doc: Doc) -> Record {
        let Doc { id, source, file, line, text, meta } = doc;
        let skip = |kind: SkipKind, reason: String| {
            Record::Skipped(Skipped {
                article_id: Some(short_id(&id)),
                line,
                ..Skipped::new(file.clone(), kind, reason)
            })
        };
        if id.len() as u64 > self.max_id_bytes {
            let limit = self.max_id_bytes;
            return skip(SkipKind::IdTooLong, format!("id too long: {} bytes (limit {limit})", id.len()));
        }
        let max = self.max_article_bytes;
        let len = text.len() as u64;
        if len > max {
            return skip(SkipKind::TooLarge, format!("too large: {len} bytes (limit {max})"));
        }
        let mut text = match text {
            DocText::Str(s) => s,
            DocText::Bytes(b) => match String::from_utf8(b) {
                Ok(s) => s,
                Err(e) => {
                    let at = e.utf8_error().valid_up_to();
                    return skip(SkipKind::InvalidUtf8, format!("invalid UTF-8 at byte {at}"));
                }
            },
        };
        if text.starts_with('\u{feff}') {
            text.drain(..'\u{feff}'.len_utf8());
        }
        if text.trim().is_empty() {
            return skip(SkipKind::Empty, "empty text".into());
        }
        if let Some(reason) = binary_reason(text.as_bytes()) {
            return skip(SkipKind::Binary, reason);
        }
        if !self.seen.insert(crate::checksum::id_key(&id)) {
            return skip(SkipKind::DuplicateId, "duplicate article_id (first occurrence kept)".into());
        }
        Record::Article(Article { id, source, text, meta })
    }
}

impl Iterator for Inputs {
    type Item = Result<Record>;

    fn next(&mut self) -> Option<Result<Record>> {
        loop {
            if self.current.is_none() {
                match self.queue.pop_front()? {
                    Entry::End { input } => {
                        if let Some(why) = self.states[input].nothing() {
                            self.queue.clear();
                            let name = self.states[input].name.clone();
                            return Some(Err(Error::new(ErrorKind::NoData(why)).at(name)));
                        }
                        continue;
                    }
                    entry => match self.open_entry(entry) {
                        Ok(file) => self.current = Some(file),
                        Err((input, skipped)) => return Some(Ok(self.counted(input, Record::Skipped(skipped)))),
                    },
                }
            }
            let file = self.current.as_mut().expect("current file");
            let input = file.input;
            let next = match &mut file.body {
                Body::Text(body) => body.take().map(|b| b.read(&self.opts)),
                Body::Jsonl(body) => body.next(),
                Body::Parquet(body) => body.next(),
                Body::Failed(skip) => skip.take().map(Candidate::Skip),
                Body::Done => None,
            };
            match next {
                Some(Candidate::Doc(doc)) => {
                    let record = self.admission.admit(doc);
                    return Some(Ok(self.counted(input, record)));
                }
                Some(Candidate::Skip(s)) => return Some(Ok(self.counted(input, Record::Skipped(s)))),
                None => self.finish_current(),
            }
        }
    }
}

fn warn(record: Record) -> Record {
    if let Record::Skipped(s) = &record {
        let at = s.at();
        match &s.article_id {
            Some(id) => log::warn!("{at}: skipped article {id:?}: {}", s.reason),
            None => log::warn!("{at}: skipped: {}", s.reason),
        }
    }
    record
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
    /// The input (as given) this file belongs to.
    input: usize,
    display: String,
    hash: SharedHash,
    rest: Rest,
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
    fn input_names_and_short_ids() {
        assert_eq!(input_name(Path::new("./data/")), "data");
        assert_eq!(input_name(Path::new("a/b.jsonl")), "a/b.jsonl");
        assert_eq!(input_name(Path::new("-")), "stdin");
        assert_eq!(short_id("abc"), "abc");
        let long = "é".repeat(150);
        assert_eq!(short_id(&long), format!("{}… (300 bytes)", "é".repeat(64)));
    }
}
