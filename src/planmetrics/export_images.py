"""Figures -> PNG, SVG or PDF bytes through kaleido, with one browser server per process.

The server starts lazily at the first export (a few seconds) and is reused (a fraction of a second an
export). Chromium comes from the system (Debian package `chromium`); nothing is ever downloaded.
Imports `errors`.
"""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path
from typing import Any, Literal

import kaleido
import plotly.graph_objects as go

from planmetrics.errors import PlanmetricsError

ImageFormat = Literal["png", "svg", "pdf"]
EXPORT_WIDTH = 1200
_lock = threading.Lock()
_started = False


def chromium_path() -> str | None:
    """The browser kaleido drives: $BROWSER_PATH, else the system Chromium."""
    explicit = os.environ.get("BROWSER_PATH")
    if explicit:
        return explicit if Path(explicit).exists() else None
    return next((found for name in ("chromium", "chromium-browser") if (found := shutil.which(name))), None)


def _ensure_server() -> None:
    global _started  # noqa: PLW0603 - one server per process, by design
    with _lock:
        if _started:
            return
        path = chromium_path()
        if path is None:
            raise PlanmetricsError(
                "Chart export needs Chromium, which is not installed.",
                "Install the Debian package `chromium` (apt-get install chromium) or set $BROWSER_PATH.",
            )
        os.environ.setdefault("BROWSER_PATH", path)
        kaleido.start_sync_server(mathjax=False, silence_warnings=True)
        _started = True


def to_image(figure: go.Figure, fmt: ImageFormat, *, width: int = EXPORT_WIDTH, scale: float = 2) -> bytes:
    """The figure as it is drawn on its page, at print resolution (PNG twice the pixels by default)."""
    _ensure_server()
    height = figure.layout.height or 560
    options: dict[str, Any] = {"format": fmt, "width": width, "height": height, "scale": scale if fmt == "png" else 1}
    image = kaleido.calc_fig_sync(figure, opts=options)
    return bytes(image)


def to_html(figure: go.Figure) -> bytes:
    """A standalone interactive page (plotly.js included, so it opens without a network)."""
    return str(figure.to_html(include_plotlyjs=True, full_html=True)).encode("utf-8")
