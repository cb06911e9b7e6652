"""The scenario a user writes, as types: every key, its type, its bounds and what it means.

The JSON Schema that ``python -m calculators schema`` prints, that ``validate`` checks, that
the widgets take their bounds from and the errors their words from, is generated from these
types (``generate``) into ``scenario.schema.json``; ``make schema`` writes it again and a test
fails when the file and the types differ. Only that generation imports this module (and
pydantic): the app and the command line read the JSON file.

A continuous input is marked ``Uncertain``: it also accepts a range
``{"low": .., "likely": .., "high": ..}`` whose three values obey the same bounds (``resolve``
keeps the likely value and the range for the Monte Carlo).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal, Optional

from pydantic import Field, TypeAdapter
from pydantic.json_schema import GenerateJsonSchema
from typing_extensions import Required, TypedDict

from .. import finance, frugality, grid, refdata, registration
from ..impacts import others
from ..i18n import plain
from .paths import RANGE_KEYS

from .schema import SCHEMA_FILE, SCHEMA_VERSION
_CLOSED = {"extra": "forbid"}  # no key the types do not name


@dataclass(frozen=True)
class Uncertain:
    """A continuous input: a number, or a range of numbers that obey the same bounds."""

    description: str

    def __get_pydantic_json_schema__(self, core_schema: Any, handler: Any) -> dict[str, Any]:
        number = dict(handler(core_schema), description=self.description)
        bound = {k: v for k, v in number.items() if k != "description"}
        return {"description": self.description + "; a number, or a range {low, likely, high}",
                "anyOf": [number, {"type": "object", "additionalProperties": False,
                                   "required": list(RANGE_KEYS),
                                   "properties": {k: dict(bound) for k in RANGE_KEYS}}]}


def _text(description: str, min_length: int | None = None, max_length: int | None = None,
          pattern: str | None = None) -> Any:
    return Annotated[str, Field(description=description, min_length=min_length,
                                max_length=max_length, pattern=pattern)]


def _texts(description: str, max_items: int, max_length: int) -> Any:
    return Annotated[list[Annotated[str, Field(max_length=max_length)]],
                     Field(description=description, max_length=max_items)]


_COUNTRY = "^[A-Za-z]{3}$"
_DEVICE_MODEL = _text("device model, a key of data/accelerators.csv (e.g. a100_sxm4) or any "
                      "name when power_w is given", 1, 100)
_POWER_W = Annotated[float, Field(gt=0, le=5000), Uncertain(
    "rated power of one device in W (e.g. 400 for an A100 SXM4); default from "
    "data/accelerators.csv by model. A power published 'adjusted for PUE' (Meta's model cards) "
    "already holds the data centre's overhead: divide it by the PUE")]


class TrainingDevice(TypedDict, total=False):
    """devices used for one training run"""

    __pydantic_config__ = _CLOSED
    model: _DEVICE_MODEL
    count: Annotated[int, Field(ge=1, le=1_000_000, description="number of devices (e.g. 8)")]
    power_w: _POWER_W
    hours: Required[Annotated[float, Field(ge=0, le=100_000_000), Uncertain(
        "hours each device runs for one training, in h (e.g. 100)")]]
    utilisation: Annotated[float, Field(ge=0, le=1), Uncertain(
        "average power over rated power, 0 to 1 (default: the measured average of the device's "
        "family in training, data/utilisation.csv: 0.43 for a GPU; 1 for a power entered for a "
        "device the data does not know). Give 1 when power_w is already a measured average")]


class Measurement(TypedDict, total=False):
    """a CodeCarbon measurement behind the energy figure (set by the import)"""

    __pydantic_config__ = _CLOSED
    source: Required[Annotated[Literal["codecarbon"], Field(
        description="where the measurement comes from")]]
    files: _texts("names of the emissions.csv files read", 100, 300)
    projects: _texts("project names of the runs kept", 100, 300)
    runs: Required[Annotated[int, Field(ge=1, le=1_000_000,
                                        description="number of runs kept")]]
    duration_s: Annotated[float, Field(ge=0, le=1e12,
                                       description="total duration of the runs, in s")]
    energy_kwh: Required[Annotated[float, Field(
        ge=0, le=1e10, description="energy as CodeCarbon reports it (its PUE included), in kWh")]]
    it_energy_kwh: Required[Annotated[float, Field(
        ge=0, le=1e10, description="IT energy (CodeCarbon's energy divided by its PUE), in kWh")]]
    codecarbon_emissions_kgco2e: Required[Annotated[float, Field(
        ge=0, le=1e10, description="CodeCarbon's own emissions figure, in kgCO2e")]]
    countries: _texts("countries CodeCarbon counted the grid of", 300, 3)
    codecarbon_versions: _texts("CodeCarbon versions that wrote the files", 50, 50)
    requests: Annotated[float, Field(
        ge=1, le=1e12, description="requests served during the measured runs (inference only)")]


class HostedModel(TypedDict, total=False):
    """an LLM called through a provider's API; figures computed by EcoLogits"""

    __pydantic_config__ = _CLOSED
    provider: Required[_text("provider as EcoLogits names it (e.g. openai, mistralai)", 1, 100)]
    model: Required[_text("model name as EcoLogits lists it (e.g. gpt-4o-mini)", 1, 200)]
    output_tokens_per_request: Required[Annotated[int, Field(
        ge=1, le=1_000_000, description="tokens generated per request (e.g. 300 for a short "
                                        "answer)")]]
    requests_per_day: Required[Annotated[float, Field(ge=0, le=1e11), Uncertain(
        "requests a day to the hosted model (e.g. 2000)")]]
    energy_kwh_per_request: Required[Annotated[float, Field(ge=0, le=1e3), Uncertain(
        "EcoLogits' energy of one request, provider's data centre included, in kWh")]]
    usage_kgco2e_per_request: Required[Annotated[float, Field(ge=0, le=1e3), Uncertain(
        "EcoLogits' usage emissions of one request, at the provider's grid, in kgCO2e")]]
    embodied_kgco2e_per_request: Required[Annotated[float, Field(ge=0, le=1e3), Uncertain(
        "EcoLogits' embodied emissions of one request, in kgCO2e")]]
    water_l_per_request: Annotated[float, Field(ge=0, le=1e6), Uncertain(
        "EcoLogits' water of one request (the provider's cooling and its electricity's "
        "generation), in L")]
    adpe_kgsbeq_per_request: Annotated[float, Field(ge=0, le=1e3), Uncertain(
        "EcoLogits' depletion of metals and minerals of one request (usage and embodied), in "
        "kg Sb eq")]
    pe_mj_per_request: Annotated[float, Field(ge=0, le=1e6), Uncertain(
        "EcoLogits' primary energy of one request (usage and embodied), in MJ")]
    ecologits_version: Required[_text("EcoLogits version that computed the figures",
                                      max_length=50)]
    warnings: _texts("EcoLogits' own warnings on these figures", 20, 500)


class ServingDevice(TypedDict, total=False):
    """devices serving the model"""

    __pydantic_config__ = _CLOSED
    model: _DEVICE_MODEL
    count: Annotated[int, Field(ge=1, le=1_000_000,
                                description="number of serving devices (e.g. 1)")]
    power_w: _POWER_W
    utilisation: Annotated[float, Field(ge=0, le=1), Uncertain(
        "average power over rated power, 0 to 1 (default: the measured average of the device's "
        "family for its load, data/utilisation.csv: 0.25 for a GPU serving requests as they "
        "come, 0.43 kept busy)")]
    load: Annotated[Literal["intermittent", "continuous"], Field(description=(
        "what the device does: intermittent (serves requests as they come, idle between them: "
        "a public service's usual case; default) or continuous (kept busy, requests batched); "
        "sets its default utilisation"))]
    hours_per_day: Annotated[float, Field(ge=0, le=24), Uncertain(
        "hours a day the device is on, in h/day (default 24)")]


class Location(TypedDict, total=False):
    """where the computing runs"""

    __pydantic_config__ = _CLOSED
    country: _text("ISO 3166 alpha-3 code of the data centre's country (e.g. FRA)",
                   pattern=_COUNTRY)
    cloud_region: _text("cloud region as provider:region (e.g. gcp:europe-west9, ovh:gra)",
                        3, 60)
    grid_intensity_g_per_kwh: Annotated[float, Field(ge=0, le=2000), Uncertain(
        "grid carbon intensity in gCO2e/kWh, when known (e.g. 46 for France); it replaces the "
        "figure of the country or region")]
    grid_source: Annotated[Literal[grid.SOURCE_KEYS], Field(  # type: ignore[valid-type]
        description="where the country's grid intensity comes from: ademe (ADEME Base "
                    "Empreinte, France's default), codecarbon (Our World in Data, the default "
                    "elsewhere) or ecologits")]
    grid_year: Annotated[int, Field(ge=1990, le=2100, description=(
        "the year of the source's figure (default: its latest), for a source with several "
        "years"))]
    pue: Annotated[float, Field(ge=1, le=3), Uncertain(
        "power usage effectiveness of the data centre, 1.0 to 3.0 (1.1 hyperscaler, 1.58 "
        "average, 2.0 local server room)")]
    renewable_share: Annotated[float, Field(ge=0, le=1), Uncertain(
        "share of electricity covered by a renewable contract, 0 to 1 (used for the "
        "market-based figure only)")]
    cooling: Annotated[Literal[tuple(refdata.factors("water.csv"))], Field(  # type: ignore[misc]
        description="how the data centre is cooled, a row of data/water.csv giving its on-site "
                    "water (default average: cooling not known)")]
    wue_onsite_l_per_kwh: Annotated[float, Field(ge=0, le=20), Uncertain(
        "water the data centre consumes on site (cooling towers, humidification) per kWh of IT "
        "energy, its WUE, in L/kWh (e.g. 1.8 on average, 0 for dry cooling); it replaces the "
        "figure of the cooling")]
    electricity_water_l_per_kwh: Annotated[float, Field(ge=0, le=500), Uncertain(
        "water consumed to generate one kWh of the electricity used, in L/kWh (e.g. 3.7 for "
        "France; default: the country's figure in EcoLogits' electricity mixes)")]


class Training(TypedDict, total=False):
    """training of the model"""

    __pydantic_config__ = _CLOSED
    energy_kwh: Annotated[float, Field(ge=0, le=1e10), Uncertain(
        "IT energy of one training run already known (e.g. measured with CodeCarbon), in kWh")]
    devices: Annotated[list[TrainingDevice], Field(
        max_length=50, description="devices used for one training run")]
    runs: Annotated[int, Field(ge=1, le=100_000, description=(
        "training runs before deployment, experiments and tuning included (>= 1, e.g. 10)"))]
    retrains_per_year: Annotated[float, Field(ge=0, le=10_000), Uncertain(
        "retrainings a year during the service life (e.g. 4)")]
    measurement: Measurement


class Inference(TypedDict, total=False):
    """use of the model in service"""

    __pydantic_config__ = _CLOSED
    requests_per_day: Annotated[float, Field(ge=0, le=1e11), Uncertain(
        "requests a day (e.g. 10000)")]
    energy_wh_per_request: Annotated[float, Field(ge=0, le=1e6), Uncertain(
        "energy of one request in Wh (about 0.001-0.01 small classifier, 0.01-0.1 vision model, "
        "0.3-3 LLM answer)")]
    per_request_includes_pue: Annotated[bool, Field(description=(
        "true when energy_wh_per_request already includes the data centre's overhead (default "
        "false: PUE is applied)"))]
    devices: Annotated[list[ServingDevice], Field(
        max_length=50, description="devices dedicated to serving the model")]
    days_per_year: Annotated[float, Field(gt=0, le=366), Uncertain(
        "days of service a year (default 365)")]
    measurement: Measurement
    hosted_model: HostedModel
    served_per_year: Annotated[float, Field(gt=0, le=1e15, description=(
        "how many units the service delivers a year (requests answered, images sorted, km of "
        "network watched...), for the carbon per unit served (SCI); not used for the energy. "
        "Default: the requests of the per-request figure, else a hosted model's"))]
    served_unit: _text("what one unit served is, in a few words (e.g. 'request', 'image "
                       "sorted'); default 'request'", 1, 60)


class Hardware(TypedDict, total=False):
    __pydantic_config__ = _CLOSED
    name: Required[_text("what the item is", 1, 200)]
    kind: Required[_text("a key of data/embodied.csv (e.g. server_rack, gpu_datacentre, sensor) "
                         "or any name when embodied_kgco2e and lifetime_years are given", 1, 100)]
    count: Annotated[int, Field(ge=1, le=1_000_000, description="number of items (default 1)")]
    embodied_kgco2e: Annotated[float, Field(ge=0, le=10_000_000), Uncertain(
        "manufacturing emissions of one new item in kgCO2e (e.g. 1300 for a rack server)")]
    lifetime_years: Annotated[float, Field(gt=0, le=50), Uncertain(
        "total service life of the item in years (e.g. 5)")]
    use: Annotated[Literal["service", "training", "hours"], Field(description=(
        "how the project uses it, which sets the part of its manufacturing charged: service "
        "(bought or owned for the project and used while it runs: use_years of its "
        "lifetime_years; default), training (used only to train the model: the training's "
        "hours, runs and retrainings included, of its lifetime hours), hours (rented or used by "
        "the hour, e.g. a cloud GPU: use_hours of its lifetime hours)"))]
    use_years: Annotated[float, Field(gt=0, le=50), Uncertain(
        "years this project uses it, with use service (default: the horizon)")]
    use_hours: Annotated[float, Field(gt=0, le=500_000), Uncertain(
        "hours of use charged to this project over the whole horizon, for one item, with use "
        "hours (required) or training (instead of the training's hours), e.g. 400")]
    share: Annotated[float, Field(gt=0, le=1), Uncertain(
        "part of the item this project uses, 0 to 1 (0.5 when shared with one other authority; "
        "default 1)")]
    condition: Annotated[Literal["new", "refurbished", "reused"], Field(description=(
        "new, refurbished, or reused (second-hand or already owned); default new"))]
    mass_kg: Annotated[float, Field(ge=0, le=100_000), Uncertain(
        "shipped mass of one item in kg (e.g. 25 for a rack server)")]
    transport_km: Annotated[float, Field(ge=0, le=50_000), Uncertain(
        "distance from origin to site in km (e.g. 19000 from Taiwan by sea; default 0)")]
    transport_mode: Annotated[Literal["sea", "air", "road", "rail"], Field(
        description="sea, air, road or rail (default road)")]


class Network(TypedDict, total=False):
    """data moved over networks"""

    __pydantic_config__ = _CLOSED
    gb_per_year: Annotated[float, Field(ge=0, le=1e12), Uncertain(
        "data moved over networks a year in GB (e.g. 500)")]
    kwh_per_gb: Annotated[float, Field(ge=0, le=10), Uncertain(
        "network electricity intensity in kWh/GB (default from data/network.csv)")]


class Benefit(TypedDict, total=False):
    __pydantic_config__ = _CLOSED
    label: Required[_text("what is avoided", 1, 200)]
    kind: Required[_text("a key of data/benefits.csv (e.g. drinking_water_m3, car_km) or "
                         "kgco2e", 1, 100)]
    quantity_per_year: Required[Annotated[float, Field(ge=0, le=1e12), Uncertain(
        "quantity avoided a year, in the kind's unit")]]
    factor_kgco2e_per_unit: Annotated[float, Field(ge=0, le=1e7), Uncertain(
        "your own emission factor in kgCO2e per unit (overrides data/)")]
    factor_source: _text("where your own factor comes from (e.g. the water utility's 2024 "
                         "carbon footprint, page 12): shown beside it wherever it is used",
                         1, 500)
    attribution: Annotated[float, Field(ge=0, le=1), Uncertain(
        "share of the benefit due to the AI, 0 to 1 (not given: counted as 1, and the verdict "
        "is to be completed until it is)")]
    country: _text("for electricity saved (kind electricity_kwh): ISO 3166 alpha-3 code of the "
                   "country where it is saved (default: where the computing runs)",
                   pattern=_COUNTRY)


class Alternative(TypedDict):
    __pydantic_config__ = _CLOSED
    description: _text("what the alternative is", 1, 2000)
    footprint_kgco2e_per_year: Annotated[float, Field(ge=0, le=1e10), Uncertain(
        "its footprint in kgCO2e/year")]
    benefits_kgco2e_per_year: Annotated[float, Field(ge=0, le=1e10), Uncertain(
        "its avoided emissions in kgCO2e/year")]


# the committee's own settings: its thresholds, then each criterion's significant-harm threshold
# (its record: calculators.impacts; ``make schema`` writes a new criterion's into the schema)
Policy = TypedDict("Policy", {  # type: ignore[misc]
    "committee_threshold_kgco2e_per_year": Annotated[float, Field(ge=0, le=1e10, description=(
        "yearly footprint above which a general-interest project goes to the ethics committee, "
        "in kgCO2e/year (default from data/policy.csv)"))],
    "probability_threshold": Annotated[float, Field(gt=0.5, le=0.999, description=(
        "probability the convention's rule must reach for a positive verdict (and one minus it "
        "for a negative one), above 0.5 and at most 0.999 (default 0.9)"))],
    **{c.policy_key: Annotated[float, Field(ge=0, le=c.harm.maximum_per_year,
                                            description=c.harm.description)]
       for c in others()}}, total=False)
Policy.__doc__ = "the committee's own settings"
Policy.__pydantic_config__ = _CLOSED  # type: ignore[attr-defined]


_EUR = 1e12  # no public project spends a thousand billion euros: above is a typing error


class Finance(TypedDict, total=False):
    """financial costs and gains, in euros as the budget counts them (the same taxes in every
    figure); an amount left out is 0"""

    __pydantic_config__ = _CLOSED
    hardware_eur: Annotated[float, Field(ge=0, le=_EUR, description=(
        "investment in hardware bought for the project, in EUR (e.g. 45000 for 300 sensors)"))]
    development_eur: Annotated[float, Field(ge=0, le=_EUR, description=(
        "development and set-up paid once (staff, contractors, data preparation), in EUR "
        "(e.g. 80000)"))]
    licences_eur: Annotated[float, Field(ge=0, le=_EUR, description=(
        "licences and subscriptions paid once, in EUR (e.g. 0 for open source)"))]
    running_eur_per_year: Annotated[float, Field(ge=0, le=_EUR, description=(
        "running costs a year (hosting, energy, maintenance, yearly licences, staff), in "
        "EUR/year (e.g. 12000)"))]
    gains_eur_per_year: Annotated[float, Field(ge=0, le=_EUR, description=(
        "financial gains declared a year (spending avoided, savings), in EUR/year (e.g. "
        "60000)"))]
    start_year: Annotated[int, Field(
        ge=finance.first_year(), le=finance.last_year(), description=(
            "first year of service, for France's value of climate action (its trajectory "
            f"covers {finance.first_year()} to {finance.last_year()}; default: this year)"))]


_Answer = Literal["yes", "no", "unknown"]
# one key per question of the checklist (calculators/frugality.py), its words as description
Frugality = TypedDict("Frugality", {  # type: ignore[misc]
    q.key: Annotated[_Answer, Field(description=q.question)] for q in frugality.QUESTIONS},
    total=False)
Frugality.__doc__ = ("the frugality checklist (calculators/frugality.py): each answer yes, no "
                     "or unknown; a question left out is 'not answered'")
Frugality.__pydantic_config__ = _CLOSED  # type: ignore[attr-defined]


def _registration_field(field: registration.Field) -> Any:
    words = f"{field.label}: {field.help}"
    if field.kind == "choice":
        return Annotated[Literal[tuple(c for c, _ in field.choices)],  # type: ignore[misc]
                         Field(description=words)]
    if field.kind == "count":
        return Annotated[int, Field(ge=0, le=1_000_000_000, description=words)]
    pattern = {"email": registration.EMAIL, "url": registration.URL}.get(field.kind)
    # an empty text is a field cleared on purpose (the authority's setting no longer applies)
    return _text(words, max_length=field.max_chars,
                 pattern=None if pattern is None else f"{pattern}|^$")


# what the public algorithm registers ask that the balance does not say (calculators/
# registration.py): the Eurocities standard's attribute names, and Etalab's items
Registration = TypedDict("Registration", {  # type: ignore[misc]
    f.key: _registration_field(f) for f in registration.FIELDS}, total=False)
Registration.__doc__ = ("the project's entry in the public algorithm registers (Eurocities "
                        "ATS 0.3.1, Etalab's inventory), each field optional until it is "
                        "published")
Registration.__pydantic_config__ = _CLOSED  # type: ignore[attr-defined]


class ScenarioInput(TypedDict, total=False):
    """AI project environmental balance scenario"""

    __pydantic_config__ = _CLOSED
    schema_version: Required[Annotated[Literal[SCHEMA_VERSION], Field(  # type: ignore[valid-type]
        description=f"always {SCHEMA_VERSION}")]]
    name: Required[_text("project name", 1, 200)]
    description: _text("what the project does, in a few sentences", max_length=5000)
    notes: _texts("free comments: where the figures come from, hypotheses", 100, 2000)
    domain: Required[Annotated[Literal["climate", "general_interest"], Field(description=(
        "climate: AI serving a climate policy (energy, water, environment, waste, mobility); "
        "general_interest: health, social, administration..."))]]
    horizon_years: Required[Annotated[float, Field(gt=0, le=30, description=(
        "service life over which the balance is drawn, in years (e.g. 5)"))]]
    location: Required[Location]
    training: Training
    inference: Inference
    hardware: Annotated[list[Hardware], Field(
        max_length=200, description="equipment whose manufacturing is charged to the project")]
    network: Network
    benefits: Annotated[list[Benefit], Field(
        max_length=100, description="emissions the project is declared to avoid")]
    frugality: Frugality
    finance: Finance
    alternative: Annotated[Optional[Alternative], Field(description=(
        "null when no non-AI alternative was considered; otherwise the best way to reach the "
        "same goal without AI"))]
    policy: Policy
    registration: Registration


class _Generator(GenerateJsonSchema):
    """pydantic's JSON Schema, written as the scenario's schema has always been written."""

    def field_title_should_be_set(self, schema: Any) -> bool:
        return False  # no title made up from each key

    def nullable_schema(self, schema: Any) -> dict[str, Any]:
        # null first: the errors describe the object form (scenario/errors.py)
        return {"oneOf": [{"type": "null"}, self.generate_inner(schema["schema"])]}

    def literal_schema(self, schema: Any) -> dict[str, Any]:
        out = super().literal_schema(schema)
        out.pop("type", None)  # an enum or a constant says its type itself
        return out


def _inline(node: Any, defs: dict[str, Any]) -> Any:
    """Every ``$ref`` replaced by what it names (the pages and the errors walk the tree)."""
    if isinstance(node, list):
        return [_inline(v, defs) for v in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        target = dict(defs[node["$ref"].rsplit("/", 1)[1]])
        target.update({k: v for k, v in node.items() if k != "$ref"})
        node = target
    return {k: _inline(v, defs) for k, v in node.items() if k != "title"}


def generate() -> dict[str, Any]:
    """The scenario's JSON Schema, from ``ScenarioInput``."""
    raw = TypeAdapter(ScenarioInput).json_schema(schema_generator=_Generator)
    defs = raw.pop("$defs", {})
    body = plain(_inline(raw, defs))  # the frugality questions' descriptions are messages
    body.pop("description", None)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"https://example.invalid/ai-balance/scenario-v{SCHEMA_VERSION}.json",
            "title": "AI project environmental balance scenario", **body}


def write() -> Path:
    """Write ``generate()`` into ``SCHEMA_FILE`` (``make schema``)."""
    SCHEMA_FILE.write_text(json.dumps(generate(), indent=2, ensure_ascii=False) + "\n",
                           encoding="utf-8")
    return SCHEMA_FILE


if __name__ == "__main__":
    print(write())
