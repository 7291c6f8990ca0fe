#!/usr/bin/env python3
"""Whole-process measurements behind bench/run.sh and bench/compare.sh.

usage: measure.py run [RUNS]       supportscan against the serde_json and Python floors
       measure.py compare [RUNS]   supportscan against Checkov and cfn-guard, when installed

Inputs are generated (deterministically) into $BENCH_INPUTS, default target/bench-inputs,
when missing. Checkov runs once per input, stopped after $CHECKOV_LIMIT seconds (600). Times are medians over RUNS runs (default 5) after one warm-up, taken with
hyperfine when it is on the path and with a plain timing loop otherwise; peak memory is
the child's maximum resident set size. Prints Markdown tables.
"""
import json
import os
import resource
import shlex
import signal
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
INPUTS = os.environ.get("BENCH_INPUTS", os.path.join(ROOT, "target", "bench-inputs"))
TARGET = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
# The profiling build: the release build with symbols, so that perf and callgrind can name
# functions (Cargo.toml [profile.profiling]; the distributed release build is stripped).
OURS = os.path.join(TARGET, "profiling", "supportscan")
SERDE_FLOOR = os.path.join(TARGET, "profiling", "examples", "json_floor")
PYTHON_FLOOR = [sys.executable, "-c", "import json,sys;json.load(open(sys.argv[1]))"]
GUARD_RULE = os.path.join(ROOT, "bench", "guard", "sup001.guard")

PLANS = [1000, 20000, 100000]


def generated(name, generator):
    """The path of input `name`, generated with `generator` (script and arguments) if missing."""
    path = os.path.join(INPUTS, name)
    if not os.path.exists(path):
        os.makedirs(INPUTS, exist_ok=True)
        script, *args = generator
        print(f"generating {path}", file=sys.stderr)
        subprocess.run([sys.executable, os.path.join(ROOT, "bench", script), *args, path], check=True)
    return path


def plan(resources, *options):
    """A generated plan of `resources` resource changes; `options` are generate_plan.py's
    (--iam-dense, --pretty), named in the file name."""
    suffix = "".join(f"-{option.lstrip('-')}" for option in options)
    return generated(f"plan-{resources}{suffix}.json", ["generate_plan.py", *options, str(resources)])


def template():
    return generated("template-500.yaml", ["generate_cfn.py", "template", "500"])


def template_dir():
    return generated("templates-2000", ["generate_cfn.py", "dir", "2000"])


def size_of(path):
    if os.path.isdir(path):
        return sum(os.path.getsize(os.path.join(d, f)) for d, _, files in os.walk(path) for f in files)
    return os.path.getsize(path)


def median_seconds(command, runs, warmup=1):
    """Median wall-clock seconds of `command` (a list; exit status ignored) after `warmup`
    untimed runs."""
    if shutil.which("hyperfine"):
        with tempfile.NamedTemporaryFile(suffix=".json") as export:
            # Through the shell, whose start-up hyperfine measures and subtracts.
            subprocess.run(["hyperfine", "--ignore-failure", "--style", "none", "--warmup", str(warmup),
                            "--runs", str(runs), "--export-json", export.name, shlex.join(command)],
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            return json.load(open(export.name))["results"][0]["median"]
    for _ in range(warmup):
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


# Run in a fresh interpreter so that RUSAGE_CHILDREN covers this one command only.
PEAK_HELPER = ("import resource,subprocess,sys;"
               "subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,stderr=subprocess.DEVNULL);"
               "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")


def peak_bytes(command):
    """Peak resident set size of `command`, in bytes (Linux reports KiB)."""
    out = subprocess.run([sys.executable, "-c", PEAK_HELPER, *command], check=True, capture_output=True, text=True)
    return int(out.stdout.strip()) * 1024


def ours(path, jobs, extra=()):
    return [OURS, "scan", path, "--format", "sarif", "-o", os.path.join(tempfile.gettempdir(), "x.sarif"),
            "--fail-on", "none", "-j", str(jobs), *extra]


def ms(seconds):
    return f"{seconds * 1000:.0f} ms" if seconds >= 0.01 else f"{seconds * 1000:.1f} ms"


def mb(size):
    return f"{size / 1e6:.1f} MB"


def run(runs):
    for binary in (OURS, SERDE_FLOOR):
        if not os.path.exists(binary):
            sys.exit(f"{binary} is missing: build it with bench/run.sh (cargo build --profile profiling ...)")
    rows = []
    inputs = [(f"plan, {n:,} resources", plan(n), n) for n in PLANS]
    inputs += [("plan, 20,000 resources, pretty-printed", plan(20000, "--pretty"), 20000),
               ("IAM-dense plan, 20,400 resources", plan(20400, "--iam-dense"), 20400),
               ("IAM-dense plan, 20,400 resources, pretty-printed", plan(20400, "--iam-dense", "--pretty"), 20400)]
    inputs += [("template, 500 resources", template(), 500), ("2,000 templates", template_dir(), None)]
    for label, path, resources in inputs:
        print(f"measuring {label}", file=sys.stderr)
        row = {"label": label, "size": size_of(path), "resources": resources,
               "j1": median_seconds(ours(path, 1), runs), "j2": median_seconds(ours(path, 2), runs),
               "peak": peak_bytes(ours(path, 2))}
        if path.endswith(".json"):
            row["serde"] = median_seconds([SERDE_FLOOR, path], runs)
            row["python"] = median_seconds([*PYTHON_FLOOR, path], runs)
        rows.append(row)
    print("| input | size | ours -j 1 | ours -j 2 | -j 2 speed-up | serde_json floor | ours / serde | "
          "Python floor | ours / Python | peak memory | memory / input | per resource |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for row in rows:
        best = row["j2"]
        serde = row.get("serde")
        python = row.get("python")
        per = f"{best / row['resources'] * 1e6:.1f} µs" if row["resources"] else "–"
        print(f"| {row['label']} | {mb(row['size'])} | {ms(row['j1'])} | {ms(best)} | {row['j1'] / best:.2f}× | "
              f"{ms(serde) if serde else '–'} | {f'{best / serde:.2f}×' if serde else '–'} | "
              f"{ms(python) if python else '–'} | {f'{best / python:.2f}×' if python else '–'} | "
              f"{mb(row['peak'])} | {row['peak'] / row['size']:.2f}× | {per} |")
    plans = [row for row in rows if row["label"].startswith("plan") and row["label"].endswith("resources")]
    print()
    print("Scaling (ours -j 2, per resource): " + " → ".join(
        f"{row['resources']:,}: {row['j2'] / row['resources'] * 1e6:.1f} µs" for row in plans))


# Checkov takes seconds to many minutes per run: one run, no warm-up, stopped at this many
# seconds ($CHECKOV_LIMIT) so that the script ends.
CHECKOV_LIMIT = int(os.environ.get("CHECKOV_LIMIT", "600"))


def once(command):
    """Seconds of one run of `command`, or infinity when it runs past CHECKOV_LIMIT."""
    start = time.perf_counter()
    # In its own process group, so that a stop reaches Checkov's worker processes too.
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        child.wait(timeout=CHECKOV_LIMIT)
    except subprocess.TimeoutExpired:
        os.killpg(child.pid, signal.SIGKILL)
        child.wait()
        return float("inf")
    return time.perf_counter() - start


def compare(runs):
    checkov = shutil.which("checkov")
    guard = shutil.which("cfn-guard")
    if not checkov and not guard:
        sys.exit("neither checkov (pip install checkov) nor cfn-guard (cargo install cfn-guard) is installed")
    if not os.path.exists(OURS):
        sys.exit(f"{OURS} is missing: build it with cargo build --profile profiling")
    versions = []
    if checkov:
        versions.append("Checkov " + subprocess.run([checkov, "--version"], capture_output=True, text=True).stdout.strip())
    if guard:
        versions.append(subprocess.run([guard, "--version"], capture_output=True, text=True).stdout.strip())
    print("Versions: " + "; ".join(versions))
    print()
    quiet = ["--quiet", "--compact", "--skip-download", "-o", "json"]
    cases = [
        ("template, 500 resources", template(), ["-f", template(), "--framework", "cloudformation"], True),
        ("2,000 templates", template_dir(), ["-d", template_dir(), "--framework", "cloudformation"], True),
        ("plan, 20,000 resources", plan(20000), ["-f", plan(20000), "--framework", "terraform_plan"], False),
    ]
    print("| input | ours | Checkov | Checkov / ours | cfn-guard (SUP001 only) | cfn-guard / ours |")
    print("|---|---|---|---|---|---|")
    for label, path, checkov_args, guard_reads in cases:
        print(f"measuring {label}", file=sys.stderr)
        mine = median_seconds(ours(path, 2), runs)
        theirs = once([checkov, *checkov_args, *quiet]) if checkov else None
        guarded = (median_seconds([guard, "validate", "-r", GUARD_RULE, "-d", path, "--show-summary", "none"], runs)
                   if guard and guard_reads else None)
        if theirs == float("inf"):
            checkov_cells = f"over {CHECKOV_LIMIT} s (stopped) | > {CHECKOV_LIMIT / mine:.0f}×"
        else:
            checkov_cells = f"{ms(theirs)} | {theirs / mine:.1f}×" if theirs else "– | –"
        print(f"| {label} | {ms(mine)} | {checkov_cells} | "
              f"{ms(guarded) if guarded else '–'} | {f'{guarded / mine:.1f}×' if guarded else '–'} |")


def main():
    if len(sys.argv) < 2 or sys.argv[1] not in ("run", "compare"):
        sys.exit(__doc__)
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    {"run": run, "compare": compare}[sys.argv[1]](runs)


main()
