"""What a failure of the database file is, in the store's words: a full disk, or a damaged file.

DuckDB says both in English sentences of its own; the store recognises them here, once, so that the command
line and the pages can say what happened and what to do. Imports nothing of ours.
"""

from __future__ import annotations

import errno

_DISK_FULL = ("no space left on device", "disk full", "not enough space", "disk quota exceeded")
_DAMAGED = (
    "could not read enough bytes",
    "corrupt database file",
    "checksum",
    "not a valid duckdb database file",
    "serialization error",
    "invalid magic",
    "unsupported storage version",
    "trying to read a database file with version",
)


def is_disk_full(exc: BaseException) -> bool:
    """True when `exc` (an OSError or DuckDB's own error) says the disk or the quota is full."""
    if isinstance(exc, OSError) and exc.errno in {errno.ENOSPC, errno.EDQUOT}:
        return True
    text = str(exc).lower()
    return any(words in text for words in _DISK_FULL)


def is_damaged(exc: BaseException) -> bool:
    """True when DuckDB's error says the file is damaged: a short read, a checksum, not a database, a version."""
    text = str(exc).lower()
    return any(words in text for words in _DAMAGED)
