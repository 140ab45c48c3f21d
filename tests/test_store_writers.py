"""Writes from the threads of one process (the sessions of one app server) to one database file: each takes
its turn, so no two batches share an id and no approval slips past a lock being written beside it."""

from __future__ import annotations

import threading
from pathlib import Path

import pandas as pd

from planmetrics.errors import LockedYearError
from planmetrics.store import Store, review


def _figure(year: int, value: float, network: str = "all") -> pd.DataFrame:
    row = {"indicator": "jobs", "year": year, "region": "QC", "sector": "all", "network": network}
    return pd.DataFrame([row | {"value": value, "unit": "jobs", "flag": None, "source": "test"}])


def _all_at_once(works: list[threading.Thread]) -> None:
    for work in works:
        work.start()
    for work in works:
        work.join()


def test_sixteen_sessions_committing_at_once_get_sixteen_batches(tmp_path: Path) -> None:
    store = Store(tmp_path / "a.duckdb")
    store.migrate()
    start = threading.Barrier(16)

    def commit(n: int) -> None:
        start.wait()
        store.commit(_figure(2000 + n, n), kind="import", by=f"editor{n}")

    _all_at_once([threading.Thread(target=commit, args=(n,)) for n in range(16)])
    ids = [int(b["batch"]) for b in store.history()]
    assert sorted(ids) == list(range(1, 17))
    assert sorted(store.current_figures()["year"]) == list(range(2000, 2016))


def test_an_approval_beside_a_lock_of_its_year_never_both_land(tmp_path: Path) -> None:
    """Twenty rounds of a reviewer approving a 2019 submission while another locks 2019: either the approval
    came first (and the lock after it), or the lock did and the approval was refused."""
    for round_ in range(20):
        _approval_beside_a_lock(Store(tmp_path / f"r{round_}.duckdb"))


def _approval_beside_a_lock(store: Store) -> None:
    store.migrate()
    sent = store.commit(_figure(2019, 5, "desjardins"), kind="import", by="dana", state="submitted",
                        network="desjardins")  # fmt: skip
    assert sent.batch is not None
    start = threading.Barrier(2)
    refused: list[LockedYearError] = []

    def approve(batch: int = sent.batch) -> None:
        start.wait()
        try:
            review.approve(store, batch, by="remi")
        except LockedYearError as exc:
            refused.append(exc)

    def lock() -> None:
        start.wait()
        review.lock_year(store, 2019, by="paul")

    _all_at_once([threading.Thread(target=approve), threading.Thread(target=lock)])
    ids = [int(b["batch"]) for b in store.history()]
    assert len(ids) == len(set(ids))
    events = sorted((int(b["batch"]), b["kind"]) for b in store.history() if b["kind"] in ("approval", "lock"))
    assert [kind for _, kind in events] == (["lock"] if refused else ["approval", "lock"])
