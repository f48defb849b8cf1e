"""How much work ``kg serve`` takes on at once: each query within a time limit, and no
more queries running than the machine has cores, those past their limit included.

Oxigraph cannot stop a query once it runs: one past its time limit is answered 503 and
goes on in its thread until it ends, its answer unused (as with ``kg query``, which exits
at the limit, but a server lives on). So each query holds a slot until it really ends;
a request that finds every slot taken waits for one up to the time limit, then is told
the server is busy, rather than piling up queries that would only slow each other.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from typing import TypeVar

from kg.query import QueryError, _within

T = TypeVar("T")

#: Queries running at once, those past their time limit included: one per core, as each
#: keeps a core busy while it runs (two at least).
QUERY_SLOTS = max(2, os.cpu_count() or 2)


class Overloaded(Exception):
    """A query stopped at its time limit, or not started: every slot was taken."""


class Limits:
    """Runs calls within ``timeout`` seconds each, at most ``slots`` at a time.

    Examples
    --------
    >>> Limits(timeout=5).run(lambda: 2 + 2)
    4
    """

    def __init__(self, timeout: float | None, slots: int = QUERY_SLOTS):
        self.timeout = timeout
        self.slots = slots
        self._free = threading.BoundedSemaphore(slots)

    def run(self, call: Callable[[], T]) -> T:
        """``call()``, in a thread of its own, waited for up to the time limit.

        Raises
        ------
        Overloaded
            ``call`` ran past the time limit (it goes on, holding its slot, until it
            ends), or no slot came free within the time limit.
        """
        if not self._free.acquire(timeout=self.timeout):
            raise Overloaded(
                f"the server is busy: all {self.slots} of its query slots are taken, perhaps "
                "by queries past their time limit (a query cannot be stopped once it runs); "
                "try again later"
            )

        def held() -> T:
            try:
                return call()
            finally:
                self._free.release()

        try:
            return _within(self.timeout, held)
        except QueryError as e:  # the time limit: the one QueryError _within raises
            raise Overloaded(str(e).replace("--timeout SECONDS", "kg serve --timeout")) from None
