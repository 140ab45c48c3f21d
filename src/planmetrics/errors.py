"""Errors a person can act on. Each carries what went wrong and what to do, as keys of the catalogue of words
and the values that fill them, and is said in the reader's language where it is shown: `exc.text(lang)`.
`str(exc)` is the English text, for logs and tracebacks.

A value may itself be words (a unit, a kind, a listing of labels): a `Phrase`, or any callable taking the
language, is said in the same language as the sentence around it. Imports only `words`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from planmetrics.words import grouped, say

Said = Callable[[str], str]  # words said in a language: lang -> text


@dataclass(frozen=True)
class Phrase:
    """A catalogue entry with its values, said in whichever language the sentence around it is said in."""

    key: str
    values: Mapping[str, Any] = field(default_factory=dict)

    def __call__(self, lang: str) -> str:
        return say(self.key, lang, **said_values(self.values, lang))


def said_values(values: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """The values with every one that is words (a Phrase, a callable of the language) said in `lang`."""
    return {name: value(lang) if callable(value) else value for name, value in values.items()}


class PlanmetricsError(Exception):
    """Base of every error planmetrics reports to a person (exit code 1 on the command line).

    `message` and `advice` are catalogue keys; `values` fill both.
    """

    exit_code = 1

    def __init__(self, message: str, advice: str | None = None, /, **values: Any) -> None:
        self.message_key = message
        self.advice_key = advice
        self.values = values
        super().__init__(self.text("en"))

    def message(self, lang: str) -> str:
        """What went wrong, in the reader's language."""
        return say(self.message_key, lang, **said_values(self.values, lang))

    def advice(self, lang: str) -> str:
        """What the reader can do about it ("" when there is nothing to add)."""
        if self.advice_key is None:
            return ""
        return say(self.advice_key, lang, **said_values(self.values, lang))

    def text(self, lang: str) -> str:
        """The whole refusal as a person reads it: what went wrong, then what to do."""
        return f"{self.message(lang)} {self.advice(lang)}".strip()

    def __str__(self) -> str:
        return self.text("en")


class RefusedError(PlanmetricsError):
    """The input or request was refused and nothing was changed (exit code 2)."""

    exit_code = 2


class PlanFileError(RefusedError):
    """A plan file is not valid: every problem is listed with its key (`found`: the key and its words)."""

    def __init__(self, path: str, found: list[tuple[str, Said]]) -> None:
        self.path = path
        self.found = found
        super().__init__(
            "plan.file_refused.one" if len(found) == 1 else "plan.file_refused",
            "plan.file_refused.advice",
            path=path,
            count=len(found),
            listing=lambda lang: "\n".join(f"  - {key}: {words(lang)}" for key, words in found),
        )

    @property
    def problems(self) -> list[str]:
        """Each problem as `key: what is wrong`, in English (the words of the log)."""
        return self.problems_in("en")

    def problems_in(self, lang: str) -> list[str]:
        return [f"{key}: {words(lang)}" for key, words in self.found]


class DatabaseError(PlanmetricsError):
    """The database cannot be used as it is (locked, corrupt, too new)."""


class UnknownBatchError(RefusedError):
    """A batch id that does not exist or cannot be acted on."""


class LockedYearError(RefusedError):
    """Figures of a year the plan team locked: nothing was changed. `years` are the locked years met, `figures`
    the first of the figures in them (indicator, year, region, sector, network), `count` how many there are."""

    def __init__(self, years: list[int], figures: list[tuple[str, int, str, str, str]], count: int) -> None:
        self.years = years
        self.figures = figures
        self.count = count
        super().__init__(
            "review.locked.one" if count == 1 else "review.locked",
            "review.locked.advice",
            years=", ".join(str(y) for y in years),
            count=partial(grouped, count),
        )
