"""Projects elsewhere: the public registers of other authorities, imported from files, and
which of their projects resemble the one being edited, with their balance and the opinion of
their committee; one set beside the current scenario (also on the Compare page).

The citizens' convention asks the authority to check whether a project was not deployed
elsewhere before developing it: to pool projects, learn from others' experience and avoid
redoing algorithms whose carbon impact can be large."""

import pandas as pd
import streamlit as st

from calculators import elsewhere
from store import LibraryError, StoreFailure
from store.committee import ADMIN, LEAD
from ui import auth, elsewhere as elsewhere_ui, language, library as library_ui, router, \
    state, tables
from ui.language import plain, say, t, t_n

router.ensure_routed()

def page() -> None:
    st.title(t("Projects elsewhere"))
    st.caption(t("Before developing a project, see whether another authority has done it: the "
                 "citizens' convention asks to pool projects, learn from others' experience "
                 "and avoid redoing algorithms whose carbon impact can be large. Import the "
                 "public registers other authorities publish (Eurocities standard 0.3.1, "
                 "Etalab's inventory, or this tool's own register); nothing is fetched from "
                 "the network. Their projects stay apart from the authority's own: never in "
                 "the library, the portfolio, the annual review or the public register."))
    found = elsewhere_ui.store()
    if library_ui.shown() is None or found is None:
        return
    me = auth.actor()
    try:
        registers = found.registers(me)
    except LibraryError as exc:  # Forbidden: the public
        st.info(plain(say(exc.message)), icon=":material/lock:")
        return
    if me.can(LEAD, ADMIN):
        _import(found, me, registers)
    if not registers:
        st.info(t("No register of another authority is imported yet."), icon=":material/info:")
        return
    _registers(registers)
    _similar()
    elsewhere_ui.side_by_side()


def _import(found, me, registers) -> None:
    with st.expander(t("Import registers"), expanded=not registers):
        auth.name_field("ew_author")
        files = st.file_uploader(
            t("Register files (JSON or CSV)"), type=["json", "csv"], accept_multiple_files=True,
            key="ew_files", help=t("A file another authority publishes as open data: a list "
                                   "of Eurocities registrations (JSON), Etalab's inventory "
                                   "(CSV), or this tool's register (JSON or CSV); 5 MB at "
                                   "most each. A file of the same name imported again "
                                   "replaces the earlier one (both are kept)."))

        def take(given) -> None:
            said = []
            for name, data in given:
                try:
                    _, read = found.add(me, name, data)
                except LibraryError as exc:
                    if exc.field == "author":  # unsigned: once, for every file
                        said = [("error", say(exc.message))]
                        break
                    said.append(("error", t("{file}: {message}", file=name,
                                            message=say(exc.message))))
                    continue
                except StoreFailure as exc:
                    said.append(("error", library_ui.database_failure(exc)))
                    break
                text = t_n("{file}: {number} project read ({standard}).",
                           "{file}: {number} projects read ({standard}).", count="number",
                           file=name, number=len(read.projects),
                           standard=elsewhere_ui.standard_words(read.standard))
                if read.skipped:
                    text += " " + t("Left out: {reasons}.", reasons="; ".join(
                        say(s) for s in read.skipped[:5]))
                said.append(("success", text))
            st.session_state["ew_said"] = said

        c1, c2 = st.columns(2)
        c1.button(t("Import these files"), key="ew_import", icon=":material/upload_file:",
                  type="primary", disabled=not files, width="stretch",
                  on_click=lambda: take([(f.name, f.getvalue()) for f in files or []]))
        if elsewhere.EXAMPLES_DIR.is_dir():
            c2.button(t("Import the example registers (fictional authorities)"),
                      key="ew_examples", icon=":material/science:", width="stretch",
                      on_click=lambda: take(elsewhere.example_files()),
                      help=t("Three made-up authorities' registers shipped with the tool, to "
                             "try the page: examples/registers/."))
        for kind, text in st.session_state.pop("ew_said", []):
            getattr(st, kind)(plain(text))


def _registers(registers) -> None:
    st.subheader(t("Registers imported"))
    tables.static(pd.DataFrame({
        t("File"): [r["origin"] for r in registers],
        t("Authority"): [r["authority"] or t("(several)") for r in registers],
        t("Form"): [elsewhere_ui.standard_words(r["standard"]) for r in registers],
        t("Projects"): [str(r["count"]) for r in registers],
        t("Imported"): [tables.when(r["imported_at"]) for r in registers],
        t("By"): [r["imported_by"] for r in registers]}))


def _similar() -> None:
    st.subheader(t("Similar to the project you are working on"))
    result = state.result_to_show()
    compared, ranked = elsewhere_ui.matches(result)
    similar = elsewhere.found(ranked)
    lang = language.current()
    st.markdown(t_n("**{number} similar project** among the {compared} imported, for "
                    "\"{name}\".", "**{number} similar projects** among the {compared} "
                    "imported, for \"{name}\".", count="number", number=len(similar),
                    compared=compared, name=plain(state.scenario().get("name", ""))))
    shown = ranked[:elsewhere_ui.SHOWN]
    st.dataframe(pd.DataFrame({
        t("Alike"): [elsewhere_ui.percent(m.score, lang) for m in shown],
        t("Similar"): [tables.yes_no(elsewhere.is_similar(m)) for m in shown],
        t("Project"): [m.project["name"] for m in shown],
        t("Authority"): [m.project.get("authority") or "" for m in shown],
        t("Verdict"): [elsewhere_ui.verdict(m.project) for m in shown],
        t("Footprint a year (tCO2e)"): [
            tables.tonnes(elsewhere.footprint_kgco2e_per_year(m.project)) for m in shown],
        t("Net balance (tCO2e)"): [tables.tonnes(m.project.get("net_kgco2e")) for m in shown],
        t("Committee's opinion"): [elsewhere_ui.opinion(m.project) for m in shown]}),
        hide_index=True, width="stretch")
    st.caption(t("How alike: a weighted mean of what both projects say, each from 0 to 1: "
                 "their words (half of the weight: name, summary, goals, explanation, rare "
                 "words weighing more), their domain, their kind of algorithm, their use and "
                 "the size of their yearly footprint. A project is similar from {threshold} "
                 "with words in common. Texts in different languages share few words. The "
                 "project's register entry (its domain, algorithm and use) sharpens the "
                 "comparison.", threshold=elsewhere_ui.percent(elsewhere.SIMILAR_FROM, lang)))


library_ui.run_page(page)
