"""The project's own fuzzing, with fixed seeds: 10,000 generated scenarios and 5,000 generated
CodeCarbon files, each carrying what broke the tool before (integers of thousands of digits,
lone surrogates, subnormal and overflowing numbers, fields over csv's limit, duplicate keys
and columns, direction overrides, NUL bytes), through the path users take: bytes in, a
result or a message out.

Every input ends in one of two ways: a ScenarioError (or CodeCarbonFileError) whose message
names the field and can be written in both languages and encoded in UTF-8; or a result that
JSON writes without Infinity or NaN. Nothing else: no traceback, no invalid JSON.
"""

from __future__ import annotations

import copy
import json
import random

import pytest

from calculators import codecarbon_import as cci
from calculators import evaluate, i18n, load
from calculators.scenario import ScenarioError
from conftest import EXAMPLES

SCENARIOS = 10_000
CODECARBON_FILES = 5_000

# values that broke something once, or could
HOSTILE = [
    "INT5000", "\ud800", "a\udfffb", 5e-324, -5e-324, 1e-320, 2.2e-308, 1e308, -1e308,
    1.7976931348623157e308, 0, -0.0, -1, 1e300, 1e-300, True, None, "", " ", [], {},
    "x" * 200_000, "\u202eevil", "=HYPERLINK(\"http://x\")", "![p](http://127.0.0.1:9/p.png)",
    {"low": 1e308, "likely": 1e308, "high": 1e308}, {"low": 0, "likely": 5e-324, "high": 1},
    {"low": 1, "likely": 0, "high": 2}, "FRA", "fra", "ZZZ", "\x00", 10**30, 2**63, -(2**63),
]
FLOATS = [5e-324, 1e-310, 1e308, 1e-300, 1e15, 0.1, 1.0]


def _leaves(node, path=()):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _leaves(value, path + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _leaves(value, path + (index,))
    yield path


def _get(node, path):
    for part in path:
        node = node[part]
    return node


def _set(node, path, value):
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value


def _scenario_text(rng: random.Random, bases: list[dict]) -> bytes:
    scenario = json.loads(json.dumps(rng.choice(bases)))
    token = None
    gentle = rng.random() < 0.5  # numbers only, within what the schema may accept
    for _ in range(rng.randint(1, 3)):
        paths = [p for p in _leaves(scenario) if p]
        if gentle:
            paths = [p for p in paths if isinstance(_get(scenario, p), (int, float))
                     and not isinstance(_get(scenario, p), bool)] or paths
        path = rng.choice(paths)
        value = copy.deepcopy(rng.choice(FLOATS if gentle else HOSTILE + FLOATS))
        if value == "INT5000":
            token, value = "9" * rng.choice((301, 4301, 5000)), "INT_HERE"
        try:
            _set(scenario, path, value)
        except (KeyError, IndexError, TypeError):
            continue
    text = json.dumps(scenario, ensure_ascii=rng.random() < 0.5)
    if token:
        text = text.replace('"INT_HERE"', token, 1)
    roll = rng.random()
    if roll < 0.05:  # a duplicate key
        text = text.replace("{", '{"name": "first", ', 1)
    elif roll < 0.08:  # a key made of half a surrogate pair
        text = text.replace("{", '{"\\ud83d": 1, ', 1)
    elif roll < 0.10:  # cut short
        text = text[: rng.randint(0, len(text))]
    data = text.encode("utf-8", "surrogatepass")
    if rng.random() < 0.03:
        data = data[: rng.randint(0, len(data))] + bytes([rng.randint(0, 255)])
    return data


def _message_is_writable(error: ScenarioError) -> None:
    assert error.field and error.message
    for lang in i18n.LANGUAGES:
        shown = i18n.text(error.message, lang)
        shown.encode("utf-8")  # no lone surrogate in a message
        assert shown.strip()


def test_generated_scenarios_end_in_a_result_or_a_message():
    rng = random.Random(20261202)
    bases = [json.loads(p.read_text(encoding="utf-8")) for p in EXAMPLES]
    outcomes = {"result": 0, "error": 0}
    for _ in range(SCENARIOS):
        data = _scenario_text(rng, bases)
        try:
            result = evaluate(data)
        except ScenarioError as exc:
            _message_is_writable(exc)
            outcomes["error"] += 1
            continue
        json.dumps(i18n.plain(result), allow_nan=False, ensure_ascii=False).encode("utf-8")
        outcomes["result"] += 1
    # the generator reaches both ends (the test would mean nothing otherwise)
    assert outcomes["result"] > SCENARIOS // 20 and outcomes["error"] > SCENARIOS // 2, outcomes


HEADER = ["timestamp", "project_name", "run_id", "duration", "emissions", "energy_consumed",
          "country_iso_code", "pue", "codecarbon_version"]
CELLS = ["1e308", "5e-324", "1e-310", "-1", "nan", "inf", "1e10", "0", "0,5", "3.5", "",
         "x" * 140_000, "\u202e", "\x00", "9" * 5000, "1" * 400, "2026-01-01", "FRA", "é"]


def _codecarbon_file(rng: random.Random) -> bytes:
    header = list(HEADER)
    if rng.random() < 0.05:
        header.append(rng.choice(HEADER))  # a duplicate column
    rng.shuffle(header)
    separator = rng.choice([",", ";"])
    lines = [separator.join(header)] if rng.random() > 0.02 else []
    for _ in range(rng.randint(0, 6)):
        row = []
        for column in header:
            if rng.random() < 0.3:
                row.append(rng.choice(CELLS).replace(separator, ""))
            elif column in ("duration", "emissions", "energy_consumed"):
                row.append(repr(rng.choice(FLOATS + [0.5, 2.0])))
            elif column == "pue":
                row.append(rng.choice(["1.2", "", "1"]))
            else:
                row.append(rng.choice(["2026-01-01T00:00:00", "p", "r1", "FRA", "3.3.2"]))
        lines.append(separator.join(row))
    text = "\n".join(lines)
    encoding = rng.choice(["utf-8", "utf-8-sig", "cp1252"])
    return text.encode(encoding, "replace")


def test_generated_codecarbon_files_end_in_runs_or_a_message():
    rng = random.Random(20261203)
    outcomes = {"runs": 0, "error": 0, "refused": 0}
    for index in range(CODECARBON_FILES):
        data = _codecarbon_file(rng)
        runs, rejected, errors = cci.read_files([(f"f{index}.csv", data)])
        for error in errors:
            for lang in i18n.LANGUAGES:
                i18n.text(error, lang).encode("utf-8")
        for item in rejected:
            assert item.line >= 2 and item.reason
        if not runs:
            outcomes["error" if errors else "refused"] += 1
            continue
        outcomes["runs"] += 1
        summary = cci.summarise(runs, rejected, 46.1, "FRA")
        json.dumps(summary, allow_nan=False, default=str)
        scenario = json.loads((EXAMPLES[0]).read_text(encoding="utf-8"))
        scenario["training"] = {"energy_kwh": summary["it_energy_kwh"],
                                "measurement": cci.measurement_block(summary)}
        try:
            result = evaluate(scenario)
        except ScenarioError as exc:
            _message_is_writable(exc)
            continue
        json.dumps(i18n.plain(result), allow_nan=False, ensure_ascii=False).encode("utf-8")
    assert outcomes["runs"] > CODECARBON_FILES // 20 and outcomes["error"] > 100, outcomes


@pytest.mark.parametrize("text, field, words", [
    ('{"a": 1, "a": 2}', "file", "twice"),
    ('{"schema_version": ' + "9" * 5000 + "}", "file", "digits"),
    ('{"schema_version": 1, "name": "\\ud800"}', "name", "U+D800"),
    ('{"schema_version": 1, "name": "x", "domain": "climate", "horizon_years": 5e-324, '
     '"location": {"country": "FRA"}}', "horizon_years", "too close to zero"),
])
def test_each_hostile_input_is_named(text, field, words):
    with pytest.raises(ScenarioError) as caught:
        load(text.encode("utf-8"))
    assert caught.value.field == field and words in str(caught.value)


def test_a_figure_that_overflows_is_refused_not_written():
    scenario = json.loads(EXAMPLES[0].read_text(encoding="utf-8"))
    scenario["horizon_years"] = 1e-300
    scenario["benefits"] = [{"label": "huge", "kind": "kgco2e", "quantity_per_year": 1e12,
                             "attribution": 1}]
    scenario["hardware"] = [{"name": "n", "kind": "x", "embodied_kgco2e": 1e7,
                             "lifetime_years": 1e-300, "count": 1_000_000}]
    with pytest.raises(ScenarioError) as caught:
        evaluate(scenario)
    assert "overflow" in str(caught.value)


def test_the_fast_validator_agrees_with_jsonschema_on_every_generated_scenario():
    """A scenario the fast validator (fastjsonschema) accepts skips jsonschema: on thousands
    of hostile variants of the examples (wrong types, booleans for numbers, bounds, unknown
    keys), both must say the same, valid or not."""
    from calculators.scenario import parse as scenario_parse
    from calculators.scenario.parse import _VALIDATOR, _fast_validator

    import fastjsonschema

    rng = random.Random(20261203)
    bases = [json.loads(p.read_text(encoding="utf-8")) for p in EXAMPLES]
    compared = {True: 0, False: 0}
    for _ in range(3000):
        try:
            data = scenario_parse.parse_json(_scenario_text(rng, bases))
        except ScenarioError:
            continue
        try:
            _fast_validator()(copy.deepcopy(data))
            fast = True
        except fastjsonschema.JsonSchemaException:
            fast = False
        except (ValueError, TypeError, RecursionError):
            fast = False
        slow = not any(True for _ in _VALIDATOR.iter_errors(data))
        assert fast == slow, json.dumps(data, default=str)[:500]
        compared[slow] += 1
    assert compared[True] > 100 and compared[False] > 300, compared
