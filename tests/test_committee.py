"""The ethics committee's part of the library: submissions, opinions that cannot be changed once
published, the public register, rights checked in the store itself, the audit log. On SQLite and
PostgreSQL alike (the ``library`` fixture)."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from conftest import ROOT, with_
from store import LibraryError
from store import database, roles
from store.committee import (ADMIN, LEAD, MEMBER, PUBLIC, Actor, Committee, Forbidden,
                             local_actor)

LEAK = "water_leak_detection.json"
LIGHTS = "traffic_lights.json"
LEAD_ANA = Actor("ana@metropole", "Ana (lead)", frozenset({LEAD}))
MEMBER_BEN = Actor("ben@citizens", "Ben (member)", frozenset({MEMBER}))
ADMIN_CAM = Actor("cam@metropole", "Cam (admin)", frozenset({ADMIN}))


def example(name: str) -> dict:
    return json.loads((ROOT / "examples" / name).read_text(encoding="utf-8"))


FAVOURABLE_WITH_CONDITIONS = {
    "decision": "favourable_with_conditions",
    "conditions": "Report the energy measured after one year\nHost in France",
    "session_date": "2026-11-23", "session_name": "Session of 23 November 2026",
    "participants": "B. Martin, C. Durand, 10 citizens",
    "votes_for": 9, "votes_against": 2, "votes_abstaining": 1,
    "reasons": "Positive balance in 97 % of the simulations; water saved is credible."}


@pytest.fixture
def library(db_url):
    """The library as Ana uses it: a project saved here is Ana's (the owner a save through the
    app records, store.access), so that she may submit it."""
    from store import open_library
    from store.access import add_owner

    lib = open_library(db_url)
    plain_save = lib.save

    def save(scenario, **options):
        saved = plain_save(scenario, **options)
        add_owner(lib.engine, lib.entry(saved.entry_id)["project"], LEAD_ANA.subject, "test")
        return saved

    lib.save = save
    yield lib
    lib.engine.dispose()


@pytest.fixture
def committee(library):
    return Committee(library.engine)


def test_an_opinion_on_a_submitted_version_is_public_and_cannot_be_changed(library, committee):
    saved = library.save(example(LEAK), author="Ana")
    number = committee.submit(LEAD_ANA, saved.entry_id, note="First submission")
    # a draft is not public, and a later draft replaces it
    committee.record(MEMBER_BEN, number, dict(FAVOURABLE_WITH_CONDITIONS, reasons=""))
    assert committee.opinion_in_force(saved.entry_id, 1) is None
    assert committee.pending(saved.entry_id, 1)["id"] == number
    assert committee.register()[0]["opinion"] is None
    first = committee.record(MEMBER_BEN, number, FAVOURABLE_WITH_CONDITIONS, publish=True)
    shown = committee.opinion_in_force(saved.entry_id, 1)
    assert shown["id"] == first and shown["decision"] == "favourable_with_conditions"
    assert shown["conditions"] == ["Report the energy measured after one year", "Host in France"]
    assert (shown["votes_for"], shown["votes_against"], shown["votes_abstaining"]) == (9, 2, 1)
    assert committee.pending(saved.entry_id, 1) is None
    # published: the only way on is a new opinion, which follows it; the first one stays
    second = committee.record(MEMBER_BEN, number, {
        "decision": "favourable", "session_date": "2026-11-30",
        "participants": "B. Martin", "reasons": "Conditions met."}, publish=True)
    assert committee.opinion_in_force(saved.entry_id, 1)["id"] == second
    history = committee.submission(MEMBER_BEN, number)["history"]
    assert [(o["id"], o["status"], o["decision"]) for o in history][1:] == [
        (first, "published", "favourable_with_conditions"), (second, "published", "favourable")]
    assert history[2]["follows_id"] == first
    # no code path updates a row: the first published opinion is as it was
    with library.engine.connect() as conn:
        row = conn.execute(sa.select(database.opinions).where(
            database.opinions.c.id == first)).one()
    assert row.reasons == FAVOURABLE_WITH_CONDITIONS["reasons"]


def test_the_register_shows_submitted_projects_only_with_published_opinions(library, committee):
    answered = dict(example(LEAK), frugality={"local_hosting": "yes", "open_source_model": "no"})
    leak = library.save(answered, author="Ana", comment="internal comment")
    library.save(example(LIGHTS), author="Ana")  # never submitted: not in the register
    number = committee.submit(LEAD_ANA, leak.entry_id)
    committee.record(MEMBER_BEN, number, FAVOURABLE_WITH_CONDITIONS, publish=True)
    committee.record(MEMBER_BEN, number, {"decision": "unfavourable",
                                          "session_date": "2026-11-30"})  # a draft
    rows = committee.register()
    assert [r["project"] for r in rows] == [example(LEAK)["name"]]
    row = rows[0]
    saved = library.history(leak.entry_id)[0]
    assert (row["verdict"], row["net_kgco2e"]) == (saved["verdict"], saved["net_kgco2e"])
    assert row["opinion"]["decision"] == "favourable_with_conditions"  # not the draft
    assert row["water_net_l"] is not None
    # the answers as given, the unanswered said so, the first from the alternative described
    assert row["frugality"]["local_hosting"] == "yes"
    assert row["frugality"]["open_source_model"] == "no"
    assert row["frugality"]["test_period"] == "not answered"
    assert row["frugality"]["non_ai_considered"] == "yes"  # the example describes one
    assert not {"comment", "draft", "note", "author", "submitted_by"} & set(row)


def test_a_project_submitted_again_shows_its_new_version_and_keeps_the_earlier_opinion(
        library, committee):
    saved = library.save(example(LEAK))
    first = committee.submit(LEAD_ANA, saved.entry_id)
    committee.record(MEMBER_BEN, first, {"decision": "postponed",
                                         "information_requested": "Measured energy, please",
                                         "session_date": "2026-10-01", "participants": "B.",
                                         "reasons": "Figures missing."}, publish=True)
    library.save(with_(example(LEAK), "horizon_years", 7), entry_id=saved.entry_id)
    committee.submit(LEAD_ANA, saved.entry_id)  # version 2
    (row,) = committee.register()
    assert row["version"] == 2 and row["opinion"] is None
    assert [o["decision"] for o in row["earlier_opinions"]] == ["postponed"]


@pytest.mark.parametrize("call", [
    lambda c, e: c.submit(PUBLIC, e),
    lambda c, e: c.submit(MEMBER_BEN, e),
    lambda c, e: c.record(LEAD_ANA, 1, FAVOURABLE_WITH_CONDITIONS, publish=True),
    lambda c, e: c.record(ADMIN_CAM, 1, FAVOURABLE_WITH_CONDITIONS),
    lambda c, e: c.record(PUBLIC, 1, FAVOURABLE_WITH_CONDITIONS),
    lambda c, e: c.submissions(PUBLIC),
    lambda c, e: c.submission(PUBLIC, 1),
    lambda c, e: c.audit(PUBLIC),
    lambda c, e: c.audit(LEAD_ANA),
    lambda c, e: c.set_role(MEMBER_BEN, "x@y", ADMIN, True),
    lambda c, e: c.set_role(PUBLIC, "x@y", LEAD, True),
    lambda c, e: c.people(LEAD_ANA),
], ids=["public submits", "member submits", "lead gives an opinion", "admin gives an opinion",
        "public gives an opinion", "public lists submissions", "public reads a submission",
        "public reads the audit", "lead reads the audit", "member grants a role",
        "public grants a role", "lead lists people"])
def test_the_store_refuses_what_a_role_does_not_allow(library, committee, call):
    saved = library.save(example(LEAK))
    committee.submit(LEAD_ANA, saved.entry_id)
    before = _rows(library)
    with pytest.raises(Forbidden) as refused:
        call(committee, saved.entry_id)
    assert refused.value.field == "role"
    assert _rows(library) == before  # nothing written


def _rows(library) -> tuple[int, ...]:
    with library.engine.connect() as conn:
        return tuple(conn.execute(sa.select(sa.func.count()).select_from(t)).scalar()
                     for t in (database.submissions, database.opinions, database.audit_log,
                               database.role_grants))


def test_roles_are_granted_and_withdrawn_with_their_history_and_an_audit_line(library,
                                                                              committee):
    committee.set_role(ADMIN_CAM, "ben@citizens", MEMBER, True)
    committee.set_role(ADMIN_CAM, "ben@citizens", LEAD, True)
    committee.set_role(ADMIN_CAM, "ben@citizens", LEAD, False)
    assert committee.roles_of("ben@citizens") == {MEMBER}
    assert committee.roles_of("nobody@example") == frozenset()
    assert committee.people(ADMIN_CAM) == {"ben@citizens": {MEMBER}}
    with pytest.raises(LibraryError, match="your own administrator role"):
        committee.set_role(ADMIN_CAM, ADMIN_CAM.subject, ADMIN, False)
    with pytest.raises(LibraryError) as bad:
        committee.set_role(ADMIN_CAM, "ben@citizens", "king", True)
    assert bad.value.field == "role"
    actions = [(a["actor"], a["action"], a["subject"], a["detail"])
               for a in committee.audit(ADMIN_CAM)]
    assert actions == [("Cam (admin)", "withdraw role", "ben@citizens", {"role": "lead"}),
                       ("Cam (admin)", "grant role", "ben@citizens", {"role": "lead"}),
                       ("Cam (admin)", "grant role", "ben@citizens", {"role": "member"})]


def test_the_audit_log_says_who_saved_retained_submitted_and_published(library, committee):
    saved = library.save(example(LEAK), author="Ana")
    library.retain(saved.entry_id, author="Ana")
    number = committee.submit(LEAD_ANA, saved.entry_id)
    committee.record(MEMBER_BEN, number, FAVOURABLE_WITH_CONDITIONS, publish=True)
    library.set_archived(saved.entry_id, True, author="Ana")
    log = committee.audit(ADMIN_CAM)
    # (the fixture's "add owner", signed "test", stands for what a save through the app does)
    assert [(a["actor"], a["action"]) for a in reversed(log) if a["actor"] != "test"] == [
        ("Ana", "save"), ("Ana", "retain"), ("Ana (lead)", "submit"),
        ("Ben (member)", "publish opinion"), ("Ana", "archive")]
    assert all(a["at"] for a in log)
    # a committee member reads the acts on what is put before the committee (issue 32)
    assert [(a["actor"], a["action"]) for a in reversed(committee.audit(MEMBER_BEN))] == [
        ("Ana (lead)", "submit"), ("Ben (member)", "publish opinion")]


def test_an_archived_scenario_or_a_missing_version_cannot_be_submitted(library, committee):
    saved = library.save(example(LEAK))
    with pytest.raises(LibraryError) as missing:
        committee.submit(LEAD_ANA, saved.entry_id, version=3)
    assert missing.value.field == "version"
    with pytest.raises(LibraryError) as unknown:
        committee.submit(LEAD_ANA, "nope")
    assert unknown.value.field == "entry"
    library.set_archived(saved.entry_id, True)
    with pytest.raises(LibraryError, match="archived"):
        committee.submit(LEAD_ANA, saved.entry_id)


TOMORROW_PLUS_ONE = (date.today() + timedelta(days=3)).isoformat()


@pytest.mark.parametrize("change, field", [
    ({"decision": "yes"}, "decision"),
    ({"decision": None}, "decision"),
    ({"conditions": ""}, "conditions"),  # with conditions, none listed
    ({"decision": "favourable"}, "conditions"),  # conditions on a plain favourable opinion
    ({"decision": "postponed", "conditions": []}, "information_requested"),
    ({"session_date": "23/11/2026"}, "session_date"),
    ({"session_date": TOMORROW_PLUS_ONE}, "session_date"),
    ({"session_date": "1999-12-31"}, "session_date"),
    ({"reasons": "  "}, "reasons"),
    ({"participants": ""}, "participants"),
    ({"reasons": "x" * 20_001}, "reasons"),
    ({"votes_against": None}, "votes_against"),  # two counts of three
    ({"votes_for": -1}, "votes_for"),
    ({"votes_for": 2.5}, "votes_for"),
    ({"votes_for": float("nan")}, "votes_for"),
    ({"votes_for": float("inf")}, "votes_for"),
    ({"votes_for": True}, "votes_for"),
    ({"votes_for": 10**30}, "votes_for"),
    ({"votes_for": "9"}, "votes_for"),
    ({"reasons": "a\x00b"}, "reasons"),
    ({"colour": "red"}, "colour"),
], ids=lambda v: v if isinstance(v, str) else None)
def test_a_bad_opinion_is_refused_naming_its_field_and_nothing_is_written(
        library, committee, change, field):
    saved = library.save(example(LEAK))
    number = committee.submit(LEAD_ANA, saved.entry_id)
    before = _rows(library)
    with pytest.raises(LibraryError) as refused:
        committee.record(MEMBER_BEN, number, dict(FAVOURABLE_WITH_CONDITIONS, **change),
                         publish=True)
    assert refused.value.field == field
    assert _rows(library) == before


def test_a_draft_may_leave_reasons_and_participants_for_later(library, committee):
    saved = library.save(example(LEAK))
    number = committee.submit(LEAD_ANA, saved.entry_id)
    committee.record(MEMBER_BEN, number, {"decision": "favourable",
                                          "session_date": date.today().isoformat()})
    assert committee.submission(MEMBER_BEN, number)["draft"]["decision"] == "favourable"


def test_latest_opinions_gives_each_scenarios_latest_published_opinion(library, committee):
    a = library.save(example(LEAK))
    b = library.save(example(LIGHTS))
    n = committee.submit(LEAD_ANA, a.entry_id)
    committee.record(MEMBER_BEN, n, FAVOURABLE_WITH_CONDITIONS, publish=True)
    library.save(with_(example(LEAK), "horizon_years", 7), entry_id=a.entry_id)
    n2 = committee.submit(LEAD_ANA, a.entry_id)  # version 2
    committee.record(MEMBER_BEN, n2, {"decision": "unfavourable", "session_date": "2026-11-30",
                                      "participants": "B.", "reasons": "Changed."},
                     publish=True)
    committee.record(MEMBER_BEN, n2, {"decision": "favourable", "session_date": "2026-11-30"})
    committee.submit(LEAD_ANA, b.entry_id)  # submitted, no opinion yet
    found = committee.latest_opinions([a.entry_id, b.entry_id, "x"])
    assert list(found) == [a.entry_id]
    assert (found[a.entry_id]["decision"], found[a.entry_id]["version"]) == ("unfavourable", 2)


def test_the_local_person_without_login_holds_every_role():
    me = local_actor("  Ana  ")
    assert me.name == "Ana" and me.roles == {LEAD, MEMBER, ADMIN}
    assert local_actor().name == ""  # never "local": nobody of that name acted
    assert not PUBLIC.can(LEAD, MEMBER, ADMIN)


def test_an_act_without_a_name_is_refused_and_leaves_nothing(library, committee):
    """Issue 33: without a login and a name typed, acts were signed "local" on the register
    and in the dossier's annex. Now the act is refused, naming what is missing."""
    from store.access import Guarded

    saved = library.save(example(LEAK), author="Ana")
    nameless = local_actor("   ")
    with pytest.raises(LibraryError) as refused:
        committee.submit(nameless, saved.entry_id)
    assert refused.value.field == "author"
    assert committee.submissions(ADMIN_CAM) == []
    with pytest.raises(LibraryError) as refused:
        Guarded(library, nameless).save(example(LEAK), author="ignored")
    assert refused.value.field == "author"
    assert library.count() == 1
    number = committee.submit(local_actor("Ana"), saved.entry_id)
    with pytest.raises(LibraryError):
        committee.record(nameless, number, FAVOURABLE_WITH_CONDITIONS, publish=True)
    assert committee.opinion_in_force(saved.entry_id, 1) is None
    acts = committee.audit(ADMIN_CAM)
    assert [a["actor"] for a in acts if a["action"] in ("submit", "publish opinion")] == ["Ana"]
    assert all(a["actor"] not in ("", "local") for a in acts)


def test_the_register_as_open_data_csv_and_json(library, committee):
    import csv
    import io

    from report.committee import REGISTER_SCHEMA, register_csv, register_json

    saved = library.save(dict(example(LEAK), name="=HYPERLINK(\"x\")"))
    number = committee.submit(LEAD_ANA, saved.entry_id)
    committee.record(MEMBER_BEN, number, FAVOURABLE_WITH_CONDITIONS, publish=True)
    rows = committee.register()
    data = register_csv(rows)
    assert not data.startswith(b"\xef\xbb\xbf")  # open data portals: UTF-8 without a BOM
    (line,) = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
    assert line["project"] == "'=HYPERLINK(\"x\")"  # never a formula in a spreadsheet
    assert line["opinion_decision"] == "favourable_with_conditions"
    assert line["opinion_conditions"] == ("Report the energy measured after one year | "
                                          "Host in France")
    assert line["opinion_votes_for"] == "9" and line["opinion_session_date"] == "2026-11-23"
    assert float(line["net_kgco2e"]) == rows[0]["net_kgco2e"]  # decimal point, full precision
    assert line["frugality_non_ai_considered"] == "yes"
    assert line["committee_review_required"] in ("true", "false")
    document = json.loads(register_json(rows, "2026-12-02T10:00:00+00:00"))
    assert document["schema"] == REGISTER_SCHEMA and document["schema_version"] == 6
    (project,) = document["projects"]
    assert project["opinion_conditions"] == ["Report the energy measured after one year",
                                             "Host in France"]
    assert project["frugality"]["test_period"] == "not answered"
    # an empty register still has its header
    assert register_csv([]).decode().splitlines()[0].startswith("project,scenario_name,")


def test_the_register_carries_the_costs_when_the_version_gives_them(library, committee):
    """Investment and net cost per tonne avoided, from the figures kept with the version;
    none for a version without amounts."""
    from report.committee import register_csv

    costs = {"hardware_eur": 45000, "development_eur": 80000, "running_eur_per_year": 12000,
             "gains_eur_per_year": 30000, "start_year": 2027}
    with_costs = library.save(dict(example(LEAK), finance=costs), project="With costs")
    without = library.save(example(LEAK), project="Without costs")
    for saved in (with_costs, without):
        committee.submit(LEAD_ANA, saved.entry_id)
    rows = {r["project"]: r for r in committee.register()}
    assert rows["With costs"]["investment_eur"] == 125000
    # (125,000 + 6 x 12,000 - 6 x 30,000) / tonnes avoided net
    net_t = rows["With costs"]["net_kgco2e"] / 1000
    assert rows["With costs"]["cost_eur_per_tco2e"] == pytest.approx(17000 / net_t)
    assert rows["Without costs"]["investment_eur"] is None
    assert rows["Without costs"]["cost_eur_per_tco2e"] is None
    header = register_csv(list(rows.values())).decode().splitlines()[0].split(",")
    assert "investment_eur" in header and "cost_eur_per_tco2e" in header


def test_the_dossier_of_a_saved_version_annexes_the_opinion_escaped(library, committee):
    from report.dossier import build_html

    saved = library.save(example(LEAK))
    number = committee.submit(LEAD_ANA, saved.entry_id)
    committee.record(MEMBER_BEN, number, dict(FAVOURABLE_WITH_CONDITIONS,
                                              reasons="<script>alert(1)</script> fine"),
                     publish=True)
    opinion = committee.opinion_in_force(saved.entry_id, 1)
    meta = {"version": 1, "saved_at": "2026-11-23T10:00:00+00:00", "author": "Ana",
            "project": "Leaks"}
    html = build_html(example(LEAK), lang="fr", samples=200, charts=[], saved=meta,
                      opinion=opinion)
    import html as html_module

    raw = html[html.index("Annexe : l&#39;avis du comité d&#39;éthique"):]
    annex = html_module.unescape(raw)
    assert "Avis : favorable sous conditions" in annex
    assert "Séance du 23/11/2026 (Session of 23 November 2026)" in annex
    assert "9 pour, 2 contre, abstentions : 1" in annex
    assert "<li>Host in France</li>" in annex
    assert "&lt;script&gt;alert(1)&lt;/script&gt; fine" in raw and "<script>" not in html
    # a saved version without an opinion says so; a draft has no annex
    bare = build_html(example(LEAK), lang="en", samples=200, charts=[], saved=meta)
    assert "Annex: the ethics committee&#39;s opinion" in bare
    assert "The ethics committee has published no opinion on this version." in bare
    draft = build_html(example(LEAK), lang="en", samples=200, charts=[])
    assert "Annex: the ethics committee" not in draft


# -- the library's rights (store/access.py) -------------------------------------------------

def test_the_library_refuses_the_public_and_lets_each_role_do_its_part(library, committee):
    from store import access

    ana = access.Guarded(library, LEAD_ANA)
    saved = ana.save(example(LEAK), author=LEAD_ANA.name)  # a new project: Ana owns it
    assert roles.owners(library.engine, example(LEAK)["name"]) == {LEAD_ANA.subject}
    ana.save(with_(example(LEAK), "horizon_years", 7), entry_id=saved.entry_id)
    ana.retain(saved.entry_id, author=LEAD_ANA.name)

    public = access.Guarded(library, PUBLIC)
    for call in (lambda: public.list(), lambda: public.count(), lambda: public.projects(),
                 lambda: public.open_version(saved.entry_id),
                 lambda: public.history(saved.entry_id),
                 lambda: public.get_draft("0" * 32),
                 lambda: public.put_draft("0" * 32, {}, None),
                 lambda: public.save(example(LIGHTS)),
                 lambda: public.set_archived(saved.entry_id, True)):
        with pytest.raises(Forbidden):
            call()

    ben = access.Guarded(library, MEMBER_BEN)  # reads what is submitted, never writes
    with pytest.raises(LibraryError, match="no saved scenario"):  # not submitted: not found
        ben.open_version(saved.entry_id)
    assert ben.count() == 0
    committee.submit(LEAD_ANA, saved.entry_id)
    assert ben.count() == 1 and ben.open_version(saved.entry_id).version == 2
    for call in (lambda: ben.save(example(LIGHTS)),
                 lambda: ben.save(example(LEAK), entry_id=saved.entry_id),
                 lambda: ben.rename(saved.entry_id, "x"),
                 lambda: ben.set_archived(saved.entry_id, True)):
        with pytest.raises(Forbidden):
            call()

    # another lead may start their own project, not change Ana's, nor add a variant to it
    other = access.Guarded(library, Actor("eve@metropole", "Eve", frozenset({LEAD})))
    other.save(example(LIGHTS))
    for call in (lambda: other.save(example(LEAK), entry_id=saved.entry_id),
                 lambda: other.save(dict(example(LEAK), name="A variant"),
                                    project=example(LEAK)["name"]),
                 lambda: other.duplicate(saved.entry_id),
                 lambda: other.restore(saved.entry_id, 1),
                 lambda: other.retain(saved.entry_id),
                 lambda: other.set_archived(saved.entry_id, True)):
        with pytest.raises(Forbidden, match="owners of project"):
            call()
    assert library.entry(saved.entry_id)["latest_version"] == 2  # nothing was written

    # an administrator may change any project and make Eve one of its owners
    cam = access.Guarded(library, ADMIN_CAM)
    cam.rename(saved.entry_id, "Renamed by the administrator", author="Cam")
    access.give_project(ADMIN_CAM, library.engine, example(LEAK)["name"], "eve@metropole")
    other.set_archived(saved.entry_id, True)
    with pytest.raises(Forbidden):
        access.give_project(LEAD_ANA, library.engine, example(LEAK)["name"], "x@y")
    with pytest.raises(LibraryError) as unknown:
        access.give_project(ADMIN_CAM, library.engine, "no such project", "x@y")
    assert unknown.value.field == "project"
    # an unlisted method of the library is closed
    with pytest.raises(Forbidden):
        cam.keep_latest_figures()


def test_the_register_says_what_the_verdict_waits_for_and_rests_on(library, committee):
    """Register version 3: a climate project saved without its non-AI alternative nor its
    benefit's AI share is 'incomplete' as saved; the register names what it waits for and the
    assumed factor (drinking water, 0.35 kgCO2e/m3, an assumption) its balance rests on."""
    import csv
    import io

    from report.committee import register_csv, register_json

    scenario = example(LEAK)
    scenario["alternative"] = None
    del scenario["benefits"][0]["attribution"]
    saved = library.save(scenario, project="Leaks")
    committee.submit(LEAD_ANA, saved.entry_id)
    (row,) = committee.register()
    assert row["verdict"] == "incomplete"
    (project,) = json.loads(register_json([row], "2026-12-06T10:00:00+00:00"))["projects"]
    assert project["verdict_to_complete"] == ["alternative", "attribution"]
    assert project["verdict_rests_on"] == [
        "Benefits, line 1 (Drinking water no longer lost to leaks): emission factor"]
    (line,) = csv.DictReader(io.StringIO(register_csv([row]).decode("utf-8")))
    assert line["verdict_to_complete"] == "alternative | attribution"
    assert line["verdict"] == "incomplete"


LEAD_DAN = Actor("dan@metropole", "Dan (lead)", frozenset({LEAD}))


def test_a_lead_submits_and_reads_only_the_projects_they_own(library, committee):
    """Issue 32, point 3 and 6: Dan, another lead, cannot put Ana's project before the
    committee, does not see its submission, its note nor the committee's draft; Ana sees her
    submission and its published opinion, not the draft; members and administrators see
    everything; an administrator may submit any project."""
    saved = library.save(example(LEAK), project="Ana's leaks")
    with pytest.raises(Forbidden) as refused:
        committee.submit(LEAD_DAN, saved.entry_id)
    assert "owners" in str(refused.value)
    number = committee.submit(LEAD_ANA, saved.entry_id, note="for the March council")
    committee.record(MEMBER_BEN, number, dict(FAVOURABLE_WITH_CONDITIONS, reasons=""))
    assert committee.submissions(LEAD_DAN) == []
    with pytest.raises(LibraryError):
        committee.submission(LEAD_DAN, number)
    [mine] = committee.submissions(LEAD_ANA)
    assert mine["note"] == "for the March council" and mine["draft"] is None
    assert committee.submission(LEAD_ANA, number)["draft"] is None
    assert [o["status"] for o in committee.submission(LEAD_ANA, number)["history"]] == []
    [seen] = committee.submissions(MEMBER_BEN)
    assert seen["draft"] is not None
    assert committee.submission(ADMIN_CAM, number)["draft"] is not None
    assert committee.submit(ADMIN_CAM, saved.entry_id) > number
    assert committee.owned_projects(LEAD_DAN, ["Ana's leaks"]) == []
    assert committee.owned_projects(LEAD_ANA, ["Ana's leaks", "other"]) == ["Ana's leaks"]
    assert committee.owned_projects(ADMIN_CAM, ["x"]) == ["x"]
    assert committee.owned_projects(MEMBER_BEN, ["Ana's leaks"]) == []


def test_an_opinion_is_never_published_under_an_e_mail(library, committee):
    """Issue 32, point 7: a member whose login gives no name (their actor's name is then the
    e-mail) publishes; the register and the dossier's annex show no e-mail."""
    from report.committee import opinion_words, register_json

    saved = library.save(example(LEAK))
    number = committee.submit(LEAD_ANA, saved.entry_id)
    nameless = Actor("zoe@citizens.example", "zoe@citizens.example", frozenset({MEMBER}))
    committee.record(nameless, number, FAVOURABLE_WITH_CONDITIONS, publish=True)
    rows = committee.register()
    document = register_json(rows, "2026-12-06T10:00:00+00:00").decode("utf-8")
    assert "zoe@" not in document
    words = opinion_words(rows[0]["opinion"], "fr")
    assert "zoe@" not in words["recorded"] and "(non renseigné)" in words["recorded"]
    # a name the login gives is published as given
    committee.record(MEMBER_BEN, number, FAVOURABLE_WITH_CONDITIONS, publish=True)
    assert committee.register()[0]["opinion"]["recorded_by"] == "Ben (member)"


def test_every_act_through_the_app_is_signed_by_who_acts(library, committee):
    """Issue 32, point 9: the Library page passed whatever name was in the save box; the
    guarded library signs every act (save, rename, retain, archive, restore) with the actor."""
    from store import access

    ana = access.Guarded(library, LEAD_ANA)
    saved = ana.save(dict(example(LEAK), name="Leaks"), author="Someone Else")
    ana.rename(saved.entry_id, "Leaks (renamed)", author="Someone Else")
    ana.retain(saved.entry_id, author="Someone Else")
    ana.set_archived(saved.entry_id, True, author="")
    ana.set_archived(saved.entry_id, False, author="")
    ana.restore(saved.entry_id, 1, author="Someone Else")
    acts = [(a["actor"], a["action"]) for a in reversed(committee.audit(ADMIN_CAM))
            if a["actor"] != "test"]
    assert acts and all(actor == LEAD_ANA.name for actor, _ in acts), acts
    assert [a for _, a in acts][-3:] == ["archive", "unarchive", "save"]
    assert library.history(saved.entry_id)[0]["author"] == LEAD_ANA.name


def test_the_register_carries_the_carbon_per_unit_served(library, committee):
    """Issue 35: the SCI beside the totals, in the register's open data and on its pages;
    none for a version that serves no unit."""
    from calculators import evaluate
    from report import published
    from report.committee import register_csv

    served = example(LEAK)
    served["inference"] = dict(served["inference"], served_per_year=12000,
                               served_unit="km <i>watched</i>")
    with_rate = library.save(served, project="With a rate")
    without = library.save(example(LEAK), project="Without a rate")
    for saved in (with_rate, without):
        committee.submit(LEAD_ANA, saved.entry_id)
    rows = {r["project"]: r for r in committee.register()}
    expected = evaluate(served)["sci"]["consumer_gco2e_per_unit"]
    assert rows["With a rate"]["sci_gco2e_per_unit"] == pytest.approx(expected)
    assert rows["With a rate"]["sci_unit"] == "km <i>watched</i>"
    assert rows["Without a rate"]["sci_gco2e_per_unit"] is None
    header = register_csv(list(rows.values())).decode().splitlines()[0].split(",")
    assert "sci_gco2e_per_unit" in header and "sci_unit" in header
    page = published.project_page(published.summary(rows["With a rate"]), "fr",
                                  "2026-12-06T10:00:00").decode()
    assert "Carbone par km &lt;i&gt;watched&lt;/i&gt; servi(e)" in page
    assert "<i>watched</i>" not in page
    page = published.project_page(published.summary(rows["Without a rate"]), "fr",
                                  "2026-12-06T10:00:00").decode()
    assert "Carbone par" not in page
