"""Whether a text is mojibake: bytes of another encoding shown as Latin letters.

A file in Big5, Shift-JIS, ISO-8859-7 (Greek) or KOI8-R (Russian) decodes without error as Latin-1, and
gives garbled headers such as `¤¤¤å` or `ÅëëçíéêÜ` (`garbled`). French and English text has its accented
letters one at a time among plain ones (`Québec`, `créée`, `œuvre`, `« »`); garbled text has C1 control
characters, runs of three or more non-ASCII letters and signs, signs or letters French does not use, or
pairs of them. A file converted to UTF-8 twice reads `annÃ©e` (`read_twice`). Imports nothing of ours.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

FRENCH_LETTERS = frozenset("àâäçéèêëîïôöùûüÿœæÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸŒÆ")
# Signs a French or English file holds: money, degrees, powers, fractions, legal marks, the euro.
COMMON_SIGNS = frozenset("°€£¢¥§©®™²³¹µ×÷±¼½¾")
# Punctuation and spaces that sit between words: they neither make a run nor count as garbled.
NEUTRAL = frozenset("\u00a0\u202f\u2009\u2007–—…•·‘’‚“”„‹›«»\ufeff")
MIN_COUNTED = 3  # fewer non-ASCII characters than this say nothing either way
RUN = 3  # a run this long of non-ASCII letters and signs is not French
RUN_SHARE = 0.3
FOREIGN_SHARE = 0.5
PAIRED_SHARE = 0.5  # pieces of two or more holding a foreign sign: Shift-JIS read as cp1252 (`’nˆæ`)
SAMPLE = 20
_CONTROL = re.compile("[\x80-\x9f]")
_ASCII_AS_SPACE = b" " * 128 + bytes(range(128, 256))  # a byte table: ASCII bytes become spaces
_NEUTRAL = re.compile("[" + re.escape("".join(sorted(NEUTRAL))) + "\\s]+")


@dataclass(frozen=True)
class Garbled:
    sample: str  # a piece of the garbled text, as it reads


def garbled(text: str) -> Garbled | None:
    """The garbled part of a text decoded as cp1252 or Latin-1, or None when it reads as French or English."""
    if text.isascii():
        return None
    control = _CONTROL.search(text)
    if control is not None:
        return Garbled(_around(text, control.start()))
    counted = in_runs = paired = foreign = 0
    suspect = ""
    for run, times in _runs(text).items():  # each distinct run once: words repeat
        for piece in _NEUTRAL.split(run):
            strange = sum(1 for ch in piece if ch not in FRENCH_LETTERS and ch not in COMMON_SIGNS)
            counted += len(piece) * times
            foreign += strange * times
            if len(piece) >= RUN:
                in_runs += len(piece) * times
            if len(piece) >= 2 and strange:
                paired += len(piece) * times
            if not suspect and (strange or len(piece) >= RUN):
                suspect = piece
    if counted < MIN_COUNTED or not (
        in_runs >= RUN_SHARE * counted
        or foreign >= FOREIGN_SHARE * counted
        or (foreign >= FOREIGN_SHARE / 2 * counted and paired >= PAIRED_SHARE * counted)
    ):
        return None
    return Garbled(_around(text, text.find(suspect) if suspect else 0))


def read_twice(text: str) -> Garbled | None:
    """The garbled part of a UTF-8 text whose accented letters are each two (`annÃ©e`): text converted to
    UTF-8 twice. None when most runs of non-ASCII characters are not such pairs."""
    if text.isascii():
        return None
    runs = _runs(text)
    counted = sum(len(run) * times for run, times in runs.items())
    twice = [run for run in runs if _is_utf8_read_as_latin(run)]
    if counted < MIN_COUNTED or sum(len(run) * runs[run] for run in twice) < FOREIGN_SHARE * counted:
        return None
    return Garbled(_around(text, text.find(twice[0])))


def _is_utf8_read_as_latin(run: str) -> bool:
    for encoding in ("cp1252", "latin-1"):
        try:
            run.encode(encoding).decode("utf-8")
        except UnicodeError:
            continue
        return True
    return False


def _runs(text: str) -> Counter[str]:
    """The text's runs of non-ASCII characters and how often each occurs (through bytes: the quickest way)."""
    runs = Counter(text.encode("utf-8").translate(_ASCII_AS_SPACE).split())
    return Counter({run.decode("utf-8"): times for run, times in runs.items()})


def _around(text: str, index: int) -> str:
    """The characters from the start of the word at `index` on, up to the line's end, printable."""
    start = index
    while start > max(0, index - SAMPLE // 2) and text[start - 1].isalnum():
        start -= 1
    piece = text[start : start + SAMPLE].splitlines()
    return "".join(ch if ch.isprintable() else "?" for ch in (piece[0] if piece else ""))
