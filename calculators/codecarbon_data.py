"""The one adapter to the data CodeCarbon ships in its package, read offline.

Method: locate the installed ``codecarbon`` package with ``importlib.util.find_spec`` and read its
data files directly. Importing ``codecarbon`` itself is avoided on purpose: it starts
``nvidia-smi`` and ``rocm-smi`` subprocesses, and its online tracker geolocates through a web
service. Nothing here touches the network.

Sources:
- ``data/private_infra/global_energy_mix.json``: per-country electricity generation mix and its
  carbon intensity (gCO2e/kWh) with the year: Our World in Data's carbon intensity of
  electricity generation (Ember, Energy Institute), life-cycle emissions per kWh generated.
- ``data/cloud/impact.csv``: Google Cloud regions' grid intensity (gCO2e/kWh) as published by
  Google, with a ``source`` column. The file starts with a byte order mark.
"""

from __future__ import annotations

import csv
import functools
import importlib.metadata
import importlib.util
import json
from pathlib import Path
from types import MappingProxyType
from typing import Mapping, NamedTuple

# What the figure is, read in CodeCarbon's own notebook that builds the file
# (codecarbon/data/private_infra/our_world_in_data.ipynb): Our World in Data's carbon intensity
# of electricity *generation*, from Ember and the Energy Institute, life-cycle emissions. It is
# not computed by CodeCarbon from its per-source factors (those give about 95 g for France).
CODECARBON_COUNTRY_SOURCE = (
    "Our World in Data, carbon intensity of electricity generation (Ember, Energy Institute), "
    "as shipped in CodeCarbon {version} (global_energy_mix.json)"
)
CODECARBON_URL = "https://ourworldindata.org/grapher/carbon-intensity-electricity"


class GridIntensity(NamedTuple):
    """A grid carbon intensity with where it comes from."""

    intensity_g_per_kwh: float
    year: int | None
    label: str
    source: str
    source_url: str


class CodeCarbonDataMissing(RuntimeError):
    """CodeCarbon is not installed or its data files are not where version 3.x keeps them."""


def _package_dir() -> Path:
    spec = importlib.util.find_spec("codecarbon")
    if spec is None or spec.origin is None:
        raise CodeCarbonDataMissing(
            "the codecarbon package is not installed: run the README's install command"
        )
    return Path(spec.origin).parent


@functools.lru_cache(maxsize=1)
def codecarbon_version() -> str:
    try:
        return importlib.metadata.version("codecarbon")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


@functools.lru_cache(maxsize=1)
def country_intensities() -> Mapping[str, GridIntensity]:
    """Grid intensity (gCO2e/kWh) for every country CodeCarbon ships, keyed by ISO 3166 alpha-3.

    Countries whose intensity is missing or zero in the file (no usable data) are left out, so
    that they are rejected like an unknown code instead of silently counting as carbon-free.
    """
    path = _package_dir() / "data" / "private_infra" / "global_energy_mix.json"
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise CodeCarbonDataMissing(f"CodeCarbon data file not found: {path}") from exc
    source = CODECARBON_COUNTRY_SOURCE.format(version=codecarbon_version())
    out: dict[str, GridIntensity] = {}
    for iso3, row in raw.items():
        value = row.get("carbon_intensity")
        if not isinstance(value, (int, float)) or not value > 0:
            continue
        year = row.get("year")
        out[iso3.upper()] = GridIntensity(
            float(value),
            int(year) if isinstance(year, (int, float)) else None,
            str(row.get("country_name") or iso3),
            source,
            CODECARBON_URL,
        )
    return MappingProxyType(out)


@functools.lru_cache(maxsize=1)
def gcp_regions() -> Mapping[str, tuple[GridIntensity, str]]:
    """Google Cloud regions, keyed ``gcp:<region>``: (grid intensity, ISO-3 country code)."""
    path = _package_dir() / "data" / "cloud" / "impact.csv"
    out: dict[str, tuple[GridIntensity, str]] = {}
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                if row.get("provider") != "gcp":
                    continue
                try:
                    value = float(row["impact"])
                except (TypeError, ValueError):
                    continue
                where = row.get("city") or row.get("country_name")
                label = f"Google Cloud {row['region']} ({where})"
                out[f"gcp:{row['region']}"] = (
                    GridIntensity(
                        value,
                        None,
                        label,
                        f"Google Cloud region carbon data, as shipped in CodeCarbon "
                        f"{codecarbon_version()} cloud/impact.csv",
                        row.get("source") or "https://cloud.google.com/sustainability/region-carbon",
                    ),
                    (row.get("countryIsoCode") or "").upper(),
                )
    except FileNotFoundError as exc:
        raise CodeCarbonDataMissing(f"CodeCarbon data file not found: {path}") from exc
    return MappingProxyType(out)
