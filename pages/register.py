"""Public register: every project put before the ethics committee, its submitted version's
verdict and headline figures, its frugality answers and the committee's published opinion, with
its dossier; exported as open data (CSV and JSON). It reads the register as published
(``report.published``: files written when it changes, from ``Committee.register`` only: no
draft, no other scenario, no comment of the library), never computing it for a visitor."""

from datetime import datetime
from pathlib import Path

import pandas as pd
import pyarrow as pa
import streamlit as st

from calculators import frugality, i18n, sci
from report import published, standards
from report.committee import REGISTER_SCHEMA, REGISTER_VERSION
from ui import committee as committee_ui
from ui import language, library as library_ui, router, state, tables
from ui.language import amount, kg, num, plain, say, t, t_n

router.ensure_routed()

DOSSIER = "_register_dossier"  # (submission, language) -> {"html", "pdf"} or {"error"}


def page() -> None:
    st.title(t("Public register of AI projects"))
    st.caption(t("Every AI project of the authority put before its ethics committee: the "
                 "version submitted, its environmental balance, its frugality answers and the "
                 "committee's opinion, published as given. Readable by anyone; nothing else "
                 "of the library is shown here."))
    try:
        found = committee_ui.published_register()  # files, never computed for a visitor
    except OSError as exc:  # the folder cannot be written (full, or not ours)
        st.error(t("The register could not be published in {folder}: {reason}",
                   folder=plain(str(committee_ui.register_folder())),
                   reason=plain(exc.strerror or str(exc))), icon=":material/error:")
        return
    if found is None:
        library_ui.shown()  # says why
        return
    manifest, folder = found
    rows = manifest["rows"]
    if not rows:
        st.info(t("No project has been submitted to the ethics committee yet."),
                icon=":material/info:")
        return
    address = committee_ui.register_address()
    if address:
        st.caption(t("This register is also published at {address}: the address to give "
                     "the public (its pages, open data and dossiers, in French and English).",
                     address=plain(address)))
    lang = language.current()
    made = (folder, manifest["generated_at"], str(manifest["fingerprint"]))
    _open_data(folder, made, lang, address, manifest.get("ats_left_out"))
    st.dataframe(committee_ui.made_once(made + (lang,), lambda: _table(rows)),
                 hide_index=True, width="stretch", column_config={
                     t("Project"): st.column_config.TextColumn(width="medium"),
                     t("Domain"): st.column_config.TextColumn(width="small"),
                     t("Version"): st.column_config.NumberColumn(width=60),
                     t("Submitted"): st.column_config.TextColumn(width="small")})
    names = committee_ui.made_once(made + ("names",), lambda: [r["project"] for r in rows])
    picked = st.selectbox(t("Project"), names, index=None, key="reg_pick",
                          placeholder=t("choose a project to read its opinion and dossier"))
    if picked is not None:
        _project(next(r for r in rows if r["project"] == picked), folder)


def _open_data(folder: Path, made: tuple, lang: str, address: str,
               left_out: list[dict] | None = None) -> None:
    """The open data: links to the files the proxy serves (``address``: nothing held by this
    server for a visitor), or download buttons when the app serves them itself (no proxy).
    The tool's own files, then the same register in the words of two standards."""
    files = (
        (t("Download the register (CSV, open data)"), published.CSV_FILE,
         "registre-ia.csv" if lang == "fr" else "ai-register.csv", "text/csv",
         t("UTF-8, comma separated, decimal point: the form open data portals expect. "
           "Fields: schema {schema}, version {version} (README).", schema=REGISTER_SCHEMA,
           version=REGISTER_VERSION)),
        (t("Download the register (JSON)"), published.JSON_FILE,
         "registre-ia.json" if lang == "fr" else "ai-register.json", "application/json",
         None),
        (t("Eurocities standard 0.3.1 (JSON)"), standards.ATS_FILE, standards.ATS_FILE,
         "application/json",
         t("Eurocities' Algorithmic Transparency Standard, version 0.3.1 (Amsterdam, "
           "Helsinki and seven other cities): one registration a project, the environmental "
           "balance as the extension {extension}.", extension=standards.EXTENSION)),
        (t("Etalab inventory (CSV, French)"), standards.ETALAB_FILE, standards.ETALAB_FILE,
         "text/csv",
         t("The 19 items of Etalab's inventory sheet (February 2021 version), in its words, "
           "then the balance and the committee's opinion; UTF-8, comma separated.")))
    columns = st.columns(2) + st.columns(2)
    if address:
        for column, (label, name, _, _, help_text) in zip(columns, files, strict=True):
            column.link_button(label, f"{address}/{name}", help=help_text,
                               icon=":material/download:", width="stretch")
    else:
        data = committee_ui.made_once(made + ("files",), lambda: tuple(
            published.read(folder, f[1]) for f in files))
        if None in data:  # replaced since the manifest was read: the next visit finds them
            st.info(t("The register's files are being written again; open the page again in "
                      "a moment to download them."), icon=":material/hourglass_empty:")
            return
        for number, (column, (label, _, given, mime, help_text), content) in enumerate(
                zip(columns, files, data, strict=True)):
            column.download_button(label, content, key=f"reg_file_{number}", file_name=given,
                                   mime=mime, help=help_text, icon=":material/download:",
                                   width="stretch")
    if left_out:
        st.caption(t_n("{number} project is not in the Eurocities file: its register entry "
                       "lacks fields the standard requires ({projects}). Its lead completes "
                       "it on the Register entry page.",
                       "{number} projects are not in the Eurocities file: their register "
                       "entries lack fields the standard requires ({projects}). Their leads "
                       "complete them on the Register entry page.", count="number",
                       number=len(left_out),
                       projects=", ".join(plain(x["project"]) for x in left_out)))


def _table(rows) -> pa.Table:
    """The register's table in the current language, made once per publication and language
    for every visitor, as an Arrow table (a pandas one is converted again at every run)."""
    return pa.Table.from_pandas(pd.DataFrame({
        t("Project"): [r["project"] for r in rows],
        t("Domain"): [tables.domain(r["domain"]) for r in rows],
        t("Version"): [r["version"] for r in rows],
        t("Submitted"): [tables.when(r["submitted_at"]) for r in rows],
        t("Verdict"): [tables.verdict(r["verdict"]) for r in rows],
        t("Net balance (tCO2e)"): [tables.tonnes(r["net_kgco2e"]) for r in rows],
        t("Water net (m³)"): [tables.cubic_metres(r["water_net_l"]) for r in rows],
        t("Committee's opinion"): [committee_ui.decision(r["opinion"]["decision"])
                                   if r["opinion"] else t("awaited") for r in rows]}),
        preserve_index=False)


def _project(row, folder: Path) -> None:
    st.subheader(plain(row["project"]))
    if row["description"]:
        st.markdown(plain(row["description"]))
    st.caption(t("Scenario \"{name}\", version {version}, saved {when}; submitted {submitted}; "
                 "figures as saved, reference data {data}.", name=plain(row["name"]),
                 version=row["version"], when=tables.when(row["saved_at"]),
                 submitted=tables.when(row["submitted_at"]), data=row["data_version"]))
    c1, c2, c3, c4 = st.columns(4)
    c1.metric(t("Verdict"), tables.verdict(row["verdict"]))
    c2.metric(t("Footprint"), kg(row["footprint_kgco2e"]))
    c3.metric(t("Avoided"), kg(row["benefits_kgco2e"]))
    c4.metric(t("Net balance"), kg(row["net_kgco2e"]),
              help=t("Water: net {water} (saved minus consumed).",
                     water=amount(row["water_net_l"], "L"))
              if row["water_net_l"] is not None else t("Water not counted in this version."))
    if row.get("sci_gco2e_per_unit") is not None:  # the carbon per unit served (SCI)
        st.caption(t("Carbon per {what} served (Software Carbon Intensity, ISO/IEC 21031, "
                     "consumer boundary): {figure} gCO2e.",
                     what=plain(say(sci.unit_words(row.get("sci_unit") or sci.REQUEST))),
                     figure=num(i18n.significant(row["sci_gco2e_per_unit"]))))
    if row.get("to_complete"):  # what the verdict waits for, with today's data
        st.info(t("**Verdict to be completed**: the version does not say {what}.",
                  what=i18n.joined([say(published.TO_COMPLETE[code])
                                    for code in row["to_complete"]],
                                   language.current())),
                icon=":material/edit_note:")
    if row.get("rests_on"):  # the default or assumed values that decide it
        st.warning(t("**The verdict rests on** default or assumed values, to be checked in "
                     "their source: {what}.", what=i18n.joined(
                         [plain(label) for label in row["rests_on_words"][language.current()]],
                         language.current())),
                   icon=":material/priority_high:")
    if row["investment_eur"] is not None:
        per_tonne = row["cost_eur_per_tco2e"]
        st.caption(t("Investment: {investment}. Net cost per tonne of CO2e avoided: {per_tonne}.",
                     investment=i18n.euros(row["investment_eur"], language.current()),
                     per_tonne=t("n/a") if per_tonne is None else
                     i18n.euros(per_tonne, language.current()) + "/tCO2e"))
    if row["opinion"]:
        committee_ui.show_opinion(row["opinion"], heading=t("Committee's opinion"))
    else:
        st.info(t("The committee's opinion on this version is awaited."),
                icon=":material/pending:")
    for opinion in reversed(row["earlier_opinions"]):
        with st.expander(t("Earlier opinion of {day}", day=i18n.date(
                datetime.fromisoformat(opinion["session_date"]), language.current()))):
            committee_ui.show_opinion(opinion, heading=t("Opinion"))
    st.markdown(t("**Frugality checklist** (the project's own answers)"))
    tables.static(pd.DataFrame({
        t("Question"): [say(q.question) for q in frugality.QUESTIONS],
        t("Answer"): [say(frugality.ANSWER_WORDS[row["frugality"][q.key]])
                      for q in frugality.QUESTIONS]}))
    _dossier(row, folder)


def _dossier(row, folder: Path) -> None:
    lang = language.current()
    if lang in row["dossiers"]:  # written by the register's worker: read, not made
        name = published.dossier_name(row["id"], lang)
        address = committee_ui.register_address()
        if address:  # served by the proxy
            d1, d2 = st.columns(2)
            d1.link_button(t("Download the dossier (PDF)"),
                           f"{address}/{published.DOSSIERS}/{name}.pdf",
                           icon=":material/download:", width="stretch")
            d2.link_button(t("Download the dossier (HTML)"),
                           f"{address}/{published.DOSSIERS}/{name}.html",
                           icon=":material/download:", width="stretch")
            return
        pdf = published.read(folder, published.DOSSIERS, f"{name}.pdf")
        html = published.read(folder, published.DOSSIERS, f"{name}.html")
        if pdf is not None and html is not None:  # else gone since: made here, as below
            d1, d2 = st.columns(2)
            d1.download_button(t("Download the dossier (PDF)"), pdf, key="reg_pdf",
                               file_name=f"dossier-{row['id']}.pdf", mime="application/pdf",
                               icon=":material/download:", width="stretch")
            d2.download_button(t("Download the dossier (HTML)"), html, key="reg_html",
                               file_name=f"dossier-{row['id']}.html", mime="text/html",
                               icon=":material/download:", width="stretch")
            return
    key = (row["id"], lang)
    made = st.session_state.get(DOSSIER, {}).get(key)
    if made is None:
        st.button(t("Prepare the dossier"), key="reg_dossier", icon=":material/description:",
                  on_click=_prepare, args=(row, lang),
                  help=t("The committee's dossier of the version submitted, with its opinion "
                         "annexed (PDF and HTML; a few seconds)."))
    elif "error" in made:
        st.error(t("The dossier could not be made: {reason}", reason=plain(made["error"])))
    else:
        d1, d2 = st.columns(2)
        d1.download_button(t("Download the dossier (PDF)"), made["pdf"],
                           key="reg_pdf", file_name=f"dossier-{row['id']}.pdf",
                           mime="application/pdf", icon=":material/download:",
                           width="stretch")
        d2.download_button(t("Download the dossier (HTML)"), made["html"],
                           key="reg_html", file_name=f"dossier-{row['id']}.html",
                           mime="text/html", icon=":material/download:", width="stretch")


def _prepare(row, lang: str) -> None:
    # the submitted version's scenario, read when asked (the published rows leave it out);
    # a failure is said, not kept (the cache below keeps dossiers made)
    from store import LibraryError, StoreFailure

    found = committee_ui.committee()
    try:
        if found is None:
            raise StoreFailure("no library")
        scenario = found.submitted_scenario(row["id"])
    except LibraryError as exc:
        made = {"error": say(exc.message)}
    except StoreFailure:
        made = {"error": t("the library cannot be opened; try again in a moment.")}
    else:
        made = _dossier_of(row["id"], row["opinion"]["id"] if row["opinion"] else None, lang,
                           scenario, row["opinion"],
                           {"version": row["version"], "saved_at": row["saved_at"],
                            "project": row["project"]})
    st.session_state.setdefault(DOSSIER, {})[(row["id"], lang)] = made


# Anyone may ask for a register's dossier: one is built once per submission, opinion in force
# and language, and shared by every visitor for an hour (it is dated; a few seconds of
# Chromium each time otherwise).
@st.cache_data(max_entries=50, ttl="1h", show_spinner=False)
def _dossier_of(submission: int, opinion_id: int | None, lang: str, _scenario, opinion,
                saved) -> dict:
    from calculators import ScenarioError
    from calculators.scenario import migrate
    from report.dossier import DossierError, build_html, print_pdf

    try:
        document = build_html(migrate(_scenario)[0], lang=lang,
                              samples=state.UNCERTAINTY_SAMPLES,
                              seed=state.UNCERTAINTY_SEED, opinion=opinion,
                              # the register names no one but the committee
                              saved=dict(saved, author=""))
        return {"html": document.encode("utf-8"), "pdf": print_pdf(document)}
    except ScenarioError as exc:
        return {"error": state.friendly(exc, _scenario)}
    except DossierError as exc:
        return {"error": str(exc)}


library_ui.run_page(page)
