"""Checking the stored graph against the SHACL shapes of ``ontology/shapes.ttl``.

The shapes say what every article, entity, mention, claim, quantity, title attribution and
tracked claim must carry; :func:`validate` runs pySHACL over the whole graph and says, for
each violation, which resource breaks which rule.

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
    """Validate every triple of ``store`` against the shapes (see :func:`validate_graph`)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "graph.nt"
        store.dump(path, "nt")
        data = Graph().parse(path, format="nt")
    return validate_graph(data)


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
