"""Transport of the equipment from where it was made or bought to where it is used.

Method: emissions = mass (t) x distance (km) x mode factor (kgCO2e per tonne-km), as in the UK
Defra conversion factors and the GLEC Framework. The delivery is part of the equipment's life
cycle, so it is amortised like manufacturing (time share and share of use); the condition rule is
not applied, because moving second-hand equipment is a new trip.
Source of the factors: ``data/transport.csv``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # a float, or one value per Monte Carlo sample (array-safe formulas)
    from .units import Quantity

from .units import KG_PER_TONNE


def transport_kgco2e(count: Quantity, mass_kg: Quantity, distance_km: Quantity,
                     factor_kgco2e_per_tonne_km: Quantity, allocation: Quantity) -> Quantity:
    """Transport emissions (kgCO2e) charged for ``count`` items of ``mass_kg`` (kg each) moved
    ``distance_km`` (km) at ``factor_kgco2e_per_tonne_km``, times ``allocation`` (0 to 1: time
    share x share of use)."""
    return (count * mass_kg / KG_PER_TONNE * distance_km * factor_kgco2e_per_tonne_km
            * allocation)
