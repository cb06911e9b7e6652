"""Accessibility and ecodesign: the tool's accessibility statement (RGAA's model: its
compliance status, what is not accessible, how to report a problem, the legal recourse) and its
ecodesign statement (RGESN 2024), from docs/, in the reader's language; linked from every
page's sidebar, open to every visitor (the public register's too)."""

import os

import streamlit as st

from ui import language, method, router
from ui.language import t

router.ensure_routed()


def page() -> None:
    lang = language.current()
    st.title(t("Accessibility and ecodesign"))
    contact = os.environ.get("APP_ACCESSIBILITY_CONTACT", "").strip()
    if contact:  # the deployment's own words: shown as text
        st.markdown(t("**Accessibility: not compliant.** To report a problem or ask for a "
                      "content in another form: {contact}", contact=language.plain(contact)))
    else:
        st.info(t("**Accessibility: not compliant.** The authority that runs this tool has not "
                  "given a contact yet (APP_ACCESSIBILITY_CONTACT): ask its digital services."),
                icon=":material/info:")
    accessibility, ecodesign = method.statements(lang)
    tab1, tab2 = st.tabs([t("Accessibility statement"), t("Ecodesign statement")])
    tab1.markdown(accessibility)  # our own documents
    tab2.markdown(ecodesign)


page()
