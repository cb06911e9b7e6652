"""The CodeCarbon upload block shared by the Training and Inference pages: files, the runs to
keep, and a summary at the scenario's location. Parsing and totals are in
calculators/codecarbon_import.py."""

from __future__ import annotations

import copy
from typing import Any

import streamlit as st

from calculators import codecarbon_import as cci

from . import language, state, tables
from .language import kg, num, say, t, t_n


def pick_runs(name: str, result: dict[str, Any] | None) -> dict[str, Any] | None:
    """Upload files, choose runs; the summary of the runs kept, or None."""
    uploads = st.file_uploader(t("CodeCarbon file(s)"), type=["csv"],
                               accept_multiple_files=True,
                               key=state.key(f"{name}_codecarbon_files"),
                               help=t("emissions.csv from any CodeCarbon version; comma or "
                                      "semicolon separated, UTF-8 or Windows-1252."))
    if not uploads:
        return None
    runs, rejected, errors = cci.read_files([(u.name, u.getvalue()) for u in uploads])
    for error in errors:
        st.error(language.plain(say(error)))  # it names the file as uploaded
    if rejected:
        st.warning(t_n("{lines} line left out:", "{lines} lines left out:", count="lines",
                           lines=len(rejected)))
        tables.static([{t("file"): r.file, t("line"): r.line, t("reason"): say(r.reason)}
                  for r in rejected[:20]])
    if not runs:
        return None
    projects = sorted({r.project_name for r in runs})
    project = st.selectbox(t("Project"), [None] + projects,
                           format_func=language.labels(
                               [None] + projects,
                               lambda p: t("(all projects)") if p is None else p),
                           key=state.key(f"{name}_codecarbon_project"))
    kept = cci.select(runs, project)
    experiments = sorted({r.experiment_id for r in kept if r.experiment_id})
    if experiments:
        experiment = st.selectbox(t("Experiment"), [None] + experiments,
                                  format_func=language.labels(
                                      [None] + experiments,
                                      lambda e: t("(all experiments)") if e is None else e),
                                  key=state.key(f"{name}_codecarbon_experiment"))
        if experiment is not None:
            kept = cci.select(kept, experiment=experiment)
    ids = st.multiselect(t("Runs (none chosen: all of them)"),
                         sorted({r.run_id for r in kept if r.run_id}),
                         key=state.key(f"{name}_codecarbon_runs"))
    kept = cci.select(kept, run_ids=ids)
    if not kept:
        return None
    grid = result["grid_intensity_g_per_kwh"] if result else None
    summary = cci.summarise(kept, rejected, grid["value"] if grid else None,
                            grid["label"] if grid else "")
    text = t("{runs} run(s), {seconds} s, **{energy} kWh** of IT energy; CodeCarbon's figure "
             "{reported}", runs=summary["runs"], seconds=num(summary["duration_s"], 0),
             energy=num(summary["it_energy_kwh"]),
             reported=kg(summary["reported_emissions_kgco2e"]))
    if grid:
        text += t(", at this scenario's grid {here}",
                  here=kg(summary["emissions_at_location_kgco2e"]))
    st.markdown(text + ".")
    return summary


def show_measured(result: dict[str, Any] | None, phase: str) -> None:
    """The 'measured' notice with CodeCarbon's figure beside ours, when there is one."""
    for m in (result or {}).get("measurements", ()):
        if m["phase"] == phase:
            st.success(t("**Measured** with CodeCarbon: {runs} run(s), {energy} kWh of IT "
                         "energy. CodeCarbon's own figure: {reported}; at this scenario's "
                         "location and PUE: {here}.", runs=m["runs"],
                         energy=num(m["it_energy_kwh"]),
                         reported=kg(m["codecarbon_emissions_kgco2e"]),
                         here=kg(m["scenario_emissions_kgco2e"])) + "  \n"
                       + " ".join(say(why) for why in m["why_they_differ"]),
                       icon=":material/speed:")


def use_measurement(phase: str, summary: dict[str, Any], requests: float | None = None) -> None:
    """Callback: put the measured runs into the scenario (training: the energy of one run;
    inference: the energy per request over ``requests``), marked measured."""
    new = copy.deepcopy(state.scenario())
    target = new.setdefault(phase, {})
    target["measurement"] = cci.measurement_block(summary, requests)
    if phase == "training":
        target["energy_kwh"] = summary["it_energy_kwh"]
        message = t_n("Imported {runs} CodeCarbon run as the energy of one training run.",
                      "Imported {runs} CodeCarbon runs as the energy of one training run.",
                      count="runs", runs=summary["runs"])
    else:
        target["energy_wh_per_request"] = cci.energy_wh_per_request(summary, requests)
        target.pop("per_request_includes_pue", None)  # measured IT energy: PUE is applied
        message = t("Imported {runs} CodeCarbon run(s): {energy} Wh per request.",
                    runs=summary["runs"], energy=num(target["energy_wh_per_request"]))
    state.replace(new, ("success", message))
