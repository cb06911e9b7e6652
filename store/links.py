"""Shareable links: a saved scenario by id (``?scenario=<id>&version=<n>``), or a small scenario
carried in the link itself (``?s=<data>``: its JSON, compressed with zlib, in URL-safe base64).
What comes from a link is validated like an uploaded file."""

from __future__ import annotations

import base64
import binascii
import json
import re
import zlib
from typing import Any

from calculators import ScenarioError, parse_json
from calculators.i18n import msg

from .library import MAX_VERSION

MAX_LINK_DATA_CHARS = 6_000  # kept under the 8 kB that common servers and proxies accept
MAX_INFLATED_BYTES = 2_000_000
ENTRY_ID = re.compile(r"^[0-9a-f]{32}$")


def encode_scenario(scenario: dict[str, Any]) -> str:
    """The ``s`` parameter for ``scenario``. Raises ValueError when too large for a link."""
    text = json.dumps(scenario, separators=(",", ":"), ensure_ascii=False, sort_keys=True)
    data = base64.urlsafe_b64encode(zlib.compress(text.encode("utf-8"), 9)).decode("ascii")
    data = data.rstrip("=")
    if len(data) > MAX_LINK_DATA_CHARS:
        raise ValueError(msg("this scenario needs {size_number} characters in a link, over the "
                             "{limit_number} a link can carry: save it in the library and share "
                             "the link to its saved version", size_number=len(data),
                             limit_number=MAX_LINK_DATA_CHARS))
    return data


DAMAGED = msg("the scenario in the link is damaged (was it cut when copied?)")


def decode_scenario(data: str) -> dict[str, Any]:
    """The scenario carried by an ``s`` parameter (parsed, not yet validated). Raises
    ScenarioError naming the link when it is damaged."""
    if not isinstance(data, str) or not data or len(data) > MAX_LINK_DATA_CHARS:
        raise ScenarioError("link", msg("the scenario in the link is empty or longer than "
                                        "{limit_number} characters",
                                        limit_number=MAX_LINK_DATA_CHARS))
    try:
        packed = base64.urlsafe_b64decode(data + "=" * (-len(data) % 4))
        inflater = zlib.decompressobj()
        raw = inflater.decompress(packed, MAX_INFLATED_BYTES)
    except (binascii.Error, ValueError, zlib.error):
        raise ScenarioError("link", DAMAGED) from None
    if inflater.unconsumed_tail:
        raise ScenarioError("link", msg("the scenario in the link is too large"))
    if not inflater.eof:  # a stream cut short inflates without error, to partial text
        raise ScenarioError("link", DAMAGED)
    try:
        return parse_json(raw)
    except ScenarioError as exc:
        raise ScenarioError("link", msg("the scenario in the link {problem}",
                                        problem=exc.message)) from None


def valid_version(value: Any) -> bool:
    """A version number as a link writes it: ASCII digits, 1 to MAX_VERSION."""
    return (isinstance(value, str) and value.isascii() and value.isdigit()
            and 1 <= int(value) <= MAX_VERSION)


def valid_entry_id(value: Any) -> bool:
    return isinstance(value, str) and bool(ENTRY_ID.match(value))
