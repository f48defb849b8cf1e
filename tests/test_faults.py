"""No article stops a build: whatever goes wrong while one article is extracted, resolved,
mapped or written, that article alone is skipped (named on one line, with the stage and
the error), the others are built, and the resolver's index forgets it."""

from __future__ import annotations

import contextlib
import copy
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from kg import api
from kg.cli import main
from kg.documents import Skipped
from kg.model import Claim, Document, Entity, Extraction, Mention
from kg.rdf import mapping
from kg.rdf.mapping import article_iri
from kg.rdf.namespaces import BASE
from kg.rdf.store import StoreError, open_store
from kg.resolve import Resolver

from .test_build import owned_by


def article(doc_id: str, *names: object) -> Extraction:
    """An extraction naming one person per name (a name that is not a string is a
    malformed record, which the resolver genuinely fails on)."""
    entities = [Entity(f"e{n}", str(name), "Person", (name,)) for n, name in enumerate(names)]
    return Extraction(Document(doc_id, ""), entities)


#: What treating a name that is not a string as one raises (None.strip(), or
#: unicodedata.normalize(form, None)).
NOT_A_STRING = (AttributeError, TypeError)


def index(resolver: Resolver) -> dict:
    """Everything the resolver keeps between articles, as plain values."""
    return {k: copy.deepcopy(dict(v)) for k, v in vars(resolver).items() if isinstance(v, dict)}


def test_article_failing_part_way_through_resolution_leaves_the_index_as_it_was():
    r = Resolver(known=[("person/james-mattis", "Person", ["James Mattis"])])
    r.resolve(article("a", "Jane Roe"))
    before = index(r)
    with pytest.raises(NOT_A_STRING):
        # two new people registered, then a name that is not a string
        r.resolve(article("b", "John Doe", "Mary Major", None))
    assert index(r) == before


def test_names_of_a_failed_article_do_not_join_later_ones():
    r = Resolver()
    with pytest.raises(NOT_A_STRING):
        r.resolve(article("b", "John Doe", None))
    # had "John Doe" stayed in the index, the lone surname would have joined him
    [doe] = r.resolve(article("c", "Doe")).entities
    assert doe.id == "person/doe"


# --- a whole build, with faults injected into one article at each stage ---------------


@pytest.fixture(scope="session")
def faulty_model(tmp_path_factory) -> str:
    """The name of an installed spaCy pipeline package (tests/faulty_pipeline.py) that
    fails on every document naming MARKER, in this process and in workers alike."""
    folder = tmp_path_factory.mktemp("site")
    package = folder / FAULTY
    package.mkdir()
    shutil.copy(Path(__file__).with_name("faulty_pipeline.py"), package / "__init__.py")
    info = folder / f"{FAULTY}-0.0.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {FAULTY}\nVersion: 0.0.0\n")
    with pytest.MonkeyPatch.context() as mp:
        mp.syspath_prepend(str(folder))  # spawned workers start with this sys.path
        yield FAULTY


FAULTY = "kg_faulty_pipeline"
MARKER = "Zorblaxian"  # tests/faulty_pipeline.py fails on it
CRASH = "Kraxxonite"  # and ends the process extracting it


@pytest.fixture
def corpus(tmp_path) -> Path:
    """Five short articles; b.txt names the marker the faulty pipeline fails on."""
    folder = tmp_path / "in"
    folder.mkdir()
    texts = {
        "a.txt": '"The bridge will open in May," Mayor Ann Lister said on Monday.',
        "b.txt": f'"We found a {MARKER} coin," the museum director Paul Heng said.',
        "c.txt": "The council will vote on the budget, Councillor Rita Moss said.",
        "d.txt": '"Rain is coming," forecaster Omar Bello said.',
        "e.txt": "Police chief Dana Wu said the road would stay closed.",
    }
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def stored_articles(store) -> list[str]:
    rows = store.query("SELECT ?id WHERE { ?a a schema:NewsArticle ; schema:identifier ?id }")
    return sorted(str(row[0]) for row in rows)


def fail_updates_naming(store, doc_id: str, monkeypatch) -> None:
    """Make every store update that writes ``doc_id`` fail, as a store refusing it would."""
    iri = article_iri(doc_id).n3()
    real = store.update

    def update(sparql: str) -> None:
        if iri in sparql and "INSERT DATA" in sparql:
            raise ValueError(f"injected: the store refuses {doc_id}")
        real(sparql)

    monkeypatch.setattr(store, "update", update)


ENGINES = [
    pytest.param({}, id="local"),
    pytest.param({"processes": 2, "batch_size": 2}, id="processes"),
    pytest.param({"engine": "dask", "batch_size": 2}, id="dask"),
]


@pytest.mark.parametrize("where", ENGINES)
def test_articles_failing_in_extraction_or_write_are_skipped_and_the_rest_built(
    where, faulty_model, corpus, tmp_path, monkeypatch
):
    # b.txt fails in the pipeline, d.txt in the store; with workers, c.txt kills the one
    # extracting it (in this process it would end the test run)
    expected = [("b.txt", "extract"), ("d.txt", "write")]
    retries = contextlib.nullcontext()
    if where:
        (corpus / "c.txt").write_text(f"Miners found {CRASH} ore, Councillor Rita Moss said.")
        expected.insert(1, ("c.txt", "extract"))
    if where.get("engine") == "dask":
        dask = pytest.importorskip("dask")
        pytest.importorskip("distributed")
        # a task whose worker dies is retried elsewhere this many times before it fails
        retries = dask.config.set({"distributed.scheduler.allowed-failures": 0})
    with retries, open_store(tmp_path / "store", create=True) as store:
        fail_updates_naming(store, "d.txt", monkeypatch)
        report = api.build([corpus], store=store, model=faulty_model, progress=False, **where)
        built = sorted({"a.txt", "b.txt", "c.txt", "d.txt", "e.txt"} - {d for d, _ in expected})
        assert stored_articles(store) == built
        assert owned_by(store, "b.txt") == owned_by(store, "d.txt") == set()
    assert (report.read, report.added) == (5, len(built))
    assert [(s.doc_id, s.stage) for s in report.skipped] == expected
    assert report.skipped[0].reason == f"InjectedFault: a document naming {MARKER}"
    assert report.skipped[-1].reason == "ValueError: injected: the store refuses d.txt"


def fake_extractions(bad: dict[str, Callable[[Extraction], None]]):
    """An ``extract_all`` without spaCy: each article's speaker says its text; ``bad``
    spoils the extraction of some articles by id."""

    def extract_all(documents, *args, **kwargs):
        for doc in documents:
            at = doc.text.index(" said")
            speaker = doc.text[:at]
            x = Extraction(
                doc,
                [
                    Entity(
                        "e0",
                        speaker,
                        "Person",
                        (speaker,),
                        (Mention(doc.id, 0, at, speaker, "e0"),),
                    )
                ],
                [Claim(doc.id, at + 6, len(doc.text), doc.text[at + 6 :], "e0", 0, at, "said")],
            )
            bad.get(doc.id, lambda x: None)(x)
            yield x

    return extract_all


def three_articles(tmp_path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Jane Roe said the river rose.")
    (folder / "b.txt").write_text("John Doe said the river fell.")
    (folder / "c.txt").write_text("Doe said the river was calm.")
    return folder


def test_article_failing_in_resolution_is_skipped_and_forgotten(tmp_path, monkeypatch):
    def malformed(x: Extraction) -> None:  # a second entity whose name is not a string
        x.entities.append(Entity("e1", "?", "Person", (None,)))

    monkeypatch.setattr(api, "extract_all", fake_extractions({"b.txt": malformed}))
    with open_store(tmp_path / "store", create=True) as store:
        report = api.build([three_articles(tmp_path)], store=store, progress=False)
        assert stored_articles(store) == ["a.txt", "c.txt"]
        speakers = {str(r[0]) for r in store.query("SELECT ?s WHERE { ?s a schema:Person }")}
    assert [(s.doc_id, s.stage) for s in report.skipped] == [("b.txt", "resolve")]
    assert report.skipped[0].reason.startswith(tuple(f"{e.__name__}: " for e in NOT_A_STRING))
    # b's John Doe was never built, so c's lone "Doe" is a person of its own
    assert speakers == {str(BASE["entity/person/jane-roe"]), str(BASE["entity/person/doe"])}


def test_article_failing_in_mapping_is_skipped_and_the_rest_of_its_batch_written(
    tmp_path, monkeypatch
):
    real = mapping._add_claim

    def add_claim(g, claim, *args):
        if claim.doc_id == "b.txt":
            raise TypeError("injected: cannot map this claim")
        return real(g, claim, *args)

    monkeypatch.setattr(api, "extract_all", fake_extractions({}))
    monkeypatch.setattr(mapping, "_add_claim", add_claim)
    with open_store(tmp_path / "store", create=True) as store:
        report = api.build([three_articles(tmp_path)], store=store, progress=False)
        assert stored_articles(store) == ["a.txt", "c.txt"]
        assert owned_by(store, "b.txt") == set()
    assert [(s.doc_id, s.stage, s.reason) for s in report.skipped] == [
        ("b.txt", "map", "TypeError: injected: cannot map this claim")
    ]


def test_store_that_cannot_be_written_stops_the_build(tmp_path, monkeypatch):
    def update(sparql: str) -> None:
        raise StoreError("cannot reach the SPARQL endpoint")

    monkeypatch.setattr(api, "extract_all", fake_extractions({}))
    with open_store(tmp_path / "store", create=True) as store:
        monkeypatch.setattr(store, "update", update)
        with pytest.raises(StoreError):
            api.build([three_articles(tmp_path)], store=store, progress=False)


# --- what a user of `kg build` sees ------------------------------------------------------


def test_kg_build_names_each_skipped_article_on_one_line_and_exits_1(
    faulty_model, corpus, tmp_path, capsys
):
    code = main(["build", str(corpus), "--store", str(tmp_path / "s"), "--model", faulty_model])
    out, err = capsys.readouterr()
    assert code == 1
    assert "5 read, 4 added" in out and "1 skipped" in out
    assert err.splitlines() == [
        f"kg: skipped {corpus / 'b.txt'}: extract failed: InjectedFault: a document naming "
        f"{MARKER}",
        "kg build: built 4, skipped 1 (extract 1): kg failed on them, not the input: rerun "
        "with --debug for the tracebacks, and please report them",
    ]


def test_kg_build_debug_prints_the_traceback_of_each_skipped_article(
    faulty_model, corpus, tmp_path, capsys
):
    args = ["build", str(corpus), "--store", str(tmp_path / "s"), "--model", faulty_model]
    assert main([*args, "--debug"]) == 1
    err = capsys.readouterr().err
    assert err.count("Traceback (most recent call last)") == 1
    assert 'faulty_pipeline/__init__.py", line' in err


def test_skipped_article_of_a_json_lines_file_is_named_by_line_and_id():
    skipped = Skipped.failure(
        Document("n-7", "text", source="feed.jsonl:3"), "resolve", KeyError("e2")
    )
    assert str(skipped) == "feed.jsonl:3 (id n-7): resolve failed: KeyError: 'e2'"


def test_long_error_message_is_cut_to_one_short_line():
    skipped = Skipped.failure(Document("a.txt", "x"), "write", ValueError("bad\n" * 500))
    assert "\n" not in skipped.reason and len(skipped.reason) <= 320


# --- the development corpus builds whole ---------------------------------------------

DEVNEWS = Path(__file__).resolve().parent.parent.parent / "shared" / "devnews" / "articles"


@pytest.mark.devcorpus
@pytest.mark.skipif(not DEVNEWS.is_dir(), reason=f"no development corpus at {DEVNEWS}")
def test_every_development_article_builds(tmp_path):
    report = api.build([DEVNEWS], store=tmp_path / "store", progress=False, processes=2)
    assert [str(s) for s in report.skipped] == []
    assert report.added == report.read == len(list(DEVNEWS.glob("*.txt")))
