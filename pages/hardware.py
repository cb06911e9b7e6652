"""Page 4: equipment whose manufacturing is charged to the project, with reuse and sharing."""

import streamlit as st

from calculators import refdata
from calculators.balance import format_kgco2e
from ui import editing, router, state

router.ensure_routed()

sc = state.scenario()
embodied = refdata.factors("embodied.csv")
lifetimes = refdata.factors("lifetimes.csv")
allocation = refdata.factors("allocation.csv")

st.title("4. Hardware and reuse")
st.caption("Equipment bought or used for the project. Its manufacturing is charged for the "
           "part of its life the project uses, times the project's share when it is shared "
           "with other authorities. Empty cells take the default of the kind (table below).")

CONDITIONS = ["new", "refurbished", "reused"]
sc["hardware"] = editing.list_editor("hardware", sc.get("hardware", []), {
    "name": st.column_config.TextColumn("Name", required=True, max_chars=200,
                                        help="What the item is, e.g. 'Inference server'."),
    "kind": st.column_config.SelectboxColumn("Kind", options=sorted(embodied) + ["other"],
                                             required=True,
                                             help="'other' needs manufacturing and lifetime."),
    "count": st.column_config.NumberColumn("Count", min_value=1, max_value=1_000_000, step=1),
    "condition": st.column_config.SelectboxColumn(
        "Condition", options=CONDITIONS,
        help=f"new; refurbished (charged "
             f"{allocation['condition_refurbished'].value:.0%} of the manufacturing, "
             f"{allocation['condition_refurbished'].status}); reused: second-hand or already "
             f"owned (charged {allocation['condition_reused'].value:.0%}). Empty: new."),
    "share": st.column_config.NumberColumn("Share used (0-1)", min_value=0.01, max_value=1,
                                           step=0.05, help="0.5 if shared with one other "
                                           "authority. Empty: 1."),
    "embodied_kgco2e": st.column_config.NumberColumn("Manufacturing (kgCO2e each)",
                                                     min_value=0, max_value=10_000_000,
                                                     help="Empty: the kind's default."),
    "lifetime_years": st.column_config.NumberColumn("Lifetime (years)", min_value=0.1,
                                                    max_value=50, help="Empty: the kind's "
                                                    "default."),
    "use_years": st.column_config.NumberColumn("Used by the project (years)", min_value=0.1,
                                               max_value=50, help="Empty: the horizon."),
    "transport_km": st.column_config.NumberColumn("Distance (km)", min_value=0,
                                                  max_value=50_000,
                                                  help="From where it was made or bought, e.g. "
                                                       "19,000 from Taiwan. Empty: not "
                                                       "counted."),
    "transport_mode": st.column_config.SelectboxColumn("Mode", options=["sea", "air", "road",
                                                                        "rail"],
                                                       help="Empty: road."),
    "mass_kg": st.column_config.NumberColumn("Mass (kg each)", min_value=0, max_value=100_000,
                                             help="Shipped mass. Empty: the kind's default."),
}, integer_columns=("count",),
    uncertain_columns={"share": "± % share", "embodied_kgco2e": "± % manufacturing",
                       "lifetime_years": "± % lifetime", "use_years": "± % years used",
                       "transport_km": "± % distance", "mass_kg": "± % mass"})

result = state.current()[0]
if result and result["hardware"]:
    st.subheader("The effect of each choice")
    labels = {"new": "bought new", "refurbished": "refurbished", "reused": "reused",
              "shared_with_one_other": "shared with one other authority"}
    for item in result["hardware"]:
        effects = " · ".join(
            f"{labels[k]}: {'+' if v > 0 else '−' if v < 0 else ''}"
            f"{format_kgco2e(abs(v))}" for k, v in item["effects_kgco2e"].items())
        st.markdown(f"**{item['name']}** ({item['count']} × {item['kind']}, "
                    f"{item['condition']}): manufacturing "
                    f"**{format_kgco2e(item['embodied_kgco2e'])}**, transport "
                    f"**{format_kgco2e(item['transport_kgco2e'])}**  \nIf {effects}")
    c1, c2 = st.columns(2)
    c1.metric("Manufacturing charged", format_kgco2e(result["footprint_kgco2e"]["embodied"]))
    c2.metric("Transport", format_kgco2e(result["footprint_kgco2e"]["transport"]))

with st.expander("Defaults by kind, with sources"):
    st.table([{"kind": k, "item": f.label, "manufacturing (kgCO2e)": f.value,
               "lifetime (years)": lifetimes[k].value, "status": f.status,
               "source": f.cite()} for k, f in embodied.items()])
    st.markdown("**Condition rules**: " + "; ".join(
        f"{k.removeprefix('condition_')}: {f.value:g} ({f.source})"
        for k, f in allocation.items()))
