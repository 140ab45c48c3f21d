"""Markdown and math never mangle a text (issue 14, item 3): each plan check, a commentary and a source reach
the page whole, in both languages.

The page's text is read as a person reads it: the element's value with Markdown's escaping undone
(`conftest.unescaped`), compared with the catalogue's sentence (`i18n.check_message`) exactly. The shipped
figures give three checks: growth against level (7 % a year from 33.4 G$ gives 50.1 G$, not 45 G$), the
Montréal sub-target within its parent, and the revenue jump of 2018 to 2019; a copy of the plan whose
Montréal target is larger than its parent gives the fourth.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from planmetrics import config, i18n, snapshots
from planmetrics.plan import load_plans
from planmetrics.store import Store
from tests.pages.conftest import ROOT, PageRunner, unescaped

SOURCE = "Rapport *annuel* 2019, p. 5 $ et 7 $ [annexe](http://exemple.ca) tableau_2"


def _alerts(at: object) -> list[str]:
    return [unescaped(str(e.value)) for kind in ("info", "warning") for e in at.get(kind)]  # type: ignore[attr-defined]


def _messages(db: Path, lang: str) -> dict[str, list[str]]:
    """Each check's sentence by kind, as the catalogue says it for the assessment the page is drawn from."""
    plan = load_plans()[0]
    result = snapshots.uncached_progress(Store(db), plan)
    found: dict[str, list[str]] = {}
    for check in result.checks:
        found.setdefault(check.kind, []).append(i18n.check_message(check.kind, check.params, plan, lang))
    return found


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_plan_check_is_shown_whole_on_the_overview(run_page: PageRunner, app_db: Path, lang: str) -> None:
    messages = _messages(app_db, lang)
    assert set(messages) == {"growth_vs_level", "subtarget_within_parent", "jump"}
    shown = _alerts(run_page("overview", lang=lang))
    for sentences in messages.values():
        for sentence in sentences:
            assert sentence in shown, sentence


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("fr", "7,0\u00a0% par an à partir de 33,4\u00a0G$ sur 2014-2020 donne 50,1\u00a0G$, et non 45\u00a0G$"),
        ("en", "7.0% a year from $33.4B over 2014-2020 gives $50.1B, not $45B"),
    ],
)
def test_the_growth_check_is_text_on_the_revenue_page(
    run_page: PageRunner, app_db: Path, lang: str, words: str
) -> None:
    [sentence] = _messages(app_db, lang)["growth_vs_level"]
    assert words in sentence  # METHOD.md's numbers, by hand
    assert sentence in _alerts(run_page("revenue", lang=lang))


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_sub_target_over_its_parent_is_shown_whole(
    run_page: PageRunner, app_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    plans = tmp_path / "plans"
    plans.mkdir()
    text = (ROOT / "data" / "plans" / "cqcm-2020.toml").read_text(encoding="utf-8")
    assert text.count("value = 5000\n") == 1  # the Montréal target, +5,000 jobs
    (plans / "cqcm-2020.toml").write_text(text.replace("value = 5000\n", "value = 25000\n"), encoding="utf-8")
    monkeypatch.setenv("PLANMETRICS_PLANS", str(plans))
    [sentence] = _messages(app_db, lang)["subtarget_within_parent"]
    assert ("25\u00a0000" if lang == "fr" else "25,000") in sentence
    assert sentence in _alerts(run_page("overview", lang=lang))


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_source_is_shown_as_written(run_page: PageRunner, app_db: Path, lang: str) -> None:
    """A figure's source with Markdown's marks and two dollars: the jobs chart's sources line keeps it whole."""
    frame = pd.DataFrame(
        [["jobs", 2019, config.TOTAL_REGION, config.TOTAL_SECTOR, config.TOTAL_NETWORK, 118_000.0, "jobs", None,
          SOURCE]],
        columns=config.FIGURE_COLUMNS,
    )  # fmt: skip
    Store(app_db).commit(frame, kind="import", by="test")
    at = run_page("jobs", lang=lang)
    assert any(SOURCE in unescaped(str(e.value)) for e in at.caption)
