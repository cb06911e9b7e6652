"""Page 7: the verdict, its rule and reasons, headline figures, charts, levers and export."""

import json
from datetime import date

import pandas as pd
import pyarrow as pa
import streamlit as st

from calculators import i18n, sci
from report import charts, table
from report.export import csv_summary
from report.table import result_rows
from ui.figures import show
from ui import committee as committee_ui, elsewhere as elsewhere_ui
from ui import library as library_ui
from ui import language, router, sidebar, state, tables
from ui.language import amount, kg, md, num, pct, say, t
from calculators.impacts import CRITERIA

router.ensure_routed()


def page() -> None:
    st.title(t("7. Balance and verdict"))
    result = state.result_to_show()
    if result is None:
        return
    if result["missing"]:  # a new scenario: say what to fill in, not a verdict on nothing
        st.info(t("**Not enough to draw the balance yet.**") + "\n\n" + "\n".join(
            f"- {say(m)}" for m in result["missing"]), icon=":material/edit_note:")
        return

    block = state.uncertainty()
    headline = block if block else result
    box = {"positive": st.success, "negative": st.error, "uncertain": st.warning,
           "incomplete": st.info}[headline["verdict"]]
    box(sidebar.verdict_text(headline))
    if result["to_complete"]:  # what the rule needs before it can say "positive"
        st.markdown("**" + t("To be completed before the verdict:") + "**\n" + "\n".join(
            f"- {language.md(m['text'])}" for m in result["to_complete"]))
    if result["rests_on"]:  # a default or an assumption decides it: said, a source asked
        st.warning("**" + t("What the verdict rests on") + "**\n" + "\n".join(
            f"- {language.md(r['text'])}" for r in result["rests_on"]),
            icon=":material/priority_high:")
    if block and result["verdict"] != "incomplete":  # incomplete: said above, with what to give
        st.caption(t("With every input at its likely value the balance is **{verdict}**; the "
                     "verdict above accounts for the uncertainty of the inputs (section 'How "
                     "sure is it?' below).", verdict=say(i18n.VERDICT_WORDS[result["verdict"]])))
    if headline["committee_review_required"]:
        st.warning(":material/gavel: **" + t("This project goes to the ethics committee for "
                                              "arbitration.") + "**")
    if result["significant_harm"]:
        harmed = ", ".join(say(CRITERIA[h["criterion"]].label) for h in result["harms"])
        st.warning(":material/report: **" + t("Significant harm flagged: {criteria}.",
                                               criteria=harmed) + "** " + t(
            "Carbon's rule decides the verdict; the committee weighs this harm beside it."))
    committee_ui.on_verdict_page()  # its opinion on the saved version open, if any
    elsewhere_ui.on_verdict_page(result)  # similar projects in other authorities' registers
    st.markdown(t("**Rule applied.** {rule}", rule=md(result["rule"])))
    st.markdown("\n".join(f"- {md(reason)}" for reason in result["reasons"]))

    for warning in result["warnings"]:
        st.warning(language.plain(say(warning)), icon=":material/warning:")  # names typed

    lang = language.current()
    _criterion(result, block, lang)
    _finance(result, lang)
    _levers_figures_export(result, block, lang)


@router.section
def _criterion(result: dict, block: dict | None, lang: str) -> None:
    """The chosen criterion's figures and charts (carbon's with its uncertainty): a change of
    criterion or of a chart's tab redraws this section alone."""
    criterion = st.radio(t("Criterion"), list(CRITERIA), horizontal=True, key="criterion",
                         format_func=language.labels(CRITERIA, lambda key: i18n.capital(
                             say(CRITERIA[key].label))),
                         help=t("Carbon decides the verdict (the convention's rule); water, "
                                "metals and primary energy are counted beside it."))
    if criterion != "gwp":
        _other_criterion(result, criterion, block, lang)
    else:
        _carbon(result, block, lang)


def _finance(result: dict, lang: str) -> None:
    """Costs and gains in euros, their ratio, and the cost of a tonne avoided against France's
    value of climate action."""
    st.subheader(t("Costs and financial gains"))
    fin = result["finance"]
    if fin is None:
        st.caption(t("No cost or gain in euros entered (page 6, 'Costs and financial gains'): "
                     "the convention asks for them, with the ratio of the investment to the "
                     "gains."))
        return
    horizon = i18n.duration(result["horizon_years"], lang)
    ratio, payback = fin["investment_to_gains_ratio"], fin["payback_years"]
    f1, f2, f3 = st.columns(3)
    f1.metric(t("Investment"), i18n.euros(fin["investment_eur"], lang),
              help=t("Hardware, development and licences paid once."))
    f2.metric(t("Cost over {duration}", duration=horizon), i18n.euros(fin["cost_eur"], lang),
              help=t("The investment and {running} of running costs a year.",
                     running=i18n.euros(fin["running_eur_per_year"], lang)))
    f3.metric(t("Gains over {duration}", duration=horizon), i18n.euros(fin["gains_eur"], lang),
              help=t("{gains} of financial gains declared a year.",
                     gains=i18n.euros(fin["gains_eur_per_year"], lang)))
    f4, f5, f6 = st.columns(3)
    f4.metric(t("Financial balance"), i18n.euros(fin["net_eur"], lang),
              help=t("Gains minus cost over the horizon, undiscounted: positive saves money."))
    f5.metric(t("Investment / gains"), t("n/a") if ratio is None else num(ratio, 2),
              help=t("Investment over the gains of the horizon: below 1, the gains repay it."))
    f6.metric(t("Financial payback"), t("never") if payback is None else
              i18n.duration(payback, lang),
              help=t("When the gains, less the running costs, have repaid the investment."))
    if payback is not None and payback > result["horizon_years"]:
        st.caption(t("The investment is repaid after the horizon of {duration}.",
                     duration=horizon))
    per_tonne = fin["cost_eur_per_tco2e"]
    p1, p2, _ = st.columns(3)
    p1.metric(t("Net cost per tonne of CO2e avoided"),
              t("n/a") if per_tonne is None else f"{i18n.euros(per_tonne, lang)}/tCO2e",
              help=t("Cost minus gains, over the tonnes the project avoids net (its carbon "
                     "balance)."))
    p2.metric(t("Value of climate action for {year}", year=fin["climate_value_year"]),
              f"{i18n.euros(fin['climate_value_eur_per_tco2e'], lang)}/tCO2e",
              help=t("France's reference value of a tonne of CO2e avoided: an action that "
                     "costs less is worth taking for the community."))
    box = st.info if fin["within_climate_value"] in (True, None) else st.warning
    box(language.plain(say(fin["text"])), icon=":material/euro:")
    st.caption(t("Source of the value: {source}. In 2018 euros, not adjusted for inflation; "
                 "amounts undiscounted.", source=say(fin["climate_value_source"])))


def _other_criterion(result: dict, key: str, block: dict | None, lang: str) -> None:
    """Water, metals or primary energy: consumed, saved, net, by phase; water's balance."""
    c = CRITERIA[key]
    figures = result[c.result_key]
    m1, m2, m3 = st.columns(3)
    m1.metric(t("Consumed"), amount(figures["total"], c.unit),
              help=t("Over {duration}: training, inference, network and manufacturing where a "
                     "published figure exists.",
                     duration=i18n.duration(result["horizon_years"], lang)))
    m2.metric(t("Saved by the benefits"), amount(result[c.saved_key], c.unit),
              help=t("What the declared benefits save, times their attribution to the AI."))
    m3.metric(t("Net (saved - consumed)"), amount(result[c.net_key], c.unit),
              help=t("Positive is good."))
    if key == "water":
        water = figures
        st.caption(t("Of the water consumed: {onsite} on site (the data centre's cooling), "
                     "{offsite} generating its electricity, {hosted} at a hosted model's "
                     "provider. Manufacturing water is not counted: no published figure in "
                     "litres exists for this equipment (Method page).",
                     onsite=amount(water["onsite"], "L"), offsite=amount(water["offsite"], "L"),
                     hosted=amount(water["hosted"], "L")))
    if block and c.result_key in block.get("criteria", {}):
        net = block["criteria"][c.net_key]
        st.caption(t("With the uncertainty of the inputs: net between {low} and {high} (5th to "
                     "95th percentile).", low=amount(net["p5"], c.unit),
                     high=amount(net["p95"], c.unit)))
    for note in result["not_counted"]:
        st.caption(":material/info: " + language.plain(say(note)))
    if key == "water":
        show(state.memo(f"chart_water_balance_{lang}",
                    lambda: charts.water_balance(result, lang=lang)))
    show(state.memo(f"chart_criterion_{key}_{lang}",
                    lambda: charts.criterion_by_phase(result, key, lang=lang)))


# a headline figure's width in a row of them: three a line in the main area at 1280 pixels
METRIC_WIDTH_PX = 250


def _carbon(result: dict, block: dict | None, lang: str) -> None:
    """Carbon: the figures and charts of the convention's rule, and its uncertainty."""
    ratio, payback = result["benefit_to_footprint_ratio"], result["payback_years"]
    # one wrapping row of metrics of one width (three a line at 1280 pixels, as three columns
    # were): one block on the wire instead of eight (bench/bench_server.py)
    figures = st.container(horizontal=True, gap="medium")
    figures.metric(t("Footprint"), kg(result["footprint_kgco2e"]["total"]),
                   help=t("Over {duration}: training, inference, manufacturing, transport "
                          "and network.", duration=i18n.duration(result["horizon_years"], lang)),
                   width=METRIC_WIDTH_PX)
    figures.metric(t("Avoided emissions"), kg(result["benefits_kgco2e"]),
                   help=t("Declared avoided emissions, times their attribution to the AI."),
                   width=METRIC_WIDTH_PX)
    figures.metric(t("Net balance"), kg(result["net_kgco2e"]),
                   help=t("Avoided emissions minus footprint: positive is good."),
                   width=METRIC_WIDTH_PX)
    figures.metric(t("Avoided / footprint"),
                   t("n/a") if ratio is None else f"{num(ratio, 1)} ×",
                   width=METRIC_WIDTH_PX)
    figures.metric(t("Payback"), t("not within the horizon") if payback is None else
                   i18n.duration(payback, lang),
                   help=t("When cumulative avoided emissions overtake the cumulative "
                          "footprint."),
                   width=METRIC_WIDTH_PX)
    rate = result["sci"]
    per_unit, unit = rate["consumer_gco2e_per_unit"], rate["functional_unit"]
    # a unit the scenario declares is shown as typed (request: in the reader's language)
    figures.metric(t("Carbon per {what}", what=language.plain(say(sci.unit_words(unit)))),
                   t("n/a") if per_unit is None else f"{num(i18n.significant(per_unit))} gCO2e",
                   help=say(rate["not_drawn"]) if per_unit is None else t(
                       "Software Carbon Intensity (ISO/IEC 21031, its AI extension): the "
                       "consumer boundary, operation and equipment in service, over {units} "
                       "units served. With the training (the provider boundary): {project} "
                       "gCO2e per unit.", units=num(rate["units"]),
                       project=num(i18n.significant(rate["project_gco2e_per_unit"]))),
                   width=METRIC_WIDTH_PX)

    # lazy tabs: only the open tab's chart is drawn and sent on a rerun (a click on a tab
    # reruns the page); bench/bench_server.py measures what that saves
    tab1, tab2, tab3 = st.tabs([t("Footprint against benefits"), t("Over time"),
                                t("From benefits to net")], key="verdict_charts",
                               on_change="rerun")
    if tab1.open:
        show(state.memo(f"chart_phases_{lang}",
                    lambda: charts.footprint_vs_benefits(result, lang=lang)), tab1)
    if tab2.open:
        show(state.memo(f"chart_cumulative_{lang}",
                    lambda: charts.cumulative(result, lang=lang)), tab2)
    if tab3.open:
        show(state.memo(f"chart_waterfall_{lang}",
                    lambda: charts.waterfall(result, lang=lang)), tab3)

    if block:
        st.subheader(t("How sure is it?"))
        st.caption(t("{samples} simulations (seed {seed}) over {inputs} uncertain inputs: the "
                     "ranges entered, the published spread of the reference factors, and plus or "
                     "minus 30 % on declared benefits unless a range is given. {method}.",
                     samples=num(block["samples"]), seed=block["seed"],
                     inputs=block["uncertain_inputs"], method=say(block["method"])))
        net = block["net_kgco2e"]
        row = st.container(horizontal=True, gap="medium")  # as the figures above
        row.metric(t("Net balance, low (5 %)"), kg(net["p5"]),
                   help=t("5 % of the simulations give less: 90 % fall between this and the "
                          "high."),
                   width=METRIC_WIDTH_PX)
        row.metric(t("Net balance, median"), kg(net["p50"]),
                   width=METRIC_WIDTH_PX)
        row.metric(t("Net balance, high (95 %)"), kg(net["p95"]),
                   width=METRIC_WIDTH_PX)
        row.metric(t("Probability of a positive balance"), pct(block["probability_positive"]),
                   help=t("Share of simulations with avoided emissions above the footprint."),
                   width=METRIC_WIDTH_PX)
        st.markdown("\n".join(f"- {md(reason)}" for reason in block["reasons"]))
        t1, t2, t3 = st.tabs([t("Distribution"), t("What decides it"),
                              t("Over time, with uncertainty")], key="verdict_uncertainty",
                             on_change="rerun")
        if t1.open:
            show(state.memo(f"chart_distribution_{lang}", lambda: charts.net_distribution(
                state.uncertainty_net(), block, lang=lang)), t1)
        if t2.open:
            with t2:
                _drivers(result, block, lang)
        if t3.open:
            show(state.memo(f"chart_bands_{lang}", lambda: charts.cumulative_bands(
                state.uncertainty_bands(), block["payback_years"], lang=lang)), t3)



def _drivers(result: dict, block: dict, lang: str) -> None:
    """The inputs that decide the verdict: the tornado chart and its table."""
    if not block["drivers"]:
        st.markdown(t("No uncertain input: every value is exact."))
        return
    st.caption(t("Each bar: the net balance with that input at its low (light) or high (dark) "
                 "value, every other input at its likely value. Black line: the likely net "
                 "balance; dashed line: zero."))
    show(state.memo(f"chart_tornado_{lang}", lambda: charts.tornado(
        block["drivers"], result["net_kgco2e"], lang=lang)), table=False)  # its table follows
    st.table(state.memo(f"drivers_table_{lang}", lambda: tables.kept([
        {t("input"): say(d["label"]),
         t("low"): i18n.plain_number(i18n.significant(d["low"]), lang),
         t("likely"): i18n.plain_number(i18n.significant(d["likely"]), lang),
         t("high"): i18n.plain_number(i18n.significant(d["high"]), lang),
         t("unit"): i18n.unit(d["unit"], lang),
         t("net at low"): kg(d["net_at_low_kgco2e"]),
         t("net at high"): kg(d["net_at_high_kgco2e"])}
        for d in block["drivers"]])), hide_index=True)


def _levers_figures_export(result: dict, block: dict | None, lang: str) -> None:
    """The levers, every figure with its source, the exports and the dossier."""
    st.subheader(t("What would improve the balance"))
    if result["recommendations"]:
        st.markdown("\n".join(f"{i}. {md(r['text'])}"
                              for i, r in enumerate(result["recommendations"], 1)))
    else:
        st.markdown(t("No frugal lever left to pull in this scenario."))
    advice = [item for item in result["frugality"] if item["advice"]]
    if advice:
        st.markdown(t("**From the frugality checklist:**") + "\n" + "\n".join(
            f"- {md(item['advice'])}" for item in advice))
    unanswered = sum(item["answer"] == "not answered" for item in result["frugality"])
    if unanswered:
        st.caption(":material/checklist: " + t(
            "{unanswered} of {questions} questions of the frugality checklist are not answered "
            "(Project page).", unanswered=unanswered, questions=len(result["frugality"])))

    st.subheader(t("Every figure and where it comes from"))
    exported = dict(result, uncertainty=block) if block else result
    # the checklist's answers are words: their own table, so the value column stays numeric
    # kept until the scenario changes, like the charts (about a hundred rows, each written in
    # the language)
    rows = state.memo("result_rows", lambda: result_rows(exported))
    # kept as an Arrow table: st.dataframe would convert a DataFrame again at every rerun
    figures = state.memo(f"figures_table_{lang}", lambda: pa.Table.from_pandas(pd.DataFrame(
        [{k: v for k, v in r.items() if k != "_section"} for r in table.shown_rows(rows, lang)
         if r["_section"] != "frugality"]), preserve_index=False))
    st.dataframe(figures, width="stretch", hide_index=True)
    st.markdown(t("**Frugality checklist** (the project's answers, Project page)"))
    st.table(state.memo(f"checklist_table_{lang}", lambda: tables.kept(
        [{t("question"): say(r["item"]), t("answer"): say(r["value"]),
          t("source"): say(r["source"])} for r in rows if r["section"] == "frugality"])),
             hide_index=True)

    _export_and_dossier(exported, lang)


@router.section
def _export_and_dossier(exported: dict, lang: str) -> None:
    """The CSV and JSON downloads and the committee's dossier: a change of format or of the
    dossier's language redraws this section alone."""
    st.subheader(t("Export"))
    fmt = st.radio(t("CSV format"), ["fr", "intl"], horizontal=True,
                   format_func={"fr": t("French Excel (; and decimal comma)"),
                                "intl": t("International (, and decimal point)")}.get,
                   key="csv_format")
    # the files are given with the page, not written on the click (a callable): a click
    # made while a rerun replaces the button named a file the server had just forgotten, and
    # the download spun for ever (Streamlit 1.67 drops a button's previous callable when it
    # is drawn again). A file given keeps its address for one more run. The CSV is kept per
    # content, format, language and day: written once (5 to 13 ms), hashed at each run
    # (17 kB).
    today = date.today()
    scenario_text = json.dumps(state.scenario(), indent=2, ensure_ascii=False)
    summary = state.memo(f"csv_summary_{fmt}_{lang}_{today.isoformat()}",
                         lambda: csv_summary(exported, fmt, on=today, lang=lang))
    downloads = st.container(horizontal=True)  # one block, not three (two columns)
    downloads.download_button(t("Download the CSV summary"), summary,
                         file_name=state.file_name("balance", "csv"), mime="text/csv",
                         width="stretch")
    downloads.download_button(t("Download the scenario (JSON)"), scenario_text,
                          file_name=state.file_name("scenario", "json"),
                          mime="application/json", width="stretch",
                          help=t("Save it to reload it later with 'Load a scenario file'."))

    st.subheader(t("Dossier for the ethics committee"))
    st.caption(t("A document to annex to a decision: the verdict and the rule applied, the "
                 "figures, the charts, the uncertainty, the levers, the frugality checklist, "
                 "and every value used with its status and source. HTML (one self-contained "
                 "file) and PDF."))
    st.session_state.setdefault(state.DOSSIER_LANGUAGE, language.current())
    st.radio(t("Language of the dossier"), ["fr", "en"], horizontal=True,
             key=state.DOSSIER_LANGUAGE, format_func=language.NAMES.get,
             help=t("The committee's documents are in French; English for other readers."))
    dossier = state.dossier()
    if dossier is None:
        st.button(t("Prepare the dossier"), key="dossier_prepare", icon=":material/description:",
                  on_click=state.prepare_dossier,
                  args=(library_ui.saved_version, committee_ui.opinion_of_saved,
                        elsewhere_ui.for_dossier),
                  disabled=state.current()[1] is not None,
                  help=t("About ten seconds: the charts are drawn and the PDF printed by "
                         "this server's Chromium."))
    elif "error" in dossier:
        st.error(t("The dossier could not be made: {reason}",
                   reason=language.plain(dossier["error"])))
    else:
        d1, d2 = st.columns(2)
        # the bytes themselves (a file given with the page delivers; see above)
        d1.download_button(t("Download the dossier (PDF)"), dossier["pdf"],
                           key="dossier_pdf",
                           file_name=state.file_name("dossier", "pdf"), mime="application/pdf",
                           width="stretch", icon=":material/picture_as_pdf:")
        d2.download_button(t("Download the dossier (HTML)"), dossier["html"],
                           key="dossier_html",
                           file_name=state.file_name("dossier", "html"), mime="text/html",
                           width="stretch", icon=":material/html:")


page()
