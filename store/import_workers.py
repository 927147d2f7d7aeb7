"""Reading and parsing trial files in worker processes that can be killed.

Every file is read by a worker process, one file at a time, under a time bound
(FILE_TIME_LIMIT_S): a file that takes longer (a pathological record) is reported and its worker
killed and replaced, and the other files of the same import are still read and stored. A worker
that dies (the kernel's out-of-memory killer) costs its file only.

Workers are forked when this process runs no other thread (the command line: a fork costs
milliseconds), and spawned as fresh interpreters otherwise: the TUI imports beside the app's
threads, and forking a threaded process can deadlock.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.context import ForkContext, SpawnContext
from typing import Any

FILE_TIME_LIMIT_S = 10.0    # seconds one file may take to read and parse (tests set it lower)
PARALLEL_FROM = 48          # files per extra worker: starting a process costs more than it saves

# (path, [(trial_id, title, the stored rows as JSON text)], note, error)
FileOutcome = tuple[str, list[tuple[str, str, tuple[str, str, str]]], "str | None", "str | None"]
Prepare = Callable[[str], FileOutcome]
_READY = "ready"
MAX_FAILED_STARTS = 3


def worker_count(files: int) -> int:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(cores, files // PARALLEL_FROM, files))


def _serve(conn: Connection, prepare: Prepare) -> None:
    """A worker: read paths, send outcomes, until the parent closes the pipe or sends None."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)     # Ctrl-C is the parent's to handle
    # Beside the TUI, the inherited stderr is the app's screen: a warning printed here would
    # scribble over it. Everything a worker has to say goes back through the pipe.
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 2)
    os.close(null)
    conn.send(_READY)
    while True:
        try:
            path = conn.recv()
        except (EOFError, OSError):
            return
        if path is None:
            return
        try:
            outcome = prepare(path)
        except MemoryError:
            outcome = (path, [], None, "too large to read in memory")
        except Exception as exc:   # a reader bug costs its file one line, never the import
            outcome = (path, [], None, f"could not be read ({exc.__class__.__name__})")
        conn.send(outcome)


@contextlib.contextmanager
def _stderr_with_a_descriptor() -> Iterator[None]:
    """multiprocessing passes sys.stderr's descriptor to the helper processes it starts; under
    Textual sys.stderr is a capture whose fileno() is -1 ("bad value(s) in fds_to_keep"). While
    workers start, sys.stderr is the null device: nothing they say reaches the app's screen."""
    try:
        usable = sys.stderr is not None and sys.stderr.fileno() >= 0
    except (AttributeError, OSError, ValueError):
        usable = True        # multiprocessing skips a stderr without a descriptor itself
    if usable:
        yield
        return
    saved = sys.stderr
    with open(os.devnull, "w") as null:
        sys.stderr = null
        try:
            yield
        finally:
            sys.stderr = saved


@dataclass
class _Worker:
    process: Any
    conn: Connection
    ready: bool = False
    job: int | None = None
    deadline: float = 0.0

    def stop(self, kill: bool) -> None:
        if not kill:
            with contextlib.suppress(OSError):
                self.conn.send(None)
            self.process.join(timeout=2)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


def outcomes(paths: list[str], prepare: Prepare, workers: int | None = None) -> Iterator[FileOutcome]:
    """Every file's outcome, in the order of `paths`, each read by a worker within the time bound."""
    if not paths:
        return
    pool = _Pool(paths, prepare)
    next_out = 0
    try:
        for _ in range(workers or worker_count(len(paths))):
            pool.start()
        while next_out < len(paths):
            pool.hand_out()
            pool.receive()
            pool.expire()
            while next_out in pool.done:
                yield pool.done.pop(next_out)
                next_out += 1
    finally:
        pool.stop(kill=next_out < len(paths))


def _context() -> ForkContext | SpawnContext:
    """Fork when this process runs no other thread, else spawn (forking a threaded process can
    deadlock). multiprocessing is imported here, when there are files to read."""
    import multiprocessing as mp

    forking = threading.active_count() == 1 and "fork" in mp.get_all_start_methods()
    return mp.get_context("fork") if forking else mp.get_context("spawn")


class _Pool:
    """The workers of one import, the files handed out to them, and the outcomes not yet
    yielded (by their index in `paths`)."""

    def __init__(self, paths: list[str], prepare: Prepare):
        self.paths = paths
        self.prepare = prepare
        self.context = _context()
        self.workers: list[_Worker] = []
        self.done: dict[int, FileOutcome] = {}
        self.failed_starts = 0
        self.next_job = 0

    def start(self) -> _Worker:
        parent, child = self.context.Pipe()
        with _stderr_with_a_descriptor():
            process = self.context.Process(target=_serve, args=(child, self.prepare), daemon=True)
            process.start()
        child.close()
        worker = _Worker(process, parent)
        self.workers.append(worker)
        return worker

    def replace(self, worker: _Worker, kill: bool) -> None:
        self.workers.remove(worker)
        worker.stop(kill=kill)
        self.start()

    def hand_out(self) -> None:
        """The next files to the ready workers without one, each with its deadline."""
        for worker in self.workers:
            if worker.ready and worker.job is None and self.next_job < len(self.paths):
                worker.conn.send(self.paths[self.next_job])
                worker.job, worker.deadline = self.next_job, time.monotonic() + FILE_TIME_LIMIT_S
                self.next_job += 1

    def receive(self) -> None:
        """Wait for a message, at most until the nearest deadline, and take what came."""
        busy = [w for w in self.workers if w.job is not None]
        timeout = max(0.0, min(w.deadline for w in busy) - time.monotonic()) if busy else None
        by_conn = {w.conn: w for w in self.workers}
        for conn in wait(list(by_conn), timeout=timeout):
            worker = by_conn[conn]      # type: ignore[index]  # wait() returns what it was given
            try:
                message = worker.conn.recv()
            except (EOFError, OSError):
                self._lost(worker)
                continue
            if message == _READY:
                worker.ready = True
            elif worker.job is not None:
                self.done[worker.job] = message
                worker.job = None

    def _lost(self, worker: _Worker) -> None:
        """A worker whose pipe closed: its file fails (or its start counts as failed); a new one
        takes its place."""
        if worker.job is not None:      # died reading it (out of memory, a crash)
            self.done[worker.job] = (self.paths[worker.job], [], None,
                                     "the reader stopped while reading it (out of memory?)")
        elif not worker.ready:
            self.failed_starts += 1
            if self.failed_starts > MAX_FAILED_STARTS:
                raise OSError("cannot start a process to read the files") from None
        self.replace(worker, kill=True)

    def expire(self) -> None:
        """Files past their time bound are reported, and their workers killed and replaced."""
        now = time.monotonic()
        for worker in [w for w in self.workers if w.job is not None and now >= w.deadline]:
            assert worker.job is not None
            self.done[worker.job] = (self.paths[worker.job], [], None,
                                     f"took longer than {FILE_TIME_LIMIT_S:g} s to read: not imported")
            self.replace(worker, kill=True)

    def stop(self, kill: bool) -> None:
        for worker in self.workers:
            worker.stop(kill=kill)
