"""The app's routing, shared by app.py and by the pages' guard.

Streamlit serves a file of ``pages/`` on its own (legacy multipage mode) when the very first
request to a freshly started server names that page, before any session has run app.py's
``st.navigation``: the user would get the page without the app around it. Each page therefore
calls ``ensure_routed()`` first: when it was not started by the router, it runs the router
itself (which then runs the requested page) and stops the stray run.
"""

from __future__ import annotations

import base64
import contextvars
import functools
from pathlib import Path
from typing import Any, Callable

import streamlit as st

from . import auth, browser, language, library, navigation, present, sidebar, state

_ROUTED = contextvars.ContextVar("routed_by_app", default=False)
LANGUAGE_SEEN = "_language_seen"  # the language of the last run
FAVICON = Path(__file__).parent / "assets" / "favicon.png"
# the icon as a data address, read once: given the file, Streamlit reads, checks and stores it
# again at every run of every session (4 % of a rerun, py-spy under bench/bench_server.py)
FAVICON_DATA_URL = "data:image/png;base64," + base64.b64encode(FAVICON.read_bytes()).decode()


_PAGES_KEY = "_st_pages"  # not shown
# A session's server may go away (stopped, replaced): the browser reconnects through the proxy
# to another server, where its new session stays empty until the next click, since Streamlit's
# frontend asks for a run on reconnecting only when a fragment of the page reruns by itself.
# This fragment draws nothing and reruns once an hour: with it, the browser asks for a run as
# soon as it reconnects, and the new session reopens the tab's draft named by the address
# (docs/deploy.md; tests/test_servers.py).
RECONNECT_FRAGMENT_EVERY_S = 3600  # once an hour


@st.fragment(run_every=RECONNECT_FRAGMENT_EVERY_S)
def _run_again_on_reconnect() -> None:
    """Nothing: its being on the page is what counts (see above)."""


def section(draw: Callable[..., None]) -> Callable[..., None]:
    """A part of a page that reruns alone when one of its own widgets changes (st.fragment):
    a click on a chart's tab or the export's format redraws that part, not the whole page
    and its sidebar (bench/bench_server.py measures both). For parts whose widgets change
    nothing outside them; the part receives what the page computed as arguments."""

    @st.fragment
    @functools.wraps(draw)
    def rerun_alone(*args: Any, **kwargs: Any) -> None:
        language.resolve()  # a fragment's rerun does not pass through run()
        draw(*args, **kwargs)

    return rerun_alone


def run() -> None:
    """Page configuration, navigation, then the error banner and sidebar after the page."""
    language.resolve()  # first: every text of this run asks for it
    # the icon is a file of ours: a ":material/...:" icon is fetched from fonts.gstatic.com
    st.set_page_config(page_title=language.t("AI environmental balance"),
                       page_icon=FAVICON_DATA_URL, layout="wide")
    _run_again_on_reconnect()
    first_run = state.SCENARIO not in st.session_state
    state.init()
    lang = language.resolve()  # again: the session's state now holds its choice
    if st.session_state.get(LANGUAGE_SEEN, lang) != lang:
        state.refresh_widgets()  # their options and texts are the other language's
    st.session_state[LANGUAGE_SEEN] = lang
    browser.page_language(lang)
    if not _may_serve():
        st.stop()
    # with a login configured, a visitor without a role is the public: the register only
    public = auth.login_configured() and not auth.actor().roles
    if first_run and not public:
        library.from_query_params()
    presenting = present.active() and not public
    # the st.Page objects, built once per session and language: building them resolves every
    # page's path on disk (12 % of a light rerun, measured with py-spy under bench_server).
    # Per session, not shared: st.navigation marks the page it runs on the object itself.
    pages = st.session_state.setdefault(_PAGES_KEY, {})
    which = (lang, public)
    if which not in pages:
        pages[which] = navigation.st_pages(lang, public=public)
    page = st.navigation(pages[which], position="hidden" if presenting else "top")
    goto = st.session_state.pop(state.GOTO, None)
    if goto and not presenting:
        st.switch_page(goto)  # set by a callback (a new scenario starts at step 1)
    if presenting:
        present.render()
        library.sync_query_params(present=True)
        return
    banner = st.container()  # above the page; filled once the page has applied its edits
    token = _ROUTED.set(True)
    try:
        page.run()
        navigation.step_links(page.url_path, language.current())
    finally:
        _ROUTED.reset(token)
        # both reflect this run's edits, and stay visible even if a page fails
        if public:  # no scenario of its own, nothing kept
            sidebar.render_public()
        else:
            state.render_error_banner(banner)
            sidebar.render()
            library.autosave()
            library.sync_query_params(present=False)


def _served() -> bool:
    """True in a real server (``streamlit run``), False in AppTest (no server: nobody else
    reaches it)."""
    from unittest.mock import NonCallableMock

    from streamlit import runtime
    # AppTest puts a MagicMock(spec=Runtime) in the runtime's place: it passes isinstance
    return runtime.exists() and not isinstance(runtime.get_instance(), NonCallableMock)


def _may_serve() -> bool:
    """Fail closed (``cli.preflight``): a login configuration that cannot be read, or an app
    without a login reachable beyond this machine, opens no page; a declared demonstration
    says so on every page."""
    from streamlit import config

    from cli import preflight
    address = config.get_option("server.address") if _served() else "127.0.0.1"
    try:
        problem, demo = preflight.check(address, login=auth.login_configured())
    except preflight.ConfigurationError as exc:
        problem, demo = preflight.Problem("unreadable", str(exc)), False
    if problem:
        reason = language.t(
            "The login's configuration cannot be read: {detail}. Nothing is served until it "
            "is corrected (a file that cannot be read is never taken as no login).",
            detail=language.plain(problem.detail)) if problem.kind == "unreadable" else \
            language.t("No login is configured, so every visitor would hold every role, and "
                       "this server listens on {address}: listen on 127.0.0.1, configure the "
                       "login, or declare a demonstration (APP_DEMO_NO_LOGIN).",
                       # no address: Streamlit's default, every interface (said in words)
                       address=language.plain(address) if address
                       else language.t("every interface"))
        st.error(language.t("**The app is closed.**") + " " + reason, icon=":material/lock:")
        return False
    if demo:
        st.warning(language.t("**Demonstration**: there is no login, and every visitor holds "
                              "every role (administrator included). Do not enter real "
                              "data."), icon=":material/warning:")
    return True


def page_for(url_path: str) -> str:
    """The page file for ``st.switch_page``."""
    return next(p.path for p in navigation.PAGES if p.url_path == url_path)


def ensure_routed() -> None:
    """Call first in every page: run through the router if Streamlit started the page alone."""
    if not _ROUTED.get():
        run()
        st.stop()
