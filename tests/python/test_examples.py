"""The Python package's examples (examples/*.py, shown verbatim in the README) run from the
repository root and produce what the CLI produces on the seeds."""

from __future__ import annotations

import os
import subprocess
import sys

import pyarrow.parquet as pq
import pytest

from conftest import REPO
from test_readme import EXAMPLE_MARK, blocks

EXAMPLES = sorted((REPO / "examples").glob("*.py"))


def run_example(name: str, *args, timeout: float = 300) -> str:
    env = dict(os.environ, SPARK_LOCAL_IP="127.0.0.1", RAY_USAGE_STATS_ENABLED="0")
    proc = subprocess.run(
        [sys.executable, str(REPO / "examples" / name), *map(str, args)],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == 0, f"examples/{name} failed:\n{proc.stdout[-3000:]}\n--- stderr ---\n{proc.stderr[-6000:]}"
    return proc.stdout


def test_readme_shows_every_example_verbatim():
    assert [e.name for e in EXAMPLES] == ["notebook.py", "ray_quotes.py", "spark_quotes.py"]
    shown = {b.split("\n", 1)[0].split()[1]: b for b in blocks("python") if b.startswith(EXAMPLE_MARK)}
    for path in EXAMPLES:
        key = f"examples/{path.name}"
        assert key in shown, f"README.md does not show {key}"
        assert shown[key] == path.read_text(encoding="utf-8"), f"README.md's copy of {key} differs from the file"


def test_notebook_example(whosaid_py, counts):
    stdout = run_example("notebook.py")
    assert f"quotes: {counts['quotes']}, speakers: {counts['speakers']}, skipped: 0" in stdout
    assert "speaker_key" in stdout  # the Polars table was printed


@pytest.mark.parametrize("name", ["spark_quotes.py", "ray_quotes.py"])
def test_engine_example_writes_the_quotes_table(whosaid_py, out, name, tmp_path):
    stdout = run_example(name, tmp_path)
    written = pq.read_table(tmp_path / "quotes")
    cli = pq.read_table(out / "quotes")
    assert f"{cli.num_rows} quotes written to {tmp_path / 'quotes'}" in stdout
    assert sorted(written["quote_id"].to_pylist()) == sorted(cli["quote_id"].to_pylist())
    assert sorted(written["speaker"].to_pylist(), key=str) == sorted(cli["speaker"].to_pylist(), key=str)
