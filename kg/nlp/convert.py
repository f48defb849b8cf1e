"""From a processed spaCy ``Doc`` to the plain records of ``kg.model``."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import replace

from spacy.tokens import Doc, Token

from kg.model import DESCRIPTION, Claim, Document, Entity, Extraction, Mention, Quantity
from kg.nlp.attribution import ResolvedClaim
from kg.nlp.dates import claim_date, date_expressions
from kg.nlp.entities import description_label
from kg.nlp.quantities import find_quantities
from kg.nlp.rules import active as lx
from kg.nlp.titles import read_title


def _claim_date(doc: Doc, c: ResolvedClaim, published: str | None) -> tuple[str | None, str | None]:
    """(date, the words it rests on) of a claim: a date in its reporting clause (the cue's
    sentence outside the content: ``said on Friday``, ``Three weeks ago, ... estimated``),
    resolved against the publication date; else the publication date."""
    if c.cue_start is None:
        return published, None
    cue = doc.char_span(c.cue_start, c.cue_end, alignment_mode="expand")
    if cue is None:
        return published, None
    sent = cue.sent
    cache = doc.user_data.setdefault("kg_dates", {})
    if sent.start not in cache:
        if "kg_date_ents" not in doc.user_data:  # doc.ents builds every span on each access
            doc.user_data["kg_date_ents"] = [e for e in doc.ents if e.label_ == "DATE"]
        cache[sent.start] = date_expressions(sent, doc.user_data["kg_date_ents"])
    outside = [
        e
        for e in cache[sent.start]
        if (e[2] <= c.start or e[1] >= c.end) and _dates_the_cue(doc, e, cue.root)
    ]
    found = claim_date(outside, published)
    if found is not None:
        return found.iso, found.text
    unresolved = outside[0][0] if outside and published is None else None
    return published, unresolved


def _dates_the_cue(doc: Doc, expression: tuple[str, int, int], cue: Token) -> bool:
    """A date expression says when the claim was made only if it modifies the cue (or the
    verb a chained cue continues) through adverbials alone: ``said on Friday``, ``Three
    weeks ago, ... estimated``, not ``Looking to 2018, X said``."""
    span = doc.char_span(expression[1], expression[2], alignment_mode="expand")
    if span is None:
        return False
    targets = {cue.i, cue.head.i} if cue.dep_ in ("advcl", "xcomp", "conj") else {cue.i}
    tok = span.root
    while tok.head.i != tok.i:
        if tok.dep_ not in lx.DATE_PATH_DEPS:
            return False
        tok = tok.head
        if tok.i in targets:
            return True
    return False


def _about(doc: Doc, q: Quantity, entity_at: dict[int, int]) -> str | None:
    """The entity a number is about, where the sentence ties it to the counted noun."""
    span = doc.char_span(q.start, q.end, alignment_mode="expand")
    if span is None:
        return None
    noun = span[-1].head if span[-1].dep_ == "nummod" else span.root.head
    for mod in noun.children:  # "1,000 ISIS terrorists"
        if mod.dep_ == "compound" and mod.i in entity_at:
            return f"e{entity_at[mod.i]}"
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ in lx.ABOUT_PREPS:
            for pobj in prep.children:
                if pobj.dep_ == "pobj" and pobj.i in entity_at:
                    return f"e{entity_at[pobj.i]}"
    return None


def to_extraction(doc: Doc, document: Document) -> Extraction:
    """Read ``doc._.entities`` and ``doc._.claims`` into an :class:`Extraction`.

    Offsets are offsets into ``document.text``: the pipeline reads a text of the same
    length (see ``prepare_text``), so they carry over unchanged.
    """
    text = document.text
    clusters = doc._.entities or []
    entity_at = doc._.entity_at or {}
    claims = doc._.claims or []
    used = {c.speaker for c in claims}
    entities: list[Entity] = []
    spoken: dict[int, list[tuple[int, int]]] = {}
    for c in claims:
        spoken.setdefault(c.speaker, []).append((c.speaker_start, c.speaker_end))
    places = {e: text[s:e] for cl in clusters if cl.cls == "Place" for s, e in cl.mentions}
    for n, cl in enumerate(clusters):
        if not cl.mentions and n not in used:
            continue
        key = f"e{n}"
        mentions = tuple(Mention(document.id, s, e, text[s:e], key) for s, e in cl.mentions)
        # an entity the article only describes is labelled by its fullest description
        label = cl.label if cl.named else description_label(cl, text, spoken.get(n, []), places)
        names = tuple(dict.fromkeys([label, *cl.names]))
        titles = tuple(read_title(t, document.id, s, e) for t, s, e in cl.titles)
        described_as = None if cl.named else cl.described_as or DESCRIPTION
        entities.append(
            Entity(
                key,
                label,
                cl.cls,
                names,
                mentions,
                titles,
                generic=cl.generic or not cl.named,
                described_as=described_as,
            )
        )
    out: list[Claim] = []
    # every mention by start, to find a claim's mentions by bisection, not by trying all
    mentions = sorted((s, e, n) for n, cl in enumerate(clusters) for s, e in cl.mentions)
    starts = [s for s, _, _ in mentions]
    for c in claims:
        inside = {
            n
            for s, e, n in mentions[bisect_left(starts, c.start) : bisect_right(starts, c.end)]
            if e <= c.end and n != c.speaker
        }
        about = tuple(f"e{n}" for n in sorted(inside))
        content = doc.char_span(c.start, c.end, alignment_mode="expand")
        quantities = (
            tuple(replace(q, about=_about(doc, q, entity_at)) for q in find_quantities(content))
            if content is not None
            else ()
        )
        date, date_text = _claim_date(doc, c, document.date)
        out.append(
            Claim(
                doc_id=document.id,
                start=c.start,
                end=c.end,
                content=text[c.start : c.end],
                speaker=None if c.speaker is None else f"e{c.speaker}",
                speaker_start=c.speaker_start,
                speaker_end=c.speaker_end,
                cue=c.cue,
                kind=c.kind,
                cue_lemma=c.cue_lemma,
                act=c.act,
                cue_start=c.cue_start,
                cue_end=c.cue_end,
                date=date,
                date_text=date_text,
                about=about,
                quantities=quantities,
            )
        )
    return Extraction(document, entities, out)
