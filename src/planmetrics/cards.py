"""What a person reads about a target, as plain sentences: shared by the dashboard's cards and the reports.

Pure functions from the engine's results to formatted text in the reader's language.
Imports `plan`, `metrics`, `i18n`, `words`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from planmetrics import i18n
from planmetrics.metrics import TargetProgress
from planmetrics.plan import Plan
from planmetrics.words import say


@dataclass(frozen=True)
class CardText:
    title: str
    status_word: str
    latest_label: str
    latest: str
    target: str
    target_label: str
    bar: float | None  # progress shown on the bar, capped to 0..1
    bar_text: str
    lines: tuple[str, ...]


def target_value_text(plan: Plan, progress: TargetProgress, lang: str) -> str:
    """The target as a reader says it: `+20 000`, `7,0 % par an`, `45 G$`."""
    unit = plan.indicator(progress.indicator).unit
    if progress.kind == "increase_by":
        return "+" + i18n.format_value(progress.target, unit, lang, compact=False)
    if progress.kind == "annual_growth":
        return i18n.format_percent(progress.target, lang)
    return i18n.format_value(progress.target, unit, lang)


def _pace_line(plan: Plan, progress: TargetProgress, unit: str, lang: str) -> str | None:
    if progress.required_pace is None or progress.status == "achieved":
        return None
    ty = plan.target(progress.id).target_year
    if progress.kind == "increase_by":
        value = i18n.format_value(progress.required_pace, unit, lang, compact=False)
        return say("card.pace_jobs", lang, value=value, ty=ty)
    return say("card.pace_rate", lang, value=i18n.format_percent(progress.required_pace, lang), ty=ty)


def _bar_text(progress: TargetProgress, lang: str) -> str:
    pct = i18n.format_percent(progress.progress, lang, 0)
    if progress.kind == "annual_growth":
        return say(
            "card.progress_growth",
            lang,
            obs=i18n.format_percent(progress.observed_pace, lang),
            pct=pct,
            goal=i18n.format_percent(progress.target, lang),
        )
    return say("card.progress", lang, pct=pct)


def target_card(plan: Plan, progress: TargetProgress, lang: str) -> CardText:
    """The card of one numeric target: status, latest figure against the target, what is needed now."""
    target = plan.target(progress.id)
    unit = plan.indicator(progress.indicator).unit
    bar = None if progress.progress is None else min(max(progress.progress, 0.0), 1.0)
    return CardText(
        title=target.label.get(lang),
        status_word=i18n.status_word(progress.status, lang),
        latest_label=say("card.latest", lang, year=progress.latest_year)
        if progress.latest_year
        else say("card.latest_none", lang),
        latest=i18n.format_value(progress.latest, unit, lang),
        target=target_value_text(plan, progress, lang),
        target_label=say("card.target_growth" if progress.kind == "annual_growth" else "card.target", lang),
        bar=bar,
        bar_text=_bar_text(progress, lang) if bar is not None else "",
        lines=tuple(_card_lines(plan, progress, lang)),
    )


def _card_lines(plan: Plan, progress: TargetProgress, lang: str) -> list[str]:
    """The card's sentences: baseline, why there is no figure, expected by now, pace, projection, parent."""
    target = plan.target(progress.id)
    indicator = plan.indicator(progress.indicator)
    unit = indicator.unit
    lines: list[str] = []
    if progress.baseline is not None:
        value = i18n.format_value(progress.baseline, unit, lang)
        lines.append(say("card.baseline", lang, y0=target.baseline_year, value=value))
    if progress.status == "no_data":
        where = plan.label_of("region", target.region, lang)
        what, measure = target.label.get(lang), indicator.label.get(lang).lower()
        lines.append(say("card.no_data", lang, what=what, indicator=measure, region=where, y0=target.baseline_year))
    if progress.final:
        lines.append(say("card.final", lang, share=i18n.format_percent(progress.progress, lang, 0)))
    if progress.expected is not None and progress.latest_year is not None and not progress.final:
        value = i18n.format_value(progress.expected, unit, lang)
        lines.append(say("card.expected", lang, year=progress.latest_year, value=value))
    pace = _pace_line(plan, progress, unit, lang)
    if pace:
        lines.append(pace)
    if progress.projected is not None:
        value = i18n.format_value(progress.projected, unit, lang)
        lines.append(say("card.projected", lang, ty=target.target_year, value=value))
    if target.parent:
        lines.append(say("note.subtarget", lang, parent=plan.target(target.parent).label.get(lang)))
    return lines


def track_line(plan: Plan, progress: TargetProgress, lang: str) -> str:
    """One tracked indicator: its latest figure, or why it has no trend yet."""
    unit = plan.indicator(progress.indicator).unit
    if progress.latest is None:
        return say("track.nothing", lang)
    value = say("track.latest", lang, value=i18n.format_value(progress.latest, unit, lang), year=progress.latest_year)
    return value + (" · " + say("track.none", lang) if progress.status == "no_data" else "")


def comment_lines(comments: pd.DataFrame, target_id: str, as_of: int | None, lang: str) -> tuple[str, ...]:
    """The managers' commentary on a target up to the as-of year, one line each: `2018 : texte — auteur, date`."""
    if comments.empty:
        return ()
    mine = comments[comments["target"] == target_id]
    if as_of is not None:
        mine = mine[mine["year"] <= as_of]
    return tuple(
        say("comment.line", lang, year=r.year, body=r.body, by=r.created_by or "—", date=str(r.created_at)[:10])
        for r in mine.itertuples()
    )
