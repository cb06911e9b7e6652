"""The library's pages in AppTest: save from the sidebar, open, history, duplicate, archive,
compare, the annual portfolio, and links that open a saved scenario or carry one."""

from __future__ import annotations

import csv
import io
import json
import os
import re
from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from calculators import evaluate, i18n
from calculators.balance import format_kgco2e
from conftest import ROOT, with_, shown
from store import LibraryError, links, open_library
from ui.library import SAVE_BOX

APP = str(ROOT / "app.py")


@pytest.fixture(autouse=True, params=["sqlite", "postgresql"])
def app_database(request, monkeypatch):
    """Every test of this file runs with the app on a SQLite file and on PostgreSQL."""
    import streamlit as st

    if request.param == "postgresql":
        monkeypatch.setenv("DATABASE_URL", request.getfixturevalue("db_url_postgresql"))
    st.cache_resource.clear()  # the app's engine is cached per URL: start from a fresh one
    yield
    st.cache_resource.clear()
WATER = json.loads((ROOT / "examples" / "water_leak_detection.json").read_text())
TRAFFIC = json.loads((ROOT / "examples" / "traffic_lights.json").read_text())


def start(**query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def lib():
    return open_library(os.environ["DATABASE_URL"])


def flash(at) -> list[str]:
    return [shown(m.value) for m in at.success] + [shown(m.value) for m in at.error]


def open_save_box(at):
    """Open the sidebar's save box, as a click on it does (its fields are drawn open only)."""
    at.session_state[SAVE_BOX] = True
    at.run()


def save(at, author="Ana", comment="", mode=None):
    open_save_box(at)
    at.text_input(key="save_author").set_value(author)
    at.text_area(key="save_comment").set_value(comment)
    if mode:
        at.radio(key="library_save_mode").set_value(mode)
    at.button(key="save_button").click().run()
    assert not at.exception, at.exception


def test_save_from_the_sidebar_then_next_version():
    at = start()
    assert any("Not saved in the library" in c.value for c in at.caption)
    save(at, comment="first")
    assert any("Saved \"Leak detection" in t and "version 1" in t for t in flash(at))
    assert any("Saved: version 1" in c.value for c in at.caption)
    # the URL names the saved version, so a reload reopens it
    entry_id = at.query_params["scenario"]
    assert at.query_params["version"] == "1"
    at.session_state["scenario"]["horizon_years"] = 9
    at.run()
    assert any("Changed since version 1" in c.value for c in at.caption)
    save(at, comment="longer life")
    assert at.query_params["version"] == "2"
    history = lib().history(entry_id)
    assert [(h["version"], h["author"], h["comment"]) for h in history] == [
        (2, "Ana", "longer life"), (1, "Ana", "first")]
    assert lib().open_version(entry_id, 1).scenario == WATER


def test_save_as_a_variant_makes_a_new_scenario_in_the_same_project():
    at = start()
    save(at)
    at.session_state["scenario"]["name"] = "Leaks, reused servers"
    at.run()
    save(at, mode="new")
    rows = lib().list()
    assert len(rows) == 2
    assert {r["project"] for r in rows} == {WATER["name"]}


def test_saving_a_second_scenario_of_the_same_name_says_so_first():
    """Another session (another person, a reload without the link) saving the example again:
    the save box says a scenario of that name is already in the project, and what to do
    instead; another name typed, it says nothing. Saving anyway is allowed."""
    first = start()
    save(first)
    at = start()  # not linked to the saved scenario
    open_save_box(at)
    notes = [shown(i.value) for i in at.info if "already exists" in i.value]
    assert len(notes) == 1 and f'"{WATER["name"]}" already exists in the project' in notes[0]
    assert "version 1" in notes[0] and "open the existing one from the Library" in notes[0]
    next(t for t in at.text_input if t.label == "Scenario name").set_value(
        "Leak detection, reused servers").run()
    assert not [i for i in at.info if "already exists" in i.value]
    next(t for t in at.text_input if t.label == "Scenario name").set_value(WATER["name"]).run()
    assert [i for i in at.info if "already exists" in i.value]
    save(at)
    assert len(lib().list()) == 2  # said, not refused


def test_a_typed_name_shows_as_typed_in_the_save_status_and_the_save_box():
    """The sidebar's status and the save box's choice quote the saved name: as text, never as
    Markdown (a name typed as a link or in bold stays as typed)."""
    typed = "**Fuites** [carte](http://example.org)"
    at = start()
    at.session_state["scenario"]["name"] = typed
    at.run()
    save(at)
    status = next(c.value for c in at.caption if "Saved: version 1" in c.value)
    assert "**Fuites**" not in status and "](http" not in status  # escaped, not Markdown
    assert f'"{typed}"' in shown(status)
    open_save_box(at)
    choice = at.radio(key="library_save_mode")
    label = choice.format_func("version")
    assert "**Fuites**" not in label and f'"{typed}"' in shown(label)
    at.session_state["scenario"]["horizon_years"] = 9
    at.run()
    changed = next(c.value for c in at.caption if "Changed since version 1" in c.value)
    assert "**Fuites**" not in changed and f'"{typed}"' in shown(changed)


def test_a_scenario_with_an_error_is_not_saved_and_nothing_is_lost():
    at = start()
    at.session_state["scenario"]["horizon_years"] = -1
    at.run()
    open_save_box(at)
    assert "save_button" not in [b.key for b in at.button]  # no Save button, but why:
    assert any("Only a scenario without errors can be saved" in shown(e.value) for e in at.error)
    assert lib().list(include_archived=True) == []
    assert at.session_state["scenario"]["horizon_years"] == -1


def test_library_page_lists_opens_and_shows_what_changed():
    store = lib()
    first = store.save(WATER, project="Water", author="Ana")
    store.save(with_(WATER, "horizon_years", 9), entry_id=first.entry_id, comment="longer")
    store.save(TRAFFIC, project="Mobility")
    at = start()
    at.switch_page("pages/library.py").run()
    assert not at.exception, at.exception
    assert any("2 scenario(s)" in c.value for c in at.caption)
    at.text_input(key="lib_search").set_value("traffic").run()
    assert any("1 scenario(s)" in c.value for c in at.caption)
    at.text_input(key="lib_search").set_value("").run()
    at.multiselect(key="lib_projects").set_value(["Water"]).run()
    assert any("1 scenario(s)" in c.value for c in at.caption)
    at.selectbox(key="lib_pick").set_value(first.entry_id).run()
    versions = next(m for m in at.multiselect if m.key.startswith("lib_versions"))
    versions.set_value([1, 2]).run()
    assert any("From version 1 to version 2" in m.value for m in at.markdown)
    assert at.table[0].value.to_dict("records") == [
        {"Input": "Horizon", "Version 1": "6", "Version 2": "9"}]
    # open version 1: it becomes the scenario worked on, linked to its saved version
    versions.set_value([1]).run()
    at.button(key="lib_open_version").click().run()
    assert not at.exception, at.exception
    assert at.session_state["scenario"] == WATER
    assert at.query_params["version"] == "1"


def test_duplicate_rename_archive_restore_from_the_page():
    store = lib()
    first = store.save(WATER, project="Water")
    at = start()
    at.switch_page("pages/library.py").run()
    at.selectbox(key="lib_pick").set_value(first.entry_id).run()
    at.button(key="lib_duplicate").click().run()
    assert len(store.list()) == 1  # no login and no name: nothing is done unsigned
    said = [e.value for e in [*at.error, *at.warning]]
    assert any("Your name" in text for text in said), said
    at.text_input(key="lib_author").input("Ana").run()
    at.button(key="lib_duplicate").click().run()
    assert len(store.list()) == 2
    assert {store.history(r["id"])[-1]["author"] for r in store.list()} >= {"Ana"}
    at.text_input(key="lib_new_name").set_value("Leaks, small model")
    at.button[[b.label for b in at.button].index("Rename")].click().run()
    assert not at.exception, at.exception
    assert store.entry(first.entry_id)["name"] == "Leaks, small model"
    at.selectbox(key="lib_pick").set_value(first.entry_id).run()
    versions = next(m for m in at.multiselect if m.key.startswith("lib_versions"))
    versions.set_value([1]).run()
    at.button(key="lib_restore").click().run()
    assert store.open_version(first.entry_id).scenario == WATER
    assert store.entry(first.entry_id)["latest_version"] == 3
    at.selectbox(key="lib_pick").set_value(first.entry_id).run()
    at.button(key="lib_archive").click().run()
    assert first.entry_id not in {r["id"] for r in store.list()}
    assert any("1 scenario(s)" in c.value for c in at.caption)


def test_compare_page_shows_figures_differences_and_charts():
    store = lib()
    saved = store.save(TRAFFIC, project="Mobility")
    at = start()
    at.switch_page("pages/compare.py").run()
    at.multiselect(key="cmp_choice").set_value(["current", f"{saved.entry_id}:1"]).run()
    assert not at.exception, at.exception
    figures = at.table[0].value
    water, traffic = evaluate(WATER), evaluate(TRAFFIC)
    net = figures.loc["Net balance (avoided minus footprint)"].tolist()
    assert net == [format_kgco2e(water["net_kgco2e"]), format_kgco2e(traffic["net_kgco2e"])]
    assert figures.loc["Verdict"].tolist() == [water["verdict"].capitalize(),
                                               traffic["verdict"].capitalize()]
    assert len(at.get("plotly_chart")) == 2
    differences = at.dataframe[0].value
    assert "Horizon" in differences.index


def test_portfolio_page_totals_and_committee_list():
    store = lib()
    for scenario, project in ((WATER, "Water"), (TRAFFIC, "Mobility")):
        store.save(scenario, project=project)
    at = start()
    at.switch_page("pages/portfolio.py").run()
    assert not at.exception, at.exception
    shown = {m.label: m.value for m in at.metric}
    results = [evaluate(WATER), evaluate(TRAFFIC)]
    assert shown["Projects"] == "2"
    assert shown["Net balance, all projects"] == format_kgco2e(
        sum(r["net_kgco2e"] for r in results))
    assert shown["Review required"] == str(
        sum(r["committee_review_required"] for r in results))


def test_a_link_to_a_saved_version_opens_it():
    saved = lib().save(with_(TRAFFIC, "horizon_years", 7), project="Mobility")
    at = start(scenario=saved.entry_id, version="1")
    assert at.session_state["scenario"]["horizon_years"] == 7
    assert any("Opened" in t for t in flash(at))


@pytest.mark.parametrize("query, message", [
    ({"scenario": "not-an-id"}, "malformed"),
    ({"scenario": "0" * 32}, "no saved scenario has the id"),
    ({"s": "garbage!!"}, "damaged"),
    ({"s": links.encode_scenario(with_(WATER, "horizon_years", -2))}, "Horizon: must be"),
])
def test_a_bad_link_keeps_the_example_and_says_why(query, message):
    at = start(**query)
    assert at.session_state["scenario"] == WATER
    assert any(message in t for t in flash(at)), flash(at)


def test_a_link_can_carry_a_small_scenario():
    at = start(s=links.encode_scenario(TRAFFIC))
    assert at.session_state["scenario"] == TRAFFIC


def test_an_unreachable_database_leaves_the_app_working(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://nobody:secret@127.0.0.1:1/none")
    at = start()
    for page in ("pages/library.py", "pages/compare.py", "pages/portfolio.py"):
        at.switch_page(page).run()
        assert not at.exception, at.exception
        if page != "pages/compare.py":
            assert any("library is not available" in shown(e.value) for e in at.error)
        assert not any("secret" in shown(e.value) for e in at.error)


def test_a_reload_restores_unsaved_work_even_with_an_error():
    at = start()
    assert "draft" not in at.query_params  # nothing changed: nothing kept
    at.session_state["scenario"]["horizon_years"] = 11
    at.run()
    first_token = at.query_params["draft"]
    at.session_state["scenario"]["horizon_years"] = -2  # an error being fixed
    at.run()
    assert at.query_params["draft"] == first_token

    again = start(draft=first_token)  # the reload: a new session on the same address
    assert again.session_state["scenario"]["horizon_years"] == -2
    assert any("work in progress was restored" in t for t in flash(again))
    second_token = again.query_params["draft"]
    assert second_token != first_token  # its own copy: the two tabs never overwrite
    again.session_state["scenario"]["horizon_years"] = 4
    again.run()
    assert lib().get_draft(first_token)[0]["horizon_years"] == -2
    assert lib().get_draft(second_token)[0]["horizon_years"] == 4


def test_a_draft_keeps_its_link_to_the_saved_version():
    at = start()
    save(at)
    entry_id = at.query_params["scenario"]
    at.session_state["scenario"]["horizon_years"] = 9
    at.run()
    again = start(draft=at.query_params["draft"], scenario=entry_id, version="1")
    assert again.session_state["scenario"]["horizon_years"] == 9  # the draft wins
    assert any("Changed since version 1" in c.value for c in again.caption)


def test_an_unknown_draft_says_so_and_shows_the_example():
    at = start(draft="f" * 32)
    assert at.session_state["scenario"] == WATER
    assert any("no longer kept" in t for t in flash(at))


def test_visiting_the_pages_does_not_mark_a_saved_scenario_as_changed():
    """A page writes 6 as 6.0, or drops a value equal to its default: not a change."""
    at = start()
    save(at)
    from ui.navigation import PAGES

    for spec in PAGES:
        at.switch_page(spec.path).run()
        assert not at.exception, at.exception
    at.switch_page("pages/balance.py").run()
    assert any("Saved: version 1" in c.value for c in at.caption), spec.path
    at.session_state["scenario"]["horizon_years"] = 7
    at.run()
    assert any("Changed since version 1" in c.value for c in at.caption)


@pytest.mark.parametrize("version", ["99999999999999999999", "0", "٣", "-1", "1.5"])
def test_a_link_with_an_impossible_version_says_so(version):
    saved = lib().save(TRAFFIC, project="Mobility")
    at = start(scenario=saved.entry_id, version=version)
    assert at.session_state["scenario"] == WATER
    assert any("malformed" in t for t in flash(at)), flash(at)


def test_the_library_refuses_an_impossible_version():
    saved = lib().save(TRAFFIC)
    for version in (0, 10**20, "2", True):
        with pytest.raises(LibraryError, match="whole number"):
            lib().open_version(saved.entry_id, version)


def test_a_database_failing_in_mid_session_gives_a_message_not_a_traceback():
    """The tables vanish under a running app (a server stopped, a file replaced): the
    library pages and the save button say so; the scenario is kept."""
    import sqlalchemy as sa

    at = start()
    at.switch_page("pages/library.py").run()  # opens the library: the engine is cached
    engine = sa.create_engine(
        os.environ["DATABASE_URL"].replace("postgresql://", "postgresql+psycopg://"))
    with engine.begin() as conn:
        for table in ("committee_opinions", "committee_submissions", "yearly_results",
                      "scenario_versions", "scenario_drafts", "retained_variants",
                      "scenario_entries"):
            conn.execute(sa.text(f"DROP TABLE {table}"))
    engine.dispose()
    for page in ("pages/library.py", "pages/compare.py", "pages/portfolio.py",
                 "pages/committee.py", "pages/register.py", "pages/results.py",
                 "pages/balance.py"):
        at.switch_page(page).run()
        assert not at.exception, (page, at.exception)
    at.switch_page("pages/portfolio.py").run()
    assert any("did not answer" in shown(e.value) for e in at.error)
    save(at)
    assert any("Not saved, your scenario is kept" in t for t in flash(at)), flash(at)
    assert at.session_state["scenario"] == WATER


def test_a_long_library_is_shown_a_page_at_a_time(tmp_path, monkeypatch):
    """Past a page of scenarios, the Library lists one page (found and cut by the database)
    and says how many there are in all."""
    url = f"sqlite:///{tmp_path / 'long.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)
    lib = open_library(url)
    scenario = json.loads((ROOT / "examples" / "traffic_lights.json").read_text())
    for i in range(103):
        lib.save(dict(scenario, name=f"Crossing {i}"))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at.switch_page("pages/library.py").run()
    assert not at.exception, at.exception
    pager = at.number_input(key="lib_page")
    assert pager.max == 2 and pager.value == 1
    assert any("103 scenario(s)" in c.value for c in at.caption)
    pager.set_value(2).run()
    assert not at.exception, at.exception
    picker = at.selectbox(key="lib_pick")
    assert len(picker.options) == 3  # the second page: the three oldest
    assert all("Crossing" in o and any(f"Crossing {n} " in o for n in (0, 1, 2))
               for o in picker.options)


def test_the_portfolio_csv_reads_as_french_in_a_french_spreadsheet(downloads):
    """The portfolio's review in French: dates the French way, a save's time in Paris time,
    each column of masses in one unit named in its title and rounded as shown, verdicts and
    yes/no in words; a file name of its own (not the Yearly results page's review)."""
    store = lib()
    for scenario, project in ((WATER, "Water"), (TRAFFIC, "Mobility")):
        store.save(scenario, project=project)
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = "fr"
    at.run()
    at.switch_page("pages/portfolio.py").run()
    assert not at.exception, at.exception
    name = next(n for n in downloads if n.startswith("portefeuille-") and
                not n.endswith("-intl.csv"))
    rows = list(csv.reader(io.StringIO(downloads[name].decode("utf-8-sig")), delimiter=";"))
    assert ["Date", date.today().strftime("%d/%m/%Y")] in rows
    head = next(r for r in rows if r and r[0] == "Projet")
    traffic = dict(zip(head, next(r for r in rows if r and r[0] == "Mobility")))
    result = evaluate(TRAFFIC)
    assert traffic["Empreinte (tCO2e)"] == i18n.number(
        round(result["footprint_kgco2e"]["total"] / 1000, 1), "fr", 1)
    assert traffic["Verdict"] == "Négatif" and traffic["Examen du comité"] == "non"
    assert re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d CE(S)?T", traffic["Enregistré"])
    assert "Total : empreinte (tCO2e)" in {r[0] for r in rows if r}


def test_the_comparison_csv_reads_as_french_in_a_french_spreadsheet(downloads):
    """The comparison in French as a spreadsheet gets it: the payback in words as the verdict
    page says it, verdicts in words, a row's masses in one unit, inputs named as the pages
    name them and their values in words (not "hardware[0].condition" nor "reused")."""
    store = lib()
    saved = store.save(TRAFFIC, project="Mobility")
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = "fr"
    at.run()
    at.switch_page("pages/compare.py").run()
    at.multiselect(key="cmp_choice").set_value(["current", f"{saved.entry_id}:1"]).run()
    assert not at.exception, at.exception
    name = next(n for n in downloads if n.startswith("comparaison-") and
                not n.endswith("-intl.csv"))
    rows = list(csv.reader(io.StringIO(downloads[name].decode("utf-8-sig")), delimiter=";"))
    assert ["Date", date.today().strftime("%d/%m/%Y")] in rows
    by_item = {r[1]: r for r in rows if len(r) > 3}
    water, traffic = evaluate(WATER), evaluate(TRAFFIC)
    assert by_item["Temps de retour"][2:] == ["", i18n.duration(water["payback_years"], "fr"),
                                              i18n.duration(traffic["payback_years"], "fr")]
    assert by_item["Verdict"][3:] == ["positif", "négatif"]
    footprint = by_item["Empreinte totale"]
    assert footprint[2] == "tCO2e" and footprint[3:] == [
        i18n.number(round(r["footprint_kgco2e"]["total"] / 1000, 1), "fr", 1)
        for r in (water, traffic)]
    inputs = [r for r in rows if r and r[0] == "donnée"]
    assert inputs and not [r for r in inputs if re.search(r"\[\d\]|_", r[1])]
    words = {cell for r in inputs for cell in r[3:]}
    assert not words & {"reused", "new", "refurbished", "true", "false", "True", "False"}


def test_a_typed_name_in_a_chart_s_alternative_and_table_shows_as_typed():
    """A scenario's name is a typed text: in a chart's text alternative (HTML the page
    writes) and in its table (Markdown to st.table) it shows as typed, never as markup."""
    typed = "**Fuites** [lien](http://example.org) <b>gras</b>"
    saved = lib().save(with_(TRAFFIC, "name", typed), project="Mobility")
    at = start()
    at.switch_page("pages/compare.py").run()
    at.multiselect(key="cmp_choice").set_value(["current", f"{saved.entry_id}:1"]).run()
    assert not at.exception, at.exception
    alts = [m.value for m in at.markdown if 'class="chart-alt"' in m.value]
    assert alts and "&lt;b&gt;gras&lt;/b&gt;" in alts[0] and "<b>" not in alts[0]
    cells = [c for table in at.table for c in table.value.index.tolist()
             + table.value.astype(str).values.ravel().tolist()]
    assert any(shown(str(c)).startswith("B. **Fuites**") for c in cells), cells


def test_the_library_table_writes_its_flags_as_words():
    """A data grid's ticked box is read out "true" by screen readers: the library's flags are
    words of the reader's language."""
    lib().save(WATER, project="Fuites")
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = "fr"
    at.run()
    at.switch_page("pages/library.py").run()
    assert not at.exception, at.exception
    table = at.main.dataframe[0].value
    for column in ("Retenu", "Examen du comité", "Archivé"):
        assert set(table[column]) <= {"oui", "non"}, (column, set(table[column]))
