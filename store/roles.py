"""Who may do what, in one place: the roles, the actor, and the checks every part of the store
calls before it reads or writes (``require``, ``require_owner``, ``owns``, ``require_signed``).

The rights themselves, operation by operation, are written where the data is read and written
(``store.access`` for the library, ``store.committee``, ``store.yearly_results``) and tested
for every person (tests/test_rights.py); the words of a refusal are here.
"""

from __future__ import annotations

from typing import Iterable, NamedTuple

import sqlalchemy as sa

from calculators.i18n import ROLE_WORDS, Message, msg

from .database import project_owners, translated
from .library import LibraryError

# -- roles ----------------------------------------------------------------------------------

LEAD = "lead"          # edits and submits the projects they carry
MEMBER = "member"      # a member of the ethics committee: reads what is submitted, gives opinions
ADMIN = "admin"        # manages people and roles
ROLES = (LEAD, MEMBER, ADMIN)


class Actor(NamedTuple):
    """Who is acting: the login's identifier (``subject``), the name shown in the audit log and
    the roles held. The public (no login) holds no role."""

    subject: str
    name: str
    roles: frozenset[str]

    def can(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))


PUBLIC = Actor("", "", frozenset())


def local_actor(name: str = "") -> Actor:
    """The one person using the app on their own machine when no login is configured: every
    role (there is nobody else to protect the data from), under the name they typed; with
    none, they may read but not act (``require_signed``)."""
    return Actor("local", name.strip()[:200], frozenset(ROLES))


def require_signed(actor: Actor) -> None:
    """Every act is signed (the history, the register, the dossier's annex): an actor with no
    name (no login, and no name typed) is refused, never written down as "local"."""
    if not actor.name.strip():
        raise LibraryError("author", msg("type your name first: every act is signed with it"))


class Forbidden(LibraryError):
    """The actor's roles do not allow this request."""

    def __init__(self, message: str | Message):
        super().__init__("role", message)


def _roles_words(roles: Iterable[str], joined: str) -> Message:
    """"project lead or administrator", "committee member and administrator": the roles in
    words, in the reader's language when the message is shown."""
    words = [ROLE_WORDS[r] for r in ROLES if r in set(roles)]
    if not words:
        return msg("no role (public)")
    if len(words) == 1:
        return words[0]
    if len(words) == 2:
        if joined == "or":
            return msg("{first} or {second}", first=words[0], second=words[1])
        return msg("{first} and {second}", first=words[0], second=words[1])
    if joined == "or":
        return msg("{first}, {second} or {third}", first=words[0], second=words[1],
                   third=words[2])
    return msg("{first}, {second} and {third}", first=words[0], second=words[1],
               third=words[2])


def require(actor: Actor, *roles: str) -> None:
    """Forbidden unless ``actor`` holds one of ``roles`` (said in words: what is needed, what
    is held)."""
    if not isinstance(actor, Actor):
        raise TypeError("actor must be a store.roles.Actor")
    if not actor.can(*roles):
        raise Forbidden(msg("this needs the role of {roles}; you have: {held}",
                            roles=_roles_words(roles, "or"),
                            held=_roles_words(actor.roles, "and")))


# -- owners -----------------------------------------------------------------------------------

@translated
def owners(engine: sa.Engine, project: str) -> set[str]:
    """The login identifiers of the people who own ``project``."""
    with engine.connect() as conn:
        return set(conn.execute(sa.select(project_owners.c.subject)
                                .where(project_owners.c.project == project)).scalars())


def owns(conn: sa.Connection, actor: Actor, project: str) -> bool:
    """An administrator, or an owner of ``project``, read in ``conn`` (within an act's own
    transaction)."""
    if actor.can(ADMIN):
        return True
    return conn.execute(sa.select(project_owners.c.subject).where(
        project_owners.c.project == project,
        project_owners.c.subject == actor.subject)).first() is not None


@translated
def require_owner(actor: Actor, engine: sa.Engine, project: str) -> None:
    """Forbidden unless ``actor`` is an administrator, or a project lead who owns
    ``project``."""
    if actor.can(ADMIN):
        return
    require(actor, LEAD)
    if actor.subject not in owners(engine, project):
        raise Forbidden(msg("only the owners of project {project} and administrators can "
                            "change it", project=project))
