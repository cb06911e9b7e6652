"""Training: energy of the training runs charged to the project over its horizon.

Method: energy = count x rated power x utilisation x hours (Luccioni & Hernandez-Garcia 2023,
Counting Carbon, Eq. 1; Patterson et al. 2021), summed over every run: the experiments and tuning
runs before deployment (``runs``) and the retrainings during the service life.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # a float, or one value per Monte Carlo sample (array-safe formulas)
    from .units import Quantity

import numpy as np

from .units import WH_PER_KWH


def device_energy_kwh(count: Quantity, power_w: Quantity, utilisation: Quantity,
                      hours: Quantity) -> Quantity:
    """IT energy (kWh) of ``count`` devices of rated ``power_w`` (W) run at ``utilisation``
    (0 to 1, average power over rated power) for ``hours`` (h) each."""
    return count * power_w * utilisation * hours / WH_PER_KWH


def trainings_count(runs: Quantity, retrains_per_year: Quantity,
                    horizon_years: Quantity) -> Quantity:
    """Number of trainings over the horizon: ``runs`` before deployment plus
    ``retrains_per_year`` (1/year) for ``horizon_years`` (years)."""
    return runs + retrains_per_year * horizon_years


def item_hours_per_run(devices: Sequence[Mapping[str, Any]], kind: str, count: Quantity
                       ) -> Quantity:
    """Hours one of ``count`` items of equipment of ``kind`` runs for one training run: the
    device-hours (count x hours, h) of the training ``devices`` of that kind shared among the
    items; for equipment of another kind (the server that hosts the GPUs), the longest
    device's hours. Each device is a dict with count, hours and ``embodied_kind`` (the kind
    of data/embodied.csv its model is made as). 0 when there is no training device."""
    own = [d["count"] * d["hours"] for d in devices if d.get("embodied_kind") == kind]
    if own:
        total = own[0]
        for hours in own[1:]:
            total = total + hours
        return total / count
    longest = 0.0
    for d in devices:
        try:
            longest = max(longest, d["hours"])
        except ValueError:  # arrays (Monte Carlo): "the truth value of an array is ambiguous"
            longest = np.maximum(longest, d["hours"])
    return longest
