"""Costs and gains in euros and the cost of a tonne avoided against France's value of climate
action (issue 18): hand-computed figures, the reference's trajectory as published, the
scenario's bounds, the CSV and the dossier, and the fields typed the French way."""

from __future__ import annotations

import copy
import csv
import datetime
import io
import json

import pytest
from streamlit.testing.v1 import AppTest

from calculators import evaluate, finance, load
from calculators.scenario import ScenarioError
from conftest import ROOT
from report.dossier import build_html
from report.export import csv_summary

WATER = json.loads((ROOT / "examples" / "water_leak_detection.json").read_text())
COSTS = {"hardware_eur": 45000, "development_eur": 80000, "running_eur_per_year": 12000,
         "gains_eur_per_year": 30000, "start_year": 2027}


def with_finance(block: dict) -> dict:
    scenario = copy.deepcopy(WATER)
    scenario["finance"] = block
    return scenario


# -- the reference: Quinet 2019, in 2018 euros --------------------------------------------

@pytest.mark.parametrize("year, expected", [
    (2018, 54.0),     # published points (data/climate_value.csv)
    (2030, 250.0),
    (2040, 500.0),
    (2050, 775.0),
    (2027, 201.0),    # 54 + (250 - 54) x 9 / 12
    (2035, 375.0),    # halfway between 250 and 500
    (2045, 637.5),    # halfway between 500 and 775
])
def test_the_value_of_climate_action_follows_the_published_trajectory(year, expected):
    value = finance.climate_value(year)
    assert value.eur_per_tco2e == pytest.approx(expected)
    assert value.interpolated == (year not in (2018, 2030, 2040, 2050))


def test_only_2030_was_re_read_and_the_rest_says_not_verified():
    assert finance.climate_value(2030).verified is True
    for year in (2018, 2026, 2040, 2050):
        value = finance.climate_value(year)
        assert value.verified is False
        assert str(value.source).endswith("not verified in its source")
    assert "interpolated linearly between its values for 2018 and 2030" in str(
        finance.climate_value(2026).source)


@pytest.mark.parametrize("year", [2017, 2051])
def test_a_year_outside_the_trajectory_has_no_value(year):
    with pytest.raises(ValueError):
        finance.climate_value(year)


# -- the formulas, by hand ---------------------------------------------------------------

def test_costs_gains_ratio_payback_and_cost_per_tonne_by_hand():
    """45,000 + 80,000 = 125,000 invested; cost over 6 years 125,000 + 6 x 12,000 = 197,000;
    gains 6 x 30,000 = 180,000; ratio 125,000 / 180,000 = 0.694; payback 125,000 / (30,000 -
    12,000) = 6.94 years; 100 t avoided: (197,000 - 180,000) / 100 = 170 EUR/t, below 2027's
    201 EUR/t."""
    filled = dict(COSTS, licences_eur=0.0)
    fig = finance.figures(filled, 6.0, 100_000.0)
    assert fig["investment_eur"] == 125_000
    assert fig["cost_eur"] == 197_000
    assert fig["gains_eur"] == 180_000
    assert fig["net_eur"] == -17_000
    assert fig["investment_to_gains_ratio"] == pytest.approx(125 / 180)
    assert fig["payback_years"] == pytest.approx(125_000 / 18_000)
    assert fig["cost_eur_per_tco2e"] == pytest.approx(170.0)
    assert fig["climate_value_eur_per_tco2e"] == pytest.approx(201.0)
    assert fig["within_climate_value"] is True
    assert "below France's value of climate action for 2027" in fig["text"]


def test_above_the_reference_the_sentence_says_others_avoid_carbon_more_cheaply():
    # 10 t avoided: 17,000 / 10 = 1,700 EUR/t, above 201
    fig = finance.figures(dict(COSTS, licences_eur=0.0), 6.0, 10_000.0)
    assert fig["cost_eur_per_tco2e"] == pytest.approx(1700.0)
    assert fig["within_climate_value"] is False
    assert "other actions avoid carbon more cheaply" in fig["text"]


def test_a_project_that_saves_money_and_carbon_has_a_negative_cost_per_tonne():
    # gains 50,000 a year: 300,000 - 197,000 = 103,000 saved; 100 t: -1,030 EUR/t
    fig = finance.figures(dict(COSTS, licences_eur=0.0, gains_eur_per_year=50_000), 6.0,
                          100_000.0)
    assert fig["cost_eur_per_tco2e"] == pytest.approx(-1030.0)
    assert fig["within_climate_value"] is True
    assert "saves money (€103,000 net" in fig["text"]


def test_without_a_tonne_avoided_there_is_no_cost_per_tonne():
    fig = finance.figures(dict(COSTS, licences_eur=0.0), 6.0, -5_000.0)
    assert fig["cost_eur_per_tco2e"] is None and fig["within_climate_value"] is None
    assert "avoids no tonne of CO2e net" in fig["text"]


def test_gains_below_the_running_costs_never_pay_back_and_no_gain_has_no_ratio():
    fig = finance.figures(dict(COSTS, licences_eur=0.0, gains_eur_per_year=0.0), 6.0, 1.0)
    assert fig["payback_years"] is None
    assert fig["investment_to_gains_ratio"] is None


# -- the scenario -------------------------------------------------------------------------

def test_the_result_carries_the_block_and_its_provenance():
    result = evaluate(with_finance(COSTS))
    fin = result["finance"]
    assert fin["investment_eur"] == 125_000 and fin["licences_eur"] == 0.0
    # the same figure as the formula, from the scenario's own carbon balance
    assert fin["cost_eur_per_tco2e"] == pytest.approx(17_000 / (result["net_kgco2e"] / 1000))
    fields = {p["field"]: p for p in result["provenance"]}
    assert fields["finance.hardware_eur"]["status"] == "entered"
    assert "finance.licences_eur" not in fields  # left out: 0, not a value the user gave
    assert fields["finance.climate_value_eur_per_tco2e"]["value"] == pytest.approx(201.0)
    assert fields["finance.climate_value_eur_per_tco2e"]["status"] == "assumption"  # a line
    assert evaluate(WATER)["finance"] is None
    assert evaluate(with_finance({}))["finance"] is None
    assert evaluate(with_finance({"start_year": 2030}))["finance"] is None  # no amount


def test_the_first_year_defaults_to_this_year():
    block = {k: v for k, v in COSTS.items() if k != "start_year"}
    result = evaluate(with_finance(block))
    this_year = min(max(datetime.date.today().year, 2018), 2050)
    assert result["finance"]["climate_value_year"] == this_year
    row = next(p for p in result["provenance"] if p["field"] == "finance.start_year")
    assert row["status"] == "default" and row["value"] == this_year


@pytest.mark.parametrize("block, field", [
    ({"hardware_eur": -1}, "finance.hardware_eur"),
    ({"gains_eur_per_year": 2e12}, "finance.gains_eur_per_year"),
    ({"running_eur_per_year": "12 000"}, "finance.running_eur_per_year"),
    ({"hardware_eur": 1, "start_year": 2051}, "finance.start_year"),
    ({"hardware_eur": 1, "start_year": 2017}, "finance.start_year"),
    ({"hardware_eur": 1, "currency": "USD"}, "finance.currency"),
])
def test_a_wrong_amount_or_year_is_refused_with_its_field_named(block, field):
    with pytest.raises(ScenarioError) as caught:
        load(with_finance(block))
    assert caught.value.field == field


# -- what the committee reads --------------------------------------------------------------

def _rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def test_the_french_csv_has_the_costs_in_whole_euros_and_the_reference_with_its_source():
    result = evaluate(with_finance(COSTS))
    rows = _rows(csv_summary(result, "fr", on=datetime.date(2026, 12, 2), lang="fr"))
    by_item = {r[1]: r for r in rows if len(r) > 5}
    assert by_item["Investissement, total"][2:4] == ["125000", "EUR"]
    assert by_item["Coûts de fonctionnement par an"][2:4] == ["12000", "EUR/an"]
    per_tonne = by_item["Coût net par tonne de CO2e évitée"]
    assert per_tonne[3] == "EUR/tCO2e" and per_tonne[2].startswith("65,")
    reference = by_item["Valeur de l'action pour le climat en 2027"]
    assert reference[2] == "201"
    assert "France Stratégie" in reference[5] and "non vérifié" in reference[5]


def test_the_dossier_has_its_costs_section_in_french():
    page = build_html(with_finance(COSTS), lang="fr", samples=200)
    assert "<h2>Coûts et gains financiers</h2>" in page
    assert "125\u202f000\u00a0€" in page
    assert "Valeur de l'action pour le climat en 2027" in page or \
        "Valeur de l&#39;action pour le climat en 2027" in page
    assert "Coûts et gains financiers" not in build_html(WATER, lang="fr", samples=200)


# -- typed the French way -----------------------------------------------------------------

def test_amounts_typed_the_french_way_reach_the_scenario_and_the_verdict_page():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["lang"] = "fr"
    at.run()
    at.switch_page("pages/benefits.py").run()
    assert not at.exception, at.exception
    field = next(t for t in at.text_input if t.label == "Investissement : matériel (€)")
    field.input("45 000").run()
    next(t for t in at.text_input if t.label == "Gains financiers par an (€)").input(
        "30 000,50").run()
    next(n for n in at.number_input if n.label == "Première année de service").set_value(
        2030).run()
    assert not at.exception, at.exception
    assert at.session_state["scenario"]["finance"] == {
        "hardware_eur": 45000, "gains_eur_per_year": 30000.5, "start_year": 2030}
    assert not at.main.error, [e.value for e in at.main.error]
    # a typing error is named in the field, nothing else changes
    field = next(t for t in at.text_input if t.label == "Investissement : matériel (€)")
    field.input("45.000").run()
    assert any(e.value.startswith("Investissement : matériel (€) :") for e in at.main.error)
    assert at.session_state["scenario"]["finance"]["hardware_eur"] == "45.000"
    field.input("45 000").run()
    at.switch_page("pages/balance.py").run()
    assert not at.exception, at.exception
    metrics = {m.label: m.value for m in at.main.metric}
    assert metrics["Investissement"] == "45\u202f000\u00a0€"
    assert metrics["Valeur de l'action pour le climat en 2030"] == "250\u00a0€/tCO2e"
    # every amount emptied: no financial balance (the year alone is kept, as typed), and the
    # verdict page says the figures are missing
    at.switch_page("pages/benefits.py").run()
    for label in ("Investissement : matériel (€)", "Gains financiers par an (€)"):
        next(t for t in at.text_input if t.label == label).input("").run()
    assert at.session_state["scenario"]["finance"] == {"start_year": 2030}
    assert at.session_state["_last_valid"]["finance"] is None
    at.switch_page("pages/balance.py").run()
    assert any(c.value.startswith("Aucun coût ni gain en euros saisi") for c in at.main.caption)
