"""Water, metals and primary energy beside carbon (issue 17): golden figures from their
sources, the leak-detection example by hand, the significant-harm flag, properties."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculators import evaluate, load, model
from conftest import ROOT, minimal_scenario

EXAMPLES = ROOT / "examples"

GOLDEN = Path(__file__).resolve().parent / "golden"


def run(name: str) -> dict:
    return evaluate((GOLDEN / name).read_bytes())


# -- golden: Li, Yang, Islam and Ren 2023, "Making AI Less Thirsty" (arXiv:2304.03271) ---------

def test_li2023_gpt3_training_water_0_708_plus_4_731_is_5_439_million_litres():
    """GPT-3's training: 1,287 MWh of server energy; on-site WUE 0.55 L/kWh, PUE 1.17, U.S.
    electricity 3.142 L/kWh. The paper's figures: 0.708 million litres on site, 4.731 off site,
    5.439 in all (its abstract: 'can directly evaporate 700,000 liters')."""
    water = run("li2023_gpt3_training_water.json")["water_l"]
    assert water["onsite"] / 1e6 == pytest.approx(0.708, abs=0.0005)
    assert water["offsite"] / 1e6 == pytest.approx(4.731, abs=0.0005)
    assert water["total"] / 1e6 == pytest.approx(5.439, abs=0.0005)
    assert water["training"] == water["total"]  # all of it is training's


def test_li2023_one_request_of_4_wh_consumes_16_9_ml():
    """The same factors for one request of 4 Wh: 2.2 mL on site + 14.7 mL off site."""
    result = run("li2023_gpt3_request_water.json")
    assert result["water_l"]["inference"] * 1000 == pytest.approx(16.9, abs=0.05)
    assert result["water_l"]["onsite"] * 1000 == pytest.approx(2.2, abs=0.005)


def test_the_formula_is_ecologits_own():
    """EcoLogits' water of a request (``request_usage_wcf``: IT energy x (WUE + PUE x the
    electricity's water)) gives the same litres for the same inputs."""
    from ecologits.impacts import llm

    wcf = getattr(llm.request_usage_wcf, "__wrapped__", llm.request_usage_wcf)
    theirs = wcf(request_it_energy=0.004, if_electricity_mix_wue=3.142, datacenter_wue=0.55,
                 datacenter_pue=1.17)
    ours = run("li2023_gpt3_request_water.json")["water_l"]["total"]
    assert ours == pytest.approx(theirs, rel=1e-12)


# -- the leak-detection example, by hand --------------------------------------------------------

def test_leak_detection_water_balance_by_hand():
    """examples/water_leak_detection.json, France, PUE 2, cooling not known (1.8 L/kWh on
    site), France's electricity 3.6737 L/kWh (EcoLogits 0.11.3's mix), horizon 6 years.

    Training: one A100 (400 W) x 0.7 x 20 h = 5.6 kWh a run; 30 runs + 4 a year x 6 = 54 runs:
    302.4 kWh IT, 604.8 kWh drawn: 302.4 x 1.8 = 544.32 L + 604.8 x 3.6737 = 2,221.85 L.
    Inference: a 300 W server x 0.3 x 24 h x 365 d = 788.4 kWh a year, 4,730.4 kWh over 6 years,
    9,460.8 kWh drawn: 8,514.72 L + 34,756.14 L. Network: 40 GB x 6 x 0.06 kWh/GB = 14.4 kWh:
    52.90 L off site. Saved: 250,000 m3 x 1,000 L x 0.5 attributed x 6 years = 750 million L."""
    result = evaluate((EXAMPLES / "water_leak_detection.json").read_bytes())
    water = result["water_l"]
    assert water["training"] == pytest.approx(544.32 + 604.8 * 3.6737, rel=1e-9)
    assert water["inference"] == pytest.approx(4730.4 * 1.8 + 9460.8 * 3.6737, rel=1e-9)
    assert water["network"] == pytest.approx(14.4 * 3.6737, rel=1e-9)
    assert water["onsite"] == pytest.approx(544.32 + 8514.72, rel=1e-9)
    assert water["total"] == pytest.approx(46089.936, rel=1e-7)
    assert water["embodied"] == 0.0  # not counted: no published figure in litres
    assert result["water_saved_l"] == pytest.approx(750_000_000, rel=1e-12)
    assert result["water_net_l"] == pytest.approx(750_000_000 - 46089.936, rel=1e-9)
    assert result["significant_harm"] is False
    rows = {row["field"]: row for row in result["provenance"]}
    assert rows["location.wue_onsite_l_per_kwh"]["value"] == 1.8
    assert rows["location.electricity_water_l_per_kwh"]["value"] == 3.6737


def test_manufacturing_metals_follow_the_carbon_allocation():
    """A reused server is charged nothing; a new rack server for 2 of its 5 years, shared in
    half: 0.0378 kg Sb eq (Boavizta) x 2/5 x 0.5 = 0.00756 kg Sb eq, and its fossil primary
    energy 51,500 MJ x 0.2 = 10,300 MJ. A sensor has no published figure: not counted, said."""
    s = minimal_scenario()
    s["horizon_years"] = 2
    s["hardware"] = [{"name": "server", "kind": "server_rack", "lifetime_years": 5,
                      "share": 0.5},
                     {"name": "old server", "kind": "server_rack", "condition": "reused"},
                     {"name": "sensors", "kind": "sensor", "count": 10}]
    result = evaluate(s)
    assert result["adpe_kgsbeq"]["embodied"] == pytest.approx(0.00756, rel=1e-12)
    assert result["primary_energy_mj"]["embodied"] == pytest.approx(10300, rel=1e-12)
    assert any("sensors" in str(note) for note in result["not_counted"])


# -- the significant-harm flag ---------------------------------------------------------------------

def heavy_water_project() -> dict:
    """A project whose carbon balance is positive but which consumes much water: 100 MWh of
    IT energy a year, evaporatively cooled."""
    s = minimal_scenario()
    s["location"] = {"country": "FRA", "pue": 1.2, "cooling": "average"}
    s["inference"] = {"requests_per_day": 1000, "energy_wh_per_request": 274}  # 100 MWh/year
    s["benefits"] = [{"label": "b", "kind": "kgco2e", "quantity_per_year": 1e7,
                      "attribution": 1}]
    s["alternative"] = {"description": "none better", "footprint_kgco2e_per_year": 0,
                        "benefits_kgco2e_per_year": 0}
    return s


def test_a_positive_carbon_balance_with_much_water_carries_the_flag_and_its_reason():
    result = evaluate(heavy_water_project())
    assert result["verdict"] == "positive"
    assert result["significant_harm"] is True
    harm = next(h for h in result["harms"] if h["criterion"] == "water")
    # 100,010 kWh IT x 1.8 + 120,012 kWh x 3.6737 = 620,911 L a year, threshold 100,000
    assert -harm["net_per_year"] == pytest.approx(100010 * 1.8 + 120012 * 3.6737, rel=1e-9)
    assert harm["threshold_per_year"] == 100_000
    assert str(harm["text"]) in [str(r) for r in result["reasons"]]


def test_the_committee_sets_its_own_threshold():
    s = heavy_water_project()
    s["policy"] = {"significant_harm_water_l_per_year": 1e7,
                   "significant_harm_pe_mj_per_year": 1e9}
    result = evaluate(s)
    assert not any(h["criterion"] == "water" for h in result["harms"])
    s["benefits"].append({"label": "water saved", "kind": "water_m3",
                          "quantity_per_year": 700})  # 700,000 L a year: more than consumed
    s["policy"] = {}
    assert not any(h["criterion"] == "water" for h in evaluate(s)["harms"])


def test_electricity_saved_saves_the_water_of_its_generation():
    s = minimal_scenario()
    s["location"] = {"country": "FRA"}
    s["benefits"] = [{"label": "kWh", "kind": "electricity_kwh", "quantity_per_year": 1000,
                      "attribution": 0.5}]
    result = evaluate(s)
    assert result["water_saved_l"] == pytest.approx(1000 * 0.5 * 3.6737, rel=1e-12)
    s["location"]["electricity_water_l_per_kwh"] = 2.0  # same grid: the footprint's figure
    assert evaluate(s)["water_saved_l"] == pytest.approx(1000.0, rel=1e-12)


# -- properties ---------------------------------------------------------------------------------

# zero, or a magnitude the validation accepts (1e-300 and above)
energies = st.one_of(st.just(0.0), st.floats(min_value=1e-6, max_value=1e7))


@settings(max_examples=60, deadline=None)
@given(energies, energies, st.one_of(st.just(0.0), st.floats(1e-6, 20)),
       st.one_of(st.just(0.0), st.floats(1e-6, 500)), st.floats(1, 3))
def test_water_grows_with_energy_and_is_never_negative(kwh, more, wue, ewif, pue):
    s = minimal_scenario()
    s["location"] = {"country": "FRA", "pue": pue, "wue_onsite_l_per_kwh": wue,
                     "electricity_water_l_per_kwh": ewif}
    s["training"] = {"energy_kwh": kwh}
    low = evaluate(copy.deepcopy(s))
    s["training"]["energy_kwh"] = kwh + more
    high = evaluate(s)
    for key in ("water_l", "adpe_kgsbeq", "primary_energy_mj"):
        assert low[key]["total"] >= 0
        assert high[key]["total"] >= low[key]["total"]
    parts = low["water_l"]
    assert parts["onsite"] + parts["offsite"] + parts["hosted"] == pytest.approx(
        parts["total"], rel=1e-9, abs=1e-9)
    assert parts["training"] + parts["inference"] + parts["network"] + parts["embodied"] == \
        pytest.approx(parts["total"], rel=1e-9, abs=1e-9)


# each example's footprint and net balance (kgCO2e) as version 1 of the scenario format gave
# them: tests/snapshots/results/example__*.json at commit 59872b0, before water was counted
VERSION_1_CARBON = {
    "admin_llm_assistant": (1457.4018101333331, 11006.598189866667),
    # its training GPUs charged for the training's hours since issue 31: 8 x 164 x 33 x 200 h
    # / 52,560 h = 164.749 kgCO2e instead of a 5 % share of their life, 65.6 (+99.149)
    "traffic_lights": (12064.963152000002 - 65.6 + 8 * 164 * 33 * 200 / 52_560,
                       731935.036848 + 65.6 - 8 * 164 * 33 * 200 / 52_560),
    # its landfill factor ADEME's 412 kgCO2e/t since issue 31 (was an assumed 450): 150 t x
    # 0.6 x 38 kg x 5 years = 17,100 kgCO2e less avoided
    "waste_sorting_vision": (2063.9536632380955, 200436.0463367619 - 150 * 0.6 * 38 * 5),
    "water_leak_detection": (2729.8755, 259770.1245),
}


@pytest.mark.parametrize("name", sorted(VERSION_1_CARBON))
def test_a_version_1_example_keeps_the_carbon_figures_version_1_gave(name):
    data = json.loads((EXAMPLES / f"{name}.json").read_text(encoding="utf-8"))
    result = evaluate(dict(data, schema_version=1))
    footprint, net = VERSION_1_CARBON[name]
    assert result["footprint_kgco2e"]["total"] == pytest.approx(footprint, rel=1e-12)
    assert result["net_kgco2e"] == pytest.approx(net, rel=1e-12)


def test_electricity_saved_with_its_own_carbon_factor_saves_the_water_of_where_it_runs():
    """A kWh saved with a carbon factor of the user's own, no country given: saved where the
    computing runs, so its water is the footprint's own figure (the one entered included)."""
    s = minimal_scenario()
    s["location"] = {"country": "FRA", "electricity_water_l_per_kwh": 2.0}
    s["benefits"] = [{"label": "kWh", "kind": "electricity_kwh", "quantity_per_year": 1000,
                      "factor_kgco2e_per_unit": 0.05}]
    result = evaluate(s)
    assert result["water_saved_l"] == pytest.approx(2000.0, rel=1e-12)
    row = next(p for p in result["provenance"] if p["field"] == "benefits[0].water_l_per_unit")
    assert row["value"] == 2.0


def test_the_model_holds_every_criterion_per_phase():
    figures = model.numbers(load((EXAMPLES / "water_leak_detection.json").read_bytes()).resolved)
    assert set(figures.impacts) == {"gwp", "water", "adpe", "pe"}
    assert figures.water.onsite + figures.water.offsite + figures.water.hosted == \
        pytest.approx(figures.impacts["water"].total)


def test_compare_and_the_location_comparison_carry_the_water():
    from calculators import compare

    leak = json.loads((EXAMPLES / "water_leak_detection.json").read_text(encoding="utf-8"))
    dry = dict(leak, location=dict(leak["location"], cooling="dry_cooling"))
    results = [evaluate(leak), evaluate(dry)]
    rows = {str(r["figure"]): r for r in compare.figures_side_by_side(results)}
    net = rows["water: net"]
    assert net["unit"] == "L" and net["values"] == [r["water_net_l"] for r in results]
    assert net["values"][1] > net["values"][0]  # no evaporation on site: less consumed
    moved = {row["iso3"]: row for row in compare.footprint_by_location(leak, ["DEU"])}
    # the same data centre in Germany: its cooling kept, Germany's electricity water
    assert moved["DEU"]["water_net_l"] != results[0]["water_net_l"]
