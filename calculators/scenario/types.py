"""What a validated scenario is made of: the provenance of each value used, and the scenario
itself (the user's input, the same with every default filled, the grid applied, the ranges)."""

from __future__ import annotations

from typing import Any, NamedTuple

from ..grid import GridFactor


class Provenance(NamedTuple):
    """Where one value used in the calculation comes from."""

    field: str
    value: Any
    unit: str
    status: str  # entered | measured | default | assumption
    source: str
    low: float | None = None   # the range used for uncertainty, when there is one
    high: float | None = None


class Scenario(NamedTuple):
    """A validated scenario: the user's input, the same with every default filled in, the
    provenance of every value used, and the grid intensity applied."""

    raw: dict[str, Any]
    resolved: dict[str, Any]
    provenance: tuple[Provenance, ...]
    grid: GridFactor
    grid_status: str
    grid_citation: str  # the grid intensity's source as people read it
    input_warnings: tuple[str, ...]  # warnings that depend on the inputs alone
    provenance_rows: tuple[dict[str, Any], ...]  # the provenance as dicts, built once
    # (low, likely, high) of every uncertain value, by field path of ``resolved``
    ranges: dict[str, tuple[float, float, float]]
