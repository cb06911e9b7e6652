"""The CSV summary: both formats, the header block, every line item, injection neutralised."""

import csv
import io
import json
from datetime import date

import pytest

from calculators import i18n, evaluate
from report.export import csv_summary, neutralise
from report import table
from report.table import PHASE_LABELS, result_rows
from conftest import ROOT

WATER = ROOT / "examples" / "water_leak_detection.json"


def parse(data: bytes, fmt: str):
    text = data.decode("utf-8-sig" if fmt == "fr" else "utf-8")
    return list(csv.reader(io.StringIO(text), delimiter=";" if fmt == "fr" else ","))


def table_part(rows):
    start = rows.index(["section", "item", "value", "unit", "status", "source"])
    return rows[start + 1:]


def test_french_format_bom_semicolon_decimal_comma():
    result = evaluate(WATER.read_bytes())
    data = csv_summary(result, "fr", on=date(2026, 11, 23))
    assert data.startswith(b"\xef\xbb\xbf")
    rows = parse(data, "fr")
    assert rows[0] == ["Scenario", "Leak detection on the drinking-water network"]
    assert ["Date", "2026-11-23"] in rows
    assert ["Data version", result["data_version"]] in rows
    body = table_part(rows)
    total = next(r for r in body if r[1] == "Total footprint")
    # as the summary shows it: 2,729.9 kgCO2e is 2.7 tCO2e, written with a decimal comma
    assert result["footprint_kgco2e"]["total"] == pytest.approx(2729.8755)
    assert (total[2], total[3]) == ("2,7", "tCO2e")
    committee = next(r for r in rows if r[0] == "Ethics committee review required")
    assert committee[1] == "no"  # a word, not False


# a unit the file writes -> the result's unit and how many of it make one
BASE_UNITS = {"tCO2e": ("kgCO2e", 1000), "tCO2e/year": ("kgCO2e/year", 1000),
              "m³": ("L", 1000), "GJ": ("MJ", 1000)}


def test_international_format_round_trips_every_line_item():
    result = evaluate(WATER.read_bytes())
    rows = parse(csv_summary(result, "intl"), "intl")
    body = table_part(rows)
    expected = result_rows(result)
    assert len(body) == len(expected)
    for got, want in zip(body, expected):
        assert got[1] == want["item"].lstrip("'")
        value = want["value"]
        if want["unit"] == "years":  # a duration in words: 6 years, 4 weeks
            assert got[2] == i18n.duration(value, "en") and got[3] == ""
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            # the value at a meaningful precision, in its rubric's unit, back to the file's
            back = float(got[2]) * BASE_UNITS.get(got[3], (want["unit"], 1))[1]
            if got[3] not in BASE_UNITS:
                back = float(got[2]) if got[3] != "%" else float(got[2]) / 100
            assert back == pytest.approx(value, rel=0.05, abs=50 if "CO2e" in got[3] else 1e-9), \
                (got, want)
        assert got[4] == want["status"]
    statuses = {r[4] for r in body}
    assert {"entered", "default", "assumption", "computed"} <= statuses


@pytest.mark.parametrize("evil", ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)",
                                  "\tcmd", "\rcmd"])
def test_formula_injection_is_neutralised(evil):
    scenario = json.loads(WATER.read_text())
    scenario["name"] = evil
    scenario["benefits"][0]["label"] = evil
    result = evaluate(scenario)
    for fmt in ("fr", "intl"):
        rows = parse(csv_summary(result, fmt), fmt)
        cells = [c for r in rows for c in r]
        assert evil not in cells
        assert "'" + evil in cells


@pytest.mark.parametrize("control", ["\u202e", "\u202d", "\u2066", "\u2067", "\u2068",
                                     "\u2069", "\u200f", "\u061c"])
def test_direction_overrides_are_taken_out_of_the_csv(control):
    """A label that would show reversed in a spreadsheet ("Trojan source") is written without
    the invisible character; the visible text stays."""
    scenario = json.loads(WATER.read_text())
    scenario["name"] = f"Fuites{control}1,0 t"
    result = evaluate(scenario)
    for fmt in ("fr", "intl"):
        text = csv_summary(result, fmt).decode("utf-8-sig" if fmt == "fr" else "utf-8")
        assert control not in text
        assert "Fuites1,0 t" in text


def test_negative_numbers_stay_numbers():
    assert neutralise("-5") == "'-5"  # as text it is neutralised...
    result = evaluate(WATER.read_bytes())
    result["net_kgco2e"] = -1234.5
    body = table_part(parse(csv_summary(result, "intl"), "intl"))
    net = next(r for r in body if r[1].startswith("Net balance"))
    assert (net[2], net[3]) == ("-1.2", "tCO2e")  # ...but a number is written as a number


def test_unknown_format_is_refused():
    with pytest.raises(ValueError, match="fr, intl"):
        csv_summary(evaluate(WATER.read_bytes()), "xlsx")


def test_measured_energy_and_codecarbon_figure_in_the_csv():
    scenario = json.loads(WATER.read_text())
    scenario["training"] = {"energy_kwh": 13.5, "runs": 3, "measurement": {
        "source": "codecarbon", "files": ["emissions.csv"], "runs": 2, "energy_kwh": 13.5,
        "it_energy_kwh": 13.5, "codecarbon_emissions_kgco2e": 0.75, "countries": ["DEU"],
        "codecarbon_versions": ["3.3.2"]}}
    rows = parse(csv_summary(evaluate(scenario), "intl"), "intl")
    body = table_part(rows)
    energy = next(r for r in body if r[1] == "Energy of one training run")
    assert energy[4] == "measured" and "CodeCarbon" in energy[5]
    own = next(r for r in body if r[1].startswith("Training: CodeCarbon's own"))
    assert float(own[2]) == pytest.approx(0.75)
    ours = next(r for r in body if r[1].startswith("Training: the same runs"))
    # 13.5 kWh x PUE 2 x 46.1 g (France: ADEME 2025, the default) = 1.2447 kg, shown 1.24
    assert float(ours[2]) == pytest.approx(round(13.5 * 2.0 * 46.1 / 1000, 2))
    assert "DEU" in ours[5]


def test_why_the_measured_figures_differ_is_in_the_reader_s_language():
    """The reasons CodeCarbon's figure and the scenario's differ are the source of the row of
    the same runs at the scenario's grid: in French in a French summary, each sentence in
    French (they were joined in English before the language was known)."""
    scenario = json.loads(WATER.read_text())
    scenario["training"] = {"energy_kwh": 13.5, "runs": 3, "measurement": {
        "source": "codecarbon", "files": ["emissions.csv"], "runs": 2, "energy_kwh": 13.5,
        "it_energy_kwh": 13.5, "codecarbon_emissions_kgco2e": 0.75, "countries": ["DEU"],
        "codecarbon_versions": ["3.3.2"]}}
    result = evaluate(scenario)
    why = result["measurements"][0]["why_they_differ"]
    assert len(why) >= 2  # several sentences, one after the other
    rows = table.shown_rows(table.result_rows(result), "fr")
    ours = next(r for r in rows if r[i18n.tr("item", "fr")].startswith(
        i18n.text(PHASE_LABELS["training"], "fr") + " : les mêmes"))
    assert ours[i18n.tr("source", "fr")] == " ".join(i18n.text(w, "fr") for w in why)
    assert ours[i18n.tr("source", "fr")] != " ".join(map(str, why))  # not the English
    english = table.shown_rows(table.result_rows(result), "en")
    assert " ".join(map(str, why)) in [r["source"] for r in english]


TRAFFIC = ROOT / "examples" / "fr" / "traffic_lights.json"


def _french_summary():
    result = evaluate(TRAFFIC.read_bytes(), samples=500, seed=1)
    rows = parse(csv_summary(result, "fr", lang="fr"), "fr")
    return result, rows[rows.index(["rubrique", "poste", "valeur", "unité", "statut",
                                    "source"]) + 1:]


def test_a_rubric_is_in_one_unit_for_a_french_spreadsheet():
    """The traffic-light example's footprint holds 7.1 t of training beside 3.75 kg of
    transport, its water 66.6 m³ beside 467 L: each rubric in one unit, so that its column
    adds up, and no small figure rounded away (3.75 kg is 0,0037 t, not 0)."""
    result, body = _french_summary()
    assert result["footprint_kgco2e"]["transport"] == pytest.approx(3.75, rel=0.01)
    for section in ("empreinte", "matériel", "eau", "énergie primaire", "chronologie"):
        units = {r[3] for r in body if r[0] == section and r[2]}
        masses = units & {"kgCO2e", "tCO2e"}
        assert len(masses) <= 1 and len(units & {"L", "m³"}) <= 1 and \
            len(units & {"MJ", "GJ"}) <= 1, (section, units)
    transport = next(r for r in body if r[0] == "empreinte" and r[1] == "Transport du matériel")
    assert transport[2:4] == ["0,0037", "tCO2e"]
    total = next(r for r in body if r[0] == "empreinte" and r[1] == "Empreinte totale")
    parts = [float(r[2].replace(",", ".")) for r in body if r[0] == "empreinte"
             and r[1] != "Empreinte totale"]
    assert sum(parts) == pytest.approx(float(total[2].replace(",", ".")), abs=0.15)


def test_a_french_summary_says_durations_in_words_and_never_writes_an_exponent():
    result, body = _french_summary()
    assert result["payback_years"] * 52 == pytest.approx(4, abs=0.6)  # about four weeks
    payback = next(r for r in body if r[1] == "Temps de retour")
    assert payback[2:4] == ["4 semaines", ""]
    service = next(r for r in body if r[1] == "Durée de service")
    assert service[2:4] == ["8 ans", ""]
    grid_metals = next(r for r in body if r[1] == "Métaux et minéraux de l'électricité")
    assert grid_metals[2] == "0,0000000879"  # EcoLogits' 8.79e-08 kg Sb eq/kWh for Germany
    assert not [r for r in body if "e-" in r[2] or "e+" in r[2]]


def test_the_verdict_under_uncertainty_and_its_threshold_are_two_labelled_rows():
    _, body = _french_summary()
    verdict = next(r for r in body if r[1] == "Verdict compte tenu de l'incertitude")
    assert verdict[2:4] == ["incertain", ""]
    threshold = next(r for r in body if r[1].startswith("Seuil du verdict"))
    assert threshold[2:4] == ["90", "%"]
