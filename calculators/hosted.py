"""Hosted generative models (an LLM called through a provider's API), through EcoLogits.

Method and data: EcoLogits (ecologits.ai), bundled with its package and used offline: its model
list (parameters of each provider's models) and its method give, for one request of a given
number of output tokens, the energy (kWh) and the emissions (kgCO2e) split into usage and
embodied, each as a range. EcoLogits counts the provider's data centre (its location's grid and
its PUE): those figures are used as they are, never recomputed with the scenario's location or
PUE. This is the only module that imports ``ecologits``.
"""

from __future__ import annotations

import functools
import importlib.metadata
from typing import Any

from .i18n import Message, Text, msg
from .impacts import others
from .units import G_PER_KG, WH_PER_KWH

# EcoLogits caps generation time by the measured latency; none is measured here, so the cap
# is set far above any real request (seconds).
NO_LATENCY_CAP_S = 1e6


class HostedModelError(ValueError):
    """An unknown provider or model, or EcoLogits missing: ``field`` names the input."""

    def __init__(self, field: str, message: Text):
        self.field = field
        self.message = message  # a Message: English as a string, French through i18n.text
        super().__init__(f"{field}: {message}")


@functools.lru_cache(maxsize=1)
def ecologits_version() -> str:
    try:
        return importlib.metadata.version("ecologits")
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


@functools.lru_cache(maxsize=1)
def catalogue() -> dict[str, tuple[str, ...]]:
    """Provider -> the model names EcoLogits knows (read-only, shared)."""
    try:
        from ecologits.model_repository import models
    except ImportError as exc:
        raise HostedModelError("inference.hosted_model", msg(
            "EcoLogits is not installed: run the README's install command")) from exc
    out: dict[str, set[str]] = {}
    for model in models.list_models():
        out.setdefault(model.provider.value if hasattr(model.provider, "value")
                       else str(model.provider), set()).add(model.name)
    return {provider: tuple(sorted(names)) for provider, names in sorted(out.items())}


def _range(value: Any) -> dict[str, float]:
    low = float(getattr(value, "min", value))
    high = float(getattr(value, "max", value))
    return {"low": low, "likely": (low + high) / 2, "high": high}


def _sum(*values: Any) -> dict[str, float]:
    """Ranges added end to end (usage and embodied of one criterion)."""
    parts = [_range(v) for v in values]
    low, high = sum(p["low"] for p in parts), sum(p["high"] for p in parts)
    return {"low": low, "likely": (low + high) / 2, "high": high}


def per_request(provider: str, model: str, output_tokens: int) -> dict[str, Any]:
    """EcoLogits' figures for one request: energy (kWh), usage and embodied emissions (kgCO2e),
    water (L: EcoLogits' water consumption footprint, the provider's cooling and its
    electricity's generation), metals (kg Sb eq) and primary energy (MJ), usage and embodied
    together, as ranges {low, likely, high} (likely: the middle of EcoLogits' range, an
    assumption), with the EcoLogits version. Raises HostedModelError for an unknown model."""
    known = catalogue()
    if provider not in known:
        raise HostedModelError("inference.hosted_model.provider", msg(
            "unknown provider {provider}; EcoLogits knows {known}", provider=repr(provider),
            known=", ".join(known)))
    if model not in known[provider]:
        raise HostedModelError("inference.hosted_model.model", msg(
            "EcoLogits {version} does not know {model} for {provider}: use the per-request "
            "mode with a published figure", version=ecologits_version(), model=repr(model),
            provider=provider))
    from ecologits.tracers.utils import llm_impacts
    impacts = llm_impacts(provider, model, int(output_tokens), NO_LATENCY_CAP_S)
    if impacts.errors or not (impacts.energy and impacts.usage and impacts.embodied):
        raise HostedModelError("inference.hosted_model.model",
                               "; ".join(e.message for e in impacts.errors or ())
                               or msg("EcoLogits gives no figure for this model"))
    return {"energy_kwh_per_request": _range(impacts.energy.value),
            "usage_kgco2e_per_request": _range(impacts.usage.gwp.value),
            "embodied_kgco2e_per_request": _range(impacts.embodied.gwp.value),
            # each other criterion EcoLogits counts: usage and manufacturing together
            **{c.hosted_key: _sum(*(getattr(part, c.ecologits).value
                                    for part in (impacts.usage, impacts.embodied)
                                    if hasattr(part, c.ecologits)))
               for c in others() if c.ecologits},
            "ecologits_version": ecologits_version(),
            "warnings": [w.message for w in (impacts.warnings or [])]}


# what each declared figure stands beside: the EcoLogits figure of one request it is compared
# with, by the unit of data/hosted_declared.csv
DECLARED_FIELDS = {"kgCO2e/request": "usage_kgco2e_per_request",
                   "L/request": "water_l_per_request",
                   "kgSbeq/request": "adpe_kgsbeq_per_request"}


def declared(provider: str, model: str, output_tokens: float) -> dict[str, tuple[Any, float]]:
    """What the provider itself declares of one request of ``output_tokens`` to ``model``
    (data/hosted_declared.csv: a row applies to the models whose name starts with its
    model_prefix), by the EcoLogits field it stands beside: (its row, its figure for this
    request length, in proportion to the tokens of the answer it was declared for). Empty when
    the provider declares nothing for it."""
    from . import refdata
    out = {}
    for row in refdata.factors("hosted_declared.csv").values():
        if row.extra["provider"] == provider and model.startswith(row.extra["model_prefix"]):
            out[DECLARED_FIELDS[row.unit]] = (
                row, row.value * float(output_tokens) / float(row.extra["output_tokens"]))
    return out


def _likely(value: Any) -> float:
    return float(value["likely"] if isinstance(value, dict) else value)


def describe(hosted_model: dict[str, Any]) -> Message:
    """One sentence on a scenario's hosted model: its figures per request in Wh and gCO2e."""
    return msg("**{provider} {model}**, {tokens} output tokens a request, {requests_number} "
               "requests a day: {energy_wh_number} Wh and {usage_g_number} gCO2e (usage) + "
               "{embodied_g_number} gCO2e (embodied) a request, EcoLogits {version}.",
               provider=hosted_model["provider"], model=hosted_model["model"],
               tokens=hosted_model["output_tokens_per_request"],
               requests_number=_likely(hosted_model["requests_per_day"]),
               energy_wh_number=_likely(hosted_model["energy_kwh_per_request"]) * WH_PER_KWH,
               usage_g_number=_likely(hosted_model["usage_kgco2e_per_request"]) * G_PER_KG,
               embodied_g_number=_likely(hosted_model["embodied_kgco2e_per_request"])
               * G_PER_KG, version=hosted_model["ecologits_version"])
