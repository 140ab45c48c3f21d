"""Real-browser fixtures: a `streamlit run` on a free loopback port, a fresh database per test module,
and the system Chromium driven by Playwright. Screenshots of every step go to tests/e2e/screenshots/."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from bench.serve import CHROMIUM, CHROMIUM_ARGS, ROOT, start_streamlit
from planmetrics.words import say

SHOTS = ROOT / "tests" / "e2e" / "screenshots"
# Assertions wait for their element up to this long (Playwright's 5 s is short for a first plotly.js render on
# two busy cores); nothing ever sleeps.
expect.set_options(timeout=30_000)

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
            capture_output=True,
            text=True,
            check=False,
            env=self.env,
            cwd=ROOT,
            timeout=120,
        )


def start_server(tmp: Path, *, editors: dict[str, str] | None = None) -> tuple[Server, subprocess.Popen[bytes]]:
    db, secrets = tmp / "e2e.duckdb", tmp / "secrets.toml"
    env = {**os.environ, "PLANMETRICS_DB": str(db), "PLANMETRICS_SECRETS": str(secrets)}
    server = Server("", db, secrets, env)
    assert server.cli("init").returncode == 0
    for name, password in (editors or {}).items():
        done = subprocess.run(
            [sys.executable, "-m", "planmetrics", "user", "add", name],
            env={**env, "PLANMETRICS_PASSWORD": password},
            capture_output=True,
            text=True,
            check=False,
            cwd=ROOT,
        )
        assert done.returncode == 0, done.stderr
    server.url, process = start_streamlit(env)
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


def fill_sign_in(page: Page, name: str, password: str, lang: str = "en") -> None:
    """Sign in through the page's form, its fields and button found by the page's own words."""
    page.get_by_label(say("auth.name", lang)).fill(name)
    page.get_by_role("textbox", name=say("auth.password", lang)).fill(password)
    page.get_by_role("button", name=say("auth.submit", lang)).click()


def signed_in(name: str, lang: str = "en", role: str = "editor") -> str:
    """What the page says once `name` is in, with her role: `Signed in as alice — Plan-team editor.` (the
    module's server adds alice with `user add`'s default role, a plan-team editor)."""
    return say("auth.signed_in", lang, name=name, role=say(f"auth.role.{role}", lang))


def open_page(page: Page, server: Server, path: str = "", **params: str) -> None:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    page.goto(f"{server.url}/{path}{'?' + query if query else ''}")
    expect(page.get_by_test_id("stApp")).to_be_visible()
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=60_000)


def settled(page: Page) -> None:
    """The page's run over: no running indicator, and no element of the previous run left (stale) on it."""
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0)
    expect(page.locator('[data-stale="true"]')).to_have_count(0)
