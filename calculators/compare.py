"""What-if comparisons: the same scenario evaluated with one thing changed.

Method: re-run ``evaluate`` on a copy of the scenario, so a comparison uses exactly the formulas
of the main result.
"""

from __future__ import annotations

import copy
from typing import Any, Iterable

from . import grid
from .evaluate import evaluate
from .i18n import Message, msg
from .scenario import Scenario, load
from .scenario.paths import is_range

# Countries shown beside the project's own location: France (local hosting), neighbours with
# large cloud regions, and the two ends of the European range.
DEFAULT_COMPARISON_ISO3 = ("FRA", "SWE", "IRL", "DEU", "POL", "USA")


def footprint_by_location(scenario: Scenario | dict[str, Any],
                          countries: Iterable[str] = DEFAULT_COMPARISON_ISO3
                          ) -> list[dict[str, Any]]:
    """Total footprint (kgCO2e over the horizon) of ``scenario`` at its own location, then with
    the computing moved to each of ``countries`` (ISO-3), keeping its PUE, at each country's
    default grid factor (``grid.default_for``). Net balance beside."""
    if not isinstance(scenario, Scenario):
        scenario = load(scenario)
    own = evaluate(scenario)
    rows = [{"location": msg("this_scenario_location",
                             place=own["grid_intensity_g_per_kwh"]["label"]),
             "iso3": scenario.resolved["location"].get("country"),
             "intensity_g_per_kwh": own["grid_intensity_g_per_kwh"]["value"],
             "year": own["grid_intensity_g_per_kwh"]["year"],
             "footprint_kgco2e": own["footprint_kgco2e"]["total"],
             "net_kgco2e": own["net_kgco2e"], "water_net_l": own["water_net_l"],
             "current": True}]
    for iso3 in countries:
        found = grid.default_for(iso3)
        if found is None:
            continue
        moved = copy.deepcopy(scenario.raw)
        here = scenario.resolved["location"]
        # the same data centre elsewhere: its PUE, contract and cooling kept; the grid's
        # carbon and water are the country's
        moved["location"] = {"country": iso3, "pue": here["pue"],
                             "renewable_share": here["renewable_share"],
                             "cooling": here["cooling"],
                             "wue_onsite_l_per_kwh": here["wue_onsite_l_per_kwh"]}
        result = evaluate(moved)
        rows.append({"location": found.label, "iso3": iso3,
                     "intensity_g_per_kwh": found.intensity_g_per_kwh, "year": found.year,
                     "footprint_kgco2e": result["footprint_kgco2e"]["total"],
                     "net_kgco2e": result["net_kgco2e"], "water_net_l": result["water_net_l"],
                     "current": False})
    return rows


# -- several scenarios side by side (the Compare page, the library's version history) ---------

SIDE_BY_SIDE_LIMIT = 6


def flatten(scenario: Any, prefix: str = "") -> dict[str, Any]:
    """Every entered value of a scenario by path (``training.devices[0].hours``). A range
    ``{low, likely, high}`` is one value; an empty list or object is kept as such, so that
    "none" differs from "some"."""
    if isinstance(scenario, dict) and scenario and not is_range(scenario):
        out: dict[str, Any] = {}
        for key, value in scenario.items():
            out.update(flatten(value, f"{prefix}.{key}" if prefix else str(key)))
        return out
    if isinstance(scenario, list) and scenario:
        out = {}
        for i, value in enumerate(scenario):
            out.update(flatten(value, f"{prefix}[{i}]"))
        return out
    return {prefix: scenario}


def input_differences(scenarios: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The inputs that differ between ``scenarios``: one row per path, ``values`` in the order
    given (None where a scenario leaves the value out, i.e. takes its default)."""
    flat = [flatten(s) for s in scenarios]
    paths: list[str] = []
    for f in flat:
        paths.extend(p for p in f if p not in paths)
    rows = []
    for path in paths:
        values = [f.get(path) for f in flat]
        if any(v != values[0] for v in values[1:]):
            rows.append({"input": path, "values": values})
    return rows


def _figure_rows() -> tuple[tuple[Message, str, Any], ...]:
    from .impacts import PHASE_LABELS

    phases = tuple((msg("Footprint: {phase}", phase=label), "kgCO2e",
                    lambda r, k=key: r["footprint_kgco2e"][k])
                   for key, label in PHASE_LABELS.items())
    return phases + (
        (msg("Total footprint"), "kgCO2e", lambda r: r["footprint_kgco2e"]["total"]),
        (msg("Avoided emissions"), "kgCO2e", lambda r: r["benefits_kgco2e"]),
        (msg("Net balance (avoided minus footprint)"), "kgCO2e", lambda r: r["net_kgco2e"]),
        (msg("Benefit to footprint ratio"), "ratio",
         lambda r: r["benefit_to_footprint_ratio"]),
        *_criteria_rows(),
        (PAYBACK, "years", lambda r: r["payback_years"]),
        (msg("Horizon"), "years", lambda r: r["horizon_years"]),
        (msg("Verdict"), "", lambda r: r["verdict"]),
        (msg("Ethics committee review required"), "",
         lambda r: r["committee_review_required"]),
        (msg("Verdict under uncertainty"), "",
         lambda r: (r.get("uncertainty") or {}).get("verdict")),
        (msg("Probability that the convention's rule is met"), "probability",
         lambda r: (r.get("uncertainty") or {}).get("probability_rule_met")),
        (msg("Data version"), "", lambda r: r["data_version"]),
    )


PAYBACK = msg("Payback time")


def _criteria_rows() -> tuple[tuple[Message, str, Any], ...]:
    """Water, metals and primary energy: consumed, saved and net of each; the harm flag."""
    from .impacts import others

    out: list[tuple[Message, str, Any]] = []
    for c in others():
        out += [(msg("{criterion}: consumed", criterion=c.label), c.unit,
                 lambda r, k=c.result_key: r[k]["total"]),
                (msg("{criterion}: saved", criterion=c.label), c.unit,
                 lambda r, k=c.saved_key: r[k]),
                (msg("{criterion}: net", criterion=c.label), c.unit,
                 lambda r, k=c.net_key: r[k])]
    out.append((msg("Significant harm flagged"), "", lambda r: r["significant_harm"]))
    return tuple(out)


def figures_side_by_side(results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per figure (footprint by phase, avoided, net, ratio, payback, verdicts,
    probability when the result has an uncertainty block), ``values`` in the order given."""
    return [{"figure": label, "unit": unit, "values": [get(r) for r in results]}
            for label, unit, get in _figure_rows()]
