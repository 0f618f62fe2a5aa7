"""whosaid: who said what in news articles, on Arrow data.

The same Rust pipeline as the ``whosaid`` command line, called on Arrow tables in memory::

    import whosaid
    tables = whosaid.analyze(articles)   # a pyarrow Table or RecordBatch, a pandas or Polars DataFrame
    tables.quotes.to_pandas()

``analyze`` returns the five tables of the CLI's dataset (``articles``, ``sentences``,
``quotes``, ``speakers``, ``mentions``) as ``pyarrow.Table`` objects with exactly the schemas of
``schema/*.json`` (and the key-value metadata of the CLI's Parquet files), plus ``skipped``: the
input rows that were not analysed, and why. ``analyze_nested`` returns one row per input row
with each table's rows of that article as a list, for engines that need one output schema per
call (Spark's ``mapInArrow``, Ray Data's ``map_batches``); ``unnest`` turns it back into the
tables.

Rows are read as the CLI reads a Parquet input: an id column (string or integer), a text
column (string or binary, UTF-8), and optional ``date`` (date, timestamp or ``YYYY-MM-DD``
string), ``url`` and ``title`` columns, named by the ``*_column`` arguments. Other columns are
ignored. Differences from the CLI, which sees a whole corpus at once:

* Duplicate ids are found within one call: a row whose id was already seen in the same call is
  skipped. Across calls (Spark partitions, Ray batches) nothing is compared.
* Every row needs an id: a row without one is skipped (the CLI names it after the file and row).
* ``source`` is ``{source_name}:{row}``, with ``row`` counted from 1 within the call, unless
  ``source_column`` names a column whose value the row has (e.g. the file or URL it came from).
* Skipped rows are returned (``skipped``; ``skip_reason`` in the nested form) instead of being
  listed in a manifest; ``errors="raise"`` raises ``SkippedRowError`` instead, like ``--strict``.
* Column types are checked: another type raises ``TypeError`` where the CLI converts what it can.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import pyarrow as pa
import pyarrow.compute as pc

from . import _native

__all__ = [
    "TABLES",
    "SCHEMA_VERSION",
    "SkippedRowError",
    "Tables",
    "analyze",
    "analyze_nested",
    "schema",
    "unnest",
]

__version__: str = _native.__version__
#: Version of the table schemas (also in each schema's ``whosaid.schema_version`` metadata).
SCHEMA_VERSION: int = _native.SCHEMA_VERSION
#: The five tables of a dataset, in the CLI's order.
TABLES: tuple[str, ...] = tuple(_native.TABLES)


class Tables(NamedTuple):
    """The tables of one call: the dataset's five tables, then the skipped rows."""

    articles: pa.Table
    sentences: pa.Table
    quotes: pa.Table
    speakers: pa.Table
    mentions: pa.Table
    #: ``row`` (1-based, within the call), ``article_id`` (null if unreadable), ``reason``.
    skipped: pa.Table


class SkippedRowError(ValueError):
    """A row could not be analysed and ``errors="raise"`` was given."""


def schema(name: str) -> pa.Schema:
    """The Arrow schema of a table: one of ``TABLES``, ``"skipped"`` or ``"nested"``."""
    return _native.schema(name)


def analyze(articles: Any, **options: Any) -> Tables:
    """Analyses every row of ``articles``; returns the tables (see the module docs).

    Options (all keyword-only): ``id_column="id"``, ``text_column="text"``,
    ``date_column="date"``, ``url_column="url"``, ``title_column="title"``,
    ``source_column=None``, ``source_name="arrow"``, ``max_article_bytes=64 MiB`` (longer
    texts are skipped), ``threads=0`` (analysis threads; 0 = all cores; the result does not
    depend on it), ``errors="report"`` or ``"raise"``.
    """
    tables = _call(articles, nested=False, **options)
    return Tables(**{name: tables[name] for name in Tables._fields})


def analyze_nested(articles: Any, **options: Any) -> pa.Table:
    """Like ``analyze``, but one row per input row, in input order, with the schema
    ``schema("nested")``: ``row``, ``article_id``, ``skip_reason`` (null unless the row was
    skipped), and one ``list<struct>`` column per table holding that article's rows."""
    return _call(articles, nested=True, **options)


def unnest(nested: pa.Table | pa.RecordBatch) -> Tables:
    """The tables of ``analyze`` from the output of ``analyze_nested`` (or a concatenation or
    slice of such outputs). No data is copied but the skipped rows."""
    if isinstance(nested, pa.RecordBatch):
        nested = pa.Table.from_batches([nested])
    tables = {}
    for name in TABLES:
        batches = [pa.RecordBatch.from_struct_array(chunk.flatten()) for chunk in nested[name].chunks]
        tables[name] = pa.Table.from_batches(batches, schema=schema(name))
    return Tables(**tables, skipped=_skipped(nested))


def _skipped(nested: pa.Table) -> pa.Table:
    """The ``skipped`` table of nested rows: those with a ``skip_reason``."""
    rows = nested.filter(pc.is_valid(nested["skip_reason"]))
    return pa.table([rows["row"], rows["article_id"], rows["skip_reason"]], schema=schema("skipped"))


_COLUMNS = ("id", "text", "date", "url", "title")


def _call(
    articles: Any,
    *,
    nested: bool,
    id_column: str = "id",
    text_column: str = "text",
    date_column: str = "date",
    url_column: str = "url",
    title_column: str = "title",
    source_column: str | None = None,
    source_name: str = "arrow",
    max_article_bytes: int = 64 << 20,
    threads: int = 0,
    errors: str = "report",
) -> Any:
    if errors not in ("report", "raise"):
        raise ValueError(f'errors must be "report" or "raise", not {errors!r}')
    if threads < 0:
        raise ValueError(f"threads must be 0 (all cores) or more, not {threads}")
    table = _as_arrow(articles)
    columns = [id_column, text_column, date_column, url_column, title_column]
    _check_columns(table.schema, dict(zip(_COLUMNS, columns)), source_column)
    out = _native.analyze(
        table, columns, source_column, source_name, max_article_bytes, threads, nested
    )
    if errors == "raise":
        skipped = _skipped(out) if nested else out["skipped"]
        if skipped.num_rows:
            row, article_id, reason = (c[0].as_py() for c in skipped.columns)
            raise SkippedRowError(f"row {row} (article {article_id!r}): {reason}")
    return out


def _as_arrow(articles: Any) -> pa.Table:
    """The input as a pyarrow Table, without copying the data."""
    if isinstance(articles, pa.Table):
        return articles
    if isinstance(articles, pa.RecordBatch):
        return pa.Table.from_batches([articles])
    if isinstance(articles, pa.RecordBatchReader):
        return articles.read_all()
    if type(articles).__module__.startswith("pandas"):
        return pa.Table.from_pandas(articles, preserve_index=False)
    if hasattr(articles, "__arrow_c_stream__"):  # Polars, DuckDB, ... (the Arrow PyCapsule interface)
        return pa.table(articles)
    raise TypeError(
        "articles must be a pyarrow Table, RecordBatch or RecordBatchReader, a pandas or Polars "
        f"DataFrame, or an object with __arrow_c_stream__; got {type(articles).__name__}"
    )


def _is_string(t: pa.DataType) -> bool:
    if pa.types.is_dictionary(t):
        return _is_string(t.value_type)
    return pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_string_view(t)


def _is_binary(t: pa.DataType) -> bool:
    return pa.types.is_binary(t) or pa.types.is_large_binary(t) or pa.types.is_binary_view(t)


def _is_date(t: pa.DataType) -> bool:
    return pa.types.is_date(t) or pa.types.is_timestamp(t) or _is_string(t)


_ACCEPTS = {
    "id": (lambda t: _is_string(t) or pa.types.is_integer(t), "a string or integer"),
    "text": (lambda t: _is_string(t) or _is_binary(t), "a string or binary (UTF-8)"),
    "date": (_is_date, "a date, timestamp or YYYY-MM-DD string"),
    "url": (_is_string, "a string"),
    "title": (_is_string, "a string"),
    "source": (_is_string, "a string"),
}


def _check_columns(schema: pa.Schema, columns: dict[str, str], source_column: str | None) -> None:
    """Raises ValueError for a missing id or text column and TypeError for a column of a type
    that would not be read as the CLI reads it."""
    for role in ("id", "text"):
        if columns[role] not in schema.names:
            raise ValueError(
                f"no {role} column {columns[role]!r} in the articles (columns: {schema.names}); "
                f"name it with {role}_column="
            )
    if source_column is not None and source_column not in schema.names:
        raise ValueError(f"no source column {source_column!r} in the articles (columns: {schema.names})")
    for role, name in [*columns.items(), ("source", source_column)]:
        if name not in schema.names:
            continue
        accepts, expected = _ACCEPTS[role]
        ty = schema.field(name).type
        if not accepts(ty):
            raise TypeError(f"the {role} column {name!r} must be {expected}, not {ty}")
