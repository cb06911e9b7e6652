"""The sidebar on every page: the running verdict and figures, and the scenario controls
(new, example, upload). Rendered after the page, so it reflects this run's edits; the controls
act through callbacks, which run before the next page is drawn."""

from __future__ import annotations

import streamlit as st

from calculators.balance import format_kgco2e

from . import library, present, state

UPLOAD_NONCE = "upload_nonce"
VERDICT_BADGES = {"positive": (":material/check_circle:", "Positive balance"),
                  "negative": (":material/cancel:", "Negative balance"),
                  "uncertain": (":material/help:", "Uncertain balance")}


def verdict_text(result: dict) -> str:
    """Icon and words for a verdict (a result, or its uncertainty block)."""
    icon, words = VERDICT_BADGES[result["verdict"]]
    text = f"{icon} **{words}**"
    if "probability_rule_met" in result:
        text += f" (rule met in {result['probability_rule_met']:.0%} of simulations)"
    if result["committee_review_required"]:
        text += "  \n:material/gavel: **Ethics committee review required**"
    return text


def _new() -> None:
    state.replace(state.EMPTY_SCENARIO, ("success", "New empty scenario."))


def _example() -> None:
    name = st.session_state.get("example_choice")
    if name:
        example = state.read_example(name)
        state.replace(example, ("success", f"Loaded the example: {example['name']}"))


def _upload() -> None:
    upload_key = f"uploader_{st.session_state.get(UPLOAD_NONCE, 0)}"
    uploaded = st.session_state.get(upload_key)
    if uploaded is None:
        return
    state.apply_upload(uploaded.getvalue(), uploaded.name)
    # a fresh uploader for the next file (the same file can be chosen again)
    st.session_state[UPLOAD_NONCE] = st.session_state.get(UPLOAD_NONCE, 0) + 1


def render() -> None:
    result, error, last_valid = state.current()
    with st.sidebar:
        st.divider()
        st.markdown(f"**{state.scenario().get('name') or 'Unnamed project'}**")
        shown = result or last_valid
        if error:
            st.error(f"Error in the scenario: {error}", icon=":material/warning:")
        analysis = None if error else state.uncertainty()
        if shown:
            st.markdown(verdict_text(analysis if analysis else shown)
                        + ("  \n*(last valid version)*" if error else ""))
            st.markdown(
                f"Footprint: **{format_kgco2e(shown['footprint_kgco2e']['total'])}**  \n"
                f"Avoided: **{format_kgco2e(shown['benefits_kgco2e'])}**  \n"
                f"Net balance: **{format_kgco2e(shown['net_kgco2e'])}**  \n"
                f"over {shown['horizon_years']:g} years")
        library.render_save_box()
        st.divider()
        message = state.pop_message()
        if message:
            kind, text = message
            (st.success if kind == "success" else st.error)(text)
        st.button("Projection mode", on_click=present.enter, width="stretch",
                  key="present_enter", icon=":material/slideshow:",
                  help="For a committee session: large type, no sidebar, one figure a screen "
                       "with Next and Previous. The link with ?present=1 opens it directly.")
        st.button("New empty scenario", on_click=_new, width="stretch", key="new_scenario",
                  help="Start from a blank scenario (the current one is replaced: download it "
                       "first from the Balance page to keep it).")
        names = state.example_names()
        st.selectbox("Example", list(names), format_func=names.get, key="example_choice",
                     help="Worked examples for a metropolitan authority (illustrative figures).")
        st.button("Load this example", on_click=_example, width="stretch", key="load_example")
        st.file_uploader("Load a scenario file (.json)", type=["json"],
                         key=f"uploader_{st.session_state.get(UPLOAD_NONCE, 0)}",
                         on_change=_upload,
                         help="A scenario saved from this tool (Balance page, 'Download the "
                              "scenario'). A file with an error is refused and your current "
                              "scenario is kept.")
