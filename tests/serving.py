"""Starting `kg serve` for a test: on a free port of this machine, waited for until it
answers."""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.request

from kg.rdf.server import free_port

#: Seconds a server is waited for to answer, at most: long, for a busy machine.
WAIT = 120


def http_get(url: str, accept: str = "*/*", timeout: float = WAIT) -> bytes:
    """The body of ``url``, asked for as ``accept``, reached without any proxy."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    request = urllib.request.Request(url, headers={"Accept": accept})
    with opener.open(request, timeout=timeout) as response:
        return response.read()


def start_server(store, *options: str) -> tuple[subprocess.Popen, str]:
    """`kg serve --store STORE OPTIONS...` on a free port, once it answers: the process
    and the server's URL (``http://127.0.0.1:PORT/``)."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "kg.cli", "serve", "--store", str(store), "--port", str(port)]
        + list(options),
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + WAIT
    while True:
        try:
            http_get(base, "text/html", timeout=5)
            return server, base
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                raise RuntimeError(f"kg serve did not start: {server.stderr.read()}") from None
            time.sleep(0.2)


def stop_server(server: subprocess.Popen) -> None:
    server.terminate()
    server.wait(timeout=60)
