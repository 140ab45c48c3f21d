"""The collector of a plan file's problems: each with its key and the words that say what is wrong, and the
checks every section shares (a text, an integer, labels in both languages, names, tables, ids used once).

Imports `errors`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, cast

from planmetrics.errors import Phrase
from planmetrics.plan.model import Labels

LANGS = ("en", "fr")


class Checker:
    """Collects every problem of a plan file, each with its key and the words that say what is wrong."""

    def __init__(self) -> None:
        self.found: list[tuple[str, Phrase]] = []

    def add(self, key: str, words: str, /, **values: Any) -> None:
        """A problem at `key`; `words` is its catalogue key (`plan.*`), `values` fill it."""
        self.found.append((key, Phrase(words, values)))

    def text(self, table: Mapping[str, Any], key: str, where: str, *, required: bool = True) -> str:
        value = table.get(key)
        if value is None:
            if required:
                self.add(f"{where}.{key}", "plan.missing_text")
            return ""
        if not isinstance(value, str) or not value.strip():
            self.add(f"{where}.{key}", "plan.not_text", value=repr(value))
            return ""
        return value

    def integer(self, table: Mapping[str, Any], key: str, where: str, default: int | None = None) -> int:
        value = table.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(f"{where}.{key}", "plan.not_integer", value=repr(value))
            return 0
        return value

    def boolean(self, table: Mapping[str, Any], key: str, where: str, default: bool = False) -> bool:
        value = table.get(key, default)
        if not isinstance(value, bool):
            self.add(f"{where}.{key}", "plan.not_boolean", value=repr(value))
            return default
        return value

    def labels(self, table: Mapping[str, Any], key: str, where: str, fallback: str = "") -> Labels:
        value = table.get(key)
        if value is None and fallback:
            return Labels(fallback, fallback)
        if not isinstance(value, Mapping) or any(not isinstance(value.get(lang), str) for lang in LANGS):
            self.add(f"{where}.{key}", "plan.needs_languages")
            return Labels(fallback, fallback)
        return Labels(str(value["en"]), str(value["fr"]))

    def names(self, table: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.add(f"{where}.{key}", "plan.not_names")
            return ()
        return tuple(value)

    def tables(self, data: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, Mapping) for v in value):
            self.add(key, "plan.not_tables", table=key)
            return []
        return cast(list[Mapping[str, Any]], value)


def check_unique(check: Checker, key: str, ids: Iterable[object]) -> None:
    """Each id used once in its section."""
    seen: set[object] = set()
    for ident in ids:
        if ident in seen:
            check.add(key, "plan.used_twice", value=repr(ident))
        seen.add(ident)
