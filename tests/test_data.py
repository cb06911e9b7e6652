"""Every file in data/ has its columns, allowed units, a source on every row, unique keys and
low <= value <= high; CodeCarbon's bundled data is read offline as documented."""

import csv
import math

import pytest

from calculators import codecarbon_data, refdata
from calculators.refdata import DATA_DIR, FACTOR_COLUMNS, FACTOR_FILES


@pytest.mark.parametrize("name", sorted(FACTOR_FILES))
def test_factor_file_layout(name):
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert tuple(reader.fieldnames) == FACTOR_COLUMNS
        rows = list(reader)
    assert rows, f"{name} is empty"
    keys = [r["key"] for r in rows]
    assert len(keys) == len(set(keys)), f"{name}: duplicate keys"
    for row in rows:
        low, value, high = float(row["low"]), float(row["value"]), float(row["high"])
        assert all(math.isfinite(x) for x in (low, value, high))
        assert low <= value <= high, f"{name} {row['key']}"
        assert row["unit"] in FACTOR_FILES[name], f"{name} {row['key']}: unit {row['unit']}"
        assert row["source"].strip(), f"{name} {row['key']}: no source"
        assert row["status"] in refdata.STATUSES
        if row["status"] == "assumption":
            assert "ssumption" in row["source"], f"{name} {row['key']}: say it is an assumption"
        if row["status"] == "published":
            assert row["source_url"].startswith("https://"), f"{name} {row['key']}"
    # the loader accepts the file too (it applies the same checks)
    assert set(refdata.factors(name)) == set(keys)


def test_loader_rejects_a_bad_row(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(",".join(FACTOR_COLUMNS) + "\n"
                   "x,X,5,6,7,W,2024,Assumption,,assumption,n/a,\n", encoding="utf-8")
    with pytest.raises(refdata.DataFileError, match="low <= value <= high"):
        refdata.parse_factor_file(bad, ("W",))


def test_every_equipment_kind_has_lifetime_and_mass():
    kinds = set(refdata.factors("embodied.csv"))
    assert kinds == set(refdata.factors("lifetimes.csv")) == set(refdata.factors("masses.csv"))


def test_condition_rules_are_ordered():
    alloc = refdata.factors("allocation.csv")
    assert (alloc["condition_reused"].value <= alloc["condition_refurbished"].value
            <= alloc["condition_new"].value == 1)


def test_codecarbon_countries_read_offline():
    grids = codecarbon_data.country_intensities()
    # 213 countries ship; those with no usable intensity (zero) are left out, not zeroed
    assert 200 <= len(grids) <= 213
    assert all(g.intensity_g_per_kwh > 0 for g in grids.values())
    fra = grids["FRA"]
    assert fra.intensity_g_per_kwh == pytest.approx(56.039)  # CodeCarbon 3.3.2, 2023 mix
    assert fra.year == 2023
    assert "CodeCarbon" in fra.source
    assert grids["POL"].intensity_g_per_kwh > grids["DEU"].intensity_g_per_kwh > \
        grids["SWE"].intensity_g_per_kwh


def test_codecarbon_adapter_does_not_import_codecarbon():
    import subprocess
    import sys
    code = ("import sys; from calculators import codecarbon_data as c; "
            "c.country_intensities(); c.gcp_regions(); "
            "print('codecarbon' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=DATA_DIR.parent, check=True)
    assert out.stdout.strip() == "False"


def test_cloud_regions_resolve():
    grids = codecarbon_data.country_intensities()
    pues = refdata.factors("pue.csv")
    for region in refdata.cloud_regions().values():
        assert region.country_iso3 in grids, region.key
        assert region.pue_key in pues, region.key
        assert region.source_url.startswith("https://")
    google = codecarbon_data.gcp_regions()
    assert google["gcp:europe-west9"][0].intensity_g_per_kwh == 34
    assert google["gcp:europe-west9"][1] == "FRA"


def test_shared_tables_are_read_only():
    with pytest.raises(TypeError):
        refdata.factors("pue.csv")["default"] = None  # type: ignore[index]
    with pytest.raises(TypeError):
        codecarbon_data.country_intensities()["FRA"] = None  # type: ignore[index]


def test_data_version_names_codecarbon():
    assert "+codecarbon-" in refdata.data_version()
