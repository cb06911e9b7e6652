"""Paths to a scenario's values and the ranges they may hold: the one home of both.

A path names one value the way errors, provenance and the Monte Carlo do:
``hardware[1].share``, ``training.devices[0].hours``. A continuous value may be a range
``{"low": .., "likely": .., "high": ..}`` instead of a number; the pages edit it as a value and
a "± %" beside it (``plus_minus_percent``, ``with_plus_minus``).
"""

from __future__ import annotations

import functools
import re
from typing import Any, Iterator

from ..units import PERCENT_PER_FRACTION

RANGE_KEYS = ("low", "likely", "high")
_INDEX = re.compile(r"\[(\d+)\]")


def parts(path: str) -> list[Any]:
    """``hardware[1].share`` -> ["hardware", 1, "share"]."""
    return list(_parts(path))


@functools.lru_cache(maxsize=16384)
def _parts(path: str) -> tuple[Any, ...]:
    """``parts``, read once a path: the Monte Carlo and the sensitivity set the same paths at
    every evaluation."""
    return tuple(int(p) if p.isdigit() else p for p in _INDEX.sub(r".\1", path).split("."))


def path_text(keys: Any) -> str:
    """["hardware", 1, "share"] -> ``hardware[1].share`` (the inverse of ``parts``)."""
    out = ""
    for part in keys:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def set_value(data: Any, path: str, value: Any) -> None:
    """Put ``value`` at ``path`` of ``data`` (every container on the way must exist)."""
    keys = _parts(path)
    node = data
    for part in keys[:-1]:
        node = node[part]
    node[keys[-1]] = value


def is_range(value: Any) -> bool:
    """True for a range ``{"low", "likely", "high"}``."""
    return isinstance(value, dict) and set(value) == set(RANGE_KEYS)


def likely(value: Any) -> Any:
    """The likely value of a number or a range."""
    return value["likely"] if is_range(value) else value


def copy_tree(value: Any) -> Any:
    """A copy of a scenario's JSON tree: its objects and lists new, the rest shared (texts,
    numbers and booleans cannot change). Three times faster than ``copy.deepcopy``, which
    keeps a memo for shared and cyclic objects a parsed document cannot have."""
    kind = type(value)
    if kind is dict:
        return {key: copy_tree(item) for key, item in value.items()}
    if kind is list:
        return [copy_tree(item) for item in value]
    return value


def walk_numbers(value: Any, keys: tuple = ()) -> Iterator[tuple[tuple, float]]:
    """(keys, number) of every number in ``value`` (floats and integers, not booleans),
    depth first."""
    if isinstance(value, (float, int)) and not isinstance(value, bool):
        yield keys, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from walk_numbers(item, keys + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from walk_numbers(item, keys + (index,))


def walk_texts(value: Any, keys: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """(keys, text) of every string in ``value``, its objects' keys included, depth first."""
    if isinstance(value, str):
        yield keys, value
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str):
                yield keys, key
            yield from walk_texts(item, keys + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from walk_texts(item, keys + (index,))


def walk_ranges(value: Any, keys: tuple = ()) -> Iterator[tuple[tuple, dict]]:
    """(keys, range) of every range in ``value``, depth first."""
    if is_range(value):
        yield keys, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from walk_ranges(item, keys + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from walk_ranges(item, keys + (index,))


def extract_ranges(data: dict[str, Any]) -> dict[str, tuple[float, float, float]]:
    """Replace every range in ``data`` by its likely value; return the ranges by path."""
    ranges = {}
    for keys, value in list(walk_ranges(data)):
        node = data
        for part in keys[:-1]:
            node = node[part]
        node[keys[-1]] = value["likely"]
        ranges[path_text(keys)] = (float(value["low"]), float(value["likely"]),
                                   float(value["high"]))
    return ranges


def plus_minus_percent(value: Any) -> float | None:
    """The half-width of a range in percent of its likely value (the wider side), or None."""
    if not is_range(value) or not isinstance(value["likely"], (int, float)) or \
            not value["likely"]:
        return None
    half = max(value["likely"] - value["low"], value["high"] - value["likely"])
    return round(PERCENT_PER_FRACTION * half / abs(value["likely"]), 1)


def with_plus_minus(value: float, percent: float | None, original: Any = None,
                    spec: Any = None) -> Any:
    """A plain number (no percent), the original range (nothing changed), or a symmetric range
    of plus or minus ``percent`` around ``value``, kept within the bounds of ``spec`` (the
    field's ``schema.FieldSpec``)."""
    if not percent:
        return value
    if is_range(original) and original["likely"] == value and \
            plus_minus_percent(original) == percent:
        return original  # an asymmetric range from a file stays as it was
    half = abs(value) * percent / PERCENT_PER_FRACTION
    low, high = value - half, value + half
    if spec is not None:
        if spec.minimum is not None:
            low = max(low, spec.minimum)
        if spec.exclusive_minimum is not None and low <= spec.exclusive_minimum:
            low = value - (value - spec.exclusive_minimum) / 2  # halfway to the bound
        if spec.maximum is not None:
            high = min(high, spec.maximum)
    return {"low": low, "likely": value, "high": high}
