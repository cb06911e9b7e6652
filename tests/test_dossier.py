"""The dossier for the ethics committee: HTML and PDF for every example. The PDF's text is read
back with pdftotext and its pages rendered to PNG with pdftoppm (Debian's poppler-utils) under
test-output/dossier/, to be looked at."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from calculators import evaluate
from calculators.balance import format_kgco2e
from conftest import EXAMPLES, ROOT
from report import dossier

REQUIRED = os.environ.get("CI") == "true"
OUT = ROOT / "test-output" / "dossier"
FAKE_CHARTS = [("a chart", "<svg xmlns='http://www.w3.org/2000/svg'></svg>")]


def need(command: str) -> None:
    if shutil.which(command) is None:
        message = f"{command} is not installed (make test installs it as root)"
        if REQUIRED:
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="module", params=[p.name for p in EXAMPLES])
def built(request):
    """(scenario, its result, the dossier's HTML with real charts, its PDF)."""
    need("chromium")
    scenario = json.loads((ROOT / "examples" / request.param).read_text(encoding="utf-8"))
    document = dossier.build_html(scenario, samples=2000)
    return request.param, scenario, evaluate(scenario), document, dossier.print_pdf(document)


def test_the_html_is_self_contained_and_complete(built):
    name, scenario, result, document, _ = built
    charts = dossier.figures(dossier.analyse(scenario, samples=2000))
    assert len(charts) >= 4 and document.count("<svg") == len(charts)
    assert "<script" not in document
    # nothing to fetch: no src or href pointing anywhere
    assert " src=" not in document and "href=" not in document
    assert scenario["name"] in document
    assert format_kgco2e(result["net_kgco2e"]) in document
    assert result["rule"].replace("'", "&#x27;") in document
    assert "Every value used, with its status and source" in document
    assert result["data_version"] in document


def test_the_pdf_says_the_verdict_the_figures_and_the_sources(built, tmp_path):
    need("pdftotext")
    name, scenario, result, _, pdf = built
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / name.replace(".json", ".pdf")
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          check=True, text=True).stdout
    flat = " ".join(text.split())
    assert "Verdict:" in flat and " balance" in flat
    assert format_kgco2e(result["footprint_kgco2e"]["total"]) in flat
    assert format_kgco2e(result["net_kgco2e"]) in flat
    grid = result["grid_intensity_g_per_kwh"]
    assert grid["source"].split(" ")[0] in flat  # the grid's source is named
    assert "What this balance does not count" in flat
    assert "Frugality checklist" in flat and "not answered" in flat
    assert result["data_version"] in flat
    if any(p["status"] == "assumption" for p in result["provenance"]):
        assert "ASSUMPTION" in flat
    # the pages as pictures, for people to look at
    subprocess.run(["pdftoppm", "-r", "70", "-png", str(path),
                    str(OUT / name.replace(".json", ""))], check=True)
    assert list(OUT.glob(name.replace(".json", "") + "-*.png"))


def test_scenario_text_is_escaped():
    scenario = json.loads((ROOT / "examples" / "water_leak_detection.json").read_text())
    scenario["name"] = "<script>alert(1)</script>"
    scenario["description"] = "<img src=x onerror=alert(2)>"
    document = dossier.build_html(scenario, samples=200, charts=FAKE_CHARTS)
    assert "<script" not in document and "<img" not in document
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in document


def test_without_chromium_the_message_says_what_to_install(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(dossier.DossierError, match="apt-get install chromium"):
        dossier.print_pdf("<p>x</p>")


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "calculators", *args], capture_output=True,
                          text=True, cwd=ROOT, timeout=300)


@pytest.mark.parametrize("fmt", ["pdf", "html"])
def test_the_command_line_writes_the_dossier(fmt, tmp_path):
    need("chromium")
    out = tmp_path / f"dossier.{fmt}"
    done = run_cli("report", "examples/traffic_lights.json", "--format", fmt, "-o", str(out),
                   "--samples", "1000")
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(b"%PDF" if fmt == "pdf" else b"<!DOCTYPE html>")
    assert done.stderr == ""


def test_the_command_line_refuses_a_bad_scenario(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema_version": 1, "name": "x"}', encoding="utf-8")
    done = run_cli("report", str(bad), "--format", "html", "-o", str(tmp_path / "x.html"))
    assert done.returncode == 2
    assert done.stderr.startswith("invalid scenario:")
    assert not (tmp_path / "x.html").exists()


def test_the_verdict_page_prepares_the_dossier_on_demand():
    need("chromium")
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180).run()
    at.switch_page("pages/balance.py").run()
    assert "dossier_pdf" not in [b.key for b in at.get("download_button")]
    at.button(key="dossier_prepare").click().run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Download the dossier (PDF)" in labels and "Download the dossier (HTML)" in labels
    # a change to the scenario makes the dossier out of date: prepared again on demand
    at.session_state["scenario"]["horizon_years"] = 9
    at.run()
    assert "Download the dossier (PDF)" not in [b.proto.label
                                                for b in at.get("download_button")]
