#!/usr/bin/env bash
# The main job on its built-in default, with no input files and no network: generate problems,
# let the synthetic teacher propose k candidates each (with realistic flaws), verify and
# cross-check them, curate the validated traces as a curriculum, train a small student on them
# and score it on held-out problems. Everything lands in a run folder (default runs/demo).
# Set-up and build come first, so this works on a fresh Debian 12 machine.
set -euo pipefail
cd "$(dirname "$0")/.."
RUN=${1:-runs/demo}
STEPS=${STEPS:-400}

bash tools/setup.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build --target stepwise
SW=./build/stepwise
mkdir -p "$RUN"

echo "== 1. problems (shopping and change, 2-4 steps)"
$SW gen shopping_change -n 1500 --seed 1 --difficulty 1-3 -o "$RUN/problems.jsonl" --summary "$RUN/gen.json"
$SW gen shopping_change -n 200 --seed 2 --difficulty 1-3 -o "$RUN/heldout.jsonl" --summary "$RUN/heldout.json"

echo "== 2. synthetic teacher, k = 4 candidates per problem"
$SW teach "$RUN/problems.jsonl" --teacher synthetic -k 4 --seed 1 -o "$RUN/candidates.jsonl" \
  --summary "$RUN/teach.json"

echo "== 3. verify every step, then cross-check candidates"
$SW verify "$RUN/candidates.jsonl" -o "$RUN/verified.jsonl" -j 2 --summary "$RUN/verify.json"
$SW crosscheck "$RUN/verified.jsonl" -o "$RUN/checked.jsonl" --summary "$RUN/crosscheck.json"

echo "== 4. curate: strict policy, best of k, curriculum order"
$SW curate "$RUN/checked.jsonl" -o "$RUN/train.jsonl" --policy strict --keep 1 --order curriculum \
  --report "$RUN/dropped.jsonl" --summary "$RUN/curate.json"

echo "== 5. train a small student on the validated traces"
$SW train --data "$RUN/train.jsonl" --out "$RUN/student" --mode trace --d 64 --layers 2 --heads 4 \
  --ctx 192 --steps "$STEPS" --batch 32 --no-shuffle --eval-file "$RUN/heldout.jsonl" \
  --eval-every "$STEPS" --summary "$RUN/train.json"

echo "== done: $RUN"
