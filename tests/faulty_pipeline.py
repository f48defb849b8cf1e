"""A spaCy pipeline package for the tests: the default pipeline plus a component that
raises on every document naming :data:`MARKER`, as a real fault in one article would.

The ``faulty_model`` fixture (tests/test_faults.py) installs this module as the package
``kg_faulty_pipeline`` in a temporary folder on ``sys.path``: worker processes and Dask
workers start as fresh interpreters with the same ``sys.path``, and load it by name as
they load any pipeline (``spacy.load`` imports an installed pipeline package and calls
its ``load``), so the fault happens wherever extraction runs.
"""

from __future__ import annotations

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from kg.nlp import DEFAULT_MODEL

#: A word no real article holds: a document naming it fails in the pipeline.
MARKER = "Zorblaxian"


class InjectedFault(RuntimeError):
    """The error the faulty component raises."""


@Language.component("kg_test_fault")
def fault(doc: Doc) -> Doc:
    if MARKER in doc.text:
        raise InjectedFault(f"a document naming {MARKER}")
    return doc


def load(**overrides) -> Language:
    nlp = spacy.load(DEFAULT_MODEL, **overrides)
    nlp.add_pipe("kg_test_fault")
    return nlp
