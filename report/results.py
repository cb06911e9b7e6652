"""A year's results against the forecast, as CSV: one project's year (each item, forecast,
actual, gap and why) and the annual review (every project of one year, and whether its balance
has turned). The French and international formats of the summary (``export.table_csv``)."""

from __future__ import annotations

from typing import Any

from calculators import i18n
from calculators.i18n import tr

from .export import table_csv

ROUNDING_KGCO2E = 1  # decimals of a kgCO2e in the CSV: a tenth of a kilogram


def _kg(value: float) -> float:
    return round(value, ROUNDING_KGCO2E)


def year_csv(balance: dict[str, Any], project: str, lang: str, fmt: str = "fr") -> bytes:
    """One project's year (``calculators.actuals.yearly_balance``): a header, then a row per
    item with the forecast's average year, the year observed, the gap and its explanation."""
    header = [(tr("Project", lang), project), (tr("Scenario", lang), balance["name"]),
              (tr("Year", lang), balance["year"]),
              (tr("Balance turned", lang), tr("yes" if balance["turned"] else "no", lang)),
              (tr("Summary", lang), i18n.text(balance["text"], lang)),
              (tr("Evidence", lang), balance["evidence"]),
              (tr("Data version", lang), balance["data_version"])]
    columns = [tr("item", lang), tr("forecast for an average year (kgCO2e)", lang),
               tr("observed in the year (kgCO2e)", lang), tr("gap (kgCO2e)", lang),
               tr("explanation", lang)]
    rows = [[i18n.text(r["label"], lang), _kg(r["forecast_kgco2e"]), _kg(r["actual_kgco2e"]),
             _kg(r["gap_kgco2e"]), i18n.text(r["explanation"], lang)]
            for r in balance["rows"]]
    return table_csv(header, columns, rows, fmt)


def review_csv(reviewed: list[tuple[str, dict[str, Any]]], year: int, lang: str,
               fmt: str = "fr") -> bytes:
    """The annual review of ``year``: a row per project (``(project, yearly balance)``) with
    its forecast and observed net, the gap, whether the balance has turned and the benefits
    not reported."""
    header = [(tr("Annual review", lang), year), (tr("Projects", lang), len(reviewed)),
              (tr("Balances turned", lang), sum(b["turned"] for _, b in reviewed))]
    columns = [tr("project", lang), tr("scenario", lang),
               tr("forecast net for an average year (kgCO2e)", lang),
               tr("observed net (kgCO2e)", lang), tr("gap (kgCO2e)", lang),
               tr("balance turned", lang), tr("benefits not reported", lang)]
    rows = [[project, b["name"], _kg(b["forecast_net_kgco2e"]), _kg(b["actual_net_kgco2e"]),
             _kg(b["actual_net_kgco2e"] - b["forecast_net_kgco2e"]),
             tr("yes" if b["turned"] else "no", lang), "; ".join(b["not_reported"])]
            for project, b in reviewed]
    return table_csv(header, columns, rows, fmt)
