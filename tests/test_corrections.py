"""Corrections: a user's merge, apart and not-an-entity, kept in the store and applied at
every derivation."""

from __future__ import annotations

import pytest

from kg import api
from kg.cli import main
from kg.corrections import CorrectionsError, read_corrections
from kg.model import Correction
from kg.nlp import DEFAULT_MODEL
from kg.rdf.store import open_store
from kg.resolve import is_scoped, resolve_corpus
from tests.test_resolve import BOXING, BOXING_2, doc

ARTICLES = {
    "a.txt": 'Defense Secretary James Mattis said "the line has held up well." He spoke in Iraq.',
    "b.txt": 'Jim Mattis told reporters "we will stay until the job is done."',
    "c.txt": "Mattis said the troops would stay in Iraq. Big Tech said the base was hit.",
}


def corpus(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def corrections(tmp_path, *rows, name="c.csv"):
    path = tmp_path / name
    path.write_text("action,name,other,why\n" + "".join(f"{r}\n" for r in rows), encoding="utf-8")
    return path


def speakers(store) -> set[str]:
    with open_store(store) as s:
        rows = s.query("SELECT ?n WHERE { ?c prov:wasAttributedTo ?e . ?e schema:name ?n }")
        return {str(n) for (n,) in rows}


def dump(store, path):
    with open_store(store) as s:
        s.dump(path, "nt")
    return sorted(path.read_text().splitlines())


def test_apart_keeps_a_surname_off_the_full_name_its_story_would_join():
    articles = [
        doc("b", BOXING_2, ("Lewis", "Person")),
        doc("a", BOXING, ("Lennox Lewis", "Person")),
    ]
    joined = resolve_corpus(articles)
    assert joined.ids[("a", "e0")] == joined.ids[("b", "e0")]
    apart = resolve_corpus(articles, corrections=[Correction("apart", "lewis", "Lennox Lewis")])
    assert apart.ids[("a", "e0")] != apart.ids[("b", "e0")]
    # every other join holds: a second "Lewis" of the story still joins the first
    three = resolve_corpus(
        [*articles, doc("c", BOXING, ("Lewis", "Person"))],
        corrections=[Correction("apart", "Lewis", "Lennox Lewis")],
    )
    assert three.ids[("b", "e0")] == three.ids[("c", "e0")] != three.ids[("a", "e0")]


def test_merge_joins_two_names_no_evidence_joins_and_says_why():
    articles = [
        doc("a", BOXING, ("Lennox Lewis", "Person")),
        doc("b", BOXING_2, ("The Lion", "Person")),
    ]
    plain = resolve_corpus(articles)
    assert plain.ids[("a", "e0")] != plain.ids[("b", "e0")]
    merged = resolve_corpus(articles, corrections=[Correction("merge", "The Lion", "Lennox Lewis")])
    assert merged.ids[("a", "e0")] == merged.ids[("b", "e0")] == "person/lennox-lewis"
    assert merged.why[("b", "e0")].kind == "corrected"


def test_not_an_entity_makes_the_name_its_article_s_own():
    articles = [
        doc("a", BOXING, ("Reports", "Organization")),
        doc("b", BOXING_2, ("Reports", "Organization")),
    ]
    r = resolve_corpus(articles, corrections=[Correction("not an entity", "reports")])
    a, b = r.ids[("a", "e0")], r.ids[("b", "e0")]
    assert a != b and r.why[("a", "e0")].kind == "described"


def test_a_corrections_file_is_kept_applied_and_equals_a_fresh_build(tmp_path):
    folder = corpus(tmp_path)
    store = tmp_path / "store"
    api.build([folder], store=store, model=DEFAULT_MODEL, progress=False)
    before = speakers(store)
    assert "Jim Mattis" in before and "James Mattis" in before
    assert not all(is_scoped(e["id"]) for e in api.entity("Big Tech", store=store))
    fix = corrections(
        tmp_path, "merge,Jim Mattis,James Mattis,one man", "not an entity,big tech,,a description"
    )
    report = api.build([], store=store, progress=False, corrections=fix)
    assert report.read == 0
    assert "Jim Mattis" not in speakers(store) and "James Mattis" in speakers(store)
    [found] = api.entity("Jim Mattis", store=store)
    assert found["label"] == "James Mattis"
    assert "corrected" in {m["why"]["kind"] for m in found["names"]}
    assert all(is_scoped(e["id"]) for e in api.entity("Big Tech", store=store))
    fresh = tmp_path / "fresh"
    api.build([folder], store=fresh, model=DEFAULT_MODEL, progress=False, corrections=fix)
    assert dump(store, tmp_path / "s.nt") == dump(fresh, tmp_path / "f.nt")
    conforms, text = api.validate(store)
    assert conforms, text
    # kept: building again without the file changes nothing
    api.build([folder], store=store, model=DEFAULT_MODEL, progress=False)
    assert "Jim Mattis" not in speakers(store)
    # an empty file takes them back
    api.build([], store=store, progress=False, corrections=corrections(tmp_path, name="e.csv"))
    assert speakers(store) == before


@pytest.mark.parametrize(
    "rows, message",
    [
        (["join,A,B"], "c.csv:2: action 'join': give merge, apart or not an entity"),
        (["merge,A,"], "c.csv:2: merge needs a name and an other name"),
        (["not an entity,,"], "c.csv:2: not an entity needs a name"),
    ],
)
def test_a_bad_corrections_file_is_named_with_its_line(tmp_path, rows, message):
    with pytest.raises(CorrectionsError, match=message):
        read_corrections(corrections(tmp_path, *rows))


def test_kg_build_names_a_bad_corrections_file_and_leaves_the_store_as_it_was(tmp_path, capsys):
    folder = corpus(tmp_path)
    store = tmp_path / "s"
    assert main(["build", str(folder), "--store", str(store), "--no-progress"]) == 0
    before = dump(store, tmp_path / "before.nt")
    bad = corrections(tmp_path, "merge,Jim Mattis,")
    assert main(["build", "--store", str(store), "--corrections", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "c.csv:2: merge needs a name and an other name" in err and "Traceback" not in err
    assert dump(store, tmp_path / "after.nt") == before
