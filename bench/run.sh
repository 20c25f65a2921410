#!/usr/bin/env bash
# Runs the benchmarks and prints their tables. Usage: bench/run.sh [BUILD_DIR] (default: build).
# Each section is independent; build the bench_* targets first.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}

# ---- calc: evaluate / find_numbers / answers_equal, ns per call ----
if [ -x "$BUILD/bench/bench_calc" ]; then
  echo "== calc (ns per call; find_numbers also in bytes/s)"
  "$BUILD/bench/bench_calc" --benchmark_min_time=0.2 2>/dev/null | grep -E '^(Benchmark|-+$|BM_)'
fi

# ---- trace I/O: read + write throughput of trace records, MB/s on one thread ----
# BENCH_IO_MB sets the size (default 200 MB); BENCH_IO_DIR where the files go (default $TMPDIR
# or /tmp; the writer fsyncs, so the disk counts: /dev/shm measures the code alone).
if [ -x "$BUILD/bench/bench_io" ]; then
  echo "== trace I/O (${BENCH_IO_MB:-200} MB of trace records in ${BENCH_IO_DIR:-${TMPDIR:-/tmp}})"
  "$BUILD/bench/bench_io" "${BENCH_IO_MB:-200}" "${BENCH_IO_DIR:-${TMPDIR:-/tmp}}"
fi

# ---- verify: `stepwise verify` over generated GSM8K-style traces, 1 and 2 worker threads, and a
# straightforward Python re-implementation of annotation checking on the same file ----
# VERIFY_TRACES (default 1000000) traces are generated; the Python reference runs on the first
# VERIFY_PY_TRACES (default 100000) of them and its rate is per MB, so it scales to the whole
# file. Memory: peak RSS of a run over the whole file and over its first 100000 traces.
# Wall-clock rates depend on how busy the machine is; the CPU-time rates (per worker thread, and
# per CPU-second of the whole process) do not, and are what the ratios use besides wall-clock.
if [ -x "$BUILD/bench/bench_verify" ]; then
(
  N=${VERIFY_TRACES:-1000000}
  PYN=${VERIFY_PY_TRACES:-100000}
  DIR=$(mktemp -d "${BENCH_VERIFY_DIR:-${TMPDIR:-/tmp}}/bench_verify.XXXXXX")
  trap 'rm -rf "$DIR"' EXIT
  "$BUILD/bench/bench_verify" gen "$N" "$DIR/traces.jsonl"
  head -n 100000 "$DIR/traces.jsonl" > "$DIR/small.jsonl"
  head -n "$PYN" "$DIR/traces.jsonl" > "$DIR/py.jsonl"
  field() { tr ' ' '\n' | sed -n "s/^$1=//p"; }
  r1=$("$BUILD/bench/bench_verify" run "$DIR/traces.jsonl" 1 "$DIR/out1.jsonl")
  r2=$("$BUILD/bench/bench_verify" run "$DIR/traces.jsonl" 2 "$DIR/out2.jsonl")
  rs=$("$BUILD/bench/bench_verify" run "$DIR/small.jsonl" 1 "$DIR/outs.jsonl")
  cmp -s "$DIR/out1.jsonl" "$DIR/out2.jsonl" && same=yes || same=NO
  rp=$(python3 bench/verify_reference.py "$DIR/py.jsonl" "$DIR/outp.jsonl")
  echo "== verify ($N traces, $(echo "$r1" | field mb) MB; load average $(cut -d' ' -f1 /proc/loadavg))"
  printf '%-22s %9s %8s %9s %12s %14s %12s %8s\n' run traces wall_s MB/s MB/s/thread "MB/s/thread" \
    "MB/CPU-s" RSS_MB
  printf '%-22s %9s %8s %9s %12s %14s %12s %8s\n' "" "" "" "(wall)" "(wall)" "(worker CPU)" \
    "(process)" "peak"
  row() {
    printf '%-22s %9s %8s %9s %12s %14s %12s %8s\n' "$1" "$(echo "$2" | field traces)" \
      "$(echo "$2" | field seconds)" "$(echo "$2" | field mb_s)" "$(echo "$2" | field mb_s_thread)" \
      "$(echo "$2" | field mb_s_thread_cpu)" "$(echo "$2" | field mb_per_cpu_s)" \
      "$(echo "$2" | field rss_mb)"
  }
  row "C++ 1 thread" "$r1"
  row "C++ 2 threads" "$r2"
  row "C++ 1 thread, 100k" "$rs"
  printf '%-22s %9s %8s %9s %12s %14s %12s %8s\n' "Python (first $PYN)" \
    "$(echo "$rp" | field traces)" "$(echo "$rp" | field seconds)" "$(echo "$rp" | field mb_s)" \
    "$(echo "$rp" | field mb_s)" "-" "$(echo "$rp" | field mb_per_cpu_s)" "-"
  awk -v w1="$(echo "$r1" | field mb_s)" -v w2="$(echo "$r2" | field mb_s)" \
      -v c1="$(echo "$r1" | field mb_per_cpu_s)" -v wt="$(echo "$r1" | field mb_s_thread_cpu)" \
      -v pw="$(echo "$rp" | field mb_s)" -v pc="$(echo "$rp" | field mb_per_cpu_s)" \
      -v m1="$(echo "$r1" | field rss_mb)" -v ms="$(echo "$rs" | field rss_mb)" -v same="$same" 'BEGIN {
    printf "2-thread scaling (wall): %.2fx; outputs of 1 and 2 threads identical: %s\n", w2 / w1, same
    printf "vs Python: wall %.1fx (1 thread), %.1fx (2 threads); per CPU-second %.1fx (process), %.1fx (worker thread)\n",
      w1 / pw, w2 / pw, c1 / pc, wt / pc
    printf "peak RSS: %.1f MB over the whole file, %.1f MB over its first 100k traces\n", m1, ms
  }'
)
fi

# ---- gen: traces/s of each problem family on one thread (generation + JSONL serialization in
# memory); the "arithmetic families" row is the figure the target (>= 100,000 traces/s) is about.
# BENCH_GEN_SECONDS (default 1) per family.
if [ -x "$BUILD/bench/bench_gen" ]; then
  echo "== gen (one thread, ${BENCH_GEN_SECONDS:-1} s per family)"
  "$BUILD/bench/bench_gen" "${BENCH_GEN_SECONDS:-1}"
fi

# ---- train: stepwise's trainer vs the PyTorch reference (../shared/bench/torch_reference.py) ----
# Same model shapes, batch 64 and context 192, trace mode on shopping problems. Python: 1 and 2
# torch threads (its BLAS, OpenBLAS, keeps its own 2-thread pool either way). stepwise: one
# process with 1 thread, one with 2 threads, and 2 data-parallel processes (Gloo on 127.0.0.1,
# 32 rows each, global batch 64). BENCH_TRAIN_STEPS timed steps (default 20) after 5 warm-up
# steps. MFU = achieved GFLOP/s per core / the fp32 matmul ceiling of one core on the model's
# GEMM shapes, measured in the same run with torch::mm (libtorch's BLAS) and with oneDNN sgemm.
# The GELU line times the trainer's fused kernel against at::gelu(x, "tanh"), interleaved.
if [ -x "$BUILD/bench/bench_train" ]; then
(
  REF=../shared/bench/torch_reference.py
  [ -f "$REF" ] || REF=/work/shared/bench/torch_reference.py
  STEPS=${BENCH_TRAIN_STEPS:-20}
  BT="$BUILD/bench/bench_train"
  field() { python3 -c "import json,sys; print(json.loads(sys.stdin.read().strip().splitlines()[-1].removeprefix('RESULT '))['$1'])"; }
  echo "== train (tokens/s, batch 64 x context 192, $STEPS timed steps; machine load: $(cut -d' ' -f1-3 /proc/loadavg))"
  printf '%-6s %-26s %10s %8s %8s %10s %10s\n' model config tok/s vs_py GFLOP/s MFU_mm MFU_dnnl
  for shape in "64 2 4" "128 2 4" "192 3 6"; do
    set -- $shape
    D=$1 L=$2 H=$3
    best=0
    for th in 1 2; do
      tok=$([ -f "$REF" ] && /usr/bin/python3 "$REF" --d $D --L $L --h $H --ctx 192 --bs 64 \
              --bench "$STEPS" --threads $th 2>/dev/null | grep '^RESULT' | field tok_per_s || echo 0)
      tok=${tok%.*}
      [ "$tok" -gt "$best" ] && best=$tok
      printf '%-6s %-26s %10s\n' "d$D" "python, $th thread" "$tok"
    done
    ceil=$("$BT" --ceiling --d $D --L $L --h $H --tokens 6144 --threads 1)
    mm=$(echo "$ceil" | field aten_gflops); dn=$(echo "$ceil" | field dnnl_gflops)
    row() {  # label cores json
      local tok gf
      tok=$(echo "$3" | field tok_per_s); gf=$(echo "$3" | field gflops)
      printf '%-6s %-26s %10s %8s %8s %9s%% %9s%%\n' "d$D" "$1" "$tok" \
        "$(python3 -c "print(f'{$tok/max($best,1):.2f}x')")" "$gf" \
        "$(python3 -c "print(round(100*$gf/$2/$mm))")" "$(python3 -c "print(round(100*$gf/$2/max($dn,1e-9)))")"
    }
    row "stepwise, 1 thread" 1 "$("$BT" --d $D --L $L --h $H --steps "$STEPS" --threads 1)"
    row "stepwise, 2 threads" 2 "$("$BT" --d $D --L $L --h $H --steps "$STEPS" --threads 2)"
    PORT=$(( 30000 + RANDOM % 20000 ))
    MASTER_ADDR=127.0.0.1 MASTER_PORT=$PORT WORLD_SIZE=2 RANK=1 \
      "$BT" --d $D --L $L --h $H --steps "$STEPS" --threads 1 >/dev/null &
    out=$(MASTER_ADDR=127.0.0.1 MASTER_PORT=$PORT WORLD_SIZE=2 RANK=0 \
      "$BT" --d $D --L $L --h $H --steps "$STEPS" --threads 1)
    wait
    row "stepwise, 2 procs x 1 thr" 2 "$out"
    echo "d$D    matmul ceiling, 1 core: torch::mm $mm GFLOP/s, oneDNN sgemm $dn GFLOP/s"
    g=$("$BT" --gelu --d $D --tokens 12288 --threads 1)
    echo "d$D    GELU forward+backward, 1 core: fused $(echo "$g" | field fused_ns) ns/value," \
      "at::gelu $(echo "$g" | field aten_ns) ns/value"
  done
)
fi

# ---- curate: decontamination + dedup at scale (CURATE_N synthetic traces, default 10M) ----
if [ -x "$BUILD/bench/bench_curate" ]; then
  echo "== curate: decontamination + dedup of ${CURATE_N:-10000000} synthetic traces (peak RSS in MB)"
  "$BUILD/bench/bench_curate" "${CURATE_N:-10000000}"
fi

# ---- teach: requests/s through client + cache against the local test server, cache commit
# rates (synchronous NORMAL vs FULL), parse_solution MB/s, synthetic teacher answers/s ----
# TEACH_REQUESTS (default 3000) requests per concurrency level.
if [ -x "$BUILD/bench/bench_teach" ]; then
  echo "== teach (local test server on 127.0.0.1; client and server share the machine)"
  "$BUILD/bench/bench_teach" "${TEACH_REQUESTS:-3000}"
fi

# ---- eval: sampling tokens/s of a small student (d 64, L 2, ctx 256) with and without the KV
# cache, at batch 1 and batch 64, greedy, 96 new tokens; prints the cache's speed-up ----
if [ -x "$BUILD/bench/bench_eval" ]; then
  echo "== eval sampling (machine load: $(cut -d' ' -f1-3 /proc/loadavg))"
  "$BUILD/bench/bench_eval" --d 64 --L 2 --h 4 --ctx 256 --new 96
fi
