"""The command line, run as users run it: exit codes, one-line errors, no traceback."""

import json
import subprocess
import sys

import jsonschema
import pytest

from conftest import EXAMPLES, ROOT


def cli(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "calculators", *args], cwd=ROOT, input=stdin,
                          capture_output=True, text=True, timeout=60)


def test_evaluate_prints_json():
    out = cli("evaluate", str(EXAMPLES[0]))
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    for key in ("footprint_kgco2e", "energy_kwh", "benefits_kgco2e", "net_kgco2e",
                "benefit_to_footprint_ratio", "payback_years", "grid_intensity_g_per_kwh",
                "market_based_footprint_kgco2e", "verdict", "committee_review_required",
                "reasons", "recommendations", "warnings", "data_version"):
        assert key in result
    assert set(result["footprint_kgco2e"]) == {"training", "inference", "embodied",
                                               "transport", "network", "total"}


def test_evaluate_table_format():
    out = cli("evaluate", str(EXAMPLES[0]), "--format", "table")
    assert out.returncode == 0
    assert "Verdict:" in out.stdout and "Total footprint" in out.stdout


def test_evaluate_from_stdin():
    out = cli("evaluate", "-", stdin=EXAMPLES[0].read_text())
    assert out.returncode == 0 and json.loads(out.stdout)["verdict"]


def test_schema_is_valid_json_schema_and_accepts_examples():
    out = cli("schema")
    assert out.returncode == 0
    schema = json.loads(out.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    for path in EXAMPLES:
        jsonschema.validate(json.loads(path.read_text()), schema)


@pytest.mark.parametrize("content,field", [
    ('{"schema_version": 1}', "name"),
    ('{"schema_version":1,"name":"x","domain":"climate","horizon_years":-1,"location":{}}',
     "horizon_years"),
    ('{"schema_version":1,"name":"x","domain":"climate","horizon_years":5,'
     '"location":{"country":"ZZZ"}}', "location.country"),
    ("not json", "file"),
])
def test_invalid_scenario_exits_2_with_one_line(tmp_path, content, field):
    path = tmp_path / "bad.json"
    path.write_text(content)
    out = cli("evaluate", str(path))
    assert out.returncode == 2
    assert out.stdout == ""
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, out.stderr
    assert lines[0].startswith(f"invalid scenario: {field}")
    assert "Traceback" not in out.stderr


def test_missing_file_exits_2():
    out = cli("evaluate", "/nonexistent/scenario.json")
    assert out.returncode == 2 and "does not exist" in out.stderr
    assert "Traceback" not in out.stderr


def test_a_full_disk_is_a_message_not_a_traceback():
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "calculators", "evaluate", str(EXAMPLES[0])],
                              cwd=ROOT, stdout=full, stderr=subprocess.PIPE, text=True,
                              timeout=60)
    assert done.returncode == 1
    assert done.stderr.startswith("error: cannot write the output: No space left on device")
    assert "Traceback" not in done.stderr


def test_a_reader_that_stops_reading_ends_the_command_quietly():
    """`python -m calculators schema | head -1`: the rest has nowhere to go, and no traceback
    says so."""
    import os

    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader has gone before anything is written
    proc = subprocess.Popen([sys.executable, "-m", "calculators", "schema"], cwd=ROOT,
                            stdout=write_end, stderr=subprocess.PIPE)
    os.close(write_end)
    stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 1
    assert "Traceback" not in stderr and "BrokenPipe" not in stderr, stderr


@pytest.mark.parametrize("text, words", [
    ('{"schema_version": 1, "name": "\\ud800", "domain": "climate", "horizon_years": 5, '
     '"location": {"country": "FRA"}}', "name: holds a character that is not text"),
    ('{"schema_version": ' + "1" * 5000 + "}", "integer of 5,000 digits"),
    ('{"schema_version": 1, "schema_version": 1}', "twice in one object"),
])
def test_hostile_files_get_one_line_naming_the_problem(text, words):
    out = cli("evaluate", "-", stdin=text)
    assert out.returncode == 2 and words in out.stderr and "Traceback" not in out.stderr
    assert out.stderr.count("\n") == 1
