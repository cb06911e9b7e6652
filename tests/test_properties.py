"""Properties that must hold for any valid scenario (hypothesis)."""

import copy

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from calculators import evaluate

from calculators.scenario.parse import SMALLEST_NUMBER


def floats(*args, **kwargs):
    """Numbers a scenario accepts: below SMALLEST_NUMBER (1e-300), a number is refused as too
    close to zero to compute with (tests/test_fuzz.py checks the refusal): 0 instead, with a
    margin so that a lever that halves a value leaves it computable."""
    kwargs.setdefault("allow_nan", False)
    kwargs.setdefault("allow_infinity", False)
    return st.floats(*args, **kwargs).map(
        lambda x: 0.0 if abs(x) < SMALLEST_NUMBER * 1e10 else x)


pos = floats(min_value=0, max_value=1e5, allow_nan=False, allow_infinity=False)
frac = floats(min_value=0, max_value=1, allow_nan=False)
share = floats(min_value=0.01, max_value=1, allow_nan=False)
years = floats(min_value=0.5, max_value=30, allow_nan=False)

device = st.fixed_dictionaries({"model": st.sampled_from(["a100_sxm4", "l4", "t4", "h100_sxm5"]),
                                "count": st.integers(1, 64), "hours": pos,
                                "utilisation": frac})
serving = st.fixed_dictionaries({"model": st.sampled_from(["l4", "cpu_server_2s"]),
                                 "count": st.integers(1, 8), "utilisation": frac,
                                 "hours_per_day": floats(0, 24)})
item = st.fixed_dictionaries({
    "name": st.just("item"), "kind": st.sampled_from(["server_rack", "gpu_datacentre", "sensor"]),
    "count": st.integers(1, 500), "share": share,
    "condition": st.sampled_from(["new", "refurbished", "reused"]),
    "use_years": years, "transport_km": floats(0, 20000),
    "transport_mode": st.sampled_from(["sea", "air", "road", "rail"])})
benefit = st.fixed_dictionaries({
    "label": st.just("b"), "kind": st.sampled_from(["electricity_kwh_fr", "car_km", "kgco2e"]),
    "quantity_per_year": pos, "attribution": frac})

scenarios = st.fixed_dictionaries({
    "schema_version": st.just(1), "name": st.just("p"),
    "domain": st.sampled_from(["climate", "general_interest"]),
    "horizon_years": years,
    "location": st.fixed_dictionaries({
        "grid_intensity_g_per_kwh": floats(0, 1500), "pue": floats(1, 3),
        "renewable_share": frac}),
    "training": st.fixed_dictionaries({"energy_kwh": pos, "devices": st.lists(device, max_size=3),
                                       "runs": st.integers(1, 50),
                                       "retrains_per_year": st.integers(0, 12)}),
    "inference": st.fixed_dictionaries({"requests_per_day": pos,
                                        "energy_wh_per_request": floats(0.001, 10),
                                        "devices": st.lists(serving, max_size=2)}),
    "hardware": st.lists(item, max_size=4),
    "network": st.fixed_dictionaries({"gb_per_year": pos}),
    "benefits": st.lists(benefit, max_size=3),
})

# a hosted model, its figures given as the Inference page writes them (EcoLogits' per request)
hosted_model = st.fixed_dictionaries({
    "provider": st.just("mistralai"), "model": st.just("mistral-small-latest"),
    "output_tokens_per_request": st.integers(1, 2000), "requests_per_day": pos,
    "energy_kwh_per_request": floats(0, 0.01), "usage_kgco2e_per_request": floats(0, 0.005),
    "embodied_kgco2e_per_request": floats(0, 0.005), "ecologits_version": st.just("0.11.3")})
with_hosted = st.tuples(scenarios, hosted_model).map(
    lambda pair: {**pair[0], "inference": {**pair[0]["inference"], "hosted_model": pair[1]}})

SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(scenarios)
def test_parts_add_up_to_totals(s):
    r = evaluate(s)
    fp = r["footprint_kgco2e"]
    assert fp["total"] == pytest.approx(sum(v for k, v in fp.items() if k != "total"))
    en = r["energy_kwh"]
    assert en["total"] == pytest.approx(en["training"] + en["inference"] + en["network"])
    assert r["benefits_kgco2e"] == pytest.approx(sum(b["kgco2e"] for b in r["benefits"]))
    assert r["net_kgco2e"] == pytest.approx(r["benefits_kgco2e"] - fp["total"])
    assert r["market_based_footprint_kgco2e"] <= fp["total"] + 1e-9
    assert all(v >= 0 for v in fp.values())


@SETTINGS
@given(scenarios, floats(1.01, 10))
def test_more_energy_never_lowers_emissions(s, factor):
    before = evaluate(s)["footprint_kgco2e"]["total"]
    more = copy.deepcopy(s)
    more["training"]["energy_kwh"] = s["training"]["energy_kwh"] * factor + 1
    assert evaluate(more)["footprint_kgco2e"]["total"] >= before


@SETTINGS
@given(scenarios, floats(0, 500))
def test_higher_intensity_never_lowers_emissions(s, extra):
    before = evaluate(s)["footprint_kgco2e"]["total"]
    dirtier = copy.deepcopy(s)
    dirtier["location"]["grid_intensity_g_per_kwh"] = min(
        2000, s["location"]["grid_intensity_g_per_kwh"] + extra)
    assert evaluate(dirtier)["footprint_kgco2e"]["total"] >= before - 1e-9


@SETTINGS
@given(scenarios, item)
def test_reused_never_above_refurbished_never_above_new(s, it):
    charged = {}
    for condition in ("new", "refurbished", "reused"):
        variant = copy.deepcopy(s)
        variant["hardware"] = [dict(it, condition=condition)]
        charged[condition] = evaluate(variant)["footprint_kgco2e"]["embodied"]
    assert charged["reused"] <= charged["refurbished"] <= charged["new"]


@SETTINGS
@given(scenarios, item, share)
def test_embodied_and_transport_scale_linearly_with_share(s, it, k):
    full = copy.deepcopy(s)
    full["hardware"] = [dict(it, share=1.0)]
    part = copy.deepcopy(s)
    part["hardware"] = [dict(it, share=k)]
    a, b = evaluate(full)["footprint_kgco2e"], evaluate(part)["footprint_kgco2e"]
    assert b["embodied"] == pytest.approx(a["embodied"] * k)
    assert b["transport"] == pytest.approx(a["transport"] * k)


@SETTINGS
@given(scenarios)
def test_payback_is_where_cumulative_curves_cross(s):
    r = evaluate(s)
    years = r["payback_years"]
    if years is None:
        return
    assert 0 <= years <= r["horizon_years"]
    cost = r["one_off_kgco2e"] + r["recurring_kgco2e_per_year"] * years
    gain = r["benefits_kgco2e_per_year"] * years
    assert gain == pytest.approx(cost, rel=1e-6, abs=1e-6)


def _with_lever(s: dict, lever: str, efficient_pue: float) -> tuple[dict, tuple[str, ...]]:
    """The scenario with one lever applied as its recommendation describes it, and the phases
    of the footprint the lever changes."""
    from calculators.recommendations import SHAREABLE_KINDS

    changed = copy.deepcopy(s)
    if lever == "pue":
        changed["location"]["pue"] = efficient_pue
        return changed, ("total",)
    if lever == "data":
        changed["network"]["gb_per_year"] = s["network"]["gb_per_year"] / 2
        return changed, ("total",)
    if lever == "location":  # training and inference on the French grid; the rest unchanged
        changed["location"] = {"country": "FRA", "pue": s["location"]["pue"],
                               "renewable_share": s["location"]["renewable_share"]}
        return changed, ("training", "inference")
    for item in changed["hardware"]:
        if lever == "refurbished" and item["condition"] == "new":
            item["condition"] = "refurbished"
        elif lever == "share" and item["share"] >= 1 and item["kind"] in SHAREABLE_KINDS:
            item["share"] = 0.5
        elif lever == "transport" and item["transport_mode"] == "air":
            item["transport_mode"] = "sea"
    return changed, ("total",)


@SETTINGS
@given(scenarios)
def test_each_lever_saves_what_applying_it_saves(s):
    """A lever's saving is the footprint's fall when the scenario is changed as the lever
    says (evaluated again from scratch), not a figure the recommendations compute apart."""
    from calculators import refdata

    efficient = refdata.factors("pue.csv")["efficient"].value
    before = evaluate(s)
    checked = {"pue", "data", "location", "refurbished", "share", "transport"}
    for rec in before["recommendations"]:
        if rec["lever"] not in checked:
            continue
        changed, phases = _with_lever(s, rec["lever"], efficient)
        after = evaluate(changed)["footprint_kgco2e"]
        fall = sum(before["footprint_kgco2e"][p] - after[p] for p in phases)
        # a difference of two totals: exact to the totals' rounding, not the saving's
        tolerance = 1e-9 * max(before["footprint_kgco2e"]["total"], 1.0)
        assert fall == pytest.approx(rec["saving_kgco2e"], rel=1e-9, abs=tolerance), \
            rec["lever"]
    savings = [r["saving_kgco2e"] for r in before["recommendations"]]
    assert savings == sorted(savings, reverse=True)




def _curve_end_and_total(r: dict) -> tuple[float, float]:
    """The cumulative footprint curve at the horizon (as the timeline chart draws it) and the
    footprint total (as the figures, the CSV and the dossier give it)."""
    from calculators import balance
    end, _ = balance.cumulative_kgco2e(r["horizon_years"], r["one_off_kgco2e"],
                                       r["recurring_kgco2e_per_year"],
                                       r["benefits_kgco2e_per_year"])
    return float(end), r["footprint_kgco2e"]["total"]


@SETTINGS
@given(st.one_of(scenarios, with_hosted))
def test_the_cumulative_curve_ends_at_the_footprint_total(s):
    """One figure, one count: the timeline and the payback count every part of the footprint
    once, a hosted model's manufacturing share included (it was counted twice: as one-off and
    as recurring)."""
    end, total = _curve_end_and_total(evaluate(s))
    assert end == pytest.approx(total, rel=1e-9, abs=1e-9)


@pytest.mark.parametrize("path", sorted((__import__("pathlib").Path(__file__).parents[1]
                                         / "examples").glob("*.json")), ids=lambda p: p.stem)
def test_each_example_curve_ends_at_its_footprint(path):
    end, total = _curve_end_and_total(evaluate(path.read_bytes()))
    assert end == pytest.approx(total, rel=1e-12)


def test_a_hosted_model_manufacturing_is_counted_once_in_the_timeline():
    """By hand: 1,000 requests a day for 365 days x 4 years at 0.5 g of manufacturing and 1 g
    of usage a request: 730 + 1,460 = 2,190 kgCO2e, all of it recurring (547.5 a year), none
    at the start."""
    s = {"schema_version": 2, "name": "hosted", "domain": "general_interest",
         "horizon_years": 4, "location": {"country": "FRA"},
         "inference": {"hosted_model": {
             "provider": "mistralai", "model": "mistral-small-latest",
             "output_tokens_per_request": 400, "requests_per_day": 1000,
             "energy_kwh_per_request": 0.0, "usage_kgco2e_per_request": 0.001,
             "embodied_kgco2e_per_request": 0.0005, "ecologits_version": "0.11.3"}}}
    r = evaluate(s)
    assert r["footprint_kgco2e"]["total"] == pytest.approx(2190)
    assert r["one_off_kgco2e"] == pytest.approx(0)
    assert r["recurring_kgco2e_per_year"] == pytest.approx(547.5)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(scenarios, with_hosted))
def test_every_monte_carlo_sample_curve_ends_at_its_footprint(s):
    """The same in the Monte Carlo: the uncertainty bands of the timeline end, sample by
    sample, at the footprint the distribution of totals is drawn from."""
    import numpy as np

    from calculators import uncertainty
    from calculators.scenario import load
    sc = load(s)
    sim = uncertainty.simulate(sc, samples=200, seed=3)
    n = sim.numbers
    end = sim.per_sample(n.one_off_kgco2e) + sim.per_sample(n.recurring_kgco2e_per_year) * \
        sim.per_sample(n.horizon_years)
    total = sim.per_sample(n.footprint_kgco2e.total)
    np.testing.assert_allclose(end, total, rtol=1e-4, atol=1e-3)


@SETTINGS
@given(scenarios)
def test_a_climate_project_without_an_alternative_studied_is_never_positive(s):
    """The convention's rule for climate AI has two conditions; with the second unknown, the
    verdict is 'to be completed' (or negative), never positive, with or without uncertainty."""
    s = dict(s, domain="climate")
    s.pop("alternative", None)
    r = evaluate(s, samples=200, seed=1)
    assert r["verdict"] in ("incomplete", "negative")
    assert r["uncertainty"]["verdict"] in ("incomplete", "negative")
    assert any(c["what"] == "alternative" for c in r["to_complete"])
    if r["net_kgco2e"] > 0:
        assert r["verdict"] == "incomplete"


@SETTINGS
@given(scenarios, st.sampled_from(["climate", "general_interest"]))
def test_an_attribution_left_at_its_default_is_asked_for_not_assumed(s, domain):
    alternative = {"description": "a", "footprint_kgco2e_per_year": 0,
                   "benefits_kgco2e_per_year": 0}
    s = dict(s, domain=domain, alternative=alternative,
             benefits=[{"label": "b", "kind": "kgco2e", "quantity_per_year": 1e6}])
    r = evaluate(s, samples=200, seed=1)
    assert r["verdict"] in ("incomplete", "negative")
    assert r["uncertainty"]["verdict"] != "positive"
    assert [c["items"] for c in r["to_complete"] if c["what"] == "attribution"] == [["b"]]
    given = evaluate(dict(s, benefits=[dict(s["benefits"][0], attribution=1)]))
    assert given["to_complete"] == []
    assert given["net_kgco2e"] == r["net_kgco2e"]  # the figures are the same: only the verdict


def test_a_footprint_too_small_for_a_ratio_gives_no_ratio_not_an_overflow():
    """Found by the property above in CI (2026-12-06): a grid of 1e-157 g/kWh and an energy of
    1e-157 kWh give a footprint of 2e-317 kgCO2e; a million kilograms avoided over it
    overflowed to an infinite ratio, and the whole evaluation was refused. The ratio is no
    number there (None, as without a footprint); every other figure stands."""
    tiny = 1.4502968141771539e-157
    s = {"schema_version": 1, "name": "p", "domain": "climate", "horizon_years": 1.0,
         "location": {"grid_intensity_g_per_kwh": tiny, "pue": 1.0, "renewable_share": 0.0},
         "training": {"energy_kwh": tiny, "runs": 1, "retrains_per_year": 0},
         "inference": {"requests_per_day": 0.0, "energy_wh_per_request": 1.0},
         "hardware": [], "network": {"gb_per_year": 0.0},
         "benefits": [{"label": "b", "kind": "kgco2e", "quantity_per_year": 1e6}],
         "alternative": {"description": "a", "footprint_kgco2e_per_year": 0,
                         "benefits_kgco2e_per_year": 0}}
    r = evaluate(s, samples=200, seed=1)
    assert 0 < r["footprint_kgco2e"]["total"] < 1e-300
    assert r["benefit_to_footprint_ratio"] is None
    assert r["verdict"] == "incomplete"  # the attribution is asked for
