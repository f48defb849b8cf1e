"""Incremental builds give the graph a fresh build gives (property-based, with hypothesis).

Random sequences of builds (articles added, changed, unchanged), removes and builds
interrupted part-way (then run again) on a small corpus whose articles share speakers,
names and claims; after each step the store must hold exactly the graph (sorted
N-Triples) of a fresh build of the articles it should hold, and validate.
"""

from __future__ import annotations

import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg import api
from kg.nlp import DEFAULT_MODEL as MODEL
from kg.rdf.store import LocalStore, open_store

from .counts import assert_counts_are_a_recount

# Two versions of each article: the second changes who says what, or what they say, so
# that resolution (a lone "Mattis" joins the one full name known) and tracking (the same
# claim across articles) both depend on which articles are in the corpus.
ARTICLES = {
    "a.txt": (
        'Defence Secretary James Mattis said "ISIS has lost almost all of its ground in '
        'Iraq and Syria." He spoke in Baghdad on Friday.',
        'General Joseph Dunford said "ISIS has lost almost all of its ground in Iraq and '
        'Syria." He spoke in Baghdad on Friday.',
    ),
    "b.txt": (
        'Mattis said "ISIS has lost almost all of its ground in Iraq and Syria." '
        "Officials in Washington agreed.",
        'Mattis said "the coalition will stay in Iraq until the job is done." '
        "Officials in Washington agreed.",
    ),
    "c.txt": (
        'Jim Mattis told reporters in Washington that the coalition would stay. "We will '
        'stay until the job is done," Mattis said.',
        'Dunford told reporters in Washington that the coalition would stay. "We will '
        'stay until the job is done," Dunford said.',
    ),
    "d.txt": (
        "The Syrian Democratic Forces (SDF) said the city of Raqqa had fallen. "
        '"Raqqa is free at last," the SDF said in a statement.',
        'The SDF said "Raqqa is free at last." Mattis said the SDF had fought well.',
    ),
    "e.txt": (
        'Joseph Dunford said "the coalition will stay in Iraq until the job is done." '
        "He met Mattis in Baghdad.",
        'Dunford said "ISIS has lost almost all of its ground in Iraq and Syria." '
        "He met James Mattis in Baghdad.",
    ),
}

IDS = sorted(ARTICLES)

builds = st.dictionaries(st.sampled_from(IDS), st.integers(0, 1), min_size=1)
operations = st.lists(
    st.one_of(
        st.tuples(st.just("build"), builds),
        st.tuples(st.just("remove"), st.lists(st.sampled_from(IDS), min_size=1, max_size=2)),
        st.tuples(st.just("interrupt"), builds, st.integers(1, 4)),
    ),
    min_size=1,
    max_size=4,
)


class Interrupted(BaseException):
    """What a kill looks like to the store: the update in flight never happens."""


@contextmanager
def interrupted_at(n: int):
    """Make the ``n``-th store update of the block raise :class:`Interrupted` (not
    applied, as a process killed before its transaction committed)."""
    real = LocalStore.update
    calls = 0

    def update(self, sparql):
        nonlocal calls
        calls += 1
        if calls == n:
            raise Interrupted
        real(self, sparql)

    LocalStore.update = update
    try:
        yield
    finally:
        LocalStore.update = real


def write_corpus(folder: Path, versions: dict[str, int]) -> Path:
    folder.mkdir(parents=True)
    for doc_id, version in versions.items():
        (folder / doc_id).write_text(ARTICLES[doc_id][version], encoding="utf-8")
    return folder


def nt_lines(store: Path, work: Path) -> list[str]:
    out = work / "dump.nt"
    with open_store(store) as s:
        s.dump(out, "nt")
    return sorted(out.read_text(encoding="utf-8").splitlines())


def build(folder: Path, store: Path) -> None:
    report = api.build([folder], store=store, model=MODEL, progress=False)
    assert report.skipped == []


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    report_multiple_bugs=False,
)
@given(steps=operations)
def test_any_sequence_of_builds_removes_and_interruptions_equals_a_fresh_build(steps):
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        store = work / "store"
        corpus: dict[str, int] = {}  # the version of each article the store should hold
        for n, step in enumerate(steps):
            kind = step[0]
            if kind == "remove":
                if not store.exists():
                    continue
                api.remove(step[1], store=store)
                for doc_id in step[1]:
                    corpus.pop(doc_id, None)
            else:
                folder = write_corpus(work / f"in-{n}", step[1])
                if kind == "interrupt":
                    with interrupted_at(step[2]), pytest.raises((Interrupted, AssertionError)):
                        build(folder, store)
                        raise AssertionError("finished before the interruption")  # pragma: no cover
                build(folder, store)  # run again: finishes what was interrupted
                corpus.update(step[1])
            if not corpus:
                continue
            fresh = work / f"fresh-{n}"
            build(write_corpus(work / f"all-{n}", corpus), fresh)
            assert nt_lines(store, work) == nt_lines(fresh, work), f"after {steps[: n + 1]}"
            assert_counts_are_a_recount(store)
            conforms, report = api.validate(store)
            assert conforms, report


def test_interrupted_build_is_finished_by_a_build_without_input(tmp_path):
    folder = write_corpus(tmp_path / "in", {doc_id: 0 for doc_id in IDS})
    store = tmp_path / "store"
    with interrupted_at(3), pytest.raises(Interrupted):
        build(folder, store)
    assert nt_lines(store, tmp_path) != []  # part of it is in, and it opens
    api.build([], store=store, model=MODEL, progress=False)
    build(folder, tmp_path / "fresh")
    assert nt_lines(store, tmp_path) == nt_lines(tmp_path / "fresh", tmp_path)


def test_changing_who_said_a_tracked_claim_leaves_no_trace_of_the_old_speaker(tmp_path):
    # the case: two files with the same quote by Mattis; one is edited to give
    # it to Dunford, built again; then the other is removed
    folder = write_corpus(tmp_path / "in", {"a.txt": 0, "b.txt": 0})
    store = tmp_path / "store"
    build(folder, store)
    (folder / "a.txt").write_text(ARTICLES["a.txt"][1], encoding="utf-8")
    build(folder, store)
    conforms, report = api.validate(store)
    assert conforms, report
    speakers = api.query(store, "repeated-claims")
    assert all("Dunford" not in str(row) or "b.txt" not in str(row) for row in speakers.rows)
    api.remove(["b.txt"], store=store)
    conforms, report = api.validate(store)
    assert conforms, report
    with open_store(store) as s:
        dangling = s.query(
            "SELECT ?t ?e WHERE { ?t a ckg:TrackedClaim ; prov:wasAttributedTo ?e "
            "FILTER NOT EXISTS { ?e a ?cls } }"
        )
        assert list(dangling) == []


DEVNEWS = Path(__file__).resolve().parent.parent.parent / "shared" / "devnews" / "articles"


@pytest.mark.devcorpus
@pytest.mark.skipif(not DEVNEWS.is_dir(), reason=f"no development corpus at {DEVNEWS}")
def test_real_news_changed_removed_and_added_back_equals_a_fresh_build(tmp_path):
    # the case on real articles: 20 changed (a claim given to someone else, or a
    # new paragraph with a quotation), 2 removed and built again
    corpus = tmp_path / "news"
    shutil.copytree(DEVNEWS, corpus)
    store = tmp_path / "store"
    api.build([corpus], store=store, progress=False, processes=2)
    files = sorted(corpus.glob("*.txt"))
    for n, path in enumerate(files[5::12][:20]):
        text = path.read_text(encoding="utf-8")
        if n % 2 and " said" in text:
            text = text.replace(" said", " told reporters", 1)
        else:
            text += '\n\n"We will rebuild the bridge by spring," Mayor Ann Lister said.\n'
        path.write_text(text, encoding="utf-8")
    report = api.build([corpus], store=store, progress=False)
    assert report.replaced == 20 and report.skipped == []
    assert api.remove([files[0].name, files[100].name], store=store) == []
    report = api.build([corpus], store=store, progress=False)
    assert report.added == 2
    fresh = tmp_path / "fresh"
    api.build([corpus], store=fresh, progress=False, processes=2)
    assert nt_lines(store, tmp_path) == nt_lines(fresh, tmp_path)
    conforms, violations = api.validate(store)
    assert conforms, violations


def test_kg_build_without_input_needs_a_store_and_makes_none(tmp_path, capsys):
    from kg.cli import main

    assert main(["build", "--store", str(tmp_path / "nothing")]) == 2
    assert "no store at" in capsys.readouterr().err
    assert not (tmp_path / "nothing").exists()


@contextmanager
def counting_updates():
    """Count the store updates of the block (``calls[0]`` after it)."""
    real, calls = LocalStore.update, [0]

    def update(self, sparql):
        calls[0] += 1
        real(self, sparql)

    LocalStore.update = update
    try:
        yield calls
    finally:
        LocalStore.update = real


@pytest.mark.parametrize("then", ["remove", "build"])
def test_a_remove_interrupted_at_any_update_is_finished_by_the_next_command(tmp_path, then):
    everything = write_corpus(tmp_path / "all", {doc_id: 0 for doc_id in IDS})
    build(write_corpus(tmp_path / "kept", {d: 0 for d in IDS if d != "b.txt"}), tmp_path / "fresh")
    without_b = nt_lines(tmp_path / "fresh", tmp_path)
    build(everything, tmp_path / "built")
    with_b = nt_lines(tmp_path / "built", tmp_path)
    with counting_updates() as calls:
        shutil.copytree(tmp_path / "built", tmp_path / "counted")
        assert api.remove(["b.txt"], store=tmp_path / "counted") == []
    assert calls[0] >= 2  # the records' deletion, then the derivation's writes
    for n in range(1, calls[0] + 1):
        store = tmp_path / f"at-{n}"
        shutil.copytree(tmp_path / "built", store)
        with interrupted_at(n), pytest.raises(Interrupted):
            api.remove(["b.txt"], store=store)
        if then == "remove":  # the same command again finishes it (b.txt may be gone)
            with open_store(store, read_only=True) as s:
                still_there = "b.txt" in s.derived_ids()
            assert api.remove(["b.txt"], store=store) == ([] if still_there else ["b.txt"]), n
            assert nt_lines(store, tmp_path) == without_b, n
        else:  # a later build finishes the remove, once its first update has committed
            api.build([], store=store, model=MODEL, progress=False)
            assert nt_lines(store, tmp_path) == (with_b if n == 1 else without_b), n
