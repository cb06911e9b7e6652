"""The annual review: the latest version of every project, its figures with today's reference
data, and its change over the year.

Method: for each project, the most recently saved version of its scenarios (variants of one
project are alternatives, the latest save is taken as the project's current state) at the end
of the year under review, and the same at the end of the year before. Both are evaluated with
the reference data of today, so the year's change reflects changes to the project, not to the
factors. A stored scenario that no longer validates keeps the figures it was saved with, marked.
Verdicts are the deterministic ones (a Monte Carlo per project is for the verdict page).
"""

from __future__ import annotations

import json
from typing import Any, Iterable

from .evaluate import evaluate
from .i18n import msg
from .scenario import ScenarioError, migrate

STORED_FIGURES = ("verdict", "committee_review", "footprint_kgco2e", "benefits_kgco2e",
                  "net_kgco2e")


def latest_per_project(rows: Iterable[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """project -> its most recently saved row (rows as ``Library.latest_before`` gives)."""
    out: dict[str, dict[str, Any]] = {}
    for row in rows:
        project = row["entry_project"]
        if project not in out or row["saved_at"] > out[project]["saved_at"]:
            out[project] = row
    return out


def _figures(row: dict[str, Any]) -> dict[str, Any]:
    """Figures of a stored row with today's data, or as saved when it no longer validates."""
    try:
        result = evaluate(migrate(json.loads(row["scenario_json"]))[0])
    except ScenarioError as exc:
        out = {k: row[k] for k in STORED_FIGURES}
        out["status"] = msg("as saved (data {version}); does not validate now: {error}",
                            version=row["data_version"], error=exc.message)
        return out
    return {"verdict": result["verdict"],
            "committee_review": bool(result["committee_review_required"]),
            "footprint_kgco2e": result["footprint_kgco2e"]["total"],
            "benefits_kgco2e": result["benefits_kgco2e"],
            "net_kgco2e": result["net_kgco2e"], "status": msg("recomputed with today's data")}


def review(now_rows: Iterable[dict[str, Any]], before_rows: Iterable[dict[str, Any]]
           ) -> list[dict[str, Any]]:
    """One row per project, sorted by project: its scenario and version at the end of the
    year, figures, whether the committee must review it, and the change since the year
    before (None for a project new this year)."""
    now, before = latest_per_project(now_rows), latest_per_project(before_rows)
    out = []
    for project in sorted(now, key=str.casefold):
        row = now[project]
        figures = _figures(row)
        previous = _figures(before[project]) if project in before else None
        out.append({
            "project": project, "scenario": row["entry_name"], "version": row["version"],
            "saved_at": row["saved_at"], "author": row["author"], "domain": row["domain"],
            **figures,
            "net_kgco2e_year_before": previous["net_kgco2e"] if previous else None,
            "net_change_kgco2e": (figures["net_kgco2e"] - previous["net_kgco2e"]
                                  if previous else None),
            "verdict_year_before": previous["verdict"] if previous else None,
            "new_this_year": previous is None,
        })
    return out


def totals(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Sums and counts over a review's rows."""
    return {
        "projects": len(rows),
        "footprint_kgco2e": sum(r["footprint_kgco2e"] for r in rows),
        "benefits_kgco2e": sum(r["benefits_kgco2e"] for r in rows),
        "net_kgco2e": sum(r["net_kgco2e"] for r in rows),
        "positive": sum(r["verdict"] == "positive" for r in rows),
        "negative": sum(r["verdict"] == "negative" for r in rows),
        "committee_review": sum(bool(r["committee_review"]) for r in rows),
        "new_this_year": sum(r["new_this_year"] for r in rows),
        "verdict_changed": sum(r["verdict_year_before"] not in (None, r["verdict"])
                               for r in rows),
    }
