"""A derivation into an empty graph loads it (``kg.derive.Derivation.loading``): each
batch's own triples go in through ``Store.insert_lines``, and the counts, tracked claims
and entities are written at the end. The graph it gives equals, line for line, the one the
incremental path gives from the same records, on real articles and on synthetic ones; a
build interrupted in a batch or in the final writes is finished by the next one to that
same graph."""

from __future__ import annotations

import importlib.util
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest

from kg import api
from kg import derive as derive_module
from kg.derive import Derivation, derive, record
from kg.rdf.store import STATE_GRAPH, LocalStore, StoreError

from .counts import assert_counts_are_a_recount

BENCH = Path(__file__).resolve().parent.parent / "bench"


def synthetic(n: int, seed: int = 0):
    """``n`` synthetic extraction records (``bench/synth.py``): speakers, names and
    claims repeated across articles, so that resolution and tracking cross batches."""
    spec = importlib.util.spec_from_file_location("synth", BENCH / "synth.py")
    synth = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(synth)
    return list(synth.extractions(n, seed))


class Interrupted(BaseException):
    """What a kill looks like to the store: the write in flight never happens."""


@contextmanager
def interrupted_at(method: str, n: int):
    """Make the ``n``-th call of ``LocalStore.<method>`` raise :class:`Interrupted` (not
    applied, as a process killed before its transaction committed)."""
    real = getattr(LocalStore, method)
    calls = 0

    def interrupting(self, *args):
        nonlocal calls
        calls += 1
        if calls == n:
            raise Interrupted
        return real(self, *args)

    setattr(LocalStore, method, interrupting)
    try:
        yield
    finally:
        setattr(LocalStore, method, real)


def graph_lines(st: LocalStore, path: Path) -> list[str]:
    """The store's graph and its articles' digests, as sorted N-Triples lines."""
    st.dump(path, "nt")
    digests = st.select_strings(
        f"SELECT ?a ?d WHERE {{ GRAPH {STATE_GRAPH.n3()} {{ ?a ckg:derivedDigest ?d }} }}"
    )
    return sorted(path.read_text(encoding="utf-8").splitlines()) + sorted(map(str, digests))


def recorded_store(path: Path, extractions) -> tuple[LocalStore, str | None]:
    """A new store with ``extractions`` recorded and nothing derived yet."""
    st = LocalStore(path, create=True)
    _, start = record(st, extractions, None)
    return st, start


@pytest.fixture(scope="module")
def records():
    return synthetic(60)


@pytest.fixture
def small_batches(monkeypatch):
    """Batches of 8 articles, so that 60 make several and tracking looks across them."""
    monkeypatch.setattr(derive_module, "DERIVE_BATCH", 8)
    monkeypatch.setattr(derive_module, "FINISH_CHUNK", 7)


@pytest.fixture
def incremental_graph(records, small_batches, tmp_path):
    """The graph of the 60 synthetic articles derived article by article (no loading)."""
    st, start = recorded_store(tmp_path / "incremental", records)
    with st:
        derive(st, start, load=False)
        assert_counts_are_a_recount(tmp_path / "incremental")
        return graph_lines(st, tmp_path / "incremental.nt")


def test_loading_synthetic_articles_gives_the_incremental_graph_line_for_line(
    records, incremental_graph, tmp_path
):
    st, start = recorded_store(tmp_path / "loaded", records)
    with st:
        derivation = Derivation(st, start)
        assert derivation.loading
        derivation.advance()
        derived = derivation.finish()
        assert derived.written == 60 and derived.entities > 0
        assert st.stale_from() is None and not st.fresh_derivation()
        assert graph_lines(st, tmp_path / "loaded.nt") == incremental_graph
    assert_counts_are_a_recount(tmp_path / "loaded")


def test_loading_in_steps_as_a_build_beside_extraction_gives_the_incremental_graph(
    records, incremental_graph, small_batches, tmp_path
):
    """``kg build`` goes ahead a batch at a time while it extracts, and writes the counts
    and tracked claims of what it loaded at each step: a tracked claim made at one step
    and appearing again later is made again."""
    st, start = recorded_store(tmp_path / "steps", records[:20])
    with st:
        derivation = Derivation(st, start)
        derivation.advance(until=records[19].document.id)  # two batches of 8, settled
        assert derivation.loaded == [] and derivation.appearances == []
        _, start = record(st, records[20:], start)
        derivation.add(x.document.id for x in records[20:])
        for step in (30, 45, 59):
            derivation.advance(until=records[step].document.id)
        derivation.finish()
        assert graph_lines(st, tmp_path / "steps.nt") == incremental_graph
    assert_counts_are_a_recount(tmp_path / "steps")


def test_loading_half_then_deriving_the_rest_gives_the_incremental_graph(
    records, incremental_graph, tmp_path
):
    st, start = recorded_store(tmp_path / "halves", records[:30])
    with st:
        assert Derivation(st, start).loading  # (started again by derive below)
        derive(st, start)
        _, start = record(st, records[30:], None)
        second = Derivation(st, start)
        assert not second.loading  # the graph holds articles: it is updated
        second.advance()
        second.finish()
        assert graph_lines(st, tmp_path / "halves.nt") == incremental_graph


def test_a_new_store_is_loaded_not_updated_article_by_article(records, tmp_path, monkeypatch):
    loaded: list[int] = []
    real = LocalStore.insert_lines

    def insert_lines(self, lines, state=()):
        loaded.append(len(lines))
        real(self, lines, state)

    monkeypatch.setattr(LocalStore, "insert_lines", insert_lines)
    updates: list[str] = []
    real_update = LocalStore.update
    monkeypatch.setattr(LocalStore, "update", lambda s, q: updates.append(q) or real_update(s, q))
    st, start = recorded_store(tmp_path / "store", records[:40])
    updates.clear()
    with st:
        derive(st, start)
        total = len(st)
    assert len(loaded) == 2 and sum(loaded) > total / 2  # 32 + 8 articles: two loads
    # no article's triple written by an update (each has its nif:referenceContext)
    assert not any("INSERT DATA" in q and "nif-core#referenceContext" in q for q in updates)


@pytest.fixture
def updates_of_loading(records, small_batches, tmp_path) -> int:
    """How many updates loading the 60 articles takes (the start, counts, tracked
    claims, and the end with the entities)."""
    st, start = recorded_store(tmp_path / "counted", records)
    calls = 0
    real = LocalStore.update

    def update(self, sparql):
        nonlocal calls
        calls += 1
        real(self, sparql)

    LocalStore.update = update
    try:
        with st:
            derive(st, start)
    finally:
        LocalStore.update = real
    return calls


@pytest.mark.parametrize(
    "method, at",
    [("insert_lines", 1), ("insert_lines", 4), ("update", 2), ("update", 0.6), ("update", 1.0)],
    ids=["first-load", "fourth-load", "first-count", "a-refresh", "the-end"],
)
def test_loading_interrupted_is_finished_by_the_next_derivation(
    records, incremental_graph, updates_of_loading, tmp_path, method, at
):
    n = at if isinstance(at, int) else round(at * updates_of_loading)
    st, start = recorded_store(tmp_path / "store", records)
    with st:
        with interrupted_at(method, n), pytest.raises(Interrupted):
            derive(st, start)
        # Interrupted: the mark says the graph is not whole, and where to start again.
        assert st.fresh_derivation() and st.stale_from() == records[0].document.id
        again = Derivation(st, st.stale_from())
        assert again.loading and again.pending == sorted(x.document.id for x in records)
        again.advance()
        again.finish()
        assert not st.fresh_derivation() and st.stale_from() is None
        assert graph_lines(st, tmp_path / "store.nt") == incremental_graph
    assert_counts_are_a_recount(tmp_path / "store")


def test_interrupted_loading_is_finished_by_a_derivation_from_a_later_article(
    records, incremental_graph, small_batches, tmp_path
):
    """A build after the kill that records a later article starts there; the mark still
    makes it load everything again (the graph holds no counts or tracked claims yet)."""
    st, start = recorded_store(tmp_path / "store", records[:50])
    with st:
        with interrupted_at("insert_lines", 3), pytest.raises(Interrupted):
            derive(st, start)
        _, start = record(st, records[50:], st.stale_from())
        derive(st, records[50].document.id)
        assert graph_lines(st, tmp_path / "store.nt") == incremental_graph


def test_loading_the_examples_gives_the_incremental_graph(examples_store, tmp_path, monkeypatch):
    """Real articles (spaCy, resolution, tracking), in batches of one."""
    monkeypatch.setattr(derive_module, "DERIVE_BATCH", 1)
    graphs = {}
    for load in (True, False):
        path = tmp_path / f"load-{load}"
        shutil.copytree(examples_store, path)
        with LocalStore(path) as st:
            ids = st.recorded_ids()
            assert len(ids) == 3
            st.update("CLEAR DEFAULT")  # as if only recorded: derive from nothing
            st.update(f"DELETE WHERE {{ GRAPH {STATE_GRAPH.n3()} {{ ?a ckg:derivedDigest ?d }} }}")
            derivation = Derivation(st, ids[0], load=load)
            assert derivation.loading is load
            derivation.advance()
            derivation.finish()
            graphs[load] = graph_lines(st, tmp_path / f"load-{load}.nt")
    with LocalStore(examples_store, read_only=True) as st:
        built = graph_lines(st, tmp_path / "built.nt")
    assert graphs[True] == graphs[False] == built
    for kept in ("#appearanceCount>", "#mentionCount>"):  # counts kept, tracked claims made
        assert any(kept in line for line in built)


def test_a_read_only_store_refuses_loading(examples_store):
    with LocalStore(examples_store, read_only=True) as st, pytest.raises(StoreError):
        st.insert_lines(["<http://a/s> <http://a/p> <http://a/o> ."])


def test_insert_lines_adds_the_graph_and_the_state_in_one_step(tmp_path):
    with LocalStore(tmp_path / "store", create=True) as st:
        st.insert_lines(
            ["<http://a/s> <http://a/p> <http://a/o> ."],
            ['<http://a/s> <http://a/state> "x" .'],
        )
        with pytest.raises(SyntaxError):  # a line that does not parse: nothing is added
            st.insert_lines(["<http://a/t> <http://a/p> <http://a/o> .", "<http://a/u> nope"])
        assert len(st) == 1
        state = f"SELECT ?v WHERE {{ GRAPH {STATE_GRAPH.n3()} {{ ?s ?p ?v }} }}"
        assert list(st.select_strings(state)) == [("x",)]


def test_validating_a_store_whose_load_was_interrupted_says_how_to_finish_it(records, tmp_path):
    st, start = recorded_store(tmp_path / "store", records[:40])
    with st:
        with interrupted_at("update", 2), pytest.raises(Interrupted):
            derive(st, start)  # the articles loaded, not their entities or tracked claims
    conforms, report = api.validate(tmp_path / "store")
    assert not conforms
    assert "run `kg build` (with or without input) to finish it" in report
    with LocalStore(tmp_path / "store") as st:
        derive(st, st.stale_from())
    conforms, report = api.validate(tmp_path / "store")
    assert conforms and "note:" not in report


def test_a_load_keeps_triples_kg_did_not_derive_even_when_started_again(
    records, incremental_graph, small_batches, tmp_path
):
    """A server's default graph may hold others' triples: neither loading nor loading
    again after an interruption deletes them."""
    theirs = '<http://example.org/mine> <http://example.org/says> "kept" .'
    st, start = recorded_store(tmp_path / "store", records)
    with st:
        st.update(f"INSERT DATA {{ {theirs} }}")
        with interrupted_at("insert_lines", 3), pytest.raises(Interrupted):
            derive(st, start)
        derive(st, st.stale_from())
        lines = graph_lines(st, tmp_path / "store.nt")
    assert theirs in lines
    lines.remove(theirs)
    assert lines == incremental_graph
