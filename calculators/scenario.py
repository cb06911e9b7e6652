"""The scenario file: its JSON Schema, strict validation, and resolution of defaults.

A scenario describes one AI project (``docs/scenario.md`` documents every key). It is validated
in three steps, each failing with a ``ScenarioError`` that names the field and what is accepted:

1. every number is finite (NaN and infinity are refused before anything else: NaN passes
   ``x > 0`` checks);
2. the JSON Schema below (types, ranges, allowed keys);
3. references to ``data/`` (country, cloud region, device model, equipment kind, benefit kind).

Then every omitted value is filled from ``data/`` or from a documented default, and each value
used is recorded with its provenance: ``entered`` by the user, ``default`` (a published or
derived value from ``data/``) or ``assumption`` (a value nobody published).
"""

from __future__ import annotations

import copy
import difflib
import functools
import json
import math
import re
from typing import Any, Iterator, NamedTuple

import jsonschema

from . import codecarbon_data, fields, frugality, grid, i18n, refdata
from .grid import GridFactor
from .i18n import Message, msg
from .units import G_PER_KG

SCHEMA_VERSION = 1
_FRUGALITY_QUESTIONS = tuple((q.key, q.question) for q in frugality.QUESTIONS)
MAX_FILE_BYTES = 2_000_000  # a scenario is a few kB; anything this large is not a scenario


RANGE_KEYS = ("low", "likely", "high")


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

_VALIDATOR = jsonschema.Draft202012Validator(SCENARIO_SCHEMA)


class ScenarioError(ValueError):
    """An invalid scenario: ``field`` is the dotted path of the offending value."""

    def __init__(self, field: str, message: str):
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}" if field else message)


class Provenance(NamedTuple):
    """Where one value used in the calculation comes from."""

    field: str
    value: Any
    unit: str
    status: str  # entered | measured | default | assumption
    source: str
    low: float | None = None   # the range used for uncertainty, when there is one
    high: float | None = None


class Scenario(NamedTuple):
    """A validated scenario: the user's input, the same with every default filled in, the
    provenance of every value used, and the grid intensity applied."""

    raw: dict[str, Any]
    resolved: dict[str, Any]
    provenance: tuple[Provenance, ...]
    grid: GridFactor
    grid_status: str
    grid_citation: str  # the grid intensity's source as people read it
    input_warnings: tuple[str, ...]  # warnings that depend on the inputs alone
    provenance_rows: tuple[dict[str, Any], ...]  # the provenance as dicts, built once
    # (low, likely, high) of every uncertain value, by field path of ``resolved``
    ranges: dict[str, tuple[float, float, float]]


def _path(parts) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _walk_numbers(value: Any, parts: tuple = ()) -> Iterator[tuple[tuple, float]]:
    if isinstance(value, float):
        yield parts, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _walk_numbers(item, parts + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk_numbers(item, parts + (index,))


def _is_range(value: Any) -> bool:
    return isinstance(value, dict) and set(value) == set(RANGE_KEYS)


def _walk_ranges(value: Any, parts: tuple = ()) -> Iterator[tuple[tuple, dict]]:
    if _is_range(value):
        yield parts, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _walk_ranges(item, parts + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk_ranges(item, parts + (index,))


def _extract_ranges(res: dict[str, Any]) -> dict[str, tuple[float, float, float]]:
    """Replace every range in ``res`` by its likely value; return the ranges by field path."""
    ranges = {}
    for parts, value in list(_walk_ranges(res)):
        node = res
        for part in parts[:-1]:
            node = node[part]
        node[parts[-1]] = value["likely"]
        ranges[_path(parts)] = (float(value["low"]), float(value["likely"]),
                                float(value["high"]))
    return ranges


_KIND_WORDS = {"integer": msg("a whole number"), "number": msg("a number"),
               "string": msg("text"), "boolean": msg("true or false"), "array": msg("a list"),
               "object": msg("an object")}


def _accepted(schema: dict[str, Any]) -> Message:
    """Plain description of what a schema accepts, for error messages. The schema's own
    description (English, for people who write scenario files) follows it in English only:
    in French the field's name and the accepted values say it."""
    if "enum" in schema:
        return msg("one of {values}", values=", ".join(json.dumps(v) for v in schema["enum"]))
    if "const" in schema:
        return msg("{value}", value=json.dumps(schema["const"]))
    kind = schema.get("type")
    what: Any = _KIND_WORDS.get(kind, msg("a value")) if isinstance(kind, str) else msg(
        "a value")
    if kind == "string" and schema.get("minLength", 0) >= 1:
        what = msg("non-empty text")
    low = schema.get("minimum")
    low_ex = schema.get("exclusiveMinimum")
    high = schema.get("maximum")
    if low is not None and high is not None:
        what = msg("{what} from {low_exact} to {high_exact}", what=what, low_exact=low,
                   high_exact=high)
    elif low_ex is not None and high is not None:
        what = msg("{what} above {low_exact} and at most {high_exact}", what=what,
                   low_exact=low_ex, high_exact=high)
    elif low is not None:
        what = msg("{what} of at least {low_exact}", what=what, low_exact=low)
    elif low_ex is not None:
        what = msg("{what} above {low_exact}", what=what, low_exact=low_ex)
    if kind == "string" and schema.get("pattern") == "^[A-Za-z]{3}$":
        what = msg("{what} (3 letters)", what=what)
    if kind == "array" and "maxItems" in schema:
        what = msg("{what} of at most {count} items", what=what, count=schema["maxItems"])
    if kind == "string" and "maxLength" in schema:
        what = msg("{what} of at most {count} characters", what=what,
                   count=schema["maxLength"])
    desc = schema.get("description")
    return msg("accepted_described", what=what, description=desc) if desc else what


def _shown(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, allow_nan=True)
    return text if len(text) <= 60 else text[:57] + "..."


def _schema_error(error: jsonschema.ValidationError) -> ScenarioError:
    field = _path(error.absolute_path)
    schema = error.schema if isinstance(error.schema, dict) else {}
    if error.validator == "required":
        missing = [k for k in error.validator_value if k not in (error.instance or {})]
        key = missing[0] if missing else "?"
        sub = schema.get("properties", {}).get(key, {})
        where = f"{field}.{key}" if field else key
        return ScenarioError(where, msg("is required; expected {accepted}",
                                        accepted=_accepted(sub)))
    if isinstance(error.instance, str) and not error.instance.strip():  # a field left empty
        expected = schema["anyOf"][0] if error.validator == "anyOf" and schema.get("anyOf") \
            else schema
        return ScenarioError(field or "scenario", msg("is empty; expected {accepted}",
                                                      accepted=_accepted(expected)))
    if error.validator == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        extra = sorted(set(error.instance) - set(allowed))
        key = extra[0] if extra else "?"
        close = difflib.get_close_matches(key, allowed, n=1)
        where = f"{field}.{key}" if field else key
        if close:
            return ScenarioError(where, msg("unknown key (did you mean {close}?); accepted keys "
                                            "here: {keys}", close=repr(close[0]),
                                            keys=", ".join(allowed)))
        return ScenarioError(where, msg("unknown key; accepted keys here: {keys}",
                                        keys=", ".join(allowed)))
    if error.validator == "anyOf" and len(schema.get("anyOf", ())) == 2:
        number, range_schema = schema["anyOf"]
        if isinstance(error.instance, dict):
            inner = sorted(jsonschema.Draft202012Validator(range_schema).iter_errors(
                error.instance), key=lambda e: list(map(str, e.absolute_path)))
            if inner:
                sub = _schema_error(inner[0])
                sub_field = sub.field if sub.field != "scenario" else ""
                message = sub.message
                if inner[0].validator not in ("required", "additionalProperties"):
                    message = msg("must be {accepted}; got {got}", accepted=_accepted(number),
                                  got=_shown(inner[0].instance))
                return ScenarioError(f"{field}.{sub_field}" if sub_field else field, message)
        return ScenarioError(field, msg('must be {accepted}, or a range {{"low": .., "likely": '
                                        '.., "high": ..}}; got {got}', accepted=_accepted(number),
                                        got=_shown(error.instance)))
    if error.validator == "oneOf" and field == "alternative":
        if isinstance(error.instance, dict):
            # report what is wrong inside the object form rather than "not valid under oneOf"
            inner = list(jsonschema.Draft202012Validator(schema["oneOf"][1]).iter_errors(
                error.instance))
            if inner:
                sub = jsonschema.exceptions.best_match(inner)
                sub_err = _schema_error(sub)
                return ScenarioError(f"alternative.{sub_err.field}" if sub_err.field
                                     else "alternative", sub_err.message)
        return ScenarioError(field, msg("must be null (no alternative considered) or an object "
                                        "with description, footprint_kgco2e_per_year and "
                                        "benefits_kgco2e_per_year; got {got}",
                                        got=_shown(error.instance)))
    return ScenarioError(field or "scenario", msg("must be {accepted}; got {got}",
                                                  accepted=_accepted(schema),
                                                  got=_shown(error.instance)))


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


@functools.lru_cache(maxsize=None)
def field_spec(path: str) -> FieldSpec:
    """The accepted values of the numeric field at ``path`` (``hardware[0].share`` or
    ``hardware[].share``). Raises KeyError for a path the schema does not have."""
    node: dict[str, Any] = SCENARIO_SCHEMA
    for part in _FIELD_INDEX.sub(".[]", path).split("."):
        if part == "[]":
            node = node["items"]
            continue
        if "oneOf" in node:  # alternative: null or the object
            node = next(o for o in node["oneOf"] if o.get("type") == "object")
        node = node["properties"][part]
    number = node["anyOf"][0] if "anyOf" in node else node
    if number.get("type") not in ("number", "integer"):
        raise KeyError(f"{path} is not a numeric field")
    return FieldSpec(number.get("minimum"), number.get("exclusiveMinimum"),
                     number.get("maximum"), number.get("type") == "integer", "anyOf" in node)


def schema() -> dict[str, Any]:
    """The scenario's JSON Schema (a copy: callers may not change the shared one)."""
    return copy.deepcopy(SCENARIO_SCHEMA)


def parse_json(text: str | bytes) -> dict[str, Any]:
    """Parse scenario JSON text (UTF-8, with or without a byte order mark; cp1252 accepted)."""
    if isinstance(text, bytes):
        if len(text) > MAX_FILE_BYTES:
            raise ScenarioError("file", msg("is {size_number} bytes; a scenario file must be "
                                            "under {limit_number} bytes", size_number=len(text),
                                            limit_number=MAX_FILE_BYTES))
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                text = text.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:  # bytes such as 0x81 are undefined in cp1252 too
            raise ScenarioError("file", msg("is not text: save it as UTF-8 JSON"))
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise ScenarioError("file", msg("is empty: expected a JSON object with schema_version 1"))
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ScenarioError("file", msg("is not valid JSON (line {line}, column {column}: "
                                        "{reason})", line=exc.lineno, column=exc.colno,
                                        reason=exc.msg)) from None
    except RecursionError:
        raise ScenarioError("file", msg("is nested too deeply to be a scenario")) from None
    if not isinstance(data, dict):
        raise ScenarioError("file", msg("must hold a JSON object; got {got}",
                                        got=type(data).__name__))
    return data


def validate(data: Any) -> None:
    """Raise ScenarioError for the first problem found in ``data`` (a parsed scenario)."""
    if not isinstance(data, dict):
        raise ScenarioError("scenario", msg("must be a JSON object; got {got}",
                                            got=type(data).__name__))
    if "schema_version" in data and data["schema_version"] != SCHEMA_VERSION:
        raise ScenarioError("schema_version", msg(
            "must be {expected}; got {got} (this version of the tool reads schema version "
            "{expected})", expected=SCHEMA_VERSION, got=_shown(data["schema_version"])))
    for parts, number in _walk_numbers(data):
        if not math.isfinite(number):
            raise ScenarioError(_path(parts), msg("must be a finite number; got {got}",
                                                  got=number))
    errors = list(_VALIDATOR.iter_errors(data))
    if errors:
        # report the error that comes first in the document
        errors.sort(key=lambda e: (list(map(str, e.absolute_path)), -len(e.absolute_path)))
        first = errors[0]
        if first.validator not in ("anyOf", "oneOf"):
            first = jsonschema.exceptions.best_match(
                [e for e in errors if list(e.absolute_path) == list(first.absolute_path)])
        raise _schema_error(first)
    for parts, value in _walk_ranges(data):
        low, likely, high = (value[k] for k in RANGE_KEYS)
        if not low <= likely <= high:
            raise ScenarioError(_path(parts), msg(
                "a range needs low <= likely <= high; got low {low_exact}, likely "
                "{likely_exact}, high {high_exact}", low_exact=low, likely_exact=likely,
                high_exact=high))


def _unknown(field: str, value: str, choices) -> ScenarioError:
    choices = sorted(choices)
    close = difflib.get_close_matches(value, choices, n=3)
    shown = ", ".join(choices) if len(choices) <= 20 else msg(
        "{first}, ... ({count} in all)", first=", ".join(choices[:20]), count=len(choices))
    if close:
        return ScenarioError(field, msg("unknown value {value}; did you mean {close}? Accepted: "
                                        "{accepted}", value=repr(value), close=", ".join(close),
                                        accepted=shown))
    return ScenarioError(field, msg("unknown value {value} Accepted: {accepted}",
                                    value=repr(value), accepted=shown))


def _factor_prov(field: str, factor: refdata.Factor, unit: str | None = None) -> Provenance:
    status = "assumption" if factor.status == "assumption" else "default"
    return Provenance(field, factor.value, unit or factor.unit, status, factor.cite(),
                      factor.low, factor.high)


def resolve_grid(location: dict[str, Any]) -> tuple[GridFactor, str, str]:
    """Grid intensity for a validated ``location``: (intensity, status, PUE key for the site).

    The explicit ``grid_intensity_g_per_kwh`` wins; then the cloud region; then the country.
    A country (or a region mapped to its country) takes the figure of ``grid_source`` and
    ``grid_year`` when given, else its default (``grid.default_for``).
    """
    region_key = location.get("cloud_region")
    country = location.get("country")
    source_key, year = location.get("grid_source"), location.get("grid_year")
    pue_key = "default"
    found: GridFactor | None = None
    if region_key is not None:
        ours = refdata.cloud_regions()
        google = codecarbon_data.gcp_regions()
        if region_key in google:
            if source_key is not None or year is not None:
                raise ScenarioError("location.grid_source", msg(
                    "applies to a country or to a region mapped to its country; Google's "
                    "regions carry Google's own figure (remove grid_source and grid_year, or "
                    "choose the country)"))
            region_grid, iso3 = google[region_key]
            found = GridFactor(region_grid.intensity_g_per_kwh, region_grid.year,
                               region_grid.label, region_grid.source, region_grid.source_url,
                               iso3 or None, "google")
            pue_key = "hyperscaler"
        elif region_key in ours:
            region = ours[region_key]
            if not grid.for_country(region.country_iso3):  # a data error: the data tests
                raise ScenarioError("location.cloud_region", msg(
                    "{region} maps to {country}, which has no grid data", region=region_key,
                    country=region.country_iso3))
            found = _chosen_grid(region.country_iso3, source_key, year)
            found = found._replace(
                label=msg("{region}, grid of {country_iso3}", region=region.label,
                          country_iso3=region.country_iso3),
                source=msg("{source}; region mapped to its country in data/cloud_regions.csv",
                           source=found.source))
            pue_key = region.pue_key
        else:
            raise _unknown("location.cloud_region", region_key, refdata.all_cloud_region_keys())
    elif country is not None:
        code = country.upper()
        if code not in grid.countries():
            raise _unknown("location.country", country, grid.countries())
        found = _chosen_grid(code, source_key, year)
    elif source_key is not None or year is not None:
        raise ScenarioError("location.grid_source", msg(
            "needs a country or a cloud region: the source's figure is that country's"))
    explicit = location.get("grid_intensity_g_per_kwh")
    if explicit is not None:
        label = found.label if found else msg("given in the scenario")
        return (GridFactor(float(explicit), None, label, msg("entered in the scenario"), "",
                           found.country_iso3 if found else None), "entered", pue_key)
    if found is None:
        raise ScenarioError("location", msg("give one of country (e.g. FRA), cloud_region (e.g. "
                                            "gcp:europe-west9) or grid_intensity_g_per_kwh"))
    return found, "default", pue_key


def _chosen_grid(iso3: str, source_key: str | None, year: int | None) -> GridFactor:
    try:
        return grid.choose(iso3, source_key, year)
    except grid.GridChoiceError as exc:
        raise ScenarioError(exc.field, exc.message) from None


ENTERED = msg("entered by the user")


def _electricity_benefit(ben: dict[str, Any], field: str, electricity: str,
                         grid_used: GridFactor, grid_status: str) -> Provenance:
    """One kWh, one factor: electricity saved on the grid the computing draws from is valued
    with the footprint's own factor (same source and year, and the same draw in the Monte
    Carlo: ``factor_from_grid``); on another grid, with that country's default. Sets the
    benefit's country and factor; returns the factor's provenance."""
    where = electricity if electricity != "any" else ben.get("country") or \
        grid_used.country_iso3
    if where is None:
        raise ScenarioError(f"{field}.country", msg(
            "is required: the country where the electricity is saved (ISO 3166 alpha-3, e.g. "
            "FRA); the computing's grid names no country"))
    ben["country"] = where
    factor_field = f"{field}.factor_kgco2e_per_unit"
    same_grid = grid_used.country_iso3 == where and grid_used.source_key != "google"
    ben["factor_from_grid"] = same_grid
    if same_grid:
        ben["factor_kgco2e_per_unit"] = grid_used.intensity_g_per_kwh / G_PER_KG
        source = ENTERED if grid_status == "entered" else grid_used.cite()
        return Provenance(factor_field, ben["factor_kgco2e_per_unit"], "kgCO2e/kWh",
                          "entered" if grid_status == "entered" else "default",
                          msg("the grid factor of the footprint, same source and year: "
                              "{source}", source=source))
    other = grid.default_for(where)
    ben["factor_kgco2e_per_unit"] = other.intensity_g_per_kwh / G_PER_KG
    return Provenance(factor_field, ben["factor_kgco2e_per_unit"], "kgCO2e/kWh", "default",
                      other.cite())


def resolve(data: dict[str, Any]) -> Scenario:
    """Validate ``data`` and fill every default; returns a Scenario. Raises ScenarioError."""
    validate(data)
    raw = copy.deepcopy(data)
    res = copy.deepcopy(data)
    user_ranges = _extract_ranges(res)  # res now holds the likely values
    prov: list[Provenance] = []

    def entered(field: str, value: Any, unit: str, source: Any = ENTERED,
                spread: tuple[float, float] | None = None) -> None:
        given = user_ranges.get(field)
        low, high = (given[0], given[2]) if given else (spread or (None, None))
        prov.append(Provenance(field, value, unit, "entered", source, low, high))

    horizon = float(res["horizon_years"])
    entered("horizon_years", horizon, "years")
    res.setdefault("description", "")

    # location
    loc = res["location"]
    if "country" in loc and "cloud_region" in loc:
        raise ScenarioError("location", msg("give either country or cloud_region, not both"))
    grid_used, grid_status, pue_key = resolve_grid(loc)
    grid_citation = ENTERED if grid_status == "entered" else grid_used.cite()
    if "country" in loc:
        loc["country"] = loc["country"].upper()
    grid_range = user_ranges.get("location.grid_intensity_g_per_kwh")
    prov.append(Provenance("location.grid_intensity_g_per_kwh", grid_used.intensity_g_per_kwh,
                           "gCO2e/kWh", grid_status,
                           grid_citation,
                           grid_range[0] if grid_range else None,
                           grid_range[2] if grid_range else None))
    loc["grid_intensity_g_per_kwh"] = grid_used.intensity_g_per_kwh
    pues = refdata.factors("pue.csv")
    if "pue" in loc:
        entered("location.pue", loc["pue"], "ratio")
    else:
        loc["pue"] = pues[pue_key].value
        prov.append(_factor_prov("location.pue", pues[pue_key]))
    if "renewable_share" in loc:
        entered("location.renewable_share", loc["renewable_share"], "fraction")
    else:
        loc["renewable_share"] = 0.0

    accelerators = refdata.factors("accelerators.csv")
    utilisations = refdata.factors("utilisation.csv")

    def resolve_device(dev: dict[str, Any], field: str) -> None:
        model = dev.get("model")
        if "power_w" in dev:
            entered(f"{field}.power_w", dev["power_w"], "W")
        else:
            if model is None:
                raise ScenarioError(f"{field}.power_w", msg(
                    "is required when no model is given (rated power in W, e.g. 400)"))
            if model not in accelerators:
                raise _unknown(f"{field}.model", model, accelerators)
            dev["power_w"] = accelerators[model].value
            prov.append(_factor_prov(f"{field}.power_w", accelerators[model]))
        dev.setdefault("count", 1)
        if "utilisation" in dev:
            entered(f"{field}.utilisation", dev["utilisation"], "fraction")
        elif model in accelerators:
            # the measured average draw of the device's family over the power above
            average = utilisations[accelerators[model].extra["utilisation_key"]]
            dev["utilisation"] = average.value
            prov.append(_factor_prov(f"{field}.utilisation", average))
        else:
            dev["utilisation"] = 1.0
            prov.append(Provenance(f"{field}.utilisation", 1.0, "fraction", "assumption",
                                   msg("Assumption: the power entered is drawn the whole time "
                                       "(give a utilisation if it is a rated power)")))

    train = res.setdefault("training", {})
    train.setdefault("energy_kwh", 0.0)
    train.setdefault("devices", [])
    train.setdefault("runs", 1)
    train.setdefault("retrains_per_year", 0)
    measured = train.get("measurement")
    if measured and train["energy_kwh"]:
        given = user_ranges.get("training.energy_kwh")
        prov.append(Provenance(
            "training.energy_kwh", train["energy_kwh"], "kWh", "measured",
            msg("measured with CodeCarbon {versions}: {runs} run(s) from {files}",
                versions=", ".join(measured.get("codecarbon_versions", [])),
                runs=measured["runs"], files=", ".join(measured.get("files", [])) or "-"),
            given[0] if given else None, given[2] if given else None))
    elif train["energy_kwh"]:
        entered("training.energy_kwh", train["energy_kwh"], "kWh")
    for i, dev in enumerate(train["devices"]):
        resolve_device(dev, f"training.devices[{i}]")

    inf = res.setdefault("inference", {})
    inf.setdefault("requests_per_day", 0)
    inf.setdefault("energy_wh_per_request", 0.0)
    inf.setdefault("per_request_includes_pue", False)
    inf.setdefault("devices", [])
    inf.setdefault("days_per_year", 365)
    inf_measured = inf.get("measurement")
    if inf_measured and inf["energy_wh_per_request"]:
        if "requests" not in inf_measured:
            raise ScenarioError("inference.measurement.requests", msg(
                "is required: the requests served during the measured runs (a whole number "
                "from 1)"))
        given = user_ranges.get("inference.energy_wh_per_request")
        prov.append(Provenance(
            "inference.energy_wh_per_request", inf["energy_wh_per_request"], "Wh", "measured",
            msg("measured with CodeCarbon: {runs} run(s) serving {requests_number} requests, "
                "from {files}", runs=inf_measured["runs"],
                requests_number=inf_measured["requests"],
                files=", ".join(inf_measured.get("files", [])) or "-"),
            given[0] if given else None, given[2] if given else None))
    hosted = inf.get("hosted_model")
    if hosted:
        entered("inference.hosted_model.requests_per_day", hosted["requests_per_day"],
                "requests/day")
        source = msg("EcoLogits {version}: {provider} {model}, {tokens} output tokens, at the "
                     "provider's data centre (its grid and PUE)",
                     version=hosted["ecologits_version"], provider=hosted["provider"],
                     model=hosted["model"], tokens=hosted["output_tokens_per_request"])
        for key, unit in (("energy_kwh_per_request", "kWh"),
                          ("usage_kgco2e_per_request", "kgCO2e"),
                          ("embodied_kgco2e_per_request", "kgCO2e")):
            field = f"inference.hosted_model.{key}"
            given = user_ranges.get(field)
            prov.append(Provenance(field, hosted[key], unit, "default", source,
                                   given[0] if given else None, given[2] if given else None))
    if inf["requests_per_day"] and not inf["energy_wh_per_request"]:
        raise ScenarioError("inference.energy_wh_per_request", msg(
            "is required when requests_per_day is given (Wh per request, e.g. 0.3 for an LLM "
            "answer)"))
    for i, dev in enumerate(inf["devices"]):
        resolve_device(dev, f"inference.devices[{i}]")
        dev.setdefault("hours_per_day", 24)

    embodied = refdata.factors("embodied.csv")
    lifetimes = refdata.factors("lifetimes.csv")
    masses = refdata.factors("masses.csv")
    transport = refdata.factors("transport.csv")
    allocation = refdata.factors("allocation.csv")
    for i, item in enumerate(res.setdefault("hardware", [])):
        field = f"hardware[{i}]"
        kind = item["kind"]
        known = kind in embodied
        for key, table, unit in (("embodied_kgco2e", embodied, "kgCO2e"),
                                 ("lifetime_years", lifetimes, "years")):
            if key in item:
                entered(f"{field}.{key}", item[key], unit)
            elif known:
                item[key] = table[kind].value
                prov.append(_factor_prov(f"{field}.{key}", table[kind]))
            else:
                raise ScenarioError(f"{field}.{key}", msg(
                    "is required for kind {kind}, which is not in data/embodied.csv (known "
                    "kinds: {kinds})", kind=repr(kind), kinds=", ".join(sorted(embodied))))
        item.setdefault("count", 1)
        if "use_years" in item:
            entered(f"{field}.use_years", item["use_years"], "years")
        else:
            item["use_years"] = horizon
        item.setdefault("share", 1.0)
        condition = item.setdefault("condition", "new")
        item["condition_factor"] = allocation[f"condition_{condition}"].value
        prov.append(_factor_prov(f"{field}.condition_factor",
                                 allocation[f"condition_{condition}"]))
        item["transport_km"] = item.get("transport_km", 0.0)
        mode = item.setdefault("transport_mode", "road")
        item["transport_factor_kgco2e_per_tonne_km"] = transport[mode].value
        if item["transport_km"] > 0:
            entered(f"{field}.transport_km", item["transport_km"], "km")
            prov.append(_factor_prov(f"{field}.transport_factor_kgco2e_per_tonne_km",
                                     transport[mode]))
            if "mass_kg" in item:
                entered(f"{field}.mass_kg", item["mass_kg"], "kg")
            elif kind in masses:
                item["mass_kg"] = masses[kind].value
                prov.append(_factor_prov(f"{field}.mass_kg", masses[kind]))
            else:
                raise ScenarioError(f"{field}.mass_kg", msg(
                    "is required to count transport for kind {kind} (shipped mass of one item "
                    "in kg)", kind=repr(kind)))
        else:
            item.setdefault("mass_kg", masses[kind].value if kind in masses else 0.0)

    net = res.setdefault("network", {})
    net.setdefault("gb_per_year", 0.0)
    if "kwh_per_gb" in net:
        entered("network.kwh_per_gb", net["kwh_per_gb"], "kWh/GB")
    else:
        factor = refdata.factors("network.csv")["network_kwh_per_gb"]
        net["kwh_per_gb"] = factor.value
        if net["gb_per_year"]:
            prov.append(_factor_prov("network.kwh_per_gb", factor))

    benefit_factors = refdata.factors("benefits.csv")
    spread = refdata.factors("policy.csv")["benefit_quantity_spread"]
    for i, ben in enumerate(res.setdefault("benefits", [])):
        field = f"benefits[{i}]"
        kind = ben["kind"]
        quantity = ben["quantity_per_year"]
        entered(f"{field}.quantity_per_year", quantity,
                benefit_factors[kind].unit.split("/")[1] + "/year"
                if kind in benefit_factors else "unit/year",
                source=msg("entered by the user; range plus or minus {spread_share}: {source}",
                           spread_share=spread.value, source=spread.cite())
                if f"{field}.quantity_per_year" not in user_ranges else ENTERED,
                spread=(quantity * (1 - spread.value), quantity * (1 + spread.value)))
        electricity = benefit_factors[kind].extra["electricity_grid"] \
            if kind in benefit_factors else ""
        if "country" in ben:
            if electricity != "any":
                raise ScenarioError(f"{field}.country", msg(
                    "applies only to electricity saved in a country you name (kind "
                    "electricity_kwh); this benefit's kind is {kind}", kind=repr(kind)))
            ben["country"] = ben["country"].upper()
            if ben["country"] not in grid.countries():
                raise _unknown(f"{field}.country", ben["country"], grid.countries())
        if "factor_kgco2e_per_unit" in ben:
            entered(f"{field}.factor_kgco2e_per_unit", ben["factor_kgco2e_per_unit"],
                    benefit_factors[kind].unit if kind in benefit_factors else "kgCO2e/unit")
            if electricity:  # the user's own factor: compared with the footprint's below
                ben["factor_from_grid"] = False
        elif electricity:
            prov.append(_electricity_benefit(ben, field, electricity, grid_used, grid_status))
        elif kind in benefit_factors:
            ben["factor_kgco2e_per_unit"] = benefit_factors[kind].value
            prov.append(_factor_prov(f"{field}.factor_kgco2e_per_unit", benefit_factors[kind]))
        else:
            raise _unknown(f"{field}.kind", kind, benefit_factors)
        if "attribution" in ben:
            entered(f"{field}.attribution", ben["attribution"], "fraction")
        else:
            ben["attribution"] = 1.0
            prov.append(Provenance(f"{field}.attribution", 1.0, "fraction", "assumption",
                                   msg("Assumption: the whole benefit is credited to the AI")))

    res.setdefault("alternative", None)
    pol = res.setdefault("policy", {})
    if "committee_threshold_kgco2e_per_year" in pol:
        entered("policy.committee_threshold_kgco2e_per_year",
                pol["committee_threshold_kgco2e_per_year"], "kgCO2e/year")
    else:
        factor = refdata.factors("policy.csv")["committee_threshold"]
        pol["committee_threshold_kgco2e_per_year"] = factor.value
        prov.append(_factor_prov("policy.committee_threshold_kgco2e_per_year", factor))
    ranges = {p.field: (p.low, p.value, p.high) for p in prov
              if p.low is not None and p.high is not None and p.low != p.high}
    ranges.update({f: r for f, r in user_ranges.items() if r[0] != r[2]})
    return Scenario(raw, res, tuple(prov), grid_used, grid_status, grid_citation,
                    _input_warnings(res, prov, grid_used),
                    tuple(dict(p._asdict(), label=fields.label(p.field, res)[0])
                          for p in prov), ranges)


OLD_GRID_YEAR = 2020  # grid data older than this gets a warning


def _input_warnings(res: dict[str, Any], prov: list[Provenance],
                    grid_used: GridFactor) -> tuple[str, ...]:
    out = []
    if res["alternative"] is None:
        out.append(msg("warn_no_alternative"))
    if not res["benefits"]:
        out.append(msg("warn_no_benefits"))
    if grid_used.year is not None and grid_used.year < OLD_GRID_YEAR:
        out.append(msg("warn_old_grid", year=grid_used.year))
    by_field = {p.field: p for p in prov}
    defaulted = [b["label"] for i, b in enumerate(res["benefits"])
                 if by_field[f"benefits[{i}].attribution"].status == "assumption"]
    if defaulted:
        out.append(msg("warn_attribution", items=defaulted))
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
    any line uses at once), named with ``names`` (model key -> its name for a reader)."""
    accelerators = refdata.factors("accelerators.csv")
    kinds = {item.get("kind") for item in data.get("hardware") or ()}
    counts: dict[str, int] = {}
    for phase in ("training", "inference"):
        for dev in (data.get(phase) or {}).get("devices") or ():
            known = accelerators.get(dev.get("model"))
            if not known or not known.extra["embodied_kind"] or \
                    known.extra["embodied_kind"] in kinds:
                continue
            count = dev.get("count", 1)
            counts[dev["model"]] = max(counts.get(dev["model"], 0),
                                       count if isinstance(count, int) else 1)
    return [{"name": names.get(model, model), "kind": accelerators[model].extra["embodied_kind"],
             "count": count} for model, count in counts.items()]


# Forward migrations of the scenario format: {from_version: (what changes, function)}. Each
# function takes a scenario of ``from_version`` and returns it in ``from_version + 1``. Empty
# while the format is at its first version; a change to SCENARIO_SCHEMA that refuses files
# valid before must bump SCHEMA_VERSION and add its step here, so saved scenarios still open.
MIGRATIONS: dict[int, tuple[str, Any]] = {}


def migrate(data: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """``data`` brought to SCHEMA_VERSION, with one sentence per step applied. A version with no
    path to the current one is returned unchanged (validation then names it)."""
    version = data.get("schema_version") if isinstance(data, dict) else None
    if not isinstance(version, int) or isinstance(version, bool) or version >= SCHEMA_VERSION:
        return data, []
    steps = []
    for step in range(version, SCHEMA_VERSION):
        if step not in MIGRATIONS:
            return data, []
        steps.append(step)
    data, notes = copy.deepcopy(data), []
    for step in steps:
        description, function = MIGRATIONS[step]
        data = function(data)
        data["schema_version"] = step + 1
        notes.append(f"schema version {step} to {step + 1}: {description}")
    return data, notes


def load(source: str | bytes | dict[str, Any]) -> Scenario:
    """Parse (when text or bytes), migrate from an older format version, and resolve a
    scenario. Raises ScenarioError."""
    data = source if isinstance(source, dict) else parse_json(source)
    return resolve(migrate(data)[0])
