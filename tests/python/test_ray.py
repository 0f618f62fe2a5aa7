"""Ray Data: `map_batches(batch_format="pyarrow")` over the corpus equals the CLI's tables, and
the quotes table written by Ray as Parquet reads back the same."""

from __future__ import annotations

import os
import tempfile

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
import ray  # noqa: E402

from conftest import TABLES  # noqa: E402
from corpus import assert_same_as_cli, assert_same_rows, skipped_pairs  # noqa: E402

BATCH_ROWS = 50


@pytest.fixture(scope="module")
def ray_cluster():
    """A local two-CPU Ray, without dashboard, logging to its own temporary folder (a short path:
    Ray's socket names must fit in 107 bytes)."""
    ray.init(
        num_cpus=2,
        include_dashboard=False,
        log_to_driver=False,
        object_store_memory=256 << 20,
        _temp_dir=tempfile.mkdtemp(prefix="ray-"),
    )
    ray.data.DataContext.get_current().enable_progress_bars = False
    yield
    ray.shutdown()


def collect(dataset) -> pa.Table:
    return pa.concat_tables(ray.get(dataset.to_arrow_refs()))


def test_ray_map_batches_equals_the_cli(ray_cluster, corpus, whosaid_py, tmp_path):
    articles = ray.data.from_arrow(corpus.articles).repartition(4)
    nested = articles.map_batches(
        whosaid_py.analyze_nested,
        batch_format="pyarrow",
        batch_size=BATCH_ROWS,
        fn_kwargs={"source_column": "source"},
    ).materialize()
    assert nested.count() == corpus.articles.num_rows
    got = {}
    for name in (*TABLES, "skipped"):
        table = nested.map_batches(
            lambda batch, name=name: getattr(whosaid_py.unnest(batch), name), batch_format="pyarrow"
        )
        got[name] = collect(table)
    assert_same_as_cli(got, corpus)
    assert skipped_pairs(got["skipped"]) == corpus.cli_skipped()
    assert max(collect(nested.select_columns(["row"]))["row"].to_pylist()) <= BATCH_ROWS

    path = tmp_path / "quotes"
    nested.map_batches(lambda batch: whosaid_py.unnest(batch).quotes, batch_format="pyarrow").write_parquet(
        str(path)
    )
    assert_same_rows(pq.read_table(path), corpus.cli_table("quotes"), "quotes")
