//! Table schemas, parsed once from the `schema/*.json` files embedded at compile time.
//!
//! Those files are the single source of truth: the Arrow schemas of the written Parquet, the
//! dataset card's column docs and the Croissant field types all come from them.

use arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use serde::{Deserialize, Serialize};
use std::sync::{Arc, OnceLock};

/// The five output tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Table {
    Articles,
    Sentences,
    Quotes,
    Speakers,
    Mentions,
}

impl Table {
    /// Every table, in the order they are written and documented.
    pub const ALL: [Table; 5] = [Table::Articles, Table::Sentences, Table::Quotes, Table::Speakers, Table::Mentions];

    /// The table's name, also its folder name in the output.
    pub const fn name(self) -> &'static str {
        match self {
            Table::Articles => "articles",
            Table::Sentences => "sentences",
            Table::Quotes => "quotes",
            Table::Speakers => "speakers",
            Table::Mentions => "mentions",
        }
    }

    /// The table with this name.
    pub fn from_name(name: &str) -> Option<Table> {
        Table::ALL.into_iter().find(|t| t.name() == name)
    }

    const fn index(self) -> usize {
        self as usize
    }

    fn json(self) -> &'static str {
        match self {
            Table::Articles => include_str!("../../../schema/articles.json"),
            Table::Sentences => include_str!("../../../schema/sentences.json"),
            Table::Quotes => include_str!("../../../schema/quotes.json"),
            Table::Speakers => include_str!("../../../schema/speakers.json"),
            Table::Mentions => include_str!("../../../schema/mentions.json"),
        }
    }
}

impl std::fmt::Display for Table {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A column type as spelled in `schema/*.json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum ColumnType {
    #[serde(rename = "utf8")]
    Utf8,
    #[serde(rename = "int64")]
    Int64,
    #[serde(rename = "float64")]
    Float64,
    #[serde(rename = "date32")]
    Date32,
    #[serde(rename = "list<utf8>")]
    ListUtf8,
}

impl ColumnType {
    /// The spelling used in the schema files and the dataset card.
    pub const fn as_str(self) -> &'static str {
        match self {
            ColumnType::Utf8 => "utf8",
            ColumnType::Int64 => "int64",
            ColumnType::Float64 => "float64",
            ColumnType::Date32 => "date32",
            ColumnType::ListUtf8 => "list<utf8>",
        }
    }

    /// The Arrow type. List items are named `item` and are never null.
    pub fn arrow(self) -> DataType {
        match self {
            ColumnType::Utf8 => DataType::Utf8,
            ColumnType::Int64 => DataType::Int64,
            ColumnType::Float64 => DataType::Float64,
            ColumnType::Date32 => DataType::Date32,
            ColumnType::ListUtf8 => DataType::List(Arc::new(list_item_field())),
        }
    }
}

/// The item field of `list<utf8>` columns.
pub fn list_item_field() -> Field {
    Field::new("item", DataType::Utf8, false)
}

/// One column of a table schema.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Column {
    pub name: String,
    #[serde(rename = "type")]
    pub ty: ColumnType,
    pub nullable: bool,
    pub description: String,
}

/// One `schema/<table>.json` file.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableSchema {
    pub table: String,
    pub schema_version: u32,
    pub description: String,
    pub columns: Vec<Column>,
}

struct Parsed {
    json: TableSchema,
    arrow: SchemaRef,
}

fn parsed() -> &'static [Parsed; 5] {
    static PARSED: OnceLock<[Parsed; 5]> = OnceLock::new();
    PARSED.get_or_init(|| {
        Table::ALL.map(|table| {
            // The files are compiled in and checked by the tests below: a bad file is a build bug.
            let json: TableSchema =
                serde_json::from_str(table.json()).unwrap_or_else(|e| panic!("schema/{}.json: {e}", table.name()));
            assert_eq!(json.table, table.name(), "schema/{}.json: wrong table name", table.name());
            assert_eq!(
                json.schema_version,
                whosaid_core::SCHEMA_VERSION,
                "schema/{}.json: wrong schema_version",
                table.name()
            );
            let fields: Vec<Field> =
                json.columns.iter().map(|c| Field::new(c.name.clone(), c.ty.arrow(), c.nullable)).collect();
            Parsed { json, arrow: Arc::new(Schema::new(fields)) }
        })
    })
}

/// The parsed `schema/<table>.json`.
pub fn table_schema(table: Table) -> &'static TableSchema {
    &parsed()[table.index()].json
}

/// The Arrow schema of a table, built from `schema/<table>.json` (no schema-level metadata).
pub fn arrow_schema(table: Table) -> SchemaRef {
    parsed()[table.index()].arrow.clone()
}

/// The key-value metadata of a table, `whosaid.schema_version` and `whosaid.table`: written to
/// every Parquet footer, and attached to the schema of the tables the Python package returns.
pub fn table_metadata(table: Table) -> Vec<(String, String)> {
    vec![
        ("whosaid.schema_version".to_string(), whosaid_core::SCHEMA_VERSION.to_string()),
        ("whosaid.table".to_string(), table.name().to_string()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn schemas_parse_with_unique_columns_and_descriptions() {
        for table in Table::ALL {
            let s = table_schema(table);
            assert_eq!(Table::from_name(&s.table), Some(table));
            assert!(!s.description.is_empty());
            let mut names = HashSet::new();
            for c in &s.columns {
                assert!(names.insert(c.name.as_str()), "{table}: duplicate column {}", c.name);
                assert!(!c.description.is_empty() && !c.description.contains('\n'));
            }
            assert_eq!(arrow_schema(table).fields().len(), s.columns.len());
        }
    }

    #[test]
    fn columns_follow_the_design_order() {
        let names = |t: Table| -> Vec<String> {
            table_schema(t)
                .columns
                .iter()
                .map(|c| if c.nullable { format!("{}?", c.name) } else { c.name.clone() })
                .collect()
        };
        assert_eq!(
            names(Table::Articles).join(", "),
            "article_id, source, title?, published?, dateline?, url?, text_sha256, n_chars, n_bytes, \
             n_paragraphs, n_sentences, n_quotes, n_attributed, text"
        );
        assert_eq!(
            names(Table::Sentences).join(", "),
            "article_id, sentence_index, paragraph_index, char_start, char_end, byte_start, byte_end, text"
        );
        assert_eq!(
            names(Table::Quotes).join(", "),
            "quote_id, article_id, quote_index, text, char_start, char_end, byte_start, byte_end, \
             paragraph_index, sentence_index, open_mark, close_mark?, kind, speaker?, speaker_id?, \
             speaker_type?, mention_text?, mention_type?, mention_char_start?, mention_char_end?, cue?, \
             cue_lemma?, cue_char_start?, cue_char_end?, rule?, confidence?"
        );
        assert_eq!(
            names(Table::Speakers).join(", "),
            "speaker_id, article_id, name, speaker_key, speaker_type, title?, gender?, aliases, \
             n_mentions, n_quotes"
        );
        assert_eq!(
            names(Table::Mentions).join(", "),
            "article_id, speaker_id, char_start, char_end, byte_start, byte_end, text, mention_type"
        );
        let ty = |t: Table, c: &str| arrow_schema(t).field_with_name(c).unwrap().data_type().clone();
        assert_eq!(ty(Table::Articles, "published"), DataType::Date32);
        assert_eq!(ty(Table::Quotes, "confidence"), DataType::Float64);
        assert!(matches!(ty(Table::Speakers, "aliases"), DataType::List(_)));
        assert_eq!(ty(Table::Mentions, "byte_end"), DataType::Int64);
    }
}
