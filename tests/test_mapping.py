import pytest
from rdflib import Literal, URIRef

from kg.rdf.mapping import article_iri, claim_iri, entity_iri, extraction_to_graph, mention_iri
from kg.rdf.namespaces import CKG, ITSRDF, NIF, PROV, RDF, SDO

from .conftest import make_extraction


def test_same_extraction_gives_identical_triples():
    first = extraction_to_graph(make_extraction())
    second = extraction_to_graph(make_extraction())
    assert set(first) == set(second)
    assert len(first) > 30


def test_iris_are_built_from_ids_and_offsets():
    assert article_iri("000 a.txt") == URIRef("https://w3id.org/claimkg/id/article/000%20a.txt")
    assert mention_iri("a.txt", 3, 9) == URIRef(
        "https://w3id.org/claimkg/id/article/a.txt#char=3,9"
    )
    assert claim_iri("a/b.txt", 10, 42) == URIRef(
        "https://w3id.org/claimkg/id/claim/a%2Fb.txt/10-42"
    )
    assert entity_iri("person/james-mattis") == URIRef(
        "https://w3id.org/claimkg/id/entity/person/james-mattis"
    )


def test_claim_carries_speaker_offsets_cue_kind_and_article(extraction):
    g = extraction_to_graph(extraction)
    c = extraction.claims[0]
    node = claim_iri("a.txt", c.start, c.end)
    mattis = entity_iri("person/james-mattis")
    assert g.value(node, SDO.text) == Literal("we are breaking them.")
    assert g.value(node, PROV.wasAttributedTo) == mattis
    assert g.value(node, NIF.referenceContext) == article_iri("a.txt")
    assert (g.value(node, NIF.beginIndex).toPython(), g.value(node, NIF.endIndex).toPython()) == (
        c.start,
        c.end,
    )
    assert str(g.value(node, CKG.quoteKind)) == "direct"
    assert str(g.value(node, CKG.cueLemma)) == "say"
    assert g.value(node, SDO.mentions) == entity_iri("place/iraq")
    speaker_mention = g.value(node, CKG.speakerMention)
    assert g.value(speaker_mention, ITSRDF.taIdentRef) == mattis
    assert str(g.value(speaker_mention, NIF.anchorOf)) == "James Mattis"


def test_speaker_mention_missing_from_entity_mentions_is_added():
    x = make_extraction()
    he_at = x.document.text.index("he added")
    x.claims[0] = type(x.claims[0])(
        **{**x.claims[0].__dict__, "speaker_start": he_at, "speaker_end": he_at + 2}
    )
    g = extraction_to_graph(x)
    mention = mention_iri("a.txt", he_at, he_at + 2)
    assert (mention, RDF.type, CKG.Mention) in g
    assert str(g.value(mention, NIF.anchorOf)) == "he"
    assert g.value(mention, ITSRDF.taIdentRef) == entity_iri("person/james-mattis")


def test_entity_label_is_name_and_other_names_are_alternate(extraction):
    g = extraction_to_graph(extraction)
    mattis = entity_iri("person/james-mattis")
    assert (mattis, RDF.type, SDO.Person) in g
    assert set(g.objects(mattis, SDO.name)) == {Literal("James Mattis")}
    assert set(g.objects(mattis, SDO.alternateName)) == {Literal("Mattis")}


def test_title_attribution_points_to_person_and_article(extraction):
    g = extraction_to_graph(extraction)
    (title,) = g.subjects(RDF.type, CKG.TitleAttribution)
    assert str(g.value(title, NIF.anchorOf)) == "Defence Secretary"
    assert g.value(title, CKG.titleOf) == entity_iri("person/james-mattis")
    assert g.value(title, NIF.referenceContext) == article_iri("a.txt")


def test_unresolved_entity_is_refused(extraction):
    extraction.entities[0].id = None
    with pytest.raises(ValueError, match="has no id"):
        extraction_to_graph(extraction)
