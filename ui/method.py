"""The Method and sources page's content: the method text (docs/method.md, also read on the
repository) and every reference factor as a table."""

from __future__ import annotations

import functools
import re

import pandas as pd
import pyarrow as pa

from calculators import grid, i18n, refdata
from calculators.i18n import N_

from .navigation import ROOT

# the method in each language: docs/method.md and its French, docs/method.fr.md
METHOD_FILES = {"en": ROOT / "docs" / "method.md", "fr": ROOT / "docs" / "method.fr.md"}
FILE_TITLES = {
    "accelerators.csv": N_("Accelerators: rated power"),
    "utilisation.csv": N_("Average draw of devices"),
    "embodied.csv": N_("Manufacturing emissions"),
    "embodied_adpe.csv": N_("Manufacturing: metals and minerals"),
    "embodied_pe.csv": N_("Manufacturing: primary energy"),
    "water.csv": N_("Data centre on-site water (WUE)"),
    "lifetimes.csv": N_("Lifetimes of equipment"), "masses.csv": N_("Masses of equipment"),
    "transport.csv": N_("Transport factors"), "network.csv": N_("Network energy"),
    "pue.csv": N_("Data centre PUE"),
    "benefits.csv": N_("Emission factors of avoided emissions"),
    "allocation.csv": N_("Allocation rules"), "policy.csv": N_("Verdict thresholds"),
    "inference_typical.csv": N_("Typical energy per request"),
    "climate_value.csv": N_("Value of climate action"),
    "hosted_declared.csv": N_("Hosted models: what providers declare"),
}
CHECKED_WORDS = {"yes": N_("yes"), "no": N_("not verified"), "n/a": N_("n/a")}


CHANGELOG_FILES = {"en": ROOT / "data" / "CHANGELOG.md", "fr": ROOT / "data" / "CHANGELOG.fr.md"}


@functools.lru_cache(maxsize=None)
def changelog_text(lang: str = "en") -> str:
    """What changed between data versions and why (data/CHANGELOG.md, its French
    data/CHANGELOG.fr.md), without its first heading."""
    return _without_heading(CHANGELOG_FILES.get(lang, CHANGELOG_FILES["en"]).read_text(
        encoding="utf-8"))


# "(`location.emissions_kgco2e`)": the functions a formula runs in, for developers reading
# docs/method.md; not for the readers of the Method page
FUNCTION_NAMES = re.compile(r" ?\((?:`\w+\.\w+`(?:,\s*)?)+\)")


# the tool's accessibility and ecodesign statements in each language (the French texts are
# the statements; pages/declarations.py shows them)
STATEMENT_FILES = {"fr": ("accessibilite.md", "ecoconception.md"),
                   "en": ("accessibility.md", "ecodesign.md")}


def statements(lang: str) -> tuple[str, str]:
    """The accessibility and the ecodesign statement in Markdown, in ``lang``, without their
    first heading (the page's tabs name them)."""
    accessibility, ecodesign = STATEMENT_FILES.get(lang, STATEMENT_FILES["en"])
    return tuple(_without_heading((ROOT / "docs" / name).read_text(encoding="utf-8"))
                 for name in (accessibility, ecodesign))  # type: ignore[return-value]


def _without_heading(text: str) -> str:
    """A Markdown document without its first heading (the page has its own title)."""
    return text.split("\n", 1)[1] if text.startswith("# ") else text


@functools.lru_cache(maxsize=None)
def method_text(lang: str = "en") -> str:
    """The method in Markdown, without its first heading (the page has its own title) and
    without the names of the functions (docs/method.md keeps them for developers)."""
    text = _without_heading(METHOD_FILES.get(lang, METHOD_FILES["en"]).read_text(
        encoding="utf-8"))
    return FUNCTION_NAMES.sub("", text)


def factors_table(lang: str = "en") -> pd.DataFrame:
    """Every factor of data/, one row each, with its file; labels and our own notes in
    ``lang``, published sources as published."""
    def tr(english: str) -> str:
        return i18n.tr(english, lang)
    rows = []
    for file_name in refdata.FACTOR_FILES:
        for f in refdata.factors(file_name).values():
            source = i18n.text(f.source if f.status in ("published", "declared")
                               else i18n.Message(f.source), lang)
            rows.append({tr("Table"): tr(FILE_TITLES[file_name]),
                         tr("Factor"): i18n.text(f.label, lang),
                         tr("Value"): i18n.plain_number(f.value, lang),
                         tr("Low"): i18n.plain_number(f.low, lang),
                         tr("High"): i18n.plain_number(f.high, lang),
                         tr("Unit"): i18n.unit(f.unit, lang), tr("Year"): f.year,
                         tr("Status"): i18n.word(i18n.STATUS_WORDS, f.status, lang),
                         tr("Source"): source, tr("Link"): f.source_url or None,
                         tr("Verified in its source"): tr(CHECKED_WORDS[f.checked]),
                         tr("Where it was checked"): i18n.text(i18n.Message(f.checked_where),
                                                               lang) if f.checked_where else "",
                         tr("Notes"): i18n.text(f.notes, lang),
                         tr("File"): f"data/{file_name}", tr("Key"): f.key})
    return pd.DataFrame(rows)


SOURCE_NAMES = {"ademe": N_("ADEME Base Empreinte"),
                "codecarbon": N_("Our World in Data (CodeCarbon)"),
                "ecologits": N_("EcoLogits")}
SCOPE_NAMES = {"consumption": N_("consumption"), "generation": N_("generation")}


@functools.lru_cache(maxsize=4)
def country_choices(lang: str) -> tuple[list[str], dict[str, str]]:
    """The countries of the Location page, in the alphabetical order of their names in
    ``lang``, and each one's label (name, code, default grid intensity and year). Written once
    per language and process: two hundred labels written again at every rerun were a third of
    the page's (py-spy)."""
    def name(code: str) -> str:
        return i18n.country(code, lang) or code

    codes = sorted(grid.countries(), key=name)
    labels = {}
    for code in codes:
        found = grid.default_for(code)
        labels[code] = i18n.tr("{country} ({code}): {intensity} gCO2e/kWh, {year}", lang,
                               country=name(code), code=code,
                               intensity=i18n.number(found.intensity_g_per_kwh, lang, 0),
                               year=found.year or i18n.tr("year not given", lang))
    return codes, labels


# The Method and Location pages' tables depend only on the language and the reference data:
# written once per server for each (a rerun wrote hundreds of rows again and st.dataframe
# converted them to Arrow again: most of the Method page's time, py-spy), and kept as Arrow
# tables for st.dataframe. The frames kept are shared: read them, never change them.


def grid_sources_arrow(iso3: str, lang: str) -> pa.Table:
    """``grid_sources_table`` as an Arrow table, kept per country, language and data version."""
    return _arrow("grid_sources", lang, refdata.data_version(), iso3)


def factors_kept(lang: str) -> pd.DataFrame:
    """``factors_table``, kept per language and data version (read only)."""
    return _frame("factors", lang, refdata.data_version())


def factors_arrow(lang: str, table: str | None = None) -> pa.Table:
    """``factors_kept``'s rows of one table (its title in ``lang``; None: every table) as an
    Arrow table, kept."""
    return _arrow("factors", lang, refdata.data_version(), table)


def grids_kept(lang: str) -> pd.DataFrame:
    """``grids_table``, kept per language and data version (read only)."""
    return _frame("grids", lang, refdata.data_version())


def grids_arrow(lang: str) -> pa.Table:
    return _arrow("grids", lang, refdata.data_version())


@functools.lru_cache(maxsize=32)
def _frame(name: str, lang: str, version: str, iso3: str | None = None) -> pd.DataFrame:
    if name == "grid_sources":
        return grid_sources_table(iso3 or "", lang)
    return {"factors": factors_table, "grids": grids_table}[name](lang)


@functools.lru_cache(maxsize=128)
def _arrow(name: str, lang: str, version: str, part: str | None = None) -> pa.Table:
    if name == "grid_sources":
        frame = _frame(name, lang, version, part)
    else:
        frame = _frame(name, lang, version)
        if part is not None:  # the factors of one table
            frame = frame[frame[i18n.tr("Table", lang)] == part]
    return pa.Table.from_pandas(frame, preserve_index=False)


def grid_sources_table(iso3: str, lang: str = "en") -> pd.DataFrame:
    """Every source's figure for one country side by side: the default first (the one a
    scenario there uses unless it names another), with year, scope and source."""
    def tr(english: str) -> str:
        return i18n.tr(english, lang)
    found = grid.for_country(iso3)
    return pd.DataFrame([{
        tr("Source"): tr(SOURCE_NAMES[g.source_key]),
        tr("Year"): str(g.year) if g.year else "",
        tr("Intensity (gCO2e/kWh)"): i18n.plain_number(round(g.intensity_g_per_kwh, 1), lang),
        tr("What it counts"): tr(SCOPE_NAMES[g.scope]),
        tr("Default"): tr("yes") if i == 0 else "",
        tr("Verified in its source"): tr("yes") if g.verified else tr("not verified"),
        tr("Citation"): i18n.text(g.cite(), lang)} for i, g in enumerate(found)])


def grids_table(lang: str = "en") -> pd.DataFrame:
    """Every country's grid intensity from each source that covers it, the default first."""
    def tr(english: str) -> str:
        return i18n.tr(english, lang)
    rows = []
    for iso3 in grid.countries():
        for i, g in enumerate(grid.for_country(iso3)):
            rows.append({tr("Country"): i18n.country(iso3, lang) or iso3, tr("ISO code"): iso3,
                         tr("Source"): tr(SOURCE_NAMES[g.source_key]),
                         tr("Year"): str(g.year) if g.year else "",
                         tr("Intensity (gCO2e/kWh)"): i18n.plain_number(
                             round(g.intensity_g_per_kwh, 1), lang),
                         tr("What it counts"): tr(SCOPE_NAMES[g.scope]),
                         tr("Default"): i == 0})
    return pd.DataFrame(rows)
