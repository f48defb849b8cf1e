"""Deriving the graph from the articles' records, so that an incremental build equals a fresh one.

A build works in two steps:

1. **Record.** Each new or changed article is extracted (spaCy: :mod:`kg.nlp`) and its
   extraction, before anything crosses articles, is kept in the store's build state
   (:data:`kg.rdf.store.STATE_GRAPH`) with the article's content hash. An article recorded
   with the same hash is never extracted again.
2. **Derive.** Entity resolution (:func:`kg.resolve.resolve_corpus`) clusters the
   entities of every recorded article at once, a function of the set of records, not of
   their order; claim tracking (:class:`kg.tracking.Tracker`) runs over the recorded
   articles **in the order of their ids**, and each article's own triples (the article,
   its mentions, claims, quantities and title attributions) are written where they differ
   from what the graph holds; the entities and tracked claims they point to are then made
   what their articles make them.

Tracking is greedy, so its result depends on the order it sees the articles in; fixing
that order (sorted ids) makes the graph a function of the set of recorded articles,
whatever the history of builds and removes that led to it. An article's tracking depends
only on the articles before it, so derivation starts again at the lowest id that changed
(added, replaced, removed) or whose entities the resolution now names otherwise than the
graph does (a change anywhere can join or part the entities of an article before it:
:meth:`kg.rdf.store.Store.entity_links` against the resolved records); the articles from
there on are derived again, most of them to the triples they already have (compared by
digest, not written). Resolution itself is made again in memory from all the records at
every derivation (some seconds for a thousand articles): its cost follows the corpus,
not the change.

Each step writes in batches, each one atomic update. Where derivation must start again is
itself kept in the build state (``ckg:staleFrom``) from the first recorded change until the
last derived batch, so a build that is killed part-way leaves a graph that the next build,
with or without input, derives to the end. Into an empty graph (a new store), derivation
loads the articles' triples instead, and writes what they count and the tracked claims and
entities once at its end (:class:`Derivation`); a mark in the build state makes a build
killed before that end derive the graph again from nothing.

**Contract.** After any sequence of builds, removes and interruptions, the graph equals
the one a fresh build of the recorded articles gives: the same triples, entity ids,
tracked claims and first appearances (:func:`derive` is all that writes them). Where
this cannot hold: an article whose store write fails for reasons outside kg (a store that
refuses it) is skipped in the build where it fails, and the claims batched with it may
have been tracked with it.
"""

from __future__ import annotations

import copy
import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import TypeVar

import pyoxigraph as ox
from rdflib import Literal, URIRef

from kg.documents import Skipped
from kg.model import Correction, Extraction, KnownEntity
from kg.rdf.mapping import (
    ENTITY_CLASSES,
    article_iri,
    date_literal,
    entity_iri,
    extraction_lines,
    tracked_iri,
)
from kg.rdf.namespaces import BASE, CKG, OWL, RDF, SDO
from kg.rdf.store import (
    KEPT_VERSION,
    STATE_GRAPH,
    NewAppearance,
    Store,
    StoreError,
    appearance_key,
    clear_kept_ops,
    corrections_ops,
    count_ops,
    digest_line,
    drop_article_ops,
    extend_tracked_ops,
    forget_record_ops,
    fresh_end_ops,
    fresh_start_ops,
    gazetteer_ops,
    kept_version_ops,
    nt_line,
    record_ops,
    refresh_tracked_ops,
    replace_entities_ops,
    stale_from_ops,
    write_article_ops,
)
from kg.resolve import Resolution, resolve_corpus
from kg.tracking import Tracker, Tracking

T = TypeVar("T")

#: Articles derived and written per store update.
DERIVE_BATCH = 32
#: Records read at a time when a derivation reads them all to resolve their entities.
REPLAY_BATCH = 256
#: Articles (or tracked claims) per update when kept values are made again (:func:`update_kept`).
KEPT_CHUNK = 2000
#: Articles whose counts, and tracked claims refreshed, per update at the end of a
#: derivation into an empty graph (:class:`Derivation`).
FINISH_CHUNK = 2000

#: Errors of the store itself, not of one article: they stop a build, since no other
#: article could be written either.
STORE_ERRORS = (StoreError, OSError)

#: Subjects whose triples are not an article's own: entities and tracked claims, which
#: many articles point to (:func:`derive` writes them from all of their articles).
_SHARED = (f"<{BASE}entity/", f"<{BASE}tracked/")
_ENTITY = f"<{BASE}entity/"

SkipHandler = Callable[[Skipped], None]


def _batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def _ignore(skipped: Skipped) -> None:
    pass


class StaleStoreError(StoreError):
    """A store written by a kg that kept no records: it cannot be derived again."""


def check_records(st: Store) -> None:
    """Raise :class:`StaleStoreError` if the graph holds articles with no record (a store
    written by kg before records were kept), which a derivation would drop.

    Articles from where derivation must start again (``ckg:staleFrom``) on are left out:
    one with no record there is being removed (a ``kg remove`` whose derivation was
    interrupted), and the derivation that finishes the job drops it.
    """
    stale = st.stale_from()
    pending = (
        ""
        if stale is None
        else f". ?a schema:identifier ?id FILTER (STR(?id) < {Literal(stale).n3()}) "
    )
    if st.query(
        f"ASK {{ ?a a schema:NewsArticle {pending}FILTER NOT EXISTS {{ "
        f"GRAPH {STATE_GRAPH.n3()} {{ ?a ckg:derivedDigest ?d }} }} }}"
    ).askAnswer:
        raise StaleStoreError(
            f"store {st.location} was written by an older kg that kept no extraction "
            "records, so it cannot be updated exactly: build the articles again into a "
            "new store (kg build PATH --store NEW-FOLDER)"
        )


def update_kept(st: Store) -> bool:
    """Bring what the graph keeps beside its articles' triples (counts, tracked claims) up
    to :data:`kg.rdf.store.KEPT_VERSION`, if it holds an older generation: count again
    from the articles' triples, and make every tracked claim again from its claims.
    Return whether there was anything to redo.

    A graph that holds no article has nothing to redo: every derivation records the
    version in its last update. Killed part-way, the version is not recorded yet, and
    the next build starts again.
    """
    if st.kept_version() >= KEPT_VERSION or st.fresh_derivation():
        return False  # up to date, or a load that did not end: it loads it all again
    derived = st.derived_ids()
    if not derived:
        return False  # nothing kept yet: the derivation's last update records the version
    st.update(" ;\n".join(clear_kept_ops()))
    for chunk in _batches(derived, KEPT_CHUNK):
        st.update(" ;\n".join(count_ops(chunk, "+")))
    tracked = sorted(
        URIRef(t)
        for (t,) in st.select_strings(
            f"SELECT DISTINCT ?t WHERE {{ {{ ?t a {CKG.TrackedClaim.n3()} }} "
            f"UNION {{ ?c {CKG.trackedAs.n3()} ?t }} }}"
        )
    )
    for chunk in _batches(tracked, KEPT_CHUNK):
        st.update(" ;\n".join(refresh_tracked_ops(chunk)))
    st.update(" ;\n".join(kept_version_ops()))
    return True


# ------------------------------------------------------------------------ record


def record(
    st: Store,
    extractions: Sequence[Extraction],
    stale_from: str | None,
    skip: SkipHandler = _ignore,
) -> tuple[list[Extraction], str | None]:
    """Record extractions (unresolved) in the build state, in one update if it can be
    done, else one article at a time (an article the store refuses is skipped at the
    ``write`` stage); return those recorded and where derivation must now start."""
    if not extractions:
        return [], stale_from

    def ops_for(batch: Sequence[Extraction], start: str | None) -> tuple[list[str], str | None]:
        start = min([x.document.id for x in batch] + ([start] if start else []))
        ops = [op for x in batch for op in record_ops(x)]
        return ops + stale_from_ops(start), start

    try:
        ops, start = ops_for(extractions, stale_from)
        st.update(" ;\n".join(ops))
        return list(extractions), start
    except STORE_ERRORS:
        raise
    except Exception:
        pass  # one of them cannot be stored: find which, below
    recorded = []
    for x in extractions:
        try:
            ops, start = ops_for([x], stale_from)
            st.update(" ;\n".join(ops))
        except STORE_ERRORS:
            raise
        except Exception as e:
            skip(Skipped.failure(x.document, "write", e))
            continue
        stale_from = start
        recorded.append(x)
    return recorded, stale_from


def write(st: Store, extractions: Sequence[Extraction]) -> list[str]:
    """Record extractions and derive the graph with them, as a build does after spaCy;
    return what became of each: ``"added"``, ``"replaced"`` or ``"unchanged"`` (recorded
    with the same content already). Their entities need no ids: resolution gives them.

    Examples
    --------
    >>> from kg.model import Document
    >>> from kg.rdf.store import LocalStore
    >>> import tempfile
    >>> with LocalStore(tempfile.mkdtemp(), create=True) as st:
    ...     write(st, [Extraction(Document("a.txt", "Hello."))]), len(st)
    (['added'], 5)
    """
    stored = st.recorded_hashes(x.document.id for x in extractions)
    outcomes = []
    fresh = []
    for x in extractions:
        old = stored.get(x.document.id)
        if old == x.document.content_hash:
            outcomes.append("unchanged")
        else:
            outcomes.append("added" if old is None else "replaced")
            fresh.append(x)
    _, start = record(st, fresh, st.stale_from())
    derive(st, start)
    return outcomes


def forget(st: Store, doc_ids: Iterable[str]) -> list[str]:
    """Drop the records of ``doc_ids`` and derive the graph again without them; return the
    ids that were neither recorded nor in the graph."""
    doc_ids = list(dict.fromkeys(doc_ids))
    stale = st.stale_from()  # a derivation that did not end (a remove interrupted, say)
    known = set(st.recorded_hashes(doc_ids)) | set(st.derived_digests(doc_ids))
    if stale is not None:  # one whose record is gone but not its triples yet: still here
        known |= set(doc_ids) & set(st.derived_ids())
    missing = [d for d in doc_ids if d not in known]
    gone = sorted(d for d in doc_ids if d in known)
    if gone:
        start = min([gone[0]] + [s for s in [stale] if s is not None])
        st.update(
            " ;\n".join([op for d in gone for op in forget_record_ops(d)] + stale_from_ops(start))
        )
        derive(st, start)
    elif stale is not None:
        derive(st, stale)  # nothing to forget: finish what the store was left doing
    return missing


def use_gazetteer(st: Store, entities: Sequence[KnownEntity], stale_from: str | None) -> str | None:
    """Make ``entities`` the store's gazetteer; if that changes it, every recorded article
    is to be derived again: return where derivation must now start."""
    if list(entities) == st.gazetteer():
        return stale_from
    return _derive_all_with(st, gazetteer_ops(entities), stale_from)


def use_corrections(
    st: Store, corrections: Sequence[Correction], stale_from: str | None
) -> str | None:
    """Make ``corrections`` the store's, as :func:`use_gazetteer` does a gazetteer."""
    if list(corrections) == st.corrections():
        return stale_from
    return _derive_all_with(st, corrections_ops(corrections), stale_from)


def _derive_all_with(st: Store, ops: list[str], stale_from: str | None) -> str | None:
    """Apply ``ops`` with every recorded article marked to be derived again, in one
    update: return where derivation must now start."""
    candidates = st.recorded_ids()[:1] + ([stale_from] if stale_from else [])
    start = min(candidates) if candidates else None
    st.update(" ;\n".join(ops + stale_from_ops(start)))
    return start


# ------------------------------------------------------------------------ derive


@dataclass
class Derived:
    """What a derivation did."""

    written: int = 0  # articles whose own triples were (re)written
    dropped: int = 0  # articles taken out of the graph (removed, or failing to derive)
    entities: int = 0  # entities in the graph afterwards


class _Entities:
    """The entities resolution has given ids to, with every name their articles call them
    by: what their nodes in the graph are made of."""

    def __init__(self, resolution: Resolution):
        self.resolution = resolution
        self.names: dict[str, set[str]] = defaultdict(set)

    def resolve(self, extraction: Extraction) -> None:
        local = [(e.label, e.names) for e in extraction.entities]
        self.resolution.apply(extraction)
        for e, (label, names) in zip(extraction.entities, local, strict=True):
            self.names[e.id].update([label, *names])

    def lines(self, eid: str) -> set[str]:
        """The entity's triples as N-Triples lines, as resolution leaves it now."""
        node = entity_iri(eid)
        label = self.resolution.labels[eid]
        lines = {
            nt_line(node, RDF.type, ENTITY_CLASSES[self.resolution.classes[eid]]),
            nt_line(node, SDO.identifier, Literal(eid)),
            nt_line(node, SDO.name, Literal(label)),
        }
        lines.update(
            nt_line(node, SDO.alternateName, Literal(name))
            for name in self.names[eid]
            if name != label
        )
        for iri in self.resolution.same_as.get(eid, ()):
            lines.add(nt_line(node, OWL.sameAs, URIRef(iri)))
            lines.add(nt_line(node, SDO.sameAs, URIRef(iri)))
        return lines


def _entity_links(extraction: Extraction) -> set[tuple[str, str]]:
    """An article's own triples that point to an entity, as (subject, entity) IRIs: what
    :meth:`kg.rdf.store.Store.entity_links` reads back from the graph."""
    links = set()
    for line in extraction_lines(extraction, Tracking(), {}):
        if line.startswith(_SHARED):
            continue
        subject, _, rest = line.partition("> <")
        obj = rest.rsplit(" ", 1)[0].partition("> ")[2]
        if obj.startswith(_ENTITY):
            links.add((subject[1:], obj[1:-1]))
    return links


def _own_lines(extraction: Extraction, tracked: Tracking) -> list[str]:
    """An article's own triples as sorted N-Triples lines (entities' and tracked claims'
    left out: :func:`derive` writes those from all of their articles)."""
    lines = extraction_lines(extraction, tracked, tracked.keys)
    return sorted(line for line in lines if not line.startswith(_SHARED))


def _digest(lines: list[str]) -> str:
    h = hashlib.sha256()
    for line in lines:
        h.update(line.encode("utf-8", "surrogatepass"))
        h.update(b"\n")
    return h.hexdigest()


@dataclass
class _Unit:
    """One article's part of a batch update: its operations, and the tracked claims and
    entities they change."""

    doc_id: str
    ops: list[str]
    tracked: set[URIRef]
    entities: set[str]
    extraction: Extraction | None = None  # None: the article is dropped
    #: An article written for the first time: its claims as new appearances, which
    #: extend their tracked claims (None: its tracked claims are made again whole).
    appearances: list[NewAppearance] | None = None
    lines: list[str] = field(default_factory=list)  # its own triples, when (re)written
    digest: str = ""


def _dropped(doc_id: str) -> _Unit:
    """The part of an update taking an article out of the graph and the records."""
    return _Unit(doc_id, drop_article_ops(doc_id) + forget_record_ops(doc_id), set(), set())


def derive(
    st: Store,
    start: str | None,
    skip: SkipHandler = _ignore,
    progress: Callable[[int], None] | None = None,
    total: Callable[[int], None] | None = None,
    load: bool = True,
) -> Derived:
    """Derive the graph from the records, from the article id ``start`` on (see the module
    docstring); nothing when ``start`` is None.

    An article whose resolution, tracking or mapping raises is skipped at that stage
    (``skip``), and dropped from the graph and the records, as a fresh build would leave it
    out. ``total`` is told how many articles will be derived, ``progress`` each batch done.
    ``load=False`` derives an empty graph article by article as any other graph (see
    :class:`Derivation`), to compare the two.
    """
    if start is None:
        return Derived()
    derivation = Derivation(st, start, skip, load=load)
    if total is not None:
        total(len(derivation.pending))
    derivation.advance(progress=progress)
    return derivation.finish()


class Derivation:
    """A derivation from the article id ``start`` on (or from the first article whose
    entities the resolution changed), made by :meth:`advance` and :meth:`finish`.

    A build may ask it to go ahead while it is still recording (:meth:`advance` up to an
    id): it waits, since resolution clusters the entities of every article, and prepares
    (reads every record and resolves them: :meth:`_prepare`) when the last is recorded.

    **Into an empty graph** (no article derived yet: a new store), the derivation
    *loads* (:attr:`loading`): each batch's own triples and digests are added by
    :meth:`Store.insert_lines`, with nothing to delete, and what the incremental path
    keeps up to date at every batch (entities' counts, tracked claims, entities) is
    written once at the end, a chunk of articles at a time.
    Resolution, tracking and mapping are the same (:func:`_derive_batch`): tracking
    looks up the claims loaded by the batches before, as it does in the graph. The graph
    is the same too, line for line (``tests/test_bulk_derivation.py``). Until the end,
    the graph holds articles without their counts, tracked claims or entities, so the
    build state keeps a mark (``ckg:freshDerivation``) from the first update to the
    last: a derivation that finds it (the build was killed) deletes what kg derived and
    loads the graph again from the first recorded article. ``load=False`` derives an
    empty graph incrementally."""

    def __init__(self, st: Store, start: str, skip: SkipHandler = _ignore, load: bool = True):
        update_kept(st)
        self.st, self.start, self.skip = st, start, skip
        self.done = Derived()
        self.unfinished = st.fresh_derivation()  # a load that did not end: start it again
        #: Whether the graph is being loaded, not updated (see the class docstring).
        self.loading = self.unfinished or (load and not st.derived_ids())
        self.upto: str | None = None  # the last id derived
        self.first = True
        self._pending: list[str] | None = None  # None: not prepared yet (:meth:`_prepare`)
        #: Loading: the articles loaded, and their claims as appearances of tracked claims,
        #: not yet counted or added to their tracked claims (:meth:`_settle`).
        self.loaded: list[str] = []
        self.appearances: list[NewAppearance] = []

    @property
    def pending(self) -> list[str]:
        """Ids still to derive, in order: every recorded or derived article from
        :attr:`start` on (preparing the derivation if it is not yet)."""
        if self._pending is None:
            self._prepare()
        return self._pending

    def _prepare(self) -> None:
        """Resolve every recorded article's entities (:func:`kg.resolve.resolve_corpus`),
        and start from the first article whose entities the resolution changed if that
        comes before :attr:`start`."""
        st, skip = self.st, self.skip
        recorded = st.recorded_ids()
        derived = st.derived_ids()
        #: Every recorded article, resolved when it is derived.
        self.records: dict[str, Extraction] = {}
        for chunk in _batches(recorded, REPLAY_BATCH):
            self.records.update(st.records(chunk))
        self.resolution = resolve_corpus(
            self.records.values(), st.gazetteer(), corrections=st.corrections()
        )
        self.entities = _Entities(self.resolution)
        self.live: set[str] = set()  # ids of the entities the graph's articles point to
        if self.loading:
            self.start = min([self.start, *recorded[:1]])
            st.update(" ;\n".join(fresh_start_ops(self.start, clear=self.unfinished)))
            derived = []
        else:
            self.start = min([self.start, *self._changed_before(derived)])
        self._pending = sorted(d for d in set(recorded) | set(derived) if d >= self.start)
        #: The last id written by an earlier derivation: claims of articles up to it may be
        #: in the graph ahead of the batch being derived, and tracking must not see them.
        self.derived_upto = max(derived, default=None)
        # The articles before ``start``: as they were derived (or failing now: dropped).
        for doc_id in sorted(d for d in self.records if d < self.start):
            x = self.records[doc_id]
            try:
                self.entities.resolve(x)
            except Exception as e:  # it resolved before: only a changed kg gets here
                skip(Skipped.failure(x.document, "resolve", e))
                _drop(st, doc_id)
                continue
            self.live.update(e.id for e in x.entities)

    def _changed_before(self, derived: list[str]) -> list[str]:
        """The first derived article before :attr:`start` whose triples the resolution
        points to other entities than the graph does (one whose record now fails to
        resolve included), as a list of at most one id."""
        before = [d for d in derived if d < self.start and d in self.records]
        stored = self.st.entity_links(before)
        for doc_id in before:
            x = copy.deepcopy(self.records[doc_id])
            try:
                self.resolution.apply(x)
                links = _entity_links(x)
            except Exception:
                return [doc_id]
            if links != stored.get(doc_id, set()):
                return [doc_id]
        return []

    def add(self, doc_ids: Iterable[str]) -> None:
        """Articles recorded since: to derive too (each must sort after :attr:`upto`)."""
        if self.upto is None:
            self._pending = None  # nothing derived yet: prepared again, with them
            return
        new = set(doc_ids) - set(self._pending)
        if any(d < self.start or (self.upto is not None and d <= self.upto) for d in new):
            raise ValueError("an article recorded now sorts before those derived already")
        self._pending = sorted(set(self._pending) | new)

    def advance(
        self, until: str | None = None, progress: Callable[[int], None] | None = None
    ) -> None:
        """Derive the pending articles, in batches of :data:`DERIVE_BATCH`.

        With ``until`` (a build going ahead while it extracts), nothing yet: resolution
        clusters the entities of every article, so an article's ids are known only once
        the last is recorded."""
        if until is not None:
            return
        while self.pending:
            batch = self.pending[:DERIVE_BATCH]
            del self.pending[: len(batch)]
            st, entities, skip = self.st, self.entities, self.skip
            ahead = self.derived_upto is not None and self.derived_upto >= batch[0]
            units = _derive_batch(
                st, batch, self.records, entities, skip, before=batch[0] if ahead else None
            )
            if self.loading:
                _load(st, units, skip)
                for unit in units:
                    if unit.extraction is not None and unit.ops:
                        self.loaded.append(unit.doc_id)
                        self.appearances.extend(unit.appearances or ())
            else:
                first_ops = stale_from_ops(self.start) if self.first else []
                _write(st, units, entities, skip, first_ops=first_ops)
            self.first = False
            self.upto = batch[-1]
            for unit in units:
                if unit.extraction is None:
                    self.done.dropped += 1
                else:
                    self.live.update(e.id for e in unit.extraction.entities)
                    if unit.ops:
                        self.done.written += 1
            if progress is not None:
                progress(len(batch))

    def _settle(self) -> None:
        """Loading: add what the articles loaded since the last call count, and extend
        the tracked claims they appear in with them (:func:`extend_tracked_ops`: every
        article loaded before was settled, so each tracked claim holds all of its
        appearances until now)."""
        st = self.st
        for chunk in _batches(self.loaded, FINISH_CHUNK):  # adds up over disjoint sets
            st.update(" ;\n".join(count_ops(chunk, "+")))
        by_tracked: dict[URIRef, list[NewAppearance]] = defaultdict(list)
        for a in self.appearances:
            by_tracked[a.tracked].append(a)
        for chunk in _batches(sorted(by_tracked), FINISH_CHUNK):
            st.update(" ;\n".join(extend_tracked_ops(a for t in chunk for a in by_tracked[t])))
        self.loaded, self.appearances = [], []

    def finish(self) -> Derived:
        """Derive what is pending, then make every entity what all of its articles make it
        (a later article may have given it a better name or another class); those no
        article points to any more go. Loading, the loaded articles' counts and tracked
        claims are written first."""
        self.advance()
        st, entities = self.st, self.entities
        if self.loading:
            self._settle()
        stored = st.entity_triples()
        desired = {entity_iri(eid): eid for eid in self.live}
        changed: dict[URIRef, set[str]] = {}
        for iri in set(stored) | set(desired):
            want = entities.lines(desired[iri]) if iri in desired else set()
            if _canonical(stored.get(iri, ())) != _canonical(want):
                changed[iri] = want
        end = (fresh_end_ops() if self.loading else stale_from_ops(None)) + kept_version_ops()
        st.update(" ;\n".join(replace_entities_ops(changed) + end))
        self.done.entities = len(self.live)
        return self.done


def _canonical(lines: Iterable[str]) -> set[str]:
    """N-Triples ``lines`` as one canonical set, whatever their spelling: the store
    gives back ``"x"^^xsd:string`` for the ``"x"`` written, and escapes as it likes.
    Compared raw, every entity looked changed, and every build rewrote them all."""
    text = "\n".join(lines)
    if not text:
        return set()
    data = (text + "\n").encode("utf-8", "surrogatepass")
    return {str(t) for t in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)}


def _drop(st: Store, doc_id: str) -> None:
    tracked, _ = st.referenced([doc_id])
    st.update(
        " ;\n".join(
            drop_article_ops(doc_id) + forget_record_ops(doc_id) + refresh_tracked_ops(tracked)
        )
    )


def _derive_batch(
    st: Store,
    batch: list[str],
    records: dict[str, Extraction],
    entities: _Entities,
    skip: SkipHandler,
    before: str | None,
) -> list[_Unit]:
    """Resolve, track and map a batch of articles (in id order; ``records`` holds those
    recorded); return each one's update. Tracking looks at the stored claims of articles
    whose ids sort before ``before`` (None: all of them, when the graph holds no article
    from the batch on)."""
    resolved: list[Extraction] = []
    units: dict[str, _Unit] = {}
    for doc_id in batch:
        x = records.get(doc_id)
        if x is not None:
            try:
                entities.resolve(x)
            except Exception as e:
                skip(Skipped.failure(x.document, "resolve", e))
                x = None
            else:
                resolved.append(x)
        if x is None:  # removed, or failing: out of the graph and the records
            units[doc_id] = _dropped(doc_id)

    # Tracked against the claims of the articles before this batch (all derived by now)
    # and those before each claim within it.
    tracker = Tracker(lambda keys: st.claims_sharing_keys(keys, before=before))
    tracked = Tracking()
    try:
        tracked = tracker.track_batch(resolved)
    except Exception:
        good = []
        for x in resolved:
            try:
                tracker.track_batch([x])
            except Exception as e:
                skip(Skipped.failure(x.document, "resolve", e))
                units[x.document.id] = _dropped(x.document.id)
            else:
                good.append(x)
        resolved = good
        tracked = tracker.track_batch(resolved)

    digests = st.derived_digests(x.document.id for x in resolved)
    for x in resolved:
        doc_id = x.document.id
        try:
            lines = _own_lines(x, tracked)
        except Exception as e:
            skip(Skipped.failure(x.document, "map", e))
            units[doc_id] = _dropped(doc_id)
            continue
        digest = _digest(lines)
        if digests.get(doc_id) == digest:  # derived to the triples it has
            units[doc_id] = _Unit(doc_id, [], set(), set(), x)
            continue
        new_tracked = {tracked_iri(tracked[c]) for c in x.claims if c in tracked}
        units[doc_id] = _Unit(
            doc_id,
            write_article_ops(doc_id, lines, digest, derived=doc_id in digests),
            new_tracked,
            {e.id for e in x.entities},
            x,
            appearances=None if doc_id in digests else _appearances(x, tracked),
            lines=lines,
            digest=digest,
        )
    return [units[d] for d in batch]


def _appearances(extraction: Extraction, tracked: Tracking) -> list[NewAppearance]:
    """The claims of an extraction as new appearances of their tracked claims."""
    doc_id = extraction.document.id
    article = article_iri(doc_id)
    ids = {e.key: e.id for e in extraction.entities}
    return [
        NewAppearance(
            tracked_iri(tracked[c]),
            appearance_key(c.date, doc_id, c.start),
            article,
            c.content,
            None if c.speaker is None else entity_iri(ids[c.speaker]),
            None if not c.date else date_literal(c.date),
        )
        for c in extraction.claims
    ]


def _load(st: Store, units: list[_Unit], skip: SkipHandler) -> None:
    """Add a batch's articles to a graph being loaded (see :class:`Derivation`), in one
    :meth:`Store.insert_lines`; if the store refuses it, one article at a time, skipping
    (at the ``write`` stage) and dropping an article it refuses. An article dropped at an
    earlier stage only loses its record: nothing of it was loaded."""
    for unit in units:
        if unit.extraction is None and unit.ops:
            st.update(" ;\n".join(unit.ops))
    loaded = [u for u in units if u.extraction is not None and u.ops]
    try:
        st.insert_lines(
            [line for u in loaded for line in u.lines],
            [digest_line(u.doc_id, u.digest) for u in loaded],
        )
        return
    except STORE_ERRORS:
        raise
    except Exception:
        pass  # one of them cannot be stored: find which, below
    for unit in loaded:
        try:
            st.insert_lines(unit.lines, [digest_line(unit.doc_id, unit.digest)])
        except STORE_ERRORS:
            raise
        except Exception as e:
            skip(Skipped.failure(unit.extraction.document, "write", e))
            unit.extraction = None
            _drop(st, unit.doc_id)


def _write(
    st: Store, units: list[_Unit], entities: _Entities, skip: SkipHandler, first_ops: list[str]
) -> None:
    """Apply a batch's updates in one store update; if the store refuses it, one article
    at a time, skipping (at the ``write`` stage) and dropping an article it refuses."""
    touched = [u for u in units if u.ops]
    if not touched and not first_ops:
        return
    old_tracked, _ = st.referenced(u.doc_id for u in touched)

    def ops_of(part: list[_Unit], old: set[URIRef]) -> list[str]:
        ops = [op for u in part for op in u.ops]
        written = [u.doc_id for u in part if u.extraction is not None and u.ops]
        ops += count_ops(written, "+")  # what their new triples count, for them all at once
        # Tracked claims that a rewritten or dropped article touches are made again from
        # all their claims; those only new articles touch are extended by them.
        whole = old | {t for u in part if u.appearances is None for t in u.tracked}
        ops += refresh_tracked_ops(whole)
        ops += extend_tracked_ops(
            a for u in part for a in u.appearances or () if a.tracked not in whole
        )
        eids = {eid for u in part for eid in u.entities}
        ops += replace_entities_ops({entity_iri(e): entities.lines(e) for e in eids})
        return ops

    try:
        st.update(" ;\n".join(first_ops + ops_of(touched, old_tracked)))
        return
    except STORE_ERRORS:
        raise
    except Exception:
        pass  # one of them cannot be stored: find which, below
    if first_ops:
        st.update(" ;\n".join(first_ops))
    for unit in touched:
        old, _ = st.referenced([unit.doc_id])
        try:
            st.update(" ;\n".join(ops_of([unit], old)))
        except STORE_ERRORS:
            raise
        except Exception as e:
            if unit.extraction is not None:
                skip(Skipped.failure(unit.extraction.document, "write", e))
            unit.extraction = None
            _drop(st, unit.doc_id)
