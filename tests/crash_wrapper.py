"""Run the ``kg`` command in a process that is killed at a chosen point (the crash tests').

    python tests/crash_wrapper.py build PATH --store STORE ...

The arguments are ``kg``'s; the environment says where the kill comes, through seams
every build passes (each store write is one :meth:`kg.rdf.store.Store.update`; each
article goes into spaCy through :func:`kg.engines.extract_isolated`), so that no hook
is needed in the product:

``KG_CRASH=update:N:WHEN``
    at the Nth store update: ``before`` it is sent, ``after`` it returned, or ``during``
    (a thread sends the signal as the update starts, so it lands while the update runs
    or just after, as a real crash would).
``KG_CRASH=extract:N``
    as the Nth article goes into spaCy (give ``--processes 1``: one worker extracts, and
    the build that started it is killed).
``KG_CRASH=stall:DIR``
    nobody is killed: each process that extracts an article writes a file named for its
    pid in DIR and then waits for good, so that a test can kill the build while its
    workers are in the middle of extraction.
``KG_KILL_PID=PID``
    the process killed (an ``oxigraph serve`` the build writes to); default this one.
``KG_UPDATES=FILE``
    append a line to FILE for each store update (to count a build's updates).
``KG_WRITE_BATCH=N``
    articles per store update (``kg.api.WRITE_BATCH``), so that a small corpus is written
    in several updates and a kill can fall between them.

The patches are made at import, outside the ``__main__`` guard: worker processes start by
importing this script (as ``__mp_main__``), so they extract with the same patches.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from pathlib import Path

from kg import api, engines
from kg.cli import main
from kg.rdf.store import Store

CRASH = os.environ.get("KG_CRASH", "")
# The build: this process, or, in a worker process extracting for it (kg build extracts
# in a worker beside the process that writes; the worker imports this script as
# __mp_main__), the build that started the worker.
VICTIM = int(
    os.environ.get("KG_KILL_PID") or (os.getppid() if __name__ == "__mp_main__" else os.getpid())
)
UPDATES = os.environ.get("KG_UPDATES")


def kill() -> None:
    os.kill(VICTIM, signal.SIGKILL)
    if VICTIM == os.getpid():
        time.sleep(60)  # the signal is on its way: nothing else runs here


def patch_updates(nth: int, when: str) -> None:
    calls = 0

    def wrap(update):
        def counted(self, sparql: str) -> None:
            nonlocal calls
            calls += 1
            if UPDATES:
                with open(UPDATES, "a") as f:
                    f.write(f"{type(self).__name__}\n")
            if calls == nth and when == "before":
                kill()
            if calls == nth and when == "during":
                threading.Thread(target=kill, daemon=True).start()
            update(self, sparql)
            if calls == nth and when == "after":
                kill()

        return counted

    # Every concrete store (LocalStore, SparqlStore) has its own update.
    for cls in Store.__subclasses__():
        if "update" in vars(cls):
            cls.update = wrap(cls.update)


def patch_extraction(on_document) -> None:
    original = engines.extract_isolated

    def documents_watched(nlp, documents, batch_size=16):
        def watched():
            for n, document in enumerate(documents, 1):
                on_document(n)
                yield document

        return original(nlp, watched(), batch_size)

    engines.extract_isolated = documents_watched


def stall(folder: str) -> None:
    (Path(folder) / str(os.getpid())).touch()
    while True:
        time.sleep(1)


kind, _, rest = CRASH.partition(":")
if kind == "update" or UPDATES:
    nth, _, when = rest.partition(":") if kind == "update" else ("0", "", "")
    patch_updates(int(nth), when)
if kind == "extract":
    patch_extraction(lambda n: n == int(rest) and kill())
elif kind == "stall":
    patch_extraction(lambda n: stall(rest))
if os.environ.get("KG_WRITE_BATCH"):
    # Fail loudly if it went: the tests would otherwise kill at other points than named.
    assert hasattr(api, "WRITE_BATCH"), "kg.api.WRITE_BATCH is gone: update crash_wrapper.py"
    api.WRITE_BATCH = int(os.environ["KG_WRITE_BATCH"])

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
