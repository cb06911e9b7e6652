"""Server-side rerun time of the verdict page against a bare page with the same elements.

Both run in AppTest (no browser, no network): the real app opened on its verdict page
(pages/balance.py through app.py, with the sidebar), and bench/bare_app.py, the same frame
(navigation, sidebar widgets) around bench/bare_verdict_page.py, which draws the same elements
from values computed once. The verdict page keeps its charts per session until the scenario
changes, so two figures are printed (and the same page in French, for the catalogue's cost): a
rerun with the scenario unchanged (a click on the page) and a rerun right after the scenario
changed (arriving from an edit on another page). Reruns alternate between the two so that
machine noise hits both alike; the ratio of medians is the figure to watch (target < 1.5).
Run: make bench-app (or python bench/bench_app.py).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

RERUNS = 40
TARGET_RATIO = 1.5


def timed_rerun(at: AppTest) -> float:
    start = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - start
    assert not at.exception, at.exception
    return elapsed


def main() -> int:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.query_params["lang"] = "en"
    french = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    french.query_params["lang"] = "fr"
    bare = AppTest.from_file(str(ROOT / "bench" / "bare_app.py"), default_timeout=60)
    for at in (app, french, bare):  # warm-up: imports, data caches, first evaluation
        for _ in range(3):
            timed_rerun(at)
    app_times, french_times, bare_times = [], [], []
    for _ in range(RERUNS):
        app_times.append(timed_rerun(app))
        french_times.append(timed_rerun(french))
        bare_times.append(timed_rerun(bare))
    # reruns after a scenario change: alternate the horizon so every rerun re-evaluates and
    # rebuilds the charts
    changed_times = []
    for i in range(RERUNS // 4):
        app.session_state["scenario"]["horizon_years"] = 6 + (i % 2)
        changed_times.append(timed_rerun(app))
    app_ms = statistics.median(app_times) * 1000
    bare_ms = statistics.median(bare_times) * 1000
    ratio = app_ms / bare_ms
    print(f"reruns: {RERUNS} each, alternating")
    print(f"verdict page (app.py, sidebar included): median {app_ms:7.1f} ms, "
          f"min {min(app_times) * 1000:7.1f} ms")
    print(f"bare page, same elements:                median {bare_ms:7.1f} ms, "
          f"min {min(bare_times) * 1000:7.1f} ms")
    changed_ms = statistics.median(changed_times) * 1000
    print(f"verdict page right after a scenario change: median {changed_ms:7.1f} ms "
          f"({len(changed_times)} reruns; ratio to bare {changed_ms / bare_ms:.2f})")
    french_ms = statistics.median(french_times) * 1000
    print(f"the same page in French: median {french_ms:7.1f} ms (ratio to English "
          f"{french_ms / app_ms:.2f}: every text looked up in the catalogue)")
    print(f"ratio of medians, unchanged scenario: {ratio:.2f} (target < {TARGET_RATIO})")
    return 0 if ratio < TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
