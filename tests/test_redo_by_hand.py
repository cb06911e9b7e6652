"""A dossier a committee can redo by hand (issue 31): every value the footprint is computed
from is in "every value used" (the result's provenance, which the dossier, the CSV and the app
list), with its unit; from those rows alone, and the method's formulas written out here, each
phase of every example's footprint comes out again."""

import json
import math

import pytest

from calculators import evaluate
from conftest import ROOT

EXAMPLES = sorted((ROOT / "examples").glob("*.json")) + sorted(
    (ROOT / "examples" / "fr").glob("*.json"))


def redo(result: dict) -> dict[str, float]:
    """The footprint by phase, in kgCO2e, from the provenance rows alone."""
    v = {row["field"]: row["value"] for row in result["provenance"]}
    units = {row["field"]: row["unit"] for row in result["provenance"]}

    def get(field: str, default: float = 0.0) -> float:
        return float(v.get(field, default))

    horizon = get("horizon_years")
    pue, intensity = get("location.pue"), get("location.grid_intensity_g_per_kwh")
    # training: devices x power x utilisation x hours, and a run's measured energy
    devices = sorted({f.split("]")[0] + "]" for f in v if f.startswith("training.devices[")})
    run_kwh = get("training.energy_kwh") + sum(
        get(f"{d}.count") * get(f"{d}.power_w") * get(f"{d}.utilisation") * get(f"{d}.hours")
        / 1000 for d in devices)
    trainings = get("training.runs") + get("training.retrains_per_year") * horizon
    training = run_kwh * trainings * pue * intensity / 1000
    # inference: requests x Wh, and serving devices, a year, PUE applied
    serving = sorted({f.split("]")[0] + "]" for f in v if f.startswith("inference.devices[")})
    days = get("inference.days_per_year", 365)
    year_kwh = get("inference.requests_per_day") * get("inference.energy_wh_per_request") \
        * days / 1000 + sum(get(f"{d}.count") * get(f"{d}.power_w") * get(f"{d}.utilisation")
                            * get(f"{d}.hours_per_day") * days / 1000 for d in serving)
    inference = year_kwh * pue * horizon * intensity / 1000
    # equipment: count x manufacturing x (years or hours used) / lifetime x share x condition
    embodied = transport = 0.0
    items = sorted({f.split("]")[0] + "]" for f in v if f.startswith("hardware[")})
    for item in items:
        life = get(f"{item}.lifetime_years")
        if f"{item}.use_hours" in v:
            used = get(f"{item}.use_hours") / 8760
        elif any(f"{d}.count" in v for d in devices) and result_item(result, item)["use"] \
                == "training":
            # training only: device-hours of one run of its kind shared among its items, x
            # the trainings (docs/scenario.md)
            used = sum(get(f"{d}.count") * get(f"{d}.hours") for d in devices) / get(
                f"{item}.count") * trainings / 8760
        else:
            used = get(f"{item}.use_years", horizon)
        share = min(used, life) / life * get(f"{item}.share")
        embodied += get(f"{item}.count") * get(f"{item}.embodied_kgco2e") * share * get(
            f"{item}.condition_factor")
        if get(f"{item}.transport_km"):
            transport += get(f"{item}.count") * get(f"{item}.mass_kg") / 1000 * get(
                f"{item}.transport_km") * get(
                f"{item}.transport_factor_kgco2e_per_tonne_km") * share
    network = get("network.gb_per_year") * get("network.kwh_per_gb") * horizon * intensity / 1000
    assert all(units[f] for f in v if f.endswith((".hours", ".runs", ".count")))
    return {"training": training, "inference": inference, "embodied": embodied,
            "transport": transport, "network": network}


def result_item(result: dict, item: str) -> dict:
    return result["hardware"][int(item.split("[")[1].rstrip("]"))]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_phase_comes_out_again_from_the_values_listed(path):
    result = evaluate(path.read_bytes())
    again = redo(result)
    for phase, value in again.items():
        assert math.isclose(value, result["footprint_kgco2e"][phase], rel_tol=1e-9,
                            abs_tol=1e-9), phase


def test_the_activity_data_are_listed_with_their_units():
    """Hours, runs, retrainings, counts, requests, days and GB a year: each listed, with its
    unit, whether entered or the format's default."""
    data = json.loads((ROOT / "examples" / "traffic_lights.json").read_text())
    rows = {r["field"]: r for r in evaluate(data)["provenance"]}
    assert rows["training.runs"]["value"] == 25 and rows["training.runs"]["status"] == "entered"
    assert rows["training.devices[0].hours"]["unit"] == "h"
    assert rows["training.devices[0].count"]["value"] == 8
    assert rows["training.retrains_per_year"]["unit"] == "/year"
    assert rows["network.gb_per_year"]["unit"] == "GB/year"
    assert rows["hardware[0].count"]["unit"] == "items"
    assert rows["inference.devices[0].hours_per_day"]["unit"] == "h/day"
    assert rows["inference.days_per_year"]["status"] == "default"  # not given: 365
    assert rows["alternative.footprint_kgco2e_per_year"]["value"] == 200


def _rows(document: str, heading: str) -> list[list[str]]:
    """The cells of the first table after the heading ``heading`` (HTML as the template
    writes it: one row a line)."""
    import html
    import re
    after = document.split(heading, 1)[1]
    table = re.split(r"<table[^>]*>", after, maxsplit=1)[1].split("</table>", 1)[0]
    return [[html.unescape(re.sub(r"<[^>]+>", "", cell)) for cell in re.findall(
        r"<td[^>]*>(.*?)</td>", row)] for row in table.split("<tr>")[1:]]


def test_the_dossier_writes_a_columns_co2e_in_one_unit_and_shows_the_sources():
    """The headline figures' CO2e in one unit (not 850 kgCO2e above 1.2 tCO2e), the
    drivers' net balances likewise; every grid source for France with its figure, and the
    range drawn; the factor the verdict rests on named."""
    from report import dossier
    data = json.loads((ROOT / "examples" / "fr" / "waste_sorting_vision.json").read_text())
    document = dossier.build_html(data, lang="fr", samples=500, charts=[])
    headline = [cells[1] for cells in _rows(document, "<h2>Chiffres clés</h2>")
                if cells and "CO2e" in cells[1]]
    assert len(headline) >= 8 and len({value.split()[-1] for value in headline}) == 1, headline
    grid = _rows(document, "Intensité du réseau, chaque source pour le pays")
    assert [cells[2] for cells in grid if cells] == ["46,1", "51,9", "58", "52", "56,04",
                                                     "41,44"]
    assert "tire l'intensité du réseau entre 41,44 et 58 gCO2e/kWh" in \
        document.replace("&#39;", "'")
    # the drivers' table: the one of seven columns under "Quelle certitude ?"
    section = document.split("<h2>Quelle certitude ?</h2>", 1)[1]
    drivers = [cells for cells in _rows(section, "</table>") if len(cells) == 7]
    nets = [cells[4] for cells in drivers] + [cells[5] for cells in drivers]
    assert nets and len({n.split()[-1] for n in nets}) == 1, nets
    assert "Ce sur quoi repose le verdict" in document
