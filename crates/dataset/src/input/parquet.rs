//! Parquet inputs (e.g. CC-News style dumps): read one row group at a time, in record batches
//! of at most [`BATCH_BYTES`] of text, only the configured columns. The text column must be a
//! string column (Utf8, LargeUtf8, Utf8View, binary validated as UTF-8, or a dictionary of
//! strings); the id may be a string or an integer; the date a Date32/Date64, a timestamp, or a
//! string (`YYYY-MM-DD` or an RFC 3339 prefix).
//!
//! A row group that cannot be decoded loses its rows only (from the damage to its end): the
//! loss is recorded with the number of rows, and the next row group is read.

use std::fs::File;

use arrow::array::{Array, ArrayRef, AsArray};
use arrow::compute::cast;
use arrow::datatypes::DataType;
use arrow::record_batch::RecordBatch;
use bytes::Bytes;
use parquet::arrow::ProjectionMask;
use parquet::arrow::arrow_reader::{ArrowReaderMetadata, ParquetRecordBatchReader, ParquetRecordBatchReaderBuilder};
use parquet::file::reader::ChunkReader;

use super::{Admission, Candidate, Doc, DocText, InputOptions, Record, date, non_empty};
use crate::manifest::{SkipKind, Skipped};
use crate::{Error, ErrorKind};
use whosaid_core::model::ArticleMeta;

/// Most rows per record batch.
const BATCH_ROWS: usize = 256;
/// Text per record batch, about: a row group of 2 MB texts is read a few rows at a time.
const BATCH_BYTES: u64 = 8 << 20;

/// Opens a reader of one row group (`group`, `batch_rows` rows per batch).
type OpenGroup = Box<dyn FnMut(usize, usize) -> parquet::errors::Result<ParquetRecordBatchReader> + Send>;

pub(super) struct ParquetBody {
    open_group: Option<OpenGroup>,
    /// Rows of each row group.
    groups: Vec<u64>,
    next_group: usize,
    /// The row group being read.
    current: Option<(ParquetRecordBatchReader, Group)>,
    /// A problem to report before reading on.
    pending: Option<Skipped>,
    display: String,
    stem: String,
    /// Configured column names: id, text, date, url, title.
    names: [String; 5],
    /// The current record batch, the position of its next row, and its first row (0-based).
    batch: Option<(Columns, usize, u64)>,
    batch_rows: usize,
}

/// Where a row group is: its index, rows, rows read so far, and first row (0-based).
struct Group {
    index: usize,
    rows: u64,
    read: u64,
    first_row: u64,
}

/// The configured columns of one record batch, each as a type the row reader understands:
/// id, text, date, url, title (absent or unconvertible columns are `None`).
pub(super) struct Columns {
    cols: [Option<ArrayRef>; 5],
    len: usize,
}

/// Whether a column type holds text: strings, binary (checked as UTF-8 later), or a dictionary of them.
pub(super) fn is_text_type(t: &DataType) -> bool {
    match t {
        DataType::Utf8
        | DataType::LargeUtf8
        | DataType::Utf8View
        | DataType::Binary
        | DataType::LargeBinary
        | DataType::BinaryView => true,
        DataType::Dictionary(_, v) => is_text_type(v),
        _ => false,
    }
}

impl ParquetBody {
    pub fn from_file(file: File, display: &str, stem: &str, opts: &InputOptions) -> Self {
        let meta = ArrowReaderMetadata::load(&file, Default::default());
        Self::new(meta, display, stem, opts, move |meta, mask| -> OpenGroup {
            Box::new(move |group, rows| build(file.try_clone()?, meta.clone(), group, rows, mask.clone()))
        })
    }

    pub fn from_bytes(bytes: Bytes, display: &str, stem: &str, opts: &InputOptions) -> Self {
        let meta = ArrowReaderMetadata::load(&bytes, Default::default());
        Self::new(meta, display, stem, opts, move |meta, mask| -> OpenGroup {
            Box::new(move |group, rows| build(bytes.clone(), meta.clone(), group, rows, mask.clone()))
        })
    }

    fn new(
        meta: parquet::errors::Result<ArrowReaderMetadata>,
        display: &str,
        stem: &str,
        opts: &InputOptions,
        opener: impl FnOnce(ArrowReaderMetadata, ProjectionMask) -> OpenGroup,
    ) -> Self {
        let names = opts.field_names();
        let mut body = ParquetBody {
            open_group: None,
            groups: Vec::new(),
            next_group: 0,
            current: None,
            pending: None,
            display: display.to_string(),
            stem: stem.to_string(),
            names,
            batch: None,
            batch_rows: BATCH_ROWS,
        };
        let skip = |kind, reason: String| Skipped::new(display, kind, reason);
        let meta = match meta {
            Ok(m) => m,
            Err(e) => {
                body.pending = Some(skip(SkipKind::Damaged, format!("invalid Parquet: {e}")));
                return body;
            }
        };
        let schema = meta.schema().clone();
        let rows: u64 = meta.metadata().row_groups().iter().map(|g| g.num_rows().max(0) as u64).sum();
        let text = &body.names[1];
        let lost = |s: Skipped| Skipped { rows: Some(rows), line: Some(1).filter(|_| rows > 0), ..s };
        match schema.field_with_name(text) {
            Err(_) => {
                let columns: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
                let reason = format!("no text column `{text}` (columns: {}; use --text-field)", columns.join(", "));
                body.pending = Some(lost(skip(SkipKind::MissingField, reason)));
                return body;
            }
            Ok(f) if !is_text_type(f.data_type()) => {
                let reason =
                    format!("text column `{text}` is {}, not a string: its {rows} rows are skipped", f.data_type());
                body.pending = Some(lost(skip(SkipKind::WrongType, reason)));
                return body;
            }
            Ok(_) => {}
        }
        // Rows per batch from the largest average text of a row group.
        let mut widest = 1u64;
        for g in meta.metadata().row_groups() {
            let bytes: i64 = g
                .columns()
                .iter()
                .filter(|c| c.column_path().parts().first() == Some(text))
                .map(|c| c.uncompressed_size())
                .sum();
            if g.num_rows() > 0 {
                widest = widest.max(bytes.max(0) as u64 / g.num_rows() as u64);
            }
        }
        body.batch_rows = usize::try_from(BATCH_BYTES / widest).unwrap_or(BATCH_ROWS).clamp(1, BATCH_ROWS);
        body.groups = meta.metadata().row_groups().iter().map(|g| g.num_rows().max(0) as u64).collect();
        let columns: Vec<usize> = body.names.iter().filter_map(|c| schema.index_of(c).ok()).collect();
        let mask = ProjectionMask::roots(meta.parquet_schema(), columns);
        body.open_group = Some(opener(meta, mask));
        body
    }

    pub fn next(&mut self) -> Option<Candidate> {
        loop {
            if let Some(s) = self.pending.take() {
                return Some(Candidate::Skip(s));
            }
            if let Some((cols, pos, first)) = &mut self.batch
                && *pos < cols.len
            {
                let i = *pos;
                *pos += 1;
                let row = *first + i as u64 + 1;
                return Some(cols.candidate(i, row, &self.names, &self.display, Some(&self.stem)));
            }
            self.batch = None;
            if let Some((reader, g)) = &mut self.current {
                match reader.next() {
                    Some(Ok(rb)) => {
                        let first = g.first_row + g.read;
                        g.read += rb.num_rows() as u64;
                        self.batch = Some((Columns::new(&rb, &self.names), 0, first));
                    }
                    Some(Err(e)) => {
                        let (_, g) = self.current.take().expect("current group");
                        self.pending = Some(self.lost(&g, &e.to_string()));
                    }
                    None => {
                        let (_, g) = self.current.take().expect("current group");
                        if g.read < g.rows {
                            self.pending = Some(self.lost(&g, "the row group ended early"));
                        }
                    }
                }
                continue;
            }
            let index = self.next_group;
            let rows = *self.groups.get(index)?;
            self.next_group += 1;
            let first_row = self.groups[..index].iter().sum();
            let open = self.open_group.as_mut()?;
            let g = Group { index, rows, read: 0, first_row };
            match open(index, self.batch_rows) {
                Ok(reader) => self.current = Some((reader, g)),
                Err(e) => self.pending = Some(self.lost(&g, &e.to_string())),
            }
        }
    }

    /// The record of the rows of a row group lost to an error (from the first unread row on).
    fn lost(&self, g: &Group, error: &str) -> Skipped {
        let lost = g.rows - g.read.min(g.rows);
        let (from, to) = (g.first_row + g.read + 1, g.first_row + g.rows);
        let reason =
            format!("row group {} cannot be read from row {from} to {to} ({lost} rows lost): {error}", g.index);
        Skipped { line: Some(from), rows: Some(lost), ..Skipped::new(&self.display, SkipKind::Damaged, reason) }
    }
}

/// A reader of one row group of a Parquet input.
fn build<T: ChunkReader + 'static>(
    input: T,
    meta: ArrowReaderMetadata,
    group: usize,
    batch_rows: usize,
    mask: ProjectionMask,
) -> parquet::errors::Result<ParquetRecordBatchReader> {
    ParquetRecordBatchReaderBuilder::new_with_metadata(input, meta)
        .with_projection(mask)
        .with_row_groups(vec![group])
        .with_batch_size(batch_rows)
        .build()
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
        // The text column is a string column (checked when the file was opened): only a
        // dictionary needs a cast.
        let text = |a: ArrayRef| -> Option<ArrayRef> {
            match a.data_type() {
                DataType::Dictionary(..) => cast(&a, &DataType::Utf8).ok(),
                t if is_text_type(t) => Some(a),
                _ => None,
            }
        };
        Columns {
            cols: [
                col(0).and_then(as_text),
                col(1).and_then(text),
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
            let s = Skipped::new(display, SkipKind::MissingField, reason);
            Candidate::Skip(Skipped { article_id: article_id.map(|id| super::short_id(&id)), line: Some(row), ..s })
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
    /// has no text column, or one that is not a string column.
    pub fn read(&mut self, batch: &RecordBatch) -> crate::Result<Vec<Record>> {
        let text = &self.names[1];
        match batch.column_by_name(text) {
            None => return Err(Error::new(ErrorKind::Usage(format!("no text column `{text}`")))),
            Some(c) if !is_text_type(c.data_type()) => {
                let msg = format!("text column `{text}` is {}, not a string", c.data_type());
                return Err(Error::new(ErrorKind::Usage(msg)));
            }
            Some(_) => {}
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
        // A column of numbers is not read as text ("7"), as JSONL does not read 7 as text.
        let opts = InputOptions { text_field: "id".into(), ..Default::default() };
        let err = ArrowArticles::new("mem", &opts).read(&batch(vec![Some(7)], vec![Some("x")])).unwrap_err();
        assert!(err.to_string().contains("text column `id` is Int64, not a string"), "{err}");
    }
}
