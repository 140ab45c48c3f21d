"""Text on its way to Streamlit's Markdown (titles, captions, alerts, widget labels): escaped, so that `$`
never starts a formula and a source's or a commentary's `*`, `[x](...)` stay plain text; and no link is made
from a URL or an address in it. Streamlit's Markdown (GitHub's) links a bare `http://...`, `www....` or
`name@host` even when every punctuation mark is escaped (its autolinks are found in the text once the escapes
are read), so an invisible word joiner (U+2060) is put inside each: a person reads the text as written, and
no browser is sent to the address.

Imports `words`.
"""

from __future__ import annotations

import re

from planmetrics.words import say

_MARKDOWN_SPECIAL = re.compile(r"[!-/:-@\[-`{-~]")
_DOLLAR = re.compile(r"(?<!\\)\$")


_JOINER = "\u2060"  # WORD JOINER: zero width, no break; ends a Markdown autolink's pattern
_AUTOLINKED = re.compile(r"(?<=:)(?=//)|(?i:(?<=www))(?=\.)|(?=@)")


def markdown_text(text: str) -> str:
    """Text shown through Markdown as written: every ASCII punctuation mark escaped, so `$47B`, `*` or a
    user's `![x](http://...)` in a source or a commentary stay plain text, and a word joiner in each `://`,
    `www.` and `@`, so that no URL or address in it becomes a link."""
    return _MARKDOWN_SPECIAL.sub(r"\\\g<0>", _AUTOLINKED.sub(_JOINER, text))


def say_escaped(key: str, lang: str, **values: object) -> str:
    """The catalogue's text for `key` in the reader's language, for Markdown: the values filled in (names,
    numbers, file names) escaped as plain text, the catalogue's own Markdown (a command in backticks) kept,
    and no `$` left to start a formula."""
    return markdown_prose(say(key, lang, **{name: markdown_text(str(value)) for name, value in values.items()}))


def markdown_prose(text: str) -> str:
    """Text written in Markdown (the method page) with its dollar signs escaped: `33,4 G$ … 50,1 G$` on one
    line would otherwise be read as a formula between the two `$`."""
    return _DOLLAR.sub(r"\\$", text)
