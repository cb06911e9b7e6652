"""The example scenarios validate, evaluate, and give the figures computed by hand."""

import json

import pytest

from calculators import evaluate, load
from calculators.i18n import plain
from conftest import EXAMPLES, ROOT

# ADEME Base Empreinte 2025, France's default grid factor (data/grid_intensity.csv)
FRA_G_PER_KWH = 46.1


def test_every_example_evaluates(example):
    result = evaluate(example)
    assert result["verdict"] in ("positive", "negative")
    assert result["footprint_kgco2e"]["total"] > 0
    assert result["reasons"]
    # serialisable once its messages are plain English, no NaN or infinity
    json.dumps(plain(result), allow_nan=False)


def test_required_examples_exist():
    names = {p.stem for p in (ROOT / "examples").glob("*.json")}
    assert {"water_leak_detection", "waste_sorting_vision", "traffic_lights",
            "admin_llm_assistant"} <= names
    domains = {json.loads(p.read_text())["domain"] for p in (ROOT / "examples").glob("*.json")}
    assert domains == {"climate", "general_interest"}


def test_water_leak_detection_by_hand():
    r = evaluate((ROOT / "examples" / "water_leak_detection.json").read_bytes())
    # training: 1 A100 x 400 W x 0.7 x 20 h = 5.6 kWh a run; x PUE 2 = 11.2 kWh;
    # 30 runs + 4 a year x 6 years = 54 trainings -> 604.8 kWh
    assert r["energy_kwh"]["training"] == pytest.approx(604.8)
    assert r["footprint_kgco2e"]["training"] == pytest.approx(604.8 * FRA_G_PER_KWH / 1000)
    # inference: 300 W x 0.3 x 24 h x 365 d = 788.4 kWh a year; x PUE 2 x 6 years
    assert r["energy_kwh"]["inference"] == pytest.approx(788.4 * 2 * 6)
    # sensors: 300 x 10 kg x min(6, 8)/8 = 2250 kg; the reused server: 0
    assert r["footprint_kgco2e"]["embodied"] == pytest.approx(2250)
    # transport: 300 x 0.5 kg = 0.15 t x 900 km x 0.15 kg/tkm x 6/8 = 15.1875 kg
    assert r["footprint_kgco2e"]["transport"] == pytest.approx(15.1875)
    # network: 40 GB x 0.06 kWh/GB x 6 years = 14.4 kWh, no PUE
    assert r["energy_kwh"]["network"] == pytest.approx(14.4)
    # benefit: 250,000 m3 x 0.35 kg/m3 x 0.5 x 6 years = 262,500 kg
    assert r["benefits_kgco2e"] == pytest.approx(262_500)
    # alternative: (15,000 - 3,000) x 6 = 72,000 kg, below the AI's net balance
    assert r["alternative"]["net_kgco2e"] == pytest.approx(72_000)
    assert r["verdict"] == "positive" and not r["committee_review_required"]


def test_traffic_lights_fails_the_climate_rule_on_the_alternative():
    r = evaluate((ROOT / "examples" / "traffic_lights.json").read_bytes())
    assert r["net_kgco2e"] > 0
    # alternative: (100,000 - 200) x 8 years = 798,400 kg, better than the AI
    assert r["alternative"]["net_kgco2e"] == pytest.approx(798_400)
    assert r["verdict"] == "negative"
    assert any("alternative has a better balance" in reason for reason in r["reasons"])
    # hosted in Germany: moving to France is the first lever
    assert r["recommendations"][0]["lever"] == "location"


def test_recommendation_saving_matches_a_rerun():
    """The location lever's saving equals the footprint difference when re-run in France."""
    data = json.loads((ROOT / "examples" / "traffic_lights.json").read_text())
    before = evaluate(data)
    saving = {r["lever"]: r["saving_kgco2e"] for r in before["recommendations"]}["location"]
    moved = dict(data, location={"country": "FRA", "pue": before["pue"]})
    after = evaluate(moved)
    assert before["footprint_kgco2e"]["total"] - saving == pytest.approx(
        after["footprint_kgco2e"]["total"] - after["footprint_kgco2e"]["network"]
        + before["footprint_kgco2e"]["network"])


def test_refurbished_saving_matches_a_rerun():
    data = json.loads((ROOT / "examples" / "waste_sorting_vision.json").read_text())
    before = evaluate(data)
    saving = {r["lever"]: r["saving_kgco2e"] for r in before["recommendations"]}["refurbished"]
    refurb = json.loads(json.dumps(data))
    for item in refurb["hardware"]:
        item["condition"] = "refurbished"
    after = evaluate(refurb)
    assert before["footprint_kgco2e"]["embodied"] - saving == pytest.approx(
        after["footprint_kgco2e"]["embodied"])


def test_provenance_marks_defaults_and_assumptions():
    s = load((ROOT / "examples" / "water_leak_detection.json").read_bytes())
    status = {p.field: p.status for p in s.provenance}
    assert status["location.pue"] == "entered"
    assert status["location.grid_intensity_g_per_kwh"] == "default"
    assert status["hardware[0].embodied_kgco2e"] == "assumption"  # sensor value is assumed
    assert status["training.devices[0].power_w"] == "default"     # A100 from data/
    assert status["benefits[0].factor_kgco2e_per_unit"] == "assumption"


def test_equipment_choice_effects():
    data = json.loads((ROOT / "examples" / "waste_sorting_vision.json").read_text())
    server = evaluate(data)["hardware"][0]
    # rack server: 1 x 1300 kg x min(5, 5)/5 = 1300 kg charged new
    assert server["embodied_kgco2e"] == pytest.approx(1300)
    effects = server["effects_kgco2e"]
    assert effects["refurbished"] == pytest.approx(1300 * 0.2 - 1300)  # -1040 kg
    assert effects["reused"] == pytest.approx(-1300)
    assert effects["shared_with_one_other"] == pytest.approx(-650)
    assert "new" not in effects


@pytest.mark.parametrize("name", [p.name for p in EXAMPLES])
def test_each_example_has_a_french_twin_with_the_same_figures(name):
    """examples/fr/ holds the same scenarios in French words (the app's examples in French):
    only the texts differ, so every figure and the verdict are the same."""
    english = json.loads((ROOT / "examples" / name).read_text(encoding="utf-8"))
    french = json.loads((ROOT / "examples" / "fr" / name).read_text(encoding="utf-8"))

    def numbers(value):
        if isinstance(value, dict):
            return {k: numbers(v) for k, v in value.items()}
        if isinstance(value, list):
            return [numbers(v) for v in value]
        return None if isinstance(value, str) and " " in value else value
    assert numbers(french) == numbers(english)
    assert french["name"] != english["name"]
    a, b = evaluate(english), evaluate(french)
    assert (b["verdict"], b["net_kgco2e"], b["footprint_kgco2e"]) == (
        a["verdict"], a["net_kgco2e"], a["footprint_kgco2e"])
