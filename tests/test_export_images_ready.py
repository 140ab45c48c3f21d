"""A chart is drawn only in a tab that shows kaleido's page with its script run (the flaky
`ReferenceError: kaleido_scopes is not defined`).

kaleido takes a tab as ready at the first JavaScript context and load event after it navigated, whatever
document they belong to. Chromium navigates its first tab itself at start-up (its start page, then its new tab
page); when that navigation wins, kaleido draws in the new tab page. These tests put a real tab of a real
Chromium in the states kaleido can leave it in, then draw through planmetrics' kaleido (`_Kaleido`): another
page recorded as ready, kaleido's page before its script ran, a page that never comes. Without the readiness
check each fails with kaleido's ReferenceError.
"""

from __future__ import annotations

import asyncio
import struct
import threading
from collections.abc import Coroutine, Iterator
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import unquote, urlparse

import kaleido._sync_server
import plotly.graph_objects as go
import pytest

from planmetrics import export_images
from planmetrics.export_images import PageState, TabNotReadyError, page_state

pytestmark = pytest.mark.skipif(
    export_images.chromium_path() is None, reason="Chromium (Debian package chromium) not installed"
)

T = TypeVar("T")
WIDTH, HEIGHT = 320, 200  # the drawing asked for, at scale 1: a PNG of exactly these pixels
FIGURE = go.Figure(go.Bar(x=["a", "b", "c"], y=[3, 1, 2])).to_dict()
OPTIONS = {"format": "png", "width": WIDTH, "height": HEIGHT, "scale": 1}


class Browser:
    """One `_Kaleido` with one tab, on an event loop of its own thread, as kaleido's sync server runs it."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        path = export_images.chromium_path()
        assert path is not None
        self.kaleido: Any = export_images._Kaleido(n=1, mathjax=False, path=path)
        self.run(self.kaleido.open(), timeout=60)

    def run(self, work: Coroutine[Any, Any, T], timeout: float = 30) -> T:
        return asyncio.run_coroutine_threadsafe(work, self.loop).result(timeout)

    async def take_tab(self) -> Any:
        """The tab, out of the queue (as while kaleido draws in it): the test may then put it in any state."""
        return await asyncio.wait_for(self.kaleido.tabs_ready.get(), 30)

    def close(self) -> None:
        self.run(self.kaleido.close())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    opened = Browser()
    yield opened
    opened.close()


def png_size(image: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk (bytes 16-24), after checking the PNG signature."""
    assert image[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", image[16:24])
    return width, height


def test_a_tab_recorded_on_another_page_is_brought_back_before_drawing(browser: Browser) -> None:
    async def scenario() -> tuple[PageState, bytes, PageState]:
        tab = await browser.take_tab()
        # kaleido's own navigate, to another page: the tab as kaleido leaves it when Chromium's start-up
        # navigation wins, its recorded context one where kaleido_scopes does not exist.
        await tab.navigate("about:blank")
        before = await page_state(tab)
        browser.kaleido.tabs_ready.put_nowait(tab)
        image = await browser.kaleido.calc_fig(FIGURE, opts=OPTIONS)
        tab = await browser.take_tab()  # back once reloaded after its answer
        after = await page_state(tab)
        browser.kaleido.tabs_ready.put_nowait(tab)
        return before, image, after

    before, image, after = browser.run(scenario())
    assert (before.url, before.scopes) == ("about:blank", "undefined")  # what kaleido alone would draw in
    assert png_size(image) == (WIDTH, HEIGHT)
    assert (after.url, after.scopes, after.ready_state) == (browser.kaleido._index, "object", "complete")


def test_kaleidos_page_whose_script_has_not_run_is_waited_for(browser: Browser) -> None:
    async def scenario() -> tuple[PageState, bool, bytes]:
        tab = await browser.take_tab()
        send = tab.tab.send_command
        # kaleido's page loaded again and the tab taken as ready at its new context, as when a load event of
        # another document is taken for its own; kaleido_scopes.js held back (the DevTools Fetch domain) so
        # the drawing is asked for before the script has run, whatever the machine's speed.
        held = tab.tab.subscribe_once("Fetch.requestPaused")
        await send("Fetch.enable", params={"patterns": [{"urlPattern": "*kaleido_scopes.js"}]})
        created = tab.tab.subscribe_once("Runtime.executionContextCreated")
        await send("Page.navigate", params={"url": browser.kaleido._index})
        tab._current_js_id = (await asyncio.wait_for(created, 30))["params"]["context"]["id"]
        request = (await asyncio.wait_for(held, 30))["params"]["requestId"]
        before = await page_state(tab)
        browser.kaleido.tabs_ready.put_nowait(tab)
        drawing = asyncio.ensure_future(browser.kaleido.calc_fig(FIGURE, opts=OPTIONS))
        await asyncio.sleep(0.5)
        waited = not drawing.done()
        await send("Fetch.continueRequest", params={"requestId": request})
        await send("Fetch.disable")
        return before, waited, await drawing

    before, waited, image = browser.run(scenario())
    assert (before.url, before.ready_state, before.scopes) == (browser.kaleido._index, "loading", "undefined")
    assert waited  # the drawing waited for the script instead of calling kaleido_scopes before it existed
    assert png_size(image) == (WIDTH, HEIGHT)


def test_a_tab_that_never_shows_kaleidos_page_fails_clearly_and_is_not_lost(browser: Browser) -> None:
    index = Path(unquote(urlparse(browser.kaleido._index).path))
    page = index.read_bytes()
    browser.kaleido.ready_wait = 1.5

    async def scenario() -> None:
        tab = await browser.take_tab()
        await tab.navigate("about:blank")
        browser.kaleido.tabs_ready.put_nowait(tab)
        await browser.kaleido.calc_fig(FIGURE, opts=OPTIONS)

    index.unlink()  # every navigation back to kaleido's page now ends on Chromium's error page
    try:
        with pytest.raises(TabNotReadyError, match=r"not ready in a Chromium tab after 1\.5 s: "):
            browser.run(scenario())
    finally:
        index.write_bytes(page)
        browser.kaleido.ready_wait = export_images.READY_WAIT
    # the tab went back to the queue: the next drawing gets it, brings kaleido's page back and draws
    image = browser.run(browser.kaleido.calc_fig(FIGURE, opts=OPTIONS))
    assert png_size(image) == (WIDTH, HEIGHT)


def test_the_process_server_draws_with_the_readiness_check() -> None:
    export_images._use_own_kaleido()
    assert kaleido._sync_server.Kaleido is export_images._Kaleido
