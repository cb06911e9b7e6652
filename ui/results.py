"""A recorded year's balance, drawn once: the rows of yearly results are never updated (a year
recorded again is a new row), so a row's balance depends only on the row and the reference
data; it is kept per record and data version, for every session of the server."""

from __future__ import annotations

import json
from typing import Any

import streamlit as st

from calculators import actuals, refdata
from calculators.scenario import ScenarioError, migrate


def drawn(row: dict[str, Any]) -> dict[str, Any]:
    """``{"balance": yearly balance}`` of a stored row (``store.results.Results.in_force``), or
    ``{"error": what went wrong}`` (a Message or a text) when it cannot be redrawn."""
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
