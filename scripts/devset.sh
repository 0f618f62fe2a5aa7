#!/usr/bin/env bash
# Scores whosaid on a development set: scripts/devset.sh DOCS_DIR GOLD [OUT_DIR] [--confidence]
#
# 1. Builds the binary with the `fast` profile (release optimisation, incremental: seconds
#    after a change to one stage).
# 2. Runs `whosaid build DOCS_DIR` into OUT_DIR (default: devset-out/, git-ignored; the
#    converted articles and every output stay out of git).
# 3. Prints `whosaid eval --named-only --by-rule`: the per-rule table, then the summary line.
# 4. With --confidence, rewrites crates/core/src/attribution/confidence.tsv from that table
#    (see docs/EVALUATION.md for the definition), so that `quotes.confidence` is each rule's
#    measured precision. Rebuild afterwards.
#
# For PolNeAR's train split (see docs/EVALUATION.md for how to convert it):
#   scripts/devset.sh /path/to/polnear/docs /path/to/polnear/gold.jsonl
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CONFIDENCE=0
ARGS=()
for a in "$@"; do
  case "$a" in
    --confidence) CONFIDENCE=1 ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) ARGS+=("$a") ;;
  esac
done
if [[ ${#ARGS[@]} -lt 2 ]]; then
  echo "usage: scripts/devset.sh DOCS_DIR GOLD [OUT_DIR] [--confidence]" >&2
  exit 2
fi
DOCS="${ARGS[0]}"
GOLD="${ARGS[1]}"
OUT="${ARGS[2]:-$ROOT/devset-out}"
[[ -d "$DOCS" ]] || { echo "devset.sh: no such folder: $DOCS" >&2; exit 2; }
[[ -f "$GOLD" ]] || { echo "devset.sh: no such file: $GOLD" >&2; exit 2; }

(cd "$ROOT" && cargo build --profile fast --quiet --bin whosaid)
BIN="$ROOT/target/fast/whosaid"
rm -rf "$OUT"
"$BIN" build "$DOCS" --out "$OUT" --quiet
REPORT="$("$BIN" eval --named-only --by-rule --gold "$GOLD" "$OUT" | grep -v -E '^(WRONG|MISSED|SPURIOUS|NOTE) ')"
echo "$REPORT"

if [[ $CONFIDENCE -eq 1 ]]; then
  TSV="$ROOT/crates/core/src/attribution/confidence.tsv"
  echo "$REPORT" | python3 "$ROOT/scripts/confidence.py" > "$TSV.tmp"
  mv "$TSV.tmp" "$TSV"
  echo "wrote $TSV" >&2
fi
