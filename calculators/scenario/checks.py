"""Warnings that depend on the inputs alone (shown beside the verdict), and the devices whose
manufacturing a scenario does not count yet."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .. import refdata
from ..grid import GridFactor
from ..i18n import Text, msg
from ..units import G_PER_KG
from .types import Provenance


OLD_GRID_YEAR = 2020  # grid data older than this gets a warning


def input_warnings(res: dict[str, Any], prov: list[Provenance],
                    grid_used: GridFactor) -> tuple[Text, ...]:
    out = []
    if res["alternative"] is None and res["domain"] != "climate":  # climate: to be completed
        out.append(msg("warn_no_alternative"))
    if not res["benefits"]:
        out.append(msg("warn_no_benefits"))
    if grid_used.year is not None and grid_used.year < OLD_GRID_YEAR:
        out.append(msg("warn_old_grid", year=grid_used.year))
    by_field = {p.field: p for p in prov}
    unshipped = [h["name"] for h in res["hardware"] if not h["transport_km"]]
    if unshipped:
        out.append(msg("warn_transport", items=unshipped))
    if res["location"]["renewable_share"] > 0:
        out.append(msg("warn_market_based"))
    inf = res["inference"]
    if inf["devices"] and inf["requests_per_day"] and inf["energy_wh_per_request"]:
        out.append(msg("warn_double_inference"))
    unmade = devices_without_hardware(res)
    if unmade:
        accelerators = refdata.factors("accelerators.csv")
        out.append(msg("warn_devices_not_in_hardware",
                       items_short=[accelerators[m].label for m in unmade]))
    used = by_field["location.grid_intensity_g_per_kwh"]
    for i, b in enumerate(res["benefits"]):
        if b.get("factor_from_grid", True):
            continue  # not electricity, or valued with the footprint's own factor
        saved = by_field[f"benefits[{i}].factor_kgco2e_per_unit"]
        if abs(saved.value * G_PER_KG - used.value) > 1e-9 * max(used.value, 1.0):
            out.append(msg("warn_electricity_factors", label=b["label"],
                           saved_number=saved.value * G_PER_KG, saved_source=saved.source,
                           used_number=used.value, used_source=used.source))
    return tuple(out)


def attribution_left(res: Mapping[str, Any], prov: Sequence[Provenance]) -> list[str]:
    """The labels of the benefits whose attribution to the AI was not given (the verdict asks
    for it: ``balance.to_complete``)."""
    statuses = {p.field: p.status for p in prov if p.field.endswith(".attribution")}
    return [b["label"] for i, b in enumerate(res["benefits"])
            if statuses.get(f"benefits[{i}].attribution") == "assumption"]


def devices_without_hardware(res: dict[str, Any]) -> list[str]:
    """The training and serving devices (known models whose manufacturing has a figure) when
    the scenario counts no equipment of their kind: their manufacturing is then not counted.
    Returns the models' keys."""
    accelerators = refdata.factors("accelerators.csv")
    kinds = {item.get("kind") for item in res.get("hardware") or ()}
    out = []
    for phase in ("training", "inference"):
        for dev in (res.get(phase) or {}).get("devices") or ():
            known = accelerators.get(dev.get("model"))
            kind = known.extra["embodied_kind"] if known else ""
            if kind and kind not in kinds and dev["model"] not in out:
                out.append(dev["model"])
    return out


def hardware_for_devices(data: dict[str, Any], names: dict[str, str]) -> list[dict[str, Any]]:
    """Lines for the Hardware section standing for the training and serving devices whose
    manufacturing is not counted yet (``devices_without_hardware``): kind, count (the most
    any line uses at once), named with ``names`` (model key -> its name for a reader). A
    training device's line is used for the training only (``use`` training: charged for the
    training's hours, not for years of service); a serving device's, for the service."""
    accelerators = refdata.factors("accelerators.csv")
    kinds = {item.get("kind") for item in data.get("hardware") or ()}
    counts: dict[tuple[str, str], int] = {}
    for phase in ("training", "inference"):
        for dev in (data.get(phase) or {}).get("devices") or ():
            known = accelerators.get(dev.get("model"))
            if not known or not known.extra["embodied_kind"] or \
                    known.extra["embodied_kind"] in kinds:
                continue
            count = dev.get("count", 1)
            key = (phase, dev["model"])
            counts[key] = max(counts.get(key, 0), count if isinstance(count, int) else 1)
    return [{"name": names.get(model, model), "kind": accelerators[model].extra["embodied_kind"],
             "count": count, **({"use": "training"} if phase == "training" else {})}
            for (phase, model), count in counts.items()]
