import json
import math

import networkx as nx
import pytest
from rdflib import RDF, Graph

from kg.derive import write
from kg.export import ExportError, export
from kg.export.graphml import layout
from kg.rdf.mapping import extraction_to_graph
from kg.rdf.namespaces import CKG, SDO
from kg.rdf.store import ENTITY_COUNTS

from .conftest import make_extraction


@pytest.fixture
def filled(store, extraction):
    write(store, [extraction])[0]
    return store


def test_graphml_has_entity_claim_and_article_nodes_with_gephi_attributes(filled, tmp_path):
    path = export(filled, "graphml", tmp_path / "g.graphml")
    g = nx.read_graphml(path)
    kinds = sorted(data["kind"] for _, data in g.nodes(data=True))
    assert kinds == ["article", "claim", "person", "place"]
    for _, data in g.nodes(data=True):
        assert isinstance(data["label"], str) and data["label"]
        assert all(isinstance(data[c], int) for c in "rgb")
        assert all(isinstance(data[k], float) for k in ("size", "x", "y"))
    labels = sorted(data["label"] for _, _, data in g.edges(data=True))
    assert labels == ["about", "appears in", "mentions", "mentions", "said"]
    assert all(isinstance(d["weight"], float) for _, _, d in g.edges(data=True))


def test_graphml_layout_is_the_same_every_time(filled, tmp_path):
    first = export(filled, "graphml", tmp_path / "1.graphml").read_text()
    second = export(filled, "graphml", tmp_path / "2.graphml").read_text()
    assert first == second


def test_graph_beyond_the_layout_core_is_laid_out_hubs_first_without_scipy():
    hub_and_spokes = nx.star_graph(1500)  # spring layout alone needs scipy from 500 nodes
    hub_and_spokes.add_edge("lone", "pair")
    pos = layout(hub_and_spokes, core=50)
    assert len(pos) == 1503
    assert pos == layout(hub_and_spokes, core=50)
    spokes = [pos[n] for n in range(1, 1501)]
    assert all(math.isfinite(c) for xy in pos.values() for c in xy)
    # the spokes outside the core (all but 49) were placed beside the hub
    reach = 1000 / math.sqrt(50) / 2
    beside = [abs(x - pos[0][0]) <= reach and abs(y - pos[0][1]) <= reach for x, y in spokes]
    assert sum(beside) >= 1500 - 49


def test_jsonl_lines_are_entities_and_claims_in_the_scoring_format(filled, tmp_path):
    path = export(filled, "jsonl", tmp_path / "out.jsonl")
    records = [json.loads(line) for line in path.read_text().splitlines()]
    entities = {r["id"]: r for r in records if r["type"] == "entity"}
    (claim,) = [r for r in records if r["type"] == "claim"]
    text = make_extraction().document.text
    assert entities["person/james-mattis"] == {
        "type": "entity",
        "id": "person/james-mattis",
        "label": "James Mattis",
        "class": "Person",
        "mentions": [{"doc": "a.txt", "start": 18, "end": 30}],
    }
    assert claim["speaker"] in entities
    assert claim["speaker"] == "person/james-mattis"
    assert text[claim["start"] : claim["end"]] == claim["content"] == "we are breaking them."
    assert text[claim["speaker_start"] : claim["speaker_end"]] == "James Mattis"
    assert (claim["doc"], claim["cue"], claim["quote"]) == ("a.txt", "said", "direct")


@pytest.mark.parametrize(
    ("fmt", "rdflib_format"), [("turtle", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")]
)
def test_rdf_exports_hold_every_triple(filled, extraction, tmp_path, fmt, rdflib_format):
    path = export(filled, fmt, tmp_path / f"graph.{fmt}")
    read_back = Graph().parse(path, format=rdflib_format)
    assert len(read_back) == len(filled)
    # the article's triples, and the counts the store keeps on its entities and tracked claims
    kept = {CKG.appearanceCount, *ENTITY_COUNTS}
    mapped = extraction_to_graph(extraction)
    assert {t for t in read_back if t[1] not in kept} == set(mapped)
    assert {s for s, p, _ in read_back if p == CKG.mentionCount} == {
        s for s, p, o in mapped if p == RDF.type and o in (SDO.Person, SDO.Organization, SDO.Place)
    }


def test_default_output_is_exports_graph_ext_and_folder_is_created(filled, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert str(export(filled, "turtle")) == "exports/graph.ttl"
    assert (tmp_path / "exports" / "graph.ttl").stat().st_size > 0


def test_unknown_format_names_the_formats(filled):
    with pytest.raises(ExportError, match="choose one of graphml, turtle"):
        export(filled, "csv")


def test_jsonl_claim_carries_its_attribution_kind(store, extraction):
    from dataclasses import replace
    from io import StringIO

    from kg.export.jsonl import write_jsonl

    extraction.claims = [replace(extraction.claims[0], act="denial")]
    write(store, [extraction])[0]
    out = StringIO()
    write_jsonl(store, out)
    claims = [
        json.loads(line)
        for line in out.getvalue().splitlines()
        if json.loads(line)["type"] == "claim"
    ]
    assert [c["act"] for c in claims] == ["denial"]


def test_unresolved_claim_is_exported_with_a_null_speaker_and_counted(store, extraction):
    from dataclasses import replace
    from io import StringIO

    from kg import api
    from kg.export.jsonl import write_jsonl

    claim = extraction.claims[0]
    extraction.claims = [replace(claim, speaker=None, speaker_start=None, speaker_end=None)]
    write(store, [extraction])[0]
    out = StringIO()
    write_jsonl(store, out)
    [record] = [r for r in map(json.loads, out.getvalue().splitlines()) if r["type"] == "claim"]
    assert (record["speaker"], record["speaker_start"], record["content"]) == (
        None,
        None,
        claim.content,
    )
    assert api.stats(store)["unresolved"] == 1
    assert api.validate(store)[0]
