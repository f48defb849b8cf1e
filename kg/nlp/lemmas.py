"""spaCy's rule lemmatizer, asked once per distinct word form rather than once per token.

spaCy's ``Lemmatizer`` in rule mode gives a token's lemma from its text, its part of
speech and its morphology alone (``rule_lemmatize``, which caches its main path under
that key), but for a form not seen before it tests each candidate lemma against its
index of known words, a list of up to 57,000 words per part of speech, one by one: a
tenth of the pipeline's time on news text. :func:`cache_lemmas` gives the pipeline's
lemmatizer a ``__call__`` that reads the three keys from one array per document and,
for a key not seen before, runs spaCy's own ``rule_lemmatize`` on a copy of the
lemmatizer whose index holds the same words as sets; so every lemma is the one spaCy
gives, and the pipeline's own tables (what ``nlp.to_disk`` saves) are left as they are.
"""

from __future__ import annotations

from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.errors import Errors
from spacy.language import Language
from spacy.lookups import Lookups, Table
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc

#: Keys remembered at most: past it the lemmatizer starts again from none, so that a
#: long build's memory does not grow with every new word.
CACHE_LIMIT = 100_000


def cache_lemmas(nlp: Language) -> None:
    """Make the pipeline's rule lemmatizer answer each (text, part of speech, morphology)
    once per process; any other lemmatizer is left as it is."""
    for _, proc in nlp.pipeline:
        if isinstance(proc, Lemmatizer) and proc.mode == "rule":
            proc.__class__ = _cached_class(type(proc))


_CACHED: dict[type, type] = {}


def _cached_class(base: type) -> type:
    """``base`` (spaCy's lemmatizer class for the language) with the cached ``__call__``."""
    if base not in _CACHED:
        _CACHED[base] = type(f"Cached{base.__name__}", (base,), {"__call__": _call})
    return _CACHED[base]


def _call(self: Lemmatizer, doc: Doc) -> Doc:
    """``Lemmatizer.__call__``: the lemma of each token whose lemma is not set (or of every
    token with ``overwrite``), from ``self.lemmatize``, looked up by its key once."""
    if not self._validated:
        self._validate_tables(Errors.E1004)
    try:
        lemmas = getattr(self, "_kg_lemmas", None)
        if lemmas is None:
            lemmas = self._kg_lemmas = {}
            self._kg_indexed = _indexed(self)
        if len(lemmas) > CACHE_LIMIT:  # memory that does not grow with every new word
            lemmas.clear()
            self._kg_indexed.cache.clear()
        strings = doc.vocab.strings
        array = doc.to_array([ORTH, POS, MORPH, LEMMA])
        for i, (orth, pos, morph, lemma) in enumerate(array.tolist()):
            if self.overwrite or lemma == 0:
                key = (orth, pos, morph)
                found = lemmas.get(key)
                if found is None:
                    found = self._kg_indexed.rule_lemmatize(doc[i])[0]
                    found = lemmas[key] = strings.add(found)
                array[i, 3] = found
        doc.from_array([LEMMA], array[:, 3:4])
        return doc
    except Exception as e:
        self.get_error_handler()(self.name, self, [doc], e)


def _indexed(lemmatizer: Lemmatizer) -> Lemmatizer:
    """A lemmatizer of the same class, vocabulary and tables as ``lemmatizer``, but with
    each part of speech's index of known words as a frozenset (the same words, tested in
    one step)."""
    lookups = Lookups()
    for name in lemmatizer.lookups.tables:
        table = lemmatizer.lookups.get_table(name)
        if name == "lemma_index":
            indexed = Table(name)
            for key, words in table.items():
                indexed[key] = frozenset(words)
            table = indexed
        lookups.set_table(name, table)
    copy = type(lemmatizer)(lemmatizer.vocab, None, lemmatizer.name, mode="rule")
    copy.lookups = lookups
    return copy
