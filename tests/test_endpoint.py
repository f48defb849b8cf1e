"""An endpoint that holds: answers written right in every format, runaway queries stopped
and their slots freed, the same prefixes everywhere, the build state out of every query's
dataset, kept counts true after updates, and named-query parameters checked."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import XSD, Graph, Literal, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from rdflib.query import Result
from starlette.testclient import TestClient

from kg import api
from kg.cli import main
from kg.query import W3C_RESULTS, QueryError, Table, run, write_results
from kg.rdf.store import STATE_GRAPH, LocalStore
from kg.rdf.validate import kept_and_recounted
from kg.serve.app import make_app

from .serving import start_server, stop_server

RESULTS_NS = "{http://www.w3.org/2005/sparql-results#}"

#: A row of the values that writers get wrong: zeros, false, the empty string, a
#: language tag, a datatype of our own, and an unbound cell.
AWKWARD = (
    "SELECT (0 AS ?zero) (false AS ?no) (0.0 AS ?none) ('' AS ?empty) ('Irak'@fr AS ?fr) "
    "('2017-12'^^xsd:gYearMonth AS ?month) ?unbound WHERE {}"
)

#: Every triple with every pair of triples, sorted: far past any time limit here.
RUNAWAY = "SELECT ?a WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a ?d ?g"


@pytest.fixture
def copied(examples_store, tmp_path):
    shutil.copytree(examples_store, tmp_path / "store")
    return tmp_path / "store"


def awkward_row():
    return [
        Literal(0),
        Literal(False),
        Literal("0.0", datatype=XSD.decimal),
        Literal(""),
        Literal("Irak", lang="fr"),
        Literal("2017-12", datatype=XSD.gYearMonth),
        None,
    ]


@pytest.mark.parametrize("fmt", sorted(W3C_RESULTS))
def test_zeros_false_empty_strings_tags_and_datatypes_read_back_from_every_format(fmt):
    columns = ["zero", "no", "none", "empty", "fr", "month", "unbound"]
    written = write_results(Table(columns, [awkward_row()]), fmt)
    if fmt == "csv":  # values only, by the format's definition (and no parser for it)
        header, row = csv.reader(io.StringIO(written.decode()))
        assert header == columns and row[2] in ("0", "0.0")
        assert row[:2] + row[3:] == ["0", "false", "", "Irak", "2017-12", ""]
        return
    [solution] = ox.parse_query_results(written, W3C_RESULTS[fmt])
    values = [None if solution[c] is None else solution[c].value for c in columns]
    assert values[2] in ("0", "0.0")  # Oxigraph's lexical form of a decimal 0
    assert values[:2] + values[3:] == ["0", "false", "", "Irak", "2017-12", None]
    assert solution["fr"].language == "fr"
    assert solution["zero"].datatype.value == str(XSD.integer)
    assert solution["month"].datatype.value == str(XSD.gYearMonth)


@pytest.mark.parametrize("fmt", sorted(W3C_RESULTS))
def test_false_is_written_false_in_every_format(fmt):
    written = write_results(False, fmt)
    if fmt in ("csv", "tsv"):
        assert written == b"false"
    else:
        assert bool(ox.parse_query_results(written, W3C_RESULTS[fmt])) is False


def test_kg_query_xml_writes_a_zero_that_rdflib_reads_as_zero(examples_store, capsys):
    assert main(["query", AWKWARD, "--format", "xml", "--store", str(examples_store)]) == 0
    out = capsys.readouterr().out
    [row] = Result.parse(io.BytesIO(out.encode()), format="xml")
    assert row[0].toPython() == 0 and row[1].toPython() is False
    root = ET.fromstring(out)
    cells = {b.get("name"): b[0] for b in root.iter(f"{RESULTS_NS}binding")}
    assert cells["zero"].text == "0" and cells["no"].text == "false"
    assert cells["none"].text in ("0", "0.0")  # Oxigraph's lexical form of a decimal 0
    assert cells["fr"].get("{http://www.w3.org/XML/1998/namespace}lang") == "fr"


def test_the_server_writes_the_awkward_row_right_in_every_format(examples_store):
    with TestClient(make_app(examples_store)) as client:
        for media, fmt in (
            ("application/sparql-results+xml", "xml"),
            ("application/sparql-results+json", "json"),
            ("text/csv", "csv"),
            ("text/tab-separated-values", "tsv"),
        ):
            response = client.get("/sparql", params={"query": AWKWARD}, headers={"Accept": media})
            assert response.status_code == 200
            if fmt == "csv":
                [_, row] = csv.reader(io.StringIO(response.text))
                assert row[:3] == ["0", "false", "0"]
                continue
            [row] = ox.parse_query_results(response.content, W3C_RESULTS[fmt])
            assert (row["zero"].value, row["no"].value, row["empty"].value) == ("0", "false", "")


def test_rdflib_sparqlstore_reads_zero_counts_through_kg_serve(examples_store):
    server, base = start_server(examples_store)
    try:
        store = SPARQLStore(base + "sparql", returnFormat="xml")
        [(count, no)] = list(
            store.query(
                "SELECT (COUNT(?x) AS ?n) (false AS ?f) WHERE "
                "{ OPTIONAL { ?x a <http://example.org/Nothing> } }"
            )
        )
    finally:
        stop_server(server)
    assert count.toPython() == 0 and count.datatype == XSD.integer
    assert no.toPython() is False


def process_gone(pid: int) -> bool:
    """Whether the process ``pid`` has ended (gone, or a zombie waiting to be reaped)."""
    stat = Path(f"/proc/{pid}/stat")
    try:
        return stat.read_text().split(") ", 1)[1][0] == "Z"
    except (FileNotFoundError, ProcessLookupError):
        return True


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_two_runaway_queries_are_stopped_and_their_slots_free_for_the_next(examples_store):
    app = make_app(examples_store, timeout=2, slots=2)
    with TestClient(app) as client:
        workers = app.state.workers
        before = set(workers.running())
        assert len(before) == 2  # started with the server
        answers = []

        def runaway() -> None:
            answers.append(client.get("/sparql", params={"query": RUNAWAY}))

        threads = [threading.Thread(target=runaway) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert [a.status_code for a in answers] == [503, 503]
        assert all("ran for more than 2 s and was stopped" in a.text for a in answers)
        assert all(process_gone(pid) for pid in before)  # killed: no CPU, no memory
        ask = client.get("/sparql", params={"query": "ASK {}"})
        assert ask.status_code == 200 and ask.json()["boolean"] is True
        assert client.get("/api/stats").json()["articles"] == 3
        assert not before & set(workers.running())


def test_a_query_that_takes_more_memory_than_a_worker_may_dies_alone(examples_store):
    with TestClient(make_app(examples_store, timeout=300, slots=1, memory=2**30)) as client:
        response = client.get("/sparql", params={"query": RUNAWAY})
        assert response.status_code == 503
        assert "more memory than a query may (1.0 GiB)" in response.text
        assert client.get("/sparql", params={"query": "ASK {}"}).json()["boolean"] is True


def test_the_server_knows_the_id_prefixes_kg_query_knows(examples_store):
    describe = "DESCRIBE person:james-mattis"
    with TestClient(make_app(examples_store)) as client:
        served = client.get("/sparql", params={"query": describe})
        assert client.get("/api/queries").json()["prefixes"]["person"].endswith("/person/")
    assert served.status_code == 200
    assert "\nperson:james-mattis " in served.text
    mattis = URIRef("https://w3id.org/claimkg/id/entity/person/james-mattis")
    graph = Graph().parse(data=served.text, format="turtle")
    assert len(graph) > 1 and set(graph.subjects()) == {mattis}
    asked = api.query(examples_store, describe)
    assert {(p, str(o)) for _, p, o in asked} == {(p, str(o)) for _, p, o in graph}


def test_an_unknown_prefix_is_named_with_its_line_and_the_known_ones(examples_store):
    query = "SELECT * WHERE {\n  ?s foo:bar ?o\n}"
    with pytest.raises(QueryError) as raised:
        api.query(examples_store, query)
    message = str(raised.value)
    assert message.startswith("unknown prefix 'foo:' on line 2: declare it with PREFIX foo:")
    assert "person:" in message and "schema:" in message
    with TestClient(make_app(examples_store)) as client:
        served = client.get("/sparql", params={"query": query})
    assert served.status_code == 400 and "unknown prefix 'foo:' on line 2" in served.text


def test_a_prefix_the_query_declares_itself_is_not_unknown(examples_store):
    query = "PREFIX foo: <http://schema.org/> ASK { ?s foo:name ?n }"
    assert api.query(examples_store, query) is True


def test_no_query_sees_the_build_state_but_the_build_does(examples_store):
    graphs = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    state = URIRef(str(STATE_GRAPH))
    named = api.query(examples_store, graphs).rows
    assert named and state not in {g for (g,) in named}  # the speakers' graphs only
    ask = f"ASK {{ GRAPH {state.n3()} {{ ?s ?p ?o }} }}"
    assert api.query(examples_store, ask) is False
    with TestClient(make_app(examples_store)) as client:
        served = client.get("/sparql", params={"query": ask}).json()
    assert served["boolean"] is False
    with LocalStore(examples_store, read_only=True) as store:
        assert len(store.recorded_ids()) == 3  # kg's own reads of it still work
        assert run(store, ask) is False


def test_an_update_deleting_claims_leaves_every_kept_count_true(copied):
    speaker = "<https://w3id.org/claimkg/id/entity/person/james-mattis>"
    count = f"SELECT ?n WHERE {{ {speaker} ckg:claimCount ?n }}"
    before = int(api.query(copied, count).rows[0][0])
    delete = (
        f"DELETE {{ ?c ?p ?o }} WHERE {{ ?c a schema:Claim ; prov:wasAttributedTo {speaker} ; "
        "?p ?o } ;"
    )
    with TestClient(make_app(copied, allow_update=True)) as client:
        response = client.post("/sparql", data={"update": delete})
    assert response.status_code == 204
    assert before > 0 and api.query(copied, count).rows == []  # a count of 0 is none
    with LocalStore(copied, read_only=True) as store:
        kept, recounted = kept_and_recounted(store)
    assert kept == recounted
    conforms, report = api.validate(copied)
    assert conforms, report


def test_an_update_redeclaring_a_prefix_still_counts_right(copied):
    update = (
        "PREFIX schema: <http://example.org/not-schema/> "
        "INSERT DATA { <http://example.org/x> schema:name 'x' }"
    )
    with TestClient(make_app(copied, allow_update=True)) as client:
        assert client.post("/sparql", data={"update": update}).status_code == 204
    with LocalStore(copied, read_only=True) as store:
        kept, recounted = kept_and_recounted(store)
    assert kept and kept == recounted


def test_an_unknown_kind_is_refused_with_the_valid_kinds(examples_store):
    with pytest.raises(QueryError) as raised:
        api.query(examples_store, "claims-of-kind", {"kind": "lie"})
    message = str(raised.value)
    assert "not 'lie'" in message
    for kind in ("statement", "denial", "according-to", "finding"):
        assert kind in message
    assert api.query(examples_store, "claims-of-kind", {"kind": "Finding"}).rows  # any case


def test_kg_query_past_its_timeout_ends_and_its_query_with_it(examples_store):
    run_ = subprocess.run(
        [sys.executable, "-m", "kg.cli", "query", RUNAWAY, "--timeout", "1"]
        + ["--store", str(examples_store)],
        capture_output=True,
        text=True,
        timeout=120,  # a process that did not end would fail here
    )
    assert run_.returncode == 2
    assert "ran for more than 1 s and was stopped" in run_.stderr
