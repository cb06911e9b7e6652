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

    with st.expander(t("What changed in the reference data, and why")):
        st.markdown(method.changelog_text(lang))

    st.header(t("Reference factors"))
    st.caption(t("One row per published or assumed value, as in the files of data/. Status: "
                 "published (as the source gives it), derived (computed from a source), "
                 "assumption (nobody published it: the committee may set its own). A figure "
                 "*not verified* could not be re-read in its source here ('Where it was "
                 "checked' says what was searched): check it before a public decision. "
                 "Published sources are cited as published."))
    factors = method.factors_kept(lang)  # kept per language and data version: read only
    table_column = t("Table")
    every = t("all tables")
    tables = [every, *dict.fromkeys(factors[table_column])]
    chosen = st.selectbox(t("Table"), tables, key=f"method_table_{lang}")
    st.dataframe(method.factors_arrow(lang, None if chosen == every else chosen),
                 hide_index=True, width="stretch", column_config={
        t("Link"): st.column_config.LinkColumn(display_text=t("source")),
        t("Year"): st.column_config.NumberColumn(format="%d")})
    assumptions = int((factors[t("Status")] == status("assumption")).sum())
    unverified = int((factors[t("Verified in its source")] == t("not verified")).sum())
    st.caption(t("{count} factors, {assumptions} of them assumptions, {unverified} not verified "
                 "in their source.", count=len(factors), assumptions=assumptions,
                 unverified=unverified))

    st.header(t("Grid carbon intensity by country"))
    st.markdown(t("Three sources, which do not count the same thing. **ADEME Base Empreinte** "
                  "(France only, by year): the kWh *consumed* in France, imports and grid "
                  "losses included, life-cycle emissions; the factor French public bodies' "
                  "greenhouse-gas reports use, and France's default here. **Our World in "
                  "Data** (as CodeCarbon ships it, with its year): the kWh *generated* in the "
                  "country, life-cycle emissions; the default elsewhere. **EcoLogits**: the "
                  "same kind of figure from Our World in Data, year not given. A scenario may "
                  "choose its source on the Location page; its result shows the others beside "
                  "it."))
    st.subheader(t("France, the sources side by side"))
    st.dataframe(method.grid_sources_arrow("FRA", lang), hide_index=True, width="stretch")
    grids = method.grids_kept(lang)  # kept: read only
    years = [int(y) for y in grids[t("Year")] if y]
    st.caption(t("{count} countries, read from this server's data (no network). The years "
                 "differ, from {first} to {last}: each result shows the year of the value it "
                 "used.", count=grids[t("ISO code")].nunique(), first=min(years),
                 last=max(years)))
    st.dataframe(method.grids_arrow(lang), hide_index=True, width="stretch")


page()
