"""What a long inventory costs on the Hardware page (issue 34), as a person meets it: a real
`streamlit run`, Debian's Chromium (headless, 1280x720, French), a scenario of N hardware lines
opened by its library link; then a number typed in the first line's count and Enter pressed.
Printed for N = 1, 50, 100 and 200 lines (200 is the scenario format's maximum), the median of
--repeat tries: the opening (from the address to the page idle) and the number typed (from
Enter to the end of the run it started, seen on the page's websocket), the server's CPU for
each, and the ratio of each to one line, measured in the same run. The number must be taken:
the scenario saved back shows it (a change that did not happen is no measure).

Streamlit 1.67 copies the whole session state for each keyed text field it draws, so a page
that draws every line costs N²: the page draws ``ui.editing.LINES_PER_PAGE`` lines at a time.

Run: .venv/bin/python bench/bench_lines.py [--lines 1,50,100,200] [--repeat 3]"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_server import cpu_seconds, start_server  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402

IDLE = ("[data-testid=stApp][data-test-connection-state=CONNECTED]"
        "[data-test-script-state=notRunning]")
TIMEOUT_MS = 180_000


def inventory(count: int) -> dict:
    scenario = json.loads((ROOT / "examples" / "fr" / "water_leak_detection.json").read_text())
    scenario["hardware"] = [{"name": f"Capteur {i + 1}", "kind": "sensor", "count": 1}
                            for i in range(count)]
    return scenario


def measure(browser, base: str, entry: str, pid: int) -> tuple[float, float, float, float]:
    page = browser.new_page(viewport={"width": 1280, "height": 720}, locale="fr-FR")
    finished: list[float] = []

    def on_frame(payload) -> None:
        if isinstance(payload, bytes):
            message = ForwardMsg()
            message.ParseFromString(payload)
            if message.WhichOneof("type") == "script_finished":
                finished.append(time.perf_counter())
    page.on("websocket", lambda socket: socket.on("framereceived", on_frame))
    try:
        cpu, started = cpu_seconds(pid), time.perf_counter()
        page.goto(f"{base}/hardware?scenario={entry}&version=1&lang=fr")
        page.get_by_label("Nombre", exact=True).first.wait_for(timeout=TIMEOUT_MS)
        page.wait_for_selector(IDLE, timeout=TIMEOUT_MS)
        opened, cpu_open = time.perf_counter() - started, cpu_seconds(pid) - cpu
        # the runs that follow an opening (the address gets the draft's id) are over: a
        # number typed meanwhile would be drawn over by them
        while True:
            seen = len(finished)
            page.wait_for_timeout(1000)
            page.wait_for_selector(IDLE, timeout=TIMEOUT_MS)
            if len(finished) == seen:
                break
        field = page.get_by_label("Nombre", exact=True).first
        field.fill("7")
        before, cpu = len(finished), cpu_seconds(pid)
        started = time.perf_counter()
        field.press("Enter")
        while len(finished) == before and time.perf_counter() - started < TIMEOUT_MS / 1000:
            page.wait_for_timeout(5)
        typed, cpu_typed = finished[-1] - started, cpu_seconds(pid) - cpu
        page.wait_for_selector(IDLE, timeout=TIMEOUT_MS)
        if page.get_by_label("Nombre", exact=True).first.input_value() != "7":
            raise RuntimeError("the number typed was not taken")
        return opened, typed, cpu_open, cpu_typed
    finally:
        page.close()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", default="1,50,100,200")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    counts = [int(c) for c in args.lines.split(",")]
    from store import open_library
    LINES_PER_PAGE = getattr(__import__("ui.editing", fromlist=["x"]), "LINES_PER_PAGE", "all")

    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'library.sqlite3'}"
        library = open_library(url)
        entries = {n: library.save(inventory(n), project=f"Inventaire {n}").entry_id
                   for n in counts}
        library.engine.dispose()
        proc, port = start_server(False, url)
        try:
            with sync_playwright() as play:
                browser = play.chromium.launch(executable_path="/usr/bin/chromium")
                rows = {n: [statistics.median(column) for column in zip(*(
                    measure(browser, f"http://127.0.0.1:{port}", entries[n], proc.pid)
                    for _ in range(args.repeat)))] for n in counts}
                browser.close()
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    base = rows[counts[0]]
    print(f"Hardware page in Chromium, median of {args.repeat}; lines drawn at a time: "
          f"{LINES_PER_PAGE}")
    print(f"{'lines':>6} {'open s':>8} {'typed s':>8} {'cpu open s':>11} {'cpu typed s':>12} "
          f"{'open / 1':>9} {'typed / 1':>10}")
    for n in counts:
        opened, typed, cpu_open, cpu_typed = rows[n]
        print(f"{n:>6} {opened:>8.3f} {typed:>8.3f} {cpu_open:>11.3f} {cpu_typed:>12.3f} "
              f"{opened / base[0]:>9.1f} {typed / base[1]:>10.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
