"""Queries stay local and bounded: SERVICE refused unless allowed, and a time limit."""

from __future__ import annotations

import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from kg import api, cli
from kg.query import QueryError
from kg.query.checks import MAX_NESTING, federation


@pytest.fixture
def written(one_article_store):
    """A store built by kg from one article (only read by the tests)."""
    return one_article_store


@pytest.fixture
def endpoint():
    """A loopback HTTP server that counts the requests it gets and answers each with an
    error; yields (its URL, the list of request paths)."""
    seen: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            seen.append(self.path)
            self.send_error(500, "no SPARQL here")

        do_POST = do_GET

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/sparql", seen
    finally:
        server.shutdown()
        server.server_close()


def test_query_with_service_is_refused_and_sends_nothing(written, endpoint):
    url, seen = endpoint
    sparql = f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"
    with pytest.raises(QueryError, match="SERVICE.*allow_service=True"):
        api.query(written, sparql)
    lower = f"SELECT * WHERE {{ ?x ?y ?z . service silent <{url}> {{ ?s ?p ?o }} }}"
    with pytest.raises(QueryError, match="SERVICE"):
        api.query(written, lower)
    assert seen == []


def test_cli_refuses_service_with_a_message_and_status_2(written, endpoint, capsys):
    url, seen = endpoint
    sparql = f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"
    assert cli.main(["query", sparql, "--store", str(written)]) == 2
    err = capsys.readouterr().err
    assert "SERVICE" in err and "--allow-service" in err and "Traceback" not in err
    assert seen == []


@pytest.mark.parametrize(
    "sparql",
    [
        'SELECT ?t WHERE { ?c schema:text ?t FILTER (?t != "SERVICE <http://x> { }") }',
        "SELECT ?t WHERE { # SERVICE <http://x> { }\n ?c schema:text ?t }",
        "SELECT ?t WHERE { ?c schema:text ?t FILTER (?c != <http://x/SERVICE>) }",
        "PREFIX service: <http://x/> SELECT ?service WHERE { ?service schema:text ?t "
        "FILTER (?service != service:SERVICE) }",
    ],
    ids=["string", "comment", "iri", "prefix-and-variable"],
)
def test_service_as_a_word_in_a_string_comment_iri_or_name_is_not_refused(written, sparql):
    assert federation(sparql) is None
    texts = len(api.query(written, "SELECT ?t WHERE { ?c schema:text ?t }").rows)
    assert len(api.query(written, sparql).rows) == texts > 0


def test_allowed_service_that_fails_is_a_clear_query_error(written, endpoint, capsys):
    url, seen = endpoint
    sparql = f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"
    with pytest.raises(QueryError, match=f"SERVICE.*{url}"):
        api.query(written, sparql, allow_service=True)
    assert len(seen) == 1
    argv = ["query", sparql, "--allow-service", "--store", str(written)]
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert url in err and "Traceback" not in err


def cross_product(variables: int, values: int = 100) -> str:
    """A query counting ``values ** variables`` rows, whatever the store holds: Oxigraph
    counts 10**6 in a fraction of a second, 10**8 in ten seconds or so, 10**10 for ever."""
    block = " ".join(str(i) for i in range(values))
    joins = " ".join(f"VALUES ?v{i} {{ {block} }}" for i in range(variables))
    return f"SELECT (COUNT(*) AS ?n) WHERE {{ {joins} }}"


def test_query_running_past_its_time_limit_is_stopped_with_a_clear_error(written):
    with pytest.raises(QueryError, match=r"more than 0.05 s.*timeout=SECONDS \(None"):
        api.query(written, cross_product(3, values=150), timeout=0.05)


def test_cli_stops_a_query_past_its_timeout_and_exits_2(written):
    done = subprocess.run(
        [sys.executable, "-m", "kg.cli", "query", cross_product(5), "--timeout", "1"]
        + ["--store", str(written)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert "more than 1 s" in done.stderr and "Traceback" not in done.stderr


def _kg_query(query: str, store, *options: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "kg.cli", "query", query, "--store", str(store), *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_cli_stops_a_query_past_its_memory_bound_with_one_line_and_exit_2(written):
    # Sorting 10**8 rows takes gigabytes long before the time limit: the bound stops it.
    sorted_rows = cross_product(4).replace("(COUNT(*) AS ?n)", "*") + " ORDER BY ?v0 ?v3"
    query = _kg_query(sorted_rows, written, "--max-memory", "2G", "--timeout", "600")
    out, err = query.communicate(timeout=300)
    assert query.returncode == 2 and out == ""
    [line] = err.splitlines()  # Oxigraph's own abort message left out
    assert line.startswith("kg query: error: the query took more memory than a query may")
    assert "--max-memory SIZE" in line


def test_cli_query_in_its_bounded_process_answers_and_stops_on_a_signal(written):
    import os
    import signal
    import time

    answered = _kg_query("ASK { ?s ?p ?o }", written)
    assert answered.communicate(timeout=120) == ("true\n", "")
    for signum, code, said in (
        (signal.SIGINT, 130, "interrupted"),
        (signal.SIGTERM, 143, "terminated"),
    ):
        running = _kg_query(cross_product(5), written, "--timeout", "600")
        children: list[int] = []
        while not children:  # the bounded child has started
            time.sleep(0.2)
            children = [
                int(pid)
                for pid in subprocess.run(
                    ["pgrep", "-P", str(running.pid)], capture_output=True, text=True
                ).stdout.split()
            ]
        running.send_signal(signum)
        _, err = running.communicate(timeout=120)
        assert running.returncode == code and err.strip() == f"kg query: {said}"
        for child in children:
            with pytest.raises(ProcessLookupError):
                os.kill(child, 0)


def test_query_within_its_time_limit_answers(written):
    table = api.query(written, "claims-by-speaker", {"speaker": "Mattis"}, timeout=60)
    claim = table.columns.index("claim")
    assert "we are breaking them." in {str(row[claim]) for row in table.rows}


#: Ways to hide SERVICE from a scanner of tokens that Oxigraph still reads as SERVICE.
HIDDEN = {
    "escaped-hash": "OPTIONAL {{ ?s schema:a\\# ?o }} SERVICE <{url}> {{ ?x ?p ?o }}",
    "escaped-quote": "OPTIONAL {{ ?s schema:a\\' ?o }} SERVICE <{url}> {{ ?x ?p ?o }}",
    "codepoint": "\\u0053ERVICE <{url}> {{ ?x ?p ?o }}",
}


@pytest.mark.parametrize("name", sorted(HIDDEN))
def test_service_hidden_from_a_token_scanner_is_refused_and_sends_nothing(written, endpoint, name):
    url, seen = endpoint
    with pytest.raises(QueryError, match="SERVICE"):
        api.query(written, "SELECT ?x WHERE { " + HIDDEN[name].format(url=url) + " }")
    assert seen == []


def test_a_parameter_name_that_is_no_variable_name_is_refused_and_sends_nothing(
    written, endpoint, capsys
):
    url, seen = endpoint
    name = f'x) {{ ("a") }} SERVICE <{url}> {{ ?s ?p2 ?o2 }} VALUES (?y'
    sparql = "SELECT ?t WHERE { ?c schema:text ?t }"
    assert cli.main(["query", sparql, "--param", f"{name}=v", "--store", str(written)]) == 2
    assert "is not a variable name" in capsys.readouterr().err
    assert seen == []


def test_a_query_nested_past_the_limit_is_refused_before_the_parser_not_a_crash(
    one_article_store,
):
    deep = "ASK { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }"
    braces = "ASK " + "{ " * 10000 + "?s ?p ?o " + "} " * 10000
    for sparql in (deep, braces):
        run = subprocess.run(  # a crash here would take the process: run it in another
            [sys.executable, "-c", "import sys; from kg.cli import main; sys.exit(main())"]
            + ["query", sparql, "--store", str(one_article_store)],
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert run.returncode == 2, run.stderr
        assert f"more than the {MAX_NESTING}" in run.stderr
    ok = "ASK { FILTER(" + "(" * 50 + "1 = 1" + ")" * 50 + ") }"
    assert api.query(one_article_store, ok) is True


def test_kg_serve_refuses_hidden_service_updates_that_reach_out_and_odd_names(
    examples_store, tmp_path, endpoint
):
    import shutil

    from starlette.testclient import TestClient

    from kg.serve.app import make_app

    url, seen = endpoint
    shutil.copytree(examples_store, tmp_path / "store")
    with TestClient(make_app(tmp_path / "store", allow_update=True)) as client:
        for name, body in HIDDEN.items():
            query = "SELECT ?x WHERE { " + body.format(url=url) + " }"
            refused = client.get("/sparql", params={"query": query})
            assert refused.status_code in (400, 403) and "SERVICE" in refused.text, name
        for update in (
            f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
            f"LOAD <{url.replace('/sparql', '/data.ttl')}>",
            f"load silent <{url}> into graph <http://x.example/g>",
        ):
            refused = client.post("/sparql", data={"update": update})
            assert refused.status_code == 403, update
        odd = f'x) {{ ("a") }} SERVICE <{url}> {{ ?s ?p2 ?o2 }} VALUES (?y'
        query = "SELECT ?t WHERE { ?c schema:text ?t }"
        refused = client.get("/sparql", params={"query": query, f"${odd}": "v"})
        assert refused.status_code == 400 and "is not a variable name" in refused.text
        deep = "ASK { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }"
        refused = client.get("/sparql", params={"query": deep})
        assert refused.status_code == 400 and f"more than the {MAX_NESTING}" in refused.text
        assert client.get("/sparql", params={"query": "ASK {}"}).json()["boolean"] is True
    assert seen == []
