"""Benchmark baseline: the verdict page's widgets and elements with nothing computed.

Same titles, alerts, metrics, charts, table, radio and download buttons as pages/balance.py,
fed with a result, figures, rows and CSV computed once and kept for the process, so that a
rerun costs only Streamlit's own work. bench/bench_app.py compares the real page to this one.
"""

import json
from pathlib import Path

import streamlit as st

ROOT = Path(__file__).resolve().parent.parent


@st.cache_resource
def precomputed():
    import sys
    sys.path.insert(0, str(ROOT))
    from calculators import evaluate, load
    from calculators.i18n import plain
    from calculators import uncertainty as mc
    from report import charts
    from report.export import csv_summary
    from report.table import result_rows
    scenario = load((ROOT / "examples" / "water_leak_detection.json").read_bytes())
    result = evaluate(scenario)
    simulation = mc.simulate(scenario, 10_000, 0)
    block = mc.monte_carlo(scenario, simulation=simulation)
    result["uncertainty"] = block
    return (result, charts.footprint_vs_benefits(result), charts.cumulative(result),
            charts.waterfall(result), plain(result_rows(result)), csv_summary(result, "fr"),
            json.dumps(plain(result)), block,
            charts.net_distribution(mc.net_samples(simulation), block),
            charts.tornado(block["drivers"], result["net_kgco2e"]),
            charts.cumulative_bands(mc.cumulative_bands(simulation, result["horizon_years"]),
                                    block["payback_years"]))


(result, fig1, fig2, fig3, rows, csv_bytes, scenario_json, block, fig4, fig5,
 fig6) = precomputed()
st.title("7. Balance and verdict")
st.success("Positive balance (rule met in 100% of simulations)")
st.caption("With every input at its likely value the balance is positive")
st.markdown(f"**Rule applied.** {result['rule']}")
st.markdown("\n".join(f"- {r}" for r in result["reasons"]))
c1, c2, c3 = st.columns(3)
c1.metric("Footprint", "2.8 tCO2e", help="h")
c2.metric("Avoided emissions", "262.5 tCO2e", help="h")
c3.metric("Net balance", "259.7 tCO2e", help="h")
c4, c5, _ = st.columns(3)
c4.metric("Avoided / footprint", "92.8 ×")
c5.metric("Payback", "0.1 years", help="h")
for warning in result["warnings"]:
    st.warning(warning)
tab1, tab2, tab3 = st.tabs(["Footprint against benefits", "Over time", "From benefits to net"])
with tab1:
    st.plotly_chart(fig1, width="stretch", theme=None)
with tab2:
    st.plotly_chart(fig2, width="stretch", theme=None)
with tab3:
    st.plotly_chart(fig3, width="stretch", theme=None)
st.subheader("How sure is it?")
st.caption("10,000 simulations")
u1, u2, u3 = st.columns(3)
u1.metric("Net balance, low (5 %)", "126.0 tCO2e", help="h")
u2.metric("Net balance, median", "254.1 tCO2e")
u3.metric("Net balance, high (95 %)", "405.4 tCO2e")
u4, _, _ = st.columns(3)
u4.metric("Probability of a positive balance", "100%", help="h")
st.markdown("\n".join(f"- {r}" for r in block["reasons"]))
t1, t2, t3 = st.tabs(["Distribution", "What decides it", "Over time, with uncertainty"])
with t1:
    st.plotly_chart(fig4, width="stretch", theme=None)
with t2:
    st.caption("Each bar...")
    st.plotly_chart(fig5, width="stretch", theme=None)
    st.table([{"input": str(d["label"]), "low": d["low"], "likely": d["likely"], "high": d["high"],
               "unit": d["unit"], "net at low": "x", "net at high": "y"}
              for d in block["drivers"]])
with t3:
    st.plotly_chart(fig6, width="stretch", theme=None)
st.subheader("What would improve the balance")
st.markdown("\n".join(f"{i}. {r['text']}" for i, r in enumerate(result["recommendations"], 1)))
st.subheader("Every figure and where it comes from")
st.dataframe([r for r in rows if r["section"] != "frugality"], width="stretch",
             hide_index=True)
st.table([{"question": str(r["item"]), "answer": str(r["value"]), "source": str(r["source"])}
          for r in rows if r["section"] == "frugality"])
st.subheader("Export")
st.radio("CSV format", ["fr", "intl"], horizontal=True, key="csv_format")
left, right = st.columns(2)
left.download_button("Download the CSV summary", csv_bytes, file_name="x.csv", mime="text/csv")
right.download_button("Download the scenario (JSON)", scenario_json, file_name="x.json")
st.subheader("Dossier for the ethics committee")
st.caption("A document to annex to a decision")
st.radio("Language of the dossier", ["fr", "en"], horizontal=True, key="dossier_language")
st.button("Prepare the dossier", key="dossier_prepare")
