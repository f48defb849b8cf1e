"""Benchmark: ClaimIndex.add over synthetic claims, to show its cost grows linearly.

Claims are random sentences from a fixed word list (fixed seed); about one in ten is a
near-duplicate of an earlier claim by the same speaker, made by one small edit (a word
replaced, dropped or inserted). Claims are generated lazily, so memory is the index's own.

Usage::

    .venv/bin/python bench/bench_dedup.py                 # 10k, 100k and 1M claims
    .venv/bin/python bench/bench_dedup.py --sizes 10000 100000
"""

from __future__ import annotations

import argparse
import random
import resource
import time
from collections.abc import Iterator

from kg.tracking import ClaimIndex

WORDS = (
    "the coalition forces said ISIS fighters territory Iraq Syria military officials "
    "attack city control government security operation region support strike defence "
    "minister president army troops border week report killed people area group forces "
    "country war local united states russia turkey iran oil gas trucks targets civilians "
    "campaign offensive advance retreat commander base airstrike ground air police"
).split()
SPEAKERS = 2_000
DUPLICATE_SHARE = 0.1
RECENT = 10_000  # near-duplicates copy one of the last claims, as news repeats recent ones


def claims(n: int, seed: int = 1) -> Iterator[tuple[str, str, str, str, str]]:
    """``n`` synthetic claims as (claim_id, speaker_id, text, date, doc_id)."""
    rng = random.Random(seed)
    recent: list[tuple[str, list[str]]] = []
    for i in range(n):
        if recent and rng.random() < DUPLICATE_SHARE:
            speaker, words = rng.choice(recent)
            words = list(words)
            at = rng.randrange(len(words))
            edit = rng.randrange(3)
            if edit == 0:
                words[at] = rng.choice(WORDS)
            elif edit == 1 and len(words) > 12:
                del words[at]
            else:
                words.insert(at, rng.choice(WORDS))
        else:
            speaker = f"person/{rng.randrange(SPEAKERS)}"
            words = [rng.choice(WORDS) for _ in range(rng.randint(12, 30))]
        if len(recent) < RECENT:
            recent.append((speaker, words))
        else:
            recent[rng.randrange(RECENT)] = (speaker, words)
        day = 1 + i % 28
        yield f"c{i}", speaker, " ".join(words) + ".", f"2017-12-{day:02d}", f"doc{i // 20}"


def run(n: int) -> None:
    index = ClaimIndex()
    seconds = 0.0
    for claim in claims(n):
        start = time.perf_counter()
        index.add(*claim)
        seconds += time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{n:>9,} claims  {seconds:8.1f} s  {n / seconds:8,.0f} claims/s  "
        f"{seconds / n * 1e6:6.1f} us/claim  {len(index.clusters):>9,} tracked claims  "
        f"peak RSS {peak_mb:,.0f} MB",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="+",
        default=[10_000, 100_000, 1_000_000],
        help="numbers of claims to index, one fresh index each",
    )
    args = parser.parse_args()
    for n in args.sizes:
        run(n)


if __name__ == "__main__":
    main()
