#!/usr/bin/env bash
# requires: torch
# stepwise eval end to end: train a tiny student, evaluate it (k = 2, a robustness set, an
# out-of-distribution split), rescore the stored generations without the model and get the
# same summary, and check the bad inputs: missing files, a bad generations line reported with
# file:line, and --strict.
set -euo pipefail
BIN=$1
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"

"$BIN" gen shopping_change -n 200 --seed 1 --difficulty 1 -o train.jsonl -q
"$BIN" gen shopping_change -n 8 --seed 2 --difficulty 1 -o held.jsonl -q
"$BIN" train --data train.jsonl --out run --d 32 --layers 1 --heads 2 --ctx 256 --steps 30 \
  --batch 8 --log-every 10 --quiet

"$BIN" eval run/checkpoint.safetensors --problems held.jsonl --label tiny -k 2 --perturb-sets 1 \
  --ood-digits 1 --seed 3 --max-new-tokens 120 --generations gen.jsonl --summary sum.json \
  --html report.html > out.txt 2> err.txt
grep -q "strict" err.txt || { cat err.txt; echo "no table"; exit 1; }
grep -q "^tiny" err.txt
head -c 15 report.html | grep -q "<!DOCTYPE html>"
test "$(wc -l < gen.jsonl)" -eq $((1 + 8 * 2 * 4))  # header + 8 problems x 2 samples x 4 sets

"$BIN" eval --rescore gen.jsonl --summary re.json --quiet
python3 - sum.json re.json <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
for x in (a, b):
    x.pop("timing"); x.pop("diagnostics")
assert a == b, "rescore differs from the evaluation"
m = a["models"][0]
assert a["k"] == 2 and a["n_problems"] == 8, a
assert set(m["splits"]) == {"heldout", "numbers", "distractor", "ood_digits"}, m["splits"].keys()
h = m["splits"]["heldout"]
assert h["n"] == 8 and h["n_samples"] == 16, h
for key in ("accuracy", "accuracy_flexible", "extraction_failure", "maj_at_k", "step_validity"):
    assert 0 <= h[key] <= 1, (key, h[key])
assert m["splits"]["numbers"]["sets"]["n_sets"] == 1
assert len(m["curve"]) == 3 and m["info"]["mode"] == "trace"
print("cli_eval: rescore reproduces the summary;", "held-out accuracy", h["accuracy"])
PY

# Bad inputs.
set +e
"$BIN" eval run/checkpoint.safetensors --problems missing.jsonl -q 2> e1.txt; rc1=$?
"$BIN" eval nowhere/checkpoint.safetensors --problems held.jsonl -q 2> e2.txt; rc2=$?
"$BIN" eval --problems held.jsonl -q 2> e3.txt; rc3=$?
set -e
[ $rc1 -eq 1 ] && grep -q "missing.jsonl" e1.txt || { cat e1.txt; echo "missing problems: rc $rc1"; exit 1; }
[ $rc2 -eq 1 ] && grep -q "nowhere" e2.txt || { cat e2.txt; echo "missing checkpoint: rc $rc2"; exit 1; }
[ $rc3 -eq 2 ] || { cat e3.txt; echo "no checkpoint: rc $rc3"; exit 1; }

cp gen.jsonl bad.jsonl
echo '{"model": "tiny", "split": "heldout", "set": 0, "index": 0, "sample": 7}' >> bad.jsonl
echo 'not json' >> bad.jsonl
bad_line=$(( $(wc -l < gen.jsonl) + 1 ))
"$BIN" eval --rescore bad.jsonl --summary bad.json --quiet 2> e4.txt
grep -q "bad.jsonl:$bad_line:" e4.txt || { cat e4.txt; echo "bad line not located"; exit 1; }
python3 -c "import json,sys; d=json.load(open('bad.json')); assert d['diagnostics']['bad_records'] == 2, d['diagnostics']"
set +e
"$BIN" eval --rescore bad.jsonl --strict --quiet 2> e5.txt; rc5=$?
set -e
[ $rc5 -eq 1 ] && grep -q "bad.jsonl:$bad_line" e5.txt || { cat e5.txt; echo "--strict: rc $rc5"; exit 1; }
echo "cli_eval: ok"
