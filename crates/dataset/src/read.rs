//! Reading Parquet by column name: the one reader the input stage, `eval`, `validate`, `show`
//! and `report` share. Batches stream; nothing holds a whole table.

use std::fs::File;
use std::path::{Path, PathBuf};

use arrow::array::{Array, ArrayRef, Float64Array, Int64Array, RecordBatch, StringArray};
use arrow::datatypes::{DataType, SchemaRef};
use parquet::arrow::ProjectionMask;
use parquet::arrow::arrow_reader::{ParquetRecordBatchReader, ParquetRecordBatchReaderBuilder};
use parquet::errors::ParquetError;
use parquet::file::reader::ChunkReader;

use crate::schema::Table;
use crate::{Error, ErrorKind, Result};

/// Rows per record batch unless a caller asks otherwise.
pub const BATCH_ROWS: usize = 8192;

/// A reader of the columns named `columns` that exist in `input`, `batch_rows` rows at a time,
/// with the file's whole Arrow schema (to tell which columns are missing).
pub fn project<T: ChunkReader + 'static>(
    input: T,
    columns: &[&str],
    batch_rows: usize,
) -> std::result::Result<(ParquetRecordBatchReader, SchemaRef), ParquetError> {
    let builder = ParquetRecordBatchReaderBuilder::try_new(input)?;
    let schema = builder.schema().clone();
    let roots: Vec<usize> = columns.iter().filter_map(|c| schema.index_of(c).ok()).collect();
    let mask = ProjectionMask::roots(builder.parquet_schema(), roots);
    Ok((builder.with_projection(mask).with_batch_size(batch_rows).build()?, schema))
}

/// Record batches of the named columns of a Parquet file; every column must exist.
/// Errors name the file.
pub fn columns(path: &Path, columns: &[&str]) -> Result<impl Iterator<Item = Result<RecordBatch>> + use<>> {
    let file = File::open(path).map_err(|e| Error::new(e).at(path))?;
    let (reader, schema) = project(file, columns, BATCH_ROWS).map_err(|e| Error::new(e).at(path))?;
    if let Some(c) = columns.iter().find(|c| schema.index_of(c).is_err()) {
        return Err(Error::new(ErrorKind::Schema(format!("missing column `{c}`"))).at(path));
    }
    let path = path.to_path_buf();
    Ok(reader.map(move |b| b.map_err(|e| Error::new(e).at(&path))))
}

/// The Parquet part files of a table in dataset folder `dir`, sorted by name.
pub fn table_parts(dir: &Path, table: Table) -> Result<Vec<PathBuf>> {
    let tdir = dir.join(table.name());
    let entries = std::fs::read_dir(&tdir).map_err(|e| Error::new(e).at(&tdir))?;
    let mut parts = Vec::new();
    for entry in entries {
        let path = entry.map_err(|e| Error::new(e).at(&tdir))?.path();
        if path.extension().is_some_and(|x| x == "parquet") && path.is_file() {
            parts.push(path);
        }
    }
    parts.sort();
    if parts.is_empty() {
        return Err(Error::new(ErrorKind::Invalid("no *.parquet file in the table folder".into())).at(&tdir));
    }
    Ok(parts)
}

/// Column `name` of a batch cast to `ty` (Utf8 from LargeUtf8 or a dictionary, say).
fn cast_column(batch: &RecordBatch, name: &str, ty: &DataType) -> Result<ArrayRef> {
    let col =
        batch.column_by_name(name).ok_or_else(|| Error::new(ErrorKind::Schema(format!("missing column `{name}`"))))?;
    if col.data_type() == ty {
        return Ok(col.clone());
    }
    Ok(arrow::compute::cast(col, ty)?)
}

/// Column `name` of a batch as strings.
pub fn strings(batch: &RecordBatch, name: &str) -> Result<StringArray> {
    let a = cast_column(batch, name, &DataType::Utf8)?;
    Ok(a.as_any().downcast_ref::<StringArray>().expect("cast to Utf8").clone())
}

/// Column `name` of a batch as 64-bit integers.
pub fn ints(batch: &RecordBatch, name: &str) -> Result<Int64Array> {
    let a = cast_column(batch, name, &DataType::Int64)?;
    Ok(a.as_any().downcast_ref::<Int64Array>().expect("cast to Int64").clone())
}

/// Column `name` of a batch as 64-bit floats.
pub fn floats(batch: &RecordBatch, name: &str) -> Result<Float64Array> {
    let a = cast_column(batch, name, &DataType::Float64)?;
    Ok(a.as_any().downcast_ref::<Float64Array>().expect("cast to Float64").clone())
}

/// Row `i` of a nullable string column.
pub fn opt_str(a: &StringArray, i: usize) -> Option<&str> {
    a.is_valid(i).then(|| a.value(i))
}

/// Row `i` of a nullable integer column.
pub fn opt_int(a: &Int64Array, i: usize) -> Option<i64> {
    a.is_valid(i).then(|| a.value(i))
}

/// Row groups of a Parquet file: how many there are, and how many a lookup decoded.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pruning {
    pub row_groups: usize,
    pub row_groups_read: usize,
}

impl Pruning {
    /// Adds the counts of another file.
    pub fn add(&mut self, other: Pruning) {
        self.row_groups += other.row_groups;
        self.row_groups_read += other.row_groups_read;
    }
}

/// Whether a row group's `article_id` statistics admit one of `ids` (no statistics: maybe).
fn may_hold(stats: Option<&parquet::file::statistics::Statistics>, ids: &std::collections::BTreeSet<String>) -> bool {
    let Some((min, max)) = stats.and_then(|s| Some((s.min_bytes_opt()?, s.max_bytes_opt()?))) else {
        return true;
    };
    ids.iter().any(|id| min <= id.as_bytes() && id.as_bytes() <= max)
}

/// The rows of the articles `ids` in one Parquet part: every column, `batch_rows` rows at a
/// time. Row groups whose `article_id` min/max cannot hold any of the ids are not read; in the
/// others only `article_id` is decoded for every row, the other columns only for the rows kept
/// (pages of other rows are skipped through the offset index). Memory: one row group's
/// `article_id` column and the rows kept.
pub fn article_rows(
    path: &Path,
    ids: &std::collections::BTreeSet<String>,
    batch_rows: usize,
) -> Result<(Vec<RecordBatch>, Pruning)> {
    use arrow::array::{AsArray, BooleanArray};
    use parquet::arrow::arrow_reader::{ArrowPredicateFn, ArrowReaderOptions, RowFilter};
    use parquet::file::metadata::PageIndexPolicy;

    let at = |e: ParquetError| Error::new(e).at(path);
    let file = File::open(path).map_err(|e| Error::new(e).at(path))?;
    let options = ArrowReaderOptions::new().with_offset_index_policy(PageIndexPolicy::Optional);
    let builder = ParquetRecordBatchReaderBuilder::try_new_with_options(file, options).map_err(at)?;
    let schema = builder.schema().clone();
    let root = schema
        .index_of("article_id")
        .map_err(|_| Error::new(ErrorKind::Schema("missing column `article_id`".into())).at(path))?;
    let leaf =
        builder.parquet_schema().columns().iter().position(|c| c.path().parts() == ["article_id"]).ok_or_else(
            || Error::new(ErrorKind::Schema("column `article_id` is not a plain column".into())).at(path),
        )?;
    let groups: Vec<usize> = builder
        .metadata()
        .row_groups()
        .iter()
        .enumerate()
        .filter(|(_, rg)| may_hold(rg.column(leaf).statistics(), ids))
        .map(|(i, _)| i)
        .collect();
    let pruning = Pruning { row_groups: builder.metadata().num_row_groups(), row_groups_read: groups.len() };
    if groups.is_empty() {
        return Ok((Vec::new(), pruning));
    }
    let keep = ids.clone();
    let predicate = ArrowPredicateFn::new(ProjectionMask::roots(builder.parquet_schema(), [root]), move |batch| {
        let col = arrow::compute::cast(batch.column(0), &DataType::Utf8)?;
        let col = col.as_string::<i32>();
        Ok(col.iter().map(|v| Some(v.is_some_and(|v| keep.contains(v)))).collect::<BooleanArray>())
    });
    let reader = builder
        .with_row_groups(groups)
        .with_row_filter(RowFilter::new(vec![Box::new(predicate)]))
        .with_batch_size(batch_rows)
        .build()
        .map_err(at)?;
    let batches = reader.collect::<std::result::Result<Vec<_>, _>>().map_err(|e| Error::new(e).at(path))?;
    Ok((batches, pruning))
}
