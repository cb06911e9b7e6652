"""What the verdict page builds for a scenario (charts, tables, the simulation) is built once per
server for the same scenario content, name and reference data (``ui.state.shared``), and built
again when any of them changes (issue 16)."""

from __future__ import annotations

import plotly.graph_objects as go
from streamlit.testing.v1 import AppTest

from calculators import refdata
from conftest import ROOT
from ui import state


class Builds:
    """A builder that counts its calls and returns a new object each time."""

    def __init__(self):
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return {"built": self.calls}


def test_the_same_content_is_built_once_for_every_session(monkeypatch):
    monkeypatch.setattr(state, "_shared", type(state._shared)())
    build = Builds()
    first = state.shared('{"name": "a"}', "chart_phases_fr", build)
    again = state.shared('{"name": "a"}', "chart_phases_fr", build)  # another session
    assert build.calls == 1 and again is first
    state.shared('{"name": "a"}', "chart_phases_en", build)          # another language
    state.shared('{"name": "b"}', "chart_phases_fr", build)          # another scenario
    assert build.calls == 3


def test_a_new_data_version_builds_again(monkeypatch):
    monkeypatch.setattr(state, "_shared", type(state._shared)())
    build = Builds()
    before = state.shared('{"name": "a"}', "uncertainty", build)
    monkeypatch.setattr(refdata, "data_version", lambda: "2099.1.1")
    after = state.shared('{"name": "a"}', "uncertainty", build)
    assert build.calls == 2 and after is not before and after == {"built": 2}


def test_only_the_latest_contents_are_kept_and_figures_are_frozen(monkeypatch):
    monkeypatch.setattr(state, "_shared", type(state._shared)())
    build = Builds()
    for n in range(state.SHARED_SCENARIOS + 1):
        state.shared(f'{{"n": {n}}}', "table", build)
    assert len(state._shared) == state.SHARED_SCENARIOS
    state.shared('{"n": 0}', "table", build)                          # the oldest went first
    assert build.calls == state.SHARED_SCENARIOS + 2
    figure = state.shared('{"n": 1}', "chart", lambda: go.Figure(go.Bar(y=[1, 2])))
    assert figure.to_dict() is figure.to_dict()                       # its JSON computed once


def test_a_reference_table_is_written_once_per_language_and_data_version(monkeypatch):
    """ui.tables.reference (the input pages' tables of defaults and sources): written once,
    shown again as kept, written again in another language or for another data version."""
    import streamlit as st

    from ui import language, tables

    monkeypatch.setattr(tables, "_REFERENCE", {})
    shown = []
    monkeypatch.setattr(st, "table", lambda data, **options: shown.append((data, options)))
    writes = []

    def rows():
        writes.append(language.current())
        return [{"what": "**bold** typed", "value": "1,5"}]

    monkeypatch.setattr(language, "current", lambda: "fr")
    tables.reference("defaults", rows)
    tables.reference("defaults", rows)
    assert writes == ["fr"] and shown[0][0] is shown[1][0]
    assert shown[0][1] == {"hide_index": True}
    assert shown[0][0].column("what").to_pylist() == [r"\*\*bold\*\* typed"]  # escaped
    monkeypatch.setattr(language, "current", lambda: "en")
    tables.reference("defaults", rows)
    assert writes == ["fr", "en"]
    monkeypatch.setattr(refdata, "data_version", lambda: "2099.1.0+test")
    tables.reference("defaults", rows)
    assert writes == ["fr", "en", "en"]



def _verdict_with_an_error(horizon):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.session_state["scenario"]["horizon_years"] = horizon
    at.run()
    at.session_state["scenario"]["horizon_years"] = "douze"  # typed, not a number: an error
    at.run()
    assert not at.exception, at.exception
    return at


def test_charts_of_the_last_valid_version_are_its_own_in_every_session(monkeypatch):
    """While the scenario has an error the verdict page shows the last valid result: its
    charts are that result's, not those another session kept for the same erroneous draft
    (two sessions whose drafts are equal but whose last valid versions differ)."""
    monkeypatch.setattr(state, "_shared", type(state._shared)())
    five, six = _verdict_with_an_error(5), _verdict_with_an_error(6)
    charts = [[c.proto.spec for c in at.get("plotly_chart")] for at in (five, six)]
    assert charts[0] and charts[1]
    assert charts[0] != charts[1]  # each its own last valid version's (5 and 6 years)
    fresh = _verdict_with_an_error(6)  # built again with nothing shared: the same as six's
    monkeypatch.setattr(state, "_shared", type(state._shared)())
    again = _verdict_with_an_error(6)
    assert [c.proto.spec for c in again.get("plotly_chart")] == charts[1]
    assert [c.proto.spec for c in fresh.get("plotly_chart")] == charts[1]


def test_the_bands_of_a_closed_tab_are_not_computed_at_opening():
    """The timeline with uncertainty is the third tab, closed by default: its bands (a tenth
    of an opening's time under a room of forty) are computed when it is opened."""
    import streamlit as st

    st.cache_resource.clear()
    state._shared.clear()  # what another test's session built for the same example
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    kept = sorted(at.session_state[state.MEMO])
    assert "uncertainty_net" in kept and "uncertainty_bands" not in kept, kept
    assert at.session_state["verdict_uncertainty"] == "Distribution"
    at.session_state["verdict_uncertainty"] = "Over time, with uncertainty"  # opened
    at.run()
    assert not at.exception, at.exception
    assert "uncertainty_bands" in at.session_state[state.MEMO]
