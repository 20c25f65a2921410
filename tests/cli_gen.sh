#!/usr/bin/env bash
# End-to-end test of `stepwise gen`: --list, generation, determinism, answer format, summary,
# exhaustion and errors.
set -euo pipefail
BIN=${1:?usage: cli_gen.sh STEPWISE_BIN REPO_ROOT}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# --list: every family with a description and an example question.
"$BIN" gen --list >"$WORK/list.txt"
for f in shopping_change discount_percent unit_rate speed_distance_time average ratio_split \
         work_time linear_equation unit_conversion compound_interest addition_detailed \
         addition_terse multiplication_detailed multiplication_terse expression; do
  grep -q "^$f " "$WORK/list.txt" || fail "--list lacks $f"
done
[ "$(grep -c '    e.g. ' "$WORK/list.txt")" -ge 12 ] || fail "--list lacks examples"

# Generation: N records per family, valid JSON, the fields every record carries.
"$BIN" gen all -n 20 --seed 7 -o "$WORK/a.jsonl" --summary "$WORK/sum.json" 2>"$WORK/err.txt"
python3 - "$WORK/a.jsonl" "$WORK/sum.json" <<'PY' || fail "records or summary malformed"
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
assert len(recs) == 15 * 20, len(recs)
seen = set()
for r in recs:
    for k in ("id", "task", "question", "steps", "answer", "gold", "source", "program", "meta"):
        assert k in r, (k, r["id"])
    assert r["answer"] == r["gold"]
    assert r["source"] == {"kind": "generator", "name": r["task"]}
    assert r["id"].startswith(r["task"] + "-")
    assert r["steps"] and all("<<" in s["text"] or r["task"] == "compound_interest" for s in r["steps"][-1:])
    assert r["meta"]["family"] == r["task"] and 1 <= r["meta"]["difficulty"] <= 5
    assert "seed_index" in r["meta"] and "phrasing" in r["meta"]
    assert r["program"]["answer"] and r["program"]["ops"]
    assert (r["task"], r["question"]) not in seen
    seen.add((r["task"], r["question"]))
s = json.load(open(sys.argv[2]))
assert s["verb"] == "gen" and s["records"] == 300, s
assert s["families"]["expression"]["generated"] == 20
PY
grep -q "300 records from 15 families" "$WORK/err.txt" || fail "no human summary"

# Determinism: same seed, same bytes; another seed, other bytes.
"$BIN" gen all -n 20 --seed 7 -o "$WORK/b.jsonl" -q
cmp -s "$WORK/a.jsonl" "$WORK/b.jsonl" || fail "same seed gave different bytes"
"$BIN" gen all -n 20 --seed 8 -o "$WORK/c.jsonl" -q
cmp -s "$WORK/a.jsonl" "$WORK/c.jsonl" && fail "different seeds gave the same bytes"

# Answer format: the same problems, no steps.
"$BIN" gen shopping_change,expression -n 10 --seed 3 --difficulty 2-4 -q >"$WORK/t.jsonl"
"$BIN" gen shopping_change,expression -n 10 --seed 3 --difficulty 2-4 --format answer -q \
  >"$WORK/ans.jsonl"
python3 - "$WORK/t.jsonl" "$WORK/ans.jsonl" <<'PY' || fail "answer format differs"
import json, sys
t = [json.loads(l) for l in open(sys.argv[1])]
a = [json.loads(l) for l in open(sys.argv[2])]
assert len(t) == len(a) == 20
for x, y in zip(t, a):
    assert x["question"] == y["question"] and x["gold"] == y["gold"] == y["answer"]
    assert y["steps"] == [] and x["steps"]
    assert 2 <= y["meta"]["difficulty"] <= 4
PY

# Exhaustion: a small space stops early and says so (stderr and summary).
"$BIN" gen unit_conversion --difficulty 1 -n 40000 --seed 1 -o "$WORK/u.jsonl" \
  --summary "$WORK/u.json" 2>"$WORK/u.err"
grep -q "unit_conversion: only [0-9]* distinct problems at difficulty 1; generated [0-9]* of 40000" \
  "$WORK/u.err" || fail "no exhaustion message"
python3 - "$WORK/u.jsonl" "$WORK/u.json" <<'PY' || fail "exhaustion figures"
import json, sys
qs = [json.loads(l)["question"] for l in open(sys.argv[1])]
s = json.load(open(sys.argv[2]))
f = s["families"]["unit_conversion"]
assert f["exhausted"] and f["generated"] == len(qs) == len(set(qs)) < 40000
assert s["warnings"] and "only" in s["warnings"][0]
PY

# Errors: unknown family (exit 1), bad difficulty and no family (exit 2).
set +e
"$BIN" gen no_such_family -n 1 >/dev/null 2>"$WORK/e1"; rc1=$?
"$BIN" gen all --difficulty 7 >/dev/null 2>"$WORK/e2"; rc2=$?
"$BIN" gen >/dev/null 2>"$WORK/e3"; rc3=$?
set -e
[ $rc1 -eq 1 ] && grep -q 'unknown family "no_such_family"' "$WORK/e1" || fail "unknown family"
[ $rc2 -eq 2 ] && grep -q "bad difficulty" "$WORK/e2" || fail "bad difficulty"
[ $rc3 -eq 2 ] || fail "no family named"
[ ! -e "$WORK/nothing.jsonl" ] || fail "output written on error"
echo "cli_gen: ok"
