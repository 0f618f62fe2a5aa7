//! File names and folders: which format a name says, folder walking, and one-article-per-file
//! bodies.

use std::collections::BTreeMap;
use std::io::{BufRead, Read};
use std::path::{Path, PathBuf};

use super::{Candidate, Doc, DocText, InputOptions};
use crate::manifest::{SkipKind, Skipped};
use whosaid_core::model::ArticleMeta;

/// Compression suffixes stripped before looking at a file's own extension.
const COMPRESSION_EXTS: [&str; 5] = [".gz", ".zst", ".zstd", ".bz2", ".bz"];

/// `name` without a trailing compression extension (`a.txt.gz` → `a.txt`).
pub(super) fn strip_compression(name: &str) -> &str {
    for ext in COMPRESSION_EXTS {
        if name.len() > ext.len() && name.is_char_boundary(name.len() - ext.len()) {
            let (base, tail) = name.split_at(name.len() - ext.len());
            if tail.eq_ignore_ascii_case(ext) {
                return base;
            }
        }
    }
    name
}

/// `name` without its last extension, if its last path component has one (`sub/a.txt` → `sub/a`).
pub(super) fn strip_ext(name: &str) -> &str {
    let file_start = name.rfind('/').map_or(0, |i| i + 1);
    match name[file_start..].rfind('.') {
        Some(i) if i > 0 => &name[..file_start + i],
        _ => name,
    }
}

/// The format a file name says (after any compression extension). The name decides when it
/// says one; only a name that says none leaves the format to the content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Format {
    Txt,
    Jsonl,
    Parquet,
    /// No known extension: decided by content.
    Unknown,
}

impl Format {
    pub fn of_name(name: &str) -> Format {
        let base = strip_compression(name);
        let file = base.rsplit('/').next().unwrap_or(base);
        let ext = match file.rsplit_once('.') {
            Some((stem, ext)) if !stem.is_empty() => ext.to_ascii_lowercase(),
            _ => return Format::Unknown,
        };
        match ext.as_str() {
            "txt" | "text" => Format::Txt,
            "jsonl" | "ndjson" | "json" | "jsonlines" => Format::Jsonl,
            "parquet" | "pq" => Format::Parquet,
            _ => Format::Unknown,
        }
    }
}

/// What a folder holds, as [`walk`] finds it.
#[derive(Debug, Default)]
pub(super) struct Listing {
    /// Files of a known format (relative path with `/` separators, and size or why it cannot
    /// be read), and folders that cannot be listed, sorted by relative path in byte order.
    pub found: Vec<(String, Result<u64, String>)>,
    /// Other files, counted by extension (`(none)` for files without one).
    pub ignored: BTreeMap<String, u64>,
}

/// Every file of a known format (`.txt`, `.jsonl`/`.ndjson`/`.json`, `.parquet`, each also
/// compressed: `.gz`, `.zst`, `.bz2`) under `root`, recursively. Symbolic links to files are
/// followed; symbolic links to folders are not (no cycles). Hidden entries are included.
/// Folders in `skip` (canonical paths: the output being built, and its staging folder) are
/// not entered.
pub(super) fn walk(root: &Path, skip: &[PathBuf]) -> Listing {
    let mut out = Listing::default();
    let skipped = |dir: &Path| !skip.is_empty() && dir.canonicalize().is_ok_and(|c| skip.contains(&c));
    if skipped(root) {
        return out;
    }
    let mut stack = vec![String::new()];
    while let Some(rel) = stack.pop() {
        let dir = if rel.is_empty() { root.to_path_buf() } else { root.join(&rel) };
        let entries = match std::fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) => {
                out.found.push((rel, Err(e.to_string())));
                continue;
            }
        };
        for entry in entries {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    out.found.push((rel.clone(), Err(e.to_string())));
                    continue;
                }
            };
            let name = entry.file_name().to_string_lossy().into_owned();
            let child = if rel.is_empty() { name.clone() } else { format!("{rel}/{name}") };
            let Ok(ft) = entry.file_type() else { continue };
            if ft.is_dir() {
                if !skipped(&entry.path()) {
                    stack.push(child);
                }
            } else if ft.is_file() || ft.is_symlink() {
                if Format::of_name(&name) == Format::Unknown {
                    if ft.is_file() {
                        let ext = name.rsplit_once('.').filter(|(s, _)| !s.is_empty()).map(|(_, e)| e);
                        let ext = ext.map_or("(none)".to_string(), |e| format!(".{}", e.to_ascii_lowercase()));
                        *out.ignored.entry(ext).or_default() += 1;
                    }
                    continue;
                }
                match std::fs::metadata(entry.path()) {
                    Ok(m) if m.is_file() => out.found.push((child, Ok(m.len()))),
                    Ok(_) => {}
                    Err(e) => out.found.push((child, Err(e.to_string()))),
                }
            }
        }
    }
    out.found.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    out
}

/// A whole file that is one article.
pub(super) struct TextBody {
    pub reader: Box<dyn BufRead + Send>,
    pub id: String,
    pub display: String,
}

impl TextBody {
    pub fn read(self, opts: &InputOptions) -> Candidate {
        let TextBody { reader, id, display } = self;
        let skip = |kind: SkipKind, reason: String| {
            Candidate::Skip(Skipped { article_id: Some(id.clone()), ..Skipped::new(display.clone(), kind, reason) })
        };
        let mut bytes = Vec::new();
        let limit = opts.max_article_bytes;
        if let Err(e) = reader.take(limit.saturating_add(1)).read_to_end(&mut bytes) {
            return skip(SkipKind::Damaged, format!("read error: {e}"));
        }
        if bytes.len() as u64 > limit {
            return skip(SkipKind::TooLarge, format!("too large: more than {limit} bytes"));
        }
        Candidate::Doc(Doc {
            source: display.clone(),
            file: display,
            id,
            line: None,
            text: DocText::Bytes(bytes),
            meta: ArticleMeta::default(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions() {
        assert_eq!(strip_compression("a.txt.gz"), "a.txt");
        assert_eq!(strip_compression("a.TXT.ZST"), "a.TXT");
        assert_eq!(strip_ext("sub.d/a.txt"), "sub.d/a");
        assert_eq!(strip_ext("sub.d/a"), "sub.d/a");
        assert_eq!(strip_ext(".hidden"), ".hidden");
    }

    #[test]
    fn formats_by_name() {
        assert_eq!(Format::of_name("x.txt.bz2"), Format::Txt);
        assert_eq!(Format::of_name("a.jsonl.zst"), Format::Jsonl);
        assert_eq!(Format::of_name("d/a.NDJSON"), Format::Jsonl);
        assert_eq!(Format::of_name("a.parquet.gz"), Format::Parquet);
        assert_eq!(Format::of_name("a.md"), Format::Unknown);
        assert_eq!(Format::of_name(".txt"), Format::Unknown);
        assert_eq!(Format::of_name("noext"), Format::Unknown);
    }

    #[test]
    fn walk_lists_known_formats_and_counts_the_rest() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        std::fs::create_dir_all(root.join("sub/skipme")).unwrap();
        for name in ["b.txt", "a.jsonl.gz", "sub/c.parquet", "sub/skipme/d.txt", "notes.md", "x.md", "README"] {
            std::fs::write(root.join(name), b"x").unwrap();
        }
        let skip = vec![root.join("sub/skipme").canonicalize().unwrap()];
        let l = walk(root, &skip);
        let names: Vec<&str> = l.found.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["a.jsonl.gz", "b.txt", "sub/c.parquet"]);
        assert_eq!(l.ignored.get(".md"), Some(&2));
        assert_eq!(l.ignored.get("(none)"), Some(&1));
        assert!(walk(&root.join("sub/skipme"), &skip).found.is_empty());
    }
}
