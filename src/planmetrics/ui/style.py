"""Streamlit's own words on the file uploader ("Upload", "58MB per file") replaced by ours, in the reader's
language: Streamlit has no setting for them, and the cap it states is the browser's, above ours on purpose.

This is the app's one `st.html`, and it receives only a `<style>` element: constant rules, with the
catalogue's words (never a file's or a person's text) written as CSS strings, every character outside plain
letters, digits and spaces escaped, so nothing can close the string or the element.
Imports `words`.
"""

from __future__ import annotations

import streamlit as st

from planmetrics.words import say

_BUTTON = '[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p'
_RULES = (
    _BUTTON
    + " {{ font-size: 0; }}\n"
    + _BUTTON
    + "::after {{ content: {browse}; font-size: 0.875rem; }}\n"
    + '[data-testid="stFileUploaderDropzoneInstructions"] {{ display: none; }}\n'
)


def css_string(text: str) -> str:
    """`text` as a CSS string literal: letters, digits and spaces as they are, any other character as its
    code point (`\\22 ` for `"`), so that no quote, backslash or `<` of the text reaches the style sheet."""
    return '"' + "".join(c if c.isalnum() or c == " " else f"\\{ord(c):x} " for c in text) + '"'


def uploader_style(lang: str) -> str:
    """The style sheet that writes the uploader's button in `lang` and hides Streamlit's size line."""
    return "<style>\n" + _RULES.format(browse=css_string(say("upload.browse", lang))) + "</style>"


def uploader_words(lang: str) -> None:
    """Put the uploader's words in the reader's language on this page (takes no room on it)."""
    st.html(uploader_style(lang))
