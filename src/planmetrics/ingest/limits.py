"""How big an upload may be: the one home of the rule, its limit and the refusal a person reads.

The dashboard asks before it reads an uploaded file's bytes, the command line before it opens the file,
and `read_figures` again on whatever it is given; an .xlsx may expand to `EXPANSION_FACTOR` times the
limit once unzipped (`excel`). The limit is `config.max_upload_bytes()` ($PLANMETRICS_MAX_UPLOAD_MB).

The browser's cap (Streamlit's `max_upload_size`, `server.maxUploadSize` in `.streamlit/config.toml`) is set
above this limit on purpose, at `browser_cap_mb`: Streamlit's browser-side refusal is in English and cannot be
worded by us, and it counts a megabyte as 1,000,000 bytes (1,048,576 on Windows), so a cap equal to ours
would refuse, in English, files this limit reads. Above it, a file too big reaches the server and is refused
here, in the reader's language; only a file over the cap (10 % above the limit) is refused by the browser, in
Streamlit's English. Slightly above rather than far above: the drop zone states that cap ("58MB per file").
Imports `config`, `errors` and `i18n`.
"""

from __future__ import annotations

import math

from planmetrics import config, i18n
from planmetrics.errors import RefusedError

EXPANSION_FACTOR = 20  # an .xlsx of real figures unzips to 5-10 times its size; a zip bomb to thousands
BROWSER_HEADROOM = 1.1  # the browser lets through files 10 % over the limit, for our own refusal to answer
BROWSER_MEGABYTE = 1_000_000  # the smaller of the two megabytes Streamlit's browser code counts in


class FileTooBigError(RefusedError):
    """A file over the upload limit: nothing of it was read."""

    def __init__(self, file_name: str, size: int, limit: int) -> None:
        super().__init__(
            "import.too_big",
            "import.too_big.advice",
            file=file_name,
            size=lambda lang: megabytes(size, lang),
            limit=lambda lang: megabytes(limit, lang),
        )


def upload_limit() -> int:
    """The largest file, in bytes, that is read."""
    return config.max_upload_bytes()


def expansion_cap() -> int:
    """How large an .xlsx may become once unzipped."""
    return EXPANSION_FACTOR * upload_limit()


def browser_cap_mb() -> int:
    """The browser's cap, in Streamlit's whole megabytes: 10 % over the limit, counted in the smaller megabyte,
    so that every file up to 10 % over the limit reaches our check on every system."""
    return math.ceil(BROWSER_HEADROOM * upload_limit() / BROWSER_MEGABYTE)


def size_refusal(file_name: str, size: int) -> FileTooBigError | None:
    """The refusal of a file of `size` bytes (say it with `.text(lang)`), or None when it may be read."""
    limit = upload_limit()
    return FileTooBigError(file_name, size, limit) if size > limit else None


def megabytes(size: int, lang: str) -> str:
    """A size in MB (2^20 bytes) for a person: `156,2` / `156.2`, and `50` rather than `50.0`."""
    value = size / 2**20
    return i18n.format_number(value, lang, 0 if value == round(value) else 1)
