"""Page 6: the emissions the project is declared to avoid."""

import streamlit as st

from calculators import refdata
from calculators.balance import format_kgco2e
from ui import editing, router, state

router.ensure_routed()

sc = state.scenario()
factors = refdata.factors("benefits.csv")

st.title("6. Benefits")
st.caption("What the project avoids each year, the kind of what is avoided (its emission "
           "factor comes from the table below, or enter your own) and the share due to the AI "
           "rather than to other measures (attribution).")

sc["benefits"] = editing.list_editor("benefits", sc.get("benefits", []), {
    "label": st.column_config.TextColumn("What is avoided", required=True, max_chars=200,
                                         help="e.g. 'Drinking water no longer lost to "
                                              "leaks'."),
    "kind": st.column_config.SelectboxColumn("Kind", options=list(factors), required=True,
                                             help="Sets the unit and the emission factor; "
                                                  "'kgco2e' for a figure already in CO2e."),
    "quantity_per_year": st.column_config.NumberColumn(
        "Quantity per year", min_value=0, max_value=1e12, required=True,
        help="In the kind's unit (see the table): m3, kWh, litres, km, tonnes, kg..."),
    "attribution": st.column_config.NumberColumn(
        "Attribution to the AI (0-1)", min_value=0, max_value=1, step=0.05,
        help="Share of the benefit due to the AI. Empty: 1 (all of it), flagged as an "
             "assumption. 0.5 when crews or other measures share the credit."),
    "factor_kgco2e_per_unit": st.column_config.NumberColumn(
        "Own factor (kgCO2e per unit)", min_value=0, max_value=1e7,
        help="Your own emission factor, e.g. your water utility's. Empty: the table's."),
}, uncertain_columns={"quantity_per_year": "± % quantity",
                      "attribution": "± % attribution",
                      "factor_kgco2e_per_unit": "± % own factor"})
st.caption(f"Uncertainty: a quantity left without '± %' counts as plus or minus "
           f"{refdata.factors('policy.csv')['benefit_quantity_spread'].value:.0%} "
           f"(declared benefits are rarely known better); a factor from the table keeps its "
           f"published range.")

result = state.current()[0]
if result and result["benefits"]:
    st.subheader("Avoided emissions")
    st.table([{"what": b["label"], "per year": format_kgco2e(b["kgco2e_per_year"]),
               f"over {result['horizon_years']:g} years": format_kgco2e(b["kgco2e"]),
               "factor (kgCO2e/unit)": b["factor_kgco2e_per_unit"],
               "attribution": b["attribution"]} for b in result["benefits"]])

st.subheader("Emission factors")
st.table([{"kind": k, "what": f.label, "factor": f.value, "unit": f.unit,
           "range": f"{f.low:g} to {f.high:g}", "status": f.status, "source": f.cite()}
          for k, f in factors.items()])
