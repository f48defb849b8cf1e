"""Latency of each named query on a large graph (by default the ~1M-triple synthetic one).

    python bench/make_graph.py                # once: bench/.data/graph-1m
    python bench/bench_queries.py [--store bench/.data/graph-1m] [--runs 5]

Runs every query :func:`kg.query.named_queries` lists (so queries added later are timed
too) through :func:`kg.query.run_named`, once to warm up and then ``--runs`` times, and
prints the median and worst time of each against the target of 100 ms. Parameters get
the values in :data:`DEFAULTS` (a speaker and an organisation of middling frequency in
the synthetic graph, about 150 claims each), or ``--param KEY=VALUE`` (``speaker=Mattis``
matches the 30 Mattises, the busiest among them, and half of all claims); a parameter
named nowhere gets :data:`FALLBACK`.
"""

from __future__ import annotations

import argparse
import statistics
import time

from kg.query import named_queries, run_named
from kg.rdf.store import open_store

#: Parameter values by name: a person and an organisation of ``synth.extractions`` with
#: about 150 claims each, an article, and the unit its numbers count.
DEFAULTS = {
    "speaker": "Ling Petrov",
    "entity": "Council of Health",
    "article": "synth-000042.txt",
    "thing": "deaths",
    "kind": "denial",
}

#: The value of any other parameter.
FALLBACK = "Mattis"

TARGET_MS = 100.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", default="bench/.data/graph-1m")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--param", action="append", default=[], metavar="KEY=VALUE")
    args = ap.parse_args()
    values = {**DEFAULTS, **dict(p.split("=", 1) for p in args.param)}
    with open_store(args.store, read_only=True) as store:
        print(f"{args.store}: {len(store):,} triples; median and worst of {args.runs} runs")
        for q in named_queries().values():
            params = {p: values.get(p, FALLBACK) for p in q.params}
            rows = len(run_named(store, q.name, params).rows)
            times = []
            for _ in range(args.runs):
                t0 = time.perf_counter()
                run_named(store, q.name, params)
                times.append((time.perf_counter() - t0) * 1000)
            median = statistics.median(times)
            verdict = "ok" if median <= TARGET_MS else f"over {TARGET_MS:.0f} ms"
            print(
                f"  {q.name:<22} {median:8.1f} ms  (worst {max(times):7.1f})  "
                f"{rows:>6} rows  {verdict}"
            )


if __name__ == "__main__":
    main()
