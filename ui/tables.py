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

from calculators import i18n
from calculators.i18n import N_
from calculators.units import KG_PER_TONNE

from . import language
from .language import t

SECTION_LABELS = {"training": N_("Training"), "inference": N_("Inference"),
                  "hardware": N_("Hardware"), "benefits": N_("Benefits"),
                  "location": N_("Location"), "network": N_("Network"),
                  "alternative": N_("Non-AI alternative")}


def domain(key: str) -> str:
    return i18n.capital(i18n.word(i18n.DOMAIN_WORDS, key, language.current()))


def verdict(key: str | None) -> str:
    return i18n.capital(i18n.word(i18n.VERDICT_WORDS, key, language.current()))


def column_config() -> dict[str, Any]:
    """How the library's tables show their figures and flags, by their column names."""
    tonnes_column = st.column_config.NumberColumn(format="%.1f")
    return {t("Net balance (tCO2e)"): tonnes_column, t("Footprint (tCO2e)"): tonnes_column,
            t("Avoided (tCO2e)"): tonnes_column,
            t("Committee review"): st.column_config.CheckboxColumn(),
            t("Archived"): st.column_config.CheckboxColumn()}


def when(iso: str) -> str:
    """'2026-11-23 17:48 UTC' (23/11/2026 17:48 UTC in French) from a stored ISO 8601 UTC
    time."""
    try:
        return i18n.date_time(datetime.fromisoformat(iso), language.current())
    except (TypeError, ValueError):
        return str(iso)


def tonnes(kgco2e: float | None) -> float | None:
    return None if kgco2e is None else kgco2e / KG_PER_TONNE


def with_todays_data(row: dict[str, Any], fresh: dict[str, Any] | None) -> str:
    """What today's reference data does to a saved version's figures: nothing ('same data'),
    or what moved (verdict, net balance), so a committee sees why a verdict changed."""
    if fresh is None:
        return t("same data")
    if "error" in fresh:
        return t("no longer valid: {error}", error=language.say(fresh["error"]))
    if not fresh["changed"]:
        return t("unchanged")
    text = t("net {before} → {now}", before=language.kg(row["net_kgco2e"]),
             now=language.kg(fresh["net_kgco2e"]))
    if fresh["verdict"] != row["verdict"]:
        text = t("verdict {before} → {now}; ", before=verdict(row["verdict"]),
                 now=verdict(fresh["verdict"])) + text
    return text


def library_table(rows: list[dict[str, Any]],
                  fresh: dict[str, dict[str, Any]] | None = None) -> pd.DataFrame:
    """The library's list; ``fresh`` (``Library.figures_with_current_data``) adds what
    today's reference data changes."""
    fresh = fresh or {}
    return pd.DataFrame({
        t("Project"): [r["project"] for r in rows],
        t("Scenario"): [r["name"] for r in rows],
        t("Versions"): [r["latest_version"] for r in rows],
        t("Last saved"): [when(r["saved_at"]) for r in rows],
        t("By"): [r["author"] for r in rows],
        t("Domain"): [domain(r["domain"]) for r in rows],
        t("Verdict"): [verdict(r["verdict"]) for r in rows],
        t("Committee review"): [bool(r["committee_review"]) for r in rows],
        t("Net balance (tCO2e)"): [tonnes(r["net_kgco2e"]) for r in rows],
        t("With today's data"): [with_todays_data(r, fresh.get(r["id"])) for r in rows],
        t("Archived"): [bool(r["archived"]) for r in rows],
    })


def history_table(history: list[dict[str, Any]]) -> pd.DataFrame:
    return pd.DataFrame({
        t("Version"): [h["version"] for h in history],
        t("Saved"): [when(h["saved_at"]) for h in history],
        t("By"): [h["author"] for h in history],
        t("Comment"): [h["comment"] for h in history],
        t("Scenario"): [h["name"] for h in history],
        t("Verdict"): [verdict(h["verdict"]) for h in history],
        t("Footprint (tCO2e)"): [tonnes(h["footprint_kgco2e"]) for h in history],
        t("Avoided (tCO2e)"): [tonnes(h["benefits_kgco2e"]) for h in history],
        t("Net balance (tCO2e)"): [tonnes(h["net_kgco2e"]) for h in history],
        t("Data version"): [h["data_version"] for h in history],
    })


_INDEX = re.compile(r"\[(\d+)\]")


def input_label(path: str) -> str:
    """'Training > devices, row 1 > hours' for 'training.devices[0].hours' (the sections' names
    in the current language, the rest as the scenario file names them)."""
    parts = _INDEX.sub(lambda m: t(", row {row}", row=int(m.group(1)) + 1), path).split(".")
    first = parts[0].split(",")[0]
    head = t(SECTION_LABELS[first]) if first in SECTION_LABELS else \
        first.replace("_", " ").capitalize()
    rest = parts[0][len(first):]
    return " > ".join([head + rest] + [p.replace("_", " ") for p in parts[1:]])


def shown(value: Any) -> str:
    """A scenario value as text: ranges as 'likely (low to high)', absent as '(default)'."""
    lang = language.current()
    if value is None:
        return t("(default)")
    if isinstance(value, dict) and set(value) == {"low", "likely", "high"}:
        return t("{likely} ({low} to {high})", likely=i18n.localise(f"{value['likely']:g}", lang),
                 low=i18n.localise(f"{value['low']:g}", lang),
                 high=i18n.localise(f"{value['high']:g}", lang))
    if isinstance(value, bool):
        return t("yes") if value else t("no")
    if isinstance(value, float):
        return i18n.localise(f"{value:g}", lang)
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False) if value else t("(none)")
    return str(value)


def figure_cell(unit: str, value: Any) -> str:
    """A figure of the comparison as text, in the unit people read."""
    if value is None:
        return t("n/a")
    if unit == "kgCO2e":
        return language.kg(value)
    if unit == "ratio":
        return f"{language.num(value, 1)} ×"
    if unit == "years":
        return t("{years} years", years=language.num(value, 1))
    if unit == "probability":
        return language.pct(value)
    if isinstance(value, bool):
        return t("yes") if value else t("no")
    return verdict(value)


def highlight_differences(frame: pd.DataFrame):
    """A Styler marking, in each row, the cells that differ from the first scenario's."""
    def row_style(row: pd.Series) -> list[str]:
        first = row.iloc[0]
        return [""] + ["background-color: #FFE8B0; font-weight: bold" if v != first else ""  # not shown: a style
                       for v in row.iloc[1:]]
    return frame.style.apply(row_style, axis=1)
