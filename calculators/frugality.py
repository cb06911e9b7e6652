"""The frugality checklist: the questions the citizens' convention on AI and the French
frugal-AI reference ask of a project, answered in the scenario (``frugality``), shown with the
result and in the dossier. A "no" gives a piece of advice; an unanswered question stays visible
as such. The answers are the project's own statements: the tool records them, it does not
check them, except where the scenario itself says otherwise (see ``contradictions``).

Sources: the opinion of Montpellier Méditerranée Métropole's citizens' convention on AI (2025):
positive balance for climate uses, no less-impacting non-AI solution, frugal choices
(second-hand, recycled and shared equipment, fewer purchases from far away, renewable energy,
local data centres, only the data needed, open-source models); AFNOR Spec 2314, "Frugal AI:
measuring and reducing the environmental impact of AI" (2024): questioning the need for AI,
data minimisation, choice of model and infrastructure, test and monitoring.
"""

from __future__ import annotations

from typing import Any, NamedTuple

ANSWERS = ("yes", "no", "unknown")
CONVENTION = "Citizens' convention on AI, Montpellier Méditerranée Métropole (2025)"
AFNOR = "AFNOR Spec 2314, Frugal AI (2024)"


class Question(NamedTuple):
    key: str
    question: str
    advice: str  # what to do when the answer is "no"
    source: str


QUESTIONS: tuple[Question, ...] = (
    Question("non_ai_considered", "Was a solution without AI considered?",
             "Describe the best non-AI way to reach the same goal (Project page): the "
             "convention asks that AI be used only when no less-impacting solution exists.",
             f"{CONVENTION}; {AFNOR}"),
    Question("data_minimised", "Is the data limited to what the project needs?",
             "Keep only the data the model needs: less data stored, moved and processed.",
             f"{CONVENTION}; {AFNOR}"),
    Question("data_anonymised", "Is personal data anonymised (or is none used)?",
             "Anonymise personal data before training and use.", AFNOR),
    Question("local_hosting", "Is the computing hosted in France or in Europe?",
             "Prefer a local or European data centre.", CONVENTION),
    Question("renewable_electricity", "Does the computing run on renewable electricity?",
             "Choose a data centre with a renewable electricity contract.", CONVENTION),
    Question("reused_equipment", "Is the equipment reused, refurbished or shared with "
             "other authorities?",
             "Prefer second-hand or refurbished equipment, and share it with other "
             "authorities.", CONVENTION),
    Question("nearby_equipment", "Does the equipment come from nearby rather than from "
             "distant countries?",
             "Buy from nearer suppliers where an equivalent exists.", CONVENTION),
    Question("open_source_model", "Is the model open source?",
             "Prefer an open-source model: it can be audited, reused and run locally.",
             CONVENTION),
    Question("test_period", "Is there a test period before full deployment, with its "
             "results measured?",
             "Plan a test period and measure the benefits actually obtained before deploying.",
             AFNOR),
    Question("human_decision", "Does a person keep the decision (the AI advises)?",
             "Keep a human decision over what the AI proposes.", f"{CONVENTION}; {AFNOR}"),
)
BY_KEY = {q.key: q for q in QUESTIONS}


def checklist(answers: dict[str, str] | None) -> list[dict[str, Any]]:
    """One row per question: its answer ("yes", "no", "unknown" or "not answered") and, for a
    "no", the advice."""
    answers = answers or {}
    return [{"key": q.key, "question": q.question,
             "answer": answers.get(q.key, "not answered"),
             "advice": q.advice if answers.get(q.key) == "no" else None, "source": q.source}
            for q in QUESTIONS]


def contradictions(answers: dict[str, str] | None, has_alternative: bool) -> list[str]:
    """Warnings where an answer contradicts the scenario itself."""
    answers = answers or {}
    out = []
    if answers.get("non_ai_considered") == "yes" and not has_alternative:
        out.append("The checklist says a non-AI solution was considered, but the scenario "
                   "describes none (Project page): its balance cannot be compared.")
    return out
