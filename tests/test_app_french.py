"""Every page in French, as the committee sees it: no text without its French (under
I18N_STRICT, set for every test, a text missing from the catalogue is an exception), and no
English sentence left anywhere on the page (labels, help, options, captions, tables' words,
the sidebar), except what the scenario itself holds and the sources cited as published."""

from __future__ import annotations

import re

import pytest
from google.protobuf.message import Message as Proto
from streamlit.testing.v1 import AppTest

from calculators import codecarbon_data, grid, i18n, refdata
from conftest import ROOT, shown
from ui.navigation import PAGES

APP = str(ROOT / "app.py")
# words that are English and never French: two of them in one text is an English sentence
ENGLISH = re.compile(r"\b(the|and|of|with|is|are|from|this|which|your|per|when|each|every|"
                     r"not|only|than|its|there|what|where|how|by|for|to|in|be|it|or)\b")
# names of sources, as published, whatever the page's language
PROPER_NAMES = {"Our World in Data"}
# "config": a chart's plotly config, whose dictionary is keyed by plotly's English (what the
# chart shows of it is checked in the browser, tests/test_browser.py)
SILENT_FIELDS = {"id", "form_id", "key", "icon", "format", "type", "tag", "raw_values",
                 "content", "default", "url", "spec", "selection_mode", "page_script_hash",
                 "config"}


def _strings(proto: Proto, out: list[tuple[str, str]]) -> None:
    for field, value in proto.ListFields():
        if isinstance(value, (str, Proto)):
            values = [value]
        elif isinstance(value, (bytes, int, float, bool)):
            continue
        else:
            values = list(value)
        for item in values:
            if isinstance(item, str):
                out.append((field.name, item))
            elif isinstance(item, Proto):
                _strings(item, out)


def shown_texts(at: AppTest) -> list[tuple[str, str]]:
    """(field, text) of every string of every element drawn: labels, help, options, bodies,
    placeholders..."""
    out: list[tuple[str, str]] = []

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        if isinstance(proto, Proto):
            _strings(proto, out)
        for child in getattr(node, "children", {}).values():
            walk(child)
    walk(at._tree)
    # the page's own script (ui/browser.py) is code, not text shown
    return [(name, text) for name, text in out if name not in SILENT_FIELDS
            and not text.startswith("<script>")]


def _scenario_strings(value, out: set[str]) -> None:
    if isinstance(value, str):
        out.add(value)
    elif isinstance(value, dict):
        for item in value.values():
            _scenario_strings(item, out)
    elif isinstance(value, list):
        for item in value:
            _scenario_strings(item, out)


def quoted_as_is(at: AppTest) -> list[str]:
    """What a French page shows in its own words: the user's scenario (its names and
    descriptions), the examples' names, the sources cited as published, CodeCarbon's."""
    kept: set[str] = set()
    _scenario_strings(at.session_state["scenario"], kept)
    for file_name in refdata.FACTOR_FILES:
        kept |= {f.source for f in refdata.factors(file_name).values()
                 if f.status == "published"}
    kept |= {g.source for g in codecarbon_data.country_intensities().values()}
    kept |= {g.source for iso3 in grid.countries() for g in grid.for_country(iso3)}
    kept |= PROPER_NAMES
    kept |= {r.label for r in refdata.cloud_regions().values()}
    kept |= {i18n.figures_in(k, "fr") for k in kept}  # as quoted: its figures the French way
    from ui import state
    kept |= set(state.example_names().values())
    return sorted((k for k in kept if len(k) > 3), key=len, reverse=True)


def english_left(at: AppTest) -> list[str]:
    quoted = quoted_as_is(at)
    found = []
    for name, text in shown_texts(at):
        rest = text
        for piece in quoted:
            rest = rest.replace(piece, " ")
        rest = re.sub(r"`[^`]*`|https?://\S+|\b[a-z_]+\.[a-z_.]+\b", " ", rest)  # code, links
        words = ENGLISH.findall(rest)
        if len(words) >= 2:
            found.append(f"{name}: {text[:120]!r} (English words: {sorted(set(words))})")
    return found


def french_app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["lang"] = "fr"
    at.run()
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize("page", [p.path for p in PAGES])
def test_every_page_in_french_has_no_english_left(page):
    at = french_app()
    at.switch_page(page).run()
    assert not at.exception, at.exception  # a text without French raises under I18N_STRICT
    left = english_left(at)
    assert not left, "\n".join(left)


def test_the_sidebar_in_french():
    """AppTest drops what app.py draws after the page once switch_page was used: the sidebar
    is read on the opening page."""
    at = french_app()
    sidebar_texts = [m.value for m in at.sidebar.markdown]
    assert any("Bilan positif" in text for text in sidebar_texts), sidebar_texts
    # 250,000 m3 x 0.35 kg x 0.5 x 6 years = 262.5 t avoided, minus 2.73 t of footprint
    assert any("Bilan net : **259,8 tCO2e**" in text for text in sidebar_texts)
    assert not english_left(at), english_left(at)


def test_the_switch_changes_the_language_and_keeps_the_scenario():
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert at.title[0].value == "7. Balance and verdict"  # this test server's default: en
    at.session_state["scenario"]["horizon_years"] = 7
    switch = at.sidebar.get("button_group")[0]
    assert [o.content for o in switch.proto.options] == ["Français", "English"]
    switch.set_value("fr").run()
    assert not at.exception, at.exception
    assert at.title[0].value == "7. Bilan et verdict"
    assert at.query_params["lang"] == "fr"
    assert at.session_state["scenario"]["horizon_years"] == 7  # nothing lost
    at.sidebar.get("button_group")[0].set_value("en").run()
    assert at.title[0].value == "7. Balance and verdict"
    assert "lang" not in at.query_params  # the default needs no parameter


def test_an_error_shows_in_the_language_of_the_moment():
    """The error is kept as raised and written when shown: switching language rewrites it."""
    at = french_app()
    at.session_state["scenario"]["horizon_years"] = 40
    at.switch_page("pages/project.py").run()
    errors = [shown(e.value) for e in at.error]
    # in the form's words (a value the field does not accept), not the scenario file's
    assert any("Durée de service : 40 est hors de ce que ce champ accepte : un nombre "
               "supérieur à 0 et au plus 30" in e for e in errors), errors
    at.query_params["lang"] = "en"
    at.run()
    errors = [shown(e.value) for e in at.error]
    assert any("Horizon: 40 is outside what this field accepts: a number above 0 and at most "
               "30" in e for e in errors), errors


def test_the_library_pages_in_french_with_saved_scenarios():
    """The library, the comparison and the portfolio with content: tables, histories,
    differences, figures and charts in French."""
    import json
    import os

    from conftest import with_
    from store import open_library

    water = json.loads((ROOT / "examples" / "water_leak_detection.json").read_text())
    traffic = json.loads((ROOT / "examples" / "traffic_lights.json").read_text())
    store = open_library(os.environ["DATABASE_URL"])
    first = store.save(water, project="Eau", author="Ana")
    store.save(with_(water, "horizon_years", 9), entry_id=first.entry_id, comment="plus long")
    second = store.save(traffic, project="Mobilité")
    at = french_app()
    at.switch_page("pages/library.py").run()
    at.selectbox(key="lib_pick").set_value(first.entry_id).run()
    versions = next(m for m in at.multiselect if m.key.startswith("lib_versions"))
    versions.set_value([1, 2]).run()
    assert not at.exception, at.exception
    assert any("De la version 1 à la version 2" in m.value for m in at.markdown)
    assert list(at.table[0].value.columns) == ["Donnée", "Version 1", "Version 2"]
    assert not english_left(at), english_left(at)

    at.switch_page("pages/compare.py").run()
    at.multiselect(key="cmp_choice").set_value(["current", f"{second.entry_id}:1"]).run()
    assert not at.exception, at.exception
    figures = at.table[0].value
    assert "Bilan net (évité moins empreinte)" in figures.index
    assert not english_left(at), english_left(at)

    at.switch_page("pages/portfolio.py").run()
    assert not at.exception, at.exception
    assert any(m.label == "Bilan net, tous projets" for m in at.metric)
    assert not english_left(at), english_left(at)


def test_an_unknown_language_in_the_address_falls_back_to_the_default():
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["lang"] = "de"
    at.run()
    assert not at.exception, at.exception
    assert at.title[0].value == "7. Balance and verdict"  # this test server's default
    assert at.sidebar.get("button_group")[0].value == "en"


def test_the_library_writes_its_own_comments_in_the_language_of_who_acts():
    import json
    import os

    from store import open_library

    water = json.loads((ROOT / "examples" / "water_leak_detection.json").read_text())
    store = open_library(os.environ["DATABASE_URL"])
    saved = store.save(water, project="Eau")
    store.rename(saved.entry_id, "Fuites", lang="fr")
    store.restore(saved.entry_id, 1, lang="en")
    copy = store.duplicate(saved.entry_id, 1, lang="fr")
    comments = [h["comment"] for h in store.history(saved.entry_id)]
    assert comments[:2] == ["Restored version 1",
                            f"Renommé depuis « {water['name']} »"], comments
    assert store.entry(copy.entry_id)["name"] == f"Copie de {water['name']}"
