"""Who is using the app: the authority's login (Streamlit's ``st.login``, OpenID Connect), or no
login at all.

- No ``[auth]`` section in ``.streamlit/secrets.toml``: the app runs for one person on their
  own machine, who holds every role (``store.committee.local_actor``); the Committee page says
  so. ``make run`` works this way with nothing to configure.
- ``[auth]`` set (ProConnect, a Keycloak or an Entra ID of the authority: any OpenID Connect
  provider Streamlit's login reads): a visitor who is not logged in is the public and sees the
  public register only; a person logged in holds the roles an administrator gave them
  (``Committee.roles_of``, by their login's e-mail when the provider says it is verified,
  else by the provider's issuer and subject: ``subject``), and the
  administrators listed in ``[app] administrators`` hold the administrator role from their
  first login (someone has to give the first roles).
"""

from __future__ import annotations

import logging
from typing import Any

import streamlit as st

from store import StoreFailure
from store.committee import ADMIN, PUBLIC, Actor, local_actor

from . import connection

_log = logging.getLogger(__name__)

# Without a login: the name the person typed, once, kept for the session (a plain entry of
# the session's state: a widget's own value goes when its field is not drawn). It signs every
# act; with none, acts are refused (store.committee.require_signed), never signed "local".
NAME = "library_author"


def typed_name() -> str:
    """The name typed in this session (no login), or ""."""
    return str(st.session_state.get(NAME) or "").strip()[:200]


def name_field(key: str) -> None:
    """Without a login, "Your name" where an act is made (the save box, the committee, the
    yearly results): every such field shows the one name of the session and changes it."""
    if login_configured():
        return
    from .language import t

    st.text_input(t("Your name"), value=typed_name(), key=key, max_chars=200,
                  on_change=_keep_name, args=(key,),
                  placeholder=t("e.g. Claire Martin, energy department"),
                  help=t("Signs what you do in this session (versions saved, submissions, "
                         "opinions, results): typed once, kept while the page stays open."))


def _keep_name(key: str) -> None:
    st.session_state[NAME] = str(st.session_state.get(key) or "").strip()[:200]


def login_configured() -> bool:
    """True when the secrets hold an ``[auth]`` section (the login is then required for
    anything but the public register). A secrets file that cannot be read raises
    ``preflight.ConfigurationError``: it is never taken for "no login" (which would give
    every visitor every role); the router closes every page first."""
    from streamlit.errors import StreamlitSecretNotFoundError

    from cli import preflight
    paths = preflight.secrets_files()
    problem = preflight.secrets_problem(paths)
    if problem:
        raise preflight.ConfigurationError(problem)
    if getattr(st.secrets, "_secrets", None) is None and not preflight.secrets_present(paths):
        # nothing read and no file at all (one person on their own machine): Streamlit would
        # look for the files again at every question
        return False
    try:
        return "auth" in st.secrets
    except StreamlitSecretNotFoundError as exc:
        if getattr(exc, "error_id", None) == "no-secrets-found":
            return False  # no file at all: one person on their own machine
        raise preflight.ConfigurationError(str(exc)) from exc


def _administrators() -> set[str]:
    try:
        listed = st.secrets.get("app", {}).get("administrators", [])
    except Exception:  # noqa: BLE001 - secrets Streamlit cannot read: nobody named
        return set()
    return {str(a).strip().lower() for a in listed if str(a).strip()} \
        if isinstance(listed, (list, tuple)) else set()


def _claim(name: str) -> Any:
    try:
        return st.user.get(name)
    except Exception:  # noqa: BLE001 - no login context (a bare run, a test): no claim
        return None


def logged_in() -> bool:
    """True when the browser's login cookie names someone and the server still holds that
    login (``store.sessions``): not logged out anywhere, not expired. A copied cookie after a
    logout, or a login over its hours, is nobody: the public."""
    try:
        cookie = bool(st.user.is_logged_in)
    except Exception:  # noqa: BLE001 - no login context (a bare run, a test): nobody
        return False
    return cookie and session_active()


SESSION_CHECKED = "_login_session_checked"  # (monotonic time, login key, active)
SESSION_RECHECK_S = 2.0  # a run asks several times; another browser's logout counts within 2 s


def _login_key() -> str:
    from store import sessions
    return sessions.key({name: _claim(name) for name in ("iss", "sub", "iat", "nonce")})


def _session_hours() -> float:
    from store import sessions
    try:
        hours = float(st.secrets.get("app", {}).get("session_hours", sessions.DEFAULT_HOURS))
    except (TypeError, ValueError, AttributeError):
        return sessions.DEFAULT_HOURS
    return hours if 0 < hours <= 24 * 30 else sessions.DEFAULT_HOURS


def session_active() -> bool:
    """The server's view of this browser's login (see ``logged_in``); fails closed when the
    library cannot be reached or the login has no key."""
    import time

    from store import sessions

    key = _login_key()
    checked = st.session_state.get(SESSION_CHECKED)
    if checked and checked[1] == key and time.monotonic() - checked[0] < SESSION_RECHECK_S:
        return checked[2]
    engine = connection.engine()
    try:
        result = bool(key) and engine is not None and sessions.active(
            engine, key, subject(), _session_hours())
    except StoreFailure:  # the database failed in mid-session: closed, never open
        _log.warning("the login's session could not be checked: the database failed")  # not shown
        result = False
    st.session_state[SESSION_CHECKED] = (time.monotonic(), key, result)
    return result


def session_ended() -> bool:
    """The cookie names someone whose login the server has ended (logged out) or let expire:
    the sidebar asks them to log in again."""
    try:
        cookie = bool(st.user.is_logged_in)
    except Exception:  # noqa: BLE001 - no login context (a bare run, a test): nobody
        return False
    return cookie and not session_active()


def log_out() -> None:
    """End the login on the server (every copy of its cookie with it), then Streamlit's own
    logout (this browser's cookie and the provider's session)."""
    from store import sessions

    engine = connection.engine()
    key = _login_key()
    if engine is not None and key:
        try:
            sessions.end(engine, key, subject())
        except StoreFailure:  # logged out of this browser all the same; said in the log
            _log.warning("the login's end could not be recorded: the database failed")  # not shown
    st.session_state.pop(SESSION_CHECKED, None)
    st.logout()


def subject() -> str:
    """The logged-in person's key in the roles' table: their e-mail (lower case) when the
    provider says it is verified (``email_verified``); otherwise the provider's issuer and
    subject, ``oidc:<issuer>#<sub>``, which no e-mail can equal. An e-mail a person may edit
    at some providers (Keycloak) must never carry someone else's roles, and neither may a
    ``sub`` that looks like an e-mail; an administrator gives roles to that key instead."""
    return identity(_claim("email"), _claim("email_verified"), _claim("iss"), _claim("sub"))


def identity(email: Any, verified: Any, issuer: Any, sub: Any) -> str:
    """``subject`` from the login's claims (see there)."""
    if email and (verified is True or str(verified).strip().lower() == "true"):
        return str(email).strip().lower()
    return f"oidc:{issuer or ''}#{sub}" if sub else ""


def actor() -> Actor:
    """Who acts in this run (see the module's docstring)."""
    if not login_configured():
        return local_actor(typed_name())
    if not logged_in():
        return PUBLIC
    who = subject()
    if not who:
        return PUBLIC
    found = connection.committee()  # the roles are kept in the library's database
    roles = set(found.roles_of(who)) if found is not None else set()
    if who in _administrators():
        roles.add(ADMIN)
    name = str(_claim("name") or who)[:200]
    return Actor(who, name, frozenset(roles))
