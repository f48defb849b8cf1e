"""Shared fixtures: hand-built extractions (no NLP), stores in temporary folders, and the
bundled example articles built once per test session with the real spaCy pipeline."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg import api
from kg.model import Claim, Document, Entity, Extraction, Mention, Quantity
from kg.nlp.titles import read_title
from kg.rdf.store import LocalStore

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "articles"
#: The example gazetteer: the examples' own entities (ISIS and its other names ...).
GAZETTEER = EXAMPLES.parent / "gazetteer.csv"

TEXT = 'Defence Secretary James Mattis said "we are breaking them." Iraq agreed, he added.'


def make_extraction(doc_id: str = "a.txt", text: str = TEXT, date: str | None = "2017-12-27"):
    """One article: Mattis (with a title) makes a direct claim about Iraq holding a number."""
    mattis_at = text.index("James Mattis")
    iraq_at = text.index("Iraq")
    content_at = text.index("we are")
    content_end = text.index(".", content_at) + 1
    mattis = Entity(
        key="e0",
        label="James Mattis",
        cls="Person",
        names=("James Mattis", "Mattis"),
        mentions=(Mention(doc_id, mattis_at, mattis_at + 12, "James Mattis", "e0"),),
        titles=(read_title("Defence Secretary", doc_id, 0, 17),),
        id="person/james-mattis",
    )
    iraq = Entity(
        key="e1",
        label="Iraq",
        cls="Place",
        names=("Iraq",),
        mentions=(Mention(doc_id, iraq_at, iraq_at + 4, "Iraq", "e1"),),
        id="place/iraq",
    )
    claim = Claim(
        doc_id=doc_id,
        start=content_at,
        end=content_end,
        content=text[content_at:content_end],
        speaker="e0",
        speaker_start=mattis_at,
        speaker_end=mattis_at + 12,
        cue="said",
        kind="direct",
        cue_lemma="say",
        date=date,
        about=("e1",),
        quantities=(Quantity("we", content_at, content_at + 2, 1.0, about="e1"),),
    )
    return Extraction(Document(doc_id, text, date=date), [mattis, iraq], [claim])


@pytest.fixture
def extraction() -> Extraction:
    return make_extraction()


@pytest.fixture
def store(tmp_path):
    with LocalStore(tmp_path / "store", create=True) as s:
        yield s


@pytest.fixture(scope="session")
def one_article_store(tmp_path_factory) -> Path:
    """A store built by kg from one article (TEXT), closed; tests only read it."""
    folder = tmp_path_factory.mktemp("one-article")
    (folder / "a.txt").write_text(TEXT, encoding="utf-8")
    assert api.build([folder / "a.txt"], store=folder / "store", progress=False).added == 1
    return folder / "store"


@pytest.fixture(scope="session")
def examples_store(tmp_path_factory) -> Path:
    """The bundled example articles, built once with the real spaCy pipeline and the
    example gazetteer, as the README's first line builds them."""
    path = tmp_path_factory.mktemp("examples") / "store"
    report = api.build([EXAMPLES], store=path, progress=False, gazetteer=GAZETTEER)
    assert report.added == 3
    return path
