"""The app's side of the ethics committee: who is acting, the opinion on the version open, and
an opinion shown in words. The rights themselves are checked in ``store.committee``.

Without a login configured, the person using the app acts alone, with every role, and the
Committee page says so (``ui.auth``). The public register reads only what
``Committee.register`` returns."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import Any, Callable
import logging

import streamlit as st

from calculators import i18n
from report import published
from report.committee import opinion_words
from store import StoreFailure

from . import language
from . import library as library_ui
from . import tables
from .connection import committee, dossiers_on, seconds  # noqa: F401 (committee: the pages')
from .language import current, plain, t

_log = logging.getLogger(__name__)
DECISION_ICONS = {"favourable": ":material/check_circle:",
                  "favourable_with_conditions": ":material/rule:",
                  "unfavourable": ":material/cancel:",
                  "postponed": ":material/pending:"}


def decision(key: str) -> str:
    return i18n.word(i18n.DECISION_WORDS, key, current())


def show_opinion(opinion: dict[str, Any], *, heading: str) -> None:
    """An opinion as the register, the Committee page and the verdict page show it: the
    decision, the session, who took part, the vote, the conditions or the information asked,
    and the reasons (the committee's own words, shown as typed)."""
    words = opinion_words(opinion, current())
    box = {"favourable": st.success, "favourable_with_conditions": st.info,
           "unfavourable": st.error, "postponed": st.warning}[opinion["decision"]]
    box(t("**{heading}: {decision}.** {session}; {vote}.", heading=heading,
          decision=words["decision"], session=plain(words["session"]),
          vote=words["vote"]), icon=DECISION_ICONS[opinion["decision"]])
    if words["conditions"]:
        st.markdown(t("**Conditions:**") + "\n" + "\n".join(
            f"{n}. {plain(c)}" for n, c in enumerate(words["conditions"], 1)))
    if words["information_requested"]:
        st.markdown(t("**Information requested:** {text}",
                      text=plain(words["information_requested"])))
    if words["reasons"]:
        st.markdown(t("**Reasons:** {text}", text=plain(words["reasons"])))
    if words["participants"]:
        st.caption(t("Taking part: {names}", names=plain(words["participants"])))
    st.caption(plain(words["recorded"]))


def on_verdict_page() -> None:
    """On the verdict page of a saved version, unchanged: the committee's opinion in force on
    it, or that it awaits one. Nothing for a draft."""
    link = library_ui.link()
    if link is None or library_ui.modified():
        return
    found = committee()
    if found is None:
        return
    try:
        opinion = found.opinion_in_force(link["entry_id"], link["version"])
        pending = None if opinion else found.pending(link["entry_id"], link["version"])
    except StoreFailure:
        return  # the verdict stands without it; the library pages say what failed
    if opinion:
        with st.container(border=True):
            show_opinion(opinion, heading=t("Ethics committee's opinion on version {version}",
                                            version=link["version"]))
    elif pending:
        st.info(t("Version {version} was submitted to the ethics committee on {day}; its "
                  "opinion is not published yet.", version=link["version"],
                  day=tables.when(pending["submitted_at"])), icon=":material/gavel:")


def opinion_of_saved() -> dict[str, Any] | None:
    """The published opinion on the saved version open (for the dossier's annex), or None."""
    link = library_ui.link()
    found = committee()
    if link is None or found is None or library_ui.modified():
        return None
    try:
        return found.opinion_in_force(link["entry_id"], link["version"])
    except StoreFailure:
        return None


# -- the public register, as published (report.published) ---------------------------------

# per published folder: (the manifest file's modification time, the manifest); and what a page
# makes of a manifest, per (folder, publication, language): the table, the open data's bytes.
# Shared by every session of this server: a visitor reads them, never computes them.
_MANIFESTS: dict[Path, tuple[int, dict[str, Any]]] = {}
_MADE: dict[tuple, Any] = {}
_MADE_KEPT = 16
_LOCK = threading.Lock()


def register_folder() -> Path | None:
    """Where this server's library publishes its register, or None without a library."""
    engine = library_ui.engine()
    return None if engine is None else published.folder_for(
        engine.url.render_as_string(hide_password=False))


def published_register() -> tuple[dict[str, Any], Path] | None:
    """The register as last published, and its folder; published first when what it shows
    changed (a version submitted or an opinion published by any server, a new data version:
    ``published.fingerprint``, two small queries, asked at most once in
    ``APP_REGISTER_CHECK_S`` seconds, 2 by default, for every visitor of this server: a crowd
    does not query the database once each). None when the library is unavailable (the caller
    says so)."""
    found, folder = committee(), register_folder()
    if found is None or folder is None:
        return None
    manifest = _manifest(folder)
    now = time.monotonic()
    if manifest is None or now - _CHECKED.get(folder, -float("inf")) >= _check_every_s():
        stamp = published.fingerprint(found)
        _CHECKED[folder] = now
        if manifest is None or manifest["fingerprint"] != stamp:
            published.publish(found, folder, home_language=language.default(),
                              dossiers=dossiers_on())
            manifest = _manifest(folder)
    return (manifest, folder) if manifest is not None else None


_CHECKED: dict[Path, float] = {}  # per folder: when the database was last asked


def _check_every_s() -> float:
    return seconds(os.environ.get("APP_REGISTER_CHECK_S", "2"), "APP_REGISTER_CHECK_S", 2.0)


def register_address() -> str:
    """Where the deployment's proxy serves the published register (``published.address``)."""
    return published.address()


def publish_register() -> bool:
    """Publish the register now (after a submission or an opinion: the files the proxy serves
    follow at once, not at the next visit of the app's page). False when it could not be
    written (logged; the register's page says why and publishes at its next visit)."""
    found, folder = committee(), register_folder()
    if found is None or folder is None:
        return False
    try:
        published.publish(found, folder, home_language=language.default(),
                          dossiers=dossiers_on())
    except (OSError, StoreFailure):
        _log.exception("the public register could not be published in %s",  # not shown: log
                       folder)
        return False
    return True


def _manifest(folder: Path) -> dict[str, Any] | None:
    """The folder's manifest, read again only when its file changed (the dossiers' worker,
    another server)."""
    try:
        changed = (folder / published.MANIFEST).stat().st_mtime_ns
    except OSError:
        return None
    kept = _MANIFESTS.get(folder)
    if kept is not None and kept[0] == changed:
        return kept[1]
    manifest = published.read_manifest(folder)
    if manifest is not None:
        with _LOCK:
            _MANIFESTS[folder] = (changed, manifest)
    return manifest


def made_once(key: tuple, make: Callable[[], Any]) -> Any:
    """``make()``, once per ``key`` for every session of this server (the few latest kept)."""
    with _LOCK:
        if key in _MADE:
            return _MADE[key]
    value = make()
    with _LOCK:
        if len(_MADE) >= _MADE_KEPT:
            _MADE.pop(next(iter(_MADE)))
        _MADE[key] = value
    return value
