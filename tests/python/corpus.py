"""A deterministic corpus for comparing the Python package with the CLI: the seed articles plus
generated articles made of shuffled seed paragraphs, and helpers to compare tables.

`build_corpus` writes the generated rows as a Parquet file, runs the CLI on `seeds` and that file,
and returns the same articles as one Arrow table (with a `source` column holding what the CLI
records as `source`), so any engine can be fed exactly what the CLI read.
"""

from __future__ import annotations

import datetime
import json
import random
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from conftest import SEEDS, TABLES, build

#: Columns that identify a row of each table (rows are compared in this order, then whole).
KEYS = {
    "articles": ("article_id",),
    "sentences": ("article_id", "sentence_index"),
    "quotes": ("quote_id",),
    "speakers": ("speaker_id",),
    "mentions": ("article_id", "byte_start", "byte_end", "speaker_id"),
}

ARTICLE_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("text", pa.string()),
        ("date", pa.date32()),
        ("url", pa.string()),
        ("title", pa.string()),
    ]
)

#: Rows the CLI skips, with the reason it records.
BAD_ROWS = [
    ({"id": "bad-blank", "text": "  \n\t"}, "empty text"),
    ({"id": "bad-binary", "text": "Some text\x00with a NUL byte."}, "binary: NUL byte at byte 9"),
]


def seed_texts() -> dict[str, str]:
    """Seed id (file stem) -> text exactly as stored (no newline translation)."""
    return {p.stem: p.read_bytes().decode("utf-8") for p in sorted(SEEDS.glob("*.txt"))}


def generated_articles(n: int, seed: int = 6) -> list[dict]:
    """`n` articles of 2-9 seed paragraphs in random order, with varied ids, line ends, quote
    marks, header lines and metadata. Same `n` and `seed`, same articles."""
    paragraphs = [p.strip() for t in seed_texts().values() for p in t.split("\n\n") if p.strip()]
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        paras = rng.sample(paragraphs, rng.randint(2, 9))
        text = ("\r\n\r\n" if i % 5 == 1 else "\n\n").join(paras)
        if i % 5 == 2:
            text = text.replace('"', "\u201c", 1).replace('"', "\u201d", 1)
        if i % 5 == 3:
            text = f"Report {i}: talks go on\n\n{text}"
        if i % 5 == 4:
            text = f"date 2021-{i % 12 + 1:02d}-{i % 28 + 1:02d} {text}"
        rows.append(
            {
                "id": f"gén/{i}" if i % 7 == 0 else f"gen-{i:04d}",
                "text": text,
                "date": datetime.date(2020, 1, 1) + datetime.timedelta(days=i) if i % 3 == 0 else None,
                "url": f"https://example.org/news/{i}" if i % 4 == 0 else None,
                "title": f"Generated article {i}" if i % 6 == 0 else None,
            }
        )
    return rows


@dataclass
class Corpus:
    #: Every article the CLI read, in its order, with the CLI's `source` in a `source` column.
    articles: pa.Table
    #: The CLI's dataset folder.
    out: Path

    def cli_table(self, name: str) -> pa.Table:
        return pq.read_table(self.out / name)

    def cli_skipped(self) -> set[tuple[str | None, str]]:
        lines = (self.out / "skipped.jsonl").read_text(encoding="utf-8").splitlines()
        return {(s.get("article_id"), s["reason"]) for s in map(json.loads, lines)}


def build_corpus(whosaid_bin: Path, tmp: Path, n: int) -> Corpus:
    """Runs `whosaid build seeds GENERATED.parquet` and returns the articles it read."""
    generated = generated_articles(n) + [row for row, _ in BAD_ROWS]
    path = tmp / "generated.parquet"
    pq.write_table(pa.Table.from_pylist(generated, schema=ARTICLE_SCHEMA), path)
    out = tmp / "out"
    build(whosaid_bin, out, inputs=("seeds", str(path)))
    # Two inputs: the ids the CLI derives from file names start with the input's path.
    seeds = [
        {"id": f"seeds/{stem}", "text": text, "source": f"seeds/{stem}.txt"} for stem, text in seed_texts().items()
    ]
    rows = seeds + [dict(r, source=f"{path}:{i}") for i, r in enumerate(generated, 1)]
    schema = ARTICLE_SCHEMA.append(pa.field("source", pa.string()))
    return Corpus(articles=pa.Table.from_pylist(rows, schema=schema), out=out)


def sorted_rows(table: pa.Table, name: str) -> list[dict]:
    rows = table.to_pylist()
    return sorted(rows, key=lambda r: (tuple(r[k] for k in KEYS[name]), repr(r)))


def assert_same_rows(got: pa.Table, want: pa.Table, name: str) -> None:
    """Same columns, and the same rows with the same values (order aside)."""
    assert got.column_names == want.column_names, name
    assert got.num_rows == want.num_rows, f"{name}: {got.num_rows} rows, the CLI has {want.num_rows}"
    for g, w in zip(sorted_rows(got, name), sorted_rows(want, name)):
        assert g == w, f"{name}: row differs from the CLI's\n got: {g}\nwant: {w}"


def assert_same_as_cli(tables: dict[str, pa.Table], corpus: Corpus) -> None:
    """Every table equals the CLI's on the corpus (which has rows in every table)."""
    for name in TABLES:
        want = corpus.cli_table(name)
        assert want.num_rows > 0, name
        assert_same_rows(tables[name], want, name)


def skipped_pairs(skipped: pa.Table) -> set[tuple[str | None, str]]:
    return set(zip(skipped["article_id"].to_pylist(), skipped["reason"].to_pylist()))


