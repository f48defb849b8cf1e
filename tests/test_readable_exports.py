"""Exports people can read: JSON-LD compacted by an @context, Turtle with our prefixes, and
JSON-lines claims that carry their date, attribution kind and mentioned entities."""

from __future__ import annotations

import json
import re

import pytest
from rdflib import Graph

from kg import api

MONTH_CLAIM = "https://w3id.org/claimkg/id/claim/002_a0f3bd66389858e2.txt/1148-1173"
SYRIA_AND_IRAQ_CLAIM = "https://w3id.org/claimkg/id/claim/002_a0f3bd66389858e2.txt/1300-1461"


@pytest.fixture(scope="module")
def exported(examples_store, tmp_path_factory):
    """The example articles' graph exported once in each format: {format: path}."""
    folder = tmp_path_factory.mktemp("exports")
    return {
        fmt: api.export(examples_store, fmt, folder / f"graph.{fmt}")
        for fmt in ("nt", "turtle", "jsonld", "jsonl")
    }


def triples(path, rdflib_format):
    return set(Graph().parse(path, format=rdflib_format))


def test_jsonld_has_a_context_of_our_prefixes_and_compact_indented_nodes(exported):
    text = exported["jsonld"].read_text(encoding="utf-8")
    doc = json.loads(text)
    context = doc["@context"]
    assert context["ckg"] == "https://w3id.org/claimkg/ontology#"
    assert context["schema"] == "http://schema.org/"
    for prefix in ("prov", "nif", "xsd", "owl", "itsrdf", "skos"):
        assert prefix in context
    nodes = {node["@id"]: node for node in doc["@graph"]}
    mattis = nodes["person:james-mattis"]
    assert mattis["@type"] == "schema:Person"
    assert mattis["schema:name"] == "James Mattis"
    claim = nodes["claim:002_a0f3bd66389858e2.txt/1148-1173"]
    assert claim["prov:wasAttributedTo"] == {"@id": "person:james-mattis"}
    assert claim["schema:dateCreated"] == {"@value": "2017-05", "@type": "xsd:gYearMonth"}
    assert claim["nif:beginIndex"] == 1148  # a native number, read back as xsd:integer
    # pretty-printed: a line per property, not one line for the whole graph
    assert text.count("\n") > len(doc["@graph"]) * 3
    assert '      "schema:name": "James Mattis"' in text


def test_jsonld_and_turtle_read_back_as_exactly_the_graph(exported):
    graph = triples(exported["nt"], "nt")
    assert len(graph) > 1000
    assert triples(exported["jsonld"], "json-ld") == graph
    assert triples(exported["turtle"], "turtle") == graph


def test_turtle_binds_our_prefixes_and_abbreviates_ids_by_their_folder(exported):
    text = exported["turtle"].read_text(encoding="utf-8")
    for line in (
        "@prefix ckg: <https://w3id.org/claimkg/ontology#> .",
        "@prefix schema: <http://schema.org/> .",
        "@prefix person: <https://w3id.org/claimkg/id/entity/person/> .",
    ):
        assert line in text
    # his node's triples, in whatever order the store gives them, under one abbreviated id
    block = re.search(r"^person:james-mattis .*?\.$", text, re.M | re.S).group()
    assert "a schema:Person" in block and 'schema:name "James Mattis"' in block
    assert "<https://w3id.org/claimkg/" not in text.split("\n", 25)[-1]


def claims(exported):
    lines = exported["jsonl"].read_text(encoding="utf-8").splitlines()
    return {r["id"]: r for r in map(json.loads, lines) if r["type"] == "claim"}


def test_jsonl_claim_carries_its_date_kind_speaker_label_and_mentioned_entities(exported):
    by_id = claims(exported)
    month = by_id[MONTH_CLAIM]
    assert month["date"] == "2017-05"
    assert (month["speaker"], month["speaker_label"]) == ("person/james-mattis", "James Mattis")
    assert month["act"] in {"statement", "announcement", "warning", "according-to", "finding"}
    assert month["quote"] in {"direct", "indirect"}
    about = by_id[SYRIA_AND_IRAQ_CLAIM]["about"]
    assert {"id": "place/iraq", "label": "Iraq"} in about
    assert {"id": "place/syria", "label": "Syria"} in about
    assert [a["id"] for a in about] == sorted(a["id"] for a in about)


def test_jsonl_every_claim_has_the_new_fields_and_mentions_name_entity_lines(exported):
    lines = exported["jsonl"].read_text(encoding="utf-8").splitlines()
    entities = {r["id"] for r in map(json.loads, lines) if r["type"] == "entity"}
    records = list(claims(exported).values())
    assert all({"date", "about", "speaker_label"} <= set(r) for r in records)
    assert all(a["id"] in entities for r in records for a in r["about"])
    assert any(r["about"] for r in records)
