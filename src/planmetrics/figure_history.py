"""A figure's history said for a person: its versions as a table, a figure's place by its labels, which batch
a rollback undid, and a batch's restated figures old → new, in the reader's language, numbers through `i18n`.

The command line (`planmetrics figure`) and the pages (History, a chart's data table) say it the same way.
No pandas here: rows of text, which a page turns into a table; a version's source's quality grade is a column
of its own when any version has one. Imports `i18n`, `plan`, `quality` (a grade in words), `store` (its
`FigureVersion` and `Restatements`), `words`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from planmetrics import i18n, quality
from planmetrics.plan import Plan
from planmetrics.store import FigureVersion, Restatements
from planmetrics.words import has, say

# The columns of a figure's versions, in order: each one's heading is `versions.<column>`, but the grade's.
VERSION_COLUMNS = ("value", "batch", "kind", "by", "when", "state", "note", "source")
GRADED_COLUMNS = ("value", "batch", "kind", "by", "when", "state", "note", "quality", "source")
_HEADING_OF = {"quality": "quality.heading"}
_SAID_IN_FULL = frozenset({"dollars", "percent", "fraction"})  # the number carries its unit ($, %)


def amount(plan: Plan, indicator: str, value: float, lang: str) -> str:
    """A figure in full with its unit, as the reader writes it: `95 000 emplois`, `33 400 000 000 $`, `12,5 %`.
    The one way a figure's value is said beside its history, its restatements and the since page; an indicator
    this plan no longer holds, as a bare number."""
    known = next((i for i in plan.indicators if i.id == indicator), None)
    if known is None:
        return i18n.format_number(value, lang, 0 if value == round(value) else 1)
    if known.unit in _SAID_IN_FULL:
        return i18n.format_value(value, known.unit, lang, compact=False)
    number = i18n.format_number(value, lang, 1 if known.unit == "index" or value != round(value) else 0)
    return say("versions.amount", lang, number=number, unit=known.unit_word(lang))


def place(plan: Plan, region: str, sector: str, network: str, lang: str) -> str:
    """Where a figure is, by its labels: `Ensemble du Québec · tous les secteurs · tous les réseaux`. The one way
    a figure's place is said: History, `figure`, `changes` and the since page all call it."""
    return " · ".join(
        plan.label_of(dimension, value, lang)
        for dimension, value in (("region", region), ("sector", sector), ("network", network))
    )


def kind_word(kind: str, lang: str) -> str:
    """A batch's kind in words (`import`, `annulation`); a kind the catalogue does not know, as stored."""
    return say(f"kind.{kind}", lang) if has(f"kind.{kind}") else kind


def _state(version: FigureVersion, lang: str) -> str:
    if version.current:
        return say("versions.current", lang)
    if version.rolled_back:
        return say("versions.rolled_back", lang)
    if not version.counts:  # a submission awaiting review, or sent back: it never stood, so replaced nothing
        return say(f"versions.{version.state}", lang)
    return say("versions.replaced", lang)


def columns_of(versions: Sequence[FigureVersion]) -> tuple[str, ...]:
    """The columns a figure's versions are shown in: with the source's quality grade beside the note when any
    version has one (most figures have none, and an empty column says nothing)."""
    return GRADED_COLUMNS if quality.any_graded(v.quality for v in versions) else VERSION_COLUMNS


def headings(lang: str, columns: Sequence[str] = VERSION_COLUMNS) -> list[str]:
    return [say(_HEADING_OF.get(column, f"versions.{column}"), lang) for column in columns]


def version_rows(
    plan: Plan,
    indicator: str,
    versions: Sequence[FigureVersion],
    lang: str,
    columns: Sequence[str] = VERSION_COLUMNS,
) -> list[list[str]]:
    """One row of text a version, in the columns' order (`columns_of` the versions), newest first as given."""
    return [[_cells(plan, indicator, v, lang)[column] for column in columns] for v in versions]


def _cells(plan: Plan, indicator: str, version: FigureVersion, lang: str) -> dict[str, str]:
    return {
        "value": amount(plan, indicator, version.value, lang),
        "batch": version.batch,
        "kind": kind_word(version.kind, lang),
        "by": version.by or "—",
        "when": i18n.moment(version.created_at),
        "state": _state(version, lang),
        "note": i18n.flag_word(version.flag, lang),
        "quality": quality.grade_word(version.quality, lang) or "—",
        "source": i18n.source_text(version.source, version.source_fr, lang) or "—",
    }


def figure_title(plan: Plan, indicator: str, year: int, place_parts: tuple[str, str, str], lang: str) -> str:
    """The title of a figure's versions: the indicator's label, the year and the place by its labels."""
    region, sector, network = place_parts
    return say(
        "versions.title",
        lang,
        indicator=plan.indicator_label(indicator, lang),
        year=year,
        place=place(plan, region, sector, network, lang),
    )


def what_it_did(batch: Mapping[str, object], batches: Sequence[Mapping[str, object]], lang: str) -> str:
    """What a rollback undid or which backup a restore brought back, in words; "" for any other batch."""
    if batch.get("kind") == "restore":
        return say("versions.restored", lang, file=batch.get("file_name") or "—")
    return undid(batch, batches, lang)


def undid(batch: Mapping[str, object], batches: Sequence[Mapping[str, object]], lang: str) -> str:
    """What a rollback undid, in words: `a défait le lot 4 (import de jobs.csv)`; "" for any other batch."""
    undone = batch.get("rolls_back")
    if batch.get("kind") != "rollback" or undone is None:
        return ""
    target = next((b for b in batches if b["batch"] == undone), None)
    if target is None:
        return say("versions.undid_unknown", lang, batch=undone)
    kind = kind_word(str(target["kind"]), lang)
    what = say("versions.kind_of_file", lang, kind=kind, file=target["file_name"]) if target["file_name"] else kind
    return say("versions.undid", lang, batch=undone, what=what)


def restated_title(batch: int | str, found: Restatements, lang: str) -> str:
    if found.total == 1:
        return say("versions.restated_title_one", lang, batch=batch)
    return say("versions.restated_title", lang, batch=batch, count=i18n.format_number(found.total, lang))


def restated_line(
    plan: Plan,
    indicator: str,
    year: int,
    where: tuple[str, str, str],
    change: tuple[float, float | None],
    *,
    lang: str,
    batch: str | None = None,
) -> str:
    """One restated figure, old → new: `Emplois, 2014, Ensemble du Québec · tous les secteurs · tous les réseaux :
    100 000 emplois → 95 000 emplois (lot 4)`; a figure no longer held, `→ chiffre retiré`. `where` is
    (region, sector, network), `change` (before, after); the batch is said when given. The one sentence for a
    restatement: History, `changes` and the since page all call it."""
    region, sector, network = where
    before, after = change
    line = say(
        "versions.restated_line",
        lang,
        indicator=plan.indicator_label(indicator, lang),
        year=year,
        place=place(plan, region, sector, network, lang),
        before=amount(plan, indicator, before, lang),
        after=say("versions.withdrawn", lang) if after is None else amount(plan, indicator, after, lang),
    )
    return line if batch is None else say("versions.restated_batch", lang, line=line, batch=batch)


def restated_lines(plan: Plan, found: Restatements, lang: str) -> list[str]:
    """Each figure a batch restated, old → new (the batch is the list's title), then how many more there are
    when the list stops short."""
    lines = [
        restated_line(plan, r.indicator, r.year, (r.region, r.sector, r.network), (r.before, r.after), lang=lang)
        for r in found.figures
    ]
    if found.more:
        lines.append(say("versions.more", lang, count=i18n.format_number(found.more, lang)))
    return lines
