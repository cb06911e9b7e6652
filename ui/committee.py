"""The app's side of the ethics committee: who is acting, the opinion on the version open, and
an opinion shown in words. The rights themselves are checked in ``store.committee``.

Without a login configured, the person using the app acts alone, with every role, and the
Committee page says so (``ui.auth``). The public register reads only what
``Committee.register`` returns."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
import streamlit as st

from calculators import i18n
from report.committee import opinion_words
from store.committee import Actor, Committee

from . import library as library_ui
from . import tables
from .language import current, plain, t

DECISION_ICONS = {"favourable": ":material/check_circle:",
                  "favourable_with_conditions": ":material/rule:",
                  "unfavourable": ":material/cancel:",
                  "postponed": ":material/pending:"}


def committee() -> Committee | None:
    """The committee's side of the library, or None when the library is unavailable (the
    caller says so)."""
    engine = library_ui.engine()
    return None if engine is None else _committee(engine.url.render_as_string(), engine)


@st.cache_resource(show_spinner=False)
def _committee(url: str, _engine: sa.Engine) -> Committee:
    # one per database (``url``, hashed by Streamlit as the key, never shown), not one for
    # the first engine asked (an argument named with "_" is not part of the key): a process
    # that opens another database reads that one
    return Committee(_engine)


def actor() -> Actor:
    """Who acts in this session (``ui.auth.actor``)."""
    from . import auth

    return auth.actor()


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
    except sa.exc.SQLAlchemyError:
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
    except sa.exc.SQLAlchemyError:
        return None


# the public register's files, kept per content (what was submitted and published) and data
# version, for every visitor of this server: given with the page (a download's callable is
# dropped when its button is drawn again, and a click during a rerun spun for ever), written
# once per change, not at every visit
_REGISTER_FILES: dict[tuple, tuple[bytes, bytes]] = {}
_REGISTER_FILES_KEPT = 8


def register_files(rows: list[dict[str, Any]]) -> tuple[bytes, bytes]:
    """(CSV, JSON) of the register ``rows`` (``Committee.register``), made when its content
    last changed; the JSON's generated_at says when."""
    from datetime import datetime, timezone

    from calculators import refdata
    from report.committee import register_csv, register_json

    def opinion_key(opinion: dict[str, Any] | None) -> tuple:
        return (opinion.get("id"), str(opinion.get("published_at"))) if opinion else ()

    key = (refdata.data_version(), tuple(
        (r["id"], r["version"], opinion_key(r["opinion"]),
         tuple(opinion_key(o) for o in r["earlier_opinions"])) for r in rows))
    if key not in _REGISTER_FILES:
        if len(_REGISTER_FILES) >= _REGISTER_FILES_KEPT:
            _REGISTER_FILES.pop(next(iter(_REGISTER_FILES)))
        stamp = datetime.now(timezone.utc).isoformat(timespec="seconds")
        _REGISTER_FILES[key] = (register_csv(rows), register_json(rows, stamp))
    return _REGISTER_FILES[key]
