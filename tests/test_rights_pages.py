"""The rights matrix through the pages (issue 32): what each person is offered, page by page,
in the app as it runs with a login (AppTest, French). The login itself is the browser tests'
(tests/test_login.py, against the local OIDC provider); here the person the login names is
given, and every page is asked what it shows and offers them:

- the public and someone with no role: the public register and the accessibility and ecodesign
  statements only (no other page exists);
- Ana (a lead, owner of "Fuites", submitted), Dan (another lead, owner of "Feux", never
  submitted), Ben (a committee member), Cam (an administrator).

Each expected answer is written here by hand, one column per person, as in test_rights.py."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from conftest import ROOT
from store import access, open_library
from store.committee import PUBLIC, Actor, Committee
from store.yearly_results import Results
# the same six people as the store's matrix, one record of them
from test_rights import ANA, BEN, CAM, DAN, NOROLE, PEOPLE  # noqa: F401
BOTH = ["Feux", "Fuites"]
ABSENT = "no such page"


def example(name: str) -> dict:
    return json.loads((ROOT / "examples" / name).read_text(encoding="utf-8"))


@pytest.fixture
def app_library(tmp_path, monkeypatch):
    """The app's library (its DATABASE_URL): Ana's "Fuites" submitted with a note and a year
    of results, Dan's "Feux" never submitted."""
    url = f"sqlite:///{tmp_path / 'app-library.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)
    lib = open_library(url)
    fuites = access.Guarded(lib, ANA).save(example("water_leak_detection.json"),
                                           project="Fuites")
    access.Guarded(lib, DAN).save(example("traffic_lights.json"), project="Feux")
    Committee(lib.engine).submit(ANA, fuites.entry_id, note="Note d'Ana au comité")
    Results(lib.engine).record(ANA, fuites.entry_id, 1, {"year": 2026, "requests": 1000})
    lib.engine.dispose()
    return url


def as_person(monkeypatch, actor: Actor) -> None:
    """A login configured, and ``actor`` the person it names (their roles as the roles'
    table gives them)."""
    from ui import auth

    monkeypatch.setattr(auth, "login_configured", lambda: True)
    monkeypatch.setattr(auth, "logged_in", lambda: actor is not PUBLIC)
    monkeypatch.setattr(auth, "actor", lambda: actor)


def opened(page: str) -> AppTest | str:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.query_params["lang"] = "fr"
    at.run()
    assert not at.exception, at.exception
    try:
        at.switch_page(page)
    except ValueError:  # not among the pages this person's navigation holds
        return ABSENT
    at.run()
    assert not at.exception, at.exception
    return at


def options(at: AppTest, key: str):
    found = [s for s in at.main.selectbox if s.key == key]
    return sorted(found[0].options) if found else None


def library_rows(at):
    if at == ABSENT:
        return ABSENT
    return sorted(at.main.dataframe[0].value.iloc[:, 0]) if at.main.dataframe else []


def committee_page(at):
    """(projects offered to submit, submissions listed, the note shown when one is picked,
    the opinion form offered, the people and roles offered)."""
    if at == ABSENT:
        return ABSENT
    listed = options(at, "cm_pick")
    note = form = None
    if listed:
        at.selectbox(key="cm_pick").set_value(1).run()  # the one submission
        assert not at.exception, at.exception
        note = any("Note d'Ana" in str(c.value) for c in at.main.caption)
        form = any(r.key == "cm_1_decision" for r in at.main.radio)
    people = any("Personnes et rôles" in e.label for e in at.main.expander)
    return options(at, "cm_project"), len(listed or []), note, form, people


def results_page(at):
    """(projects offered, the record form offered on "Fuites", the years read)."""
    if at == ABSENT:
        return ABSENT
    offered = options(at, "yr_project")
    at.selectbox(key="yr_project").select("Fuites").run()
    assert not at.exception, at.exception
    form = any(w.key == "yr_requests" for w in at.main.text_input)
    return offered, form


EXPECTED = {
    "pages/library.py": (library_rows, {
        "public": ABSENT, "no role": ABSENT, "Ana": BOTH, "Dan": BOTH, "Ben": ["Fuites"],
        "Cam": BOTH}),
    "pages/committee.py": (committee_page, {
        "public": ABSENT, "no role": ABSENT,
        "Ana": (["Fuites"], 1, True, False, False),   # her own project, its note, no form
        "Dan": (["Feux"], 0, None, None, False),       # nothing of Ana's
        "Ben": (None, 1, True, True, False),           # the committee reads and gives opinions
        "Cam": (BOTH, 1, True, False, True)}),         # submits any, gives roles
    "pages/results.py": (results_page, {
        "public": ABSENT, "no role": ABSENT, "Ana": (BOTH, True), "Dan": (BOTH, False),
        "Ben": (["Fuites"], False), "Cam": (BOTH, True)}),
}


@pytest.mark.parametrize("page", list(EXPECTED))
def test_each_page_offers_each_person_what_their_rights_allow(app_library, monkeypatch, page):
    summary, expected = EXPECTED[page]
    wrong = []
    for who, actor in PEOPLE.items():
        with monkeypatch.context() as patch:
            as_person(patch, actor)
            got = summary(opened(page))
        if got != expected[who]:
            wrong.append(f"{page} as {who}: expected {expected[who]!r}, got {got!r}")
    assert not wrong, "\n".join(wrong)


def test_the_public_and_no_role_reach_the_register_and_nothing_else(app_library, monkeypatch):
    for actor in (PUBLIC, NOROLE):
        with monkeypatch.context() as patch:
            as_person(patch, actor)
            at = opened("pages/register.py")
            assert at != ABSENT
            text = " ".join(str(m.value) for m in at.main.markdown)
            assert "Note d'Ana" not in text
            for page in ("pages/project.py", "pages/balance.py", "pages/compare.py",
                         "pages/portfolio.py", "pages/method.py"):
                assert opened(page) == ABSENT, (actor, page)
            # the statements a public body owes every visitor, linked from the register
            links = [link for link in at.sidebar.get("page_link")
                     if link.proto.label == "Accessibilité : non conforme"]
            assert links, actor
            statements = opened("pages/declarations.py")
            assert statements != ABSENT, actor
            assert statements.title[0].value == "Accessibilité et écoconception"
