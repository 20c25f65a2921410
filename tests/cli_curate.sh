#!/usr/bin/env bash
# End-to-end test of `stepwise curate`: policies, report counts, decontamination, config files
# with flag overrides, exports with prompt erasure, determinism, fractions, exit codes.
# Usage: bash tests/cli_curate.sh <path-to-stepwise> <repo-root>
set -euo pipefail
BIN=$(realpath "$1")
ROOT=$(realpath "$2")
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"

fail() { echo "FAIL: $*" >&2; exit 1; }

# A candidate record: id problem_id question answer gold ok answer_ok [extra JSON members].
rec() {
  local steps='["Pens 3*4=<<3*4=12>>12.","Books 2*7=<<2*7=14>>14.","Total 12+14=<<12+14=26>>26.","Change 50-26=<<50-26=24>>24."]'
  printf '{"id":"%s","task":"shop","question":"%s","steps":%s,"answer":"%s","gold":"%s",' \
    "$1" "$3" "$steps" "$4" "$5"
  printf '"verdict":{"ok":%s,"answer_ok":%s,"findings":[]},' "$6" "$7"
  printf '"meta":{"problem_id":"%s","family":"shop","difficulty":2}%s,' "$2" "${8:-}"
  printf '"raw":"SYSTEM: You are a careful teacher.","source":{"kind":"teacher","name":"t"}}\n'
}
Q1="Ann buys 3 pens at \$4 each and 2 books at \$7 each. She pays with \$50. How much change does she get?"
Q2="Tom reads 12 pages each day for 4 days and then 7 more pages. How many pages does he read?"
Q3="A tank holds 30 liters. A pipe drains 4 liters each hour for 5 hours. How much is left?"
{
  rec a1 P1 "$Q1" 24 24 true true ',"crosscheck":{"agreement":1,"brittle":false}'
  rec a2 P1 "$Q1" 24 24 true true ',"crosscheck":{"agreement":0.9,"brittle":false}'
  rec a3 P1 "$Q1" 23 24 false false ',"crosscheck":{"agreement":0.3,"brittle":false}'
  rec b1 P2 "$Q2" 55 55 true true ',"crosscheck":{"agreement":0.5,"brittle":true}'
  rec c1 P3 "$Q3" 10 10 false true
  echo '{"id":"d1","question":"No verdict here, 2+2?","steps":["2+2=4"],"answer":"4"}'
  echo 'this line is not JSON'
} > cands.jsonl
echo '{"question":"Omar buys 6 mugs at $5 each and 3 lamps at $9 each. He pays with $80. How much change does he get?","answer":"#### 23"}' > eval.jsonl

# 1. Strict policy, report and summary: the counts add up, bad line included.
"$BIN" curate cands.jsonl -o strict.jsonl --report drops.jsonl --summary s.json 2> log.txt ||
  fail "strict run exited $?"
grep -q "check: 2 kept + 5 dropped = 7 read" log.txt || { cat log.txt; fail "human summary"; }
python3 - <<'EOF' || fail "summary/report counts"
import json
s = json.load(open("s.json"))
assert s["read"] == 7 and s["kept"] == 2 and s["bad_lines"] == 1, s
assert s["kept"] + sum(s["dropped"].values()) == s["read"]
d = s["dropped"]
assert d["duplicate_path"] == 1 and d["answer_wrong"] == 1 and d["step_error"] == 1, d
assert d["unverified"] == 1 and d["bad_line"] == 1, d
report = [json.loads(l) for l in open("drops.jsonl")]
assert len(report) == sum(d.values()), report
assert {r["reason"] for r in report} == {k for k, v in d.items() if v}, report
kept = [json.loads(l) for l in open("strict.jsonl")]
assert [k["id"] for k in kept] == ["a1", "b1"] and "difficulty" in kept[0]["curate"], kept
EOF

# 2. Thresholds and decontamination: b1 is brittle, a1 leaks into eval.jsonl by template.
"$BIN" curate cands.jsonl -o out.jsonl --policy outcome,no-brittle --eval eval.jsonl \
  --summary s2.json -q 2> /dev/null || fail "outcome run"
python3 - <<'EOF' || fail "thresholds/decontamination"
import json
s = json.load(open("s2.json"))
d = s["dropped"]
assert d["brittle"] == 1 and d["contaminated_template"] == 2 and d["no_crosscheck"] == 1, d
ev = s["decontamination"][0]
assert ev["file"] == "eval.jsonl" and ev["leaked"] == 2 and ev["by_rule"]["template"] == 2, ev
assert s["kept"] + sum(d.values()) == s["read"] == 7
EOF

# 2b. What strict alone keeps: a cancelled detour, an answer that is only the last number.
{
  rec e1 P4 "$Q2" 55 55 true true ',"crosscheck":{"agreement":1,"brittle":false,"detour_step":1}'
  rec e2 P5 "$Q3" 10 10 true true \
    ',"crosscheck":{"agreement":1,"detour_step":null},"extraction":{"outcome":"found","rule":"last number"}'
  rec e3 P6 "$Q1" 24 24 true true \
    ',"crosscheck":{"agreement":1,"detour_step":null},"extraction":{"outcome":"found","rule":"####"}'
} > more.jsonl
"$BIN" curate more.jsonl -o m1.jsonl --summary m1.json -q 2> /dev/null || fail "strict on more"
"$BIN" curate more.jsonl -o m2.jsonl --no-detour --require-stated-answer --summary m2.json \
  -q 2> /dev/null || fail "no-detour run"
"$BIN" curate more.jsonl -o m3.jsonl --policy strict,no-detour,require-stated-answer -q \
  2> /dev/null || fail "no-detour spec run"
cmp m2.jsonl m3.jsonl || fail "flags and spec differ"
python3 - <<'EOF' || fail "no-detour / require-stated-answer"
import json
assert json.load(open("m1.json"))["kept"] == 3
s = json.load(open("m2.json"))
d = s["dropped"]
assert d["detour"] == 1 and d["answer_not_stated"] == 1 and s["kept"] == 1, s
assert [json.loads(l)["id"] for l in open("m2.jsonl")] == ["e3"]
EOF

# 3. A config file, with a flag overriding it; prompt erasure in the messages export.
cat > p.toml <<'EOF'
[policy]
spec = "none"
[select]
keep = 0
[export]
format = "prompt"
EOF
"$BIN" curate cands.jsonl -o chat.jsonl --config p.toml --format messages \
  --system "Solve it." -q 2> /dev/null || fail "config run"
python3 - <<'EOF' || fail "messages export"
import json
rows = [json.loads(l) for l in open("chat.jsonl")]
assert len(rows) == 4, rows  # policy none keeps d1 too; a2 repeats a1's path
for r in rows:
    roles = [m["role"] for m in r["messages"]]
    assert roles == ["system", "user", "assistant"], roles
    assert r["messages"][0]["content"] == "Solve it."
    assert "careful teacher" not in json.dumps(r), r
assert rows[0]["messages"][2]["content"].endswith("#### 24")
EOF

# 4. Determinism: the same input and seed give the same bytes; fractions are nested.
for i in 1 2; do
  "$BIN" curate cands.jsonl -o det$i.jsonl --policy none --keep 0 --no-distinct-paths \
    --order curriculum --pacing root --replay 0.5 --stages 2 --seed 9 --fractions 50,100 -q \
    2> /dev/null || fail "determinism run $i"
done
cmp det1.jsonl det2.jsonl || fail "same seed, different bytes"
cmp det1.f50.jsonl det2.f50.jsonl || fail "same seed, different fraction bytes"
python3 - <<'EOF' || fail "fractions"
import json
ids = lambda p: {json.loads(l)["id"] for l in open(p)}
assert ids("det1.f50.jsonl") <= ids("det1.f100.jsonl") == ids("det1.jsonl")
assert len(ids("det1.f50.jsonl")) == 3 and len(ids("det1.jsonl")) == 5  # a2 = a1 exactly
EOF

# 5. Exit codes: usage errors 2, failures 1, nothing written on failure.
set +e
"$BIN" curate cands.jsonl -o x.jsonl --policy strictest -q 2> err.txt
[ $? -eq 2 ] || fail "bad policy should exit 2"
grep -q 'unknown part "strictest"' err.txt || fail "bad policy message"
"$BIN" curate missing.jsonl -o x.jsonl -q 2> /dev/null
[ $? -eq 1 ] || fail "missing input should exit 1"
"$BIN" curate cands.jsonl -o x.jsonl --strict -q 2> /dev/null
[ $? -eq 1 ] || fail "--strict with a bad line should exit 1"
set -e
[ ! -e x.jsonl ] || fail "a failed run left an output"

# 6. The shipped example configs run.
for c in "$ROOT"/examples/curate/*.toml; do
  "$BIN" curate cands.jsonl -o ex.jsonl --config "$c" -q 2> /dev/null || fail "example $c"
done
echo "cli_curate: ok"
