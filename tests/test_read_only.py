"""Reads change nothing: query, stats, export and validate open the store read-only.

They leave the store folder byte for byte as it was, and they work while a build holds the
store open for writing, seeing what it has committed.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap

import pytest

from kg import api, cli
from kg.rdf.store import LocalStore, StoreError, open_store

READS = [
    ["query", "--name", "claims-by-speaker", "--param", "speaker=Mattis"],
    ["query", "SELECT ?s WHERE { ?s a schema:Claim }"],
    ["stats"],
    ["export", "--format", "nt", "-o", "{out}/graph.nt"],
    ["export", "--format", "graphml", "-o", "{out}/graph.graphml"],
    ["validate"],
]


def snapshot(folder):
    """Each file of ``folder`` by name, with its size and modification time."""
    return {p.name: (p.stat().st_size, p.stat().st_mtime_ns) for p in folder.iterdir()}


@pytest.fixture
def built(one_article_store):
    """A store built by kg from one article, closed."""
    return one_article_store


@pytest.fixture
def written(built, tmp_path):
    """A copy of :func:`built` for one test."""
    shutil.copytree(built, tmp_path / "store")
    return tmp_path / "store"


@pytest.mark.parametrize(
    "command", READS, ids=["named-query", "sparql", "stats", "nt", "graphml", "validate"]
)
def test_read_command_leaves_the_store_folder_as_it_was(written, tmp_path, command, capsys):
    before = snapshot(written)
    argv = [arg.replace("{out}", str(tmp_path)) for arg in command] + ["--store", str(written)]
    assert cli.main(argv) == 0, capsys.readouterr().err
    assert snapshot(written) == before


def test_reads_of_the_built_examples_leave_their_store_as_it_was(examples_store, tmp_path):
    store = tmp_path / "store"
    shutil.copytree(examples_store, store)
    before = snapshot(store)
    assert api.query(store, "claims-by-speaker", {"speaker": "Mattis"}).rows
    assert api.stats(store)["claims"] > 0
    api.export(store, "jsonl", tmp_path / "out.jsonl")
    assert api.validate(store)[0]
    assert snapshot(store) == before


def test_read_only_store_refuses_updates(written):
    with open_store(written, read_only=True) as st:
        with pytest.raises(StoreError, match="read-only"):
            st.update("INSERT DATA { <http://a> <http://b> <http://c> }")
        assert len(st) > 0


def test_read_only_opening_of_a_missing_store_says_to_build_first(tmp_path):
    with pytest.raises(StoreError, match="run `kg build"):
        open_store(tmp_path / "none", read_only=True)
    assert not (tmp_path / "none").exists()


#: A process that holds the store open for writing, as a running build does: it adds a
#: claim-less article, says so, and waits for a line on stdin before closing the store.
WRITER = textwrap.dedent(
    """
    import sys
    from kg.rdf.store import LocalStore
    with LocalStore(sys.argv[1]) as st:
        st.update('INSERT DATA { <https://w3id.org/claimkg/id/article/new.txt> '
                  'a schema:NewsArticle ; schema:identifier "new.txt" }')
        print("written", flush=True)
        sys.stdin.readline()
    """
)


def test_reads_run_while_a_build_holds_the_store_and_see_what_it_committed(written):
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(written)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout.readline() == "written\n"
        with pytest.raises(StoreError, match="in use"):  # a second writer must wait
            LocalStore(written)
        assert api.stats(written)["articles"] == 2  # the one built, and the new one
        table = api.query(written, "SELECT ?id WHERE { ?a schema:identifier ?id }")
        assert "new.txt" in {str(row[0]) for row in table.rows}
    finally:
        writer.communicate("done\n", timeout=60)
    assert writer.returncode == 0
