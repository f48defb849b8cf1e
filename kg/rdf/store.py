"""The triple store: where extractions are written and queries are run.

Everything above this module talks to a :class:`Store` obtained from :func:`open_store`.
A store does its work through two primitives, :meth:`Store.query` (SPARQL 1.1 Query with
bindings) and :meth:`Store.update` (SPARQL 1.1 Update), so a store behind a SPARQL endpoint
needs only those two and :meth:`Store.dump`, not a change to any caller.

There are two: :class:`LocalStore`, an embedded Oxigraph database in a folder
(``./.kg/store`` unless told otherwise), opened through rdflib's ``"Oxigraph"`` store
plugin; and :class:`SparqlStore`, any SPARQL 1.1 Query/Update endpoint (Oxigraph server,
Fuseki ...), named by an ``http://`` URL. The graph is the default graph; the build's
state is in the named graph :data:`STATE_GRAPH`, and the kept counts of what each
speaker's claims mention in a named graph per speaker (:data:`SPEAKER_MENTIONS`). A batch
of articles is written by one SPARQL update, which both apply as one transaction: an
article is stored whole or not at all.
"""

from __future__ import annotations

import http.client
import io
import json
import os
import re
import shutil
import time
import urllib.error
import urllib.request
from abc import ABC, abstractmethod
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import NamedTuple, TypeVar
from urllib.parse import unquote, urlsplit, urlunsplit

import pyoxigraph as ox
from oxrdflib.store import OxigraphStore
from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import XSD
from rdflib.plugins.serializers.nt import _nt_row
from rdflib.query import Result
from rdflib.term import Identifier

from kg.model import Correction, Extraction, KnownEntity, extraction_from_dict, extraction_to_dict
from kg.rdf.mapping import ENTITY_CLASSES, article_iri
from kg.rdf.namespaces import BASE, CKG, NIF, PREFIXES, READABLE_PREFIXES, SDO

#: Where ``kg`` keeps its store when ``--store`` is not given, relative to the working folder.
DEFAULT_STORE = Path(".kg") / "store"

#: The named graph of the build state (records, digests, where derivation starts again):
#: never read by queries, exports or counts, which read the default graph.
STATE_GRAPH = BASE["build-state"]
#: The subject of the store-wide build state (``ckg:staleFrom``).
BUILD_STATE = BASE["build-state#state"]


#: Formats :meth:`Store.dump` writes, by the name users give them.
DUMP_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
}

T = TypeVar("T")

_CLASS_NAMES = {iri: name for name, iri in ENTITY_CLASSES.items()}

#: LSH keys looked up per query by :meth:`Store.claims_sharing_keys` (a batch of 32
#: articles has a few thousand).
KEY_LOOKUP_CHUNK = 2000

#: Characters of SPARQL updates after which :class:`LocalStore` flushes Oxigraph's
#: in-memory write buffers to disk. Left alone, they grow to about a gigabyte over a
#: build of 10,000 articles; flushed every 32 MB or so, a build's memory stays flat.
FLUSH_AFTER = 32 * 2**20


class StoreError(Exception):
    """A store that cannot be opened or used; the message says what to do."""


class StoreInUse(StoreError):
    """A store folder another process holds open for writing (a build, a remove)."""

    def __init__(self, path: Path, holder: str):
        super().__init__(
            f"store {path} is in use by another kg process ({holder}): wait for it to "
            "finish (`kg build` and `kg remove` wait unless given --no-wait), or give "
            "another --store"
        )
        #: What holds it, for a message: "the build running in pid 4242".
        self.holder = holder


class Store(ABC):
    """A SPARQL store holding the graph of a corpus.

    Subclasses provide :meth:`query`, :meth:`update`, :meth:`dump` and :meth:`close`;
    everything else is written in SPARQL on top of them.
    """

    location: str

    @abstractmethod
    def query(
        self,
        sparql: str,
        bindings: Mapping[str, Identifier] | None = None,
        build_state: bool = True,
    ) -> Result:
        """Run a SPARQL query, with ``bindings`` (variable name -> RDF term) substituted.

        A bound variable must be in the ``SELECT`` projection (as Oxigraph requires);
        it is bound wherever it occurs in the query. ``build_state=False`` leaves the
        build state (:data:`STATE_GRAPH`) out of the query's dataset, as for every query a
        user asks (:func:`kg.query.run`, ``kg serve``): the default graph is the graph,
        and ``GRAPH ?g`` ranges over the speakers' graphs only. A SPARQL endpoint's
        dataset is its own: there ``GRAPH ?g`` sees the build state too.

        The prefixes of :data:`kg.rdf.namespaces.READABLE_PREFIXES` are predeclared
        (``schema:``, ``ckg:`` ..., ``person:``, ``article:`` ...).
        """

    @abstractmethod
    def update(self, sparql: str) -> None:
        """Run a SPARQL update atomically: all of its operations apply, or none."""

    def insert_lines(self, lines: Sequence[str], state: Sequence[str] = ()) -> None:
        """Add N-Triples ``lines`` to the graph and ``state`` (N-Triples lines) to the build
        state (:data:`STATE_GRAPH`), atomically: all of them, or none.

        This is how a derivation into an empty graph writes (:mod:`kg.derive`): triples
        that are only added, with nothing to delete or count beside them. Here one
        ``INSERT DATA`` update; :class:`LocalStore` loads them with Oxigraph's parser.
        """
        if not lines and not state:
            return
        body = "\n".join(lines)
        if state:
            body += f"\nGRAPH {STATE_GRAPH.n3()} {{\n" + "\n".join(state) + "\n}"
        self.update("INSERT DATA {\n" + body + "\n}")

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
        return self.stored_hashes([doc_id]).get(doc_id)

    def stored_hashes(self, doc_ids: Iterable[str]) -> dict[str, str]:
        """Content hash of each of the articles ``doc_ids`` that is stored, by id.

        One query for all of them (a ``VALUES`` block of article IRIs), so that checking
        a batch of articles costs one round trip to a SPARQL server, not one each.
        """
        iris = {article_iri(doc_id): doc_id for doc_id in doc_ids}
        if not iris:
            return {}
        values = " ".join(iri.n3() for iri in iris)
        rows = self.query(
            f"SELECT ?a ?h WHERE {{ VALUES ?a {{ {values} }} ?a ckg:contentHash ?h }}"
        )
        return {iris[row.a]: str(row.h) for row in rows}

    def has_document(self, doc_id: str, content_hash: str) -> bool:
        """Whether the article ``doc_id`` is stored with exactly this ``content_hash``."""
        return self.stored_hash(doc_id) == content_hash

    # ------------------------------------------------------------ build state
    #
    # What an incremental build needs to give the graph a fresh build gives (kg.derive):
    # each article's extraction record, the digest of its triples as written, and where
    # derivation must start again. All of it lives in the named graph STATE_GRAPH, which
    # queries, exports and counts never read (they read the default graph).

    def _article_states(self, doc_ids: Iterable[str], prop: URIRef) -> dict[str, str]:
        """The build-state value ``prop`` of each of ``doc_ids`` that has one, by id, read
        :data:`KEY_LOOKUP_CHUNK` articles to a query."""
        iris = {article_iri(doc_id): doc_id for doc_id in doc_ids}
        found: dict[str, str] = {}
        chunk = list(iris)
        for at in range(0, len(chunk), KEY_LOOKUP_CHUNK):
            values = " ".join(iri.n3() for iri in chunk[at : at + KEY_LOOKUP_CHUNK])
            rows = self.select_strings(
                f"SELECT ?a ?v WHERE {{ VALUES ?a {{ {values} }} "
                f"GRAPH {STATE_GRAPH.n3()} {{ ?a {prop.n3()} ?v }} }}"
            )
            for a, v in rows:
                found[iris[URIRef(a)]] = v
        return found

    def _store_state(self, prop: URIRef) -> list[str]:
        """The store-wide build-state values of ``prop``."""
        rows = self.select_strings(
            f"SELECT ?v WHERE {{ GRAPH {STATE_GRAPH.n3()} "
            f"{{ {BUILD_STATE.n3()} {prop.n3()} ?v }} }}"
        )
        return [row[0] for row in rows]

    def recorded_hashes(self, doc_ids: Iterable[str]) -> dict[str, str]:
        """The content hash each of ``doc_ids`` was recorded with, for those recorded."""
        return self._article_states(doc_ids, CKG.recordHash)

    def recorded_ids(self) -> list[str]:
        """The ids of every recorded article, sorted (the order articles are derived in)."""
        rows = self.select_strings(
            f"SELECT ?id WHERE {{ GRAPH {STATE_GRAPH.n3()} "
            "{ ?a ckg:recordHash ?h ; schema:identifier ?id } }"
        )
        return sorted(row[0] for row in rows)

    def derived_ids(self) -> list[str]:
        """The ids of the articles in the graph (the default graph), sorted."""
        rows = self.select_strings(
            "SELECT ?id WHERE { ?a a schema:NewsArticle ; schema:identifier ?id }"
        )
        return sorted(row[0] for row in rows)

    def stale_from(self) -> str | None:
        """The lowest article id from which the graph may not be derived from the records
        yet (see :mod:`kg.derive`); None when it all is."""
        return min(self._store_state(CKG.staleFrom), default=None)

    def kept_version(self) -> int:
        """The generation of kept values the graph holds (:data:`KEPT_VERSION`; 0: none
        recorded, a graph written before they were versioned)."""
        return max((int(v) for v in self._store_state(CKG.keptVersion)), default=0)

    def fresh_derivation(self) -> bool:
        """Whether a derivation into an empty graph started and has not ended (see
        :func:`fresh_start_ops`): the graph is then to be derived again from nothing."""
        return bool(self._store_state(CKG.freshDerivation))

    def gazetteer(self) -> list[KnownEntity]:
        """The entities of the store's gazetteer (``kg build --gazetteer``), in its order."""
        stored = self._store_state(CKG.gazetteer)
        if not stored:
            return []
        return [
            KnownEntity(e["name"], e["cls"], tuple(e["aliases"]), tuple(e["same_as"]))
            for e in json.loads(stored[0])
        ]

    def corrections(self) -> list[Correction]:
        """The store's corrections of resolution (``kg build --corrections``), in order."""
        stored = self._store_state(CKG.corrections)
        return [Correction(**c) for c in json.loads(stored[0])] if stored else []

    def records(self, doc_ids: Iterable[str]) -> dict[str, Extraction]:
        """The recorded extraction of each of ``doc_ids`` that has one, by id."""
        return {
            doc_id: extraction_from_dict(json.loads(data))
            for doc_id, data in self._article_states(doc_ids, CKG.record).items()
        }

    def derived_digests(self, doc_ids: Iterable[str]) -> dict[str, str]:
        """The digest of each of ``doc_ids``'s triples as last written, for those written."""
        return self._article_states(doc_ids, CKG.derivedDigest)

    def referenced(self, doc_ids: Iterable[str]) -> tuple[set[URIRef], set[URIRef]]:
        """The tracked claims and entities the stored triples of ``doc_ids`` point to."""
        iris = [article_iri(doc_id) for doc_id in doc_ids]
        if not iris:
            return set(), set()
        values = " ".join(iri.n3() for iri in iris)
        tracked = {
            URIRef(t)
            for (t,) in self.select_strings(
                f"SELECT DISTINCT ?t WHERE {{ VALUES ?a {{ {values} }} "
                "?c nif:referenceContext ?a ; ckg:trackedAs ?t }"
            )
        }
        prefix = str(BASE) + "entity/"
        entities = {
            URIRef(e)
            for (e,) in self.select_strings(
                f"SELECT DISTINCT ?e WHERE {{ VALUES ?a {{ {values} }} "
                f"?s nif:referenceContext ?a ; ?p ?e "
                f"FILTER (STRSTARTS(STR(?e), {Literal(prefix).n3()})) }}"
            )
        }
        return tracked, entities

    def entity_links(self, doc_ids: Iterable[str]) -> dict[str, set[tuple[str, str]]]:
        """For each of ``doc_ids`` in the graph, its triples that point to an entity, as
        (subject IRI, entity IRI) pairs: what its articles' ids were resolved to when it
        was last derived (:class:`kg.derive.Derivation` derives again those that changed).
        """
        iris = {str(article_iri(doc_id)): doc_id for doc_id in doc_ids}
        out: dict[str, set[tuple[str, str]]] = {}
        prefix = Literal(str(BASE) + "entity/").n3()
        chunk = sorted(iris)
        for at in range(0, len(chunk), KEY_LOOKUP_CHUNK):
            values = " ".join(URIRef(iri).n3() for iri in chunk[at : at + KEY_LOOKUP_CHUNK])
            for a, s, e in self.select_strings(
                f"SELECT ?a ?s ?e WHERE {{ VALUES ?a {{ {values} }} "
                f"?s nif:referenceContext ?a ; ?p ?e FILTER (STRSTARTS(STR(?e), {prefix})) }}"
            ):
                out.setdefault(iris[a], set()).add((s, e))
        return out

    def entity_triples(self, entities: Iterable[URIRef] | None = None) -> dict[URIRef, set[str]]:
        """The triples of entity nodes as N-Triples lines, by entity: of ``entities``, or
        of every entity in the graph."""
        if entities is None:
            where = "?e a ?cls VALUES ?cls { schema:Person schema:Organization schema:Place }"
        else:
            entities = list(entities)
            if not entities:
                return {}
            where = "VALUES ?e { " + " ".join(e.n3() for e in entities) + " }"
        counts = ", ".join(c.n3() for c in ENTITY_COUNTS)  # kept by count_ops, not derived
        sparql = f"SELECT ?e ?p ?o WHERE {{ {where} ?e ?p ?o FILTER (?p NOT IN ({counts})) }}"
        found: dict[URIRef, set[str]] = {}
        for s, line in self._triple_lines(sparql):
            found.setdefault(URIRef(s), set()).add(line)
        return found

    def _triple_lines(self, sparql: str) -> Iterator[tuple[str, str]]:
        """(subject IRI, N-Triples line) of each solution of a ``SELECT ?e ?p ?o`` query."""
        for s, p, o in self.query(sparql):
            yield str(s), nt_line(s, p, o)

    def select_terms(
        self,
        sparql: str,
        bindings: Mapping[str, Identifier] | None = None,
        build_state: bool = True,
    ) -> tuple[list[str], list[list[Identifier | None]]]:
        """Run a SELECT query (``bindings`` and ``build_state`` as for :meth:`query`) and
        return its column names and its rows, read whole: lists of rdflib terms, None
        where unbound. The answer of :func:`kg.query.run`; the embedded store builds it
        from Oxigraph's own terms, each distinct value once (:class:`TermCache`)."""
        result = self.query(sparql, bindings, build_state)
        return [str(v) for v in result.vars], [list(row) for row in result]

    def select_strings(self, sparql: str) -> Iterator[tuple[str | None, ...]]:
        """Run a SELECT query and yield each solution as a tuple of the lexical forms of
        its terms (an IRI as its string, an unbound variable as None), in projection
        order: for bulk reads, where building rdflib terms costs more than the query."""
        for row in self.query(sparql):
            yield tuple(None if term is None else str(term) for term in row)

    def claims_sharing_keys(
        self, keys: Iterable[str], before: str | None = None
    ) -> Iterator[tuple[str, str, str, str]]:
        """Yield ``(key, speaker_id, text, tracked_id)`` for the stored claims that have
        one of the LSH keys ``keys`` (``ckg:lshKey``), once per distinct row.

        This is how :class:`kg.tracking.Tracker` finds the stored claims that may say the
        same as a new one: a few queries a batch (a ``VALUES`` block of up to
        :data:`KEY_LOOKUP_CHUNK` keys each), whatever the size of the store.
        ``tracked_id`` is the tracked claim's IRI under ``https://w3id.org/claimkg/id/``
        (``tracked/<hash>``). With ``before``, only claims of articles whose id sorts
        before it are looked at (those a build has derived already: see :mod:`kg.derive`).
        """
        only = ""
        if before is not None:
            only = (
                f"?c nif:referenceContext/schema:identifier ?doc "
                f"FILTER (?doc < {Literal(before).n3()})"
            )
        keys = sorted(set(keys))
        base, entity = len(str(BASE)), len(str(BASE) + "entity/")
        for at in range(0, len(keys), KEY_LOOKUP_CHUNK):
            # keys are hex digits (Fingerprint.key_texts): quoted as they are, no escaping
            values = " ".join(f'"{k}"' for k in keys[at : at + KEY_LOOKUP_CHUNK])
            rows = self.select_strings(
                f"""
                SELECT DISTINCT ?k ?speaker ?text ?t WHERE {{
                  VALUES ?k {{ {values} }}
                  ?c ckg:lshKey ?k ; ckg:trackedAs ?t ; schema:text ?text ;
                     prov:wasAttributedTo ?speaker .
                  {only}
                }}
                """
            )
            for k, speaker, text, t in rows:
                yield k, unquote(speaker[entity:]), text, t[base:]

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


#: Sort key of a claim ``?c`` as an appearance, bound to ``?key``: its date (undated
#: last), its article's id and its offset (zero-padded), in the order of
#: :func:`kg.rdf.mapping._first_key`. A space, below every printable character, separates
#: the parts, so that comparing keys compares the parts in turn.
_APPEARANCE_KEY = """
  ?c nif:referenceContext ?article ; nif:beginIndex ?begin .
  ?article schema:identifier ?article_id .
  OPTIONAL { ?c schema:dateCreated ?date }
  BIND (CONCAT(IF(BOUND(?date), CONCAT("0", STR(?date)), "1"), " ", STR(?article_id), " ",
               SUBSTR(CONCAT("000000000000", STR(?begin)), STRLEN(STR(?begin)) + 1)) AS ?key)
"""


def appearance_key(date: str | None, doc_id: str, begin: int) -> str:
    """The sort key :data:`_APPEARANCE_KEY` gives a claim, computed from its record.

    Examples
    --------
    >>> appearance_key("2017-12-20", "b.txt", 42) < appearance_key(None, "a.txt", 0)
    True
    >>> appearance_key("2017", "a.txt", 7)
    '02017 a.txt 000000000007'
    """
    return f"{'0' + date if date else '1'} {doc_id} {begin:012d}"


class NewAppearance(NamedTuple):
    """A claim of an article written for the first time, as an appearance of its tracked
    claim (:func:`extend_tracked_ops`)."""

    tracked: URIRef
    key: str  # appearance_key of the claim
    article: URIRef
    text: str
    speaker: URIRef | None
    date: Literal | None


def _set_first_appearance(tracked: str) -> str:
    """SPARQL update setting the ``schema:firstAppearance``, ``schema:text`` and
    ``schema:dateCreated`` of the tracked claims ``?t`` that the pattern ``tracked``
    binds, and their speaker (``prov:wasAttributedTo``), to those of their earliest
    claim; a tracked claim with no claim left loses all four.

    ``tracked`` is repeated inside each sub-select so that each is evaluated for those
    tracked claims only: an OPTIONAL whose own pattern is not bound by it is evaluated
    over the whole store first (seconds per batch on a million triples)."""
    return f"""
DELETE {{ ?t schema:firstAppearance ?old_first ; schema:text ?old_text ;
             prov:wasAttributedTo ?old_speaker ; schema:dateCreated ?old_date }}
INSERT {{ ?t schema:firstAppearance ?article ; schema:text ?text ;
             prov:wasAttributedTo ?speaker ; schema:dateCreated ?date }}
WHERE {{
  {tracked}
  OPTIONAL {{ SELECT ?t (MIN(?key) AS ?first) WHERE {{
       {tracked}
       ?c ckg:trackedAs ?t . {_APPEARANCE_KEY}
     }} GROUP BY ?t }}
  OPTIONAL {{
    {{ SELECT ?t ?key ?article ?text ?speaker ?date WHERE {{
         {tracked}
         ?c ckg:trackedAs ?t ; schema:text ?text . {_APPEARANCE_KEY}
         OPTIONAL {{ ?c prov:wasAttributedTo ?speaker }}
       }} }}
    FILTER (?key = ?first) }}
  OPTIONAL {{ ?t schema:firstAppearance ?old_first }}
  OPTIONAL {{ ?t prov:wasAttributedTo ?old_speaker }}
  OPTIONAL {{ ?t schema:text ?old_text }}
  OPTIONAL {{ ?t schema:dateCreated ?old_date }}
}}"""


class TermCache:
    """rdflib terms made from Oxigraph's, each distinct one once.

    A query's cells repeat (a class name, a count, a speaker), and an rdflib ``Literal``
    costs about 6 µs to make (it parses its lexical form to a Python value); a string
    literal, most cells, is made directly as rdflib would make it
    (``tests/test_named_queries.py`` checks that they are equal in every attribute).
    """

    def __init__(self) -> None:
        self._literals: dict[ox.Literal, Literal] = {}

    def rdflib(self, term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> Identifier | None:
        """The rdflib term of an Oxigraph term (None stays None)."""
        if term is None:
            return None
        found = self._literals.get(term)  # Oxigraph's terms hash and compare as terms
        if found is not None:
            return found
        if isinstance(term, ox.NamedNode):
            return URIRef(term.value)
        if isinstance(term, ox.BlankNode):
            return BNode(term.value)
        found = self._literals[term] = _literal(term.value, term.datatype.value, term.language)
        return found


_XSD_STRING_IRI = XSD.string
_XSD_STRING = str(_XSD_STRING_IRI)


def _literal(value: str, datatype: str, language: str | None) -> Literal:
    """``Literal(value, lang=language)`` or ``Literal(value, datatype=datatype)``; an
    ``xsd:string`` one without rdflib's parsing, which leaves a string as it is."""
    if language:
        return Literal(value, lang=language)
    if datatype != _XSD_STRING:
        return Literal(value, datatype=URIRef(datatype))
    literal = str.__new__(Literal, value)
    literal._language = None
    literal._datatype = _XSD_STRING_IRI
    literal._value = value
    literal._ill_typed = False
    return literal


def nt_line(s: Identifier, p: Identifier, o: Identifier) -> str:
    """A triple as one N-Triples line (no newline), as the store's data and digests take it."""
    return _nt_row((s, p, o)).rstrip("\n")


def _state(subject: URIRef, prop: URIRef, value: str) -> str:
    return f"{subject.n3()} {prop.n3()} {Literal(value).n3()} ."


def record_ops(extraction: Extraction) -> list[str]:
    """SPARQL update operations recording an article's extraction (before resolution) in
    the build state, in place of any record it had."""
    doc = extraction.document
    a = article_iri(doc.id)
    g = STATE_GRAPH.n3()
    data = json.dumps(extraction_to_dict(extraction), ensure_ascii=True, separators=(",", ":"))
    return [
        f"DELETE {{ GRAPH {g} {{ {a.n3()} ?p ?o }} }} WHERE {{ GRAPH {g} {{ {a.n3()} ?p ?o "
        f"FILTER (?p != {CKG.derivedDigest.n3()}) }} }}",
        f"INSERT DATA {{ GRAPH {g} {{ {_state(a, SDO.identifier, doc.id)} "
        f"{_state(a, CKG.recordHash, doc.content_hash)} {_state(a, CKG.record, data)} }} }}",
    ]


def forget_record_ops(doc_id: str) -> list[str]:
    """SPARQL update operations dropping an article's record (and digest) from the state."""
    a, g = article_iri(doc_id).n3(), STATE_GRAPH.n3()
    return [f"DELETE WHERE {{ GRAPH {g} {{ {a} ?p ?o }} }}"]


def stale_from_ops(doc_id: str | None) -> list[str]:
    """SPARQL update operations setting where derivation starts again (None: nowhere)."""
    s, g = BUILD_STATE.n3(), STATE_GRAPH.n3()
    ops = [f"DELETE WHERE {{ GRAPH {g} {{ {s} {CKG.staleFrom.n3()} ?o }} }}"]
    if doc_id is not None:
        state = _state(BUILD_STATE, CKG.staleFrom, doc_id)
        ops.append(f"INSERT DATA {{ GRAPH {g} {{ {state} }} }}")
    return ops


#: The generation of what derivation keeps beside the articles' own triples, raised when
#: that changes so that an older graph is brought up to date (:func:`kg.derive.update_kept`):
#: 1, the entities' counts and the tracked claims' appearance counts; 2, the speakers'
#: mention counts (:data:`SPEAKER_MENTIONS`) and the tracked claims' ``schema:dateCreated``.
KEPT_VERSION = 2


def kept_version_ops() -> list[str]:
    """SPARQL update operations recording that the graph holds :data:`KEPT_VERSION`."""
    s, g = BUILD_STATE.n3(), STATE_GRAPH.n3()
    state = f"{s} {CKG.keptVersion.n3()} {Literal(KEPT_VERSION).n3()} ."
    return [
        f"DELETE WHERE {{ GRAPH {g} {{ {s} {CKG.keptVersion.n3()} ?o }} }}",
        f"INSERT DATA {{ GRAPH {g} {{ {state} }} }}",
    ]


def clear_kept_ops() -> list[str]:
    """SPARQL update operations deleting every kept count (:func:`count_ops`), to count
    them again from the articles' triples."""
    ops = [f"DELETE WHERE {{ ?s {p.n3()} ?o }}" for p in (*ENTITY_COUNTS, CKG.appearanceCount)]
    return [*ops, _clear_speaker_mentions()]


def _clear_speaker_mentions() -> str:
    """SPARQL update operation deleting the speakers' kept counts (their named graphs)."""
    return (
        f"DELETE {{ GRAPH ?g {{ ?e {SPEAKER_MENTIONS.n3()} ?n }} }} "
        f"WHERE {{ GRAPH ?g {{ ?e {SPEAKER_MENTIONS.n3()} ?n }} }}"
    )


def fresh_start_ops(doc_id: str, clear: bool = False) -> list[str]:
    """SPARQL update operations starting a derivation into a graph without articles (see
    :class:`kg.derive.Derivation`): every article's digest cleared, the records and
    gazetteer kept, the mark (``ckg:freshDerivation``) set, and derivation to start again
    at ``doc_id``. Until :func:`fresh_end_ops`, the graph holds articles whose counts,
    tracked claims and entities are not written yet. ``clear`` (a load that did not end)
    also deletes every triple kg derived (those of its resources, under :data:`BASE`,
    and the speakers' kept counts), and nothing else the graph holds."""
    s, g = BUILD_STATE.n3(), STATE_GRAPH.n3()
    derived = (
        f"DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o "
        f"FILTER (STRSTARTS(STR(?s), {Literal(str(BASE)).n3()})) }}"
    )
    return [
        *([derived, _clear_speaker_mentions()] if clear else []),
        f"DELETE WHERE {{ GRAPH {g} {{ ?a {CKG.derivedDigest.n3()} ?d }} }}",
        f"DELETE WHERE {{ GRAPH {g} {{ {s} {CKG.freshDerivation.n3()} ?o }} }}",
        f"INSERT DATA {{ GRAPH {g} {{ {s} {CKG.freshDerivation.n3()} true }} }}",
        *stale_from_ops(doc_id),
    ]


def fresh_end_ops() -> list[str]:
    """SPARQL update operations ending a derivation into an empty graph: the mark goes,
    and derivation is done (no ``ckg:staleFrom``)."""
    s, g = BUILD_STATE.n3(), STATE_GRAPH.n3()
    return [
        f"DELETE WHERE {{ GRAPH {g} {{ {s} {CKG.freshDerivation.n3()} ?o }} }}",
        *stale_from_ops(None),
    ]


def digest_line(doc_id: str, digest: str) -> str:
    """The build-state triple of an article's digest, as an N-Triples line (for
    :meth:`Store.insert_lines`)."""
    return _state(article_iri(doc_id), CKG.derivedDigest, digest)


def gazetteer_ops(entities: Sequence[KnownEntity]) -> list[str]:
    """SPARQL update operations making ``entities`` the store's gazetteer."""
    return _known_ops(CKG.gazetteer, entities)


def corrections_ops(corrections: Sequence[Correction]) -> list[str]:
    """SPARQL update operations making ``corrections`` the store's."""
    return _known_ops(CKG.corrections, corrections)


def _known_ops(prop: URIRef, items: Sequence) -> list[str]:
    """Operations making ``items`` (dataclasses, kept as JSON) the build state's ``prop``."""
    s, g = BUILD_STATE.n3(), STATE_GRAPH.n3()
    ops = [f"DELETE WHERE {{ GRAPH {g} {{ {s} {prop.n3()} ?o }} }}"]
    if items:
        data = json.dumps([asdict(e) for e in items], ensure_ascii=True)
        ops.append(f"INSERT DATA {{ GRAPH {g} {{ {_state(BUILD_STATE, prop, data)} }} }}")
    return ops


#: The counts kept on entity nodes (see :func:`count_ops`): not an entity's own triples,
#: which derivation makes from its names.
ENTITY_COUNTS = (CKG.mentionCount, CKG.mentionArticleCount, CKG.claimCount, CKG.claimArticleCount)

#: The count kept in each speaker's named graph (named by the speaker's IRI) for each
#: entity that the speaker's claims mention: how many of them do (see :func:`count_ops`).
#: In a graph of its own per speaker so that a query reads one speaker's counts in one
#: pass over an index (``GRAPH ?speaker { ?entity ckg:mentioningClaimCount ?n }``), where
#: a node per pair would cost a look-up per pair (top-speakers: 9,000 pairs, 0.4 s).
SPEAKER_MENTIONS = CKG.mentioningClaimCount


def count_ops(doc_ids: Sequence[str], sign: str) -> list[str]:
    """SPARQL update operations adding (``sign`` ``+``) or taking away (``-``) what the
    stored triples of the articles ``doc_ids`` count towards their entities' kept counts
    (:data:`ENTITY_COUNTS`): their mentions of each, the articles that mention each, their
    claims attributed to each, the articles that attribute claims to each; and, in each
    speaker's named graph, their claims of the speaker that mention each entity
    (:data:`SPEAKER_MENTIONS`).

    Run right after the articles' triples are written (``+``) and right before they are
    deleted (``-``), in the same update, so that the counts always equal a count over the
    graph (``tests/test_counts.py`` recounts them) at a cost that depends on these
    articles alone, never on how many others mention the same entities. A count that
    falls to 0 is removed, as a fresh build would never have written it."""
    if not doc_ids:
        return []
    return _count_ops("VALUES ?a { " + " ".join(article_iri(d).n3() for d in doc_ids) + " }", sign)


def _count_ops(values: str, sign: str) -> list[str]:
    """:func:`count_ops` for the articles ``?a`` the pattern ``values`` binds (every
    article, if empty)."""
    ops = []
    for count, articles, pattern in (
        (
            CKG.mentionCount,
            CKG.mentionArticleCount,
            "?x nif:referenceContext ?a ; itsrdf:taIdentRef ?e .",
        ),
        (
            CKG.claimCount,
            CKG.claimArticleCount,
            "?x nif:referenceContext ?a ; a schema:Claim ; prov:wasAttributedTo ?e .",
        ),
    ):
        ops.append(f"""
DELETE {{ ?e {count.n3()} ?old_n ; {articles.n3()} ?old_k }}
INSERT {{ ?e {count.n3()} ?n ; {articles.n3()} ?k }}
WHERE {{
  {{ SELECT ?e (COUNT(DISTINCT ?x) AS ?d) (COUNT(DISTINCT ?a) AS ?da)
     WHERE {{ {values} {pattern} }} GROUP BY ?e }}
  OPTIONAL {{ ?e {count.n3()} ?old_n }}
  OPTIONAL {{ ?e {articles.n3()} ?old_k }}
  BIND (COALESCE(?old_n, 0) {sign} ?d AS ?n0)
  BIND (COALESCE(?old_k, 0) {sign} ?da AS ?k0)
  BIND (IF(?n0 > 0, ?n0, ?zero) AS ?n)  # a count of 0 is no count: ?zero is never bound
  BIND (IF(?k0 > 0, ?k0, ?zero) AS ?k)
}}""")
    # the speaker's claims that mention each entity, in the speaker's named graph
    ops.append(f"""
DELETE {{ GRAPH ?s {{ ?e {SPEAKER_MENTIONS.n3()} ?old }} }}
INSERT {{ GRAPH ?s {{ ?e {SPEAKER_MENTIONS.n3()} ?n }} }}
WHERE {{
  {{ SELECT ?s ?e (COUNT(DISTINCT ?x) AS ?d) WHERE {{
       {values} ?x nif:referenceContext ?a ; a schema:Claim ; prov:wasAttributedTo ?s ;
                   schema:mentions ?e }} GROUP BY ?s ?e }}
  OPTIONAL {{ GRAPH ?s {{ ?e {SPEAKER_MENTIONS.n3()} ?old }} }}
  BIND (COALESCE(?old, 0) {sign} ?d AS ?n0)
  BIND (IF(?n0 > 0, ?n0, ?zero) AS ?n)
}}""")
    return ops


#: Every tracked claim, as a pattern binding ``?t``: those typed so and those a claim
#: points to (a tracked claim whose last claim is gone, or one not written yet).
_EVERY_TRACKED = (
    f"{{ SELECT DISTINCT ?t WHERE {{ {{ ?t a {CKG.TrackedClaim.n3()} }} "
    f"UNION {{ ?c {CKG.trackedAs.n3()} ?t }} }} }}"
)


def recount_ops() -> list[str]:
    """SPARQL update operations making every kept value again from the graph as it
    stands: the counts (:func:`count_ops`) of every article, and every tracked claim
    (:func:`refresh_tracked_ops`). Appended to an update that ``kg serve --allow-update``
    takes, in the same transaction, so that no update leaves them untrue. Their IRIs
    are written whole, as the update before them may declare a prefix otherwise."""
    ops = [*clear_kept_ops(), *_count_ops("", "+"), *_refresh_tracked_ops(_EVERY_TRACKED)]
    return [_whole_iris(op) for op in ops]


def _whole_iris(sparql: str) -> str:
    """``sparql`` with each prefixed name of :data:`PREFIXES` written as a whole IRI."""

    def whole(token: re.Match[str]) -> str:
        prefix, colon, local = token.group().partition(":")
        if token.group("skip") and colon and prefix in PREFIXES:
            return f"<{PREFIXES[prefix]}{local}>"
        return token.group()

    return _TOKENS.sub(whole, sparql)


def drop_article_ops(doc_id: str) -> list[str]:
    """SPARQL update operations deleting an article's own triples from the graph: the
    article, its mentions, claims, quantities and title attributions (not the entities
    and tracked claims they point to: see :func:`refresh_tracked_ops`), and its digest,
    and what they counted towards its entities' kept counts (:func:`count_ops`)."""
    a, g = article_iri(doc_id).n3(), STATE_GRAPH.n3()
    return [
        *count_ops([doc_id], "-"),
        f"DELETE {{ ?s ?p ?o }} WHERE {{ ?s {NIF.referenceContext.n3()} {a} ; ?p ?o }}",
        f"DELETE WHERE {{ {a} ?p ?o }}",
        f"DELETE WHERE {{ GRAPH {g} {{ {a} {CKG.derivedDigest.n3()} ?d }} }}",
    ]


def write_article_ops(
    doc_id: str, lines: Iterable[str], digest: str, derived: bool = True
) -> list[str]:
    """SPARQL update operations writing an article's own triples (N-Triples ``lines``) in
    place of those it had (``derived``: it has a digest, so triples to replace; an article
    never derived has none, and nothing to delete), and their digest. What they count
    towards their entities is added after, for a batch of articles at once
    (:func:`count_ops`)."""
    a = article_iri(doc_id)
    return [
        *(drop_article_ops(doc_id) if derived else ()),
        "INSERT DATA {\n" + "\n".join(lines) + "\n}",
        f"INSERT DATA {{ GRAPH {STATE_GRAPH.n3()} {{ {_state(a, CKG.derivedDigest, digest)} }} }}",
    ]


def refresh_tracked_ops(tracked: Iterable[URIRef]) -> list[str]:
    """SPARQL update operations making each of the tracked claims ``tracked`` what its
    claims in the graph make it: its articles as ``schema:appearance``, and the speaker,
    text and article of its earliest claim; one with no claim left goes."""
    tracked = sorted(set(tracked))
    if not tracked:
        return []
    return _refresh_tracked_ops("VALUES ?t { " + " ".join(t.n3() for t in tracked) + " }")


def _refresh_tracked_ops(values: str) -> list[str]:
    """:func:`refresh_tracked_ops` for the tracked claims ``?t`` the pattern ``values``
    binds."""
    return [
        f"DELETE {{ ?t ?p ?o }} WHERE {{ {values} ?t ?p ?o }}",
        f"INSERT {{ ?t a {CKG.TrackedClaim.n3()} ; {SDO.appearance.n3()} ?a }} "
        f"WHERE {{ {values} ?c {CKG.trackedAs.n3()} ?t ; {NIF.referenceContext.n3()} ?a }}",
        _set_first_appearance(values),
        f"INSERT {{ ?t {CKG.appearanceCount.n3()} ?n }} WHERE {{ SELECT ?t "
        f"(COUNT(DISTINCT ?a) AS ?n) WHERE {{ {values} ?t {SDO.appearance.n3()} ?a }} "
        "GROUP BY ?t }",
    ]


def extend_tracked_ops(appearances: Iterable[NewAppearance]) -> list[str]:
    """SPARQL update operations adding new appearances to their tracked claims, run after
    their articles' triples are written: what :func:`refresh_tracked_ops` would make of
    them, at a cost that depends on the new claims alone, not on how many appearances
    the tracked claims had before.

    Only for claims of articles written for the first time (never derived before), so
    that each is an appearance in an article its tracked claim did not have. The
    tracked claim's articles and ``ckg:appearanceCount`` grow by theirs, and its first
    appearance (article, text, speaker, date) becomes the earliest new claim's if that
    sorts before the claims of its current first article (:data:`_APPEARANCE_KEY`)."""
    firsts: dict[URIRef, NewAppearance] = {}
    articles: dict[URIRef, set[URIRef]] = defaultdict(set)
    for a in appearances:
        articles[a.tracked].add(a.article)
        if a.tracked not in firsts or a.key < firsts[a.tracked].key:
            firsts[a.tracked] = a
    if not firsts:
        return []
    tracked = sorted(firsts)
    data = " ".join(
        f"{t.n3()} a {CKG.TrackedClaim.n3()} ; {SDO.appearance.n3()} "
        + ", ".join(a.n3() for a in sorted(articles[t]))
        + " ."
        for t in tracked
    )
    counts = " ".join(f"({t.n3()} {len(articles[t])})" for t in tracked)
    rows = " ".join(
        "("
        + " ".join(
            term.n3() if term is not None else "UNDEF"
            for term in (t, Literal(f.key), f.article, Literal(f.text), f.speaker, f.date)
        )
        + ")"
        for t in tracked
        for f in [firsts[t]]
    )
    values = "VALUES ?t { " + " ".join(t.n3() for t in tracked) + " }"
    old_key = _APPEARANCE_KEY.replace("?key", "?old_key").replace("?date", "?old_date0")
    return [
        f"INSERT DATA {{ {data} }}",
        f"""
DELETE {{ ?t {CKG.appearanceCount.n3()} ?old }}
INSERT {{ ?t {CKG.appearanceCount.n3()} ?n }}
WHERE {{ VALUES (?t ?k) {{ {counts} }} OPTIONAL {{ ?t {CKG.appearanceCount.n3()} ?old }}
         BIND (COALESCE(?old, 0) + ?k AS ?n) }}""",
        f"""
DELETE {{ ?t schema:firstAppearance ?old_first ; schema:text ?old_text ;
             prov:wasAttributedTo ?old_speaker ; schema:dateCreated ?old_date }}
INSERT {{ ?t schema:firstAppearance ?article ; schema:text ?text ;
             prov:wasAttributedTo ?speaker ; schema:dateCreated ?date }}
WHERE {{
  VALUES (?t ?key ?article ?text ?speaker ?date) {{ {rows} }}
  OPTIONAL {{ SELECT ?t (MIN(?old_key) AS ?current) WHERE {{
       {values}
       ?t schema:firstAppearance ?article . ?c ckg:trackedAs ?t . {old_key}
     }} GROUP BY ?t }}
  FILTER (!BOUND(?current) || ?key < ?current)
  OPTIONAL {{ ?t schema:firstAppearance ?old_first }}
  OPTIONAL {{ ?t prov:wasAttributedTo ?old_speaker }}
  OPTIONAL {{ ?t schema:text ?old_text }}
  OPTIONAL {{ ?t schema:dateCreated ?old_date }}
}}""",
    ]


def replace_entities_ops(entities: Mapping[URIRef, Iterable[str]]) -> list[str]:
    """SPARQL update operations giving each entity exactly the triples (N-Triples lines)
    ``entities`` maps it to; an entity mapped to none goes."""
    if not entities:
        return []
    kept = {e for e, lines in entities.items() if lines}
    values = "VALUES ?e { " + " ".join(e.n3() for e in sorted(entities)) + " }"
    lines = [line for e in sorted(entities) for line in sorted(entities[e])]
    # an entity that stays keeps its counts (count_ops keeps them); one that goes, goes whole
    counts = ", ".join(c.n3() for c in ENTITY_COUNTS)
    gone = ", ".join(e.n3() for e in sorted(set(entities) - kept))
    ops = [
        f"DELETE {{ ?e ?p ?o }} WHERE {{ {values} ?e ?p ?o "
        f"FILTER (?p NOT IN ({counts}) || ?e IN ({gone or '<urn:x-kg:none>'})) }}"
    ]
    if lines:
        ops.append("INSERT DATA {\n" + "\n".join(lines) + "\n}")
    return ops


class LocalStore(Store):
    """An Oxigraph store in a folder on this machine, opened through rdflib.

    Parameters
    ----------
    path : path
        The store folder.
    create : bool
        Create the store if the folder does not exist or is empty (``kg build`` does);
        otherwise a missing store is an error.
    read_only : bool
        Open the store for reading only (``kg query``, ``stats``, ``export`` and
        ``validate`` do): nothing is written to the folder, not even Oxigraph's logs, and
        the store can be read while a build holds it open for writing; an update raises
        :class:`StoreError`.
    wait : callable, optional
        Opening for writing a store that another process holds open for writing: called
        once with a message naming that process, and the store is opened once it is done
        (tried every :data:`WAIT_POLL` seconds). Without it, that is an error.

    Raises
    ------
    StoreError
        The folder is not a store, or holds no store yet (and ``create`` is false).
    StoreInUse
        Another process has it open for writing (and neither ``read_only`` nor ``wait``).

    Notes
    -----
    A read-only store sees the store as it was when opened: what a build had committed
    by then (each of its updates is one transaction), nothing of a later update. RocksDB,
    under Oxigraph, does not support reading beside a writer (its compactions delete
    files a reader may still have to open); a read that meets a file deleted this way is
    run again on the store opened afresh, up to :data:`READ_RETRIES` times, and sees what
    was committed by then (so two reads of one opening may see two states).

    Examples
    --------
    >>> import tempfile
    >>> with LocalStore(tempfile.mkdtemp(), create=True) as store:
    ...     len(store)
    0
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        create: bool = False,
        read_only: bool = False,
        wait: Callable[[str], None] | None = None,
    ):
        self.path = Path(path)
        self.location = str(self.path)
        self.read_only = read_only
        _check_folder(self.path, create and not read_only)
        self._ox: ox.Store | None = None
        self._listed: tuple[ox.Store, list] | None = None  # see _data_graphs
        if read_only:
            self._reading(lambda: None)
        else:
            self._open_waiting(wait)
        self._unflushed = 0  # characters of updates written since the last flush

    def _open_waiting(self, wait: Callable[[str], None] | None) -> None:
        """Open the store for writing; while another process holds it so, tell ``wait``
        once and try again every :data:`WAIT_POLL` seconds (without ``wait``, fail)."""
        told = False
        while True:
            try:
                self._open()
                return
            except StoreInUse as e:
                if wait is None:
                    raise
                if not told:
                    wait(f"waiting for {e.holder} to finish with store {self.path}…")
                    told = True
            time.sleep(WAIT_POLL)

    def _open(self) -> None:
        try:
            if self.read_only:
                self._ox = ox.Store.read_only(str(self.path))
            else:
                self._ox = ox.Store(str(self.path))
        except OSError as e:
            if "lock" in str(e).lower():
                raise StoreInUse(self.path, describe_holder(store_holder(self.path))) from None
            raise StoreError(f"cannot open store {self.path}: {e}") from None
        self._graph = Graph(
            store=OxigraphStore(store=self._ox), identifier=DATASET_DEFAULT_GRAPH_ID
        )

    def _reading(self, read: Callable[[], T]) -> T:
        """Run ``read``; on a read-only store, open it afresh and run ``read`` again when
        a writer has deleted a file it needed (see the class's Notes)."""
        if not self.read_only:
            return read()
        for attempt in range(READ_RETRIES):
            try:
                if self._ox is None:
                    self._open()
                return read()
            except (OSError, RuntimeError, StoreError) as e:
                if not _deleted_under_reader(e):
                    raise
                self._ox = None
                if attempt + 1 < READ_RETRIES:
                    time.sleep(0.05 * 2**attempt)
        raise StoreError(
            f"cannot read store {self.path}: a build writing it kept deleting files this "
            f"read needed ({READ_RETRIES} tries): run the command again, or once the "
            "build is done"
        )

    def query(
        self,
        sparql: str,
        bindings: Mapping[str, Identifier] | None = None,
        build_state: bool = True,
    ) -> Result:
        if build_state:
            return self._reading(lambda: self._query(sparql, bindings))
        return self._reading(lambda: self._user_query(sparql, bindings))

    def _query(self, sparql: str, bindings: Mapping[str, Identifier] | None) -> Result:
        # Bindings go in as VALUES blocks, as SparqlStore sends them, not as Oxigraph's
        # substitutions: its planner sees a one-row VALUES and starts the joins from it,
        # where a substituted variable looks unbound (bench/README.md).
        result = self._graph.query(bind_values(sparql, bindings or {}), initNs=READABLE_PREFIXES)
        if result.type == "SELECT":
            # Read the solutions now (rdflib would keep them all as it iterates anyway): a
            # half-read Oxigraph result keeps the database, and its lock, open after close().
            result.bindings  # noqa: B018
        return result

    def _user_query(self, sparql: str, bindings: Mapping[str, Identifier] | None) -> Result:
        """:meth:`query` without the build state, straight from Oxigraph (whose dataset
        options rdflib's plugin does not pass on), read whole."""
        answer = self._ox_query(sparql, bindings, build_state=False)
        terms = TermCache()
        if isinstance(answer, ox.QueryBoolean):
            result = Result("ASK")
            result.askAnswer = bool(answer)
        elif isinstance(answer, ox.QuerySolutions):
            result = Result("SELECT")
            result.vars = [Variable(v.value) for v in answer.variables]
            result.bindings = [
                {v: terms.rdflib(t) for v, t in zip(result.vars, row, strict=True) if t is not None}
                for row in answer
            ]
        else:
            result = Result("CONSTRUCT")
            result.graph = Graph()
            for triple in answer:
                result.graph.add(tuple(terms.rdflib(t) for t in triple))
        return result

    def _ox_query(
        self, sparql: str, bindings: Mapping[str, Identifier] | None, build_state: bool
    ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """Oxigraph's answer to ``sparql``; without the build state among the named graphs
        unless ``build_state``."""
        dataset = {} if build_state else {"named_graphs": self._data_graphs()}
        return self._ox.query(
            bind_values(sparql, bindings or {}), prefixes=READABLE_PREFIXES, **dataset
        )

    def _data_graphs(self) -> list[ox.NamedNode | ox.BlankNode]:
        """The store's named graphs but the build state: those of the speakers' counts.
        Listed once per opening of a read-only store, which sees one state of it."""
        state = ox.NamedNode(str(STATE_GRAPH))
        if not self.read_only:
            return [g for g in self._ox.named_graphs() if g != state]
        if self._listed is None or self._listed[0] is not self._ox:
            self._listed = (self._ox, [g for g in self._ox.named_graphs() if g != state])
        return self._listed[1]

    def select_terms(
        self,
        sparql: str,
        bindings: Mapping[str, Identifier] | None = None,
        build_state: bool = True,
    ) -> tuple[list[str], list[list[Identifier | None]]]:
        # Straight from Oxigraph, not through rdflib's result (a dict and a row object per
        # solution, a Literal parsed anew per cell): 2x faster on 13,000 cells.
        def read() -> tuple[list[str], list[list[Identifier | None]]]:
            solutions = self._ox_query(sparql, bindings, build_state)
            if not isinstance(solutions, ox.QuerySolutions):
                raise StoreError("select_terms runs SELECT queries only")
            terms = TermCache()
            rows = [[terms.rdflib(t) for t in row] for row in solutions]
            return [v.value for v in solutions.variables], rows

        return self._reading(read)

    def select_strings(self, sparql: str) -> Iterator[tuple[str | None, ...]]:
        # Straight from Oxigraph, read whole before yielding (see query).
        def read() -> list[tuple[str | None, ...]]:
            solutions = self._ox.query(sparql, prefixes=READABLE_PREFIXES)
            return [tuple(None if t is None else t.value for t in row) for row in solutions]

        yield from self._reading(read)

    def _triple_lines(self, sparql: str) -> Iterator[tuple[str, str]]:
        # Straight from Oxigraph, as its own N-Triples (no rdflib term per cell).
        def read() -> list[tuple[str, str]]:
            return [
                (s.value, f"{s} {p} {o} .")
                for s, p, o in self._ox.query(sparql, prefixes=READABLE_PREFIXES)
            ]

        yield from self._reading(read)

    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreError(
                f"store {self.path} was opened read-only (to query, count, export or "
                "validate it): open it without read_only to change it"
            )

    def update(self, sparql: str) -> None:
        self._check_writable()
        self._ox.update(sparql, prefixes=READABLE_PREFIXES)
        self._written(len(sparql))

    def insert_lines(self, lines: Sequence[str], state: Sequence[str] = ()) -> None:
        # One transactional load of N-Quads (the state lines given their graph): no SPARQL
        # to parse, no update plan, the terms made once in Rust.
        self._check_writable()
        if not lines and not state:
            return
        graph = f" {STATE_GRAPH.n3()} ."
        text = "\n".join(lines) + "\n" + "".join(f"{line[:-1]}{graph}\n" for line in state)
        self._ox.load(text.encode("utf-8"), format=ox.RdfFormat.N_QUADS)
        self._written(len(text))

    def _written(self, size: int) -> None:
        """Flush Oxigraph's write buffers once :data:`FLUSH_AFTER` characters are written."""
        self._unflushed += size
        if self._unflushed > FLUSH_AFTER:
            self._ox.flush()
            self._unflushed = 0

    def dump(self, path: str | os.PathLike[str], format: str) -> None:
        self._reading(
            lambda: self._ox.dump(
                str(path), DUMP_FORMATS[format], from_graph=ox.DefaultGraph(), prefixes=PREFIXES
            )
        )

    def close(self) -> None:
        if self._ox is not None:
            try:
                if not self.read_only:
                    self._ox.flush()  # may fail as the write before it did (a full disk)
            finally:
                self._graph.close()
                self._ox = None


#: Seconds between tries to open a store folder that another process holds for writing,
#: when told to wait for it (``kg build`` and ``kg remove`` without ``--no-wait``).
WAIT_POLL = 0.5

#: The ``kg`` commands that open a store for writing, as a message names them.
_WRITERS = {"build": "the build", "remove": "the `kg remove`", "serve": "the `kg serve`"}


def store_holder(path: str | os.PathLike[str]) -> int | None:
    """The id of the process that holds the store folder ``path`` open for writing, or
    None when none does or it cannot be told.

    RocksDB, under Oxigraph, holds a POSIX lock on the folder's ``LOCK`` file while it is
    open for writing; on Linux, ``/proc/locks`` names the process holding each lock, by
    the device and inode of its file.
    """
    try:
        info = os.stat(Path(path) / "LOCK")
        with open("/proc/locks", encoding="ascii") as locks:
            lines = locks.readlines()
    except OSError:
        return None
    device = f"{os.major(info.st_dev):02x}:{os.minor(info.st_dev):02x}:{info.st_ino}"
    for line in lines:
        fields = line.split()
        if len(fields) > 5 and fields[5] == device and fields[4].isdigit():
            return int(fields[4])
    return None


def describe_holder(pid: int | None) -> str:
    """What the process ``pid`` is, for a message: "the build running in pid 4242"."""
    if pid is None:
        return "which one could not be told"
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            args = f.read().decode("utf-8", "replace").split("\0")
    except OSError:
        args = []
    what = next((_WRITERS[a] for a in args if a in _WRITERS), "the process")
    return f"{what} running in pid {pid}"


#: Times a read of a read-only :class:`LocalStore` is tried when a writer beside it has
#: deleted files it needed (compaction), each after opening the store afresh and a short
#: wait (50 ms, doubling): one retry almost always suffices.
READ_RETRIES = 6


def _deleted_under_reader(error: BaseException) -> bool:
    """Whether ``error`` is RocksDB meeting a file that a writer deleted under a reader."""
    return "no such file" in str(error).lower()


def _check_folder(path: Path, create: bool) -> None:
    """Check that ``path`` can be opened as a store: a store, a store being created, or
    (with ``create``) a new or empty folder, which it creates."""
    if path.exists() and not path.is_dir():
        raise StoreError(f"{path} is a file, not a store folder: give a folder with --store")
    empty = not path.exists() or not any(path.iterdir())
    if empty:
        if not create:
            raise StoreError(f"no store at {path}: run `kg build PATH --store {path}` first")
        path.mkdir(parents=True, exist_ok=True)
    elif (path / "CURRENT").is_file():
        return
    elif all(_STORE_FILE.fullmatch(p.name) for p in path.iterdir()):
        # RocksDB writes its log and lock files first, CURRENT last: another process is
        # creating the store (opening it will say it is in use), or died doing so (a
        # build takes over and creates it).
        if not create:
            raise StoreError(
                f"{path} holds no store yet (a build may be creating it): run "
                f"`kg build PATH --store {path}` first, or wait for the build to finish"
            )
    else:
        raise StoreError(
            f"{path} is not a kg store (it holds other files): "
            "give a new or empty folder with --store"
        )


#: Names of the files RocksDB, under Oxigraph, keeps in a store folder.
_STORE_FILE = re.compile(
    r"CURRENT|LOCK|IDENTITY|LOG(\.old\.\d+)?|(MANIFEST|OPTIONS)-\d+|\d+\.(log|sst|blob)|.*\.dbtmp"
)


def sparql_endpoints(url: str) -> tuple[str, str]:
    """The query and update endpoints that the store URL ``url`` names.

    A URL whose path ends in ``/query`` or ``/sparql`` is the query endpoint itself, and
    updates go to ``update`` beside it (Fuseki: ``http://host:3030/ds/query`` and
    ``/ds/update``). Any other URL is the root of a service that has both beneath it
    (Oxigraph server: ``http://host:7878`` -> ``/query`` and ``/update``; a Fuseki dataset:
    ``http://host:3030/ds`` -> ``/ds/query`` and ``/ds/update``).

    Examples
    --------
    >>> sparql_endpoints("http://127.0.0.1:7878")
    ('http://127.0.0.1:7878/query', 'http://127.0.0.1:7878/update')
    >>> sparql_endpoints("http://localhost:3030/ds/sparql")
    ('http://localhost:3030/ds/sparql', 'http://localhost:3030/ds/update')
    """
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    head, _, last = path.rpartition("/")
    if last in ("query", "sparql"):
        query_path, update_path = path, f"{head}/update"
    else:
        query_path, update_path = f"{path}/query", f"{path}/update"
    return (
        urlunsplit(parts._replace(path=query_path)),
        urlunsplit(parts._replace(path=update_path)),
    )


#: SPARQL tokens that matter when finding where a query's WHERE clause opens: what lies
#: inside comments, strings, IRIs and prefixed names is skipped whole.
_TOKENS = re.compile(
    r"""
    (?P<skip> \#[^\n]*
            | \"{3}(?:[^"\\]|\\.|"(?!""))*\"{3} | '{3}(?:[^'\\]|\\.|'(?!''))*'{3}
            | "(?:[^"\\\n]|\\.)*" | '(?:[^'\\\n]|\\.)*'
            | <[^<>"{}|^`\\\x00-\x20]*>
            | [?$]\w+ | [\w.-]*:[\w.:%-]* )
    | (?P<word> [A-Za-z]+ )
    | (?P<bracket> [{}()] )
    """,
    re.VERBOSE,
)


def sparql_tokens(sparql: str) -> Iterator[re.Match[str]]:
    """The tokens of ``sparql`` that matter to a reading of its shape (see ``_TOKENS``):
    group ``skip`` a comment, string, IRI, variable or prefixed name, ``word`` a keyword,
    ``bracket`` one of ``{}()``."""
    return _TOKENS.finditer(sparql)


def sparql_keywords(sparql: str) -> Iterator[str]:
    """Yield the keywords of ``sparql``, upper-cased, in order: the words outside its
    comments, strings, IRIs, variables and prefixed names.

    Examples
    --------
    >>> list(sparql_keywords('SELECT ?service WHERE { ?s ex:service "SERVICE" } # service'))
    ['SELECT', 'WHERE']
    """
    for token in _TOKENS.finditer(sparql):
        if token.group("word"):
            yield token.group("word").upper()


#: A variable's name as a parameter may give it (``speaker`` for ``?speaker``): ASCII
#: letters, digits and ``_``, not starting with a digit (a subset of SPARQL's VARNAME).
_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def bind_values(sparql: str, bindings: Mapping[str, Identifier]) -> str:
    """Return ``sparql`` with ``bindings`` set by a ``VALUES`` block opening each WHERE clause.

    The bound terms are written as RDF terms (``.n3()``), never as raw text, so a value
    holding quotes or braces is only ever a value. The block opens the WHERE clause of the
    query and of each sub-select in it, so the variables are bound wherever the query
    uses them, ``FILTER EXISTS`` and sub-selects included. Both stores bind this way: to
    Oxigraph's planner a one-row ``VALUES`` is the cheapest place to start joining, where a
    variable substituted at run time looks unbound.

    Examples
    --------
    >>> print(bind_values("SELECT ?s WHERE { ?x ?p ?s }", {"x": URIRef("http://a/b")}))
    SELECT ?s WHERE { VALUES (?x) { (<http://a/b>) } ?x ?p ?s }
    """
    if not bindings:
        return sparql
    for name in bindings:  # pasted into the text: a name must be a name, nothing more
        if not _VARIABLE.fullmatch(name):
            raise ValueError(
                f"{name!r} is not a variable name: a parameter is named with letters, "
                "digits and _ (as in speaker), for the variable ?speaker of the query"
            )
    names = " ".join(f"?{name}" for name in bindings)
    terms = " ".join(term.n3() for term in bindings.values())
    values = f" VALUES ({names}) {{ ({terms}) }}"
    braces = parens = 0
    # (brace depth, paren depth) of each query form whose WHERE clause is yet to open
    pending: list[tuple[int, int]] = []
    template = False  # the next top-level group is a CONSTRUCT template, not a WHERE clause
    at: list[int] = []
    for token in _TOKENS.finditer(sparql):
        word, bracket = (token.group("word") or "").upper(), token.group("bracket")
        if word == "SELECT" or (braces == 0 and word in ("ASK", "DESCRIBE", "CONSTRUCT")):
            pending.append((braces, parens))
            template = word == "CONSTRUCT"
        elif word == "WHERE" and braces == 0:
            template = False
        elif bracket in ("(", ")"):
            parens += 1 if bracket == "(" else -1
        elif bracket == "{":
            if template and braces == 0:
                template = False
            elif pending and pending[-1] == (braces, parens):
                pending.pop()
                at.append(token.end())
            braces += 1
        elif bracket == "}":
            braces -= 1
    if not at:
        raise SyntaxError("the query has no WHERE clause to bind its parameters in")
    for position in reversed(at):
        sparql = sparql[:position] + values + sparql[position:]
    return sparql


#: Host names of this machine: a server there is reached without any proxy.
_LOOPBACK = ("127.0.0.1", "localhost", "::1")


#: Seconds a :class:`SparqlStore` waits for its server to accept a request and for each
#: part of its answer before giving up with a :class:`StoreError` (``--store-timeout``): a
#: server that takes a connection and never answers stops a build after this long.
STORE_TIMEOUT = 60.0

#: Failures of an HTTP exchange once it has started: an answer cut short (``IncompleteRead``
#: and other ``http.client`` errors), a connection reset or closed, a read timed out.
_BROKEN_EXCHANGE = (http.client.HTTPException, ConnectionError, TimeoutError)


class _Whole:
    """An HTTP response read in parts, which raises ``IncompleteRead`` when it ends before
    the length its ``Content-Length`` gave (``http.client`` raises it only when a response
    is read whole); ``cut_short`` keeps the error, for a reader that wraps what it raised."""

    def __init__(self, response: http.client.HTTPResponse):
        self._response = response
        self.cut_short: http.client.IncompleteRead | None = None

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            return self._response.read()
        data = self._response.read(size)
        if not data and size and self._response.length:
            self.cut_short = http.client.IncompleteRead(b"", self._response.length)
            raise self.cut_short
        return data


class SparqlStore(Store):
    """A store behind a SPARQL 1.1 endpoint: Oxigraph server, Fuseki or any other.

    Queries are POSTed as ``application/sparql-query`` and their results read as SPARQL
    JSON results (N-Triples for CONSTRUCT); updates are POSTed as
    ``application/sparql-update``, one request each, which Oxigraph server and Fuseki apply
    as one transaction. Triples go to the default graph.

    Parameters
    ----------
    url : str
        The store URL; see :func:`sparql_endpoints` for the endpoints it names.
    update_url : str, optional
        The update endpoint, for a server that takes updates somewhere the rule of
        :func:`sparql_endpoints` does not find.
    timeout : float
        Seconds to wait for the server to accept a request, and for each part of its
        answer (default :data:`STORE_TIMEOUT`).
    read_only : bool
        Refuse updates (:class:`StoreError`), as a read-only :class:`LocalStore` does.

    Raises
    ------
    StoreError
        Nothing answers at ``url``, or it is not a SPARQL endpoint. Later, from any
        method: the server did not answer within ``timeout``, or broke off its answer
        (connection reset, answer cut short).

    Examples
    --------
    >>> with SparqlStore("http://127.0.0.1:7878") as store:  # doctest: +SKIP
    ...     len(store)
    0
    """

    def __init__(
        self,
        url: str,
        update_url: str | None = None,
        timeout: float = STORE_TIMEOUT,
        read_only: bool = False,
    ):
        self.location = url
        self.query_url, default_update = sparql_endpoints(url)
        self.update_url = update_url or default_update
        self.timeout = timeout
        self.read_only = read_only
        host = urlsplit(url).hostname or ""
        # A server on this machine is reached directly, whatever proxy the environment
        # names for the outside world.
        handlers = [urllib.request.ProxyHandler({})] if host in _LOOPBACK else []
        self._opener = urllib.request.build_opener(*handlers)
        self._prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in READABLE_PREFIXES.items())
        self.query("ASK { }")  # fail now, with the URL named, if nothing answers there

    def _post(self, url: str, body: str, content_type: str, accept: str):
        request = urllib.request.Request(
            url,
            data=body.encode("utf-8"),
            headers={"Content-Type": f"{content_type}; charset=utf-8", "Accept": accept},
            method="POST",
        )
        try:
            return self._opener.open(request, timeout=self.timeout)
        except urllib.error.HTTPError as e:
            message = " ".join(e.read().decode("utf-8", "replace").split())[:500]
            if e.code == 400:  # the server could not parse or run it
                raise SyntaxError(f"{url} refused the request: {message}") from None
            raise StoreError(
                f"{url} answered HTTP {e.code} ({message or e.reason}): check that --store "
                "names a SPARQL endpoint (see `kg build --help` and the README)"
            ) from None
        except (urllib.error.URLError, OSError, http.client.HTTPException) as e:
            reason = getattr(e, "reason", e)  # urllib wraps what failed as it sent
            if isinstance(reason, _BROKEN_EXCHANGE) and not isinstance(
                reason, ConnectionRefusedError
            ):
                raise self._broken(url, reason) from None
            raise StoreError(
                f"cannot reach the SPARQL endpoint {url} ({reason}): start the server "
                "(e.g. `oxigraph serve --location DIR --bind 127.0.0.1:7878`) or check "
                "the URL given with --store"
            ) from None

    @contextmanager
    def _exchange(self, url: str, body: str, content_type: str, accept: str):
        """POST ``body`` to ``url`` and yield the response; a failure of the exchange
        while it is read, as while it is sent, becomes a :class:`StoreError`."""
        try:
            with self._post(url, body, content_type, accept) as response:
                yield response
        except _BROKEN_EXCHANGE as e:
            raise self._broken(url, e) from None

    def _broken(self, url: str, error: BaseException) -> StoreError:
        """The error to raise when the exchange with ``url`` failed with ``error``."""
        if isinstance(error, TimeoutError):
            what = f"did not answer within {self.timeout:g} s"
            advice = (
                "check that the server is running and not stuck, or give it longer "
                "with --store-timeout SECONDS"
            )
        else:
            detail = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
            what = f"broke off its answer ({detail})"
            advice = "check the server (is it running? its log?) and run the command again"
        return StoreError(
            f"the SPARQL endpoint {url} {what}: {advice}. An update sent to it may or may "
            "not have been applied; a build run again redoes what is missing"
        )

    def query(
        self,
        sparql: str,
        bindings: Mapping[str, Identifier] | None = None,
        build_state: bool = True,
    ) -> Result:
        text = self._prologue + bind_values(sparql, bindings or {})
        with self._exchange(
            self.query_url,
            text,
            "application/sparql-query",
            "application/sparql-results+json, application/n-triples;q=0.9",
        ) as response:
            content_type = response.headers.get_content_type()
            body = response.read()
        try:
            if content_type == "application/n-triples":
                result = Result("CONSTRUCT")
                result.graph = Graph().parse(data=body, format="nt")
                return result
            return Result.parse(io.BytesIO(body), format="json")
        except Exception as e:  # whatever the parser raises, the answer is at fault
            # Oxigraph server, failing once its answer has started, ends it with the error
            end = " ".join(body[-300:].decode("utf-8", "replace").split())
            raise StoreError(
                f"the SPARQL endpoint {self.query_url} sent an answer that does not parse "
                f"({type(e).__name__}: {e}); the query may have failed part-way, as the "
                f"answer ends with: {end!r}"
            ) from None

    def update(self, sparql: str) -> None:
        if self.read_only:
            raise StoreError(
                f"store {self.location} was opened read-only (to query, count, export or "
                "validate it): open it without read_only to change it"
            )
        with self._exchange(
            self.update_url, self._prologue + sparql, "application/sparql-update", "*/*"
        ) as response:
            response.read()

    def dump(self, path: str | os.PathLike[str], format: str) -> None:
        with self._exchange(
            self.query_url,
            "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
            "application/sparql-query",
            "application/n-triples",
        ) as response:
            whole = _Whole(response)
            if format == "nt":
                with open(path, "wb") as out:
                    shutil.copyfileobj(whole, out)
            else:  # streamed through, so the graph is never held in memory here
                triples = ox.parse(whole, ox.RdfFormat.N_TRIPLES)
                try:
                    ox.serialize(triples, str(path), DUMP_FORMATS[format], prefixes=PREFIXES)
                except (OSError, SyntaxError) as e:
                    if whole.cut_short is not None:
                        raise whole.cut_short from e
                    if isinstance(e, SyntaxError):
                        raise StoreError(
                            f"the SPARQL endpoint {self.query_url} answered a CONSTRUCT "
                            f"query with N-Triples that do not parse ({e}): check the server"
                        ) from None
                    raise

    def close(self) -> None:
        self._opener = None


def open_store(
    location: str | os.PathLike[str] | None = None,
    create: bool = False,
    read_only: bool = False,
    timeout: float | None = None,
    wait: Callable[[str], None] | None = None,
) -> Store:
    """Open the store at ``location``: a folder (default :data:`DEFAULT_STORE`), or the
    ``http://`` or ``https://`` URL of a SPARQL endpoint (see :class:`SparqlStore`).

    ``read_only`` opens it for reading only: nothing is written to a store folder, and
    an update raises :class:`StoreError` (see :class:`LocalStore`). ``timeout`` is the
    seconds a SPARQL endpoint is waited for (default :data:`STORE_TIMEOUT`). ``wait``,
    when a store folder is opened for writing while another process holds it so, is
    called once with a message ("waiting for the build running in pid 4242 to finish
    ..."), and the store is opened once that process is done; without it, that is a
    :class:`StoreInUse` error.

    Raises
    ------
    StoreError
        As :class:`LocalStore` or :class:`SparqlStore` do.
    """
    location = DEFAULT_STORE if location is None else location
    if str(location).startswith(("http://", "https://")):
        return SparqlStore(
            str(location),
            timeout=STORE_TIMEOUT if timeout is None else timeout,
            read_only=read_only,
        )
    return LocalStore(location, create=create, read_only=read_only, wait=wait)
