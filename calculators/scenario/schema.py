"""The scenario's JSON Schema: every key, its type, its bounds and what it means.

Generated from the types of ``input_types.py`` into ``scenario.schema.json`` (``make schema``;
a test fails when the file and the types differ) and read from that file here, so the app and
the command line do not import pydantic. ``python -m calculators schema`` prints it;
``docs/scenario.md`` documents every key (a test checks). The pages take their widgets' bounds
from it (``field_spec``), so a file the command line accepts is never refused by a page.
"""

from __future__ import annotations

import copy
import functools
import json
import re
from pathlib import Path
from typing import Any, NamedTuple

SCHEMA_VERSION = 2
SCHEMA_FILE = Path(__file__).with_name("scenario.schema.json")
SCENARIO_SCHEMA: dict[str, Any] = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


class FieldSpec(NamedTuple):
    """What a numeric field of the scenario accepts, read from the schema (the widgets take
    their bounds from here, so a file the command line accepts is never refused by a page)."""

    minimum: float | None
    exclusive_minimum: float | None
    maximum: float | None
    integer: bool
    uncertain: bool  # accepts a range {low, likely, high}

    def accepts(self, value: float) -> bool:
        return ((self.minimum is None or value >= self.minimum)
                and (self.exclusive_minimum is None or value > self.exclusive_minimum)
                and (self.maximum is None or value <= self.maximum)
                and (not self.integer or float(value).is_integer()))


_FIELD_INDEX = re.compile(r"\[\d*\]")


def node_at(path: str) -> dict[str, Any]:
    """The schema of the value at ``path`` (``hardware[0].share`` or ``hardware[].share``).
    Raises KeyError for a path the schema does not have."""
    node: dict[str, Any] = SCENARIO_SCHEMA
    for part in _FIELD_INDEX.sub(".[]", path).split("."):
        if part == "[]":
            node = node["items"]
            continue
        if "oneOf" in node:  # alternative: null or the object
            node = next(o for o in node["oneOf"] if o.get("type") == "object")
        node = node["properties"][part]
    return node


@functools.lru_cache(maxsize=None)
def field_spec(path: str) -> FieldSpec:
    """The accepted values of the numeric field at ``path`` (``hardware[0].share`` or
    ``hardware[].share``). Raises KeyError for a path the schema does not have, or that is
    not a number."""
    node = node_at(path)
    number = node["anyOf"][0] if "anyOf" in node else node
    if number.get("type") not in ("number", "integer"):
        raise KeyError(f"{path} is not a numeric field")
    return FieldSpec(number.get("minimum"), number.get("exclusiveMinimum"),
                     number.get("maximum"), number.get("type") == "integer", "anyOf" in node)


def schema() -> dict[str, Any]:
    """The scenario's JSON Schema (a copy: callers may not change the shared one)."""
    return copy.deepcopy(SCENARIO_SCHEMA)
