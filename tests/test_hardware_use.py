"""Manufacturing charged for the use it serves (issue 31): equipment bought for the project's
service is charged for the years it serves, equipment used for the training only for the
training's hours, rented equipment for its hours; each against a value computed by hand."""

import copy

import pytest

from calculators import evaluate, training
from calculators.scenario import ScenarioError, load

# 2 data-centre GPUs (NVIDIA HGX H100 PCF: 164 kgCO2e each, 6-year life after the BLOOM paper)
# trained for 50 h, over a 5-year horizon
FIFTY_HOURS = {
    "schema_version": 2, "name": "50 h", "domain": "general_interest", "horizon_years": 5,
    "location": {"country": "FRA"},
    "training": {"devices": [{"model": "a100_sxm4", "count": 2, "hours": 50}]},
    "hardware": [{"name": "Training GPUs", "kind": "gpu_datacentre", "count": 2,
                  "use": "training"}]}
LIFETIME_H = 6 * 8760  # 52,560 h


def charged(scenario: dict) -> float:
    return evaluate(scenario)["footprint_kgco2e"]["embodied"]


def test_fifty_hours_of_training_charge_their_hours_not_five_years():
    # used for the training only: 2 x 164 kg x 50 h / 52,560 h = 0.312 kgCO2e
    assert charged(FIFTY_HOURS) == pytest.approx(2 * 164 * 50 / LIFETIME_H)
    assert charged(FIFTY_HOURS) == pytest.approx(0.3120, abs=1e-4)
    # bought for the project's service: 2 x 164 kg x 5/6 years = 273.3 kgCO2e (as before)
    service = copy.deepcopy(FIFTY_HOURS)
    service["hardware"][0]["use"] = "service"
    assert charged(service) == pytest.approx(2 * 164 * 5 / 6)
    row = evaluate(FIFTY_HOURS)["hardware"][0]
    assert row["use_hours"] == pytest.approx(50) and row["lifetime_hours"] == LIFETIME_H
    assert row["life_share"] == pytest.approx(50 / LIFETIME_H)


def test_training_hours_count_every_run_and_retraining():
    # 3 runs + 2 retrainings a year x 5 years = 13 trainings of 50 h: 650 h per GPU;
    # 2 x 164 x 650 / 52,560 = 4.056 kgCO2e
    s = copy.deepcopy(FIFTY_HOURS)
    s["training"].update(runs=3, retrains_per_year=2)
    assert charged(s) == pytest.approx(2 * 164 * 650 / LIFETIME_H)


def test_training_hours_are_shared_among_the_items_of_the_line():
    # devices 8 GPUs x 10 h + 2 GPUs x 100 h = 280 GPU-hours a run, on a line of 8 GPUs:
    # 35 h each; 8 x 164 x 35 / 52,560 = 0.874 kgCO2e (= 164 x 280 / 52,560)
    s = copy.deepcopy(FIFTY_HOURS)
    s["training"]["devices"] = [{"model": "a100_sxm4", "count": 8, "hours": 10},
                                {"model": "h100_sxm5", "count": 2, "hours": 100}]
    s["hardware"][0]["count"] = 8
    assert charged(s) == pytest.approx(164 * 280 / LIFETIME_H)


def test_the_server_hosting_the_gpus_is_charged_for_the_longest_run():
    # a GPU server chassis (no device of its kind): the run's 50 h, 2,500 kg x 50 / 8,760 x 5
    # years' life... its lifetime is the kind's default: read it from the result
    s = copy.deepcopy(FIFTY_HOURS)
    s["hardware"] = [{"name": "GPU node", "kind": "server_gpu_node", "count": 1,
                      "use": "training", "lifetime_years": 5}]
    assert charged(s) == pytest.approx(2500 * 50 / (5 * 8760))


def test_rented_by_the_hour():
    # a cloud GPU rented 400 h: 164 x 400 / 52,560 = 1.248 kgCO2e
    s = copy.deepcopy(FIFTY_HOURS)
    s["hardware"] = [{"name": "Cloud GPU", "kind": "gpu_datacentre", "count": 1,
                      "use": "hours", "use_hours": 400}]
    assert charged(s) == pytest.approx(164 * 400 / LIFETIME_H)
    # never more than the whole manufacturing, however many hours
    s["hardware"][0]["use_hours"] = 100_000
    assert charged(s) == pytest.approx(164)


def test_hours_entered_replace_the_trainings():
    s = copy.deepcopy(FIFTY_HOURS)
    s["hardware"][0]["use_hours"] = 100
    assert charged(s) == pytest.approx(2 * 164 * 100 / LIFETIME_H)


@pytest.mark.parametrize("change, field", [
    ({"use": "hours"}, "hardware[0].use_hours"),                   # hours not given
    ({"use": "service", "use_hours": 10}, "hardware[0].use_hours"),  # hours that count for nothing
    ({"use_years": 2}, "hardware[0].use_years"),                   # years with a training use
])
def test_a_use_without_what_it_needs_names_the_field(change, field):
    s = copy.deepcopy(FIFTY_HOURS)
    s["hardware"][0].update(change)
    with pytest.raises(ScenarioError) as caught:
        load(s)
    assert caught.value.field == field


def test_training_use_without_training_devices_asks_for_the_hours():
    s = copy.deepcopy(FIFTY_HOURS)
    s["training"] = {"energy_kwh": 30}
    with pytest.raises(ScenarioError) as caught:
        load(s)
    assert caught.value.field == "hardware[0].use_hours"
    assert "required" in str(caught.value)


def test_uncertain_training_hours_reach_the_monte_carlo():
    from calculators import uncertainty
    s = copy.deepcopy(FIFTY_HOURS)
    s["training"]["devices"][0]["hours"] = {"low": 25, "likely": 50, "high": 100}
    # the manufacturing and the lifetime exact, so that only the hours move it
    s["hardware"][0].update(embodied_kgco2e=164, lifetime_years=6)
    sim = uncertainty.simulate(load(s), samples=2000, seed=1)
    embodied = sim.per_sample(sim.numbers.footprint_kgco2e.embodied)
    assert embodied.min() >= 2 * 164 * 25 / LIFETIME_H * 0.999
    assert embodied.max() <= 2 * 164 * 100 / LIFETIME_H * 1.001
    assert embodied.max() > 2 * 164 * 80 / LIFETIME_H  # it moves with the hours


def test_item_hours_per_run_by_hand():
    devices = [{"count": 8, "hours": 10, "embodied_kind": "gpu_datacentre"},
               {"count": 2, "hours": 100, "embodied_kind": "gpu_datacentre"},
               {"count": 1, "hours": 300, "embodied_kind": ""}]
    assert training.item_hours_per_run(devices, "gpu_datacentre", 8) == pytest.approx(35)
    assert training.item_hours_per_run(devices, "server_gpu_node", 1) == pytest.approx(300)
    assert training.item_hours_per_run([], "server_gpu_node", 1) == 0
