"""Shared fixtures for the dataset tests.

The binary under test is $WHOSAID_BIN (scripts/test.sh points it at target/release/whosaid);
without it, target/release/whosaid is used if it exists. The seeds dataset is built once per
session into a temporary folder; tests that need to modify a dataset work on a copy.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "seeds"
SCHEMA_DIR = REPO / "schema"
SHARED = REPO.parent / "shared"
TABLES = ("articles", "sentences", "quotes", "speakers", "mentions")

# Hugging Face libraries: never touch the network or the user's cache.
os.environ["HF_DATASETS_OFFLINE"] = "1"
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"
os.environ.setdefault("HF_HOME", tempfile.mkdtemp(prefix="whosaid-hf-"))


def _binary() -> Path:
    env = os.environ.get("WHOSAID_BIN")
    path = Path(env) if env else REPO / "target" / "release" / "whosaid"
    return path


@pytest.fixture(scope="session")
def whosaid() -> Path:
    """Path of the whosaid binary (fails, not skips, when it is missing)."""
    path = _binary()
    if not path.is_file() or not os.access(path, os.X_OK):
        pytest.fail(f"whosaid binary not found at {path}; run scripts/test.sh or set WHOSAID_BIN")
    return path


def run(bin_path: Path, *args, check: bool = True, timeout: float = 600, **kw) -> subprocess.CompletedProcess:
    """Runs the binary with text output captured; on failure shows stdout/stderr."""
    cmd = [str(bin_path), *map(str, args)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL, **kw)
    if check and proc.returncode != 0:
        pytest.fail(
            f"command failed with exit code {proc.returncode}: {' '.join(cmd)}\n"
            f"--- stdout ---\n{proc.stdout[-4000:]}\n--- stderr ---\n{proc.stderr[-4000:]}"
        )
    return proc


def build(bin_path: Path, out: Path, *extra, inputs=("seeds",), cwd=REPO, check: bool = True) -> subprocess.CompletedProcess:
    """`whosaid build INPUTS --out OUT --quiet EXTRA`, run from the repo root by default (so
    `seeds` is spelled as a newcomer would, and recorded the same way in every build)."""
    return run(bin_path, "build", *inputs, "--out", out, "--quiet", *extra, check=check, cwd=cwd)


@pytest.fixture(scope="session")
def out(whosaid, tmp_path_factory) -> Path:
    """The seeds dataset, built once: `whosaid build seeds --out TMP --quiet`. Read-only."""
    base = tmp_path_factory.mktemp("seeds-build")
    dest = base / "out"
    build(whosaid, dest)
    if not (dest / "manifest.json").is_file():
        pytest.fail(f"build finished but wrote no manifest.json in {dest}")
    return dest


@pytest.fixture
def out_copy(out, tmp_path) -> Path:
    """A private copy of the seeds dataset, for tests that modify it."""
    dest = tmp_path / "out"
    shutil.copytree(out, dest)
    return dest


@pytest.fixture(scope="session")
def manifest(out) -> dict:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def manifest_counts(manifest: dict) -> dict[str, int]:
    """Row count per table from manifest.json, whatever the exact nesting.

    Accepts `counts: {table: n}`, `counts: {table: {rows: n}}`, `tables: {table: {rows: n}}`,
    or `outputs: [{table|path, rows}]`.
    """
    found: dict[str, int] = {}
    counts = manifest.get("counts")
    if isinstance(counts, dict):
        for t in TABLES:
            v = counts.get(t)
            if isinstance(v, int):
                found[t] = v
            elif isinstance(v, dict):
                for key in ("rows", "num_rows", "n_rows", "count"):
                    if isinstance(v.get(key), int):
                        found[t] = v[key]
                        break
    tables = manifest.get("tables")
    if isinstance(tables, dict):
        for t in TABLES:
            v = tables.get(t)
            if isinstance(v, dict):
                for key in ("rows", "num_rows", "n_rows", "count"):
                    if t not in found and isinstance(v.get(key), int):
                        found[t] = v[key]
    elif isinstance(tables, list):
        for v in tables:
            if isinstance(v, dict) and v.get("name") in TABLES:
                for key in ("rows", "num_rows", "n_rows", "count"):
                    if v["name"] not in found and isinstance(v.get(key), int):
                        found[v["name"]] = v[key]
    outputs = manifest.get("outputs")
    if isinstance(outputs, list):
        per: dict[str, int] = {}
        for o in outputs:
            if not isinstance(o, dict):
                continue
            t = o.get("table") or str(o.get("path", "")).split("/")[0]
            rows = next((o[k] for k in ("rows", "num_rows", "n_rows") if isinstance(o.get(k), int)), None)
            if t in TABLES and rows is not None:
                per[t] = per.get(t, 0) + rows
        for t, n in per.items():
            found.setdefault(t, n)
    return found


@pytest.fixture(scope="session")
def counts(manifest) -> dict[str, int]:
    c = manifest_counts(manifest)
    missing = [t for t in TABLES if t not in c]
    if missing:
        pytest.fail(f"manifest.json gives no row count for {missing}: {json.dumps(manifest)[:2000]}")
    return c


# --- the Python package -------------------------------------------------------------------------

#: Generated articles in the corpus the Python package is compared on (besides the seeds).
GENERATED_ARTICLES = 300


@pytest.fixture(scope="session")
def whosaid_py():
    """The `whosaid` Python package (fails, not skips, when scripts/test.sh has not installed it)."""
    try:
        import whosaid as package
    except ImportError as e:
        pytest.fail(f"the whosaid Python package is not installed ({e}); run scripts/test.sh")
    return package


@pytest.fixture(scope="session")
def corpus(whosaid, tmp_path_factory):
    """Seeds plus generated articles, built by the CLI once (see corpus.py)."""
    from corpus import build_corpus

    return build_corpus(whosaid, tmp_path_factory.mktemp("corpus"), GENERATED_ARTICLES)


# --- schema/<table>.json ----------------------------------------------------------------------

def load_schema(table: str) -> list[dict]:
    """Columns of schema/<table>.json as [{name, type, nullable}], in order.

    Accepts a top-level list of columns or an object with `columns`/`fields`; each column has
    `name`, a type under `type`/`arrow_type`/`data_type`, and `nullable` (default false).
    """
    path = SCHEMA_DIR / f"{table}.json"
    if not path.is_file():
        pytest.fail(f"{path.relative_to(REPO)} does not exist")
    doc = json.loads(path.read_text(encoding="utf-8"))
    cols = doc if isinstance(doc, list) else next((doc[k] for k in ("columns", "fields") if k in doc), None)
    if not isinstance(cols, list) or not cols:
        pytest.fail(f"{path.relative_to(REPO)} has no columns list")
    out = []
    for c in cols:
        ty = next((c[k] for k in ("type", "arrow_type", "data_type") if k in c), None)
        if ty is None:
            pytest.fail(f"{path.relative_to(REPO)}: column {c.get('name')!r} has no type")
        out.append({"name": c["name"], "type": ty, "nullable": bool(c.get("nullable", False)),
                    "description": c.get("description") or c.get("doc") or ""})
    return out


def canon_type(t) -> str:
    """Canonical type name for a schema-file type (string or {type, item...}) or a pyarrow type."""
    try:
        import pyarrow as pa
    except ImportError:  # pragma: no cover
        pa = None
    if pa is not None and isinstance(t, pa.DataType):
        if pa.types.is_list(t) or pa.types.is_large_list(t):
            return f"list<{canon_type(t.value_type)}>"
        if pa.types.is_dictionary(t):
            return canon_type(t.value_type)
        s = str(t)
    elif isinstance(t, dict):
        base = str(t.get("type") or t.get("name") or "").lower()
        item = t.get("item") or t.get("items") or t.get("value_type") or t.get("element")
        if base in ("list", "large_list") and item is not None:
            return f"list<{canon_type(item)}>"
        s = base
    else:
        s = str(t)
    s = s.strip().lower().replace(" ", "")
    aliases = {
        "string": "utf8", "str": "utf8", "large_string": "utf8", "largeutf8": "utf8", "large_utf8": "utf8",
        "utf8": "utf8", "date32[day]": "date32", "date32": "date32", "bool": "bool", "boolean": "bool",
        "double": "float64", "float": "float32", "halffloat": "float16",
    }
    if s.startswith(("list<", "large_list<")):
        inner = s[s.index("<") + 1 : -1]
        if ":" in inner:  # pyarrow's "list<item: string>"
            inner = inner.split(":", 1)[1]
        return f"list<{canon_type(inner)}>"
    if s.startswith("list[") or s.startswith("list("):
        return f"list<{canon_type(s[5:-1])}>"
    return aliases.get(s, s)


def duckdb_views(out: Path):
    """A DuckDB connection with one view per table of the dataset in `out`."""
    import duckdb

    c = duckdb.connect()
    for t in TABLES:
        c.execute(f"CREATE VIEW {t} AS SELECT * FROM '{out}/{t}/*.parquet'")
    return c


def parquet_parts(out: Path, table: str) -> list[Path]:
    return sorted((out / table).glob("*.parquet"))


def all_files(root: Path) -> dict[str, bytes]:
    """Every regular file under root, by relative path, with its bytes."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def python() -> str:
    return sys.executable


def pytest_configure(config):
    # Third-party deprecation noise from mlcroissant's dependencies (rdflib), not ours.
    config.addinivalue_line("filterwarnings", "ignore::DeprecationWarning:rdflib.*")
    config.addinivalue_line("filterwarnings", "ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
    # ...and from mlcroissant's use of pandas (reset_index(inplace=True)).
    config.addinivalue_line("filterwarnings", "ignore:The inplace keyword in DataFrame.reset_index")
    # ...and from Ray Data's own configuration defaults.
    config.addinivalue_line("filterwarnings", "ignore::DeprecationWarning:ray.*")
