"""Embodied carbon: the manufacturing of the equipment charged to the project.

Method: linear amortisation over the equipment's lifetime (as Boavizta and Luccioni et al. 2023
do): the project bears the part of the lifetime it uses, times its share of the equipment when
shared with other authorities or projects, times the condition rule:

- ``new``: the whole manufacturing (factor 1);
- ``refurbished``: a fraction standing for the refurbishment work and replaced parts
  (``data/allocation.csv``, an assumption informed by ADEME's 2022 study of refurbished devices);
- ``reused`` (second-hand or already owned): nothing (cut-off rule: the manufacture was caused by
  and charged to its first use; this project causes no new production).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # a float, or one value per Monte Carlo sample (array-safe formulas)
    from .units import Quantity

import numpy as np

from .i18n import msg

CONDITIONS = {"new": msg("new"), "refurbished": msg("refurbished"), "reused": msg("reused")}


def time_allocation(use_years, lifetime_years):
    """Share (0 to 1) of the equipment's life the project uses: min(use, lifetime) / lifetime
    (both in years). Floats or numpy arrays (for Monte Carlo)."""
    try:
        return min(use_years, lifetime_years) / lifetime_years
    except ValueError:  # arrays: "the truth value of an array is ambiguous"
        return np.minimum(use_years, lifetime_years) / lifetime_years


def embodied_charge_kgco2e(count: Quantity, embodied_kgco2e: Quantity, use_years: Quantity,
                           lifetime_years: Quantity, share: Quantity,
                           condition_factor: Quantity) -> Quantity:
    """Manufacturing emissions (kgCO2e) charged to the project for ``count`` items of
    ``embodied_kgco2e`` (kgCO2e each, new), used ``use_years`` (years) of ``lifetime_years``
    (years), of which the project uses ``share`` (0 to 1), with the condition rule's
    ``condition_factor`` (0 to 1)."""
    return (count * embodied_kgco2e * time_allocation(use_years, lifetime_years)
            * share * condition_factor)


def condition_effects_kgco2e(as_new_kgco2e: float, charged_kgco2e: float, condition: str,
                             share: float, condition_factors: dict[str, float]
                             ) -> tuple[dict[str, float], dict[str, float]]:
    """What an item would be charged in each condition, and the effect of each other choice.

    ``as_new_kgco2e``: its charge if it were new (kgCO2e, condition factor 1);
    ``charged_kgco2e``: its charge as entered; ``condition_factors``: the condition rule's
    factor for each condition (``data/allocation.csv``). Returns (charge by condition, change
    of the charge for each condition other than ``condition`` and, for an item used whole
    (``share`` 1), for sharing it with one other project (half of it)), all in kgCO2e.
    """
    by_condition = {c: as_new_kgco2e * f for c, f in condition_factors.items()}
    effects = {c: v - charged_kgco2e for c, v in by_condition.items() if c != condition}
    if share >= 1:
        effects["shared_with_one_other"] = -charged_kgco2e / 2
    return by_condition, effects
