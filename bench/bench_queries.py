"""Latency of each named query on a large graph (by default the ~1M-triple synthetic one).

    python bench/make_graph.py                # once: bench/.data/graph-1m
    python bench/bench_queries.py [--store bench/.data/graph-1m] [--runs 5]

Runs every query :func:`kg.query.named_queries` lists (so queries added later are timed
too) through :func:`kg.query.run_named`, once to warm up and then ``--runs`` times, and
prints the median and worst time of each next to its target: 100 ms (issue 12), and
300 ms for ``claims-by-speaker`` of the busiest speaker (the first of ``top-speakers``),
timed last. Parameters get the values in :data:`DEFAULTS` (a speaker and an organisation
of middling frequency in the synthetic graph, about 150 claims each), or ``--param
KEY=VALUE`` (``speaker=Mattis`` matches the 30 Mattises, the busiest among them, and half
of all claims); ``tracked`` gets the id of the most repeated claim (the first of
``repeated-claims``); a parameter named nowhere gets :data:`FALLBACK`.
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

#: The target for claims-by-speaker with the busiest speaker's name.
BUSIEST_TARGET_MS = 300.0


def timed(store, name: str, params: dict[str, str], runs: int) -> tuple[float, float, int]:
    """(median ms, worst ms, rows) of ``runs`` runs of a named query, after one to warm up."""
    rows = len(run_named(store, name, params).rows)
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        run_named(store, name, params)
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), max(times), rows


def report(label: str, median: float, worst: float, rows: int, target: float) -> None:
    verdict = "ok" if median <= target else "over"
    print(
        f"  {label:<40} {median:8.1f} ms  (worst {worst:7.1f})  {rows:>6} rows  "
        f"target {target:.0f} ms: {verdict}"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", default="bench/.data/graph-1m")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--param", action="append", default=[], metavar="KEY=VALUE")
    args = ap.parse_args()
    values = {**DEFAULTS, **dict(p.split("=", 1) for p in args.param)}
    with open_store(args.store, read_only=True) as store:
        print(f"{args.store}: {len(store):,} triples; median and worst of {args.runs} runs")
        if "tracked" not in values:
            repeated = run_named(store, "repeated-claims")
            if repeated.rows:
                values["tracked"] = str(repeated.rows[0][repeated.columns.index("id")])
        for q in named_queries().values():
            params = {p: values.get(p, FALLBACK) for p in q.params}
            report(q.name, *timed(store, q.name, params, args.runs), TARGET_MS)
        top = run_named(store, "top-speakers")
        if top.rows:
            busiest = str(top.rows[0][top.columns.index("speaker")])
            label = f"claims-by-speaker, speaker={busiest}"
            params = {"speaker": busiest}
            report(label, *timed(store, "claims-by-speaker", params, args.runs), BUSIEST_TARGET_MS)


if __name__ == "__main__":
    main()
