"""The public register published as files: written when what it shows changes (a version
submitted, an opinion published, a new version of the reference data or of the tool), never
computed for a visitor (issue 34).

A folder (``folder_for``: ``APP_REGISTER_DIR``, else beside the SQLite library) holds:

- ``fr/index.html`` and ``en/index.html``: the register's page, one row a project, each
  linking to ``<lang>/projets/<submission>.html`` (the project's version, figures, checklist,
  the committee's opinion in force and the earlier ones, its dossier); ``index.html`` is the
  deployment's language's page. Self-contained HTML (its style inline, no script, nothing
  fetched): the reverse proxy serves them as they are (``deploy/nginx``);
- ``registre-ia.csv`` and ``registre-ia.json``: the open data, the bytes the app's download
  buttons give (``report.committee``);
- ``registre-ia-eurocities-ats-0.3.1.json`` and ``registre-ia-inventaire-etalab.csv``: the
  same register in the words of Eurocities' standard and of Etalab's inventory
  (``report.standards``; a project whose entry lacks a field the standard requires is left
  out of the first, and the manifest's ``ats_left_out`` says which and why);
- ``dossiers/dossier-<submission>-<lang>.pdf`` and ``.html``: each project's dossier with the
  opinion in force annexed, written afterwards by a background worker (a few seconds of
  Chromium each), one at a time, newest first; a project's page says "being prepared" until
  its dossier is there;
- ``manifest.json``, written last: what the folder was made from (``fingerprint``), when, and
  the rows the app's register page shows (no scenario): the app reads it, once per change,
  for every visitor.

Every file is written beside its place and renamed onto it (a reader sees the old file or the
new, never half of one); a lock file makes two servers sharing the folder publish one at a
time (the second finds the work done). Typed text (names, descriptions, the committee's words)
is escaped: shown as text, never as HTML.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import tempfile
import threading
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator

import logging

import jinja2

from calculators import fields, frugality, i18n, refdata, registration, sci
from calculators.evaluate import TOOL_VERSION
from calculators.i18n import N_, tr, tr_n

from . import standards
from .committee import (REGISTER_SCHEMA, REGISTER_VERSION, opinion_words, register_csv,
                        register_json)

_log = logging.getLogger(__name__)
DIR_VARIABLE = "APP_REGISTER_DIR"
LANGUAGES = ("fr", "en")
MANIFEST = "manifest.json"
CSV_FILE = "registre-ia.csv"
JSON_FILE = "registre-ia.json"
DOSSIERS = "dossiers"
# 1: the first layout (issue 34)
FORMAT = 1
ROOT = Path(__file__).resolve().parent.parent
TEMPLATE_DIR = Path(__file__).parent / "templates"
TO_COMPLETE = {"alternative": N_("the non-AI solution studied"),
               "attribution": N_("the AI's share of each benefit")}


def address() -> str:
    """Where the deployment's proxy serves the published register (APP_REGISTER_URL, e.g.
    "/registre" or "https://registre.example.fr"), without its final slash; empty when the
    app gives the files itself."""
    return os.environ.get("APP_REGISTER_URL", "").strip().rstrip("/")


def folder_for(database_url: str) -> Path:
    """Where the register of the library at ``database_url`` is published: ``APP_REGISTER_DIR``
    when set (a deployment shares it between its app servers and its proxy), else beside an
    SQLite file (``var/library.sqlite3`` -> ``var/library-register/``), else a folder of the
    system's temporary files named after the database (its address without the password)."""
    given = os.environ.get(DIR_VARIABLE, "").strip()
    if given:
        return Path(given)
    from sqlalchemy.engine import make_url

    url = make_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        path = Path(url.database)
        return path.with_name(f"{path.stem}-register")
    key = hashlib.sha256(url.render_as_string(hide_password=True).encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"ai-balance-register-{key}"


def read(folder: Path, *parts: str) -> bytes | None:
    """A published file's bytes (``read(folder, DOSSIERS, name)``), or None when it is not
    there (never written, or replaced since the manifest was read)."""
    try:
        return folder.joinpath(*parts).read_bytes()
    except OSError:
        return None


# -- what a publication is made from -------------------------------------------------------

def _code_stamp() -> str:
    """The tool's part of a publication: this module, the standards' (their code and field
    lists), its template and the catalogues (a translation changed is published again)."""
    global _CODE_STAMP
    if _CODE_STAMP is None:
        digest = hashlib.sha256(TOOL_VERSION.encode())
        for path in [Path(__file__), Path(standards.__file__), standards.ATS_SCHEMA_FILE,
                     standards.ETALAB_FIELDS_FILE, *sorted(TEMPLATE_DIR.glob("register*.html")),
                     *(i18n.catalogue_file(lang) for lang in LANGUAGES if lang != "en")]:
            digest.update(path.read_bytes())
        _CODE_STAMP = digest.hexdigest()[:16]
    return _CODE_STAMP


_CODE_STAMP: str | None = None


def fingerprint(committee) -> dict[str, Any]:
    """What the register's files depend on: the last submission and the last published
    opinion (``Committee.register_stamp``: the register only grows), the reference data's
    version, the tool's, and the settings the standards' files read (the register's address,
    the authority's name, area and contact). Two small queries; JSON as the manifest keeps
    it."""
    last_submission, last_opinion = committee.register_stamp()
    return {"format": FORMAT, "code": _code_stamp(), "data_version": refdata.data_version(),
            "submission": [str(v) for v in last_submission],
            "opinion": [str(v) for v in last_opinion],
            # what the standards' files take from the deployment's settings (a setting changed
            # at a restart publishes them again)
            "settings": [address(), *registration.authority().values()]}


def read_manifest(folder: Path) -> dict[str, Any] | None:
    """The folder's manifest, or None when there is none (or it cannot be read: it is then
    written again)."""
    try:
        return json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


# -- writing -------------------------------------------------------------------------------

_PROCESS_LOCK = threading.Lock()


@contextlib.contextmanager
def _locked(folder: Path, name: str = ".lock", wait: bool = True) -> Iterator[bool]:
    """The folder's lock, across threads and processes (``flock``: released by the system
    when a process dies). With ``wait`` False, yields False at once when it is held."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / name, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _write(path: Path, data: bytes) -> None:
    """``data`` at ``path``, replacing the file in one step; unchanged files are left alone
    (their date, the proxy's ETag and the visitors' caches stay)."""
    try:
        if path.read_bytes() == data:
            return
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temporary, 0o644)  # read by the proxy, whoever it runs as
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def publish(committee, folder: Path, *, dossiers: bool = True,
            home_language: str | None = None) -> dict[str, Any]:
    """Write the register's files in ``folder`` if what they show changed since the last
    publication (``fingerprint``), and return the manifest. With ``dossiers``, the dossiers
    missing or out of date are then written by a background worker."""
    with _PROCESS_LOCK, _locked(folder):
        # whether dossiers will come is part of what the pages say ("being prepared" only then)
        stamp = dict(fingerprint(committee), dossiers=bool(dossiers))
        manifest = read_manifest(folder)
        if manifest is None or manifest.get("fingerprint") != stamp:
            manifest = _publish(committee, folder, stamp, manifest,
                                home_language if home_language in LANGUAGES else "fr")
    if dossiers:
        start_dossiers(committee, folder)
    return manifest


def _publish(committee, folder: Path, stamp: dict[str, Any], previous: dict[str, Any] | None,
             home: str) -> dict[str, Any]:
    rows = committee.register()
    generated_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
    _write(folder / CSV_FILE, register_csv(rows))
    _write(folder / JSON_FILE, register_json(rows, generated_at))
    # the same register in the words of two standards (report/standards.py)
    public_address = address()
    ats, left_out = standards.ats_json(rows, home, address=public_address)
    _write(folder / standards.ATS_FILE, ats)
    _write(folder / standards.ETALAB_FILE, standards.etalab_csv(rows, address=public_address))
    made = _dossiers_made(folder)
    summaries = [summary(row, made, coming=stamp["dossiers"]) for row in rows]
    # a project page is written again only when its row changed, or the tool or the data did
    same_code = previous is not None and {k: previous["fingerprint"].get(k) for k in (
        "format", "code", "data_version")} == {k: stamp[k] for k in (
            "format", "code", "data_version")}
    before = {r["id"]: r for r in previous["rows"]} if same_code else {}
    for row in summaries:
        if before.get(row["id"]) != row:
            for lang in LANGUAGES:
                _write(folder / lang / row["page"], project_page(row, lang, generated_at))
    manifest = {"schema": REGISTER_SCHEMA, "schema_version": REGISTER_VERSION,
                "fingerprint": stamp, "generated_at": generated_at, "home_language": home,
                # the projects the Eurocities file leaves out, and the required fields each lacks
                "ats_left_out": left_out, "rows": summaries}
    for lang in LANGUAGES:
        _write(folder / lang / "index.html", index_page(manifest, lang))
    _write(folder / "index.html", index_page(manifest, home, at_root=True))
    _remove_stale(folder, {row["page"] for row in summaries})
    _write(folder / MANIFEST, json.dumps(manifest, ensure_ascii=False).encode("utf-8"))
    return manifest


def _remove_stale(folder: Path, pages: set[str]) -> None:
    """Project pages of submissions no longer in the register (a project submitted again
    shows its latest version)."""
    for lang in LANGUAGES:
        for path in (folder / lang / "projets").glob("*.html"):
            if f"projets/{path.name}" not in pages:
                with contextlib.suppress(OSError):
                    path.unlink()


def summary(row: dict[str, Any], made: dict[str, str] | None = None, *,
            coming: bool = True) -> dict[str, Any]:
    """What the register's pages show of one row of ``Committee.register`` (its scenario left
    out; the labels of what the verdict rests on said in each language), as JSON. ``coming``:
    whether a worker will write the dossiers not made yet (else the page says they are not
    published here, never "being prepared")."""
    out = {k: v for k, v in row.items() if k != "scenario"}
    out["rests_on_words"] = {
        lang: [i18n.text(fields.label(path, row["scenario"])[0], lang)
               for path in row.get("rests_on") or []] for lang in LANGUAGES}
    out["page"] = f"projets/{row['id']}.html"
    out["dossier_coming"] = coming
    key = out["dossier_key"] = dossier_key(out)
    made = made or {}
    # the dossiers written for this key, and those that could not be made (not tried again)
    out["dossiers"] = [lang for lang in LANGUAGES
                       if made.get(dossier_name(row["id"], lang)) == key]
    out["dossier_failed"] = [lang for lang in LANGUAGES
                             if made.get(dossier_name(row["id"], lang)) == f"failed:{key}"]
    return json.loads(json.dumps(out, ensure_ascii=False, default=str))


def watch(committee, folder: Path, every_s: float, *, home_language: str | None = None,
          dossiers: bool = True) -> threading.Thread:
    """A background thread that publishes at once, then every ``every_s`` seconds when what
    the register shows changed (by another server, a script, a new data version at a
    restart): the files the proxy serves follow without a visit of the app. A failure is
    logged and tried again at the next turn."""
    def turn() -> None:
        while True:
            try:
                publish(committee, folder, home_language=home_language, dossiers=dossiers)
            except Exception:  # noqa: BLE001 - logged; the next turn tries again
                _log.warning("the public register could not be published in %s", folder,
                             exc_info=True)
            time.sleep(every_s)

    thread = threading.Thread(target=turn, name="register-publisher", daemon=True)
    thread.start()
    return thread


# -- the pages -----------------------------------------------------------------------------

def _environment() -> jinja2.Environment:
    global _ENVIRONMENT
    if _ENVIRONMENT is None:
        _ENVIRONMENT = jinja2.Environment(
            loader=jinja2.FileSystemLoader(TEMPLATE_DIR), autoescape=True,
            undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    return _ENVIRONMENT


_ENVIRONMENT: jinja2.Environment | None = None


def _when(iso: str | None, lang: str) -> str:
    try:
        return i18n.date_time(datetime.fromisoformat(iso), lang) if iso else ""
    except (TypeError, ValueError):
        return str(iso)


LANGUAGE_NAMES = {"fr": "Français", "en": "English"}  # each in its own language


def _words(lang: str, switch: list[tuple[str, str, str]]) -> dict[str, Any]:
    """The texts every page shares, in ``lang``; ``switch``: (name, code, address) of the
    same page in the other languages."""
    return {
        "lang": lang, "switch": switch, "language_label": tr("Language", lang),
        "statements": tr("Accessibility and ecodesign", lang),
        "title": tr("Public register of AI projects", lang),
        "intro": tr("Every AI project of the authority put before its ethics committee: the "
                    "version submitted, its environmental balance, its frugality answers and "
                    "the committee's opinion, published as given. Readable by anyone; nothing "
                    "else of the library is shown here.", lang),
        "skip": tr("Skip to main content", lang),
    }


def index_page(manifest: dict[str, Any], lang: str, at_root: bool = False) -> bytes:
    """The register's page in ``lang``: the projects in a table, each linking to its page."""
    prefix = f"{lang}/" if at_root else ""
    rows = [{
        "href": prefix + row["page"], "project": row["project"],
        "domain": i18n.capital(i18n.word(i18n.DOMAIN_WORDS, row["domain"], lang)),
        "version": row["version"], "submitted": _when(row["submitted_at"], lang),
        "verdict": i18n.capital(i18n.word(i18n.VERDICT_WORDS, row["verdict"], lang)),
        "net": i18n.tonnes(row["net_kgco2e"], lang),
        "water": "" if row["water_net_l"] is None else i18n.number(
            row["water_net_l"] / 1000, lang, 1),
        "opinion": i18n.word(i18n.DECISION_WORDS, row["opinion"]["decision"], lang)
        if row["opinion"] else tr("awaited", lang)} for row in manifest["rows"]]
    switch = [(LANGUAGE_NAMES[x], x, f"{x}/index.html" if at_root else f"../{x}/index.html")
              for x in LANGUAGES if x != lang]
    html = _environment().get_template("register.html").render(
        page="index", **_words(lang, switch), rows=rows,
        data_root="" if at_root else "../",
        published=tr("Published {when}.", lang, when=_when(manifest["generated_at"], lang)),
        columns=[tr(c, lang) for c in ("Project", "Domain", "Version", "Submitted", "Verdict",
                                       "Net balance (tCO2e)", "Water net (m³)",
                                       "Committee's opinion")],
        count=tr_n("{number} project in the register.", "{number} projects in the register.",
                   lang, count="number", number=len(rows)),
        none=tr("No project has been submitted to the ethics committee yet.", lang),
        csv=tr("Download the register (CSV, open data)", lang),
        json_label=tr("Download the register (JSON)", lang),
        csv_help=tr("UTF-8, comma separated, decimal point: the form open data portals "
                    "expect. Fields: schema {schema}, version {version} (README).", lang,
                    schema=REGISTER_SCHEMA, version=REGISTER_VERSION),
        csv_file=CSV_FILE, json_file=JSON_FILE, ats_file=standards.ATS_FILE,
        etalab_file=standards.ETALAB_FILE,
        ats_label=tr("Eurocities standard 0.3.1 (JSON)", lang),
        etalab_label=tr("Etalab inventory (CSV, French)", lang),
        standards_help=tr("The same register in the words of two standards: Eurocities' "
                          "Algorithmic Transparency Standard 0.3.1 (the environmental balance "
                          "as the extension {extension}; a project whose entry lacks a field "
                          "it requires is left out), and the 19 items of Etalab's inventory "
                          "sheet.", lang, extension=standards.EXTENSION))
    return html.encode("utf-8")


def _rate_sentence(row: dict[str, Any], lang: str) -> str:
    """The carbon per unit served (SCI, consumer boundary), or nothing when not drawn."""
    per_unit = row.get("sci_gco2e_per_unit")
    if per_unit is None:
        return ""
    return tr("Carbon per {what} served (Software Carbon Intensity, ISO/IEC 21031, consumer "
              "boundary): {figure} gCO2e.", lang,
              what=sci.unit_words(row.get("sci_unit") or sci.REQUEST),
              figure=i18n.number(i18n.significant(per_unit), lang))


def project_page(row: dict[str, Any], lang: str, generated_at: str) -> bytes:
    """One project's page in ``lang``: what the app's register shows when it is chosen."""
    opinion = _opinion(row["opinion"], lang) if row["opinion"] else None
    earlier = [(tr("Earlier opinion of {day}", lang, day=i18n.date(
        datetime.fromisoformat(o["session_date"]), lang)), _opinion(o, lang))
        for o in reversed(row["earlier_opinions"])]
    water = row["water_net_l"]
    investment = row.get("investment_eur")
    per_tonne = row.get("cost_eur_per_tco2e")
    html = _environment().get_template("register.html").render(
        page="project", row=row, back_href="../index.html",
        **_words(lang, [(LANGUAGE_NAMES[x], x, f"../../{x}/{row['page']}")
                        for x in LANGUAGES if x != lang]),
        heading=row["project"],
        back=tr("Back to the register", lang),
        scenario=tr("Scenario \"{name}\", version {version}, saved {when}; submitted "
                    "{submitted}; figures as saved, reference data {data}.", lang,
                    name=row["name"], version=row["version"],
                    when=_when(row["saved_at"], lang),
                    submitted=_when(row["submitted_at"], lang), data=row["data_version"]),
        metrics=[(tr("Verdict", lang), i18n.capital(i18n.word(i18n.VERDICT_WORDS,
                                                              row["verdict"], lang))),
                 (tr("Footprint", lang), i18n.kgco2e(row["footprint_kgco2e"], lang)),
                 (tr("Avoided", lang), i18n.kgco2e(row["benefits_kgco2e"], lang)),
                 (tr("Net balance", lang), i18n.kgco2e(row["net_kgco2e"], lang))],
        water=tr("Water: net {water} (saved minus consumed).", lang,
                 water=i18n.amount(water, "L", lang)) if water is not None
        else tr("Water not counted in this version.", lang),
        rate=_rate_sentence(row, lang),
        to_complete=tr("Verdict to be completed: the version does not say {what}.", lang,
                       what=i18n.joined([tr(TO_COMPLETE[c], lang) for c in row["to_complete"]],
                                        lang)) if row.get("to_complete") else "",
        rests_on=tr("The verdict rests on default or assumed values, to be checked in their "
                    "source: {what}.", lang, what=i18n.joined(row["rests_on_words"][lang],
                                                             lang))
        if row["rests_on_words"][lang] else "",
        investment=tr("Investment: {investment}. Net cost per tonne of CO2e avoided: "
                      "{per_tonne}.", lang, investment=i18n.euros(investment, lang),
                      per_tonne=tr("n/a", lang) if per_tonne is None
                      else i18n.euros(per_tonne, lang) + "/tCO2e")
        if investment is not None else "",
        opinion_heading=tr("Committee's opinion", lang), opinion=opinion,
        awaited=tr("The committee's opinion on this version is awaited.", lang),
        earlier=earlier,
        conditions=tr("Conditions:", lang),
        information=tr("Information requested:", lang), reasons=tr("Reasons:", lang),
        taking_part=lambda names: tr("Taking part: {names}", lang, names=names),
        checklist=tr("Frugality checklist (the project's own answers)", lang),
        question=tr("Question", lang), answer=tr("Answer", lang),
        answers=[(i18n.text(q.question, lang),
                  i18n.text(frugality.ANSWER_WORDS[row["frugality"][q.key]], lang))
                 for q in frugality.QUESTIONS],
        dossier_heading=tr("Dossier", lang),
        dossier="made" if lang in row["dossiers"] else "failed" if lang in row.get(
            "dossier_failed", []) else "preparing" if row.get("dossier_coming", True)
        else "off",
        off=tr("This register does not publish the dossiers: ask the authority for one.",
               lang),
        failed=tr("The dossier could not be made: {reason}", lang,
                  reason=tr("ask the authority for it.", lang)),
        dossier_pdf=f"../../{DOSSIERS}/{dossier_name(row['id'], lang)}.pdf",
        dossier_html=f"../../{DOSSIERS}/{dossier_name(row['id'], lang)}.html",
        pdf=tr("Download the dossier (PDF)", lang), html_label=tr("Download the dossier (HTML)",
                                                                 lang),
        preparing=tr("The dossier of this version is being prepared; it will be here in a few "
                     "minutes.", lang),
        published=tr("Published {when}.", lang, when=_when(generated_at, lang)))
    return html.encode("utf-8")


def _opinion(opinion: dict[str, Any], lang: str) -> dict[str, Any]:
    """An opinion's words (``opinion_words``), its session and vote in one sentence."""
    words = opinion_words(opinion, lang)
    words["line"] = tr("{session}; {vote}.", lang, session=words["session"], vote=words["vote"])
    return words


# -- the dossiers --------------------------------------------------------------------------

def dossier_name(submission: int, lang: str) -> str:
    return f"dossier-{submission}-{lang}"


def dossier_key(row: dict[str, Any]) -> str:
    """What a dossier is made from: the submission, the opinion in force and the reference
    data (it is computed with today's data, and says which)."""
    opinion = row["opinion"]["id"] if row.get("opinion") else "none"
    return f"{row['id']}:{opinion}:{refdata.data_version()}"


def _dossiers_made(folder: Path) -> dict[str, str]:
    """The dossiers written, by name: the key each was made from."""
    try:
        return json.loads((folder / DOSSIERS / "index.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


_WORKERS: dict[Path, threading.Thread] = {}


def start_dossiers(committee, folder: Path) -> threading.Thread | None:
    """The background worker that writes the dossiers missing or out of date (the caller
    decides whether there is one: the app's APP_REGISTER_DOSSIERS), unless one runs already
    in this process; another process's worker on the same folder makes it stop at
    once (``make_dossiers``)."""
    key = folder.resolve()
    with _PROCESS_LOCK:
        running = _WORKERS.get(key)
        if running is not None and running.is_alive():
            return None
        worker = threading.Thread(target=_in_the_background, args=(committee, folder),
                                  name="register-dossiers", daemon=True)
        _WORKERS[key] = worker
        worker.start()
    return worker


def _in_the_background(committee, folder: Path) -> None:
    """``make_dossiers`` at a lower priority (this thread, and the Chromium it starts: the
    visitors' pages first), its failure logged."""
    with contextlib.suppress(OSError, AttributeError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)
    try:
        make_dossiers(committee, folder)
    except Exception:  # noqa: BLE001 - logged; the next publication starts it again
        _log.warning("the register's dossiers stopped", exc_info=True)


def make_dossiers(committee, folder: Path, limit: int | None = None) -> int:
    """Write the dossiers the manifest's rows lack (newest submission first; at most
    ``limit``), each followed by its project's pages, which then link to it. Returns how many
    were written; 0 at once when another process is at it."""
    from calculators.scenario import migrate

    from .dossier import build_html, print_pdf

    written = 0
    with _locked(folder, ".dossiers.lock", wait=False) as mine:
        if not mine:
            return 0
        while limit is None or written < limit:
            manifest = read_manifest(folder)
            if manifest is None:
                return written
            todo = [(row, lang) for row in sorted(manifest["rows"], key=lambda r: -r["id"])
                    for lang in LANGUAGES
                    if lang not in row["dossiers"] + row.get("dossier_failed", [])]
            if not todo:
                return written
            row, lang = todo[0]
            scenario = committee.submitted_scenario(row["id"])
            key = row["dossier_key"]
            try:
                document = build_html(
                    migrate(scenario)[0], lang=lang, opinion=row["opinion"],
                    saved={"version": row["version"], "saved_at": row["saved_at"],
                           "project": row["project"], "author": ""})
                pdf = print_pdf(document)
            # noqa: BLE001 - whatever stops one dossier is logged and marks it failed (not
            # tried again for this key): the worker goes on with the others
            except Exception as exc:  # noqa: BLE001
                document, pdf = None, None
                failure = f"{type(exc).__name__}: {exc}"
            name = dossier_name(row["id"], lang)
            if document is not None:
                _write(folder / DOSSIERS / f"{name}.html", document.encode("utf-8"))
                _write(folder / DOSSIERS / f"{name}.pdf", pdf)
            with _PROCESS_LOCK, _locked(folder):
                made = _dossiers_made(folder)
                made[name] = key if document is not None else f"failed:{key}"
                if document is None:
                    _log.warning("register: the dossier %s could not be made: %s", name,
                                 failure)
                _write(folder / DOSSIERS / "index.json",
                       json.dumps(made, indent=0, sort_keys=True).encode("utf-8"))
                _mark_dossier(folder, row["id"], lang, key, document is not None)
            written += 1
    return written


def _mark_dossier(folder: Path, submission: int, lang: str, key: str, made: bool) -> None:
    """The manifest's row of ``submission`` says its dossier in ``lang`` is there (``made``)
    or could not be made (it is not tried again for this key), and its page is written
    again; nothing when the row was published again meanwhile from something else."""
    manifest = read_manifest(folder)
    if manifest is None:
        return
    for row in manifest["rows"]:
        if row["id"] == submission and row["dossier_key"] == key:
            kind = "dossiers" if made else "dossier_failed"
            row[kind] = sorted(set(row.get(kind, [])) | {lang})
            _write(folder / lang / row["page"], project_page(row, lang,
                                                             manifest["generated_at"]))
            _write(folder / MANIFEST, json.dumps(manifest, ensure_ascii=False).encode("utf-8"))
