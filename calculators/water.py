"""Water: the freshwater the project's computing consumes, and what its benefits save.

Method (Li, Yang, Islam and Ren 2023, "Making AI Less Thirsty", arXiv:2304.03271; the same
formula EcoLogits applies, ``ecologits/impacts/llm.py``, ``request_usage_wcf``):

- on-site: the water the data centre evaporates to cool its servers (cooling towers,
  humidification) = IT energy (kWh) x on-site WUE (L/kWh, The Green Grid's water usage
  effectiveness, per kWh of IT energy);
- off-site: the water consumed where the electricity is generated (mostly the cooling of thermal
  and nuclear plants) = facility energy (IT energy x PUE, kWh) x the electricity's water
  intensity (L/kWh; EcoLogits' electricity mixes, by the World Resources Institute's method).

Water *consumed* (evaporated, no longer available where it was drawn), not water withdrawn and
returned. Data moved over networks is not in a data centre: its water is off-site only.
Manufacturing water is not counted: no published figure in litres consumed exists for the
equipment kinds here (Boavizta's water-use figures are the EF 3.0 indicator, cubic metres of
world-equivalent deprived water, negative for a server: a scarcity index, not litres).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # a float, or one value per Monte Carlo sample (array-safe formulas)
    from .units import Quantity


def onsite_water_l(it_energy_kwh: Quantity, wue_onsite_l_per_kwh: Quantity) -> Quantity:
    """Water (L) the data centre consumes on site for ``it_energy_kwh`` (kWh) of IT energy at
    an on-site WUE of ``wue_onsite_l_per_kwh`` (L per kWh of IT energy)."""
    return it_energy_kwh * wue_onsite_l_per_kwh


def offsite_water_l(facility_energy_kwh: Quantity, electricity_water_l_per_kwh: Quantity
                    ) -> Quantity:
    """Water (L) consumed to generate ``facility_energy_kwh`` (kWh drawn from the grid, PUE
    included) at ``electricity_water_l_per_kwh`` (L/kWh)."""
    return facility_energy_kwh * electricity_water_l_per_kwh


def water_saved_l_per_year(quantity_per_year: Quantity, water_l_per_unit: Quantity,
                           attribution: Quantity) -> Quantity:
    """Water (L/year) a benefit saves: ``quantity_per_year`` (units/year) at
    ``water_l_per_unit`` (L/unit: 1,000 for a cubic metre of water, the electricity's water
    intensity for a kWh), ``attribution`` (0 to 1) of it due to the AI."""
    return quantity_per_year * water_l_per_unit * attribution
