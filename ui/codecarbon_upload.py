"""The CodeCarbon upload block shared by the Training and Inference pages: files, the runs to
keep, and a summary at the scenario's location. Parsing and totals are in
calculators/codecarbon_import.py."""

from __future__ import annotations

import copy
from typing import Any

import streamlit as st

from calculators import codecarbon_import as cci
from calculators.balance import format_kgco2e

from . import state


def pick_runs(name: str, result: dict[str, Any] | None) -> dict[str, Any] | None:
    """Upload files, choose runs; the summary of the runs kept, or None."""
    uploads = st.file_uploader("CodeCarbon file(s)", type=["csv"], accept_multiple_files=True,
                               key=state.key(f"{name}_codecarbon_files"),
                               help="emissions.csv from any CodeCarbon version; comma or "
                                    "semicolon separated, UTF-8 or Windows-1252.")
    if not uploads:
        return None
    runs, rejected, errors = cci.read_files([(u.name, u.getvalue()) for u in uploads])
    for error in errors:
        st.error(error)
    if rejected:
        st.warning(f"{len(rejected)} line(s) left out:")
        st.table([r._asdict() for r in rejected[:20]])
    if not runs:
        return None
    projects = sorted({r.project_name for r in runs})
    project = st.selectbox("Project", ["(all projects)"] + projects,
                           key=state.key(f"{name}_codecarbon_project"))
    kept = cci.select(runs, None if project == "(all projects)" else project)
    experiments = sorted({r.experiment_id for r in kept if r.experiment_id})
    if experiments:
        experiment = st.selectbox("Experiment", ["(all experiments)"] + experiments,
                                  key=state.key(f"{name}_codecarbon_experiment"))
        if experiment != "(all experiments)":
            kept = cci.select(kept, experiment=experiment)
    ids = st.multiselect("Runs (none chosen: all of them)",
                         sorted({r.run_id for r in kept if r.run_id}),
                         key=state.key(f"{name}_codecarbon_runs"))
    kept = cci.select(kept, run_ids=ids)
    if not kept:
        return None
    grid = result["grid_intensity_g_per_kwh"] if result else None
    summary = cci.summarise(kept, rejected, grid["value"] if grid else None,
                            grid["label"] if grid else "")
    st.markdown(f"{summary['runs']} run(s), {summary['duration_s']:,.0f} s, "
                f"**{summary['it_energy_kwh']:.4g} kWh** of IT energy; CodeCarbon's figure "
                f"{format_kgco2e(summary['reported_emissions_kgco2e'])}"
                + (f", at this scenario's grid "
                   f"{format_kgco2e(summary['emissions_at_location_kgco2e'])}" if grid else "")
                + ".")
    return summary


def show_measured(result: dict[str, Any] | None, phase: str) -> None:
    """The 'measured' notice with CodeCarbon's figure beside ours, when there is one."""
    for m in (result or {}).get("measurements", ()):
        if m["phase"] == phase:
            st.success(f"**Measured** with CodeCarbon: {m['runs']} run(s), "
                       f"{m['it_energy_kwh']:.4g} kWh of IT energy. CodeCarbon's own figure: "
                       f"{format_kgco2e(m['codecarbon_emissions_kgco2e'])}; at this "
                       f"scenario's location and PUE: "
                       f"{format_kgco2e(m['scenario_emissions_kgco2e'])}.  \n"
                       + " ".join(m["why_they_differ"]), icon=":material/speed:")


def use_measurement(phase: str, summary: dict[str, Any], requests: float | None = None) -> None:
    """Callback: put the measured runs into the scenario (training: the energy of one run;
    inference: the energy per request over ``requests``), marked measured."""
    new = copy.deepcopy(state.scenario())
    target = new.setdefault(phase, {})
    target["measurement"] = cci.measurement_block(summary, requests)
    if phase == "training":
        target["energy_kwh"] = summary["it_energy_kwh"]
        message = (f"Imported {summary['runs']} CodeCarbon run(s) as the energy of one "
                   f"training run.")
    else:
        target["energy_wh_per_request"] = cci.energy_wh_per_request(summary, requests)
        target.pop("per_request_includes_pue", None)  # measured IT energy: PUE is applied
        message = (f"Imported {summary['runs']} CodeCarbon run(s): "
                   f"{target['energy_wh_per_request']:.4g} Wh per request.")
    state.replace(new, ("success", message))
