"""What a validated scenario is made of: the provenance of each value used, the scenario itself
(the user's input, the same with every default filled, the grid applied, the ranges), and the
types of the resolved scenario the model reads (``ResolvedScenario``).

The input a user writes is typed in ``input_types.py`` (``ScenarioInput``), from which its
JSON Schema is generated (``schema.SCENARIO_SCHEMA``: the contract other tools read, from which
the widgets take their bounds and the errors their words). ``resolve`` turns it into a
``ResolvedScenario``: every key the model reads is there, every
range replaced by its likely value (the Monte Carlo puts arrays of samples in a copy: see
``uncertainty``). A test validates the resolved form of every example and test case against
these types with pydantic in strict mode, unknown keys refused, so they cannot drift.
"""

from __future__ import annotations

from typing import Any, Literal, NamedTuple, Optional

from typing_extensions import NotRequired, TypedDict

from ..grid import GridFactor
from ..i18n import Text


class Provenance(NamedTuple):
    """Where one value used in the calculation comes from."""

    field: str
    value: Any
    unit: str
    status: str  # entered | measured | default | assumption
    source: Text  # a Message, or a str quoted as published
    low: float | None = None   # the range used for uncertainty, when there is one
    high: float | None = None


class Location(TypedDict):
    country: NotRequired[str]              # ISO 3166 alpha-3, upper case
    cloud_region: NotRequired[str]         # provider:region
    grid_source: NotRequired[str]
    grid_year: NotRequired[int]
    grid_intensity_g_per_kwh: float        # the one applied to every kWh
    pue: float
    renewable_share: float                 # 0 to 1, for the market-based figure only
    cooling: str                           # a row of data/water.csv
    wue_onsite_l_per_kwh: float            # on-site water per kWh of IT energy
    electricity_water_l_per_kwh: float     # water of generating a kWh drawn
    electricity_adpe_kgsbeq_per_kwh: float  # metals and minerals of a kWh drawn (EcoLogits)
    electricity_pe_mj_per_kwh: float       # primary energy of a kWh drawn (EcoLogits)


class Measurement(TypedDict):
    """A CodeCarbon measurement behind an energy figure (set by the import)."""

    source: Literal["codecarbon"]
    files: NotRequired[list[str]]
    projects: NotRequired[list[str]]
    runs: int
    duration_s: NotRequired[float]
    energy_kwh: float                      # as CodeCarbon reports it, its PUE included
    it_energy_kwh: float
    codecarbon_emissions_kgco2e: float
    countries: NotRequired[list[str]]
    codecarbon_versions: NotRequired[list[str]]
    requests: NotRequired[float]


class TrainingDevice(TypedDict):
    model: NotRequired[str]
    count: int
    power_w: float
    hours: float                           # for one training run
    utilisation: float                     # average power over rated power, 0 to 1
    embodied_kind: str                     # its kind in data/embodied.csv ("" unknown)


class Training(TypedDict):
    energy_kwh: float                      # IT energy of one run already known
    devices: list[TrainingDevice]
    runs: int
    retrains_per_year: float
    measurement: NotRequired[Measurement]


class ServingDevice(TypedDict):
    model: NotRequired[str]
    count: int
    power_w: float
    utilisation: float
    embodied_kind: str                     # its kind in data/embodied.csv ("" unknown)
    load: Literal["intermittent", "continuous"]
    hours_per_day: float


class HostedModel(TypedDict):
    """An LLM called through a provider's API; figures computed by EcoLogits."""

    provider: str
    model: str
    output_tokens_per_request: int
    requests_per_day: float
    energy_kwh_per_request: float
    usage_kgco2e_per_request: float
    embodied_kgco2e_per_request: float
    water_l_per_request: NotRequired[float]      # absent: imported before water was counted
    adpe_kgsbeq_per_request: NotRequired[float]
    pe_mj_per_request: NotRequired[float]
    ecologits_version: str
    warnings: NotRequired[list[str]]


class Inference(TypedDict):
    requests_per_day: float
    energy_wh_per_request: float
    per_request_includes_pue: bool
    devices: list[ServingDevice]
    days_per_year: float
    measurement: NotRequired[Measurement]
    hosted_model: NotRequired[HostedModel]
    served_per_year: NotRequired[float]  # units served a year, for the rate (sci)
    served_unit: NotRequired[str]        # what one unit is (default: a request)


class Hardware(TypedDict):
    name: str
    kind: str
    count: int
    embodied_kgco2e: float                 # one new item
    lifetime_years: float
    use: Literal["service", "training", "hours"]
    use_years: float                       # with use service (the horizon by default)
    use_hours: NotRequired[float]          # with use hours, or training when entered
    share: float
    condition: Literal["new", "refurbished", "reused"]
    condition_factor: float                # data/allocation.csv
    mass_kg: float
    transport_km: float
    transport_mode: Literal["sea", "air", "road", "rail"]
    transport_factor_kgco2e_per_tonne_km: float
    adpe_kgsbeq: float                     # metals of one new item (0: no published figure)
    pe_mj: float                           # primary energy of one new item (0: none)


class Network(TypedDict):
    gb_per_year: float
    kwh_per_gb: float


class Benefit(TypedDict):
    label: str
    kind: str
    quantity_per_year: float
    factor_kgco2e_per_unit: float
    attribution: float
    country: NotRequired[str]              # electricity saved: where
    factor_from_grid: NotRequired[bool]    # electricity saved on the computing's own grid
    water_l_per_unit: float                # water saved per unit (0: none counted)
    water_from_grid: bool                  # takes the location's electricity water instead
    adpe_kgsbeq_per_unit: float            # electricity saved: its metals (0 otherwise)
    pe_mj_per_unit: float                  # electricity saved: its primary energy


class Alternative(TypedDict):
    description: str
    footprint_kgco2e_per_year: float
    benefits_kgco2e_per_year: float


# the committee's settings, by key: committee_threshold_kgco2e_per_year, probability_threshold
# when set, and each criterion's significant_harm_<stem>_per_year (impacts.Criterion.policy_key:
# a criterion added brings its own)
Policy = dict[str, float]


class Finance(TypedDict):
    """Every amount filled (0 when left out), in EUR or EUR/year."""

    hardware_eur: float
    development_eur: float
    licences_eur: float
    running_eur_per_year: float
    gains_eur_per_year: float
    start_year: int


class ResolvedScenario(TypedDict):
    """A scenario with every default filled: what ``model.numbers`` reads."""

    schema_version: Literal[2]
    name: str
    description: str
    notes: NotRequired[list[str]]
    domain: Literal["climate", "general_interest"]
    horizon_years: float
    location: Location
    training: Training
    inference: Inference
    hardware: list[Hardware]
    network: Network
    benefits: list[Benefit]
    frugality: NotRequired[dict[str, Literal["yes", "no", "unknown"]]]
    alternative: Optional[Alternative]
    finance: Optional[Finance]  # None when no amount was given
    policy: Policy
    registration: NotRequired[dict[str, Any]]  # as given: the register's, not the balance's


class Scenario(NamedTuple):
    """A validated scenario: the user's input, the same with every default filled in, the
    provenance of every value used, and the grid intensity applied."""

    raw: dict[str, Any]
    resolved: ResolvedScenario
    provenance: tuple[Provenance, ...]
    grid: GridFactor
    grid_status: str
    grid_citation: Text  # the grid intensity's source as people read it
    input_warnings: tuple[Text, ...]  # warnings that depend on the inputs alone
    provenance_rows: tuple[dict[str, Any], ...]  # the provenance as dicts, built once
    # (low, likely, high) of every uncertain value, by field path of ``resolved``
    ranges: dict[str, tuple[float, float, float]]


# Read by pydantic (tests): no key the types do not name, no coercion. A plain dict, so
# importing this module does not import pydantic.
for _type in (Location, Measurement, TrainingDevice, Training, ServingDevice, HostedModel,
              Inference, Hardware, Network, Benefit, Alternative, Finance, ResolvedScenario):
    _type.__pydantic_config__ = {  # type: ignore[union-attr]
        "strict": True, "extra": "forbid"}
