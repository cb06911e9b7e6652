"""The rights matrix (issue 32): every operation of the store, as each kind of person would
call it, on SQLite and PostgreSQL alike (the ``db_url`` fixture). Each expected answer is
written here by hand, one column per person:

- the public (no login), someone logged in with no role, Ana (a project lead, owner of the
  project "Fuites", submitted to the committee), Dan (another lead, owner of "Feux", never
  submitted), Ben (a committee member) and Cam (an administrator).

An answer is "refused" (Forbidden: the roles do not allow it), "unknown" (LibraryError: the
thing is not found, as if it did not exist: nothing is confirmed to who may not read it), or
what the call returned, summed up (a count, the names found, "ok"). Reads are asked first,
then the writes, each of which leaves the others possible (a write that goes through adds a
version, a submission, a row; nothing is deleted)."""

from __future__ import annotations

import json
from typing import Any, Callable

import pytest

from conftest import ROOT
from store import LibraryError, access, open_library
from store.committee import ADMIN, LEAD, MEMBER, PUBLIC, Actor, Committee, Forbidden
from store.yearly_results import Results

NOROLE = Actor("zoe@metropole", "Zoé", frozenset())
ANA = Actor("ana@metropole", "Ana", frozenset({LEAD}))
DAN = Actor("dan@metropole", "Dan", frozenset({LEAD}))
BEN = Actor("ben@citizens", "Ben", frozenset({MEMBER}))
CAM = Actor("cam@metropole", "Cam", frozenset({ADMIN}))
PEOPLE = {"public": PUBLIC, "no role": NOROLE, "Ana": ANA, "Dan": DAN, "Ben": BEN, "Cam": CAM}
R, U = "refused", "unknown"
OPINION = {"decision": "favourable", "session_date": "2026-11-23",
           "session_name": "Séance du 23 novembre", "participants": "B. Martin",
           "votes_for": 9, "votes_against": 0, "votes_abstaining": 1,
           "reasons": "Bilan positif."}


def example(name: str) -> dict:
    return json.loads((ROOT / "examples" / name).read_text(encoding="utf-8"))


def row(public, norole, ana, dan, ben, cam) -> dict[str, Any]:
    return dict(zip(PEOPLE, (public, norole, ana, dan, ben, cam)))


def answer(call: Callable[[], Any], summary: Callable[[Any], Any]) -> Any:
    try:
        got = call()
    except Forbidden:
        return R
    except LibraryError:
        return U
    return summary(got)


def ok(_: Any) -> str:
    return "ok"


@pytest.fixture
def world(db_url):
    """Ana's "Fuites" (two versions, version 1 submitted with a note, a draft opinion by Ben,
    a year of results) and Dan's "Feux" (one version, never submitted)."""
    lib = open_library(db_url)
    fuites = access.Guarded(lib, ANA).save(example("water_leak_detection.json"),
                                           project="Fuites")
    access.Guarded(lib, ANA).save(dict(example("water_leak_detection.json"), horizon_years=7),
                                  entry_id=fuites.entry_id)
    feux = access.Guarded(lib, DAN).save(example("traffic_lights.json"), project="Feux")
    committee = Committee(lib.engine)
    submitted = committee.submit(ANA, fuites.entry_id, 1, note="Note d'Ana au comité")
    committee.record(BEN, submitted, OPINION)  # a draft
    Results(lib.engine).record(ANA, fuites.entry_id, 1, {"year": 2026, "requests": 1000})
    yield lib, fuites.entry_id, feux.entry_id, submitted
    lib.engine.dispose()


def test_every_store_operation_for_every_person(world):
    lib, fuites, feux, submitted = world
    committee, results = Committee(lib.engine), Results(lib.engine)
    rows_named = lambda rows: sorted(r["project"] for r in rows)  # noqa: E731
    drafts_seen = lambda subs: (len(subs), any(  # noqa: E731
        o["status"] == "draft" for s in subs for o in s.get("opinions", [])) or any(
        s.get("draft") for s in subs))
    note_seen = lambda sub: ("note" in sub, bool(sub.get("draft")) or any(  # noqa: E731
        o["status"] == "draft" for o in sub.get("opinions", [])))
    reads = {
        # the library, through the rights every page goes through (store.access.Guarded)
        "library.count": (lambda g, a: g.count(), lambda n: n,
                          row(R, R, 2, 2, 1, 2)),
        "library.list": (lambda g, a: g.list(), rows_named,
                         row(R, R, ["Feux", "Fuites"], ["Feux", "Fuites"], ["Fuites"],
                             ["Feux", "Fuites"])),
        "library.page": (lambda g, a: g.page(limit=10)[1], lambda n: n,
                         row(R, R, 2, 2, 1, 2)),
        "library.page searching": (lambda g, a: g.page(limit=10, search="e")[1], lambda n: n,
                                   row(R, R, 2, 2, 1, 2)),
        "library.projects": (lambda g, a: g.projects(), lambda p: p,
                             row(R, R, ["Feux", "Fuites"], ["Feux", "Fuites"], ["Fuites"],
                                 ["Feux", "Fuites"])),
        "library.entry (Dan's)": (lambda g, a: g.entry(feux), ok, row(R, R, "ok", "ok", U, "ok")),
        "library.history (Dan's)": (lambda g, a: g.history(feux), len,
                                    row(R, R, 1, 1, U, 1)),
        "library.history (submitted)": (lambda g, a: g.history(fuites), len,
                                        row(R, R, 2, 2, 2, 2)),
        "library.open_version (Dan's)": (lambda g, a: g.open_version(feux), ok,
                                         row(R, R, "ok", "ok", U, "ok")),
        "library.open_version (submitted)": (lambda g, a: g.open_version(fuites, 1).version,
                                             lambda v: v, row(R, R, 1, 1, 1, 1)),
        "library.all_versions": (lambda g, a: g.all_versions(), len, row(R, R, 3, 3, 2, 3)),
        "library.figures": (lambda g, a: g.figures([(feux, 1), (fuites, 1)]), len,
                            row(R, R, 2, 2, 1, 2)),
        "library.figures_with_current_data": (
            lambda g, a: g.figures_with_current_data([]), ok, row(R, R, "ok", "ok", "ok", "ok")),
        "library.retained_variants": (lambda g, a: g.retained_variants(), sorted,
                                      row(R, R, ["Feux", "Fuites"], ["Feux", "Fuites"],
                                          ["Fuites"], ["Feux", "Fuites"])),
        "library.latest_before": (lambda g, a: g.latest_before("2999-01-01T00:00:00"), len,
                                  row(R, R, 2, 2, 1, 2)),
        "library.get_draft": (lambda g, a: g.get_draft("0" * 32), lambda d: d,
                              row(R, R, None, None, None, None)),
        "library.keep_latest_figures (closed)": (lambda g, a: g.keep_latest_figures(), ok,
                                                 row(R, R, R, R, R, R)),
        # the committee: every submission's note and the drafts are the committee's
        "committee.submissions": (lambda g, a: committee.submissions(a), drafts_seen,
                                  row(R, R, (1, False), (0, False), (1, True), (1, True))),
        "committee.submission": (lambda g, a: committee.submission(a, submitted), note_seen,
                                 row(R, R, (True, False), U, (True, True), (True, True))),
        "committee.owned_projects": (
            lambda g, a: committee.owned_projects(a, ["Feux", "Fuites"]), lambda p: p,
            row([], [], ["Fuites"], ["Feux"], [], ["Feux", "Fuites"])),
        "committee.audit": (lambda g, a: committee.audit(a),
                            lambda log: sorted({e["action"] for e in log}),
                            row(R, R, R, R, ["draft opinion", "record results", "submit"],
                                ["add owner", "draft opinion", "record results", "save",
                                 "submit"])),
        "committee.people": (lambda g, a: committee.people(a), ok, row(R, R, R, R, R, "ok")),
        # the years of results: the yearly report is presented to the committee
        "results.in_force": (lambda g, a: results.in_force(a), len, row(R, R, 1, 1, 1, 1)),
        "results.history": (lambda g, a: results.history(a, "Fuites", 2026), lambda n: n,
                            row(R, R, 1, 1, 1, 1)),
    }
    writes = {
        "library.put_draft": (lambda g, a: g.put_draft("1" * 32, {"name": "x"}, None), ok,
                              row(R, R, "ok", "ok", "ok", "ok")),
        "library.save (a new project)": (
            lambda g, a: g.save(example("traffic_lights.json"), project=f"Nouveau {a.name}"),
            ok, row(R, R, "ok", "ok", R, "ok")),
        "library.save (a version of Ana's)": (
            lambda g, a: g.save(example("water_leak_detection.json"), entry_id=fuites), ok,
            row(R, R, "ok", R, R, "ok")),
        "library.save (a variant in Ana's project)": (
            lambda g, a: g.save(dict(example("water_leak_detection.json"),
                                     name=f"Variante {a.name}"), project="Fuites"), ok,
            row(R, R, "ok", R, R, "ok")),
        "library.duplicate": (lambda g, a: g.duplicate(fuites), ok, row(R, R, "ok", R, R, "ok")),
        "library.rename": (lambda g, a: g.rename(fuites, "Fuites renommé"), ok,
                           row(R, R, "ok", R, R, "ok")),
        "library.restore": (lambda g, a: g.restore(fuites, 1), ok, row(R, R, "ok", R, R, "ok")),
        "library.retain": (lambda g, a: g.retain(fuites), ok, row(R, R, "ok", R, R, "ok")),
        "library.set_archived": (lambda g, a: g.set_archived(fuites, False), ok,
                                 row(R, R, "ok", R, R, "ok")),
        "committee.submit (Ana's)": (lambda g, a: committee.submit(a, fuites), ok,
                                     row(R, R, "ok", R, R, "ok")),
        "committee.submit (Dan's)": (lambda g, a: committee.submit(a, feux), ok,
                                     row(R, R, R, "ok", R, "ok")),
        "committee.record (draft)": (lambda g, a: committee.record(a, submitted, OPINION), ok,
                                     row(R, R, R, R, "ok", R)),
        "committee.record (published)": (
            lambda g, a: committee.record(a, submitted, OPINION, publish=True), ok,
            row(R, R, R, R, "ok", R)),
        "committee.set_role": (lambda g, a: committee.set_role(a, "eve@metropole", LEAD, True),
                               ok, row(R, R, R, R, R, "ok")),
        "access.give_project": (
            lambda g, a: access.give_project(a, lib.engine, "Fuites", "eve@metropole"), ok,
            row(R, R, R, R, R, "ok")),
        "results.record": (
            lambda g, a: results.record(a, fuites, 1, {"year": 2027, "requests": 5}), ok,
            row(R, R, "ok", R, R, "ok")),
    }
    wrong = []
    for table in (reads, writes):
        for operation, (call, summary, expected) in table.items():
            for who, actor in PEOPLE.items():
                guarded = access.Guarded(lib, actor)
                got = answer(lambda: call(guarded, actor), summary)
                if got != expected[who]:
                    wrong.append(f"{operation} as {who}: expected {expected[who]!r}, "
                                 f"got {got!r}")
    assert not wrong, "\n".join(wrong)


def test_the_register_holds_no_note_no_draft_and_no_other_scenario(world):
    """What anyone may read: the submitted project, its published opinion only; never the
    note a lead wrote to the committee, a draft, nor a scenario not submitted."""
    lib, fuites, feux, submitted = world
    committee = Committee(lib.engine)
    text = json.dumps(committee.register(), ensure_ascii=False, default=str)
    assert "Fuites" in text and "Feux" not in text
    assert "Note d'Ana" not in text and "Bilan positif" not in text  # the draft's reasons
    committee.record(BEN, submitted, OPINION, publish=True)
    text = json.dumps(committee.register(), ensure_ascii=False, default=str)
    assert "Bilan positif" in text and "Note d'Ana" not in text
    assert "ben@citizens" not in text  # the name chosen, never the e-mail
