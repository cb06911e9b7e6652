"""Accessibility and ecodesign: the tool's accessibility statement (RGAA's model: its
compliance status, what is not accessible, how to report a problem, the legal recourse) and its
ecodesign statement (RGESN 2024), from docs/, in the reader's language; linked from every
page's sidebar, open to every visitor (the public register's too)."""

import os

import streamlit as st

from ui import language, router
from ui.language import t
from ui.navigation import ROOT

router.ensure_routed()

# each statement's file in each language (the French texts are the statements)
FILES = {"fr": ("accessibilite.md", "ecoconception.md"),
         "en": ("accessibility.md", "ecodesign.md")}


def _body(name: str) -> str:
    """A statement's Markdown, without its first heading (its tab names it)."""
    text = (ROOT / "docs" / name).read_text(encoding="utf-8")
    return text.split("\n", 1)[1] if text.startswith("# ") else text


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
    accessibility, ecodesign = FILES.get(lang, FILES["en"])
    tab1, tab2 = st.tabs([t("Accessibility statement"), t("Ecodesign statement")])
    tab1.markdown(_body(accessibility))
    tab2.markdown(_body(ecodesign))


page()
