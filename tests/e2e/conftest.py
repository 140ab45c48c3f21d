"""Real-browser fixtures: a `streamlit run` on a free loopback port, a fresh database per test module,
and the system Chromium driven by Playwright. Screenshots of every step go to tests/e2e/screenshots/."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "tests" / "e2e" / "screenshots"
CHROMIUM = os.environ.get("PLANMETRICS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]  # fmt: skip

pytestmark = pytest.mark.e2e


@dataclass
class Server:
    url: str
    db: Path
    secrets: Path
    env: dict[str, str]

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        """The command line against this server's database (as a second process would)."""
        return subprocess.run(
            [sys.executable, "-m", "planmetrics", "--db", str(self.db), *args],
            capture_output=True, text=True, check=False, env=self.env, cwd=ROOT, timeout=120,
        )  # fmt: skip


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_healthy(url: str, process: subprocess.Popen[bytes], timeout: float = 60) -> None:
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


def start_server(tmp: Path, *, editors: dict[str, str] | None = None) -> tuple[Server, subprocess.Popen[bytes]]:
    db, secrets = tmp / "e2e.duckdb", tmp / "secrets.toml"
    env = {**os.environ, "PLANMETRICS_DB": str(db), "PLANMETRICS_SECRETS": str(secrets)}
    server = Server("", db, secrets, env)
    assert server.cli("init").returncode == 0
    for name, password in (editors or {}).items():
        done = subprocess.run(
            [sys.executable, "-m", "planmetrics", "user", "add", name],
            env={**env, "PLANMETRICS_PASSWORD": password}, capture_output=True, text=True, check=False, cwd=ROOT,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    server.url = f"http://127.0.0.1:{port}"
    _wait_healthy(server.url, process)
    return server, process


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server with the shipped figures and one editor (alice / correct-horse)."""
    running, process = start_server(tmp_path_factory.mktemp("e2e"), editors={"alice": "correct-horse"})
    yield running
    process.terminate()
    process.wait(timeout=20)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-CA", accept_downloads=True)
    opened = context.new_page()
    opened.set_default_timeout(30_000)
    yield opened
    SHOTS.mkdir(parents=True, exist_ok=True)
    opened.screenshot(path=str(SHOTS / f"{request.node.name}-end.png"), full_page=True)
    context.close()


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def open_page(page: Page, server: Server, path: str = "", **params: str) -> None:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    page.goto(f"{server.url}/{path}{'?' + query if query else ''}")
    expect(page.get_by_test_id("stApp")).to_be_visible()
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=60_000)
