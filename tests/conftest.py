"""Shared fixtures: the shipped plan, hand-written figures, real DuckDB files in tmp_path, real small disks."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import pytest

from planmetrics import config
from planmetrics.plan import Plan, load_plans
from planmetrics.store import Store

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def run_cli(*args: str, env: dict[str, str] | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """`python -m planmetrics ARGS` in a process of its own, from the project's root, its output captured."""
    return subprocess.run(
        [sys.executable, "-m", "planmetrics", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        env=env,
        timeout=timeout,
    )


def figure_rows(rows: list[tuple[str, int, float]], region: str = "Québec", **extra: str) -> pd.DataFrame:
    """Total figures (indicator, year, value) written by hand, in the store's columns."""
    frame = pd.DataFrame(rows, columns=["indicator", "year", "value"])
    frame["region"] = region
    frame["sector"] = extra.get("sector", config.TOTAL_SECTOR)
    frame["network"] = extra.get("network", config.TOTAL_NETWORK)
    frame["unit"] = None
    frame["flag"] = None
    frame["source"] = extra.get("source", "test")
    frame["value"] = frame["value"].astype(float)
    return frame[config.FIGURE_COLUMNS]


# METHOD.md's public figures, typed from the page (not read from data/figures/).
PUBLIC_FIGURES = [
    ("jobs", 2014, 100_000),
    ("revenue", 2014, 33.4e9),
    ("organizations", 2015, 3_300),
    ("jobs", 2015, 95_000),
    ("organizations", 2018, 3_000),
    ("jobs", 2018, 116_000),
    ("revenue", 2018, 39e9),
    ("members", 2018, 8.8e6),
    ("revenue", 2019, 47e9),
]


@pytest.fixture(scope="session")
def plan() -> Plan:
    return next(p for p in load_plans() if p.id == "cqcm-2020")


@pytest.fixture
def public_figures() -> pd.DataFrame:
    return figure_rows(PUBLIC_FIGURES)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    """An empty, migrated database file."""
    db = Store(tmp_path / "test.duckdb")
    db.migrate()
    return db


@pytest.fixture(scope="session")
def initialised_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database made once a session by the real `planmetrics init` (the shipped plan and figures)."""
    path = tmp_path_factory.mktemp("initialised") / "template.duckdb"
    # no developer's own secrets file carried into every test database
    env = {**os.environ, "PLANMETRICS_SECRETS": str(path.with_name("no-secrets.toml"))}
    done = run_cli("--db", str(path), "init", env=env)
    assert done.returncode == 0, done.stderr
    return path


@pytest.fixture
def db(initialised_template: Path, tmp_path: Path) -> str:
    """A database just after `planmetrics init`: a copy of the session's, for one test to change."""
    path = tmp_path / "initialised.duckdb"
    shutil.copyfile(initialised_template, path)
    return str(path)


@contextmanager
def tmpfs(path: Path, size_kb: int) -> Iterator[Path]:
    """A real small file system of `size_kb` KiB mounted at `path` (we run as root in CI), unmounted when the
    block ends; the test is skipped where one cannot be mounted."""
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    path.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    if mounted.returncode:
        pytest.skip(f"cannot mount a tmpfs: {mounted.stderr.strip()}")
    try:
        yield path
    finally:
        if subprocess.run(["umount", str(path)], capture_output=True, check=False).returncode:
            subprocess.run(["umount", "-l", str(path)], capture_output=True, check=False)


def review_all_plans(folder: Path) -> Path:
    """A plans folder holding the shipped plan with `review_all = true` (every import a submission)."""
    folder.mkdir()
    shipped = (ROOT / "data" / "plans" / "cqcm-2020.toml").read_text(encoding="utf-8")
    assert shipped.count("review_all = false\n") == 1
    (folder / "cqcm-2020.toml").write_text(shipped.replace("review_all = false\n", "review_all = true\n"), "utf-8")
    return folder
