#!/usr/bin/env bash
# Whole-process benchmark: builds the profiling build (release with symbols), generates the
# inputs (target/bench-inputs, or $BENCH_INPUTS) and prints a Markdown table of supportscan
# against the serde_json and Python parsing floors, with peak memory, scaling and the -j 2
# speed-up.
# usage: bench/run.sh [RUNS]   (RUNS per measurement, default 5; see docs/performance.md)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --profile profiling --quiet --bin supportscan --example json_floor
exec python3 bench/measure.py run "$@"
