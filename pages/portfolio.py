"""Portfolio: the annual review of every project in the library: the latest version of each at
the end of the year, totals, verdicts, which ones the ethics committee must review, and the
change since the year before; exported as CSV."""

from datetime import date, datetime, timezone

import pandas as pd
import streamlit as st

from calculators import i18n, portfolio
from calculators.i18n import msg
from store.committee import Forbidden
from ui import auth
from ui import committee as committee_ui
from ui import yearly_results as results_ui
from ui import library as library_ui
from ui import language, navigation, router, tables
from ui.language import amount, kg, pct, plain, say, t

router.ensure_routed()

TOTAL_WORDS = {"projects": msg("projects"), "new_this_year": msg("new this year"),
               "footprint_kgco2e": msg("footprint"),
               "benefits_kgco2e": msg("avoided"), "net_kgco2e": msg("net balance"),
               "positive": msg("positive"), "negative": msg("negative"),
               "uncertain": msg("uncertain"),
               "incomplete": msg("to be completed"), "committee_review": msg("committee review"),
               "verdict_changed": msg("verdict changed"),
               "water_net_l": msg("water net"),
               "significant_harm": msg("significant harm flagged"),
               "without_retained_variant": msg("projects without a retained scenario")}


def page() -> None:
    st.title(t("Portfolio: the annual review"))
    st.caption(t("For each project, the latest version of the scenario retained for it (chosen "
                 "in the Library; its other scenarios are variants) at the end of the year "
                 "(archived scenarios are left out), evaluated with today's reference data, "
                 "beside the same at the end of the year before: the change is the project's, "
                 "not the factors'."))
    st.caption(t("The year's results observed against the forecast, project by project, are on "
                 "the Yearly results page (the annual review the authority presents to the "
                 "ethics committee)."))
    st.page_link(str(navigation.ROOT / "pages" / "results.py"), label=t("Yearly results"),
                 icon=":material/event_available:")
    lib = library_ui.shown()
    if lib is None:
        return

    this_year = datetime.now(timezone.utc).year
    year = st.selectbox(t("Year under review"), list(range(this_year, this_year - 10, -1)),
                        key="pf_year", help=t("The review takes each project as it stood on 31 "
                                              "December of this year (today, for the current "
                                              "year)."))
    end = datetime(year + 1, 1, 1, tzinfo=timezone.utc).isoformat()
    start = datetime(year, 1, 1, tzinfo=timezone.utc).isoformat()
    now_rows, before_rows = lib.latest_before(end), lib.latest_before(start)
    retained_now, retained_before = lib.retained_variants(end), lib.retained_variants(start)
    # each version's figures (its probability included) kept in the library: computed once
    # per saved version and data version, read here
    kept = lib.figures(portfolio.needed(now_rows, before_rows, retained_now, retained_before))
    rows = portfolio.review(now_rows, before_rows, retained_now, retained_before, kept)
    if not rows:
        st.info(t("No project was saved in the library by the end of {year}.", year=year),
                icon=":material/info:")
        return
    total = portfolio.totals(rows)

    # three wide figures, then five counts: tonnes with four digits do not fit four columns
    # at 1280 pixels
    c1, c2, c3 = st.columns(3)
    c1.metric(t("Footprint, all projects"), kg(total["footprint_kgco2e"]),
              help=t("Sum over projects, each over its own horizon."))
    c2.metric(t("Avoided, all projects"), kg(total["benefits_kgco2e"]))
    c3.metric(t("Net balance, all projects"), kg(total["net_kgco2e"]),
              help=t("Water, all projects: net {water} (saved minus consumed); {harms} "
                     "project(s) with a significant harm flagged.",
                     water=amount(total["water_net_l"], "L"), harms=total["significant_harm"]))
    c4, c5, c6, c7, c8 = st.columns(5)
    c4.metric(t("Projects"), total["projects"], help=t("{count} new in {year}.",
                                                       count=total["new_this_year"], year=year))
    c5.metric(t("Positive"), total["positive"], help=t(
        "Projects with a positive balance; {incomplete} more whose verdict is to be completed "
        "(a non-AI solution or a benefit's AI share not given).",
        incomplete=total["incomplete"]))
    c6.metric(t("Negative"), total["negative"], help=t("Projects with a negative balance."))
    # "Committee 0" read as "no opinion" beside a project with one: say what is counted
    c7.metric(t("Review required"), total["committee_review"],
              help=t("Projects whose verdict requires the ethics committee's arbitration "
                     "(the opinions given are in the table below)."))
    c8.metric(t("Verdict changed"), total["verdict_changed"],
              help=t("Projects whose verdict differs from the end of {year}.", year=year - 1))

    unretained = [r for r in rows if not r["retained"]]
    if unretained:
        st.warning(t("{count} project(s) have several scenarios and none retained, so they are "
                     "not in the totals: {projects}. Retain one in the Library.",
                     count=len(unretained), projects="; ".join(
                         plain(r["project"]) for r in unretained)), icon=":material/alt_route:")
    review_rows = [r for r in rows if r["committee_review"]]
    if review_rows:
        st.warning(":material/gavel: " + t("**For the ethics committee:** {projects}",
                                            projects="; ".join(
            t("{project} ({verdict} balance)", project=plain(r["project"]),
              verdict=tables.verdict(r["verdict"]).lower()) for r in review_rows)),
                   icon=":material/gavel:")

    observed = _observed(year)
    if observed:
        turned = [p for p, b in observed.items() if b["turned"]]
        (st.warning if turned else st.info)(
            t("Results observed in {year}: {count} project(s); balances turned against the "
              "forecast: {turned}{names}.", year=year, count=len(observed), turned=len(turned),
              names=f" ({'; '.join(plain(p) for p in turned)})" if turned else ""),
            icon=":material/compare_arrows:")
    committee = committee_ui.committee()
    opinions = committee.latest_opinions(r["entry_id"] for r in rows if r["entry_id"]) \
        if committee else {}
    net_before = t("Net balance {year} (tCO2e)", year=year - 1)
    change = t("Change (tCO2e)")
    frame = pd.DataFrame({
        t("Project"): [r["project"] for r in rows],
        t("Scenario"): [f"{r['scenario']} (v{r['version']})" if r["retained"] else ""
                        for r in rows],
        t("Saved"): [tables.when(r["saved_at"]) if r["saved_at"] else "" for r in rows],
        t("Domain"): [tables.domain(r["domain"]) if r["domain"] else "" for r in rows],
        t("Verdict"): [tables.verdict(r["verdict"]) if r["verdict"] else "" for r in rows],
        t("Committee review"): [tables.yes_no(r["committee_review"]) for r in rows],
        t("Committee's opinion"): [tables.opinion(opinions.get(r["entry_id"])) for r in rows],
        t("Rule met (share of simulations)"): [
            "" if r["probability_rule_met"] is None else pct(r["probability_rule_met"])
            for r in rows],
        t("Footprint (tCO2e)"): [tables.tonnes(r["footprint_kgco2e"]) for r in rows],
        t("Avoided (tCO2e)"): [tables.tonnes(r["benefits_kgco2e"]) for r in rows],
        t("Net balance (tCO2e)"): [tables.tonnes(r["net_kgco2e"]) for r in rows],
        net_before: [tables.tonnes(r["net_kgco2e_year_before"]) for r in rows],
        change: [tables.tonnes(r["net_change_kgco2e"]) for r in rows],
        t("Forecast net, average year (tCO2e)"): [
            tables.tonnes(observed[r["project"]]["forecast_net_kgco2e"])
            if r["project"] in observed else None for r in rows],
        t("Observed net {year} (tCO2e)", year=year): [
            tables.tonnes(observed[r["project"]]["actual_net_kgco2e"])
            if r["project"] in observed else None for r in rows],
        t("Balance turned"): [
            (t("yes") if observed[r["project"]]["turned"] else t("no"))
            if r["project"] in observed else "" for r in rows],
        t("Water net (m³)"): [tables.cubic_metres(r["water_net_l"]) for r in rows],
        t("Significant harm"): [tables.yes_no(r["significant_harm"]) for r in rows],
        t("Verdict {year}", year=year - 1): [
            tables.verdict(r["verdict_year_before"]) if r["verdict_year_before"] else t("(new)")
            for r in rows],
        t("Figures"): [say(r["status"]) for r in rows],
    })
    st.dataframe(frame, hide_index=True, width="stretch", column_config=tables.column_config())

    # the CSV: one column per figure, named as on screen; a column's masses (water, energy)
    # in one unit, rounded as the screen rounds them (tables.spreadsheet_columns)
    columns = {
        t("Project"): (lambda r: r["project"], ""), t("Scenario"): (lambda r: r["scenario"], ""),
        t("Version"): (lambda r: r["version"], ""),
        t("Saved"): (lambda r: tables.when(r["saved_at"]), ""),
        t("By"): (lambda r: r["author"], ""),
        t("Domain"): (lambda r: tables.domain(r["domain"]) if r["domain"] else "", ""),
        t("Verdict"): (lambda r: tables.verdict(r["verdict"]) if r["verdict"] else "", ""),
        t("Committee review"): (lambda r: bool(r["committee_review"]), ""),
        t("Committee's opinion"): (lambda r: tables.opinion(opinions.get(r["entry_id"])), ""),
        t("Rule met (share of simulations)"): (lambda r: r["probability_rule_met"],
                                               "probability"),
        t("Verdict under uncertainty"): (lambda r: tables.verdict(r["verdict_uncertain"])
                                         if r["verdict_uncertain"] else "", ""),
        t("Footprint"): (lambda r: r["footprint_kgco2e"], "kgCO2e"),
        t("Avoided"): (lambda r: r["benefits_kgco2e"], "kgCO2e"),
        t("Net balance"): (lambda r: r["net_kgco2e"], "kgCO2e"),
        t("Net balance {year}", year=year - 1): (lambda r: r["net_kgco2e_year_before"],
                                                 "kgCO2e"),
        t("Change"): (lambda r: r["net_change_kgco2e"], "kgCO2e"),
        t("Water net"): (lambda r: r["water_net_l"], "L"),
        t("Significant harm"): (lambda r: bool(r["significant_harm"]), ""),
        t("Verdict {year}", year=year - 1): (lambda r: tables.verdict(r["verdict_year_before"])
                                             if r["verdict_year_before"] else "", ""),
        t("New this year"): (lambda r: bool(r["new_this_year"]), ""),
        t("Figures"): (lambda r: say(r["status"]), ""),
        t("Forecast net, average year"): (lambda r: observed[r["project"]][
            "forecast_net_kgco2e"] if r["project"] in observed else None, "kgCO2e"),
        t("Observed net {year}", year=year): (lambda r: observed[r["project"]][
            "actual_net_kgco2e"] if r["project"] in observed else None, "kgCO2e"),
        t("Balance turned"): (lambda r: observed[r["project"]]["turned"]
                              if r["project"] in observed else None, "")}
    names, cells = tables.spreadsheet_columns(columns, rows)
    lang = language.current()
    header: list[tuple[str, object]] = [(t("Annual review"), year),
                                        (t("Date"), i18n.date(date.today(), lang))]
    for key, value in total.items():  # a sum in its unit, rounded as shown; a count as it is
        unit = "kgCO2e" if key.endswith("_kgco2e") else "L" if key.endswith("_l") else ""
        label = t("Total: {figure}", figure=say(TOTAL_WORDS.get(key, key)))
        if unit:
            (value,), unit = i18n.figures_together([value], unit)
            label = f"{label} ({i18n.unit(unit, lang)})"
        header.append((label, value))
    c1, c2 = st.columns(2)
    for column, fmt, label in ((c1, "fr", t("French Excel")), (c2, "intl", t("international"))):
        # given with the page (a callable is dropped when the button is drawn again: a click
        # during a rerun spun for ever), kept while its content does not change
        column.download_button(
            t("Download the review (CSV, {format})", format=label),
            tables.csv_file(header, names, cells, fmt),
            file_name=f"{t('portfolio')}-{year}-{date.today().isoformat()}"
                      f"{'' if fmt == 'fr' else '-intl'}.csv", mime="text/csv",
            icon=":material/download:", width="stretch", key=f"pf_csv_{fmt}")


def _observed(year: int) -> dict[str, dict]:
    """Each project's year observed in ``year`` (Yearly results), by project: its balance
    redrawn beside the forecast (read once per change, ``results_ui.year_entries``). Nothing
    for a reader the store refuses."""
    engine = library_ui.engine()
    if engine is None:
        return {}
    try:
        entries = results_ui.year_entries(engine, auth.actor(), year)
    except Forbidden:
        return {}
    return {entry["project"]: entry["balance"] for entry in entries if "balance" in entry}


library_ui.run_page(page)
