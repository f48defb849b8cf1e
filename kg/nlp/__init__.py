"""spaCy stage: Document -> Extraction (entities, mentions, claims).

Public API: ``load_pipeline(model)`` and ``extract(nlp, documents)``. They are imported on
first use, so that the plain-Python modules here (``kg.nlp.rules``, ``kg.nlp.titles``)
can be used without importing spaCy, which takes seconds.
"""

from __future__ import annotations

__all__ = ["DEFAULT_MODEL", "extract", "load_pipeline"]


def __getattr__(name: str):
    if name in __all__:
        from kg.nlp import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'kg.nlp' has no attribute {name!r}")
