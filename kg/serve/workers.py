"""Where ``kg serve`` runs its queries: in worker processes, one per query slot, so that a
query past its time limit can be stopped.

Oxigraph cannot cancel a query once it runs, and a thread cannot be stopped from outside:
a runaway query in the server's own process would keep a core busy, and its slot taken,
until it ended by itself. A process can be ended. So each query (each read of the page's
API, each update) is sent to a worker process that has the store open; the server waits
for its answer up to the time limit, and past it kills the worker, whose CPU and memory
go with it, and starts another in its place. An update killed so is not applied: each is
one transaction, committed at its end.

Workers are forked from a server process that has kg's modules loaded already
(:mod:`multiprocessing`'s ``forkserver``), so a new one costs a fork and the opening of
the store, not a Python start-up. Each worker's address space is bounded
(:data:`WORKER_MEMORY`): a query that would take more dies alone, with a message.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import resource
import signal
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from kg.bounded import physical_memory, too_much_memory

T = TypeVar("T")

#: Queries running at once, those of the page's API and updates included: one per core,
#: as each keeps a core busy while it runs (two at least).
QUERY_SLOTS = max(2, os.cpu_count() or 2)


#: Bytes of address space a worker may take (``RLIMIT_AS``): half the machine's memory
#: shared among the slots, and 2 GiB at least, as a worker's threads and the store's
#: caches take several hundred megabytes of address space before any query runs.
WORKER_MEMORY = max(2 * 2**30, (physical_memory() or 0) // (2 * QUERY_SLOTS))

#: Seconds a new worker may take to be ready (a fork, or on systems without one a new
#: Python importing kg).
START_TIMEOUT = 60.0

#: kg's modules that a worker's jobs use, loaded once in the process workers fork from.
_PRELOAD = ["kg.serve.workers", "kg.serve.jobs", "kg.api"]


class Overloaded(Exception):
    """A job stopped at its time limit, or not started: every slot was taken."""


class WorkerDied(Exception):
    """A worker ended before answering: it ran out of memory, or was killed."""


class _Worker:
    """One worker process and the pipe to it."""

    def __init__(
        self, context: Any, location: str, store_timeout: float | None, memory: int | None
    ):
        self.conn, theirs = context.Pipe()
        self.process = context.Process(
            target=_work,
            args=(theirs, location, store_timeout, memory),
            name="kg-serve-worker",
            daemon=True,
        )
        self.process.start()
        theirs.close()
        self.ready = False

    def call(self, job: Callable[..., T], args: tuple, timeout: float | None) -> T:
        """``job(store, *args)`` run in the worker, once it is ready (its start-up is
        not counted in ``timeout``); TimeoutError if it runs past ``timeout``."""
        if not self.ready:
            if not self.conn.poll(START_TIMEOUT):
                raise WorkerDied
            try:
                self.conn.recv()
            except (EOFError, OSError):
                raise WorkerDied from None
            self.ready = True
        self.conn.send((job, args))
        if not self.conn.poll(timeout):
            raise TimeoutError
        try:
            ok, value = self.conn.recv()
        except (EOFError, OSError):
            raise WorkerDied from None
        if not ok:
            raise value
        return value

    def stop(self) -> None:
        """Kill the worker and wait for it to be gone."""
        self.process.kill()
        self.process.join()
        self.conn.close()


class Workers:
    """Runs jobs on a store in worker processes, each within ``timeout`` seconds, at most
    ``slots`` at a time; a job past its time has its worker killed and replaced.

    Parameters
    ----------
    location : str
        The store: a folder, or a SPARQL endpoint's URL (see
        :func:`kg.rdf.store.open_store`). Each worker opens it read-only (a folder afresh
        whenever a build beside it commits, see :class:`kg.serve.live.LiveStore`).
    timeout : float or None
        Seconds a job may run (None: no limit). A job that finds every slot taken waits
        for one up to that long.
    slots : int
        Worker processes, and so jobs running at once.
    store_timeout : float, optional
        Seconds a worker waits for a SPARQL endpoint (``--store-timeout``).
    memory : int or None
        Bytes of address space each worker may take (default :data:`WORKER_MEMORY`;
        None: no bound).

    Examples
    --------
    >>> from kg.serve.jobs import stats  # doctest: +SKIP
    >>> with Workers("my-store", timeout=5) as workers:  # doctest: +SKIP
    ...     workers.run(stats)["articles"]
    3
    """

    def __init__(
        self,
        location: str,
        timeout: float | None,
        slots: int = QUERY_SLOTS,
        store_timeout: float | None = None,
        memory: int | None = WORKER_MEMORY,
    ):
        self.location = location
        self.timeout = timeout
        self.slots = slots
        self._start_args = (location, store_timeout, memory)
        self._context = _context()
        self._idle: queue.LifoQueue[_Worker | None] = queue.LifoQueue()
        for _ in range(slots):
            self._idle.put(None)  # a slot whose worker is started when first needed
        self._lock = threading.Lock()
        self._workers: set[_Worker] = set()
        self._closed = False

    def _start(self) -> _Worker:
        with self._lock:
            if self._closed:
                raise Overloaded("the server is stopping")
            worker = _Worker(self._context, *self._start_args)
            self._workers.add(worker)
            return worker

    def _end(self, worker: _Worker) -> None:
        worker.stop()
        with self._lock:
            self._workers.discard(worker)

    def run(self, job: Callable[..., T], *args: Any) -> T:
        """``job(store, *args)``, run in a worker (``job`` a function of a module, so that
        it can be sent there; its answer and errors picklable).

        Raises
        ------
        Overloaded
            ``job`` ran past the time limit (its worker was killed), or no slot came free
            within the time limit.
        WorkerDied
            The worker ended before answering (a job that took more than its memory).
        """
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            raise Overloaded(
                f"the server is busy: all {self.slots} of its query slots are taken by "
                f"queries still within their time limit ({self.timeout:g} s); try again "
                "later"
            ) from None
        try:
            if worker is None:
                worker = self._start()
            return worker.call(job, args, self.timeout)
        except TimeoutError:
            self._end(worker)
            worker = None
            raise Overloaded(
                f"the query ran for more than {self.timeout:g} s and was stopped: make it "
                "more selective (a pattern with a constant, a LIMIT), or start the server "
                "with a longer kg serve --timeout"
            ) from None
        except WorkerDied:
            self._end(worker)
            code, worker = worker.process.exitcode, None
            memory = self._start_args[2]
            if code == -signal.SIGABRT and memory:  # Oxigraph's allocation failed
                raise WorkerDied(too_much_memory(memory)) from None
            raise WorkerDied(
                f"the worker process running the query ended before answering (exit "
                f"status {code}): see the server's output, and please report it"
            ) from None
        finally:
            self._idle.put(worker)

    def start(self) -> None:
        """Start the worker of every slot that has none yet (else each starts when first
        needed)."""
        taken = [self._idle.get() for _ in range(self.slots)]
        try:
            taken = [self._start() if w is None else w for w in taken]
        finally:
            for worker in taken:
                self._idle.put(worker)

    def running(self) -> list[int]:
        """The process ids of the workers alive now."""
        with self._lock:
            return [w.process.pid for w in self._workers if w.process.is_alive()]

    def close(self) -> None:
        """Stop every worker; a job running is cut off (its caller gets :class:`WorkerDied`)."""
        with self._lock:
            self._closed = True
            workers = list(self._workers)
        for worker in workers:
            self._end(worker)

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _context() -> Any:
    """Where workers come from: forked from a process with kg loaded where the system
    has one (``forkserver``), else started afresh (``spawn``)."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(_PRELOAD)
        return context
    return multiprocessing.get_context("spawn")


def _work(conn: Connection, location: str, store_timeout: float | None, memory: int | None):
    """A worker's life: bound its memory, open the store, answer jobs until the pipe
    closes (the server is gone)."""
    if memory is not None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    from kg.rdf.store import StoreError
    from kg.serve.live import LiveStore

    live: LiveStore | None = None
    conn.send(None)  # ready
    while True:
        try:
            job, args = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        try:
            if live is None:
                live = LiveStore(location, timeout=store_timeout)
            answer = (True, job(live, *args))
        except StoreError as e:
            answer = (False, StoreError(str(e)))
        except Exception as e:  # sent back to the server, which answers with it
            answer = (False, e)
        try:
            conn.send(answer)
        except Exception as e:  # an answer or error that does not pickle
            conn.send((False, RuntimeError(f"{type(e).__name__}: {e}")))
