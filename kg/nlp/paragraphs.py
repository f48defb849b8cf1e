"""Paragraph breaks are sentence breaks: the ``kg_paragraphs`` component.

News copy puts a headline, a dateline or a quotation on a line of its own, often with no
closing punctuation ("The U.S. says it is crushing life out of the"). The parser would run
such a line into the next paragraph's sentence; this component, placed before the parser,
starts a sentence after every line break, and the parser respects it.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("kg_paragraphs")
def paragraph_breaks(doc: Doc) -> Doc:
    """Mark the first word after each line break as a sentence start."""
    newline = False  # a line break since the last word
    for tok in doc:
        if tok.is_space:
            newline = newline or "\n" in tok.text
            continue
        if newline and tok.i > 0:
            tok.is_sent_start = True
        newline = "\n" in tok.whitespace_
    return doc
