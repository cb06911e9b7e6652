"""Compare: 2 to 6 scenarios or versions side by side: the inputs that differ, the figures
(footprint by phase, avoided, net, payback, verdicts, probability), charts on one scale, and the
comparison as CSV."""

from datetime import date

import pandas as pd
import streamlit as st

from calculators import ScenarioError
from calculators import i18n
from calculators.compare import (PAYBACK, SIDE_BY_SIDE_LIMIT, figures_side_by_side,
                                 input_differences)
from report.export import table_csv
from report import charts
from ui import language, router, state, tables
from ui.figures import show
from ui.language import num, say, t
from ui import elsewhere as elsewhere_ui, library as library_ui

router.ensure_routed()


def page() -> None:
    _scenarios()
    st.divider()
    elsewhere_ui.side_by_side()  # one project of another authority's register beside it


def _scenarios() -> None:
    CURRENT = "current"
    lang = language.current()
    st.title(t("Compare scenarios"))
    st.caption(t("Choose 2 to {limit} scenarios: the one you are working on and saved ones "
                 "(latest versions, or earlier versions too). Each is evaluated with today's "
                 "reference data and {samples} simulations for its uncertainty.",
                 limit=SIDE_BY_SIDE_LIMIT, samples=num(state.UNCERTAINTY_SAMPLES)))
    lib = library_ui.shown()  # without it, the scenario worked on can still be compared

    options: dict[str, str] = {}
    if state.current()[0] is not None:
        options[CURRENT] = t("The scenario you are working on: {name}",
                             name=state.scenario().get("name", ""))
    earlier = st.toggle(t("Offer earlier versions too"), key="cmp_earlier",
                        help=t("Adds every saved version to the list, to compare a scenario "
                               "with its own history."))
    if lib is not None:
        if earlier:
            for v in lib.all_versions():
                options[f"{v['entry_id']}:{v['version']}"] = t(
                    "{name}, version {version} ({project}, saved {when})", name=v["entry_name"],
                    version=v["version"], project=v["project"], when=tables.when(v["saved_at"]))
        else:
            for row in lib.list():
                options[f"{row['id']}:{row['latest_version']}"] = t(
                    "{name}, version {version} ({project}, saved {when})", name=row["name"],
                    version=row["latest_version"], project=row["project"],
                    when=tables.when(row["saved_at"]))
    # a choice no longer offered (toggle off, scenario archived) is dropped
    st.session_state["cmp_choice"] = [c for c in st.session_state.get("cmp_choice", [])
                                      if c in options]
    chosen = st.multiselect(t("Scenarios to compare"), list(options), format_func=options.get,
                            max_selections=SIDE_BY_SIDE_LIMIT, key="cmp_choice",
                            placeholder=t("choose two or more"))
    if len(chosen) < 2:
        st.info(t("Choose at least two scenarios.") + ("" if len(options) >= 2 else " " + t(
            "Save variants in the library first (sidebar: **Save to the library**).")),
                icon=":material/info:")
        return

    def _scenario(choice: str) -> tuple[dict, str | None]:
        if choice == CURRENT:
            return state.scenario(), None
        entry_id, version = choice.split(":")
        opened = lib.open_version(entry_id, int(version))
        return opened.scenario, opened.error

    scenarios, labels, results, problems = [], [], [], []
    for i, choice in enumerate(chosen):
        scenario, error = _scenario(choice)
        # a short label for tables and charts: the letter, the name, the version
        label = f"{chr(ord('A') + i)}. " + (t("{name} (working)",
                                              name=state.scenario().get("name", ""))
                                            if choice == CURRENT else
                                            options[choice].split(" (", 1)[0])
        if error:
            problems.append(t("{label}: does not validate any more ({error}); left out.",
                              label=label, error=error))
            continue
        try:
            result = state.evaluate_with_uncertainty(scenario)
        except ScenarioError as exc:
            problems.append(t("{label}: {error}; left out.", label=label,
                              error=state.friendly(exc, scenario)))
            continue
        scenarios.append(scenario)
        labels.append(label)
        results.append(result)
    for problem in problems:
        st.warning(language.plain(problem), icon=":material/warning:")  # names typed
    if len(results) < 2:
        return

    st.subheader(t("Figures"))
    figures = figures_side_by_side(results)
    figure_column = t("Figure")
    shown = pd.DataFrame(
        {figure_column: [say(f["figure"]) for f in figures],
         **{label: [(t("not within the horizon") if f["figure"] == PAYBACK and v is None
                     else tables.figure_cell(f["unit"], v)) for f, v in
                    zip(figures, [f["values"][i] for f in figures], strict=True)]
            for i, label in enumerate(labels)}})
    tables.static(shown.set_index(figure_column))

    tab1, tab2 = st.tabs([t("Footprint and avoided emissions"), t("Net balance")])
    with tab1:
        show(charts.compare_bars(labels, results, lang=lang))
    with tab2:
        show(charts.compare_net(labels, results, lang=lang))

    st.subheader(t("Inputs that differ"))
    differences = input_differences(scenarios)
    if differences:
        input_column = t("Input")
        frame = pd.DataFrame({input_column: tables.unique([
                                 tables.input_label(d["input"], scenarios[0])
                                 for d in differences]),
                              **{label: [tables.shown(d["values"][i], d["input"])
                                         for d in differences]
                                 for i, label in enumerate(labels)}}).set_index(input_column)
        st.dataframe(tables.highlight_differences(frame), width="stretch")
        st.caption(t("{count} input(s) differ; highlighted where a scenario differs from "
                     "{first} \"(default)\" means the value was left to its default.",
                     count=len(differences), first=labels[0][:2]))
    else:
        st.info(t("These scenarios have the same inputs."))

    header = [(t("Comparison of"), len(labels)), (t("Date"), i18n.date(date.today(), lang))]
    columns = [t("Section"), t("Item"), t("Unit"), *labels]
    rows = tables.comparison_rows(figures, differences, scenarios, PAYBACK)
    c1, c2 = st.columns(2)
    c1.download_button(t("Download the comparison (CSV, French Excel)"),
                       table_csv(header, columns, rows, "fr", lang),
                       file_name=f"{t('comparison')}-{date.today().isoformat()}.csv",
                       mime="text/csv", icon=":material/download:", width="stretch",
                       key="cmp_csv_fr")
    c2.download_button(t("Download the comparison (CSV, international)"),
                       table_csv(header, columns, rows, "intl", lang),
                       file_name=f"{t('comparison')}-{date.today().isoformat()}-intl.csv",
                       mime="text/csv", icon=":material/download:", width="stretch",
                       key="cmp_csv_intl")


library_ui.run_page(page)
