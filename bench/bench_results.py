"""Yearly results at 1,000 projects (issue 34): the Portfolio with a year of results per
project, the Yearly results page's annual review, and the review's dossier.

A library of ``--projects`` scenarios is filled in bulk (bench_library_large's seed: each
scenario its own project, retained, its figures kept), then a year of results per project is
recorded in bulk: the actuals of each example validated once (``calculators.actuals.validate``,
as ``Results.record`` does), written for every project with SQL ``executemany``. Then, each
timed several times (best and median printed; the machine is shared and noisy):

- the Portfolio page's rerun in AppTest (app.py, sidebar included), the year under review the
  one with results (target: under 300 ms), with the verdict page's rerun in the same run for
  scale;
- the Yearly results page's rerun, its annual review of that year on the page;
- what a rerun did before the year's balances were kept per record (issue 34): every row read
  with its scenario and each balance looked up, for scale;
- the annual review's dossier: its HTML (the chart drawn by the local Chromium) and its PDF,
  their time and size (targets: under 30 s and 5 MB).

Run: .venv/bin/python bench/bench_results.py [--projects 1000]"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("APP_LANGUAGE", "en")
os.environ.setdefault("APP_REGISTER_WATCH_S", "0")
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import sqlalchemy as sa  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from bench_library import show, timed  # noqa: E402  (the same timing and printing)
from bench_library_large import seed  # noqa: E402

PAGE_TARGET_MS = 300.0
DOSSIER_TARGET_S = 30.0
DOSSIER_TARGET_MB = 5.0
REPEATS = 7


def _likely(value) -> float:
    """A scenario's number, or the likely value of its range."""
    if isinstance(value, dict):
        value = value.get("likely")
    return float(value or 1.0)


def record_year(library, year: int) -> int:
    """A year of results for every project's retained version, in bulk."""
    from calculators.actuals import validate
    from calculators.scenario import load, migrate
    from store.database import versions, write, yearly_results

    started = time.perf_counter()
    with library.engine.connect() as conn:
        rows = conn.execute(sa.select(versions.c.entry_id, versions.c.version,
                                      versions.c.project, versions.c.scenario_json)).all()
    checked: dict[str, str] = {}  # one validation per template (the scenario's name)
    batch = []
    for n, row in enumerate(rows):
        scenario = json.loads(row.scenario_json)
        template = scenario["name"].split(" #")[0]
        if template not in checked:
            forecast = load(migrate(scenario)[0])
            per_day = forecast.resolved["inference"].get("requests_per_day") or 0
            per_day = per_day.get("likely", 0) if isinstance(per_day, dict) else per_day
            actuals = {"year": year, "requests": round(per_day * 365 * 1.2) or None,
                       "benefits": [{"quantity_per_year": _likely(b.get("quantity_per_year"))
                                     * 0.8, "evidence": "Relevé du service, rapport annuel"}
                                    for b in forecast.resolved["benefits"]],
                       "gains_eur": 1000.0, "running_eur": 400.0}
            checked[template] = json.dumps(validate(actuals, forecast), ensure_ascii=False)
        batch.append({"project": row.project, "entry_id": row.entry_id, "version": row.version,
                      "year": year, "actuals_json": checked[template],
                      "recorded_at": datetime(year, 12, 1, tzinfo=timezone.utc).isoformat(),
                      "recorded_by": f"Agent {n % 5}"})
    with write(library.engine) as conn:
        conn.execute(sa.insert(yearly_results), batch)
    print(f"recorded a year of results for {len(batch):,} projects in "
          f"{time.perf_counter() - started:.1f} s")
    return len(batch)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", type=int, default=1000)
    args = parser.parse_args()
    year = datetime.now(timezone.utc).year
    folder = tempfile.mkdtemp(prefix="bench-results-")
    url = f"sqlite:///{folder}/library.sqlite3"
    os.environ["DATABASE_URL"] = url  # the app under AppTest opens the same library
    from store import open_library
    from store.committee import local_actor
    from store.yearly_results import Results

    library = open_library(url)
    seed(library, args.projects)
    count = record_year(library, year)
    ok = True

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    at.run()
    at.switch_page("pages/portfolio.py").run()
    assert not at.exception, at.exception
    texts = " ".join(str(e.value) for e in [*at.info, *at.warning])
    assert f"Results observed in {year}: {count} project(s)" in texts, texts[:500]
    portfolio_ms = show(f"Portfolio page rerun ({count:,} projects, a year of results each)",
                        timed(at.run, REPEATS))
    at.switch_page("pages/results.py").run()
    assert not at.exception, at.exception
    results_ms = show(f"Yearly results page rerun (its annual review of {count:,})",
                      timed(at.run, REPEATS))
    at.switch_page("pages/balance.py").run()
    verdict_ms = show("Verdict page rerun, for scale", timed(at.run, REPEATS))

    from ui import yearly_results as results_ui

    actor = local_actor("Banc d'essai")

    def read_and_draw():  # what each rerun did before (the balances looked up per row)
        rows = Results(library.engine).in_force(actor, year=year)
        return {row["project"]: results_ui.drawn(row) for row in rows}

    show("in_force and a balance per row (each rerun, before)", timed(read_and_draw, 3))

    from report.dossier import print_pdf
    from report.review import build_html

    entries = [e for e in results_ui.year_entries(library.engine, actor, year) if "balance" in e]
    started = time.perf_counter()
    document = build_html(entries, year, lang="fr", prepared_by="Banc d'essai")
    html_s = time.perf_counter() - started
    pdf = print_pdf(document)
    total_s = time.perf_counter() - started
    html_mb, pdf_mb = len(document.encode("utf-8")) / 1e6, len(pdf) / 1e6
    print(f"annual review's dossier of {count:,} projects: HTML {html_s:.1f} s, "
          f"{html_mb:.1f} MB; with its PDF {total_s:.1f} s, {pdf_mb:.1f} MB")
    ok = (portfolio_ms < PAGE_TARGET_MS and total_s < DOSSIER_TARGET_S
          and max(html_mb, pdf_mb) < DOSSIER_TARGET_MB)
    print(f"Portfolio page: median {portfolio_ms:.0f} ms against {PAGE_TARGET_MS:.0f} ms "
          f"({portfolio_ms / verdict_ms:.2f} x the verdict page's rerun); Yearly results "
          f"{results_ms:.0f} ms; the review's dossier {total_s:.1f} s against "
          f"{DOSSIER_TARGET_S:.0f} s and {max(html_mb, pdf_mb):.1f} MB against "
          f"{DOSSIER_TARGET_MB:.0f} MB: {'met' if ok else 'NOT met'}")
    library.engine.dispose()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
