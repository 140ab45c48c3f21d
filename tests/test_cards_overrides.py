"""What a card and History say of owners and of statuses set by the plan team (issue 19), without a page: a
target's owner (a network by its id, label or alias said by its label; a person as written), the lines of a
status set (who, when, why; the computed status in words; to be reviewed once newer figures arrived), History's
words for a setting and a clearing, the statuses the Review page's form offers by kind; which of a target's
statuses set (one for each as-of year, one for every year) a view shows, clearing one of them alone, and
`status_overrides` refusing an unknown target in words.

Real DuckDB files made by `planmetrics init` (jobs 100 000 in 2014 and 116 000 in 2018, as of 2019), overrides
set through the store's own functions, figures imported as the importer takes them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from planmetrics import cards, importing, snapshots, status_overrides
from planmetrics.accounts import Actor
from planmetrics.errors import RefusedError
from planmetrics.metrics import settable_statuses
from planmetrics.plan import Plan, load_plans
from planmetrics.store import Store, overrides
from planmetrics.ui.history import override_words
from tests.conftest import ROOT

JOBS_2019 = b"year,indicator,value,source\n2019,jobs,121500,Federation 2019\n"
FRENCH_MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
                 "novembre", "décembre")  # fmt: skip
ENGLISH_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                  "October", "November", "December")  # fmt: skip


def _owned_plan(tmp_path: Path, owners: dict[str, str]) -> Plan:
    """The shipped plan with an `owner` written into some of its targets."""
    text = (ROOT / "data" / "plans" / "cqcm-2020.toml").read_text(encoding="utf-8")
    for target, owner in owners.items():
        line = f'id = "{target}"\n'
        assert text.count(line) == 1
        text = text.replace(line, f'{line}owner = "{owner}"\n')
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "cqcm-2020.toml").write_text(text, encoding="utf-8")
    (found,) = load_plans(folder)
    return found


def test_owners_said_by_label_or_as_written(tmp_path: Path) -> None:
    plan = _owned_plan(
        tmp_path,
        {"jobs_net": "desjardins", "jobs_montreal": "Caisses Desjardins", "revenue_growth": "Marie Tremblay (CQCM)"},
    )
    assert cards.owner_line(plan, "jobs_net", "fr") == "Responsable : Mouvement Desjardins"
    assert cards.owner_line(plan, "jobs_net", "en") == "Owner: Desjardins Group"
    assert cards.owner_line(plan, "jobs_montreal", "en") == "Owner: Desjardins Group"  # an alias: the network
    assert cards.owner_line(plan, "revenue_growth", "fr") == "Responsable : Marie Tremblay (CQCM)"
    assert cards.owner_line(plan, "revenue_level", "fr") is None
    assert cards.owner_line(plan, "organizations", "en") is None  # a tracked indicator names no owner


def _set(db: str, plan: Plan, target: str, status: str, as_of: int | None, by: str | None = "rita") -> int:
    store = Store(db)
    computed = snapshots.progress(store, plan, as_of).target(target)
    return overrides.set_override(
        store, plan.id, target, status=status, reason="Chiffres provisoires", by=by, as_of=as_of,
        computed_status=computed.computed, latest_year=computed.latest_year, latest=computed.latest,
    )  # fmt: skip


def _day(db: str, plan: Plan, lang: str) -> str:
    """The override's day on Québec's clock, said in full by hand."""
    (found,) = overrides.overrides(Store(db), plan.id)
    day = found.at.replace(tzinfo=dt.UTC).astimezone(ZoneInfo("America/Toronto")).date()
    if lang == "fr":
        return f"{'1er' if day.day == 1 else day.day}\u00a0{FRENCH_MONTHS[day.month - 1]} {day.year}"
    return f"{ENGLISH_MONTHS[day.month - 1]} {day.day}, {day.year}"


def test_the_lines_of_a_status_set(db: str, plan: Plan) -> None:
    _set(db, plan, "jobs_net", "needs_acceleration", 2019)
    progress = snapshots.progress(Store(db), plan, 2019).target("jobs_net")
    assert (progress.status, progress.computed) == ("needs_acceleration", "on_track")  # 16 000 of 13 333 expected
    assert cards.override_lines(progress, "fr") == (
        f"Statut fixé par l'équipe du plan (rita, {_day(db, plan, 'fr')}) : Chiffres provisoires",
        "Statut calculé selon les règles de la méthode : En bonne voie.",
    )
    assert cards.override_lines(progress, "en") == (
        f"Status set by the plan team (rita, {_day(db, plan, 'en')}): Chiffres provisoires",
        "Status computed by the method's rules: On track.",
    )
    earlier = snapshots.progress(Store(db), plan, 2018).target("jobs_net")  # before its as-of year: computed
    assert cards.override_lines(earlier, "en") == ()


def test_a_newer_figure_marks_it_to_review(db: str, plan: Plan) -> None:
    _set(db, plan, "jobs_net", "on_track", 2019, by=None)
    importing.import_bytes(Store(db), plan, JOBS_2019, "jobs-2019.csv", by="paul")
    progress = snapshots.progress(Store(db), plan, 2019).target("jobs_net")
    assert progress.override is not None and progress.override.stale
    assert cards.override_lines(progress, "en") == (
        f"Status set by the plan team ({_day(db, plan, 'en')}): Chiffres provisoires",
        "Status computed by the method's rules: Achieved.",  # 21 500 of the 20 000
        "Set before newer figures arrived: the plan team should review it.",
    )


def test_history_words_for_a_setting_and_a_clearing(plan: Plan) -> None:
    set_it = {"kind": "override", "target": "jobs_net", "override_status": "on_track", "year": 2019}
    assert override_words(plan, set_it, "en") == "Status of “Net new jobs by 2020” set to “On track” from 2019"
    assert override_words(plan, set_it, "fr") == (
        "Statut de « Emplois nets créés d'ici 2020 » fixé à « En bonne voie » à partir de 2019"
    )
    tracked = {"kind": "override", "target": "organizations", "override_status": "stable", "year": None}
    assert override_words(plan, tracked, "fr") == (
        "Statut de « Coopératives et mutuelles » fixé à « Stable » pour toutes les années"
    )
    cleared = {"kind": "override", "target": "jobs_net", "override_status": None, "year": 2019}
    assert override_words(plan, cleared, "en") == "Computed status restored for “Net new jobs by 2020”"
    assert override_words(plan, {"kind": "lock", "year": 2019}, "en") == ""


@pytest.mark.parametrize(
    ("kind", "statuses"),
    [
        ("increase_by", ("achieved", "on_track", "needs_acceleration", "limited_progress", "deteriorating", "missed")),
        ("track", ("improving", "stable", "worsening")),
    ],
)
def test_the_statuses_a_form_offers(kind: str, statuses: tuple[str, ...]) -> None:
    assert settable_statuses(kind) == statuses


def _views(db: str, plan: Plan, *years: int) -> list[tuple[str, int | None]]:
    """jobs_net's status shown as of each year, and the as-of year of the status set it shows (0: none)."""
    shown = [snapshots.progress(Store(db), plan, year).target("jobs_net") for year in years]
    return [(t.status, 0 if t.override is None else t.override.as_of) for t in shown]


def test_a_status_set_for_every_year_holds_until_one_set_from_a_year(db: str, plan: Plan) -> None:
    every = _set(db, plan, "jobs_net", "missed", None)  # as `override` sets it on a file with no figure yet
    later = _set(db, plan, "jobs_net", "achieved", 2019)
    assert _views(db, plan, 2017, 2018, 2019, 2020) == [
        ("missed", None), ("missed", None), ("achieved", 2019), ("achieved", 2019),
    ]  # fmt: skip
    # Listed, each judged in the view it holds for: the one for every year as of 2018, the year before 2019's.
    shown = snapshots.progress(Store(db), plan, 2019)
    held = status_overrides.in_force(Store(db), plan, shown)
    assert [(h.override.batch, h.progress and h.progress.override and h.progress.override.batch) for h in held] == [
        (every, every), (later, later),
    ]  # fmt: skip
    assert [(h.computed, h.stale) for h in held] == [("on_track", False), ("on_track", False)]  # 116 000 in 2018
    # Clearing the one for every year alone leaves 2019's; once gone, clearing it again is refused.
    overrides.clear_override(Store(db), plan.id, "jobs_net", by="rita", as_of=overrides.EVERY_YEAR)
    assert _views(db, plan, 2018, 2019) == [("on_track", 0), ("achieved", 2019)]
    with pytest.raises(RefusedError) as refused:
        overrides.clear_override(Store(db), plan.id, "jobs_net", by="rita", as_of=overrides.EVERY_YEAR)
    assert refused.value.message_key == "override.none"
    assert [(o.as_of, o.status) for o in overrides.overrides(Store(db), plan.id)] == [(2019, "achieved")]


def test_an_unknown_target_is_refused_by_the_one_home_in_words(db: str, plan: Plan) -> None:
    rita = Actor("rita", "reviewer", known=True)
    with pytest.raises(RefusedError) as refused:
        status_overrides.set_status(Store(db), plan, rita, "jobs_nett", status="achieved", reason="r", as_of=2019)
    said = refused.value.text("fr")
    assert said.startswith("'jobs_nett' n'est ni une cible ni un indicateur suivi de ce plan. Nommez-en une par")
    assert "Emplois nets créés d'ici 2020 ; Emplois nets créés à Montréal d'ici 2020 ; " in said
    assert overrides.overrides(Store(db), plan.id) == []
    with pytest.raises(RefusedError) as refused:
        status_overrides.clear_status(Store(db), plan, rita, "jobs_net", as_of=2019)
    assert refused.value.text("en").startswith(
        "No status is set by the plan team for “Net new jobs by 2020” from 2019. The statuses set are listed"
    )
