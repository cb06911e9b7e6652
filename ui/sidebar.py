"""The sidebar on every page: the running verdict and figures, and the scenario controls
(new, example, upload). Rendered after the page, so it reflects this run's edits; the controls
act through callbacks, which run before the next page is drawn."""

from __future__ import annotations

import streamlit as st

from . import language, library, present, state
from .language import kg, t

UPLOAD_NONCE = "upload_nonce"
VERDICT_ICONS = {"positive": ":material/check_circle:", "negative": ":material/cancel:",
                 "uncertain": ":material/help:"}


def verdict_words(verdict: str) -> str:
    return {"positive": t("Positive balance"), "negative": t("Negative balance"),
            "uncertain": t("Uncertain balance")}[verdict]


def verdict_text(result: dict) -> str:
    """Icon and words for a verdict (a result, or its uncertainty block)."""
    text = f"{VERDICT_ICONS[result['verdict']]} **{verdict_words(result['verdict'])}**"
    if "probability_rule_met" in result:
        text += " " + t("(rule met in {met_share} of simulations)",
                        met_share=result["probability_rule_met"])
    if result["committee_review_required"]:
        text += "  \n:material/gavel: **" + t("Ethics committee review required") + "**"
    return text


def _new() -> None:
    state.replace(state.empty_scenario(), ("success", t("New empty scenario.")))


def _example() -> None:
    name = st.session_state.get("example_choice")
    if name:
        example = state.read_example(name)
        state.replace(example, ("success", t("Loaded the example: {name}", name=example["name"])))


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
        language.switch()
        st.divider()
        st.markdown(f"**{state.scenario().get('name') or t('Unnamed project')}**")
        shown = result or last_valid
        if error:
            st.error(t("Error in the scenario: {error}", error=error), icon=":material/warning:")
        analysis = None if error else state.uncertainty()
        if shown:
            st.markdown(verdict_text(analysis if analysis else shown)
                        + ("  \n*" + t("(last valid version)") + "*" if error else ""))
            st.markdown(t("Footprint: **{footprint}**  \nAvoided: **{avoided}**  \nNet "
                          "balance: **{net}**  \nover {years_number} years",
                          footprint=kg(shown["footprint_kgco2e"]["total"]),
                          avoided=kg(shown["benefits_kgco2e"]), net=kg(shown["net_kgco2e"]),
                          years_number=shown["horizon_years"]))
        library.render_save_box()
        st.divider()
        message = state.pop_message()
        if message:
            kind, text = message
            (st.success if kind == "success" else st.error)(text)
        st.button(t("Projection mode"), on_click=present.enter, width="stretch",
                  key="present_enter", icon=":material/slideshow:",
                  help=t("For a committee session: large type, no sidebar, one figure a screen "
                         "with Next and Previous. The link with ?present=1 opens it directly."))
        st.button(t("New empty scenario"), on_click=_new, width="stretch", key="new_scenario",
                  help=t("Start from a blank scenario (the current one is replaced: save it in "
                         "the library or download it first from the Verdict page to keep it)."))
        names = state.example_names()
        st.selectbox(t("Example"), list(names), format_func=names.get, key="example_choice",
                     help=t("Worked examples for a metropolitan authority (illustrative "
                            "figures)."))
        st.button(t("Load this example"), on_click=_example, width="stretch",
                  key="load_example")
        st.file_uploader(t("Load a scenario file (.json)"), type=["json"],
                         key=f"uploader_{st.session_state.get(UPLOAD_NONCE, 0)}",
                         on_change=_upload,
                         help=t("A scenario saved from this tool (Verdict page, 'Download the "
                                "scenario'). A file with an error is refused and your current "
                                "scenario is kept."))
