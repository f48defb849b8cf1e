"""The whole `kg build` of real articles against bare spaCy on the same texts, in one run.

    python bench/bench_build.py [--articles ../shared/devnews/articles] [--runs 1,2]

Times, each from start to finish on the same texts (by default the 253 development
articles):

- bare spaCy: ``spacy.load`` of the default pipeline and ``nlp.pipe`` over the texts,
  in this process (the model load counted, as a build counts its own);
- ``kg build DIR --processes 1`` into a new store: a fresh ``kg`` process timed from start
  to exit (loading spaCy, reading, extracting, recording, resolving, tracking, writing);
- ``kg build DIR --processes 2`` the same way.

Prints each wall time, the ratio bare / ``kg build`` (target >= 0.85: the build costs at
most a sixth more than spaCy alone) and the speed-up of two processes over one (target
>= 1.7 on 2 cores).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_ARTICLES = HERE.parent.parent / "shared" / "devnews" / "articles"
KG = str(Path(sys.executable).parent / "kg")


def bare_spacy(texts: list[str], batch_size: int) -> float:
    """Seconds to load the default pipeline and run ``nlp.pipe`` over ``texts``."""
    import spacy

    from kg.nlp import DEFAULT_MODEL

    start = time.perf_counter()
    nlp = spacy.load(DEFAULT_MODEL)
    for _ in nlp.pipe(texts, batch_size=batch_size):
        pass
    return time.perf_counter() - start


def kg_build(folder: Path, store: Path, processes: int, batch_size: int) -> float:
    start = time.perf_counter()
    subprocess.run(
        [KG, "build", str(folder), "--store", str(store), "--no-progress"]
        + ["--processes", str(processes), "--batch-size", str(batch_size)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=Path, default=DEFAULT_ARTICLES)
    ap.add_argument("--runs", default="1,2", help="process counts of kg build to time")
    ap.add_argument("--batch-size", type=int, default=16)
    args = ap.parse_args()
    files = sorted(p for p in args.articles.rglob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in files]
    words = sum(len(t.split()) for t in texts)
    print(f"{len(texts)} articles, {words:,} words, from {args.articles}")
    bare = bare_spacy(texts, args.batch_size)
    print(f"  bare spaCy (load + nlp.pipe)   {bare:6.1f} s")
    times = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in (int(r) for r in args.runs.split(",")):
            times[n] = kg_build(args.articles, Path(tmp) / f"store-{n}", n, args.batch_size)
            print(f"  kg build --processes {n}        {times[n]:6.1f} s")
    if 1 in times:
        print(f"  ratio bare / kg build: {bare / times[1]:.3f} (target >= 0.85)")
    if 1 in times and 2 in times:
        print(f"  --processes 2 speed-up: {times[1] / times[2]:.2f}x (target >= 1.7)")


if __name__ == "__main__":
    main()
