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
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from tqdm import tqdm

from kg.documents import STAGES, Skipped, read_documents
from kg.engines import BuildError, extract_all
from kg.export import export as _export
from kg.model import Claim, Document, Extraction
from kg.query import QUERY_TIMEOUT, Table, named_queries, run, run_named
from kg.rdf.mapping import extraction_to_graph
from kg.rdf.store import Store, StoreError, WriteOutcome, open_store

if TYPE_CHECKING:
    from kg.tracking import Tracker

StoreArg = Store | str | os.PathLike[str] | None
T = TypeVar("T")

__all__ = [
    "BuildError",
    "BuildReport",
    "build",
    "export",
    "query",
    "remove",
    "stats",
    "validate",
]


@dataclass
class BuildReport:
    """What a build did. ``read`` counts articles read; the others split them up.

    ``skipped`` lists what was left out, each with the stage it failed at (see
    :data:`kg.documents.STAGES`): input that could not be read, and articles read but
    not built (their extraction, resolution, mapping or write raised); those count in
    ``read`` too.
    """

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

    @property
    def built(self) -> int:
        """Articles read that are now in the store as read (added, replaced, unchanged)."""
        return self.added + self.replaced + self.unchanged

    def outcome(self) -> str:
        """One line for people: how many articles were built and skipped, and, if any
        were skipped, at which stages and what to do.

        Examples
        --------
        >>> BuildReport("s", read=3, added=2, skipped=[Skipped("c.txt", "KeyError", "map")]
        ...             ).outcome()  # doctest: +NORMALIZE_WHITESPACE
        'built 2, skipped 1 (map 1): kg failed on them, not the input: rerun with
        --debug for the tracebacks, and please report them'
        """
        line = f"built {self.built}, skipped {len(self.skipped)}"
        if not self.skipped:
            return line
        stages = [s.stage for s in self.skipped]
        counts = ", ".join(f"{st} {stages.count(st)}" for st in STAGES if st in stages)
        advice = []
        if "read" in stages:
            advice.append("fix or remove the input named above")
        if any(st != "read" for st in stages):
            advice.append(
                "kg failed on them, not the input: rerun with --debug for the tracebacks, "
                "and please report them"
            )
        return f"{line} ({counts}): " + "; ".join(advice)


@contextmanager
def _opened(store: StoreArg, create: bool = False, read_only: bool = False) -> Iterator[Store]:
    if isinstance(store, Store):
        yield store
        return
    with open_store(store, create=create, read_only=read_only) as opened:
        yield opened


#: Articles resolved and written per store update. Each article in it is stored whole or
#: not at all; fewer, larger updates cost less per article (above all on a SPARQL server).
WRITE_BATCH = 32

#: Articles whose stored hashes are looked up at a time, before any of them is extracted.
HASH_BATCH = 64


def build(
    paths: Iterable[str | os.PathLike[str]],
    store: StoreArg = None,
    model: str | None = None,
    batch_size: int = 16,
    progress: bool = True,
    on_skip: Callable[[Skipped], None] | None = None,
    processes: int | None = None,
    engine: str = "local",
    scheduler: str | None = None,
) -> BuildReport:
    """Read articles, extract claims and entities, and write them to the store.

    Articles stream through (read -> spaCy -> resolve -> track -> store) in bounded batches,
    so memory grows with the corpus only by the resolver's names: the tracker looks up
    the stored claims like a batch's in the store (:class:`kg.tracking.Tracker`) and keeps
    nothing between batches. An article already stored with the same content
    is passed over before any NLP runs; one stored with other content is replaced.

    No article stops the build. Input that cannot be read is skipped; so is an article
    whose extraction, resolution, mapping or write raises, whatever the error (it is
    never half-written, and if its resolution failed, the resolver's index keeps nothing
    of it): each becomes a :class:`~kg.documents.Skipped` record in the report, naming
    the stage and the error, and the rest is built. Only a store that cannot be written
    (:class:`StoreError`, ``OSError``), a pipeline that cannot be loaded
    (:class:`BuildError`) or an interrupt stops a build.

    Parameters
    ----------
    paths : iterable of paths
        ``.txt`` and ``.jsonl`` files, or folders of them (see :func:`kg.documents.read_documents`).
    store : Store or path, optional
        Where to write; created if missing. Default ``./.kg/store``.
    model : str, optional
        The spaCy pipeline to load; default :data:`kg.nlp.DEFAULT_MODEL`.
    batch_size : int
        Articles spaCy processes at a time (and sends to a worker at a time).
    progress : bool
        Show a progress bar on stderr (only on a terminal, and only once a build has run
        for a second).
    on_skip : callable, optional
        Also called with each :class:`~kg.documents.Skipped` record as it happens.
    processes, engine, scheduler
        Where extraction runs: ``processes`` local processes, or ``engine="dask"`` on the
        Dask cluster at ``scheduler`` (a local one without it); see
        :func:`kg.engines.extract_all`. Whichever runs it, the graph is the same.

    Returns
    -------
    BuildReport

    Notes
    -----
    Worker processes start as fresh interpreters that import the calling script's main
    module: a script that builds with ``processes > 1`` or ``engine="dask"`` must call
    this under ``if __name__ == "__main__":`` (a notebook need not).
    """
    from kg.resolve import Resolver
    from kg.tracking import Tracker

    with _opened(store, create=True) as st:
        report = BuildReport(store=st.location)

        def skip(skipped: Skipped) -> None:
            report.skipped.append(skipped)
            if on_skip is not None:
                with tqdm.external_write_mode(file=sys.stderr):  # lines above the bar
                    on_skip(skipped)

        documents = _new_documents(read_documents(paths, on_skip=skip), st, report, skip)
        first = next(documents, None)
        if first is None:
            return report
        if model is None:
            from kg.nlp import DEFAULT_MODEL

            model = DEFAULT_MODEL
        st.add_lsh_keys()  # a store written before claims carried their keys
        resolver = Resolver(known=st.known_entities())
        tracker = Tracker(st.claims_sharing_keys)
        extractions = extract_all(
            chain([first], documents), model, batch_size, processes, engine, scheduler
        )
        bar = tqdm(
            desc="building",
            unit=" articles",
            delay=1.0,
            disable=not (progress and sys.stderr.isatty()),
        )
        entity_ids: set[str] = set()
        with closing(extractions), bar:
            for batch in _batches(extractions, WRITE_BATCH):
                resolved = []
                for extraction in batch:
                    if isinstance(extraction, Skipped):  # its extraction failed
                        skip(extraction)
                    elif _guarded(resolver.resolve, extraction, "resolve", skip):
                        resolved.append(extraction)
                resolved, tracked = _track(tracker, resolved, skip)
                for extraction, outcome in _write(st, resolved, tracked, skip):
                    if outcome == "added":
                        report.added += 1
                    elif outcome == "replaced":
                        report.replaced += 1
                    else:
                        continue
                    report.claims += len(extraction.claims)
                    entity_ids.update(e.id for e in extraction.entities if e.id)
                bar.update(len(batch))
        report.entities = len(entity_ids)
        return report


def _batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def _new_documents(
    documents: Iterable[Document], st: Store, report: BuildReport, skip: Callable[[Skipped], None]
) -> Iterator[Document]:
    """The documents to extract: not stored yet, or stored with other content.

    Stored hashes are looked up a batch at a time, and no NLP runs for an unchanged
    article. The ids read so far are the one thing kept per article: a second article
    with an id already read is skipped.
    """
    seen: dict[str, str | None] = {}
    for batch in _batches(documents, HASH_BATCH):
        fresh = []
        for doc in batch:
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
            fresh.append(doc)
        report.read += len(fresh)
        stored = st.stored_hashes(doc.id for doc in fresh)
        for doc in fresh:
            if stored.get(doc.id) == doc.content_hash:
                report.unchanged += 1
            else:
                yield doc


#: Errors of the store itself, not of one article: they stop a build, since no other
#: article could be written either.
STORE_ERRORS = (StoreError, OSError)


def _guarded(
    step: Callable[[Extraction], object],
    extraction: Extraction,
    stage: str,
    skip: Callable[[Skipped], None],
) -> bool:
    """Run ``step`` on one article; if it raises, skip the article at ``stage``."""
    try:
        step(extraction)
    except STORE_ERRORS:
        raise
    except Exception as e:
        skip(Skipped.failure(extraction.document, stage, e))
        return False
    return True


def _track(
    tracker: Tracker, batch: list[Extraction], skip: Callable[[Skipped], None]
) -> tuple[list[Extraction], dict[Claim, str]]:
    """Track a batch's claims; if that fails, find the articles that fail on their own,
    skip them, and track the others together (so that they link as they would have)."""
    try:
        return batch, tracker.track_batch(batch)
    except STORE_ERRORS:
        raise
    except Exception:
        pass
    good = [x for x in batch if _guarded(lambda x: tracker.track_batch([x]), x, "resolve", skip)]
    return good, tracker.track_batch(good)


def _write(
    st: Store,
    batch: list[Extraction],
    tracked: dict[Claim, str],
    skip: Callable[[Skipped], None],
) -> list[tuple[Extraction, WriteOutcome | None]]:
    """Write a batch in one update; if that fails, write its articles one at a time, so
    that a bad article is skipped (and never half-written: each update applies whole or
    not at all) and the others go in. The stage of a failure is ``map`` if the article's
    triples cannot be made, else ``write``."""
    if len(batch) > 1:
        try:
            return list(zip(batch, st.write_extractions(batch, tracked), strict=True))
        except STORE_ERRORS:
            raise
        except Exception:
            pass  # one of them cannot be stored: find which, below
    written: list[tuple[Extraction, WriteOutcome | None]] = []
    for extraction in batch:
        outcome: WriteOutcome | None = None
        error: Exception | None = None
        try:
            [outcome] = st.write_extractions([extraction], tracked)
        except STORE_ERRORS:
            raise
        except Exception as e:
            error = e
        if error is not None and _guarded(
            lambda x: extraction_to_graph(x, tracked), extraction, "map", skip
        ):
            skip(Skipped.failure(extraction.document, "write", error))
        written.append((extraction, outcome))
    return written


def remove(doc_ids: Iterable[str], store: StoreArg = None) -> list[str]:
    """Delete articles and everything that rests only on them; return the ids not stored.

    Each article's claims, mentions, quantities and title attributions go, and so do the
    entities that no other article mentions; each article goes in one transaction.
    """
    missing = []
    with _opened(store) as st:
        for doc_id in doc_ids:
            if not st.remove_document(doc_id):
                missing.append(doc_id)
    return missing


def query(
    store: StoreArg,
    sparql_or_name: str,
    params: dict[str, str] | None = None,
    timeout: float | None = QUERY_TIMEOUT,
    allow_service: bool = False,
) -> Table:
    """Run a named query (see :func:`kg.query.named_queries`) or a SPARQL SELECT query.

    Parameters are bound as RDF literals, never pasted into the query text. A query
    longer than ``timeout`` seconds (None: no limit) is a :class:`~kg.query.QueryError`,
    and so is one with a ``SERVICE`` clause unless ``allow_service`` (see
    :func:`kg.query.run`). A store given by its location is opened read-only.
    """
    with _opened(store, read_only=True) as st:
        if sparql_or_name in named_queries():
            return run_named(st, sparql_or_name, params, timeout=timeout)
        return run(st, sparql_or_name, params, timeout=timeout, allow_service=allow_service)


def export(store: StoreArg, format: str, path: str | os.PathLike[str] | None = None) -> Path:
    """Export the store's graph (``graphml``, ``turtle``, ``nt``, ``jsonld``, ``jsonl``)."""
    with _opened(store, read_only=True) as st:
        return _export(st, format, path)


_STATS = """
SELECT
  (COUNT(DISTINCT ?article) AS ?articles)
  (COUNT(DISTINCT ?claim) AS ?claims)
  (COUNT(DISTINCT ?person) AS ?persons)
  (COUNT(DISTINCT ?organization) AS ?organizations)
  (COUNT(DISTINCT ?place) AS ?places)
  (COUNT(DISTINCT ?mention) AS ?mentions)
  (COUNT(DISTINCT ?unresolved_claim) AS ?unresolved)
WHERE {
  { ?article a schema:NewsArticle } UNION { ?claim a schema:Claim }
  UNION { ?person a schema:Person } UNION { ?organization a schema:Organization }
  UNION { ?place a schema:Place } UNION { ?mention a ckg:Mention }
  UNION { ?unresolved_claim a schema:Claim
          FILTER NOT EXISTS { ?unresolved_claim prov:wasAttributedTo ?s } }
}
"""


def stats(store: StoreArg = None) -> dict[str, int]:
    """Count articles, claims, persons, organisations, places, mentions, claims whose
    speaker was not found (``unresolved``) and triples."""
    with _opened(store, read_only=True) as st:
        row = next(iter(st.query(_STATS)))
        counts = {str(name): int(value) for name, value in row.asdict().items()}
        counts["triples"] = len(st)
        return counts


def validate(store: StoreArg = None) -> tuple[bool, str]:
    """Check the store's graph against the SHACL shapes (``ontology/shapes.ttl``).

    Returns
    -------
    (bool, str)
        Whether every resource has what its shape asks for, and a report for people: each
        violation's resource, property path and message, and a summary line.

    Examples
    --------
    >>> conforms, report = api.validate("my-store")  # doctest: +SKIP
    >>> print(report.splitlines()[-1])  # doctest: +SKIP
    conforms: every resource has what the shapes ask for
    """
    from kg.rdf.validate import format_report
    from kg.rdf.validate import validate as validate_store

    with _opened(store, read_only=True) as st:
        conforms, violations = validate_store(st)
    return conforms, format_report(conforms, violations)
