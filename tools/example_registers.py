"""Write ``examples/registers/``: the public registers of three fictional authorities, in the
Eurocities standard 0.3.1 with this tool's balance as its extension, for the tests and the
demonstration of the Projects elsewhere page. Each project is one of the examples' scenarios
varied (its name, words, size, horizon), saved, submitted and given an opinion in a library
made for the occasion, then exported as the tool exports its own register
(``report/standards.py``): its figures are the tool's, not typed by hand.

    .venv/bin/python -m tools.example_registers

The authorities, their people and addresses are made up (domain ``example.org``).
"""

from __future__ import annotations

import copy
import json
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "examples" / "registers"


def _scenario(name: str) -> dict[str, Any]:
    return json.loads((ROOT / "examples" / "fr" / name).read_text(encoding="utf-8"))


COMMON = {"lawful_basis": "Délibération du conseil communautaire (exemple fictif).",
          "risks": "Analyse de risques interne ; erreurs vérifiées par un agent avant toute "
                   "action.",
          "risk_category": "minimal risk",
          "connected_data_sources": "Données de l'exploitant ; aucun fichier de personnes.",
          "human_intervention": "Un agent valide chaque résultat avant toute action.",
          "monitoring": "Indicateurs revus chaque trimestre par la cellule données.",
          "objection_procedure": "Par courrier au médiateur de la collectivité.",
          "status": "operational",
          "decision_making_process": "L'outil propose ; un agent du service décide.",
          "impact": "Habitants : un service public plus efficace ; aucune décision sur une "
                    "personne."}

AUTHORITIES = {
    "rivebelle.json": {
        "organization": "Métropole de Rivebelle (fictive)", "area": "Rivebelle Métropole",
        "contact_email": "algorithmes@rivebelle.example.org",
        "projects": [
            ("water_leak_detection.json", "Écoute des fuites du réseau d'eau",
             {"horizon_years": 7},
             {"department": "Direction du cycle de l'eau",
              "description_short": "Repère les fuites d'eau potable à partir de capteurs "
                                   "acoustiques posés sur les conduites.",
              "goal": "Réduire les pertes d'eau potable en réparant les fuites plus tôt.",
              "domain": "environment, spacial planning and water",
              "algorithm_type": "self-learning", "type": "diagnostic",
              "training_data": "Enregistrements acoustiques étiquetés par les équipes de "
                               "réparation.",
              "source_data": "Niveaux de bruit nocturnes des capteurs.",
              "description": "Chaque nuit, des capteurs acoustiques fixés sur les conduites "
                             "mesurent le bruit ; un modèle classe les tronçons selon la "
                             "probabilité d'une fuite, et les équipes vérifient les plus "
                             "probables.",
              "methods_and_models": "Forêt aléatoire sur des caractéristiques spectrales."},
             "favourable"),
            ("traffic_lights.json", "Feux adaptatifs du centre-ville", {"horizon_years": 6},
             {"department": "Direction des mobilités",
              "description_short": "Adapte la durée des feux aux flux de circulation mesurés.",
              "goal": "Fluidifier la circulation et réduire les émissions des véhicules à "
                      "l'arrêt.",
              "domain": "traffic and transportation", "algorithm_type": "self-learning",
              "type": "prescriptive",
              "training_data": "Simulation du trafic calée sur les comptages.",
              "source_data": "Comptages des boucles de détection.",
              "description": "Un contrôleur par apprentissage par renforcement ajuste la "
                             "durée des feux selon les files d'attente mesurées."},
             "favourable_with_conditions"),
        ]},
    "val-d-orbe.json": {
        "organization": "Communauté d'agglomération du Val d'Orbe (fictive)",
        "area": "Val d'Orbe", "contact_email": "donnees@val-d-orbe.example.org",
        "projects": [
            ("waste_sorting_vision.json", "Caméras d'aide au tri des emballages",
             {"horizon_years": 6},
             {"department": "Service de la gestion des déchets",
              "description_short": "Des caméras repèrent les emballages recyclables manqués "
                                   "sur les tapis du centre de tri.",
              "goal": "Recycler davantage d'emballages et brûler moins de déchets.",
              "domain": "environment, spacial planning and water",
              "algorithm_type": "self-learning", "type": "diagnostic",
              "training_data": "Images de tapis annotées par les opérateurs.",
              "source_data": "Images des caméras au-dessus des tapis, sans personne filmée.",
              "description": "Un réseau de neurones de vision reconnaît les emballages "
                             "recyclables sur les images et guide les opérateurs du tri.",
              "shareable_equipment": "Un serveur GPU d'entraînement, libre la nuit et le "
                                     "week-end ; à prêter à une collectivité voisine."},
             "favourable"),
            ("water_leak_detection.json", "Fuites sur le réseau d'eau rural",
             {"horizon_years": 5},
             {"department": "Régie des eaux",
              "description_short": "Détecte les fuites du réseau d'eau potable rural avec des "
                                   "capteurs de pression.",
              "goal": "Limiter les pertes d'eau des réseaux ruraux.",
              "domain": "environment, spacial planning and water",
              "algorithm_type": "hybrid", "type": "diagnostic",
              "training_data": "Historique des pressions et des réparations.",
              "source_data": "Mesures de pression des capteurs du réseau.",
              "description": "Des règles sur les pressions nocturnes et un modèle appris "
                             "sur les réparations passées signalent les secteurs où une "
                             "fuite est probable."},
             None),
        ]},
    "saint-aurel.json": {
        "organization": "Ville de Saint-Aurel (fictive)", "area": "Saint-Aurel",
        "contact_email": "numerique@saint-aurel.example.org",
        "projects": [
            ("admin_llm_assistant.json", "Assistant conversationnel des démarches",
             {"horizon_years": 3},
             {"department": "Direction de la relation aux usagers",
              "description_short": "Un modèle de langage répond aux questions des habitants "
                                   "sur leurs démarches.",
              "goal": "Répondre plus vite aux habitants sur les démarches administratives.",
              "domain": "government", "algorithm_type": "self-learning",
              "type": "descriptive",
              "training_data": "Modèle ouvert affiné sur les fiches de démarches publiques.",
              "source_data": "Questions posées par les habitants, sans identité conservée.",
              "description": "Un modèle de langage open source, affiné sur les fiches de "
                             "démarches, rédige une réponse que l'habitant peut faire "
                             "vérifier par un agent.",
              "risk_category": "limited risk"},
             "postponed"),
        ]},
}

OPINION = {"session_date": "2026-10-14", "session_name": "Séance d'automne",
           "participants": "Comité d'éthique (exemple fictif)",
           "reasons": "Avis d'exemple, pour la démonstration de l'outil."}


def build() -> list[Path]:
    from report import standards
    from store import open_library
    from store.access import add_owner
    from store.committee import ADMIN, LEAD, MEMBER, Actor, Committee

    written = []
    OUT.mkdir(parents=True, exist_ok=True)
    for file_name, authority in AUTHORITIES.items():
        with tempfile.TemporaryDirectory() as folder:
            library = open_library(f"sqlite:///{folder}/example.sqlite3")
            committee = Committee(library.engine)
            lead = Actor("lead@example.org", "Exemple", frozenset({LEAD, ADMIN}))
            member = Actor("member@example.org", "Exemple", frozenset({MEMBER}))
            for example, name, changes, entry, decision in authority["projects"]:
                scenario = copy.deepcopy(_scenario(example))
                scenario.update(changes, name=name, registration=dict(COMMON, **entry))
                saved = library.save(scenario, project=name, author="Exemple")
                add_owner(library.engine, name, lead.subject, "example")
                number = committee.submit(lead, saved.entry_id)
                if decision:
                    committee.record(member, number, dict(
                        OPINION, decision=decision,
                        conditions="Mesurer l'énergie consommée la première année"
                        if decision == "favourable_with_conditions" else "",
                        information_requested="Le coût des requêtes au fournisseur"
                        if decision == "postponed" else ""), publish=True)
            settings = {k: authority[k] for k in ("organization", "area", "contact_email")}
            data, left_out = standards.ats_json(committee.register(), "fr",
                                                settings=settings)
            assert not left_out, left_out
            library.engine.dispose()
        path = OUT / file_name
        path.write_bytes(data + b"\n")
        written.append(path)
    return written


if __name__ == "__main__":
    for path in build():
        print(path.relative_to(ROOT))
