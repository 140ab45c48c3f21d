"""Reads that stand until the database file changes: what every page asks first, answered without a connection
while the file is untouched.

Every run of every page asks the store its generation, its years and its commentary, and whether it has users.
Opening a DuckDB file and asking costs tens of milliseconds; forty sessions at once ask forty times. A file that
has not changed answers the same, and whether it changed is told by the system for microseconds: the size,
modification time and identity of the database file and of its write-ahead log (`Mark`). Any write of any
process (an import from the command line, a review on another page, a restore swapping another file in) changes
one of them.

One care: the system stamps modification times with a coarse clock (a tick of a few milliseconds), so a write
in the same tick as a read, leaving the size as it was, could keep the same mark. A read is therefore kept only
when the file's newest stamp is older than `SETTLE_SECONDS` before the read began: a later write then has a
later stamp, whatever the clock's tick. A file written a moment ago is read every time until it settles. A stamp
on a whole second is taken for a file system that stamps to the second, and must be older still.

Imports nothing of ours.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import NamedTuple, TypeVar

SETTLE_SECONDS = 0.05  # well over the system clock's tick (1-10 ms)
COARSE_SETTLE_SECONDS = 2.5  # over a file system's whole-second (or FAT's two-second) stamps
_KEPT = 256  # reads kept in all (a few per file, per plan)
_T = TypeVar("_T")

# device, inode, size, modification and change times (ns); None when absent. The change time is the system's own
# (no program can set it back, as `touch -r` or `cp -p` set a modification time back)
_Stamp = tuple[int, int, int, int, int] | None


class Mark(NamedTuple):
    """The state of a database file on disk as the system tells it: the file's and its write-ahead log's."""

    main: _Stamp
    wal: _Stamp

    @property
    def newest_ns(self) -> int:
        """The newest modification time: what the settle rule reads (the change time only tells a change)."""
        return max((stamp[3] for stamp in (self.main, self.wal) if stamp is not None), default=0)


def _stamp(path: Path) -> _Stamp:
    try:
        found = path.stat()
    except FileNotFoundError:
        return None
    return found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns, found.st_ctime_ns


def _settle_ns(stamp_ns: int) -> int:
    """How old a stamp must be for a read to be kept: `SETTLE_SECONDS`, or `COARSE_SETTLE_SECONDS` for a stamp
    on a whole second (a file system that stamps to the second, or two: a write late in a second is stamped at
    its start)."""
    coarse = stamp_ns % 1_000_000_000 == 0
    return int((COARSE_SETTLE_SECONDS if coarse else SETTLE_SECONDS) * 1e9)


def mark(path: Path) -> Mark:
    """The file's and its write-ahead log's identity, size and modification time now."""
    return Mark(_stamp(path), _stamp(path.with_name(path.name + ".wal")))


class Reads:
    """Reads of database files kept by the file's mark: `read(path, key, how)` answers from the last read of
    `key` while `path` is untouched, and reads (`how()`) otherwise. Safe to share between threads."""

    def __init__(self) -> None:
        self._kept: dict[tuple[str, Hashable], tuple[Mark, object]] = {}
        self._lock = threading.Lock()

    def read(self, path: Path, key: Hashable, how: Callable[[], _T]) -> _T:
        where = (str(path), key)
        before = mark(path)
        with self._lock:
            kept = self._kept.get(where)
        if kept is not None and kept[0] == before:
            return kept[1]  # type: ignore[return-value]  # what `how` returned for this key
        started_ns = time.time_ns()
        found = how()
        settled = before.newest_ns < started_ns - _settle_ns(before.newest_ns)
        if settled and before.main is not None and mark(path) == before:
            with self._lock:
                if len(self._kept) >= _KEPT:
                    self._kept.pop(next(iter(self._kept)))
                self._kept[where] = (before, found)
        return found

    def forget(self) -> None:
        """Every read kept is read again (a test's fresh start)."""
        with self._lock:
            self._kept.clear()


READS = Reads()
