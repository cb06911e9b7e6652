"""The frugality checklist: answers in the scenario, advice for a "no", unanswered questions
visible, contradictions with the scenario warned, and the Project page's radios."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from calculators import ScenarioError, evaluate
from calculators.frugality import QUESTIONS
from report.table import result_rows
from conftest import ROOT, with_

WATER = json.loads((ROOT / "examples" / "water_leak_detection.json").read_text())


def test_unanswered_questions_stay_visible():
    rows = evaluate(WATER)["frugality"]
    assert [r["key"] for r in rows] == [q.key for q in QUESTIONS]
    # the first is answered by the scenario itself: it describes a non-AI alternative
    assert rows[0]["answer"] == "yes"
    assert {r["answer"] for r in rows[1:]} == {"not answered"}
    assert all(r["advice"] is None for r in rows)
    without = evaluate(with_(WATER, "alternative", None))["frugality"][0]
    assert without["answer"] == "no" and without["advice"]


def test_a_no_gives_its_advice_a_yes_none():
    result = evaluate(with_(WATER, "frugality", {"open_source_model": "no",
                                                  "local_hosting": "yes",
                                                  "test_period": "unknown"}))
    by_key = {r["key"]: r for r in result["frugality"]}
    assert by_key["open_source_model"]["advice"].startswith("Prefer an open-source model")
    assert by_key["local_hosting"]["advice"] is None
    assert by_key["test_period"] == {**by_key["test_period"], "answer": "unknown",
                                     "advice": None}
    rows = [r for r in result_rows(result) if r["section"] == "frugality"]
    assert len(rows) == len(QUESTIONS)
    assert {r["value"] for r in rows} == {"no", "yes", "unknown", "not answered"}


def test_an_answer_the_scenario_contradicts_is_warned():
    no_alternative = with_(WATER, "alternative", None)
    result = evaluate(with_(no_alternative, "frugality", {"non_ai_considered": "yes"}))
    assert any("describes none" in w for w in result["warnings"])
    result = evaluate(with_(no_alternative, "frugality", {"non_ai_considered": "no"}))
    assert not any("describes none" in w for w in result["warnings"])


@pytest.mark.parametrize("frugality, match", [
    ({"open_source_model": "maybe"}, "frugality.open_source_model"),
    ({"made_up_question": "yes"}, "frugality"),
])
def test_bad_answers_are_refused_with_the_field(frugality, match):
    with pytest.raises(ScenarioError, match=match):
        evaluate(with_(WATER, "frugality", frugality))


def test_the_project_page_records_answers_and_the_verdict_page_advises():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    at.switch_page("pages/project.py").run()
    open_source = next(q for q in QUESTIONS if q.key == "open_source_model")
    radio = next(r for r in at.radio if r.label == open_source.question)
    radio.set_value("no").run()
    assert not at.exception, at.exception
    assert at.session_state["scenario"]["frugality"] == {"open_source_model": "no"}
    at.switch_page("pages/balance.py").run()
    text = " ".join(m.value for m in at.markdown)
    assert "Prefer an open-source model" in text
    # one answered here, one by the non-AI alternative the example describes
    assert any(f"{len(QUESTIONS) - 2} of {len(QUESTIONS)} questions" in c.value
               for c in at.caption)


def test_the_verdict_pages_figures_table_has_one_type_a_column():
    """Words mixed with numbers in one column made Streamlit's Arrow conversion fail on every
    rerun (found by bench_library's log): the figures are written as the language writes them
    (text, one type), and the checklist's words have their own table."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    at.switch_page("pages/balance.py").run()
    figures = at.dataframe[0].value
    assert all(isinstance(v, str) for v in figures["value"])
    assert "262.5" in set(figures["value"])  # 262,500 kg avoided, as the headline shows it
    checklist = at.table[-1].value
    assert len(checklist) == len(QUESTIONS)


def test_frugal_algorithms_cite_the_rgesn_criteria_they_answer():
    """The RGESN 2024's family 9 criteria (9.1 to 9.7, re-read in MiNumEco's published data)
    are each answered by one question (frugal algorithms, or the data's); a question of the
    convention that matches an RGESN criterion names it; the result, the CSV, the register
    and the dossier's grid carry the identifiers."""
    from report.committee import register_json
    from report.dossier import build_html

    family_9 = sorted(c for q in QUESTIONS for c in q.criteria if c.startswith("RGESN 9."))
    assert family_9 == [f"RGESN 9.{n}" for n in range(1, 8)]  # each once
    # 9.4 (the training data limited) is the convention's data question's too
    assert [q.key for q in QUESTIONS if "RGESN 9.4" in q.criteria] == ["data_minimised"]
    by_key = {q.key: q for q in QUESTIONS}
    assert by_key["data_minimised"].criteria == ("RGESN 1.6", "RGESN 9.4")
    assert by_key["renewable_electricity"].criteria == ("RGESN 8.5",)
    assert by_key["human_decision"].criteria == ()  # none of the RGESN's matches it
    result = evaluate(with_(WATER, "frugality", {"training_limited": "no"}))
    row = next(r for r in result["frugality"] if r["key"] == "training_limited")
    assert row["criteria"] == ["RGESN 9.1", "RGESN 9.3"]
    assert str(row["advice"]).startswith("Start from a model already trained")
    assert str(row["source"]) == "RGESN 2024 (Arcep, Arcom): 9.1, 9.3"
    csv_row = next(r for r in result_rows(result) if r["section"] == "frugality"
                   and "training avoided" in str(r["item"]))
    assert "9.1, 9.3" in str(csv_row["source"])
    document = json.loads(register_json([], "2026-12-06T10:00:00+00:00"))
    assert document["frugality_criteria"]["inference_optimised"] == ["RGESN 9.6", "RGESN 9.7"]
    html = build_html(with_(WATER, "frugality", {"training_limited": "no"}), lang="fr",
                      samples=200, charts=[])
    assert "<th>Référence</th>" in html and "RGESN 2024 : 9.1, 9.3" in html
