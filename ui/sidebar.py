"""The sidebar on every page: the running verdict and figures, and the scenario controls
(new, example, upload). Rendered after the page, so it reflects this run's edits; the controls
act through callbacks, which run before the next page is drawn."""

from __future__ import annotations

import json
from typing import Any

import streamlit as st

from calculators import i18n

from . import language, library, navigation, present, state
from .language import kg, plain, t

UPLOAD_NONCE = "upload_nonce"
VERDICT_ICONS = {"positive": ":material/check_circle:", "negative": ":material/cancel:",
                 "uncertain": ":material/help:", "incomplete": ":material/edit_note:"}


def verdict_words(verdict: str) -> str:
    return i18n.text(i18n.VERDICT_HEADLINES[verdict], language.current())


def verdict_text(result: dict) -> str:
    """Icon and words for a verdict (a result, or its uncertainty block)."""
    text = f"{VERDICT_ICONS[result['verdict']]} **{verdict_words(result['verdict'])}**"
    if "probability_rule_met" in result:
        text += " " + (t("(with what is entered, rule met in {met_share} of simulations)",
                         met_share=result["probability_rule_met"])
                       if result["verdict"] == "incomplete" else
                       t("(rule met in {met_share} of simulations)",
                         met_share=result["probability_rule_met"]))
    if result["committee_review_required"]:
        text += "  \n:material/gavel: **" + t("Ethics committee review required") + "**"
    return text


def to_complete_words(item: dict) -> str:
    """A short name for something the verdict waits for (``result["to_complete"]``)."""
    if item["what"] == "alternative":
        return t("the non-AI solution studied (page 1)")
    return t("the AI's share of: {items} (page 6)", items=i18n.joined(
        [plain(label) for label in item["items"]], language.current()))


PENDING = "_pending_replacement"  # (what, its argument): waiting for the user's yes


def _new(_: Any = None) -> None:
    state.replace(state.empty_scenario(), ("success", t("New empty scenario: start with its "
                                                         "project, then each step in turn.")))
    st.session_state[state.GOTO] = "pages/project.py"  # a new scenario starts at step 1


def _example(name: Any = None) -> None:
    name = name or st.session_state.get("example_choice")
    if name:
        example = state.read_example(name)
        state.replace(example, ("success", t("Loaded the example: {name}", name=example["name"])))


def _uploaded(file: Any) -> None:
    loaded, name = file
    state.replace(loaded, ("success", t("Loaded {file}: {name}", file=name,
                                        name=loaded["name"])))


ACTIONS = {"new": _new, "example": _example, "upload": _uploaded}


def _request(what: str, argument: Any = None) -> None:
    """Replace the scenario at once when nothing would be lost; otherwise ask first."""
    if what == "example" and argument is None:
        argument = st.session_state.get("example_choice")  # the one chosen when asked
    if state.unsaved_changes():
        st.session_state[PENDING] = (what, argument)
    else:
        ACTIONS[what](argument)


def _confirmed() -> None:
    pending = st.session_state.pop(PENDING, None)
    if pending:
        ACTIONS[pending[0]](pending[1])


def _cancelled() -> None:
    st.session_state.pop(PENDING, None)


def _upload() -> None:
    upload_key = f"uploader_{st.session_state.get(UPLOAD_NONCE, 0)}"
    uploaded = st.session_state.get(upload_key)
    if uploaded is None:
        return
    # a fresh uploader for the next file (the same file can be chosen again)
    st.session_state[UPLOAD_NONCE] = st.session_state.get(UPLOAD_NONCE, 0) + 1
    loaded = state.read_upload(uploaded.getvalue(), uploaded.name)
    if loaded is not None:  # a file that cannot be read replaces nothing: nothing to ask
        _request("upload", (loaded, uploaded.name))


def _ask_before_discarding() -> None:
    """The question a replacement waits on: the work would be lost, say so and offer to keep
    it (a download) before going on."""
    what = st.session_state[PENDING][0]

    @st.dialog(t("Your changes are not saved"), on_dismiss=_cancelled)
    def ask() -> None:
        st.markdown(t("The scenario **{name}** has changes that are not saved in the library. "
                      "{action} would replace it and lose them.",
                      name=plain(state.scenario().get("name") or t("Unnamed project")),
                      action={"new": t("A new empty scenario"), "example": t("The example"),
                              "upload": t("The file")}[what]))
        st.download_button(t("Download my scenario first (JSON)"),
                           json.dumps(state.scenario(), indent=2, ensure_ascii=False),
                           file_name=state.file_name("scenario", "json"),
                           mime="application/json", icon=":material/download:",
                           width="stretch", key="pending_download")
        left, right = st.columns(2)
        left.button(t("Cancel"), on_click=_cancelled, width="stretch", key="pending_cancel")
        right.button(t("Replace it"), on_click=_confirmed, type="primary", width="stretch",
                     key="pending_confirm")
        st.caption(t("To keep it in the library: Cancel, then 'Save to the library'."))
    ask()


def render_account() -> None:
    """With a login configured: who is logged in, with which roles, and the buttons to log in
    or out. Nothing without a login (the Committee page says the local person has every
    role)."""
    from store.committee import ROLES

    from . import auth

    if not auth.login_configured():
        return
    if not auth.logged_in():
        if auth.session_ended():
            st.caption(t("Your session has ended (logged out, or after its hours): log in "
                         "again to work on projects."))
        st.caption(t("The public register is open to everyone. The authority's staff and the "
                     "committee's members log in to work on projects."))
        st.button(t("Log in"), on_click=st.login, key="login", icon=":material/login:",
                  type="primary", width="stretch")
        return
    me = auth.actor()
    roles = ", ".join(language.say(i18n.ROLE_WORDS[r]) for r in ROLES if r in me.roles)
    st.caption(t("Logged in as **{name}** ({subject}).", name=plain(me.name),
                 subject=plain(me.subject)) + "  \n" + (
        t("Roles: {roles}.", roles=roles) if roles else
        t("No role yet: an administrator gives the roles. Meanwhile the public register is "
          "open to you.")))
    st.button(t("Log out"), on_click=auth.log_out, key="logout", icon=":material/logout:",
              width="stretch")



def _statements() -> None:
    """The compliance status a public body's online service shows on every page, and the
    link to its accessibility and ecodesign statements (pages/declarations.py)."""
    # two links to the one page: one label a line (a link's label is cut to one line)
    page = str(navigation.ROOT / navigation.DECLARATIONS.path)
    st.page_link(page, label=t("Accessibility: not compliant"),
                 icon=":material/accessibility_new:")
    st.page_link(page, label=t("Ecodesign statement"), icon=":material/eco:")


def render_public() -> None:
    """The sidebar of a visitor without a role: the language, the login and the
    statements."""
    with st.sidebar:
        language.switch()
        st.divider()
        render_account()
        st.divider()
        _statements()


def render() -> None:
    result, error, last_valid = state.current()
    with st.sidebar:
        language.switch()
        render_account()
        st.divider()
        # the name, the verdict and its figures as one text: one element on the wire, not
        # four, at every rerun of every page (bench/bench_server.py)
        summary = [f"**{plain(state.scenario().get('name') or t('Unnamed project'))}**"]
        shown = result or last_valid
        if error:  # the name, then what is wrong, then the last valid figures
            st.markdown(summary.pop())
            if state.incomplete():
                st.info(t("To fill in: {what}", what=plain(state.to_fill_in())),
                        icon=":material/edit_note:")
            else:
                st.error(t("Error in the scenario: {error}", error=plain(error)),
                         icon=":material/warning:")
        analysis = None if error else state.uncertainty()
        if shown and shown.get("missing"):
            summary.append(":material/edit_note: **" + t("Balance not drawn yet") + "**  \n"
                           + "  \n".join(language.say(m) for m in shown["missing"]))
        elif shown:
            summary.append(verdict_text(analysis if analysis else shown)
                           + ("  \n*" + t("(last valid version)") + "*" if error else ""))
            if shown.get("rests_on"):
                summary.append(":material/priority_high: " + t(
                    "Rests on: {what}", what=i18n.joined(
                        [plain(language.say(r["label"])) for r in shown["rests_on"]],
                        language.current())))
            if shown.get("to_complete"):
                summary.append(":material/edit_note: " + t(
                    "To complete: {what}", what=i18n.joined(
                        [to_complete_words(c) for c in shown["to_complete"]],
                        language.current())))
            summary.append(t("Footprint: **{footprint}**  \nAvoided: **{avoided}**  \nNet "
                             "balance: **{net}**  \nover {duration}",
                             footprint=kg(shown["footprint_kgco2e"]["total"]),
                             avoided=kg(shown["benefits_kgco2e"]), net=kg(shown["net_kgco2e"]),
                             duration=i18n.duration(shown["horizon_years"],
                                                    language.current())))
            if "water_net_l" in shown:  # water beside carbon (a result of schema version 2)
                summary.append(t("Water: net **{water}** (saved minus consumed)",
                                 water=language.amount(shown["water_net_l"], "L"))
                               + ("  \n:material/report: **" + t("Significant harm flagged")
                                  + "**" if shown["significant_harm"] else ""))
        if summary:
            st.markdown("\n\n".join(summary))
        library.render_save_box()
        st.divider()
        message = state.pop_message()
        if message:
            kind, text = message
            # a message may quote what someone typed (a name, a file's name, a key): as text
            (st.success if kind == "success" else st.error)(plain(text))
        st.button(t("Projection mode"), on_click=present.enter, width="stretch",
                  key="present_enter", icon=":material/slideshow:",
                  help=t("For a committee session: large type, no sidebar, one figure a screen "
                         "with Next and Previous. The link with ?present=1 opens it directly."))
        st.button(t("New empty scenario"), on_click=_request, args=("new",), width="stretch",
                  key="new_scenario",
                  help=t("Start from a blank scenario, on the Project page. If the current one "
                         "has changes not saved in the library, you are asked first."))
        names = state.example_names()
        st.selectbox(t("Example"), list(names), format_func=names.get, key="example_choice",
                     help=t("Worked examples for a metropolitan authority (illustrative "
                            "figures)."))
        st.button(t("Load this example"), on_click=_request, args=("example",),
                  width="stretch", key="load_example")
        st.file_uploader(t("Load a scenario file (.json)"), type=["json"],
                         key=f"uploader_{st.session_state.get(UPLOAD_NONCE, 0)}",
                         on_change=_upload,
                         help=t("A scenario saved from this tool (Verdict page, 'Download the "
                                "scenario'). A file with an error is refused and your current "
                                "scenario is kept."))
        st.divider()
        _statements()
    if st.session_state.get(PENDING):
        _ask_before_discarding()
