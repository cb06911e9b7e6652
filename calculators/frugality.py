"""The frugality checklist: the questions the citizens' convention on AI and the French
frugal-AI reference ask of a project, answered in the scenario (``frugality``), shown with the
result and in the dossier. A "no" gives a piece of advice; an unanswered question stays visible
as such. The answers are the project's own statements: the tool records them, it does not
check them, except where the scenario itself says otherwise (see ``contradictions``).

Sources: the opinion of Montpellier Méditerranée Métropole's citizens' convention on AI:
positive balance for climate uses, no less-impacting non-AI solution, frugal choices
(second-hand, recycled and shared equipment, fewer purchases from far away, renewable energy,
local data centres, only the data needed, open-source models); AFNOR Spec 2314, "Référentiel
général pour l'IA frugale" (June 2024, updated April 2025; a reference document, not a
standard): questioning the need for AI, data minimisation, choice of model and
infrastructure, test and monitoring. The questions are ours, drawn from both; the convention's
year is not given here because it was not checked.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from .i18n import Message, Text, msg

ANSWERS = ("yes", "no", "unknown")
CONVENTION = msg("Citizens' convention on AI, Montpellier Méditerranée Métropole")
AFNOR = msg("AFNOR Spec 2314, Référentiel général pour l'IA frugale (June 2024)")
BOTH = msg("{first}; {second}", first=CONVENTION, second=AFNOR)


class Question(NamedTuple):
    key: str
    question: Message
    advice: Message  # what to do when the answer is "no"
    source: Message


# the questions' and advice's wording, in French and English, is in i18n.CATALOGUE
_SOURCES = {"non_ai_considered": BOTH, "data_minimised": BOTH, "data_anonymised": AFNOR,
            "local_hosting": CONVENTION, "renewable_electricity": CONVENTION,
            "reused_equipment": CONVENTION, "nearby_equipment": CONVENTION,
            "open_source_model": CONVENTION, "test_period": AFNOR,
            "human_decision": BOTH}
QUESTIONS: tuple[Question, ...] = tuple(
    Question(key, msg(f"frugality_q_{key}"), msg(f"frugality_advice_{key}"), source)
    for key, source in _SOURCES.items())
ANSWER_WORDS = {"yes": msg("answer_yes"), "no": msg("answer_no"),
                "unknown": msg("answer_unknown"), "not answered": msg("answer_not_answered")}
BY_KEY = {q.key: q for q in QUESTIONS}


def checklist(answers: Mapping[str, str] | None, has_alternative: bool | None = None
              ) -> list[dict[str, Any]]:
    """One row per question: its answer ("yes", "no", "unknown" or "not answered") and, for a
    "no", the advice. ``has_alternative`` (the scenario describes a non-AI alternative, or
    not) answers the first question: it is asked once, where the alternative is described."""
    codes = answer_codes(answers, has_alternative)
    return [{"key": q.key, "question": q.question, "answer": ANSWER_WORDS[codes[q.key]],
             "advice": q.advice if codes[q.key] == "no" else None, "source": q.source}
            for q in QUESTIONS]


def answer_codes(answers: Mapping[str, str] | None, has_alternative: bool | None = None
                 ) -> dict[str, str]:
    """Each question's key -> its answer as a code: "yes", "no", "unknown" or "not answered"
    (what ``checklist`` words; the register publishes the codes)."""
    answers = dict(answers or {})
    if has_alternative is not None:
        answers["non_ai_considered"] = "yes" if has_alternative else "no"
    return {q.key: answers.get(q.key, "not answered") for q in QUESTIONS}


def contradictions(answers: Mapping[str, str] | None, has_alternative: bool) -> list[Text]:
    """Warnings where an answer contradicts the scenario itself."""
    answers = answers or {}
    out: list[Text] = []
    if answers.get("non_ai_considered") == "yes" and not has_alternative:
        out.append(msg("warn_checklist_alternative"))
    return out
