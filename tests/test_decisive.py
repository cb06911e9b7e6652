"""What the verdict rests on (issue 31): a default or assumed value that decides the verdict
is named, with its status and source, and a source is asked for."""

import copy

import pytest

from calculators import evaluate, i18n

# 200 t a year of waste "diverted from landfill" valued with ADEME's landfill factor, 412
# kgCO2e/t, the upper end of what diverting it saves (38 if it is incinerated instead): 82 tCO2e
# a year beside a footprint of about a tonne over five years
STREET_CAMERAS = {
    "schema_version": 2, "name": "Street cameras", "domain": "climate", "horizon_years": 5,
    "location": {"country": "FRA"},
    "hardware": [{"name": "Cameras", "kind": "camera", "count": 20}],
    "benefits": [{"label": "Waste diverted", "kind": "waste_landfilled_tonne",
                  "quantity_per_year": 200, "attribution": 1}],
    "alternative": {"description": "collection rounds as today", "footprint_kgco2e_per_year": 0,
                    "benefits_kgco2e_per_year": 0}}


def test_a_verdict_carried_by_one_assumed_factor_names_it():
    r = evaluate(STREET_CAMERAS)
    assert r["verdict"] == "positive"
    [found] = r["rests_on"]
    assert found["field"] == "benefits[0].factor_kgco2e_per_unit"
    assert found["why"] in ("benefit", "range") and found["status"] == "default"
    assert found["value"] == 412
    text = i18n.text(found["text"], "fr")
    assert "Waste diverted" in text and "ADEME" in text and "source" in text


def test_a_factor_of_the_projects_own_is_not_named():
    s = copy.deepcopy(STREET_CAMERAS)
    s["benefits"][0]["factor_kgco2e_per_unit"] = 412  # entered: the project's own figure
    assert evaluate(s)["rests_on"] == []


def test_a_benefit_the_rule_does_not_need_is_not_named():
    # a second benefit of the project's own that alone meets the rule: the assumed factor no
    # longer decides
    s = copy.deepcopy(STREET_CAMERAS)
    s["benefits"].append({"label": "Fuel", "kind": "kgco2e", "quantity_per_year": 100_000,
                          "attribution": 1})
    assert evaluate(s)["rests_on"] == []


def test_an_assumed_value_whose_own_range_flips_the_verdict_is_named():
    """Cameras' manufacturing is an assumption, 50 kgCO2e (20 to 150) over a 5-year life, here
    used for the whole 5-year horizon: n cameras cost 50 n, 150 n at the high end. Against
    5,000 kgCO2e of benefits over 5 years (1,000 a year), 60 cameras cost 3,000 (rule met) and
    9,000 at the high end (not met): the verdict flips inside the assumption's own range."""
    s = {"schema_version": 2, "name": "c", "domain": "general_interest", "horizon_years": 5,
         "location": {"grid_intensity_g_per_kwh": 50, "pue": 1},
         "hardware": [{"name": "Cameras", "kind": "camera", "count": 60, "lifetime_years": 5}],
         "benefits": [{"label": "b", "kind": "kgco2e", "quantity_per_year": 1000,
                       "attribution": 1}]}
    r = evaluate(s)
    assert r["footprint_kgco2e"]["embodied"] == pytest.approx(3000)
    assert r["verdict"] == "positive"
    found = [x for x in r["rests_on"] if x["field"] == "hardware[0].embodied_kgco2e"]
    assert found and found[0]["why"] == "range" and found[0]["status"] == "assumption"
    assert (found[0]["low"], found[0]["high"]) == (20, 150)
    # 20 cameras: 3,000 at the high end, still met: nothing to name
    s["hardware"][0]["count"] = 20
    assert evaluate(s)["rests_on"] == []


def test_what_the_verdict_rests_on_reaches_the_csv_and_the_dossier():
    from report.export import csv_summary
    r = evaluate(STREET_CAMERAS)
    text = csv_summary(r, "fr", lang="fr").decode("utf-8-sig")
    assert "Repose sur" in text and "Waste diverted" in text


def test_a_factor_of_ones_own_carries_its_source_into_every_value_used():
    s = copy.deepcopy(STREET_CAMERAS)
    s["benefits"][0].update(factor_kgco2e_per_unit=380,
                            factor_source="Opérateur des déchets, bilan 2024, p. 12")
    row = next(p for p in evaluate(s)["provenance"]
               if p["field"] == "benefits[0].factor_kgco2e_per_unit")
    assert row["status"] == "entered"
    assert "Opérateur des déchets, bilan 2024, p. 12" in i18n.text(row["source"], "fr")
    del s["benefits"][0]["factor_source"]
    row = next(p for p in evaluate(s)["provenance"]
               if p["field"] == "benefits[0].factor_kgco2e_per_unit")
    assert "sans source indiquée" in i18n.text(row["source"], "fr")
