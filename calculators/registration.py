"""What the public algorithm registers ask about a project that its balance does not say: who
is responsible, its legal basis, its data, who can intervene and how to object. Kept in the
scenario (``registration``), asked on the Register entry page, exported in the words of two
standards by ``report/standards.py``.

The standards, read in their public sources (see ``data/standards/README.md``):

- Eurocities' Algorithmic Transparency Standard, version 0.3.1 (Amsterdam, Helsinki and seven
  other cities): 49 attributes, 29 of them required. An attribute asked here keeps the
  standard's name as its key, and a choice the standard's own English value as its code.
- Etalab's inventory sheet ("Fiche pratique : l'inventaire des principaux traitements
  algorithmiques", 11 February 2021): 22 items in four groups, the French public sector's.

What the tool knows itself is not asked again: the project's name, the proportionality (the
balance argues it), the non-AI alternative, and the register's dates (its submissions and
opinions). The authority's name, area and contact e-mail repeat from one project to the next:
an administrator sets them once (``AUTHORITY_SETTINGS``, environment variables) and they
prefill every entry.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import Any, NamedTuple

from .i18n import N_

ATS_VERSION = "0.3.1"
EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
URL = r"^https?://[^\s]+$"

# the environment variables an administrator sets once for every entry (README, deployment)
AUTHORITY_SETTINGS = {"organization": "APP_AUTHORITY_ORGANISATION",
                      "area": "APP_AUTHORITY_AREA",
                      "contact_email": "APP_AUTHORITY_CONTACT_EMAIL"}


class Field(NamedTuple):
    key: str            # the scenario's key under ``registration``, the standard's attribute
    label: str          # what the page calls it (English; French in the catalogue)
    help: str           # what to enter, with an example
    kind: str           # line, text, choice, email, url or count
    required: bool      # required by the Eurocities standard
    ats: bool           # an attribute of the Eurocities standard (else Etalab's only)
    choices: tuple[tuple[str, str], ...] = ()  # (code, words) of a choice
    max_chars: int = 4000


# the Eurocities standard's values, as it writes them (codes), and their words here
DOMAINS = (
    ("taxes", N_("Taxes")),
    ("housing, living and living environment", N_("Housing and living environment")),
    ("culture, sports and leisure", N_("Culture, sports and leisure")),
    ("defence", N_("Defence")),
    ("economy and entrepreneurship", N_("Economy and entrepreneurship")),
    ("family, youth and households", N_("Family, youth and households")),
    ("finance", N_("Finance")),
    ("generic", N_("Generic")),
    ("health and health care", N_("Health and health care")),
    ("immigration and integration", N_("Immigration and integration")),
    ("international collaboration and development aid",
     N_("International collaboration and development aid")),
    ("agriculture, nature and food", N_("Agriculture, nature and food")),
    # sic: the standard's value is spelt "spacial"
    ("environment, spacial planning and water", N_("Environment, spatial planning and water")),
    ("education and science", N_("Education and science")),
    ("public safety", N_("Public safety")),
    ("government", N_("Government")),
    ("justice", N_("Justice")),
    ("travel, living and working abroad", N_("Travel, living and working abroad")),
    ("subsidies, benefits and allowances", N_("Subsidies, benefits and allowances")),
    ("traffic and transportation", N_("Traffic and transportation")),
    ("work and career", N_("Work and career")),
)
STATUSES = (("planned", N_("Planned")), ("design", N_("Design")),
            ("development", N_("Development")), ("pilot", N_("Pilot")),
            ("evaluation", N_("Evaluation")), ("operational", N_("In service")),
            ("retired", N_("Retired")))
RISK_CATEGORIES = (("minimal risk", N_("Minimal risk")), ("limited risk", N_("Limited risk")),
                   ("high risk", N_("High risk")), ("unacceptable", N_("Unacceptable risk")))
ALGORITHM_TYPES = (("self-learning", N_("Self-learning (machine learning)")),
                   ("rule-based", N_("Rule-based")),
                   ("hybrid", N_("Hybrid (rules and machine learning)")))
USE_TYPES = (("descriptive", N_("Descriptive (describes what is)")),
             ("diagnostic", N_("Diagnostic (explains why)")),
             ("predictive", N_("Predictive (says what will be)")),
             ("prescriptive", N_("Prescriptive (says what to do)")))
# Etalab's sheet: the level of automation of the decision, and its reach
AUTOMATION = (("decision_support", N_("Decision support: a person decides")),
              ("fully_automated", N_("Fully automated decision")))
SCOPES = (("external", N_("External: it concerns the public")),
          ("internal", N_("Internal procedure")))

FIELDS: tuple[Field, ...] = (
    # who is responsible
    Field("organization", N_("Responsible organisation"), N_(
        "The official name of the body responsible, e.g. 'Montpellier Méditerranée "
        "Métropole'."), "line", True, True, max_chars=200),
    Field("department", N_("Department"), N_(
        "The department, service or team that uses the algorithm, e.g. 'Water and sanitation "
        "department'."), "line", True, True, max_chars=200),
    Field("contact_email", N_("Contact e-mail"), N_(
        "An address that answers questions about this entry, e.g. "
        "'algorithmes@montpellier3m.fr' (a service's address outlives a person's)."),
        "email", True, True, max_chars=200),
    Field("contact_name", N_("Contact name (optional)"), N_(
        "A person or a service, e.g. 'Data and AI unit'."), "line", False, True,
        max_chars=200),
    Field("area", N_("Geographical area"), N_(
        "The official name of the area where it is used, e.g. 'Montpellier Méditerranée "
        "Métropole (31 communes)'."), "line", True, True, max_chars=200),
    # what it is for
    Field("description_short", N_("Summary in one sentence (150 characters at most)"), N_(
        "What the entry is about, e.g. 'Detects leaks on the drinking water network from "
        "acoustic sensors'."), "line", True, True, max_chars=150),
    Field("domain", N_("Domain (the standard's list)"), N_(
        "The policy domain, in the Eurocities standard's list of 21, e.g. 'Environment, "
        "spatial planning and water' for a water network."), "choice", True, True, DOMAINS),
    Field("status", N_("Status"), N_(
        "Where the project stands today, e.g. 'Pilot' during a test period."), "choice", True,
        True, STATUSES),
    Field("goal", N_("Goals"), N_(
        "The policy's goals and how the algorithm helps reach them, e.g. 'Reduce water lost "
        "through leaks by finding them within days instead of months'."), "text", True, True),
    Field("decision_making_process", N_("Where it fits in the decision"), N_(
        "The formal process the algorithm is part of, and when it intervenes, e.g. 'The "
        "alerts are checked by a technician, who decides whether to dig'."), "text", True,
        True),
    Field("impact", N_("Who is affected, and how"), N_(
        "How people come into contact with its effects, and what follows for them and for "
        "society, e.g. 'Residents: fewer water cuts; no decision about a person'."), "text",
        True, True),
    Field("decision_scope", N_("Reach of the decision (Etalab)"), N_(
        "Whether the decision concerns the public or is an internal procedure."), "choice",
        False, False, SCOPES),
    Field("decisions_per_year", N_("Administrative decisions a year (Etalab, optional)"), N_(
        "How many decisions it takes part in each year, a whole number, e.g. 1 200."),
        "count", False, False),
    Field("automation", N_("Level of automation (Etalab)"), N_(
        "Whether a person decides with its help, or it decides alone."), "choice", False,
        False, AUTOMATION),
    Field("lawful_basis", N_("Lawful basis"), N_(
        "The law or regulation that founds the decision and, where personal data are "
        "processed, their processing, e.g. 'Code général des collectivités territoriales, "
        "art. L2224-7 (public water service)'."), "text", True, True),
    Field("risks", N_("Risks and how they are reduced"), N_(
        "The risk assessment used and its main risks with their mitigations, e.g. 'False "
        "alerts: each one is checked on site before any work'."), "text", True, True),
    Field("risk_category", N_("Risk category (European AI Act)"), N_(
        "The AI Act's class for this use, e.g. 'Minimal risk' for leak detection; "
        "'High risk' for uses listed in its Annex III."), "choice", True, True,
        RISK_CATEGORIES),
    # data
    Field("training_data", N_("Training data"), N_(
        "The data the model learnt from and why each was used, e.g. '3 years of sensor "
        "recordings labelled by the leak-repair team'; 'none' for a rule-based system."),
        "text", True, True),
    Field("source_data", N_("Data processed"), N_(
        "The data processed in service and why, e.g. 'Night-time noise levels from 300 "
        "sensors, no personal data'."), "text", True, True),
    Field("connected_data_sources", N_("Where the data come from"), N_(
        "Who provides them and how (a database, an API, a file), and whether a register of "
        "persons is connected, e.g. 'The operator's sensor platform; no register of "
        "persons'."), "text", True, True),
    Field("data_collection", N_("How the data are collected (Etalab, optional)"), N_(
        "How they are gathered in the first place, e.g. 'Sensors fixed on the pipes'."),
        "text", False, False),
    Field("data_bias", N_("Bias in the data (optional)"), N_(
        "Whether the data are biased and how it is compensated, e.g. 'Older districts are "
        "better covered by sensors'."), "text", False, True),
    # the algorithm
    Field("algorithm_type", N_("Type of algorithm"), N_(
        "Self-learning (trained on data), rule-based (rules written by people), or both."),
        "choice", True, True, ALGORITHM_TYPES),
    Field("type", N_("Type of use"), N_(
        "What its output does: describe, explain, predict or prescribe, e.g. 'Diagnostic' "
        "for a leak detector."), "choice", True, True, USE_TYPES),
    Field("description", N_("How it works"), N_(
        "An explanation of its inner workings that a reader can follow: inputs, processing, "
        "outputs, how they feed the decision (the standard asks for 500 to 10,000 "
        "characters)."), "text", True, True, max_chars=10_000),
    Field("methods_and_models", N_("Methods and models (optional)"), N_(
        "Known methods or models used, e.g. 'Gradient boosting on spectral features'."),
        "text", False, True),
    Field("codebase_url", N_("Source code address (optional)"), N_(
        "The address of its source code, starting with https://."), "url", False, True,
        max_chars=500),
    Field("documentation", N_("More information: address (optional)"), N_(
        "A web page that tells more about this use, starting with https://."), "url", False,
        True, max_chars=500),
    # what the authority offers to share (this tool's register; no standard has it)
    Field("shareable_equipment", N_("Equipment other authorities may share (optional)"), N_(
        "Equipment of the project other authorities could use or take over, and when it is "
        "free, e.g. 'Two GPU servers, idle at night and at weekends'. Published with the "
        "register's environmental balance; other authorities' Hardware page shows it."),
        "text", False, False, max_chars=2000),
    # oversight
    Field("human_intervention", N_("Human intervention"), N_(
        "How people can intervene in its outcomes, and who is responsible for doing so, "
        "e.g. 'The network manager validates each alert; the service head answers for it'."),
        "text", True, True),
    Field("monitoring", N_("Performance monitoring"), N_(
        "The performance expected, how it is monitored and by whom, e.g. 'Share of alerts "
        "confirmed on site, reviewed each quarter by the data unit'."), "text", True, True),
    Field("objection_procedure", N_("How to object"), N_(
        "How a person can contest its use or outcome, e.g. 'By writing to the mediator of "
        "the water service, address ...'."), "text", True, True),
    Field("proportionality", N_("Proportionality, in your words (optional)"), N_(
        "Why the algorithm is reasonably necessary. The register already states its "
        "environmental balance and the committee's opinion; add what they do not say."),
        "text", False, True),
)
BY_KEY = {f.key: f for f in FIELDS}
# the page's sections: a heading and the first field of each (FIELDS is in their order)
GROUPS = ((N_("Who is responsible"), "organization"), (N_("What it is for"), "description_short"),
          (N_("Data"), "training_data"), (N_("The algorithm"), "algorithm_type"),
          (N_("Oversight"), "human_intervention"))
ASKED_REQUIRED = tuple(f.key for f in FIELDS if f.required)


def authority() -> dict[str, str]:
    """The authority's settings that prefill every entry (empty when not set)."""
    return {key: os.environ.get(variable, "").strip()
            for key, variable in AUTHORITY_SETTINGS.items()}


def value(entry: Mapping[str, Any] | None, key: str,
          settings: Mapping[str, str] | None = None) -> Any:
    """What the entry says for ``key``: as typed when it was given (an empty text included:
    cleared on purpose), else the authority's setting, else None."""
    entry = entry or {}
    if key in entry:
        given = entry[key]
        return given.strip() if isinstance(given, str) else given
    setting = (settings if settings is not None else authority()).get(key, "")
    return setting or None


def filled(entry: Mapping[str, Any] | None,
           settings: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Every field given, the authority's settings included; an empty text left out."""
    settings = authority() if settings is None else settings
    out = {}
    for field in FIELDS:
        given = value(entry, field.key, settings)
        if given not in (None, ""):
            out[field.key] = given
    return out


def missing(entry: Mapping[str, Any] | None,
            settings: Mapping[str, str] | None = None) -> list[str]:
    """The keys of the fields the Eurocities standard requires that are not given yet (in
    the page's order)."""
    given = filled(entry, settings)
    return [key for key in ASKED_REQUIRED if key not in given]


def problem(field: Field, typed: str) -> str | None:
    """Why a text typed in ``field`` cannot be kept (an English message, translated by the
    page), or None: a malformed address, a count that is not a whole number."""
    typed = typed.strip()
    if not typed:
        return None
    if field.kind == "email" and not re.match(EMAIL, typed):
        return N_("an e-mail address is needed, e.g. algorithmes@montpellier3m.fr")
    if field.kind == "url" and not re.match(URL, typed):
        return N_("an address starting with https:// (or http://) is needed, without spaces")
    if len(typed) > field.max_chars:
        return N_("at most {count} characters")
    return None


def words(field: Field, code: str) -> str:
    """The words of a choice's code (English; the page translates them)."""
    return dict(field.choices).get(code, code)
