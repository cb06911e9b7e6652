"""Grid carbon intensity by country, from each source that covers it, side by side.

Sources (what each figure is matters: a kWh *consumed* in a country carries its imports and
grid losses; a kWh *generated* does not):

- ``ademe``: ADEME's Base Empreinte, "Électricité - <year> - mix moyen - consommation", France
  continentale, by year (``data/grid_intensity.csv``): the kWh consumed in France, life-cycle
  emissions. ADEME's documentation says a greenhouse-gas report must use this factor. It is
  France's default, the latest year first.
- ``codecarbon``: the figure CodeCarbon ships (``codecarbon_data``) for 213 countries: Our World
  in Data's carbon intensity of electricity *generation* (Ember, Energy Institute), life-cycle
  emissions, with its year. CodeCarbon's own notebook says so
  (``codecarbon/data/private_infra/our_world_in_data.ipynb``, first cell), and OWID's table
  gives France 56 g and Germany 381 g for 2023, the values CodeCarbon 3.3.2 ships. The
  default elsewhere.
- ``ecologits``: the global warming figure of EcoLogits' bundled electricity mixes
  (``ecologits_data``), from Our World in Data by EcoLogits' documentation, year not given.

A scenario may name its source (``location.grid_source``, and ``location.grid_year`` for a
source with several years); the result shows every source's figure beside the one used.
"""

from __future__ import annotations

import csv
import functools
import math
from types import MappingProxyType
from typing import Mapping, NamedTuple

from . import codecarbon_data, ecologits_data
from .i18n import Message, Quote, Text, msg
from .refdata import DATA_DIR, DataFileError, check_provenance

SOURCE_KEYS = ("ademe", "codecarbon", "ecologits")
GRID_COLUMNS = ("key", "country_iso3", "source_key", "year", "value", "low", "high", "unit",
                "scope", "label", "source", "source_url", "status", "checked", "checked_where",
                "notes")
SCOPES = ("consumption", "generation")
SCOPE_WORDS = {
    "consumption": msg("per kWh consumed in the country (imports and grid losses included), "
                       "life-cycle emissions"),
    "generation": msg("per kWh generated in the country (imports and grid losses not "
                      "included), life-cycle emissions"),
}
CODECARBON_SOURCE = ("Our World in Data, carbon intensity of electricity generation (Ember, "
                     "Energy Institute), as shipped in CodeCarbon {version}")
CODECARBON_CHECKED = (
    "codecarbon repository, codecarbon/data/private_infra/our_world_in_data.ipynb, first cell: "
    "'We get our carbon intensity from Our World In Data ... Carbon intensity of electricity "
    "generation ... Data adapted from Ember, Energy Institute'; OWID's table "
    "(ourworldindata.org/grapher/carbon-intensity-electricity?tab=table) gives France 56 g and "
    "Germany 381 g for 2023, as CodeCarbon 3.3.2 ships them (56.04 and 380.95); Ember's "
    "methodology counts 'full lifecycle emissions'")
ECOLOGITS_SOURCE = ("EcoLogits {version} electricity mixes (global warming figure from Our "
                    "World in Data, by EcoLogits' documentation; no year given)")
ECOLOGITS_CHECKED = ("EcoLogits repository, docs/methodology/llm_inference.md (version 0.9.1): "
                     "'We use data from the Our World in Data for GWP impact'")


class GridFactor(NamedTuple):
    """One grid carbon intensity with what it is and where it comes from."""

    intensity_g_per_kwh: float
    year: int | None
    label: Text           # the grid: a country (by its code, written in the reader's language)
    source: Text          # the source's name as published
    source_url: str
    country_iso3: str | None = None
    source_key: str = "entered"  # one of SOURCE_KEYS, "google" (a cloud region) or "entered"
    scope: str = ""       # consumption | generation | "" (not said)
    verified: bool | None = None  # re-read in its source; None: nothing to re-read
    checked_where: str = ""

    def cite(self) -> Message:
        """The source as people read it: name, year, what the figure is, and *not verified*
        when it could not be re-read in its source."""
        text = msg("{source} ({year})", source=self.source, year=self.year) \
            if self.year else msg("{source}", source=self.source)
        if self.scope in SCOPE_WORDS:
            text = msg("{source}: {what}", source=text, what=SCOPE_WORDS[self.scope])
        if self.verified is False:
            text = msg("{source}, not verified in its source", source=text)
        return text


class GridChoiceError(ValueError):
    """No figure of the source (and year) asked for covers the country: ``field`` names the
    scenario key, ``message`` says what is available."""

    def __init__(self, field: str, message: Message):
        self.field, self.message = field, message
        super().__init__(f"{field}: {message}")


@functools.lru_cache(maxsize=1)
def _own_rows() -> Mapping[str, tuple[GridFactor, ...]]:
    """data/grid_intensity.csv by country, the newest year first."""
    path = DATA_DIR / "grid_intensity.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != GRID_COLUMNS:
            raise DataFileError(f"{path.name}: columns must be {','.join(GRID_COLUMNS)}")
        rows = list(reader)
    out: dict[str, list[GridFactor]] = {}
    seen: set[object] = set()  # (country, source, year) keys and row keys
    for line_no, row in enumerate(rows, start=2):
        where = f"{path.name} line {line_no}"
        check_provenance(where, row)
        key = (row["country_iso3"], row["source_key"], row["year"])
        if key in seen or row["key"] in seen:
            raise DataFileError(f"{where}: duplicate row {row['key']!r}")
        seen.update((key, row["key"]))
        if row["source_key"] not in SOURCE_KEYS or row["scope"] not in SCOPES:
            raise DataFileError(f"{where}: source_key must be one of {SOURCE_KEYS} and scope "
                                f"one of {SCOPES}")
        try:
            value, low, high = (float(row[c]) for c in ("value", "low", "high"))
            year = int(row["year"])
        except ValueError:
            raise DataFileError(f"{where}: value, low, high and year must be numbers") from None
        if not (all(math.isfinite(x) for x in (value, low, high)) and 0 < low <= value <= high
                and row["unit"] == "gCO2e/kWh"):
            raise DataFileError(f"{where}: need 0 < low <= value <= high, in gCO2e/kWh")
        out.setdefault(row["country_iso3"], []).append(GridFactor(
            value, year, msg("{country_iso3}", country_iso3=row["country_iso3"]),
            Quote(row["source"]), row["source_url"], row["country_iso3"], row["source_key"],
            row["scope"], {"yes": True, "no": False}.get(row["checked"]),
            row["checked_where"]))
    return MappingProxyType({c: tuple(sorted(v, key=lambda g: -(g.year or 0)))
                             for c, v in out.items()})


def _codecarbon(iso3: str) -> GridFactor | None:
    found = codecarbon_data.country_intensities().get(iso3)
    if found is None:
        return None
    return GridFactor(found.intensity_g_per_kwh, found.year,
                      msg("{country_iso3}", country_iso3=iso3),
                      CODECARBON_SOURCE.format(version=codecarbon_data.codecarbon_version()),
                      "https://ourworldindata.org/grapher/carbon-intensity-electricity", iso3,
                      "codecarbon", "generation", True, CODECARBON_CHECKED)


def _ecologits(iso3: str) -> GridFactor | None:
    found = ecologits_data.electricity_mixes().get(iso3)
    if found is None or iso3 == ecologits_data.WORLD:
        return None
    return GridFactor(found.gwp_g_per_kwh, None,
                      msg("{country_iso3}", country_iso3=iso3),
                      ECOLOGITS_SOURCE.format(version=ecologits_data.ecologits_version()),
                      ecologits_data.DOCS_URL, iso3, "ecologits", "generation", True,
                      ECOLOGITS_CHECKED)


@functools.lru_cache(maxsize=None)
def for_country(iso3: str) -> tuple[GridFactor, ...]:
    """Every figure for the country: the default first, then the other sources (ADEME's
    years newest first, CodeCarbon's, EcoLogits'). Empty for a code no source knows."""
    code = (iso3 or "").upper()
    out = list(_own_rows().get(code, ()))
    for extra in (_codecarbon(code), _ecologits(code)):
        if extra is not None:
            out.append(extra)
    return tuple(out)


def default_for(iso3: str) -> GridFactor | None:
    """The figure used when the scenario names no source: ADEME's latest year where ADEME
    covers the country (France), else CodeCarbon's (Our World in Data)."""
    found = for_country(iso3)
    return found[0] if found else None


@functools.lru_cache(maxsize=1)
def countries() -> tuple[str, ...]:
    """Every country code some source covers (a country no source covers is refused)."""
    codes = set(codecarbon_data.country_intensities()) | set(_own_rows())
    return tuple(sorted(codes))


def choose(iso3: str, source_key: str | None = None, year: int | None = None) -> GridFactor:
    """The figure a scenario asks for: its source (default: ``default_for``) and year (default:
    the source's latest). Raises GridChoiceError saying what is available."""
    found = for_country(iso3)
    if source_key is None:
        if year is None:
            return found[0]
        source_key = found[0].source_key
    of_source = [g for g in found if g.source_key == source_key]
    if not of_source:
        available = sorted({g.source_key for g in found})
        raise GridChoiceError("location.grid_source", msg(
            "{source} has no figure for {country_iso3}; available for it: {choices}",
            source=repr(source_key), country_iso3=iso3, choices=", ".join(available)))
    if year is None:
        return of_source[0]
    for g in of_source:
        if g.year == year:
            return g
    years = [str(g.year) for g in of_source if g.year]
    raise GridChoiceError("location.grid_year", msg(
        "{source} has no figure for {year} in {country_iso3}; years available: {years}",
        source=repr(source_key), year=year, country_iso3=iso3,
        years=", ".join(years) or msg("none (this source gives no year)")))


# years around the figure used within which another year's figure still describes the same grid
YEARS_AROUND = 5


def disagreement(iso3: str, used: GridFactor) -> tuple[float, float, tuple[GridFactor, ...]]:
    """How far the sources disagree on a country's grid, for the uncertainty analysis: the
    lowest and highest figure (gCO2e/kWh) of every source the tool holds for the country, each
    of its years within YEARS_AROUND of the figure used (a figure without a year counts), the
    figure used included, and the figures taken. The Monte Carlo draws the grid intensity
    from this hull, triangular around the figure used (``scenario.defaults``): a source that
    disagrees widens the range, and never narrows it."""
    taken = tuple(g for g in for_country(iso3)
                  if g.year is None or used.year is None
                  or abs(g.year - used.year) <= YEARS_AROUND)
    values = [used.intensity_g_per_kwh] + [g.intensity_g_per_kwh for g in taken]
    return min(values), max(values), taken


def latest_by_source(iso3: str) -> tuple[GridFactor, ...]:
    """One figure per source (its latest year), for the spread between sources."""
    seen: dict[str, GridFactor] = {}
    for g in for_country(iso3):
        seen.setdefault(g.source_key, g)
    return tuple(seen.values())
