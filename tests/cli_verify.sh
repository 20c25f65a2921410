#!/usr/bin/env bash
# End-to-end: `stepwise verify` writes a verdict into every good record in input order, reports a
# bad line as file:line and counts it, prints the summary and writes it with --summary, fails
# under --strict, shards, reads stdin, and --explain shows findings under their steps.
# Usage: bash tests/cli_verify.sh <path-to-stepwise> <repo-root>
set -euo pipefail
SW=$(realpath "$1")
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
fail() { echo "FAIL: $*" >&2; exit 1; }

# Line 1: correct. Line 2: a wrong step. Line 3: not JSON. Line 4: blank. Line 5: a wrong
# answer. Line 6: correct, no gold.
cat > in.jsonl <<'EOF'
{"id":"a","question":"Ann buys 3 pens at $4 each and 2 books at $7 each. She pays with $50. How much change?","steps":["Pens cost 3*4=<<3*4=12>>12 dollars.","Books cost 2*7=<<2*7=14>>14 dollars.","Together 12+14=<<12+14=26>>26 dollars.","Change is 50-26=<<50-26=24>>24 dollars."],"answer":"24","gold":"24","meta":{"difficulty":2}}
{"id":"b","question":"Ann buys 3 pens at $4 each and 2 books at $7 each. How much in all?","steps":["Pens cost 3*4=<<3*4=12>>12 dollars.","Books cost 2*7=<<2*7=15>>15 dollars.","Together 12+15=<<12+15=27>>27 dollars."],"answer":"27","gold":"26"}
{"id":"c","question": oops}

{"id":"d","question":"Jo has 4 bags of 5 apples. How many apples?","steps":["4 * 5 = <<4*5=20>>20 apples.","#### 20"],"gold":"21"}
{"id":"e","question":"Natalia sold clips to 48 of her friends in April, and then she sold half as many clips in May. How many clips did Natalia sell altogether in April and May?","steps":["Natalia sold 48/2 = <<48/2=24>>24 clips in May.","Natalia sold 48+24 = <<48+24=72>>72 clips altogether in April and May.","#### 72"]}
EOF

# ---- the main run ----
"$SW" verify in.jsonl -o out.jsonl -j 2 --summary sum.json 2> err.txt || fail "verify exited $?"
grep -q "in.jsonl:3" err.txt || fail "bad line not reported as file:line: $(cat err.txt)"
grep -q "traces" err.txt || fail "no human summary"
[ "$(wc -l < out.jsonl)" -eq 4 ] || fail "expected 4 records, got $(wc -l < out.jsonl)"
[ "$(grep -c '"verdict"' out.jsonl)" -eq 4 ] || fail "every record carries a verdict"
[ "$(cut -c1-9 out.jsonl | tr '\n' ' ')" = '{"id":"a" {"id":"b" {"id":"d" {"id":"e" ' ] ||
  fail "records not in input order: $(cut -c1-9 out.jsonl)"
grep '"id":"a"' out.jsonl | grep -q '"meta":{"difficulty":2}' || fail "other fields changed"
python3 - <<'PY' || fail "summary figures"
import json
s = json.load(open("sum.json"))
assert s["verb"] == "verify", s
assert s["traces"] == 4 and s["ok"] == 2 and s["answer_ok"] == 1, s
assert s["with_gold"] == 3 and s["bad_lines"] == 1, s
assert s["findings"]["arith_mismatch"] == 1 and s["findings"]["answer_mismatch"] == 2, s
assert s["first_error"] == {"1": 1}, s
assert s["diagnostics"]["by_kind"] == {"json": 1}, s
recs = [json.loads(l) for l in open("out.jsonl")]
v = {r["id"]: r["verdict"] for r in recs}
assert v["a"]["ok"] and v["a"]["answer_ok"] and v["a"]["findings"] == [], v["a"]
assert not v["b"]["ok"] and v["b"]["first_error"] == 1, v["b"]
codes = sorted(f["code"] for f in v["b"]["findings"])
assert codes == ["answer_mismatch", "arith_mismatch"], codes
assert [f["step"] for f in v["b"]["findings"] if f["code"] == "arith_mismatch"] == [1]
assert v["e"]["ok"] and not v["e"]["answer_ok"], v["e"]
PY

# ---- --strict: the bad line is fatal, nothing is written ----
if "$SW" verify in.jsonl -o strict.jsonl --strict 2> err.txt; then fail "--strict should fail"; fi
[ ! -e strict.jsonl ] || fail "--strict left an output file"
grep -q "in.jsonl:3" err.txt || fail "--strict message lacks the location"

# ---- --explain: findings under the steps they concern ----
"$SW" verify in.jsonl --explain -q > explain.txt 2> /dev/null
grep -q '^\[1\] Books cost 2\*7=<<2\*7=15>>15 dollars.' explain.txt || fail "explain lacks the step"
grep -A1 '^\[1\] Books' explain.txt | grep -q 'error   arith_mismatch' ||
  fail "explain does not put the finding under its step: $(cat explain.txt)"
if grep -q '"id":"a"' explain.txt || grep -q '^== .* a  ok=true' explain.txt; then
  fail "explain printed a trace without findings"
fi

# ---- --shard i/n: record on line L goes to shard (L-1) mod n ----
"$SW" verify in.jsonl -o s0.jsonl --shard 0/2 -q 2> /dev/null
"$SW" verify in.jsonl -o s1.jsonl --shard 1/2 -q 2> /dev/null
[ "$(cut -c1-9 s0.jsonl | tr '\n' ' ')" = '{"id":"a" {"id":"d" ' ] || fail "shard 0/2: $(cat s0.jsonl)"
[ "$(cut -c1-9 s1.jsonl | tr '\n' ' ')" = '{"id":"b" {"id":"e" ' ] || fail "shard 1/2: $(cat s1.jsonl)"
if "$SW" verify in.jsonl --shard 2/2 2> /dev/null; then fail "--shard 2/2 accepted"; fi
if "$SW" verify in.jsonl --shard x 2> /dev/null; then fail "--shard x accepted"; fi

# ---- stdin to stdout ----
grep -v oops in.jsonl | "$SW" verify - -o - -q > piped.jsonl 2> /dev/null
[ "$(grep -c '"verdict"' piped.jsonl)" -eq 4 ] || fail "stdin/stdout run"

# ---- --const: one value per flag, even before the input ----
echo '{"id":"s","question":"Jo has 3 spiders. How many legs?","steps":["3 * 8 = <<3*8=24>>24 legs."],"answer":"24"}' > spiders.jsonl
"$SW" verify spiders.jsonl -q --summary s1.json 2> /dev/null
"$SW" verify --const 8 spiders.jsonl -q --summary s2.json 2> /dev/null
grep -q '"ungrounded_number": 1' s1.json || fail "8 legs should be ungrounded without --const"
grep -q '"ok": 1' s2.json || fail "--const 8 should ground 8"

# ---- a missing input is an error, not a crash ----
if "$SW" verify missing.jsonl 2> err.txt; then fail "missing input accepted"; fi
grep -q "missing.jsonl" err.txt || fail "missing input message"

echo "cli_verify: ok"
