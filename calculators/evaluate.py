"""Evaluate a scenario: footprint by phase, avoided emissions, balance, verdict, levers.

Orchestrates the formula modules (through ``model.numbers``) and packs the result; holds no
formula of its own beyond sums: each formula has one home, named in docs/method.md. All
emissions are in kgCO2e over the scenario's horizon unless the key says ``_per_year``.
"""

from __future__ import annotations

import functools
import math
from types import MappingProxyType
from typing import Any, Mapping

from . import (balance, codecarbon_import, decisive, embodied, finance, frugality, grid, hosted,
               impacts, location, model, recommendations, refdata, sci)
from .i18n import Text, msg
from .units import G_PER_KG, HOURS_PER_YEAR
from .scenario import Scenario, ScenarioError, load
from .scenario.checks import attribution_left

TOOL_VERSION = "0.1.0"
RESULT_SCHEMA_VERSION = 2  # 2: water, metals and primary energy beside carbon
@functools.lru_cache(maxsize=1)
def _refs() -> Mapping[str, Any]:
    """Reference values evaluate needs, looked up once (shared, read-only)."""
    alloc = refdata.factors("allocation.csv")
    trans = refdata.factors("transport.csv")
    fr = grid.default_for(recommendations.FRENCH_GRID_ISO3)
    return MappingProxyType({
        "condition": {c: alloc[f"condition_{c}"].value for c in ("new", "refurbished",
                                                                  "reused")},
        "transport": {k: f.value for k, f in trans.items()},
        "efficient_pue": refdata.factors("pue.csv")["efficient"].value,
        "french_intensity_g_per_kwh": fr.intensity_g_per_kwh if fr else None,
        "data_version": refdata.data_version(),
    })


def evaluate(scenario: Scenario | dict[str, Any] | str | bytes, *, samples: int | None = None,
             seed: int = 0) -> dict[str, Any]:
    """Evaluate a scenario (a resolved Scenario, a parsed dict, or JSON text).

    With ``samples``, the result also holds an ``uncertainty`` block (Monte Carlo, seeded by
    ``seed``; see ``uncertainty.monte_carlo``). Raises ScenarioError for an invalid scenario.
    Returns a JSON-serialisable dict.
    """
    if not isinstance(scenario, Scenario):
        scenario = load(scenario)
    result = _deterministic(scenario)
    _finite(result, _checked(), "")
    if samples is not None:
        from .uncertainty import monte_carlo  # numpy is only needed here
        result["uncertainty"] = monte_carlo(scenario, samples, seed)
        _finite(result["uncertainty"], _CHECKED_UNCERTAIN, "uncertainty.")
    return result


# The figures every other one is a part or a multiple of: when these are finite, so is the rest
# (each part is non-negative and at most its total).
_CHECKED = ("footprint_kgco2e", "footprint_kgco2e_per_year", "energy_kwh", "benefits_kgco2e",
            "benefits_kgco2e_per_year", "net_kgco2e", "one_off_kgco2e",
            "recurring_kgco2e_per_year", "market_based_footprint_kgco2e", "payback_years",
            "benefit_to_footprint_ratio", "alternative", "hosted_model", "sci")


def _checked() -> tuple[str, ...]:
    """``_CHECKED`` and every other criterion's consumed, saved and net."""
    return _CHECKED + tuple(key for c in impacts.others()
                            for key in (c.result_key, c.saved_key, c.net_key))
_CHECKED_UNCERTAIN = ("footprint_kgco2e", "benefits_kgco2e", "net_kgco2e", "payback_years")


def _finite(block: dict[str, Any], keys: tuple[str, ...], prefix: str) -> None:
    """Raise ScenarioError when a figure overflows (1e-320 years, 1e308 twice...): nothing is
    written with Infinity or NaN in it."""
    for key in keys:
        value = block.get(key)
        values = value.items() if isinstance(value, dict) else ((None, value),)
        for part, number in values:
            if isinstance(number, float) and not math.isfinite(number):
                where = prefix + key + (f".{part}" if part else "")
                raise ScenarioError("scenario", msg(
                    "the figures overflow ({figure} is {got}): some values entered are too "
                    "large or too small to compute with; check the smallest and the largest",
                    figure=where, got=str(number)))


def _deterministic(scenario: Scenario) -> dict[str, Any]:
    refs = _refs()
    res = scenario.resolved
    n = model.numbers(res)
    horizon = float(res["horizon_years"])
    loc = res["location"]
    # the deterministic figures are floats (model.numbers is array-safe; float() says so)
    intensity, pue = float(n.intensity_g_per_kwh), float(n.pue)
    train, inf = res["training"], res["inference"]
    fp = n.footprint_kgco2e
    energy = {"training": n.energy_kwh.training, "inference": n.energy_kwh.inference,
              "network": n.energy_kwh.network, "total": n.energy_kwh.total}

    hardware_rows = []
    for item, figures in zip(res["hardware"], n.hardware, strict=True):
        charge, moved = figures.embodied_kgco2e, figures.transport_kgco2e
        by_condition, effects = embodied.condition_effects_kgco2e(
            float(figures.as_new_kgco2e), float(charge), item["condition"], item["share"],
            refs["condition"])
        hardware_rows.append({
            "name": item["name"], "kind": item["kind"], "count": item["count"],
            "condition": item["condition"], "share": item["share"], "use": item["use"],
            # hours one item is charged for over the horizon (by the hour, or training)
            "use_hours": None if item["use"] == "service" else float(model.use_hours(
                item, train["devices"], n.trainings_count)),
            "lifetime_hours": item["lifetime_years"] * HOURS_PER_YEAR,
            "life_share": float(figures.life_share),
            "transport_mode": item["transport_mode"],
            "embodied_kgco2e": charge, "transport_kgco2e": moved,
            "by_condition_kgco2e": by_condition, "effects_kgco2e": effects,
        })
    benefit_rows = [{"label": b["label"], "kind": b["kind"],
                     "quantity_per_year": b["quantity_per_year"],
                     "factor_kgco2e_per_unit": b["factor_kgco2e_per_unit"],
                     "attribution": b["attribution"], "kgco2e_per_year": per_year,
                     "kgco2e": per_year * horizon}
                    for b, per_year in zip(res["benefits"], n.benefit_kgco2e_per_year, strict=True)]
    benefits_per_year, benefits_total = (float(n.benefits_kgco2e_per_year),
                                         float(n.benefits_kgco2e))
    total = float(fp.total)

    market_fp = location.market_based_footprint_kgco2e(
        total, float(n.local_energy_kwh), intensity, loc["renewable_share"])
    one_off, recurring_per_year, net = (float(n.one_off_kgco2e),
                                        float(n.recurring_kgco2e_per_year), float(n.net_kgco2e))

    alt = res["alternative"]
    alternative: dict[str, Any] | None = None
    if alt is not None:
        alternative = {"description": alt["description"], "net_kgco2e": n.alternative_net_kgco2e,
                       "footprint_kgco2e": alt["footprint_kgco2e_per_year"] * horizon,
                       "benefits_kgco2e": alt["benefits_kgco2e_per_year"] * horizon}
    threshold = float(res["policy"]["committee_threshold_kgco2e_per_year"])
    completing = balance.to_complete(res["domain"], alternative is not None,
                                     attribution_left(res, scenario.provenance))
    result_verdict, committee, rule, reasons = balance.verdict(
        res["domain"], net, total / horizon, threshold,
        alternative["net_kgco2e"] if alternative else None, tuple(completing))
    # the other criteria: footprint by phase, what the benefits save, the net, and a flag
    # when one worsens beyond the committee's threshold (carbon's rule still decides)
    criteria: dict[str, Any] = {}
    nets_per_year, thresholds = {}, {}
    for c in impacts.others():
        by_phase = n.impacts[c.key].by_phase(c.phases)
        by_phase.update(n.parts[c.key])  # water's: where it is consumed
        criteria[c.result_key] = by_phase
        criteria[c.saved_key] = n.saved[c.key]
        criteria[c.net_key] = n.saved[c.key] - by_phase["total"]
        nets_per_year[c.key] = criteria[c.net_key] / horizon
        thresholds[c.key] = float(res["policy"][c.policy_key])
    harms = balance.significant_harms(nets_per_year, thresholds)
    reasons += [h["text"] for h in harms]

    recs = recommendations.recommend(recommendations.LeverBases(
        intensity_g_per_kwh=intensity, pue=pue, efficient_pue=refs["efficient_pue"],
        own_datacentre_kgco2e=float(n.own_datacentre_kgco2e),
        pue_exposed_kgco2e=float(n.pue_exposed_kgco2e),
        french_intensity_g_per_kwh=refs["french_intensity_g_per_kwh"],
        refurbished_factor=refs["condition"]["refurbished"], hardware=hardware_rows,
        retrain_kgco2e=float(n.per_run_kgco2e) * train["retrains_per_year"] * horizon,
        initial_training_kgco2e=float(n.initial_training_kgco2e), runs=train["runs"],
        network_kgco2e=float(fp.network),
        sea_factor=refs["transport"]["sea"], air_factor=refs["transport"]["air"]))

    return {
        "schema_version": RESULT_SCHEMA_VERSION,
        "name": res["name"],
        "domain": res["domain"],
        "horizon_years": horizon,
        "footprint_kgco2e": fp.by_phase(),
        # water (with where it is consumed), metals and primary energy: their phases, what
        # the benefits save and the net (impacts.CRITERIA)
        **criteria,
        "significant_harm": bool(harms),
        "harms": harms,
        "not_counted": _not_counted(res),
        "footprint_kgco2e_per_year": total / horizon,
        "energy_kwh": energy,
        # the rate beside the totals: gCO2e per request, consumer and provider boundaries
        "sci": sci.intensity(fp.by_phase(), hardware_rows, res["hardware"], inf, horizon,
                             float(n.hosted.embodied_kgco2e)),
        "benefits_kgco2e": benefits_total,
        "benefits_kgco2e_per_year": benefits_per_year,
        "net_kgco2e": net,
        "benefit_to_footprint_ratio": balance.benefit_to_footprint_ratio(benefits_total, total),
        "payback_years": balance.payback_years(one_off, recurring_per_year, benefits_per_year,
                                               horizon),
        "one_off_kgco2e": one_off,
        "recurring_kgco2e_per_year": recurring_per_year,
        "trainings_count": n.trainings_count,
        "grid_intensity_g_per_kwh": _grid_block(scenario, intensity),
        "electricity_factors": _electricity_factors(scenario, intensity),
        "pue": pue,
        "market_based_footprint_kgco2e": market_fp,
        "hardware": hardware_rows,
        "benefits": benefit_rows,
        "alternative": alternative,
        "verdict": result_verdict,
        # what the rule needs and the scenario does not say (the verdict is then "incomplete")
        "to_complete": completing,
        # the default or assumed values that decide the verdict, each asking for a source
        "rests_on": decisive.rests_on(scenario, n),
        # what a scenario still lacks before its balance means anything (empty otherwise)
        "missing": _missing(res, total),
        "committee_review_required": committee,
        "rule": rule,
        "reasons": reasons,
        "recommendations": recs,
        "measurements": _measurements(res, intensity, pue, scenario.grid.label),
        "hosted_model": None if not inf.get("hosted_model") else {
            "provider": inf["hosted_model"]["provider"], "model": inf["hosted_model"]["model"],
            "ecologits_version": inf["hosted_model"]["ecologits_version"],
            "energy_kwh": n.hosted.energy_kwh, "usage_kgco2e": n.hosted.usage_kgco2e,
            "embodied_kgco2e": n.hosted.embodied_kgco2e,
            "declared": _declared(inf["hosted_model"])},
        # costs and gains in euros, the cost per tonne avoided (None: no amount given)
        "finance": None if res["finance"] is None else finance.figures(
            res["finance"], horizon, net),
        "frugality": frugality.checklist(res.get("frugality"),
                                         res.get("alternative") is not None),
        "warnings": list(scenario.input_warnings) + (
            [msg("warn_zero_footprint")]
            if total == 0 else []) + frugality.contradictions(
                res.get("frugality"), res.get("alternative") is not None),
        # the rows are the scenario's own (built once when it was resolved): read, don't modify
        "provenance": list(scenario.provenance_rows),
        "data_version": refs["data_version"],
        "tool_version": TOOL_VERSION,
    }


def _declared(model_used: Mapping[str, Any]) -> list[dict[str, Any]]:
    """What the provider declares of one request, beside EcoLogits' figure for the same
    request (the whole request's greenhouse gases beside EcoLogits' usage and manufacturing)."""
    out = []
    for key, (row, figure) in hosted.declared(model_used["provider"], model_used["model"],
                                              model_used["output_tokens_per_request"]).items():
        if key not in model_used:
            continue
        ecologits = float(model_used[key]) + (float(model_used["embodied_kgco2e_per_request"])
                                              if key == "usage_kgco2e_per_request" else 0.0)
        out.append({"label": row.label, "unit": row.unit, "declared": figure,
                    "ecologits": ecologits, "source": row.cite()})
    return out


def _not_counted(res: Mapping[str, Any]) -> list[Any]:
    """What the other criteria leave out for want of a published figure, so that a zero is
    never read as 'none'."""
    out: list[Any] = []
    made = [c for c in impacts.others() if c.manufacturing_file]
    stems = [c.stem for c in made]
    no_figure = [item["name"] for item in res["hardware"]
                 if not all([item[stem] for stem in stems])]
    if no_figure:  # the criteria named from their records
        out.append(msg("Manufacturing of {items}: its {criteria_listed} not counted, no "
                       "published figure for this kind of equipment",
                       items=", ".join(no_figure), criteria_listed=[c.label for c in made]))
    hosted = res["inference"].get("hosted_model")
    if hosted and "water_l_per_request" not in hosted:
        out.append(msg("The hosted model's water, metals and primary energy: imported before "
                       "they were counted; choose the model again on the Inference page"))
    for c in impacts.others():
        if hosted and not c.ecologits:
            out.append(msg("The hosted model's requests, for {criterion}: EcoLogits gives no "
                           "figure, not counted", criterion=c.label))
    return out


def _missing(res: Mapping[str, Any], footprint_kgco2e: float) -> list[Text]:
    """What is missing before the balance can be drawn: nothing of the footprint entered (a
    new scenario), and then no benefit declared either. A verdict on nothing is no verdict."""
    if footprint_kgco2e > 0:
        return []
    out: list[Text] = [msg("missing_footprint")]
    if not res["benefits"]:
        out.append(msg("missing_benefits"))
    return out


def _grid_block(scenario: Scenario, intensity: float) -> dict[str, Any]:
    """The grid intensity used, what it is and where it comes from, and every source's figure
    for the same country beside it (with the spread between sources' latest figures)."""
    used, status = scenario.grid, scenario.grid_status
    key = "entered" if status == "entered" else used.source_key
    country = used.country_iso3 if used.source_key != "google" else None
    sources, spread = _country_sources(country, key, used.year) if country else ((), None)
    drawn = scenario.ranges.get("location.grid_intensity_g_per_kwh")
    return {
        "value": intensity, "label": used.label, "year": used.year, "source": used.source,
        "source_url": used.source_url, "status": status, "source_key": key,
        "scope": used.scope, "verified": used.verified, "country_iso3": used.country_iso3,
        "citation": scenario.grid_citation, "sources": [dict(s) for s in sources],
        "spread_g_per_kwh": spread and dict(spread),
        "drawn_g_per_kwh": None if drawn is None else {"low": drawn[0], "high": drawn[2]},
    }


@functools.lru_cache(maxsize=1024)
def _country_sources(country: str, used_key: str, used_year: int | None
                     ) -> tuple[tuple[tuple[tuple[str, Any], ...], ...],
                                tuple[tuple[str, float], ...] | None]:
    """Every source's figure for a country (which one is used marked), and the spread of their
    latest figures: the same for every scenario there, so built once, as immutable pairs."""
    sources = tuple((("source_key", g.source_key), ("year", g.year),
                     ("value", g.intensity_g_per_kwh), ("scope", g.scope),
                     ("citation", g.cite()),
                     ("used", (g.source_key, g.year) == (used_key, used_year)))
                    for g in grid.for_country(country))
    latest = [g.intensity_g_per_kwh for g in grid.latest_by_source(country)]
    spread = (("low", min(latest)), ("high", max(latest))) if latest else None
    return sources, spread


def _electricity_factors(scenario: Scenario, intensity: float) -> list[dict[str, Any]]:
    """For each benefit counted in kWh of electricity: the factor that values it beside the
    footprint's (one kWh, one factor: equal when it is saved on the same grid)."""
    out: list[dict[str, Any]] = []
    electric = [(i, b) for i, b in enumerate(scenario.resolved["benefits"])
                if "factor_from_grid" in b]
    if not electric:
        return out
    rows = {p.field: p for p in scenario.provenance}
    for i, b in electric:
        saved = rows[f"benefits[{i}].factor_kgco2e_per_unit"]
        value_g = intensity if b["factor_from_grid"] else saved.value * G_PER_KG
        out.append({"label": b["label"], "country_iso3": b.get("country"),
                    "saved_g_per_kwh": value_g, "saved_source": saved.source,
                    "used_g_per_kwh": intensity,
                    "same_factor": abs(value_g - intensity) <= 1e-9 * max(intensity, 1.0)})
    return out


def _measurements(res: Mapping[str, Any], intensity: float, pue: float, label: Text
                  ) -> list[dict[str, Any]]:
    """Each CodeCarbon measurement, its own emissions figure beside ours for the same runs, and
    why they differ (grid counted, PUE)."""
    out = []
    for phase in ("training", "inference"):
        measured = res[phase].get("measurement")
        if not measured:
            continue
        ours = location.emissions_kgco2e(location.facility_energy_kwh(
            measured["it_energy_kwh"], pue), intensity)
        theirs = measured["codecarbon_emissions_kgco2e"]
        file_pue = (measured["energy_kwh"] / measured["it_energy_kwh"]
                    if measured["it_energy_kwh"] else 1.0)
        reasons = codecarbon_import.why_they_differ(
            theirs, measured["energy_kwh"], intensity, measured.get("countries", []), label,
            files_pue=[file_pue], scenario_pue=pue)
        out.append({"phase": phase, "runs": measured["runs"],
                    "it_energy_kwh": measured["it_energy_kwh"],
                    "codecarbon_emissions_kgco2e": theirs,
                    "scenario_emissions_kgco2e": ours,
                    "why_they_differ": reasons})
    return out
