"""The language of what the ethics committee sees: projection mode and the dossier. French by
default; ``?lang=en`` in the address gives English. (The pages themselves are still in
English: their translation is the next step of issue 7.)"""

from __future__ import annotations

import streamlit as st

from calculators.i18n import DEFAULT_LANGUAGE, LANGUAGES

KEY = "committee_language"


def current() -> str:
    """fr or en: from the address when it names one, else this session's choice, else fr."""
    asked = st.query_params.get("lang")
    if asked in LANGUAGES:
        st.session_state[KEY] = asked
    return st.session_state.get(KEY, DEFAULT_LANGUAGE)
