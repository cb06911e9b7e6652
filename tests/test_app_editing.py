"""Entering a scenario as a French project lead does (issue 13), in AppTest: numbers typed the
French way in every kind of field, lines added, flagged while incomplete, kept and removed,
double counting and forgotten manufacturing flagged, and a new scenario that never discards
unsaved work without asking. The same path in a real browser: tests/test_browser.py."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from calculators import evaluate
from conftest import ROOT, shown

APP = str(ROOT / "app.py")
WATER = json.loads((ROOT / "examples" / "water_leak_detection.json").read_text())


def start(lang: str = "fr") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    assert not at.exception, at.exception
    return at


def on(at: AppTest, page: str) -> AppTest:
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def field(at: AppTest, label: str, nth: int = 0):
    return [t for t in at.text_input if t.label == label][nth]


def button(at: AppTest, prefix: str):
    """A button by the start of its key (keys end with the scenario's revision)."""
    return next(b for b in at.button if b.key and b.key.startswith(prefix))


@pytest.mark.parametrize("page, label, typed, path, expected", [
    ("pages/inference.py", "Énergie par requête (Wh)", "0,038",
     ("inference", "energy_wh_per_request"), 0.038),
    ("pages/inference.py", "Requêtes par jour", "5 000", ("inference", "requests_per_day"),
     5000),
    ("pages/project.py", "Durée de service (ans)", "7,5", ("horizon_years",), 7.5),
    ("pages/benefits.py", "Part due à l'IA (0 à 1)", "0,25", ("benefits", 0, "attribution"),
     0.25),   # a field of a line
    ("pages/hardware.py", "Nombre", "1 200", ("hardware", 0, "count"), 1200),
    ("pages/training.py", "Entraînements avant le déploiement", "12", ("training", "runs"),
     12),
    ("pages/training.py", "Énergie informatique d'un entraînement (kWh)", "1234.5",
     ("training", "energy_kwh"), 1234.5),  # a numeric keypad's point
])
def test_numbers_typed_the_french_way_are_read_right(page, label, typed, path, expected):
    at = on(start(), page)
    field(at, label).input(typed).run()
    assert not at.exception, at.exception
    value = at.session_state["scenario"]
    for part in path:
        value = value[part]
    assert value == expected
    assert not at.main.error, [e.value for e in at.main.error]


def test_a_plus_minus_percentage_typed_with_a_comma_makes_a_range():
    at = on(start(), "pages/inference.py")
    field(at, "Énergie par requête (Wh)").input("0,038").run()
    field(at, "± %", 1).input("12,5").run()  # the second "± %": the energy per request's
    assert at.session_state["scenario"]["inference"]["energy_wh_per_request"] == \
        pytest.approx({"low": 0.03325, "likely": 0.038, "high": 0.04275})


@pytest.mark.parametrize("typed", ["2.500", "0,0,38", "38 Wh", "1.234,5"])
def test_a_number_that_could_be_misread_is_refused_where_it_was_typed(typed):
    """Never a silent change of magnitude: the field says what is wrong and how to type it,
    the text stays as typed, and the figures stay those of the last valid scenario."""
    at = on(start(), "pages/inference.py")
    before = evaluate(WATER)["net_kgco2e"]
    field(at, "Énergie par requête (Wh)").input(typed).run()
    assert not at.exception, at.exception
    errors = [e.value for e in at.main.error]
    assert any(e.startswith("Énergie par requête (Wh) :") and f"« {typed} »" in e
               for e in errors), errors
    assert field(at, "Énergie par requête (Wh)").value == typed  # nothing typed is lost
    assert at.session_state["scenario"]["inference"]["energy_wh_per_request"] == typed
    assert at.session_state["_last_valid"]["net_kgco2e"] == pytest.approx(before)


def test_a_line_is_flagged_while_incomplete_kept_and_removed():
    at = on(start(), "pages/hardware.py")
    before = json.loads(json.dumps(at.session_state["scenario"]["hardware"]))
    assert len(before) == 2
    button(at, "hardware__add").click().run()
    assert not at.exception, at.exception
    assert len(at.session_state["scenario"]["hardware"]) == 3
    flagged = [w.value for w in at.main.warning if "Ligne incomplète" in w.value]
    assert flagged == ["Ligne incomplète : renseignez Nom, Type."]
    # not an error in red: a step to finish, named, the figures of the last complete version
    assert any(shown(w.value).startswith("À compléter : Matériel, ligne 3 : nom : est "
                                         "obligatoire") for w in at.sidebar.warning)
    assert not any("erreur" in e.value.lower() and "enregistr" not in e.value
                   for e in at.sidebar.error)
    field(at, "Nom", 2).input("Caméras").run()
    at.run()  # a rerun (a reload keeps the scenario the same way): the line is still there
    assert at.session_state["scenario"]["hardware"][2] == {"name": "Caméras"}
    assert [w.value for w in at.main.warning if "Ligne incomplète" in w.value] == [
        "Ligne incomplète : renseignez Type."]
    remove = [b for b in at.button if b.key and b.key.startswith("hardware_")
              and b.key.endswith("_remove__r0")]
    assert len(remove) == 3
    remove[2].click().run()
    assert at.session_state["scenario"]["hardware"] == before
    assert not [w for w in at.main.warning if "Ligne incomplète" in w.value]


def test_double_counting_and_forgotten_manufacturing_are_flagged():
    at = on(start(), "pages/inference.py")
    assert not any("comptée deux fois" in w.value for w in at.main.warning)
    field(at, "Requêtes par jour").input("5 000").run()
    field(at, "Énergie par requête (Wh)").input("0,038").run()
    # the example's serving server and an energy per request: the same energy, twice?
    assert any("la même énergie est comptée deux fois" in w.value for w in at.main.warning)
    button(at, "inference_devices__add").click().run()
    line = at.session_state["scenario"]["inference"]["devices"]
    assert line[-1] == {"count": 1}
    model = [s for s in at.selectbox if s.label == "Modèle"][-1]
    model.set_value("l4").run()
    # the example's training GPU is not in Hardware either: both are offered
    assert [i.value for i in at.main.info if "pas encore comptée" in i.value] == [
        "La fabrication de ces équipements n'est pas encore comptée : 1 × NVIDIA A100 SXM4 "
        "40/80 Go, 1 × NVIDIA L4."]
    button(at, "carry_devices").click().run()
    assert at.session_state["scenario"]["hardware"][2:] == [
        {"name": "NVIDIA A100 SXM4 40/80 Go", "kind": "gpu_datacentre", "count": 1},
        {"name": "NVIDIA L4", "kind": "gpu_datacentre", "count": 1}]
    assert not any("pas encore comptée" in i.value for i in at.main.info)


def test_a_new_scenario_asks_before_discarding_unsaved_work():
    at = on(start("en"), "pages/project.py")
    field(at, "Horizon (years)").input("7").run()
    at.button(key="new_scenario").click().run()
    # nothing is replaced yet: the question, with a download of the work
    assert at.session_state["scenario"]["horizon_years"] == 7
    assert any("has changes that are not saved" in m.value for m in at.markdown)
    assert any(d.label == "Download my scenario first (JSON)" for d in at.get("download_button"))
    at.button(key="pending_cancel").click().run()
    assert at.session_state["scenario"]["horizon_years"] == 7  # kept
    at.button(key="new_scenario").click().run()
    at.button(key="pending_confirm").click().run()
    assert not at.exception, at.exception
    assert at.session_state["scenario"]["name"] == "New project"
    assert at.title[0].value == "1. Project"  # a new scenario opens on its first step


def test_nothing_unsaved_nothing_asked_and_no_verdict_on_an_empty_scenario():
    at = start("en")
    at.button(key="new_scenario").click().run()  # the example, untouched: nothing to lose
    assert at.session_state["scenario"]["name"] == "New project"
    assert at.title[0].value == "1. Project"
    at.switch_page("pages/balance.py").run()
    shown = " ".join(i.value for i in at.main.info)
    assert "Not enough to draw the balance yet" in shown
    assert not at.main.error and not at.main.success  # no verdict, no "-0.00 kgCO2e"
    assert not at.metric
