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
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path
from typing import TypeVar

import networkx as nx
import pyoxigraph as ox
from oxrdflib.store import OxigraphStore
from rdflib import Graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from tqdm import tqdm

from kg.documents import MAX_ARTICLE_BYTES, STAGES, PassedOver, Skipped, read_documents
from kg.engines import BuildError, extract_all
from kg.export import DEFAULT_FOLDER, ExportError, Selection, write_whole
from kg.export import export as _export
from kg.export.views import build_view
from kg.interface import cli_or_python
from kg.model import Document
from kg.query import QUERY_TIMEOUT, Answer, get_named_query, named_queries, run, run_named
from kg.rdf.store import SparqlStore, Store, StoreError, open_store

StoreArg = Store | str | os.PathLike[str] | None
T = TypeVar("T")

__all__ = [
    "BuildError",
    "BuildReport",
    "build",
    "entity",
    "export",
    "graph",
    "plot_quantities",
    "query",
    "remove",
    "stats",
    "validate",
    "view",
    "Selection",
]


@dataclass
class BuildReport:
    """What a build did. ``read`` counts articles read; the others split them up.

    ``skipped`` lists what was left out, each with the stage it failed at (see
    :data:`kg.documents.STAGES`): input that could not be read, and articles read but
    not built (their extraction, resolution, mapping or write raised); those count in
    ``read`` too. ``passed_over`` counts the files in the folders read that are no
    articles by their name (``notes.pdf``): no error, but worth a line to the user.
    """

    store: str
    read: int = 0
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    claims: int = 0
    entities: int | None = None  # in the graph, once a build has derived it
    skipped: list[Skipped] = field(default_factory=list)
    passed_over: PassedOver = field(default_factory=PassedOver)

    def summary(self) -> str:
        """A few lines saying what was built, for people."""
        lines = [
            f"store: {self.store}",
            f"articles: {self.read} read, {self.added} added, {self.replaced} replaced, "
            f"{self.unchanged} unchanged, {len(self.skipped)} skipped",
            f"written: {self.claims} claims"
            + (
                f"; the graph now has {self.entities} entities" if self.entities is not None else ""
            ),
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
        "built 2, skipped 1 (map 1): kg failed on them, not the input: each one's
        traceback is in report.skipped[i].traceback, and please report them"
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
                "kg failed on them, not the input: "
                + cli_or_python(
                    "rerun with --debug for the tracebacks",
                    "each one's traceback is in report.skipped[i].traceback",
                )
                + ", and please report them"
            )
        return f"{line} ({counts}): " + "; ".join(advice)


@contextmanager
def _opened(
    store: StoreArg,
    create: bool = False,
    read_only: bool = False,
    wait: Callable[[str], None] | None = None,
) -> Iterator[Store]:
    if isinstance(store, Store):
        yield store
        return
    with open_store(store, create=create, read_only=read_only, wait=wait) as opened:
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
    gazetteer: str | os.PathLike[str] | None = None,
    corrections: str | os.PathLike[str] | None = None,
    max_article_bytes: int | None = MAX_ARTICLE_BYTES,
    wait: Callable[[str], None] | None = None,
    beside: bool = False,
) -> BuildReport:
    """Read articles, extract claims and entities, and write them to the store.

    Articles stream through spaCy in bounded batches, and each one's extraction is
    recorded in the store; then the graph is derived from the records (resolution and
    tracking across articles, in the order of article ids: see :mod:`kg.derive`), so that
    the store holds exactly what a fresh build of all its articles would give, whatever
    was built or removed before. An article already recorded with the same content is
    passed over before any NLP runs; one recorded with other content is replaced. A build
    that was interrupted is finished by the next one, with or without input.

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
        ``.txt``, ``.jsonl``, ``.html`` and ``.htm`` files, or folders of them (see
        :func:`kg.documents.read_documents`).
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
    gazetteer : path, optional
        A gazetteer file (:mod:`kg.gazetteer`) that becomes the store's: its entities are
        known before any article, under their names, with their identifiers elsewhere. A
        store keeps its gazetteer until another is given; a new one derives the whole
        graph again (no NLP runs for that).
    corrections : path, optional
        A corrections file (:mod:`kg.corrections`: merge, apart, not an entity) that
        becomes the store's, kept and applied as the gazetteer is.
    max_article_bytes : int or None
        The most bytes one article may take as read (a file, a JSON line): a larger one
        is skipped with its size before it is read (None: no limit).
    processes, engine, scheduler
        Where extraction runs: ``processes`` local processes, or ``engine="dask"`` on the
        Dask cluster at ``scheduler`` (a local one without it); see
        :func:`kg.engines.extract_all`. Whichever runs it, the graph is the same.
    beside : bool
        Extract in worker processes even with one (``processes`` 1 or None, the local
        engine), so that this process records and derives while spaCy runs: on two cores
        the derivation then costs little wall time (``kg build`` does this). Without it,
        one process extracts here, which is what a script or a test that replaces the
        pipeline in this process needs.
    wait : callable, optional
        When another process (a build, a remove) has the store folder open for writing:
        called once with a message naming it, and the build starts once that one is
        done. Without it, that is a :class:`~kg.rdf.store.StoreInUse` error.

    Returns
    -------
    BuildReport

    Notes
    -----
    Worker processes start as fresh interpreters that import the calling script's main
    module: a script that builds with ``processes > 1`` or ``engine="dask"`` must call
    this under ``if __name__ == "__main__":`` (a notebook need not).
    """
    from kg.corrections import read_corrections
    from kg.derive import (
        Derivation,
        check_records,
        derive,
        record,
        update_kept,
        use_corrections,
        use_gazetteer,
    )
    from kg.gazetteer import read_gazetteer

    known = None if gazetteer is None else read_gazetteer(gazetteer)  # before any work
    fixes = None if corrections is None else read_corrections(corrections)

    paths = list(paths)
    # no input: finish what the store holds (an interrupted build, a new gazetteer)
    with _opened(store, create=bool(paths), wait=wait) as st:
        report = BuildReport(store=st.location)
        outcome: dict[str, str] = {}  # "added" or "replaced", by id, for this build's articles
        claims: dict[str, int] = {}

        def skip(skipped: Skipped) -> None:
            report.skipped.append(skipped)
            if skipped.stage != "read" and skipped.stage != "extract":
                was = outcome.pop(skipped.doc_id, None)  # recorded, then failed to derive
                if was is not None:
                    setattr(report, was, getattr(report, was) - 1)
                    report.claims -= claims.pop(skipped.doc_id, 0)
            if on_skip is not None:
                with tqdm.external_write_mode(file=sys.stderr):  # lines above the bar
                    on_skip(skipped)

        check_records(st)
        update_kept(st)  # a graph written by an older kg: its counts made again
        start = st.stale_from()  # a build interrupted before it derived everything
        if known is not None:
            start = use_gazetteer(st, known, start)
        if fixes is not None:
            start = use_corrections(st, fixes, start)
        replacing: set[str] = set()  # ids recorded before with other content
        derivation: Derivation | None = None  # going ahead while the build records
        documents = _new_documents(
            read_documents(
                paths,
                on_skip=skip,
                on_pass_over=report.passed_over.add,
                max_bytes=max_article_bytes,
            ),
            st,
            report,
            skip,
            replacing,
        )
        first = next(documents, None)
        show = progress and sys.stderr.isatty()
        if first is not None:
            if model is None:
                from kg.nlp import DEFAULT_MODEL

                model = DEFAULT_MODEL
            extractions = extract_all(
                chain([first], documents),
                model,
                batch_size,
                processes,
                engine,
                scheduler,
                beside=beside,
            )
            bar = tqdm(desc="extracting", unit=" articles", delay=1.0, disable=not show)
            # Derivation goes ahead while extraction runs (in other processes), as long as
            # the articles come in id order, as a folder's do; else it all runs at the end.
            ordered = True
            with closing(extractions), bar:
                for batch in _batches(extractions, WRITE_BATCH):
                    good = []
                    for extraction in batch:
                        if isinstance(extraction, Skipped):  # its extraction failed
                            skip(extraction)
                        else:
                            good.append(extraction)
                    recorded, start = record(st, good, start, skip)
                    for extraction in recorded:
                        doc_id = extraction.document.id
                        outcome[doc_id] = "replaced" if doc_id in replacing else "added"
                        setattr(report, outcome[doc_id], getattr(report, outcome[doc_id]) + 1)
                        claims[doc_id] = len(extraction.claims)
                        report.claims += len(extraction.claims)
                    bar.update(len(batch))
                    if ordered and recorded and start is not None:
                        ids = [x.document.id for x in recorded]
                        try:
                            if derivation is None:
                                derivation = Derivation(st, start, skip)
                            else:
                                derivation.add(ids)
                        except ValueError:  # out of id order: derive at the end
                            ordered, derivation = False, None
                        else:
                            derivation.advance(until=max(ids))
        bar = tqdm(desc="deriving", unit=" articles", delay=1.0, disable=not show)
        with bar:
            if derivation is not None and ordered:
                bar.total = len(derivation.pending)
                derivation.advance(progress=bar.update)
                derived = derivation.finish()
            else:
                derived = derive(
                    st, start, skip, progress=bar.update, total=lambda n: setattr(bar, "total", n)
                )
        if start is not None:
            report.entities = derived.entities
        return report


def _batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def _new_documents(
    documents: Iterable[Document],
    st: Store,
    report: BuildReport,
    skip: Callable[[Skipped], None],
    replacing: set[str],
) -> Iterator[Document]:
    """The documents to extract: not stored yet, or stored with other content (their ids
    go into ``replacing``).

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
        stored = st.recorded_hashes(doc.id for doc in fresh)
        for doc in fresh:
            if stored.get(doc.id) == doc.content_hash:
                report.unchanged += 1
                continue
            if doc.id in stored:
                replacing.add(doc.id)
            yield doc


def remove(
    doc_ids: Iterable[str], store: StoreArg = None, wait: Callable[[str], None] | None = None
) -> list[str]:
    """Delete articles and everything that rests only on them; return the ids not stored.

    Each article's claims, mentions, quantities and title attributions go, and so do the
    entities that no other article mentions; the articles after them are derived again
    (:func:`kg.derive.forget`), so the graph is the one a fresh build without them gives.
    ``wait`` is as for :func:`build`.
    """
    from kg.derive import check_records, forget

    with _opened(store, wait=wait) as st:
        check_records(st)
        return forget(st, doc_ids)


def query(
    store: StoreArg,
    sparql_or_name: str,
    params: dict[str, str] | None = None,
    timeout: float | None = QUERY_TIMEOUT,
    allow_service: bool = False,
    include_unnamed: bool = False,
) -> Answer:
    """Run a named query (see :func:`kg.query.named_queries`) or a SPARQL query: a SELECT
    gives a :class:`~kg.query.Table`, an ASK a bool, a CONSTRUCT or DESCRIBE an rdflib
    graph (:func:`kg.query.serialize` writes any of them).

    Parameters are bound as RDF literals, never pasted into the query text. A query
    longer than ``timeout`` seconds (None: no limit) is a :class:`~kg.query.QueryError`,
    and so is one with a ``SERVICE`` clause unless ``allow_service`` (see
    :func:`kg.query.run`). A store given by its location is opened read-only. The named
    queries that list entities leave out those no article names (``his family``,
    ``authorities``: ``ckg:describedAs``) unless ``include_unnamed``.

    A single word is taken for a query's name, never run as SPARQL: one that names no
    query is a :class:`~kg.query.QueryError` that lists the names (and the closest).

    Examples
    --------
    >>> table = query("my-store", "top-speakers")  # doctest: +SKIP
    >>> table.to_dicts()[0]["speaker"]  # doctest: +SKIP
    'James Mattis'
    """
    if _QUERY_NAME.fullmatch(sparql_or_name.strip()):
        get_named_query(sparql_or_name.strip())  # raises for a name that is no query's
    with _opened(store, read_only=True) as st:
        if sparql_or_name.strip() in named_queries():
            return run_named(
                st,
                sparql_or_name.strip(),
                params,
                timeout=timeout,
                include_unnamed=include_unnamed,
            )
        return run(st, sparql_or_name, params, timeout=timeout, allow_service=allow_service)


#: What a query's name looks like: one word (no SPARQL query is one word).
_QUERY_NAME = re.compile(r"[A-Za-z][\w-]*")


def view(store: StoreArg, name: str = "speakers", selection: Selection | None = None) -> nx.Graph:
    """The networkx graph of the view ``name`` (``claims``, ``speakers``, ``entities``,
    ``speakers-cited-together``: :data:`kg.export.views.VIEWS`) over the claims that
    ``selection`` keeps, as ``kg export --view`` writes it: node ids are IRIs, and nodes
    and edges carry their labels, kinds, counts, dates, colours and positions.

    Examples
    --------
    >>> g = view("my-store", "speakers", Selection(since="2017"))  # doctest: +SKIP
    >>> sorted(g.degree, key=lambda d: -d[1])[:3]  # doctest: +SKIP
    """
    with _opened(store, read_only=True) as st:
        return build_view(st, name, selection)


class ReadOnlyGraph(Graph):
    """An rdflib graph over a kg store that refuses changes (see :func:`graph`); a
    context manager that closes it."""

    def add(self, triple: object) -> ReadOnlyGraph:
        raise _read_only()

    def addN(self, quads: object) -> ReadOnlyGraph:  # noqa: N802 (rdflib's name)
        raise _read_only()

    def remove(self, triple: object) -> ReadOnlyGraph:
        raise _read_only()

    def update(self, *args: object, **kwargs: object) -> None:
        raise _read_only()

    def __enter__(self) -> ReadOnlyGraph:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _read_only() -> StoreError:
    return StoreError(
        "kg.api.graph is read-only: the graph is derived from the articles, so change "
        "them and build (kg.api.build, kg.api.remove)"
    )


def graph(store: StoreArg = None) -> ReadOnlyGraph:
    """A read-only rdflib :class:`~rdflib.Graph` over the store's graph (the build state
    left out), for rdflib's own API: ``triples``, ``value``, ``query``...

    A store folder is read in place by Oxigraph (nothing is copied or loaded into
    memory), and sees the store as it was when opened; a SPARQL endpoint is read
    through rdflib's ``SPARQLStore``. Adding or removing a triple raises
    :class:`~kg.rdf.store.StoreError`. Close the graph when done (``with graph(store) as
    g:`` does).

    Examples
    --------
    >>> from kg.rdf.namespaces import SDO
    >>> with graph("my-store") as g:  # doctest: +SKIP
    ...     print(len(g), g.value(predicate=SDO.name, any=True))
    """
    with _opened(store, read_only=True) as st:  # the same errors as every other read
        served = isinstance(st, SparqlStore)
        location = st.query_url if served else str(st.path)
    if served:
        return ReadOnlyGraph(store=SPARQLStore(query_endpoint=location, returnFormat="json"))
    return ReadOnlyGraph(
        store=OxigraphStore(store=ox.Store.read_only(location)),
        identifier=DATASET_DEFAULT_GRAPH_ID,
    )


def export(
    store: StoreArg,
    format: str,
    path: str | os.PathLike[str] | None = None,
    view: str = "claims",
    selection: Selection | None = None,
) -> Path:
    """Export the store's graph (``graphml``, ``turtle``, ``nt``, ``jsonld``, ``jsonl``,
    ``gexf``, ``png``, ``svg``); the last four show ``view`` over the claims
    ``selection`` keeps (see :func:`kg.export.export`)."""
    with _opened(store, read_only=True) as st:
        return _export(st, format, path, view=view, selection=selection)


def plot_quantities(
    store: StoreArg, thing: str, path: str | os.PathLike[str] | None = None
) -> tuple[Path, int]:
    """Draw the numbers claimed about ``thing`` over time (:func:`kg.plot.plot_quantities`)
    to ``path`` (PNG or SVG by its name; default ``exports/quantities-THING.png``).

    Returns the path and the number of dated numbers found. ``thing`` is the named query
    ``quantities-over-time``'s regular expression, matched against the counted thing.

    Raises
    ------
    kg.plot.PlotError
        ``thing`` is not a regular expression, or no dated number's counted thing matches
        it; no file is written.
    ExportError
        ``path`` does not end in ``.png`` or ``.svg``, or cannot be written.
    """
    from kg import plot  # matplotlib: loaded only to draw

    if path is None:
        name = "-".join(re.findall(r"\w+", thing.lower())) or "all"
        path = DEFAULT_FOLDER / f"quantities-{name}.png"
    path = Path(path)
    format = path.suffix.lstrip(".").lower()
    if format not in ("png", "svg"):
        raise ExportError(f"cannot draw to {path}: give a file name ending in .png or .svg")
    try:  # Python's syntax, near enough the XPath regular expressions SPARQL's REGEX takes
        re.compile(thing)
    except re.error as e:
        raise plot.PlotError(
            f"{cli_or_python('--thing', 'thing')} {thing!r} is not a regular expression "
            f"({e}): give a counted thing, as fighters, or several as fighters|troops"
        ) from None
    with _opened(store, read_only=True) as st:
        points = plot.quantity_points(run_named(st, "quantities-over-time", {"thing": thing}))
    if not points:
        raise plot.PlotError(
            f"no dated number about {thing!r}, so nothing was drawn: `kg query 'SELECT "
            "DISTINCT ?u WHERE { ?q schema:unitText ?u }'` lists the counted things"
        )
    write_whole(
        path,
        lambda tmp: plot.plot_quantities(points, tmp, thing, format=format),
        cli_or_python("--out FILE", "path="),
    )
    return path, len(points)


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


def entity(name: str | None = None, store: StoreArg = None, review: int = 0) -> list[dict]:
    """Why the store's entities are what they are: resolution made again from the records
    (:func:`kg.resolve.resolve_corpus`), for each entity one of whose names is ``name``
    (compared as :func:`kg.names.name_key` compares names), or, with ``review``, for the
    ``review`` joins closest to their threshold (:meth:`kg.resolve.Resolution.closest`).

    Returns
    -------
    list of dict
        Each entity: ``id``, ``label``, ``class``, ``votes`` (its mentions' classes, by
        class), ``articles``, and ``names``: each article's entity in it, with its
        ``doc``, ``name`` and ``class`` there, and ``why`` it joined (``kind``, the
        article and name it joined, ``score``: how close their articles are). With
        ``review``, each join has ``margin`` (how far above its threshold) too.
    """
    from kg.names import name_key
    from kg.resolve import resolve_corpus

    with _opened(store, read_only=True) as st:
        records = st.records(st.recorded_ids())
        r = resolve_corpus(records.values(), st.gazetteer(), corrections=st.corrections())
    local = {
        (doc, e.key): (e.label, e.cls, e.names) for doc, x in records.items() for e in x.entities
    }

    def why(k):
        d = r.why[k]
        return {"kind": d.kind, "doc": d.doc, "name": d.name, "score": round(d.score, 3)}

    def member(k):
        label, cls, _ = local[k]
        return {"doc": k[0], "name": label, "class": cls, "why": why(k)}

    if review:
        return [
            {
                "id": r.ids[k],
                "label": r.labels[r.ids[k]],
                "margin": round(margin, 3),
                **member(k),
            }
            for margin, k, _ in r.closest(review)
        ]
    wanted = name_key(name or "")
    found = sorted(
        {
            r.ids[k]
            for k, (label, _, names) in local.items()
            if k in r.ids and wanted in {name_key(n) for n in (label, *names)}
        }
        | {eid for eid, label in r.labels.items() if name_key(label) == wanted}
    )
    out = []
    for eid in found:
        keys = sorted(k for k, i in r.ids.items() if i == eid)
        out.append(
            {
                "id": eid,
                "label": r.labels[eid],
                "class": r.classes[eid],
                "votes": dict(r.votes.get(eid, {})),
                "articles": sorted({doc for doc, _ in keys}),
                "names": [member(k) for k in keys],
            }
        )
    return out


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
        loading = st.fresh_derivation()
    report = format_report(conforms, violations)
    if loading:  # a new store's build writes entities, counts and tracked claims last
        report += (
            "\nnote: a build is loading this store, or was stopped before it ended: its "
            "articles' entities, counts and tracked claims are written at the end. Let it "
            "finish, or run `kg build` (with or without input) to finish it"
        )
    return conforms, report
