"""The dossier for the ethics committee: one self-contained HTML document (charts inlined as
SVG, no script, no link to fetch) and its PDF, built offline.

Content: the verdict and the rule applied with its reasons, the headline figures, the charts
(footprint against benefits, cumulative timeline, from benefits to net, and the uncertainty:
distribution and deciding inputs), the uncertainty figures, the levers, every value used with
its status and source, the warnings, what is not counted, and the versions.

Charts: the app's own builders (``report/charts.py``, plain plotly) exported to SVG by Kaleido,
which drives Debian's ``chromium`` through ``report/offline-chromium`` (its network services
off, no DNS, no fetch). PDF: the same HTML printed by headless ``chromium --print-to-pdf``,
through the same script. The HTML is the Jinja2 template ``report/templates/dossier.html``,
autoescaped: every text from the scenario is escaped by the template, not by hand.
"""

from __future__ import annotations

import functools
import html
import os
import shutil
import tempfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import jinja2
import markupsafe

from calculators import evaluate, frugality, i18n, load, sci
from calculators import uncertainty as mc
from calculators.i18n import DEFAULT_LANGUAGE, N_, text, tr
from calculators.impacts import PHASE_LABELS, others

DEFAULT_SAMPLES = 10_000
CHART_WIDTH_PX, CHART_HEIGHT_PX = 1000, 520
PDF_TIMEOUT_S = 120
# The document's own words are in the tool's catalogue (locale/fr/LC_MESSAGES/messages.po,
# keyed by their English), like the pages', so the dossier and the app name things alike.
CAPTIONS = (N_("Footprint by phase against avoided emissions, over the horizon"),
            N_("Cumulative footprint and avoided emissions, year by year"),
            N_("From avoided emissions to the net balance"),
            N_("Net balance over the simulations"),
            N_("The inputs that decide the net balance"),
            N_("Water balance: the water consumed, by where, against the water saved"))
STATUSES = {"entered": N_("entered"), "measured": N_("measured"),
            "default": N_("default (published)"), "assumption": N_("ASSUMPTION")}
DRIVER_COLUMNS = (N_("Input"), N_("Low"), N_("Likely"), N_("High"), N_("Net at low"),
                  N_("Net at high"), N_("Flips the verdict at"))
CHECKLIST_COLUMNS = (N_("Question"), N_("Answer"), N_("Advice"), N_("Reference"))
VALUE_COLUMNS = (N_("Value"), N_("Used"), N_("Range"), N_("Status"), N_("Source"))
NOT_COUNTED = (
    N_("rebound effects (a saving that frees money or time for other emissions)"),
    N_("the water of manufacturing the equipment (no published figure in litres consumed)"),
    N_("metals and primary energy of transport, and of equipment without a published figure; "
       "other impacts (toxicity, land use, biodiversity)"),
    N_("the end users' own devices and networks"),
    N_("the idle share of shared infrastructure beyond the data centre's PUE"))


class DossierError(RuntimeError):
    """The dossier cannot be built here (no chromium): the message says what to install."""


# Chromium, run through this script only: its network services off, no DNS query, no fetch
# (see the script); the dossier is built offline.
OFFLINE_CHROMIUM = Path(__file__).with_name("offline-chromium")


def chromium() -> str:
    """The browser the dossier runs (``offline-chromium``, which starts Debian's Chromium)."""
    if not (shutil.which("chromium") or shutil.which("chromium-browser")
            or os.environ.get("DOSSIER_CHROMIUM")):
        raise DossierError("the dossier's charts and PDF need Chromium (Debian: apt-get "
                           "install chromium); nothing is downloaded")
    return str(OFFLINE_CHROMIUM)


def analyse(raw: dict[str, Any], samples: int = DEFAULT_SAMPLES, seed: int = 0
            ) -> dict[str, Any]:
    """Everything the dossier shows: the result with its uncertainty block, and the simulated
    net balances and bands for the charts. Raises ScenarioError."""
    scenario = load(raw)
    result = evaluate(scenario)
    simulation = mc.simulate(scenario, samples, seed)
    result["uncertainty"] = mc.monte_carlo(scenario, simulation=simulation)
    return {"result": result, "net": mc.net_samples(simulation),
            "bands": mc.cumulative_bands(simulation, result["horizon_years"])}


def figures(analysis: dict[str, Any], lang: str = "en") -> list[tuple[str, Any]]:
    """(caption, plotly figure) in the dossier's order, in ``lang``."""
    from . import charts

    result, block = analysis["result"], analysis["result"]["uncertainty"]
    captions = [tr(caption, lang) for caption in CAPTIONS]
    out = [(captions[0], charts.footprint_vs_benefits(result, lang=lang)),
           (captions[1], charts.cumulative(result, lang=lang)),
           (captions[2], charts.waterfall(result, lang=lang)),
           (captions[5], charts.water_balance(result, lang=lang)),
           (captions[3], charts.net_distribution(analysis["net"], block, lang=lang))]
    if block["drivers"]:
        labelled = [dict(d, label=text(d["label"], lang)) for d in block["drivers"]]
        # the names above their bars, across the page: beside them, six long names wrapped
        # on three lines overlapped at the page's chart height
        out.append((captions[4], charts.tornado(labelled, result["net_kgco2e"], lang=lang,
                                                labels_above=True)))
    return out


def svg_charts(figs: list[tuple[str, Any]]) -> list[tuple[str, str]]:
    """(caption, SVG text) for each figure, drawn by the kept local Chromium (``renderer``)."""
    from .renderer import RENDERER

    browser = chromium()
    try:
        svgs = RENDERER.svgs(browser, [fig for _, fig in figs], CHART_WIDTH_PX,
                             CHART_HEIGHT_PX)
    except Exception as exc:  # noqa: BLE001 - Kaleido and its browser raise many kinds
        raise DossierError(f"Chromium could not draw the charts through Kaleido "
                           f"({type(exc).__name__}: {str(exc).strip()[:200]})") from exc
    return [(caption, _with_alternative(svg.decode("utf-8"), fig))
            for (caption, fig), svg in zip(figs, svgs, strict=True)]


def _with_alternative(svg: str, fig: Any) -> str:
    """The chart's SVG named by its text alternative (``charts.table_of``): a screen reader
    reads it, and the tagged PDF carries it as the figure's alternative text."""
    from .charts import table_of

    kept = table_of(fig)
    if kept is None or not svg.startswith("<svg"):
        return svg
    alt = html.escape(kept[0], quote=True)
    return f'<svg role="img" aria-label="{alt}"' + svg[len("<svg"):]


def chart_tables(figs: list[tuple[str, Any]]) -> list[dict[str, Any] | None]:
    """The table of each chart's figures (``charts.table_of``), printed under it."""
    from .charts import table_of

    out: list[dict[str, Any] | None] = []
    for _, fig in figs:
        kept = table_of(fig)
        out.append(None if kept is None else {"columns": kept[1], "rows": kept[2]})
    return out


TINY_SHOWN = 1e-4  # below this, a figure is written with its power of ten: 8,787 × 10⁻⁸


def _plain(value: float, lang: str) -> str:
    """12,345 or 0.2183 (12 345 or 0,2183 in French): four significant digits below 1,000;
    below a ten-thousandth, with its power of ten as a person writes it (8,787 × 10⁻⁸, not
    the computer's 8,787e-08 nor eleven zeros that no table column holds)."""
    if abs(value) >= 1000:
        return i18n.localise(f"{value:,.0f}", lang)
    if 0 < abs(value) < TINY_SHOWN:
        mantissa, exponent = f"{value:.3e}".split("e")
        return i18n.figures_in(mantissa.rstrip("0").rstrip("."), lang) + \
            "\u00a0×\u00a010" + str(int(exponent)).translate(_SUPERSCRIPTS)
    return i18n.plain_number(i18n.significant(value, 4), lang)


_SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def _finance(fin: dict[str, Any] | None, horizon_years: float, lang: str
             ) -> dict[str, Any] | None:
    """The costs and gains section: amounts in euros, the ratio, the cost of a tonne avoided
    against France's value of climate action, and the sentence that weighs them."""
    if fin is None:
        return None

    def eur(value: float | None, per: str = "") -> str:
        return tr("n/a", lang) if value is None else i18n.euros(value, lang) + per

    duration = i18n.duration(horizon_years, lang)
    ratio = fin["investment_to_gains_ratio"]
    return {
        "title": tr("Costs and financial gains", lang),
        "rows": [
            (tr("Investment (hardware, development, licences)", lang),
             eur(fin["investment_eur"])),
            (tr("Running costs per year", lang), eur(fin["running_eur_per_year"])),
            (tr("Financial gains per year", lang), eur(fin["gains_eur_per_year"])),
            (tr("Cost over {duration}", lang, duration=duration), eur(fin["cost_eur"])),
            (tr("Gains over {duration}", lang, duration=duration), eur(fin["gains_eur"])),
            (tr("Financial balance", lang), eur(fin["net_eur"])),
            (tr("Investment / gains", lang),
             tr("n/a", lang) if ratio is None else i18n.number(ratio, lang, 2)),
            (tr("Financial payback", lang), tr("never", lang) if fin["payback_years"] is None
             else i18n.duration(fin["payback_years"], lang)),
            (tr("Net cost per tonne of CO2e avoided", lang),
             eur(fin["cost_eur_per_tco2e"], "/tCO2e")),
            (tr("Value of climate action for {year}", lang, year=fin["climate_value_year"]),
             eur(fin["climate_value_eur_per_tco2e"], "/tCO2e"))],
        "text": text(fin["text"], lang),
        "note": tr("Source of the value: {source}. In 2018 euros, not adjusted for inflation; "
                   "amounts undiscounted.", lang,
                   source=text(fin["climate_value_source"], lang)),
    }


def _grid_sources(block: dict[str, Any], lang: str) -> dict[str, Any] | None:
    """The grid intensity's sources side by side (value, year, source: one unit, gCO2e/kWh),
    which one is used, and the range the uncertainty analysis draws it from."""
    if not block["sources"]:
        return None
    drawn = block.get("drawn_g_per_kwh")
    return {"rows": [(text(s["citation"], lang), s["year"] or "", _plain(s["value"], lang),
                      tr("used", lang) if s["used"] else "") for s in block["sources"]],
            "drawn": tr("The uncertainty analysis draws the grid intensity from {low} to "
                        "{high} gCO2e/kWh: the disagreement of the sources counts in the "
                        "verdict's probability.", lang, low=_plain(drawn["low"], lang),
                        high=_plain(drawn["high"], lang))
            if drawn and block["status"] != "entered" else ""}


def _together(columns: list[list[float]], lang: str) -> list[list[str]]:
    """Columns of CO2e masses written in one unit for all of them (a committee compares a
    column down: 850 kgCO2e above 1.2 tCO2e misleads)."""
    flat = i18n.kgco2e_together([v for column in columns for v in column], lang)
    out, start = [], 0
    for column in columns:
        out.append(flat[start:start + len(column)])
        start += len(column)
    return out


def _one_co2e_unit(rows: list[tuple[str, Any, str]], lang: str) -> list[tuple[str, str]]:
    """(label, value written) for a table of (label, value, unit) rows, its CO2e masses all in
    one unit, the rest each in its own."""
    masses = [value for _, value, unit in rows if unit == "kgCO2e" and value is not None]
    written = iter(i18n.kgco2e_together(masses, lang))
    return [(label, next(written) if unit == "kgCO2e" and value is not None
             else _number(value, unit, lang)) for label, value, unit in rows]


def _number(value: Any, unit: str, lang: str) -> str:
    if value is None:
        return tr("n/a", lang)
    if isinstance(value, bool):
        return tr("yes", lang) if value else tr("no", lang)
    if isinstance(value, (int, float)):
        if unit == "kgCO2e":
            return i18n.kgco2e(value, lang)
        if unit in ("L", "kgSbeq", "MJ"):
            return i18n.amount(value, unit, lang)
        if unit == "years":
            return i18n.duration(value, lang)
        return f"{_plain(value, lang)} {i18n.unit(unit, lang)}".strip()
    return f"{text(value, lang)} {unit}".strip()


CSS = """
@page { size: A4; margin: 16mm 15mm 18mm 15mm;
        @bottom-center { content: counter(page) " / " counter(pages); font-size: 9pt;
                         color: #444; } }
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 11pt; color: #111;
       max-width: 180mm; margin: 0 auto; line-height: 1.35; hyphens: manual; }
h1 { font-size: 20pt; margin-bottom: 2mm; } h2 { font-size: 14pt; margin-top: 8mm;
       border-bottom: 1px solid #888; page-break-after: avoid; }
.verdict { border: 2px solid #111; padding: 3mm 4mm; margin: 4mm 0; font-size: 13pt; }
.positive { border-color: #009E73; background: #E6F5EF; }
.negative { border-color: #D55E00; background: #FBEDE4; }
.uncertain { border-color: #E69F00; background: #FDF3E0; }
.incomplete { border-color: #0072B2; background: #E5F1F8; }
table { border-collapse: collapse; width: 100%; font-size: 9.5pt; margin: 2mm 0;
        table-layout: fixed; }
th, td { border: 1px solid #BBB; padding: 1mm 2mm; text-align: left; vertical-align: top;
         overflow-wrap: break-word; word-break: normal; }
tr { page-break-inside: avoid; }
td.n { text-align: right; }
figure { margin: 4mm 0; page-break-inside: avoid; } figure svg { width: 100%; height: auto; }
figcaption { font-size: 9.5pt; color: #333; }
table.chart-figures { font-size: 8.5pt; margin-bottom: 5mm; page-break-inside: avoid; }
table.drivers { font-size: 8.5pt; }  /* seven columns: a unit (gCO2e/kWh) whole in each */
table.chart-figures caption { text-align: left; font-size: 9pt; color: #333; padding-bottom: 1mm; }
.assumption { font-weight: bold; } .small { font-size: 9pt; color: #333; }
.typed { white-space: pre-wrap; }
.favourable { border-color: #009E73; background: #E6F5EF; }
.favourable_with_conditions { border-color: #0072B2; background: #E5F1F8; }
.unfavourable { border-color: #D55E00; background: #FBEDE4; }
.postponed { border-color: #E69F00; background: #FDF3E0; }
"""


@functools.lru_cache(maxsize=None)
def template(name: str = "dossier.html") -> jinja2.Template:
    """A document's template (report/templates/), escaping every value unless it is marked
    safe: the charts' SVG and the catalogue's own markup only."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
        autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    return environment.get_template(name)


def build_html(raw: dict[str, Any], *, lang: str = DEFAULT_LANGUAGE,
               samples: int = DEFAULT_SAMPLES, seed: int = 0, on: date | None = None,
               charts: list[tuple[str, str]] | None = None,
               saved: dict[str, Any] | None = None,
               opinion: dict[str, Any] | None = None,
               elsewhere: dict[str, Any] | None = None) -> str:
    """The dossier as one HTML document in ``lang`` (fr or en). ``charts`` (caption, SVG) are
    made here through Kaleido unless given. ``saved``: the library version it is the dossier
    of ({"version", "saved_at", "author", "project"}), named on its first page; a saved
    version's dossier ends with the ethics committee's ``opinion`` in force on it as an annex
    (``store.committee.Committee.opinion_in_force``), or says it has none. ``elsewhere``:
    what was found in other authorities' registers (``ui.elsewhere.for_dossier``), said in a
    section of its own; nothing when not given (a dossier made without the library). Raises
    ScenarioError for an invalid scenario, DossierError without Chromium, ValueError for an
    unknown language."""
    if lang not in i18n.LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(i18n.LANGUAGES)}; got {lang!r}")
    analysis = analyse(raw, samples, seed)
    tables: list[dict[str, Any] | None] = []
    if charts is None:
        figs = figures(analysis, lang)
        charts, tables = svg_charts(figs), chart_tables(figs)
    context = _context(raw, analysis, lang, on, charts, saved)
    context["charts"] = [(caption, svg, tables[i] if i < len(tables) else None)
                         for i, (caption, svg) in enumerate(context["charts"])]
    context["annex"] = saved and _annex(opinion, lang)
    context["elsewhere"] = elsewhere and _elsewhere(elsewhere, lang)
    return template().render(context)


def _elsewhere(found: dict[str, Any], lang: str) -> dict[str, Any]:
    """Similar projects in other authorities' registers: how many, and the closest."""
    if not found["compared"]:
        sentence = tr("No register of another authority was imported when this dossier was "
                      "made: nothing was compared.", lang)
    else:
        sentence = tr("Similar projects found elsewhere: {count}, among the {compared} "
                      "projects of the registers imported.", lang, count=found["count"],
                      compared=found["compared"])
    closest = [tr("\"{name}\" ({authority}): {alike} alike; balance {verdict}", lang,
                  name=c["name"], authority=c["authority"] or tr("authority not named", lang),
                  alike=i18n.number(100 * c["score"], lang, 0) + (" %" if lang == "fr" else "%"),
                  verdict=i18n.word(i18n.VERDICT_WORDS, c["verdict"], lang) if c["verdict"]
                  else tr("not published", lang)) for c in found["closest"]]
    return {"title": tr("Projects elsewhere", lang), "sentence": sentence,
            "closest": closest}


def _annex(opinion: dict[str, Any] | None, lang: str) -> dict[str, Any]:
    """The committee's opinion, annexed after the figures of a saved version."""
    from .committee import opinion_words

    return {"title": tr("Annex: the ethics committee's opinion", lang),
            "decision_label": tr("Opinion:", lang),
            "opinion": opinion and opinion_words(opinion, lang),
            "none": tr("The ethics committee has published no opinion on this version.", lang),
            "words": {"session": tr("Session", lang), "participants": tr("Taking part", lang),
                      "vote": tr("Vote", lang), "conditions": tr("Conditions", lang),
                      "information_requested": tr("Information requested:", lang),
                      "reasons": tr("Reasons", lang)}}


def _context(raw: dict[str, Any], analysis: dict[str, Any], lang: str, on: date | None,
             charts: list[tuple[str, str]], saved: dict[str, Any] | None) -> dict[str, Any]:
    """What the template shows, as plain text in ``lang`` (the template escapes it)."""
    result = analysis["result"]
    block = result["uncertainty"]

    def tl(english: str, **params: Any) -> str:  # the document's words in its language
        return tr(english, lang, **params)

    def t(value: Any) -> str:  # a calculators' sentence in the language
        return text(value, lang)

    def n(value: Any, unit: str = "") -> str:
        return _number(value, unit, lang)

    headline = block["verdict"]
    alternative = result["alternative"]
    net = block["net_kgco2e"]
    figures_rows = [(tl("Footprint: {phase}", phase=text(label, lang)),
                     result["footprint_kgco2e"][key], "kgCO2e")
                    for key, label in PHASE_LABELS.items()]
    figures_rows += [
        (tl("Total footprint"), result["footprint_kgco2e"]["total"], "kgCO2e"),
        (tl("Avoided emissions"), result["benefits_kgco2e"], "kgCO2e"),
        (tl("Net balance (avoided minus footprint)"), result["net_kgco2e"], "kgCO2e"),
        (tl("Benefit to footprint ratio"), result["benefit_to_footprint_ratio"], ""),
        (tl("Payback time"), result["payback_years"], "years"),
        (tl("One-off footprint at the start"), result["one_off_kgco2e"], "kgCO2e"),
        (tl("Recurring footprint, per year"), result["recurring_kgco2e_per_year"], "kgCO2e"),
        (tl("Energy, total"), result["energy_kwh"]["total"], "kWh")]
    rate = result.get("sci")
    if rate and rate["consumer_gco2e_per_unit"] is not None:  # the SCI, per unit served
        what = sci.unit_words(rate["functional_unit"])
        figures_rows += [
            (tl("Carbon per {what} served, consumer boundary (SCI: operation, equipment in "
                "service)", what=what), rate["consumer_gco2e_per_unit"], "gCO2e"),
            (tl("Carbon per {what} served, whole project (SCI: consumer and provider "
                "boundaries, training included)", what=what), rate["project_gco2e_per_unit"],
             "gCO2e")]
    for c in others():  # water, metals, primary energy: consumed, saved, net
        name = i18n.capital(text(c.label, lang))
        figures_rows += [
            (tl("{criterion}: consumed", criterion=name), result[c.result_key]["total"], c.unit),
            (tl("{criterion}: saved", criterion=name), result[c.saved_key], c.unit),
            (tl("{criterion}: net", criterion=name), result[c.net_key], c.unit)]
        figures_rows += [(text(label, lang), result[c.result_key][part], c.unit)
                         for part, label in c.parts.items()]  # water's: where
    figures_rows.append((tl("Significant harm flagged"), result["significant_harm"], ""))
    return {
        "lang": lang, "css": markupsafe.Markup(CSS),
        "title": tl("Environmental balance: {name}", name=result["name"]),
        "dated": tl("Dossier of {day}.", day=i18n.date(on or date.today(), lang)),
        "saved": tl("Saved version {version} of project {project}, saved {when} by {author}.",
                    version=saved["version"], project=saved.get("project", ""),
                    when=i18n.date_time(datetime.fromisoformat(saved["saved_at"]), lang),
                    author=saved.get("author") or tl("(not given)"))
        if saved else tl("Not saved in the library: a working draft."),
        "description": raw.get("description", ""),
        "domain": tl("Domain: {domain}; horizon {duration}.",
                     domain=i18n.word(i18n.DOMAIN_WORDS, result["domain"], lang),
                     duration=i18n.duration(result["horizon_years"], lang)),
        "verdict_class": headline,
        "verdict": tl("Verdict: {verdict}", verdict=i18n.word(
            i18n.VERDICT_HEADLINES, headline, lang).upper()),
        "to_complete": [t(c["text"]) for c in result["to_complete"]],
        "rests_on": [t(r["text"]) for r in result["rests_on"]],
        # where sources disagree: each source's figure, and the range the analysis draws
        "grid_sources": _grid_sources(result["grid_intensity_g_per_kwh"], lang),
        "declared": [tl("{label}: {declared} {unit} declared by the provider, {ecologits} {unit} "
                        "by EcoLogits ({source}); drawn between the two.",
                        label=t(d["label"]), declared=_plain(d["declared"], lang),
                        ecologits=_plain(d["ecologits"], lang), unit=d["unit"],
                        source=t(d["source"]))
                     for d in (result["hosted_model"] or {}).get("declared", [])],
        "verdict_detail": tl(
            " (the convention's rule is met in {share} of {samples} simulations; with every "
            "input at its likely value: {likely}).",
            share=i18n.percent(block["probability_rule_met"], lang),
            samples=i18n.number(block["samples"], lang),
            likely=i18n.word(i18n.VERDICT_WORDS, result["verdict"], lang)),
        "committee": block["committee_review_required"]
        and tl("This project goes to the ethics committee for arbitration."),
        "rule": t(result["rule"]),
        "reasons": [t(r) for r in result["reasons"] + block["reasons"]],
        "alternative": alternative and {
            "description": alternative["description"],
            "rows": [(label, n(theirs, "kgCO2e"), n(ours, "kgCO2e")) for label, theirs, ours in (
                (tl("Footprint"), alternative["footprint_kgco2e"],
                 result["footprint_kgco2e"]["total"]),
                (tl("Avoided emissions"), alternative["benefits_kgco2e"],
                 result["benefits_kgco2e"]),
                (tl("Net balance (avoided minus footprint)"), alternative["net_kgco2e"],
                 result["net_kgco2e"]))]},
        "headline": _one_co2e_unit(figures_rows, lang),
        "finance": _finance(result["finance"], result["horizon_years"], lang),
        # the SVG is Kaleido's drawing of our own figures: inserted as it is
        "charts": [(caption, markupsafe.Markup(svg)) for caption, svg in charts],
        "uncertainty": tl(
            "{samples} simulations (seed {seed}), {method}. Net balance: {p5} (5th percentile), "
            "{p50} (median), {p95} (95th percentile). Probability of a positive balance: "
            "{positive}.",
            samples=i18n.number(block["samples"], lang), seed=block["seed"],
            method=text(block["method"], lang),
            p5=i18n.kgco2e(net["p5"], lang), p50=i18n.kgco2e(net["p50"], lang),
            p95=i18n.kgco2e(net["p95"], lang),
            positive=i18n.percent(block["probability_positive"], lang)),
        "driver_columns": [tl(h) for h in DRIVER_COLUMNS],
        "drivers": [{"label": t(d["label"]), "low": n(d["low"], d["unit"]),
                     "likely": n(d["likely"], d["unit"]), "high": n(d["high"], d["unit"]),
                     "net_low": net_low, "net_high": net_high,
                     "flip": t(d["break_even"]["text"]) if d["break_even"] else ""}
                    for d, net_low, net_high in zip(block["drivers"], *_together(
                        [[d["net_at_low_kgco2e"] for d in block["drivers"]],
                         [d["net_at_high_kgco2e"] for d in block["drivers"]]], lang), strict=True)],
        "levers": [t(r["text"]) for r in result["recommendations"]],
        "checklist_columns": [tl(h) for h in CHECKLIST_COLUMNS],
        "checklist": [{"question": t(item["question"]), "answer": t(item["answer"]),
                       "advice": t(item["advice"] or ""),
                       "source": t(frugality.BY_KEY[item["key"]].reference or item["source"])
                       if item["key"] in frugality.BY_KEY else t(item["source"]),
                       "unanswered": item["answer"] == "not answered"}
                      for item in result["frugality"]],
        "warnings": [t(x) for x in result["warnings"]],
        "value_columns": [tl(h) for h in VALUE_COLUMNS],
        "values": [{"label": t(p.get("label", p["field"])), "value": n(p["value"], p["unit"]),
                    # a range only where there is one ("400 to 400" read as a spread)
                    "spread": "" if p.get("low") is None or p["low"] == p["high"] else tl(
                        "{low} to {high}", low=_plain(p["low"], lang),
                        high=_plain(p["high"], lang)),
                    "status": tl(STATUSES[p["status"]]) if p["status"] in STATUSES
                    else p["status"],
                    "assumption": p["status"] == "assumption", "source": t(p["source"])}
                   for p in result["provenance"]],
        "not_counted": [tl(item) for item in NOT_COUNTED] + [t(item) for item in
                                                             result["not_counted"]],
        "versions": tl("Tool version {tool}; reference data {data}; scenario format {schema}.",
                       tool=result["tool_version"], data=result["data_version"],
                       schema=result["schema_version"]),
        "words": {
            "rule_applied": tl("Rule applied."), "alternative": tl("The non-AI alternative"),
            "to_complete": tl("To be completed before the verdict:"),
            "rests_on": tl("What the verdict rests on"),
            "grid_sources": tl("Grid intensity, every source for the country"),
            "grid_columns": [tl("Source"), tl("Year"), tl("gCO2e/kWh"), tl("Used")],
            "figure": tl("Figure"), "non_ai": tl("Non-AI alternative"),
            "ai": tl("The AI project"), "value": tl("Value"),
            "no_alternative": tl("None was described: the convention asks that AI be used "
                                 "only when no less-impacting non-AI solution exists."),
            "headline": tl("Headline figures"), "charts": tl("Charts"),
            "chart_figures": tl("The chart's figures, as a table"),
            "how_sure": tl("How sure is it?"), "levers": tl("What would improve the balance"),
            "no_lever": tl("No frugal lever left to pull in this scenario."),
            "checklist": tl("Frugality checklist"),
            "checklist_source": tl(
                "The project's own answers, recorded as given. Sources: the citizens' "
                "convention on AI of Montpellier Méditerranée Métropole; AFNOR Spec 2314 "
                "(frugal AI); the RGESN 2024 (Arcep, Arcom), whose criteria each question "
                "names where one matches."),
            "warnings": tl("Warnings"),
            "every_value": tl("Every value used, with its status and source"),
            # the catalogue's own markup (italics, the assumption's style): no user text in it
            "statuses": markupsafe.Markup(tl(
                "Status: <i>entered</i> by the project, <i>measured</i> (CodeCarbon), "
                "<i>default</i> (a published value from the tool's reference data), or <span "
                "class='assumption'>ASSUMPTION</span> (a value nobody published: to be "
                "discussed). Sources are cited as published.")),
            "not_counted": tl("What this balance does not count")},
    }


def print_pdf(document: str) -> bytes:
    """The HTML ``document`` printed to PDF by the kept local Chromium, offline."""
    from .renderer import RENDERER

    browser = chromium()
    with tempfile.TemporaryDirectory(prefix="dossier-") as folder:
        source = Path(folder) / "dossier.html"
        source.write_text(document, encoding="utf-8")
        try:
            pdf = RENDERER.pdf(browser, source, timeout=PDF_TIMEOUT_S)
        except TimeoutError:
            raise DossierError(f"Chromium did not print the PDF within {PDF_TIMEOUT_S} s"
                               ) from None
        except Exception as exc:  # noqa: BLE001 - the browser and its protocol raise many kinds
            raise DossierError(f"Chromium could not print the PDF ({type(exc).__name__}: "
                               f"{str(exc).strip()[:200]})") from exc
        if not pdf.startswith(b"%PDF"):
            raise DossierError("Chromium did not print the PDF (no PDF came back)")
        return pdf
