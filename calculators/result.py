"""What ``evaluate`` returns, typed: every key of the result, its type and its unit.

The result is a plain dict (the command line prints it as JSON, other tools read its keys, the
pages, the CSV and the dossier read it), described here as ``TypedDict``s. A test validates
the result of every example, golden case and snapshot scenario against ``Result`` with
pydantic in strict mode, unknown keys refused, so these types cannot drift from the code;
``python -m calculators schema --result`` prints the JSON Schema generated from them.

Units: emissions in kgCO2e over the scenario's horizon unless the key says ``_per_year``;
energy in kWh; grid intensities in gCO2e/kWh. A ``Text`` is an ``i18n.Message`` (or a ``str``),
written in the reader's language where it is shown; in JSON, its English (``i18n.plain``).
"""

from __future__ import annotations

from typing import Literal, Optional

from typing_extensions import NotRequired, TypedDict

from .i18n import Message

Text = Message  # an i18n.Message or a str, rendered in the reader's language; a JSON string
Verdict = Literal["positive", "negative", "uncertain", "incomplete"]


class PhaseFigures(TypedDict):
    """One criterion's footprint by phase (``impacts.PHASES``) and its total."""

    training: float
    inference: float
    embodied: float
    transport: float
    network: float
    total: float


class CriterionFigures(TypedDict):
    """Metals (kg Sb eq) or primary energy (MJ) by phase, over the horizon: the phases these
    criteria count (transport of equipment is not counted) and their total."""

    training: float
    inference: float
    network: float
    embodied: float  # manufacturing, where a published figure exists (``not_counted``)
    total: float


class WaterFigures(CriterionFigures):
    """Water consumed over the horizon, in L: by phase, and by where it is consumed
    (``onsite`` + ``offsite`` + ``hosted`` = ``total``; manufacturing water is not counted)."""

    onsite: float   # cooling at the scenario's own data centre (IT energy x on-site WUE)
    offsite: float  # generating its electricity (facility energy x the electricity's water)
    hosted: float   # a hosted model's, at its provider (EcoLogits: both together)


class Harm(TypedDict):
    """A criterion the project worsens beyond the committee's threshold."""

    criterion: Literal["water", "adpe", "pe"]
    net_per_year: float        # saved minus consumed, a year, in the criterion's unit
    threshold_per_year: float  # policy.significant_harm_<criterion>_..._per_year
    text: Text


class EnergyKwh(TypedDict):
    training: float
    inference: float  # a hosted model's included, at the provider's data centre
    network: float
    total: float


class Sci(TypedDict):
    """The Software Carbon Intensity per unit served (``sci.intensity``): ISO/IEC 21031:2024
    and the Green Software Foundation's SCI for AI; emissions over the horizon, rates per unit
    (a request unless the scenario declares its unit)."""

    standard: str
    functional_unit: str                 # "request", or the unit the scenario declares
    units: float                         # units served over the horizon (0: none declared)
    consumer_kgco2e: float               # operation: inference, networks, equipment in service
    provider_kgco2e: float               # training, retrainings and their equipment
    consumer_gco2e_per_unit: Optional[float]  # None when no unit is served
    project_gco2e_per_unit: Optional[float]   # both boundaries
    boundary: Text
    not_drawn: Optional[Text]            # why there is no rate


class GridSource(TypedDict):
    """One source's figure for the scenario's country."""

    source_key: str
    year: Optional[int]
    value: float
    scope: str
    citation: Text
    used: bool


class Spread(TypedDict):
    low: float
    high: float


class GridBlock(TypedDict):
    """The grid intensity used, where it comes from, and every source's figure beside it."""

    value: float
    label: Text
    year: Optional[int]
    source: Text
    source_url: str
    status: str  # entered | default
    source_key: str
    scope: str
    verified: Optional[bool]
    country_iso3: Optional[str]
    citation: Text
    sources: list[GridSource]
    spread_g_per_kwh: Optional[Spread]  # the latest figure of each source
    # the range the uncertainty analysis draws it from (None: exact): the user's own, or the
    # hull of the sources and years (grid.disagreement)
    drawn_g_per_kwh: Optional[Spread]


class ElectricityFactor(TypedDict):
    """A benefit counted in kWh of electricity: its factor beside the footprint's."""

    label: str
    country_iso3: Optional[str]
    saved_g_per_kwh: float
    saved_source: Text
    used_g_per_kwh: float
    same_factor: bool


class ByCondition(TypedDict):
    new: float
    refurbished: float
    reused: float


class Effects(TypedDict, total=False):
    """The change of an item's charge for each condition other than its own and, for an item
    used whole, for sharing it with one other project."""

    new: float
    refurbished: float
    reused: float
    shared_with_one_other: float


class ToComplete(TypedDict):
    """Something the convention's rule needs that the scenario does not say (the verdict is
    then ``incomplete``, "to be completed")."""

    what: Literal["alternative", "attribution"]
    items: list[str]  # the benefits whose attribution is asked for
    text: Text


class RestsOn(TypedDict):
    """A default or assumed value the verdict rests on (``decisive.rests_on``)."""

    field: str
    label: Text
    unit: str
    value: float
    low: Optional[float]    # its own range (None for a benefit that carries the balance)
    high: Optional[float]
    status: Literal["default", "assumption"]
    source: Text
    why: Literal["range", "benefit"]  # the verdict flips in its range; the rule needs it
    share: Optional[float]  # of the avoided emissions, for a benefit
    text: Text


class HardwareRow(TypedDict):
    name: str
    kind: str
    count: int
    condition: Literal["new", "refurbished", "reused"]
    share: float
    use: Literal["service", "training", "hours"]  # how the project uses it
    use_hours: Optional[float]  # hours one item is charged for (None: charged by the year)
    lifetime_hours: float       # its lifetime in hours of round-the-clock service
    life_share: float           # the part of its life charged (0 to 1), before share and condition
    transport_mode: Literal["sea", "air", "road", "rail"]
    embodied_kgco2e: float
    transport_kgco2e: float
    by_condition_kgco2e: ByCondition  # its manufacturing charge in each condition
    effects_kgco2e: Effects           # what each condition (and sharing) would change


class BenefitRow(TypedDict):
    label: str
    kind: str
    quantity_per_year: float
    factor_kgco2e_per_unit: float
    attribution: float
    kgco2e_per_year: float
    kgco2e: float


class Alternative(TypedDict):
    description: str
    net_kgco2e: float
    footprint_kgco2e: float
    benefits_kgco2e: float


class Recommendation(TypedDict):
    # location | pue | refurbished | share | retraining | training_runs | data | transport
    lever: str
    saving_kgco2e: float
    text: Text


class Measurement(TypedDict):
    """A CodeCarbon measurement: its own emissions figure beside ours for the same runs."""

    phase: Literal["training", "inference"]
    runs: int
    it_energy_kwh: float
    codecarbon_emissions_kgco2e: float
    scenario_emissions_kgco2e: float
    why_they_differ: list[Text]


class Declared(TypedDict):
    """What a provider declares of one request, beside EcoLogits' figure for it."""

    label: Text
    unit: str          # kgCO2e/request, L/request or kgSbeq/request
    declared: float    # for this scenario's answer length
    ecologits: float   # EcoLogits' likely figure (greenhouse gases: usage and manufacturing)
    source: Text


class HostedModel(TypedDict):
    provider: str
    model: str
    ecologits_version: str
    energy_kwh: float
    usage_kgco2e: float
    embodied_kgco2e: float
    declared: list[Declared]  # the provider's own figures, drawn with EcoLogits' (empty: none)


class ChecklistRow(TypedDict):
    key: str
    question: Text
    answer: Text
    advice: Optional[Text]
    source: Text
    criteria: list[str]  # the source criteria the question answers ("RGESN 9.4"), if any


class ProvenanceRow(TypedDict):
    field: str
    label: Text
    value: float
    unit: str
    status: Literal["entered", "measured", "default", "assumption", "declared"]
    source: Text
    low: Optional[float]
    high: Optional[float]


class Percentiles(TypedDict):
    p5: float
    p50: float
    p95: float
    mean: float


class Payback(TypedDict):
    probability_within_horizon: float
    p5: NotRequired[float]
    p50: NotRequired[float]
    p95: NotRequired[float]


class BreakEven(TypedDict):
    value: float
    direction: Literal["below", "above"]
    target_net_kgco2e: float
    rule_met_at_likely: bool
    text: Text


class Driver(TypedDict):
    field: str
    label: Text
    unit: str
    low: float
    likely: float
    high: float
    net_at_low_kgco2e: float
    net_at_high_kgco2e: float
    swing_kgco2e: float
    break_even: Optional[BreakEven]


class Uncertainty(TypedDict):
    """The Monte Carlo block (``evaluate(..., samples=N)``; see ``uncertainty.monte_carlo``)."""

    method: Text
    samples: int
    seed: int
    uncertain_inputs: int
    footprint_kgco2e: Percentiles
    benefits_kgco2e: Percentiles
    net_kgco2e: Percentiles
    probability_positive: float
    probability_rule_met: float
    probability_threshold: float
    verdict: Verdict
    committee_review_required: bool
    reasons: list[Text]
    payback_years: Payback
    drivers: list[Driver]
    criteria: dict[str, Percentiles]  # water_l, water_net_l, adpe_kgsbeq, ... over the horizon
    probability_significant_harm: float


class Finance(TypedDict):
    """Costs and gains in euros over the horizon, undiscounted (``finance.figures``)."""

    hardware_eur: float
    development_eur: float
    licences_eur: float
    investment_eur: float                 # hardware + development + licences
    running_eur_per_year: float
    gains_eur_per_year: float
    cost_eur: float                       # investment + running costs over the horizon
    gains_eur: float                      # gains over the horizon
    net_eur: float                        # gains - cost: positive saves money
    investment_to_gains_ratio: Optional[float]  # None without gains
    payback_years: Optional[float]        # None when the gains never exceed the running costs
    avoided_tco2e: float                  # the carbon balance over the horizon, in tCO2e
    cost_eur_per_tco2e: Optional[float]   # (cost - gains) / tonnes avoided; None: none avoided
    climate_value_year: int
    climate_value_eur_per_tco2e: float    # France's value of climate action for that year
    climate_value_source: Text
    climate_value_verified: bool
    within_climate_value: Optional[bool]  # cost per tonne at or below it; None: no tonne
    text: Text


class Result(TypedDict):
    """The result of ``evaluate``: the balance, the verdict and every figure behind it."""

    schema_version: int
    name: str
    domain: Literal["climate", "general_interest"]
    horizon_years: float
    footprint_kgco2e: PhaseFigures  # criterion gwp (impacts.CRITERIA)
    water_l: WaterFigures
    water_saved_l: float    # by the benefits over the horizon (water, and electricity's)
    water_net_l: float      # saved minus consumed: positive is good
    adpe_kgsbeq: CriterionFigures
    adpe_saved_kgsbeq: float
    adpe_net_kgsbeq: float
    primary_energy_mj: CriterionFigures
    primary_energy_saved_mj: float
    primary_energy_net_mj: float
    significant_harm: bool  # a criterion worsens beyond the committee's threshold
    harms: list[Harm]
    not_counted: list[Text]  # what the other criteria leave out for want of a figure
    footprint_kgco2e_per_year: float
    energy_kwh: EnergyKwh
    sci: Sci  # the carbon per request served, beside the totals
    benefits_kgco2e: float
    benefits_kgco2e_per_year: float
    net_kgco2e: float
    benefit_to_footprint_ratio: Optional[float]  # None without a footprint
    payback_years: Optional[float]  # None when never paid back within the horizon
    one_off_kgco2e: float
    recurring_kgco2e_per_year: float
    trainings_count: float
    grid_intensity_g_per_kwh: GridBlock
    electricity_factors: list[ElectricityFactor]
    pue: float
    market_based_footprint_kgco2e: float
    hardware: list[HardwareRow]
    benefits: list[BenefitRow]
    alternative: Optional[Alternative]
    verdict: Literal["positive", "negative", "incomplete"]
    to_complete: list[ToComplete]  # what the rule needs and the scenario does not say
    rests_on: list[RestsOn]  # the default or assumed values that decide the verdict
    missing: list[Text]  # what a scenario lacks before its balance means anything
    committee_review_required: bool
    rule: Text
    reasons: list[Text]
    recommendations: list[Recommendation]
    measurements: list[Measurement]
    hosted_model: Optional[HostedModel]
    finance: Optional[Finance]  # None when the scenario gives no amount
    frugality: list[ChecklistRow]
    warnings: list[Text]
    provenance: list[ProvenanceRow]
    data_version: str
    tool_version: str
    uncertainty: NotRequired[Uncertainty]


# Read by pydantic (tests, ``schema --result``): no key the types do not name, no coercion.
# A plain dict, so importing this module does not import pydantic.
for _type in list(globals().values()):
    if isinstance(_type, type) and _type.__module__ == __name__:
        _type.__pydantic_config__ = {"strict": True, "extra": "forbid"}  # type: ignore[attr-defined]
