//! Plain-text inputs: folder walking and one-article-per-file bodies.

use std::io::{BufRead, Read};
use std::path::Path;

use super::{Candidate, Doc, DocText, InputOptions};
use crate::manifest::Skipped;
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

fn is_txt(name: &str) -> bool {
    let base = strip_compression(name);
    base.len() > 4 && base.is_char_boundary(base.len() - 4) && base[base.len() - 4..].eq_ignore_ascii_case(".txt")
}

/// All `.txt` files (also `.txt.gz`, `.txt.zst`, `.txt.bz2`) under `root`, recursively, sorted
/// by relative path in byte order, with `/` separators. Each item is the relative path and
/// either the file size or why the file or folder could not be read. Symbolic links to files
/// are followed; symbolic links to folders are not (no cycles). Hidden entries are included.
pub(super) fn walk(root: &Path) -> Vec<(String, Result<u64, String>)> {
    let mut found = Vec::new();
    let mut stack = vec![String::new()];
    while let Some(rel) = stack.pop() {
        let dir = if rel.is_empty() { root.to_path_buf() } else { root.join(&rel) };
        let entries = match std::fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) => {
                found.push((rel, Err(e.to_string())));
                continue;
            }
        };
        for entry in entries {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    found.push((rel.clone(), Err(e.to_string())));
                    continue;
                }
            };
            let name = entry.file_name().to_string_lossy().into_owned();
            let child = if rel.is_empty() { name.clone() } else { format!("{rel}/{name}") };
            let Ok(ft) = entry.file_type() else { continue };
            if ft.is_dir() {
                stack.push(child);
            } else if is_txt(&name) && (ft.is_file() || ft.is_symlink()) {
                match std::fs::metadata(entry.path()) {
                    Ok(m) if m.is_file() => found.push((child, Ok(m.len()))),
                    Ok(_) => {}
                    Err(e) => found.push((child, Err(e.to_string()))),
                }
            }
        }
    }
    found.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    found
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
        let skip = |reason: String| {
            Candidate::Skip(Skipped { source: display.clone(), line: None, article_id: Some(id.clone()), reason })
        };
        let mut bytes = Vec::new();
        let limit = opts.max_article_bytes;
        if let Err(e) = reader.take(limit.saturating_add(1)).read_to_end(&mut bytes) {
            return skip(format!("read error: {e}"));
        }
        if bytes.len() as u64 > limit {
            return skip(format!("too large: more than {limit} bytes"));
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
        assert!(is_txt("x.txt.bz2"));
        assert!(!is_txt("x.jsonl"));
        assert!(!is_txt(".txt"));
    }
}
