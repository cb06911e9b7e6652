"""Monte Carlo: exactness at zero width, statistics within tolerances derived from the sample
size, monotonicity, break-even values, bad ranges and options."""

import copy
import json
import math
import subprocess
import sys

import numpy as np
import pytest

from calculators import ScenarioError, evaluate, load, model
from calculators import uncertainty as mc
from conftest import EXAMPLES, ROOT, minimal_scenario

INT_FIELDS = {"count", "runs"}


def as_arrays(node, k, key=None):
    """Every number of a resolved scenario turned into a float64 array of k equal values."""
    if isinstance(node, bool) or isinstance(node, str) or node is None:
        return node
    if isinstance(node, (int, float)):
        return np.full(k, float(node)) if key not in INT_FIELDS else node
    if isinstance(node, dict):
        return {name: as_arrays(v, k, name) for name, v in node.items()}
    if isinstance(node, list):
        return [as_arrays(v, k, key) for v in node]
    return node


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_array_path_equals_the_scalar_path_exactly(path):
    scenario = load(path.read_bytes())
    scalar = model.numbers(scenario.resolved)
    arrays = model.numbers(as_arrays(copy.deepcopy(scenario.resolved), 7))
    for key in ("net_kgco2e", "benefits_kgco2e", "one_off_kgco2e", "recurring_kgco2e_per_year",
                "local_energy_kwh"):
        assert np.all(np.asarray(getattr(arrays, key)) == getattr(scalar, key)), key
    for criterion, impacts in scalar.impacts.items():
        for phase, value in impacts.by_phase().items():
            assert np.all(np.asarray(arrays.impacts[criterion].by_phase()[phase]) == value), \
                (criterion, phase)


def fully_specified():
    """Every input explicit, benefits with zero-width ranges: no range of any width left."""
    s = json.loads((ROOT / "tests" / "golden" / "patterson2021_gpt3_training.json").read_text())
    s["domain"] = "climate"
    s["location"]["wue_onsite_l_per_kwh"] = 0.55  # the cooling's figure has a range
    s["benefits"] = [{"label": "offset", "kind": "kgco2e", "attribution": 0.5,
                      "quantity_per_year": {"low": 2e6, "likely": 2e6, "high": 2e6}},
                     {"label": "water", "kind": "water_m3",
                      "quantity_per_year": {"low": 100, "likely": 100, "high": 100},
                      "attribution": 1}]
    return s


def test_zero_width_ranges_give_the_deterministic_result_exactly():
    scenario = load(fully_specified())
    assert scenario.ranges == {}
    result = evaluate(scenario, samples=5000, seed=3)
    block = result["uncertainty"]
    for key, det in (("footprint_kgco2e", result["footprint_kgco2e"]["total"]),
                     ("benefits_kgco2e", result["benefits_kgco2e"]),
                     ("net_kgco2e", result["net_kgco2e"])):
        assert block[key]["p5"] == block[key]["p50"] == block[key]["p95"] == det
    # water, metals and primary energy too (float32 samples: to their precision)
    for key, det in (("water_l", result["water_l"]["total"]),
                     ("water_net_l", result["water_net_l"]),
                     ("adpe_kgsbeq", result["adpe_kgsbeq"]["total"]),
                     ("primary_energy_net_mj", result["primary_energy_net_mj"])):
        figures = block["criteria"][key]
        assert figures["p5"] == figures["p50"] == figures["p95"]
        assert figures["p50"] == pytest.approx(det, rel=1e-6)
    assert block["probability_positive"] == (1.0 if result["net_kgco2e"] > 0 else 0.0)
    assert block["verdict"] == result["verdict"]


def one_uncertain_benefit(low, likely, high):
    s = minimal_scenario()
    s["training"] = {"energy_kwh": 1000}  # 1000 kWh x 100 g = 100 kg, no PUE
    s["benefits"] = [{"label": "b", "kind": "kgco2e", "attribution": 1,
                      "quantity_per_year": {"low": low, "likely": likely, "high": high}}]
    s["alternative"] = {"description": "none better", "footprint_kgco2e_per_year": 0,
                        "benefits_kgco2e_per_year": 0}
    return s


def triangular_cdf(x, a, c, b):
    if x <= a:
        return 0.0
    if x <= c:
        return (x - a) ** 2 / ((b - a) * (c - a))
    if x < b:
        return 1 - (b - x) ** 2 / ((b - a) * (b - c))
    return 1.0


def test_mean_and_probability_within_sampling_tolerance():
    a, c, b, n = 40.0, 90.0, 200.0, 200_000
    block = evaluate(one_uncertain_benefit(a, c, b), samples=n, seed=11)["uncertainty"]
    # net = quantity x 1 year - 100 kg: mean (a+b+c)/3 - 100, sd of a triangular
    mean = (a + b + c) / 3 - 100
    sd = math.sqrt((a * a + b * b + c * c - a * b - a * c - b * c) / 18)
    assert abs(block["net_kgco2e"]["mean"] - mean) < 4 * sd / math.sqrt(n)
    p = 1 - triangular_cdf(100.0, a, c, b)
    assert abs(block["probability_positive"] - p) < 4 * math.sqrt(p * (1 - p) / n)
    # median of the triangular (c is below the midpoint here)
    median = b - math.sqrt((b - a) * (b - c) / 2) - 100
    assert abs(block["net_kgco2e"]["p50"] - median) < 0.02 * (b - a)


def test_same_seed_same_figures_other_seed_other_figures():
    s = json.loads(EXAMPLES[0].read_text())
    first = evaluate(s, samples=2000, seed=5)["uncertainty"]
    again = evaluate(s, samples=2000, seed=5)["uncertainty"]
    other = evaluate(s, samples=2000, seed=6)["uncertainty"]
    assert first == again
    assert first["net_kgco2e"] != other["net_kgco2e"]


@pytest.mark.parametrize("widen", [1.0, 1.5, 3.0])
def test_widening_a_range_never_narrows_the_output_interval(widen):
    base = evaluate(one_uncertain_benefit(80, 100, 120), samples=20_000, seed=2)
    wide = evaluate(one_uncertain_benefit(100 - 20 * widen, 100, 100 + 20 * widen),
                    samples=20_000, seed=2)
    narrow_net, wide_net = base["uncertainty"]["net_kgco2e"], wide["uncertainty"]["net_kgco2e"]
    assert wide_net["p95"] - wide_net["p5"] >= narrow_net["p95"] - narrow_net["p5"] - 1e-3


def test_probability_is_monotone_in_the_benefit():
    probabilities = []
    for likely in (60, 80, 100, 120, 140, 160):
        s = one_uncertain_benefit(likely * 0.5, likely, likely * 1.5)
        probabilities.append(evaluate(s, samples=20_000, seed=9)["uncertainty"][
            "probability_positive"])
    assert probabilities == sorted(probabilities)
    assert probabilities[0] < 0.5 < probabilities[-1]


@pytest.mark.parametrize("p,state", [(0.95, "positive"), (0.9, "positive"), (0.5, "uncertain"),
                                     (0.1, "negative"), (0.02, "negative")])
def test_three_state_verdict(p, state):
    verdict, committee, reasons = mc.three_state("climate", p, 0.9, footprint_large=False)
    assert verdict == state
    assert committee == (state == "uncertain")
    assert reasons


def test_uncertain_climate_project_goes_to_the_committee():
    # benefit centred on the footprint: about half the samples meet the rule
    block = evaluate(one_uncertain_benefit(50, 100, 150), samples=20_000, seed=1)["uncertainty"]
    assert block["verdict"] == "uncertain" and block["committee_review_required"]
    assert any("committee" in r for r in block["reasons"])


def test_break_even_reaches_the_rule_target():
    data = json.loads((ROOT / "examples" / "water_leak_detection.json").read_text())
    scenario = load(data)
    drivers = mc.sensitivity(scenario)
    quantity = next(d for d in drivers if d["field"] == "benefits[0].quantity_per_year")
    be = quantity["break_even"]
    assert be is not None and be["direction"] == "below"
    moved = copy.deepcopy(data)
    moved["benefits"][0]["quantity_per_year"] = be["value"]
    result = evaluate(moved)
    # the climate rule's threshold here is the alternative's balance
    assert result["net_kgco2e"] == pytest.approx(result["alternative"]["net_kgco2e"], rel=1e-6)
    assert be["target_net_kgco2e"] == pytest.approx(result["alternative"]["net_kgco2e"])


def test_drivers_are_ranked_by_swing():
    drivers = mc.sensitivity(load(EXAMPLES[0].read_bytes()))
    swings = [d["swing_kgco2e"] for d in drivers]
    assert swings == sorted(swings, reverse=True) and swings[0] > 0


def test_break_even_outside_the_accepted_range_is_not_reported():
    # power_w accepts at most 5000 W: a break-even beyond it must not be offered
    scenario = load(EXAMPLES[0].read_bytes())
    for row in mc.sensitivity(scenario, top=50):
        if row["field"].endswith("power_w"):
            be = mc.break_even(scenario, row)
            assert be is None or be["value"] <= 5000


@pytest.mark.parametrize("value,field,words", [
    ({"low": 5, "likely": 3, "high": 10}, "benefits[0].quantity_per_year", "low <= likely"),
    ({"low": 1, "likely": 3, "high": 2}, "benefits[0].quantity_per_year", "low <= likely"),
    ({"low": float("nan"), "likely": 3, "high": 4}, "benefits[0].quantity_per_year.low",
     "finite"),
    ({"low": -1, "likely": 3, "high": 4}, "benefits[0].quantity_per_year.low", "from 0"),
    ({"low": 1, "high": 4}, "benefits[0].quantity_per_year.likely", "required"),
    ({"low": 1, "likely": 2, "high": 4, "mode": 2}, "benefits[0].quantity_per_year.mode",
     "unknown key"),
    ("lots", "benefits[0].quantity_per_year", "or a range"),
])
def test_invalid_ranges_name_the_field(value, field, words):
    s = minimal_scenario()
    s["benefits"] = [{"label": "b", "kind": "kgco2e", "quantity_per_year": value}]
    with pytest.raises(ScenarioError) as info:
        load(s)
    assert info.value.field == field, str(info.value)
    assert words in str(info.value)


def test_counts_and_horizon_do_not_take_ranges():
    s = minimal_scenario()
    s["horizon_years"] = {"low": 1, "likely": 2, "high": 3}
    with pytest.raises(ScenarioError, match="horizon_years"):
        load(s)


@pytest.mark.parametrize("samples,seed", [(0, 0), (2_000_000, 0), (10, -1), (1.5, 0)])
def test_bad_options_are_refused(samples, seed):
    with pytest.raises(mc.UncertaintyError):
        mc.monte_carlo(load(EXAMPLES[0].read_bytes()), samples, seed)


def test_cli_uncertainty_block_and_errors():
    run = [sys.executable, "-m", "calculators", "evaluate", str(EXAMPLES[0])]
    out = subprocess.run(run + ["--samples", "3000", "--seed", "4"], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    block = json.loads(out.stdout)["uncertainty"]
    for key in ("footprint_kgco2e", "benefits_kgco2e", "net_kgco2e", "probability_positive",
                "drivers", "verdict"):
        assert key in block
    assert block["samples"] == 3000 and block["seed"] == 4
    bad = subprocess.run(run + ["--samples", "0"], cwd=ROOT, capture_output=True, text=True,
                         timeout=120)
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1
    assert "samples" in bad.stderr and "Traceback" not in bad.stderr


def test_csv_carries_percentiles_probability_and_drivers():
    from report.export import csv_summary
    result = evaluate(EXAMPLES[0].read_bytes(), samples=2000, seed=0)
    text = csv_summary(result, "intl").decode()
    assert "Probability that the net balance is positive" in text
    assert "Net balance, 95th percentile" in text
    assert "net balance at its high value" in text


def test_block_histogram_and_bands_come_from_one_simulation():
    scenario = load(EXAMPLES[0].read_bytes())
    simulation = mc.simulate(scenario, 5000, 3)
    block = mc.monte_carlo(scenario, simulation=simulation)
    net = mc.net_samples(simulation)
    assert block["net_kgco2e"]["p50"] == pytest.approx(float(np.median(net)), rel=1e-6)
    assert block == mc.monte_carlo(scenario, 5000, 3)  # same draw as a fresh one, same seed
    bands = mc.cumulative_bands(simulation, scenario.resolved["horizon_years"])
    assert bands["avoided"]["p50"][-1] == pytest.approx(block["benefits_kgco2e"]["p50"],
                                                        rel=1e-5)
