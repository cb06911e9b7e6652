"""Logins as the server knows them: logout means logout, and a login expires.

Streamlit's ``st.login`` keeps the person in a signed cookie valid 30 days; its logout clears
the cookie in that browser only, so a copy of the cookie still logs in, and nothing looks at
the ID token's expiry after the login. Here a login is a row, keyed by a digest of its ID
token's issuer, subject, time of issue and nonce (``key``): created when first seen, ended by
logout, over ``hours`` after it started; every run asks ``active`` before anyone is taken for
the person the cookie names.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta, timezone
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from .database import login_sessions, translated, write

DEFAULT_HOURS = 8.0  # a working day; [app] session_hours in the secrets sets another


def key(claims: dict[str, Any]) -> str:
    """One login's key, from its ID token's claims: iss, sub, iat and nonce (a copy of the
    cookie carries the same ones, a new login does not). Empty without iat nor nonce."""
    if claims.get("iat") in (None, "") and claims.get("nonce") in (None, ""):
        return ""
    parts = [str(claims.get(name, "")) for name in ("iss", "sub", "iat", "nonce")]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def _now(now: datetime | None) -> datetime:
    return now or datetime.now(timezone.utc)


@translated
def active(engine: Engine, login: str, subject: str, hours: float = DEFAULT_HOURS,
           now: datetime | None = None) -> bool:
    """True while the login ``login`` (its key) has not been ended nor expired; a login seen
    for the first time starts now and lasts ``hours``."""
    now = _now(now)
    with engine.connect() as conn:
        row = conn.execute(sa.select(login_sessions).where(
            login_sessions.c.key == login)).first()
    if row is None:
        try:
            with write(engine) as conn:
                conn.execute(sa.insert(login_sessions).values(
                    key=login, subject=subject[:200], started_at=now.isoformat(),
                    expires_at=(now + timedelta(hours=hours)).isoformat()))
            return True
        except sa.exc.IntegrityError:  # another tab of the same login, at the same moment
            return active(engine, login, subject, hours, now)
    return row.ended_at is None and now < datetime.fromisoformat(row.expires_at)


@translated
def end(engine: Engine, login: str, subject: str, now: datetime | None = None) -> None:
    """Log out: the login ``login`` ends now, in every browser that holds its cookie."""
    now = _now(now)
    with write(engine) as conn:
        done = conn.execute(sa.update(login_sessions).where(
            login_sessions.c.key == login, login_sessions.c.ended_at.is_(None)).values(
            ended_at=now.isoformat()))
        if done.rowcount == 0 and conn.execute(sa.select(login_sessions.c.key).where(
                login_sessions.c.key == login)).first() is None:
            conn.execute(sa.insert(login_sessions).values(
                key=login, subject=subject[:200], started_at=now.isoformat(),
                expires_at=now.isoformat(), ended_at=now.isoformat()))
