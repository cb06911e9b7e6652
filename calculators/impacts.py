"""What the footprint is counted in: its phases and its criteria, each criterion one record.

A phase is a part of the project's life (training, inference, manufacturing, transport,
network); a criterion is what is counted: greenhouse gases (kgCO2e), water consumed (L), the
depletion of metals and minerals (kg Sb eq) and primary energy (MJ).

Everything the tool knows of a criterion is its ``Criterion`` record below: its keys in the
scenario and in the result, unit and words, the phases it counts, how it is written beside
larger amounts, its significant-harm threshold and message, where its factors come from
(a kWh of electricity, manufacturing, a hosted model's request, a benefit) and its formulas,
which read what the project draws and uses (``Activity``, built phase by phase by
``model.numbers``). The model, the evaluation, the Monte Carlo, the scenario's defaults, the
tables and CSV, Compare, the charts, the verdict page and the dossier all read ``CRITERIA``.
A new criterion is one call of ``add`` (``tests/test_criterion.py`` adds one end to end; the
README's recipe follows its steps).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple

from . import location, resources, water
from .i18n import N_, add_amount_suffix, msg
from .units import L_PER_M3, MJ_PER_GJ

if TYPE_CHECKING:
    from .ecologits_data import ElectricityMix
    from .refdata import Factor
    from .units import Quantity

PHASES = ("training", "inference", "embodied", "transport", "network")
PHASE_LABELS = {
    "training": msg("Training"), "inference": msg("Inference"),
    "embodied": msg("Manufacturing of equipment"), "transport": msg("Transport of equipment"),
    "network": msg("Data moved over networks"),
}


class PhaseImpacts(NamedTuple):
    """One criterion's figure for each phase of the project's life, over the horizon (its
    fields in the order of ``PHASES``)."""

    training: Quantity
    inference: Quantity
    embodied: Quantity
    transport: Quantity
    network: Quantity

    @property
    def total(self) -> Quantity:
        return self.training + self.inference + self.embodied + self.transport + self.network

    def by_phase(self, phases: tuple[str, ...] = PHASES) -> dict[str, Any]:
        """The ``phases`` counted and their total, as the result's JSON holds them (a phase a
        criterion does not count is left out, not written as zero)."""
        out = {phase: getattr(self, phase) for phase in phases}
        out["total"] = self.total
        return out


class Activity(NamedTuple):
    """What the project draws and uses, phase by phase, that every criterion's formulas read
    (``model.numbers`` builds it; floats, or arrays of samples). Energy in kWh, PUE included
    unless said ``it`` (the IT equipment's own); ``_year``: per year, else over the horizon."""

    horizon_years: Quantity
    location: Mapping[str, Any]         # the resolved scenario's location: its factors per kWh
    training_kwh: Quantity
    training_it_kwh: Quantity
    local_inference_kwh_year: Quantity  # drawn at the scenario's own location
    inference_it_kwh_year: Quantity
    network_kwh_year: Quantity
    hosted: Mapping[str, Any] | None    # a hosted model's figures per request, or None
    hosted_requests_year: Quantity
    hosted_usage_kgco2e_year: Quantity
    hosted_embodied_kgco2e_year: Quantity
    # each hardware item with the part of one new item charged (count, life, share, condition)
    hardware: tuple[tuple[Mapping[str, Any], Quantity], ...]
    embodied_kgco2e: Quantity           # manufacturing charged, every item
    transport_kgco2e: Quantity          # transport of equipment charged, every item
    benefits: tuple[Mapping[str, Any], ...]

    local_inference_kwh: Quantity       # local_inference_kwh_year over the horizon
    network_kwh: Quantity               # network_kwh_year over the horizon

    def hosted_total(self, per_request_key: str) -> Quantity:
        """A hosted model's figure ``per_request_key`` over the horizon (0 without a hosted
        model, or for one imported before the figure was counted: the result says so)."""
        if not self.hosted:
            return 0.0 * self.horizon_years
        return (self.hosted_requests_year * self.hosted.get(per_request_key, 0.0)
                * self.horizon_years)


class Harm(NamedTuple):
    """A criterion's significant-harm flag: raised on the verdict when its yearly net
    (saved minus consumed) falls below minus the committee's threshold (carbon's rule still
    decides). The threshold is the scenario's ``policy.significant_harm_<stem>_per_year``."""

    message: str       # the flag's text: a catalogue code, {net_<suffix>}, {threshold_<suffix>}
    maximum_per_year: float  # the largest threshold a scenario may set (a typing error above)
    description: str   # the scenario schema's description of the threshold (English)
    field_label: str   # the Project page's label, with its unit (translated where shown)
    typical: str       # the Project page's typical value
    default: Callable[[], Factor]  # the threshold's default, with its source


def _policy_row(row: str) -> Callable[[], Factor]:
    """A threshold's default: row ``row`` of data/policy.csv."""
    def read() -> Factor:
        from . import refdata
        return refdata.factors("policy.csv")[row]
    return read


Formula = Callable[[Activity, "Criterion"], tuple[PhaseImpacts, dict[str, Any]]]
Saved = Callable[[Activity, "Criterion"], Any]


class Criterion(NamedTuple):
    """One impact criterion: everything the tool knows of it (see the module's text).

    Its scenario keys are made of ``stem`` (``adpe_kgsbeq``): a kWh's factor
    ``location.electricity_<stem>_per_kwh``, a new item's manufacturing ``hardware[i].<stem>``,
    a hosted model's request ``<stem>_per_request``, a unit of electricity saved
    ``benefits[i].<stem>_per_unit``, the threshold ``policy.significant_harm_<stem>_per_year``;
    its amounts in messages are the parameters ``<name>_<suffix>`` (the stem's last part)."""

    key: str
    stem: str
    result_key: str   # the key of the result (and of the CLI's JSON) holding its figures
    saved_key: str    # what the benefits save of it, over the horizon
    net_key: str      # saved minus consumed: positive is good
    unit: str
    label: Any        # a Message: its name in a sentence ("water")
    phases: tuple[str, ...]
    formula: Formula  # its impacts by phase, and the parts it reports (water's: where)
    saved: Saved | None = None  # what the benefits save a year (None: carbon's, the model's)
    harm: Harm | None = None    # None: the criterion that decides the verdict (carbon)
    # a criterion counted per kWh of electricity: a kWh's factor in a country's mix
    electricity: Callable[[ElectricityMix], float] | None = None
    manufacturing_file: str | None = None  # data/ file of a new item's figure, by kind
    ecologits: str | None = None  # the EcoLogits impact of a hosted model's request
    parts: Mapping[str, Any] = MappingProxyType({})  # the parts it reports, their labels
    larger: tuple[str, float] | None = None  # a larger unit for totals: (symbol, how many)
    written: Mapping[str, str] | None = None  # the unit as each language writes it
    own_inputs: tuple[str, ...] = ()  # inputs (last key) that move it alone, not carbon

    @property
    def decides(self) -> bool:
        return self.harm is None

    @property
    def suffix(self) -> str:
        return self.stem.rsplit("_", 1)[1]

    @property
    def electricity_key(self) -> str:
        return f"electricity_{self.stem}_per_kwh"

    @property
    def hosted_key(self) -> str:
        return f"{self.stem}_per_request"

    @property
    def benefit_key(self) -> str:
        return f"{self.stem}_per_unit"

    @property
    def policy_key(self) -> str:
        return f"significant_harm_{self.stem}_per_year"

    @property
    def inputs_alone(self) -> tuple[str, ...]:
        """The inputs that move this criterion and no carbon figure (drawn last in the Monte
        Carlo, so that counting it leaves every carbon figure of a seeded run as it was)."""
        return self.own_inputs + ((self.hosted_key,) if self.ecologits else ())


# -- the formulas: each criterion's impacts by phase, from the project's activity ----------

def carbon(a: Activity, c: Criterion) -> tuple[PhaseImpacts, dict[str, Any]]:
    """Greenhouse gases: energy drawn x the grid's intensity, a hosted model's figures as
    EcoLogits gives them, manufacturing and transport of equipment charged."""
    intensity = a.location["grid_intensity_g_per_kwh"]
    horizon = a.horizon_years
    return PhaseImpacts(
        training=location.emissions_kgco2e(a.training_kwh, intensity),
        inference=(location.emissions_kgco2e(a.local_inference_kwh_year * horizon, intensity)
                   + a.hosted_usage_kgco2e_year * horizon),
        embodied=a.embodied_kgco2e + a.hosted_embodied_kgco2e_year * horizon,
        transport=a.transport_kgco2e,
        network=location.emissions_kgco2e(a.network_kwh_year * horizon, intensity),
    ), {}


def water_consumed(a: Activity, c: Criterion) -> tuple[PhaseImpacts, dict[str, Any]]:
    """Water: on site per kWh of IT energy, off site per kWh drawn (Li et al. 2023), each part
    once, then summed by phase and by where it is consumed (the parts: on site, off site, at a
    hosted model's provider)."""
    wue_l_per_kwh = a.location["wue_onsite_l_per_kwh"]
    per_kwh = a.location[c.electricity_key]
    training_onsite_l = water.onsite_water_l(a.training_it_kwh, wue_l_per_kwh)
    training_offsite_l = water.offsite_water_l(a.training_kwh, per_kwh)
    inference_onsite_l = water.onsite_water_l(a.inference_it_kwh_year * a.horizon_years,
                                              wue_l_per_kwh)
    inference_offsite_l = water.offsite_water_l(a.local_inference_kwh, per_kwh)
    network_offsite_l = water.offsite_water_l(a.network_kwh, per_kwh)
    hosted_l = a.hosted_total(c.hosted_key)
    parts = {"onsite": training_onsite_l + inference_onsite_l,
             "offsite": training_offsite_l + inference_offsite_l + network_offsite_l,
             "hosted": hosted_l}
    return PhaseImpacts(
        training=training_onsite_l + training_offsite_l,
        inference=inference_onsite_l + inference_offsite_l + hosted_l,
        embodied=0.0, transport=0.0, network=network_offsite_l), parts


def water_saved(a: Activity, c: Criterion) -> Any:
    """Water a year the benefits save: their litres, or the water of the electricity saved
    (the footprint's own factor on the same grid)."""
    per_kwh = a.location[c.electricity_key]
    saved: Quantity = 0.0
    for b in a.benefits:
        saved = saved + water.water_saved_l_per_year(
            b["quantity_per_year"], per_kwh if b["water_from_grid"] else b["water_l_per_unit"],
            b["attribution"])
    return saved


def drawn(a: Activity, c: Criterion) -> tuple[PhaseImpacts, dict[str, Any]]:
    """A criterion counted per kWh drawn (metals, primary energy): the energy of each phase x
    the country's factor, a hosted model's requests as EcoLogits counts them, manufacturing
    with the carbon's allocation (zero for a kind without a published figure); transport of
    equipment not counted (no published factor per tonne-km)."""
    per_kwh = a.location[c.electricity_key]
    made: Quantity = 0.0
    for item, charged in a.hardware if c.manufacturing_file else ():
        made = made + charged * item[c.stem]
    return PhaseImpacts(
        training=resources.electricity_impact(a.training_kwh, per_kwh),
        inference=(resources.electricity_impact(a.local_inference_kwh, per_kwh)
                   + a.hosted_total(c.hosted_key)),
        embodied=made, transport=0.0,
        network=resources.electricity_impact(a.network_kwh, per_kwh)), {}


def electricity_saved(a: Activity, c: Criterion) -> Any:
    """What the electricity the benefits save a year would have cost of the criterion."""
    saved: Quantity = 0.0
    for b in a.benefits:
        saved = saved + resources.electricity_saved_per_year(
            b["quantity_per_year"], b[c.benefit_key], b["attribution"])
    return saved


# -- the criteria ------------------------------------------------------------------------

CRITERIA: dict[str, Criterion] = {}
_others: tuple[Criterion, ...] = ()  # others(), made again by add and remove


def add(criterion: Criterion) -> Criterion:
    """Count ``criterion`` from now on (after the others; a key already counted is refused)."""
    if criterion.key in CRITERIA:
        raise ValueError(f"criterion {criterion.key!r} is already counted")
    if not criterion.decides:
        add_amount_suffix(criterion.suffix, criterion.unit, criterion.larger,
                          dict(criterion.written) if criterion.written else None)
    CRITERIA[criterion.key] = criterion
    _counted_again()
    return criterion


def remove(key: str) -> None:
    """Stop counting the criterion ``key`` (a test's throw-away one)."""
    CRITERIA.pop(key)
    _counted_again()


def _counted_again() -> None:
    global _others
    _others = tuple(c for c in CRITERIA.values() if not c.decides)


def others() -> tuple[Criterion, ...]:
    """The criteria besides the one that decides the verdict, in their order: each a flag."""
    return _others


_COUNTED = ("training", "inference", "network", "embodied")

add(Criterion(
    "gwp", "kgco2e", "footprint_kgco2e", "benefits_kgco2e", "net_kgco2e", "kgCO2e",
    msg("greenhouse gases"), PHASES, carbon))
add(Criterion(
    "water", "water_l", "water_l", "water_saved_l", "water_net_l", "L", msg("water"),
    ("training", "inference", "network", "embodied"), water_consumed, water_saved,
    Harm("harm_water", 1e13,
         "yearly net water consumption (consumed minus saved) above which the verdict carries "
         "a significant-harm flag, in L/year (default from data/policy.csv)",
         N_("Significant-harm threshold: water (L per year)"),
         N_("Typical: 100000 (100 m³ a year); lower in a territory in drought"),
         _policy_row("significant_harm_water")),
    electricity=lambda mix: mix.wue_l_per_kwh,
    parts=MappingProxyType({
        "onsite": msg("Water consumed on site (the data centre's cooling)"),
        "offsite": msg("Water consumed generating the electricity"),
        "hosted": msg("Water consumed at the hosted model's provider")}),
    larger=("m³", L_PER_M3),
    ecologits="wcf", own_inputs=("wue_onsite_l_per_kwh", "electricity_water_l_per_kwh")))
add(Criterion(
    "adpe", "adpe_kgsbeq", "adpe_kgsbeq", "adpe_saved_kgsbeq", "adpe_net_kgsbeq", "kgSbeq",
    msg("metals and minerals"), _COUNTED, drawn, electricity_saved,
    Harm("harm_adpe", 1e9,
         "yearly net depletion of metals and minerals above which the verdict carries a "
         "significant-harm flag, in kg Sb eq/year (default from data/policy.csv)",
         N_("Significant-harm threshold: metals and minerals (kg Sb eq per year)"),
         N_("Typical: 0.1 (the metals of about three rack servers a year)"),
         _policy_row("significant_harm_adpe")),
    electricity=lambda mix: mix.adpe_kgsbeq_per_kwh, manufacturing_file="embodied_adpe.csv",
    ecologits="adpe", written=MappingProxyType({"en": "kg Sb eq", "fr": "kg Sb éq"})))
add(Criterion(
    "pe", "pe_mj", "primary_energy_mj", "primary_energy_saved_mj", "primary_energy_net_mj",
    "MJ", msg("primary energy"), _COUNTED, drawn, electricity_saved,
    Harm("harm_pe", 1e13,
         "yearly net primary energy above which the verdict carries a significant-harm flag, "
         "in MJ/year (default from data/policy.csv)",
         N_("Significant-harm threshold: primary energy (MJ per year)"),
         N_("Typical: 360000 (100 MWh of primary energy a year)"),
         _policy_row("significant_harm_pe")),
    electricity=lambda mix: mix.pe_mj_per_kwh, manufacturing_file="embodied_pe.csv",
    ecologits="pe", larger=("GJ", MJ_PER_GJ)))
