"""Seconds to extract one long article, read in parts (kg.nlp.parts) and, for comparison,
whole.

    python bench/bench_long.py [--chars 1000000] [--whole 50000,100000,200000,400000]

The article is the Wikinews development articles (../shared/devnews, CC BY 2.5) one
after another, as often as it takes to reach ``--chars`` characters. ``kg.nlp.extract``
reads it in parts of at most ``PART_CHARS``; each ``--whole`` size is read as one text
(``nlp.max_length`` raised for it), which shows the time growing faster than the length
and why the parts are that long.
"""

from __future__ import annotations

import argparse
import itertools
import re
import time
from pathlib import Path

import kg.nlp.pipeline as pipeline
from kg.model import Document
from kg.nlp import DEFAULT_MODEL, extract, load_pipeline
from kg.nlp.parts import PART_CHARS, part_bounds

DEVNEWS = Path(__file__).resolve().parent.parent.parent / "shared" / "devnews" / "articles"


def long_text(chars: int) -> str:
    """``date`` header, then development articles (their own headers removed) until
    ``chars`` characters, cut there."""
    texts = []
    total = 0
    for path in itertools.cycle(sorted(DEVNEWS.glob("*.txt"))):
        texts.append(re.sub(r"\A\s*date\s+\S+\s*", "", path.read_text()).strip())
        total += len(texts[-1]) + 2
        if total > chars:
            break
    return ("date 2020-01-01\n" + "\n\n".join(texts))[:chars]


def timed(nlp, text: str) -> tuple[float, int]:
    start = time.perf_counter()
    [x] = extract(nlp, [Document("long.txt", text, date="2020-01-01")])
    return time.perf_counter() - start, len(x.claims)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--chars", type=int, default=1_000_000, help="length of the article")
    ap.add_argument("--whole", default="", help="sizes to read whole, comma-separated")
    ap.add_argument("--model", default=DEFAULT_MODEL)
    args = ap.parse_args()

    nlp = load_pipeline(args.model)
    timed(nlp, long_text(5_000))  # warm-up
    text = long_text(args.chars)
    seconds, claims = timed(nlp, text)
    parts = len(part_bounds(text, PART_CHARS))
    print(
        f"{len(text):,} chars in {parts} parts: {seconds:.1f} s, "
        f"{len(text) / seconds:,.0f} chars/s, {claims:,} claims"
    )
    for size in (int(s) for s in args.whole.split(",") if s):
        nlp.max_length = max(nlp.max_length, size + 1)
        whole = long_text(size)
        # read as one text: a limit above its length leaves it whole
        pipeline.PART_CHARS, saved = size + 1, pipeline.PART_CHARS
        try:
            seconds, claims = timed(nlp, whole)
        finally:
            pipeline.PART_CHARS = saved
        print(f"{size:,} chars whole: {seconds:.1f} s, {size / seconds:,.0f} chars/s")


if __name__ == "__main__":
    main()
