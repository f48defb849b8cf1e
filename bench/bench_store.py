"""Triples per second written through ``kg``'s write path: embedded store against server.

    python bench/bench_store.py [--articles 1000]

Writes the same synthetic articles (:func:`synth.extractions`, about 240 triples each)
through :func:`make_graph.load` (resolve, map, one SPARQL update per
:data:`kg.api.WRITE_BATCH` articles) into (1) an embedded store in a temporary folder and
(2) an ``oxigraph serve`` started on a free loopback port, also on a temporary folder.
Prints triples/s of each.
"""

from __future__ import annotations

import argparse
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from make_graph import load

from kg.rdf.store import LocalStore, SparqlStore


@contextmanager
def oxigraph_server(location: Path) -> Iterator[str]:
    """Run ``oxigraph serve`` on a free port of 127.0.0.1; yield its URL; stop it."""
    binary = Path(sys.executable).parent / "oxigraph"
    binary = str(binary) if binary.exists() else shutil.which("oxigraph")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        [binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{url}/query?query=ASK%7B%7D", timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"oxigraph serve did not start at {url}") from None
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=1000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        with LocalStore(Path(tmp) / "embedded", create=True) as store:
            embedded = load(store, args.articles)
        with oxigraph_server(Path(tmp) / "server") as url, SparqlStore(url) as store:
            server = load(store, args.articles)
    print(f"{args.articles} articles, {embedded['triples']:,} triples, batches of 32 articles")
    for name, r in (("embedded", embedded), ("server", server)):
        rate = r["triples"] / r["write_s"]
        print(f"  {name:<9} {r['write_s']:6.1f} s  {rate:>9,.0f} triples/s")


if __name__ == "__main__":
    main()
