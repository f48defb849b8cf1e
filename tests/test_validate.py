"""`kg validate`: the stored graph checked against ontology/shapes.ttl."""

from __future__ import annotations

from dataclasses import replace

from rdflib import Literal

from kg import api
from kg.cli import main
from kg.derive import write
from kg.rdf.mapping import claim_iri, extraction_to_graph, mention_iri
from kg.rdf.namespaces import SDO
from kg.rdf.store import LocalStore, recount_ops
from kg.rdf.validate import validate_graph

from .conftest import make_extraction


def test_the_bundled_examples_conform_to_the_shapes(examples_store):
    conforms, report = api.validate(examples_store)
    assert conforms, report
    assert report == "conforms: every resource has what the shapes ask for"


def break_store(store):
    """A claim without a speaker and a mention with a negative offset (its counts made
    true again, as kg serve's updates do)."""
    x = make_extraction("a.txt")
    write(store, [x])[0]
    claim = x.claims[0]
    c = claim_iri("a.txt", claim.start, claim.end).n3()
    m = mention_iri("a.txt", 18, 30).n3()
    store.update(
        f"DELETE WHERE {{ {c} prov:wasAttributedTo ?s }} ;"
        f"DELETE WHERE {{ {m} nif:beginIndex ?b }} ;"
        f"INSERT DATA {{ {m} nif:beginIndex -18 }} ;" + " ;".join(recount_ops())
    )
    return claim


def test_a_claim_without_speaker_and_a_negative_offset_are_named_in_the_report(store):
    claim = break_store(store)
    conforms, report = api.validate(store)
    assert not conforms
    blocks = report.split("\n\n")
    assert blocks[-1] == "does not conform: 2 violations on 2 resources"
    assert (
        f"Violation: kgid:claim/a.txt/{claim.start}-{claim.end}\n"
        "  path:    prov:wasAttributedTo\n"
        "  message: Less than 1 values on "
    ) in report
    mention = next(b for b in blocks if b.startswith("Violation: kgid:article/a.txt#char=18,30"))
    assert "  path:    nif:beginIndex\n" in mention
    assert "  value:   -18" in mention


def test_a_count_an_update_left_untrue_is_named_with_what_the_graph_counts(store):
    x = make_extraction("a.txt")
    write(store, [x])
    claim = x.claims[0]
    c = claim_iri("a.txt", claim.start, claim.end).n3()
    [(speaker, n)] = store.select_strings(
        f"SELECT ?s ?n WHERE {{ {c} prov:wasAttributedTo ?s . ?s ckg:claimCount ?n }}"
    )
    kept = int(n)
    store.update(f"DELETE WHERE {{ {c} prov:wasAttributedTo ?s }}")  # no recount
    conforms, report = api.validate(store)
    assert not conforms
    block = next(b for b in report.split("\n\n") if "path:    ckg:claimCount" in b)
    assert f"keeps {kept}, but the graph counts {kept - 1}" in block


def test_kg_validate_exits_1_when_the_graph_does_not_conform(tmp_path, capsys):
    path = tmp_path / "store"
    with LocalStore(path, create=True) as store:
        write(store, [make_extraction("a.txt")])[0]
    assert main(["validate", "--store", str(path)]) == 0
    with LocalStore(path) as store:
        break_store(store)
    capsys.readouterr()
    assert main(["validate", "--store", str(path)]) == 1
    assert capsys.readouterr().out.endswith("does not conform: 2 violations on 2 resources\n")


def test_claim_dates_of_any_granularity_conform_and_a_plain_string_does_not():
    x = make_extraction("a.txt")
    for date in ("2017-12-06", "2017-12", "2017"):
        x.claims[0] = replace(x.claims[0], date=date)
        assert validate_graph(extraction_to_graph(x)) == (True, [])
    g = extraction_to_graph(x)
    claim = claim_iri("a.txt", x.claims[0].start, x.claims[0].end)
    g.set((claim, SDO.dateCreated, Literal("Friday")))
    conforms, [violation] = validate_graph(g)
    assert not conforms
    assert (violation.path, violation.value) == ("schema:dateCreated", '"Friday"')


def whole_graph_violations(store, tmp_path):
    """The violations of pySHACL run once over the whole graph, read from its dump."""
    from rdflib import Graph

    store.dump(tmp_path / "graph.nt", "nt")
    return validate_graph(Graph().parse(tmp_path / "graph.nt", format="nt"))


def found(result):
    """(conforms, each violation's resource, path, value and severity): what pySHACL and
    the compiled queries must agree on (their messages are worded apart)."""
    conforms, violations = result
    return conforms, sorted({(v.focus, v.path, v.value, v.severity) for v in violations}, key=str)


def test_the_shapes_compiled_to_sparql_find_what_pyshacl_finds(store, tmp_path):
    from kg.rdf.validate import count_violations, validate

    break_store(store)
    tracked = store.select_strings("SELECT ?t WHERE { ?c ckg:trackedAs ?t } LIMIT 1")
    [(t,)] = list(tracked)
    person = "<https://w3id.org/claimkg/id/entity/person/james-mattis>"
    [(claim,)] = list(store.select_strings("SELECT ?c WHERE { ?c a schema:Claim } LIMIT 1"))
    [(article,)] = list(store.select_strings("SELECT ?a WHERE { ?a a schema:NewsArticle }"))
    store.update(  # a fault of each kind of constraint, some only a node's neighbours show
        f"DELETE WHERE {{ ?c ckg:trackedAs <{t}> }} ; DELETE WHERE {{ {person} a ?k }} ;"
        f'INSERT DATA {{ <{claim}> ckg:quoteKind "sung" ; ckg:lshKey "XYZ" ; '
        f'schema:dateCreated "Friday" ; schema:text "again"@en . '
        f'<{article}> schema:identifier "second" ; schema:datePublished "2017-13" . '
        f"{person} ckg:claimCount -3 }}"
    )
    conforms, by_pyshacl = whole_graph_violations(store, tmp_path)
    assert not conforms and len(by_pyshacl) >= 9
    counted = count_violations(store)  # the counts the graph keeps: no shape says them
    assert found(validate(store)) == found((False, by_pyshacl + counted))


def test_the_examples_conform_alike_by_pyshacl_and_by_the_compiled_shapes(examples_store, tmp_path):
    from kg.rdf.store import open_store
    from kg.rdf.validate import validate

    with open_store(examples_store, read_only=True) as s:
        assert validate(s) == whole_graph_violations(s, tmp_path) == (True, [])


def test_a_shape_using_what_the_compiler_does_not_read_is_an_error_not_a_pass():
    import pytest
    from rdflib import Graph

    from kg.rdf.validate import UnsupportedShape, compile_shapes

    shapes = Graph().parse(
        data="""@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
        ex:S a sh:NodeShape ; sh:targetClass ex:C ;
             sh:property [ sh:path ex:p ; sh:hasValue ex:o ] .""",
        format="turtle",
    )
    with pytest.raises(UnsupportedShape, match="sh:hasValue"):
        compile_shapes(shapes)
