"""A recorded year's balance, drawn once: the rows of yearly results are never updated (a year
recorded again is a new row), so a row's balance depends only on the row and the reference
data; it is kept per record and data version, for every session of the server."""

from __future__ import annotations

import json
import threading
from typing import Any

import streamlit as st

from calculators import actuals, refdata
from calculators.scenario import ScenarioError, migrate


def drawn(row: dict[str, Any]) -> dict[str, Any]:
    """``{"balance": yearly balance}`` of a stored row
    (``store.yearly_results.Results.in_force``), or ``{"error": what went wrong}`` (a Message
    or a text) when it cannot be redrawn."""
    # the record's number and time name it (a number alone could name a record of another
    # database the same process opened: the tests run on SQLite and PostgreSQL in turn)
    return _drawn(row["id"], str(row["recorded_at"]), refdata.data_version(), row)


@st.cache_data(max_entries=5000, show_spinner=False)
def _drawn(record_id: int, recorded_at: str, data_version: str,
           _row: dict[str, Any]) -> dict[str, Any]:
    try:
        forecast = migrate(json.loads(_row["scenario_json"]))[0]
        return {"balance": actuals.yearly_balance(forecast, _row["actuals"])}
    except (ScenarioError, actuals.ActualsError) as exc:
        return {"error": getattr(exc, "message", str(exc))}


# a year's projects with results, their balances drawn, per (database, year, data version, last
# row recorded), for every session of this server: the Portfolio and the annual review read
# them at every rerun; at 1,000 projects, reading the rows with their scenarios and looking up
# each balance took most of a rerun (bench/bench_results.py)
_YEARS: dict[tuple, list[dict[str, Any]]] = {}
_YEARS_KEPT = 16
_YEARS_LOCK = threading.Lock()


def year_entries(engine, actor, year: int) -> list[dict[str, Any]]:
    """Every project's row in force for ``year``, as the annual review takes them: ``{"id",
    "project", "year", "balance", "version", "recorded_at", "recorded_by"}`` by project, or
    ``"error"`` (what went wrong, a Message or a text) instead of ``"balance"`` when it cannot
    be redrawn. Read and drawn once per change (``Results.stamp``); the lists and balances
    returned are shared: read them, never change them. Raises what the store raises
    (Forbidden for a reader it refuses)."""
    from store.yearly_results import Results

    results = Results(engine)
    key = (engine.url.render_as_string(), int(year), refdata.data_version(),
           tuple(str(v) for v in results.stamp(actor)))
    with _YEARS_LOCK:
        found = _YEARS.get(key)
    if found is not None:
        return found
    found = []
    for row in results.in_force(actor, year=year):
        found.append({"id": row["id"], "project": row["project"], "year": row["year"],
                      "version": row["version"], "recorded_at": row["recorded_at"],
                      "recorded_by": row["recorded_by"], **drawn(row)})
    with _YEARS_LOCK:
        if len(_YEARS) >= _YEARS_KEPT:
            _YEARS.pop(next(iter(_YEARS)))
        _YEARS[key] = found
    return found
