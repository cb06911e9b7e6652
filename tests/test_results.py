"""A year of service observed (issue 18): the balance redrawn with the actuals beside the
forecast, by hand; the actuals checked with their field named; the store's rights and its rows
never updated (SQLite and PostgreSQL); the CSVs; the page in French in AppTest."""

from __future__ import annotations

import csv
import io
import json
import math
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from streamlit.testing.v1 import AppTest

from calculators.actuals import ActualsError, recovery, validate, yearly_balance
from calculators import load
from conftest import ROOT, shown
from test_dossier import need
from report.yearly_results import review_csv, year_csv
from report.review import build_html as review_html
from store.committee import ADMIN, LEAD, MEMBER, Actor, Forbidden
from store.library import LibraryError
from store.yearly_results import Results
from store import access

# A forecast whose figures are worked out by hand: 50 gCO2e/kWh, PUE 1.5, 5 years.
# Trainings: 2 runs + 1 a year x 5 = 7 x 100 kWh x 1.5 x 0.05 = 52.5 kgCO2e, 10.5 a year.
# Inference: 1,000 requests a day x 1 Wh x 365 = 365 kWh x 1.5 x 0.05 = 27.375 kgCO2e a year.
# Benefit: 1,000 kgCO2e a year (kind kgco2e: factor 1, attribution 1).
# Forecast net for an average year: 1,000 - 10.5 - 27.375 = 962.125 kgCO2e.
FORECAST = {
    "schema_version": 2, "name": "Hand-made forecast", "domain": "climate", "horizon_years": 5,
    "location": {"country": "FRA", "grid_intensity_g_per_kwh": 50, "pue": 1.5},
    "training": {"energy_kwh": 100, "runs": 2, "retrains_per_year": 1},
    "inference": {"requests_per_day": 1000, "energy_wh_per_request": 1},
    "network": {"gb_per_year": 0},
    "benefits": [{"label": "CO2e avoided", "kind": "kgco2e", "quantity_per_year": 1000}],
    "alternative": None,
}
LEAD_ANA = Actor("ana@metropole", "Ana (lead)", frozenset({LEAD}))
LEAD_DAN = Actor("dan@metropole", "Dan (lead)", frozenset({LEAD}))
MEMBER_BEN = Actor("ben@citizens", "Ben (member)", frozenset({MEMBER}))
ADMIN_CAM = Actor("cam@metropole", "Cam (admin)", frozenset({ADMIN}))
NOBODY = Actor("visitor", "visitor", frozenset())


def rows_by_key(balance: dict) -> dict:
    return {r["key"]: r for r in balance["rows"]}


def test_the_year_measured_against_the_forecasts_average_year_by_hand():
    """Trainings measured 200 kWh: 200 x 1.5 x 0.05 = 15; inference 500 kWh of IT energy
    measured: 500 x 1.5 x 0.05 = 37.5; the benefit achieved 300: net 300 - 15 - 37.5 = 247.5."""
    balance = yearly_balance(FORECAST, {
        "year": 2026, "requests": 400_000, "training_energy_kwh": 200,
        "inference_energy_kwh": 500, "benefits": [{"quantity_per_year": 300,
                                                   "evidence": "yearly report, p. 4"}]})
    rows = rows_by_key(balance)
    assert rows["training"]["forecast_kgco2e"] == pytest.approx(10.5)
    assert rows["training"]["actual_kgco2e"] == pytest.approx(15.0)
    assert rows["inference"]["forecast_kgco2e"] == pytest.approx(27.375)
    assert rows["inference"]["actual_kgco2e"] == pytest.approx(37.5)
    assert rows["inference"]["gap_kgco2e"] == pytest.approx(10.125)
    assert rows["benefits[0]"]["actual_kgco2e"] == pytest.approx(300.0)
    assert "yearly report, p. 4" in rows["benefits[0]"]["explanation"]
    assert balance["forecast_net_kgco2e"] == pytest.approx(962.125)
    assert balance["actual_net_kgco2e"] == pytest.approx(247.5)
    assert balance["turned"] is False and balance["not_reported"] == []


def test_a_meter_reading_includes_the_data_centre_and_is_not_multiplied_again():
    balance = yearly_balance(FORECAST, {"year": 2026, "inference_energy_kwh": 500,
                                        "inference_energy_includes_pue": True})
    assert rows_by_key(balance)["inference"]["actual_kgco2e"] == pytest.approx(25.0)  # x 0.05


def test_requests_alone_scale_the_forecasts_energy_and_an_unreported_benefit_counts_nothing():
    """730,000 requests x 1 Wh = 730 kWh x 1.5 x 0.05 = 54.75; trainings as forecast, 10.5;
    the benefit not reported: 0. Net -65.25: the balance has turned."""
    balance = yearly_balance(FORECAST, {"year": 2026, "requests": 730_000})
    rows = rows_by_key(balance)
    assert rows["inference"]["actual_kgco2e"] == pytest.approx(54.75)
    assert rows["training"]["actual_kgco2e"] == pytest.approx(10.5)
    assert balance["actual_net_kgco2e"] == pytest.approx(-65.25)
    assert balance["turned"] is True
    assert balance["not_reported"] == ["CO2e avoided"]
    assert "The balance has turned" in balance["text"]


def test_hardware_bought_reused_counts_its_share_of_a_year():
    """A server of 1,000 kgCO2e over 5 years is 200 kgCO2e a year new; reused, nothing is
    charged for its manufacturing (the condition rule of data/allocation.csv)."""
    forecast = dict(FORECAST, hardware=[{"name": "Server", "kind": "server_rack", "count": 1,
                                         "embodied_kgco2e": 1000, "lifetime_years": 5}])
    new = rows_by_key(yearly_balance(forecast, {"year": 2026}))["embodied"]
    assert new["forecast_kgco2e"] == pytest.approx(200.0)
    assert new["actual_kgco2e"] == pytest.approx(200.0)
    reused = rows_by_key(yearly_balance(forecast, {
        "year": 2026, "hardware": [{"count": 1, "condition": "reused"}]}))["embodied"]
    factor = load(dict(forecast, hardware=[dict(forecast["hardware"][0], condition="reused")])
                  ).resolved["hardware"][0]["condition_factor"]
    assert reused["actual_kgco2e"] == pytest.approx(200.0 * factor)
    assert reused["actual_kgco2e"] < new["actual_kgco2e"]


def test_a_line_of_which_none_was_bought_charges_nothing():
    """Issue 32, point 10: a count of 0 passed the form and the year could not be drawn (a
    scenario's line holds at least one item). None bought: no manufacturing charged."""
    forecast = dict(FORECAST, hardware=[{"name": "Server", "kind": "server_rack", "count": 1,
                                         "embodied_kgco2e": 1000, "lifetime_years": 5}])
    none = rows_by_key(yearly_balance(forecast, {
        "year": 2026, "hardware": [{"count": 0, "condition": None}]}))["embodied"]
    assert none["forecast_kgco2e"] == pytest.approx(200.0)
    assert none["actual_kgco2e"] == 0.0


def test_energy_measured_for_few_requests_is_drawn_whole():
    """50,000 kWh measured for 5 requests is 10 MWh a request, beyond what a scenario's
    request may use (1 MWh): the year was refused at drawing. It is the same energy drawn as
    more, smaller requests: 50,000 x 1.5 x 0.05 = 3,750 kgCO2e. No energy at all: 0."""
    rows = rows_by_key(yearly_balance(FORECAST, {
        "year": 2026, "requests": 5, "inference_energy_kwh": 50_000}))
    assert rows["inference"]["actual_kgco2e"] == pytest.approx(3750.0)
    rows = rows_by_key(yearly_balance(FORECAST, {
        "year": 2026, "requests": 0, "inference_energy_kwh": 0}))
    assert rows["inference"]["actual_kgco2e"] == 0.0


NUMBER_KEYS = ("requests", "inference_energy_kwh", "training_energy_kwh", "network_gb",
               "investment_eur", "running_eur", "gains_eur")
FIGURES = st.one_of(st.none(), st.sampled_from([0, 0.0, 5e-324, 1e-310, 1e-300, 1e-12, 1.0,
                                                 5, 1e6, 1e10, 1e12, 10 ** 400]),
                    st.floats(min_value=0, max_value=1e13, allow_nan=False))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(figures=st.fixed_dictionaries({k: FIGURES for k in NUMBER_KEYS}),
       benefit=FIGURES, count=st.one_of(st.none(), st.sampled_from([0, 1, 3, 10 ** 7])))
def test_actuals_accepted_are_actuals_the_year_draws(figures, benefit, count):
    """Issue 32, point 10: 102 of 2,000 fuzzed actuals were accepted, then refused when the
    page drew them (subnormal figures, a count of 0, a huge energy for few requests). What
    ``validate`` accepts, ``yearly_balance`` draws; what it refuses names a field."""
    forecast = dict(FORECAST, hardware=[{"name": "Server", "kind": "server_rack", "count": 1,
                                         "embodied_kgco2e": 1000, "lifetime_years": 5}])
    actuals = {"year": 2026, **{k: v for k, v in figures.items() if v is not None},
               "benefits": [{"quantity_per_year": benefit, "evidence": ""}],
               "hardware": [None if count is None else {"count": count, "condition": None}]}
    try:
        validate(actuals, load(forecast))
    except ActualsError as refused:
        assert refused.field in (*NUMBER_KEYS, "benefits[0].quantity_per_year",
                                 "hardware[0].count")
        return
    balance = yearly_balance(forecast, actuals)
    assert all(math.isfinite(r["actual_kgco2e"]) for r in balance["rows"])


def test_training_gpus_charge_the_years_share_of_their_training_hours():
    """Two GPUs used for the training only: 2 runs + 1 a year x 5 = 7 trainings x 50 h = 350 h
    each over the horizon, 2 x 164 kgCO2e x 350 / 52,560 h = 2.184 kgCO2e, 0.437 a year; the
    year observed carries its share (the training's devices are replaced by its energy)."""
    forecast = dict(FORECAST, training={
        "devices": [{"model": "a100_sxm4", "count": 2, "hours": 50}], "runs": 2,
        "retrains_per_year": 1},
        hardware=[{"name": "GPUs", "kind": "gpu_datacentre", "count": 2, "use": "training",
                   "embodied_kgco2e": 164, "lifetime_years": 6}])
    row = rows_by_key(yearly_balance(forecast, {"year": 2026}))["embodied"]
    assert row["forecast_kgco2e"] == pytest.approx(2 * 164 * 350 / 52_560 / 5)
    assert row["actual_kgco2e"] == pytest.approx(row["forecast_kgco2e"])


@pytest.mark.parametrize("actuals, field", [
    ({"year": 1999}, "year"),
    ({"year": "2026"}, "year"),
    ({"year": 2026, "requests": -1}, "requests"),
    ({"year": 2026, "inference_energy_kwh": float("nan")}, "inference_energy_kwh"),
    ({"year": 2026, "training_energy_kwh": 1e13}, "training_energy_kwh"),
    ({"year": 2026, "benefits": [{"quantity_per_year": "300"}]},
     "benefits[0].quantity_per_year"),
    ({"year": 2026, "benefits": [None, None]}, "benefits"),
    ({"year": 2026, "hardware": [{"count": 1}]}, "hardware"),
    ({"year": 2026, "surprise": 1}, "surprise"),
    ({"year": 2026, "inference_energy_includes_pue": "yes"}, "inference_energy_includes_pue"),
    ({"year": 2026, "running_eur": -1}, "running_eur"),
    ({"year": 2026, "gains_eur": "30 000"}, "gains_eur"),
    ({"year": 2026, "investment_eur": float("inf")}, "investment_eur"),
    ({"year": 2026, "network_gb": 1e-310}, "network_gb"),               # issue 32, point 10:
    ({"year": 2026, "requests": 10 ** 400}, "requests"),                # each passed, or raised
    ({"year": 2026, "training_energy_kwh": 2e10}, "training_energy_kwh"),  # elsewhere
    ({"year": 2026, "evidence": "a\ud800b"}, "evidence"),
    ({"year": 2026, "benefits": [{"evidence": "a\x00b"}]}, "benefits[0].evidence"),
    ({"year": 2026, "\ud800": 1}, "\\ud800"),
])
def test_actuals_that_cannot_be_used_name_their_field(actuals, field):
    with pytest.raises(ActualsError) as caught:
        validate(actuals, load(FORECAST))
    assert caught.value.field == field


# -- the year's money ---------------------------------------------------------------------

# Forecast costs: 10,000 + 20,000 + 0 invested, 2,000 a year to run, 8,000 a year of gains, over
# the forecast's 5 years: ratio 30,000 / 40,000 = 0.75, payback 30,000 / 6,000 = 5 years.
COSTED = dict(FORECAST, finance={"hardware_eur": 10_000, "development_eur": 20_000,
                                 "licences_eur": 0, "running_eur_per_year": 2_000,
                                 "gains_eur_per_year": 8_000, "start_year": 2026})


def money(balance: dict) -> dict:
    return {r["key"]: (r["forecast"], r["actual"]) for r in balance["finance"]["rows"]}


def test_the_years_money_against_the_forecast_by_hand():
    """Observed: 3,000 to run, 5,000 of gains. At that pace, ratio 30,000 / (5,000 x 5) = 1.2
    and payback 30,000 / (5,000 - 3,000) = 15 years."""
    rows = money(yearly_balance(COSTED, {"year": 2026, "running_eur": 3_000,
                                         "gains_eur": 5_000}))
    assert rows["investment_eur"] == (30_000, 30_000)      # not reported: as forecast
    assert rows["running_eur"] == (2_000, 3_000)
    assert rows["gains_eur"] == (8_000, 5_000)
    assert rows["margin_eur"] == (6_000, 2_000)
    assert rows["investment_to_gains_ratio"] == (pytest.approx(0.75), pytest.approx(1.2))
    assert rows["payback_years"] == (pytest.approx(5.0), pytest.approx(15.0))


def test_gains_not_reported_count_nothing_and_the_investment_is_never_repaid():
    balance = yearly_balance(COSTED, {"year": 2026})
    rows = money(balance)
    assert rows["gains_eur"][1] == 0 and rows["running_eur"][1] == 2_000
    assert rows["investment_to_gains_ratio"][1] is None
    assert rows["payback_years"][1] == math.inf
    from calculators import i18n
    assert "never repaid" in i18n.text(balance["finance"]["text"], "en")
    assert "n'est jamais remboursé" in i18n.text(balance["finance"]["text"], "fr")


def test_money_reported_without_a_costed_forecast_and_none_at_all():
    assert yearly_balance(FORECAST, {"year": 2026})["finance"] is None
    rows = money(yearly_balance(FORECAST, {"year": 2026, "investment_eur": 50_000,
                                           "gains_eur": 10_000}))
    assert rows["investment_eur"] == (None, 50_000)
    assert rows["investment_to_gains_ratio"] == (None, pytest.approx(1.0))  # 50,000 / 50,000
    assert rows["payback_years"] == (None, pytest.approx(5.0))


def test_the_investment_repaid_year_after_year():
    """2026: 5,000 - 3,000 = 2,000; 2027: 8,000 - 2,000 = 6,000; to date 8,000 of 30,000."""
    first = yearly_balance(COSTED, {"year": 2026, "running_eur": 3_000, "gains_eur": 5_000})
    second = yearly_balance(COSTED, {"year": 2027, "gains_eur": 8_000})
    track = recovery([second, first, yearly_balance(FORECAST, {"year": 2028})])
    assert [r["year"] for r in track] == [2026, 2027]
    assert track[0]["margin_to_date_eur"] == 2_000
    assert track[1]["margin_to_date_eur"] == 8_000
    assert track[1]["repaid_share"] == pytest.approx(8_000 / 30_000)
    # a forecast without costs, a year with a running cost only: no investment, no share
    (alone,) = recovery([yearly_balance(FORECAST, {"year": 2026, "running_eur": 500})])
    assert alone["investment_eur"] is None and alone["repaid_share"] is None
    assert alone["margin_to_date_eur"] == -500


# -- the store ---------------------------------------------------------------------------

@pytest.fixture
def saved(library):
    saved = library.save(FORECAST, project="Hand-made")
    access.add_owner(library.engine, "Hand-made", LEAD_ANA.subject, "test")
    return saved


def test_owners_and_administrators_record_others_are_refused(library, saved):
    results = Results(library.engine)
    year = {"year": 2026, "requests": 730_000}
    assert results.record(LEAD_ANA, saved.entry_id, 1, year) > 0
    assert results.record(ADMIN_CAM, saved.entry_id, 1, dict(year, year=2027)) > 0
    for someone in (LEAD_DAN, MEMBER_BEN, NOBODY):  # not an owner; a member; the public
        with pytest.raises(Forbidden):
            results.record(someone, saved.entry_id, 1, year)
    assert [r["year"] for r in results.in_force(MEMBER_BEN, project="Hand-made")] == [2026, 2027]
    with pytest.raises(Forbidden):
        results.in_force(NOBODY)
    with pytest.raises(LibraryError) as caught:  # the field named, nothing written
        results.record(LEAD_ANA, saved.entry_id, 1, {"year": 2026, "requests": -5})
    assert caught.value.field == "requests"
    assert results.history(MEMBER_BEN, "Hand-made", 2026) == 1


def test_arguments_no_database_can_hold_are_said_before_any_query(library, saved):
    """Issue 32, point 10: ``Results.record`` raised OverflowError on a version of 400 digits
    and UnicodeEncodeError on a lone surrogate. Each is a LibraryError naming the argument."""
    results = Results(library.engine)
    year = {"year": 2026, "requests": 730_000}
    for call, field in (
            (lambda: results.record(LEAD_ANA, saved.entry_id, 10 ** 400, year), "version"),
            (lambda: results.record(LEAD_ANA, "a\ud800", 1, year), "entry"),
            (lambda: results.record(LEAD_ANA, saved.entry_id, 1, dict(year, evidence="\ud800")),
             "evidence"),
            (lambda: results.in_force(MEMBER_BEN, project="a\ud800"), "project"),
            (lambda: results.in_force(MEMBER_BEN, year=10 ** 400), "year"),
            (lambda: results.history(MEMBER_BEN, "Hand-made", -(10 ** 400)), "year")):
        with pytest.raises(LibraryError) as refused:
            call()
        assert refused.value.field == field
    assert results.in_force(ADMIN_CAM) == []  # nothing written


def test_a_year_recorded_again_adds_a_row_and_the_latest_is_in_force(library, saved):
    results = Results(library.engine)
    results.record(LEAD_ANA, saved.entry_id, 1, {"year": 2026, "requests": 730_000})
    results.record(LEAD_ANA, saved.entry_id, 1, {
        "year": 2026, "requests": 730_000, "benefits": [{"quantity_per_year": 900}]})
    (row,) = results.in_force(MEMBER_BEN, year=2026)
    assert row["actuals"]["benefits"][0]["quantity_per_year"] == 900
    assert results.history(MEMBER_BEN, "Hand-made", 2026) == 2
    from store.committee import Committee
    log = Committee(library.engine).audit(ADMIN_CAM)
    assert [a["action"] for a in log].count("record results") == 2


# -- what the committee reads -------------------------------------------------------------

def test_the_year_and_the_review_as_french_csv():
    balance = yearly_balance(FORECAST, {"year": 2026, "requests": 730_000})
    lines = list(csv.reader(io.StringIO(year_csv(balance, "Hand-made", "fr", "fr")
                                        .decode("utf-8-sig")), delimiter=";"))
    assert ["Année", "2026"] in lines
    inference = next(line for line in lines if line and line[0] == "Inférence")
    # the year's masses in one unit, tonnes (a tonne is avoided): 27.375 kg is 0,027 t, two
    # significant digits below one tonne as the screen writes masses side by side
    assert inference[1:5] == ["tCO2e", "0,027", "0,055", "0,027"]
    assert {line[1] for line in lines[lines.index([
        "poste", "unité", "prévision pour une année moyenne", "observé dans l'année", "écart",
        "explication"]) + 1:] if line} == {"tCO2e"}
    review = list(csv.reader(io.StringIO(review_csv([("Hand-made", balance)], 2026, "fr", "fr")
                                         .decode("utf-8-sig")), delimiter=";"))
    assert review[-1][0] == "Hand-made" and review[-1][5] == "oui"
    assert review[-1][3] == "-0,065"  # -65.25 kg observed, in the file's tonnes


def test_the_page_records_a_year_typed_the_french_way(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'app.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)
    this_year = date.today().year  # the form's and the review's year by default
    from store import open_library

    lib = open_library(url)
    leaks = json.loads((ROOT / "examples" / "water_leak_detection.json").read_text())
    leaks["benefits"][0]["label"] = "**Eau** <b>perdue</b>"  # typed: shown as typed
    lib.save(leaks, project="Fuites")
    lib.engine.dispose()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["lang"] = "fr"
    at.run()
    at.switch_page("pages/results.py").run()
    assert not at.exception, at.exception
    at.selectbox(key="yr_project").select("Fuites").run()
    quantity = at.text_input(key="yr_ben_q_0")
    assert quantity.label.startswith(r"\*\*Eau\*\* \<b\>perdue\</b\>")  # escaped Markdown
    assert "m3" in quantity.help or "m³" in quantity.help  # the unit to type it in
    at.text_input(key="yr_author").input("Claire").run()  # no login: who records, once
    at.text_input(key="yr_inference").input("1 500")
    at.text_input(key="yr_running").input("12 000,50 €")  # French decimal comma, spaces, €
    at.text_input(key="yr_ben_q_0").input("120 000")
    at.text_input(key="yr_ben_e_0").input("Rapport annuel du service de l'eau, p. 12")
    next(b for b in at.button if b.proto.is_form_submitter).click().run()
    assert not at.exception, at.exception
    assert not at.main.error, [e.value for e in at.main.error]
    assert any(shown(s.value).startswith(f"Résultats de {this_year} enregistrés pour Fuites")
               for s in at.main.success), [s.value for s in at.main.success]
    engine = open_library(url).engine
    (row,) = Results(engine).in_force(ADMIN_CAM, project="Fuites")
    assert row["actuals"]["inference_energy_kwh"] == 1500.0
    assert row["actuals"]["running_eur"] == 12000.5
    assert row["actuals"]["benefits"][0]["quantity_per_year"] == 120000.0
    # a number typed the English way in a French field is refused, named, and nothing recorded
    at.text_input(key="yr_inference").input("1.500")
    next(b for b in at.button if b.proto.is_form_submitter).click().run()
    assert any(shown(e.value).startswith("Énergie de l'inférence, mesurée (kWh) : « 1.500 »")
               for e in at.main.error), [e.value for e in at.main.error]
    assert Results(engine).history(ADMIN_CAM, "Fuites", this_year) == 1
    # a figure too close to zero to compute with passed the form, then the year could not be
    # drawn (issue 32, point 10): said in the field's words, nothing recorded, text kept
    at.text_input(key="yr_inference").input("1500")
    at.text_input(key="yr_ben_q_0").input("1e-400")
    next(b for b in at.button if b.proto.is_form_submitter).click().run()
    assert any(shown(e.value).endswith("quantité dans l'année : est trop proche de zéro pour "
                                       "être calculé (1e-400) : saisissez 0 ou un nombre "
                                       "d'au moins 1e-300 en valeur absolue")
               for e in at.main.error), [e.value for e in at.main.error]
    assert at.text_input(key="yr_ben_q_0").value == "1e-400"
    assert Results(engine).history(ADMIN_CAM, "Fuites", this_year) == 1
    at.text_input(key="yr_ben_q_0").input("120 000")
    engine.dispose()
    # the annual review of the year, then its dossier on demand (PDF and HTML)
    assert any(shown(m.value).replace("\u202f", " ").startswith(
        f"Projets avec des résultats pour {this_year} : 1 ;") for m in at.main.markdown), \
        [m.value for m in at.main.markdown]
    need("chromium")
    pdf_label = "Télécharger le dossier de la revue (PDF)"
    assert pdf_label not in [b.proto.label for b in at.get("download_button")]
    at.button(key="yr_review_dossier").click().run(timeout=180)
    assert not at.exception, at.exception
    assert not at.main.error, [e.value for e in at.main.error]
    assert pdf_label in [b.proto.label for b in at.get("download_button")]
    # the Portfolio's annual review shows the year observed beside the forecast
    at.switch_page("pages/portfolio.py").run()
    assert not at.exception, at.exception
    assert any(shown(m.value).replace("\u202f", " ").startswith(
        f"Résultats observés en {this_year} : 1 projet(s)") for m in [*at.main.info,
                                                                     *at.main.warning]), \
        [m.value for m in [*at.main.info, *at.main.warning]]
    frame = at.main.dataframe[0].value
    assert frame.loc[0, f"Bilan net observé {this_year} (tCO2e)"] is not None
    # another visit: the year recorded opens with its figures, to be corrected, not retyped
    again = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    again.query_params["lang"] = "fr"
    again.run()
    again.switch_page("pages/results.py").run()
    again.selectbox(key="yr_project").select("Fuites").run()
    assert not again.exception, again.exception
    assert again.text_input(key="yr_inference").value == "1\u202f500"
    assert again.text_input(key="yr_ben_q_0").value == "120\u202f000"
    assert again.text_input(key="yr_requests").value == ""
    assert any(shown(m.value).startswith(f"Les résultats de {this_year} sont déjà enregistrés")
               for m in again.main.info), [m.value for m in again.main.info]
    again.number_input(key="yr_year").set_value(this_year - 1).run()  # a year not recorded
    assert again.text_input(key="yr_inference").value == ""


def test_the_money_in_the_csvs():
    balance = yearly_balance(COSTED, {"year": 2026, "running_eur": 3_000, "gains_eur": 5_000})
    lines = list(csv.reader(io.StringIO(year_csv(balance, "Coûts", "fr", "fr")
                                        .decode("utf-8-sig")), delimiter=";"))
    ratio = next(line for line in lines if line and line[0] == "Investissement / gains sur "
                 "l'horizon")
    assert ratio[2:5] == ["0,75", "1,2", "0,45"]
    payback = next(line for line in lines if line and line[0] == "Retour sur investissement")
    assert payback[1] == "ans" and payback[2:4] == ["5", "15"]
    review = list(csv.reader(io.StringIO(review_csv([("Coûts", balance)], 2026, "fr", "fr")
                                         .decode("utf-8-sig")), delimiter=";"))
    assert review[-1][-2:] == ["0,75", "1,2"]


def test_the_review_dossier_names_every_project_and_escapes_what_was_typed():
    costed = yearly_balance(COSTED, {"year": 2026, "gains_eur": 5_000,
                                     "evidence": "<b>meter</b> readings",
                                     "benefits": [{"quantity_per_year": 900}]})
    turned = yearly_balance(FORECAST, {"year": 2026, "requests": 730_000})
    entries = [{"project": "Leaks <script>x</script>", "balance": costed, "version": 3,
                "recorded_at": "2026-12-03T06:00:00+00:00", "recorded_by": "Ana"},
               {"project": "Lighting", "balance": turned, "version": 1,
                "recorded_at": "2026-12-03T06:10:00+00:00", "recorded_by": "Dan"}]
    html = review_html(entries, 2026, lang="fr", prepared_by="Cam", draw=False)
    html = html.replace("\u202f", " ").replace("\u00a0", " ")  # French spaces, as read
    assert "Revue annuelle 2026" in html
    assert "Projets avec des résultats pour 2026 : 2 ; bilans inversés : 1." in html
    assert "Leaks &lt;script&gt;x&lt;/script&gt;" in html and "<script>" not in html
    assert "&lt;b&gt;meter&lt;/b&gt; readings" in html
    assert "Le bilan s&#39;est inversé" in html  # the turned project says so
    with pytest.raises(ValueError):
        review_html([], 2026, draw=False)


def test_a_large_review_details_the_projects_that_turned_then_the_farthest():
    """Beyond review.DETAILED_MAX projects, the review details those whose balance turned,
    then the farthest from their forecast, says so, and keeps every project in its summary
    (issue 34: a thousand projects item by item weighed 33 MB)."""
    from report import review

    base = yearly_balance(COSTED, {"year": 2026, "gains_eur": 5_000,
                                   "benefits": [{"quantity_per_year": 900}]})
    turned = yearly_balance(FORECAST, {"year": 2026, "requests": 730_000})
    assert turned["turned"] and not base["turned"]
    entries = []
    for n in range(review.DETAILED_MAX + 10):
        balance = dict(base, actual_net_kgco2e=base["forecast_net_kgco2e"] + n)  # gap n kg
        entries.append({"project": f"P{n:03d}", "balance": balance, "version": 1,
                        "recorded_at": "2026-12-03T06:00:00+00:00", "recorded_by": "Ana"})
    entries[3]["balance"] = turned  # a small gap, but turned: detailed first
    kept = review.foremost(entries, review.DETAILED_MAX)
    assert len(kept) == review.DETAILED_MAX and entries[3] in kept
    # the farthest (the largest gaps) are kept; the nearest left, but the turned one
    assert [e["project"] for e in kept] == ["P003"] + [f"P{n:03d}" for n in range(
        len(entries) - review.DETAILED_MAX + 1, len(entries))]
    assert review.foremost(entries[:5], review.DETAILED_MAX) == entries[:5]
    html = review_html(entries, 2026, lang="en", draw=False).replace("&#39;", "'")
    assert html.count("<h2>") == review.DETAILED_MAX + 1  # the details and the method
    assert f"of {len(entries)}; every project's items are on its Yearly results page" in html
    assert all(f"<td>P{n:03d}</td>" in html for n in range(len(entries)))  # the summary


def test_a_year_s_projects_are_read_and_drawn_once_per_change(library, saved, monkeypatch):
    """The Portfolio and the annual review read a year's rows at every rerun: kept per
    database, year, data version and last row recorded (ui.yearly_results.year_entries)."""
    from ui import yearly_results as results_ui

    results = Results(library.engine)
    results.record(LEAD_ANA, saved.entry_id, 1, {"year": 2026, "requests": 730_000})
    reads = []
    real = Results.in_force
    monkeypatch.setattr(Results, "in_force", lambda self, *a, **k: reads.append(1)
                        or real(self, *a, **k))
    first = results_ui.year_entries(library.engine, MEMBER_BEN, 2026)
    assert [e["project"] for e in first] == ["Hand-made"] and "balance" in first[0]
    assert results_ui.year_entries(library.engine, MEMBER_BEN, 2026) is first
    assert len(reads) == 1
    results.record(LEAD_ANA, saved.entry_id, 1, {"year": 2026, "requests": 365_000})
    again = results_ui.year_entries(library.engine, MEMBER_BEN, 2026)
    assert len(reads) == 2 and again[0]["id"] != first[0]["id"]
    with pytest.raises(Forbidden):
        results_ui.year_entries(library.engine, NOBODY, 2026)
