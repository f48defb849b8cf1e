"""Checking the stored graph against the SHACL shapes of ``ontology/shapes.ttl``.

The shapes say what every article, entity, mention, claim, quantity, title attribution and
tracked claim must carry; :func:`validate` runs pySHACL over the whole graph and says, for
each violation, which resource breaks which rule.

The counts the graph keeps (``ckg:claimCount`` ..., each speaker's
``ckg:mentioningClaimCount``) are checked too, by counting again (:func:`count_violations`):
a shape cannot say that a number equals a count over the graph.

The graph is validated as stored, without the ontology merged in and without inference:
``ckg:TrackedClaim`` is a subclass of ``schema:Claim`` in the ontology, and RDFS inference
would hold every tracked claim to the shape of a claim in an article (offsets and all).
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

import pyshacl
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import SH
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


def shapes_graph() -> Graph:
    """The SHACL shapes shipped with kg (``ontology/shapes.ttl``)."""
    text = files("kg.ontology").joinpath("shapes.ttl").read_text(encoding="utf-8")
    return Graph().parse(data=text, format="turtle")


def validate_graph(data: Graph) -> tuple[bool, list[Violation]]:
    """Validate ``data`` against the shapes; return whether it conforms and why not.

    Examples
    --------
    >>> from kg.model import Document, Extraction
    >>> from kg.rdf.mapping import extraction_to_graph
    >>> validate_graph(extraction_to_graph(Extraction(Document("a.txt", "Hi."))))
    (True, [])
    """
    conforms, results, _ = pyshacl.validate(
        data, shacl_graph=shapes_graph(), inference="none", allow_warnings=True
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
    """Validate every triple of ``store`` against the shapes (see :func:`validate_graph`),
    and its kept counts against a count over the graph (:func:`count_violations`)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "graph.nt"
        store.dump(path, "nt")
        data = Graph().parse(path, format="nt")
    conforms, violations = validate_graph(data)
    wrong = count_violations(store)
    return conforms and not wrong, violations + wrong


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
