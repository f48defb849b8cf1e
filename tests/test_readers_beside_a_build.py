"""Readers never block: `kg query`, `kg export` and `kg serve` run over and over beside a
`kg build` writing the same store folder; every one of them succeeds, each sees the graph
whole (before the build's commit or after it, never between: it validates against the
shapes), and `kg serve` answers with the build's articles once it is done."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import threading
import time
import urllib.parse

from rdflib import Graph

from kg.rdf.store import store_holder
from kg.rdf.validate import validate_graph

from .conftest import EXAMPLES
from .serving import http_get, start_server, stop_server

CLAIMS = "SELECT (COUNT(?c) AS ?n) WHERE { ?c a schema:Claim }"
ARTICLES = "SELECT (COUNT(?a) AS ?n) WHERE { ?a a schema:NewsArticle }"

#: Seconds a build and a reader are waited for, at most: long, for a busy machine.
WAIT = 300


def kg(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "kg.cli", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def sparql_url(base: str, query: str) -> str:
    return f"{base}sparql?{urllib.parse.urlencode({'query': query})}"


def count(base: str, query: str) -> int:
    return int(http_get(sparql_url(base, query), "text/csv").decode().split()[1].strip('"'))


def test_query_export_and_serve_run_beside_a_build_and_each_sees_a_whole_graph(
    examples_store, tmp_path
):
    store = tmp_path / "store"
    shutil.copytree(examples_store, store)
    new = tmp_path / "new"
    new.mkdir()
    for article in sorted(EXAMPLES.iterdir()):  # the same texts under other ids: new articles
        shutil.copy(article, new / f"9{article.name}")

    server, base = start_server(store)
    try:
        claims_before = count(base, CLAIMS)
        build = kg("build", str(new), "--no-progress", "--store", str(store))
        while store_holder(store) != build.pid:  # the build has the store open for writing
            assert build.poll() is None, build.communicate()
            time.sleep(0.05)

        outcomes: dict[str, list] = {"query": [], "export": [], "serve": []}

        def query() -> None:
            run = kg("query", CLAIMS, "--format", "csv", "--store", str(store))
            out, err = run.communicate(timeout=WAIT)
            outcomes["query"].append((run.returncode, err, out))

        def export() -> None:
            path = tmp_path / f"export-{len(outcomes['export'])}.nt"
            run = kg("export", "--format", "nt", "-o", str(path), "--store", str(store))
            _, err = run.communicate(timeout=WAIT)
            outcomes["export"].append(
                (run.returncode, err, path.read_bytes() if path.exists() else b"")
            )

        def serve() -> None:
            everything = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
            try:
                data = http_get(sparql_url(base, everything), "application/n-triples")
                outcomes["serve"].append((0, "", data))
            except OSError as e:
                outcomes["serve"].append((1, str(e), b""))

        def again(read) -> None:
            """``read``, once, and again until the build is done."""
            read()
            while build.poll() is None:
                read()

        readers = [threading.Thread(target=again, args=(r,)) for r in (query, export, serve)]
        for reader in readers:
            reader.start()
        for reader in readers:
            reader.join(timeout=WAIT)
        _, err = build.communicate(timeout=WAIT)
        assert build.returncode == 0, err

        claims_after = count(base, CLAIMS)
        assert claims_after > claims_before
        assert count(base, ARTICLES) == 6  # kg serve answers with what the build committed
    finally:
        stop_server(server)

    for name, runs in outcomes.items():
        assert runs, f"{name} never ran"
        for status, err, _ in runs:
            assert status == 0, f"{name}: {err}"
    for _, _, out in outcomes["query"]:  # the count before the build's commit, or after
        assert int(out.split()[1].strip('"')) in (claims_before, claims_after)
    graphs = {
        hashlib.sha256(data).hexdigest(): data
        for name in ("export", "serve")
        for _, _, data in outcomes[name]
    }
    for data in graphs.values():
        graph = Graph().parse(data=data.decode("utf-8"), format="nt")
        conforms, violations = validate_graph(graph)
        assert conforms, violations[:3]
