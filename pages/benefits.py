"""Page 6: the emissions the project is declared to avoid."""

import streamlit as st

from calculators import grid, i18n, refdata
from ui import editing, language, router, state
from ui.language import kg, num, pct, say, status, t

router.ensure_routed()

sc = state.scenario()
factors = refdata.factors("benefits.csv")

st.title(t("6. Benefits"))
st.caption(t("What the project avoids each year, the kind of what is avoided (its emission "
             "factor comes from the table below, or enter your own) and the share due to the "
             "AI rather than to other measures (attribution)."))

sc["benefits"] = editing.list_editor("benefits", sc.get("benefits", []), {
    "label": st.column_config.TextColumn(t("What is avoided"), required=True, max_chars=200,
                                         help=t("e.g. 'Drinking water no longer lost to "
                                                "leaks'.")),
    "kind": st.column_config.SelectboxColumn(t("Kind"), options=list(factors), required=True,
                                             format_func=editing.factor_name(factors),
                                             help=t("Sets the unit and the emission factor; "
                                                    "'kgco2e' for a figure already in CO2e.")),
    "quantity_per_year": st.column_config.NumberColumn(
        t("Quantity per year"), min_value=0, max_value=1e12, required=True,
        help=t("In the kind's unit (see the table): m3, kWh, litres, km, tonnes, kg...")),
    "attribution": st.column_config.NumberColumn(
        t("Attribution to the AI (0-1)"), min_value=0, max_value=1, step=0.05,
        help=t("Share of the benefit due to the AI. Empty: 1 (all of it), flagged as an "
               "assumption. 0.5 when crews or other measures share the credit.")),
    "factor_kgco2e_per_unit": st.column_config.NumberColumn(
        t("Own factor (kgCO2e per unit)"), min_value=0, max_value=1e7,
        help=t("Your own emission factor, e.g. your water utility's. Empty: the table's "
               "(for electricity: the grid's, the same as the footprint's on the same grid).")),
    "country": st.column_config.SelectboxColumn(
        t("Country (electricity)"), options=list(grid.countries()),
        format_func=lambda c: i18n.country(c, language.current()) or c,
        help=t("Only for 'Electricity saved (in the country given)': where the kWh are saved. "
               "Empty: where the computing runs.")),
}, uncertain_columns={"quantity_per_year": t("± % quantity"),
                      "attribution": t("± % attribution"),
                      "factor_kgco2e_per_unit": t("± % own factor")})
st.caption(t("Uncertainty: a quantity left without '± %' counts as plus or minus {spread_share} "
             "(declared benefits are rarely known better); a factor from the table keeps its "
             "published range.",
             spread_share=refdata.factors("policy.csv")["benefit_quantity_spread"].value))

result = state.current()[0]
if result and result.get("electricity_factors"):
    st.subheader(t("One kWh, one factor"))
    st.caption(t("Electricity saved is valued with the grid factor of where it is saved: the "
                 "same factor as the footprint's when it is the same grid."))
    st.table([{t("what"): e["label"],
               t("country"): i18n.country(e["country_iso3"], language.current()) or "",
               t("saved (gCO2e/kWh)"): num(e["saved_g_per_kwh"], 1),
               t("used by the project (gCO2e/kWh)"): num(e["used_g_per_kwh"], 1),
               t("same factor"): t("yes") if e["same_factor"] else t("no"),
               t("source"): say(e["saved_source"])} for e in result["electricity_factors"]])
if result and result["benefits"]:
    st.subheader(t("Avoided emissions"))
    st.table([{t("what"): b["label"], t("per year"): kg(b["kgco2e_per_year"]),
               t("over {years_number} years", years_number=result["horizon_years"]):
                   kg(b["kgco2e"]),
               t("factor (kgCO2e/unit)"): b["factor_kgco2e_per_unit"],
               t("attribution"): b["attribution"]} for b in result["benefits"]])

st.subheader(t("Emission factors"))
lang = language.current()
st.table([{t("kind"): k, t("what"): say(f.label), t("factor"): f.value,
           t("unit"): i18n.unit(f.unit, lang),
           t("range"): t("{low} to {high}", low=num(f.low), high=num(f.high)),
           t("status"): status(f.status), t("source"): say(f.cite())}
          for k, f in factors.items()])
