"""docs/security.md names, for each threat, the tests that cover it: every test it names exists."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_REFERENCE = re.compile(r"`(tests/[\w/]+\.py)?(::\w+)?[^`]*`")


def named_tests() -> list[tuple[str, str]]:
    """(file, test) for each test the threat table names; `::name` alone belongs to the file named before it."""
    found: list[tuple[str, str]] = []
    for line in (ROOT / "docs" / "security.md").read_text(encoding="utf-8").splitlines():
        if not line.startswith("| "):
            continue
        covered_by = line.rstrip(" |").rsplit(" | ", 1)[-1]
        current = ""
        for match in _REFERENCE.finditer(covered_by):
            current = match.group(1) or current
            if match.group(2) and current:
                found.append((current, match.group(2).removeprefix("::")))
    return found


def test_the_threat_table_names_tests() -> None:
    assert len(named_tests()) > 40


def test_every_test_the_threat_table_names_exists() -> None:
    missing = []
    for file, test in named_tests():
        path = ROOT / file
        if not path.is_file() or not re.search(rf"^(async )?def {test}\(", path.read_text(encoding="utf-8"), re.M):
            missing.append(f"{file}::{test}")
    assert not missing, missing
