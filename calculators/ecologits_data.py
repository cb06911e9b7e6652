"""The one adapter to the data EcoLogits ships in its package, read offline.

Method: locate the installed ``ecologits`` package with ``importlib.util.find_spec`` and read
``data/electricity_mixes.json`` directly (importing ``ecologits`` loads its model catalogue and
tracers, which a grid look-up does not need). Nothing here touches the network.

What the file holds, per country (ISO 3166 alpha-3) and for the world (``WOR``): ``gwp``
(kgCO2e/kWh), ``adpe`` (kg Sb eq/kWh), ``pe`` (MJ/kWh) and ``wue`` (L/kWh), with warning codes
where a world value stands in. It names no source and no year. EcoLogits' documentation
(``docs/methodology/llm_inference.md``, read in its repository at version 0.9.1) says where they
come from: "We use data from the Our World in Data for GWP impact and from the ADEME Base
Empreinte for ADPe and PE impacts", and the water of electricity "is averaged from each country
according to the World Resource Institute methodology".
"""

from __future__ import annotations

import functools
import importlib.metadata
import importlib.util
import json
from pathlib import Path
from types import MappingProxyType
from typing import Mapping, NamedTuple

from .units import G_PER_KG

WORLD = "WOR"
DOCS_URL = "https://ecologits.ai/latest/methodology/llm_inference/"


class ElectricityMix(NamedTuple):
    """One country's electricity mix as EcoLogits ships it."""

    iso3: str
    gwp_g_per_kwh: float        # global warming potential, gCO2e/kWh
    adpe_kgsbeq_per_kwh: float  # abiotic resource depletion (metals), kg Sb eq/kWh
    pe_mj_per_kwh: float        # primary energy, MJ/kWh
    wue_l_per_kwh: float        # water consumed to generate it, L/kWh
    world_defaults: tuple[str, ...]  # the criteria that take the world's value (EcoLogits' codes)


class EcoLogitsDataMissing(RuntimeError):
    """EcoLogits is not installed or its data file is not where version 0.11 keeps it."""


@functools.lru_cache(maxsize=1)
def ecologits_version() -> str:
    try:
        return importlib.metadata.version("ecologits")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def _data_file() -> Path:
    spec = importlib.util.find_spec("ecologits")
    if spec is None or spec.origin is None:
        raise EcoLogitsDataMissing(
            "the ecologits package is not installed: run the README's install command")
    return Path(spec.origin).parent / "data" / "electricity_mixes.json"


@functools.lru_cache(maxsize=1)
def electricity_mixes() -> Mapping[str, ElectricityMix]:
    """Every mix EcoLogits ships, keyed by ISO 3166 alpha-3 (``WOR`` for the world). A row
    whose global warming figure is missing or not positive is left out, so that the country
    is not silently counted as carbon-free."""
    path = _data_file()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise EcoLogitsDataMissing(f"EcoLogits data file not found: {path}") from exc
    out: dict[str, ElectricityMix] = {}
    for row in raw.get("electricity_mixes") or ():
        try:
            gwp = float(row["gwp"])
            values = (float(row["adpe"]), float(row["pe"]), float(row["wue"]))
        except (KeyError, TypeError, ValueError):
            continue
        if not gwp > 0 or not all(v >= 0 for v in values):
            continue
        code = str(row.get("name", "")).upper()
        out[code] = ElectricityMix(code, gwp * G_PER_KG, *values,
                                   tuple(row.get("warnings") or ()))
    return MappingProxyType(out)
