"""An uploaded file's bytes -> validated figures in long form, or every problem found, with row and column.

`read_figures` never raises for what a file holds: whole-file problems (too large, empty, not a workbook,
a zip bomb, ...) come back as errors with `row=None`. The steps live in their own modules: `limits` (the
upload's size, also asked by the dashboard and the command line before they read a file), `sniff`
(encoding, delimiter, CSV grid), `excel` (workbooks, checked before parsing), `layouts` (long, wide),
`statcan` (Statistics Canada tables: `series`, `places`, `units`; a big one read by `statcan_arrow`), `numbers`
(numbers as people type them), `validate` (every cell; months and quarters made into years by `periods`),
`fast` (big clean long files at once). Imports only `config`, `errors`, `i18n`, `plan` and `words`, never
`store` or streamlit.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from planmetrics import i18n
from planmetrics.ingest import fast
from planmetrics.ingest.cells import format_value, within_bounds
from planmetrics.ingest.excel import read_workbook, workbook_kind
from planmetrics.ingest.fast import FastRead
from planmetrics.ingest.fasthead import refused_header
from planmetrics.ingest.frame_rows import grid_warnings
from planmetrics.ingest.layouts import Reshaped, known_indicators, reshape
from planmetrics.ingest.limits import FileTooBigError, size_refusal, upload_limit
from planmetrics.ingest.messages import listing, shorten
from planmetrics.ingest.numbers import DecimalDecision, decide_decimal, is_missing, parse_number
from planmetrics.ingest.results import Detected, Problem, ReadOptions, ReadResult, SeriesChoice, Table, empty_figures
from planmetrics.ingest.sniff import WholeFileError, decode, read_text_table, whole_file
from planmetrics.ingest.statcan import StatcanReshaped, TableGrid, is_statcan, reshape_statcan
from planmetrics.ingest.statcan_arrow import BigStatcan, read_big_statcan
from planmetrics.ingest.validate import Validator
from planmetrics.plan import Plan
from planmetrics.words import say

__all__ = [
    "Detected",
    "FileTooBigError",
    "Problem",
    "ReadOptions",
    "ReadResult",
    "SeriesChoice",
    "read_figures",
    "size_refusal",
    "upload_limit",
]

MAX_PROBLEMS = 500
ROWS_LISTED = 10


def read_figures(
    data: bytes,
    file_name: str,
    plan: Plan,
    *,
    lang: str = "en",
    options: ReadOptions | None = None,
) -> ReadResult:
    """The figures of a file in storage units, or every problem found in it (never an exception)."""
    reading = _Reading(plan, "fr" if lang == "fr" else "en", file_name, options or ReadOptions())
    try:
        return reading.run(data)
    except WholeFileError as refused:
        return reading.refused(refused.problem)
    except (ValueError, TypeError, LookupError, ArithmeticError, OSError, RecursionError) as exc:
        # Last line of defence for uploads: a file no rule above foresaw is refused, not a crash.
        message = say("import.unreadable", reading.lang, detail=shorten(f"{type(exc).__name__}: {exc}", 120))
        return reading.refused(Problem(None, None, None, message))


@dataclass
class _Reading:
    plan: Plan
    lang: str
    file_name: str
    options: ReadOptions
    detected: Detected = field(default_factory=Detected)

    def refused(self, problem: Problem) -> ReadResult:
        return ReadResult(empty_figures(), (problem,), (), 0, self.detected)

    def run(self, data: bytes) -> ReadResult:
        too_big = size_refusal(self.file_name, len(data))
        if too_big is not None:
            raise WholeFileError(Problem(None, None, None, too_big.text(self.lang)))
        if not data or data.isspace():  # `not data.strip()` without copying a big file
            raise whole_file(self.lang, "empty")
        indicator_id = self._indicator_argument()
        table = self._table(data, indicator_id)
        if isinstance(table, FastRead):
            return self._fast_result(table)
        self.detected = Detected(table.encoding, table.delimiter, "", "", table.sheet)
        shaped: Reshaped
        if isinstance(table, BigStatcan) or is_statcan(table.header):
            grid = table if isinstance(table, BigStatcan) else TableGrid(table)
            shaped = reshape_statcan(
                grid,
                self.plan,
                indicator_id=indicator_id,
                file_name=self.file_name,
                lang=self.lang,
                options=self.options,
            )
        else:
            shaped = reshape(table, self.plan, indicator_id, self.lang)
        decision = decide_decimal(_value_texts(shaped), table.delimiter)
        product = shaped.product if isinstance(shaped, StatcanReshaped) else ""
        periods = any(raw.period is not None for raw in shaped.figures)
        self.detected = Detected(
            table.encoding,
            table.delimiter,
            decision.mark,
            shaped.layout,
            table.sheet,
            product,
            periods,
            network_column=shaped.network_column,
        )
        validator = self._validator(decision.mark)
        if isinstance(shaped, StatcanReshaped):
            validator.annual = self.options.annual or shaped.annual
            if product and not self.options.source:  # "Statistics Canada, table 14-10-0287", not the file's name
                validator.default_source = statcan_source(product, "en")
                validator.default_source_fr = statcan_source(product, "fr")
        for raw in shaped.figures:
            validator.add(raw)
        validator.finish()
        return self._result(table, shaped, validator, decision)

    def _indicator_argument(self) -> str | None:
        indicator = self.options.indicator
        if indicator is None or not indicator.strip():
            return None
        found = self.plan.match("indicator", indicator)
        if found is None:
            known = known_indicators(self.plan, self.lang)
            raise whole_file(self.lang, "unknown_indicator_arg", value=indicator, known=known)
        derived = self.plan.indicator(found)
        if derived.formula is not None:  # computed from its inputs, never imported
            inputs = listing((self.plan.indicator_label(i, self.lang) for i in derived.formula.inputs), lang=self.lang)
            message = say("statcan.derived_indicator_arg", self.lang, indicator=derived.label.get(self.lang),
                          inputs=inputs)  # fmt: skip
            raise WholeFileError(Problem(None, None, indicator, message))
        return found

    def _table(self, data: bytes, indicator_id: str | None) -> Table | FastRead | BigStatcan:
        """The file's grid, or at once its figures when it is a big clean long text file (`fast`), or a big
        Statistics Canada table's grid read by Arrow (`statcan_arrow`)."""
        kind = workbook_kind(data, self.file_name)
        if kind is not None:
            return read_workbook(data, kind, self.options.sheet, self.lang, self.plan)
        if len(data) >= fast.FAST_MIN_BYTES and self.options.encoding is None:
            big = read_big_statcan(data) or refused_header(data, self.plan, indicator_id, self.lang)
            if big is not None:
                return big
            found = fast.read_fast(data, self._validator(""), indicator_id)
            if found is not None and within_bounds(found.table, self.plan):  # else the careful path says which
                self.detected = Detected(
                    found.encoding, found.delimiter, found.decision.mark, "long", network_column=found.network_column
                )
                return found
        text, encoding = decode(data, self.lang, self.options.encoding)
        self.detected = Detected(encoding, "", "", "")
        return read_text_table(text, encoding, self.lang)

    def _validator(self, decimal: str) -> Validator:
        return Validator(
            self.plan,
            self.lang,
            self.options.source or self.file_name,
            decimal,
            annual=self.options.annual,
            network=self.options.network,
            locked_years=frozenset(self.options.locked_years),
        )

    def _fast_result(self, found: FastRead) -> ReadResult:
        warnings = self._warnings(found.warnings, found.skipped_missing, found.decision)
        return ReadResult(found.table, (), warnings, found.skipped_missing, self.detected)

    def _result(
        self, table: Table | BigStatcan, shaped: Reshaped, validator: Validator, decision: DecimalDecision
    ) -> ReadResult:
        errors = [*table.problems, *shaped.errors, *validator.errors]
        if not errors and not validator.figures:
            errors.append(self._nothing_left(shaped, validator))
        found = [*grid_warnings(table, self.lang), *shaped.warnings, *validator.warnings]
        warnings = self._warnings(found, validator.skipped_missing, decision)
        figures = empty_figures() if errors else validator.frame()
        series = shaped.series if isinstance(shaped, StatcanReshaped) else ()
        grouped = _grouped(errors, self.lang)
        return ReadResult(figures, grouped, warnings, validator.skipped_missing, self.detected, series)

    def _nothing_left(self, shaped: Reshaped, validator: Validator) -> Problem:
        """Why a file with no problem gives no figure: every StatCan value missing or confidential, rows skipped
        as derived or years lacking a period (the warnings that said so, which a refusal would not show), or
        no row at all."""
        skipped = validator.skipped_missing
        if isinstance(shaped, StatcanReshaped) and skipped:
            key = "statcan.all_missing_one" if skipped == 1 else "statcan.all_missing"
            return Problem(None, None, None, say(key, self.lang, count=i18n.format_number(skipped, self.lang)))
        if validator.warnings and (validator.derived_said or isinstance(shaped, StatcanReshaped)):
            reasons = " ".join(w.message for w in validator.warnings)
            return Problem(None, None, None, say("statcan.nothing_left", self.lang, reasons=reasons))
        return Problem(None, None, None, say("import.no_data", self.lang))

    def _warnings(self, found: list[Problem], skipped: int, decision: DecimalDecision) -> tuple[Problem, ...]:
        warnings = list(found)
        if (self.options.where or self.options.as_sector) and self.detected.layout != "statcan":
            warnings.append(Problem(None, None, None, say("statcan.choice_ignored", self.lang)))
        if skipped:
            warnings.append(
                Problem(
                    None,
                    None,
                    None,
                    say("import.skipped_missing", self.lang, count=i18n.format_number(skipped, self.lang)),
                )
            )
        if decision.ambiguous is not None:
            warnings.append(self._decimal_warning(decision))
        return tuple(warnings)

    def _decimal_warning(self, decision: DecimalDecision) -> Problem:
        value = decision.ambiguous or ""
        if decision.reason == "evidence":
            message = say(
                "import.decimal_evidence", self.lang, value=value, mark=decision.mark, example=decision.example
            )
        elif decision.reason == "semicolon":
            message = say("import.decimal_semicolon", self.lang, value=value)
        else:
            number = parse_number(value, decision.mark)
            reading = format_value(number.value, self.lang) if hasattr(number, "value") else value
            message = say("import.decimal_default", self.lang, value=value, mark=decision.mark, reading=reading)
        return Problem(None, None, value, message)


def statcan_source(product: str, lang: str) -> str:
    """A Statistics Canada table named as its site names it: `Statistique Canada, tableau 14-10-0287`."""
    return say("statcan.source", lang, table=f"{product[:2]}-{product[2:4]}-{product[4:]}")


def _value_texts(shaped: Reshaped) -> Iterable[str]:
    for raw in shaped.figures:
        text = raw.value.value
        if isinstance(text, str) and not is_missing(text):
            yield text


def _grouped(problems: list[Problem], lang: str) -> tuple[Problem, ...]:
    """One problem per distinct (column, value, message), naming the other rows where it occurs; capped."""
    rows: dict[tuple[str | None, str | None, str], list[int]] = defaultdict(list)
    order: list[Problem] = []
    for problem in problems:
        key = (problem.column, problem.value, problem.message)
        if problem.row is None or key not in rows:
            order.append(problem)
        if problem.row is not None:
            rows[key].append(problem.row)
    merged = [_with_rows(p, rows.get((p.column, p.value, p.message), []), lang) for p in order]
    if len(merged) > MAX_PROBLEMS:
        rest = len(merged) - MAX_PROBLEMS
        said = "import.too_many.one" if rest == 1 else "import.too_many"
        merged = [*merged[:MAX_PROBLEMS], Problem(None, None, None, say(said, lang, count=rest))]
    return tuple(merged)


def _with_rows(problem: Problem, rows: list[int], lang: str) -> Problem:
    rows = list(dict.fromkeys(rows))  # a wide row's figures share its cells: the row is named once
    if problem.row is None or len(rows) < 2:
        return problem
    others = [str(r) for r in rows[1:]]
    listed = ", ".join(others[:ROWS_LISTED])
    if len(others) > ROWS_LISTED:
        listed += " " + say("import.more_rows", lang, count=len(others) - ROWS_LISTED)
    return Problem(
        problem.row, problem.column, problem.value, f"{problem.message} {say('import.also_rows', lang, rows=listed)}"
    )
