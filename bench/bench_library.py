"""The scenario library at 1,000 saved scenarios: saving, listing, comparing, the portfolio, and
the Library page's server-side render time (target: under 300 ms).

A fresh SQLite file in a temporary folder (with ``--postgres``: a throwaway PostgreSQL server,
as the tests start one; or BENCH_DATABASE_URL, a PostgreSQL database emptied first) receives
1,000 scenarios: the four examples with varied horizons, names and projects, a quarter of
them with a second version. Then, each timed several times (best and median printed; the
machine is shared and noisy):
- the autosave of a tab's draft, which runs after each edit;
- ``Library.list()`` of all 1,000, and with a search term;
- the Library page rerun in AppTest (app.py, sidebar included) with the 1,000 listed, and, in
  the same run, the verdict page, for scale;
- the Compare page with six scenarios (first time: six evaluations with 10,000 simulations
  each; then a rerun);
- the Portfolio page rerun with 1,000 projects (their figures and probabilities kept in the
  library: target under 300 ms), and ``portfolio.review`` with the kept figures and, for
  scale, evaluating each as before.
Run: make bench (or python bench/bench_library.py).
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# its checks read the pages' English captions: the app is French by default
os.environ.setdefault("APP_LANGUAGE", "en")
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

from calculators import portfolio  # noqa: E402
from store import open_library  # noqa: E402

SCENARIOS = 1000
REPEATS = 15
PAGE_TARGET_MS = 300.0


def timed(function, repeats: int = REPEATS) -> list[float]:
    out = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        out.append((time.perf_counter() - start) * 1000)
    return out


def show(label: str, times_ms: list[float]) -> float:
    median = statistics.median(times_ms)
    print(f"{label:<58} best {min(times_ms):8.1f} ms   median {median:8.1f} ms")
    return median


def seed(library) -> list[str]:
    examples = [json.loads(p.read_text(encoding="utf-8"))
                for p in sorted((ROOT / "examples").glob("*.json"))]
    ids = []
    start = time.perf_counter()
    for i in range(SCENARIOS):
        scenario = dict(examples[i % len(examples)])
        scenario["name"] = f"{scenario['name']} #{i}"
        scenario["horizon_years"] = 2 + i % 9
        # one project each: a portfolio of 1,000 projects (each saved with its figures and
        # probability, as the library keeps them)
        saved = library.save(scenario, project=f"Project {i}", author=f"Author {i % 7}",
                             comment=f"variant {i}")
        if i % 4 == 0:
            scenario["horizon_years"] += 1
            library.save(scenario, entry_id=saved.entry_id, comment="longer")
        ids.append(saved.entry_id)
    elapsed = time.perf_counter() - start
    saves = SCENARIOS + SCENARIOS // 4
    print(f"seeded {SCENARIOS:,} scenarios ({saves:,} saves) in {elapsed:.1f} s: "
          f"{elapsed / saves * 1000:.1f} ms a save (validation, evaluation, durable commit)")
    return ids


def main() -> int:
    sys.path.insert(0, str(ROOT / "tests"))
    server = None
    if "--postgres" in sys.argv:
        from postgres_server import PostgresServer
        server = PostgresServer()
        os.environ["BENCH_DATABASE_URL"] = server.start()
    try:
        return run()
    finally:
        if server:
            server.stop()


def run() -> int:
    folder = tempfile.mkdtemp(prefix="bench-library-")
    url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{folder}/library.sqlite3"
    if url.startswith("postgres"):
        from conftest import _empty_postgres
        _empty_postgres(url)
    os.environ["DATABASE_URL"] = url  # the app under AppTest opens the same library
    library = open_library(url)
    print(f"database: {url.split('@')[-1]}")
    ids = seed(library)

    example = json.loads((ROOT / "examples" / "water_leak_detection.json").read_text())
    show("put_draft (the autosave after each edit)",
         timed(lambda: library.put_draft("b" * 32, example, None)))
    show("Library.list(), all 1,000", timed(library.list))
    show("Library.list(search='#99')", timed(lambda: library.list(search="#99")))

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at.switch_page("pages/library.py").run()
    assert not at.exception, at.exception
    assert any(f"{SCENARIOS} scenario(s)" in c.value for c in at.caption)
    library_ms = show("Library page rerun (1,000 listed, sidebar included)", timed(at.run))
    at.selectbox(key="lib_pick").set_value(ids[-1]).run()  # the page lists the latest first
    show("Library page rerun, one scenario open with its history", timed(at.run))
    at.switch_page("pages/balance.py").run()
    verdict_ms = show("Verdict page rerun, for scale", timed(at.run))

    at.switch_page("pages/compare.py").run()
    chosen = [f"{entry_id}:{1 + (k % 4 == 0)}" for k, entry_id in enumerate(ids[:6])]
    first = timed(lambda: at.multiselect(key="cmp_choice").set_value(chosen).run(), 1)
    assert not at.exception, at.exception
    show("Compare page, six scenarios, first time (6 x 10,000 simulations)", first)
    show("Compare page rerun, six scenarios", timed(at.run))

    at.switch_page("pages/portfolio.py").run()
    assert not at.exception, at.exception
    portfolio_ms = show("Portfolio page rerun (1,000 projects, kept figures)", timed(at.run))
    rows = library.latest_before("9999")
    retained = library.retained_variants()
    kept = library.figures(portfolio.needed(rows, [], retained))
    show("portfolio.review of 1,000 with the kept figures",
         timed(lambda: portfolio.review(rows, [], retained, None, kept), 3))
    show("portfolio.review of 1,000, each evaluated (before: on every click)",
         timed(lambda: portfolio.review(rows, [], retained), 1))

    print(f"Library page: median {library_ms:.0f} ms against a target of "
          f"{PAGE_TARGET_MS:.0f} ms; {library_ms / verdict_ms:.2f} x the verdict page's rerun "
          f"in the same run")
    print(f"Portfolio page: median {portfolio_ms:.0f} ms against a target of "
          f"{PAGE_TARGET_MS:.0f} ms; {portfolio_ms / verdict_ms:.2f} x the verdict page's rerun")
    library.engine.dispose()
    return 0 if max(library_ms, portfolio_ms) < PAGE_TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
