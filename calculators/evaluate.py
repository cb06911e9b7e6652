"""Evaluate a scenario: footprint by phase, avoided emissions, balance, verdict, levers.

Orchestrates the formula modules; holds no formula of its own beyond sums. All emissions are in
kgCO2e over the scenario's horizon unless the key says ``_per_year``.
"""

from __future__ import annotations

import functools
from types import MappingProxyType
from typing import Any, Mapping

from . import (balance, benefits, codecarbon_data, embodied, inference, location, network,
               recommendations, refdata, training, transport)
from .scenario import Scenario, load

TOOL_VERSION = "0.1.0"
@functools.lru_cache(maxsize=1)
def _refs() -> Mapping[str, Any]:
    """Reference values evaluate needs, looked up once (shared, read-only)."""
    alloc = refdata.factors("allocation.csv")
    trans = refdata.factors("transport.csv")
    fr = codecarbon_data.country_intensities().get(recommendations.FRENCH_GRID_ISO3)
    return MappingProxyType({
        "condition": {c: alloc[f"condition_{c}"].value for c in ("new", "refurbished",
                                                                  "reused")},
        "transport": {k: f.value for k, f in trans.items()},
        "efficient_pue": refdata.factors("pue.csv")["efficient"].value,
        "french_intensity_g_per_kwh": fr.intensity_g_per_kwh if fr else None,
        "data_version": refdata.data_version(),
    })


def evaluate(scenario: Scenario | dict[str, Any] | str | bytes) -> dict[str, Any]:
    """Evaluate a scenario (a resolved Scenario, a parsed dict, or JSON text).

    Raises ScenarioError for an invalid scenario. Returns a JSON-serialisable dict.
    """
    if not isinstance(scenario, Scenario):
        scenario = load(scenario)
    refs = _refs()
    res = scenario.resolved
    horizon = float(res["horizon_years"])
    loc = res["location"]
    intensity = float(loc["grid_intensity_g_per_kwh"])
    pue = float(loc["pue"])

    # training
    train = res["training"]
    it_per_run_kwh = float(train["energy_kwh"]) + sum(
        training.device_energy_kwh(d["count"], d["power_w"], d["utilisation"], d["hours"])
        for d in train["devices"])
    n_trainings = training.trainings_count(train["runs"], train["retrains_per_year"], horizon)
    per_run_kwh = location.facility_energy_kwh(it_per_run_kwh, pue)
    training_kwh = per_run_kwh * n_trainings
    per_run_kgco2e = location.emissions_kgco2e(per_run_kwh, intensity)

    # inference
    inf = res["inference"]
    days = float(inf["days_per_year"])
    req_kwh_year = inference.requests_energy_kwh_per_year(
        inf["requests_per_day"], inf["energy_wh_per_request"], days)
    if not inf["per_request_includes_pue"]:
        req_kwh_year = location.facility_energy_kwh(req_kwh_year, pue)
    dev_kwh_year = location.facility_energy_kwh(sum(
        inference.serving_energy_kwh_per_year(d["count"], d["power_w"], d["utilisation"],
                                              d["hours_per_day"], days)
        for d in inf["devices"]), pue)
    inference_kwh_year = req_kwh_year + dev_kwh_year
    inference_kwh = inference_kwh_year * horizon

    # network (no PUE)
    net_cfg = res["network"]
    network_kwh_year = network.network_energy_kwh_per_year(net_cfg["gb_per_year"],
                                                           net_cfg["kwh_per_gb"])
    network_kwh = network_kwh_year * horizon

    # hardware
    hardware_rows = []
    for item in res["hardware"]:
        alloc = embodied.time_allocation(item["use_years"], item["lifetime_years"]) * item["share"]
        # the charge if new; each condition rule scales it by its factor
        as_new = embodied.embodied_charge_kgco2e(
            item["count"], item["embodied_kgco2e"], item["use_years"], item["lifetime_years"],
            item["share"], 1.0)
        by_condition = {c: as_new * factor for c, factor in refs["condition"].items()}
        charge = by_condition[item["condition"]]
        moved = transport.transport_kgco2e(item["count"], item["mass_kg"], item["transport_km"],
                                           refs["transport"][item["transport_mode"]], alloc)
        # the effect of each choice on this item's manufacturing charge (negative saves)
        effects = {c: v - charge for c, v in by_condition.items() if c != item["condition"]}
        if item["share"] >= 1:
            effects["shared_with_one_other"] = -charge / 2
        hardware_rows.append({
            "name": item["name"], "kind": item["kind"], "count": item["count"],
            "condition": item["condition"], "share": item["share"],
            "transport_mode": item["transport_mode"],
            "embodied_kgco2e": charge, "transport_kgco2e": moved,
            "by_condition_kgco2e": by_condition, "effects_kgco2e": effects,
        })

    # benefits
    benefit_rows = []
    for ben in res["benefits"]:
        per_year = benefits.benefit_kgco2e_per_year(
            ben["quantity_per_year"], ben["factor_kgco2e_per_unit"], ben["attribution"])
        benefit_rows.append({"label": ben["label"], "kind": ben["kind"],
                             "quantity_per_year": ben["quantity_per_year"],
                             "factor_kgco2e_per_unit": ben["factor_kgco2e_per_unit"],
                             "attribution": ben["attribution"],
                             "kgco2e_per_year": per_year, "kgco2e": per_year * horizon})
    benefits_per_year = sum((b["kgco2e_per_year"] for b in benefit_rows), 0.0)
    benefits_total = benefits_per_year * horizon

    fp = {
        "training": location.emissions_kgco2e(training_kwh, intensity),
        "inference": location.emissions_kgco2e(inference_kwh, intensity),
        "embodied": sum((h["embodied_kgco2e"] for h in hardware_rows), 0.0),
        "transport": sum((h["transport_kgco2e"] for h in hardware_rows), 0.0),
        "network": location.emissions_kgco2e(network_kwh, intensity),
    }
    fp["total"] = sum(fp.values())
    energy = {"training": training_kwh, "inference": inference_kwh, "network": network_kwh}
    energy["total"] = sum(energy.values())

    market_intensity = location.market_based_intensity_g_per_kwh(intensity,
                                                                 loc["renewable_share"])
    market_fp = (fp["total"] - location.emissions_kgco2e(energy["total"], intensity)
                 + location.emissions_kgco2e(energy["total"], market_intensity))

    initial_training = per_run_kgco2e * train["runs"]
    one_off = initial_training + fp["embodied"] + fp["transport"]
    recurring_per_year = (per_run_kgco2e * train["retrains_per_year"]
                          + location.emissions_kgco2e(inference_kwh_year + network_kwh_year,
                                                      intensity))
    net = balance.net_kgco2e(benefits_total, fp["total"])

    alt = res["alternative"]
    alternative = None
    if alt is not None:
        alt_net = balance.net_kgco2e(alt["benefits_kgco2e_per_year"],
                                     alt["footprint_kgco2e_per_year"]) * horizon
        alternative = {"description": alt["description"], "net_kgco2e": alt_net,
                       "footprint_kgco2e": alt["footprint_kgco2e_per_year"] * horizon,
                       "benefits_kgco2e": alt["benefits_kgco2e_per_year"] * horizon}
    threshold = float(res["policy"]["committee_threshold_kgco2e_per_year"])
    result_verdict, committee, rule, reasons = balance.verdict(
        res["domain"], net, fp["total"] / horizon, threshold,
        alternative["net_kgco2e"] if alternative else None)

    dc_emissions = fp["training"] + fp["inference"]
    pue_exposed = (location.emissions_kgco2e(training_kwh + dev_kwh_year * horizon, intensity)
                   + (0.0 if inf["per_request_includes_pue"]
                      else location.emissions_kgco2e(req_kwh_year * horizon, intensity)))
    recs = recommendations.recommend({
        "intensity_g_per_kwh": intensity, "pue": pue, "efficient_pue": refs["efficient_pue"],
        "dc_emissions_kgco2e": dc_emissions, "pue_exposed_emissions_kgco2e": pue_exposed,
        "french_intensity_g_per_kwh": refs["french_intensity_g_per_kwh"],
        "refurbished_factor": refs["condition"]["refurbished"], "hardware": hardware_rows,
        "retrain_emissions_kgco2e": per_run_kgco2e * train["retrains_per_year"] * horizon,
        "initial_training_emissions_kgco2e": initial_training, "runs": train["runs"],
        "network_emissions_kgco2e": fp["network"],
        "sea_factor": refs["transport"]["sea"], "air_factor": refs["transport"]["air"],
    })

    return {
        "schema_version": 1,
        "name": res["name"],
        "domain": res["domain"],
        "horizon_years": horizon,
        "footprint_kgco2e": fp,
        "footprint_kgco2e_per_year": fp["total"] / horizon,
        "energy_kwh": energy,
        "benefits_kgco2e": benefits_total,
        "benefits_kgco2e_per_year": benefits_per_year,
        "net_kgco2e": net,
        "benefit_to_footprint_ratio": balance.benefit_to_footprint_ratio(benefits_total,
                                                                         fp["total"]),
        "payback_years": balance.payback_years(one_off, recurring_per_year, benefits_per_year,
                                               horizon),
        "one_off_kgco2e": one_off,
        "recurring_kgco2e_per_year": recurring_per_year,
        "trainings_count": n_trainings,
        "grid_intensity_g_per_kwh": {
            "value": intensity, "label": scenario.grid.label, "year": scenario.grid.year,
            "source": scenario.grid.source, "source_url": scenario.grid.source_url,
            "status": scenario.grid_status},
        "pue": pue,
        "market_based_footprint_kgco2e": market_fp,
        "hardware": hardware_rows,
        "benefits": benefit_rows,
        "alternative": alternative,
        "verdict": result_verdict,
        "committee_review_required": committee,
        "rule": rule,
        "reasons": reasons,
        "recommendations": recs,
        "warnings": list(scenario.input_warnings) + (
            ["The footprint is zero: no training, inference, equipment or data was entered."]
            if fp["total"] == 0 else []),
        # the rows are the scenario's own (built once when it was resolved): read, don't modify
        "provenance": list(scenario.provenance_rows),
        "data_version": refs["data_version"],
        "tool_version": TOOL_VERSION,
    }
