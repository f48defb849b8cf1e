"""The store a server reads: always the newest state of the store, even while a build
writes it.

A store folder opened read-only sees the store as it was when opened (Oxigraph's
read-only RocksDB), never a later commit of a build beside it. So :class:`LiveStore`
opens it afresh whenever the folder's files changed since it last did: every commit
writes to the write-ahead log, which changes its size. Looking costs a listing of the
folder (tens of microseconds); opening afresh, tens of milliseconds, and only after a
change. A SPARQL endpoint as store always answers with its newest state.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from kg.rdf.store import LocalStore, Store, open_store, recount_ops


def folder_state(path: Path) -> tuple[tuple[str, int, int], ...]:
    """Name, size and modification time of each file of the folder ``path``: it changes
    with every commit to a store there."""
    entries = []
    with os.scandir(path) as found:
        for entry in found:
            try:
                info = entry.stat()
            except FileNotFoundError:  # deleted by a compaction as we looked
                continue
            entries.append((entry.name, info.st_size, info.st_mtime_ns))
    return tuple(sorted(entries))


class LiveStore:
    """A store opened read-only and kept fresh: :meth:`current` is the store as last
    committed; :meth:`update` writes to it.

    Parameters
    ----------
    location : Store, str or path
        A store folder, or the URL of a SPARQL endpoint (as ``--store`` takes them), or
        a store opened already.
    timeout : float, optional
        Seconds to wait for a SPARQL endpoint (``--store-timeout``).
    """

    def __init__(
        self, location: Store | str | os.PathLike[str] | None, timeout: float | None = None
    ):
        #: Seconds to wait for a SPARQL endpoint.
        self.timeout = timeout
        if isinstance(location, Store):  # opened already (a SPARQL endpoint, by the CLI)
            self._store = location
        else:
            self._store = open_store(location, read_only=True, timeout=timeout)
        self.location = self._store.location
        self._path = self._store.path if isinstance(self._store, LocalStore) else None
        self._state = None if self._path is None else folder_state(self._path)
        self._lock = threading.Lock()

    def current(self) -> Store:
        """The store as last committed: opened afresh if it changed since last time.

        The store it replaces is not closed: a request reading it goes on with it, and it
        is released with the last one.
        """
        if self._path is None:
            return self._store
        state = folder_state(self._path)  # before opening, so no change is missed
        with self._lock:
            if state != self._state:
                self._store = LocalStore(self._path, read_only=True)
                self._state = state
            return self._store

    def update(self, sparql: str) -> None:
        """Run a SPARQL update on the store, opened for writing just for it, and count
        again what the graph keeps (:func:`kg.rdf.store.recount_ops`), in the same
        transaction: an update that deletes claims leaves no speaker with their count.

        Raises
        ------
        kg.rdf.store.StoreInUse
            A build (or a remove) is writing the store folder.
        """
        text = sparql.rstrip()
        if text.endswith(";"):  # an update may end with its separator
            text = text[:-1]
        with open_store(self.location, timeout=self.timeout) as store:
            store.update("\n;\n".join([text, *recount_ops()]))
