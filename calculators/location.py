"""Location: data-centre overhead (PUE) and the carbon intensity of the electricity used.

Method: location-based accounting (GHG Protocol Scope 2 Guidance, 2015): emissions = energy x
average grid intensity of the place where the energy is drawn. A market-based figure, crediting
contracted renewable electricity, is computed beside it and never replaces it.
Sources: grid intensities by country from ADEME, Our World in Data (as CodeCarbon ships it) or
EcoLogits (see ``grid``); PUE defaults from ``data/pue.csv``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # a float, or one value per Monte Carlo sample (array-safe formulas)
    from .units import Quantity

from .units import G_PER_KG


def facility_energy_kwh(it_energy_kwh: Quantity, pue: Quantity) -> Quantity:
    """Energy drawn by the data centre (kWh) for ``it_energy_kwh`` (kWh) of IT energy.

    ``pue`` (dimensionless, >= 1) is the power usage effectiveness: total facility energy over
    IT equipment energy.
    """
    return it_energy_kwh * pue


def emissions_kgco2e(energy_kwh: Quantity, intensity_g_per_kwh: Quantity) -> Quantity:
    """Emissions (kgCO2e) of ``energy_kwh`` (kWh) drawn from a grid at ``intensity_g_per_kwh``."""
    return energy_kwh * intensity_g_per_kwh / G_PER_KG


def market_based_intensity_g_per_kwh(location_intensity_g_per_kwh: Quantity,
                                     renewable_share: Quantity,
                                     renewable_intensity_g_per_kwh: Quantity = 0.0) -> Quantity:
    """Market-based intensity (gCO2e/kWh) when ``renewable_share`` (0 to 1) of the electricity
    is covered by a renewable contract.

    Contracted renewable electricity counts at ``renewable_intensity_g_per_kwh`` (0 by the GHG
    Protocol's market-based convention); the rest at the location average, because no residual
    mix is available here (this understates the market-based figure a little).
    """
    return (renewable_share * renewable_intensity_g_per_kwh
            + (1.0 - renewable_share) * location_intensity_g_per_kwh)


def market_based_footprint_kgco2e(footprint_kgco2e: Quantity, local_energy_kwh: Quantity,
                                  intensity_g_per_kwh: Quantity, renewable_share: float
                                  ) -> Quantity:
    """The footprint (kgCO2e) with the energy drawn at the scenario's own location
    (``local_energy_kwh``, kWh; a hosted model's is not on its contract) counted at the
    market-based intensity instead of ``intensity_g_per_kwh`` (gCO2e/kWh)."""
    market = market_based_intensity_g_per_kwh(intensity_g_per_kwh, renewable_share)
    return (footprint_kgco2e - emissions_kgco2e(local_energy_kwh, intensity_g_per_kwh)
            + emissions_kgco2e(local_energy_kwh, market))
