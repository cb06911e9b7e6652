"""The Library page at 100,000 saved scenarios (target: a rerun under 300 ms server-side).

The library is filled by copying rows in bulk (saving 100,000 scenarios one by one, each
validated, evaluated and simulated, would take most of an hour): the four examples are saved
through ``Library.save``, then their entries, versions and kept figures copied under new ids,
names, projects and dates with SQL ``executemany``. Then, each timed several times (best and
median printed; the machine is shared and noisy): the count and the first page of the list,
a page far down (offset 50,000), a search (counted and listed apart, then by Library.page in
one query; then with an accented letter, each of its ways in either case its own LIKE on
SQLite), and the Library page's rerun in AppTest (app.py, sidebar included), without a search,
with one, and with an accented one, with the verdict page's rerun in the same run for scale.
The target is judged on the slowest of the three reruns.

Run: .venv/bin/python bench/bench_library_large.py [--scenarios 100000]"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("APP_LANGUAGE", "en")
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from bench_library import show, timed  # noqa: E402  (the same timing and printing)
from store import open_library  # noqa: E402
from store.database import entries, retained, version_figures, versions, write  # noqa: E402

TARGET_MS = 300.0
REPEATS = 9
CHUNK = 5000


def seed(library, count: int) -> None:
    started = time.perf_counter()
    templates = []
    for path in sorted((ROOT / "examples").glob("*.json")):
        saved = library.save(json.loads(path.read_text(encoding="utf-8")))
        templates.append(saved.entry_id)
    with library.engine.connect() as conn:
        version_rows = {r.entry_id: dict(r._mapping) for r in conn.execute(
            sa.select(versions).where(versions.c.entry_id.in_(templates)))}
        figure_rows = {r.entry_id: dict(r._mapping) for r in conn.execute(
            sa.select(version_figures).where(version_figures.c.entry_id.in_(templates)))}
    start = datetime(2025, 1, 1, tzinfo=timezone.utc)
    for first in range(0, count, CHUNK):
        batch_entries, batch_versions, batch_figures, batch_retained = [], [], [], []
        for i in range(first, min(count, first + CHUNK)):
            template = templates[i % len(templates)]
            entry_id = f"{i:032x}"
            when = (start + timedelta(minutes=i)).isoformat()
            name = f"{version_rows[template]['name']} #{i}"
            project = f"Project {i}"
            batch_entries.append({"id": entry_id, "project": project, "name": name,
                                  "archived": False, "created_at": when, "latest_version": 1})
            row = dict(version_rows[template], entry_id=entry_id, name=name, project=project,
                       saved_at=when, author=f"Author {i % 7}", comment=f"variant {i}")
            row.pop("id")
            batch_versions.append(row)
            batch_figures.append(dict(figure_rows[template], entry_id=entry_id))
            batch_retained.append({"project": project, "entry_id": entry_id,
                                   "chosen_at": when, "chosen_by": ""})
        with write(library.engine) as conn:
            conn.execute(sa.insert(entries), batch_entries)
            conn.execute(sa.insert(versions), batch_versions)
            conn.execute(sa.insert(version_figures), batch_figures)
            conn.execute(sa.insert(retained), batch_retained)
    print(f"seeded {count:,} scenarios in bulk in {time.perf_counter() - started:.1f} s")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scenarios", type=int, default=100_000)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="bench-library-large-")
    url = f"sqlite:///{folder}/library.sqlite3"
    os.environ["DATABASE_URL"] = url  # the app under AppTest opens the same library
    library = open_library(url)
    seed(library, args.scenarios)
    total = args.scenarios + 4
    show("Library.count()", timed(library.count, REPEATS))
    show("Library.list(limit=100), the first page", timed(lambda: library.list(limit=100), REPEATS))
    show("Library.list(limit=100, offset=50,000)",
         timed(lambda: library.list(limit=100, offset=50_000), REPEATS))
    show("Library.count(search='#9999') and its first page", timed(
        lambda: (library.count(search="#9999"), library.list(search="#9999", limit=100)),
        REPEATS))
    show("Library.page(search='#9999'): the same from one query", timed(
        lambda: library.page(search="#9999", limit=100), REPEATS))
    # a search with a letter SQLite does not fold itself ("é" finds "É"): Python lowers
    # every row's four columns, the dearer case of a search
    show("Library.page(search='#9999é'): a letter beyond ASCII", timed(
        lambda: library.page(search="#9999é", limit=100), REPEATS))

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    at.run()
    at.switch_page("pages/library.py").run()
    assert not at.exception, at.exception
    assert any(f"{total:,} scenario(s)".replace(",", "") in c.value.replace(",", "")
               for c in at.caption), [c.value for c in at.caption]
    page_ms = show(f"Library page rerun ({total:,} saved, one page of 100)",
                   timed(at.run, REPEATS))
    at.text_input(key="lib_search").set_value("#9999").run()
    assert not at.exception, at.exception
    searched_ms = show("Library page rerun, searching '#9999' among them",
                       timed(at.run, REPEATS))
    # a search typed the French way, with an accent: SQLite folds ASCII letters only
    at.text_input(key="lib_search").set_value("#9999é").run()
    assert not at.exception, at.exception
    accented_ms = show("Library page rerun, searching '#9999é'", timed(at.run, REPEATS))
    at.text_input(key="lib_search").set_value("").run()
    at.switch_page("pages/balance.py").run()
    verdict_ms = show("Verdict page rerun, for scale", timed(at.run, REPEATS))
    print(f"Library page at {total:,}: median {page_ms:.0f} ms, {searched_ms:.0f} ms with a "
          f"search, {accented_ms:.0f} ms with an accented one, against a target of "
          f"{TARGET_MS:.0f} ms; {page_ms / verdict_ms:.2f}, {searched_ms / verdict_ms:.2f} and "
          f"{accented_ms / verdict_ms:.2f} x the verdict page's rerun in the same run")
    library.engine.dispose()
    return 0 if max(page_ms, searched_ms, accented_ms) < TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
