"""Figures -> PNG, SVG or PDF bytes through kaleido, with one browser server per process.

The server starts lazily at the first export (a few seconds) and is reused (a fraction of a second an
export). Chromium comes from the system (Debian package `chromium`), pointed to by $BROWSER_PATH, which
kaleido's browser driver (choreographer) reads; nothing is ever downloaded. A tab draws only once it shows
kaleido's page with its script run (`_Kaleido`). Imports `errors`.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, Literal

import kaleido
import kaleido._sync_server
import plotly.graph_objects as go

from planmetrics.errors import PlanmetricsError

ImageFormat = Literal["png", "svg", "pdf"]
FORMATS: tuple[ImageFormat, ...] = ("png", "svg", "pdf")
EXPORT_WIDTH = 1200
DEFAULT_HEIGHT = 560
TABS = 2  # browser tabs of a long-lived process's server: a report's charts are drawn two at a time
READY_WAIT = 60.0  # seconds a tab may take to show kaleido's page (plotly.js read: 2 s idle, over 10 s loaded)
READY_POLL = 0.02
_lock = threading.Lock()
_started = False


def chromium_path() -> str | None:
    """The browser kaleido drives: $BROWSER_PATH when it exists, else the system Chromium."""
    explicit = os.environ.get("BROWSER_PATH")
    if explicit:
        return explicit if Path(explicit).exists() else None
    return next((found for name in ("chromium", "chromium-browser") if (found := shutil.which(name))), None)


class TabNotReadyError(RuntimeError):
    """A browser tab never showed kaleido's page with its script run, within the bounded wait."""


class _Kaleido(kaleido.Kaleido):  # type: ignore[misc]
    """kaleido's browser with two changes: a tab is handed out only once its page is ready, and it is reloaded
    after its answer rather than before.

    Ready: kaleido takes a tab as ready at the first JavaScript context and the first load event the tab reports
    after it navigated, whichever document they belong to (it asks for them while the old document may still
    be shown: Chromium answers a navigation when it starts). Chromium also navigates the browser's first tab
    itself at start-up (its start page, then its new tab page), overlapping kaleido's navigation; whenever
    another document's context or load is the one taken, kaleido draws where `kaleido_scopes` does not exist.
    So before each drawing the tab's context is asked whether it is kaleido's page with `kaleido_scopes`
    defined; a page still loading is waited for, another page (or a context that is gone) is navigated back
    to kaleido's page, all within `ready_wait` seconds, else `TabNotReadyError` says what the tab showed.

    Reload: the reload (the page and plotly.js read again: about a third of a warm export) overlaps what comes
    next, and a drawing asked for meanwhile takes the other tab. A tab still goes back to the queue only once
    reloaded, as in kaleido itself.
    """

    ready_wait = READY_WAIT

    async def _get_kaleido_tab(self) -> Any:
        tab = await super()._get_kaleido_tab()
        try:
            await self._until_ready(tab)
        except BaseException:
            self.tabs_ready.put_nowait(tab)  # kaleido takes no tab back before drawing: later drawings would wait
            raise
        return tab

    async def _until_ready(self, tab: Any) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.ready_wait
        seen = PageState(None, "", "")
        while loop.time() < deadline:
            try:
                seen = await asyncio.wait_for(page_state(tab), deadline - loop.time())
                if seen.ready:
                    return
                if seen.loading_page(self._index):
                    await asyncio.sleep(READY_POLL)
                else:
                    await asyncio.wait_for(tab.navigate(self._index), deadline - loop.time())
            except TimeoutError:
                break
            except asyncio.CancelledError:
                # a browser call cut at the deadline may end cancelled rather than timed out (choreographer's
                # executor); before the deadline it is a cancellation from outside, and goes on
                if loop.time() < deadline:
                    raise
                break
        raise TabNotReadyError(
            f"kaleido's page was not ready in a Chromium tab after {self.ready_wait:g} s: {seen.described}"
        )

    async def _return_kaleido_tab(self, tab: Any) -> None:
        reloads: set[asyncio.Task[None]] = self.__dict__.setdefault("_planmetrics_reloads", set())
        task = asyncio.get_running_loop().create_task(super()._return_kaleido_tab(tab))
        reloads.add(task)
        task.add_done_callback(partial(_forget, reloads))

    async def close(self) -> None:
        pending = list(self.__dict__.get("_planmetrics_reloads", ()))
        if pending:
            await asyncio.gather(*pending, return_exceptions=True)
        await super().close()


@dataclass(frozen=True)
class PageState:
    """What a tab's recorded JavaScript context shows: `kaleido_scopes`' type (None: the context is gone)."""

    scopes: str | None
    url: str
    ready_state: str

    @property
    def ready(self) -> bool:
        return self.scopes == "object"

    def loading_page(self, index: str) -> bool:
        """kaleido's own page, its scripts still being read: worth waiting for rather than navigating again."""
        return self.scopes is not None and self.url == index and self.ready_state != "complete"

    @property
    def described(self) -> str:
        if self.scopes is None:
            return "its JavaScript context is gone"
        return f"{self.url or 'no page'} ({self.ready_state}), kaleido_scopes {self.scopes}"


async def page_state(tab: Any) -> PageState:
    """Ask the context kaleido draws in (the tab's `_current_js_id`) what it holds."""
    answer = await tab.tab.send_command(
        "Runtime.evaluate",
        params={
            "expression": "[typeof kaleido_scopes, location.href, document.readyState]",
            "contextId": tab._current_js_id,  # the very context kaleido's drawing uses
            "returnByValue": True,
        },
    )
    value = answer.get("result", {}).get("result", {}).get("value")
    if "error" in answer or not isinstance(value, list) or len(value) != len(PageState.__dataclass_fields__):
        return PageState(None, "", "")
    return PageState(str(value[0]), str(value[1]), str(value[2]))


def _forget(reloads: set[asyncio.Task[None]], done: asyncio.Task[None]) -> None:
    reloads.discard(done)
    if not done.cancelled():
        done.exception()  # retrieved: a tab that failed to reload is simply not handed out again, as in kaleido


def _use_own_kaleido() -> None:
    """Have kaleido's one server use `_Kaleido`; kept as kaleido is if its insides ever change."""
    server_module: Any = kaleido._sync_server
    own = ("_return_kaleido_tab", "_get_kaleido_tab")
    if (
        all(hasattr(kaleido.Kaleido, name) for name in own)
        and getattr(server_module, "Kaleido", None) is kaleido.Kaleido
    ):
        server_module.Kaleido = _Kaleido


def start(tabs: int = TABS) -> None:
    """Start the process's one server with `tabs` browser tabs, unless it runs already (the first call decides).

    The dashboard keeps two tabs, so a report draws two charts at a time. A command that draws once starts
    one tab: each tab loads plotly.js, which costs more than it saves for a few charts.
    """
    global _started  # noqa: PLW0603 - one server per process, by design
    with _lock:
        if _started:
            return
        path = chromium_path()
        if path is None:
            raise PlanmetricsError("export.no_chromium", "export.chromium.advice")
        os.environ["BROWSER_PATH"] = path
        _use_own_kaleido()
        try:
            kaleido.start_sync_server(n=tabs, mathjax=False, silence_warnings=True)
        except Exception as exc:  # kaleido raises several kinds when the browser cannot start
            raise PlanmetricsError("export.chromium_failed", "export.chromium.advice", path=path, detail=exc) from exc
        _started = True


def to_image(
    figure: go.Figure,
    fmt: ImageFormat,
    *,
    scale: float = 2,
    width: int = EXPORT_WIDTH,
    height: int | None = None,
) -> bytes:
    """The figure as an image: PNG at `scale` times the pixels (print resolution by default), SVG or PDF.

    The height is the figure's own (charts set theirs to fit their title and footer) unless given.
    """
    start()
    return bytes(kaleido.calc_fig_sync(figure, opts=_options(figure, fmt, scale, width, height)))


def to_images(figures: Sequence[go.Figure | dict[str, Any]], fmt: ImageFormat, *, scale: float = 2) -> list[bytes]:
    """Several figures at once, drawn in parallel by the server's tabs; the same bytes `to_image` gives.

    A figure may be given as its dict (`Figure.to_dict()`), which spares plotly's validation of a copy.
    """
    start()
    with tempfile.TemporaryDirectory(prefix="planmetrics-images-") as folder:
        paths = [Path(folder) / f"{n}.{fmt}" for n in range(len(figures))]
        specs = [
            {"fig": figure, "path": str(path), "opts": _options(figure, fmt, scale, EXPORT_WIDTH, None)}
            for figure, path in zip(figures, paths, strict=True)
        ]
        kaleido.write_fig_from_object_sync(specs, cancel_on_error=True)
        return [path.read_bytes() for path in paths]


def _options(
    figure: go.Figure | dict[str, Any], fmt: ImageFormat, scale: float, width: int, height: int | None
) -> dict[str, Any]:
    if fmt not in FORMATS:
        raise PlanmetricsError("export.unknown_format", "export.unknown_format.advice", fmt=repr(fmt))
    scale = scale if fmt == "png" else 1
    return {"format": fmt, "width": width, "height": height or drawn_height(figure), "scale": scale}


def drawn_height(figure: go.Figure | dict[str, Any]) -> int:
    """The height an image of the figure has, at the export's width: its own, else the default."""
    own = figure.get("layout", {}).get("height") if isinstance(figure, dict) else figure.layout.height
    return int(own or DEFAULT_HEIGHT)


def to_html(figure: go.Figure) -> bytes:
    """A standalone interactive page (plotly.js included, so it opens without a network)."""
    return str(figure.to_html(include_plotlyjs=True, full_html=True)).encode("utf-8")
