#!/usr/bin/env bash
# Side by side: supportscan, Checkov and cfn-guard (with bench/guard/sup001.guard) on the
# same generated inputs, for whichever of the two is installed
# (pip install checkov; cargo install cfn-guard).
# usage: bench/compare.sh [RUNS]   (see docs/performance.md)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --profile profiling --quiet --bin supportscan
exec python3 bench/measure.py compare "$@"
