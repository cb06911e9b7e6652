"""Side-by-side comparison, version differences, the annual portfolio, comparison CSV and
shareable links: plain functions, hand-made inputs."""

from __future__ import annotations

import csv
import io
import json

import pytest
import sqlalchemy as sa

from calculators import ScenarioError, evaluate, portfolio
from calculators.compare import figures_side_by_side, flatten, input_differences
from report.export import table_csv
from conftest import ROOT, with_
from store import LibraryError, database, links

WATER = json.loads((ROOT / "examples" / "water_leak_detection.json").read_text())
TRAFFIC = json.loads((ROOT / "examples" / "traffic_lights.json").read_text())


def test_flatten_keeps_ranges_and_empty_lists_as_values():
    flat = flatten({"a": {"b": [1, {"c": 2}]}, "r": {"low": 1, "likely": 2, "high": 3},
                    "e": [], "o": {}})
    assert flat == {"a.b[0]": 1, "a.b[1].c": 2, "r": {"low": 1, "likely": 2, "high": 3},
                    "e": [], "o": {}}


def test_input_differences_lists_only_what_differs_in_order():
    a = {"name": "x", "horizon_years": 5, "training": {"energy_kwh": 10}}
    b = {"name": "x", "horizon_years": 6, "training": {"energy_kwh": 10, "runs": 3}}
    c = {"name": "y", "horizon_years": 5, "training": {"energy_kwh": 10}}
    assert input_differences([a, b, c]) == [
        {"input": "name", "values": ["x", "x", "y"]},
        {"input": "horizon_years", "values": [5, 6, 5]},
        {"input": "training.runs", "values": [None, 3, None]},  # None: left to its default
    ]
    assert input_differences([a, a]) == []


def test_figures_side_by_side_follow_the_results():
    results = [evaluate(WATER, samples=2000), evaluate(TRAFFIC)]
    rows = {r["figure"]: r for r in figures_side_by_side(results)}
    assert rows["Net balance (avoided minus footprint)"]["values"] == [
        results[0]["net_kgco2e"], results[1]["net_kgco2e"]]
    assert rows["Footprint: Training"]["values"] == [r["footprint_kgco2e"]["training"]
                                                     for r in results]
    # the probability where computed, None where not
    assert rows["Probability that the convention's rule is met"]["values"] == [
        results[0]["uncertainty"]["probability_rule_met"], None]


def _row(project, name, saved_at, scenario, version=1, **stored):
    return {"entry_project": project, "entry_name": name, "version": version,
            "entry_id": name,
            "saved_at": saved_at, "author": "", "domain": scenario["domain"],
            "scenario_json": json.dumps(scenario), "data_version": "old",
            **{k: stored.get(k) for k in portfolio.STORED_FIGURES}}


def test_review_takes_the_retained_variant_of_each_project_and_the_years_change():
    short = with_(WATER, "horizon_years", 3)
    now = [_row("Water", "Leaks A", "2026-05-01T00:00:00+00:00", WATER, version=4),
           _row("Water", "Leaks B", "2026-02-01T00:00:00+00:00", short),
           _row("Mobility", "Lights", "2026-03-01T00:00:00+00:00", TRAFFIC)]
    before = [_row("Water", "Leaks B", "2025-06-01T00:00:00+00:00", short)]
    rows = portfolio.review(now, before, {"Water": "Leaks A"}, {})
    assert [r["project"] for r in rows] == ["Mobility", "Water"]
    water = rows[1]
    assert (water["scenario"], water["version"]) == ("Leaks A", 4)
    assert water["net_kgco2e"] == evaluate(WATER)["net_kgco2e"]
    assert water["net_change_kgco2e"] == pytest.approx(
        evaluate(WATER)["net_kgco2e"] - evaluate(short)["net_kgco2e"])
    assert water["verdict_year_before"] == "positive" and not water["new_this_year"]
    assert rows[0]["new_this_year"] and rows[0]["net_change_kgco2e"] is None
    total = portfolio.totals(rows)
    assert total["projects"] == 2 and total["new_this_year"] == 1
    assert total["net_kgco2e"] == pytest.approx(
        evaluate(WATER)["net_kgco2e"] + evaluate(TRAFFIC)["net_kgco2e"])
    assert total["positive"] + total["negative"] == 2


def test_a_what_if_saved_last_does_not_stand_for_its_project():
    """The most recent save of a project is often a what-if ("in Poland"): the review counts
    the retained variant, and a project with several and none retained is counted apart."""
    poland = with_(WATER, "location", {"country": "POL"})
    now = [_row("Water", "Leaks", "2026-02-01T00:00:00+00:00", WATER),
           _row("Water", "Poland", "2026-05-01T00:00:00+00:00", poland),
           _row("Mobility", "Lights", "2026-03-01T00:00:00+00:00", TRAFFIC)]
    [mobility, water] = portfolio.review(now, [], {"Water": "Leaks"}, {})
    assert water["scenario"] == "Leaks" and water["variants"] == 2
    assert water["net_kgco2e"] == pytest.approx(evaluate(WATER)["net_kgco2e"])
    assert mobility["retained"]  # alone in its project: retained without a choice
    [_, unchosen] = portfolio.review(now, [], {}, {})
    assert not unchosen["retained"] and unchosen["net_kgco2e"] is None
    assert "none retained" in unchosen["status"]
    total = portfolio.totals(portfolio.review(now, [], {}, {}))
    assert total["projects"] == 2 and total["without_retained_variant"] == 1
    assert total["net_kgco2e"] == pytest.approx(evaluate(TRAFFIC)["net_kgco2e"])


def test_review_keeps_the_saved_figures_of_a_scenario_that_no_longer_validates():
    stale = with_(WATER, "training.devices", [{"model": "gone_gpu", "hours": 5}])
    rows = portfolio.review([_row("Water", "Leaks", "2026-01-02", stale, verdict="positive",
                                  committee_review=False, footprint_kgco2e=1.0,
                                  benefits_kgco2e=5.0, net_kgco2e=4.0)], [])
    assert rows[0]["net_kgco2e"] == 4.0
    assert "does not validate now" in rows[0]["status"] and "gone_gpu" in rows[0]["status"]


def test_the_retained_variant_is_chosen_and_its_history_kept(library):
    first = library.save(WATER, project="Water")
    assert library.retained_variants() == {"Water": first.entry_id}  # the first stands for it
    what_if = library.save(with_(WATER, "location", {"country": "POL"}), project="Water")
    assert library.retained_variants() == {"Water": first.entry_id}  # a variant does not
    before = "2100-01-01T00:00:00+00:00"
    library.retain(what_if.entry_id, author="Ana")
    assert library.retained_variants() == {"Water": what_if.entry_id}
    assert library.retained_variants("2000-01-01T00:00:00+00:00") == {}
    assert library.retained_variants(before) == {"Water": what_if.entry_id}
    with pytest.raises(LibraryError):
        library.retain("0" * 32)


def test_the_library_as_it_stood_at_a_date(library):
    first = library.save(WATER, project="Water")
    library.save(with_(WATER, "horizon_years", 9), entry_id=first.entry_id)
    with library.engine.begin() as conn:  # version 1 saved last year
        conn.execute(sa.update(database.versions).where(database.versions.c.version == 1)
                     .values(saved_at="2025-03-01T00:00:00+00:00"))
    assert [r["version"] for r in library.latest_before("2026-01-01T00:00:00+00:00")] == [1]
    assert [r["version"] for r in library.latest_before("2100-01-01")] == [2]
    library.set_archived(first.entry_id, True)
    assert library.latest_before("2100-01-01") == []


@pytest.mark.parametrize("fmt, sep, decimal", [("fr", ";", ","), ("intl", ",", ".")])
def test_table_csv_layout_and_formula_guard(fmt, sep, decimal):
    data = table_csv([("Comparison of", 2)], ["Item", "A", "B"],
                     [["Net", 1.5, -2.25], ["=cmd()", "text", None]], fmt)
    text = data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=sep))
    assert rows == [["Comparison of", "2"], [], ["Item", "A", "B"],
                    ["Net", f"1{decimal}5", f"-2{decimal}25"], ["'=cmd()", "text", ""]]
    assert data.startswith(b"\xef\xbb\xbf")  # both: Excel shows accents right only with it


@pytest.mark.parametrize("lang, yes, no", [("fr", "oui", "non"), ("en", "yes", "no")])
def test_table_csv_says_yes_and_no_in_the_page_s_language(lang, yes, no):
    """Issue 33: the Portfolio's and Compare's CSVs wrote "true"/"false" in French Excel."""
    data = table_csv([("Retained", True)], ["Project", "Committee review"],
                     [["Leaks", False], ["Lights", True]], "fr", lang)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows == [["Retained", yes], [], ["Project", "Committee review"], ["Leaks", no],
                    ["Lights", yes]]


def test_links_round_trip_and_refuse_damage():
    assert links.decode_scenario(links.encode_scenario(WATER)) == WATER
    data = links.encode_scenario(WATER)
    with pytest.raises(ScenarioError, match="damaged"):
        links.decode_scenario(data[: len(data) // 2])
    with pytest.raises(ScenarioError, match="longer than"):
        links.decode_scenario("A" * (links.MAX_LINK_DATA_CHARS + 1))
    with pytest.raises(ValueError, match="save it in the library"):
        links.encode_scenario(dict(WATER, description="".join(
            chr(0x4E00 + (i * 7919) % 20000) for i in range(5000))))
    assert links.valid_entry_id("0123456789abcdef0123456789abcdef")
    assert not links.valid_entry_id("../etc/passwd")


def test_a_link_that_inflates_to_a_huge_text_is_refused():
    import base64
    import zlib
    bomb = base64.urlsafe_b64encode(zlib.compress(b" " * 4_000_000, 9)).decode().rstrip("=")
    assert len(bomb) < links.MAX_LINK_DATA_CHARS
    with pytest.raises(ScenarioError, match="too large"):
        links.decode_scenario(bomb)
