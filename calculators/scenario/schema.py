"""The scenario's JSON Schema: every key, its type, its bounds and what it means.

``python -m calculators schema`` prints it; ``docs/scenario.md`` documents every key (a test
checks). The pages take their widgets' bounds from it (``field_spec``), so a file the command
line accepts is never refused by a page.
"""

from __future__ import annotations

import copy
import functools
import re
from typing import Any, NamedTuple

from .. import frugality, grid
from .paths import RANGE_KEYS

SCHEMA_VERSION = 1
_FRUGALITY_QUESTIONS = tuple((q.key, q.question) for q in frugality.QUESTIONS)


def _num(description: str, minimum: float | None = None, maximum: float | None = None,
         exclusive_minimum: float | None = None, integer: bool = False,
         uncertain: bool = True) -> dict[str, Any]:
    """A number field. Continuous inputs (``uncertain``) also accept a range
    ``{"low": .., "likely": .., "high": ..}`` whose three values obey the same bounds."""
    out: dict[str, Any] = {"type": "integer" if integer else "number", "description": description}
    if minimum is not None:
        out["minimum"] = minimum
    if exclusive_minimum is not None:
        out["exclusiveMinimum"] = exclusive_minimum
    if maximum is not None:
        out["maximum"] = maximum
    if integer or not uncertain:
        return out
    bound = {k: v for k, v in out.items() if k != "description"}
    return {"description": description + "; a number, or a range {low, likely, high}",
            "anyOf": [out, {"type": "object", "additionalProperties": False,
                            "required": list(RANGE_KEYS),
                            "properties": {k: dict(bound) for k in RANGE_KEYS}}]}


def _obj(properties: dict[str, Any], required: tuple[str, ...] = (), description: str = ""
         ) -> dict[str, Any]:
    return {"type": "object", "description": description, "properties": properties,
            "required": list(required), "additionalProperties": False}


_TRAINING_DEVICE = _obj({
    "model": {"type": "string", "minLength": 1, "maxLength": 100,
              "description": "device model, a key of data/accelerators.csv (e.g. a100_sxm4) or "
                             "any name when power_w is given"},
    "count": _num("number of devices (e.g. 8)", minimum=1, maximum=1_000_000, integer=True),
    "power_w": _num("rated power of one device in W (e.g. 400 for an A100 SXM4); default "
                    "from data/accelerators.csv by model. A power published 'adjusted for PUE' "
                    "(Meta's model cards) already holds the data centre's overhead: divide it "
                    "by the PUE", exclusive_minimum=0, maximum=5000),
    "hours": _num("hours each device runs for one training, in h (e.g. 100)",
                  minimum=0, maximum=100_000_000),
    "utilisation": _num("average power over rated power, 0 to 1 (default: the measured "
                        "average of the device's family, data/utilisation.csv: 0.70 for a "
                        "GPU; 1 for a power entered for a device the data does not know). "
                        "Give 1 when power_w is already a measured average", minimum=0,
                        maximum=1),
}, required=("hours",), description="devices used for one training run")

_MEASUREMENT = _obj({
    "source": {"const": "codecarbon", "description": "where the measurement comes from"},
    "files": {"type": "array", "maxItems": 100, "items": {"type": "string", "maxLength": 300},
              "description": "names of the emissions.csv files read"},
    "projects": {"type": "array", "maxItems": 100,
                 "items": {"type": "string", "maxLength": 300},
                 "description": "project names of the runs kept"},
    "runs": _num("number of runs kept", minimum=1, maximum=1_000_000, integer=True),
    "duration_s": _num("total duration of the runs, in s", minimum=0, maximum=1e12,
                       uncertain=False),
    "energy_kwh": _num("energy as CodeCarbon reports it (its PUE included), in kWh",
                       minimum=0, maximum=1e10, uncertain=False),
    "it_energy_kwh": _num("IT energy (CodeCarbon's energy divided by its PUE), in kWh",
                          minimum=0, maximum=1e10, uncertain=False),
    "codecarbon_emissions_kgco2e": _num("CodeCarbon's own emissions figure, in kgCO2e",
                                        minimum=0, maximum=1e10, uncertain=False),
    "countries": {"type": "array", "maxItems": 300, "items": {"type": "string", "maxLength": 3},
                  "description": "countries CodeCarbon counted the grid of"},
    "codecarbon_versions": {"type": "array", "maxItems": 50,
                            "items": {"type": "string", "maxLength": 50},
                            "description": "CodeCarbon versions that wrote the files"},
    "requests": _num("requests served during the measured runs (inference only)",
                     minimum=1, maximum=1e12, uncertain=False),
}, required=("source", "runs", "energy_kwh", "it_energy_kwh", "codecarbon_emissions_kgco2e"),
    description="a CodeCarbon measurement behind the energy figure (set by the import)")

_HOSTED_MODEL = _obj({
    "provider": {"type": "string", "minLength": 1, "maxLength": 100,
                 "description": "provider as EcoLogits names it (e.g. openai, mistralai)"},
    "model": {"type": "string", "minLength": 1, "maxLength": 200,
              "description": "model name as EcoLogits lists it (e.g. gpt-4o-mini)"},
    "output_tokens_per_request": _num("tokens generated per request (e.g. 300 for a short "
                                      "answer)", minimum=1, maximum=1_000_000, integer=True),
    "requests_per_day": _num("requests a day to the hosted model (e.g. 2000)", minimum=0,
                             maximum=1e11),
    "energy_kwh_per_request": _num("EcoLogits' energy of one request, provider's data centre "
                                   "included, in kWh", minimum=0, maximum=1e3),
    "usage_kgco2e_per_request": _num("EcoLogits' usage emissions of one request, at the "
                                     "provider's grid, in kgCO2e", minimum=0, maximum=1e3),
    "embodied_kgco2e_per_request": _num("EcoLogits' embodied emissions of one request, in "
                                        "kgCO2e", minimum=0, maximum=1e3),
    "ecologits_version": {"type": "string", "maxLength": 50,
                          "description": "EcoLogits version that computed the figures"},
    "warnings": {"type": "array", "maxItems": 20, "items": {"type": "string", "maxLength": 500},
                 "description": "EcoLogits' own warnings on these figures"},
}, required=("provider", "model", "output_tokens_per_request", "requests_per_day",
             "energy_kwh_per_request", "usage_kgco2e_per_request",
             "embodied_kgco2e_per_request", "ecologits_version"),
    description="an LLM called through a provider's API; figures computed by EcoLogits")

_SERVING_DEVICE = _obj({
    "model": _TRAINING_DEVICE["properties"]["model"],
    "count": _num("number of serving devices (e.g. 1)", minimum=1, maximum=1_000_000,
                  integer=True),
    "power_w": _TRAINING_DEVICE["properties"]["power_w"],
    "utilisation": _num("average power over rated power, 0 to 1 (default as for training "
                        "devices; a lightly loaded server often draws 0.3 or less)", minimum=0,
                        maximum=1),
    "hours_per_day": _num("hours a day the device is on, in h/day (default 24)",
                          minimum=0, maximum=24),
}, description="devices serving the model")

SCENARIO_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://example.invalid/ai-balance/scenario-v1.json",
    "title": "AI project environmental balance scenario",
    "type": "object",
    "additionalProperties": False,
    "required": ["schema_version", "name", "domain", "horizon_years", "location"],
    "properties": {
        "schema_version": {"const": SCHEMA_VERSION, "description": "always 1"},
        "name": {"type": "string", "minLength": 1, "maxLength": 200,
                 "description": "project name"},
        "description": {"type": "string", "maxLength": 5000,
                        "description": "what the project does, in a few sentences"},
        "notes": {"type": "array", "maxItems": 100,
                  "items": {"type": "string", "maxLength": 2000},
                  "description": "free comments: where the figures come from, hypotheses"},
        "domain": {"enum": ["climate", "general_interest"],
                   "description": "climate: AI serving a climate policy (energy, water, "
                                  "environment, waste, mobility); general_interest: health, "
                                  "social, administration..."},
        "horizon_years": _num("service life over which the balance is drawn, in years "
                              "(e.g. 5)", exclusive_minimum=0, maximum=30, uncertain=False),
        "location": _obj({
            "country": {"type": "string", "pattern": "^[A-Za-z]{3}$",
                        "description": "ISO 3166 alpha-3 code of the data centre's country "
                                       "(e.g. FRA)"},
            "cloud_region": {"type": "string", "minLength": 3, "maxLength": 60,
                             "description": "cloud region as provider:region "
                                            "(e.g. gcp:europe-west9, ovh:gra)"},
            "grid_intensity_g_per_kwh": _num(
                "grid carbon intensity in gCO2e/kWh, when known (e.g. 46 for France); it "
                "replaces the figure of the country or region", minimum=0, maximum=2000),
            "grid_source": {"enum": list(grid.SOURCE_KEYS),
                            "description": "where the country's grid intensity comes from: "
                                           "ademe (ADEME Base Empreinte, France's default), "
                                           "codecarbon (Our World in Data, the default "
                                           "elsewhere) or ecologits"},
            "grid_year": {"type": "integer", "minimum": 1990, "maximum": 2100,
                          "description": "the year of the source's figure (default: its "
                                         "latest), for a source with several years"},
            "pue": _num("power usage effectiveness of the data centre, 1.0 to 3.0 (1.1 "
                        "hyperscaler, 1.58 average, 2.0 local server room)",
                        minimum=1, maximum=3),
            "renewable_share": _num("share of electricity covered by a renewable contract, "
                                    "0 to 1 (used for the market-based figure only)",
                                    minimum=0, maximum=1),
        }, description="where the computing runs"),
        "training": _obj({
            "energy_kwh": _num("IT energy of one training run already known (e.g. measured "
                               "with CodeCarbon), in kWh", minimum=0, maximum=1e10),
            "devices": {"type": "array", "maxItems": 50, "items": _TRAINING_DEVICE,
                        "description": "devices used for one training run"},
            "runs": _num("training runs before deployment, experiments and tuning included "
                         "(>= 1, e.g. 10)", minimum=1, maximum=100_000, integer=True),
            "retrains_per_year": _num("retrainings a year during the service life (e.g. 4)",
                                      minimum=0, maximum=10_000),
            "measurement": _MEASUREMENT,
        }, description="training of the model"),
        "inference": _obj({
            "requests_per_day": _num("requests a day (e.g. 10000)", minimum=0, maximum=1e11),
            "energy_wh_per_request": _num(
                "energy of one request in Wh (about 0.001-0.01 small classifier, 0.01-0.1 "
                "vision model, 0.3-3 LLM answer)", minimum=0, maximum=1e6),
            "per_request_includes_pue": {
                "type": "boolean",
                "description": "true when energy_wh_per_request already includes the data "
                               "centre's overhead (default false: PUE is applied)"},
            "devices": {"type": "array", "maxItems": 50, "items": _SERVING_DEVICE,
                        "description": "devices dedicated to serving the model"},
            "days_per_year": _num("days of service a year (default 365)",
                                  exclusive_minimum=0, maximum=366),
            "measurement": _MEASUREMENT,
            "hosted_model": _HOSTED_MODEL,
        }, description="use of the model in service"),
        "hardware": {"type": "array", "maxItems": 200, "description": "equipment whose "
                     "manufacturing is charged to the project", "items": _obj({
                         "name": {"type": "string", "minLength": 1, "maxLength": 200,
                                  "description": "what the item is"},
                         "kind": {"type": "string", "minLength": 1, "maxLength": 100,
                                  "description": "a key of data/embodied.csv (e.g. server_rack,"
                                                 " gpu_datacentre, sensor) or any name when "
                                                 "embodied_kgco2e and lifetime_years are given"},
                         "count": _num("number of items (default 1)", minimum=1,
                                       maximum=1_000_000, integer=True),
                         "embodied_kgco2e": _num("manufacturing emissions of one new item in "
                                                 "kgCO2e (e.g. 1300 for a rack server)",
                                                 minimum=0, maximum=10_000_000),
                         "lifetime_years": _num("total service life of the item in years "
                                                "(e.g. 5)", exclusive_minimum=0, maximum=50),
                         "use_years": _num("years this project uses it (default: the "
                                           "horizon)", exclusive_minimum=0, maximum=50),
                         "share": _num("part of the item this project uses, 0 to 1 (0.5 when "
                                       "shared with one other authority; default 1)",
                                       exclusive_minimum=0, maximum=1),
                         "condition": {"enum": ["new", "refurbished", "reused"],
                                       "description": "new, refurbished, or reused (second-"
                                                      "hand or already owned); default new"},
                         "mass_kg": _num("shipped mass of one item in kg (e.g. 25 for a rack "
                                         "server)", minimum=0, maximum=100_000),
                         "transport_km": _num("distance from origin to site in km (e.g. 19000 "
                                              "from Taiwan by sea; default 0)", minimum=0,
                                              maximum=50_000),
                         "transport_mode": {"enum": ["sea", "air", "road", "rail"],
                                            "description": "sea, air, road or rail (default "
                                                           "road)"},
                     }, required=("name", "kind"))},
        "network": _obj({
            "gb_per_year": _num("data moved over networks a year in GB (e.g. 500)",
                                minimum=0, maximum=1e12),
            "kwh_per_gb": _num("network electricity intensity in kWh/GB (default from "
                               "data/network.csv)", minimum=0, maximum=10),
        }, description="data moved over networks"),
        "benefits": {"type": "array", "maxItems": 100, "description": "emissions the project "
                     "is declared to avoid", "items": _obj({
                         "label": {"type": "string", "minLength": 1, "maxLength": 200,
                                   "description": "what is avoided"},
                         "kind": {"type": "string", "minLength": 1, "maxLength": 100,
                                  "description": "a key of data/benefits.csv (e.g. "
                                                 "drinking_water_m3, car_km) or kgco2e"},
                         "quantity_per_year": _num("quantity avoided a year, in the kind's "
                                                   "unit", minimum=0, maximum=1e12),
                         "factor_kgco2e_per_unit": _num("your own emission factor in kgCO2e "
                                                        "per unit (overrides data/)",
                                                        minimum=0, maximum=1e7),
                         "attribution": _num("share of the benefit due to the AI, 0 to 1 "
                                             "(default 1)", minimum=0, maximum=1),
                         "country": {"type": "string", "pattern": "^[A-Za-z]{3}$",
                                     "description": "for electricity saved (kind "
                                                    "electricity_kwh): ISO 3166 alpha-3 code of "
                                                    "the country where it is saved (default: "
                                                    "where the computing runs)"},
                     }, required=("label", "kind", "quantity_per_year"))},
        "frugality": {
            "type": "object", "additionalProperties": False,
            "description": "the frugality checklist (calculators/frugality.py): each answer "
                           "yes, no or unknown; a question left out is 'not answered'",
            "properties": {k: {"enum": ["yes", "no", "unknown"], "description": q}
                           for k, q in _FRUGALITY_QUESTIONS}},
        "alternative": {
            "description": "null when no non-AI alternative was considered; otherwise the best "
                           "way to reach the same goal without AI",
            "oneOf": [{"type": "null"}, _obj({
                "description": {"type": "string", "minLength": 1, "maxLength": 2000,
                                "description": "what the alternative is"},
                "footprint_kgco2e_per_year": _num("its footprint in kgCO2e/year", minimum=0,
                                                  maximum=1e10),
                "benefits_kgco2e_per_year": _num("its avoided emissions in kgCO2e/year",
                                                 minimum=0, maximum=1e10),
            }, required=("description", "footprint_kgco2e_per_year",
                         "benefits_kgco2e_per_year"))]},
        "policy": _obj({
            "committee_threshold_kgco2e_per_year": _num(
                "yearly footprint above which a general-interest project goes to the ethics "
                "committee, in kgCO2e/year (default from data/policy.csv)",
                minimum=0, maximum=1e10, uncertain=False),
            "probability_threshold": _num(
                "probability the convention's rule must reach for a positive verdict (and one "
                "minus it for a negative one), above 0.5 and at most 0.999 (default 0.9)",
                exclusive_minimum=0.5, maximum=0.999, uncertain=False),
        }, description="the committee's own settings"),
    },
}


class FieldSpec(NamedTuple):
    """What a numeric field of the scenario accepts, read from the schema (the widgets take
    their bounds from here, so a file the command line accepts is never refused by a page)."""

    minimum: float | None
    exclusive_minimum: float | None
    maximum: float | None
    integer: bool
    uncertain: bool  # accepts a range {low, likely, high}

    def accepts(self, value: float) -> bool:
        return ((self.minimum is None or value >= self.minimum)
                and (self.exclusive_minimum is None or value > self.exclusive_minimum)
                and (self.maximum is None or value <= self.maximum)
                and (not self.integer or float(value).is_integer()))


_FIELD_INDEX = re.compile(r"\[\d*\]")


def node_at(path: str) -> dict[str, Any]:
    """The schema of the value at ``path`` (``hardware[0].share`` or ``hardware[].share``).
    Raises KeyError for a path the schema does not have."""
    node: dict[str, Any] = SCENARIO_SCHEMA
    for part in _FIELD_INDEX.sub(".[]", path).split("."):
        if part == "[]":
            node = node["items"]
            continue
        if "oneOf" in node:  # alternative: null or the object
            node = next(o for o in node["oneOf"] if o.get("type") == "object")
        node = node["properties"][part]
    return node


@functools.lru_cache(maxsize=None)
def field_spec(path: str) -> FieldSpec:
    """The accepted values of the numeric field at ``path`` (``hardware[0].share`` or
    ``hardware[].share``). Raises KeyError for a path the schema does not have, or that is
    not a number."""
    node = node_at(path)
    number = node["anyOf"][0] if "anyOf" in node else node
    if number.get("type") not in ("number", "integer"):
        raise KeyError(f"{path} is not a numeric field")
    return FieldSpec(number.get("minimum"), number.get("exclusiveMinimum"),
                     number.get("maximum"), number.get("type") == "integer", "anyOf" in node)


def schema() -> dict[str, Any]:
    """The scenario's JSON Schema (a copy: callers may not change the shared one)."""
    return copy.deepcopy(SCENARIO_SCHEMA)
