"""Router: page configuration, the pages, the sidebar. No formulas here (see calculators/)."""

import streamlit as st

from ui import navigation, sidebar, state

st.set_page_config(page_title="AI environmental balance", page_icon=":material/balance:",
                   layout="wide")
state.init()
page = st.navigation(navigation.st_pages(), position="top")
try:
    page.run()
finally:
    sidebar.render()  # the running balance stays visible even if a page fails
