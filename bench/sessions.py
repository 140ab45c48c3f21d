"""A board meeting against one server: many people opening the same link at once, and the memory the server
gives back once they have left. Part of `make bench` (at its largest size), or on its own:

    python -m bench.sessions [--db bench/out/synthetic-1000000.duckdb] [--wave 10]

Against a fresh `streamlit run dashboard.py` on the database, through the browser-free client of
`bench/protocol.py` (every session connects, runs its page to `script_finished` and leaves):
- `rss_one_session_mb`: the server's resident memory after the first overview session it ever served;
  `rss_warm_mb` after one Jobs session more (both pages' shared work done once; not timed);
- `sessions_p95_s`: {"overview": {"1", "10", "30"}, "jobs": {"1", "10"}}, sessions opened at once (threads
  started together), each from connect to script finished, 95th percentile by nearest rank;
  `session_cpu_s`: the server's CPU seconds (user + system, all its threads) over the 10-session run, per session;
- then 30 overview and 70 Jobs sessions in waves of `wave`: `rss_peak_mb` (sampled every 0.5 s during the
  waves), then Streamlit's disconnected-session time (`server.disconnectedSessionTTL`, 120 s by default, kept)
  is waited out plus 10 s: `rss_after_ttl_mb`. Streamlit drops a timed-out session from its store only when the
  store is next written, which is when a session next disconnects: one overview session more does it, and
  `rss_after_100_sessions_mb` is read after it (holding that one session, as `rss_one_session_mb` does).

Every session must finish with its charts and no exception: a benchmark of pages that broke is no benchmark,
and `BrokenPageError` says which page and why. May import `bench.protocol`, `bench.serve` and Streamlit's config.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.protocol import Run, p95, run_page, sessions
from bench.serve import ROOT, rss_mb, start_streamlit

# A page's name in the results, and the url path the client asks for: the default page's is "" (its own
# url path is answered with `page_not_found`, then the default page)
PAGES = {"overview": "", "jobs": "jobs"}
CONCURRENT = {"overview": (1, 10, 30), "jobs": (1, 10)}
CPU_COUNT = 10  # the run whose server CPU time is taken, per session
COME_AND_GO = {"overview": 30, "jobs": 70}
WAVE = 10
AFTER_TTL_S = 10
DEFAULT_DB = ROOT / "bench" / "out" / "synthetic-1000000.duckdb"


class BrokenPageError(RuntimeError):
    """A session of the benchmark ended without its page: no figure of such a run means anything."""


def checked(page: str, runs: list[Run]) -> list[Run]:
    """`runs` of `page`, once every one of them finished with its charts and no exception."""
    for run in runs:
        if (wrong := run.broken()) is not None:
            raise BrokenPageError(f"{page}: {wrong} ({run})")
    return runs


def cpu_s(pid: int) -> float:
    """CPU seconds (user + system, every thread) a process has used so far (Linux /proc)."""
    # The fields after the command's name, which ends at the last ")": utime and stime are the 12th and 13th
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class PeakMemory:
    """The largest resident memory of a process, sampled every `every` seconds while in a `with` block."""

    def __init__(self, pid: int, every: float = 0.5) -> None:
        self.pid, self.every, self.peak = pid, every, 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while True:
            self.peak = max(self.peak, rss_mb(self.pid))
            if self._stop.wait(self.every):
                return

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, rss_mb(self.pid))


def session_ttl_s() -> int:
    """Streamlit's disconnected-session time, as the server started from the project's folder reads it."""
    from streamlit import config  # noqa: PLC0415 - only this needs Streamlit's own configuration

    return int(config.get_option("server.disconnectedSessionTTL"))


def measure(db: Path, wave: int = WAVE, log: Callable[[str], None] = print) -> dict[str, Any]:
    """Every session figure of one fresh server on `db` (see the module's docstring)."""
    with tempfile.TemporaryDirectory() as tmp:
        # No editor's secrets of this checkout: every session is a person nobody signed in
        env = {**os.environ, "PLANMETRICS_DB": str(db), "PLANMETRICS_SECRETS": str(Path(tmp) / "none.toml")}
        url, server = start_streamlit(env)
        try:
            return _measure(url, server.pid, wave, log)
        finally:
            server.terminate()
            server.wait(timeout=30)


def _measure(url: str, pid: int, wave: int, log: Callable[[str], None]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    checked("overview", [run_page(url, PAGES["overview"])])
    result["rss_one_session_mb"] = round(rss_mb(pid), 1)
    checked("jobs", [run_page(url, PAGES["jobs"])])
    result["rss_warm_mb"] = round(rss_mb(pid), 1)
    log(f"  one overview session: {result['rss_one_session_mb']} MB; both pages warm: {result['rss_warm_mb']} MB")

    p95s: dict[str, dict[str, float]] = {}
    cpu: dict[str, float] = {}
    for name, counts in CONCURRENT.items():
        p95s[name] = {}
        for count in counts:
            used = cpu_s(pid)
            runs = checked(name, sessions(url, PAGES[name], count))
            if count == CPU_COUNT:
                cpu[name] = round((cpu_s(pid) - used) / count, 3)
            seconds = [run.seconds for run in runs]
            p95s[name][str(count)] = round(p95(seconds), 2)
            log(
                f"  {count:>2} × {name}: p95 {p95(seconds):.2f} s, median {statistics.median(seconds):.2f} s, "
                f"charts {min(run.charts for run in runs)}"
            )
    result["sessions_p95_s"], result["session_cpu_s"] = p95s, cpu

    with PeakMemory(pid) as peak:
        for name, total in COME_AND_GO.items():
            for start in range(0, total, wave):
                checked(name, sessions(url, PAGES[name], min(wave, total - start)))
    result["rss_peak_mb"] = round(peak.peak, 1)
    result["rss_after_sessions_mb"] = round(rss_mb(pid), 1)
    ttl = session_ttl_s()
    log(
        f"  {sum(COME_AND_GO.values())} sessions come and gone: {result['rss_after_sessions_mb']} MB "
        f"(peak {result['rss_peak_mb']} MB); waiting out the {ttl} s disconnected-session time…"
    )
    time.sleep(ttl + AFTER_TTL_S)
    result["rss_after_ttl_mb"] = round(rss_mb(pid), 1)
    checked("overview", [run_page(url, PAGES["overview"])])  # its leaving drops the timed-out sessions
    time.sleep(1)  # the server's side of the leaving
    result["rss_after_100_sessions_mb"] = round(rss_mb(pid), 1)
    result["session_ttl_s"] = ttl
    log(
        f"  after {ttl + AFTER_TTL_S} s: {result['rss_after_ttl_mb']} MB; after one more session: "
        f"{result['rss_after_100_sessions_mb']} MB"
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, default=DEFAULT_DB)
    parser.add_argument("--wave", type=int, default=WAVE)
    args = parser.parse_args()
    if not args.db.exists():
        raise SystemExit(f"{args.db} does not exist: python -m bench.generate --rows 1000000 --out bench/out")
    print(json.dumps(measure(args.db, args.wave), indent=2))


if __name__ == "__main__":
    main()
