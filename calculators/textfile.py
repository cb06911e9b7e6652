"""The text of a file a person uploads (a scenario, a CodeCarbon CSV), whatever their editor
saved it as: UTF-8 with or without its byte order mark; UTF-16 or UTF-32 (Windows Notepad's
and Excel's "Unicode"), told by their byte order mark or by the zero bytes around the first
characters (the rule of RFC 8259, section 8.1, as the standard library's
``json.detect_encoding`` applies it: it holds for any text that starts with two ASCII
characters); else Windows-1252, as a French spreadsheet may save it."""

from __future__ import annotations

import json


def decode(data: bytes) -> str | None:
    """The text of ``data``, without a byte order mark; None when no encoding above reads it
    (bytes such as 0x81 are undefined in Windows-1252 too)."""
    detected = json.detect_encoding(data)
    wide = (detected,) if detected.startswith(("utf-16", "utf-32")) else ()
    for encoding in (*wide, "utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding).lstrip("\ufeff")
        except UnicodeDecodeError:
            continue
    return None
