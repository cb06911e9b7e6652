"""Portfolio: the annual review of every project in the library: the latest version of each at
the end of the year, totals, verdicts, which ones the ethics committee must review, and the
change since the year before; exported as CSV."""

from datetime import date, datetime, timezone

import pandas as pd
import streamlit as st

from calculators import portfolio
from calculators.balance import format_kgco2e
from calculators.export import table_csv
from ui import library as library_ui
from ui import router, tables

router.ensure_routed()


def page() -> None:
    st.title("Portfolio: the annual review")
    st.caption("For each project, the most recently saved version of its scenarios at the end of "
               "the year (archived scenarios are left out), evaluated with today's reference data, "
               "beside the same at the end of the year before: the change is the project's, not "
               "the factors'.")
    lib = library_ui.shown()
    if lib is None:
        return

    this_year = datetime.now(timezone.utc).year
    year = st.selectbox("Year under review", list(range(this_year, this_year - 10, -1)),
                        key="pf_year", help="The review takes each project as it stood on 31 "
                                            "December of this year (today, for the current year).")
    end = datetime(year + 1, 1, 1, tzinfo=timezone.utc).isoformat()
    start = datetime(year, 1, 1, tzinfo=timezone.utc).isoformat()
    rows = portfolio.review(lib.latest_before(end), lib.latest_before(start))
    if not rows:
        st.info(f"No project was saved in the library by the end of {year}.",
                icon=":material/info:")
        return
    total = portfolio.totals(rows)

    # three wide figures, then five counts: tonnes with four digits do not fit four columns
    # at 1280 pixels
    c1, c2, c3 = st.columns(3)
    c1.metric("Footprint, all projects", format_kgco2e(total["footprint_kgco2e"]),
              help="Sum over projects, each over its own horizon.")
    c2.metric("Avoided, all projects", format_kgco2e(total["benefits_kgco2e"]))
    c3.metric("Net balance, all projects", format_kgco2e(total["net_kgco2e"]))
    c4, c5, c6, c7, c8 = st.columns(5)
    c4.metric("Projects", total["projects"], help=f"{total['new_this_year']} new in {year}.")
    c5.metric("Positive", total["positive"], help="Projects with a positive balance.")
    c6.metric("Negative", total["negative"], help="Projects with a negative balance.")
    c7.metric("Committee", total["committee_review"],
              help="Projects whose verdict requires the ethics committee's arbitration.")
    c8.metric("Verdict changed", total["verdict_changed"],
              help=f"Projects whose verdict differs from the end of {year - 1}.")

    review_rows = [r for r in rows if r["committee_review"]]
    if review_rows:
        st.warning(":material/gavel: **For the ethics committee:** " + "; ".join(
            f"{r['project']} ({tables.VERDICT_LABELS[r['verdict']].lower()} balance)"
            for r in review_rows), icon=":material/gavel:")

    frame = pd.DataFrame({
        "Project": [r["project"] for r in rows],
        "Scenario": [f"{r['scenario']} (v{r['version']})" for r in rows],
        "Saved": [tables.when(r["saved_at"]) for r in rows],
        "Domain": [tables.DOMAIN_LABELS.get(r["domain"], r["domain"]) for r in rows],
        "Verdict": [tables.VERDICT_LABELS[r["verdict"]] for r in rows],
        "Committee review": [bool(r["committee_review"]) for r in rows],
        "Footprint (tCO2e)": [tables.tonnes(r["footprint_kgco2e"]) for r in rows],
        "Avoided (tCO2e)": [tables.tonnes(r["benefits_kgco2e"]) for r in rows],
        "Net balance (tCO2e)": [tables.tonnes(r["net_kgco2e"]) for r in rows],
        f"Net balance {year - 1} (tCO2e)": [tables.tonnes(r["net_kgco2e_year_before"])
                                            for r in rows],
        "Change (tCO2e)": [tables.tonnes(r["net_change_kgco2e"]) for r in rows],
        f"Verdict {year - 1}": [tables.VERDICT_LABELS.get(r["verdict_year_before"], "new")
                                for r in rows],
        "Figures": [r["status"] for r in rows],
    })
    number = st.column_config.NumberColumn(format="%.1f")
    st.dataframe(frame, hide_index=True, width="stretch", column_config={
        **tables.LIBRARY_COLUMN_CONFIG, f"Net balance {year - 1} (tCO2e)": number,
        "Change (tCO2e)": number})

    columns = ["project", "scenario", "version", "saved_at", "author", "domain", "verdict",
               "committee_review", "footprint_kgco2e", "benefits_kgco2e", "net_kgco2e",
               "net_kgco2e_year_before", "net_change_kgco2e", "verdict_year_before",
               "new_this_year", "status"]
    header = [("Annual review", year), ("Date", date.today().isoformat()),
              *((f"Total {k}", v) for k, v in total.items())]
    c1, c2 = st.columns(2)
    for column, fmt, label in ((c1, "fr", "French Excel"), (c2, "intl", "international")):
        column.download_button(
            f"Download the review (CSV, {label})",
            table_csv(header, columns, [[r[c] for c in columns] for r in rows], fmt),
            file_name=f"portfolio_{year}{'' if fmt == 'fr' else '_intl'}.csv", mime="text/csv",
            icon=":material/download:", width="stretch", key=f"pf_csv_{fmt}")


library_ui.run_page(page)
