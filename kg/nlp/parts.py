"""Long texts in parts: where to cut one, and joining the parts' extractions into one.

spaCy refuses a text longer than ``nlp.max_length`` (1,000,000 characters: error E088),
and reading one whole costs more than its length: entity clustering, speaker resolution
and claim conversion compare mentions and claims with one another, so their time grows
with the square of the text's length (measured on news text: 100,000 characters take
5.7 s, 200,000 take 13.4 s, 400,000 take 37.9 s, and a 990 KB article 786 s). A text
longer than :data:`PART_CHARS` is therefore read in parts, cut where a paragraph ends,
and the parts' records are joined into one :class:`~kg.model.Extraction` whose offsets
are offsets into the whole text.

What a cut loses is what crosses it: a pronoun whose person was named in the part
before, a quotation opened in one part and closed in the next. Paragraph breaks are
where news text carries the least across, and parts are long (some fifteen ordinary
articles), so this touches few claims.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from kg.model import Claim, Document, Entity, Extraction, Mention

#: Characters of text the pipeline reads at once. Below about 100,000 characters the
#: time per character is flat (3.0 s for 50,000, 5.7 s for 100,000); above, it grows
#: with the length (see the module docstring), so longer texts are read in parts.
PART_CHARS = 100_000

#: A part is cut at the last of these boundaries within its limit that leaves it at
#: least :data:`MIN_PART_SHARE` of the limit long, trying each kind in turn: a paragraph
#: break (a blank line, or a line break: texts one paragraph a line have no blank lines),
#: then a sentence end, then any white space. Failing all, the part is cut at its limit.
BOUNDARIES = (
    re.compile(r"\n[ \t\r\f\v]*\n\s*"),  # a blank line: paragraphs of most plain text
    re.compile(r"\n\s*"),  # a line break: one paragraph a line
    re.compile(r"[.!?][\"'”’)\]]*\s+"),  # a sentence end, closing quotes included
    re.compile(r"\s+"),  # between words
)

#: A cut is looked for in the last half of a part's limit, so that no part is short.
MIN_PART_SHARE = 0.5


def part_bounds(text: str, limit: int = PART_CHARS) -> list[tuple[int, int]]:
    """Where to cut ``text`` into parts of at most ``limit`` characters.

    Parameters
    ----------
    text : str
        The text to cut.
    limit : int
        The most characters a part may hold.

    Returns
    -------
    list of (start, end)
        Parts in order, each ending where the next starts, together the whole text;
        one part when the text is no longer than ``limit``.

    Examples
    --------
    >>> part_bounds("One para.\\n\\nTwo para.\\n\\nThree.", limit=16)
    [(0, 11), (11, 22), (22, 28)]
    """
    if limit < 1:
        raise ValueError(f"limit {limit}: give 1 or more characters")
    bounds = []
    start = 0
    while len(text) - start > limit:
        end = _cut(text, start, start + limit)
        bounds.append((start, end))
        start = end
    bounds.append((start, len(text)))
    return bounds


def _cut(text: str, start: int, limit_end: int) -> int:
    """The end of a part that starts at ``start`` and may run to ``limit_end``."""
    earliest = start + max(1, int((limit_end - start) * MIN_PART_SHARE))
    for boundary in BOUNDARIES:
        last = None
        for m in boundary.finditer(text, earliest, limit_end):
            last = m
        if last is not None and last.end() <= limit_end:
            return last.end()
    return limit_end


def join_parts(document: Document, parts: Sequence[tuple[Extraction, int]]) -> Extraction:
    """One extraction of a whole document from the extractions of its parts.

    Parameters
    ----------
    document : Document
        The whole document.
    parts : sequence of (Extraction, int)
        Each part's extraction, with offsets into the part, and where the part starts in
        the whole text; in text order.

    Returns
    -------
    Extraction
        Of ``document``: every part's entities and claims, their offsets moved into the
        whole text and their entity keys renumbered (``e0``, ``e1`` ... across parts,
        so that keys of different parts never meet). A named entity that several parts
        give the same label and class is one entity, as it would be in one reading;
        entities only described (``generic``) stay one a part.
    """
    named: dict[tuple[str, str], str] = {}  # (label, class) of a named entity -> its key
    entities: dict[str, Entity] = {}
    claims: list[Claim] = []
    for extraction, offset in parts:
        renamed: dict[str, str] = {}
        for e in extraction.entities:
            key = None if e.generic else named.get((e.label, e.cls))
            if key is None:
                key = f"e{len(entities)}"
                entities[key] = _moved_entity(e, key, offset)
                if not e.generic:
                    named[(e.label, e.cls)] = key
            else:
                moved, first = _moved_entity(e, key, offset), entities[key]
                first.names = tuple(dict.fromkeys([*first.names, *moved.names]))
                first.mentions += moved.mentions
                first.titles += moved.titles
            renamed[e.key] = key
        claims.extend(_moved_claim(c, renamed, offset) for c in extraction.claims)
    return Extraction(document, list(entities.values()), claims)


def _moved_entity(e: Entity, key: str, offset: int) -> Entity:
    mentions = tuple(
        Mention(m.doc_id, m.start + offset, m.end + offset, m.text, key) for m in e.mentions
    )
    titles = tuple(replace(t, start=t.start + offset, end=t.end + offset) for t in e.titles)
    return replace(e, key=key, mentions=mentions, titles=titles)


def _shift(value: int | None, offset: int) -> int | None:
    return None if value is None else value + offset


def _moved_claim(c: Claim, renamed: dict[str, str], offset: int) -> Claim:
    quantities = tuple(
        replace(
            q,
            start=q.start + offset,
            end=q.end + offset,
            about=None if q.about is None else renamed.get(q.about),
        )
        for q in c.quantities
    )
    return replace(
        c,
        start=c.start + offset,
        end=c.end + offset,
        speaker=None if c.speaker is None else renamed[c.speaker],
        speaker_start=_shift(c.speaker_start, offset),
        speaker_end=_shift(c.speaker_end, offset),
        cue_start=_shift(c.cue_start, offset),
        cue_end=_shift(c.cue_end, offset),
        about=tuple(dict.fromkeys(renamed[k] for k in c.about if k in renamed)),
        quantities=quantities,
    )
