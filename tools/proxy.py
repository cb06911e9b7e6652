"""The reverse proxy of a deployment, run on this machine: Debian's nginx in the foreground with
the project's own configuration (``deploy/nginx/app.conf.template``), filled as the nginx image
fills it (``LISTEN`` and ``APP_UPSTREAMS`` only), every file under one folder, and an access log
naming each request's route cookie and the app server that answered it.

Used by the tests (tests/test_deploy.py, tests/test_servers.py) and the server benchmark
(bench/bench_server.py --servers 2); for a local trial:

    .venv/bin/python -m tools.proxy --listen 127.0.0.1:8080 127.0.0.1:8501 127.0.0.1:8502
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "deploy" / "nginx" / "app.conf.template"
ROUTE_COOKIE = "balance_route"
START_TIMEOUT_S = 30


def nginx() -> str | None:
    """Debian's nginx (in /usr/sbin, outside a normal user's PATH), or None."""
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).exists()),
                                         None)


def render(folder: Path, listen: str, upstreams: list[str], *,
           template: Path = TEMPLATE, register_dir: Path | None = None) -> Path:
    """The template filled for ``listen`` (address:port), ``upstreams`` (host:port each) and
    the public register's folder (``register_dir``; an empty one under ``folder`` when not
    given), inside a main configuration that keeps every file under ``folder``; returns its
    path."""
    text = template.read_text(encoding="utf-8")
    servers = " ".join(f"server {u} max_fails=1 fail_timeout=10s;" for u in upstreams)
    if register_dir is None:
        register_dir = folder / "register"
        register_dir.mkdir(exist_ok=True)
    text = text.replace("${LISTEN}", listen).replace("${APP_UPSTREAMS}", servers).replace(
        "${REGISTER_DIR}", str(Path(register_dir).resolve()))
    (folder / "app.conf").write_text(text, encoding="utf-8")
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (folder / sub).mkdir(exist_ok=True)
        (folder / sub).chmod(0o777)  # nginx's workers write there, as whichever user they are
    main = folder / "nginx.conf"
    main.write_text(f"""
{"user root;" if os.geteuid() == 0 else ""}
daemon off;
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log info;
worker_rlimit_nofile 8192;
events {{ worker_connections 4096; }}
http {{
    log_format routes '$cookie_{ROUTE_COOKIE} $upstream_addr $status $request_uri';
    access_log {folder}/access.log routes;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    include {folder}/app.conf;
}}
""", encoding="utf-8")
    return main


def check(main: Path) -> subprocess.CompletedProcess:
    """``nginx -t`` on a configuration written by ``render``."""
    return subprocess.run([nginx() or "nginx", "-t", "-c", str(main), "-e",
                           str(main.parent / "error.log")],
                          capture_output=True, text=True, timeout=30)


def health(url: str, route: str | None = None, path: str = "/_stcore/health") -> str:
    """Streamlit's health check through ``url``: "ok", or what went wrong in brackets. With
    another ``path``: "ok" when it answers 200."""
    request = urllib.request.Request(
        f"{url}{path}", headers={"Cookie": f"{ROUTE_COOKIE}={route}"} if route else {})
    try:
        with urllib.request.urlopen(request, timeout=5) as answer:
            text = answer.read().decode(errors="replace")
            return text if path == "/_stcore/health" else "ok"
    except OSError as exc:
        return f"({exc})"


class Proxy:
    """nginx running with ``render``'s configuration, until ``stop``."""

    def __init__(self, folder: Path, listen: str, upstreams: list[str], *,
                 register_dir: Path | None = None, ready: str = "/_stcore/health"):
        """``ready``: the address that answers once nginx serves (through an app server by
        default; "/registre/" for the published files alone)."""
        self.folder = folder
        self.url = f"http://{listen}"
        main = render(folder, listen, upstreams, register_dir=register_dir)
        self.proc = subprocess.Popen([nginx() or "nginx", "-c", str(main), "-e",
                                      str(folder / "error.log")],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + START_TIMEOUT_S
        while health(self.url, path=ready) != "ok":
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("nginx did not start: "
                                   + (folder / "error.log").read_text(errors="replace")[-2000:])
            time.sleep(0.2)

    def log(self) -> list[list[str]]:
        """The access log: [route cookie, server(s) tried, status, request] per request."""
        path = self.folder / "access.log"
        return [line.split(" ", 3) for line in path.read_text().splitlines()] \
            if path.exists() else []

    def route_to(self, upstream: str, tries: int = 500) -> str:
        """A route cookie that nginx sends to ``upstream`` (host:port)."""
        for n in range(tries):
            value = f"probe-{n}"
            health(self.url, value)
            if self.log()[-1][:2] == [value, upstream]:
                return value
        raise RuntimeError(f"no route to {upstream} in {tries} tries")

    def served(self, route: str) -> set[str]:
        """The servers that answered the requests of ``route`` (the last address of each:
        nginx lists every server it tried)."""
        return {row[1].split(", ")[-1] for row in self.log() if row[0] == route}

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--listen", default="127.0.0.1:8080")
    parser.add_argument("upstreams", nargs="+", help="the app servers, host:port each")
    args = parser.parse_args(argv)
    if nginx() is None:
        print("nginx is not installed (Debian: apt-get install nginx)", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="balance-proxy-") as folder:
        proxy = Proxy(Path(folder), args.listen, args.upstreams)
        print(f"proxy on {proxy.url}; Ctrl-C stops it", flush=True)
        try:
            proxy.proc.wait()
        except KeyboardInterrupt:
            pass
        finally:
            proxy.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
