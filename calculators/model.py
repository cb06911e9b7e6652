"""The numeric model: every figure of the balance from a resolved scenario.

Array-safe: each number of the resolved scenario may be a float (``evaluate``) or a numpy array
of samples (``uncertainty``), and the same arithmetic, in the same order, runs on both. So a
Monte Carlo run whose ranges all have zero width gives exactly the deterministic figures.
``numbers`` returns ``Figures``, typed (named tuples: immutable and quick to build): emissions in kgCO2e over the horizon unless the field
says ``_per_year``; energy in kWh. The footprint is held per criterion and phase
(``Figures.impacts``, see ``impacts``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from . import (balance, benefits, embodied, inference, location, network, resources, training,
               transport, water)
from .impacts import PhaseImpacts
from .scenario.paths import copy_tree, set_value
from .units import HOURS_PER_YEAR

if TYPE_CHECKING:
    from .impacts import Quantity
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
    water: WaterFigures
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


def use_hours(item: dict, training_devices: list, trainings_count: Quantity) -> Quantity:
    """Hours one item of equipment used by the hour or for training is charged for, over the
    horizon (h): those entered, or the training's (hours of one run x the trainings)."""
    if "use_hours" in item:
        return item["use_hours"]
    return training.item_hours_per_run(training_devices, item["kind"],
                                       item["count"]) * trainings_count


def _use_years(item: dict, training_devices: list, trainings_count: Quantity) -> Quantity:
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


def numbers(res: ResolvedScenario) -> Figures:
    """The figures of ``res`` (a resolved scenario; its numbers floats or arrays)."""
    horizon = res["horizon_years"]
    loc = res["location"]
    intensity = loc["grid_intensity_g_per_kwh"]
    pue = loc["pue"]

    train = res["training"]
    it_per_run_kwh = train["energy_kwh"]
    for d in train["devices"]:
        it_per_run_kwh = it_per_run_kwh + training.device_energy_kwh(
            d["count"], d["power_w"], d["utilisation"], d["hours"])
    n_trainings = training.trainings_count(train["runs"], train["retrains_per_year"], horizon)
    per_run_kwh = location.facility_energy_kwh(it_per_run_kwh, pue)
    training_kwh = per_run_kwh * n_trainings
    per_run_kgco2e = location.emissions_kgco2e(per_run_kwh, intensity)

    inf = res["inference"]
    days = inf["days_per_year"]
    req_given_kwh_year = inference.requests_energy_kwh_per_year(
        inf["requests_per_day"], inf["energy_wh_per_request"], days)
    if inf["per_request_includes_pue"]:
        req_kwh_year, req_it_kwh_year = req_given_kwh_year, req_given_kwh_year / pue
    else:
        req_kwh_year = location.facility_energy_kwh(req_given_kwh_year, pue)
        req_it_kwh_year = req_given_kwh_year
    serving_kwh_year = 0.0
    for d in inf["devices"]:
        serving_kwh_year = serving_kwh_year + inference.serving_energy_kwh_per_year(
            d["count"], d["power_w"], d["utilisation"], d["hours_per_day"], days)
    dev_kwh_year = location.facility_energy_kwh(serving_kwh_year, pue)
    local_inference_kwh_year = req_kwh_year + dev_kwh_year
    # a hosted model: EcoLogits' figures at the provider's data centre, used as they are
    hosted = inf.get("hosted_model")
    if hosted:
        hosted_requests_year = hosted["requests_per_day"] * days
        hosted_kwh_year = hosted_requests_year * hosted["energy_kwh_per_request"]
        hosted_usage_year = hosted_requests_year * hosted["usage_kgco2e_per_request"]
        hosted_embodied_year = hosted_requests_year * hosted["embodied_kgco2e_per_request"]
        # absent from a hosted model imported before they were counted: not counted (the
        # result says so)
        hosted_water_l_year = hosted_requests_year * hosted.get("water_l_per_request", 0.0)
        hosted_adpe_kgsbeq_year = hosted_requests_year * hosted.get(
            "adpe_kgsbeq_per_request", 0.0)
        hosted_pe_mj_year = hosted_requests_year * hosted.get("pe_mj_per_request", 0.0)
    else:
        hosted_kwh_year = hosted_usage_year = hosted_embodied_year = 0.0
        hosted_water_l_year = hosted_adpe_kgsbeq_year = hosted_pe_mj_year = 0.0
    inference_kwh_year = local_inference_kwh_year + hosted_kwh_year

    net_cfg = res["network"]
    network_kwh_year = network.network_energy_kwh_per_year(net_cfg["gb_per_year"],
                                                           net_cfg["kwh_per_gb"])

    items = []
    embodied_total = transport_total = embodied_adpe_kgsbeq = embodied_pe_mj = 0.0
    for item in res["hardware"]:
        use_years = _use_years(item, train["devices"], n_trainings)
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
        # metals and primary energy of manufacturing: the carbon's allocation (zero for a kind
        # without a published figure)
        charged_share = item["count"] * alloc * item["condition_factor"]
        embodied_adpe_kgsbeq = embodied_adpe_kgsbeq + charged_share * item["adpe_kgsbeq"]
        embodied_pe_mj = embodied_pe_mj + charged_share * item["pe_mj"]
        items.append(HardwareFigures(as_new, charge, moved, life_share))

    # electricity saved on the computing's own grid takes its intensity: the same draw as the
    # footprint's in the Monte Carlo (see scenario.defaults._electricity_benefit)
    benefit_per_year = tuple([benefits.benefit_kgco2e_per_year(
        b["quantity_per_year"], benefits.electricity_factor_kgco2e_per_kwh(intensity)
        if b.get("factor_from_grid") else b["factor_kgco2e_per_unit"], b["attribution"])
        for b in res["benefits"]])
    benefits_per_year = 0.0
    for per_year in benefit_per_year:
        benefits_per_year = benefits_per_year + per_year
    benefits_total = benefits_per_year * horizon
    # what the benefits save of the other criteria: water (its litres, or the water of the
    # electricity saved: the footprint's own factor on the same grid), metals and primary
    # energy (electricity saved)
    electricity_water_l_per_kwh = loc["electricity_water_l_per_kwh"]
    saved_year = {"water": 0.0, "adpe": 0.0, "pe": 0.0}
    for b in res["benefits"]:
        quantity, attribution = b["quantity_per_year"], b["attribution"]
        saved_year["water"] = saved_year["water"] + water.water_saved_l_per_year(
            quantity, electricity_water_l_per_kwh if b["water_from_grid"]
            else b["water_l_per_unit"], attribution)
        saved_year["adpe"] = saved_year["adpe"] + resources.electricity_saved_per_year(
            quantity, b["adpe_kgsbeq_per_unit"], attribution)
        saved_year["pe"] = saved_year["pe"] + resources.electricity_saved_per_year(
            quantity, b["pe_mj_per_unit"], attribution)

    # water: on site per kWh of IT energy, off site per kWh drawn (Li et al. 2023), each part
    # once, then summed by phase and by where it is consumed
    wue_l_per_kwh = loc["wue_onsite_l_per_kwh"]
    local_inference_kwh = local_inference_kwh_year * horizon
    network_kwh = network_kwh_year * horizon
    training_onsite_l = water.onsite_water_l(it_per_run_kwh * n_trainings, wue_l_per_kwh)
    training_offsite_l = water.offsite_water_l(training_kwh, electricity_water_l_per_kwh)
    inference_onsite_l = water.onsite_water_l(
        (req_it_kwh_year + serving_kwh_year) * horizon, wue_l_per_kwh)
    inference_offsite_l = water.offsite_water_l(local_inference_kwh,
                                                electricity_water_l_per_kwh)
    network_offsite_l = water.offsite_water_l(network_kwh, electricity_water_l_per_kwh)
    water_fig = WaterFigures(
        onsite=training_onsite_l + inference_onsite_l,
        offsite=training_offsite_l + inference_offsite_l + network_offsite_l,
        hosted=hosted_water_l_year * horizon)
    water_impacts = PhaseImpacts(
        training=training_onsite_l + training_offsite_l,
        inference=inference_onsite_l + inference_offsite_l + water_fig.hosted,
        embodied=0.0, transport=0.0, network=network_offsite_l)

    def drawn(factor_per_kwh: Quantity, embodied_total: Quantity, hosted_total: Quantity
              ) -> PhaseImpacts:
        """A criterion counted per kWh drawn (metals, primary energy), manufacturing beside."""
        return PhaseImpacts(
            training=resources.electricity_impact(training_kwh, factor_per_kwh),
            inference=(resources.electricity_impact(local_inference_kwh, factor_per_kwh)
                       + hosted_total),
            embodied=embodied_total, transport=0.0,
            network=resources.electricity_impact(network_kwh, factor_per_kwh))

    adpe = drawn(loc["electricity_adpe_kgsbeq_per_kwh"], embodied_adpe_kgsbeq,
                 hosted_adpe_kgsbeq_year * horizon)
    primary = drawn(loc["electricity_pe_mj_per_kwh"], embodied_pe_mj,
                    hosted_pe_mj_year * horizon)

    gwp = PhaseImpacts(
        training=location.emissions_kgco2e(training_kwh, intensity),
        inference=(location.emissions_kgco2e(local_inference_kwh_year * horizon, intensity)
                   + hosted_usage_year * horizon),
        embodied=embodied_total + hosted_embodied_year * horizon,
        transport=transport_total,
        network=location.emissions_kgco2e(network_kwh_year * horizon, intensity),
    )
    total = gwp.total
    initial_training = per_run_kgco2e * train["runs"]
    alt = res["alternative"]
    return Figures(
        horizon_years=horizon, intensity_g_per_kwh=intensity, pue=pue,
        impacts={"gwp": gwp, "water": water_impacts, "adpe": adpe, "pe": primary},
        saved={key: per_year * horizon for key, per_year in saved_year.items()},
        water=water_fig,
        energy_kwh=EnergyFigures(training_kwh, inference_kwh_year * horizon,
                                 network_kwh_year * horizon),
        per_run_kgco2e=per_run_kgco2e, trainings_count=n_trainings,
        initial_training_kgco2e=initial_training,
        requests_kwh_per_year=req_kwh_year, devices_kwh_per_year=dev_kwh_year,
        hardware=tuple(items), benefit_kgco2e_per_year=benefit_per_year,
        benefits_kgco2e_per_year=benefits_per_year, benefits_kgco2e=benefits_total,
        net_kgco2e=balance.net_kgco2e(benefits_total, total),
        # the project's own equipment is paid once; a hosted model's manufacturing share comes
        # with each request, so it is recurring (counted once: in recurring, not here)
        one_off_kgco2e=initial_training + embodied_total + transport_total,
        recurring_kgco2e_per_year=(per_run_kgco2e * train["retrains_per_year"]
                                   + location.emissions_kgco2e(local_inference_kwh_year
                                                               + network_kwh_year, intensity)
                                   + hosted_usage_year + hosted_embodied_year),
        local_energy_kwh=training_kwh + (local_inference_kwh_year + network_kwh_year) * horizon,
        hosted=HostedFigures(hosted_kwh_year * horizon, hosted_usage_year * horizon,
                             hosted_embodied_year * horizon),
        alternative_net_kgco2e=None if alt is None else balance.net_kgco2e(
            alt["benefits_kgco2e_per_year"], alt["footprint_kgco2e_per_year"]) * horizon,
        own_datacentre_kgco2e=gwp.training + gwp.inference - hosted_usage_year * horizon,
        pue_exposed_kgco2e=(location.emissions_kgco2e(
            training_kwh + dev_kwh_year * horizon, intensity)
            + (0.0 if inf["per_request_includes_pue"]
               else location.emissions_kgco2e(req_kwh_year * horizon, intensity))),
    )
