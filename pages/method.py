"""Method and sources: every formula in plain words, the verdict rules and where they come
from, what is not counted, and every reference factor with its value, unit, year and source."""

import streamlit as st

from calculators import refdata
from ui import method, router

router.ensure_routed()


def page() -> None:
    st.title("Method and sources")
    st.caption(f"Reference data version {refdata.data_version()}. Every figure of the tool "
               f"comes from the formulas and factors below; every result lists the values it "
               f"used, with their status and source.")
    st.markdown(method.method_text())

    st.header("Reference factors")
    st.caption("One row per published or assumed value, as in the files of data/. Status: "
               "published (as the source gives it), derived (computed from a source), "
               "assumption (nobody published it: the committee may set its own). "
               "'Re-checked: no' means the value was copied from the named source without "
               "re-opening it here: check it before a public decision.")
    factors = method.factors_table()
    tables = ["all tables", *dict.fromkeys(factors["Table"])]
    chosen = st.selectbox("Table", tables, key="method_table")
    shown = factors if chosen == "all tables" else factors[factors["Table"] == chosen]
    st.dataframe(shown, hide_index=True, width="stretch", column_config={
        "Link": st.column_config.LinkColumn(display_text="source"),
        "Value": st.column_config.NumberColumn(format="%.6g"),
        "Low": st.column_config.NumberColumn(format="%.6g"),
        "High": st.column_config.NumberColumn(format="%.6g"),
        "Year": st.column_config.NumberColumn(format="%d")})
    assumptions = int((factors["Status"] == "assumption").sum())
    st.caption(f"{len(factors)} factors, {assumptions} of them assumptions.")

    st.header("Grid carbon intensity by country")
    grids = method.grids_table()
    st.caption(f"{len(grids)} countries, from the data CodeCarbon ships (no network). Their "
               f"years differ, from {grids['Year'].min():.0f} to {grids['Year'].max():.0f}: "
               f"each result shows the year of the value it used.")
    st.dataframe(grids, hide_index=True, width="stretch", column_config={
        "Year": st.column_config.NumberColumn(format="%d")})


page()
