from importlib.resources import files

import pyshacl
from rdflib import OWL, RDF, Graph

from kg.rdf.mapping import extraction_to_graph
from kg.rdf.namespaces import CKG, RDFS


def ontology() -> Graph:
    return Graph().parse(data=files("kg.ontology").joinpath("kg.ttl").read_text(), format="turtle")


def test_ckg_namespace_declares_exactly_the_terms_of_the_ontology():
    declared = {
        str(s)[len(str(CKG)) :]
        for s in ontology().subjects(RDF.type, None)
        if str(s).startswith(str(CKG))
    }
    assert declared == set(CKG.__annotations__)


def test_every_ckg_term_has_label_comment_and_for_properties_domain_and_range():
    g = ontology()
    for name in CKG.__annotations__:
        term = CKG[name]
        assert g.value(term, RDFS.label) is not None, name
        assert g.value(term, RDFS.comment) is not None, name
        if (term, RDF.type, OWL.ObjectProperty) in g or (term, RDF.type, OWL.DatatypeProperty) in g:
            assert g.value(term, RDFS.domain) is not None, name
            assert g.value(term, RDFS.range) is not None, name


def test_mapped_extraction_conforms_to_the_shapes(extraction):
    shapes = Graph().parse(
        data=files("kg.ontology").joinpath("shapes.ttl").read_text(), format="turtle"
    )
    conforms, _, report = pyshacl.validate(extraction_to_graph(extraction), shacl_graph=shapes)
    assert conforms, report
