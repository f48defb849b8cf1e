"""spaCy stage: Document -> Extraction (entities, mentions, claims).

Public API: ``load_pipeline(model)`` and ``extract(nlp, documents)``.
"""

from kg.nlp.pipeline import DEFAULT_MODEL, extract, load_pipeline

__all__ = ["DEFAULT_MODEL", "extract", "load_pipeline"]
