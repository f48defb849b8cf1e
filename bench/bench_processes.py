"""Articles per second of ``kg build`` in 1 process against 2 (and on a local Dask cluster).

    python bench/bench_processes.py [--repeat 100] [--batch-size 16] [--runs 1,2,dask]

Builds the bundled example articles, repeated under distinct ids into one JSON-lines
file, into a new store with ``kg build --processes 1``, ``--processes 2`` and
``--engine dask`` (2 workers), each a fresh ``kg`` process timed from start to exit:
loading spaCy, starting workers and writing the store are all counted. Prints articles/s,
words/s and the speed-up over one process (target with 2 processes on 2 cores: >= 1.7).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ARTICLES = Path(__file__).resolve().parent.parent / "examples" / "articles"
KG = str(Path(sys.executable).parent / "kg")

RUNS = {
    "1": ["--processes", "1"],
    "2": ["--processes", "2"],
    "dask": ["--engine", "dask", "--processes", "2"],
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=100, help="copies of the example corpus")
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--runs", default="1,2,dask", help=f"which of {', '.join(RUNS)}")
    args = ap.parse_args()
    texts = [p.read_text(encoding="utf-8") for p in sorted(ARTICLES.glob("*.txt"))]
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        words = 0
        with open(corpus, "w", encoding="utf-8") as out:
            for n in range(args.repeat):
                for k, text in enumerate(texts):
                    out.write(json.dumps({"id": f"{n:04}-{k}", "text": text}) + "\n")
                    words += len(text.split())
        docs = args.repeat * len(texts)
        print(f"{docs} articles, {words:,} words, batch size {args.batch_size}")
        base = None
        for name in args.runs.split(","):
            command = [
                KG,
                "build",
                str(corpus),
                "--store",
                str(Path(tmp) / f"store-{name}"),
                "--no-progress",
                "--batch-size",
                str(args.batch_size),
                *RUNS[name],
            ]
            t0 = time.perf_counter()
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
            secs = time.perf_counter() - t0
            base = base or secs
            print(
                f"  {' '.join(RUNS[name]):<28} {secs:6.1f} s  {docs / secs:6.1f} articles/s  "
                f"{words / secs:8,.0f} words/s  x{base / secs:.2f}"
            )


if __name__ == "__main__":
    main()
