"""CSV summary of a result, for French Excel or international tools.

Layout: a header block (scenario name, date, verdict, data version, tool version), a blank line,
then the tidy table of ``table.result_rows`` (line items, then the inputs with their status and
source). French format: ``;`` separator, decimal comma; international: ``,``, decimal point;
both UTF-8 with a byte order mark, which is what Excel needs to show accents right. Figures are at a
meaningful precision in the unit the screen shows (``i18n.figure``: tonnes from one tonne up).

Text cells that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``,
tab or carriage return) are prefixed with ``'`` (OWASP CSV injection guidance); numbers stay
numbers.
"""

from __future__ import annotations

import csv
import io
import math
from datetime import date
from decimal import Decimal
from typing import Any

from calculators import i18n

from . import table
from .table import COLUMNS, result_rows

FORMATS = {"fr": {"sep": ";", "decimal": ",", "encoding": "utf-8-sig"},
           "intl": {"sep": ",", "decimal": ".", "encoding": "utf-8-sig"}}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


# Invisible characters that change the order in which a cell is displayed (Unicode's
# directional embeddings, overrides and isolates, and marks): "Trojan source" text that shows
# one thing and holds another. A cell of the summary says what it holds: they are removed.
BIDI_CONTROLS = dict.fromkeys(map(ord, "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                                        "\u2066\u2067\u2068\u2069"))


def neutralise(text: str) -> str:
    """A text cell safe to open in a spreadsheet: no formula, no direction override."""
    text = text.translate(BIDI_CONTROLS)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _cell(value: Any, decimal: str, lang: str = "en") -> str:
    if value is None:
        return ""
    if isinstance(value, bool):  # a word of the file's language, not "true" or "false"
        return i18n.tr("yes" if value else "no", lang)
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            return ""
        # every digit, never an exponent (8.79e-08 is text to a French spreadsheet)
        text = f"{Decimal(repr(float(value))):f}" if isinstance(value, float) else str(value)
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        text = "0" if text in ("-0", "") else text
        return text.replace(".", decimal) if decimal != "." else text
    if isinstance(value, i18n.Message):
        return neutralise(i18n.text(value, lang))
    return neutralise(str(value))


def _writer(fmt: str) -> tuple[Any, io.StringIO, dict[str, str]]:
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}; got {fmt!r}")
    spec = FORMATS[fmt]
    buffer = io.StringIO()
    return csv.writer(buffer, delimiter=spec["sep"], lineterminator="\r\n"), buffer, spec


def table_csv(header: list[tuple[str, Any]], columns: list[str], rows: list[list[Any]],
              fmt: str = "fr", lang: str = "en") -> bytes:
    """A CSV of a header block (label, value), a blank line, then a table: the layout of the
    summary, for the comparison and the portfolio; yes and no in ``lang``."""
    writer, buffer, spec = _writer(fmt)
    for key, value in header:
        writer.writerow([_cell(key, spec["decimal"], lang), _cell(value, spec["decimal"], lang)])
    writer.writerow([])
    writer.writerow([_cell(c, spec["decimal"], lang) for c in columns])
    for row in rows:
        writer.writerow([_cell(v, spec["decimal"], lang) for v in row])
    return buffer.getvalue().encode(spec["encoding"])


def csv_summary(result: dict[str, Any], fmt: str = "fr", on: date | None = None,
                lang: str = "en") -> bytes:
    """The CSV summary of ``result`` (from ``evaluate``) as bytes in format ``fmt``, its
    words (headers, items, statuses, reasons) in ``lang``."""
    writer, buffer, spec = _writer(fmt)

    def tr(english: str) -> str:
        return i18n.tr(english, lang)
    header = [
        (tr("Scenario"), result["name"]),
        (tr("Domain"), i18n.word(i18n.DOMAIN_WORDS, result["domain"], lang)),
        (tr("Horizon"), i18n.duration(result["horizon_years"], lang)),
        (tr("Verdict"), i18n.word(i18n.VERDICT_WORDS, result["verdict"], lang)),
        (tr("Ethics committee review required"),
         tr("yes" if result["committee_review_required"] else "no")),
        (tr("Rule applied"), i18n.text(result["rule"], lang)),
        (tr("Date"), i18n.date(on or date.today(), lang)),
        (tr("Data version"), result["data_version"]),
        (tr("Tool version"), result["tool_version"]),
    ]
    for key, value in header:
        writer.writerow([_cell(key, spec["decimal"], lang), _cell(value, spec["decimal"], lang)])
    for item in result["rests_on"]:
        writer.writerow([tr("Rests on"), _cell(i18n.text(item["text"], lang), spec["decimal"])])
    for item in result["to_complete"]:
        writer.writerow([tr("To be completed"), _cell(i18n.text(item["text"], lang),
                                                      spec["decimal"])])
    for reason in result["reasons"]:
        writer.writerow([tr("Reason"), _cell(i18n.text(reason, lang), spec["decimal"])])
    for warning in result["warnings"]:
        writer.writerow([tr("Warning"), _cell(i18n.text(warning, lang), spec["decimal"])])
    writer.writerow([])
    rows = table.shown_rows(result_rows(result), lang, as_text=False)
    columns = [c for c in rows[0] if c != "_section"] if rows else list(COLUMNS)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row[c], spec["decimal"], lang) for c in columns])
    return buffer.getvalue().encode(spec["encoding"])

