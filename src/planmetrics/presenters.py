"""What a person reads about a target, as plain text: shared by the dashboard's cards and the reports.

Pure functions from the engine's results to formatted sentences in the reader's language.
Imports `plan`, `metrics`, `i18n`, `ui_text`.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from planmetrics import config, i18n
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
        region = plan.region(target.region)
        where = region.label.get(lang) if region else target.region
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


def changes_table(plan: Plan, changes: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The staged figures as a manager reads them: what is new, what is restated (old -> new, both sources)."""
    shown = changes[changes["change"] != "unchanged"]

    def value(number: float, indicator: str) -> str:
        known = None if math.isnan(number) else number
        return i18n.format_value(known, plan.indicator(indicator).unit, lang)

    return pd.DataFrame(
        {
            say("col.change", lang): [say(f"change.{c}", lang) for c in shown["change"]],
            say("col.indicator", lang): [plan.indicator(i).label.get(lang) for i in shown["indicator"]],
            say("col.year", lang): shown["year"].astype(str),
            say("col.region", lang): shown["region"],
            say("col.sector", lang): shown["sector"],
            say("col.network", lang): shown["network"],
            say("col.old", lang): [
                value(v, i) for v, i in zip(shown["old_value"].astype(float), shown["indicator"], strict=True)
            ],
            say("col.new", lang): [value(v, i) for v, i in zip(shown["value"], shown["indicator"], strict=True)],
            say("col.old_source", lang): shown["old_source"].fillna("—"),
            say("col.source", lang): shown["source"].fillna("—"),
        }
    )


def status_table(plan: Plan, moves: pd.DataFrame, lang: str) -> pd.DataFrame:
    shown = moves[moves["changed"]]
    return pd.DataFrame(
        {
            say("col.target", lang): [_target_or_indicator_label(plan, t, lang) for t in shown["target"]],
            say("col.before", lang): [i18n.status_word(s, lang) for s in shown["status_before"]],
            say("col.after", lang): [i18n.status_word(s, lang) for s in shown["status_after"]],
            "%": [
                f"{i18n.format_percent(a, lang, 0)} → {i18n.format_percent(b, lang, 0)}"
                for a, b in zip(shown["progress_before"], shown["progress_after"], strict=True)
            ],
        }
    )


def _target_or_indicator_label(plan: Plan, target_id: str, lang: str) -> str:
    known = {t.id: t.label for t in plan.targets} | {i.id: i.label for i in plan.indicators}
    return known[target_id].get(lang)


def breakdown_rows(figures: pd.DataFrame, dimension: str, as_of: int | None) -> pd.DataFrame:
    """Rows that break a total down by one dimension (the others at their totals), up to the as-of year."""
    others = {"region": config.TOTAL_REGION, "sector": config.TOTAL_SECTOR, "network": config.TOTAL_NETWORK}
    total = others.pop(dimension)
    rows = figures[figures[dimension] != total]
    for column, value in others.items():
        rows = rows[rows[column] == value]
    return rows if as_of is None else rows[rows["year"] <= as_of]


def breakdown_table(plan: Plan, rows: pd.DataFrame, indicator: str, dimension: str, lang: str) -> pd.DataFrame:
    """The data behind a breakdown chart: name, formatted value, share of the listed parts, source."""
    unit = plan.indicator(indicator).unit
    ordered = rows.sort_values("value", ascending=False)
    total = float(ordered["value"].sum())
    return pd.DataFrame(
        {
            say(f"col.{dimension}", lang): [plan.label_of(dimension, v, lang) for v in ordered[dimension]],
            say("col.year", lang): ordered["year"].astype(str),
            say("col.value", lang): [i18n.format_value(v, unit, lang, compact=False) for v in ordered["value"]],
            "%": [i18n.format_percent(v / total if total else None, lang) for v in ordered["value"]],
            say("col.source", lang): ordered["source"].fillna("—"),
        }
    )


# ------------------------------------------------------------------ the dashboard's plain parts

# Each status as a badge colour and icon: the word is always shown too (never colour alone).
STATUS_STYLE: dict[str, tuple[str, str]] = {
    "achieved": ("green", ":material/verified:"),
    "on_track": ("green", ":material/check_circle:"),
    "needs_acceleration": ("orange", ":material/speed:"),
    "limited_progress": ("orange", ":material/warning:"),
    "deteriorating": ("red", ":material/trending_down:"),
    "missed": ("red", ":material/cancel:"),
    "no_data": ("gray", ":material/help:"),
    "improving": ("green", ":material/trending_up:"),
    "stable": ("blue", ":material/trending_flat:"),
    "worsening": ("red", ":material/trending_down:"),
}
UPLOAD_TYPES = ("csv", "tsv", "txt", "xlsx", "xls")


def upload_refusal(name: str, size: int, lang: str) -> str | None:
    """Checked on the server whatever the browser let through: extension and size."""
    if Path(name).suffix.lower().lstrip(".") not in UPLOAD_TYPES:
        return say("upload.bad_type", lang, name=name)
    limit = config.max_upload_bytes()
    if size > limit:
        return say("upload.too_big", lang, name=name, size=f"{size / 2**20:.1f}", limit=f"{limit / 2**20:.0f}")
    return None


def problems_table(problems: list[dict[str, object]], lang: str) -> pd.DataFrame:
    """A refused file's problems with the column names in the reader's language."""
    names = {"row": "col.row", "column": "col.column", "value": "col.value", "message": "col.problem"}
    return pd.DataFrame(problems).rename(columns={key: say(name, lang) for key, name in names.items()})


def history_table(batches: list[dict[str, object]], lang: str) -> pd.DataFrame:
    """The batches as a manager reads them."""
    return pd.DataFrame(
        {
            say("history.batch", lang): [b["batch"] for b in batches],
            say("history.kind", lang): [say(f"kind.{b['kind']}", lang) for b in batches],
            say("history.when", lang): [str(b["created_at"])[:19].replace("T", " ") for b in batches],
            say("history.by", lang): [b["by"] or "—" for b in batches],
            say("history.file", lang): [b["file_name"] or "—" for b in batches],
            say("history.inserted", lang): [b["inserted"] for b in batches],
            say("history.restated", lang): [b["restated"] for b in batches],
            say("history.unchanged", lang): [b["unchanged"] for b in batches],
            say("history.state", lang): [say("history.rolled_back", lang) if b["rolled_back"] else "" for b in batches],
            say("history.reason", lang): [b["reason"] or "" for b in batches],
        }
    )


def markdown_text(text: str) -> str:
    """Text shown through Markdown as written: every ASCII punctuation mark escaped, so `$47B`, `*` or a
    user's `![x](http://...)` in a source or a commentary stay plain text."""
    return _MARKDOWN_SPECIAL.sub(r"\\\g<0>", text)


_MARKDOWN_SPECIAL = re.compile(r"[!-/:-@\[-`{-~]")
