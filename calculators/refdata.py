"""Reference factors from ``data/``: one sourced value a row, loaded once, read-only.

Every factor file shares one layout (``FACTOR_COLUMNS``): key, label, value, low, high, unit,
year, source, source_url, status (``published``, ``derived`` or ``assumption``), checked (was the
value re-read in its source when the row was written: ``yes``, ``no`` or ``n/a``), notes.
``data/README.md`` says how each file was built. The loaded tables are shared by every user of
the app, so they are returned as read-only mappings.
"""

from __future__ import annotations

import csv
import functools
import math
from pathlib import Path
from types import MappingProxyType
from typing import Mapping, NamedTuple

from . import codecarbon_data
from .i18n import Message, msg

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

FACTOR_COLUMNS = (
    "key", "label", "value", "low", "high", "unit", "year",
    "source", "source_url", "status", "checked", "notes",
)
CLOUD_COLUMNS = ("key", "label", "provider", "country_iso3", "city", "pue_key", "source",
                 "source_url", "notes")
STATUSES = ("published", "derived", "assumption")
CHECKED = ("yes", "no", "n/a")

# file name -> units its rows may use
FACTOR_FILES: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "accelerators.csv": ("W",),
    "embodied.csv": ("kgCO2e",),
    "lifetimes.csv": ("years",),
    "masses.csv": ("kg",),
    "transport.csv": ("kgCO2e/tkm",),
    "network.csv": ("kWh/GB",),
    "pue.csv": ("ratio",),
    "benefits.csv": ("kgCO2e/kWh", "kgCO2e/L", "kgCO2e/km", "kgCO2e/m3", "kgCO2e/t",
                     "kgCO2e/kg", "kgCO2e/kgCO2e"),
    "allocation.csv": ("fraction",),
    "policy.csv": ("kgCO2e/year", "fraction"),
    "inference_typical.csv": ("Wh/request",),
})


class Factor(NamedTuple):
    """One reference value with its range and provenance."""

    key: str
    label: str
    value: float
    low: float
    high: float
    unit: str
    year: int
    source: str
    source_url: str
    status: str
    checked: str
    notes: str

    def cite(self) -> Message:
        """Source text for display: status, source and year. A published source is cited as
        published; our own words (assumptions, derivations) are translated."""
        source = self.source if self.status == "published" else Message(self.source)
        if self.status == "assumption" and not self.source.startswith("Assumption"):
            return msg("Assumption: {source} ({year})", source=source, year=self.year)
        return msg("{source} ({year})", source=source, year=self.year)


class DataFileError(ValueError):
    """A file in ``data/`` does not have the expected layout."""


def _read_rows(path: Path, columns: tuple[str, ...]) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != columns:
            raise DataFileError(f"{path.name}: columns must be {','.join(columns)}; "
                                f"found {','.join(reader.fieldnames or ())}")
        return list(reader)


def parse_factor_file(path: Path, allowed_units: tuple[str, ...]) -> dict[str, Factor]:
    """Read and check one factor file; raises DataFileError naming the file, row and column."""
    out: dict[str, Factor] = {}
    for line_no, row in enumerate(_read_rows(path, FACTOR_COLUMNS), start=2):
        where = f"{path.name} line {line_no}"
        key = row["key"].strip()
        if not key:
            raise DataFileError(f"{where}: empty key")
        if key in out:
            raise DataFileError(f"{where}: duplicate key {key!r}")
        numbers = {}
        for col in ("value", "low", "high"):
            try:
                numbers[col] = float(row[col])
            except (TypeError, ValueError):
                raise DataFileError(f"{where}: {col} is not a number: {row[col]!r}") from None
            if not math.isfinite(numbers[col]):
                raise DataFileError(f"{where}: {col} is not finite")
        if not numbers["low"] <= numbers["value"] <= numbers["high"]:
            raise DataFileError(f"{where}: need low <= value <= high")
        if row["unit"] not in allowed_units:
            raise DataFileError(f"{where}: unit {row['unit']!r} not in {allowed_units}")
        if row["status"] not in STATUSES:
            raise DataFileError(f"{where}: status must be one of {STATUSES}")
        if row["checked"] not in CHECKED:
            raise DataFileError(f"{where}: checked must be one of {CHECKED}")
        if not row["source"].strip():
            raise DataFileError(f"{where}: every row needs a source")
        if row["status"] == "published" and not row["source_url"].strip():
            raise DataFileError(f"{where}: a published value needs a source_url")
        try:
            year = int(row["year"])
        except ValueError:
            raise DataFileError(f"{where}: year is not an integer") from None
        # the label and notes are Messages: English as strings, French through the catalogue
        out[key] = Factor(key, Message(row["label"]), numbers["value"], numbers["low"], numbers["high"],
                          row["unit"], year, row["source"], row["source_url"], row["status"],
                          row["checked"], Message(row["notes"]) if row["notes"] else "")
    return out


@functools.lru_cache(maxsize=None)
def factors(file_name: str) -> Mapping[str, Factor]:
    """The factors of one file of ``data/`` (see FACTOR_FILES), keyed by ``key``."""
    if file_name not in FACTOR_FILES:
        raise KeyError(f"unknown data file {file_name!r}")
    return MappingProxyType(parse_factor_file(DATA_DIR / file_name, FACTOR_FILES[file_name]))


class CloudRegion(NamedTuple):
    key: str
    label: str
    provider: str
    country_iso3: str
    city: str
    pue_key: str
    source: str
    source_url: str
    notes: str


@functools.lru_cache(maxsize=1)
def cloud_regions() -> Mapping[str, CloudRegion]:
    """Cloud regions of ``data/cloud_regions.csv``, mapped to the country whose grid they draw on."""
    out: dict[str, CloudRegion] = {}
    for line_no, row in enumerate(_read_rows(DATA_DIR / "cloud_regions.csv", CLOUD_COLUMNS), 2):
        if row["key"] in out:
            raise DataFileError(f"cloud_regions.csv line {line_no}: duplicate key {row['key']!r}")
        out[row["key"]] = CloudRegion(**row)
    return MappingProxyType(out)


@functools.lru_cache(maxsize=1)
def data_version() -> str:
    """Version of the reference data: ``data/VERSION`` plus the CodeCarbon data it reads."""
    own = (DATA_DIR / "VERSION").read_text(encoding="utf-8").strip()
    return f"{own}+codecarbon-{codecarbon_data.codecarbon_version()}"


def all_cloud_region_keys() -> list[str]:
    """Every cloud region a scenario may name: ours plus Google's from CodeCarbon."""
    return sorted(set(cloud_regions()) | set(codecarbon_data.gcp_regions()))
