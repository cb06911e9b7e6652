"""The fields of a computing device, shared by the Training and Inference pages' lines."""

from __future__ import annotations

from typing import Any, Callable, Mapping

from calculators import i18n
from calculators.scenario.defaults import default_utilisation

from . import editing, language
from .language import t


def fields(accelerators: Mapping[str, Any], models: tuple[str, ...],
           extra: list[editing.Field], serving: bool = False) -> list[editing.Field]:
    """Model, count, power and utilisation, then ``extra`` (hours per run, or per day).
    ``serving``: a serving device, whose default utilisation follows its load."""
    return [
        editing.Field("model", t("Model"), "choice", options=models, required=True,
                      format=editing.factor_name(accelerators),
                      help=t("The device; 'other' needs its power below.")),
        editing.Field("count", t("Count"), "number", placeholder="1",
                      help=t("Number of devices, e.g. 8. Empty: 1.")),
        *extra,
        editing.Field("utilisation", t("Utilisation (0 to 1)"), "number", uncertain=True,
                      placeholder=_utilisation_placeholder(accelerators, serving),
                      help=t("Average power over rated power. Empty: the family's measured "
                             "average for this use: a GPU {training} in training (Dodge et "
                             "al. 2022), {serving} serving requests as they come (BLOOM's "
                             "API, measured), {busy} kept busy. Give 1 when the power is a "
                             "measured average.", **_gpu_shares())),
        editing.Field("power_w", t("Power (W)"), "number", uncertain=True, more=True,
                      placeholder=editing.default_from(accelerators, "model"),
                      help=t("Rated power of one device in W. Empty: the model's default. A "
                             "power 'adjusted for PUE' (Meta's model cards) must be divided by "
                             "the PUE first.")),
    ]


def _gpu_shares() -> dict[str, str]:
    """A GPU's default utilisation for each use, written for the reader."""
    shares = {name: default_utilisation("a100_sxm4", use) for name, use in (
        ("training", "training"), ("serving", "intermittent"), ("busy", "continuous"))}
    return {name: editing.field_text(f.value) for name, f in shares.items()}


def _utilisation_placeholder(accelerators: Mapping[str, Any], serving: bool
                             ) -> Callable[[dict[str, Any]], str]:
    """What an empty utilisation takes, for the line's model and, serving, its load."""
    def placeholder(item: dict[str, Any]) -> str:
        model = item.get("model")
        use = (item.get("load") or "intermittent") if serving else "training"
        found = default_utilisation(model, use) if isinstance(model, str) and \
            model in accelerators else None
        return language.t("default") if found is None else \
            language.t("default: {value}", value=editing.field_text(found.value))
    return placeholder


def title(accelerators: Mapping[str, Any]) -> Callable[[dict[str, Any]], str]:
    """A line's title: '8 × NVIDIA A100 ...'."""
    name = editing.factor_name(accelerators)

    def _title(item: dict[str, Any]) -> str:
        if "model" not in item:
            return ""
        count = item.get("count", 1)
        model = item["model"]
        shown = i18n.short(accelerators[model].label, language.current()) \
            if model in accelerators else name(model)
        return f"{editing.field_text(count)} × {shown}"
    return _title


def carry_to_hardware(accelerators: Mapping[str, Any]) -> None:
    """Offer to put the training and serving devices in 4. Hardware, so their manufacturing
    is counted (shown when some are missing there)."""
    import streamlit as st

    from calculators import scenario as scenario_format

    from . import state

    sc = state.scenario()
    try:
        # named as a reader names the device: its label without what the power figure is
        missing = scenario_format.hardware_for_devices(sc, {
            k: i18n.short(f.label, language.current()) for k, f in accelerators.items()})
    except (TypeError, AttributeError):  # a scenario being edited: offered once it is whole
        return
    if not missing:
        return

    def carry() -> None:
        state.scenario().setdefault("hardware", []).extend(missing)
        trained = sum(1 for item in missing if item.get("use") == "training")
        st.session_state[state.MESSAGE] = ("success", t(
            "{count} line(s) added to 4. Hardware: check their condition (new, refurbished, "
            "reused) and the share the project uses.", count=len(missing)) + (" " + t(
                "The training devices are charged for the training's hours (each run and "
                "retraining) out of their lifetime, not for years of service; say there if "
                "they were bought for the project and serve nothing else.")
                if trained else ""))

    st.info(t("The manufacturing of these devices is not counted yet: {items}.",
              items=", ".join(f"{i['count']} × {i['name']}" for i in missing)),
            icon=":material/memory:")
    st.button(t("Add them to 4. Hardware"), on_click=carry, icon=":material/add:",
              key=state.key("carry_devices"))
