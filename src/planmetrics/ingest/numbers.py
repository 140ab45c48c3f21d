"""Numbers as people type them, in English or French: `116 000`, `33,4`, `1.234,5`, `7 %`, `45 G$`.

The words allowed around a number form a closed list (CONTRACT.md); anything else is refused. A lone
`1,234` or `1.234` reads two ways: it is decided by the file's decimal mark (`decide_decimal`). Imports
only `plan` (for name normalisation) and the ingest result types.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from planmetrics.ingest.results import Scale
from planmetrics.plan import normalize_name

MISSING_MARKERS = frozenset({"", "..", "...", "…", "x", "f", "n.d.", "n.d", "n/d", "n/a", "na", "-", "—", "–"})

THOUSAND, MILLION, BILLION = 1e3, 1e6, 1e9
SCALE_WORDS: dict[str, float] = {
    "k": THOUSAND,
    "thousand": THOUSAND,
    "thousands": THOUSAND,
    "mille": THOUSAND,
    "millier": THOUSAND,
    "milliers": THOUSAND,
    "m": MILLION,
    "mm": MILLION,
    "million": MILLION,
    "millions": MILLION,
    "b": BILLION,
    "g": BILLION,
    "md": BILLION,
    "billion": BILLION,
    "billions": BILLION,
    "milliard": BILLION,
    "milliards": BILLION,
}
# Short scales that mean something else alone (a gram, ...): only next to a currency.
SCALES_NEEDING_CURRENCY = frozenset({"g", "mm", "md"})
CURRENCY_WORDS = frozenset({"$", "cad", "dollars", "dollar"})
# Words a header's unit may hold besides the closed list: `(en milliers de dollars)`, `(in $ millions)`.
HEADER_FILLERS = frozenset({"en", "in", "of", "de", "d", "des"})

MAX_NUMBER_CHARS = 100
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009\u2007]+")
_CORE = re.compile(r"\d[\d .,]*\d|\d")
_TOKENS = re.compile(r"[^\W\d_]+|\$|%|[-+]|\S")
_SPACED = re.compile(r"\d{1,3}(?: \d{3})+(?:[.,]\d+)?")
_PLAIN = re.compile(r"-?\d+")


@dataclass(frozen=True)
class Number:
    value: float  # the number as written, before any scale
    scale: Scale  # what the cell itself said (`M$`, `%`, ...)
    ambiguous: bool = False  # a lone `1,234` / `1.234` whose reading depended on the decimal mark


@dataclass(frozen=True)
class NotANumber:
    reason: str  # "word" | "several" | "grouping" | "empty" | "too_long" | "digit" (a digit not 0-9)
    word: str | None = None


ASCII_DIGITS = frozenset("0123456789")


def foreign_digit(text: str) -> str | None:
    """The first digit of `text` that is not 0-9 (`١`, `１`, `२`, `²`): Python reads such digits as numbers
    (`float("١٢٣")` is 123.0), a person reading the file does not, so they are refused, never read."""
    if text.isascii():
        return None
    return next((ch for ch in text if ch not in ASCII_DIGITS and (ch.isdigit() or ch.isdecimal())), None)


def digit_name(char: str) -> str:
    """A character as Unicode names it, with its code point: `FULLWIDTH DIGIT ONE, U+FF11`."""
    code = f"U+{ord(char):04X}"
    name = unicodedata.name(char, "")
    return f"{name}, {code}" if name else code


def is_missing(text: str) -> bool:
    return text.strip().casefold() in MISSING_MARKERS


def clean_spaces(text: str) -> str:
    return _SPACES.sub(" ", text.replace("−", "-")).strip()


def parse_number(text: str, decimal: str = "") -> Number | NotANumber:
    """A number and the units written around it; `decimal` ("." "," or "") settles `1,234`."""
    digit = foreign_digit(text)
    if digit is not None:
        return NotANumber("digit", digit)
    if len(text) <= MAX_NUMBER_CHARS and _PLAIN.fullmatch(text):  # most cells: digits only, nothing to decide
        return Number(float(text), Scale())
    cleaned = clean_spaces(text)
    if len(cleaned) > MAX_NUMBER_CHARS:
        return NotANumber("too_long")
    match = _CORE.search(cleaned)
    if match is None:
        return NotANumber("empty" if not cleaned else "word", cleaned or None)
    before, after = cleaned[: match.start()], cleaned[match.end() :]
    if any(ch.isdigit() for ch in before + after):
        return NotANumber("several")
    digits = read_digits(match.group(), decimal)
    if digits is None:
        return NotANumber("grouping")
    value, ambiguous = digits
    words = _TOKENS.findall(before)
    sign = [w for w in words if w in "-+"]
    if len(sign) > 1 or any(w in "-+" for w in _TOKENS.findall(after)):
        return NotANumber("several")
    scale = unit_scale([w for w in words if w not in "-+"], _TOKENS.findall(after))
    if isinstance(scale, NotANumber):
        return scale
    return Number(-value if sign == ["-"] else value, scale, ambiguous)


def unit_scale(before: list[str], after: list[str], *, header: bool = False) -> Scale | NotANumber:
    """The scale that the words around a number (or in a header) spell, or the first word not allowed."""
    words = [normalize_name(w) for w in [*before, *after]]
    factor, currency, percent = 1.0, False, False
    for position, word in enumerate(words):
        following = words[position + 1] if position + 1 < len(words) else ""
        if word in SCALE_WORDS and (header or word in [normalize_name(w) for w in after]):
            if factor != 1.0:
                return NotANumber("word", word)
            factor = SCALE_WORDS[word]
        elif word in CURRENCY_WORDS:
            currency = True
        elif word == "%":
            percent = True
        elif word == "de" and following in {"dollars", "dollar"}:
            continue
        elif not (header and word in HEADER_FILLERS):
            return NotANumber("word", word)
    needs_currency = any(w in SCALES_NEEDING_CURRENCY for w in words)
    if (needs_currency and not currency) or (percent and (currency or factor != 1.0)):
        return NotANumber("word", "%" if percent else next(w for w in words if w in SCALES_NEEDING_CURRENCY))
    return Scale(factor, currency, percent)


def header_scale(text: str) -> tuple[Scale, list[str]]:
    """The scale spelled by a header's unit (`G$`, `$M`, `en milliers de dollars`) and the words not understood."""
    tokens = _TOKENS.findall(clean_spaces(text))
    known = [t for t in tokens if normalize_name(t) in {*SCALE_WORDS, *CURRENCY_WORDS, "%", *HEADER_FILLERS}]
    unknown = [t for t in tokens if t not in known and t not in "'’,.;:/"]
    scale = unit_scale([], known, header=True)
    if isinstance(scale, NotANumber):
        return Scale(), [*unknown, scale.word or ""]
    return scale, unknown


def read_digits(core: str, decimal: str) -> tuple[float, bool] | None:
    """The value of digits with separators (`116 000`, `1.234,5`, `1,234,567`), and whether it was ambiguous."""
    if " " in core:
        if not _SPACED.fullmatch(core):
            return None
        return float(core.replace(" ", "").replace(",", ".")), False
    commas, dots = core.count(","), core.count(".")
    if commas and dots:
        mark, other = (",", ".") if core.rfind(",") > core.rfind(".") else (".", ",")
        whole, _, fraction = core.rpartition(mark)
        if not re.fullmatch(rf"\d{{1,3}}(?:\{other}\d{{3}})+", whole) or not fraction.isdigit():
            return None
        return float(whole.replace(other, "") + "." + fraction), False
    if commas + dots == 0:
        return float(core), False
    mark = "," if commas else "."
    if commas + dots > 1:
        if not re.fullmatch(rf"\d{{1,3}}(?:\{mark}\d{{3}})+", core):
            return None
        return float(core.replace(mark, "")), False
    whole, _, fraction = core.partition(mark)
    if _lone_group_is_ambiguous(whole, fraction):
        decimal = decimal or "."
        return (float(f"{whole}.{fraction}") if decimal == mark else float(whole + fraction)), True
    return float(f"{whole}.{fraction}"), False


def _lone_group_is_ambiguous(whole: str, fraction: str) -> bool:
    return len(fraction) == 3 and 1 <= len(whole) <= 3 and not whole.startswith("0")


def decimal_evidence(text: str) -> str | None:
    """The decimal mark a cell shows without doubt ("." or ","), None when it shows none or is ambiguous."""
    if _PLAIN.fullmatch(text):
        return None
    match = _CORE.search(clean_spaces(text))
    if match is None:
        return None
    core = match.group()
    if " " in core:
        return next((mark for mark in ",." if mark in core), None)
    commas, dots = core.count(","), core.count(".")
    if commas and dots:
        return "," if core.rfind(",") > core.rfind(".") else "."
    if commas + dots > 1:
        return "." if commas else ","
    if commas + dots == 1:
        whole, _, fraction = core.partition("," if commas else ".")
        return None if _lone_group_is_ambiguous(whole, fraction) else ("," if commas else ".")
    return None


@dataclass(frozen=True)
class DecimalDecision:
    mark: str  # "." "," or "" (no decimals seen)
    reason: str  # "evidence" | "semicolon" | "default" | "none"
    example: str | None  # a cell that showed the mark without doubt
    ambiguous: str | None  # the first cell that read two ways, if any


def decimal_class(text: str) -> str | None:
    """What one value cell says about the decimal mark: "." or "," without doubt, "?" when it reads two ways."""
    mark = decimal_evidence(text)
    if mark is not None:
        return mark
    if _CORE.search(text) and re.search(r"\d[.,]\d{3}(?!\d)", text):
        return "?"
    return None


def decide_decimal(texts: Iterable[str], delimiter: str) -> DecimalDecision:
    """The decimal mark of a whole file's numbers, from the cells that show it without doubt."""
    votes: Counter[str] = Counter()
    example: dict[str, str] = {}
    ambiguous: str | None = None
    for text in texts:
        mark = decimal_class(text)
        if mark == "?":
            ambiguous = ambiguous or text
        elif mark is not None:
            votes[mark] += 1
            example.setdefault(mark, text)
    return decision_from(votes, example, ambiguous, delimiter)


def decision_from(
    votes: Counter[str], example: dict[str, str], ambiguous: str | None, delimiter: str
) -> DecimalDecision:
    """The decision for a file whose cells gave these votes, first examples and first ambiguous cell."""
    if votes:
        mark = "," if votes[","] > votes["."] else "."
        return DecimalDecision(mark, "evidence", example[mark], ambiguous)
    if ambiguous is not None:
        mark = "," if delimiter == ";" else "."
        return DecimalDecision(mark, "semicolon" if delimiter == ";" else "default", None, ambiguous)
    return DecimalDecision("", "none", None, None)
