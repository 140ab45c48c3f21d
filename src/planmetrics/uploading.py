"""An upload read, previewed and committed in a worker process, so that a big file's memory leaves with it.

Python's allocator rarely gives memory back to the system: a 1,048,576-row workbook read in the dashboard's server
kept about a gigabyte there after its preview. Here the file is read and diffed against the store in a process of
its own (`workers`), which ends once it has answered. What a commit needs, the file's bytes and its read figures
(the `ReadResult`, pickled), waits in a private folder (`WorkDir`); the server keeps only what the page shows
(`Shown`): the summary's counts and warnings, the read with its figures cut to the first of each indicator (its
detected facts, every problem, a StatCan table's series whole), the first `SHOWN_CHANGES` changes in the order
the preview's table has always listed them, and the figures of the whole sector and network (one a key: a few
thousand at most), on which the server judges how each target would move with its own cached snapshot. The
commit is a worker's too: it reads the figures back from the folder and writes them through
`importing.commit_preview`, all or nothing; the server checks the role before it asks for one (`ui.uploads`).
DuckDB lets one process at a time hold the file and the store's connections live for one operation, so a worker
opens it while the server holds none (each waits out the other's lock, `connect_waiting`).

Every file takes this path, small ones too: one path, tested whole. A worker is forked for its job by a helper
that has imported this module and pandas once, and starts in a few hundredths of a second, where a fresh
interpreter ("spawn") paid 3 to 6 s on this machine for Python and its imports on every upload. A one-row file's
preview with the targets' moves took 0.24 s through a worker against 0.15 s in the server (medians of five, the
machine busy); the helper's own start, 1 to 3 s, is paid once a server, when the Upload page is first shown
(`warm`). The helper keeps the environment it started with, so each job carries the caller's `PLANMETRICS_*`
variables.

A refusal crosses back in words (its keys and values, the values that are words said in both languages); a
file's refusal keeps every problem, its figures cut. A worker that dies (killed, out of memory) is refused in the
reader's language and has written nothing: a commit is one transaction. The folders are removed after a commit,
when a new preview replaces theirs, when the preview holding them is gone, and after a day (`sweep`, at each new
upload, and when the Upload page is first shown in a process).

Imports `config`, `errors`, `importing`, `ingest`, `plan`, `store`, `words`, `workers`.
"""

from __future__ import annotations

import dataclasses
import os
import pickle
import shutil
import tempfile
import time
import weakref
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd  # imported once by the workers' helper: every job needs it, a worker would import it again

from planmetrics import config, importing, workers
from planmetrics.errors import PlanmetricsError, RefusedError
from planmetrics.importing import FileRefusedError, ImportOutcome
from planmetrics.ingest import Detected, Problem, ReadOptions, ReadResult
from planmetrics.ingest.results import empty_figures
from planmetrics.plan import Plan
from planmetrics.store import BatchResult, BatchState, Store
from planmetrics.words import LANGS

SHOWN_CHANGES = 1_000  # the changes a preview lists; the page says how many more the commit writes
STALE_SECONDS = 24 * 3600  # a folder older than a day is swept
ROOT_NAME = "planmetrics-uploads"
_DATA, _READ, _PID = "upload", "read.pickle", "worker.pid"
_PASSED_ON = ("LANG", "TZ")  # beside every PLANMETRICS_* variable, what a worker reads of the environment
Result = TypeVar("Result")
_SWEPT: list[list[Path]] = []  # what this process's first `warm` swept


@dataclass(frozen=True)
class Shown:
    """What the Upload page shows of a preview, and nothing the size of the file."""

    summary: dict[str, Any]  # `ImportOutcome.to_json()`: the counts, warnings, detected facts, state and network
    read: ReadResult  # the read with its figures cut to the first of each indicator (`light_read`)
    changes: pd.DataFrame  # the first `SHOWN_CHANGES` figures that would change, in the diff's order
    changed: int  # how many would change in all (new and restated)
    totals: pd.DataFrame  # the figures of the whole sector and network: how the targets would move is judged on them


class WorkDir:
    """A private temporary folder (mode 0700) holding what a commit of one preview needs: the file's bytes and
    its read figures. Removed by `remove`, or when the last object holding it is gone."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._finalizer = weakref.finalize(self, shutil.rmtree, path, ignore_errors=True)

    def remove(self) -> None:
        self._finalizer()

    @property
    def data(self) -> Path:
        return self.path / _DATA

    def __repr__(self) -> str:
        return f"WorkDir({self.path})"


class WorkerStoppedError(RefusedError):
    """The worker reading or committing a file died before it answered (killed, most often out of memory):
    nothing was written."""

    def __init__(self, file_name: str, *, commit: bool) -> None:
        key = "uploading.commit_stopped" if commit else "uploading.read_stopped"
        super().__init__(key, "uploading.stopped.advice", file=file_name)


class PreviewGoneError(RefusedError):
    """A commit whose preview's folder is gone (swept after a day, or removed): the file must be sent again."""

    def __init__(self, file_name: str) -> None:
        super().__init__("uploading.preview_gone", "uploading.preview_gone.advice", file=file_name)


class UploadWorkerError(RuntimeError):
    """An upload's worker failed on an error that is no refusal (a bug): its traceback, as the worker wrote it."""


# ------------------------------------------------------------------ the server's side


def upload_root() -> Path:
    """Where the upload folders live: `planmetrics-uploads-UID` in the system's temporary folder, this user's alone
    (a folder of that name another user made, or one others may enter, is refused: a commit unpickles what is in
    it)."""
    root = Path(tempfile.gettempdir()) / f"{ROOT_NAME}-{os.getuid()}"
    root.mkdir(mode=0o700, exist_ok=True)
    found = root.lstat()
    if found.st_uid != os.getuid() or found.st_mode & 0o077 or not root.is_dir() or root.is_symlink():
        raise PermissionError(f"{root} is not this user's private folder")
    return root


def sweep(root: Path | None = None, *, older_than: float = STALE_SECONDS) -> list[Path]:
    """Remove the upload folders older than `older_than` seconds (a session that never committed); those removed."""
    root = root or upload_root()
    limit = time.time() - older_than
    gone = []
    for folder in root.iterdir():
        try:
            if folder.is_dir() and folder.stat().st_mtime < limit:
                shutil.rmtree(folder, ignore_errors=True)
                gone.append(folder)
        except FileNotFoundError:  # another session swept it first
            continue
    return gone


def new_workdir(data: bytes, root: Path | None = None) -> WorkDir:
    """A fresh private folder holding the file's bytes (old folders swept first)."""
    root = root or upload_root()
    sweep(root)
    work = WorkDir(Path(tempfile.mkdtemp(prefix="upload-", dir=root)))
    work.data.write_bytes(data)
    return work


def warm() -> None:
    """Start the process that forks the workers, if it is not running: it imports this module once, which takes
    a second or more; the first upload then waits less. Its first call in a process sweeps the old folders."""
    if not _SWEPT:
        _SWEPT.append(sweep())
    workers.start(__name__)


def preview(
    work: WorkDir,
    db: Path,
    plan: Plan,
    file_name: str,
    options: ReadOptions,
    *,
    lang: str,
    state: BatchState,
    network: str | None,
) -> Shown:
    """The file in `work` read and diffed in a worker (as `importing.preview_bytes` reads it), its read kept in
    `work` for the commit. Raises the file's refusal (every problem, in `lang`), or the worker's death said as a
    refusal of the file; any other refusal as it came."""
    try:
        return _run(_preview_job, _Job(work.path, db, plan, file_name, lang, state, network, options=options))
    except WorkerStoppedError as stopped:
        said = stopped.text(lang)
    problem = Problem(None, None, None, said)  # raised outside the handler: no context chained, nor its frames
    raise FileRefusedError(file_name, ReadResult(empty_figures(), (problem,), (), 0, Detected()))


def commit(
    work: WorkDir,
    db: Path,
    plan: Plan,
    file_name: str,
    *,
    by: str | None,
    state: BatchState,
    network: str | None,
    lang: str,
) -> BatchResult:
    """Commit what `preview` read into `work`, as one batch, in a worker (`importing.commit_preview`: a network's
    submission is checked as hers again). Raises its refusal, or `WorkerStoppedError` when the worker died."""
    if not (work.path / _READ).is_file():
        raise PreviewGoneError(file_name)
    return _run(_commit_job, _Job(work.path, db, plan, file_name, lang, state, network, by=by))


@dataclass(frozen=True)
class _Job:
    """What a worker is given: the upload's folder, the database, the plan, the file's name and how it lands, and
    the caller's environment (`PLANMETRICS_*`: the workers' parent keeps the one it started with)."""

    folder: Path
    db: Path
    plan: Plan
    file_name: str
    lang: str
    state: BatchState
    network: str | None
    options: ReadOptions | None = None  # a preview's: the person's choices
    by: str | None = None  # a commit's: who commits
    env: tuple[tuple[str, str], ...] = dataclasses.field(default_factory=lambda: _passed_on(os.environ))


def _passed_on(environ: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple((k, v) for k, v in environ.items() if k.startswith("PLANMETRICS_") or k in _PASSED_ON)


def _run(work: Callable[[_Job], Result], job: _Job) -> Result:
    """`work(job)` in a worker process; its answer, or its refusal raised here."""
    try:
        kind, answer = workers.run(_serve, (work, job), preload=__name__)
    except workers.WorkerDiedError:
        raise WorkerStoppedError(job.file_name, commit=work is _commit_job) from None
    except workers.WorkerFailedError as failed:
        raise UploadWorkerError(str(failed)) from None
    if kind == "file_refused":
        raise FileRefusedError(*answer)
    if kind == "refused":
        raise _rebuilt(*answer)
    return answer  # type: ignore[no-any-return]


# ------------------------------------------------------------------ refusals across the process boundary


@dataclass(frozen=True)
class _Said:
    """Words said in each language before crossing (a refusal's value that was a callable of the language)."""

    texts: tuple[tuple[str, str], ...]

    @classmethod
    def of(cls, words: Callable[[str], str]) -> _Said:
        return cls(tuple((lang, words(lang)) for lang in LANGS))

    def __call__(self, lang: str) -> str:
        said = dict(self.texts)
        return said.get(lang, said["en"])


def _portable(refused: PlanmetricsError) -> tuple[type[PlanmetricsError], dict[str, Any]]:
    """A refusal as its class and attributes, every value that is words said in both languages: what pickles."""
    state = dict(vars(refused))
    values: Mapping[str, Any] = state.get("values", {})
    state["values"] = {name: _Said.of(value) if callable(value) else value for name, value in values.items()}
    return type(refused), {name: value for name, value in state.items() if _pickles(value)}


def _pickles(value: object) -> bool:
    try:
        pickle.dumps(value)
    except Exception:  # whatever cannot cross is left behind
        return False
    return True


def _rebuilt(kind: type[PlanmetricsError], state: dict[str, Any]) -> PlanmetricsError:
    refused = kind.__new__(kind)
    refused.__dict__.update(state)
    Exception.__init__(refused, refused.text("en"))
    return refused


# ------------------------------------------------------------------ the worker's side


def _serve(task: tuple[Callable[[_Job], object], _Job]) -> tuple[str, Any]:
    """In the worker: the caller's environment, then the job; a refusal answered as words."""
    work, job = task
    for name in [k for k in os.environ if k.startswith("PLANMETRICS_")]:
        del os.environ[name]
    os.environ.update(job.env)
    said = job.folder / f"{_PID}.{os.getpid()}"  # which process holds this upload, for a person (or a test)
    said.write_text(str(os.getpid()))
    said.replace(job.folder / _PID)
    try:
        return "ok", work(job)
    except FileRefusedError as refused:
        return "file_refused", (str(refused.values["file"]), light_read(refused.result))
    except PlanmetricsError as refused:
        return "refused", _portable(refused)


def _preview_job(job: _Job) -> Shown:
    store = Store(job.db)
    data = (job.folder / _DATA).read_bytes()
    outcome = importing.preview_bytes(
        store, job.plan, data, job.file_name, options=job.options, lang=job.lang, state=job.state,
        network=job.network,
    )  # fmt: skip
    figures = outcome.read.figures
    totals = figures[(figures["sector"] == config.TOTAL_SECTOR) & (figures["network"] == config.TOTAL_NETWORK)]
    with (job.folder / _READ).open("wb") as kept:  # a copy: the read's cached DataFrame of its figures stays here
        pickle.dump(dataclasses.replace(outcome.read), kept, protocol=pickle.HIGHEST_PROTOCOL)
    changes = outcome.changes
    changing = changes[changes["change"] != "unchanged"]
    shown = changing.head(SHOWN_CHANGES).reset_index(drop=True)
    return Shown(outcome.to_json(), light_read(outcome.read), shown, len(changing), totals.reset_index(drop=True))


def _commit_job(job: _Job) -> BatchResult:
    with (job.folder / _READ).open("rb") as kept:
        read: ReadResult = pickle.load(kept)  # noqa: S301 - written by our own worker into a folder only we can reach
    outcome = ImportOutcome(read, None, None, job.state, job.network)
    data = (job.folder / _DATA).read_bytes()
    done = importing.commit_preview(
        Store(job.db), job.plan, outcome, data, job.file_name, by=job.by, state=job.state, network=job.network,
        lang=job.lang,
    )  # fmt: skip
    assert done.batch is not None
    return done.batch


def light_read(read: ReadResult) -> ReadResult:
    """The read with its figures cut to the first of each indicator: what the page's choices look at (which
    indicator a file holds), its problems, warnings, detected facts and series whole; the counts are the
    summary's."""
    if not len(read.staged):
        return dataclasses.replace(read)
    figures = read.figures
    firsts = figures.drop_duplicates("indicator") if "indicator" in figures else figures.head(1)
    return dataclasses.replace(read, staged=firsts.reset_index(drop=True))
