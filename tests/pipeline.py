"""The spaCy pipeline with our components, loaded once for the whole test session."""

from __future__ import annotations

from functools import lru_cache

from kg.model import Document, Extraction
from kg.nlp import extract, load_pipeline


@lru_cache(maxsize=1)
def nlp():
    return load_pipeline()


def run(text: str, doc_id: str = "t.txt") -> Extraction:
    """Extract one text written for a test."""
    [result] = extract(nlp(), [Document(doc_id, text)])
    return result


def said(result: Extraction) -> list[tuple[str, str, str]]:
    """(speaker label, content, kind) of every claim, in text order."""
    return [(result.entity(c.speaker).label, c.content, c.kind) for c in result.claims]
