"""Tables for the library, comparison and portfolio pages: labels, dates and values as people
read them (figures in tCO2e, verdict words, dates in the authority's time zone), built as plain
functions so they are tested without a browser."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, Callable

import pandas as pd
import pyarrow as pa
import streamlit as st

from calculators import fields, i18n, registration
from calculators.scenario import paths
from calculators.i18n import N_
from calculators.units import L_PER_M3

from . import language
from .language import t

SECTION_LABELS = {"training": N_("Training"), "inference": N_("Inference"),
                  "hardware": N_("Hardware"), "benefits": N_("Benefits"),
                  "location": N_("Location"), "network": N_("Network"),
                  "alternative": N_("Non-AI alternative")}


def escaped(data: Any) -> pd.DataFrame:
    """``data`` as a table whose every text shows as written in ``st.table``, which reads
    Markdown in its cells and headers: a label someone typed must never become a link, an
    image or bold text. Numbers should arrive as text already (``language.num``), or st.table
    writes 0.3500. Keep the frame (``state.memo``) where a page reruns often."""
    frame = data if isinstance(data, pd.DataFrame) else pd.DataFrame(data)
    frame = frame.map(lambda v: language.cell(language.say(v))
                      if isinstance(v, (str, i18n.Message)) else v)
    frame.columns = [language.cell(c) for c in frame.columns]
    if not isinstance(frame.index, pd.RangeIndex):
        frame.index = [language.cell(i) for i in frame.index]
    return frame


def kept(data: Any) -> pa.Table:
    """``escaped(data)`` as an Arrow table, to keep (``state.memo``) and show with
    ``st.table(..., hide_index=True)``: given a DataFrame, st.table converts it to Arrow again
    at every rerun (5 % of the verdict page's, py-spy under bench/bench_server.py). Rows only:
    the frame's index is not kept."""
    return pa.Table.from_pandas(escaped(data), preserve_index=False)


# the reference tables of the input pages (each kind's default and its source), kept as Arrow
# tables per name, language and data version: the same for every scenario and session
_REFERENCE: dict[tuple[str, str, str], pa.Table] = {}
_REFERENCE_KEPT = 64  # a few tables, two languages, a data version or two


def reference(name: str, rows: Callable[[], Any]) -> None:
    """``st.table`` of a table of reference data only (the defaults and their sources; never a
    scenario's figures): ``rows()`` is written once per language and data version, and kept
    (a rerun wrote it, escaped it and converted it again: a tenth of the Hardware page's)."""
    from calculators import refdata

    key = (name, language.current(), refdata.data_version())
    table = _REFERENCE.get(key)
    if table is None:
        if len(_REFERENCE) >= _REFERENCE_KEPT:
            _REFERENCE.clear()
        table = _REFERENCE[key] = kept(rows())
    st.table(table, hide_index=True)


def static(data: Any, **options: Any) -> None:
    """``st.table`` of ``data``, every text shown as written (see ``escaped``)."""
    st.table(escaped(data), **options)


def domain(key: str) -> str:
    return i18n.capital(i18n.word(i18n.DOMAIN_WORDS, key, language.current()))


def verdict(key: str | None) -> str:
    return i18n.capital(i18n.word(i18n.VERDICT_WORDS, key, language.current()))


def column_config() -> dict[str, Any]:
    """The help of the library's tables' columns, by their names (figures are text written
    the way the language writes numbers: 259,8; flags are words, ``yes_no``)."""
    return {t("Retained"): st.column_config.TextColumn(
        help=t("The scenario that stands for its project in the portfolio."))}


def yes_no(flag: Any) -> str:
    """A flag of a table as a word of the reader's language: a data grid's ticked box is read
    out "true" by screen readers, and shows nothing to one who cannot see the tick."""
    return t("yes") if flag else t("no")


def when(iso: str) -> str:
    """'2026-11-23 18:48 CET' (23/11/2026 18:48 CET in French) from a stored ISO 8601 UTC
    time."""
    try:
        return i18n.date_time(datetime.fromisoformat(iso), language.current())
    except (TypeError, ValueError):
        return str(iso)


def tonnes(kgco2e: float | None) -> str:
    """A CO2e mass in tonnes as text, one decimal, the way the language writes it (259,8);
    nothing for a missing figure (never 'None')."""
    return i18n.tonnes(kgco2e, language.current())


def cubic_metres(litres: float | None) -> str:
    """A volume of water in cubic metres as text, one decimal, the way the language writes it;
    nothing for a missing figure (never 'None')."""
    return "" if litres is None else language.num(litres / L_PER_M3, 1)


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


def opinion(found: dict[str, Any] | None) -> str:
    """The committee's latest published opinion on a scenario, with its version:
    "favourable with conditions (v2)"; empty when it has none."""
    if not found:
        return ""
    return t("{decision} (v{version})", decision=i18n.word(
        i18n.DECISION_WORDS, found["decision"], language.current()), version=found["version"])


def library_table(rows: list[dict[str, Any]],
                  fresh: dict[str, dict[str, Any]] | None = None,
                  kept: dict[str, str] | None = None,
                  opinions: dict[str, dict[str, Any]] | None = None) -> pd.DataFrame:
    """The library's list; ``fresh`` (``Library.figures_with_current_data``) adds what
    today's reference data changes; ``kept`` (``Library.retained_variants``) marks the
    scenario retained for each project; ``opinions`` (``Committee.latest_opinions``) the
    committee's."""
    fresh, kept, opinions = fresh or {}, kept or {}, opinions or {}
    return pd.DataFrame({
        t("Project"): [r["project"] for r in rows],
        t("Scenario"): [r["name"] for r in rows],
        t("Retained"): [yes_no(kept.get(r["project"]) == r["id"]) for r in rows],
        t("Versions"): [r["latest_version"] for r in rows],
        t("Last saved"): [when(r["saved_at"]) for r in rows],
        t("By"): [r["author"] for r in rows],
        t("Domain"): [domain(r["domain"]) for r in rows],
        t("Verdict"): [verdict(r["verdict"]) for r in rows],
        t("Committee review"): [yes_no(r["committee_review"]) for r in rows],
        t("Committee's opinion"): [opinion(opinions.get(r["id"])) for r in rows],
        t("Net balance (tCO2e)"): [tonnes(r["net_kgco2e"]) for r in rows],
        t("With today's data"): [with_todays_data(r, fresh.get(r["id"])) for r in rows],
        t("Archived"): [yes_no(r["archived"]) for r in rows],
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


# the words of a scenario's enumerated values, by the key that holds them
VALUE_WORDS = {"condition": {"new": N_("new"), "refurbished": N_("refurbished"),
                             "reused": N_("reused")},
               "transport_mode": {"sea": N_("sea"), "air": N_("air"), "road": N_("road"),
                                  "rail": N_("rail")},
               "domain": {"climate": N_("climate policy"),
                          "general_interest": N_("other public interest")},
               "grid_source": {"ademe": N_("ADEME Base Empreinte"),
                               "codecarbon": N_("Our World in Data (CodeCarbon)"),
                               "ecologits": N_("EcoLogits")}}


def input_label(path: str, scenario: dict[str, Any] | None = None) -> str:
    """A scenario's field as a reader knows it ('Hardware, line 1 (Sensors): lifetime'),
    its lines named from ``scenario``."""
    if paths.parts(path)[-1] in fields.KEY_LABELS:
        return language.say(fields.label(path, scenario)[0])
    return " > ".join(t("line {number}", number=p + 1) if isinstance(p, int)
                      else t(SECTION_LABELS[p]) if p in SECTION_LABELS
                      else str(p).replace("_", " ") for p in paths.parts(path))


def unique(labels: list[str]) -> list[str]:
    """The labels, a repeated one numbered (a table's index must be unique)."""
    seen: dict[str, int] = {}
    out = []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        out.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return out


def shown(value: Any, path: str = "") -> str:
    """A scenario value as text: ranges as 'likely (low to high)', absent as '(default)',
    words and countries in the reader's language."""
    lang = language.current()
    key = str(paths.parts(path)[-1]) if path else ""
    if value is None:
        return t("(default)")
    if isinstance(value, dict) and set(value) == {"low", "likely", "high"}:
        return t("{likely} ({low} to {high})", likely=i18n.plain_number(value["likely"], lang),
                 low=i18n.plain_number(value["low"], lang),
                 high=i18n.plain_number(value["high"], lang))
    if isinstance(value, bool):
        return t("yes") if value else t("no")
    if isinstance(value, (int, float)):
        return i18n.plain_number(value, lang)
    if key in VALUE_WORDS and value in VALUE_WORDS[key]:
        return t(VALUE_WORDS[key][value])
    if path.startswith("registration.") and key in registration.BY_KEY and isinstance(
            value, str):  # a register entry's choice: its words, not the standard's code
        words = dict(registration.BY_KEY[key].choices).get(value)
        if words:
            return t(words)
    if key == "country" and isinstance(value, str):
        return i18n.country(value, lang) or value
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
    if unit == "years":  # as the verdict page says it: 2 days, 4 weeks, 6 years
        return i18n.duration(value, language.current())
    if unit == "probability":
        return language.pct(value)
    if unit in ("L", "kgSbeq", "MJ"):
        return language.amount(value, unit)
    if isinstance(value, bool):
        return t("yes") if value else t("no")
    return verdict(value)


def comparison_rows(figures: list[dict[str, Any]], differences: list[dict[str, Any]],
                    scenarios: list[dict[str, Any]], payback: Any) -> list[list[Any]]:
    """The comparison as a spreadsheet's rows (section, item, unit, one value a scenario), in
    the reader's language: figures rounded as the screen shows them, a row's masses in one
    unit, durations in words, verdicts and conditions as words, inputs named as the pages name
    them (not "hardware[0].condition" nor "reused")."""
    lang = language.current()
    rows: list[list[Any]] = []
    for f in figures:
        unit, values = f["unit"], list(f["values"])
        if unit == "years":
            values = [t("not within the horizon") if v is None and f["figure"] == payback
                      else None if v is None else i18n.duration(v, lang) for v in values]
            unit = ""
        elif unit.partition("/")[0] in ("kgCO2e", "L", "MJ"):
            values, unit = i18n.figures_together(values, unit)
        elif unit:
            rounded = [i18n.figure(v, unit) for v in values]
            values = [v for v, _ in rounded]
            unit = rounded[0][1] if rounded else unit
        else:
            values = [i18n.text(i18n.VERDICT_WORDS[v], lang)
                      if isinstance(v, str) and v in i18n.VERDICT_WORDS else v for v in values]
        rows.append([t("figure"), language.say(f["figure"]), i18n.unit(unit, lang), *values])
    for d in differences:
        rows.append([t("input"), input_label(d["input"], scenarios[0]), "",
                     *[shown(v, d["input"]) for v in d["values"]]])
    return rows


def spreadsheet_columns(columns: dict[str, tuple[Callable[[Any], Any], str]],
                        rows: list[Any]) -> tuple[list[str], list[list[Any]]]:
    """A table for a spreadsheet: ``columns`` maps a column's name to how a row gives its
    value and the value's unit ("" for words). A column of masses, water or energy is in one
    unit, named in its title ("Footprint (tCO2e)"), rounded as the screen rounds it
    (``i18n.figures_together``); a probability in percent. Returns (names, rows of cells)."""
    lang = language.current()
    names, by_column = [], []
    for name, (get, unit) in columns.items():
        values = [get(r) for r in rows]
        if unit.partition("/")[0] in ("kgCO2e", "L", "MJ"):
            values, unit = i18n.figures_together(values, unit)
        elif unit:
            rounded = [i18n.figure(v, unit) if v is not None else (None, unit) for v in values]
            values, unit = [v for v, _ in rounded], i18n.figure(0.0, unit)[1]
        names.append(f"{name} ({i18n.unit(unit, lang)})" if unit else name)
        by_column.append(values)
    return names, [list(cells) for cells in zip(*by_column, strict=True)] if rows else []


CSV_FILES = "_csv_files"  # session state: the CSV files last given, by content


def csv_file(header: list[tuple[str, Any]], columns: list[str], cells: list[list[Any]],
             fmt: str) -> bytes:
    """``export.table_csv`` in the reader's language, given with the page (a download's
    callable is dropped when its button is drawn again, and a click during a rerun spun for
    ever), kept in the session while its content does not change (a review of a thousand
    projects is written once, not at every rerun)."""
    import hashlib
    import pickle

    from report.export import table_csv

    lang = language.current()
    key = hashlib.sha256(pickle.dumps((header, columns, cells, fmt, lang))).hexdigest()
    kept = st.session_state.setdefault(CSV_FILES, {})
    if key not in kept:
        while len(kept) >= 4:
            kept.pop(next(iter(kept)))
        kept[key] = table_csv(header, columns, cells, fmt, lang)
    return kept[key]


def highlight_differences(frame: pd.DataFrame):
    """A Styler marking, in each row, the cells that differ from the first scenario's."""
    def row_style(row: pd.Series) -> list[str]:
        first = row.iloc[0]
        marked = "background-color: #FFE8B0; font-weight: bold"  # not shown: a style
        return [""] + [marked if v != first else ""
                       for v in row.iloc[1:]]
    return frame.style.apply(row_style, axis=1)
