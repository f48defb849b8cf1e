"""Starting `kg serve` for a test: on a free port of this machine (``--port 0``), waited
for until it answers."""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.request

#: Seconds a server is waited for to answer, at most: long, for a busy machine.
WAIT = 120


def http_get(url: str, accept: str = "*/*", timeout: float = WAIT) -> bytes:
    """The body of ``url``, asked for as ``accept``, reached without any proxy."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    request = urllib.request.Request(url, headers={"Accept": accept})
    with opener.open(request, timeout=timeout) as response:
        return response.read()


def start_server(store, *options: str) -> tuple[subprocess.Popen, str]:
    """`kg serve --store STORE --port 0 OPTIONS...` once it answers: the process and the
    URL it says it serves at (``http://127.0.0.1:PORT/``, a free port)."""
    server = subprocess.Popen(
        [sys.executable, "-m", "kg.cli", "serve", "--store", str(store), "--port", "0"]
        + list(options),
        stderr=subprocess.PIPE,
        text=True,
    )
    line = server.stderr.readline()
    if not line.startswith("kg serve: http://"):
        server.kill()
        raise RuntimeError(f"kg serve did not start: {line}{server.stderr.read()}")
    base = line.split()[2]
    deadline = time.monotonic() + WAIT
    while True:
        try:
            http_get(base, "text/html", timeout=5)
            return server, base
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                raise RuntimeError(f"kg serve did not answer: {server.stderr.read()}") from None
            time.sleep(0.2)


def stop_server(server: subprocess.Popen) -> None:
    server.terminate()
    server.wait(timeout=60)


def counted(store, sparql: str) -> int:
    """The number ``sparql`` counts, read from the store without any server."""
    from kg import api

    return int(api.query(store, sparql).rows[0][0])


def mattis_claims(store) -> int:
    """How many claims James Mattis makes in ``store``, as it holds them: what kg serve
    must show for him."""
    return counted(
        store,
        "SELECT (COUNT(?c) AS ?n) WHERE { ?c a schema:Claim ; "
        "prov:wasAttributedTo <https://w3id.org/claimkg/id/entity/person/james-mattis> }",
    )
