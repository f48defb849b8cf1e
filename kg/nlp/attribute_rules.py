"""spaCy's attribute ruler, matching its one-word patterns once per distinct word.

The ``attribute_ruler`` of the English pipelines maps tags to parts of speech and
morphology with 179 patterns, 171 of them of one token, and spaCy's ``Matcher`` tries
every pattern at every token: a tenth of the pipeline's time on news text. Whether a
one-token pattern matches a token depends on the attributes the pattern tests alone
(its tag, lower-case form, dependency label, whether it is white space), so
:func:`cache_attribute_rules` gives the ruler a ``match`` that reads those attributes
from one array per document, runs the one-token patterns (spaCy's ``Matcher``, on the
token) once per distinct combination, and the longer patterns over the document as
before. The matches, and so every attribute set, are the ones spaCy's ruler finds.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

#: Combinations remembered at most: past it the ruler starts again from none, so that a
#: long build's memory does not grow with every new word.
CACHE_LIMIT = 100_000

#: Token attributes a one-token pattern may test for its match to be answered by the
#: attributes' values alone (they are the token's own, not its neighbours').
TOKEN_ATTRIBUTES = frozenset({"ORTH", "LOWER", "NORM", "TAG", "POS", "DEP", "IS_SPACE"})


def cache_attribute_rules(nlp: Language) -> None:
    """Make the pipeline's attribute ruler match each distinct word's one-token patterns
    once per process, where every one-token pattern tests only
    :data:`TOKEN_ATTRIBUTES`; otherwise leave it as it is."""
    for _, proc in nlp.pipeline:
        if type(proc) is AttributeRuler and _split(proc) is not None:
            proc.__class__ = CachedAttributeRuler


def _split(ruler: AttributeRuler) -> tuple[Matcher, Matcher, list[str]] | None:
    """(a matcher of the ruler's one-token patterns, one of its other patterns, the
    attributes the one-token patterns test), each pattern under the ruler's own key;
    None if a one-token pattern tests anything else or has an operator."""
    strings = ruler.vocab.strings
    single, multi = Matcher(ruler.vocab), Matcher(ruler.vocab)
    tested: set[str] = set()
    for n in range(len(ruler.attrs)):
        key = strings[str(n)]
        found = ruler.matcher.get(key)
        if found is None:
            continue
        for pattern in found[1]:
            if len(pattern) == 1:
                if not set(pattern[0]) <= TOKEN_ATTRIBUTES:
                    return None
                tested |= set(pattern[0])
                single.add(key, [pattern])
            else:
                multi.add(key, [pattern])
    return single, multi, sorted(tested)


class CachedAttributeRuler(AttributeRuler):
    """``AttributeRuler`` whose ``match`` answers one-token patterns once per distinct
    combination of the attributes they test (see the module's docstring)."""

    def match(self, doc: Doc):
        state = self.__dict__.get("_kg_state")
        if state is None:
            state = self._kg_state = (*_split(self), {})
        single, multi, tested, seen = state
        if len(seen) > CACHE_LIMIT:
            seen.clear()
        matches = []
        if tested and len(doc):
            rows = doc.to_array(tested).reshape(len(doc), -1).tolist()
            for i, values in enumerate(map(tuple, rows)):
                keys = seen.get(values)
                if keys is None:
                    keys = seen[values] = [
                        m_id for m_id, _, _ in single(doc[i : i + 1], allow_missing=True)
                    ]
                matches.extend((m_id, i, i + 1) for m_id in keys)
        matches.extend(multi(doc, allow_missing=True, as_spans=False))
        # as AttributeRuler.match: by the attribute's number, so later rules take precedence
        matches = [(int(self.vocab.strings[m_id]), m_id, s, e) for m_id, s, e in matches]
        matches.sort()
        return matches
