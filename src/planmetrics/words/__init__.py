"""Every word a person reads, in French and English: one catalogue, one signature (`say`), and the two ways of
writing a list or a number that every module below `i18n` shares (`separated`, `grouped`).

The catalogue is the TOML files beside this module (pages, charts, statuses and checks, the importer's
messages, the store's and the command line's refusals, the report); each entry has an `en` and an `fr` text
with the same `{placeholders}`. Numbers are formatted by `i18n` before they are filled in. Imports nothing
of ours, so that every module (errors included) can speak the reader's language.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal

Lang = Literal["en", "fr"]
LANGS: tuple[Lang, ...] = ("en", "fr")
FOLDER = Path(__file__).resolve().parent


def _read_catalogue() -> dict[str, dict[str, str]]:
    catalogue: dict[str, dict[str, str]] = {}
    for path in sorted(FOLDER.glob("*.toml")):
        for key, entry in tomllib.loads(path.read_text(encoding="utf-8")).items():
            if key in catalogue:
                raise ValueError(f"{path.name}: the key {key!r} is already in another file of words")
            catalogue[key] = entry
    return catalogue


CATALOGUE: dict[str, dict[str, str]] = _read_catalogue()


def say(key: str, lang: str, **values: Any) -> str:
    """The text for `key` in the reader's language (French for `fr`, English otherwise), filled in."""
    return CATALOGUE[key]["fr" if lang == "fr" else "en"].format(**values)


def has(key: str) -> bool:
    return key in CATALOGUE


def grouped(number: int, lang: str) -> str:
    """A whole number grouped as the reader writes it (`1 000` / `1,000`), for modules below `i18n` (the store,
    errors); `i18n.format_number` is the one to use everywhere else."""
    return f"{number:,}".replace(",", "\u00a0" if lang == "fr" else ",")


def separated(items: Iterable[str], lang: str) -> str:
    """Items that may hold a comma (`Toronto, Ontario`, a network's long name), one after another: `a; b` in
    English, `a ; b` in French (its space before the semicolon)."""
    return (" ; " if lang == "fr" else "; ").join(items)
