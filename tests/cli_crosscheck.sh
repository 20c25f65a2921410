#!/usr/bin/env bash
# End-to-end: gen -> synthetic teach -> verify -> crosscheck, and crosscheck's own contract
# (signals in every record, other fields unchanged, bad lines reported, same bytes twice).
# Usage: bash tests/cli_crosscheck.sh <path-to-stepwise> <repo-root>
set -euo pipefail
BIN=${1:?stepwise binary}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

has_verb() { "$BIN" "$1" --help >/dev/null 2>&1; }
has_verb crosscheck || fail "the binary has no crosscheck verb"

# 1. A hand-made group with a brittle candidate and a bad line.
cat > "$WORK/foreign.jsonl" <<'JSON'
{"id":"a","question":"Tom has 2 apples. He picks 2 more apples. Then he finds 3 more. How many apples does he have?","steps":["2+2=<<2+2=4>>4","4+3=<<4+3=7>>7"],"answer":"7","custom":[1,2.50]}
{"id":"b","question":"Tom has 2 apples. He picks 2 more apples. Then he finds 3 more. How many apples does he have?","steps":["He has 2 + 2 = 4 apples, then 4 + 3 = 7."],"answer":"7"}
{"id":"c","question":"Tom has 2 apples. He picks 2 more apples. Then he finds 3 more. How many apples does he have?","steps":["2*2=<<2*2=4>>4","4+3=<<4+3=7>>7"],"answer":"7"}
{"id":"d","question":"Tom has 2 apples. He picks 2 more apples. Then he finds 3 more. How many apples does he have?","steps":["2+3=<<2+3=5>>5","5+2=<<5+2=7>>7"],"answer":"7"}
{broken
JSON
"$BIN" crosscheck "$WORK/foreign.jsonl" -o "$WORK/foreign.out.jsonl" --summary "$WORK/s1.json" \
  2>"$WORK/err1.txt" || fail "crosscheck failed on foreign input"
grep -q "foreign.jsonl:5" "$WORK/err1.txt" || fail "bad line not reported with file:line"
python3 - "$WORK" <<'PY'
import json, sys
w = sys.argv[1]
recs = [json.loads(l) for l in open(f"{w}/foreign.out.jsonl")]
assert len(recs) == 4, len(recs)
assert recs[0]["custom"] == [1, 2.50]
xc = {r["id"]: r["crosscheck"] for r in recs}
assert xc["c"]["brittle"] and "brittle" in xc["c"]["flags"], xc["c"]
assert xc["c"]["counterexample"]["kind"] == "substitute"
assert not xc["a"]["brittle"] and xc["a"]["agreement"] == 1.0 and xc["a"]["k"] == 4
s = json.load(open(f"{w}/s1.json"))
assert s["problems"] == 1 and s["candidates"] == 4 and s["bad_lines"] == 1, s
assert s["flags"]["brittle"] == 1, s
PY

# 2. Determinism: same input, same seed, same bytes.
"$BIN" crosscheck "$WORK/foreign.jsonl" -o "$WORK/foreign.out2.jsonl" --quiet 2>/dev/null
cmp -s "$WORK/foreign.out.jsonl" "$WORK/foreign.out2.jsonl" || fail "output differs between runs"

# 3. The pipeline on synthetic-teacher candidates.
for v in gen teach verify; do
  if ! has_verb "$v"; then
    echo "SKIP pipeline part: the binary has no '$v' verb (module not built)"
    exit 0
  fi
done
"$BIN" gen shopping_change,discount_percent,average -n 20 --seed 3 -o "$WORK/problems.jsonl" --quiet \
  2>/dev/null || "$BIN" gen shopping_change,discount_percent,average -n 20 --seed 3 -o "$WORK/problems.jsonl"
"$BIN" teach "$WORK/problems.jsonl" --teacher synthetic -k 4 -o "$WORK/cands.jsonl" --quiet
"$BIN" verify "$WORK/cands.jsonl" -o "$WORK/verified.jsonl" --quiet
"$BIN" crosscheck "$WORK/verified.jsonl" -o "$WORK/checked.jsonl" --report \
  --summary "$WORK/s2.json" --perturbations 5 --seed 1
python3 - "$WORK" <<'PY'
import json, sys
w = sys.argv[1]
recs = [json.loads(l) for l in open(f"{w}/checked.jsonl")]
ins = [json.loads(l) for l in open(f"{w}/verified.jsonl")]
assert len(recs) == len(ins) and len(recs) > 0
for a, b in zip(ins, recs):
    b = dict(b)
    xc = b.pop("crosscheck")
    assert a == b, "a record changed beyond its crosscheck field"
    for k in ("agreement", "majority", "majority_answer", "k", "alt_agree", "lifted", "brittle",
              "counterexample", "distractor_ok", "flags"):
        assert k in xc, k
s = json.load(open(f"{w}/s2.json"))
assert s["problems"] == 60, s["problems"]
assert s["candidates"] == len(recs)
clean = [r for r in recs if r.get("meta", {}).get("flaws") == []]
lifted = sum(r["crosscheck"]["lifted"] for r in clean)
assert lifted >= 0.95 * len(clean), (lifted, len(clean))
assert "flaw_table" in s
PY
echo "cli_crosscheck: ok"
