"""The form of a year's results, read without a page (ui.yearly_results.read_year_form): what a
project lead types, in French, with CodeCarbon files, and what is refused and why (issue 36:
a long form parsed where it can be tested without AppTest). Outside a Streamlit run the
session is a plain one; its language is set to French here, as a French lead types."""

from __future__ import annotations

import pytest

from ui import language
from ui.yearly_results import YearForm, read_year_form


@pytest.fixture(autouse=True)
def french():
    import streamlit as st

    st.session_state[language.KEY] = "fr"
    yield
    del st.session_state[language.KEY]

HEADER = ("timestamp,project_name,run_id,experiment_id,duration,emissions,emissions_rate,"
          "cpu_power,gpu_power,ram_power,cpu_energy,gpu_energy,ram_energy,energy_consumed,"
          "country_name,country_iso_code,codecarbon_version,pue")


def run(day: str, kwh: float, run_id: str) -> str:
    return (f"{day}T10:00:00,leaks,{run_id},exp,10.0,0.001,0.0001,15.0,0.0,20.0,0.0,0.0,0.0,"
            f"{kwh},France,FRA,3.3.2,1.0")


def codecarbon_file(*rows: str) -> bytes:
    return ("\n".join((HEADER, *rows)) + "\n").encode("utf-8")


SCENARIO = {"hardware": [{"name": "Capteurs", "count": 40}],
            "benefits": [{"label": "Eau économisée", "kind": "water_m3",
                          "quantity_per_year": 1000}]}


def form(**changes) -> YearForm:
    base = YearForm(
        year=2026, typed={"requests": "", "inference_energy_kwh": "", "training_energy_kwh": "",
                          "network_gb": ""},
        money={"running_eur": "", "gains_eur": "", "investment_eur": ""}, files={},
        includes_pue=False, hardware=[("", "as forecast")], benefits=[("", "")], evidence="")
    return base._replace(**changes)


def test_french_numbers_and_euros_are_read_and_an_empty_field_keeps_the_forecast():
    typed = {"requests": "3 650 000", "inference_energy_kwh": "1 500,5",
             "training_energy_kwh": "", "network_gb": "40"}
    money = {"running_eur": "12 000 €", "gains_eur": "", "investment_eur": "85 000 EUR"}
    out, errors = read_year_form(form(typed=typed, money=money), SCENARIO)
    assert errors == []
    assert (out["requests"], out["inference_energy_kwh"], out["training_energy_kwh"],
            out["network_gb"]) == (3_650_000, 1500.5, None, 40)
    assert (out["running_eur"], out["gains_eur"], out["investment_eur"]) == (12000, None, 85000)
    assert out["hardware"] == [None] and out["benefits"] == [None]  # nothing typed: as forecast


def test_a_wrong_number_is_named_by_its_field_and_nothing_else_is_lost():
    typed = {"requests": "beaucoup", "inference_energy_kwh": "-3", "training_energy_kwh": "",
             "network_gb": "40"}
    out, errors = read_year_form(form(typed=typed, hardware=[("douze", "refurbished")],
                                      benefits=[("1,5e400", "rapport p. 12")]), SCENARIO)
    assert errors == [
        "Requêtes servies dans l'année : « beaucoup » n'est pas un nombre : tapez des "
        "chiffres, avec une virgule pour les décimales (par ex. 0,038 ou 1 234,5)",
        "Énergie de l'inférence, mesurée (kWh) : -3 est hors de ce que ce champ accepte : "
        "un nombre de 0 à 1\u202f000\u202f000\u202f000\u202f000",
        "Capteurs : combien : « douze » n'est pas un nombre : tapez des chiffres, "
        "avec une virgule pour les décimales (par ex. 0,038 ou 1 234,5)",
        "Eau économisée : quantité dans l'année : « 1,5e400 » est trop grand pour être "
        "un nombre ici"], errors
    assert out["network_gb"] == 40  # what was right is read


def test_codecarbon_files_are_summed_for_the_year_and_said_in_the_evidence():
    files = {"training_energy_kwh": [
        ("a.csv", codecarbon_file(run("2026-03-01", 2.5, "r1"), run("2025-12-30", 9.0, "r0"))),
        ("b.csv", codecarbon_file(run("2026-07-01", 1.25, "r2")))]}
    out, errors = read_year_form(form(files=files, evidence="Compteurs"), SCENARIO)
    assert errors == []
    assert out["training_energy_kwh"] == pytest.approx(3.75)  # 2.5 + 1.25: 2025's run left out
    assert out["evidence"].startswith("Compteurs\n")
    assert "a.csv, b.csv" in out["evidence"] and "2026" in out["evidence"]


@pytest.mark.parametrize("change, words", [
    ({"typed": {"requests": "", "inference_energy_kwh": "12", "training_energy_kwh": "",
                "network_gb": ""}}, "fichiers codecarbon, pas les deux"),
    ({"includes_pue": True}, "compteur"),
])
def test_an_energy_given_twice_or_files_with_the_meter_box_is_refused(change, words):
    files = {"inference_energy_kwh": [("a.csv", codecarbon_file(run("2026-03-01", 2.0, "r1")))]}
    out, errors = read_year_form(form(files=files, **change), SCENARIO)
    assert len(errors) == 1 and words in errors[0].lower(), errors


def test_files_of_another_year_only_are_refused_with_the_count_left_out():
    files = {"inference_energy_kwh": [("a.csv", codecarbon_file(run("2024-03-01", 2.0, "r1")))]}
    out, errors = read_year_form(form(files=files), SCENARIO)
    assert len(errors) == 1 and "aucune exécution CodeCarbon de 2026" in errors[0] and \
        "(1 d'autres années" in errors[0], errors
    assert out["inference_energy_kwh"] is None


def test_a_benefit_reported_and_the_hardware_actually_bought():
    out, errors = read_year_form(form(hardware=[("38", "refurbished")],
                                      benefits=[("1 200,5", "Rapport annuel de la régie")]),
                                 SCENARIO)
    assert errors == []
    assert out["hardware"] == [{"count": 38, "condition": "refurbished"}]
    assert out["benefits"] == [{"quantity_per_year": 1200.5,
                                "evidence": "Rapport annuel de la régie"}]
