"""A spaCy pipeline package for the tests: the default pipeline plus a component that
raises on every document naming :data:`MARKER`, as a real fault in one article would,
and ends its process on every document naming :data:`CRASH`, as a crash in native code
or the memory killer would.

The ``faulty_model`` fixture (tests/test_faults.py) installs this module as the package
``kg_faulty_pipeline`` in a temporary folder on ``sys.path``: worker processes and Dask
workers start as fresh interpreters with the same ``sys.path``, and load it by name as
they load any pipeline (``spacy.load`` imports an installed pipeline package and calls
its ``load``), so the fault happens wherever extraction runs.
"""

from __future__ import annotations

import os

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from kg.nlp import DEFAULT_MODEL

#: Words no real article holds: a document naming MARKER fails in the pipeline, one
#: naming CRASH kills the process extracting it.
MARKER = "Zorblaxian"
CRASH = "Kraxxonite"


class InjectedFault(RuntimeError):
    """The error the faulty component raises."""


@Language.component("kg_test_fault")
def fault(doc: Doc) -> Doc:
    if MARKER in doc.text:
        raise InjectedFault(f"a document naming {MARKER}")
    if CRASH in doc.text:
        os._exit(70)  # no exception, no clean-up: the process is gone
    return doc


def load(**overrides) -> Language:
    nlp = spacy.load(DEFAULT_MODEL, **overrides)
    nlp.add_pipe("kg_test_fault")
    return nlp
