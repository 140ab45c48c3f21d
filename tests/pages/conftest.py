"""AppTest fixtures: a real database made by `planmetrics init`, found through $PLANMETRICS_DB; users added to
its store as `planmetrics user add` adds them; a sign-in through the page's own form."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Dataframe

from planmetrics import accounts
from planmetrics.cli import main
from planmetrics.plan import default_plan, load_plans
from planmetrics.store import Store
from planmetrics.words import say
from tests.conftest import review_all_plans

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def app_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    db = tmp_path / "app.duckdb"
    assert main(["--db", str(db), "init"]) == 0
    monkeypatch.setenv("PLANMETRICS_DB", str(db))
    monkeypatch.setenv("PLANMETRICS_SECRETS", str(tmp_path / "secrets.toml"))
    return db


PageRunner = Callable[..., AppTest]
PASSWORD = "correct-horse"


def add_user(db: Path, name: str, role: str = "editor", network: str | None = None) -> None:
    """A user of the store, with the tests' one password (a real argon2 hash, as `planmetrics user add` makes)."""
    plan = default_plan(load_plans())
    accounts.add_user(Store(db), plan, name, PASSWORD, role=role, network=network, by="test")


def sign_in(at: AppTest, name: str, password: str = PASSWORD) -> AppTest:
    """Sign in through the page's form: its name and password fields and its button, found by their labels."""
    labels = {key: {say(key, lang) for lang in ("en", "fr")} for key in ("auth.name", "auth.password", "auth.submit")}
    next(t for t in at.text_input if t.label in labels["auth.name"]).input(name)
    next(t for t in at.text_input if t.label in labels["auth.password"]).input(password)
    next(b for b in at.button if b.label in labels["auth.submit"]).click().run()
    assert not at.exception, at.exception
    return at


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


@pytest.fixture
def run_app(app_db: Path) -> PageRunner:
    """Run the whole app (dashboard.py's navigation) on one page: what a link to another page needs."""

    def run(name: str, lang: str | None = None, **params: str) -> AppTest:
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
        if lang:
            at.query_params["lang"] = lang
        for key, value in params.items():
            at.query_params[key] = value
        at.run()  # once first: the navigation then names its pages by their url paths (AppTest.switch_page)
        at.switch_page(f"pages/{name}.py").run()
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


def unescaped(text: str) -> str:
    """The text a person reads from what was sent to Markdown: its escaping backslashes and its invisible word
    joiners (which keep a URL from becoming a link) gone."""
    return _ESCAPED.sub(r"\1", text).replace("\u2060", "")


def _nodes(node: object) -> list[object]:
    children = getattr(node, "children", {})
    return [node, *(n for child in children.values() for n in _nodes(child))]


def _read(node: object) -> list[str]:
    """What one element says: a text's value, a metric's label and value, a badge's words."""
    kind = getattr(node, "type", "")
    if kind == "metric":
        return [str(node.label), str(node.value)]  # type: ignore[attr-defined]
    if kind in ("markdown", "caption", "info", "warning", "success", "error"):
        return [str(node.value)]  # type: ignore[attr-defined]
    return []


def cards_shown(at: AppTest) -> dict[str, list[str]]:
    """Each bordered card of the page by its title (its first line, in bold): the texts in it, in order."""
    found: dict[str, list[str]] = {}
    for block in _nodes(at._tree):
        if getattr(block, "type", "") != "flex_container" or not block.proto.flex_container.border:  # type: ignore[attr-defined]
            continue
        lines = [unescaped(text) for node in _nodes(block)[1:] for text in _read(node)]
        if lines and lines[0].startswith("**"):
            found[lines[0].strip("*")] = lines[1:]
    return found


# ------------------------------------------------------------------ every text a person reads

# Proto fields that carry words a person reads: bodies, labels, help, placeholders, options as formatted.
_READ_FIELDS = frozenset({"body", "label", "help", "placeholder", "options", "text", "caption", "captions"})
# Markdown that is not text: icons (`:material/edit:`) and the badge's wrapper (`:green-badge[...]`).
_MARKUP = re.compile(r":material/[a-z_]+:|:[a-z]+-badge\[|\*\*")


def _proto_words(message: object, fields: frozenset[str] = _READ_FIELDS) -> list[str]:
    """Every string in a proto's readable fields, nested messages included (a popover's label...)."""
    found: list[str] = []
    for descriptor, value in message.ListFields():  # type: ignore[attr-defined]
        repeated = not isinstance(value, str | bytes) and hasattr(value, "__len__")
        items = list(value) if repeated else [value]
        if descriptor.message_type is not None:
            for item in items:
                found += _proto_words(item, fields)
        elif descriptor.name in fields:
            found += [str(v) for v in items]
    return found


def _chart_words(spec: str) -> list[str]:
    """A plotly chart's own words: trace names, hover texts (their template and data), annotations, axis
    titles."""
    figure = json.loads(spec)
    words = []
    for trace in figure.get("data", []):
        words += [str(trace.get("name", "")), re.sub(r"%\{[^}]*\}", " ", str(trace.get("hovertemplate", "")))]
        words += [str(cell) for row in trace.get("customdata") or [] for cell in row if isinstance(cell, str)]
    layout = figure.get("layout", {})
    words += [str(a.get("text", "")) for a in layout.get("annotations", [])]
    for name, axis in layout.items():
        if name.startswith(("xaxis", "yaxis")) and isinstance(axis, dict):
            words.append(str(axis.get("title", {}).get("text", "")))
    return words


def shown_texts(at: AppTest) -> list[str]:
    """Every text a person reads on the page, one item each: titles, markdown, captions, alerts, metrics,
    badges, widget labels, help and placeholders, options as formatted, buttons, tabs, expanders, popovers,
    the dataframes' column names and cells, and the charts' trace names, annotations and axis titles."""
    found: list[str] = []
    for node in at._tree:
        if isinstance(node, Dataframe):
            frame = node.value
            found += [str(c) for c in frame.columns]
            found += [str(v) for v in frame.to_numpy().ravel().tolist() if v is not None]
        elif getattr(node, "type", "") == "plotly_chart":
            found += _chart_words(node.proto.spec)
        elif getattr(node, "proto", None) is not None:
            found += _proto_words(node.proto)
    return [_ESCAPED.sub(r"\1", _MARKUP.sub("", text)).strip() for text in found if text.strip()]


# A `$` Markdown would read as the start of a formula (`\$` is a dollar sign); options and placeholders are
# shown as written, not through Markdown.
_MARKDOWN_FIELDS = _READ_FIELDS - {"options", "placeholder"}
_BARE_DOLLAR = re.compile(r"(?<!\\)\$")


def bare_dollars(at: AppTest) -> list[str]:
    """Every text sent to Markdown with a `$` left unescaped: `33,4 G$ … 50,1 G$` would render as a formula."""
    found: list[str] = []
    for node in at._tree:
        proto = getattr(node, "proto", None)
        if proto is None or isinstance(node, Dataframe) or getattr(node, "type", "") == "plotly_chart":
            continue
        found += [text for text in _proto_words(proto, _MARKDOWN_FIELDS) if _BARE_DOLLAR.search(text)]
    return found


@pytest.fixture
def review_all(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The app reads a copy of the shipped plan whose [plan] says `review_all = true`."""
    monkeypatch.setenv("PLANMETRICS_PLANS", str(review_all_plans(tmp_path / "plans")))
