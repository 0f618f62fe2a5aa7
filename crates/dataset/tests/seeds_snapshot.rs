//! Snapshot of the seeds' `quotes` table (the record batch the writer stores), rendered as JSON.
//! A change in any quote, span, speaker, cue, rule or confidence shows up as a reviewable diff.

use std::path::Path;

use arrow::array::{Array, Float64Array, Int64Array, StringArray};
use arrow::datatypes::DataType;
use whosaid_core::model::Article;
use whosaid_dataset::output::tables;
use whosaid_dataset::schema::Table;

fn seeds() -> Vec<Article> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../seeds");
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    files
        .into_iter()
        .map(|p| Article {
            id: p.file_stem().unwrap().to_string_lossy().into_owned(),
            source: format!("seeds/{}", p.file_name().unwrap().to_string_lossy()),
            text: std::fs::read_to_string(&p).unwrap(),
            ..Default::default()
        })
        .collect()
}

#[test]
fn seeds_quotes_table() {
    let analyses: Vec<_> = seeds().into_iter().map(whosaid_core::analyze).collect();
    let batch = tables::batch(Table::Quotes, &analyses).unwrap();
    let schema = batch.schema();
    let rows: Vec<serde_json::Value> = (0..batch.num_rows())
        .map(|r| {
            let mut row = serde_json::Map::new();
            for (f, col) in schema.fields().iter().zip(batch.columns()) {
                let v = if col.is_null(r) {
                    serde_json::Value::Null
                } else {
                    match f.data_type() {
                        DataType::Utf8 => col.as_any().downcast_ref::<StringArray>().unwrap().value(r).into(),
                        DataType::Int64 => col.as_any().downcast_ref::<Int64Array>().unwrap().value(r).into(),
                        DataType::Float64 => col.as_any().downcast_ref::<Float64Array>().unwrap().value(r).into(),
                        other => panic!("unexpected column type {other}"),
                    }
                };
                row.insert(f.name().clone(), v);
            }
            serde_json::Value::Object(row)
        })
        .collect();
    insta::assert_json_snapshot!("seeds_quotes", rows);
}
