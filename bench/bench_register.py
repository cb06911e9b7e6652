"""The public register at 1,000 published projects, as the public meets it (issue 34).

A library is filled with ``--projects`` scenarios (in bulk, as bench_library_large does), each
submitted to the committee, two in three with a published opinion. Then:

1. **Publication**: the register's files written once (``report.published.publish``: pages in
   French and English, open data; the dossiers are left to their background worker and not
   timed here), the seconds it takes and the files' sizes.
2. **Through the proxy**: Debian's nginx with the deployment's configuration
   (``deploy/nginx/app.conf.template``, via tools/proxy.py) in front of one app server; that many
   anonymous visitors (``--visitors-static``, 1,000 by default) open the register's address
   ``/registre/`` at once, each its own connection, asking for gzip as browsers do; then each
   opens one project's page. Printed: p50, p95 and max of the time to the last byte, the
   answers that were not 200, the app server's CPU over the burst (it should be none: nginx
   serves the files). Target: p95 under 1 s.
3. **In the app**: the app server with a login configured (a provider that is never called:
   a visitor who does not log in sees the register only), ``--visitors`` anonymous sessions
   open it at once over Streamlit's websocket. Printed: p50 and p95 of the opening, the server's
   CPU per visitor, its resident memory per visitor while they are open (above the server's
   after a warm-up), errors; each visitor must have been given the register's CSV (a page that
   failed is no measure). The server is configured as deploy/compose.yaml configures it:
   the page links to the files the proxy serves (APP_REGISTER_URL). Targets: under 10 ms of CPU
   and 2 MB per visitor.

Run: .venv/bin/python bench/bench_register.py [--projects 1000] [--visitors 1,40]
     [--visitors-static 1000]"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_library_large import seed  # noqa: E402  (the same bulk filling)
from bench_server import (Session, _free_port, answering, cpu_seconds, p95,  # noqa: E402
                          rss_mb)

TARGET_STATIC_P95_S = 1.0
TARGET_CPU_MS = 10.0
TARGET_MB = 2.0
OPINION = {"decision": "favourable_with_conditions",
           "conditions": "Mesurer l'énergie consommée après un an\nHéberger en France",
           "session_date": "2026-11-23", "session_name": "Séance du 23 novembre 2026",
           "participants": "B. Martin, C. Durand, 10 citoyennes et citoyens",
           "votes_for": 9, "votes_against": 2, "votes_abstaining": 1,
           "reasons": "Bilan positif dans 97 % des simulations."}


def fill(url: str, projects: int) -> None:
    from store import open_library
    from store.committee import ADMIN, MEMBER, Actor, Committee

    library = open_library(url)
    seed(library, projects)
    committee = Committee(library.engine)
    chair = Actor("bench", "Banc d'essai", frozenset({ADMIN, MEMBER}))
    started = time.perf_counter()
    for n, row in enumerate(library.list(limit=projects + 10)):
        number = committee.submit(chair, row["id"])
        if n % 3:
            committee.record(chair, number, OPINION, publish=True)
    print(f"submitted {projects:,} projects, two in three with a published opinion, in "
          f"{time.perf_counter() - started:.1f} s")
    library.engine.dispose()


def start_app(url: str, folder: Path, register_dir: Path) -> tuple[subprocess.Popen, int]:
    """``streamlit run`` with a login configured (its provider is never asked: the visitors
    stay anonymous) on a free port."""
    port = _free_port()
    secrets = folder / "secrets.toml"
    secrets.write_text(f"""
[auth]
redirect_uri = "http://127.0.0.1:{port}/oauth2callback"
cookie_secret = "a cookie secret for the register's benchmark, long enough"
client_id = "ai-balance"
client_secret = "a benchmark secret"
server_metadata_url = "http://127.0.0.1:{_free_port()}/.well-known/openid-configuration"
""", encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true",
         "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false",
         "--secrets.files", str(secrets)],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        # the dossiers' worker off: a few seconds of Chromium a dossier, in the background,
        # would be counted in the visitors' CPU (its cost is printed apart)
        env=dict(os.environ, DATABASE_URL=url, APP_LANGUAGE="fr",
                 APP_REGISTER_DIR=str(register_dir), APP_REGISTER_DOSSIERS="0",
                 # as deploy/compose.yaml: the proxy serves the files, the page links to them
                 APP_REGISTER_URL="/registre/"))
    return answering(proc, port)


async def visitors_in_app(address: str, count: int, pid: int, baseline_mb: float,
                          expect_rows: bool = True) -> dict:
    out: dict = {"open": [], "errors": []}
    sessions = [Session(address) for _ in range(count)]
    await asyncio.gather(*(s.__aenter__() for s in sessions))
    try:
        cpu = cpu_seconds(pid)

        async def one(session):
            try:
                out["open"].append(await session.rerun())
            except Exception as exc:  # noqa: BLE001 - counted and printed
                out["errors"].append(f"{type(exc).__name__}: {exc}")

        await asyncio.gather(*(one(s) for s in sessions))
        out["cpu_ms"] = (cpu_seconds(pid) - cpu) * 1000 / count
        out["mb"] = (rss_mb(pid) - baseline_mb) / count
        missing = sum(1 for s in sessions if not any(
            link.endswith("/registre-ia.csv") for link in s.links))
        if missing and expect_rows:
            out["errors"].append(f"{missing} visitor(s) of {count} were not given the "
                                 "register's CSV")
    finally:
        await asyncio.gather(*(s.__aexit__() for s in sessions), return_exceptions=True)
    return out


async def _get(host: str, port: int, path: str) -> tuple[float, int, int]:
    """One visitor's GET on its own connection: (seconds to the last byte, status, bytes)."""
    started = time.perf_counter()
    reader, writer = await asyncio.open_connection(host, port)
    writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nAccept-Encoding: gzip\r\n"
                 "Connection: close\r\n\r\n".encode())
    await writer.drain()
    body = await reader.read()
    writer.close()
    status = int(body.split(b" ", 2)[1]) if body.startswith(b"HTTP/") else 0
    return time.perf_counter() - started, status, len(body)


async def burst(host: str, port: int, paths: list[str]) -> dict:
    found = await asyncio.gather(*(_get(host, port, p) for p in paths), return_exceptions=True)
    times = [f[0] for f in found if not isinstance(f, BaseException)]
    bad = [f for f in found if isinstance(f, BaseException) or f[1] != 200]
    sizes = [f[2] for f in found if not isinstance(f, BaseException)]
    return {"times": times, "bad": bad, "bytes": statistics.median(sizes) if sizes else 0}


def _static(proxy_url: str, count: int, pid: int, pages: list[str]) -> bool:
    from urllib.parse import urlsplit

    where = urlsplit(proxy_url)
    ok = True
    for label, paths in (("the register (/registre/)", ["/registre/"] * count),
                         ("one project's page each", [pages[i % len(pages)]
                                                      for i in range(count)])):
        cpu = cpu_seconds(pid)
        found = asyncio.run(burst(where.hostname, where.port, paths))
        app_cpu_ms = (cpu_seconds(pid) - cpu) * 1000
        times = found["times"]
        print(f"  {count:,} visitors at once, {label}: p50 {statistics.median(times):.3f} s, "
              f"p95 {p95(times):.3f} s, max {max(times):.3f} s; {found['bytes'] / 1024:.0f} KB "
              f"each (gzip); {len(found['bad'])} not 200; app server CPU {app_cpu_ms:.0f} ms")
        for bad in found["bad"][:3]:
            print("   ", bad if isinstance(bad, BaseException) else f"status {bad[1]}")
        ok = ok and not found["bad"] and p95(times) < TARGET_STATIC_P95_S
    return ok


def _in_app(url: str, folder: Path, register_dir: Path, counts: list[int], label: str, *,
            expect_rows: bool = True, proc=None) -> dict[int, dict]:
    """Rooms of ``counts`` anonymous visitors on one server (started here unless ``proc``
    is given), printed; their figures by count."""
    started = proc is None
    proc, port = start_app(url, folder, register_dir) if started else proc
    out = {}
    try:
        address = f"127.0.0.1:{port}"
        asyncio.run(visitors_in_app(address, 2, proc.pid, 0.0, expect_rows))  # warm up
        baseline = rss_mb(proc.pid)
        for count in counts:
            found = out[count] = asyncio.run(visitors_in_app(address, count, proc.pid,
                                                             baseline, expect_rows))
            times = found["open"]
            print(f"  {label:<10}{count:>8}"
                  f"{statistics.median(times) if times else float('nan'):>9.2f}s"
                  f"{p95(times) if times else float('nan'):>9.2f}s{found['cpu_ms']:>11.1f}ms"
                  f"{found['mb']:>10.2f}MB{len(found['errors']):>8}", flush=True)
            for error in found["errors"][:3]:
                print("   ", error)
    finally:
        if started:
            proc.terminate()
            proc.wait(timeout=30)
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", type=int, default=1000)
    parser.add_argument("--visitors", default="1,40")
    parser.add_argument("--visitors-static", type=int, default=1000)
    args = parser.parse_args()
    ok = True
    with tempfile.TemporaryDirectory(prefix="bench-register-") as name:
        folder = Path(name)
        url = f"sqlite:///{folder / 'library.sqlite3'}"
        fill(url, args.projects)
        register_dir = folder / "register"
        pages: list[str] = []
        try:
            from report import published
        except ImportError:  # the code before issue 34: nothing is published
            published = None
        if published is not None:
            from store import open_library
            from store.committee import Committee

            library = open_library(url)
            started = time.perf_counter()
            manifest = published.publish(Committee(library.engine), register_dir,
                                         dossiers=False)
            took = time.perf_counter() - started
            library.engine.dispose()
            files = [p for p in register_dir.rglob("*") if p.is_file()]
            print(f"publication of {args.projects:,} projects: {took:.1f} s; {len(files):,} "
                  f"files, {sum(p.stat().st_size for p in files) / 1e6:.1f} MB; index "
                  f"{(register_dir / 'fr' / 'index.html').stat().st_size / 1024:.0f} KB")
            pages = [f"/registre/fr/{row['page']}" for row in manifest["rows"]]
        # the floor: the same page of the same app on an empty library (its title, a
        # sentence), run in the same run, each server on its own
        empty = folder / "empty"
        empty.mkdir()
        counts = [int(n) for n in args.visitors.split(",")]
        print("In the app (anonymous visitors, a login configured), the empty register first "
              "(the floor):")
        print(f"  {'library':<10}{'visitors':>8}{'open p50':>10}{'open p95':>10}"
              f"{'CPU/visitor':>13}{'MB/visitor':>12}{'errors':>8}")
        floor = _in_app(f"sqlite:///{empty / 'library.sqlite3'}", empty, empty / "register",
                        counts, "empty", expect_rows=False)
        proc, port = start_app(url, folder, register_dir)
        try:
            address = f"127.0.0.1:{port}"
            found_all = _in_app(url, folder, register_dir, counts, f"{args.projects:,}",
                                proc=(proc, port))
            for count, found in found_all.items():
                ok = ok and not found["errors"] and (count < 10 or (
                    found["cpu_ms"] < TARGET_CPU_MS and found["mb"] < TARGET_MB))
                if count in floor and floor[count]["cpu_ms"] > 0:
                    print(f"  {count} visitors: {found['cpu_ms'] / floor[count]['cpu_ms']:.2f} "
                          "x the empty register's CPU per visitor")
            if published is not None:
                from tools import proxy as proxy_tool

                if proxy_tool.nginx() is None:
                    print("nginx is not installed (Debian: apt-get install nginx): the "
                          "proxy's part is not measured")
                else:
                    where = folder / "proxy"
                    where.mkdir()
                    proxy = proxy_tool.Proxy(where, f"127.0.0.1:{_free_port()}", [address],
                                             register_dir=register_dir)
                    try:
                        print("Through the proxy (nginx serves the published files):")
                        ok = _static(proxy.url, args.visitors_static, proc.pid, pages) and ok
                    finally:
                        proxy.stop()
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    print(f"targets: through the proxy p95 < {TARGET_STATIC_P95_S:.0f} s; in the app < "
          f"{TARGET_CPU_MS:.0f} ms of CPU and < {TARGET_MB:.0f} MB per visitor (at 10 visitors "
          f"or more): {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
