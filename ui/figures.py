"""Charts kept between reruns at the cost of their first drawing only.

Streamlit turns a plotly figure into its JSON on every rerun: ``figure.to_dict()`` (a deep copy
of every trace and of the layout) then the JSON text, 4 to 6 ms a chart here, for figures that
have not changed (the verdict page's are kept until the scenario changes, ``state.memo``).
A ``FrozenFigure`` computes its dictionary once: a kept figure must not be changed once shown
(the builders return new figures; ``present.enlarge`` changes one before it is kept). With
orjson installed, plotly writes the JSON of that dictionary about twenty times faster.
Measured by ``bench/bench_server.py`` (CPU per light rerun of the verdict page).
"""

from __future__ import annotations

import functools
from typing import Any

import plotly.graph_objects as go

from calculators.i18n import N_, tr


class FrozenFigure(go.Figure):
    """A figure whose ``to_dict`` is computed once (the figure is not changed afterwards)."""

    def to_dict(self) -> dict[str, Any]:
        kept = self.__dict__.get("_frozen_dict")
        if kept is None:
            kept = super().to_dict()
            self.__dict__["_frozen_dict"] = kept
        return kept


def freeze(figure: go.Figure) -> FrozenFigure:
    """``figure`` as a FrozenFigure (the same object: no copy of its traces)."""
    if not isinstance(figure, FrozenFigure):
        figure.__class__ = FrozenFigure
    return figure


# plotly.js's own texts (the chart's toolbar and its hints), in the page's language: plotly
# takes them from the chart's config, its ``locales`` (the English text is the key)
PLOTLY_TEXTS = (
    N_("Download plot as a PNG"), N_("Download plot"), N_("Zoom"), N_("Pan"),
    N_("Box Select"), N_("Lasso Select"), N_("Zoom in"), N_("Zoom out"), N_("Autoscale"),
    N_("Reset axes"), N_("Reset view"), N_("Toggle Spike Lines"),
    N_("Show closest data on hover"), N_("Compare data on hover"),
    N_("Toggle show closest data on hover"), N_("Produced with Plotly.js"),
    N_("Double-click to zoom back out"), N_("Snapshot succeeded"),
    N_("Taking snapshot - this may take a few seconds"), N_("Sorry, there was a problem "
                                                            "downloading your snapshot!"),
)


def config(lang: str = "") -> dict[str, Any]:
    """The config of every chart: plotly's own texts in ``lang`` (the current language by
    default), its French number format, and no plotly logo."""
    from .language import current

    return _config(lang or current())


@functools.cache
def _config(lang: str) -> dict[str, Any]:  # one per language (a chart's config is not changed)
    out: dict[str, Any] = {"displaylogo": False, "locale": lang}
    if lang != "en":
        out["locales"] = {lang: {
            "dictionary": {english: tr(english, lang) for english in PLOTLY_TEXTS},
            "format": {"decimal": ",", "thousands": "\u202f"} if lang == "fr" else {}}}
    return out


def show(figure: go.Figure, where: Any = None, *, table: bool = True,
         **options: Any) -> None:
    """A chart as everyone can read it (RGAA 1.6, WCAG 1.1.1): its text alternative, what
    it shows with its figures, read by screen readers before the drawing (which they skip:
    ``ui/browser.py`` hides it from them and takes its toolbar out of the Tab order); then,
    ``table``, the table of its figures one click away, in an expander below it. The figure's
    builder keeps both (``report.charts.table_of``). ``options`` go to ``st.plotly_chart``."""
    import html

    import streamlit as st

    from report.charts import table_of

    from . import language, tables

    where = where if where is not None else st
    kept = table_of(figure)
    options.setdefault("width", "stretch")
    options.setdefault("theme", None)
    options.setdefault("config", config())
    # the alternative and the chart in one block with no gap: the page's layout as before
    # (a projected screen's chart keeps its height)
    pair = where.container(gap=None)
    if kept is not None:
        pair.markdown(f'<p class="chart-alt">{html.escape(kept[0])}</p>',
                      unsafe_allow_html=True)
    pair.plotly_chart(figure, **options)
    if table and kept is not None:
        # its labels may be typed ones (a benefit's, a scenario's): shown as typed; escaped
        # and converted once, kept on the figure (kept itself until the scenario changes):
        # at every rerun it was most of a chart's own time
        arrow = figure.__dict__.get("_table_arrow")
        if arrow is None:
            _, columns, rows = kept
            arrow = figure.__dict__["_table_arrow"] = tables.kept(
                {column: [row[i] for row in rows] for i, column in enumerate(columns)})
        with where.expander(language.t("The chart's figures, as a table")):
            st.table(arrow, hide_index=True)
