"""Benchmark baseline app: the same frame as app.py (page configuration, the page's language
script, top navigation, a slot above the page, the sidebar's widgets) around
bench/bare_verdict_page.py, with nothing computed. See bench/bench_app.py."""

import sys
from pathlib import Path

import streamlit as st

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from ui.browser import page_language  # noqa: E402  (the same element: a script in the page)

st.set_page_config(page_title="bare", layout="wide")
page_language("en")
page = st.navigation([st.Page(HERE / "bare_verdict_page.py", title="7. Verdict", default=True)],
                     position="top")
banner = st.container()
page.run()
with st.sidebar:
    st.segmented_control("Language", ["fr", "en"], key="language_switch", width="stretch")
    st.divider()
    st.markdown("**Leak detection on the drinking-water network**")
    st.markdown(":material/check_circle: **Positive balance**")
    st.markdown("Footprint: **2.8 tCO2e**  \nAvoided: **262.5 tCO2e**  \nNet balance: "
                "**259.7 tCO2e**  \nover 6 years")
    st.caption("Not saved in the library yet.")
    with st.popover("Save to the library", width="stretch", key="save_box", on_change="rerun"):
        for label in ("Scenario name", "Project", "Your name"):
            st.text_input(label, key=f"save_{label}")
        st.text_area("What changed", key="save_comment")
        st.button("Save", key="save_button", width="stretch")
    st.divider()
    st.button("Projection mode", width="stretch", key="present_enter")
    st.button("New empty scenario", width="stretch", key="new_scenario")
    st.selectbox("Example", ["a", "b", "c", "d"], key="example_choice")
    st.button("Load this example", width="stretch", key="load_example")
    st.file_uploader("Load a scenario file (.json)", type=["json"], key="uploader_0")
