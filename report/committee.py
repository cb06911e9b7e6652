"""The ethics committee's opinion in words (the verdict page, the register and the dossier's
annex say it the same way), and the public register as open data (CSV and JSON).

The register's fields are this tool's own (``REGISTER_SCHEMA``, version ``REGISTER_VERSION``):
the Observatoire des algorithmes publics' inventory schema could not be re-read from here, so
no field claims to follow it; a mapping to it is left to do (see the README). Field names are
stable English identifiers (other tools read them); values are machine-readable: numbers with a
decimal point, dates in ISO 8601, decisions and answers as codes.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from typing import Any

from calculators import fields, frugality, i18n
from calculators.i18n import tr

from .export import neutralise

REGISTER_SCHEMA = "ai-environmental-balance-register"
# 2: investment_eur and cost_eur_per_tco2e (the version's costs, when it gives them)
# 3: verdict_to_complete and verdict_rests_on (what the verdict waits for, what decides it)
# 4: sci_gco2e_per_unit and sci_unit (the carbon per unit served, consumer boundary: SCI)
# 5: shareable_equipment (what the project's lead declares other authorities may share)
# 6: four frugality questions of frugal algorithms (RGESN 2024's family 9), and in the JSON
#    frugality_criteria, the source criteria each question answers
REGISTER_VERSION = 6
CONDITION_SEPARATOR = " | "  # the conditions in one CSV cell


def vote_text(opinion: dict[str, Any], lang: str) -> str:
    """"9 for, 2 against, 1 abstaining", or that no vote was taken."""
    if opinion.get("votes_for") is None:
        return tr("no vote taken", lang)
    return tr("{yes} for, {no} against, {abstaining} abstaining", lang,
              yes=opinion["votes_for"], no=opinion["votes_against"],
              abstaining=opinion["votes_abstaining"])


def opinion_words(opinion: dict[str, Any], lang: str) -> dict[str, Any]:
    """An opinion's fields as texts in ``lang`` (the person's own words left as typed: the
    reader escapes them)."""
    return {
        "decision": i18n.word(i18n.DECISION_WORDS, opinion["decision"], lang),
        "decision_key": opinion["decision"],
        "session": tr("Session of {day}{name}", lang,
                      day=i18n.date(date.fromisoformat(opinion["session_date"]), lang),
                      name=f" ({opinion['session_name']})" if opinion["session_name"] else ""),
        "participants": opinion["participants"],
        "vote": vote_text(opinion, lang),
        "conditions": list(opinion["conditions"]),
        "information_requested": opinion["information_requested"],
        "reasons": opinion["reasons"],
        "recorded": tr("Published {when} by {who}.", lang,
                       when=i18n.date_time(datetime.fromisoformat(opinion["recorded_at"]), lang),
                       who=opinion["recorded_by"] or tr("(not given)", lang)),
    }


# -- the register as open data ---------------------------------------------------------------

FIGURE_FIELDS = ("horizon_years", "footprint_kgco2e", "benefits_kgco2e", "net_kgco2e",
                 "water_net_l", "investment_eur", "cost_eur_per_tco2e", "sci_gco2e_per_unit",
                 "sci_unit")
OPINION_FIELDS = ("decision", "conditions", "information_requested", "session_date",
                  "session_name", "participants", "votes_for", "votes_against",
                  "votes_abstaining", "reasons", "recorded_at")


def record(row: dict[str, Any]) -> dict[str, Any]:
    """One project of ``Committee.register()`` as an open-data record (conditions a list,
    frugality answers by question)."""
    opinion = row["opinion"] or {}
    return {
        "project": row["project"], "scenario_name": row["name"], "version": row["version"],
        "description": row["description"], "domain": row["domain"],
        "submitted_at": row["submitted_at"], "saved_at": row["saved_at"],
        "data_version": row["data_version"], "verdict": row["verdict"],
        # with today's data: what the rule needs that the version does not say (alternative,
        # attribution), and the default or assumed values that decide it (their names, in
        # English); None when not computed for this version
        "verdict_to_complete": row.get("to_complete"),
        "verdict_rests_on": None if row.get("rests_on") is None else [
            i18n.text(fields.label(path, row["scenario"])[0], "en")
            for path in row["rests_on"]],
        "committee_review_required": bool(row["committee_review"]),
        **{k: row[k] for k in FIGURE_FIELDS},
        "opinion_status": "published" if opinion else "pending",
        **{f"opinion_{k}": opinion.get(k) for k in OPINION_FIELDS},
        "earlier_opinions": len(row["earlier_opinions"]),
        # the register entry's offer, as typed (None when the entry says nothing)
        "shareable_equipment": ((row.get("scenario") or {}).get("registration") or {}).get(
            "shareable_equipment") or None,
        "frugality": dict(row["frugality"]),
    }


def register_json(rows: list[dict[str, Any]], generated_at: str) -> bytes:
    """The register as one JSON document: its schema's name and version, when it was made,
    then one record a project."""
    return json.dumps({"schema": REGISTER_SCHEMA, "schema_version": REGISTER_VERSION,
                       "generated_at": generated_at,
                       "frugality_answers": ["yes", "no", "unknown", "not answered"],
                       "frugality_criteria": {q.key: list(q.criteria)
                                              for q in frugality.QUESTIONS},
                       "projects": [record(r) for r in rows]},
                      ensure_ascii=False, indent=2, allow_nan=False).encode("utf-8")


def register_csv(rows: list[dict[str, Any]]) -> bytes:
    """The register as CSV for open data portals: UTF-8 without a byte order mark, comma
    separated, decimal point, one line a project, the conditions joined by " | ", one column
    a frugality question (``frugality_<key>``). A text a spreadsheet would run as a formula is
    neutralised like the summary's."""
    keys = [q.key for q in frugality.QUESTIONS]
    records = [record(r) for r in rows]
    columns = [c for c in (records[0] if records else record(_EMPTY)) if c != "frugality"] + [
        f"frugality_{k}" for k in keys]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for rec in records:
        answers = rec.pop("frugality")
        for key in ("opinion_conditions", "verdict_to_complete", "verdict_rests_on"):
            rec[key] = None if rec[key] is None else CONDITION_SEPARATOR.join(rec[key])
        writer.writerow([_cell(rec[c]) for c in columns[:len(columns) - len(keys)]]
                        + [answers.get(k, "") for k in keys])
    return buffer.getvalue().encode("utf-8")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, int):
        return str(value)
    return neutralise(str(value))


_EMPTY: dict[str, Any] = {"project": "", "name": "", "version": 0, "description": "", "domain": "",
          "submitted_at": "", "saved_at": "", "data_version": "", "verdict": "",
          "committee_review": False, **dict.fromkeys(FIGURE_FIELDS), "opinion": None,
          "earlier_opinions": [], "frugality": {}, "scenario": {}}
