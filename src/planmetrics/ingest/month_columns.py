"""A column header that names a month or a quarter of a year: `2023-01`, `2023M01`, `janv. 2023`, `Q1 2023`.

`month_or_quarter("janvier 2023")` -> `("2023", "01")`; quarters give `"Q1"`-`"Q4"` (`T1 2023` in French).
The part of the year is kept on the figure (`RawFigure.period`) and the validator makes the year from its
periods by the indicator's rule. Imports nothing of ours.
"""

from __future__ import annotations

import re
import unicodedata

# Month names and their usual abbreviations, in English and French, without accents and lower case.
MONTHS: dict[str, str] = {
    **dict.fromkeys(("jan", "january", "janv", "janvier"), "01"),
    **dict.fromkeys(("feb", "february", "fev", "fevr", "fevrier"), "02"),
    **dict.fromkeys(("mar", "march", "mars"), "03"),
    **dict.fromkeys(("apr", "april", "avr", "avril"), "04"),
    **dict.fromkeys(("may", "mai"), "05"),
    **dict.fromkeys(("jun", "june", "juin"), "06"),
    **dict.fromkeys(("jul", "july", "juil", "juillet"), "07"),
    **dict.fromkeys(("aug", "august", "aout"), "08"),
    **dict.fromkeys(("sep", "sept", "september", "septembre"), "09"),
    **dict.fromkeys(("oct", "october", "octobre"), "10"),
    **dict.fromkeys(("nov", "november", "novembre"), "11"),
    **dict.fromkeys(("dec", "december", "decembre"), "12"),
}
_YEAR = r"(?P<year>(?:19|20)\d{2})"
# 2023-01, 2023-1, 2023M01, and a workbook's date cell on the month's first day (2023-01-01).
_NUMBERED_MONTH = re.compile(_YEAR + r"\s*(?:-|m)\s*(?P<month>\d{1,2})(?:-01)?")
_NAMED_MONTH = (
    re.compile(r"(?P<name>[a-z]+)\.?[\s\-.]*" + _YEAR),  # janv. 2023, January 2023, Jan-2023
    re.compile(_YEAR + r"[\s\-.]*(?P<name>[a-z]+)\.?"),  # 2023 janvier
)
_QUARTER = (
    re.compile(_YEAR + r"\s*-?\s*[qt](?P<quarter>[1-4])"),  # 2023-Q1, 2023Q1, 2023 T1
    re.compile(r"[qt](?P<quarter>[1-4])\s*-?\s*" + _YEAR),  # Q1 2023, T1 2023
)


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).strip().casefold()


def month_or_quarter(header: str) -> tuple[str, str] | None:
    """The year and the part of it (`"01"`-`"12"`, `"Q1"`-`"Q4"`) a header names, or None."""
    text = _plain(header)
    match = _NUMBERED_MONTH.fullmatch(text)
    if match is not None:
        month = int(match.group("month"))
        return (match.group("year"), f"{month:02d}") if 1 <= month <= 12 else None
    for pattern in _NAMED_MONTH:
        match = pattern.fullmatch(text)
        if match is not None and match.group("name") in MONTHS:
            return match.group("year"), MONTHS[match.group("name")]
    for pattern in _QUARTER:
        match = pattern.fullmatch(text)
        if match is not None:
            return match.group("year"), f"Q{match.group('quarter')}"
    return None
