"""Compare: 2 to 6 scenarios or versions side by side: the inputs that differ, the figures
(footprint by phase, avoided, net, payback, verdicts, probability), charts on one scale, and the
comparison as CSV."""

from datetime import date

import pandas as pd
import streamlit as st

from calculators import ScenarioError
from calculators.compare import SIDE_BY_SIDE_LIMIT, figures_side_by_side, input_differences
from calculators.export import table_csv
from ui import charts, router, state, tables
from ui import library as library_ui

router.ensure_routed()


def page() -> None:
    CURRENT = "current"
    st.title("Compare scenarios")
    st.caption(f"Choose 2 to {SIDE_BY_SIDE_LIMIT} scenarios: the one you are working on and saved "
               f"ones (latest versions, or earlier versions too). Each is evaluated with today's "
               f"reference data and {state.UNCERTAINTY_SAMPLES:,} simulations for its uncertainty.")
    lib = library_ui.shown()  # without it, the scenario worked on can still be compared

    options: dict[str, str] = {}
    if state.current()[0] is not None:
        options[CURRENT] = f"The scenario you are working on: {state.scenario().get('name', '')}"
    earlier = st.toggle("Offer earlier versions too", key="cmp_earlier",
                        help="Adds every saved version to the list, to compare a scenario with its "
                             "own history.")
    if lib is not None:
        if earlier:
            for v in lib.all_versions():
                options[f"{v['entry_id']}:{v['version']}"] = (
                    f"{v['entry_name']}, version {v['version']} ({v['project']}, saved "
                    f"{tables.when(v['saved_at'])})")
        else:
            for row in lib.list():
                options[f"{row['id']}:{row['latest_version']}"] = (
                    f"{row['name']}, version {row['latest_version']} ({row['project']}, "
                    f"saved {tables.when(row['saved_at'])})")
    # a choice no longer offered (toggle off, scenario archived) is dropped
    st.session_state["cmp_choice"] = [c for c in st.session_state.get("cmp_choice", [])
                                      if c in options]
    chosen = st.multiselect("Scenarios to compare", list(options), format_func=options.get,
                            max_selections=SIDE_BY_SIDE_LIMIT, key="cmp_choice",
                            placeholder="choose two or more")
    if len(chosen) < 2:
        st.info("Choose at least two scenarios." + ("" if len(options) >= 2 else
                " Save variants in the library first (sidebar: **Save to the library**)."),
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
        label = f"{chr(ord('A') + i)}. " + (state.scenario().get("name", "") + " (working)"
                                            if choice == CURRENT else
                                            options[choice].split(" (", 1)[0])
        if error:
            problems.append(f"{label}: does not validate any more ({error}); left out.")
            continue
        try:
            result = state.evaluate_with_uncertainty(scenario)
        except ScenarioError as exc:
            problems.append(f"{label}: {state.friendly(exc)}; left out.")
            continue
        scenarios.append(scenario)
        labels.append(label)
        results.append(result)
    for problem in problems:
        st.warning(problem, icon=":material/warning:")
    if len(results) < 2:
        return

    st.subheader("Figures")
    figures = figures_side_by_side(results)
    shown = pd.DataFrame(
        {"Figure": [f["figure"] for f in figures],
         **{label: [("not within the horizon" if f["figure"] == "Payback time" and v is None
                     else tables.figure_cell(f["unit"], v)) for f, v in
                    zip(figures, [f["values"][i] for f in figures])]
            for i, label in enumerate(labels)}})
    st.table(shown.set_index("Figure"))

    tab1, tab2 = st.tabs(["Footprint and avoided emissions", "Net balance"])
    with tab1:
        st.plotly_chart(charts.compare_bars(labels, results), width="stretch", theme=None)
    with tab2:
        st.plotly_chart(charts.compare_net(labels, results), width="stretch", theme=None)

    st.subheader("Inputs that differ")
    differences = input_differences(scenarios)
    if differences:
        frame = pd.DataFrame({"Input": [tables.input_label(d["input"]) for d in differences],
                              **{label: [tables.shown(d["values"][i]) for d in differences]
                                 for i, label in enumerate(labels)}}).set_index("Input")
        st.dataframe(tables.highlight_differences(frame), width="stretch")
        st.caption(f"{len(differences)} input(s) differ; highlighted where a scenario differs from "
                   f"{labels[0][:2]} \"(default)\" means the value was left to its default.")
    else:
        st.info("These scenarios have the same inputs.")

    header = [("Comparison of", len(labels)), ("Date", date.today().isoformat())]
    columns = ["Section", "Item", "Unit", *labels]
    rows = ([["figure", f["figure"], f["unit"], *f["values"]] for f in figures]
            + [["input", d["input"], "", *[tables.shown(v) for v in d["values"]]]
               for d in differences])
    c1, c2 = st.columns(2)
    c1.download_button("Download the comparison (CSV, French Excel)",
                       table_csv(header, columns, rows, "fr"), file_name="comparison.csv",
                       mime="text/csv", icon=":material/download:", width="stretch",
                       key="cmp_csv_fr")
    c2.download_button("Download the comparison (CSV, international)",
                       table_csv(header, columns, rows, "intl"), file_name="comparison_intl.csv",
                       mime="text/csv", icon=":material/download:", width="stretch",
                       key="cmp_csv_intl")


library_ui.run_page(page)
