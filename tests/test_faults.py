"""No article stops a build: whatever goes wrong while one article is extracted, resolved,
mapped or written, that article alone is skipped (named on one line, with the stage and
the error), the others are built, and the resolver's index forgets it."""

from __future__ import annotations

import copy

import pytest

from kg.model import Document, Entity, Extraction
from kg.resolve import Resolver


def article(doc_id: str, *names: object) -> Extraction:
    """An extraction naming one person per name (a name that is not a string is a
    malformed record, which the resolver genuinely fails on)."""
    entities = [Entity(f"e{n}", str(name), "Person", (name,)) for n, name in enumerate(names)]
    return Extraction(Document(doc_id, ""), entities)


def index(resolver: Resolver) -> dict:
    """Everything the resolver keeps between articles, as plain values."""
    return {k: copy.deepcopy(dict(v)) for k, v in vars(resolver).items() if isinstance(v, dict)}


def test_article_failing_part_way_through_resolution_leaves_the_index_as_it_was():
    r = Resolver(known=[("person/james-mattis", "Person", ["James Mattis"])])
    r.resolve(article("a", "Jane Roe"))
    before = index(r)
    with pytest.raises(AttributeError):
        # two new people registered, then a name that is not a string
        r.resolve(article("b", "John Doe", "Mary Major", None))
    assert index(r) == before


def test_names_of_a_failed_article_do_not_join_later_ones():
    r = Resolver()
    with pytest.raises(AttributeError):
        r.resolve(article("b", "John Doe", None))
    # had "John Doe" stayed in the index, the lone surname would have joined him
    [doe] = r.resolve(article("c", "Doe")).entities
    assert doe.id == "person/doe"
