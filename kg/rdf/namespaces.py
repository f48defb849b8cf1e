"""The vocabularies of the graph, declared the rdflib way (``rdflib/namespace/_PROV.py``).

Each vocabulary is a closed :class:`~rdflib.namespace.DefinedNamespace`: a misspelt term
fails where it is written, not as an empty query result. ``CKG`` mirrors
``ontology/kg.ttl``, the one source of truth for labels and comments (a test keeps the two
in step). ``SDO``, ``NIF`` and ``ITSRDF`` list only the terms this project uses.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace

__all__ = [
    "BASE",
    "CKG",
    "ID_PREFIXES",
    "ITSRDF",
    "NIF",
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "READABLE_PREFIXES",
    "SDO",
    "XSD",
]

#: Where the graph's own resources (articles, entities, claims ...) live.
BASE = Namespace("https://w3id.org/claimkg/id/")


class CKG(DefinedNamespace):
    """The claim knowledge graph ontology (``ontology/kg.ttl``)."""

    _fail = True
    _NS = Namespace("https://w3id.org/claimkg/ontology#")

    Mention: URIRef
    TitleAttribution: URIRef
    TrackedClaim: URIRef
    contentHash: URIRef
    speakerMention: URIRef
    cue: URIRef
    cueLemma: URIRef
    describedAs: URIRef
    quoteKind: URIRef
    dateText: URIRef
    quantity: URIRef
    titleOf: URIRef
    trackedAs: URIRef
    lshKey: URIRef
    office: URIRef
    officeKind: URIRef
    officeCountry: URIRef
    attributionKind: URIRef
    AttributionKinds: URIRef
    Statement: URIRef
    Question: URIRef
    Denial: URIRef
    Call: URIRef
    Accusation: URIRef
    Promise: URIRef
    Warning: URIRef
    Announcement: URIRef
    Confirmation: URIRef
    Belief: URIRef
    Finding: URIRef
    AccordingTo: URIRef
    BuildState: URIRef
    record: URIRef
    recordHash: URIRef
    derivedDigest: URIRef
    staleFrom: URIRef
    keptVersion: URIRef
    mentionCount: URIRef
    mentionArticleCount: URIRef
    claimCount: URIRef
    claimArticleCount: URIRef
    appearanceCount: URIRef
    mentioningClaimCount: URIRef
    gazetteer: URIRef
    corrections: URIRef
    freshDerivation: URIRef


class SDO(DefinedNamespace):
    """schema.org, under ``http://schema.org/`` as its published RDF uses."""

    _fail = True
    _NS = Namespace("http://schema.org/")

    NewsArticle: URIRef
    Person: URIRef
    Organization: URIRef
    Place: URIRef
    Claim: URIRef
    QuantitativeValue: URIRef
    identifier: URIRef
    text: URIRef
    datePublished: URIRef
    dateCreated: URIRef
    headline: URIRef
    url: URIRef
    publisher: URIRef
    author: URIRef
    name: URIRef
    alternateName: URIRef
    mentions: URIRef
    about: URIRef
    value: URIRef
    minValue: URIRef
    maxValue: URIRef
    unitText: URIRef
    appearance: URIRef
    firstAppearance: URIRef
    sameAs: URIRef


class NIF(DefinedNamespace):
    """NLP Interchange Format core: strings and their offsets in a context text."""

    _fail = True
    _NS = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")

    Context: URIRef
    Phrase: URIRef
    beginIndex: URIRef
    endIndex: URIRef
    anchorOf: URIRef
    referenceContext: URIRef


class ITSRDF(DefinedNamespace):
    """Internationalization Tag Set: ``taIdentRef`` links a mention to what it names."""

    _fail = True
    _NS = Namespace("http://www.w3.org/2005/11/its/rdf#")

    taIdentRef: URIRef


#: Prefixes bound in queries and serialisations.
PREFIXES: dict[str, str] = {
    "ckg": str(CKG),
    "schema": str(SDO),
    "nif": str(NIF),
    "itsrdf": str(ITSRDF),
    "prov": str(PROV),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "owl": str(OWL),
    "kgid": str(BASE),
}

#: One prefix per folder of our own ids, so that an id reads ``person:james-mattis``, not
#: ``kgid:entity/person/james-mattis``.
ID_PREFIXES: dict[str, str] = {
    "article": str(BASE["article/"]),
    "claim": str(BASE["claim/"]),
    "title": str(BASE["title/"]),
    "tracked": str(BASE["tracked/"]),
    "entity": str(BASE["entity/"]),
    "person": str(BASE["entity/person/"]),
    "organization": str(BASE["entity/organization/"]),
    "place": str(BASE["entity/place/"]),
}

#: The prefixes every query may use without declaring them (``kg query``, ``kg serve``,
#: the Python API) and that Turtle and JSON-LD are written with: the vocabularies, SKOS
#: (whose concepts name the attribution kinds) and our ids' folders, so that an id read in
#: an answer can be pasted into a query.
READABLE_PREFIXES: dict[str, str] = {**PREFIXES, "skos": str(SKOS), **ID_PREFIXES}
