"""The Python API: build a store from articles, query it, export it.

The ``kg`` command is a thin shell over these functions; a notebook can call them directly::

    >>> from kg import api
    >>> report = api.build(["examples/articles"], store="my-store")  # doctest: +SKIP
    >>> api.query("my-store", "claims-by-speaker", {"speaker": "Mattis"})  # doctest: +SKIP

Every function takes ``store`` as an open :class:`~kg.rdf.store.Store` (left open) or as a
location (opened and closed by the call; None means ``./.kg/store``).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING

from tqdm import tqdm

from kg.documents import Skipped, read_documents
from kg.export import export as _export
from kg.model import Document
from kg.query import Table, named_queries, run, run_named
from kg.rdf.store import Store, open_store

if TYPE_CHECKING:
    from spacy.language import Language

StoreArg = Store | str | os.PathLike[str] | None


class BuildError(Exception):
    """A build that cannot start; the message says what to do."""


@dataclass
class BuildReport:
    """What a build did. ``read`` counts articles read; the others split them up."""

    store: str
    read: int = 0
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    claims: int = 0
    entities: int = 0
    skipped: list[Skipped] = field(default_factory=list)

    def summary(self) -> str:
        """A few lines saying what was built, for people."""
        lines = [
            f"store: {self.store}",
            f"articles: {self.read} read, {self.added} added, {self.replaced} replaced, "
            f"{self.unchanged} unchanged, {len(self.skipped)} skipped",
            f"written: {self.claims} claims, {self.entities} entities",
        ]
        return "\n".join(lines)


@contextmanager
def _opened(store: StoreArg, create: bool = False) -> Iterator[Store]:
    if isinstance(store, Store):
        yield store
        return
    with open_store(store, create=create) as opened:
        yield opened


@lru_cache(maxsize=2)
def _pipeline(model: str) -> Language:
    """Load a spaCy pipeline once per process: later builds in a notebook reuse it."""
    from kg.nlp import load_pipeline

    try:
        return load_pipeline(model)
    except OSError as e:  # spaCy: no such package or folder
        raise BuildError(
            f"cannot load the spaCy pipeline {model!r} ({e}): install it, or give another --model"
        ) from None


def build(
    paths: Iterable[str | os.PathLike[str]],
    store: StoreArg = None,
    model: str | None = None,
    batch_size: int = 16,
    progress: bool = True,
    on_skip: Callable[[Skipped], None] | None = None,
) -> BuildReport:
    """Read articles, extract claims and entities, and write them to the store.

    Articles stream through one at a time (read -> spaCy -> resolve -> store), so the
    corpus is never held in memory. An article already stored with the same content is
    passed over; one stored with other content is replaced. Input that cannot be read is
    skipped and listed in the report; the rest is built.

    Parameters
    ----------
    paths : iterable of paths
        ``.txt`` and ``.jsonl`` files, or folders of them (see :func:`kg.documents.read_documents`).
    store : Store or path, optional
        Where to write; created if missing. Default ``./.kg/store``.
    model : str, optional
        The spaCy pipeline to load; default :data:`kg.nlp.DEFAULT_MODEL`.
    batch_size : int
        Articles spaCy processes at a time.
    progress : bool
        Show a progress bar on stderr (only on a terminal, and only once a build has run
        for a second).
    on_skip : callable, optional
        Also called with each :class:`~kg.documents.Skipped` record as it happens.

    Returns
    -------
    BuildReport
    """
    # Imported here: spaCy takes seconds to import, and query and export never need it.
    from kg.nlp import DEFAULT_MODEL, extract
    from kg.resolve import Resolver

    with _opened(store, create=True) as st:
        report = BuildReport(store=st.location)

        def skip(skipped: Skipped) -> None:
            report.skipped.append(skipped)
            if on_skip is not None:
                on_skip(skipped)

        def new_documents() -> Iterator[Document]:
            seen: dict[str, str | None] = {}
            for doc in read_documents(paths, on_skip=skip):
                if doc.id in seen:
                    skip(
                        Skipped(
                            doc.source or doc.id,
                            f"has the same id {doc.id!r} as {seen[doc.id]}: "
                            "rename one of them (a .txt article's id is its file name)",
                        )
                    )
                    continue
                seen[doc.id] = doc.source
                report.read += 1
                if st.has_document(doc.id, doc.content_hash):
                    report.unchanged += 1
                    continue
                yield doc

        documents = new_documents()
        first = next(documents, None)
        if first is None:
            return report
        nlp = _pipeline(model or DEFAULT_MODEL)
        resolver = Resolver(known=st.known_entities())
        extractions = extract(nlp, chain([first], documents), batch_size=batch_size)
        bar = tqdm(
            extractions,
            desc="building",
            unit="article",
            delay=1.0,
            disable=not (progress and sys.stderr.isatty()),
        )
        entity_ids: set[str] = set()
        for extraction in bar:
            resolver.resolve(extraction)
            outcome = st.write_extraction(extraction)
            if outcome == "added":
                report.added += 1
            elif outcome == "replaced":
                report.replaced += 1
            report.claims += len(extraction.claims)
            entity_ids.update(e.id for e in extraction.entities if e.id)
        report.entities = len(entity_ids)
        return report


def query(store: StoreArg, sparql_or_name: str, params: dict[str, str] | None = None) -> Table:
    """Run a named query (see :func:`kg.query.named_queries`) or a SPARQL SELECT query.

    Parameters are bound as RDF literals, never pasted into the query text.
    """
    with _opened(store) as st:
        if sparql_or_name in named_queries():
            return run_named(st, sparql_or_name, params)
        return run(st, sparql_or_name, params)


def export(store: StoreArg, format: str, path: str | os.PathLike[str] | None = None) -> Path:
    """Export the store's graph (``graphml``, ``turtle``, ``nt``, ``jsonld``, ``jsonl``)."""
    with _opened(store) as st:
        return _export(st, format, path)


_STATS = """
SELECT
  (COUNT(DISTINCT ?article) AS ?articles)
  (COUNT(DISTINCT ?claim) AS ?claims)
  (COUNT(DISTINCT ?person) AS ?persons)
  (COUNT(DISTINCT ?organization) AS ?organizations)
  (COUNT(DISTINCT ?place) AS ?places)
  (COUNT(DISTINCT ?mention) AS ?mentions)
WHERE {
  { ?article a schema:NewsArticle } UNION { ?claim a schema:Claim }
  UNION { ?person a schema:Person } UNION { ?organization a schema:Organization }
  UNION { ?place a schema:Place } UNION { ?mention a ckg:Mention }
}
"""


def stats(store: StoreArg = None) -> dict[str, int]:
    """Count articles, claims, persons, organisations, places, mentions and triples."""
    with _opened(store) as st:
        row = next(iter(st.query(_STATS)))
        counts = {str(name): int(value) for name, value in row.asdict().items()}
        counts["triples"] = len(st)
        return counts
