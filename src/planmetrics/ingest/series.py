"""A Statistics Canada table's series: its dimensions, the member chosen in each (`--where`), the dimension
whose members are the plan's sectors (`--as-sector`), and the refusal that says what to choose.

Works on each column's distinct texts, in file order, so that a big table's rows are filtered once, before any
figure is built. A dimension is matched by its header (or the abbreviation in brackets, `NAICS`) ignoring case
and accents; a member ignoring case, accents and a trailing code (`Total, all industries [00-91N]`). Imports
the ingest helpers, `plan` and `words`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePath

from planmetrics import config
from planmetrics.ingest.headers import header_key
from planmetrics.ingest.messages import listing, separated, shorten
from planmetrics.ingest.results import Problem, ReadOptions, SeriesChoice
from planmetrics.plan import Plan, normalize_name
from planmetrics.words import say

_CODE = re.compile(r"\s*\[[^\[\]]*\]\s*$")
_ABBREVIATION = re.compile(r"\(([^()]+)\)\s*$")
_TOTALS = ("total", "ensemble", "all ", "tous ", "toutes ")
MEMBERS_SHOWN = 6


def bare_member(text: str) -> str:
    """A member as matched: no trailing `[code]`, lower case, no accents."""
    return normalize_name(_CODE.sub("", text))


def is_total(member: str) -> bool:
    """`Total, all industries`, `Ensemble des industries`, `All ages`: a dimension's total."""
    return bare_member(member).startswith(_TOTALS)


def dimension_names(header: str) -> set[str]:
    """The names a dimension answers to: its header, without and as its bracketed abbreviation."""
    names = {header_key(header)}
    abbreviation = _ABBREVIATION.search(header)
    if abbreviation:
        names |= {header_key(abbreviation.group(1)), header_key(header[: abbreviation.start()])}
    return names


@dataclass(frozen=True)
class Wanted:
    """What the person importing chose: members by dimension, the sectors' dimension."""

    where: tuple[tuple[str, str], ...] = ()
    as_sector: str | None = None


@dataclass
class Selection:
    """The rows to keep: in each dimension's column, the members kept (a sector's id for `--as-sector`)."""

    series: tuple[SeriesChoice, ...] = ()
    keep: dict[int, frozenset[str]] = field(default_factory=dict)  # column -> member texts kept
    sector_column: int | None = None
    sectors: dict[str, str] = field(default_factory=dict)  # member text -> sector id
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    missing_choice: bool = False  # a dimension with several members was not chosen


def choose(header: list[str], members: dict[int, list[str]], wanted: Wanted, plan: Plan, lang: str) -> Selection:
    """The rows kept by the choices, or the problems: an unknown dimension or member, a choice missing."""
    chosen: dict[int, str] = {}
    typed: dict[int, str] = {}
    picked = Selection()
    sector_column = _dimension(header, members, wanted.as_sector, picked, lang) if wanted.as_sector else None
    for dimension, member in wanted.where:
        column = _dimension(header, members, dimension, picked, lang)
        if column is None:
            continue
        if column == sector_column or (column in typed and bare_member(typed[column]) != bare_member(member)):
            picked.errors.append(_twice(header[column], typed.get(column), member, lang))
            continue
        typed[column] = member
        found = next((m for m in members[column] if bare_member(m) == bare_member(member)), None)
        if found is None:
            listed = _members(members[column], lang)
            message = say("statcan.unknown_member", lang, value=member, column=header[column], members=listed)
            picked.errors.append(Problem(None, header[column], shorten(member), message))
        else:
            chosen[column] = found
    if sector_column is not None:
        _sectors(header[sector_column], members[sector_column], plan, picked, lang)
        picked.sector_column = sector_column
    for column, texts in members.items():
        if column == sector_column:
            continue
        if column in chosen:
            picked.keep[column] = frozenset({chosen[column]})
        elif len(texts) == 1:
            chosen[column] = texts[0]
        else:
            picked.missing_choice = True
    picked.series = tuple(
        SeriesChoice(header[c], tuple(texts), chosen.get(c), c == sector_column) for c, texts in members.items()
    )
    return picked


def _dimension(
    header: list[str], members: dict[int, list[str]], typed: str, picked: Selection, lang: str
) -> int | None:
    wanted = header_key(typed)
    found = next((c for c in members if wanted in dimension_names(header[c])), None)
    if found is None:
        names = listing((repr(header[c]) for c in members), lang=lang) or say("statcan.no_dimension", lang)
        picked.errors.append(
            Problem(None, None, shorten(typed), say("statcan.unknown_dimension", lang, value=typed, dimensions=names))
        )
    return found


def _twice(column: str, first: str | None, second: str, lang: str) -> Problem:
    """A second value chosen for one column (`first`), or a value chosen in the sectors' column (None)."""
    if first is None:
        message = say("statcan.where_on_sectors", lang, column=column, value=shorten(second, 60))
    else:
        message = say("statcan.where_twice", lang, column=column, first=shorten(first, 60), second=shorten(second, 60))
    return Problem(None, column, shorten(second), message)


def _sectors(column: str, texts: list[str], plan: Plan, picked: Selection, lang: str) -> None:
    for text in texts:
        found = config.TOTAL_SECTOR if is_total(text) else plan.match("sector", _CODE.sub("", text))
        if found is not None:
            picked.sectors[text] = found
    unmatched = [t for t in texts if t not in picked.sectors]
    if not picked.sectors:
        known = listing((s.label.get(lang) for s in plan.sectors), limit=12, lang=lang)
        message = say("statcan.no_sector", lang, column=column, members=_members(texts, lang), sectors=known)
        picked.errors.append(Problem(None, column, None, message))
    elif unmatched:
        shown = _quoted_members(unmatched, lang)
        message = say("statcan.sectors_set_aside", lang, column=column, count=len(unmatched), members=shown)
        picked.warnings.append(Problem(None, column, None, message))


def _quoted(word: str) -> str:
    """A word of a command as a shell reads it: in double quotes when it holds a space or a sign."""
    if re.fullmatch(r"[\w.,/:@%+=-]+", word):
        return word
    return '"' + re.sub(r'(["\\$`])', r"\\\1", word) + '"'


def _quoted_members(texts: list[str], lang: str) -> str:
    return listing((say("statcan.quoted", lang, text=shorten(t, 60)) for t in texts), limit=MEMBERS_SHOWN, lang=lang)


def _members(texts: list[str], lang: str) -> str:
    shown = _quoted_members(texts, lang)
    return say("statcan.members", lang, count=len(texts), members=shown)


def choice_refusal(
    selection: Selection, file_name: str, indicator: str | None, options: ReadOptions, lang: str
) -> Problem:
    """What to choose: each dimension with several members, and the command to run, with the options given."""
    open_ = [s for s in selection.series if s.chosen is None and not s.as_sector and len(s.members) > 1]
    lines = [say("statcan.dimension_line", lang, column=s.dimension, members=_members(list(s.members), lang))
             for s in open_]  # fmt: skip
    words = ["planmetrics", "import", PurePath(file_name).name or "FILE"]
    if indicator is not None:
        words += ["--indicator", indicator]
    for choice in selection.series:
        if choice.chosen is not None and len(choice.members) > 1:
            words += ["--where", f"{choice.dimension}={_CODE.sub('', choice.chosen)}"]
    words += [arg for s in open_ for arg in ("--where", f"{s.dimension}={_CODE.sub('', s.members[0])}")]
    given = (("--as-sector", options.as_sector), ("--annual", options.annual), ("--table", options.table),
             ("--encoding", options.encoding), ("--sheet", options.sheet))  # fmt: skip
    words += [part for name, value in given if value for part in (name, str(value))]
    command = " ".join(_quoted(w) for w in words)
    key = "statcan.choose_series" if len(open_) > 1 else "statcan.choose_one_series"
    message = say(key, lang, count=len(open_), dimensions=separated(lines, lang), command=command)
    return Problem(None, None, None, message, kind="series")
