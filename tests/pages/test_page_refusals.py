"""Any refusal of ours met deep in a page is said in the reader's language, never as Streamlit's exception box;
a page that finds no database waits only while a restore is swapping one in; the page's newest batch id is
the generation's (review of issue 15, items 10, 11 and 15)."""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from planmetrics import auth, config
from planmetrics.errors import UnknownBatchError
from planmetrics.plan import default_plan, load_plans
from planmetrics.store import Store
from planmetrics.store.database import Generation
from planmetrics.ui import actions, context
from planmetrics.words import say
from tests.pages.conftest import PageRunner, add_user, texts, unescaped


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_broken_secrets_file_no_longer_matters_to_the_pages(run_app: PageRunner, app_db: Path, lang: str) -> None:
    """Before, auth.bad_secrets from a secrets file that is not TOML showed Streamlit's exception box on every
    page asking who is signed in; since issue 18 the pages sign in against the store's users only (`init`
    carries the file's editors over once), so such a file changes nothing on a page."""
    auth.secrets_path().write_text('[editors]\n"alice" = \n', encoding="utf-8")
    add_user(app_db, "alice")
    at = run_app("upload", lang=lang)  # fails on any exception box
    assert not at.error, [e.value for e in at.error]
    assert say("auth.sign_in", lang) in texts(at)
    assert not at.file_uploader


def _page_reading_a_batch_that_is_not_there() -> None:
    from planmetrics.ui import context, readers  # noqa: PLC0415 - AppTest runs this function's source alone

    ctx = context.page(allow_empty=True)
    readers.batch_file(ctx, 999)  # a reader deep in a page, refused with the store's words


@pytest.mark.usefixtures("app_db")
def test_a_refusal_from_a_pages_read_is_said_in_words() -> None:
    """Before, a read wrapped in said_on_page stopped the page in words for a DatabaseError only."""
    at = AppTest.from_function(_page_reading_a_batch_that_is_not_there, default_timeout=60)
    at.query_params["lang"] = "fr"
    at.run()
    assert not at.exception, at.exception
    said = [unescaped(e.value) for e in at.error]
    assert said == ["Il n'y a pas de lot 999. Consultez les numéros de lot avec `planmetrics history`."]


def _sleeps(monkeypatch: pytest.MonkeyPatch, during: object = None) -> list[float]:
    """The pauses `context._exists` makes, each running `during` (what another process does meanwhile)."""
    made: list[float] = []

    def pause(seconds: float) -> None:
        made.append(seconds)
        if callable(during):
            during()

    monkeypatch.setattr(time, "sleep", pause)  # the module `context` pauses with
    return made


def test_a_fresh_install_finds_no_database_without_waiting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Before, every page run of a fresh install slept 0.2 s looking for the file again."""
    made = _sleeps(monkeypatch)
    (tmp_path / ".other.duckdb.restore-4242").write_bytes(b"")  # another database's restore: not this one's
    assert not context._exists(tmp_path / "live.duckdb")
    assert made == []


def test_a_page_waits_for_a_restore_swapping_the_file_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A restore's temporary file beside a missing database: the page looks once more, after the rename."""
    db, temporary = tmp_path / "live.duckdb", tmp_path / ".live.duckdb.restore-4242"
    temporary.write_bytes(b"restored")
    made = _sleeps(monkeypatch, during=lambda: temporary.replace(db))
    assert context._exists(db)
    assert made == [context._MISSING_RECHECK_SECONDS]
    assert db.read_bytes() == b"restored"


def test_the_newest_batch_is_the_generations(app_db: Path) -> None:
    """One notion of the database's state on the page: the batch id is read from the generation."""
    assert "batch" not in {f.name for f in dataclasses.fields(context.PageContext)}
    ctx = _context()
    generation = ctx.generation
    assert generation is not None
    assert ctx.batch == generation.batch == 1
    later = Generation(generation.device, generation.inode, 7, 0)
    assert dataclasses.replace(ctx, generation=later).batch == 7
    assert dataclasses.replace(ctx, generation=None).batch == 0


def _context(lang: str = "en") -> context.PageContext:
    plans = tuple(load_plans())
    store = Store(config.db_path())
    return context.PageContext(lang, default_plan(plans), plans, store, (), None, generation=store.generation())


def test_a_downloads_bytes_are_read_without_the_pages_message(app_db: Path) -> None:
    """The original file is read by download_button's deferred callable, after the page has run, where st.error
    and st.stop can show nothing: it reads the store itself, and a refusal is raised, not said on a gone page."""
    ctx = _context()
    kept = ctx.store.batch_file(1)[1]
    assert actions._original_bytes(ctx, 1) == (kept or b"")
    with pytest.raises(UnknownBatchError):
        actions._original_bytes(ctx, 999)
