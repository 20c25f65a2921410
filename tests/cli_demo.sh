#!/usr/bin/env bash
# requires: torch
# stepwise demo --quick end to end: every stage runs, the run folder holds the stage files, the
# three students, the report (JSON, HTML, table) and the generations; the small student on
# validated traces beats the 4x larger answer-only student (the direction of the claim); and
# bad options fail clearly.
set -euo pipefail
BIN=$1
ROOT=$2
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

"$BIN" demo --quick -o "$WORK/run" --summary "$WORK/summary.json" >"$WORK/out.txt" 2>"$WORK/err.txt"
cat "$WORK/err.txt"
for f in problems.jsonl heldout.jsonl candidates.jsonl verified.jsonl checked.jsonl \
         validated.jsonl unfiltered.jsonl demo.json eval.json table.txt report.html \
         generations-seed1.jsonl students/a-seed1/checkpoint.safetensors \
         students/b-seed1/checkpoint.safetensors students/c-seed1/checkpoint.safetensors; do
  [ -s "$WORK/run/$f" ] || { echo "missing or empty: $f"; exit 1; }
done
grep -q "done in" "$WORK/err.txt" || { echo "no stage progress lines"; cat "$WORK/err.txt"; exit 1; }
grep -q "(a) - (b)" "$WORK/err.txt" || { echo "no claim line in the summary"; cat "$WORK/err.txt"; exit 1; }

python3 - "$WORK/summary.json" "$WORK/run/demo.json" "$WORK/run" <<'PY'
import json, sys
summary, demo, run = json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), sys.argv[3]
assert summary["verb"] == "demo", summary.get("verb")
for k in ("options", "machine", "stages", "students", "claim", "seconds"):
    assert k in demo, k
    assert summary[k] == demo[k], k
stages = demo["stages"]
for k in ("gen", "teach", "verify", "crosscheck", "curate", "unfiltered"):
    assert k in stages, k
st = {s["label"]: s for s in demo["students"]}
assert set(st) == {"a", "b", "c"}, st.keys()
assert st["b"]["params"] >= 4 * st["a"]["params"], (st["b"]["params"], st["a"]["params"])
assert st["b"]["mode"] == "answer" and st["a"]["mode"] == "trace" and st["c"]["mode"] == "trace"
# the same step budget for every student
steps = {r["label"]: r["steps"] for r in demo["training"]}
assert len(set(steps.values())) == 1, steps
a, b = st["a"]["heldout"]["mean"], st["b"]["heldout"]["mean"]
print(f"quick demo: (a) {a:.3f}  (b) {b:.3f}  (c) {st['c']['heldout']['mean']:.3f}")
assert a > b, f"the small trace student should beat the answer-only one: {a} <= {b}"
ab = demo["claim"]["a_minus_b"]
assert ab["over"] == "problems (paired)" and ab["n"] > 0, ab
assert abs(ab["mean"] - (a - b)) < 1e-9, (ab["mean"], a - b)
assert ab["lo"] <= ab["mean"] <= ab["hi"], ab
# the sampled completions: a figure per student and the paired (a) - (c) difference
acs = demo["claim"]["a_minus_c_sampled"]
assert acs["over"] == "problems (paired)" and acs["n"] > 0, acs
sa, sc = st["a"]["sampled"]["mean"], st["c"]["sampled"]["mean"]
assert abs(acs["mean"] - (sa - sc)) < 1e-9, (acs["mean"], sa - sc)
assert -1 <= acs["lo"] <= acs["mean"] <= acs["hi"] <= 1, acs
ev_s = json.load(open(f"{run}/eval.json"))["sampled"]
assert ev_s["k"] == 4 and "sampled_correct" in ev_s["models"][0]["splits"]["heldout"], ev_s["k"]
# the unfiltered set really carries the teacher's flaws; the validated one was filtered
assert stages["unfiltered"]["flawed"] > 0, stages["unfiltered"]
ev = json.load(open(f"{run}/eval.json"))
assert [m["label"] for m in ev["models"]] == ["a", "b", "c"]
html = open(f"{run}/report.html").read()
assert html.startswith("<!DOCTYPE html>") and "The claim" in html and "<svg" in html
assert "http://" not in html and "https://" not in html
PY

# --seeds 0 and an unknown family are clear errors, nothing is half-written
if "$BIN" demo --quick --seeds 0 -o "$WORK/bad" 2>"$WORK/e1.txt"; then echo "seeds 0 accepted"; exit 1; fi
grep -q "seeds" "$WORK/e1.txt" || { cat "$WORK/e1.txt"; exit 1; }
if "$BIN" demo --quick --families no_such_family -o "$WORK/bad2" 2>"$WORK/e2.txt"; then
  echo "unknown family accepted"; exit 1
fi
grep -q "no_such_family" "$WORK/e2.txt" || { cat "$WORK/e2.txt"; exit 1; }
echo "cli_demo: ok"
