"""The annual review as a document for the ethics committee: every project with results for a
year, its net balance observed beside the forecast's average year, whether it has turned, each
item's gap and why, the year's money against the forecast, and the evidence cited; one HTML
document and its PDF, built offline like the project's dossier (``report/dossier.py``: the same
local Chromium, the same style, a Jinja2 template that escapes every text).

The convention asks the authority to report to the committee every year on its projects'
results: this is that report, as the tool can draw it from the years recorded.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import markupsafe

from calculators import TOOL_VERSION, i18n
from calculators.i18n import DEFAULT_LANGUAGE, text, tr

from .dossier import CSS, svg_charts, template
from .yearly_results import finance_cell, ratio_cell


# Item by item for every project up to DETAILED_MAX; beyond (a large portfolio), for the
# projects whose balance turned first, then those farthest from their forecast, DETAILED_MAX of
# them, the others' items being on their Yearly results page and in its CSV: a thousand
# projects item by item made a document whose tagged PDF weighed 33 MB and took a minute to
# print (bench/bench_results.py), which no committee reads. The chart likewise draws at most
# CHART_MAX projects (a thousand bars side by side read as nothing).
DETAILED_MAX = 50
CHART_MAX = 40


def _gap_kgco2e(entry: dict[str, Any]) -> float:
    balance = entry["balance"]
    return balance["actual_net_kgco2e"] - balance["forecast_net_kgco2e"]


def foremost(entries: list[dict[str, Any]], most: int) -> list[dict[str, Any]]:
    """``entries`` whole when there are at most ``most``; else the ``most`` whose balance
    turned first, then the farthest from their forecast (the observed net's gap to it), in
    their order in ``entries``."""
    if len(entries) <= most:
        return list(entries)
    ranked = sorted(range(len(entries)), key=lambda i: (
        not entries[i]["balance"]["turned"], -abs(_gap_kgco2e(entries[i]))))
    kept = set(ranked[:most])
    return [e for i, e in enumerate(entries) if i in kept]


def chart(entries: list[dict[str, Any]], year: int, lang: str) -> Any:
    """The review's chart: each project's net forecast against observed (plotly), for at most
    CHART_MAX projects (``foremost``)."""
    from . import charts

    shown = foremost(entries, CHART_MAX)
    return charts.review_net([e["project"] for e in shown], [e["balance"] for e in shown],
                             year, lang)


def build_html(entries: list[dict[str, Any]], year: int, *, lang: str = DEFAULT_LANGUAGE,
               on: date | None = None, prepared_by: str = "",
               chart_svg: str | None = None, draw: bool = True) -> str:
    """The annual review of ``year`` as one HTML document in ``lang``. ``entries``: one per
    project, ``{"project", "balance" (calculators.actuals.yearly_balance), "version",
    "recorded_at", "recorded_by"}``. The chart is drawn here through the local Chromium
    unless ``chart_svg`` is given or ``draw`` is False (no chart). Raises DossierError
    without Chromium, ValueError for an unknown language or no project."""
    if lang not in i18n.LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(i18n.LANGUAGES)}; got {lang!r}")
    if not entries:
        raise ValueError("an annual review needs at least one project with results")
    caption = tr("Net balance in a year: forecast for an average year against observed", lang)
    if len(entries) > CHART_MAX:
        caption += " " + tr("(the {shown} projects whose balance turned, then the farthest from "
                            "their forecast, of {count})", lang, shown=CHART_MAX,
                            count=len(entries))
    if chart_svg is None and draw:
        chart_svg = svg_charts([(caption, chart(entries, year, lang))])[0][1]
    return template("review.html").render(_context(entries, year, lang, on, prepared_by,
                                                   caption, chart_svg))


def _context(entries: list[dict[str, Any]], year: int, lang: str, on: date | None,
             prepared_by: str, caption: str, chart_svg: str | None) -> dict[str, Any]:
    def tl(english: str, **params: Any) -> str:
        return tr(english, lang, **params)

    def kg(value: float) -> str:
        return i18n.kgco2e(value, lang)

    turned = sum(e["balance"]["turned"] for e in entries)
    projects = []
    for e in entries:
        b = e["balance"]
        projects.append({
            "project": e["project"],
            "forecast": kg(b["forecast_net_kgco2e"]), "actual": kg(b["actual_net_kgco2e"]),
            "gap": kg(_gap_kgco2e(e)),
            "turned": tl("yes") if b["turned"] else tl("no"), "turned_flag": b["turned"],
            "ratio_forecast": ratio_cell(b, "forecast", lang),
            "ratio_actual": ratio_cell(b, "actual", lang)})
    details = []
    for e in foremost(entries, DETAILED_MAX):
        b = e["balance"]
        fin = b.get("finance")
        details.append({
            "project": e["project"], "turned_flag": b["turned"],
            "actual_positive": b["actual_net_kgco2e"] > 0,
            "compared": tl("Compared with \"{name}\", version {version}; recorded {when} by "
                           "{who}.", name=b["name"], version=e["version"],
                           when=i18n.date_time(datetime.fromisoformat(e["recorded_at"]), lang),
                           who=e["recorded_by"] or tl("(not given)")),
            "text": text(b["text"], lang),
            "rows": [{"label": text(r["label"], lang), "forecast": kg(r["forecast_kgco2e"]),
                      "actual": kg(r["actual_kgco2e"]), "gap": kg(r["gap_kgco2e"]),
                      "why": text(r["explanation"], lang)} for r in b["rows"]],
            "money": fin and {
                "rows": [{"label": text(r["label"], lang),
                          "forecast": finance_cell(r["unit"], r["forecast"], lang),
                          "actual": finance_cell(r["unit"], r["actual"], lang)}
                         for r in fin["rows"]],
                "text": text(fin["text"], lang)},
            "evidence": b["evidence"]})
    data_versions = sorted({e["balance"]["data_version"] for e in entries})
    return {
        "lang": lang, "css": markupsafe.Markup(CSS),
        "title": tl("Annual review {year}: the projects' results against their forecast",
                    year=year),
        "dated": tl("Prepared on {day} by {who}, for the ethics committee.",
                    day=i18n.date(on or date.today(), lang),
                    who=prepared_by or tl("(not given)")),
        "intro": tl("The convention asks the authority to report to the ethics committee every "
                    "year on its projects' results. For each project in service with results "
                    "recorded for {year}, the balance is redrawn with what was observed, beside "
                    "the forecast's average year.", year=year),
        "summary_class": "negative" if turned else "positive",
        "summary": tl("Projects with results for {year}: {count}; balances turned: {turned}.",
                      year=year, count=len(entries), turned=turned),
        "columns": [tl("project"), tl("forecast net, average year"), tl("observed net"),
                    tl("gap"), tl("balance turned"), tl("investment / gains, forecast"),
                    tl("investment / gains at the pace observed")],
        "projects": projects, "details": details,
        "details_note": "" if len(details) == len(entries) else tl(
            "Item by item below: the {shown} projects whose balance turned, then the farthest "
            "from their forecast, of {count}; every project's items are on its Yearly results "
            "page and in its CSV.", shown=len(details), count=len(entries)),
        "chart": chart_svg and {"svg": markupsafe.Markup(chart_svg), "caption": caption},
        "item_columns": [tl("item"), tl("forecast, average year"), tl("observed"), tl("gap"),
                         tl("why")],
        "money_columns": [tl("item"), tl("forecast"), tl("observed")],
        "words": {"money": tl("Costs and financial gains"), "sources": tl("Sources:"),
                  "method_title": tl("How the year is drawn")},
        "method": tl(
            "The year is the forecast scenario over one year with each observed value in place "
            "of the forecast one, through the same calculation, factors and rules. A value not "
            "observed keeps the forecast's figure for an average year; a benefit or a financial "
            "gain not reported counts nothing. The forecast's average year is its result over "
            "its horizon divided by the horizon. A balance has turned when its sign differs "
            "from the forecast's."),
        "versions": tl("Tool version {tool}; reference data {data}.", tool=TOOL_VERSION,
                       data=", ".join(data_versions)),
    }
