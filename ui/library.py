"""The app's side of the scenario library: the shared database handle, which saved version the
current scenario comes from, saving, opening, and the links that open a saved scenario.

The ``Library`` object (a SQLAlchemy engine, safe to share between threads) is the only thing
kept in ``st.cache_resource``; it is never changed per user. Per user, ``st.session_state``
holds the link from the current draft to the version it was opened from or saved as."""

from __future__ import annotations

import copy
import json
import uuid
import zlib
from typing import Any

import streamlit as st

from calculators import ScenarioError, load
from calculators.i18n import N_
from store import Library, LibraryError, LibraryUnavailable, StoreFailure, canonical_json
from store.database import failure_reason
from store import links
from store.access import Guarded
from store.committee import Forbidden
from store.library import DRAFT_DAYS

from . import auth, connection, language, state, tables
from .connection import engine  # noqa: F401 (the pages ask the library for it)
from .language import plain, say, t

LINK = state.LIBRARY_LINK  # {"entry_id", "version", "json", "name", "project"} or absent
SAVE_MODE = "library_save_mode"
SAVE_BOX = "library_save_box"  # open or closed


DRAFT_TOKEN = "draft_token"    # this tab's draft, in its URL once something was changed
DRAFT_SAVED = "_draft_saved"   # the content last kept as the draft


def get() -> tuple[Guarded | None, str | None]:
    """(the library as this session's person may use it, None), or (None, why it is
    unavailable). Rights are checked by ``store.access.Guarded``."""
    library, reason = connection.opened()
    if library is None:
        return None, reason
    return Guarded(library, auth.actor()), None


def login_used() -> bool:
    return auth.login_configured()


def shown() -> Library | None:
    """The library, or None after showing why it is unavailable (the page then ends)."""
    library, reason = get()
    if library is None:
        _unavailable(reason)
    return library


def _unavailable(reason: str) -> None:
    st.error(t("**The scenario library is not available.** {reason}  \nThe rest of the app "
               "works; set DATABASE_URL to a reachable database, or unset it to use the "
               "built-in SQLite file (README, 'Scenario library').", reason=reason),
             icon=":material/database:")


def database_failure(exc: Exception) -> str:
    """What to tell a user when the database fails in mid-session (server stopped, file
    removed): its first line, without the SQL."""
    reason = exc.reason if isinstance(exc, StoreFailure) else failure_reason(exc)
    return t("the library database did not answer ({reason}); try again, or ask whoever runs "
             "the server", reason=reason or t("no reason given"))


def run_page(page) -> None:
    """Run a library page; a database failure in mid-session becomes a message, not a
    traceback (the rest of the app keeps working)."""
    try:
        page()
    except StoreFailure as exc:
        st.error(t("**The scenario library is not available.** {reason}.",
                   reason=database_failure(exc)), icon=":material/database:")
    except Forbidden as exc:  # the store refused: the page asked for more than the role allows
        # the reason may quote a project's name, as typed
        st.error(t("Not allowed: {reason}", reason=plain(say(exc.message))),
                 icon=":material/lock:")


def link() -> dict[str, Any] | None:
    return st.session_state.get(LINK)


def modified() -> bool:
    """True when the current scenario means something else than the saved version it came
    from. Compared as resolved scenarios, not as text: a page turns 6 into 6.0, or drops a
    value equal to its default, without changing anything."""
    current = link()
    if current is None:
        return False
    saved, draft = json.loads(current["json"]), state.scenario()
    if draft == saved:
        return False
    try:
        return load(copy.deepcopy(draft)).resolved != load(saved).resolved
    except ScenarioError:  # an error being fixed is a change
        return True


def saved_version() -> dict[str, Any] | None:
    """The library version the current scenario is, unchanged ({version, saved_at, author,
    project}), or None (never saved, changed since, or the library unavailable)."""
    current = link()
    if current is None or modified():
        return None
    library, _ = get()
    if library is None:
        return None
    try:
        found = next((h for h in library.history(current["entry_id"])
                      if h["version"] == current["version"]), None)
    except (LibraryError, StoreFailure):
        return None
    return None if found is None else {"version": found["version"], "author": found["author"],
                                       "saved_at": found["saved_at"],
                                       "project": current["project"]}


def _linked(entry_id: str, version: int, scenario: dict[str, Any], name: str,
            project: str) -> dict[str, Any]:
    return {"entry_id": entry_id, "version": version, "json": canonical_json(scenario),
            "name": name, "project": project}


def open_saved(library: Library, entry_id: str, version: int | None = None) -> bool:
    """Make a saved version the current scenario. A version that no longer validates opens as
    a draft with its reason (the user fixes it and saves a new version)."""
    try:
        opened = library.open_version(entry_id, version)
    except LibraryError as exc:
        st.session_state[state.MESSAGE] = ("error", t("Not opened: {reason}",
                                                      reason=say(exc.message)))
        return False
    except StoreFailure as exc:
        st.session_state[state.MESSAGE] = ("error", t("Not opened: {reason}",
                                                      reason=database_failure(exc)))
        return False
    meta = opened.meta
    text = t("Opened \"{name}\", version {version} ({project}).", name=meta["name"],
             version=opened.version, project=meta["project"])
    if opened.migration_notes:
        text += " " + t("Converted from an older scenario format: {notes}.",
                        notes="; ".join(opened.migration_notes))
    kind = "success"
    if opened.error:
        kind = "error"
        text += " " + t("It does not validate with this version of the tool: {error}. Your "
                        "entries are as saved: fix this field, then save a new version.",
                        error=opened.error)
    state.replace(opened.scenario, (kind, text))
    st.session_state[LINK] = _linked(entry_id, opened.version, opened.scenario, meta["name"],
                                     meta["project"])
    return True


def save_current(library: Library, *, as_new: bool, project: str, author: str,
                 comment: str) -> bool:
    """Save the current scenario as the next version of the one it came from, or as a new
    scenario. Messages say what happened; the scenario itself is never changed here."""
    scenario = state.scenario()
    current = link()
    try:
        saved = library.save(scenario, project=project or None, author=author,
                             comment=comment,
                             entry_id=None if as_new or current is None else current["entry_id"])
    except ScenarioError as exc:
        st.session_state[state.MESSAGE] = ("error", t(
            "Not saved: only a scenario without errors can be saved. {error}",
            error=state.friendly(exc)))
        return False
    except Forbidden as exc:  # the store refused: the role does not allow it
        st.session_state[state.MESSAGE] = ("error", t("Not saved: {reason}",
                                                      reason=say(exc.message)))
        return False
    except LibraryError as exc:
        st.session_state[state.MESSAGE] = ("error", t("Not saved: {reason}",
                                                      reason=refusal(exc)))
        return False
    except LibraryUnavailable as exc:
        st.session_state[state.MESSAGE] = ("error", t("Not saved: {reason}",
                                                      reason=say(exc.args[0])))
        return False
    except StoreFailure as exc:
        st.session_state[state.MESSAGE] = ("error", t("Not saved, your scenario is kept: "
                                                      "{reason}", reason=database_failure(exc)))
        return False
    entry = library.entry(saved.entry_id)
    st.session_state[LINK] = _linked(saved.entry_id, saved.version, scenario, entry["name"],
                                     entry["project"])
    state.mark_kept(scenario)
    st.session_state[state.MESSAGE] = ("success", t("Saved \"{name}\", version {version} "
                                                    "({project}).", name=entry["name"],
                                                    version=saved.version,
                                                    project=entry["project"]))
    return True


# the store's field names a person reads (the others are said as the store names them)
FIELD_WORDS = {"author": N_("Your name"), "name": N_("Scenario name"),
               "project": N_("Project"), "comment": N_("What changed")}


def refusal(exc: LibraryError) -> str:
    """What the store refused, "field: why", the field in the person's words."""
    field = t(FIELD_WORDS[exc.field]) if exc.field in FIELD_WORDS else exc.field
    return t("{field}: {message}", field=field, message=say(exc.message))


def from_query_params() -> None:
    """On a session's first run: open what the URL names (a saved scenario, or one carried in
    the link), validated like an upload. On any problem the example stays and a message says
    why."""
    params = st.query_params
    if "draft" in params and _restore_draft(params.get("draft")):
        return
    if "scenario" in params:
        entry_id = params.get("scenario")
        version = params.get("version")
        if not links.valid_entry_id(entry_id) or (
                version is not None and not links.valid_version(version)):
            st.session_state[state.MESSAGE] = ("error", t(
                "The link names no saved scenario (its id or version is malformed): the "
                "example is shown instead."))
            return
        library, reason = get()
        if library is None:
            st.session_state[state.MESSAGE] = ("error", t("The link's scenario cannot be "
                                                          "opened: {reason}", reason=reason))
            return
        open_saved(library, entry_id, int(version) if version else None)
    elif "s" in params:
        try:
            data = links.decode_scenario(params.get("s"))
        except ScenarioError as exc:
            st.session_state[state.MESSAGE] = ("error", t(
                "The link was not opened, the example is shown instead. {reason}",
                reason=say(exc.message)))
            return
        state.apply_upload(data, t("The scenario in the link"))


def _restore_draft(token: str) -> bool:
    """Reopen the work of a tab (a reload, a closed tab, a copied address): its scenario as it
    was, valid or not, with its link to a saved version. Kept from now on under a new token,
    so that two tabs opened from one address never overwrite each other's work."""
    if not links.valid_entry_id(token):
        return False
    library, _ = get()
    if library is None:
        return False
    try:
        found = library.get_draft(token)
    except (LibraryError, StoreFailure):  # refused (no role), or the database
        return False
    if found is None:
        st.session_state[state.MESSAGE] = ("error", t(
            "The work in progress named by this address is no longer kept (drafts are kept "
            "{days} days): the example is shown.", days=DRAFT_DAYS))
        return False
    scenario, link_ = found
    if not isinstance(scenario, dict):
        return False
    state.replace(scenario, ("success", t("Your work in progress was restored.")))
    if link_:
        st.session_state[LINK] = link_
        state.mark_kept(json.loads(link_["json"]))  # unsaved: what differs from that version
    else:
        state.mark_unsaved()  # kept nowhere but in this tab's draft
    copy_token = uuid.uuid4().hex
    try:
        library.put_draft(copy_token, scenario, link_)
        st.session_state[DRAFT_TOKEN] = copy_token  # the address names the copy at once
    except (LibraryError, StoreFailure):
        pass
    return True


def autosave() -> None:
    """Keep the current scenario as this tab's draft whenever it changes (a few milliseconds),
    so that a reload or a closed tab loses nothing. Silent when the library is unavailable:
    the app works on without it."""
    state.current()
    content = st.session_state[state.CACHE][0]
    if DRAFT_SAVED not in st.session_state:  # the session's first run: nothing changed yet
        st.session_state[DRAFT_SAVED] = content
        return
    if st.session_state[DRAFT_SAVED] == content:
        return
    library, _ = get()
    if library is None:
        return
    token = st.session_state.setdefault(DRAFT_TOKEN, uuid.uuid4().hex)
    try:
        library.put_draft(token, state.scenario(), link())
    except (LibraryError, StoreFailure):
        return
    st.session_state[DRAFT_SAVED] = content


def sync_query_params(present: bool) -> None:
    """Keep the URL naming the saved version the scenario comes from, so a reload reopens it
    (page changes clear the URL's parameters), and projection mode when it is on."""
    current = link()
    wanted = ({"scenario": current["entry_id"], "version": str(current["version"])}
              if current else {})
    if present:
        wanted["present"] = "1"
    if DRAFT_TOKEN in st.session_state:
        wanted["draft"] = st.session_state[DRAFT_TOKEN]
    chosen_language = st.session_state.get(language.KEY)
    if chosen_language and chosen_language != language.default():
        wanted["lang"] = chosen_language
    in_url = {k: st.query_params.get(k) for k in ("scenario", "version", "s", "present",
                                                   "draft", "lang") if k in st.query_params}
    if in_url != wanted:
        st.query_params.from_dict(wanted)


def share_url(query: str) -> str:
    """An absolute link to this app with ``query`` (relative when the app's URL is unknown)."""
    base = ""
    try:
        url = st.context.url
    except (AttributeError, RuntimeError):
        url = None
    if url:
        scheme, _, rest = url.partition("://")
        base = f"{scheme}://{rest.split('/', 1)[0]}/"
    return f"{base}?{query}"


def _save_clicked(name_key: str, project_key: str) -> None:
    library, reason = get()
    if library is None:
        st.session_state[state.MESSAGE] = ("error", t("Not saved: {reason}", reason=reason))
        return
    mode = st.session_state.get(SAVE_MODE)
    name = (st.session_state.get(name_key) or "").strip()
    if name and name != state.scenario().get("name"):
        # the name is the scenario's own: renamed through state.replace so every page's
        # widgets show it (the link is set again by the save)
        state.replace(dict(state.scenario(), name=name))
    # logged in, the login's name; without a login, the name typed
    author = library.actor.name if login_used() else auth.typed_name()
    if save_current(library, as_new=mode == "new",
                    project=st.session_state.get(project_key, ""), author=author,
                    comment=st.session_state.get("save_comment", "")):
        st.session_state["save_comment"] = ""
        st.session_state[SAVE_BOX] = False  # the box closes; the sidebar says it is saved
        kind, text = st.session_state.get(state.MESSAGE, ("", ""))
        st.toast(text, icon=":material/cloud_done:")


def _say_if_taken(name: str, project: str) -> None:
    """Saving as a new scenario under the name of one already in the project makes a second
    entry that reads the same in the library, the comparison and the portfolio: said before
    it is done, with what to do instead."""
    library, _ = get()
    if library is None or not name:
        return
    project = project or name  # the library's default
    try:
        found = library.list(search=name, projects=[project], include_archived=True, limit=50)
    except (StoreFailure, Forbidden):  # the save itself will say what is wrong
        return
    twin = next((row for row in found
                 if row["name"] == name and row["project"] == project), None)
    if twin is not None:
        st.info(t("\"{name}\" already exists in the project \"{project}\" (version {version}, "
                  "saved {when}). Saving makes a second scenario of that name: give this one "
                  "another name, or open the existing one from the Library to add a version "
                  "to it.", name=plain(name), project=plain(project),
                  version=twin["latest_version"], when=tables.when(twin["saved_at"])),
                icon=":material/content_copy:")


def render_save_box() -> None:
    """The sidebar's library status and "Save" form."""
    current = link()
    if current is None:
        st.caption(":material/cloud_off: " + t("Not saved in the library yet."))
    elif modified():
        st.caption(":material/edit: " + t("Changed since version {version} of \"{name}\" was "
                                          "saved.", version=current["version"],
                                          name=plain(current["name"])))
    else:
        st.caption(":material/cloud_done: " + t("Saved: version {version} of \"{name}\".",
                                                version=current["version"],
                                                name=plain(current["name"])))
    error = state.current()[1]
    with st.popover(t("Save to the library"), icon=":material/save:", width="stretch",
                    key=SAVE_BOX, on_change="rerun") as box:
        if not box.open:  # its fields are drawn when it is open only: every page's rerun
            return        # sends half a dozen elements fewer (bench/bench_server.py)
        if error and state.incomplete():
            st.warning(t("Only a complete scenario can be saved: finish it first ({error}).",
                         error=plain(error)))
            return
        if error:
            st.error(t("Only a scenario without errors can be saved: fix the error first."))
            return
        if current is not None:
            st.radio(t("Save as"), ["version", "new"], key=SAVE_MODE, horizontal=True,
                     format_func={"version": t("Version {version} of \"{name}\"",
                                               version=current["version"] + 1,
                                               name=plain(current["name"])),
                                  "new": t("A new scenario (a variant)")}.get)
        # the two fields start from the scenario's name and its project; their keys follow
        # those, so a field shows the new default when they change and keeps what is typed
        # while they do not
        name = str(state.scenario().get("name", ""))
        project = current["project"] if current else name
        name_key = f"save_name_{zlib.crc32(name.encode())}"
        project_key = f"save_project_{(current or {}).get('entry_id')}_" \
                      f"{zlib.crc32(project.encode())}"
        typed_name = st.text_input(
            t("Scenario name"), value=name, key=name_key, max_chars=200,
            help=t("A variant deserves its own name, e.g. 'Leak detection, reused servers'. "
                   "Changes the scenario's name."))
        typed_project = st.text_input(
            t("Project"), value=project, key=project_key, max_chars=200,
            help=t("Groups the variants of one project in the library and the annual "
                   "portfolio, e.g. 'Leak detection'. Default: the scenario's name."))
        if current is None or st.session_state.get(SAVE_MODE) == "new":
            _say_if_taken(typed_name.strip() or name, typed_project.strip())
        auth.name_field("save_author")  # logged in, the history names the login
        st.text_area(t("What changed"), key="save_comment", max_chars=2000, height=68,
                     placeholder=t("e.g. reused servers instead of new ones"),
                     help=t("A comment kept with this version."))
        st.button(t("Save"), key="save_button", on_click=_save_clicked,
                  args=(name_key, project_key), type="primary", width="stretch")
