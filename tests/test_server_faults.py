"""A SPARQL server that misbehaves: each failure is a StoreError saying what happened and
what to do, never a traceback, and a server that never answers is given up on in time.

The server is a small loopback HTTP server in a thread that answers like an empty SPARQL
store until told to fail: cut its answer short, reset the connection, or never answer.
"""

from __future__ import annotations

import json
import socket
import struct
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from kg import api, cli
from kg.rdf.store import SparqlStore, StoreError

from .conftest import TEXT

FAULTS = ["truncate", "reset", "freeze"]

#: What the message says for each fault.
SAYS = {
    "truncate": "broke off its answer (IncompleteRead",
    "reset": "broke off its answer",
    "freeze": "did not answer within 0.3 s",
}


class FaultyServer(ThreadingHTTPServer):
    """Answers SPARQL queries and updates as an empty store does, but fails each request
    to an endpoint in ``failing`` (``"query"``, ``"update"``) with ``fault``."""

    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.fault = "truncate"
        self.failing: set[str] = set()
        self.requests: list[str] = []
        self.released = threading.Event()  # lets frozen requests go when the test ends

    def handle_error(self, request, client_address):
        pass  # a connection it reset itself


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        server: FaultyServer = self.server
        endpoint = self.path.rsplit("/", 1)[-1]
        if endpoint in server.failing and server.fault == "reset":
            server.requests.append(endpoint)
            self.reset()  # before the request is read whole
            return
        body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
        server.requests.append(endpoint)
        if endpoint in server.failing:
            getattr(self, server.fault)()
            return
        if endpoint == "update":
            answer, content_type = b"", "text/plain"
        elif "ASK" in body:
            answer, content_type = b'{"head": {}, "boolean": false}', "application/json"
        else:
            answer = json.dumps({"head": {"vars": []}, "results": {"bindings": []}}).encode()
            content_type = "application/sparql-results+json"
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def truncate(self):
        if self.headers["Accept"] == "application/n-triples":  # a dump
            content_type, start = "application/n-triples", b'<http://a> <http://b> "c" .\n'
        else:
            content_type, start = "application/sparql-results+json", b'{"head": {"vars": ['
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", "1000")
        self.end_headers()
        self.wfile.write(start)
        self.wfile.flush()
        self.close_connection = True

    def reset(self):
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()
        self.close_connection = True

    def garble(self):
        """What Oxigraph server sends when a query fails once its answer has started."""
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        for part in (b'{"head":{"vars":["s"]},"results":{"bindings":[', b"SERVICE call failed"):
            self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
        self.wfile.write(b"0\r\n\r\n")

    def freeze(self):
        self.server.released.wait(60)
        self.close_connection = True

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = FaultyServer()
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield httpd
    finally:
        httpd.released.set()
        httpd.shutdown()
        httpd.server_close()


def url(server: FaultyServer) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}"


@pytest.mark.parametrize("fault", FAULTS)
def test_server_failing_a_query_is_a_store_error_saying_what_happened(server, fault):
    server.fault, server.failing = fault, {"query"}
    with pytest.raises(StoreError, match=SAYS[fault].replace("(", r"\(")) as raised:
        SparqlStore(url(server), timeout=0.3)
    assert url(server) in str(raised.value)
    assert "run the command again" in str(raised.value) or "--store-timeout" in str(raised.value)


@pytest.mark.parametrize("fault", FAULTS)
def test_server_failing_an_update_stops_the_write_with_a_store_error(server, fault):
    server.fault, server.failing = fault, {"update"}
    with SparqlStore(url(server), timeout=0.3) as store:
        with pytest.raises(StoreError, match=SAYS[fault].replace("(", r"\(")):
            store.update("INSERT DATA { <http://a> <http://b> <http://c> }")
    assert server.requests[-1] == "update"


def test_connection_reset_while_a_large_update_is_sent_is_a_store_error(server):
    server.fault, server.failing = "reset", {"update"}
    triples = "".join(f'<http://a/{i}> <http://b> "{"x" * 100}" .\n' for i in range(80_000))
    with SparqlStore(url(server), timeout=5) as store:
        with pytest.raises(StoreError, match="broke off its answer"):
            store.update("INSERT DATA {\n" + triples + "}")


def test_answer_that_does_not_parse_is_a_store_error_quoting_its_end(server):
    with SparqlStore(url(server), timeout=5) as store:
        server.fault, server.failing = "garble", {"query"}
        with pytest.raises(StoreError, match="does not parse.*SERVICE call failed"):
            store.query("SELECT ?s WHERE { ?s ?p ?o }")


def test_frozen_server_stops_a_build_after_the_store_timeout_with_a_message(
    server, tmp_path, capsys
):
    article = tmp_path / "a.txt"
    article.write_text(TEXT, encoding="utf-8")
    server.fault, server.failing = "freeze", {"update"}
    argv = ["build", str(article), "--no-progress", "--store", url(server)]
    assert cli.main([*argv, "--store-timeout", "0.3"]) == 2
    err = capsys.readouterr().err
    assert "kg build: error: the SPARQL endpoint" in err and "did not answer within 0.3 s" in err
    assert "Traceback" not in err
    assert server.requests[-1] == "update"


def test_truncated_answer_to_an_export_leaves_no_file(server, tmp_path):
    server.fault = "truncate"
    with SparqlStore(url(server), timeout=5) as store:
        server.failing = {"query"}
        for fmt in ("nt", "turtle"):
            with pytest.raises(StoreError, match="broke off its answer"):
                api.export(store, fmt, tmp_path / f"graph.{fmt}")
    assert list(tmp_path.iterdir()) == []


def test_store_timeout_must_be_a_positive_number(capsys):
    with pytest.raises(SystemExit):
        cli.main(["stats", "--store", "http://127.0.0.1:1", "--store-timeout", "0"])
    assert "above 0" in capsys.readouterr().err
