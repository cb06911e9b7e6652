"""The dossier for the ethics committee: one self-contained HTML document (charts inlined as
SVG, no script, no link to fetch) and its PDF, built offline.

Content: the verdict and the rule applied with its reasons, the headline figures, the charts
(footprint against benefits, cumulative timeline, from benefits to net, and the uncertainty:
distribution and deciding inputs), the uncertainty figures, the levers, every value used with
its status and source, the warnings, what is not counted, and the versions.

Charts: the app's own builders (``report/charts.py``, plain plotly) exported to SVG by Kaleido,
which drives Debian's ``chromium`` offline. PDF: the same HTML printed by headless
``chromium --print-to-pdf``. Every text from the scenario is HTML-escaped.
"""

from __future__ import annotations

import html
import shutil
import subprocess
import tempfile
import warnings
from datetime import date, datetime
from pathlib import Path
from typing import Any

from calculators import evaluate, i18n, load
from calculators import uncertainty as mc
from calculators.i18n import DEFAULT_LANGUAGE, N_, text, tr
from calculators.impacts import PHASE_LABELS

DEFAULT_SAMPLES = 10_000
CHART_WIDTH_PX, CHART_HEIGHT_PX = 1000, 520
PDF_TIMEOUT_S = 120
# The document's own words are in the tool's catalogue (calculators/french.py, keyed by their
# English), like the pages', so the dossier and the app name things alike.
CAPTIONS = (N_("Footprint by phase against avoided emissions, over the horizon"),
            N_("Cumulative footprint and avoided emissions, year by year"),
            N_("From avoided emissions to the net balance"),
            N_("Net balance over the simulations"),
            N_("The inputs that decide the net balance"))
STATUSES = {"entered": N_("entered"), "measured": N_("measured"),
            "default": N_("default (published)"), "assumption": N_("ASSUMPTION")}
DRIVER_COLUMNS = (N_("Input"), N_("Low"), N_("Likely"), N_("High"), N_("Net at low"),
                  N_("Net at high"), N_("Flips the verdict at"))
CHECKLIST_COLUMNS = (N_("Question"), N_("Answer"), N_("Advice"))
VALUE_COLUMNS = (N_("Value"), N_("Used"), N_("Range"), N_("Status"), N_("Source"))
NOT_COUNTED = (
    N_("rebound effects (a saving that frees money or time for other emissions)"),
    N_("water consumption of data centres and of manufacturing"),
    N_("metals, minerals and other non-carbon impacts of the equipment"),
    N_("the end users' own devices and networks"),
    N_("the idle share of shared infrastructure beyond the data centre's PUE"))


class DossierError(RuntimeError):
    """The dossier cannot be built here (no chromium): the message says what to install."""


def chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        raise DossierError("the dossier's charts and PDF need Chromium (Debian: apt-get "
                           "install chromium); nothing is downloaded")
    return path


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
           (captions[3], charts.net_distribution(analysis["net"], block, lang=lang))]
    if block["drivers"]:
        labelled = [dict(d, label=text(d["label"], lang)) for d in block["drivers"]]
        out.append((captions[4], charts.tornado(labelled, result["net_kgco2e"], lang=lang)))
    return out


def svg_charts(figs: list[tuple[str, Any]]) -> list[tuple[str, str]]:
    """(caption, SVG text) for each figure, through Kaleido and the local Chromium."""
    chromium()
    import kaleido

    try:
        kaleido.start_sync_server(silence_warnings=True)  # one Chromium for all the charts
        try:
            out = []
            with warnings.catch_warnings():  # plotly notes that the server ignores its options
                warnings.filterwarnings("ignore", message="The kopts argument is ignored")
                for caption, fig in figs:
                    svg = fig.to_image(format="svg", width=CHART_WIDTH_PX,
                                       height=CHART_HEIGHT_PX)
                    out.append((caption, svg.decode("utf-8")))
            return out
        finally:
            kaleido.stop_sync_server(silence_warnings=True)
    except Exception as exc:  # noqa: BLE001 - Kaleido and its browser raise many kinds
        raise DossierError(f"Chromium could not draw the charts through Kaleido "
                           f"({type(exc).__name__}: {str(exc).strip()[:200]})") from exc


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _plain(value: float, lang: str) -> str:
    """12,345 or 0.2183 (12 345 or 0,2183 in French): four significant digits below 1,000."""
    shown = f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.4g}"
    return i18n.localise(shown, lang)


def _number(value: Any, unit: str, lang: str) -> str:
    if value is None:
        return tr("n/a", lang)
    if isinstance(value, bool):
        return tr("yes", lang) if value else tr("no", lang)
    if isinstance(value, (int, float)):
        if unit == "kgCO2e":
            return i18n.kgco2e(value, lang)
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
table { border-collapse: collapse; width: 100%; font-size: 9.5pt; margin: 2mm 0;
        table-layout: fixed; }
th, td { border: 1px solid #BBB; padding: 1mm 2mm; text-align: left; vertical-align: top;
         overflow-wrap: break-word; word-break: normal; }
tr { page-break-inside: avoid; }
td.n { text-align: right; }
figure { margin: 4mm 0; page-break-inside: avoid; } figure svg { width: 100%; height: auto; }
figcaption { font-size: 9.5pt; color: #333; }
.assumption { font-weight: bold; } .small { font-size: 9pt; color: #333; }
"""


def build_html(raw: dict[str, Any], *, lang: str = DEFAULT_LANGUAGE,
               samples: int = DEFAULT_SAMPLES, seed: int = 0, on: date | None = None,
               charts: list[tuple[str, str]] | None = None,
               saved: dict[str, Any] | None = None) -> str:
    """The dossier as one HTML document in ``lang`` (fr or en). ``charts`` (caption, SVG) are
    made here through Kaleido unless given. ``saved``: the library version it is the dossier
    of ({"version", "saved_at", "author", "project"}), named on its first page. Raises
    ScenarioError for an invalid scenario, DossierError without Chromium, ValueError for an
    unknown language."""
    if lang not in i18n.LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(i18n.LANGUAGES)}; got {lang!r}")

    def tl(english: str, **params: Any) -> str:  # the document's words in its language
        return tr(english, lang, **params)
    analysis = analyse(raw, samples, seed)
    result = analysis["result"]
    block = result["uncertainty"]
    if charts is None:
        charts = svg_charts(figures(analysis, lang))

    def t(value: Any) -> str:  # a calculators' sentence in the language, escaped
        return _e(text(value, lang))

    def n(value: Any, unit: str = "") -> str:
        return _e(_number(value, unit, lang))

    headline = block["verdict"]
    parts: list[str] = []
    add = parts.append
    title = tl("Environmental balance: {name}", name=result["name"])
    add(f"<h1>{_e(title)}</h1>")
    add(f"<p class='small'>{_e(tl('Dossier of {day}.', day=i18n.date(on or date.today(), lang)))}"
        + (" " + _e(tl("Saved version {version} of project {project}, saved {when} by {author}.",
                       version=saved["version"], project=saved.get("project", ""),
                       when=i18n.date_time(datetime.fromisoformat(saved["saved_at"]), lang),
                       author=saved.get("author") or tl("(not given)")))
           if saved else " " + _e(tl("Not saved in the library: a working draft.")))
        + f"</p><p>{_e(raw.get('description', ''))}</p>")
    domain = tl("Domain: {domain}; horizon {duration}.",
                domain=i18n.word(i18n.DOMAIN_WORDS, result["domain"], lang),
                duration=i18n.duration(result["horizon_years"], lang))
    add(f"<p class='small'>{_e(domain)}</p>")
    add(f"<div class='verdict {_e(headline)}'><b>"
        f"{_e(tl('Verdict: {verdict} balance', verdict=i18n.word(i18n.VERDICT_WORDS, headline, lang).upper()))}</b>"
        + _e(tl(" (the convention's rule is met in {share} of {samples} simulations; with every "
               "input at its likely value: {likely}).",
               share=i18n.percent(block["probability_rule_met"], lang),
               samples=i18n.number(block["samples"], lang),
               likely=i18n.word(i18n.VERDICT_WORDS, result["verdict"], lang))))
    if block["committee_review_required"]:
        add(f"<br><b>{_e(tl('This project goes to the ethics committee for arbitration.'))}</b>")
    add("</div>")
    add(f"<p><b>{_e(tl('Rule applied.'))}</b> {t(result['rule'])}</p><ul>")
    add("".join(f"<li>{t(r)}</li>" for r in result["reasons"] + block["reasons"]))
    add("</ul>")

    alternative = result["alternative"]
    add(f"<h2>{_e(tl('The non-AI alternative'))}</h2>")
    if alternative:
        add(f"<p>{_e(alternative['description'])}</p><table><tr><th>{_e(tl('Figure'))}</th>"
            f"<th>{_e(tl('Non-AI alternative'))}</th><th>{_e(tl('The AI project'))}</th></tr>")
        for label, theirs, ours in (
                (tl("Footprint"), alternative["footprint_kgco2e"],
                 result["footprint_kgco2e"]["total"]),
                (tl("Avoided emissions"), alternative["benefits_kgco2e"],
                 result["benefits_kgco2e"]),
                (tl("Net balance (avoided minus footprint)"), alternative["net_kgco2e"],
                 result["net_kgco2e"])):
            add(f"<tr><td>{_e(label)}</td><td class='n'>{n(theirs, 'kgCO2e')}</td>"
                f"<td class='n'>{n(ours, 'kgCO2e')}</td></tr>")
        add("</table>")
    else:
        none = tl("None was described: the convention asks that AI be used only when no "
                  "less-impacting non-AI solution exists.")
        add(f"<p>{_e(none)}</p>")

    add(f"<h2>{_e(tl('Headline figures'))}</h2><table><tr><th>{_e(tl('Figure'))}</th>"
        f"<th>{_e(tl('Value'))}</th></tr>")
    rows = [(tl("Footprint: {phase}", phase=text(label, lang)),
             result["footprint_kgco2e"][key], "kgCO2e") for key, label in PHASE_LABELS.items()]
    rows += [(tl("Total footprint"), result["footprint_kgco2e"]["total"], "kgCO2e"),
             (tl("Avoided emissions"), result["benefits_kgco2e"], "kgCO2e"),
             (tl("Net balance (avoided minus footprint)"), result["net_kgco2e"], "kgCO2e"),
             (tl("Benefit to footprint ratio"), result["benefit_to_footprint_ratio"], ""),
             (tl("Payback time"), result["payback_years"], "years"),
             (tl("One-off footprint at the start"), result["one_off_kgco2e"], "kgCO2e"),
             (tl("Recurring footprint, per year"), result["recurring_kgco2e_per_year"],
              "kgCO2e"),
             (tl("Energy, total"), result["energy_kwh"]["total"], "kWh")]
    add("".join(f"<tr><td>{_e(label)}</td><td class='n'>{n(value, unit)}</td></tr>"
                for label, value, unit in rows))
    add("</table>")

    add(f"<h2>{_e(tl('Charts'))}</h2>")
    for caption, svg in charts:
        add(f"<figure>{svg}<figcaption>{_e(caption)}</figcaption></figure>")

    net = block["net_kgco2e"]
    add(f"<h2>{_e(tl('How sure is it?'))}</h2>")
    add("<p>" + _e(tl(
        "{samples} simulations (seed {seed}), {method}. Net balance: {p5} (5th percentile), "
        "{p50} (median), {p95} (95th percentile). Probability of a positive balance: "
        "{positive}.",
        samples=i18n.number(block["samples"], lang), seed=block["seed"],
        method=text(block["method"], lang),
        p5=i18n.kgco2e(net["p5"], lang), p50=i18n.kgco2e(net["p50"], lang),
        p95=i18n.kgco2e(net["p95"], lang),
        positive=i18n.percent(block["probability_positive"], lang))) + "</p>")
    if block["drivers"]:
        add("<table><colgroup><col style='width:21%'><col style='width:12%'>"
            "<col style='width:12%'><col style='width:12%'><col style='width:11%'>"
            "<col style='width:11%'><col style='width:21%'></colgroup><tr>"
            + "".join(f"<th>{_e(tl(h))}</th>" for h in DRIVER_COLUMNS) + "</tr>")
        for d in block["drivers"]:
            flip = d["break_even"]["text"] if d["break_even"] else ""
            low, likely, high = (n(d[k], d["unit"]) for k in ("low", "likely", "high"))
            add(f"<tr><td>{t(d['label'])}</td><td class='n'>{low}</td>"
                f"<td class='n'>{likely}</td><td class='n'>{high}</td>"
                f"<td class='n'>{n(d['net_at_low_kgco2e'], 'kgCO2e')}</td>"
                f"<td class='n'>{n(d['net_at_high_kgco2e'], 'kgCO2e')}</td>"
                f"<td>{t(flip)}</td></tr>")
        add("</table>")

    add(f"<h2>{_e(tl('What would improve the balance'))}</h2>")
    if result["recommendations"]:
        add("<ol>" + "".join(f"<li>{t(r['text'])}</li>" for r in result["recommendations"])
            + "</ol>")
    else:
        add(f"<p>{_e(tl('No frugal lever left to pull in this scenario.'))}</p>")
    add(f"<h2>{_e(tl('Frugality checklist'))}</h2><table><colgroup><col style='width:42%'>"
        "<col style='width:14%'><col style='width:44%'></colgroup><tr>"
        + "".join(f"<th>{_e(tl(h))}</th>" for h in CHECKLIST_COLUMNS) + "</tr>")
    for item in result["frugality"]:
        css = " class='assumption'" if item["answer"] == "not answered" else ""
        add(f"<tr><td>{t(item['question'])}</td><td{css}>{t(item['answer'])}</td>"
            f"<td>{t(item['advice'] or '')}</td></tr>")
    add(f"</table><p class='small'>" + _e(tl(
        "The project's own answers, recorded as given. Sources: the citizens' convention on AI "
        "of Montpellier Méditerranée Métropole; AFNOR Spec 2314 (frugal AI).")) + "</p>")
    if result["warnings"]:
        add(f"<h2>{_e(tl('Warnings'))}</h2><ul>"
            + "".join(f"<li>{t(x)}</li>" for x in result["warnings"]) + "</ul>")

    add(f"<h2>{_e(tl('Every value used, with its status and source'))}</h2><p class='small'>"
        + tl("Status: <i>entered</i> by the project, <i>measured</i> (CodeCarbon), <i>default</i> "
            "(a published value from the tool's reference data), or <span "
            "class='assumption'>ASSUMPTION</span> (a value nobody published: to be discussed). "
            "Sources are cited as published.") + "</p>")
    add("<table><colgroup><col style='width:25%'><col style='width:13%'>"
        "<col style='width:14%'><col style='width:14%'><col style='width:34%'></colgroup><tr>"
        + "".join(f"<th>{_e(tl(h))}</th>" for h in VALUE_COLUMNS) + "</tr>")
    for p in result["provenance"]:
        spread = "" if p.get("low") is None else tl(
            "{low} to {high}", low=_plain(p["low"], lang), high=_plain(p["high"], lang))
        status = tl(STATUSES[p["status"]]) if p["status"] in STATUSES else p["status"]
        css = " class='assumption'" if p["status"] == "assumption" else ""
        add(f"<tr><td>{t(p.get('label', p['field']))}</td>"
            f"<td class='n'>{n(p['value'], p['unit'])}"
            f"</td><td class='n'>{_e(spread)}</td><td{css}>{_e(status)}</td>"
            f"<td>{t(p['source'])}</td></tr>")
    add("</table>")

    add(f"<h2>{_e(tl('What this balance does not count'))}</h2><ul>"
        + "".join(f"<li>{_e(tl(item))}</li>" for item in NOT_COUNTED) + "</ul>")
    add("<p class='small'>" + _e(tl(
        "Tool version {tool}; reference data {data}; scenario format {schema}.",
        tool=result["tool_version"], data=result["data_version"],
        schema=result["schema_version"])) + "</p>")
    return (f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='utf-8'>"
            f"<title>{_e(title)}</title>"
            f"<style>{CSS}</style></head><body>{''.join(parts)}</body></html>")


def print_pdf(document: str) -> bytes:
    """The HTML ``document`` printed to PDF by headless Chromium, offline."""
    browser = chromium()
    with tempfile.TemporaryDirectory(prefix="dossier-") as folder:
        source = Path(folder) / "dossier.html"
        source.write_text(document, encoding="utf-8")
        target = Path(folder) / "dossier.pdf"
        command = [browser, "--headless", "--no-sandbox", "--disable-gpu",
                   "--disable-dev-shm-usage", "--disable-background-networking",
                   "--disable-component-update", "--disable-sync", "--no-first-run",
                   f"--user-data-dir={Path(folder) / 'profile'}", "--no-pdf-header-footer",
                   f"--print-to-pdf={target}", source.as_uri()]
        try:
            done = subprocess.run(command, capture_output=True, timeout=PDF_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            raise DossierError(f"Chromium did not print the PDF within {PDF_TIMEOUT_S} s"
                               ) from None
        except OSError as exc:
            raise DossierError(f"Chromium could not be started ({exc})") from None
        if not target.is_file() or target.stat().st_size == 0:
            tail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
            raise DossierError(f"Chromium did not print the PDF (exit {done.returncode}: "
                               f"{tail[0]})")
        return target.read_bytes()
