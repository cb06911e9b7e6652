"""Projection mode for committee sessions (``?present=1``, or the sidebar's toggle): no sidebar,
large type, one figure a screen in a fixed order (verdict, footprint against benefits,
cumulative timeline, uncertainty, comparison), moved through with Next and Previous.

The charts are the app's own builders, enlarged for a room: fonts from 20 to 30 pixels and a
taller plot, so that the smallest text on a 1280x720 projector stays about 2 % of the screen's
height."""

from __future__ import annotations

import streamlit as st

from calculators import compare, i18n
from calculators.i18n import N_

from . import charts, language, state
from .language import t

FLAG = "present_mode"
SLIDE = "present_slide"
FONT_SCALE = 1.5
CHART_HEIGHT_PX = 560  # with the bar of buttons, fits a 1280x720 screen
SLIDES = (N_("Verdict"), N_("Footprint against benefits"), N_("Over time"),
          N_("How sure is it?"), N_("Comparison"))
CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
header[data-testid="stHeader"] { display: none !important; }
[data-testid="stMainBlockContainer"] { padding-top: 1rem; padding-bottom: 0;
  max-width: 100%; }
[data-testid="stMain"] p, [data-testid="stMain"] li { font-size: 1.7rem; line-height: 1.35; }
[data-testid="stMetricValue"], [data-testid="stMetricValue"] * {
  font-size: 3.2rem !important; font-weight: 700; line-height: 1.2 !important; }
[data-testid="stMetricLabel"] p { font-size: 1.6rem !important; }
[data-testid="stMain"] button p { font-size: 1.4rem; }
h1 { font-size: 3rem !important; }
</style>
"""


def active() -> bool:
    """Projection mode is on for this session (the URL's ?present=1 turns it on)."""
    if st.query_params.get("present") == "1":
        st.session_state[FLAG] = True
    return bool(st.session_state.get(FLAG))


def enter() -> None:
    st.session_state[FLAG] = True
    st.session_state[SLIDE] = 0


def leave() -> None:
    st.session_state[FLAG] = False
    st.query_params.pop("present", None)


def _move(step: int) -> None:
    st.session_state[SLIDE] = (st.session_state.get(SLIDE, 0) + step) % len(SLIDES)


def enlarge(fig):
    """The figure with fonts scaled by FONT_SCALE and a taller plot, for a room."""
    layout = fig.layout
    base = (layout.font.size or charts.BASE_FONT_PX) * FONT_SCALE
    fig.update_layout(font_size=base, height=CHART_HEIGHT_PX,
                      title_font_size=(layout.title.font.size or charts.TITLE_FONT_PX)
                      * FONT_SCALE, legend_font_size=base)
    for annotation in layout.annotations or ():
        annotation.font.size = (annotation.font.size or charts.BASE_FONT_PX) * FONT_SCALE
    fig.update_traces(textfont_size=base, selector={"type": "bar"})
    return fig


def _chart(name: str, build) -> None:
    # kept per language: a switch of ?lang= draws the figure again
    st.plotly_chart(state.memo(f"present_{name}_{language.current()}",
                               lambda: enlarge(build())), width="stretch", theme=None)


def render() -> None:
    """The current slide, with the buttons to move and to leave."""
    st.markdown(CSS, unsafe_allow_html=True)
    lang = language.current()
    index = st.session_state.get(SLIDE, 0) % len(SLIDES)
    result = state.result_to_show()
    left, middle, right, leave_col = st.columns([1, 5, 1, 1], vertical_alignment="center")
    left.button(t("Back"), icon=":material/arrow_back:", on_click=_move, args=(-1,),
                key="present_previous", width="stretch", help=t("Previous screen"))
    middle.markdown(f"**{index + 1} / {len(SLIDES)} · {t(SLIDES[index])}**",
                    help=state.scenario().get("name", ""))
    right.button(t("Next"), icon=":material/arrow_forward:", on_click=_move, args=(1,),
                 key="present_next", width="stretch", help=t("Next screen"))
    leave_col.button(t("Exit"), icon=":material/close_fullscreen:", on_click=leave,
                     key="present_leave", width="stretch", help=t("Leave projection mode"))
    if result is None:
        st.error(t("This scenario has an error: leave projection mode to fix it."))
        return
    block = state.uncertainty()
    if index == 0:
        headline = block or result
        box = {"positive": st.success, "negative": st.error, "uncertain": st.warning}[
            headline["verdict"]]
        verdicts = {"positive": t("POSITIVE balance"), "negative": t("NEGATIVE balance"),
                    "uncertain": t("UNCERTAIN balance")}
        box(f"# {verdicts[headline['verdict']]}" + (
            "\n\n" + t("The convention's rule is met in {met_share} of the simulations.",
                       met_share=block["probability_rule_met"]) if block else ""))
        if headline["committee_review_required"]:
            st.markdown("**" + t("This project goes to the ethics committee for arbitration.")
                        + "**")
        st.markdown(f"**{state.scenario().get('name', '')}**")
        c1, c2, c3 = st.columns(3)
        for column, label, value in zip((c1, c2, c3), (t("Footprint"), t("Avoided"),
                                                       t("Net balance")), (
                result["footprint_kgco2e"]["total"], result["benefits_kgco2e"],
                result["net_kgco2e"])):
            column.metric(label, i18n.kgco2e(value, lang))
        st.markdown(i18n.text(result["rule"], lang))
    elif index == 1:
        _chart("phases", lambda: charts.footprint_vs_benefits(result, lang=lang))
    elif index == 2:
        _chart("cumulative", lambda: charts.cumulative(result, lang=lang))
    elif index == 3:
        details = state.uncertainty_details()
        if block is None or details is None:
            st.markdown(t("No uncertainty computed for this scenario."))
        else:
            _chart("distribution", lambda: charts.net_distribution(details["net"], block,
                                                                   lang=lang))
    else:
        _chart("locations", lambda: charts.locations(
            compare.footprint_by_location(state.scenario()), result["horizon_years"],
            lang=lang))
