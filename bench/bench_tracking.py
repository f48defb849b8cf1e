"""Does tracking cost more as the store grows? Rows looked up and CPU per block of articles.

    python bench/bench_tracking.py [--articles 3200] [--block 640] [--store /tmp/kg-tracking]

Records ``--articles`` synthetic extraction records (:func:`synth.extractions`, no spaCy)
into a new store and derives them as ``kg build`` does (``make_graph.py``'s path), and
prints, for each block of ``--block`` articles derived, the stored claims the tracker's
LSH look-ups returned per article (:meth:`kg.rdf.store.Store.claims_sharing_keys`), the
CPU seconds of those look-ups and of the whole block. CPU time, not wall time, so that a
busy machine moves the figures less. Flat columns mean a cost that does not grow with
the store (issue 12 item 1).
"""

from __future__ import annotations

import argparse
import shutil
import time

from synth import extractions

import kg.derive
from kg.api import WRITE_BATCH, _batches
from kg.derive import derive, record
from kg.rdf.store import Store, open_store


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=3200)
    ap.add_argument("--block", type=int, default=640)
    ap.add_argument("--store", default="/tmp/kg-tracking")
    args = ap.parse_args()

    seen = {"rows": 0, "lookup": 0.0}
    lookup = Store.claims_sharing_keys

    def counted(self, keys, before=None):
        t = time.process_time()
        rows = list(lookup(self, keys, before))
        seen["rows"] += len(rows)
        seen["lookup"] += time.process_time() - t
        return rows

    Store.claims_sharing_keys = counted
    write = kg.derive._write
    block = {"done": 0, "cpu": time.process_time(), "rows": 0, "lookup": 0.0}

    def timed_write(st, units, *a, **k):
        write(st, units, *a, **k)
        block["done"] += len(units)
        if block["done"] % args.block == 0:
            now = time.process_time()
            rows = (seen["rows"] - block["rows"]) / args.block
            print(
                f"{block['done']:>7} articles: {rows:7.1f} rows/article, look-ups "
                f"{seen['lookup'] - block['lookup']:5.1f} s, block {now - block['cpu']:5.1f} s CPU",
                flush=True,
            )
            block.update(cpu=now, rows=seen["rows"], lookup=seen["lookup"])

    kg.derive._write = timed_write
    shutil.rmtree(args.store, ignore_errors=True)
    with open_store(args.store, create=True) as st:
        start = None
        for batch in _batches(extractions(args.articles), WRITE_BATCH):
            _, start = record(st, batch, start)
        derive(st, start)


if __name__ == "__main__":
    main()
