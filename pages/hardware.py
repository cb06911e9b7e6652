"""Page 4: equipment whose manufacturing is charged to the project, with reuse and sharing."""

import streamlit as st

from calculators import refdata
from calculators.table import CONDITIONS
from ui import editing, router, state
from ui.language import kg, num, pct, say, status, t

router.ensure_routed()

sc = state.scenario()
embodied = refdata.factors("embodied.csv")
lifetimes = refdata.factors("lifetimes.csv")
allocation = refdata.factors("allocation.csv")

st.title(t("4. Hardware and reuse"))
st.caption(t("Equipment bought or used for the project. Its manufacturing is charged for the "
             "part of its life the project uses, times the project's share when it is shared "
             "with other authorities. Empty cells take the default of the kind (table below)."))

MODES = {"sea": t("sea"), "air": t("air"), "road": t("road"), "rail": t("rail")}
sc["hardware"] = editing.list_editor("hardware", sc.get("hardware", []), {
    "name": st.column_config.TextColumn(t("Name"), required=True, max_chars=200,
                                        help=t("What the item is, e.g. 'Inference server'.")),
    "kind": st.column_config.SelectboxColumn(t("Kind"), options=sorted(embodied) + ["other"],
                                             required=True,
                                             format_func=editing.factor_name(embodied),
                                             help=t("'other' needs manufacturing and "
                                                    "lifetime.")),
    "count": st.column_config.NumberColumn(t("Count"), min_value=1, max_value=1_000_000,
                                           step=1),
    "condition": st.column_config.SelectboxColumn(
        t("Condition"), options=list(CONDITIONS), format_func=lambda c: say(CONDITIONS[c]),
        help=t("new; refurbished (charged {refurbished_share} of the manufacturing, "
               "{refurbished_status}); reused: second-hand or already owned (charged "
               "{reused_share}). Empty: new.",
               refurbished_share=allocation["condition_refurbished"].value,
               refurbished_status=status(allocation["condition_refurbished"].status),
               reused_share=allocation["condition_reused"].value)),
    "share": st.column_config.NumberColumn(t("Share used (0-1)"), min_value=0.01, max_value=1,
                                           step=0.05, help=t("0.5 if shared with one other "
                                                             "authority. Empty: 1.")),
    "embodied_kgco2e": st.column_config.NumberColumn(t("Manufacturing (kgCO2e each)"),
                                                     min_value=0, max_value=10_000_000,
                                                     help=t("Empty: the kind's default.")),
    "lifetime_years": st.column_config.NumberColumn(t("Lifetime (years)"), min_value=0.1,
                                                    max_value=50,
                                                    help=t("Empty: the kind's default.")),
    "use_years": st.column_config.NumberColumn(t("Used by the project (years)"),
                                               min_value=0.1, max_value=50,
                                               help=t("Empty: the horizon.")),
    "transport_km": st.column_config.NumberColumn(t("Distance (km)"), min_value=0,
                                                  max_value=50_000,
                                                  help=t("From where it was made or bought, "
                                                         "e.g. 19,000 from Taiwan. Empty: not "
                                                         "counted.")),
    "transport_mode": st.column_config.SelectboxColumn(t("Mode"), options=list(MODES),
                                                       format_func=MODES.get,
                                                       help=t("Empty: road.")),
    "mass_kg": st.column_config.NumberColumn(t("Mass (kg each)"), min_value=0,
                                             max_value=100_000,
                                             help=t("Shipped mass. Empty: the kind's "
                                                    "default.")),
}, integer_columns=("count",),
    uncertain_columns={"share": t("± % share"), "embodied_kgco2e": t("± % manufacturing"),
                       "lifetime_years": t("± % lifetime"), "use_years": t("± % years used"),
                       "transport_km": t("± % distance"), "mass_kg": t("± % mass")})

result = state.current()[0]
if result and result["hardware"]:
    st.subheader(t("The effect of each choice"))
    labels = {"new": t("bought new"), "refurbished": t("refurbished"), "reused": t("reused"),
              "shared_with_one_other": t("shared with one other authority")}
    for item in result["hardware"]:
        effects = " · ".join(
            t("{choice}: {change}", choice=labels[k],
              change=f"{'+' if v > 0 else '−' if v < 0 else ''}{kg(abs(v))}")
            for k, v in item["effects_kgco2e"].items())
        st.markdown(t("**{name}** ({count} × {kind}, {condition}): manufacturing "
                      "**{manufacturing}**, transport **{transport}**  \nIf {effects}",
                      name=item["name"], count=item["count"], kind=item["kind"],
                      condition=say(CONDITIONS[item["condition"]]),
                      manufacturing=kg(item["embodied_kgco2e"]),
                      transport=kg(item["transport_kgco2e"]), effects=effects))
    c1, c2 = st.columns(2)
    c1.metric(t("Manufacturing charged"), kg(result["footprint_kgco2e"]["embodied"]))
    c2.metric(t("Transport"), kg(result["footprint_kgco2e"]["transport"]))

with st.expander(t("Defaults by kind, with sources")):
    st.table([{t("kind"): k, t("item"): say(f.label), t("manufacturing (kgCO2e)"): f.value,
               t("lifetime (years)"): lifetimes[k].value, t("status"): status(f.status),
               t("source"): say(f.cite())} for k, f in embodied.items()])
    st.markdown(t("**Condition rules**: {rules}", rules="; ".join(
        t("{choice}: {change}", choice=say(CONDITIONS[k.removeprefix("condition_")]),
          change=f"{num(f.value)} ({say(f.cite())})")
        for k, f in allocation.items() if k.removeprefix("condition_") in CONDITIONS)))
