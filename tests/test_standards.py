"""The public register in the standards' words (issue 35, part 1): a project's entry asked
on the Register entry page (calculators/registration.py), exported as Eurocities ATS 0.3.1
registrations (checked against the schema written from the standard, data/standards/) and as
Etalab's inventory sheet (CSV, French)."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime, timezone

import jsonschema
import pytest

from calculators import registration, scenario
from calculators.scenario import ScenarioError
from report import standards
from test_committee import (FAVOURABLE_WITH_CONDITIONS, LEAD_ANA, LEAK, MEMBER_BEN,  # noqa: F401
                            committee, example, library)

SCHEMA = json.loads(standards.ATS_SCHEMA_FILE.read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA,
                                            format_checker=jsonschema.FormatChecker())
NO_SETTINGS: dict[str, str] = {}

# an entry as a project lead of the water service types it, every required field given
ENTRY = {
    "organization": "Montpellier Méditerranée Métropole",
    "department": "Direction de l'eau et de l'assainissement",
    "contact_email": "algorithmes@montpellier3m.fr",
    "contact_name": "Cellule données",
    "area": "Montpellier Méditerranée Métropole (31 communes)",
    "description_short": "Détecte les fuites du réseau d'eau potable à partir de capteurs "
                         "acoustiques.",
    "domain": "environment, spacial planning and water",
    "status": "pilot",
    "goal": "Réduire les pertes d'eau en trouvant les fuites en quelques jours.",
    "decision_making_process": "Un technicien vérifie chaque alerte et décide de creuser.",
    "impact": "Habitants : moins de coupures ; aucune décision sur une personne.",
    "decision_scope": "internal", "automation": "decision_support",
    "decisions_per_year": 1200,
    "lawful_basis": "Code général des collectivités territoriales, art. L2224-7.",
    "risks": "Fausses alertes : chacune est vérifiée sur place.",
    "risk_category": "minimal risk",
    "training_data": "Trois ans d'enregistrements étiquetés par l'équipe des réparations.",
    "source_data": "Niveaux de bruit nocturnes de 300 capteurs ; aucune donnée personnelle.",
    "connected_data_sources": "La plateforme de capteurs de l'exploitant ; aucun registre "
                              "de personnes.",
    "algorithm_type": "self-learning", "type": "diagnostic",
    "description": "Chaque nuit, les capteurs enregistrent le bruit des conduites. " * 12,
    "human_intervention": "Le gestionnaire du réseau valide chaque alerte.",
    "monitoring": "Part des alertes confirmées sur place, revue chaque trimestre.",
    "objection_procedure": "Écrire au médiateur du service de l'eau.",
    "codebase_url": "https://example.org/fuites",
}
# what the 19 items of Etalab's sheet are called, copied by hand from the sheet
ETALAB_ITEMS = [
    "Nom de l'administration concernée", "Direction/service porteur",
    "Contact au sein de l'administration concernée", "Date de mise à jour des informations",
    "Nom de l'algorithme", "Contexte global", "Finalité de l'algorithme",
    "Comment et quand l'algorithme intervient-il dans la prise de décision ?",
    "Niveau d'automatisation de la décision", "Fondements juridiques", "Ressources connexes",
    "Nombre de décisions administratives prises par an", "Portée de la décision",
    "Public concerné par la décision", "Données traitées", "Source des données traitées",
    "Mode de collecte des données traitées", "Type d'algorithme",
    "Opérations effectuées par l'algorithme"]


def _submitted(library, committee, entry, *, project="Fuites", opinion=True):
    saved = library.save(dict(example(LEAK), registration=entry), project=project)
    number = committee.submit(LEAD_ANA, saved.entry_id)
    if opinion:
        committee.record(MEMBER_BEN, number, FAVOURABLE_WITH_CONDITIONS, publish=True)
    return next(r for r in committee.register() if r["project"] == project)


def test_the_schema_is_the_standards_field_list():
    """The JSON Schema written here names the 49 attributes of the standard's list, requires
    its 29, and a choice asked on the page offers exactly the standard's values."""
    with (standards.STANDARDS_DIR / "eurocities_ats_0.3.1_fields.csv").open(
            encoding="utf-8") as handle:
        listed = list(csv.DictReader(handle))
    assert len(listed) == 49
    assert list(SCHEMA["properties"]) == [r["attribute"] for r in listed]
    assert SCHEMA["required"] == [r["attribute"] for r in listed if r["required"] == "True"]
    assert len(SCHEMA["required"]) == 29
    for field in registration.FIELDS:
        if field.ats:
            assert field.key in SCHEMA["properties"], field.key
        if field.ats and field.kind == "choice":
            assert [c for c, _ in field.choices] == SCHEMA["properties"][field.key]["enum"]
    # every required attribute is either asked of the lead or written by the tool
    asked = {f.key for f in registration.FIELDS if f.required}
    assert set(SCHEMA["required"]) == asked | (set(SCHEMA["required"])
                                               & set(standards.WRITTEN_HERE))


def test_a_complete_entry_is_a_valid_registration_with_the_balance(library, committee):
    row = _submitted(library, committee, ENTRY)
    data, left_out = standards.ats_json([row], "fr", address="https://registre.example.fr",
                                        settings=NO_SETTINGS)
    assert left_out == []
    (entry,) = json.loads(data)
    assert list(VALIDATOR.iter_errors(entry)) == []
    assert entry["name"] == "Fuites" and entry["standard_version"] == "0.3.1"
    assert entry["lang"] == "fr" and entry["organization"] == ENTRY["organization"]
    assert entry["domain"] == "environment, spacial planning and water"
    today = datetime.now(timezone.utc).date()
    assert entry["publication_date"] == today.isoformat()
    assert entry["last_change_date"] == today.isoformat()
    assert date.fromisoformat(entry["revision_date"]).year == today.year + 1
    assert entry["website"] == f"https://registre.example.fr/fr/projets/{row['id']}.html"
    # the proportionality is the balance and the committee's opinion, in French
    assert "favorable sous conditions" in entry["proportionality"]
    assert "23/11/2026" in entry["proportionality"]
    assert entry["proportionality"].startswith("Bilan environnemental sur 6 ans")
    # the example's verdict rests on an assumed emission factor: the register says so
    assert row["rests_on"]
    assert ("Ce verdict repose sur des valeurs laissées par défaut ou supposées, sans source "
            "propre au projet : Bénéfices, ligne 1") in entry["proportionality"]
    # the water example's alternative: vans listening for leaks
    assert entry["alternatives_considered"].startswith("Solution sans IA étudiée")
    balance = entry[standards.EXTENSION]
    assert balance["schema"] == "ai-environmental-balance-register"
    assert balance["net_kgco2e"] == row["net_kgco2e"]
    assert balance["opinion_decision"] == "favourable_with_conditions"
    # Etalab-only fields are not attributes of the standard
    assert "automation" not in entry and "decisions_per_year" not in entry
    # the same project of the same organisation keeps its identifier
    again, _ = standards.ats_json([row], "fr", settings=NO_SETTINGS)
    assert json.loads(again)[0]["uuid"] == entry["uuid"]
    other = dict(ENTRY, organization="Ville de Sète")
    assert standards.ats_registration(dict(row, scenario=dict(row["scenario"],
                                      registration=other)), "fr")[0]["uuid"] != entry["uuid"]


def test_the_validator_refuses_what_the_standard_refuses(library, committee):
    """The check above can fail: a registration without its organisation, with a status the
    standard does not list, or with a malformed address is refused."""
    row = _submitted(library, committee, ENTRY)
    entry, _ = standards.ats_registration(row, "en", settings=NO_SETTINGS)
    assert list(VALIDATOR.iter_errors(entry)) == []
    for broken in ({k: v for k, v in entry.items() if k != "organization"},
                   dict(entry, status="live"), dict(entry, codebase_url="ftp://x"),
                   dict(entry, department=""), dict(entry, standard_version="0.3")):
        assert list(VALIDATOR.iter_errors(broken)), broken


def test_an_entry_not_complete_is_left_out_and_what_it_lacks_said(library, committee,
                                                                   monkeypatch):
    half = {k: ENTRY[k] for k in ("department", "goal", "status")}
    row = _submitted(library, committee, half, opinion=False)
    data, left_out = standards.ats_json([row], "fr", settings=NO_SETTINGS)
    assert json.loads(data) == []
    (lacking,) = left_out
    assert lacking["project"] == "Fuites"
    assert lacking["missing"][:3] == ["organization", "contact_email", "area"]
    assert "department" not in lacking["missing"] and "goal" not in lacking["missing"]
    # the authority's settings fill what repeats from one project to the next
    monkeypatch.setenv("APP_AUTHORITY_ORGANISATION", "Montpellier Méditerranée Métropole")
    monkeypatch.setenv("APP_AUTHORITY_AREA", "Montpellier")
    monkeypatch.setenv("APP_AUTHORITY_CONTACT_EMAIL", "ia@montpellier3m.fr")
    _, left_out = standards.ats_json([row], "fr")
    assert left_out[0]["missing"][0] == "description_short"
    # ... unless the lead cleared one on purpose
    cleared = dict(row, scenario=dict(row["scenario"], registration=dict(half, area="")))
    assert "area" in standards.ats_registration(cleared, "fr")[1]
    # the project's own description stands for the summary when it is short enough
    short = dict(cleared, description="Détection de fuites.")
    assert "description_short" not in standards.ats_registration(short, "fr")[1]


def test_etalab_inventory_in_its_words_with_hostile_text(library, committee):
    hostile = dict(ENTRY, goal="=HYPERLINK(\"http://x\")", impact="<script>alert(1)</script>")
    row = _submitted(library, committee, hostile)
    data = standards.etalab_csv([row], address="https://registre.example.fr",
                                settings=NO_SETTINGS)
    assert not data.startswith(b"\xef\xbb\xbf")
    header, *lines = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    assert header[:19] == ETALAB_ITEMS
    assert header[19:] == list(standards.BALANCE_COLUMNS)
    (line,) = lines
    cell = dict(zip(header, line, strict=True))
    assert cell["Nom de l'administration concernée"] == "Montpellier Méditerranée Métropole"
    assert cell["Contact au sein de l'administration concernée"] == (
        "Cellule données <algorithmes@montpellier3m.fr>")
    assert cell["Finalité de l'algorithme"] == "'=HYPERLINK(\"http://x\")"  # never a formula
    assert cell["Public concerné par la décision"] == "<script>alert(1)</script>"
    assert cell["Niveau d'automatisation de la décision"] == (
        "Aide à la décision : une personne décide")
    assert cell["Portée de la décision"] == "Procédure interne"
    assert cell["Type d'algorithme"] == "Apprentissage machine"
    assert cell["Nombre de décisions administratives prises par an"] == "1200"
    assert cell["Ressources connexes"] == (
        f"https://registre.example.fr/fr/projets/{row['id']}.html")
    assert float(cell["Bilan environnemental : bilan net (kgCO2e)"]) == row["net_kgco2e"]
    assert cell["Avis du comité d'éthique"] == "favorable sous conditions"
    # a project without an entry is listed too, its cells empty
    bare = _submitted(library, committee, {}, project="Feux", opinion=False)
    _, _, second = list(csv.reader(io.StringIO(standards.etalab_csv(
        [row, bare], settings=NO_SETTINGS).decode("utf-8"))))
    assert second[4] == "Feux" and second[0] == "" and second[-2] == "attendu"


def test_the_scenario_keeps_an_entry_and_refuses_a_malformed_one():
    sc = dict(example(LEAK), registration=ENTRY)
    assert scenario.load(sc).raw["registration"]["status"] == "pilot"
    for key, bad in (("contact_email", "pas une adresse"), ("codebase_url", "www.x.fr"),
                     ("status", "en service"), ("decisions_per_year", -1),
                     ("description_short", "x" * 151)):
        with pytest.raises(ScenarioError) as refused:
            scenario.load(dict(sc, registration=dict(ENTRY, **{key: bad})))
        assert f"registration.{key}" in str(refused.value)
    # a field cleared on purpose is kept empty
    assert scenario.load(dict(sc, registration={"codebase_url": ""})).raw[
        "registration"]["codebase_url"] == ""


@pytest.mark.parametrize("typed, kind, refused", [
    ("ia@montpellier3m.fr", "email", False), ("ia@montpellier3m", "email", True),
    ("https://x.fr/a", "url", False), ("x.fr", "url", True), ("  ", "url", False)])
def test_the_page_refuses_a_malformed_address(typed, kind, refused):
    field = next(f for f in registration.FIELDS if f.kind == kind)
    assert (registration.problem(field, typed) is not None) is refused


def test_the_register_entry_page_keeps_what_a_french_lead_types(monkeypatch):
    """Typed the French way, one field after the other: the scenario keeps each, a malformed
    address is said and not kept (the field keeps it), the count is read the French way, and
    what the standard still requires is listed."""
    from streamlit.testing.v1 import AppTest

    from conftest import ROOT

    monkeypatch.setenv("APP_AUTHORITY_ORGANISATION", "Montpellier Méditerranée Métropole")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["lang"] = "fr"
    at.run()
    at.switch_page("pages/registration.py").run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Fiche de registre"
    # the authority's name is there before anything is typed
    assert at.text_input(key="reg_organization__r0").value == (
        "Montpellier Méditerranée Métropole")
    (before,) = [w.body for w in at.warning]
    assert before.startswith("Champs exigés par le standard Eurocities : 1 sur 22 remplis.")
    at.text_input(key="reg_department__r0").input("Direction de l'eau *et* <b>").run()
    at.text_input(key="reg_contact_email__r0").input("algorithmes@montpellier3m").run()
    assert "il faut une adresse de courriel" in at.error[0].value
    at.text_input(key="reg_decisions_per_year__r0").input("1 200").run()
    at.selectbox(key="reg_status__r0").select("pilot").run()
    at.text_area(key="reg_goal__r0").input("Réduire les pertes d'eau.").run()
    assert not at.exception, at.exception
    entry = at.session_state["scenario"]["registration"]
    assert entry == {"department": "Direction de l'eau *et* <b>", "decisions_per_year": 1200,
                     "status": "pilot", "goal": "Réduire les pertes d'eau."}
    # the address typed stays in its field, said to be wrong, until it is right: another
    # page visited in between too
    assert at.text_input(key="reg_contact_email__r0").value == "algorithmes@montpellier3m"
    at.switch_page("pages/balance.py").run()
    at.switch_page("pages/registration.py").run()
    assert at.text_input(key="reg_contact_email__r0").value == "algorithmes@montpellier3m"
    assert "il faut une adresse de courriel" in at.error[0].value
    at.text_input(key="reg_contact_email__r0").input("algorithmes@montpellier3m.fr").run()
    assert not at.error
    assert at.session_state["scenario"]["registration"]["contact_email"] == (
        "algorithmes@montpellier3m.fr")
    (after,) = [w.body for w in at.warning]
    assert after.startswith("Champs exigés par le standard Eurocities : 5 sur 22 remplis.")
    assert "Territoire, Résumé en une phrase" in after
    # the scenario with its entry is valid (the draft saved at every change keeps it)
    scenario.load(at.session_state["scenario"])


def test_the_published_register_has_both_standards_files(library, committee, tmp_path,
                                                         monkeypatch):
    """The register's folder holds the Eurocities file (valid registrations only) and
    Etalab's inventory (every project); the manifest says which project was left out and why;
    the public page links both."""
    from report import published

    monkeypatch.setenv("APP_REGISTER_URL", "https://registre.example.fr/")
    _submitted(library, committee, ENTRY)
    _submitted(library, committee, {"status": "pilot"}, project="Feux", opinion=False)
    manifest = published.publish(committee, tmp_path, dossiers=False, home_language="fr")
    ats = json.loads((tmp_path / standards.ATS_FILE).read_bytes())
    assert [r["name"] for r in ats] == ["Fuites"]
    assert all(not list(VALIDATOR.iter_errors(r)) for r in ats)
    assert ats[0]["website"].startswith("https://registre.example.fr/fr/projets/")
    assert [x["project"] for x in manifest["ats_left_out"]] == ["Feux"]
    assert "status" not in manifest["ats_left_out"][0]["missing"]
    inventory = list(csv.reader(io.StringIO(
        (tmp_path / standards.ETALAB_FILE).read_text(encoding="utf-8"))))
    assert sorted(line[4] for line in inventory[1:]) == ["Feux", "Fuites"]
    index = (tmp_path / "fr" / "index.html").read_text(encoding="utf-8")
    assert f'href="../{standards.ATS_FILE}"' in index
    assert f'href="../{standards.ETALAB_FILE}"' in index
    assert "Standard Eurocities 0.3.1 (JSON)" in index
    # the authority's settings changed (at a restart): the files follow
    monkeypatch.setenv("APP_AUTHORITY_CONTACT_EMAIL", "ia@montpellier3m.fr")
    monkeypatch.setenv("APP_AUTHORITY_ORGANISATION", "Montpellier Méditerranée Métropole")
    monkeypatch.setenv("APP_AUTHORITY_AREA", "Montpellier")
    again = published.publish(committee, tmp_path, dossiers=False, home_language="fr")
    assert again["generated_at"] >= manifest["generated_at"] and again != manifest
    assert "contact_email" not in again["ats_left_out"][0]["missing"]


def test_a_compared_register_entry_is_named_and_worded_in_french():
    """Two versions differing by their register entry: the Compare page and the library's
    history name the field in the reader's language and give a choice's words, not the
    standard's code."""
    import streamlit as st

    from calculators import fields, i18n
    from calculators.compare import input_differences
    from ui import language, tables

    before = example(LEAK)
    after = dict(before, registration={"goal": "Réduire les pertes", "status": "pilot"})
    differences = input_differences([before, after])
    assert [d["input"] for d in differences] == ["registration.goal", "registration.status"]
    names = [i18n.text(fields.label(d["input"], after)[0], "fr") for d in differences]
    assert names == ["Fiche de registre : Objectifs", "Fiche de registre : Statut"]
    st.session_state[language.KEY] = "fr"
    try:
        assert tables.shown("pilot", "registration.status") == "Expérimentation"
        assert tables.shown("en essai", "registration.status") == "en essai"  # as written
    finally:
        st.session_state.pop(language.KEY, None)
