"""The library's database: where it is, its tables, and their migrations.

A SQLite file by default (``var/library.sqlite3`` beside the app, created on first use), or any
SQLAlchemy URL in the ``DATABASE_URL`` environment variable (PostgreSQL in production). SQLite
runs in WAL mode with full synchronisation, and every write transaction starts with
``BEGIN IMMEDIATE`` so that two writers queue instead of failing half-way; PostgreSQL keeps its
default READ COMMITTED isolation, and a save serialises on the row of its scenario.

The tables are versioned in ``library_meta`` and migrated forward on start, in one transaction
that holds the database's write lock (SQLite) or an advisory lock (PostgreSQL), so two app
processes starting at once migrate once. A database newer than this code is refused.
Why not Alembic: a few tables and a forward-only runner of a few lines; Alembic's scripts,
configuration and revision graph would outweigh what they manage here.
"""

from __future__ import annotations

import atexit
import functools
import inspect
import os
import threading
import time
from pathlib import Path
from typing import Any, Callable, TypeVar

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine

from calculators.i18n import msg

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE_PATH = ROOT / "var" / "library.sqlite3"
URL_VARIABLE = "DATABASE_URL"
SQLITE_BUSY_TIMEOUT_S = 30  # a writer waits this long for another one before giving up
MS_PER_S = 1000
POSTGRES_MIGRATION_LOCK = 7_306_112  # any constant; the advisory lock taken while migrating

metadata = sa.MetaData()

library_meta = sa.Table(
    "library_meta", metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.String(200), nullable=False),
)

# One row per scenario kept in the library (its variants are separate rows); its versions
# below. ``latest_version`` is the counter a save increments: the row lock it takes orders
# concurrent saves of the same scenario.
entries = sa.Table(
    "scenario_entries", metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("project", sa.String(200), nullable=False),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("archived", sa.Boolean, nullable=False, default=False),
    sa.Column("created_at", sa.String(40), nullable=False),  # ISO 8601, UTC
    sa.Column("latest_version", sa.Integer, nullable=False),
)

# Every save: never updated, never deleted. The figures are those computed at save time, with
# the data version that produced them, so the list can be filtered without re-evaluating.
versions = sa.Table(
    "scenario_versions", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("entry_id", sa.String(32), sa.ForeignKey("scenario_entries.id"), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("project", sa.String(200), nullable=False),
    sa.Column("author", sa.String(200), nullable=False),
    sa.Column("comment", sa.Text, nullable=False),
    sa.Column("saved_at", sa.String(40), nullable=False),  # ISO 8601, UTC
    sa.Column("scenario_schema_version", sa.Integer, nullable=False),
    sa.Column("data_version", sa.String(100), nullable=False),
    sa.Column("tool_version", sa.String(40), nullable=False),
    sa.Column("scenario_json", sa.Text, nullable=False),
    sa.Column("domain", sa.String(40), nullable=False),
    sa.Column("verdict", sa.String(20), nullable=False),
    sa.Column("committee_review", sa.Boolean, nullable=False),
    sa.Column("horizon_years", sa.Float, nullable=False),
    sa.Column("footprint_kgco2e", sa.Float, nullable=False),
    sa.Column("benefits_kgco2e", sa.Float, nullable=False),
    sa.Column("net_kgco2e", sa.Float, nullable=False),
    sa.UniqueConstraint("entry_id", "version", name="uq_version_per_entry"),
)
# The scenario a browser tab is working on, saved at every change so that a reload or a closed
# tab loses nothing. Keyed by a random token in the tab's URL; a draft opened from a URL is
# copied under a new token, so a shared address never lets two people overwrite one draft.
drafts = sa.Table(
    "scenario_drafts", metadata,
    sa.Column("token", sa.String(32), primary_key=True),
    sa.Column("scenario_json", sa.Text, nullable=False),
    sa.Column("link_json", sa.Text, nullable=True),  # the saved version it came from
    sa.Column("updated_at", sa.String(40), nullable=False),  # ISO 8601, UTC
)
# Which scenario stands for its project (its other scenarios are variants: what-ifs): each
# choice is a new row, never updated, so the choice in force at any date is known. The
# project's latest row wins; a project with one scenario has it retained from its first save.
retained = sa.Table(
    "retained_variants", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("project", sa.String(200), nullable=False),
    sa.Column("entry_id", sa.String(32), sa.ForeignKey("scenario_entries.id"), nullable=False),
    sa.Column("chosen_at", sa.String(40), nullable=False),  # ISO 8601, UTC
    sa.Column("chosen_by", sa.String(200), nullable=False),
)
# The figures of a saved version with one version of the reference data, its probability
# included (the Monte Carlo of calculators.portfolio.figures_of): computed once, when the version
# is saved or, for one saved with older data, once for today's data; never updated. The
# Portfolio reads them instead of evaluating a thousand projects on every click.
version_figures = sa.Table(
    "version_figures", metadata,
    sa.Column("entry_id", sa.String(32), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("data_version", sa.String(100), nullable=False),
    sa.Column("figures_json", sa.Text, nullable=False),
    sa.PrimaryKeyConstraint("entry_id", "version", "data_version", name="pk_version_figures"),
)
# A project put before the ethics committee: one saved version (the project's retained variant
# when it is submitted). Never updated; a project submitted again gets a new row.
submissions = sa.Table(
    "committee_submissions", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("project", sa.String(200), nullable=False),
    sa.Column("entry_id", sa.String(32), sa.ForeignKey("scenario_entries.id"), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("submitted_at", sa.String(40), nullable=False),  # ISO 8601, UTC
    sa.Column("submitted_by", sa.String(200), nullable=False),
    sa.Column("note", sa.Text, nullable=False),
)
# The committee's opinions on a submission. Never updated: a draft edited is a new row, a
# published opinion is followed by a new one; the opinion in force is the latest published row.
opinions = sa.Table(
    "committee_opinions", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("submission_id", sa.Integer, sa.ForeignKey("committee_submissions.id"),
              nullable=False),
    sa.Column("status", sa.String(20), nullable=False),  # draft, published
    sa.Column("decision", sa.String(40), nullable=False),
    sa.Column("conditions_json", sa.Text, nullable=False),  # a JSON list of texts
    sa.Column("information_requested", sa.Text, nullable=False),
    sa.Column("session_date", sa.String(10), nullable=False),  # ISO 8601 date
    sa.Column("session_name", sa.String(200), nullable=False),
    sa.Column("participants", sa.Text, nullable=False),
    sa.Column("votes_for", sa.Integer, nullable=True),  # null: no vote was taken
    sa.Column("votes_against", sa.Integer, nullable=True),
    sa.Column("votes_abstaining", sa.Integer, nullable=True),
    sa.Column("reasons", sa.Text, nullable=False),
    sa.Column("recorded_at", sa.String(40), nullable=False),  # ISO 8601, UTC
    sa.Column("recorded_by", sa.String(200), nullable=False),
    sa.Column("follows_id", sa.Integer, nullable=True),  # the row it replaces or follows
)
# Who did what, when: saves, submissions, opinions, roles. Never updated, never deleted.
audit_log = sa.Table(
    "audit_log", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.String(40), nullable=False),  # ISO 8601, UTC
    sa.Column("actor", sa.String(200), nullable=False),
    sa.Column("action", sa.String(40), nullable=False),
    sa.Column("subject", sa.String(200), nullable=False),
    sa.Column("detail", sa.Text, nullable=False),
)
# The roles given to people (by their login's identifier): each grant or withdrawal a new row;
# a person's latest row for a role says whether they hold it.
role_grants = sa.Table(
    "role_grants", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("subject", sa.String(200), nullable=False),
    sa.Column("role", sa.String(20), nullable=False),
    sa.Column("granted", sa.Boolean, nullable=False),
    sa.Column("at", sa.String(40), nullable=False),
    sa.Column("by", sa.String(200), nullable=False),
)
# Who may change a project's scenarios (besides administrators): its creator, and whoever an
# administrator adds. Kept with who added them and when.
project_owners = sa.Table(
    "project_owners", metadata,
    sa.Column("project", sa.String(200), nullable=False),
    sa.Column("subject", sa.String(200), nullable=False),
    sa.Column("at", sa.String(40), nullable=False),
    sa.Column("by", sa.String(200), nullable=False),
    sa.PrimaryKeyConstraint("project", "subject", name="pk_project_owners"),
)
# What a project in service actually did in a year, recorded against one saved version (the
# forecast). Never updated: a year recorded again is a new row; the latest row of a project's
# year is the one in force (store/yearly_results.py).
yearly_results = sa.Table(
    "yearly_results", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("project", sa.String(200), nullable=False),
    sa.Column("entry_id", sa.String(32), sa.ForeignKey("scenario_entries.id"), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("year", sa.Integer, nullable=False),
    sa.Column("actuals_json", sa.Text, nullable=False),  # calculators.actuals.validate's form
    sa.Column("recorded_at", sa.String(40), nullable=False),  # ISO 8601, UTC
    sa.Column("recorded_by", sa.String(200), nullable=False),
)
# A login, as the server knows it (store/sessions.py): Streamlit keeps the person in a signed
# cookie valid 30 days, which a copy replays after logout; this row is what every run checks.
# Keyed by a digest of the ID token's issuer, subject, time of issue and nonce (one login).
login_sessions = sa.Table(
    "login_sessions", metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("subject", sa.String(200), nullable=False),
    sa.Column("started_at", sa.String(40), nullable=False),  # ISO 8601, UTC
    sa.Column("expires_at", sa.String(40), nullable=False),
    sa.Column("ended_at", sa.String(40), nullable=True),     # logged out
)
# The public registers of other authorities, imported from files (store/elsewhere.py): each
# import a row, never updated; the latest import of an origin (its file's name) is in force.
# Read-only for everyone: the projects they list are never mixed with the authority's own.
elsewhere_imports = sa.Table(
    "elsewhere_imports", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("origin", sa.String(300), nullable=False),      # the file's name
    sa.Column("authority", sa.String(200), nullable=False),   # "" when its projects differ
    sa.Column("standard", sa.String(40), nullable=False),     # calculators.elsewhere.Read
    sa.Column("sha256", sa.String(64), nullable=False),       # of the file's bytes
    sa.Column("imported_at", sa.String(40), nullable=False),  # ISO 8601, UTC
    sa.Column("imported_by", sa.String(200), nullable=False),
    sa.Column("projects_json", sa.Text, nullable=False),      # the projects as read
)
sa.Index("ix_versions_saved_at", versions.c.saved_at)
sa.Index("ix_yearly_results_project_year", yearly_results.c.project, yearly_results.c.year)
sa.Index("ix_submissions_project", submissions.c.project)
sa.Index("ix_opinions_submission", opinions.c.submission_id)
sa.Index("ix_role_grants_subject", role_grants.c.subject)
sa.Index("ix_retained_project", retained.c.project)
sa.Index("ix_entries_project", entries.c.project)
sa.Index("ix_elsewhere_origin", elsewhere_imports.c.origin)


def record_audit(conn: Connection, actor: str, action: str, subject: str,
                 detail: dict, at: str) -> None:
    """One line of the audit log, written in the transaction of what it records."""
    import json

    conn.execute(sa.insert(audit_log).values(at=at, actor=actor[:200], action=action,
                                             subject=subject[:200],
                                             detail=json.dumps(detail, ensure_ascii=False)))


def _v1(conn: Connection) -> None:
    # The first version creates the tables as defined above. A later change to a table must
    # come with its own step (ALTER TABLE ...) and leave this one creating the version-1 form.
    metadata.create_all(conn, tables=[entries, versions])


def _v2(conn: Connection) -> None:
    metadata.create_all(conn, tables=[drafts])


def _v3(conn: Connection) -> None:
    """The retained variant of each project. A project that has one scenario now has it
    retained; one with several is left without a choice: a person makes it (the portfolio
    says so), rather than this migration guessing which of its what-ifs stands for it."""
    metadata.create_all(conn, tables=[retained])
    alone = sa.select(entries.c.project, sa.func.min(entries.c.id).label("entry_id"),
                      sa.func.min(entries.c.created_at).label("created_at")) \
        .group_by(entries.c.project).having(sa.func.count() == 1)
    rows = conn.execute(alone).all()
    if rows:
        conn.execute(sa.insert(retained), [
            {"project": r.project, "entry_id": r.entry_id, "chosen_at": r.created_at,
             "chosen_by": ""} for r in rows])


def _v4(conn: Connection) -> None:
    """The figures of each saved version with each data version (filled as they are needed:
    the first save, or the first review after a new data version)."""
    metadata.create_all(conn, tables=[version_figures])


def _v5(conn: Connection) -> None:
    """The ethics committee: submissions, opinions, the audit log, the roles and the projects'
    owners."""
    metadata.create_all(conn, tables=[submissions, opinions, audit_log, role_grants,
                                      project_owners])


def _v6(conn: Connection) -> None:
    """The yearly results of projects in service."""
    metadata.create_all(conn, tables=[yearly_results])


def _v7(conn: Connection) -> None:
    """Logins known to the server: logout ends them, and they expire."""
    metadata.create_all(conn, tables=[login_sessions])


def _v8(conn: Connection) -> None:
    """Other authorities' public registers, imported from files."""
    metadata.create_all(conn, tables=[elsewhere_imports])


# (version reached, what it does, function); applied in order, each in the same transaction
MIGRATIONS: tuple[tuple[int, str, Callable[[sa.Connection], None]], ...] = (
    (1, "scenario entries and their versions", _v1),
    (2, "drafts of the scenarios being worked on", _v2),
    (3, "the retained variant of each project", _v3),
    (4, "the figures of each saved version with each data version", _v4),
    (5, "the ethics committee's submissions and opinions, the audit log, roles, owners", _v5),
    (6, "the yearly results of projects in service", _v6),
    (7, "logins known to the server (logout, expiry)", _v7),
    (8, "other authorities' public registers, imported", _v8),
)


class LibraryUnavailable(RuntimeError):
    """The database cannot be opened: the message says which one and why."""


class StoreFailure(RuntimeError):
    """The database failed in mid-session (its server stopped, its file removed, a lock held
    too long): ``reason`` is the database's first line, without the SQL. The store's public
    methods raise it in place of SQLAlchemy's errors (``database_errors``), so that no page
    needs SQLAlchemy to say what failed; the original is its ``__cause__``, for the logs."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def failure_reason(exc: BaseException) -> str:
    """A database error's first line, without the SQL (empty when it says nothing)."""
    lines = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return lines[0] if lines else ""


_Class = TypeVar("_Class", bound=type)


def database_errors(cls: _Class) -> _Class:
    """Every public method of ``cls`` raising ``StoreFailure`` for SQLAlchemy's errors."""
    for name, member in list(vars(cls).items()):
        if not name.startswith("_") and inspect.isfunction(member):
            setattr(cls, name, _translated(member))
    return cls


def translated(method: Callable[..., Any]) -> Callable[..., Any]:
    """``method`` (a function of the store that pages call) raising ``StoreFailure`` for
    SQLAlchemy's errors, as ``database_errors`` makes a class's methods."""
    return _translated(method)


def _translated(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            return method(*args, **kwargs)
        except sa.exc.SQLAlchemyError as exc:
            raise StoreFailure(failure_reason(exc)) from exc
    return call


def configured_url() -> str:
    """``DATABASE_URL`` when set, else the default SQLite file."""
    return os.environ.get(URL_VARIABLE) or f"sqlite:///{DEFAULT_SQLITE_PATH}"


def normalise_url(url: str) -> str:
    """Accept the usual ``postgres://`` and ``postgresql://`` spellings for psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def shown_url(url: str) -> str:
    """The URL with its password hidden, for messages."""
    try:
        return sa.make_url(url).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return "(unreadable DATABASE_URL)"


UNICODE_LOWER = "app_unicode_lower"  # the SQL function SQLite connections are given


def _unicode_lower(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


def _sqlite_setup(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record):  # pragma: no branch
        # let SQLAlchemy's "begin" event below issue BEGIN, not the sqlite3 module
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_S * MS_PER_S}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()
        # SQLite's own lower() and LIKE fold ASCII letters only: "é" did not find "É". The
        # library's search calls this one for a search with other letters (Python's lower(),
        # Unicode's case mapping, as PostgreSQL's ILIKE in a UTF-8 database)
        dbapi_connection.create_function(UNICODE_LOWER, 1, _unicode_lower, deterministic=True)

    @event.listens_for(engine, "begin")
    def _begin(conn):
        # writers take the lock at BEGIN: a deferred transaction that reads then writes can
        # fail with "database is locked" when another writer got there first
        mode = "IMMEDIATE" if conn.get_execution_options().get("write") else "DEFERRED"
        conn.exec_driver_sql(f"BEGIN {mode}")


def create_engine(url: str | None = None) -> Engine:
    """An engine for ``url`` (default: ``configured_url()``), with the tables migrated to this
    code's version. Raises LibraryUnavailable with a readable reason."""
    url = normalise_url(url or configured_url())
    try:
        parsed = sa.make_url(url)
    except sa.exc.ArgumentError:
        raise LibraryUnavailable(msg("{variable} is not a database URL: expected e.g. "
                                     "sqlite:////path/library.sqlite3 or "
                                     "postgresql://user:password@host/dbname",
                                     variable=URL_VARIABLE)) from None
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise LibraryUnavailable(msg("{url}: only SQLite and PostgreSQL are supported",
                                     url=shown_url(url)))
    try:
        if parsed.get_backend_name() == "sqlite":
            if parsed.database and parsed.database != ":memory:":
                Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
            engine = sa.create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S})
            _sqlite_setup(engine)
        else:
            engine = sa.create_engine(url, pool_pre_ping=True)
        migrate(engine)
    except (sa.exc.SQLAlchemyError, OSError) as exc:
        reason = getattr(exc, "orig", None) or exc
        raise LibraryUnavailable(msg("the library database {url} cannot be opened: {reason}",
                                     url=shown_url(url),
                                     reason=str(reason).strip().splitlines()[0])) from None
    return engine


def write(engine: Engine):
    """A write transaction: ``with write(engine) as conn: ...`` (commits or rolls back)."""
    conn = engine.connect().execution_options(write=True)
    return _Transaction(conn)


# The write transactions in flight, so that a server being stopped finishes them. Streamlit
# runs the scripts in daemon threads and stops on SIGTERM by leaving its main thread: without
# this, a save under way when a container runtime stops the server would be cut (rolled back,
# whole or absent, but lost). The wait is registered with ``atexit``, which runs while the
# scripts' threads still run.
DRAIN_TIMEOUT_S = 25.0  # under the 30 s Docker and Kubernetes give a stopping server
_in_flight = 0
_in_flight_changed = threading.Condition()


def in_flight() -> int:
    """How many write transactions are under way in this process."""
    with _in_flight_changed:
        return _in_flight


def drain(timeout_s: float = DRAIN_TIMEOUT_S) -> int:
    """Wait until no write transaction is under way, at most ``timeout_s`` seconds; returns
    how many are left (0: every one finished)."""
    deadline = time.monotonic() + timeout_s
    with _in_flight_changed:
        while _in_flight and (left := deadline - time.monotonic()) > 0:
            _in_flight_changed.wait(left)
        return _in_flight


atexit.register(drain)


def _count(change: int) -> None:
    global _in_flight
    with _in_flight_changed:
        _in_flight += change
        _in_flight_changed.notify_all()


class _Transaction:
    def __init__(self, conn: Connection):
        self.conn = conn

    def __enter__(self) -> Connection:
        _count(+1)
        try:
            self.conn.begin()
        except BaseException:
            _count(-1)
            self.conn.close()
            raise
        return self.conn

    def __exit__(self, exc_type, exc, tb):
        try:
            if exc_type is None:
                self.conn.commit()
            else:
                self.conn.rollback()
        finally:
            try:
                self.conn.close()
            finally:
                _count(-1)
        return False


def schema_version(conn: Connection) -> int:
    if not sa.inspect(conn).has_table(library_meta.name):
        return 0
    value = conn.execute(sa.select(library_meta.c.value).where(
        library_meta.c.key == "schema_version")).scalar()
    return int(value) if value is not None else 0


def migrate(engine: Engine) -> list[str]:
    """Bring the tables to the latest version; returns what was applied (empty when up to
    date). Raises LibraryUnavailable for a database written by a newer version of the tool."""
    latest = MIGRATIONS[-1][0]
    with engine.connect() as conn:  # the common case, without taking any lock
        if schema_version(conn) == latest:
            return []
    applied = []
    with write(engine) as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"),
                         {"key": POSTGRES_MIGRATION_LOCK})
        metadata.create_all(conn, tables=[library_meta])
        current = schema_version(conn)  # again, under the lock: another process may have run
        if current > latest:
            raise LibraryUnavailable(msg(
                "the library database is at schema version {current}, written by a newer "
                "version of this tool (this one reads up to {latest}): update the tool",
                current=current, latest=latest))
        for version, description, step in MIGRATIONS:
            if version > current:
                step(conn)
                applied.append(f"{version}: {description}")
        if applied:
            conn.execute(sa.delete(library_meta).where(library_meta.c.key == "schema_version"))
            conn.execute(sa.insert(library_meta).values(key="schema_version", value=str(latest)))
    return applied
