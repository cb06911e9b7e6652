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
)


def st_pages():
    """The pages as ``st.Page`` objects for ``st.navigation``."""
    import streamlit as st

    return [st.Page(ROOT / p.path, title=p.title, icon=p.icon, url_path=None if p.default
                    else p.url_path, default=p.default) for p in PAGES]
