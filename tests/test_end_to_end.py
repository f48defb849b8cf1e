"""The bundled example articles, built with the real spaCy pipeline (once per session)."""

import networkx as nx

from kg import api

from .conftest import EXAMPLES


def test_claims_by_mattis_quote_the_article_text_at_their_offsets(examples_store):
    table = api.query(examples_store, "claims-by-speaker", {"speaker": "Mattis"})
    assert table.rows
    col = table.columns.index
    for row in table.rows:
        text = (EXAMPLES / str(row[col("article")])).read_text(encoding="utf-8")
        start, end = int(row[col("start")]), int(row[col("end")])
        assert text[start:end] == str(row[col("claim")])


def test_graphml_of_the_examples_has_every_kind_of_node(examples_store, tmp_path):
    g = nx.read_graphml(api.export(examples_store, "graphml", tmp_path / "g.graphml"))
    kinds = {data["kind"] for _, data in g.nodes(data=True)}
    assert kinds == {"article", "claim", "person", "organization", "place"}
    assert all({"label", "r", "g", "b", "size", "x", "y"} <= set(d) for _, d in g.nodes(data=True))


def test_stats_count_the_three_articles(examples_store):
    counts = api.stats(examples_store)
    assert counts["articles"] == 3
    assert counts["claims"] > 0 and counts["triples"] > counts["claims"]
