"""The one catalogue of words: every entry complete in both languages, its placeholders the same in each."""

from __future__ import annotations

import string
import tomllib

import pytest

from planmetrics.words import CATALOGUE, FOLDER, LANGS, say


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_entry_is_complete_in_both_languages(key: str) -> None:
    entry = CATALOGUE[key]
    assert set(entry) == set(LANGS), key
    assert all(entry[lang].strip() for lang in LANGS), key
    assert _placeholders(entry["en"]) == _placeholders(entry["fr"]), key


def test_no_key_is_written_in_two_files() -> None:
    seen: dict[str, str] = {}
    for path in sorted(FOLDER.glob("*.toml")):
        for key in tomllib.loads(path.read_text(encoding="utf-8")):
            assert key not in seen, f"{key} is in {seen.get(key)} and {path.name}"
            seen[key] = path.name
    assert set(seen) == set(CATALOGUE)


@pytest.mark.parametrize(
    ("key", "lang", "values", "expected"),
    [
        ("chart.legend.actual", "fr", {}, "Réel"),
        ("status.needs_acceleration", "fr", {}, "Accélération requise"),
        ("status.missed", "en", {}, "Missed"),
        ("card.latest", "fr", {"year": 2018}, "Dernière donnée (2018)"),
        ("card.latest", "de", {"year": 2018}, "Latest figure (2018)"),
    ],
)
def test_say_fills_the_readers_text(key: str, lang: str, values: dict[str, object], expected: str) -> None:
    assert say(key, lang, **values) == expected
