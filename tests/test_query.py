import csv
import io
import json
from dataclasses import replace

import pytest
from rdflib import Literal

from kg.derive import write
from kg.nlp.titles import read_title
from kg.query import (
    QueryError,
    Table,
    format_table,
    named_queries,
    run,
    run_named,
    write_results,
)

from .conftest import TEXT, make_extraction


@pytest.fixture
def filled(store):
    write(store, [make_extraction("a.txt")])[0]
    later = make_extraction("b.txt")
    later.entities[0].label = 'Jim "Mad Dog" {Mattis}'  # not James Mattis: the braces
    later.entities[0].names = ('Jim "Mad Dog" {Mattis}',)
    write(store, [later])[0]
    return store


def test_every_named_query_describes_itself_and_runs(filled):
    # A third article where Mattis says the same again, is given another office and
    # counts fighters: something for every query to find.
    again = make_extraction("c.txt", "Secretary of State" + TEXT[len("Defence Secretary") :])
    mattis = again.entities[0]
    mattis.titles = (read_title("Secretary of State", "c.txt", 0, 18),)
    (claim,) = again.claims
    again.claims = [replace(claim, quantities=(replace(claim.quantities[0], unit="fighters"),))]
    write(filled, [again])[0]
    params = {
        "speaker": "Mattis",
        "entity": "Iraq",
        "article": "a.txt",
        "thing": "fight",
        "kind": "statement",
    }
    repeated = run_named(filled, "repeated-claims")
    params["tracked"] = str(repeated.rows[0][repeated.columns.index("id")])
    queries = named_queries()
    assert {
        "claims-by-speaker",
        "claims-about",
        "speakers-in-article",
        "top-speakers",
        "entities",
        "quantities-over-time",
        "repeated-claims",
        "claim-appearances",
        "conflicting-titles",
    } <= set(queries)
    for q in queries.values():
        assert q.description
        table = run_named(filled, q.name, {p: params[p] for p in q.params})
        assert table.rows, q.name


def test_claims_by_speaker_matches_part_of_a_name_ignoring_case(filled):
    table = run_named(filled, "claims-by-speaker", {"speaker": "mattis"})
    assert "speaker" not in table.columns
    col = table.columns.index
    assert [(str(r[col("article")]), str(r[col("claim")])) for r in table.rows] == [
        ("a.txt", "we are breaking them."),
        ("b.txt", "we are breaking them."),
    ]


def test_parameter_with_quotes_and_braces_is_only_a_string_to_match(filled):
    size = len(filled)
    injection = 'x")) } } ; DELETE WHERE { ?s ?p ?o } #'
    assert run_named(filled, "claims-by-speaker", {"speaker": injection}).rows == []
    assert len(filled) == size
    table = run_named(filled, "claims-by-speaker", {"speaker": '"Mad Dog" {Mattis}'})
    assert [str(r[table.columns.index("article")]) for r in table.rows] == ["b.txt"]


def test_speakers_in_article_counts_claims(filled):
    table = run_named(filled, "speakers-in-article", {"article": "a.txt"})
    assert [[str(c) for c in row] for row in table.rows] == [["James Mattis", "Person", "1"]]


def test_missing_parameter_names_it_and_says_what_it_is(filled):
    with pytest.raises(QueryError, match=r"params\['speaker'\] \(part of the speaker's name"):
        run_named(filled, "claims-by-speaker")


def test_missing_parameter_is_named_as_the_kg_command_takes_it_there(filled):
    from kg.interface import command_line

    with command_line(), pytest.raises(QueryError, match=r"--param speaker=VALUE \(part of"):
        run_named(filled, "claims-by-speaker")


def test_unknown_query_name_lists_the_names(filled):
    with pytest.raises(QueryError, match="choose one of claim-appearances, claims-about, "):
        run_named(filled, "claims-by")


def test_invalid_sparql_is_a_query_error(filled):
    with pytest.raises(QueryError, match="not valid SPARQL"):
        run(filled, "SELECT ?x WHERE { ?x")


def test_formats_render_the_same_rows():
    table = Table(["name", "claims"], [["Mattis, James", 3], ["Dunford", None]])
    assert format_table(table, "csv") == '"name","claims"\n"Mattis, James","3"\n"Dunford",""'
    assert format_table(table, "tsv") == "name\tclaims\nMattis, James\t3\nDunford\t"
    assert json.loads(format_table(table, "json")) == [
        {"name": "Mattis, James", "claims": "3"},
        {"name": "Dunford", "claims": None},
    ]
    assert format_table(table).splitlines() == [
        "name           claims",
        "-------------  ------",
        "Mattis, James  3",
        "Dunford",
    ]


def test_claims_of_kind_finds_only_that_kind_of_attribution(store, extraction):
    from dataclasses import replace

    extraction.claims = [replace(extraction.claims[0], act="according-to")]
    write(store, [extraction])[0]
    assert len(run_named(store, "claims-of-kind", {"kind": "according-to"}).rows) == 1
    assert run_named(store, "claims-of-kind", {"kind": "denial"}).rows == []


def test_csv_and_tsv_cells_that_a_spreadsheet_would_run_are_written_as_text():
    table = Table(["claim", "n"], [['=HYPERLINK("http://x.example","y")', -3], ["@SUM(A1)", 2]])
    rows = list(csv.reader(io.StringIO(format_table(table, "csv"))))
    assert rows[1:] == [['\'=HYPERLINK("http://x.example","y")', "-3"], ["'@SUM(A1)", "2"]]
    assert format_table(table, "tsv").splitlines()[2] == "'@SUM(A1)\t2"
    server_csv = write_results(Table(["c"], [[Literal("+1 555 0100 = cmd")]]), "csv")
    assert server_csv == b'"c"\r\n"\'+1 555 0100 = cmd"\r\n'
