"""The scenario's fields in words, for people: "Hardware, line 2 (Leak sensors): lifetime"
rather than ``hardware[1].lifetime_years``. Used wherever a field is named to a reader: the
figures and their sources, errors, the inputs that decide the balance, comparisons. The key
itself stays in the scenario file, its JSON Schema and the JSON result, for tools.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

from . import refdata, registration
from .i18n import Message, add_codes, msg
from .scenario.paths import parts

# last key of a path -> (its name, its unit): the one place of both; the name is the catalogue
# code input_<key> (add_codes below), its French in the catalogue
KEY_LABELS = {
    "horizon_years": ("Horizon", "years"),
    "grid_intensity_g_per_kwh": ("Grid intensity", "gCO2e/kWh"),
    "pue": ("Data centre PUE", ""), "renewable_share": ("Renewable share", ""),
    "energy_kwh": ("Energy of one training run", "kWh"), "power_w": ("power", "W"),
    "hours": ("hours per run", "h"), "utilisation": ("utilisation", ""),
    "count": ("count", ""), "model": ("model", ""),
    "runs": ("Runs before deployment", ""),
    "retrains_per_year": ("Retrainings per year", "/year"),
    "requests_per_day": ("Requests per day", "/day"),
    "energy_wh_per_request": ("Energy per request", "Wh"),
    "hours_per_day": ("hours per day", "h/day"), "days_per_year": ("Days of service", "/year"),
    "served_per_year": ("Units served per year", "/year"),
    "served_unit": ("What one unit served is", ""),
    "embodied_kgco2e": ("manufacturing per item", "kgCO2e"),
    "lifetime_years": ("lifetime", "years"), "use_years": ("years used", "years"),
    "use": ("use by the project", ""), "use_hours": ("hours of use", "h"),
    "load": ("load", ""), "factor_source": ("source of your factor", ""),
    "share": ("share used", ""), "mass_kg": ("mass", "kg"), "transport_km": ("distance", "km"),
    "condition_factor": ("share of manufacturing charged (condition rule)", ""),
    "transport_factor_kgco2e_per_tonne_km": ("transport factor", "kgCO2e/tkm"),
    "gb_per_year": ("Data moved per year", "GB"), "kwh_per_gb": ("Network intensity", "kWh/GB"),
    "quantity_per_year": ("quantity per year", ""),
    "factor_kgco2e_per_unit": ("emission factor", "kgCO2e/unit"),
    "attribution": ("attribution to the AI", ""),
    "footprint_kgco2e_per_year": ("Alternative's footprint", "kgCO2e/year"),
    "benefits_kgco2e_per_year": ("Alternative's avoided emissions", "kgCO2e/year"),
    "committee_threshold_kgco2e_per_year": ("Committee threshold", "kgCO2e/year"),
    "probability_threshold": ("Probability threshold", ""),
    "energy_kwh_per_request": ("Hosted model: energy per request", "kWh"),
    "usage_kgco2e_per_request": ("Hosted model: emissions per request", "kgCO2e"),
    "embodied_kgco2e_per_request": ("Hosted model: manufacturing per request", "kgCO2e"),
    "declared_usage_kgco2e_per_request": (
        "Hosted model: greenhouse gases per request, declared by the provider", "kgCO2e"),
    "declared_water_l_per_request": (
        "Hosted model: water per request, declared by the provider", "L"),
    "declared_adpe_kgsbeq_per_request": (
        "Hosted model: metals and minerals per request, declared by the provider", "kgSbeq"),
    "output_tokens_per_request": ("Hosted model: output tokens per request", ""),
    "name": ("name", ""), "kind": ("kind", ""), "label": ("what is avoided", ""),
    "country": ("country", ""), "cloud_region": ("cloud region", ""),
    "condition": ("condition", ""), "transport_mode": ("transport mode", ""),
    "grid_source": ("source of the grid intensity", ""),
    "grid_year": ("year of the grid intensity", ""), "domain": ("Domain", ""),
    "hardware_eur": ("Investment: hardware", "EUR"),
    "development_eur": ("Investment: development and set-up", "EUR"),
    "licences_eur": ("Investment: licences", "EUR"),
    "running_eur_per_year": ("Running costs per year", "EUR/year"),
    "gains_eur_per_year": ("Financial gains per year", "EUR/year"),
    "start_year": ("First year of service", ""),
    "climate_value_eur_per_tco2e": ("Value of climate action", "EUR/tCO2e"),
    # water, metals and primary energy
    "cooling": ("Data centre cooling", ""),
    "wue_onsite_l_per_kwh": ("On-site water (WUE)", "L/kWh"),
    "electricity_water_l_per_kwh": ("Water of the electricity", "L/kWh"),
    "electricity_adpe_kgsbeq_per_kwh": ("Metals and minerals of the electricity",
                                        "kgSbeq/kWh"),
    "electricity_pe_mj_per_kwh": ("Primary energy of the electricity", "MJ/kWh"),
    "water_l_per_request": ("Hosted model: water per request", "L"),
    "adpe_kgsbeq_per_request": ("Hosted model: metals and minerals per request", "kgSbeq"),
    "pe_mj_per_request": ("Hosted model: primary energy per request", "MJ"),
    "adpe_kgsbeq": ("metals and minerals of manufacturing, per item", "kgSbeq"),
    "pe_mj": ("primary energy of manufacturing, per item", "MJ"),
    "water_l_per_unit": ("water saved per unit", "L/unit"),
    "significant_harm_water_l_per_year": ("Significant-harm threshold: water", "L/year"),
    "significant_harm_adpe_kgsbeq_per_year": ("Significant-harm threshold: metals and "
                                              "minerals", "kgSbeq/year"),
    "significant_harm_pe_mj_per_year": ("Significant-harm threshold: primary energy",
                                        "MJ/year"),
}
# each field's name is its catalogue code input_<key> (French in the catalogue, context the code)
add_codes({f"input_{key}": name for key, (name, _) in KEY_LABELS.items()})
SECTIONS = {"hardware": msg("Hardware"), "benefits": msg("Benefits"),
            "training": msg("phase_training"), "inference": msg("phase_inference")}
def _item(res: Mapping[str, Any] | None, section: str, index: int, key: str) -> Any:
    try:
        value = res[section][index].get(key) if res else None
    except (KeyError, IndexError, TypeError, AttributeError):
        value = None
    return value if isinstance(value, (str, Message)) else ""


def label(path: str, res: Mapping[str, Any] | None = None) -> tuple[Message, str]:
    """(the field's name for a reader, its unit) for ``path``; ``res`` (the scenario, resolved
    or as typed, even invalid) gives lines their names."""
    if "[" not in path:  # not a line's nor a device's: no name to look up
        return _label(path, None)
    found = _parts(path)
    head = found[0]
    context: Any = None
    if head in ("hardware", "benefits") and len(found) > 2 and isinstance(found[1], int):
        context = _item(res, head, found[1], "name" if head == "hardware" else "label")
    elif len(found) > 3 and found[1] == "devices" and isinstance(found[2], int):
        try:
            context = (res or {})[head]["devices"][found[2]].get("model", "")
        except (KeyError, IndexError, TypeError, AttributeError):
            context = ""
        if not isinstance(context, (str, Message)):
            context = ""
    return _label(path, context)


@functools.lru_cache(maxsize=4096)
def _parts(path: str) -> tuple[Any, ...]:
    return tuple(parts(path))


def _criterion_keys() -> dict[str, tuple[Message, str]]:
    """The scenario keys of each criterion's factors (``impacts.Criterion``), named from its
    record: what a criterion added without words of its own for them shows."""
    from .impacts import others

    out = {}
    for c in others():
        out[c.electricity_key] = (msg("{criterion}: factor of a kWh of electricity",
                                      criterion=c.label), f"{c.unit}/kWh")
        out[c.hosted_key] = (msg("{criterion}: a hosted model's request",
                                 criterion=c.label), c.unit)
        out[c.stem] = (msg("{criterion}: manufacturing of one item", criterion=c.label), c.unit)
        out[c.benefit_key] = (msg("{criterion}: per unit saved", criterion=c.label),
                              f"{c.unit}/unit")
        out[c.policy_key] = (msg("{criterion}: significant-harm threshold",
                                 criterion=c.label), f"{c.unit}/year")
    return out


@functools.lru_cache(maxsize=16384)
def _label(path: str, context: str | None) -> tuple[Message, str]:
    """The name of ``path`` given its line's name or its device's model (``context``): the
    same for every scenario that has them, so built once (messages are immutable)."""
    found = _parts(path)
    key = found[-1]
    criterion_key = _criterion_keys().get(key)
    if key in KEY_LABELS:
        unit = KEY_LABELS[key][1]
        what = msg(f"input_{key}")
    elif criterion_key:  # a criterion's factor without its own words: said from its record
        what, unit = criterion_key
    elif found[0] == "registration" and key in registration.BY_KEY:  # the register entry's
        return msg("Register entry: {field}", field=msg(registration.BY_KEY[key].label)), ""
    else:  # a key the tool does not name (a typo in a file): as written
        what, unit = msg("{source}", source=str(key).replace("_", " ")), ""
    head = found[0]
    if head in ("hardware", "benefits") and len(found) > 2 and isinstance(found[1], int):
        if not context:
            return msg("input_of_line", section=SECTIONS[head], number=found[1] + 1,
                       what=what), unit
        return msg("input_of_named_line", section=SECTIONS[head], number=found[1] + 1,
                   item=context, what=what), unit
    if len(found) > 3 and found[1] == "devices" and isinstance(found[2], int):
        known = refdata.factors("accelerators.csv").get(context) if context else None
        return msg("input_of_device", phase=SECTIONS.get(head, head), number=found[2] + 1,
                   model_short=known.label if known else context or "", what=what), unit
    return what, unit
