"""The balance's arithmetic in one bare function: the floor ``bench_core`` compares
``evaluate`` with (issue 16: ``evaluate`` within 5 times it).

The same formulas, in the same order, as ``calculators.model.numbers`` and the small modules it
calls (training, inference, location, embodied, transport, network, benefits, water,
resources), written inline on a resolved scenario: no named tuples, no provenance, no
sentences, no verdict. It returns the footprint of each criterion, what the benefits save of
each, and the net carbon balance; ``bench_core`` checks them against ``evaluate``'s result
before timing anything, so the two do the same arithmetic. Floats only (no Monte Carlo).
"""

from __future__ import annotations

from typing import Any

WH_PER_KWH = 1000.0
G_PER_KG = 1000.0
KG_PER_TONNE = 1000.0


def balance(res: dict[str, Any]) -> dict[str, float]:
    horizon = res["horizon_years"]
    loc = res["location"]
    intensity, pue = loc["grid_intensity_g_per_kwh"], loc["pue"]

    train = res["training"]
    it_per_run_kwh = train["energy_kwh"]
    for d in train["devices"]:
        it_per_run_kwh += d["count"] * d["power_w"] * d["utilisation"] * d["hours"] / WH_PER_KWH
    n_trainings = train["runs"] + train["retrains_per_year"] * horizon
    training_kwh = it_per_run_kwh * pue * n_trainings

    inf = res["inference"]
    days = inf["days_per_year"]
    requests_kwh = inf["requests_per_day"] * inf["energy_wh_per_request"] * days / WH_PER_KWH
    if inf["per_request_includes_pue"]:
        requests_kwh, requests_it_kwh = requests_kwh, requests_kwh / pue
    else:
        requests_kwh, requests_it_kwh = requests_kwh * pue, requests_kwh
    serving_kwh = 0.0
    for d in inf["devices"]:
        serving_kwh += (d["count"] * d["power_w"] * d["utilisation"] * d["hours_per_day"] * days
                        / WH_PER_KWH)
    local_inference_kwh_year = requests_kwh + serving_kwh * pue
    hosted = inf.get("hosted_model")
    if hosted:
        calls = hosted["requests_per_day"] * days
        hosted_usage = calls * hosted["usage_kgco2e_per_request"]
        hosted_embodied = calls * hosted["embodied_kgco2e_per_request"]
        hosted_water = calls * hosted.get("water_l_per_request", 0.0)
        hosted_adpe = calls * hosted.get("adpe_kgsbeq_per_request", 0.0)
        hosted_pe = calls * hosted.get("pe_mj_per_request", 0.0)
    else:
        hosted_usage = hosted_embodied = hosted_water = hosted_adpe = hosted_pe = 0.0
    network_kwh_year = res["network"]["gb_per_year"] * res["network"]["kwh_per_gb"]

    embodied = moved = adpe_made = pe_made = 0.0
    for item in res["hardware"]:
        alloc = min(item["use_years"], item["lifetime_years"]) / item["lifetime_years"]
        as_new = item["count"] * item["embodied_kgco2e"] * alloc * item["share"] * 1.0
        embodied += as_new * item["condition_factor"]
        moved += (item["count"] * item["mass_kg"] / KG_PER_TONNE * item["transport_km"]
                  * item["transport_factor_kgco2e_per_tonne_km"] * alloc * item["share"])
        charged = item["count"] * alloc * item["share"] * item["condition_factor"]
        adpe_made += charged * item["adpe_kgsbeq"]
        pe_made += charged * item["pe_mj"]

    benefits_year = water_saved = adpe_saved = pe_saved = 0.0
    water_per_kwh = loc["electricity_water_l_per_kwh"]
    for b in res["benefits"]:
        quantity, share = b["quantity_per_year"], b["attribution"]
        factor = intensity / G_PER_KG if b.get("factor_from_grid") else \
            b["factor_kgco2e_per_unit"]
        benefits_year += quantity * factor * share
        water_saved += quantity * (water_per_kwh if b["water_from_grid"]
                                   else b["water_l_per_unit"]) * share
        adpe_saved += quantity * b["adpe_kgsbeq_per_unit"] * share
        pe_saved += quantity * b["pe_mj_per_unit"] * share

    local_inference_kwh = local_inference_kwh_year * horizon
    network_kwh = network_kwh_year * horizon
    wue = loc["wue_onsite_l_per_kwh"]
    water = (it_per_run_kwh * n_trainings * wue + training_kwh * water_per_kwh
             + (requests_it_kwh + serving_kwh) * horizon * wue
             + local_inference_kwh * water_per_kwh + hosted_water * horizon
             + network_kwh * water_per_kwh)
    drawn_kwh = training_kwh + local_inference_kwh + network_kwh
    adpe = drawn_kwh * loc["electricity_adpe_kgsbeq_per_kwh"] + adpe_made + hosted_adpe * horizon
    pe = drawn_kwh * loc["electricity_pe_mj_per_kwh"] + pe_made + hosted_pe * horizon
    gwp = (training_kwh * intensity / G_PER_KG
           + local_inference_kwh * intensity / G_PER_KG + hosted_usage * horizon
           + embodied + hosted_embodied * horizon + moved
           + network_kwh * intensity / G_PER_KG)
    benefits = benefits_year * horizon
    return {"gwp": gwp, "water": water, "adpe": adpe, "pe": pe,
            "saved_water": water_saved * horizon, "saved_adpe": adpe_saved * horizon,
            "saved_pe": pe_saved * horizon, "benefits_kgco2e": benefits,
            "net_kgco2e": benefits - gwp}
