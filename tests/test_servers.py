"""Several app servers on one PostgreSQL behind the reverse proxy (issue 19), in the browser.

Started here on loopback: a throwaway PostgreSQL, two `streamlit run` on two ports, and Debian's
nginx with the project's own proxy configuration (deploy/nginx/app.conf.template, filled as the
nginx image fills it). Each browser is kept on one server by its route cookie; the tests find
a route for each server from nginx's access log, then:

- a scenario saved through one server is found in the Library through the other;
- a server stopped in the middle of a session: the user's browser reconnects through the proxy
  to the other server and finds its draft, with no error;
- a server stopped in the middle of a save finishes it before it exits (the save is held by a
  lock on the table, the stop signal sent, the lock released: the version is there);
- the health checks answer, through the proxy and on each server.
"""

from __future__ import annotations

import re
import time
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from test_browser import (PAGES, TIMEOUT_MS, _open_save_box, browser, enter_number,  # noqa: F401
                          expect_text, free_port, open_page, sidebar, start_server,
                          stop_server, sync_api, wait_idle, watched)
from test_deploy import need
from tools.proxy import Proxy, health

ROUTE = "balance_route"
PAGE = {p.path: p for p in PAGES}


@pytest.fixture
def region(db_url_postgresql, tmp_path):
    """PostgreSQL, two app servers on it, and the proxy in front of them."""
    need("nginx")
    from store import open_library

    open_library(db_url_postgresql).engine.dispose()  # the tables, as the first server makes them
    log = (tmp_path / "servers.log").open("w")
    servers = [start_server(log, db_url_postgresql) for _ in range(2)]
    ports = [int(url.rsplit(":", 1)[1]) for _, url in servers]
    proxy = Proxy(tmp_path, f"127.0.0.1:{free_port()}", [f"127.0.0.1:{port}" for port in ports])
    yield SimpleNamespace(servers=servers, ports=ports, proxy=proxy,
                          routes=[proxy.route_to(f"127.0.0.1:{port}") for port in ports],
                          engine=sa.create_engine(db_url_postgresql))
    proxy.stop()
    for proc, _ in servers:
        if proc.poll() is None:
            stop_server(proc)
    log.close()


def session(browser, region, server: int):
    """A browser tab whose requests the proxy sends to ``server`` (0 or 1)."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    context.add_cookies([{"name": ROUTE, "value": region.routes[server],
                          "url": region.proxy.url}])
    page = watched(context.new_page())
    page.goto(region.proxy.url)
    wait_idle(page)
    return page


def served(region, route: int, wanted: int) -> set[str]:
    """The servers that answered a browser's route, once the proxy's log shows ``wanted``
    among them: nginx writes a websocket's line when it closes, a moment after the browser
    closed it (at most TIMEOUT_MS)."""
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while True:
        found = region.proxy.served(region.routes[route])
        if f"127.0.0.1:{region.ports[wanted]}" in found or time.monotonic() > deadline:
            return found
        time.sleep(0.1)


def test_the_health_checks_answer(region):
    assert health(region.proxy.url) == "ok"
    for _, url in region.servers:
        assert health(url) == "ok"


def test_saved_through_one_server_found_through_the_other(browser, region):
    first = session(browser, region, 0)
    _open_save_box(first, "saved through the first server")
    first.get_by_role("button", name="Save", exact=True).click()
    expect_text(sidebar(first), "Saved: version 1")
    second = session(browser, region, 1)
    open_page(second, PAGE["pages/library.py"])
    main = second.locator("[data-testid=stMain]")
    expect_text(main, "1 scenario(s)")
    expect_text(main, "Leak detection on the drinking-water network")
    first.context.close()
    second.context.close()
    # each browser was served by its own server, and by it alone
    assert served(region, 0, wanted=0) == {f"127.0.0.1:{region.ports[0]}"}
    assert served(region, 1, wanted=1) == {f"127.0.0.1:{region.ports[1]}"}


def test_a_server_stopped_in_a_session_the_user_goes_on_with_the_other(browser, region):
    page = session(browser, region, 0)
    open_page(page, PAGE["pages/project.py"])
    enter_number(page, "Horizon (years)", "7", "over 7 years")
    sync_api.expect(page).to_have_url(re.compile(r"draft=[0-9a-f]{32}"), timeout=TIMEOUT_MS)
    stop_server(region.servers[0][0])  # SIGTERM, as a container runtime stops it
    # the browser reconnects through the proxy, to the other server: a new session that
    # finds the tab's draft in the database
    expect_text(sidebar(page), "Your work in progress was restored")
    wait_idle(page)
    expect_text(sidebar(page), "over 7 years")
    assert page.locator("[data-testid=stException]").count() == 0
    assert page.get_by_label("Horizon (years)", exact=True).input_value() == "7"
    page.context.close()
    assert f"127.0.0.1:{region.ports[1]}" in served(region, 0, wanted=1)


def test_a_server_stopped_in_a_save_finishes_it(browser, region):
    page = session(browser, region, 0)
    _open_save_box(page, "saved while the server stops")
    holder = region.engine.connect()
    lock = holder.begin()
    holder.execute(sa.text("LOCK TABLE scenario_entries, scenario_versions "
                           "IN EXCLUSIVE MODE"))  # writes wait, reads go on
    try:
        page.get_by_role("button", name="Save", exact=True).click()
        deadline = time.monotonic() + 30
        with region.engine.connect() as watch:  # the save has reached the database and waits
            while not watch.execute(sa.text("SELECT count(*) FROM pg_locks WHERE NOT granted")
                                    ).scalar():
                assert time.monotonic() < deadline, "the save never reached the database"
                time.sleep(0.1)
        proc = region.servers[0][0]
        proc.terminate()  # SIGTERM while the save waits
        time.sleep(2)
        assert proc.poll() is None, "the server exited with a save in flight"
    finally:
        lock.commit()  # the save goes on
        holder.close()
    proc.wait(timeout=30)
    with region.engine.connect() as conn:
        versions = conn.execute(sa.text("SELECT version, comment FROM scenario_versions")).all()
    assert [(1, "saved while the server stops")] == [tuple(v) for v in versions]
    page.context.close()


def test_the_proxy_compresses_the_app_s_javascript(region):
    """Streamlit's server sends its JavaScript uncompressed (8.8 MB on a first visit,
    measured in Chromium); the proxy compresses it (3.5 MB for the whole first visit)."""
    import urllib.request

    with urllib.request.urlopen(region.proxy.url, timeout=30) as answer:
        page = answer.read().decode()
    script = re.search(r'src="\.?/?(static/js/[^"]+\.js)"', page)
    assert script, page[:500]
    request = urllib.request.Request(f"{region.proxy.url}/{script.group(1)}",
                                     headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=30) as answer:
        assert answer.headers.get("Content-Encoding") == "gzip"
        compressed = len(answer.read())
    with urllib.request.urlopen(f"{region.servers[0][1]}/{script.group(1)}", timeout=30) as raw:
        assert raw.headers.get("Content-Encoding") is None
        assert compressed < 0.5 * len(raw.read())
