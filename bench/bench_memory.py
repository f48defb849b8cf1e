"""Peak memory of ``kg build`` as the corpus grows: it must not grow with the corpus.

    python bench/bench_memory.py [--sizes 1000,10000] [--processes 1]

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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--processes", default="1")
    args = ap.parse_args()
    for size in map(int, args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            corpus = Path(tmp) / "corpus.jsonl"
            with open(corpus, "w", encoding="utf-8") as out:
                for record in texts(size):
                    out.write(json.dumps(record) + "\n")
            command = [
                KG,
                "build",
                str(corpus),
                "--store",
                str(Path(tmp) / "store"),
                "--no-progress",
                "--processes",
                args.processes,
            ]
            t0 = time.perf_counter()
            process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
            summary = process.stdout.read()
            _, status, usage = os.wait4(process.pid, 0)
            process.returncode = os.waitstatus_to_exitcode(status)
            secs = time.perf_counter() - t0
            if process.returncode != 0:
                raise SystemExit(f"kg build failed ({process.returncode}): {summary}")
            written = summary.strip().splitlines()[-1]
            print(
                f"{size:>6} articles: peak {usage.ru_maxrss / 1024:6.0f} MB, "
                f"{secs:6.1f} s ({size / secs:5.1f} articles/s); {written}"
            )


if __name__ == "__main__":
    main()
