"""Reads the app's source for the texts it shows (tools/messages.py extracts them into the
catalogue, tests/test_i18n.py checks them): the English texts given to the translation
functions, and any literal that looks like words for people but is given to no translation
function."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# the functions that take an English text (an entry of locale/fr/LC_MESSAGES/messages.po)
# first; N_ marks a text translated later, where it is shown (gettext's "noop")
TRANSLATING = {"t", "tr", "tl", "msg", "N_"}  # tl: t in a language given (dossier)
# the functions that take a singular and a plural (gettext's ngettext)
PLURAL = {"msg_n", "tr_n", "t_n"}
# keyword arguments that never reach a person's eyes
SILENT_KEYWORDS = {"key", "icon", "mime", "file_name", "format", "type", "language", "width",
                   "height", "selection_mode", "position", "url_path", "page_icon", "layout",
                   "vertical_alignment", "label_visibility", "display_text", "encoding",
                   "errors", "orient", "how", "axis", "sep", "newline", "mode", "textposition",
                   "hovermode", "barmode", "orientation", "xanchor", "yanchor", "anchor",
                   "color", "marker_color", "fillcolor", "line_color", "dash",
                   "selector", "font_family", "separators"}
# keyword arguments whose every word is read by people
SHOWN_KEYWORDS = {"placeholder", "help", "label", "title", "caption", "text", "name",
                  "title_text", "value"}
# a line's comment that says its words need no catalogue
MARKS = ("# not shown", "# same in both languages")
KEY_TAKING = {"get", "pop", "index", "setdefault", "startswith", "endswith", "removeprefix",
              "split", "partition", "replace", "strip", "getattr", "isin", "query_params"}
WORDS = re.compile(r"[A-Za-z]{2,}[,.:;!?']* +[A-Za-z(]{2,}|^[A-Z][a-z]{2,}")


def _called_name(node: ast.Call) -> str | None:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef)):
            body = getattr(node, "body", [])
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                ids.add(id(body[0].value))
    return ids


def _plural_call(node: ast.AST) -> tuple[str, str] | None:
    """(singular, plural) of a call to a plural-taking function with literal texts."""
    if isinstance(node, ast.Call) and _called_name(node) in PLURAL and len(node.args) >= 2 \
            and all(isinstance(a, ast.Constant) and isinstance(a.value, str)
                    for a in node.args[:2]):
        return node.args[0].value, node.args[1].value
    return None


def translated_texts(paths) -> dict[str, list[str]]:
    """English text -> where it is given to a translating function (literal first argument)."""
    found: dict[str, list[str]] = {}
    for path in paths:
        tree = ast.parse(Path(path).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            forms = _plural_call(node)
            if forms:
                found.setdefault(forms[0], []).append(f"{path}:{node.lineno}")
            if isinstance(node, ast.Call) and _called_name(node) in TRANSLATING and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    found.setdefault(first.value, []).append(f"{path}:{node.lineno}")
    return found


def untranslated_literals(paths) -> list[str]:
    """Literals that read like words for people and reach no translating function."""
    out = []
    for path in paths:
        source = Path(path).read_text(encoding="utf-8")
        tree = ast.parse(source)
        skip = _docstrings(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name = _called_name(node)
                if name in KEY_TAKING:  # d.get("key", "default"): keys and values, not texts
                    for arg in node.args:
                        for sub in ast.walk(arg):
                            skip.add(id(sub))
                if name in TRANSLATING or name in PLURAL:
                    for arg in node.args[:2 if name in PLURAL else 1]:
                        for sub in ast.walk(arg):
                            skip.add(id(sub))
                for keyword in node.keywords:
                    if keyword.arg in SILENT_KEYWORDS:
                        for sub in ast.walk(keyword.value):
                            skip.add(id(sub))
            if isinstance(node, ast.Subscript):  # d["key"]: a key, not a text
                for sub in ast.walk(node.slice):
                    skip.add(id(sub))
            if isinstance(node, ast.Compare):  # x == "value"
                for sub in ast.walk(node):
                    if isinstance(sub, ast.Constant):
                        skip.add(id(sub))
            if isinstance(node, ast.Raise) or (isinstance(node, ast.Assert)):
                for sub in ast.walk(node):
                    skip.add(id(sub))
            if isinstance(node, ast.JoinedStr):  # an f-string's parts are one text
                for sub in node.values:
                    skip.add(id(sub))
                if id(node) in skip:
                    continue
                text = "".join(v.value if isinstance(v, ast.Constant) else "{}"
                               for v in node.values)
                if WORDS.search(text) and not any(
                        mark in source.splitlines()[node.lineno - 1] for mark in MARKS):
                    out.append(f"{path}:{node.lineno}: f{text!r}")
        shown_keyword = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.keyword) and node.arg in SHOWN_KEYWORDS:
                values = [node.value.body, node.value.orelse] if isinstance(
                    node.value, ast.IfExp) else [node.value]
                shown_keyword |= {id(v) for v in values if isinstance(v, ast.Constant)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                    and id(node) not in skip and (
                        WORDS.search(node.value) or (id(node) in shown_keyword
                                                     and re.search("[A-Za-z]", node.value))):
                line = source.splitlines()[node.lineno - 1]
                if any(mark in line for mark in MARKS) or "<style>" in node.value \
                        or "<script>" in node.value:  # code for the browser, not words
                    continue
                out.append(f"{path}:{node.lineno}: {node.value[:70]!r}")
    return sorted(set(out))


def plural_texts(paths) -> dict[str, str]:
    """Singular -> plural of every text given to a plural-taking function."""
    found: dict[str, str] = {}
    for path in paths:
        tree = ast.parse(Path(path).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            forms = _plural_call(node)
            if forms:
                found[forms[0]] = forms[1]
    return found
