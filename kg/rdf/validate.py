"""Checking the stored graph against the SHACL shapes of ``ontology/shapes.ttl``.

The shapes say what every article, entity, mention, claim, quantity, title attribution and
tracked claim must carry; :func:`validate` says, for each violation, which resource breaks
which rule. It compiles each constraint of the shapes to one SPARQL query whose answers
are the nodes that break it (:func:`compile_shapes`), run by the store itself over the
whole graph: Oxigraph reads the graph where it lies, so memory stays flat and the time
grows with the graph's size alone (pySHACL over a graph in memory took 19 minutes and
1.1 GB at 1.6 million triples). pySHACL stays the reference: :func:`validate_graph` runs
it over a graph in memory, and the tests hold the two to the same violations.

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

import pyshacl
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH, XSD
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


@cache
def _shapes_text() -> str:
    return files("kg.ontology").joinpath("shapes.ttl").read_text(encoding="utf-8")


def shapes_graph() -> Graph:
    """The SHACL shapes shipped with kg (``ontology/shapes.ttl``)."""
    return Graph().parse(data=_shapes_text(), format="turtle")


def validate_graph(data: Graph, shapes: Graph | None = None) -> tuple[bool, list[Violation]]:
    """Validate the in-memory graph ``data`` against the shapes (default
    :func:`shapes_graph`) with pySHACL; return whether it conforms and why not.

    :func:`validate` checks a store by the same shapes compiled to SPARQL
    (:func:`compile_shapes`); the two agree (``tests/test_validate.py``).

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
    return bool(conforms), violations


def validate(store: Store) -> tuple[bool, list[Violation]]:
    """Validate ``store``'s graph against the shapes, each property shape one or two
    SPARQL queries run by the store over the whole graph (:func:`compile_shapes`), and
    its kept counts against a count over the graph (:func:`count_violations`)."""
    violations = {
        violation
        for check in compile_shapes(shapes_graph())
        for row in store.select_terms(check.sparql, build_state=False)[1]
        for violation in check.violations(row)
    }
    ordered = sorted(violations, key=lambda v: (v.focus, v.path, v.message))
    conforms = all(v.severity != "Violation" for v in ordered)
    wrong = count_violations(store)
    return conforms and not wrong, ordered + wrong


@dataclass(frozen=True)
class CountCheck:
    """A property shape's ``sh:minCount`` and ``sh:maxCount`` as one SPARQL query whose
    solutions are the nodes (``?f``) with too few or too many values (``?n``)."""

    sparql: str
    path: str
    least: int
    most: int | None
    severity: str

    def violations(self, row: list[Node | None]) -> Iterator[Violation]:
        focus = _short(row[0])
        n = int(row[1]) if len(row) > 1 else 0
        if n < self.least:
            message = f"Less than {self.least} values on {focus}->{self.path}"
        elif self.most is not None and n > self.most:
            message = f"More than {self.most} values on {focus}->{self.path}"
        else:
            return
        yield Violation(focus, self.path, message, None, self.severity)


@dataclass(frozen=True)
class ValueCheck:
    """A property shape's constraints on its values as one SPARQL query whose solutions
    are the values (``?v``, of the node ``?f``) that break one, with whether each holds
    (``?ok0``, ``?ok1``...: one per constraint, in the order of ``said``)."""

    sparql: str
    path: str
    #: Each constraint as the shapes write it (``sh:datatype xsd:string``).
    said: tuple[str, ...]
    severity: str

    def violations(self, row: list[Node | None]) -> Iterator[Violation]:
        focus, value = _short(row[0]), _short(_plain_string(row[1]))
        for said, ok in zip(self.said, row[2:], strict=True):
            if ok is None or not ok.toPython():
                message = f"Value {value} of {focus}->{self.path} breaks {said}"
                yield Violation(focus, self.path, message, value, self.severity)


Check = CountCheck | ValueCheck


class UnsupportedShape(ValueError):
    """A shape uses a part of SHACL that :func:`compile_shapes` does not read."""


#: What a shape may say that is no constraint (descriptions, its kind, its targets).
_NOT_CONSTRAINTS = {RDF.type, RDFS.comment, RDFS.label, SH.name, SH.description, SH.path}
_TARGETS = {SH.targetClass, SH.targetSubjectsOf}
#: The constraints on a value, checked by :func:`_holds`.
_VALUE_CONSTRAINTS = {SH["class"], SH.datatype, SH["in"], SH.minInclusive, SH.pattern, SH["or"]}


def compile_shapes(shapes: Graph) -> list[Check]:
    """The constraints of the node shapes in ``shapes`` that have targets, as SPARQL
    queries (:class:`Check`) over the graph as stored.

    The part of SHACL Core kg's shapes use is read: targets by ``sh:targetClass`` and
    ``sh:targetSubjectsOf``; ``sh:node`` (the other shape's constraints on the same
    nodes); property shapes whose ``sh:path`` is an IRI or an ``sh:inversePath``, with
    ``sh:minCount``, ``sh:maxCount`` and value constraints ``sh:class``,
    ``sh:datatype``, ``sh:in``, ``sh:minInclusive``, ``sh:pattern`` and ``sh:or`` of
    shapes made of these. Anything else is an :class:`UnsupportedShape` error, never
    skipped in silence. As the graph is validated without the ontology (see the
    module), ``sh:class`` reads ``rdf:type`` alone.

    Examples
    --------
    >>> checks = compile_shapes(shapes_graph())
    >>> print(next(c for c in checks if c.path == "schema:text").sparql)
    ... # doctest: +NORMALIZE_WHITESPACE
    SELECT ?f (COUNT(DISTINCT ?v) AS ?n) WHERE { ?f a <http://schema.org/NewsArticle> .
      OPTIONAL { ?f <http://schema.org/text> ?v } } GROUP BY ?f
      HAVING (COUNT(DISTINCT ?v) < 1 || COUNT(DISTINCT ?v) > 1)
    """
    checks: list[Check] = []
    for shape in sorted(set(shapes.subjects(RDF.type, SH.NodeShape)), key=str):
        targets = _targets(shapes, shape)
        for target in targets:
            for node_shape in _with_nodes(shapes, shape):
                _check_known(shapes, node_shape, _TARGETS | {SH.property, SH.node})
                for prop in sorted(shapes.objects(node_shape, SH.property), key=str):
                    checks.extend(_property_checks(shapes, prop, target))
    return checks


def _targets(shapes: Graph, shape: Node) -> list[str]:
    """Patterns binding ``?f`` to the focus nodes of ``shape``, one per target."""
    found = [f"?f a {c.n3()} ." for c in sorted(shapes.objects(shape, SH.targetClass))]
    found += [
        f"{{ SELECT DISTINCT ?f WHERE {{ ?f {p.n3()} ?any }} }}"
        for p in sorted(shapes.objects(shape, SH.targetSubjectsOf))
    ]
    return found


def _with_nodes(shapes: Graph, shape: Node) -> list[Node]:
    """``shape`` and the shapes it asks its nodes to conform to (``sh:node``), deep."""
    seen, todo = [], [shape]
    while todo:
        s = todo.pop()
        if s not in seen:
            seen.append(s)
            todo.extend(sorted(shapes.objects(s, SH.node), key=str))
    return seen


def _check_known(shapes: Graph, shape: Node, known: set[URIRef]) -> None:
    unknown = {p for p in shapes.predicates(shape) if p not in known | _NOT_CONSTRAINTS}
    if unknown:
        raise UnsupportedShape(
            f"shape {_short(shape)} uses {', '.join(sorted(map(_short, unknown)))}, which "
            "kg validate does not read: check ontology/shapes.ttl, or teach "
            "kg.rdf.validate.compile_shapes that part of SHACL"
        )


def _property_checks(shapes: Graph, prop: Node, target: str) -> list[Check]:
    _check_known(shapes, prop, {SH.minCount, SH.maxCount} | _VALUE_CONSTRAINTS)
    path_node = shapes.value(prop, SH.path)
    inverse = shapes.value(path_node, SH.inversePath) if isinstance(path_node, BNode) else None
    if isinstance(path_node, URIRef):
        pattern, shown = f"?f {path_node.n3()} ?v", _short(path_node)
    elif isinstance(inverse, URIRef) and len(set(shapes.predicate_objects(path_node))) == 1:
        pattern, shown = f"?v {inverse.n3()} ?f", f"^{_short(inverse)}"
    else:
        raise UnsupportedShape(
            f"a property shape's sh:path {_short(path_node)} is neither an IRI nor an "
            "sh:inversePath of one: kg validate reads only these"
        )
    severity = _short(shapes.value(prop, SH.severity) or SH.Violation).removeprefix("sh:")
    checks: list[Check] = []
    least = int(shapes.value(prop, SH.minCount) or 0)
    most = shapes.value(prop, SH.maxCount)
    most = None if most is None else int(most)
    if least == 1 and most is None:  # the commonest: a NOT EXISTS, no grouping
        sparql = f"SELECT DISTINCT ?f WHERE {{ {target} FILTER NOT EXISTS {{ {pattern} }} }}"
        checks.append(CountCheck(sparql, shown, least, most, severity))
    elif least or most is not None:
        values = f"OPTIONAL {{ {pattern} }}" if least else pattern
        wrong = " || ".join(
            ([f"COUNT(DISTINCT ?v) < {least}"] if least else [])
            + ([f"COUNT(DISTINCT ?v) > {most}"] if most is not None else [])
        )
        sparql = (
            f"SELECT ?f (COUNT(DISTINCT ?v) AS ?n) WHERE {{ {target} {values} }} "
            f"GROUP BY ?f HAVING ({wrong})"
        )
        checks.append(CountCheck(sparql, shown, least, most, severity))
    constraints = [
        (constraint, value)
        for constraint in sorted(_VALUE_CONSTRAINTS, key=str)
        for value in sorted(shapes.objects(prop, constraint), key=str)
    ]
    if constraints:
        binds = " ".join(
            f"BIND (COALESCE({_holds(shapes, c, v)}, false) AS ?ok{i})"
            for i, (c, v) in enumerate(constraints)
        )
        broken = " || ".join(f"!?ok{i}" for i in range(len(constraints)))
        oks = " ".join(f"?ok{i}" for i in range(len(constraints)))
        sparql = (
            f"SELECT DISTINCT ?f ?v {oks} WHERE {{ {target} {pattern} {binds} FILTER ({broken}) }}"
        )
        said = tuple(f"{_short(c)} {_describe(shapes, v)}" for c, v in constraints)
        checks.append(ValueCheck(sparql, shown, said, severity))
    return checks


def _holds(shapes: Graph, constraint: URIRef, value: Node) -> str:
    """A SPARQL expression true when ``?v`` meets ``constraint`` with ``value``."""
    if constraint == SH["class"]:
        return f"EXISTS {{ ?v a {value.n3()} }}"
    if constraint == SH.datatype:
        return f"(isLiteral(?v) && datatype(?v) = {value.n3()})"
    if constraint == SH["in"]:
        allowed = [_plain_string(m) for m in Collection(shapes, value)]
        return "(" + " || ".join(f"sameTerm(?v, {m.n3()})" for m in allowed) + ")"
    if constraint == SH.minInclusive:
        return f"COALESCE(?v >= {value.n3()}, false)"
    if constraint == SH.pattern:
        return f"COALESCE(REGEX(STR(?v), {Literal(str(value)).n3()}), false)"
    # sh:or: each member a shape of value constraints, all of which it must meet
    alternatives = []
    for member in Collection(shapes, value):
        _check_known(shapes, member, _VALUE_CONSTRAINTS)
        parts = [
            _holds(shapes, c, v)
            for c, v in shapes.predicate_objects(member)
            if c in _VALUE_CONSTRAINTS
        ]
        alternatives.append("(" + " && ".join(sorted(parts) or ["true"]) + ")")
    return "(" + " || ".join(alternatives) + ")"


def _describe(shapes: Graph, value: Node) -> str:
    """A constraint's value as the shapes write it (a list in brackets)."""
    if isinstance(value, BNode) and shapes.value(value, RDF.first) is not None:
        members = []
        for m in Collection(shapes, value):
            if isinstance(m, BNode):
                members.append(
                    "[ "
                    + " ; ".join(
                        f"{_short(c)} {_short(v)}"
                        for c, v in sorted(shapes.predicate_objects(m))
                        if c in _VALUE_CONSTRAINTS
                    )
                    + " ]"
                )
            else:
                members.append(_short(m))
        return "( " + " ".join(members) + " )"
    return _short(value)


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
