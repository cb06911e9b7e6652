"""Page 7: the verdict, its rule and reasons, headline figures, charts, levers and export."""

import json
from datetime import date

import streamlit as st

from calculators.balance import format_kgco2e
from calculators.export import csv_summary
from calculators.table import result_rows
from ui import charts, language, router, sidebar, state

router.ensure_routed()


def page() -> None:
    st.title("7. Balance and verdict")
    result = state.result_to_show()
    if result is None:
        return

    block = state.uncertainty()
    headline = block if block else result
    box = {"positive": st.success, "negative": st.error, "uncertain": st.warning}[
        headline["verdict"]]
    box(sidebar.verdict_text(headline))
    if block:
        st.caption(f"With every input at its likely value the balance is "
                   f"**{result['verdict']}**; the verdict above accounts for the uncertainty of "
                   f"the inputs (section 'How sure is it?' below).")
    if headline["committee_review_required"]:
        st.warning(":material/gavel: **This project goes to the ethics committee for arbitration.**")
    st.markdown(f"**Rule applied.** {result['rule']}")
    st.markdown("\n".join(f"- {reason}" for reason in result["reasons"]))

    ratio, payback = result["benefit_to_footprint_ratio"], result["payback_years"]
    c1, c2, c3 = st.columns(3)
    c1.metric("Footprint", format_kgco2e(result["footprint_kgco2e"]["total"]),
              help=f"Over {result['horizon_years']:g} years: training, inference, manufacturing, "
                   f"transport and network.")
    c2.metric("Avoided emissions", format_kgco2e(result["benefits_kgco2e"]),
              help="Declared avoided emissions, times their attribution to the AI.")
    c3.metric("Net balance", format_kgco2e(result["net_kgco2e"]),
              help="Avoided emissions minus footprint: positive is good.")
    c4, c5, _ = st.columns(3)
    c4.metric("Avoided / footprint", "n/a" if ratio is None else f"{ratio:,.1f} ×")
    c5.metric("Payback", "not within the horizon" if payback is None else f"{payback:.1f} years",
              help="When cumulative avoided emissions overtake the cumulative footprint.")

    for warning in result["warnings"]:
        st.warning(warning, icon=":material/warning:")

    tab1, tab2, tab3 = st.tabs(["Footprint against benefits", "Over time", "From benefits to net"])
    with tab1:
        st.plotly_chart(state.memo("chart_phases", lambda: charts.footprint_vs_benefits(result)),
                        width="stretch", theme=None)
    with tab2:
        st.plotly_chart(state.memo("chart_cumulative", lambda: charts.cumulative(result)),
                        width="stretch", theme=None)
    with tab3:
        st.plotly_chart(state.memo("chart_waterfall", lambda: charts.waterfall(result)),
                        width="stretch", theme=None)

    if block:
        details = state.uncertainty_details()
        st.subheader("How sure is it?")
        st.caption(f"{block['samples']:,} simulations (seed {block['seed']}) over "
                   f"{block['uncertain_inputs']} uncertain inputs: the ranges entered, the published "
                   f"spread of the reference factors, and plus or minus 30 % on declared benefits "
                   f"unless a range is given. {block['method']}.")
        net = block["net_kgco2e"]
        u1, u2, u3 = st.columns(3)
        u1.metric("Net balance, low (5 %)", format_kgco2e(net["p5"]),
                  help="5 % of the simulations give less: 90 % fall between this and the high.")
        u2.metric("Net balance, median", format_kgco2e(net["p50"]))
        u3.metric("Net balance, high (95 %)", format_kgco2e(net["p95"]))
        u4, _, _ = st.columns(3)
        u4.metric("Probability of a positive balance", f"{block['probability_positive']:.0%}",
                  help="Share of simulations with avoided emissions above the footprint.")
        st.markdown("\n".join(f"- {reason}" for reason in block["reasons"]))
        t1, t2, t3 = st.tabs(["Distribution", "What decides it", "Over time, with uncertainty"])
        with t1:
            st.plotly_chart(state.memo("chart_distribution", lambda: charts.net_distribution(
                details["net"], block)), width="stretch", theme=None)
        with t2:
            if block["drivers"]:
                st.caption("Each bar: the net balance with that input at its low (light) or high "
                           "(dark) value, every other input at its likely value. Black line: the "
                           "likely net balance; dashed line: zero.")
                st.plotly_chart(state.memo("chart_tornado", lambda: charts.tornado(
                    block["drivers"], result["net_kgco2e"])), width="stretch", theme=None)
                st.table([{"input": d["label"], "low": d["low"], "likely": d["likely"],
                           "high": d["high"], "unit": d["unit"],
                           "net at low": format_kgco2e(d["net_at_low_kgco2e"]),
                           "net at high": format_kgco2e(d["net_at_high_kgco2e"])}
                          for d in block["drivers"]])
            else:
                st.markdown("No uncertain input: every value is exact.")
        with t3:
            st.plotly_chart(state.memo("chart_bands", lambda: charts.cumulative_bands(
                details["bands"], block["payback_years"])), width="stretch", theme=None)

    st.subheader("What would improve the balance")
    if result["recommendations"]:
        st.markdown("\n".join(f"{i}. {r['text']}" for i, r in enumerate(result["recommendations"],
                                                                        1)))
    else:
        st.markdown("No frugal lever left to pull in this scenario.")
    advice = [item for item in result["frugality"] if item["advice"]]
    if advice:
        st.markdown("**From the frugality checklist:**\n" + "\n".join(
            f"- {item['advice']}" for item in advice))
    unanswered = sum(item["answer"] == "not answered" for item in result["frugality"])
    if unanswered:
        st.caption(f":material/checklist: {unanswered} of {len(result['frugality'])} "
                   f"questions of the frugality checklist are not answered (Project page).")

    st.subheader("Every figure and where it comes from")
    exported = dict(result, uncertainty=block) if block else result
    # the checklist's answers are words: their own table, so the value column stays numeric
    rows = result_rows(exported)
    st.dataframe([r for r in rows if r["section"] != "frugality"], width="stretch",
                 hide_index=True,
                 column_config={"value": st.column_config.NumberColumn(format="%.6g")})
    st.markdown("**Frugality checklist** (the project's answers, Project page)")
    st.table([{"question": r["item"], "answer": r["value"], "source": r["source"]}
              for r in rows if r["section"] == "frugality"])

    st.subheader("Export")
    fmt = st.radio("CSV format", ["fr", "intl"], horizontal=True,
                   format_func={"fr": "French Excel (; and decimal comma)",
                                "intl": "International (, and decimal point)"}.get,
                   key="csv_format")
    safe_name = "".join(ch if ch.isalnum() else "_" for ch in result["name"])[:60] or "scenario"
    left, right = st.columns(2)
    left.download_button("Download the CSV summary",
                         state.memo(f"csv_{fmt}_{date.today()}",
                                    lambda: csv_summary(exported, fmt, on=date.today())),
                         file_name=f"{safe_name}_balance.csv", mime="text/csv", width="stretch")
    right.download_button("Download the scenario (JSON)",
                          json.dumps(state.scenario(), indent=2, ensure_ascii=False),
                          file_name=f"{safe_name}.json", mime="application/json", width="stretch",
                          help="Save it to reload it later with 'Load a scenario file'.")

    st.subheader("Dossier for the ethics committee")
    st.caption("A document to annex to a decision: the verdict and the rule applied, the "
               "figures, the charts, the uncertainty, the levers, the frugality checklist, and "
               "every value used with its status and source. HTML (one self-contained file) "
               "and PDF.")
    st.session_state.setdefault(state.DOSSIER_LANGUAGE, language.current())
    st.radio("Language of the dossier", ["fr", "en"], horizontal=True,
             key=state.DOSSIER_LANGUAGE, format_func={"fr": "Français", "en": "English"}.get,
             help="The committee's documents are in French; English for other readers.")
    dossier = state.dossier()
    if dossier is None:
        st.button("Prepare the dossier", key="dossier_prepare", icon=":material/description:",
                  on_click=state.prepare_dossier, disabled=state.current()[1] is not None,
                  help="About ten seconds: the charts are drawn and the PDF printed by this "
                       "server's Chromium.")
    elif "error" in dossier:
        st.error(f"The dossier could not be made: {dossier['error']}")
    else:
        d1, d2 = st.columns(2)
        d1.download_button("Download the dossier (PDF)", dossier["pdf"], key="dossier_pdf",
                           file_name=f"{safe_name}_dossier.pdf", mime="application/pdf",
                           width="stretch", icon=":material/picture_as_pdf:")
        d2.download_button("Download the dossier (HTML)", dossier["html"], key="dossier_html",
                           file_name=f"{safe_name}_dossier.html", mime="text/html",
                           width="stretch", icon=":material/html:")


page()
