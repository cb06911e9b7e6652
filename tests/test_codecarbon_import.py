"""CodeCarbon import: a real emissions.csv made by the offline tracker during the test run,
a fixture for each format users upload, and fuzzing: every file ends in runs or a clear error."""

import json
import os
import re
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from calculators import codecarbon_import as cci
from conftest import ROOT

HEADER = ("timestamp,project_name,run_id,experiment_id,duration,emissions,emissions_rate,"
          "cpu_power,gpu_power,ram_power,cpu_energy,gpu_energy,ram_energy,energy_consumed,"
          "country_name,country_iso_code,codecarbon_version,pue")
ROW = ("2026-11-23T17:05:00,leaks,run-1,exp-1,2.5,0.0005,0.0002,15.0,0.0,20.0,0.002,0.0,"
       "0.007,0.009,France,FRA,3.3.2,1.0")
ROW2 = ("2026-11-23T18:00:00,leaks,run-2,exp-2,10.0,0.0011,0.0001,15.0,0.0,20.0,0.005,0.0,"
        "0.015,0.02,France,FRA,3.3.2,1.0")


@pytest.fixture(scope="module")
def measured(tmp_path_factory):
    """`python -m calculators measure` on a tiny workload: a real emissions.csv."""
    out = tmp_path_factory.mktemp("measure")
    env = dict(os.environ, HOME=str(out))  # no stray .codecarbon.config is read
    done = subprocess.run(
        [sys.executable, "-m", "calculators", "measure", "--country", "FRA", "--output-dir",
         str(out), "--project", "tiny", "--", sys.executable, "-c",
         "import time; x = sum(i * i for i in range(2_000_000)); time.sleep(1.2)"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    line = next(l for l in done.stderr.splitlines() if l.startswith("measured "))
    energy, emissions = (float(x) for x in re.findall(r"([0-9.e+-]+) (?:kWh|kgCO2e)", line))
    return out / "emissions.csv", energy, emissions


def test_real_tracker_file_matches_the_trackers_totals(measured):
    path, tracker_kwh, tracker_kg = measured
    runs, rejected = cci.parse(path.read_bytes(), path.name)
    assert len(runs) == 1 and rejected == []
    summary = cci.summarise(runs, rejected, intensity_g_per_kwh=56.039, location_label="France")
    # the tracker printed 6 significant digits
    assert summary["energy_kwh"] == pytest.approx(tracker_kwh, rel=1e-5)
    assert summary["reported_emissions_kgco2e"] == pytest.approx(tracker_kg, rel=1e-5)
    assert summary["energy_kwh"] > 0 and summary["duration_s"] >= 1.0
    assert summary["projects"] == ["tiny"] and summary["reported_countries"] == ["FRA"]
    # CodeCarbon counted France at its own (CodeCarbon) value: the same as the scenario's
    assert summary["emissions_at_location_kgco2e"] == pytest.approx(tracker_kg, rel=1e-3)


def parse_text(text, encoding="utf-8"):
    return cci.parse(text.encode(encoding), "f.csv")


def test_current_format():
    runs, rejected = parse_text(f"{HEADER}\n{ROW}\n{ROW2}\n")
    assert [r.run_id for r in runs] == ["run-1", "run-2"] and not rejected
    assert sum(r.energy_kwh for r in runs) == pytest.approx(0.029)


def test_old_version_with_only_the_core_columns_and_extra_ones():
    text = ("timestamp,duration,emissions,energy_consumed,my_note\n"
            "2021-03-01T10:00:00,100,0.01,0.2,first\n")
    runs, rejected = parse_text(text)
    assert runs[0].energy_kwh == 0.2 and runs[0].project_name == "" and runs[0].pue == 1.0


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1252", "utf-16", "utf-16-le"])
def test_bom_and_windows_encoding(encoding):
    text = f"{HEADER}\n{ROW.replace('leaks', 'fuites-réseau')}\n"
    runs, _ = parse_text(text, encoding)
    assert runs[0].project_name == "fuites-réseau"


def test_semicolons_and_decimal_commas_as_french_excel_saves_them():
    header = HEADER.replace(",", ";")
    row = ROW.replace(",", ";")
    row = re.sub(r"(\d)\.(\d)", r"\1,\2", row)  # decimal commas
    runs, rejected = parse_text(f"{header}\r\n{row}\r\n")
    assert not rejected
    assert runs[0].energy_kwh == pytest.approx(0.009)
    assert runs[0].duration_s == pytest.approx(2.5)


def test_blank_malformed_and_repeated_header_lines_with_line_numbers():
    text = "\n".join([HEADER, ROW, "", "2026-11-23,leaks,only,four", HEADER,
                      ROW.replace("0.009", "lots"), ROW.replace("0.009", "-1"), ROW2]) + "\n"
    runs, rejected = parse_text(text)
    assert [r.run_id for r in runs] == ["run-1", "run-2"]
    assert [(r.line, r.reason.split(";")[0]) for r in rejected] == [
        (4, "has 4 fields"), (6, "a number column holds text"), (7, "energy_consumed is negative")]


def test_pue_in_the_file_is_taken_off_the_it_energy():
    runs, _ = parse_text(f"{HEADER}\n{ROW[:-3]}1.5\n")
    assert runs[0].it_energy_kwh == pytest.approx(0.009 / 1.5)
    summary = cci.summarise(runs, (), 56.0, "France")
    assert any("PUE" in reason for reason in summary["why_they_differ"])


@pytest.mark.parametrize("data,words", [
    (b"", "is empty"),
    (b"\n\n  \n", "is empty"),
    (b"name,value\nx,1\n", "missing the column(s) timestamp, duration, emissions"),
    (b"\x81\x8d\x8f\x90\x9d" * 10, "not a text file"),
    (b"x" * (cci.MAX_BYTES + 1), "the limit is"),
])
def test_unusable_files_get_a_clear_error(data, words):
    with pytest.raises(cci.CodeCarbonFileError) as info:
        cci.parse(data, "upload.csv")
    assert words in str(info.value) and str(info.value).startswith("upload.csv: ")


def test_selection_by_project_experiment_and_run():
    runs, _ = parse_text(f"{HEADER}\n{ROW}\n{ROW2}\n{ROW.replace('leaks', 'other')}\n")
    assert len(cci.select(runs, project="leaks")) == 2
    assert [r.run_id for r in cci.select(runs, experiment="exp-2")] == ["run-2"]
    assert len(cci.select(runs, run_ids=["run-1"])) == 2  # same run id in two projects


def test_the_runs_of_one_year_for_the_yearly_results():
    """Three runs, 0.2 + 0.3 kWh in 2026 and 0.5 in 2025: the year 2026 keeps two."""
    text = ("timestamp,duration,emissions,energy_consumed\n"
            "2026-01-15T10:00:00,100,0.01,0.2\n"
            "2026/12/31 23:00:00,100,0.01,0.3\n"
            "2025-12-31T23:59:59,100,0.01,0.5\n"
            "12/03/2026 10:00,100,0.01,0.7\n")   # a date the file does not start with a year
    runs, rejected = parse_text(text)
    assert not rejected and len(runs) == 4
    kept, left_out = cci.of_year(runs, 2026)
    assert sum(r.energy_kwh for r in kept) == pytest.approx(0.5) and left_out == 2
    assert [cci.run_year(r) for r in runs] == [2026, 2026, 2025, None]


def test_a_bad_file_does_not_stop_the_others():
    runs, rejected, errors = cci.read_files([("good.csv", f"{HEADER}\n{ROW}\n".encode()),
                                             ("bad.csv", b"")])
    assert len(runs) == 1 and len(errors) == 1 and errors[0].startswith("bad.csv")


VALID = f"{HEADER}\n{ROW}\n{ROW2}\n".encode()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(
    st.binary(max_size=2000),
    st.lists(st.tuples(st.integers(0, len(VALID) - 1), st.binary(max_size=4)),
             max_size=12).map(lambda edits: _mutate(VALID, edits)),
    st.text(alphabet=st.sampled_from(list("0123456789.,;-eE\n\r\t\"' abcTZ:")), max_size=400)
    .map(lambda t: (HEADER + "\n" + t).encode()),
))
def test_fuzz_every_file_ends_in_runs_or_a_clear_error(data):
    try:
        runs, rejected = cci.parse(data, "fuzz.csv")
    except cci.CodeCarbonFileError as exc:
        assert str(exc).startswith("fuzz.csv: ")
        return
    for run in runs:
        assert run.energy_kwh >= 0 and run.duration_s >= 0 and run.pue >= 1
    for item in rejected:
        assert item.line >= 2 and item.reason


def _mutate(data: bytes, edits) -> bytes:
    out = bytearray(data)
    for position, chunk in edits:
        out[position:position + 1] = chunk
    return bytes(out)


def test_cli_summary_and_its_errors(tmp_path):
    good = tmp_path / "emissions.csv"
    good.write_text(f"{HEADER}\n{ROW}\n{ROW2}\n")
    run = [sys.executable, "-m", "calculators", "codecarbon-summary"]
    out = subprocess.run(run + [str(good), "--country", "DEU", "--project", "leaks"], cwd=ROOT,
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    summary = json.loads(out.stdout)
    assert summary["runs"] == 2 and summary["energy_kwh"] == pytest.approx(0.029)
    assert summary["emissions_at_location_kgco2e"] == pytest.approx(0.029 * 380.95 / 1000)
    assert "Germany" in summary["why_they_differ"][0]
    for args, words in ((["/nonexistent.csv"], "does not exist"),
                        ([str(good), "--country", "XYZ"], "unknown ISO"),
                        ([str(good), "--project", "nope"], "no run matches")):
        bad = subprocess.run(run + args, cwd=ROOT, capture_output=True, text=True, timeout=60)
        assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1, bad.stderr
        assert words in bad.stderr and "Traceback" not in bad.stderr
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    bad = subprocess.run(run + [str(empty)], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "is empty" in bad.stderr
