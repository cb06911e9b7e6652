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

from . import balance, benefits, embodied, inference, location, network, training, transport
from .impacts import PhaseImpacts

if TYPE_CHECKING:
    from .impacts import Quantity
    from .scenario.types import ResolvedScenario


class HardwareFigures(NamedTuple):
    """One hardware item's charge to the project, over the horizon."""

    as_new_kgco2e: Quantity     # manufacturing charged as if the item were new
    embodied_kgco2e: Quantity   # manufacturing charged, its condition applied
    transport_kgco2e: Quantity  # its transport, allocated as its manufacturing


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


class Figures(NamedTuple):
    """Every figure of the balance of one resolved scenario (floats, or arrays of samples)."""

    horizon_years: Quantity
    intensity_g_per_kwh: Quantity
    pue: Quantity
    impacts: dict[str, PhaseImpacts]  # by criterion key of ``impacts.CRITERIA``
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
    req_kwh_year = inference.requests_energy_kwh_per_year(
        inf["requests_per_day"], inf["energy_wh_per_request"], days)
    if not inf["per_request_includes_pue"]:
        req_kwh_year = location.facility_energy_kwh(req_kwh_year, pue)
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
    else:
        hosted_kwh_year = hosted_usage_year = hosted_embodied_year = 0.0
    inference_kwh_year = local_inference_kwh_year + hosted_kwh_year

    net_cfg = res["network"]
    network_kwh_year = network.network_energy_kwh_per_year(net_cfg["gb_per_year"],
                                                           net_cfg["kwh_per_gb"])

    items = []
    embodied_total = transport_total = 0.0
    for item in res["hardware"]:
        alloc = embodied.time_allocation(item["use_years"], item["lifetime_years"]) * item["share"]
        as_new = embodied.embodied_charge_kgco2e(
            item["count"], item["embodied_kgco2e"], item["use_years"], item["lifetime_years"],
            item["share"], 1.0)
        charge = as_new * item["condition_factor"]
        moved = transport.transport_kgco2e(
            item["count"], item["mass_kg"], item["transport_km"],
            item["transport_factor_kgco2e_per_tonne_km"], alloc)
        embodied_total = embodied_total + charge
        transport_total = transport_total + moved
        items.append(HardwareFigures(as_new, charge, moved))

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
        impacts={"gwp": gwp},
        energy_kwh=EnergyFigures(training_kwh, inference_kwh_year * horizon,
                                 network_kwh_year * horizon),
        per_run_kgco2e=per_run_kgco2e, trainings_count=n_trainings,
        initial_training_kgco2e=initial_training,
        requests_kwh_per_year=req_kwh_year, devices_kwh_per_year=dev_kwh_year,
        hardware=tuple(items), benefit_kgco2e_per_year=benefit_per_year,
        benefits_kgco2e_per_year=benefits_per_year, benefits_kgco2e=benefits_total,
        net_kgco2e=balance.net_kgco2e(benefits_total, total),
        one_off_kgco2e=initial_training + gwp.embodied + gwp.transport,
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
