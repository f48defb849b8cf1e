"""Write a synthetic graph (default about 1M triples) through the real build path.

    python bench/make_graph.py [--articles 4500] [--store bench/.data/graph-1m] [--no-load]

Synthetic extraction records (:func:`synth.extractions`: no spaCy) are recorded in the
store in batches of :data:`kg.api.WRITE_BATCH` (:func:`kg.derive.record`) and the graph
derived from them (:func:`kg.derive.derive`: resolution, tracking, mapping and writing),
exactly as ``kg build`` does after spaCy. Prints the time recording and deriving took,
and triples written per second. Into a new store derivation loads the graph (see
:class:`kg.derive.Derivation`); ``--no-load`` derives it article by article as into a
store that holds articles, to compare the two. The store (a folder, or a SPARQL
endpoint URL) feeds ``bench_queries.py`` and ``bench_export.py``.
"""

from __future__ import annotations

import argparse
import time

from synth import extractions

from kg.api import WRITE_BATCH, _batches
from kg.derive import derive, record
from kg.rdf.store import open_store


def load(store, articles: int, seed: int = 0, bulk: bool = True) -> dict[str, float]:
    """Record and derive ``articles`` synthetic articles; return counts and seconds."""
    before = len(store)
    start = store.stale_from()
    t0 = time.perf_counter()
    for batch in _batches(extractions(articles, seed), WRITE_BATCH):
        _, start = record(store, batch, start)
    t1, c1 = time.perf_counter(), time.process_time()
    derived = derive(store, start, load=bulk)
    t2, c2 = time.perf_counter(), time.process_time()
    return {
        "triples": len(store) - before,
        "entities": derived.entities,
        "record_s": t1 - t0,
        "derive_s": t2 - t1,
        "derive_cpu_s": c2 - c1,  # this process's threads: less shaken by a busy machine
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=4500)
    ap.add_argument("--store", default="bench/.data/graph-1m")
    ap.add_argument(
        "--no-load", action="store_true", help="derive article by article, not by loading"
    )
    args = ap.parse_args()
    with open_store(args.store, create=True) as store:
        r = load(store, args.articles, bulk=not args.no_load)
        total = len(store)
    print(f"{args.articles} articles -> {r['triples']:,} triples ({total:,} in {args.store})")
    print(f"  record: {r['record_s']:.1f} s ({args.articles / r['record_s']:,.0f} articles/s)")
    print(
        f"  derive: {r['derive_s']:.1f} s ({r['derive_cpu_s']:.1f} s CPU), "
        f"{r['entities']:,} entities, "
        f"{r['triples'] / r['derive_s']:,.0f} triples/s (resolution, tracking, mapping, "
        f"{'SPARQL updates' if args.no_load else 'loading'}; target >= 100,000)"
    )


if __name__ == "__main__":
    main()
