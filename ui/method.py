"""The Method and sources page's content: the method text (docs/method.md, also read on the
repository) and every reference factor as a table."""

from __future__ import annotations

import functools

import pandas as pd

from calculators import codecarbon_data, refdata

from .navigation import ROOT

METHOD_FILE = ROOT / "docs" / "method.md"
FILE_TITLES = {
    "accelerators.csv": "Accelerators: rated power", "embodied.csv": "Manufacturing emissions",
    "lifetimes.csv": "Lifetimes of equipment", "masses.csv": "Masses of equipment",
    "transport.csv": "Transport factors", "network.csv": "Network energy",
    "pue.csv": "Data centre PUE", "benefits.csv": "Emission factors of avoided emissions",
    "allocation.csv": "Allocation rules", "policy.csv": "Verdict thresholds",
    "inference_typical.csv": "Typical energy per request",
}


@functools.lru_cache(maxsize=1)
def method_text() -> str:
    """The method in Markdown, without its first heading (the page has its own title)."""
    text = METHOD_FILE.read_text(encoding="utf-8")
    return text.split("\n", 1)[1] if text.startswith("# ") else text


def factors_table() -> pd.DataFrame:
    """Every factor of data/, one row each, with its file."""
    rows = []
    for file_name in refdata.FACTOR_FILES:
        for f in refdata.factors(file_name).values():
            rows.append({"Table": FILE_TITLES.get(file_name, file_name), "Factor": f.label,
                         "Value": f.value, "Low": f.low, "High": f.high, "Unit": f.unit,
                         "Year": f.year, "Status": f.status, "Source": f.source,
                         "Link": f.source_url or None, "Re-checked": f.checked,
                         "File": f"data/{file_name}", "Key": f.key})
    return pd.DataFrame(rows)


def grids_table() -> pd.DataFrame:
    """CodeCarbon's grid intensity for every country, with its year."""
    grids = codecarbon_data.country_intensities()
    return pd.DataFrame([{"Country": g.label, "ISO code": iso3,
                          "Intensity (gCO2e/kWh)": g.intensity_g_per_kwh, "Year": g.year,
                          "Source": g.source} for iso3, g in sorted(grids.items())])
