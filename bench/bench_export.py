"""Seconds to export a large graph (by default the ~1M-triple synthetic one) to GraphML.

    python bench/make_graph.py                # once: bench/.data/graph-1m
    python bench/bench_export.py [--store bench/.data/graph-1m] [--format graphml]

Times :func:`kg.api.export` end to end (queries, layout, writing the file), and the
layout on its own, and prints the size of the network and of the file.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from kg import api
from kg.export.graphml import build_graph, layout
from kg.rdf.store import open_store


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", default="bench/.data/graph-1m")
    ap.add_argument("--format", default="graphml")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp, open_store(args.store, read_only=True) as store:
        out = Path(tmp) / f"graph.{args.format}"
        t0 = time.perf_counter()
        api.export(store, args.format, out)
        total = time.perf_counter() - t0
        size = out.stat().st_size
        print(f"{args.store}: {len(store):,} triples")
        print(f"  {args.format}: {total:.1f} s, {size / 1e6:.0f} MB")
        if args.format == "graphml":
            g = build_graph(store)
            t0 = time.perf_counter()
            layout(g)
            print(
                f"  network: {len(g):,} nodes, {g.number_of_edges():,} edges; "
                f"layout alone {time.perf_counter() - t0:.1f} s"
            )


if __name__ == "__main__":
    main()
