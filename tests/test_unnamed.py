"""Names are not descriptions (issue 20 item 3): a source an article only describes keeps
its claims, says what it is, and stays out of entity lists, top speakers and search unless
they are asked to include it; words that are no person's name are no person."""

from __future__ import annotations

import pytest

from kg import api
from kg.cli import main
from kg.rdf.store import open_store
from kg.serve.claims import search
from tests.pipeline import run

ARTICLE = (
    "Fire destroys warehouse in Leeds\n\n"
    "A fire destroyed a warehouse in Leeds on Monday. Authorities said the blaze began "
    "in the roof. Reports said two workers were hurt. His family said one of them, Tom "
    "Hale, was recovering. Tom Hale said he was grateful to the firefighters.\n"
)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("unnamed")
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    api.build([folder / "a.txt"], store=folder / "store", progress=False)
    return folder / "store"


def column(table, name):
    return [str(row[table.columns.index(name)]) for row in table.rows]


def test_an_unnamed_source_says_whether_it_is_a_description_a_document_or_a_group():
    r = run(ARTICLE)
    kinds = {e.label: e.described_as for e in r.entities}
    assert kinds["Authorities"] == "group"
    assert kinds["Reports"] == "document"
    assert kinds["His family"] == "description"
    assert kinds["Tom Hale"] is None


def test_unnamed_sources_keep_their_claims(store):
    claims = api.query(
        store,
        "SELECT ?name WHERE { ?c a schema:Claim ; prov:wasAttributedTo/schema:name ?name }",
    )
    assert {"Authorities", "Reports", "His family", "Tom Hale"} <= set(column(claims, "name"))


def test_entity_lists_and_top_speakers_leave_out_unnamed_sources_unless_asked(store):
    for name, col in (("entities", "name"), ("top-speakers", "speaker")):
        shown = set(column(api.query(store, name), col))
        everything = set(column(api.query(store, name, include_unnamed=True), col))
        assert "Tom Hale" in shown and not {"Authorities", "Reports", "His family"} & shown
        assert {"Authorities", "Reports", "His family", "Tom Hale"} <= everything


def test_kg_query_include_unnamed_lists_the_unnamed_sources(store, capsys):
    assert main(["query", "--store", str(store), "--name", "top-speakers", "--format", "csv"]) == 0
    assert "Authorities" not in capsys.readouterr().out
    argv = ["query", "--store", str(store), "--name", "top-speakers", "--include-unnamed"]
    assert main([*argv, "--format", "csv"]) == 0
    assert "Authorities" in capsys.readouterr().out


def test_search_finds_unnamed_sources_only_when_asked(store):
    with open_store(store, read_only=True) as st:
        assert search(st, "authorit") == []
        assert [e["name"] for e in search(st, "authorit", include_unnamed=True)] == ["Authorities"]
        assert [e["name"] for e in search(st, "hale")] == ["Tom Hale"]


@pytest.mark.parametrize(
    "text, not_a_person",
    [
        ("The coral A. millepora grew fast near the reef, researcher Ann Lee said.", "millepora"),
        ("The 12th Amendment says the Senate chooses the vice president.", "Amendment"),
    ],
)
def test_a_species_or_a_numbered_law_is_no_person(text, not_a_person):
    r = run(text)
    assert not [
        e for e in r.entities if e.cls == "Person" and not_a_person in e.label and not e.generic
    ]


def test_a_hyphenated_pair_of_people_is_neither_of_them():
    r = run("Joe Biden met Donald Trump. Biden won the Trump-Biden debate, viewers said.")
    names = {n for e in r.entities for n in e.names}
    assert "Trump-Biden" not in names


def test_a_person_the_ner_ran_an_organisation_into_is_the_person():
    r = run("Time considered the Speaker of the House Nancy Pelosi and two others this year.")
    people = {e.label for e in r.entities if e.cls == "Person"}
    orgs = {e.label for e in r.entities if e.cls == "Organization"}
    assert "Nancy Pelosi" in people and not any("Pelosi" in o for o in orgs)


def test_a_title_inside_a_persons_name_is_a_title():
    r = run("Nancy Pelosi spoke on Tuesday. US Speaker Pelosi said the vote would go ahead.")
    [pelosi] = [e for e in r.entities if e.cls == "Person"]
    assert pelosi.label == "Nancy Pelosi" and "US Speaker Pelosi" not in pelosi.names
    assert any(t.text == "US Speaker" for t in pelosi.titles)
