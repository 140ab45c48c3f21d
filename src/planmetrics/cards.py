"""What a person reads about a target, as plain sentences: shared by the dashboard's cards and the reports.

Pure functions from the engine's results (and, for a figure's flag and the figures after the plan, the total
figures they were made from) to formatted text in the reader's language.
Imports `derived` (a derived indicator's inputs in words), `plan`, `metrics`, `i18n`, `words`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from planmetrics import derived, i18n, metrics
from planmetrics.metrics import TargetProgress
from planmetrics.plan import Indicator, Plan
from planmetrics.words import say


@dataclass(frozen=True)
class CardText:
    title: str
    latest_label: str
    latest: str
    target: str
    target_label: str
    bar: float | None  # progress shown on the bar, capped to 0..1
    bar_text: str
    lines: tuple[str, ...]
    # The figures after the target year, beside the final verdict and changing nothing: `Après le plan :
    # 125 000 (2022)`; "" when there are none.
    after_plan: str = ""


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


def target_card(
    plan: Plan,
    progress: TargetProgress,
    lang: str,
    figures: pd.DataFrame | None = None,
    as_of: int | None = None,
) -> CardText:
    """The card of one numeric target: status, the figure it is judged on (with its flag) against the target,
    what is needed now; with the total `figures` it was judged from, the figures after the plan up to `as_of`."""
    target = plan.target(progress.id)
    unit = plan.indicator(progress.indicator).unit
    bar = None if progress.progress is None else min(max(progress.progress, 0.0), 1.0)
    rows = _series_rows(figures, progress, as_of)
    latest = i18n.format_value(progress.latest, unit, lang)
    flag = _flag_of(rows, progress.latest_year)
    return CardText(
        title=target.label.get(lang),
        latest_label=_latest_label(progress, lang),
        latest=say("card.flagged", lang, value=latest, flag=i18n.flag_word(flag, lang)) if flag else latest,
        target=target_value_text(plan, progress, lang),
        target_label=say("card.target_growth" if progress.kind == "annual_growth" else "card.target", lang),
        bar=bar,
        bar_text=_bar_text(progress, lang) if bar is not None else "",
        lines=tuple(_card_lines(plan, progress, lang)),
        after_plan=_after_plan(plan, progress, rows[rows["year"] > target.target_year], lang),
    )


def _latest_label(progress: TargetProgress, lang: str) -> str:
    """`Latest figure (2018)`; once the verdict is final, the target year's figure is the final one."""
    if progress.latest_year is None:
        return say("card.latest_none", lang)
    return say("card.final_figure" if progress.final else "card.latest", lang, year=progress.latest_year)


def _series_rows(figures: pd.DataFrame | None, progress: TargetProgress, as_of: int | None) -> pd.DataFrame:
    """The total rows of the target's indicator and region up to the as-of year (none without figures)."""
    if figures is None:
        return pd.DataFrame({"year": pd.Series(dtype="int64"), "value": [], "flag": []})
    rows = metrics.total_rows(figures, progress.indicator, progress.region)
    return rows if as_of is None else rows[rows["year"] <= as_of]


def _flag_of(rows: pd.DataFrame, year: int | None) -> str | None:
    """The flag of the figure of `year` (approximate, preliminary, revised), None for a plain figure."""
    found = rows.loc[rows["year"] == year, "flag"]
    flag = found.iloc[-1] if year is not None and not found.empty else None
    return flag if isinstance(flag, str) and flag else None


def figure_text(value: float, unit: str, year: int, flag: str | None, lang: str) -> str:
    """`125 000 (2022)`, with its flag when it has one: `125 000 (2022, provisoire)`."""
    shown = i18n.format_value(value, unit, lang)
    if flag is None:
        return say("card.figure", lang, value=shown, year=year)
    return say("card.figure_flagged", lang, value=shown, year=year, flag=i18n.flag_word(flag, lang))


def _after_plan(plan: Plan, progress: TargetProgress, later: pd.DataFrame, lang: str) -> str:
    """`After the plan: 125,000 (2022)` for the figures after the target year; "" for none."""
    if later.empty:
        return ""
    unit = plan.indicator(progress.indicator).unit
    flags = [f if isinstance(f, str) and f else None for f in later["flag"]]
    shown = [
        figure_text(float(v), unit, int(y), f, lang)
        for v, y, f in zip(later["value"].tolist(), later["year"].tolist(), flags, strict=True)
    ]
    return say("card.after_plan", lang, figures=", ".join(shown))


def _card_lines(plan: Plan, progress: TargetProgress, lang: str) -> list[str]:
    """The card's sentences: the final verdict or the figure awaited, baseline, why there is no figure, expected by
    now, pace, projection, parent."""
    target = plan.target(progress.id)
    indicator = plan.indicator(progress.indicator)
    unit = indicator.unit
    lines: list[str] = []
    # The verdict after the plan first: final with its share, or the figure it awaits and where to upload it.
    if progress.final:
        lines.append(say("card.final", lang, share=i18n.format_percent(progress.progress, lang, 0)))
    if progress.awaiting_year is not None:
        where = plan.label_of("region", progress.region, lang)
        what = indicator.label.get(lang)
        lines.append(say("card.awaiting", lang, ty=progress.awaiting_year, indicator=what, region=where))
    if progress.baseline is not None:
        value = i18n.format_value(progress.baseline, unit, lang)
        lines.append(say("card.baseline", lang, y0=target.baseline_year, value=value))
    if progress.status == "no_data":
        where = plan.label_of("region", target.region, lang)
        what, measure = target.label.get(lang), indicator.label.get(lang).lower()
        lines.append(say("card.no_data", lang, what=what, indicator=measure, region=where, y0=target.baseline_year))
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


def owner_line(plan: Plan, target_id: str, lang: str) -> str | None:
    """`Responsable : Mouvement Desjardins` for a target whose plan file names who answers for it; else None."""
    owner = plan.owner_label(target_id, lang)
    return None if owner is None else say("card.owner", lang, owner=owner)


def override_lines(progress: TargetProgress, lang: str) -> tuple[str, ...]:
    """For a status the plan team set: who set it, when and why; the status the method's rules give; and, once
    newer figures arrived, that it was set before them. Nothing for a computed status."""
    found = progress.override
    if found is None:
        return ()
    day = i18n.long_date_of(found.at, lang)
    said = (
        say("card.override", lang, by=found.by, day=day, reason=found.reason)
        if found.by
        else say("card.override_anonymous", lang, day=day, reason=found.reason)
    )
    lines = [said, say("card.override_computed", lang, status=i18n.status_word(progress.computed, lang))]
    if found.stale:
        lines.append(say("card.override_stale", lang))
    return tuple(lines)


def track_line(plan: Plan, progress: TargetProgress, lang: str, figures: pd.DataFrame | None = None) -> str:
    """One tracked indicator: its latest figure (with its flag, from the total `figures`), or why it has no
    trend yet."""
    unit = plan.indicator(progress.indicator).unit
    if progress.latest is None:
        return say("track.nothing", lang)
    value = say("track.latest", lang, value=i18n.format_value(progress.latest, unit, lang), year=progress.latest_year)
    flag = _flag_of(_series_rows(figures, progress, None), progress.latest_year)
    if flag:
        value = say("card.flagged", lang, value=value, flag=i18n.flag_word(flag, lang))
    return value + (" · " + say("track.none", lang) if progress.status == "no_data" else "")


def no_trend_line(plan: Plan, indicator: Indicator, lang: str) -> str:
    """What to upload to see a tracked indicator's trend: the indicator itself, or a derived one's inputs."""
    label = indicator.label.get(lang)
    if not indicator.derived:
        return say("benefits.no_figures", lang, indicator=label)
    return say("derived.no_figures", lang, indicator=label, inputs=derived.inputs_text(plan, indicator, lang))


def computed_line(plan: Plan, indicator: Indicator, lang: str) -> str:
    """A derived indicator's one line under its chart (its source already gives the formula): computed by
    planmetrics where every input has a figure, with no versions of its own."""
    return say("derived.computed_from", lang, inputs=derived.inputs_text(plan, indicator, lang))


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
