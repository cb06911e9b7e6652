"""Forward migrations of the scenario format, so that a scenario saved by an older version
still opens."""

from __future__ import annotations

import copy
from typing import Any

from .schema import SCHEMA_VERSION


def _to_2(data: dict[str, Any]) -> dict[str, Any]:
    """Version 2 counts water, metals and primary energy beside carbon. Every key of version 1
    keeps its meaning, so its carbon figures do not move; the new inputs (the data centre's
    cooling and on-site water, the electricity's water) take their defaults, each marked with
    its source in the provenance."""
    return data


# Forward migrations of the scenario format: {from_version: (what changes, function)}. Each
# function takes a scenario of ``from_version`` and returns it in ``from_version + 1``. A change
# to SCENARIO_SCHEMA that refuses files valid before must bump SCHEMA_VERSION and add its step
# here, so saved scenarios still open.
MIGRATIONS: dict[int, tuple[str, Any]] = {
    1: ("water, metals and primary energy are counted beside carbon; the data centre's on-site "
        "water and the electricity's water take their defaults (carbon figures unchanged)",
        _to_2),
}


def migrate(data: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """``data`` brought to SCHEMA_VERSION, with one sentence per step applied. A version with no
    path to the current one is returned unchanged (validation then names it)."""
    version = data.get("schema_version") if isinstance(data, dict) else None
    if not isinstance(version, int) or isinstance(version, bool) or version >= SCHEMA_VERSION:
        return data, []
    steps = []
    for step in range(version, SCHEMA_VERSION):
        if step not in MIGRATIONS:
            return data, []
        steps.append(step)
    data, notes = copy.deepcopy(data), []
    for step in steps:
        description, function = MIGRATIONS[step]
        data = function(data)
        data["schema_version"] = step + 1
        notes.append(f"schema version {step} to {step + 1}: {description}")
    return data, notes
