#!/usr/bin/env python3
"""Times commands side by side, their runs interleaved (A B C A B C ...), so that a machine
whose speed drifts (other work, page-fault cost) slows every command alike.

    bench/interleave.py RUNS LABEL 'COMMAND' [LABEL 'COMMAND' ...]

A command may start with VAR=value words (environment for that command only). One
warm-up round is not counted. Prints, per command, the median wall time, user and system
CPU, the median peak resident memory (MB of 1,000,000 bytes; never below the forked
Python's own, about 15 MB, which the child has before it runs the command) and the fastest
wall time.
"""

import os
import shlex
import statistics
import subprocess
import sys
import time


def run(words):
    env = dict(os.environ)
    while words and "=" in words[0] and not words[0].startswith(("/", ".")):
        key, value = words.pop(0).split("=", 1)
        env[key] = value
    start = time.perf_counter()
    child = subprocess.Popen(words, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, _, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    return wall, usage.ru_utime, usage.ru_stime, usage.ru_maxrss * 1024 / 1e6


def main():
    if len(sys.argv) < 4 or len(sys.argv) % 2 != 0:
        sys.exit(__doc__)
    runs = int(sys.argv[1])
    commands = [(sys.argv[i], sys.argv[i + 1]) for i in range(2, len(sys.argv), 2)]
    samples = {label: [] for label, _ in commands}
    for round_number in range(runs + 1):
        for label, command in commands:
            sample = run(shlex.split(command))
            if round_number > 0:
                samples[label].append(sample)
    for label, _ in commands:
        taken = samples[label]
        median = [statistics.median(sample[i] for sample in taken) for i in range(4)]
        fastest = min(sample[0] for sample in taken)
        print(
            f"{label:14s} wall {median[0] * 1000:7.1f} ms  user {median[1] * 1000:6.1f} ms"
            f"  sys {median[2] * 1000:6.1f} ms  peak {median[3]:6.1f} MB"
            f"  (fastest {fastest * 1000:.1f} ms)"
        )


if __name__ == "__main__":
    main()
