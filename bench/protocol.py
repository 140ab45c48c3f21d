"""A browser-free Streamlit client: one session that connects, runs a page to its end and leaves.

It speaks Streamlit's own protocol as a browser tab does: GET `/_stcore/health` (which sets the
`_streamlit_xsrf` cookie), opens the websocket `/_stcore/stream` with the subprotocols `streamlit` and the
cookie's value and the cookie header, sends a `BackMsg` whose `rerun_script` names the page (`page_name`),
and reads `ForwardMsg`s until `script_finished`. Many of them at once, in threads, are many people opening
the same link: `sessions(url, "", 30)` gives each session's seconds from connect to script finished.

A page is named by its url path, and the default page's is "" (Streamlit gives the default page the root URL
whatever its `url_path`): asked for by another name, such as "overview", or for a page that does not exist,
the server says `page_not_found` and runs the default page, which `Run.page_not_found` records.

The XSRF token is not a lock on the page: Streamlit's websocket checks it (when the client sends an Origin
header, as a browser and this client do) only before reading a signed-in person's cookie, so a session with a
wrong token still runs its page, as a person nobody signed in. A server that sets no XSRF cookie (its
protection turned off) is refused here: this client speaks as a browser tab of our own server does.

    python -m bench.protocol URL [--page ""] [--sessions 10]
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
from websockets.typing import Origin, Subprotocol

XSRF_COOKIE = "_streamlit_xsrf"


@dataclass(frozen=True)
class Run:
    """One session's run of a page: seconds from connect to `script_finished`, how many messages, the
    exceptions the page showed (their messages), whether the script finished at all, the plotly charts it
    sent and whether the server said it had no page of that name (and ran the default page instead)."""

    seconds: float
    messages: int
    exceptions: tuple[str, ...]
    finished: bool
    charts: int
    page_not_found: bool = False

    def broken(self) -> str | None:
        """What is wrong with this run for a benchmark (a page that broke is no benchmark), or None."""
        if not self.finished:
            return "the script never finished"
        if self.page_not_found:
            return "the server has no page of that name"
        if self.exceptions:
            return f"the page showed an exception: {self.exceptions[0]}"
        if self.charts == 0:
            return "the page showed no chart"
        return None


def _xsrf(url: str) -> str:
    jar = http.cookiejar.CookieJar()
    # No proxy from the environment: the server is this machine's
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), urllib.request.HTTPCookieProcessor(jar))
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
    return bytes(message.SerializeToString())


def _element(delta: ForwardMsg) -> str | None:
    if not delta.HasField("delta") or not delta.delta.HasField("new_element"):
        return None
    return delta.delta.new_element.WhichOneof("type")


def run_page(url: str, page: str, query: str = "", timeout: float = 300, token: str | None = None) -> Run:
    """Connect, run `page` (its url path; "" for the default page) to its end, and close the session.

    `token` replaces the XSRF token sent beside the cookie (to see what the server does with a wrong one)."""
    started = time.perf_counter()
    xsrf = _xsrf(url)
    stream = url.replace("http://", "ws://", 1).replace("https://", "wss://", 1) + "/_stcore/stream"
    messages, charts, exceptions, finished, not_found = 0, 0, [], False, False
    with connect(
        stream,
        # Streamlit reads the token from the second subprotocol
        subprotocols=[Subprotocol("streamlit"), Subprotocol(xsrf if token is None else token)],
        additional_headers={"Cookie": f"{XSRF_COOKIE}={xsrf}"},
        origin=Origin(url),  # as a browser tab sends it
        proxy=None,
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
            elif forward.WhichOneof("type") == "page_not_found":
                not_found = True
            # A page that reruns itself (`st.rerun`) ends its first run early: read on to the last
            if (
                forward.WhichOneof("type") == "script_finished"
                and forward.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN
            ):
                finished = True
                break
    return Run(round(time.perf_counter() - started, 3), messages, tuple(exceptions), finished, charts, not_found)


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
        except Exception as exc:  # every failed session is reported, not lost in its thread
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
    parser.add_argument("--page", default="", help='the page\'s url path; "" (the default) for the default page')
    parser.add_argument("--sessions", type=int, default=1)
    args = parser.parse_args()
    runs = sessions(args.url, args.page, args.sessions)
    seconds = [r.seconds for r in runs]
    print(
        f"{args.sessions} × {args.page}: p95 {p95(seconds):.2f} s, median {statistics.median(seconds):.2f} s, "
        f"charts {sorted({r.charts for r in runs})}, finished {sum(r.finished for r in runs)}, "
        f"exceptions {sum(len(r.exceptions) for r in runs)}, page not found {sum(r.page_not_found for r in runs)}"
    )


if __name__ == "__main__":
    main()
