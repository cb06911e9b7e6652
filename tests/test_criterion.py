"""A criterion is one record: a throw-away one, added here and nowhere else, reaches the result,
the Monte Carlo, the harm flag, the result's schema, the CSV, Compare, the dossier and the
verdict page. The README's recipe for a new criterion is these steps."""

from __future__ import annotations

import csv
import importlib
import io

import jsonschema
import pytest
from streamlit.testing.v1 import AppTest

from calculators import compare, evaluate, impacts, refdata
from calculators.i18n import N_, msg
from calculators.impacts import Criterion, Harm
from conftest import ROOT, minimal_scenario

LAND_M2A_PER_KWH = 0.5  # test data, not a published factor: the arithmetic is what is tested
THRESHOLD_M2A_PER_YEAR = 100.0


def _threshold() -> refdata.Factor:
    return refdata.Factor(
        "significant_harm_land", "Significant-harm threshold: land occupation",
        THRESHOLD_M2A_PER_YEAR, THRESHOLD_M2A_PER_YEAR, THRESHOLD_M2A_PER_YEAR, "m2a/year",
        2026, "Assumption of this test", "", "assumption", "n/a", "", "")


# Step 1 of the recipe: the record (its words, its unit, the phases it counts, its formula and
# what the benefits save of it, its harm threshold and message, where its factors come from).
LAND = Criterion(
    "land", "land_m2a", "land_m2a", "land_saved_m2a", "land_net_m2a", "m2a",
    msg("land occupation"), ("training", "inference", "network"), impacts.drawn,
    impacts.electricity_saved,
    Harm("Significant harm to land: the project occupies {net_m2a} a year more than it "
         "saves, above the committee's threshold of {threshold_m2a} a year.", 1e9,
         "yearly net land occupation above which the verdict carries a significant-harm flag, "
         "in m2a/year", N_("Significant-harm threshold: land occupation (m2a per year)"),
         N_("Typical: 100"), _threshold),
    electricity=lambda mix: LAND_M2A_PER_KWH)


@pytest.fixture
def land():
    impacts.add(LAND)
    try:
        yield LAND
    finally:
        impacts.remove("land")


def project() -> dict:
    """1,000 kWh of IT energy for one training run at a PUE of 1.5 (1,500 kWh drawn), and
    1,000 kWh of electricity saved a year, over one year."""
    s = minimal_scenario()
    s["location"].update(pue=1.5, country="FRA")
    s["training"] = {"energy_kwh": 1000, "runs": 1}
    s["benefits"] = [{"label": "saved", "kind": "electricity_kwh", "quantity_per_year": 1000,
                      "attribution": 1}]
    return s


def test_the_criterion_is_counted_by_its_formula_with_its_harm(land):
    result = evaluate(project(), samples=200)
    # by hand: 1,500 kWh drawn x 0.5 m2a/kWh = 750; saved 1,000 kWh x 0.5 = 500; net -250
    assert result["land_m2a"] == {"training": 750.0, "inference": 0.0, "network": 0.0,
                                  "total": 750.0}
    assert result["land_saved_m2a"] == 500.0
    assert result["land_net_m2a"] == -250.0
    harm = next(h for h in result["harms"] if h["criterion"] == "land")
    assert (harm["net_per_year"], harm["threshold_per_year"]) == (-250.0, 100.0)
    assert "occupies 250\u00a0m2a a year more than it saves" in str(harm["text"])
    assert str(harm["text"]) in [str(r) for r in result["reasons"]]
    # the same samples as every criterion: no range on this one, so every percentile is 750
    assert result["uncertainty"]["criteria"]["land_m2a"] == {
        "p5": 750.0, "p50": 750.0, "p95": 750.0, "mean": 750.0}
    provenance = {p["field"]: p for p in result["provenance"]}
    assert provenance["location.electricity_land_m2a_per_kwh"]["value"] == 0.5
    assert provenance["policy.significant_harm_land_m2a_per_year"]["status"] == "assumption"
    # what the other criteria counted is left as it was
    without = evaluate(project())
    assert all(result[key] == without[key] for key in ("footprint_kgco2e", "water_l",
                                                        "adpe_kgsbeq", "primary_energy_mj"))


def test_a_criterion_within_its_threshold_is_counted_and_not_flagged():
    quiet = LAND._replace(harm=Harm(*LAND.harm[:5], lambda: _threshold()._replace(value=1e9)))
    impacts.add(quiet)
    try:
        result = evaluate(project())
    finally:
        impacts.remove("land")
    assert result["land_net_m2a"] == -250.0
    assert not [h for h in result["harms"] if h["criterion"] == "land"]
    assert "land_m2a" not in evaluate(project())  # removed: not counted any more


def test_the_result_schema_and_the_scenario_schema_take_it(land):
    from calculators.scenario import input_types
    from cli import _result_schema

    validator = jsonschema.Draft202012Validator(_result_schema())
    result = evaluate(project())
    from calculators.i18n import plain
    assert not list(validator.iter_errors(plain(result)))
    broken = plain(result)
    del broken["land_net_m2a"]
    assert list(validator.iter_errors(broken))
    # `make schema` writes its threshold into the scenario's schema (the types read the record)
    try:
        policy = importlib.reload(input_types).generate()["properties"]["policy"]
        assert policy["properties"]["significant_harm_land_m2a_per_year"]["maximum"] == 1e9
    finally:
        impacts.remove("land")
        importlib.reload(input_types)
        impacts.add(LAND)


def test_the_csv_compare_and_the_dossier_show_it(land):
    from report import dossier
    from report.export import csv_summary

    result = evaluate(project())
    rows = list(csv.reader(io.StringIO(csv_summary(result, fmt="intl").decode("utf-8-sig"))))
    land_rows = {r[1]: r[2] for r in rows if len(r) > 3 and r[0] == "land occupation"}
    assert land_rows["Training"] == "750" and land_rows["Saved by the benefits"] == "500"
    assert land_rows["Net (saved minus consumed)"] == "-250"
    side = {str(r["figure"]): r["values"] for r in compare.figures_side_by_side([result])}
    assert side["land occupation: net"] == [-250.0]
    html = dossier.build_html(project(), lang="en", samples=100, charts=[])
    assert "Land occupation: consumed" in html and "Land occupation: net" in html


def test_the_verdict_page_offers_it_and_shows_its_figures(land):
    import json

    from calculators import i18n

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    assert "land" in at.radio(key="criterion").options or \
        "Land occupation" in at.radio(key="criterion").options
    at.radio(key="criterion").set_value("land").run()
    assert not at.exception, at.exception
    scenario = json.loads((ROOT / "examples" / "water_leak_detection.json").read_text())
    result = evaluate(scenario)
    shown = {m.label: m.value for m in at.metric}
    assert shown["Consumed"] == i18n.amount(result["land_m2a"]["total"], "m2a", "en")
    assert shown["Net (saved - consumed)"] == i18n.amount(result["land_net_m2a"], "m2a", "en")
