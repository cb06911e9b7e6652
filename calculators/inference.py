"""Inference: energy of serving the model over its service life.

Method: either per request (requests per day x energy per request, as measured by CodeCarbon or
published per task, e.g. Luccioni, Jernite & Strubell 2024, Power Hungry Processing) or per
serving device (count x rated power x utilisation x hours per day), over the days of service
each year.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # a float, or one value per Monte Carlo sample (array-safe formulas)
    from .units import Quantity

from .units import WH_PER_KWH


def requests_energy_kwh_per_year(requests_per_day: Quantity, energy_wh_per_request: Quantity,
                                 days_per_year: Quantity) -> Quantity:
    """Energy (kWh/year) of ``requests_per_day`` requests of ``energy_wh_per_request`` (Wh each)
    served ``days_per_year`` days a year."""
    return requests_per_day * energy_wh_per_request * days_per_year / WH_PER_KWH


def serving_energy_kwh_per_year(count: Quantity, power_w: Quantity, utilisation: Quantity,
                                hours_per_day: Quantity, days_per_year: Quantity) -> Quantity:
    """Energy (kWh/year) of ``count`` serving devices of rated ``power_w`` (W) at
    ``utilisation`` (0 to 1) for ``hours_per_day`` (h/day) on ``days_per_year`` (days/year)."""
    return count * power_w * utilisation * hours_per_day * days_per_year / WH_PER_KWH
