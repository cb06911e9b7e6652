"""Editing helpers: each widget reads its value from the scenario and writes it back.

Every number a person types is read the way their language writes it (``i18n.parse_number``:
0,038 and 1 234,5 in French), takes its bounds from the scenario's schema
(``scenario.field_spec``), and says at the field what is wrong; a text that is not a number is
kept in the scenario as typed, so the scenario's error names the field and nothing typed is
lost. Lists (devices, equipment, benefits) are edited one line at a time, each line a small
form with labelled widgets, a Remove button, and a note when it is incomplete.
"""

from __future__ import annotations

import json
import uuid
from typing import Any, Callable, Iterable, Mapping, NamedTuple

import streamlit as st

from calculators.scenario import FieldSpec, field_spec
# ranges {low, likely, high} and their "± %" live with the scenario's paths
from calculators.scenario.paths import (RANGE_KEYS, is_range, likely,  # noqa: F401
                                        plus_minus_percent, with_plus_minus)
from calculators.units import PERCENT_PER_FRACTION

from . import language, state
# how a typed number is read: kept in number_entry, which the error banner uses too
from .number_entry import (PERCENT_SPEC, accepted_text, field_text, is_money,  # noqa: F401
                           read_number)


def _help(help: str, spec: FieldSpec) -> str:
    return f"{help} " + language.t("Accepted: {accepted}.", accepted=accepted_text(spec))


def number(container: dict[str, Any], field: str, label: str, *, path: str, key: str,
           help: str, default: float | None = None, optional: bool = False,
           uncertain: bool = False, uncertainty_help: str = "",
           placeholder: str | None = None) -> float | None:
    """A number field bound to ``container[field]``, the scenario's field ``path`` (its bounds
    come from the schema). ``optional``: empty means the default (the key is removed).
    ``uncertain``: a "± %" field beside it turns the value into a range {low, likely, high};
    empty means exact (or the field's default uncertainty, said in ``uncertainty_help``).
    Returns the number taken, or None (empty, or not a number: then the text is kept in the
    scenario and the field says what is wrong). What is typed reaches the scenario at the
    start of the next run, whichever page that run draws (``taken``)."""
    spec = field_spec(path)
    original = container.get(field, None if optional else default)
    where = st.columns([4, 1]) if uncertain else [st.container()]
    keys = (state.key(key), state.key(f"{key}__pm") if uncertain else None)
    take = (_take_number, container, field, keys, path, optional, default)
    text = where[0].text_input(
        label, value=field_text(likely(original)), key=keys[0], help=_help(help, spec),
        placeholder=placeholder if placeholder is not None else (
            language.t("default") if optional else None), **taken(*take))
    percent_text = None
    if uncertain:
        percent_text = where[1].text_input(
            "± %", value=field_text(plus_minus_percent(original)), key=keys[1],
            placeholder=language.t("exact"), **taken(*take),
            help=language.t("How uncertain this value is: plus or minus this percentage of it. "
                            "Empty: exact.") + (f" ({uncertainty_help})" if uncertainty_help
                                                else ""))
    value, error, percent_error = _write_number(container, field, text, percent_text, path,
                                                optional, original)
    if error:
        # the message quotes what was typed: escaped, shown as typed (never a link or bold)
        st.error(language.t("{field}: {message}", field=label, message=language.plain(error)),
                 icon=":material/error:")
        return None
    if percent_error:
        st.error(language.t("{field}: {message}", field=f"{label} ± %",
                            message=language.plain(percent_error)), icon=":material/error:")
    return value


def _write_number(container: dict[str, Any], field: str, text: str, percent_text: str | None,
                  path: str, optional: bool, original: Any
                  ) -> tuple[float | None, str | None, str | None]:
    """Write what was typed in a number field (and its "± %") into ``container[field]``; the
    number taken, and what is wrong with the number and with the percentage."""
    spec = field_spec(path)
    value, error = read_number(text, spec, money=is_money(path))
    percent, percent_error = None, None
    if percent_text is not None:
        percent, percent_error = read_number(percent_text, PERCENT_SPEC)
        if percent_error:  # the range stays as it was until the percentage is a number
            percent = plus_minus_percent(original)
    if error:
        # kept as typed (a number out of bounds, or the text): the scenario's error names it
        container[field] = text.strip() if value is None else value
        return None, error, percent_error
    if value is None:
        if optional:
            container.pop(field, None)
        else:
            container[field] = text.strip()  # required and empty: named by the scenario
        return None, None, percent_error
    container[field] = with_plus_minus(value, percent, original, spec)
    return value, None, percent_error


def _take_number(container: dict[str, Any], field: str, keys: tuple[str, str | None],
                 path: str, optional: bool, default: float | None) -> None:
    text = st.session_state.get(keys[0])
    if not isinstance(text, str):
        return
    percent_text = st.session_state.get(keys[1]) if keys[1] else None
    original = container.get(field, None if optional else default)
    if keys[1] and not isinstance(percent_text, str):
        percent_text = field_text(plus_minus_percent(original))
    _write_number(container, field, text, percent_text, path, optional, original)


def taken(write: Callable[..., None], *args: Any) -> dict[str, Any]:
    """The ``on_change`` of a field bound to the scenario: ``write(*args)`` puts what was typed
    into the scenario as soon as the browser sends it, before anything else runs.

    A field commits when it loses focus, a frame after the click that took the focus; the
    page's script (``browser.commitsFirst``) holds a link or button clicked at once until
    the run carrying the field has started. Written at the start of that run, before
    Streamlit can stop it for the click's, the edit is kept whichever page runs next, and a
    field drawn again shows it."""
    return {"on_change": write, "args": args}


def typed_number(label: str, *, key: str, help: str, spec: FieldSpec,
                 value: float | None = None, placeholder: str | None = None
                 ) -> float | None:
    """A number field not bound to the scenario (a value a button then uses): the number
    typed, or None when empty or wrong (the field then says why)."""
    text = st.text_input(label, value=field_text(value), key=key, help=_help(help, spec),
                         placeholder=placeholder)
    number_, error = read_number(text, spec)
    if error:
        st.error(language.t("{field}: {message}", field=label, message=language.plain(error)),
                 icon=":material/error:")
        return None
    return number_


def percent_slider(old: dict[str, Any], new: dict[str, Any], field: str, label: str, *,
                   key: str, help: str) -> None:
    """A 0-100 % slider for the fraction ``old[field]`` (0 to 1); writes the fraction into
    ``new`` when it is above zero."""
    current = likely(old.get(field, 0.0))
    if not isinstance(current, (int, float)):
        current = 0.0
    percent = st.slider(label, 0, 100, int(round(PERCENT_PER_FRACTION * current)),
                        key=state.key(key), help=help, format="%d %%")
    if percent:
        new[field] = percent / PERCENT_PER_FRACTION


def factor_name(factors: Mapping[str, Any]):
    """A format function for a choice among the keys of a data/ table: the row's label in the
    current language (the key is what the scenario keeps)."""
    return lambda key: (language.say(factors[key].label) if key in factors
                        else language.t("other") if key == "other" else str(key))


# -- lists edited one line at a time ---------------------------------------------------------

class Field(NamedTuple):
    """One field of a line: ``kind`` is text, choice or number."""

    key: str
    label: str
    kind: str
    help: str = ""
    options: tuple[Any, ...] = ()
    format: Callable[[Any], str] | None = None
    required: bool = False
    uncertain: bool = False
    uncertainty_help: str = ""
    more: bool = False          # shown under "More details", folded
    # what an empty field shows: a text, or made from the line (the default its kind gives)
    placeholder: str | Callable[[dict[str, Any]], str] | None = None
    max_chars: int = 200


def default_from(table: Mapping[str, Any], by: str) -> Callable[[dict[str, Any]], str]:
    """A placeholder that names the value an empty field takes: the ``value`` of ``table``'s
    row for the line's ``by`` (its kind, its model), "default: 10"; "default" while the line
    has no such row (no kind chosen yet, or "other")."""
    def placeholder(item: dict[str, Any]) -> str:
        row = table.get(item.get(by)) if isinstance(item.get(by), str) else None
        if row is None:
            return language.t("default")
        return language.t("default: {value}", value=field_text(row.value))
    return placeholder


def _uids(name: str, count: int) -> list[str]:
    """Stable ids of the lines (widget keys follow a line when another is removed)."""
    ids_key = state.key(f"{name}__uids")
    uids = st.session_state.get(ids_key)
    if not isinstance(uids, list) or len(uids) != count:
        uids = [uuid.uuid4().hex[:8] for _ in range(count)]
        st.session_state[ids_key] = uids
    return uids


def _section(path: tuple[str, ...]) -> list[dict[str, Any]]:
    node: Any = state.scenario()
    for part in path[:-1]:
        node = node.setdefault(part, {})
    return node.setdefault(path[-1], [])


FOCUS = "_focus_new_line"  # the list whose line was just added: its first field gets focus

# The keyboard goes on where the person is: after "Add", to the new line's first field (it
# stayed on the button, 42 to 47 Tab presses away). Its address: the line's keyed block.
_FOCUS_SCRIPT = """<script>// # not shown: the page's script, not text for people
(function () {
  const started = performance.now();
  (function focus() {
    const field = document.querySelector(%(block)s + " input, " + %(block)s + " textarea");
    if (field) { field.focus(); return; }
    if (performance.now() - started < 3000) setTimeout(focus, 50);
  })();
})();
</script>"""


# Lines drawn at once: an inventory of a few hundred devices is ordinary, and Streamlit 1.67
# copies the whole session state for each keyed text field it draws (text_input's
# filtered_state), so a page of N lines cost N² (the Hardware page: 1.6 s at 50 lines, 24 s
# at 200, issue 34). Longer lists are shown a page of lines at a time, the others kept as
# they are in the scenario.
LINES_PER_PAGE = 10


def _page_key(name: str) -> str:
    return f"_{name}__lines_page"  # not a widget's: kept across scenario revisions


def _add(name: str, path: tuple[str, ...], template: dict[str, Any]) -> None:
    _section(path).append(dict(template))
    _uids(name, len(_section(path)) - 1).append(uuid.uuid4().hex[:8])
    st.session_state[FOCUS] = name
    # the page of the line just added (the last), in the list that chooses it too
    last = (len(_section(path)) - 1) // LINES_PER_PAGE
    st.session_state[_page_key(name)] = last
    st.session_state[state.key(f"{name}__pages")] = last


def _remove(name: str, path: tuple[str, ...], index: int) -> None:
    items = _section(path)
    uids = _uids(name, len(items))
    if 0 <= index < len(items):
        items.pop(index)
        uids.pop(index)


def _choice(item: dict[str, Any], field: Field, key: str) -> None:
    options = list(field.options)
    current = item.get(field.key)
    if current is not None and current not in options:
        options.append(current)  # a value from a file: shown, kept
    # labels written now, in the language of this run: the widget keeps them as they are
    labels = {o: (field.format or str)(o) for o in options}
    chosen = st.selectbox(field.label, options,
                          index=options.index(current) if current in options else None,
                          format_func=labels.get, key=key, help=field.help or None,
                          placeholder=field.placeholder or language.t("Choose an option"))
    if chosen is None:
        item.pop(field.key, None)
    else:
        item[field.key] = chosen


def _text(item: dict[str, Any], field: Field, key: str) -> None:
    typed = st.text_input(field.label, value=item.get(field.key) or "", key=key,
                          max_chars=field.max_chars, help=field.help or None,
                          placeholder=field.placeholder, **taken(_take_text, item, field.key,
                                                                  key))
    _write_text(item, field.key, typed)


def _write_text(item: dict[str, Any], field: str, typed: str) -> None:
    typed = typed.strip()
    if typed:
        item[field] = typed
    else:
        item.pop(field, None)


def take_as_typed(container: dict[str, Any], field: str, key: str) -> None:
    """``taken``'s write for a text kept as typed (a project's name, its description)."""
    typed = st.session_state.get(key)
    if isinstance(typed, str):
        container[field] = typed


def take_text(item: dict[str, Any], field: str, key: str) -> None:
    """``taken``'s write for a short text: trimmed, and left out when empty."""
    _take_text(item, field, key)


def _take_text(item: dict[str, Any], field: str, key: str) -> None:
    typed = st.session_state.get(key)
    if isinstance(typed, str):
        _write_text(item, field, typed)


def _fields(item: dict[str, Any], fields: Iterable[Field], section: str, name: str,
            uid: str) -> None:
    fields = list(fields)
    for start in range(0, len(fields), 2):
        columns = st.columns(2)
        for field, column in zip(fields[start:start + 2], columns, strict=False):
            key = state.key(f"{name}_{uid}_{field.key}")
            if callable(field.placeholder):
                field = field._replace(placeholder=field.placeholder(item))
            with column:
                if field.kind == "choice":
                    _choice(item, field, key)
                elif field.kind == "text":
                    _text(item, field, key)
                else:
                    number(item, field.key, field.label, path=f"{section}[].{field.key}",
                           key=f"{name}_{uid}_{field.key}", help=field.help,
                           optional=not field.required, uncertain=field.uncertain,
                           uncertainty_help=field.uncertainty_help,
                           placeholder=field.placeholder)


def _shown_lines(name: str, items: list[dict[str, Any]],
                 title: Callable[[dict[str, Any]], str]) -> range:
    """The lines drawn in this run: all of them up to LINES_PER_PAGE, else one page of them,
    chosen in a list that names each page by its lines' numbers and first and last names."""
    pages = max(1, -(-len(items) // LINES_PER_PAGE))
    if pages == 1:
        return range(len(items))
    key = _page_key(name)
    page = st.session_state.get(key, 0)
    page = page if isinstance(page, int) and 0 <= page < pages else pages - 1

    def named(number: int) -> str:
        first, last = number * LINES_PER_PAGE, min(len(items), (number + 1) * LINES_PER_PAGE)
        return language.t("Lines {first} to {last} of {count} ({first_name} … {last_name})",
                          first=first + 1, last=last, count=len(items),
                          first_name=title(items[first]) or "—",
                          last_name=title(items[last - 1]) or "—")
    # the labels written in this run (a list keeps its format function for later reruns)
    labels = {number: named(number) for number in range(pages)}
    chosen = st.selectbox(
        language.t("Lines shown"), list(range(pages)), index=page, format_func=labels.get,
        key=state.key(f"{name}__pages"),
        help=language.t("A long list is shown {count} lines at a time; the others are kept as "
                        "they are.", count=LINES_PER_PAGE))
    st.session_state[key] = chosen
    return range(chosen * LINES_PER_PAGE, min(len(items), (chosen + 1) * LINES_PER_PAGE))


def lines(name: str, path: tuple[str, ...], fields: list[Field], *, title: Callable[
          [dict[str, Any]], str], add_label: str, empty_text: str,
          template: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Edit the list at ``path`` of the scenario one line at a time: each line a bordered form
    (its main fields, then its other fields folded), a Remove button, and a note naming what an
    incomplete line lacks; an "Add" button below. Returns the list (edited in place)."""
    items = _section(path)
    section = ".".join(path)
    uids = _uids(name, len(items))
    if not items:
        st.caption(empty_text)
    shown = _shown_lines(name, items, title)
    for index, (item, uid) in enumerate(zip(items, uids, strict=False)):
        if index not in shown:
            continue
        # addressable as .st-key-<name>_line_<n>, n from 1 as the line's title says
        with st.container(border=True, key=f"{name}_line_{index + 1}"):
            head, remove = st.columns([5, 1], vertical_alignment="center")
            heading = head.empty()  # written once the fields below have taken this run's input
            remove.button(language.t("Remove"), key=state.key(f"{name}_{uid}_remove"),
                          icon=":material/delete:", on_click=_remove,
                          args=(name, path, index), width="stretch",
                          help=language.t("Remove this line from the scenario."))
            _fields(item, [f for f in fields if not f.more], section, name, uid)
            more = [f for f in fields if f.more]
            if more:
                with st.expander(language.t("More details (empty: the defaults)")):
                    _fields(item, more, section, name, uid)
            heading.markdown(language.t("**Line {number}**", number=index + 1) + " · "
                             + language.plain(title(item) or language.t("(not named yet)")))
            missing = [f.label for f in fields if f.required and item.get(f.key) in (None, "")]
            if missing:
                what = language.t("Incomplete line: fill in {fields}.", fields=", ".join(missing))
                if any(value not in (None, "") for value in item.values()):
                    st.warning(what, icon=":material/edit_note:")
                else:  # a line just added: what to fill, not yet a warning
                    st.caption(":material/edit_note: " + what)
    st.button(add_label, key=state.key(f"{name}__add"), icon=":material/add:",
              on_click=_add, args=(name, path, template or {}))
    if st.session_state.get(FOCUS) == name and items:
        del st.session_state[FOCUS]
        block = json.dumps(f".st-key-{name}_line_{len(items)}")
        st.html(_FOCUS_SCRIPT % {"block": block}, unsafe_allow_javascript=True)
    return items
