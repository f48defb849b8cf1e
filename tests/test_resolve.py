"""Cross-document resolution on hand-built extractions (no NLP)."""

from kg.model import Document, Entity, Extraction
from kg.resolve import Resolver


def doc(doc_id, *entities):
    return Extraction(Document(doc_id, ""), [
        Entity(f"e{n}", label, cls, (label, *aliases)) for n, (label, cls, *aliases)
        in enumerate(entities)])


def ids(resolver, extraction):
    return [e.id for e in resolver.resolve(extraction).entities]


def test_surname_in_a_later_article_joins_the_full_name():
    r = Resolver()
    assert ids(r, doc("a", ("James Mattis", "Person"))) == ["person/james-mattis"]
    assert ids(r, doc("b", ("Mattis", "Person"))) == ["person/james-mattis"]


def test_full_name_in_a_later_article_joins_a_lone_surname_and_improves_the_label():
    r = Resolver()
    ids(r, doc("a", ("Mattis", "Person")))
    result = r.resolve(doc("b", ("James Mattis", "Person")))
    assert result.entities[0].id == "person/mattis"
    assert result.entities[0].label == "James Mattis"


def test_name_with_particle_matches_name_without():
    r = Resolver()
    assert ids(r, doc("a", ("Bashar Assad", "Person"))) == ids(
        r, doc("b", ("Bashar al-Assad", "Person")))


def test_a_surname_shared_by_two_people_joins_neither():
    r = Resolver()
    ids(r, doc("a", ("John Park", "Person"), ("Mary Park", "Person")))
    assert ids(r, doc("b", ("Park", "Person"))) == ["person/park"]


def test_description_joins_the_one_named_organisation_with_its_head_noun():
    r = Resolver()
    named = ids(r, doc("a", ("US-led coalition", "Organization", "US-led international coalition")))
    assert ids(r, doc("b", ("coalition", "Organization"))) == named


def test_a_country_as_place_and_as_speaker_is_one_entity():
    r = Resolver()
    assert ids(r, doc("a", ("United States", "Place", "U.S."))) == ids(
        r, doc("b", ("U.S.", "Organization")))


def test_ids_are_deterministic():
    runs = []
    for _ in range(2):
        r = Resolver()
        runs.append(ids(r, doc("a", ("Jane Roe", "Person"), ("Acme", "Organization"))))
    assert runs[0] == runs[1] == ["person/jane-roe", "organization/acme"]


def test_known_entities_from_the_store_seed_the_index():
    r = Resolver(known=[("person/jane-roe", "Person", ["Jane Roe", "Roe"])])
    assert ids(r, doc("c", ("Roe", "Person"))) == ["person/jane-roe"]
