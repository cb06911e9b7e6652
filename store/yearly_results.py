"""A project's yearly results: what was observed each year of service, kept beside the saved
version it is compared with (``calculators.actuals`` redraws the balance).

- A year's actuals are recorded on one saved version (the forecast: by default the project's
  retained scenario's latest). Rows are never updated: recording a year again adds a row, and
  the latest row of a project's year is the one in force; every earlier row is kept.
- Rights are checked here: the project's owners and administrators record; project leads,
  committee members and administrators read (the yearly report is presented to the
  committee). The public does not read them.
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from calculators.actuals import MAX_YEAR, MIN_YEAR, ActualsError, validate
from calculators.i18n import msg
from calculators.scenario import ScenarioError, load, migrate

from .roles import ADMIN, LEAD, MEMBER, Actor, require, require_owner, require_signed
from .database import (database_errors, entries, record_audit, versions, write,
                       yearly_results)
from .library import (MAX_VERSION, LibraryError, checked_entry_id, checked_text, now_iso,
                      whole_number)


def _project(project: Any) -> str:
    """A project's name as the library keeps it (said before any query)."""
    return checked_text("project", project, required=True)


@database_errors
class Results:
    """The yearly results of the projects, in the library's database."""

    def __init__(self, engine: Engine):
        self.engine = engine

    def record(self, actor: Actor, entry_id: str, version: int, actuals: Any) -> int:
        """Record a year's actuals against one saved version; returns the row's number. The
        project's owners and administrators. Raises LibraryError naming the field for actuals
        that cannot be used (``calculators.actuals.validate``), Forbidden for anyone else."""
        require(actor, LEAD, ADMIN)
        require_signed(actor)
        entry_id = checked_entry_id(entry_id)  # a value no query could hold: said, not sent
        version = whole_number("version", version, 1, MAX_VERSION)
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(versions.c.project, versions.c.scenario_json).where(
                versions.c.entry_id == entry_id, versions.c.version == version)).first()
        if row is None:
            raise LibraryError("version", msg("no version {version} of this scenario",
                                              version=repr(version)[:40]))
        require_owner(actor, self.engine, row.project)
        try:
            forecast = load(migrate(json.loads(row.scenario_json))[0])
            checked = validate(actuals, forecast)
        except ActualsError as exc:
            raise LibraryError(exc.field, exc.message) from None
        except ScenarioError as exc:
            raise LibraryError("version", msg("the saved version does not validate now: "
                                              "{error}", error=exc.message)) from None
        at = now_iso()
        with write(self.engine) as conn:
            number = conn.execute(sa.insert(yearly_results).values(
                project=row.project, entry_id=entry_id, version=version,
                year=checked["year"], actuals_json=json.dumps(checked, ensure_ascii=False),
                recorded_at=at, recorded_by=actor.name[:200]).returning(
                    yearly_results.c.id)).scalar_one()
            record_audit(conn, actor.name, "record results",
                         f"{row.project} ({entry_id} v{version})",
                         {"year": checked["year"], "row": number}, at)
        return number

    def in_force(self, actor: Actor, *, project: str | None = None,
                 year: int | None = None) -> list[dict[str, Any]]:
        """The latest row of each project's year (of one project, or of one year), with the
        saved version's scenario it is compared with; by project, then year. Project leads,
        committee members and administrators."""
        require(actor, LEAD, MEMBER, ADMIN)
        project = None if project is None else _project(project)
        year = None if year is None else whole_number("year", year, MIN_YEAR, MAX_YEAR)
        latest = sa.select(sa.func.max(yearly_results.c.id)).group_by(
            yearly_results.c.project, yearly_results.c.year)
        query = sa.select(yearly_results, versions.c.scenario_json, versions.c.name,
                          entries.c.archived) \
            .join(versions, sa.and_(versions.c.entry_id == yearly_results.c.entry_id,
                                    versions.c.version == yearly_results.c.version)) \
            .join(entries, entries.c.id == yearly_results.c.entry_id) \
            .where(yearly_results.c.id.in_(latest))
        if project is not None:
            query = query.where(yearly_results.c.project == project)
        if year is not None:
            query = query.where(yearly_results.c.year == year)
        with self.engine.connect() as conn:
            rows = conn.execute(query.order_by(yearly_results.c.project,
                                               yearly_results.c.year)).all()
        out = []
        for r in rows:
            row = dict(r._mapping)
            row["actuals"] = json.loads(row.pop("actuals_json"))
            out.append(row)
        return out

    def stamp(self, actor: Actor) -> list[Any]:
        """The last row recorded, its number and time (nothing for none): rows are never
        updated nor deleted, so this says whether what ``in_force`` returns changed (the
        readers of ``in_force``). The time tells a database made again from the one it
        replaced."""
        require(actor, LEAD, MEMBER, ADMIN)
        with self.engine.connect() as conn:
            last = conn.execute(sa.select(yearly_results.c.id, yearly_results.c.recorded_at)
                                .order_by(yearly_results.c.id.desc()).limit(1)).first()
        return list(last) if last else []

    def history(self, actor: Actor, project: str, year: int) -> int:
        """How many times a project's year was recorded (the earlier rows are kept)."""
        require(actor, LEAD, MEMBER, ADMIN)
        project, year = _project(project), whole_number("year", year, MIN_YEAR, MAX_YEAR)
        with self.engine.connect() as conn:
            return conn.execute(sa.select(sa.func.count()).where(
                yearly_results.c.project == project,
                yearly_results.c.year == year)).scalar_one()
