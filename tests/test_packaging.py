"""kg as an installed spaCy plugin: components found by name, pipelines saved and loaded."""

from __future__ import annotations

import json
import subprocess
import sys

from kg.model import Document, extraction_to_dict
from kg.nlp import extract

from .pipeline import nlp as load

TEXT = (
    'Defence Secretary James Mattis said "ISIS has lost almost all of its ground." '
    "Mattis told reporters the coalition would stay, according to the Pentagon."
)


def fresh_python(code: str, cwd) -> str:
    """Run ``code`` in a new interpreter that has not imported kg; return its stdout."""
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_our_components_are_found_by_name_without_importing_kg(tmp_path):
    out = fresh_python(
        "import sys, spacy\n"
        "nlp = spacy.blank('en')\n"
        "nlp.add_pipe('kg_paragraphs'); nlp.add_pipe('kg_quotes')\n"
        "doc = nlp('\"We won,\" she said.')\n"
        "print(len(doc._.quotes), 'kg' in sys.modules)\n",
        tmp_path,
    )
    # found through the spacy_factories entry points, which import kg.nlp only then
    assert out.split() == ["1", "True"]


def test_a_pipeline_saved_with_our_components_loads_and_extracts_the_same(tmp_path):
    nlp = load()
    nlp.to_disk(tmp_path / "pipeline")
    [before] = extract(nlp, [Document("a.txt", TEXT)])
    out = fresh_python(
        "import json, spacy\n"
        f"nlp = spacy.load({str(tmp_path / 'pipeline')!r})\n"
        "from kg.model import Document, extraction_to_dict\n"
        "from kg.nlp import extract\n"
        f"[x] = extract(nlp, [Document('a.txt', {TEXT!r})])\n"
        "print(nlp.pipe_names)\n"
        "print(json.dumps(extraction_to_dict(x)))\n",
        tmp_path,
    )
    names, data = out.splitlines()
    assert names == str(nlp.pipe_names)
    assert json.loads(data) == json.loads(json.dumps(extraction_to_dict(before)))
    assert before.claims  # something to compare


def test_a_pipeline_for_another_language_is_refused_with_the_reason(tmp_path):
    import pytest
    import spacy

    from kg.nlp import load_pipeline

    spacy.blank("de").to_disk(tmp_path / "german")
    with pytest.raises(ValueError, match="for language 'de'.*English pipeline"):
        load_pipeline(str(tmp_path / "german"))


def test_a_component_setting_is_saved_with_the_pipeline_and_acts_after_loading(tmp_path):
    import spacy

    from kg.nlp import DEFAULT_MODEL

    text = 'The town was quiet.\n\n"Nobody knows where the money went in the end."'
    nlp = spacy.load(DEFAULT_MODEL)
    nlp.add_pipe("kg_paragraphs", before="parser")
    for name in ("kg_quotes", "kg_entities", "kg_claims"):
        nlp.add_pipe(name)
    nlp.add_pipe("kg_speakers", config={"min_unresolved_words": 20})
    nlp.to_disk(tmp_path / "strict")
    out = fresh_python(
        "import spacy\n"
        f"nlp = spacy.load({str(tmp_path / 'strict')!r})\n"
        "print(nlp.get_pipe_config('kg_speakers')['min_unresolved_words'])\n"
        f"print(len(nlp({text!r})._.claims))\n",
        tmp_path,
    )
    assert out.split() == ["20", "0"]
    [default] = extract(load(), [Document("a.txt", text)])
    assert [c.speaker for c in default.claims] == [None]  # kept, unresolved, by default
