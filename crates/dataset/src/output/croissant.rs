//! `croissant.json`: MLCommons Croissant 1.0 metadata (JSON-LD). One `cr:FileObject` per Parquet
//! part (relative `contentUrl`, sha256), one `cr:FileSet` per table (`<table>/*.parquet`), and one
//! `cr:RecordSet` per table whose fields come from `schema/*.json` and read their column from
//! the table's file set.

use crate::manifest::Manifest;
use crate::schema::{ColumnType, Table, table_schema};
use serde_json::{Value, json};

/// The JSON-LD `@context` of Croissant 1.0 (as mlcroissant writes it).
fn context() -> Value {
    json!({
        "@language": "en",
        "@vocab": "https://schema.org/",
        "citeAs": "cr:citeAs",
        "column": "cr:column",
        "conformsTo": "dct:conformsTo",
        "cr": "http://mlcommons.org/croissant/",
        "rai": "http://mlcommons.org/croissant/RAI/",
        "data": {"@id": "cr:data", "@type": "@json"},
        "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
        "dct": "http://purl.org/dc/terms/",
        "equivalentProperty": "cr:equivalentProperty",
        "examples": {"@id": "cr:examples", "@type": "@json"},
        "extract": "cr:extract",
        "field": "cr:field",
        "fileProperty": "cr:fileProperty",
        "fileObject": "cr:fileObject",
        "fileSet": "cr:fileSet",
        "format": "cr:format",
        "includes": "cr:includes",
        "isLiveDataset": "cr:isLiveDataset",
        "jsonPath": "cr:jsonPath",
        "key": "cr:key",
        "md5": "cr:md5",
        "parentField": "cr:parentField",
        "path": "cr:path",
        "recordSet": "cr:recordSet",
        "references": "cr:references",
        "regex": "cr:regex",
        "repeated": "cr:repeated",
        "replace": "cr:replace",
        "samplingRate": "cr:samplingRate",
        "sc": "https://schema.org/",
        "separator": "cr:separator",
        "source": "cr:source",
        "subField": "cr:subField",
        "transform": "cr:transform"
    })
}

fn data_type(ty: ColumnType) -> &'static str {
    match ty {
        ColumnType::Utf8 | ColumnType::ListUtf8 => "sc:Text",
        ColumnType::Int64 => "sc:Integer",
        ColumnType::Float64 => "sc:Float",
        ColumnType::Date32 => "sc:Date",
    }
}

fn file_set_id(t: Table) -> String {
    format!("{}-parquet-files", t.name())
}

/// Builds the Croissant metadata of a dataset whose manifest lists (so far) its Parquet parts.
pub fn value(manifest: &Manifest) -> Value {
    let mut distribution = Vec::new();
    for p in manifest.parts() {
        distribution.push(json!({
            "@type": "cr:FileObject",
            "@id": p.path,
            "name": p.path,
            "description": format!("Parquet part of the {} table ({} rows).", p.table.map(Table::name).unwrap_or(""), p.rows.unwrap_or(0)),
            "contentUrl": p.path,
            "contentSize": format!("{} B", p.bytes),
            "encodingFormat": "application/x-parquet",
            "sha256": p.sha256,
        }));
    }
    for t in Table::ALL {
        distribution.push(json!({
            "@type": "cr:FileSet",
            "@id": file_set_id(t),
            "name": file_set_id(t),
            "description": format!("All Parquet parts of the {} table.", t.name()),
            "encodingFormat": "application/x-parquet",
            "includes": format!("{}/*.parquet", t.name()),
        }));
    }
    let record_sets: Vec<Value> = Table::ALL
        .iter()
        .map(|&t| {
            let ts = table_schema(t);
            let fields: Vec<Value> = ts
                .columns
                .iter()
                .map(|c| {
                    let mut f = json!({
                        "@type": "cr:Field",
                        "@id": format!("{}/{}", t.name(), c.name),
                        "name": format!("{}/{}", t.name(), c.name),
                        "description": c.description,
                        "dataType": data_type(c.ty),
                        "source": {
                            "fileSet": {"@id": file_set_id(t)},
                            "extract": {"column": c.name},
                        },
                    });
                    if c.ty == ColumnType::ListUtf8 {
                        f["repeated"] = json!(true);
                    }
                    f
                })
                .collect();
            json!({
                "@type": "cr:RecordSet",
                "@id": t.name(),
                "name": t.name(),
                "description": ts.description,
                "field": fields,
            })
        })
        .collect();
    let mut v = json!({
        "@context": context(),
        "@type": "sc:Dataset",
        "conformsTo": "http://mlcommons.org/croissant/1.0",
        "name": "whosaid-quotations",
        "description": "Direct quotations extracted from news articles with their speakers and the evidence for each attribution (speaker mention, speech cue, rule, confidence), with code-point and byte offsets into the article texts. Tables: articles, sentences, quotes, speakers, mentions.",
        "license": "other",
        "url": "https://example.org/replace-with-the-dataset-url",
        "version": format!("{}.0.0", whosaid_core::SCHEMA_VERSION),
        "keywords": ["quotations", "quote attribution", "news", "computational social science"],
        "distribution": distribution,
        "recordSet": record_sets,
    });
    if let Some(d) = manifest.release_date {
        v["datePublished"] = json!(d.to_string());
    }
    v
}

/// Renders `croissant.json` (pretty-printed, trailing newline).
pub fn render(manifest: &Manifest) -> String {
    let mut s = serde_json::to_string_pretty(&value(manifest)).expect("a JSON value always serialises");
    s.push('\n');
    s
}
