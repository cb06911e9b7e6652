"""Training: energy of the training runs charged to the project over its horizon.

Method: energy = count x rated power x utilisation x hours (Luccioni & Hernandez-Garcia 2023,
Counting Carbon, Eq. 1; Patterson et al. 2021), summed over every run: the experiments and tuning
runs before deployment (``runs``) and the retrainings during the service life.
"""

from __future__ import annotations

from .units import WH_PER_KWH


def device_energy_kwh(count: float, power_w: float, utilisation: float, hours: float) -> float:
    """IT energy (kWh) of ``count`` devices of rated ``power_w`` (W) run at ``utilisation``
    (0 to 1, average power over rated power) for ``hours`` (h) each."""
    return count * power_w * utilisation * hours / WH_PER_KWH


def trainings_count(runs: float, retrains_per_year: float, horizon_years: float) -> float:
    """Number of trainings over the horizon: ``runs`` before deployment plus
    ``retrains_per_year`` (1/year) for ``horizon_years`` (years)."""
    return runs + retrains_per_year * horizon_years
