"""Safe on the authority's network (issue 32, points 1 and 2): a login configuration that cannot
be read never means "no login", and an app without a login is reachable from this machine only
unless a demonstration is declared. Checked as functions, in AppTest (every page closed), and
with the real launcher (`python -m cli.serve`): it refuses to start, or listens on 127.0.0.1."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from conftest import ROOT
from cli import preflight, serve

APP = str(ROOT / "app.py")
# one unquoted value: the typing mistake that turned the login off
MALFORMED = """[auth]
redirect_uri = "http://localhost:8501/oauth2callback"
cookie_secret = not-quoted-by-mistake
client_id = "c"
"""
GOOD = """[auth]
redirect_uri = "http://localhost:8501/oauth2callback"
cookie_secret = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
client_id = "c"
client_secret = "s"
server_metadata_url = "http://127.0.0.1:9/.well-known/openid-configuration"
"""


def write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "secrets.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_a_secrets_file_that_cannot_be_read_names_the_file_and_the_line(tmp_path):
    path = write(tmp_path, MALFORMED)
    problem = preflight.secrets_problem([path])
    assert problem.startswith(path) and "line 3" in problem
    with pytest.raises(preflight.ConfigurationError):
        preflight.login_in([path])
    problem, _ = preflight.check("127.0.0.1", [path])
    assert problem.kind == "unreadable" and "line 3" in problem.english()
    # a section that is not a table, and bytes that are not UTF-8
    assert "[auth] must be a section" in preflight.secrets_problem([write(tmp_path, "auth = 1")])
    (tmp_path / "latin.toml").write_bytes(b'[app]\nname = "\xe9"\n')
    assert "UTF-8" in preflight.secrets_problem([str(tmp_path / "latin.toml")])


def test_a_readable_file_says_whether_there_is_a_login(tmp_path):
    assert preflight.secrets_problem([write(tmp_path, GOOD)]) is None
    assert preflight.login_in([str(tmp_path / "secrets.toml")]) is True
    assert preflight.login_in([write(tmp_path, "[app]\nadministrators = []\n")]) is False
    assert preflight.login_in([str(tmp_path / "absent.toml")]) is False


def test_without_any_secrets_file_streamlit_is_not_asked(tmp_path, monkeypatch):
    """No file at all (one person on their own machine): no login, said without asking
    Streamlit, which looks for the files again at every question when none exists."""
    import streamlit as st

    from ui import auth

    absent = [str(tmp_path / "absent.toml"), str(tmp_path / "folder")]
    assert preflight.secrets_present(absent) is False
    (tmp_path / "folder").mkdir()  # a folder of secrets counts (Streamlit reads its files)
    assert preflight.secrets_present(absent) is True
    monkeypatch.setattr(preflight, "secrets_files", lambda: absent[:1])

    class Asked:
        def __contains__(self, key):
            raise AssertionError("Streamlit's secrets were read")

    monkeypatch.setattr(st, "secrets", Asked())
    assert auth.login_configured() is False


@pytest.mark.parametrize("address, login, demo, refused", [
    ("127.0.0.1", False, False, False), ("localhost", False, False, False),
    ("::1", False, False, False), ("0.0.0.0", False, False, True), (None, False, False, True),
    ("192.168.1.20", False, False, True), ("0.0.0.0", True, False, False),
    ("0.0.0.0", False, True, False)])
def test_without_a_login_the_app_is_reached_from_this_machine_only(address, login, demo,
                                                                   refused):
    problem = preflight.exposure_problem(address, login, demo)
    assert (problem is not None) == refused
    if refused:
        assert problem.kind == "exposed" and preflight.DEMO_VARIABLE in problem.english()


def test_the_demonstration_is_a_sentence_not_a_switch(monkeypatch):
    for value in ("1", "true", "yes", ""):
        monkeypatch.setenv(preflight.DEMO_VARIABLE, value)
        assert not preflight.demonstration()
    monkeypatch.setenv(preflight.DEMO_VARIABLE, "everyone-is-administrator")
    assert preflight.demonstration()


def test_every_page_is_closed_while_the_secrets_cannot_be_read(tmp_path, monkeypatch):
    """The router closes every page, naming the file and the line, in the reader's
    language; no page, no scenario, no sidebar figure."""
    path = write(tmp_path, MALFORMED)
    monkeypatch.setattr(preflight, "secrets_files", lambda: [path])
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = "fr"
    at.run()
    assert not at.exception, at.exception
    [closed] = [e.value for e in at.error]
    assert closed.startswith("**L'application est fermée.**") and "line 3" in closed
    from ui.language import plain
    assert plain(path) in closed  # the path shown as text (escaped for Markdown)
    assert not at.title and not at.metric


def test_a_declared_demonstration_says_so_on_every_page(monkeypatch):
    monkeypatch.setenv(preflight.DEMO_VARIABLE, preflight.DEMO_VALUE)
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = "fr"
    at.run()
    assert not at.exception, at.exception
    assert any("Démonstration" in w.value for w in at.warning)
    at.switch_page("pages/hardware.py").run()
    assert any("Démonstration" in w.value for w in at.warning)


# -- the launcher, for real ---------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _launch(tmp_path: Path, *args: str, env: dict | None = None) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "cli.serve", *args, "--server.headless", "true",
         "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=dict(os.environ, DATABASE_URL=f"sqlite:///{tmp_path / 'l.sqlite3'}",
                           **(env or {})),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_the_launcher_refuses_a_secrets_file_that_cannot_be_read(tmp_path):
    path = write(tmp_path, MALFORMED)
    proc = _launch(tmp_path, "--server.port", str(_free_port()), "--secrets.files", path)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 2, err
    assert path in err and "line 3" in err and "never taken as no login" in err


def test_the_launcher_refuses_every_interface_without_a_login(tmp_path):
    proc = _launch(tmp_path, "--server.port", str(_free_port()), "--server.address", "0.0.0.0",
                   "--secrets.files", str(tmp_path / "none.toml"))
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 2 and "APP_DEMO_NO_LOGIN" in err, err


def _listening(port: int) -> list[str]:
    """The local addresses listening on ``port`` (IPv4 and IPv6), from /proc/net."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            local, state = line.split()[1], line.split()[3]
            address, hexport = local.rsplit(":", 1)
            if int(hexport, 16) == port and state == "0A":  # LISTEN
                found.append(address)
    return found


def test_without_a_login_the_launcher_listens_on_127_0_0_1_only(tmp_path):
    """make run's command with no address: the server answers on 127.0.0.1 and listens there
    alone (Streamlit's own default is every interface)."""
    if not Path("/proc/net/tcp").exists():
        pytest.skip("no /proc/net/tcp to read the listening address from")
    port = _free_port()
    proc = _launch(tmp_path, "--server.port", str(port),
                   "--secrets.files", str(tmp_path / "none.toml"))
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health",
                                            timeout=2) as answer:
                    if answer.read() == b"ok":
                        break
            except OSError:
                time.sleep(0.3)
        else:
            pytest.fail("the server did not answer on 127.0.0.1")
        assert _listening(port) == ["0100007F"]  # 127.0.0.1, and nothing else
    finally:
        proc.terminate()
        proc.communicate(timeout=30)


def test_the_launchers_command_keeps_every_option_and_adds_the_address(tmp_path):
    run, problem, demo = serve.command(["--server.port", "8600", "--secrets.files",
                                        str(tmp_path / "none.toml")])
    assert problem is None and not demo
    assert run[1:4] == ["-m", "streamlit", "run"] and run[4].endswith("app.py")
    assert run[5:] == ["--server.port", "8600", "--secrets.files", str(tmp_path / "none.toml"),
                       "--server.address", "127.0.0.1"]


@pytest.mark.parametrize("claims, key", [
    (("Ana@Example.org", True, "https://idp", "s1"), "ana@example.org"),
    (("ana@example.org", "true", "https://idp", "s1"), "ana@example.org"),
    (("cam@example.org", False, "https://idp", "s2"), "oidc:https://idp#s2"),  # unverified
    (("cam@example.org", None, "https://idp", "s2"), "oidc:https://idp#s2"),   # not said
    ((None, None, "https://idp", "cam@example.org"), "oidc:https://idp#cam@example.org"),
    ((None, None, None, None), ""),
])
def test_a_person_is_their_verified_e_mail_or_their_issuer_and_sub(claims, key):
    """Issue 32, point 4: the roles' key. No e-mail a provider does not vouch for, and no sub
    that looks like an e-mail, can equal someone's e-mail."""
    from ui.auth import identity
    assert identity(*claims) == key


def test_a_server_on_every_interface_is_closed_in_the_readers_words(monkeypatch):
    """Streamlit's default address is every interface: the closed app says so in French, not
    with the launcher's English words."""
    from streamlit import config

    from ui import router

    monkeypatch.setattr(router, "_served", lambda: True)
    monkeypatch.delenv(preflight.DEMO_VARIABLE, raising=False)
    before = config.get_option("server.address")
    config.set_option("server.address", "")
    try:
        at = AppTest.from_file(APP, default_timeout=60)
        at.query_params["lang"] = "fr"
        at.run()
    finally:
        config.set_option("server.address", before)
    assert not at.exception, at.exception
    [closed] = [e.value for e in at.error]
    assert "écoute sur toutes les interfaces" in closed and "every" not in closed, closed
