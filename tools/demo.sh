#!/usr/bin/env bash
# The main job on its built-in default, with no input files and no network: `stepwise demo`
# generates problems, lets the synthetic teacher propose k candidates each (with realistic
# flaws), verifies and cross-checks them, curates the validated traces as a curriculum, trains
# three students on the same problems with the same step budget (a small one on the validated
# traces, a 4x larger one on the answers only, the small one on the unfiltered traces) and
# evaluates them on held-out and perturbed problems. Everything lands in a run folder (default
# runs/demo): report.html, demo.json, table.txt and every stage's file.
# Set-up and build come first, so this works on a fresh Debian 12 machine. Arguments go to
# `stepwise demo` (for example --quick, --seeds 3, -o DIR).
set -euo pipefail
cd "$(dirname "$0")/.."

bash tools/setup.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build --target stepwise
exec ./build/stepwise demo "$@"
