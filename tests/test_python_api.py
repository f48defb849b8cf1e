"""The Python API as a researcher uses it: tables as Python values, named queries told
apart from SPARQL, the views as networkx graphs, the store as an rdflib Graph, and errors
that speak of Python's arguments, not the command's flags."""

from __future__ import annotations

import builtins
import datetime

import networkx as nx
import pytest
from rdflib import Literal, URIRef

from kg import api
from kg.export import ExportError
from kg.query import QueryError, Table
from kg.rdf.namespaces import PROV, SDO
from kg.rdf.store import StoreError


def test_a_table_is_a_sized_sequence_of_rows_of_python_values(examples_store):
    table = api.query(examples_store, "top-speakers")
    assert len(table) == len(table.rows) > 0
    rows = list(table)
    assert all(isinstance(row, tuple) and len(row) == len(table.columns) for row in rows)
    speaker, cls, claims, *_ = rows[0]
    assert (speaker, cls) == ("James Mattis", "Person")
    assert isinstance(claims, int) and claims == int(table.rows[0][2])
    first = table.to_dicts()[0]
    assert list(first) == table.columns and first["speaker"] == "James Mattis"


def test_table_values_keep_dates_numbers_and_iris_and_none_for_unbound(examples_store):
    table = api.query(
        examples_store,
        "SELECT ?claim ?date ?nothing WHERE { ?claim a schema:Claim ; schema:dateCreated ?date "
        "OPTIONAL { ?claim schema:nothingHere ?nothing } } LIMIT 5",
    )
    values = table.to_dicts()
    assert values and all(v["nothing"] is None for v in values)
    assert all(isinstance(v["claim"], str) and v["claim"].startswith("https://") for v in values)
    dated = [v["date"] for v in values if isinstance(v["date"], datetime.date)]
    assert dated, "xsd:date literals come back as datetime.date"


def test_to_pandas_gives_a_frame_of_the_same_values(examples_store):
    pandas = pytest.importorskip("pandas")
    table = api.query(examples_store, "top-speakers")
    frame = table.to_pandas()
    assert isinstance(frame, pandas.DataFrame)
    assert list(frame.columns) == table.columns and len(frame) == len(table)
    unbound_as_none = frame.astype(object).where(frame.notna(), None)  # pandas says NaN
    assert unbound_as_none.to_dict("records") == table.to_dicts()


def test_to_pandas_without_pandas_says_how_to_install_it(monkeypatch):
    real_import = builtins.__import__

    def no_pandas(name, *args, **kwargs):
        if name == "pandas":
            raise ImportError("No module named 'pandas'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pandas)
    with pytest.raises(ImportError, match=r"pip install 'claimkg\[pandas\]'"):
        Table(["a"], [[Literal(1)]]).to_pandas()


def test_a_misspelt_query_name_is_not_run_as_sparql(examples_store):
    with pytest.raises(
        QueryError,
        match=r"no query named 'top-speaker' \(did you mean "
        r"'top-speakers'\?\).*kg\.query\.named_queries\(\)",
    ) as raised:
        api.query(examples_store, "top-speaker")
    assert "CONSTRUCT" not in str(raised.value) and "--list" not in str(raised.value)


def test_errors_name_python_arguments_not_command_flags(examples_store):
    with pytest.raises(QueryError, match=r"params\['speaker'\]") as missing:
        api.query(examples_store, "claims-by-speaker")
    with pytest.raises(QueryError, match=r"choose fmt= ") as fmt:
        from kg.query import serialize

        serialize(api.query(examples_store, "ASK { ?s ?p ?o }"), "turtle")
    with pytest.raises(
        ExportError, match=r"^path out.docx does not end in .graphml.*name it out.graphml"
    ) as export:
        api.export(examples_store, "graphml", "out.docx")
    for error in (missing, fmt, export):
        assert "--" not in str(error.value)


def test_the_same_errors_on_the_command_line_name_its_flags(examples_store, capsys):
    from kg.cli import main

    assert main(["query", "--name", "claims-by-speaker", "--store", str(examples_store)]) == 2
    assert "--param speaker=VALUE" in capsys.readouterr().err


def test_view_gives_the_networkx_graph_that_the_export_writes(examples_store, tmp_path):
    g = api.view(examples_store, "speakers")
    assert isinstance(g, nx.Graph) and g.number_of_nodes() > 1
    labels = {data["label"] for _, data in g.nodes(data=True)}
    assert "James Mattis" in labels
    exported = nx.read_graphml(
        api.export(examples_store, "graphml", tmp_path / "s.graphml", view="speakers")
    )
    assert exported.number_of_nodes() == g.number_of_nodes()
    assert exported.number_of_edges() == g.number_of_edges()
    since = api.view(examples_store, "claims", api.Selection(since="2100"))
    assert not any(d.get("kind") == "claim" for _, d in since.nodes(data=True))


def test_graph_is_a_read_only_rdflib_graph_over_the_store(examples_store):
    with api.graph(examples_store) as g:
        claims = set(g.subjects(predicate=None, object=SDO.Claim))
        table = api.query(examples_store, "SELECT (COUNT(?c) AS ?n) WHERE { ?c a schema:Claim }")
        assert len(claims) == int(table.rows[0][0]) > 0
        claim = next(iter(claims))
        assert g.value(claim, PROV.wasAttributedTo) is not None
        assert len(g) == api.stats(examples_store)["triples"]  # no build state
        with pytest.raises(StoreError, match="read-only"):
            g.add((URIRef("https://example.org/s"), SDO.name, Literal("x")))
    with api.graph(examples_store) as g:
        assert (URIRef("https://example.org/s"), SDO.name, Literal("x")) not in g
