"""The store's first questions kept while the database file is untouched (`store.freshness`), on real DuckDB
files made by `planmetrics init`: a read kept while nothing changes; every kind of write seen at the next
`Store.state`, `Store.generation` or `users.has_users` (an import, a rollback, a comment, a user added, a restore,
another process's import, a write still in the write-ahead log); a file stamped within `SETTLE_SECONDS` read every
time; and why that rule matters: after a settled read any write moves the file's stamp, so the one write that can
pass unseen is one whose stamp is forced back, and a read made while the stamp was fresh is never kept.

Stamps are set with `os.utime`: a second in the past for a settled file, a second ahead for one just written (a
pause of a loaded machine between stamping and reading cannot make it settle). No test waits or times anything.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from collections.abc import Hashable
from pathlib import Path

import duckdb
import pytest

from planmetrics import accounts
from planmetrics.cli import main
from planmetrics.plan import Plan
from planmetrics.store import Store, backup, freshness, restore, users
from tests.conftest import run_cli

PLAN = "cqcm-2020"
_SECOND_NS = 1_000_000_000


class NotKeptError(Exception):
    """The probe's read was made: nothing was kept for its key."""


def _refuse() -> object:
    raise NotKeptError


def kept(path: Path, key: Hashable, reads: freshness.Reads = freshness.READS) -> bool:
    """Whether `reads` holds a read of `key` that stands for `path` as it is now. The probe's own read raises, so
    asking keeps nothing and changes nothing."""
    try:
        reads.read(path, key, _refuse)
    except NotKeptError:
        return False
    return True


def settle(path: Path) -> int:
    """Stamp the database file (and its log, if any) a second in the past, as a file left alone for a while;
    returns the stamp."""
    stamp = time.time_ns() - _SECOND_NS
    for each in (path, path.with_name(path.name + ".wal")):
        if each.exists():
            os.utime(each, ns=(stamp, stamp))
    return stamp


def stamp_now(path: Path) -> int:
    """Stamp the database file as just written (a second ahead: within the settle time whenever it is read)."""
    stamp = time.time_ns() + _SECOND_NS
    os.utime(path, ns=(stamp, stamp))
    return stamp


class Counting:
    """A read of the file's bytes that counts how often it is made."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.calls = 0

    def __call__(self) -> str:
        self.calls += 1
        return hashlib.sha256(self.path.read_bytes()).hexdigest()


def comments_until_size(store: Store, size: int, *, at_most: int = 8) -> int:
    """Comments written one at a time until the file is `size` bytes again (DuckDB reuses its free blocks, so
    the size comes back within a few writes); how many were written."""
    for written in range(1, at_most + 1):
        store.add_comment(plan_id=PLAN, target="jobs_net", year=2019, body=f"Note {written}.", by="test")
        if store.path.stat().st_size == size:
            return written
    pytest.fail(f"the file never came back to {size} bytes in {at_most} writes")


@pytest.fixture
def path(db: str) -> Path:
    """A database after `planmetrics init` and one comment, as a live one is: written since it was made (a new
    file's first write grows it; later ones reuse its free blocks)."""
    Store(db).add_comment(plan_id=PLAN, target="jobs_net", year=2018, body="A first note.", by="test")
    return Path(db)


# ------------------------------------------------------------------ the rule, with a counting read


def test_a_read_is_kept_while_the_file_is_untouched(path: Path) -> None:
    reads, count = freshness.Reads(), Counting(path)
    settle(path)
    answers = {reads.read(path, "bytes", count) for _ in range(3)}
    assert count.calls == 1 and len(answers) == 1
    assert kept(path, "bytes", reads)
    assert not kept(path, "another key", reads)


def test_a_file_stamped_within_the_settle_time_is_read_every_time(path: Path) -> None:
    reads, count = freshness.Reads(), Counting(path)
    stamp_now(path)
    for _ in range(3):
        reads.read(path, "bytes", count)
    assert count.calls == 3 and not kept(path, "bytes", reads)
    settle(path)  # once it settles, the next read is kept
    reads.read(path, "bytes", count)
    reads.read(path, "bytes", count)
    assert count.calls == 4 and kept(path, "bytes", reads)


def test_a_stamp_on_a_whole_second_must_be_older_still(path: Path) -> None:
    """A file system that stamps to the second stamps a write late in a second at its start: such a stamp a
    second old may hide a write made since, so it is kept only once well over two seconds old."""
    reads, count = freshness.Reads(), Counting(path)
    assert not path.with_name(path.name + ".wal").exists()
    whole = (time.time_ns() // _SECOND_NS - 1) * _SECOND_NS  # a whole second, one to two seconds ago
    os.utime(path, ns=(whole, whole))
    reads.read(path, "bytes", count)
    assert not kept(path, "bytes", reads)
    older = whole - 3 * _SECOND_NS
    os.utime(path, ns=(older, older))
    reads.read(path, "bytes", count)
    assert kept(path, "bytes", reads) and count.calls == 2


def test_a_missing_file_is_never_kept(tmp_path: Path) -> None:
    reads, calls = freshness.Reads(), []
    missing = tmp_path / "none.duckdb"
    for _ in range(2):
        reads.read(missing, "absent", lambda: calls.append(1))
    assert len(calls) == 2 and not kept(missing, "absent", reads)


def test_forget_reads_again(path: Path) -> None:
    reads, count = freshness.Reads(), Counting(path)
    settle(path)
    reads.read(path, "bytes", count)
    reads.forget()
    reads.read(path, "bytes", count)
    assert count.calls == 2


# ------------------------------------------------------------------ why the settle rule matters


def test_after_a_settled_read_a_write_that_keeps_the_size_moves_the_stamp(path: Path) -> None:
    store = Store(path)
    settle(path)
    first = store.state(PLAN)
    assert store.state(PLAN) is first  # kept
    before = freshness.mark(path)
    written = comments_until_size(store, path.stat().st_size)
    after = freshness.mark(path)
    assert before.main is not None and after.main is not None
    assert after.main[:3] == before.main[:3]  # the same device, inode and size: only the stamp tells
    assert after.main[3] > before.main[3]
    assert len(store.state(PLAN)[2]) == len(first[2]) + written


def test_a_stamp_forced_back_is_still_seen_by_its_change_time(path: Path) -> None:
    """A write whose modification time is set back by hand (`touch -r`, `cp -p`) and that keeps the size is
    still seen: the system's change time, which no program sets back, moved."""
    store = Store(path)
    stamp = settle(path)
    first = store.state(PLAN)
    comments_until_size(store, path.stat().st_size)
    os.utime(path, ns=(stamp, stamp))
    again = store.state(PLAN)
    assert again is not first
    assert again[2].shape[0] == store.comments(PLAN).shape[0] > first[2].shape[0]


def test_a_read_of_a_file_stamped_now_is_not_kept_so_a_write_in_the_same_tick_is_seen(path: Path) -> None:
    """The case the rule is for: a write in the same clock tick as a read keeps the file's stamp (forced here),
    and the size can come back too; the read was never kept, so the write is seen."""
    store = Store(path)
    stamp = stamp_now(path)
    first = store.state(PLAN)
    before = freshness.mark(path)
    written = comments_until_size(store, path.stat().st_size)
    os.utime(path, ns=(stamp, stamp))
    now = freshness.mark(path)
    assert now.main is not None and before.main is not None
    assert now.main[:4] == before.main[:4]  # the same file, size and modification time as when it was read
    assert len(store.state(PLAN)[2]) == len(first[2]) + written


# ------------------------------------------------------------------ every write seen at the next question


JOBS_2021 = "year,indicator,region,value,source\n2021,jobs,Québec,130000,test\n"  # a year the shipped figures lack


def _import(path: Path, tmp_path: Path, text: str = JOBS_2021) -> None:
    file = tmp_path / "figures.csv"
    file.write_text(text, encoding="utf-8")
    assert main(["--db", str(path), "import", str(file)]) == 0


def test_an_import_is_seen(path: Path, tmp_path: Path) -> None:
    store = Store(path)
    settle(path)
    generation, years, _ = store.state(PLAN)
    assert store.generation() == generation and kept(path, "generation") and kept(path, ("state", PLAN))
    _import(path, tmp_path)
    assert store.generation().batch == generation.batch + 1
    now, years_now, _ = store.state(PLAN)
    assert now.batch == generation.batch + 1 and years_now == (2021, *years)


def test_a_rollback_is_seen(path: Path, tmp_path: Path) -> None:
    _import(path, tmp_path)
    store = Store(path)
    settle(path)
    generation, years, _ = store.state(PLAN)
    assert years[0] == 2021 and store.generation() is store.generation()  # kept
    assert main(["--db", str(path), "rollback", str(generation.batch)]) == 0
    now = store.generation()
    assert now.rolled_back == generation.rolled_back + 1 and now.batch == generation.batch + 1
    assert 2021 not in store.state(PLAN)[1]


def test_a_comment_is_seen_though_the_generation_stays(path: Path) -> None:
    """A comment is no batch: the generation is the same after it, so only the file's mark says to read again."""
    store = Store(path)
    settle(path)
    generation, _, comments = store.state(PLAN)
    assert kept(path, ("state", PLAN))
    store.add_comment(plan_id=PLAN, target="jobs_net", year=2019, body="Why we are behind.", by="carole")
    again, _, now = store.state(PLAN)
    assert again == generation
    assert len(now) == len(comments) + 1 and "Why we are behind." in now["body"].tolist()


def test_a_user_added_is_seen(path: Path, plan: Plan) -> None:
    store = Store(path)
    settle(path)
    assert users.has_users(store) is False
    assert kept(path, "has_users")
    accounts.add_user(store, plan, "alice", "correct-horse", role="editor", network=None, by="test")
    assert users.has_users(store) is True


def test_a_restore_is_seen(path: Path, tmp_path: Path) -> None:
    store = Store(path)
    saved = tmp_path / "saved.duckdb"
    backup(store, saved)
    _import(path, tmp_path)
    settle(path)
    generation, years, _ = store.state(PLAN)
    assert years[0] == 2021 and kept(path, ("state", PLAN))
    restore(store, saved, by="test")
    now, years_now, _ = store.state(PLAN)
    assert (now.device, now.inode) != (generation.device, generation.inode)
    assert 2021 not in years_now
    assert store.generation() == now


def test_another_file_of_the_same_size_and_stamp_renamed_into_place_is_seen(path: Path, tmp_path: Path) -> None:
    """A file swapped in by a rename, even of the very size and stamp of the one it replaces, is another inode."""
    store = Store(path)
    settle(path)
    first = store.state(PLAN)
    other = tmp_path / "other.duckdb"
    shutil.copy2(path, other)
    written = comments_until_size(Store(other), path.stat().st_size)
    os.utime(other, ns=(path.stat().st_mtime_ns,) * 2)
    other.replace(path)
    now = store.state(PLAN)
    assert now[0].inode != first[0].inode
    assert len(now[2]) == len(first[2]) + written


def test_an_import_by_another_process_is_seen(path: Path, tmp_path: Path) -> None:
    store = Store(path)
    settle(path)
    generation, _, _ = store.state(PLAN)
    store.generation()
    assert kept(path, ("state", PLAN)) and kept(path, "generation")
    file = tmp_path / "other.csv"
    file.write_text("year,indicator,region,value,source\n2021,jobs,Québec,130000,other process\n", encoding="utf-8")
    done = run_cli("--db", str(path), "import", str(file))
    assert done.returncode == 0, done.stderr
    assert store.generation().batch == generation.batch + 1
    assert store.state(PLAN)[1][0] == 2021


def test_a_write_still_in_the_write_ahead_log_is_seen(path: Path) -> None:
    """While another connection holds the file open, a commit stays in its `.wal` and the file itself is not
    rewritten: the log's mark tells."""
    store = Store(path)
    settle(path)
    store.state(PLAN)
    assert kept(path, ("state", PLAN))
    held = duckdb.connect(str(path))  # keeps DuckDB's instance of the file open: no checkpoint at each close
    try:
        main_before = freshness.mark(path).main
        store.add_comment(plan_id=PLAN, target="jobs_net", year=2019, body="Held in the log.", by="test")
        assert freshness.mark(path).wal is not None
        assert freshness.mark(path).main == main_before
        assert "Held in the log." in store.state(PLAN)[2]["body"].tolist()
    finally:
        held.close()
