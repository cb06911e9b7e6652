"""What the footprint is counted in: its phases and its criteria.

A phase is a part of the project's life (training, inference, manufacturing, transport,
network); a criterion is what is counted (greenhouse gases in kgCO2e today). The result holds
one figure per phase and criterion (``PhaseImpacts``), so a new criterion is one entry of
``CRITERIA`` and the factors that give it, not an edit of every page.
"""

from __future__ import annotations

from typing import NamedTuple

from .i18n import msg

PHASES = ("training", "inference", "embodied", "transport", "network")
PHASE_LABELS = {
    "training": msg("Training"), "inference": msg("Inference"),
    "embodied": msg("Manufacturing of equipment"), "transport": msg("Transport of equipment"),
    "network": msg("Data moved over networks"),
}


class Criterion(NamedTuple):
    """One impact criterion: its key, the result's key for its footprint, its unit."""

    key: str
    result_key: str  # the key of the result (and of the CLI's JSON) holding its figures
    unit: str
    label: str


CRITERIA = {"gwp": Criterion("gwp", "footprint_kgco2e", "kgCO2e", msg("greenhouse gases"))}
