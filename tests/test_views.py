"""Views of the claim network (GraphML, GEXF, pictures) and the quantities plot, on the
example articles: expected edges and weights are counted here from plain SPARQL rows."""

from __future__ import annotations

import math
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from itertools import combinations

import networkx as nx
import pytest

from kg import api
from kg.cli import main
from kg.export import ExportError, Selection, export
from kg.export.views import COMMUNITY_COLOURS, VIEWS, ViewError, build_view
from kg.plot import quantity_points
from kg.rdf.store import open_store

from .conftest import EXAMPLES
from .test_gephi_exports import read_gexf

GEXF = "{http://www.gexf.net/1.2draft}"
VIZ = "{http://www.gexf.net/1.2draft/viz}"

#: The attributes the GEXF 1.2 schema (data.xsd, graph-content) allows on <graph>.
GRAPH_ATTRIBUTES = {
    "timeformat",
    "start",
    "startopen",
    "end",
    "endopen",
    "defaultedgetype",
    "idtype",
    "mode",
}
#: The attribute types of the GEXF 1.2 schema (data.xsd, attrtype-type).
ATTRIBUTE_TYPES = {
    "integer",
    "long",
    "double",
    "float",
    "boolean",
    "liststring",
    "string",
    "anyURI",
}


@pytest.fixture(scope="module")
def ex(examples_store):
    with open_store(examples_store, read_only=True) as store:
        yield store


def rows(store, sparql):
    return list(store.select_strings(sparql))


_DATES = "SELECT ?c ?d WHERE { ?c a schema:Claim OPTIONAL { ?c schema:dateCreated ?d } }"


def claim_dates(store):
    return dict(
        rows(
            store, "SELECT ?c ?d WHERE { ?c a schema:Claim OPTIONAL { ?c schema:dateCreated ?d } }"
        )
    )


def weights(g):
    return {(u, v): d["weight"] for u, v, d in g.edges(data=True)}


def undirected(pairs):
    return {tuple(sorted(p)): w for p, w in pairs.items()}


def test_speakers_view_weighs_each_speaker_entity_edge_by_the_claims_about_it(ex):
    said = rows(
        ex,
        "SELECT ?c ?s ?e WHERE { ?c a schema:Claim ; "
        "prov:wasAttributedTo ?s ; schema:mentions ?e }",
    )
    expected = Counter((s, e) for c, s, e in set(said) if s != e)
    g = build_view(ex, "speakers", Selection(include_unnamed=True))
    assert g.is_directed()
    assert weights(g) == {pair: float(n) for pair, n in expected.items()}
    assert max(expected.values()) > 1  # the examples do repeat a speaker-entity pair
    isis = "https://w3id.org/claimkg/id/entity/organization/isis"
    assert g.nodes[isis]["label"] == "ISIS" and g.nodes[isis]["kind"] == "organization"
    assert g.nodes[isis]["about"] == sum(n for (_, e), n in expected.items() if e == isis)


@pytest.fixture(scope="module")
def without_gazetteer(tmp_path_factory):
    """The examples built with no gazetteer: "the coalition" no article names stays
    unnamed (the example gazetteer names it)."""
    path = tmp_path_factory.mktemp("no-gazetteer") / "store"
    api.build([EXAMPLES], store=path, progress=False)
    with open_store(path, read_only=True) as store:
        yield store


def test_views_leave_out_entities_no_article_names_unless_asked(without_gazetteer):
    plain = without_gazetteer
    unnamed = {
        e
        for (e,) in rows(
            plain, "SELECT DISTINCT ?e WHERE { ?m ckg:describedAs ?d ; itsrdf:taIdentRef ?e }"
        )
    }
    assert any(e.endswith("/coalition") for e in unnamed)  # "the coalition", unnamed
    for view in ("speakers", "entities"):
        shown = set(build_view(plain, view))
        everything = set(build_view(plain, view, Selection(include_unnamed=True)))
        assert shown == everything - unnamed and unnamed & everything


def test_entities_view_weighs_each_pair_by_the_claims_that_mention_both(ex):
    mentions: dict[str, set[str]] = {}
    for c, e in rows(ex, "SELECT ?c ?e WHERE { ?c a schema:Claim ; schema:mentions ?e }"):
        mentions.setdefault(c, set()).add(e)
    expected = Counter(p for es in mentions.values() for p in combinations(sorted(es), 2))
    g = build_view(ex, "entities", Selection(include_unnamed=True))
    assert not g.is_directed()
    assert undirected(weights(g)) == {p: float(n) for p, n in expected.items()}


def test_speakers_cited_together_weighs_each_pair_by_the_articles_citing_both(ex):
    cited: dict[str, set[str]] = {}
    for a, s in rows(
        ex,
        "SELECT ?a ?s WHERE { ?c a schema:Claim ; "
        "prov:wasAttributedTo ?s ; nif:referenceContext ?a }",
    ):
        cited.setdefault(a, set()).add(s)
    expected = Counter(p for ss in cited.values() for p in combinations(sorted(ss), 2))
    g = build_view(ex, "speakers-cited-together")
    assert expected
    assert undirected(weights(g)) == {p: float(n) for p, n in expected.items()}


@pytest.mark.parametrize("view", VIEWS)
def test_every_node_of_every_view_has_a_community_a_colour_and_a_position(ex, view):
    g = build_view(ex, view)
    assert len(g) > 0
    for _, d in g.nodes(data=True):
        assert isinstance(d["community"], int) and d["community"] >= 0
        assert all(0 <= d[c] <= 255 for c in "rgb")
        assert math.isfinite(d["x"]) and math.isfinite(d["y"])
    if view != "claims":  # coloured by community: one colour per (large) community
        for _, d in g.nodes(data=True):
            if d["community"] < len(COMMUNITY_COLOURS):
                assert (d["r"], d["g"], d["b"]) == COMMUNITY_COLOURS[d["community"]]


def test_since_and_until_keep_the_claims_whose_date_overlaps_the_range(ex):
    dates = claim_dates(ex)
    g = build_view(ex, "claims", Selection(since="2017-05-15", until="2017-12-10"))
    kept = {n for n, d in g.nodes(data=True) if d["kind"] == "claim"}
    # a month (2017-05) overlaps the range; an undated claim is left out
    expected = {c for c, d in dates.items() if d and d[: len("2017-05-15")] != "2017-12-27"}
    assert kept == expected
    assert {dates[c] for c in kept} == {"2017-05", "2017-12-06"}


def test_about_keeps_the_claims_that_mention_the_entity_in_every_view(ex):
    about = rows(
        ex,
        "SELECT ?c ?s WHERE { ?c schema:mentions <https://w3id.org/claimkg/id/entity/place/syria> "
        "OPTIONAL { ?c prov:wasAttributedTo ?s } }",
    )
    g = build_view(ex, "claims", Selection(about="Syria"))
    assert {n for n, d in g.nodes(data=True) if d["kind"] == "claim"} == {c for c, _ in about}
    by_id = build_view(ex, "speakers", Selection(about="place/syria"))
    speakers = {s for _, s in about if s}
    assert {u for u, _ in by_id.edges()} == speakers
    assert sum(d["weight"] for _, _, d in by_id.edges(data=True)) >= len(about) - 1


def test_a_selection_naming_no_entity_or_a_bad_date_says_what_to_give(ex):
    with pytest.raises(ViewError, match="names no entity"):
        build_view(ex, "speakers", Selection(about="Atlantis"))
    with pytest.raises(ViewError, match="YYYY-MM-DD"):
        Selection(since="last week")
    with pytest.raises(ViewError, match="choose one of claims, speakers"):
        build_view(ex, "everyone")


def test_gexf_is_dynamic_with_typed_attributes_and_gephi_viz_elements(ex, tmp_path):
    path = export(ex, "gexf", tmp_path / "g.gexf")
    root = ET.parse(path).getroot()
    graph = root.find(f"{GEXF}graph")
    assert root.get("version") == "1.2"
    assert graph.get("mode") == "dynamic" and graph.get("timeformat") == "dateTime"
    assert set(graph.attrib) <= GRAPH_ATTRIBUTES
    types = {a.get("title"): a.get("type") for a in graph.iter(f"{GEXF}attribute")}
    assert types["kind"] == "string" and types["community"] == "long"
    assert set(types.values()) <= ATTRIBUTE_TYPES
    for node in graph.iter(f"{GEXF}node"):
        assert [c.tag for c in node][:3] == [f"{VIZ}color", f"{VIZ}size", f"{VIZ}position"]


def test_gexf_keeps_the_graphml_colours_sizes_and_positions(ex, tmp_path):
    graphml = nx.read_graphml(export(ex, "graphml", tmp_path / "g.graphml", view="speakers"))
    path = export(ex, "gexf", tmp_path / "g.gexf", view="speakers")
    _, gexf, _ = read_gexf(path)
    assert set(graphml) == set(gexf)
    nodes = {n.get("id"): n for n in ET.parse(path).getroot().iter(f"{GEXF}node")}
    for n, d in graphml.nodes(data=True):
        color = nodes[n].find(f"{VIZ}color").attrib
        assert (int(color["r"]), int(color["g"]), int(color["b"])) == (d["r"], d["g"], d["b"])
        assert float(nodes[n].find(f"{VIZ}size").get("value")) == pytest.approx(d["size"])
        position = nodes[n].find(f"{VIZ}position").attrib
        assert (float(position["x"]), float(position["y"])) == pytest.approx((d["x"], d["y"]))
        assert int(gexf[n]["community"]) == d["community"]


def test_gexf_is_the_same_in_every_process(examples_store, tmp_path):
    """Louvain and the layout do not follow Python's salted string hashing."""
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"{seed}.gexf"
        subprocess.run(
            [sys.executable, "-m", "kg.cli", "export", "--store", str(examples_store)]
            + ["--format", "gexf", "--view", "speakers", "-o", str(out)],
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
        )
        outputs.append(
            [line for line in out.read_text().splitlines() if "lastmodified" not in line]
        )
    assert outputs[0] == outputs[1]


def test_quantities_plot_has_one_legend_entry_per_speaker_and_the_words_of_each_number(
    examples_store, tmp_path
):
    table = api.query(examples_store, "quantities-over-time", {"thing": "fighters"})
    speakers = sorted({str(r[table.columns.index("speaker")]) for r in table.rows})
    assert len(speakers) >= 2
    path, drawn = api.plot_quantities(examples_store, "fighters", tmp_path / "q.svg")
    assert drawn == len(quantity_points(table)) == len(table.rows)
    svg = path.read_text()
    for speaker in speakers:
        assert svg.count(f">{speaker}<") == 1  # its legend entry
    for row in table.rows:
        assert str(row[table.columns.index("quantity")]) in svg  # "fewer than 3,000"
    assert {p.bound for p in quantity_points(table)} == {"at most"}  # "fewer than"
    assert ">at most<" in svg


def test_view_picture_names_the_most_linked_entity(examples_store, tmp_path):
    with open_store(examples_store, read_only=True) as store:
        g = build_view(store, "speakers")
    biggest = max(g.nodes(data=True), key=lambda nd: nd[1]["size"])[1]["label"]
    svg = api.export(examples_store, "svg", tmp_path / "v.svg", view="speakers").read_text()
    assert f">{biggest}<" in svg
    png = api.export(examples_store, "png", tmp_path / "v.png", view="entities")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_cli_plot_and_view_export(examples_store, tmp_path, capsys):
    out = tmp_path / "fighters.png"
    assert (
        main(
            ["plot", "quantities", "--thing", "fighters", "--out", str(out)]
            + ["--store", str(examples_store)]
        )
        == 0
    )
    assert "(2 dated numbers)" in capsys.readouterr().out and out.exists()
    assert (
        main(
            ["export", "--store", str(examples_store), "--format", "turtle"]
            + ["--view", "speakers", "-o", str(tmp_path / "x.ttl")]
        )
        == 2
    )
    assert "go with --format graphml, gexf, png, svg" in capsys.readouterr().err
    assert (
        main(
            ["export", "--store", str(examples_store), "--format", "gexf"]
            + ["--about", "Atlantis", "-o", str(tmp_path / "x.gexf")]
        )
        == 2
    )
    assert "names no entity" in capsys.readouterr().err
    assert not (tmp_path / "x.gexf").exists()


def test_export_of_an_unknown_view_is_an_export_error(ex, tmp_path):
    with pytest.raises(ExportError, match="unknown view"):
        export(ex, "graphml", tmp_path / "g.graphml", view="hairball")


def test_speaker_keeps_only_the_claims_the_speaker_said(ex):
    (speaker, ident), *_ = rows(
        ex,
        "SELECT ?s ?id WHERE { ?c a schema:Claim ; prov:wasAttributedTo ?s . "
        "?s schema:identifier ?id } "
        "GROUP BY ?s ?id ORDER BY DESC(COUNT(?c)) ?id LIMIT 1",
    )
    said = {
        c
        for (c,) in rows(
            ex, f"SELECT ?c WHERE {{ ?c a schema:Claim ; prov:wasAttributedTo <{speaker}> }}"
        )
    }
    g = build_view(ex, "claims", Selection(speaker=ident))
    assert {n for n, d in g.nodes(data=True) if d["kind"] == "claim"} == said
    assert {u for u, _ in build_view(ex, "speakers", Selection(speaker=ident)).edges()} == {speaker}
