"""The triple store: where extractions are written and queries are run.

Everything above this module talks to a :class:`Store` obtained from :func:`open_store`.
A store does its work through two primitives, :meth:`Store.query` (SPARQL 1.1 Query with
bindings) and :meth:`Store.update` (SPARQL 1.1 Update), so a store behind a SPARQL endpoint
needs only those two and :meth:`Store.dump`, not a change to any caller.

The one store today is :class:`LocalStore`, an embedded Oxigraph database in a folder
(``./.kg/store`` unless told otherwise), opened through rdflib's ``"Oxigraph"`` store
plugin. All triples live in the default graph. Each article is written by one SPARQL
update, which Oxigraph applies as one transaction: an article is stored whole or not at all.
"""

from __future__ import annotations

import os
from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Literal as TypingLiteral

import pyoxigraph as ox
from oxrdflib.store import OxigraphStore
from rdflib import Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.query import Result
from rdflib.term import Identifier

from kg.model import Extraction
from kg.rdf.mapping import ENTITY_CLASSES, article_iri, extraction_to_graph
from kg.rdf.namespaces import ITSRDF, NIF, PREFIXES, SDO

#: Where ``kg`` keeps its store when ``--store`` is not given, relative to the working folder.
DEFAULT_STORE = Path(".kg") / "store"

#: What :meth:`Store.write_extraction` did with an article.
WriteOutcome = TypingLiteral["added", "replaced", "unchanged"]

#: Formats :meth:`Store.dump` writes, by the name users give them.
DUMP_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
}

_CLASS_NAMES = {iri: name for name, iri in ENTITY_CLASSES.items()}


class StoreError(Exception):
    """A store that cannot be opened or used; the message says what to do."""


class Store(ABC):
    """A SPARQL store holding the graph of a corpus.

    Subclasses provide :meth:`query`, :meth:`update`, :meth:`dump` and :meth:`close`;
    everything else is written in SPARQL on top of them.
    """

    location: str

    @abstractmethod
    def query(self, sparql: str, bindings: Mapping[str, Identifier] | None = None) -> Result:
        """Run a SPARQL query, with ``bindings`` (variable name -> RDF term) substituted.

        A bound variable must be in the ``SELECT`` projection (as Oxigraph requires);
        it is bound wherever it occurs in the query.

        The ``ckg:``, ``schema:``, ``nif:``, ``itsrdf:``, ``prov:``, ``rdf:``, ``rdfs:``,
        ``xsd:`` and ``kgid:`` prefixes are predeclared.
        """

    @abstractmethod
    def update(self, sparql: str) -> None:
        """Run a SPARQL update atomically: all of its operations apply, or none."""

    @abstractmethod
    def dump(self, path: str | os.PathLike[str], format: str) -> None:
        """Write every triple to ``path`` in ``format`` (a key of :data:`DUMP_FORMATS`)."""

    @abstractmethod
    def close(self) -> None:
        """Release the store; it cannot be used afterwards."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __len__(self) -> int:
        """Number of triples in the store."""
        rows = self.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        return int(next(iter(rows))[0])

    def stored_hash(self, doc_id: str) -> str | None:
        """Content hash of the stored article ``doc_id``, or None if it is not stored."""
        rows = self.query(
            "SELECT ?a ?h WHERE { ?a ckg:contentHash ?h }", {"a": article_iri(doc_id)}
        )
        return next((str(row.h) for row in rows), None)

    def has_document(self, doc_id: str, content_hash: str) -> bool:
        """Whether the article ``doc_id`` is stored with exactly this ``content_hash``."""
        return self.stored_hash(doc_id) == content_hash

    def write_extraction(self, extraction: Extraction) -> WriteOutcome:
        """Store an extraction's triples in one atomic update.

        An article already stored with the same content hash is left as it is
        (``"unchanged"``). One stored with another hash is replaced (``"replaced"``): its
        mentions, claims, quantities and title attributions go, and so do entities that
        no other article mentions, in the same update that writes the new triples.

        An entity's ``schema:name`` is the label the extraction gives it (the resolver's
        best name so far); a name it had before stays as ``schema:alternateName``.
        """
        doc = extraction.document
        stored = self.stored_hash(doc.id)
        if stored == doc.content_hash:
            return "unchanged"
        graph = extraction_to_graph(extraction)
        labels = sorted(graph.subject_objects(SDO.name))
        graph.remove((None, SDO.name, None))
        operations = _delete_article(article_iri(doc.id)) if stored is not None else []
        operations.append("INSERT DATA {\n" + graph.serialize(format="nt") + "}")
        operations += [_name_entity(entity, label) for entity, label in labels]
        self.update(" ;\n".join(operations))
        return "added" if stored is None else "replaced"

    def known_entities(self) -> Iterator[tuple[str, str, list[str]]]:
        """Yield ``(id, class, names)`` for every stored entity, its ``schema:name`` first.

        This seeds :class:`kg.resolve.Resolver`, so that an entity met again in a later
        build gets the id it already has.
        """
        rows = self.query(
            """
            SELECT ?id ?cls ?p ?name WHERE {
              VALUES ?cls { schema:Person schema:Organization schema:Place }
              VALUES ?p { schema:name schema:alternateName }
              ?e a ?cls ; schema:identifier ?id ; ?p ?name .
            } ORDER BY ?id ?cls DESC(?p) ?name
            """
        )
        current: tuple[str, str] | None = None
        names: list[str] = []
        for eid, cls, _, name in rows:
            key = (str(eid), _CLASS_NAMES[cls])
            if key != current:
                if current is not None:
                    yield (*current, names)
                current, names = key, []
            if str(name) not in names:
                names.append(str(name))
        if current is not None:
            yield (*current, names)


def _delete_article(article: URIRef) -> list[str]:
    """SPARQL update operations removing ``article`` and everything it owns."""
    a = article.n3()
    return [
        # Entities only this article mentions.
        f"""DELETE {{ ?e ?p ?o }} WHERE {{
          {{ SELECT DISTINCT ?e WHERE {{ ?m {NIF.referenceContext.n3()} {a} ;
                                           {ITSRDF.taIdentRef.n3()} ?e }} }}
          FILTER NOT EXISTS {{ ?other {ITSRDF.taIdentRef.n3()} ?e ;
                                      {NIF.referenceContext.n3()} ?elsewhere .
                               FILTER (?elsewhere != {a}) }}
          ?e ?p ?o }}""",
        # Mentions, claims, quantities and title attributions.
        f"DELETE {{ ?s ?p ?o }} WHERE {{ ?s {NIF.referenceContext.n3()} {a} ; ?p ?o }}",
        f"DELETE WHERE {{ {a} ?p ?o }}",
    ]


def _name_entity(entity: URIRef, label: Literal) -> str:
    """SPARQL update making ``label`` the name of ``entity``; a different name it had
    becomes an alternate name (the resolver passes the best name known so far)."""
    e, n = entity.n3(), label.n3()
    name, alternate = SDO.name.n3(), SDO.alternateName.n3()
    return (
        f"DELETE {{ {e} {name} ?old }} INSERT {{ {e} {alternate} ?old }} "
        f"WHERE {{ {e} {name} ?old FILTER (?old != {n}) }} ;\n"
        f"DELETE DATA {{ {e} {alternate} {n} }} ;\n"
        f"INSERT DATA {{ {e} {name} {n} }}"
    )


class LocalStore(Store):
    """An Oxigraph store in a folder on this machine, opened through rdflib.

    Parameters
    ----------
    path : path
        The store folder.
    create : bool
        Create the store if the folder does not exist or is empty (``kg build`` does);
        otherwise a missing store is an error.

    Raises
    ------
    StoreError
        The folder is not a store, holds no store yet (and ``create`` is false), or another
        process has it open.

    Examples
    --------
    >>> import tempfile
    >>> with LocalStore(tempfile.mkdtemp(), create=True) as store:
    ...     len(store)
    0
    """

    def __init__(self, path: str | os.PathLike[str], create: bool = False):
        self.path = Path(path)
        self.location = str(self.path)
        _check_folder(self.path, create)
        try:
            self._ox = ox.Store(str(self.path))
        except OSError as e:
            if "lock" in str(e).lower():
                raise StoreError(
                    f"store {self.path} is in use by another kg process: "
                    "wait for it to finish, or give another --store"
                ) from None
            raise StoreError(f"cannot open store {self.path}: {e}") from None
        self._graph = Graph(
            store=OxigraphStore(store=self._ox), identifier=DATASET_DEFAULT_GRAPH_ID
        )

    def query(self, sparql: str, bindings: Mapping[str, Identifier] | None = None) -> Result:
        result = self._graph.query(sparql, initNs=PREFIXES, initBindings=dict(bindings or {}))
        if result.type == "SELECT":
            # Read the solutions now (rdflib would keep them all as it iterates anyway): a
            # half-read Oxigraph result keeps the database, and its lock, open after close().
            result.bindings  # noqa: B018
        return result

    def update(self, sparql: str) -> None:
        self._ox.update(sparql, prefixes=PREFIXES)

    def dump(self, path: str | os.PathLike[str], format: str) -> None:
        self._ox.dump(
            str(path), DUMP_FORMATS[format], from_graph=ox.DefaultGraph(), prefixes=PREFIXES
        )

    def close(self) -> None:
        if self._ox is not None:
            self._ox.flush()
            self._graph.close()
            self._ox = None


def _check_folder(path: Path, create: bool) -> None:
    if path.exists() and not path.is_dir():
        raise StoreError(f"{path} is a file, not a store folder: give a folder with --store")
    empty = not path.exists() or not any(path.iterdir())
    if empty:
        if not create:
            raise StoreError(f"no store at {path}: run `kg build PATH --store {path}` first")
        path.mkdir(parents=True, exist_ok=True)
    elif not (path / "CURRENT").is_file():
        raise StoreError(
            f"{path} is not a kg store (it holds other files): "
            "give a new or empty folder with --store"
        )


def open_store(location: str | os.PathLike[str] | None = None, create: bool = False) -> Store:
    """Open the store at ``location`` (a folder; default :data:`DEFAULT_STORE`).

    Raises
    ------
    StoreError
        As :class:`LocalStore` does, or if ``location`` is a URL (SPARQL endpoints are
        not supported yet).
    """
    location = DEFAULT_STORE if location is None else location
    if str(location).startswith(("http://", "https://")):
        raise StoreError(f"{location}: SPARQL endpoint stores are not supported yet; give a folder")
    return LocalStore(location, create=create)
