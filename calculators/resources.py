"""Resources: the depletion of metals and minerals and the primary energy of the project.

Method: each criterion as its source counts it, the same way as carbon:

- electricity: energy drawn from the grid (kWh, PUE included) x the country's factor per kWh
  (abiotic depletion potential of elements, ADPe, in kg Sb eq/kWh; primary energy in MJ/kWh):
  EcoLogits' electricity mixes, from ADEME's Base Empreinte by EcoLogits' documentation;
- manufacturing: a new item's figure (Boavizta's published factors, from ADEME's Base Empreinte
  / NegaOctet, copied into ``data/embodied_adpe.csv`` and ``data/embodied_pe.csv`` with their
  source) charged with the carbon's allocation: the part of its life the project uses, its
  share, its condition (``embodied``). Boavizta publishes the fossil primary energy (ADPf) of
  these archetypes, not their total primary energy: the manufacturing figure is a lower bound.
  A kind without a published figure is not counted, and the result says so;
- transport of equipment: not counted (no published factor per tonne-km for these criteria).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # a float, or one value per Monte Carlo sample (array-safe formulas)
    from .units import Quantity


def electricity_impact(energy_kwh: Quantity, factor_per_kwh: Quantity) -> Quantity:
    """A criterion's impact of ``energy_kwh`` (kWh drawn from the grid) at ``factor_per_kwh``
    (the criterion's unit per kWh: kg Sb eq/kWh or MJ/kWh)."""
    return energy_kwh * factor_per_kwh


def electricity_saved_per_year(kwh_per_year: Quantity, factor_per_kwh: Quantity,
                               attribution: Quantity) -> Quantity:
    """A criterion's impact avoided a year (its unit/year) by ``kwh_per_year`` (kWh/year) of
    electricity saved where it costs ``factor_per_kwh``, ``attribution`` (0 to 1) of it due to
    the AI."""
    return kwh_per_year * factor_per_kwh * attribution
