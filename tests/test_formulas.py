"""Each formula against a value computed by hand (the arithmetic is in the comment)."""


import pytest

from calculators import (balance, benefits, embodied, inference, location, network, training,
                         transport)


def test_device_energy_hand_computed():
    # 8 devices x 700 W x 0.5 x 100 h = 280,000 Wh = 280 kWh
    assert training.device_energy_kwh(8, 700, 0.5, 100) == pytest.approx(280.0)


def test_facility_energy_applies_pue():
    # 8 x 700 W x 100 h = 560 kWh IT; x PUE 1.2 = 672 kWh
    assert location.facility_energy_kwh(training.device_energy_kwh(8, 700, 1, 100), 1.2) == \
        pytest.approx(672.0)


def test_emissions_from_energy():
    # 672 kWh x 56 g/kWh = 37,632 g = 37.632 kg
    assert location.emissions_kgco2e(672, 56) == pytest.approx(37.632)


def test_trainings_count():
    # 10 runs + 4 retrainings a year x 5 years = 30 trainings
    assert training.trainings_count(10, 4, 5) == 30


def test_requests_energy():
    # 10,000 requests x 0.3 Wh x 365 days = 1,095,000 Wh = 1,095 kWh/year
    assert inference.requests_energy_kwh_per_year(10_000, 0.3, 365) == pytest.approx(1095.0)


def test_serving_energy():
    # 2 x 72 W x 0.5 x 24 h x 365 d = 630,720 Wh = 630.72 kWh/year
    assert inference.serving_energy_kwh_per_year(2, 72, 0.5, 24, 365) == pytest.approx(630.72)


def test_embodied_time_share_and_condition():
    # 4 servers x 1300 kg x min(3, 5)/5 x 0.5 share x 1 (new) = 1,560 kg
    assert embodied.embodied_charge_kgco2e(4, 1300, 3, 5, 0.5, 1.0) == pytest.approx(1560.0)
    # used longer than its life: capped at the whole manufacturing: 1 x 100 x 1 = 100
    assert embodied.embodied_charge_kgco2e(1, 100, 9, 5, 1, 1.0) == pytest.approx(100.0)
    # refurbished at 0.2: 1 x 100 x 2/4 x 1 x 0.2 = 10
    assert embodied.embodied_charge_kgco2e(1, 100, 2, 4, 1, 0.2) == pytest.approx(10.0)


def test_transport_tonne_km():
    # 10 x 25 kg = 0.25 t x 19,000 km x 0.016 kg/tkm x allocation 0.6 = 45.6 kg
    assert transport.transport_kgco2e(10, 25, 19_000, 0.016, 0.6) == pytest.approx(45.6)


def test_network_energy():
    # 500 GB x 0.06 kWh/GB = 30 kWh/year
    assert network.network_energy_kwh_per_year(500, 0.06) == pytest.approx(30.0)


def test_benefit_with_attribution():
    # 250,000 m3 x 0.35 kg/m3 x 0.5 = 43,750 kg/year
    assert benefits.benefit_kgco2e_per_year(250_000, 0.35, 0.5) == pytest.approx(43_750.0)


def test_market_based_intensity():
    # 60 % renewable at 0 g + 40 % at 380 g = 152 g
    assert location.market_based_intensity_g_per_kwh(380, 0.6) == pytest.approx(152.0)


def test_ratio_and_net():
    assert balance.net_kgco2e(1000, 400) == 600
    assert balance.benefit_to_footprint_ratio(1000, 400) == pytest.approx(2.5)
    assert balance.benefit_to_footprint_ratio(1000, 0) is None


@pytest.mark.parametrize("one_off,recurring,benefit,horizon,expected", [
    (1000, 100, 600, 5, 2.0),      # 1000 / (600 - 100) = 2 years
    (1000, 100, 300, 5, 5.0),      # 1000 / 200 = 5 years: reached exactly at the horizon
    (0, 0, 10, 5, 0.0),            # nothing to pay back
    (100, 600, 600, 5, None),      # benefits never overtake
    (1000, 0, 100, 5, None),       # 10 years > 5-year horizon
])
def test_payback(one_off, recurring, benefit, horizon, expected):
    got = balance.payback_years(one_off, recurring, benefit, horizon)
    assert got == expected if expected is None else got == pytest.approx(expected)


def test_payback_and_the_cumulative_curves_on_samples_as_on_one_value():
    """The Monte Carlo calls the same functions on arrays of samples: the rows above, as one
    array, give the same years (NaN where None), and the curves cross there."""
    import numpy as np

    one_off, recurring, benefit = (np.array(c, dtype=float) for c in zip(
        (1000, 100, 600), (1000, 100, 300), (0, 0, 10), (100, 600, 600), (1000, 0, 100)))
    got = balance.payback_years(one_off, recurring, benefit, 5)
    assert np.array_equal(got, [2.0, 5.0, 0.0, np.nan, np.nan], equal_nan=True)
    footprint, avoided = balance.cumulative_kgco2e(got[:3], one_off[:3], recurring[:3],
                                                   benefit[:3])
    assert footprint.tolist() == avoided.tolist() == [1200.0, 1500.0, 0.0]
    column = np.array([[0.0], [1.0]])  # years as a column, samples as a row: one row a year
    footprint, avoided = balance.cumulative_kgco2e(column, one_off, recurring, benefit)
    assert footprint.tolist() == [[1000, 1000, 0, 100, 1000], [1100, 1100, 0, 700, 1000]]
    assert avoided.tolist() == [[0, 0, 0, 0, 0], [600, 300, 10, 600, 100]]


def test_verdict_climate_needs_both_conditions():
    v, committee, rule, reasons = balance.verdict("climate", 100, 10, 1000, alternative_net=50)
    assert (v, committee) == ("positive", False)
    v, _, _, reasons = balance.verdict("climate", 100, 10, 1000, alternative_net=150)
    assert v == "negative" and any("alternative has a better" in r for r in reasons)
    v, _, _, reasons = balance.verdict("climate", -1, 10, 1000, alternative_net=None)
    assert v == "negative" and any("not positive" in r for r in reasons)
    v, _, _, reasons = balance.verdict("climate", 100, 10, 1000, alternative_net=None)
    assert v == "positive" and any("not verified" in r for r in reasons)


def test_verdict_general_interest_committee():
    assert balance.verdict("general_interest", 100, 10, 1000, None)[:2] == ("positive", False)
    assert balance.verdict("general_interest", 100, 2000, 1000, None)[:2] == ("positive", True)
    assert balance.verdict("general_interest", -5, 10, 1000, None)[:2] == ("negative", True)
    assert balance.verdict("general_interest", 0, 10, 1000, None)[:2] == ("negative", True)


def test_format_kgco2e():
    assert balance.format_kgco2e(1500) == "1.5 tCO2e"
    assert balance.format_kgco2e(250) == "250 kgCO2e"
    assert balance.format_kgco2e(0.5) == "0.50 kgCO2e"
    assert balance.format_kgco2e(-2500) == "-2.5 tCO2e"  # a deficit keeps its sign
