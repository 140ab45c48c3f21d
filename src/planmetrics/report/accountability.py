"""Who owes what and who answers for each target, as the board report says it: the page "Who has reported
2019" (the completeness grid, its cells' glyphs and words with each state's fill, who is late and since
when), the cover's reported and late lines, a target's owner and the status the plan team set over the
computed one (marked wherever a status is said, with who, when and why under the target's chart), the owner
column of the summary, and the method annex's paragraphs on overrides and obligations.

Pure: duties, the plan and the assessment in, sentences out, in the reader's language (`completeness_text`,
`cards`, `words`). Imports `cards`, `completeness`, `completeness_text`, `i18n`, `look`, `metrics`, `plan`,
`words`, `report.board`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from planmetrics import cards, completeness_text, i18n
from planmetrics.completeness import DUTY_STATES, Duty, reported
from planmetrics.look import duty_look
from planmetrics.metrics import Assessment, TargetProgress
from planmetrics.plan import Plan
from planmetrics.report.board import MethodBlock, set_by_team
from planmetrics.words import say, separated

NO_DUTY = "—"  # a cell of the grid for an indicator the network does not owe


@dataclass(frozen=True)
class Completeness:
    """The page "Who has reported 2019" and the cover's lines about it: the grid (a network a row, the first
    column its name, then an indicator owed a column) with each indicator cell's state for its fill (None
    where the network owes nothing), and who is late since when."""

    year: int
    title: str
    intro: str  # the day the duties are judged on
    reported: str  # `1 of 9 networks has reported 2019.`
    late: str  # `Late: Sollio Cooperative Group.`, "" when no network is late
    legend: str  # what each cell's glyph says
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    states: tuple[tuple[str | None, ...], ...]
    late_since: tuple[str, ...]  # `Late since May 1, 2020: Sollio Cooperative Group.`, a line a day


def completeness(plan: Plan, duties: Sequence[Duty], year: int | None, day: dt.date, lang: str) -> Completeness | None:
    """What the report says of `year`'s duties, judged on `day`; None when nothing is owed for it."""
    if year is None or not duties:
        return None
    found = list(duties)
    counted = reported(plan, year, found)
    grid = completeness_text.grid(plan, found, lang)
    networks = list(dict.fromkeys(d.network for d in found))
    indicators = list(dict.fromkeys(d.indicator for d in found))
    state = {(d.network, d.indicator): d.state for d in found}
    return Completeness(
        year=year,
        title=say("report.duty.title", lang, year=year),
        intro=say("report.duty.intro", lang, year=year, day=i18n.long_date(day, lang)),
        reported=completeness_text.reported_line(plan, counted, lang),
        late=completeness_text.late_line(plan, counted, lang),
        legend=say("report.duty.legend", lang, legend=" · ".join(_legend(lang))),
        header=tuple(str(column) for column in grid.columns),
        rows=tuple(tuple(c if isinstance(c, str) else NO_DUTY for c in row) for row in grid.itertuples(index=False)),
        states=tuple(tuple(state.get((n, i)) for i in indicators) for n in networks),
        late_since=_late_since(plan, found, lang),
    )


def _legend(lang: str) -> list[str]:
    """`✓ approved`, `… awaiting review`, …: each state's glyph with its word."""
    return [f"{duty_look(s).glyph} {completeness_text.state_word(s, lang)}" for s in DUTY_STATES]


def _late_since(plan: Plan, duties: Sequence[Duty], lang: str) -> tuple[str, ...]:
    """The late networks, by the day they became late (earliest first), each named once a day; or that no
    network is late."""
    days: dict[dt.date, list[str]] = {}
    for duty in duties:
        if duty.late_since is not None and duty.network not in days.setdefault(duty.late_since, []):
            days[duty.late_since].append(duty.network)
    if not days:
        return (say("report.duty.nobody_late", lang),)
    return tuple(
        say(
            "report.duty.late_since",
            lang,
            day=i18n.long_date(day, lang),
            networks=separated((plan.label_of("network", n, lang) for n in days[day]), lang),
        )
        for day in sorted(days)
    )


# ------------------------------------------------------------------ owners and statuses set by the plan team


def status_word(progress: TargetProgress, lang: str) -> str:
    """A status as the report says it: `On track`, or `On track (set by the plan team)` when the plan team set it."""
    return set_by_team(i18n.status_word(progress.status, lang), progress.override is not None, lang)


def finding(said: str, assessment: Assessment, shown: Sequence[str], lang: str) -> str:
    """A target chart's finding (its page's title, the cover's list), `… · status set by the plan team` when the
    plan team set the status of a target it shows."""
    if all(assessment.target(t).override is None for t in shown):
        return said
    return say("report.finding_set_by_team", lang, finding=said)


def without_figures(plan: Plan, target_id: str, lang: str) -> str:
    """A target without figures in the list of those: `Net new jobs in Montréal: No data yet`, and who answers
    for it when the plan names someone (`… · Owner: Desjardins Group`)."""
    said = i18n.labelled(plan.target_label(target_id, lang), i18n.status_word("no_data", lang), lang)
    owner = cards.owner_line(plan, target_id, lang)
    return said if owner is None else f"{said} · {owner}"


def target_lines(plan: Plan, assessment: Assessment, shown: Sequence[str], lang: str) -> tuple[str, ...]:
    """What a chart's words say of the targets it shows: who answers for each, and a status the plan team set
    (who, when, why, the computed status, whether newer figures came since); each line led by its target's
    label when the chart shows more than one."""
    lines: list[str] = []
    for target_id in shown:
        owner = cards.owner_line(plan, target_id, lang)
        said = ([owner] if owner else []) + list(cards.override_lines(assessment.target(target_id), lang))
        if len(shown) > 1:
            said = [
                say("report.target_said", lang, target=plan.target_label(target_id, lang), line=line) for line in said
            ]
        lines += said
    return tuple(lines)


def with_owners(
    plan: Plan, target_ids: Sequence[str], header: tuple[str, ...], rows: tuple[tuple[str, ...], ...], lang: str
) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """The summary with an owner column last (`—` for a target the plan names no owner for), when the plan
    names an owner for any of its targets; else as it was."""
    owners = [plan.owner_label(t, lang) for t in target_ids]
    if all(owner is None for owner in owners):
        return header, rows
    said = (*header, say("report.col.owner", lang))
    return said, tuple((*row, owner or "—") for row, owner in zip(rows, owners, strict=True))


def method_blocks(plan: Plan, lang: str) -> tuple[MethodBlock, ...]:
    """The method annex's paragraphs on statuses set by the plan team and, when the plan has obligations, on
    what the networks owe."""
    topics = ("overrides", "obligations") if plan.obligations else ("overrides",)
    return tuple(
        MethodBlock(say(f"report.method.{t}.lead", lang), say(f"report.method.{t}.text", lang)) for t in topics
    )
