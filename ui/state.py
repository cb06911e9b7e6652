"""Per-user state. The canonical scenario is a plain ``st.session_state`` entry (widget values
are dropped when their page is left, so every page copies its widgets into it). Widget keys
carry the scenario's revision: replacing the scenario (new, example, upload) gives fresh
widgets."""

from __future__ import annotations

import collections
import copy
import functools
import json
import re
import threading
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any, Callable

import plotly.graph_objects as go
import streamlit as st

from calculators import ScenarioError, evaluate, fields, load, refdata
from calculators import uncertainty as mc
from calculators.i18n import N_, msg
from calculators.scenario import migrate, parse_json, paths

from . import language
from .figures import freeze
from .language import say, t
from .number_entry import entry_problem

# about 10 ms here; measured: percentiles of the net balance within 2.6 % of a 1,000,000-sample
# reference at this size (5th percentile, worst of ten seeds), the median within 0.5 %
UNCERTAINTY_SAMPLES = 10_000
UNCERTAINTY_SEED = 0

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES_DIR = ROOT / "examples"
DEFAULT_EXAMPLE = "water_leak_detection.json"

def empty_scenario() -> dict[str, Any]:
    """A blank scenario, named in the current language."""
    return {"schema_version": 1, "name": t("New project"), "description": "",
            "domain": "climate", "horizon_years": 5, "location": {"country": "FRA"},
            "training": {}, "inference": {}, "hardware": [], "network": {}, "benefits": [],
            "alternative": None}

SCENARIO, REV, MESSAGE, CACHE, LAST_VALID, MEMO, KEPT, GOTO = (
    "scenario", "scenario_rev", "flash_message", "_evaluation", "_last_valid", "_memo",
    "_kept", "_goto_page")
LIBRARY_LINK = "library_link"  # see ui/library.py
LAST_VALID_CONTENT = "_last_valid_content"  # the content key of the last valid result


def _examples_dir() -> Path:
    """The worked examples in the current language: examples/ in English, examples/fr/ in
    French (the same scenarios, figures and all, in French words)."""
    return EXAMPLES_DIR / "fr" if language.current() == "fr" else EXAMPLES_DIR


def example_names() -> dict[str, str]:
    """Example file name -> scenario name, for the example picker."""
    return dict(_names_in(_examples_dir()))


@functools.lru_cache(maxsize=4)
def _names_in(folder: Path) -> tuple[tuple[str, str], ...]:
    # read once per server: the sidebar asks on every rerun (shared, so immutable)
    return tuple((path.name, json.loads(path.read_text(encoding="utf-8"))["name"])
                 for path in sorted(folder.glob("*.json")))


def read_example(file_name: str) -> dict[str, Any]:
    if file_name not in example_names():
        raise ScenarioError("example", msg("unknown example {name}", name=repr(file_name)))
    return json.loads((_examples_dir() / file_name).read_text(encoding="utf-8"))


FILE_WORDS = {"balance": N_("balance"), "scenario": N_("scenario"), "dossier": N_("dossier"),
              "results": N_("results"), "review": N_("annual-review")}


def file_name(what: str, extension: str, name: str | None = None) -> str:
    """A download's name that says what and when: bilan-detection-de-fuites-2026-12-02.csv
    (``what``, a key of FILE_WORDS, in the reader's language; ``name``, by default the
    scenario's, in plain letters)."""
    name = unicodedata.normalize("NFKD", str((scenario().get("name") if name is None
                                              else name) or ""))
    slug = re.sub(r"[^a-z0-9]+", "-", name.encode("ascii", "ignore").decode().lower())
    parts = [t(FILE_WORDS[what]), slug.strip("-")[:60], date.today().isoformat()]
    return "-".join(p for p in parts if p) + f".{extension}"


def init() -> None:
    """Give a new session the worked example."""
    if SCENARIO not in st.session_state:
        st.session_state[SCENARIO] = read_example(DEFAULT_EXAMPLE)
        st.session_state[REV] = 0
        st.session_state.setdefault("example_choice", DEFAULT_EXAMPLE)
        mark_kept()


def mark_kept(kept: dict[str, Any] | None = None) -> None:
    """Note the scenario as it is now (or ``kept``) as kept somewhere: loaded from an example or
    a file, or saved. A change after that is unsaved work, which is never discarded without
    asking."""
    st.session_state[KEPT] = json.dumps(kept if kept is not None else scenario(),
                                        sort_keys=True, default=str)


UNSAVED = ""  # kept nowhere yet (work in progress restored from a draft)


def mark_unsaved() -> None:
    st.session_state[KEPT] = UNSAVED


def unsaved_changes() -> bool:
    """True when the scenario means something else than it did when last loaded or saved
    (compared as resolved scenarios: a page writing 6 as 6.0 is not a change)."""
    kept = st.session_state.get(KEPT)
    if kept == UNSAVED:
        return True
    now = json.dumps(scenario(), sort_keys=True, default=str)
    if kept is None or kept == now:
        return False
    try:
        return load(json.loads(kept)).resolved != load(json.loads(now)).resolved
    except ScenarioError:  # an error being fixed is a change
        return True


def scenario() -> dict[str, Any]:
    """The current scenario (a draft: it may be invalid while the user edits)."""
    init()
    return st.session_state[SCENARIO]


def rev() -> int:
    return st.session_state.get(REV, 0)


def key(name: str) -> str:
    """Widget key tied to the current scenario revision."""
    return f"{name}__r{rev()}"


def refresh_widgets() -> None:
    """Fresh widgets on every page, drawn again from the scenario (which keeps everything):
    after a change of language, their options and formats are the new language's."""
    st.session_state[REV] = rev() + 1


def replace(new: dict[str, Any], message: tuple[str, str] | None = None) -> None:
    """Replace the scenario (new, example, upload, opened from the library): fresh widgets on
    every page, and no link to a saved version (the library sets it again when it opens one)."""
    # in the current format (an example, or a version saved in an older one): what is saved
    # next is in it too
    new = migrate(copy.deepcopy(new))[0]
    st.session_state[SCENARIO] = new
    st.session_state.pop(LIBRARY_LINK, None)
    st.session_state[REV] = rev() + 1
    st.session_state.pop(CACHE, None)
    mark_kept(new)
    if message:
        st.session_state[MESSAGE] = message


def read_upload(data: bytes | dict[str, Any], file_name: str) -> dict[str, Any] | None:
    """The scenario in an uploaded file, or None: then the current scenario is kept and the
    message says what is wrong with the file (before anyone is asked to discard anything)."""
    try:
        return load(data).raw
    except ScenarioError as exc:
        try:  # the file's own lines and values name what is wrong, not the current scenario's
            about = data if isinstance(data, dict) else parse_json(data)
        except ScenarioError:
            about = None
        st.session_state[MESSAGE] = ("error", t("{file} was not loaded, your current scenario "
                                                "is kept. {error}", file=file_name,
                                                error=friendly(exc, about)))
        return None


def apply_upload(data: bytes | dict[str, Any], file_name: str) -> bool:
    """Load an uploaded scenario file. On any problem the current scenario is kept and the
    message says what is wrong. Returns True when the scenario was replaced."""
    loaded = read_upload(data, file_name)
    if loaded is None:
        return False
    replace(loaded, ("success", t("Loaded {file}: {name}", file=file_name, name=loaded["name"])))
    return True


def pop_message() -> tuple[str, str] | None:
    return st.session_state.pop(MESSAGE, None)


_CURRENT = object()  # friendly's default: the error is about the scenario being edited


def friendly(error: ScenarioError, about: Any = _CURRENT) -> str:
    """An error message in the current language, naming the field as a reader knows it
    ("Hardware, line 2 (Sensors): lifetime"), not by its key in the scenario file. A value the
    form could not take (a text that is no number, a number out of bounds) is described in the
    form's own words, as at the field: not as the file's format would (JSON's quotes and
    ranges, 3.0 for 3). ``about``: the scenario the error is about when not the one being
    edited (a file uploaded, a saved version, a scenario compared; None when unknown, a file
    that is not JSON): its lines are named from it, and its message is the file's own."""
    editing = about is _CURRENT
    data = scenario() if editing else about
    data = data if isinstance(data, dict) else None
    field = error.field
    message = (entry_problem(data, field) if editing else None) or say(error.message)
    if not field:
        return message
    if field in ("file", "scenario"):  # the whole of it, not a key
        field = t("The file") if field == "file" else t("The scenario")
    elif paths.parts(field)[-1] in fields.KEY_LABELS:
        field = say(fields.label(field, data)[0])
    return t("{field}: {message}", field=field, message=message)


def current() -> tuple[dict[str, Any] | None, str | None, dict[str, Any] | None]:
    """(result of the current scenario or None, error message or None, last valid result).

    Evaluated once per content of the scenario and kept in this user's session only.
    """
    draft = scenario()
    try:
        cache_key = json.dumps(draft, sort_keys=True, allow_nan=True, default=str)
    except (TypeError, ValueError):
        cache_key = repr(draft)
    cached = st.session_state.get(CACHE)
    if cached and cached[0] == cache_key:
        return cached[1], _error_text(cached[2]), st.session_state.get(LAST_VALID)
    try:
        result, error = evaluate(copy.deepcopy(draft)), None
        st.session_state[LAST_VALID] = result
        st.session_state[LAST_VALID_CONTENT] = cache_key
    except ScenarioError as exc:
        result, error = None, exc
    st.session_state[CACHE] = (cache_key, result, error)
    return result, _error_text(error), st.session_state.get(LAST_VALID)


def _error_text(error: ScenarioError | None) -> str | None:
    # the error is kept as it was raised and written in the language of the moment
    return None if error is None else friendly(error)


def memo(name: str, build):
    """``build()``, kept in this user's session until the scenario's content changes (charts
    take tens of milliseconds to build; the verdict page reruns on every click), and shared
    with every session of the server that shows the same scenario (``shared``)."""
    current()
    draft_key, _, error = st.session_state[CACHE]
    # while the draft has an error the pages show the last valid result (result_to_show):
    # what is built then is that version's, kept under its content; under the draft's, another
    # session with the same erroneous draft but another last valid version would get it
    content_key = draft_key if error is None else st.session_state.get(LAST_VALID_CONTENT)
    if content_key is None:  # nothing valid yet: built, not kept
        return build()
    cache = st.session_state.get(MEMO)
    if cache is None or cache.get("__content__") != content_key:
        cache = {"__content__": content_key}
        st.session_state[MEMO] = cache
    if name not in cache:
        cache[name] = shared(content_key, name, build)
    return cache[name]


# What ``memo`` builds depends only on the scenario's content, the name (which carries the
# language) and the reference data: a room of forty opening the same scenario builds its charts,
# tables and simulation once, not forty times (bench/bench_server.py). Kept for the last
# SHARED_SCENARIOS contents; what is kept is never changed afterwards (figures are frozen, the
# tables and the simulation are read only).
SHARED_SCENARIOS = 16
_shared: collections.OrderedDict[tuple[str, str], dict[str, Any]] = collections.OrderedDict()
_shared_lock = threading.Lock()


def shared(content_key: str, name: str, build):
    """``build()`` for this scenario content and name, built once per server and data
    version (the last SHARED_SCENARIOS contents kept)."""
    key = (refdata.data_version(), content_key)
    with _shared_lock:
        entry = _shared.get(key)
        if entry is None:
            entry = _shared[key] = {}
            while len(_shared) > SHARED_SCENARIOS:
                _shared.popitem(last=False)
        else:
            _shared.move_to_end(key)
        if name in entry:
            return entry[name]
    built = build()  # outside the lock: two sessions may both build it, the first kept
    # a chart kept is shown again on every rerun: its JSON's dictionary computed once
    built = freeze(built) if isinstance(built, go.Figure) else built
    with _shared_lock:
        return entry.setdefault(name, built)


# an error that only says a field is still empty or missing (a line being filled in, the
# energy per request after the requests per day), not a mistake: the codes start so
INCOMPLETE = ("is empty", "is required")  # not shown: message codes


def incomplete() -> bool:
    """The scenario's error is only a field left empty (shown as a step to finish, not in
    red)."""
    current()
    error = st.session_state[CACHE][2]
    return error is not None and str(getattr(error.message, "code", "")).startswith(INCOMPLETE)


def to_fill_in() -> str:
    """What a scenario that is only incomplete waits for, in a reader's words: the field to
    fill in ("Benefits, line 2: what is avoided"), not the file format's requirement ("is
    required; expected a non-empty text of at most 200 characters"), which reads as an error
    to someone who has just added a line."""
    error = st.session_state[CACHE][2]
    field = getattr(error, "field", "")
    label = say(fields.label(field, scenario())[0]) \
        if field and paths.parts(field)[-1] in fields.KEY_LABELS else ""
    return label or str(current()[1])


def render_error_banner(slot) -> None:
    """Fill ``slot`` (a container at the top of the page, filled after the page has run so it
    reflects this run's edits) with the scenario's error, if any. A field still to fill in is
    a step to finish, said calmly (not a warning: a line just added is empty, as it should
    be); an error is said in red."""
    error = current()[1]
    if error and incomplete():
        with slot:
            st.info(t("**Being filled in**: {what}, to fill in. The figures show the last "
                      "complete version until then.", what=language.plain(to_fill_in())),
                    icon=":material/edit_note:")
    elif error:
        with slot:
            st.error(t("**This scenario has an error**: {error}  \nYour entries are kept; "
                       "the figures show the last valid version until it is fixed.",
                       # it may quote what was typed, or a file's text: shown as typed
                       error=language.plain(error)), icon=":material/warning:")


def result_to_show() -> dict[str, Any] | None:
    """The current result, or the last valid one while the scenario has an error."""
    result, _, last_valid = current()
    return result or last_valid


def _simulation() -> mc.Simulation:
    return memo("simulation", lambda: mc.simulate(load(copy.deepcopy(scenario())),
                                                  UNCERTAINTY_SAMPLES, UNCERTAINTY_SEED))


def uncertainty() -> dict[str, Any] | None:
    """The uncertainty block of the current scenario (None while it has an error), kept until
    the scenario changes. A few milliseconds: the sidebar shows it on every page."""
    result, error, _ = current()
    if error or result is None:
        return None
    return memo("uncertainty", lambda: mc.monte_carlo(
        load(copy.deepcopy(scenario())), simulation=_simulation()))


def uncertainty_net():
    """The net balance of every sample, for the distribution chart, from the same simulation
    as ``uncertainty()``; None while the scenario has an error."""
    if uncertainty() is None:
        return None
    return memo("uncertainty_net", lambda: mc.net_samples(_simulation()))


def uncertainty_bands() -> dict[str, Any] | None:
    """The cumulative bands for the timeline with uncertainty, from the same simulation;
    made when its tab is opened, not at every opening of the page (it was a tenth of an
    opening's time, measured under a room of forty)."""
    if uncertainty() is None:
        return None
    horizon_years = current()[0]["horizon_years"]
    return memo("uncertainty_bands", lambda: mc.cumulative_bands(_simulation(), horizon_years))


COMPARE_CACHE = "_compare_cache"
COMPARE_CACHE_SIZE = 12


def evaluate_with_uncertainty(scenario: dict[str, Any]) -> dict[str, Any]:
    """``evaluate`` with the uncertainty block, kept in this session for the scenarios last
    compared (a comparison reruns on every click). Raises ScenarioError."""
    key = json.dumps(scenario, sort_keys=True, allow_nan=True, default=str)
    cache = st.session_state.setdefault(COMPARE_CACHE, {})
    if key not in cache:
        if len(cache) >= COMPARE_CACHE_SIZE:
            cache.pop(next(iter(cache)))
        cache[key] = evaluate(copy.deepcopy(scenario), samples=UNCERTAINTY_SAMPLES,
                              seed=UNCERTAINTY_SEED)
    return cache[key]


DOSSIER = "_dossier"
DOSSIER_LANGUAGE = "dossier_language"


def _dossier_language() -> str:
    from . import language

    return st.session_state.get(DOSSIER_LANGUAGE) or language.current()


def dossier() -> dict[str, Any] | None:
    """The dossier prepared for the scenario as it is now ({"html", "pdf"} or {"error"}), or
    None when there is none (never prepared, or the scenario changed since)."""
    current()
    kept = st.session_state.get(DOSSIER)
    wanted = (st.session_state[CACHE][0], _dossier_language())
    if kept and kept[0] == wanted:
        return kept[1]
    return None


def prepare_dossier(saved_version: Callable[[], Any] = lambda: None,
                    opinion: Callable[[], Any] = lambda: None,
                    elsewhere: Callable[[], Any] = lambda: None) -> None:
    """Build the dossier of the current scenario in the language chosen on the verdict page
    (a button's callback: several seconds). ``saved_version`` and ``opinion`` give, when it
    is built, the library version it is the dossier of and the committee's opinion on it
    (``ui.library.saved_version``, ``ui.committee.opinion_of_saved``: above this module);
    ``elsewhere``, what it says of similar projects in other authorities' registers
    (``ui.elsewhere.for_dossier``)."""
    from report.dossier import DossierError, build_html, print_pdf

    current()
    content_key = (st.session_state[CACHE][0], _dossier_language())
    try:
        document = build_html(copy.deepcopy(scenario()), samples=UNCERTAINTY_SAMPLES,
                              seed=UNCERTAINTY_SEED, lang=_dossier_language(),
                              saved=saved_version(), opinion=opinion(),
                              elsewhere=elsewhere())
        made: dict[str, Any] = {"html": document.encode("utf-8"), "pdf": print_pdf(document)}
    except ScenarioError as exc:
        made = {"error": friendly(exc)}
    except DossierError as exc:
        made = {"error": str(exc)}
    st.session_state[DOSSIER] = (content_key, made)
