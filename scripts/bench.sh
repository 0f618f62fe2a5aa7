#!/usr/bin/env bash
# End-to-end throughput and memory: scripts/bench.sh [SIZE_MB] [--devset DOCS_DIR]
#
# 1. Generates (once per size) a deterministic synthetic JSONL corpus of SIZE_MB MiB (default
#    1024) into bench-data/ with scripts/bench_corpus.py: invented articles from templates and
#    name lists whose density of quotations, names and speakers matches real news (the PolNeAR
#    train split: ~4.6 KB per article, ~2.3 quotes per KB, ~4 speakers per article).
# 2. With --devset DOCS_DIR, also a second corpus: those .txt articles ten times over as JSONL
#    (bench-data/devset-x10.jsonl; git-ignored, never committed: the dev set is not ours).
# 3. Builds the release binary (or uses $WHOSAID_BIN, e.g. an older build to compare against).
# 4. Runs `whosaid build` on each corpus with --threads 1 and with all threads, printing MB/s of
#    input and of article text and peak RSS for each, the speed-up, and whether both outputs
#    are byte-identical.
#
# Targets: on a quiet machine, one thread at least 18 MB/s of article text on the dev set x10
# (the figure before issue 13), and on both corpora no slower than the previous release measured
# back to back ($WHOSAID_BIN=old/whosaid scripts/bench.sh ...; compare the MB of article text per
# CPU-second on a busy machine); >= 1.7x with 2 threads; peak RSS < 300 MB on 1 GB.
set -euo pipefail

SIZE_MB=1024
DEVSET=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --devset) DEVSET="$2"; shift 2 ;;
    -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
    *) SIZE_MB="$1"; shift ;;
  esac
done
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DATA="$ROOT/bench-data"
mkdir -p "$DATA"
CORPORA=("$DATA/news-${SIZE_MB}MiB.jsonl")
if [[ ! -s "${CORPORA[0]}" ]]; then
  echo "generating ${CORPORA[0]} ..." >&2
  python3 "$ROOT/scripts/bench_corpus.py" "${CORPORA[0]}.tmp" "$SIZE_MB"
  mv "${CORPORA[0]}.tmp" "${CORPORA[0]}"
fi
if [[ -n "$DEVSET" ]]; then
  CORPORA+=("$DATA/devset-x10.jsonl")
  if [[ ! -s "${CORPORA[1]}" ]]; then
    echo "generating ${CORPORA[1]} ..." >&2
    python3 "$ROOT/scripts/bench_corpus.py" --devset "$DEVSET" "${CORPORA[1]}.tmp" 10
    mv "${CORPORA[1]}.tmp" "${CORPORA[1]}"
  fi
fi

if [[ -n "${WHOSAID_BIN:-}" ]]; then
  BIN="$WHOSAID_BIN"
else
  echo "building release binary ..." >&2
  (cd "$ROOT" && cargo build --release --quiet --bin whosaid)
  BIN="$ROOT/target/release/whosaid"
fi
NPROC="$(nproc 2>/dev/null || getconf _NPROCESSORS_ONLN)"

# Runs one build and prints "seconds max_rss_kb cpu_seconds" (rusage of the child). CPU seconds
# make throughput comparable on a busy machine.
measure() {
  python3 - "$@" <<'PY'
import resource, subprocess, sys, time
t = time.perf_counter()
r = subprocess.run(sys.argv[1:])
dt = time.perf_counter() - t
if r.returncode != 0:
    sys.exit(f"whosaid failed with exit code {r.returncode}")
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print(f"{dt:.3f} {ru.ru_maxrss} {ru.ru_utime + ru.ru_stime:.3f}")
PY
}

bench() {
  local CORPUS="$1"
  local BYTES MB TEXT
  BYTES=$(stat -c %s "$CORPUS" 2>/dev/null || stat -f %z "$CORPUS")
  MB=$(python3 -c "print(f'{$BYTES / 1e6:.1f}')")
  # Bytes of article text (the `text` fields, UTF-8), counted once per corpus: the throughput
  # target is stated in MB of article text, which is less than the JSONL file.
  if [[ ! -s "$CORPUS.text-bytes" || "$CORPUS.text-bytes" -ot "$CORPUS" ]]; then
    python3 -c '
import json, sys
print(sum(len(json.loads(line)["text"].encode()) for line in open(sys.argv[1], "rb")))' "$CORPUS" > "$CORPUS.text-bytes"
  fi
  TEXT=$(cat "$CORPUS.text-bytes")
  echo "corpus: $CORPUS ($MB MB, of which $(python3 -c "print(f'{$TEXT / 1e6:.1f}')") MB article text), $NPROC cores, $BIN"
  declare -A SECS
  for T in 1 "$NPROC"; do
    rm -rf "$DATA/out-$T"
    read -r secs rss cpu < <(measure "$BIN" build "$CORPUS" --out "$DATA/out-$T" --threads "$T" --quiet)
    SECS[$T]=$secs
    python3 -c "print(f'threads={$T}: {$secs:.1f} s, {$BYTES / 1e6 / $secs:.1f} MB/s of input ({$TEXT / 1e6 / $secs:.1f} MB/s of article text), peak RSS {$rss / 1024:.0f} MiB, CPU {$cpu:.1f} s ({$TEXT / 1e6 / $cpu:.1f} MB of article text per CPU-second)')"
    echo "  (load average: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo n/a))"
  done
  python3 -c "print(f'speed-up with $NPROC threads: {${SECS[1]} / ${SECS[$NPROC]}:.2f}x')"
  if diff -rq "$DATA/out-1" "$DATA/out-$NPROC" >/dev/null; then
    echo "outputs byte-identical: yes"
  else
    echo "outputs byte-identical: NO" && exit 1
  fi
}

for CORPUS in "${CORPORA[@]}"; do
  bench "$CORPUS"
done
