"""Other authorities' public registers, kept in the library: each file imported is a row with
its origin (the file's name), the authority it names, the standard it follows, when and by
whom it was imported, and its projects as read (``calculators.elsewhere``). Nothing is
fetched: a file is given (the page, or ``ai-balance import-registers`` for a folder).

- Read-only: no row is updated or deleted; importing a file of the same name again adds a row,
  and the latest import of each origin is the one in force (the same bytes again add nothing).
- Never mixed with the authority's own: they live in their own table, which the library, the
  portfolio, the annual review and the authority's register never read.
- Project leads and administrators import; leads, committee members and administrators read.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from calculators import elsewhere
from calculators.i18n import msg

from .database import database_errors, elsewhere_imports, record_audit, write
from .library import LibraryError, now_iso
from .roles import ADMIN, LEAD, MEMBER, Actor, require, require_signed


@database_errors
class Elsewhere:
    """The registers of other authorities imported into the library's database."""

    def __init__(self, engine: Engine):
        self.engine = engine

    def add(self, actor: Actor, origin: str, data: bytes) -> tuple[int, elsewhere.Read]:
        """Import one register file: its number and what was read (the projects left out said
        in ``Read.skipped``). LibraryError naming ``file`` when it cannot be read."""
        require(actor, LEAD, ADMIN)
        require_signed(actor)
        origin = (origin or "").strip()[:300] or "register"
        if "\x00" in origin:
            raise LibraryError("file", msg("contains a NUL character"))
        origin = origin.encode("utf-8", "replace").decode("utf-8")
        try:
            found = elsewhere.read(data, origin)
        except elsewhere.RegisterFileError as exc:
            raise LibraryError("file", exc.message) from None
        digest = hashlib.sha256(data).hexdigest()
        with write(self.engine) as conn:
            last = conn.execute(sa.select(elsewhere_imports.c.id, elsewhere_imports.c.sha256)
                                .where(elsewhere_imports.c.origin == origin)
                                .order_by(elsewhere_imports.c.id.desc()).limit(1)).first()
            if last is not None and last.sha256 == digest:
                return last.id, found  # the same file again: nothing new
            at = now_iso()
            number = conn.execute(sa.insert(elsewhere_imports).values(
                origin=origin, authority=found.authority[:200], standard=found.standard,
                sha256=digest, imported_at=at, imported_by=actor.name,
                projects_json=json.dumps(found.projects, ensure_ascii=False))
                .returning(elsewhere_imports.c.id)).scalar_one()
            record_audit(conn, actor.name, "import register", origin,
                         {"import": number, "projects": len(found.projects),
                          "standard": found.standard}, at)
        return number, found

    def _in_force(self) -> sa.Select:
        latest = sa.select(sa.func.max(elsewhere_imports.c.id)).group_by(
            elsewhere_imports.c.origin)
        return sa.select(elsewhere_imports).where(elsewhere_imports.c.id.in_(latest)) \
            .order_by(elsewhere_imports.c.origin)

    def registers(self, actor: Actor) -> list[dict[str, Any]]:
        """The registers in force (the latest import of each origin), without their projects:
        origin, authority, standard, when, by whom, how many projects."""
        require(actor, LEAD, MEMBER, ADMIN)
        with self.engine.connect() as conn:
            rows = conn.execute(self._in_force()).all()
        out = []
        for row in rows:
            item = dict(row._mapping)
            item["count"] = len(json.loads(item.pop("projects_json")))
            out.append(item)
        return out

    def projects(self, actor: Actor) -> list[dict[str, Any]]:
        """Every project of the registers in force, each with its register's ``origin``,
        ``imported_at`` and ``import_id`` (its authority from the register when the project
        names none)."""
        require(actor, LEAD, MEMBER, ADMIN)
        with self.engine.connect() as conn:
            rows = conn.execute(self._in_force()).all()
        out = []
        for row in rows:
            for project in json.loads(row.projects_json):
                out.append(dict(project, authority=project.get("authority") or row.authority
                                or None, origin=row.origin, imported_at=row.imported_at,
                                import_id=row.id))
        return out

    def stamp(self) -> int:
        """The last import's number (0 for none): what the pages' cached lists depend on."""
        with self.engine.connect() as conn:
            return conn.execute(sa.select(sa.func.max(elsewhere_imports.c.id))).scalar() or 0

