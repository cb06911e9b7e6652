"""Monte Carlo speed: 100,000 samples of each example scenario (target: under 50 ms on one
core).

Printed per example: the time of uncertainty.monte_carlo (sampling, the model on arrays,
percentiles, probabilities, payback, sensitivity and break-even), split into its sampling and
model parts, the samples per second, and the ratio of the total time to the honest floor
measured in the same run: drawing the random numbers the sampling needs and nothing else (two
uniform float32 per sample and uncertain input, with the same generator, PCG64). The earlier
floor, a numpy copy of the float64 bytes, was about seven times faster than drawing them, so
its ratio overstated the distance to the floor. Best of several runs: the host's noise only
ever adds time. Run: make bench (or python bench/bench_uncertainty.py).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from calculators import load, model  # noqa: E402
from calculators import uncertainty as mc  # noqa: E402

SAMPLES = 100_000
TARGET_MS = 50.0
REPEATS = 7


def best_ms(fn, repeats: int = REPEATS) -> float:
    fn()
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best * 1000


def main() -> int:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core
    print(f"{SAMPLES:,} samples per run, best of {REPEATS} runs")
    print(f"{'example':24}{'inputs':>7}{'total ms':>10}{'sampling':>10}{'model':>8}"
          f"{'samples/s':>12}{'floor ms':>9}{'ratio':>7}  target")
    worst = 0.0
    for path in sorted((ROOT / "examples").glob("*.json")):
        scenario = load(path.read_bytes())
        inputs = len(scenario.ranges)
        total = best_ms(lambda: mc.monte_carlo(scenario, SAMPLES, 0))
        sampling = best_ms(lambda: mc.sample_inputs(scenario, SAMPLES, 0))
        drawn = mc.sample_inputs(scenario, SAMPLES, 0)
        modelled = best_ms(lambda: model.numbers(mc._with(scenario.resolved, drawn)))
        floor = best_ms(lambda: np.random.Generator(np.random.PCG64(0)).random(
            (2 * max(inputs, 1), SAMPLES), dtype=mc.SAMPLE_DTYPE))
        worst = max(worst, total)
        ok = "ok" if total < TARGET_MS else "MISSED"
        print(f"{path.stem:24}{inputs:>7}{total:>10.1f}{sampling:>10.1f}{modelled:>8.1f}"
              f"{SAMPLES / total * 1000:>12,.0f}{floor:>9.2f}{total / floor:>7.1f}  {ok}")
    print(f"slowest example: {worst:.1f} ms for {SAMPLES:,} samples (target {TARGET_MS:.0f} ms)")
    return 0 if worst < TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
