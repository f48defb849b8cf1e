"""GraphML and GEXF as Gephi reads them: key ids unique in the file, lifetimes of whole days
that never start before an element's article or outlive an edge's ends, and claim nodes
that carry their speaker, attribution kind, article and date."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import networkx as nx
import pytest

from kg import api
from kg.derive import write
from kg.export import export
from kg.export.graphml import day
from kg.export.views import VIEWS
from kg.rdf.store import open_store

from .conftest import make_extraction

GEXF = "{http://www.gexf.net/1.2draft}"
GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"
DEVNEWS = Path(__file__).resolve().parent.parent.parent / "shared" / "devnews" / "articles"


def read_gexf(path):
    """The nodes ({id: data}) and edges ([(source, target, data)]) of a GEXF file, each
    data its attribute values by title, ``start`` and ``end`` (networkx 3.6 does not read
    ``timeformat="dateTime"``, so the file is read here as XML)."""
    graph = ET.parse(path).getroot().find(f"{GEXF}graph")
    titles = {
        (attributes.get("class"), a.get("id")): a.get("title")
        for attributes in graph.iter(f"{GEXF}attributes")
        for a in attributes
    }

    def data(element, cls):
        values = {
            titles[cls, v.get("for")]: v.get("value") for v in element.iter(f"{GEXF}attvalue")
        }
        return {**values, "start": element.get("start"), "end": element.get("end")}

    nodes = {n.get("id"): data(n, "node") for n in graph.iter(f"{GEXF}node")}
    edges = [(e.get("source"), e.get("target"), data(e, "edge")) for e in graph.iter(f"{GEXF}edge")]
    return graph, nodes, edges


def assert_gephi_lifetimes(path):
    """Every element of the GEXF at ``path`` lives whole days, for a time (start before
    end), or, undated, throughout (no start, no end: GEXF's infinite bounds), and every
    edge within both its ends' lifetimes; returns the nodes and edges."""
    graph, nodes, edges = read_gexf(path)
    assert graph.get("mode") == "dynamic" and graph.get("timeformat") == "dateTime"
    for d in [*nodes.values(), *(d for *_, d in edges)]:
        if d["start"] is None:
            assert d["end"] is None
            continue
        assert d["start"].endswith("T00:00:00") and d["end"].endswith("T23:59:59")
        assert d["start"] < d["end"]
    for u, v, d in edges:
        for end in (nodes[u], nodes[v]):
            if end["start"] is not None:
                assert end["start"] <= d["start"] and d["end"] <= end["end"], (u, v)
    return nodes, edges


@pytest.fixture(scope="module")
def ex(examples_store):
    with open_store(examples_store, read_only=True) as store:
        yield store


@pytest.mark.parametrize("view", VIEWS)
def test_graphml_key_ids_are_unique_and_networkx_reads_the_same_attributes(ex, tmp_path, view):
    path = export(ex, "graphml", tmp_path / "g.graphml", view=view)
    keys = ET.parse(path).getroot().findall(f"{GRAPHML}key")
    ids = [k.get("id") for k in keys]
    assert len(ids) == len(set(ids))
    for k in keys:  # named for their domain; attr.name is what Gephi shows
        assert k.get("id") == f"{k.get('for')}_{k.get('attr.name')}"
    names = {(k.get("for"), k.get("attr.name")) for k in keys}
    assert {("node", "label"), ("edge", "label"), ("node", "start"), ("edge", "start")} <= names
    g = nx.read_graphml(path)
    assert {n for _, d in g.nodes(data=True) for n in d} == {n for f, n in names if f == "node"}
    assert {n for *_, d in g.edges(data=True) for n in d} == {n for f, n in names if f == "edge"}
    assert all(isinstance(d["label"], str) for _, d in g.nodes(data=True))


def test_no_graphml_key_id_is_one_gephi_reads_as_a_yed_label(ex, tmp_path):
    # Gephi takes the key id d3 as a node's label and d7 as an edge's (yEd's ids)
    path = export(ex, "graphml", tmp_path / "g.graphml")
    ids = {k.get("id") for k in ET.parse(path).getroot().iter(f"{GRAPHML}key")}
    assert not ids & {"d3", "d7"}


@pytest.mark.parametrize("view", VIEWS)
def test_every_gexf_element_lives_whole_days_within_its_ends(ex, tmp_path, view):
    nodes, edges = assert_gephi_lifetimes(export(ex, "gexf", tmp_path / "g.gexf", view=view))
    assert nodes and edges


def test_a_claim_made_before_its_article_is_seen_on_the_articles_day(store, tmp_path):
    extraction = make_extraction(date="2017-12-27")
    extraction.claims = [replace(extraction.claims[0], date="2016")]  # "in 2016, he said"
    write(store, [extraction])
    nodes, edges = assert_gephi_lifetimes(export(store, "gexf", tmp_path / "g.gexf"))
    (claim,) = [d for d in nodes.values() if d["kind"] == "claim"]
    assert (claim["start"], claim["end"]) == ("2017-12-27T00:00:00", "2017-12-27T23:59:59")
    assert claim["date"] == "2016"  # when it was made stays an attribute
    speaker = nodes["https://w3id.org/claimkg/id/entity/person/james-mattis"]
    assert speaker["start"] == "2017-12-27T00:00:00"
    _, speakers, _ = read_gexf(export(store, "gexf", tmp_path / "s.gexf", view="speakers"))
    assert {d["start"] for d in speakers.values()} == {"2017-12-27T00:00:00"}


def test_claim_nodes_carry_speaker_act_article_and_date(ex, tmp_path):
    rows = ex.select_strings(
        "SELECT ?c ?name ?act ?doc ?date WHERE { ?c a schema:Claim ; "
        "nif:referenceContext/schema:identifier ?doc ; ckg:attributionKind ?act "
        "OPTIONAL { ?c prov:wasAttributedTo/schema:name ?name } "
        "OPTIONAL { ?c schema:dateCreated ?date } }"
    )
    expected = {
        c: (name or "", act.rsplit("#", 1)[1].lower(), doc, date or "")
        for c, name, act, doc, date in rows
    }
    assert any(name for name, *_ in expected.values())
    graphml = nx.read_graphml(export(ex, "graphml", tmp_path / "g.graphml"))
    _, gexf, _ = read_gexf(export(ex, "gexf", tmp_path / "g.gexf"))
    for g in (dict(graphml.nodes(data=True)), gexf):
        claims = {n: d for n, d in g.items() if d["kind"] == "claim"}
        got = {n: (d["speaker"], d["act"], d["article"], d["date"]) for n, d in claims.items()}
        # act names as the JSON-lines export gives them ("according-to" for AccordingTo)
        assert {n: v[1].replace("-", "") for n, v in got.items()} == {
            n: v[1] for n, v in expected.items()
        }
        assert {n: (v[0], v[2], v[3]) for n, v in got.items()} == {
            n: (v[0], v[2], v[3]) for n, v in expected.items()
        }


def test_claim_lifetimes_are_their_articles_days_in_the_graphml(ex, tmp_path):
    published = dict(
        ex.select_strings(
            "SELECT ?c ?d WHERE { ?c a schema:Claim ; "
            "nif:referenceContext/schema:datePublished ?d }"
        )
    )
    g = nx.read_graphml(export(ex, "graphml", tmp_path / "g.graphml"))
    claims = {n: d for n, d in g.nodes(data=True) if d["kind"] == "claim"}
    assert published and set(published) <= set(claims)
    for c, date in published.items():
        assert claims[c]["start"] == claims[c]["end"] == day(date)


@pytest.fixture(scope="module")
def dev_store(tmp_path_factory):
    path = tmp_path_factory.mktemp("dev") / "store"
    api.build([DEVNEWS], store=path, progress=False, processes=2)
    return path


@pytest.mark.devcorpus
@pytest.mark.skipif(not DEVNEWS.is_dir(), reason=f"no development corpus at {DEVNEWS}")
@pytest.mark.parametrize("view", VIEWS)
def test_every_gexf_element_of_the_development_corpus_lives_whole_days_within_its_ends(
    dev_store, tmp_path, view
):
    nodes, edges = assert_gephi_lifetimes(
        api.export(dev_store, "gexf", tmp_path / "g.gexf", view=view)
    )
    assert len(nodes) > 500  # the smallest view, entities, has 590
