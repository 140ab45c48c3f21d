"""What a board reads before the charts: the cover's summary in sentences, the years approved and locked by
the plan team, the page "since the report of …", and the method annex as plain paragraphs and bullet lists
(docs/method.md's Markdown taken apart, no mark left).

Pure: statuses, locks, `changes.Changes` and text in, sentences out, in the reader's language; a restated
figure said as History says it (`figure_history`), the issue's and a lock's day on Québec's clock (`i18n`), a
status the plan team set marked so (`set_by_team`), and counted so on the cover.
Imports `changes`, `figure_history`, `plan`, `metrics`, `i18n`, `words`, and the store's `Lock`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from planmetrics import figure_history, i18n
from planmetrics.changes import Changes, Restatement
from planmetrics.metrics import TargetProgress
from planmetrics.plan import Plan
from planmetrics.store.review import Lock
from planmetrics.words import say

# The cover's four counts, and the statuses each one gathers (`missed`, final, is said apart when it occurs).
COUNTED: dict[str, tuple[str, ...]] = {
    "achieved": ("achieved",),
    "on_track": ("on_track",),
    "behind": ("needs_acceleration", "limited_progress", "deteriorating"),
    "missed": ("missed",),
    "awaiting": ("no_data",),
}


@dataclass(frozen=True)
class SinceBlock:
    """One part of the "since" page: its heading and its lines (statuses, restated figures or commentary)."""

    heading: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class SincePage:
    title: str
    intro: str
    blocks: tuple[SinceBlock, ...]  # empty when nothing moved: `intro` says so


@dataclass(frozen=True)
class MethodBlock:
    """A paragraph of the method: its bold lead (`Le plan.`), its text, and the bullet list that follows it."""

    lead: str
    text: str
    bullets: tuple[str, ...] = ()
    gap: str = " "  # between the lead and the text, as written: none before a comma (`**Statut**, dans …`)


@dataclass(frozen=True)
class LockedYear:
    """A year the plan team approved and locked, as the cover says it: when (ISO 8601, UTC), by whom, and the
    sentence (`Figures for 2019 approved and locked on December 1, 2026 by paul.`)."""

    year: int
    locked_at: str
    locked_by: str | None
    line: str


def counts(progresses: Sequence[TargetProgress]) -> dict[str, int]:
    """How many targets each of the cover's counts holds."""
    return {name: sum(1 for p in progresses if p.status in statuses) for name, statuses in COUNTED.items()}


def cover_summary(progresses: Sequence[TargetProgress], as_of: int | None, lang: str) -> str:
    """`As of 2022, of the plan's 4 targets: 1 achieved, 2 on track, 0 behind, 1 awaiting figures. These
    verdicts are provisional, awaiting the 2020 figure.` The last sentence only when verdicts await a figure;
    a count holding statuses the plan team set says how many (`2 achieved (including 1 set by the plan team)`)."""
    counted = counts(progresses)
    by_team = counts([p for p in progresses if p.override is not None])
    parts = [_count(name, counted[name], by_team[name], lang) for name in COUNTED if name != "missed" or counted[name]]
    total = len(progresses)
    summary = say(
        f"report.cover.total.{'one' if total == 1 else 'many'}",
        lang,
        as_of=as_of if as_of is not None else "—",
        total=total,
        counts=", ".join(parts),
    )
    return summary + _provisional(progresses, lang)


def _count(name: str, n: int, by_team: int, lang: str) -> str:
    """One of the cover's counts (`2 atteintes`), with how many of its statuses the plan team set when any:
    `2 atteintes (dont 1 fixée par l'équipe du plan)`."""
    said = say(f"report.cover.{name}.{'one' if n <= 1 else 'many'}", lang, n=n)
    if not by_team:
        return said
    return say(f"report.cover.set_by_team.{'one' if by_team == 1 else 'many'}", lang, count=said, n=by_team)


def _provisional(progresses: Sequence[TargetProgress], lang: str) -> str:
    """` These verdicts are provisional, awaiting the 2020 figure.` when every verdict awaits a target year's
    figure, ` 2 of these verdicts are …` when some do; "" when none does (or no target is judged yet)."""
    judged = [p for p in progresses if p.status not in COUNTED["awaiting"]]
    waiting = [p for p in judged if p.awaiting_year is not None and not p.final]
    if not waiting:
        return ""
    years = sorted({p.awaiting_year for p in waiting if p.awaiting_year is not None})
    figure = say(
        f"report.cover.awaiting_year.{'one' if len(years) == 1 else 'many'}",
        lang,
        years=", ".join(str(y) for y in years),
    )
    which = "all" if len(waiting) == len(judged) else "some"
    key = f"report.cover.provisional.{which}.{'one' if len(waiting) == 1 else 'many'}"
    return " " + say(key, lang, n=len(waiting), figure=figure)


def locked_years(locks: Sequence[Lock], as_of: int | None, lang: str) -> tuple[LockedYear, ...]:
    """The years locked now that the report speaks of (up to its as-of year), oldest first, each said with the
    day of its lock on Québec's clock and who locked it."""
    said: list[LockedYear] = []
    for lock in sorted(locks, key=lambda found: found.year):
        if as_of is not None and lock.year > as_of:
            continue
        when = lock.locked_at.replace(tzinfo=dt.UTC).isoformat()  # stored in UTC, without its offset
        date = i18n.long_date_of(when, lang)
        if lock.locked_by:
            line = say("report.locked.by", lang, year=lock.year, date=date, by=lock.locked_by)
        else:
            line = say("report.locked.anonymous", lang, year=lock.year, date=date)
        said.append(LockedYear(lock.year, when, lock.locked_by, line))
    return tuple(said)


# ------------------------------------------------------------------ since the report of …


def set_by_team(word: str, by_team: bool, lang: str) -> str:
    """A status's word, `On track (set by the plan team)` when the plan team set it over the computed one."""
    return say("report.status_set_by_team", lang, status=word) if by_team else word


def since_page(plan: Plan, changes: Changes, lang: str, overridden: Collection[str] = ()) -> SincePage | None:
    """The page every report opens with once a report has been issued; None before any. A status moved to
    one the plan team set (a target of `overridden`, now) is marked so."""
    issued = changes.since
    if issued is None:
        return None
    title = say("report.since.title", lang, date=i18n.long_date_of(issued.issued_at, lang))
    as_of = issued.as_of if issued.as_of is not None else "—"
    if not changes.anything:
        return SincePage(title, say("report.since.nothing", lang, as_of=as_of), ())
    blocks: list[SinceBlock] = []
    if changes.status_changes:
        lines = tuple(
            say(
                "report.since.status_line",
                lang,
                target=plan.target_label(c.target, lang),
                before=i18n.status_word(c.before, lang).lower(),
                after=set_by_team(i18n.status_word(c.after, lang).lower(), c.target in overridden, lang),
            )
            for c in changes.status_changes
        )
        blocks.append(SinceBlock(say("report.since.statuses", lang), lines))
    if changes.restated:
        lines = tuple(_restated_line(plan, r, lang) for r in changes.restated)
        blocks.append(SinceBlock(say("report.since.restated", lang), lines))
    if changes.comments:
        lines = tuple(
            say(
                "report.since.comment_line",
                lang,
                target=plan.target_label(c.target, lang),
                year=c.year,
                body=c.body,
                by=c.by or "—",
            )
            for c in changes.comments
        )
        blocks.append(SinceBlock(say("report.since.comments", lang), lines))
    return SincePage(title, say("report.since.intro", lang, as_of=as_of), tuple(blocks))


def _restated_line(plan: Plan, restated: Restatement, lang: str) -> str:
    where = (restated.region, restated.sector, restated.network)
    change = (restated.before, restated.after)
    return figure_history.restated_line(
        plan, restated.indicator, restated.year, where, change, lang=lang, batch=restated.batch
    )


# ------------------------------------------------------------------ the method, as text


def _plain(text: str) -> str:
    """Markdown's inline marks taken off: `**bold**`, `*italic*`, `` `code` ``; the text kept."""
    text = re.sub(r"\*\*(.+?)\*\*", r"\1", text)
    text = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"\1", text)
    return " ".join(text.replace("`", "").split())


def method_blocks(markdown: str) -> tuple[MethodBlock, ...]:
    """docs/method.md's text as paragraphs, each with its bold lead and its bullet list, as plain text."""
    blocks: list[MethodBlock] = []
    for chunk in re.split(r"\n\s*\n", markdown.strip()):
        prose: list[str] = []
        bullets: list[list[str]] = []
        for line in chunk.splitlines():
            if line.lstrip().startswith(("- ", "* ")):
                bullets.append([line.lstrip()[2:]])
            elif bullets:
                bullets[-1].append(line)  # a bullet's continuation line
            else:
                prose.append(line)
        text = " ".join(prose)
        lead, gap = "", " "
        found = re.match(r"\s*\*\*(.+?)\*\*", text)
        if found:
            lead, text = _plain(found.group(1)), text[found.end() :]
            gap = " " if text[:1].isspace() else ""
        if lead or text.strip() or bullets:
            blocks.append(MethodBlock(lead, _plain(text), tuple(_plain(" ".join(b)) for b in bullets), gap))
    return tuple(blocks)
