"""Peak memory of ``kg build`` as the corpus grows: it must not grow with the corpus.

    python bench/bench_memory.py [--sizes 1000,10000] [--processes 1]
    python bench/bench_memory.py --sizes 10000 --steps 10   # ten builds into one store

For each size, writes that many synthetic articles (:func:`synth.texts`, about 80 words
each) to one JSON-lines file and times a fresh ``kg build`` of it into a new store,
reading that process's peak resident memory (``ru_maxrss`` from ``os.wait4``). With
``--processes 2`` the figure is the parent's (each worker's is about one pipeline).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from synth import texts

KG = str(Path(sys.executable).parent / "kg")


def build(corpus: Path, store: Path, processes: str) -> tuple[float, float, str]:
    """One ``kg build`` of ``corpus`` into ``store``: seconds, peak MB, its last line."""
    command = [KG, "build", str(corpus), "--store", str(store), "--no-progress"]
    command += ["--processes", processes]
    t0 = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    summary = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    secs = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"kg build failed ({os.waitstatus_to_exitcode(status)}): {summary}")
    return secs, usage.ru_maxrss / 1024, summary.strip().splitlines()[-1]


def steps(size: int, parts: int, processes: str) -> None:
    """Build ``size`` articles into one store in ``parts`` builds, each adding the next
    part: each build's rate against the first's shows whether adding to a store costs
    more as the store grows (issue 12: within 15%)."""
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "store"
        records = list(texts(size))
        per = size // parts
        rates = []
        for k in range(parts):
            corpus = Path(tmp) / f"part-{k}.jsonl"
            with open(corpus, "w", encoding="utf-8") as out:
                for record in records[k * per : (k + 1) * per]:
                    out.write(json.dumps(record) + "\n")
            secs, peak, written = build(corpus, store, processes)
            rates.append(per / secs)
            print(
                f"part {k + 1:>2}/{parts}: articles {k * per + 1:>6}-{(k + 1) * per:<6} "
                f"peak {peak:6.0f} MB, {secs:6.1f} s ({rates[-1]:5.1f} articles/s); {written}",
                flush=True,
            )
        print(f"last part's rate / first part's: {rates[-1] / rates[0]:.3f} (target >= 0.85)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--processes", default="1")
    ap.add_argument(
        "--steps",
        type=int,
        default=0,
        help="instead: build the first size in this many builds into one store",
    )
    args = ap.parse_args()
    if args.steps:
        steps(int(args.sizes.split(",")[0]), args.steps, args.processes)
        return
    measured = []
    for size in map(int, args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            corpus = Path(tmp) / "corpus.jsonl"
            with open(corpus, "w", encoding="utf-8") as out:
                for record in texts(size):
                    out.write(json.dumps(record) + "\n")
            secs, peak, written = build(corpus, Path(tmp) / "store", args.processes)
            print(
                f"{size:>6} articles: peak {peak:6.0f} MB, "
                f"{secs:6.1f} s ({size / secs:5.1f} articles/s); {written}",
                flush=True,
            )
            measured.append((size, size / secs, peak))
    if len(measured) > 1:
        (small, rate0, peak0), (large, rate1, peak1) = measured[0], measured[-1]
        print(
            f"rate at {large:,} / at {small:,}: {rate1 / rate0:.3f} (target >= 0.85); "
            f"peak: {peak1 / peak0:.3f} (target <= 1.15)"
        )


if __name__ == "__main__":
    main()
