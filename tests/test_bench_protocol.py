"""The browser-free Streamlit client of `bench/protocol.py` against a real `streamlit run dashboard.py` on the
shipped figures: it runs the overview and the Jobs page to `script_finished` with their charts, several
sessions at once all finish, and what goes wrong is said (a page the server does not have, a server that sets
no XSRF cookie); a wrong XSRF token is shown for what Streamlit does with it (the page still runs)."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench import protocol
from bench.serve import start_streamlit
from bench.sessions import PAGES, BrokenPageError, checked
from tests.conftest import run_cli


def _server(tmp: Path, **extra: str) -> tuple[str, subprocess.Popen[bytes]]:
    db = tmp / "bench.duckdb"
    if not db.exists():
        made = run_cli("--db", str(db), "init")
        assert made.returncode == 0, made.stderr
    env = {**os.environ, "PLANMETRICS_DB": str(db), "PLANMETRICS_SECRETS": str(tmp / "none.toml"), **extra}
    return start_streamlit(env)


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    address, process = _server(tmp_path_factory.mktemp("protocol"))
    yield address
    process.terminate()
    process.wait(timeout=20)


@pytest.mark.parametrize("page", ["overview", "jobs"])
def test_a_page_runs_to_its_end_with_its_charts(url: str, page: str) -> None:
    run = protocol.run_page(url, PAGES[page])
    assert run.finished
    assert run.charts > 0
    assert run.exceptions == ()
    assert not run.page_not_found
    assert run.broken() is None
    assert run.messages > run.charts  # the page's other elements came too, not only its charts


def test_sessions_opened_at_once_all_finish(url: str) -> None:
    runs = protocol.sessions(url, PAGES["overview"], 3)
    assert len(runs) == 3
    assert checked("overview", runs) == runs
    alone = protocol.run_page(url, PAGES["overview"])
    assert {run.charts for run in runs} == {alone.charts}


def test_a_page_the_server_does_not_have_is_said(url: str) -> None:
    run = protocol.run_page(url, "no-such-page")
    assert run.page_not_found
    assert run.finished  # the server ran its default page instead, which a benchmark must not count
    assert run.broken() == "the server has no page of that name"
    with pytest.raises(BrokenPageError, match="no-such-page: the server has no page of that name"):
        checked("no-such-page", [run])
    # The default page's own url path is not its name for the server: its url is the root
    assert protocol.run_page(url, "overview").page_not_found


def test_a_wrong_xsrf_token_still_runs_the_page(url: str) -> None:
    """Streamlit checks the token only before reading a signed-in person's cookie: the session goes on, as a
    person nobody signed in."""
    run = protocol.run_page(url, PAGES["overview"], token="not-the-cookie")
    assert run.broken() is None
    assert run.charts > 0


def test_a_server_that_sets_no_xsrf_cookie_is_refused(tmp_path: Path) -> None:
    address, process = _server(tmp_path, STREAMLIT_SERVER_ENABLE_XSRF_PROTECTION="false")
    try:
        with pytest.raises(RuntimeError, match="no XSRF cookie"):
            protocol.run_page(address, PAGES["overview"])
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_p95_is_the_nearest_rank() -> None:
    assert protocol.p95([0.5]) == 0.5
    assert protocol.p95([float(n) for n in range(1, 21)]) == 19.0  # 95 % of 20 is the 19th
    assert protocol.p95([float(n) for n in range(30, 0, -1)]) == 29.0  # ceil(28.5): the 29th of 30
