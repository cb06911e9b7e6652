"""The public register published as files (report/published.py, issue 34): written when what
it shows changes, never computed for a visitor; typed text escaped; the app's page reads the
files; the dossiers written afterwards by a worker. The proxy's side is in test_servers.py."""

from __future__ import annotations

import html
import json
import multiprocessing
import os
import shutil
from pathlib import Path

import pytest

from conftest import ROOT
from report import published
from store import open_library
from store.committee import ADMIN, MEMBER, Actor, Committee

WATER = json.loads((ROOT / "examples" / "water_leak_detection.json").read_text())
TRAFFIC = json.loads((ROOT / "examples" / "traffic_lights.json").read_text())
CHAIR = Actor("chair@metropole", "Chair", frozenset({ADMIN, MEMBER}))
OPINION = {"decision": "favourable_with_conditions",
           "conditions": "Mesurer l'énergie après un an\nHéberger en France",
           "session_date": "2026-11-23", "session_name": "Séance du 23 novembre",
           "participants": "B. Martin", "votes_for": 9, "votes_against": 2,
           "votes_abstaining": 1, "reasons": "Bilan positif."}


@pytest.fixture
def committee(tmp_path):
    library = open_library(f"sqlite:///{tmp_path / 'library.sqlite3'}")
    yield Committee(library.engine), library
    library.engine.dispose()


def submit(committee, library, scenario, project) -> int:
    return committee.submit(CHAIR, library.save(scenario, project=project).entry_id)


def page_of(folder: Path, lang: str, submission: int) -> str:
    """A project's page as its reader reads it (entities such as &#39; read as characters)."""
    return text_of(folder / lang / "projets" / f"{submission}.html")


def text_of(path: Path) -> str:
    return html.unescape(path.read_text(encoding="utf-8"))


def test_the_register_is_written_as_pages_open_data_and_a_manifest(committee, tmp_path):
    found, library = committee
    leaks = submit(found, library, WATER, "Fuites")
    lights = submit(found, library, TRAFFIC, "Feux")
    found.record(CHAIR, leaks, OPINION, publish=True)
    folder = tmp_path / "register"
    manifest = published.publish(found, folder, dossiers=False, home_language="fr")

    assert [r["project"] for r in manifest["rows"]] == ["Feux", "Fuites"]
    french = text_of(folder / "fr" / "index.html")
    english = text_of(folder / "en" / "index.html")
    assert '<html lang="fr">' in french and "Registre public des projets d'IA" in french
    assert "2 projets au registre." in french and "favorable sous conditions" in french
    assert '<html lang="en">' in english and "Public register of AI projects" in english
    # the deployment's language at the root, its links into the language's folder
    assert (folder / "index.html").read_text(encoding="utf-8").count('href="fr/projets/') == 2
    leaks_page = page_of(folder, "fr", leaks)
    assert "Mesurer l'énergie après un an" in leaks_page and "Motifs :" in leaks_page
    # no worker for this publication: the page never promises a dossier that will not come
    assert "ne publie pas les dossiers" in leaks_page and "en préparation" not in leaks_page
    assert "L'avis du comité sur cette version est attendu." in page_of(folder, "fr", lights)
    # the open data: the app's download files, from the same rows
    rows = list(json.loads((folder / published.JSON_FILE).read_text())["projects"])
    assert [r["project"] for r in rows] == ["Feux", "Fuites"]
    csv_lines = (folder / published.CSV_FILE).read_text(encoding="utf-8").splitlines()
    assert len(csv_lines) == 3 and csv_lines[0].startswith("project,")
    # nothing is left half-written beside the files
    assert not [p for p in folder.rglob(".*") if p.name not in (".lock",)]


def test_typed_text_is_published_as_text(committee, tmp_path):
    """A project, a description, conditions and reasons typed with HTML or Markdown are
    escaped: never a tag, a script or an image in the published pages."""
    found, library = committee
    hostile = '<script>alert("x")</script>'
    number = submit(found, library, dict(WATER, description='<img src=x onerror="alert(1)">'),
                    hostile)
    found.record(CHAIR, number, dict(OPINION, reasons="**gras** <b>b</b>",
                                     conditions="<iframe src=//evil>"), publish=True)
    folder = tmp_path / "register"
    published.publish(found, folder, dossiers=False)
    for path in [folder / "fr" / "index.html", folder / "fr" / "projets" / f"{number}.html"]:
        written = path.read_text(encoding="utf-8")
        assert "<script" not in written and "<img" not in written and "<iframe" not in written
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in written
        assert hostile in html.unescape(written)  # shown as typed
    page = (folder / "en" / "projets" / f"{number}.html").read_text(encoding="utf-8")
    assert "**gras** &lt;b&gt;b&lt;/b&gt;" in page and "&lt;iframe src=//evil&gt;" in page


def test_it_is_written_again_only_when_what_it_shows_changes(committee, tmp_path):
    found, library = committee
    leaks = submit(found, library, WATER, "Fuites")
    lights = submit(found, library, TRAFFIC, "Feux")
    folder = tmp_path / "register"
    first = published.publish(found, folder, dossiers=False)
    times = {p: p.stat().st_mtime_ns for p in folder.rglob("*.html")}
    assert published.publish(found, folder, dossiers=False) == first  # nothing changed

    found.record(CHAIR, leaks, OPINION, publish=True)
    second = published.publish(found, folder, dossiers=False)
    assert second["fingerprint"] != first["fingerprint"]
    assert next(r for r in second["rows"] if r["id"] == leaks)["opinion"]["decision"] == \
        "favourable_with_conditions"
    # the project whose row did not change keeps its pages as they were (the proxy's ETag)
    for lang in published.LANGUAGES:
        path = folder / lang / "projets" / f"{lights}.html"
        assert path.stat().st_mtime_ns == times[path]
        assert (folder / lang / "projets" / f"{leaks}.html").stat().st_mtime_ns != \
            times[folder / lang / "projets" / f"{leaks}.html"]
    # submitted again: the project's latest submission replaces its page
    again = found.submit(CHAIR, next(r for r in second["rows"] if r["id"] == leaks)
                         ["entry_id"])
    published.publish(found, folder, dossiers=False)
    assert (folder / "fr" / "projets" / f"{again}.html").exists()
    assert not (folder / "fr" / "projets" / f"{leaks}.html").exists()


def test_a_database_made_again_is_not_taken_for_the_one_it_replaced(tmp_path):
    """The same numbers in a new database (restored, or made again) are another register:
    the submission's and the opinion's times tell them apart."""
    folder = tmp_path / "register"
    for n, (scenario, project) in enumerate([(WATER, "Fuites"), (TRAFFIC, "Feux")]):
        library = open_library(f"sqlite:///{tmp_path / f'library-{n}.sqlite3'}")
        found = Committee(library.engine)
        submit(found, library, scenario, project)
        manifest = published.publish(found, folder, dossiers=False)
        library.engine.dispose()
        assert [r["project"] for r in manifest["rows"]] == [project]
    assert "Feux" in (folder / "en" / "index.html").read_text(encoding="utf-8")


def test_where_the_register_is_published(tmp_path, monkeypatch):
    monkeypatch.delenv(published.DIR_VARIABLE, raising=False)
    assert published.folder_for(f"sqlite:///{tmp_path}/var/library.sqlite3") == \
        tmp_path / "var" / "library-register"
    one = published.folder_for("postgresql+psycopg://balance:secret@db:5432/balance")
    other = published.folder_for("postgresql+psycopg://balance:other@db:5432/balance")
    assert one == other and "secret" not in str(one)  # the password is not part of it
    assert one != published.folder_for("postgresql+psycopg://balance:secret@db:5432/elsewhere")
    monkeypatch.setenv(published.DIR_VARIABLE, str(tmp_path / "shared"))
    assert published.folder_for("sqlite:///x.sqlite3") == tmp_path / "shared"


def _publish_in_a_process(url: str, folder: str) -> None:
    library = open_library(url)
    published.publish(Committee(library.engine), Path(folder), dossiers=False)
    library.engine.dispose()


def test_servers_sharing_the_folder_publish_one_at_a_time(committee, tmp_path):
    found, library = committee
    for n in range(5):
        submit(found, library, dict(WATER, name=f"Scénario {n}"), f"Projet {n}")
    folder = tmp_path / "register"
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_publish_in_a_process,
                               args=(str(library.engine.url), str(folder))) for _ in range(3)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
        assert worker.exitcode == 0
    manifest = published.read_manifest(folder)
    assert len(manifest["rows"]) == 5
    assert all((folder / lang / row["page"]).exists() for row in manifest["rows"]
               for lang in published.LANGUAGES)
    assert not [p for p in folder.rglob(".*") if p.name != ".lock"]


def test_a_dossier_that_cannot_be_made_is_said_and_not_tried_again(committee, tmp_path,
                                                                   monkeypatch):
    from report import dossier

    found, library = committee
    number = submit(found, library, WATER, "Fuites")
    folder = tmp_path / "register"
    published.publish(found, folder, dossiers=False)

    def broken(*args, **kwargs):
        raise dossier.DossierError("Chromium is not installed")

    monkeypatch.setattr(dossier, "build_html", broken)
    assert published.make_dossiers(found, folder) == 2  # French and English, each tried once
    assert published.make_dossiers(found, folder) == 0
    assert "Le dossier n'a pas pu être produit" in page_of(folder, "fr", number)
    assert not list((folder / published.DOSSIERS).glob("*.pdf"))


@pytest.mark.skipif(shutil.which("chromium") is None and os.environ.get("CI") != "true",
                    reason="Chromium is not installed (make test installs it as root)")
def test_the_dossiers_are_written_afterwards_and_the_pages_then_link_to_them(committee,
                                                                             tmp_path,
                                                                             monkeypatch):
    found, library = committee
    number = submit(found, library, WATER, "Fuites")
    found.record(CHAIR, number, OPINION, publish=True)
    folder = tmp_path / "register"
    # with its worker (run here, one dossier, rather than in a thread)
    monkeypatch.setattr(published, "start_dossiers", lambda *args: None)
    published.publish(found, folder, dossiers=True)
    assert "en préparation" in page_of(folder, "fr", number)
    assert published.make_dossiers(found, folder, limit=1) == 1  # French first
    pdf = folder / published.DOSSIERS / f"dossier-{number}-fr.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    assert "Mesurer l'énergie après un an" in text_of(  # the opinion annexed
        folder / published.DOSSIERS / f"dossier-{number}-fr.html")
    assert f'href="../../dossiers/dossier-{number}-fr.pdf"' in page_of(folder, "fr", number)
    assert "being prepared" in page_of(folder, "en", number)
    row = published.read_manifest(folder)["rows"][0]
    assert row["dossiers"] == ["fr"]
    # published again for something else: the dossier made stays linked
    submit(found, library, TRAFFIC, "Feux")
    published.publish(found, folder, dossiers=True)
    assert f"dossier-{number}-fr.pdf" in page_of(folder, "fr", number)


# -- the app's page reads the files ----------------------------------------------------------

def test_the_register_page_reads_the_published_files_not_the_database(monkeypatch, downloads):
    """A visitor's page is read from the files: ``Committee.register`` runs once when what it
    shows changed, never for each visitor."""
    from streamlit.testing.v1 import AppTest

    import streamlit as st

    library = open_library(os.environ["DATABASE_URL"])
    found = Committee(library.engine)
    submit(found, library, WATER, "Fuites")
    calls = []
    real = Committee.register
    monkeypatch.setattr(Committee, "register", lambda self: calls.append(1) or real(self))
    st.cache_resource.clear()
    visitors = []
    for _ in range(3):
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        at.switch_page("pages/register.py").run()
        assert not at.exception, at.exception
        visitors.append(at)
    assert len(calls) == 1
    assert [r for r in visitors[-1].dataframe[0].value["Project"]] == ["Fuites"]
    submit(found, library, TRAFFIC, "Feux")  # another server's act: seen at the next visit
    visitors[0].run()
    assert len(calls) == 2
    assert list(visitors[0].dataframe[0].value["Project"]) == ["Feux", "Fuites"]
    library.engine.dispose()


def test_a_folder_that_cannot_be_written_is_said_on_the_page(monkeypatch, tmp_path):
    from streamlit.testing.v1 import AppTest

    import streamlit as st

    library = open_library(os.environ["DATABASE_URL"])
    submit(Committee(library.engine), library, WATER, "Fuites")
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    monkeypatch.setenv(published.DIR_VARIABLE, str(blocked / "register"))
    st.cache_resource.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.switch_page("pages/register.py").run()
    assert not at.exception, at.exception
    (error,) = [e.value for e in at.error]
    assert "The register could not be published in" in error and r"a\-file" in error
    library.engine.dispose()
