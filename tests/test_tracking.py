"""Near-duplicate claims and conflicting titles (kg.tracking)."""

from __future__ import annotations

from kg.nlp.titles import title_conflicts, title_key, title_office
from kg.tracking import (
    Appearance,
    ClaimIndex,
    claim_words,
    jaccard,
    shingles,
    tracked_claim_id,
)

CLAIM = "ISIS has lost almost all of the territory it held in Iraq and Syria since 2014"
MATTIS, OTHER = "person/james-mattis", "person/someone-else"


def test_normalise_drops_case_quotes_and_punctuation():
    assert claim_words("“We are BREAKING them,” he said.") == [
        "we",
        "are",
        "breaking",
        "them",
        "he",
        "said",
    ]


def test_shingles_of_the_same_words_are_identical_whatever_the_punctuation():
    a = shingles(claim_words(CLAIM))
    b = shingles(claim_words(f'"{CLAIM.upper()}."'))
    assert jaccard(a, b) == 1.0


def test_same_speaker_near_duplicate_joins_the_first_claims_cluster():
    index = ClaimIndex()
    first = index.add("a#0", MATTIS, CLAIM, "2017-12-22", "a")
    edited = CLAIM.replace("almost", "nearly")
    second = index.add("b#1", MATTIS, edited, "2017-12-23", "b")
    assert first == second == tracked_claim_id("a#0")
    assert index.clusters[first].appearances == [
        Appearance("a#0", "a", "2017-12-22"),
        Appearance("b#1", "b", "2017-12-23"),
    ]


def test_other_speaker_saying_the_same_starts_a_new_cluster():
    index = ClaimIndex()
    first = index.add("a#0", MATTIS, CLAIM, "2017-12-22", "a")
    other = index.add("b#0", OTHER, CLAIM, "2017-12-22", "b")
    assert first != other
    assert other == tracked_claim_id("b#0")


def test_different_claim_of_the_same_speaker_starts_a_new_cluster():
    index = ClaimIndex()
    first = index.add("a#0", MATTIS, CLAIM, None, "a")
    second = index.add(
        "a#1", MATTIS, "The coalition will keep training Iraqi forces next year", None, "a"
    )
    assert first != second
    assert len(index.clusters) == 2 and len(index) == 2


def test_pairs_below_the_threshold_stay_apart():
    index = ClaimIndex()
    words = CLAIM.split()
    half_changed = " ".join(words[:7] + ["we", "will", "finish", "the", "job", "soon"])
    a = index.add("a#0", MATTIS, CLAIM, None, "a")
    b = index.add("b#0", MATTIS, half_changed, None, "b")
    assert jaccard(shingles(claim_words(CLAIM)), shingles(claim_words(half_changed))) < 0.6
    assert a != b


def test_first_appearance_is_the_earliest_date_ties_by_document_id():
    index = ClaimIndex()
    cluster = index.add("c#0", MATTIS, CLAIM, "2017-12-22", "c")
    index.add("b#0", MATTIS, CLAIM + ".", "2017-12-20", "b")
    index.add("a#0", MATTIS, f'"{CLAIM}"', "2017-12-20", "a")
    index.add("0#0", MATTIS, CLAIM, None, "0")
    assert index.clusters[cluster].first_appearance == Appearance("a#0", "a", "2017-12-20")


def test_short_texts_only_match_exactly():
    index = ClaimIndex()
    a = index.add("a#0", MATTIS, "We won.", None, "a")
    b = index.add("b#0", MATTIS, "we WON", None, "b")
    c = index.add("c#0", MATTIS, "We lost.", None, "c")
    assert a == b != c


def test_cluster_ids_do_not_depend_on_the_index_instance():
    ids = []
    for _ in range(2):
        index = ClaimIndex()
        index.add("a#0", MATTIS, CLAIM, None, "a")
        ids.append(index.add("b#0", MATTIS, CLAIM.replace("2014", "2015"), None, "b"))
    assert ids[0] == ids[1] == tracked_claim_id("a#0")


def test_index_keeps_linking_after_its_tables_grow():
    index = ClaimIndex()
    for i in range(3000):
        index.add(
            f"x#{i}", f"person/{i % 7}", f"claim number {i} about topic {i * 7919}", None, "x"
        )
    joined = index.add("y#0", MATTIS, CLAIM, None, "y")
    assert index.add("z#0", MATTIS, CLAIM + " indeed", None, "z") == joined
    assert len(index) == 3002


def test_title_normalisation_unifies_spelling_and_abbreviations():
    assert title_key("U.S. Defence Secretary") == "us defense secretary"
    assert title_key("Lt. Gen.") == "lieutenant general"


def test_defence_secretary_and_secretary_of_state_conflict():
    (conflict,) = title_conflicts(
        [
            (MATTIS, "U.S. Defence Secretary", "a"),
            (MATTIS, "US Defense Secretary", "b"),
            (MATTIS, "Secretary of State", "c"),
        ]
    )
    assert (conflict.title, conflict.other_title) == (
        "U.S. Defence Secretary",
        "Secretary of State",
    )
    assert (conflict.doc_id, conflict.other_doc_id) == ("a", "c")
    assert conflict.reason == "different offices: defense secretary / secretary of state"


def test_rank_and_office_are_compatible():
    assert (
        title_conflicts(
            [
                ("person/dunford", "General", "a"),
                ("person/dunford", "chairman of the Joint Chiefs", "b"),
            ]
        )
        == []
    )


def test_title_and_its_refinement_are_compatible():
    assert (
        title_conflicts(
            [("person/assad", "President", "a"), ("person/assad", "Syrian President", "b")]
        )
        == []
    )


def test_same_office_of_two_countries_conflicts():
    (conflict,) = title_conflicts(
        [("person/x", "Syrian President", "a"), ("person/x", "Iraqi President", "b")]
    )
    assert conflict.reason == "president of different countries: syria / iraq"


def test_ranks_conflict_across_grades_but_not_within_one():
    assert title_conflicts([("p", "Lt. Gen.", "a"), ("p", "Gen.", "b")]) == []
    (conflict,) = title_conflicts([("p", "Colonel", "a"), ("p", "General", "b")])
    assert conflict.reason == "different ranks: colonel / general"


def test_vice_president_is_not_read_as_president_and_past_offices_are_ignored():
    assert title_office("Vice-President").concept == "vice president"
    assert title_office("former Defense Secretary") is None
    assert title_conflicts([("p", "Vice President", "a"), ("p", "former President", "b")]) == []
