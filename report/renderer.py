"""One Chromium for a process's life, to draw the dossier's charts and print its PDF.

Before, each dossier started a browser for its charts (Kaleido's sync server, started and
stopped around them: 4 to 8 s) and a second one to print the PDF (2 s): 9 to 10 s a dossier,
every time. Here one browser is opened on the first dossier, through Kaleido (whose tabs draw
plotly figures, several at once) and kept: the charts of later dossiers are drawn in its open
tabs, and the PDF printed by a tab of the same browser (the DevTools protocol's
``Page.printToPDF``, as Chromium's ``--print-to-pdf`` does). The browser is the offline
wrapper (``dossier.chromium()``): nothing goes on the network.

The browser is driven from its own thread and event loop; any thread (one a session) asks for
work with ``svgs`` and ``pdf`` and waits for it. Several dossiers at once share the tabs
(Kaleido queues the figures). A browser that fails is closed and opened again on the next
request; it is closed when the process exits, before the interpreter removes the browser's
profile folder (see ``_open``).
"""

from __future__ import annotations

import asyncio
import atexit
import base64
import threading
from pathlib import Path
from typing import Any

TABS = 3           # figures drawn at once (2 cores: more tabs only slow the first dossier)
TIMEOUT_S = 240    # for one dossier's charts, or its PDF
# a tagged PDF: its structure (headings, tables, figures with their alternative text: the
# SVG's aria-label) read by screen readers (RGAA, PDF/UA)
PDF_OPTIONS = {"printBackground": True, "preferCSSPageSize": True,
               "displayHeaderFooter": False, "generateTaggedPDF": True}


class Renderer:
    """Kaleido's browser, kept open (see the module's docstring)."""

    def __init__(self, tabs: int = TABS) -> None:
        self.tabs = tabs  # set before the first dossier (the command line draws one: 1 tab)
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._browser: Any = None
        self._closed_at_exit = False

    def _run(self, coroutine, timeout: float = TIMEOUT_S) -> Any:
        with self._lock:
            if self._loop is None:
                self._loop = asyncio.new_event_loop()
                threading.Thread(target=self._loop.run_forever, name="dossier-renderer",
                                 daemon=True).start()
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout)

    async def _open(self, browser_path: str) -> Any:
        if self._browser is None:
            import kaleido

            # no MathJax (Kaleido would fetch it from a CDN); plotly.js from the plotly package
            browser = kaleido.Kaleido(n=self.tabs, mathjax=False, path=browser_path)
            await browser.open()
            self._browser = browser
            if not self._closed_at_exit:
                # atexit runs the last registered first. The browser's profile is a
                # TemporaryDirectory, which the interpreter removes at exit through weakref's
                # own atexit hook, registered when that folder was made, just now: registered
                # after it, the browser is closed before its folder is removed. Registered at
                # import (before), the folder was removed under a running Chromium, which
                # kept writing in it ("Directory not empty: 'Default'" at the command line's
                # exit, 1 CI run in several).
                atexit.register(self.close)
                self._closed_at_exit = True
        return self._browser

    async def _reset(self) -> None:
        browser, self._browser = self._browser, None
        if browser is not None:
            try:
                await browser.close()
            except Exception:  # noqa: BLE001 - it is being thrown away
                pass

    async def _svgs(self, browser_path: str, figures: list[Any], width: int,
                    height: int) -> list[bytes]:
        try:
            browser = await self._open(browser_path)
            options = {"format": "svg", "width": width, "height": height}
            return list(await asyncio.gather(*(browser.calc_fig(figure, opts=dict(options))
                                               for figure in figures)))
        except BaseException:
            await self._reset()
            raise

    async def _pdf(self, browser_path: str, document: Path) -> bytes:
        try:
            browser = await self._open(browser_path)
            tab = await browser.create_tab("")
            try:
                loaded = tab.subscribe_once("Page.loadEventFired")
                await tab.send_command("Page.enable")
                answer = await tab.send_command("Page.navigate",
                                                params={"url": document.as_uri()})
                if "error" in answer:
                    raise RuntimeError(str(answer["error"]))
                await loaded
                answer = await tab.send_command("Page.printToPDF", params=PDF_OPTIONS)
                if "error" in answer:
                    raise RuntimeError(str(answer["error"]))
                return base64.b64decode(answer["result"]["data"])
            finally:
                await browser.close_tab(tab)
        except BaseException:
            await self._reset()
            raise

    def svgs(self, browser_path: str, figures: list[Any], width: int, height: int
             ) -> list[bytes]:
        """Each figure as SVG bytes, drawn by the kept browser."""
        return self._run(self._svgs(browser_path, figures, width, height))

    def pdf(self, browser_path: str, document: Path, timeout: float = TIMEOUT_S) -> bytes:
        """The HTML file ``document`` printed to PDF by the kept browser, within ``timeout``
        seconds (TimeoutError otherwise)."""
        return self._run(self._pdf(browser_path, document), timeout)

    def close(self) -> None:
        """Close the browser (at the process's exit). What Chromium sends while it closes is
        not read any more: choreographer's reader, cut in the middle of a last message, logs
        "JSONError decoding message. Ignoring" with a traceback on stderr (seen twice in a
        day of test runs, both at a command's exit, never reproduced on demand); it is
        silenced for the close only."""
        if self._loop is not None and self._browser is not None:
            import logging

            reader = logging.getLogger("choreographer.channels.pipe")
            level = reader.level
            reader.setLevel(logging.CRITICAL)
            try:
                self._run(self._reset(), timeout=30)
            except Exception:  # noqa: BLE001 - exiting anyway
                pass
            finally:
                reader.setLevel(level)


RENDERER = Renderer()
