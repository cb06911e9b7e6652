"""Method and sources: every formula in plain words, the verdict rules and where they come
from, what is not counted, and every reference factor with its value, unit, year and source."""

import streamlit as st

from calculators import refdata
from ui import language, method, router
from ui.language import status, t

router.ensure_routed()


def page() -> None:
    lang = language.current()
    st.title(t("Method and sources"))
    st.caption(t("Reference data version {version}. Every figure of the tool comes from the "
                 "formulas and factors below; every result lists the values it used, with "
                 "their status and source.", version=refdata.data_version()))
    st.markdown(method.method_text(lang))

    st.header(t("Reference factors"))
    st.caption(t("One row per published or assumed value, as in the files of data/. Status: "
                 "published (as the source gives it), derived (computed from a source), "
                 "assumption (nobody published it: the committee may set its own). "
                 "'Re-checked: no' means the value was copied from the named source without "
                 "re-opening it here: check it before a public decision. Published sources are "
                 "cited as published."))
    factors = method.factors_table(lang)
    table_column = t("Table")
    every = t("all tables")
    tables = [every, *dict.fromkeys(factors[table_column])]
    chosen = st.selectbox(t("Table"), tables, key=f"method_table_{lang}")
    shown = factors if chosen == every else factors[factors[table_column] == chosen]
    figure = st.column_config.NumberColumn(format="%.6g")
    st.dataframe(shown, hide_index=True, width="stretch", column_config={
        t("Link"): st.column_config.LinkColumn(display_text=t("source")),
        t("Value"): figure, t("Low"): figure, t("High"): figure,
        t("Year"): st.column_config.NumberColumn(format="%d")})
    assumptions = int((factors[t("Status")] == status("assumption")).sum())
    st.caption(t("{count} factors, {assumptions} of them assumptions.", count=len(factors),
                 assumptions=assumptions))

    st.header(t("Grid carbon intensity by country"))
    grids = method.grids_table(lang)
    years = grids[t("Year")]
    st.caption(t("{count} countries, from the data CodeCarbon ships (no network). Their years "
                 "differ, from {first} to {last}: each result shows the year of the value it "
                 "used.", count=len(grids), first=int(years.min()), last=int(years.max())))
    st.dataframe(grids, hide_index=True, width="stretch", column_config={
        t("Year"): st.column_config.NumberColumn(format="%d")})


page()
