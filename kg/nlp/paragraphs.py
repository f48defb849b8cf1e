"""Paragraph breaks are sentence breaks: the ``kg_paragraphs`` component.

News copy puts a headline, a dateline or a quotation on a line of its own, often with no
closing punctuation ("The U.S. says it is crushing life out of the"). The parser would run
such a line into the next paragraph's sentence; this component, placed before the parser,
starts a sentence after every line break, and the parser respects it.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from kg.nlp.quotes import doc_text


@Language.component("kg_paragraphs", assigns=["token.is_sent_start"])
def paragraph_breaks(doc: Doc) -> Doc:
    """Mark the first word after each line break as a sentence start."""
    text = doc_text(doc)
    end = 0  # where the last word ends: a line break since then starts a sentence
    # offsets from one array rather than a Token object per token (a whitespace token's
    # own trailing whitespace is at most a space, so the text between words is all of it)
    for i, (idx, length, space) in enumerate(doc.to_array(["IDX", "LENGTH", "IS_SPACE"]).tolist()):
        if space:
            continue
        if i > 0 and text.find("\n", end, idx) != -1:
            doc[i].is_sent_start = True
        end = idx + length
    return doc
