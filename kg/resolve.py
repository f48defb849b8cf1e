"""Cross-document entity resolution (placeholder: one id per class and label)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from kg.model import Extraction


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


class Resolver:
    """Gives every entity of an extraction a corpus-wide id.

    ``known`` seeds it with entities already in the store: (id, cls, names).
    """

    def __init__(self, known: Iterable[tuple[str, str, Iterable[str]]] = ()):
        self.index: dict[tuple[str, str], str] = {}
        for eid, cls, names in known:
            for n in names:
                self.index.setdefault((cls, n.lower()), eid)

    def resolve(self, extraction: Extraction) -> Extraction:
        for e in extraction.entities:
            key = (e.cls, e.label.lower())
            e.id = self.index.setdefault(key, f"{e.cls.lower()}/{slug(e.label)}")
        return extraction
