#!/usr/bin/env bash
# The one check that developers and CI both run: set up, build with warnings as errors, check
# formatting, run the torch-free tests under address + undefined sanitizers, run each fuzz
# target for a short bounded time, then the whole test suite (its CTest summary ends the output).
set -euo pipefail
cd "$(dirname "$0")/.."
JOBS=${JOBS:-$(nproc)}

bash tools/setup.sh

echo "== format"
git ls-files '*.cpp' '*.h' | xargs clang-format --dry-run -Werror

echo "== sanitizer build (address + undefined), torch-free tests"
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DSTEPWISE_SANITIZE=ON -DSTEPWISE_WERROR=ON >/dev/null
cmake --build build-asan -j "$JOBS"
if ! ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build-asan -j "$JOBS" --output-on-failure -LE slow --timeout 600 \
  >build-asan/ctest.log 2>&1; then
  tail -n 300 build-asan/ctest.log
  exit 1
fi
grep -E "tests passed|tests failed" build-asan/ctest.log

echo "== fuzz targets (bounded)"
CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DSTEPWISE_FUZZ=ON >/dev/null
cmake --build build-fuzz -j "$JOBS"
for f in build-fuzz/fuzz/fuzz_*; do
  [ -x "$f" ] || continue
  name=$(basename "$f")
  corpus="fuzz/corpus/${name#fuzz_}"
  mkdir -p "build-fuzz/corpus-$name"
  "$f" -max_total_time="${FUZZ_SECONDS:-20}" -rss_limit_mb=2048 -max_len=65536 \
    "build-fuzz/corpus-$name" $( [ -d "$corpus" ] && echo "$corpus" ) 2>&1 | tail -n 1
done

echo "== build and test"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSTEPWISE_WERROR=ON >/dev/null
cmake --build build -j "$JOBS"
ctest --test-dir build -j "$JOBS" --output-on-failure --timeout 900
