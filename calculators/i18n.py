"""French and English for every text the tool shows, and numbers written the way each
language writes them.

The words: the code holds the English (the msgid, GNU gettext's way); the French is in
``locale/fr/LC_MESSAGES/messages.po``, read once (``translations``). A text is found by its
English, or, for the calculators' longer sentences, by a code: ``CATALOGUE`` maps each code to
its English, and the catalogue keeps the code as the entry's context (msgctxt), so translators
see the English and tools see the code. ``tools/messages.py`` extracts every text into the
catalogue and checks it (``make messages``); translators can work in Poedit or Weblate.

A sentence is a ``Message``: its code and parameters, written when shown, so that
``text(message, "fr")`` writes it in French and ``str(message)`` in English; ``plain`` turns
the messages of a result into their English where it leaves the program as data (JSON).
Parameters are formatted by the suffix of their name: ``_kgco2e`` a CO2e mass (2.8 tCO2e /
2,8 tCO2e), ``_share`` a percentage, ``_number`` a plain number (three significant digits),
``_exact`` a number with every digit, ``country_iso3`` a country's name, ``_english`` a text
shown in English only (nothing in French); other values are written as they are (a Message
among them in the same language).
French numbers: a narrow no-break space between thousands, a decimal comma (1 234,5).
"""

from __future__ import annotations

import functools
import gettext
import math
from decimal import Decimal
import os
import re
import string
from pathlib import Path
from typing import Any

from babel import numbers as _cldr
from babel.messages.pofile import read_po

from .units import KG_PER_TONNE, PERCENT_PER_FRACTION

LANGUAGES = ("fr", "en")
DEFAULT_LANGUAGE = "fr"
# How each language writes a number, from the Unicode CLDR through Babel: French groups
# thousands with a narrow no-break space (U+202F) and writes a decimal comma.
SEPARATORS = {lang: (_cldr.get_group_symbol(lang), _cldr.get_decimal_symbol(lang))
              for lang in LANGUAGES}
THIN_SPACE = SEPARATORS["fr"][0]  # narrow no-break space: the French thousands separator
NO_BREAK_SPACE = "\u00a0"

CATALOGUE: dict[str, str] = {
    # -- the convention's rules and the verdict's reasons (balance.verdict)
    "climate_rule":
        "Climate rule (citizens' convention on AI): an AI serving a climate policy must "
        "have a positive balance (avoided emissions above its footprint) and no non-AI "
        "alternative may do better.",
    "general_rule":
        "General-interest rule (citizens' convention on AI): the balance is drawn; a "
        "large footprint (above {threshold_kgco2e} a year) or a negative balance goes to "
        "the ethics committee for arbitration.",
    "balance_positive":
        "The balance is positive: the project avoids {net_kgco2e} more than it emits "
        "over its horizon.",
    "balance_not_positive":
        "The balance is not positive: the footprint exceeds the avoided emissions by "
        "{deficit_kgco2e} over the horizon.",
    "no_alternative_considered":
        "No non-AI alternative was considered, so the convention's second condition (no "
        "less-impacting non-AI solution) is not verified.",
    "alternative_better":
        "The non-AI alternative has a better balance ({alternative_kgco2e} against "
        "{net_kgco2e}).",
    "alternative_not_better":
        "The non-AI alternative does not do better ({alternative_kgco2e} against "
        "{net_kgco2e}).",
    "footprint_above_threshold":
        "The footprint ({footprint_kgco2e} a year) is above the committee threshold "
        "({threshold_kgco2e} a year).",
    "footprint_within_threshold":
        "The footprint ({footprint_kgco2e} a year) is within the committee threshold "
        "({threshold_kgco2e} a year).",
    "committee_arbitration": "The project goes to the ethics committee for arbitration.",
    "verdict_incomplete":
        "The verdict is to be completed: the rule cannot be checked until the scenario says "
        "what is asked below; with what is entered, the balance is not shown as positive.",
    "complete_alternative":
        "Describe the non-AI solution studied (page 1, Project), with its footprint and what "
        "it avoids: the convention allows AI for a climate policy only when no less-impacting "
        "non-AI solution exists, and that cannot be checked without it.",
    "complete_attribution":
        "Give the AI's share of each benefit (page 6, Benefits) for: {items}. It is the part "
        "of the benefit the AI itself brings, not the sensors, the agents or the works around "
        "it; it is not assumed to be all of it.",
    "mc_incomplete":
        "With what is entered, the rule is met in {met_share} of the simulations; the verdict "
        "waits for what is to be completed.",
    # -- the verdict under uncertainty (uncertainty.three_state)
    "mc_positive":
        "The convention's rule is met in {met_share} of the simulations (at least "
        "{threshold_share} needed for a positive verdict).",
    "mc_negative":
        "The convention's rule is met in only {met_share} of the simulations (at most "
        "{lower_share} gives a negative verdict).",
    "mc_uncertain":
        "The convention's rule is met in {met_share} of the simulations: between "
        "{lower_share} and {threshold_share}, the balance is uncertain.",
    "mc_method": "Monte Carlo, triangular (low, likely, high) inputs, independent, numpy PCG64",
    "mc_climate_committee":
        "An uncertain balance for a climate project goes to the ethics committee, with "
        "the inputs that decide it.",
    # -- where the verdict would change (uncertainty.break_even)
    "break_even":
        "{label}: {what} {direction} {value_number}{unit} (likely value "
        "{likely_number}{unit}).",
    "turns_negative": "the balance turns negative",
    # -- what the verdict rests on (decisive.rests_on)
    "rests_on_range":
        "The verdict rests on {label} ({status}: {source}): within its own range, "
        "{low_number} to {high_number}{unit}, {what} (at {end_number}{unit}). Give a figure "
        "for this project, with its source.",
    "rests_on_benefit":
        "The verdict rests on one benefit, {benefit}: {avoided_share} of the avoided "
        "emissions, valued at {value_number}{unit} ({status}: {source}); without it the rule "
        "would not be met. Give this factor for this project, with its source.",
    "rule_fails": "the convention's rule would no longer be met",
    "rule_holds": "the convention's rule would be met",
    "would_turn_positive": "the balance would turn positive",
    "no_longer_beats_alternative":
        "the AI no longer beats the non-AI alternative ({target_kgco2e})",
    "would_beat_alternative": "the AI would beat the non-AI alternative ({target_kgco2e})",
    "below": "below",
    "above": "above",
    # -- the levers (recommendations.recommend)
    "lever_saving": "{lever}: saves {saving_kgco2e} over the horizon.",
    "lever_location":
        "Run the computing in a French data centre (grid about {french_number} "
        "gCO2e/kWh instead of {intensity_number})",
    "lever_pue":
        "Use a data centre with a PUE of {efficient_number} instead of "
        "{pue_number}",
    "lever_refurbished": "Buy refurbished rather than new equipment ({items})",
    "lever_share": "Share equipment with another authority or project ({items})",
    "lever_retraining": "Retrain half as often",
    "lever_training_runs": "Halve the experimental training runs before deployment",
    "lever_data": "Move half as much data",
    "lever_transport": "Ship by sea rather than by air ({items})",
    # -- warnings on the inputs (scenario, evaluate, frugality)
    "warn_no_alternative":
        "No non-AI alternative was considered: the convention asks that AI be used only "
        "when no less-impacting non-AI solution exists.",
    "warn_no_benefits": "No avoided emissions are declared: the balance can only be negative.",
    "warn_old_grid":
        "The grid intensity used dates from {year}: check it against a recent source and "
        "enter your own grid intensity (gCO2e/kWh, page 5) if you have one.",
    "warn_transport": "Transport not counted (no distance given) for: {items}.",
    "warn_market_based":
        "The market-based figure credits the renewable contract and counts the rest at "
        "the location average (no residual mix available): it is a lower bound.",
    "warn_zero_footprint":
        "The footprint is zero: no training, inference, equipment or data was entered.",
    "warn_electricity_factors":
        "The electricity saved ({label}) is valued at {saved_number} gCO2e/kWh "
        "({saved_source}); the electricity the project uses, at {used_number} gCO2e/kWh "
        "({used_source}). Check that the difference is real (another grid, your own "
        "factor) and not two sources for the same kWh.",
    # -- durations (duration)
    "duration_year": "{count} year",
    "duration_years": "{count} years",
    "duration_month": "{count} month",
    "duration_months": "{count} months",
    "duration_week": "{count} week",
    "duration_weeks": "{count} weeks",
    "duration_day": "{count} day",
    "duration_days": "{count} days",
    "duration_under_a_day": "less than a day",
    # -- numbers typed by people (parse_number)
    "number_not_a_number":
        "\"{got}\" is not a number: type digits, with a point for decimals (e.g. 0.038 "
        "or 1,234.5)",
    "number_ambiguous":
        "\"{got}\" can be read two ways: use a point for decimals and commas only "
        "between thousands (e.g. 0.038 or 1,234.5)",
    "number_too_large": "\"{got}\" is too large to be a number here",
    "missing_footprint":
        "Nothing of the project's footprint is entered yet: its training (2.), its use "
        "(3.) or its equipment (4.).",
    "missing_benefits": "No avoided emissions are declared yet (6. Benefits).",
    "warn_double_inference":
        "Both an energy per request and dedicated serving devices are given: they are "
        "added up. If the energy per request was measured on those devices, the same "
        "energy is counted twice.",
    "warn_devices_not_in_hardware":
        "The manufacturing of the devices used for training or serving ({items_short}) is not "
        "counted: no equipment of their kind is in 4. Hardware. Add them there if the "
        "project buys or uses them (the Training and Inference pages offer to).",
    "warn_checklist_alternative":
        "The checklist says a non-AI solution was considered, but the scenario describes "
        "none (Project page): its balance cannot be compared.",
    # -- the frugality checklist (frugality.py)
    "frugality_q_non_ai_considered": "Was a solution without AI considered?",
    "frugality_advice_non_ai_considered":
        "Describe the best non-AI way to reach the same goal (Project page): the "
        "convention asks that AI be used only when no less-impacting solution exists.",
    "frugality_q_data_minimised": "Is the data limited to what the project needs?",
    "frugality_advice_data_minimised":
        "Keep only the data the model needs: less data stored, moved and processed.",
    "frugality_q_data_anonymised": "Is personal data anonymised (or is none used)?",
    "frugality_advice_data_anonymised": "Anonymise personal data before training and use.",
    "frugality_q_local_hosting": "Is the computing hosted in France or in Europe?",
    "frugality_advice_local_hosting": "Prefer a local or European data centre.",
    "frugality_q_renewable_electricity": "Does the computing run on renewable electricity?",
    "frugality_advice_renewable_electricity":
        "Choose a data centre with a renewable electricity contract.",
    "frugality_q_reused_equipment":
        "Is the equipment reused, refurbished or shared with other authorities?",
    "frugality_advice_reused_equipment":
        "Prefer second-hand or refurbished equipment, and share it with other "
        "authorities.",
    "frugality_q_nearby_equipment":
        "Does the equipment come from nearby rather than from distant countries?",
    "frugality_advice_nearby_equipment": "Buy from nearer suppliers where an equivalent exists.",
    "frugality_q_open_source_model": "Is the model open source?",
    "frugality_advice_open_source_model":
        "Prefer an open-source model: it can be audited, reused and run locally.",
    "frugality_q_test_period":
        "Is there a test period before full deployment, with its results measured?",
    "frugality_advice_test_period":
        "Plan a test period and measure the benefits actually obtained before deploying.",
    "frugality_q_human_decision": "Does a person keep the decision (the AI advises)?",
    "frugality_advice_human_decision": "Keep a human decision over what the AI proposes.",
    # frugal algorithms: the RGESN 2024's family 9 (and AFNOR Spec 2314's model comparison)
    "frugality_q_training_limited":
        "Was training avoided or kept small: a model already trained, fine-tuned rather than "
        "trained from scratch (or no training at all)?",
    "frugality_advice_training_limited":
        "Start from a model already trained, fine-tuned if needed, rather than training one "
        "from scratch; stop training once the quality needed is reached.",
    "frugality_q_simplest_method":
        "Were simpler methods compared with the one chosen, for their performance against "
        "the resources they use?",
    "frugality_advice_simplest_method":
        "Compare a simpler method (rules, a regression, a small network) with the model "
        "chosen, for its quality against its energy, and keep the simplest that serves.",
    "frugality_q_retraining_as_needed":
        "Are retrainings and updates limited to what the service needs (or is there none)?",
    "frugality_advice_retraining_as_needed":
        "Retrain when the measured quality drops, not on a fixed calendar.",
    "frugality_q_inference_optimised":
        "Is the model made lighter for its use (compressed, quantised or smaller) and is "
        "its inference sized to the demand?",
    "frugality_advice_inference_optimised":
        "Compress or quantise the model, and size inference to the demand (batches, a cache, "
        "answers only when asked).",
    "answer_yes": "yes",
    "answer_no": "no",
    "answer_unknown": "unknown",
    "answer_not_answered": "not answered",
    "this_scenario_location": "{place} (this scenario)",
    # -- the inputs that decide the balance (uncertainty.describe); each field's own name,
    # input_<key>, is added from fields.KEY_LABELS (add_codes), beside its unit
    "input_of": "{item}: {what}",
    "input_of_line": "{section}, line {number}: {what}",
    "input_of_named_line": "{section}, line {number} ({item}): {what}",
    "input_of_device": "{phase} device {number} ({model_short}): {what}",
    # what a scenario field accepts, then the schema's description of it: the descriptions
    # are for people who write scenario files and stay in English (docs/scenario.md), so the
    # French message says what is accepted without it (the _english suffix)
    "accepted_described": "{what}{description_english}",
    "phase_training": "Training",
    "phase_inference": "Inference",
    # -- the other criteria (impacts.CRITERIA): a flag on the verdict (balance.significant_harms)
    "harm_water":
        "Significant harm to water: the project consumes {net_l} of water a year more than it "
        "saves, above the committee's threshold of {threshold_l} a year.",
    "harm_adpe":
        "Significant harm to resources: the project depletes {net_kgsbeq} of metals and "
        "minerals a year more than it saves, above the committee's threshold of "
        "{threshold_kgsbeq} a year.",
    "harm_pe":
        "Significant harm to energy: the project uses {net_mj} of primary energy a year more "
        "than it saves, above the committee's threshold of {threshold_mj} a year.",
}


def add_codes(codes: dict[str, str]) -> None:
    """Add sentences by code to ``CATALOGUE`` from where they are kept with what they name
    (``fields.KEY_LABELS``: a field's name beside its unit); a code is never redefined."""
    clash = [code for code, english in codes.items() if CATALOGUE.get(code, english) != english]
    if clash:
        raise ValueError(f"codes already meaning something else: {clash}")
    CATALOGUE.update(codes)


LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "messages"


def catalogue_file(lang: str) -> Path:
    """The gettext catalogue of ``lang`` (``locale/<lang>/LC_MESSAGES/messages.po``)."""
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def translations(lang: str) -> dict[tuple[str | None, str], Any]:
    """The translated entries of ``lang``'s catalogue by (context, English): a string, or a
    tuple of plural forms. Fuzzy and empty entries are left out (the English shows, and the
    tests fail on it). English has no catalogue: its texts are in the code."""
    return _catalogue(lang)[0]


@functools.lru_cache(maxsize=None)
def _catalogue(lang: str) -> tuple[dict[tuple[str | None, str], Any], Any]:
    """(translated entries, the plural rule: count -> index of the form), read once."""
    if lang == "en":
        return {}, lambda n: 0 if n == 1 else 1
    with catalogue_file(lang).open("rb") as handle:
        catalog = read_po(handle, locale=lang, domain=DOMAIN)
    out: dict[tuple[str | None, str], Any] = {}
    for entry in catalog:
        if not entry.id or entry.fuzzy:
            continue
        if isinstance(entry.id, tuple):
            if isinstance(entry.string, (tuple, list)) and all(entry.string):
                out[(entry.context, entry.id[0])] = tuple(entry.string)
        elif isinstance(entry.string, str) and entry.string:
            out[(entry.context, str(entry.id))] = entry.string
    return out, gettext.c2py(catalog.plural_expr)


@functools.total_ordering
class Message:
    """A sentence with its code and parameters, written in a language only when it is shown
    (``text(message, lang)``); ``str(message)`` is its English, made once when first asked.

    Not a ``str``: rendering every sentence in English as it was made took half of
    ``evaluate`` and of ``load`` (issue 16), for texts mostly shown in French or not at all.
    Where a result leaves the program as data (JSON, the typed result model), ``plain`` turns
    its messages into their English. A message equals its English text, as a string did."""

    __slots__ = ("code", "params", "plural", "count", "_english")

    code: str
    params: dict[str, Any]
    plural: str | None  # the English plural form, for a message that has one
    count: str | None  # the parameter whose number chooses the form

    def __init__(self, code: str, params: dict[str, Any] | None = None,
                 plural: str | None = None, count: str | None = None) -> None:
        self.code = code
        self.params = dict(params) if params else {}
        self.plural = plural
        self.count = count
        self._english: str | None = None

    def __str__(self) -> str:
        if self._english is None:
            self._english = _render(self.code, self.params, "en", self.plural, self.count)
        return self._english

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (str, Message)):
            return str(self) == str(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(str(self))

    def __lt__(self, other: object) -> bool:  # sorted() of labels, as of strings
        if isinstance(other, (str, Message)):
            return str(self) < str(other)
        return NotImplemented

    def __len__(self) -> int:
        return len(str(self))

    def __contains__(self, part: str) -> bool:
        return part in str(self)

    def __add__(self, other: str) -> str:
        return str(self) + other

    def __radd__(self, other: str) -> str:
        return other + str(self)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def __getattr__(self, name: str) -> Any:  # the string's methods on its English
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(str(self), name)

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        """For the typed result (``calculators/result.py``): a message or a string is a text,
        anything else is refused, strict mode or not; its JSON Schema is a string."""
        from pydantic_core import core_schema  # only the types' tests and schema need it

        def check(value: Any) -> Any:
            if isinstance(value, (str, Message)):
                return value
            raise ValueError("a text (a string or an i18n.Message) is expected")

        return core_schema.no_info_plain_validator_function(
            check, json_schema_input_schema=core_schema.str_schema(),
            serialization=core_schema.plain_serializer_function_ser_schema(str))

    def __reduce__(self):  # copy, deepcopy and pickle rebuild it from its code
        return (Message, (self.code, self.params, self.plural, self.count))

    def __repr__(self) -> str:
        return f"Message({self.code!r}, {self.params!r})"


def plain(value: Any) -> Any:
    """``value`` with every Message turned into its English text, in dicts, lists and tuples
    (what a result is when it leaves the program: JSON, the typed result model)."""
    if isinstance(value, Message):
        return str(value)
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    return value


# A text shown to people: a Message (written in the reader's language where it is shown) or a
# str (a name someone typed, a label from a file); ``text(value, lang)`` writes either.
Text = str | Message


def msg(code: str, **params: Any) -> Message:
    """A sentence to render later in either language: ``code`` is a key of ``CATALOGUE``, or
    the English text itself (a ``str.format`` template), an entry of the catalogue."""
    return Message(code, params)  # tests/test_i18n.py checks every code the code uses


def msg_n(singular: str, plural: str, count: str, **params: Any) -> Message:
    """A sentence with a singular and a plural (gettext's ngettext): the parameter ``count``
    chooses the form, by the language's plural rule (French: one for 0 and 1)."""
    return Message(singular, params, plural, count)


def N_(english: str) -> str:
    """Marks a text that is translated later, where it is shown (gettext's noop): the tests
    find it in the catalogue like any other."""
    return english


def tr(english: str, lang: str, **params: Any) -> str:
    """The interface's text ``english`` (a ``str.format`` template) in ``lang``, with its
    parameters formatted as in messages (by the suffix of their names)."""
    return _render(english, params, lang)


def tr_n(singular: str, plural: str, lang: str, *, count: str, **params: Any) -> str:
    """``tr`` for a text with a singular and a plural: ``params[count]`` chooses the form."""
    return _render(singular, params, lang, plural, count)


def text(value: Any, lang: str, escape: Any = None) -> str:
    """``value`` in ``lang``: a Message rendered, anything else as its string. ``escape``: a
    function applied to every text a message quotes (a name someone typed, a label from a
    file), not to the catalogue's own words: the page escapes what Markdown would read in
    them, so that a name typed '![x](http://...)' shows as typed and its own bold stays bold."""
    if isinstance(value, Message):
        return _render(value.code, value.params, lang, value.plural, value.count, escape)
    shown = value.shown(lang) if isinstance(value, Quote) else str(value)
    return shown if escape is None else escape(shown)


class Quote(str):
    """A text quoted as its source published it (a factor's source, in English), whose figures
    are written the reader's way: "1,312 kgCO2e" reads "1 312 kgCO2e" in French, where the
    English form would read as 1.3. Section, table and version numbers, identifiers (arXiv,
    DOI), addresses and file names are left as published (``figures_in``)."""

    __slots__ = ()

    def shown(self, lang: str) -> str:
        return figures_in(str(self), lang)


# a number written the English way: grouped thousands (1,312 or 13,812.4) or a decimal point
# (0.038), with an optional exponent (5.15e4); not inside a word, an address, a version
# (0.3.1) or an identifier (arXiv:2304.03271, 10.48550/...)
_ENGLISH_FIGURE = re.compile(
    r"(?<![\w./:#@=-])(?<![\w][-])"
    r"(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+)(?:[eE]([-+]?\d+))?"
    r"(?![\w/]|[.,]\w)")
# the words after which a number names a part of a text or a version, not a quantity
_REFERENCE_BEFORE = re.compile(
    r"(?:\b(?:sec|sect|section|sections|table|tables|tab|fig|figure|figures|eq|equation|"
    r"appendix|annex|chapter|chap|version|release|python|iso|step|item|part|p|pp)\.?|§)\s*$",
    re.IGNORECASE)
_SUPERSCRIPT = str.maketrans("-+0123456789", "⁻⁺⁰¹²³⁴⁵⁶⁷⁸⁹")


def figures_in(quoted: str, lang: str) -> str:
    """``quoted`` (English, as its source wrote it) with its figures written as ``lang`` writes
    numbers, and a computer's exponent as people write it in any language (3.78e-2 is
    3.78 × 10⁻²); everything else as it was (see ``Quote``)."""
    if not quoted:
        return quoted

    def written(match: "re.Match[str]") -> str:
        if _REFERENCE_BEFORE.search(quoted, 0, match.start()) or (
                lang == "en" and match.group(2) is None):  # English as published
            return match.group(0)
        shown = localise(match.group(1), lang)
        if match.group(2) is not None:  # 5.15e4: 5,15 × 10⁴
            shown += f"{NO_BREAK_SPACE}×{NO_BREAK_SPACE}10" + \
                str(int(match.group(2))).translate(_SUPERSCRIPT)
        return shown

    return _ENGLISH_FIGURE.sub(written, quoted)


class MissingTranslation(KeyError):
    """A text with no French in the catalogue (raised only when I18N_STRICT is set: tests)."""


def _template(code: str, lang: str, plural: str | None = None, n: Any = None) -> str:
    """The template of ``code`` (a code of CATALOGUE or an English text) in ``lang``; with a
    ``plural``, the form for the number ``n``."""
    english = CATALOGUE.get(code)
    if lang == "fr":
        entries, rule = _catalogue("fr")
        found = entries.get((code, english) if english is not None else (None, code))
        if found is not None:
            if plural is None:
                return found if isinstance(found, str) else found[0]
            return found[rule(_whole(n))] if isinstance(found, tuple) else found
        if os.environ.get("I18N_STRICT"):
            raise MissingTranslation(f"no French for {code!r} in {catalogue_file('fr')}")
        # English rather than nothing; the tests keep this from shipping
    if plural is not None and _whole(n) != 1:
        return plural
    return english if english is not None else code


def _whole(n: Any) -> int:
    """The count a plural rule reads: a whole number (a count given as a float included)."""
    try:
        return abs(int(n))
    except (TypeError, ValueError, OverflowError):
        return 2


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
    French), with the language's separators from the CLDR (``SEPARATORS``)."""
    if lang == "en":
        return shown
    group, decimal = SEPARATORS[lang]
    return shown.replace(",", "\0").replace(".", decimal).replace("\0", group)


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


def tonnes(kgco2e: float | None, lang: str) -> str:
    """A CO2e mass given in kg, written in tonnes with one decimal the way ``lang`` writes it
    (259,8 in French); nothing for a missing figure (never 'None')."""
    from .units import KG_PER_TONNE

    return "" if kgco2e is None else number(kgco2e / KG_PER_TONNE, lang, 1)


def kgco2e(value: float, lang: str) -> str:
    """A CO2e mass: tonnes from one tonne up, kilograms below (as balance.format_kgco2e)."""
    if abs(value) >= KG_PER_TONNE:
        return f"{number(value / KG_PER_TONNE, lang, 1)} tCO2e"
    if abs(value) >= 10:
        return f"{number(value, lang, 0)} kgCO2e"
    return f"{number(value, lang, 2)} kgCO2e"


def euros(value: float, lang: str) -> str:
    """An amount of money: 12 000 € in French (a no-break space before the sign), €12,000 in
    English; whole euros from 100 up, three significant digits below."""
    shown = number(value, lang, 0 if abs(value) >= 100 else None)
    if lang == "fr":
        return f"{shown}\u00a0€"
    return f"-€{shown[1:]}" if shown.startswith("-") else f"€{shown}"


CALENDAR_YEAR = "calendar year"  # the unit of a year of the calendar (2026), not a duration
# filled by the criteria's records (``impacts.add``): a message parameter's suffix -> its unit
# (net_l is in litres), a unit's symbol as each language writes it, and a larger unit for totals
_SUFFIX_UNITS: dict[str, str] = {}
UNIT_SYMBOLS: dict[str, dict[str, str]] = {}


def add_amount_suffix(suffix: str, unit_symbol: str, larger: tuple[str, float] | None = None,
                      written: dict[str, str] | None = None) -> None:
    """Write the parameters ``<name>_<suffix>`` as amounts of ``unit_symbol`` (``amount``),
    totals from ``larger`` up in that unit (a thousand litres: m³), the symbol as ``written``
    in each language when it is not written as it is spelt (kg Sb eq)."""
    _SUFFIX_UNITS[suffix] = unit_symbol
    if larger:
        _LARGER[unit_symbol] = larger
    if written:
        UNIT_SYMBOLS[unit_symbol] = written


def amount(value: float, unit_symbol: str, lang: str) -> str:
    """A quantity of another criterion than carbon, as people read it: water in litres below
    a cubic metre and in cubic metres from one (5 439 m³), metals in kg Sb eq, primary energy in
    MJ below a gigajoule and GJ from one; three significant digits."""
    shown, shown_unit = figure(value, unit_symbol)
    return f"{number(shown, lang)}\u00a0{unit(shown_unit, lang)}"


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


# a thousand litres, a thousand megajoules (totals only: a quantity per year, such as litres
# of diesel, stays in its own unit)
_LARGER: dict[str, tuple[str, float]] = {}  # by the criteria's records (add_amount_suffix)


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
    if unit == CALENDAR_YEAR:  # 2026, never 2 030 (three digits) nor 2 026
        return int(value), ""
    if base == "EUR" and abs(value) >= 100:  # whole euros, as a budget writes them
        return round(value), unit
    if unit == "years":
        return round(value, 1), unit
    if unit in _LARGER and abs(value) >= _LARGER[unit][1]:
        larger, per_larger = _LARGER[unit]
        return significant(value / per_larger), larger
    return significant(value), unit


def figures_together(values: list[float], unit: str) -> tuple[list[float], str]:
    """Figures of one rubric in one unit, as ``figure`` rounds them: tonnes for every CO2e
    mass when the largest is a tonne or more (3.75 kg beside 7.1 t is 0.0038 tCO2e, not a
    row in kilograms), cubic metres for litres and gigajoules for megajoules from a thousand.
    A figure below one of the shared unit keeps two significant digits (never 0 for 3.75 kg)."""
    def is_figure(value: Any) -> bool:
        return isinstance(value, (int, float)) and not isinstance(value, bool) and \
            math.isfinite(value)

    base, per = unit.partition("/")[::2]
    larger = {"kgCO2e": ("tCO2e", KG_PER_TONNE), **_LARGER}.get(base)
    largest = max((abs(v) for v in values if is_figure(v)), default=0.0)
    if larger is None or largest < larger[1]:
        return [figure(v, unit)[0] for v in values], unit
    shown_unit, per_larger = larger[0] + (f"/{per}" if per else ""), larger[1]
    out = []
    for value in values:
        if not is_figure(value):
            out.append(value)
        elif abs(value) >= per_larger:
            out.append(figure(value, unit)[0] if base == "kgCO2e"
                       else significant(value / per_larger))
        else:
            out.append(significant(value / per_larger, 2))
    return out, shown_unit


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
    if unit == CALENDAR_YEAR:
        return str(int(value)), ""
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


def percent(share: float, lang: str, significant: bool = False) -> str:
    """0.9 as 90% in English, 90 % in French: a narrow no-break space before the sign, as
    French typography writes it (the CLDR puts a wider no-break space there). ``significant``:
    three significant digits (0.095 %) instead of whole percents (a small share shown 0 %)."""
    if significant:
        shown = number(share * PERCENT_PER_FRACTION, lang)
        return f"{shown}%" if lang == "en" else f"{shown}{THIN_SPACE}%"
    if lang == "en":
        return f"{share:.0%}"
    return f"{share * PERCENT_PER_FRACTION:.0f}{THIN_SPACE}%"


_UNIT_WORDS_FR = {"years": "ans", "year": "an", "day": "jour", "request": "requête",
                  "unit": "unité", "days": "jours", "requests": "requêtes", "runs": "exécutions",
                  "devices": "équipements", "items": "unités", "GB": "Go"}
_UNIT_WORD = re.compile(r"[A-Za-z]+")


def unit(symbol: str, lang: str) -> str:
    """A unit in ``lang``: L/year becomes L/an in French; symbols (kgCO2e, kWh, km) stay."""
    if symbol.split("/")[0] in UNIT_SYMBOLS:
        head, _, per = symbol.partition("/")
        symbol = UNIT_SYMBOLS[head][lang] + (f"/{per}" if per else "")
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


def joined(items: Any, lang: str) -> str:
    """Items of a list in one sentence, separated as the language writes a semicolon (a thin
    no-break space before it in French)."""
    return (f"{THIN_SPACE}; " if lang == "fr" else "; ").join(str(item) for item in items)


def _param(name: str, value: Any, lang: str, escape: Any = None) -> str:
    quoted = (lambda shown: shown) if escape is None else escape  # a quoted text, as typed
    if name.endswith("_english"):  # for people who read the English only (see its entry)
        return text(value, lang, escape) if lang == "en" else ""
    if name.endswith("_short") and isinstance(value, (str, Message)):
        return quoted(short(value, lang))
    if isinstance(value, (Message, Quote)):
        return text(value, lang, escape)
    if name == "country_iso3" and isinstance(value, str):
        return quoted(country(value, lang) or value)
    if name == "unit" and isinstance(value, str):
        return quoted(unit(value, lang))
    if name.endswith("_listed") and isinstance(value, (list, tuple)):  # "a, b and c"
        from babel.lists import format_list
        return format_list([_param("item", v, lang, escape) for v in value], locale=lang)
    if isinstance(value, (list, tuple)):
        return joined([_param(name if name.endswith("_short") else "item", v, lang, escape)
                       for v in value], lang)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return quoted(str(value))
    if name.endswith("_kgco2e"):
        return kgco2e(value, lang)
    if name.endswith("_eur"):
        return euros(value, lang)
    if name.rsplit("_", 1)[-1] in _SUFFIX_UNITS and "_" in name:
        return amount(value, _SUFFIX_UNITS[name.rsplit("_", 1)[1]], lang)
    if name.endswith("_share"):
        return percent(value, lang)
    if name.endswith("_exact"):  # every digit, no exponent (bounds in error messages)
        return plain_number(value, lang)
    if name.endswith("_number"):
        return number(value, lang)
    return str(value)


def _render(code: str, params: dict[str, Any], lang: str, plural: str | None = None,
            count: str | None = None, escape: Any = None) -> str:
    template = _template(code, lang, plural, params.get(count) if count else None)
    return template.format(**{k: _param(k, v, lang, escape) for k, v in params.items()})


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


# Words the code picks by a key (a status, a verdict, an answer), so that each is a literal
# the tests find in the catalogue.
STATUS_WORDS = {"computed": msg("computed"), "entered": msg("entered"),
                "measured": msg("measured"), "default": msg("default"),
                "assumption": msg("assumption"), "published": msg("published"),
                "declared": msg("declared by the provider"),
                "derived": msg("derived"), "not answered": msg("not answered"),
                "not counted": msg("not counted")}
VERDICT_WORDS = {"positive": msg("positive"), "negative": msg("negative"),
                 "uncertain": msg("uncertain"), "incomplete": msg("to be completed")}
# the verdict as a heading says it ("Positive balance"), one phrase per verdict
VERDICT_HEADLINES = {"positive": msg("Positive balance"), "negative": msg("Negative balance"),
                     "uncertain": msg("Uncertain balance"),
                     "incomplete": msg("Balance to be completed")}
DOMAIN_WORDS = {"climate": msg("climate policy"),
                "general_interest": msg("other public interest")}
# the ethics committee's opinions (store/committee.py)
DECISION_WORDS = {"favourable": msg("favourable"),
                  "favourable_with_conditions": msg("favourable with conditions"),
                  "unfavourable": msg("unfavourable"),
                  "postponed": msg("postponed pending information")}
# the roles of the people using the app (store/committee.py)
ROLE_WORDS = {"lead": msg("project lead"), "member": msg("committee member"),
              "admin": msg("administrator")}
# the audit log's actions (store/committee.py, store/library.py)
AUDIT_ACTION_WORDS = {"save": msg("saved a version"), "retain": msg("retained a scenario"),
                      "archive": msg("archived"), "unarchive": msg("brought back"),
                      "submit": msg("submitted to the committee"),
                      "draft opinion": msg("drafted an opinion"),
                      "publish opinion": msg("published an opinion"),
                      "grant role": msg("gave a role"), "withdraw role": msg("withdrew a role"),
                      "add owner": msg("made an owner of the project"),
                      "record results": msg("recorded a year's results"),
                      "import register": msg("imported another authority's register")}


def capital(words: str) -> str:
    """The first letter in capital, the rest as it is (a word heading a table cell)."""
    return words[:1].upper() + words[1:]


def word(kind: dict[str, "Message"], key: str, lang: str) -> str:
    """The word for ``key`` in one of the tables above, in ``lang`` (an unknown key as it is)."""
    return text(kind[key], lang) if key in kind else str(key)
