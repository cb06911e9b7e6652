"""Projects elsewhere: the public registers other authorities publish, read into one form, and
which of their projects resemble the one being edited.

The convention asks the authority to check whether a project was not deployed elsewhere
before developing it, to pool projects and learn from others. This module reads a register
file (``read``) in any of the forms the tool itself publishes:

- Eurocities' Algorithmic Transparency Standard 0.3.1 (JSON: a list of registrations, or one),
  with this tool's balance when its extension ``x-environmental-balance`` is there;
- this tool's own register (JSON ``ai-environmental-balance-register``, or its CSV);
- Etalab's inventory (CSV, its items as column names, and the balance's columns when there).

Whatever the form, a project becomes one ``Project`` record (``FIELDS``). A file is read
whole or refused with a message naming what is wrong (``RegisterFileError``); a project
without a name is skipped and said (``Read.skipped``). Nothing is fetched: a file is given.

**Similarity** (``similar``) is a weighted mean of what both sides say, each from 0 to 1:

- the words (weight 0.5): the cosine of the two texts' word weights (name, summary, goals,
  explanation; accents and case folded, short and common words left out; each word weighed by
  how rare it is among the projects compared, smoothed TF-IDF: ``(1 + ln count) * (1 +
  ln((1 + texts) / (1 + texts with it)))``);
- the domain (0.2): 1 when both name the same of the Eurocities standard's 21 domains, else 0;
  when one side has no such domain, this tool's own (climate or other public interest) stands
  for it, at half weight;
- the kind of algorithm (0.1): self-learning, rule-based or hybrid, the same or not;
- the use (0.1): descriptive, diagnostic, predictive or prescriptive, the same or not;
- the scale (0.1): the footprint a year, 1 when equal, falling to 0 at a ratio of 100
  (``1 - |log10(a / b)| / 2``).

A criterion one side does not say is left out of the mean (its weight with it); the words
always count. A project is **similar** when its score reaches ``SIMILAR_FROM`` (0.3) and the
texts share words (their word similarity at least ``WORDS_AT_LEAST``, 0.1): codes alone (the
same domain, algorithm, use and size) never make two projects similar. Words are compared as
written: a French text and an English one about the same thing share few words (the codes of
the domain, the algorithm and the use do not depend on the language).
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from .i18n import Message, msg

MAX_FILE_BYTES = 5_000_000
MAX_PROJECTS = 2000
MAX_TEXT_CHARS = 10_000  # characters kept of a text (the standard's longest field)
SIMILAR_FROM = 0.3
WORDS_AT_LEAST = 0.1
WEIGHTS = {"words": 0.5, "domain": 0.2, "algorithm_type": 0.1, "type": 0.1, "scale": 0.1}
OWN_SCHEMA = "ai-environmental-balance-register"
ATS_EXTENSION = "x-environmental-balance"

# what a project elsewhere holds, whatever its file's form (None: not said)
TEXT_FIELDS = ("name", "authority", "area", "summary", "goal", "description", "methods",
               "status", "domain", "own_domain", "algorithm_type", "type", "verdict",
               "opinion", "opinion_date", "website", "contact", "sci_unit",
               "shareable_equipment")
NUMBER_FIELDS = ("horizon_years", "footprint_kgco2e", "benefits_kgco2e", "net_kgco2e",
                 "water_net_l", "sci_gco2e_per_unit", "decisions_per_year")


class RegisterFileError(ValueError):
    """A register file that cannot be read, and why (a message for people)."""

    def __init__(self, message: Message):
        super().__init__(str(message))
        self.message = message


class Read(NamedTuple):
    standard: str                      # ats-0.3.1, own-json, own-csv, etalab-csv
    projects: list[dict[str, Any]]     # one record a project (TEXT_FIELDS, NUMBER_FIELDS)
    skipped: list[Message]             # what was left out, and why
    authority: str                     # the file's authority, when its projects agree


# -- reading a file --------------------------------------------------------------------------

def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [k for k, _ in pairs]
    doubled = sorted({k for k in keys if keys.count(k) > 1})
    if doubled:
        raise RegisterFileError(msg("the key {key} is given twice in one object",
                                    key=json.dumps(doubled[0])[:80]))
    return dict(pairs)


def _no_constant(name: str) -> Any:
    raise RegisterFileError(msg("{value} is not a number JSON allows", value=name))


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    text = str(value).replace("\x00", "").strip()
    # a lone surrogate (from a JSON escape) cannot be shown nor stored
    text = text.encode("utf-8", "replace").decode("utf-8")
    return text[:MAX_TEXT_CHARS] or None


def _number(value: Any) -> float | None:
    """A figure of another register: a JSON number, or a text written the French way
    (1 234,5) or the English way (1,234.5 or 1234.5); None when it is none of them (a cell
    left empty rather than a figure misread)."""
    if isinstance(value, bool) or value in (None, ""):
        return None
    if isinstance(value, str):
        text = re.sub(r"[\s\u00a0\u202f]", "", value)
        if "," in text and "." in text:  # the last mark is the decimal one
            text = (text.replace(".", "").replace(",", ".") if text.rfind(",") > text.rfind(".")
                    else text.replace(",", ""))
        elif text.count(",") == 1:
            text = text.replace(",", ".")  # 1,5 or 1234,5: a decimal comma
        elif text.count(",") > 1 or text.count(".") > 1:  # 1,234,567 or 1.234.567
            text = text.replace(",", "").replace(".", "")
        value = text
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) and abs(number) < 1e15 else None


def _record(**given: Any) -> dict[str, Any]:
    out: dict[str, Any] = {k: _text(given.get(k)) for k in TEXT_FIELDS}
    out.update({k: _number(given.get(k)) for k in NUMBER_FIELDS})
    for key in ("horizon_years", "footprint_kgco2e", "benefits_kgco2e"):
        if out[key] is not None and out[key] < 0:
            out[key] = None  # no negative footprint: not used rather than misread
    if out["horizon_years"] == 0:
        out["horizon_years"] = None
    return out


def _from_own(record: Mapping[str, Any], balance: bool = True) -> dict[str, Any]:
    """The figures of this tool's own register record (its JSON, its CSV or the extension)."""
    if not balance:
        return {}
    return {"own_domain": record.get("domain"), "verdict": record.get("verdict"),
            "horizon_years": record.get("horizon_years"),
            "footprint_kgco2e": record.get("footprint_kgco2e"),
            "benefits_kgco2e": record.get("benefits_kgco2e"),
            "net_kgco2e": record.get("net_kgco2e"), "water_net_l": record.get("water_net_l"),
            "sci_gco2e_per_unit": record.get("sci_gco2e_per_unit"),
            "sci_unit": record.get("sci_unit"), "opinion": record.get("opinion_decision"),
            "shareable_equipment": record.get("shareable_equipment"),
            "opinion_date": record.get("opinion_session_date")}


def _from_ats(entry: Mapping[str, Any]) -> dict[str, Any]:
    extension = entry.get(ATS_EXTENSION)
    own = _from_own(extension) if isinstance(extension, Mapping) else {}
    return _record(name=entry.get("name"), authority=entry.get("organization"),
                   area=entry.get("area"), summary=entry.get("description_short"),
                   goal=entry.get("goal"), description=entry.get("description"),
                   methods=entry.get("methods_and_models"), status=entry.get("status"),
                   domain=entry.get("domain"), algorithm_type=entry.get("algorithm_type"),
                   type=entry.get("type"), website=entry.get("website"),
                   contact=entry.get("contact_email"), **own)


def _from_own_record(entry: Mapping[str, Any], authority: str = "") -> dict[str, Any]:
    return _record(name=entry.get("project"), authority=authority or None,
                   description=entry.get("description"), **_from_own(entry))


ETALAB_NAME = "Nom de l'algorithme"
_ETALAB = {"Nom de l'administration concernée": "authority", ETALAB_NAME: "name",
           "Contexte global": "description", "Finalité de l'algorithme": "goal",
           "Opérations effectuées par l'algorithme": "methods",
           "Nombre de décisions administratives prises par an": "decisions_per_year",
           "Ressources connexes": "website",
           "Bilan environnemental : durée (années)": "horizon_years",
           "Bilan environnemental : empreinte (kgCO2e)": "footprint_kgco2e",
           "Bilan environnemental : émissions évitées (kgCO2e)": "benefits_kgco2e",
           "Bilan environnemental : bilan net (kgCO2e)": "net_kgco2e"}
_ETALAB_TYPES = {"système de règles": "rule-based", "apprentissage machine": "self-learning",
                 "système de règles et apprentissage machine": "hybrid"}


def _decoded(data: bytes) -> str:
    if len(data) > MAX_FILE_BYTES:
        raise RegisterFileError(msg("the file is {size} MB; at most {limit} MB is read",
                                    size=round(len(data) / 1e6, 1), limit=MAX_FILE_BYTES // 1e6))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RegisterFileError(msg(
            "the file is not UTF-8 text (byte {position} cannot be read): save it as UTF-8 "
            "and give it again", position=exc.start + 1)) from None


def read(data: bytes, file_name: str = "") -> Read:
    """A register file's projects, whichever of the forms above it has; RegisterFileError
    (its ``message`` for people) when it is none of them or cannot be read."""
    text = _decoded(data)
    stripped = text.lstrip()
    if not stripped:
        raise RegisterFileError(msg("the file is empty"))
    if stripped[0] in "[{" or file_name.lower().endswith(".json"):
        try:
            document = json.loads(text, object_pairs_hook=_no_duplicates,
                                  parse_constant=_no_constant)
        except RecursionError:
            raise RegisterFileError(msg("the file nests too deep to be a register")) from None
        except json.JSONDecodeError as exc:
            raise RegisterFileError(msg("the file is not valid JSON (line {line}, column "
                                        "{column})", line=exc.lineno,
                                        column=exc.colno)) from None
        return _read_json(document)
    return _read_csv(text)


def _limited(items: list[Any]) -> list[Any]:
    if len(items) > MAX_PROJECTS:
        raise RegisterFileError(msg("the file lists {count} projects; at most {limit} are read",
                                    count=len(items), limit=MAX_PROJECTS))
    return items


def _read_json(document: Any) -> Read:
    if isinstance(document, Mapping) and document.get("schema") == OWN_SCHEMA:
        items = document.get("projects")
        if not isinstance(items, list):
            raise RegisterFileError(msg("this tool's register has no list of projects"))
        return _finish("own-json", [(_from_own_record(e) if isinstance(e, Mapping) else None)
                                    for e in _limited(items)])
    if isinstance(document, Mapping) and "standard_version" in document:
        document = [document]
    if isinstance(document, list):
        return _finish("ats-0.3.1", [(_from_ats(e) if isinstance(e, Mapping) else None)
                                     for e in _limited(document)])
    raise RegisterFileError(msg(
        "this JSON is no register the tool reads: a list of Eurocities registrations (standard "
        "0.3.1), one registration, or this tool's own register was expected"))


def _read_csv(text: str) -> Read:
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        header = next(csv.reader(io.StringIO(text), dialect=dialect), [])
        if len(set(header)) != len(header):
            raise RegisterFileError(msg("the CSV file's header names a column twice"))
        rows = list(csv.DictReader(io.StringIO(text), dialect=dialect))
    except csv.Error as exc:
        raise RegisterFileError(msg("the CSV file cannot be read: {reason}",
                                    reason=str(exc)[:120])) from None
    if not rows:
        raise RegisterFileError(msg("the CSV file has no project under its header"))
    _limited(rows)
    if ETALAB_NAME in header:
        records = []
        for row in rows:
            given = {field: row.get(column) for column, field in _ETALAB.items()}
            kind = (row.get("Type d'algorithme") or "").strip().lower()
            given["algorithm_type"] = _ETALAB_TYPES.get(kind)
            records.append(_record(**given))
        return _finish("etalab-csv", records)
    if "project" in header and "net_kgco2e" in header:
        return _finish("own-csv", [_from_own_record(row) for row in rows])
    raise RegisterFileError(msg(
        "this CSV is no register the tool reads: Etalab's inventory (a column \"{etalab}\") or "
        "this tool's own register (columns project and net_kgco2e) was expected",
        etalab=ETALAB_NAME))


def _finish(standard: str, records: Sequence[dict[str, Any] | None]) -> Read:
    kept, skipped = [], []
    for number, record in enumerate(records, 1):
        if record is None or not record["name"]:
            skipped.append(msg("project {number}: it has no name; left out", number=number))
            continue
        kept.append(record)
    if not kept:
        raise RegisterFileError(msg("the file holds no project with a name"))
    authorities = {r["authority"] for r in kept if r["authority"]}
    return Read(standard, kept, skipped, authorities.pop() if len(authorities) == 1 else "")


EXAMPLES_DIR = Path(__file__).resolve().parent.parent / "examples" / "registers"


def example_files() -> list[tuple[str, bytes]]:
    """The fictional authorities' registers shipped with the tool (``examples/registers/``),
    as (file name, bytes): to try the Projects elsewhere page."""
    return [(p.name, p.read_bytes()) for p in sorted(EXAMPLES_DIR.glob("*.json"))]


# -- similarity ------------------------------------------------------------------------------

# common words of both languages, left out of the comparison of texts
_COMMON = set("""
the and for with from that this are was were which who what when where how its their into
over under than then also each per not but all any can may will would one two use used using
les des une pour par avec sur dans aux est sont qui que quoi dont plus moins son ses leur leurs
ces cette mais pas tout tous toute toutes elle elles ils nous vous etre avoir fait faire comme
entre sans sous chez donc car afin ainsi
""".split())


def words(text: str | None) -> list[str]:
    """The words a text is compared by: lower case, accents folded, three letters or more,
    common words left out, a final s or x dropped (a plural)."""
    if not text:
        return []
    folded = unicodedata.normalize("NFKD", text.lower())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    out = []
    for word in re.findall(r"[a-z0-9]{3,}", folded):
        if word in _COMMON:
            continue
        out.append(word[:-1] if len(word) > 4 and word[-1] in "sx" else word)
    return out


def text_of(record: Mapping[str, Any]) -> str:
    return " ".join(str(record.get(k) or "") for k in ("name", "summary", "goal",
                                                        "description", "methods"))


def _vectors(texts: list[list[str]]) -> list[dict[str, float]]:
    documents = len(texts)
    seen = Counter(w for t in texts for w in set(t))
    out = []
    for text in texts:
        counts = Counter(text)
        # smoothed: a word every text has still counts (1), a rare one up to 1 + ln(n / 2)
        vector = {w: (1 + math.log(n)) * (1 + math.log((1 + documents) / (1 + seen[w])))
                  for w, n in counts.items()}
        norm = math.sqrt(sum(v * v for v in vector.values()))
        out.append({w: v / norm for w, v in vector.items()} if norm else {})
    return out


def _cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    return sum(v * b.get(w, 0.0) for w, v in a.items())


def footprint_kgco2e_per_year(record: Mapping[str, Any]) -> float | None:
    footprint, years = record.get("footprint_kgco2e"), record.get("horizon_years")
    if footprint is None or not years:
        return None
    return footprint / years


def scale_similarity(a: float | None, b: float | None) -> float | None:
    """1 at the same yearly footprint (``a`` and ``b`` in kgCO2e/year), 0 from a ratio of
    100; None when one is not known."""
    if a is None or b is None:
        return None
    if a <= 0 or b <= 0:
        return 1.0 if a == b else 0.0
    return max(0.0, 1 - abs(math.log10(a / b)) / 2)


def _same(a: Any, b: Any) -> float | None:
    return None if not a or not b else float(a == b)


class Match(NamedTuple):
    score: float                 # 0 to 1
    project: dict[str, Any]      # the record elsewhere
    parts: dict[str, float]      # each criterion counted, from 0 to 1
    position: int                # its place in the list given


def similar(current: Mapping[str, Any], others: list[dict[str, Any]]) -> list[Match]:
    """Every project of ``others`` with its similarity to ``current`` (a record of the same
    form), the most similar first (ties in the order given)."""
    vectors = _vectors([words(text_of(current))] + [words(text_of(o)) for o in others])
    mine = vectors[0]
    scale = footprint_kgco2e_per_year(current)
    out = []
    for position, (other, vector) in enumerate(zip(others, vectors[1:], strict=True)):
        parts: dict[str, float] = {"words": _cosine(mine, vector)}
        weights = {"words": WEIGHTS["words"]}
        domain = _same(current.get("domain"), other.get("domain"))
        if domain is not None:
            parts["domain"], weights["domain"] = domain, WEIGHTS["domain"]
        else:
            own = _same(current.get("own_domain"), other.get("own_domain"))
            if own is not None:
                parts["domain"], weights["domain"] = own, WEIGHTS["domain"] / 2
        for key in ("algorithm_type", "type"):
            same = _same(current.get(key), other.get(key))
            if same is not None:
                parts[key], weights[key] = same, WEIGHTS[key]
        size = scale_similarity(scale, footprint_kgco2e_per_year(other))
        if size is not None:
            parts["scale"], weights["scale"] = size, WEIGHTS["scale"]
        score = sum(parts[k] * weights[k] for k in parts) / sum(weights.values())
        out.append(Match(round(min(1.0, max(0.0, score)), 6), other, parts, position))
    return sorted(out, key=lambda m: (-m.score, m.position))


def is_similar(match: Match) -> bool:
    """Counted as similar: the score reaches ``SIMILAR_FROM`` with words in common."""
    return match.score >= SIMILAR_FROM and match.parts["words"] >= WORDS_AT_LEAST


def found(matches: Iterable[Match]) -> list[Match]:
    """The matches counted as similar, the most similar first."""
    return [m for m in matches if is_similar(m)]


def of_scenario(scenario: Mapping[str, Any], result: Mapping[str, Any] | None = None
                ) -> dict[str, Any]:
    """The scenario being edited as a record to compare: its words, its register entry's
    codes, its own domain and, with its result, its footprint and horizon."""
    entry = scenario.get("registration") or {}
    result = result or {}
    footprint = result.get("footprint_kgco2e")
    return _record(name=scenario.get("name"), summary=entry.get("description_short"),
                   goal=entry.get("goal"),
                   description=" ".join(str(x) for x in (scenario.get("description"),
                                                         entry.get("description")) if x),
                   methods=entry.get("methods_and_models"), domain=entry.get("domain"),
                   own_domain=scenario.get("domain"),
                   algorithm_type=entry.get("algorithm_type"), type=entry.get("type"),
                   horizon_years=scenario.get("horizon_years"),
                   footprint_kgco2e=footprint.get("total") if isinstance(footprint, Mapping)
                   else footprint, benefits_kgco2e=result.get("benefits_kgco2e"),
                   net_kgco2e=result.get("net_kgco2e"), verdict=result.get("verdict"))
