"""Titles: which office or rank a title names (``U.S. Defence Secretary`` is the office
*defense secretary* of the US), read at extraction onto each :class:`kg.model.Title`, and
which titles of one person conflict across the corpus (``Defence Secretary`` in one
article, ``Secretary of State`` in another: usually an entity-resolution error, sometimes
a change of post).

Plain Python over the tables of the rules layer, :mod:`kg.nlp.rules` (no spaCy).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from kg.model import Title
from kg.nlp.rules import active as lx
from kg.nlp.rules import per_rule_set

OFFICE, RANK = "office", "rank"


@per_rule_set
def _phrasings() -> list[tuple[str, str, str]]:
    """(phrase, concept, kind): offices before ranks, longest phrasing first within each,
    so "attorney general" is an office and "lieutenant general" the grade general."""
    return [
        (phrase, concept, kind)
        for table, kind in ((lx.OFFICES, OFFICE), (lx.RANKS, RANK))
        for phrase, concept in sorted(
            ((p, c) for c, phrases, _why in table for p in phrases), key=lambda pc: -len(pc[0])
        )
    ]


def title_key(title: str) -> str:
    """A title lowercased, with spellings unified (``rules.en.TITLE_SPELLINGS``).

    Examples
    --------
    >>> title_key("U.S. Defence Secretary")
    'us defense secretary'
    """
    text = title.lower().replace("-", " ")
    for pattern, repl in lx.TITLE_SPELLINGS:
        text = re.sub(pattern, repl, text)
    return re.sub(r"\s+", " ", text.replace(".", " ").replace(",", " ")).strip()


class Office(NamedTuple):
    """The office or rank a title names: its kind (:data:`OFFICE` or :data:`RANK`), its
    concept (an office of ``rules.en.OFFICES``, a grade of ``rules.en.RANKS``) and, where the title
    says, a country."""

    kind: str
    concept: str
    country: str | None


def title_office(title: str) -> Office | None:
    """The office or rank a title names, or None for a past office or an unknown title.

    Examples
    --------
    >>> title_office("U.S. Defence Secretary")
    Office(kind='office', concept='defense secretary', country='us')
    >>> title_office("Lt. Gen.")
    Office(kind='rank', concept='general', country=None)
    """
    text = title_key(title)
    words = text.split()
    if any(w in lx.PAST_MARKERS for w in words):
        return None
    padded = f" {text} "
    qualifiers = lx.country_qualifiers()
    for phrase, concept, kind in _phrasings():
        if f" {phrase} " in padded:
            rest = padded.replace(f" {phrase} ", " ", 1).split()
            countries = {qualifiers[w] for w in rest if w in qualifiers}
            return Office(kind, concept, countries.pop() if len(countries) == 1 else None)
    return None


@dataclass(frozen=True)
class TitleConflict:
    """Two titles of one person that name different offices."""

    person_id: str
    title: str
    other_title: str
    doc_id: str
    other_doc_id: str
    reason: str


def _conflict_reason(a: Office, b: Office) -> str | None:
    if a.kind != b.kind:
        return None  # a rank and an office are held together
    if a.concept != b.concept:
        return f"different {a.kind}s: {a.concept} / {b.concept}"
    if a.country and b.country and a.country != b.country:
        return f"{a.concept} of different countries: {a.country} / {b.country}"
    return None


def title_conflicts(titles: Iterable[tuple[str, str, str]]) -> list[TitleConflict]:
    """Pairs of titles that give one person two different offices.

    Parameters
    ----------
    titles : iterable of (person_id, title_text, doc_id)
        Every title every article gives each person.

    Returns
    -------
    list of TitleConflict
        One per person and pair of distinct offices, with the first title (in input
        order) that names each; sorted by person.

    Notes
    -----
    A rank and an office never conflict (``General`` / ``chairman of the Joint Chiefs``),
    nor do past offices (``former``), nor a title and a more precise form of it
    (``President`` / ``Syrian President``), nor two ranks of one grade (``Lt. Gen.`` /
    ``Gen.``); two grades do (``Colonel`` / ``General``), and so does the same office of two
    named countries (``Syrian President`` / ``Iraqi President``).

    Examples
    --------
    >>> [c.reason for c in title_conflicts([
    ...     ("person/mattis", "U.S. Defence Secretary", "a"),
    ...     ("person/mattis", "Secretary of State", "b"),
    ...     ("person/mattis", "General", "c")])]
    ['different offices: defense secretary / secretary of state']
    """
    seen: dict[str, dict[Office, tuple[str, str]]] = {}
    for person, title, doc_id in titles:
        office = title_office(title)
        if office is not None:
            seen.setdefault(person, {}).setdefault(office, (title, doc_id))
    conflicts = []
    for person in sorted(seen):
        for (a, (ta, da)), (b, (tb, db)) in itertools.combinations(seen[person].items(), 2):
            reason = _conflict_reason(a, b)
            if reason is not None:
                conflicts.append(TitleConflict(person, ta, tb, da, db, reason))
    return conflicts


def read_title(text: str, doc_id: str, start: int, end: int) -> Title:
    """The :class:`~kg.model.Title` record of a title in an article, with the office or
    rank it names (:func:`title_office`) where it names one.

    Examples
    --------
    >>> read_title("U.S. Defence Secretary", "a.txt", 0, 22).office_country
    'us'
    """
    office = title_office(text)
    if office is None:
        return Title(text, doc_id, start, end)
    return Title(text, doc_id, start, end, office.concept, office.kind, office.country)
