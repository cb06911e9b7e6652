"""The public register in the words of two register standards, beside the tool's own files
(``report/committee.py``, which stay as published):

- **Eurocities' Algorithmic Transparency Standard 0.3.1** (JSON): one registration a project,
  its 49 attributes as the standard names them, the environmental balance as an extension
  (``x-environmental-balance``: this tool's own register record, with its schema's name and
  version). A registration the standard would refuse (a required attribute the entry does not
  give yet) is left out of the file, and said: ``ats_json`` returns what it left out and why.
  Checked against ``data/standards/eurocities_ats_0.3.1.schema.json`` by the tests.
- **Etalab's inventory sheet** (CSV, French): its 22 items as columns, in its words, every
  project of the register (a cell is empty when the entry does not say it), then the balance.

What the project lead typed comes from the scenario's ``registration`` (calculators/
registration.py), the authority's name, area and contact from its settings; the tool writes
the rest: the name, the proportionality (the balance, and the committee's opinion), the non-AI
alternative, the dates (the register's own: first submission, last change, revision a year
later, as the authority reports to the committee every year).
"""

from __future__ import annotations

import csv
import io
import json
import uuid
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

from calculators import fields, i18n, registration
from calculators.i18n import tr

from .committee import REGISTER_SCHEMA, REGISTER_VERSION, record
from .export import neutralise

ATS_FILE = "registre-ia-eurocities-ats-0.3.1.json"
ETALAB_FILE = "registre-ia-inventaire-etalab.csv"
EXTENSION = "x-environmental-balance"
STANDARDS_DIR = Path(__file__).resolve().parent.parent / "data" / "standards"
ATS_SCHEMA_FILE = STANDARDS_DIR / "eurocities_ats_0.3.1.schema.json"
ETALAB_FIELDS_FILE = STANDARDS_DIR / "etalab_inventaire_fields.csv"
# the attributes the tool writes itself, not asked of the lead
WRITTEN_HERE = ("name", "proportionality", "alternatives_considered", "standard_version",
                "uuid", "lang", "publication_date", "last_change_date", "revision_date",
                "revision_note", "website")


def _day(iso: str | None) -> date | None:
    return None if not iso else datetime.fromisoformat(iso).date()


def _dates(row: Mapping[str, Any]) -> tuple[date, date, date]:
    """First published (the project's first submission), last changed (its latest submission
    or published opinion), to be revisited (a year after the last change)."""
    first = _day(row.get("first_submitted_at") or row["submitted_at"])
    said = [_day(o["recorded_at"]) for o in [row.get("opinion"), *row.get(
        "earlier_opinions", [])] if o]
    last = max([d for d in [_day(row["submitted_at"]), *said] if d is not None])
    assert first is not None
    try:
        revision = last.replace(year=last.year + 1)
    except ValueError:  # 29 February
        revision = last.replace(year=last.year + 1, day=28)
    return first, last, revision


def proportionality(row: Mapping[str, Any], lang: str, typed: str | None = None) -> str:
    """Why the algorithm is proportionate, as the register shows it: its environmental
    balance, what its verdict rests on when a default or an assumption decides it, the
    committee's opinion (or that it is awaited), then the lead's own words."""
    parts = [tr("Environmental balance over {years} years (reference data {data}): footprint "
                "{footprint} tCO2e, emissions avoided {avoided} tCO2e, net balance {net} "
                "tCO2e (avoided minus footprint); verdict: {verdict}.", lang,
                years=i18n.number(row["horizon_years"], lang),
                data=row["data_version"], footprint=i18n.tonnes(row["footprint_kgco2e"], lang),
                avoided=i18n.tonnes(row["benefits_kgco2e"], lang),
                net=i18n.tonnes(row["net_kgco2e"], lang),
                verdict=i18n.word(i18n.VERDICT_WORDS, row["verdict"], lang))]
    rests_on = row.get("rests_on") or []
    if rests_on:  # what decides it is a default or an assumption: said, not hidden
        scenario = row.get("scenario") or {}
        parts.append(tr("This verdict rests on values left to their default or assumed, "
                        "without a source of the project's own: {fields}.", lang,
                        fields="; ".join(i18n.text(fields.label(path, scenario)[0], lang)
                                         for path in rests_on)))
    opinion = row.get("opinion")
    if opinion:
        parts.append(tr("Opinion of the ethics committee of {day}: {decision}.", lang,
                        day=i18n.date(date.fromisoformat(opinion["session_date"]), lang),
                        decision=i18n.word(i18n.DECISION_WORDS, opinion["decision"], lang)))
    else:
        parts.append(tr("The ethics committee's opinion is awaited.", lang))
    if typed:
        parts.append(typed)
    return " ".join(parts)


def alternative_words(scenario: Mapping[str, Any], lang: str) -> str:
    """The non-AI alternative the scenario describes, with its figures, or that none was
    considered (the convention asks for one)."""
    alternative = scenario.get("alternative")
    if not alternative:
        return tr("No non-AI alternative was considered.", lang)

    def likely(value: Any) -> float:
        return float(value["likely"] if isinstance(value, dict) else value)

    return tr("Non-AI alternative considered: {what} (footprint {footprint} kgCO2e a year, "
              "emissions avoided {avoided} kgCO2e a year).", lang,
              what=alternative.get("description", ""),
              footprint=i18n.number(likely(alternative["footprint_kgco2e_per_year"]), lang),
              avoided=i18n.number(likely(alternative["benefits_kgco2e_per_year"]), lang))


def project_page(address: str, row: Mapping[str, Any], lang: str) -> str | None:
    """The project's page in the published register, when the register's address is a full
    one (a path alone, "/registre", is no address for a reader elsewhere)."""
    if not address.startswith(("https://", "http://")):
        return None
    return f"{address}/{lang}/projets/{row['id']}.html"


def registration_uuid(organization: str, project: str) -> str:
    """The same identifier at every publication of a project by an organisation."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL,
                          f"urn:ai-environmental-balance:{organization}:{project}"))


def ats_registration(row: Mapping[str, Any], lang: str, *, address: str = "",
                     settings: Mapping[str, str] | None = None
                     ) -> tuple[dict[str, Any] | None, list[str]]:
    """One register row as an Eurocities registration, and the keys of the required fields
    its entry does not give (the registration is None then: the standard would refuse it)."""
    scenario = row.get("scenario") or {}
    entry = scenario.get("registration")
    given = registration.filled(entry, settings)
    if "description_short" not in given and 0 < len(row.get("description") or "") <= 150:
        given["description_short"] = row["description"].strip()
    lacking = [k for k in registration.ASKED_REQUIRED if k not in given]
    if lacking:
        return None, lacking
    first, last, revision = _dates(row)
    out: dict[str, Any] = {"name": row["project"]}
    for field in registration.FIELDS:
        if field.ats and field.key in given and field.key != "proportionality":
            out[field.key] = given[field.key]
    out.update(
        proportionality=proportionality(row, lang, given.get("proportionality")),
        alternatives_considered=alternative_words(scenario, lang),
        standard_version=registration.ATS_VERSION,
        uuid=registration_uuid(given["organization"], row["project"]),
        lang=lang, publication_date=first.isoformat(), last_change_date=last.isoformat(),
        revision_date=revision.isoformat(),
        revision_note=tr("The authority reports to its ethics committee every year on the "
                         "results of its AI projects (citizens' convention on AI).", lang))
    page = project_page(address, row, lang)
    if page:
        out["website"] = page
    out[EXTENSION] = {"schema": REGISTER_SCHEMA, "schema_version": REGISTER_VERSION,
                      **record(dict(row))}
    return out, []


def ats_json(rows: list[dict[str, Any]], lang: str, *, address: str = "",
             settings: Mapping[str, str] | None = None) -> tuple[bytes, list[dict[str, Any]]]:
    """The register as a JSON array of Eurocities registrations, and the projects left out
    (``{"project", "missing"}``: the keys of the required fields their entry lacks)."""
    kept, left_out = [], []
    for row in rows:
        entry, lacking = ats_registration(row, lang, address=address, settings=settings)
        if entry is None:
            left_out.append({"project": row["project"], "missing": lacking})
        else:
            kept.append(entry)
    data = json.dumps(kept, ensure_ascii=False, indent=2, allow_nan=False).encode("utf-8")
    return data, left_out


def etalab_columns() -> list[str]:
    """Etalab's 19 items as column names, in its words (the footnote's asterisk left out)."""
    with ETALAB_FIELDS_FILE.open(encoding="utf-8", newline="") as handle:
        return [r["item"].rstrip("*") for r in csv.DictReader(handle)]


BALANCE_COLUMNS = ("Bilan environnemental : verdict", "Bilan environnemental : durée (années)",
                   "Bilan environnemental : empreinte (kgCO2e)",
                   "Bilan environnemental : émissions évitées (kgCO2e)",
                   "Bilan environnemental : bilan net (kgCO2e)",
                   "Avis du comité d'éthique", "Date de la séance du comité d'éthique")
# Etalab's words for the algorithm types ("Système de règles ou apprentissage machine")
ETALAB_ALGORITHM = {"rule-based": "Système de règles", "self-learning": "Apprentissage machine",
                    "hybrid": "Système de règles et apprentissage machine"}


def _choice_words(given: Mapping[str, Any], key: str, lang: str) -> str:
    code = given.get(key)
    return "" if code is None else tr(registration.words(registration.BY_KEY[key], code), lang)


def etalab_csv(rows: list[dict[str, Any]], *, address: str = "",
               settings: Mapping[str, str] | None = None) -> bytes:
    """The register as Etalab's inventory (CSV, UTF-8, comma separated, decimal point, in
    French): one line a project, its 19 items, then the balance and the committee's opinion.
    Its "related resources" are the entry's page of more information, else the project's page
    in the published register."""
    lang = "fr"
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(etalab_columns() + list(BALANCE_COLUMNS))
    for row in rows:
        scenario = row.get("scenario") or {}
        given = registration.filled(scenario.get("registration"), settings)
        _, last, _ = _dates(row)

        contact = " ".join(x for x in (given.get("contact_name"), given.get("contact_email") and
                                       f"<{given['contact_email']}>") if x)
        count = given.get("decisions_per_year")
        opinion = row.get("opinion")
        cells = [given.get("organization"), given.get("department"), contact, last.isoformat(),
                 row["project"], row.get("description"), given.get("goal"),
                 given.get("decision_making_process"), _choice_words(given, "automation", lang),
                 given.get("lawful_basis"),
                 given.get("documentation") or project_page(address, row, lang),
                 None if count is None else str(count),
                 _choice_words(given, "decision_scope", lang), given.get("impact"),
                 given.get("source_data"), given.get("connected_data_sources"),
                 given.get("data_collection"),
                 ETALAB_ALGORITHM.get(given.get("algorithm_type", ""), ""),
                 given.get("description"),
                 i18n.word(i18n.VERDICT_WORDS, row["verdict"], lang),
                 repr(float(row["horizon_years"])), repr(float(row["footprint_kgco2e"])),
                 repr(float(row["benefits_kgco2e"])), repr(float(row["net_kgco2e"])),
                 i18n.word(i18n.DECISION_WORDS, opinion["decision"], lang) if opinion else
                 tr("awaited", lang), opinion["session_date"] if opinion else None]
        writer.writerow(["" if c is None else neutralise(str(c)) for c in cells])
    return buffer.getvalue().encode("utf-8")
