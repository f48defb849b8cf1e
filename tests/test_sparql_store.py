"""The store behind a SPARQL endpoint: a real ``oxigraph serve`` on a loopback port."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef

from kg import api
from kg.derive import forget, write
from kg.query import named_queries
from kg.rdf.mapping import article_iri
from kg.rdf.server import find_oxigraph, free_port, oxigraph_server
from kg.rdf.store import SparqlStore, StoreError, bind_values, open_store, sparql_endpoints

from .conftest import EXAMPLES, GAZETTEER, make_extraction

#: A value for each parameter the named queries take, matching the example articles.
PARAMS = {
    "kind": "statement",
    "speaker": "Mattis",
    "entity": "Iraq",
    "article": "000_b240bc71d8c50382.txt",
    "thing": "fighters|terrorists",
    "tracked": "tracked/0000000000000000",  # none: the examples repeat no claim
}
#: Named queries with no answer on the examples (tests/test_named_queries.py builds one).
EMPTY_ON_EXAMPLES = {"repeated-claims", "claim-appearances"}


@pytest.fixture(scope="session")
def server(tmp_path_factory) -> str:
    """An Oxigraph server on a free loopback port, stopped at the end of the session."""
    if find_oxigraph() is None:
        pytest.skip("the oxigraph server is not installed: pip install -e '.[test]'")
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph")) as url:
        yield url


@pytest.fixture
def remote(server):
    """The server's store, emptied before each test that uses it."""
    with SparqlStore(server) as store:
        store.update("DROP ALL")
        yield store


@pytest.fixture
def examples_on_server(server):
    """The server's store, holding the example articles built through it."""
    with SparqlStore(server) as store:
        store.update("DROP ALL")
        assert api.build([EXAMPLES], store=store, progress=False, gazetteer=GAZETTEER).added == 3
        yield store


def rows(table):
    return [[str(cell) for cell in row] for row in table.rows]


def test_named_queries_answer_as_on_the_embedded_store(server, examples_store):
    with SparqlStore(server) as store:
        store.update("DROP ALL")
        report = api.build([EXAMPLES], store=store, progress=False, gazetteer=GAZETTEER)
        assert report.added == 3
        for q in named_queries().values():
            params = {p: PARAMS[p] for p in q.params}
            local = api.query(examples_store, q.name, params)
            assert rows(api.query(store, q.name, params)) == rows(local), q.name
            assert bool(local.rows) != (q.name in EMPTY_ON_EXAMPLES), q.name
        assert api.stats(store) == api.stats(examples_store)


def test_dump_of_the_server_has_the_triples_of_the_embedded_store(
    examples_on_server, examples_store, tmp_path
):
    examples_on_server.dump(tmp_path / "remote.nt", "nt")
    examples_on_server.dump(tmp_path / "remote.ttl", "turtle")
    with open_store(examples_store) as local:
        local.dump(tmp_path / "local.nt", "nt")
    lines = [sorted((tmp_path / f).read_text().splitlines()) for f in ("remote.nt", "local.nt")]
    assert lines[0] == lines[1]
    assert (tmp_path / "remote.ttl").read_text().startswith("@prefix")


def test_writing_replacing_and_removing_on_the_server(remote):
    assert write(remote, [make_extraction("a.txt")])[0] == "added"
    assert write(remote, [make_extraction("a.txt")])[0] == "unchanged"
    changed = make_extraction("a.txt", text="Iraq: " + make_extraction().document.text)
    assert write(remote, [changed])[0] == "replaced"
    assert remote.stored_hash("a.txt") == changed.document.content_hash
    assert not forget(remote, ["a.txt"])
    assert len(remote) == 0


def test_bound_value_with_quotes_and_braces_is_only_a_value(remote):
    write(remote, [make_extraction("a.txt")])[0]
    size = len(remote)
    injection = 'x")) } } ; DELETE WHERE { ?s ?p ?o } #'
    assert api.query(remote, "claims-by-speaker", {"speaker": injection}).rows == []
    assert len(remote) == size
    found = remote.query(
        "SELECT ?a ?id WHERE { ?a schema:identifier ?id }", {"a": article_iri("a.txt")}
    )
    assert [str(r.id) for r in found] == ["a.txt"]


def test_parameter_used_in_a_sub_select_is_bound_as_on_the_embedded_store(
    examples_on_server, examples_store
):
    query = """
    SELECT ?speaker ?name ?claim WHERE {
      { SELECT ?entity ?name ?speaker WHERE {
          ?entity schema:name ?name FILTER (CONTAINS(LCASE(?name), LCASE(?speaker))) } }
      ?c a schema:Claim ; prov:wasAttributedTo ?entity ; schema:text ?claim .
    } ORDER BY ?claim"""
    local = api.query(examples_store, query, {"speaker": "mattis"})
    assert rows(api.query(examples_on_server, query, {"speaker": "mattis"})) == rows(local)
    assert local.rows


def test_invalid_query_is_a_syntax_error_naming_the_endpoint(remote):
    with pytest.raises(SyntaxError, match=r"/query refused"):
        remote.query("SELECT WHERE {")


def test_server_not_running_names_the_url_and_says_to_start_it():
    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(StoreError, match=rf"cannot reach .*{url}/query.*start the server"):
        open_store(url)


def test_store_url_names_query_and_update_endpoints():
    assert sparql_endpoints("http://127.0.0.1:7878/") == (
        "http://127.0.0.1:7878/query",
        "http://127.0.0.1:7878/update",
    )
    assert sparql_endpoints("http://h:3030/ds") == (
        "http://h:3030/ds/query",
        "http://h:3030/ds/update",
    )
    assert sparql_endpoints("http://h:3030/ds/query") == (
        "http://h:3030/ds/query",
        "http://h:3030/ds/update",
    )


def test_values_open_the_where_clause_not_a_string_iri_or_template():
    query = (
        "PREFIX e: <http://e/x#> # where {\n"
        'CONSTRUCT { ?s e:p "WHERE {" } WHERE { ?s ?p ?o FILTER EXISTS { ?s ?q ?v } }'
    )
    bound = bind_values(query, {"v": Literal('a"} }'), "s": URIRef("http://s")})
    assert bound == (
        "PREFIX e: <http://e/x#> # where {\n"
        'CONSTRUCT { ?s e:p "WHERE {" } WHERE { VALUES (?v ?s) { ("a\\"} }" <http://s>) } '
        "?s ?p ?o FILTER EXISTS { ?s ?q ?v } }"
    )
