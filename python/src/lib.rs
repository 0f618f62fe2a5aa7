//! `whosaid._native`: the Rust side of the Python package (the public API and its docs are in
//! `whosaid/__init__.py`).
//!
//! Arrow data crosses the boundary through the Arrow C data interface in both directions, so
//! no Python object is made per row. Rows become articles with the library's own rules
//! ([`ArrowArticles`]: the Parquet column rules and the checks of every input), are analysed
//! on a thread pool with the GIL released, in the batches of the CLI's run
//! ([`whosaid_dataset::run`]), and the tables are built exactly as the CLI builds them.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, OnceLock};

use arrow::array::{Array, ArrayRef, AsArray, Int64Array, ListArray, RecordBatch, StringArray, StructArray};
use arrow::buffer::OffsetBuffer;
use arrow::compute::cast;
use arrow::datatypes::{DataType, Field, Metadata, Schema, SchemaRef};
use arrow::ffi_stream::RecordBatchStreamReader;
use arrow_pyarrow::{PyArrowType, Table as PyTable};
use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use whosaid_core::model::Article;
use whosaid_dataset::input::{ArrowArticles, InputOptions, Record};
use whosaid_dataset::run::{Batcher, prepare};
use whosaid_dataset::schema::{Table, arrow_schema, table_metadata};

/// A chunk closes at this many articles or bytes of text, so no string column of a built table
/// can outgrow Arrow's 32-bit offsets.
const CHUNK_ARTICLES: usize = 4096;
const CHUNK_BYTES: usize = 256 << 20;

/// What became of one input row.
struct RowInfo {
    /// 1-based row number in the input of the call.
    row: u64,
    article_id: Option<String>,
    /// Why the row was skipped; `None` when its article was analysed.
    skip_reason: Option<String>,
}

/// Consecutive input rows and the five tables of their articles (in `Table::ALL` order).
struct Chunk {
    rows: Vec<RowInfo>,
    tables: Vec<RecordBatch>,
}

fn value_error(e: impl std::fmt::Display) -> PyErr {
    PyValueError::new_err(e.to_string())
}

/// The schema of a table with its key-value metadata, as in the CLI's Parquet footers.
fn schema_with_metadata(table: Table) -> SchemaRef {
    let schema = arrow_schema(table);
    let metadata: Metadata = table_metadata(table).into_iter().collect();
    Arc::new(schema.as_ref().clone().with_metadata(metadata))
}

fn table_by_name(name: &str) -> PyResult<Table> {
    Table::from_name(name).ok_or_else(|| value_error(format!("no table {name:?}")))
}

/// Reads every row as a record (one per row, in order). A non-empty value of the source column,
/// when one is named, replaces the default `source` (`{source_name}:{row}`).
fn read(
    batches: &[RecordBatch],
    input: &InputOptions,
    source_name: &str,
    source_column: Option<&str>,
) -> whosaid_dataset::Result<Vec<Record>> {
    let mut reader = ArrowArticles::new(source_name, input);
    let mut records = Vec::new();
    for batch in batches {
        let mut read = reader.read(batch)?;
        if let Some(col) = source_column.and_then(|name| batch.column_by_name(name)) {
            let col = cast(col, &DataType::Utf8)?;
            let sources = col.as_string::<i32>();
            for (i, record) in read.iter_mut().enumerate() {
                if let Record::Article(a) = record
                    && sources.is_valid(i)
                    && !sources.value(i).trim().is_empty()
                {
                    a.source = sources.value(i).to_string();
                }
            }
        }
        records.extend(read);
    }
    Ok(records)
}

/// Splits records into chunks of consecutive rows (see [`CHUNK_ARTICLES`]) and analyses each
/// chunk's articles in parallel on `pool`, in order, into its tables.
fn analyse(records: Vec<Record>, pool: &rayon::ThreadPool) -> whosaid_dataset::Result<Vec<Chunk>> {
    let mut chunks = Vec::new();
    let mut rows = Vec::new();
    let mut batcher = Batcher::new(CHUNK_BYTES, CHUNK_ARTICLES);
    for (i, record) in records.into_iter().enumerate() {
        let row = i as u64 + 1;
        match record {
            Record::Article(a) => {
                rows.push(RowInfo { row, article_id: Some(a.id.clone()), skip_reason: None });
                if let Some(articles) = batcher.push(a) {
                    chunks.push(chunk(std::mem::take(&mut rows), articles, pool)?);
                }
            }
            Record::Skipped(s) => rows.push(RowInfo { row, article_id: s.article_id, skip_reason: Some(s.reason) }),
        }
    }
    if !rows.is_empty() || chunks.is_empty() {
        chunks.push(chunk(rows, batcher.finish(), pool)?);
    }
    Ok(chunks)
}

fn chunk(rows: Vec<RowInfo>, articles: Vec<Article>, pool: &rayon::ThreadPool) -> whosaid_dataset::Result<Chunk> {
    let prepared = pool.install(|| prepare(articles, true))?;
    let tables = Table::ALL
        .iter()
        .enumerate()
        .map(|(i, &t)| {
            let schema = schema_with_metadata(t);
            let parts: Vec<RecordBatch> = prepared.iter().map(|p| p.batches()[i].clone()).collect();
            Ok(arrow::compute::concat_batches(&schema, &parts)?.with_schema(schema)?)
        })
        .collect::<whosaid_dataset::Result<Vec<_>>>()?;
    Ok(Chunk { rows, tables })
}

/// The analysis pool of a thread count (0: one per core), made once and kept for later calls.
fn pool(threads: usize) -> PyResult<Arc<rayon::ThreadPool>> {
    static POOLS: OnceLock<Mutex<BTreeMap<usize, Arc<rayon::ThreadPool>>>> = OnceLock::new();
    let mut pools = POOLS.get_or_init(Mutex::default).lock().unwrap_or_else(|e| e.into_inner());
    if let Some(p) = pools.get(&threads) {
        return Ok(p.clone());
    }
    let p = Arc::new(rayon::ThreadPoolBuilder::new().num_threads(threads).build().map_err(value_error)?);
    pools.insert(threads, p.clone());
    Ok(p)
}

/// The `skipped` table: `row`, `article_id`, `reason`, one row per skipped input row.
fn skipped_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("row", DataType::Int64, false),
        Field::new("article_id", DataType::Utf8, true),
        Field::new("reason", DataType::Utf8, false),
    ]))
}

fn skipped_batch(rows: &[RowInfo]) -> Result<RecordBatch, arrow::error::ArrowError> {
    let skipped: Vec<&RowInfo> = rows.iter().filter(|r| r.skip_reason.is_some()).collect();
    RecordBatch::try_new(
        skipped_schema(),
        vec![
            Arc::new(Int64Array::from_iter_values(skipped.iter().map(|r| r.row as i64))),
            Arc::new(skipped.iter().map(|r| r.article_id.as_deref()).collect::<StringArray>()),
            Arc::new(skipped.iter().map(|r| r.skip_reason.as_deref()).collect::<StringArray>()),
        ],
    )
}

/// The list type of a table in the nested schema: `list<struct<the table's columns>>`.
fn nested_list_field(table: Table) -> Field {
    let item = Field::new("item", DataType::Struct(arrow_schema(table).fields().clone()), false);
    Field::new(table.name(), DataType::List(Arc::new(item)), false)
}

/// One row per input row: `row`, `article_id`, `skip_reason`, then each table's rows of that
/// article as a list (empty for a skipped row).
fn nested_schema() -> SchemaRef {
    let mut fields = vec![
        Field::new("row", DataType::Int64, false),
        Field::new("article_id", DataType::Utf8, true),
        Field::new("skip_reason", DataType::Utf8, true),
    ];
    fields.extend(Table::ALL.map(nested_list_field));
    let metadata = [("whosaid.schema_version", whosaid_core::SCHEMA_VERSION.to_string())];
    Arc::new(Schema::new(fields).with_metadata(metadata))
}

/// List offsets giving each input row its rows of `batch`. The tables keep their rows grouped
/// by article, in article order, and ids are unique within a call (a repeated id is skipped),
/// so each analysed row owns the run of rows carrying its id; a skipped row owns none.
fn offsets(rows: &[RowInfo], batch: &RecordBatch) -> PyResult<OffsetBuffer<i32>> {
    let ids = batch
        .column_by_name("article_id")
        .ok_or_else(|| PyRuntimeError::new_err("table without article_id"))?
        .as_string::<i32>();
    let mut pos = 0usize;
    let mut lengths = Vec::with_capacity(rows.len());
    for r in rows {
        let start = pos;
        if r.skip_reason.is_none()
            && let Some(id) = &r.article_id
        {
            while pos < ids.len() && ids.value(pos) == id {
                pos += 1;
            }
        }
        lengths.push(pos - start);
    }
    if pos != ids.len() {
        return Err(PyRuntimeError::new_err("table rows out of article order"));
    }
    Ok(OffsetBuffer::from_lengths(lengths))
}

fn nested_batch(chunk: &Chunk) -> PyResult<RecordBatch> {
    let rows = &chunk.rows;
    let mut columns: Vec<ArrayRef> = vec![
        Arc::new(Int64Array::from_iter_values(rows.iter().map(|r| r.row as i64))),
        Arc::new(rows.iter().map(|r| r.article_id.as_deref()).collect::<StringArray>()),
        Arc::new(rows.iter().map(|r| r.skip_reason.as_deref()).collect::<StringArray>()),
    ];
    for (&table, batch) in Table::ALL.iter().zip(&chunk.tables) {
        let DataType::List(item) = nested_list_field(table).data_type().clone() else {
            unreachable!("nested fields are lists")
        };
        let values = StructArray::from(batch.clone());
        let list = ListArray::try_new(item, offsets(rows, batch)?, Arc::new(values), None).map_err(value_error)?;
        columns.push(Arc::new(list));
    }
    RecordBatch::try_new(nested_schema(), columns).map_err(value_error)
}

/// Reads the articles of an Arrow stream and analyses them, the GIL released.
fn run(
    py: Python<'_>,
    articles: RecordBatchStreamReader,
    input: InputOptions,
    source_name: &str,
    source_column: Option<&str>,
    threads: usize,
) -> PyResult<Vec<Chunk>> {
    let batches = articles.collect::<Result<Vec<_>, _>>().map_err(value_error)?;
    let pool = pool(threads)?;
    let chunks = py.detach(|| {
        let records = read(&batches, &input, source_name, source_column)?;
        analyse(records, &pool)
    });
    // The input batches are released here, with the GIL held, after the analysis is done.
    drop(batches);
    chunks.map_err(|e| match e.kind {
        whosaid_dataset::ErrorKind::Usage(_) => value_error(e),
        _ => PyRuntimeError::new_err(e.to_string()),
    })
}

fn input_options(columns: [String; 5], max_article_bytes: u64) -> InputOptions {
    let [id_field, text_field, date_field, url_field, title_field] = columns;
    InputOptions {
        id_field,
        text_field,
        date_field,
        url_field,
        title_field,
        max_article_bytes,
        ..InputOptions::default()
    }
}

/// `analyze(stream, columns, source_column, source_name, max_article_bytes, threads, nested)`:
/// the five tables and the skipped table as `pyarrow.Table`s, or with `nested` one table with a
/// row per input row. Called by `whosaid.analyze` and `whosaid.analyze_nested`, which check the
/// column types first.
#[pyfunction]
#[allow(clippy::too_many_arguments)]
fn analyze<'py>(
    py: Python<'py>,
    articles: PyArrowType<RecordBatchStreamReader>,
    columns: [String; 5],
    source_column: Option<String>,
    source_name: String,
    max_article_bytes: u64,
    threads: usize,
    nested: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let input = input_options(columns, max_article_bytes);
    let chunks = run(py, articles.0, input, &source_name, source_column.as_deref(), threads)?;
    if nested {
        let batches = chunks.iter().map(nested_batch).collect::<PyResult<Vec<_>>>()?;
        let table = PyTable::try_new(batches, nested_schema()).map_err(value_error)?;
        return PyArrowType(table).into_pyobject(py);
    }
    let mut out = Vec::with_capacity(Table::ALL.len() + 1);
    for (i, &table) in Table::ALL.iter().enumerate() {
        let batches = chunks.iter().map(|c| c.tables[i].clone()).collect();
        out.push(PyArrowType(PyTable::try_new(batches, schema_with_metadata(table)).map_err(value_error)?));
    }
    let skipped = chunks.iter().map(|c| skipped_batch(&c.rows)).collect::<Result<Vec<_>, _>>();
    out.push(PyArrowType(PyTable::try_new(skipped.map_err(value_error)?, skipped_schema()).map_err(value_error)?));
    let names = Table::ALL.iter().map(|t| t.name()).chain(["skipped"]);
    let dict = pyo3::types::PyDict::new(py);
    for (name, table) in names.zip(out) {
        dict.set_item(name, table)?;
    }
    Ok(dict.into_any())
}

/// The schema of a table (`articles`, `sentences`, `quotes`, `speakers`, `mentions`, `skipped`
/// or `nested`) as a `pyarrow.Schema`, with the key-value metadata of the CLI's Parquet files.
#[pyfunction]
fn schema<'py>(py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
    let schema = match name {
        "skipped" => skipped_schema(),
        "nested" => nested_schema(),
        _ => schema_with_metadata(table_by_name(name)?),
    };
    PyArrowType(schema.as_ref().clone()).into_pyobject(py)
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", whosaid_core::VERSION)?;
    m.add("SCHEMA_VERSION", whosaid_core::SCHEMA_VERSION)?;
    m.add("TABLES", Table::ALL.iter().map(|t| t.name()).collect::<Vec<_>>())?;
    m.add_function(wrap_pyfunction!(analyze, m)?)?;
    m.add_function(wrap_pyfunction!(schema, m)?)?;
    Ok(())
}
