"""The numeric model: every figure of the balance from a resolved scenario.

Array-safe: each number of the resolved scenario may be a float (``evaluate``) or a numpy array
of samples (``uncertainty``), and the same arithmetic, in the same order, runs on both. So a
Monte Carlo run whose ranges all have zero width gives exactly the deterministic figures.
``numbers`` returns ``Figures``, typed (named tuples: immutable and quick to build): emissions
in kgCO2e over the horizon unless the field says ``_per_year``; energy in kWh. The footprint
is held per criterion and phase (``Figures.impacts``, see ``impacts``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from . import balance, benefits, embodied, inference, location, network, training, transport
from .impacts import CRITERIA, Activity, PhaseImpacts
from .scenario.paths import copy_tree, set_value
from .units import HOURS_PER_YEAR

if TYPE_CHECKING:
    from .units import Quantity
    from .scenario.types import ResolvedScenario


class HardwareFigures(NamedTuple):
    """One hardware item's charge to the project, over the horizon."""

    as_new_kgco2e: Quantity     # manufacturing charged as if the item were new
    embodied_kgco2e: Quantity   # manufacturing charged, its condition applied
    transport_kgco2e: Quantity  # its transport, allocated as its manufacturing
    life_share: Quantity        # the part of its life charged (0 to 1), before share and condition


class EnergyFigures(NamedTuple):
    """Energy drawn over the horizon, the data centre's overhead (PUE) included, in kWh."""

    training: Quantity
    inference: Quantity  # a hosted model's included, at the provider's data centre
    network: Quantity

    @property
    def total(self) -> Quantity:
        return self.training + self.inference + self.network


class HostedFigures(NamedTuple):
    """A hosted model's figures at the provider's data centre, over the horizon (zero when
    the scenario calls none)."""

    energy_kwh: Quantity
    usage_kgco2e: Quantity
    embodied_kgco2e: Quantity


class WaterFigures(NamedTuple):
    """Water consumed over the horizon (L), by where it is consumed."""

    onsite: Quantity   # at the scenario's own data centre (cooling)
    offsite: Quantity  # where the electricity the scenario draws is generated
    hosted: Quantity   # a hosted model's, at its provider (EcoLogits counts both together)


class Figures(NamedTuple):
    """Every figure of the balance of one resolved scenario (floats, or arrays of samples)."""

    horizon_years: Quantity
    intensity_g_per_kwh: Quantity
    pue: Quantity
    impacts: dict[str, PhaseImpacts]  # by criterion key of ``impacts.CRITERIA``
    saved: dict[str, Quantity]        # what the benefits save over the horizon, by criterion
    parts: dict[str, dict[str, Quantity]]  # the parts a criterion reports (water's: where)
    energy_kwh: EnergyFigures
    per_run_kgco2e: Quantity          # one training run
    trainings_count: Quantity         # training runs over the horizon, retrainings included
    initial_training_kgco2e: Quantity  # the runs before deployment
    requests_kwh_per_year: Quantity   # inference counted per request (PUE applied if asked)
    devices_kwh_per_year: Quantity    # inference counted from serving devices, PUE applied
    hardware: tuple[HardwareFigures, ...]  # in the order of the scenario's hardware
    benefit_kgco2e_per_year: tuple[Quantity, ...]  # in the order of its benefits
    benefits_kgco2e_per_year: Quantity
    benefits_kgco2e: Quantity
    net_kgco2e: Quantity
    one_off_kgco2e: Quantity          # paid once: first trainings, manufacturing, transport
    recurring_kgco2e_per_year: Quantity
    local_energy_kwh: Quantity        # drawn at the scenario's own location
    hosted: HostedFigures
    alternative_net_kgco2e: Quantity | None  # None when no alternative was considered
    # the levers' bases: our own data centre's emissions (a hosted model's are the provider's),
    # and those of the energy a better PUE would reduce
    own_datacentre_kgco2e: Quantity
    pue_exposed_kgco2e: Quantity

    @property
    def footprint_kgco2e(self) -> PhaseImpacts:
        """The greenhouse-gas footprint by phase (criterion ``gwp``)."""
        return self.impacts["gwp"]

    @property
    def water(self) -> WaterFigures:
        """Water consumed by where it is consumed (criterion ``water``'s parts)."""
        return WaterFigures(**self.parts["water"])


def use_hours(item: Mapping[str, Any], training_devices: Sequence[Any],
              trainings_count: Quantity) -> Quantity:
    """Hours one item of equipment used by the hour or for training is charged for, over the
    horizon (h): those entered, or the training's (hours of one run x the trainings)."""
    if "use_hours" in item:
        return item["use_hours"]
    return training.item_hours_per_run(training_devices, item["kind"],
                                       item["count"]) * trainings_count


def _use_years(item: Mapping[str, Any], training_devices: Sequence[Any],
               trainings_count: Quantity) -> Quantity:
    """The part of an item's life the project uses, in years: the years it serves (service),
    or its hours of use counted in years of round-the-clock service (8,760 h)."""
    if item["use"] == "service":
        return item["use_years"]
    return use_hours(item, training_devices, trainings_count) / HOURS_PER_YEAR


def one_at_a_time(res: ResolvedScenario, ranges: list) -> Figures:
    """The figures with each input of ``ranges`` ((path, (low, likely, high)) pairs) at its
    low then its high value, the others at their likely value: one call on arrays of two
    columns an input (2j: input j low, 2j + 1: high), for the sensitivity analysis and for
    what the verdict rests on."""
    k = 2 * len(ranges)
    trial = copy_tree(res)
    for j, (path, (low, likely, high)) in enumerate(ranges):
        column = np.full(k, likely, dtype=float)
        column[2 * j], column[2 * j + 1] = low, high
        set_value(trial, path, column)
    return numbers(trial)


class TrainingFigures(NamedTuple):
    """The training phase: its runs and their energy over the horizon."""

    it_per_run_kwh: Quantity  # the IT equipment's, one run
    per_run_kwh: Quantity     # drawn, PUE included, one run
    runs: Quantity            # runs over the horizon, retrainings included
    kwh: Quantity             # drawn over the horizon
    per_run_kgco2e: Quantity


class InferenceFigures(NamedTuple):
    """The inference phase, per year: energy at the scenario's own location (requests and
    serving devices) and a hosted model's requests at its provider."""

    requests_kwh_year: Quantity   # requests, PUE applied if asked
    requests_it_kwh_year: Quantity
    serving_it_kwh_year: Quantity
    devices_kwh_year: Quantity    # serving devices, PUE applied
    hosted_requests_year: Quantity
    hosted_kwh_year: Quantity
    hosted_usage_kgco2e_year: Quantity
    hosted_embodied_kgco2e_year: Quantity

    @property
    def local_kwh_year(self) -> Quantity:
        return self.requests_kwh_year + self.devices_kwh_year


class HardwarePhase(NamedTuple):
    """Manufacturing and transport of the equipment, over the horizon."""

    items: tuple[HardwareFigures, ...]
    charged: tuple[tuple[Mapping[str, Any], Quantity], ...]  # each item, the part charged
    embodied_kgco2e: Quantity
    transport_kgco2e: Quantity


def _training(res: ResolvedScenario) -> TrainingFigures:
    loc, train = res["location"], res["training"]
    it_per_run_kwh: Quantity = train["energy_kwh"]
    for d in train["devices"]:
        it_per_run_kwh = it_per_run_kwh + training.device_energy_kwh(
            d["count"], d["power_w"], d["utilisation"], d["hours"])
    count = training.trainings_count(train["runs"], train["retrains_per_year"],
                                     res["horizon_years"])
    per_run_kwh = location.facility_energy_kwh(it_per_run_kwh, loc["pue"])
    return TrainingFigures(it_per_run_kwh, per_run_kwh, count, per_run_kwh * count,
                           location.emissions_kgco2e(per_run_kwh,
                                                     loc["grid_intensity_g_per_kwh"]))


def _inference(res: ResolvedScenario) -> InferenceFigures:
    pue = res["location"]["pue"]
    inf = res["inference"]
    days = inf["days_per_year"]
    req_given_kwh_year = inference.requests_energy_kwh_per_year(
        inf["requests_per_day"], inf["energy_wh_per_request"], days)
    if inf["per_request_includes_pue"]:
        req_kwh_year, req_it_kwh_year = req_given_kwh_year, req_given_kwh_year / pue
    else:
        req_kwh_year = location.facility_energy_kwh(req_given_kwh_year, pue)
        req_it_kwh_year = req_given_kwh_year
    serving_kwh_year: Quantity = 0.0
    for d in inf["devices"]:
        serving_kwh_year = serving_kwh_year + inference.serving_energy_kwh_per_year(
            d["count"], d["power_w"], d["utilisation"], d["hours_per_day"], days)
    # a hosted model: EcoLogits' figures at the provider's data centre, used as they are
    hosted = inf.get("hosted_model")
    if hosted:
        requests_year = hosted["requests_per_day"] * days
        hosted_kwh, usage, made = (requests_year * hosted["energy_kwh_per_request"],
                                   requests_year * hosted["usage_kgco2e_per_request"],
                                   requests_year * hosted["embodied_kgco2e_per_request"])
    else:
        requests_year = hosted_kwh = usage = made = 0.0
    return InferenceFigures(req_kwh_year, req_it_kwh_year, serving_kwh_year,
                            location.facility_energy_kwh(serving_kwh_year, pue),
                            requests_year, hosted_kwh, usage, made)


def _hardware(res: ResolvedScenario, train: TrainingFigures) -> HardwarePhase:
    devices = res["training"]["devices"]
    items, charged = [], []
    embodied_total: Quantity = 0.0
    transport_total: Quantity = 0.0
    for item in res["hardware"]:
        use_years = _use_years(item, devices, train.runs)
        life_share = embodied.time_allocation(use_years, item["lifetime_years"])
        alloc = life_share * item["share"]
        as_new = embodied.embodied_charge_kgco2e(
            item["count"], item["embodied_kgco2e"], use_years, item["lifetime_years"],
            item["share"], 1.0)
        charge = as_new * item["condition_factor"]
        moved = transport.transport_kgco2e(
            item["count"], item["mass_kg"], item["transport_km"],
            item["transport_factor_kgco2e_per_tonne_km"], alloc)
        embodied_total = embodied_total + charge
        transport_total = transport_total + moved
        # the other criteria's manufacturing: the carbon's allocation
        charged.append((item, item["count"] * alloc * item["condition_factor"]))
        items.append(HardwareFigures(as_new, charge, moved, life_share))
    return HardwarePhase(tuple(items), tuple(charged), embodied_total, transport_total)


def numbers(res: ResolvedScenario) -> Figures:
    """The figures of ``res`` (a resolved scenario; its numbers floats or arrays): each phase's
    activity (``_training``, ``_inference``, ``_hardware``, the network), then each
    criterion's impacts from it by its formulas (``impacts.CRITERIA``), then the balance."""
    horizon = res["horizon_years"]
    loc = res["location"]
    intensity = loc["grid_intensity_g_per_kwh"]
    pue = loc["pue"]
    train = _training(res)
    inf = _inference(res)
    local_inference_kwh_year = inf.local_kwh_year
    net_cfg = res["network"]
    network_kwh_year = network.network_energy_kwh_per_year(net_cfg["gb_per_year"],
                                                           net_cfg["kwh_per_gb"])
    hw = _hardware(res, train)

    # electricity saved on the computing's own grid takes its intensity: the same draw as the
    # footprint's in the Monte Carlo (see scenario.defaults._electricity_benefit)
    benefit_per_year = tuple([benefits.benefit_kgco2e_per_year(
        b["quantity_per_year"], benefits.electricity_factor_kgco2e_per_kwh(intensity)
        if b.get("factor_from_grid") else b["factor_kgco2e_per_unit"], b["attribution"])
        for b in res["benefits"]])
    benefits_per_year: Quantity = 0.0
    for per_year in benefit_per_year:
        benefits_per_year = benefits_per_year + per_year
    benefits_total = benefits_per_year * horizon

    activity = Activity(
        horizon_years=horizon, location=loc, training_kwh=train.kwh,
        training_it_kwh=train.it_per_run_kwh * train.runs,
        local_inference_kwh_year=local_inference_kwh_year,
        inference_it_kwh_year=inf.requests_it_kwh_year + inf.serving_it_kwh_year,
        network_kwh_year=network_kwh_year, hosted=res["inference"].get("hosted_model"),
        hosted_requests_year=inf.hosted_requests_year,
        hosted_usage_kgco2e_year=inf.hosted_usage_kgco2e_year,
        hosted_embodied_kgco2e_year=inf.hosted_embodied_kgco2e_year,
        hardware=hw.charged, embodied_kgco2e=hw.embodied_kgco2e,
        transport_kgco2e=hw.transport_kgco2e, benefits=tuple(res["benefits"]),
        local_inference_kwh=local_inference_kwh_year * horizon,
        network_kwh=network_kwh_year * horizon)
    counted, saved, parts = {}, {}, {}
    for criterion in CRITERIA.values():
        counted[criterion.key], parts[criterion.key] = criterion.formula(activity, criterion)
        if criterion.saved is not None:
            saved[criterion.key] = criterion.saved(activity, criterion) * horizon

    gwp = counted["gwp"]
    total = gwp.total
    per_run_kgco2e = train.per_run_kgco2e
    initial_training = per_run_kgco2e * res["training"]["runs"]
    hosted_usage_year, hosted_embodied_year = (inf.hosted_usage_kgco2e_year,
                                               inf.hosted_embodied_kgco2e_year)
    alt = res["alternative"]
    return Figures(
        horizon_years=horizon, intensity_g_per_kwh=intensity, pue=pue,
        impacts=counted, saved=saved, parts=parts,
        energy_kwh=EnergyFigures(train.kwh, (local_inference_kwh_year + inf.hosted_kwh_year)
                                 * horizon, network_kwh_year * horizon),
        per_run_kgco2e=per_run_kgco2e, trainings_count=train.runs,
        initial_training_kgco2e=initial_training,
        requests_kwh_per_year=inf.requests_kwh_year, devices_kwh_per_year=inf.devices_kwh_year,
        hardware=hw.items, benefit_kgco2e_per_year=benefit_per_year,
        benefits_kgco2e_per_year=benefits_per_year, benefits_kgco2e=benefits_total,
        net_kgco2e=balance.net_kgco2e(benefits_total, total),
        # the project's own equipment is paid once; a hosted model's manufacturing share comes
        # with each request, so it is recurring (counted once: in recurring, not here)
        one_off_kgco2e=initial_training + hw.embodied_kgco2e + hw.transport_kgco2e,
        recurring_kgco2e_per_year=(per_run_kgco2e * res["training"]["retrains_per_year"]
                                   + location.emissions_kgco2e(local_inference_kwh_year
                                                               + network_kwh_year, intensity)
                                   + hosted_usage_year + hosted_embodied_year),
        local_energy_kwh=train.kwh + (local_inference_kwh_year + network_kwh_year) * horizon,
        hosted=HostedFigures(inf.hosted_kwh_year * horizon, hosted_usage_year * horizon,
                             hosted_embodied_year * horizon),
        alternative_net_kgco2e=None if alt is None else balance.net_kgco2e(
            alt["benefits_kgco2e_per_year"], alt["footprint_kgco2e_per_year"]) * horizon,
        own_datacentre_kgco2e=gwp.training + gwp.inference - hosted_usage_year * horizon,
        pue_exposed_kgco2e=(location.emissions_kgco2e(
            train.kwh + inf.devices_kwh_year * horizon, intensity)
            + (0.0 if res["inference"]["per_request_includes_pue"]
               else location.emissions_kgco2e(inf.requests_kwh_year * horizon, intensity))),
    )
