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

The frugal algorithms' questions (``ALGORITHMS``) are drawn from the Référentiel général
d'écoconception de services numériques (RGESN), version 2024 (published by Arcep and Arcom,
updated 28 May 2024), its family 9 "Algorithmie" (criteria 9.1 to 9.7), re-read in the
published data of the Mission interministérielle Numérique écoresponsable (GitHub
DISIC/MiNumEco, ``_data/referentiel-ecoconception.json``, commit 26b913c of 24 September
2024). A question names the criteria it answers (``criteria``: ``RGESN 9.4``...), where one
matches; AFNOR Spec 2314's own identifiers could not be re-read here and are not given.
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
    criteria: tuple[str, ...] = ()  # the source criteria it answers, "RGESN 9.4"...
    group: str = "convention"       # or "algorithms": frugal algorithms (RGESN family 9)
    reference: Message | None = None  # the source in a few words, for a table's column


RGESN_NAME = "RGESN 2024"


def rgesn(*numbers: str) -> Message:
    """The RGESN 2024's criteria, named as a source: "RGESN 2024 (Arcep, Arcom): 9.1, 9.3"."""
    return msg("{name} (Arcep, Arcom): {numbers}", name=RGESN_NAME, numbers=", ".join(numbers))


# the questions' and advice's wording, in French and English, is in i18n.CATALOGUE
_SOURCES = {"non_ai_considered": BOTH, "data_minimised": BOTH, "data_anonymised": AFNOR,
            "local_hosting": CONVENTION, "renewable_electricity": CONVENTION,
            "reused_equipment": CONVENTION, "nearby_equipment": CONVENTION,
            "open_source_model": CONVENTION, "test_period": AFNOR,
            "human_decision": BOTH}
# the RGESN 2024's criteria a question of the convention's answers too (re-read: see above)
_RGESN = {"data_minimised": ("1.6", "9.4"), "local_hosting": ("8.6",),
          "renewable_electricity": ("8.5",), "open_source_model": ("1.8",)}
# frugal algorithms: the RGESN 2024's family 9; the comparison of models is AFNOR's too
_ALGORITHMS = {"training_limited": ("9.1", "9.3"), "simplest_method": ("9.2",),
               "retraining_as_needed": ("9.5",), "inference_optimised": ("9.6", "9.7")}


def _with_rgesn(source: Message, numbers: tuple[str, ...]) -> Message:
    return source if not numbers else msg("{first}; {second}", first=source,
                                          second=rgesn(*numbers))


# the sources in a few words (the dossier's grid): the convention, AFNOR, the RGESN criteria
_SHORT = {id(CONVENTION): msg("Convention"), id(AFNOR): msg("AFNOR Spec 2314"),
          id(BOTH): msg("{first}; {second}", first=msg("Convention"),
                        second=msg("AFNOR Spec 2314"))}


def _reference(source: Message | None, numbers: tuple[str, ...]) -> Message:
    short = [] if source is None else [_SHORT[id(source)]]
    if numbers:
        short.append(msg("{name}: {numbers}", name=RGESN_NAME, numbers=", ".join(numbers)))
    return short[0] if len(short) == 1 else msg("{first}; {second}", first=short[0],
                                                 second=short[1])


QUESTIONS: tuple[Question, ...] = tuple(
    Question(key, msg(f"frugality_q_{key}"), msg(f"frugality_advice_{key}"),
             _with_rgesn(source, _RGESN.get(key, ())),
             tuple(f"RGESN {n}" for n in _RGESN.get(key, ())), "convention",
             _reference(source, _RGESN.get(key, ())))
    for key, source in _SOURCES.items()) + tuple(
    Question(key, msg(f"frugality_q_{key}"), msg(f"frugality_advice_{key}"),
             msg("{first}; {second}", first=rgesn(*numbers), second=AFNOR)
             if key == "simplest_method" else rgesn(*numbers),
             tuple(f"RGESN {n}" for n in numbers), "algorithms",
             _reference(AFNOR if key == "simplest_method" else None, numbers))
    for key, numbers in _ALGORITHMS.items())
ALGORITHMS = tuple(q for q in QUESTIONS if q.group == "algorithms")
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
             "advice": q.advice if codes[q.key] == "no" else None, "source": q.source,
             "criteria": list(q.criteria)}
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
