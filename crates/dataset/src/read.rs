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
