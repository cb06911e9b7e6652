"""The scenario library against a real SQLite file and a real PostgreSQL server (the same tests
on both: see the ``db_url`` fixture in conftest.py)."""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time

import pytest
import sqlalchemy as sa

from calculators import ScenarioError, evaluate
from calculators import refdata
from calculators import scenario as scenario_format
from conftest import EXAMPLES, ROOT, with_
from store import Library, LibraryError, LibraryUnavailable, open_library
from store import database


def example_named(name: str) -> dict:
    return json.loads((ROOT / "examples" / name).read_text(encoding="utf-8"))


LEAK = "water_leak_detection.json"


def test_save_adds_versions_and_keeps_every_earlier_one(library):
    first = example_named(LEAK)
    saved = library.save(first, author="Ana", comment="first draft")
    assert saved.version == 1
    second = with_(first, "horizon_years", 9)
    again = library.save(second, entry_id=saved.entry_id, author="Ben", comment="longer life")
    assert again == (saved.entry_id, 2)
    assert library.open_version(saved.entry_id, 1).scenario == first
    assert library.open_version(saved.entry_id).scenario == second
    history = library.history(saved.entry_id)
    assert [(h["version"], h["author"], h["comment"]) for h in history] == [
        (2, "Ben", "longer life"), (1, "Ana", "first draft")]
    # the row keeps the versions it was computed with, and its figures
    assert history[0]["scenario_schema_version"] == scenario_format.SCHEMA_VERSION
    assert history[0]["data_version"] == refdata.data_version()
    assert history[0]["horizon_years"] == 9
    assert history[0]["footprint_kgco2e"] > history[1]["footprint_kgco2e"]


def test_the_list_says_what_todays_data_changes(library):
    """A version saved with other reference data shows its figures recomputed with today's;
    one saved with today's data is left as it is."""
    changed = library.save(example_named(LEAK))
    same = library.save(example_named("traffic_lights.json"))
    unmoved = library.save(example_named("admin_llm_assistant.json"))
    net_now = library.history(changed.entry_id)[0]["net_kgco2e"]
    with library.engine.begin() as conn:  # as if saved under the former data, 10 t apart
        conn.execute(database.versions.update()
                     .where(database.versions.c.entry_id == changed.entry_id)
                     .values(data_version="2026.11.0+codecarbon-3.3.2",
                             net_kgco2e=net_now - 10_000))
        conn.execute(database.versions.update()
                     .where(database.versions.c.entry_id == unmoved.entry_id)
                     .values(data_version="2026.11.0+codecarbon-3.3.2"))
    fresh = library.figures_with_current_data(library.list())
    assert set(fresh) == {changed.entry_id, unmoved.entry_id}  # same data: not recomputed
    assert fresh[changed.entry_id]["changed"]
    assert fresh[changed.entry_id]["net_kgco2e"] == pytest.approx(net_now)
    assert not fresh[unmoved.entry_id]["changed"]
    assert same.entry_id not in fresh


def test_an_invalid_scenario_is_not_saved(library):
    bad = with_(example_named(LEAK), "horizon_years", -3)
    with pytest.raises(ScenarioError, match="horizon_years"):
        library.save(bad)
    assert library.list(include_archived=True) == []


@pytest.mark.parametrize("field, kwargs, match", [
    ("author", {"author": "x" * 201}, "at most 200"),
    ("comment", {"comment": "x" * 2001}, "at most 2,000"),
    ("comment", {"comment": "a\x00b"}, "NUL"),
    ("project", {"project": 12}, "must be text"),
])
def test_bad_fields_are_named(library, field, kwargs, match):
    with pytest.raises(LibraryError, match=match) as caught:
        library.save(example_named(LEAK), **kwargs)
    assert caught.value.field == field
    assert library.list(include_archived=True) == []


def test_an_unknown_id_is_a_clear_error(library):
    with pytest.raises(LibraryError, match="no saved scenario has the id 'nope'"):
        library.save(example_named(LEAK), entry_id="nope")
    with pytest.raises(LibraryError, match="no saved scenario"):
        library.open_version("nope")
    saved = library.save(example_named(LEAK))
    with pytest.raises(LibraryError, match="has no version 7"):
        library.open_version(saved.entry_id, 7)


def test_list_search_and_filters(library):
    ids = {}
    for path in EXAMPLES:
        scenario = json.loads(path.read_text(encoding="utf-8"))
        ids[path.name] = library.save(scenario, project=f"Project {path.stem}",
                                      author="Claire Dupont").entry_id
    everything = library.list()
    assert len(everything) == len(EXAMPLES)
    assert {r["name"] for r in library.list(search="LEAK")} == {example_named(LEAK)["name"]}
    assert len(library.list(search="claire")) == len(EXAMPLES)  # the author
    assert library.list(search="100%_") == []  # LIKE wildcards are taken literally
    assert [r["id"] for r in library.list(projects=["Project water_leak_detection"])] == [
        ids[LEAK]]
    domains = {r["domain"] for r in everything}
    for domain in domains:
        assert {r["domain"] for r in library.list(domains=[domain])} == {domain}
    for verdict in ("positive", "negative"):
        listed = library.list(verdicts=[verdict])
        assert all(r["verdict"] == verdict for r in listed)
        assert len(listed) == sum(r["verdict"] == verdict for r in everything)
    library.set_archived(ids[LEAK], True)
    assert ids[LEAK] not in {r["id"] for r in library.list()}
    assert ids[LEAK] in {r["id"] for r in library.list(include_archived=True)}
    library.set_archived(ids[LEAK], False)
    assert ids[LEAK] in {r["id"] for r in library.list()}


def test_duplicate_rename_restore_never_overwrite(library):
    saved = library.save(example_named(LEAK), project="Water")
    library.save(with_(example_named(LEAK), "horizon_years", 10), entry_id=saved.entry_id)
    copy_ = library.duplicate(saved.entry_id, 1, author="Ana")
    assert copy_.entry_id != saved.entry_id and copy_.version == 1
    copied = library.open_version(copy_.entry_id)
    assert copied.scenario["name"] == "Copy of " + example_named(LEAK)["name"]
    assert copied.scenario["horizon_years"] == example_named(LEAK)["horizon_years"]
    assert copied.meta["project"] == "Water"
    assert "Duplicated from" in copied.meta["comment"]

    renamed = library.rename(saved.entry_id, "Leaks, small model")
    assert renamed.version == 3
    assert library.entry(saved.entry_id)["name"] == "Leaks, small model"
    assert library.open_version(saved.entry_id, 2).scenario["name"] == example_named(LEAK)["name"]

    restored = library.restore(saved.entry_id, 1)
    assert restored.version == 4
    assert library.open_version(saved.entry_id).scenario == example_named(LEAK)
    assert [h["version"] for h in library.history(saved.entry_id)] == [4, 3, 2, 1]
    with pytest.raises(LibraryError, match="required"):
        library.rename(saved.entry_id, "   ")


def _store_raw(library: Library, scenario: dict, *, schema_version: int = 1) -> str:
    """Put a version in the database directly, as an older tool or older data would have."""
    saved = library.save(example_named(LEAK))
    with library.engine.begin() as conn:
        conn.execute(sa.update(database.versions)
                     .where(database.versions.c.entry_id == saved.entry_id)
                     .values(scenario_json=json.dumps(scenario),
                             scenario_schema_version=schema_version))
    return saved.entry_id


def test_a_stored_scenario_that_no_longer_validates_opens_with_its_reason(library):
    # a device model that data/accelerators.csv no longer lists
    stale = with_(example_named(LEAK), "training.devices", [{"model": "gone_gpu", "hours": 5}])
    entry_id = _store_raw(library, stale)
    opened = library.open_version(entry_id)
    assert opened.scenario == stale  # the user's entries come back as they were
    assert "training.devices[0].model" in opened.error and "gone_gpu" in opened.error
    with pytest.raises(LibraryError, match="does not validate any more"):
        library.duplicate(entry_id)


def test_a_stored_scenario_of_an_older_format_is_migrated_on_opening(library, monkeypatch):
    # a format version 0 whose "title" became "name" in version 1
    monkeypatch.setitem(scenario_format.MIGRATIONS, 0, (
        '"title" renamed "name"', lambda d: {("name" if k == "title" else k): v
                                             for k, v in d.items()}))
    old = {("title" if k == "name" else k): v for k, v in example_named(LEAK).items()}
    old["schema_version"] = 0
    entry_id = _store_raw(library, old, schema_version=0)
    opened = library.open_version(entry_id)
    assert opened.error is None
    assert opened.scenario == example_named(LEAK)
    assert opened.migration_notes[0] == 'schema version 0 to 1: "title" renamed "name"'
    assert opened.migration_notes[1].startswith("schema version 1 to 2: water")


def test_a_version_1_scenario_opens_with_its_carbon_figures_unchanged(library):
    """Schema version 2 adds water, metals and primary energy: a scenario stored in version 1
    opens, its carbon figures the same as evaluated in version 1 (the leak-detection example's
    snapshot holds them), its new inputs filled from their defaults and marked so."""
    old = dict(example_named(LEAK), schema_version=1)
    entry_id = _store_raw(library, old, schema_version=1)
    opened = library.open_version(entry_id)
    assert opened.error is None and opened.scenario["schema_version"] == 2
    assert opened.migration_notes[0].startswith("schema version 1 to 2")
    result = evaluate(opened.scenario)
    assert result["footprint_kgco2e"]["total"] == pytest.approx(2729.8755, rel=1e-12)
    rows = {row["field"]: row for row in result["provenance"]}
    assert rows["location.wue_onsite_l_per_kwh"]["status"] == "default"
    assert "Shehabi" in str(rows["location.wue_onsite_l_per_kwh"]["source"])
    assert "EcoLogits" in str(rows["location.electricity_water_l_per_kwh"]["source"])


def test_a_format_with_no_migration_path_is_named(library):
    entry_id = _store_raw(library, dict(example_named(LEAK), schema_version=0),
                          schema_version=0)
    opened = library.open_version(entry_id)
    assert opened.error.startswith("schema_version: must be 2; got 0")


# -- the database's own schema --------------------------------------------------------------

def test_a_version_1_library_is_migrated_to_the_current_version(db_url, monkeypatch):
    """A library created by the first release (entries and versions, no drafts, no retained
    variants) gains the later tables on start, and keeps its scenarios; a project with one
    scenario has it retained, a project with two is left for a person to choose."""
    monkeypatch.setattr(database, "MIGRATIONS", database.MIGRATIONS[:1])
    first = open_library(db_url)

    def stored_by_release_1(scenario: dict) -> str:
        entry_id = os.urandom(16).hex()
        with first.engine.begin() as conn:
            conn.execute(sa.insert(database.entries).values(
                id=entry_id, project=scenario["name"], name=scenario["name"], archived=False,
                created_at="2026-01-01T00:00:00+00:00", latest_version=1))
            conn.execute(sa.insert(database.versions).values(
                entry_id=entry_id, version=1, name=scenario["name"], project=scenario["name"],
                author="", comment="", saved_at="2026-01-01T00:00:00+00:00",
                scenario_schema_version=1, data_version="2026.11.0+codecarbon-3.3.2",
                tool_version="0.1.0", scenario_json=json.dumps(scenario), domain="climate",
                verdict="positive", committee_review=False, horizon_years=1.0,
                footprint_kgco2e=1.0, benefits_kgco2e=2.0, net_kgco2e=1.0))
        return entry_id
    alone = stored_by_release_1(example_named(LEAK))
    for _ in range(2):
        stored_by_release_1(example_named("traffic_lights.json"))
    first.engine.dispose()
    monkeypatch.undo()
    engine = database.create_engine(db_url)
    with engine.connect() as conn:
        assert database.schema_version(conn) == database.MIGRATIONS[-1][0]
        assert sa.inspect(conn).has_table("scenario_drafts")
    current = Library(engine)
    assert current.open_version(alone).scenario == example_named(LEAK)
    assert current.retained_variants() == {example_named(LEAK)["name"]: alone}
    current.put_draft("t" * 32, {"name": "draft"}, None)
    assert current.get_draft("t" * 32) == ({"name": "draft"}, None)
    engine.dispose()


def test_drafts_keep_work_in_progress_even_invalid(library):
    token = "a" * 32
    assert library.get_draft(token) is None
    invalid = with_(example_named(LEAK), "horizon_years", -1)
    library.put_draft(token, invalid, {"entry_id": "e", "version": 2})
    assert library.get_draft(token) == (invalid, {"entry_id": "e", "version": 2})
    library.put_draft(token, example_named(LEAK), None)  # the next edit replaces it
    assert library.get_draft(token) == (example_named(LEAK), None)
    with pytest.raises(LibraryError, match="at most"):
        library.put_draft(token, {"notes": ["x" * 2_000_001]}, None)
    with library.engine.begin() as conn:  # untouched for 31 days
        conn.execute(sa.update(database.drafts).values(updated_at="2000-01-01T00:00:00+00:00"))
    assert library.forget_old_drafts() == 1
    assert library.get_draft(token) is None


def test_tables_are_created_and_migrated_once(db_url):
    engine = database.create_engine(db_url)
    with engine.connect() as conn:
        assert database.schema_version(conn) == database.MIGRATIONS[-1][0]
    assert database.migrate(engine) == []  # up to date: nothing to do
    engine.dispose()


def test_a_new_migration_step_runs_on_start_and_keeps_the_data(db_url, monkeypatch):
    lib = open_library(db_url)
    saved = lib.save(example_named(LEAK))
    lib.engine.dispose()

    def add_note_column(conn):
        conn.execute(sa.text("ALTER TABLE scenario_entries ADD COLUMN note VARCHAR(20)"))

    following = database.MIGRATIONS[-1][0] + 1
    monkeypatch.setattr(database, "MIGRATIONS", database.MIGRATIONS + (
        (following, "a note on each entry", add_note_column),))
    engine = database.create_engine(db_url)
    with engine.connect() as conn:
        assert database.schema_version(conn) == following
        assert "note" in {c["name"] for c in sa.inspect(conn).get_columns("scenario_entries")}
    assert Library(engine).open_version(saved.entry_id).scenario == example_named(LEAK)
    engine.dispose()


def test_a_database_from_a_newer_tool_is_refused(db_url):
    engine = database.create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(sa.update(database.library_meta).values(value="99"))
    engine.dispose()
    with pytest.raises(LibraryUnavailable, match="schema version 99.*update the tool"):
        database.create_engine(db_url)


@pytest.mark.parametrize("url, match", [
    ("mysql://u@h/d", "only SQLite and PostgreSQL"),
    ("not a url", "is not a database URL"),
    ("postgresql://user:secret@127.0.0.1:1/none", "cannot be opened"),
])
def test_an_unusable_database_url_says_why(url, match):
    with pytest.raises(LibraryUnavailable, match=match) as caught:
        database.create_engine(url)
    assert "secret" not in str(caught.value)


# -- concurrency and crashes ------------------------------------------------------------------

def test_threads_saving_the_same_scenario_lose_nothing(library):
    entry_id = library.save(example_named(LEAK)).entry_id
    threads_count, saves_each = 4, 12
    errors: list[BaseException] = []

    def worker(k: int) -> None:
        try:
            for i in range(saves_each):
                library.save(with_(example_named(LEAK), "horizon_years", 1 + k + i / 100),
                             entry_id=entry_id, comment=f"thread {k} save {i}")
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(threads_count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    history = library.history(entry_id)
    total = 1 + threads_count * saves_each
    assert sorted(h["version"] for h in history) == list(range(1, total + 1))
    assert library.entry(entry_id)["latest_version"] == total
    assert len({h["comment"] for h in history}) == total


CHILD = textwrap.dedent("""
    import json, os, sys, time
    from store import open_library
    lib = open_library(sys.argv[1])
    scenario = json.load(open(sys.argv[2], encoding="utf-8"))
    entry_id, count, mode = sys.argv[3], int(sys.argv[4]), sys.argv[5]

    def hang():
        print("INSIDE", flush=True)
        time.sleep(60)

    for i in range(count):
        scenario["horizon_years"] = 1 + (i % 50)
        saved = lib.save(scenario, entry_id=entry_id, comment=f"pid {os.getpid()} save {i}",
                         _inside_transaction=hang if mode == "hang" else None)
        print(f"SAVED {saved.version} END", flush=True)  # a line cut by the kill has no END
""")


def _child(db_url: str, entry_id: str, count: int, mode: str) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, db_url, str(ROOT / "examples" / LEAK), entry_id,
         str(count), mode], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def test_processes_saving_at_once_lose_nothing(library, db_url):
    entry_id = library.save(example_named(LEAK)).entry_id
    processes, saves_each = 3, 10
    children = [_child(db_url, entry_id, saves_each, "plain") for _ in range(processes)]
    outputs = [c.communicate(timeout=300) for c in children]
    assert [c.returncode for c in children] == [0] * processes, [o[1] for o in outputs]
    reported = sorted(int(m.group(1)) for out, _ in outputs
                      for m in re.finditer(r"^SAVED (\d+) END$", out, re.M))
    total = 1 + processes * saves_each
    assert reported == list(range(2, total + 1))  # every save got its own number
    assert sorted(h["version"] for h in library.history(entry_id)) == list(range(1, total + 1))


def _assert_consistent(library: Library, db_url: str, entry_id: str, expected: int) -> None:
    history = library.history(entry_id)
    assert sorted(h["version"] for h in history) == list(range(1, expected + 1))
    assert library.entry(entry_id)["latest_version"] == expected
    for h in history:  # every version opens
        assert library.open_version(entry_id, h["version"]).error is None
    if db_url.startswith("sqlite"):
        path = db_url.removeprefix("sqlite:///")
        with sqlite3.connect(path) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_process_killed_in_mid_save_leaves_every_earlier_version(library, db_url):
    entry_id = library.save(example_named(LEAK)).entry_id
    library.save(example_named(LEAK), entry_id=entry_id)
    child = _child(db_url, entry_id, 1, "hang")
    assert child.stdout.readline().strip() == "INSIDE"  # its version row is written, not committed
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    # the lock the dead writer held is released (the server notices the closed connection;
    # SQLite's lock dies with the process): the next save goes through with the next number
    assert library.save(example_named(LEAK), entry_id=entry_id).version == 3
    _assert_consistent(library, db_url, entry_id, 3)


def test_processes_killed_at_random_moments_leave_the_library_consistent(library, db_url):
    entry_id = library.save(example_named(LEAK)).entry_id
    committed = 1
    for delay_s in (0.003, 0.02, 0.07, 0.15):  # a save takes a few milliseconds
        child = _child(db_url, entry_id, 1000, "plain")
        first = child.stdout.readline()  # started and saving (start-up takes about 0.7 s)
        time.sleep(delay_s)
        child.send_signal(signal.SIGKILL)
        out, _ = child.communicate(timeout=30)
        saved = [int(m.group(1)) for m in re.finditer(r"^SAVED (\d+) END$", first + out, re.M)]
        # what the child reported committed is there; at most one more commit may have landed
        # between its commit and its print
        history = library.history(entry_id)
        assert all(v in {h["version"] for h in history} for v in saved)
        committed = len(history)
        assert committed - (saved[-1] if saved else committed) <= 1
    _assert_consistent(library, db_url, entry_id, committed)


# -- the figures kept with each version (the Portfolio reads them) ------------------------------

def test_a_saved_version_keeps_its_figures_and_its_probability(library, monkeypatch):
    from calculators import portfolio

    saved = library.save(example_named(LEAK))
    key = (saved.entry_id, saved.version)
    kept = library.figures({key})[key]
    assert kept["verdict"] == "positive" and 0.9 <= kept["probability_rule_met"] <= 1.0
    assert kept["net_kgco2e"] == pytest.approx(evaluate(example_named(LEAK))["net_kgco2e"])

    def no_computing(_):
        raise AssertionError("computed again: the kept figures were not read")

    monkeypatch.setattr(portfolio, "figures_of", no_computing)
    assert library.figures({key}) == {key: kept}  # read, not computed


def test_kept_figures_change_with_the_scenario_and_with_the_data_version(library, monkeypatch):
    """A new version of the scenario has its own figures; a new data version computes every
    version's once more (once: then they are read)."""
    from calculators import portfolio

    scenario = example_named(LEAK)
    first = library.save(scenario)
    scenario["benefits"][0]["quantity_per_year"] = 1000  # far less water saved
    second = library.save(scenario, entry_id=first.entry_id)
    keys = {(first.entry_id, 1), (first.entry_id, 2)}
    kept = library.figures(keys)
    assert kept[(first.entry_id, 2)]["net_kgco2e"] < kept[(first.entry_id, 1)]["net_kgco2e"]
    assert second.version == 2

    calls = []
    real = portfolio.figures_of
    monkeypatch.setattr(portfolio, "figures_of", lambda text: calls.append(1) or real(text))
    monkeypatch.setattr(refdata, "data_version", lambda: "2099.1.0+test")
    again = library.figures(keys)
    assert len(calls) == 2 and again == kept  # computed once for the new data version
    library.figures(keys)
    assert len(calls) == 2  # then read


def test_the_portfolio_shows_each_project_s_probability_from_the_kept_figures(library):
    from calculators import portfolio

    for name in ("water_leak_detection.json", "admin_llm_assistant.json"):
        library.save(example_named(name))
    now = library.latest_before("9999")
    kept = library.figures(portfolio.needed(now, [], library.retained_variants()))
    rows = portfolio.review(now, [], library.retained_variants(), None, kept)
    assert len(rows) == 2
    for row in rows:
        figures = kept[(next(r["entry_id"] for r in now if r["entry_project"] == row["project"]),
                        row["version"])]
        assert row["probability_rule_met"] == figures["probability_rule_met"] is not None
        assert row["verdict_uncertain"] in ("positive", "negative", "uncertain")


def test_a_new_data_version_s_figures_are_kept_in_the_background(library, monkeypatch):
    """What a server does when it first opens the library: today's figures of every latest
    version computed in a thread, so that the Portfolio's click only reads them."""
    saved = [library.save(example_named(name))
             for name in ("water_leak_detection.json", "traffic_lights.json")]
    keys = {(s.entry_id, s.version) for s in saved}
    monkeypatch.setattr(refdata, "data_version", lambda: "2099.1.0+test")
    assert library.figures(keys, compute=False) == {}
    library.keep_latest_figures_in_background().join(timeout=120)
    assert set(library.figures(keys, compute=False)) == keys


def test_the_list_is_cut_into_pages_and_counted_by_the_database(library):
    scenario = example_named(LEAK)
    for i in range(7):
        library.save(dict(scenario, name=f"Leak {i}"), project=f"P{i % 3}")
    everything = library.list()
    assert library.count() == 7 == len(everything)
    pages = [library.list(limit=3, offset=o) for o in (0, 3, 6)]
    assert [len(p) for p in pages] == [3, 3, 1]
    assert [r["id"] for p in pages for r in p] == [r["id"] for r in everything]
    assert library.count(projects=["P0"]) == 3 == len(library.list(projects=["P0"]))
    assert library.count(search="leak 6") == 1
    assert library.projects(limit=2) == ["P0", "P1"]
    assert set(library.retained_variants(projects=["P1"])) == {"P1"}


def test_a_page_and_its_count_come_together_with_or_without_a_search(library):
    """Library.page gives list's page and count's total (with a search, from one query): the
    same rows and the same number as the two asked apart, a page past the last one empty with
    the total still right, nothing found counted 0."""
    scenario = example_named(LEAK)
    for i in range(7):
        library.save(dict(scenario, name=f"Leak {i}"), project=f"P{i % 3}")
    library.save(dict(scenario, name="Something else"), project="Q")
    for filters in ({}, {"search": "leak"}, {"search": "  LEAK "}, {"search": "leak",
                                                                   "projects": ["P1"]}):
        for offset in (0, 3, 6):
            rows, found = library.page(limit=3, offset=offset, **filters)
            assert [r["id"] for r in rows] == [
                r["id"] for r in library.list(limit=3, offset=offset, **filters)], filters
            assert found == library.count(**filters), filters
            assert all("_found" not in r for r in rows)
    assert library.page(limit=3, search="leak")[1] == 7
    assert library.page(limit=3, offset=30, search="leak") == ([], 7)  # past the last page
    assert library.page(limit=3, search="nothing like it") == ([], 0)
    assert library.page(limit=3, search="100%_") == ([], 0)  # wildcards taken literally


def test_a_write_in_flight_is_waited_for_before_the_process_ends(tmp_path):
    """store.database.drain (run at exit) waits for a transaction under way, and no longer
    than its timeout for one that never ends."""
    lib = open_library(f"sqlite:///{tmp_path / 'library.sqlite3'}")
    entered, release = threading.Event(), threading.Event()

    def slow_write():
        with database.write(lib.engine) as conn:
            conn.execute(sa.text("SELECT 1"))
            entered.set()
            release.wait(10)

    thread = threading.Thread(target=slow_write)
    thread.start()
    assert entered.wait(10) and database.in_flight() == 1
    started = time.monotonic()
    assert database.drain(0.3) == 1                       # still under way: waited, then gave up
    assert time.monotonic() - started >= 0.3
    threading.Timer(0.3, release.set).start()
    assert database.drain(10) == 0                        # finished: the wait ends with it
    thread.join(10)
    assert database.in_flight() == 0


@pytest.mark.parametrize("search, says", [("x" * 201, "at most 200"), ("a\x00b", "NUL")])
def test_a_search_the_store_refuses_is_said_not_sent(library, search, says):
    """Issue 32, point 10: a search of 50,000 characters or with a NUL reached the database
    (PostgreSQL refused the NUL; a long one took 15 s a rerun), and the page said 'library not
    available'. The store refuses it with the field named; both databases."""
    with pytest.raises(LibraryError) as refused:
        library.page(search=search, limit=10, offset=0)
    assert refused.value.field == "search" and says in str(refused.value)
    assert library.page(search="x" * 200, limit=10, offset=0)[1] == 0  # the limit itself


def test_a_search_finds_accented_capitals_as_the_help_says(library):
    """Issue 32, point 10: on SQLite, "é" did not find "É" (SQLite folds ASCII only) though the
    help says upper and lower case alike; PostgreSQL's ILIKE already did."""
    library.save(example_named(LEAK), project="ÉCOLE ÉLÉMENTAIRE", author="Zoé Ærø")
    library.save(example_named(LEAK), project="Autre", author="Claire")
    for term in ("école", "ÉCOLE", "élémentaire", "zoé", "ZOÉ", "ærø"):
        assert [r["project"] for r in library.list(search=term)] == ["ÉCOLE ÉLÉMENTAIRE"], term
    assert library.page(search="ÉCOLE", limit=10, offset=0)[1] == 1
    assert library.list(search="ecole") == []  # case is folded, accents are letters


def test_a_search_with_many_letters_beyond_ascii_or_a_capital_of_two_letters(library):
    """On SQLite a search's letters beyond ASCII are tried in both cases, each way its own
    LIKE, up to store.library.CASE_VARIANTS_MAX ways; beyond, and for a letter whose capital is
    two letters (ß, SS), the columns are lowered by Python as before: both find the same."""
    from store.library import CASE_VARIANTS_MAX, _case_variants

    library.save(example_named(LEAK), project="ÉÈÊËÀÇ de la Straße", author="Øyvind")
    library.save(example_named(LEAK), project="Autre", author="Claire")
    assert len(_case_variants("%éèêëàç%") or []) == 0  # 64 ways: lowered by Python
    assert _case_variants("%straße%") is None
    assert len(_case_variants("%øy%")) == 2 <= CASE_VARIANTS_MAX
    for term in ("éèêëàç", "ÉÈÊËÀÇ", "straße", "øyvind", "ØYVIND", "ÊË"):
        assert [r["project"] for r in library.list(search=term)] == [
            "ÉÈÊËÀÇ de la Straße"], term


@pytest.mark.parametrize("call, field", [
    (lambda lib: lib.list(limit=10 ** 400), "limit"),
    (lambda lib: lib.list(limit=10, offset=10 ** 400), "offset"),
    (lambda lib: lib.page(limit=10 ** 400, search="a"), "limit"),
    (lambda lib: lib.list(search="a\ud800"), "search"),
    (lambda lib: lib.list(projects=["a\ud800"]), "projects"),
    (lambda lib: lib.list(domains=["x" * 201]), "domains"),
    (lambda lib: lib.list(verdicts=["a\x00"]), "verdicts"),
    (lambda lib: lib.projects(limit=-1), "limit"),
    (lambda lib: lib.open_version("a\ud800"), "entry"),
    (lambda lib: lib.open_version("0" * 32, 10 ** 400), "version"),
    (lambda lib: lib.history(10 ** 400), "entry"),
    (lambda lib: lib.entry("x" * 100_000), "entry"),
    (lambda lib: lib.set_archived("a\x00", True), "entry"),
    (lambda lib: lib.save(example_named(LEAK), author="\udfff"), "author"),
])
def test_values_no_database_can_hold_are_said_before_any_query(library, call, field):
    """Issue 32, point 10: called directly, the store raised OverflowError on an integer of
    400 digits and UnicodeEncodeError on a lone surrogate. Each is a LibraryError naming the
    argument, on both databases, and nothing is written."""
    with pytest.raises(LibraryError) as refused:
        call(library)
    assert refused.value.field == field
    assert library.count(include_archived=True) == 0


def test_a_database_failing_under_the_store_raises_the_stores_own_error(tmp_path):
    """Issue 36: no page imports SQLAlchemy; the store says a failure in its own words, with
    the database's first line (no SQL) and the original kept as its cause."""
    from store import StoreFailure
    from store.committee import Committee
    from store.yearly_results import Results
    from store.roles import Actor

    lib = open_library(f"sqlite:///{tmp_path / 'library.sqlite3'}")
    saved = lib.save(json.loads((ROOT / "examples" / "traffic_lights.json").read_text()),
                     project="p", author="a")
    tables = sa.MetaData()
    tables.reflect(lib.engine)
    tables.drop_all(lib.engine)  # a file replaced under a running app
    admin = Actor("admin", "Admin", frozenset({"admin"}))
    lead = Actor("ana", "Ana", frozenset({"lead"}))
    from store import access, roles
    for call in (lambda: lib.list(), lambda: lib.history(saved.entry_id),
                 lambda: Committee(lib.engine).register(),
                 lambda: Results(lib.engine).stamp(admin),
                 lambda: access.Guarded(lib, lead).list(),  # its own queries too
                 lambda: roles.require_owner(lead, lib.engine, "p"),
                 lambda: access.give_project(admin, lib.engine, "p", "ben")):
        with pytest.raises(StoreFailure) as caught:
            call()
        assert "no such table" in caught.value.reason
        assert "SELECT" not in caught.value.reason
        assert isinstance(caught.value.__cause__, sa.exc.SQLAlchemyError)


def test_no_page_nor_ui_module_imports_sqlalchemy():
    import ast

    for path in [*(ROOT / "pages").glob("*.py"), *(ROOT / "ui").glob("*.py"), ROOT / "app.py"]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import) else
                     [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            if any(n.split(".")[0] == "sqlalchemy" for n in names):
                # only a type, under TYPE_CHECKING (ui/connection's engine)
                assert path.name == "connection.py", path


def test_a_login_check_on_a_failing_database_fails_closed(tmp_path, monkeypatch):
    """The login's session is checked in the database at each visit: when it fails, the
    visitor is taken as logged out (asked to log in again), never as logged in, and no
    traceback reaches the page."""
    from store import StoreFailure, sessions
    from ui import auth, connection

    lib = open_library(f"sqlite:///{tmp_path / 'library.sqlite3'}")
    tables = sa.MetaData()
    tables.reflect(lib.engine)
    tables.drop_all(lib.engine)
    with pytest.raises(StoreFailure):
        sessions.active(lib.engine, "key", "ana")
    monkeypatch.setattr(connection, "engine", lambda: lib.engine)
    monkeypatch.setattr(auth, "_login_key", lambda: "key")
    monkeypatch.setattr(auth, "subject", lambda: "ana")
    monkeypatch.setattr(auth, "_session_hours", lambda: 8.0)
    import streamlit as st
    st.session_state.pop(auth.SESSION_CHECKED, None)
    assert auth.session_active() is False
