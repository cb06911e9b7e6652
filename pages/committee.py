"""Committee: put a project before the ethics committee (its retained scenario's saved
version), record and publish the committee's opinion, and read the audit log. The rights are
checked by the store (store/committee.py), whatever this page shows."""

from datetime import date

import pandas as pd
import streamlit as st

from calculators import i18n, registration
from calculators.i18n import N_
from store import LibraryError, StoreFailure
from store import access
from store.committee import ADMIN, DECISIONS, LEAD, MAX_VOTES, MEMBER, ROLES
from ui import auth, committee as committee_ui
from ui import language, library as library_ui, router, state, tables
from ui.language import kg, plain, say, t, t_n

router.ensure_routed()


def page() -> None:
    st.title(t("Ethics committee"))
    st.caption(t("Put a project before the ethics committee, record its opinion and publish "
                 "it. A published opinion is public (the Public register page), appears on "
                 "the verdict page of the version it is on and is annexed to its dossier; it "
                 "cannot be changed afterwards, only followed by a new opinion."))
    lib = library_ui.shown()
    committee = committee_ui.committee()
    if lib is None or committee is None:
        return
    me = auth.actor()
    if not auth.login_configured():
        st.info(t("No login is configured on this server: you act as its only user, with "
                  "every role (project lead, committee member, administrator). Your name signs "
                  "what you do here (the audit log, the register, the dossier's annex)."),
                icon=":material/person:")
        auth.name_field("cm_author")
    if me.can(LEAD, ADMIN):
        _submit(lib, committee, me)
    _submissions(committee, me)
    if me.can(ADMIN) and auth.login_configured():  # without a login there is nobody else
        _people(lib, committee, me)
    if not me.can(MEMBER, ADMIN):
        return
    with st.expander(t("Audit log: who did what, when")):
        log = committee.audit(me, limit=200)
        if not log:
            st.caption(t("Nothing recorded yet."))
        else:
            st.dataframe(pd.DataFrame({
                t("When"): [tables.when(a["at"]) for a in log],
                t("Who"): [a["actor"] for a in log],
                t("Action"): [i18n.word(i18n.AUDIT_ACTION_WORDS, a["action"],
                                        language.current()) for a in log],
                t("On"): [a["subject"] for a in log]}), hide_index=True, width="stretch")
            st.caption(t("The latest 200 entries, newest first; nothing is ever removed."))


def _done(kind: str, text: str) -> None:
    st.session_state[state.MESSAGE] = (kind, text)


def _refused(exc: LibraryError) -> None:
    _done("error", t("{field}: {message}", field=t(FIELD_WORDS[exc.field])
                     if exc.field in FIELD_WORDS else exc.field, message=plain(say(exc.message))))


FIELD_WORDS = {"decision": N_("Opinion"), "conditions": N_("Conditions"),
               "condition": N_("Conditions"),
               "information_requested": N_("Information requested"),
               "session_date": N_("Date of the session"),
               "session_name": N_("Session"), "participants": N_("Taking part"),
               "votes_for": N_("For"), "votes_against": N_("Against"),
               "votes_abstaining": N_("Abstaining"), "reasons": N_("Reasons"),
               "note": N_("Note for the committee"), "role": N_("Role"),
               "subject": N_("Login (e-mail)"), "project": N_("Project"),
               "author": N_("Your name")}


def _submit(lib, committee, me) -> None:
    st.subheader(t("Submit a project"))
    every = lib.projects(limit=2000)
    if not every:
        st.caption(t("The library is empty: save a scenario first (sidebar, **Save to the "
                     "library**)."))
        return
    projects = committee.owned_projects(me, every)  # a lead submits the projects they own
    if not projects:
        st.caption(t("You own no project of the library: a project's owners (the person who "
                     "created it, or one an administrator named) and administrators submit "
                     "it."))
        return
    project = st.selectbox(t("Project"), projects, index=None, key="cm_project",
                           placeholder=t("choose the project to submit"),
                           help=t("The project's retained scenario is submitted, as its "
                                  "latest saved version (the Library says which scenario is "
                                  "retained)."))
    if project is None:
        return
    kept = lib.retained_variants(projects=[project]).get(project)
    if kept is None:
        st.warning(t("Project {project} has several scenarios and none retained: retain one "
                     "in the Library first.", project=plain(project)),
                   icon=":material/alt_route:")
        return
    entry = lib.entry(kept)
    st.caption(t("To be submitted: \"{name}\", version {version}.", name=plain(entry["name"]),
                 version=entry["latest_version"]))
    _entry_to_complete(lib, kept)
    note = st.text_area(t("Note for the committee"), key="cm_note", max_chars=2000,
                        placeholder=t("e.g. decision expected before the council of March"),
                        help=t("Optional, up to 2,000 characters: what the committee should "
                               "know. It is kept with the submission (not published)."))

    def submit() -> None:
        try:
            number = committee.submit(me, kept, entry["latest_version"], note=note)
        except LibraryError as exc:
            _refused(exc)
            return
        except StoreFailure as exc:
            _done("error", library_ui.database_failure(exc))
            return
        st.session_state["cm_pick"] = number
        _done("success", t("Submitted \"{name}\" version {version} to the committee "
                           "(submission {number}).", name=entry["name"],
                           version=entry["latest_version"], number=number)
              + _published_or_not())

    st.button(t("Submit to the committee"), key="cm_submit", icon=":material/gavel:",
              type="primary", on_click=submit)


def _entry_to_complete(lib, entry_id: str) -> None:
    """What the register's Eurocities file will lack of the version to be submitted: the
    submission is not held back (the committee examines the balance), the lead is told."""
    try:
        scenario = lib.open_version(entry_id).scenario
    except (LibraryError, StoreFailure):
        return  # the submission itself says what is wrong
    lacking = registration.missing(scenario.get("registration"))
    if lacking:
        st.info(t_n("Its register entry lacks {number} field the Eurocities standard requires "
                    "({fields_listed}): until it is given, the project stays out of the "
                    "register's Eurocities file. Fill it on the Register entry page, save, "
                    "then submit.",
                    "Its register entry lacks {number} fields the Eurocities standard "
                    "requires ({fields_listed}): until they are given, the project stays out "
                    "of the register's Eurocities file. Fill them on the Register entry page, "
                    "save, then submit.", count="number", number=len(lacking),
                    fields_listed=[t(registration.BY_KEY[k].label) for k in lacking]),
                icon=":material/assignment:")


def _submissions(committee, me) -> None:
    st.subheader(t("Submissions and opinions"))
    rows = committee.submissions(me)
    if not rows:
        st.caption(t("Nothing submitted yet."))
        return
    st.dataframe(pd.DataFrame({
        t("No."): [r["id"] for r in rows],
        t("Project"): [r["project"] for r in rows],
        t("Version"): [r["version"] for r in rows],
        t("Submitted"): [tables.when(r["submitted_at"]) for r in rows],
        t("Verdict"): [tables.verdict(r["verdict"]) for r in rows],
        t("Net balance (tCO2e)"): [tables.tonnes(r["net_kgco2e"]) for r in rows],
        t("Opinion in force"): [committee_ui.decision(r["opinion"]["decision"])
                                if r["opinion"] else t("(none yet)") for r in rows],
        t("Draft"): [tables.yes_no(r["draft"]) for r in rows]}), hide_index=True, width="stretch",
        column_config={t("No."): st.column_config.NumberColumn(width=40),
                       t("Project"): st.column_config.TextColumn(width="medium"),
                       t("Version"): st.column_config.NumberColumn(width=60),
                       t("Submitted"): st.column_config.TextColumn(width="small")})
    by_id = {r["id"]: r for r in rows}
    if st.session_state.get("cm_pick") not in by_id:
        st.session_state.pop("cm_pick", None)
    picked = st.selectbox(t("Submission"), list(by_id), index=None, key="cm_pick",
                          format_func=language.labels(by_id, lambda i: t(
                              "No. {number}: {project}, version {version}", number=i,
                              project=by_id[i]["project"], version=by_id[i]["version"])),
                          placeholder=t("choose a submission to give its opinion"))
    if picked is None:
        return
    row = by_id[picked]
    st.markdown(t("**{name}**, version {version}: {verdict} balance, net {net} (as saved "
                  "{when}, data {data}).", name=plain(row["name"]), version=row["version"],
                  verdict=tables.verdict(row["verdict"]).lower(), net=kg(row["net_kgco2e"]),
                  when=tables.when(row["saved_at"]), data=row["data_version"]))
    if row["note"]:
        st.caption(t("Note: {text}", text=plain(row["note"])))
    if row["opinion"]:
        committee_ui.show_opinion(row["opinion"], heading=t("Opinion in force"))
    earlier = [o for o in row["history"] if o["status"] == "published"][:-1]
    if earlier:
        with st.expander(t("Earlier opinions ({count})", count=len(earlier))):
            for opinion in reversed(earlier):
                committee_ui.show_opinion(opinion, heading=t("Opinion"))
    if me.can(MEMBER):  # the committee's members give its opinions
        _opinion_form(committee, me, row)


def _people(lib, committee, me) -> None:
    """Administrators: who holds which role, giving and withdrawing them, and the owners of a
    project (a project saved before the login has none)."""
    with st.expander(t("People and roles (administrators)")):
        people = committee.people(me)
        if people:
            tables.static(pd.DataFrame({
                t("Login (e-mail)"): list(people),
                t("Roles"): [", ".join(say(i18n.ROLE_WORDS[r]) for r in ROLES if r in held)
                             or t("(none)") for held in people.values()]}))
        with st.form("cm_roles", border=False):
            c1, c2 = st.columns([3, 2])
            subject = c1.text_input(t("Login (e-mail)"), key="cm_role_subject", max_chars=200,
                                    placeholder=t("e.g. c.durand@montpellier3m.fr"),
                                    help=t("The e-mail the person logs in with."))
            role = c2.radio(t("Role"), ROLES, key="cm_role", horizontal=True,
                                format_func=language.labels(ROLES, lambda r: say(
                                    i18n.ROLE_WORDS[r])))
            g1, g2 = st.columns(2)
            give = g1.form_submit_button(t("Give this role"), width="stretch")
            take = g2.form_submit_button(t("Withdraw this role"), width="stretch")
        if give or take:
            try:
                committee.set_role(me, subject.strip().lower(), role, granted=bool(give))
            except LibraryError as exc:
                st.error(t("{field}: {message}", field=t(FIELD_WORDS[exc.field])
                           if exc.field in FIELD_WORDS else exc.field,
                           message=plain(say(exc.message))), icon=":material/warning:")
            else:
                _done("success", t("Roles of {subject} changed.", subject=subject))
                st.rerun()
        with st.form("cm_owner", border=False):
            c1, c2 = st.columns([3, 2])
            project = c1.selectbox(t("Project"), lib.projects(limit=2000), index=None,
                                   key="cm_owner_project",
                                   placeholder=t("choose a project"))
            owner = c2.text_input(t("Owner's login (e-mail)"), key="cm_owner_subject",
                                  max_chars=200,
                                  help=t("An owner may save new versions and variants of the "
                                         "project, retain and archive them. Whoever creates "
                                         "a project owns it."))
            if st.form_submit_button(t("Add this owner")):
                try:
                    access.give_project(me, lib.engine, project or "", owner.strip().lower())
                except LibraryError as exc:
                    st.error(t("{field}: {message}", field=t(FIELD_WORDS[exc.field])
                               if exc.field in FIELD_WORDS else exc.field,
                               message=plain(say(exc.message))), icon=":material/warning:")
                else:
                    st.success(t("{subject} now owns {project}.", subject=plain(owner),
                                 project=plain(project or "")))


def _opinion_form(committee, me, row) -> None:
    number = row["id"]
    start = row["draft"] or {}
    st.markdown("#### " + (t("Follow it with a new opinion") if row["opinion"] else
                           t("Record the committee's opinion")))
    if row["draft"]:
        st.caption(t("A draft recorded {when} by {who} is filled in below.",
                     when=tables.when(row["draft"]["recorded_at"]),
                     who=plain(row["draft"]["recorded_by"])))
    lang = language.current()
    key = f"cm_{number}_"
    with st.form(f"cm_opinion_{number}", border=True):
        decision = st.radio(
            t("Opinion"), DECISIONS, horizontal=True, key=key + "decision",
            index=DECISIONS.index(start["decision"]) if start else None,
            format_func=language.labels(DECISIONS, committee_ui.decision))
        conditions = st.text_area(
            t("Conditions (a favourable opinion with conditions)"), key=key + "conditions",
            value="\n".join(start.get("conditions", [])), height=90,
            placeholder=t("one condition a line, e.g. Report the energy measured after one "
                          "year"),
            help=t("One condition a line, up to 50. Only for a favourable opinion with "
                   "conditions."))
        requested = st.text_area(
            t("Information requested (an opinion postponed)"), key=key + "requested",
            value=start.get("information_requested", ""), height=70,
            help=t("What the committee asks before it gives its opinion."))
        c1, c2 = st.columns([1, 2])
        day = c1.date_input(
            t("Date of the session"), key=key + "day", max_value=date.today(),
            value=date.fromisoformat(start["session_date"]) if start else date.today(),
            format="DD/MM/YYYY" if lang == "fr" else "YYYY-MM-DD",
            help=t("The day the committee met; not in the future."))
        session_name = c2.text_input(
            t("Session"), key=key + "session", value=start.get("session_name", ""),
            max_chars=200, placeholder=t("e.g. Plenary session no. 4"))
        participants = st.text_area(
            t("Taking part"), key=key + "participants",
            value=start.get("participants", ""), height=70,
            placeholder=t("e.g. 12 citizens, 2 researchers, the chair"),
            help=t("Who took part in the deliberation; required to publish."))
        voted = st.checkbox(t("A vote was taken"), key=key + "voted",
                            value=start.get("votes_for") is not None)
        v1, v2, v3 = st.columns(3)
        votes = {field: column.number_input(
            label, min_value=0, max_value=MAX_VOTES, step=1, key=key + field,
            value=int(start.get(field) or 0),
            help=t("Number of people; counted only when 'A vote was taken' is ticked."))
            for column, field, label in ((v1, "votes_for", t("For")),
                                         (v2, "votes_against", t("Against")),
                                         (v3, "votes_abstaining", t("Abstaining")))}
        reasons = st.text_area(
            t("Reasons"), key=key + "reasons", value=start.get("reasons", ""), height=140,
            help=t("Why the committee gives this opinion; required to publish. Published "
                   "as written."))
        confirm = st.checkbox(t("I confirm publication: the opinion becomes public and can no "
                                "longer be changed, only followed by a new one."),
                              key=key + "confirm")
        b1, b2 = st.columns(2)
        as_draft = b1.form_submit_button(t("Save as a draft"), icon=":material/save:",
                                         width="stretch")
        publish = b2.form_submit_button(t("Publish the opinion"), icon=":material/publish:",
                                        type="primary", width="stretch")
    if not (as_draft or publish):
        return
    if publish and not confirm:
        st.error(t("Tick the confirmation to publish: a published opinion cannot be changed."),
                 icon=":material/warning:")
        return
    if decision is None:
        st.error(t("{field}: {message}", field=t("Opinion"),
                   message=t("choose one of the four opinions")), icon=":material/warning:")
        return
    # as typed: conditions under another opinion are refused with a message, not dropped
    opinion = {"decision": decision, "conditions": conditions,
               "information_requested": requested,
               "session_date": day.isoformat() if day else None,
               "session_name": session_name, "participants": participants,
               "reasons": reasons, **({k: int(v) for k, v in votes.items()} if voted else {})}
    try:
        committee.record(me, number, opinion, publish=publish)
    except LibraryError as exc:  # shown here, under the form: what was typed stays in it
        st.error(t("{field}: {message}", field=t(FIELD_WORDS[exc.field])
                   if exc.field in FIELD_WORDS else exc.field, message=plain(say(exc.message))),
                 icon=":material/warning:")
        return
    _done("success", t("Opinion published on {project}.", project=row["project"])
          + _published_or_not() if publish
          else t("Draft saved for {project}.", project=row["project"]))
    if publish:  # the next opinion starts blank, its confirmation unticked
        for typed in [k for k in st.session_state if str(k).startswith(key)]:
            del st.session_state[typed]
    st.rerun()


def _published_or_not() -> str:
    """The public register written again at once (its files, served to the public), or a
    sentence saying it will be at its page's next visit."""
    if committee_ui.publish_register():
        return ""
    return " " + t("The public register could not be written again now; it will be at its "
                   "page's next visit.")


library_ui.run_page(page)
