#!/usr/bin/env bash
# End-to-end: a GSM8K-format file of several thousand records -> trace records -> GSM8K again
# loses nothing (same stats, same text); bad lines are reported with file:line(:col) and
# --strict makes the first one fatal.
# Usage: bash tests/cli_trace_roundtrip.sh <path-to-stepwise> <repo-root>
set -euo pipefail
SW=$(realpath "$1")
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
fail() { echo "FAIL: $*" >&2; exit 1; }

# A GSM8K-style dataset: questions, rationale lines with <<expr=value>> annotations, "#### N".
python3 - <<'PY'
import json, random
rng = random.Random(2024)
names = ["Natalia", "Weng", "Betty", "Julie", "James", "Mark", "Albert", "Ken", "Zoë", "Renée"]
items = ["clips", "apples", "pencils", "cookies", "stickers", "marbles", "books", "cafés"]
seen = set()
with open("gsm.jsonl", "w", encoding="utf-8") as f:
    i = 0
    while i < 6000:
        who, what = rng.choice(names), rng.choice(items)
        a, b, c = rng.randint(2, 90), rng.randint(2, 30), rng.randint(2, 9)
        lines, q = [], f"{who} has {a} {what}. She buys {b} more packs of {c} {what} each"
        lines.append(f"{who} buys {b} * {c} = <<{b}*{c}={b*c}>>{b*c} {what}.")
        total = a + b * c
        lines.append(f"Now {who} has {a} + {b*c} = <<{a}+{b*c}={total}>>{total} {what}.")
        kind = i % 4
        if kind == 1:
            q += f" and gives away {a} of them"
            lines.append(f"After giving away {a}, {total} - {a} = <<{total}-{a}={total-a}>>{total-a} are left.")
            total -= a
        elif kind == 2:
            q += f", then splits them equally into {c} boxes"
            per = total / c
            shown = int(per) if per == int(per) else round(per, 2)
            lines.append(f"Each box gets {total} / {c} = <<{total}/{c}={shown}>>{shown} {what}.")
            total = shown
        elif kind == 3:
            price = rng.choice([0.25, 0.5, 1.5, 2.75])
            q += f". Each costs ${price}. How much are they worth \"in total\"?"
            cost = round(total * price, 2)
            cost = int(cost) if cost == int(cost) else cost
            lines.append(f"They are worth {total} * ${price} = $<<{total}*{price}={cost}>>{cost}.")
            total = cost
        if i % 7 == 0:
            lines.insert(0, f"{who} starts with {a} {what}.")
        if not q.endswith("?"):
            q += ". How many does she have?"
        if q in seen:
            continue
        seen.add(q)
        i += 1
        answer = "\n".join(lines) + f"\n#### {total}"
        f.write(json.dumps({"question": q, "answer": answer}, ensure_ascii=False,
                           separators=(",", ":")) + "\n")
PY
[ "$(wc -l < gsm.jsonl)" -eq 6000 ] || fail "generator"

"$SW" convert gsm.jsonl -o traces.jsonl --summary convert.json 2> convert.err
grep -q "layout gsm8k (detected), 6000 records read, 6000 written as trace, 0 bad lines" convert.err \
  || { cat convert.err; fail "convert summary"; }
"$SW" convert traces.jsonl --to gsm8k -o back.jsonl 2> back.err
cmp gsm.jsonl back.jsonl || { diff gsm.jsonl back.jsonl | head; fail "gsm8k text differs"; }

# The same figures whichever layout the data is in (stdin and gzip too).
"$SW" stats gsm.jsonl --summary s_gsm.json 2> stats.err
"$SW" stats traces.jsonl --summary s_trace.json 2>/dev/null
"$SW" stats back.jsonl --summary s_back.json 2>/dev/null
"$SW" convert gsm.jsonl -o traces.jsonl.gz 2>/dev/null
"$SW" stats - --summary s_gz.json < traces.jsonl.gz 2>/dev/null
python3 - <<'PY'
import json, sys
figs = {}
for name in ["s_gsm", "s_trace", "s_back", "s_gz"]:
    f = json.load(open(name + ".json"))
    assert f["records"] == 6000, (name, f["records"])
    assert f["bad_lines"] == 0, name
    f.pop("inputs")
    figs[name] = f
base = figs["s_gsm"]
for name, f in figs.items():
    if f != base:
        sys.exit(f"stats differ: {name}: {json.dumps(f)[:400]} vs {json.dumps(base)[:400]}")
assert base["extraction"] == {"found": 6000}, base["extraction"]
assert base["answers"]["agree"] == 6000, base["answers"]
assert sum(base["steps"]["histogram"].values()) == 6000
assert base["duplicate_ids"] == 0
PY
grep -q "stats: 6000 records from gsm.jsonl (gsm8k, detected), 0 bad lines" stats.err \
  || { cat stats.err; fail "stats text"; }

# show: by id, and an id that is not there.
id=$(head -n 1 traces.jsonl | python3 -c 'import sys, json; print(json.load(sys.stdin)["id"])')
"$SW" show traces.jsonl --id "$id" --color never > shown.txt 2>/dev/null
grep -q "^$id  task gsm8k" shown.txt || { cat shown.txt; fail "show --id"; }
grep -q "^  1\. " shown.txt || fail "show steps"
if "$SW" show traces.jsonl --id nope 2> show.err; then fail "show of a missing id succeeded"; fi
grep -q 'no record with id "nope"' show.err || fail "show missing id message"

# Bad lines: each reported once with file:line(:col), the good records all come through.
{
  head -n 2 gsm.jsonl
  echo '{"question": "x", "answer" "#### 1"}'
  echo '{"question": 5, "answer": "a\n#### 1"}'
  printf '{"question": "caf\xe9", "answer": "a\\n#### 1"}\n'
  echo '[1, 2]'
  sed -n 3p gsm.jsonl
  printf '{"question": "cut", "answer": "a\\n#### 1"'
} > bad.jsonl
"$SW" convert bad.jsonl -o good.jsonl --summary bad.json 2> bad.err || fail "non-strict convert failed"
[ "$(wc -l < good.jsonl)" -eq 3 ] || fail "good records lost"
grep -q '^bad.jsonl:3:28: expected' bad.err || { cat bad.err; fail "json column"; }
grep -q '^bad.jsonl:4: field "question": expected a string, found number' bad.err \
  || { cat bad.err; fail "wrong type"; }
grep -q '^bad.jsonl:5:18: invalid UTF-8' bad.err || { cat bad.err; fail "utf8"; }
grep -q '^bad.jsonl:6: expected a JSON object' bad.err || { cat bad.err; fail "not object"; }
grep -q '^bad.jsonl:8:.*no newline' bad.err || { cat bad.err; fail "truncated"; }
python3 -c 'import json; f=json.load(open("bad.json")); assert f["bad_lines"]==5 and f["written"]==3, f'

set +e; "$SW" convert bad.jsonl -o strict.jsonl --strict 2> strict.err; rc=$?; set -e
[ "$rc" -eq 1 ] || fail "--strict exit code $rc, expected 1"
[ ! -e strict.jsonl ] || fail "--strict left an output file"
grep -q "bad.jsonl:3:28" strict.err || fail "--strict message"

# Empty input: zero records, no error.
: > empty.jsonl
"$SW" stats empty.jsonl --summary empty.json 2>/dev/null
python3 -c 'import json; f=json.load(open("empty.json")); assert f["records"]==0 and f["bad_lines"]==0'

for verb in convert stats show; do "$SW" "$verb" --help > /dev/null; done
echo "cli_trace_roundtrip: ok"
