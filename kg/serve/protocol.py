"""The SPARQL 1.1 Protocol's side of ``kg serve``: which format a client asked for, and
query results written in it.

SELECT and ASK results go out in the W3C results formats (JSON, XML, CSV, TSV), CONSTRUCT
and DESCRIBE graphs as Turtle, JSON-LD, N-Triples or RDF/XML, each chosen by the
request's ``Accept`` header (:func:`negotiate`), the first of each list when the client
takes anything. rdflib writes all of them but TSV, which :func:`tsv` writes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from rdflib import XSD, Graph, Literal
from rdflib.query import Result

from kg.rdf.namespaces import PREFIXES

T = TypeVar("T")

#: Media types of SELECT and ASK results, and the rdflib format of each; the first is
#: the default.
RESULTS = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "application/json": "json",
}

#: Media types of CONSTRUCT and DESCRIBE results (graphs), and the rdflib format of each;
#: the first is the default.
GRAPHS = {
    "text/turtle": "turtle",
    "application/ld+json": "json-ld",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
}


def negotiate(accept: str | None, offered: Sequence[str]) -> str | None:
    """The media type of ``offered`` that the ``Accept`` header ``accept`` prefers, or
    None when it takes none of them.

    Each offered type gets the quality of the most specific range that matches it
    (``type/subtype``, then ``type/*``, then ``*/*``); the highest quality wins, and
    among equals the one offered first. No header takes anything.

    Examples
    --------
    >>> negotiate("text/csv", list(RESULTS))
    'text/csv'
    >>> negotiate("text/html,application/xml;q=0.9,*/*;q=0.8", list(RESULTS))
    'application/sparql-results+json'
    >>> negotiate("text/*;q=0.5, text/tab-separated-values", list(RESULTS))
    'text/tab-separated-values'
    >>> print(negotiate("text/html", list(GRAPHS)))
    None
    """
    if not accept or not accept.strip():
        return offered[0] if offered else None
    ranges: list[tuple[str, str, float]] = []
    for part in accept.split(","):
        media, *params = (p.strip() for p in part.split(";"))
        if "/" not in media:
            continue
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        kind, _, sub = media.lower().partition("/")
        ranges.append((kind, sub, quality))
    best, best_quality = None, 0.0
    for media in offered:
        kind, _, sub = media.partition("/")
        quality, specificity = 0.0, -1
        for r_kind, r_sub, r_quality in ranges:
            if (r_kind, r_sub) == (kind, sub):
                match = 2
            elif (r_kind, r_sub) == (kind, "*"):
                match = 1
            elif (r_kind, r_sub) == ("*", "*"):
                match = 0
            else:
                continue
            if match > specificity:
                quality, specificity = r_quality, match
        if quality > best_quality:
            best, best_quality = media, quality
    return best


def serialize(result: Result, media_type: str) -> bytes:
    """``result`` written as ``media_type`` (a key of :data:`RESULTS` for a SELECT or ASK
    result, of :data:`GRAPHS` for a graph).

    An ASK result as CSV or TSV is a one-column table, ``_askResult``, holding ``true`` or
    ``false`` (the W3C formats are for SELECT only; this is what Jena's Fuseki writes).

    Examples
    --------
    >>> ask = Result("ASK"); ask.askAnswer = True
    >>> serialize(ask, "text/csv")
    b'_askResult\\r\\ntrue\\r\\n'
    """
    if result.type == "SELECT":
        result = _plain_strings(result)
    if result.type in ("SELECT", "ASK"):
        format = RESULTS[media_type]
        if result.type == "ASK" and format in ("csv", "tsv"):
            value = "true" if result.askAnswer else "false"
            sep = "," if format == "csv" else "\t"
            return f"_askResult{sep}\r\n{value}\r\n".replace(f"{sep}\r\n", "\r\n").encode()
        if format == "tsv":
            return tsv(result)
        return result.serialize(format=format, encoding="utf-8")
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    graph += ((s, p, _plain(o)) for s, p, o in result.graph)
    format = GRAPHS[media_type]
    if format == "json-ld":  # compact, with the prefixes as its @context
        return graph.serialize(format=format, encoding="utf-8", auto_compact=True)
    return graph.serialize(format=format, encoding="utf-8")


def _plain(term: T) -> T:
    """``term``, a string literal written without its datatype: in RDF 1.1 a literal
    with no datatype is an ``xsd:string``, and the results formats write it so."""
    if isinstance(term, Literal) and term.datatype == XSD.string:
        return Literal(str(term))
    return term


def _plain_strings(result: Result) -> Result:
    """A SELECT ``result`` whose string literals carry no datatype (see :func:`_plain`)."""
    plain = Result("SELECT")
    plain.vars = result.vars
    plain.bindings = [{v: _plain(t) for v, t in row.items()} for row in result.bindings]
    return plain


def tsv(result: Result) -> bytes:
    r"""A SELECT result in the SPARQL 1.1 TSV results format: a header of ``?variables``,
    then each solution's terms in Turtle syntax, tab-separated (an unbound one empty).

    Examples
    --------
    >>> from rdflib import URIRef, Variable
    >>> r = Result("SELECT"); r.vars = [Variable("s"), Variable("n")]
    >>> r.bindings = [{Variable("s"): URIRef("http://a"), Variable("n"): Literal("x\ty")}]
    >>> print(tsv(r).decode().replace("\t", " | "), end="")
    ?s | ?n
    <http://a> | "x\ty"
    """
    lines = ["\t".join(f"?{v}" for v in result.vars)]
    for row in result:
        lines.append("\t".join("" if term is None else _turtle(term) for term in row))
    return ("\n".join(lines) + "\n").encode("utf-8")


def _turtle(term: object) -> str:
    """A term as TSV results write it: Turtle syntax with tabs and line breaks escaped."""
    text = term.n3() if hasattr(term, "n3") else str(term)
    if isinstance(term, Literal):
        text = text.replace("\t", "\\t")
    return text.replace("\n", "\\n").replace("\r", "\\r")
