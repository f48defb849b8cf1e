"""The robustness property of tests/test_robustness.py on thousands of generated texts.

    python bench/fuzz_pipeline.py [--texts 3000] [--seed 0] [--shrink] [--model NAME]

Draws news-like texts (tests/newslike.py: quotes of every kind and balance, names with
apostrophes and titles, line breaks, stray marks, emoji, control characters), extracts
each on its own, and checks that nothing raises and that every claim, mention, title and
quantity reads back from its offsets. Prints how many texts and records were checked,
the failures found grouped by kind (the error's type and where in kg it was raised, or
the offset fault), the shortest text of each kind, and the time taken. With
``--shrink``, hypothesis also reduces each kind's text to a minimal one.

Exit status 1 if any text failed.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, Phase, find, given, seed, settings

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # for tests.newslike, shared with the test suite

from kg.model import Document  # noqa: E402
from kg.nlp import DEFAULT_MODEL, extract, load_pipeline  # noqa: E402
from tests.newslike import news_texts, offset_faults  # noqa: E402


def check(nlp, text: str) -> tuple[str | None, int, int]:
    """(the kind of failure or None, claims checked, mentions checked) for one text."""
    document = Document("fuzz.txt", text)
    try:
        [extraction] = extract(nlp, [document])
    except Exception as e:
        frames = [f for f in traceback.extract_tb(e.__traceback__) if "/kg/" in f.filename]
        where = f" at {Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""
        return f"{type(e).__name__}{where}", 0, 0
    faults = offset_faults(document, extraction)
    claims = len(extraction.claims)
    mentions = sum(len(e.mentions) for e in extraction.entities)
    if faults:
        return "offset: " + faults[0].split(" ")[0], claims, mentions
    return None, claims, mentions


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--texts", type=int, default=3000, help="texts to generate")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--shrink", action="store_true", help="minimise a text of each kind")
    ap.add_argument("--model", default=DEFAULT_MODEL)
    args = ap.parse_args()

    nlp = load_pipeline(args.model)
    counts = Counter()
    kinds: Counter[str] = Counter()
    shortest: dict[str, str] = {}
    started = time.perf_counter()

    @seed(args.seed)
    @settings(
        max_examples=args.texts,
        phases=[Phase.generate],  # every text counted, none shrunk: this is a survey
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(text=news_texts())
    def survey(text: str) -> None:
        kind, claims, mentions = check(nlp, text)
        counts["texts"] += 1
        counts["claims"] += claims
        counts["mentions"] += mentions
        counts["characters"] += len(text)
        if kind is not None:
            kinds[kind] += 1
            if kind not in shortest or len(text) < len(shortest[kind]):
                shortest[kind] = text

    survey()
    secs = time.perf_counter() - started
    failed = sum(kinds.values())
    print(
        f"{counts['texts']} texts ({counts['characters']:,} characters), "
        f"{counts['claims']} claims and {counts['mentions']} mentions checked, "
        f"{failed} texts failed, in {secs:.0f} s"
    )
    for kind, n in kinds.most_common():
        text = shortest[kind]
        if args.shrink:
            text = find(
                news_texts(),
                lambda t, kind=kind: check(nlp, t)[0] == kind,
                settings=settings(
                    database=None,
                    deadline=None,
                    max_examples=2000,
                    suppress_health_check=list(HealthCheck),
                ),
            )
        print(f"  {n:>5}  {kind}\n         {text!r}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
