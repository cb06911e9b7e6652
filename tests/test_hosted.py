"""Hosted models (an LLM through an API): EcoLogits' figures, used as EcoLogits gives them."""


import pytest

from calculators import evaluate, hosted, i18n, load
from conftest import ROOT, minimal_scenario

from ecologits.tracers.utils import llm_impacts  # a requirement: never skipped

MODELS = [("openai", "gpt-4o-mini", 300), ("mistralai", "mistral-small-latest", 500),
          ("anthropic", None, 200)]


@pytest.mark.parametrize("provider,model,tokens", MODELS)
def test_figures_are_ecologits_own(provider, model, tokens):
    model = model or hosted.catalogue()[provider][0]
    ours = hosted.per_request(provider, model, tokens)
    theirs = llm_impacts(provider, model, tokens, hosted.NO_LATENCY_CAP_S)
    def ends(value):  # EcoLogits gives a range or, for some models, a single number
        return getattr(value, "min", value), getattr(value, "max", value)
    assert (ours["energy_kwh_per_request"]["low"],
            ours["energy_kwh_per_request"]["high"]) == ends(theirs.energy.value)
    assert (ours["usage_kgco2e_per_request"]["low"],
            ours["usage_kgco2e_per_request"]["high"]) == ends(theirs.usage.gwp.value)
    assert (ours["embodied_kgco2e_per_request"]["low"],
            ours["embodied_kgco2e_per_request"]["high"]) == ends(theirs.embodied.gwp.value)
    assert ours["energy_kwh_per_request"]["low"] > 0


def test_unknown_model_names_the_field_and_the_way_out():
    with pytest.raises(hosted.HostedModelError) as info:
        hosted.per_request("openai", "gpt-imaginary", 100)
    assert info.value.field == "inference.hosted_model.model"
    assert "per-request mode" in str(info.value)
    with pytest.raises(hosted.HostedModelError) as info:
        hosted.per_request("acme", "x", 100)
    assert info.value.field == "inference.hosted_model.provider"


def scenario_with(figures, per_day=2000.0, country="FRA", pue=1.5):
    s = minimal_scenario()
    s["horizon_years"] = 4
    s["location"] = {"country": country, "pue": pue}
    s["inference"] = {"days_per_year": 250, "hosted_model": {
        "provider": "openai", "model": "gpt-4o-mini", "output_tokens_per_request": 300,
        "requests_per_day": per_day, **figures}}
    return s


def test_hosted_figures_are_counted_as_ecologits_gives_them():
    figures = hosted.per_request("openai", "gpt-4o-mini", 300)
    result = evaluate(scenario_with(figures))
    requests = 2000 * 250 * 4  # a day x days a year x years
    usage = figures["usage_kgco2e_per_request"]["likely"]
    embodied = figures["embodied_kgco2e_per_request"]["likely"]
    energy = figures["energy_kwh_per_request"]["likely"]
    assert result["footprint_kgco2e"]["inference"] == pytest.approx(requests * usage)
    assert result["footprint_kgco2e"]["embodied"] == pytest.approx(requests * embodied)
    assert result["energy_kwh"]["inference"] == pytest.approx(requests * energy)
    # neither the scenario's grid nor its PUE nor its renewable contract applies to them
    elsewhere = scenario_with(figures, country="POL", pue=2.5)
    elsewhere["location"]["renewable_share"] = 1.0
    moved = evaluate(elsewhere)
    assert moved["footprint_kgco2e"]["total"] == pytest.approx(result["footprint_kgco2e"]["total"])
    assert moved["market_based_footprint_kgco2e"] == pytest.approx(
        moved["footprint_kgco2e"]["total"])
    assert not {r["lever"] for r in moved["recommendations"]} & {"location", "pue"}


def test_hosted_figures_are_marked_with_their_source_and_sampled():
    figures = hosted.per_request("openai", "gpt-4o-mini", 300)
    scenario = load(scenario_with(figures))
    prov = {p.field: p for p in scenario.provenance}
    usage = prov["inference.hosted_model.usage_kgco2e_per_request"]
    assert usage.status == "default" and "EcoLogits" in usage.source
    assert "inference.hosted_model.usage_kgco2e_per_request" in scenario.ranges
    block = evaluate(scenario, samples=4000, seed=0)["uncertainty"]
    net = block["net_kgco2e"]
    assert net["p5"] < net["p50"] < net["p95"]


def test_the_page_adds_and_removes_a_hosted_model():
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    at.switch_page("pages/inference.py").run()
    at.selectbox(key="hosted_provider__r0").set_value("openai").run()
    at.selectbox(key="hosted_model__r0").set_value("gpt-4o-mini").run()
    at.button(key="use_hosted").click().run()
    assert not at.exception, at.exception
    chosen = at.session_state["scenario"]["inference"]["hosted_model"]
    assert chosen["model"] == "gpt-4o-mini" and chosen["ecologits_version"]
    at.button(key="drop_hosted").click().run()
    assert "hosted_model" not in at.session_state["scenario"]["inference"]


# -- what the provider declares itself (issue 31) ----------------------------------------------

def mistral_large(tokens=400):
    figures = hosted.per_request("mistralai", "mistral-large-latest", tokens)
    s = scenario_with(figures)
    s["inference"]["hosted_model"].update(provider="mistralai", model="mistral-large-latest",
                                          output_tokens_per_request=tokens)
    return s, figures


def test_mistral_2025_lca_declared_per_400_token_answer():
    """Mistral AI's life-cycle analysis of Mistral Large 2 (July 2025, with Carbone 4 and
    ADEME): 1.14 gCO2e, 45 mL of water and 0.16 mg Sb eq per 400-token answer of Le Chat,
    shown beside EcoLogits' figures for the same answer, with the status 'declared'."""
    s, figures = mistral_large(400)
    declared = {d["unit"]: d for d in evaluate(s)["hosted_model"]["declared"]}
    assert declared["kgCO2e/request"]["declared"] == pytest.approx(0.00114)
    assert declared["L/request"]["declared"] == pytest.approx(0.045)
    assert declared["kgSbeq/request"]["declared"] == pytest.approx(0.16e-6)
    assert declared["kgCO2e/request"]["ecologits"] == pytest.approx(
        figures["usage_kgco2e_per_request"]["likely"]
        + figures["embodied_kgco2e_per_request"]["likely"])
    # EcoLogits 0.11.3 is 86 % to 99 % below what Mistral declares
    assert declared["kgCO2e/request"]["ecologits"] < 0.2 * 0.00114
    rows = {p.field: p for p in load(s).provenance}
    mine = rows["inference.hosted_model.declared_usage_kgco2e_per_request"]
    assert mine.status == "declared" and "Mistral AI" in i18n.text(mine.source, "en")
    assert "declared by the provider" in i18n.text(mine.source, "en")


def test_the_declared_figure_scales_with_the_answers_tokens():
    s, _ = mistral_large(800)  # twice the answer: twice the declared figure (an assumption)
    declared = {d["unit"]: d["declared"] for d in evaluate(s)["hosted_model"]["declared"]}
    assert declared["kgCO2e/request"] == pytest.approx(0.00228)


def test_the_disagreement_widens_the_range_and_never_narrows_it():
    """The Monte Carlo draws each hosted figure between EcoLogits' and the provider's: the
    range holds both, and EcoLogits' own range; the likely value stays EcoLogits'."""
    s, figures = mistral_large(400)
    ranges = load(s).ranges
    usage = ranges["inference.hosted_model.usage_kgco2e_per_request"]
    own = figures["usage_kgco2e_per_request"]
    assert usage[0] <= own["low"] and usage[2] >= own["high"]
    assert usage[1] == own["likely"]
    # the declared whole request, its manufacturing being EcoLogits'
    assert usage[2] == pytest.approx(0.00114 - figures["embodied_kgco2e_per_request"]["likely"])
    water = ranges["inference.hosted_model.water_l_per_request"]
    assert water[2] == pytest.approx(0.045) and water[1] == figures["water_l_per_request"]["likely"]
    plain = scenario_with(hosted.per_request("mistralai", "mistral-small-latest", 400))
    assert "inference.hosted_model.water_l_per_request" not in load(plain).ranges or \
        load(plain).ranges["inference.hosted_model.water_l_per_request"][2] < 0.045
    block = evaluate(s, samples=4000, seed=0)["uncertainty"]
    assert block["footprint_kgco2e"]["p95"] > 3 * evaluate(s)["footprint_kgco2e"]["total"]


def test_a_model_the_provider_declares_nothing_for_has_no_declared_figure():
    figures = hosted.per_request("openai", "gpt-4o-mini", 300)
    assert evaluate(scenario_with(figures))["hosted_model"]["declared"] == []
