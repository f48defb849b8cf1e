"""Exports that always parse, and never leave a partial file behind.

The store is built from an article whose title, claims and names hold characters XML 1.0
cannot hold (C0 controls but tab and newlines, NUL, U+FFFE, U+FFFF).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import xml.etree.ElementTree as ET

import networkx as nx
import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal

from kg import api
from kg.export import EXTENSIONS, ExportError, export
from kg.rdf.namespaces import SDO
from kg.rdf.store import StoreError

#: Characters XML 1.0 cannot hold, all of which JSON and RDF can.
NOT_XML = "\x01\x0b\x1f\x00\ufffe\uffff"
#: What the GraphML export writes for them.
REPLACED = "\ufffd" * len(NOT_XML)

TITLE = f"Fighting {NOT_XML} goes on"
TEXT = (
    f'Defence Secretary James Mattis{NOT_XML[0]} said "we are {NOT_XML} breaking them." '
    f"Iraq{NOT_XML[1]} agreed, he added. "
    f'General Joseph Dunford{NOT_XML[2]} said "the fight{NOT_XML} is not over."'
)


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory):
    """A store built by kg from one JSON-lines article holding :data:`NOT_XML`."""
    folder = tmp_path_factory.mktemp("hostile")
    source = folder / "in.jsonl"
    record = {"id": "hostile.txt", "title": TITLE, "text": TEXT, "date": "2017-12-27"}
    source.write_text(json.dumps(record) + "\n", encoding="utf-8")
    report = api.build([source], store=folder / "store", progress=False)
    assert report.added == 1 and report.claims >= 2
    return folder / "store"


def test_graphml_with_characters_xml_cannot_hold_parses_with_them_replaced(hostile_store, tmp_path):
    path = api.export(hostile_store, "graphml", tmp_path / "g.graphml")
    ET.parse(path)  # well-formed XML
    g = nx.read_graphml(path)
    labels = {data["label"] for _, data in g.nodes(data=True)}
    assert f"Fighting {REPLACED} goes on" in labels
    texts = [data["text"] for _, data in g.nodes(data=True) if data["kind"] == "claim"]
    assert f"we are {REPLACED} breaking them." in texts
    assert not any(set(NOT_XML) & set(str(v)) for _, d in g.nodes(data=True) for v in d.values())


def test_graphml_is_also_well_formed_for_lxml(hostile_store, tmp_path):
    etree = pytest.importorskip("lxml.etree")
    path = api.export(hostile_store, "graphml", tmp_path / "g.graphml")
    etree.parse(str(path))


def test_xml_safe_replaces_each_character_xml_cannot_hold_by_one_replacement_character():
    from kg.export.graphml import xml_safe

    assert xml_safe("a\x00b\x08c\td\ne\rf\ud800g\udfff\ufffe\uffff\U0001f600") == (
        "a\ufffdb\ufffdc\td\ne\rf\ufffdg\ufffd\ufffd\ufffd\U0001f600"
    )


@pytest.mark.parametrize(
    ("fmt", "rdflib_format", "ox_format"),
    [
        ("turtle", "turtle", ox.RdfFormat.TURTLE),
        ("nt", "nt", ox.RdfFormat.N_TRIPLES),
        ("jsonld", "json-ld", ox.RdfFormat.JSON_LD),
    ],
)
def test_rdf_exports_with_characters_xml_cannot_hold_read_back_unchanged(
    hostile_store, tmp_path, fmt, rdflib_format, ox_format
):
    path = api.export(hostile_store, fmt, tmp_path / f"graph.{fmt}")
    read_back = Graph().parse(path, format=rdflib_format)
    assert len(list(ox.parse(path=str(path), format=ox_format))) == len(read_back)
    assert (None, SDO.headline, Literal(TITLE)) in read_back
    assert any(NOT_XML in str(text) for text in read_back.objects(None, SDO.text))
    assert len(read_back) == api.stats(hostile_store)["triples"]


def test_jsonl_export_with_characters_xml_cannot_hold_reads_back_unchanged(hostile_store, tmp_path):
    path = api.export(hostile_store, "jsonl", tmp_path / "out.jsonl")
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    contents = [r["content"] for r in records if r["type"] == "claim"]
    assert f"we are {NOT_XML} breaking them." in contents


def test_failed_export_leaves_the_previous_file_whole_and_no_partial_file(
    hostile_store, tmp_path, monkeypatch
):
    import kg.export.jsonl

    target = tmp_path / "out.jsonl"
    target.write_text("previous good export\n")

    def fail_halfway(store):
        yield {"type": "entity", "id": "first"}
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(kg.export.jsonl, "claim_records", fail_halfway)
    with pytest.raises(ExportError, match="No space left on device"):
        api.export(hostile_store, "jsonl", target)
    assert target.read_text() == "previous good export\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl"]


@pytest.mark.parametrize("fmt", ["graphml", "turtle", "nt", "jsonld", "jsonl"])
def test_export_failing_in_the_store_leaves_no_file(hostile_store, tmp_path, fmt):
    class Broken:
        """A store whose every read fails, as a server going away mid-export does."""

        def query(self, *args, **kwargs):
            raise StoreError("the connection was reset")

        select_strings = query  # the bulk read the graph exports use

        def dump(self, path, format):
            with open(path, "w") as out:
                out.write("@prefix half")
            raise StoreError("the connection was reset")

    with pytest.raises(StoreError, match="connection was reset"):
        export(Broken(), fmt, tmp_path / f"out.{EXTENSIONS[fmt]}")
    assert list(tmp_path.iterdir()) == []


def test_export_replaces_a_previous_file_and_keeps_the_usual_permissions(hostile_store, tmp_path):
    umask = os.umask(0o022)
    os.umask(umask)
    target = tmp_path / "graph.nt"
    target.write_text("old\n")
    api.export(hostile_store, "nt", target)
    assert len(Graph().parse(target, format="nt")) == api.stats(hostile_store)["triples"]
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


@pytest.mark.skipif(sys.platform == "win32", reason="advisory locks are POSIX")
def test_a_killed_exports_temporary_file_is_removed_by_the_next_export(one_article_store, tmp_path):
    target = tmp_path / "g.graphml"
    killed = subprocess.run(  # an export killed with kill -9 while it writes
        [
            sys.executable,
            "-c",
            "import os, pathlib, signal\n"
            "from kg.export import _temporary_beside\n"
            f"with _temporary_beside(pathlib.Path({str(target)!r})) as t:\n"
            "    t.write_text('<graphml half written')\n"
            "    os.kill(os.getpid(), signal.SIGKILL)\n",
        ],
        timeout=120,
    )
    assert killed.returncode == -signal.SIGKILL
    [left] = tmp_path.glob(".g.graphml.*.tmp")
    unrelated = tmp_path / ".g.graphml.notours.tmp"
    unrelated.write_text("a user's own file")
    api.export(one_article_store, "graphml", target)
    assert not left.exists() and unrelated.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [unrelated.name, "g.graphml"]


@pytest.mark.skipif(sys.platform == "win32", reason="advisory locks are POSIX")
def test_a_temporary_file_being_written_is_not_removed(tmp_path):
    from kg.export import _temporary_beside, remove_orphans

    target = tmp_path / "g.gexf"
    with _temporary_beside(target) as writing:
        assert remove_orphans(target) == []
        assert writing.exists()
    assert not writing.exists()
