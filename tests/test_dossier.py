"""The dossier for the ethics committee: HTML and PDF for every example. The PDF's text is read
back with pdftotext and its pages rendered to PNG with pdftoppm (Debian's poppler-utils) under
test-output/dossier/, to be looked at."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys

import markupsafe

import plotly.graph_objects as go
import pytest

from calculators import evaluate, i18n
from calculators.i18n import text
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


# every example in French (the committee's language, the default), one in English too
CASES = [(p.name, "fr") for p in EXAMPLES] + [("traffic_lights.json", "en")]
EXPECTED = {
    "fr": {"verdict": "Verdict : BILAN", "not_counted": "Ce que ce bilan ne compte pas",
           "checklist": "Questionnaire de sobriété", "unanswered": "sans réponse",
           "assumption": "HYPOTHÈSE", "values": "Toutes les valeurs utilisées"},
    "en": {"verdict": "Verdict:", "not_counted": "What this balance does not count",
           "checklist": "Frugality checklist", "unanswered": "not answered",
           "assumption": "ASSUMPTION", "values": "Every value used, with its status and source"},
}


@pytest.fixture(scope="module", params=CASES, ids=[f"{n}-{lang}" for n, lang in CASES])
def built(request):
    """(example, language, scenario, its result, the dossier's HTML with real charts, PDF)."""
    need("chromium")
    name, lang = request.param
    scenario = json.loads((ROOT / "examples" / name).read_text(encoding="utf-8"))
    document = dossier.build_html(scenario, lang=lang, samples=2000)
    return name, lang, scenario, evaluate(scenario), document, dossier.print_pdf(document)


def test_the_html_is_self_contained_and_complete(built):
    name, lang, scenario, result, document, _ = built
    charts = dossier.figures(dossier.analyse(scenario, samples=2000), lang)
    assert len(charts) >= 4 and document.count("<svg") == len(charts)
    assert "<script" not in document
    # nothing to fetch: no src or href pointing anywhere
    assert " src=" not in document and "href=" not in document
    assert f"<html lang='{lang}'>" in document
    assert str(markupsafe.escape(scenario["name"])) in document
    assert i18n.kgco2e(result["net_kgco2e"], lang) in document
    assert str(markupsafe.escape(text(result["rule"], lang))) in document
    assert EXPECTED[lang]["values"] in document
    assert result["data_version"] in document


def test_the_pdf_says_the_verdict_the_figures_and_the_sources(built, tmp_path):
    need("pdftotext")
    name, lang, scenario, result, _, pdf = built
    OUT.mkdir(parents=True, exist_ok=True)
    stem = f"{name.replace('.json', '')}_{lang}"
    path = OUT / f"{stem}.pdf"
    path.write_bytes(pdf)
    extracted = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                               check=True, text=True).stdout
    flat = " ".join(extracted.split())  # pdftotext breaks lines; spaces of any kind become one

    def plain(words: str) -> str:
        return " ".join(words.split())

    expected = EXPECTED[lang]
    assert expected["verdict"] in flat
    assert plain(i18n.kgco2e(result["footprint_kgco2e"]["total"], lang)) in flat
    assert plain(i18n.kgco2e(result["net_kgco2e"], lang)) in flat
    grid = result["grid_intensity_g_per_kwh"]
    assert grid["source"].split(" ")[0] in flat  # the grid's source is named
    assert expected["not_counted"] in flat
    assert expected["checklist"] in flat and expected["unanswered"] in flat
    assert result["data_version"] in flat
    if any(p["status"] == "assumption" for p in result["provenance"]):
        assert expected["assumption"] in flat
    # the pages as pictures, for people to look at
    subprocess.run(["pdftoppm", "-r", "70", "-png", str(path), str(OUT / stem)], check=True)
    assert list(OUT.glob(f"{stem}-*.png"))


def test_scenario_text_is_escaped():
    scenario = json.loads((ROOT / "examples" / "water_leak_detection.json").read_text())
    scenario["name"] = "<script>alert(1)</script>"
    scenario["description"] = "<img src=x onerror=alert(2)>"
    scenario["benefits"][0]["label"] = "<iframe src=x>"
    scenario["alternative"]["description"] = "</table><form action=x>"
    document = dossier.build_html(scenario, samples=200, charts=FAKE_CHARTS)
    assert "<script" not in document and "<img" not in document
    assert "<iframe" not in document and "<form" not in document
    assert "&lt;iframe src=x&gt;" in document and "&lt;/table&gt;&lt;form action=x&gt;" in document
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in document


def test_a_chart_export_failure_is_a_dossier_error(monkeypatch):
    need("chromium")
    import kaleido

    from report import renderer

    def broken(*args, **kwargs):
        raise RuntimeError("browser closed")

    monkeypatch.setattr(renderer.RENDERER, "_browser", None)
    monkeypatch.setattr(kaleido, "Kaleido", broken)
    with pytest.raises(dossier.DossierError, match="could not draw the charts.*browser closed"):
        dossier.svg_charts([("a chart", go.Figure())])


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
                   "--samples", "1000", "--lang", "en")
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
    # (download buttons in AppTest carry no key: read their labels)
    assert "Download the dossier (PDF)" not in [b.proto.label
                                                for b in at.get("download_button")]
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


def _texts(svg: str) -> list[str]:
    """The words and numbers a chart shows (its <text> elements), ids and drawing left out."""
    import re

    return re.findall(r"<text[^>]*>([^<]*)</text>", svg)


def test_two_dossiers_built_at_once_each_get_their_own_charts():
    """Kaleido keeps one browser per process: two builds side by side (two committee members
    at once) must neither hang nor mix their charts."""
    need("chromium")
    import threading

    figs = {name: dossier.figures(dossier.analyse(json.loads(
        (ROOT / "examples" / name).read_text(encoding="utf-8")), samples=500), "fr")
        for name in ("traffic_lights.json", "water_leak_detection.json")}
    alone = {name: [_texts(svg) for _, svg in dossier.svg_charts(f)] for name, f in figs.items()}
    assert alone["traffic_lights.json"] != alone["water_leak_detection.json"]
    together: dict[str, list] = {}
    failures: list[BaseException] = []

    def build(name):
        try:
            together[name] = [_texts(svg) for _, svg in dossier.svg_charts(figs[name])]
        except BaseException as exc:  # noqa: BLE001 - reported below
            failures.append(exc)

    threads = [threading.Thread(target=build, args=(name,)) for name in figs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=240)
    assert not any(thread.is_alive() for thread in threads), "a build hung"
    assert not failures, failures
    assert together == alone


def _network_attempts(trace: str) -> list[str]:
    """Every attempt to reach another machine in an strace log: a connect or a send to an
    address that is not this machine's loopback. Allowed: Chromium's route probe, a UDP
    connect to 2001:4860:4860::8888 port 443 that sends nothing (see report/offline-chromium)."""
    import re

    out = []
    for line in trace.splitlines():
        if not re.search(r"\b(connect|sendto|sendmsg|sendmmsg)\(", line) or \
                "AF_INET" not in line:
            continue
        if 'inet_addr("127.' in line or '"::1"' in line:
            continue
        if re.search(r'connect\(.*htons\(443\).*"2001:4860:4860::8888"', line):
            continue
        out.append(line.strip()[:200])
    return out


def test_the_dossier_is_built_with_no_network():
    """Offline means offline: built in a network namespace with no interface, the dossier
    (charts through Kaleido, PDF through Chromium) tries to reach no other machine: no DNS
    query, no fetch (a CDN's MathJax, Google's services), nothing."""
    need("chromium")
    need("strace")
    need("unshare")
    if os.geteuid() != 0:
        if REQUIRED:
            pytest.fail("this test runs as root (CI does): unshare -n needs it")
        pytest.skip("unshare -n needs root")
    out = OUT / "offline.pdf"
    out.parent.mkdir(parents=True, exist_ok=True)
    trace = OUT / "offline.strace"
    done = subprocess.run(
        ["unshare", "--net", "strace", "-f", "-qq", "-o", str(trace), "-e",
         "trace=connect,sendto,sendmsg,sendmmsg", sys.executable, "-m", "calculators", "report",
         "examples/traffic_lights.json", "--format", "pdf", "-o", str(out), "--samples", "500"],
        capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(b"%PDF")
    log = trace.read_text(encoding="utf-8", errors="replace")
    assert "connect(" in log  # the trace saw the processes (the test can fail)
    assert _network_attempts(log) == []


def test_the_network_check_sees_a_dns_query_and_a_fetch():
    """The check above fails on what the dossier used to do."""
    assert _network_attempts(
        '123 connect(28, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr('
        '"10.255.255.53")}, 16) = -1 ENETUNREACH')
    assert _network_attempts(
        '9 connect(5, {sa_family=AF_INET6, sin6_port=htons(443), inet_pton(AF_INET6, '
        '"2606:4700::6810:84e5", &sin6_addr)}, 28) = -1 ENETUNREACH')
    assert not _network_attempts(
        '9 connect(5, {sa_family=AF_INET, sin_port=htons(9), sin_addr=inet_addr("127.0.0.1")'
        '}, 16) = -1 ECONNREFUSED')


def test_the_dossier_s_charts_show_their_legends_names_and_whole_numbers():
    """As drawn in the dossier (SVG by its Chromium): the legends are there (a legend whose
    entries were sized 0 as a fraction vanished: the water balance's and the tornado's), the
    tornado's names are written above their bars, each on one line (beside them, six long
    names wrapped on three lines overlapped), and tick numbers are written out ("100 000",
    not plotly's "100k")."""
    need("chromium")
    raw = json.loads((ROOT / "examples" / "fr" / "water_leak_detection.json").read_text(
        encoding="utf-8"))
    figs = dict(dossier.figures(dossier.analyse(raw, samples=500), "fr"))
    svgs = dict(dossier.svg_charts(list(figs.items())))
    drawn = {caption: _texts(svg) for caption, svg in svgs.items()}
    water_caption, tornado_caption = (next(c for c in drawn if c.startswith(start))
                                      for start in ("Bilan en eau", "Les données qui décident"))
    water, tornado = drawn[water_caption], drawn[tornado_caption]
    assert {"Électricité", "Refroidissement, sur site"} <= set(water), water
    assert {"Valeur basse", "Valeur haute"} <= set(tornado), tornado
    for caption in (water_caption, tornado_caption):  # the names are in it, and it is seen:
        # the legend's box as wide as its names, not 4 pixels wide and clipped (it was)
        box = re.search(r'<g class="legend"[^>]*><rect class="bg"[^>]*width="([0-9.]+)"',
                        svgs[caption])
        assert box and float(box.group(1)) >= 200, (caption, box and box.group(1))
    named = [t for t in tornado if t.startswith(("Bénéfices, ligne", "Matériel, ligne"))]
    assert "Bénéfices, ligne 1 (Eau potable qui n'est plus perdue en fuites) : facteur " \
           "d'émission" in named, named  # whole, on one line
    ticks = [t for t in water if any(ch.isdigit() for ch in t)]
    assert "100 000" in ticks, ticks
    assert not [t for t in ticks if t.rstrip().endswith(("k", "m", "M", "µ"))], ticks


def test_a_value_without_a_spread_shows_no_range():
    """In "every value used", a published figure with no range (a GPU's rated power) or a rule
    (the share of manufacturing charged) has an empty range cell, not "400 à 400"."""
    import html as html_module

    raw = json.loads((ROOT / "examples" / "fr" / "water_leak_detection.json").read_text(
        encoding="utf-8"))
    document = html_module.unescape(dossier.build_html(raw, samples=200, charts=FAKE_CHARTS))
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", document)
    same = [c for c in cells if re.fullmatch(r"\s*(\S+) à \1\s*", c)]
    assert not same, same
    assert any(re.fullmatch(r"\s*\S+ à \S+\s*", c) for c in cells)  # real ranges stay


def test_legend_names_do_not_overlap_on_a_narrow_chart():
    """Each legend name gets its own width: a fixed share of the plot (the layout's 0.3) gave
    "Alternative sans IA" 167 pixels at 700 wide, and "Le projet d'IA" was written over it.
    At least 8 pixels a character and 40 for the symbol, in the font of the charts (20 px)."""
    need("chromium")
    from report import charts
    from report.renderer import RENDERER

    result = evaluate(json.loads((ROOT / "examples" / "fr" / "water_leak_detection.json")
                                 .read_text(encoding="utf-8")))
    svg = RENDERER.svgs(dossier.chromium(), [charts.ai_against_alternative(result, "fr")],
                        700, 520)[0].decode("utf-8")
    legend = svg[svg.index('<g class="legend"'):]
    items = [(float(x), float(y), name) for x, y, name in re.findall(
        r'<g class="traces" transform="translate\(([0-9.]+),([0-9.]+)\)"[^>]*>'
        r'<text[^>]*>([^<]*)</text>', legend)]
    assert [name for _, _, name in items] == ["Alternative sans IA", "Le projet d'IA"]
    for (x, y, name), (next_x, next_y, _) in zip(items, items[1:]):
        if next_y == y:  # on the same row
            assert next_x - x >= 8 * len(name) + 40, (name, next_x - x)


def test_names_typed_in_a_chart_are_drawn_as_typed():
    """Plotly reads bold, links and other tags in every text it draws: a line's or a
    scenario's name typed with them was drawn bold, and as a link in the dossier's tornado
    (names above their bars). Drawn here, they show as typed."""
    need("chromium")
    import html

    from report import charts
    from report.renderer import RENDERER

    typed = "<b>gras</b> & <a href='http://example.org'>lien</a>"
    drivers = [{"label": f"Bénéfices, ligne 1 ({typed}) : quantité", "net_at_low_kgco2e": 1e5,
                "net_at_high_kgco2e": 3e5}]
    figs = [charts.tornado(drivers, 2e5, "fr"), charts.tornado(drivers, 2e5, "fr",
                                                                labels_above=True),
            charts.compare_net([typed, "B"], [{"net_kgco2e": 5.0}, {"net_kgco2e": -3.0}], "fr")]
    for svg in RENDERER.svgs(dossier.chromium(), figs, 1000, 520):
        svg = svg.decode("utf-8")
        assert "<a " not in svg and "xlink:href" not in svg  # no link
        assert not re.search(r"<tspan[^>]*font-weight:\s*bold", svg)  # nothing made bold
        words = html.unescape(re.sub(r"<[^>]+>", "", svg))  # the text drawn, tags removed
        assert "<b>gras</b>" in words, words[:300]


EXIT_ORDER = """
import os, shutil, tempfile
import plotly.graph_objects as go
from report import dossier
from report.renderer import RENDERER

RENDERER.tabs = 1
RENDERER.svgs(dossier.chromium(), [go.Figure(go.Bar(x=[1], y=[1]))], 200, 100)
process = RENDERER._browser.subprocess
profile = str(RENDERER._browser._browser_impl.tmp_dir.path)  # choreographer's, for Chromium
rmtree = tempfile.TemporaryDirectory._rmtree.__func__

def watched(cls, name, *args, **kwargs):
    if str(name) == profile:
            print("profile removed while Chromium",
              "runs" if process.poll() is None else "has ended", flush=True)
    return rmtree(cls, name, *args, **kwargs)

tempfile.TemporaryDirectory._rmtree = classmethod(watched)
"""


def test_the_browser_ends_before_its_profile_is_removed_at_exit():
    """At a process's exit the kept browser is closed before the interpreter removes its
    profile folder: removed under a running Chromium, the folder may refill as it is emptied,
    and the command line ended on a traceback (seen in CI)."""
    need("chromium")
    done = subprocess.run([sys.executable, "-c", EXIT_ORDER], capture_output=True, text=True,
                          cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "profile removed while Chromium has ended\n"
    assert "Traceback" not in done.stderr


def test_the_pdf_is_tagged_and_each_chart_carries_its_alternative_and_its_table(built):
    """RGAA for a document: the PDF is tagged (its headings, tables and figures read by a
    screen reader), each chart a figure whose alternative text says what it shows with its
    figures, followed by the table of its figures."""
    import re

    name, lang, scenario, _, document, pdf = built
    charts = dossier.figures(dossier.analyse(scenario, samples=2000), lang)
    # a PDF string: UTF-16 in hexadecimal (<FEFF...>), or a literal (...) when ASCII
    alts = [bytes.fromhex(hexa.decode()).decode("utf-16") if hexa else
            literal.decode("latin-1").replace("\\(", "(").replace("\\)", ")")
            for hexa, literal in re.findall(rb"/Alt\s*(?:<([0-9A-Fa-f]+)>|\(((?:[^()\\]|\\.)*)\))",
                                            pdf)]
    said = "Graphique : " if lang == "fr" else "Chart: "
    assert len([a for a in alts if a.startswith(said)]) == len(charts), alts
    assert document.count("<table class='chart-figures'>") == len(charts)
    assert document.count('<svg role="img" aria-label="' + said) == len(charts)


# the width of each word of each table cell against the cell's room, in Chromium, as printed
# (A4 less its margins: 180 mm, 680 pixels): a word wider than its cell is cut in two
# ("HYPOTHÈS / E", "kW / h") by the style's last resort (overflow-wrap)
WORDS_WIDER_THAN_THEIR_CELL = """() => {
  const canvas = document.createElement('canvas').getContext('2d');
  const out = [];
  for (const cell of document.querySelectorAll('td, th')) {
    const style = getComputedStyle(cell);
    canvas.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const room = cell.clientWidth - parseFloat(style.paddingLeft)
        - parseFloat(style.paddingRight);
    for (const word of cell.textContent.split(/[ \\t\\n]+/))
      if (word && canvas.measureText(word).width > room) out.push(word);
  }
  return out;
}"""


def test_no_word_of_the_dossier_is_cut_in_a_table_cell(built):
    """Issue 33: the dossier's tables cut words ("HYPOTHÈS / E", "kW / h", "investisse /
    ment") and wrote "4,858e-08": every word of every cell fits its column, and a tiny figure
    is written with its power of ten."""
    from playwright.sync_api import sync_playwright

    _, _, _, _, document, _ = built
    words = re.sub(r"<svg.*?</svg>", "", document, flags=re.S)  # the text, not the drawings
    assert not re.findall(r"\d[.,]?\d*e[-+]\d", words)  # no exponent the computer's way
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"))
        try:
            page = browser.new_page(viewport={"width": 680, "height": 1000})
            page.set_content(document)
            page.emulate_media(media="print")
            cut = page.evaluate(WORDS_WIDER_THAN_THEIR_CELL)
        finally:
            browser.close()
    assert not cut, cut
