"""Editing helpers: each widget reads its value from the scenario and writes it back, and list
editors turn table rows into scenario items (an empty cell means "use the default")."""

from __future__ import annotations

import math
from typing import Any, Iterable, Mapping

import pandas as pd
import streamlit as st

from calculators.units import PERCENT_PER_FRACTION

from . import language, state


RANGE_KEYS = ("low", "likely", "high")


def is_range(value: Any) -> bool:
    return isinstance(value, dict) and set(value) == set(RANGE_KEYS)


def likely(value: Any) -> Any:
    """The likely value of a number or a range."""
    return value["likely"] if is_range(value) else value


def plus_minus_percent(value: Any) -> float | None:
    """The half-width of a range in percent of its likely value (the wider side), or None."""
    if not is_range(value) or not value["likely"]:
        return None
    half = max(value["likely"] - value["low"], value["high"] - value["likely"])
    return round(PERCENT_PER_FRACTION * half / abs(value["likely"]), 1)


def with_plus_minus(value: float, percent: float | None, original: Any = None,
                    min_value: float | None = None, max_value: float | None = None) -> Any:
    """A plain number (no percent), the original range (nothing changed), or a symmetric range
    of plus or minus ``percent`` around ``value``, kept within the field's bounds."""
    if percent is None:
        return value
    if is_range(original) and original["likely"] == value and \
            plus_minus_percent(original) == percent:
        return original  # an asymmetric range from a file stays as it was
    half = abs(value) * percent / PERCENT_PER_FRACTION
    low, high = value - half, value + half
    if min_value is not None:
        low = max(low, min_value)
    if max_value is not None:
        high = min(high, max_value)
    return {"low": low, "likely": value, "high": high}


def factor_name(factors: Mapping[str, Any]):
    """A format function for a choice among the keys of a data/ table: the row's label in the
    current language (the key is what the scenario keeps)."""
    return lambda key: (language.say(factors[key].label) if key in factors
                        else language.t("other") if key == "other" else str(key))


def number(container: dict[str, Any], field: str, label: str, *, key: str, help: str,
           min_value: float | None = 0.0, max_value: float | None = None,
           default: float | None = None, step: float | None = None, fmt: str | None = None,
           integer: bool = False, optional: bool = False, uncertain: bool = False,
           uncertainty_help: str = "") -> float | None:
    """A number input bound to ``container[field]``. ``optional``: empty means the default
    (the key is removed from the scenario). ``uncertain``: a "± %" input beside it turns the
    value into a range {low, likely, high}; empty means exact (or the field's default
    uncertainty, said in ``uncertainty_help``)."""
    original = container.get(field, None if optional else default)
    current = likely(original)
    if isinstance(current, float) and not math.isfinite(current):
        current = None
    if integer:
        current = None if current is None else int(current)
        min_value = None if min_value is None else int(min_value)
        max_value = None if max_value is None else int(max_value)
        step = int(step or 1)
    elif current is not None:
        current = float(current)
        min_value = None if min_value is None else float(min_value)
        max_value = None if max_value is None else float(max_value)
    where = st.columns([4, 1]) if uncertain else [st.container()]
    value = where[0].number_input(label, min_value=min_value, max_value=max_value,
                                  value=current, step=step, format=fmt, help=help,
                                  key=state.key(key),
                                  placeholder=language.t("default") if optional else None)
    percent = None
    if uncertain:
        percent = where[1].number_input(
            "± %", min_value=0.0, max_value=100.0, value=plus_minus_percent(original),
            step=5.0, format="%.0f", key=state.key(f"{key}__pm"),
            placeholder=language.t("exact"),
            help=language.t("How uncertain this value is: plus or minus this percentage of it. "
                            "Empty: exact.") + (f" ({uncertainty_help})" if uncertainty_help
                                                else ""))
    if value is None:
        container.pop(field, None)
    else:
        container[field] = with_plus_minus(value, percent, original, min_value, max_value)
    return value


def percent_slider(old: dict[str, Any], new: dict[str, Any], field: str, label: str, *,
                   key: str, help: str) -> None:
    """A 0-100 % slider for the fraction ``old[field]`` (0 to 1); writes the fraction into
    ``new`` when it is above zero."""
    percent = st.slider(label, 0, 100,
                        int(round(PERCENT_PER_FRACTION * likely(old.get(field, 0.0)))),
                        key=state.key(key), help=help, format="%d %%")
    if percent:
        new[field] = percent / PERCENT_PER_FRACTION


def _clean(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if value is pd.NA or (hasattr(pd, "isna") and not isinstance(value, (list, dict))
                          and pd.isna(value)):
        return None
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if hasattr(value, "item"):  # numpy scalar
        value = value.item()
    return value


def records_from_table(table: pd.DataFrame, columns: Iterable[str],
                       integer_columns: Iterable[str] = ()) -> list[dict[str, Any]]:
    """Table rows -> scenario items: empty cells are left out (so the default applies), whole
    numbers stay whole, fully empty rows are dropped."""
    integer_columns = set(integer_columns)
    items = []
    for _, row in table.iterrows():
        item = {}
        for column in columns:
            value = _clean(row.get(column))
            if value is None:
                continue
            if column in integer_columns and isinstance(value, float) and value.is_integer():
                value = int(value)
            item[column] = value
        if item:
            items.append(item)
    return items


def list_editor(name: str, items: list[dict[str, Any]], columns: Mapping[str, Any],
                integer_columns: Iterable[str] = (), height: int | None = None,
                uncertain_columns: Mapping[str, str] | None = None) -> list[dict[str, Any]]:
    """An editable table of ``items`` with ``columns`` (name -> st.column_config). Returns the
    edited items. ``uncertain_columns`` maps a numeric column to the label of a "± %" column
    beside it: a percentage turns the cell's value into a range (a range loaded from a file is
    shown by its likely value and kept as it was unless edited). The table given to the editor
    is kept stable while the page is shown, so the editor's own edit state applies to it."""
    uncertain_columns = dict(uncertain_columns or {})
    all_columns: dict[str, Any] = {}
    for column, config in columns.items():
        all_columns[column] = config
        if column in uncertain_columns:
            all_columns[f"{column}__pm"] = st.column_config.NumberColumn(
                uncertain_columns[column], min_value=0, max_value=100, step=5, format="%.0f",
                help=language.t("How uncertain this column's value is: plus or minus this "
                                "percentage. Empty: exact, or the default uncertainty."))
    editor_key = state.key(f"editor_{name}")
    base_key = f"{editor_key}__base"
    if editor_key not in st.session_state or base_key not in st.session_state:
        rows = []
        for item in items:
            row = {c: likely(item.get(c)) for c in columns}
            for column in uncertain_columns:
                row[f"{column}__pm"] = plus_minus_percent(item.get(column))
            rows.append(row)
        frame = pd.DataFrame(rows, columns=list(all_columns))
        for column, config in all_columns.items():
            kind = (config or {}).get("type_config", {}).get("type") if isinstance(
                config, dict) else None
            if kind == "number":
                frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
            else:
                frame[column] = frame[column].astype("object")
        st.session_state[base_key] = frame
        st.session_state[f"{base_key}__originals"] = [dict(item) for item in items]
    edited = st.data_editor(st.session_state[base_key], key=editor_key, num_rows="dynamic",
                            column_config=all_columns, hide_index=True, width="stretch",
                            height="auto" if height is None else height,
                            column_order=list(all_columns),
                            placeholder=language.t("default"))  # empty: "use the default"
    originals = st.session_state.get(f"{base_key}__originals", [])
    records = records_from_table(edited, all_columns, integer_columns)
    bounds = {column: ((columns[column] or {}).get("type_config", {}).get("min_value"),
                       (columns[column] or {}).get("type_config", {}).get("max_value"))
              for column in uncertain_columns}
    for index, record in enumerate(records):
        original = originals[index] if index < len(originals) else {}
        for column in uncertain_columns:
            percent = record.pop(f"{column}__pm", None)
            if column in record:
                record[column] = with_plus_minus(record[column], percent, original.get(column),
                                                 *bounds[column])
    return records
