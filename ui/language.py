"""The language of the interface: French by default, English with the sidebar's switch or
``?lang=en`` in the address (kept there while the user moves between pages).

Pages write their text as ``t("English text {name}", name=value)``: the English is the key of
the French catalogue (``locale/fr/LC_MESSAGES/messages.po``); numbers are formatted the way the
language writes them (1 234,5 in French), by the suffix of the parameter's name as in
``calculators.i18n`` (``_kgco2e``, ``_share``, ``_number``).
"""

from __future__ import annotations

import contextvars
import os
import re
from typing import Any

import streamlit as st

from calculators import i18n
from calculators.i18n import DEFAULT_LANGUAGE, LANGUAGES

KEY = "language"
SWITCH = "language_switch"
NAMES = {"fr": "Français", "en": "English"}  # same in both languages: each in its own


def default() -> str:
    """The server's language: fr, or the APP_LANGUAGE environment variable's (fr or en)."""
    chosen = os.environ.get("APP_LANGUAGE", "")
    return chosen if chosen in LANGUAGES else DEFAULT_LANGUAGE


# The language of the run in progress, resolved once when it starts (ui/router.py): every
# text of a page asks for it, thousands of times on the Library page, and reading the address
# and the session's state each time was a measurable part of a rerun. Each run of a session's
# script sets it anew, in its own thread's context.
_THIS_RUN: contextvars.ContextVar[str | None] = contextvars.ContextVar("language_of_this_run",
                                                                      default=None)


def _chosen() -> str:
    asked = st.query_params.get("lang")
    if asked in LANGUAGES:
        st.session_state[KEY] = asked
    return st.session_state.get(KEY, default())


def resolve() -> str:
    """Resolve this run's language once, at its start; returns it."""
    lang = _chosen()
    _THIS_RUN.set(lang)
    return lang


def current() -> str:
    """fr or en: from the address when it names one, else this session's choice, else the
    server's default (French); resolved once per run when the router has done it."""
    lang = _THIS_RUN.get()
    return lang if lang is not None else _chosen()


def t(english: str, **params: Any) -> str:
    """``english`` in the current language."""
    return i18n.tr(english, current(), **params)


def t_n(singular: str, plural: str, *, count: str, **params: Any) -> str:
    """``t`` for a text with a singular and a plural: ``params[count]`` chooses the form."""
    return i18n.tr_n(singular, plural, current(), count=count, **params)


def say(value: Any) -> str:
    """A sentence built by the calculators (a Message) or a data label, in the current
    language; any other value as its string."""
    if isinstance(value, i18n.Message):
        return i18n.text(value, current())
    return str(value)


def md(value: Any) -> str:
    """``say(value)`` for a Markdown string: the catalogue's own words as written (their bold
    stays bold), every text the message quotes (a name someone typed, a label from a file)
    shown as typed (``plain``): never a link, an image to fetch or a tag."""
    if isinstance(value, i18n.Message):
        return i18n.text(value, current(), escape=plain)
    return plain(value)


_MARKDOWN_CHARACTERS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&])")


def plain(text: Any) -> str:
    """A text someone typed, safe inside a Markdown string: every character Markdown, HTML or
    Streamlit's shortcodes would read is escaped, so it shows as typed (never an image to
    fetch, a link or a tag)."""
    return _MARKDOWN_CHARACTERS.sub(r"\\\1", str(text))


# inside a table cell only inline Markdown applies: emphasis, code, links and images, HTML,
# strike-through, maths, the cell's own "|", entities, and Streamlit's :shortcodes:
_INLINE_CHARACTERS = re.compile(r"([\\`*_\[\]<>~$|&]|:(?=\S))")


def cell(text: Any) -> str:
    """A text someone typed, safe inside a table cell that reads Markdown (st.table): the
    characters inline Markdown or Streamlit's shortcodes would read are escaped, and only
    those, so 'Bilan net (évité moins empreinte)' stays as it is."""
    return _INLINE_CHARACTERS.sub(r"\\\1", str(text))


def labels(options: Any, format_func: Any) -> Any:
    """A widget's ``format_func`` whose labels are written now, in this run's language: the
    widget then keeps the words it was drawn with (a format function called later, after a
    change of language, would not find them among its options)."""
    written = {option: format_func(option) for option in options}
    return written.get


def status(key: str) -> str:
    """A value's status (entered, default, assumption, published...) in words."""
    return i18n.word(i18n.STATUS_WORDS, key, current())


def kg(value_kgco2e: float) -> str:
    """A CO2e mass: 2.8 tCO2e in English, 2,8 tCO2e in French."""
    return i18n.kgco2e(value_kgco2e, current())


def amount(value: float, unit_symbol: str) -> str:
    """Water, metals or primary energy as people read them (``i18n.amount``)."""
    return i18n.amount(value, unit_symbol, current())


def num(value: float, decimals: int | None = None) -> str:
    return i18n.number(value, current(), decimals)


def pct(share: float, significant: bool = False) -> str:
    return i18n.percent(share, current(), significant)


def _switched() -> None:
    chosen = st.session_state.get(SWITCH)
    if chosen in LANGUAGES:
        st.session_state[KEY] = chosen
        # the address wins over the session in current(): it follows the switch at once
        if chosen == default():
            st.query_params.pop("lang", None)
        else:
            st.query_params["lang"] = chosen


def switch() -> None:
    """The sidebar's language switch (its label in both languages, so anyone finds it)."""
    st.session_state[SWITCH] = current()
    st.segmented_control("Langue / Language",  # same in both languages
                         list(LANGUAGES), format_func=NAMES.get, key=SWITCH,
                         on_change=_switched, width="stretch",
                         selection_mode="single")
