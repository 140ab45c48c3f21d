"""Work done in a process of its own, forked for the job from a helper that has imported what the job needs once:
so that a job's memory leaves with its process, and the process starts in a few hundredths of a second.

`run(function, job, preload=...)` sends `function` and `job` (both pickled) to the helper and returns what
`function(job)` returned in the forked worker; a worker that dies before answering (killed, out of memory), whose
connection is lost (reset, broken pipe), or that has not answered in `ANSWER_SECONDS`, raises `WorkerDiedError`;
one that fails raises `WorkerFailedError` with its traceback. The helper is `python -m
planmetrics.workers SOCKET READY_FD MODULE...`: a fresh interpreter (never a fork of the caller, whose threads would
fork with it), one a caller process and preloaded module, started at the first `start` or `run`, listening on a
Unix socket in a folder only this user reaches (removed when the caller ends), saying so with a byte on the pipe
READY_FD, ending when the caller's end of its standard input closes: a caller that ends takes its helper with it.
A helper that has said it listens and whose socket is gone (a cleaner of the temporary folder removed it, or its
folder) is stopped and started again on a socket in a fresh folder.

Why not `multiprocessing`'s own "forkserver" or "spawn": both give the child the caller's `__main__` to run again,
and a Streamlit server's `__main__` is the page being run (its script runner installs each page as `__main__`), so
every worker would run the Upload page again before its job. Linux and macOS (Unix sockets and `fork`).

Imports nothing of ours (the helper imports the modules it is told to preload).
"""

from __future__ import annotations

import atexit
import gc
import importlib
import os
import pickle
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

Result = TypeVar("Result")
START_SECONDS = 300.0  # how long a caller waits for a helper to listen (its imports, on a busy machine)
ANSWER_SECONDS = 30 * 60.0  # how long a caller waits for a worker's answer before taking it for dead (a hung job)
_CHUNK = 1 << 20
_SOCKET_FOLDER_LENGTH = 80  # a socket's name in it is 13 more, under the system's 108


class WorkerDiedError(Exception):
    """The worker ended before it answered: killed (most often out of memory) or crashed."""


class WorkerFailedError(Exception):
    """The job raised in the worker: its traceback as the worker wrote it."""


@dataclass
class _Helper:
    process: subprocess.Popen[bytes]
    address: Path
    ready: int  # the read end of the pipe on which the helper says, with one byte, that it listens
    said: bool = False

    def listening(self) -> bool:
        """Whether the helper has said it listens (once it has, it is so until it ends)."""
        if not self.said and select.select([self.ready], [], [], 0)[0]:
            self.said = bool(os.read(self.ready, 1))
        return self.said

    def stop(self) -> None:
        """The helper killed and reaped, its pipes closed."""
        self.process.kill()
        self.process.wait()
        if self.process.stdin is not None:
            self.process.stdin.close()
        os.close(self.ready)


_HELPERS: dict[str, _Helper] = {}
_LOCK = threading.Lock()
_FOLDER: list[Path] = []  # this process's helpers' sockets: a private folder, made once, removed at exit


def start(preload: str) -> _Helper:
    """The helper for `preload`, started if it is not running (this returns before it listens)."""
    with _LOCK:
        helper = _HELPERS.get(preload)
        if helper is not None and helper.process.poll() is None:
            return helper
        return _started(preload, fresh=False)


def _restarted(preload: str, lost: _Helper) -> _Helper:
    """A helper for `preload` in place of `lost`, whose socket is gone: `lost` stopped, a new one started on a
    socket in a fresh folder (unless another thread has replaced it already)."""
    with _LOCK:
        helper = _HELPERS.get(preload)
        if helper is not lost and helper is not None and helper.process.poll() is None:
            return helper
        return _started(preload, fresh=True)


def _started(preload: str, *, fresh: bool) -> _Helper:
    """A new helper for `preload` (the old one stopped), in a fresh folder if `fresh` or if the folder is gone."""
    old = _HELPERS.pop(preload, None)
    if old is not None:
        old.stop()
    if fresh or not _FOLDER or not _FOLDER[-1].is_dir():
        _FOLDER.append(_private_folder())
        atexit.register(shutil.rmtree, _FOLDER[-1], ignore_errors=True)
    address = _FOLDER[-1] / f"{zlib.crc32(preload.encode()):08x}.sock"
    address.unlink(missing_ok=True)
    ready, said = os.pipe()
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", __name__, str(address), str(said), preload],
            stdin=subprocess.PIPE, close_fds=True, pass_fds=(said,),
        )  # fmt: skip
    except BaseException:
        os.close(ready)
        raise
    finally:
        os.close(said)
    _HELPERS[preload] = helper = _Helper(process, address, ready)
    return helper


def _private_folder() -> Path:
    """A folder for the sockets, mode 0700: in the system's temporary folder, or in /tmp when that one's path
    would leave a socket's path over its 108 bytes."""
    folder = Path(tempfile.mkdtemp(prefix="planmetrics-workers-"))
    if len(str(folder)) <= _SOCKET_FOLDER_LENGTH:
        return folder
    folder.rmdir()
    return Path(tempfile.mkdtemp(prefix="planmetrics-workers-", dir="/tmp"))  # private: mkdtemp makes it 0700


def run(function: Callable[[Any], Result], job: object, *, preload: str, timeout: float = ANSWER_SECONDS) -> Result:
    """`function(job)` in a worker forked by the helper for `preload` (`function` a module-level function of an
    importable module); its answer. Raises `WorkerDiedError` when the worker ended without answering, its
    connection was lost, or it sent the job or answered in more than `timeout` seconds each."""
    request = pickle.dumps((function, job), protocol=pickle.HIGHEST_PROTOCOL)
    try:
        with _connected(preload) as connection:
            connection.settimeout(timeout)
            connection.sendall(request)
            connection.shutdown(socket.SHUT_WR)
            answer = _read_all(connection, time.monotonic() + timeout)
    except OSError as lost:  # reset, broken pipe, or no answer in time (TimeoutError): the worker is gone or hung
        raise WorkerDiedError(f"the worker for {preload} was lost: {lost!r}") from lost
    try:
        kind, value = pickle.loads(answer)  # noqa: S301 - our own worker's answer, over a socket only we reach
    except Exception as exc:  # no answer, or half of one: the worker died while writing
        raise WorkerDiedError from exc
    if kind == "died":
        raise WorkerDiedError(f"the worker for {preload} ran {value}")
    if kind == "failed":
        raise WorkerFailedError(value)
    return value  # type: ignore[no-any-return]


def _connected(preload: str) -> socket.socket:
    """A connection to the helper, waiting for it to listen; a helper that has ended is started again, once."""
    deadline = time.monotonic() + START_SECONDS
    helper, restarted = start(preload), False
    while True:
        connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            connection.connect(str(helper.address))
        except (FileNotFoundError, ConnectionRefusedError) as refused:
            connection.close()
            gone = isinstance(refused, FileNotFoundError) and helper.listening()  # a cleaner removed its socket
            if gone or helper.process.poll() is not None:
                if restarted:
                    code = helper.process.poll()
                    raise WorkerDiedError(f"the helper for {preload} ended ({code}) or lost its socket") from None
                helper, restarted = _restarted(preload, helper) if gone else start(preload), True
                continue
            if time.monotonic() > deadline:
                raise WorkerDiedError(f"the helper for {preload} did not listen in {START_SECONDS:.0f} s") from None
            time.sleep(0.02)
            continue
        return connection


def _read_all(connection: socket.socket, deadline: float | None = None) -> bytes:
    """Everything until the other end shuts its side; `TimeoutError` if that is after `deadline` (monotonic)."""
    parts: list[bytes] = []
    while True:
        if deadline is not None:
            connection.settimeout(max(deadline - time.monotonic(), 0.001))
        if not (chunk := connection.recv(_CHUNK)):
            return b"".join(parts)
        parts.append(chunk)


# ------------------------------------------------------------------ the helper's side


def main(argv: list[str]) -> None:
    """The helper: preload, listen, and fork one worker a connection until the caller's pipe closes."""
    address, said, preload = Path(argv[0]), int(argv[1]), argv[2:]
    for name in preload:
        importlib.import_module(name)
    gc.freeze()  # what is imported stays out of the workers' collections: fewer of its pages copied in each
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the kernel reaps the workers
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(address))
    listener.listen(64)
    os.write(said, b"1")  # the caller may now take a socket gone for one removed under us
    os.close(said)
    try:
        while True:
            ready, _, _ = select.select([listener, sys.stdin], [], [])
            if sys.stdin in ready and not os.read(sys.stdin.fileno(), 1):
                return  # the caller has ended
            if listener in ready:
                connection, _ = listener.accept()
                if os.fork() == 0:
                    listener.close()
                    _work(connection)  # never returns
                connection.close()
    finally:
        address.unlink(missing_ok=True)


def _work(connection: socket.socket) -> None:
    """In a forked worker: the job read whole, run, its answer (or its traceback) written back, then the end."""
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)  # a job may wait on its own children
    code = 0
    try:
        function, job = pickle.loads(_read_all(connection))  # noqa: S301 - our caller's, over a socket only we reach
        try:
            answer: tuple[str, object] = ("ok", function(job))
        except Exception as failed:  # out of memory is a death (the caller says so in words), not a failure
            answer = ("died", "out of memory") if _out_of_memory(failed) else ("failed", traceback.format_exc())
        connection.sendall(pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL))
        connection.close()
    except BaseException:
        code = 1
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def _out_of_memory(failed: BaseException | None) -> bool:
    """Whether `failed`, or what caused it, is a `MemoryError`."""
    seen = set()
    while failed is not None and id(failed) not in seen:
        if isinstance(failed, MemoryError):
            return True
        seen.add(id(failed))
        failed = failed.__cause__ or failed.__context__
    return False


if __name__ == "__main__":
    main(sys.argv[1:])
