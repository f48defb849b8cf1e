"""Tracked claims in the store: the same claim by the same speaker across articles."""

from __future__ import annotations

from kg import derive
from kg.derive import forget
from kg.model import Entity
from kg.rdf.mapping import article_iri, claim_iri
from kg.rdf.namespaces import CKG
from kg.rdf.store import LocalStore
from kg.tracking import BUCKET_CAP, Tracker, lsh_keys

from .conftest import make_extraction

TEXT_A = 'Defence Secretary James Mattis said "we are breaking them." Iraq agreed, he added.'
TEXT_B = 'Defence Secretary James Mattis said "we are breaking them now." Iraq agreed, he added.'


def write(store, extraction):
    """Record an extraction and derive the graph, as kg.api.build does."""
    return derive.write(store, [extraction])[0]


def tracked_claims(store):
    """Each tracked claim: (speaker id, text, first appearance, sorted appearances)."""
    rows = store.query(
        """
        SELECT ?t ?speaker ?text ?first (GROUP_CONCAT(?id; separator=",") AS ?ids) WHERE {
          ?t a ckg:TrackedClaim ; prov:wasAttributedTo/schema:identifier ?speaker ;
             schema:text ?text ; schema:firstAppearance/schema:identifier ?first ;
             schema:appearance/schema:identifier ?id .
        } GROUP BY ?t ?speaker ?text ?first ORDER BY ?speaker ?first
        """
    )
    return [
        (str(r.speaker), str(r.text), str(r.first), sorted(str(r.ids).split(","))) for r in rows
    ]


def test_same_speaker_saying_nearly_the_same_is_one_tracked_claim_first_seen_earliest(store):
    later = make_extraction("later.txt", TEXT_A, date="2017-12-27")
    earlier = make_extraction("earlier.txt", TEXT_B, date="2017-12-20")
    write(store, later)
    write(store, earlier)
    assert tracked_claims(store) == [
        (
            "person/james-mattis",
            "we are breaking them now.",
            "earlier.txt",
            ["earlier.txt", "later.txt"],
        )
    ]
    claims = [claim_node(x) for x in (later, earlier)]
    assert len({store_value(store, c, CKG.trackedAs) for c in claims}) == 1


def claim_node(extraction):
    (claim,) = extraction.claims
    return claim_iri(claim.doc_id, claim.start, claim.end)


def store_value(store, subject, predicate):
    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    rows = list(store.query(query, {"s": subject, "p": predicate}))
    assert len(rows) == 1
    return rows[0].o


def test_other_speaker_saying_the_same_words_is_another_tracked_claim(store):
    write(store, make_extraction("a.txt", TEXT_A))
    other = make_extraction("b.txt", TEXT_A)
    mattis = other.entities[0]
    other.entities[0] = Entity(
        "e0", "James Smith", "Person", ("James Smith",), mattis.mentions, id="person/james-smith"
    )
    write(store, other)
    assert [(speaker, first, ids) for speaker, _, first, ids in tracked_claims(store)] == [
        ("person/james-mattis", "a.txt", ["a.txt"]),
        ("person/james-smith", "b.txt", ["b.txt"]),
    ]


def test_removing_the_first_appearance_moves_it_to_the_next_article(store):
    write(store, make_extraction("first.txt", TEXT_B, date="2017-12-20"))
    write(store, make_extraction("second.txt", TEXT_A, date="2017-12-27"))
    assert not forget(store, ["first.txt"])
    assert tracked_claims(store) == [
        ("person/james-mattis", "we are breaking them.", "second.txt", ["second.txt"])
    ]
    first = article_iri("first.txt")
    assert not list(store.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }", {"o": first}))


def test_removing_every_appearance_deletes_the_tracked_claim(store):
    write(store, make_extraction("a.txt", TEXT_A))
    write(store, make_extraction("b.txt", TEXT_B))
    (not forget(store, ["a.txt"]))
    (not forget(store, ["b.txt"]))
    assert tracked_claims(store) == []
    assert len(store) == 0


def test_replacing_the_first_article_with_a_later_date_moves_the_first_appearance(store):
    write(store, make_extraction("a.txt", TEXT_A, date="2017-12-01"))
    write(store, make_extraction("b.txt", TEXT_B, date="2017-12-10"))
    assert tracked_claims(store)[0][2] == "a.txt"
    assert write(store, make_extraction("a.txt", TEXT_A, date="2017-12-31")) == "replaced"
    assert tracked_claims(store) == [
        ("person/james-mattis", "we are breaking them now.", "b.txt", ["a.txt", "b.txt"])
    ]


def test_tracked_id_comes_from_the_first_article_by_id_whatever_was_built_first(store):
    a = make_extraction("a.txt", TEXT_A, date="2017-12-01")
    b = make_extraction("b.txt", TEXT_B, date="2017-11-02")
    write(store, b)
    alone = store_value(store, claim_node(b), CKG.trackedAs)
    write(store, a)
    tracked = store_value(store, claim_node(a), CKG.trackedAs)
    assert store_value(store, claim_node(b), CKG.trackedAs) == tracked != alone
    assert (alone, None, None) not in store._graph  # b.txt's own tracked claim is gone
    # first appearance by date: b.txt, whose text it takes
    assert tracked_claims(store) == [
        ("person/james-mattis", "we are breaking them now.", "b.txt", ["a.txt", "b.txt"])
    ]


def test_every_claim_is_stored_with_its_lsh_keys(store):
    extraction = make_extraction("a.txt", TEXT_A)
    write(store, extraction)
    (claim,) = extraction.claims
    keys = lsh_keys(claim.content, "person/james-mattis")
    rows = store.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }", {"p": CKG.lshKey})
    assert sorted(str(r.o) for r in rows) == sorted(keys)
    assert len(keys) == 24 and all(len(k) == 15 and int(k, 16) >= 0 for k in keys)
    found = list(store.claims_sharing_keys(keys[:3] + ["000000000000000"]))
    tracked = str(store_value(store, claim_node(extraction), CKG.trackedAs))
    assert {(k, s, t) for k, s, t, _ in found} == {
        (k, "person/james-mattis", "we are breaking them.") for k in keys[:3]
    }
    assert {"https://w3id.org/claimkg/id/" + t for *_, t in found} == {tracked}


def test_claims_of_one_batch_are_linked_to_each_other_and_to_the_store(store):
    write(store, make_extraction("a.txt", TEXT_A, date="2017-12-01"))
    batch = [
        make_extraction("b.txt", TEXT_B, date="2017-12-02"),
        make_extraction("c.txt", TEXT_B, date="2017-12-03"),
    ]
    tracked = Tracker(store.claims_sharing_keys).track_batch(batch)
    assert derive.write(store, batch) == ["added", "added"]
    assert [ids for *_, ids in tracked_claims(store)] == [["a.txt", "b.txt", "c.txt"]]
    # Without the store, the batch is linked within itself only.
    alone = Tracker().track_batch(batch)
    assert len(set(alone.values())) == 1 and set(alone.values()) != set(tracked.values())


def test_short_claims_match_the_same_words_only_also_across_builds(store):
    text = 'Defence Secretary James Mattis said "we are." Iraq agreed, he added.'
    write(store, make_extraction("a.txt", text))
    write(store, make_extraction("b.txt", text.replace("we are.", "we are!!.")))
    write(store, make_extraction("c.txt", text.replace("we are.", "we are too.")))
    assert sorted(ids for *_, ids in tracked_claims(store)) == [["a.txt", "b.txt"], ["c.txt"]]


def test_tracking_keeps_nothing_between_batches(store):
    tracker = Tracker(store.claims_sharing_keys)
    before = dict(vars(tracker))
    for n in range(3):
        x = make_extraction(f"{n}.txt", TEXT_A)
        write(store, x)
    assert vars(tracker) == before
    assert [ids for *_, ids in tracked_claims(store)] == [["0.txt", "1.txt", "2.txt"]]


def keyed_claims(store):
    """The articles whose claims carry LSH keys, with how many keys each."""
    rows = store.select_strings(
        "SELECT ?id (COUNT(?k) AS ?n) WHERE { ?c ckg:lshKey ?k ; "
        "nif:referenceContext/schema:identifier ?id } GROUP BY ?id ORDER BY ?id"
    )
    return [(doc_id, int(n)) for doc_id, n in rows]


def graph_lines(store):
    return sorted(store.select_strings("SELECT ?s ?p ?o WHERE { ?s ?p ?o }"))


def test_a_wording_repeated_is_keyed_once_and_its_next_repeat_keyed_when_the_first_goes(
    store, tmp_path
):
    # the same words three times (spacing aside), and other words of the same claim
    texts = {
        "a.txt": TEXT_A,
        "b.txt": TEXT_A.replace("breaking", "breaking "),
        "c.txt": TEXT_A,
        "d.txt": TEXT_B,
    }
    for doc_id, text in texts.items():
        write(store, make_extraction(doc_id, text))
    assert keyed_claims(store) == [("a.txt", 24), ("d.txt", 24)]
    (tracked,) = tracked_claims(store)
    assert tracked[3] == ["a.txt", "b.txt", "c.txt", "d.txt"]
    forget(store, ["a.txt"])
    assert keyed_claims(store) == [("b.txt", 24), ("d.txt", 24)]
    assert [ids for *_, ids in tracked_claims(store)] == [["b.txt", "c.txt", "d.txt"]]
    # the same graph as building what is left afresh, in one build
    with LocalStore(tmp_path / "fresh", create=True) as fresh:
        derive.write(fresh, [make_extraction(d, texts[d]) for d in ("b.txt", "c.txt", "d.txt")])
        assert graph_lines(fresh) == graph_lines(store)


def test_a_new_article_with_an_earlier_date_becomes_the_first_appearance_with_its_date(store):
    write(store, make_extraction("a.txt", TEXT_A, date="2017-12-22"))
    write(store, make_extraction("b.txt", TEXT_B, date="2017-12-20"))
    write(store, make_extraction("c.txt", TEXT_A, date=None))
    rows = list(
        store.select_strings(
            "SELECT ?first ?date ?n WHERE { ?t a ckg:TrackedClaim ; "
            "schema:firstAppearance/schema:identifier ?first ; ckg:appearanceCount ?n "
            "OPTIONAL { ?t schema:dateCreated ?date } }"
        )
    )
    assert rows == [("b.txt", "2017-12-20", "3")]
    write(store, make_extraction("d.txt", TEXT_A, date="2017-12-01"))
    rows = list(
        store.select_strings(
            "SELECT ?first ?date ?text WHERE { ?t schema:firstAppearance/schema:identifier "
            "?first ; schema:dateCreated ?date ; schema:text ?text }"
        )
    )
    assert rows == [("d.txt", "2017-12-01", "we are breaking them.")]


def test_no_key_is_carried_by_more_claims_than_the_cap_and_near_duplicates_still_join(store):
    template = 'Defence Secretary James Mattis said "we are breaking them in the north {}." Iraq'
    words = ["today", "now", "again", "still", "already", "tonight", "anyway", "too"]
    for n, word in enumerate(words):
        write(store, make_extraction(f"{n}.txt", template.format(word)))
    carried = store.select_strings(
        "SELECT ?k (COUNT(?c) AS ?n) WHERE { ?c ckg:lshKey ?k } GROUP BY ?k"
    )
    counts = [int(n) for _, n in carried]
    assert max(counts) == BUCKET_CAP  # the shared keys filled up, and stopped there
    assert sum(counts) < 24 * len(words)
    # every one of them is the same tracked claim all the same
    assert [ids for *_, ids in tracked_claims(store)] == [[f"{n}.txt" for n in range(8)]]
