"""Running a local Oxigraph SPARQL server over a store folder.

``oxigraph serve`` (the ``oxigraph`` package on PyPI) makes a store folder a SPARQL 1.1
endpoint that :class:`kg.rdf.store.SparqlStore` talks to; tests and benchmarks start one
on a free loopback port with :func:`oxigraph_server`.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kg.rdf.store import StoreError


def find_oxigraph() -> str | None:
    """The ``oxigraph`` binary beside this Python (a venv's bin folder) or on the PATH."""
    here = Path(sys.executable).parent / "oxigraph"
    return str(here) if here.exists() else shutil.which("oxigraph")


def free_port() -> int:
    """A TCP port of 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def oxigraph_server(location: str | Path, timeout: float = 30.0) -> Iterator[str]:
    """Run ``oxigraph serve`` on ``location`` at a free port of 127.0.0.1.

    Yields the server's URL (for ``--store``) once it answers, and stops it on exit.

    Raises
    ------
    StoreError
        The binary is missing (``pip install oxigraph``) or the server did not answer
        within ``timeout`` seconds.

    Examples
    --------
    >>> with oxigraph_server(tmp) as url:  # doctest: +SKIP
    ...     api.build(["examples/articles"], store=url)
    """
    binary = find_oxigraph()
    if binary is None:
        raise StoreError("the oxigraph server is not installed: pip install oxigraph")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        [binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                urllib.request.urlopen(f"{url}/query?query=ASK%7B%7D", timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise StoreError(
                        f"oxigraph serve did not answer at {url}: {process.stderr.read()!r}"
                    ) from None
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        process.stderr.close()
