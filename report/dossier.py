"""The dossier for the ethics committee: one self-contained HTML document (charts inlined as
SVG, no script, no link to fetch) and its PDF, built offline.

Content: the verdict and the rule applied with its reasons, the headline figures, the charts
(footprint against benefits, cumulative timeline, from benefits to net, and the uncertainty:
distribution and deciding inputs), the uncertainty figures, the levers, every value used with
its status and source, the warnings, what is not counted, and the versions.

Charts: the app's own builders (``ui/charts.py``, plain plotly) exported to SVG by Kaleido,
which drives Debian's ``chromium`` offline. PDF: the same HTML printed by headless
``chromium --print-to-pdf``. Every text from the scenario is HTML-escaped.
"""

from __future__ import annotations

import html
import shutil
import subprocess
import tempfile
import warnings
from datetime import date
from pathlib import Path
from typing import Any

from calculators import evaluate, load
from calculators import uncertainty as mc
from calculators.balance import format_kgco2e
from calculators.table import PHASE_LABELS

DEFAULT_SAMPLES = 10_000
CHART_WIDTH_PX, CHART_HEIGHT_PX = 1000, 520
PDF_TIMEOUT_S = 120
NOT_COUNTED = ("rebound effects (a saving that frees money or time for other emissions)",
               "water consumption of data centres and of manufacturing",
               "metals, minerals and other non-carbon impacts of the equipment",
               "the end users' own devices and networks",
               "the idle share of shared infrastructure beyond the data centre's PUE")
STATUS_WORDS = {"entered": "entered", "measured": "measured", "default": "default (published)",
                "assumption": "ASSUMPTION"}


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


def figures(analysis: dict[str, Any]) -> list[tuple[str, Any]]:
    """(caption, plotly figure) in the dossier's order."""
    from ui import charts

    result, block = analysis["result"], analysis["result"]["uncertainty"]
    out = [("Footprint by phase against avoided emissions, over the horizon",
            charts.footprint_vs_benefits(result)),
           ("Cumulative footprint and avoided emissions, year by year",
            charts.cumulative(result)),
           ("From avoided emissions to the net balance", charts.waterfall(result)),
           ("Net balance over the simulations", charts.net_distribution(analysis["net"], block))]
    if block["drivers"]:
        out.append(("The inputs that decide the net balance",
                    charts.tornado(block["drivers"], result["net_kgco2e"])))
    return out


def svg_charts(figs: list[tuple[str, Any]]) -> list[tuple[str, str]]:
    """(caption, SVG text) for each figure, through Kaleido and the local Chromium."""
    chromium()
    import kaleido

    kaleido.start_sync_server(silence_warnings=True)  # one Chromium for all the charts
    try:
        out = []
        with warnings.catch_warnings():  # plotly notes that the server ignores its options
            warnings.filterwarnings("ignore", message="The kopts argument is ignored")
            for caption, fig in figs:
                svg = fig.to_image(format="svg", width=CHART_WIDTH_PX, height=CHART_HEIGHT_PX)
                out.append((caption, svg.decode("utf-8")))
        return out
    finally:
        kaleido.stop_sync_server(silence_warnings=True)


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _plain(value: float) -> str:
    """12,345 or 0.2183: thousands separated, four significant digits below 1,000."""
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.4g}"


def _number(value: Any, unit: str) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        if unit == "kgCO2e":
            return format_kgco2e(value)
        return f"{_plain(value)} {unit}".strip()
    return f"{value} {unit}".strip()


CSS = """
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 11pt; color: #111;
       max-width: 190mm; margin: 0 auto; line-height: 1.35; }
h1 { font-size: 20pt; margin-bottom: 2mm; } h2 { font-size: 14pt; margin-top: 8mm;
       border-bottom: 1px solid #888; page-break-after: avoid; }
.verdict { border: 2px solid #111; padding: 3mm 4mm; margin: 4mm 0; font-size: 13pt; }
.positive { border-color: #009E73; background: #E6F5EF; }
.negative { border-color: #D55E00; background: #FBEDE4; }
.uncertain { border-color: #E69F00; background: #FDF3E0; }
table { border-collapse: collapse; width: 100%; font-size: 9.5pt; margin: 2mm 0;
        table-layout: fixed; }
th, td { border: 1px solid #BBB; padding: 1mm 2mm; text-align: left; vertical-align: top;
         overflow-wrap: break-word; }
td.field { word-break: break-all; }
tr { page-break-inside: avoid; }
td.n { text-align: right; }
figure { margin: 4mm 0; page-break-inside: avoid; } figure svg { width: 100%; height: auto; }
figcaption { font-size: 9.5pt; color: #333; }
.assumption { font-weight: bold; } .small { font-size: 9pt; color: #333; }
"""


def build_html(raw: dict[str, Any], *, samples: int = DEFAULT_SAMPLES, seed: int = 0,
               on: date | None = None, charts: list[tuple[str, str]] | None = None) -> str:
    """The dossier as one HTML document. ``charts`` (caption, SVG) are made here through
    Kaleido unless given. Raises ScenarioError for an invalid scenario, DossierError without
    Chromium."""
    analysis = analyse(raw, samples, seed)
    result = analysis["result"]
    block = result["uncertainty"]
    if charts is None:
        charts = svg_charts(figures(analysis))
    headline = block["verdict"]
    parts: list[str] = []
    add = parts.append
    add(f"<h1>Environmental balance: {_e(result['name'])}</h1>")
    add(f"<p class='small'>Dossier of {_e((on or date.today()).isoformat())}. "
        f"{_e(raw.get('description', ''))}</p>")
    add(f"<p class='small'>Domain: {_e(result['domain'])}; horizon "
        f"{result['horizon_years']:g} years.</p>")

    add(f"<div class='verdict {_e(headline)}'><b>Verdict: {_e(headline.upper())} balance</b>"
        f" (the convention's rule is met in {block['probability_rule_met']:.0%} of "
        f"{block['samples']:,} simulations; with every input at its likely value: "
        f"{_e(result['verdict'])}).")
    if block["committee_review_required"]:
        add("<br><b>This project goes to the ethics committee for arbitration.</b>")
    add("</div>")
    add(f"<p><b>Rule applied.</b> {_e(result['rule'])}</p><ul>")
    add("".join(f"<li>{_e(r)}</li>" for r in result["reasons"] + block["reasons"]))
    add("</ul>")

    add("<h2>Headline figures</h2><table><tr><th>Figure</th><th>Value</th></tr>")
    rows = [(f"Footprint: {label}", result["footprint_kgco2e"][key], "kgCO2e")
            for key, label in PHASE_LABELS.items()]
    rows += [("Total footprint", result["footprint_kgco2e"]["total"], "kgCO2e"),
             ("Avoided emissions", result["benefits_kgco2e"], "kgCO2e"),
             ("Net balance (avoided minus footprint)", result["net_kgco2e"], "kgCO2e"),
             ("Benefit to footprint ratio", result["benefit_to_footprint_ratio"], ""),
             ("Payback time", result["payback_years"], "years"),
             ("One-off footprint at the start", result["one_off_kgco2e"], "kgCO2e"),
             ("Recurring footprint, per year", result["recurring_kgco2e_per_year"], "kgCO2e"),
             ("Energy, total", result["energy_kwh"]["total"], "kWh")]
    add("".join(f"<tr><td>{_e(label)}</td><td class='n'>{_e(_number(value, unit))}</td></tr>"
                for label, value, unit in rows))
    add("</table>")

    add("<h2>Charts</h2>")
    for caption, svg in charts:
        add(f"<figure>{svg}<figcaption>{_e(caption)}</figcaption></figure>")

    net = block["net_kgco2e"]
    add("<h2>How sure is it?</h2>")
    add(f"<p>{block['samples']:,} simulations (seed {block['seed']}), {_e(block['method'])}. "
        f"Net balance: {_e(format_kgco2e(net['p5']))} (5th percentile), "
        f"{_e(format_kgco2e(net['p50']))} (median), {_e(format_kgco2e(net['p95']))} "
        f"(95th percentile). Probability of a positive balance: "
        f"{block['probability_positive']:.0%}.</p>")
    if block["drivers"]:
        add("<table><colgroup><col style='width:21%'><col style='width:12%'>"
            "<col style='width:12%'><col style='width:12%'><col style='width:11%'>"
            "<col style='width:11%'><col style='width:21%'></colgroup>"
            "<tr><th>Input</th><th>Low</th><th>Likely</th><th>High</th><th>Net at low"
            "</th><th>Net at high</th><th>Flips the verdict at</th></tr>")
        for d in block["drivers"]:
            flip = d["break_even"]["text"] if d["break_even"] else ""
            low, likely, high = (_e(_number(d[k], d["unit"])) for k in ("low", "likely", "high"))
            add(f"<tr><td>{_e(d['label'])}</td><td class='n'>{low}</td>"
                f"<td class='n'>{likely}</td><td class='n'>{high}</td>"
                f"<td class='n'>{_e(format_kgco2e(d['net_at_low_kgco2e']))}</td>"
                f"<td class='n'>{_e(format_kgco2e(d['net_at_high_kgco2e']))}</td>"
                f"<td>{_e(flip)}</td></tr>")
        add("</table>")

    add("<h2>What would improve the balance</h2>")
    if result["recommendations"]:
        add("<ol>" + "".join(f"<li>{_e(r['text'])}</li>" for r in result["recommendations"])
            + "</ol>")
    else:
        add("<p>No frugal lever left to pull in this scenario.</p>")
    add("<h2>Frugality checklist</h2><table><colgroup><col style='width:42%'>"
        "<col style='width:14%'><col style='width:44%'></colgroup>"
        "<tr><th>Question</th><th>Answer</th><th>Advice</th></tr>")
    for item in result["frugality"]:
        answer = item["answer"]
        css = " class='assumption'" if answer == "not answered" else ""
        add(f"<tr><td>{_e(item['question'])}</td><td{css}>{_e(answer)}</td>"
            f"<td>{_e(item['advice'] or '')}</td></tr>")
    add("</table><p class='small'>The project's own answers, recorded as given. Sources: "
        "the citizens' convention on AI of Montpellier Méditerranée Métropole; AFNOR Spec 2314 "
        "(frugal AI).</p>")
    if result["warnings"]:
        add("<h2>Warnings</h2><ul>" + "".join(f"<li>{_e(w)}</li>" for w in result["warnings"])
            + "</ul>")

    add("<h2>Every value used, with its status and source</h2>")
    add("<p class='small'>Status: <i>entered</i> by the project, <i>measured</i> (CodeCarbon), "
        "<i>default</i> (a published value from the tool's reference data), or "
        "<span class='assumption'>ASSUMPTION</span> (a value nobody published: to be "
        "discussed).</p>")
    add("<table><colgroup><col style='width:25%'><col style='width:13%'>"
        "<col style='width:14%'><col style='width:14%'><col style='width:34%'></colgroup>"
        "<tr><th>Value</th><th>Used</th><th>Range</th><th>Status</th><th>Source</th></tr>")
    for p in result["provenance"]:
        spread = "" if p.get("low") is None else f"{_plain(p['low'])} to {_plain(p['high'])}"
        status = STATUS_WORDS.get(p["status"], p["status"])
        css = " class='assumption'" if p["status"] == "assumption" else ""
        add(f"<tr><td class='field'>{_e(p['field'])}</td>"
            f"<td class='n'>{_e(_number(p['value'], p['unit']))}"
            f"</td><td class='n'>{_e(spread)}</td><td{css}>{_e(status)}</td>"
            f"<td>{_e(p['source'])}</td></tr>")
    add("</table>")

    add("<h2>What this balance does not count</h2><ul>"
        + "".join(f"<li>{_e(item)}</li>" for item in NOT_COUNTED) + "</ul>")
    add(f"<p class='small'>Tool version {_e(result['tool_version'])}; reference data "
        f"{_e(result['data_version'])}; scenario format {result['schema_version']}.</p>")
    return ("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
            f"<title>Environmental balance: {_e(result['name'])}</title>"
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
        if not target.is_file() or target.stat().st_size == 0:
            tail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
            raise DossierError(f"Chromium did not print the PDF (exit {done.returncode}: "
                               f"{tail[0]})")
        return target.read_bytes()
