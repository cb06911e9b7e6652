"""The app's one connection to the library's database, below every other part of ``ui/``: the
library opened once per server and database, its engine, and the committee's side of it (whose
server also keeps the public register's files published). ``ui.auth`` (the roles are in the
database), ``ui.library`` and ``ui.committee`` read them here, so none of them imports another
to reach the database (they made a cycle of four modules with ``ui.state``)."""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING

import streamlit as st

from report import published
from store import Library, LibraryUnavailable, configured_url, open_library
from store.committee import Committee

from . import language
from .language import say

if TYPE_CHECKING:  # the engine's type; the store makes it
    from sqlalchemy import Engine

_log = logging.getLogger(__name__)


@st.cache_resource(show_spinner=False)
def _open(url: str) -> Library:
    library = open_library(url)
    library.forget_old_drafts()  # once per server process and database
    # today's figures of every scenario, kept in the library, computed in the background once
    # per server: after a new data version, the Portfolio finds them rather than computing a
    # thousand projects on a click
    library.keep_latest_figures_in_background()
    return library


def opened() -> tuple[Library | None, str | None]:
    """(the library, None), or (None, why it is unavailable), for this server's database."""
    try:
        return _open(configured_url()), None
    except LibraryUnavailable as exc:
        return None, say(exc.args[0])


def engine() -> Engine | None:
    """The library's database engine (the committee's tables are there), or None when the
    library is unavailable."""
    library, _ = opened()
    return None if library is None else library.engine


def committee() -> Committee | None:
    """The committee's side of the library, or None when the library is unavailable (the
    caller says so)."""
    found = engine()
    return None if found is None else _committee(found.url.render_as_string(), found)


@st.cache_resource(show_spinner=False)
def _committee(url: str, _engine: Engine) -> Committee:
    # one per database (``url``, hashed by Streamlit as the key, never shown), not one for
    # the first engine asked (an argument named with "_" is not part of the key): a process
    # that opens another database reads that one
    found = Committee(_engine)
    # the public register's files kept up to date by this server (APP_REGISTER_WATCH_S
    # seconds between checks, 60 by default; 0: only when the register's page is opened or
    # the committee acts here)
    every_s = seconds(os.environ.get("APP_REGISTER_WATCH_S", "60"), "APP_REGISTER_WATCH_S",
                       60.0)
    if every_s:
        published.watch(found, published.folder_for(url), every_s,
                        home_language=language.default(), dossiers=dossiers_on())
    return found


def seconds(text: str, name: str, default: float) -> float:
    """A number of seconds from the environment variable ``name`` (0 for none, negative or
    not finite); its default, said in the log, when it is not a number."""
    try:
        value = float(text)
    except ValueError:
        _log.warning("%s must be a number of seconds; got %r: %s",  # not shown: the log
                     name, text[:40], default)
        return default
    return value if 0 < value < float("inf") else 0.0


def dossiers_on() -> bool:
    """Whether the register's dossiers are written in the background (APP_REGISTER_DOSSIERS,
    on unless "0": a few seconds of Chromium each)."""
    return os.environ.get("APP_REGISTER_DOSSIERS", "1") != "0"


