"""Text a user typed is shown as text (issue 32, point 8): a name planted in every typed field
of every example (scenario, hardware lines, benefits, the alternative, the description) never
becomes a link, an image the browser fetches or a tag, on any page, in either language; the
catalogue's own bold stays bold."""

from __future__ import annotations

import copy
import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from conftest import ROOT
from ui.navigation import PAGES

APP = str(ROOT / "app.py")
PLANTED = "![x](http://evil.example/x.png) [lien](http://evil.example) <b>gras</b> :red[rouge]"
# what a Markdown renderer would act on: an image or a link, a tag, a coloured span
RENDERED = re.compile(r"!\[x\]\(http|\[lien\]\(http|<b>gras</b>|:red\[rouge\]")
EXAMPLES = sorted((ROOT / "examples").glob("*.json"))
SHOWN = ("markdown", "caption", "warning", "info", "error", "success", "title", "header",
         "subheader")


def planted(path) -> dict:
    """The example with the planted name in every text a user types."""
    data = json.loads(path.read_text(encoding="utf-8"))
    data = copy.deepcopy(data)
    data["name"] = f"Projet {PLANTED}"
    data["description"] = PLANTED
    for item in data.get("hardware", []):
        item["name"] = f"{item['name']} {PLANTED}"
    for benefit in data.get("benefits", []):
        benefit["label"] = f"{benefit['label']} {PLANTED}"
    if data.get("alternative"):
        data["alternative"]["description"] = PLANTED
    return data


def rendered(at: AppTest) -> list[str]:
    """Every shown text in which the planted name would be acted on."""
    found = []
    for kind in SHOWN:
        for element in at.get(kind):
            value = getattr(element, "value", "") or ""
            if isinstance(value, str) and RENDERED.search(value):
                found.append(f"{kind}: {value[:200]!r}")
    return found


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_typed_name_is_text_on_every_page(path, lang):
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["lang"] = lang
    at.run()
    at.session_state["scenario"] = planted(path)
    at.run()
    assert not at.exception, at.exception
    found = rendered(at)
    for page in PAGES:
        at.switch_page(page.path).run()
        assert not at.exception, (page.path, at.exception)
        found += [f"{page.path}: {f}" for f in rendered(at)]
    assert not found, "\n".join(found)


def test_the_catalogues_bold_stays_bold_and_a_typed_star_is_shown(monkeypatch):
    """language.md escapes what a message quotes, not the message's own Markdown."""
    from calculators.i18n import msg
    from ui import language

    monkeypatch.setattr(language, "current", lambda: "en")  # no session here
    shown = language.md(msg("**{provider} {model}**, {tokens} output tokens a request, "
                            "{requests_number} requests a day: {energy_wh_number} Wh and "
                            "{usage_g_number} gCO2e (usage) + {embodied_g_number} gCO2e "
                            "(embodied) a request, EcoLogits {version}.",
                            provider="p", model="*m*", tokens=1, requests_number=1,
                            energy_wh_number=1, usage_g_number=1, embodied_g_number=1,
                            version="1"))
    assert shown.startswith("**p \\*m\\***")


# what a browser would act on in an HTML document: a tag typed, or an address typed made into
# an attribute (an image it fetches, a link it follows)
HTML_ACTED_ON = re.compile(r"<b>gras</b>|(?:src|href)\s*=\s*[\"']?https?://evil\.example",
                           re.IGNORECASE)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_a_typed_name_is_text_in_the_dossier_and_its_opinion(path):
    """The committee's dossier (HTML, printed to PDF by Chromium offline): the planted name in
    every field of the scenario, in the saved version's author and project, and in the
    opinion annexed (conditions, reasons, participants) stays text: no tag, no image fetched,
    no link made of it."""
    from report import dossier

    opinion = {"decision": "favourable_with_conditions", "conditions": [PLANTED],
               "information_requested": PLANTED, "session_date": "2026-11-23",
               "session_name": PLANTED, "participants": PLANTED, "votes_for": 9,
               "votes_against": 0, "votes_abstaining": 1, "reasons": f"Motif-témoin {PLANTED}",
               "recorded_by": PLANTED, "recorded_at": "2026-11-23T10:00:00+00:00",
               "submitted_at": "2026-11-20T10:00:00+00:00", "status": "published"}
    document = dossier.build_html(
        planted(path), lang="fr", samples=50,
        charts=[("a chart", "<svg xmlns='http://www.w3.org/2000/svg'></svg>")],
        saved={"version": 1, "saved_at": "2026-11-20T10:00:00+00:00", "author": PLANTED,
               "project": PLANTED}, opinion=opinion)
    assert "Motif-témoin" in document and "evil.example" in document  # there, as text
    assert not HTML_ACTED_ON.findall(document)
