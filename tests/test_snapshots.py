"""The cached progress never outlives the data: commits, rollbacks and restores show at the next call."""

from __future__ import annotations

from pathlib import Path

from planmetrics import snapshots
from planmetrics.plan import Plan
from planmetrics.store import Store, backup, restore

from .conftest import PUBLIC_FIGURES, figure_rows


def jobs_latest(store: Store, plan: Plan) -> float | None:
    return snapshots.progress(store, plan).target("jobs_net").latest


def test_cache_follows_commits_rollbacks_and_restores(store: Store, plan: Plan, tmp_path: Path) -> None:
    store.commit(figure_rows(PUBLIC_FIGURES), kind="init")
    assert jobs_latest(store, plan) == 116_000
    copy = tmp_path / "copy.duckdb"
    backup(store, copy)
    later = store.commit(figure_rows([("jobs", 2019, 119_000)]), kind="import")
    assert jobs_latest(store, plan) == 119_000
    store.rollback(int(later.batch or 0))
    assert jobs_latest(store, plan) == 116_000
    store.commit(figure_rows([("jobs", 2019, 121_000)]), kind="import")
    assert jobs_latest(store, plan) == 121_000
    restore(store, copy)
    assert jobs_latest(store, plan) == 116_000


def test_cached_equals_uncached(store: Store, plan: Plan) -> None:
    store.commit(figure_rows(PUBLIC_FIGURES), kind="init")
    for as_of in (2018, 2019, None):
        assert snapshots.progress(store, plan, as_of) == snapshots.uncached_progress(store, plan, as_of)
