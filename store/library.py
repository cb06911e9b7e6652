"""The scenario library: save, list, open, duplicate, rename, archive and restore.

Every save adds a version; nothing is updated in place or deleted (archiving hides a scenario
from the list and can be undone). Only scenarios that validate are saved. A stored scenario is
opened through the scenario format's migrations; one that no longer validates (older format,
reference data changed since) is still returned, with the reason, so the app can open it as a
draft to fix rather than fail.
"""

from __future__ import annotations

import builtins

import functools
import json
import logging
import threading
import uuid
from datetime import datetime, timedelta, timezone
from typing import Any, Callable, Iterable, NamedTuple

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from calculators import TOOL_VERSION, ScenarioError, evaluate, portfolio, refdata
from calculators import scenario as scenario_format
from calculators.i18n import Message, msg, tr
from calculators.scenario.errors import shown
from calculators.scenario.parse import SURROGATE

from .database import (UNICODE_LOWER, database_errors, drafts, entries, record_audit, retained,
                       version_figures, versions, write)

MAX_TEXT_CHARS = {"project": 200, "name": 200, "author": 200, "comment": 2000, "search": 200,
                  "projects": 200, "domains": 200, "verdicts": 200}  # the last three: filters
MAX_FILTER_VALUES = 1000
MAX_DRAFT_CHARS = scenario_format.MAX_FILE_BYTES
MAX_VERSION = 1_000_000_000  # far beyond any real history; also what every database can hold
DRAFT_DAYS = 30  # drafts untouched for longer are deleted

LISTED = (entries.c.id, entries.c.project, entries.c.name, entries.c.archived,
          entries.c.created_at, entries.c.latest_version, versions.c.author,
          versions.c.comment, versions.c.saved_at, versions.c.domain, versions.c.verdict,
          versions.c.committee_review, versions.c.horizon_years, versions.c.footprint_kgco2e,
          versions.c.benefits_kgco2e, versions.c.net_kgco2e, versions.c.data_version)
VERSION_COLUMNS = (versions.c.entry_id, versions.c.version, versions.c.name,
                   versions.c.project, versions.c.author, versions.c.comment,
                   versions.c.saved_at, versions.c.scenario_schema_version,
                   versions.c.data_version, versions.c.tool_version, versions.c.domain,
                   versions.c.verdict, versions.c.committee_review, versions.c.horizon_years,
                   versions.c.footprint_kgco2e, versions.c.benefits_kgco2e,
                   versions.c.net_kgco2e)


CASE_VARIANTS_MAX = 16  # ways of writing a search's letters beyond ASCII in either case


def _case_variants(lowered: str) -> list[str] | None:
    """Every way of writing the letters beyond ASCII of a lowered LIKE pattern in lower or
    upper case ("%détection%" -> "%détection%", "%dÉtection%"): SQLite's LIKE folds ASCII
    letters itself, not these. None when a letter's case does not go both ways one character
    for one (Python's rules would then be needed) or when there would be more than
    CASE_VARIANTS_MAX."""
    out = [""]
    for char in lowered:
        upper = char.upper()
        if char.isascii() or upper == char:
            out = [done + char for done in out]
        elif len(upper) == 1 and upper.lower() == char:
            out = [done + case for done in out for case in (char, upper)]
            if len(out) > CASE_VARIANTS_MAX:
                return None
        else:
            return None
    return out


class LibraryError(ValueError):
    """A request the library refuses: ``field`` names what to change."""

    def __init__(self, field: str, message: str | Message):
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


class Saved(NamedTuple):
    entry_id: str
    version: int


class Opened(NamedTuple):
    """A stored version as it opens: the scenario (migrated when it had an older format), the
    notes on what the migration did, and the validation error it still has, if any."""

    entry_id: str
    version: int
    scenario: dict[str, Any]
    meta: dict[str, Any]
    migration_notes: tuple[str, ...]
    error: str | None


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


def canonical_json(scenario: dict[str, Any]) -> str:
    """The stored form of a scenario: sorted keys, so two equal scenarios compare equal."""
    return json.dumps(scenario, sort_keys=True, ensure_ascii=False, allow_nan=False)


def checked_text(field: str, value: Any, required: bool = False) -> str:
    """A text field as the store keeps it: stripped, within MAX_TEXT_CHARS, with no NUL
    and no lone surrogate (no database could store it); LibraryError naming the field."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise LibraryError(field, msg("must be text; got {got}", got=type(value).__name__))
    value = value.strip()
    if required and not value:
        raise LibraryError(field, msg("is required (a few words)"))
    limit = MAX_TEXT_CHARS[field]
    if len(value) > limit:
        raise LibraryError(field, msg("is {size_number} characters; at most {limit_number} "
                                      "accepted", size_number=len(value), limit_number=limit))
    if "\x00" in value:
        raise LibraryError(field, msg("contains a NUL character"))
    refuse_lone_surrogate(field, value)
    return value


def refuse_lone_surrogate(field: str, value: str) -> None:
    """LibraryError for a text holding half of a UTF-16 pair: no database can store it, nor
    compare with it (the driver raises an encoding error, not a message)."""
    bad = None if value.isascii() else SURROGATE.search(value)
    if bad is not None:
        raise LibraryError(field, msg("holds a character that is not text (U+{point}, half of "
                                      "a pair that lost its other half): remove it",
                                      point=f"{ord(bad.group()):04X}"))


MAX_ROWS = 1_000_000_000  # a page's limit and offset: beyond any library, within every database


def whole_number(field: str, value: Any, low: int, high: int) -> int:
    """A whole number from ``low`` to ``high`` (a version, a page's size or start), said
    before any query: an integer of 400 digits overflows the database driver."""
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise LibraryError(field, msg("must be a whole number from {low_number} to "
                                      "{limit_number}; got {got}", low_number=low,
                                      limit_number=high, got=shown(value)))
    return value


def checked_entry_id(entry_id: Any) -> str:
    """An entry's id as a query may hold it; any other value names no saved scenario."""
    if not isinstance(entry_id, str) or len(entry_id) > 200 or "\x00" in entry_id or (
            not entry_id.isascii() and SURROGATE.search(entry_id)):
        raise LibraryError("entry", msg("no saved scenario has the id {entry}",
                                        entry=shown(entry_id)))
    return entry_id


def _wanted(field: str, values: Iterable[str]) -> list[str]:
    """The values a filter keeps (projects, domains or verdicts), each a text the store
    accepts; a page offers a few dozen, a thousand is refused before any query."""
    values = list(values)
    if len(values) > MAX_FILTER_VALUES:
        raise LibraryError(field, msg("at most {limit_number} values",
                                      limit_number=MAX_FILTER_VALUES))
    return [checked_text(field, value) for value in values]


FIGURES_BATCH = 500  # versions a query asks for (SQLite's limit is 32,766 parameters)


def _summary(scenario: dict[str, Any]) -> dict[str, Any]:
    """The figures kept beside the JSON (raises ScenarioError for an invalid scenario)."""
    return _summary_of(evaluate(scenario))


def _summary_of(result: dict[str, Any]) -> dict[str, Any]:
    """The figures kept beside the JSON, from the scenario's result."""
    return {"domain": result["domain"], "verdict": result["verdict"],
            "committee_review": bool(result["committee_review_required"]),
            "horizon_years": float(result["horizon_years"]),
            "footprint_kgco2e": float(result["footprint_kgco2e"]["total"]),
            "benefits_kgco2e": float(result["benefits_kgco2e"]),
            "net_kgco2e": float(result["net_kgco2e"]),
            "data_version": result["data_version"]}


@database_errors
class Library:
    """The scenario library in one database (see ``store.database``)."""

    def __init__(self, engine: Engine, within: sa.Select | None = None):
        self.engine = engine
        # the entries this library reads, as a query of their ids (None: all of them)
        self._within = within

    def limited_to(self, entry_ids: sa.Select) -> "Library":
        """The same library reading only the entries whose id ``entry_ids`` selects (a
        committee member's: the scenarios submitted). Every reading method keeps to them; an
        entry outside is not found, as if it did not exist (no id is confirmed)."""
        return Library(self.engine, entry_ids)

    def _scoped(self, query: Any, entry_id_column: Any) -> Any:
        return query if self._within is None else query.where(
            entry_id_column.in_(self._within))

    # -- writing ---------------------------------------------------------------------------

    def save(self, scenario: dict[str, Any], *, project: str | None = None, author: str = "",
             comment: str = "", entry_id: str | None = None,
             _inside_transaction: Callable[[], None] | None = None) -> Saved:
        """Save ``scenario`` as the next version of ``entry_id``, or as a new library entry
        (project defaults to the scenario's name). Raises ScenarioError when the scenario does
        not validate, LibraryError for a bad field or an unknown entry."""
        if not isinstance(scenario, dict):
            raise LibraryError("scenario", msg("must be a scenario object"))
        # validated first: an invalid scenario is never stored
        loaded = scenario_format.load(scenario)
        result = evaluate(loaded)
        summary = _summary_of(result)
        name = checked_text("name", scenario.get("name"), required=True)
        author = checked_text("author", author)
        comment = checked_text("comment", comment)
        if entry_id is not None:
            entry_id = checked_entry_id(entry_id)
        stored = canonical_json(scenario)
        # its figures with today's data, the probability included, kept with it (Portfolio)
        figures = portfolio.figures_of_scenario(loaded, result)
        with write(self.engine) as conn:
            if entry_id is None:
                project = checked_text("project", project or name, required=True)
                entry_id = uuid.uuid4().hex
                created = now_iso()
                conn.execute(sa.insert(entries).values(
                    id=entry_id, project=project, name=name, archived=False,
                    created_at=created, latest_version=1))
                version = 1
                if not conn.execute(sa.select(entries.c.id).where(
                        entries.c.project == project, entries.c.id != entry_id)).first():
                    # the project's first scenario stands for it until another is retained
                    conn.execute(sa.insert(retained).values(
                        project=project, entry_id=entry_id, chosen_at=created,
                        chosen_by=author))
            else:
                # the UPDATE locks the entry's row: concurrent saves of one scenario queue here
                # and each gets the next number
                row = conn.execute(
                    sa.update(entries).where(entries.c.id == entry_id)
                    .values(latest_version=entries.c.latest_version + 1, name=name,
                            **({"project": checked_text("project", project, required=True)}
                               if project else {}))
                    .returning(entries.c.latest_version, entries.c.project)).first()
                if row is None:
                    raise LibraryError("entry", msg("no saved scenario has the id {entry}",
                                                entry=repr(entry_id)))
                version, project = row
            saved_at = now_iso()
            conn.execute(sa.insert(versions).values(
                entry_id=entry_id, version=version, name=name, project=project, author=author,
                comment=comment, saved_at=saved_at,
                scenario_schema_version=scenario_format.SCHEMA_VERSION,
                tool_version=TOOL_VERSION, scenario_json=stored, **summary))
            conn.execute(sa.insert(version_figures).values(
                entry_id=entry_id, version=version, data_version=summary["data_version"],
                figures_json=json.dumps(figures)))
            record_audit(conn, author, "save", f"{project} ({entry_id} v{version})",
                         {"name": name}, saved_at)
            if _inside_transaction is not None:  # tests: stop a process in mid-save
                _inside_transaction()
        return Saved(entry_id, version)

    # The comments and names these three write are in ``lang``, the language of the person
    # acting (a comment is theirs, as if they had typed it).
    def duplicate(self, entry_id: str, version: int | None = None, *, author: str = "",
                  name: str | None = None, lang: str = "en") -> Saved:
        """A new entry whose first version is a copy of ``entry_id`` (its latest version by
        default), named "Copy of ..." unless ``name`` is given."""
        opened = self.open_version(entry_id, version)
        if opened.error:
            raise LibraryError("entry", msg("version {version} does not validate any more "
                                            "({error}): open it, fix it, then save it",
                                            version=opened.version, error=opened.error))
        copy_ = dict(opened.scenario, name=name or tr("Copy of {name}", lang, name=opened.scenario[
            "name"])[:200])
        return self.save(copy_, project=opened.meta["project"], author=author,
                         comment=tr("Duplicated from \"{name}\" version {version}", lang,
                                    name=opened.meta["name"], version=opened.version))

    def rename(self, entry_id: str, name: str, *, author: str = "", lang: str = "en") -> Saved:
        """Rename a scenario: a new version with the new name (the history keeps the old)."""
        name = checked_text("name", name, required=True)
        opened = self.open_version(entry_id)
        if opened.error:
            raise LibraryError("entry", msg("the latest version does not validate any more "
                                            "({error}): open it, fix it, then save it",
                                            error=opened.error))
        return self.save(dict(opened.scenario, name=name), author=author, entry_id=entry_id,
                         comment=tr("Renamed from \"{name}\"", lang,
                                    name=opened.scenario["name"]))

    def restore(self, entry_id: str, version: int, *, author: str = "",
                lang: str = "en") -> Saved:
        """Make an earlier version the latest again, as a new version (nothing is lost)."""
        opened = self.open_version(entry_id, version)
        if opened.error:
            raise LibraryError("entry", msg("version {version} does not validate any more "
                                            "({error}): open it, fix it, then save it",
                                            version=version, error=opened.error))
        return self.save(opened.scenario, author=author, entry_id=entry_id,
                         comment=tr("Restored version {version}", lang, version=version))

    def retain(self, entry_id: str, *, author: str = "") -> None:
        """Make a scenario the one that stands for its project (the portfolio and the annual
        review count it; the project's other scenarios are variants). The choice is kept with
        who made it and when; earlier choices stay in the history."""
        entry_id = checked_entry_id(entry_id)
        author = checked_text("author", author)
        with write(self.engine) as conn:
            row = conn.execute(sa.select(entries.c.project).where(
                entries.c.id == entry_id)).first()
            if row is None:
                raise LibraryError("entry", msg("no saved scenario has the id {entry}",
                                                entry=repr(entry_id)))
            at = now_iso()
            conn.execute(sa.insert(retained).values(project=row.project, entry_id=entry_id,
                                                    chosen_at=at, chosen_by=author))
            record_audit(conn, author, "retain", f"{row.project} ({entry_id})", {}, at)

    def retained_variants(self, when_iso: str | None = None,
                          projects: Iterable[str] | None = None) -> dict[str, str]:
        """project -> the entry id retained for it (as chosen at ``when_iso``, UTC ISO 8601;
        now by default), for every project or those of ``projects`` (a page of the list). A
        choice whose scenario has since moved to another project does not count for the old
        one."""
        chosen = sa.select(retained.c.project, sa.func.max(retained.c.id).label("id"))
        if when_iso is not None:
            chosen = chosen.where(retained.c.chosen_at < when_iso)
        if projects is not None:
            chosen = chosen.where(retained.c.project.in_(list(projects)))
        latest = chosen.group_by(retained.c.project).subquery()
        query = self._scoped(sa.select(retained.c.project, retained.c.entry_id)
                             .select_from(retained.join(latest, retained.c.id == latest.c.id)
                                          .join(entries, entries.c.id == retained.c.entry_id))
                             .where(entries.c.project == retained.c.project),
                             retained.c.entry_id)
        with self.engine.connect() as conn:
            return {r.project: r.entry_id for r in conn.execute(query)}

    def set_archived(self, entry_id: str, archived: bool, *, author: str = "") -> None:
        """Archive (hide from the list and the portfolio) or bring back a scenario."""
        entry_id = checked_entry_id(entry_id)
        author = checked_text("author", author)
        with write(self.engine) as conn:
            done = conn.execute(sa.update(entries).where(entries.c.id == entry_id)
                                .values(archived=bool(archived))).rowcount
            if done:
                record_audit(conn, author, "archive" if archived else "unarchive", entry_id,
                             {}, now_iso())
        if not done:
            raise LibraryError("entry", msg("no saved scenario has the id {entry}",
                                                entry=repr(entry_id)))

    # -- reading ---------------------------------------------------------------------------

    def _listed(self, columns: Any, *, search: str = "", projects: Iterable[str] = (),
                domains: Iterable[str] = (), verdicts: Iterable[str] = (),
                include_archived: bool = False) -> Any:
        """The query of the entries ``list`` and ``count`` find (their filters, in SQL)."""
        query = (sa.select(*columns).select_from(entries.join(versions, sa.and_(
            versions.c.entry_id == entries.c.id,
            versions.c.version == entries.c.latest_version))))
        if not include_archived:
            query = query.where(entries.c.archived.is_(False))
        for column, field, wanted in ((entries.c.project, "projects", projects),
                                      (versions.c.domain, "domains", domains),
                                      (versions.c.verdict, "verdicts", verdicts)):
            wanted = _wanted(field, wanted)
            if wanted:
                query = query.where(column.in_(wanted))
        term = checked_text("search", search).lower()  # a long text or a NUL: said, not sent
        if term:
            pattern = "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            columns_searched = (entries.c.name, entries.c.project, versions.c.author,
                                versions.c.comment)
            variants = _case_variants(pattern) if self.engine.dialect.name == "sqlite" \
                and not term.isascii() else None
            if variants:
                # SQLite folds ASCII letters only: "é" must find "É". Each way of writing
                # the term's other letters in either case is its own LIKE, in SQLite's C
                # (lowering every row's four columns in Python took twice as long at 100,000)
                found = (c.like(variant, escape="\\") for c in columns_searched
                         for variant in variants)
            elif self.engine.dialect.name == "sqlite" and not term.isascii():
                # more such letters than variants are worth: the columns lowered by Python's
                # Unicode rules, as the term was
                found = (getattr(sa.func, UNICODE_LOWER)(c).like(pattern, escape="\\")
                         for c in columns_searched)
            elif self.engine.dialect.name == "sqlite":
                # SQLite's LIKE ignores case already (ASCII, as its lower() does): without
                # lower() on four columns of every row, a search of 100,000 is twice as fast
                found = (c.like(pattern, escape="\\") for c in columns_searched)
            else:
                found = (c.ilike(pattern, escape="\\") for c in columns_searched)
            query = query.where(sa.or_(*found))
        return self._scoped(query, entries.c.id)

    def list(self, *, search: str = "", projects: Iterable[str] = (),
             domains: Iterable[str] = (), verdicts: Iterable[str] = (),
             include_archived: bool = False, limit: int | None = None,
             offset: int = 0) -> list[dict[str, Any]]:
        """Every entry with the figures of its latest version, most recently saved first.
        ``search`` looks in the name, project, author and comment (case-insensitive).
        ``limit`` and ``offset``: one page of them, found and cut by the database."""
        query = self._listed(LISTED, search=search, projects=projects, domains=domains,
                             verdicts=verdicts, include_archived=include_archived)
        query = query.order_by(versions.c.saved_at.desc(), entries.c.id)
        if limit is not None:
            query = query.limit(whole_number("limit", limit, 0, MAX_ROWS)).offset(
                whole_number("offset", max(0, offset) if isinstance(offset, int) else offset,
                       0, MAX_ROWS))
        with self.engine.connect() as conn:
            return [dict(row._mapping) for row in conn.execute(query)]

    def page(self, *, limit: int, offset: int = 0,
             **filters: Any) -> tuple[builtins.list[dict[str, Any]], int]:
        """One page of ``list`` (``limit`` entries from ``offset``) and how many entries the
        filters find in all. With a search, both come from one query (a count over the rows
        found, beside them): a search reads every row, and reading them once instead of twice
        halves a search of 100,000 (bench/bench_library_large.py). Without one, the count and
        the page are two quick queries (the page read in the order of an index)."""
        if not (filters.get("search") or "").strip():
            return self.list(**filters, limit=limit, offset=offset), self.count(**filters)
        limit = whole_number("limit", limit, 0, MAX_ROWS)
        offset = whole_number("offset", max(0, offset) if isinstance(offset, int) else offset,
                        0, MAX_ROWS)
        query = self._listed((*LISTED, sa.func.count().over().label("_found")), **filters)
        query = query.order_by(versions.c.saved_at.desc(), entries.c.id)
        query = query.limit(limit).offset(offset)
        with self.engine.connect() as conn:
            rows = [dict(row._mapping) for row in conn.execute(query)]
        if not rows:  # nothing found, or a page past the last: counted alone
            return rows, self.count(**filters) if offset > 0 else 0
        found = rows[0]["_found"]
        for row in rows:
            del row["_found"]
        return rows, int(found)

    def count(self, **filters: Any) -> int:
        """How many entries ``list`` finds with the same filters (counted by the database)."""
        query = self._listed((sa.func.count(),), **filters)
        with self.engine.connect() as conn:
            return int(conn.execute(query).scalar_one())

    def projects(self, limit: int | None = None) -> builtins.list[str]:
        """The projects, in alphabetical order (the first ``limit`` of them)."""
        query = self._scoped(sa.select(entries.c.project).distinct().order_by(
            entries.c.project), entries.c.id)
        if limit is not None:
            query = query.limit(whole_number("limit", limit, 0, MAX_ROWS))
        with self.engine.connect() as conn:
            return list(conn.execute(query).scalars())

    def entry(self, entry_id: str) -> dict[str, Any]:
        entry_id = checked_entry_id(entry_id)
        with self.engine.connect() as conn:
            row = conn.execute(self._scoped(sa.select(entries).where(
                entries.c.id == entry_id), entries.c.id)).first()
        if row is None:
            raise LibraryError("entry", msg("no saved scenario has the id {entry}",
                                                entry=repr(entry_id)))
        return dict(row._mapping)

    def history(self, entry_id: str) -> builtins.list[dict[str, Any]]:
        """Every version of an entry, newest first (without the scenario JSON)."""
        entry_id = checked_entry_id(entry_id)
        with self.engine.connect() as conn:
            rows = conn.execute(self._scoped(sa.select(*VERSION_COLUMNS)
                                             .where(versions.c.entry_id == entry_id)
                                             .order_by(versions.c.version.desc()),
                                             versions.c.entry_id)).all()
        if not rows:
            self.entry(entry_id)  # raises for an unknown id
        return [dict(row._mapping) for row in rows]

    def all_versions(self, include_archived: bool = False) -> builtins.list[dict[str, Any]]:
        """Every version of every entry (without the JSON), by entry then newest first."""
        query = (sa.select(*VERSION_COLUMNS, entries.c.name.label("entry_name"))
                 .select_from(versions.join(entries, entries.c.id == versions.c.entry_id))
                 .order_by(entries.c.name, entries.c.id, versions.c.version.desc()))
        if not include_archived:
            query = query.where(entries.c.archived.is_(False))
        with self.engine.connect() as conn:
            return [dict(row._mapping) for row in conn.execute(self._scoped(query,
                                                                            entries.c.id))]

    def open_version(self, entry_id: str, version: int | None = None) -> Opened:
        """One version (the latest by default), migrated and checked (see ``Opened``)."""
        if version is not None:
            whole_number("version", version, 1, MAX_VERSION)
        entry_id = checked_entry_id(entry_id)
        query = self._scoped(sa.select(*VERSION_COLUMNS, versions.c.scenario_json).where(
            versions.c.entry_id == entry_id), versions.c.entry_id)
        if version is None:
            query = query.where(versions.c.version == sa.select(entries.c.latest_version)
                                .where(entries.c.id == entry_id).scalar_subquery())
        else:
            query = query.where(versions.c.version == version)
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        if row is None:
            self.entry(entry_id)
            raise LibraryError("version", msg("the saved scenario {entry} has no version "
                                              "{version}", entry=repr(entry_id),
                                              version=version))
        meta = dict(row._mapping)
        raw = json.loads(meta.pop("scenario_json"))
        return checked(entry_id, meta["version"], raw, meta)

    def figures_with_current_data(self, rows: Iterable[dict[str, Any]]
                                  ) -> dict[str, dict[str, Any]]:
        """For listed rows (``list()``: each entry's latest version) saved with other reference
        data than today's: their figures recomputed with today's data, by entry id, with
        ``changed`` when the verdict or a figure moved. Rows saved with today's data are left
        out. A version never changes, so each is computed once per data version."""
        current = refdata.data_version()
        stale = {(r["id"], r["latest_version"]): r for r in rows
                 if r["data_version"] != current}
        if not stale:
            return {}
        query = self._scoped(
            sa.select(versions.c.entry_id, versions.c.version, versions.c.scenario_json)
            .where(sa.tuple_(versions.c.entry_id, versions.c.version).in_(list(stale))),
            versions.c.entry_id)
        with self.engine.connect() as conn:
            stored = conn.execute(query).all()
        out = {}
        for entry_id, version, text in stored:
            now = dict(recomputed(text, current))
            before = stale[(entry_id, version)]
            now["changed"] = "error" in now or now["verdict"] != before["verdict"] or any(
                abs(now[k] - before[k]) > 1e-6 * max(abs(before[k]), 1.0)
                for k in ("footprint_kgco2e", "benefits_kgco2e", "net_kgco2e"))
            out[entry_id] = now
        return out

    def figures(self, keys: Iterable[tuple[str, int]], *, compute: bool = True
                ) -> dict[tuple[str, int], dict[str, Any]]:
        """The figures of saved versions with today's reference data (``portfolio.figures_of``),
        by (entry id, version): read from the library; those not kept yet for today's data (a
        version saved with older data) computed once and kept, unless ``compute`` is False."""
        wanted = set(keys)
        if self._within is not None:  # only the entries this library reads
            with self.engine.connect() as conn:
                readable = set(conn.execute(self._within).scalars())
            wanted = {key for key in wanted if key[0] in readable}
        current = refdata.data_version()
        out: dict[tuple[str, int], dict[str, Any]] = {}
        ordered = sorted(wanted)
        with self.engine.connect() as conn:
            # only the rows asked for, found by the database (its primary key), a batch at once
            for first in range(0, len(ordered), FIGURES_BATCH):
                batch = ordered[first:first + FIGURES_BATCH]
                query = sa.select(version_figures.c.entry_id, version_figures.c.version,
                                  version_figures.c.figures_json) \
                    .where(version_figures.c.data_version == current,
                           sa.tuple_(version_figures.c.entry_id,
                                     version_figures.c.version).in_(batch))
                for entry_id, version, text in conn.execute(query):
                    out[(entry_id, version)] = json.loads(text)
        missing = wanted - set(out)
        if not missing or not compute:
            return out
        missing_ordered = sorted(missing)
        stored: builtins.list[Any] = []
        with self.engine.connect() as conn:
            for first in range(0, len(missing_ordered), FIGURES_BATCH):
                batch = missing_ordered[first:first + FIGURES_BATCH]
                stored += conn.execute(
                    sa.select(versions.c.entry_id, versions.c.version, versions.c.scenario_json)
                    .where(sa.tuple_(versions.c.entry_id, versions.c.version).in_(batch))).all()
        for entry_id, version, text in stored:
            figures = portfolio.figures_of(text)
            out[(entry_id, version)] = figures
            try:
                with write(self.engine) as conn:
                    conn.execute(sa.insert(version_figures).values(
                        entry_id=entry_id, version=version, data_version=current,
                        figures_json=json.dumps(figures)))
            except sa.exc.IntegrityError:
                pass  # another server or session kept the same figures first
        return out

    def keep_latest_figures(self) -> int:
        """Compute and keep today's figures of every scenario's latest version that has none
        yet (run in the background when a server first opens the library, so that a review
        after a new data version finds them). Returns how many were computed."""
        rows = self.list()
        keys = {(r["id"], r["latest_version"]) for r in rows}
        kept = self.figures(keys, compute=False)
        self.figures(keys - set(kept))
        return len(keys - set(kept))

    def keep_latest_figures_in_background(self) -> threading.Thread:
        """``keep_latest_figures`` in a thread of its own (a failure is logged: these are
        kept figures, the Portfolio computes whatever is missing)."""
        def keep() -> None:
            try:
                self.keep_latest_figures()
            except Exception:  # noqa: BLE001 - a cache
                logging.getLogger(__name__).warning("figures not kept in the background",
                                                    exc_info=True)
        thread = threading.Thread(target=keep, name="keep-figures", daemon=True)
        thread.start()
        return thread

    def latest_before(self, when_iso: str) -> builtins.list[dict[str, Any]]:
        """For every non-archived entry, its last version saved before ``when_iso`` (UTC ISO
        8601), with the entry's project and current name: the library as it stood then."""
        last = (sa.select(versions.c.entry_id, sa.func.max(versions.c.version).label("v"))
                .where(versions.c.saved_at < when_iso).group_by(versions.c.entry_id)
                .subquery())
        query = (sa.select(*VERSION_COLUMNS, versions.c.scenario_json,
                           entries.c.project.label("entry_project"),
                           entries.c.name.label("entry_name"))
                 .select_from(versions.join(last, sa.and_(
                     versions.c.entry_id == last.c.entry_id, versions.c.version == last.c.v))
                     .join(entries, entries.c.id == versions.c.entry_id))
                 .where(entries.c.archived.is_(False)))
        with self.engine.connect() as conn:
            return [dict(row._mapping) for row in conn.execute(self._scoped(
                query, entries.c.id))]


    # -- drafts ----------------------------------------------------------------------------

    def put_draft(self, token: str, scenario: Any, link: dict[str, Any] | None) -> None:
        """Keep the scenario a tab is working on (valid or not: a draft may hold an error the
        user is fixing). Raises LibraryError when it is too large to keep."""
        stored = json.dumps(scenario, sort_keys=True, ensure_ascii=False, default=str)
        if len(stored) > MAX_DRAFT_CHARS:
            raise LibraryError("draft", msg("is {size_number} characters; at most "
                                            "{limit_number} are kept", size_number=len(stored),
                                            limit_number=MAX_DRAFT_CHARS))
        values = {"scenario_json": stored, "updated_at": now_iso(),
                  "link_json": None if link is None else json.dumps(link)}
        with write(self.engine) as conn:
            done = conn.execute(sa.update(drafts).where(drafts.c.token == token)
                                .values(**values)).rowcount
            if not done:
                conn.execute(sa.insert(drafts).values(token=token, **values))

    def get_draft(self, token: str) -> tuple[Any, dict[str, Any] | None] | None:
        """(scenario, link) of a draft, or None when there is none."""
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(drafts.c.scenario_json, drafts.c.link_json)
                               .where(drafts.c.token == token)).first()
        if row is None:
            return None
        return json.loads(row[0]), (json.loads(row[1]) if row[1] else None)

    def forget_old_drafts(self, days: int = DRAFT_DAYS) -> int:
        """Delete the drafts untouched for ``days``; returns how many."""
        limit = (datetime.now(timezone.utc) - timedelta(days=days)).isoformat()
        with write(self.engine) as conn:
            return conn.execute(sa.delete(drafts).where(drafts.c.updated_at < limit)).rowcount


@functools.lru_cache(maxsize=4096)
def recomputed(scenario_json: str, data_version: str) -> tuple[tuple[str, Any], ...]:
    """The headline figures of a stored scenario with the reference data of ``data_version``
    (today's: the argument keys the cache), or ``error`` when it no longer validates. Kept per
    stored text: a saved version never changes. Immutable, as it is shared by every user."""
    try:
        raw, _ = scenario_format.migrate(json.loads(scenario_json))
        summary = _summary(raw)
    except ScenarioError as exc:
        return (("error", exc.message),)
    return tuple((k, summary[k]) for k in ("verdict", "footprint_kgco2e", "benefits_kgco2e",
                                           "net_kgco2e"))


def checked(entry_id: str, version: int, raw: Any, meta: dict[str, Any]) -> Opened:
    """A stored scenario brought to the current format and validated, never raising."""
    notes: list[str] = []
    error = None
    try:
        raw, notes = scenario_format.migrate(raw)
        scenario_format.load(raw)
    except ScenarioError as exc:
        error = str(exc)
    return Opened(entry_id, version, raw, meta, tuple(notes), error)
