"""Library: the saved scenarios, searched and filtered; open, duplicate, rename, archive; the
version history of one scenario with what changed between two versions; its link."""

import pandas as pd
import streamlit as st

from calculators import i18n, refdata
from calculators.compare import input_differences
from store import LibraryError, StoreFailure
from ui import committee as committee_ui
from ui import library as library_ui
from ui import auth, language, router, state, tables
from ui.language import kg, plain, say, t

router.ensure_routed()

PAGE_ROWS = 100        # scenarios a page of the list
PROJECT_CHOICES = 500  # beyond, the project filter is the search


def page() -> None:
    st.title(t("Library"))
    st.caption(t("Every saved version of every scenario, kept in the library's database: "
                 "nothing is overwritten. Save the scenario you are working on with **Save to "
                 "the library** in the sidebar."))
    lib = library_ui.shown()
    if lib is None:
        return

    c1, c2, c3, c4 = st.columns([3, 2, 2, 2])
    search = c1.text_input(t("Search"), key="lib_search", max_chars=200,
                           placeholder=t("name, project, author, comment"),
                           help=t("Finds the scenarios whose name, project, author or latest "
                                  "comment contains these letters (upper or lower case "
                                  "alike)."))
    every_project = lib.projects(limit=PROJECT_CHOICES + 1)
    if len(every_project) <= PROJECT_CHOICES:
        projects = c2.multiselect(t("Project"), every_project, key="lib_projects",
                                  placeholder=t("all projects"))
    else:  # a list too long to choose from: the search finds a project by its name
        projects = []
        c2.caption(t("More than {count} projects: type a project's name in the search.",
                     count=PROJECT_CHOICES))
    domains = c3.multiselect(t("Domain"), list(i18n.DOMAIN_WORDS), key="lib_domains",
                             format_func=language.labels(i18n.DOMAIN_WORDS, tables.domain),
                             placeholder=t("all domains"))
    verdicts = c4.multiselect(t("Verdict"), list(i18n.VERDICT_WORDS), key="lib_verdicts",
                              format_func=language.labels(i18n.VERDICT_WORDS, tables.verdict),
                              placeholder=t("all verdicts"),
                              help=t("The verdict with every input at its likely value, as "
                                     "computed when the version was saved."))
    archived = st.toggle(t("Show archived scenarios"), key="lib_archived")
    filters = {"search": search, "projects": projects, "domains": domains,
               "verdicts": verdicts, "include_archived": archived}
    # found, counted and cut into pages by the database: a library of 100,000 scenarios
    # sends one page
    page_number = max(1, int(st.session_state.get("lib_page") or 1))
    try:
        rows, found = lib.page(**filters, limit=PAGE_ROWS,
                               offset=(page_number - 1) * PAGE_ROWS)
    except LibraryError as exc:  # a search the store refuses (too long, a NUL): why
        st.error(t("{field}: {message}", field=t("Search"), message=plain(say(exc.message))),
                 icon=":material/error:")
        return
    if not found:
        st.info(t("No saved scenario matches.") if lib.count(include_archived=True) else
                t("The library is empty: work on a scenario, then **Save to the library** in "
                  "the sidebar."), icon=":material/info:")
        return
    pages = -(-found // PAGE_ROWS)
    if page_number > pages:  # fewer found since: the last page
        page_number = st.session_state["lib_page"] = pages
        rows, found = lib.page(**filters, limit=PAGE_ROWS, offset=(page_number - 1) * PAGE_ROWS)
    if pages > 1:
        page_number = int(st.number_input(
            t("Page (of {pages})", pages=pages), min_value=1, max_value=pages, value=1, step=1,
            key="lib_page", help=t("{rows} scenarios a page, the most recently saved first.",
                                   rows=PAGE_ROWS)))

    fresh = lib.figures_with_current_data(rows)
    kept = lib.retained_variants(projects={r["project"] for r in rows})
    committee = committee_ui.committee()
    opinions = committee.latest_opinions(r["id"] for r in rows) if committee else {}
    st.dataframe(tables.library_table(rows, fresh, kept, opinions), hide_index=True,
                 width="stretch",
                 column_config=tables.column_config())
    moved = sum(bool(f.get("changed")) for f in fresh.values())
    st.caption(t("{count} scenario(s). Figures as computed when each version was saved; "
                 "'With today's data' says what the current reference data ({version}) "
                 "changes.", count=found, version=refdata.data_version())
               + (" " + t("{moved} scenario(s) change with today's data: the Method page says "
                          "why ('What changed in the reference data').", moved=moved)
                  if moved else ""))
    by_id = {r["id"]: r for r in rows}
    if st.session_state.get("lib_pick") not in by_id:  # filtered out, or archived meanwhile
        st.session_state.pop("lib_pick", None)
    picked = st.selectbox(
        t("Scenario"), list(by_id), index=None, key="lib_pick",
        format_func=language.labels(by_id, lambda i: t("{name} ({project}, version {version})",
                                name=by_id[i]["name"], project=by_id[i]["project"],
                                version=by_id[i]["latest_version"])),
        placeholder=t("choose a scenario to open, see its history or share it"),
        help=t("The scenarios of the page listed above (type to search)."))
    if picked is None:
        return
    row = by_id[picked]
    entry_id = row["id"]
    st.subheader(plain(row["name"]))
    st.caption(t("Project: {project}. Latest version {version}, saved {when}", project=row[
        "project"], version=row["latest_version"], when=tables.when(row["saved_at"]))
               + (t(" by {author}", author=row["author"]) if row["author"] else "")
               + t(". Net balance {net}.", net=kg(row["net_kgco2e"])))

    def _run(action, done: str) -> None:
        try:
            action()
        except LibraryError as exc:
            st.session_state[state.MESSAGE] = ("error", library_ui.refusal(exc))
            return
        except StoreFailure as exc:  # in a callback: run_page cannot catch it
            st.session_state[state.MESSAGE] = ("error", library_ui.database_failure(exc))
            return
        st.session_state[state.MESSAGE] = ("success", done)

    auth.name_field("lib_author")  # without a login: who duplicates, renames, archives
    author = auth.typed_name()
    lang = language.current()  # the comments the library writes for a rename or a copy
    a1, a2, a3 = st.columns(3)
    if a1.button(t("Open the latest version"), icon=":material/file_open:", key="lib_open",
                 width="stretch", type="primary"):
        if library_ui.open_saved(lib, entry_id):
            st.switch_page(router.page_for("balance"))
    a2.button(t("Duplicate as a new scenario"), icon=":material/content_copy:",
              key="lib_duplicate", width="stretch",
              on_click=_run, args=(lambda: lib.duplicate(entry_id, author=author, lang=lang),
                                   t("Duplicated \"{name}\".", name=row["name"])),
              help=t("A new scenario in the same project, starting from this one: for a "
                     "variant."))
    if row["archived"]:
        a3.button(t("Bring back from the archive"), icon=":material/unarchive:",
                  key="lib_unarchive", width="stretch",
                  on_click=_run, args=(lambda: lib.set_archived(entry_id, False),
                                       t("\"{name}\" is back in the list.", name=row["name"])))
    else:
        a3.button(t("Archive"), icon=":material/archive:", key="lib_archive", width="stretch",
                  on_click=_run, args=(lambda: lib.set_archived(entry_id, True),
                                       t("\"{name}\" archived: 'Show archived scenarios' lists "
                                         "it.", name=row["name"])),
                  help=t("Hides it from the list and the portfolio; nothing is deleted."))

    variants = lib.count(projects=[row["project"]], include_archived=True)
    if kept.get(row["project"]) == entry_id or (variants == 1 and row["project"] not in kept):
        st.success(t("This scenario stands for its project **{project}** in the portfolio and "
                     "the annual review.", project=plain(row["project"])),
                   icon=":material/verified:")
    else:
        st.info(t("Project **{project}** has {count} scenarios; this one is a variant. The "
                  "portfolio counts the one retained for the project{retained}.",
                  project=plain(row["project"]), count=variants,
                  retained=t(" (none yet)") if row["project"] not in kept else ""),
                icon=":material/alt_route:")
        st.button(t("Retain this scenario for its project"), icon=":material/verified:",
                  key="lib_retain", on_click=_run,
                  args=(lambda: lib.retain(entry_id, author=author),
                        t("\"{name}\" now stands for {project}.", name=row["name"],
                          project=row["project"])),
                  help=t("The portfolio and the annual review will count this scenario for "
                         "the project, not its other variants. The choice is kept with who "
                         "made it and when."))

    with st.form("lib_rename_form", border=False):
        r1, r2 = st.columns([3, 1], vertical_alignment="bottom")
        new_name = r1.text_input(t("New name"), value=row["name"], max_chars=200,
                                 key="lib_new_name",
                                 help=t("Renaming saves a new version with the new name."))
        if r2.form_submit_button(t("Rename"), icon=":material/edit:", width="stretch"):
            _run(lambda: lib.rename(entry_id, new_name, author=author, lang=lang),
                 t("Renamed \"{name}\".", name=new_name))
            st.rerun()

    st.markdown(t("**Link to this scenario** (opens its latest version; the link in the "
                  "address bar names the version you have open):"))
    st.code(library_ui.share_url(f"scenario={entry_id}"), language=None)

    st.subheader(t("Version history"))
    history = lib.history(entry_id)
    st.dataframe(tables.history_table(history), hide_index=True, width="stretch",
                 column_config=tables.column_config())
    chosen = sorted(st.multiselect(
        t("Versions"), [h["version"] for h in history], key=f"lib_versions_{entry_id}",
        max_selections=2, format_func=language.labels(
            [h["version"] for h in history], lambda v: t("version {version}", version=v)),
        placeholder=t("one to open or restore it, two to see what changed"),
        help=t("Choose one version to open or restore it, two to see what changed between "
               "them.")), reverse=True)
    if len(chosen) == 1:
        version = chosen[0]
        h1, h2 = st.columns(2)
        if h1.button(t("Open version {version}", version=version), key="lib_open_version",
                     width="stretch", icon=":material/history:"):
            if library_ui.open_saved(lib, entry_id, version):
                st.switch_page(router.page_for("balance"))
        h2.button(t("Restore version {version} as the latest", version=version),
                  key="lib_restore", width="stretch",
                  icon=":material/restore:", disabled=version == history[0]["version"],
                  on_click=_run, args=(lambda: lib.restore(entry_id, version, author=author,
                                                           lang=lang),
                                       t("Version {version} restored as a new version.",
                                         version=version)),
                  help=t("Saves a copy of it as a new version: the versions after it are "
                         "kept."))
    elif len(chosen) == 2:
        new, old = (lib.open_version(entry_id, v) for v in chosen)
        changes = input_differences([old.scenario, new.scenario])
        st.markdown(t("**From version {old} to version {new}**: {count} input(s) changed.",
                      old=old.version, new=new.version, count=len(changes)))
        if changes:
            tables.static(pd.DataFrame([{t("Input"): tables.input_label(c["input"], new.scenario),
                                    t("Version {version}", version=old.version):
                                        tables.shown(c["values"][0], c["input"]),
                                    t("Version {version}", version=new.version):
                                        tables.shown(c["values"][1], c["input"])}
                                   for c in changes]))


library_ui.run_page(page)
