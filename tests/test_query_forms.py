"""`kg query` answers every SPARQL form: SELECT as a table or the W3C results formats, ASK
as true/false and an exit status, CONSTRUCT and DESCRIBE as RDF."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, XSD

from kg import api, cli
from kg.query import QueryError, results_json, run
from kg.rdf.namespaces import BASE, SDO
from kg.rdf.store import open_store

MATTIS = BASE["entity/person/james-mattis"]
#: A claim of Mattis's in 002, dated to a month (an xsd:gYearMonth), not to a day.
MONTH_CLAIM = BASE["claim/002_a0f3bd66389858e2.txt/1148-1173"]

CLAIMS_OF_MATTIS = """
SELECT ?claim ?who ?date ?start WHERE {
  ?claim prov:wasAttributedTo ?who ; schema:dateCreated ?date ; nif:beginIndex ?start .
  ?who schema:name "James Mattis" .
} ORDER BY ?claim
"""


def kg(capsys, *args: str) -> tuple[int, str, str]:
    status = cli.main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def test_select_as_w3c_json_types_iris_and_literals_with_their_datatypes(examples_store, capsys):
    status, out, _ = kg(
        capsys, "query", CLAIMS_OF_MATTIS, "--format", "json", "--store", str(examples_store)
    )
    assert status == 0
    answer = json.loads(out)
    assert answer["head"]["vars"] == ["claim", "who", "date", "start"]
    rows = answer["results"]["bindings"]
    assert len(rows) >= 5
    assert {row["who"]["value"] for row in rows} == {str(MATTIS)}
    assert all(row["claim"]["type"] == "uri" and row["who"]["type"] == "uri" for row in rows)
    assert all(
        row["start"]
        == {"type": "literal", "value": row["start"]["value"], "datatype": str(XSD.integer)}
        for row in rows
    )
    dated = {row["claim"]["value"]: row["date"] for row in rows}
    assert dated[str(MONTH_CLAIM)] == {
        "type": "literal",
        "value": "2017-05",
        "datatype": str(XSD.gYearMonth),
    }
    assert {d["datatype"] for d in dated.values()} == {str(XSD.date), str(XSD.gYearMonth)}


def test_select_json_leaves_an_unbound_variable_out_of_its_row_and_a_string_untyped(examples_store):
    answer = api.query(
        examples_store,
        "SELECT ?name ?alias WHERE { ?e schema:name ?name "
        'FILTER (?name IN ("James Mattis", "Ghani")) '
        'OPTIONAL { ?e schema:alternateName ?alias FILTER (?alias = "Mattis") } } ORDER BY ?name',
    )
    rows = results_json(answer)["results"]["bindings"]
    assert rows == [
        {"name": {"type": "literal", "value": "Ghani"}},
        {
            "name": {"type": "literal", "value": "James Mattis"},
            "alias": {"type": "literal", "value": "Mattis"},
        },
    ]


def test_select_as_w3c_xml_results(examples_store, capsys):
    status, out, _ = kg(
        capsys, "query", CLAIMS_OF_MATTIS, "--format", "xml", "--store", str(examples_store)
    )
    assert status == 0
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    root = ET.fromstring(out)
    assert [v.get("name") for v in root.findall("r:head/r:variable", ns)] == [
        "claim",
        "who",
        "date",
        "start",
    ]
    dates = root.findall("r:results/r:result/r:binding[@name='date']/r:literal", ns)
    assert str(XSD.gYearMonth) in {d.get("datatype") for d in dates}


def test_named_query_gives_w3c_json_too(examples_store, capsys):
    status, out, _ = kg(
        capsys,
        "query",
        "--name",
        "claims-by-speaker",
        "--param",
        "speaker=Mattis",
        "--format",
        "json",
        "--store",
        str(examples_store),
    )
    assert status == 0
    answer = json.loads(out)
    assert "speaker" not in answer["head"]["vars"]  # the parameter's column is left out
    assert answer["results"]["bindings"] and all(
        row["claim"]["type"] == "literal" for row in answer["results"]["bindings"]
    )


def test_ask_prints_true_and_exits_0(examples_store, capsys):
    ask = 'ASK { ?who schema:name "James Mattis" }'
    assert kg(capsys, "query", ask, "--store", str(examples_store)) == (0, "true\n", "")


def test_ask_prints_false_and_exits_1_and_an_error_still_exits_2(examples_store, capsys):
    assert kg(
        capsys, "query", 'ASK { ?who schema:name "Nobody" }', "--store", str(examples_store)
    ) == (1, "false\n", "")
    status, _, err = kg(capsys, "query", "ASK { ?who schema:name }", "--store", str(examples_store))
    assert status == 2 and "not valid SPARQL" in err


def test_ask_as_w3c_json_and_xml(examples_store, capsys):
    ask = 'ASK { ?who schema:name "Nobody" }'
    status, out, _ = kg(capsys, "query", ask, "--format", "json", "--store", str(examples_store))
    assert (status, json.loads(out)) == (1, {"head": {}, "boolean": False})
    status, out, _ = kg(
        capsys,
        "query",
        ask.replace("Nobody", "Ghani"),
        "--format",
        "xml",
        "--store",
        str(examples_store),
    )
    boolean = ET.fromstring(out).find("{http://www.w3.org/2005/sparql-results#}boolean")
    assert (status, boolean.text) == (0, "true")


CONSTRUCT_SPEAKERS = """
CONSTRUCT { ?claim prov:wasAttributedTo ?who ; schema:dateCreated ?date }
WHERE {
  ?claim prov:wasAttributedTo ?who ; schema:dateCreated ?date . ?who schema:name "James Mattis"
}
"""


@pytest.mark.parametrize(
    ("fmt", "rdflib_format"),
    [(None, "turtle"), ("nt", "nt"), ("jsonld", "json-ld"), ("xml", "xml")],
)
def test_construct_writes_rdf_that_parses_to_the_triples_asked_for(
    examples_store, capsys, fmt, rdflib_format
):
    args = ["query", CONSTRUCT_SPEAKERS, "--store", str(examples_store)]
    status, out, _ = kg(capsys, *args, *(["--format", fmt] if fmt else []))
    assert status == 0
    graph = Graph().parse(data=out, format=rdflib_format)
    assert (MONTH_CLAIM, PROV.wasAttributedTo, MATTIS) in graph
    assert (MONTH_CLAIM, SDO.dateCreated, Literal("2017-05", datatype=XSD.gYearMonth)) in graph
    assert set(graph.subjects(PROV.wasAttributedTo, None)) == set(
        graph.subjects(SDO.dateCreated, None)
    )
    assert set(graph.objects(None, PROV.wasAttributedTo)) == {MATTIS}


def test_construct_turtle_uses_our_prefixes_and_declares_only_those_it_uses(examples_store, capsys):
    _, out, _ = kg(capsys, "query", CONSTRUCT_SPEAKERS, "--store", str(examples_store))
    assert "person:james-mattis" in out
    assert "@prefix prov: <http://www.w3.org/ns/prov#> ." in out
    assert "nif:" not in out and "owl:" not in out


def test_construct_jsonld_is_compacted_by_its_context(examples_store, capsys):
    _, out, _ = kg(
        capsys, "query", CONSTRUCT_SPEAKERS, "--format", "jsonld", "--store", str(examples_store)
    )
    doc = json.loads(out)
    assert doc["@context"]["prov"] == str(PROV)
    node = next(n for n in doc["@graph"] if n["@id"] == "claim:002_a0f3bd66389858e2.txt/1148-1173")
    assert node["prov:wasAttributedTo"] == {"@id": "person:james-mattis"}
    assert node["schema:dateCreated"] == {"@value": "2017-05", "@type": "xsd:gYearMonth"}


def test_describe_an_id_as_answers_write_it_gives_its_triples(examples_store, capsys, tmp_path):
    out_file = tmp_path / "mattis.ttl"
    status, out, _ = kg(
        capsys,
        "query",
        "DESCRIBE person:james-mattis",
        "--out",
        str(out_file),
        "--store",
        str(examples_store),
    )
    assert (status, out) == (0, "")
    graph = Graph().parse(out_file, format="turtle")
    assert (MATTIS, SDO.name, Literal("James Mattis")) in graph
    assert set(graph.subjects()) == {MATTIS}


def test_a_format_of_another_form_is_refused_naming_the_right_ones(examples_store, capsys):
    status, _, err = kg(
        capsys, "query", CONSTRUCT_SPEAKERS, "--format", "csv", "--store", str(examples_store)
    )
    assert status == 2 and "turtle, nt, jsonld, xml" in err
    status, _, err = kg(
        capsys, "query", CLAIMS_OF_MATTIS, "--format", "turtle", "--store", str(examples_store)
    )
    assert status == 2 and "table, csv, tsv, json, xml" in err


@pytest.mark.parametrize(
    "sparql",
    [
        "ASK { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "DESCRIBE ?s WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    ],
)
def test_service_is_refused_in_every_form(examples_store, sparql):
    with pytest.raises(QueryError, match="SERVICE clause"):
        api.query(examples_store, sparql)


def cross_product(variables: int, values: int = 100) -> str:
    block = " ".join(str(i) for i in range(values))
    return " ".join(f"VALUES ?v{i} {{ {block} }}" for i in range(variables))


@pytest.mark.parametrize(
    "form",
    [
        "ASK {{ {} FILTER (?v0 + ?v1 + ?v2 < 0) }}",
        "CONSTRUCT {{ <http://a> <http://b> ?v0 }} WHERE {{ {} FILTER (?v0 + ?v1 + ?v2 < 0) }}",
    ],
)
def test_time_limit_stops_every_form(examples_store, form):
    with pytest.raises(QueryError, match=r"more than 0.05 s"):
        api.query(examples_store, form.format(cross_product(3, values=150)), timeout=0.05)


def test_parameter_is_bound_in_an_ask_query(examples_store):
    with open_store(examples_store, read_only=True) as store:
        ask = "ASK { ?who schema:name ?name }"
        assert run(store, ask, {"name": "James Mattis"}) is True
        assert run(store, ask, {"name": "Nobody"}) is False


def test_graph_answer_holds_rdflib_terms(examples_store):
    graph = api.query(examples_store, "DESCRIBE person:james-mattis")
    assert URIRef(MATTIS) in set(graph.subjects())
