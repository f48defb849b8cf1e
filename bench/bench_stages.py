"""CPU seconds of each stage of our extraction on real articles, beside bare spaCy's.

    python bench/bench_stages.py [--articles ../shared/devnews/articles]

Runs the texts stage by stage (the tokenizer, then each pipe over all documents in
batches of 16, then the conversion to records) through bare spaCy and through
``load_pipeline``'s pipeline, timing each stage in CPU seconds of this process
(``time.process_time``), which other work on a shared machine disturbs less than wall
time. Prints both columns and the ratio of the totals, bare / ours.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import spacy

from kg.documents import read_documents
from kg.nlp import DEFAULT_MODEL, load_pipeline
from kg.nlp.convert import to_extraction
from kg.nlp.pipeline import _make_doc, prepare_text

HERE = Path(__file__).resolve().parent
DEFAULT_ARTICLES = HERE.parent.parent / "shared" / "devnews" / "articles"


def stages(nlp, docs, texts, convert: bool) -> dict[str, float]:
    out = {}
    start = time.process_time()
    made = [_make_doc(nlp, t) for t in texts]
    out["tokenizer"] = time.process_time() - start
    for name, proc in nlp.pipeline:
        start = time.process_time()
        if hasattr(proc, "pipe"):
            made = list(proc.pipe(made, batch_size=16))
        else:
            made = [proc(d) for d in made]
        out[name] = time.process_time() - start
    if convert:
        start = time.process_time()
        for doc, document in zip(made, docs, strict=True):
            to_extraction(doc, document)
        out["to_extraction"] = time.process_time() - start
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=Path, default=DEFAULT_ARTICLES)
    args = ap.parse_args()
    docs = list(read_documents([args.articles]))
    texts = [prepare_text(d.text) for d in docs]
    bare = stages(spacy.load(DEFAULT_MODEL), docs, texts, convert=False)
    ours = stages(load_pipeline(DEFAULT_MODEL), docs, texts, convert=True)
    print(f"{len(docs)} articles from {args.articles}; CPU seconds")
    print(f"  {'stage':<16} {'bare':>7} {'ours':>7}")
    for name in dict.fromkeys([*bare, *ours]):
        b, o = (f"{t[name]:7.2f}" if name in t else "" for t in (bare, ours))
        print(f"  {name:<16} {b:>7} {o:>7}")
    tb, to = sum(bare.values()), sum(ours.values())
    print(f"  {'total':<16} {tb:7.2f} {to:7.2f}   ratio bare / ours: {tb / to:.3f}")


if __name__ == "__main__":
    main()
