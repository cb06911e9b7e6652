"""Network: electricity used to move the project's data over fixed-line networks.

Method: energy = data moved (GB) x electricity intensity of transmission (kWh/GB), Aslan et al.
2018 (J. Industrial Ecology 22(4)). No PUE is applied: PUE is a data-centre ratio. The energy is
counted at the grid intensity of the scenario's location (assumption: the network used is in the
same country as the data centre).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # a float, or one value per Monte Carlo sample (array-safe formulas)
    from .units import Quantity


def network_energy_kwh_per_year(gb_per_year: Quantity, kwh_per_gb: Quantity) -> Quantity:
    """Energy (kWh/year) of moving ``gb_per_year`` (GB/year) at ``kwh_per_gb`` (kWh/GB)."""
    return gb_per_year * kwh_per_gb
