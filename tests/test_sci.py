"""The carbon per unit served (Software Carbon Intensity, ISO/IEC 21031:2024; the Green Software
Foundation's SCI for AI): its two boundaries by hand, its functional unit, and where it shows
(issue 35, part 4)."""

from __future__ import annotations

import csv
import io

import pytest

from calculators import evaluate, hosted, sci
from conftest import minimal_scenario
from report.export import csv_summary


def served_project() -> dict:
    """Two years; 1,000 requests a day of 1 Wh each at 100 gCO2e/kWh, PUE 1: 1 kWh a day, 730
    kWh, 73 kgCO2e of inference; one training run of 100 kWh: 10 kgCO2e; a server bought for
    the service, 730 kgCO2e of manufacturing charged whole (two years of a two-year life)."""
    s = minimal_scenario()
    s["horizon_years"] = 2
    s["training"] = {"energy_kwh": 100, "runs": 1}
    s["inference"] = {"requests_per_day": 1000, "energy_wh_per_request": 1}
    s["hardware"] = [{"name": "server", "kind": "server_rack", "count": 1,
                      "embodied_kgco2e": 730, "lifetime_years": 2, "use": "service",
                      "use_years": 2}]
    return s


def test_per_request_by_hand_in_both_boundaries():
    result = evaluate(served_project())
    rate = result["sci"]
    assert rate["functional_unit"] == "request"
    assert rate["units"] == 1000 * 365 * 2
    # consumer: 73 kg of inference + 730 kg of the server; provider: 10 kg of training
    assert rate["consumer_kgco2e"] == pytest.approx(803.0)
    assert rate["provider_kgco2e"] == pytest.approx(10.0)
    assert rate["consumer_gco2e_per_unit"] == pytest.approx(803_000 / 730_000)
    assert rate["project_gco2e_per_unit"] == pytest.approx(813_000 / 730_000)
    assert rate["consumer_kgco2e"] + rate["provider_kgco2e"] == pytest.approx(
        result["footprint_kgco2e"]["total"])
    assert rate["not_drawn"] is None


def test_a_declared_unit_replaces_the_requests():
    s = served_project()
    s["inference"].update(served_per_year=50_000, served_unit="tonne triée")
    rate = evaluate(s)["sci"]
    assert (rate["functional_unit"], rate["units"]) == ("tonne triée", 100_000)
    assert rate["consumer_gco2e_per_unit"] == pytest.approx(803_000 / 100_000)


def test_serving_devices_alone_draw_no_rate_and_say_why():
    s = minimal_scenario()
    s["inference"] = {"devices": [{"model": "l4", "count": 1, "hours_per_day": 24}]}
    rate = evaluate(s)["sci"]
    assert rate["units"] == 0 and rate["consumer_gco2e_per_unit"] is None
    assert rate["project_gco2e_per_unit"] is None
    assert "Inference page" in str(rate["not_drawn"])


def test_a_hosted_models_requests_and_its_manufacturing_share_are_the_consumers():
    figures = hosted.per_request("openai", "gpt-4o-mini", 300)
    s = minimal_scenario()
    s["horizon_years"] = 4
    s["location"] = {"country": "FRA", "pue": 1.5}
    s["inference"] = {"days_per_year": 250, "hosted_model": {
        "provider": "openai", "model": "gpt-4o-mini", "output_tokens_per_request": 300,
        "requests_per_day": 2000, **figures}}
    result = evaluate(s)
    rate = result["sci"]
    requests = 2000 * 250 * 4
    per_request_kg = (figures["usage_kgco2e_per_request"]["likely"]
                      + figures["embodied_kgco2e_per_request"]["likely"])
    assert rate["units"] == requests
    assert rate["consumer_gco2e_per_unit"] == pytest.approx(per_request_kg * 1000)
    assert rate["provider_kgco2e"] == 0.0


@pytest.mark.parametrize("item, provider", [
    ({"use": "training"}, True),
    ({"use": "hours"}, True),                    # charged the training's hours
    ({"use": "hours", "use_hours": 800}, False),  # hours of its own: in service
    ({"use": "service", "use_years": 3}, False),
])
def test_equipment_is_on_the_side_of_what_it_is_used_for(item, provider):
    assert sci.provider_side(item) is provider


def test_the_csv_carries_the_rate_with_its_standard():
    result = evaluate(served_project())
    rows = list(csv.reader(io.StringIO(csv_summary(result, fmt="intl").decode("utf-8-sig"))))
    rated = [r for r in rows if len(r) > 3 and r[0] == "carbon per unit served"]
    assert [r[2] for r in rated] == ["1.1", "1.11", "730000"]
    assert rated[0][1].startswith("Carbon per request served")
    assert rated[0][3] == "gCO2e" and "ISO/IEC 21031:2024" in rated[0][5]


def test_a_unit_typed_is_never_translated_the_request_is():
    s = served_project()
    s["inference"].update(served_per_year=50_000, served_unit="hours per day")
    fr = csv_summary(evaluate(s), lang="fr").decode("utf-8-sig")
    assert "Carbone par hours per day servi(e)" in fr  # not "heures par jour", not "jour"
    fr = csv_summary(evaluate(served_project()), lang="fr").decode("utf-8-sig")
    assert "Carbone par requête servi(e)" in fr


def test_the_dossier_shows_the_rate_and_the_unit_as_typed():
    from report import dossier

    s = served_project()
    s["inference"].update(served_per_year=50_000, served_unit="<b>tonne</b> triée")
    html = dossier.build_html(s, lang="fr", samples=100, charts=[])
    assert "Carbone par &lt;b&gt;tonne&lt;/b&gt; triée servi(e), périmètre consommateur" in html
    assert "<b>tonne</b>" not in html


def test_the_inference_page_takes_the_unit_served_the_french_way_and_the_verdict_shows_it():
    from streamlit.testing.v1 import AppTest

    from conftest import ROOT

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["lang"] = "fr"
    at.run()
    at.switch_page("pages/inference.py").run()
    at.text_input(key="inf_served__r0").input("1 500 000,5").run()
    at.text_input(key="inf_served_unit__r0").input("km de réseau *surveillé*").run()
    assert not at.exception, at.exception
    inference = at.session_state["scenario"]["inference"]
    assert inference["served_per_year"] == pytest.approx(1_500_000.5)
    assert inference["served_unit"] == "km de réseau *surveillé*"
    at.switch_page("pages/balance.py").run()
    rate = evaluate(at.session_state["scenario"])["sci"]
    shown = {m.label: m.value for m in at.metric}
    # the unit as typed, its Markdown escaped; the figure the French way
    label = "Carbone par km de réseau \\*surveillé\\*"
    assert label in shown, list(shown)
    assert shown[label] == "0,3 gCO2e"  # its footprint over 9 000 001 km (six years)
    assert rate["units"] == pytest.approx(1_500_000.5 * 6)
    assert 0.25 <= rate["consumer_gco2e_per_unit"] < 0.35
