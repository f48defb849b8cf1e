"""The SPARQL 1.1 Protocol's side of ``kg serve``: which format a client asked for, and
answers written in it.

SELECT and ASK results go out in the W3C results formats (JSON, XML, CSV, TSV), as
Oxigraph writes them (:func:`kg.query.write_results`); CONSTRUCT and DESCRIBE graphs as
Turtle, JSON-LD, N-Triples or RDF/XML (:func:`kg.rdf.serialize.serialize_graph`), with
kg's prefixes: each as ``kg query --format`` writes it, chosen by the request's
``Accept`` header (:func:`negotiate`), the first of each list when the client takes
anything.
"""

from __future__ import annotations

from collections.abc import Sequence

from kg.query import Answer, form_of, write_results
from kg.rdf.serialize import RDF_FORMATS, serialize_graph

#: Media types of SELECT and ASK results, and the format of each (a key of
#: :data:`kg.query.W3C_RESULTS`); the first is the default.
RESULTS = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "application/json": "json",
}

#: Media types of CONSTRUCT and DESCRIBE results (graphs), and the format of each (a key
#: of :data:`kg.rdf.serialize.RDF_FORMATS`); the first is the default.
GRAPHS = {media: name for name, (media, _) in RDF_FORMATS.items()}


class Refusal(Exception):
    """A request answered with an HTTP error status and a message saying what to do."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status

    def __reduce__(self):  # sent from a worker process (kg.serve.workers)
        return Refusal, (self.status, str(self))


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


def serialize(answer: Answer, media_type: str) -> bytes:
    """``answer`` written as ``media_type`` (a key of :data:`RESULTS` for a SELECT or ASK
    answer, of :data:`GRAPHS` for a graph).

    Examples
    --------
    >>> serialize(True, "application/sparql-results+json")
    b'{"head":{},"boolean":true}'
    """
    if form_of(answer) == "CONSTRUCT":
        return serialize_graph(answer, GRAPHS[media_type])
    return write_results(answer, RESULTS[media_type])
