"""PySpark in local mode: `mapInArrow` over the corpus equals the CLI's tables, and the quotes
table written by Spark as Parquet reads back the same."""

from __future__ import annotations

import os
import sys

import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from pyspark.sql import SparkSession

from conftest import TABLES
from corpus import assert_same_as_cli, assert_same_rows, skipped_pairs

#: Rows per Arrow batch handed to a Python worker: small, so each partition takes several calls.
BATCH_ROWS = 64


@pytest.fixture(scope="module")
def spark(tmp_path_factory):
    """One local[2] session for the module, on loopback only, without UI (works as root, offline)."""
    tmp = tmp_path_factory.mktemp("spark")
    os.environ["SPARK_LOCAL_IP"] = "127.0.0.1"
    os.environ["PYSPARK_PYTHON"] = sys.executable  # workers import whosaid from this venv
    session = (
        SparkSession.builder.master("local[2]")
        .appName("whosaid-test")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", str(BATCH_ROWS))
        .config("spark.local.dir", str(tmp / "local"))
        .config("spark.sql.warehouse.dir", str(tmp / "warehouse"))
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def test_spark_map_in_arrow_equals_the_cli(spark, corpus, whosaid_py, tmp_path):
    import whosaid.spark

    articles = spark.createDataFrame(corpus.articles).repartition(3)
    nested = whosaid.spark.analyze(articles, source_column="source").cache()
    tables = whosaid.spark.tables(nested)
    got = {name: tables[name].toArrow() for name in TABLES}
    assert_same_as_cli(got, corpus)
    assert skipped_pairs(tables["skipped"].toArrow()) == corpus.cli_skipped()
    # Every input row is one nested row, and rows were analysed in several small batches.
    rows = nested.select("row").toArrow()["row"]
    assert len(rows) == corpus.articles.num_rows
    assert pc.max(rows).as_py() <= BATCH_ROWS

    # The quotes table, written by Spark as Parquet, reads back with the CLI's values.
    path = tmp_path / "quotes"
    tables["quotes"].write.parquet(str(path))
    back = pq.read_table(path)
    assert_same_rows(back, corpus.cli_table("quotes"), "quotes")
    nested.unpersist()


def test_spark_schema_is_the_nested_schema(spark, whosaid_py):
    import whosaid.spark

    schema = whosaid.spark.schema()
    assert schema.fieldNames() == whosaid_py.schema("nested").names
    quotes = schema["quotes"].dataType.elementType
    assert quotes.fieldNames() == whosaid_py.schema("quotes").names
    assert not quotes["quote_id"].nullable and quotes["speaker"].nullable
