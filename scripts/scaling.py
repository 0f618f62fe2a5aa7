#!/usr/bin/env python3
"""Scaling benchmark: time and peak RSS of `whosaid build --threads 1` on one article that grows.

    scripts/scaling.py [--bin PATH] [--sizes 30,60,120,240,480,960] [--big-mb 50] [--cases a,b]

Each case is a generator of invented text, written at each size (KB) as one `.txt` article and
built alone; the table shows seconds, peak RSS and the ratio of each time to the one before
(the size doubles, so a linear stage gives ~2x, a quadratic one ~4x). Then one article of
--big-mb MB (news-like paragraphs with quotes and names) is built. Nothing is asserted: the
numbers are for the reader (the README states the bound: each doubling at most ~2.2x time).

Without --bin, the release binary is built and used.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

FIRST = ["Amara", "Tomas", "Lina", "Kofi", "Ines", "Rurik", "Maelis", "Oskar", "Priya", "Dario", "Yusra", "Helmi"]
LAST = ["Diallo", "Berglund", "Okafor", "Marchetti", "Ferreira", "Halvorsen", "Nakamura", "Quispe", "Vasquez",
        "Lindqvist", "Mbeki", "Castellan"]
ROLES = ["the minister", "the mayor", "a spokeswoman", "the director", "the senator", "an adviser"]
VERBS = ["said", "told reporters", "added", "warned", "noted", "insisted"]


def repeat_to(unit: str, size: int) -> str:
    return (unit * (size // len(unit.encode()) + 1))[: size]


def quote_marks(size: int) -> str:
    """One sentence of many short quotations in every mark family (the issue's case)."""
    return repeat_to('"a" “b” ‘c’ «d» ', size)


def curly_pairs(size: int) -> str:
    """One sentence of curly pairs: `“b” “b” …`."""
    return repeat_to("“b” ", size)


def open_marks(size: int) -> str:
    """Openers that never close, in one paragraph: the worst case for pairing."""
    return "She said: " + repeat_to("“a ‘b «c ", size)


def json_blob(size: int) -> str:
    """An inline JSON object (a scraped page's data island): quotes, colons and commas."""
    rng = random.Random(7)
    items, n = {}, 0
    while n < size:
        key = f"field_{len(items)}"
        value = {"name": f"{rng.choice(FIRST)} {rng.choice(LAST)}", "says": "we will see", "n": rng.randint(0, 999),
                 "tags": ["a", "b"]}
        items[key] = value
        n += len(key) + 80
    return "Data: " + json.dumps(items, ensure_ascii=False)[:size] + "\n"


def names(size: int) -> str:
    """Paragraphs dense with distinct person names, titles, pronouns and attributed quotes."""
    rng = random.Random(11)
    out, n, i = [], 0, 0
    while n < size:
        a = f"{rng.choice(FIRST)} {rng.choice(LAST)}{i % 97}"
        b = f"{rng.choice(FIRST)} {rng.choice(LAST)}{(i * 7) % 89}"
        para = (f"{a} met {b} and {rng.choice(ROLES)} on Monday. "
                f"“We will keep talking,” {a.split()[-1]} {rng.choice(VERBS)}. "
                f"He added that {b} would attend. “It is not over,” {rng.choice(ROLES)} said.\n\n")
        out.append(para)
        n += len(para.encode())
        i += 1
    return "".join(out)[:size]


def surnames(size: int) -> str:
    """Many different people of one family name, each quoted: the worst case for joining a
    surname to the right person."""
    rng = random.Random(13)
    syll = ["ka", "lo", "mi", "ren", "su", "ta", "vi", "dor", "ne", "pa"]
    out, n, i = [], 0, 0
    while n < size:
        first = "".join(rng.choice(syll) for _ in range(3)).capitalize() + str(i)
        para = (f"{first} Castellan, the minister, spoke on Monday. “We are ready,” Castellan said. "
                f"“So is the cabinet,” the minister added.\n\n")
        out.append(para)
        n += len(para.encode())
        i += 1
    return "".join(out)[:size]


def news(size: int) -> str:
    """News-like paragraphs built from the seed articles, repeated (the big article)."""
    paras = []
    for p in sorted((ROOT / "seeds").glob("*.txt")):
        paras += [x for x in p.read_text(encoding="utf-8").split("\n\n")[1:] if x.strip()]
    rng = random.Random(3)
    out, n = [], 0
    while n < size:
        para = rng.choice(paras) + "\n\n"
        out.append(para)
        n += len(para.encode())
    return "".join(out)


CASES = {"quote-marks": quote_marks, "curly-pairs": curly_pairs, "open-marks": open_marks, "json-blob": json_blob,
         "names": names, "surnames": surnames}


def measure(binary: Path, text: str, work: Path) -> tuple[float, float]:
    """Seconds and peak RSS (MiB) of one build of `text` as a one-article folder."""
    corpus, out = work / "in", work / "out"
    shutil.rmtree(corpus, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    corpus.mkdir()
    (corpus / "article.txt").write_text(text, encoding="utf-8")
    cmd = [str(binary), "build", str(corpus), "--out", str(out), "--threads", "1", "--quiet"]
    # RUSAGE_CHILDREN is a maximum over all children so far: run each build in its own
    # process group of one python child to read its own peak.
    probe = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
             "r = subprocess.run(sys.argv[1:]); dt = time.perf_counter() - t; "
             "print(r.returncode, dt, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    res = subprocess.run([sys.executable, "-c", probe, *cmd], capture_output=True, text=True, check=True)
    code, secs, rss = res.stdout.split()
    if code != "0":
        sys.exit(f"whosaid failed ({code}) on {len(text)} bytes")
    return float(secs), int(rss) / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", type=Path)
    ap.add_argument("--sizes", default="30,60,120,240,480,960", help="article sizes in KB")
    ap.add_argument("--big-mb", type=float, default=50, help="size of the one big article (0: skip)")
    ap.add_argument("--cases", default=",".join(CASES))
    args = ap.parse_args()
    binary = args.bin
    if binary is None:
        subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "whosaid"], cwd=ROOT, check=True)
        binary = ROOT / "target" / "release" / "whosaid"
    sizes = [int(s) * 1000 for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory(prefix="whosaid-scaling-") as tmp:
        work = Path(tmp)
        print(f"{'case':<12} {'KB':>6} {'seconds':>8} {'ratio':>6} {'peak MiB':>9}")
        for name in args.cases.split(","):
            prev = None
            for size in sizes:
                secs, rss = measure(binary, CASES[name](size), work)
                ratio = f"{secs / prev:.2f}" if prev and prev > 0.05 else "-"
                print(f"{name:<12} {size // 1000:>6} {secs:>8.3f} {ratio:>6} {rss:>9.0f}", flush=True)
                prev = secs
        if args.big_mb > 0:
            size = int(args.big_mb * 1e6)
            secs, rss = measure(binary, news(size), work)
            print(f"{'news':<12} {size // 1000:>6} {secs:>8.3f} {'-':>6} {rss:>9.0f}")


if __name__ == "__main__":
    os.environ.pop("SOURCE_DATE_EPOCH", None)
    main()
