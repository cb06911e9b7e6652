"""French and English for the sentences the calculators build (rules, reasons, levers,
warnings, break-even values, checklist), and numbers written the way each language writes them.

A sentence is a ``Message``: a string (its English text, so every existing use, JSON included,
reads it as before) that also keeps its code and parameters, so that ``text(message, "fr")``
writes it in French. Parameters are formatted by the suffix of their name:
``_kgco2e`` a CO2e mass (2.8 tCO2e / 2,8 tCO2e), ``_share`` a percentage, ``_number`` a plain
number (three significant digits), ``_exact`` a number with every digit, ``country_iso3`` a
country's name; other values are written as they are (a Message among them in the same language).
French numbers: a narrow no-break space between thousands, a decimal comma (1 234,5).
"""

from __future__ import annotations

import functools
import math
from decimal import Decimal
import os
import re
import string
from typing import Any

from .french import FRENCH
from .units import KG_PER_TONNE, PERCENT_PER_FRACTION

LANGUAGES = ("fr", "en")
DEFAULT_LANGUAGE = "fr"
THIN_SPACE = "\u202f"  # narrow no-break space: the French thousands separator

CATALOGUE: dict[str, dict[str, str]] = {
    # -- the convention's rules and the verdict's reasons (balance.verdict)
    "climate_rule": {
        "en": "Climate rule (citizens' convention on AI): an AI serving a climate policy must "
              "have a positive balance (avoided emissions above its footprint) and no non-AI "
              "alternative may do better.",
        "fr": "Règle climat (convention citoyenne sur l'IA) : une IA au service d'une politique "
              "climatique doit avoir un bilan positif (émissions évitées supérieures à son "
              "empreinte) et aucune alternative sans IA ne doit faire mieux."},
    "general_rule": {
        "en": "General-interest rule (citizens' convention on AI): the balance is drawn; a "
              "large footprint (above {threshold_kgco2e} a year) or a negative balance goes to "
              "the ethics committee for arbitration.",
        "fr": "Règle d'intérêt général (convention citoyenne sur l'IA) : le bilan est établi ; "
              "une empreinte importante (au-delà de {threshold_kgco2e} par an) ou un bilan "
              "négatif est soumis à l'arbitrage du comité d'éthique."},
    "balance_positive": {
        "en": "The balance is positive: the project avoids {net_kgco2e} more than it emits "
              "over its horizon.",
        "fr": "Le bilan est positif : le projet évite {net_kgco2e} de plus qu'il n'émet sur sa "
              "durée de service."},
    "balance_not_positive": {
        "en": "The balance is not positive: the footprint exceeds the avoided emissions by "
              "{deficit_kgco2e} over the horizon.",
        "fr": "Le bilan n'est pas positif : l'empreinte dépasse les émissions évitées de "
              "{deficit_kgco2e} sur la durée de service."},
    "no_alternative_considered": {
        "en": "No non-AI alternative was considered, so the convention's second condition (no "
              "less-impacting non-AI solution) is not verified.",
        "fr": "Aucune alternative sans IA n'a été étudiée : la seconde condition de la "
              "convention (pas de solution sans IA moins impactante) n'est pas vérifiée."},
    "alternative_better": {
        "en": "The non-AI alternative has a better balance ({alternative_kgco2e} against "
              "{net_kgco2e}).",
        "fr": "L'alternative sans IA a un meilleur bilan ({alternative_kgco2e} contre "
              "{net_kgco2e})."},
    "alternative_not_better": {
        "en": "The non-AI alternative does not do better ({alternative_kgco2e} against "
              "{net_kgco2e}).",
        "fr": "L'alternative sans IA ne fait pas mieux ({alternative_kgco2e} contre "
              "{net_kgco2e})."},
    "footprint_above_threshold": {
        "en": "The footprint ({footprint_kgco2e} a year) is above the committee threshold "
              "({threshold_kgco2e} a year).",
        "fr": "L'empreinte ({footprint_kgco2e} par an) dépasse le seuil du comité "
              "({threshold_kgco2e} par an)."},
    "footprint_within_threshold": {
        "en": "The footprint ({footprint_kgco2e} a year) is within the committee threshold "
              "({threshold_kgco2e} a year).",
        "fr": "L'empreinte ({footprint_kgco2e} par an) reste sous le seuil du comité "
              "({threshold_kgco2e} par an)."},
    "committee_arbitration": {
        "en": "The project goes to the ethics committee for arbitration.",
        "fr": "Le projet est soumis à l'arbitrage du comité d'éthique."},
    # -- the verdict under uncertainty (uncertainty.three_state)
    "mc_positive": {
        "en": "The convention's rule is met in {met_share} of the simulations (at least "
              "{threshold_share} needed for a positive verdict).",
        "fr": "La règle de la convention est respectée dans {met_share} des simulations (il en "
              "faut au moins {threshold_share} pour un avis positif)."},
    "mc_negative": {
        "en": "The convention's rule is met in only {met_share} of the simulations (at most "
              "{lower_share} gives a negative verdict).",
        "fr": "La règle de la convention n'est respectée que dans {met_share} des simulations "
              "(au plus {lower_share} donne un avis négatif)."},
    "mc_uncertain": {
        "en": "The convention's rule is met in {met_share} of the simulations: between "
              "{lower_share} and {threshold_share}, the balance is uncertain.",
        "fr": "La règle de la convention est respectée dans {met_share} des simulations : "
              "entre {lower_share} et {threshold_share}, le bilan est incertain."},
    "mc_method": {
        "en": "Monte Carlo, triangular (low, likely, high) inputs, independent, numpy PCG64",
        "fr": "Monte-Carlo, données triangulaires (basse, probable, haute), indépendantes, "
              "numpy PCG64"},
    "mc_climate_committee": {
        "en": "An uncertain balance for a climate project goes to the ethics committee, with "
              "the inputs that decide it.",
        "fr": "Un bilan incertain pour un projet climatique est soumis au comité d'éthique, "
              "avec les données qui le déterminent."},
    # -- where the verdict would change (uncertainty.break_even)
    "break_even": {
        "en": "{label}: {what} {direction} {value_number}{unit} (likely value "
              "{likely_number}{unit}).",
        "fr": "{label} : {what} {direction} {value_number}{unit} (valeur probable "
              "{likely_number}{unit})."},
    "turns_negative": {"en": "the balance turns negative", "fr": "le bilan devient négatif"},
    "would_turn_positive": {"en": "the balance would turn positive",
                            "fr": "le bilan deviendrait positif"},
    "no_longer_beats_alternative": {
        "en": "the AI no longer beats the non-AI alternative ({target_kgco2e})",
        "fr": "l'IA ne fait plus mieux que l'alternative sans IA ({target_kgco2e})"},
    "would_beat_alternative": {
        "en": "the AI would beat the non-AI alternative ({target_kgco2e})",
        "fr": "l'IA ferait mieux que l'alternative sans IA ({target_kgco2e})"},
    "below": {"en": "below", "fr": "en dessous de"},
    "above": {"en": "above", "fr": "au-dessus de"},
    # -- the levers (recommendations.recommend)
    "lever_saving": {"en": "{lever}: saves {saving_kgco2e} over the horizon.",
                     "fr": "{lever} : économise {saving_kgco2e} sur la durée de service."},
    "lever_location": {
        "en": "Run the computing in a French data centre (grid about {french_number} "
              "gCO2e/kWh instead of {intensity_number})",
        "fr": "Faire tourner les calculs dans un centre de données en France (réseau "
              "d'environ {french_number} gCO2e/kWh au lieu de {intensity_number})"},
    "lever_pue": {"en": "Use a data centre with a PUE of {efficient_number} instead of "
                        "{pue_number}",
                  "fr": "Choisir un centre de données de PUE {efficient_number} au lieu de "
                        "{pue_number}"},
    "lever_refurbished": {"en": "Buy refurbished rather than new equipment ({items})",
                          "fr": "Acheter du matériel reconditionné plutôt que neuf ({items})"},
    "lever_share": {"en": "Share equipment with another authority or project ({items})",
                    "fr": "Partager le matériel avec une autre collectivité ou un autre projet "
                          "({items})"},
    "lever_retraining": {"en": "Retrain half as often",
                         "fr": "Réentraîner deux fois moins souvent"},
    "lever_training_runs": {"en": "Halve the experimental training runs before deployment",
                            "fr": "Diviser par deux les entraînements d'essai avant le "
                                  "déploiement"},
    "lever_data": {"en": "Move half as much data",
                   "fr": "Transférer deux fois moins de données"},
    "lever_transport": {"en": "Ship by sea rather than by air ({items})",
                        "fr": "Transporter par bateau plutôt que par avion ({items})"},
    # -- warnings on the inputs (scenario, evaluate, frugality)
    "warn_no_alternative": {
        "en": "No non-AI alternative was considered: the convention asks that AI be used only "
              "when no less-impacting non-AI solution exists.",
        "fr": "Aucune alternative sans IA n'a été étudiée : la convention demande de n'utiliser "
              "l'IA qu'en l'absence de solution sans IA moins impactante."},
    "warn_no_benefits": {
        "en": "No avoided emissions are declared: the balance can only be negative.",
        "fr": "Aucune émission évitée n'est déclarée : le bilan ne peut être que négatif."},
    "warn_old_grid": {
        "en": "The grid intensity used dates from {year}: check it against a recent source and "
              "enter grid_intensity_g_per_kwh if you have one.",
        "fr": "L'intensité carbone du réseau utilisée date de {year} : vérifiez-la avec une "
              "source récente et saisissez grid_intensity_g_per_kwh si vous en avez une."},
    "warn_attribution": {
        "en": "Attribution not given, so the whole benefit is credited to the AI for: {items}.",
        "fr": "Part attribuable à l'IA non renseignée : tout le bénéfice est crédité à l'IA "
              "pour : {items}."},
    "warn_transport": {
        "en": "Transport not counted (no distance given) for: {items}.",
        "fr": "Transport non compté (aucune distance donnée) pour : {items}."},
    "warn_market_based": {
        "en": "The market-based figure credits the renewable contract and counts the rest at "
              "the location average (no residual mix available): it is a lower bound.",
        "fr": "Le chiffre « market-based » crédite le contrat d'électricité renouvelable et "
              "compte le reste à la moyenne du lieu (pas de mix résiduel disponible) : c'est "
              "une borne basse."},
    "warn_zero_footprint": {
        "en": "The footprint is zero: no training, inference, equipment or data was entered.",
        "fr": "L'empreinte est nulle : aucun entraînement, usage, matériel ni transfert de "
              "données n'a été saisi."},
    "warn_electricity_factors": {
        "en": "The electricity saved ({label}) is valued at {saved_number} gCO2e/kWh "
              "({saved_source}); the electricity the project uses, at {used_number} gCO2e/kWh "
              "({used_source}). Check that the difference is real (another grid, your own "
              "factor) and not two sources for the same kWh.",
        "fr": "L'électricité économisée ({label}) est comptée à {saved_number} gCO2e/kWh "
              "({saved_source}) ; celle que le projet consomme, à {used_number} gCO2e/kWh "
              "({used_source}). Vérifiez que l'écart est réel (un autre réseau, votre propre "
              "facteur) et non deux sources pour le même kWh."},
    # -- durations (duration)
    "duration_year": {"en": "{count} year", "fr": "{count} an"},
    "duration_years": {"en": "{count} years", "fr": "{count} ans"},
    "duration_month": {"en": "{count} month", "fr": "{count} mois"},
    "duration_months": {"en": "{count} months", "fr": "{count} mois"},
    "duration_week": {"en": "{count} week", "fr": "{count} semaine"},
    "duration_weeks": {"en": "{count} weeks", "fr": "{count} semaines"},
    "duration_day": {"en": "{count} day", "fr": "{count} jour"},
    "duration_days": {"en": "{count} days", "fr": "{count} jours"},
    "duration_under_a_day": {"en": "less than a day", "fr": "moins d'un jour"},
    # -- numbers typed by people (parse_number)
    "number_not_a_number": {
        "en": "\"{got}\" is not a number: type digits, with a point for decimals (e.g. 0.038 "
              "or 1,234.5)",
        "fr": "« {got} » n'est pas un nombre : tapez des chiffres, avec une virgule pour les "
              "décimales (par ex. 0,038 ou 1 234,5)"},
    "number_ambiguous": {
        "en": "\"{got}\" can be read two ways: use a point for decimals and commas only "
              "between thousands (e.g. 0.038 or 1,234.5)",
        "fr": "« {got} » peut se lire de deux façons : mettez une virgule pour les décimales "
              "et des espaces entre les milliers (par ex. 0,038 ou 1 234,5)"},
    "number_too_large": {
        "en": "\"{got}\" is too large to be a number here",
        "fr": "« {got} » est trop grand pour être un nombre ici"},
    "missing_footprint": {
        "en": "Nothing of the project's footprint is entered yet: its training (2.), its use "
              "(3.) or its equipment (4.).",
        "fr": "Rien de l'empreinte du projet n'est encore saisi : son entraînement (2.), son "
              "usage (3.) ou son matériel (4.)."},
    "missing_benefits": {
        "en": "No avoided emissions are declared yet (6. Benefits).",
        "fr": "Aucune émission évitée n'est encore déclarée (6. Bénéfices)."},
    "warn_double_inference": {
        "en": "Both an energy per request and dedicated serving devices are given: they are "
              "added up. If the energy per request was measured on those devices, the same "
              "energy is counted twice.",
        "fr": "Une énergie par requête et des équipements de service dédiés sont tous deux "
              "donnés : ils s'additionnent. Si l'énergie par requête a été mesurée sur ces "
              "équipements, la même énergie est comptée deux fois."},
    "warn_devices_not_in_hardware": {
        "en": "The manufacturing of the devices used for training or serving ({items_short}) is not "
              "counted: no equipment of their kind is in 4. Hardware. Add them there if the "
              "project buys or uses them (the Training and Inference pages offer to).",
        "fr": "La fabrication des équipements d'entraînement ou de service ({items_short}) n'est pas "
              "comptée : aucun matériel de leur type ne figure en 4. Matériel. Ajoutez-les si "
              "le projet les achète ou les utilise (les pages Entraînement et Inférence le "
              "proposent)."},
    "warn_checklist_alternative": {
        "en": "The checklist says a non-AI solution was considered, but the scenario describes "
              "none (Project page): its balance cannot be compared.",
        "fr": "La liste de contrôle indique qu'une solution sans IA a été étudiée, mais le "
              "scénario n'en décrit aucune (page Projet) : son bilan ne peut être comparé."},
    # -- the frugality checklist (frugality.py)
    "frugality_q_non_ai_considered": {
        "en": "Was a solution without AI considered?",
        "fr": "Une solution sans IA a-t-elle été étudiée ?"},
    "frugality_advice_non_ai_considered": {
        "en": "Describe the best non-AI way to reach the same goal (Project page): the "
              "convention asks that AI be used only when no less-impacting solution exists.",
        "fr": "Décrire la meilleure façon d'atteindre le même but sans IA (page Projet) : la "
              "convention demande de n'utiliser l'IA qu'en l'absence de solution moins "
              "impactante."},
    "frugality_q_data_minimised": {
        "en": "Is the data limited to what the project needs?",
        "fr": "Les données sont-elles limitées à ce dont le projet a besoin ?"},
    "frugality_advice_data_minimised": {
        "en": "Keep only the data the model needs: less data stored, moved and processed.",
        "fr": "Ne garder que les données nécessaires au modèle : moins de données stockées, "
              "transférées et traitées."},
    "frugality_q_data_anonymised": {
        "en": "Is personal data anonymised (or is none used)?",
        "fr": "Les données personnelles sont-elles anonymisées (ou aucune n'est utilisée) ?"},
    "frugality_advice_data_anonymised": {
        "en": "Anonymise personal data before training and use.",
        "fr": "Anonymiser les données personnelles avant l'entraînement et l'usage."},
    "frugality_q_local_hosting": {
        "en": "Is the computing hosted in France or in Europe?",
        "fr": "Les calculs sont-ils hébergés en France ou en Europe ?"},
    "frugality_advice_local_hosting": {
        "en": "Prefer a local or European data centre.",
        "fr": "Préférer un centre de données local ou européen."},
    "frugality_q_renewable_electricity": {
        "en": "Does the computing run on renewable electricity?",
        "fr": "Les calculs utilisent-ils de l'électricité renouvelable ?"},
    "frugality_advice_renewable_electricity": {
        "en": "Choose a data centre with a renewable electricity contract.",
        "fr": "Choisir un centre de données sous contrat d'électricité renouvelable."},
    "frugality_q_reused_equipment": {
        "en": "Is the equipment reused, refurbished or shared with other authorities?",
        "fr": "Le matériel est-il réemployé, reconditionné ou partagé avec d'autres "
              "collectivités ?"},
    "frugality_advice_reused_equipment": {
        "en": "Prefer second-hand or refurbished equipment, and share it with other "
              "authorities.",
        "fr": "Préférer du matériel d'occasion ou reconditionné, et le partager avec d'autres "
              "collectivités."},
    "frugality_q_nearby_equipment": {
        "en": "Does the equipment come from nearby rather than from distant countries?",
        "fr": "Le matériel vient-il de près plutôt que de pays lointains ?"},
    "frugality_advice_nearby_equipment": {
        "en": "Buy from nearer suppliers where an equivalent exists.",
        "fr": "Acheter auprès de fournisseurs plus proches quand un équivalent existe."},
    "frugality_q_open_source_model": {
        "en": "Is the model open source?", "fr": "Le modèle est-il open source ?"},
    "frugality_advice_open_source_model": {
        "en": "Prefer an open-source model: it can be audited, reused and run locally.",
        "fr": "Préférer un modèle open source : il peut être audité, réutilisé et exécuté "
              "localement."},
    "frugality_q_test_period": {
        "en": "Is there a test period before full deployment, with its results measured?",
        "fr": "Y a-t-il une période de test avant le déploiement complet, avec des résultats "
              "mesurés ?"},
    "frugality_advice_test_period": {
        "en": "Plan a test period and measure the benefits actually obtained before deploying.",
        "fr": "Prévoir une période de test et mesurer les bénéfices réellement obtenus avant "
              "de déployer."},
    "frugality_q_human_decision": {
        "en": "Does a person keep the decision (the AI advises)?",
        "fr": "Une personne garde-t-elle la décision (l'IA conseille) ?"},
    "frugality_advice_human_decision": {
        "en": "Keep a human decision over what the AI proposes.",
        "fr": "Garder une décision humaine sur ce que propose l'IA."},
    "answer_yes": {"en": "yes", "fr": "oui"},
    "answer_no": {"en": "no", "fr": "non"},
    "answer_unknown": {"en": "unknown", "fr": "ne sait pas"},
    "answer_not_answered": {"en": "not answered", "fr": "sans réponse"},
    "this_scenario_location": {"en": "{place} (this scenario)",
                               "fr": "{place} (ce scénario)"},
    # -- the inputs that decide the balance (uncertainty.describe)
    "input_grid_intensity_g_per_kwh": {"en": "Grid intensity", "fr": "Intensité carbone du réseau"},
    "input_pue": {"en": "Data centre PUE", "fr": "PUE du centre de données"},
    "input_renewable_share": {"en": "Renewable share", "fr": "Part renouvelable"},
    "input_energy_kwh": {"en": "Energy of one training run", "fr": "Énergie d'un entraînement"},
    "input_power_w": {"en": "power", "fr": "puissance"},
    "input_hours": {"en": "hours per run", "fr": "heures par entraînement"},
    "input_utilisation": {"en": "utilisation", "fr": "taux d'utilisation"},
    "input_retrains_per_year": {"en": "Retrainings per year", "fr": "Réentraînements par an"},
    "input_requests_per_day": {"en": "Requests per day", "fr": "Requêtes par jour"},
    "input_energy_wh_per_request": {"en": "Energy per request", "fr": "Énergie par requête"},
    "input_hours_per_day": {"en": "hours per day", "fr": "heures par jour"},
    "input_days_per_year": {"en": "Days of service", "fr": "Jours de service"},
    "input_embodied_kgco2e": {"en": "manufacturing per item", "fr": "fabrication par unité"},
    "input_lifetime_years": {"en": "lifetime", "fr": "durée de vie"},
    "input_use_years": {"en": "years used", "fr": "années d'usage"},
    "input_share": {"en": "share used", "fr": "part utilisée"},
    "input_mass_kg": {"en": "mass", "fr": "masse"},
    "input_transport_km": {"en": "distance", "fr": "distance"},
    "input_condition_factor": {"en": "share of manufacturing charged (condition rule)", "fr": "part de la fabrication comptée (règle d'état)"},
    "input_transport_factor_kgco2e_per_tonne_km": {"en": "transport factor", "fr": "facteur de transport"},
    "input_gb_per_year": {"en": "Data moved per year", "fr": "Données transférées par an"},
    "input_kwh_per_gb": {"en": "Network intensity", "fr": "Intensité du réseau internet"},
    "input_quantity_per_year": {"en": "quantity per year", "fr": "quantité par an"},
    "input_factor_kgco2e_per_unit": {"en": "emission factor", "fr": "facteur d'émission"},
    "input_attribution": {"en": "attribution to the AI", "fr": "part attribuable à l'IA"},
    "input_footprint_kgco2e_per_year": {"en": "Alternative's footprint", "fr": "Empreinte de l'alternative"},
    "input_benefits_kgco2e_per_year": {"en": "Alternative's avoided emissions", "fr": "Émissions évitées par l'alternative"},
    "input_of": {"en": "{item}: {what}", "fr": "{item} : {what}"},
    "input_of_line": {"en": "{section}, line {number}: {what}",
                      "fr": "{section}, ligne {number} : {what}"},
    "input_of_named_line": {"en": "{section}, line {number} ({item}): {what}",
                            "fr": "{section}, ligne {number} ({item}) : {what}"},
    "input_horizon_years": {"en": "Horizon", "fr": "Durée de service"},
    "input_name": {"en": "name", "fr": "nom"},
    "input_kind": {"en": "kind", "fr": "type"},
    "input_label": {"en": "what is avoided", "fr": "ce qui est évité"},
    "input_country": {"en": "country", "fr": "pays"},
    "input_cloud_region": {"en": "cloud region", "fr": "région cloud"},
    "input_condition": {"en": "condition", "fr": "état"},
    "input_transport_mode": {"en": "transport mode", "fr": "mode de transport"},
    "input_grid_source": {"en": "source of the grid intensity",
                          "fr": "source de l'intensité carbone du réseau"},
    "input_grid_year": {"en": "year of the grid intensity",
                        "fr": "année de l'intensité carbone du réseau"},
    "input_domain": {"en": "Domain", "fr": "Domaine"},
    "input_count": {"en": "count", "fr": "nombre"},
    "input_model": {"en": "model", "fr": "modèle"},
    "input_runs": {"en": "Runs before deployment", "fr": "Entraînements avant déploiement"},
    "input_committee_threshold_kgco2e_per_year": {"en": "Committee threshold",
                                                  "fr": "Seuil du comité"},
    "input_probability_threshold": {"en": "Probability threshold", "fr": "Seuil de probabilité"},
    "input_energy_kwh_per_request": {"en": "Hosted model: energy per request",
                                     "fr": "Modèle hébergé : énergie par requête"},
    "input_usage_kgco2e_per_request": {"en": "Hosted model: emissions per request",
                                       "fr": "Modèle hébergé : émissions par requête"},
    "input_embodied_kgco2e_per_request": {"en": "Hosted model: manufacturing per request",
                                          "fr": "Modèle hébergé : fabrication par requête"},
    "input_output_tokens_per_request": {"en": "Hosted model: output tokens per request",
                                        "fr": "Modèle hébergé : jetons produits par requête"},
    "input_of_device": {"en": "{phase} device {number} ({model_short}): {what}",
                        "fr": "{phase}, équipement {number} ({model_short}) : {what}"},
    # what a scenario field accepts, then the schema's description of it: the descriptions
    # are for people who write scenario files and stay in English (docs/scenario.md), so the
    # French message says what is accepted without it
    "accepted_described": {"en": "{what}: {description}", "fr": "{what}"},
    "phase_training": {"en": "Training", "fr": "Entraînement"},
    "phase_inference": {"en": "Inference", "fr": "Inférence"},
}


# parameters a language leaves out of a message on purpose (see the entry)
LEFT_OUT = {("accepted_described", "fr"): {"description"}}


class Message(str):
    """A sentence with its code and parameters; as a string, its English text."""

    code: str
    params: dict[str, Any]

    def __new__(cls, code: str, params: dict[str, Any] | None = None) -> "Message":
        params = dict(params or {})
        self = super().__new__(cls, _render(code, params, "en"))
        self.code = code
        self.params = params
        return self

    def __reduce__(self):  # copy, deepcopy and pickle rebuild it from its code
        return (Message, (self.code, self.params))

    def __repr__(self) -> str:
        return f"Message({self.code!r}, {self.params!r})"


def msg(code: str, **params: Any) -> Message:
    """A sentence to render later in either language: ``code`` is a key of ``CATALOGUE``, or
    the English text itself (a ``str.format`` template), a key of ``FRENCH``."""
    return Message(code, params)  # tests/test_i18n.py checks every code the code uses


def N_(english: str) -> str:
    """Marks a text that is translated later, where it is shown (gettext's noop): the tests
    find it in the catalogue like any other."""
    return english


def tr(english: str, lang: str, **params: Any) -> str:
    """The interface's text ``english`` (a ``str.format`` template) in ``lang``, with its
    parameters formatted as in messages (by the suffix of their names)."""
    return _render(english, params, lang)


def text(value: Any, lang: str) -> str:
    """``value`` in ``lang``: a Message rendered, anything else as its string."""
    if isinstance(value, Message):
        return _render(value.code, value.params, lang)
    return str(value)


class MissingTranslation(KeyError):
    """A text with no French in ``FRENCH`` (raised only when I18N_STRICT is set: tests)."""


def _template(code: str, lang: str) -> str:
    if code in CATALOGUE:
        return CATALOGUE[code][lang if lang in LANGUAGES else "en"]
    if lang != "fr":
        return code
    french = FRENCH.get(code)
    if french is None:
        if os.environ.get("I18N_STRICT"):
            raise MissingTranslation(f"no French for {code!r} in calculators/french.py")
        return code  # English rather than nothing; the tests keep this from shipping
    return french


class NumberFormatError(ValueError):
    """Text typed as a number that is not one, or that could be read two ways: ``message``
    (a Message) says what is accepted, with examples in the reader's language."""

    def __init__(self, message: "Message"):
        self.message = message
        super().__init__(str(message))


_TYPED = re.compile(r"^[+-]?([0-9][0-9 .,]*|[.,][0-9]+)([eE][+-]?[0-9]+)?$")
# thousands grouped: a first group of 1 to 3 digits that is not 0, then groups of 3
_GROUPED = re.compile(r"^[1-9][0-9]{0,2}( [0-9]{3})+$")  # 1 234 567
_GROUPED_COMMA = re.compile(r"^[1-9][0-9]{0,2}(,[0-9]{3})+$")  # 1,234,567
# 2.500 in French: a point before three digits is a thousands separator to many (10.000
# habitants), a decimal point to others: refused, not guessed
_POINT_THOUSANDS = re.compile(r"^[1-9][0-9]{0,2}\.[0-9]{3}$")
SPACES = "\u00a0\u202f\u2009\u2007"  # no-break, narrow no-break, thin, figure spaces


def parse_number(text: str, lang: str) -> float | None:
    """A number as a person types it in ``lang``: None for an empty text. In French the comma
    is the decimal separator and spaces group thousands (0,038; 1 234,5); a lone point is read
    as a decimal point too (1234.5, 0.038, as a numeric keypad types it), except before exactly
    three digits (2.500: thousands to many French readers). In English the point is decimal and
    commas group thousands (1,234.5). Raises NumberFormatError for anything else, and for a
    text that could be read two ways (2.500 or 1.234,5 in French; 0,038 in English): never a
    guess that changes the magnitude."""
    typed = text.strip()
    for space in SPACES:
        typed = typed.replace(space, " ")
    typed = typed.replace("\u2212", "-")  # the minus sign
    if not typed:
        return None
    if not _TYPED.match(typed):
        raise NumberFormatError(msg("number_not_a_number", got=text.strip()[:40]))
    mantissa, _, exponent = typed.replace("E", "e").partition("e")
    sign = ""
    if mantissa[0] in "+-":
        sign, mantissa = mantissa[0], mantissa[1:]
    if lang == "fr":
        if "," in mantissa and "." in mantissa or mantissa.count(",") > 1 or \
                mantissa.count(".") > 1 or _POINT_THOUSANDS.match(mantissa):
            raise NumberFormatError(msg("number_ambiguous", got=text.strip()[:40]))
        whole, _, decimals = mantissa.replace(",", ".").partition(".")
    else:
        if mantissa.count(".") > 1:
            raise NumberFormatError(msg("number_ambiguous", got=text.strip()[:40]))
        whole, _, decimals = mantissa.partition(".")
        if "," in whole:
            if not _GROUPED_COMMA.match(whole):
                raise NumberFormatError(msg("number_ambiguous", got=text.strip()[:40]))
            whole = whole.replace(",", "")
        if "," in decimals:
            raise NumberFormatError(msg("number_ambiguous", got=text.strip()[:40]))
    if " " in whole:
        if not _GROUPED.match(whole):
            raise NumberFormatError(msg("number_ambiguous", got=text.strip()[:40]))
        whole = whole.replace(" ", "")
    if " " in decimals or not (whole or decimals):
        raise NumberFormatError(msg("number_not_a_number", got=text.strip()[:40]))
    value = float(f"{sign}{whole or 0}.{decimals or 0}" + (f"e{exponent}" if exponent else ""))
    if not math.isfinite(value):
        raise NumberFormatError(msg("number_too_large", got=text.strip()[:40]))
    return value


TINY = 1e-9  # below this, a figure is written 0 (a denormal would take 300 digits)


def number(value: float, lang: str, decimals: int | None = None) -> str:
    """A number with thousands separated: 12,345.6 in English, 12 345,6 in French. Without
    ``decimals``: none from 1,000 up, three significant digits below."""
    if decimals is None:
        if abs(value) >= 1000 or abs(value) < TINY:
            shown = f"{value:,.0f}"
        else:  # three significant digits, never an exponent (0.000038, not 3.8e-05)
            shown = f"{Decimal(f'{value:.3g}'):,f}"
    else:
        shown = f"{value:,.{decimals}f}"
    if shown.startswith("-") and not shown.strip("-0.,"):
        shown = shown[1:]  # what rounds to zero is written 0, never -0
    return localise(shown, lang)


def localise(shown: str, lang: str) -> str:
    """A number written the English way (12,345.6) as ``lang`` writes it (12 345,6 in
    French). The one place that knows the French separators."""
    return shown.replace(",", THIN_SPACE).replace(".", ",") if lang == "fr" else shown


def date(day: Any, lang: str) -> str:
    """A date: 2026-12-02 in English (ISO), 02/12/2026 in French."""
    return day.strftime("%d/%m/%Y" if lang == "fr" else "%Y-%m-%d")


def time_zone() -> Any:
    """The time zone times are shown in: APP_TIME_ZONE (an IANA name), Europe/Paris by
    default (the authority's)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(os.environ.get("APP_TIME_ZONE") or "Europe/Paris")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def date_time(moment: Any, lang: str) -> str:
    """A date and time in the authority's time zone, with its name: 2026-11-23 18:48 CET in
    English, 23/11/2026 18:48 CET in French (a time without a zone is taken as UTC)."""
    from datetime import timezone

    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    local = moment.astimezone(time_zone())
    return local.strftime("%d/%m/%Y %H:%M %Z" if lang == "fr" else "%Y-%m-%d %H:%M %Z")


def kgco2e(value: float, lang: str) -> str:
    """A CO2e mass: tonnes from one tonne up, kilograms below (as balance.format_kgco2e)."""
    if abs(value) >= KG_PER_TONNE:
        return f"{number(value / KG_PER_TONNE, lang, 1)} tCO2e"
    if abs(value) >= 10:
        return f"{number(value, lang, 0)} kgCO2e"
    return f"{number(value, lang, 2)} kgCO2e"


def kgco2e_together(values: list[float], lang: str) -> list[str]:
    """CO2e masses shown side by side, all in one unit: tonnes when the largest is one tonne
    or more (40 kg beside 2 500 t reads 0,04 tCO2e), kilograms otherwise."""
    tonnes = max((abs(v) for v in values), default=0.0) >= KG_PER_TONNE
    out = []
    for value in values:
        shown = value / KG_PER_TONNE if tonnes else value
        if abs(shown) >= 1:  # as kgco2e writes them
            text = number(shown, lang, 1 if tonnes else 0 if abs(shown) >= 10 else 2)
        else:
            text = plain_number(significant(shown, 2), lang)
        out.append(f"{text} {'tCO2e' if tonnes else 'kgCO2e'}")
    return out


def significant(value: float, digits: int = 3) -> float:
    """``value`` rounded to ``digits`` significant digits (a figure people read: 2 729.8755
    is 2 730), exact for zero and whole numbers below the precision."""
    if value == 0 or not math.isfinite(value) or abs(value) < TINY:
        return 0.0
    return float(f"{value:.{digits}g}")


def figure(value: Any, unit: str) -> tuple[Any, str]:
    """(value, unit) as a reader expects them, at a meaningful precision: a CO2e mass in
    tonnes from one tonne up (as the headline figures show it), a probability in percent,
    other figures to three significant digits. Anything that is not a number is returned as
    it is. The one rule the on-screen tables and the CSV share."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or \
            not math.isfinite(value):
        return value, unit
    base, per = unit.partition("/")[::2]
    if base == "kgCO2e":
        if abs(value) >= KG_PER_TONNE:
            return round(value / KG_PER_TONNE, 1), "tCO2e" + (f"/{per}" if per else "")
        return round(value, 0 if abs(value) >= 10 else 2), unit
    if unit in ("probability", "threshold"):
        return round(value * PERCENT_PER_FRACTION), "%"
    if unit == "years":
        return round(value, 1), unit
    return significant(value), unit


def figure_text(value: Any, unit: str, lang: str) -> tuple[str, str]:
    """(value, unit) as text in ``lang``: 2,7 tCO2e; durations in years, months or weeks;
    nothing for a missing value (never 'None')."""
    if value is None:
        return "", unit
    if isinstance(value, bool):
        return tr("yes" if value else "no", lang), ""
    if not isinstance(value, (int, float)):
        return str(value), unit
    if unit == "years":
        return duration(value, lang), ""
    shown, shown_unit = figure(value, unit)
    return plain_number(shown, lang), shown_unit


def plain_number(value: float, lang: str) -> str:
    """Every digit of ``value`` (round it first), thousands grouped, no exponent and no
    trailing zero: 1 234,5 in French. What a number field shows."""
    shown = f"{Decimal(repr(float(value))):,f}" if not float(value).is_integer() else \
        f"{int(value):,d}"
    if "." in shown:
        shown = shown.rstrip("0").rstrip(".")
    return localise("0" if shown in ("-0", "") else shown, lang)


def duration(years: float, lang: str) -> str:
    """A duration people read: 6 years, 1.5 years; under a year in months, weeks or days
    (never "0.0 years")."""
    years = float(years)
    if years >= 1:
        shown = round(years, 1)
        count = number(shown, lang, 0 if shown.is_integer() else 1)
        return text(msg("duration_year" if shown == 1 else "duration_years", count=count),
                    lang)
    months = years * 12
    if months >= 1:
        shown = round(months) if months >= 2 else round(months, 1)
        count = number(shown, lang, 0 if float(shown).is_integer() else 1)
        return text(msg("duration_month" if shown == 1 else "duration_months",
                        count=count), lang)
    weeks = years * 365 / 7
    if weeks >= 1:
        shown = round(weeks)
        return text(msg("duration_week" if shown == 1 else "duration_weeks",
                        count=number(shown, lang, 0)), lang)
    days = years * 365
    if days >= 1:
        shown = round(days)
        return text(msg("duration_day" if shown == 1 else "duration_days",
                        count=number(shown, lang, 0)), lang)
    return text(msg("duration_under_a_day"), lang)


def percent(share: float, lang: str) -> str:
    """0.9 as 90% in English, 90 % in French."""
    if lang == "en":
        return f"{share:.0%}"
    return f"{share * PERCENT_PER_FRACTION:.0f}{THIN_SPACE}%"


_UNIT_WORDS_FR = {"years": "ans", "year": "an", "day": "jour", "request": "requête",
                  "unit": "unité"}
_UNIT_WORD = re.compile(r"[A-Za-z]+")


def unit(symbol: str, lang: str) -> str:
    """A unit in ``lang``: L/year becomes L/an in French; symbols (kgCO2e, kWh, km) stay."""
    if lang != "fr":
        return symbol
    return _UNIT_WORD.sub(lambda m: _UNIT_WORDS_FR.get(m.group(0), m.group(0)), symbol)


@functools.lru_cache(maxsize=None)
def _country_names(lang: str) -> Any:
    import gettext

    import pycountry

    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang],
                               fallback=True)


def country(iso3: str | None, lang: str) -> str | None:
    """The country's name in ``lang`` (ISO 3166 names and their translations, from
    pycountry), or None for a code it does not know."""
    import pycountry

    found = pycountry.countries.get(alpha_3=(iso3 or "").upper()) if iso3 else None
    if found is None:
        return None
    name = getattr(found, "common_name", None) or found.name
    return name if lang == "en" else _country_names(lang).gettext(found.name)


def short(label: Any, lang: str) -> str:
    """A data label without its last parenthesis, which says what its figure is: "NVIDIA A100
    PCIe 80 GB (rated power)" names the device "NVIDIA A100 PCIe 80 GB"."""
    return re.sub(r"\s*\([^()]*\)$", "", text(label, lang))


def _param(name: str, value: Any, lang: str) -> str:
    if name.endswith("_short") and isinstance(value, (str, Message)):
        return short(value, lang)
    if isinstance(value, Message):
        return text(value, lang)
    if name == "country_iso3" and isinstance(value, str):
        return country(value, lang) or value
    if name == "unit" and isinstance(value, str):
        return unit(value, lang)
    if isinstance(value, (list, tuple)):
        return "; ".join(_param(name if name.endswith("_short") else "item", v, lang)
                         for v in value)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if name.endswith("_kgco2e"):
        return kgco2e(value, lang)
    if name.endswith("_share"):
        return percent(value, lang)
    if name.endswith("_exact"):  # every digit, no exponent (bounds in error messages)
        return plain_number(value, lang)
    if name.endswith("_number"):
        return number(value, lang)
    return str(value)


def _render(code: str, params: dict[str, Any], lang: str) -> str:
    return _template(code, lang).format(**{k: _param(k, v, lang) for k, v in params.items()})


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


# Words the code picks by a key (a status, a verdict, an answer), so that each is a literal
# the tests find in the catalogue.
STATUS_WORDS = {"computed": msg("computed"), "entered": msg("entered"),
                "measured": msg("measured"), "default": msg("default"),
                "assumption": msg("assumption"), "published": msg("published"),
                "derived": msg("derived"), "not answered": msg("not answered")}
VERDICT_WORDS = {"positive": msg("positive"), "negative": msg("negative"),
                 "uncertain": msg("uncertain")}
DOMAIN_WORDS = {"climate": msg("climate policy"),
                "general_interest": msg("other public interest")}


def capital(words: str) -> str:
    """The first letter in capital, the rest as it is (a word heading a table cell)."""
    return words[:1].upper() + words[1:]


def word(kind: dict[str, "Message"], key: str, lang: str) -> str:
    """The word for ``key`` in one of the tables above, in ``lang`` (an unknown key as it is)."""
    return text(kind[key], lang) if key in kind else str(key)
