"""Every page runs in AppTest from app.py; key interactions change the verdict page's figures
exactly as evaluate() computes them; bad uploads and bad entries lose nothing."""

import json

import pytest
from streamlit.testing.v1 import AppTest

from calculators import evaluate, frugality, i18n, load
from calculators.balance import format_kgco2e
from conftest import ROOT, with_, shown
from ui.navigation import PAGES

APP = str(ROOT / "app.py")
BALANCE = next(p.path for p in PAGES if p.default)
WATER = json.loads((ROOT / "examples" / "water_leak_detection.json").read_text())


def start() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    return at


def metrics(at) -> dict:
    return {m.label: m.value for m in at.metric}


def expect_figures(at, scenario):
    """The verdict page shows what evaluate() gives for ``scenario``."""
    at.switch_page(BALANCE).run()
    assert not at.exception, at.exception
    result = evaluate(scenario)
    shown = metrics(at)
    assert shown["Footprint"] == format_kgco2e(result["footprint_kgco2e"]["total"])
    assert shown["Avoided emissions"] == format_kgco2e(result["benefits_kgco2e"])
    assert shown["Net balance"] == format_kgco2e(result["net_kgco2e"])
    return result


def test_every_page_file_is_routed():
    routed = {p.path for p in PAGES}
    on_disk = {f"pages/{f.name}" for f in (ROOT / "pages").glob("*.py")}
    assert routed == on_disk
    assert sum(p.default for p in PAGES) == 1


@pytest.mark.parametrize("page", [p.path for p in PAGES])
def test_page_renders_from_the_worked_example(page):
    at = start()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]


@pytest.mark.parametrize("page", [p.path for p in PAGES])
def test_page_renders_from_an_empty_scenario(page):
    at = start()
    at.button(key="new_scenario").click().run()
    assert at.session_state["scenario"]["name"] == "New project"
    at.switch_page(page).run()
    assert not at.exception, at.exception


def test_app_opens_on_the_worked_example_verdict():
    at = start()
    assert at.session_state["scenario"]["name"] == WATER["name"]
    expect_figures(at, WATER)
    assert any("Positive balance" in s.value for s in at.success)


def test_horizon_change_on_project_page_reaches_the_verdict():
    at = start()
    at.switch_page("pages/project.py").run()
    horizon = next(n for n in at.text_input if n.label == "Horizon (years)")
    horizon.input("3").run()
    expected = dict(WATER, horizon_years=3.0)
    result = expect_figures(at, expected)
    assert result["horizon_years"] == 3.0


def test_moving_to_germany_raises_the_footprint():
    at = start()
    at.switch_page("pages/location.py").run()
    country = next(s for s in at.selectbox if s.label == "Country")
    country.set_value("DEU").run()
    assert not at.exception, at.exception
    expected = json.loads(json.dumps(WATER))
    expected["location"] = {"country": "DEU", "pue": 2.0}
    result = expect_figures(at, expected)
    assert result["footprint_kgco2e"]["total"] > evaluate(WATER)["footprint_kgco2e"]["total"]


def test_choosing_another_grid_source_for_france_reaches_the_verdict():
    at = start()
    at.switch_page("pages/location.py").run()
    source = next(s for s in at.selectbox if s.label == "Source of the grid intensity")
    # the default first (ADEME 2025), then every other figure for France
    assert source.value == 0 and "ADEME Base Empreinte 2025" in source.options[0]
    owid = next(i for i, o in enumerate(source.options) if o.startswith("Our World in Data"))
    source.set_value(owid).run()
    assert not at.exception, at.exception
    assert at.session_state["scenario"]["location"]["grid_source"] == "codecarbon"
    expected = json.loads(json.dumps(WATER))
    expected["location"] = {"country": "FRA", "pue": 2.0, "grid_source": "codecarbon"}
    result = expect_figures(at, expected)
    assert result["grid_intensity_g_per_kwh"]["value"] == pytest.approx(56.039)
    # back to the default: the scenario no longer names a source
    at.switch_page("pages/location.py").run()
    next(s for s in at.selectbox if s.label == "Source of the grid intensity").set_value(0).run()
    assert "grid_source" not in at.session_state["scenario"]["location"]


def test_domain_switch_applies_the_other_rule():
    at = start()
    at.switch_page("pages/project.py").run()
    at.radio[0].set_value("general_interest").run()
    at.switch_page(BALANCE).run()
    assert any("General-interest rule" in m.value for m in at.markdown)


def test_table_edit_on_benefits_page_reaches_the_verdict():
    at = start()
    at.switch_page("pages/benefits.py").run()
    share = next(n for n in at.text_input if n.label == "Share due to the AI (0 to 1)")
    share.input("1").run()
    assert not at.exception, at.exception
    expected = json.loads(json.dumps(WATER))
    expected["benefits"][0]["attribution"] = 1.0
    expect_figures(at, expected)


def test_invalid_entry_is_kept_and_named_and_last_result_shown():
    at = start()
    at.switch_page("pages/hardware.py").run()
    next(n for n in at.text_input if n.label == "Share used (0 to 1)").input("1.5").run()
    assert not at.exception, at.exception
    kept = at.session_state["scenario"]
    assert kept["hardware"][0]["share"] == 1.5  # the entry is kept, not reverted
    # the field says what it accepts, where it is
    assert any("Share used (0 to 1)" in e.value and "at most 1" in shown(e.value) for e in at.error)
    expect_figures(at, WATER)  # the verdict page shows the last valid version


def test_error_banner_and_sidebar_name_the_field():
    # AppTest drops what app.py draws after the page once switch_page is used (the browser
    # test checks every page); here the invalid draft is shown on the opening page.
    at = start()
    bad = json.loads(json.dumps(WATER))
    bad["hardware"][0]["share"] = 1.5
    at.session_state["scenario"] = bad
    at.run()
    assert not at.exception, at.exception
    main_errors = " ".join(shown(e.value) for e in at.main.error)
    assert "Hardware, line 1 (Acoustic leak sensors): share used" in main_errors
    assert "at most 1" in main_errors
    assert "entries are kept" in main_errors
    assert any("Hardware, line 1 (Acoustic leak sensors): share used" in shown(e.value)
               for e in at.sidebar.error)
    assert metrics(at)["Net balance"] == format_kgco2e(evaluate(WATER)["net_kgco2e"])


def test_an_upload_s_error_is_told_from_the_file_not_from_the_scenario_being_edited():
    """The current scenario holds a text typed where a number goes, and the file uploaded a
    number out of bounds at the same field: the message is the file's (its value), and names
    the file's line by the file's name for it, not the form's words about the current one."""
    at = start()
    at.session_state["scenario"]["horizon_years"] = "abc"
    at.session_state["scenario"]["hardware"][0]["share"] = "n/a"
    at.run()
    bad = json.loads(json.dumps(WATER))
    bad["horizon_years"] = 40
    at.file_uploader[0].upload("long.json", json.dumps(bad).encode(), "application/json")
    at.run()
    assert not at.exception, at.exception
    told = " ".join(shown(e.value) for e in at.error if "long.json" in shown(e.value))
    assert "40" in told and "abc" not in told, told
    bad = json.loads(json.dumps(WATER))
    bad["hardware"][0].update(name="Capteurs du fichier", share=3)
    at.file_uploader[0].upload("share.json", json.dumps(bad).encode(), "application/json")
    at.run()
    told = " ".join(shown(e.value) for e in at.error if "share.json" in shown(e.value))
    assert "Hardware, line 1 (Capteurs du fichier): share used" in told, told
    assert "3" in told and "n/a" not in told, told


def test_malformed_upload_keeps_the_current_scenario():
    at = start()  # the uploader is in the sidebar: no switch_page before using it
    before = json.dumps(at.session_state["scenario"], sort_keys=True)
    at.file_uploader[0].upload("broken.json", b'{"schema_version": 1, "name": ', "application/json")
    at.run()
    assert not at.exception, at.exception
    assert json.dumps(at.session_state["scenario"], sort_keys=True) == before
    errors = " ".join(shown(e.value) for e in at.error)
    assert "broken.json was not loaded" in errors and "not valid JSON" in errors


def test_invalid_scenario_upload_names_the_field():
    at = start()
    bad = dict(WATER, horizon_years=99)
    at.file_uploader[0].upload("bad.json", json.dumps(bad).encode(), "application/json")
    at.run()
    assert at.session_state["scenario"]["horizon_years"] == WATER["horizon_years"]
    assert any("Horizon: must be" in shown(e.value) for e in at.error)  # named, not by its key


def test_valid_upload_replaces_the_scenario():
    at = start()
    other = (ROOT / "examples" / "traffic_lights.json").read_bytes()
    at.file_uploader[0].upload("traffic.json", other, "application/json")
    at.run()
    assert at.session_state["scenario"]["name"] == "Traffic-light optimisation"
    expect_figures(at, json.loads(other))


def test_example_picker_loads_an_example():
    at = start()
    at.selectbox(key="example_choice").set_value("admin_llm_assistant.json").run()
    at.button(key="load_example").click().run()
    expected = json.loads((ROOT / "examples" / "admin_llm_assistant.json").read_text())
    assert at.session_state["scenario"]["name"] == expected["name"]
    expect_figures(at, expected)


def test_visiting_every_page_changes_no_figure():
    for example in sorted((ROOT / "examples").glob("*.json")):
        at = start()
        at.selectbox(key="example_choice").set_value(example.name).run()
        at.button(key="load_example").click().run()
        for page in PAGES:
            at.switch_page(page.path).run()
            assert not at.exception, (example.name, page.path, at.exception)
        expect_figures(at, json.loads(example.read_text()))


def test_sidebar_shows_the_running_balance():
    at = start()
    net = format_kgco2e(evaluate(WATER)["net_kgco2e"])
    assert any(net in m.value for m in at.sidebar.markdown)
    assert any("Positive balance" in m.value for m in at.sidebar.markdown)


@pytest.mark.parametrize("page", [p.path for p in PAGES])
def test_page_started_alone_comes_up_inside_the_app(page):
    """A fresh server's first request for /<page> runs the page file directly: the page must
    hand over to the router, so the user gets the app (sidebar and all), not a bare page."""
    at = AppTest.from_file(str(ROOT / page), default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    assert any("Net balance" in m.value for m in at.sidebar.markdown)
    titles = [t.value for t in at.title]
    assert len(titles) == 1, titles  # one page drawn, not the stray run plus the routed one


def test_every_page_calls_the_guard_before_drawing():
    for spec in PAGES:
        source = (ROOT / spec.path).read_text()
        guard = source.index("router.ensure_routed()")
        first_draw = min(source.index(f) for f in ("st.title(", "st.caption(") if f in source)
        assert guard < first_draw, spec.path


def test_renewable_contract_changes_only_the_market_based_figure():
    at = start()
    at.switch_page("pages/location.py").run()
    slider = next(s for s in at.slider if s.label.startswith("Share of electricity"))
    slider.set_value(60).run()
    assert not at.exception, at.exception
    assert at.session_state["scenario"]["location"]["renewable_share"] == pytest.approx(0.6)
    expected = json.loads(json.dumps(WATER))
    expected["location"]["renewable_share"] = 0.6
    result = expect_figures(at, expected)  # location-based figures unchanged...
    assert result["footprint_kgco2e"]["total"] == pytest.approx(
        evaluate(WATER)["footprint_kgco2e"]["total"])
    assert result["market_based_footprint_kgco2e"] < result["footprint_kgco2e"]["total"]


def test_ranges_everywhere_render_on_every_page_and_survive_the_round_trip():
    ranged = json.loads(json.dumps(WATER))
    ranged["location"] = {"country": "FRA", "pue": {"low": 1.6, "likely": 2.0, "high": 2.4}}
    ranged["training"]["devices"][0]["hours"] = {"low": 10, "likely": 20, "high": 40}
    ranged["training"]["retrains_per_year"] = {"low": 2, "likely": 4, "high": 6}
    ranged["hardware"][0]["embodied_kgco2e"] = {"low": 5, "likely": 10, "high": 30}
    ranged["network"]["gb_per_year"] = {"low": 20, "likely": 40, "high": 80}
    ranged["benefits"][0]["quantity_per_year"] = {"low": 100000, "likely": 250000,
                                                  "high": 300000}
    ranged["alternative"]["benefits_kgco2e_per_year"] = {"low": 10000, "likely": 15000,
                                                         "high": 25000}
    at = start()
    at.file_uploader[0].upload("ranged.json", json.dumps(ranged).encode(), "application/json")
    at.run()
    assert at.session_state["scenario"]["name"] == WATER["name"]
    for page in PAGES:
        at.switch_page(page.path).run()
        assert not at.exception, (page.path, at.exception)
    # nothing touched: every range, asymmetric ones included, is as it was loaded
    assert json.loads(json.dumps(at.session_state["scenario"])) == ranged
    expect_figures(at, ranged)


def test_plus_minus_control_turns_a_value_into_a_range():
    at = start()
    at.switch_page("pages/location.py").run()
    pm = next(n for n in at.text_input  # beside data moved per year
              if n.label == "± %" and n.key.startswith("net_gb__pm"))
    pm.input("50").run()
    assert not at.exception, at.exception
    moved = at.session_state["scenario"]["network"]["gb_per_year"]
    assert moved == {"low": 20.0, "likely": 40.0, "high": 60.0}


def test_plus_minus_column_stays_within_the_field_bounds():
    at = start()
    at.switch_page("pages/benefits.py").run()
    share = [n for n in at.text_input if n.label == "Share due to the AI (0 to 1)"][0]
    share.input("0.8").run()
    after = [n.label for n in at.text_input]
    pm = at.text_input[after.index("Share due to the AI (0 to 1)") + 1]
    assert pm.label == "± %"
    pm.input("50").run()
    assert not at.exception, at.exception
    attribution = at.session_state["scenario"]["benefits"][0]["attribution"]
    # 0.8 plus or minus 50 % would reach 1.2: the high end stops at the field's maximum, 1
    assert attribution == pytest.approx({"low": 0.4, "likely": 0.8, "high": 1.0})
    expected = json.loads(json.dumps(WATER))
    expected["benefits"][0]["attribution"] = attribution
    expect_figures(at, expected)


def test_codecarbon_import_on_the_training_page_is_marked_measured():
    header = "timestamp,project_name,run_id,duration,emissions,energy_consumed,country_iso_code"
    csv_text = (f"{header}\n2026-11-01T10:00:00,leaks,r1,3600,0.5,9.0,DEU\n"
                f"2026-11-02T10:00:00,leaks,r2,1800,0.25,4.5,DEU\nbroken,line\n")
    at = start()
    at.switch_page("pages/training.py").run()
    uploader = next(u for u in at.file_uploader if u.label == "CodeCarbon file(s)")
    uploader.upload("emissions.csv", csv_text.encode(), "text/csv").run()
    assert not at.exception, at.exception
    assert any("1 line left out:" in w.value for w in at.warning)  # one: singular
    at.button(key="use_codecarbon").click().run()
    assert not at.exception, at.exception
    train = at.session_state["scenario"]["training"]
    assert train["energy_kwh"] == pytest.approx(13.5)
    assert train["measurement"]["runs"] == 2
    assert train["measurement"]["codecarbon_emissions_kgco2e"] == pytest.approx(0.75)
    expected = json.loads(json.dumps(at.session_state["scenario"]))
    result = expect_figures(at, expected)
    status = {p["field"]: p["status"] for p in result["provenance"]}
    assert status["training.energy_kwh"] == "measured"
    m = result["measurements"][0]
    assert m["codecarbon_emissions_kgco2e"] == pytest.approx(0.75)
    # ours: 13.5 kWh IT x PUE 2 x French grid; CodeCarbon counted Germany
    # France: ADEME 2025, the default
    assert m["scenario_emissions_kgco2e"] == pytest.approx(13.5 * 2 * 46.1 / 1000)
    assert any("DEU" in reason for reason in m["why_they_differ"])


def test_codecarbon_benchmark_sets_a_measured_energy_per_request():
    csv_text = ("timestamp,project_name,run_id,duration,emissions,energy_consumed,pue\n"
                "2026-11-01T10:00:00,serve,r1,600,0.001,0.02,1.0\n")
    at = start()
    at.switch_page("pages/inference.py").run()
    uploader = next(u for u in at.file_uploader if u.label == "CodeCarbon file(s)")
    uploader.upload("bench.csv", csv_text.encode(), "text/csv").run()
    at.text_input(key="inference_codecarbon_requests__r0").input("1000").run()
    at.button(key="use_codecarbon_inference").click().run()
    assert not at.exception, at.exception
    inf = at.session_state["scenario"]["inference"]
    # 0.02 kWh = 20 Wh over 1000 requests: 0.02 Wh a request
    assert inf["energy_wh_per_request"] == pytest.approx(0.02)
    assert inf["measurement"]["requests"] == 1000
    expected = json.loads(json.dumps(at.session_state["scenario"]))
    result = expect_figures(at, expected)
    status = {p["field"]: p["status"] for p in result["provenance"]}
    assert status["inference.energy_wh_per_request"] == "measured"
    assert [m["phase"] for m in result["measurements"]] == ["inference"]


def test_projection_mode_steps_through_the_screens_and_exits():
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["present"] = "1"
    at.query_params["lang"] = "fr"  # not this test server's default: kept in the URL
    at.run()
    assert not at.exception, at.exception
    from ui.present import SLIDES

    seen = []
    for _ in SLIDES:
        seen.append(next(m.value for m in at.markdown if " / " in m.value))
        at.button(key="present_next").click().run()
        assert not at.exception, at.exception
    assert seen == [f"**{i} / {len(SLIDES)} · {i18n.tr(name, 'fr')}**"
                    for i, name in enumerate(SLIDES, 1)]
    assert seen[0] == f"**1 / {len(SLIDES)} · Verdict**"
    # back to the first screen after the last, and Back goes round the other way
    assert f"1 / {len(SLIDES)}" in next(m.value for m in at.markdown if " / " in m.value)
    at.button(key="present_previous").click().run()
    assert f"{len(SLIDES)} / {len(SLIDES)}" in next(
        m.value for m in at.markdown if " / " in m.value)
    assert len(at.get("plotly_chart")) == 1  # one figure a screen
    at.button(key="present_leave").click().run()
    assert "present" not in at.query_params
    assert at.query_params["lang"] == "fr"  # kept in the address
    assert at.title[0].value == "7. Bilan et verdict"


def test_projection_mode_speaks_french_by_default(monkeypatch):
    from calculators.balance import format_kgco2e as english
    from calculators.i18n import kgco2e

    monkeypatch.delenv("APP_LANGUAGE")  # a server as deployed: French unless asked
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["present"] = "1"
    at.run()
    assert not at.exception, at.exception
    from ui.present import SLIDES

    assert any(f"1 / {len(SLIDES)} · Verdict" in m.value for m in at.markdown)
    assert [b.label for b in at.button] == ["Retour", "Suivant", "Quitter"]
    result = evaluate(WATER)
    shown = {m.label: m.value for m in at.metric}
    assert shown["Bilan net"] == kgco2e(result["net_kgco2e"], "fr")
    assert kgco2e(result["net_kgco2e"], "fr") != english(result["net_kgco2e"])
    assert any(m.value.startswith("Règle climat") for m in at.markdown)
    at.button(key="present_next").click().run()
    spec = at.get("plotly_chart")[0].proto.spec
    assert "Empreinte par poste" in spec and "separators" in spec


def test_projection_mode_shows_the_alternative_the_drivers_and_the_checklist():
    """The screens a committee asks for: the AI against its non-AI alternative (the one the
    example describes), what decides the verdict, the frugality checklist; figures side by
    side in one unit."""

    scenario = json.loads(json.dumps(WATER))
    scenario["frugality"] = {"open_source_model": "no", "local_hosting": "yes"}
    # 3,000 m3 at 0.35 kgCO2e/m3, half of it to the AI, over 6 years: 3,150 kg avoided
    # against a footprint of about 2.7 t, a net balance of a few hundred kilograms
    scenario["benefits"][0]["quantity_per_year"] = 3_000
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["present"] = "1"
    at.query_params["lang"] = "fr"
    at.session_state["scenario"] = scenario
    at.run()
    assert not at.exception, at.exception
    result = evaluate(scenario)
    assert result["benefits_kgco2e"] == pytest.approx(3150)
    units = {m.value.rsplit(" ", 1)[1] for m in at.metric}
    assert len(at.metric) == 3 and len(units) == 1, [m.value for m in at.metric]
    assert abs(result["footprint_kgco2e"]["total"]) >= 1000 > abs(result["net_kgco2e"])
    assert units == {"tCO2e"}  # the net balance too, though under a tonne

    def show(name):
        while not any(f" · {i18n.tr(name, 'fr')}**" in m.value for m in at.markdown):
            at.button(key="present_next").click().run()
            assert not at.exception, at.exception

    show("AI against its non-AI alternative")
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert spec["layout"]["title"]["text"] == "Le projet d'IA face à son alternative sans IA"
    bars = {trace["name"]: trace["x"] for trace in spec["data"]}
    alternative = result["alternative"]
    assert bars["Alternative sans IA"] == pytest.approx(
        [alternative["footprint_kgco2e"] / 1000, alternative["benefits_kgco2e"] / 1000,
         alternative["net_kgco2e"] / 1000])
    assert any(scenario["alternative"]["description"][:40] in m.value for m in at.markdown)
    show("What decides the verdict")
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert spec["layout"]["title"]["text"] == "Ce qui décide du bilan"
    show("Frugality checklist")
    table = next(m.value for m in at.markdown if "| Question | Réponse |" in m.value)
    assert ":red[:material/cancel: **non**]" in table
    assert ":green[:material/check_circle: **oui**]" in table
    # the convention's questions on this screen, frugal algorithms' (RGESN) on the next
    assert table.count("\n") == 1 + len(frugality.QUESTIONS) - len(frugality.ALGORITHMS)
    show("Frugal algorithms")
    table = next(m.value for m in at.markdown if "| Question | Réponse |" in m.value)
    assert table.count("\n") == 1 + len(frugality.ALGORITHMS)
    assert "L'entraînement a-t-il été évité ou réduit" in table


MARKDOWN_NAME = "![p](http://127.0.0.1:9/p.png) [link](http://e.invalid) <b>bold</b> :red[red]"


@pytest.mark.parametrize("path,value", [
    ("horizon_years", 0.1), ("inference.days_per_year", 0.5),
    ("training.energy_kwh", {"low": 0, "likely": 1, "high": 1e10}),
    ("location.pue", {"low": 1.0, "likely": 1.05, "high": 3.0}),
    ("name", MARKDOWN_NAME)], ids=["horizon", "days", "energy_range", "pue_range", "markdown"])
def test_a_file_the_command_line_accepts_opens_on_every_page(path, value):
    """Widgets take their bounds from the schema: any valid value is shown, on every page; a
    name written in Markdown is shown as text (no image fetched, no link), everywhere."""
    scenario = with_(WATER, path, value)
    evaluate(scenario)  # the command line accepts it
    at = start()
    at.file_uploader[0].upload("edge.json", json.dumps(scenario).encode(), "application/json")
    at.run()
    assert at.session_state["scenario"] == scenario
    resolved = load(scenario).resolved
    for page in PAGES:
        at.switch_page(page.path).run()
        assert not at.exception, (page.path, at.exception)
        shown = [e.value for kind in (at.markdown, at.caption, at.title, at.header,
                                      at.subheader, at.error, at.warning, at.info, at.success)
                 for e in kind]
        assert not [v for v in shown if "![p](" in v or "[link](" in v or "<b>bold" in v], \
            page.path
    # visiting every page changed no value (a default written out, such as a renewable share
    # of 0, may be dropped)
    assert load(at.session_state["scenario"]).resolved == resolved


def test_an_error_quoting_what_someone_typed_shows_it_as_text():
    """A file's name and a key someone wrote reach the error message: shown as typed, never
    as an image to fetch or a link (st.error reads Markdown)."""
    at = start()
    key = "![k](http://127.0.0.1:9/k.png)"
    at.file_uploader[0].upload("[f](http://e.invalid).json",
                               ('{"schema_version": 1, "%s": 1, "%s": 2}' % (key, key)).encode(),
                               "application/json")
    at.run()
    errors = [e.value for e in at.error]
    assert any("twice in one object" in e for e in errors), errors
    assert not [e for e in errors if "![k](" in e or "[f](" in e], errors


@pytest.mark.parametrize("criterion", ["water", "adpe", "pe"])
def test_the_criterion_switch_shows_each_criterion_as_evaluate_computes_it(criterion):
    from calculators.impacts import CRITERIA

    at = start()
    at.radio(key="criterion").set_value(criterion).run()
    assert not at.exception, at.exception
    c, result = CRITERIA[criterion], evaluate(WATER)
    shown = metrics(at)
    assert shown["Consumed"] == i18n.amount(result[c.result_key]["total"], c.unit, "en")
    assert shown["Saved by the benefits"] == i18n.amount(result[c.saved_key], c.unit, "en")
    assert shown["Net (saved - consumed)"] == i18n.amount(result[c.net_key], c.unit, "en")
    assert "Footprint" not in shown  # carbon's figures give way to the criterion's
    at.radio(key="criterion").set_value("gwp").run()
    assert metrics(at)["Net balance"] == format_kgco2e(result["net_kgco2e"])


def test_dry_cooling_on_the_location_page_removes_the_on_site_water():
    at = start()
    at.switch_page("pages/location.py").run()
    cooling = next(s for s in at.selectbox if s.label == "How the data centre is cooled")
    cooling.set_value("dry_cooling").run()
    assert not at.exception, at.exception
    expected = json.loads(json.dumps(WATER))
    expected["location"]["cooling"] = "dry_cooling"
    result = evaluate(expected)
    assert result["water_l"]["onsite"] == 0.0
    at.switch_page(BALANCE).run()
    at.radio(key="criterion").set_value("water").run()
    assert metrics(at)["Consumed"] == i18n.amount(result["water_l"]["total"], "L", "en")
    assert metrics(at)["Consumed"] != i18n.amount(evaluate(WATER)["water_l"]["total"], "L",
                                                  "en")


def test_sidebar_shows_the_water_net_beside_the_carbon_net():
    at = start()
    water = i18n.amount(evaluate(WATER)["water_net_l"], "L", "en")
    assert any(f"Water: net **{water}**" in m.value for m in at.sidebar.markdown)


def test_kept_charts_change_when_the_scenario_does():
    """The verdict page keeps its charts between reruns (``state.memo``, their JSON computed
    once: ``ui.figures``); a change of the scenario draws them again with its figures."""
    from ui import state

    at = start()
    kept = at.session_state[state.MEMO]
    before = kept["chart_phases_en"].to_dict()
    assert kept["chart_phases_en"].to_dict() is before  # computed once, then kept
    at.run()  # a rerun with nothing changed keeps the same figure
    assert at.session_state[state.MEMO]["chart_phases_en"].to_dict() is before
    at.switch_page("pages/project.py").run()
    next(n for n in at.text_input if n.label == "Horizon (years)").input("3").run()
    at.switch_page(BALANCE).run()
    after = at.session_state[state.MEMO]["chart_phases_en"].to_dict()
    totals = [a["text"] for a in after["layout"]["annotations"]]
    assert totals != [a["text"] for a in before["layout"]["annotations"]]
    footprint = evaluate(dict(WATER, horizon_years=3.0))["footprint_kgco2e"]["total"]
    assert any(f"{footprint / 1000:,.1f}" in text for text in totals)


def test_the_committee_sets_its_own_thresholds_on_the_project_page_in_french():
    """The probability of a firm verdict and the significant-harm thresholds, typed the
    French way in the Project page's committee settings, reach the scenario and the verdict;
    emptied, the tool's assumption applies again (the key is gone)."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = "fr"
    at.run()
    at.switch_page("pages/project.py").run()
    at.text_input(key="policy_probability_threshold__r0").input("0,95").run()
    at.text_input(key="policy_significant_harm_water_l_per_year__r0").input("50 000").run()
    assert not at.exception, at.exception
    policy = at.session_state["scenario"]["policy"]
    assert policy["probability_threshold"] == pytest.approx(0.95)
    assert policy["significant_harm_water_l_per_year"] == pytest.approx(50_000)
    result = evaluate(at.session_state["scenario"], samples=200, seed=0)
    assert result["uncertainty"]["probability_threshold"] == pytest.approx(0.95)
    at.text_input(key="policy_probability_threshold__r0").input("1,5").run()
    assert any("1,5" in e.value for e in at.error)  # said, in the field's words
    at.text_input(key="policy_probability_threshold__r0").input("").run()
    assert "probability_threshold" not in at.session_state["scenario"].get("policy", {})


def test_a_chart_on_the_verdict_page_has_its_text_alternative_and_its_table_in_french():
    """The verdict page's chart is preceded by the text a screen reader reads (what it shows,
    with its figures) and followed by its figures as a table, one click away (an expander)."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = "fr"
    at.run()
    assert not at.exception, at.exception
    alts = [m.value for m in at.markdown if 'class="chart-alt"' in m.value]
    assert alts and alts[0].startswith('<p class="chart-alt">Graphique : Empreinte par poste')
    expanders = [e for e in at.expander if e.label == "Les chiffres du graphique, en tableau"]
    assert expanders, [e.label for e in at.expander]
    table = expanders[0].table[0].value
    assert list(table.columns) == ["Chiffre", "Valeur (tCO2e)"]
    result = evaluate(at.session_state["scenario"])
    assert table.iloc[0].tolist() == ["Empreinte totale", i18n.number(
        round(result["footprint_kgco2e"]["total"] / 1000, 1), "fr", 1)]



@pytest.mark.parametrize("page", [p.path for p in PAGES if not p.hidden])
def test_every_page_links_to_the_accessibility_and_ecodesign_statements(page):
    """A public body's online service says its accessibility status on every page and links
    to its statement (RGAA): the sidebar does, on every page; the page says "non conforme"
    (no audit) and shows both statements, in French."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = "fr"
    at.run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    links = [link.proto for link in at.sidebar.get("page_link")]
    assert [link.label for link in links if link.page == "accessibility"] == [
        "Accessibilité : non conforme", "Déclaration d'écoconception"], [
        (x.label, x.page) for x in links]
    at.switch_page("pages/declarations.py").run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Accessibilité et écoconception"
    text = " ".join(str(m.value) for m in at.markdown)
    assert "**non conforme**" in text and "RGESN" in text and "Défenseur des droits" in text
