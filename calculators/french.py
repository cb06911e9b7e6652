"""French for the interface's text, keyed by its English (the way gettext keys a catalogue):
``i18n.tr(english, "fr")`` looks a text up here, ``i18n.msg(english, ...)`` keeps it for later.

Keys are ``str.format`` templates: a placeholder keeps its name in French, and a literal brace
is doubled. ``tests/test_i18n.py`` fails on a text the code uses without a French entry here,
on an entry whose placeholders differ from its English, and on an entry nothing uses any more.
Sentences the calculators build with codes (rules, reasons, levers) are in ``i18n.CATALOGUE``.
"""

from __future__ import annotations

FRENCH: dict[str, str] = {
    # -- ui/charts.py

    "Training": "Entraînement", "Inference": "Inférence", "Manufacturing": "Fabrication",
    "Manufac-<br>turing": "Fabri-<br>cation", "Transport": "Transport", "Network": "Réseau",
    "Manufacturing of equipment": "Fabrication du matériel",
    "Transport of equipment": "Transport du matériel",
    "Data moved over networks": "Données transférées", "Footprint": "Empreinte",
    "Avoided": "Évité", "Avoided emissions": "Émissions évitées",
    "Net<br>balance": "Bilan<br>net", "Break-even": "Équilibre",
    "Footprint by phase against avoided emissions":
        "Empreinte par poste et émissions évitées",
    "No break-even within the horizon": "Pas d'équilibre sur la durée de service",
    "Years from the start": "Années depuis le début", "{unit}, cumulative": "{unit}, cumulé",
    "Cumulative footprint and avoided emissions": "Empreinte et émissions évitées cumulées",
    "From avoided emissions to the net balance": "Des émissions évitées au bilan net",
    "Negative balance": "Bilan négatif", "Positive balance": "Bilan positif",
    "Positive in {share} of {samples} simulations":
        "Positif dans {share} de {samples} simulations",
    "Net balance, {unit} over the horizon": "Bilan net, {unit} sur la durée de service",
    "% of simulations": "% des simulations", "How sure is the balance?":
        "Quelle certitude sur le bilan ?",
    "Low value": "Valeur basse", "High value": "Valeur haute",
    "Net balance, {unit}": "Bilan net, {unit}", "What decides the balance":
        "Ce qui décide du bilan",
    "The same project in other locations": "Le même projet dans d'autres lieux",
    # -- words picked by key (calculators/i18n.py) and result rows (calculators/table.py)
    'computed':
        'calculé',
    'entered':
        'saisi',
    'measured':
        'mesuré',
    'default':
        'par défaut',
    'assumption':
        'hypothèse',
    'published':
        'publié',
    'derived':
        'dérivé',
    'not answered':
        'sans réponse',
    'positive':
        'positif',
    'negative':
        'négatif',
    'uncertain':
        'incertain',
    'yes':
        'oui',
    'no':
        'non',
    'new':
        'neuf',
    'refurbished':
        'reconditionné',
    'reused':
        'réemployé',
    'footprint':
        'empreinte',
    'equipment':
        'matériel',
    'benefits':
        'bénéfices',
    'balance':
        'bilan',
    'timeline':
        'chronologie',
    'energy':
        'énergie',
    'location':
        'lieu',
    'uncertainty':
        'incertitude',
    'driver':
        'facteur décisif',
    'frugality':
        'sobriété',
    'input':
        'donnée',
    'training':
        'entraînement',
    'inference':
        'inférence',
    'network':
        'réseau',
    'total':
        'total',
    'computed from the inputs below':
        'calculé à partir des données ci-dessous',
    'Total footprint':
        'Empreinte totale',
    '{name} ({count} x {kind_short}, {condition}) manufacturing':
        '{name} ({count} × {kind_short}, {condition}) : fabrication',
    '{name} transport':
        '{name} : transport',
    'Total avoided emissions':
        'Total des émissions évitées',
    'Net balance (avoided minus footprint)':
        'Bilan net (évité moins empreinte)',
    'Benefit to footprint ratio':
        'Rapport bénéfices sur empreinte',
    'Payback time':
        'Temps de retour',
    'Market-based footprint (renewable contract credited)':
        "Empreinte en méthode marché (contrat d'électricité renouvelable déduit)",
    'One-off footprint at the start (first training, equipment, transport)':
        'Empreinte ponctuelle au départ (premier entraînement, matériel, transport)',
    'Recurring footprint (retraining, inference, network)':
        'Empreinte récurrente (réentraînements, inférence, réseau)',
    'Energy: {phase}':
        'Énergie : {phase}',
    'Grid intensity ({where})':
        'Intensité carbone du réseau ({where})',
    "{phase}: CodeCarbon's own emissions figure ({runs} runs)":
        '{phase} : émissions calculées par CodeCarbon ({runs} exécutions)',
    "{phase}: the same runs at this scenario's grid and PUE":
        '{phase} : les mêmes exécutions avec le réseau et le PUE de ce scénario',
    '{method}; {samples_number} samples, seed {seed}':
        '{method} ; {samples_number} tirages, graine {seed}',
    '{figure}, {rank}th percentile':
        '{figure}, {rank}e centile',
    'Probability that the net balance is positive':
        'Probabilité que le bilan net soit positif',
    "Probability that the convention's rule is met":
        'Probabilité que la règle de la convention soit respectée',
    'Verdict under uncertainty: {verdict}':
        "Avis compte tenu de l'incertitude : {verdict}",
    '{input}: net balance at its low value':
        '{input} : bilan net à sa valeur basse',
    '{input}: net balance at its high value':
        '{input} : bilan net à sa valeur haute',
    'section':
        'rubrique',
    'item':
        'poste',
    'value':
        'valeur',
    'unit':
        'unité',
    'status':
        'statut',
    'source':
        'source',
    # -- pages/balance.py
    '7. Balance and verdict':
        '7. Bilan et avis',
    '**Rule applied.** {rule}':
        '**Règle appliquée.** {rule}',
    'Net balance':
        'Bilan net',
    'Avoided / footprint':
        'Évité / empreinte',
    'Payback':
        'Temps de retour',
    'What would improve the balance':
        'Ce qui améliorerait le bilan',
    'Every figure and where it comes from':
        'Chaque chiffre et son origine',
    "**Frugality checklist** (the project's answers, Project page)":
        '**Questionnaire de sobriété** (les réponses du projet, page Projet)',
    'Export':
        'Export',
    'CSV format':
        'Format CSV',
    'Download the CSV summary':
        'Télécharger la synthèse CSV',
    'Download the scenario (JSON)':
        'Télécharger le scénario (JSON)',
    'Dossier for the ethics committee':
        "Dossier pour le comité d'éthique",
    'A document to annex to a decision: the verdict and the rule applied, the figures, the charts, the uncertainty, the levers, the frugality checklist, and every value used with its status and source. HTML (one self-contained file) and PDF.':
        "Un document à annexer à une délibération : l'avis et la règle appliquée, les chiffres, les graphiques, l'incertitude, les leviers, le questionnaire de sobriété, et chaque valeur utilisée avec son statut et sa source. En HTML (un seul fichier autonome) et en PDF.",
    'Language of the dossier':
        'Langue du dossier',
    "With every input at its likely value the balance is **{verdict}**; the verdict above accounts for the uncertainty of the inputs (section 'How sure is it?' below).":
        "Avec chaque donnée à sa valeur probable, le bilan est **{verdict}** ; l'avis ci-dessus tient compte de l'incertitude des données (section « Quelle certitude ? » plus bas).",
    'Declared avoided emissions, times their attribution to the AI.':
        "Émissions évitées déclarées, multipliées par la part attribuée à l'IA.",
    'Avoided emissions minus footprint: positive is good.':
        "Émissions évitées moins empreinte : positif, c'est favorable.",
    'n/a':
        's.o.',
    'not within the horizon':
        'pas sur la durée de service',
    '{years} years':
        '{years} ans',
    'When cumulative avoided emissions overtake the cumulative footprint.':
        "Le moment où les émissions évitées cumulées dépassent l'empreinte cumulée.",
    'Footprint against benefits':
        'Empreinte et bénéfices',
    'Over time':
        'Dans le temps',
    'From benefits to net':
        'Des bénéfices au bilan net',
    'How sure is it?':
        'Quelle certitude ?',
    '{samples} simulations (seed {seed}) over {inputs} uncertain inputs: the ranges entered, the published spread of the reference factors, and plus or minus 30 % on declared benefits unless a range is given. {method}.':
        '{samples} simulations (graine {seed}) sur {inputs} données incertaines : les fourchettes saisies, la dispersion publiée des facteurs de référence, et plus ou moins 30 % sur les bénéfices déclarés sauf fourchette donnée. {method}.',
    'Net balance, low (5 %)':
        'Bilan net, bas (5 %)',
    'Net balance, median':
        'Bilan net, médiane',
    'Net balance, high (95 %)':
        'Bilan net, haut (95 %)',
    'Probability of a positive balance':
        "Probabilité d'un bilan positif",
    'No frugal lever left to pull in this scenario.':
        'Plus aucun levier de sobriété à actionner dans ce scénario.',
    "Save it to reload it later with 'Load a scenario file'.":
        'Gardez-le pour le recharger plus tard avec « Charger un fichier de scénario ».',
    "The committee's documents are in French; English for other readers.":
        "Les documents du comité sont en français ; l'anglais pour d'autres lecteurs.",
    'Prepare the dossier':
        'Préparer le dossier',
    '5 % of the simulations give less: 90 % fall between this and the high.':
        '5 % des simulations donnent moins : 90 % se situent entre cette valeur et la haute.',
    'Share of simulations with avoided emissions above the footprint.':
        "Part des simulations où les émissions évitées dépassent l'empreinte.",
    'Distribution':
        'Distribution',
    'What decides it':
        'Ce qui décide',
    'Over time, with uncertainty':
        "Dans le temps, avec l'incertitude",
    '{unanswered} of {questions} questions of the frugality checklist are not answered (Project page).':
        '{unanswered} des {questions} questions du questionnaire de sobriété sont sans réponse (page Projet).',
    'question':
        'question',
    'answer':
        'réponse',
    "About ten seconds: the charts are drawn and the PDF printed by this server's Chromium.":
        'Une dizaine de secondes : les graphiques sont dessinés et le PDF imprimé par le Chromium de ce serveur.',
    'The dossier could not be made: {reason}':
        "Le dossier n'a pas pu être produit : {reason}",
    'Download the dossier (PDF)':
        'Télécharger le dossier (PDF)',
    'Download the dossier (HTML)':
        'Télécharger le dossier (HTML)',
    'This project goes to the ethics committee for arbitration.':
        "Ce projet est soumis à l'arbitrage du comité d'éthique.",
    'Each bar: the net balance with that input at its low (light) or high (dark) value, every other input at its likely value. Black line: the likely net balance; dashed line: zero.':
        'Chaque barre : le bilan net avec cette donnée à sa valeur basse (clair) ou haute (foncé), toutes les autres à leur valeur probable. Trait noir : le bilan net probable ; pointillés : zéro.',
    'No uncertain input: every value is exact.':
        'Aucune donnée incertaine : toutes les valeurs sont exactes.',
    '**From the frugality checklist:**':
        "**D'après le questionnaire de sobriété :**",
    'French Excel (; and decimal comma)':
        'Excel français (; et virgule décimale)',
    'International (, and decimal point)':
        'International (, et point décimal)',
    'low':
        'basse',
    'likely':
        'probable',
    'high':
        'haute',
    'net at low':
        'net à la valeur basse',
    'net at high':
        'net à la valeur haute',
    # -- ui/sidebar.py
    'Uncertain balance':
        'Bilan incertain',
    '(rule met in {met_share} of simulations)':
        '(règle respectée dans {met_share} des simulations)',
    'Ethics committee review required':
        "Examen par le comité d'éthique requis",
    'Loaded the example: {name}':
        'Exemple chargé : {name}',
    'Unnamed project':
        'Projet sans nom',
    'Error in the scenario: {error}':
        'Erreur dans le scénario : {error}',
    '(last valid version)':
        '(dernière version valide)',
    'Projection mode':
        'Mode projection',
    'For a committee session: large type, no sidebar, one figure a screen with Next and Previous. The link with ?present=1 opens it directly.':
        "Pour une séance du comité : gros caractères, sans barre latérale, un graphique par écran avec Suivant et Retour. Le lien avec ?present=1 l'ouvre directement.",
    'New empty scenario':
        'Nouveau scénario vide',
    'Example':
        'Exemple',
    'Worked examples for a metropolitan authority (illustrative figures).':
        'Exemples détaillés pour une métropole (chiffres indicatifs).',
    'Load this example':
        'Charger cet exemple',
    'Load a scenario file (.json)':
        'Charger un fichier de scénario (.json)',
    "A scenario saved from this tool (Verdict page, 'Download the scenario'). A file with an error is refused and your current scenario is kept.":
        'Un scénario enregistré depuis cet outil (page Avis, « Télécharger le scénario »). Un fichier comportant une erreur est refusé et votre scénario actuel est conservé.',
    # -- calculators/frugality.py
    "Citizens' convention on AI, Montpellier Méditerranée Métropole":
        "Convention citoyenne sur l'IA, Montpellier Méditerranée Métropole",
    "AFNOR Spec 2314, Référentiel général pour l'IA frugale (June 2024)":
        "AFNOR Spec 2314, Référentiel général pour l'IA frugale (juin 2024)",
    '{first}; {second}':
        '{first} ; {second}',
    # -- pages/project.py
    '1. Project':
        '1. Projet',
    'Describe the project. Every change updates the balance in the sidebar at once; nothing is lost when you move between pages.':
        "Décrivez le projet. Chaque modification met à jour le bilan dans la barre latérale ; rien n'est perdu quand vous changez de page.",
    'Project name':
        'Nom du projet',
    'What the project does':
        'Ce que fait le projet',
    'Climate policy: energy, water, environment, waste, mobility':
        'Politique climatique : énergie, eau, environnement, déchets, mobilité',
    'Other public interest: health, social, administration...':
        'Autre intérêt général : santé, social, administration...',
    'Domain':
        'Domaine',
    'Horizon (years)':
        'Durée de service (ans)',
    'Non-AI alternative':
        'Alternative sans IA',
    'No alternative considered':
        'Aucune alternative étudiée',
    'Yes':
        'Oui',
    'Was a way to reach the same goal without AI considered?':
        "Une façon d'atteindre le même but sans IA a-t-elle été étudiée ?",
    'Frugality checklist':
        'Questionnaire de sobriété',
    "The questions the citizens' convention on AI and the French frugal-AI reference (AFNOR Spec 2314) ask of a project. Your answers go with the result and the dossier; a 'no' gives a piece of advice; an unanswered question stays visible.":
        "Les questions que la convention citoyenne sur l'IA et le référentiel français de l'IA frugale (AFNOR Spec 2314) posent à un projet. Vos réponses accompagnent le résultat et le dossier ; un « non » donne un conseil ; une question sans réponse reste visible.",
    "A short name, e.g. 'Leak detection on the water network'.":
        "Un nom court, par ex. « Détection de fuites sur le réseau d'eau ».",
    'A few sentences for the committee: the problem, what the AI does, who uses it.':
        "Quelques phrases pour le comité : le problème, ce que fait l'IA, qui l'utilise.",
    "**Climate rule.** The citizens' convention asks that an AI serving a climate policy have a *positive* environmental balance (its footprint below the emissions it avoids) and be used only when no less-impacting non-AI solution exists. If either condition fails, the verdict is negative.":
        "**Règle climat.** La convention citoyenne demande qu'une IA au service d'une politique climatique ait un bilan environnemental *positif* (son empreinte inférieure aux émissions qu'elle évite) et ne soit utilisée que si aucune solution sans IA moins impactante n'existe. Si l'une des deux conditions n'est pas remplie, l'avis est négatif.",
    '**General-interest rule.** The balance is drawn as well; if the footprint is large or the balance is negative, the project goes to the ethics committee for arbitration.':
        "**Règle d'intérêt général.** Le bilan est établi aussi ; si l'empreinte est importante ou le bilan négatif, le projet est soumis à l'arbitrage du comité d'éthique.",
    "The convention asks that AI be used only when no less-impacting non-AI solution exists. 'No alternative considered' is flagged in the verdict.":
        "La convention demande que l'IA ne soit utilisée que si aucune solution sans IA moins impactante n'existe. « Aucune alternative étudiée » est signalé dans l'avis.",
    'What the alternative is':
        "En quoi consiste l'alternative",
    'Committee settings':
        'Réglages du comité',
    'Committee threshold (kgCO2e per year)':
        'Seuil du comité (kgCO2e par an)',
    "e.g. 'Manual acoustic listening campaigns with two vans, once a year'.":
        "par ex. « Campagnes d'écoute acoustique manuelles avec deux camionnettes, une fois par an ».",
    'Its footprint (kgCO2e per year)':
        'Son empreinte (kgCO2e par an)',
    'Its avoided emissions (kgCO2e per year)':
        'Ses émissions évitées (kgCO2e par an)',
    'Source: {source}.':
        'Source : {source}.',
    'Yearly footprint above which a general-interest project goes to the ethics committee. Empty: {value} kgCO2e/year ({source}).':
        "Empreinte annuelle au-delà de laquelle un projet d'intérêt général est soumis au comité d'éthique. Vide : {value} kgCO2e/an ({source}).",
    'Emissions of the alternative each year (vehicles, equipment, energy), kgCO2e/year. Example: two vans, 15,000 km a year, about 3,000 kgCO2e/year.':
        "Émissions de l'alternative chaque année (véhicules, matériel, énergie), en kgCO2e/an. Exemple : deux camionnettes, 15 000 km par an, environ 3 000 kgCO2e/an.",
    "Emissions the alternative would avoid each year, kgCO2e/year, counted like the AI's benefits.":
        "Émissions que l'alternative éviterait chaque année, en kgCO2e/an, comptées comme les bénéfices de l'IA.",
    # -- calculators/refdata.py
    'Assumption: {source} ({year})':
        'Hypothèse : {source} ({year})',
    '{source} ({year})':
        '{source} ({year})',
    # -- pages/training.py, ui/editing.py
    '2. Training':
        '2. Entraînement',
    'The energy of one training run, then how many runs: experiments and tuning before deployment, and retrainings during the service life. Measured energy and hardware are added up: fill in one or the other.':
        "L'énergie d'un entraînement, puis le nombre d'entraînements : essais et réglages avant le déploiement, et réentraînements pendant la durée de service. L'énergie mesurée et le matériel s'additionnent : remplissez l'un ou l'autre.",
    'A. Measured energy of one run':
        "A. Énergie mesurée d'un entraînement",
    'IT energy of one training run (kWh)':
        "Énergie informatique d'un entraînement (kWh)",
    'B. Hardware used for one run':
        'B. Matériel utilisé pour un entraînement',
    'How many runs':
        "Combien d'entraînements",
    'Import a CodeCarbon measurement (emissions.csv)':
        'Importer une mesure CodeCarbon (emissions.csv)',
    'Files written by CodeCarbon (`emissions.csv`), from any version; several files at once. Or measure a run on this machine: `python -m calculators measure -- python train.py`.':
        'Fichiers écrits par CodeCarbon (`emissions.csv`), de toute version ; plusieurs fichiers à la fois. Ou mesurez un entraînement sur cette machine : `python -m calculators measure -- python train.py`.',
    'Default power of each device, with sources':
        'Puissance par défaut de chaque équipement, avec ses sources',
    'Runs before deployment':
        'Entraînements avant le déploiement',
    'Retrainings per year':
        'Réentraînements par an',
    'Training footprint':
        "Empreinte de l'entraînement",
    'Training energy':
        "Énergie de l'entraînement",
    'Trainings counted':
        'Entraînements comptés',
    'Use as the energy of one training run':
        "Utiliser comme énergie d'un entraînement",
    'Model':
        'Modèle',
    'Count':
        'Nombre',
    'Power (W)':
        'Puissance (W)',
    'Hours per run':
        'Heures par entraînement',
    "Including the data centre's overhead (PUE).":
        'Y compris le surcoût du centre de données (PUE).',
    'Runs before deployment + retrainings per year x horizon.':
        'Entraînements avant déploiement + réentraînements par an x durée de service.',
    'Hours each device runs for one training, e.g. 72.':
        'Heures de fonctionnement de chaque équipement pour un entraînement, par ex. 72.',
    'device':
        'équipement',
    'power (W)':
        'puissance (W)',
    '{low} to {high}':
        '{low} à {high}',
    'other':
        'autre',
    'exact':
        'exact',
    'How uncertain this value is: plus or minus this percentage of it. Empty: exact.':
        "L'incertitude de cette valeur : plus ou moins ce pourcentage. Vide : exacte.",
    # -- pages/inference.py, calculators/hosted.py
    '3. Inference':
        '3. Inférence',
    'The energy of using the model: per request (when you know the energy of one request), and/or the devices dedicated to serving it. Both are added up.':
        "L'énergie de l'utilisation du modèle : par requête (si vous connaissez l'énergie d'une requête), et/ou les équipements dédiés à son service. Les deux s'additionnent.",
    'A. Per request':
        'A. Par requête',
    "This figure already includes the data centre's overhead (PUE)":
        'Ce chiffre inclut déjà le surcoût du centre de données (PUE)',
    'B. A hosted model called through an API':
        'B. Un modèle hébergé appelé par une API',
    "For a project that calls a provider's LLM rather than serving its own: EcoLogits estimates the energy and emissions of one request at the provider's data centre (its grid and PUE; this scenario's location does not apply to it).":
        "Pour un projet qui appelle le LLM d'un fournisseur plutôt que de servir le sien : EcoLogits estime l'énergie et les émissions d'une requête dans le centre de données du fournisseur (son réseau et son PUE ; le lieu de ce scénario ne s'y applique pas).",
    'C. Devices dedicated to serving':
        'C. Équipements dédiés au service',
    'Days of service per year':
        'Jours de service par an',
    'Requests per day':
        'Requêtes par jour',
    'Energy per request (Wh)':
        'Énergie par requête (Wh)',
    'Import a CodeCarbon measurement of a serving benchmark':
        "Importer une mesure CodeCarbon d'un banc d'essai de service",
    'Run your model on a batch of typical requests under CodeCarbon (for example `python -m calculators measure -- python serve_benchmark.py`), then load the file here and say how many requests the runs served.':
        'Faites tourner votre modèle sur un lot de requêtes typiques sous CodeCarbon (par exemple `python -m calculators measure -- python serve_benchmark.py`), puis chargez le fichier ici et indiquez combien de requêtes ont été servies.',
    'Tick it for figures given per request at the data-centre level (e.g. by EcoLogits); leave it for figures measured on the server (the PUE is then applied).':
        'Cochez pour des chiffres donnés par requête au niveau du centre de données (par ex. par EcoLogits) ; laissez décoché pour des chiffres mesurés sur le serveur (le PUE est alors appliqué).',
    'Empty: 365. A sorting centre open 6 days a week: about 300.':
        'Vide : 365. Un centre de tri ouvert 6 jours sur 7 : environ 300.',
    'Inference footprint':
        "Empreinte de l'inférence",
    'Inference energy':
        "Énergie de l'inférence",
    'How many times a day the model is called, e.g. 2,000 questions to an assistant, 86,400 if a camera is analysed every second.':
        'Combien de fois par jour le modèle est appelé, par ex. 2 000 questions à un assistant, 86 400 si une caméra est analysée chaque seconde.',
    'Energy of one request in Wh. Orders of magnitude in the table below: about 0.002 for a small classifier, 0.04 for a vision model, 0.3 to 3 for an answer from a large LLM.':
        "Énergie d'une requête en Wh. Ordres de grandeur dans le tableau ci-dessous : environ 0,002 pour un petit classifieur, 0,04 pour un modèle de vision, 0,3 à 3 pour une réponse d'un grand LLM.",
    'Requests served during these runs':
        'Requêtes servies pendant ces exécutions',
    'Use as the energy per request':
        'Utiliser comme énergie par requête',
    'task':
        'tâche',
    'Wh per request':
        'Wh par requête',
    'range (Wh)':
        'fourchette (Wh)',
    'EcoLogits (its own words): {warning}':
        'EcoLogits (ses propres termes, en anglais) : {warning}',
    '{provider} {model}: figures from EcoLogits {version}.':
        "{provider} {model} : chiffres d'EcoLogits {version}.",
    'Hosted model removed.':
        'Modèle hébergé retiré.',
    'Choose a hosted model':
        'Choisir un modèle hébergé',
    'Change the hosted model':
        'Changer de modèle hébergé',
    'Provider':
        'Fournisseur',
    'Output tokens per request':
        'Jetons de sortie par requête',
    'Requests per day to the hosted model':
        'Requêtes par jour au modèle hébergé',
    'Use this model (figures from EcoLogits)':
        "Utiliser ce modèle (chiffres d'EcoLogits)",
    'Remove the hosted model':
        'Retirer le modèle hébergé',
    'Hours per day':
        'Heures par jour',
    "Including the data centre's overhead (PUE) unless ticked above.":
        'Y compris le surcoût du centre de données (PUE), sauf case cochée plus haut.',
    'The energy per request is the measured IT energy divided by this number.':
        "L'énergie par requête est l'énergie informatique mesurée divisée par ce nombre.",
    'The models EcoLogits knows. Another model: use part A with a published energy per request.':
        'Les modèles que connaît EcoLogits. Pour un autre modèle : utilisez la partie A avec une énergie par requête publiée.',
    'Tokens the model writes per answer: about 300 for a short answer (roughly 200 words), 1,000 for a page.':
        'Jetons écrits par le modèle par réponse : environ 300 pour une réponse courte (à peu près 200 mots), 1 000 pour une page.',
    'Calls to the hosted model a day, e.g. 2,000 questions.':
        'Appels au modèle hébergé par jour, par ex. 2 000 questions.',
    '**{provider} {model}**, {tokens} output tokens a request, {requests_number} requests a day: {energy_wh_number} Wh and {usage_g_number} gCO2e (usage) + {embodied_g_number} gCO2e (embodied) a request, EcoLogits {version}.':
        '**{provider} {model}**, {tokens} jetons de sortie par requête, {requests_number} requêtes par jour : {energy_wh_number} Wh et {usage_g_number} gCO2e (usage) + {embodied_g_number} gCO2e (fabrication) par requête, EcoLogits {version}.',
    'unknown provider {provider}; EcoLogits knows {known}':
        'fournisseur inconnu {provider} ; EcoLogits connaît {known}',
    'EcoLogits {version} does not know {model} for {provider}: use the per-request mode with a published figure':
        'EcoLogits {version} ne connaît pas {model} chez {provider} : utilisez le mode par requête avec un chiffre publié',
    "EcoLogits is not installed: run the README's install command":
        "EcoLogits n'est pas installé : lancez la commande d'installation du README",
    # -- pages/hardware.py
    '4. Hardware and reuse':
        '4. Matériel et réemploi',
    "Equipment bought or used for the project. Its manufacturing is charged for the part of its life the project uses, times the project's share when it is shared with other authorities. Empty cells take the default of the kind (table below).":
        "Le matériel acheté ou utilisé pour le projet. Sa fabrication est imputée pour la part de sa vie que le projet utilise, multipliée par la part du projet quand il est partagé avec d'autres collectivités. Les cellules vides prennent la valeur par défaut du type (tableau ci-dessous).",
    'sea':
        'mer',
    'air':
        'avion',
    'road':
        'route',
    'rail':
        'rail',
    'The effect of each choice':
        "L'effet de chaque choix",
    'bought new':
        'acheté neuf',
    'shared with one other authority':
        'partagé avec une autre collectivité',
    'Manufacturing charged':
        'Fabrication imputée',
    'Defaults by kind, with sources':
        'Valeurs par défaut par type, avec leurs sources',
    '**Condition rules**: {rules}':
        "**Règles selon l'état** : {rules}",
    'Name':
        'Nom',
    'Kind':
        'Type',
    'Condition':
        'État',
    'Manufacturing (kgCO2e each)':
        'Fabrication (kgCO2e chacun)',
    'Lifetime (years)':
        'Durée de vie (ans)',
    'Used by the project (years)':
        'Utilisé par le projet (ans)',
    'Distance (km)':
        'Distance (km)',
    'Mode':
        'Mode',
    'Mass (kg each)':
        'Masse (kg chacun)',
    '**{name}** ({count} × {kind}, {condition}): manufacturing **{manufacturing}**, transport **{transport}**  \nIf {effects}':
        '**{name}** ({count} × {kind}, {condition}) : fabrication **{manufacturing}**, transport **{transport}**  \nSi {effects}',
    "What the item is, e.g. 'Inference server'.":
        "Ce qu'est l'élément, par ex. « Serveur d'inférence ».",
    'new; refurbished (charged {refurbished_share} of the manufacturing, {refurbished_status}); reused: second-hand or already owned (charged {reused_share}). Empty: new.':
        "neuf ; reconditionné ({refurbished_share} de la fabrication imputée, {refurbished_status}) ; réemployé : d'occasion ou déjà possédé ({reused_share} imputé). Vide : neuf.",
    "Empty: the kind's default.":
        'Vide : la valeur par défaut du type.',
    'Empty: the horizon.':
        'Vide : la durée de service.',
    'From where it was made or bought, e.g. 19,000 from Taiwan. Empty: not counted.':
        "Depuis le lieu de fabrication ou d'achat, par ex. 19 000 depuis Taïwan. Vide : non compté.",
    'Empty: road.':
        'Vide : route.',
    "Shipped mass. Empty: the kind's default.":
        'Masse expédiée. Vide : la valeur par défaut du type.',
    '{choice}: {change}':
        '{choice} : {change}',
    'manufacturing (kgCO2e)':
        'fabrication (kgCO2e)',
    'lifetime (years)':
        'durée de vie (ans)',
    # -- calculators/scenario.py: grid
    '{region}, grid of {country_iso3}':
        '{region}, réseau de {country_iso3}',
    '{source}; region mapped to its country in data/cloud_regions.csv':
        '{source} ; région rattachée à son pays dans data/cloud_regions.csv',
    '{country_iso3}':
        '{country_iso3}',
    'given in the scenario':
        'donnée dans le scénario',
    'entered in the scenario':
        'saisie dans le scénario',
    # -- pages/location.py
    '5. Data centre and location':
        '5. Centre de données et lieu',
    "The electricity of training and inference is counted at the grid intensity of where the computing runs, times the data centre's overhead (PUE).":
        "L'électricité de l'entraînement et de l'inférence est comptée à l'intensité carbone du réseau du lieu où tournent les calculs, multipliée par le surcoût du centre de données (PUE).",
    'A data centre in a country':
        'Un centre de données dans un pays',
    'A cloud region':
        'Une région de cloud',
    'I know the grid intensity':
        "Je connais l'intensité carbone du réseau",
    'Where does the computing run?':
        'Où tournent les calculs ?',
    'Data centre overhead (PUE)':
        'Surcoût du centre de données (PUE)',
    'Share of electricity under a renewable contract (%)':
        "Part de l'électricité sous contrat renouvelable (%)",
    'Country':
        'Pays',
    "Automatic for this location (average, or the cloud provider's class)":
        'Automatique pour ce lieu (moyenne, ou la catégorie du fournisseur de cloud)',
    "My data centre's own figure":
        'Le chiffre de mon centre de données',
    'Power usage effectiveness: total energy of the data centre over the energy of its IT equipment. Large cloud providers about 1.1; the average data centre 1.58 (Uptime Institute 2023); a local server room often 2 or more.':
        "Indicateur d'efficacité énergétique : énergie totale du centre de données rapportée à celle de ses équipements informatiques. Grands fournisseurs de cloud : environ 1,1 ; centre de données moyen : 1,58 (Uptime Institute 2023) ; salle serveur locale : souvent 2 ou plus.",
    "Used only for the market-based figure reported beside the footprint, never instead of it: the grid's electrons are the same.":
        "Utilisée seulement pour le chiffre en méthode marché affiché à côté de l'empreinte, jamais à sa place : les électrons du réseau sont les mêmes.",
    'Data moved per year (GB)':
        'Données transférées par an (Go)',
    'Network intensity (kWh/GB)':
        'Intensité du réseau (kWh/Go)',
    '**Grid intensity used: {intensity} gCO2e/kWh** ({where}). Source: {source}. PUE used: {pue}. Market-based footprint: {market} kgCO2e.':
        '**Intensité carbone du réseau utilisée : {intensity} gCO2e/kWh** ({where}). Source : {source}. PUE utilisé : {pue}. Empreinte en méthode marché : {market} kgCO2e.',
    '{key}: {label}, grid of {country} ({intensity} gCO2e/kWh)':
        '{key} : {label}, réseau de {country} ({intensity} gCO2e/kWh)',
    'Cloud region':
        'Région de cloud',
    'Grid intensity (gCO2e/kWh)':
        'Intensité carbone du réseau (gCO2e/kWh)',
    'Data sent between sensors, users and the data centre each year, in GB. Example: 300 sensors sending 1 MB a night is about 110 GB a year.':
        'Données échangées entre capteurs, utilisateurs et centre de données chaque année, en Go. Exemple : 300 capteurs envoyant 1 Mo par nuit, environ 110 Go par an.',
    'Empty: {value} kWh/GB ({source}). Recent estimates are lower (down to {low}).':
        "Vide : {value} kWh/Go ({source}). Les estimations récentes sont plus basses (jusqu'à {low}).",
    '{country} ({code}): {intensity} gCO2e/kWh, {year}':
        '{country} ({code}) : {intensity} gCO2e/kWh, {year}',
    '{key}: {label}, {intensity} gCO2e/kWh (Google)':
        '{key} : {label}, {intensity} gCO2e/kWh (Google)',
    "Google Cloud regions carry Google's own figure; other providers' regions use their country's grid.":
        'Les régions Google Cloud portent le chiffre de Google ; celles des autres fournisseurs prennent le réseau de leur pays.',
    # -- pages/benefits.py
    '6. Benefits':
        '6. Bénéfices',
    'What the project avoids each year, the kind of what is avoided (its emission factor comes from the table below, or enter your own) and the share due to the AI rather than to other measures (attribution).':
        "Ce que le projet évite chaque année, le type de ce qui est évité (son facteur d'émission vient du tableau ci-dessous, ou saisissez le vôtre) et la part due à l'IA plutôt qu'à d'autres mesures (attribution).",
    "Uncertainty: a quantity left without '± %' counts as plus or minus {spread_share} (declared benefits are rarely known better); a factor from the table keeps its published range.":
        'Incertitude : une quantité laissée sans « ± % » compte pour plus ou moins {spread_share} (les bénéfices déclarés sont rarement mieux connus) ; un facteur du tableau garde sa fourchette publiée.',
    'Emission factors':
        "Facteurs d'émission",
    'What is avoided':
        'Ce qui est évité',
    'Quantity per year':
        'Quantité par an',
    'Own factor (kgCO2e per unit)':
        'Facteur propre (kgCO2e par unité)',
    'what':
        'quoi',
    'factor':
        'facteur',
    'range':
        'fourchette',
    "e.g. 'Drinking water no longer lost to leaks'.":
        "par ex. « Eau potable qui n'est plus perdue en fuites ».",
    'per year':
        'par an',
    'factor (kgCO2e/unit)':
        'facteur (kgCO2e/unité)',
    'attribution':
        'attribution',
    # -- ui/state.py
    'Hardware':
        'Matériel',
    'Benefits':
        'Bénéfices',
    '{field}: {message}':
        '{field} : {message}',
    'unknown example {name}':
        'exemple inconnu {name}',
    'Loaded {file}: {name}':
        '{file} chargé : {name}',
    '{file} was not loaded, your current scenario is kept. {error}':
        "{file} n'a pas été chargé, votre scénario actuel est conservé. {error}",
    '**This scenario has an error**: {error}  \nYour entries are kept; the figures show the last valid version until it is fixed.':
        "**Ce scénario contient une erreur** : {error}  \nVos saisies sont conservées ; les chiffres affichés sont ceux de la dernière version valide jusqu'à la correction.",
    # -- calculators/scenario.py: validation messages
    '{path} does not exist or is not a file':
        "{path} n'existe pas ou n'est pas un fichier",
    'a whole number':
        'un nombre entier',
    'a number':
        'un nombre',
    'text':
        'du texte',
    'true or false':
        'true ou false',
    'a list':
        'une liste',
    'an object':
        'un objet',
    'one of {values}':
        "l'une des valeurs {values}",
    '{value}':
        '{value}',
    'a value':
        'une valeur',
    'non-empty text':
        'un texte non vide',
    '{what} from {low_exact} to {high_exact}':
        '{what} de {low_exact} à {high_exact}',
    '{what} (3 letters)':
        '{what} (3 lettres)',
    '{what} of at most {count} items':
        "{what} d'au plus {count} éléments",
    '{what} of at most {count} characters':
        "{what} d'au plus {count} caractères",
    'must be {accepted}; got {got}':
        'doit être {accepted} ; reçu {got}',
    '{first}, ... ({count} in all)':
        '{first}, ... ({count} en tout)',
    'unknown value {value} Accepted: {accepted}':
        'valeur inconnue {value}. Accepté : {accepted}',
    '{what} above {low_exact} and at most {high_exact}':
        '{what} supérieur à {low_exact} et au plus {high_exact}',
    'is required; expected {accepted}':
        'est obligatoire ; attendu : {accepted}',
    'unknown key; accepted keys here: {keys}':
        'clé inconnue ; clés acceptées ici : {keys}',
    'must be {accepted}, or a range {{"low": .., "likely": .., "high": ..}}; got {got}':
        'doit être {accepted}, ou une fourchette {{"low": .., "likely": .., "high": ..}} ; reçu {got}',
    'must be null (no alternative considered) or an object with description, footprint_kgco2e_per_year and benefits_kgco2e_per_year; got {got}':
        'doit être null (aucune alternative étudiée) ou un objet avec description, footprint_kgco2e_per_year et benefits_kgco2e_per_year ; reçu {got}',
    'is empty: expected a JSON object with schema_version 1':
        'est vide : un objet JSON avec schema_version 1 est attendu',
    'must hold a JSON object; got {got}':
        'doit contenir un objet JSON ; reçu {got}',
    'must be a JSON object; got {got}':
        'doit être un objet JSON ; reçu {got}',
    'must be {expected}; got {got} (this version of the tool reads schema version {expected})':
        "doit valoir {expected} ; reçu {got} (cette version de l'outil lit la version de schéma {expected})",
    'unknown value {value}; did you mean {close}? Accepted: {accepted}':
        'valeur inconnue {value} ; vouliez-vous dire {close} ? Accepté : {accepted}',
    'give one of country (e.g. FRA), cloud_region (e.g. gcp:europe-west9) or grid_intensity_g_per_kwh':
        'indiquez country (par ex. FRA), cloud_region (par ex. gcp:europe-west9) ou grid_intensity_g_per_kwh',
    'give either country or cloud_region, not both':
        'indiquez country ou cloud_region, pas les deux',
    'is required when requests_per_day is given (Wh per request, e.g. 0.3 for an LLM answer)':
        'est obligatoire quand requests_per_day est donné (Wh par requête, par ex. 0,3 pour une réponse de LLM)',
    '{what} of at least {low_exact}':
        "{what} d'au moins {low_exact}",
    'unknown key (did you mean {close}?); accepted keys here: {keys}':
        'clé inconnue (vouliez-vous dire {close} ?) ; clés acceptées ici : {keys}',
    'is {size_number} bytes; a scenario file must be under {limit_number} bytes':
        'fait {size_number} octets ; un fichier de scénario doit faire moins de {limit_number} octets',
    'is not text: save it as UTF-8 JSON':
        "n'est pas du texte : enregistrez-le en JSON UTF-8",
    'is not valid JSON (line {line}, column {column}: {reason})':
        "n'est pas du JSON valide (ligne {line}, colonne {column} : {reason})",
    'is nested too deeply to be a scenario':
        'est trop imbriqué pour être un scénario',
    'must be a finite number; got {got}':
        'doit être un nombre fini ; reçu {got}',
    'a range needs low <= likely <= high; got low {low_exact}, likely {likely_exact}, high {high_exact}':
        'une fourchette demande low <= likely <= high ; reçu low {low_exact}, likely {likely_exact}, high {high_exact}',
    'is required: the requests served during the measured runs (a whole number from 1)':
        'est obligatoire : les requêtes servies pendant les exécutions mesurées (un nombre entier à partir de 1)',
    '{what} above {low_exact}':
        '{what} supérieur à {low_exact}',
    'is required when no model is given (rated power in W, e.g. 400)':
        "est obligatoire quand aucun modèle n'est donné (puissance nominale en W, par ex. 400)",
    '{region} maps to {country}, which has no grid data':
        '{region} correspond à {country}, sans données de réseau',
    'is required for kind {kind}, which is not in data/embodied.csv (known kinds: {kinds})':
        'est obligatoire pour le type {kind}, absent de data/embodied.csv (types connus : {kinds})',
    'is required to count transport for kind {kind} (shipped mass of one item in kg)':
        "est obligatoire pour compter le transport du type {kind} (masse expédiée d'un élément en kg)",
    # -- ui/charts.py (more)
    'Cumulative footprint and avoided emissions, with their uncertainty':
        'Empreinte et émissions évitées cumulées, avec leur incertitude',
    'Footprint (stacked by phase) and avoided emissions':
        'Empreinte (empilée par poste) et émissions évitées',
    "{unit} over each scenario's horizon":
        '{unit} sur la durée de service de chaque scénario',
    'Net balance, {unit} (positive is good)':
        "Bilan net, {unit} (positif, c'est favorable)",
    '{name}: 5-95 %':
        '{name} : 5-95 %',
    '{name}: median':
        '{name} : médiane',
    '%{{x:,.1f}} {unit}: %{{y:.1f}} % of simulations':
        '%{{x:,.1f}} {unit} : %{{y:.1f}} % des simulations',
    '%{{customdata}}: net %{{text}} {unit}':
        '%{{customdata}} : net %{{text}} {unit}',
    # -- ui/navigation.py, ui/router.py
    'AI environmental balance':
        "Bilan environnemental de l'IA",
    '4. Hardware':
        '4. Matériel',
    '5. Location':
        '5. Lieu',
    '7. Verdict':
        '7. Avis',
    'Library':
        'Bibliothèque',
    'Compare':
        'Comparer',
    'Portfolio':
        'Portefeuille',
    'Method':
        'Méthode',
    # -- ui/present.py
    'Verdict':
        'Avis',
    'Back':
        'Retour',
    'Next':
        'Suivant',
    'Exit':
        'Quitter',
    'Leave projection mode':
        'Quitter le mode projection',
    'This scenario has an error: leave projection mode to fix it.':
        'Ce scénario contient une erreur : quittez le mode projection pour la corriger.',
    'POSITIVE balance':
        'Bilan POSITIF',
    'NEGATIVE balance':
        'Bilan NÉGATIF',
    'UNCERTAIN balance':
        'Bilan INCERTAIN',
    "The convention's rule is met in {met_share} of the simulations.":
        'La règle de la convention est respectée dans {met_share} des simulations.',
    'No uncertainty computed for this scenario.':
        "Pas d'incertitude calculée pour ce scénario.",
    # -- ui/codecarbon_upload.py, calculators/codecarbon_import.py
    "{runs} run(s), {seconds} s, **{energy} kWh** of IT energy; CodeCarbon's figure {reported}":
        "{runs} exécution(s), {seconds} s, **{energy} kWh** d'énergie informatique ; chiffre de CodeCarbon {reported}",
    'CodeCarbon file(s)':
        'Fichier(s) CodeCarbon',
    'Project':
        'Projet',
    'Runs (none chosen: all of them)':
        'Exécutions (aucune choisie : toutes)',
    ", at this scenario's grid {here}":
        ', avec le réseau de ce scénario {here}',
    'Imported {runs} CodeCarbon run(s) as the energy of one training run.':
        "{runs} exécution(s) CodeCarbon importée(s) comme énergie d'un entraînement.",
    'Imported {runs} CodeCarbon run(s): {energy} Wh per request.':
        '{runs} exécution(s) CodeCarbon importée(s) : {energy} Wh par requête.',
    'emissions.csv from any CodeCarbon version; comma or semicolon separated, UTF-8 or Windows-1252.':
        'emissions.csv de toute version de CodeCarbon ; séparé par des virgules ou des points-virgules, en UTF-8 ou Windows-1252.',
    '{count} line(s) left out:':
        '{count} ligne(s) écartée(s) :',
    'Experiment':
        'Expérience',
    'file':
        'fichier',
    'line':
        'ligne',
    'reason':
        'raison',
    '(all projects)':
        '(tous les projets)',
    '(all experiments)':
        '(toutes les expériences)',
    "**Measured** with CodeCarbon: {runs} run(s), {energy} kWh of IT energy. CodeCarbon's own figure: {reported}; at this scenario's location and PUE: {here}.":
        "**Mesuré** avec CodeCarbon : {runs} exécution(s), {energy} kWh d'énergie informatique. Chiffre de CodeCarbon : {reported} ; avec le lieu et le PUE de ce scénario : {here}.",
    '{file}: {message}':
        '{file} : {message}',
    'is not a text file (expected a CSV saved by CodeCarbon, UTF-8 or Windows-1252)':
        "n'est pas un fichier texte (un CSV enregistré par CodeCarbon, en UTF-8 ou Windows-1252, est attendu)",
    'pue {pue_exact} is outside 1 to 3':
        'le pue {pue_exact} est hors de 1 à 3',
    'is {size_number} MB; the limit is {limit_number} MB (split the file by project)':
        'fait {size_number} Mo ; la limite est {limit_number} Mo (découpez le fichier par projet)',
    "is empty: expected CodeCarbon's emissions.csv with a header line":
        "est vide : un emissions.csv de CodeCarbon avec une ligne d'en-tête est attendu",
    'is missing the column(s) {missing}; a CodeCarbon emissions.csv has {required}':
        "n'a pas la ou les colonnes {missing} ; un emissions.csv de CodeCarbon contient {required}",
    'a number column is not finite (nan or inf)':
        "une colonne numérique n'est pas finie (nan ou inf)",
    'a number column holds text':
        'une colonne numérique contient du texte',
    'CodeCarbon counted the grid where the runs were measured{countries} at about {measured_number} gCO2e/kWh; the scenario counts the grid of {where} at {ours_number} gCO2e/kWh.':
        'CodeCarbon a compté le réseau du lieu de mesure{countries} à environ {measured_number} gCO2e/kWh ; le scénario compte le réseau de {where} à {ours_number} gCO2e/kWh.',
    "The files include a PUE; the scenario applies its own PUE to the IT energy (energy divided by the files' PUE).":
        "Les fichiers incluent un PUE ; le scénario applique son propre PUE à l'énergie informatique (l'énergie divisée par le PUE des fichiers).",
    'Both figures use the same grid intensity.':
        'Les deux chiffres utilisent la même intensité carbone du réseau.',
    '{column} is negative':
        '{column} est négatif',
    'has {fields} fields; the header has {columns}':
        "a {fields} champs ; l'en-tête en a {columns}",
    'timestamp is empty':
        'timestamp est vide',
    'its location':
        'son lieu',
    # -- ui/tables.py
    'Positive':
        'Positif',
    'Negative':
        'Négatif',
    'Location':
        'Lieu',
    'Net balance (tCO2e)':
        'Bilan net (tCO2e)',
    'Footprint (tCO2e)':
        'Empreinte (tCO2e)',
    'Avoided (tCO2e)':
        'Évité (tCO2e)',
    'Committee review':
        'Examen du comité',
    'Archived':
        'Archivé',
    '(default)':
        '(par défaut)',
    '{likely} ({low} to {high})':
        '{likely} ({low} à {high})',
    'Scenario':
        'Scénario',
    'Versions':
        'Versions',
    'Last saved':
        'Dernier enregistrement',
    'By':
        'Par',
    'Version':
        'Version',
    'Saved':
        'Enregistré',
    'Comment':
        'Commentaire',
    'Data version':
        'Version des données',
    '(none)':
        '(aucun)',
    # -- library: ui/library.py, pages/library.py, store/
    'the library database did not answer ({reason}); try again, or ask whoever runs the server':
        "la base de la bibliothèque n'a pas répondu ({reason}) ; réessayez, ou demandez à la personne qui gère le serveur",
    'Opened "{name}", version {version} ({project}).':
        '« {name} » ouvert, version {version} ({project}).',
    "**The scenario library is not available.** {reason}  \nThe rest of the app works; set DATABASE_URL to a reachable database, or unset it to use the built-in SQLite file (README, 'Scenario library').":
        "**La bibliothèque de scénarios n'est pas disponible.** {reason}  \nLe reste de l'application fonctionne ; donnez à DATABASE_URL une base joignable, ou retirez-la pour utiliser le fichier SQLite intégré (README, « Scenario library »).",
    'Saved "{name}", version {version} ({project}).':
        '« {name} » enregistré, version {version} ({project}).',
    'Converted from an older scenario format: {notes}.':
        'Converti depuis un ancien format de scénario : {notes}.',
    'It does not validate with this version of the tool: {error}. Your entries are as saved: fix this field, then save a new version.':
        "Il n'est pas valide pour cette version de l'outil : {error}. Vos saisies sont telles qu'enregistrées : corrigez ce champ, puis enregistrez une nouvelle version.",
    'The work in progress named by this address is no longer kept (drafts are kept {days} days): the example is shown.':
        "Le travail en cours désigné par cette adresse n'est plus conservé (les brouillons sont gardés {days} jours) : l'exemple est affiché.",
    'Your work in progress was restored.':
        'Votre travail en cours a été restauré.',
    'Not saved: {reason}':
        'Non enregistré : {reason}',
    'Save to the library':
        'Enregistrer dans la bibliothèque',
    'Scenario name':
        'Nom du scénario',
    'Your name':
        'Votre nom',
    'What changed':
        'Ce qui a changé',
    'Save':
        'Enregistrer',
    'no reason given':
        'sans raison donnée',
    '**The scenario library is not available.** {reason}.':
        "**La bibliothèque de scénarios n'est pas disponible.** {reason}.",
    'Not opened: {reason}':
        'Non ouvert : {reason}',
    'Not saved: only a scenario without errors can be saved. {error}':
        'Non enregistré : seul un scénario sans erreur peut être enregistré. {error}',
    'Not saved, your scenario is kept: {reason}':
        'Non enregistré, votre scénario est conservé : {reason}',
    'The link names no saved scenario (its id or version is malformed): the example is shown instead.':
        "Le lien ne désigne aucun scénario enregistré (son identifiant ou sa version est mal formé) : l'exemple est affiché à la place.",
    "The link's scenario cannot be opened: {reason}":
        'Le scénario du lien ne peut pas être ouvert : {reason}',
    'The scenario in the link':
        'Le scénario du lien',
    'Not saved in the library yet.':
        'Pas encore enregistré dans la bibliothèque.',
    'Only a scenario without errors can be saved: fix the error first.':
        "Seul un scénario sans erreur peut être enregistré : corrigez d'abord l'erreur.",
    'Save as':
        'Enregistrer comme',
    "A variant deserves its own name, e.g. 'Leak detection, reused servers'. Changes the scenario's name.":
        'Une variante mérite son propre nom, par ex. « Détection de fuites, serveurs réemployés ». Change le nom du scénario.',
    "Groups the variants of one project in the library and the annual portfolio, e.g. 'Leak detection'. Default: the scenario's name.":
        "Regroupe les variantes d'un projet dans la bibliothèque et le portefeuille annuel, par ex. « Détection de fuites ». Par défaut : le nom du scénario.",
    'Who saves this version (free text, kept in the history).':
        "Qui enregistre cette version (texte libre, conservé dans l'historique).",
    'e.g. reused servers instead of new ones':
        'par ex. serveurs réemployés au lieu de neufs',
    'A comment kept with this version.':
        'Un commentaire conservé avec cette version.',
    'Changed since version {version} of "{name}" was saved.':
        "Modifié depuis l'enregistrement de la version {version} de « {name} ».",
    'Saved: version {version} of "{name}".':
        'Enregistré : version {version} de « {name} ».',
    'The link was not opened, the example is shown instead. {reason}':
        "Le lien n'a pas été ouvert, l'exemple est affiché à la place. {reason}",
    'Version {version} of "{name}"':
        'Version {version} de « {name} »',
    'A new scenario (a variant)':
        'Un nouveau scénario (une variante)',
    "Every saved version of every scenario, kept in the library's database: nothing is overwritten. Save the scenario you are working on with **Save to the library** in the sidebar.":
        "Chaque version enregistrée de chaque scénario, conservée dans la base de la bibliothèque : rien n'est écrasé. Enregistrez le scénario sur lequel vous travaillez avec **Enregistrer dans la bibliothèque** dans la barre latérale.",
    'Search':
        'Rechercher',
    'Show archived scenarios':
        'Afficher les scénarios archivés',
    'Open the latest version':
        'Ouvrir la dernière version',
    'Duplicate as a new scenario':
        'Dupliquer en un nouveau scénario',
    '**Link to this scenario** (opens its latest version; the link in the address bar names the version you have open):':
        "**Lien vers ce scénario** (ouvre sa dernière version ; le lien de la barre d'adresse désigne la version que vous avez ouverte) :",
    'Version history':
        'Historique des versions',
    'name, project, author, comment':
        'nom, projet, auteur, commentaire',
    'Finds the scenarios whose name, project, author or latest comment contains these letters (upper or lower case alike).':
        "Trouve les scénarios dont le nom, le projet, l'auteur ou le dernier commentaire contient ces lettres (majuscules ou minuscules indifféremment).",
    'all projects':
        'tous les projets',
    'all domains':
        'tous les domaines',
    'all verdicts':
        'tous les avis',
    'The verdict with every input at its likely value, as computed when the version was saved.':
        "L'avis avec chaque donnée à sa valeur probable, tel que calculé à l'enregistrement de la version.",
    'choose a scenario to open, see its history or share it':
        "choisissez un scénario pour l'ouvrir, voir son historique ou le partager",
    'The scenarios listed above (type to search).':
        'Les scénarios listés ci-dessus (tapez pour chercher).',
    '. Net balance {net}.':
        '. Bilan net {net}.',
    'A new scenario in the same project, starting from this one: for a variant.':
        'Un nouveau scénario dans le même projet, à partir de celui-ci : pour une variante.',
    'Bring back from the archive':
        'Sortir des archives',
    'Archive':
        'Archiver',
    'New name':
        'Nouveau nom',
    'Rename':
        'Renommer',
    'Open version {version}':
        'Ouvrir la version {version}',
    'Restore version {version} as the latest':
        'Rétablir la version {version} comme la plus récente',
    'No saved scenario matches.':
        'Aucun scénario enregistré ne correspond.',
    'The library is empty: work on a scenario, then **Save to the library** in the sidebar.':
        'La bibliothèque est vide : travaillez sur un scénario, puis **Enregistrer dans la bibliothèque** dans la barre latérale.',
    '{name} ({project}, version {version})':
        '{name} ({project}, version {version})',
    'Project: {project}. Latest version {version}, saved {when}':
        'Projet : {project}. Dernière version {version}, enregistrée le {when}',
    'Duplicated "{name}".':
        '« {name} » dupliqué.',
    'Hides it from the list and the portfolio; nothing is deleted.':
        "Le masque de la liste et du portefeuille ; rien n'est supprimé.",
    'Renaming saves a new version with the new name.':
        'Renommer enregistre une nouvelle version avec le nouveau nom.',
    'Renamed "{name}".':
        'Renommé « {name} ».',
    'one to open or restore it, two to see what changed':
        "une pour l'ouvrir ou la rétablir, deux pour voir ce qui a changé",
    'Choose one version to open or restore it, two to see what changed between them.':
        "Choisissez une version pour l'ouvrir ou la rétablir, deux pour voir ce qui a changé entre elles.",
    'Saves a copy of it as a new version: the versions after it are kept.':
        'En enregistre une copie comme nouvelle version : les versions suivantes sont conservées.',
    '**From version {old} to version {new}**: {count} input(s) changed.':
        '**De la version {old} à la version {new}** : {count} donnée(s) modifiée(s).',
    ' by {author}':
        ' par {author}',
    '"{name}" is back in the list.':
        '« {name} » est de retour dans la liste.',
    '"{name}" archived: \'Show archived scenarios\' lists it.':
        '« {name} » archivé : « Afficher les scénarios archivés » le liste.',
    'version {version}':
        'version {version}',
    'Version {version} restored as a new version.':
        'Version {version} rétablie comme nouvelle version.',
    'Input':
        'Donnée',
    'Version {version}':
        'Version {version}',
    '{url}: only SQLite and PostgreSQL are supported':
        '{url} : seuls SQLite et PostgreSQL sont pris en charge',
    '{variable} is not a database URL: expected e.g. sqlite:////path/library.sqlite3 or postgresql://user:password@host/dbname':
        "{variable} n'est pas une URL de base de données : attendu par ex. sqlite:////chemin/library.sqlite3 ou postgresql://utilisateur:motdepasse@hote/base",
    'the library database {url} cannot be opened: {reason}':
        'la base de la bibliothèque {url} ne peut pas être ouverte : {reason}',
    'the library database is at schema version {current}, written by a newer version of this tool (this one reads up to {latest}): update the tool':
        "la base de la bibliothèque est au schéma version {current}, écrit par une version plus récente de cet outil (celle-ci lit jusqu'à la {latest}) : mettez l'outil à jour",
    'must be text; got {got}':
        'doit être du texte ; reçu {got}',
    'is required (a few words)':
        'est obligatoire (quelques mots)',
    'is {size_number} characters; at most {limit_number} accepted':
        'fait {size_number} caractères ; au plus {limit_number} acceptés',
    'contains a NUL character':
        'contient un caractère NUL',
    'must be a scenario object':
        'doit être un objet scénario',
    'version {version} does not validate any more ({error}): open it, fix it, then save it':
        "la version {version} n'est plus valide ({error}) : ouvrez-la, corrigez-la, puis enregistrez-la",
    'Duplicated from "{name}" version {version}':
        'Dupliqué depuis « {name} » version {version}',
    'the latest version does not validate any more ({error}): open it, fix it, then save it':
        "la dernière version n'est plus valide ({error}) : ouvrez-la, corrigez-la, puis enregistrez-la",
    'Renamed from "{name}"':
        'Renommé depuis « {name} »',
    'Restored version {version}':
        'Version {version} rétablie',
    'no saved scenario has the id {entry}':
        "aucun scénario enregistré n'a l'identifiant {entry}",
    'must be a whole number from 1 to {limit_number}; got {got}':
        'doit être un nombre entier de 1 à {limit_number} ; reçu {got}',
    'the saved scenario {entry} has no version {version}':
        "le scénario enregistré {entry} n'a pas de version {version}",
    'is {size_number} characters; at most {limit_number} are kept':
        'fait {size_number} caractères ; au plus {limit_number} sont conservés',
    'Copy of {name}':
        'Copie de {name}',
    'the scenario in the link is damaged (was it cut when copied?)':
        'le scénario du lien est abîmé (a-t-il été coupé lors de la copie ?)',
    'this scenario needs {size_number} characters in a link, over the {limit_number} a link can carry: save it in the library and share the link to its saved version':
        "ce scénario demande {size_number} caractères dans un lien, au-delà des {limit_number} qu'un lien peut porter : enregistrez-le dans la bibliothèque et partagez le lien vers sa version enregistrée",
    'the scenario in the link is empty or longer than {limit_number} characters':
        'le scénario du lien est vide ou dépasse {limit_number} caractères',
    'the scenario in the link is too large':
        'le scénario du lien est trop grand',
    'the scenario in the link {problem}':
        'le scénario du lien {problem}',
    # -- pages/compare.py, calculators/compare.py
    'Figure':
        'Chiffre',
    'Compare scenarios':
        'Comparer des scénarios',
    "Choose 2 to {limit} scenarios: the one you are working on and saved ones (latest versions, or earlier versions too). Each is evaluated with today's reference data and {samples} simulations for its uncertainty.":
        "Choisissez de 2 à {limit} scénarios : celui sur lequel vous travaillez et des scénarios enregistrés (dernières versions, ou aussi des versions antérieures). Chacun est évalué avec les données de référence d'aujourd'hui et {samples} simulations pour son incertitude.",
    'The scenario you are working on: {name}':
        'Le scénario en cours : {name}',
    'Offer earlier versions too':
        'Proposer aussi les versions antérieures',
    'Scenarios to compare':
        'Scénarios à comparer',
    'Figures':
        'Chiffres',
    'Inputs that differ':
        'Données qui diffèrent',
    'Section':
        'Rubrique',
    'Item':
        'Poste',
    'Unit':
        'Unité',
    'Download the comparison (CSV, French Excel)':
        'Télécharger la comparaison (CSV, Excel français)',
    'Download the comparison (CSV, international)':
        'Télécharger la comparaison (CSV, international)',
    'Adds every saved version to the list, to compare a scenario with its own history.':
        'Ajoute chaque version enregistrée à la liste, pour comparer un scénario à son propre historique.',
    'choose two or more':
        'choisissez-en deux ou plus',
    'Footprint and avoided emissions':
        'Empreinte et émissions évitées',
    '{count} input(s) differ; highlighted where a scenario differs from {first} "(default)" means the value was left to its default.':
        '{count} donnée(s) diffèrent ; surlignées là où un scénario diffère de {first} « (par défaut) » signifie que la valeur a été laissée à son défaut.',
    'These scenarios have the same inputs.':
        'Ces scénarios ont les mêmes données.',
    'Comparison of':
        'Comparaison de',
    'Date':
        'Date',
    '{name}, version {version} ({project}, saved {when})':
        '{name}, version {version} ({project}, enregistrée le {when})',
    'Choose at least two scenarios.':
        'Choisissez au moins deux scénarios.',
    '{name} (working)':
        '{name} (en cours)',
    '{label}: does not validate any more ({error}); left out.':
        "{label} : n'est plus valide ({error}) ; écarté.",
    'figure':
        'chiffre',
    '{label}: {error}; left out.':
        '{label} : {error} ; écarté.',
    'Save variants in the library first (sidebar: **Save to the library**).':
        "Enregistrez d'abord des variantes dans la bibliothèque (barre latérale : **Enregistrer dans la bibliothèque**).",
    'Footprint: {phase}':
        'Empreinte : {phase}',
    'Horizon':
        'Durée de service',
    'Verdict under uncertainty':
        "Avis compte tenu de l'incertitude",
    # -- pages/portfolio.py, calculators/portfolio.py
    'projects':
        'projets',
    'new this year':
        'nouveaux cette année',
    'footprint (kgCO2e)':
        'empreinte (kgCO2e)',
    'avoided (kgCO2e)':
        'évité (kgCO2e)',
    'net balance (kgCO2e)':
        'bilan net (kgCO2e)',
    'committee review':
        'examen du comité',
    'verdict changed':
        'avis changé',
    'Net balance {year} (tCO2e)':
        'Bilan net {year} (tCO2e)',
    'Change (tCO2e)':
        'Évolution (tCO2e)',
    'Portfolio: the annual review':
        'Portefeuille : la revue annuelle',
    'Year under review':
        'Année examinée',
    'Footprint, all projects':
        'Empreinte, tous projets',
    'Avoided, all projects':
        'Évité, tous projets',
    'Net balance, all projects':
        'Bilan net, tous projets',
    'Projects':
        'Projets',
    'Committee':
        'Comité',
    'Verdict changed':
        'Avis changé',
    'Footprint (kgCO2e)':
        'Empreinte (kgCO2e)',
    'Avoided (kgCO2e)':
        'Évité (kgCO2e)',
    'Net balance (kgCO2e)':
        'Bilan net (kgCO2e)',
    'Net balance {year} (kgCO2e)':
        'Bilan net {year} (kgCO2e)',
    'Change (kgCO2e)':
        'Évolution (kgCO2e)',
    'Verdict {year}':
        'Avis {year}',
    'New this year':
        'Nouveau cette année',
    'The review takes each project as it stood on 31 December of this year (today, for the current year).':
        "La revue prend chaque projet tel qu'il était le 31 décembre de cette année (aujourd'hui, pour l'année en cours).",
    'No project was saved in the library by the end of {year}.':
        "Aucun projet n'était enregistré dans la bibliothèque à la fin de {year}.",
    'Sum over projects, each over its own horizon.':
        'Somme sur les projets, chacun sur sa propre durée de service.',
    '{count} new in {year}.':
        '{count} nouveau(x) en {year}.',
    'Projects with a positive balance.':
        'Projets au bilan positif.',
    'Projects with a negative balance.':
        'Projets au bilan négatif.',
    "Projects whose verdict requires the ethics committee's arbitration.":
        "Projets dont l'avis demande l'arbitrage du comité d'éthique.",
    'Projects whose verdict differs from the end of {year}.':
        "Projets dont l'avis diffère de celui de fin {year}.",
    'Annual review':
        'Revue annuelle',
    'French Excel':
        'Excel français',
    'international':
        'international',
    'Download the review (CSV, {format})':
        'Télécharger la revue (CSV, {format})',
    '**For the ethics committee:** {projects}':
        "**Pour le comité d'éthique :** {projects}",
    'Total: {figure}':
        'Total : {figure}',
    '{project} ({verdict} balance)':
        '{project} (bilan {verdict})',
    "recomputed with today's data":
        "recalculé avec les données d'aujourd'hui",
    'as saved (data {version}); does not validate now: {error}':
        "tel qu'enregistré (données {version}) ; n'est plus valide : {error}",
    # -- pages/method.py, ui/method.py
    '(new)':
        '(nouveau)',
    'Table':
        'Tableau',
    'all tables':
        'tous les tableaux',
    'Method and sources':
        'Méthode et sources',
    'Reference data version {version}. Every figure of the tool comes from the formulas and factors below; every result lists the values it used, with their status and source.':
        "Version des données de référence {version}. Chaque chiffre de l'outil vient des formules et des facteurs ci-dessous ; chaque résultat liste les valeurs qu'il a utilisées, avec leur statut et leur source.",
    'Reference factors':
        'Facteurs de référence',
    'Grid carbon intensity by country':
        'Intensité carbone du réseau électrique par pays',
    'Year':
        'Année',
    'Link':
        'Lien',
    'Value':
        'Valeur',
    'Low':
        'Basse',
    'High':
        'Haute',
    'Status':
        'Statut',
    'Accelerators: rated power':
        'Accélérateurs : puissance nominale',
    'Manufacturing emissions':
        'Émissions de fabrication',
    'Lifetimes of equipment':
        'Durées de vie du matériel',
    'Masses of equipment':
        'Masses du matériel',
    'Transport factors':
        'Facteurs de transport',
    'Network energy':
        'Énergie du réseau',
    'Data centre PUE':
        'PUE des centres de données',
    'Emission factors of avoided emissions':
        "Facteurs d'émission des émissions évitées",
    'Allocation rules':
        "Règles d'imputation",
    'Verdict thresholds':
        "Seuils de l'avis",
    'Typical energy per request':
        'Énergie typique par requête',
    'ISO code':
        'Code ISO',
    'Intensity (gCO2e/kWh)':
        'Intensité (gCO2e/kWh)',
    'Source':
        'Source',
    'Factor':
        'Facteur',
    'Notes':
        'Notes',
    'File':
        'Fichier',
    'Key':
        'Clé',
    # -- ui/state.py
    'New project':
        'Nouveau projet',
    # -- calculators/export.py
    'Rule applied':
        'Règle appliquée',
    'Tool version':
        "Version de l'outil",
    'Reason':
        'Raison',
    'Warning':
        'Avertissement',
    # -- calculators/scenario.py: provenance
    'entered by the user':
        "saisi par l'utilisateur",
    "EcoLogits {version}: {provider} {model}, {tokens} output tokens, at the provider's data centre (its grid and PUE)":
        'EcoLogits {version} : {provider} {model}, {tokens} jetons de sortie, dans le centre de données du fournisseur (son réseau et son PUE)',
    'measured with CodeCarbon {versions}: {runs} run(s) from {files}':
        'mesuré avec CodeCarbon {versions} : {runs} exécution(s) de {files}',
    'measured with CodeCarbon: {runs} run(s) serving {requests_number} requests, from {files}':
        'mesuré avec CodeCarbon : {runs} exécution(s) servant {requests_number} requêtes, de {files}',
    'entered by the user; range plus or minus {spread_share}: {source}':
        "saisi par l'utilisateur ; fourchette de plus ou moins {spread_share} : {source}",
    'Assumption: the whole benefit is credited to the AI':
        "Hypothèse : tout le bénéfice est attribué à l'IA",
    # -- data/: labels, notes, and the sources we wrote (assumptions, derivations)
    'Air freight (long haul)':
        'Fret aérien (long-courrier)',
    'Answer from a large chat LLM (one request)':
        "Réponse d'un grand LLM conversationnel (une requête)",
    'Assumption':
        'Hypothèse',
    'Assumption (battery-powered sensors are often rated for 5 to 10 years)':
        'Hypothèse (les capteurs sur batterie sont souvent donnés pour 5 à 10 ans)',
    'Assumption informed by ADEME 2022 study of refurbished electronics (refurbished devices avoid most of the impact of a new one)':
        "Hypothèse éclairée par l'étude ADEME 2022 sur l'électronique reconditionnée (un appareil reconditionné évite l'essentiel de l'impact d'un neuf)",
    'Assumption informed by ADEME Base Empreinte landfill factors for household waste (methane emitted over decades)':
        "Hypothèse éclairée par les facteurs d'enfouissement des déchets ménagers de la Base Empreinte de l'ADEME (méthane émis sur des décennies)",
    'Assumption informed by ADEME Base Empreinte paper factors (about 1 kgCO2e per kg)':
        "Hypothèse éclairée par les facteurs papier de la Base Empreinte de l'ADEME (environ 1 kgCO2e par kg)",
    'Assumption informed by French water utility carbon footprints (about 0.1 to 0.6 kgCO2e per m3 produced and distributed)':
        "Hypothèse éclairée par les bilans carbone de services d'eau français (environ 0,1 à 0,6 kgCO2e par m3 produit et distribué)",
    "Assumption informed by manufacturers' product carbon footprints of 1-2U servers (Dell and HPE PCF sheets give about 0.6 to 2.5 t for manufacturing depending on memory and disks)":
        'Hypothèse éclairée par les empreintes carbone produit de serveurs 1-2U publiées par les fabricants (les fiches PCF de Dell et HPE donnent environ 0,6 à 2,5 t pour la fabrication selon la mémoire et les disques)',
    'Assumption: 1-2U server with packaging':
        'Hypothèse : serveur 1-2U avec emballage',
    'Assumption: 4U-6U chassis with packaging':
        'Hypothèse : châssis 4U-6U avec emballage',
    'Assumption: Jetson-class modules are sold with configurable 10 to 60 W power modes':
        'Hypothèse : les modules de type Jetson sont vendus avec des modes de puissance réglables de 10 à 60 W',
    'Assumption: a loaded diesel heavy truck uses about 30 to 40 litres per 100 km; 30 L x 3.1 kgCO2e/L':
        'Hypothèse : un poids lourd diesel chargé consomme environ 30 à 40 litres aux 100 km ; 30 L x 3,1 kgCO2e/L',
    'Assumption: a small electronic device with battery and radio':
        'Hypothèse : un petit appareil électronique avec batterie et radio',
    'Assumption: a small electronic device with housing and optics':
        'Hypothèse : un petit appareil électronique avec boîtier et optique',
    'Assumption: card with packaging':
        'Hypothèse : carte avec emballage',
    'Assumption: common 5-year depreciation period for servers':
        "Hypothèse : durée d'amortissement courante de 5 ans pour les serveurs",
    'Assumption: one tonne of CO2e per year of service; the committee should set its own threshold (scenario key policy.committee_threshold_kgco2e_per_year)':
        'Hypothèse : une tonne de CO2e par année de service ; le comité devrait fixer son propre seuil (clé de scénario policy.committee_threshold_kgco2e_per_year)',
    'Assumption: positive when the rule is met in at least 90 % of the Monte Carlo samples, negative when in at most 10 %':
        "Hypothèse : positif quand la règle est respectée dans au moins 90 % des tirages Monte-Carlo, négatif quand elle l'est dans au plus 10 %",
    'Assumption: recent colocation sites commonly advertise a design PUE of 1.2 to 1.4':
        'Hypothèse : les sites de colocation récents annoncent couramment un PUE de conception de 1,2 à 1,4',
    'Assumption: small rooms with room air-conditioning typically run well above the survey average':
        "Hypothèse : les petites salles climatisées fonctionnent en général bien au-dessus de la moyenne de l'enquête",
    'Assumption: two 150 W-class server CPUs with memory and disks under moderate load':
        'Hypothèse : deux processeurs serveur de classe 150 W avec mémoire et disques, sous charge modérée',
    'Assumption: typical laptop under sustained load':
        'Hypothèse : ordinateur portable courant sous charge soutenue',
    'Average data centre (used when the scenario gives no PUE)':
        'Centre de données moyen (utilisé quand le scénario ne donne pas de PUE)',
    'Avoided emissions already in kgCO2e':
        'Émissions évitées déjà en kgCO2e',
    'Computer screen':
        "Écran d'ordinateur",
    'Computer screen (shipped)':
        "Écran d'ordinateur (expédié)",
    'Connected sensor node':
        'Capteur connecté',
    'Connected sensor node (e.g. acoustic leak sensor; manufacturing)':
        'Capteur connecté (par ex. capteur acoustique de fuites ; fabrication)',
    'Connected sensor node (shipped)':
        'Capteur connecté (expédié)',
    'Consumer GPU card':
        'Carte GPU grand public',
    'Consumer GPU card (manufacturing)':
        'Carte GPU grand public (fabrication)',
    'Consumer GPU card (shipped)':
        'Carte GPU grand public (expédiée)',
    'Container ship (deep sea)':
        'Porte-conteneurs (haute mer)',
    'Data-centre GPU card':
        'Carte GPU de centre de données',
    'Data-centre GPU card (shipped)':
        'Carte GPU de centre de données (expédiée)',
    'Default uncertainty of a declared benefit quantity (plus or minus)':
        "Incertitude par défaut d'une quantité de bénéfice déclarée (plus ou moins)",
    'Definition: PUE 1 means no overhead is added':
        "Définition : un PUE de 1 signifie qu'aucun surcoût n'est ajouté",
    'Definition: the quantity is already a CO2e mass':
        'Définition : la quantité est déjà une masse de CO2e',
    'Desktop computer':
        'Ordinateur de bureau',
    'Desktop computer (shipped)':
        'Ordinateur de bureau (expédié)',
    'Desktop computer without screen (manufacturing)':
        'Ordinateur de bureau sans écran (fabrication)',
    'Diesel fuel saved (road diesel B7)':
        'Gazole économisé (gazole routier B7)',
    'Drinking water saved (produced and distributed)':
        'Eau potable économisée (produite et distribuée)',
    'Dual-socket CPU server without GPU (average power)':
        'Serveur bi-processeur sans GPU (puissance moyenne)',
    'Edge inference box':
        "Boîtier d'inférence en périphérie",
    'Edge inference box (Jetson class; manufacturing)':
        "Boîtier d'inférence en périphérie (classe Jetson ; fabrication)",
    'Edge inference box (e.g. NVIDIA Jetson class; average power)':
        "Boîtier d'inférence en périphérie (par ex. classe NVIDIA Jetson ; puissance moyenne)",
    'Edge inference box (shipped)':
        "Boîtier d'inférence en périphérie (expédié)",
    'Electricity per GB moved over fixed-line networks':
        'Électricité par Go transféré sur les réseaux fixes',
    'Electricity saved in France':
        'Électricité économisée en France',
    'Freight train':
        'Train de fret',
    'GPU server chassis':
        'Châssis de serveur GPU',
    'GPU server chassis (shipped)':
        'Châssis de serveur GPU (expédié)',
    'Heavy goods vehicle (average load)':
        'Poids lourd (chargement moyen)',
    'Heavy-truck kilometres avoided (refuse collection or freight truck)':
        'Kilomètres de poids lourd évités (benne à ordures ou camion de fret)',
    'Image classification (one image)':
        "Classification d'images (une image)",
    'Image generation (one image)':
        "Génération d'images (une image)",
    'Industrial or street camera':
        'Caméra industrielle ou urbaine',
    'Industrial or street camera (manufacturing)':
        'Caméra industrielle ou urbaine (fabrication)',
    'Industrial or street camera (shipped)':
        'Caméra industrielle ou urbaine (expédiée)',
    'Laptop':
        'Ordinateur portable',
    'Laptop (manufacturing)':
        'Ordinateur portable (fabrication)',
    'Laptop (shipped)':
        'Ordinateur portable (expédié)',
    'Laptop used for computation (average power)':
        'Ordinateur portable utilisé pour le calcul (puissance moyenne)',
    'Large cloud provider (hyperscale)':
        'Grand fournisseur de cloud (hyperscale)',
    'Local server room of an authority':
        "Salle serveur locale d'une collectivité",
    'Network switch':
        'Commutateur réseau',
    'Network switch (shipped)':
        'Commutateur réseau (expédié)',
    'Network switch 24-48 ports (manufacturing)':
        'Commutateur réseau 24-48 ports (fabrication)',
    'No data-centre overhead (measured wall energy or a laptop)':
        'Aucun surcoût de centre de données (énergie mesurée à la prise ou ordinateur portable)',
    'Object detection (one image)':
        "Détection d'objets (une image)",
    'Office paper avoided':
        'Papier de bureau évité',
    'Probability a verdict needs to be positive or negative (else uncertain)':
        "Probabilité qu'un avis doit atteindre pour être positif ou négatif (sinon incertain)",
    'Rack server':
        'Serveur en baie',
    'Rack server (shipped)':
        'Serveur en baie (expédié)',
    'Rack server 1-2U without GPU (manufacturing)':
        'Serveur en baie 1-2U sans GPU (fabrication)',
    'Recent efficient colocation data centre':
        'Centre de données de colocation récent et efficace',
    'Rule (cut-off): the manufacture was caused by and charged to the first use; this project causes no new production':
        'Règle (coupure) : la fabrication a été causée par le premier usage et lui est imputée ; ce projet ne cause aucune nouvelle production',
    'Rule: new equipment bears its whole manufacturing (linear amortisation over its lifetime)':
        'Règle : le matériel neuf porte toute sa fabrication (amortissement linéaire sur sa durée de vie)',
    'Share of manufacturing charged for new equipment':
        'Part de la fabrication imputée au matériel neuf',
    'Share of manufacturing charged for refurbished equipment':
        'Part de la fabrication imputée au matériel reconditionné',
    'Share of manufacturing charged for reused or already owned equipment':
        'Part de la fabrication imputée au matériel réemployé ou déjà possédé',
    'Small text classifier (one request)':
        'Petit classifieur de texte (une requête)',
    'Smartphone':
        'Smartphone',
    'Smartphone (manufacturing)':
        'Smartphone (fabrication)',
    'Smartphone (shipped)':
        'Smartphone (expédié)',
    'Text generation with a small open model (one answer)':
        'Génération de texte avec un petit modèle ouvert (une réponse)',
    'Waste diverted from landfill':
        "Déchets détournés de l'enfouissement",
    'Yearly footprint above which a project goes to the ethics committee':
        "Empreinte annuelle au-delà de laquelle un projet va au comité d'éthique",
    'a vision model at a sorting line or a crossroads':
        'un modèle de vision sur une ligne de tri ou à un carrefour',
    'applies to general-interest projects':
        "s'applique aux projets d'intérêt général",
    'consumer card':
        'carte grand public',
    'derived from the diesel factor above and an assumed consumption':
        "dérivé du facteur gazole ci-dessus et d'une consommation supposée",
    'direct 0.01536 seen in the Defra figures quoted by the UK Mode Shift Centre; high bound covers short-sea container ships (0.0297)':
        '0,01536 en direct, vu dans les chiffres Defra cités par le UK Mode Shift Centre ; la borne haute couvre les porte-conteneurs de cabotage (0,0297)',
    'give a range to override it':
        'donnez une fourchette pour la remplacer',
    'high bound is a rigid truck under 17 t':
        'la borne haute est un camion porteur de moins de 17 t',
    'inference card':
        "carte d'inférence",
    'long prompts and reasoning models can be far higher':
        'les longues requêtes et les modèles de raisonnement peuvent être bien plus élevés',
    "mean over the task's models; order of magnitude only":
        'moyenne sur les modèles de la tâche ; ordre de grandeur seulement',
    'models of a few billion parameters':
        'modèles de quelques milliards de paramètres',
    'one ream of 500 A4 sheets weighs about 2.5 kg':
        'une ramette de 500 feuilles A4 pèse environ 2,5 kg',
    'replace with the measured or nameplate figure of your own server':
        'remplacez par la valeur mesurée ou la plaque signalétique de votre serveur',
    'replace with the product carbon footprint of your model':
        "remplacez par l'empreinte carbone produit de votre modèle",
    "replace with your waste operator's figure":
        'remplacez par le chiffre de votre opérateur de déchets',
    "replace with your water utility's own figure":
        'remplacez par le chiffre de votre service des eaux',
    "stands for the refurbishment work and replaced parts; replace with the refurbisher's own figure":
        'représente le travail de reconditionnement et les pièces remplacées ; remplacez par le chiffre du reconditionneur',
    'the committee may set its own (policy.probability_threshold)':
        'le comité peut fixer la sienne (policy.probability_threshold)',
    'the non-CO2 uplift is included in the likely value':
        'la majoration des effets hors CO2 est incluse dans la valeur probable',
    'the paper finds the intensity halves about every 2 years; the low bound (0.00375) extrapolates that trend to 2023 and is derived here. The 2015 value is kept as the default so that the footprint is not understated.':
        "l'article constate que l'intensité est divisée par deux environ tous les 2 ans ; la borne basse (0,00375) prolonge cette tendance jusqu'en 2023 et est dérivée ici. La valeur de 2015 est gardée par défaut pour ne pas sous-estimer l'empreinte.",
    'transport is still counted when the equipment is moved':
        'le transport reste compté quand le matériel est déplacé',
    'used by the "lower PUE" recommendation':
        'utilisée par la recommandation « PUE plus bas »',
    # -- report/dossier.py
    'Footprint by phase against avoided emissions, over the horizon':
        'Empreinte par poste et émissions évitées, sur la durée de service',
    'Cumulative footprint and avoided emissions, year by year':
        'Empreinte et émissions évitées cumulées, année par année',
    'Net balance over the simulations':
        "Bilan net sur l'ensemble des simulations",
    'The inputs that decide the net balance':
        'Les données qui décident du bilan net',
    'climate policy':
        'politique climatique',
    'other public interest':
        "autre usage d'intérêt général",
    'default (published)':
        'par défaut (publié)',
    'ASSUMPTION':
        'HYPOTHÈSE',
    'Likely':
        'Probable',
    'Net at low':
        'Bilan au bas',
    'Net at high':
        'Bilan au haut',
    'Flips the verdict at':
        "L'avis change à",
    'Question':
        'Question',
    'Answer':
        'Réponse',
    'Advice':
        'Conseil',
    'Used':
        'Utilisée',
    'Range':
        'Fourchette',
    'rebound effects (a saving that frees money or time for other emissions)':
        "les effets rebond (une économie qui libère de l'argent ou du temps pour d'autres émissions)",
    'water consumption of data centres and of manufacturing':
        "la consommation d'eau des centres de données et de la fabrication",
    'metals, minerals and other non-carbon impacts of the equipment':
        'les métaux, minerais et autres impacts non climatiques du matériel',
    "the end users' own devices and networks":
        'les appareils et réseaux des utilisateurs finaux',
    "the idle share of shared infrastructure beyond the data centre's PUE":
        'la part inactive des infrastructures partagées au-delà du PUE du centre de données',
    'Environmental balance: {name}':
        'Bilan environnemental : {name}',
    'One-off footprint at the start':
        'Empreinte ponctuelle au départ',
    'Recurring footprint, per year':
        'Empreinte récurrente, par an',
    'Energy, total':
        'Énergie, total',
    " (the convention's rule is met in {share} of {samples} simulations; with every input at its likely value: {likely}).":
        ' (la règle de la convention est respectée dans {share} de {samples} simulations ; avec chaque donnée à sa valeur probable : {likely}).',
    "Status: <i>entered</i> by the project, <i>measured</i> (CodeCarbon), <i>default</i> (a published value from the tool's reference data), or <span class='assumption'>ASSUMPTION</span> (a value nobody published: to be discussed). Sources are cited as published.":
        "Statut : <i>saisi</i> par le projet, <i>mesuré</i> (CodeCarbon), <i>par défaut</i> (valeur publiée, données de référence de l'outil) ou <span class='assumption'>HYPOTHÈSE</span> (valeur que personne n'a publiée : à discuter). Les sources sont citées telles que publiées.",
    'Dossier of {day}.':
        'Dossier du {day}.',
    'Rule applied.':
        'Règle appliquée.',
    'Headline figures':
        'Chiffres clés',
    'Charts':
        'Graphiques',
    '{samples} simulations (seed {seed}), {method}. Net balance: {p5} (5th percentile), {p50} (median), {p95} (95th percentile). Probability of a positive balance: {positive}.':
        "{samples} simulations (graine {seed}), {method}. Bilan net : {p5} (5e centile), {p50} (médiane), {p95} (95e centile). Probabilité d'un bilan positif : {positive}.",
    "The project's own answers, recorded as given. Sources: the citizens' convention on AI of Montpellier Méditerranée Métropole; AFNOR Spec 2314 (frugal AI).":
        "Les réponses du projet, telles que données. Sources : convention citoyenne sur l'IA de Montpellier Méditerranée Métropole ; AFNOR Spec 2314 (IA frugale).",
    'Tool version {tool}; reference data {data}; scenario format {schema}.':
        "Version de l'outil {tool} ; données de référence {data} ; format de scénario {schema}.",
    'Verdict: {verdict} balance':
        'Avis : bilan {verdict}',
    'Every value used, with its status and source':
        'Toutes les valeurs utilisées, avec leur statut et leur source',
    'What this balance does not count':
        'Ce que ce bilan ne compte pas',
    'Warnings':
        'Avertissements',
    "Assumption: the power entered is drawn the whole time (give a utilisation if it is a rated power)":
        "Hypothèse : la puissance saisie est consommée en permanence (donnez un taux d'utilisation s'il s'agit d'une puissance nominale)",
    "applies only to electricity saved in a country you name (kind electricity_kwh); this benefit's kind is {kind}":
        "ne s'applique qu'à l'électricité économisée dans un pays que vous nommez (type electricity_kwh) ; le type de ce bénéfice est {kind}",
    "applies to a country or to a region mapped to its country; Google's regions carry Google's own figure (remove grid_source and grid_year, or choose the country)":
        "s'applique à un pays ou à une région rattachée à son pays ; les régions de Google portent le chiffre de Google (retirez grid_source et grid_year, ou choisissez le pays)",
    "is required: the country where the electricity is saved (ISO 3166 alpha-3, e.g. FRA); the computing's grid names no country":
        "est obligatoire : le pays où l'électricité est économisée (ISO 3166 alpha-3, par ex. FRA) ; le réseau des calculs ne nomme aucun pays",
    "needs a country or a cloud region: the source's figure is that country's":
        "demande un pays ou une région cloud : le chiffre de la source est celui de ce pays",
    "none (this source gives no year)":
        "aucune (cette source ne donne pas d'année)",
    "per kWh consumed in the country (imports and grid losses included), life-cycle emissions":
        "par kWh consommé dans le pays (importations et pertes en ligne comprises), émissions en cycle de vie",
    "per kWh generated in the country (imports and grid losses not included), life-cycle emissions":
        "par kWh produit dans le pays (importations et pertes en ligne non comprises), émissions en cycle de vie",
    "the grid factor of the footprint, same source and year: {source}":
        "le facteur du réseau de l'empreinte, même source et même année : {source}",
    "{source}":
        "{source}",
    "{source} has no figure for {country_iso3}; available for it: {choices}":
        "{source} ne donne pas de chiffre pour {country_iso3} ; disponibles pour ce pays : {choices}",
    "{source} has no figure for {year} in {country_iso3}; years available: {years}":
        "{source} ne donne pas de chiffre pour {year} en {country_iso3} ; années disponibles : {years}",
    "{source}, not verified in its source":
        "{source}, non vérifié dans sa source",
    "{source}: {what}":
        "{source} : {what}",
    "Assumption: declared benefits are rarely known better than plus or minus 30 %; applied when the quantity is entered as a plain number":
        "Hypothèse : un bénéfice déclaré est rarement connu à mieux que plus ou moins 30 % près ; appliquée quand la quantité est saisie comme un simple nombre",
    "Assumption: same order as a data-centre card (the BLOOM paper's 150 kgCO2e per A100)":
        "Hypothèse : même ordre de grandeur qu'une carte de centre de données (les 150 kgCO2e par A100 de l'article sur BLOOM)",
    "Average draw of a GPU over its rated power":
        "Puissance moyenne appelée par un GPU rapportée à sa puissance nominale",
    "BLOOM's authors counted 400 W per A100 (Luccioni et al. 2023)":
        "Les auteurs de BLOOM comptent 400 W par A100 (Luccioni et al. 2023)",
    "Car kilometres avoided (average French combustion car)":
        "Kilomètres en voiture évités (voiture thermique française moyenne)",
    "Computer screen (manufacturing)":
        "Écran d'ordinateur (fabrication)",
    "Data-centre GPU (H100 or A100 class; manufacturing)":
        "GPU de centre de données (classe H100 ou A100 ; fabrication)",
    "Definition: the device's power figure is an average draw (measured or assumed), so nothing scales it":
        "Définition : la puissance de cet équipement est déjà une puissance moyenne (mesurée ou supposée), rien ne la corrige",
    "Derived from Dodge et al. 2022 (FAccT), measured GPU energy of its training runs: a 6.1-billion-parameter transformer on 256 A100 for 192 h used 13,812 kWh (281 W each: 0.70 of 400 W); BERT pretraining on 8 V100 for 36 h used 37.3 kWh (130 W each: 0.43 of 300 W, the low bound); high bound: the rated power":
        "Dérivé de Dodge et al. 2022 (FAccT), énergie des GPU mesurée sur leurs entraînements : un transformeur de 6,1 milliards de paramètres sur 256 A100 pendant 192 h a consommé 13 812 kWh (281 W chacun : 0,70 de 400 W) ; le pré-entraînement de BERT sur 8 V100 pendant 36 h, 37,3 kWh (130 W chacun : 0,43 de 300 W, la borne basse) ; borne haute : la puissance nominale",
    "Derived: the grid factor of France used for the footprint (data/grid_intensity.csv; by default ADEME Base Empreinte, Électricité - mix moyen - consommation, 2025), so that a kWh saved and a kWh used count alike":
        "Dérivé : le facteur du réseau français utilisé pour l'empreinte (data/grid_intensity.csv ; par défaut ADEME Base Empreinte, Électricité - mix moyen - consommation, 2025), pour qu'un kWh économisé et un kWh consommé comptent de la même façon",
    "Derived: the grid factor of the country where the saving happens (the benefit's country, by default the country where the computing runs), from the same source and year as the footprint when it is the same grid":
        "Dérivé : le facteur du réseau du pays où l'économie a lieu (le pays du bénéfice, par défaut celui où tournent les calculs), de même source et de même année que l'empreinte quand c'est le même réseau",
    "Device whose power figure is already an average draw":
        "Équipement dont la puissance est déjà une puissance moyenne",
    "Electricity saved (in the country given)":
        "Électricité économisée (dans le pays indiqué)",
    "French gas bills count kWh PCS; the former row (0.227 per kWh PCI) mixed the two bases":
        "les factures de gaz françaises comptent en kWh PCS ; l'ancienne ligne (0,227 par kWh PCI) mélangeait les deux bases",
    "GPU server chassis without its GPUs (manufacturing)":
        "Serveur GPU sans ses GPU (fabrication)",
    "GPUs counted separately; the figure is a proxy from another HPE server, not the Apollo's own footprint":
        "GPU comptés à part ; le chiffre vient d'un autre serveur HPE pris comme substitut, pas de l'empreinte de l'Apollo lui-même",
    "Google TPU v3 chip (measured average system power)":
        "Puce Google TPU v3 (puissance système moyenne mesurée)",
    "Google TPU v4 chip (mean power)":
        "Puce Google TPU v4 (puissance moyenne)",
    "Impact CO2's own data (ADEME), repository incubateur-ademe/impactco2, src/data/categories/deplacement.json at commit 1540e08d, entry 'Voiture, Moteur thermique': 0.192 (use and fuel) + 0.0256 (construction) = 0.2176 kgCO2e per km":
        "Données d'Impact CO2 lui-même (ADEME), dépôt incubateur-ademe/impactco2, src/data/categories/deplacement.json au commit 1540e08d, entrée « Voiture, Moteur thermique » : 0,192 (usage et carburant) + 0,0256 (construction) = 0,2176 kgCO2e par km",
    "NVIDIA A100 PCIe 80 GB (rated power)":
        "NVIDIA A100 PCIe 80 Go (puissance nominale)",
    "NVIDIA A100 SXM4 40/80 GB (rated power)":
        "NVIDIA A100 SXM4 40/80 Go (puissance nominale)",
    "NVIDIA GeForce RTX 3090 (rated power)":
        "NVIDIA GeForce RTX 3090 (puissance nominale)",
    "NVIDIA GeForce RTX 4090 (rated power)":
        "NVIDIA GeForce RTX 4090 (puissance nominale)",
    "NVIDIA H100 PCIe (rated power)":
        "NVIDIA H100 PCIe (puissance nominale)",
    "NVIDIA H100 PCIe GPU product brief PB-11133-001_v02, Overview (read in a copy at manuals.plus): 'operates unconstrained up to its maximum thermal design power (TDP) level of 350 W'":
        "Fiche produit NVIDIA H100 PCIe GPU PB-11133-001_v02, Overview (lue dans une copie sur manuals.plus) : « operates unconstrained up to its maximum thermal design power (TDP) level of 350 W »",
    "NVIDIA H100 SXM5 (rated power)":
        "NVIDIA H100 SXM5 (puissance nominale)",
    "NVIDIA L4 (rated power)":
        "NVIDIA L4 (puissance nominale)",
    "NVIDIA L40S (rated power)":
        "NVIDIA L40S (puissance nominale)",
    "NVIDIA T4 (rated power)":
        "NVIDIA T4 (puissance nominale)",
    "NVIDIA V100 SXM2 (rated power)":
        "NVIDIA V100 SXM2 (puissance nominale)",
    "Natural gas saved (kWh PCI, lower heating value)":
        "Gaz naturel économisé (kWh PCI, pouvoir calorifique inférieur)",
    "Natural gas saved (kWh PCS, as on French gas bills)":
        "Gaz naturel économisé (kWh PCS, comme sur les factures de gaz)",
    "a mean, not a rating: nothing scales it; high bound the maximum":
        "une moyenne, pas une puissance nominale : rien ne la corrige ; borne haute : le maximum",
    "a measured average including the host's share, not a rating: nothing scales it":
        "une moyenne mesurée comprenant la part de l'hôte, pas une puissance nominale : rien ne la corrige",
    "configurable: 700 W is the maximum":
        "configurable : 700 W est le maximum",
    "distribution is left to the transport fields; the former value (156) was ADEME's 2018 figure":
        "la distribution relève des champs de transport ; l'ancienne valeur (156) était le chiffre de l'ADEME de 2018",
    "distribution is left to the transport fields; the former value (169) was ADEME's 2018 figure":
        "la distribution relève des champs de transport ; l'ancienne valeur (169) était le chiffre de l'ADEME de 2018",
    "measured on training runs; a serving GPU is usually less loaded, so this stays on the high side for inference. GPU energy only: the host's CPU and memory are not in it":
        "mesuré sur des entraînements ; un GPU en service est en général moins chargé, la valeur reste donc haute pour l'inférence. Énergie des GPU seule : le processeur et la mémoire de l'hôte n'y sont pas",
    "not found: a reviewer of this tool could not find 1.1 kgCO2e per tonne-km in the Defra tables, and they were not readable here; replace it with a figure you can cite":
        "non trouvé : un relecteur de cet outil n'a pas trouvé 1,1 kgCO2e par tonne-km dans les tables du Defra, illisibles ici ; remplacez-le par un chiffre que vous pouvez citer",
    "not found: a reviewer of this tool could not find these figures in the paper, and it was not readable here; use a measured figure if you have one":
        "non trouvé : un relecteur de cet outil n'a pas trouvé ces chiffres dans l'article, illisible ici ; utilisez un chiffre mesuré si vous en avez un",
    "not re-read in NVIDIA's datasheet (no copy found); third-party specification pages found here (gpu.blog, runpod.io) give 'up to 700 W (configurable)'":
        "non relu dans la fiche technique de NVIDIA (aucune copie trouvée) ; des pages de caractéristiques tierces trouvées ici (gpu.blog, runpod.io) donnent « jusqu'à 700 W (configurable) »",
    "not re-read in NVIDIA's datasheet (no copy found); third-party specification pages found here agree: 400 W for the SXM board (thundercompute.com A100 guide; a university cluster's page, upb-pc2.atlassian.net, 'Max Thermal Design Power (TDP) 400 W'), and BLOOM's 1,082,990 GPU hours for 433,196 kWh give 400 W exactly":
        "non relu dans la fiche technique de NVIDIA (aucune copie trouvée) ; des pages de caractéristiques tierces trouvées ici concordent : 400 W pour la carte SXM (guide A100 de thundercompute.com ; page d'un calculateur universitaire, upb-pc2.atlassian.net, « Max Thermal Design Power (TDP) 400 W »), et les 1 082 990 heures GPU de BLOOM pour 433 196 kWh donnent exactement 400 W",
    "not re-read in NVIDIA's product brief (PB-10577-001: only its first page is readable here); a third-party specification table (thundercompute.com) gives 300 W for the 80 GB PCIe card and 250 W for the 40 GB":
        "non relu dans la fiche produit de NVIDIA (PB-10577-001 : seule sa première page est lisible ici) ; un tableau de caractéristiques tiers (thundercompute.com) donne 300 W pour la carte PCIe 80 Go et 250 W pour la 40 Go",
    "not re-read: ADEME's Base Empreinte database is not among the copies found here. Impact CO2's own data (incubateur-ademe/impactco2, src/data/categories/chauffage.json at commit 00ff7a27, 'Chauffage au gaz') counts 0.221 kgCO2e/kWh PCS, inside this row's range":
        "non relu : la Base Empreinte de l'ADEME ne figure pas parmi les copies trouvées ici. Les données d'Impact CO2 lui-même (incubateur-ademe/impactco2, src/data/categories/chauffage.json au commit 00ff7a27, « Chauffage au gaz ») comptent 0,221 kgCO2e/kWh PCS, dans la fourchette de cette ligne",
    "not re-read: ADEME's Base Empreinte database is not among the copies found here; the figure is as a reviewer of this tool read it":
        "non relu : la Base Empreinte de l'ADEME ne figure pas parmi les copies trouvées ici ; le chiffre est celui qu'un relecteur de cet outil y a lu",
    "not re-read: NVIDIA's developer blog (developer.nvidia.com, HGX B200 post) confirms that NVIDIA published a product carbon footprint summary of the HGX H100, but the figure itself was not readable here; 1,312 kg is as a reviewer of this tool read it":
        "non relu : le blog des développeurs de NVIDIA (developer.nvidia.com, billet sur le HGX B200) confirme que NVIDIA a publié une synthèse de l'empreinte carbone du HGX H100, mais le chiffre lui-même n'était pas lisible ici ; 1 312 kg est ce qu'un relecteur de cet outil y a lu",
    "not re-read: only the paper's abstract is readable in the copies found here (api-inference.pages.dev/papers/2211.02001.md); Boavizta's e-footprint documentation (boavizta.github.io/e-footprint/GPUServer) takes the same server and GPU figures 'from Estimating the Carbon Footprint of BLOOM' (its example: 3,100 kg for a server with 4 GPUs)":
        "non relu : seul le résumé de l'article est lisible dans les copies trouvées ici (api-inference.pages.dev/papers/2211.02001.md) ; la documentation d'e-footprint de Boavizta (boavizta.github.io/e-footprint/GPUServer) reprend les mêmes chiffres de serveur et de GPU « from Estimating the Carbon Footprint of BLOOM » (son exemple : 3 100 kg pour un serveur à 4 GPU)",
    "not re-read: only the paper's abstract is readable in the copies found here (microsoft.com research page, researchtrend.ai); the two measurements are as a reviewer of this tool read them":
        "non relu : seul le résumé de l'article est lisible dans les copies trouvées ici (page de Microsoft Research, researchtrend.ai) ; les deux mesures sont celles qu'un relecteur de cet outil y a lues",
    "not re-read: only the paper's abstract is readable in the copies found here (researchgate.net, bohrium.dp.tech); the table is Table 3, as a reviewer of this tool pointed out (it was cited as Table 4)":
        "non relu : seul le résumé de l'article est lisible dans les copies trouvées ici (researchgate.net, bohrium.dp.tech) ; le tableau est le tableau 3, comme l'a relevé un relecteur de cet outil (il était cité comme tableau 4)",
    "not re-read: the study's device figures were not readable in the copies found here (press summaries only: citepa.org, siecledigital.fr); the figures are as a reviewer of this tool read them":
        "non relu : les chiffres par équipement de l'étude n'étaient pas lisibles dans les copies trouvées ici (résumés de presse seulement : citepa.org, siecledigital.fr) ; les chiffres sont ceux qu'un relecteur de cet outil y a lus",
    "not yet re-read: to be checked in the source named":
        "pas encore relu : à vérifier dans la source citée",
    "per vehicle-km (one person in the car)":
        "par véhicule-km (une personne dans la voiture)",
    "re-read when the row was written (an earlier review); not re-read in this one: the Defra 2012 tables are not among the copies found here":
        "relu à l'écriture de la ligne (une revue antérieure) ; pas relu dans celle-ci : les tables du Defra 2012 ne figurent pas parmi les copies trouvées ici",
    "re-read when the row was written (an earlier review: 0.06 kWh/GB for 2015 in the paper's abstract); not re-read in this one":
        "relu à l'écriture de la ligne (une revue antérieure : 0,06 kWh/Go pour 2015 dans le résumé de l'article) ; pas relu dans celle-ci",
    "the average draw in use is set by utilisation.csv (gpu)":
        "la puissance moyenne en service vient de utilisation.csv (gpu)",
    "the board's share (NVLink switches, baseboard) is spread over its 8 GPUs":
        "la part de la carte (commutateurs NVLink, carte de base) est répartie sur ses 8 GPU",
    "the former value (200) was ADEME's 2018 figure":
        "l'ancienne valeur (200) était le chiffre de l'ADEME de 2018",
    "the former value (40) was ADEME's 2018 figure":
        "l'ancienne valeur (40) était le chiffre de l'ADEME de 2018",
    "the value shown is France's default":
        "la valeur affichée est celle de la France par défaut",
    "the value shown is France's default; the calculation takes the same factor as the footprint when it runs on the French grid. The marginal kWh saved at peak can be far higher":
        "la valeur affichée est celle de la France par défaut ; le calcul prend le même facteur que l'empreinte quand elle tourne sur le réseau français. Le kWh marginal économisé à la pointe peut être bien plus élevé",
    "use it for figures in kWh PCI (engineering studies); bills are in PCS":
        "pour des chiffres en kWh PCI (études d'ingénierie) ; les factures sont en PCS",
    ", the default":
        ", par défaut",
    "ADEME Base Empreinte":
        "Base Empreinte de l'ADEME",
    "Average draw of a GPU: {value} of its rated power, from {low} to {high} ({source}).":
        "Puissance moyenne appelée par un GPU : {value} de sa puissance nominale, de {low} à {high} ({source}).",
    "Average draw of devices":
        "Puissance moyenne des équipements",
    "Average power over rated power. Empty: the family's measured average (0.70 for a GPU). Give 1 when the power is a measured average.":
        "Puissance moyenne rapportée à la puissance nominale. Vide : la moyenne mesurée de la famille (0,70 pour un GPU). Mettez 1 quand la puissance est déjà une moyenne mesurée.",
    "Citation":
        "Référence",
    "Country (electricity)":
        "Pays (électricité)",
    "Default":
        "Par défaut",
    "EcoLogits":
        "EcoLogits",
    "Electricity saved is valued with the grid factor of where it is saved: the same factor as the footprint's when it is the same grid.":
        "L'électricité économisée est comptée avec le facteur du réseau où elle est économisée : le même facteur que celui de l'empreinte quand c'est le même réseau.",
    "Every source for {country}, side by side":
        "Toutes les sources pour {country}, côte à côte",
    "France, the sources side by side":
        "France : les sources côte à côte",
    "If measured (e.g. with CodeCarbon: energy_consumed), the IT energy of one run in kWh; the data centre's PUE is applied on top. Leave empty otherwise. Example: 1 GPU for 20 hours is about 5 to 10 kWh. A figure published 'adjusted for PUE' (Meta's model cards) already holds the data centre's overhead: divide it by the PUE, or it is counted twice.":
        "Si elle est mesurée (par ex. avec CodeCarbon : energy_consumed), l'énergie informatique d'un entraînement en kWh ; le PUE du centre de données s'y ajoute. Sinon, laissez vide. Exemple : 1 GPU pendant 20 heures fait environ 5 à 10 kWh. Un chiffre publié « ajusté du PUE » (fiches des modèles de Meta) contient déjà le surcoût du centre de données : divisez-le par le PUE, sinon il est compté deux fois.",
    "Leave *power* empty to use the model's rated power; *utilisation* is the average power over it (empty: the family's measured average, 0.70 for a GPU, high for a lightly loaded server, which often draws 0.3 or less; give 1 if the power is already a measured average).":
        "Laissez *puissance* vide pour prendre la puissance nominale du modèle ; le *taux d'utilisation* est la puissance moyenne rapportée à celle-ci (vide : la moyenne mesurée de la famille, 0,70 pour un GPU, élevée pour un serveur peu chargé, qui consomme souvent 0,3 ou moins ; mettez 1 si la puissance est déjà une moyenne mesurée).",
    "One kWh, one factor":
        "Un kWh, un facteur",
    "One row per published or assumed value, as in the files of data/. Status: published (as the source gives it), derived (computed from a source), assumption (nobody published it: the committee may set its own). A figure *not verified* could not be re-read in its source here ('Where it was checked' says what was searched): check it before a public decision. Published sources are cited as published.":
        "Une ligne par valeur publiée ou supposée, comme dans les fichiers de data/. Statut : publié (tel que la source le donne), dérivé (calculé à partir d'une source), hypothèse (personne ne l'a publié : le comité peut fixer le sien). Un chiffre *non vérifié* n'a pas pu être relu dans sa source ici (« Où il a été vérifié » dit ce qui a été cherché) : vérifiez-le avant une décision publique. Les sources publiées sont citées telles quelles.",
    "Only for 'Electricity saved (in the country given)': where the kWh are saved. Empty: where the computing runs.":
        "Seulement pour « Électricité économisée (dans le pays indiqué) » : où les kWh sont économisés. Vide : là où tournent les calculs.",
    "Our World in Data (CodeCarbon)":
        "Our World in Data (CodeCarbon)",
    "Rated power of one device in W. Empty: the model's default. A power 'adjusted for PUE' (Meta's model cards) must be divided by the PUE first.":
        "Puissance nominale d'un équipement en W. Vide : la valeur du modèle. Une puissance « ajustée du PUE » (fiches des modèles de Meta) doit d'abord être divisée par le PUE.",
    "Source of the grid intensity":
        "Source de l'intensité carbone du réseau",
    "The country of the data centre, with its default grid intensity and its year (ADEME for France, Our World in Data elsewhere).":
        "Le pays du centre de données, avec l'intensité carbone de son réseau par défaut et son année (ADEME pour la France, Our World in Data ailleurs).",
    "The default is the figure a French public body's greenhouse-gas report uses where there is one (ADEME, for France), else Our World in Data's. The sources do not count the same kWh: a kWh consumed carries imports and grid losses, a kWh generated does not.":
        "Par défaut, le chiffre qu'utilise le bilan de gaz à effet de serre d'un organisme public français quand il en existe un (l'ADEME, pour la France), sinon celui d'Our World in Data. Les sources ne comptent pas le même kWh : un kWh consommé porte les importations et les pertes en ligne, un kWh produit non.",
    "The sources for this country range from {low} to {high} gCO2e/kWh (latest figure of each).":
        "Les sources pour ce pays vont de {low} à {high} gCO2e/kWh (dernier chiffre de chacune).",
    "Three sources, which do not count the same thing. **ADEME Base Empreinte** (France only, by year): the kWh *consumed* in France, imports and grid losses included, life-cycle emissions; the factor French public bodies' greenhouse-gas reports use, and France's default here. **Our World in Data** (as CodeCarbon ships it, with its year): the kWh *generated* in the country, life-cycle emissions; the default elsewhere. **EcoLogits**: the same kind of figure from Our World in Data, year not given. A scenario may choose its source on the Location page; its result shows the others beside it.":
        "Trois sources, qui ne comptent pas la même chose. **Base Empreinte de l'ADEME** (France seulement, par année) : le kWh *consommé* en France, importations et pertes en ligne comprises, émissions en cycle de vie ; le facteur des bilans de gaz à effet de serre des organismes publics français, et le chiffre par défaut de la France ici. **Our World in Data** (tel que CodeCarbon le livre, avec son année) : le kWh *produit* dans le pays, émissions en cycle de vie ; le chiffre par défaut ailleurs. **EcoLogits** : le même type de chiffre, venu d'Our World in Data, sans année. Un scénario peut choisir sa source sur la page Lieu ; son résultat montre les autres à côté.",
    "Verified in its source":
        "Vérifié dans sa source",
    "What changed in the reference data, and why":
        "Ce qui a changé dans les données de référence, et pourquoi",
    "What it counts":
        "Ce qu'il compte",
    "Where it was checked":
        "Où il a été vérifié",
    "With today's data":
        "Avec les données du jour",
    "Your own emission factor, e.g. your water utility's. Empty: the table's (for electricity: the grid's, the same as the footprint's on the same grid).":
        "Votre propre facteur d'émission, par ex. celui de votre régie des eaux. Vide : celui du tableau (pour l'électricité : celui du réseau, le même que celui de l'empreinte sur le même réseau).",
    "Your supplier's or your data centre's published figure, in gCO2e per kWh. France about 46 (ADEME 2025), Germany about 380, Poland about 660 (Our World in Data 2023).":
        "Le chiffre publié par votre fournisseur ou votre centre de données, en gCO2e par kWh. France environ 46 (ADEME 2025), Allemagne environ 380, Pologne environ 660 (Our World in Data 2023).",
    "average draw (share of it)":
        "puissance moyenne (part de celle-ci)",
    "consumption":
        "consommation",
    "country":
        "pays",
    "generation":
        "production",
    "net {before} → {now}":
        "bilan net {before} → {now}",
    "no longer valid: {error}":
        "n'est plus valide : {error}",
    "not verified":
        "non vérifié",
    "same data":
        "mêmes données",
    "same factor":
        "même facteur",
    "saved (gCO2e/kWh)":
        "économisée (gCO2e/kWh)",
    "unchanged":
        "inchangé",
    "used by the project (gCO2e/kWh)":
        "consommée par le projet (gCO2e/kWh)",
    "verdict {before} → {now}; ":
        "avis {before} → {now} ; ",
    "year not given":
        "année non donnée",
    "{count} countries, read from this server's data (no network). The years differ, from {first} to {last}: each result shows the year of the value it used.":
        "{count} pays, lus dans les données de ce serveur (sans réseau). Les années diffèrent, de {first} à {last} : chaque résultat montre l'année de la valeur utilisée.",
    "{count} factors, {assumptions} of them assumptions, {unverified} not verified in their source.":
        "{count} facteurs, dont {assumptions} hypothèses et {unverified} non vérifiés dans leur source.",
    "{count} scenario(s). Figures as computed when each version was saved; 'With today's data' says what the current reference data ({version}) changes.":
        "{count} scénario(s). Chiffres tels que calculés à l'enregistrement de chaque version ; « Avec les données du jour » dit ce que changent les données de référence actuelles ({version}).",
    "{moved} scenario(s) change with today's data: the Method page says why ('What changed in the reference data').":
        "{moved} scénario(s) changent avec les données du jour : la page Méthode dit pourquoi (« Ce qui a changé dans les données de référence »).",
    "{source} {year}: {intensity} gCO2e/kWh ({scope}){default}":
        "{source} {year} : {intensity} gCO2e/kWh ({scope}){default}",
    " (none yet)":
        " (aucun pour l'instant)",
    "\"{name}\" now stands for {project}.":
        "« {name} » représente désormais {project}.",
    "(not given)":
        "(non renseigné)",
    "(not named yet)":
        "(pas encore nommée)",
    "**Line {number}**":
        "**Ligne {number}**",
    "**Not enough to draw the balance yet.**":
        "**Pas encore assez d'éléments pour établir le bilan.**",
    "<b>Break-even between {low} and {high}</b><br>(in {share} of simulations within the horizon)":
        "<b>Équilibre entre {low} et {high}</b><br>(dans {share} des simulations, sur la durée de service)",
    "= **{amount}** a year ({source})":
        "= **{amount}** par an ({source})",
    "A new empty scenario":
        "Un nouveau scénario vide",
    "Accepted: {accepted}.":
        "Accepté : {accepted}.",
    "Add a benefit":
        "Ajouter un bénéfice",
    "Add a device":
        "Ajouter un équipement",
    "Add a serving device":
        "Ajouter un équipement de service",
    "Add equipment":
        "Ajouter du matériel",
    "Add them to 4. Hardware":
        "Les ajouter en 4. Matériel",
    "Add to its avoided emissions":
        "Ajouter à ses émissions évitées",
    "Add to its footprint":
        "Ajouter à son empreinte",
    "Balance not drawn yet":
        "Bilan pas encore établi",
    "Break-even after {duration}":
        "Équilibre atteint après {duration}",
    "Cancel":
        "Annuler",
    "Choose an option":
        "Choisissez une option",
    "Domain: {domain}; horizon {duration}.":
        "Domaine : {domain} ; durée de service {duration}.",
    "Download my scenario first (JSON)":
        "Télécharger d'abord mon scénario (JSON)",
    "Each retraining during the service life costs one training. Typical: 0 to 12. Empty: 0.":
        "Chaque réentraînement pendant la durée de service coûte un entraînement. Courant : 0 à 12. Vide : 0.",
    "Empty: 1.":
        "Vide : 1.",
    "Empty: the kind's default (table below).":
        "Vide : la valeur par défaut du type (tableau ci-dessous).",
    "Every experiment and tuning run costs one training. Typical: 10 to 100 for a new model, 1 for an off-the-shelf one. Empty: 1.":
        "Chaque essai et chaque réglage coûte un entraînement. Courant : 10 à 100 pour un nouveau modèle, 1 pour un modèle sur étagère. Vide : 1.",
    "Footprint, {unit} over {duration}":
        "Empreinte, {unit} sur {duration}",
    "Footprint: **{footprint}**  \nAvoided: **{avoided}**  \nNet balance: **{net}**  \nover {duration}":
        "Empreinte : **{footprint}**  \nÉvité : **{avoided}**  \nBilan net : **{net}**  \nsur {duration}",
    "For each project, the latest version of the scenario retained for it (chosen in the Library; its other scenarios are variants) at the end of the year (archived scenarios are left out), evaluated with today's reference data, beside the same at the end of the year before: the change is the project's, not the factors'.":
        "Pour chaque projet, la dernière version du scénario retenu pour lui (choisi dans la Bibliothèque ; ses autres scénarios sont des variantes) à la fin de l'année (scénarios archivés exclus), évaluée avec les données de référence du jour, à côté de la même à la fin de l'année précédente : l'évolution est celle du projet, pas celle des facteurs.",
    "Hours a day the device is on. Empty: 24.":
        "Heures par jour où l'équipement est allumé. Vide : 24.",
    "In the kind's unit (in brackets beside the kind): m3, kWh, litres, km, tonnes, kg...":
        "Dans l'unité du type (entre parenthèses à côté du type) : m3, kWh, litres, km, tonnes, kg…",
    "In the unit in brackets beside the choice above.":
        "Dans l'unité entre parenthèses à côté du choix ci-dessus.",
    "Incomplete line: fill in {fields}.":
        "Ligne incomplète : renseignez {fields}.",
    "More details (empty: the defaults)":
        "Plus de détails (vides : les valeurs par défaut)",
    "New empty scenario: start with its project, then each step in turn.":
        "Nouveau scénario vide : commencez par le projet, puis chaque étape dans l'ordre.",
    "Next: {step}":
        "Suivant : {step}",
    "No benefit declared yet: without one, the balance can only be negative.":
        "Aucun bénéfice déclaré pour l'instant : sans bénéfice, le bilan ne peut être que négatif.",
    "No dedicated device: the energy per request above may be enough.":
        "Aucun équipement dédié : l'énergie par requête ci-dessus peut suffire.",
    "No device yet: add one, or give the measured energy above.":
        "Aucun équipement pour l'instant : ajoutez-en un, ou donnez l'énergie mesurée ci-dessus.",
    "No equipment yet: add the servers, sensors, cameras or GPUs bought or used for the project, so their manufacturing is counted.":
        "Aucun matériel pour l'instant : ajoutez les serveurs, capteurs, caméras ou GPU achetés ou utilisés pour le projet, pour que leur fabrication soit comptée.",
    "None was described: the convention asks that AI be used only when no less-impacting non-AI solution exists.":
        "Aucune n'a été décrite : la convention demande de n'utiliser l'IA qu'en l'absence de solution sans IA moins impactante.",
    "Not saved in the library: a working draft.":
        "Non enregistré dans la bibliothèque : un brouillon de travail.",
    "Number of devices, e.g. 8. Empty: 1.":
        "Nombre d'équipements, par ex. 8. Vide : 1.",
    "One line per kind of device. Leave *power* empty to use the model's rated power (table below); *utilisation* is the average power over the rated power (empty: the measured average of the device's family, {gpu_share} for a GPU, from Dodge et al. 2022; give 1 if the power you enter is already a measured average).":
        "Une ligne par type d'équipement. Laissez *puissance* vide pour prendre la puissance nominale du modèle (tableau ci-dessous) ; le *taux d'utilisation* est la puissance moyenne rapportée à la puissance nominale (vide : la moyenne mesurée de la famille de l'équipement, {gpu_share} pour un GPU, d'après Dodge et al. 2022 ; mettez 1 si la puissance saisie est déjà une moyenne mesurée).",
    "Over {duration}, at the location's grid intensity.":
        "Sur {duration}, à l'intensité carbone du réseau du lieu.",
    "Over {duration}.":
        "Sur {duration}.",
    "Over {duration}: training, inference, manufacturing, transport and network.":
        "Sur {duration} : entraînement, inférence, fabrication, transport et réseau.",
    "Previous: {step}":
        "Précédent : {step}",
    "Project **{project}** has {count} scenarios; this one is a variant. The portfolio counts the one retained for the project{retained}.":
        "Le projet **{project}** compte {count} scénarios ; celui-ci est une variante. Le portefeuille compte celui retenu pour le projet{retained}.",
    "Remove":
        "Retirer",
    "Remove this line from the scenario.":
        "Retirer cette ligne du scénario.",
    "Replace it":
        "Le remplacer",
    "Retain this scenario for its project":
        "Retenir ce scénario pour son projet",
    "Retained":
        "Retenu",
    "Saved version {version} of project {project}, saved {when} by {author}.":
        "Version {version} enregistrée du projet {project}, enregistrée le {when} par {author}.",
    "Service life over which the balance is drawn, in years. Typical: 5 (servers) to 8 (sensors).":
        "Durée de service sur laquelle le bilan est établi, en années. Courant : 5 (serveurs) à 8 (capteurs).",
    "Sets the default manufacturing, lifetime and mass (table below); 'other' needs its manufacturing and lifetime.":
        "Fixe la fabrication, la durée de vie et la masse par défaut (tableau ci-dessous) ; « autre » demande sa fabrication et sa durée de vie.",
    "Sets the unit and the emission factor (table below); 'kgco2e' for a figure already in CO2e.":
        "Fixe l'unité et le facteur d'émission (tableau ci-dessous) ; « kgco2e » pour un chiffre déjà en CO2e.",
    "Share due to the AI (0 to 1)":
        "Part due à l'IA (0 à 1)",
    "Share used (0 to 1)":
        "Part utilisée (0 à 1)",
    "Start from a blank scenario, on the Project page. If the current one has changes not saved in the library, you are asked first.":
        "Partir d'un scénario vierge, sur la page Projet. Si le scénario actuel a des modifications non enregistrées dans la bibliothèque, la question vous est d'abord posée.",
    "The AI project":
        "Le projet d'IA",
    "The device; 'other' needs its power below.":
        "L'équipement ; « autre » demande sa puissance ci-dessous.",
    "The example":
        "L'exemple",
    "The file":
        "Le fichier",
    "The first question, a solution without AI, is answered above with the non-AI alternative.":
        "La première question, une solution sans IA, a sa réponse plus haut, avec l'alternative sans IA.",
    "The manufacturing of these devices is not counted yet: {items}.":
        "La fabrication de ces équipements n'est pas encore comptée : {items}.",
    "The non-AI alternative":
        "L'alternative sans IA",
    "The part of the item this project uses: 0.5 if shared with one other authority. Empty: 1.":
        "La part de l'équipement que ce projet utilise : 0,5 s'il est partagé avec une autre collectivité. Vide : 1.",
    "The part of the saving the AI brings, not the other measures taken at the same time: 1 if the saving would not happen without it; 0.5 when crews, works or campaigns share the credit; 0.2 when the AI only speeds up what was done anyway. Empty: 1, flagged as an assumption.":
        "La part de l'économie due à l'IA, et non aux autres mesures prises en même temps : 1 si l'économie n'aurait pas lieu sans elle ; 0,5 quand des équipes, des travaux ou des campagnes en partagent le mérite ; 0,2 quand l'IA ne fait qu'accélérer ce qui aurait été fait de toute façon. Vide : 1, signalé comme une hypothèse.",
    "The portfolio and the annual review will count this scenario for the project, not its other variants. The choice is kept with who made it and when.":
        "Le portefeuille et la revue annuelle compteront ce scénario pour le projet, et non ses autres variantes. Le choix est conservé avec son auteur et sa date.",
    "The scenario **{name}** has changes that are not saved in the library. {action} would replace it and lose them.":
        "Le scénario **{name}** a des modifications non enregistrées dans la bibliothèque. {action} le remplacerait et les perdrait.",
    "The scenario that stands for its project in the portfolio.":
        "Le scénario qui représente son projet dans le portefeuille.",
    "This scenario stands for its project **{project}** in the portfolio and the annual review.":
        "Ce scénario représente son projet **{project}** dans le portefeuille et la revue annuelle.",
    "To keep it in the library: Cancel, then 'Save to the library'.":
        "Pour le garder dans la bibliothèque : Annuler, puis « Enregistrer dans la bibliothèque ».",
    "Utilisation (0 to 1)":
        "Taux d'utilisation (0 à 1)",
    "What":
        "Quoi",
    "Work out these figures from what the alternative uses or saves":
        "Calculer ces chiffres à partir de ce que l'alternative consomme ou économise",
    "Your changes are not saved":
        "Vos modifications ne sont pas enregistrées",
    "Your data centre's own PUE, e.g. 1.4.":
        "Le PUE de votre centre de données, par ex. 1,4.",
    "annual-review":
        "revue-annuelle",
    "comparison":
        "comparaison",
    "e.g. 0.038":
        "par ex. 0,038",
    "e.g. 1,000":
        "par ex. 1 000",
    "e.g. 15,000":
        "par ex. 15 000",
    "e.g. 5,000":
        "par ex. 5 000",
    "e.g. 7.5":
        "par ex. 7,5",
    "e.g. 72":
        "par ex. 72",
    "e.g. Drinking water no longer lost to leaks":
        "par ex. Eau potable qui n'est plus perdue en fuites",
    "e.g. Inference server":
        "par ex. Serveur d'inférence",
    "e.g. car kilometres for vans driven to listen for leaks, diesel litres, kWh of electricity.":
        "par ex. des kilomètres en voiture pour des camionnettes qui vont écouter les fuites, des litres de gazole, des kWh d'électricité.",
    "empty: plus or minus {spread_share}":
        "vide : plus ou moins {spread_share}",
    "in the kind's unit":
        "dans l'unité du type",
    "not counted":
        "non compté",
    "over {duration}":
        "sur {duration}",
    "projects without a retained scenario":
        "projets sans scénario retenu",
    "the horizon":
        "la durée de service",
    "the table's":
        "celui du tableau",
    "where the computing runs":
        "là où tournent les calculs",
    "{count} line(s) added to 4. Hardware: check their condition (new, refurbished, reused) and the share the project uses.":
        "{count} ligne(s) ajoutée(s) en 4. Matériel : vérifiez leur état (neuf, reconditionné, réemployé) et la part que le projet utilise.",
    "{count} project(s) have several scenarios and none retained, so they are not in the totals: {projects}. Retain one in the Library.":
        "{count} projet(s) ont plusieurs scénarios et aucun retenu : ils ne sont pas dans les totaux : {projects}. Retenez-en un dans la Bibliothèque.",
    "{count} variants and none retained: choose the one that stands for the project in the Library":
        "{count} variantes et aucune retenue : choisissez dans la Bibliothèque celle qui représente le projet",
    "{unit} over {duration}":
        "{unit} sur {duration}",
    "{value} is outside what this field accepts: {accepted}":
        "{value} est hors de ce que ce champ accepte : {accepted}",
    "{what} ({unit})":
        "{what} ({unit})",
    "{what} above {low} and at most {high}":
        "{what} supérieur à {low} et au plus {high}",
    "{what} from {low} to {high}":
        "{what} de {low} à {high}",
    "{what} of at least {low}":
        "{what} d'au moins {low}",
    "District heat saved (kWh)":
        "Chaleur de réseau économisée (kWh)",
    "Heating oil saved (kWh)":
        "Fioul domestique économisé (kWh)",
    "Impact CO2's own data (ADEME), repository incubateur-ademe/impactco2, src/data/categories/chauffage.json at commit 00ff7a27, entry 'Chauffage au fioul': 'Intensité carbone 0,324 kgCO2e/kWh'":
        "Données d'Impact CO2 lui-même (ADEME), dépôt incubateur-ademe/impactco2, src/data/categories/chauffage.json au commit 00ff7a27, entrée « Chauffage au fioul » : « Intensité carbone 0,324 kgCO2e/kWh »",
    "Impact CO2's own data (ADEME), repository incubateur-ademe/impactco2, src/data/categories/chauffage.json at commit 00ff7a27, entry 'Chauffage via un réseau de chaleur': 'Intensité carbone 0,112 kg CO2e/kWh', source 'Étude Fedene 2023'":
        "Données d'Impact CO2 lui-même (ADEME), dépôt incubateur-ademe/impactco2, src/data/categories/chauffage.json au commit 00ff7a27, entrée « Chauffage via un réseau de chaleur » : « Intensité carbone 0,112 kg CO2e/kWh », source « Étude Fedene 2023 »",
    "a French average: each network has its own factor (its operator publishes it)":
        "une moyenne française : chaque réseau a son propre facteur (son exploitant le publie)",
    "per kWh of fuel oil burnt; a litre holds about 10 kWh":
        "par kWh de fioul brûlé ; un litre contient environ 10 kWh",
    "scenario":
        "scénario",
    "dossier":
        "dossier",
    "Drag and drop file here":
        "Glissez-déposez un fichier ici",
    "Drag and drop a file here":
        "Glissez-déposez un fichier ici",
    "Drag and drop files here":
        "Glissez-déposez des fichiers ici",
    "Upload":
        "Parcourir",
    "Browse files":
        "Parcourir",
    "/^(\\d+)MB per file$/":
        "$1 Mo par fichier",
    "Press Enter to apply":
        "Appuyez sur Entrée pour valider",
    "Press Enter to submit form":
        "Appuyez sur Entrée pour envoyer",
    "Select all":
        "Tout sélectionner",
    "/^Select (\\d+) matches$/":
        "Sélectionner les $1 résultats",
    "No results":
        "Aucun résultat",
    "Choose options":
        "Choisissez des options",
    "line {number}":
        "ligne {number}",
    "**Non-AI alternative:** {description}":
        "**Alternative sans IA :** {description}",
    "AI against its non-AI alternative":
        "L'IA face à son alternative sans IA",
    "Footprint alone":
        "Empreinte seule",
    "Next screen (right arrow or Page Down)":
        "Écran suivant (flèche droite ou Page suivante)",
    "No non-AI alternative was described. The convention asks that AI be used only when no less-impacting non-AI solution exists: describe one on the Project page, or say why there is none.":
        "Aucune solution sans IA n'est décrite. La convention demande de n'utiliser l'IA que s'il n'existe pas de solution sans IA moins impactante : décrivez-en une sur la page Projet, ou dites pourquoi il n'y en a pas.",
    "Other locations":
        "Autres lieux",
    "Previous screen (left arrow or Page Up)":
        "Écran précédent (flèche gauche ou Page précédente)",
    "The AI project against its non-AI alternative":
        "Le projet d'IA face à son alternative sans IA",
    "What decides the verdict":
        "Ce qui décide l'avis",
    "{name}: {value}":
        "{name} : {value}",
    "Below: the footprint alone, on a scale enlarged {zoom} times":
        "Dessous : l'empreinte seule, sur une échelle agrandie {zoom} fois",
    "is empty; expected {accepted}":
        "est vide ; attendu : {accepted}",
    "**To complete**: {error}  \nThe figures show the last complete version until then.":
        "**À compléter** : {error}  \nLes chiffres sont ceux de la dernière version complète en attendant.",
    "To complete: {error}":
        "À compléter : {error}",
    "view more":
        "voir plus",
    "view less":
        "voir moins",
    "/^Help for (.+)$/":
        "Aide : $1",
    "Clear all":
        "Tout effacer",
    "Clear value":
        "Effacer",
    "Close":
        "Fermer",
    "Open":
        "Ouvrir",
    "Only a complete scenario can be saved: finish it first ({error}).":
        "Seul un scénario complet peut être enregistré : terminez-le d'abord ({error}).",
    "greenhouse gases":
        "gaz à effet de serre",
    "The scenario applies a PUE of {pue_exact} to the IT energy; the CodeCarbon files used {files_exact}.":
        "Le scénario applique un PUE de {pue_exact} à l'énergie informatique ; les fichiers CodeCarbon utilisaient {files_exact}.",
    "Same grid intensity and PUE: the figures agree.":
        "Même intensité du réseau et même PUE : les chiffres concordent.",
}
