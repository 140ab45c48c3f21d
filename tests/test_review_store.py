"""The networks' review in the store, on real DuckDB files: a submission counts nowhere until a reviewer other
than its submitter approves it; a returned one never counts and its file may be sent again; rollbacks of
submissions and refusals of events; locked years refusing every write that touches them; what History and a
figure's versions say; backups, the upgrade from schema 8, and the users. Every count is worked out by hand
in the comments beside it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pytest

from planmetrics import figure_history
from planmetrics.errors import LockedYearError, RefusedError, UnknownBatchError
from planmetrics.plan import Plan
from planmetrics.store import (
    SCHEMA_VERSION,
    Store,
    backup,
    check_backup,
    figure_versions,
    restatements,
    restore,
    review,
    users,
)

from .conftest import figure_rows

QC = "Québec"
# The first figures (batch 1): what the plan team loaded.
FIRST = [("jobs", 2018, 116_000), ("jobs", 2019, 118_000), ("revenue", 2018, 39e9)]
# Desjardins' submission (batch 2): jobs 2018 restated, jobs 2019 equal, members 2018 and jobs 2020 new, and
# revenue 2018, which a direct import (batch 3) will restate after it was sent.
SENT = [
    ("jobs", 2018, 120_000),
    ("jobs", 2019, 118_000),
    ("members", 2018, 8.8e6),
    ("revenue", 2018, 40e9),
    ("jobs", 2020, 125_000),
]


def values(store: Store) -> dict[tuple[str, int], tuple[float, int]]:
    """The current total figures: (indicator, year) → (value, batch)."""
    frame = store.current_figures()
    return {(r.indicator, int(r.year)): (float(r.value), int(r.batch)) for r in frame.itertuples()}


def batch_row(store: Store, batch: int) -> dict[str, Any]:
    return next(b for b in store.history() if b["batch"] == str(batch))


def submit(store: Store, rows: list[tuple[str, int, float]], *, by: str = "ana", sha256: str | None = None) -> int:
    result = store.commit(
        figure_rows(rows), kind="import", by=by, state="submitted", network="desjardins", sha256=sha256
    )
    assert result.batch is not None and result.duplicate_of is None
    return result.batch


@pytest.fixture
def loaded(store: Store) -> Store:
    """Batch 1: the first figures, committed directly."""
    store.commit(figure_rows(FIRST), kind="init", by="op")
    return store


# -------------------------------------------------------------- a submission, then its approval


def test_a_submission_counts_nowhere_until_it_is_approved(loaded: Store) -> None:
    before = values(loaded)
    sent = loaded.commit(
        figure_rows(SENT), kind="import", by="ana", state="submitted", network="desjardins", sha256="s1"
    )
    # What it would change when sent: members 2018 and jobs 2020 new, jobs 2018 and revenue 2018 restated,
    # jobs 2019 equal.
    assert (sent.batch, sent.rows, sent.inserted, sent.restated, sent.unchanged) == (2, 5, 2, 2, 1)
    assert values(loaded) == before
    totals, latest = loaded.totals_and_latest_year(["jobs", "members", "revenue"])
    assert latest == 2019  # not the submission's 2020
    assert sorted(zip(totals["indicator"], totals["year"], totals["value"], strict=True)) == sorted(FIRST)
    assert loaded.years() == [2019, 2018]
    assert loaded.state("cqcm-2020")[1] == (2019, 2018)
    row = batch_row(loaded, 2)
    assert (row["state"], row["network"], row["reviewed_by"], row["reviewed_at"]) == (
        "submitted",
        "desjardins",
        None,
        None,
    )
    assert len(review.submitted_figures(loaded, 2)) == 5  # every figure sent is kept

    direct = loaded.commit(figure_rows([("revenue", 2018, 41e9)]), kind="import", by="op")
    assert (direct.batch, direct.restated) == (3, 1)  # restates batch 1's 39e9: the submission's is not current

    approved = review.approve(loaded, 2, by="paul")
    # Against the figures current at approval: members 2018 and jobs 2020 new (2), jobs 2018 restated (1),
    # jobs 2019 equal and revenue 2018 behind batch 3 (2 unchanged).
    assert (approved.batch, approved.rows, approved.inserted, approved.restated, approved.unchanged) == (4, 5, 2, 1, 2)
    assert values(loaded) == {
        ("jobs", 2018): (120_000, 2),
        ("jobs", 2019): (118_000, 1),  # the equal figure was dropped: batch 1's stays
        ("jobs", 2020): (125_000, 2),
        ("members", 2018): (8.8e6, 2),
        ("revenue", 2018): (41e9, 3),  # the newer direct batch stays in front
    }
    assert loaded.years() == [2020, 2019, 2018]
    assert loaded.totals_and_latest_year(["jobs"])[1] == 2020
    kept = review.submitted_figures(loaded, 2)
    assert sorted(zip(kept["indicator"], kept["year"], strict=True)) == [
        ("jobs", 2018),
        ("jobs", 2020),
        ("members", 2018),
        ("revenue", 2018),
    ]
    row = batch_row(loaded, 2)
    assert (row["state"], row["reviewed_by"], row["inserted"], row["restated"], row["unchanged"]) == (
        "approved",
        "paul",
        2,
        1,
        2,
    )
    assert row["reviewed_at"] is not None and row["reviewed_at"].endswith("+00:00")
    event = batch_row(loaded, 4)
    assert (event["kind"], event["by"], event["reviews"], event["inserted"], event["restated"]) == (
        "approval",
        "paul",
        "2",
        0,
        0,
    )
    # The submission's revenue figure stood behind batch 3: with batch 3 rolled back, it is the current one.
    loaded.rollback(3, by="op")
    assert values(loaded)[("revenue", 2018)] == (40e9, 2)


def test_a_submission_is_listed_with_its_years_and_state(loaded: Store) -> None:
    batch = submit(loaded, SENT)
    (listed,) = review.submissions(loaded, state="submitted")
    assert (listed.batch, listed.state, listed.network, listed.created_by, listed.rows) == (
        batch,
        "submitted",
        "desjardins",
        "ana",
        5,
    )
    assert listed.years == (2018, 2019, 2020)
    assert review.submissions(loaded, network="sollio") == []
    assert review.submission(loaded, batch) == listed
    with pytest.raises(UnknownBatchError):
        review.submission(loaded, 1)  # a direct batch is no submission


def _refusal_setup(store: Store, case: str) -> tuple[int, str]:
    """A batch to approve that must be refused, and who tries."""
    if case == "own":
        return submit(store, SENT, by="paul"), "paul"
    if case == "twice":
        batch = submit(store, SENT)
        review.approve(store, batch, by="paul")
        return batch, "rita"
    if case == "returned":
        batch = submit(store, SENT)
        review.return_submission(store, batch, by="paul", reason="2019 is a forecast")
        return batch, "rita"
    if case == "withdrawn":
        batch = submit(store, SENT)
        store.rollback(batch, by="ana")
        return batch, "paul"
    if case == "direct":
        return 1, "paul"
    return 99, "paul"


@pytest.mark.parametrize(
    ("case", "error", "key"),
    [
        ("own", RefusedError, "review.own_submission"),
        ("twice", RefusedError, "review.already_approved"),
        ("returned", RefusedError, "review.already_returned"),
        ("withdrawn", RefusedError, "review.rolled_back"),
        ("direct", UnknownBatchError, "review.no_submission"),
        ("unknown", UnknownBatchError, "store.no_batch"),
    ],
)
def test_approvals_refused(loaded: Store, case: str, error: type[Exception], key: str) -> None:
    batch, by = _refusal_setup(loaded, case)
    before = (loaded.history(), values(loaded))
    with pytest.raises(error) as refused:
        review.approve(loaded, batch, by=by)
    assert getattr(refused.value, "message_key", None) == key
    assert (loaded.history(), values(loaded)) == before


# -------------------------------------------------------------- returns and the same file again


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_a_return_needs_a_reason(loaded: Store, reason: str | None) -> None:
    batch = submit(loaded, SENT)
    before = loaded.history()
    with pytest.raises(RefusedError, match="A reason is required"):
        review.return_submission(loaded, batch, by="paul", reason=reason)  # type: ignore[arg-type]
    assert loaded.history() == before


def test_a_reason_too_long_says_its_limit_as_the_reader_writes_it(loaded: Store) -> None:
    batch = submit(loaded, SENT)
    with pytest.raises(RefusedError) as refused:
        review.return_submission(loaded, batch, by="paul", reason="x" * 1001)
    assert refused.value.text("fr") == "La raison est trop longue. Gardez-la sous 1\u00a0000 caractères."
    assert refused.value.text("en") == "The reason is too long. Keep it under 1,000 characters."


def test_a_returned_submission_never_counts_and_its_file_may_be_sent_again(loaded: Store) -> None:
    before = values(loaded)
    batch = submit(loaded, SENT, sha256="same-file")
    again = loaded.commit(
        figure_rows(SENT), kind="import", by="ana", state="submitted", network="desjardins", sha256="same-file"
    )
    assert again.duplicate_of == batch  # pending: the same file from the same network is a duplicate
    event = review.return_submission(loaded, batch, by="paul", reason="  Les chiffres de 2019 sont provisoires. ")
    assert event == batch + 1
    assert values(loaded) == before
    row = batch_row(loaded, batch)
    assert (row["state"], row["reviewed_by"], row["review_reason"]) == (
        "returned",
        "paul",
        "Les chiffres de 2019 sont provisoires.",
    )
    returned = batch_row(loaded, event)
    assert (returned["kind"], returned["reviews"], returned["reason"]) == ("return", str(batch), row["review_reason"])
    with pytest.raises(RefusedError, match="already returned"):
        review.return_submission(loaded, batch, by="paul", reason="again")
    # Sent again after the return: a new submission, which may be approved.
    resent = submit(loaded, SENT, sha256="same-file")
    assert resent == event + 1
    review.approve(loaded, resent, by="paul")
    assert values(loaded)[("jobs", 2018)] == (120_000, resent)
    approved_again = loaded.commit(
        figure_rows(SENT), kind="import", by="ana", state="submitted", network="desjardins", sha256="same-file"
    )
    assert approved_again.duplicate_of == resent  # approved: a duplicate too
    assert values(loaded)[("jobs", 2018)] == (120_000, resent)
    other = loaded.commit(
        figure_rows(SENT), kind="import", by="carl", state="submitted", network="sollio", sha256="same-file"
    )
    assert other.duplicate_of is None  # the same bytes from another network are that network's figures
    loaded.rollback(int(str(other.batch)), by="paul")


# -------------------------------------------------------------- rollbacks


def test_rolling_back_an_approved_submission_brings_back_the_older_figures(loaded: Store) -> None:
    before = values(loaded)
    batch = submit(loaded, SENT)
    review.approve(loaded, batch, by="paul")
    assert values(loaded) != before
    undone = loaded.rollback(batch, by="paul")
    # Its 4 figures kept (the equal one was dropped at approval) stop counting.
    assert undone.restated == 4
    assert values(loaded) == before
    assert batch_row(loaded, batch)["rolled_back"] is True
    assert loaded.years() == [2019, 2018]


def test_rolling_back_a_pending_submission_withdraws_it(loaded: Store) -> None:
    before = values(loaded)
    batch = submit(loaded, SENT, sha256="withdrawn")
    undone = loaded.rollback(batch, by="ana")
    assert undone.restated == 0  # no figure that counts changed
    assert values(loaded) == before
    assert review.submissions(loaded, state="submitted") == []  # awaits nothing now
    (listed,) = review.submissions(loaded)
    assert (listed.batch, listed.state, listed.rolled_back) == (batch, "submitted", True)
    assert submit(loaded, SENT, sha256="withdrawn") == undone.batch + 1  # the file may be sent again


def _event(store: Store, kind: str) -> int:
    batch = submit(store, SENT)
    if kind == "approval":
        return review.approve(store, batch, by="paul").batch or 0
    if kind == "return":
        return review.return_submission(store, batch, by="paul", reason="no")
    lock = review.lock_year(store, 2015, by="paul")
    return lock if kind == "lock" else review.unlock_year(store, 2015, by="paul", reason="reopened")


@pytest.mark.parametrize("kind", ["approval", "return", "lock", "unlock"])
def test_an_event_cannot_be_rolled_back(loaded: Store, kind: str) -> None:
    event = _event(loaded, kind)
    assert batch_row(loaded, event)["kind"] == kind
    before = (loaded.history(), values(loaded))
    with pytest.raises(UnknownBatchError) as refused:
        loaded.rollback(event, by="paul")
    assert refused.value.message_key == "review.rollback_of_event"
    assert f"Le lot {event} consigne une révision ou un verrouillage" in refused.value.text("fr")
    assert (loaded.history(), values(loaded)) == before


# -------------------------------------------------------------- locked years


def test_a_locked_year_refuses_a_commit_whole_and_lets_other_years_pass(loaded: Store) -> None:
    lock = review.lock_year(loaded, 2019, by="paul", reason="approved by the board")
    (found,) = review.locked(loaded)
    assert (found.year, found.batch, found.locked_by, found.reason) == (2019, lock, "paul", "approved by the board")
    before = (loaded.history(), values(loaded))
    touching = pd.concat(
        [
            figure_rows([("jobs", 2020, 130_000), ("jobs", 2019, 118_000)]),  # equal, still refused
            figure_rows([("jobs", 2019, 40_000)], sector="agrifood"),
        ]
    )
    for state in ("direct", "submitted"):
        with pytest.raises(LockedYearError) as refused:
            loaded.commit(touching, kind="import", by="op", state=state)  # type: ignore[arg-type]
        assert refused.value.years == [2019]
        assert refused.value.count == 2
        assert refused.value.figures == [("jobs", 2019, QC, "agrifood", "all"), ("jobs", 2019, QC, "all", "all")]
        assert (loaded.history(), values(loaded)) == before  # nothing written, not even the 2020 figure
    passed = loaded.commit(figure_rows([("jobs", 2020, 130_000)]), kind="import", by="op")
    assert values(loaded)[("jobs", 2020)] == (130_000, passed.batch)


def test_a_refusal_names_the_first_twenty_figures_and_counts_them_all(loaded: Store) -> None:
    review.lock_year(loaded, 2018, by="paul")
    review.lock_year(loaded, 2019, by="paul")
    many = pd.concat([figure_rows([("jobs", 2018, i), ("jobs", 2019, i)], sector=f"s{i:02}") for i in range(15)])
    with pytest.raises(LockedYearError) as refused:
        loaded.commit(many, kind="import")
    assert (refused.value.years, refused.value.count, len(refused.value.figures)) == ([2018, 2019], 30, 20)
    assert refused.value.figures[0] == ("jobs", 2018, QC, "s00", "all")  # by year, then by key
    assert refused.value.figures[14] == ("jobs", 2018, QC, "s14", "all")
    assert refused.value.figures[15] == ("jobs", 2019, QC, "s00", "all")
    assert "30 chiffres tombent dans une année verrouillée (2018, 2019)" in refused.value.text("fr")


def test_a_locked_year_refuses_an_approval_and_a_rollback_touching_it(loaded: Store) -> None:
    pending = submit(loaded, [("jobs", 2019, 119_000), ("jobs", 2020, 125_000)])
    counted = loaded.commit(figure_rows([("revenue", 2019, 47e9)]), kind="import", by="op").batch or 0
    outside = loaded.commit(figure_rows([("revenue", 2021, 50e9)]), kind="import", by="op").batch or 0
    review.lock_year(loaded, 2019, by="paul")
    before = (loaded.history(), values(loaded))
    with pytest.raises(LockedYearError) as refused:
        review.approve(loaded, pending, by="paul")
    assert (refused.value.years, refused.value.figures, refused.value.count) == (
        [2019],
        [("jobs", 2019, QC, "all", "all")],
        1,
    )
    with pytest.raises(LockedYearError) as refused:
        loaded.rollback(counted, by="paul")
    assert refused.value.figures == [("revenue", 2019, QC, "all", "all")]
    with pytest.raises(LockedYearError):
        loaded.rollback(1, by="paul")  # the first batch holds jobs 2019
    assert (loaded.history(), values(loaded)) == before
    loaded.rollback(outside, by="paul")  # a batch of other years only
    assert ("revenue", 2021) not in values(loaded)
    # A submission awaiting review changed nothing that counts: withdrawing it is no write to the year.
    loaded.rollback(pending, by="ana")
    assert batch_row(loaded, pending)["rolled_back"] is True


def test_lock_twice_refused_unlock_needs_a_reason_then_writes_pass(loaded: Store) -> None:
    lock = review.lock_year(loaded, 2019, by="paul")
    with pytest.raises(RefusedError, match="2019 is already locked"):
        review.lock_year(loaded, 2019, by="rita")
    with pytest.raises(RefusedError, match="A reason is required"):
        review.unlock_year(loaded, 2019, by="paul", reason=" ")
    with pytest.raises(RefusedError, match="2018 is not locked"):
        review.unlock_year(loaded, 2018, by="paul", reason="never locked")
    assert [found.year for found in review.locked(loaded)] == [2019]
    unlock = review.unlock_year(loaded, 2019, by="paul", reason="StatCan revised 2019")
    assert unlock == lock + 1
    assert review.locked(loaded) == []
    written = loaded.commit(figure_rows([("jobs", 2019, 119_500)]), kind="import", by="op")
    assert values(loaded)[("jobs", 2019)] == (119_500, written.batch)
    relock = review.lock_year(loaded, 2019, by="rita")  # locked again: the newest lock is the one said
    assert [(found.year, found.batch, found.locked_by) for found in review.locked(loaded)] == [(2019, relock, "rita")]
    rows = {b["batch"]: b for b in loaded.history()}
    assert (rows[str(lock)]["kind"], rows[str(lock)]["year"], rows[str(lock)]["by"]) == ("lock", 2019, "paul")
    assert (rows[str(unlock)]["kind"], rows[str(unlock)]["year"], rows[str(unlock)]["reason"]) == (
        "unlock",
        2019,
        "StatCan revised 2019",
    )


def test_the_generation_moves_after_each_review_and_lock(loaded: Store) -> None:
    seen = [loaded.generation()]
    first, second = submit(loaded, SENT), submit(loaded, [("jobs", 2021, 1)])
    seen.append(loaded.generation())
    review.approve(loaded, first, by="paul")
    seen.append(loaded.generation())
    review.return_submission(loaded, second, by="paul", reason="no")
    seen.append(loaded.generation())
    review.lock_year(loaded, 2018, by="paul")
    seen.append(loaded.generation())
    review.unlock_year(loaded, 2018, by="paul", reason="reopened")
    seen.append(loaded.generation())
    assert [g.batch for g in seen] == [1, 3, 4, 5, 6, 7]


# -------------------------------------------------------------- a figure's versions and restatements


def test_a_pending_version_is_never_current_and_says_its_state(loaded: Store) -> None:
    key = {"region": QC, "sector": "all", "network": "all"}
    pending = submit(loaded, [("jobs", 2018, 130_000)])
    versions = figure_versions(loaded, "jobs", 2018, **key)
    assert [(v.batch, v.value, v.current, v.rolled_back, v.state) for v in versions] == [
        (str(pending), 130_000, False, False, "submitted"),
        ("1", 116_000, True, False, "direct"),
    ]
    assert versions[0].to_json()["state"] == "submitted"
    review.return_submission(loaded, pending, by="paul", reason="too high")
    assert [v.state for v in figure_versions(loaded, "jobs", 2018, **key)] == ["returned", "direct"]
    approved = submit(loaded, [("jobs", 2018, 120_000)])
    review.approve(loaded, approved, by="paul")
    versions = figure_versions(loaded, "jobs", 2018, **key)
    assert [(v.batch, v.current, v.state) for v in versions] == [
        (str(approved), True, "approved"),
        (str(pending), False, "returned"),
        ("1", False, "direct"),
    ]


def test_restatements_name_only_what_counted(loaded: Store) -> None:
    returned = submit(loaded, [("jobs", 2018, 130_000), ("revenue", 2018, 45e9)])
    review.return_submission(loaded, returned, by="paul", reason="too high")
    pending = submit(loaded, [("jobs", 2018, 120_000), ("jobs", 2019, 118_000), ("revenue", 2018, 40e9)])
    direct = loaded.commit(figure_rows([("revenue", 2018, 41e9)]), kind="import", by="op").batch or 0
    found = restatements(loaded, [1, returned, pending, direct])
    # The direct batch replaced batch 1's 39e9: neither the returned 45e9 nor the pending 40e9.
    assert [(r.indicator, r.before, r.after) for r in found[direct].figures] == [("revenue", 39e9, 41e9)]
    # Awaiting review, it would restate jobs 2018 only: jobs 2019 is equal, revenue stands behind batch 3.
    assert [(r.indicator, r.year, r.before, r.after) for r in found[pending].figures] == [
        ("jobs", 2018, 116_000, 120_000)
    ]
    assert returned not in found and 1 not in found  # sent back: it never restated anything
    review.approve(loaded, pending, by="paul")
    approved = restatements(loaded, [pending])[pending]
    assert (approved.total, [(r.before, r.after) for r in approved.figures]) == (1, [(116_000, 120_000)])
    assert approved.total == batch_row(loaded, pending)["restated"]
    # A later direct batch restating jobs 2018 replaced the approved 120 000, not the returned 130 000.
    later = loaded.commit(figure_rows([("jobs", 2018, 121_000)]), kind="import", by="op").batch or 0
    assert [(r.before, r.after) for r in restatements(loaded, [later])[later].figures] == [(120_000, 121_000)]


def test_a_submission_counts_from_its_approval_not_from_its_sending(loaded: Store) -> None:
    """Sent before a direct batch but approved after it, a submission's figure counts from its approval: the
    direct batch committed between the two replaced batch 1's figure, and the submission's stands behind it."""
    pending = submit(loaded, [("jobs", 2018, 120_000)])
    direct = loaded.commit(figure_rows([("jobs", 2018, 117_000)]), kind="import", by="op").batch or 0
    approved = review.approve(loaded, pending, by="paul")
    assert (approved.restated, approved.unchanged) == (0, 1)  # behind the direct batch
    assert pending not in restatements(loaded, [pending])
    assert values(loaded)[("jobs", 2018)] == (117_000, direct)
    loaded.rollback(direct, by="op")
    assert values(loaded)[("jobs", 2018)] == (120_000, pending)
    again = loaded.commit(figure_rows([("jobs", 2018, 121_000)]), kind="import", by="op").batch or 0
    found = restatements(loaded, [direct, again])
    assert [(r.before, r.after) for r in found[direct].figures] == [(116_000, 117_000)]
    assert [(r.before, r.after) for r in found[again].figures] == [(120_000, 121_000)]


# -------------------------------------------------------------- backups and the upgrade from schema 8


def _reviewed_store(store: Store) -> dict[str, int]:
    """A database holding every state: approved, pending, returned; a lock; users."""
    # The pending and returned ones each send one figure equal to the current one and one new (1 inserted).
    batches = {"approved": submit(store, SENT), "pending": submit(store, [("jobs", 2019, 118_000), ("jobs", 2022, 2)])}
    review.approve(store, batches["approved"], by="paul")
    batches["returned"] = submit(store, [("jobs", 2019, 118_000), ("jobs", 2023, 3)])
    review.return_submission(store, batches["returned"], by="paul", reason="no")
    review.lock_year(store, 2018, by="paul", reason="approved")
    users.put_user(store, "ana", role="editor", network="desjardins", digest="$argon2id$ana", by="op")
    users.put_user(store, "paul", role="reviewer", network=None, digest="$argon2id$paul", by="op")
    return batches


def test_a_backup_and_its_restore_keep_submissions_users_and_locks(loaded: Store, tmp_path: Path) -> None:
    made = _reviewed_store(loaded)
    copy = tmp_path / "reviewed-backup.duckdb"
    held = len(loaded.history())
    assert backup(loaded, copy) == held
    assert check_backup(copy) == SCHEMA_VERSION
    elsewhere = Store(tmp_path / "elsewhere.duckdb")
    elsewhere.migrate()
    restore(elsewhere, copy, by="op")
    assert values(elsewhere) == values(loaded)
    assert [(s.batch, s.state) for s in review.submissions(elsewhere)] == [
        (made["returned"], "returned"),
        (made["pending"], "submitted"),
        (made["approved"], "approved"),
    ]
    assert len(review.submitted_figures(elsewhere, made["pending"])) == 2  # the equal figure kept while pending
    assert [(lock.year, lock.locked_by, lock.reason) for lock in review.locked(elsewhere)] == [
        (2018, "paul", "approved")
    ]
    assert [(u.name, u.role, u.network, u.digest) for u in users.users(elsewhere)] == [
        ("ana", "editor", "desjardins", "$argon2id$ana"),
        ("paul", "reviewer", None, "$argon2id$paul"),
    ]
    # Still in force once restored: the lock refuses, the pending submission can be approved.
    with pytest.raises(LockedYearError):
        elsewhere.commit(figure_rows([("jobs", 2018, 1)]), kind="import")
    review.approve(elsewhere, made["pending"], by="paul")
    assert values(elsewhere)[("jobs", 2022)] == (2, made["pending"])


@pytest.mark.parametrize("which", ["pending", "returned"])
def test_a_backup_missing_a_figure_of_a_submission_is_refused(loaded: Store, tmp_path: Path, which: str) -> None:
    """A submission keeps every figure sent: its equal figure gone is an incomplete file, though the batch still
    holds as many rows as it inserted and restated (1 new figure, 1 row left)."""
    made = _reviewed_store(loaded)
    copy = tmp_path / "b.duckdb"
    backup(loaded, copy)
    con = duckdb.connect(str(copy))
    con.execute("DELETE FROM figures WHERE batch = ? AND year = 2019", [made[which]])
    con.close()
    with pytest.raises(RefusedError) as refused:
        check_backup(copy)
    assert refused.value.message_key == "backups.incomplete"


def test_a_backup_of_schema_9_without_its_users_table_is_refused(loaded: Store, tmp_path: Path) -> None:
    copy = tmp_path / "b.duckdb"
    backup(loaded, copy)
    con = duckdb.connect(str(copy))
    con.execute("DROP TABLE users")
    con.close()
    with pytest.raises(RefusedError) as refused:
        check_backup(copy)
    assert refused.value.message_key == "backups.incomplete"


def test_a_database_of_schema_8_upgrades_with_every_old_batch_direct(tmp_path: Path) -> None:
    path = tmp_path / "v8.duckdb"
    assert Store(path).migrate(upto=8) == 8
    # What planmetrics of schema 8 wrote: an init, an import restating one figure (named in `superseded`),
    # and an import rolled back.
    con = duckdb.connect(str(path))
    columns = "id, kind, created_at, created_by, rows_read, inserted, restated, unchanged, rolled_back, rolls_back"
    con.execute(
        f"INSERT INTO batches ({columns}) VALUES"
        " (1, 'init', TIMESTAMP '2025-01-02 03:04:05', 'old', 2, 2, 0, 0, FALSE, NULL),"
        " (2, 'import', TIMESTAMP '2025-02-01 00:00:00', 'old', 1, 0, 1, 0, FALSE, NULL),"
        " (3, 'import', TIMESTAMP '2025-03-01 00:00:00', 'old', 1, 1, 0, 0, TRUE, NULL),"
        " (4, 'rollback', TIMESTAMP '2025-03-02 00:00:00', 'old', 0, 0, 1, 0, FALSE, 3)"
    )
    con.execute(
        "INSERT INTO figures VALUES"
        " (1, 'jobs', 2018, 'Québec', 'all', 'all', 116000, 'jobs', NULL, 's', NULL, NULL),"
        " (1, 'jobs', 2019, 'Québec', 'all', 'all', 118000, 'jobs', NULL, 's', NULL, NULL),"
        " (2, 'jobs', 2019, 'Québec', 'all', 'all', 119000, 'jobs', NULL, 's', NULL, 'A'),"
        " (3, 'members', 2018, 'Québec', 'all', 'all', 8800000, 'members', NULL, 's', NULL, NULL)"
    )
    con.execute("INSERT INTO superseded VALUES (1, 'jobs', 2019, 'Québec', 'all', 'all')")
    con.close()
    store = Store(path)
    assert values(store) == {("jobs", 2018): (116_000, 1), ("jobs", 2019): (119_000, 2)}  # the read upgrades it
    assert store.schema_version() == SCHEMA_VERSION >= 9
    history = store.history()
    assert [(b["batch"], b["state"], b["network"], b["reviewed_by"]) for b in history] == [
        ("4", "direct", None, None),
        ("3", "direct", None, None),
        ("2", "direct", None, None),
        ("1", "direct", None, None),
    ]
    con = duckdb.connect(str(path), read_only=True)
    assert con.execute("SELECT count(*) FROM batches WHERE state = 'direct'").fetchall() == [(4,)]
    con.close()
    assert review.submissions(store) == [] and review.locked(store) == [] and not users.has_users(store)
    # The upgraded file takes submissions like a new one.
    batch = submit(store, [("jobs", 2019, 120_000)])
    assert values(store)[("jobs", 2019)] == (119_000, 2)
    review.approve(store, batch, by="paul")
    assert values(store)[("jobs", 2019)] == (120_000, batch)
    assert [(r.before, r.after) for r in restatements(store, [batch])[batch].figures] == [(119_000, 120_000)]
    assert [(r.before, r.after) for r in restatements(store, [2])[2].figures] == [(118_000, 119_000)]


# -------------------------------------------------------------- users


def test_users_are_added_replaced_and_removed(store: Store) -> None:
    assert not users.has_users(store)
    assert users.put_user(store, "paul", role="reviewer", network=None, digest="d1", by="op") is False
    assert users.put_user(store, "ana", role="editor", network="desjardins", digest="d2", by="paul") is False
    assert users.has_users(store)
    assert [(u.name, u.role, u.network, u.added_by) for u in users.users(store)] == [
        ("ana", "editor", "desjardins", "paul"),
        ("paul", "reviewer", None, "op"),
    ]
    assert users.put_user(store, "ana", role="editor", network="sollio", digest="d3", by="op") is True
    ana = users.user(store, "ana")
    assert ana is not None and (ana.role, ana.network, ana.digest, ana.added_by) == ("editor", "sollio", "d3", "op")
    assert len(users.users(store)) == 2  # replaced, not added twice
    assert "d3" not in repr(ana)  # the hash is never printed with the user
    assert users.remove_user(store, "ana") is True
    assert users.remove_user(store, "ana") is False
    assert users.user(store, "ana") is None
    assert [u.name for u in users.users(store)] == ["paul"]


@pytest.mark.parametrize(("lang", "said"), [("fr", ["renvoyée", "en attente de révision", "en vigueur"]),
                                            ("en", ["returned", "awaiting review", "current"])])  # fmt: skip
def test_a_submissions_version_is_said_by_its_state(loaded: Store, plan: Plan, lang: str, said: list[str]) -> None:
    returned = submit(loaded, [("jobs", 2018, 130_000)])
    review.return_submission(loaded, returned, by="paul", reason="too high")
    submit(loaded, [("jobs", 2018, 120_000)])
    versions = figure_versions(loaded, "jobs", 2018, region=QC, sector="all", network="all")
    rows = figure_history.version_rows(plan, "jobs", versions, lang)
    state = figure_history.VERSION_COLUMNS.index("state")
    assert [row[state] for row in rows] == [said[1], said[0], said[2]]  # newest first
