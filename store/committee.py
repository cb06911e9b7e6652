"""The ethics committee's part of the library: projects submitted to it, its opinions, the
public register, the roles of the people acting and the audit log.

What the citizens' convention asks (Montpellier Méditerranée Métropole, 2025): an important AI
project goes before the ethics committee, which has the figures to measure its footprint; its
opinion is made public and annexed to the authority's decisions.

- A project is submitted as one saved version (by default its retained variant's latest one).
- An opinion on a submission is favourable, favourable with conditions (listed), unfavourable,
  or postponed pending information (what is asked), with the session's date and name, who took
  part, the vote if there was one, and the reasons. A draft can be replaced; a published
  opinion cannot be changed, only followed by a new one. No row is ever updated or deleted.
- Rights are checked here, where the data is read and written, not only by the pages: every
  call names its ``Actor`` and a call its roles do not allow raises ``Forbidden``.
- The register is what anyone may read: the submitted projects, their submitted version's
  verdict, headline figures and frugality answers, and the published opinions. Nothing else.
"""

from __future__ import annotations

import json
import math
from datetime import date, datetime, timedelta, timezone
from typing import Any, Iterable

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from calculators import frugality
from calculators.i18n import msg

from .database import (audit_log, database_errors, entries, opinions, project_owners,
                       record_audit, role_grants, submissions, version_figures, versions, write)
from .library import MAX_ROWS, LibraryError, now_iso, refuse_lone_surrogate, whole_number
# the roles, the actor and the checks are store.roles's (named here too, where the pages and
# the tests find them beside the committee)
from .roles import (ADMIN, LEAD, MEMBER, PUBLIC, ROLES, Actor, Forbidden,  # noqa: F401
                    local_actor, owns, require, require_signed)


# -- what an opinion holds ------------------------------------------------------------------

FAVOURABLE = "favourable"
WITH_CONDITIONS = "favourable_with_conditions"
UNFAVOURABLE = "unfavourable"
POSTPONED = "postponed"
DECISIONS = (FAVOURABLE, WITH_CONDITIONS, UNFAVOURABLE, POSTPONED)
DRAFT, PUBLISHED = "draft", "published"

MAX_CHARS = {"note": 2000, "session_name": 200, "participants": 4000, "reasons": 20_000,
             "information_requested": 4000, "condition": 2000}
MAX_CONDITIONS = 50
MAX_VOTES = 10_000  # far beyond any committee; refuses a typing slip of several digits
VOTE_FIELDS = ("votes_for", "votes_against", "votes_abstaining")
OPINION_FIELDS = ("decision", "conditions", "information_requested", "session_date",
                  "session_name", "participants", *VOTE_FIELDS, "reasons")


def _text(field: str, value: Any, *, required: bool = False) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise LibraryError(field, msg("must be text"))
    value = value.strip()
    if "\x00" in value:
        raise LibraryError(field, msg("must not contain a NUL character"))
    refuse_lone_surrogate(field, value)
    limit = MAX_CHARS.get(field, MAX_CHARS["condition"])
    if len(value) > limit:
        raise LibraryError(field, msg("at most {count} characters; got {got}", count=limit,
                                      got=len(value)))
    if required and not value:
        raise LibraryError(field, msg("must not be empty"))
    return value


def _votes(given: dict[str, Any]) -> dict[str, int | None]:
    values = {k: given.get(k) for k in VOTE_FIELDS}
    if all(v is None for v in values.values()):
        return values  # no vote was taken
    out: dict[str, int | None] = {}
    for key, value in values.items():
        if value is None:
            raise LibraryError(key, msg("give the three counts of a vote (for, against, "
                                        "abstaining), or none when no vote was taken"))
        if isinstance(value, bool) or not isinstance(value, (int, float)) or (
                isinstance(value, float) and (not math.isfinite(value) or value != int(value))):
            raise LibraryError(key, msg("must be a whole number of people; got {value}",
                                        value=repr(value)[:40]))
        if not 0 <= value <= MAX_VOTES:
            raise LibraryError(key, msg("must be between 0 and {high}; got {value}",
                                        high=MAX_VOTES, value=int(value)))
        out[key] = int(value)
    return out


def _session_date(value: Any) -> str:
    if isinstance(value, date) and not isinstance(value, datetime):
        day = value
    else:
        try:
            day = date.fromisoformat(str(value or "").strip())
        except ValueError:
            raise LibraryError("session_date", msg(
                "a date is needed (year-month-day, e.g. 2026-11-23); got {value}",
                value=repr(value)[:40])) from None
    # an opinion is recorded after its session: a date in the future is a slip (one day of
    # margin for the time zones)
    if day > datetime.now(timezone.utc).date() + timedelta(days=1):
        raise LibraryError("session_date", msg("the session's date is in the future: {day}",
                                               day=day.isoformat()))
    if day.year < 2000:
        raise LibraryError("session_date", msg("must be 2000 or later; got {day}",
                                               day=day.isoformat()))
    return day.isoformat()


def checked_opinion(given: dict[str, Any], *, publish: bool) -> dict[str, Any]:
    """The opinion's fields as they are stored, or LibraryError naming the first field to
    fix. A published opinion needs its reasons; conditions go with a favourable opinion with
    conditions, the information asked with a postponement."""
    if not isinstance(given, dict):
        raise LibraryError("opinion", msg("must be an object of the opinion's fields"))
    unknown = sorted(set(given) - set(OPINION_FIELDS))
    if unknown:
        raise LibraryError(unknown[0], msg("unknown field; accepted: {fields}",
                                           fields=", ".join(OPINION_FIELDS)))
    decision = given.get("decision")
    if decision not in DECISIONS:
        raise LibraryError("decision", msg("must be one of {choices}; got {value}",
                                           choices=", ".join(DECISIONS),
                                           value=repr(decision)[:60]))
    raw_conditions = given.get("conditions") or []
    if isinstance(raw_conditions, str):
        raw_conditions = raw_conditions.splitlines()
    if not isinstance(raw_conditions, (list, tuple)):
        raise LibraryError("conditions", msg("must be a list of conditions, one a line"))
    conditions = [c for c in (_text("condition", c) for c in raw_conditions) if c]
    if len(conditions) > MAX_CONDITIONS:
        raise LibraryError("conditions", msg("at most {count} conditions; got {got}",
                                             count=MAX_CONDITIONS, got=len(conditions)))
    if decision == WITH_CONDITIONS and not conditions:
        raise LibraryError("conditions", msg("a favourable opinion with conditions lists its "
                                             "conditions, one a line"))
    if decision != WITH_CONDITIONS and conditions:
        raise LibraryError("conditions", msg("only a favourable opinion with conditions has "
                                             "conditions"))
    requested = _text("information_requested", given.get("information_requested"),
                      required=decision == POSTPONED)
    out = {"decision": decision, "conditions_json": json.dumps(conditions, ensure_ascii=False),
           "information_requested": requested,
           "session_date": _session_date(given.get("session_date")),
           "session_name": _text("session_name", given.get("session_name")),
           "participants": _text("participants", given.get("participants"), required=publish),
           "reasons": _text("reasons", given.get("reasons"), required=publish),
           **_votes(given)}
    return out


def _opinion_row(row: Any) -> dict[str, Any]:
    out = dict(row._mapping)
    out["conditions"] = json.loads(out.pop("conditions_json"))
    return out


# -- the committee --------------------------------------------------------------------------

# the acts of the audit log a committee member reads (``Committee.audit``)
COMMITTEE_ACTIONS = ("submit", "draft opinion", "publish opinion", "record results")


@database_errors
class Committee:
    """Submissions, opinions, the register, roles and the audit log, in the library's
    database."""

    def __init__(self, engine: Engine):
        self.engine = engine

    # -- submitting --------------------------------------------------------------------

    def submit(self, actor: Actor, entry_id: str, version: int | None = None, *,
               note: str = "") -> int:
        """Put one saved version before the committee (its latest one by default); returns the
        submission's number. A project lead or an administrator."""
        require(actor, LEAD, ADMIN)
        note = _text("note", note)
        with write(self.engine) as conn:
            entry = conn.execute(sa.select(entries.c.project, entries.c.latest_version,
                                           entries.c.archived)
                                 .where(entries.c.id == entry_id)).first()
            if entry is None:
                raise LibraryError("entry", msg("no saved scenario has the id {entry}",
                                                entry=repr(entry_id)[:60]))
            if entry.archived:
                raise LibraryError("entry", msg("this scenario is archived: bring it back "
                                                "before submitting it"))
            if not owns(conn, actor, entry.project):
                raise Forbidden(msg("only the owners of project {project} and administrators "
                                    "can submit it", project=entry.project))
            version = entry.latest_version if version is None else version
            row = conn.execute(sa.select(versions.c.project).where(
                versions.c.entry_id == entry_id, versions.c.version == version)).first()
            if row is None:
                raise LibraryError("version", msg("no version {version} of this scenario",
                                                  version=repr(version)[:40]))
            at = now_iso()
            submission_id = conn.execute(sa.insert(submissions).values(
                project=row.project, entry_id=entry_id, version=version, submitted_at=at,
                submitted_by=actor.name, note=note).returning(submissions.c.id)).scalar_one()
            _audit(conn, actor, "submit", f"{row.project} ({entry_id} v{version})",
                   {"submission": submission_id}, at)
        return submission_id

    def submissions(self, actor: Actor) -> list[dict[str, Any]]:
        """The submissions, the latest first, with their version's saved figures and the
        opinion in force (published) and, for the committee, the draft. Committee members and
        administrators read every submission; a project lead, those of the projects they own,
        without the committee's drafts."""
        require(actor, LEAD, MEMBER, ADMIN)
        committee = actor.can(MEMBER, ADMIN)
        query = self._submitted_query().order_by(submissions.c.id.desc())
        if not committee:
            query = query.where(submissions.c.project.in_(
                sa.select(project_owners.c.project).where(
                    project_owners.c.subject == actor.subject)))
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
            found = _opinions_of(conn, [r.id for r in rows])
        return [_with_opinions(dict(r._mapping), found.get(r.id, []), drafts=committee)
                for r in rows]

    def owned_projects(self, actor: Actor, projects: Iterable[str]) -> list[str]:
        """Those of ``projects`` ``actor`` may submit: every one for an administrator, the
        ones they own for a project lead, none for anyone else (in the order given)."""
        projects = list(projects)
        if actor.can(ADMIN):
            return projects
        if not actor.can(LEAD):
            return []
        with self.engine.connect() as conn:
            mine = set(conn.execute(sa.select(project_owners.c.project).where(
                project_owners.c.subject == actor.subject)).scalars())
        return [p for p in projects if p in mine]

    def submission(self, actor: Actor, submission_id: int) -> dict[str, Any]:
        """One submission with every opinion row on it, oldest first: drafts included for the
        committee; for a project lead, only a submission of a project they own, without
        drafts."""
        require(actor, LEAD, MEMBER, ADMIN)
        committee = actor.can(MEMBER, ADMIN)
        with self.engine.connect() as conn:
            row = conn.execute(self._submitted_query().where(
                submissions.c.id == submission_id)).first()
            if row is None or not (committee or owns(conn, actor, row.project)):
                raise LibraryError("submission", msg("no submission {number}",
                                                     number=repr(submission_id)[:40]))
            found = _opinions_of(conn, [row.id])
        return _with_opinions(dict(row._mapping), found.get(row.id, []), drafts=committee)

    @staticmethod
    def _submitted_query() -> sa.Select:
        return sa.select(submissions, versions.c.name, versions.c.domain, versions.c.verdict,
                         versions.c.committee_review, versions.c.horizon_years,
                         versions.c.footprint_kgco2e, versions.c.benefits_kgco2e,
                         versions.c.net_kgco2e, versions.c.data_version,
                         versions.c.saved_at, versions.c.author) \
            .join(versions, sa.and_(versions.c.entry_id == submissions.c.entry_id,
                                    versions.c.version == submissions.c.version))

    # -- opinions -----------------------------------------------------------------------

    def record(self, actor: Actor, submission_id: int, opinion: dict[str, Any], *,
               publish: bool = False) -> int:
        """Record an opinion on a submission, as a draft (replacing the previous draft) or
        published (made public at once; it follows the previous published opinion, which
        stays in the history). Returns the new row's number. Committee members."""
        require(actor, MEMBER)
        fields = checked_opinion(opinion, publish=publish)
        with write(self.engine) as conn:
            found = conn.execute(sa.select(submissions.c.id, submissions.c.project)
                                 .where(submissions.c.id == submission_id)).first()
            if found is None:
                raise LibraryError("submission", msg("no submission {number}",
                                                     number=repr(submission_id)[:40]))
            previous = conn.execute(sa.select(opinions.c.id).where(
                opinions.c.submission_id == submission_id).order_by(
                opinions.c.id.desc()).limit(1)).scalar()
            at = now_iso()
            status = PUBLISHED if publish else DRAFT
            opinion_id = conn.execute(sa.insert(opinions).values(
                submission_id=submission_id, status=status, recorded_at=at,
                recorded_by=public_name(actor), follows_id=previous, **fields)
                .returning(opinions.c.id)).scalar_one()
            _audit(conn, actor, "publish opinion" if publish else "draft opinion",
                   found.project, {"submission": submission_id, "opinion": opinion_id,
                                   "decision": fields["decision"]}, at)
        return opinion_id

    def opinion_in_force(self, entry_id: str, version: int) -> dict[str, Any] | None:
        """The latest published opinion on this saved version (any submission of it), with
        its submission's date; None when it has none. Published opinions are public."""
        with self.engine.connect() as conn:
            row = conn.execute(
                sa.select(opinions, submissions.c.submitted_at, submissions.c.project)
                .join(submissions, submissions.c.id == opinions.c.submission_id)
                .where(submissions.c.entry_id == entry_id, submissions.c.version == version,
                       opinions.c.status == PUBLISHED)
                .order_by(opinions.c.id.desc()).limit(1)).first()
        return None if row is None else _opinion_row(row)

    def pending(self, entry_id: str, version: int) -> dict[str, Any] | None:
        """The latest submission of this version still without a published opinion, or
        None. (The date a version was submitted is public: the register shows it.)"""
        with self.engine.connect() as conn:
            published = sa.select(opinions.c.id).where(
                opinions.c.submission_id == submissions.c.id,
                opinions.c.status == PUBLISHED).exists()
            row = conn.execute(sa.select(submissions.c.id, submissions.c.submitted_at)
                               .where(submissions.c.entry_id == entry_id,
                                      submissions.c.version == version, ~published)
                               .order_by(submissions.c.id.desc()).limit(1)).first()
        return None if row is None else dict(row._mapping)

    def latest_opinions(self, entry_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """For each scenario that has one, the latest opinion published on any of its
        versions, with that ``version`` (the Library and the Portfolio show it)."""
        entry_ids = sorted(set(entry_ids))
        if not entry_ids:
            return {}
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(opinions, submissions.c.entry_id, submissions.c.version)
                .join(submissions, submissions.c.id == opinions.c.submission_id)
                .where(submissions.c.entry_id.in_(entry_ids), opinions.c.status == PUBLISHED)
                .order_by(opinions.c.id)).all()
        return {row.entry_id: _opinion_row(row) for row in rows}  # the latest wins

    # -- the public register --------------------------------------------------------------

    def register(self) -> list[dict[str, Any]]:
        """What anyone may read, one row a project submitted to the committee: its latest
        submission's version (name, domain, verdict and figures as saved, the water balance
        when it was counted), its frugality answers, the opinion in force and the earlier
        published opinions. No draft, no other scenario, no comment."""
        with self.engine.connect() as conn:
            latest = sa.select(sa.func.max(submissions.c.id)).group_by(submissions.c.project)
            rows = conn.execute(self._submitted_query().add_columns(versions.c.scenario_json)
                                .where(submissions.c.id.in_(latest))
                                .order_by(submissions.c.project)).all()
            every = conn.execute(sa.select(submissions.c.id, submissions.c.project,
                                           submissions.c.submitted_at)).all()
            by_project: dict[str, list[int]] = {}
            first: dict[str, str] = {}  # when each project was first submitted
            for r in every:
                by_project.setdefault(r.project, []).append(r.id)
                first[r.project] = min(first.get(r.project, r.submitted_at), r.submitted_at)
            found = _opinions_of(conn, [i for ids in by_project.values() for i in ids])
            kept = {(r.entry_id, r.version): json.loads(r.figures_json)
                    for r in conn.execute(sa.select(version_figures).where(
                         sa.tuple_(version_figures.c.entry_id, version_figures.c.version,
                                   version_figures.c.data_version).in_(
                             [(r.entry_id, r.version, r.data_version) for r in rows]))).all()
                    } if rows else {}
        out = []
        for r in rows:
            row = dict(r._mapping)
            for private in ("note", "submitted_by", "author"):  # not published
                del row[private]
            scenario = json.loads(row.pop("scenario_json"))
            published = [o for i in sorted(by_project[row["project"]])
                         for o in found.get(i, []) if o["status"] == PUBLISHED]
            mine = [o for o in published if o["submission_id"] == row["id"]]
            row.update(
                description=scenario.get("description", ""),
                first_submitted_at=first[row["project"]],
                # kept with today's data (None when not counted in that version)
                **{k: kept.get((row["entry_id"], row["version"]), {}).get(k)
                   for k in ("water_net_l", "investment_eur", "cost_eur_per_tco2e",
                             "to_complete", "rests_on", "sci_gco2e_per_unit", "sci_unit")},
                frugality=frugality.answer_codes(scenario.get("frugality"),
                                                 scenario.get("alternative") is not None),
                opinion=mine[-1] if mine else None,
                earlier_opinions=[o for o in published if o not in mine[-1:]],
                scenario=scenario)
            out.append(row)
        return out

    def register_stamp(self) -> list[Any]:
        """The last submission and the last published opinion, each its number and time
        (nothing for none): the register only grows (nothing in it is edited or deleted), so
        they say whether it changed (``report.published``); the times tell a database made
        again from the start from the one it replaced."""
        with self.engine.connect() as conn:
            last = conn.execute(sa.select(submissions.c.id, submissions.c.submitted_at)
                                .order_by(submissions.c.id.desc()).limit(1)).first()
            said = conn.execute(sa.select(opinions.c.id, opinions.c.recorded_at)
                                .where(opinions.c.status == PUBLISHED)
                                .order_by(opinions.c.id.desc()).limit(1)).first()
        return [list(last) if last else [], list(said) if said else []]

    def submitted_scenario(self, submission_id: int) -> dict[str, Any]:
        """The scenario of a submitted version, as saved (public: the register's dossier is
        made from it), or LibraryError when there is no such submission."""
        with self.engine.connect() as conn:
            text = conn.execute(sa.select(versions.c.scenario_json).join(
                submissions, sa.and_(versions.c.entry_id == submissions.c.entry_id,
                                     versions.c.version == submissions.c.version))
                .where(submissions.c.id == submission_id)).scalar()
        if text is None:
            raise LibraryError("submission", msg("no submission {number}",
                                                 number=repr(submission_id)[:40]))
        return json.loads(text)

    # -- roles and the audit log ----------------------------------------------------------

    def roles_of(self, subject: str) -> frozenset[str]:
        """The roles the person with this login identifier holds now."""
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(role_grants.c.role, role_grants.c.granted)
                                .where(role_grants.c.subject == subject)
                                .order_by(role_grants.c.id)).all()
        held: dict[str, bool] = {}
        for row in rows:
            held[row.role] = row.granted
        return frozenset(r for r, on in held.items() if on)

    def people(self, actor: Actor) -> dict[str, frozenset[str]]:
        """Everyone ever given a role, with the roles they hold now. Administrators."""
        require(actor, ADMIN)
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(role_grants.c.subject, role_grants.c.role,
                                          role_grants.c.granted).order_by(role_grants.c.id)).all()
        held: dict[str, dict[str, bool]] = {}
        for row in rows:
            held.setdefault(row.subject, {})[row.role] = row.granted
        return {s: frozenset(r for r, on in roles.items() if on) for s, roles in held.items()}

    def set_role(self, actor: Actor, subject: str, role: str, granted: bool) -> None:
        """Give or withdraw a role (a new row each time; the history stays). Administrators;
        an administrator cannot withdraw their own administrator role (someone must keep it)."""
        require(actor, ADMIN)
        subject = _text("subject", subject, required=True)[:200]
        if role not in ROLES:
            raise LibraryError("role", msg("must be one of {choices}; got {value}",
                                           choices=", ".join(ROLES), value=repr(role)[:40]))
        if role == ADMIN and not granted and subject == actor.subject:
            raise LibraryError("role", msg("you cannot withdraw your own administrator role"))
        at = now_iso()
        with write(self.engine) as conn:
            conn.execute(sa.insert(role_grants).values(subject=subject, role=role,
                                                       granted=bool(granted), at=at,
                                                       by=actor.name))
            _audit(conn, actor, "grant role" if granted else "withdraw role", subject,
                   {"role": role}, at)

    def audit(self, actor: Actor, limit: int = 500) -> list[dict[str, Any]]:
        """The latest entries of the audit log, newest first. Administrators read every
        entry; committee members, the acts on what is put before them (submissions, opinions,
        years of results): the saves, owners and roles of the library are not theirs to read
        (a project never submitted would show its name)."""
        require(actor, MEMBER, ADMIN)
        limit = whole_number("limit", limit, 0, MAX_ROWS)
        query = sa.select(audit_log).order_by(audit_log.c.id.desc()).limit(limit)
        if not actor.can(ADMIN):
            query = query.where(audit_log.c.action.in_(COMMITTEE_ACTIONS))
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        return [dict(r._mapping, detail=json.loads(r.detail)) for r in rows]


def public_name(actor: Actor) -> str:
    """The name an opinion is published under (the register, the dossier): the name the
    login gives, never an e-mail address nor the login's identifier, which a person did not
    choose to publish (empty then: shown "not given")."""
    name = actor.name.strip()
    if not name or name == actor.subject or "@" in name:
        return ""
    return name


def _audit(conn: sa.Connection, actor: Actor, action: str, subject: str,
           detail: dict[str, Any], at: str) -> None:
    require_signed(actor)  # in the act's transaction: refused, nothing of it is kept
    record_audit(conn, actor.name, action, subject, detail, at)


def _opinions_of(conn: sa.Connection, submission_ids: list[int]
                 ) -> dict[int, list[dict[str, Any]]]:
    out: dict[int, list[dict[str, Any]]] = {}
    if not submission_ids:
        return out
    rows = conn.execute(sa.select(opinions).where(opinions.c.submission_id.in_(submission_ids))
                        .order_by(opinions.c.id)).all()
    for row in rows:
        out.setdefault(row.submission_id, []).append(_opinion_row(row))
    return out


def _with_opinions(row: dict[str, Any], found: list[dict[str, Any]], *, drafts: bool
                   ) -> dict[str, Any]:
    published = [o for o in found if o["status"] == PUBLISHED]
    row["opinion"] = published[-1] if published else None
    # a draft newer than the opinion in force is the one being prepared
    last = found[-1] if found else None
    row["draft"] = last if drafts and last and last["status"] == DRAFT else None
    row["history"] = found if drafts else published
    return row
