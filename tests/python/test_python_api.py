"""The Python package (python/, installed by scripts/test.sh) against the CLI: the same schemas,
the same rows and values on the same articles, the nested form, and its input checks."""

from __future__ import annotations

import datetime

import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from conftest import TABLES, load_schema, parquet_parts, canon_type
from corpus import BAD_ROWS, assert_same_as_cli, seed_texts, skipped_pairs

FOOTER_ONLY = {b"ARROW:schema"}


def seeds_table() -> pa.Table:
    texts = seed_texts()
    return pa.table({"id": list(texts), "text": list(texts.values())})


@pytest.fixture(scope="module")
def corpus_tables(whosaid_py, corpus):
    return whosaid_py.analyze(corpus.articles, source_column="source")


@pytest.mark.parametrize("table", TABLES)
def test_schemas_are_the_cli_parquet_schemas(whosaid_py, out, table):
    """Fields (names, types, nullability, list item) as in the CLI's Parquet parts, and as schema
    metadata the key-values of their footers (`whosaid.schema_version`, `whosaid.table`)."""
    part = parquet_parts(out, table)[0]
    cli = pq.read_schema(part)
    footer = {k: v for k, v in pq.read_metadata(part).metadata.items() if k not in FOOTER_ONLY}
    got = whosaid_py.analyze(seeds_table())._asdict()[table].schema
    assert got == whosaid_py.schema(table)
    assert got.equals(cli), f"{table}:\n{got}\n--- CLI ---\n{cli}"
    assert got.metadata == footer
    assert footer[b"whosaid.table"] == table.encode()
    assert [(f.name, canon_type(f.type), f.nullable) for f in got] == [
        (c["name"], canon_type(c["type"]), c["nullable"]) for c in load_schema(table)
    ]


def test_analyze_equals_the_cli_on_the_corpus(corpus, corpus_tables):
    tables = corpus_tables._asdict()
    assert_same_as_cli(tables, corpus)
    assert skipped_pairs(corpus_tables.skipped) == corpus.cli_skipped() == {
        (row["id"], reason) for row, reason in BAD_ROWS
    }
    n = corpus.articles.num_rows
    assert corpus_tables.articles.num_rows == n - len(BAD_ROWS)
    assert corpus_tables.skipped["row"].to_pylist() == [n - 1, n]


def test_results_do_not_depend_on_batches_threads_or_input_kind(whosaid_py, corpus, corpus_tables):
    articles = corpus.articles
    in_batches = pa.Table.from_batches(articles.to_batches(max_chunksize=7))
    assert in_batches.num_rows == articles.num_rows and len(in_batches.to_batches()) > 40
    for again in (
        whosaid_py.analyze(in_batches, threads=1, source_column="source"),
        whosaid_py.analyze(articles, threads=2, source_column="source"),
        whosaid_py.analyze(articles.to_pandas(), source_column="source"),
        whosaid_py.analyze(pl.from_arrow(articles), source_column="source"),
        whosaid_py.analyze(articles.combine_chunks().to_batches()[0], source_column="source"),
    ):
        for name, table in again._asdict().items():
            assert table.equals(getattr(corpus_tables, name), check_metadata=True), name


def test_nested_has_one_row_per_input_row_and_round_trips(whosaid_py, corpus, corpus_tables):
    nested = whosaid_py.analyze_nested(corpus.articles, source_column="source")
    assert nested.schema == whosaid_py.schema("nested")
    n = corpus.articles.num_rows
    assert nested["row"].to_pylist() == list(range(1, n + 1))
    assert nested["article_id"].to_pylist() == corpus.articles["id"].to_pylist()
    bad = {row["id"]: reason for row, reason in BAD_ROWS}
    assert nested["skip_reason"].to_pylist() == [bad.get(i) for i in corpus.articles["id"].to_pylist()]
    # Each row's lists hold exactly its own article's rows, as many as its counts say.
    for row in nested.slice(0, 60).to_pylist():
        for name in TABLES:
            assert {r["article_id"] for r in row[name]} <= {row["article_id"]}, name
        if row["skip_reason"] is None:
            (article,) = row["articles"]
            assert len(row["sentences"]) == article["n_sentences"]
            assert len(row["quotes"]) == article["n_quotes"]
            assert len(row["speakers"]) == len({q["speaker_id"] for q in row["quotes"]} - {None})
        else:
            assert all(row[name] == [] for name in TABLES)
    # unnest gives back the flat tables, also from slices and concatenations of nested output.
    pieces = pa.concat_tables([nested.slice(0, 100), nested.slice(100)])
    for nested_form in (nested, pieces, nested.combine_chunks().to_batches()[0]):
        flat = whosaid_py.unnest(nested_form)
        for name, table in flat._asdict().items():
            assert table.equals(getattr(corpus_tables, name), check_metadata=True), name


def test_ids_are_checked_within_one_call(whosaid_py):
    """A repeated id in the same call is skipped (first kept); a row without id is skipped."""
    text = '"We will stay," Maria Costa said.'
    t = pa.table({"id": ["a", "b", "a", None, ""], "text": [text, text, "Other text.", text, text]})
    tables = whosaid_py.analyze(t)
    assert tables.articles["article_id"].to_pylist() == ["a", "b"]
    assert tables.skipped.to_pylist() == [
        {"row": 3, "article_id": "a", "reason": "duplicate article_id (first occurrence kept)"},
        {"row": 4, "article_id": None, "reason": "missing id field `id`"},
        {"row": 5, "article_id": None, "reason": "missing id field `id`"},
    ]
    assert tables.quotes["speaker"].to_pylist() == ["Maria Costa", "Maria Costa"]
    # Separate calls do not know each other's ids.
    assert whosaid_py.analyze(t.slice(2, 1)).articles["article_id"].to_pylist() == ["a"]


def test_metadata_source_and_options(whosaid_py):
    t = pa.table(
        {
            "doc": pa.array([7, 8], pa.int64()),
            "body": ["Paris — \"It works,\" Ana Lima said.", "x" * 50],
            "date": pa.array([datetime.datetime(2024, 5, 6, 23, 0), None], pa.timestamp("ms")),
            "title": ["T", None],
        }
    )
    tables = whosaid_py.analyze(t, id_column="doc", text_column="body", source_name="batch-3", max_article_bytes=40)
    (article,) = tables.articles.to_pylist()
    assert (article["article_id"], article["source"], article["title"]) == ("7", "batch-3:1", "T")
    assert article["published"] == datetime.date(2024, 5, 6)
    assert tables.skipped.to_pylist() == [{"row": 2, "article_id": "8", "reason": "too large: 50 bytes (limit 40)"}]
    with_path = t.append_column("path", pa.array(["s3://bucket/a.json:1", None]))
    # A column is used as `source` only when named (a `source` column often names a publisher).
    assert whosaid_py.analyze(with_path, id_column="doc", text_column="body").articles["source"][0].as_py() == "arrow:1"
    tables = whosaid_py.analyze(with_path, id_column="doc", text_column="body", source_column="path")
    assert tables.articles["source"].to_pylist() == ["s3://bucket/a.json:1", "arrow:2"]


def test_errors_raise_stops_on_a_skipped_row(whosaid_py):
    t = pa.table({"id": ["ok", "empty"], "text": ["A text.", " "]})
    with pytest.raises(whosaid_py.SkippedRowError, match=r"row 2 \(article 'empty'\): empty text"):
        whosaid_py.analyze(t, errors="raise")
    with pytest.raises(whosaid_py.SkippedRowError, match="empty text"):
        whosaid_py.analyze_nested(t, errors="raise")
    assert whosaid_py.analyze(t.slice(0, 1), errors="raise").articles.num_rows == 1


@pytest.mark.parametrize(
    "articles, options, error, message",
    [
        (pa.table({"id": ["a"], "body": ["x"]}), {}, ValueError, "no text column 'text'"),
        (pa.table({"text": ["x"]}), {}, ValueError, "no id column 'id'"),
        (pa.table({"id": ["a"], "text": [1]}), {}, TypeError, "text column 'text' must be a string or binary"),
        (pa.table({"id": [1.5], "text": ["x"]}), {}, TypeError, "id column 'id' must be a string or integer"),
        (pa.table({"id": ["a"], "text": ["x"], "date": [20240506]}), {}, TypeError, "date column 'date'"),
        (pa.table({"id": ["a"], "text": ["x"], "url": [[1]]}), {}, TypeError, "url column 'url' must be a string"),
        (pa.table({"id": ["a"], "text": ["x"]}), {"source_column": "path"}, ValueError, "no source column 'path'"),
        (pa.table({"id": ["a"], "text": ["x"], "path": [1]}), {"source_column": "path"}, TypeError, "source column"),
        ([{"id": "a", "text": "x"}], {}, TypeError, "articles must be a pyarrow Table"),
        (pa.table({"id": ["a"], "text": ["x"]}), {"errors": "ignore"}, ValueError, "errors must be"),
        (pa.table({"id": ["a"], "text": ["x"]}), {"threads": -1}, ValueError, "threads must be"),
        (pa.table({"id": ["a"], "text": ["x"]}), {"colour": 1}, TypeError, "colour"),
    ],
)
def test_bad_input_raises_a_clear_python_error(whosaid_py, articles, options, error, message):
    with pytest.raises(error, match=message):
        whosaid_py.analyze(articles, **options)


def test_native_layer_raises_value_error_without_text_column(whosaid_py):
    """Past the Python checks, the Rust side reports a missing text column as ValueError too."""
    from whosaid import _native

    t = pa.table({"id": ["a"], "body": ["x"]})
    with pytest.raises(ValueError, match="no text column `text`"):
        _native.analyze(t, ["id", "text", "date", "url", "title"], None, "arrow", 1 << 20, 1, False)


def test_empty_input_gives_empty_tables_with_the_schemas(whosaid_py):
    empty = pa.table({"id": pa.array([], pa.string()), "text": pa.array([], pa.string())})
    tables = whosaid_py.analyze(empty)
    for name in TABLES:
        assert tables._asdict()[name].num_rows == 0
        assert tables._asdict()[name].schema == whosaid_py.schema(name)
    assert whosaid_py.analyze_nested(empty).num_rows == 0
    assert whosaid_py.unnest(whosaid_py.analyze_nested(empty)).quotes.schema == whosaid_py.schema("quotes")


def test_pandas_frame_with_index_and_extra_columns(whosaid_py):
    df = pd.DataFrame(
        {"id": ["x1", "x2"], "text": ['"Yes," said Omar Haddad.', "No quote."], "extra": [1, 2]},
        index=[10, 20],
    )
    tables = whosaid_py.analyze(df)
    assert tables.articles["article_id"].to_pylist() == ["x1", "x2"]
    assert tables.quotes["text"].to_pylist() == ["Yes,"]


def test_analysis_releases_the_gil(whosaid_py):
    """While one thread analyses, another keeps running Python: it wakes from 1 ms sleeps many
    times (with the GIL held throughout, it could not wake until the analysis ended)."""
    import threading
    import time

    texts = list(seed_texts().values())
    articles = pa.table({"id": [str(i) for i in range(3000)], "text": [texts[i % len(texts)] for i in range(3000)]})
    worker = threading.Thread(target=whosaid_py.analyze, args=(articles,), kwargs={"threads": 1})
    wakes = 0
    worker.start()
    while worker.is_alive():
        time.sleep(0.001)
        wakes += 1
    worker.join()
    assert wakes >= 20, f"the main thread ran only {wakes} times during the analysis"
