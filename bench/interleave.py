#!/usr/bin/env python3
# Copyright 2026 The rewardkit Authors.
# SPDX-License-Identifier: Apache-2.0
"""Times Google Benchmark binaries against each other, interleaved, and prints each one's best.

    python3 bench/interleave.py [--rounds 3] [--cpu 1] FILTER BINARY [BINARY ...]

On a shared machine a benchmark's time drifts by tens of percent over minutes, so two builds
timed one after the other can differ by more than the change between them. This runs every
binary in turn, --rounds times, each run three repetitions of the benchmarks that FILTER
selects (--benchmark_filter), pinned to one CPU, and reports per benchmark and binary the
smallest per-sample time seen (the "per_sample" counter of bench/batch_bench): noise only ever
adds time, so the minimum of interleaved runs is the steadiest figure. Typical use: build the
benchmark, copy it aside, rebuild with a change, and compare the two copies:

    cp build/bench/batch_bench /tmp/before   # ... change, rebuild ...
    python3 bench/interleave.py '(Batch_Gsm8k|ParseFloor_Gsm8k)/64$' /tmp/before build/bench/batch_bench

A benchmark with a "ratio" counter (batch_bench's BM_Ratio_*, end to end over the parse floor,
each timed in the same run) also gets the median of its ratios and their range: a ratio is not
only ever made larger by noise, so its minimum means nothing.

Standard library only.
"""

import argparse
import collections
import json
import statistics
import subprocess
import sys


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("filter", help="--benchmark_filter of the benchmarks to time")
    parser.add_argument("binaries", nargs="+", help="benchmark binaries to compare")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each binary (default 3)")
    parser.add_argument("--cpu", default="1", help="the CPU to pin to with taskset (default 1)")
    args = parser.parse_args()

    best = collections.defaultdict(lambda: float("inf"))
    ratios = collections.defaultdict(list)
    for _ in range(args.rounds):
        for binary in args.binaries:
            run = subprocess.run(
                ["taskset", "-c", args.cpu, binary, "--benchmark_filter=" + args.filter,
                 "--benchmark_repetitions=3", "--benchmark_format=json"],
                capture_output=True, text=True, check=True)
            for bm in json.loads(run.stdout)["benchmarks"]:
                if bm.get("run_type") != "iteration" or "per_sample" not in bm:
                    continue
                key = (bm["run_name"], binary)
                best[key] = min(best[key], bm["per_sample"])
                if "ratio" in bm:
                    ratios[key].append(bm["ratio"])
    names = sorted({name for name, _ in best})
    if not names:
        print("interleave: no benchmark with a per_sample counter matched", file=sys.stderr)
        return 1
    width = max(len(n) for n in names)
    print(f"{'benchmark':<{width}}  " + "  ".join(f"{b:>14}" for b in args.binaries))
    for name in names:
        cells = [f"{best[(name, b)] * 1e9:11.1f} ns" for b in args.binaries]
        print(f"{name:<{width}}  " + "  ".join(f"{c:>14}" for c in cells))
    ratio_names = [n for n in names if any(ratios[(n, b)] for b in args.binaries)]
    if ratio_names:
        print()
        print(f"{'ratio: median (range)':<{width}}  "
              + "  ".join(f"{b:>22}" for b in args.binaries))
        for name in ratio_names:
            cells = []
            for b in args.binaries:
                r = sorted(ratios[(name, b)])
                cells.append(f"{statistics.median(r):.3f} ({r[0]:.2f}-{r[-1]:.2f})" if r else "-")
            print(f"{name:<{width}}  " + "  ".join(f"{c:>22}" for c in cells))
    return 0


if __name__ == "__main__":
    sys.exit(main())
