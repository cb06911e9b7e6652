"""Bad input gets a clear error naming the field and what is accepted, never a traceback."""

import json

import pytest

from calculators import ScenarioError, evaluate, load, parse_json
from conftest import minimal_scenario, with_

DEVICE = {"model": "a100_sxm4", "count": 2, "hours": 10}
ITEM = {"name": "server", "kind": "server_rack"}
BENEFIT = {"label": "water", "kind": "drinking_water_m3", "quantity_per_year": 10}


def base():
    s = minimal_scenario()
    s["training"] = {"devices": [dict(DEVICE)]}
    s["hardware"] = [dict(ITEM)]
    s["benefits"] = [dict(BENEFIT)]
    return s


CASES = [
    # (label, path to change, new value, field named, words the message must contain)
    ("NaN", "horizon_years", float("nan"), "horizon_years", "finite"),
    ("infinity", "training.devices[0].power_w", float("inf"), "training.devices[0].power_w",
     "finite"),
    ("negative", "training.devices[0].hours", -3, "training.devices[0].hours", "from 0"),
    ("negative count", "training.devices[0].count", -1, "training.devices[0].count",
     "whole number"),
    ("zero lifetime", "hardware[0].lifetime_years", 0, "hardware[0].lifetime_years", "above 0"),
    ("share above 1", "hardware[0].share", 1.5, "hardware[0].share", "at most 1"),
    ("unknown country", "location", {"country": "XYZ"}, "location.country", "unknown value"),
    ("country without data", "location", {"country": "CAF"}, "location.country", "unknown"),
    ("unknown cloud region", "location", {"cloud_region": "aws:mars-1"},
     "location.cloud_region", "Accepted"),
    ("both country and region", "location", {"country": "FRA", "cloud_region": "ovh:gra"},
     "location", "not both"),
    ("no location", "location", {"pue": 1.2}, "location", "give one of"),
    ("unknown model", "training.devices[0].model", "a1000", "training.devices[0].model",
     "a100"),
    ("unknown kind", "hardware[0].kind", "mainframe", "hardware[0].embodied_kgco2e",
     "known kinds"),
    ("unknown benefit kind", "benefits[0].kind", "trees", "benefits[0].kind", "Accepted"),
    ("wrong type", "horizon_years", "5", "horizon_years", "a number"),
    ("bool as number", "training.devices[0].count", True, "training.devices[0].count",
     "whole number"),
    ("huge horizon", "horizon_years", 1e9, "horizon_years", "at most 30"),
    ("huge requests", "inference", {"requests_per_day": 1e300, "energy_wh_per_request": 1},
     "inference.requests_per_day", "from 0"),
    ("absurd power", "training.devices[0].power_w", 50_000, "training.devices[0].power_w",
     "at most 5,000"),
    ("extra key", "training.enregy_kwh", 5, "training.enregy_kwh", "did you mean 'energy_kwh'"),
    ("wrong schema version", "schema_version", 3, "schema_version", "must be 2"),
    ("bad domain", "domain", "health", "domain", "climate"),
    ("bad condition", "hardware[0].condition", "used", "hardware[0].condition", "refurbished"),
    ("requests without energy", "inference", {"requests_per_day": 100},
     "inference.energy_wh_per_request", "required"),
    ("partial alternative", "alternative", {"description": "x", "footprint_kgco2e_per_year": 1},
     "alternative.benefits_kgco2e_per_year", "required"),
    ("alternative of wrong type", "alternative", "none", "alternative", "null"),
    ("attribution above 1", "benefits[0].attribution", 2, "benefits[0].attribution",
     "from 0 to 1"),
    ("pue below 1", "location.pue", 0.8, "location.pue", "from 1 to 3"),
    ("transport without mass", "hardware[0]", {"name": "x", "kind": "custom",
                                               "embodied_kgco2e": 5, "lifetime_years": 3,
                                               "transport_km": 100},
     "hardware[0].mass_kg", "required"),
]


@pytest.mark.parametrize("label,path,value,field,words", CASES, ids=[c[0] for c in CASES])
def test_bad_input_names_the_field(label, path, value, field, words):
    scenario = with_(base(), path, value)
    with pytest.raises(ScenarioError) as info:
        evaluate(scenario)
    assert info.value.field == field, str(info.value)
    assert words in str(info.value), str(info.value)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("key", ["schema_version", "name", "domain", "horizon_years",
                                 "location"])
def test_missing_required_key(key):
    scenario = base()
    del scenario[key]
    with pytest.raises(ScenarioError) as info:
        load(scenario)
    assert info.value.field == key
    assert "required" in str(info.value)


@pytest.mark.parametrize("text,words", [
    (b"", "empty"),
    (b"   ", "empty"),
    (b"{\"name\": ", "not valid JSON (line 1"),
    (b"[1, 2]", "JSON object"),
    (b"\"scenario\"", "JSON object"),
    (b"{" * 100_000, "JSON"),
    (b"x" * 3_000_000, "bytes"),
])
def test_malformed_files(text, words):
    with pytest.raises(ScenarioError) as info:
        load(text)
    assert info.value.field == "file"
    assert words in str(info.value)


def test_nan_written_in_json_text_is_refused():
    text = json.dumps(base()).replace('"hours": 10', '"hours": NaN').encode()
    with pytest.raises(ScenarioError) as info:
        load(text)
    assert info.value.field == "training.devices[0].hours"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16", "utf-16-le",
                                      "utf-16-be", "utf-32"])
def test_encodings_accepted(encoding):
    """UTF-8, with or without its mark; Windows-1252; UTF-16 and UTF-32 (Windows Notepad's
    "Unicode"), with or without a byte order mark."""
    scenario = with_(base(), "name", "Détection de fuites à Montpellier")
    text = json.dumps(scenario, ensure_ascii=False).encode(encoding)
    assert load(text).resolved["name"] == "Détection de fuites à Montpellier"


def test_country_code_is_case_insensitive():
    s = with_(minimal_scenario(), "location", {"country": "fra"})
    assert load(s).resolved["location"]["country"] == "FRA"


def test_input_is_not_modified():
    scenario = base()
    before = json.dumps(scenario, sort_keys=True)
    evaluate(scenario)
    assert json.dumps(scenario, sort_keys=True) == before


def test_parse_json_rejects_bytes_that_are_not_text():
    with pytest.raises(ScenarioError, match="not text"):
        parse_json(bytes(range(256)))


@pytest.mark.parametrize("value,words", [
    (float("nan"), "finite"), (float("-inf"), "finite"), (1e-320, "too close to zero"),
    (-1e-320, "too close to zero"), ("a\ud800b", "not text")])
def test_every_problem_is_found_anywhere_in_the_tree(value, words):
    """One pass over the tree decides whether the walks that say where must run: a problem at
    the top, deep in a line, as an object's key, or behind a type that is not exactly a float
    (numpy's) is still named with its path."""
    import numpy as np

    where = ("horizon_years", "hardware[0].share", "benefits[0].attribution")
    for path in where:
        scenario = with_(base(), path, value)
        with pytest.raises(ScenarioError) as info:
            load(scenario)
        assert info.value.field == path and words in str(info.value), str(info.value)
        if isinstance(value, float):  # a float subclass, as a Python caller may pass
            with pytest.raises(ScenarioError) as info:
                load(with_(base(), path, np.float64(value)))
            assert info.value.field == path and words in str(info.value), str(info.value)
    if isinstance(value, str):  # in an object's key
        scenario = base()
        scenario["location"][value] = 1
        with pytest.raises(ScenarioError, match="not text") as info:
            load(scenario)
        assert info.value.field == "location"


def test_a_range_is_checked_wherever_it_is():
    for path, value in (("location.pue", 1.2), ("hardware[0].share", 0.2),
                        ("training.devices[0].hours", 1.2)):  # likely below low
        bad = with_(base(), path, {"low": value + 0.1, "likely": value, "high": value + 0.2})
        with pytest.raises(ScenarioError, match="low <= likely <= high") as info:
            load(bad)
        assert info.value.field == path


def test_the_same_key_twice_is_refused_at_any_depth():
    text = json.dumps(base()).replace('"hours": 10', '"hours": 10, "hours": 11').encode()
    with pytest.raises(ScenarioError, match="twice in one object"):
        load(text)


@pytest.mark.parametrize("text, french", [
    (b'{"name": }', "une valeur était attendue ici : un nombre, un texte entre guillemets"),
    (b'{"name": "x",}', "une clé entre guillemets droits était attendue ici ; une virgule "
                        "après le dernier élément"),
    (b'{"name": "x" "domain": "climate"}', "une virgule était attendue ici"),
    (b'{"name" "x"}', "un deux-points était attendu ici"),
    (b'{} {}', "du texte suit la fin de l'objet JSON"),
    (b'{"name": "x', "un texte n'est pas fermé par un guillemet droit"),
    (b'{"name": "a\tb"}', "un saut de ligne ou une tabulation"),  # a real tab
    (b'{"name": "C:\\dossier"}', "une barre oblique inverse dans un texte doit être doublée"),
])
def test_a_json_syntax_error_is_said_in_the_reader_s_language(text, french):
    """Where the file is broken (line, column) and what is wrong there in words, not Python's
    English ("Expecting value")."""
    from calculators.i18n import text as written

    with pytest.raises(ScenarioError) as info:
        load(text)
    said = written(info.value.message, "fr")
    assert said.startswith("n'est pas du JSON valide (ligne 1, colonne ") and french in said, said
    assert "Expecting" not in said and "Extra data" not in said


def test_every_json_syntax_reason_translated_is_one_the_parser_gives():
    """The table of the parser's reasons is keyed by its English messages: a Python whose
    parser words them otherwise would leave them untranslated; this says so."""
    from calculators.scenario import parse

    given = set()
    for broken in ('{"a": }', '{"a": 1,}', '{"a": 1 "b": 2}', '{"a" 1}', '{} {}', '{"a": "x',
                   '{"a": "x\ty"}', '{"a": "x\\qy"}'):
        with pytest.raises(json.JSONDecodeError) as info:
            json.loads(broken)
        given.add(info.value.msg)
    assert given == set(parse._JSON_REASONS)
