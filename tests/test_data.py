"""Every file in data/ has its columns, allowed units, a source on every row, unique keys and
low <= value <= high; CodeCarbon's bundled data is read offline as documented."""

import csv
import math
import re

import pytest

from calculators import codecarbon_data, i18n, refdata
from calculators.refdata import DATA_DIR, FACTOR_COLUMNS, FACTOR_FILES


@pytest.mark.parametrize("name", sorted(FACTOR_FILES))
def test_factor_file_layout(name):
    spec = FACTOR_FILES[name]
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert tuple(reader.fieldnames) == FACTOR_COLUMNS + spec.extra_columns
        rows = list(reader)
    assert rows, f"{name} is empty"
    keys = [r["key"] for r in rows]
    assert len(keys) == len(set(keys)), f"{name}: duplicate keys"
    for row in rows:
        low, value, high = float(row["low"]), float(row["value"]), float(row["high"])
        assert all(math.isfinite(x) for x in (low, value, high))
        assert low <= value <= high, f"{name} {row['key']}"
        assert row["unit"] in spec.units, f"{name} {row['key']}: unit {row['unit']}"
        assert row["source"].strip(), f"{name} {row['key']}: no source"
        assert row["status"] in refdata.STATUSES
        if row["status"] == "assumption":
            assert "ssumption" in row["source"], f"{name} {row['key']}: say it is an assumption"
        if row["status"] == "published":
            assert row["source_url"].startswith("https://"), f"{name} {row['key']}"
    # the loader accepts the file too (it applies the same checks)
    assert set(refdata.factors(name)) == set(keys)


def _published_rows():
    for name in sorted(FACTOR_FILES):
        with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                if row["status"] == "published" or row["checked"] != "n/a":
                    yield name, row
    with (DATA_DIR / "grid_intensity.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            yield "grid_intensity.csv", row


@pytest.mark.parametrize("name,row", [pytest.param(n, r, id=f"{n}:{r['key']}")
                                      for n, r in _published_rows()])
def test_every_published_row_records_where_it_was_checked(name, row):
    """A published figure says where it was re-read (checked yes: the passage or the place),
    or what was searched when it could not be (checked no: shown as not verified)."""
    assert row["checked"] in ("yes", "no"), f"{name} {row['key']}: checked {row['checked']!r}"
    where = row["checked_where"].strip()
    assert len(where) >= 20, f"{name} {row['key']}: checked_where must say where"
    if row["checked"] == "no":
        assert where.startswith(("not ", "re-read when")), (
            f"{name} {row['key']}: an unchecked row says it was not re-read, or not found")


def test_an_unchecked_figure_is_cited_as_not_verified_and_a_checked_one_is_not():
    benefits = refdata.factors("benefits.csv")
    assert benefits["natural_gas_kwh"].checked == "no"
    assert "not verified" in i18n.text(benefits["natural_gas_kwh"].cite(), "en")
    assert "non vérifié" in i18n.text(benefits["natural_gas_kwh"].cite(), "fr")
    assert benefits["car_km"].checked == "yes"
    assert "not verified" not in i18n.text(benefits["car_km"].cite(), "en")
    # assumptions have nothing to re-read: never marked
    assert "not verified" not in i18n.text(benefits["drinking_water_m3"].cite(), "en")


def test_the_loader_refuses_a_published_row_without_where_it_was_checked(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(",".join(FACTOR_COLUMNS) + "\n"
                   "x,X,5,4,7,W,2024,A paper,https://example.org,published,yes,,\n",
                   encoding="utf-8")
    with pytest.raises(refdata.DataFileError, match="checked_where"):
        refdata.parse_factor_file(bad, ("W",))


def test_loader_rejects_a_bad_row(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(",".join(FACTOR_COLUMNS) + "\n"
                   "x,X,5,6,7,W,2024,Assumption,,assumption,n/a,,\n", encoding="utf-8")
    with pytest.raises(refdata.DataFileError, match="low <= value <= high"):
        refdata.parse_factor_file(bad, ("W",))


def test_every_device_names_its_average_draw():
    utilisation = refdata.factors("utilisation.csv")
    embodied = refdata.factors("embodied.csv")
    for key, device in refdata.factors("accelerators.csv").items():
        family = device.extra["utilisation_key"]
        assert family in utilisation or f"{family}_training" in utilisation, key
        assert device.extra["embodied_kind"] in embodied or (
            key.startswith("tpu") and not device.extra["embodied_kind"]), key
    # a GPU's average draw is a measured share of its rating, by use: training (Dodge et al.
    # 2022's eleven runs, median and extremes), serving requests as they come (BLOOM's API)
    training, serving = utilisation["gpu_training"], utilisation["gpu_serving"]
    assert (training.low, training.value, training.high) == (0.27, 0.43, 0.92)
    assert (serving.low, serving.value, serving.high) == (0.20, 0.25, 0.42)


def test_electricity_benefits_name_their_grid_and_show_france_default():
    from calculators import grid

    benefits = refdata.factors("benefits.csv")
    grids = {k: f.extra["electricity_grid"] for k, f in benefits.items()}
    assert grids["electricity_kwh_fr"] == "FRA" and grids["electricity_kwh"] == "any"
    assert all(g == "" for k, g in grids.items() if not k.startswith("electricity"))
    # the value shown beside an electricity kind is France's default grid factor, in kg/kWh
    france = grid.default_for("FRA").intensity_g_per_kwh / 1000
    assert benefits["electricity_kwh_fr"].value == pytest.approx(france)
    assert benefits["electricity_kwh"].value == pytest.approx(france)


def test_no_data_text_refers_to_the_projects_own_issues():
    for path in DATA_DIR.glob("*.csv"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\bissues?\s+\d", text), path.name


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


def test_a_benefit_is_counted_in_the_unit_of_its_factor():
    """calculators.benefits.quantity_unit, read by the scenario's provenance, the Benefits,
    Project and Yearly results pages: the denominator of data/benefits.csv's unit."""
    from calculators import benefits

    assert benefits.quantity_unit("drinking_water_m3") == "m3"  # kgCO2e/m3
    assert benefits.quantity_unit("diesel_litre") == "L"         # kgCO2e/L
    assert benefits.quantity_unit("car_km") == "km"
    assert benefits.quantity_unit("no such kind") is None
    assert benefits.quantity_unit(None) is None
