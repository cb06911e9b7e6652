"""Page 3: the model in service, per request and/or per serving device."""

import copy

import streamlit as st

from calculators import codecarbon_import as cci
from calculators import hosted, i18n, refdata
from calculators.i18n import msg
from calculators.scenario import field_spec
from ui import codecarbon_upload, devices, editing, language, router, state, tables
from ui.language import kg, num, say, t

router.ensure_routed()


def page() -> None:
    """The inference page: per request, a hosted model, or devices dedicated to serving."""
    sc = state.scenario()
    inf = sc.setdefault("inference", {})
    accelerators = refdata.factors("accelerators.csv")
    typical = refdata.factors("inference_typical.csv")

    st.title(t("3. Inference"))
    st.caption(t("The energy of using the model: per request (when you know the energy of one "
                 "request), and/or the devices dedicated to serving it. Both are added up."))

    st.subheader(t("A. Per request"))
    left, right = st.columns(2)
    with left:
        editing.number(inf, "requests_per_day", t("Requests per day"),
                       path="inference.requests_per_day", key="inf_requests", optional=True,
                       uncertain=True, placeholder=t("e.g. 5,000"),
                       help=t("How many times a day the model is called, e.g. 2,000 questions to "
                              "an assistant, 86,400 if a camera is analysed every second."))
    with right:
        editing.number(inf, "energy_wh_per_request", t("Energy per request (Wh)"),
                       path="inference.energy_wh_per_request", key="inf_wh", optional=True,
                       uncertain=True, placeholder=t("e.g. 0.038"),
                       help=t("Energy of one request in Wh. Orders of magnitude in the table "
                              "below: about 0.002 for a small classifier, 0.04 for a vision model, "
                              "0.3 to 3 for an answer from a large LLM."))
    if "measurement" in inf and editing.likely(inf.get("energy_wh_per_request")) != \
            cci.energy_wh_per_request({"it_energy_kwh": inf["measurement"]["it_energy_kwh"]},
                                      inf["measurement"]["requests"]):
        inf.pop("measurement")  # edited by hand: no longer the measured figure
    result_now = state.current()[0]
    if "measurement" in inf:
        codecarbon_upload.show_measured(result_now, "inference")

    with st.expander(t("Import a CodeCarbon measurement of a serving benchmark")):
        st.caption(t("Run your model on a batch of typical requests under CodeCarbon (for example "
                     "`python -m calculators measure -- python serve_benchmark.py`), then load the "
                     "file here and say how many requests the runs served."))
        summary = codecarbon_upload.pick_runs("inference", result_now)
        if summary:
            served = editing.typed_number(
                t("Requests served during these runs"),
                key=state.key("inference_codecarbon_requests"), placeholder=t("e.g. 1,000"),
                spec=field_spec("inference.measurement.requests"),
                help=t("The energy per request is the measured IT energy divided by this number."))
            st.button(t("Use as the energy per request"),
                      on_click=codecarbon_upload.use_measurement,
                      args=("inference", summary, served), key="use_codecarbon_inference",
                      disabled=served is None)

    inf["per_request_includes_pue"] = st.checkbox(
        t("This figure already includes the data centre's overhead (PUE)"),
        value=bool(inf.get("per_request_includes_pue", False)), key=state.key("inf_pue"),
        help=t("Tick it for figures given per request at the data-centre level (e.g. by "
               "EcoLogits); leave it for figures measured on the server (the PUE is then "
               "applied)."))
    if not inf["per_request_includes_pue"]:
        inf.pop("per_request_includes_pue")
    tables.reference("inference_tasks", lambda: [
        {t("task"): say(f.label), t("Wh per request"): num(f.value),
         t("range (Wh)"): t("{low} to {high}", low=num(f.low), high=num(f.high)),
         t("source"): say(f.cite())}
        for f in typical.values()])

    st.subheader(t("B. A hosted model called through an API"))
    st.caption(t("For a project that calls a provider's LLM rather than serving its own: "
                 "EcoLogits estimates the energy and emissions of one request at the provider's "
                 "data centre (its grid and PUE; this scenario's location does not apply to it)."))
    model_now = inf.get("hosted_model")
    if model_now:
        st.success(language.md(hosted.describe(model_now)), icon=":material/cloud:")
        for warning in model_now.get("warnings", []):
            st.caption(t("EcoLogits (its own words): {warning}", warning=warning))
        shown = state.current()[0]
        for row in ((shown or {}).get("hosted_model") or {}).get("declared", []):
            st.info(t("**The provider declares its own figure**: {label}, {declared} {unit}, "
                      "against EcoLogits' {ecologits} {unit} for the same answer ({source}). "
                      "The two sources disagree: the uncertainty analysis draws between them, "
                      "EcoLogits' figure staying the likely one.", label=say(row["label"]),
                      declared=num(row["declared"]), ecologits=num(row["ecologits"]),
                      unit=row["unit"], source=say(row["source"])),
                    icon=":material/compare_arrows:")

    def _use_hosted(provider: str, model: str, tokens: int, per_day: float) -> None:
        try:
            figures = hosted.per_request(provider, model, tokens)
        except hosted.HostedModelError as exc:
            st.session_state[state.MESSAGE] = ("error", f"{exc.field}: {say(exc.message)}")
            return
        new = copy.deepcopy(state.scenario())
        new.setdefault("inference", {})["hosted_model"] = {
            "provider": provider, "model": model, "output_tokens_per_request": tokens,
            "requests_per_day": per_day, **figures}
        state.replace(new, ("success", t("{provider} {model}: figures from EcoLogits {version}.",
                                         provider=provider, model=model,
                                         version=figures["ecologits_version"])))

    def _drop_hosted() -> None:
        new = copy.deepcopy(state.scenario())
        new.get("inference", {}).pop("hosted_model", None)
        state.replace(new, ("success", t("Hosted model removed.")))

    with st.expander(t("Choose a hosted model") if not model_now else t("Change the hosted model")):
        try:
            known = hosted.catalogue()
        except hosted.HostedModelError as exc:
            st.error(say(exc.message))
            known = {}
        if known:
            providers = list(known)
            provider = st.selectbox(t("Provider"), providers, key=state.key("hosted_provider"),
                                    index=providers.index(model_now["provider"])
                                    if model_now and model_now["provider"] in providers else 0)
            models = list(known[provider])
            chosen = st.selectbox(t("Model"), models, key=state.key("hosted_model"),
                                  index=models.index(model_now["model"])
                                  if model_now and model_now["model"] in models else 0,
                                  help=t("The models EcoLogits knows. Another model: use part A "
                                         "with a published energy per request."))
            tokens = editing.typed_number(
                t("Output tokens per request"), key=state.key("hosted_tokens"),
                value=model_now["output_tokens_per_request"] if model_now else 300,
                spec=field_spec("inference.hosted_model.output_tokens_per_request"),
                help=t("Tokens the model writes per answer: about 300 for a short answer (roughly "
                       "200 words), 1,000 for a page."))
            per_day = editing.typed_number(
                t("Requests per day to the hosted model"), key=state.key("hosted_requests"),
                value=editing.likely(model_now["requests_per_day"]) if model_now else 1000,
                spec=field_spec("inference.hosted_model.requests_per_day"),
                help=t("Calls to the hosted model a day, e.g. 2,000 questions."))
            st.button(t("Use this model (figures from EcoLogits)"), on_click=_use_hosted,
                      args=(provider, chosen, tokens, per_day), key="use_hosted",
                      disabled=tokens is None or per_day is None)
        if model_now:
            st.button(t("Remove the hosted model"), on_click=_drop_hosted, key="drop_hosted")

    st.subheader(t("C. Devices dedicated to serving"))
    st.caption(t("Leave *power* empty to use the model's rated power; *utilisation* is the "
                 "average power over it (empty: the family's measured average for the device's "
                 "load: a GPU serving requests as they come draws {serving} of its rating, as "
                 "BLOOM's API measured, {busy} kept busy; give 1 if the power is already a "
                 "measured average).", serving=editing.field_text(
                     refdata.factors("utilisation.csv")["gpu_serving"].value),
                 busy=editing.field_text(refdata.factors("utilisation.csv")[
                     "gpu_serving_busy"].value)))
    LOADS = {"intermittent": t("requests as they come (idle between them)"),
             "continuous": t("kept busy (requests batched)")}
    editing.lines("inference_devices", ("inference", "devices"), devices.fields(
        accelerators, tuple(sorted(accelerators)) + ("other",), [
            editing.Field("hours_per_day", t("Hours per day"), "number", uncertain=True,
                          placeholder="24", help=t("Hours a day the device is on. Empty: 24.")),
            editing.Field("load", t("Load"), "choice", options=tuple(LOADS), format=LOADS.get,
                          placeholder=LOADS["intermittent"],
                          help=t("What the device does, which sets its default utilisation: "
                                 "requests as they come, idle between them (a public service's "
                                 "usual case), or kept busy with requests batched. Empty: "
                                 "requests as they come.")),
        ], serving=True), title=devices.title(accelerators), add_label=t("Add a serving device"),
        empty_text=t("No dedicated device: the energy per request above may be enough."),
        template={"count": 1})
    devices.carry_to_hardware(accelerators)
    if inf.get("devices") and inf.get("energy_wh_per_request"):
        st.warning(say(msg("warn_double_inference")), icon=":material/warning:")
    editing.number(inf, "days_per_year", t("Days of service per year"),
                   path="inference.days_per_year", key="inf_days", optional=True, uncertain=True,
                   placeholder="365",
                   help=t("Empty: 365. A sorting centre open 6 days a week: about 300."))

    # what the service delivers, for the carbon per unit served (the SCI): not its energy
    st.subheader(t("D. What the service delivers"))
    served_left, served_right = st.columns(2)
    with served_left:
        editing.number(inf, "served_per_year", t("Units served per year"),
                       path="inference.served_per_year", key="inf_served", optional=True,
                       placeholder=t("e.g. 2,000,000"),
                       help=t("How many units the service delivers a year, e.g. 2 000 000 "
                              "images sorted or 3 650 000 answers. Only the carbon per unit "
                              "served (verdict page) uses it. Empty: the requests per day "
                              "above, else the hosted model's."))
    with served_right:
        typed_unit = st.text_input(
            t("What one unit is"), value=inf.get("served_unit", ""), max_chars=60,
            key=state.key("inf_served_unit"), placeholder=t("request"),
            help=t("In a few words, e.g. 'image sorted', 'answer', 'km of network watched'. "
                   "Empty: a request."),
            **editing.taken(editing.take_text, inf, "served_unit",
                            state.key("inf_served_unit")))
        if typed_unit.strip():
            inf["served_unit"] = typed_unit.strip()
        else:
            inf.pop("served_unit", None)

    result = state.current()[0]
    if result:
        st.divider()
        c1, c2 = st.columns(2)
        c1.metric(t("Inference footprint"), kg(result["footprint_kgco2e"]["inference"]),
                  help=t("Over {duration}.", duration=i18n.duration(result["horizon_years"],
                                                                  language.current())))
        c2.metric(t("Inference energy"), f"{num(result['energy_kwh']['inference'], 0)} kWh",
                  help=t("Including the data centre's overhead (PUE) unless ticked above."))


page()
