"""The authority's login in a real browser: `streamlit run` with an ``[auth]`` section in its
secrets, against a real OpenID Connect provider started here, on this machine: OpenID Provider
Mock (PyPI ``oidc-provider-mock``, a maintained test provider built on Authlib), which signs
real ID tokens and shows a login form where the test types who logs in.

Checks the public register without login and that a visitor sees nothing else, then every
role through the whole flow: the administrator gives the roles on the Committee page, the
project lead saves and submits, the committee member publishes the opinion and cannot save,
a person without a role sees the register only, and logging out leaves the register alone.
Nothing leaves the machine: every request to another host is blocked and listed (the only one
is the provider's own stylesheet on its login form, not the app's).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.request

import pytest

from conftest import ROOT
from test_browser import (TIMEOUT_MS, browser, expect_text, free_port,  # noqa: F401
                          sidebar, stop_server, sync_api, wait_idle, watched)

ADMIN = ("cam@metropole.test", "Cam Admin")
LEAD = ("ana@metropole.test", "Ana Lead")
MEMBER = ("ben@citoyens.test", "Ben Member")
NOBODY = ("zoe@metropole.test", "Zoe Nobody")
UNVERIFIED = ("mallory-1", "Mallory Unverified")  # sub; her e-mail claim is the admin's
SUB_AS_EMAIL = ("eve@metropole.test", "Eve Sub")  # a sub, no e-mail claim; eve@ holds a role
# ID tokens the app must refuse, each carrying the administrator's verified e-mail: the
# provider (Authlib) lets a user's claims override the token's own, so each is signed by the
# right key with one claim wrong: for another client, from another issuer, expired in 2001
FORGED = {"another-audience": {"aud": "another-client"},
          "another-issuer": {"iss": "http://127.0.0.1:9/another-provider"},
          "expired": {"exp": 1_000_000_000, "iat": 999_996_400}}
WATER = json.loads((ROOT / "examples" / "fr" / "water_leak_detection.json").read_text())
PROVIDER_STYLESHEET = "https://cdn.jsdelivr.net/npm/@picocss/"  # the mock's login form


def _wait_for(url: str, proc: subprocess.Popen, log) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise RuntimeError(f"{url} did not answer (log: {log.name})")
        time.sleep(0.3)


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    """The provider and the app, on free local ports; the app's secrets name the provider."""
    folder = tmp_path_factory.mktemp("login")
    provider_port, app_port = free_port(), free_port()
    provider_log = (folder / "provider.log").open("w")
    users = [json.dumps({"sub": email, "email": email, "email_verified": True, "name": name})
             for email, name in (ADMIN, LEAD, MEMBER, NOBODY)]
    # two who would take someone else's roles: an e-mail the provider does not vouch for (the
    # administrator's), and a login with no e-mail whose sub is an e-mail that holds a role
    users += [json.dumps({"sub": UNVERIFIED[0], "email": ADMIN[0], "email_verified": False,
                          "name": UNVERIFIED[1]}),
              json.dumps({"sub": SUB_AS_EMAIL[0], "name": SUB_AS_EMAIL[1]})]
    users += [json.dumps({"sub": sub, "email": ADMIN[0], "email_verified": True,
                          "name": f"Forged {sub}", **claims}) for sub, claims in FORGED.items()]
    provider = subprocess.Popen(
        [sys.executable, "-m", "oidc_provider_mock", "--host", "127.0.0.1", "--port",
         str(provider_port), *[a for u in users for a in ("--user-claims", u)]],
        stdout=provider_log, stderr=subprocess.STDOUT)
    provider_url = f"http://127.0.0.1:{provider_port}"
    _wait_for(f"{provider_url}/.well-known/openid-configuration", provider, provider_log)
    app_url = f"http://127.0.0.1:{app_port}"
    secrets = folder / "secrets.toml"
    secrets.write_text(f"""
[auth]
redirect_uri = "{app_url}/oauth2callback"
cookie_secret = "a cookie secret for the login test, long enough"
client_id = "ai-balance"
client_secret = "a test secret"
server_metadata_url = "{provider_url}/.well-known/openid-configuration"

[app]
administrators = ["{ADMIN[0]}"]
""", encoding="utf-8")
    database = folder / "library.sqlite3"
    app_log = (folder / "app.log").open("w")
    app = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(app_port),
         "--server.address", "127.0.0.1", "--server.headless", "true",
         "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
         "--secrets.files", str(secrets)],
        cwd=ROOT, stdout=app_log, stderr=subprocess.STDOUT,
        env={**os.environ, "DATABASE_URL": f"sqlite:///{database}", "APP_LANGUAGE": "fr"})
    _wait_for(f"{app_url}/_stcore/health", app, app_log)
    yield {"app": app_url, "database": f"sqlite:///{database}"}
    stop_server(app)
    stop_server(provider)
    app_log.close()
    provider_log.close()


class Visitor:
    """One browser context (its own cookies): a person, logged in or not."""

    def __init__(self, browser, app_url: str):  # noqa: F811 (the fixture)
        self.app = app_url
        self.elsewhere: list[str] = []
        self.context = browser.new_context(viewport={"width": 1280, "height": 720},
                                           locale="fr-FR")
        self.context.route("**/*", self._local_only)
        self.page = watched(self.context.new_page())

    def _local_only(self, route) -> None:
        if route.request.url.startswith(("http://127.0.0.1", "ws://127.0.0.1")):
            route.continue_()
        else:
            self.elsewhere.append(route.request.url)
            route.abort()

    def open(self, path: str = "") -> None:
        self.page.goto(self.app + path)
        wait_idle(self.page)

    def log_in(self, who: tuple[str, str]) -> None:
        self.open()
        sidebar(self.page).get_by_role("button", name="Se connecter").click()
        form = self.page.get_by_placeholder("sub")
        form.wait_for(timeout=TIMEOUT_MS)  # the provider's login form
        form.fill(who[0])
        self.page.get_by_role("button", name="Authorize").click()
        self.page.wait_for_url(self.app + "/**", timeout=TIMEOUT_MS)
        wait_idle(self.page)
        expect_text(sidebar(self.page), f"Connecté en tant que {who[1]}")

    def try_log_in(self, sub: str) -> None:
        """Log in as ``sub`` at the provider, then come back to the app whatever the
        callback answered (a refused token is no login)."""
        self.open()
        sidebar(self.page).get_by_role("button", name="Se connecter").click()
        form = self.page.get_by_placeholder("sub")
        form.wait_for(timeout=TIMEOUT_MS)
        form.fill(sub)
        self.page.get_by_role("button", name="Authorize").click()
        self.page.wait_for_url(self.app + "/**", timeout=TIMEOUT_MS)  # the callback's answer
        self.page.wait_for_load_state()
        self.open()

    def wait_logged_out(self) -> None:
        """Until the browser no longer holds Streamlit's identity cookie (the logout goes
        through the app's /auth/logout, then the provider's end of session)."""
        deadline = time.monotonic() + TIMEOUT_MS / 1000
        while any(c["name"].startswith("_streamlit_user") for c in self.context.cookies()):
            assert time.monotonic() < deadline, "still logged in"
            self.page.wait_for_timeout(200)
        # then the provider's end of session, where the logout's redirects end
        self.page.wait_for_url("**/oauth2/end_session**", timeout=TIMEOUT_MS)
        self.page.wait_for_load_state()

    def goto_page(self, title: str) -> None:
        """A page of the 'Projets' menu of the top bar."""
        self.page.locator("header").get_by_text("Projets", exact=True).first.click()
        self.page.get_by_role("menuitem", name=title).first.click()
        # the page's own title: its run has started; idle after that, it has finished
        expect_text(self.page.locator("h1").first, title)
        wait_idle(self.page)

    def close(self) -> None:
        assert all(u.startswith(PROVIDER_STYLESHEET) for u in self.elsewhere), self.elsewhere
        self.context.close()


def _public_sees_the_register_only(visitor: Visitor) -> None:
    page = visitor.page
    expect_text(page.locator("h1").first, "Registre public des projets d'IA")
    assert page.locator("header a").count() == 0  # no top bar: no other page
    for path in ("/library", "/committee", "/balance", "/project"):
        visitor.open(path)
        expect_text(page.locator("h1").first, "Registre public des projets d'IA")
    assert "Bilan net :" not in sidebar(page).inner_text()  # no scenario of its own
    assert page.get_by_role("button", name="Enregistrer dans la bibliothèque").count() == 0


def _choose(page, label: str, option: str) -> None:
    """Choose ``option`` in the select box labelled ``label`` by typing it and pressing Enter
    (clicking a list item races its opening animation), then wait until the box shows it."""
    box = page.locator("[data-testid=stSelectbox]").filter(has_text=label).first
    field = box.locator("input")
    field.click()
    field.press("Control+a")  # whatever the box shows (its current choice) goes
    field.press("Backspace")
    field.press_sequentially(option)
    page.get_by_role("option", name=option).first.wait_for(timeout=TIMEOUT_MS)
    field.press("Enter")
    sync_api.expect(field).to_have_value(re.compile("^" + re.escape(option)),
                                         timeout=TIMEOUT_MS)  # the option, chosen
    wait_idle(page)


def until(found, what: str):
    """Poll ``found()`` until it returns something true (the state a click asked for: a
    rerun may not even have started when the page first looks idle)."""
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while not (value := found()):
        assert time.monotonic() < deadline, f"never happened: {what}"
        time.sleep(0.2)
    return value


def _give_role(page, committee, email: str, role: str, code: str) -> None:
    page.get_by_label("Identifiant (courriel)", exact=True).fill(email)
    page.locator("[data-testid=stRadio]").filter(has_text="Rôle").get_by_text(
        role, exact=True).click()  # in a form: no rerun
    page.get_by_role("button", name="Attribuer ce rôle").click()
    until(lambda: code in committee.roles_of(email), f"{email} is {code}")
    # the page reruns once more to list the person: their line shows, then it is idle
    expect_text(page.locator("[data-testid=stTable]").first, email)
    wait_idle(page)


def test_the_login_flow_and_every_roles_rights(servers, browser):  # noqa: F811 (the fixture)
    from store import open_library
    from store.committee import Committee

    app = servers["app"]
    public = Visitor(browser, app)
    public.open()
    _public_sees_the_register_only(public)
    expect_text(public.page.locator("body"), "Aucun projet n'a encore été soumis")

    # the administrator (named in the secrets) gives the roles
    admin = Visitor(browser, app)
    admin.log_in(ADMIN)
    expect_text(sidebar(admin.page), "Rôles : administrateur")
    admin.goto_page("Comité")
    admin.page.get_by_text("Personnes et rôles (administrateurs)").click()
    committee = Committee(open_library(servers["database"]).engine)
    _give_role(admin.page, committee, LEAD[0], "chef de projet", "lead")
    _give_role(admin.page, committee, MEMBER[0], "membre du comité", "member")
    assert committee.roles_of(LEAD[0]) == {"lead"}
    assert committee.roles_of(MEMBER[0]) == {"member"}

    # the project lead saves the example (in her name: no name to type) and submits it
    lead = Visitor(browser, app)
    lead.log_in(LEAD)
    expect_text(sidebar(lead.page), "Rôles : chef de projet")
    sidebar(lead.page).get_by_role("button", name="Enregistrer dans la bibliothèque").click()
    save = lead.page.get_by_role("button", name="Enregistrer", exact=True)
    save.wait_for(timeout=TIMEOUT_MS)  # the save box is open
    assert lead.page.get_by_label("Votre nom", exact=True).count() == 0
    save.click()
    expect_text(sidebar(lead.page), "Enregistré : version 1")
    library = open_library(servers["database"])
    (row,) = library.list()
    assert row["author"] == LEAD[1]
    lead.goto_page("Comité")
    assert lead.page.get_by_text("Personnes et rôles").count() == 0  # not an administrator
    _choose(lead.page, "Projet", WATER["name"])
    lead.page.get_by_role("button", name="Soumettre au comité").click()
    (submission,) = until(lambda: committee.submissions(_admin_actor()), "a submission")
    wait_idle(lead.page)
    assert submission["submitted_by"] == LEAD[1]
    assert lead.page.get_by_role("button", name="Publier l'avis").count() == 0

    # the committee member gives the opinion; saving to the library is refused by the store
    member = Visitor(browser, app)
    member.log_in(MEMBER)
    member.goto_page("Comité")
    assert member.page.get_by_text("Soumettre un projet").count() == 0
    _choose(member.page, "Saisine", f"N° {submission['id']}")
    page = member.page
    page.get_by_text("favorable", exact=True).click()
    page.get_by_label("Participants", exact=True).fill("12 citoyens")
    page.get_by_label("Motifs", exact=True).fill("Bilan positif et crédible.")
    page.get_by_text("Je confirme la publication").click()
    page.get_by_role("button", name="Publier l'avis").click()
    opinion = until(lambda: committee.opinion_in_force(row["id"], 1), "the opinion")
    wait_idle(page)
    assert opinion["decision"] == "favourable"
    assert opinion["recorded_by"] == MEMBER[1]
    sidebar(page).get_by_role("button", name="Enregistrer dans la bibliothèque").click()
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect_text(sidebar(page), "Non enregistré")
    assert library.count() == 1  # nothing saved

    # someone logged in without a role: the register, and why
    nobody = Visitor(browser, app)
    nobody.log_in(NOBODY)
    expect_text(sidebar(nobody.page), "Aucun rôle pour l'instant")
    _public_sees_the_register_only(nobody)

    # the public now reads the project and its opinion; the lead logs out and is the public
    public.open()
    expect_text(public.page.locator("body"), WATER["name"])
    expect_text(public.page.locator("body"), "favorable")
    sidebar(lead.page).get_by_role("button", name="Se déconnecter").click()
    lead.wait_logged_out()
    lead.open()
    _public_sees_the_register_only(lead)
    log = [(a["actor"], a["action"]) for a in committee.audit(_admin_actor())]
    assert (MEMBER[1], "publish opinion") in log and (LEAD[1], "submit") in log
    assert (ADMIN[1], "grant role") in log and (LEAD[1], "save") in log
    for visitor in (public, admin, lead, member, nobody):
        visitor.close()


def _admin_actor():
    from store.committee import Actor

    return Actor(ADMIN[0], ADMIN[1], frozenset({"admin", "member"}))


def test_an_unverified_e_mail_or_a_sub_like_an_e_mail_takes_nobody_s_roles(servers, browser):  # noqa: F811
    """Issue 32, point 4: a person is known by the provider's issuer and sub; an e-mail maps to
    roles only when the provider says it is verified. Mallory's e-mail claim is the
    administrator's, unverified: no role. Eve logs in with no e-mail and a sub that reads
    eve@metropole.test, which holds the lead role: no role either."""
    from store import open_library
    from store.committee import LEAD as LEAD_ROLE, Committee

    committee = Committee(open_library(servers["database"]).engine)
    committee.set_role(_admin_actor(), SUB_AS_EMAIL[0], LEAD_ROLE, True)
    for who in (UNVERIFIED, SUB_AS_EMAIL):
        visitor = Visitor(browser, servers["app"])
        visitor.log_in(who)
        expect_text(sidebar(visitor.page), "Aucun rôle pour l'instant")
        assert "Rôles :" not in sidebar(visitor.page).inner_text()
        _public_sees_the_register_only(visitor)
        visitor.close()


def test_a_copied_login_cookie_no_longer_logs_in_after_logout(servers, browser):  # noqa: F811
    """Issue 32, point 5: Streamlit's cookie lasts 30 days and its logout clears it in one
    browser; the server now ends the login itself, so a copy of the cookie made before the
    logout opens the register only."""
    lead = Visitor(browser, servers["app"])
    lead.log_in(LEAD)
    thief = Visitor(browser, servers["app"])
    thief.context.add_cookies(lead.context.cookies())
    thief.open()
    expect_text(sidebar(thief.page), f"Connecté en tant que {LEAD[1]}")  # while it lasts
    sidebar(lead.page).get_by_role("button", name="Se déconnecter").click()
    lead.wait_logged_out()
    thief.open()
    expect_text(sidebar(thief.page), "Votre session est terminée")
    _public_sees_the_register_only(thief)
    for visitor in (lead, thief):
        visitor.close()


@pytest.mark.parametrize("forged", list(FORGED))
def test_a_token_for_another_client_from_another_issuer_or_expired_logs_nobody_in(
        servers, browser, forged):  # noqa: F811
    """Issue 32: an ID token signed by the provider's key but meant for another client (its
    audience), claiming another issuer, or expired, never logs in, though each names the
    administrator's verified e-mail: the visitor stays the public."""
    visitor = Visitor(browser, servers["app"])
    visitor.try_log_in(forged)
    assert not any(c["name"].startswith("_streamlit_user") for c in visitor.context.cookies())
    expect_text(sidebar(visitor.page), "Se connecter")
    assert "Connecté en tant que" not in sidebar(visitor.page).inner_text()
    _public_sees_the_register_only(visitor)
    visitor.close()
