"""From a processed spaCy ``Doc`` to the plain records of ``kg.model``."""

from __future__ import annotations

from spacy.tokens import Doc

from kg.model import Claim, Document, Entity, Extraction, Mention, Title


def to_extraction(doc: Doc, document: Document) -> Extraction:
    """Read ``doc._.entities`` and ``doc._.claims`` into an :class:`Extraction`.

    Offsets are offsets into ``document.text``: the pipeline reads a text of the same
    length (see ``prepare_text``), so they carry over unchanged.
    """
    text = document.text
    clusters = doc._.entities or []
    claims = doc._.claims or []
    used = {c.speaker for c in claims}
    entities: list[Entity] = []
    for n, cl in enumerate(clusters):
        if not cl.mentions and n not in used:
            continue
        key = f"e{n}"
        mentions = tuple(Mention(document.id, s, e, text[s:e], key) for s, e in cl.mentions)
        names = tuple(dict.fromkeys([cl.label] + [m.text for m in mentions]))
        titles = tuple(Title(t, document.id, s, e) for t, s, e in cl.titles)
        entities.append(Entity(key, cl.label, cl.cls, names, mentions, titles))
    out: list[Claim] = []
    for c in claims:
        about = tuple(
            f"e{n}" for n, cl in enumerate(clusters)
            if n != c.speaker and any(c.start <= s and e <= c.end for s, e in cl.mentions)
        )
        out.append(Claim(
            doc_id=document.id, start=c.start, end=c.end, content=text[c.start:c.end],
            speaker=f"e{c.speaker}", speaker_start=c.speaker_start,
            speaker_end=c.speaker_end, cue=c.cue, kind=c.kind, cue_lemma=c.cue_lemma,
            cue_start=c.cue_start, cue_end=c.cue_end,
            date=document.date, about=about,
        ))
    return Extraction(document, entities, out)
