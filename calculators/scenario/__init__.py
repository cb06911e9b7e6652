"""The scenario file: what it holds, how it is read and checked, and its defaults.

A scenario describes one AI project (``docs/scenario.md`` documents every key). Where each
concern lives:

- ``schema``: the JSON Schema (every key, type, bound, description), ``field_spec`` for the
  widgets' bounds;
- ``parse``: bytes to JSON (``parse_json``) and strict validation (``validate``);
- ``errors``: ``ScenarioError`` and the wording of what a field accepts;
- ``paths``: ``a.b[0].c`` paths and the ranges {low, likely, high} (one home for both);
- ``defaults``: every omitted value filled, section by section, with its provenance
  (``resolve``, ``resolve_grid``);
- ``checks``: the warnings that depend on the inputs alone;
- ``migrations``: older formats brought to the current one;
- ``types``: ``Scenario`` and ``Provenance``.

``load`` does it all: parse, migrate, validate and resolve.
"""

from __future__ import annotations

from typing import Any

from .checks import devices_without_hardware, hardware_for_devices
from .defaults import resolve, resolve_grid
from .errors import ScenarioError
from .migrations import MIGRATIONS, migrate
from .parse import MAX_FILE_BYTES, parse_json, validate
from .paths import RANGE_KEYS
from .schema import SCENARIO_SCHEMA, SCHEMA_VERSION, FieldSpec, field_spec, schema
from .types import Provenance, Scenario

__all__ = ["MAX_FILE_BYTES", "MIGRATIONS", "RANGE_KEYS", "SCENARIO_SCHEMA", "SCHEMA_VERSION",
           "FieldSpec", "Provenance", "Scenario", "ScenarioError", "devices_without_hardware",
           "field_spec", "hardware_for_devices", "load", "migrate", "parse_json", "resolve",
           "resolve_grid", "schema", "validate"]


def load(source: str | bytes | dict[str, Any]) -> Scenario:
    """Parse (when text or bytes), migrate from an older format version, and resolve a
    scenario. Raises ScenarioError."""
    if isinstance(source, dict):
        return resolve(migrate(source)[0])
    return resolve(migrate(parse_json(source))[0], owned=True)  # parsed here: held by no one
