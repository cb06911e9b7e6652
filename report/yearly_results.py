"""A year's results against the forecast, as CSV: one project's year (each item, forecast,
actual, gap and why) and the annual review (every project of one year, and whether its balance
has turned). The French and international formats of the summary (``export.table_csv``)."""

from __future__ import annotations

import math
from typing import Any

from calculators import i18n
from calculators.i18n import tr

from .export import table_csv

def _together(kgco2e: list[float]) -> tuple[list[float], str]:
    """A file's CO2e masses in one unit, rounded as the screen shows them: tonnes when one
    is a tonne or more (``i18n.figures_together``)."""
    return i18n.figures_together(kgco2e, "kgCO2e")


def finance_cell(unit: str, value: float | None, lang: str) -> str:
    """A money row's figure (``actuals.finance_year``) as text: euros, a ratio, or years."""
    if value is None:
        return tr("n/a", lang)
    if value == math.inf:
        return tr("never", lang)
    if unit == "EUR":
        return i18n.euros(value, lang)
    if unit == "years":
        return i18n.duration(value, lang)
    return i18n.number(value, lang, 2)


def _money(value: float | None, lang: str) -> Any:
    """A money row's figure as a CSV cell: a number (two decimals), "never", or empty."""
    if value is None:
        return ""
    if value == math.inf:
        return tr("never", lang)
    return round(value, 2)


def year_csv(balance: dict[str, Any], project: str, lang: str, fmt: str = "fr") -> bytes:
    """One project's year (``calculators.actuals.yearly_balance``): a header, then a row per
    item with its unit, the forecast's average year, the year observed, the gap and its
    explanation; the year's money after the carbon, when there is any."""
    header = [(tr("Project", lang), project), (tr("Scenario", lang), balance["name"]),
              (tr("Year", lang), balance["year"]),
              (tr("Balance turned", lang), tr("yes" if balance["turned"] else "no", lang)),
              (tr("Summary", lang), i18n.text(balance["text"], lang)),
              (tr("Evidence", lang), balance["evidence"]),
              (tr("Data version", lang), balance["data_version"])]
    columns = [tr("item", lang), tr("unit", lang), tr("forecast for an average year", lang),
               tr("observed in the year", lang), tr("gap", lang), tr("explanation", lang)]
    carbon = balance["rows"]
    masses, unit = _together([v for r in carbon for v in (r["forecast_kgco2e"],
                                                            r["actual_kgco2e"], r["gap_kgco2e"])])
    rows = [[i18n.text(r["label"], lang), i18n.unit(unit, lang), *masses[3 * i:3 * i + 3],
             i18n.text(r["explanation"], lang)] for i, r in enumerate(carbon)]
    fin = balance.get("finance")
    for r in fin["rows"] if fin else ():
        both = r["forecast"] is not None and r["actual"] is not None and \
            math.inf not in (r["forecast"], r["actual"])
        rows.append([i18n.text(r["label"], lang), i18n.unit(r["unit"], lang),
                     _money(r["forecast"], lang), _money(r["actual"], lang),
                     _money(r["actual"] - r["forecast"], lang) if both else "",
                     i18n.text(fin["text"], lang) if r["key"] == "payback_years" else ""])
    return table_csv(header, columns, rows, fmt, lang)


def ratio(balance: dict[str, Any], side: str) -> float | None:
    """A yearly balance's investment-to-gains ratio, ``side`` "forecast" or "actual" (at the
    pace observed); None without money in the year or without gains."""
    fin = balance.get("finance")
    if not fin:
        return None
    return {r["key"]: r[side] for r in fin["rows"]}["investment_to_gains_ratio"]


def ratio_cell(balance: dict[str, Any], side: str, lang: str) -> str:
    """The ratio as the screen and the review's dossier show it: "—" without money."""
    return "—" if not balance.get("finance") else finance_cell("", ratio(balance, side), lang)


def _ratio(balance: dict[str, Any], side: str) -> Any:
    value = ratio(balance, side)
    return "" if value is None else round(value, 2)


def review_csv(reviewed: list[tuple[str, dict[str, Any]]], year: int, lang: str,
               fmt: str = "fr") -> bytes:
    """The annual review of ``year``: a row per project (``(project, yearly balance)``) with
    its forecast and observed net, the gap, whether the balance has turned, the benefits not
    reported, and the ratio of investment to gains forecast and at the pace observed."""
    header = [(tr("Annual review", lang), year), (tr("Projects", lang), len(reviewed)),
              (tr("Balances turned", lang), sum(b["turned"] for _, b in reviewed))]
    masses, unit = _together([v for _, b in reviewed for v in (
        b["forecast_net_kgco2e"], b["actual_net_kgco2e"],
        b["actual_net_kgco2e"] - b["forecast_net_kgco2e"])])
    shown_unit = i18n.unit(unit, lang)
    columns = [tr("project", lang), tr("scenario", lang),
               f'{tr("forecast net for an average year", lang)} ({shown_unit})',
               f'{tr("observed net", lang)} ({shown_unit})', f'{tr("gap", lang)} ({shown_unit})',
               tr("balance turned", lang), tr("benefits not reported", lang),
               tr("investment / gains, forecast", lang),
               tr("investment / gains at the pace observed", lang)]
    rows = [[project, b["name"], *masses[3 * i:3 * i + 3],
             tr("yes" if b["turned"] else "no", lang), "; ".join(b["not_reported"]),
             _ratio(b, "forecast"), _ratio(b, "actual")]
            for i, (project, b) in enumerate(reviewed)]
    return table_csv(header, columns, rows, fmt, lang)
