"""Ids for names in other scripts, and for accented Latin letters, are transliterated; ids of
names in plain ASCII never change."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.model import Document, Entity, Extraction
from kg.resolve import Resolver, slug


def slug_before_transliteration(text: str) -> str:
    """``slug`` as it was before it transliterated: the ids every stored Latin name has."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Владимир Путин", "vladimir-putin"),  # Cyrillic
        ("Володимир Зеленський", "volodimir-zelenskiy"),  # the soft sign splits no word
        ("Αλέξης Τσίπρας", "alexis-tsipras"),  # Greek, accents folded
        ("习近平", "xi-jin-ping"),  # Chinese: a word per syllable
        ("محمد بن سلمان", "mhmd-bn-slmn"),  # Arabic, written without its vowels
        ("김정은", "gim-jeong-eun"),  # Korean
        ("Sergei Лавров", "sergei-lavrov"),  # mixed scripts
        ("Tomasz Wiśniewski", "tomasz-wisniewski"),  # accented Latin: the letter, unaccented
        ("Gdańsk", "gdansk"),
        ("José Martí", "jose-marti"),
        ("Ærø Straße", "aero-strasse"),
    ],
)
def test_name_in_another_script_gets_a_transliterated_id(name, expected):
    assert slug(name) == expected


@pytest.mark.parametrize(
    "name",
    ["James Mattis", "Bashar al-Assad", "O'Brien", "Ghani", "U.S.-led coalition"],
)
def test_ascii_name_keeps_the_id_it_always_had(name):
    assert slug(name) == slug_before_transliteration(name)


def ascii_or_not_a_letter(char: str) -> bool:
    return char.isascii() or not char.isalnum()


@settings(deadline=None)  # no timing: two cores shared by several test runs
@given(st.text(st.characters(codec="utf-8").filter(ascii_or_not_a_letter), max_size=40))
def test_any_text_without_letters_beyond_ascii_keeps_its_id(text):
    assert slug(text) == slug_before_transliteration(text)


def person(doc_id: str, label: str) -> Extraction:
    return Extraction(Document(doc_id, ""), [Entity("e0", label, "Person", (label,))])


def test_people_named_in_other_scripts_get_distinct_ids_that_join_across_articles():
    resolver = Resolver()
    names = [("a", "Владимир Путин"), ("b", "Αλέξης Τσίπρας"), ("c", "Владимир Путин")]
    ids = [resolver.resolve(person(doc_id, name)).entities[0].id for doc_id, name in names]
    assert ids == ["person/vladimir-putin", "person/alexis-tsipras", "person/vladimir-putin"]
