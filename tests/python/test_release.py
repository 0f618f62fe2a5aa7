"""Release properties: byte-identical rebuilds, SHA256SUMS, manifest, and `whosaid validate`."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess

import pyarrow.parquet as pq

from conftest import SEEDS, TABLES, all_files, build, parquet_parts, run


def _assert_same_tree(a, b, what):
    fa, fb = all_files(a), all_files(b)
    assert sorted(fa) == sorted(fb), f"{what}: different file lists"
    differ = [name for name in fa if fa[name] != fb[name]]
    assert not differ, f"{what}: files differ: {differ}"


def test_two_builds_are_byte_identical(whosaid, out, tmp_path):
    again = tmp_path / "again"
    build(whosaid, again)
    _assert_same_tree(out, again, "rebuild")


def test_thread_count_does_not_change_output(whosaid, tmp_path):
    one, two = tmp_path / "t1", tmp_path / "t2"
    build(whosaid, one, "--threads", "1")
    build(whosaid, two, "--threads", "2")
    _assert_same_tree(one, two, "--threads 1 vs 2")


def test_output_does_not_depend_on_working_directory_or_input_spelling(whosaid, out, tmp_path):
    """Same input bytes from another place (a copy of seeds/, given by relative path)."""
    work = tmp_path / "elsewhere"
    shutil.copytree(SEEDS, work / "seeds")
    proc = run(whosaid, "build", "seeds", "--out", "out", "--quiet", cwd=work)
    assert proc.returncode == 0
    _assert_same_tree(out, work / "out", "build from a copy of seeds/")


def test_sha256sums_check(out):
    proc = subprocess.run(["sha256sum", "-c", "--strict", "SHA256SUMS"], cwd=out, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_sha256sums_covers_every_file(out, manifest):
    """Every file but SHA256SUMS and manifest.json is listed. The manifest is written last (it
    marks the dataset complete) and records SHA256SUMS's own checksum, closing the chain."""
    sums = (out / "SHA256SUMS").read_text(encoding="utf-8")
    listed = {line.split(None, 1)[1].lstrip("*") for line in sums.splitlines() if line.strip()}
    expected = {p for p in all_files(out) if p not in ("SHA256SUMS", "manifest.json")}
    assert listed == expected, f"not listed: {sorted(expected - listed)}; listed but absent: {sorted(listed - expected)}"
    digest = hashlib.sha256((out / "SHA256SUMS").read_bytes()).hexdigest()
    assert digest in json.dumps(manifest), "manifest.json must record the sha256 of SHA256SUMS"


def test_manifest_hashes_match_files(out, manifest):
    text = json.dumps(manifest)
    for name, data in all_files(out).items():
        if name.endswith(".parquet"):
            digest = hashlib.sha256(data).hexdigest()
            assert digest in text, f"manifest.json does not record the sha256 of {name}"
    assert "skipped" in manifest, "manifest.json must list skipped inputs (possibly empty)"


def test_manifest_has_no_clock_values(out, manifest):
    import re

    text = (out / "manifest.json").read_text(encoding="utf-8")
    # An ISO timestamp with a time part would change from run to run.
    assert not re.search(r"\d{4}-\d\d-\d\dT\d\d:\d\d", text), "manifest.json holds a timestamp"


def test_parquet_footer_is_fixed(out):
    for t in TABLES:
        for part in parquet_parts(out, t):
            md = pq.ParquetFile(part).metadata
            assert md.created_by and "whosaid" in md.created_by.lower(), (part, md.created_by)


def test_validate_accepts_fresh_build(whosaid, out):
    proc = run(whosaid, "validate", out)
    assert proc.returncode == 0


def _flip_byte(path):
    data = bytearray(path.read_bytes())
    i = len(data) // 2
    data[i] ^= 0xFF
    path.write_bytes(bytes(data))


def test_validate_rejects_corrupted_part(whosaid, out_copy):
    part = out_copy / "quotes" / "part-00000.parquet"
    _flip_byte(part)
    proc = run(whosaid, "validate", out_copy, check=False)
    assert proc.returncode != 0, "validate accepted a corrupted parquet part"
    msg = proc.stderr + proc.stdout
    assert "quotes" in msg and "part-00000.parquet" in msg, f"message does not name the file: {msg!r}"


def test_validate_rejects_missing_table(whosaid, out_copy):
    shutil.rmtree(out_copy / "mentions")
    proc = run(whosaid, "validate", out_copy, check=False)
    assert proc.returncode != 0
    assert "mentions" in proc.stderr + proc.stdout


def test_validate_rejects_edited_manifest(whosaid, out_copy):
    """A manifest whose recorded checksums no longer match the files is rejected."""
    text = (out_copy / "manifest.json").read_text(encoding="utf-8")
    digest = hashlib.sha256((out_copy / "SHA256SUMS").read_bytes()).hexdigest()
    assert digest in text
    (out_copy / "manifest.json").write_text(text.replace(digest, "0" * 64), encoding="utf-8")
    proc = run(whosaid, "validate", out_copy, check=False)
    assert proc.returncode != 0, "validate accepted a manifest whose checksums do not match the files"
