"""Financial costs and gains, and the cost of each tonne of CO2e avoided against France's value
of climate action.

The convention asks that costs be measured in money too, "the ratio between the investment
needed and the gains clearly communicated". Method, all amounts in euros as the authority's
budget counts them (the same taxes in every figure), undiscounted:

- investment = hardware + development + licences paid once, at the start;
- cost over the horizon = investment + running costs a year x horizon;
- gains over the horizon = financial gains declared a year x horizon;
- net = gains - cost (positive: the project saves money);
- investment-to-gains ratio = investment / gains over the horizon (below 1: the gains repay
  the investment);
- financial payback = investment / (gains - running costs) a year, when the gains exceed them;
- cost per tonne avoided = (cost - gains) / the tonnes of CO2e the project avoids net over the
  horizon (its carbon balance): the abatement cost of socio-economic evaluation, negative when
  the project saves money as well as carbon, meaningless when it avoids no tonne net.

The reference is the "valeur de l'action pour le climat" of the Quinet commission (France
Stratégie, February 2019), in 2018 euros: 54 EUR/tCO2e in 2018, 250 in 2030, 500 in 2040, 775 in
2050 (``data/climate_value.csv``). Between two published years the value is interpolated
linearly (this tool's assumption: the report gives its points, and the trajectory between them
is drawn as a curve we could not re-read). The cost per tonne is compared with the value of
the first year of service; it is not adjusted for inflation since 2018 (an assumption, said
with the comparison). France Stratégie published an update in March 2025 (a higher starting
value); it is not used until its figures are re-read in the report.
"""

from __future__ import annotations

import itertools

from collections.abc import Mapping
from typing import Any, NamedTuple

from . import refdata
from .i18n import Message, msg
from .units import KG_PER_TONNE

CLIMATE_VALUE_FILE = "climate_value.csv"


class ClimateValue(NamedTuple):
    """The value of climate action for one year, in EUR/tCO2e, and where it comes from."""

    year: int
    eur_per_tco2e: float
    interpolated: bool          # between two published years (this tool's assumption)
    source: Message             # the published row(s) it comes from, as cited
    verified: bool              # every row it comes from re-read in its source


def trajectory() -> list[refdata.Factor]:
    """The published points of the value of climate action, by year."""
    return sorted(refdata.factors(CLIMATE_VALUE_FILE).values(), key=lambda f: f.year)


def first_year() -> int:
    return trajectory()[0].year


def last_year() -> int:
    return trajectory()[-1].year


def climate_value(year: int) -> ClimateValue:
    """The value of climate action in ``year`` (EUR/tCO2e): a published point, or the straight
    line between the two points around it. ``year`` must lie within the trajectory
    (``first_year()`` to ``last_year()``; the scenario's bounds say so)."""
    points = trajectory()
    for point in points:
        if point.year == year:
            return ClimateValue(year, point.value, False, point.cite(), point.verified is True)
    for before, after in itertools.pairwise(points):
        if before.year < year < after.year:
            share = (year - before.year) / (after.year - before.year)
            value = before.value + share * (after.value - before.value)
            verified = before.verified is True and after.verified is True
            cited = msg("{source}, interpolated linearly between its values for {first} and "
                        "{second}", source=before.source, first=before.year, second=after.year)
            return ClimateValue(year, value, True, cited if verified else msg(
                "{source}, not verified in its source", source=cited), verified)
    raise ValueError(f"no value of climate action for {year}: the trajectory covers "
                     f"{points[0].year} to {points[-1].year}")


def investment_eur(hardware_eur: float, development_eur: float, licences_eur: float) -> float:
    """Investment at the start (EUR): hardware, development and licences paid once (EUR)."""
    return hardware_eur + development_eur + licences_eur


def cost_eur(investment_eur: float, running_eur_per_year: float, horizon_years: float) -> float:
    """Cost over the horizon (EUR): the investment (EUR) and the running costs
    (EUR/year) of every year of the horizon (years)."""
    return investment_eur + running_eur_per_year * horizon_years


def investment_to_gains_ratio(investment_eur: float, gains_eur: float) -> float | None:
    """Investment (EUR) over the gains of the horizon (EUR), dimensionless; None without gains."""
    if gains_eur <= 0:
        return None
    return investment_eur / gains_eur


def payback_years(investment_eur: float, running_eur_per_year: float,
                  gains_eur_per_year: float) -> float | None:
    """Years until the gains (EUR/year), less the running costs (EUR/year), repay the
    investment (EUR); None when they never do (the gains do not exceed the running costs)."""
    margin_eur_per_year = gains_eur_per_year - running_eur_per_year
    if margin_eur_per_year <= 0:
        return None
    return investment_eur / margin_eur_per_year


def cost_eur_per_tco2e(net_cost_eur: float, avoided_kgco2e: float) -> float | None:
    """Net cost (EUR: cost minus gains) of each tonne of CO2e avoided, from the kgCO2e the
    project avoids net; None when it avoids none (the figure would mean nothing)."""
    if avoided_kgco2e <= 0:
        return None
    return net_cost_eur / (avoided_kgco2e / KG_PER_TONNE)


def figures(finance: Mapping[str, Any], horizon_years: float, net_kgco2e: float) -> dict[str, Any]:
    """The result's ``finance`` block from the resolved scenario's ``finance`` (amounts in EUR
    and EUR/year, ``start_year``), the horizon (years) and the carbon balance (kgCO2e, positive:
    avoided)."""
    invest = investment_eur(finance["hardware_eur"], finance["development_eur"],
                            finance["licences_eur"])
    running, gains_per_year = finance["running_eur_per_year"], finance["gains_eur_per_year"]
    cost = cost_eur(invest, running, horizon_years)
    gains = gains_per_year * horizon_years
    per_tonne = cost_eur_per_tco2e(cost - gains, net_kgco2e)
    reference = climate_value(int(finance["start_year"]))
    within = None if per_tonne is None else per_tonne <= reference.eur_per_tco2e
    return {
        "hardware_eur": finance["hardware_eur"],
        "development_eur": finance["development_eur"],
        "licences_eur": finance["licences_eur"],
        "investment_eur": invest,
        "running_eur_per_year": running,
        "gains_eur_per_year": gains_per_year,
        "cost_eur": cost,
        "gains_eur": gains,
        "net_eur": gains - cost,
        "investment_to_gains_ratio": investment_to_gains_ratio(invest, gains),
        "payback_years": payback_years(invest, running, gains_per_year),
        "avoided_tco2e": net_kgco2e / KG_PER_TONNE,
        "cost_eur_per_tco2e": per_tonne,
        "climate_value_year": reference.year,
        "climate_value_eur_per_tco2e": reference.eur_per_tco2e,
        "climate_value_source": reference.source,
        "climate_value_verified": reference.verified,
        "within_climate_value": within,
        "text": _sentence(per_tonne, cost - gains, net_kgco2e, reference),
    }


def _sentence(per_tonne: float | None, net_cost_eur: float, net_kgco2e: float,
              reference: ClimateValue) -> Message:
    """What the committee reads: the cost per tonne against the reference (its source is
    given beside it), or why there is none."""
    if per_tonne is None:
        return msg("The project avoids no tonne of CO2e net over its horizon: a cost per tonne "
                   "avoided would mean nothing while its carbon balance is not positive.")
    if net_cost_eur <= 0:
        return msg("The project saves money ({gain_eur} net over its horizon) as well as carbon "
                   "({avoided_kgco2e}): each tonne avoided is a gain, below any value of climate "
                   "action (France's for {year}: {value_eur} a tonne).",
                   gain_eur=-net_cost_eur, avoided_kgco2e=net_kgco2e, year=reference.year,
                   value_eur=reference.eur_per_tco2e)
    if per_tonne <= reference.eur_per_tco2e:
        return msg("Each tonne of CO2e avoided costs {cost_eur} net, below France's value of "
                   "climate action for {year} ({value_eur} a tonne): the project avoids carbon "
                   "at a price the reference deems worth paying.",
                   cost_eur=per_tonne, year=reference.year, value_eur=reference.eur_per_tco2e)
    return msg("Each tonne of CO2e avoided costs {cost_eur} net, above France's value of "
               "climate action for {year} ({value_eur} a tonne): other actions avoid carbon "
               "more cheaply.",
               cost_eur=per_tonne, year=reference.year, value_eur=reference.eur_per_tco2e)
