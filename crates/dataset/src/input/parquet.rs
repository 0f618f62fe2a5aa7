//! Parquet inputs (e.g. CC-News style dumps): read in record batches, only the configured
//! columns. The text column may be Utf8, LargeUtf8, Utf8View or binary (validated as UTF-8);
//! the id may be a string or an integer; the date a Date32/Date64, a timestamp, or a string
//! (`YYYY-MM-DD` or an RFC 3339 prefix).

use std::fs::File;

use arrow::array::{Array, ArrayRef, AsArray};
use arrow::compute::cast;
use arrow::datatypes::DataType;
use arrow::record_batch::RecordBatch;
use bytes::Bytes;
use parquet::arrow::arrow_reader::ParquetRecordBatchReader;
use parquet::file::reader::ChunkReader;

use super::{Admission, Candidate, Doc, DocText, InputOptions, Record, date, non_empty};
use crate::manifest::Skipped;
use crate::{Error, ErrorKind};
use whosaid_core::model::ArticleMeta;

/// Rows per record batch: small enough to bound memory with long articles.
const BATCH_ROWS: usize = 256;

pub(super) struct ParquetBody {
    reader: Option<ParquetRecordBatchReader>,
    /// A problem found when opening, reported once.
    pending: Option<Skipped>,
    display: String,
    stem: String,
    /// Configured column names: id, text, date, url, title.
    names: [String; 5],
    /// The current record batch and the position of its next row.
    batch: Option<(Columns, usize)>,
    /// Rows handed out so far (row numbers are 1-based).
    row: u64,
}

/// The configured columns of one record batch, each as a type the row reader understands:
/// id, text, date, url, title (absent or unconvertible columns are `None`).
pub(super) struct Columns {
    cols: [Option<ArrayRef>; 5],
    len: usize,
}

impl ParquetBody {
    pub fn from_file(file: File, display: &str, stem: &str, opts: &InputOptions) -> Self {
        Self::new(file, display, stem, opts)
    }

    pub fn from_bytes(bytes: Bytes, display: &str, stem: &str, opts: &InputOptions) -> Self {
        Self::new(bytes, display, stem, opts)
    }

    fn new<T: ChunkReader + 'static>(input: T, display: &str, stem: &str, opts: &InputOptions) -> Self {
        let names = opts.field_names();
        let mut body = ParquetBody {
            reader: None,
            pending: None,
            display: display.to_string(),
            stem: stem.to_string(),
            names,
            batch: None,
            row: 0,
        };
        let columns: Vec<&str> = body.names.iter().map(String::as_str).collect();
        let built = match crate::read::project(input, &columns, BATCH_ROWS) {
            Err(e) => Err(format!("invalid Parquet: {e}")),
            Ok((_, schema)) if schema.index_of(&body.names[1]).is_err() => {
                Err(format!("no text column `{}`", body.names[1]))
            }
            Ok((reader, _)) => Ok(reader),
        };
        match built {
            Ok(r) => body.reader = Some(r),
            Err(reason) => {
                body.pending = Some(Skipped { source: display.to_string(), line: None, article_id: None, reason })
            }
        }
        body
    }

    pub fn next(&mut self) -> Option<Candidate> {
        if let Some(s) = self.pending.take() {
            return Some(Candidate::Skip(s));
        }
        loop {
            if let Some((cols, pos)) = &mut self.batch
                && *pos < cols.len
            {
                let i = *pos;
                *pos += 1;
                self.row += 1;
                return Some(cols.candidate(i, self.row, &self.names, &self.display, Some(&self.stem)));
            }
            self.batch = None;
            match self.reader.as_mut()?.next() {
                None => {
                    self.reader = None;
                    return None;
                }
                Some(Err(e)) => {
                    self.reader = None;
                    return Some(Candidate::Skip(Skipped {
                        source: self.display.clone(),
                        line: Some(self.row + 1),
                        article_id: None,
                        reason: format!("read error from row {} on: {e}", self.row + 1),
                    }));
                }
                Some(Ok(rb)) => self.batch = Some((Columns::new(&rb, &self.names), 0)),
            }
        }
    }
}

impl Columns {
    pub(super) fn new(rb: &RecordBatch, names: &[String; 5]) -> Self {
        let col = |k: usize| rb.column_by_name(&names[k]).cloned();
        let as_text = |a: ArrayRef| -> Option<ArrayRef> {
            match a.data_type() {
                DataType::Utf8
                | DataType::LargeUtf8
                | DataType::Utf8View
                | DataType::Binary
                | DataType::LargeBinary
                | DataType::BinaryView => Some(a),
                _ => cast(&a, &DataType::Utf8).ok(),
            }
        };
        let as_date = |a: ArrayRef| -> Option<ArrayRef> {
            match a.data_type() {
                DataType::Date32 | DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => Some(a),
                _ => cast(&a, &DataType::Date32).ok(),
            }
        };
        Columns {
            cols: [
                col(0).and_then(as_text),
                col(1).and_then(as_text),
                col(2).and_then(as_date),
                col(3).and_then(as_text),
                col(4).and_then(as_text),
            ],
            len: rb.num_rows(),
        }
    }

    /// The document in row `i` of the batch, row number `row` (1-based) of input `display`.
    /// An article without an id is named `{stem}:{row}`; with no stem it is skipped.
    pub(super) fn candidate(
        &self,
        i: usize,
        row: u64,
        names: &[String; 5],
        display: &str,
        stem: Option<&str>,
    ) -> Candidate {
        let string = |k: usize| -> Option<String> {
            let bytes = bytes_at(self.cols[k].as_deref()?, i)?;
            non_empty(String::from_utf8_lossy(bytes).into_owned())
        };
        let skip = |article_id: Option<String>, reason: String| {
            Candidate::Skip(Skipped { source: display.to_string(), line: Some(row), article_id, reason })
        };
        let Some(id) = string(0).or_else(|| Some(format!("{}:{row}", stem?))) else {
            return skip(None, format!("missing id field `{}`", names[0]));
        };
        let Some(text) = self.cols[1].as_deref().and_then(|a| bytes_at(a, i)) else {
            return skip(Some(id), format!("missing text field `{}`", names[1]));
        };
        let published = self.cols[2].as_deref().and_then(|a| {
            if a.is_null(i) {
                return None;
            }
            match a.data_type() {
                DataType::Date32 => date::from_days(a.as_primitive::<arrow::datatypes::Date32Type>().value(i)),
                _ => std::str::from_utf8(bytes_at(a, i)?).ok().and_then(date::parse_date),
            }
        });
        Candidate::Doc(Doc {
            id,
            source: format!("{display}:{row}"),
            file: display.to_string(),
            line: Some(row),
            text: DocText::Bytes(text.to_vec()),
            meta: ArticleMeta { title: string(4), published, url: string(3) },
        })
    }
}

/// Articles from Arrow record batches already in memory (as the Python bindings hand them
/// over), read with the column rules of a Parquet input and admitted with the checks of every
/// input. Rows are numbered from 1 across all batches read by one reader, and an id admitted
/// earlier by the same reader makes a later row a duplicate.
///
/// Unlike a file, such a batch has no name to derive an id from: a row without an id is
/// skipped rather than named `{stem}:{row}`.
pub struct ArrowArticles {
    display: String,
    names: [String; 5],
    admission: Admission,
    row: u64,
}

impl ArrowArticles {
    /// `display` names the input: articles get `source` `{display}:{row}`.
    pub fn new(display: &str, opts: &InputOptions) -> Self {
        ArrowArticles {
            display: display.to_string(),
            names: opts.field_names(),
            admission: Admission::new(opts),
            row: 0,
        }
    }

    /// One record per row of `batch`, in row order. Fails, reading nothing, when the batch
    /// has no text column.
    pub fn read(&mut self, batch: &RecordBatch) -> crate::Result<Vec<Record>> {
        if batch.column_by_name(&self.names[1]).is_none() {
            return Err(Error::new(ErrorKind::Usage(format!("no text column `{}`", self.names[1]))));
        }
        let cols = Columns::new(batch, &self.names);
        let mut records = Vec::with_capacity(cols.len);
        for i in 0..cols.len {
            self.row += 1;
            records.push(match cols.candidate(i, self.row, &self.names, &self.display, None) {
                Candidate::Doc(doc) => self.admission.admit(doc),
                Candidate::Skip(s) => Record::Skipped(s),
            });
        }
        Ok(records)
    }
}

/// The bytes of a string or binary value, `None` when null or not a string/binary column.
fn bytes_at(a: &dyn Array, i: usize) -> Option<&[u8]> {
    if a.is_null(i) {
        return None;
    }
    Some(match a.data_type() {
        DataType::Utf8 => a.as_string::<i32>().value(i).as_bytes(),
        DataType::LargeUtf8 => a.as_string::<i64>().value(i).as_bytes(),
        DataType::Utf8View => a.as_string_view().value(i).as_bytes(),
        DataType::Binary => a.as_binary::<i32>().value(i),
        DataType::LargeBinary => a.as_binary::<i64>().value(i),
        DataType::BinaryView => a.as_binary_view().value(i),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow::array::{Int64Array, StringArray};
    use arrow::datatypes::{Field, Schema};
    use std::sync::Arc;

    fn batch(ids: Vec<Option<i64>>, texts: Vec<Option<&str>>) -> RecordBatch {
        let schema =
            Schema::new(vec![Field::new("id", DataType::Int64, true), Field::new("text", DataType::Utf8, true)]);
        RecordBatch::try_new(
            Arc::new(schema),
            vec![Arc::new(Int64Array::from(ids)), Arc::new(StringArray::from(texts))],
        )
        .unwrap()
    }

    #[test]
    fn arrow_articles_number_rows_across_batches_and_skip_rows_without_id() {
        let mut reader = ArrowArticles::new("mem", &InputOptions::default());
        let first = reader.read(&batch(vec![Some(7), None], vec![Some("A text."), Some("B.")])).unwrap();
        let second = reader.read(&batch(vec![Some(7), Some(8)], vec![Some("C."), Some(" ")])).unwrap();
        let reasons: Vec<String> = first
            .iter()
            .chain(&second)
            .map(|r| match r {
                Record::Article(a) => format!("{} {} {}", a.id, a.source, a.text),
                Record::Skipped(s) => format!("{:?} {:?} {}", s.article_id, s.line, s.reason),
            })
            .collect();
        assert_eq!(
            reasons,
            [
                "7 mem:1 A text.",
                "None Some(2) missing id field `id`",
                "Some(\"7\") Some(3) duplicate article_id (first occurrence kept)",
                "Some(\"8\") Some(4) empty text",
            ]
        );
    }

    #[test]
    fn arrow_articles_need_a_text_column() {
        let opts = InputOptions { text_field: "body".into(), ..Default::default() };
        let err = ArrowArticles::new("mem", &opts).read(&batch(vec![Some(1)], vec![Some("x")])).unwrap_err();
        assert!(err.to_string().contains("no text column `body`"), "{err}");
    }
}
