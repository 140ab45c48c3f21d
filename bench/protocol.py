"""A browser-free Streamlit client: one session that connects, runs a page to its end and leaves.

It speaks Streamlit's own protocol as a browser tab does: GET `/_stcore/health` (which sets the
`_streamlit_xsrf` cookie), opens the websocket `/_stcore/stream` with the subprotocols `streamlit` and the
cookie's value and the cookie header, sends a `BackMsg` whose `rerun_script` names the page (`page_name`),
and reads `ForwardMsg`s until `script_finished`. Many of them at once, in threads, are many people opening
the same link: `sessions(url, "overview", 30)` gives each session's seconds from connect to script finished.

    python -m bench.protocol URL [--page overview] [--sessions 10]
"""

from __future__ import annotations

import argparse
import http.cookiejar
import statistics
import threading
import time
import urllib.request
from dataclasses import dataclass

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.sync.client import connect

XSRF_COOKIE = "_streamlit_xsrf"


@dataclass(frozen=True)
class Run:
    """One session's run of a page: seconds from connect to `script_finished`, how many messages, the
    exceptions the page showed (their messages) and whether the script finished at all."""

    seconds: float
    messages: int
    exceptions: tuple[str, ...]
    finished: bool
    charts: int


def _xsrf(url: str) -> str:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(f"{url}/_stcore/health", timeout=30) as answer:
        answer.read()
    for cookie in jar:
        if cookie.name == XSRF_COOKIE and cookie.value:
            return cookie.value
    raise RuntimeError("the server set no XSRF cookie on /_stcore/health")


def _rerun(page: str, query: str = "") -> bytes:
    message = BackMsg()
    message.rerun_script.page_name = page
    message.rerun_script.query_string = query
    message.rerun_script.is_auto_rerun = False
    return message.SerializeToString()


def _element(delta: ForwardMsg) -> str | None:
    if not delta.HasField("delta") or not delta.delta.HasField("new_element"):
        return None
    return delta.delta.new_element.WhichOneof("type")


def run_page(url: str, page: str, query: str = "", timeout: float = 300) -> Run:
    """Connect, run `page` (its url path; "" for the default page) to its end, and close the session."""
    started = time.perf_counter()
    xsrf = _xsrf(url)
    stream = url.replace("http://", "ws://", 1).replace("https://", "wss://", 1) + "/_stcore/stream"
    messages, charts, exceptions, finished = 0, 0, [], False
    with connect(
        stream,
        subprotocols=["streamlit", xsrf],  # type: ignore[list-item]  # Streamlit reads the token from the 2nd
        additional_headers={"Cookie": f"{XSRF_COOKIE}={xsrf}"},
        max_size=None,
        open_timeout=timeout,
        close_timeout=5,
    ) as socket:
        socket.send(_rerun(page, query))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            raw = socket.recv(timeout=max(deadline - time.monotonic(), 0.1))
            forward = ForwardMsg()
            forward.ParseFromString(raw if isinstance(raw, bytes) else raw.encode())
            messages += 1
            kind = _element(forward)
            if kind == "plotly_chart":
                charts += 1
            elif kind == "exception":
                exceptions.append(forward.delta.new_element.exception.message)
            if forward.WhichOneof("type") == "script_finished":
                # A page that reruns itself (`st.rerun`) ends its first run early: read on to the last
                if forward.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    finished = True
                    break
    return Run(round(time.perf_counter() - started, 3), messages, tuple(exceptions), finished, charts)


def sessions(url: str, page: str, count: int, query: str = "") -> list[Run]:
    """`count` sessions opened at once on `page`, each in its own thread; their runs, in the order they ended."""
    runs: list[Run] = []
    failures: list[BaseException] = []
    lock = threading.Lock()
    start = threading.Barrier(count)

    def one() -> None:
        start.wait()
        try:
            result = run_page(url, page, query)
        except Exception as exc:  # noqa: BLE001 - every failed session is reported, not lost in its thread
            with lock:
                failures.append(exc)
            return
        with lock:
            runs.append(result)

    threads = [threading.Thread(target=one, daemon=True) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise RuntimeError(f"{len(failures)} of {count} sessions failed: {failures[0]!r}")
    return runs


def p95(values: list[float]) -> float:
    """The 95th percentile, nearest rank (with one value, that value)."""
    ordered = sorted(values)
    return ordered[max(0, -(-95 * len(ordered) // 100) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("url")
    parser.add_argument("--page", default="overview")
    parser.add_argument("--sessions", type=int, default=1)
    args = parser.parse_args()
    runs = sessions(args.url, args.page, args.sessions)
    seconds = [r.seconds for r in runs]
    print(
        f"{args.sessions} × {args.page}: p95 {p95(seconds):.2f} s, median {statistics.median(seconds):.2f} s, "
        f"charts {sorted({r.charts for r in runs})}, finished {sum(r.finished for r in runs)}, "
        f"exceptions {sum(len(r.exceptions) for r in runs)}"
    )


if __name__ == "__main__":
    main()
