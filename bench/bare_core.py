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

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from calculators.units import G_PER_KG, HOURS_PER_YEAR, KG_PER_TONNE, WH_PER_KWH  # noqa: E402


def balance(res: dict[str, Any]) -> dict[str, float]:
    """Over the horizon: ``gwp`` (kgCO2e), ``water`` (L), ``adpe`` (kg Sb eq), ``pe`` (MJ),
    the benefits' ``saved_*`` of the last three, ``benefits_kgco2e`` and ``net_kgco2e``."""
    horizon_years = res["horizon_years"]
    loc = res["location"]
    intensity_g_per_kwh, pue = loc["grid_intensity_g_per_kwh"], loc["pue"]

    train = res["training"]
    it_per_run_kwh = train["energy_kwh"]
    for d in train["devices"]:
        it_per_run_kwh += d["count"] * d["power_w"] * d["utilisation"] * d["hours"] / WH_PER_KWH
    trainings = train["runs"] + train["retrains_per_year"] * horizon_years
    training_kwh = it_per_run_kwh * pue * trainings

    inf = res["inference"]
    days = inf["days_per_year"]
    requests_kwh_year = (inf["requests_per_day"] * inf["energy_wh_per_request"] * days
                         / WH_PER_KWH)
    if inf["per_request_includes_pue"]:
        requests_it_kwh_year = requests_kwh_year / pue
    else:
        requests_kwh_year, requests_it_kwh_year = requests_kwh_year * pue, requests_kwh_year
    serving_it_kwh_year = 0.0
    for d in inf["devices"]:
        serving_it_kwh_year += (d["count"] * d["power_w"] * d["utilisation"]
                                * d["hours_per_day"] * days / WH_PER_KWH)
    local_inference_kwh_year = requests_kwh_year + serving_it_kwh_year * pue
    hosted = inf.get("hosted_model")
    if hosted:
        calls_year = hosted["requests_per_day"] * days
        hosted_usage_kgco2e_year = calls_year * hosted["usage_kgco2e_per_request"]
        hosted_embodied_kgco2e_year = calls_year * hosted["embodied_kgco2e_per_request"]
        hosted_water_l_year = calls_year * hosted.get("water_l_per_request", 0.0)
        hosted_adpe_kgsbeq_year = calls_year * hosted.get("adpe_kgsbeq_per_request", 0.0)
        hosted_pe_mj_year = calls_year * hosted.get("pe_mj_per_request", 0.0)
    else:
        hosted_usage_kgco2e_year = hosted_embodied_kgco2e_year = hosted_water_l_year = 0.0
        hosted_adpe_kgsbeq_year = hosted_pe_mj_year = 0.0
    network_kwh_year = res["network"]["gb_per_year"] * res["network"]["kwh_per_gb"]

    embodied_kgco2e = transport_kgco2e = made_adpe_kgsbeq = made_pe_mj = 0.0
    for item in res["hardware"]:
        if item["use"] == "service":
            used_years = item["use_years"]
        elif "use_hours" in item:  # rented or used by the hour
            used_years = item["use_hours"] / HOURS_PER_YEAR
        else:  # training only: the device-hours of its kind shared among its items
            own = [d["count"] * d["hours"] for d in train["devices"]
                   if d["embodied_kind"] == item["kind"]]
            per_run_h = sum(own) / item["count"] if own else max(
                (d["hours"] for d in train["devices"]), default=0.0)
            used_years = per_run_h * trainings / HOURS_PER_YEAR
        alloc = min(used_years, item["lifetime_years"]) / item["lifetime_years"]
        as_new_kgco2e = item["count"] * item["embodied_kgco2e"] * alloc * item["share"] * 1.0
        embodied_kgco2e += as_new_kgco2e * item["condition_factor"]
        transport_kgco2e += (item["count"] * item["mass_kg"] / KG_PER_TONNE
                             * item["transport_km"]
                             * item["transport_factor_kgco2e_per_tonne_km"]
                             * alloc * item["share"])
        charged = item["count"] * alloc * item["share"] * item["condition_factor"]
        made_adpe_kgsbeq += charged * item["adpe_kgsbeq"]
        made_pe_mj += charged * item["pe_mj"]

    benefits_kgco2e_year = saved_water_l_year = saved_adpe_kgsbeq_year = saved_pe_mj_year = 0.0
    water_l_per_kwh = loc["electricity_water_l_per_kwh"]
    for b in res["benefits"]:
        quantity, share = b["quantity_per_year"], b["attribution"]
        factor_kgco2e_per_unit = intensity_g_per_kwh / G_PER_KG if b.get("factor_from_grid") \
            else b["factor_kgco2e_per_unit"]
        benefits_kgco2e_year += quantity * factor_kgco2e_per_unit * share
        saved_water_l_year += quantity * (water_l_per_kwh if b["water_from_grid"]
                                          else b["water_l_per_unit"]) * share
        saved_adpe_kgsbeq_year += quantity * b["adpe_kgsbeq_per_unit"] * share
        saved_pe_mj_year += quantity * b["pe_mj_per_unit"] * share

    local_inference_kwh = local_inference_kwh_year * horizon_years
    network_kwh = network_kwh_year * horizon_years
    wue_l_per_kwh = loc["wue_onsite_l_per_kwh"]
    water_l = (it_per_run_kwh * trainings * wue_l_per_kwh + training_kwh * water_l_per_kwh
               + (requests_it_kwh_year + serving_it_kwh_year) * horizon_years * wue_l_per_kwh
               + local_inference_kwh * water_l_per_kwh + hosted_water_l_year * horizon_years
               + network_kwh * water_l_per_kwh)
    drawn_kwh = training_kwh + local_inference_kwh + network_kwh
    adpe_kgsbeq = (drawn_kwh * loc["electricity_adpe_kgsbeq_per_kwh"] + made_adpe_kgsbeq
                   + hosted_adpe_kgsbeq_year * horizon_years)
    pe_mj = (drawn_kwh * loc["electricity_pe_mj_per_kwh"] + made_pe_mj
             + hosted_pe_mj_year * horizon_years)
    gwp_kgco2e = (training_kwh * intensity_g_per_kwh / G_PER_KG
                  + local_inference_kwh * intensity_g_per_kwh / G_PER_KG
                  + hosted_usage_kgco2e_year * horizon_years
                  + embodied_kgco2e + hosted_embodied_kgco2e_year * horizon_years
                  + transport_kgco2e + network_kwh * intensity_g_per_kwh / G_PER_KG)
    benefits_kgco2e = benefits_kgco2e_year * horizon_years
    return {"gwp": gwp_kgco2e, "water": water_l, "adpe": adpe_kgsbeq, "pe": pe_mj,
            "saved_water": saved_water_l_year * horizon_years,
            "saved_adpe": saved_adpe_kgsbeq_year * horizon_years,
            "saved_pe": saved_pe_mj_year * horizon_years,
            "benefits_kgco2e": benefits_kgco2e, "net_kgco2e": benefits_kgco2e - gwp_kgco2e}
