"""whosaid on Spark: ``DataFrame.mapInArrow`` with one nested row per input row.

    import whosaid.spark
    nested = whosaid.spark.analyze(articles_df)           # one row per article
    whosaid.spark.tables(nested)["quotes"].write.parquet("quotes/")

Each Arrow batch that Spark hands a Python worker is one ``whosaid.analyze_nested`` call, so
duplicate ids are found within a batch only, and ``row``/``source`` count rows within a batch
(see the ``whosaid`` module docs). Requires pyspark (imported only here).
"""

from __future__ import annotations

from typing import Any, Callable, Iterator

import pyarrow as pa

import whosaid


def schema() -> Any:
    """The Spark schema of the nested rows (``whosaid.schema("nested")`` as a StructType)."""
    from pyspark.sql.pandas.types import from_arrow_schema

    return from_arrow_schema(whosaid.schema("nested"))


def map_in_arrow(**options: Any) -> Callable[[Iterator[pa.RecordBatch]], Iterator[pa.RecordBatch]]:
    """The function to give ``DataFrame.mapInArrow`` (with ``schema()``); ``options`` are those
    of ``whosaid.analyze``."""

    def analyze_batches(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        for batch in batches:
            yield from whosaid.analyze_nested(batch, **options).to_batches()

    return analyze_batches


def analyze(articles: Any, **options: Any) -> Any:
    """``articles.mapInArrow(map_in_arrow(**options), schema())``: one nested row per row."""
    return articles.mapInArrow(map_in_arrow(**options), schema())


def tables(nested: Any) -> dict[str, Any]:
    """The five tables (and ``skipped``) as DataFrames, exploded from the nested rows."""
    from pyspark.sql import functions as F

    out = {
        name: nested.select(F.explode(name).alias("r")).select("r.*") for name in whosaid.TABLES
    }
    out["skipped"] = nested.where(F.col("skip_reason").isNotNull()).select(
        "row", "article_id", F.col("skip_reason").alias("reason")
    )
    return out
