"""The list of pages: app.py routes with it and the tests iterate over it, so a new page is
tested the day it is added."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent


class PageSpec(NamedTuple):
    path: str        # relative to the project root
    title: str
    icon: str
    url_path: str
    default: bool = False
    section: str = ""  # pages of a section share one menu in the top bar


LIBRARY_SECTION = "Library"

PAGES: tuple[PageSpec, ...] = (
    PageSpec("pages/project.py", "1. Project", ":material/description:", "project"),
    PageSpec("pages/training.py", "2. Training", ":material/model_training:", "training"),
    PageSpec("pages/inference.py", "3. Inference", ":material/bolt:", "inference"),
    PageSpec("pages/hardware.py", "4. Hardware", ":material/memory:", "hardware"),
    PageSpec("pages/location.py", "5. Location", ":material/public:",
             "location"),
    PageSpec("pages/benefits.py", "6. Benefits", ":material/eco:", "benefits"),
    # The app opens on the verdict of the worked example, so a new user sees a full result.
    PageSpec("pages/balance.py", "7. Verdict", ":material/balance:", "balance",
             default=True),
    PageSpec("pages/library.py", "Library", ":material/folder_open:", "library",
             section=LIBRARY_SECTION),
    PageSpec("pages/compare.py", "Compare", ":material/compare_arrows:", "compare",
             section=LIBRARY_SECTION),
    PageSpec("pages/portfolio.py", "Portfolio", ":material/summarize:", "portfolio",
             section=LIBRARY_SECTION),
    PageSpec("pages/method.py", "Method", ":material/menu_book:", "method"),
)


def st_pages():
    """The pages as ``st.Page`` objects by section for ``st.navigation``: the seven steps of
    a scenario in the top bar, the library's pages in one menu (ten links overflow the bar at
    1280 pixels)."""
    import streamlit as st

    out: dict[str, list] = {}
    for p in PAGES:
        out.setdefault(p.section, []).append(st.Page(
            ROOT / p.path, title=p.title, icon=p.icon if p.section else None,
            url_path=None if p.default else p.url_path, default=p.default))
    return out
