"""Write a synthetic graph (default about 1M triples) through the real build path.

    python bench/make_graph.py [--articles 4500] [--store bench/.data/graph-1m]

Synthetic extraction records (:func:`synth.extractions`: no spaCy) are resolved by
:class:`kg.resolve.Resolver`, tracked by :class:`kg.tracking.Tracker` against the store
and written with :meth:`Store.write_extractions` in batches of :data:`kg.api.WRITE_BATCH`,
exactly as ``kg build`` does. Prints the time resolution, tracking and writing took, and
triples written per second. The store (a folder, or a SPARQL
endpoint URL) feeds ``bench_queries.py`` and ``bench_export.py``.
"""

from __future__ import annotations

import argparse
import time

from synth import extractions

from kg.api import WRITE_BATCH, _batches
from kg.rdf.store import open_store
from kg.resolve import Resolver
from kg.tracking import Tracker


def load(store, articles: int, seed: int = 0) -> dict[str, float]:
    """Resolve and write ``articles`` synthetic articles; return counts and seconds."""
    resolver = Resolver(known=store.known_entities())
    tracker = Tracker(store.claims_sharing_keys)
    resolving = tracking = writing = 0.0
    before = len(store)
    for batch in _batches(extractions(articles, seed), WRITE_BATCH):
        t0 = time.perf_counter()
        for x in batch:
            resolver.resolve(x)
        t1 = time.perf_counter()
        tracked = tracker.track_batch(batch)
        t2 = time.perf_counter()
        store.write_extractions(batch, tracked)
        writing += time.perf_counter() - t2
        tracking += t2 - t1
        resolving += t1 - t0
    return {
        "triples": len(store) - before,
        "entities": len(resolver.labels),
        "resolve_s": resolving,
        "track_s": tracking,
        "write_s": writing,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=4500)
    ap.add_argument("--store", default="bench/.data/graph-1m")
    args = ap.parse_args()
    with open_store(args.store, create=True) as store:
        r = load(store, args.articles)
        total = len(store)
    print(f"{args.articles} articles -> {r['triples']:,} triples ({total:,} in {args.store})")
    print(
        f"  resolve: {r['entities']:,} entities, {r['resolve_s']:.2f} s "
        f"({args.articles / r['resolve_s']:,.0f} articles/s)"
    )
    print(f"  track:   {r['track_s']:.2f} s ({args.articles / r['track_s']:,.0f} articles/s)")
    print(
        f"  write:   {r['write_s']:.1f} s, {r['triples'] / r['write_s']:,.0f} triples/s "
        "(mapping + SPARQL update)"
    )


if __name__ == "__main__":
    main()
