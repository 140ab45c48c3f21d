"""Security settings and faults that do not need a browser (the browser ones are in tests/e2e)."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from planmetrics.ui.style import css_string, uploader_style
from planmetrics.words import say

from .conftest import ROOT, run_cli

SOURCES = [*sorted((ROOT / "pages").glob("*.py")), ROOT / "dashboard.py", *sorted((ROOT / "src").rglob("*.py"))]


def test_xsrf_protection_is_on_and_errors_are_not_shown() -> None:
    settings = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert settings["server"]["enableXsrfProtection"] is True
    assert settings["client"]["showErrorDetails"] == "none"


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_no_raw_html_from_python(path: Path) -> None:
    """User text (labels, sources, comments) is only ever rendered by Streamlit's escaping elements."""
    text = path.read_text(encoding="utf-8")
    assert not re.search(r"unsafe_allow_html\s*=\s*True", text)
    if path.name != "style.py":  # ui/style.py: the one `st.html`, a style sheet of constants and our words
        assert "st.html(" not in text
    assert "components.html(" not in text


def test_the_one_style_sheet_holds_only_rules_and_our_words() -> None:
    """ui/style.py's `st.html` gets one `<style>` element, of constant rules and the catalogue's words, the
    words written so that no quote, backslash or `<` can end the string or the element."""
    for lang in ("en", "fr"):
        sheet = uploader_style(lang)
        assert sheet.startswith("<style>") and sheet.endswith("</style>")
        assert sheet.count("<") == 2  # the element's own tags, nothing else
        assert say("upload.browse", lang) in sheet
    hostile = css_string('x"; } body { display: none } </style><img src=y>\\')
    assert hostile.count('"') == 2 and "<" not in hostile and ">" not in hostile and ";" not in hostile
    assert "\\3c " in hostile and "\\22 " in hostile


def test_secrets_file_is_ignored_by_git() -> None:
    assert ".streamlit/secrets.toml" in (ROOT / ".gitignore").read_text().splitlines()


def corrupt(path: Path) -> Path:
    path.write_bytes(b"DUCK" + b"\x00\xff" * 5000)
    return path


def test_corrupt_database_on_the_command_line(tmp_path: Path) -> None:
    db = corrupt(tmp_path / "broken.duckdb")
    done = subprocess.run(
        [sys.executable, "-m", "planmetrics", "--db", str(db), "progress"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert done.returncode == 1
    assert "planmetrics restore" in done.stderr
    assert "Traceback" not in done.stderr


def test_corrupt_database_in_the_dashboard(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLANMETRICS_DB", str(corrupt(tmp_path / "broken.duckdb")))
    at = AppTest.from_file(str(ROOT / "pages" / "overview.py"), default_timeout=30).run()
    assert not at.exception
    assert "planmetrics restore" in at.error[0].value


def test_backup_while_another_process_reads(tmp_path: Path) -> None:
    """A backup taken between another process's operations is a complete planmetrics database."""
    db, copy = tmp_path / "live.duckdb", tmp_path / "copy.duckdb"
    run = [sys.executable, "-m", "planmetrics", "--db", str(db)]
    assert subprocess.run([*run, "init"], check=False, cwd=ROOT, capture_output=True).returncode == 0
    reader = subprocess.Popen(
        [
            sys.executable,
            "-c",
            (
                "import sys, time\nfrom planmetrics.store import Store\ns = Store(sys.argv[1])\n"
                "end = time.monotonic() + 3\nwhile time.monotonic() < end:\n    s.current_figures()\n"
            ),
            str(db),
        ],
        cwd=ROOT,
    )
    done = subprocess.run(
        [*run, "backup", "-o", str(copy), "--json"], check=False, cwd=ROOT, capture_output=True, text=True
    )
    reader.wait(timeout=30)
    assert done.returncode == 0, done.stderr
    check = run_cli("--db", str(copy), "history", "--json")
    assert '"kind": "init"' in check.stdout


# Streamlit elements whose text (first argument, label, help, body) is read as Markdown.
_MARKDOWN_CALLS = frozenset(
    {
        "markdown", "caption", "info", "warning", "error", "success", "title", "header", "subheader", "toast",
        "write", "metric", "expander", "tabs", "button", "download_button", "text_input", "text_area", "selectbox",
        "multiselect", "radio", "checkbox", "number_input", "file_uploader", "form_submit_button", "popover",
        "status", "page_link", "progress", "badge",
    }
)  # fmt: skip
# Catalogue placeholders that only ever hold a number the app made (a batch id, a count, a year).
_NUMBER_VALUES = frozenset({"batch", "new", "count", "n", "year", "seconds", "size"})


def _said_with_text(node: object) -> bool:
    """A `say(key, lang, name=value)` call filling in a value that may be text: it must go through
    `say_escaped` (or `markdown_text`) before Markdown reads it."""
    import ast  # noqa: PLC0415

    if not isinstance(node, ast.Call):
        return False
    name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
    return name == "say" and any(k.arg not in _NUMBER_VALUES for k in node.keywords)


@pytest.mark.parametrize(
    "path",
    [*sorted((ROOT / "pages").glob("*.py")), *sorted((ROOT / "src/planmetrics/ui").glob("*.py"))],
    ids=lambda p: f"{p.parent.name}/{p.name}",
)
def test_no_text_value_reaches_markdown_unescaped(path: Path) -> None:
    """Issue 15, finding 7: a file name, a label or a source put into a catalogue sentence is escaped before a
    Markdown element shows it (so that no link or image is made of it)."""
    import ast  # noqa: PLC0415

    found = []
    for call in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(call, ast.Call) and getattr(call.func, "attr", None) in _MARKDOWN_CALLS:
            shown = [*call.args, *(k.value for k in call.keywords if k.arg in ("label", "help", "text", "body"))]
            found += [ast.unparse(n) for arg in shown for n in ast.walk(arg) if _said_with_text(n)]
    assert found == []
