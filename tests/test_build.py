"""Building: incremental rebuilds, removing articles, batched writes, and extraction in
other processes (a local pool, a Dask cluster) giving the very graph of one process."""

from __future__ import annotations

import shutil
from dataclasses import replace

import pytest

from kg import api, engines
from kg.cli import main
from kg.derive import forget, write
from kg.model import Claim, Document, Entity, Extraction, Mention
from kg.rdf.mapping import article_iri
from kg.rdf.store import open_store

from .conftest import EXAMPLES, GAZETTEER


def triples(store) -> set[tuple[str, str, str]]:
    return {
        (str(s), str(p), str(o)) for s, p, o in store.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
    }


def owned_by(store, doc_id: str) -> set[tuple[str, str, str]]:
    """The triples of an article and of everything pointing to it."""
    a = article_iri(doc_id).n3()
    rows = store.query(
        f"SELECT ?s ?p ?o WHERE {{ {{ ?s nif:referenceContext {a} }} UNION "
        f"{{ BIND ({a} AS ?s) }} ?s ?p ?o }}"
    )
    return {(str(s), str(p), str(o)) for s, p, o in rows}


def nt_lines(store, path) -> list[str]:
    store.dump(path, "nt")
    return sorted(path.read_text(encoding="utf-8").splitlines())


def fake_extraction(doc: Document) -> Extraction:
    """What spaCy would find, without spaCy: Mattis says the quoted text, about Iraq if the
    text names it."""
    at = doc.text.index("Mattis")
    entities = [
        Entity(
            "e0",
            "James Mattis",
            "Person",
            ("Mattis",),
            (Mention(doc.id, at, at + 6, "Mattis", "e0"),),
            id="person/james-mattis",
        )
    ]
    if "Iraq" in doc.text:
        i = doc.text.index("Iraq")
        entities.append(
            Entity(
                "e1",
                "Iraq",
                "Place",
                ("Iraq",),
                (Mention(doc.id, i, i + 4, "Iraq", "e1"),),
                id="place/iraq",
            )
        )
    start = doc.text.index('"') + 1
    end = doc.text.index('"', start)
    about = ("e1",) if len(entities) > 1 else ()
    claim = Claim(doc.id, start, end, doc.text[start:end], "e0", at, at + 6, "said", about=about)
    return Extraction(doc, entities, [claim])


@pytest.fixture
def fake_nlp(monkeypatch):
    """Builds extract with :func:`fake_extraction`; lists the ids of the documents sent."""
    sent: list[str] = []

    def extract_all(documents, *args, **kwargs):
        for doc in documents:
            sent.append(doc.id)
            yield fake_extraction(doc)

    monkeypatch.setattr(api, "extract_all", extract_all)
    return sent


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    text = 'Defence Secretary James Mattis said "we are breaking them."'
    (folder / "a.txt").write_text(text + " Iraq agreed, he added.")
    (folder / "b.txt").write_text(text + " Nobody else did.")
    return folder


def test_rebuild_of_unchanged_articles_sends_nothing_to_nlp(corpus, tmp_path, fake_nlp):
    store = tmp_path / "store"
    api.build([corpus], store=store, progress=False)
    assert fake_nlp == ["a.txt", "b.txt"]
    report = api.build([corpus], store=store, progress=False)
    assert (report.read, report.unchanged, report.added) == (2, 2, 0)
    assert fake_nlp == ["a.txt", "b.txt"]


def test_changed_article_gives_the_graph_a_fresh_build_of_the_corpus_gives(
    corpus, tmp_path, fake_nlp
):
    store = tmp_path / "store"
    api.build([corpus], store=store, progress=False)
    with open_store(store) as s:
        before_b, before_a = owned_by(s, "b.txt"), owned_by(s, "a.txt")
    (corpus / "a.txt").write_text('Mattis said "we are winning." Iraq agreed.')
    report = api.build([corpus], store=store, progress=False)
    assert (report.replaced, report.unchanged) == (1, 1)
    assert fake_nlp == ["a.txt", "b.txt", "a.txt"]  # b.txt was not extracted again
    api.build([corpus], store=tmp_path / "fresh", progress=False)
    with open_store(store) as s, open_store(tmp_path / "fresh") as fresh:
        assert nt_lines(s, tmp_path / "s.nt") == nt_lines(fresh, tmp_path / "f.nt")
        after_a, after_b = owned_by(s, "a.txt"), owned_by(s, "b.txt")
    claims = {o for s, p, o in after_a if "/claim/" in s and p == "http://schema.org/text"}
    assert claims == {"we are winning."}
    assert before_a - after_a and after_a - before_a
    # b.txt's claim no longer says what a.txt's said: it is a tracked claim of its own,
    # and the first of its words in it, so it carries the LSH keys that a.txt's held
    trackedas = "https://w3id.org/claimkg/ontology#trackedAs"
    lshkey = "https://w3id.org/claimkg/ontology#lshKey"
    assert {t for t in before_b ^ after_b if t[1] not in (trackedas, lshkey)} == set()
    assert {p for _, p, _ in before_b - after_b} == {trackedas}
    assert len({o for _, p, o in after_b - before_b if p == lshkey}) == 24


def test_remove_deletes_the_article_and_entities_only_it_mentions(store):
    write(store, [fake_extraction(Document("a.txt", 'Mattis said "go" in Iraq.'))])[0]
    write(store, [fake_extraction(Document("b.txt", 'Mattis said "stay".'))])[0]
    before_b = owned_by(store, "b.txt")
    assert not forget(store, ["a.txt"])
    assert sorted(eid for eid, _, _ in store.known_entities()) == ["person/james-mattis"]
    assert owned_by(store, "a.txt") == set()
    assert owned_by(store, "b.txt") == before_b
    assert not (not forget(store, ["a.txt"]))


def test_kg_remove_reports_ids_it_does_not_hold(tmp_path, capsys):
    path = tmp_path / "store"
    with open_store(path, create=True) as s:
        write(s, [fake_extraction(Document("a.txt", 'Mattis said "go".'))])[0]
    assert main(["remove", "a.txt", "zzz.txt", "--store", str(path)]) == 1
    out, err = capsys.readouterr()
    assert "removed a.txt" in out and "no article 'zzz.txt'" in err
    with open_store(path) as s:
        assert len(s) == 0


def test_articles_are_written_many_to_an_update(tmp_path, fake_nlp, monkeypatch):
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(api.WRITE_BATCH + 3):
        (folder / f"{n:03}.txt").write_text(f'Text {n}: James Mattis said "so".')
    with open_store(tmp_path / "store", create=True) as store:
        updates = []
        real_update = store.update
        monkeypatch.setattr(store, "update", lambda q: (updates.append(q), real_update(q)))
        loads = []
        real_load = store.insert_lines
        monkeypatch.setattr(
            store,
            "insert_lines",
            lambda lines, state: (loads.append(lines), real_load(lines, state)),
        )
        report = api.build([folder], store=store, progress=False)
        assert report.added == api.WRITE_BATCH + 3
        # records in two updates; the new graph loaded in two batches once the last is
        # recorded (resolution clusters them all), after an update that starts the load,
        # then two (counts, tracked claims), and one that ends it
        assert len(loads) == 2
        assert len(updates) == 2 + 1 + 2 + 1


def test_bad_article_in_a_batch_is_skipped_and_never_half_written(tmp_path, monkeypatch):
    def extract_all(documents, *args, **kwargs):
        for doc in documents:
            x = fake_extraction(doc)
            if doc.id == "b.txt":  # a claim about an entity the extraction lacks
                x.claims[0] = replace(x.claims[0], about=("e9",))
            yield x

    monkeypatch.setattr(api, "extract_all", extract_all)
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        (folder / name).write_text('Mattis said "go".')
    with open_store(tmp_path / "store", create=True) as store:
        report = api.build([folder], store=store, progress=False)
        assert report.added == 2
        assert [s.path for s in report.skipped] == [str(folder / "b.txt")]
        assert report.skipped[0].stage == "map"
        assert "names entity 'e9'" in report.skipped[0].reason
        assert owned_by(store, "b.txt") == set()
        assert owned_by(store, "a.txt") and owned_by(store, "c.txt")


def test_report_keeps_no_record_per_article(corpus, tmp_path, fake_nlp):
    report = api.build([corpus], store=tmp_path / "store", progress=False)
    assert {name: type(value).__name__ for name, value in vars(report).items()} == {
        "store": "str",
        "read": "int",
        "added": "int",
        "replaced": "int",
        "unchanged": "int",
        "claims": "int",
        "entities": "int",
        "skipped": "list",
        "passed_over": "PassedOver",  # counts by ending and a few names: bounded
    }
    assert report.skipped == []


def test_unknown_engine_and_bad_process_count_are_refused():
    with pytest.raises(engines.BuildError, match="unknown engine 'spark'"):
        engines.extract_all([], "m", engine="spark")
    with pytest.raises(engines.BuildError, match="--processes 0"):
        engines.extract_all([], "m", processes=0)


def test_missing_pipeline_is_a_build_error():
    with pytest.raises(engines.BuildError, match="cannot load the spaCy pipeline 'no_such'"):
        list(engines.extract_all([Document("a.txt", "Hi.")], "no_such"))


@pytest.fixture
def single_process_lines(examples_store, tmp_path):
    with open_store(examples_store) as s:
        return nt_lines(s, tmp_path / "single.nt")


def test_two_processes_build_the_graph_of_one(single_process_lines, tmp_path):
    path = tmp_path / "store"
    report = api.build(
        [EXAMPLES], store=path, progress=False, processes=2, batch_size=1, gazetteer=GAZETTEER
    )
    assert report.added == 3
    with open_store(path) as s:
        assert nt_lines(s, tmp_path / "two.nt") == single_process_lines


def test_dask_local_cluster_builds_the_graph_of_one_process(single_process_lines, tmp_path):
    pytest.importorskip("distributed")
    path = tmp_path / "store"
    report = api.build(
        [EXAMPLES], store=path, progress=False, engine="dask", batch_size=1, gazetteer=GAZETTEER
    )
    assert report.added == 3
    with open_store(path) as s:
        assert nt_lines(s, tmp_path / "dask.nt") == single_process_lines


def test_dask_scheduler_that_is_not_there_is_a_build_error(tmp_path, monkeypatch):
    pytest.importorskip("distributed")
    monkeypatch.setattr(engines, "SCHEDULER_TIMEOUT", 1)
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(EXAMPLES / "000_b240bc71d8c50382.txt", folder)
    with pytest.raises(
        api.BuildError, match="cannot reach the Dask scheduler at tcp://127.0.0.1:9"
    ):
        api.build(
            [folder],
            store=tmp_path / "s",
            progress=False,
            engine="dask",
            scheduler="tcp://127.0.0.1:9",
        )
