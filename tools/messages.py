"""The French catalogue, kept in step with the code: ``python -m tools.messages update`` (or
``make messages``) extracts every text the tool shows into ``locale/messages.pot`` and merges it
into ``locale/fr/LC_MESSAGES/messages.po`` with Babel (translations kept, new texts left empty,
texts nothing uses any more dropped); ``check`` says what is missing or wrong and exits 1.

What is extracted, and why not by ``pybabel extract`` alone: the texts given to the translating
functions (found by ``tools/i18n_scan.py``, which also reads ``N_`` and the plural-taking
functions), the calculators' coded sentences (``i18n.CATALOGUE``: the code becomes the entry's
context, msgctxt) and the words of ``data/`` people read (labels, notes, sources we wrote):
Babel's extractor sees literal arguments only, not codes nor CSV files.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from calculators import i18n, refdata
from calculators.i18n import CATALOGUE, placeholders

from . import i18n_scan

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted([*(ROOT / "calculators").rglob("*.py"), *(ROOT / "ui").glob("*.py"),
                  *(ROOT / "pages").glob("*.py"), *(ROOT / "report").glob("*.py"),
                  *(ROOT / "store").glob("*.py"), *(ROOT / "cli").glob("*.py"),
                  ROOT / "app.py"])
TEMPLATE = ROOT / "locale" / "messages.pot"
WIDTH = 100


def data_texts() -> list[str]:
    """The words of data/ people read: every label, every note, the sources we wrote ourselves
    (assumptions, derivations) and where each figure was checked; a published source is cited
    as published."""
    out = []
    for file_name in refdata.FACTOR_FILES:
        for f in refdata.factors(file_name).values():
            out += [str(f.label)] + ([str(f.notes)] if f.notes else []) + (
                [f.source] if f.status not in ("published", "declared") else []) + (
                [f.checked_where] if f.checked_where else [])
    return out


def _flags(english: str) -> list[str]:
    # str.format templates: msgfmt --check-format compares their {names}; never "python-format"
    # (Babel would guess it from a "30 % of" in a sentence)
    return ["python-brace-format"] if placeholders(english) or "{{" in english else []


def extract() -> Catalog:
    """Every text the tool shows, as a catalogue template (no translations)."""
    template = Catalog(project="ai-balance", version="0.1.0", fuzzy=False)
    for code, english in CATALOGUE.items():
        template.add(english, context=code, flags=_flags(english),
                     locations=[("calculators/i18n.py", 0)])
    plurals = i18n_scan.plural_texts(SOURCES)
    for english, where in sorted(i18n_scan.translated_texts(SOURCES).items()):
        if english in CATALOGUE:  # a code: its entry is above
            continue
        message_id = (english, plurals[english]) if english in plurals else english
        template.add(message_id, flags=_flags(english),
                     locations=[(w.rsplit(":", 1)[0].removeprefix(f"{ROOT}/"),
                                 int(w.rsplit(":", 1)[1])) for w in where])
    for english in sorted(set(data_texts())):
        if (english, None) not in {(m.id if isinstance(m.id, str) else m.id[0], m.context)
                                   for m in template}:
            template.add(english, flags=_flags(english), locations=[("data/", 0)])
    for entry in template:
        entry.flags.discard("python-format")
    return template


def read(lang: str = "fr") -> Catalog:
    with i18n.catalogue_file(lang).open("rb") as handle:
        return read_po(handle, locale=lang)


def _write(catalog: Catalog, path: Path, **options) -> None:
    for entry in catalog:
        entry.flags.discard("python-format")
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=WIDTH, sort_by_file=False, **options)
    path.write_bytes(buffer.getvalue())


def update(lang: str = "fr") -> Catalog:
    """Merge the extracted texts into ``lang``'s catalogue and write both files."""
    template = extract()
    _write(template, TEMPLATE, omit_header=False)
    catalog = read(lang)
    catalog.update(template, no_fuzzy_matching=True)
    catalog.obsolete.clear()
    _write(catalog, i18n.catalogue_file(lang), include_previous=False)
    return catalog


def problems(lang: str = "fr") -> list[str]:
    """What a reader of ``lang`` would meet: a text with no translation, a translation whose
    {names} differ from its English, an entry nothing uses any more."""
    wanted = {(m.context, m.id if isinstance(m.id, str) else m.id[0]): m for m in extract()
              if m.id}
    have = {(m.context, m.id if isinstance(m.id, str) else m.id[0]): m for m in read(lang)
            if m.id}
    out = []
    for key, entry in wanted.items():
        found = have.get(key)
        shown = key[0] or key[1]
        if found is None or not found.string or (isinstance(found.string, tuple)
                                                 and not all(found.string)):
            out.append(f"no translation: {shown!r}")
        elif found.fuzzy:
            out.append(f"fuzzy (to review): {shown!r}")
        elif isinstance(entry.id, tuple) != isinstance(found.id, tuple):
            out.append(f"plural forms missing or extra: {shown!r}")
        else:
            english = entry.id if isinstance(entry.id, tuple) else (entry.id,)
            strings = found.string if isinstance(found.string, tuple) else (found.string,)
            if any(placeholders(s) != placeholders(english[0]) for s in strings):
                out.append(f"placeholders differ from the English: {shown!r}")
    out += [f"not used any more: {(key[0] or key[1])!r}" for key in have if key not in wanted]
    return out


def main(argv: list[str] | None = None) -> int:
    command = (argv if argv is not None else sys.argv[1:] or ["check"])[0]
    if command == "update":
        catalog = update()
        print(f"{i18n.catalogue_file('fr').relative_to(ROOT)}: {len(catalog)} entries")
    found = problems()
    for line in found:
        print(line)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
