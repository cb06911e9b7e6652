"""Register entry: what the public algorithm registers ask about the project that its balance
does not say (who is responsible, the legal basis, the data, who can intervene, how to
object). Kept in the scenario, saved with it, published in the register's files in the words of
Eurocities' standard 0.3.1 and Etalab's inventory (report/standards.py) once the project is
before the ethics committee."""

import streamlit as st

from calculators import i18n, registration
from calculators.scenario import field_spec
from ui import language, router, state
from ui.number_entry import read_number
from ui.language import plain, t

router.ensure_routed()

ERRORS = "_registration_errors"  # field key -> (the text typed, what is wrong with it)


def page() -> None:
    sc = state.scenario()
    st.title(t("Register entry"))
    st.caption(t("What the public algorithm registers ask about the project that its balance "
                 "does not say. Saved with the scenario; once the project is before the ethics "
                 "committee, the public register publishes it in the words of two standards: "
                 "Eurocities' Algorithmic Transparency Standard 0.3.1 (Amsterdam, Helsinki and "
                 "seven other cities) and Etalab's inventory sheet. The name, the balance, the "
                 "non-AI alternative and the dates are written by the tool."))
    entry = sc.get("registration") or {}
    settings = registration.authority()
    lacking = registration.missing(entry, settings)
    required = len(registration.ASKED_REQUIRED)
    if lacking:
        st.warning(t("Fields the Eurocities standard requires: {given} of {count} given. "
                     "Still to fill: {fields_listed}. Until then the project is left out of the "
                     "register's Eurocities file (Etalab's inventory lists it, with what it "
                     "says).", given=required - len(lacking), count=required,
                     fields_listed=[t(registration.BY_KEY[k].label) for k in lacking]),
                   icon=":material/checklist:")
    else:
        st.success(t("Every field the Eurocities standard requires is given."),
                   icon=":material/task_alt:")
    if not any(settings.values()):
        st.caption(t("An administrator can give the authority's name, area and contact once "
                     "for every project (APP_AUTHORITY_ORGANISATION, APP_AUTHORITY_AREA, "
                     "APP_AUTHORITY_CONTACT_EMAIL: the README)."))
    starts = {first: heading for heading, first in registration.GROUPS}
    for field in registration.FIELDS:
        if field.key in starts:
            st.subheader(t(starts[field.key]))
        _field(sc, field, settings)


def _write(field: registration.Field, widget: str) -> None:
    """The field's ``on_change``: what was typed goes into the scenario at once, unless it
    cannot be kept (the widget keeps it, and says why)."""
    sc = state.scenario()
    errors = st.session_state.setdefault(ERRORS, {})
    typed = st.session_state.get(widget)
    errors.pop(field.key, None)
    if field.kind == "choice":
        value = typed
    elif field.kind == "count":
        text = typed if isinstance(typed, str) else ""
        value, problem = read_number(text, field_spec(f"registration.{field.key}"))
        if problem:
            errors[field.key] = (text, problem)
            return
    else:
        value = (typed or "").strip()
        problem = registration.problem(field, value)
        if problem:
            errors[field.key] = (typed, t(problem, count=field.max_chars))
            return
    entry = dict(sc.get("registration") or {})
    if value is None and field.kind in ("choice", "count"):
        entry.pop(field.key, None)
    else:
        entry[field.key] = value
    if entry:
        sc["registration"] = entry
    else:
        sc.pop("registration", None)


def _field(sc: dict, field: registration.Field, settings: dict[str, str]) -> None:
    entry = sc.get("registration") or {}
    widget = state.key(f"reg_{field.key}")
    label = t(field.label)
    help_text = t(field.help)
    if field.key in registration.AUTHORITY_SETTINGS and settings.get(field.key):
        help_text += " " + t("Prefilled from the authority's settings ({variable}).",
                             variable=registration.AUTHORITY_SETTINGS[field.key])
    shown = registration.value(entry, field.key, settings)
    # a text the entry could not take stays in its field, said wrong, until it is mended
    # (another page visited in between included)
    pending = st.session_state.get(ERRORS, {}).get(field.key)
    if pending is not None:
        shown = pending[0]
    options = {"on_change": _write, "args": (field, widget), "key": widget}
    if field.kind == "choice":
        codes = [c for c, _ in field.choices]
        st.selectbox(label, codes, index=codes.index(shown) if shown in codes else None,
                     format_func=language.labels(codes, lambda c: t(registration.words(
                         field, c))), placeholder=t("choose"), help=help_text, **options)
    elif field.kind == "text":
        st.text_area(label, value=shown or "", max_chars=field.max_chars, help=help_text,
                     height=100, **options)
    else:
        text = "" if shown is None else (
            i18n.number(shown, language.current(), 0) if isinstance(shown, (int, float))
            else str(shown))
        st.text_input(label, value=text, max_chars=field.max_chars, help=help_text,
                      **options)
    if pending is not None:
        st.error(t("{field}: {message}", field=t(field.label), message=plain(pending[1])),
                 icon=":material/error:")


page()
