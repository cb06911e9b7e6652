"""What a room of users meets on one server: a real `streamlit run`, N sessions at once over
websockets (loopback only, bounded: it stops by itself).

Each session opens the verdict page (a websocket, then the first run of the script); then
every session makes a light change at once (the CSV format radio of the verdict page, one
widget), as people in a committee room do; then every session reruns the whole page at once.
The radio is in a section of the page that reruns alone (a fragment, ui/router.section): the
change is sent as the browser sends it, with the fragment's id, and only that section runs.
The whole page's rerun is what any click outside such a section costs (the sidebar, the
language, a widget of the page's other parts): the same request without a fragment's id.
Printed for N = 1, 10, 20 and 40 sessions: the median and 95th percentile of the time from the
request to the script's end (opening, light change, whole page); the server's CPU time per
opening, per light change and per whole-page rerun (from /proc, user + system, divided by the
number of sessions); its resident memory after the room; errors.

Runs the server twice in one run, with Streamlit's post-script garbage collection on (its
default) and off (`runner.postScriptGC = false`, this project's setting in
.streamlit/config.toml), so the two are compared on the same machine at the same time.

With --servers (issue 19), the same room through the reverse proxy of a deployment instead
(Debian's nginx with deploy/nginx/app.conf.template, tools/proxy.py) in front of one server,
then of two, on one database (a throwaway PostgreSQL from Debian's postgresql when installed,
else one SQLite file), the project's setting (no post-script collection). Each session gets its
own random route, as a browser does; printed as above, plus the resident memory of the servers
per open session (while they are open, above the servers' memory after their warm-up).

A second room (``--room own``, issue 34): each session on a scenario of its own (the water
example with as many sensors as its number, in the address's ``s`` parameter: nothing shared
between sessions, so every opening computes its scenario), as a committee room where each
person works on their own; they open the verdict page at once, make the light change, then
each types a number of training runs on the Training page at once, and the sidebar's footprint
must then read otherwise (a number that changed nothing is no measure). ``--room both`` (the
default) runs both rooms; with ``--servers``, through the proxy too.

Run: .venv/bin/python bench/bench_server.py [--sessions 1,10,20,40] [--gc both|on|off]
         [--room shared|own|both]
     .venv/bin/python bench/bench_server.py --servers 1,2 --sessions 1,10,25,50 [--room ...]"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import websockets  # noqa: E402  (installed with streamlit)
from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402

RUN_TIMEOUT_S = 120
ROUTE_COOKIE = "balance_route"  # deploy/nginx/app.conf.template
CLK_TCK = os.sysconf("SC_CLK_TCK")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(post_script_gc: bool, database: Path | str) -> tuple[subprocess.Popen, int]:
    """``streamlit run`` on a free port with its library in ``database`` (an SQLite file, or
    a database URL); returned once it answers its health check."""
    port = _free_port()
    url = database if isinstance(database, str) else f"sqlite:///{database}"
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true",
         "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false",
         "--runner.postScriptGC", str(post_script_gc).lower()],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env=dict(os.environ, DATABASE_URL=url, APP_LANGUAGE="fr"))
    return answering(proc, port)


def answering(proc: subprocess.Popen, port: int) -> tuple[subprocess.Popen, int]:
    """``proc`` and ``port`` once the server answers its health check (killed, and an error,
    after a minute)."""
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

    def __init__(self, address: str, route: str | None = None):
        self.url = f"ws://{address}/_stcore/stream"
        # behind the proxy: the browser's route cookie, which keeps it on one server
        self.headers = {"Cookie": f"{ROUTE_COOKIE}={route}"} if route else None
        self.widgets: dict[str, object] = {}  # widget id -> its element (from the deltas)
        self.fragments: dict[str, str] = {}  # widget id -> the fragment drawing it, if any
        self.page_hash = ""
        self.links: set[str] = set()  # the addresses of the link buttons drawn
        self.query = ""  # the address's query string (a scenario of its own: "s=...")
        self.pages: dict[str, str] = {}  # url path -> page script hash
        self.texts: list[str] = []  # the Markdown drawn by the last run

    async def __aenter__(self):
        self.ws = await websockets.connect(self.url, max_size=None, open_timeout=60,
                                          additional_headers=self.headers)
        return self

    async def __aexit__(self, *exc):
        await self.ws.close()

    async def rerun(self, widget_states=None, fragment_id: str = "") -> float:
        """Ask for a run of the script (of one fragment when ``fragment_id`` is given, as the
        browser does for a widget drawn by a fragment); seconds until the server says it
        finished."""
        msg = BackMsg()
        msg.rerun_script.query_string = self.query
        msg.rerun_script.page_script_hash = self.page_hash
        if widget_states:
            msg.rerun_script.widget_states.widgets.extend(widget_states)
        if fragment_id:
            msg.rerun_script.fragment_id = fragment_id
        started = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        self.texts = []
        while True:
            raw = await asyncio.wait_for(self.ws.recv(), RUN_TIMEOUT_S)
            forward = ForwardMsg()
            forward.ParseFromString(raw)
            kind = forward.WhichOneof("type")
            if kind == "new_session":
                self.page_hash = forward.new_session.page_script_hash
            elif kind == "navigation":
                self.pages.update({page.url_pathname: page.page_script_hash
                                   for page in forward.navigation.app_pages})
            elif kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
                element = forward.delta.new_element
                if element.WhichOneof("type") == "markdown":
                    self.texts.append(element.markdown.body)
                widget = getattr(element, element.WhichOneof("type") or "", None)
                if element.WhichOneof("type") == "link_button":
                    self.links.add(widget.url)
                widget_id = getattr(widget, "id", "")
                if widget_id:
                    self.widgets[widget_id] = widget
                    self.fragments[widget_id] = forward.delta.fragment_id
            elif kind == "script_finished":
                if forward.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue  # stopped for a rerun (st.rerun, or the next request): its end
                return time.perf_counter() - started

    def radio_change(self):
        """The widget states after choosing the other CSV format on the verdict page, and the
        fragment that draws the radio (empty when the whole page does). Streamlit 1.67 takes a
        radio's choice as its option's label (``string_value``): an index (``int_value``), as
        sent before, was ignored and the radio stayed where it was, so the "light change"
        changed nothing. Each call chooses the format not chosen last."""
        radio_id = next(i for i in self.widgets if i.endswith("csv_format"))
        options = list(self.widgets[radio_id].options)
        self.csv_choice = 1 - getattr(self, "csv_choice", self.widgets[radio_id].default or 0)
        state = BackMsg().rerun_script.widget_states.widgets.add()
        state.id = radio_id
        state.string_value = options[self.csv_choice]
        return [state], self.fragments.get(radio_id, "")

    async def goto(self, url_path: str) -> float:
        """Open another page (as its link in the menu does)."""
        self.page_hash = self.pages[url_path]
        self.widgets.clear()
        return await self.rerun()

    def number_change(self, key: str, text: str):
        """The widget state of a number typed in the field whose key ends with ``key`` (the
        form's number fields are text fields: they read 1,5 as French writes it)."""
        # the last drawn: a page run twice (st.rerun) keys its fields anew (``__r2``)
        field = [i for i in self.widgets if re.search(rf"-{key}(__r\d+)?$", i)][-1]
        state = BackMsg().rerun_script.widget_states.widgets.add()
        state.id = field
        state.string_value = text
        return [state]

    def summary_address(self) -> str:
        """The address of the CSV summary the verdict page gives (its content's hash): it
        changes when the format does, which is how a change is seen to have happened."""
        return next((w.url for w in self.widgets.values()
                     if type(w).__name__ == "DownloadButton" and w.url.endswith(".csv")), "")


async def _timed(coro, out: list, errors: list) -> None:
    try:
        out.append(await coro)
    except Exception as exc:  # noqa: BLE001 - counted and printed
        errors.append(f"{type(exc).__name__}: {exc}")


async def room_of(address: str, users: int, pids: list[int], routed: bool = False,
               baseline_mb: float | None = None) -> dict[str, object]:
    """``users`` sessions open the verdict page at once, then all make a light change at once.
    ``address``: the server's, or the proxy's (``routed``: each session its own route).
    ``baseline_mb``: the servers' resident memory before any room (after their warm-up), the
    memory per session is counted above it (a freed session's memory is not given back to the
    system: a room's own growth would undercount it)."""
    out: dict[str, list] = {"open": [], "change": [], "page": [], "errors": []}
    rss_before = baseline_mb if baseline_mb is not None else sum(rss_mb(pid) for pid in pids)
    sessions = [Session(address, uuid.uuid4().hex if routed else None) for _ in range(users)]
    await asyncio.gather(*(s.__aenter__() for s in sessions))
    try:
        cpu = sum(cpu_seconds(pid) for pid in pids)
        await asyncio.gather(*(_timed(s.rerun(), out["open"], out["errors"]) for s in sessions))
        cpu_open = sum(cpu_seconds(pid) for pid in pids) - cpu
        ready = [s for s in sessions if any(i.endswith("csv_format") for i in s.widgets)]
        before = {id(s): s.summary_address() for s in ready}
        cpu = sum(cpu_seconds(pid) for pid in pids)
        await asyncio.gather(*(_timed(s.rerun(*s.radio_change()), out["change"], out["errors"])
                               for s in ready))
        cpu_change = sum(cpu_seconds(pid) for pid in pids) - cpu
        # a change that did not happen is no measure: the summary's file must be another
        unchanged = [s for s in ready if s.summary_address() == before[id(s)]]
        if unchanged:
            out["errors"].append(f"the light change changed nothing in {len(unchanged)} "
                                 f"session(s) of {len(ready)}")
        cpu = sum(cpu_seconds(pid) for pid in pids)
        await asyncio.gather(*(_timed(s.rerun(s.radio_change()[0]), out["page"], out["errors"])
                               for s in ready))
        cpu_page = sum(cpu_seconds(pid) for pid in pids) - cpu
        out["rss_mb"] = sum(rss_mb(pid) for pid in pids)  # the sessions still open
    finally:
        await asyncio.gather(*(s.__aexit__() for s in sessions), return_exceptions=True)
    out["mb_per_session"] = (out["rss_mb"] - rss_before) / max(1, users)
    out["cpu_open_s"] = cpu_open / max(1, users)
    out["cpu_change_s"] = cpu_change / max(1, len(ready))
    out["cpu_page_s"] = cpu_page / max(1, len(ready))
    return out


_SCENARIO_NUMBERS = itertools.count()


def own_scenario_query(n: int) -> str:
    """The address of a scenario of its own for session ``n`` (a number never given before in
    this process: no room finds another's scenario computed): the water example with 300 + n
    sensors, in the link's ``s`` parameter (store.links)."""
    import json as json_module
    from urllib.parse import urlencode

    from store.links import encode_scenario

    scenario = json_module.loads((ROOT / "examples" / "water_leak_detection.json").read_text())
    scenario["hardware"][0]["count"] = 300 + n
    return urlencode({"s": encode_scenario(scenario)})


# the sidebar's line that a number changes ("Empreinte : **2,7 tCO2e**")
FOOTPRINT_WORDS = ("Empreinte :", "Footprint:")


def _footprint(texts: list[str]) -> str:
    return next((t for t in texts if any(w in t for w in FOOTPRINT_WORDS)), "")


async def own_room(address: str, users: int, pids: list[int], routed: bool = False
                   ) -> dict[str, object]:
    """``users`` sessions, each on a scenario of its own (nothing shared between them): they
    open the verdict page at once, make the light change at once, then each opens the
    Training page (not timed) and types a number of runs at once (timed: the page and the
    sidebar's verdict drawn again for a scenario changed); the sidebar's footprint must then
    read otherwise (a change that did not happen is no measure)."""
    out: dict[str, list] = {"open": [], "change": [], "number": [], "errors": []}
    rss_before = sum(rss_mb(pid) for pid in pids)
    sessions = [Session(address, uuid.uuid4().hex if routed else None) for _ in range(users)]
    for session in sessions:
        session.query = own_scenario_query(next(_SCENARIO_NUMBERS))
    await asyncio.gather(*(s.__aenter__() for s in sessions))
    try:
        cpu = sum(cpu_seconds(pid) for pid in pids)
        await asyncio.gather(*(_timed(s.rerun(), out["open"], out["errors"]) for s in sessions))
        out["cpu_open_s"] = (sum(cpu_seconds(pid) for pid in pids) - cpu) / users
        ready = [s for s in sessions if any(i.endswith("csv_format") for i in s.widgets)]
        cpu = sum(cpu_seconds(pid) for pid in pids)
        await asyncio.gather(*(_timed(s.rerun(*s.radio_change()), out["change"], out["errors"])
                               for s in ready))
        out["cpu_change_s"] = (sum(cpu_seconds(pid) for pid in pids) - cpu) / max(1, len(ready))
        await asyncio.gather(*(s.goto("training") for s in ready), return_exceptions=True)
        typed = [s for s in ready if any(re.search(r"-train_runs(__r\d+)?$", i)
                                         for i in s.widgets)]
        before = {id(s): _footprint(s.texts) for s in typed}
        cpu = sum(cpu_seconds(pid) for pid in pids)
        await asyncio.gather(*(_timed(s.rerun(s.number_change("train_runs", "300")),
                                      out["number"], out["errors"]) for s in typed))
        out["cpu_number_s"] = (sum(cpu_seconds(pid) for pid in pids) - cpu) / max(1, len(typed))
        same = [s for s in typed if not before[id(s)] or _footprint(s.texts) == before[id(s)]]
        if same or len(typed) < users:
            out["errors"].append(f"the number typed changed nothing in {len(same)} session(s), "
                                 f"{users - len(typed)} never had the field")
        out["rss_mb"] = sum(rss_mb(pid) for pid in pids)
    finally:
        await asyncio.gather(*(s.__aexit__() for s in sessions), return_exceptions=True)
    out["mb_per_session"] = (out["rss_mb"] - rss_before) / max(1, users)
    return out


OWN_HEADER = (f"{'sessions':>9}{'open p50':>10}{'open p95':>10}{'change p95':>12}"
              f"{'number p50':>12}{'number p95':>12}{'CPU/open':>10}{'CPU/change':>12}"
              f"{'CPU/number':>12}{'RSS':>7}{'errors':>8}")


def _own_line(users: int, found: dict) -> str:
    line = f"{users:>9}"
    for key, width in (("open", 10), ("open95", 10), ("change95", 12), ("number", 12),
                       ("number95", 12)):
        times = found[key.removesuffix("95")]
        value = (p95(times) if key.endswith("95") else statistics.median(times)) \
            if times else float("nan")
        line += f"{value:>{width - 1}.2f}s"
    for key in ("open", "change", "number"):
        line += f"{found[f'cpu_{key}_s'] * 1000:>10.0f}ms"
    return line + f"{found['rss_mb']:>5.0f}MB{len(found['errors']):>8}"


def print_own_room(counts: list[int]) -> None:
    """The committee room on its own scenarios, on one server (the project's settings)."""
    print("\nEach session on a scenario of its own (nothing shared), one server:")
    print(OWN_HEADER)
    with tempfile.TemporaryDirectory() as folder:
        proc, port = start_server(False, Path(folder) / "library.sqlite3")
        address = f"127.0.0.1:{port}"
        try:
            asyncio.run(own_room(address, 2, [proc.pid]))  # warm up
            for users in counts:
                found = asyncio.run(own_room(address, users, [proc.pid]))
                print(_own_line(users, found), flush=True)
                for error in found["errors"][:3]:
                    print("   ", error)
        finally:
            proc.terminate()
            proc.wait(timeout=30)


def p95(values: list[float]) -> float:
    return sorted(values)[min(len(values) - 1, int(round(0.95 * (len(values) - 1))))]


# the three moments of a room, as printed: (their key in room_of()'s figures, column title)
MOMENTS = (("open", "open"), ("change", "change"), ("page", "page"))


def _line(label: str, users: int, found: dict, memory: bool = False) -> str:
    text = f"{label:<15}{users:>9}"
    for key, _ in MOMENTS:
        times = found[key]
        text += (f"{statistics.median(times):>11.2f}s{p95(times):>11.2f}s" if times
                 else f"{'-':>12}{'-':>12}")
    for key, _ in MOMENTS:
        text += f"{found[f'cpu_{key}_s'] * 1000:>10.0f}ms"
    text += f"{found['rss_mb']:>6.0f}MB"
    if memory:
        text += f"{found['mb_per_session']:>9.1f}MB"
    return text + f"{len(found['errors']):>8}"


def _header(first: str, memory: bool = False) -> str:
    text = f"{first:<15}{'sessions':>9}"
    for _, title in MOMENTS:
        text += f"{title + ' p50':>12}{title + ' p95':>12}"
    for _, title in MOMENTS:
        text += f"{'CPU/' + title:>12}"
    return text + f"{'RSS':>8}" + (f"{'MB/sess.':>11}" if memory else "") + f"{'errors':>8}"


def one_server(counts: list[int], gc: str) -> None:
    """The room on one server, post-script collection on and off, side by side."""
    modes = {"both": (True, False), "on": (True,), "off": (False,)}[gc]
    print(_header("post-script GC"))
    with tempfile.TemporaryDirectory() as folder:
        for gc_on in modes:
            proc, port = start_server(gc_on, Path(folder) / f"library-{gc_on}.sqlite3")
            address = f"127.0.0.1:{port}"
            try:
                asyncio.run(room_of(address, 1, [proc.pid]))  # warm up: imports, first run
                for users in counts:
                    found = asyncio.run(room_of(address, users, [proc.pid]))
                    print(_line("on" if gc_on else "off", users, found), flush=True)
                    for error in found["errors"][:3]:
                        print("   ", error)
            finally:
                proc.terminate()
                proc.wait(timeout=30)


def _database(folder: Path) -> tuple[str, object | None]:
    """A throwaway PostgreSQL's URL (and the server, to stop), else an SQLite file's."""
    sys.path.insert(0, str(ROOT / "tests"))
    try:
        from postgres_server import PostgresServer, binaries
    finally:
        sys.path.pop(0)
    if binaries() is None:
        return f"sqlite:///{folder / 'library.sqlite3'}", None
    server = PostgresServer()
    url = server.start()
    from store import open_library

    open_library(url).engine.dispose()  # the tables made once, before the servers start
    return url, server


def behind_the_proxy(counts: list[int], servers: list[int], room: str = "shared") -> None:
    """The room through the deployment's reverse proxy, in front of 1, 2... servers: the
    room on one scenario, each session on its own, or both (``room``)."""
    from tools import proxy as proxy_tool

    if proxy_tool.nginx() is None:
        print("nginx is not installed (Debian: apt-get install nginx): nothing measured")
        return
    with tempfile.TemporaryDirectory() as folder:
        url, database = _database(Path(folder))
        print(f"database: {url.split(':', 1)[0]}; each session its own route")
        print(_header("app servers", memory=True))
        try:
            for n in servers:
                procs = [start_server(False, url) for _ in range(n)]
                pids = [proc.pid for proc, _ in procs]
                where = Path(folder) / f"proxy-{n}"
                where.mkdir()
                proxy = proxy_tool.Proxy(where, f"127.0.0.1:{_free_port()}",
                                         [f"127.0.0.1:{port}" for _, port in procs])
                address = proxy.url.removeprefix("http://")
                try:
                    for _ in range(2 * n):  # warm every server up: imports, first run
                        asyncio.run(room_of(address, 1, pids, routed=True))
                    baseline = sum(rss_mb(pid) for pid in pids)
                    for users in counts:
                        if room in ("shared", "both"):
                            found = asyncio.run(room_of(address, users, pids, routed=True,
                                                        baseline_mb=baseline))
                            print(_line(str(n), users, found, memory=True), flush=True)
                            for error in found["errors"][:3]:
                                print("   ", error)
                        if room in ("own", "both"):
                            found = asyncio.run(own_room(address, users, pids, routed=True))
                            print(f"{n} server(s), each session on its own scenario:\n"
                                  + OWN_HEADER + "\n" + _own_line(users, found), flush=True)
                            for error in found["errors"][:3]:
                                print("   ", error)
                finally:
                    proxy.stop()
                    for proc, _ in procs:
                        proc.terminate()
                        proc.wait(timeout=30)
        finally:
            if database is not None:
                database.stop()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", default="1,10,20,40")
    parser.add_argument("--gc", choices=("both", "on", "off"), default="both")
    parser.add_argument("--servers", default="",
                        help="e.g. 1,2: through the reverse proxy, in front of that many servers")
    parser.add_argument("--room", choices=("shared", "own", "both"), default="both",
                        help="sessions on one scenario, each on its own, or both rooms")
    args = parser.parse_args()
    counts = [int(n) for n in args.sessions.split(",")]
    if args.servers:
        behind_the_proxy(counts, [int(n) for n in args.servers.split(",")], args.room)
        return 0
    if args.room in ("shared", "both"):
        one_server(counts, args.gc)
    if args.room in ("own", "both"):
        print_own_room(counts)
    return 0


if __name__ == "__main__":
    sys.exit(main())
