"""Errors in a scenario, put into words: the field's path and what it accepts, read from the
schema (``accepted``), in the reader's language (each message is an ``i18n.Message``)."""

from __future__ import annotations

import difflib
import json
from typing import Any

import jsonschema

from .. import registration
from ..i18n import Message, msg
from .paths import path_text


class ScenarioError(ValueError):
    """An invalid scenario: ``field`` is the dotted path of the offending value."""

    def __init__(self, field: str, message: str | Message):
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}" if field else message)


_KIND_WORDS = {"integer": msg("a whole number"), "number": msg("a number"),
               "string": msg("text"), "boolean": msg("true or false"), "array": msg("a list"),
               "object": msg("an object")}


def accepted(schema: dict[str, Any]) -> Message:
    """Plain description of what a schema accepts, for error messages. The schema's own
    description (English, for people who write scenario files) follows it in English only:
    in French the field's name and the accepted values say it."""
    if "enum" in schema:
        return msg("one of {values}", values=", ".join(json.dumps(v) for v in schema["enum"]))
    if "const" in schema:
        return msg("{value}", value=json.dumps(schema["const"]))
    kind = schema.get("type")
    what: Any = _KIND_WORDS.get(kind, msg("a value")) if isinstance(kind, str) else msg(
        "a value")
    if kind == "string" and schema.get("minLength", 0) >= 1:
        what = msg("non-empty text")
    low = schema.get("minimum")
    low_ex = schema.get("exclusiveMinimum")
    high = schema.get("maximum")
    if low is not None and high is not None:
        what = msg("{what} from {low_exact} to {high_exact}", what=what, low_exact=low,
                   high_exact=high)
    elif low_ex is not None and high is not None:
        what = msg("{what} above {low_exact} and at most {high_exact}", what=what,
                   low_exact=low_ex, high_exact=high)
    elif low is not None:
        what = msg("{what} of at least {low_exact}", what=what, low_exact=low)
    elif low_ex is not None:
        what = msg("{what} above {low_exact}", what=what, low_exact=low_ex)
    if kind == "string" and schema.get("pattern") == "^[A-Za-z]{3}$":
        what = msg("{what} (3 letters)", what=what)
    if kind == "string" and schema.get("pattern", "").startswith(registration.EMAIL):
        what = msg("an e-mail address (or nothing)")
    if kind == "string" and schema.get("pattern", "").startswith(registration.URL):
        what = msg("an address starting with https:// (or nothing)")
    if kind == "array" and "maxItems" in schema:
        what = msg("{what} of at most {count} items", what=what, count=schema["maxItems"])
    if kind == "string" and "maxLength" in schema:
        what = msg("{what} of at most {count} characters", what=what,
                   count=schema["maxLength"])
    desc = schema.get("description")
    return msg("accepted_described", what=what, description_english=": " + desc) if desc else what


def shown(value: Any) -> str:
    """A value as JSON writes it, at most 60 characters, any lone surrogate escaped (it could
    not be printed nor encoded)."""
    text = json.dumps(value, ensure_ascii=False, allow_nan=True)
    text = text if len(text) <= 60 else text[:57] + "..."
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def schema_error(error: jsonschema.ValidationError) -> ScenarioError:
    field = path_text(error.absolute_path)
    schema = error.schema if isinstance(error.schema, dict) else {}
    if error.validator == "required":
        missing = [k for k in error.validator_value if k not in (error.instance or {})]
        key = missing[0] if missing else "?"
        sub = schema.get("properties", {}).get(key, {})
        where = f"{field}.{key}" if field else key
        return ScenarioError(where, msg("is required; expected {accepted}",
                                        accepted=accepted(sub)))
    if isinstance(error.instance, str) and not error.instance.strip():  # a field left empty
        expected = schema["anyOf"][0] if error.validator == "anyOf" and schema.get("anyOf") \
            else schema
        return ScenarioError(field or "scenario", msg("is empty; expected {accepted}",
                                                      accepted=accepted(expected)))
    if error.validator == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        extra = sorted(set(error.instance) - set(allowed))
        key = extra[0] if extra else "?"
        close = difflib.get_close_matches(key, allowed, n=1)
        where = f"{field}.{key}" if field else key
        if close:
            return ScenarioError(where, msg("unknown key (did you mean {close}?); accepted keys "
                                            "here: {keys}", close=repr(close[0]),
                                            keys=", ".join(allowed)))
        return ScenarioError(where, msg("unknown key; accepted keys here: {keys}",
                                        keys=", ".join(allowed)))
    if error.validator == "anyOf" and len(schema.get("anyOf", ())) == 2:
        number, range_schema = schema["anyOf"]
        if isinstance(error.instance, dict):
            inner = sorted(jsonschema.Draft202012Validator(range_schema).iter_errors(
                error.instance), key=lambda e: list(map(str, e.absolute_path)))
            if inner:
                sub = schema_error(inner[0])
                sub_field = sub.field if sub.field != "scenario" else ""
                message = sub.message
                if inner[0].validator not in ("required", "additionalProperties"):
                    message = msg("must be {accepted}; got {got}", accepted=accepted(number),
                                  got=shown(inner[0].instance))
                return ScenarioError(f"{field}.{sub_field}" if sub_field else field, message)
        return ScenarioError(field, msg('must be {accepted}, or a range {{"low": .., "likely": '
                                        '.., "high": ..}}; got {got}', accepted=accepted(number),
                                        got=shown(error.instance)))
    if error.validator == "oneOf" and field == "alternative":
        if isinstance(error.instance, dict):
            # report what is wrong inside the object form rather than "not valid under oneOf"
            inner = list(jsonschema.Draft202012Validator(schema["oneOf"][1]).iter_errors(
                error.instance))
            if inner:
                sub = jsonschema.exceptions.best_match(inner)
                sub_err = schema_error(sub)
                return ScenarioError(f"alternative.{sub_err.field}" if sub_err.field
                                     else "alternative", sub_err.message)
        return ScenarioError(field, msg("must be null (no alternative considered) or an object "
                                        "with description, footprint_kgco2e_per_year and "
                                        "benefits_kgco2e_per_year; got {got}",
                                        got=shown(error.instance)))
    return ScenarioError(field or "scenario", msg("must be {accepted}; got {got}",
                                                  accepted=accepted(schema),
                                                  got=shown(error.instance)))


def unknown(field: str, value: str, choices) -> ScenarioError:
    choices = sorted(choices)
    close = difflib.get_close_matches(value, choices, n=3)
    shown = ", ".join(choices) if len(choices) <= 20 else msg(
        "{first}, ... ({count} in all)", first=", ".join(choices[:20]), count=len(choices))
    if close:
        return ScenarioError(field, msg("unknown value {value}; did you mean {close}? Accepted: "
                                        "{accepted}", value=repr(value), close=", ".join(close),
                                        accepted=shown))
    return ScenarioError(field, msg("unknown value {value} Accepted: {accepted}",
                                    value=repr(value), accepted=shown))
