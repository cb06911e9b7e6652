"""Page 2: training, from measured energy or from the hardware used, with runs and
retrainings."""

import streamlit as st

from calculators import i18n, refdata
from calculators.scenario.defaults import default_utilisation
from ui import codecarbon_upload, devices, editing, language, router, state, tables
from ui.language import kg, num, pct, say, status, t

router.ensure_routed()


def page() -> None:
    """The training page: measured energy or hardware of one run, then how many runs."""
    sc = state.scenario()
    train = sc.setdefault("training", {})
    accelerators = refdata.factors("accelerators.csv")

    st.title(t("2. Training"))
    st.caption(t("The energy of one training run, then how many runs: experiments and tuning "
                 "before deployment, and retrainings during the service life. Measured energy and "
                 "hardware are added up: fill in one or the other."))

    st.subheader(t("A. Measured energy of one run"))
    editing.number(train, "energy_kwh", t("IT energy of one training run (kWh)"),
                   path="training.energy_kwh", key="train_energy", optional=True, uncertain=True,
                   placeholder=t("e.g. 7.5"),
                   help=t("If measured (e.g. with CodeCarbon: energy_consumed), the IT energy of "
                          "one run in kWh; the data centre's PUE is applied on top. Leave empty "
                          "otherwise. Example: 1 GPU for 20 hours is about 5 to 10 kWh. A figure "
                          "published 'adjusted for PUE' (Meta's model cards) already holds the "
                          "data centre's overhead: divide it by the PUE, or it is counted twice."))

    if "measurement" in train and editing.likely(train.get("energy_kwh")) != \
            train["measurement"]["it_energy_kwh"]:
        train.pop("measurement")  # edited by hand: no longer the measured figure
    result_now = state.current()[0]
    if "measurement" in train:
        codecarbon_upload.show_measured(result_now, "training")

    with st.expander(t("Import a CodeCarbon measurement (emissions.csv)")):
        st.caption(t("Files written by CodeCarbon (`emissions.csv`), from any version; several "
                     "files at once. Or measure a run on this machine: `python -m calculators "
                     "measure -- python train.py`."))
        summary = codecarbon_upload.pick_runs("training", result_now)
        if summary:
            st.button(t("Use as the energy of one training run"),
                      on_click=codecarbon_upload.use_measurement, args=("training", summary),
                      key="use_codecarbon")

    st.subheader(t("B. Hardware used for one run"))
    st.caption(t("One line per kind of device. Leave *power* empty to use the model's rated power "
                 "(table below); *utilisation* is the average power over the rated power (empty: "
                 "the measured average of the device's family in training, {gpu_share} for a GPU, "
                 "the median of the eleven runs measured by Dodge et al. 2022; give 1 if the power "
                 "you enter is already a measured average).",
                 gpu_share=editing.field_text(refdata.factors("utilisation.csv")[
                     "gpu_training"].value)))
    MODELS = tuple(sorted(accelerators)) + ("other",)
    editing.lines("training_devices", ("training", "devices"), devices.fields(
        accelerators, MODELS, [
        editing.Field("hours", t("Hours per run"), "number", required=True, uncertain=True,
                      placeholder=t("e.g. 72"),
                      help=t("Hours each device runs for one training, e.g. 72.")),
    ]), title=devices.title(accelerators), add_label=t("Add a device"),
        empty_text=t("No device yet: add one, or give the measured energy above."),
        template={"count": 1})

    devices.carry_to_hardware(accelerators)
    with st.expander(t("Default power of each device, with sources")):
        averages = refdata.factors("utilisation.csv")
        tables.reference("training_devices", lambda: [
            {t("device"): say(f.label), t("power (W)"): num(f.value),
             t("average draw in training (share of it)"): pct(
                 default_utilisation(k, "training").value),
             t("status"): status(f.status), t("source"): say(f.cite())}
            for k, f in accelerators.items()])
        gpu = averages["gpu_training"]
        st.caption(t("Average draw of a GPU in training: {value} of its rated power, from {low} to "
                     "{high} ({source}).", value=pct(gpu.value), low=pct(gpu.low),
                     high=pct(gpu.high), source=say(gpu.cite())))

    st.subheader(t("How many runs"))
    left, right = st.columns(2)
    with left:
        editing.number(train, "runs", t("Runs before deployment"), path="training.runs",
                       key="train_runs", optional=True, placeholder="1",
                       help=t("Every experiment and tuning run costs one training. Typical: 10 to "
                              "100 for a new model, 1 for an off-the-shelf one. Empty: 1."))
    with right:
        editing.number(train, "retrains_per_year", t("Retrainings per year"),
                       path="training.retrains_per_year", key="train_retrains", optional=True,
                       placeholder="0", uncertain=True,
                       help=t("Each retraining during the service life costs one training. "
                              "Typical: 0 to 12. Empty: 0."))

    result = state.current()[0]
    if result:
        st.divider()
        c1, c2, c3 = st.columns(3)
        c1.metric(t("Training footprint"), kg(result["footprint_kgco2e"]["training"]),
                  help=t("Over {duration}, at the location's grid intensity.",
                         duration=i18n.duration(result["horizon_years"], language.current())))
        c2.metric(t("Training energy"), f"{num(result['energy_kwh']['training'], 0)} kWh",
                  help=t("Including the data centre's overhead (PUE)."))
        c3.metric(t("Trainings counted"), num(result["trainings_count"], 1),
                  help=t("Runs before deployment + retrainings per year x horizon."))


page()
