"""What a room of users meets on one server: a real `streamlit run`, N sessions at once over
websockets (loopback only, bounded: it stops by itself).

Each session opens the verdict page (a websocket, then the first run of the script); then
every session makes a light change at once (the CSV format radio of the verdict page, one
widget), as people in a committee room do. Printed for N = 1, 10, 20 and 40 sessions: the
median and 95th percentile of the time from the request to the script's end (opening, light
change); the server's CPU time per opening and per light change (from /proc, user + system,
divided by the number of sessions); its resident memory after the room; errors.

Runs the server twice in one run, with Streamlit's post-script garbage collection on (its
default) and off (`runner.postScriptGC = false`, this project's setting in
.streamlit/config.toml), so the two are compared on the same machine at the same time.

Run: .venv/bin/python bench/bench_server.py [--sessions 1,10,20,40] [--gc both|on|off]"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import websockets  # noqa: E402  (installed with streamlit)
from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402

RUN_TIMEOUT_S = 120
CLK_TCK = os.sysconf("SC_CLK_TCK")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(post_script_gc: bool, database: Path) -> tuple[subprocess.Popen, int]:
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true",
         "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false",
         "--runner.postScriptGC", str(post_script_gc).lower()],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env=dict(os.environ, DATABASE_URL=f"sqlite:///{database}", APP_LANGUAGE="fr"))
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health",
                                        timeout=2) as answer:
                if answer.read() == b"ok":
                    return proc, port
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError("streamlit did not start")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK  # utime + stime


class Session:
    """One browser tab, as Streamlit's front end speaks to the server."""

    def __init__(self, port: int):
        self.url = f"ws://127.0.0.1:{port}/_stcore/stream"
        self.widgets: dict[str, object] = {}  # widget id -> its element (from the deltas)
        self.page_hash = ""

    async def __aenter__(self):
        self.ws = await websockets.connect(self.url, max_size=None, open_timeout=60)
        return self

    async def __aexit__(self, *exc):
        await self.ws.close()

    async def rerun(self, widget_states=None) -> float:
        """Ask for a run of the script; seconds until the server says it finished."""
        msg = BackMsg()
        msg.rerun_script.query_string = ""
        msg.rerun_script.page_script_hash = self.page_hash
        if widget_states:
            msg.rerun_script.widget_states.widgets.extend(widget_states)
        started = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        while True:
            raw = await asyncio.wait_for(self.ws.recv(), RUN_TIMEOUT_S)
            forward = ForwardMsg()
            forward.ParseFromString(raw)
            kind = forward.WhichOneof("type")
            if kind == "new_session":
                self.page_hash = forward.new_session.page_script_hash
            elif kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
                element = forward.delta.new_element
                widget = getattr(element, element.WhichOneof("type") or "", None)
                widget_id = getattr(widget, "id", "")
                if widget_id:
                    self.widgets[widget_id] = widget
            elif kind == "script_finished":
                return time.perf_counter() - started

    def radio_change(self):
        """The widget states after choosing the other CSV format on the verdict page."""
        radio_id = next(i for i in self.widgets if i.endswith("csv_format"))
        states = []
        for widget_id, widget in self.widgets.items():
            if widget_id == radio_id:
                state = BackMsg().rerun_script.widget_states.widgets.add()
                state.id = widget_id
                state.int_value = 1 - (widget.default or 0)
                states.append(state)
        return states


async def _timed(coro, out: list, errors: list) -> None:
    try:
        out.append(await coro)
    except Exception as exc:  # noqa: BLE001 - counted and printed
        errors.append(f"{type(exc).__name__}: {exc}")


async def room(port: int, users: int, pid: int) -> dict[str, object]:
    """``users`` sessions open the verdict page at once, then all make a light change at once."""
    out: dict[str, list] = {"open": [], "change": [], "errors": []}
    sessions = [Session(port) for _ in range(users)]
    await asyncio.gather(*(s.__aenter__() for s in sessions))
    try:
        cpu = cpu_seconds(pid)
        await asyncio.gather(*(_timed(s.rerun(), out["open"], out["errors"]) for s in sessions))
        cpu_open = cpu_seconds(pid) - cpu
        ready = [s for s in sessions if any(i.endswith("csv_format") for i in s.widgets)]
        cpu = cpu_seconds(pid)
        await asyncio.gather(*(_timed(s.rerun(s.radio_change()), out["change"], out["errors"])
                               for s in ready))
        cpu_change = cpu_seconds(pid) - cpu
    finally:
        await asyncio.gather(*(s.__aexit__() for s in sessions), return_exceptions=True)
    out["rss_mb"] = rss_mb(pid)
    out["cpu_open_s"] = cpu_open / max(1, users)
    out["cpu_change_s"] = cpu_change / max(1, len(ready))
    return out


def p95(values: list[float]) -> float:
    return sorted(values)[min(len(values) - 1, int(round(0.95 * (len(values) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", default="1,10,20,40")
    parser.add_argument("--gc", choices=("both", "on", "off"), default="both")
    args = parser.parse_args()
    counts = [int(n) for n in args.sessions.split(",")]
    modes = {"both": (True, False), "on": (True,), "off": (False,)}[args.gc]
    print(f"{'post-script GC':<15}{'sessions':>9}{'open p50':>10}{'open p95':>10}"
          f"{'change p50':>12}{'change p95':>12}{'CPU/open':>10}{'CPU/change':>12}"
          f"{'RSS':>8}{'errors':>8}")
    with tempfile.TemporaryDirectory() as folder:
        for gc_on in modes:
            proc, port = start_server(gc_on, Path(folder) / f"library-{gc_on}.sqlite3")
            try:
                asyncio.run(room(port, 1, proc.pid))  # warm up: imports, first run
                for users in counts:
                    found = asyncio.run(room(port, users, proc.pid))
                    opened, changed = found["open"], found["change"]
                    print(f"{'on' if gc_on else 'off':<15}{users:>9}"
                          f"{statistics.median(opened) if opened else float('nan'):>9.2f}s"
                          f"{p95(opened) if opened else float('nan'):>9.2f}s"
                          f"{statistics.median(changed) if changed else float('nan'):>11.2f}s"
                          f"{p95(changed) if changed else float('nan'):>11.2f}s"
                          f"{found['cpu_open_s'] * 1000:>8.0f}ms"
                          f"{found['cpu_change_s'] * 1000:>10.0f}ms"
                          f"{found['rss_mb']:>6.0f}MB"
                          f"{len(found['errors']):>8}", flush=True)
                    for error in found["errors"][:3]:
                        print("   ", error)
            finally:
                proc.terminate()
                proc.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
