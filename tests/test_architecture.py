"""The house rules (docs/architecture.md) that code can check: streamlit in the ui package alone, pages
through `planmetrics.ui` alone, imports one way, every module on the map, no module over 400 lines."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "planmetrics"
MODULES = sorted(PACKAGE.rglob("*.py"))
PAGES = [*sorted((ROOT / "pages").glob("*.py")), ROOT / "dashboard.py"]


def _imports(path: Path) -> list[str]:
    """Every module a file imports (`from a.b import c` gives `a.b.c` and `a.b`)."""
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
            names += [f"{node.module}.{alias.name}" for alias in node.names]
    return names


def test_only_the_ui_package_imports_streamlit() -> None:
    importers = [
        path.relative_to(PACKAGE).as_posix()
        for path in MODULES
        if any(name == "streamlit" or name.startswith("streamlit.") for name in _imports(path))
    ]
    assert importers and all(name.startswith("ui/") for name in importers), importers


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_pages_come_in_through_ui_alone(path: Path) -> None:
    ours = [n for n in _imports(path) if n == "planmetrics" or n.startswith("planmetrics.")]
    allowed = {"planmetrics", "planmetrics.ui"}
    assert ours, f"{path.name} does not use planmetrics.ui"
    assert all(n in allowed or n.startswith("planmetrics.ui.") for n in ours), ours


def test_nothing_in_the_package_imports_ui_or_cli_but_themselves() -> None:
    for path in MODULES:
        rel = path.relative_to(PACKAGE).as_posix()
        for name in _imports(path):
            for upper in ("ui", "cli"):
                if name.startswith(f"planmetrics.{upper}") and not rel.startswith((f"{upper}/", "__main__")):
                    pytest.fail(f"{rel} imports {name}")


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_no_module_over_400_lines(path: Path) -> None:
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 400


def test_every_module_is_on_the_map() -> None:
    """docs/architecture.md names every module by its path under src/planmetrics/, and no module that is gone."""
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`([\w/]+\.py)`", text))
    modules = {p.relative_to(PACKAGE).as_posix() for p in MODULES}
    assert sorted(modules - named) == []
    gone = {n for n in named if "/" in n or n in {p.name for p in PACKAGE.glob("*.py")}} - modules
    assert sorted(n for n in gone if not (ROOT / n).exists()) == []
