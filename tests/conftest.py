import copy
import json
import os
from pathlib import Path

import pytest

# A text shown in French without its French is an error in every test, and in the app the
# browser tests start (it inherits this): the app itself falls back to English.
os.environ["I18N_STRICT"] = "1"
# Most tests find widgets by their English labels: the app they drive speaks English unless
# asked otherwise (?lang=fr). The French pages have their own tests, and one test checks that
# French is the default of a server started without APP_LANGUAGE.
os.environ["APP_LANGUAGE"] = "en"
# The public register's dossiers are written by a background worker (a few seconds of Chromium
# each): off, but in the tests of that worker, which turn it on.
os.environ["APP_REGISTER_DOSSIERS"] = "0"
# nor its publisher thread (a test's database is gone when it ends): published on a visit
os.environ["APP_REGISTER_WATCH_S"] = "0"
# and the database asked at every visit whether it changed (the tests act, then look at once)
os.environ["APP_REGISTER_CHECK_S"] = "0"

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.json"))


def minimal_scenario() -> dict:
    """The smallest valid scenario: everything else takes its default."""
    return {"schema_version": 2, "name": "t", "domain": "climate", "horizon_years": 1,
            "location": {"grid_intensity_g_per_kwh": 100, "pue": 1.0}}


@pytest.fixture
def minimal():
    return minimal_scenario()


@pytest.fixture(params=[p.name for p in EXAMPLES])
def example(request):
    return json.loads((ROOT / "examples" / request.param).read_text(encoding="utf-8"))


def with_(base: dict, path: str, value) -> dict:
    """Copy of ``base`` with the value at dotted ``path`` (``a.b[0].c``) replaced."""
    out = copy.deepcopy(base)
    node = out
    parts = path.replace("]", "").replace("[", ".").split(".")
    for part in parts[:-1]:
        node = node[int(part)] if part.isdigit() else node.setdefault(part, {})
    last = parts[-1]
    if last.isdigit():
        node[int(last)] = value
    else:
        node[last] = value
    return out


# -- databases: the library's tests run on a SQLite file and on a PostgreSQL server ----------

@pytest.fixture(scope="session")
def postgres_server_url():
    """A PostgreSQL server for the session: TEST_DATABASE_URL, or a throwaway one started
    here. Without PostgreSQL the PostgreSQL cases are skipped, and fail under CI=true."""
    import os

    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        yield url
        return
    from postgres_server import PostgresServer, binaries

    if binaries() is None:
        message = "PostgreSQL is not installed (make test installs Debian's postgresql as root)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    server = PostgresServer()
    try:
        yield server.start()
    finally:
        server.stop()


def _empty_postgres(url: str) -> None:
    import sqlalchemy as sa

    from store.database import normalise_url

    engine = sa.create_engine(normalise_url(url))
    with engine.begin() as conn:
        conn.execute(sa.text("DROP SCHEMA public CASCADE"))
        conn.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """An empty database of each kind, as a URL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'library.sqlite3'}"
    return request.getfixturevalue("db_url_postgresql")


@pytest.fixture
def db_url_postgresql(postgres_server_url):
    """An empty PostgreSQL database, as a URL."""
    _empty_postgres(postgres_server_url)
    return postgres_server_url


@pytest.fixture
def library(db_url):
    from store import open_library

    lib = open_library(db_url)
    yield lib
    lib.engine.dispose()


@pytest.fixture(autouse=True)
def _own_library(tmp_path, monkeypatch):
    """No test touches the user's library (var/library.sqlite3): the app's DATABASE_URL is a
    fresh SQLite file in each test's folder."""
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'app-library.sqlite3'}")


def shown(markdown: str) -> str:
    """What a reader sees of a Markdown body whose quoted text was escaped (ui.language.plain):
    each backslash escape shows as its character."""
    import re

    return re.sub(r"\\(.)", r"\1", markdown)


@pytest.fixture
def downloads(monkeypatch):
    """Every file an AppTest run gives to a download button, by its file name: what a
    click on the button delivers (the bytes given with the page)."""
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    given: dict[str, bytes] = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def keep(self, path_or_data, mimetype, kind, filename=None):
        if isinstance(path_or_data, bytes) and filename:
            given[filename] = path_or_data
        return original(self, path_or_data, mimetype, kind, filename)
    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", keep)
    return given
