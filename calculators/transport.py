"""Transport of the equipment from where it was made or bought to where it is used.

Method: emissions = mass (t) x distance (km) x mode factor (kgCO2e per tonne-km), as in the UK
Defra conversion factors and the GLEC Framework. The delivery is part of the equipment's life
cycle, so it is amortised like manufacturing (time share and share of use); the condition rule is
not applied, because moving second-hand equipment is a new trip.
Source of the factors: ``data/transport.csv``.
"""

from __future__ import annotations

from .units import KG_PER_TONNE


def transport_kgco2e(count: float, mass_kg: float, distance_km: float,
                     factor_kgco2e_per_tonne_km: float, allocation: float) -> float:
    """Transport emissions (kgCO2e) charged for ``count`` items of ``mass_kg`` (kg each) moved
    ``distance_km`` (km) at ``factor_kgco2e_per_tonne_km``, times ``allocation`` (0 to 1: time
    share x share of use)."""
    return (count * mass_kg / KG_PER_TONNE * distance_km * factor_kgco2e_per_tonne_km
            * allocation)
