"""The list of pages: app.py routes with it and the tests iterate over it, so a new page is
tested the day it is added."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from calculators.i18n import N_, tr

ROOT = Path(__file__).resolve().parent.parent


class PageSpec(NamedTuple):
    path: str        # relative to the project root
    title: str
    icon: str
    url_path: str
    default: bool = False
    section: str = ""  # pages of a section share one menu in the top bar
    hidden: bool = False  # in no menu: reached by its links (the sidebar's)


# the saved projects' menu: the library, comparisons, the annual review, the committee and
# its public register
LIBRARY_SECTION = N_("Projects")

PAGES: tuple[PageSpec, ...] = (
    PageSpec("pages/project.py", N_("1. Project"), ":material/description:", "project"),
    PageSpec("pages/training.py", N_("2. Training"), ":material/model_training:", "training"),
    PageSpec("pages/inference.py", N_("3. Inference"), ":material/bolt:", "inference"),
    PageSpec("pages/hardware.py", N_("4. Hardware"), ":material/memory:", "hardware"),
    PageSpec("pages/location.py", N_("5. Location"), ":material/public:",
             "location"),
    PageSpec("pages/benefits.py", N_("6. Benefits"), ":material/eco:", "benefits"),
    # The app opens on the verdict of the worked example, so a new user sees a full result.
    PageSpec("pages/balance.py", N_("7. Verdict"), ":material/balance:", "balance",
             default=True),
    PageSpec("pages/library.py", N_("Library"), ":material/folder_open:", "library",
             section=LIBRARY_SECTION),
    PageSpec("pages/compare.py", N_("Compare"), ":material/compare_arrows:", "compare",
             section=LIBRARY_SECTION),
    PageSpec("pages/portfolio.py", N_("Portfolio"), ":material/summarize:", "portfolio",
             section=LIBRARY_SECTION),
    # what the public registers ask of the project being edited, published with the register
    PageSpec("pages/registration.py", N_("Register entry"), ":material/assignment:",
             "registration", section=LIBRARY_SECTION),
    # other authorities' registers, imported, and their projects like the one being edited
    PageSpec("pages/elsewhere.py", N_("Projects elsewhere"), ":material/travel_explore:",
             "elsewhere", section=LIBRARY_SECTION),
    PageSpec("pages/committee.py", N_("Ethics committee"), ":material/gavel:", "committee",
             section=LIBRARY_SECTION),
    PageSpec("pages/results.py", N_("Yearly results"), ":material/event_available:",
             "results", section=LIBRARY_SECTION),
    PageSpec("pages/register.py", N_("Public register"), ":material/public:", "register",
             section=LIBRARY_SECTION),
    PageSpec("pages/method.py", N_("Method"), ":material/menu_book:", "method"),
    # the statements a public body owes (RGAA, RGESN): linked from every page's sidebar
    PageSpec("pages/declarations.py", N_("Accessibility and ecodesign"),
             ":material/accessibility_new:", "accessibility", hidden=True),
)
DECLARATIONS = next(p for p in PAGES if p.url_path == "accessibility")

# what a visitor without a role sees, once a login is configured: the register, and the
# statements every visitor may read
PUBLIC_PAGES = ("register", "accessibility")


def st_pages(lang: str = "en", public: bool = False):
    """The pages as ``st.Page`` objects by section for ``st.navigation``: the seven steps of
    a scenario in the top bar, the library's and the committee's pages in one menu (ten links,
    or a second menu, overflow the bar at 1280 pixels into Streamlit's untranslated "more")."""
    import streamlit as st

    out: dict[str, list] = {}
    if public:  # the register, as the default page, and the statements, in no menu
        return [st.Page(ROOT / p.path, title=tr(p.title, lang), default=not p.hidden,
                        url_path=p.url_path if p.hidden else None,
                        visibility="hidden" if p.hidden else "visible")
                for p in PAGES if p.url_path in PUBLIC_PAGES]
    for p in PAGES:
        out.setdefault(tr(p.section, lang) if p.section else "", []).append(st.Page(
            ROOT / p.path, title=tr(p.title, lang), icon=p.icon if p.section else None,
            url_path=None if p.default else p.url_path, default=p.default,
            visibility="hidden" if p.hidden else "visible"))
    return out


STEPS = tuple(p for p in PAGES if p.title[:1].isdigit())  # 1. Project ... 7. Verdict


def step_links(url_path: str, lang: str) -> None:
    """'Previous' and 'Next' at the bottom of a step of the scenario (1 to 6), so a new user
    walks them in order without the top bar."""
    import streamlit as st

    paths = [p.url_path for p in STEPS]
    here = paths.index(url_path) if url_path in paths else \
        next((i for i, p in enumerate(STEPS) if p.default and url_path == ""), None)
    if here is None or STEPS[here].default:
        return
    st.divider()
    back, _, forward = st.columns([2, 3, 2])
    if here > 0:
        back.page_link(str(ROOT / STEPS[here - 1].path), label=tr("Previous: {step}", lang,
                       step=tr(STEPS[here - 1].title, lang)), icon=":material/arrow_back:")
    forward.page_link(str(ROOT / STEPS[here + 1].path), label=tr("Next: {step}", lang,
                      step=tr(STEPS[here + 1].title, lang)), icon=":material/arrow_forward:")
