//! Which articles to look at: the first one, the first that matches a filter, or a
//! deterministic sample, found by streaming one or two columns (never a whole table).
//!
//! A sample of `n` articles is the `n` whose `sha256(seed, article_id)` is smallest: the same
//! dataset, filter and seed give the same articles on any machine, and one pass keeps only `n`
//! candidates in memory. Sampled articles are returned in table order.

use std::collections::BinaryHeap;
use std::path::Path;

use arrow::array::Array;
use sha2::{Digest, Sha256};
use whosaid_dataset::read::{self, opt_str, strings};
use whosaid_dataset::schema::Table;

use crate::Result;

/// Conditions on an article's quotes; an article matches when it meets all that are set.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Some quote has no speaker.
    pub unattributed: bool,
    /// Some quote was attributed by this rule.
    pub rule: Option<String>,
    /// Some quote's speaker name contains this text (case-insensitive).
    pub speaker: Option<String>,
}

impl Filter {
    /// No condition: every article matches.
    pub fn is_empty(&self) -> bool {
        !self.unattributed && self.rule.is_none() && self.speaker.is_none()
    }
}

/// Where the articles to show come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pick {
    /// The first article in table order that matches.
    First,
    /// `n` matching articles chosen by `seed`.
    Sample { n: usize, seed: u64 },
}

/// What the matching articles of one pass tell a [`Pick`].
trait Sink {
    /// Offers the `pos`-th matching article; `false` stops the pass.
    fn offer(&mut self, pos: u64, id: &str) -> bool;
}

struct FirstSink(Option<String>);

impl Sink for FirstSink {
    fn offer(&mut self, _: u64, id: &str) -> bool {
        self.0 = Some(id.to_owned());
        false
    }
}

/// The `n` smallest `(hash, position, id)` seen so far (a max-heap of them).
struct SampleSink {
    n: usize,
    seed: u64,
    heap: BinaryHeap<(u64, u64, String)>,
}

/// The sampling key of an article id under a seed.
pub fn sample_key(seed: u64, id: &str) -> u64 {
    let digest = Sha256::new().chain_update(seed.to_le_bytes()).chain_update(id.as_bytes()).finalize();
    u64::from_be_bytes(digest[..8].try_into().expect("a sha256 digest has 32 bytes"))
}

impl Sink for SampleSink {
    fn offer(&mut self, pos: u64, id: &str) -> bool {
        if self.n == 0 {
            return false;
        }
        let key = sample_key(self.seed, id);
        if self.heap.len() < self.n {
            self.heap.push((key, pos, id.to_owned()));
        } else if self.heap.peek().is_some_and(|top| (key, pos) < (top.0, top.1)) {
            self.heap.pop();
            self.heap.push((key, pos, id.to_owned()));
        }
        true
    }
}

/// The ids of the articles picked from the dataset in `dir`, in table order.
pub fn pick(dir: &Path, filter: &Filter, how: &Pick) -> Result<Vec<String>> {
    match *how {
        Pick::First => {
            let mut sink = FirstSink(None);
            scan(dir, filter, &mut sink)?;
            Ok(sink.0.into_iter().collect())
        }
        Pick::Sample { n, seed } => {
            let mut sink = SampleSink { n, seed, heap: BinaryHeap::new() };
            scan(dir, filter, &mut sink)?;
            let mut chosen = sink.heap.into_vec();
            chosen.sort_by_key(|(_, pos, _)| *pos);
            Ok(chosen.into_iter().map(|(_, _, id)| id).collect())
        }
    }
}

/// Offers every matching article to `sink`, in table order, until it says stop.
fn scan(dir: &Path, filter: &Filter, sink: &mut dyn Sink) -> Result<()> {
    if filter.is_empty() {
        let mut pos = 0;
        for part in read::table_parts(dir, Table::Articles)? {
            for batch in read::columns(&part, &["article_id"])? {
                let ids = strings(&batch?, "article_id")?;
                for i in 0..ids.len() {
                    if !sink.offer(pos, ids.value(i)) {
                        return Ok(());
                    }
                    pos += 1;
                }
            }
        }
        return Ok(());
    }
    let needle = filter.speaker.as_ref().map(|s| s.to_lowercase());
    // The article whose quote rows are being read, and which conditions it has met so far.
    let mut current: Option<(String, [bool; 3])> = None;
    let mut pos = 0;
    let met_all = |met: &[bool; 3]| met.iter().all(|&m| m);
    let columns = ["article_id", "speaker_id", "speaker", "rule"];
    for part in read::table_parts(dir, Table::Quotes)? {
        for batch in read::columns(&part, &columns)? {
            let batch = batch?;
            let (aid, sid, speaker, rule) = (
                strings(&batch, "article_id")?,
                strings(&batch, "speaker_id")?,
                strings(&batch, "speaker")?,
                strings(&batch, "rule")?,
            );
            for i in 0..batch.num_rows() {
                let id = aid.value(i);
                if current.as_ref().is_none_or(|(c, _)| c != id) {
                    if let Some((done, met)) = current.take()
                        && met_all(&met)
                    {
                        if !sink.offer(pos, &done) {
                            return Ok(());
                        }
                        pos += 1;
                    }
                    let unset = [!filter.unattributed, filter.rule.is_none(), filter.speaker.is_none()];
                    current = Some((id.to_owned(), unset));
                }
                let met = &mut current.as_mut().expect("set above").1;
                met[0] |= sid.is_null(i);
                met[1] |= filter.rule.as_deref().is_some_and(|r| opt_str(&rule, i) == Some(r));
                met[2] |= needle
                    .as_deref()
                    .is_some_and(|n| opt_str(&speaker, i).is_some_and(|s| s.to_lowercase().contains(n)));
            }
        }
    }
    if let Some((done, met)) = current
        && met_all(&met)
    {
        sink.offer(pos, &done);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sample_keeps_the_smallest_keys_and_depends_on_the_seed() {
        let ids: Vec<String> = (0..200).map(|i| format!("a{i}")).collect();
        let take = |seed| {
            let mut s = SampleSink { n: 5, seed, heap: BinaryHeap::new() };
            for (pos, id) in ids.iter().enumerate() {
                s.offer(pos as u64, id);
            }
            let mut got: Vec<u64> = s.heap.into_iter().map(|(k, _, _)| k).collect();
            got.sort();
            got
        };
        let mut all: Vec<u64> = ids.iter().map(|id| sample_key(1, id)).collect();
        all.sort();
        assert_eq!(take(1), all[..5]);
        assert_ne!(take(1), take(2));
    }
}
