"""The source's quality grade of a figure said for a person: the letter itself (Statistics Canada's A to D) with
its meaning beside it, `A (excellente)`, and the hover's line `Qualité : A (excellente)`.

The letter is the grade (a person reads it on the source's own tables), so it is shown as is; anything that is
not one of `config.QUALITY_GRADES` is no grade and is shown as nothing. Imports `config`, `words`.
"""

from __future__ import annotations

from collections.abc import Iterable

from planmetrics import config
from planmetrics.words import say


def grade_of(value: object) -> str | None:
    """The grade a stored value holds (`A` to `D`), None for none (NULL, NaN, empty or another text)."""
    if not isinstance(value, str):
        return None
    letter = value.strip().upper()
    return letter if letter in config.QUALITY_GRADES else None


def any_graded(values: Iterable[object]) -> bool:
    """Whether any of these figures has a grade: a table gains its quality column only then."""
    return any(grade_of(v) is not None for v in values)


def grade_word(value: object, lang: str) -> str:
    """The grade with its meaning, `A (excellent)` / `A (excellente)`; "" for a figure without one."""
    letter = grade_of(value)
    if letter is None:
        return ""
    return say("quality.grade", lang, grade=letter, meaning=say(f"quality.{letter}", lang))


def grade_line(value: object, lang: str) -> str:
    """The hover's line, `Quality: A (excellent)` / `Qualité : A (excellente)`; "" for a figure without one."""
    word = grade_word(value, lang)
    return say("quality.line", lang, grade=word) if word else ""
