"""AppTest fixtures: a real database made by `planmetrics init`, found through $PLANMETRICS_DB."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from planmetrics.cli import main

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def app_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    db = tmp_path / "app.duckdb"
    assert main(["--db", str(db), "init"]) == 0
    monkeypatch.setenv("PLANMETRICS_DB", str(db))
    monkeypatch.setenv("PLANMETRICS_SECRETS", str(tmp_path / "secrets.toml"))
    return db


PageRunner = Callable[..., AppTest]


@pytest.fixture
def run_page(app_db: Path) -> PageRunner:
    """Run one page file on its own, optionally in a language, and fail on any exception."""

    def run(name: str, lang: str | None = None, **params: str) -> AppTest:
        at = AppTest.from_file(str(ROOT / "pages" / f"{name}.py"), default_timeout=60)
        if lang:
            at.query_params["lang"] = lang
        for key, value in params.items():
            at.query_params[key] = value
        at.run()
        assert not at.exception, at.exception
        return at

    return run


def texts(at: AppTest) -> str:
    """Everything the page wrote as text: markdown, captions, metrics, alerts, badges."""
    parts: list[str] = []
    for kind in ("markdown", "caption", "title", "subheader", "header", "info", "warning", "success", "error"):
        parts += [str(e.value) for e in at.get(kind)]
    for metric in at.get("metric"):
        parts += [str(metric.label), str(metric.value)]
    parts += [str(e.proto) for e in at.get("badge")]
    return _ESCAPED.sub(r"\1", "\n".join(parts))


# Markdown shows `\$` as `$`: the text a person reads has no escaping backslashes.
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
