"""What the footprint is counted in: its phases and its criteria.

A phase is a part of the project's life (training, inference, manufacturing, transport,
network); a criterion is what is counted (greenhouse gases in kgCO2e today). The model holds
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

    def by_phase(self) -> dict[str, Any]:
        """The phases and their total, as the result's JSON holds them."""
        training, inference, embodied, transport, network = self
        return {"training": training, "inference": inference, "embodied": embodied,
                "transport": transport, "network": network,
                "total": training + inference + embodied + transport + network}


class Criterion(NamedTuple):
    """One impact criterion: its key, the result's key for its footprint, its unit."""

    key: str
    result_key: str  # the key of the result (and of the CLI's JSON) holding its figures
    unit: str
    label: str


CRITERIA = {"gwp": Criterion("gwp", "footprint_kgco2e", "kgCO2e", msg("greenhouse gases"))}
