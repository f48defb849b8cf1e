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
``schema:firstAppearance``, ``schema:text`` and ``schema:dateCreated`` are those of its
earliest claim in this extraction; the store moves them to the earliest claim across
articles. A claim with a speaker also carries its LSH keys (``ckg:lshKey``,
:func:`kg.tracking.lsh_keys` of its text and speaker), by which later builds find the
stored claims like a new one, or those of them that tracking gives it
(:attr:`kg.tracking.Tracking.keys`).

See ``ontology/kg.ttl`` for the terms.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from urllib.parse import quote

from rdflib import Graph, Literal, URIRef

from kg.model import Claim, Entity, Extraction
from kg.rdf.namespaces import BASE, CKG, ITSRDF, NIF, PREFIXES, PROV, RDF, SDO, XSD
from kg.resolve import is_scoped
from kg.tracking import claim_key, lsh_keys, tracked_claim_id

#: The schema.org class of each entity class name used in :mod:`kg.model`.
ENTITY_CLASSES: dict[str, URIRef] = {
    "Person": SDO.Person,
    "Organization": SDO.Organization,
    "Place": SDO.Place,
}

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
    return g.parse(data="\n".join(extraction_lines(extraction, tracked)), format="nt")


def extraction_lines(
    extraction: Extraction,
    tracked: Mapping[Claim, str] | None = None,
    keys: Mapping[Claim, Sequence[str]] | None = None,
) -> list[str]:
    """The triples of :func:`extraction_to_graph` as N-Triples lines, each once, written
    straight from the records: no rdflib term or graph is made, so a build maps an
    article in a fraction of the time a graph takes. With ``keys``, each claim carries the
    LSH keys it maps it to, and none if it is not there (:attr:`kg.tracking.Tracking.keys`);
    without, each claim with a speaker carries all of its keys.

    Examples
    --------
    >>> from kg.model import Document
    >>> extraction_lines(Extraction(Document("a.txt", "Hi."), []))[2]
    '<https://w3id.org/claimkg/id/article/a.txt> <http://schema.org/identifier> "a.txt" .'
    """
    out = _Lines()
    doc = extraction.document
    article = _iri(article_iri(doc.id))

    out.add(article, _TYPE, _SDO.NewsArticle)
    out.add(article, _TYPE, _NIF.Context)
    out.add(article, _SDO.identifier, _text(doc.id))
    out.add(article, _SDO.text, _text(doc.text))
    out.add(article, _CKG.contentHash, _text(doc.content_hash))
    if doc.date:
        out.add(article, _SDO.datePublished, _typed(doc.date, XSD.date))
    if doc.title:
        out.add(article, _SDO.headline, _text(doc.title))
    if doc.url:
        out.add(article, _SDO.url, _typed(doc.url, XSD.anyURI))
    if doc.publisher:
        out.add(article, _SDO.publisher, _text(doc.publisher))
    if doc.author:
        out.add(article, _SDO.author, _text(doc.author))

    iris = {}
    for entity in extraction.entities:
        iris[entity.key] = _add_entity(out, entity, article)
    ids = {entity.key: entity.id for entity in extraction.entities}
    firsts: dict[str, Claim] = {}
    for claim in extraction.claims:
        node = _add_claim(out, claim, article, iris, doc.text)
        if keys is not None:
            for key in keys.get(claim, ()):
                out.add(node, _CKG.lshKey, _text(key))
        elif claim.speaker is not None:
            for key in lsh_keys(claim.content, ids[claim.speaker]):
                out.add(node, _CKG.lshKey, _text(key))
        tid = (tracked or {}).get(claim) or tracked_claim_id(
            claim_key(claim.doc_id, claim.start, claim.end)
        )
        t = _iri(tracked_iri(tid))
        out.add(node, _CKG.trackedAs, t)
        out.add(t, _TYPE, _CKG.TrackedClaim)
        if claim.speaker is not None:
            out.add(t, _PROV.wasAttributedTo, iris[claim.speaker])
        out.add(t, _SDO.appearance, article)
        if tid not in firsts or _first_key(claim) < _first_key(firsts[tid]):
            firsts[tid] = claim
    for tid, claim in firsts.items():
        t = _iri(tracked_iri(tid))
        out.add(t, _SDO.firstAppearance, article)
        out.add(t, _SDO.text, _text(claim.content))
        if claim.date:
            lit = date_literal(claim.date)
            out.add(t, _SDO.dateCreated, _typed(str(lit), lit.datatype))
    return out.lines


class _Lines:
    """N-Triples lines in the order first added, each once."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self._seen: set[str] = set()

    def add(self, s: str, p: str, o: str) -> None:
        line = f"{s} {p} {o} ."
        if line not in self._seen:
            self._seen.add(line)
            self.lines.append(line)

    def __contains__(self, triple: tuple[str, str, str]) -> bool:
        return "{} {} {} .".format(*triple) in self._seen


def _iri(iri: str) -> str:
    return f"<{iri}>"


class _Terms:
    """A namespace's terms as N-Triples IRIs (``_SDO.text`` is ``<http://schema.org/text>``),
    each made once: a DefinedNamespace makes a new URIRef at every attribute access, which
    mapping a million triples did a million times."""

    def __init__(self, namespace: object):
        self._namespace = namespace

    def __getattr__(self, name: str) -> str:
        value = _iri(getattr(self._namespace, name))
        setattr(self, name, value)
        return value


_SDO, _NIF, _CKG, _PROV, _ITSRDF, _XSD, _RDF = (
    _Terms(ns) for ns in (SDO, NIF, CKG, PROV, ITSRDF, XSD, RDF)
)
_TYPE = _RDF.type
_INTEGER = _XSD.integer
# N-Triples string escapes (as rdflib writes them): backslash first.
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def _text(value: str) -> str:
    return '"' + value.translate(_ESCAPES) + '"'


def _typed(value: str, datatype: str) -> str:
    return f"{_text(value)}^^<{datatype}>"


def _number(value: int | float) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        return f'"{value}"^^{_INTEGER}'
    return Literal(value).n3()  # a double, written as rdflib writes it


def _first_key(claim: Claim) -> tuple[bool, str, str, int]:
    """Claims in the order of their appearances: by date (undated last), article, offset.

    :data:`kg.rdf.store.FIRST_APPEARANCE` orders them the same way in SPARQL.
    """
    return (claim.date is None, claim.date or "", claim.doc_id, claim.start)


def _add_span(out: _Lines, node: str, article: str, start: int, end: int) -> None:
    # Offsets are xsd:integer, not NIF's xsd:nonNegativeInteger: Oxigraph stores derived
    # integer types as xsd:integer, and a stored graph must equal the mapped one.
    out.add(node, _NIF.referenceContext, article)
    out.add(node, _NIF.beginIndex, _number(start))
    out.add(node, _NIF.endIndex, _number(end))


def _add_mention(
    out: _Lines, article: str, doc_id: str, start: int, end: int, text: str, entity: str
) -> str:
    node = _iri(mention_iri(doc_id, start, end))
    out.add(node, _TYPE, _CKG.Mention)
    _add_span(out, node, article, start, end)
    out.add(node, _NIF.anchorOf, _text(text))
    out.add(node, _ITSRDF.taIdentRef, entity)
    return node


def _add_entity(out: _Lines, entity: Entity, article: str) -> str:
    if not entity.id:
        raise ValueError(
            f"entity {entity.key} ({entity.label!r}) has no id: "
            "resolve the extraction with kg.resolve.Resolver before mapping it"
        )
    node = _iri(entity_iri(entity.id))
    out.add(node, _TYPE, _iri(ENTITY_CLASSES[entity.cls]))
    out.add(node, _SDO.identifier, _text(entity.id))
    out.add(node, _SDO.name, _text(entity.label))
    for name in entity.names:
        if name != entity.label:
            out.add(node, _SDO.alternateName, _text(name))
    # an entity its article never names, unless resolution joined it to a named one (the
    # gazetteer's "US-led coalition" for "the coalition"): kept off entity lists by default
    described = entity.described_as if is_scoped(entity.id) else None
    for m in entity.mentions:
        mention = _add_mention(out, article, m.doc_id, m.start, m.end, m.text, node)
        if described is not None:
            out.add(mention, _CKG.describedAs, _text(described))
    # a title is a person's office ("Scotland's First Minister Nicola Sturgeon"): where the
    # corpus's vote types the entity otherwise, the title read beside it is left out
    for t in entity.titles if entity.cls == "Person" else ():
        title = _iri(title_iri(t.doc_id, t.start, t.end))
        out.add(title, _TYPE, _CKG.TitleAttribution)
        _add_span(out, title, article, t.start, t.end)
        out.add(title, _NIF.anchorOf, _text(t.text))
        out.add(title, _CKG.titleOf, node)
        if t.office is not None:  # read at extraction: kg.nlp.titles
            out.add(title, _CKG.office, _text(t.office))
            out.add(title, _CKG.officeKind, _text(t.office_kind))
            if t.office_country:
                out.add(title, _CKG.officeCountry, _text(t.office_country))
    return node


def _add_claim(out: _Lines, claim: Claim, article: str, iris: dict[str, str], text: str) -> str:
    def entity(key: str) -> str:
        try:
            return iris[key]
        except KeyError:
            raise ValueError(
                f"claim at {claim.doc_id} {claim.start}-{claim.end} names entity {key!r}, "
                "which the extraction does not hold"
            ) from None

    node = _iri(claim_iri(claim.doc_id, claim.start, claim.end))
    out.add(node, _TYPE, _SDO.Claim)
    _add_span(out, node, article, claim.start, claim.end)
    out.add(node, _SDO.text, _text(claim.content))
    if claim.speaker is not None:  # an unresolved quotation has neither
        speaker = entity(claim.speaker)
        out.add(node, _PROV.wasAttributedTo, speaker)
        mention = _iri(mention_iri(claim.doc_id, claim.speaker_start, claim.speaker_end))
        if (mention, _TYPE, _CKG.Mention) not in out:
            speaker_text = text[claim.speaker_start : claim.speaker_end]
            _add_mention(
                out,
                article,
                claim.doc_id,
                claim.speaker_start,
                claim.speaker_end,
                speaker_text,
                speaker,
            )
        out.add(node, _CKG.speakerMention, mention)
    out.add(node, _CKG.cue, _text(claim.cue))
    if claim.cue_lemma:
        out.add(node, _CKG.cueLemma, _text(claim.cue_lemma))
    out.add(node, _CKG.quoteKind, _text(claim.kind))
    out.add(node, _CKG.attributionKind, _iri(ATTRIBUTION_KINDS[claim.act]))
    if claim.date:
        lit = date_literal(claim.date)
        out.add(node, _SDO.dateCreated, _typed(str(lit), lit.datatype))
    if claim.date_text:
        out.add(node, _CKG.dateText, _text(claim.date_text))
    for key in claim.about:
        out.add(node, _SDO.mentions, entity(key))
    for q in claim.quantities:
        qnode = _iri(f"{node[1:-1]}/quantity/{q.start}-{q.end}")
        out.add(node, _CKG.quantity, qnode)
        out.add(qnode, _TYPE, _SDO.QuantitativeValue)
        _add_span(out, qnode, article, q.start, q.end)
        out.add(qnode, _NIF.anchorOf, _text(q.text))
        out.add(qnode, _SDO.value, _number(q.value))
        if q.min_value is not None:
            out.add(qnode, _SDO.minValue, _number(q.min_value))
        if q.max_value is not None:
            out.add(qnode, _SDO.maxValue, _number(q.max_value))
        if q.unit:
            out.add(qnode, _SDO.unitText, _text(q.unit))
        if q.about:
            out.add(qnode, _SDO.about, entity(q.about))
    return node
