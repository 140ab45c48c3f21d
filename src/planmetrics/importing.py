"""From a file to a committed batch: read and validate it all (ingest), then commit it whole (store).

Shared by `planmetrics init`/`import` and the dashboard's upload page, which previews a file once and commits
that preview (`preview_bytes`, `commit_preview`): one read per upload. A batch counts at once (`direct`) or is
`submitted` for review, for the network of the network editor who sent it: her file is read with her network
and the store's locked years (`ReadOptions`), and a file holding another network's figures is refused whole
(`own_network`). Imports `config`, `errors`, `i18n`, `words`, `plan`, `ingest`, `store`.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.compute as pc

from planmetrics import config, i18n
from planmetrics.errors import RefusedError
from planmetrics.ingest import Detected, Problem, ReadOptions, ReadResult, read_figures
from planmetrics.plan import Plan
from planmetrics.store import BatchKind, BatchResult, BatchState, PackedFile, Store, pack_file, review
from planmetrics.words import say

if TYPE_CHECKING:  # importing a big CSV never needs pandas (see ingest.fast): it is imported where used
    import pandas as pd


class FileRefusedError(RefusedError):
    """A file with problems: every one of them, with its row and column. Nothing was written.

    Its problems' own messages are in the language the file was read in (`read_figures(lang=...)`).
    """

    def __init__(self, file_name: str, result: ReadResult) -> None:
        self.result = result
        count = len(result.errors)
        super().__init__(
            "importing.file_refused.one" if count == 1 else "importing.file_refused",
            # A problem of the whole file (a series to choose, an encoding, places outside the plan) is no cell to fix.
            "importing.file_refused.advice"
            if any(p.row is not None for p in result.errors)
            else "importing.whole_file.advice",
            file=file_name,
            count=count,
            first=partial(describe, result.errors[0]),
        )

    @property
    def problems_json(self) -> list[dict[str, Any]]:
        return [problem_json(p) for p in self.result.errors]

    @property
    def detected(self) -> Detected:
        return self.result.detected


def problem_json(problem: Problem) -> dict[str, Any]:
    return {
        "row": problem.row,
        "column": problem.column,
        "value": problem.value,
        "message": problem.message,
    }


def problem_place(row: int | None, column: str | None, lang: str) -> str:
    """Where a problem is, as a person names it: `row 7, column 'année'` / `ligne 7, colonne « année »`."""
    parts = [say("importing.at_row", lang, row=row) if row is not None else ""]
    parts.append(say("importing.at_column", lang, column=column) if column else "")
    return ", ".join(part for part in parts if part)


def describe(problem: Problem, lang: str) -> str:
    """A problem with its place first, when it has one."""
    where = problem_place(problem.row, problem.column, lang)
    return say("importing.where", lang, where=where, message=problem.message) if where else problem.message


@dataclass(frozen=True)
class ImportOutcome:
    """What an import did (or, for a dry run, would do)."""

    read: ReadResult
    diff: pd.DataFrame | None  # a dry run's: the staged figures with `change` and the values they replace
    batch: BatchResult | None
    state: BatchState = "direct"  # the batch's (or, for a dry run, what it would be): counting or submitted
    network: str | None = None  # the network a network editor submitted for; None for the plan team's

    @property
    def changes(self) -> pd.DataFrame:
        """What a dry run would change (empty after a commit, whose counts say what changed).

        Each staged figure with `change` insert|restate|unchanged and the values it would replace.
        """
        if self.diff is not None:
            return self.diff
        import pandas as pd  # noqa: PLC0415 - see TYPE_CHECKING above

        return pd.DataFrame()

    def counts(self) -> tuple[int, int, int]:
        """(inserted, restated, unchanged): what the commit did, or what a dry run would do."""
        if self.batch is not None:
            return self.batch.inserted, self.batch.restated, self.batch.unchanged
        changes = self.changes["change"].value_counts()
        return tuple(int(changes.get(kind, 0)) for kind in ("insert", "restate", "unchanged"))  # type: ignore[return-value]

    def to_json(self) -> dict[str, Any]:
        warnings = [problem_json(w) for w in self.read.warnings]
        duplicate_of = None if self.batch is None else self.batch.duplicate_of
        if duplicate_of is not None:
            message = say("importing.duplicate", "en", batch=duplicate_of)  # JSON's words stay English
            warnings.append({"row": None, "column": None, "value": None, "message": message})
        inserted, restated, unchanged = self.counts()
        return {
            "ok": True,
            "batch": None if self.batch is None else str(self.batch.batch),
            "rows": self.read.rows,
            "inserted": inserted,
            "restated": restated,
            "unchanged": unchanged,
            "skipped_missing": self.read.skipped_missing,
            "warnings": warnings,
            "detected": detected_json(self.read.detected),
            "state": self.state,
            "network": self.network,
        }


def detected_json(detected: Detected) -> dict[str, str]:
    return {
        "encoding": detected.encoding,
        "delimiter": detected.delimiter,
        "decimal": detected.decimal,
        "layout": detected.layout,
        "sheet": detected.sheet,
        "table": detected.table,
    }


def import_bytes(
    store: Store,
    plan: Plan,
    data: bytes,
    file_name: str,
    *,
    dry_run: bool = False,
    kind: BatchKind = "import",
    by: str | None = None,
    options: ReadOptions | None = None,
    lang: str = "en",
    state: BatchState = "direct",
    network: str | None = None,
) -> ImportOutcome:
    """Read and validate the whole file, then commit it as one batch (unless `dry_run`): counting at once
    (`direct`) or `submitted` for review, for `network` when a network's editor sent it (her file is read as
    hers: see `own_network`). Rows in a year the plan team locked are refused.

    While the file is read, another thread computes its sha256 and packs it for keeping (both release the
    interpreter's lock): on a big file that is a quarter of a second the import does not wait for.
    """
    asked = _with_review(store, options, network)
    with ThreadPoolExecutor(max_workers=1) as pool:
        kept = None if dry_run else pool.submit(_fingerprint_and_pack, data)
        read = read_figures(data, file_name, plan, lang=lang, options=asked)
        if not read.ok:
            raise FileRefusedError(file_name, read)
        read = own_network(read, network, plan, file_name, lang)
        if kept is None:
            return ImportOutcome(read, store.diff(read.staged), None, state, network)
        kept_file = kept.result()
    return _commit_read(store, plan, read, file_name, kept_file, kind=kind, by=by, state=state, network=network)


def preview_bytes(
    store: Store,
    plan: Plan,
    data: bytes,
    file_name: str,
    *,
    options: ReadOptions | None = None,
    lang: str = "en",
    state: BatchState = "direct",
    network: str | None = None,
) -> ImportOutcome:
    """A dry run: the file read and validated whole (as `network`'s, for a network editor), and what
    committing it would change (nothing written); the outcome says the `state` the batch would have."""
    return import_bytes(
        store, plan, data, file_name, dry_run=True, options=options, lang=lang, state=state, network=network
    )


def commit_preview(
    store: Store,
    plan: Plan,
    preview: ImportOutcome,
    data: bytes,
    file_name: str,
    *,
    by: str | None,
    state: BatchState = "direct",
    network: str | None = None,
    lang: str = "en",
) -> ImportOutcome:
    """Commit what a preview read, as one batch, without reading the file again (`data` is kept with it). A
    submission for `network` is checked as hers again, whatever the preview was read for."""
    kept = _fingerprint_and_pack(data)
    read = own_network(preview.read, network, plan, file_name, lang)
    return _commit_read(store, plan, read, file_name, kept, kind="import", by=by, state=state, network=network)


def _with_review(store: Store, options: ReadOptions | None, network: str | None) -> ReadOptions:
    """What the reader is told beside the person's choices: the submitting network, the locked years."""
    locked = tuple(lock.year for lock in review.locked(store))
    chosen = options or ReadOptions()
    return dataclasses.replace(chosen, network=network or chosen.network, locked_years=locked)


def own_network(read: ReadResult, network: str | None, plan: Plan, file_name: str, lang: str) -> ReadResult:
    """A network editor's file as her network's: its rows of the total network (a file with no network column)
    taken as hers, a row naming another network refusing the whole file (one problem per figure, named by its
    labels). The readers will do this themselves (`ReadOptions.network`); until then, this is the safety net."""
    if network is None:
        return read
    staged = read.staged
    column = staged.column("network") if isinstance(staged, pa.Table) else staged["network"]
    names = {str(n) for n in (pc.unique(column).to_pylist() if isinstance(staged, pa.Table) else column.unique())}
    mine = {n for n in names if n in (config.TOTAL_NETWORK, network) or plan.match("network", n) == network}
    if names - mine:
        figures = read.figures
        others = figures[~figures["network"].astype(str).isin(mine)]
        raise FileRefusedError(file_name, _other_networks(read, others, network, plan, lang))
    if names == {network}:
        return read
    if len(mine) > 1:  # a figure given both as hers and as the total's would be hers twice
        figures = read.figures.assign(network=network)
        twice = figures[figures.duplicated(config.FIGURE_KEY, keep=False)].drop_duplicates(config.FIGURE_KEY)
        if len(twice):
            raise FileRefusedError(file_name, _other_networks(read, twice, network, plan, lang, key="importing.twice"))
    if isinstance(staged, pa.Table):
        where = staged.column_names.index("network")
        relabelled: pd.DataFrame | pa.Table = staged.set_column(where, "network", pa.repeat(network, len(staged)))
    else:
        relabelled = staged.assign(network=network)
    return dataclasses.replace(read, staged=relabelled)


LISTED_FIGURES = 20  # figures named one by one in a refusal for other networks; the rest counted


def _other_networks(
    read: ReadResult,
    figures: pd.DataFrame,
    network: str,
    plan: Plan,
    lang: str,
    *,
    key: str = "importing.other_network",
) -> ReadResult:
    """The read turned into a refusal naming each figure (by its labels) that is not `network`'s to submit."""
    hers = plan.label_of("network", network, lang)
    keys = figures[config.FIGURE_KEY].head(LISTED_FIGURES).itertuples(index=False, name=None)
    problems = [
        Problem(None, None, str(k[4]), say(key, lang, figure=figure_named(plan, k, lang), mine=hers)) for k in keys
    ]
    if len(figures) > LISTED_FIGURES:
        more = len(figures) - LISTED_FIGURES
        problems.append(Problem(None, None, None, say(f"{key}.more", lang, count=i18n.format_number(more, lang))))
    return dataclasses.replace(read, errors=tuple(problems))


def figure_named(plan: Plan, key: tuple[str, int, str, str, str], lang: str) -> str:
    """A figure by its labels, from its key (indicator, year, region, sector, network): `Emplois, 2019, Ensemble
    du Québec · tous les secteurs · Sollio Groupe Coopératif`."""
    indicator, year, *place = key
    where = " · ".join(
        plan.label_of(dimension, str(value), lang)
        for dimension, value in zip(("region", "sector", "network"), place, strict=True)
    )
    return say("importing.figure", lang, indicator=plan.indicator_label(indicator, lang), year=year, place=where)


def _commit_read(
    store: Store,
    plan: Plan,
    read: ReadResult,
    file_name: str,
    kept_file: tuple[str, PackedFile],
    *,
    kind: BatchKind,
    by: str | None,
    state: BatchState = "direct",
    network: str | None = None,
) -> ImportOutcome:
    """A read file's figures committed as one batch, with the file kept (its sha256 and packed bytes)."""
    sha256, packed = kept_file
    batch = store.commit(
        read.staged,
        kind=kind,
        by=by,
        file_name=file_name,
        sha256=sha256,
        file_bytes=packed,
        plan_id=plan.id,
        state=state,
        network=network,
    )
    return ImportOutcome(read, None, batch, state, network)  # the commit's counts say what changed


def _fingerprint_and_pack(data: bytes) -> tuple[str, PackedFile]:
    return hashlib.sha256(data).hexdigest(), pack_file(data)


def load_shipped_figures(store: Store, plan: Plan, lang: str = "en") -> BatchResult:
    """The public figures of data/figures/, as one batch of kind `init`."""
    import pandas as pd  # noqa: PLC0415 - see TYPE_CHECKING above

    files = sorted(config.FIGURES_DIR.glob("*.csv"))
    if not files:
        raise RefusedError("importing.no_shipped", "importing.no_shipped.advice", folder=config.FIGURES_DIR)
    frames = []
    for path in files:
        read = read_figures(path.read_bytes(), path.name, plan, lang=lang)
        if not read.ok:
            raise FileRefusedError(path.name, read)
        frames.append(read.figures)
    figures = pd.concat(frames, ignore_index=True)
    return store.commit(
        figures,
        kind="init",
        by="planmetrics init",
        file_name=", ".join(p.name for p in files),
        plan_id=plan.id,
    )


def correct_figure(
    store: Store,
    plan: Plan,
    *,
    indicator: str,
    year: str,
    value: str,
    reason: str,
    region: str | None = None,
    sector: str | None = None,
    network: str | None = None,
    by: str | None = None,
    lang: str = "en",
    state: BatchState = "direct",
    batch_network: str | None = None,
) -> ImportOutcome:
    """One corrected figure, validated exactly like a file's row, committed as a batch of kind `correction`:
    counting at once or `submitted` (under `review_all`); `network` is the figure's, `batch_network` the
    submitting network's. A figure in a locked year is refused."""
    if not reason.strip():
        raise RefusedError("importing.no_reason", "importing.no_reason.advice")
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["year", "indicator", "region", "sector", "network", "value", "source"])
    writer.writerow([year, indicator, region or "", sector or "", network or "", value, f"correction: {reason}"])
    data = buffer.getvalue().encode("utf-8")
    read = read_figures(data, "correction.csv", plan, lang=lang, options=_with_review(store, None, batch_network))
    if not read.ok:
        raise FileRefusedError("correction", read)
    read = own_network(read, batch_network, plan, "correction", lang)
    batch = store.commit(
        read.staged,
        kind="correction",
        by=by,
        reason=reason.strip(),
        plan_id=plan.id,
        state=state,
        network=batch_network,
    )
    return ImportOutcome(read, None, batch, state, batch_network)
