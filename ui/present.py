"""Projection mode for committee sessions (``?present=1``, or the sidebar's toggle): no sidebar,
large type, one screen at a time in a fixed order (verdict, footprint against benefits,
cumulative timeline, the water balance, the AI against its non-AI alternative, what decides,
uncertainty, frugality checklist, frugal algorithms, other locations), moved through with Next
and Previous or the keyboard: the arrows and Page Up/Down, which is what a presenter's
clicker sends.

The charts are the app's own builders, enlarged for a room: fonts from 20 to 30 pixels, and
the figure as tall as the screen leaves under the bar of buttons (CSS on the viewport's height:
about 600 pixels at 1280x720, 950 at 1920x1080). Every figure on a screen is in one unit."""

from __future__ import annotations

import math

import streamlit as st

from calculators import compare, frugality, i18n
from calculators.i18n import N_

from report import charts

from . import language, state
from .figures import config as chart_config, show
from .language import t

FLAG = "present_mode"
SLIDE = "present_slide"
FONT_SCALE = 1.5
PROJECTED_LABEL_MIN_PX = 20  # the smallest text a chart draws on a projected screen
SLIDES = (N_("Verdict"), N_("Footprint against benefits"), N_("Over time"),
          N_("Water balance"), N_("AI against its non-AI alternative"),
          N_("What decides the verdict"),
          N_("How sure is it?"), N_("Frugality checklist"), N_("Frugal algorithms"),
          N_("Other locations"))
CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
header[data-testid="stHeader"] { display: none !important; }
[data-testid="stMainBlockContainer"] { padding-top: 1rem; padding-bottom: 0;
  max-width: 100%; }
/* type in proportion to the screen's height: 27 pixels at 720, 40 at 1080 */
[data-testid="stMain"] p, [data-testid="stMain"] li { font-size: max(1.7rem, 3.7vh);
  line-height: 1.35; }
[data-testid="stMetricValue"], [data-testid="stMetricValue"] * {
  font-size: max(3.2rem, 7vh) !important; font-weight: 700; line-height: 1.2 !important; }
[data-testid="stMetricLabel"] p { font-size: max(1.6rem, 3.5vh) !important; }
[data-testid="stMain"] button p { font-size: max(1.4rem, 2.6vh); }
h1 { font-size: max(3rem, 6.6vh) !important; }
/* the figure takes the height the screen leaves under the bar of buttons (a chart drawn with
   height="stretch" measures its box and draws to it) */
[data-testid="stPlotlyChart"] { height: calc(100vh - 6rem - 5vh) !important; }
.st-key-present_alternative [data-testid="stPlotlyChart"] {
  height: calc(100vh - 7rem - 11vh) !important; }
.st-key-present_alternative p { white-space: nowrap; overflow: hidden;
  text-overflow: ellipsis; }  /* one line, whatever its length: the figure stays on screen */
/* ten questions on one screen, at 24 pixels from 720 (was 20.9: too small for a room) */
.st-key-present_checklist th, .st-key-present_checklist td {
  font-size: max(1.5rem, 3.3vh); padding: 0.2vh 0.8rem; line-height: 1.25; }
</style>
"""
# A presenter's clicker sends Page Down/Up (some send the arrows): each press clicks Next or
# Back, unless someone is typing in a field. Installed once a page; the buttons are looked up
# at each press, so the listener does nothing outside projection mode.
KEYS_SCRIPT = """
<script>
(function () {
  if (window.__presentKeys) { return; }
  window.__presentKeys = true;
  const KEYS = {ArrowRight: "next", PageDown: "next", ArrowDown: "next",
                ArrowLeft: "previous", PageUp: "previous", ArrowUp: "previous"};
  document.addEventListener("keydown", function (event) {
    const which = KEYS[event.key];
    const target = event.target || {};
    if (!which || event.altKey || event.ctrlKey || event.metaKey || target.isContentEditable
        || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName)) { return; }
    const button = document.querySelector(".st-key-present_" + which + " button");
    if (!button) { return; }
    event.preventDefault();
    button.click();
  });
})();
</script>
"""
DESCRIPTION_CHARS = 200
TORNADO_ROWS = 4  # the inputs that decide, each with its name above it, legible at 720 pixels
ANSWER_STYLES = {"answer_yes": ("green", ":material/check_circle:"),
                 "answer_no": ("red", ":material/cancel:"),
                 "answer_unknown": ("orange", ":material/help:"),
                 "answer_not_answered": ("gray", ":material/remove:")}


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
    """The figure with fonts scaled by FONT_SCALE, its height left to the screen (CSS), and
    above the plot only the room its title and legend take."""
    layout = fig.layout
    base = (layout.font.size or charts.BASE_FONT_PX) * FONT_SCALE
    title_px = (layout.title.font.size or charts.TITLE_FONT_PX) * FONT_SCALE
    entries = sum(trace.showlegend is not False for trace in fig.data) \
        if layout.showlegend is not False else 0
    legend_rows = math.ceil(entries / 3) if entries > 1 else 0  # three names a row
    fig.update_layout(font_size=base, height=None, title_font_size=title_px,
                      legend_font_size=base,
                      margin_t=title_px * 2.2 + legend_rows * base * 1.8)
    for annotation in layout.annotations or ():
        annotation.font.size = (annotation.font.size or charts.BASE_FONT_PX) * FONT_SCALE
    fig.update_traces(textfont_size=base, selector={"type": "bar"})
    # a label inside a bar is drawn at 20 pixels or more, or not at all (its value is in the
    # totals beside the bars and in the page's table): plotly shrinks a label to fit its bar
    # (17.9 pixels measured at 1920x1080 in November)
    fig.update_layout(uniformtext={"minsize": PROJECTED_LABEL_MIN_PX, "mode": "hide"})
    return fig


def _chart(name: str, build) -> None:
    # kept per language: a switch of ?lang= draws the figure again
    # the text alternative for screen readers; no table on a projected screen (the page's
    # has it, one click away)
    show(state.memo(f"present_{name}_{language.current()}", lambda: enlarge(build())),
         table=False, height="stretch", config=dict(chart_config(), displayModeBar=False))


def _verdict(result, block) -> None:
    headline = block or result
    box = {"positive": st.success, "negative": st.error, "uncertain": st.warning,
           "incomplete": st.info}[headline["verdict"]]
    words = i18n.text(i18n.VERDICT_HEADLINES[headline["verdict"]], language.current())
    box(f"# {words.upper()}" + (
        "\n\n" + t("The convention's rule is met in {met_share} of the simulations.",
                   met_share=block["probability_rule_met"]) if block else ""))
    if headline["verdict"] == "incomplete":
        st.markdown("\n".join(f"- {language.md(m['text'])}"
                               for m in result["to_complete"]))
    if result["rests_on"]:
        st.markdown("\n".join(f"- {language.md(r['text'])}"
                               for r in result["rests_on"]))
    if headline["committee_review_required"]:
        st.markdown("**" + t("This project goes to the ethics committee for arbitration.")
                    + "**")
    st.markdown(f"**{language.plain(state.scenario().get('name', ''))}**")
    values = (result["footprint_kgco2e"]["total"], result["benefits_kgco2e"],
              result["net_kgco2e"])
    shown = i18n.kgco2e_together(list(values), language.current())  # one unit on the screen
    for column, label, text in zip(st.columns(3), (t("Footprint"), t("Avoided"),
                                                   t("Net balance")), shown, strict=True):
        column.metric(label, text)
    st.markdown(language.md(result["rule"]))


def _alternative(result) -> None:
    if result["alternative"] is None:
        st.warning(t("No non-AI alternative was described. The convention asks that AI be used "
                     "only when no less-impacting non-AI solution exists: describe one on the "
                     "Project page, or say why there is none."), icon=":material/help:")
        return
    with st.container(key="present_alternative"):
        description = result["alternative"]["description"]
        if len(description) > DESCRIPTION_CHARS:
            description = description[:DESCRIPTION_CHARS - 1].rstrip() + "…"
        st.markdown(t("**Non-AI alternative:** {description}",
                      description=language.plain(description)))
        _chart("alternative", lambda: charts.ai_against_alternative(
            result, lang=language.current()))


def _water(result) -> None:
    """The water balance, with a flag when a criterion worsens beyond the committee's
    threshold (metals and primary energy are on the verdict page)."""
    if result["significant_harm"]:
        st.markdown(":orange[:material/report: **" + t("Significant harm flagged") + "**]")
    _chart("water", lambda: charts.water_balance(result, lang=language.current()))


def _checklist(result, group: str) -> None:
    """One group of the checklist (the convention's, or frugal algorithms) as a table of two
    columns: the question, then its answer in colour and with an icon (colour is never
    alone)."""
    rows = [f"| {i18n.capital(t('question'))} | {i18n.capital(t('answer'))} |", "|:--|:--|"]
    keys = {q.key for q in frugality.QUESTIONS if q.group == group}
    for item in result["frugality"]:
        if item["key"] not in keys:
            continue
        colour, icon = ANSWER_STYLES.get(getattr(item["answer"], "code", ""), ("gray", ""))
        rows.append(f"| {language.say(item['question'])} | "
                    f":{colour}[{icon} **{language.say(item['answer'])}**] |")
    with st.container(key="present_checklist"):
        st.markdown("\n".join(rows))


def render() -> None:
    """The current slide, with the buttons to move and to leave."""
    st.markdown(CSS, unsafe_allow_html=True)
    st.html(KEYS_SCRIPT, unsafe_allow_javascript=True)
    lang = language.current()
    index = st.session_state.get(SLIDE, 0) % len(SLIDES)
    result = state.result_to_show()
    left, middle, right, leave_col = st.columns([1, 5, 1, 1], vertical_alignment="center")
    left.button(t("Back"), icon=":material/arrow_back:", on_click=_move, args=(-1,),
                key="present_previous", width="stretch",
                help=t("Previous screen (left arrow or Page Up)"))
    middle.markdown(f"**{index + 1} / {len(SLIDES)} · {t(SLIDES[index])}**",
                    help=language.plain(state.scenario().get("name", "")))
    right.button(t("Next"), icon=":material/arrow_forward:", on_click=_move, args=(1,),
                 key="present_next", width="stretch",
                 help=t("Next screen (right arrow or Page Down)"))
    leave_col.button(t("Exit"), icon=":material/close_fullscreen:", on_click=leave,
                     key="present_leave", width="stretch", help=t("Leave projection mode"))
    if result is None:
        st.error(t("This scenario has an error: leave projection mode to fix it."))
        return
    if result["missing"]:
        st.info(t("**Not enough to draw the balance yet.**") + "\n\n" + "\n".join(
            f"- {language.say(m)}" for m in result["missing"]))
        return
    block = state.uncertainty()
    slide = SLIDES[index]
    if slide == "Verdict":
        _verdict(result, block)
    elif slide == "Footprint against benefits":
        _chart("phases", lambda: charts.footprint_vs_benefits(result, lang=lang))
    elif slide == "Over time":
        _chart("cumulative", lambda: charts.cumulative(result, lang=lang))
    elif slide == "Water balance":
        _water(result)
    elif slide == "AI against its non-AI alternative":
        _alternative(result)
    elif slide == "What decides the verdict":
        if block is None or not block["drivers"]:
            st.markdown(t("No uncertain input: every value is exact."))
        else:
            _chart("tornado", lambda: charts.tornado(block["drivers"], result["net_kgco2e"],
                                                     lang=lang, rows=TORNADO_ROWS,
                                                     labels_above=True))
    elif slide == "How sure is it?":
        if block is None:
            st.markdown(t("No uncertainty computed for this scenario."))
        else:
            _chart("distribution", lambda: charts.net_distribution(state.uncertainty_net(),
                                                                   block, lang=lang))
    elif slide == "Frugality checklist":
        _checklist(result, "convention")
    elif slide == "Frugal algorithms":
        _checklist(result, "algorithms")
    else:
        _chart("locations", lambda: charts.locations(
            compare.footprint_by_location(state.scenario()), result["horizon_years"],
            lang=lang))
