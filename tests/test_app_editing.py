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
    ("pages/benefits.py", "Investissement : matériel (€)", "45 000 €",
     ("finance", "hardware_eur"), 45000),  # an amount typed with its sign
    ("pages/benefits.py", "Coûts de fonctionnement par an (€)", "12 000,50 EUR",
     ("finance", "running_eur_per_year"), 12000.5),
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
    errors = [shown(e.value) for e in at.main.error]
    assert any(e.startswith("Énergie par requête (Wh) :") and f"« {typed} »" in e
               for e in errors), errors
    assert field(at, "Énergie par requête (Wh)").value == typed  # nothing typed is lost
    assert at.session_state["scenario"]["inference"]["energy_wh_per_request"] == typed
    assert at.session_state["_last_valid"]["net_kgco2e"] == pytest.approx(before)


@pytest.mark.parametrize("lang, label, typed, said", [
    ("fr", "Quantité par an", "1.234,5", "« 1.234,5 » peut se lire de deux façons"),
    ("fr", "Quantité par an", "-3", "-3 est hors de ce que ce champ accepte : un nombre de 0 à "
     "1\u202f000\u202f000\u202f000\u202f000"),
    ("fr", "Quantité par an", "1e400", "« 1e400 » est trop grand"),
    ("en", "Quantity per year", "-3", "-3 is outside what this field accepts: a number from 0 "
     "to 1,000,000,000,000"),
])
def test_the_error_banner_says_what_the_field_says(lang, label, typed, said):
    """The banner above the page and the sidebar name the field a reader knows and give the
    field's own words: not the scenario file's (JSON quotes, a range {"low": ..}, -3.0)."""
    at = on(start(lang), "pages/benefits.py")
    field(at, label).input(typed).run()
    assert not at.exception, at.exception
    at_field = [shown(e.value) for e in at.main.error if shown(e.value).startswith(label)]
    assert len(at_field) == 1 and said in at_field[0], at_field
    line = ("Bénéfices, ligne 1 (Eau potable qui n'est plus perdue en fuites) : quantité par "
            "an : ") if lang == "fr" else ("Benefits, line 1 (Drinking water no longer lost "
                                          "to leaks): quantity per year: ")
    banner = [shown(e.value) for e in at.main.error if not shown(e.value).startswith(label)]
    told = [shown(e.value) for e in at.sidebar.error]
    for text in (banner, told):
        words = at_field[0][len(label):].lstrip(" :")  # the field's message, after its name
        assert len(text) == 1 and line + words in text[0], (text, at_field)
        assert '"low"' not in text[0] and "-3.0" not in text[0] and '"' not in text[0]


def test_a_line_is_flagged_while_incomplete_kept_and_removed():
    at = on(start(), "pages/hardware.py")
    before = json.loads(json.dumps(at.session_state["scenario"]["hardware"]))
    assert len(before) == 2
    button(at, "hardware__add").click().run()
    assert not at.exception, at.exception
    assert len(at.session_state["scenario"]["hardware"]) == 3
    # a line just added says what to fill, in grey: nothing is wrong yet (issue 33)
    assert not [w.value for w in at.main.warning if "Ligne incomplète" in w.value]
    assert [c.value for c in at.main.caption if "Ligne incomplète" in c.value] == [
        ":material/edit_note: Ligne incomplète : renseignez Nom, Type."]
    # not an error in red: a step to finish, named, the figures of the last complete version
    # in the field's name, calmly: not "is required; expected a non-empty text" in yellow
    assert [shown(i.value) for i in at.sidebar.info if "renseigner" in i.value] == [
        "À renseigner : Matériel, ligne 3 : nom"]
    assert [shown(i.value) for i in at.main.info if "En cours de saisie" in i.value] == [
        "**En cours de saisie** : Matériel, ligne 3 : nom, à renseigner. Les chiffres sont "
        "ceux de la dernière version complète en attendant."]
    assert not [w.value for w in at.warning if "obligatoire" in w.value]
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
        {"name": "NVIDIA A100 SXM4 40/80 Go", "kind": "gpu_datacentre", "count": 1,
         "use": "training"},
        {"name": "NVIDIA L4", "kind": "gpu_datacentre", "count": 1}]
    # the training GPU is charged for the training's hours, and the page says so
    assert any("heures de l'entraînement" in s.value for s in at.success)
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


@pytest.mark.parametrize("lang, path, value, expected", [
    ("fr", "horizon_years", -2.0, "-2 est hors de ce que ce champ accepte : un nombre supérieur "
     "à 0 et au plus 30"),
    ("en", "horizon_years", -2.0, "-2 is outside what this field accepts: a number above 0 and "
     "at most 30"),
    ("fr", "benefits[0].quantity_per_year", "0,0,38", "« 0,0,38 »"),
    ("fr", "benefits[0].quantity_per_year", "12", None),   # a file's number written as text
    ("fr", "benefits[0].quantity_per_year", 12.0, None),   # nothing wrong with it there
    ("fr", "training.energy_kwh", {"low": 1, "likely": 2, "high": 3}, None),  # a range
    ("fr", "name", "x", None),                             # not a number field
    ("fr", "file", None, None), ("fr", "scenario", None, None),
    ("fr", "benefits[3].quantity_per_year", None, None),  # no such line
    ("fr", "finance.start_year", 1990, "1990 est hors de ce que ce champ accepte : un nombre "
     "entier de 2018 à 2050"),                            # a year is never written 1 990
    ("fr", "finance.hardware_eur", "45 000 €", None),      # an amount with its sign
    ("fr", "benefits[0].quantity_per_year", 1e-310,
     "est trop proche de zéro pour être calculé (1e-310)"),
])
def test_entry_problem_gives_the_field_s_words_or_nothing(lang, path, value, expected):
    """The banner's words for a value the form could not take (``ui.number_entry``): the
    field's own, in the reader's language; None wherever the file's message should stand."""
    from calculators.scenario.paths import set_value
    from ui import language
    from ui.number_entry import entry_problem

    data = {"name": "x", "horizon_years": 5, "training": {}, "finance": {},
            "benefits": [{"quantity_per_year": 1.0}]}
    if value is not None:
        set_value(data, path, value)
    token = language._THIS_RUN.set(lang)
    try:
        got = entry_problem(data, path)
    finally:
        language._THIS_RUN.reset(token)
    if expected is None:
        assert got is None
    else:
        assert got is not None and shown(got).startswith(expected), got


def test_an_empty_field_shows_the_default_its_line_takes():
    """An empty manufacturing, lifetime, mass, power or utilisation takes the default of the
    line's kind or model: the field shows which, in the reader's way of writing numbers."""
    at = on(start(), "pages/hardware.py")
    sensors = [t for t in at.text_input if t.label == "Fabrication (kgCO2e chacun)"][0]
    assert sensors.value == "" and sensors.proto.placeholder == "par défaut : 10"
    button(at, "hardware__add").click().run()  # a line without a kind: no default to name
    new_line = [t for t in at.text_input if t.label == "Fabrication (kgCO2e chacun)"][2]
    assert new_line.proto.placeholder == "par défaut"
    at = on(start("en"), "pages/training.py")
    power = [t for t in at.text_input if t.label == "Power (W)"][0]
    assert power.proto.placeholder == "default: 400"  # the A100's rated power


def test_what_was_typed_is_quoted_as_typed_in_every_error_that_quotes_it():
    """A number field's message, the banner and the sidebar quote the text typed: escaped,
    so a link or bold typed in a field shows as typed, never rendered (the banner and the
    field's message rendered it)."""
    at = on(start(), "pages/project.py")
    field(at, "Durée de service (ans)").input("[x](http://example.org) **gras**").run()
    assert not at.exception, at.exception
    quoting = [e.value for e in at.error if "example" in e.value]
    assert len(quoting) == 3, quoting  # at the field, above the page, in the sidebar
    for markdown in quoting:
        assert "](http" not in markdown and "**gras**" not in markdown, markdown
        assert "[x](http://example.org) **gras**" in shown(markdown), markdown


def _inventory(count: int) -> dict:
    """The worked example with ``count`` hardware lines, each named for its number."""
    at = start()
    scenario = json.loads(json.dumps(at.session_state["scenario"]))
    scenario["hardware"] = [{"name": f"Capteur {i + 1}", "kind": "sensor", "count": 1}
                            for i in range(count)]
    return scenario


def test_a_long_inventory_is_edited_a_page_of_lines_at_a_time():
    """Issue 34: a page drew every line of a list, and Streamlit copies its session state for
    each keyed field (50 s to take a number typed at 200 lines, bench/bench_lines.py). 25
    lines: 10 drawn at a time, a list to choose the lines shown that names them; a number
    typed on the third page reaches its line; the other lines are kept as they are; the page
    chosen is kept; adding a line shows its page."""
    scenario = _inventory(25)
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = "fr"
    at.session_state["scenario"] = scenario
    at.run()
    on(at, "pages/hardware.py")
    names = [t for t in at.text_input if t.label == "Nom"]
    assert [n.value for n in names] == [f"Capteur {i + 1}" for i in range(10)]
    pages = next(s for s in at.selectbox if s.label == "Lignes affichées")
    assert pages.options == ["Lignes 1 à 10 sur 25 (Capteur 1 … Capteur 10)",
                             "Lignes 11 à 20 sur 25 (Capteur 11 … Capteur 20)",
                             "Lignes 21 à 25 sur 25 (Capteur 21 … Capteur 25)"]
    # the third page chosen, through the list's state as the browser sends it (AppTest's
    # select_index cannot map a label back through a format function)
    at.session_state[pages.key] = 2
    at.run()
    assert not at.exception, at.exception
    assert [t.value for t in at.text_input if t.label == "Nom"] == [
        f"Capteur {i}" for i in range(21, 26)]
    field(at, "Nombre", 2).input("12").run()  # the third line shown: line 23
    hardware = at.session_state["scenario"]["hardware"]
    assert hardware[22]["count"] == 12
    assert [h["count"] for i, h in enumerate(hardware) if i != 22] == [1] * 24
    at.switch_page("pages/project.py").run()
    at.switch_page("pages/hardware.py").run()  # the page chosen is kept
    assert [t.value for t in at.text_input if t.label == "Nom"][0] == "Capteur 21"
    pages = next(s for s in at.selectbox if s.label == "Lignes affichées")
    at.session_state[pages.key] = 0
    at.run()
    assert [t.value for t in at.text_input if t.label == "Nom"][0] == "Capteur 1"
    button(at, "hardware__add").click().run()
    assert not at.exception, at.exception
    assert len(at.session_state["scenario"]["hardware"]) == 26
    shown = [t.value for t in at.text_input if t.label == "Nom"]
    assert shown[:5] == [f"Capteur {i}" for i in range(21, 26)] and shown[5] == ""


def test_a_list_of_ten_lines_or_fewer_has_no_pages():
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = "fr"
    at.session_state["scenario"] = _inventory(10)
    at.run()
    on(at, "pages/hardware.py")
    assert len([t for t in at.text_input if t.label == "Nom"]) == 10
    assert not [s for s in at.selectbox if s.label == "Lignes affichées"]
