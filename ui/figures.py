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

from typing import Any

import plotly.graph_objects as go


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
