"""Checking the stored graph against the SHACL shapes of ``ontology/shapes.ttl``.

The shapes say what every article, entity, mention, claim, quantity, title attribution and
tracked claim must carry; :func:`validate` runs pySHACL over the graph and says, for each
violation, which resource breaks which rule. It reads the graph a chunk of subjects at a
time (:data:`CHUNK_SUBJECTS`), each with what the shapes look at beyond its own triples
(the classes of the nodes it points to, the triples that point to it by a path the shapes
read backwards), so that its memory does not grow with the store.

The counts the graph keeps (``ckg:claimCount`` ..., each speaker's
``ckg:mentioningClaimCount``) are checked too, by counting again (:func:`count_violations`):
a shape cannot say that a number equals a count over the graph.

The graph is validated as stored, without the ontology merged in and without inference:
``ckg:TrackedClaim`` is a subclass of ``schema:Claim`` in the ontology, and RDFS inference
would hold every tracked claim to the shape of a claim in an article (offsets and all).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from itertools import islice

import pyshacl
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH, XSD
from rdflib.term import Node

from kg.rdf.namespaces import PREFIXES
from kg.rdf.store import Store


@dataclass(frozen=True)
class Violation:
    """One result of the validation: the resource, the property path, what is wrong."""

    focus: str
    path: str
    message: str
    value: str | None
    severity: str


#: Subjects validated at a time: each chunk's triples are one graph in memory (on the dev
#: corpus, 20,000 subjects take about 100,000 triples; smaller chunks cost more queries).
CHUNK_SUBJECTS = 20_000


@cache
def _shapes_text() -> str:
    return files("kg.ontology").joinpath("shapes.ttl").read_text(encoding="utf-8")


def shapes_graph() -> Graph:
    """The SHACL shapes shipped with kg (``ontology/shapes.ttl``)."""
    return Graph().parse(data=_shapes_text(), format="turtle")


def validate_graph(
    data: Graph, shapes: Graph | None = None, focus: list[URIRef] | None = None
) -> tuple[bool, list[Violation]]:
    """Validate ``data`` against the shapes (default :func:`shapes_graph`); return
    whether it conforms and why not, of every node or, given ``focus``, of those nodes
    only (the others in ``data`` are there for what the shapes read of them).

    Examples
    --------
    >>> from kg.model import Document, Extraction
    >>> from kg.rdf.mapping import extraction_to_graph
    >>> validate_graph(extraction_to_graph(Extraction(Document("a.txt", "Hi."))))
    (True, [])
    """
    conforms, results, _ = pyshacl.validate(
        data,
        shacl_graph=shapes if shapes is not None else shapes_graph(),
        inference="none",
        allow_warnings=True,
    )
    violations = sorted(
        (
            Violation(
                focus=_short(results.value(r, SH.focusNode)),
                path=_path(results, results.value(r, SH.resultPath)),
                message=str(results.value(r, SH.resultMessage) or ""),
                value=_short(v) if (v := results.value(r, SH.value)) is not None else None,
                severity=_short(results.value(r, SH.resultSeverity)).removeprefix("sh:"),
            )
            for r in results.subjects(SH.resultSeverity, None)
            # A result with details (a failed sh:node) is told by its details, also listed.
            if results.value(r, SH.detail) is None
        ),
        key=lambda v: (v.focus, v.path, v.message),
    )
    if focus is None:
        return bool(conforms), violations
    # pySHACL's own focus_nodes also leaves unchecked the values that sh:or's nested
    # shapes test: every node is validated, and only the results of ``focus`` are kept
    kept = {_short(node) for node in focus}
    violations = [v for v in violations if v.focus in kept]
    return all(v.severity != "Violation" for v in violations), violations


def validate(store: Store, chunk: int = CHUNK_SUBJECTS) -> tuple[bool, list[Violation]]:
    """Validate every triple of ``store``'s graph against the shapes (see
    :func:`validate_graph`), ``chunk`` subjects at a time (:func:`subject_graphs`), and
    its kept counts against a count over the graph (:func:`count_violations`)."""
    shapes = shapes_graph()
    conforms, violations = True, []
    for data, subjects in subject_graphs(store, shapes, chunk):
        ok, found = validate_graph(data, shapes, focus=subjects)
        conforms, violations = conforms and ok, violations + found
    violations.sort(key=lambda v: (v.focus, v.path, v.message))
    wrong = count_violations(store)
    return conforms and not wrong, violations + wrong


def subject_graphs(store: Store, shapes: Graph, chunk: int) -> Iterator[tuple[Graph, list[URIRef]]]:
    """The graph of ``store`` (its default graph) as graphs of ``chunk`` subjects each
    (and those subjects, the nodes to validate there):
    every triple of those subjects, the classes (``rdf:type``) of the IRIs they point to
    (what ``sh:class`` reads), and the triples that point to them by a predicate the
    shapes read backwards (``sh:inversePath``): what the shapes see of a subject in the
    whole graph, so that each subject is judged as it would be there."""
    backwards = sorted(o for o in shapes.objects(None, SH.inversePath) if isinstance(o, URIRef))
    listed = store.select_strings("SELECT DISTINCT ?s WHERE { ?s ?p ?o FILTER isIRI(?s) }")
    subjects = (URIRef(s) for (s,) in listed)
    while batch := list(islice(subjects, chunk)):
        values = "VALUES ?s { " + " ".join(s.n3() for s in batch) + " }"
        data = Graph()
        for query in (
            f"SELECT ?s ?p ?o WHERE {{ {values} ?s ?p ?o }}",
            f"SELECT ?o ({RDF.type.n3()} AS ?p) ?t WHERE {{ {values} ?s ?q ?o . "
            f"FILTER isIRI(?o) ?o a ?t }}",
            *(
                f"SELECT ?x ({p.n3()} AS ?q) ?s WHERE {{ {values} ?x {p.n3()} ?s }}"
                for p in backwards
            ),
        ):
            for row in store.select_terms(query, build_state=False)[1]:
                data.add(tuple(map(_plain_string, row)))
        yield data, batch


#: The counts the graph keeps on its nodes, by name (see :func:`kg.rdf.store.count_ops`).
KEPT = """
SELECT ?e ?p ?n WHERE {
  VALUES ?p { ckg:mentionCount ckg:mentionArticleCount ckg:claimCount ckg:claimArticleCount
              ckg:appearanceCount }
  ?e ?p ?n
}"""

#: The counts kept in the speakers' graphs: every named graph but the build state's holds
#: nothing else.
KEPT_IN_SPEAKER_GRAPHS = """
SELECT ?g ?e ?p ?n WHERE {
  GRAPH ?g { ?e ?p ?n }
  FILTER (?g != <https://w3id.org/claimkg/id/build-state>)
}"""

#: Each kept count, counted from scratch over the graph.
RECOUNT = {
    "mentionCount": "SELECT ?e (COUNT(DISTINCT ?m) AS ?n) WHERE "
    "{ ?m itsrdf:taIdentRef ?e } GROUP BY ?e",
    "mentionArticleCount": "SELECT ?e (COUNT(DISTINCT ?a) AS ?n) WHERE "
    "{ ?m itsrdf:taIdentRef ?e ; nif:referenceContext ?a } GROUP BY ?e",
    "claimCount": "SELECT ?e (COUNT(DISTINCT ?c) AS ?n) WHERE "
    "{ ?c a schema:Claim ; prov:wasAttributedTo ?e } GROUP BY ?e",
    "claimArticleCount": "SELECT ?e (COUNT(DISTINCT ?a) AS ?n) WHERE "
    "{ ?c a schema:Claim ; prov:wasAttributedTo ?e ; nif:referenceContext ?a } GROUP BY ?e",
    "appearanceCount": "SELECT ?e (COUNT(DISTINCT ?c) AS ?n) WHERE "
    "{ ?e a ckg:TrackedClaim ; schema:appearance ?c } GROUP BY ?e",
}

#: The speakers' counts of their claims that mention each entity, from scratch.
RECOUNT_SPEAKER_MENTIONS = """
SELECT ?s ?e (COUNT(DISTINCT ?c) AS ?n) WHERE {
  ?c a schema:Claim ; prov:wasAttributedTo ?s ; schema:mentions ?e
} GROUP BY ?s ?e"""


def kept_and_recounted(store: Store) -> tuple[dict, dict]:
    """(kept, recounted): ``{(node, count name): value}`` of what ``store`` keeps and of
    what counting its graph from scratch gives, zeros left out of both (a fresh build
    writes no count of 0); a node is a (speaker, entity) pair for the speakers' counts."""
    kept = {(e, p.rsplit("#", 1)[1]): int(n) for e, p, n in store.select_strings(KEPT) if int(n)}
    kept.update(
        {
            ((g, e), p.rsplit("#", 1)[1]): int(n)
            for g, e, p, n in store.select_strings(KEPT_IN_SPEAKER_GRAPHS)
        }
    )
    recounted = {
        (e, name): int(n)
        for name, sparql in RECOUNT.items()
        for e, n in store.select_strings(sparql)
        if int(n)
    }
    recounted.update(
        {
            ((speaker, e), "mentioningClaimCount"): int(n)
            for speaker, e, n in store.select_strings(RECOUNT_SPEAKER_MENTIONS)
        }
    )
    return kept, recounted


def count_violations(store: Store) -> list[Violation]:
    """A violation for each count ``store`` keeps that a count over its graph does not
    give (and each count the graph should keep and does not): what updates made outside
    kg, or not through ``kg serve --allow-update``, leave behind."""
    kept, recounted = kept_and_recounted(store)
    violations = []
    for node, name in sorted(kept.keys() | recounted.keys(), key=str):
        has, should = kept.get((node, name), 0), recounted.get((node, name), 0)
        if has == should:
            continue
        focus = node if isinstance(node, str) else node[1]
        where = "" if isinstance(node, str) else f" in the graph of {_short(URIRef(node[0]))}"
        violations.append(
            Violation(
                focus=_short(URIRef(focus)),
                path=f"ckg:{name}",
                message=(
                    f"keeps {has}{where}, but the graph counts {should}: the store was "
                    "changed by an update that did not count again (kg's own updates "
                    "do); build it afresh, or correct the count"
                ),
                value=str(has),
                severity="Violation",
            )
        )
    return violations


def _plain_string(term: Node) -> Node:
    """An ``xsd:string`` literal as the plain literal it is in RDF 1.1: rdflib tells the
    two apart, and a shape's ``sh:in ( "direct" ... )`` lists plain ones."""
    if isinstance(term, Literal) and term.datatype == XSD.string:
        return Literal(str(term))
    return term


def format_report(conforms: bool, violations: list[Violation]) -> str:
    """The violations, one block each, and a summary line, for people.

    Examples
    --------
    >>> print(format_report(False, [Violation("kgid:claim/a/1-2", "prov:wasAttributedTo",
    ...                                       "Less than 1 values", None, "Violation")]))
    Violation: kgid:claim/a/1-2
      path:    prov:wasAttributedTo
      message: Less than 1 values
    <BLANKLINE>
    does not conform: 1 violation on 1 resource
    """
    blocks = []
    for v in violations:
        lines = [f"{v.severity}: {v.focus}", f"  path:    {v.path}", f"  message: {v.message}"]
        if v.value is not None:
            lines.append(f"  value:   {v.value}")
        blocks.append("\n".join(lines))
    if conforms:
        summary = "conforms: every resource has what the shapes ask for"
    else:
        n, focus = len(violations), len({v.focus for v in violations})
        summary = (
            f"does not conform: {n} violation{'s' * (n != 1)} "
            f"on {focus} resource{'s' * (focus != 1)}"
        )
    return "\n\n".join([*blocks, summary])


def _path(results: Graph, path: Node | None) -> str:
    """A property path as SPARQL writes it: ``prov:wasAttributedTo``, ``^ckg:trackedAs``."""
    inverse = results.value(path, SH.inversePath) if isinstance(path, BNode) else None
    return f"^{_short(inverse)}" if inverse is not None else _short(path)


def _short(node: Node | None) -> str:
    """A term as people read it: an IRI by its prefixed name where a prefix fits."""
    if node is None:
        return ""
    if isinstance(node, URIRef):
        text = str(node)
        for prefix, ns in sorted(PREFIXES.items(), key=lambda p: -len(p[1])):
            if text.startswith(ns):
                return f"{prefix}:{text[len(ns) :]}"
        if text.startswith(str(SH)):
            return f"sh:{text[len(str(SH)) :]}"
        return f"<{text}>"
    if isinstance(node, Literal) and not isinstance(node.toPython(), str):
        return str(node)  # a number or date as written: -18, 2017-12-27
    return node.n3()
