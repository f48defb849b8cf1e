"""Mapping an :class:`~kg.model.Extraction` to RDF triples.

The mapping is a pure function of its input: the same extraction always gives the same
triples, because every IRI is built from the article id, character offsets and the
corpus-wide entity id (no blank nodes, no counters). IRIs live under
``https://w3id.org/claimkg/id/``:

==========  ==========================================================================
article     ``article/<doc id>``  (the id percent-encoded: ``article/000_b24.txt``)
mention     ``article/<doc id>#char=<start>,<end>``  (NIF's offset-based fragment)
claim       ``claim/<doc id>/<start>-<end>``
quantity    ``claim/<doc id>/<start>-<end>/quantity/<start>-<end>``
title       ``title/<doc id>/<start>-<end>``
entity      ``entity/<entity id>``  (``entity/person/james-mattis``)
tracked     ``tracked/<hash>``  (:func:`kg.tracking.tracked_claim_id` of its first claim)
==========  ==========================================================================

Each claim is an appearance of a tracked claim (``ckg:trackedAs``): the one the tracking
stage gives it (:class:`kg.tracking.Tracker`), or else one of its own. The tracked claim's
``schema:firstAppearance`` and ``schema:text`` are those of its earliest claim in this
extraction; the store moves them to the earliest claim across articles. Each claim also
carries its LSH keys (``ckg:lshKey``, :func:`kg.tracking.lsh_keys` of its text and
speaker), by which later builds find the stored claims like a new one.

See ``ontology/kg.ttl`` for the terms.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import quote

from rdflib import Graph, Literal, URIRef

from kg.model import Claim, Entity, Extraction
from kg.rdf.namespaces import BASE, CKG, ITSRDF, NIF, PREFIXES, PROV, RDF, SDO, XSD
from kg.tracking import claim_key, lsh_keys, title_office, tracked_claim_id

#: The schema.org class of each entity class name used in :mod:`kg.model`.
ENTITY_CLASSES: dict[str, URIRef] = {
    "Person": SDO.Person,
    "Organization": SDO.Organization,
    "Place": SDO.Place,
}

#: What an unresolved claim's LSH keys are mixed with in place of a speaker id: they are
#: never looked up (tracking looks up claims through their speaker), but every claim has
#: keys, so that ``ensure_lsh_keys`` finds none missing.
UNRESOLVED_SPEAKER = "unresolved"

#: The concept (``ontology/kg.ttl``, ckg:AttributionKinds) of each attribution kind of
#: :data:`kg.model.ACTS`; the concept's ``skos:notation`` is the name used here.
ATTRIBUTION_KINDS: dict[str, URIRef] = {
    "statement": CKG.Statement,
    "question": CKG.Question,
    "denial": CKG.Denial,
    "call": CKG.Call,
    "accusation": CKG.Accusation,
    "promise": CKG.Promise,
    "warning": CKG.Warning,
    "announcement": CKG.Announcement,
    "confirmation": CKG.Confirmation,
    "belief": CKG.Belief,
    "finding": CKG.Finding,
    "according-to": CKG.AccordingTo,
}


def date_literal(value: str) -> Literal:
    """An ISO date as a typed literal of its granularity: ``2017`` an ``xsd:gYear``,
    ``2017-05`` an ``xsd:gYearMonth``, ``2017-05-04`` an ``xsd:date``.

    Examples
    --------
    >>> date_literal("2017-05").datatype == XSD.gYearMonth
    True
    """
    datatype = {4: XSD.gYear, 7: XSD.gYearMonth}.get(len(value), XSD.date)
    return Literal(value, datatype=datatype)


def article_iri(doc_id: str) -> URIRef:
    """IRI of the article with id ``doc_id``.

    Examples
    --------
    >>> str(article_iri("000 a.txt"))
    'https://w3id.org/claimkg/id/article/000%20a.txt'
    """
    return BASE[f"article/{quote(doc_id, safe='')}"]


def mention_iri(doc_id: str, start: int, end: int) -> URIRef:
    """IRI of the text between ``start`` and ``end`` of an article (NIF ``#char=``)."""
    return URIRef(f"{article_iri(doc_id)}#char={start},{end}")


def claim_iri(doc_id: str, start: int, end: int) -> URIRef:
    """IRI of the claim whose content spans ``start`` to ``end`` of an article."""
    return BASE[f"claim/{quote(doc_id, safe='')}/{start}-{end}"]


def title_iri(doc_id: str, start: int, end: int) -> URIRef:
    """IRI of the title attribution at ``start`` to ``end`` of an article."""
    return BASE[f"title/{quote(doc_id, safe='')}/{start}-{end}"]


def tracked_iri(tracked_id: str) -> URIRef:
    """IRI of the tracked claim with id ``tracked_id`` (``"tracked/0276e8bd760036a7"``)."""
    return BASE[tracked_id]


def entity_iri(entity_id: str) -> URIRef:
    """IRI of the entity with corpus-wide id ``entity_id`` (``"person/james-mattis"``).

    Examples
    --------
    >>> str(entity_iri("person/james-mattis"))
    'https://w3id.org/claimkg/id/entity/person/james-mattis'
    """
    return BASE[f"entity/{quote(entity_id, safe='/')}"]


def extraction_to_graph(
    extraction: Extraction, tracked: Mapping[Claim, str] | None = None
) -> Graph:
    """Return the triples that state ``extraction``, in a new in-memory graph.

    Parameters
    ----------
    extraction : Extraction
        Its entities must carry a corpus-wide ``id`` (see :class:`kg.resolve.Resolver`).
    tracked : mapping of Claim to str, optional
        The tracked-claim id of each claim (:meth:`kg.tracking.Tracker.track`); a claim
        missing from it is tracked on its own.

    Returns
    -------
    Graph
        Article, entities, mentions, claims, quantities, title attributions and tracked
        claims.

    Raises
    ------
    ValueError
        If an entity has no ``id``, or a claim names an entity key the extraction lacks.

    Examples
    --------
    >>> from kg.model import Document, Extraction
    >>> g = extraction_to_graph(Extraction(Document("a.txt", "Hello.", date="2020-01-02")))
    >>> len(g)  # two types, identifier, text, content hash, date
    6
    """
    g = Graph(bind_namespaces="none")
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    doc = extraction.document
    article = article_iri(doc.id)

    g.add((article, RDF.type, SDO.NewsArticle))
    g.add((article, RDF.type, NIF.Context))
    g.add((article, SDO.identifier, Literal(doc.id)))
    g.add((article, SDO.text, Literal(doc.text)))
    g.add((article, CKG.contentHash, Literal(doc.content_hash)))
    if doc.date:
        g.add((article, SDO.datePublished, Literal(doc.date, datatype=XSD.date)))
    if doc.title:
        g.add((article, SDO.headline, Literal(doc.title)))
    if doc.url:
        g.add((article, SDO.url, Literal(doc.url, datatype=XSD.anyURI)))
    if doc.publisher:
        g.add((article, SDO.publisher, Literal(doc.publisher)))

    iris = {}
    for entity in extraction.entities:
        iris[entity.key] = _add_entity(g, entity, article)
    ids = {entity.key: entity.id for entity in extraction.entities}
    firsts: dict[str, Claim] = {}
    for claim in extraction.claims:
        _add_claim(g, claim, article, iris, doc.text)
        node = claim_iri(claim.doc_id, claim.start, claim.end)
        for key in lsh_keys(claim.content, ids.get(claim.speaker) or UNRESOLVED_SPEAKER):
            g.add((node, CKG.lshKey, Literal(key)))
        tid = (tracked or {}).get(claim) or tracked_claim_id(
            claim_key(claim.doc_id, claim.start, claim.end)
        )
        g.add((node, CKG.trackedAs, tracked_iri(tid)))
        g.add((tracked_iri(tid), RDF.type, CKG.TrackedClaim))
        if claim.speaker is not None:
            g.add((tracked_iri(tid), PROV.wasAttributedTo, iris[claim.speaker]))
        g.add((tracked_iri(tid), SDO.appearance, article))
        if tid not in firsts or _first_key(claim) < _first_key(firsts[tid]):
            firsts[tid] = claim
    for tid, claim in firsts.items():
        g.add((tracked_iri(tid), SDO.firstAppearance, article))
        g.add((tracked_iri(tid), SDO.text, Literal(claim.content)))
    return g


def _first_key(claim: Claim) -> tuple[bool, str, str, int]:
    """Claims in the order of their appearances: by date (undated last), article, offset.

    :data:`kg.rdf.store.FIRST_APPEARANCE` orders them the same way in SPARQL.
    """
    return (claim.date is None, claim.date or "", claim.doc_id, claim.start)


def _add_span(g: Graph, node: URIRef, article: URIRef, start: int, end: int) -> None:
    # Offsets are xsd:integer, not NIF's xsd:nonNegativeInteger: Oxigraph stores derived
    # integer types as xsd:integer, and a stored graph must equal the mapped one.
    g.add((node, NIF.referenceContext, article))
    g.add((node, NIF.beginIndex, Literal(start)))
    g.add((node, NIF.endIndex, Literal(end)))


def _add_mention(
    g: Graph, article: URIRef, doc_id: str, start: int, end: int, text: str, entity: URIRef
) -> URIRef:
    node = mention_iri(doc_id, start, end)
    g.add((node, RDF.type, CKG.Mention))
    _add_span(g, node, article, start, end)
    g.add((node, NIF.anchorOf, Literal(text)))
    g.add((node, ITSRDF.taIdentRef, entity))
    return node


def _add_entity(g: Graph, entity: Entity, article: URIRef) -> URIRef:
    if not entity.id:
        raise ValueError(
            f"entity {entity.key} ({entity.label!r}) has no id: "
            "resolve the extraction with kg.resolve.Resolver before mapping it"
        )
    node = entity_iri(entity.id)
    g.add((node, RDF.type, ENTITY_CLASSES[entity.cls]))
    g.add((node, SDO.identifier, Literal(entity.id)))
    g.add((node, SDO.name, Literal(entity.label)))
    for name in entity.names:
        if name != entity.label:
            g.add((node, SDO.alternateName, Literal(name)))
    for m in entity.mentions:
        _add_mention(g, article, m.doc_id, m.start, m.end, m.text, node)
    for t in entity.titles:
        title = title_iri(t.doc_id, t.start, t.end)
        g.add((title, RDF.type, CKG.TitleAttribution))
        _add_span(g, title, article, t.start, t.end)
        g.add((title, NIF.anchorOf, Literal(t.text)))
        g.add((title, CKG.titleOf, node))
        office = title_office(t.text)
        if office is not None:
            g.add((title, CKG.office, Literal(office.concept)))
            g.add((title, CKG.officeKind, Literal(office.kind)))
            if office.country:
                g.add((title, CKG.officeCountry, Literal(office.country)))
    return node


def _add_claim(g: Graph, claim: Claim, article: URIRef, iris: dict[str, URIRef], text: str) -> None:
    def entity(key: str) -> URIRef:
        try:
            return iris[key]
        except KeyError:
            raise ValueError(
                f"claim at {claim.doc_id} {claim.start}-{claim.end} names entity {key!r}, "
                "which the extraction does not hold"
            ) from None

    node = claim_iri(claim.doc_id, claim.start, claim.end)
    g.add((node, RDF.type, SDO.Claim))
    _add_span(g, node, article, claim.start, claim.end)
    g.add((node, SDO.text, Literal(claim.content)))
    if claim.speaker is not None:  # an unresolved quotation has neither
        speaker = entity(claim.speaker)
        g.add((node, PROV.wasAttributedTo, speaker))
        mention = mention_iri(claim.doc_id, claim.speaker_start, claim.speaker_end)
        if (mention, RDF.type, CKG.Mention) not in g:
            speaker_text = text[claim.speaker_start : claim.speaker_end]
            _add_mention(g, article, claim.doc_id, claim.speaker_start, claim.speaker_end,
                         speaker_text, speaker)
        g.add((node, CKG.speakerMention, mention))
    g.add((node, CKG.cue, Literal(claim.cue)))
    if claim.cue_lemma:
        g.add((node, CKG.cueLemma, Literal(claim.cue_lemma)))
    g.add((node, CKG.quoteKind, Literal(claim.kind)))
    g.add((node, CKG.attributionKind, ATTRIBUTION_KINDS[claim.act]))
    if claim.date:
        g.add((node, SDO.dateCreated, date_literal(claim.date)))
    if claim.date_text:
        g.add((node, CKG.dateText, Literal(claim.date_text)))
    for key in claim.about:
        g.add((node, SDO.mentions, entity(key)))
    for q in claim.quantities:
        qnode = URIRef(f"{node}/quantity/{q.start}-{q.end}")
        g.add((node, CKG.quantity, qnode))
        g.add((qnode, RDF.type, SDO.QuantitativeValue))
        _add_span(g, qnode, article, q.start, q.end)
        g.add((qnode, NIF.anchorOf, Literal(q.text)))
        g.add((qnode, SDO.value, Literal(q.value)))
        if q.min_value is not None:
            g.add((qnode, SDO.minValue, Literal(q.min_value)))
        if q.max_value is not None:
            g.add((qnode, SDO.maxValue, Literal(q.max_value)))
        if q.unit:
            g.add((qnode, SDO.unitText, Literal(q.unit)))
        if q.about:
            g.add((qnode, SDO.about, entity(q.about)))
