"""Writing RDF for people to read: Turtle, N-Triples, RDF/XML and compact JSON-LD.

One place maps a format name (``turtle``, ``nt``, ``jsonld``, ``xml``) to the writer and
its media type, for ``kg export``, ``kg query`` (CONSTRUCT and DESCRIBE) and a server's
content negotiation alike. Triples are written as they come, never gathered into a graph
first, so an export of a million triples takes no more memory than one of a hundred.

Turtle, N-Triples and RDF/XML are Oxigraph's writers, given :data:`READABLE_PREFIXES`:
Oxigraph abbreviates each IRI by the longest namespace that fits, so an entity is
``person:james-mattis`` rather than ``kgid:entity\\/person\\/james-mattis``. JSON-LD is
written here (:func:`write_jsonld`), because Oxigraph's writer gives expanded JSON-LD (no
``@context``, every IRI in full, on one line): ours gives one node object per subject,
compacted by the same prefixes in an ``@context``, indented.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Iterator
from itertools import groupby
from typing import BinaryIO

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

from kg.rdf.namespaces import RDF, READABLE_PREFIXES, XSD

#: RDF formats by the name users give them, with their media type (for a server's
#: ``Content-Type``) and the extension of a file in that format.
RDF_FORMATS: dict[str, tuple[str, str]] = {
    "turtle": ("text/turtle", "ttl"),
    "nt": ("application/n-triples", "nt"),
    "jsonld": ("application/ld+json", "jsonld"),
    "xml": ("application/rdf+xml", "rdf"),
}

_OX_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "xml": ox.RdfFormat.RDF_XML,
}

_TYPE = str(RDF.type)
_STRING = str(XSD.string)
_INTEGER = str(XSD.integer)
_BOOLEAN = str(XSD.boolean)


class RdfFormatError(ValueError):
    """A format name that is not one of :data:`RDF_FORMATS`."""


def write_rdf(
    triples: Iterable[ox.Triple],
    out: BinaryIO,
    format: str,
    prefixes: dict[str, str] | None = None,
) -> None:
    """Write ``triples`` to the binary file ``out`` in ``format`` (a key of
    :data:`RDF_FORMATS`), abbreviated by ``prefixes`` (default :data:`READABLE_PREFIXES`).

    Examples
    --------
    >>> import io
    >>> out = io.BytesIO()
    >>> from kg.rdf.namespaces import BASE
    >>> mattis = ox.NamedNode(BASE["entity/person/james-mattis"])
    >>> name = ox.NamedNode("http://schema.org/name")
    >>> write_rdf([ox.Triple(mattis, name, ox.Literal("James Mattis"))], out, "turtle")
    >>> out.getvalue().decode().splitlines()[-1]
    'person:james-mattis schema:name "James Mattis" .'
    """
    prefixes = READABLE_PREFIXES if prefixes is None else prefixes
    if format == "jsonld":
        write_jsonld(triples, out, prefixes)
    elif format in _OX_FORMATS:
        ox.serialize(triples, out, _OX_FORMATS[format], prefixes=prefixes)
    else:
        raise RdfFormatError(
            f"unknown RDF format {format!r}: choose one of {', '.join(RDF_FORMATS)}"
        )


def serialize_graph(graph: Graph, format: str) -> bytes:
    """``graph`` (an rdflib graph, as a CONSTRUCT or DESCRIBE query gives) in ``format``,
    subjects in order, so that each one's triples are written together, with the prefixes
    of :data:`READABLE_PREFIXES` that it uses."""
    out = io.BytesIO()
    triples = sorted(graph, key=lambda t: (isinstance(t[0], BNode), str(t[0])))
    write_rdf((ox_triple(*t) for t in triples), out, format, prefixes_used(triples))
    return out.getvalue()


def prefixes_used(triples: Iterable[tuple[object, object, object]]) -> dict[str, str]:
    """The prefixes of :data:`READABLE_PREFIXES` that abbreviate an IRI of ``triples``
    (each IRI by the longest namespace that starts it), in the order of that table."""
    compact = _Compactor(READABLE_PREFIXES)
    used: set[str] = set()
    for triple in triples:
        for term in triple:
            iris = [term, getattr(term, "datatype", None)]
            for iri in iris:
                if isinstance(iri, URIRef):
                    short = compact(str(iri))
                    if short != str(iri):
                        used.add(short.split(":", 1)[0])
    return {p: ns for p, ns in READABLE_PREFIXES.items() if p in used}


def ox_triple(s: object, p: object, o: object) -> ox.Triple:
    """An rdflib triple as a pyoxigraph one."""
    return ox.Triple(_ox_term(s), _ox_term(p), _ox_term(o))


def _ox_term(term: object) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


class _Compactor:
    """Abbreviates an IRI by the longest namespace of a context that starts it."""

    def __init__(self, prefixes: dict[str, str]):
        self._by_length = sorted(prefixes.items(), key=lambda kv: -len(kv[1]))

    def __call__(self, iri: str) -> str:
        for prefix, namespace in self._by_length:
            # a suffix starting with // would read as an absolute IRI (JSON-LD 1.1, 4.1.5)
            if iri.startswith(namespace) and not iri[len(namespace) :].startswith("//"):
                return f"{prefix}:{iri[len(namespace) :]}"
        return iri


def write_jsonld(
    triples: Iterable[ox.Triple], out: BinaryIO, prefixes: dict[str, str] | None = None
) -> int:
    """Write ``triples`` as compact JSON-LD, one node object per run of triples with the
    same subject; return the number of node objects.

    The document is ``{"@context": {...}, "@graph": [...]}``: the context declares
    ``prefixes`` (default :data:`READABLE_PREFIXES`); a node's ``@id``, ``@type``,
    properties and IRI values are compacted by them; a string is a JSON string, a
    canonical ``xsd:integer`` or ``xsd:boolean`` a JSON number or boolean, any other
    literal a ``@value`` with its ``@type`` or ``@language``. Each property is on a line
    of its own. Triples whose subject comes back after another are a second node object
    with the same ``@id``, which JSON-LD reads as one node.

    Examples
    --------
    >>> import io
    >>> out = io.BytesIO()
    >>> from kg.rdf.namespaces import BASE
    >>> mattis = ox.NamedNode(BASE["entity/person/james-mattis"])
    >>> kind = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    >>> write_jsonld([ox.Triple(mattis, kind, ox.NamedNode("http://schema.org/Person"))], out)
    1
    >>> json.loads(out.getvalue())["@graph"]
    [{'@id': 'person:james-mattis', '@type': 'schema:Person'}]
    """
    prefixes = READABLE_PREFIXES if prefixes is None else prefixes
    compact = _Compactor(prefixes)
    context = json.dumps({"@context": prefixes}, indent=2)[1:-2]
    out.write(b"{" + context.encode() + b',\n  "@graph": [')
    n = 0
    for subject, group in groupby(triples, key=lambda t: t.subject):
        node = _node(subject, group, compact)
        out.write((",\n    " if n else "\n    ").encode() + _node_text(node).encode())
        n += 1
    out.write(b"\n  ]\n}\n")
    return n


def _node_text(node: dict) -> str:
    """A node object indented in the graph, one property a line, each value on its line."""
    lines = [
        f"{json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}" for key, value in node.items()
    ]
    return "{\n      " + ",\n      ".join(lines) + "\n    }"


def _node(subject: object, triples: Iterator[ox.Triple], compact: _Compactor) -> dict:
    node: dict[str, object] = {"@id": _id(subject, compact)}
    types: list[str] = []
    properties: dict[str, list[object]] = {}
    for t in triples:
        if t.predicate.value == _TYPE and isinstance(t.object, ox.NamedNode):
            types.append(compact(t.object.value))
        else:
            properties.setdefault(compact(t.predicate.value), []).append(_value(t.object, compact))
    if types:
        node["@type"] = types[0] if len(types) == 1 else sorted(types)
    for key in sorted(properties):
        values = properties[key]
        node[key] = values[0] if len(values) == 1 else values
    return node


def _id(term: object, compact: _Compactor) -> str:
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return compact(term.value)


def _value(term: object, compact: _Compactor) -> object:
    if not isinstance(term, ox.Literal):
        return {"@id": _id(term, compact)}
    if term.language:
        return {"@value": term.value, "@language": term.language}
    datatype = term.datatype.value
    if datatype == _STRING:
        return term.value
    if datatype == _INTEGER and term.value.lstrip("-").isdigit():
        number = int(term.value)
        if str(number) == term.value:  # canonical: JSON-LD reads it back the same
            return number
    if datatype == _BOOLEAN and term.value in ("true", "false"):
        return term.value == "true"
    return {"@value": term.value, "@type": compact(datatype)}


__all__ = [
    "READABLE_PREFIXES",
    "RDF_FORMATS",
    "RdfFormatError",
    "prefixes_used",
    "ox_triple",
    "serialize_graph",
    "write_jsonld",
    "write_rdf",
]
