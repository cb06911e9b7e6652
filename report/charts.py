"""Chart builders: plain functions from a result's tidy rows to a plotly figure.

Made to be read on a projector at the back of a room: the Okabe-Ito colour-blind-safe palette,
large fonts, values written on the bars, units on every axis, and colour always paired with text.
Values are read from the result's fields (``footprint_kgco2e``, ``benefits_kgco2e``,
``one_off_kgco2e``...), the same fields ``report.table.result_rows`` writes in the on-screen
table and the CSV: rewording a row of the table changes no chart.
"""

from __future__ import annotations

import re
from typing import Any

import plotly.graph_objects as go

from calculators import balance, i18n
from calculators.i18n import N_, tr
from calculators.impacts import PHASE_LABELS

from calculators.units import KG_PER_TONNE

# Okabe & Ito 2008, "Color Universal Design"
OKABE_ITO = {"blue": "#0072B2", "vermillion": "#D55E00", "green": "#009E73",
             "orange": "#E69F00", "sky": "#56B4E9", "purple": "#CC79A7", "yellow": "#F0E442",
             "black": "#000000"}
PHASE_COLOURS = {"training": OKABE_ITO["blue"], "inference": OKABE_ITO["sky"],
                 "embodied": OKABE_ITO["vermillion"], "transport": OKABE_ITO["orange"],
                 "network": OKABE_ITO["purple"]}
BENEFIT_COLOUR = OKABE_ITO["green"]
BASE_FONT_PX = 20
TITLE_FONT_PX = 26
HEIGHT_PX = 520
TORNADO_ROWS = 6  # more rows would not fit a 720-pixel projector screen
# below this share of the avoided emissions, the footprint's bar is a sliver on their scale:
# the chart adds the footprint alone on its own scale (an assumption of legibility, ours)
SMALL_FOOTPRINT_SHARE = 0.05


def _hover(name: str, value: str, lang: str) -> str:
    """A bar's hover label, "name: value" with the language's punctuation (a space before the
    colon in French); plotly fills the ``%{...}`` of ``value``, with ``_layout``'s separators."""
    return tr("{name}: {value}", lang, name=name, value=value) + "<extra></extra>"


def contrast(first: str, second: str) -> float:
    """WCAG 2.1's contrast ratio of two colours (#RRGGBB): 1 to 21."""
    def luminance(colour: str) -> float:
        channels = [int(colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
                  for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def text_on(colour: str) -> str:
    """Black or white, whichever reads better on ``colour`` (WCAG contrast): plotly's own
    choice wrote white on vermillion and on green (measured 3.42 to 4.22:1, under the 4.5:1 of
    RGAA 3.2); black reads at 5.4 to 16:1 on every Okabe-Ito colour but blue, where white reads
    at 5.2:1."""
    return max(("#000000", "#FFFFFF"), key=lambda text: contrast(colour, text))


def _readable_labels(fig: go.Figure) -> None:
    """Each label written inside a bar in the colour that reads best on that bar."""
    for trace in fig.data:
        if trace.type != "bar" or not trace.text:
            continue
        colour = trace.marker.color
        if isinstance(colour, str) and colour.startswith("#"):
            trace.insidetextfont.color = text_on(colour)
        elif isinstance(colour, (list, tuple)) and all(
                isinstance(c, str) and c.startswith("#") for c in colour):
            trace.insidetextfont.color = [text_on(c) for c in colour]


def _layout(fig: go.Figure, title: str, lang: str = "en") -> go.Figure:
    _readable_labels(fig)
    if lang == "fr":  # decimal comma, space between thousands, in ticks and hover labels
        fig.update_layout(separators=", ")
    fig.update_layout(
        title={"text": title, "font": {"size": TITLE_FONT_PX}, "x": 0, "xanchor": "left",
               "yref": "container", "y": 0.985, "yanchor": "top"},
        font={"size": BASE_FONT_PX, "color": "#111111"},
        height=HEIGHT_PX, margin={"l": 20, "r": 40, "t": 150, "b": 60},
        paper_bgcolor="white", plot_bgcolor="white",
        # above the plot, under the title: never over the axis title, whatever its length
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0,
                "font": {"size": BASE_FONT_PX},
                # each name its own width, wrapped to the next row when the row is full:
                # a fixed share of a narrow plot (0.3) made long names overlap ("Alternative
                # sans IA" beside a tornado's or a comparison's names); 0 means "own width"
                # only in pixels (in fractions the legend was drawn 4 pixels wide)
                "entrywidth": 0, "entrywidthmode": "pixels"},
        uniformtext={"minsize": 16, "mode": "hide"},
    )
    # tick numbers written out, grouped by _layout's separators ("750 000", "0,0005"): plotly
    # otherwise writes SI prefixes, "750k" and "0.5m", whose m reads as metres beside a unit
    for axes in (fig.update_xaxes, fig.update_yaxes):
        axes(gridcolor="#DDDDDD", zerolinecolor="#444444", automargin=True, tickformat=",~r")
    return fig


def scale_for(values_kg: list[float]) -> tuple[float, str]:
    """(divisor, unit) to show CO2e masses: tonnes from one tonne up, kilograms below."""
    biggest = max((abs(v) for v in values_kg), default=0.0)
    return (KG_PER_TONNE, "tCO2e") if biggest >= KG_PER_TONNE else (1.0, "kgCO2e")


def _fmt(value: float, lang: str = "en") -> str:
    if value == 0:
        return "0"
    if abs(value) < 1:  # two significant digits, never an exponent: 0,00042
        return i18n.plain_number(i18n.significant(value, 2), lang)
    else:
        shown = f"{value:,.1f}" if abs(value) < 1000 else f"{value:,.0f}"
    return i18n.localise(shown, lang)


def _plain_label(label: str) -> str:
    """A chart's label as plain text for its table: no line breaks nor plotly markup."""
    return re.sub(r"<[^>]+>", " ", label.replace("-<br>", "").replace("<br>", " ")).replace(
        "&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").replace("  ", " ").strip()


def _table(fig: go.Figure, heading: str, categories: list[str],
           series: list[tuple[str, list[float | None]]], unit: str, lang: str,
           values_as_text: list[list[str]] | None = None, note: str = "") -> go.Figure:
    """The figures the chart draws, as a table, kept in the figure (``layout.meta``): the
    text alternative a screen reader reads and the table shown one click away (RGAA 1.6:
    a chart's detailed description), on the page and in the dossier. ``categories`` are the
    rows, each of ``series`` a column of values in ``unit`` (already divided). Categories are
    plain text, a typed one as typed (never the chart's markup: see ``_plain_label``)."""
    shown_unit = i18n.unit(unit, lang) if unit else ""
    columns = [heading] + [f"{name} ({shown_unit})" if shown_unit else name
                           for name, _ in series]
    if values_as_text is None:
        values_as_text = [["" if v is None else _fmt(v, lang) for v in values]
                          for _, values in series]
    rows = [[c, *(column[i] for column in values_as_text)] for i, c in enumerate(categories)]
    title = _plain_label(str(fig.layout.title.text or ""))
    said = [tr("{name}: {value}", lang, name=row[0], value=", ".join(
        f"{_plain_label(name)} {value}" if len(series) > 1 else value
        for (name, _), value in zip(series, row[1:], strict=True) if value)) for row in rows[:5]]
    alt = tr("Chart: {title}{unit}. {figures}{more}", lang, title=title,
             unit=f" ({shown_unit})" if shown_unit else "", figures=i18n.joined(said, lang),
             more=tr(", and {count} more rows in its table", lang, count=len(rows) - 5)
             if len(rows) > 5 else "") + (f" {note}" if note else "")
    fig.update_layout(meta={"alt": alt, "table": {"columns": columns, "rows": rows}})
    return fig


def _some(count: int, most: int = 13) -> list[int]:
    """Indices of at most ``most`` points of ``count``, evenly spread, the last one kept (a
    curve's table: a point every few months, not sixty)."""
    step = max(1, -(-(count - 1) // (most - 1)))
    return sorted({*range(0, count, step), count - 1}) if count else []


def table_of(fig: go.Figure) -> tuple[str, list[str], list[list[str]]] | None:
    """(text alternative, columns, rows) a chart's builder kept in it (``_table``)."""
    meta = fig.layout.meta
    if not isinstance(meta, dict) or "table" not in meta:
        return None
    return meta["alt"], list(meta["table"]["columns"]), [list(r) for r in meta["table"]["rows"]]


# Short category names for the waterfall, so they read horizontally on a projector.
SHORT_LABELS = {"training": N_("Training"), "inference": N_("Inference"),
                "embodied": N_("Manufac-<br>turing"), "transport": N_("Transport"),
                "network": N_("Network")}
# Legend names: short enough for three a row at projector font size.
LEGEND_NAMES = {"training": N_("Training"), "inference": N_("Inference"),
                "embodied": N_("Manufacturing"), "transport": N_("Transport"),
                "network": N_("Network")}
def _phase_bars(footprint: dict[str, float], divisor: float, unit: str, y: str, lang: str,
                axes: tuple[str, str] = ("x", "y"), legend: bool = True
                ) -> list[dict[str, Any]]:
    """The footprint's phases as stacked horizontal bars on the row ``y`` (plotly trace
    dicts, built at once with the figure: adding them one by one costs several times more)."""
    out = []
    for key, label in PHASE_LABELS.items():
        value = footprint[key] / divisor
        if value <= 0:
            continue
        shown = i18n.text(label, lang)
        out.append({"type": "bar", "y": [y], "x": [value], "orientation": "h",
                    "name": tr(LEGEND_NAMES[key], lang), "legendgroup": key,
                    "showlegend": legend, "marker": {"color": PHASE_COLOURS[key]},
                    "text": [f"{shown}<br>{_fmt(value, lang)}"], "textposition": "inside",
                    "insidetextanchor": "middle", "xaxis": axes[0], "yaxis": axes[1],
                    "hovertemplate": _hover(shown, f"%{{x:,.2f}} {unit}", lang)})
    return out


def _total_note(y: str, x: float, unit: str, lang: str, axes: tuple[str, str] = ("x", "y")
                ) -> dict[str, Any]:
    return {"y": y, "x": x, "xref": axes[0], "yref": axes[1], "showarrow": False,
            "xanchor": "left", "xshift": 8, "font": {"size": BASE_FONT_PX + 2},
            "text": f"<b>{_fmt(x, lang)} {unit}</b>"}


def footprint_vs_benefits(result: dict[str, Any], lang: str = "en") -> go.Figure:
    """Horizontal bars: the footprint stacked by phase, beside the avoided emissions. A
    footprint below SMALL_FOOTPRINT_SHARE of the avoided emissions is drawn a second time,
    alone, on its own scale (in the same unit) in a second plot below, and the chart says so."""
    footprint = result["footprint_kgco2e"]
    avoided = result["benefits_kgco2e"]
    total = footprint["total"]
    divisor, unit = scale_for([total, avoided])
    fp_row, av_row = tr("Footprint", lang), tr("Avoided emissions", lang)
    small = 0 < total < SMALL_FOOTPRINT_SHARE * avoided
    avoided_word = tr("Avoided", lang)
    data = _phase_bars(footprint, divisor, unit, fp_row, lang) + [{
        "type": "bar", "y": [av_row], "x": [avoided / divisor], "orientation": "h",
        "name": avoided_word, "marker": {"color": BENEFIT_COLOUR},
        "text": [f"{avoided_word}<br>{_fmt(avoided / divisor, lang)}"],
        "textposition": "inside", "insidetextanchor": "middle",
        "hovertemplate": _hover(avoided_word, f"%{{x:,.2f}} {unit}", lang)}]
    notes = [_total_note(fp_row, total / divisor, unit, lang),
             _total_note(av_row, avoided / divisor, unit, lang)]
    # one unit for both plots: its title once, under the lower one
    axis_title = tr("{unit} over {duration}", lang, unit=unit,
                    duration=i18n.duration(result["horizon_years"], lang))
    layout: dict[str, Any] = {
        "barmode": "stack",
        "xaxis": {"rangemode": "tozero", "anchor": "y",
                  "title": {"text": None if small else axis_title}},
        "yaxis": {"categoryorder": "array", "categoryarray": [av_row, fp_row], "anchor": "x"}}
    if small:
        lower_top = 0.3  # the lower plot from 0 to 0.3 of the height, the upper from 0.55
        layout["yaxis"]["domain"] = [0.55, 1.0]
        layout["xaxis2"] = {"anchor": "y2", "rangemode": "tozero", "title": {"text": axis_title},
                            "range": [0, total / divisor * 1.35]}
        layout["yaxis2"] = {"anchor": "x2", "domain": [0.0, lower_top]}
        alone = tr("Footprint alone", lang)
        data += _phase_bars(footprint, divisor, unit, alone, lang, ("x2", "y2"), legend=False)
        notes.append(_total_note(alone, total / divisor, unit, lang, ("x2", "y2")))
        notes.append({"xref": "paper", "yref": "paper", "x": 0, "y": lower_top + 0.02,
                      "xanchor": "left", "yanchor": "bottom", "showarrow": False,
                      "align": "left", "font": {"size": BASE_FONT_PX - 2},
                      "text": "<b>" + tr("Below: the footprint alone, on a scale enlarged "
                                         "{zoom} times", lang, zoom=i18n.number(
                                             i18n.significant(avoided / total, 2), lang))
                      + "</b>"})
    layout["annotations"] = notes
    fig = _layout(go.Figure(data=data, layout=layout),
                  tr("Footprint by phase against avoided emissions", lang), lang)
    if small:
        fig.update_layout(height=HEIGHT_PX + 160)
    phases = [key for key in PHASE_LABELS if footprint[key] > 0]
    # the totals first: the text alternative says the first rows
    return _table(fig, tr("Figure", lang),
                  [tr("Total footprint", lang), avoided_word]
                  + [tr("Footprint: {phase}", lang, phase=i18n.text(PHASE_LABELS[k], lang))
                     for k in phases],
                  [(tr("Value", lang), [total / divisor, avoided / divisor]
                    + [footprint[k] / divisor for k in phases])], unit, lang)


def ai_against_alternative(result: dict[str, Any], lang: str = "en") -> go.Figure:
    """The AI project and its non-AI alternative side by side: footprint, avoided emissions and
    net balance of each over the horizon, on one scale. Needs ``result["alternative"]``."""
    alternative = result["alternative"]
    ai = (result["footprint_kgco2e"]["total"], result["benefits_kgco2e"],
          result["net_kgco2e"])
    other = (alternative["footprint_kgco2e"], alternative["benefits_kgco2e"],
             alternative["net_kgco2e"])
    divisor, unit = scale_for([*ai, *other])
    rows = [tr("Footprint", lang), tr("Avoided", lang), tr("Net balance", lang)]
    fig = go.Figure()
    for values, name, colour in ((other, tr("Non-AI alternative", lang), OKABE_ITO["orange"]),
                                 (ai, tr("The AI project", lang), OKABE_ITO["blue"])):
        shown = [v / divisor for v in values]
        fig.add_bar(y=rows, x=shown, name=name, orientation="h", marker_color=colour,
                    text=[tr("{name}: {value}", lang, name=name, value=_fmt(v, lang))
                          for v in shown],
                    textposition="outside", cliponaxis=False,
                    hovertemplate=_hover(f"{name} · %{{y}}", f"%{{x:,.2f}} {unit}", lang))
    every = [v / divisor for v in (*ai, *other)] + [0.0]
    pad = 0.45 * (max(every) - min(every) or 1.0)  # room for the values written after the bars
    fig.update_layout(barmode="group")
    fig.add_vline(x=0, line_color=OKABE_ITO["black"], line_width=2)
    fig.update_xaxes(title_text=tr("{unit} over {duration}", lang, unit=unit,
                                   duration=i18n.duration(result["horizon_years"], lang)),
                     range=[min(every) - (pad if min(every) < 0 else 0), max(every) + pad])
    fig.update_yaxes(categoryorder="array", categoryarray=list(reversed(rows)))
    fig = _layout(fig, tr("The AI project against its non-AI alternative", lang), lang)
    return _table(fig, tr("Figure", lang), rows,
                  [(tr("The AI project", lang), [v / divisor for v in ai]),
                   (tr("Non-AI alternative", lang), [v / divisor for v in other])], unit, lang)


def cumulative(result: dict[str, Any], steps: int = 60, lang: str = "en") -> go.Figure:
    """Cumulative footprint and avoided emissions over the horizon, with the break-even point."""
    one_off, recurring = result["one_off_kgco2e"], result["recurring_kgco2e_per_year"]
    avoided_per_year = result["benefits_kgco2e_per_year"]
    horizon = float(result["horizon_years"])
    years = [horizon * i / steps for i in range(steps + 1)]
    cum_fp, cum_av = (c.tolist() for c in balance.cumulative_kgco2e(
        years, one_off, recurring, avoided_per_year))
    divisor, unit = scale_for(cum_fp + cum_av)
    fig = go.Figure()
    footprint_word, avoided_word = tr("Footprint", lang), tr("Avoided", lang)
    fig.add_scatter(x=years, y=[v / divisor for v in cum_fp], name=footprint_word,
                    mode="lines", line={"color": OKABE_ITO["vermillion"], "width": 5})
    fig.add_scatter(x=years, y=[v / divisor for v in cum_av], name=avoided_word,
                    mode="lines",
                    line={"color": BENEFIT_COLOUR, "width": 5, "dash": "dash"})
    fig.add_annotation(x=horizon, y=cum_fp[-1] / divisor, text=footprint_word,
                       showarrow=False, xanchor="right", yshift=18,
                       font={"color": OKABE_ITO["vermillion"]})
    fig.add_annotation(x=horizon, y=cum_av[-1] / divisor, text=avoided_word, showarrow=False,
                       xanchor="right", yshift=18, font={"color": BENEFIT_COLOUR})
    payback = result["payback_years"]
    if payback is not None:
        y = float(balance.cumulative_kgco2e(payback, one_off, recurring,
                                            avoided_per_year)[0]) / divisor
        fig.add_scatter(x=[payback], y=[y], mode="markers", name=tr("Break-even", lang),
                        marker={"size": 18, "color": OKABE_ITO["black"], "symbol": "diamond"})
        after = tr("Break-even after {duration}", lang,
                   duration=i18n.duration(payback, lang))
        fig.add_annotation(x=payback, y=y, text=f"<b>{after}</b>",
                           showarrow=True, arrowhead=2, ax=70, ay=-70, xanchor="left",
                           bgcolor="rgba(255,255,255,0.85)")
    else:
        fig.add_annotation(xref="paper", yref="paper", x=0.02, y=0.95, showarrow=False,
                           xanchor="left",
                           text=f"<b>{tr('No break-even within the horizon', lang)}</b>",
                           bgcolor="rgba(255,255,255,0.85)")
    fig.update_xaxes(title_text=tr("Years from the start", lang), range=[0, horizon])
    fig.update_yaxes(title_text=tr("{unit}, cumulative", lang, unit=unit), rangemode="tozero")
    fig = _layout(fig, tr("Cumulative footprint and avoided emissions", lang), lang)
    # the table: whole years (at most 13 rows), and the horizon's end
    step = max(1, -(-int(horizon) // 12))
    whole = sorted({*map(float, range(0, int(horizon) + 1, step)), horizon})
    table_fp, table_av = (c.tolist() for c in balance.cumulative_kgco2e(
        whole, one_off, recurring, avoided_per_year))
    return _table(fig, tr("Years from the start", lang),
                  [i18n.plain_number(round(y, 1), lang) for y in whole],
                  [(footprint_word, [v / divisor for v in table_fp]),
                   (avoided_word, [v / divisor for v in table_av])], unit, lang,
                  note=(tr("Break-even after {duration}", lang,
                           duration=i18n.duration(payback, lang)) if payback is not None
                        else tr("No break-even within the horizon", lang)) + ".")


def waterfall(result: dict[str, Any], lang: str = "en") -> go.Figure:
    """From avoided emissions, each phase of the footprint taken off, down to the net balance."""
    footprint, avoided = result["footprint_kgco2e"], result["benefits_kgco2e"]
    net = result["net_kgco2e"]
    steps = [(tr(SHORT_LABELS[key], lang), -footprint[key])
             for key in PHASE_LABELS if footprint[key]]
    divisor, unit = scale_for([avoided, net, footprint["total"]])
    names = [tr("Avoided", lang)] + [s[0] for s in steps] + [tr("Net<br>balance", lang)]
    values = [avoided / divisor] + [s[1] / divisor for s in steps] + [net / divisor]
    fig = go.Figure(go.Waterfall(
        x=names, y=values, measure=["absolute"] + ["relative"] * len(steps) + ["total"],
        text=[("+" if v > 0 else "") + _fmt(v, lang) for v in values], textposition="outside",
        increasing={"marker": {"color": BENEFIT_COLOUR}},
        decreasing={"marker": {"color": OKABE_ITO["vermillion"]}},
        totals={"marker": {"color": OKABE_ITO["blue"]}},
        connector={"line": {"color": "#666666"}},
        hovertemplate=_hover("%{x}", f"%{{y:,.2f}} {unit}", lang)))
    fig.update_yaxes(title_text=tr("{unit} over {duration}", lang, unit=unit,
                                   duration=i18n.duration(result["horizon_years"], lang)))
    fig.update_layout(showlegend=False)
    fig = _layout(fig, tr("From avoided emissions to the net balance", lang), lang)
    return _table(fig, tr("Step", lang), [_plain_label(n) for n in names],
                  [(tr("Value", lang), values)], unit, lang)


def _place(row: dict[str, Any], lang: str) -> str:
    """A location row's name: in French, the country's French name (CodeCarbon's are English)."""
    name = i18n.country(row.get("iso3"), lang) if lang != "en" else None
    if name is None:
        return i18n.text(row["location"], lang)
    return i18n.text(i18n.msg("this_scenario_location", place=name), lang) if row["current"] \
        else name


def locations(rows: list[dict[str, Any]], horizon_years: float, lang: str = "en"
              ) -> go.Figure:
    """Total footprint of the same scenario in several locations (from
    ``calculators.compare.footprint_by_location``)."""
    ordered = sorted(rows, key=lambda r: r["footprint_kgco2e"])
    divisor, unit = scale_for([r["footprint_kgco2e"] for r in rows])
    labels = [f"{_place(r, lang)}  ·  {r['intensity_g_per_kwh']:.0f} g/kWh" for r in ordered]
    values = [r["footprint_kgco2e"] / divisor for r in ordered]
    colours = [OKABE_ITO["blue"] if r["current"] else OKABE_ITO["sky"] for r in ordered]
    fig = go.Figure(go.Bar(y=labels, x=values, orientation="h", marker_color=colours,
                           text=[_fmt(v, lang) for v in values], textposition="outside",
                           cliponaxis=False,
                           hovertemplate=_hover("%{y}", f"%{{x:,.2f}} {unit}", lang)))
    # room on the right for the value written after the longest bar
    fig.update_xaxes(title_text=tr("Footprint, {unit} over {duration}", lang, unit=unit,
                                   duration=i18n.duration(horizon_years, lang)),
                     range=[0, max(values, default=0) * 1.15 or 1])
    fig.update_layout(showlegend=False)
    fig = _layout(fig, tr("The same project in other locations", lang), lang)
    fig.update_layout(height=max(360, 70 * len(rows) + 140))
    return _table(fig, tr("Location", lang), labels, [(tr("Footprint", lang), values)], unit,
                  lang)


def _as_typed(text: str) -> str:
    """A text someone typed (a line's name, a scenario's), safe in a chart: plotly reads a
    subset of HTML in every text it draws (bold, links...), and writes its entities back."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _wrap(text: str, width: int = 38) -> str:
    """``text`` on lines of at most ``width`` characters, as typed (``_as_typed``)."""
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "<br>".join(_as_typed(line) for line in lines)


def net_distribution(net_kgco2e, block: dict[str, Any], lang: str = "en") -> go.Figure:
    """Histogram of the simulated net balance, zero marked, the probability written on it."""
    import numpy as np

    values = np.asarray(net_kgco2e, dtype=float)
    divisor, unit = scale_for([float(values.min()), float(values.max())])
    # binned here: the figure carries 50 bars, not every sample
    counts, edges = np.histogram(values / divisor, bins=50)
    share = 100.0 * counts / max(values.size, 1)
    centres = (edges[:-1] + edges[1:]) / 2
    width = float(edges[1] - edges[0]) if len(edges) > 1 else 1.0
    fig = go.Figure()
    for negative, name, colour in ((True, N_("Negative balance"), OKABE_ITO["vermillion"]),
                                   (False, N_("Positive balance"), BENEFIT_COLOUR)):
        keep = (centres < 0) if negative else (centres >= 0)
        fig.add_bar(x=centres[keep].tolist(), y=share[keep].tolist(), width=width,
                    name=tr(name, lang), marker_color=colour, marker_line_width=0,
                    hovertemplate=tr("%{{x:,.1f}} {unit}: %{{y:.1f}} % of simulations",
                                     lang, unit=unit) + "<extra></extra>")
    fig.add_vline(x=0, line_width=4, line_color=OKABE_ITO["black"])
    p = block["probability_positive"]
    fig.add_annotation(xref="paper", yref="paper", x=0.01, y=0.98, xanchor="left",
                       showarrow=False, bgcolor="rgba(255,255,255,0.9)",
                       text="<b>" + tr("Positive in {share} of {samples} simulations", lang,
                                       share=i18n.percent(p, lang),
                                       samples=i18n.number(block["samples"], lang)) + "</b>",
                       font={"size": BASE_FONT_PX + 2})
    net = block["net_kgco2e"]
    for q, dash in (("p5", "dot"), ("p95", "dot")):
        fig.add_vline(x=net[q] / divisor, line_dash=dash, line_color="#444444", line_width=2)
    fig.add_annotation(x=net["p5"] / divisor, yref="paper", y=0.86, showarrow=False,
                       text=i18n.percent(0.05, lang), xanchor="right", xshift=-4)
    fig.add_annotation(x=net["p95"] / divisor, yref="paper", y=0.86, showarrow=False,
                       text=i18n.percent(0.95, lang), xanchor="left", xshift=4)
    fig.update_layout(barmode="overlay", bargap=0)
    fig.update_xaxes(title_text=tr("Net balance, {unit} over the horizon", lang, unit=unit))
    # headroom above the tallest bar for the probability written at the top
    fig.update_yaxes(title_text=tr("% of simulations", lang),
                     range=[0, float(share.max()) * 1.4 or 1])
    fig = _layout(fig, tr("How sure is the balance?", lang), lang)
    return _table(fig, tr("Figure", lang),
                  [tr("Share of simulations with a positive balance", lang),
                   tr("Net balance, 5th percentile", lang), tr("Net balance, median", lang),
                   tr("Net balance, 95th percentile", lang)],
                  [(tr("Value", lang), [])], "", lang, values_as_text=[[
                      i18n.percent(p, lang),
                      *(f"{_fmt(net[q] / divisor, lang)} {unit}" for q in ("p5", "p50", "p95"))]])


def tornado(drivers: list[dict[str, Any]], net_kgco2e: float, lang: str = "en",
            rows: int = TORNADO_ROWS, labels_above: bool = False) -> go.Figure:
    """Each input from its low to its high value, the others at their likely value: the net
    balance it gives. The widest bars decide the verdict. ``labels_above`` writes each input's
    name above its bar, across the whole width (for a projected screen, where names beside
    the bars would leave them no room)."""
    drivers = drivers[:rows]
    shown = list(reversed(drivers))  # widest at the top
    values = [net_kgco2e] + [d["net_at_low_kgco2e"] for d in drivers] + \
        [d["net_at_high_kgco2e"] for d in drivers]
    divisor, unit = scale_for(values)
    base = net_kgco2e / divisor
    names = [i18n.text(d["label"], lang) for d in shown]
    # with the names above, bars sit at 0, 2, 4... and each name one step above its bar
    where: list[Any] = ([2 * i for i in range(len(shown))] if labels_above
                        else [_wrap(n) for n in names])
    fig = go.Figure()
    for key, name, colour in (("net_at_low_kgco2e", N_("Low value"), OKABE_ITO["sky"]),
                              ("net_at_high_kgco2e", N_("High value"), OKABE_ITO["blue"])):
        ends = [d[key] / divisor for d in shown]
        fig.add_bar(y=where, x=[e - base for e in ends], base=base, orientation="h",
                    name=tr(name, lang), marker_color=colour,
                    customdata=[[_as_typed(n), _fmt(e, lang)]
                                for n, e in zip(names, ends, strict=True)],
                    width=1.0 if labels_above else None, cliponaxis=False,
                    hovertemplate=tr("%{{customdata[0]}}: net %{{customdata[1]}} {unit}", lang,
                                     unit=unit) + f"<extra>{tr(name, lang)}</extra>")
    # each row's two values written outside its bars, the smaller on the left, the larger on
    # the right: bar texts placed "outside" each bar overlapped when an input moves the
    # balance little, or both ways on the same side of the likely value
    for y, d in zip(where, shown, strict=True):
        ends = sorted({d["net_at_low_kgco2e"] / divisor, d["net_at_high_kgco2e"] / divisor})
        for x, side in ((ends[0], "right"), (ends[-1], "left"))[:len(ends)]:
            fig.add_annotation(x=x, y=y, text=_fmt(x, lang), showarrow=False, xanchor=side,
                               xshift=-6 if side == "right" else 6, yanchor="middle",
                               font={"size": BASE_FONT_PX})
    if labels_above:
        for y, name in zip(where, names, strict=True):
            fig.add_annotation(xref="paper", x=0, y=y + 1.05, text=_wrap(name, 90),
                               showarrow=False, xanchor="left", yanchor="middle",
                               font={"size": BASE_FONT_PX - 3}, align="left",
                               bgcolor="rgba(255,255,255,0.85)")
        fig.update_yaxes(showticklabels=False, showgrid=False, zeroline=False,
                         range=[-0.8, 2 * len(shown) - 0.3])
    fig.add_vline(x=base, line_color=OKABE_ITO["black"], line_width=3)
    fig.add_vline(x=0, line_color=OKABE_ITO["vermillion"], line_width=3, line_dash="dash")
    fig.update_layout(barmode="overlay")
    every = [e / divisor for e in values] + [0.0]
    pad = 0.2 * (max(every) - min(every) or 1.0)  # room for the values written at the ends
    fig.update_xaxes(title_text=tr("Net balance, {unit}", lang, unit=unit),
                     range=[min(every) - pad, max(every) + pad])
    fig = _layout(fig, tr("What decides the balance", lang), lang)
    fig.update_layout(height=min(640, max(HEIGHT_PX, 70 * len(drivers) + 220)))
    return _table(fig, tr("Input", lang), [i18n.text(d["label"], lang) for d in drivers],
                  [(tr("Net balance at its low value", lang),
                    [d["net_at_low_kgco2e"] / divisor for d in drivers]),
                   (tr("Net balance at its high value", lang),
                    [d["net_at_high_kgco2e"] / divisor for d in drivers])], unit, lang)


def cumulative_bands(bands: dict[str, Any], payback: dict[str, Any], lang: str = "en"
                     ) -> go.Figure:
    """Cumulative footprint and avoided emissions as 5-95 % bands with their medians, and the
    range of break-even years."""
    years = bands["years"]
    divisor, unit = scale_for(bands["footprint"]["p95"] + bands["avoided"]["p95"])
    fig = go.Figure()
    for key, name, colour, fill in (
            ("footprint", N_("Footprint"), OKABE_ITO["vermillion"], "rgba(213,94,0,0.2)"),
            ("avoided", N_("Avoided"), BENEFIT_COLOUR, "rgba(0,158,115,0.2)")):
        fig.add_scatter(x=years, y=[v / divisor for v in bands[key]["p95"]], mode="lines",
                        line={"width": 0}, showlegend=False, hoverinfo="skip")
        fig.add_scatter(x=years, y=[v / divisor for v in bands[key]["p5"]], mode="lines",
                        line={"width": 0}, fill="tonexty", fillcolor=fill,
                        name=tr("{name}: 5-95%", lang, name=tr(name, lang)))
        fig.add_scatter(x=years, y=[v / divisor for v in bands[key]["p50"]], mode="lines",
                        name=tr("{name}: median", lang, name=tr(name, lang)),
                        line={"color": colour, "width": 5,
                                                      "dash": "dash" if key == "avoided"
                                                      else "solid"})
    share = payback.get("probability_within_horizon", 0.0)
    if "p5" in payback:
        fig.add_vrect(x0=payback["p5"], x1=payback["p95"], fillcolor="rgba(0,0,0,0.12)",
                      line_width=0)
        fig.add_annotation(x=payback["p95"], yref="paper", y=0.95, xanchor="left",
                           showarrow=False, bgcolor="rgba(255,255,255,0.9)",
                           text=tr("<b>Break-even between {low} and {high}</b><br>(in "
                                   "{share} of simulations within the horizon)", lang,
                                   low=i18n.duration(payback["p5"], lang),
                                   high=i18n.duration(payback["p95"], lang),
                                   share=i18n.percent(share, lang)))
    else:
        fig.add_annotation(xref="paper", yref="paper", x=0.02, y=0.95, xanchor="left",
                           showarrow=False,
                           text="<b>" + tr("No break-even within the horizon", lang) + "</b>",
                           bgcolor="rgba(255,255,255,0.9)")
    fig.update_xaxes(title_text=tr("Years from the start", lang), range=[0, years[-1]])
    fig.update_yaxes(title_text=tr("{unit}, cumulative", lang, unit=unit), rangemode="tozero")
    fig = _layout(fig, tr("Cumulative footprint and avoided emissions, with their "
                          "uncertainty", lang), lang)
    kept = _some(len(years))
    return _table(fig, tr("Years from the start", lang),
                  [i18n.plain_number(round(years[i], 1), lang) for i in kept],
                  [(tr("{name}, {rank}th percentile", lang, name=tr(name, lang), rank=q[1:]),
                    [bands[key][q][i] / divisor for i in kept])
                   for key, name in (("footprint", N_("Footprint")), ("avoided", N_("Avoided")))
                   for q in ("p5", "p50", "p95")], unit, lang)


def _short(label: str, width: int = 18) -> str:
    return _wrap(label if len(label) <= 2 * width else label[:2 * width - 1] + "…", width)


def _stacked_phases(fig: go.Figure, x: list[str], results: list[dict[str, Any]],
                    divisor: float, unit: str, lang: str, lower: bool = False) -> list[float]:
    """Each scenario's footprint as bars stacked by phase (on the lower plot, without a
    legend, when ``lower``); returns the stacks' tops."""
    base = [0.0] * len(results)
    for key in PHASE_LABELS:
        values = [r["footprint_kgco2e"][key] / divisor for r in results]
        if not any(values):
            continue
        name = tr(LEGEND_NAMES[key], lang)
        fig.add_bar(x=x, y=values, base=list(base), name=name, showlegend=not lower,
                    marker_color=PHASE_COLOURS[key], offsetgroup="footprint",
                    xaxis="x2" if lower else "x", yaxis="y2" if lower else "y",
                    hovertemplate=_hover(name, f"%{{y:,.2f}} {unit}", lang))
        base = [b + v for b, v in zip(base, values, strict=True)]
    return base


def compare_bars(labels: list[str], results: list[dict[str, Any]], lang: str = "en"
                 ) -> go.Figure:
    """For each scenario, its footprint stacked by phase beside its avoided emissions, all on
    one scale."""
    divisor, unit = scale_for([v for r in results for v in (r["footprint_kgco2e"]["total"],
                                                             r["benefits_kgco2e"])])
    x = [_short(label) for label in labels]
    fig = go.Figure()
    base = _stacked_phases(fig, x, results, divisor, unit, lang)
    avoided = tr("Avoided", lang)
    fig.add_bar(x=x, y=[r["benefits_kgco2e"] / divisor for r in results], name=avoided,
                marker_color=BENEFIT_COLOUR, offsetgroup="avoided",
                text=[_fmt(r["benefits_kgco2e"] / divisor, lang) for r in results],
                textposition="outside", cliponaxis=False,
                hovertemplate=_hover(avoided, f"%{{y:,.2f}} {unit}", lang))
    fig.add_scatter(x=x, y=base, mode="text", text=[_fmt(b, lang) for b in base],
                    textposition="top center", showlegend=False, hoverinfo="skip",
                    textfont={"size": BASE_FONT_PX})
    fig.update_layout(barmode="group")
    axis_title = tr("{unit}, each over its horizon", lang, unit=unit)
    fig.update_yaxes(title_text=axis_title, rangemode="tozero")
    # footprints too small to see beside the avoided emissions: drawn again below, alone, on
    # their own scale (in the same unit), as the verdict page does
    largest = max((r["footprint_kgco2e"]["total"] for r in results), default=0.0)
    avoided_most = max((r["benefits_kgco2e"] for r in results), default=0.0)
    if 0 < largest < SMALL_FOOTPRINT_SHARE * avoided_most:
        lower_top = 0.32
        fig.update_layout(
            yaxis={"domain": [0.55, 1.0], "title": {"text": axis_title}},
            xaxis={"anchor": "y"},
            xaxis2={"anchor": "y2", "matches": "x", "showticklabels": True},
            yaxis2={"anchor": "x2", "domain": [0.0, lower_top], "rangemode": "tozero",
                    "range": [0, largest / divisor * 1.35], "title": {"text": unit}},
            height=HEIGHT_PX + 160)
        base = _stacked_phases(fig, x, results, divisor, unit, lang, lower=True)
        fig.add_scatter(x=x, y=base, mode="text", text=[_fmt(b, lang) for b in base],
                        textposition="top center", showlegend=False, hoverinfo="skip",
                        xaxis="x2", yaxis="y2", textfont={"size": BASE_FONT_PX})
        fig.add_annotation(xref="paper", yref="paper", x=0, y=lower_top + 0.04,
                           xanchor="left", yanchor="bottom", showarrow=False, align="left",
                           font={"size": BASE_FONT_PX - 2},
                           text="<b>" + tr("Below: the footprints alone, on a scale enlarged "
                                           "{zoom} times", lang, zoom=i18n.number(
                                               i18n.significant(avoided_most / largest, 2),
                                               lang)) + "</b>")
    fig = _layout(fig, tr("Footprint (stacked by phase) and avoided emissions", lang), lang)
    phases = [k for k in PHASE_LABELS if any(r["footprint_kgco2e"][k] for r in results)]
    return _table(fig, tr("Scenario", lang), labels,
                  [(tr("Footprint: {phase}", lang, phase=i18n.text(PHASE_LABELS[k], lang)),
                    [r["footprint_kgco2e"][k] / divisor for r in results]) for k in phases]
                  + [(tr("Total footprint", lang),
                      [r["footprint_kgco2e"]["total"] / divisor for r in results]),
                     (avoided, [r["benefits_kgco2e"] / divisor for r in results])], unit, lang)


def compare_net(labels: list[str], results: list[dict[str, Any]], lang: str = "en"
                ) -> go.Figure:
    """Net balance of each scenario, green when positive, vermillion when negative."""
    divisor, unit = scale_for([r["net_kgco2e"] for r in results])
    values = [r["net_kgco2e"] / divisor for r in results]
    fig = go.Figure(go.Bar(
        x=[_short(label) for label in labels], y=values,
        marker_color=[BENEFIT_COLOUR if v >= 0 else OKABE_ITO["vermillion"] for v in values],
        text=[("+" if v > 0 else "") + _fmt(v, lang) for v in values], textposition="outside",
        cliponaxis=False, showlegend=False,
        hovertemplate=_hover(tr("Net balance", lang), f"%{{y:,.2f}} {unit}", lang)))
    fig.update_yaxes(title_text=tr("Net balance, {unit} (positive is good)", lang, unit=unit))
    fig = _layout(fig, tr("Net balance (avoided minus footprint)", lang), lang)
    return _table(fig, tr("Scenario", lang), labels, [(tr("Net balance", lang), values)], unit,
                  lang)


def review_net(labels: list[str], balances: list[dict[str, Any]], year: int, lang: str = "en"
               ) -> go.Figure:
    """The annual review: for each project, the net balance forecast for an average year beside
    the one observed in ``year`` (``calculators.actuals.yearly_balance``), values on the bars."""
    divisor, unit = scale_for([v for b in balances
                               for v in (b["forecast_net_kgco2e"], b["actual_net_kgco2e"])])
    x = [_short(label) for label in labels]
    fig = go.Figure()
    for key, name, colour in (
            ("forecast_net_kgco2e", tr("Forecast", lang), OKABE_ITO["sky"]),
            ("actual_net_kgco2e", tr("Observed in {year}", lang, year=year), OKABE_ITO["blue"])):
        values = [b[key] / divisor for b in balances]
        fig.add_bar(x=x, y=values, name=name, marker_color=colour,
                    text=[("+" if v > 0 else "") + _fmt(v, lang) for v in values],
                    textposition="outside", cliponaxis=False,
                    hovertemplate=_hover(name, f"%{{y:,.2f}} {unit}", lang))
    fig.update_layout(barmode="group")
    fig.update_yaxes(title_text=tr("{unit} a year", lang, unit=unit))
    fig = _layout(fig, tr("Net balance: forecast against observed", lang), lang)
    return _table(fig, tr("Project", lang), labels,
                  [(tr("Forecast", lang), [b["forecast_net_kgco2e"] / divisor for b in balances]),
                   (tr("Observed in {year}", lang, year=year),
                    [b["actual_net_kgco2e"] / divisor for b in balances])], unit, lang)


# water by where it is consumed (the water balance's bars)
# (short legend names: three a row on a projector)
WATER_PARTS = {"onsite": (N_("Cooling, on site"), OKABE_ITO["sky"]),
               "offsite": (N_("Electricity"), OKABE_ITO["blue"]),
               "hosted": (N_("Hosted model"), OKABE_ITO["purple"])}


def criterion_scale(values: list[float], unit: str) -> tuple[float, str]:
    """(divisor, unit) to show a criterion's amounts: water in m³ from a thousand litres,
    primary energy in GJ from a thousand MJ (as ``i18n.figure`` writes totals), metals as
    they are."""
    from calculators.impacts import CRITERIA

    biggest = max((abs(v) for v in values), default=0.0)
    larger = next((c.larger for c in CRITERIA.values() if c.unit == unit and c.larger), None)
    return (larger[1], larger[0]) if larger and biggest >= larger[1] else (1.0, unit)


def criterion_by_phase(result: dict[str, Any], key: str, lang: str = "en") -> go.Figure:
    """One criterion besides carbon (``impacts.others()``: water, metals, primary energy): what
    the project consumes, phase by phase, over the horizon, on its own scale (the savings are in
    the figures above it and, for water, in the water balance). A phase the criterion does not
    count is left out."""
    from calculators.impacts import CRITERIA

    criterion = CRITERIA[key]
    figures = result[criterion.result_key]
    phases = [phase for phase in criterion.phases if figures[phase] > 0] or list(
        criterion.phases)
    divisor, unit = criterion_scale([figures[p] for p in phases], criterion.unit)
    shown_unit = i18n.unit(unit, lang)
    names = [tr(LEGEND_NAMES[phase], lang) for phase in phases]
    values = [figures[phase] / divisor for phase in phases]
    fig = go.Figure(go.Bar(
        x=names, y=values, marker_color=[PHASE_COLOURS[phase] for phase in phases],
        text=[_fmt(v, lang) for v in values], textposition="outside", cliponaxis=False,
        hovertemplate=_hover("%{x}", f"%{{y:,.3g}} {shown_unit}", lang)))
    fig.update_yaxes(rangemode="tozero", title_text=tr(
        "{unit} over {duration}", lang, unit=shown_unit,
        duration=i18n.duration(result["horizon_years"], lang)))
    fig.update_layout(showlegend=False)
    title = tr("{criterion}: consumed by phase", lang,
               criterion=i18n.capital(tr(criterion.label, lang)))
    return _table(_layout(fig, title, lang), tr("Phase", lang), names,
                  [(tr("Consumed", lang), values)], unit, lang)


def water_balance(result: dict[str, Any], lang: str = "en") -> go.Figure:
    """The water balance: the water consumed, by where (the data centre's cooling, the
    generation of its electricity, a hosted model's provider), against the water the benefits
    save, and the net, over the horizon. A consumption too small to see beside the savings is
    written in words under the chart."""
    water = result["water_l"]
    saved, net = result["water_saved_l"], result["water_net_l"]
    divisor, unit = criterion_scale([water["total"], saved, net], "L")
    shown_unit = i18n.unit(unit, lang)
    consumed_row, saved_row, net_row = (tr("Consumed", lang), tr("Saved (benefits)", lang),
                                        tr("Net", lang))
    data: list[dict[str, Any]] = []
    for part, (label, colour) in WATER_PARTS.items():
        value = water[part] / divisor
        if value <= 0:
            continue
        name = tr(label, lang)
        data.append({"type": "bar", "y": [consumed_row], "x": [value], "orientation": "h",
                     "name": name, "marker": {"color": colour},
                     "hovertemplate": _hover(name, f"%{{x:,.3g}} {shown_unit}", lang)})
    data.append({"type": "bar", "y": [saved_row], "x": [saved / divisor], "orientation": "h",
                 "name": saved_row, "marker": {"color": BENEFIT_COLOUR}, "showlegend": False,
                 "hovertemplate": _hover(saved_row, f"%{{x:,.3g}} {shown_unit}", lang)})
    data.append({"type": "bar", "y": [net_row], "x": [net / divisor], "orientation": "h",
                 "name": tr("Net", lang), "showlegend": False,
                 "marker": {"color": BENEFIT_COLOUR if net >= 0 else OKABE_ITO["vermillion"]},
                 "hovertemplate": _hover(net_row, f"%{{x:,.3g}} {shown_unit}", lang)})
    notes = [_total_note(row, value / divisor, shown_unit, lang)
             for row, value in ((consumed_row, water["total"]), (saved_row, saved),
                                (net_row, net))]
    layout: dict[str, Any] = {
        "barmode": "stack", "annotations": notes,
        "xaxis": {"title": {"text": tr("{unit} over {duration}", lang, unit=shown_unit,
                                       duration=i18n.duration(result["horizon_years"],
                                                              lang))}},
        "yaxis": {"categoryorder": "array", "categoryarray": [net_row, saved_row,
                                                              consumed_row]}}
    fig = _layout(go.Figure(data=data, layout=layout), tr("Water balance", lang), lang)
    fig.add_vline(x=0, line_color=OKABE_ITO["black"], line_width=2)
    if 0 < water["total"] < SMALL_FOOTPRINT_SHARE * max(saved, abs(net)):
        # the bar is a sliver on this scale: its value says so beside it
        fig.layout.annotations[0].text += " · " + tr("too small to see at this scale", lang)
    parts = [part for part in WATER_PARTS if water[part] > 0]
    return _table(fig, tr("Figure", lang),
                  [consumed_row, saved_row, net_row]
                  + [tr("{name}: {value}", lang, name=consumed_row,
                        value=tr(WATER_PARTS[p][0], lang)) for p in parts],
                  [(tr("Value", lang), [water["total"] / divisor, saved / divisor, net / divisor]
                    + [water[p] / divisor for p in parts])], unit, lang)
