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
use parquet::arrow::ProjectionMask;
use parquet::arrow::arrow_reader::{ParquetRecordBatchReader, ParquetRecordBatchReaderBuilder};
use parquet::file::reader::ChunkReader;

use super::{Candidate, Doc, DocText, InputOptions, date, non_empty};
use crate::model::{ArticleMeta, Skipped};

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
    batch: Option<Batch>,
    /// Rows handed out so far (row numbers are 1-based).
    row: u64,
}

struct Batch {
    /// id, text, date, url, title (absent columns are `None`).
    cols: [Option<ArrayRef>; 5],
    len: usize,
    pos: usize,
}

impl ParquetBody {
    pub fn from_file(file: File, display: &str, stem: &str, opts: &InputOptions) -> Self {
        Self::new(file, display, stem, opts)
    }

    pub fn from_bytes(bytes: Bytes, display: &str, stem: &str, opts: &InputOptions) -> Self {
        Self::new(bytes, display, stem, opts)
    }

    fn new<T: ChunkReader + 'static>(
        input: T,
        display: &str,
        stem: &str,
        opts: &InputOptions,
    ) -> Self {
        let names = [
            opts.id_field.clone(),
            opts.text_field.clone(),
            opts.date_field.clone(),
            opts.url_field.clone(),
            opts.title_field.clone(),
        ];
        let mut body = ParquetBody {
            reader: None,
            pending: None,
            display: display.to_string(),
            stem: stem.to_string(),
            names,
            batch: None,
            row: 0,
        };
        let built = (|| -> Result<ParquetRecordBatchReader, String> {
            let builder = ParquetRecordBatchReaderBuilder::try_new(input)
                .map_err(|e| format!("invalid Parquet: {e}"))?;
            let schema = builder.schema().clone();
            let roots: Vec<usize> = body
                .names
                .iter()
                .filter_map(|n| schema.index_of(n).ok())
                .collect();
            if schema.index_of(&body.names[1]).is_err() {
                return Err(format!("no text column `{}`", body.names[1]));
            }
            let mask = ProjectionMask::roots(builder.parquet_schema(), roots);
            builder
                .with_projection(mask)
                .with_batch_size(BATCH_ROWS)
                .build()
                .map_err(|e| format!("invalid Parquet: {e}"))
        })();
        match built {
            Ok(r) => body.reader = Some(r),
            Err(reason) => {
                body.pending = Some(Skipped {
                    source: display.to_string(),
                    line: None,
                    article_id: None,
                    reason,
                })
            }
        }
        body
    }

    pub fn next(&mut self) -> Option<Candidate> {
        if let Some(s) = self.pending.take() {
            return Some(Candidate::Skip(s));
        }
        loop {
            if let Some(b) = &mut self.batch
                && b.pos < b.len
            {
                let i = b.pos;
                b.pos += 1;
                self.row += 1;
                return Some(self.candidate(i));
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
                Some(Ok(rb)) => self.batch = Some(self.columns(&rb)),
            }
        }
    }

    fn columns(&self, rb: &RecordBatch) -> Batch {
        let col = |k: usize| rb.column_by_name(&self.names[k]).cloned();
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
                DataType::Date32 | DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => {
                    Some(a)
                }
                _ => cast(&a, &DataType::Date32).ok(),
            }
        };
        Batch {
            cols: [
                col(0).and_then(as_text),
                col(1).and_then(as_text),
                col(2).and_then(as_date),
                col(3).and_then(as_text),
                col(4).and_then(as_text),
            ],
            len: rb.num_rows(),
            pos: 0,
        }
    }

    fn candidate(&self, i: usize) -> Candidate {
        let b = self.batch.as_ref().expect("batch");
        let row = self.row;
        let string = |k: usize| -> Option<String> {
            let bytes = bytes_at(b.cols[k].as_deref()?, i)?;
            non_empty(String::from_utf8_lossy(bytes).into_owned())
        };
        let id = string(0).unwrap_or_else(|| format!("{}:{row}", self.stem));
        let Some(text) = b.cols[1].as_deref().and_then(|a| bytes_at(a, i)) else {
            return Candidate::Skip(Skipped {
                source: self.display.clone(),
                line: Some(row),
                article_id: Some(id),
                reason: format!("missing text field `{}`", self.names[1]),
            });
        };
        let published = b.cols[2].as_deref().and_then(|a| {
            if a.is_null(i) {
                return None;
            }
            match a.data_type() {
                DataType::Date32 => Some(a.as_primitive::<arrow::datatypes::Date32Type>().value(i)),
                _ => std::str::from_utf8(bytes_at(a, i)?)
                    .ok()
                    .and_then(date::parse_date),
            }
        });
        Candidate::Doc(Doc {
            id,
            source: format!("{}:{row}", self.display),
            file: self.display.clone(),
            line: Some(row),
            text: DocText::Bytes(text.to_vec()),
            meta: ArticleMeta {
                title: string(4),
                published,
                url: string(3),
            },
        })
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
