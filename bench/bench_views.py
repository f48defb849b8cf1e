"""Seconds to build each view of a large graph and write it as GEXF (default: the ~1M-triple
synthetic graph of make_graph.py).

    python bench/make_graph.py                # once: bench/.data/graph-1m
    python bench/bench_views.py [--store bench/.data/graph-1m] [--views speakers,...]

For each view: its size, the time of :func:`kg.export.views.build_view` end to end (SPARQL,
Louvain communities, layout), of the layout and of Louvain alone, and of writing GEXF.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from kg.export.gexf import write_gexf
from kg.export.graphml import layout
from kg.export.views import VIEWS, _communities, build_view
from kg.rdf.store import open_store


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", default="bench/.data/graph-1m")
    ap.add_argument("--views", default=",".join(VIEWS))
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp, open_store(args.store, read_only=True) as store:
        print(f"{args.store}: {len(store):,} triples")
        for view in args.views.split(","):
            t0 = time.perf_counter()
            g = build_view(store, view)
            built = time.perf_counter() - t0
            t0 = time.perf_counter()
            layout(g)
            laid = time.perf_counter() - t0
            t0 = time.perf_counter()
            _communities(g)
            louvain = time.perf_counter() - t0
            out = Path(tmp) / f"{view}.gexf"
            t0 = time.perf_counter()
            write_gexf(g, out)
            written = time.perf_counter() - t0
            print(
                f"  {view}: {len(g):,} nodes, {g.number_of_edges():,} edges; view {built:.1f} s "
                f"(layout {laid:.1f} s, Louvain {louvain:.1f} s); GEXF {written:.1f} s, "
                f"{out.stat().st_size / 1e6:.0f} MB"
            )


if __name__ == "__main__":
    main()
