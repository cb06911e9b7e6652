"""Tables for the library, comparison and portfolio pages: labels, dates and values as people
read them (figures in tCO2e, verdict words, dates in UTC), built as plain functions so they are
tested without a browser."""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any

import pandas as pd
import streamlit as st

from calculators.units import KG_PER_TONNE

DOMAIN_LABELS = {"climate": "Climate policy", "general_interest": "Other public interest"}
VERDICT_LABELS = {"positive": "Positive", "negative": "Negative", "uncertain": "Uncertain"}
SECTION_LABELS = {"training": "Training", "inference": "Inference", "hardware": "Hardware",
                  "benefits": "Benefits", "location": "Location", "network": "Network",
                  "alternative": "Non-AI alternative"}

LIBRARY_COLUMN_CONFIG = {
    "Net balance (tCO2e)": st.column_config.NumberColumn(format="%.1f"),
    "Footprint (tCO2e)": st.column_config.NumberColumn(format="%.1f"),
    "Avoided (tCO2e)": st.column_config.NumberColumn(format="%.1f"),
    "Committee review": st.column_config.CheckboxColumn(),
    "Archived": st.column_config.CheckboxColumn(),
}


def when(iso: str) -> str:
    """'2026-11-23 17:48 UTC' from a stored ISO 8601 UTC time."""
    try:
        return datetime.fromisoformat(iso).strftime("%Y-%m-%d %H:%M UTC")
    except (TypeError, ValueError):
        return str(iso)


def tonnes(kgco2e: float | None) -> float | None:
    return None if kgco2e is None else kgco2e / KG_PER_TONNE


def library_table(rows: list[dict[str, Any]]) -> pd.DataFrame:
    return pd.DataFrame({
        "Project": [r["project"] for r in rows],
        "Scenario": [r["name"] for r in rows],
        "Versions": [r["latest_version"] for r in rows],
        "Last saved": [when(r["saved_at"]) for r in rows],
        "By": [r["author"] for r in rows],
        "Domain": [DOMAIN_LABELS.get(r["domain"], r["domain"]) for r in rows],
        "Verdict": [VERDICT_LABELS.get(r["verdict"], r["verdict"]) for r in rows],
        "Committee review": [bool(r["committee_review"]) for r in rows],
        "Net balance (tCO2e)": [tonnes(r["net_kgco2e"]) for r in rows],
        "Archived": [bool(r["archived"]) for r in rows],
    })


def history_table(history: list[dict[str, Any]]) -> pd.DataFrame:
    return pd.DataFrame({
        "Version": [h["version"] for h in history],
        "Saved": [when(h["saved_at"]) for h in history],
        "By": [h["author"] for h in history],
        "Comment": [h["comment"] for h in history],
        "Scenario": [h["name"] for h in history],
        "Verdict": [VERDICT_LABELS.get(h["verdict"], h["verdict"]) for h in history],
        "Footprint (tCO2e)": [tonnes(h["footprint_kgco2e"]) for h in history],
        "Avoided (tCO2e)": [tonnes(h["benefits_kgco2e"]) for h in history],
        "Net balance (tCO2e)": [tonnes(h["net_kgco2e"]) for h in history],
        "Data version": [h["data_version"] for h in history],
    })


_INDEX = re.compile(r"\[(\d+)\]")


def input_label(path: str) -> str:
    """'Training > devices, row 1 > hours' for 'training.devices[0].hours'."""
    parts = _INDEX.sub(lambda m: f", row {int(m.group(1)) + 1}", path).split(".")
    first = parts[0].split(",")[0]
    head = SECTION_LABELS.get(first, first.replace("_", " ").capitalize())
    rest = parts[0][len(first):]
    return " > ".join([head + rest] + [p.replace("_", " ") for p in parts[1:]])


def shown(value: Any) -> str:
    """A scenario value as text: ranges as 'likely (low to high)', absent as '(default)'."""
    if value is None:
        return "(default)"
    if isinstance(value, dict) and set(value) == {"low", "likely", "high"}:
        return f"{value['likely']:g} ({value['low']:g} to {value['high']:g})"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False) if value else "(none)"
    return str(value)


def figure_cell(unit: str, value: Any) -> str:
    """A figure of the comparison as text, in the unit people read."""
    if value is None:
        return "n/a"
    if unit == "kgCO2e":
        from calculators.balance import format_kgco2e
        return format_kgco2e(value)
    if unit == "ratio":
        return f"{value:,.1f} ×"
    if unit == "years":
        return f"{value:,.1f} years"
    if unit == "probability":
        return f"{value:.0%}"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return VERDICT_LABELS.get(value, str(value))


def highlight_differences(frame: pd.DataFrame):
    """A Styler marking, in each row, the cells that differ from the first scenario's."""
    def row_style(row: pd.Series) -> list[str]:
        first = row.iloc[0]
        return [""] + ["background-color: #FFE8B0; font-weight: bold" if v != first else ""
                       for v in row.iloc[1:]]
    return frame.style.apply(row_style, axis=1)
