"""What the footprint is counted in: its phases and its criteria.

A phase is a part of the project's life (training, inference, manufacturing, transport,
network); a criterion is what is counted: greenhouse gases (kgCO2e), water consumed (L), the
depletion of metals and minerals (kg Sb eq) and primary energy (MJ). The model holds
one ``PhaseImpacts`` per criterion (``Figures.impacts``), and the result one block per
criterion under the criterion's ``result_key``: a new criterion is one entry of ``CRITERIA``,
its factors and its lines in ``model.numbers``, not an edit of every page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from .i18n import msg

if TYPE_CHECKING:  # numpy is only imported where samples are drawn
    import numpy as np

    # A quantity of the model: a float (``evaluate``) or one value per Monte Carlo sample.
    Quantity = float | np.ndarray

PHASES = ("training", "inference", "embodied", "transport", "network")
PHASE_LABELS = {
    "training": msg("Training"), "inference": msg("Inference"),
    "embodied": msg("Manufacturing of equipment"), "transport": msg("Transport of equipment"),
    "network": msg("Data moved over networks"),
}


class PhaseImpacts(NamedTuple):
    """One criterion's figure for each phase of the project's life, over the horizon (its
    fields in the order of ``PHASES``)."""

    training: Quantity
    inference: Quantity
    embodied: Quantity
    transport: Quantity
    network: Quantity

    @property
    def total(self) -> Quantity:
        return self.training + self.inference + self.embodied + self.transport + self.network

    def by_phase(self, phases: tuple[str, ...] = PHASES) -> dict[str, Any]:
        """The ``phases`` counted and their total, as the result's JSON holds them (a phase a
        criterion does not count is left out, not written as zero)."""
        out = {phase: getattr(self, phase) for phase in phases}
        out["total"] = self.total
        return out


class Criterion(NamedTuple):
    """One impact criterion: its key, the result's keys for its footprint, what the benefits
    save of it and the net (saved minus footprint), its unit, the phases it counts, and the
    policy key of its significant-harm threshold (per year)."""

    key: str
    result_key: str  # the key of the result (and of the CLI's JSON) holding its figures
    unit: str
    label: Any       # a Message
    phases: tuple[str, ...]
    saved_key: str
    net_key: str
    harm_policy_key: str | None  # None: the criterion that decides the verdict (carbon)


_COUNTED = ("training", "inference", "network", "embodied")
CRITERIA = {
    "gwp": Criterion("gwp", "footprint_kgco2e", "kgCO2e", msg("greenhouse gases"), PHASES,
                     "benefits_kgco2e", "net_kgco2e", None),
    "water": Criterion("water", "water_l", "L", msg("water"), _COUNTED,
                       "water_saved_l", "water_net_l", "significant_harm_water_l_per_year"),
    "adpe": Criterion("adpe", "adpe_kgsbeq", "kgSbeq", msg("metals and minerals"), _COUNTED,
                      "adpe_saved_kgsbeq", "adpe_net_kgsbeq",
                      "significant_harm_adpe_kgsbeq_per_year"),
    "pe": Criterion("pe", "primary_energy_mj", "MJ", msg("primary energy"), _COUNTED,
                    "primary_energy_saved_mj", "primary_energy_net_mj",
                    "significant_harm_pe_mj_per_year"),
}
OTHER_CRITERIA = tuple(key for key in CRITERIA if key != "gwp")
