"""The board report and the review, from a real database after `planmetrics init`: the cover says which years
the plan team approved and locked, when (on Québec's clock) and by whom, in the reader's language; a
submission awaiting review shows nowhere, in the report's content, its PDF or a data download, until it is
approved."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from planmetrics.plan import Plan
from planmetrics.report.board import LockedYear
from planmetrics.report.content import Report, read_report
from planmetrics.store import Store, review

from .conftest import figure_rows, run_cli

NBSP = "\u00a0"
# A lock's moment as stored (UTC): 15:00 is 10:00 in Québec, 03:00 on 2 December is 22:00 on 1 December there.
LOCKED_AT = {"afternoon": "2026-12-01 15:00:00", "late evening": "2026-12-02 03:00:00"}
SAID = {
    "fr": f"Les chiffres de 2019 sont approuvés et verrouillés depuis le 1er{NBSP}décembre 2026 (paul).",
    "en": "Figures for 2019 approved and locked on December 1, 2026 by paul.",
}
# Desjardins' submission: its 2019 and 2022 totals and a 2018 figure of its network, values found nowhere else.
PENDING = pd.concat(
    [
        figure_rows([("jobs", 2019, 123_456), ("jobs", 2022, 134_567)]),
        figure_rows([("jobs", 2018, 23_456)], network="desjardins"),
    ]
)
PENDING_VALUES = {123_456.0, 134_567.0}


def lock(db: str, year: int, *, by: str | None, at: str) -> int:
    """Lock a year, then date the lock (the store writes the time it is done; a test needs a known day)."""
    batch = review.lock_year(Store(db), year, by=by)
    con = duckdb.connect(db)
    con.execute("UPDATE batches SET created_at = CAST(? AS TIMESTAMP) WHERE id = ?", [at, batch])
    con.close()
    return batch


def plotted(report: Report) -> set[float]:
    """Every number the report's charts draw (on either axis)."""
    found: set[float] = set()
    for section in report.sections:
        for item in section.charts:
            for trace in item.chart.figure.data:
                for axis in ("x", "y"):
                    for value in getattr(trace, axis, None) or ():
                        if isinstance(value, int | float):
                            found.add(float(value))
    return found


def words_of(report: Report) -> str:
    """Every sentence and cell of the report's text, outside the charts' plots."""
    parts = [report.subtitle, report.cover_summary, *report.findings, *report.checks, *report.sources]
    parts += [cell for row in report.summary_rows for cell in row]
    parts += [line.line for line in report.locked]
    for section in report.sections:
        for item in section.charts:
            parts += [item.title, item.takeaway, *item.commentary, *item.notes, item.chart.finding]
            parts += [item.chart.subtitle, *item.chart.footer]
    return "\n".join(parts)


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("moment", list(LOCKED_AT))
def test_the_cover_says_the_years_approved_and_locked(db: str, plan: Plan, lang: str, moment: str) -> None:
    batch = lock(db, 2019, by="paul", at=LOCKED_AT[moment])
    built = read_report(Store(db), plan, lang=lang)
    stamp = LOCKED_AT[moment].replace(" ", "T") + "+00:00"
    assert built.locked == (LockedYear(2019, stamp, "paul", SAID[lang]),)
    assert review.locked(Store(db))[0].batch == batch


def test_a_lock_without_a_name_and_several_years(db: str, plan: Plan) -> None:
    lock(db, 2019, by="paul", at=LOCKED_AT["afternoon"])
    lock(db, 2015, by=None, at="2027-03-01 14:00:00")
    lock(db, 2018, by="rita", at="2027-03-02 14:00:00")
    review.unlock_year(Store(db), 2018, by="rita", reason="StatCan revised 2018")
    built = read_report(Store(db), plan, lang="fr")
    assert [line.line for line in built.locked] == [
        f"Les chiffres de 2015 sont approuvés et verrouillés depuis le 1er{NBSP}mars 2027.",
        SAID["fr"],
    ]  # oldest year first; 2018 unlocked again says nothing


def test_a_report_as_of_an_earlier_year_says_no_later_lock(db: str, plan: Plan) -> None:
    lock(db, 2019, by="paul", at=LOCKED_AT["afternoon"])
    lock(db, 2014, by="paul", at=LOCKED_AT["afternoon"])
    assert [line.year for line in read_report(Store(db), plan, lang="en", as_of=2018).locked] == [2014]
    assert read_report(Store(db), plan, lang="en").locked[-1].year == 2019


def test_no_lock_no_line(db: str, plan: Plan) -> None:
    assert read_report(Store(db), plan, lang="fr").locked == ()


def test_a_pending_submission_shows_nowhere_in_the_report_until_approved(db: str, plan: Plan) -> None:
    store = Store(db)
    batch = store.commit(PENDING, kind="import", by="ana", state="submitted", network="desjardins").batch or 0
    for lang in ("fr", "en"):
        built = read_report(store, plan, lang=lang)
        assert "2019" in built.subtitle and "2022" not in built.subtitle  # the as-of year is the shipped latest
        assert not plotted(built) & PENDING_VALUES
        text = words_of(built).replace(NBSP, " ").replace(",", " ")
        for value in ("123 456", "134 567", "23 456", "2022"):
            assert value not in text
    review.approve(store, batch, by="paul")
    # Approved, the same figures are drawn and said: the checks above could fail.
    built = read_report(store, plan, lang="fr")
    assert "2022" in built.subtitle
    assert plotted(built) >= PENDING_VALUES
    assert f"123{NBSP}456 (2019)" in words_of(built)


def test_a_pending_submission_is_in_no_data_download(db: str, tmp_path: Path) -> None:
    store = Store(db)
    batch = store.commit(PENDING, kind="import", by="ana", state="submitted", network="desjardins").batch or 0
    before = tmp_path / "before.csv"
    done = run_cli("--db", db, "data", "-o", str(before))
    assert done.returncode == 0, done.stderr
    written = before.read_text(encoding="utf-8-sig")
    assert "123456" not in written and "134567" not in written and "23456" not in written
    assert "desjardins" not in written
    review.approve(store, batch, by="paul")
    after = tmp_path / "after.csv"
    assert run_cli("--db", db, "data", "-o", str(after)).returncode == 0
    written = after.read_text(encoding="utf-8-sig")
    assert "123456" in written and "134567" in written and "desjardins" in written


def test_the_pdf_cover_holds_the_lock_line_in_french(db: str, tmp_path: Path) -> None:
    lock(db, 2019, by="paul", at=LOCKED_AT["late evening"])
    out = tmp_path / "rapport.pdf"
    done = run_cli("--db", db, "--lang", "fr", "report", "-o", str(out))
    assert done.returncode == 0, done.stderr
    text = subprocess.run(
        ["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    cover = text.split("\f")[0]  # the first page
    flat = re.sub(r"\s+", " ", cover.replace(NBSP, " "))
    assert "Les chiffres de 2019 sont approuvés et verrouillés depuis le 1er décembre 2026 (paul)." in flat
