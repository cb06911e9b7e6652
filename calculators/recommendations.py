"""Recommendations: the frugal levers that would most improve a scenario, each with its saving.

Each saving (kgCO2e over the horizon) is computed from the evaluated line items with the same
formulas as the footprint, changing one lever at a time:

- location: run the computing on the French grid (the convention prefers local data centres);
- pue: a data centre at the efficient PUE of ``data/pue.csv``;
- refurbished: refurbished instead of new equipment (condition rule of ``data/allocation.csv``);
- share: computing equipment used alone shared with one other authority (share halved);
- retraining: half as many retrainings;
- training_runs: half as many experimental runs before deployment;
- data: half as much data moved over networks;
- transport: equipment flown in shipped by sea instead.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from .i18n import Text, msg

FRENCH_GRID_ISO3 = "FRA"
# Equipment that another authority or project can realistically use too (not sensors, cameras).
SHAREABLE_KINDS = frozenset({"server_rack", "server_gpu_node", "gpu_datacentre", "gpu_consumer",
                             "network_switch", "desktop"})


class LeverBases(NamedTuple):
    """What the levers are computed from: the scenario's evaluated figures (kgCO2e over the
    horizon) and the reference values each lever moves towards. Built by ``evaluate``."""

    intensity_g_per_kwh: float
    pue: float
    efficient_pue: float                 # data/pue.csv
    own_datacentre_kgco2e: float         # a hosted model's emissions are the provider's
    pue_exposed_kgco2e: float            # emissions of the energy a better PUE reduces
    french_intensity_g_per_kwh: float | None  # the French grid's default factor
    refurbished_factor: float            # data/allocation.csv
    hardware: list[dict[str, Any]]       # the result's hardware rows
    retrain_kgco2e: float                # retrainings over the horizon
    initial_training_kgco2e: float       # the runs before deployment
    runs: int
    network_kgco2e: float
    sea_factor: float                    # data/transport.csv, kgCO2e per tonne-km
    air_factor: float


def recommend(parts: LeverBases) -> list[dict[str, Any]]:
    """Levers with a positive saving, largest first."""
    found: list[tuple[str, float, Text]] = []
    add = found.append  # (lever, saving, text): texts are finished once, below

    intensity = parts.intensity_g_per_kwh
    fr = parts.french_intensity_g_per_kwh
    if fr is not None and intensity > fr:
        add(("location", parts.own_datacentre_kgco2e * (1 - fr / intensity),
             msg("lever_location", french_number=round(fr), intensity_number=round(intensity))))
    pue, efficient = parts.pue, parts.efficient_pue
    if pue > efficient:
        add(("pue", parts.pue_exposed_kgco2e * (1 - efficient / pue),
             msg("lever_pue", efficient_number=efficient, pue_number=pue)))
    refurb = parts.refurbished_factor
    new_items = [h for h in parts.hardware if h["condition"] == "new"]
    if new_items:
        add(("refurbished", sum(h["embodied_kgco2e"] for h in new_items) * (1 - refurb),
             msg("lever_refurbished", items=", ".join(h["name"] for h in new_items))))
    alone = [h for h in parts.hardware if h["share"] >= 1
             and h["kind"] in SHAREABLE_KINDS and h["embodied_kgco2e"] + h["transport_kgco2e"] > 0]
    if alone:
        add(("share", sum(h["embodied_kgco2e"] + h["transport_kgco2e"] for h in alone) / 2,
             msg("lever_share", items=", ".join(h["name"] for h in alone))))
    if parts.retrain_kgco2e > 0:
        add(("retraining", parts.retrain_kgco2e / 2, msg("lever_retraining")))
    if parts.runs > 1:
        add(("training_runs", parts.initial_training_kgco2e
             * (1 - max(1.0, parts.runs / 2) / parts.runs), msg("lever_training_runs")))
    if parts.network_kgco2e > 0:
        add(("data", parts.network_kgco2e / 2, msg("lever_data")))
    air = [h for h in parts.hardware if h["transport_mode"] == "air"
           and h["transport_kgco2e"] > 0]
    if air:
        ratio = parts.sea_factor / parts.air_factor
        add(("transport", sum(h["transport_kgco2e"] for h in air) * (1 - ratio),
             msg("lever_transport", items=", ".join(h["name"] for h in air))))
    found.sort(key=lambda r: -r[1])
    return [{"lever": lever, "saving_kgco2e": saving,
             "text": msg("lever_saving", lever=text, saving_kgco2e=saving)}
            for lever, saving, text in found if saving > 0]
