"""Robustness of the whole pipeline on generated news-like text (property-based, with
hypothesis): whatever the quotes, names, line breaks and stray characters, extraction
raises nothing and every offset it stores points at exactly the text it stores."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from kg.model import Document
from kg.nlp import extract

from .newslike import news_texts, offset_faults
from .pipeline import nlp as load

#: A modest run per test session, so CI stays fast; bench/fuzz_pipeline.py runs thousands.
EXAMPLES = 60


@pytest.fixture(scope="session")
def nlp():
    return load()


@settings(
    max_examples=EXAMPLES,
    deadline=None,  # the first text pays for spaCy's warm-up
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    report_multiple_bugs=False,  # one failure, raised as itself (not an ExceptionGroup)
)
@given(text=news_texts())
def test_extraction_of_news_like_text_raises_nothing_and_every_offset_reads_back(nlp, text):
    document = Document("fuzz.txt", text)
    [extraction] = extract(nlp, [document])
    assert offset_faults(document, extraction) == []


def test_offset_check_catches_a_claim_whose_text_is_not_at_its_offsets(nlp):
    document = Document("a.txt", '"The dam will hold," engineer Ruth Okafor said on Sunday.')
    [extraction] = extract(nlp, [document])
    claim = extraction.claims[0]
    assert offset_faults(document, extraction) == []
    extraction.claims[0] = type(claim)(**{**vars(claim), "start": claim.start + 1})
    assert offset_faults(document, extraction)[0].startswith(f"claim {claim.start + 1}-")
