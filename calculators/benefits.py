"""Benefits: the emissions the project is declared to avoid.

Method: avoided emissions = quantity avoided per year x emission factor of what is avoided x
attribution (the share of the avoidance due to the AI rather than to other measures taken at the
same time). Factors from ``data/benefits.csv`` (French values where they exist), or the
project's own factor when it has one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # a float, or one value per Monte Carlo sample (array-safe formulas)
    from .units import Quantity

from . import refdata
from .units import G_PER_KG


def benefit_kgco2e_per_year(quantity_per_year: Quantity, factor_kgco2e_per_unit: Quantity,
                            attribution: Quantity) -> Quantity:
    """Avoided emissions (kgCO2e/year) of ``quantity_per_year`` (units/year) avoided at
    ``factor_kgco2e_per_unit`` (kgCO2e/unit), ``attribution`` (0 to 1) of it due to the AI."""
    return quantity_per_year * factor_kgco2e_per_unit * attribution


def electricity_factor_kgco2e_per_kwh(intensity_g_per_kwh: Quantity) -> Quantity:
    """Emission factor (kgCO2e/kWh) of a kWh of electricity saved on a grid of
    ``intensity_g_per_kwh`` (gCO2e/kWh): one kWh, one factor on both sides of the balance."""
    return intensity_g_per_kwh / G_PER_KG


def quantity_unit(kind: str | None) -> str | None:
    """The unit a benefit of ``kind`` is counted in (m3 for a factor in kgCO2e/m3), from its
    factor in data/benefits.csv; None for a kind the file does not have."""
    factor = refdata.factors("benefits.csv").get(kind or "")
    if factor is None or "/" not in factor.unit:
        return None
    return factor.unit.split("/", 1)[1]
