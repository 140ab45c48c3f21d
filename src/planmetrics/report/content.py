"""The progress report's content, for any output: a cover with its summary in sentences and the years the plan
team approved and locked, the page "since the report of …" once a report was issued, who has reported the
as-of year (`report.accountability`), a summary of every target, one section per orientation (each chart with
its one-sentence takeaway, who answers for it, a status the plan team set, and the managers' commentary, then
the breakdowns and contributions where figures exist), plan checks, and an appendix with the sources and the
method as plain paragraphs.

`build_report` is pure (figures and engine results in, a `Report` out) and says only figures up to the as-of
year; after the target year, the final verdict with its share and the later figures as after the plan.
`read_report` reads them from the store first: only figures that count (direct imports and approved
submissions), never a submission awaiting review or returned. The PDF and PPTX writers are `report/pdf.py` and
`report/pptx.py`. Imports `config`, `derived`, `plan`, `store`, `metrics`, `snapshots`, `changes`, `i18n`,
`words`, `cards`, `charts`, `completeness`, `report.board`, `report.accountability`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import pandas as pd

from planmetrics import cards, charts, config, derived, i18n, metrics, snapshots
from planmetrics import completeness as owed
from planmetrics.changes import Changes, ReportBasis, changes_since, report_basis
from planmetrics.metrics import Assessment, TargetProgress
from planmetrics.plan import Plan
from planmetrics.report import accountability, board
from planmetrics.report.accountability import Completeness
from planmetrics.report.board import LockedYear, MethodBlock, SincePage
from planmetrics.store import Store, review
from planmetrics.store.review import Lock
from planmetrics.words import say


@dataclass(frozen=True)
class _Inputs:
    plan: Plan
    figures: pd.DataFrame
    assessment: Assessment
    comments: pd.DataFrame
    lang: str
    parts: pd.DataFrame | None = None  # every figure (sectors, networks), for the breakdowns


@dataclass(frozen=True)
class ChartItem:
    """One chart of the report: its target's or indicator's id and label, the sentence it is read by."""

    key: str
    title: str
    takeaway: str
    chart: charts.Chart
    commentary: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()  # said under the takeaway: the figures after the plan, which change nothing
    kind: str = "target"  # "target", "track" (a tracked indicator's trend) or "part" (a breakdown)
    answers: tuple[str, ...] = ()  # who answers for its targets, a status the plan team set (who, when, why)


@dataclass(frozen=True)
class Section:
    title: str
    charts: tuple[ChartItem, ...]
    without_figures: tuple[str, ...] = ()


@dataclass(frozen=True)
class Report:
    lang: str
    title: str
    subtitle: str
    generated: str
    summary_header: tuple[str, ...]
    summary_rows: tuple[tuple[str, ...], ...]
    summary_statuses: tuple[str, ...]
    sections: tuple[Section, ...]
    checks: tuple[str, ...]
    sources: tuple[str, ...]
    method: str
    labels: dict[str, str] = field(default_factory=dict)
    cover_summary: str = ""
    findings: tuple[str, ...] = ()  # each target chart's takeaway, for the cover
    since: SincePage | None = None
    method_blocks: tuple[MethodBlock, ...] = ()
    basis: ReportBasis | None = None  # what it was built from, for issuing it (read_report's)
    locked: tuple[LockedYear, ...] = ()  # the years approved and locked (up to the as-of year), for the cover
    completeness: Completeness | None = None  # who has reported the as-of year (the cover's lines, its page)


def _summary_row(plan: Plan, figures: pd.DataFrame, progress: TargetProgress, lang: str) -> tuple[str, ...]:
    card = cards.target_card(plan, progress, lang)
    return (
        card.title,
        _verdict(progress, lang),
        _latest(plan, figures, progress, lang),
        card.target,
        i18n.format_percent(progress.progress, lang, 0),
        _pace(plan, progress, lang),
    )


def _verdict(progress: TargetProgress, lang: str) -> str:
    """The status word; once final with the share reached (`Non atteint · 99 %`); awaiting the target year's
    figure, which one (METHOD.md, "After the target year"); a status the plan team set marked so."""
    word = accountability.status_word(progress, lang)
    if progress.final and progress.progress is not None:
        return say("report.status_final", lang, status=word, share=i18n.format_percent(progress.progress, lang, 0))
    if progress.awaiting_year is not None:
        return say("report.status_awaiting", lang, status=word, ty=progress.awaiting_year)
    return word


def _series_rows(figures: pd.DataFrame, progress: TargetProgress) -> pd.DataFrame:
    return metrics.total_rows(figures, progress.indicator, progress.region)


def _figure_text(plan: Plan, progress: TargetProgress, row: pd.Series, lang: str) -> str:
    """`116 000 (2018)`, with the figure's flag when it has one: `116 000 (2018, provisoire)` (as on the card)."""
    flag = row["flag"] if isinstance(row["flag"], str) and row["flag"] else None
    unit = plan.indicator(progress.indicator).unit
    return cards.figure_text(float(row["value"]), unit, int(row["year"]), flag, lang)


def _latest(plan: Plan, figures: pd.DataFrame, progress: TargetProgress, lang: str) -> str:
    """The figure the status is judged on, its flag beside it, and the figures after the plan, said as such."""
    if progress.latest_year is None:
        return "—"
    rows = _series_rows(figures, progress)
    judged = rows[rows["year"] == progress.latest_year]
    if judged.empty:  # the engine judged a figure the report was not given: say its value, as the card does
        latest = cards.target_card(plan, progress, lang).latest
        text = say("card.figure", lang, value=latest, year=progress.latest_year)
    else:
        text = _figure_text(plan, progress, judged.iloc[-1], lang)
    later = _after_plan_figures(plan, figures, progress, lang)
    return text if not later else f"{text} · " + say("report.after_plan", lang, figures=later)


def _after_plan_figures(plan: Plan, figures: pd.DataFrame, progress: TargetProgress, lang: str) -> str:
    """The figures after the target's year, as `125 000 (2022)`, joined; "" for none (or a tracked indicator)."""
    if progress.kind == "track":
        return ""
    rows = _series_rows(figures, progress)
    later = rows[rows["year"] > plan.target(progress.id).target_year]
    return ", ".join(_figure_text(plan, progress, row, lang) for _, row in later.iterrows())


def _target_notes(plan: Plan, figures: pd.DataFrame, progress: TargetProgress, lang: str) -> tuple[str, ...]:
    """What a target's section says under its takeaway: the figures after the plan change nothing."""
    later = _after_plan_figures(plan, figures, progress, lang)
    if not later:
        return ()
    return (say("report.after_plan_note", lang, figures=later, ty=plan.target(progress.id).target_year),)


def _pace(plan: Plan, progress: TargetProgress, lang: str) -> str:
    """The pace still required, a year; a dash once achieved or without data."""
    if progress.required_pace is None or progress.status == "achieved":
        return "—"
    if progress.kind == "increase_by":
        value = i18n.format_value(progress.required_pace, plan.indicator(progress.indicator).unit, lang, compact=False)
    else:
        value = i18n.format_percent(progress.required_pace, lang)
    return say("report.per_year", lang, value=value)


def _target_items(given: _Inputs, ids: Sequence[str]) -> list[ChartItem]:
    """A chart for each target that has figures (the others are listed with the indicators that lack them),
    with the commentary on every target the chart shows."""
    plan, assessment, lang = given.plan, given.assessment, given.lang
    with_figures = [t for t in ids if assessment.target(t).status != "no_data"]
    items: list[ChartItem] = []
    for target_id in charts.one_chart_each(plan, with_figures):
        chart = charts.chart_for_target(plan, given.figures, assessment, target_id, lang)
        shown = charts.shown_with(plan, target_id)
        notes = tuple(n for t in shown for n in cards.comment_lines(given.comments, t, assessment.as_of, lang))
        after = _target_notes(plan, given.figures, assessment.target(target_id), lang)
        label = plan.target(target_id).label.get(lang)
        finding = accountability.finding(
            _board_finding(chart.finding, assessment.target(target_id)), assessment, shown, lang
        )
        answers = accountability.target_lines(plan, assessment, shown, lang)
        items.append(ChartItem(target_id, label, finding, chart, notes, after, answers=answers))
    return items


def _with_parts(given: _Inputs, items: list[ChartItem]) -> list[ChartItem]:
    """The section's target charts first, then the smaller ones, which share pages: each indicator's
    breakdowns by region, sector and network (the latest year), each network's (else sector's) contribution to its
    target, where such figures exist, and the tracked indicators' trends (each followed by its breakdowns)."""
    if given.parts is None:
        return items
    plan, assessment, lang, figures = given.plan, given.assessment, given.lang, given.parts
    done: set[str] = set()
    smaller: list[ChartItem] = []
    for item in items:
        if item.kind != "target":
            smaller.append(item)
        progress = assessment.target(item.key)
        if progress.indicator in done:
            continue
        done.add(progress.indicator)
        for dimension in ("region", "sector", "network"):
            rows = metrics.part_rows(figures, dimension, indicator=progress.indicator, as_of=assessment.as_of)
            if rows.empty:
                continue
            year = int(rows["year"].max())
            chart = charts.breakdown_chart(plan, figures, progress.indicator, dimension, year=year, lang=lang)
            key = f"{progress.indicator}:{dimension}"
            smaller.append(ChartItem(key, chart.finding, chart.finding, chart, kind="part"))
        contribution = charts.contribution_chart(plan, figures, progress, lang) if item.kind == "target" else None
        if contribution is not None:
            key = f"{item.key}:contribution"
            smaller.append(ChartItem(key, contribution.finding, contribution.finding, contribution, kind="part"))
    return [item for item in items if item.kind == "target"] + smaller


def _board_finding(finding: str, progress: TargetProgress) -> str:
    """A chart's finding as a board reads it: awaiting the target year's figure, without the last clause
    (`· upload the 2020 figure (jobs)`), which is the managers' to act on (charts.toml's awaiting titles end
    with it, after the last ` · `)."""
    return finding.rsplit(" · ", 1)[0] if progress.awaiting_year is not None else finding


def _section(given: _Inputs, orientation: int, target_ids: Sequence[str]) -> Section:
    plan, figures, assessment, comments, lang = given.plan, given.figures, given.assessment, given.comments, given.lang
    ids = [t.id for t in plan.targets if t.orientation == orientation and t.id in target_ids]
    items = _target_items(given, ids)
    missing = [accountability.without_figures(plan, t, lang) for t in ids if assessment.target(t).status == "no_data"]
    for indicator in (i for i in plan.tracked_indicators() if i.orientation == orientation):
        progress = assessment.target(indicator.id)
        if progress.status == "no_data":
            what = cards.track_line(plan, progress, lang)
            missing.append(i18n.labelled(indicator.label.get(lang), what, lang))
            continue
        chart = charts.chart_for_target(plan, figures, assessment, indicator.id, lang)
        status = accountability.status_word(progress, lang).lower()
        takeaway = say(
            "report.track_takeaway",
            lang,
            label=indicator.label.get(lang),
            status=status,
            latest=cards.track_line(plan, progress, lang),
        )
        items.append(
            ChartItem(
                indicator.id,
                indicator.label.get(lang),
                takeaway,
                chart,
                cards.comment_lines(comments, indicator.id, assessment.as_of, lang),
                kind="track",
                answers=accountability.target_lines(plan, assessment, (indicator.id,), lang),
            )
        )
    items = _with_parts(given, items)
    title = say("benefits.orientation", lang, n=orientation, label=plan.orientation(orientation).label.get(lang))
    return Section(title, tuple(items), tuple(missing))


def build_report(
    plan: Plan,
    figures: pd.DataFrame,
    assessment: Assessment,
    *,
    lang: str,
    comments: pd.DataFrame,
    check_messages: Sequence[str],
    method: str,
    orientations: Sequence[int] | None = None,
    targets: Sequence[str] | None = None,
    today: dt.date | None = None,
    parts: pd.DataFrame | None = None,
    changes: Changes | None = None,
    locks: Sequence[Lock] = (),
    completeness: Completeness | None = None,
) -> Report:
    """Everything the report says, in the reader's language, for the chosen orientations and targets.

    `parts` are every figure (regions, sectors, networks) for the breakdowns; `changes` what moved since the
    last issued report, for the page the report then opens with; `locks` the years locked now, said on the
    cover; `completeness` who has reported the as-of year, said on the cover and on a page of its own."""
    chosen_orientations = list(orientations or [o.id for o in plan.orientations])
    chosen_targets = list(targets or [t.id for t in plan.targets])
    figures = figures if assessment.as_of is None else figures[figures["year"] <= assessment.as_of]
    numeric = [assessment.target(t) for t in chosen_targets]
    if parts is not None and assessment.as_of is not None:
        parts = parts[parts["year"] <= assessment.as_of]
    given = _Inputs(plan, figures, assessment, comments, lang, parts)
    sections = tuple(_section(given, o, chosen_targets) for o in chosen_orientations)
    french = figures[config.SOURCE_FR] if config.SOURCE_FR in figures else [None] * len(figures)
    sources = sorted({i18n.source_text(s, f, lang) for s, f in zip(figures["source"], french, strict=True)} - {""})
    header, rows = accountability.with_owners(
        plan,
        chosen_targets,
        tuple(say(f"report.col.{c}", lang) for c in ("target", "status", "latest", "goal", "progress", "pace")),
        tuple(_summary_row(plan, figures, p, lang) for p in numeric),
        lang,
    )
    overridden = {t.id for t in assessment.targets if t.override is not None}
    return Report(
        lang=lang,
        title=plan.title.get(lang),
        subtitle=say(
            "report.subtitle", lang, as_of=assessment.as_of or "—", y0=plan.baseline_year, ty=plan.target_year
        ),
        generated=say("report.generated", lang, date=i18n.long_date(today or i18n.today(), lang)),
        summary_header=header,
        summary_rows=rows,
        summary_statuses=tuple(p.status for p in numeric),
        sections=sections,
        checks=tuple(check_messages),
        sources=(plan.source.get(lang), *sources),
        method=method,
        labels={
            key: say(f"report.{key}", lang)
            for key in (
                "summary",
                "checks",
                "appendix",
                "sources",
                "method",
                "commentary",
                "without_figures",
                "cover_note",
                "parts",
                "cover.findings",
            )
        },
        cover_summary=board.cover_summary(numeric, assessment.as_of, lang),
        findings=tuple(item.takeaway for section in sections for item in section.charts if item.kind == "target"),
        since=None if changes is None else board.since_page(plan, changes, lang, overridden),
        method_blocks=board.method_blocks(method) + (accountability.method_blocks(plan, lang) if method else ()),
        locked=board.locked_years(locks, assessment.as_of, lang),
        completeness=completeness,
    )


def read_report(
    store: Store,
    plan: Plan,
    *,
    lang: str,
    as_of: int | None = None,
    orientations: list[int] | None = None,
    targets: list[str] | None = None,
    method: str = "",
    since: str | None = None,
) -> Report:
    """Everything a report says, read from the store (figures, statuses, commentary, checks, what moved since
    the issued report `since`, by default the last one).

    Its charts draw the plan's total series; its breakdowns every figure of the plan's indicators. Its `basis`
    is read first: the generation, the newest commentary, the targets and tracked indicators it shows.
    """
    chosen = set(orientations or [o.id for o in plan.orientations])
    shown = [*(targets or [t.id for t in plan.targets])]
    shown += [i.id for i in plan.tracked_indicators() if i.orientation in chosen]
    basis = report_basis(store, tuple(shown))
    assessment, totals = snapshots.snapshot(store, plan, as_of, generation=basis.generation)
    messages = [i18n.check_message(c.kind, c.params, plan, lang) for c in assessment.checks]
    read = derived.stored_only(plan, [i.id for i in plan.indicators])
    parts = derived.with_derived(plan, store.current_figures(indicators=read, up_to_year=assessment.as_of))
    built = build_report(
        plan,
        totals,  # build_report keeps the figures up to the assessment's as-of year
        assessment,
        lang=lang,
        comments=store.comments(plan.id),
        check_messages=messages,
        method=method,
        orientations=orientations,
        targets=targets,
        parts=parts,
        changes=changes_since(store, plan, as_of, since),
        locks=review.locked(store),
        completeness=_completeness(store, plan, assessment.as_of, lang),
    )
    return replace(built, basis=basis)


def _completeness(store: Store, plan: Plan, year: int | None, lang: str) -> Completeness | None:
    """Who has reported `year` today (`$PLANMETRICS_TODAY` when set); None when nothing is owed for it."""
    day = owed.today_here()
    return accountability.completeness(plan, owed.duties(store, plan, year, day) if year else [], year, day, lang)


def method_text(lang: str) -> str:
    """The method in the reader's language, from docs/method.md: one text for the docs, the app and reports."""
    text = (config.PROJECT_ROOT / "docs" / "method.md").read_text(encoding="utf-8")
    english, _, french = text.partition("\n## Français\n")
    return (french if lang == "fr" else english.partition("\n## English\n")[2]).strip()
