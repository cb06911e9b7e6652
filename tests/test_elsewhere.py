"""Projects elsewhere (issue 35, part 2): other authorities' registers read in any of the forms
the tool publishes, kept apart in the library, ranked by similarity to the project being
edited, and said on the verdict page, the Compare page and in the dossier."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings, strategies as st

from calculators import elsewhere, evaluate
from calculators.elsewhere import RegisterFileError, read
from conftest import ROOT
from report import standards
from store.committee import PUBLIC, Actor, Forbidden
from store.elsewhere import Elsewhere
from test_committee import (FAVOURABLE_WITH_CONDITIONS, LEAD_ANA, LEAK, MEMBER_BEN,  # noqa: F401
                            committee, example, library)
from test_standards import ENTRY, VALIDATOR

REGISTERS = sorted((ROOT / "examples" / "registers").glob("*.json"))
FRENCH = ROOT / "examples" / "fr"


def _all_examples() -> list[dict]:
    return [p for path in REGISTERS for p in read(path.read_bytes()).projects]


def test_the_example_registers_are_registrations_of_the_standard():
    assert [p.name for p in REGISTERS] == ["rivebelle.json", "saint-aurel.json",
                                           "val-d-orbe.json"]
    for path in REGISTERS:
        entries = json.loads(path.read_bytes())
        assert entries and all(not list(VALIDATOR.iter_errors(e)) for e in entries), path
        found = read(path.read_bytes(), path.name)
        assert found.standard == "ats-0.3.1" and found.skipped == []
        assert found.authority.endswith("(fictive)")
        for project in found.projects:  # the balance read from the extension
            assert project["footprint_kgco2e"] > 0 and project["horizon_years"] > 0
            assert project["verdict"] in ("positive", "negative", "uncertain", "incomplete")


@pytest.mark.parametrize("scenario, closest", [
    ("water_leak_detection.json", "Écoute des fuites du réseau d'eau"),
    ("traffic_lights.json", "Feux adaptatifs du centre-ville"),
    ("admin_llm_assistant.json", "Assistant conversationnel des démarches"),
    ("waste_sorting_vision.json", "Caméras d'aide au tri des emballages")])
def test_the_obvious_counterpart_comes_first(scenario, closest):
    """Each example scenario has one project of the same kind among the five of the example
    registers: it comes first, and is the only one counted similar but for the leak
    detector, which has two (the rural network's, in other words)."""
    sc = json.loads((FRENCH / scenario).read_text(encoding="utf-8"))
    ranked = elsewhere.similar(elsewhere.of_scenario(sc, evaluate(sc)), _all_examples())
    assert ranked[0].project["name"] == closest
    names = [m.project["name"] for m in elsewhere.found(ranked)]
    if scenario == "water_leak_detection.json":
        assert names == [closest, "Fuites sur le réseau d'eau rural"]
    else:
        assert names == [closest]


def test_the_similarity_by_hand():
    base = {"name": "Détection de fuites", "description": "capteurs acoustiques réseau eau",
            "domain": "environment, spacial planning and water",
            "algorithm_type": "self-learning", "type": "diagnostic",
            "footprint_kgco2e": 1000.0, "horizon_years": 5.0}
    same_words_other_codes = dict(base, domain="traffic and transportation",
                                  algorithm_type="rule-based", type="predictive",
                                  footprint_kgco2e=100_000.0)
    same_codes_other_words = dict(base, name="Prévision des crues",
                                  description="hauteur rivières pluie modèle")
    ranked = elsewhere.similar(base, [same_codes_other_words, same_words_other_codes, base])
    # the identical project: every part 1
    assert ranked[0].position == 2 and ranked[0].score == pytest.approx(1.0)
    # the same words only: the words' weight (0.5) over the weights counted (1.0); the yearly
    # footprints 100 times apart count 0
    words_only = next(m for m in ranked if m.position == 1)
    assert words_only.parts == {"words": pytest.approx(1.0), "domain": 0.0,
                                "algorithm_type": 0.0, "type": 0.0, "scale": 0.0}
    assert words_only.score == pytest.approx(0.5)
    # the same codes only: 0.5 of the weight, but no word in common: never similar
    codes_only = next(m for m in ranked if m.position == 0)
    assert codes_only.parts["words"] == 0 and codes_only.score == pytest.approx(0.5)
    assert not elsewhere.is_similar(codes_only) and elsewhere.is_similar(words_only)
    # what one side does not say is left out with its weight
    bare = {"name": "Détection de fuites", "description": "capteurs acoustiques réseau eau"}
    (alone,) = elsewhere.similar(bare, [base])
    assert set(alone.parts) == {"words"} and alone.score == pytest.approx(1.0)
    assert elsewhere.scale_similarity(10, 10) == 1 and elsewhere.scale_similarity(10, 100) == 0.5
    assert elsewhere.scale_similarity(10, 1000) == 0 and elsewhere.scale_similarity(None, 1) is None
    assert elsewhere.words("Les Réseaux d'eau, à Montpellier") == ["reseau", "eau",
                                                                   "montpellier"]


def test_a_register_round_trip_export_import_find_compare(library, committee, tmp_path):
    """The register this tool publishes, read elsewhere: the same figures, found first for the
    same project."""
    offer = "Deux serveurs GPU, libres la nuit"
    saved = library.save(dict(example(LEAK), registration=dict(
        ENTRY, shareable_equipment=offer)), project="Fuites")
    number = committee.submit(LEAD_ANA, saved.entry_id)
    committee.record(MEMBER_BEN, number, FAVOURABLE_WITH_CONDITIONS, publish=True)
    rows = committee.register()
    published, _ = standards.ats_json(rows, "fr", settings={})
    from report.committee import register_csv, register_json

    for data, form in ((published, "ats-0.3.1"),
                       (register_json(rows, "2026-12-06T10:00:00+00:00"), "own-json"),
                       (register_csv(rows), "own-csv"),
                       (standards.etalab_csv(rows, settings={}), "etalab-csv")):
        found = read(data)
        assert found.standard == form
        (project,) = found.projects
        assert project["name"] == "Fuites"
        assert project["net_kgco2e"] == pytest.approx(rows[0]["net_kgco2e"])
        if form != "etalab-csv":  # Etalab's sheet has no place for these
            assert project["opinion"] == "favourable_with_conditions"
            assert project["shareable_equipment"] == offer
    store = Elsewhere(library.engine)
    store.add(LEAD_ANA, "montpellier.json", published)
    (project,) = store.projects(MEMBER_BEN)
    assert project["authority"] == ENTRY["organization"]
    assert project["origin"] == "montpellier.json"
    sc = dict(example(LEAK), registration=ENTRY)
    ranked = elsewhere.similar(elsewhere.of_scenario(sc, evaluate(sc)),
                               _all_examples() + [project])
    # first among the example registers' leak detectors too; every code and the size agree
    assert ranked[0].project is project and elsewhere.is_similar(ranked[0])
    assert {k: v for k, v in ranked[0].parts.items() if k != "words"} == {
        "domain": 1.0, "algorithm_type": 1.0, "type": 1.0, "scale": 1.0}


def test_imported_projects_are_read_only_and_apart(library, committee):
    saved = library.save(example(LEAK), project="Ours")
    committee.submit(LEAD_ANA, saved.entry_id)
    before = (library.count(), library.projects(), [r["project"] for r in committee.register()])
    store = Elsewhere(library.engine)
    data = REGISTERS[0].read_bytes()
    first, _ = store.add(LEAD_ANA, "rivebelle.json", data)
    assert store.add(LEAD_ANA, "rivebelle.json", data)[0] == first  # the same bytes: nothing
    assert (library.count(), library.projects(),
            [r["project"] for r in committee.register()]) == before
    # a new file of the same name is in force; the earlier one is kept
    smaller = json.dumps(json.loads(data)[:1], ensure_ascii=False).encode()
    second, _ = store.add(LEAD_ANA, "rivebelle.json", smaller)
    assert second > first
    (register,) = store.registers(LEAD_ANA)
    assert register["count"] == 1 and register["id"] == second
    assert any(a["action"] == "import register" for a in committee.audit(
        Actor("cam@metropole", "Cam", frozenset({"admin"}))))
    public = Actor("", "", frozenset({PUBLIC}))
    for call in (lambda: store.projects(public), lambda: store.registers(public),
                 lambda: store.add(MEMBER_BEN, "x.json", data)):
        with pytest.raises(Forbidden):
            call()
    # the store offers nothing to change or remove an import
    assert not [name for name in dir(store) if name.startswith(("update", "delete", "edit",
                                                                "remove"))]


HOSTILE = [{"name": "<script>alert(1)</script>", "organization": "=HYPERLINK(\"x\")",
            "description_short": "a\x00b \udc80 [lien](javascript:alert(1))",
            "standard_version": "0.3.1"}]


@pytest.mark.parametrize("data, says", [
    ("Détection".encode("latin-1"), "is not UTF-8"),
    (b"", "is empty"), (b"   \n", "is empty"),
    (b'[{"name": "a", "name": "b"}]', "given twice"),
    (b'[{"name": "a", "x": NaN}]', "NaN is not a number JSON allows"),
    (b"[" * 100_000, "nests too deep"),
    (b'[{"name": "a"', "not valid JSON (line 1"),
    (b"42", "no register the tool reads"),
    (b'{"schema": "ai-environmental-balance-register", "projects": 3}', "no list of projects"),
    (b"a,b\n1,2\n", "this CSV is no register"),
    (b"project,net_kgco2e\n", "no project under its header"),
    (b"project,project,net_kgco2e\n1,2,3\n", "names a column twice"),
    (b'[{"description_short": "no name"}]', "no project with a name"),
    (b"[" + b",".join([b'{"name": "x"}'] * 2001) + b"]", "at most 2000 are read"),
    (b" " * 5_000_001, "at most 5"),
])
def test_a_bad_file_is_refused_with_a_message(data, says):
    name = "bad.csv" if "CSV" in says or "column" in says or "header" in says else "bad.json"
    with pytest.raises(RegisterFileError) as refused:
        read(data, name)
    assert says in str(refused.value)


def test_hostile_text_is_read_as_text_and_odd_forms_are_read():
    found = read(json.dumps(HOSTILE).encode())
    (project,) = found.projects
    assert project["name"] == "<script>alert(1)</script>"  # kept as text: pages escape it
    assert "\x00" not in project["summary"] and "\udc80" not in project["summary"]
    # UTF-16 with its byte order mark, UTF-8 with one, one registration alone
    assert read(json.dumps(HOSTILE).encode("utf-16")).projects[0]["name"] == project["name"]
    assert read(b"\xef\xbb\xbf" + json.dumps(HOSTILE[0]).encode()).standard == "ats-0.3.1"
    # a project without a name is left out and said; numbers that are no numbers are ignored
    mixed = [{"name": "ok", "x-environmental-balance": {"footprint_kgco2e": "beaucoup",
                                                        "horizon_years": -3,
                                                        "net_kgco2e": 1e300}}, {"goal": "?"}]
    found = read(json.dumps(mixed).encode())
    (project,) = found.projects
    assert project["footprint_kgco2e"] is None and project["horizon_years"] is None
    assert project["net_kgco2e"] is None
    assert len(found.skipped) == 1
    # a French CSV with semicolons and decimal commas
    french = ("Nom de l'algorithme;Bilan environnemental : empreinte (kgCO2e)\n"
              "Tri;1 234,5\n").encode()
    assert read(french).projects[0]["footprint_kgco2e"] == 1234.5


def html_text(document: str) -> str:
    import html

    return html.unescape(document)


def test_the_dossier_says_what_was_found_elsewhere():
    from report.dossier import build_html

    found = {"compared": 5, "count": 1, "closest": [
        {"name": "<b>Écoute</b>", "authority": "Rivebelle", "score": 0.548,
         "verdict": "positive", "origin": "rivebelle.json"}]}
    html = build_html(example(LEAK), lang="fr", samples=200, charts=[], elsewhere=found)
    assert "Projets semblables trouvés ailleurs : 1, parmi les 5 projets" in html
    assert "« &lt;b&gt;Écoute&lt;/b&gt; » (Rivebelle) : semblable à 55 % ; bilan positif" in html
    none = build_html(example(LEAK), lang="fr", samples=200, charts=[],
                      elsewhere={"compared": 0, "count": 0, "closest": []})
    assert "Aucun registre d'une autre collectivité n'était importé" in html_text(none)
    assert "Projets ailleurs" not in build_html(example(LEAK), lang="fr", samples=200,
                                                charts=[])


def test_the_pages_import_the_examples_and_say_what_is_alike():
    """A French lead imports the example registers, sees the leak detectors first, sets one
    beside the project (Projects elsewhere, then Compare), and the verdict page says how many
    similar projects were found and the closest."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.query_params["lang"] = "fr"
    at.run()
    at.switch_page("pages/balance.py").run()
    assert any("aucun comparé" in c.value for c in at.caption), [c.value for c in at.caption]
    at.switch_page("pages/elsewhere.py").run()
    assert not at.exception, at.exception
    at.button(key="ew_examples").click().run()  # unsigned: refused, said
    (refused,) = [e.value.replace("\\", "") for e in at.error]
    assert refused.startswith("saisissez d'abord votre nom"), refused
    at.text_input(key="ew_author").input("Claire Martin").run()
    at.button(key="ew_examples").click().run()
    assert not at.exception, at.exception
    said = [s.value.replace("\\", "") for s in at.success]  # its Markdown escapes gone
    assert len(said) == 3 and "rivebelle.json : 2 projets lus (standard Eurocities 0.3.1)." \
        in said, said
    assert any("**2 projets semblables** parmi les 5 importés" in m.value for m in at.markdown)
    similar = at.dataframe[0].value
    assert list(similar["Projet"][:2]) == ["Écoute des fuites du réseau d'eau",
                                           "Fuites sur le réseau d'eau rural"]
    assert list(similar["Semblable"][:3]) == ["oui", "oui", "non"]
    table = at.table[-1].value
    assert table.loc["Collectivité", "Ailleurs"] == "Métropole de Rivebelle (fictive)"
    at.switch_page("pages/compare.py").run()
    assert not at.exception, at.exception
    beside = at.table[-1].value  # the Compare page sets the closest beside the project too
    assert beside.loc["Collectivité", "Ailleurs"] == "Métropole de Rivebelle (fictive)"
    assert beside.loc["Verdict", "Votre projet"] == "Positif"
    at.switch_page("pages/hardware.py").run()  # where sharing is asked: what others offer
    assert not at.exception, at.exception
    (offer,) = [e for e in at.expander if "déclare pouvoir partager" in e.label]
    assert offer.label == "Matériel qu'une autre collectivité déclare pouvoir partager (1)"
    shared = offer.table[0].value
    assert list(shared["Collectivité"]) == ["Communauté d'agglomération du Val d'Orbe (fictive)"]
    assert list(shared["Ce qu'elles proposent"])[0].startswith("Un serveur GPU d'entraînement")
    at.switch_page("pages/balance.py").run()
    assert not at.exception, at.exception
    line = next(m.value for m in at.markdown if "Projets semblables trouvés ailleurs" in m.value
                ).replace("\\", "")
    assert line.startswith("**Projets semblables trouvés ailleurs : 2** parmi les 5 projets")
    assert "« Écoute des fuites du réseau d'eau » (Métropole de Rivebelle (fictive), " \
           "semblable à" in line


def test_the_command_line_imports_a_folder(tmp_path, monkeypatch):
    """An administrator imports a folder of registers from the command line: each file said,
    a bad one refused with its reason and the exit status 2, the good ones kept."""
    from cli import main
    from store import open_library

    url = f"sqlite:///{tmp_path}/library.sqlite3"
    monkeypatch.setenv("DATABASE_URL", url)
    folder = tmp_path / "registers"
    folder.mkdir()
    for path in REGISTERS:
        (folder / path.name).write_bytes(path.read_bytes())
    (folder / "broken.csv").write_bytes("Détection".encode("latin-1"))
    (folder / "notes.txt").write_text("not a register")
    assert main(["import-registers", str(folder), "--by", "Claire Martin"]) == 2
    library = open_library(url)
    store = Elsewhere(library.engine)
    admin = Actor("x", "x", frozenset({"admin"}))
    assert sorted(r["origin"] for r in store.registers(admin)) == [p.name for p in REGISTERS]
    assert {r["imported_by"] for r in store.registers(admin)} == {"Claire Martin"}
    assert len(store.projects(admin)) == 5
    library.engine.dispose()

_VALUES = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                    st.text(max_size=30), st.lists(st.integers(), max_size=3))
_KEYS = st.sampled_from(["name", "organization", "description_short", "goal", "domain",
                         "standard_version", "x-environmental-balance", "footprint_kgco2e",
                         "horizon_years", "project", "net_kgco2e", "schema", "projects"])


@settings(max_examples=300, deadline=None)
@given(st.one_of(
    st.binary(max_size=400),
    st.recursive(st.dictionaries(_KEYS, _VALUES, max_size=6),
                 lambda inner: st.one_of(st.lists(inner, max_size=4),
                                         st.dictionaries(_KEYS, inner, max_size=4)),
                 max_leaves=12).map(lambda v: json.dumps(v).encode())),
    st.sampled_from(["x.json", "x.csv", ""]))
def test_any_file_is_read_or_refused_with_a_message(data, name):
    """Whatever the bytes or the JSON's shape: a register read, or RegisterFileError (its
    message for people), never another exception."""
    try:
        found = read(data, name)
    except RegisterFileError as refused:
        assert str(refused)
        return
    assert found.projects and all(p["name"] for p in found.projects)


@pytest.mark.parametrize("typed, read_as", [
    ("1 234,5", 1234.5), ("1\u202f234,5", 1234.5), ("1,234.5", 1234.5), ("1.234,5", 1234.5),
    ("1234.5", 1234.5), ("0,038", 0.038), ("1,234,567", 1234567.0), ("beaucoup", None),
    ("", None)])
def test_another_registers_figures_read_the_french_or_the_english_way(typed, read_as):
    """A figure of an Etalab inventory CSV, typed by another authority either way; a text
    that is no figure is left empty, never misread."""
    found = read(("Nom de l'algorithme,Bilan environnemental : empreinte (kgCO2e)\n"
                  f'Tri,"{typed}"\n').encode())
    assert found.projects[0]["footprint_kgco2e"] == read_as


def test_a_hostile_verdict_from_another_register_is_shown_as_text():
    """A register's verdict the tool does not know, with Markdown in it, reaches the verdict
    page as text: no link drawn."""
    from streamlit.testing.v1 import AppTest

    from store import open_library
    import os

    hostile = [{"name": "Détection de fuites sur le réseau d'eau potable",
                "description": "capteurs acoustiques fuites réseau eau potable",
                "x-environmental-balance": {"verdict": "[clic](http://x.invalid)"}}]
    library = open_library(os.environ["DATABASE_URL"])
    Elsewhere(library.engine).add(Actor("a", "Ana", frozenset({"admin"})), "h.json",
                                  json.dumps(hostile).encode())
    library.engine.dispose()
    import streamlit as st

    st.cache_resource.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["lang"] = "fr"
    at.run()
    at.switch_page("pages/balance.py").run()
    line = next(m.value for m in at.markdown if "Projets semblables trouvés ailleurs" in m.value)
    assert "bilan \\[clic\\]\\(http\\://x\\.invalid\\)" in line, line  # escaped
