"""The committee's pages in AppTest: submit the retained scenario, a refused opinion keeps what
was typed, a draft, publication; the opinion on the verdict page of that version and in the
public register; the dossier's annex."""

from __future__ import annotations

import json
import os
from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from conftest import ROOT, shown
from store import open_library
from store.committee import Committee
from ui.library import SAVE_BOX
from ui import state

APP = str(ROOT / "app.py")
WATER = json.loads((ROOT / "examples" / "water_leak_detection.json").read_text())


def start() -> AppTest:
    import streamlit as st

    st.cache_resource.clear()  # a fresh engine on this test's database
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = "en"
    at.run()
    assert not at.exception, at.exception
    return at


def texts(at) -> str:
    return "\n".join(shown(str(e.value)) for kind in (at.success, at.info, at.warning,
                                                     at.error, at.markdown, at.caption)
                     for e in kind)


def test_submit_refuse_draft_publish_then_see_it_on_the_verdict_page_and_in_the_register():
    library = open_library(os.environ["DATABASE_URL"])
    saved = library.save(WATER, author="Ana")
    at = start()
    at.switch_page("pages/committee.py").run()
    assert not at.exception, at.exception
    assert "No login is configured" in texts(at)
    at.session_state[SAVE_BOX] = True  # the sidebar's save box, open
    at.run()
    at.text_input(key="save_author").set_value("Ben <b>").run()  # the sidebar's name
    at.selectbox(key="cm_project").set_value(WATER["name"]).run()
    # before submitting, the lead is told what the register entry lacks (the example has none)
    lacking = next(i.value for i in at.info if "register entry lacks" in i.value)
    assert lacking.startswith("Its register entry lacks 22 fields the Eurocities standard "
                              "requires (Responsible organisation, Department, ")
    at.button(key="cm_submit").click().run()
    assert not at.exception, at.exception
    (row,) = Committee(library.engine).submissions(_anyone())
    assert (row["entry_id"], row["version"]) == (saved.entry_id, 1)
    assert at.selectbox(key="cm_pick").value == row["id"]

    key = f"cm_{row['id']}_"
    at.radio(key=key + "decision").set_value("favourable_with_conditions")
    at.text_area(key=key + "conditions").set_value("Measure the energy\nHost in France")
    at.text_area(key=key + "participants").set_value("12 citizens")
    at.text_area(key=key + "reasons").set_value("*Not* bold: [a link](http://x)")
    at.checkbox(key=key + "voted").check()
    at.number_input(key=key + "votes_for").set_value(9)
    at.number_input(key=key + "votes_against").set_value(2)
    at.number_input(key=key + "votes_abstaining").set_value(1)
    # publishing without the confirmation is refused, and nothing typed is lost
    at.button(key="FormSubmitter:cm_opinion_%d-Publish the opinion" % row["id"]).click().run()
    assert not at.exception, at.exception
    assert any("Tick the confirmation" in shown(e.value) for e in at.error)
    assert at.text_area(key=key + "reasons").value == "*Not* bold: [a link](http://x)"
    assert Committee(library.engine).opinion_in_force(saved.entry_id, 1) is None
    # a decision that does not take conditions, with conditions typed: refused, named
    at.radio(key=key + "decision").set_value("favourable")
    at.button(key="FormSubmitter:cm_opinion_%d-Save as a draft" % row["id"]).click().run()
    assert any(shown(e.value).startswith("Conditions: only a favourable opinion with "
                                         "conditions") for e in at.error), \
        [e.value for e in at.error]
    assert at.text_area(key=key + "conditions").value == "Measure the energy\nHost in France"
    at.radio(key=key + "decision").set_value("favourable_with_conditions")
    at.checkbox(key=key + "confirm").check()
    at.button(key="FormSubmitter:cm_opinion_%d-Publish the opinion" % row["id"]).click().run()
    assert not at.exception, at.exception
    opinion = Committee(library.engine).opinion_in_force(saved.entry_id, 1)
    assert opinion["conditions"] == ["Measure the energy", "Host in France"]
    assert (opinion["votes_for"], opinion["votes_against"], opinion["votes_abstaining"]) == (
        9, 2, 1)
    assert opinion["recorded_by"] == "Ben <b>"
    assert opinion["session_date"] == date.today().isoformat()
    # the audit log names who did it
    log = Committee(library.engine).audit(_anyone())
    assert [(a["actor"], a["action"]) for a in log[:2]] == [("Ben <b>", "publish opinion"),
                                                             ("Ben <b>", "submit")]

    # the Library and the Portfolio say it beside the scenario
    at.switch_page("pages/library.py").run()
    assert list(at.dataframe[0].value["Committee's opinion"]) == [
        "favourable with conditions (v1)"]
    at.switch_page("pages/portfolio.py").run()
    assert not at.exception, at.exception
    assert list(at.dataframe[0].value["Committee's opinion"]) == [
        "favourable with conditions (v1)"]

    # the verdict page of that version shows it; the typed words show as typed
    at.switch_page("pages/library.py").run()
    at.selectbox(key="lib_pick").set_value(saved.entry_id).run()
    at.button(key="lib_open").click().run()
    assert not at.exception, at.exception
    boxes = [shown(e.value) for e in at.info]
    assert any("Ethics committee's opinion on version 1: favourable with conditions" in b
               for b in boxes), boxes
    reasons = [m.value for m in at.markdown if "Reasons" in m.value]
    assert reasons and shown(reasons[0]).endswith("*Not* bold: [a link](http://x)")
    assert "\\*Not\\*" in reasons[0]  # escaped: Markdown would make it bold

    # the public register shows the project, its opinion and nothing of the draft
    at.switch_page("pages/register.py").run()
    assert not at.exception, at.exception
    table = at.dataframe[0].value
    assert list(table["Project"]) == [WATER["name"]]
    assert list(table["Committee's opinion"]) == ["favourable with conditions"]
    at.selectbox(key="reg_pick").set_value(WATER["name"]).run()
    assert not at.exception, at.exception
    assert any("Committee's opinion: favourable with conditions" in shown(e.value)
               for e in at.info)
    # its dossier, for anyone: built by the local Chromium, then offered for download
    at.button(key="reg_dossier").click().run(timeout=180)
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert {b.label for b in at.get("download_button")} >= {
        "Download the dossier (PDF)", "Download the dossier (HTML)"}


def test_the_register_is_empty_and_says_so_in_french():
    at = start()
    at.query_params["lang"] = "fr"
    at.switch_page("pages/register.py").run()
    assert not at.exception, at.exception
    assert any("Aucun projet n'a encore été soumis" in e.value for e in at.info)


def _anyone():
    from store.committee import local_actor

    return local_actor("test")


def test_with_a_login_configured_a_visitor_gets_the_register_alone():
    """AppTest side of tests/test_login.py: the secrets name a provider, nobody is logged in:
    the public register is the only page (with the accessibility and ecodesign statements,
    which every visitor may read), whatever the address asks, and the sidebar offers the login
    and nothing of a scenario."""
    import streamlit as st

    st.cache_resource.clear()
    library = open_library(os.environ["DATABASE_URL"])
    saved = library.save(WATER, author="Ana")
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback",
                          "cookie_secret": "x" * 40, "client_id": "c", "client_secret": "s",
                          "server_metadata_url": "http://127.0.0.1:9/.well-known/x"}
    at.query_params["lang"] = "en"
    at.query_params["scenario"] = saved.entry_id  # a link to a saved scenario opens nothing
    at.run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Public register of AI projects"
    assert [b.label for b in at.sidebar.button] == ["Log in"]
    assert not any("Net balance" in m.value for m in at.sidebar.markdown)
    assert state.LIBRARY_LINK not in at.session_state  # the link opened nothing
    for page in ("pages/library.py", "pages/committee.py", "pages/balance.py"):
        with pytest.raises(ValueError, match=r"Known pages: \['[^,]*pages/register.py', "
                                             r"'[^,]*pages/declarations.py'\]"):
            at.switch_page(page)


def test_the_register_shows_typed_names_as_text():
    """A scenario's name and a project typed with Markdown show as typed on the public
    register, never as bold, a link or an image."""
    library = open_library(os.environ["DATABASE_URL"])
    typed = "*Bold* [a link](http://example.org) ![i](http://example.org/x.png)"
    saved = library.save(dict(WATER, name=typed), project="Leaks")
    Committee(library.engine).submit(_anyone(), saved.entry_id)
    at = start()
    at.switch_page("pages/register.py").run()
    at.selectbox(key="reg_pick").set_value("Leaks").run()
    assert not at.exception, at.exception
    (caption,) = [c.value for c in at.caption if c.value.startswith("Scenario")]
    assert shown(caption).startswith(f'Scenario "{typed}"')
    assert "\\*Bold\\*" in caption and "\\[a link\\]" in caption and "\\!\\[" in caption


def test_the_register_s_files_are_given_with_the_page_and_kept_while_it_does_not_change(
        downloads):
    """A download's callable is dropped when its button is drawn again (a click during a
    rerun spun for ever): the register's CSV and JSON come with the page. They are written
    once per content: a second visit gets the same file (its generated_at unchanged); a new
    submission makes new ones."""
    library = open_library(os.environ["DATABASE_URL"])
    committee = Committee(library.engine)
    committee.submit(_anyone(), library.save(WATER, project="Leaks").entry_id)
    at = start()
    at.switch_page("pages/register.py").run()
    assert not at.exception, at.exception
    first = json.loads(downloads["ai-register.json"])
    assert [p["project"] for p in first["projects"]] == ["Leaks"]
    assert downloads["ai-register.csv"].decode("utf-8").count("\n") == 2  # header, Leaks
    downloads.clear()
    at.run()
    assert json.loads(downloads["ai-register.json"])["generated_at"] == first["generated_at"]
    committee.submit(_anyone(), library.save(dict(WATER, name="Other"), project="Other")
                     .entry_id)
    downloads.clear()
    at.run()
    assert [p["project"] for p in json.loads(downloads["ai-register.json"])["projects"]] == [
        "Leaks", "Other"]
