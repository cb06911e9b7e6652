"""What must hold before anyone is served, checked when the server starts (``python -m
cli.serve``, which ``make run``, the image and Compose use) and again at every run (a server
started another way): the login's configuration can be read, and an app without a login is
reachable from this machine only, unless a demonstration is declared.

- A secrets file that cannot be read never means "no login": the server refuses to start, and
  every page refuses to open, naming the file and the line (``secrets_problem``). Streamlit
  itself treats an unreadable file as no file at all, which would give every visitor every
  role.
- Without a login, every visitor holds every role: the app then listens on 127.0.0.1 only.
  Listening on another address without a login needs ``APP_DEMO_NO_LOGIN`` set to
  ``everyone-is-administrator``, a demonstration that the start-up output and every page then
  announce (``exposure_problem``).
"""

from __future__ import annotations

import functools
import ipaddress
import os
import sys
import tomllib
from pathlib import Path
from typing import NamedTuple, Sequence

DEMO_VARIABLE = "APP_DEMO_NO_LOGIN"
DEMO_VALUE = "everyone-is-administrator"  # a sentence, not a switch one sets by accident


class ConfigurationError(RuntimeError):
    """The login's configuration cannot be read: nothing may be served."""


def secrets_files() -> list[str]:
    """The secrets files Streamlit reads (its ``secrets.files`` option: the project's
    .streamlit/secrets.toml and the user's ~/.streamlit/secrets.toml by default)."""
    from streamlit import config
    return list(config.get_option("secrets.files"))


def _stamp(paths: Sequence[str]) -> tuple:
    out = []
    for path in paths:
        try:
            stat = os.stat(path)
            out.append((path, stat.st_mtime_ns, stat.st_size))
        except OSError:
            out.append((path, None, None))
    return tuple(out)


def secrets_present(paths: Sequence[str] | None = None) -> bool:
    """Whether any of the secrets files (or folders) exists: without one, there is no login,
    and Streamlit need not be asked (it looks for the files again at every question when none
    exists: 4 % of a server's time under a room of forty, measured)."""
    paths = secrets_files() if paths is None else list(paths)
    return any(mtime is not None for _, mtime, _ in _stamp(paths))


def secrets_problem(paths: Sequence[str] | None = None) -> str | None:
    """Why the secrets cannot be read (the file, the line and what is wrong), or None when
    every file that exists parses and its ``[auth]`` and ``[app]`` sections are tables. Read
    again only when a file changes (a stat of each at every call)."""
    paths = secrets_files() if paths is None else list(paths)
    return _problem(_stamp(paths))


@functools.lru_cache(maxsize=8)
def _problem(stamped: tuple) -> str | None:
    for path, mtime, _ in stamped:
        if mtime is None or not path.endswith(".toml"):
            continue  # absent, or a folder of secrets (read by Streamlit as files)
        try:
            text = Path(path).read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            return f"{path}: cannot be read as UTF-8 text ({exc})"
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            # Python says where: "Invalid value (at line 3, column 12)"
            return f"{path}: {exc}"
        for section in ("auth", "app"):
            if section in data and not isinstance(data[section], dict):
                return f"{path}: [{section}] must be a section (a table), not a value"
    return None


def login_in(paths: Sequence[str] | None = None) -> bool:
    """True when a readable secrets file holds an ``[auth]`` section. Raises
    ConfigurationError when a file cannot be read (never read as "no login")."""
    paths = secrets_files() if paths is None else list(paths)
    problem = secrets_problem(paths)
    if problem:
        raise ConfigurationError(problem)
    for path in paths:
        if path.endswith(".toml") and os.path.exists(path):
            if "auth" in tomllib.loads(Path(path).read_text(encoding="utf-8")):
                return True
    return False


def demonstration() -> bool:
    """True when the app is declared a demonstration without login (APP_DEMO_NO_LOGIN)."""
    return os.environ.get(DEMO_VARIABLE, "").strip() == DEMO_VALUE


def loopback(address: str) -> bool:
    """True for an address only this machine reaches (127.0.0.0/8, ::1, localhost)."""
    if address.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(address.strip().strip("[]")).is_loopback
    except ValueError:
        return False


class Problem(NamedTuple):
    """Why nothing may be served: ``unreadable`` (``detail``: the file, the line and what is
    wrong, in the parser's words) or ``exposed`` (``detail``: the address)."""

    kind: str
    detail: str

    def english(self) -> str:
        if self.kind == "unreadable":
            return (f"the login's configuration cannot be read: {self.detail}. Nothing is "
                    f"served until it is corrected (a file that cannot be read is never taken "
                    f"as no login)")
        return (f"no login is configured, so every visitor would hold every role, and the "
                f"server would listen on {self.detail}: listen on 127.0.0.1 (the default of "
                f"make run), configure the login ([auth] in .streamlit/secrets.toml, "
                f"docs/deploy.md), or declare a demonstration with "
                f"{DEMO_VARIABLE}={DEMO_VALUE}")


def exposure_problem(address: str | None, login: bool, demo: bool) -> Problem | None:
    """Why the app may not listen on ``address`` (None or empty: every interface, Streamlit's
    default), or None."""
    if login or demo or (address and loopback(address)):
        return None
    return Problem("exposed", address or "every interface")


def check(address: str | None, paths: Sequence[str] | None = None,
          login: bool | None = None) -> tuple[Problem | None, bool]:
    """(what forbids serving, or None; whether this is a declared demonstration). ``login``:
    whether a login is configured, when the caller has read it (the app, from Streamlit's
    own secrets); else it is read from the files ``paths``."""
    if login is None:
        try:
            login = login_in(paths)
        except ConfigurationError as exc:
            return Problem("unreadable", str(exc)), False
    demo = demonstration() and not login
    return exposure_problem(address, login, demo), demo


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m cli.preflight [ADDRESS]``: 0 when the app may be served, 2 with the reason."""
    argv = list(sys.argv[1:] if argv is None else argv)
    problem, demo = check(argv[0] if argv else "127.0.0.1")
    if problem:
        print(f"The app is not started: {problem.english()}.", file=sys.stderr)
        return 2
    if demo:
        print("DEMONSTRATION: no login, every visitor is administrator (APP_DEMO_NO_LOGIN).",
              file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
