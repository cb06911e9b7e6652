"""What the verdict rests on: the assumed or default values that decide it.

A verdict a committee annexes to a public decision must say when it hangs on a value nobody
measured for this project. Two tests, on the same arithmetic as the figures (``model.numbers``,
on arrays: one call for every value tested):

- **flips within its own range**: a value taken by default from ``data/`` or assumed (its
  provenance's status ``default`` or ``assumption``) whose own published or assumed spread
  holds a value at which the convention's rule would no longer be met, or would be met, the
  others at their likely value (the sensitivity analysis's one-at-a-time reading);
- **one benefit carries the balance**: a benefit without which the rule would not be met,
  valued with a default or assumed factor (the factor, not the quantity, which the project
  declares itself).

Each is named, with its status and source, and a figure with its source is asked for.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from . import fields, model
from .i18n import STATUS_WORDS, msg
from .scenario import Scenario

# a value a project could replace with its own figure (a user's value, measured or entered,
# is the project's own: its uncertainty is in the probability)
REPLACEABLE = ("default", "assumption")


def rule_met(domain: str, net: Any, alternative_net: Any) -> Any:
    """The convention's rule on figures (floats or arrays): a positive net balance (kgCO2e)
    and, for a climate project with an alternative, no better alternative."""
    met = np.greater(net, 0)
    if domain == "climate" and alternative_net is not None:
        met = met & np.greater_equal(net, alternative_net)
    return met


def _label(scenario: Scenario, path: str) -> tuple[Any, str]:
    label, unit = fields.label(path, scenario.resolved)
    row = next((p for p in scenario.provenance if p.field == path), None)
    if row is not None and row.unit and row.unit not in ("ratio", "fraction"):
        unit = row.unit
    return label, unit


def rests_on(scenario: Scenario, figures: model.Figures) -> list[dict[str, Any]]:
    """The default or assumed values the verdict rests on (see the module), each a dict:
    field (path), label, unit, value, low, high (its range, None for a benefit), status,
    source, why ("range" or "benefit"), share (of the avoided emissions, for a benefit) and
    text (the message naming it and asking for a source)."""
    res = scenario.resolved
    domain = res["domain"]
    met_now = bool(rule_met(domain, figures.net_kgco2e, figures.alternative_net_kgco2e))
    rows = {p.field: p for p in scenario.provenance}
    out: list[dict[str, Any]] = []

    tested = [(path, r) for path, r in sorted(scenario.ranges.items())
              if r[2] > r[0] and path in rows and rows[path].status in REPLACEABLE]
    if tested:
        n = model.one_at_a_time(res, tested)
        met = np.broadcast_to(rule_met(domain, n.net_kgco2e, n.alternative_net_kgco2e),
                              (2 * len(tested),))
        for j, (path, (low, likely, high)) in enumerate(tested):
            flips = [end for end, m in ((low, met[2 * j]), (high, met[2 * j + 1]))
                     if bool(m) != met_now]
            if not flips:
                continue
            row = rows[path]
            label, unit = _label(scenario, path)
            out.append({
                "field": path, "label": label, "unit": unit, "value": likely, "low": low,
                "high": high, "status": row.status, "source": row.source, "why": "range",
                "share": None,
                "text": msg("rests_on_range", label=label, status=STATUS_WORDS[row.status],
                            low_number=low, high_number=high, unit=f" {unit}" if unit else "",
                            end_number=flips[0], source=row.source,
                            what=msg("rule_fails") if met_now else msg("rule_holds"))})

    if met_now and figures.benefits_kgco2e_per_year:
        total = float(figures.benefits_kgco2e_per_year)
        for i, (benefit, per_year) in enumerate(zip(res["benefits"],
                                                    figures.benefit_kgco2e_per_year, strict=True)):
            path = f"benefits[{i}].factor_kgco2e_per_unit"
            found = rows.get(path)
            if found is None or found.status not in REPLACEABLE or per_year <= 0 or (
                    found.low is not None and found.low == found.high):
                continue  # the project's own, or exact by definition (1 kgCO2e a kgCO2e)
            without = float(figures.net_kgco2e) - float(per_year) * float(
                figures.horizon_years)
            if bool(rule_met(domain, without, figures.alternative_net_kgco2e)):
                continue  # the rule holds without it
            if any(r["field"] == path for r in out):
                continue  # named already for its range
            label, unit = _label(scenario, path)
            share = float(per_year) / total
            out.append({
                "field": path, "label": label, "unit": unit, "value": found.value, "low": None,
                "high": None, "status": found.status, "source": found.source, "why": "benefit",
                "share": share,
                "text": msg("rests_on_benefit", benefit=benefit["label"], avoided_share=share,
                            value_number=found.value, unit=f" {unit}" if unit else "",
                            status=STATUS_WORDS[found.status], source=found.source)})
    return out
