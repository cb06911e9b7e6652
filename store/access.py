"""Rights on the scenario library, checked where the data is read and written.

``Guarded(library, actor)`` offers the ``Library``'s methods to one actor and refuses, with
``Forbidden``, what their roles do not allow:

- reading the library (lists, versions, figures): project leads and administrators, all of
  it; committee members, the scenarios submitted to the committee (with their history), and
  nothing else: another scenario is not found, as if it did not exist; the public reads the
  register only (``Committee.register``);
- a new project: project leads and administrators; its creator becomes its owner;
- changing a project's scenarios (a new version, a variant, rename, restore, retain, archive):
  its owners and administrators;
- a tab's draft: anyone holding a role.

A method not listed here is refused: a new method of the library is closed until its right is
written down. The app always goes through ``Guarded`` (without a login, with the local person's
every role); the command line and the tests use the ``Library`` itself.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from calculators.i18n import msg

from .database import (database_errors, entries, project_owners, record_audit, submissions,
                       translated, write)
from .library import Library, LibraryError, now_iso
from .roles import (ADMIN, LEAD, MEMBER, ROLES, Actor, Forbidden, require,
                    require_owner, require_signed)

@database_errors
class Guarded:
    """The library as one actor may use it (see the module's docstring): each method the app
    calls, with its right checked first. Any other name is refused (``__getattr__``): a new
    method of the library stays closed until its right is written here."""

    def __init__(self, library: Library, actor: Actor):
        self._library = library
        self.actor = actor
        self.engine = library.engine

    # -- reading: project leads and administrators, all of it; committee members, what is
    # submitted (another scenario is not found, as if it did not exist)

    def _reader(self) -> Library:
        require(self.actor, LEAD, MEMBER, ADMIN)
        if self.actor.can(LEAD, ADMIN):
            return self._library
        return self._library.limited_to(sa.select(submissions.c.entry_id).distinct())

    def list(self, *args: Any, **kwargs: Any) -> Any:
        return self._reader().list(*args, **kwargs)

    def page(self, *args: Any, **kwargs: Any) -> Any:
        return self._reader().page(*args, **kwargs)

    def count(self, *args: Any, **kwargs: Any) -> Any:
        return self._reader().count(*args, **kwargs)

    def projects(self, *args: Any, **kwargs: Any) -> Any:
        return self._reader().projects(*args, **kwargs)

    def entry(self, *args: Any, **kwargs: Any) -> Any:
        return self._reader().entry(*args, **kwargs)

    def history(self, *args: Any, **kwargs: Any) -> Any:
        return self._reader().history(*args, **kwargs)

    def all_versions(self, *args: Any, **kwargs: Any) -> Any:
        return self._reader().all_versions(*args, **kwargs)

    def open_version(self, *args: Any, **kwargs: Any) -> Any:
        return self._reader().open_version(*args, **kwargs)

    def figures_with_current_data(self, *args: Any, **kwargs: Any) -> Any:
        return self._reader().figures_with_current_data(*args, **kwargs)

    def figures(self, *args: Any, **kwargs: Any) -> Any:
        return self._reader().figures(*args, **kwargs)

    def retained_variants(self, *args: Any, **kwargs: Any) -> Any:
        return self._reader().retained_variants(*args, **kwargs)

    def latest_before(self, *args: Any, **kwargs: Any) -> Any:
        return self._reader().latest_before(*args, **kwargs)

    # -- a tab's draft: anyone holding a role

    def put_draft(self, *args: Any, **kwargs: Any) -> Any:
        require(self.actor, *ROLES)
        return self._library.put_draft(*args, **kwargs)

    def get_draft(self, *args: Any, **kwargs: Any) -> Any:
        require(self.actor, *ROLES)
        return self._library.get_draft(*args, **kwargs)

    # -- changing a project's scenarios: its owners and administrators, every act signed by
    # who acts, whatever name a page passes

    def _by_entry(self, method: Any, entry_id: str, *args: Any, **kwargs: Any) -> Any:
        require_owner(self.actor, self.engine, project_of(self.engine, entry_id))
        require_signed(self.actor)
        return method(entry_id, *args, **dict(kwargs, author=self.actor.name))

    def duplicate(self, entry_id: str, *args: Any, **kwargs: Any) -> Any:
        return self._by_entry(self._library.duplicate, entry_id, *args, **kwargs)

    def rename(self, entry_id: str, *args: Any, **kwargs: Any) -> Any:
        return self._by_entry(self._library.rename, entry_id, *args, **kwargs)

    def restore(self, entry_id: str, *args: Any, **kwargs: Any) -> Any:
        return self._by_entry(self._library.restore, entry_id, *args, **kwargs)

    def retain(self, entry_id: str, *args: Any, **kwargs: Any) -> Any:
        return self._by_entry(self._library.retain, entry_id, *args, **kwargs)

    def set_archived(self, entry_id: str, *args: Any, **kwargs: Any) -> Any:
        return self._by_entry(self._library.set_archived, entry_id, *args, **kwargs)

    def save(self, scenario: dict[str, Any], *, project: str | None = None,
             entry_id: str | None = None, **kwargs: Any):
        """A new version of ``entry_id`` (its project's owners), or a new scenario: in an
        existing project (its owners), or in a new one (a project lead, who becomes its
        owner)."""
        require(self.actor, LEAD, ADMIN)
        require_signed(self.actor)
        if entry_id is not None:
            require_owner(self.actor, self.engine, project_of(self.engine, entry_id))
        target = project or (None if entry_id is not None else
                             scenario.get("name") if isinstance(scenario, dict) else None)
        new_project = False
        if isinstance(target, str) and target.strip():
            target = target.strip()
            if self._library.count(projects=[target], include_archived=True):
                require_owner(self.actor, self.engine, target)
            else:
                new_project = True
        saved = self._library.save(scenario, project=project, entry_id=entry_id,
                                   **dict(kwargs, author=self.actor.name))
        if new_project:
            add_owner(self.engine, self._library.entry(saved.entry_id)["project"],
                      self.actor.subject, self.actor.name)
        return saved

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):  # copy, pickle and the like: not the library's
            raise AttributeError(name)
        raise Forbidden(msg("this action on the library is not open to anyone: {name}",
                            name=name))


@translated
def project_of(engine: sa.Engine, entry_id: str) -> str:
    with engine.connect() as conn:
        project = conn.execute(sa.select(entries.c.project)
                               .where(entries.c.id == entry_id)).scalar()
    if project is None:
        raise LibraryError("entry", msg("no saved scenario has the id {entry}",
                                        entry=repr(entry_id)[:60]))
    return project


@translated
def add_owner(engine: sa.Engine, project: str, subject: str, by: str) -> None:
    """Make ``subject`` an owner of ``project`` (kept with who did it and when)."""
    at = now_iso()
    with write(engine) as conn:
        if conn.execute(sa.select(project_owners.c.subject).where(
                project_owners.c.project == project,
                project_owners.c.subject == subject)).first():
            return
        conn.execute(sa.insert(project_owners).values(project=project, subject=subject,
                                                      at=at, by=by[:200]))
        record_audit(conn, by, "add owner", project, {"subject": subject}, at)


@translated
def give_project(actor: Actor, engine: sa.Engine, project: str, subject: str) -> None:
    """An administrator makes someone an owner of a project (a project saved before logins
    existed has none)."""
    require(actor, ADMIN)
    require_signed(actor)
    subject = (subject or "").strip()
    if not subject:
        raise LibraryError("subject", msg("must not be empty"))
    with engine.connect() as conn:
        known = conn.execute(sa.select(entries.c.id)
                             .where(entries.c.project == project)).first()
    if known is None:
        raise LibraryError("project", msg("no project is named {project}",
                                          project=repr(project)[:200]))
    add_owner(engine, project, subject[:200], actor.name)
