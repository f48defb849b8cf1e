"""kg serve over HTTP: the SPARQL 1.1 Protocol (every form, every format by Accept, the
errors) and the claims browser's JSON API, on the built example articles."""

from __future__ import annotations

import csv
import io
import json
import shutil
import socket
import xml.etree.ElementTree as ET

import pytest
from rdflib import Graph, URIRef
from starlette.testclient import TestClient

from kg.rdf.namespaces import SDO
from kg.rdf.store import LocalStore
from kg.serve.app import make_app

from .serving import counted, mattis_claims

SPEAKERS = """
SELECT ?name (COUNT(?c) AS ?claims) WHERE {
  ?c a schema:Claim ; prov:wasAttributedTo/schema:name ?name .
} GROUP BY ?name ORDER BY DESC(?claims) ?name
"""

RESULTS_NS = "{http://www.w3.org/2005/sparql-results#}"


@pytest.fixture(scope="module")
def mattis(examples_store) -> int:
    """How many claims James Mattis makes in the examples, as the store holds them."""
    n = mattis_claims(examples_store)
    assert n > 10
    return n


@pytest.fixture(scope="module")
def client(examples_store):
    with TestClient(make_app(examples_store)) as client:
        yield client


@pytest.fixture
def copied(examples_store, tmp_path):
    """A copy of the examples' store, for a test that writes it."""
    shutil.copytree(examples_store, tmp_path / "store")
    return tmp_path / "store"


def select(client, accept, query=SPEAKERS):
    response = client.get("/sparql", params={"query": query}, headers={"Accept": accept})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(accept)
    return response.text


def test_select_comes_as_w3c_json_by_default_with_typed_literals(client, mattis):
    response = client.get("/sparql", params={"query": SPEAKERS})
    assert response.headers["content-type"] == "application/sparql-results+json"
    data = response.json()
    assert data["head"]["vars"] == ["name", "claims"]
    first = data["results"]["bindings"][0]
    assert first["name"] == {"type": "literal", "value": "James Mattis"}
    assert first["claims"]["datatype"] == "http://www.w3.org/2001/XMLSchema#integer"
    assert int(first["claims"]["value"]) == mattis


def test_select_comes_as_xml_csv_and_tsv_by_accept_each_with_the_same_rows(client, mattis):
    rows = [
        (b["name"]["value"], int(b["claims"]["value"]))
        for b in client.get("/sparql", params={"query": SPEAKERS}).json()["results"]["bindings"]
    ]
    assert ("James Mattis", mattis) in rows

    root = ET.fromstring(select(client, "application/sparql-results+xml"))
    in_xml = [
        tuple(b.find(f"{RESULTS_NS}literal").text for b in result)
        for result in root.iter(f"{RESULTS_NS}result")
    ]
    assert [(name, int(n)) for name, n in in_xml] == rows

    in_csv = list(csv.reader(io.StringIO(select(client, "text/csv"))))
    assert in_csv[0] == ["name", "claims"]
    assert [(name, int(n)) for name, n in in_csv[1:]] == rows

    in_tsv = [line.split("\t") for line in select(client, "text/tab-separated-values").splitlines()]
    assert in_tsv[0] == ["?name", "?claims"]
    assert in_tsv[1][0] == '"James Mattis"'  # terms in Turtle syntax
    assert [(json.loads(name), int(n.split("^^")[0].strip('"'))) for name, n in in_tsv[1:]] == rows


def test_get_post_form_and_post_body_give_the_same_answer(client):
    got = client.get("/sparql", params={"query": SPEAKERS}).json()
    form = client.post("/sparql", data={"query": SPEAKERS}).json()
    body = client.post(
        "/sparql", content=SPEAKERS, headers={"Content-Type": "application/sparql-query"}
    ).json()
    assert got == form == body


def test_dollar_fields_bind_variables_as_literals_like_kg_query_params(client):
    from kg.query import get_named_query

    sparql = get_named_query("claims-by-speaker").sparql
    response = client.post("/sparql", data={"query": sparql, "$speaker": "Dunford"})
    names = {b["name"]["value"] for b in response.json()["results"]["bindings"]}
    assert names == {"Joseph Dunford"}


@pytest.mark.parametrize(
    "accept", ["application/sparql-results+json", "application/sparql-results+xml"]
)
def test_ask_answers_true_and_false(client, accept):
    answers = []
    for query in ('ASK { ?p schema:name "James Mattis" }', 'ASK { ?p schema:name "Nobody" }'):
        text = select(client, accept, query)
        if accept.endswith("json"):
            answers.append(json.loads(text)["boolean"])
        else:
            answers.append(ET.fromstring(text).find(f"{RESULTS_NS}boolean").text == "true")
    assert answers == [True, False]


def test_construct_comes_as_turtle_by_default_and_as_json_ld_on_request(client, examples_store):
    query = "CONSTRUCT { ?e schema:name ?n } WHERE { ?e a schema:Person ; schema:name ?n }"
    turtle = client.get("/sparql", params={"query": query})
    assert turtle.headers["content-type"].startswith("text/turtle")
    assert "@prefix schema:" in turtle.text
    jsonld = client.get(
        "/sparql", params={"query": query}, headers={"Accept": "application/ld+json"}
    )
    assert jsonld.headers["content-type"] == "application/ld+json"
    assert "@context" in jsonld.json()
    g1 = Graph().parse(data=turtle.text, format="turtle")
    g2 = Graph().parse(data=jsonld.text, format="json-ld")
    assert set(g1) == set(g2)
    assert "James Mattis" in {str(o) for o in g1.objects(None, SDO.name)}
    people = "SELECT (COUNT(*) AS ?n) WHERE { ?e a schema:Person }"
    assert len(g1) == counted(examples_store, people)


def test_describe_gives_the_triples_of_the_resource(client):
    query = "DESCRIBE ?e WHERE { ?e schema:name 'James Mattis' }"
    graph = Graph().parse(data=client.get("/sparql", params={"query": query}).text, format="turtle")
    mattis = URIRef("https://w3id.org/claimkg/id/entity/person/james-mattis")
    assert set(graph.subjects()) == {mattis}
    assert str(graph.value(mattis, SDO.identifier)) == "person/james-mattis"
    assert str(graph.value(mattis, SDO.name)) == "James Mattis"


def test_a_malformed_query_is_400_with_the_parsers_message(client):
    response = client.get("/sparql", params={"query": "SELECT ?s WHERE { ?s ?p }"})
    assert response.status_code == 400
    assert response.text.startswith("the query is not valid SPARQL: error at 1:")


def test_no_query_or_two_queries_are_400(client):
    assert client.get("/sparql").status_code == 400
    response = client.get("/sparql", params=[("query", SPEAKERS), ("query", SPEAKERS)])
    assert response.status_code == 400
    assert "one query" in response.text


@pytest.mark.parametrize(
    "request_",
    [
        {"data": {"update": "INSERT DATA { <http://a> <http://b> <http://c> }"}},
        {
            "content": "INSERT DATA { <http://a> <http://b> <http://c> }",
            "headers": {"Content-Type": "application/sparql-update"},
        },
    ],
    ids=["form", "body"],
)
def test_updates_are_refused_with_403_by_a_read_only_server(client, request_):
    response = client.post("/sparql", **request_)
    assert response.status_code == 403
    assert "--allow-update" in response.text
    ask = client.get("/sparql", params={"query": "ASK { <http://a> <http://b> <http://c> }"})
    assert ask.json()["boolean"] is False


def test_an_update_allowed_is_applied_and_seen_by_the_next_query(copied):
    with TestClient(make_app(copied, allow_update=True)) as client:
        response = client.post(
            "/sparql",
            content="INSERT DATA { <http://a> <http://b> <http://c> }",
            headers={"Content-Type": "application/sparql-update"},
        )
        assert response.status_code == 204
        ask = client.get("/sparql", params={"query": "ASK { <http://a> <http://b> <http://c> }"})
        assert ask.json()["boolean"] is True


def test_a_service_clause_is_refused(client):
    query = "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"
    response = client.get("/sparql", params={"query": query})
    assert response.status_code == 403
    assert "SERVICE" in response.text


def test_a_format_the_answer_cannot_take_is_406(client):
    response = client.get("/sparql", params={"query": SPEAKERS}, headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert "text/csv" in response.text


def test_a_query_past_the_time_limit_is_503_saying_so(examples_store):
    # every pair of triples of the store: millions of solutions, far more than 1 ms of work
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }"
    with TestClient(make_app(examples_store, timeout=0.001)) as client:
        response = client.get("/sparql", params={"query": query})
    assert response.status_code == 503
    assert "ran for more than 0.001 s" in response.text


def test_the_server_sees_what_a_writer_commits_after_it_started(copied):
    with TestClient(make_app(copied)) as client:
        count = "SELECT (COUNT(?a) AS ?n) WHERE { ?a a schema:NewsArticle }"

        def articles():
            data = client.get("/sparql", params={"query": count}).json()
            return int(data["results"]["bindings"][0]["n"]["value"])

        assert articles() == 3
        with LocalStore(copied) as writer:  # as a build would, beside the server
            writer.update(
                "INSERT DATA { <https://w3id.org/claimkg/id/article/new.txt> a "
                'schema:NewsArticle ; schema:identifier "new.txt" }'
            )
            assert articles() == 4


def test_search_finds_mattis_with_his_number_of_claims(client, mattis):
    found = client.get("/api/search", params={"q": "mattis"}).json()
    assert found[0]["id"] == "person/james-mattis"
    assert found[0]["name"] == "James Mattis"
    assert found[0]["said"] == mattis


def test_claims_of_mattis_come_in_time_order_each_marked_in_its_sentence(client, mattis):
    data = client.get("/api/claims", params={"entity": "person/james-mattis"}).json()
    assert data["name"] == "James Mattis"
    claims = data["claims"]
    assert len(claims) == data["total"] == mattis
    dates = [c["date"] for c in claims if c["date"]]
    assert dates == sorted(dates)
    for claim in claims:
        context = claim["context"]
        start, end = context["claim"]
        assert context["text"][start:end] == claim["text"]
        assert claim["cue"] and claim["quote_kind"] in ("direct", "indirect")
        assert claim["article"]["id"].endswith(".txt")
    marked = [c for c in claims if c["context"]["speaker"]]
    assert marked  # the speaker's mention, marked where it is in the sentence
    mentions = {c["context"]["text"][slice(*c["context"]["speaker"])] for c in marked}
    assert "Mattis" in mentions


def test_claims_about_an_entity_name_their_speakers(client):
    data = client.get("/api/claims", params={"entity": "place/iraq", "role": "about"})
    claims = data.json()["claims"]
    assert claims
    assert {c["speaker"]["name"] for c in claims if c["speaker"]} >= {"James Mattis"}


def test_claims_of_an_unknown_entity_are_404(client):
    response = client.get("/api/claims", params={"entity": "person/nobody"})
    assert response.status_code == 404


def test_the_page_and_its_named_queries_are_served(client):
    page = client.get("/")
    assert page.status_code == 200 and 'id="query"' in page.text
    assert client.get("/static/app.js").status_code == 200
    names = [q["name"] for q in client.get("/api/queries").json()["queries"]]
    assert "top-speakers" in names and "claims-by-speaker" in names


def test_a_sparql_endpoint_as_store_is_served_and_takes_updates_when_allowed(copied, mattis):
    from kg.rdf.server import find_oxigraph, oxigraph_server

    if find_oxigraph() is None:
        pytest.skip("the oxigraph server is not installed: pip install -e '.[test]'")
    with oxigraph_server(copied) as url:
        with TestClient(make_app(url)) as client:
            found = client.get("/api/search", params={"q": "mattis"}).json()
            assert found[0]["said"] == mattis
            update = {"update": "INSERT DATA { <http://a> <http://b> <http://c> }"}
            assert client.post("/sparql", data=update).status_code == 403
        with TestClient(make_app(url, allow_update=True)) as client:
            assert client.post("/sparql", data=update).status_code == 204
            ask = client.get("/sparql", params={"query": "ASK { <http://a> ?p ?o }"})
            assert ask.json()["boolean"] is True


def test_serve_on_a_port_in_use_says_so_and_exits_2(examples_store, capsys):
    from kg import cli

    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = str(taken.getsockname()[1])
        assert cli.main(["serve", "--store", str(examples_store), "--port", port]) == 2
    err = capsys.readouterr().err
    assert f"cannot listen on 127.0.0.1 port {port} (Address already in use)" in err


def test_an_update_sent_by_a_page_of_another_site_is_refused(copied):
    update = {"update": "INSERT DATA { <http://a> <http://b> <http://c> }"}
    with TestClient(make_app(copied, allow_update=True)) as client:
        refused = client.post("/sparql", data=update, headers={"Origin": "http://evil.example"})
        assert refused.status_code == 403
        assert "http://evil.example" in refused.text
        own = client.post("/sparql", data=update, headers={"Origin": "http://testserver"})
        assert own.status_code == 204


def test_a_server_for_this_machine_answers_to_its_names_only(examples_store):
    app = make_app(examples_store, allowed_hosts=["127.0.0.1", "localhost"])
    with TestClient(app, base_url="http://127.0.0.1:8000") as client:
        assert client.get("/api/stats").status_code == 200
    with TestClient(app, base_url="http://rebound.example") as client:  # DNS rebinding
        assert client.get("/api/stats").status_code == 400


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "::1", "[::1]", "localhost"])
def test_a_server_on_any_loopback_address_answers_to_this_machines_names_only(examples_store, host):
    from kg.serve.guard import loopback_names

    app = make_app(examples_store, allowed_hosts=loopback_names(host))
    bare = host.strip("[]")
    own = f"http://[{bare}]:8000" if ":" in bare else f"http://{bare}:8000"
    with TestClient(app, base_url=own) as client:
        assert client.get("/api/stats").status_code == 200
        assert client.get("/api/stats", headers={"Host": "localhost:8000"}).status_code == 200
        rebound = client.get("/api/stats", headers={"Host": "rebound.example:8000"})
        assert rebound.status_code == 400


def test_a_server_on_an_address_others_reach_answers_to_any_name():
    from kg.serve.guard import loopback_names

    assert loopback_names("0.0.0.0") is None and loopback_names("192.168.1.20") is None


def test_a_request_body_over_the_limit_is_413_and_nothing_is_run(copied):
    from kg.serve.guard import MAX_BODY_BYTES

    with TestClient(make_app(copied, allow_update=True)) as client:
        big = (
            "INSERT DATA { " + "<http://a> <http://b> <http://c> . " * (MAX_BODY_BYTES // 30) + "}"
        )
        refused = client.post(
            "/sparql", content=big, headers={"Content-Type": "application/sparql-update"}
        )
        assert refused.status_code == 413 and "over 10,000,000 bytes" in refused.text

        def chunks():  # no Content-Length: the limit holds while the body is read
            for _ in range(MAX_BODY_BYTES // 1_000_000 + 2):
                yield b"#" * 1_000_000

        streamed = client.post(
            "/sparql", content=chunks(), headers={"Content-Type": "application/sparql-query"}
        )
        assert streamed.status_code == 413
        ask = client.get("/sparql", params={"query": "ASK { <http://a> ?p ?o }"})
        assert ask.json()["boolean"] is False  # the refused insert ran nowhere


def test_every_answer_carries_the_security_headers(examples_store):
    with TestClient(make_app(examples_store)) as client:
        for path in ("/", "/static/app.js", "/api/stats", "/sparql?query=ASK%20%7B%7D", "/nope"):
            headers = client.get(path).headers
            assert headers["x-content-type-options"] == "nosniff", path
            assert "default-src 'self'" in headers["content-security-policy"], path
            assert "frame-ancestors 'none'" in headers["content-security-policy"], path
