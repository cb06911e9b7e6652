"""Reference factors from ``data/``: one sourced value a row, loaded once, read-only.

Every factor file shares one layout (``FACTOR_COLUMNS``): key, label, value, low, high, unit,
year, source, source_url, status (``published``, ``derived`` or ``assumption``), checked,
checked_where, notes; a file may add columns of its own after them (``FACTOR_FILES``).

``checked`` says whether the figure was re-read in its source: ``yes`` (``checked_where`` then
quotes the passage or names the precise place it was read), ``no`` (``checked_where`` says
what was searched and why it could not be read: the figure is shown *not verified* wherever it
appears), ``n/a`` for assumptions and definitions. ``data/README.md`` says how each file was
built. The loaded tables are shared by every user of the app, so they are returned as
read-only mappings.
"""

from __future__ import annotations

import csv
import functools
import math
from pathlib import Path
from types import MappingProxyType
from typing import Mapping, NamedTuple

from . import codecarbon_data
from .i18n import Message, Quote, Text, msg

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

FACTOR_COLUMNS = (
    "key", "label", "value", "low", "high", "unit", "year",
    "source", "source_url", "status", "checked", "checked_where", "notes",
)
CLOUD_COLUMNS = ("key", "label", "provider", "country_iso3", "city", "pue_key", "source",
                 "source_url", "notes")
# declared: published by a provider about its own product (the EU AI Act's Annex XI asks
# providers to document their models' energy): a figure of its own, never a measurement of ours
STATUSES = ("published", "derived", "assumption", "declared")
CHECKED = ("yes", "no", "n/a")


class FileSpec(NamedTuple):
    units: tuple[str, ...]           # the units its rows may use
    extra_columns: tuple[str, ...] = ()  # its own columns, after FACTOR_COLUMNS


# file name -> what its rows may hold
FACTOR_FILES: Mapping[str, FileSpec] = MappingProxyType({
    # utilisation_key: the device's family in utilisation.csv, whose rows <family>_<use>
    # (gpu_training, gpu_serving...) or <family> give its average draw over the power given
    # here when the scenario gives none (scenario.defaults.default_utilisation); embodied_kind:
    # the row of embodied.csv
    # for its manufacturing (empty: none published, e.g. a TPU)
    "accelerators.csv": FileSpec(("W",), ("utilisation_key", "embodied_kind")),
    "utilisation.csv": FileSpec(("fraction",)),
    "embodied.csv": FileSpec(("kgCO2e",)),
    # manufacturing's metals and minerals and its primary energy, by kind of embodied.csv (a
    # kind without a row: no published figure, not counted)
    "embodied_adpe.csv": FileSpec(("kgSbeq",)),
    "embodied_pe.csv": FileSpec(("MJ",)),
    # a data centre's on-site water per kWh of IT energy (WUE): the default and its presets
    "water.csv": FileSpec(("L/kWh",)),
    "lifetimes.csv": FileSpec(("years",)),
    "masses.csv": FileSpec(("kg",)),
    "transport.csv": FileSpec(("kgCO2e/tkm",)),
    "network.csv": FileSpec(("kWh/GB",)),
    "pue.csv": FileSpec(("ratio",)),
    # electricity_grid: for a benefit counted in kWh of electricity, the country whose grid
    # factor values it ("any": the benefit's own country); the row's value is then only shown.
    # water_l_per_unit: litres of water saved per unit ("grid": the water of generating a kWh
    # where it is saved; empty: no water counted)
    "benefits.csv": FileSpec(("kgCO2e/kWh", "kgCO2e/L", "kgCO2e/km", "kgCO2e/m3", "kgCO2e/t",
                              "kgCO2e/kg", "kgCO2e/kgCO2e"), ("electricity_grid",
                                                              "water_l_per_unit")),
    "allocation.csv": FileSpec(("fraction",)),
    "policy.csv": FileSpec(("kgCO2e/year", "fraction", "L/year", "kgSbeq/year", "MJ/year")),
    "inference_typical.csv": FileSpec(("Wh/request",)),
    # France's value of climate action (Quinet 2019), a row per year of its trajectory
    "climate_value.csv": FileSpec(("EUR/tCO2e",)),
    # what providers declare of one request to their hosted models: provider and model_prefix
    # as EcoLogits names them, output_tokens the answer's length the figure is for
    "hosted_declared.csv": FileSpec(("kgCO2e/request", "L/request", "kgSbeq/request"),
                                    ("provider", "model_prefix", "output_tokens")),
})


class Factor(NamedTuple):
    """One reference value with its range and provenance."""

    key: str
    label: Text
    value: float
    low: float
    high: float
    unit: str
    year: int
    source: str
    source_url: str
    status: str
    checked: str
    checked_where: str
    notes: Text
    extra: Mapping[str, str] = MappingProxyType({})  # the file's own columns

    @property
    def verified(self) -> bool | None:
        """True when re-read in its source, False when it could not be, None for our own
        assumptions and definitions (nothing to re-read)."""
        return None if self.checked == "n/a" else self.checked == "yes"

    def cite(self) -> Message:
        """Source text for display: status, source and year, and *not verified* for a figure
        that could not be re-read in its source. A published source is cited as published;
        our own words (assumptions, derivations) are translated. Built once a row (a
        message is immutable)."""
        return _cite(self.source, self.status, self.year, self.verified)


@functools.lru_cache(maxsize=None)
def _cite(source: str, status: str, year: int, verified: bool | None) -> Message:
    """``Factor.cite`` of a row with this source, status, year and check."""
    shown = source if status in ("published", "declared") else Message(source)
    if status == "assumption" and not source.startswith("Assumption"):
        cited = msg("Assumption: {source} ({year})", source=shown, year=year)
    elif status == "declared":
        cited = msg("{source} ({year}), declared by the provider", source=shown, year=year)
    else:
        cited = msg("{source} ({year})", source=shown, year=year)
    return msg("{source}, not verified in its source", source=cited) \
        if verified is False else cited


class DataFileError(ValueError):
    """A file in ``data/`` does not have the expected layout."""


def _read_rows(path: Path, columns: tuple[str, ...]) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != columns:
            raise DataFileError(f"{path.name}: columns must be {','.join(columns)}; "
                                f"found {','.join(reader.fieldnames or ())}")
        return list(reader)


def check_provenance(where: str, row: Mapping[str, str]) -> None:
    """The rules every sourced row follows (factor files and grid factors alike)."""
    if row["status"] not in STATUSES:
        raise DataFileError(f"{where}: status must be one of {STATUSES}")
    if row["checked"] not in CHECKED:
        raise DataFileError(f"{where}: checked must be one of {CHECKED}")
    if not row["source"].strip():
        raise DataFileError(f"{where}: every row needs a source")
    if row["status"] in ("published", "declared"):
        if not row["source_url"].strip():
            raise DataFileError(f"{where}: a published value needs a source_url")
        if row["checked"] == "n/a":
            raise DataFileError(f"{where}: a published value is checked (yes) or not (no)")
    if row["checked"] in ("yes", "no") and not row["checked_where"].strip():
        raise DataFileError(f"{where}: checked_where must say where the value was read, or "
                            f"what was searched when it could not be")


def parse_factor_file(path: Path, spec: FileSpec | tuple[str, ...]) -> dict[str, Factor]:
    """Read and check one factor file; raises DataFileError naming the file, row and column."""
    if not isinstance(spec, FileSpec):
        spec = FileSpec(tuple(spec))
    out: dict[str, Factor] = {}
    for line_no, row in enumerate(_read_rows(path, FACTOR_COLUMNS + spec.extra_columns),
                                  start=2):
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
        if row["unit"] not in spec.units:
            raise DataFileError(f"{where}: unit {row['unit']!r} not in {spec.units}")
        check_provenance(where, row)
        try:
            year = int(row["year"])
        except ValueError:
            raise DataFileError(f"{where}: year is not an integer") from None
        # the label and notes are Messages: English as strings, French through the catalogue
        out[key] = Factor(key, Message(row["label"]), numbers["value"], numbers["low"],
                          numbers["high"], row["unit"], year, _quoted(row), row["source_url"],
                          row["status"], row["checked"], row["checked_where"],
                          Message(row["notes"]) if row["notes"] else "",
                          MappingProxyType({c: row[c].strip() for c in spec.extra_columns}))
    return out


def _quoted(row: Mapping[str, str]) -> str:
    """A row's source: as its source published it (its figures written the reader's way,
    ``i18n.Quote``), or our own words (translated where shown)."""
    return Quote(row["source"]) if row["status"] in ("published", "declared") else row["source"]


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
    """Cloud regions of ``data/cloud_regions.csv``, mapped to the country whose grid they
    draw on."""
    out: dict[str, CloudRegion] = {}
    for line_no, row in enumerate(_read_rows(DATA_DIR / "cloud_regions.csv", CLOUD_COLUMNS), 2):
        if row["key"] in out:
            raise DataFileError(f"cloud_regions.csv line {line_no}: duplicate key {row['key']!r}")
        out[row["key"]] = CloudRegion(**row)
    return MappingProxyType(out)


@functools.lru_cache(maxsize=1)
def data_version() -> str:
    """Version of the reference data: ``data/VERSION`` plus the CodeCarbon and EcoLogits data
    it reads (``data/CHANGELOG.md`` says what changed between versions)."""
    from .ecologits_data import ecologits_version

    own = (DATA_DIR / "VERSION").read_text(encoding="utf-8").strip()
    return (f"{own}+codecarbon-{codecarbon_data.codecarbon_version()}"
            f"+ecologits-{ecologits_version()}")


def all_cloud_region_keys() -> list[str]:
    """Every cloud region a scenario may name: ours plus Google's from CodeCarbon."""
    return sorted(set(cloud_regions()) | set(codecarbon_data.gcp_regions()))
