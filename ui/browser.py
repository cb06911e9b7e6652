"""What the page itself needs from the browser: its ``lang`` attribute (screen readers,
hyphenation, the browser's own spell-checker), Streamlit's built-in widget texts in French,
and a field's value sent before the click that leaves it acts (see the script's
``commitsFirst``).

Streamlit 1.67 writes a few texts in English in its frontend with no option to change them
("Drag and drop file here", "Upload", "Limit 5MB per file", "Press Enter to apply", "Select
all", "No results"...). A small script, run in the page (``st.html`` with its JavaScript),
replaces them as they appear: text nodes only, and only inside the widget they belong to, so
nothing a user typed is ever touched, and no markup is written.
"""

from __future__ import annotations

import functools
import json

import streamlit as st

from calculators.i18n import N_, tr

# (where, English): ``where`` is a CSS selector the text must be inside; an English text in
# slashes is a regular expression whose groups its French (in the catalogue) reuses as $1
UPLOADER = '[data-testid="stFileUploaderDropzone"]'
INSTRUCTIONS = '[data-testid="InputInstructions"]'
# Streamlit 1.67 draws a multiselect's and a selectbox's open list in a layer of its own, at
# the end of the page (not inside the widget)
MENUS = ('[data-baseweb="popover"], [data-testid="stMultiSelect"], [data-testid="stSelectbox"], '
         '[data-testid="stMultiSelectDropdown"], [data-testid="stSelectboxDropdown"]')
SELECTS = '[data-testid="stMultiSelect"], [data-testid="stSelectbox"]'
TOASTS = '[data-testid="stToastViewButton"]'
STREAMLIT_TEXTS = (
    (UPLOADER, N_("Drag and drop file here")), (UPLOADER, N_("Drag and drop a file here")),
    (UPLOADER, N_("Drag and drop files here")), (UPLOADER, N_("Upload")),
    (UPLOADER, N_("Browse files")), (UPLOADER, N_("/^(\\d+)MB per file$/")),
    (INSTRUCTIONS, N_("Press Enter to apply")), (INSTRUCTIONS, N_("Press Enter to submit form")),
    (MENUS, N_("Select all")), (MENUS, N_("/^Select (\\d+) matches$/")),
    (MENUS, N_("No results")), (SELECTS, N_("Choose an option")),
    ('[data-testid="stSkipToContent"]', N_("Skip to main content")),
    (INSTRUCTIONS, N_("/^Press (Ctrl|⌘)\\+Enter to submit form$/")),
    (SELECTS, N_("Choose options")), (TOASTS, N_("view more")), (TOASTS, N_("view less")),
)
# the names screen readers read out (aria-label), anywhere on the page
LABELS = (N_("Clear value"), N_("Clear all"), N_("Open"), N_("Close"),
          N_("/^Help for (.+)$/"), N_("Collapse sidebar"), N_("Expand sidebar"),
          N_("Sidebar"), N_("Main menu"), N_("Link to heading"), N_("file upload"),
          N_("Download as CSV"), N_("Fullscreen"), N_("Close fullscreen"), N_("Search"),
          N_("Show/hide columns"))

_SCRIPT = """// # not shown: the page's script, not text for people
(function () {
  const lang = %(lang)s, texts = %(texts)s, labels = %(labels)s;
  document.documentElement.lang = lang;
  const state = window.__aiBalancePage || (window.__aiBalancePage = {});
  // the page's style, in the document's head: there from the first run, whatever the runs
  // and page changes redraw (an element of the page would go and come back with them)
  if (!document.getElementById("aiBalanceStyle")) {
    const style = document.createElement("style");
    style.id = "aiBalanceStyle";
    style.textContent = %(style)s;
    document.head.appendChild(style);
  }
  if (!state.commitsFirst) commitsFirst(state);
  if (state.observer) { state.observer.disconnect(); state.observer = null; }
  const rules = texts.map(([where, english, french]) => english.startsWith("/")
      ? [where, new RegExp(english.slice(1, -1)), french] : [where, english, french]);
  const names = labels.map(([english, french]) => english.startsWith("/")
      ? [new RegExp(english.slice(1, -1)), french] : [english, french]);
  function fix(node) {
    const text = node.nodeValue, parent = node.parentElement;
    if (!text || !parent) return;
    const trimmed = text.trim();
    for (const [where, english, french] of rules) {
      if (!parent.closest(where)) continue;
      if (typeof english === "string" ? trimmed === english : english.test(trimmed)) {
        node.nodeValue = typeof english === "string" ? french : trimmed.replace(english, french);
        return;
      }
    }
  }
  function name(element) {
    const label = element.getAttribute("aria-label");
    if (/^[a-z0-9_]+ icon$/.test(label) && (element.getAttribute("role") === "img" ||
                                             element.getAttribute("aria-hidden") === "true")) {
      // a Material icon beside a text (":material/check_circle:"): read out as its name in
      // English ("check_circle icon"), it says nothing the text does not (an icon already
      // hidden whose name React set again, on a node kept from the run before, too)
      element.removeAttribute("aria-label");
      element.removeAttribute("role");
      element.setAttribute("aria-hidden", "true");
      return;
    }
    // the name read out, and the tooltip a chart's toolbar shows (data-title)
    for (const attribute of ["aria-label", "data-title"]) {
      const value = element.getAttribute(attribute);
      if (!value) continue;
      for (const [english, french] of names) {
        if (typeof english === "string" ? value === english : english.test(value)) {
          element.setAttribute(attribute, typeof english === "string" ? french
                                                  : value.replace(english, french));
          break;
        }
      }
    }
  }
  function walk(root) {
    if (root.nodeType === Node.TEXT_NODE) { fix(root); return; }
    if (root.nodeType !== Node.ELEMENT_NODE) return;
    if (root.hasAttribute("aria-label") || root.hasAttribute("data-title")) name(root);
    root.querySelectorAll("[aria-label], [data-title]").forEach(name);
    const found = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = found.nextNode(); node; node = found.nextNode()) fix(node);
    // a chart is read from its text alternative (ui.figures.show), said just before it: its
    // drawing, whose tick labels a screen reader read out one by one, is hidden from them,
    // and its toolbar's eight buttons leave the Tab order (its figures are in the table)
    const within = (selector) => [root, ...root.querySelectorAll(selector)].filter(
        (element) => element.matches(selector));
    within('[data-testid="stPlotlyChart"] svg.main-svg').forEach(
        (svg) => svg.setAttribute("aria-hidden", "true"));
    within('[data-testid="stPlotlyChart"] .modebar-btn').forEach(
        (button) => button.setAttribute("tabindex", "-1"));
    root.querySelectorAll("input[placeholder]").forEach((input) => {
      for (const [where, english, french] of rules)
        if (input.closest(where) && input.placeholder === english) input.placeholder = french;
    });
  }
  state.observer = new MutationObserver((changes) => changes.forEach((change) => {
    if (change.type === "characterData") fix(change.target);
    // an element kept from one run to the next gets its name again (React sets the
    // attribute on the node it reuses: a table of answers replaced by another's)
    else if (change.type === "attributes") name(change.target);
    change.addedNodes.forEach(walk);
  }));
  state.observer.observe(document.body, {childList: true, subtree: true, characterData: true,
                                         attributes: true,
                                         attributeFilter: ["aria-label", "data-title"]});
  walk(document.body);
  // A field commits what was typed when it loses focus, but Streamlit sends that commit a
  // frame later, after the click that took the focus: a link clicked at once ("Next", the
  // top bar) asked for another page first, and the server, merging the two requests, kept
  // the page's and dropped the field's value (the page change carries no field of the page
  // left); a button acted before the value came. So a click on a link, a button, a menu item
  // or a tab that takes the focus from a field just typed in waits until the server has
  // started the run that carries the field (a run that has started takes its edits before
  // anything can stop it: editing.taken), 2 s at most, and is then made again.
  function commitsFirst(state) {
    state.commitsFirst = true;
    const guard = {typed: new WeakSet(), since: null, runs: 0, again: false};
    function startsRun(bytes) {  // a ForwardMsg whose field 4 (new_session) is set
      let i = 0;
      const varint = () => {
        let value = 0, shift = 0, byte;
        do { byte = bytes[i++]; value += (byte & 0x7f) * 2 ** shift; shift += 7; }
        while (byte & 0x80 && i < bytes.length);
        return value;
      };
      while (i < bytes.length) {
        const tag = varint(), wire = tag & 7;
        if (Math.floor(tag / 8) === 4) return true;
        if (wire === 0) varint();
        else if (wire === 2) i += varint();
        else if (wire === 1) i += 8;
        else if (wire === 5) i += 4;
        else return false;
      }
      return false;
    }
    const count = (bytes) => { if (startsRun(bytes)) guard.runs += 1; };
    const send = WebSocket.prototype.send;
    WebSocket.prototype.send = function (data) {
      if (!this.__aiBalanceRuns) {
        this.__aiBalanceRuns = true;
        this.addEventListener("message", (event) => {
          if (event.data instanceof ArrayBuffer) count(new Uint8Array(event.data));
          else if (event.data instanceof Blob)
            event.data.arrayBuffer().then((buffer) => count(new Uint8Array(buffer)));
        });
      }
      return send.call(this, data);
    };
    const isField = (el) => !!el && (el.tagName === "TEXTAREA" || (el.tagName === "INPUT"
        && !/^(checkbox|radio|button|submit|file|range|color|hidden)$/.test(el.type)));
    document.addEventListener("input", (event) => {
      if (isField(event.target)) guard.typed.add(event.target);
    }, true);
    document.addEventListener("keydown", (event) => {  // Enter commits, before anything
      if (event.key === "Enter" && isField(event.target)) guard.typed.delete(event.target);
    }, true);
    document.addEventListener("pointerdown", (event) => {
      const field = document.activeElement;
      if (isField(field) && guard.typed.has(field) && !field.contains(event.target)) {
        guard.typed.delete(field);
        guard.since = {at: performance.now(), runs: guard.runs};
      }
    }, true);
    document.addEventListener("focusout", (event) => {  // Tab: the commit goes before
      if (guard.since === null) guard.typed.delete(event.target);
    }, true);
    document.addEventListener("click", (event) => {
      if (guard.since === null || guard.again) return;
      const since = guard.since;
      guard.since = null;
      const target = event.target.closest
        && event.target.closest("a[href], button, [role=menuitem], [role=tab]");
      if (!target || performance.now() - since.at > 2000) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      // the run redraws the page: the element clicked may have been replaced meanwhile,
      // by one of the same kind, text and address (in the same keyed block)
      const kind = target.tagName, text = target.textContent, href = target.getAttribute("href");
      const block = target.closest("[class*='st-key-']");
      const blockKey = block && [...block.classList].find((c) => c.startsWith("st-key-"));
      function live() {
        if (target.isConnected) return target;
        const scope = blockKey ? document.querySelector("." + CSS.escape(blockKey)) : document;
        if (!scope) return null;
        return [...scope.querySelectorAll(kind)].find((el) => el.textContent === text
            && el.getAttribute("href") === href) || null;
      }
      (function later() {
        if (guard.runs === since.runs && performance.now() - since.at < 2000) {
          setTimeout(later, 15);
          return;
        }
        const now = live();
        if (!now) return;  // gone with the page: nothing left to click
        guard.again = true;
        try { now.click(); } finally { guard.again = false; }
      })();
    }, true);
  }
})();
"""


# RGAA 4.1 / WCAG 2.1 AA, measured with axe-core (tests/test_browser.py): Streamlit's
# captions are grey at 3.88:1 on white and a selected segment's text 4.23:1 on its tint (4.5:1
# asked); a focused link or button looked as it does unfocused (a visible focus is asked).
# The theme is light, always (.streamlit/config.toml): these colours are for it.
STYLE = """/* # not shown: the page's style, not text for people */
[data-testid="stCaptionContainer"] { opacity: 1 !important; }  /* was 0.6 */
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] * {
  color: #5c5b5a !important;  /* 6.8:1 on white */
}
button[data-selected="true"] [data-testid="stMarkdownContainer"] p { color: #9e1f2d !important; }
a:focus-visible, button:focus-visible, summary:focus-visible, [role="tab"]:focus-visible,
[role="menuitem"]:focus-visible, [role="radio"]:focus-visible, [tabindex]:focus-visible {
  outline: 3px solid #1f4e96 !important; outline-offset: 2px;
}
/* a chart's text alternative (ui.figures.show): read by screen readers, not drawn */
.chart-alt { position: absolute !important; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; margin: 0; }
"""


@functools.cache
def _script(lang: str) -> str:
    """The page's script for ``lang``, written once per language and process."""
    texts = [(where, english, tr(english, "fr")) for where, english in STREAMLIT_TEXTS] \
        if lang == "fr" else []
    labels = [(english, tr(english, "fr")) for english in LABELS] if lang == "fr" else []
    script = _SCRIPT % {"lang": json.dumps(lang), "texts": json.dumps(texts),
                        "labels": json.dumps(labels), "style": json.dumps(STYLE)}
    return f"<script>{script}</script>"


def page_language(lang: str) -> None:
    """Set the page's language, and Streamlit's own texts in French when it is French."""
    st.html(_script(lang), unsafe_allow_javascript=True)
