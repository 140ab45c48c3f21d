"""A real `streamlit run dashboard.py` on a free loopback port, for the browser tests and the benchmarks."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("PLANMETRICS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]  # fmt: skip


# The server's allocator as `make run` sets it: two malloc arenas, not eight per core. Each session's script runs
# in a thread of its own, and with glibc's default each thread may get an arena that keeps its freed memory:
# after 30 overview and 70 Jobs sessions had gone, the server kept 80 MB more than after the first, and 36 MB
# with two arenas (bench/sessions.py, at a million figures).
SERVER_ENV = {"MALLOC_ARENA_MAX": "2"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_healthy(url: str, process: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("streamlit did not become healthy in time")


def start_streamlit(env: dict[str, str]) -> tuple[str, subprocess.Popen[bytes]]:
    """Start the dashboard with `env` (PLANMETRICS_DB, ...) as `make run` does (`SERVER_ENV`); returns its URL and
    process, once healthy."""
    port = free_port()
    env = {**SERVER_ENV, **env}
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, process)
    except BaseException:  # never left running: a server that did not come up is stopped before the error
        process.kill()
        process.wait(timeout=30)
        raise
    return url, process


def rss_mb(pid: int) -> float:
    """Resident memory of a process, in MB (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")
