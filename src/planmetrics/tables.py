"""The tables a manager reads: staged changes, status moves, breakdowns, a refused file's problems, the
batches of the history, the figures behind a chart as a person downloads them; column names and values in the
reader's language (ids never shown).

A figure's source's quality grade (Statistics Canada's A to D) is a column of these tables only when some figure
has one: with its meaning (`A (excellente)`) where a person reads it, the bare letter in a download the importer
reads back. Pure pandas. Imports `config`, `plan`, `metrics` (a part's share of its total, one rule for a
breakdown's chart and table), `i18n`, `quality`, `upload_templates` (the headers the importer reads), `words`.
Formula-like text is guarded where a file is written (`export`), not here.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import partial

import pandas as pd

from planmetrics import config, i18n, quality, upload_templates
from planmetrics.metrics import part_rows, part_shares_of_years
from planmetrics.plan import Plan
from planmetrics.words import say

DIMENSIONS = ("region", "sector", "network")
SOURCE_FR_HEADER = {"fr": "source (français)", "en": "source_fr"}


def changes_table(plan: Plan, changes: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The staged figures as a manager reads them: what is new, what is restated (old -> new, the new figure's
    flag, its source's quality grade when any has one, both sources)."""
    shown = changes[changes["change"] != "unchanged"]

    def value(number: float, indicator: str) -> str:
        known = None if math.isnan(number) else number
        return i18n.format_value(known, plan.indicator(indicator).unit, lang)

    frame = pd.DataFrame(
        {
            say("col.change", lang): [say(f"change.{c}", lang) for c in shown["change"]],
            say("col.indicator", lang): [plan.indicator(i).label.get(lang) for i in shown["indicator"]],
            say("col.year", lang): shown["year"].astype(str),
            **{say(f"col.{d}", lang): [plan.label_of(d, v, lang) for v in shown[d]] for d in DIMENSIONS},
            say("col.old", lang): [
                value(v, i) for v, i in zip(shown["old_value"].astype(float), shown["indicator"], strict=True)
            ],
            say("col.new", lang): [value(v, i) for v, i in zip(shown["value"], shown["indicator"], strict=True)],
            say("col.flag", lang): [i18n.flag_word(f if isinstance(f, str) else None, lang) for f in shown["flag"]],
            say("col.old_source", lang): _sources(shown, lang, "old_"),
            say("col.source", lang): _sources(shown, lang),
        }
    )
    grades = _grades(shown)
    if quality.any_graded(grades):
        frame.insert(
            len(frame.columns) - 2, say("quality.heading", lang), [quality.grade_word(g, lang) or "—" for g in grades]
        )
    return frame


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


def breakdown_table(
    plan: Plan, figures: pd.DataFrame, indicator: str, dimension: str, lang: str, *, year: int | None = None
) -> pd.DataFrame:
    """The data behind a breakdown chart, from an indicator's figures (its totals among them): name, year,
    formatted value, flag, share of the total figure of the same year (a dash without one: METHOD.md, never of
    the parts listed), the source's quality grade when any part has one, source; one year's parts, or every
    year's without `year`."""
    unit = plan.indicator(indicator).unit
    parts = part_rows(figures, dimension, indicator=indicator)
    if year is not None:
        parts = parts[parts["year"] == year]
    ordered = parts.sort_values(["year", "value"], ascending=[True, False])
    shares = part_shares_of_years(figures, ordered, indicator)
    frame = pd.DataFrame(
        {
            say(f"col.{dimension}", lang): [plan.label_of(dimension, v, lang) for v in ordered[dimension]],
            say("col.year", lang): ordered["year"].astype(str),
            say("col.value", lang): [i18n.format_value(v, unit, lang, compact=False) for v in ordered["value"]],
            say("col.flag", lang): [i18n.flag_word(f if isinstance(f, str) else None, lang) for f in ordered["flag"]],
            "%": [i18n.format_percent(v, lang) for v in shares],
            say("col.source", lang): _sources(ordered, lang),
        }
    )
    grades = _grades(ordered)
    if quality.any_graded(grades):
        frame.insert(5, say("quality.heading", lang), [quality.grade_word(g, lang) or "—" for g in grades])
    return frame


def _grades(rows: pd.DataFrame) -> list[object]:
    """Each figure's source's quality grade as stored (None for none, and for rows read without the column)."""
    return rows[config.QUALITY].tolist() if config.QUALITY in rows else [None] * len(rows)


def _sources(rows: pd.DataFrame, lang: str, prefix: str = "") -> list[str]:
    """Each figure's source (or, with `old_`, the one it replaces) as the reader reads it, a dash for none."""
    french = rows[f"{prefix}source_fr"] if f"{prefix}source_fr" in rows else [None] * len(rows)
    return [i18n.source_text(s, f, lang) or "—" for s, f in zip(rows[f"{prefix}source"], french, strict=True)]


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


def download_rows(plan: Plan, figures: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The figures behind a chart as a person downloads them (CSV, XLSX): the template's headers in the
    reader's language and labels for ids (indicator, region, sector, network, note, unit), values as numbers
    in storage units, the French source and the quality grade (its letter) when any figure has them. The
    importer reads such a file back as the same figures."""
    frame = figures.sort_values(["indicator", "region", "sector", "network", "year"])
    people = pd.DataFrame(
        {
            "year": frame["year"],
            "indicator": _labels(frame["indicator"], lambda i: plan.indicator(i).label.get(lang)),
            **{d: _labels(frame[d], partial(plan.label_of, d, lang=lang)) for d in DIMENSIONS},
            "value": frame["value"],
            "unit": _labels(frame["indicator"], lambda i: plan.indicator(i).unit_word(lang)),
            "flag": _labels(frame["flag"].fillna(""), lambda f: i18n.flag_word(f, lang)),
            "source": _labels(frame["source"].fillna(""), str),
        }
    )
    language = "fr" if lang == "fr" else "en"
    headers = dict(zip(upload_templates.HEADERS["en"], upload_templates.HEADERS[language], strict=True))
    people = people[upload_templates.HEADERS["en"]].rename(columns=headers)
    french = frame["source_fr"].fillna("") if "source_fr" in frame else pd.Series("", index=frame.index)
    if french.str.strip().any():  # the source's French text, in a column the importer reads back
        people[SOURCE_FR_HEADER[language]] = _labels(french, str)
    grades = _grades(frame)
    if quality.any_graded(grades):  # the grade itself, which the importer reads back as the source's grade
        people[say("quality.download_heading", language)] = [quality.grade_of(g) or "" for g in grades]
    return people.reset_index(drop=True)


def _labels(column: pd.Series, label: Callable[[str], str]) -> pd.Series:
    """Each distinct value labelled once (a chart's figures repeat a few ids many times)."""
    names = {value: label(str(value)) for value in column.unique()}
    return column.map(names)
