#!/usr/bin/env bash
# Terraform source side by side: supportscan and Checkov's HCL scan of the same generated
# repository of .tf files (bench/generate_tf.py), with the wall time and peak memory of each.
#
# usage: bench/compare_checkov.sh SUPPORTSCAN [DIR] [RUNS]
#   SUPPORTSCAN  the supportscan binary (target/release/supportscan, say)
#   DIR          the repository to scan (default $BENCH_INPUTS/tf-1000, BENCH_INPUTS
#                defaulting to target/bench-inputs; generated with 1,000 files when absent)
#   RUNS         timed runs of supportscan (default 5, after a warm-up); Checkov runs
#                $CHECKOV_RUNS times (default 1: a run takes minutes)
# Environment: CHECKOV (default: checkov on PATH; pip install checkov, in a venv).
# Times are wall clock of the whole process (hyperfine's median when it is installed, else
# the median of /usr/bin/time runs); peak memory is the "Maximum resident set size" of
# /usr/bin/time -v, for one run of each tool. See docs/performance.md.
set -euo pipefail

if [[ $# -lt 1 || $# -gt 3 ]]; then
    sed -n '5,11p' "$0" >&2
    exit 2
fi
supportscan=$(realpath "$1")
cd "$(dirname "$0")/.."
dir=${2:-${BENCH_INPUTS:-target/bench-inputs}/tf-1000}
runs=${3:-5}
checkov=${CHECKOV:-checkov}
checkov_runs=${CHECKOV_RUNS:-1}

[[ -x "$supportscan" ]] || { echo "not an executable: $supportscan" >&2; exit 2; }
command -v "$checkov" >/dev/null || { echo "no Checkov ($checkov); set CHECKOV" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "GNU time (/usr/bin/time) is needed for peak memory" >&2; exit 2; }
if [[ ! -d "$dir" ]]; then
    python3 bench/generate_tf.py 1000 "$dir"
fi

ours=("$supportscan" scan "$dir" --format sarif -o /dev/null --fail-on none)
theirs=("$checkov" -d "$dir" --framework terraform --quiet --compact)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# What each tool read: a scan of nothing would be fast for the wrong reason.
"$supportscan" scan "$dir" --format json --fail-on none >"$scratch/ours.json" 2>/dev/null || true
python3 - "$scratch/ours.json" <<'EOF'
import json, sys
report = json.load(open(sys.argv[1]))
summary = report["summary"]
print(f"supportscan: {summary['resources']} resources, {len(report['findings'])} findings")
if not summary["resources"]:
    print("  warning: supportscan read no resource from this directory (no Terraform source loader?)")
EOF

# One run of a command under GNU time: prints "SECONDS KILOBYTES"; exit status 0 or 1
# (Checkov's "some checks failed") counts as success.
measure() {
    local out=$1
    shift
    local status=0
    /usr/bin/time -f '%e %M' -o "$scratch/time" "$@" >"$out" 2>"$scratch/stderr" || status=$?
    if ((status > 1)); then
        echo "failed ($status): $*" >&2
        tail -5 "$scratch/stderr" >&2
        exit 1
    fi
    # GNU time writes "Command exited with non-zero status N" first when the status is not 0.
    tail -n 1 "$scratch/time"
}

median() {
    python3 -c 'import statistics, sys; print(statistics.median(float(x) for x in sys.argv[1:]))' "$@"
}

# Wall time of supportscan: hyperfine when installed, else repeated GNU time runs.
if command -v hyperfine >/dev/null; then
    hyperfine --warmup 1 --runs "$runs" --style none --export-json "$scratch/ours-hf.json" \
        -i "$(printf '%q ' "${ours[@]}")" >/dev/null
    our_time=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][0]["median"])' "$scratch/ours-hf.json")
else
    measure /dev/null "${ours[@]}" >/dev/null
    times=()
    for _ in $(seq "$runs"); do
        read -r seconds _ < <(measure /dev/null "${ours[@]}")
        times+=("$seconds")
    done
    our_time=$(median "${times[@]}")
fi
read -r _ our_rss < <(measure /dev/null "${ours[@]}")

times=()
checkov_rss=0
for _ in $(seq "$checkov_runs"); do
    read -r seconds kilobytes < <(measure "$scratch/checkov.txt" "${theirs[@]}")
    times+=("$seconds")
    if ((kilobytes > checkov_rss)); then checkov_rss=$kilobytes; fi
done
checkov_time=$(median "${times[@]}")

files=$(find "$dir" -name '*.tf' | wc -l)
python3 - "$files" "$our_time" "$our_rss" "$checkov_time" "$checkov_rss" \
    "$("$supportscan" --version)" "$("$checkov" --version)" <<'EOF'
import sys
files, ours, our_rss, theirs, their_rss = sys.argv[1], *map(float, sys.argv[2:6])
our_version, their_version = sys.argv[6:8]
print(f"\n{files} .tf files")
print("| tool | wall time | peak RSS |")
print("|---|---|---|")
print(f"| {our_version} | {ours:.3f} s | {our_rss / 1024:.1f} MB |")
print(f"| Checkov {their_version} | {theirs:.1f} s | {their_rss / 1024:.1f} MB |")
print(f"Checkov / supportscan: {theirs / ours:.0f}x the time, {their_rss / our_rss:.1f}x the memory")
EOF
grep -E '^(terraform scan results|Passed checks)' "$scratch/checkov.txt" | sed 's/^/checkov: /' || true
