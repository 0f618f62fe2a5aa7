"""`whosaid eval` prints exactly the numbers of the reference scorer shared/tools/score.py."""

from __future__ import annotations

import json
import random
import subprocess
import sys

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from conftest import SHARED, run

SCORE = SHARED / "tools" / "score.py"
GOLD = SHARED / "gold" / "seeds.jsonl"

needs_shared = pytest.mark.skipif(
    not SCORE.is_file(), reason=f"reference scorer not found at {SCORE} (shared/ must sit beside the repo)"
)


def score_py(gold, part, json_mode=True, named_only=False) -> str:
    args = [sys.executable, str(SCORE), str(gold), str(part)] + (["--json"] if json_mode else [])
    args += ["--named-only"] if named_only else []
    proc = subprocess.run(args, capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def score_py_line(gold, part, named_only=False) -> str:
    res = json.loads(score_py(gold, part, named_only=named_only))
    return " ".join(f"{k}={v}" for k, v in res.items())


def eval_output(whosaid, gold, out, *flags) -> list[str]:
    proc = run(whosaid, "eval", "--gold", gold, out, *flags)
    lines = [l for l in proc.stdout.splitlines() if l.strip()]
    assert lines, "whosaid eval printed nothing"
    return lines


@needs_shared
def test_eval_matches_score_py_on_seeds(whosaid, out):
    lines = eval_output(whosaid, GOLD, out)
    expected = score_py_line(GOLD, out / "quotes" / "part-00000.parquet")
    assert lines[-1] == expected
    assert lines[-1].startswith("gold=16 ")


@needs_shared
def test_eval_lists_the_same_errors_as_score_py_on_seeds(whosaid, out):
    lines = eval_output(whosaid, GOLD, out)
    ref = score_py(GOLD, out / "quotes" / "part-00000.parquet", json_mode=False).splitlines()
    for kind in ("WRONG", "MISSED"):
        assert sum(l.startswith(kind) for l in lines) == sum(l.startswith(kind) for l in ref), kind


SPEAKERS = [
    "Amir Hatami", "Brigadier General Amir Hatami", "Hatami", "he", "she", "they", "the Iranian minister",
    "the minister", "Minister", "Bashar al-Assad", "Assad", "President Bashar al-Assad", "the two sides",
    "Foreign Ministry", "the Foreign Ministry spokesman", "spokesman", "Ali Abdullah Ayyoub", "Ayyoub",
    "O\u2019Brien", "o'brien", "ＡＭＩＲ HATAMI", "Dr. Jane Doe", "Jane", "Recep Tayyip Erdo\u011fan", "Erdogan",
    "Jos\u00e9 Pe\u00f1a", "Jose Pena", "Jose\u0301", "King Abdullah", "Abdullah", "Prince Harry", "Harry", "", None,
]


def synthetic(tmp_path, seed: int, n_docs=6, n_gold=120, n_pred=160):
    """A random gold file and a quotes table with many near-threshold overlaps and tricky names."""
    rng = random.Random(seed)
    docs = [f"doc{i}" for i in range(n_docs)]
    gold = []
    for _ in range(n_gold):
        d = rng.choice(docs)
        s = rng.randrange(0, 2000)
        e = s + rng.choice([0, 1, 2, 10, 20, 40, 100])
        # About one gold quote in six has no named speaker (as in PolNeAR): --named-only matters.
        speaker = rng.choice([x for x in SPEAKERS if x]) if rng.random() > 1 / 6 else rng.choice(["", None])
        gold.append({"doc_id": d, "quote_start": s, "quote_end": e, "quote_text": f"q {d} {s}",
                     "speaker": speaker})
    preds = []
    for _ in range(n_pred):
        if rng.random() < 0.6:
            g = rng.choice(gold)
            d, length = g["doc_id"], g["quote_end"] - g["quote_start"]
            shift = rng.choice([0, 0, 1, -1, length // 2, -(length // 2), length // 2 + 1, length])
            s = max(0, g["quote_start"] + shift)
            e = s + max(0, length + rng.choice([0, 0, 1, -1, length]))
            if g["speaker"] and rng.random() < 0.5:  # a variant of the gold name: often right, sometimes not
                name = g["speaker"]
                speaker = rng.choice([name, name.upper(), "Mr " + name, name.split()[-1], "the " + name])
                preds.append({"article_id": d, "char_start": s, "char_end": e, "text": f"p {d} {s}",
                              "speaker": speaker})
                continue
        else:
            d = rng.choice(docs + ["other"])
            s = rng.randrange(0, 2000)
            e = s + rng.choice([1, 10, 40])
        preds.append({"article_id": d, "char_start": s, "char_end": e, "text": f"p {d} {s}",
                      "speaker": rng.choice(SPEAKERS)})
    gold_path = tmp_path / f"gold{seed}.jsonl"
    gold_path.write_text("".join(json.dumps(g, ensure_ascii=False) + "\n" for g in gold), encoding="utf-8")
    out = tmp_path / f"out{seed}"
    (out / "quotes").mkdir(parents=True)
    schema = pa.schema([("article_id", pa.string()), ("char_start", pa.int64()), ("char_end", pa.int64()),
                        ("text", pa.string()), ("speaker", pa.string())])
    part = out / "quotes" / "part-00000.parquet"
    # whosaid's Parquet reader is built with zstd only (the codec it writes).
    pq.write_table(pa.Table.from_pylist(preds, schema=schema), part, compression="zstd")
    return gold_path, out, part


@needs_shared
@pytest.mark.parametrize("named_only", [False, True])
@pytest.mark.parametrize("seed", range(8))
def test_eval_matches_score_py_on_random_cases(whosaid, tmp_path, seed, named_only):
    gold, out, part = synthetic(tmp_path, seed)
    lines = eval_output(whosaid, gold, out, *(["--named-only"] if named_only else []))
    assert lines[-1] == score_py_line(gold, part, named_only=named_only)
    ref = score_py(gold, part, json_mode=False, named_only=named_only).splitlines()
    for kind in ("WRONG", "MISSED"):
        assert sum(l.startswith(kind) for l in lines) == sum(l.startswith(kind) for l in ref), kind


@needs_shared
def test_named_only_changes_the_speaker_scores(whosaid, tmp_path):
    """The random cases have unnamed gold quotes, so the option is exercised, not a no-op."""
    gold, out, part = synthetic(tmp_path, 3)
    plain = eval_output(whosaid, gold, out)[-1]
    named = eval_output(whosaid, gold, out, "--named-only")[-1]
    assert plain.split(" quote_f1=")[0] == named.split(" quote_f1=")[0]
    assert plain != named


def test_by_rule_table_comes_before_the_summary(whosaid, out, tmp_path):
    gold = tmp_path / "g.jsonl"
    gold.write_text('{"doc_id": "x", "quote_start": 0, "quote_end": 5, "speaker": "A"}\n', encoding="utf-8")
    lines = eval_output(whosaid, gold, out, "--by-rule")
    assert lines[-1].startswith("gold=1 ")
    header = next(i for i, l in enumerate(lines) if l.startswith("rule "))
    assert lines[header].split() == ["rule", "mention", "predictions", "matched", "speaker_right", "precision"]


def test_eval_rejects_bad_gold_with_file_and_line(whosaid, tmp_path):
    _, out, _ = synthetic(tmp_path, 0)
    gold = tmp_path / "bad.jsonl"
    gold.write_text('{"doc_id": "x", "quote_start": 0, "quote_end": 5, "speaker": "A"}\n{oops\n', encoding="utf-8")
    proc = run(whosaid, "eval", "--gold", gold, out, check=False)
    assert proc.returncode != 0
    assert "bad.jsonl:2" in proc.stderr, proc.stderr


def test_eval_rejects_missing_dataset(whosaid, tmp_path):
    gold = tmp_path / "g.jsonl"
    gold.write_text('{"doc_id": "x", "quote_start": 0, "quote_end": 5, "speaker": "A"}\n', encoding="utf-8")
    proc = run(whosaid, "eval", "--gold", gold, tmp_path / "nowhere", check=False)
    assert proc.returncode != 0
    assert "nowhere" in proc.stderr, proc.stderr
