"""Scenario evaluations per second on one core, for each example (target: >= 20,000/s).

Prints, per example: evaluations per second of evaluate() on an already validated scenario
(what the app reruns on every widget change), and of load()+evaluate() from JSON text (what the
command line does), with the ratio between them. Run: make bench (or python bench/bench_core.py).

Machines here are shared and noisy (the same run varies by 2x): each figure is measured over
21 short runs; the target is judged on the best run (closest to an uncontended core), and the
median is printed beside it so the noise is visible.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from calculators import evaluate, load  # noqa: E402

TARGET_PER_S = 20_000


RUNS = 21


def rate(fn, seconds_per_run: float = 0.1) -> tuple[float, float]:
    """Calls per second of ``fn``: (best, median) over RUNS runs of ``seconds_per_run``."""
    rates = []
    for _ in range(RUNS):
        n, start = 0, time.perf_counter()
        while True:
            for _ in range(50):
                fn()
            n += 50
            elapsed = time.perf_counter() - start
            if elapsed >= seconds_per_run:
                break
        rates.append(n / elapsed)
    rates.sort()
    return rates[-1], rates[len(rates) // 2]


def main() -> int:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core
    print(f"{'example':28}{'evaluate/s best':>16}{'median':>9}{'load+evaluate/s best':>22}"
          f"{'median':>9}{'ratio':>7}  target")
    worst = float("inf")
    for path in sorted((ROOT / "examples").glob("*.json")):
        text = path.read_bytes()
        scenario = load(text)
        evaluate(scenario)  # warm the data caches
        fast, fast_med = rate(lambda: evaluate(scenario))
        full, full_med = rate(lambda: evaluate(load(text)))
        worst = min(worst, fast)
        ok = "ok" if fast >= TARGET_PER_S else "MISSED"
        print(f"{path.stem:28}{fast:>16,.0f}{fast_med:>9,.0f}{full:>22,.0f}{full_med:>9,.0f}"
              f"{fast / full:>7.1f}  {ok}")
    print(f"slowest example, best run: {worst:,.0f} evaluations/s on one core "
          f"(target {TARGET_PER_S:,}/s)")
    return 0 if worst >= TARGET_PER_S else 1


if __name__ == "__main__":
    sys.exit(main())
