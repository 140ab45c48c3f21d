"""Helpers for the importer's messages (their words are in `words/import.toml`): short lists, lists of names that
may hold commas (`a; b`, French `a ; b`, with how many more; `separated` itself is `words.separated`, named
here too for the importer's modules), shortened cells, a column role's name in the reader's language. Imports
`words`.
"""

from __future__ import annotations

from collections.abc import Iterable

from planmetrics.words import has, say, separated

__all__ = ["listing", "role_name", "separated", "separated_listing", "shorten"]


def role_name(lang: str, role: str) -> str:
    key = f"role.{role}"
    return say(key, lang) if has(key) else role


def listing(names: Iterable[str], limit: int = 8, lang: str = "en") -> str:
    """A short list for a message: the first few names, then how many more."""
    items = list(names)
    shown = ", ".join(items[:limit])
    if len(items) > limit:
        shown += " " + say("import.more_rows", lang, count=len(items) - limit)
    return shown


def separated_listing(names: Iterable[str], limit: int, lang: str) -> str:
    """Names that may hold a comma, the first few `separated`, then how many more: `a; b and 3 more`."""
    items = list(names)
    shown = separated(items[:limit], lang)
    if len(items) > limit:
        shown += " " + say("import.more_rows", lang, count=len(items) - limit)
    return shown


def shorten(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
