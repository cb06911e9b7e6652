"""A rate beside the totals: the Software Carbon Intensity per request served.

Method: ISO/IEC 21031:2024, the Green Software Foundation's Software Carbon Intensity (SCI):
``SCI = (O + M) per R``, operational emissions (energy x the grid's intensity) and the
embodied emissions of the hardware charged to the software, over a functional unit R. Its
extension to AI (Green Software Foundation, "Software Carbon Intensity for AI", SPEC.md, draft
of January 2026, sections 6 and 8) draws two boundaries by who acts:

- the **consumer** boundary, the Operation and Monitoring stage: inference (the project's own
  serving, and a hosted model's requests as EcoLogits counts them, its provider's data centre
  and manufacturing share included), the data moved over networks, and the equipment used in
  service (its manufacturing and transport charged);
- the **provider** boundary, Design and Development and Deployment: the training runs before
  deployment and the retrainings, and the equipment used to train (``use`` training, or by the
  hour without hours of its own: charged the training's hours).

The two add up to the project's footprint. The functional unit is the one the scenario
declares (``inference.served_per_year`` units of ``served_unit``: images sorted, km of network
watched), else the request (the SCI for AI's "per inference"): those of the per-request figure
(``inference.requests_per_day``), else a hosted model's. A project whose inference is counted
from serving devices and declares no unit gets no rate (said). The rate covers the horizon:
every emission of the horizon over every unit served in it.
A hosted model's training is not in EcoLogits' per-request figures: it is in neither boundary.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .i18n import Text, msg
from .units import G_PER_KG

REQUEST = "request"  # the functional unit unless the scenario declares its own
STANDARD = ("ISO/IEC 21031:2024 (Software Carbon Intensity); Green Software Foundation, "
            "Software Carbon Intensity for AI, draft specification (January 2026), sections 6 "
            "and 8")


def provider_side(item: Mapping[str, Any]) -> bool:
    """True for equipment in the provider's boundary: used to train (``use`` training), or by
    the hour with no hours of its own (charged the training's hours, ``model.use_hours``)."""
    return item["use"] == "training" or (item["use"] == "hours" and "use_hours" not in item)


def unit_words(unit: str) -> Text:
    """What one unit served is, for a sentence: the request in the reader's language, a unit
    the scenario declares as it was typed (never translated)."""
    return msg("request") if unit == REQUEST else unit


def units_served(inference: Mapping[str, Any], horizon_years: float) -> tuple[float, str]:
    """(units served over the horizon, what a unit is): the units the scenario declares
    (``served_per_year``, ``served_unit``), else the requests of the per-request figure, else a
    hosted model's requests; none for inference counted from serving devices alone."""
    unit = inference.get("served_unit") or REQUEST
    if inference.get("served_per_year"):
        return inference["served_per_year"] * horizon_years, unit
    days = inference["days_per_year"]
    if inference["requests_per_day"]:
        return inference["requests_per_day"] * days * horizon_years, REQUEST
    hosted = inference.get("hosted_model")
    return (hosted["requests_per_day"] * days * horizon_years if hosted else 0.0), REQUEST


def intensity(footprint_kgco2e: Mapping[str, float], hardware_rows: Sequence[Mapping[str, Any]],
              items: Sequence[Mapping[str, Any]], inference: Mapping[str, Any],
              horizon_years: float, hosted_embodied_kgco2e: float) -> dict[str, Any]:
    """The SCI block of the result: each boundary's emissions over the horizon (kgCO2e), the
    units served over the horizon and what a unit is, and each rate in gCO2e per unit (None
    when no unit is served). ``footprint_kgco2e``: the footprint by phase; ``hardware_rows``:
    the result's rows (their manufacturing and transport charged), in the order of ``items``,
    the resolved items; ``hosted_embodied_kgco2e``: a hosted model's manufacturing share over
    the horizon (it comes with each request: the consumer's)."""
    equipment = {True: 0.0, False: 0.0}
    for row, item in zip(hardware_rows, items, strict=True):
        equipment[provider_side(item)] += row["embodied_kgco2e"] + row["transport_kgco2e"]
    consumer = (footprint_kgco2e["inference"] + footprint_kgco2e["network"]
                + equipment[False] + hosted_embodied_kgco2e)
    provider = footprint_kgco2e["training"] + equipment[True]
    units, unit = units_served(inference, horizon_years)

    def per_unit(kgco2e: float) -> float | None:
        return kgco2e * G_PER_KG / units if units > 0 else None

    note: Text | None = None
    if units <= 0:
        note = msg("No rate per unit served: the scenario declares no request and no unit "
                   "served (its inference is counted from serving devices); give the units "
                   "served a year on the Inference page to draw it") \
            if inference["devices"] else msg(
                "No rate per unit served: the scenario serves nothing yet (no request, no "
                "serving device, no unit served declared)")
    return {"standard": STANDARD, "functional_unit": unit, "units": units,
            "consumer_kgco2e": consumer, "provider_kgco2e": provider,
            "consumer_gco2e_per_unit": per_unit(consumer),
            "project_gco2e_per_unit": per_unit(consumer + provider),
            "boundary": msg(
                "Consumer boundary (operation: inference, a hosted model's requests, networks, "
                "equipment in service, its manufacturing included); the project's rate adds the "
                "provider boundary (training, retrainings and their equipment)"),
            "not_drawn": note}
