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
import tempfile
from pathlib import Path

from make_graph import load

from kg.rdf.server import oxigraph_server
from kg.rdf.store import LocalStore, SparqlStore


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
