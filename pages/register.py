"""Public register: every project put before the ethics committee, its submitted version's
verdict and headline figures, its frugality answers and the committee's published opinion, with
its dossier; exported as open data (CSV and JSON). It reads ``Committee.register`` only: no
draft, no other scenario, no comment of the library."""

from datetime import datetime

import pandas as pd
import streamlit as st

from calculators import fields, frugality, i18n
from report.committee import REGISTER_SCHEMA, REGISTER_VERSION
from ui import committee as committee_ui
from ui import language, library as library_ui, router, state, tables
from ui.language import amount, kg, plain, say, t

router.ensure_routed()

DOSSIER = "_register_dossier"  # (submission, language) -> {"html", "pdf"} or {"error"}
TO_COMPLETE = {"alternative": t("the non-AI solution studied"),
               "attribution": t("the AI's share of each benefit")}


def page() -> None:
    st.title(t("Public register of AI projects"))
    st.caption(t("Every AI project of the authority put before its ethics committee: the "
                 "version submitted, its environmental balance, its frugality answers and the "
                 "committee's opinion, published as given. Readable by anyone; nothing else "
                 "of the library is shown here."))
    committee = committee_ui.committee()
    if committee is None:
        library_ui.shown()  # says why
        return
    rows = committee.register()
    if not rows:
        st.info(t("No project has been submitted to the ethics committee yet."),
                icon=":material/info:")
        return
    csv_file, json_file = committee_ui.register_files(rows)
    d1, d2 = st.columns(2)
    d1.download_button(t("Download the register (CSV, open data)"),
                       csv_file, key="reg_csv",
                       file_name="registre-ia.csv" if language.current() == "fr"
                       else "ai-register.csv", mime="text/csv", icon=":material/download:",
                       width="stretch",
                       help=t("UTF-8, comma separated, decimal point: the form open data "
                              "portals expect. Fields: schema {schema}, version {version} "
                              "(README).", schema=REGISTER_SCHEMA, version=REGISTER_VERSION))
    d2.download_button(t("Download the register (JSON)"),
                       json_file, key="reg_json",
                       file_name="registre-ia.json" if language.current() == "fr"
                       else "ai-register.json", mime="application/json",
                       icon=":material/download:", width="stretch")
    st.dataframe(pd.DataFrame({
        t("Project"): [r["project"] for r in rows],
        t("Domain"): [tables.domain(r["domain"]) for r in rows],
        t("Version"): [r["version"] for r in rows],
        t("Submitted"): [tables.when(r["submitted_at"]) for r in rows],
        t("Verdict"): [tables.verdict(r["verdict"]) for r in rows],
        t("Net balance (tCO2e)"): [tables.tonnes(r["net_kgco2e"]) for r in rows],
        t("Water net (m³)"): [tables.cubic_metres(r["water_net_l"]) for r in rows],
        t("Committee's opinion"): [committee_ui.decision(r["opinion"]["decision"])
                                   if r["opinion"] else t("awaited") for r in rows]}),
        hide_index=True, width="stretch", column_config={
            t("Project"): st.column_config.TextColumn(width="medium"),
            t("Domain"): st.column_config.TextColumn(width="small"),
            t("Version"): st.column_config.NumberColumn(width=60),
            t("Submitted"): st.column_config.TextColumn(width="small")})
    by_project = {r["project"]: r for r in rows}
    picked = st.selectbox(t("Project"), list(by_project), index=None, key="reg_pick",
                          placeholder=t("choose a project to read its opinion and dossier"))
    if picked is not None:
        _project(by_project[picked])


def _project(row) -> None:
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
    if row.get("to_complete"):  # what the verdict waits for, with today's data
        st.info(t("**Verdict to be completed**: the version does not say {what}.",
                  what=i18n.joined([TO_COMPLETE[code] for code in row["to_complete"]],
                                   language.current())),
                icon=":material/edit_note:")
    if row.get("rests_on"):  # the default or assumed values that decide it
        st.warning(t("**The verdict rests on** default or assumed values, to be checked in "
                     "their source: {what}.", what=i18n.joined(
                         [plain(say(fields.label(path, row["scenario"])[0]))
                          for path in row["rests_on"]], language.current())),
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
    _dossier(row)


def _dossier(row) -> None:
    lang = language.current()
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
    made = _dossier_of(row["id"], row["opinion"]["id"] if row["opinion"] else None, lang,
                       row["scenario"], row["opinion"],
                       {"version": row["version"], "saved_at": row["saved_at"],
                        "project": row["project"]})
    st.session_state.setdefault(DOSSIER, {})[(row["id"], lang)] = made


# Anyone may ask for a register's dossier: one is built once per submission, opinion in force
# and language, and shared by every visitor for an hour (it is dated; a few seconds of
# Chromium each time otherwise).
@st.cache_data(max_entries=50, ttl="1h", show_spinner=False)
def _dossier_of(submission: int, opinion_id: int | None, lang: str, scenario, opinion,
                saved) -> dict:
    from calculators import ScenarioError
    from calculators.scenario import migrate
    from report.dossier import DossierError, build_html, print_pdf

    try:
        document = build_html(migrate(scenario)[0], lang=lang, samples=state.UNCERTAINTY_SAMPLES,
                              seed=state.UNCERTAINTY_SEED, opinion=opinion,
                              # the register names no one but the committee
                              saved=dict(saved, author=""))
        return {"html": document.encode("utf-8"), "pdf": print_pdf(document)}
    except ScenarioError as exc:
        return {"error": state.friendly(exc, scenario)}
    except DossierError as exc:
        return {"error": str(exc)}


library_ui.run_page(page)
