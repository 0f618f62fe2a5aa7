"""The repository README's examples really run against a built `out/`."""

from __future__ import annotations

import re
import subprocess
import sys

import duckdb
import pytest

from conftest import REPO


def blocks(lang: str) -> list[str]:
    path = REPO / "README.md"
    if not path.is_file():
        return []
    text = path.read_text(encoding="utf-8")
    return [m.group(1) for m in re.finditer(rf"^```{lang}[ \t]*\n(.*?)^```[ \t]*$", text, re.S | re.M)]


#: README blocks that reproduce a file of examples/ start with this; test_examples.py runs them.
EXAMPLE_MARK = "# examples/"


def snippets() -> list[str]:
    """The README's Python blocks that run in a folder holding `out/` (the examples/ files run
    from the repository root instead)."""
    return [b for b in blocks("python") if not b.startswith(EXAMPLE_MARK)]


def test_readme_has_examples():
    assert blocks("python"), "README.md has no ```python example"
    assert blocks("sql"), "README.md has no ```sql example"


def test_readme_quick_start_commands():
    text = (REPO / "README.md").read_text(encoding="utf-8")
    assert "cargo run --release -- build" in text
    assert "scripts/test.sh" in text


@pytest.mark.parametrize("i", range(max(1, len(snippets()))))
def test_readme_python_example_runs(out, i):
    code = snippets()
    assert i < len(code), "README.md has no ```python block"
    proc = subprocess.run([sys.executable, "-c", code[i]], cwd=out.parent, capture_output=True, text=True,
                          timeout=300, stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, f"README python block {i} failed:\n{code[i]}\n--- stderr ---\n{proc.stderr}"
    assert proc.stdout.strip(), f"README python block {i} printed nothing"


@pytest.mark.parametrize("i", range(max(1, len(blocks("sql")))))
def test_readme_sql_example_runs(out, i, monkeypatch):
    sql = blocks("sql")
    assert i < len(sql), "README.md has no ```sql block"
    monkeypatch.chdir(out.parent)
    con = duckdb.connect()
    rows = con.execute(sql[i]).fetchall()
    assert rows, f"README sql block {i} returned no rows:\n{sql[i]}"


@pytest.mark.parametrize("table", ["articles", "sentences", "quotes", "speakers", "mentions"])
def test_readme_column_tables_match_schema_files(table):
    """The README's column table for each output table lists schema/<table>.json's columns, in
    order, with `?` exactly on the nullable ones (regenerate the README section when a schema changes)."""
    from conftest import load_schema

    text = (REPO / "README.md").read_text(encoding="utf-8")
    m = re.search(rf"^### {table}\b.*?\n((?:\|[^\n]*\n)+)", text, re.S | re.M)
    assert m, f"README.md has no column table under '### {table}'"
    rows = [line.split("|")[1].strip() for line in m.group(1).splitlines()[2:]]
    want = [c["name"] + ("?" if c["nullable"] else "") for c in load_schema(table)]
    assert rows == want
