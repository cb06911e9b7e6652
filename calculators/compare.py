"""What-if comparisons: the same scenario evaluated with one thing changed.

Method: re-run ``evaluate`` on a copy of the scenario, so a comparison uses exactly the formulas
of the main result.
"""

from __future__ import annotations

import copy
from typing import Any, Iterable

from . import codecarbon_data
from .evaluate import evaluate
from .scenario import Scenario, load

# Countries shown beside the project's own location: France (local hosting), neighbours with
# large cloud regions, and the two ends of the European range.
DEFAULT_COMPARISON_ISO3 = ("FRA", "SWE", "IRL", "DEU", "POL", "USA")


def footprint_by_location(scenario: Scenario | dict[str, Any],
                          countries: Iterable[str] = DEFAULT_COMPARISON_ISO3
                          ) -> list[dict[str, Any]]:
    """Total footprint (kgCO2e over the horizon) of ``scenario`` at its own location, then with
    the computing moved to each of ``countries`` (ISO-3), keeping its PUE. Net balance beside."""
    if not isinstance(scenario, Scenario):
        scenario = load(scenario)
    own = evaluate(scenario)
    grids = codecarbon_data.country_intensities()
    rows = [{"location": f"{own['grid_intensity_g_per_kwh']['label']} (this scenario)",
             "iso3": scenario.resolved["location"].get("country"),
             "intensity_g_per_kwh": own["grid_intensity_g_per_kwh"]["value"],
             "year": own["grid_intensity_g_per_kwh"]["year"],
             "footprint_kgco2e": own["footprint_kgco2e"]["total"],
             "net_kgco2e": own["net_kgco2e"], "current": True}]
    for iso3 in countries:
        if iso3 not in grids:
            continue
        moved = copy.deepcopy(scenario.raw)
        moved["location"] = {"country": iso3, "pue": scenario.resolved["location"]["pue"],
                             "renewable_share": scenario.resolved["location"]["renewable_share"]}
        result = evaluate(moved)
        rows.append({"location": grids[iso3].label, "iso3": iso3,
                     "intensity_g_per_kwh": grids[iso3].intensity_g_per_kwh,
                     "year": grids[iso3].year,
                     "footprint_kgco2e": result["footprint_kgco2e"]["total"],
                     "net_kgco2e": result["net_kgco2e"], "current": False})
    return rows
