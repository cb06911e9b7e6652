"""Logins as the server knows them (issue 32, point 5): logout ends a login everywhere, a
login expires, and a new login is a new session. SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from store import sessions

T0 = datetime(2026, 12, 6, 9, 0, tzinfo=timezone.utc)
CLAIMS = {"iss": "https://idp.example", "sub": "s-1", "iat": 1796547600, "nonce": "n1"}


def test_a_login_lasts_its_hours_and_logout_ends_it(library):
    engine = library.engine
    key = sessions.key(CLAIMS)
    assert sessions.active(engine, key, "ana@example.org", 8, now=T0)
    assert sessions.active(engine, key, "ana@example.org", 8, now=T0 + timedelta(hours=7))
    assert not sessions.active(engine, key, "ana@example.org", 8, now=T0 + timedelta(hours=8))
    other = sessions.key(dict(CLAIMS, iat=CLAIMS["iat"] + 3600, nonce="n2"))  # a new login
    assert other != key and sessions.active(engine, other, "ana@example.org", 8,
                                            now=T0 + timedelta(hours=9))
    sessions.end(engine, other, "ana@example.org", now=T0 + timedelta(hours=10))
    assert not sessions.active(engine, other, "ana@example.org", 8,
                               now=T0 + timedelta(hours=10, minutes=1))
    sessions.end(engine, other, "ana@example.org")  # twice: still ended, no error


def test_logging_out_a_login_never_seen_ends_it_too(library):
    key = sessions.key(dict(CLAIMS, nonce="unseen"))
    sessions.end(library.engine, key, "ana@example.org", now=T0)
    assert not sessions.active(library.engine, key, "ana@example.org", 8, now=T0)


def test_the_key_is_the_logins_and_needs_its_time_or_nonce():
    assert sessions.key(CLAIMS) == sessions.key(dict(CLAIMS))  # a copy of the cookie
    assert sessions.key(CLAIMS) != sessions.key(dict(CLAIMS, sub="s-2"))
    assert sessions.key({"iss": "x", "sub": "y"}) == ""
