"""Every table reads with pyarrow, pandas and DuckDB, with manifest counts and the schema files' types."""

from __future__ import annotations

import duckdb
import pandas as pd
import pyarrow.dataset as pds
import pyarrow.parquet as pq
import pytest

from conftest import TABLES, canon_type, load_schema, parquet_parts


@pytest.mark.parametrize("table", TABLES)
def test_table_has_parts(out, table):
    parts = parquet_parts(out, table)
    assert parts, f"no parquet part in {out / table}"
    names = [p.name for p in parts]
    assert names[0] == "part-00000.parquet", names
    assert names == [f"part-{i:05d}.parquet" for i in range(len(names))], names


@pytest.mark.parametrize("table", TABLES)
def test_pyarrow_reads_with_manifest_count(out, counts, table):
    t = pq.read_table(out / table)
    assert t.num_rows == counts[table]
    d = pds.dataset(out / table, format="parquet")
    assert d.count_rows() == counts[table]


@pytest.mark.parametrize("table", TABLES)
def test_pandas_reads_with_manifest_count(out, counts, table):
    df = pd.read_parquet(out / table)
    assert len(df) == counts[table]
    assert list(df.columns) == [c["name"] for c in load_schema(table)]


@pytest.mark.parametrize("table", TABLES)
def test_duckdb_reads_with_manifest_count(out, counts, table):
    con = duckdb.connect()
    n = con.execute(f"SELECT count(*) FROM '{out / table}/*.parquet'").fetchone()[0]
    assert n == counts[table]
    cols = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM '{out / table}/*.parquet'").fetchall()]
    assert cols == [c["name"] for c in load_schema(table)]


def test_seed_counts_are_plausible(counts):
    # Five seed articles with 16 hand-checked quotes.
    assert counts["articles"] == 5
    assert counts["sentences"] > counts["articles"]
    assert counts["quotes"] >= 10
    assert counts["speakers"] >= 1
    assert counts["mentions"] >= counts["speakers"]


@pytest.mark.parametrize("table", TABLES)
def test_columns_types_nullability_match_schema_file(out, table):
    expected = load_schema(table)
    for part in parquet_parts(out, table):
        schema = pq.read_schema(part)
        got = [(f.name, canon_type(f.type), f.nullable) for f in schema]
        want = [(c["name"], canon_type(c["type"]), c["nullable"]) for c in expected]
        assert got == want, f"{part}: columns differ from schema/{table}.json"


@pytest.mark.parametrize("table", TABLES)
def test_non_nullable_columns_hold_no_nulls(out, table):
    t = pq.read_table(out / table)
    for c in load_schema(table):
        if not c["nullable"]:
            assert t.column(c["name"]).null_count == 0, f"{table}.{c['name']} has nulls"


@pytest.mark.parametrize("table", TABLES)
def test_schema_columns_are_documented(table):
    for c in load_schema(table):
        assert c["description"].strip(), f"schema/{table}.json: {c['name']} has no description"


def test_ids_are_unique_and_well_formed(out):
    con = duckdb.connect()
    q = f"'{out}/quotes/*.parquet'"
    dup = con.execute(f"SELECT count(*) - count(DISTINCT quote_id) FROM {q}").fetchone()[0]
    assert dup == 0
    bad = con.execute(
        f"SELECT count(*) FROM {q} WHERE quote_id <> article_id || ':q' || CAST(quote_index AS VARCHAR)"
    ).fetchone()[0]
    assert bad == 0, "quote_id must be {article_id}:q{quote_index}"
    s = f"'{out}/speakers/*.parquet'"
    assert con.execute(f"SELECT count(*) - count(DISTINCT speaker_id) FROM {s}").fetchone()[0] == 0
    bad = con.execute(
        f"SELECT count(*) FROM {s} WHERE NOT starts_with(speaker_id, article_id || ':s')"
    ).fetchone()[0]
    assert bad == 0, "speaker_id must be {article_id}:s{n}"
    a = f"'{out}/articles/*.parquet'"
    assert con.execute(f"SELECT count(*) - count(DISTINCT article_id) FROM {a}").fetchone()[0] == 0


def test_rows_are_sorted(out):
    """Sorted row order (DESIGN: determinism): articles by id, children by article then index/offset."""
    con = duckdb.connect()
    checks = {
        "articles": "article_id",
        "sentences": "article_id, sentence_index",
        "quotes": "article_id, quote_index",
    }
    for table, keys in checks.items():
        rows = con.execute(f"SELECT {keys} FROM '{out}/{table}/*.parquet'").fetchall()
        assert rows == sorted(rows), f"{table} is not sorted by {keys}"


def test_enumerated_values(out):
    con = duckdb.connect()
    q = f"'{out}/quotes/*.parquet'"
    assert {r[0] for r in con.execute(f"SELECT DISTINCT kind FROM {q}").fetchall()} <= {"full", "partial"}
    assert {r[0] for r in con.execute(f"SELECT DISTINCT mention_type FROM {q} WHERE mention_type IS NOT NULL").fetchall()} <= {
        "name", "pronoun", "nominal"}
    assert {r[0] for r in con.execute(f"SELECT DISTINCT speaker_type FROM '{out}/speakers/*.parquet'").fetchall()} <= {
        "person", "organization", "group", "anonymous"}
    bad = con.execute(f"SELECT count(*) FROM {q} WHERE confidence < 0 OR confidence > 1").fetchone()[0]
    assert bad == 0
    # A quote with a speaker has its evidence; one without has none.
    bad = con.execute(
        f"SELECT count(*) FROM {q} WHERE (speaker IS NULL) <> (speaker_id IS NULL) "
        f"OR (speaker IS NOT NULL AND (rule IS NULL OR confidence IS NULL))"
    ).fetchone()[0]
    assert bad == 0
