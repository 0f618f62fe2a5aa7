#!/usr/bin/env bash
# End-to-end throughput and memory: scripts/bench.sh [SIZE_MB] (default 1024).
#
# 1. Generates (once per size) a deterministic synthetic JSONL corpus of SIZE_MB MiB from
#    seeds/ into bench-data/: ids vary, body paragraphs are shuffled with a per-article seed,
#    dates vary; the header line is kept.
# 2. Builds the release binary.
# 3. Runs `whosaid build` with --threads 1 and with all threads, printing MB/s of input and of
#    article text and peak RSS for each, the speed-up, and whether both outputs are
#    byte-identical.
#
# Targets: >= 40 MB of article text per second with one thread, >= 1.7x with 2 threads, peak
# RSS < 300 MB on 1 GB.
set -euo pipefail

SIZE_MB="${1:-1024}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DATA="$ROOT/bench-data"
CORPUS="$DATA/corpus-${SIZE_MB}MiB.jsonl"
mkdir -p "$DATA"

if [[ ! -s "$CORPUS" ]]; then
  echo "generating $CORPUS ..." >&2
  python3 - "$ROOT/seeds" "$CORPUS.tmp" "$SIZE_MB" <<'PY'
import json, os, random, sys
seeds_dir, out_path, size_mb = sys.argv[1], sys.argv[2], int(sys.argv[3])
target = size_mb * 1024 * 1024
seeds = []
for name in sorted(os.listdir(seeds_dir)):
    if name.endswith(".txt"):
        with open(os.path.join(seeds_dir, name), encoding="utf-8") as f:
            paras = [p for p in f.read().split("\n\n") if p.strip()]
        seeds.append(paras)
written, i = 0, 0
with open(out_path, "w", encoding="utf-8") as out:
    while written < target:
        paras = list(seeds[i % len(seeds)])
        head, body = paras[:1], paras[1:]
        random.Random(i).shuffle(body)
        day = 1 + i % 28
        line = json.dumps({
            "id": f"bench-{i:09d}",
            "date": f"2019-{1 + i % 12:02d}-{day:02d}",
            "url": f"https://example.org/news/{i}",
            "text": "\n\n".join(head + body) + "\n",
        }, ensure_ascii=False) + "\n"
        data = line.encode("utf-8")
        out.write(line)
        written += len(data)
        i += 1
print(f"{i} articles, {written / 1e6:.1f} MB", file=sys.stderr)
PY
  mv "$CORPUS.tmp" "$CORPUS"
fi

echo "building release binary ..." >&2
(cd "$ROOT" && cargo build --release --quiet --bin whosaid)
BIN="$ROOT/target/release/whosaid"
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
echo "corpus: $CORPUS ($MB MB, of which $(python3 -c "print(f'{$TEXT / 1e6:.1f}')") MB article text), $NPROC cores"
declare -A SECS
for T in 1 "$NPROC"; do
  rm -rf "$DATA/out-$T"
  read -r secs rss cpu < <(measure "$BIN" build "$CORPUS" --out "$DATA/out-$T" --threads "$T" --quiet)
  SECS[$T]=$secs
  python3 -c "print(f'threads={$T}: {$secs:.1f} s, {$BYTES / 1e6 / $secs:.1f} MB/s of input ({$TEXT / 1e6 / $secs:.1f} MB/s of article text), peak RSS {$rss / 1024:.0f} MiB, CPU {$cpu:.1f} s ({$BYTES / 1e6 / $cpu:.1f} MB of input per CPU-second)')"
  echo "  (load average: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo n/a))"
done
python3 -c "print(f'speed-up with $NPROC threads: {${SECS[1]} / ${SECS[$NPROC]}:.2f}x')"
if diff -rq "$DATA/out-1" "$DATA/out-$NPROC" >/dev/null; then
  echo "outputs byte-identical: yes"
else
  echo "outputs byte-identical: NO" && exit 1
fi
