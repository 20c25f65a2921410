#!/usr/bin/env bash
# requires: torch
# Data-parallel training: 2 processes on 127.0.0.1 (c10d TCPStore + Gloo) with 4 rows each
# against one process with the combined batch of 8 rows: the loss curves agree within float
# tolerance (only the order of the gradient sums differs).
set -euo pipefail
BIN=$1
ROOT=$2
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

python3 - "$WORK/traces.jsonl" <<'PY'
import json, random, sys
r = random.Random(2)
with open(sys.argv[1], "w") as f:
    for i in range(200):
        a, b = r.randint(2, 9), r.randint(2, 20)
        f.write(json.dumps({"question": f"Bob buys {a} cups at ${b} each. How much?",
                            "steps": [f"{a}*{b}={a*b}"], "answer": str(a * b)}) + "\n")
PY

common=(--data "$WORK/traces.jsonl" --d 32 --layers 2 --heads 2 --ctx 96 --batch 8 --steps 12
        --seed 5 --log-every 1 --quiet)
"$BIN" train "${common[@]}" --out "$WORK/one" --summary "$WORK/one.json"
PORT=$(( 20000 + RANDOM % 20000 ))
export MASTER_ADDR=127.0.0.1 MASTER_PORT=$PORT WORLD_SIZE=2
RANK=1 "$BIN" train "${common[@]}" --out "$WORK/two" &
pid=$!
RANK=0 "$BIN" train "${common[@]}" --out "$WORK/two" --summary "$WORK/two.json"
wait $pid

python3 - "$WORK/one.json" "$WORK/two.json" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
assert b["world_size"] == 2 and a["world_size"] == 1
assert a["tokens_seen"] == b["tokens_seen"], (a["tokens_seen"], b["tokens_seen"])
worst = max(abs(x[1] - y[1]) / abs(x[1]) for x, y in zip(a["losses"], b["losses"]))
assert len(a["losses"]) == len(b["losses"]) == 12
assert worst < 1e-4, f"2-process losses differ from 1-process by {worst:.2e} (relative)"
print(f"ddp: 2 processes match 1 process on the combined batch (max rel. loss diff {worst:.1e})")
PY
echo "cli_train_ddp: ok"
