"""Yearly results: what a project in service did each year, its balance redrawn with what was
observed beside the forecast, and the annual review of every project for the ethics committee.
The rights are checked by the store (store/yearly_results.py), whatever this page shows."""

from datetime import date

import streamlit as st

from calculators import actuals as actuals_calc
from calculators import benefits as benefits_calc
from calculators.embodied import CONDITIONS as CONDITION_WORDS
from calculators import i18n
from report import review
from report.yearly_results import finance_cell, ratio_cell, review_csv, year_csv
from store import LibraryError, StoreFailure
from store.committee import LEAD
from store.yearly_results import Results
from ui.figures import show
from ui import committee as committee_ui
from ui import yearly_results as results_ui
from ui import auth, editing, language, library as library_ui, router, state, tables
from ui.language import kg, plain, say, t

router.ensure_routed()

CONDITION_CHOICES = results_ui.CONDITION_CHOICES
FIELDS = results_ui.FIELDS
PREFILLED = "_yr_prefilled"  # not shown: the (project, year) the form was filled for
# not shown: ((year, records, language), {"html", "pdf"} or {"error"})
REVIEW_DOSSIER = "_review_dossier"


def page() -> None:
    st.title(t("Yearly results"))
    st.caption(t("The convention asks the authority to report to the ethics committee every "
                 "year on its projects' results. For a project in service, record what was "
                 "observed in a year: its balance is redrawn with the actuals, beside the "
                 "forecast, with the gap explained by item."))
    lib = library_ui.shown()
    engine = library_ui.engine()
    if lib is None or engine is None:
        return
    results = Results(engine)
    me = auth.actor()
    projects = lib.projects(limit=2000)
    if not projects:
        st.caption(t("The library is empty: save a scenario first (sidebar, **Save to the "
                     "library**)."))
        return
    project = st.selectbox(t("Project"), projects, index=None, key="yr_project",
                           placeholder=t("choose a project in service"),
                           help=t("Its retained scenario's latest saved version is the "
                                  "forecast the year is compared with."))
    if project is not None:
        found = committee_ui.committee()
        if found is not None and found.owned_projects(me, [project]):
            _record(lib, results, me, project)  # its owners and administrators record
        elif me.can(LEAD):
            st.caption(t("Only the owners of project {project} and administrators record its "
                         "results; here you read them.", project=plain(project)))
        _project_years(results, me, project)
    _review(results, me)


def _record(lib, results, me, project: str) -> None:
    kept = lib.retained_variants(projects=[project]).get(project)
    if kept is None:
        st.warning(t("Project {project} has several scenarios and none retained: retain one "
                     "in the Library first.", project=plain(project)),
                   icon=":material/alt_route:")
        return
    opened = lib.open_version(kept)
    if opened.error:
        st.error(t("The forecast does not validate now: {reason}", reason=plain(opened.error)))
        return
    scenario = opened.scenario
    st.subheader(t("Record a year"))
    auth.name_field("yr_author")  # without a login: who records (outside the form: kept)
    st.caption(t("Forecast: \"{name}\", version {version}. Leave a field empty when it was not "
                 "observed: it keeps the forecast's figure, except a benefit, which counts "
                 "nothing until it is reported.", name=plain(scenario.get("name", "")),
                 version=opened.version))
    year = st.number_input(t("Year"), min_value=actuals_calc.MIN_YEAR,
                           max_value=actuals_calc.MAX_YEAR, step=1, format="%d",
                           value=date.today().year, key="yr_year",
                           help=t("The calendar year observed, e.g. 2026. A year already "
                                  "recorded opens with its figures, to be corrected."))
    in_force = results.in_force(me, project=project, year=int(year))
    if st.session_state.get(PREFILLED) != (project, int(year)):  # what was typed stays
        st.session_state[PREFILLED] = (project, int(year))
        _prefill(in_force[0]["actuals"] if in_force else None, scenario)
    if in_force:
        st.info(t("The results of {year} are already recorded (record {number}, {when}): the "
                  "form shows them. Recording again replaces them; the earlier record stays "
                  "in the history.", year=int(year), number=in_force[0]["id"],
                  when=tables.when(in_force[0]["recorded_at"])), icon=":material/history:")
    with st.form("yr_form", clear_on_submit=False):
        left, right = st.columns(2)
        typed = {
            "requests": left.text_input(
                t(FIELDS["requests"]), key="yr_requests", placeholder=t("as forecast"),
                help=t("From the service's logs, e.g. 3 650 000.")),
            "inference_energy_kwh": right.text_input(
                t(FIELDS["inference_energy_kwh"]), key="yr_inference",
                placeholder=t("as forecast"),
                help=t("The year's energy of serving the model: CodeCarbon's files (IT energy) "
                       "or a meter (tick the box below when it includes the data centre's "
                       "cooling and losses), e.g. 1 500.")),
            "training_energy_kwh": left.text_input(
                t(FIELDS["training_energy_kwh"]), key="yr_training",
                placeholder=t("as forecast"),
                help=t("IT energy of every training and retraining run this year, e.g. from "
                       "CodeCarbon: 40.")),
            "network_gb": right.text_input(
                t(FIELDS["network_gb"]), key="yr_network", placeholder=t("as forecast"),
                help=t("e.g. 40.")),
        }
        st.markdown(t("**Costs and gains of the year, in euros** (empty: the forecast's; "
                      "financial gains not reported count nothing)"))
        m1, m2, m3 = st.columns(3)
        money = {
            "running_eur": m1.text_input(
                t(FIELDS["running_eur"]), key="yr_running",
                placeholder=t("as forecast"),
                help=t("Hosting, maintenance, licences renewed, staff time: what the budget paid "
                       "this year, e.g. 12 000.")),
            "gains_eur": m2.text_input(
                t(FIELDS["gains_eur"]), key="yr_gains",
                placeholder=t("not reported"),
                help=t("Savings actually booked this year (energy, water, fuel bills...), with "
                       "the source in the field below, e.g. 30 000.")),
            "investment_eur": m3.text_input(
                t(FIELDS["investment_eur"]), key="yr_investment",
                placeholder=t("as forecast"),
                help=t("Everything invested since the start (hardware, development, licences "
                       "bought once), at the end of the year, e.g. 85 000.")),
        }
        f1, f2 = st.columns(2)
        files_help = t("The runs of the year are added up (IT energy, the PUE applied); runs "
                       "of other years are left out. Leave the kWh field empty.")
        files = {
            "inference_energy_kwh": f1.file_uploader(
                t("Or CodeCarbon files of the inference (emissions.csv)"), type=["csv"],
                accept_multiple_files=True, key="yr_inference_files",
                help=files_help),
            "training_energy_kwh": f2.file_uploader(
                t("Or CodeCarbon files of the trainings (emissions.csv)"), type=["csv"],
                accept_multiple_files=True, key="yr_training_files",
                help=files_help),
        }
        includes_pue = st.checkbox(
            t("The inference energy was read at the meter, the data centre's overhead "
              "included"), key="yr_pue",
            help=t("Unticked: IT energy (CodeCarbon), the PUE is applied."))
        hardware = []
        if scenario.get("hardware"):
            st.markdown(t("**Hardware actually bought or reused** (empty: as forecast)"))
        for i, item in enumerate(scenario.get("hardware") or []):
            c1, c2 = st.columns(2)
            count = c1.text_input(t("{name}: how many", name=plain(item.get("name", ""))),
                                  key=f"yr_hw_count_{i}",
                                  placeholder=editing.field_text(item.get("count", 1)),
                                  help=t("The number actually bought or reused this year."))
            condition = c2.selectbox(
                t("{name}: condition", name=plain(item.get("name", ""))), CONDITION_CHOICES,
                key=f"yr_hw_condition_{i}",
                format_func=language.labels(CONDITION_CHOICES, lambda c: t(
                    "as forecast") if c == "as forecast" else say(
                        CONDITION_WORDS[c])))
            hardware.append((count, condition))
        benefits = []
        if scenario.get("benefits"):
            st.markdown(t("**Benefits actually achieved**, with the evidence (empty: not "
                          "reported, nothing credited)"))
        for i, ben in enumerate(scenario.get("benefits") or []):
            c1, c2 = st.columns([1, 2])
            quantity = c1.text_input(
                t("{label}: quantity in the year", label=plain(ben.get("label", ""))),
                key=f"yr_ben_q_{i}",
                help=t("In {unit} over the year, the benefit's unit (page 6); declared: "
                       "{declared} a year.", unit=benefit_unit(ben.get("kind")),
                       declared=editing.field_text(ben.get("quantity_per_year"))))
            evidence = c2.text_input(t("Evidence"), key=f"yr_ben_e_{i}", max_chars=2000,
                                     placeholder=t("e.g. the water utility's yearly report, "
                                                   "page 12"))
            benefits.append((quantity, evidence))
        evidence = st.text_area(t("Sources of the figures"), key="yr_evidence", max_chars=2000,
                                placeholder=t("e.g. CodeCarbon files of the year; meter "
                                              "readings of the server room"))
        sent = st.form_submit_button(t("Record the year's results"), type="primary",
                                     icon=":material/event_available:")
    if not sent:
        return
    actuals, errors = results_ui.read_year_form(results_ui.YearForm(
        year=int(year), typed=typed, money=money,
        files={key: [(u.name, u.getvalue()) for u in uploads or []]
               for key, uploads in files.items()},
        includes_pue=includes_pue, hardware=hardware, benefits=benefits, evidence=evidence),
        scenario)
    if errors:  # what was typed stays in the form
        for error in errors:
            st.error(plain(error), icon=":material/error:")
        return
    try:
        number = results.record(me, kept, opened.version, actuals)
    except LibraryError as exc:
        st.error(t("Not recorded: {field}: {message}",
                   field=t("Your name") if exc.field == "author" else exc.field,
                   message=plain(say(exc.message))), icon=":material/error:")
        return
    except StoreFailure as exc:
        st.error(library_ui.database_failure(exc), icon=":material/database:")
        return
    st.success(t("Recorded the results of {year} for {project} (record {number}).",
                 year=int(year), project=plain(project), number=number),
               icon=":material/check:")


def benefit_unit(kind: str | None) -> str:
    """The unit of a benefit's quantity (m3, kWh...), from its kind's factor (page 6)."""
    unit = benefits_calc.quantity_unit(kind)
    return i18n.unit(unit, language.current()) if unit else "?"


def _prefill(recorded: dict | None, scenario: dict) -> None:
    """The form's fields set to a year's record in force (empty without one), before its
    widgets are drawn; hardware and benefits line by line when the forecast has as many."""
    def text(value) -> str:
        return editing.field_text(value)

    recorded = recorded or {}
    for key, field in (("yr_requests", "requests"), ("yr_inference", "inference_energy_kwh"),
                       ("yr_training", "training_energy_kwh"), ("yr_network", "network_gb"),
                       ("yr_running", "running_eur"), ("yr_gains", "gains_eur"),
                       ("yr_investment", "investment_eur")):
        st.session_state[key] = text(recorded.get(field))
    st.session_state["yr_pue"] = bool(recorded.get("inference_energy_includes_pue"))
    st.session_state["yr_evidence"] = recorded.get("evidence") or ""
    lines = recorded.get("hardware") or []
    lines = lines if len(lines) == len(scenario.get("hardware") or []) else []
    for i in range(len(scenario.get("hardware") or [])):
        line = (lines[i] if i < len(lines) else None) or {}
        st.session_state[f"yr_hw_count_{i}"] = text(line.get("count"))
        condition = line.get("condition") or "as forecast"  # not shown: a key
        st.session_state[f"yr_hw_condition_{i}"] = condition
    benefits = recorded.get("benefits") or []
    benefits = benefits if len(benefits) == len(scenario.get("benefits") or []) else []
    for i in range(len(scenario.get("benefits") or [])):
        line = (benefits[i] if i < len(benefits) else None) or {}
        st.session_state[f"yr_ben_q_{i}"] = text(line.get("quantity_per_year"))
        st.session_state[f"yr_ben_e_{i}"] = line.get("evidence") or ""


def _balance(row) -> dict | None:
    """The yearly balance of a stored row, or None after saying why it cannot be drawn."""
    made = results_ui.drawn(row)
    if "error" in made:
        st.warning(t("{project}, {year}: the balance cannot be redrawn: {reason}",
                     project=plain(row["project"]), year=row["year"],
                     reason=plain(say(made["error"]))))
        return None
    return made["balance"]


def _project_years(results, me, project: str) -> None:
    rows = results.in_force(me, project=project)
    st.subheader(t("Years recorded for {project}", project=plain(project)))
    if not rows:
        st.caption(t("No year recorded yet."))
        return
    lang = language.current()
    drawn = []
    for row in reversed(rows):  # the latest year first
        balance = _balance(row)
        if balance is None:
            continue
        drawn.append(balance)
        with st.expander(t("{year}: observed net {actual}, forecast {forecast} for an average "
                           "year", year=row["year"], actual=kg(balance["actual_net_kgco2e"]),
                           forecast=kg(balance["forecast_net_kgco2e"])),
                         expanded=row is rows[-1]):
            box = st.warning if balance["turned"] else st.info
            box(plain(say(balance["text"])), icon=":material/compare_arrows:")
            st.caption(t("Compared with \"{name}\", version {version}; recorded {when} by "
                         "{who}.", name=plain(row["name"]), version=row["version"],
                         when=tables.when(row["recorded_at"]), who=plain(row["recorded_by"])))
            tables.static([{t("item"): say(r["label"]),
                            t("forecast, average year"): kg(r["forecast_kgco2e"]),
                            t("observed"): kg(r["actual_kgco2e"]),
                            t("gap"): kg(r["gap_kgco2e"]),
                            t("why"): say(r["explanation"])} for r in balance["rows"]])
            if balance["finance"]:
                _money(balance["finance"], lang)
            if balance["evidence"]:
                st.caption(t("Sources: {text}", text=plain(balance["evidence"])))
            # given with the page: a callable is dropped when its button is drawn again
            st.download_button(t("Download this year (CSV)"),
                               year_csv(balance, project, lang, "fr" if lang == "fr"
                                        else "intl"),
                               key=f"yr_csv_{row['id']}", mime="text/csv",
                               file_name=state.file_name("results", "csv",
                                                         f"{project} {row['year']}"),
                               icon=":material/download:")
    _recovery(drawn, lang)


def _money(fin: dict, lang: str) -> None:
    """The year's costs and gains beside the forecast's, and what they say of the investment."""
    st.markdown(t("**Costs and financial gains**"))
    tables.static([{t("item"): say(r["label"]),
                    t("forecast"): finance_cell(r["unit"], r["forecast"], lang),
                    t("observed"): finance_cell(r["unit"], r["actual"], lang)}
                   for r in fin["rows"]])
    st.caption(plain(say(fin["text"])))


def _recovery(balances: list[dict], lang: str) -> None:
    """Year after year, the gains less running costs added up against the investment: the
    ratio of investment to gains as the project runs."""
    track = actuals_calc.recovery(balances)
    if not track:
        return
    st.markdown(t("**The investment as the project runs**"))
    tables.static([{t("year"): str(r["year"]),
                    t("gains less running costs, to date"): i18n.euros(r["margin_to_date_eur"],
                                                                       lang),
                    # no investment declared nor reported: "n/a", and no share repaid
                    t("investment spent to date"): finance_cell("EUR", r["investment_eur"], lang),
                    t("share of the investment repaid"): "—" if r["repaid_share"] is None
                    else i18n.percent(r["repaid_share"], lang)} for r in track])


def _review(results, me) -> None:
    st.subheader(t("Annual review: forecast against actual"))
    year = st.number_input(t("Year under review"), min_value=actuals_calc.MIN_YEAR,
                           max_value=actuals_calc.MAX_YEAR, step=1, format="%d",
                           value=date.today().year, key="yr_review_year")
    year = int(year)
    # read and drawn once per change for every session (results_ui.year_entries)
    entries = []
    for entry in results_ui.year_entries(results.engine, me, year):
        if "error" in entry:
            st.warning(t("{project}, {year}: the balance cannot be redrawn: {reason}",
                         project=plain(entry["project"]), year=entry["year"],
                         reason=plain(say(entry["error"]))))
        else:
            entries.append(entry)
    if not entries:
        st.caption(t("No project has results recorded for {year}.", year=year))
        return
    reviewed = [(e["project"], e["balance"]) for e in entries]
    turned = sum(b["turned"] for _, b in reviewed)
    st.markdown(t("Projects with results for {year}: {count}; balances turned: {turned}.",
                  count=len(reviewed), year=year, turned=turned))
    lang = language.current()
    tables.static([{t("project"): p, t("forecast net, average year"): kg(
        b["forecast_net_kgco2e"]), t("observed net"): kg(b["actual_net_kgco2e"]),
        t("balance turned"): t("yes") if b["turned"] else t("no"),
        t("investment / gains, forecast"): ratio_cell(b, "forecast", lang),
        t("investment / gains at the pace observed"): ratio_cell(b, "actual", lang),
        t("benefits not reported"): "; ".join(b["not_reported"])} for p, b in reviewed])
    # at most review.CHART_MAX projects drawn (a thousand bars read as nothing), said
    show(review.chart(entries, year, lang))
    if len(entries) > review.CHART_MAX:
        st.caption(t("(the {shown} projects whose balance turned, then the farthest from "
                     "their forecast, of {count})", shown=review.CHART_MAX,
                     count=len(entries)))
    c1, c2 = st.columns(2)
    c1.download_button(t("Download the annual review (CSV)"),
                       review_csv(reviewed, year, lang, "fr" if lang == "fr" else "intl"),
                       key="yr_review_csv", mime="text/csv",
                       file_name=state.file_name("review", "csv", str(year)),
                       icon=":material/download:", width="stretch")
    with c2:
        _review_dossier(entries, year, lang, me.name)


def _review_dossier(entries: list[dict], year: int, lang: str, who: str) -> None:
    """The annual review as a document (PDF and HTML), prepared on request (a few seconds of
    the local Chromium) and kept for these records and this language."""
    wanted = (year, tuple(e["id"] for e in entries), lang)
    kept = st.session_state.get(REVIEW_DOSSIER)
    made = kept[1] if kept and kept[0] == wanted else None
    if made is None:
        st.button(t("Prepare the review's dossier"), key="yr_review_dossier",
                  icon=":material/description:", width="stretch",
                  on_click=_prepare_review, args=(entries, year, lang, who, wanted),
                  help=t("The annual review as a document for the committee: the table, the "
                         "chart and each project's year with its evidence (PDF and HTML; a "
                         "few seconds)."))
    elif "error" in made:
        st.error(t("The dossier could not be made: {reason}", reason=plain(made["error"])))
    else:
        st.download_button(t("Download the review's dossier (PDF)"), made["pdf"],
                           key="yr_review_pdf", mime="application/pdf",
                           file_name=state.file_name("review", "pdf", str(year)),
                           icon=":material/download:", width="stretch")
        st.download_button(t("Download the review's dossier (HTML)"), made["html"],
                           key="yr_review_html", mime="text/html",
                           file_name=state.file_name("review", "html", str(year)),
                           icon=":material/download:", width="stretch")


def _prepare_review(entries: list[dict], year: int, lang: str, who: str, wanted) -> None:
    from report.dossier import DossierError, print_pdf
    from report.review import build_html

    try:
        document = build_html(entries, year, lang=lang, prepared_by=who)
        made = {"html": document.encode("utf-8"), "pdf": print_pdf(document)}
    except DossierError as exc:
        made = {"error": str(exc)}
    st.session_state[REVIEW_DOSSIER] = (wanted, made)


library_ui.run_page(page)
