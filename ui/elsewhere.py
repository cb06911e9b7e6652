"""Projects elsewhere, as the pages show them: the registers imported (``store.elsewhere``),
their projects ranked by similarity to the scenario being edited (``calculators.elsewhere``),
and the line the verdict page and the dossier say about them."""

from __future__ import annotations

import threading
from typing import Any

import pandas as pd
import streamlit as st

from calculators import elsewhere, i18n, registration
from calculators.i18n import N_
from store import LibraryError, StoreFailure
from store.elsewhere import Elsewhere

from . import auth, language, library as library_ui, state, tables
from .language import t, t_n

_LOCK = threading.Lock()
_PROJECTS: dict[tuple[str, int], list[dict[str, Any]]] = {}  # (database, last import) -> list
SHOWN = 10  # the most similar projects listed


def store() -> Elsewhere | None:
    engine = library_ui.engine()
    return None if engine is None else Elsewhere(engine)


def projects() -> tuple[int, list[dict[str, Any]]]:
    """(the last import's number, every project of the registers in force), read once per
    server for each import: a verdict page asks at every run. (0, []) when the library is not
    there or this person may not read them."""
    found = store()
    if found is None:
        return 0, []
    try:
        stamp = found.stamp()
        key = (found.engine.url.render_as_string(), stamp)
        with _LOCK:
            kept = _PROJECTS.get(key)
        if kept is None:
            kept = found.projects(auth.actor())
            with _LOCK:
                _PROJECTS.clear()  # one database's latest list
                _PROJECTS[key] = kept
    except (LibraryError, StoreFailure):
        return 0, []
    return stamp, kept


def matches(result: dict[str, Any] | None) -> tuple[int, list[elsewhere.Match]]:
    """(how many projects were compared, each with its similarity to the scenario being
    edited, the most similar first), kept until the scenario or the imports change."""
    stamp, others = projects()
    if not others:
        return 0, []
    scenario = state.scenario()
    return len(others), state.memo(f"elsewhere_{stamp}", lambda: elsewhere.similar(
        elsewhere.of_scenario(scenario, result), others))


def for_dossier(result: dict[str, Any] | None = None) -> dict[str, Any] | None:
    """What the dossier says of projects elsewhere: how many projects of the registers imported
    were compared (0: none imported), how many are similar, and the three closest; None
    without the library."""
    if store() is None:
        return None
    compared, ranked = matches(result if result is not None else state.result_to_show())
    similar = elsewhere.found(ranked)
    return {"compared": compared, "count": len(similar),
            "closest": [{"name": m.project["name"], "authority": m.project.get("authority"),
                         "score": m.score, "verdict": m.project.get("verdict"),
                         "origin": m.project.get("origin")} for m in similar[:3]]}


def percent(score: float, lang: str) -> str:
    return i18n.number(100 * score, lang, 0) + (" %" if lang == "fr" else "%")


STANDARDS = {"ats-0.3.1": N_("Eurocities standard 0.3.1"),
             "own-json": N_("this tool's register, JSON"),
             "own-csv": N_("this tool's register, CSV"),
             "etalab-csv": N_("Etalab's inventory, CSV")}


def standard_words(code: str) -> str:
    return t(STANDARDS[code]) if code in STANDARDS else code


def verdict(project) -> str:
    code = project.get("verdict")
    return "" if not code else i18n.capital(i18n.word(i18n.VERDICT_WORDS, code,
                                                      language.current()))


def opinion(project) -> str:
    code = project.get("opinion")
    return t("none published") if not code else i18n.word(i18n.DECISION_WORDS, code,
                                                          language.current())


def side_by_side() -> None:
    """One project elsewhere beside the scenario being edited (this page and Compare)."""
    st.subheader(t("Beside a project elsewhere"))
    result = state.result_to_show()
    _, ranked = matches(result)
    if not ranked:
        st.caption(t("No register of another authority is imported (Projects elsewhere "
                     "page)."))
        return
    lang = language.current()
    labels = {m.position: t("{name} ({authority}, {alike} alike)", name=m.project["name"],
                            authority=m.project.get("authority") or t("authority not named"),
                            alike=percent(m.score, lang)) for m in ranked}
    picked = st.selectbox(t("Project elsewhere"), list(labels), index=0, key="ew_pick",
                          format_func=labels.get,
                          help=t("The most similar first."))
    match = next(m for m in ranked if m.position == picked)
    other = match.project
    entry = state.scenario().get("registration") or {}
    current = elsewhere.of_scenario(state.scenario(), result)

    def coded(key: str, value) -> str:
        """A code of the standard in words; another register's unknown code as written."""
        known = dict(registration.BY_KEY[key].choices)
        return "" if not value else t(known[value]) if value in known else str(value)

    rows = [
        (t("Authority"), registration.value(entry, "organization") or "",
         other.get("authority") or ""),
        (t("Status"), coded("status", entry.get("status")), coded("status", other.get("status"))),
        (t("Domain (the standard's list)"), coded("domain", current.get("domain")),
         coded("domain", other.get("domain"))),
        (t("Type of algorithm"), coded("algorithm_type", current.get("algorithm_type")),
         coded("algorithm_type", other.get("algorithm_type"))),
        (t("Type of use"), coded("type", current.get("type")), coded("type", other.get("type"))),
        (t("Verdict"), verdict(current), verdict(other)),
        (t("Horizon (years)"), _num(current.get("horizon_years")),
         _num(other.get("horizon_years"))),
        (t("Footprint over the horizon (tCO2e)"), tables.tonnes(current.get("footprint_kgco2e")),
         tables.tonnes(other.get("footprint_kgco2e"))),
        (t("Footprint a year (tCO2e)"), tables.tonnes(elsewhere.footprint_kgco2e_per_year(current)),
         tables.tonnes(elsewhere.footprint_kgco2e_per_year(other))),
        (t("Emissions avoided (tCO2e)"), tables.tonnes(current.get("benefits_kgco2e")),
         tables.tonnes(other.get("benefits_kgco2e"))),
        (t("Net balance (tCO2e)"), tables.tonnes(current.get("net_kgco2e")),
         tables.tonnes(other.get("net_kgco2e"))),
        (t("Water net (m³)"), tables.cubic_metres((result or {}).get("water_net_l")),
         tables.cubic_metres(other.get("water_net_l"))),
        (t("Committee's opinion"), "", opinion(other)),
        (t("What it does"), current.get("summary") or current.get("description") or "",
         other.get("summary") or other.get("description") or ""),
        (t("Register"), "", t("{file}, imported {when}", file=other.get("origin") or "",
                              when=tables.when(other["imported_at"]))
         if other.get("imported_at") else ""),
        (t("Address"), "", other.get("website") or ""),
    ]
    tables.static(pd.DataFrame({
        t("Figure"): [r[0] for r in rows],
        t("Your project"): [r[1] for r in rows],
        t("Elsewhere"): [r[2] for r in rows]}).set_index(t("Figure")))
    st.caption(t("Their figures are as their register published them, computed with the "
                 "reference data of the day; yours with today's. Their yearly results are not "
                 "in the registers."))


def _num(value) -> str:
    return "" if value is None else language.num(value)


def on_verdict_page(result: dict[str, Any] | None) -> None:
    """"Similar projects found elsewhere: N", with the closest, under the verdict."""
    said = for_dossier(result)
    if said is None:
        return
    if not said["compared"]:
        st.caption(t("Similar projects found elsewhere: none compared (no register of another "
                     "authority is imported: Projects elsewhere page)."))
        return
    if not said["count"]:
        st.markdown(t("**Similar projects found elsewhere: 0** among the {compared} projects of "
                      "the registers imported (Projects elsewhere page).",
                      compared=said["compared"]))
        return
    closest = said["closest"][0]
    st.markdown(t("**Similar projects found elsewhere: {count}** among the {compared} projects "
                  "of the registers imported; the closest: \"{name}\" ({authority}, {alike} alike, "
                  "balance {verdict}). See the Projects elsewhere page.",
                  count=said["count"], compared=said["compared"],
                  name=language.plain(closest["name"]),
                  authority=language.plain(closest["authority"] or t("authority not named")),
                  alike=percent(closest["score"], language.current()),
                  # another register's code the tool does not know is shown as written
                  verdict=language.plain(verdict({"verdict": closest["verdict"]}).lower()
                                         or t("not published"))))


def shareable_on_hardware_page() -> None:
    """The equipment other authorities' registers declare they can share, where the Hardware
    page speaks of sharing (nothing when none is declared)."""
    _, found = projects()
    offers = [p for p in found if p.get("shareable_equipment")]
    if not offers:
        return
    with st.expander(t_n("Equipment another authority declares it can share ({number})",
                         "Equipment other authorities declare they can share ({number})",
                         count="number", number=len(offers)), icon=":material/handshake:"):
        st.caption(t("From the registers imported (Projects elsewhere page), as their leads "
                     "wrote it: ask them before counting it as shared here."))
        tables.static(pd.DataFrame({
            t("Authority"): [p.get("authority") or "" for p in offers],
            t("Project"): [p["name"] for p in offers],
            t("What they offer"): [p["shareable_equipment"] for p in offers],
            t("Contact"): [p.get("contact") or "" for p in offers]}))
