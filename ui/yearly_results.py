"""A recorded year's balance, drawn once: the rows of yearly results are never updated (a year
recorded again is a new row), so a row's balance depends only on the row and the reference
data; it is kept per record and data version, for every session of the server."""

from __future__ import annotations

import json
import threading
from typing import Any, NamedTuple

import streamlit as st

from calculators import actuals, refdata
from calculators import codecarbon_import as cci
from calculators.i18n import N_
from calculators.scenario import ScenarioError, migrate
from calculators.scenario.schema import FieldSpec

from .language import num, say, t
from .number_entry import read_number


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


# -- the form of a year's results (pages/results.py draws it; read here, testable alone) ---

AMOUNT = FieldSpec(0, None, actuals.MAX_AMOUNT, False, False)
COUNT = FieldSpec(0, None, actuals.MAX_AMOUNT, True, False)
CONDITION_CHOICES = ["as forecast", *actuals.CONDITIONS]  # not shown: keys, words on the page
# the year's figures typed in the form: their labels (the errors name the field by them too)
FIELDS = {"requests": N_("Requests served in the year"),
          "inference_energy_kwh": N_("Energy of inference, measured (kWh)"),
          "training_energy_kwh": N_("Energy of the trainings run in the year (kWh)"),
          "network_gb": N_("Data moved in the year (GB)"),
          "running_eur": N_("Running costs paid in the year (€)"),
          "gains_eur": N_("Financial gains of the year (€)"),
          "investment_eur": N_("Investment spent to date (€)")}
MONEY = ("running_eur", "gains_eur", "investment_eur")


class YearForm(NamedTuple):
    """What the form of a year's results holds, as typed."""

    year: int
    typed: dict[str, str]     # FIELDS' figures (not money): the text typed, "" when empty
    money: dict[str, str]     # the amounts in euros, as typed
    files: dict[str, list[tuple[str, bytes]]]  # CodeCarbon files by energy field: (name, bytes)
    includes_pue: bool        # the inference energy was read at the meter
    hardware: list[tuple[str, str]]   # each forecast item: (count typed, condition chosen)
    benefits: list[tuple[str, str]]   # each forecast benefit: (quantity typed, its evidence)
    evidence: str


def read_year_form(form: YearForm, scenario: dict[str, Any]
                   ) -> tuple[dict[str, Any], list[str]]:
    """(the year's actuals, what is wrong in the session's language): numbers read the way the
    language writes them, within each field's bounds; CodeCarbon files summed for the year (IT
    energy), their runs of other years left out and said in the evidence; an energy given both
    typed and as files, or files with the meter box ticked, refused. ``scenario``: the
    forecast, whose hardware and benefits the lines follow."""
    errors: list[str] = []
    out: dict[str, Any] = {"year": form.year, "inference_energy_includes_pue": form.includes_pue,
                           "evidence": form.evidence, "hardware": [], "benefits": []}
    for key, text in {**form.typed, **form.money}.items():
        value, error = read_number(text, FieldSpec(0, None, actuals.maximum(key), False, False),
                                   money=key in form.money)
        if error:
            errors.append(t("{field}: {message}", field=t(FIELDS[key]), message=error))
        out[key] = value
    notes = []
    for key, uploads in form.files.items():
        if not uploads:
            continue
        if out[key] is not None:
            errors.append(t("{field}: type the kWh or give CodeCarbon files, not both",
                            field=t(FIELDS[key])))
            continue
        if key == "inference_energy_kwh" and form.includes_pue:
            errors.append(t("{field}: CodeCarbon's files give the IT energy: untick the "
                            "meter box", field=t(FIELDS[key])))
            continue
        runs, _, file_errors = cci.read_files(uploads)
        errors += [t("{field}: {message}", field=t(FIELDS[key]), message=say(e))
                   for e in file_errors]
        year_runs, left_out = cci.of_year(runs, form.year)
        if not year_runs:
            errors.append(t("{field}: no CodeCarbon run of {year} in the files ({count} of "
                            "other years or undated)", field=t(FIELDS[key]), year=form.year,
                            count=left_out))
            continue
        out[key] = cci.summarise(year_runs)["it_energy_kwh"]
        notes.append(t("{field}: {kwh} kWh of IT energy, {runs} CodeCarbon run(s) of {year} "
                       "({files}); {left_out} run(s) of other years left out",
                       field=t(FIELDS[key]), kwh=num(out[key]), runs=len(year_runs),
                       year=form.year, files=", ".join(sorted({r.file for r in year_runs}))[:200],
                       left_out=left_out))
    if notes:
        out["evidence"] = "\n".join([form.evidence.strip(), *notes]).strip()[
            :actuals.MAX_EVIDENCE_CHARS]
    for (count_text, condition), item in zip(form.hardware, scenario.get("hardware") or [],
                                             strict=False):
        count, error = read_number(count_text, COUNT)
        if error:
            errors.append(t("{field}: {message}", field=t("{name}: how many",
                                                          name=item.get("name", "")),
                            message=error))
        line = {"count": count, "condition": None if condition == "as forecast" else condition}
        out["hardware"].append(line if any(v is not None for v in line.values()) else None)
    for (quantity_text, ben_evidence), ben in zip(form.benefits, scenario.get("benefits") or [],
                                                  strict=False):
        quantity, error = read_number(quantity_text, AMOUNT)
        if error:
            errors.append(t("{field}: {message}", field=t(
                "{label}: quantity in the year", label=ben.get("label", "")), message=error))
        out["benefits"].append(None if quantity is None and not ben_evidence.strip() else
                               {"quantity_per_year": quantity, "evidence": ben_evidence})
    return out, errors
