"""Failure behaviour: interrupted runs, unwritable output, bad input documents."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from conftest import REPO, SEEDS, all_files, build, run

N_ARTICLES = 100_000


@pytest.fixture(scope="module")
def big_corpus(tmp_path_factory):
    """A gzip JSONL corpus of 100k articles (~500 MB of text, a few MB on disk, so the test fits
    on a machine short of disk): the seeds repeated under different ids."""
    seeds = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    assert seeds
    path = tmp_path_factory.mktemp("big") / "corpus.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=1) as f:
        for i in range(N_ARTICLES):
            # A varying first line keeps every article distinct (no accidental dedup by text).
            text = f"Copy {i}.\n\n" + seeds[i % len(seeds)]
            f.write(json.dumps({"id": f"big-{i:06d}", "text": text}, ensure_ascii=False))
            f.write("\n")
    return path


def _finished_looking_files(out):
    return sorted(
        p.relative_to(out).as_posix()
        for p in out.rglob("*")
        if p.is_file() and (p.name in ("manifest.json", "SHA256SUMS") or (p.name.startswith("part-") and p.name.endswith(".parquet")))
    )


def _wait_for_output(proc, out, timeout=120):
    """Until the output folder (or a staging folder beside it, named after it) appears."""
    deadline = time.monotonic() + timeout
    while proc.poll() is None and time.monotonic() < deadline:
        if out.exists() or any(p.name.startswith(out.name) for p in out.parent.iterdir()):
            return
        time.sleep(0.01)


def test_interrupted_build_leaves_nothing_that_looks_finished(whosaid, big_corpus, tmp_path):
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [str(whosaid), "build", str(big_corpus), "--out", str(out), "--quiet", "--threads", "2"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    try:
        _wait_for_output(proc, out)
        # Let it write for a while (so some table data is on disk), but stop well before the end.
        time.sleep(1.5)
        if proc.poll() is not None:
            err = proc.stderr.read().decode(errors="replace")
            pytest.fail(f"build of {N_ARTICLES} articles finished (exit {proc.returncode}) before it could be "
                        f"interrupted; make the corpus bigger. stderr: {err[-2000:]}")
        # Snapshot what is there mid-run, then kill.
        mid_run = _finished_looking_files(out) if out.exists() else []
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stderr.close()
    assert mid_run == [], f"files that look finished exist while the build is running: {mid_run}"
    left = _finished_looking_files(out) if out.exists() else []
    assert left == [], f"an interrupted build left files that look finished: {left}"


def test_rebuild_after_interruption_is_clean(whosaid, big_corpus, out, tmp_path):
    """Interrupt a big build, then build the seeds into the same folder: the result is exactly a
    fresh seeds build (no stale parts or temporary files from the killed run)."""
    dest = tmp_path / "out"
    proc = subprocess.Popen(
        [str(whosaid), "build", str(big_corpus), "--out", str(dest), "--quiet"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    _wait_for_output(proc, dest)
    time.sleep(1.5)
    proc.kill()
    proc.wait()
    build(whosaid, dest)
    assert sorted(all_files(dest)) == sorted(all_files(out)), "leftovers from the interrupted run remain"
    proc = run(whosaid, "validate", dest)
    assert proc.returncode == 0


def _as_unprivileged(cmd):
    """Root ignores directory permissions: run as `nobody` through setpriv, when possible."""
    if not (hasattr(os, "geteuid") and os.geteuid() == 0):
        return cmd
    setpriv = shutil.which("setpriv")
    if not setpriv:
        pytest.skip("running as root and setpriv is not available to drop privileges")
    return [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", *cmd]


def test_unwritable_output_folder(whosaid):
    base = Path(tempfile.mkdtemp(prefix="whosaid-locked-"))
    base.chmod(0o755)
    locked = base / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    probe = subprocess.run(_as_unprivileged(["cat", str(whosaid), str(next(SEEDS.glob("*.txt")))]),
                           capture_output=True, stdin=subprocess.DEVNULL)
    if probe.returncode != 0:
        shutil.rmtree(base, ignore_errors=True)
        pytest.skip("the unprivileged user cannot read the binary or seeds/")
    try:
        for dest in (locked / "out", locked):
            cmd = _as_unprivileged([str(whosaid), "build", "seeds", "--out", str(dest), "--quiet"])
            proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)
            assert proc.returncode != 0, f"build into unwritable {dest} succeeded"
            assert str(locked) in proc.stderr, f"error does not name the folder: {proc.stderr!r}"
            assert "panicked" not in proc.stderr, proc.stderr
            assert not (dest / "manifest.json").exists()
    finally:
        locked.chmod(0o755)
        shutil.rmtree(base, ignore_errors=True)


def test_unreadable_input_file_is_skipped_and_recorded(whosaid):
    """Run as an unprivileged user (root reads everything): a file it cannot read is skipped
    with a reason naming it, and every readable article is still processed."""
    base = Path(tempfile.mkdtemp(prefix="whosaid-unreadable-"))
    try:
        base.chmod(0o777)
        corpus = base / "corpus"
        shutil.copytree(SEEDS, corpus)
        locked = corpus / "locked.txt"
        locked.write_text("Nobody may read this.\n", encoding="utf-8")
        for p in [corpus, *corpus.iterdir()]:
            p.chmod(0o755 if p.is_dir() else 0o644)
        locked.chmod(0o000)
        probe = subprocess.run(_as_unprivileged(["cat", str(whosaid)]), capture_output=True, stdin=subprocess.DEVNULL)
        if probe.returncode != 0:
            pytest.skip("the unprivileged user cannot run the binary")
        out = base / "out"
        cmd = _as_unprivileged([str(whosaid), "build", str(corpus), "--out", str(out), "--quiet"])
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)
        assert proc.returncode == 0, proc.stderr
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        assert manifest["skipped"]["count"] == 1, manifest["skipped"]
        skipped = [json.loads(line) for line in (out / "skipped.jsonl").read_text(encoding="utf-8").splitlines()]
        assert len(skipped) == 1 and "locked.txt" in skipped[0]["source"], skipped
        assert skipped[0]["kind"] == "unreadable", skipped
        assert skipped[0]["reason"], skipped
        n_seeds = len(list(SEEDS.glob("*.txt")))
        assert manifest["counts"]["articles"] == n_seeds, manifest["counts"]
        assert pq.read_table(out / "articles").num_rows == n_seeds
    finally:
        for p in base.rglob("*"):
            try:
                p.chmod(0o755)
            except OSError:
                pass
        shutil.rmtree(base, ignore_errors=True)


def test_output_path_under_a_file(whosaid, tmp_path):
    """Also runs as root: the output folder cannot be created because its parent is a file."""
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    dest = blocker / "out"
    proc = build(whosaid, dest, check=False)
    assert proc.returncode != 0
    assert "not-a-dir" in proc.stderr, f"error does not name the path: {proc.stderr!r}"
    assert "panicked" not in proc.stderr, proc.stderr


def test_bad_documents_are_skipped_and_recorded(whosaid, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    (corpus / "zz_empty.txt").write_bytes(b"")
    (corpus / "zz_latin1.txt").write_bytes("Caf\xe9 said \u201chello\u201d.".encode("latin-1", errors="replace"))
    (corpus / "zz_binary.txt").write_bytes(bytes(range(256)) * 8)
    out = tmp_path / "out"
    proc = build(whosaid, out, inputs=(corpus,), cwd=tmp_path)
    assert proc.returncode == 0
    skipped = (out / "skipped.jsonl").read_text(encoding="utf-8")
    for name in ("zz_empty", "zz_latin1", "zz_binary"):
        assert name in skipped, f"{name} not recorded as skipped: {skipped}"
    import pyarrow.parquet as pq

    assert pq.read_table(out / "articles").num_rows == len(list(SEEDS.glob("*.txt")))


def test_strict_makes_bad_documents_fatal(whosaid, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    (corpus / "zz_bad.txt").write_bytes(b"\xff\xfe not utf-8 \xc3")
    out = tmp_path / "out"
    proc = build(whosaid, out, "--strict", inputs=(corpus,), cwd=tmp_path, check=False)
    assert proc.returncode != 0
    assert "zz_bad" in proc.stderr, proc.stderr
    assert not (out / "manifest.json").exists()


def test_jsonl_error_names_line(whosaid, tmp_path):
    lines = [json.dumps({"id": "a", "text": "He said \u201chello there\u201d."}), "{not json", json.dumps({"id": "b", "text": "x"})]
    path = tmp_path / "c.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    proc = build(whosaid, out, "--strict", inputs=(path,), cwd=tmp_path, check=False)
    assert proc.returncode != 0
    assert "c.jsonl:2" in proc.stderr, f"error should name file and line: {proc.stderr!r}"


def test_a_50_mb_article_is_processed(whosaid, tmp_path):
    """One 50 MB article (a single huge paragraph plus a normal one) goes through every stage:
    its row is written with exact sizes, its quotes are found, and the dataset validates."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    sentence = '"We will keep the clinic open," said Dr. Amara Diallo, the director. '
    body = sentence * (50_000_000 // len(sentence) + 1)
    text = "Health officials met on Monday.\n\n" + body + "\n"
    (corpus / "huge.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    run(whosaid, "build", corpus, "--out", out, "--quiet")
    articles = pq.read_table(out / "articles").to_pylist()
    assert len(articles) == 1 and articles[0]["n_bytes"] == len(text.encode()), "the 50 MB article was not kept whole"
    quotes = pq.read_table(out / "quotes", columns=["speaker"]).column("speaker").to_pylist()
    assert len(quotes) == body.count(sentence)
    assert set(quotes) == {"Amara Diallo"}
    assert run(whosaid, "validate", out).returncode == 0
