"""The Upload page's choices for a real file, and what its preview says was read.

A Statistics Canada table holds several series: one select box per dimension of several members (its header
as the file writes it, its members in file order, "— choose —" until one is picked), a choice of the
dimension whose members are the plan's sectors, how months or quarters make a year, and the file's encoding
when the file was refused for it. Every choice is a widget keyed by the file's sha256 and the number of
uploads committed (a new file, or the same file after a commit, starts fresh); `chosen_options` reads them
back as `ReadOptions` before the file is read, so the preview follows each change.

Imports `importing` (a problem as the page lists it), `ingest` (its results), `plan`, `words`, `ui.markdown`.
"""

from __future__ import annotations

import codecs
import re
from typing import Any, Literal, cast

import streamlit as st

from planmetrics.importing import detected_json, problem_json
from planmetrics.ingest import ReadOptions, ReadResult, SeriesChoice
from planmetrics.plan import Indicator, Plan
from planmetrics.ui.markdown import say_escaped
from planmetrics.words import say

AnnualRule = Literal["mean", "sum", "last"]
ANNUAL_RULES: tuple[AnnualRule, ...] = ("mean", "sum", "last")
# Marks that Markdown acts on in a label (a formula, emphasis, a link, code, HTML, a heading, a table).
_LABEL_SPECIAL = re.compile(r"[\\`*_\[\]$<>~|#]")
_AUTOLINK = re.compile(r"(?<=:)(?=//)|(?i:(?<=www))(?=\.)|(?=@)")  # as `ui.markdown`: no address becomes a link
COMMITTED = "uploads_committed"  # how many uploads this session committed: the Upload page counts them


def _key(sha256: str, part: str) -> str:
    return f"upload_choice_{st.session_state.get(COMMITTED, 0)}_{sha256}_{part}"


def chosen_options(sha256: str, *, source: str | None, indicator: str | None) -> ReadOptions:
    """How to read this file: the page's source and indicator, and what the person chose on it so far (the member
    of each dimension, the dimension of sectors, how periods make a year, the encoding; an encoding Python does
    not know is left out, and said beside its field)."""
    state = st.session_state
    as_sector = str(state.get(_key(sha256, "as_sector")) or "") or None
    dimensions: tuple[str, ...] = state.get(_key(sha256, "dimensions"), ())
    where = tuple(
        (dimension, str(member))
        for dimension in dimensions
        if dimension != as_sector and (member := state.get(_key(sha256, f"where:{dimension}"))) is not None
    )
    annual = state.get(_key(sha256, "annual")) or None
    encoding = str(state.get(_key(sha256, "encoding")) or "").strip()
    return ReadOptions(
        source=source or None,
        indicator=indicator or None,
        where=where,
        as_sector=as_sector,
        annual=cast("AnnualRule | None", annual if annual in ANNUAL_RULES else None),
        encoding=encoding if encoding and _known_encoding(encoding) else None,
    )


def series_choices(plan: Plan, read: ReadResult, sha256: str, options: ReadOptions, lang: str) -> None:
    """The widgets for this file's choices, above its preview: only those the file calls for."""
    several = [s for s in read.series if len(s.members) > 1]
    if several:
        st.subheader(say_escaped("upload_series.heading", lang))
        if not read.ok and _open_dimensions(read):
            st.info(say_escaped("upload_series.intro", lang), icon=":material/tune:")
        sectors = st.session_state.get(_key(sha256, "as_sector"), _declared_sectors(several))
        members = [s for s in several if s.dimension != sectors]
        columns = st.columns(max(1, min(3, len(members))))
        for place, choice in enumerate(members):
            with columns[place % len(columns)]:
                _member_choice(choice, sha256, lang)
        _sectors_choice(several, sha256, lang)
        st.session_state[_key(sha256, "dimensions")] = tuple(s.dimension for s in several)
    if read.detected.periods or options.annual is not None:
        _annual_choice(plan, read, options, sha256, lang)
    if options.encoding is not None or _encoding_refused(read) or st.session_state.get(_key(sha256, "encoding")):
        _encoding_field(sha256, lang)


def _open_dimensions(read: ReadResult) -> list[SeriesChoice]:
    """The dimensions of several members still to choose in."""
    return [s for s in read.series if len(s.members) > 1 and s.chosen is None and not s.as_sector]


def problems_left(read: ReadResult) -> list[dict[str, Any]]:
    """The refusal's problems, but the one the select boxes answer: "choose a series", whose example is a command
    line (`--where`, the indicator's id) that a person on this page has no use for."""
    answered = bool(_open_dimensions(read))
    return [problem_json(p) for p in read.errors if not (answered and p.kind == "series")]


def _member_choice(choice: SeriesChoice, sha256: str, lang: str) -> None:
    members = list(choice.members)
    st.selectbox(
        _label_text(choice.dimension),
        members,
        index=members.index(choice.chosen) if choice.chosen in members else None,
        placeholder=say("upload_series.choose", lang),
        key=_key(sha256, f"where:{choice.dimension}"),
    )


def _label_text(header: str) -> str:
    """A file's header as a widget's label: Markdown's active marks escaped (`$`, `*`, `_`, brackets...) and no
    autolink, but not the apostrophes and parentheses every StatCan header has, since the label is also the
    box's aria-label, where a screen reader reads each backslash aloud."""
    return _LABEL_SPECIAL.sub(r"\\\g<0>", _AUTOLINK.sub("\u2060", header))


def _declared_sectors(several: list[SeriesChoice]) -> str:
    """The dimension the read took as sectors (a table the plan file declares so), "" for none."""
    return next((s.dimension for s in several if s.as_sector), "")


def _sectors_choice(several: list[SeriesChoice], sha256: str, lang: str) -> None:
    """The dimension whose members are taken as the plan's sectors, or none (one series)."""
    names = ["", *(s.dimension for s in several)]
    none = say("upload_series.sectors_none", lang)
    st.selectbox(
        say_escaped("upload_series.sectors_from", lang),
        names,
        index=names.index(_declared_sectors(several)),
        format_func=lambda name: name or none,
        help=say("upload_series.sectors_help", lang),
        key=_key(sha256, "as_sector"),
    )


def _annual_choice(plan: Plan, read: ReadResult, options: ReadOptions, sha256: str, lang: str) -> None:
    indicator = _indicator(plan, read, options)
    if indicator is None:
        as_planned = say("upload_series.annual_plan_any", lang)
    else:
        rule = say(f"upload_series.rule.{indicator.annual_rule}", lang)
        as_planned = say("upload_series.annual_plan", lang, indicator=indicator.label.get(lang), rule=rule)
    words = {"": as_planned} | {rule: say(f"upload_series.rule.{rule}", lang) for rule in ANNUAL_RULES}
    st.selectbox(
        say_escaped("upload_series.annual", lang),
        list(words),
        format_func=words.__getitem__,
        key=_key(sha256, "annual"),
    )


def _indicator(plan: Plan, read: ReadResult, options: ReadOptions) -> Indicator | None:
    """The plan's indicator this file is read as: the one chosen on the page, else the one its figures hold."""
    found = plan.match("indicator", options.indicator) if options.indicator else None
    if found is None and read.ok and "indicator" in read.figures:
        ids = read.figures["indicator"].unique()
        found = str(ids[0]) if len(ids) == 1 else None
    return next((i for i in plan.indicators if i.id == found), None)


def _encoding_refused(read: ReadResult) -> bool:
    """A refusal about the file's encoding (garbled text, an encoding that does not read it)."""
    return any(problem.kind == "encoding" for problem in read.errors)


def _encoding_field(sha256: str, lang: str) -> None:
    typed = st.text_input(
        say_escaped("upload_series.encoding", lang),
        max_chars=40,
        help=say("upload_series.encoding_help", lang),
        key=_key(sha256, "encoding"),
    ).strip()
    if typed and not _known_encoding(typed):
        st.error(say_escaped("upload_series.encoding_unknown", lang, name=typed), icon=":material/block:")


def _known_encoding(name: str) -> bool:
    try:
        codecs.lookup(name)
    except LookupError:
        return False
    return True


def detected_words(read: ReadResult, lang: str) -> dict[str, str]:
    """How the file was read, for the page's "Read as" line: the layout in the reader's words, never its id; the
    delimiter and the decimal mark each said with its name (`delimiter “;”`, `tab delimiter`), or as absent
    (`no delimiter` for a workbook, `no decimal mark` for a file with whole numbers only)."""
    detected = read.detected
    known = detected.layout if detected.layout in ("long", "wide", "statcan") else "unknown"
    tab = detected.delimiter == "\t"
    return detected_json(detected) | {
        "layout": say(f"upload_series.layout.{known}", lang),
        "delimiter": say("upload.delimiter.tab", lang) if tab else _mark_words("delimiter", detected.delimiter, lang),
        "decimal": _mark_words("decimal", detected.decimal, lang),
    }


def _mark_words(kind: Literal["delimiter", "decimal"], mark: str, lang: str) -> str:
    """A delimiter or a decimal mark as the preview names it in quotes; one the file has none of said as such."""
    return say(f"upload.{kind}.mark", lang, mark=mark) if mark else say(f"upload.{kind}.none", lang)


def read_caption(read: ReadResult, lang: str) -> str | None:
    """What was read, for the preview: the sheet, the Statistics Canada table (`14-10-0287`), the series chosen
    and the dimension taken as sectors; None when the file says none of these."""
    detected = read.detected
    lines = [say_escaped("upload_series.read_sheet", lang, sheet=detected.sheet)] if detected.sheet else []
    if detected.table:
        lines.append(say_escaped("upload_series.read_table", lang, table=table_id(detected.table)))
    members = [
        say("upload_series.member", lang, dimension=s.dimension, member=s.chosen)
        for s in read.series
        if s.chosen is not None and not s.as_sector
    ]
    if members:
        lines.append(say_escaped("upload_series.read_series", lang, choices=" · ".join(members)))
    lines += [say_escaped("upload_series.as_sectors", lang, dimension=s.dimension) for s in read.series if s.as_sector]
    return "  \n".join(lines) or None


def table_id(product: str) -> str:
    """A Statistics Canada product id as its tables are cited: `14100287` -> `14-10-0287`."""
    digits = "".join(c for c in product if c.isdigit())
    return f"{digits[:2]}-{digits[2:4]}-{digits[4:8]}" if len(digits) >= 8 else product
