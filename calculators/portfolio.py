"""The annual review: the latest version of every project, its figures with today's reference
data, and its change over the year.

Method: for each project, the latest version of its retained variant (a project's scenarios are
variants of it, what-ifs among them: the one that stands for the project is chosen explicitly in
the Library; a project with one scenario has it retained) at the end of the year under review,
and the same at the end of the year before. A project with several variants and none retained
is listed without figures, and counted apart, rather than standing for one of its what-ifs.
Both are evaluated with the reference data of today, so the year's change reflects changes
to the project, not to the factors. A stored scenario that no longer validates keeps the
figures it was saved with, marked.
Each version's figures, the probability that the convention's rule is met among them (a Monte
Carlo of FIGURE_SAMPLES simulations, seeded: the same figures every time), are computed by
``figures_of`` once per saved version and data version and kept in the library
(``store.Library.figures``): a review reads them, it does not evaluate a thousand projects on
every click.
"""

from __future__ import annotations

import json
from typing import Any, Iterable, Mapping

from .evaluate import evaluate
from .i18n import msg
from .scenario import Scenario, ScenarioError, load, migrate

# the portfolio's simulations per project: a probability to the percent (Monte Carlo error
# about 1 % at 2,000 samples for a probability near 0.9), at a fifth of the verdict page's cost
FIGURE_SAMPLES = 2000
FIGURES = ("verdict", "committee_review", "footprint_kgco2e", "benefits_kgco2e", "net_kgco2e",
           "water_net_l", "significant_harm", "probability_rule_met", "verdict_uncertain",
           "investment_eur", "cost_eur_per_tco2e")

STORED_FIGURES = ("verdict", "committee_review", "footprint_kgco2e", "benefits_kgco2e",
                  "net_kgco2e")


def retained_per_project(rows: Iterable[dict[str, Any]],
                         retained: Mapping[str, str] | None = None
                         ) -> dict[str, tuple[dict[str, Any] | None, int]]:
    """project -> (the row of its retained variant, or None when it has several and none is
    retained; its number of variants). ``rows`` as ``Library.latest_before`` gives (one per
    scenario); ``retained``: project -> entry id of its retained variant."""
    by_project: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_project.setdefault(row["entry_project"], []).append(row)
    out: dict[str, tuple[dict[str, Any] | None, int]] = {}
    for project, variants in by_project.items():
        chosen = (retained or {}).get(project)
        picked: dict[str, Any] | None = next(
            (r for r in variants if r["entry_id"] == chosen), None)
        if picked is None and len(variants) == 1:
            picked = variants[0]
        out[project] = (picked, len(variants))
    return out


def figures_of(scenario_json: str) -> dict[str, Any]:
    """The figures of a stored scenario with today's reference data (plain JSON values: they
    are kept in the library), its probability included; ``{"error": ..., "field": ...}`` (the
    English of the message, the field it names) when it no longer validates."""
    try:
        scenario = load(migrate(json.loads(scenario_json))[0])
    except ScenarioError as exc:
        return {"error": str(exc.message), "field": exc.field}
    return figures_of_scenario(scenario, evaluate(scenario))


def figures_of_scenario(scenario: Scenario, result: dict[str, Any]) -> dict[str, Any]:
    """``figures_of`` for a scenario already loaded and evaluated (``result``): the Monte Carlo
    of FIGURE_SAMPLES simulations, seeded, added to its headline figures."""
    from . import uncertainty  # numpy: only where samples are drawn

    block = uncertainty.monte_carlo(scenario, FIGURE_SAMPLES, 0)
    finance = result["finance"]
    return {"verdict": result["verdict"],
            "committee_review": bool(result["committee_review_required"]),
            "footprint_kgco2e": result["footprint_kgco2e"]["total"],
            "benefits_kgco2e": result["benefits_kgco2e"], "net_kgco2e": result["net_kgco2e"],
            "water_net_l": result["water_net_l"],
            "significant_harm": bool(result["significant_harm"]),
            "probability_rule_met": block["probability_rule_met"],
            "verdict_uncertain": block["verdict"],
            # what the verdict waits for (codes) and what it rests on (the values' paths)
            "to_complete": [c["what"] for c in result["to_complete"]],
            "rests_on": [r["field"] for r in result["rests_on"]],
            # euros, when the scenario gives them (None otherwise)
            "investment_eur": finance and finance["investment_eur"],
            "cost_eur_per_tco2e": finance and finance["cost_eur_per_tco2e"],
            # the carbon per unit served, consumer boundary (sci; None: no unit served)
            "sci_gco2e_per_unit": result["sci"]["consumer_gco2e_per_unit"],
            "sci_unit": result["sci"]["functional_unit"]}


def _figures(row: dict[str, Any], kept: Mapping[tuple[str, int], dict[str, Any]] | None = None
             ) -> dict[str, Any]:
    """Figures of a stored row with today's data (kept in the library when ``kept`` has them),
    or as saved when it no longer validates."""
    figures = (kept or {}).get((row["entry_id"], row["version"])) or \
        figures_of(row["scenario_json"])
    if "error" in figures:
        out = {k: row[k] for k in STORED_FIGURES}
        # not stored with the version
        out.update(water_net_l=None, significant_harm=None, probability_rule_met=None,
                   verdict_uncertain=None, investment_eur=None, cost_eur_per_tco2e=None)
        out["status"] = msg("as saved (data {version}); does not validate now: {error}",
                            version=row["data_version"], error=_why_invalid(row))
        return out
    return {**{k: figures[k] for k in FIGURES}, "status": msg("recomputed with today's data")}


def _why_invalid(row: dict[str, Any]) -> Any:
    """Why a stored scenario no longer validates, as a message in the reader's language (the
    kept figures hold its English only)."""
    try:
        load(migrate(json.loads(row["scenario_json"]))[0])
    except ScenarioError as exc:
        return exc.message
    return msg("it validates again")


def needed(now_rows: Iterable[dict[str, Any]], before_rows: Iterable[dict[str, Any]],
           retained_now: Mapping[str, str] | None = None,
           retained_before: Mapping[str, str] | None = None) -> set[tuple[str, int]]:
    """The (entry id, version) whose figures a review shows: the retained variants' rows."""
    keys = set()
    for rows, chosen in ((now_rows, retained_now), (before_rows, retained_before)):
        for row, _ in retained_per_project(rows, chosen).values():
            if row is not None:
                keys.add((row["entry_id"], row["version"]))
    return keys


def review(now_rows: Iterable[dict[str, Any]], before_rows: Iterable[dict[str, Any]],
           retained_now: Mapping[str, str] | None = None,
           retained_before: Mapping[str, str] | None = None,
           kept: Mapping[tuple[str, int], dict[str, Any]] | None = None
           ) -> list[dict[str, Any]]:
    """One row per project, sorted by project: its retained variant and version at the end of
    the year, figures, whether the committee must review it, and the change since the year
    before (None for a project new this year). A project with several variants and none
    retained has ``retained`` False and no figures. ``kept``: the figures the library keeps,
    by (entry id, version) (``store.Library.figures``); others are computed here."""
    now = retained_per_project(now_rows, retained_now)
    before = retained_per_project(before_rows, retained_before)
    out = []
    for project in sorted(now, key=str.casefold):
        row, variants = now[project]
        if row is None:
            out.append({"project": project, "retained": False, "variants": variants,
                        "entry_id": None, "scenario": None, "version": None, "saved_at": None,
                        "author": None,
                        "domain": None, "verdict": None, "committee_review": None,
                        "footprint_kgco2e": None, "benefits_kgco2e": None, "net_kgco2e": None,
                        "water_net_l": None, "significant_harm": None,
                        "probability_rule_met": None, "verdict_uncertain": None,
                        "status": msg("{count} variants and none retained: choose the one "
                                      "that stands for the project in the Library",
                                      count=variants),
                        "net_kgco2e_year_before": None, "net_change_kgco2e": None,
                        "verdict_year_before": None, "new_this_year": project not in before})
            continue
        figures = _figures(row, kept)
        earlier = before.get(project, (None, 0))[0]
        previous = _figures(earlier, kept) if earlier is not None else None
        out.append({
            "project": project, "retained": True, "variants": variants,
            "entry_id": row["entry_id"], "scenario": row["entry_name"], "version": row["version"],
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
    """Sums and counts over a review's rows (a project with no retained variant is counted
    apart, not in the sums)."""
    counted = [r for r in rows if r["retained"]]
    return {
        "projects": len(rows),
        "without_retained_variant": len(rows) - len(counted),
        "footprint_kgco2e": sum(r["footprint_kgco2e"] for r in counted),
        "benefits_kgco2e": sum(r["benefits_kgco2e"] for r in counted),
        "net_kgco2e": sum(r["net_kgco2e"] for r in counted),
        # water: the projects whose figures were recomputed (a version that no longer
        # validates has none)
        "water_net_l": sum(r["water_net_l"] for r in counted if r["water_net_l"] is not None),
        "significant_harm": sum(bool(r["significant_harm"]) for r in counted),
        "positive": sum(r["verdict"] == "positive" for r in counted),
        "negative": sum(r["verdict"] == "negative" for r in counted),
        "incomplete": sum(r["verdict"] == "incomplete" for r in counted),
        "committee_review": sum(bool(r["committee_review"]) for r in counted),
        "new_this_year": sum(r["new_this_year"] for r in rows),
        "verdict_changed": sum(r["verdict_year_before"] not in (None, r["verdict"])
                               for r in counted),
    }
