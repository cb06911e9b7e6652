"""Reading a scenario: its bytes into JSON (``parse_json``), then strict validation
(``validate``) in three steps, each failing with a ``ScenarioError`` that names the field and
what is accepted:

1. every number is finite and not too close to zero to compute with (NaN and infinity are
   refused before anything else: NaN passes ``x > 0`` checks), every text is text (no lone
   surrogate, which nothing can encode);
2. the JSON Schema (``schema.SCENARIO_SCHEMA``: types, ranges, allowed keys);
3. every range has low <= likely <= high.

References to ``data/`` (country, device model, equipment kind...) are checked when the
defaults are filled (``defaults.resolve``).
"""

from __future__ import annotations

import functools
import json
import math
import re
from typing import Any

import jsonschema

from .. import textfile
from ..i18n import Text, msg
from .errors import ScenarioError, schema_error, shown
from .paths import RANGE_KEYS, is_range, path_text, walk_numbers, walk_ranges, walk_texts
from .schema import SCENARIO_SCHEMA, SCHEMA_VERSION

MAX_FILE_BYTES = 2_000_000  # a scenario is a few kB; anything this large is not a scenario
MAX_INTEGER_DIGITS = 100  # the largest integer the schema accepts has 13 digits
SMALLEST_NUMBER = 1e-300  # below this (but not 0), a number is refused: 1e-320 has no precision
_INTEGER_LIMIT = 10 ** MAX_INTEGER_DIGITS
SURROGATE = re.compile("[\ud800-\udfff]")  # half of a UTF-16 pair: no encoding can write it
_VALIDATOR = jsonschema.Draft202012Validator(SCENARIO_SCHEMA)


class _Refused(ValueError):
    """Raised inside the JSON parser: what is wrong, already in words."""

    def __init__(self, message: Text):
        super().__init__(message)
        self.message = message


def _too_many_digits(count: int) -> Any:
    return msg("holds an integer of {count_number} digits; no value of a scenario has more "
               "than {limit_number}", count_number=count, limit_number=MAX_INTEGER_DIGITS)


def _too_large() -> Any:
    return msg("is larger than {limit_number} bytes, the most a scenario file may hold",
               limit_number=MAX_FILE_BYTES)


def _integer(digits: str) -> int:
    if len(digits) > MAX_INTEGER_DIGITS and len(digits.lstrip("-")) > MAX_INTEGER_DIGITS:
        raise _Refused(_too_many_digits(len(digits.lstrip("-"))))
    return int(digits)


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) == len(pairs):  # no key twice: the common case, checked at C speed
        return out
    seen: set[str] = set()
    for key, _ in pairs:
        if key in seen:
            raise _Refused(msg("holds the key {key} twice in one object (the second would "
                               "silently replace the first): keep one", key=shown(key)))
        seen.add(key)
    return out


# What Python's JSON parser says is wrong (json.decoder's messages, a fixed set), in words a
# reader has in their language; a message not listed here is shown as the parser wrote it.
_JSON_REASONS = {
    "Expecting value": msg("a value was expected here: a number, a text in double quotes, "
                           "true, false, null, an object or a list"),
    "Expecting property name enclosed in double quotes": msg(
        "a key in double quotes was expected here; a comma after the last item of an object "
        "is not allowed"),
    "Expecting ',' delimiter": msg("a comma was expected here, between two items"),
    "Expecting ':' delimiter": msg("a colon was expected here, after a key"),
    "Extra data": msg("text after the end of the JSON object"),
    "Unterminated string starting at": msg("a text is not closed by a double quote"),
    "Invalid control character at": msg("a text holds a line break or a tab: write it \\n "
                                        "or \\t"),
    "Invalid \\escape": msg("a backslash in a text must be doubled: \\\\"),
}


def parse_json(text: str | bytes) -> dict[str, Any]:
    """Parse scenario JSON text (bytes in any encoding ``textfile.decode`` reads)."""
    if isinstance(text, bytes):
        if len(text) > MAX_FILE_BYTES:  # callers read one byte more than the limit, no more
            raise ScenarioError("file", _too_large())
        decoded = textfile.decode(text)
        if decoded is None:
            raise ScenarioError("file", msg("is not text: save it as UTF-8 JSON"))
        text = decoded
    text = text.lstrip("\ufeff")
    if len(text) > MAX_FILE_BYTES:
        raise ScenarioError("file", _too_large())
    if not text.strip():
        raise ScenarioError("file", msg("is empty: expected a JSON object with schema_version 1"))
    try:
        data = json.loads(text, object_pairs_hook=_object, parse_int=_integer)
    except _Refused as exc:
        raise ScenarioError("file", exc.message) from None
    except json.JSONDecodeError as exc:
        raise ScenarioError("file", msg("is not valid JSON (line {line}, column {column}: "
                                        "{reason})", line=exc.lineno, column=exc.colno,
                                        reason=_JSON_REASONS.get(exc.msg, exc.msg))) from None
    except RecursionError:
        raise ScenarioError("file", msg("is nested too deeply to be a scenario")) from None
    if not isinstance(data, dict):
        raise ScenarioError("file", msg("must hold a JSON object; got {got}",
                                        got=type(data).__name__))
    return data


# fastjsonschema turns the same schema into Python code: 60 µs a scenario against 1.5 ms for
# jsonschema here. It only answers "valid or not" quickly; an invalid scenario is checked again
# by jsonschema, whose errors the messages are built from. Compiling takes 0.3 s: a process
# compiles it at its second validation (a server, a portfolio), not for a single file.
_SEEN = [0]


@functools.lru_cache(maxsize=1)
def _fast_validator() -> Any:
    import fastjsonschema

    return fastjsonschema.compile({k: v for k, v in SCENARIO_SCHEMA.items() if k != "$schema"})


def _fast_valid(data: Any) -> bool:
    """True when the fast validator accepts ``data``; False when it refuses it, or before it
    is compiled (then jsonschema decides)."""
    _SEEN[0] += 1
    if _SEEN[0] < 2:
        return False
    import fastjsonschema

    try:
        _fast_validator()(data)
    except fastjsonschema.JsonSchemaException:
        return False
    except Exception:  # noqa: BLE001 - anything it cannot read: jsonschema decides and words it
        return False
    return True


def _scan(data: Any) -> tuple[bool, bool]:
    """(every text and number of ``data`` passes the checks of ``validate``, ``data`` holds a
    range), in one pass, without the paths the walks build: those walks were a fifth of
    ``load``, for scenarios that almost always pass; they run only when this finds something,
    to say where. A text passes without half a UTF-16 pair (objects' keys included); an int
    below ``_INTEGER_LIMIT``; a float finite and zero or at least SMALLEST_NUMBER in size. A
    value of another type that is a number, a text or a container (a subclass; booleans
    excepted) does not pass, so that the walks look at it (a range may be inside: True)."""
    clean, ranges = True, False
    surrogate = SURROGATE.search
    stack = [data]
    pop, push, extend = stack.pop, stack.append, stack.extend
    while stack:
        node = pop()
        kind = type(node)
        if kind is dict:
            if len(node) == 3 and "likely" in node and is_range(node):
                ranges = True
            for key, item in node.items():
                if type(key) is str and not key.isascii() and surrogate(key):
                    clean = False
                push(item)
        elif kind is list:
            extend(node)
        elif kind is str:
            if not node.isascii() and surrogate(node):
                clean = False
        elif kind is float:
            if not (node == 0 or SMALLEST_NUMBER <= abs(node) < math.inf):
                clean = False  # NaN fails both comparisons
        elif kind is int:
            if abs(node) >= _INTEGER_LIMIT:
                clean = False
        elif kind is not bool and isinstance(node, (float, int, str, dict, list)):
            clean, ranges = False, True
    return clean, ranges


def validate(data: Any) -> bool:
    """Raise ScenarioError for the first problem found in ``data`` (a parsed scenario);
    return whether it holds a range."""
    if not isinstance(data, dict):
        raise ScenarioError("scenario", msg("must be a JSON object; got {got}",
                                            got=type(data).__name__))
    if "schema_version" in data and data["schema_version"] != SCHEMA_VERSION:
        raise ScenarioError("schema_version", msg(
            "must be {expected}; got {got} (this version of the tool reads schema version "
            "{expected})", expected=SCHEMA_VERSION, got=shown(data["schema_version"])))
    clean, has_ranges = _scan(data)
    # the walks below find the first problem and say where; a clean tree has none
    for parts, text in (() if clean else walk_texts(data)):
        bad = None if text.isascii() else SURROGATE.search(text)
        if bad is not None:
            raise ScenarioError(path_text(parts) or "scenario", msg(
                "holds a character that is not text (U+{point}, half of a pair that lost its "
                "other half): remove it", point=f"{ord(bad.group()):04X}"))
    for parts, number in (() if clean else walk_numbers(data)):
        if isinstance(number, int):
            if abs(number) >= _INTEGER_LIMIT:  # a dict built in Python, not parsed here
                raise ScenarioError(path_text(parts), _too_many_digits(len(str(abs(number)))))
            continue
        if not math.isfinite(number):
            raise ScenarioError(path_text(parts), msg("must be a finite number; got {got}",
                                                  got=number))
        if number != 0 and abs(number) < SMALLEST_NUMBER:
            raise ScenarioError(path_text(parts), msg(
                "is too close to zero to compute with ({got}): enter 0 or a number of at least "
                "{smallest} in size", got=number, smallest="1e-300"))
    if _fast_valid(data):  # the common case: valid, at a twentieth of jsonschema's cost
        errors = []
    else:  # the error in words: jsonschema says which key and why
        errors = list(_VALIDATOR.iter_errors(data))
    if errors:
        # report the error that comes first in the document
        errors.sort(key=lambda e: (list(map(str, e.absolute_path)), -len(e.absolute_path)))
        first = errors[0]
        if first.validator not in ("anyOf", "oneOf"):
            first = jsonschema.exceptions.best_match(
                [e for e in errors if list(e.absolute_path) == list(first.absolute_path)])
        raise schema_error(first)
    for parts, value in (walk_ranges(data) if has_ranges else ()):
        low, likely, high = (value[k] for k in RANGE_KEYS)
        if not low <= likely <= high:
            raise ScenarioError(path_text(parts), msg(
                "a range needs low <= likely <= high; got low {low_exact}, likely "
                "{likely_exact}, high {high_exact}", low_exact=low, likely_exact=likely,
                high_exact=high))
    return has_ranges
