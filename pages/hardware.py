"""Page 4: equipment whose manufacturing is charged to the project, with reuse and sharing."""

import streamlit as st

from calculators import refdata
from calculators.embodied import CONDITIONS
from ui import editing, elsewhere as elsewhere_ui, router, state, tables
from ui.language import kg, num, pct, plain, say, status, t

router.ensure_routed()


def page() -> None:
    """The hardware page: each item's manufacturing, lifetime, use, share and transport."""
    state.scenario()  # the tab's scenario, made when it has none
    embodied = refdata.factors("embodied.csv")
    lifetimes = refdata.factors("lifetimes.csv")
    masses = refdata.factors("masses.csv")
    allocation = refdata.factors("allocation.csv")

    st.title(t("4. Hardware and reuse"))
    st.caption(t("Equipment bought or used for the project. Its manufacturing is charged for the "
                 "part of its life the project uses, times the project's share when it is shared "
                 "with other authorities. Empty cells take the default of the kind (table below)."))
    elsewhere_ui.shareable_on_hardware_page()  # what other authorities offer to share

    MODES = {"sea": t("sea"), "air": t("air"), "road": t("road"), "rail": t("rail")}
    USES = {"service": t("for its service (bought or owned for the project)"),
            "training": t("for the training only"),
            "hours": t("by the hour (rented, e.g. a cloud GPU)")}

    def _hours_placeholder(item: dict) -> str:
        """What an empty 'hours' field means for the line's use."""
        use = item.get("use", "service")
        if use == "training":
            return t("the training's hours")
        if use == "hours":
            return t("required, e.g. 400")
        return t("not used: charged by the year")

    KINDS = tuple(sorted(embodied, key=lambda k: say(embodied[k].label))) + ("other",)
    editing.lines("hardware", ("hardware",), [
        editing.Field("name", t("Name"), "text", required=True,
                      placeholder=t("e.g. Inference server"),
                      help=t("What the item is, e.g. 'Inference server'.")),
        editing.Field("kind", t("Kind"), "choice", options=KINDS, required=True,
                      format=editing.factor_name(embodied),
                      help=t("Sets the default manufacturing, lifetime and mass (table below); "
                             "'other' needs its manufacturing and lifetime.")),
        editing.Field("count", t("Count"), "number", placeholder="1", help=t("Empty: 1.")),
        editing.Field("condition", t("Condition"), "choice", options=tuple(CONDITIONS),
                      format=lambda c: say(CONDITIONS[c]), placeholder=t("new"),
                      help=t("new; refurbished (charged {refurbished_share} of the manufacturing, "
                             "{refurbished_status}); reused: second-hand or already owned (charged "
                             "{reused_share}). Empty: new.",
                             refurbished_share=allocation["condition_refurbished"].value,
                             refurbished_status=status(allocation["condition_refurbished"].status),
                             reused_share=allocation["condition_reused"].value)),
        editing.Field("use", t("Used by the project"), "choice", options=tuple(USES),
                      format=USES.get, placeholder=USES["service"],
                      help=t("Sets the part of its manufacturing charged. For its service: the "
                             "years the project uses it, of its lifetime (bought for the project, "
                             "or already owned). For the training only: the training's hours "
                             "(every run and retraining, from 2. Training) of its lifetime hours. "
                             "By the hour: the hours entered beside, of its lifetime hours (a "
                             "rented cloud GPU). Empty: for its service.")),
        editing.Field("use_hours", t("Hours of use (h per item)"), "number", uncertain=True,
                      placeholder=_hours_placeholder,
                      help=t("Hours the project uses one item over the whole horizon, when used by "
                             "the hour (required) or for the training (empty: the training's "
                             "hours), e.g. 400 hours of a rented GPU. A year of round-the-clock "
                             "use is 8,760 h.")),
        editing.Field("share", t("Share used (0 to 1)"), "number", uncertain=True, placeholder="1",
                      help=t("The part of the item this project uses: 0.5 if shared with one other "
                             "authority. Empty: 1.")),
        editing.Field("embodied_kgco2e", t("Manufacturing (kgCO2e each)"), "number",
                      uncertain=True, placeholder=editing.default_from(embodied, "kind"),
                      help=t("Empty: the kind's default (table below).")),
        editing.Field("lifetime_years", t("Lifetime (years)"), "number", uncertain=True,
                      more=True, placeholder=editing.default_from(lifetimes, "kind"),
                      help=t("Empty: the kind's default.")),
        editing.Field("use_years", t("Used by the project (years)"), "number", uncertain=True,
                      more=True, placeholder=t("the horizon"),
                      help=t("For equipment used for its service. Empty: the horizon.")),
        editing.Field("transport_km", t("Distance (km)"), "number", uncertain=True, more=True,
                      placeholder=t("not counted"),
                      help=t("From where it was made or bought, e.g. 19,000 from Taiwan. Empty: "
                             "not counted.")),
        editing.Field("transport_mode", t("Mode"), "choice", options=tuple(MODES),
                      format=MODES.get, more=True, placeholder=t("road"),
                      help=t("Empty: road.")),
        editing.Field("mass_kg", t("Mass (kg each)"), "number", uncertain=True, more=True,
                      placeholder=editing.default_from(masses, "kind"),
                      help=t("Shipped mass. Empty: the kind's default.")),
    ], title=lambda item: item.get("name", ""), add_label=t("Add equipment"),
        empty_text=t("No equipment yet: add the servers, sensors, cameras or GPUs bought or used "
                     "for the project, so their manufacturing is counted."), template={})

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
            charged = "" if item["use_hours"] is None else "  \n" + t(
                "Charged for {hours} h of use per item, of a lifetime of {lifetime} h: {part} of "
                "its manufacturing.", hours=num(item["use_hours"]),
                lifetime=num(item["lifetime_hours"]),
                part=pct(item["life_share"], significant=True))
            st.markdown(t("**{name}** ({count} × {kind}, {condition}): manufacturing "
                          "**{manufacturing}**, transport **{transport}**  \nIf {effects}",
                          name=plain(item["name"]), count=item["count"],
                          kind=plain(editing.factor_name(embodied)(item["kind"])),
                          condition=say(CONDITIONS[item["condition"]]),
                          manufacturing=kg(item["embodied_kgco2e"]),
                          transport=kg(item["transport_kgco2e"]), effects=effects) + charged)
        c1, c2 = st.columns(2)
        c1.metric(t("Manufacturing charged"), kg(result["footprint_kgco2e"]["embodied"]))
        c2.metric(t("Transport"), kg(result["footprint_kgco2e"]["transport"]))

    with st.expander(t("Defaults by kind, with sources")):
        tables.reference("hardware_defaults", lambda: [
            {t("item"): say(f.label), t("manufacturing (kgCO2e)"): num(f.value),
             t("lifetime (years)"): num(lifetimes[k].value), t("status"): status(f.status),
             t("source"): say(f.cite())} for k, f in embodied.items()])
        st.markdown(t("**Condition rules**: {rules}", rules="; ".join(
            t("{choice}: {change}", choice=say(CONDITIONS[k.removeprefix("condition_")]),
              change=f"{num(f.value)} ({say(f.cite())})")
            for k, f in allocation.items() if k.removeprefix("condition_") in CONDITIONS)))


page()
