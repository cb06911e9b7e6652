"""Scenario evaluations per second on one core, for each example (target: >= 20,000/s).

Machines here are shared and noisy: identical runs differ by 2x (host steal time, not this
machine's own load). Each example is measured in 61 short runs, each run of evaluate()
followed by a run of a fixed pure-Python reference workload. Printed per example: best and
median evaluations/s, the median ratio to the reference, and that ratio times the best
reference rate (a cross-check). Noise only ever adds time, so the target is judged on the best
run, the figure closest to an uncontended core (as timeit's documentation advises); the ratio
turned out to move by up to 25 % between consecutive runs here too. load()+evaluate()
(validation included, what the command line does) is printed beside it, with how many times
evaluate() alone it takes (target: at most 3).
Run: make bench (or python bench/bench_core.py).
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from calculators import evaluate, load  # noqa: E402

TARGET_PER_S = 20_000
RUNS = 61
SECONDS_PER_RUN = 0.04
WARM_UP_SECONDS = 0.5


def reference() -> float:
    """Fixed pure-Python work (dict lookups and float arithmetic), about one evaluation's size."""
    values = {"a": 1.5, "b": 2.5}
    total = 0.0
    for i in range(400):
        total += values["a"] * i / values["b"]
    return total


def rate(fn) -> float:
    """Calls per second of ``fn`` over one run of SECONDS_PER_RUN."""
    n, start = 0, time.perf_counter()
    while True:
        for _ in range(50):
            fn()
        n += 50
        elapsed = time.perf_counter() - start
        if elapsed >= SECONDS_PER_RUN:
            return n / elapsed


def measure(fn) -> tuple[float, float, float, float]:
    """(best, median, median ratio to reference, best reference) over RUNS interleaved runs."""
    rates, refs, ratios = [], [], []
    for _ in range(RUNS):
        r, f = rate(fn), rate(reference)
        rates.append(r)
        refs.append(f)
        ratios.append(r / f)
    return max(rates), statistics.median(rates), statistics.median(ratios), max(refs)


def main() -> int:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core
    print(f"{'example':24}{'best/s':>9}{'median/s':>10}{'ratio':>7}{'cross-check':>12}"
          f"{'load+evaluate/s':>17}{'x evaluate':>11}  target")
    worst = float("inf")
    slowest_load = 0.0
    paths = sorted((ROOT / "examples").glob("*.json"))
    # warm-up: data caches, and Python's adaptive interpreter, which specialises the bytecode
    # only after many calls (without it the first example measured came out up to 40 % slow)
    for path in paths:
        warm = load(path.read_bytes())
        deadline = time.perf_counter() + WARM_UP_SECONDS
        while time.perf_counter() < deadline:
            evaluate(warm)
            evaluate(load(path.read_bytes()))
            reference()
    for path in paths:
        text = path.read_bytes()
        scenario = load(text)
        best, median, ratio, ref_best = measure(lambda: evaluate(scenario))
        full_best = measure(lambda: evaluate(load(text)))[0]
        estimate = ratio * ref_best
        worst = min(worst, best)
        # what every real caller pays (a file read, validated, resolved) against evaluate
        # alone, best runs of the same run: target at most 3 (issue 16)
        times_evaluate = best / full_best
        slowest_load = max(slowest_load, times_evaluate)
        ok = "ok" if best >= TARGET_PER_S else "MISSED"
        print(f"{path.stem:24}{best:>9,.0f}{median:>10,.0f}{ratio:>7.3f}{estimate:>12,.0f}"
              f"{full_best:>17,.0f}{times_evaluate:>11.2f}  {ok}")
    print(f"slowest example, best run: {worst:,.0f} evaluations/s on one core "
          f"(target {TARGET_PER_S:,}/s)")
    print(f"load + evaluate: at most {slowest_load:.2f} times evaluate alone (target 3)")
    return 0 if worst >= TARGET_PER_S else 1


if __name__ == "__main__":
    sys.exit(main())
