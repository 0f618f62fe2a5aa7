#!/usr/bin/env python3
"""Writes attribution/confidence.tsv from `whosaid eval --by-rule` output (on stdin).

The confidence of an attribution is the measured speaker precision of its rule on the
development set, for the kind of mention the speaker was found through:

    p(rule, kind) = (right(rule, kind) + K * p(rule)) / (matched(rule, kind) + K)
    p(rule)       = (right(rule) + K * p_all) / (matched(rule) + K)
    p_all         = right / matched over every rule

with K = 10 pseudo-counts: a cell measured on many quotes is its own precision; one measured
on few leans towards its rule's (and a rule measured on few towards the overall precision).
Rules are taken from crates/core/tests/fixtures/rules/*.txt (one file per rule), so a rule
with no prediction on the development set still gets a row (p_all, or its rule's value)."""
import pathlib
import sys

K = 10
KINDS = ("name", "nominal", "pronoun")
ROOT = pathlib.Path(__file__).resolve().parents[1]

rows = {}
for line in sys.stdin:
    f = line.split()
    if len(f) != 6 or f[0] == "rule" or not f[2].isdigit():
        continue
    rows[(f[0], f[1])] = (int(f[3]), int(f[4]))  # matched, speaker_right
if not rows:
    sys.exit("confidence.py: no per-rule table on stdin (run `whosaid eval --by-rule`)")

rules = sorted(p.stem for p in (ROOT / "crates/core/tests/fixtures/rules").glob("*.txt"))
alls = [v for (r, k), v in rows.items() if k == "all"]
matched, right = sum(m for m, _ in alls), sum(r for _, r in alls)
p_all = right / matched if matched else 0.5


def smooth(right, matched, prior):
    return (right + K * prior) / (matched + K)


print("# Confidence of each rule's attributions: the rule's measured speaker precision on the")
print("# development set (PolNeAR train, `whosaid eval --named-only --by-rule`), by how the speaker")
print("# was mentioned, smoothed with 10 pseudo-counts towards the rule's (and the overall) precision.")
print("# Regenerate with `scripts/devset.sh DOCS GOLD --confidence`; see docs/EVALUATION.md.")
print("# Columns: rule, name, nominal (role noun), pronoun; then the counts behind them:")
print("# matched/right for the rule as a whole and for each kind.")
print("# rule\tname\tnominal\tpronoun\tmatched\tright\tname_n\tnominal_n\tpronoun_n")
for rule in rules:
    m, r = rows.get((rule, "all"), (0, 0))
    p_rule = smooth(r, m, p_all)
    cells, counts = [], []
    for kind in KINDS:
        km, kr = rows.get((rule, kind), (0, 0))
        cells.append(f"{smooth(kr, km, p_rule):.3f}")
        counts.append(f"{kr}/{km}")
    print("\t".join([rule, *cells, str(m), str(r), *counts]))
