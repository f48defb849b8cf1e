"""Quotation marks paired into quotations, the way news prints them.

``find_quotes(text)`` is a plain function over characters (no spaCy), so it can be tested
on a line of text; the ``kg_quotes`` component stores its result on ``Doc._.quotes``.

What it handles:

- straight and curly marks, double and single (``"``, ``“ ”``, ``‘ ’``, ``'``, ``« »``);
- apostrophes told apart from closing single quotes (``we’re``, ``ISIS’``, ``nations'``):
  a single mark closes only a single quotation that is open, and opens only before a
  letter after a space;
- nested quotes: single quotes inside an open double quotation belong to it;
- the news convention for quotations over several paragraphs: each paragraph opens with
  a mark and only the last one closes. Every paragraph is a segment of its own, and the
  segments of one quotation share a ``run`` number;
- an unclosed mark closes at the end of its paragraph and never stops the document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from spacy.language import Language
from spacy.tokens import Doc

from kg.nlp.rules import active as lx
from kg.nlp.rules import per_rule_set, rule_set, use


@dataclass(frozen=True)
class Quote:
    """One quoted stretch of one paragraph.

    ``start``/``end`` delimit the words inside the marks; ``open``/``close`` are the
    offsets of the marks (``close`` is None when the paragraph ended first).
    ``run`` numbers the quotation a segment belongs to: segments of a quotation that runs
    over several paragraphs share it. ``double`` is False for single-quote quotations.
    """

    start: int
    end: int
    open: int
    close: int | None
    run: int
    double: bool = True

    @property
    def closed(self) -> bool:
        return self.close is not None


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Spans of the non-blank lines of ``text``: in news copy each line is a paragraph."""
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]*\S[^\n]*", text)]


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _opens_paragraph(text: str, start: int, end: int) -> bool:
    s, _ = _strip(text, start, end)
    return s < end and (text[s] in lx.OPEN_DOUBLE or text[s] == lx.STRAIGHT_DOUBLE)


class _Marks(NamedTuple):
    """Finders of the quotation marks of the rule set in force, so that the loops below
    visit the marks alone rather than every character."""

    double: re.Pattern[str]
    single: re.Pattern[str]


@per_rule_set
def _marks() -> _Marks:
    def any_of(chars: str) -> re.Pattern[str]:
        return re.compile("[" + re.escape(chars) + "]")

    return _Marks(
        any_of(lx.OPEN_DOUBLE + lx.CLOSE_DOUBLE + lx.STRAIGHT_DOUBLE),
        any_of(lx.OPEN_SINGLE + lx.CLOSE_SINGLE + lx.STRAIGHT_SINGLE),
    )


def _single_quotes(text: str, start: int, end: int) -> list[Quote]:
    """Single-mark quotations inside one stretch of text with no double quotation open."""
    found: list[Quote] = []
    open_at: int | None = None
    for mark in _marks().single.finditer(text, start, end):
        i = mark.start()
        ch = text[i]
        prev = text[i - 1] if i > start else ""
        nxt = text[i + 1] if i + 1 < end else ""
        if open_at is None:
            # before a digit a mark is an elision ('90s), not a quotation
            if (
                (ch in lx.OPEN_SINGLE or ch == lx.STRAIGHT_SINGLE)
                and prev in lx.OPENING_CONTEXT
                and (nxt.isalpha())
            ):
                open_at = i
        elif (
            (ch in lx.CLOSE_SINGLE or ch == lx.STRAIGHT_SINGLE)
            and not nxt.isalpha()
            and prev != " "
        ):
            s, e = _strip(text, open_at + 1, i)
            if e > s:
                found.append(Quote(s, e, open_at, i, 0, double=False))
            open_at = None
    return found  # an unclosed single mark was an apostrophe or a typo: no quotation


def find_quotes(text: str) -> list[Quote]:
    """Pair the quotation marks of ``text`` into quotations.

    Parameters
    ----------
    text : str
        A whole document, paragraphs separated by line breaks.

    Returns
    -------
    list of Quote
        In document order; single-mark quotations nested in a double quotation are not
        listed (they belong to the quotation around them).

    Examples
    --------
    >>> [text[q.start:q.end] for text in ['"We won," he said.'] for q in find_quotes(text)]
    ['We won,']
    """
    segments: list[tuple[Quote, bool]] = []  # (quote, runs on into the next paragraph)
    paragraphs = _paragraphs(text)
    marks = _marks().double
    for p, (pstart, pend) in enumerate(paragraphs):
        open_at: int | None = None
        plain_from = pstart  # where the text outside double quotation marks began
        for mark in marks.finditer(text, pstart, pend):
            i = mark.start()
            ch = text[i]
            prev = text[i - 1] if i > pstart else ""
            nxt = text[i + 1] if i + 1 < pend else ""
            if open_at is None:
                if ch in lx.OPEN_DOUBLE or (
                    ch == lx.STRAIGHT_DOUBLE and (prev in lx.OPENING_CONTEXT or not nxt.isspace())
                ):
                    segments += [(q, False) for q in _single_quotes(text, plain_from, i)]
                    open_at = i
                # a stray closing mark with nothing open is left alone
            elif ch in lx.CLOSE_DOUBLE or ch == lx.STRAIGHT_DOUBLE or not nxt.isalnum():
                # (an opening curly mark before a space or a comma is a misprinted closer)
                s, e = _strip(text, open_at + 1, i)
                if e > s:
                    segments.append((Quote(s, e, open_at, i, 0), False))
                open_at = None
                plain_from = i + 1
        if open_at is None:
            segments += [(q, False) for q in _single_quotes(text, plain_from, pend)]
            continue
        # Unclosed at the paragraph's end: it runs on when the next paragraph opens with a
        # mark (the news convention), and otherwise simply ends here.
        s, e = _strip(text, open_at + 1, pend)
        nxt_par = paragraphs[p + 1] if p + 1 < len(paragraphs) else None
        runs_on = nxt_par is not None and _opens_paragraph(text, *nxt_par)
        if e > s:
            segments.append((Quote(s, e, open_at, None, 0), runs_on))
    quotes: list[Quote] = []
    run = 0
    for n, (q, _) in enumerate(segments):
        continued = n > 0 and segments[n - 1][1] and q.double
        if not continued:
            run += 1
        quotes.append(Quote(q.start, q.end, q.open, q.close, run, q.double))
    return quotes


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per document (spaCy joins the tokens on every access)."""
    text = doc.user_data.get("kg_text")
    if text is None:
        text = doc.user_data["kg_text"] = doc.text
    return text


if not Doc.has_extension("quotes"):
    Doc.set_extension("quotes", default=None)


@Language.factory("kg_quotes", assigns=["doc._.quotes"], default_config={"rules": None})
def make_quotes(nlp: Language, name: str, rules: str | None) -> QuoteFinder:
    return QuoteFinder(rule_set(nlp, rules))


class QuoteFinder:
    """Pipeline component: ``doc._.quotes`` holds the ``Quote`` list of ``doc.text``."""

    def __init__(self, rules: str = "en"):
        self.rules = rules

    def __call__(self, doc: Doc) -> Doc:
        use(self.rules)
        doc._.quotes = find_quotes(doc_text(doc))
        return doc
