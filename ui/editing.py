"""Editing helpers: each widget reads its value from the scenario and writes it back, and list
editors turn table rows into scenario items (an empty cell means "use the default")."""

from __future__ import annotations

import math
from typing import Any, Iterable, Mapping

import pandas as pd
import streamlit as st

from calculators.units import PERCENT_PER_FRACTION

from . import state


def number(container: dict[str, Any], field: str, label: str, *, key: str, help: str,
           min_value: float | None = 0.0, max_value: float | None = None,
           default: float | None = None, step: float | None = None, fmt: str | None = None,
           integer: bool = False, optional: bool = False) -> float | None:
    """A number input bound to ``container[field]``. ``optional``: empty means the default
    (the key is removed from the scenario)."""
    current = container.get(field, None if optional else default)
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
    value = st.number_input(label, min_value=min_value, max_value=max_value, value=current,
                            step=step, format=fmt, help=help, key=state.key(key),
                            placeholder="default" if optional else None)
    if value is None:
        container.pop(field, None)
    else:
        container[field] = value
    return value


def percent_slider(old: dict[str, Any], new: dict[str, Any], field: str, label: str, *,
                   key: str, help: str) -> None:
    """A 0-100 % slider for the fraction ``old[field]`` (0 to 1); writes the fraction into
    ``new`` when it is above zero."""
    percent = st.slider(label, 0, 100, int(round(PERCENT_PER_FRACTION * old.get(field, 0.0))),
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
                integer_columns: Iterable[str] = (), height: int | None = None
                ) -> list[dict[str, Any]]:
    """An editable table of ``items`` with ``columns`` (name -> st.column_config). Returns the
    edited items. The table given to the editor is kept stable while the page is shown, so the
    editor's own edit state applies to the table it was built from."""
    editor_key = state.key(f"editor_{name}")
    base_key = f"{editor_key}__base"
    if editor_key not in st.session_state or base_key not in st.session_state:
        frame = pd.DataFrame([{c: item.get(c) for c in columns} for item in items],
                             columns=list(columns))
        for column, config in columns.items():
            kind = (config or {}).get("type_config", {}).get("type") if isinstance(
                config, dict) else None
            if kind == "number":
                frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
            else:
                frame[column] = frame[column].astype("object")
        st.session_state[base_key] = frame
    edited = st.data_editor(st.session_state[base_key], key=editor_key, num_rows="dynamic",
                            column_config=dict(columns), hide_index=True, width="stretch",
                            height="auto" if height is None else height)
    return records_from_table(edited, columns, integer_columns)
