import pytest

from kg.derive import write
from kg.model import Document, Extraction
from kg.rdf.mapping import article_iri, entity_iri
from kg.rdf.store import LocalStore, StoreError, open_store

from .conftest import TEXT, make_extraction


def claim_texts(store):
    rows = store.query("SELECT ?t WHERE { ?c a schema:Claim ; schema:text ?t } ORDER BY ?t")
    return [str(r.t) for r in rows]


def test_writing_an_article_already_stored_changes_nothing(store, extraction):
    assert write(store, [extraction])[0] == "added"
    size = len(store)
    assert write(store, [make_extraction()])[0] == "unchanged"
    assert len(store) == size
    assert store.has_document("a.txt", extraction.document.content_hash)


def test_changed_article_replaces_its_claims(store, extraction):
    write(store, [extraction])[0]
    changed = make_extraction(text=TEXT.replace("breaking them", "winning"))
    assert write(store, [changed])[0] == "replaced"
    assert claim_texts(store) == ["we are winning."]
    assert store.stored_hash("a.txt") == changed.document.content_hash


def test_replacing_an_article_is_one_update(store, extraction, monkeypatch):
    write(store, [extraction])
    updates = []
    real_update = store.update
    monkeypatch.setattr(
        store, "update", lambda sparql: (updates.append(sparql), real_update(sparql))
    )
    write(store, [make_extraction(text=TEXT + " More.")])
    article = article_iri("a.txt").n3()
    # its record, then its triples: each in one update, the old ones going with the new
    replacing = [u for u in updates if article in u and "INSERT DATA" in u]
    assert len(replacing) == 2
    assert all("DELETE" in u for u in replacing)
    assert "ontology#record>" in replacing[0] and "nif-core#referenceContext" in replacing[1]


def test_failed_update_leaves_the_store_as_it_was(store, extraction):
    write(store, [extraction])[0]
    size = len(store)
    with pytest.raises(SyntaxError):
        store.update("DELETE WHERE { ?s ?p ?o } ; INSERT DATA { <x:a> <x:b> }")
    assert len(store) == size


def test_replaced_article_drops_entities_no_other_article_mentions(store):
    write(store, [make_extraction("a.txt")])[0]
    write(store, [make_extraction("b.txt")])[0]
    write(store, [Extraction(Document("a.txt", "Nothing here."))])[0]
    ids = sorted(eid for eid, _, _ in store.known_entities())
    assert ids == ["person/james-mattis", "place/iraq"]  # b.txt still mentions both
    write(store, [Extraction(Document("b.txt", "Nothing there."))])[0]
    assert list(store.known_entities()) == []
    assert len(list(store.query("SELECT ?a WHERE { ?a a schema:NewsArticle }"))) == 2


def test_a_better_label_becomes_the_name_and_the_id_and_the_old_one_an_alternate(store):
    write(store, [make_extraction("a.txt")])[0]
    later = make_extraction("b.txt")
    later.entities[0].label = 'Jim "Mad Dog" Mattis'
    write(store, [later])[0]
    names = {
        row.p.split("/")[-1]: str(row.n)
        for row in store.query(
            "SELECT ?e ?p ?n WHERE { ?e ?p ?n VALUES ?p { schema:name } }",
            {"e": entity_iri("person/jim-mad-dog-mattis")},
        )
    }
    assert names == {"name": 'Jim "Mad Dog" Mattis'}  # the id is minted from the label
    assert dict((eid, names) for eid, _, names in store.known_entities())[
        "person/jim-mad-dog-mattis"
    ] == ['Jim "Mad Dog" Mattis', "James Mattis", "Mattis"]


def test_known_entities_give_id_class_and_names(store, extraction):
    write(store, [extraction])[0]
    assert sorted(store.known_entities()) == [
        ("person/james-mattis", "Person", ["James Mattis", "Mattis"]),
        ("place/iraq", "Place", ["Iraq"]),
    ]


def test_bindings_are_substituted_as_rdf_terms(store, extraction):
    write(store, [extraction])[0]
    rows = store.query(
        "SELECT ?a ?id WHERE { ?a schema:identifier ?id }", {"a": article_iri("a.txt")}
    )
    assert [str(r.id) for r in rows] == ["a.txt"]


def test_store_survives_closing_and_reopening(tmp_path, extraction):
    with LocalStore(tmp_path / "s", create=True) as s:
        write(s, [extraction])[0]
        size = len(s)
    with open_store(tmp_path / "s") as s:
        assert len(s) == size


def test_missing_store_says_to_build_first(tmp_path):
    with pytest.raises(StoreError, match=r"no store at .*run `kg build PATH --store"):
        open_store(tmp_path / "nothing")


def test_folder_of_other_files_is_not_taken_for_a_store(tmp_path):
    (tmp_path / "article.txt").write_text("text")
    with pytest.raises(StoreError, match="is not a kg store"):
        open_store(tmp_path, create=True)
    assert [p.name for p in tmp_path.iterdir()] == ["article.txt"]


def test_store_in_use_is_refused_with_a_clear_error(store):
    with pytest.raises(StoreError, match="in use by another kg process"):
        open_store(store.path)


def test_file_is_not_a_store(tmp_path):
    (tmp_path / "f").write_text("x")
    with pytest.raises(StoreError, match="is a file"):
        open_store(tmp_path / "f", create=True)


def test_local_store_flushes_its_write_buffers_as_updates_add_up(store, monkeypatch):
    flushes = []

    class Counting:
        def __init__(self, inner):
            self.inner = inner

        def flush(self):
            flushes.append(1)
            self.inner.flush()

        def __getattr__(self, name):
            return getattr(self.inner, name)

    monkeypatch.setattr("kg.rdf.store.FLUSH_AFTER", 2000)
    store._ox = Counting(store._ox)
    for n in range(6):
        write(store, [make_extraction(f"{n}.txt")])[0]
    assert len(flushes) >= 2
    assert len(list(store.query("SELECT ?a WHERE { ?a a schema:NewsArticle }"))) == 6
