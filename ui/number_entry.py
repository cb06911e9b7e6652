"""How a number a person types is read and written back: in the way their language writes it
(``i18n.parse_number``: 0,038 and 1 234,5 in French), within the bounds the scenario's schema
gives the field, with what is wrong said in words. The form's fields use it, and so do the
error banner and the sidebar, so that a value the form could not take is described in the same
words everywhere (``entry_problem``), not in the scenario file's."""

from __future__ import annotations

import math
import re
from typing import Any

from calculators import i18n
from calculators.i18n import msg
from calculators.scenario import FieldSpec, field_spec, paths
from calculators.scenario.parse import SMALLEST_NUMBER

from . import language

PERCENT_SPEC = FieldSpec(0, None, 100, False, False)


def field_text(value: Any, lang: str | None = None) -> str:
    """A value as a number field shows it: every digit (no exponent), thousands grouped and
    the decimal separator of the language (1 234,5 in French); a text as it was typed."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or not isinstance(value, (int, float)) or (
            isinstance(value, float) and not math.isfinite(value)):
        return str(value)
    return i18n.plain_number(value, lang or language.current())


def is_year(path: str) -> bool:
    """True for a field that holds a calendar year (``finance.start_year``): written 2027,
    never grouped as an amount (2 027)."""
    return path.endswith("_year") and not path.endswith("_per_year")


def accepted_text(spec: FieldSpec, *, year: bool = False) -> str:
    """What a numeric field accepts, in words (for its help and its error); ``year``: its
    bounds are years, written without grouping."""
    low = spec.minimum if spec.minimum is not None else spec.exclusive_minimum
    lang = language.current()

    def shown(bound: float) -> str:
        return str(int(bound)) if year else field_text(bound, lang)

    parts = {"low": shown(low) if low is not None else "",
             "high": shown(spec.maximum) if spec.maximum is not None else ""}
    what = language.t("a whole number") if spec.integer else language.t("a number")
    if low is not None and spec.maximum is not None:
        if spec.exclusive_minimum is not None:
            return language.t("{what} above {low} and at most {high}", what=what, **parts)
        return language.t("{what} from {low} to {high}", what=what, **parts)
    if low is not None:
        return language.t("{what} of at least {low}", what=what, low=parts["low"])
    return what


# what may surround an amount in euros, as people type it ("45 000 €", "€45,000", "45 000 EUR")
_EUROS = re.compile(r"^\s*(?:€|eur(?:os?)?\b)?\s*(.*?)\s*(?:€|eur(?:os?)?)?\s*$", re.IGNORECASE)


def is_money(path: str) -> bool:
    """True for a field in euros (``finance.hardware_eur``, ``running_eur_per_year``)."""
    return path.endswith(("_eur", "_eur_per_year"))


def read_number(text: str, spec: FieldSpec, *, money: bool = False, year: bool = False
                ) -> tuple[float | int | None, str | None]:
    """(value, None) for an accepted number (None when empty); (value, what is wrong) for a
    number the field does not accept; (None, what is wrong) for a text that is no number, or
    one too close to zero to compute with (1e-400 reads as 0: the text is kept, not a 0).
    ``money``: an amount in euros, which may be typed with its sign (45 000 €, 45 000 EUR);
    ``year``: a calendar year, its bounds said ungrouped (2018 to 2050)."""
    if money:  # the sign goes, if a number stays (what is wrong is said of what was typed)
        amount = _EUROS.match(text).group(1)
        text = amount if any(c.isdigit() for c in amount) else text
    try:
        value = i18n.parse_number(text, language.current())
    except i18n.NumberFormatError as exc:
        return None, language.say(exc.message)
    if value is None:
        return None, None
    if _underflows(text, value):  # 1e-310 or 1e-400: the scenario could not compute with it
        return None, language.say(msg(
            "is too close to zero to compute with ({got}): enter 0 or a number of at least "
            "{smallest} in size", got=text.strip(), smallest="1e-300"))
    if not spec.accepts(value):
        return value, language.t("{value} is outside what this field accepts: {accepted}",
                                 value=text.strip(), accepted=accepted_text(spec, year=year))
    return (int(value) if spec.integer else value), None


def _underflows(text: str, value: float) -> bool:
    """A number too close to zero to compute with (the scenario's rule, SMALLEST_NUMBER):
    below 1e-300 but not 0, or read as 0 from a text with a digit other than 0 before its
    exponent (1e-400 is no zero a person meant)."""
    if value != 0:
        return abs(value) < SMALLEST_NUMBER
    mantissa = text.lower().split("e")[0]
    return any(c in "123456789" for c in mantissa)


def entry_problem(data: dict[str, Any], field: str) -> str | None:
    """What the form says about the value ``data`` holds at ``field`` (a number field's path,
    ``benefits[0].quantity_per_year``) when it is a text the form could not read as a number
    (kept as typed) or a number outside the field's bounds; None when ``field`` is no number
    field, holds no such value (a range, a list...) or the value is fine there (a number
    written as text in a file: the file's own message says what is wrong)."""
    try:
        spec = field_spec(field)
    except (KeyError, IndexError, TypeError, ValueError):
        return None
    value: Any = data
    for key in paths.parts(field):
        try:
            value = value[key]
        except (KeyError, IndexError, TypeError):
            return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    year = is_year(field)
    if year and isinstance(value, (int, float)) and math.isfinite(value) and \
            value == int(value):
        typed = str(int(value))
    elif isinstance(value, float) and 0 < abs(value) < SMALLEST_NUMBER:
        typed = repr(value)  # 1e-310, not 310 digits
    else:
        typed = field_text(value)
    return read_number(typed, spec, money=is_money(field), year=year)[1]
