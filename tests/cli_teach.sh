#!/usr/bin/env bash
# End-to-end: `stepwise teach` against teach_test_server (a real HTTP server on 127.0.0.1 that
# injects faults): a dry run sends nothing; a run with 20% faulted attempts records every
# answer exactly once; a rerun is served from the cache; kill -9 in the middle of a run and a
# rerun give the same bytes as the uninterrupted run, paying again only for what was in flight;
# the synthetic teacher's report; usage errors.
# Usage: bash tests/cli_teach.sh <path-to-stepwise> <repo-root>
set -euo pipefail
SW=$(realpath "$1")
SERVER=$(dirname "$SW")/teach_test_server
WORK=$(mktemp -d)
SERVER_PID=""
cleanup() {
  [ -n "$SERVER_PID" ] && kill -TERM "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT
cd "$WORK"
fail() { echo "FAIL: $*" >&2; exit 1; }
[ -x "$SERVER" ] || fail "no teach_test_server next to $SW"

# 80 problems whose answer is the sum of their numbers (what the test server computes).
for i in $(seq 0 79); do
  a=$((2 + i % 17)); b=$((3 + (i * 7) % 23)); c=$((1 + (i * 13) % 11))
  printf '{"id":"p%d","question":"Ann has %d pens, buys %d more and finds %d. How many pens?","gold":"%d"}\n' \
    "$i" "$a" "$b" "$c" $((a + b + c))
done > problems.jsonl

"$SERVER" --port-file port.txt --log server.log --stats stats.json --fault-rate 0.2 \
  --retry-after 0 --slow 1 --delay 0.005 --seed 3 2> server.err &
SERVER_PID=$!
for _ in $(seq 1 500); do [ -s port.txt ] && break; sleep 0.01; done
[ -s port.txt ] || fail "the test server did not start: $(cat server.err)"
URL="http://127.0.0.1:$(cat port.txt)/v1"
ok_lines() { awk '$2 == "ok"' server.log | wc -l; }
COMMON=(--endpoint "$URL" --model test-model -k 2 --seed 1 --timeout 0.5 --backoff-base 0.01
        --backoff-max 0.05 --max-retries 12 --no-progress)
teach() { "$SW" teach problems.jsonl "${COMMON[@]}" "$@"; }

# 1. A dry run estimates and sends nothing, writes nothing (auto sampling, not yet probed,
#    counts separate requests: the upper bound).
teach -o a.jsonl -j 4 --dry-run --summary dry.json 2> dry.txt
grep -q '"to_send": 160' dry.json || fail "dry run: $(cat dry.json)"
grep -q 'estimated tokens' dry.txt || fail "dry run text: $(cat dry.txt)"
[ ! -e a.jsonl ] && [ ! -e a.jsonl.cache.db ] || fail "the dry run wrote files"
[ ! -s server.log ] || fail "the dry run sent requests"

# 2. A run through 20% faults: 160 candidates, every answer served exactly once.
teach -o a.jsonl -j 4 --summary a.json 2> a.txt || fail "run: $(cat a.txt)"
[ "$(wc -l < a.jsonl)" -eq 160 ] || fail "expected 160 candidates: $(cat a.txt)"
grep -q '"drops": 0' a.json || fail "drops: $(cat a.json)"
grep -q 'failed attempts by cause' a.txt || fail "no faults were met: $(cat a.txt)"
[ "$(ok_lines)" -eq 80 ] || fail "the server answered $(ok_lines) times, expected 80"
[ -z "$(awk '$2 == "ok" {print $1}' server.log | sort | uniq -d)" ] || fail "an answer was paid twice"

# 3. A rerun is answered from the cache: no request, same bytes. A slow response the client
#    gave up on may still be logged by the server after the run ends: wait until the log is still.
settle() {
  local n m
  n=$(wc -l < server.log)
  for _ in $(seq 1 20); do
    sleep 1.2
    m=$(wc -l < server.log)
    [ "$m" -eq "$n" ] && return 0
    n=$m
  done
}
settle
before=$(wc -l < server.log)
cp a.jsonl a.first
teach -o a.jsonl -j 4 --summary again.json 2> again.txt
[ "$(wc -l < server.log)" -eq "$before" ] || fail "the rerun sent requests"
cmp -s a.jsonl a.first || fail "the rerun wrote different bytes"
grep -q '"cached": 80' again.json || fail "cache hits: $(cat again.json)"

# 4. kill -9 in the middle of a run, then a rerun: the same bytes as the uninterrupted run.
start_ok=$(ok_lines)
"$SW" teach problems.jsonl "${COMMON[@]}" -o b.jsonl -j 2 2> b.txt &  # not via a function:
pid=$!                                                                  # $! must be stepwise
for _ in $(seq 1 2000); do [ "$(ok_lines)" -ge $((start_ok + 30)) ] && break; sleep 0.005; done
kill -9 "$pid" 2>/dev/null || fail "the run ended before the kill: $(cat b.txt)"
if wait "$pid" 2>/dev/null; then fail "the run finished before the kill"; fi
[ ! -e b.jsonl ] || fail "a killed run left an output"
killed_ok=$(ok_lines)
[ "$killed_ok" -lt $((start_ok + 80)) ] || fail "the kill came too late"
teach -o b.jsonl -j 2 2> b2.txt || fail "rerun after kill: $(cat b2.txt)"
cmp -s b.jsonl a.jsonl || fail "the resumed output differs from the uninterrupted one"
paid_twice=$(awk '$2 == "ok" {n[$1]++} END {d = 0; for (k in n) if (n[k] > 2) d++; print d}' server.log)
[ "$paid_twice" -le 2 ] || fail "$paid_twice answers paid twice (more than the 2 in flight)"

# 5. Usage errors are reported and exit non-zero.
if "$SW" teach problems.jsonl -o c.jsonl --endpoint "$URL" 2> err.txt; then fail "no --model accepted"; fi
grep -q -- '--model is required' err.txt || fail "message: $(cat err.txt)"
if "$SW" teach problems.jsonl -o c.jsonl --endpoint ftp://x --model m 2> err.txt; then fail "ftp"; fi

# 6. The synthetic teacher labels its flaws and reports the verifier's recall per flaw type.
if "$SW" gen --help > /dev/null 2>&1; then
  "$SW" gen all -n 5 --seed 1 -o gen.jsonl 2> /dev/null
  "$SW" teach gen.jsonl -o syn.jsonl --teacher synthetic -k 4 --report --summary syn.json \
    2> syn.txt || fail "synthetic: $(cat syn.txt)"
  grep -q 'recall' syn.txt || fail "no report: $(cat syn.txt)"
  grep -q '"flaws": \[' syn.jsonl 2>/dev/null || grep -q '"flaws":\[' syn.jsonl || fail "no labels"
  cp syn.jsonl syn.first
  "$SW" teach gen.jsonl -o syn.jsonl --teacher synthetic -k 4 -q
  cmp -s syn.jsonl syn.first || fail "the synthetic teacher is not deterministic"
fi
echo "cli_teach: ok"
