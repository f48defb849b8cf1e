"""Speakers: each claim's speaker mention resolved to one of the article's entities.

``kg_speakers`` resolves each speaker mention found by ``kg_claims`` (``doc._.raw_claims``)
to one of the article's entities (``doc._.claims``): names through the entity clusters,
pronouns by recency, number and gender among the people and organisations in play, and role
descriptions (``the Pentagon chief``) through the titles the article gives its people, with
a table of role synonyms.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from kg.model import DIRECT
from kg.nlp import lexicon as lx
from kg.nlp.attribution import (
    RawClaim,
    ResolvedClaim,
    document_author,
    inside_quotes,
    noun_phrase,
)
from kg.nlp.entities import EntityCluster, norm_name
from kg.nlp.quotes import doc_text


def _concepts(text: str) -> set[str]:
    words = [w.strip(".,").lower() for w in text.replace("-", " ").split()]
    return {lx.ROLE_CONCEPTS.get(w, w) for w in words if w and w not in ("the", "of", "a")}


def _someone_elses_role(head: Token) -> bool:
    """``a spokesman``, ``the governor's spokesman``, ``a spokesperson for the department``:
    an unnamed holder of a role, not a person the article has named."""
    return any(
        c.dep_ == "poss" or c.dep_ in ("det", "nummod") and c.lower_ not in ("the", "this")
        or c.dep_ == "prep" and c.lower_ in ("for", "to")
        for c in head.children
    )


class SpeakerResolver:
    """Resolves speaker mentions of one document to its entity clusters, in text order."""

    def __init__(self, doc: Doc):
        self.doc = doc
        if doc._.entities is None:
            doc._.entities = []
        self.clusters: list[EntityCluster] = doc._.entities  # descriptions are added to it
        self.entity_at: dict[int, int] = doc._.entity_at or {}
        self.inside = inside_quotes(doc)
        # salient entities: subjects outside quotations, by position
        self.subjects: list[tuple[int, int]] = sorted(
            (t.idx, self.entity_at[t.i]) for t in doc
            if t.i in self.entity_at and t.dep_ in lx.SUBJ_DEPS and t.i not in self.inside
        )
        self.speakers: list[tuple[int, int]] = []

    def _compatible(self, idx: int, pron: str) -> bool:
        cl = self.clusters[idx]
        number, gender = lx.PRONOUNS.get(pron, (None, None))
        if gender in ("male", "female"):
            return cl.cls == "Person" and cl.gender in (None, gender)
        if gender == "neuter" or number == "plur":
            return cl.cls != "Person"  # "it", "they": an organisation or a group
        return True

    def _latest(self, pos: int, ok) -> int | None:
        pool = sorted(self.speakers + self.subjects)
        before = [i for p, i in pool if p < pos and ok(i)]
        if before:
            return before[-1]
        after = [i for p, i in pool if p > pos and ok(i)]
        return after[0] if after else None

    def _by_title(self, span: Span) -> int | None:
        want = _concepts(span.text)
        strong = want - lx.WEAK_ROLE_CONCEPTS
        best, best_score = None, 0
        for n, cl in enumerate(self.clusters):
            if cl.cls != "Person":
                continue
            have = set().union(*[_concepts(t) for t, _, _ in cl.titles]) if cl.titles else set()
            score = len(want & have)
            if strong & have and score > best_score:
                best, best_score = n, score
        return best

    def _new_cluster(self, span: Span, cls: str) -> int:
        """An entity for a speaker the article never names (``two GOP aides``)."""
        words = [t for t in span if t.dep_ != "det" and not t.is_space]
        label = span.doc[words[0].i:words[-1].i + 1].text if words else span.text.strip()
        key = f"description:{norm_name(label)}"
        for n, cl in enumerate(self.clusters):
            if cl.key == key:
                cl.mentions.append((span.start_char, span.end_char))
                return n
        self.clusters.append(EntityCluster(label=label, cls=cls, key=key,
                                           mentions=[(span.start_char, span.end_char)]))
        return len(self.clusters) - 1

    def resolve(self, span: Span) -> int | None:
        """The cluster a speaker mention stands for, or None."""
        head = span.root
        pos = span.start_char
        if head.lemma_.lower() in lx.DOCUMENT_NOUNS:
            author = document_author(head)
            if author is not None:  # "the coalition email": who wrote it
                return self.resolve(noun_phrase(author))
        # "the Pentagon chief" is one person; "two GOP aides" a group of their own
        is_role = (head.lower_ in lx.ROLE_NOUNS or head.lemma_.lower() in lx.ROLE_NOUNS) and (
            head.tag_ not in ("NNS", "NNPS"))
        if head.i in self.entity_at:
            own = self.entity_at[head.i]
            if self.clusters[own].named or self.clusters[own].cls != "Organization":
                return own
            # "the newspaper said" with no newspaper named: like "it", the organisation
            # in play, if there is one
            found = self._latest(pos, lambda i: self.clusters[i].cls == "Organization"
                                 and self.clusters[i].named)
            return own if found is None else found
        for c in head.children:  # "The governor's spokesman, Mark Reyes, said"
            if c.dep_ == "appos" and c.i in self.entity_at:
                return self.entity_at[c.i]
        if is_role and _someone_elses_role(head):
            return self._new_cluster(span, "Person")
        ids = [self.entity_at[t.i] for t in span if t.i in self.entity_at]
        if ids and not is_role and head.tag_ not in ("NNS", "NNPS"):
            return ids[-1]
        if len(span) == 1 and span[0].lower_ in lx.PRONOUNS:
            pron = span[0].lower_
            return self._latest(pos, lambda i: self._compatible(i, pron))
        if is_role:
            # "the Pentagon chief": the person whose title says so, else the person
            # speaking around it
            found = self._by_title(span)
            if found is None:
                found = self._latest(pos, lambda i: self.clusters[i].cls == "Person")
            return found if found is not None else self._new_cluster(span, "Person")
        name = norm_name(span.text)
        last = name.split(" ")[-1] if name else ""
        orgs = [n for n, cl in enumerate(self.clusters) if cl.cls != "Person"
                and (norm_name(cl.label) == name or cl.key.split(" ")[-1] == last
                     or norm_name(cl.label).split(" ")[-1] == last)]
        if orgs:
            return orgs[0]
        if head.pos_ in ("NOUN", "PROPN"):
            # a named individual is a person; a plural or common noun, a group
            person = head.pos_ == "PROPN" and head.tag_ != "NNPS"
            return self._new_cluster(span, "Person" if person else "Organization")
        return None

    def _sayable(self, c: RawClaim) -> bool:
        """Long enough to be someone's words when no speaker is found for it."""
        return len(doc_text(self.doc)[c.start:c.end].split()) >= lx.MIN_UNRESOLVED_WORDS

    def run(self, raw: list[RawClaim]) -> list[ResolvedClaim]:
        """Resolve every claim's speaker; claims with none inherit the one around them."""
        hits: dict[int, tuple[int, int, int]] = {}
        for c in sorted(raw, key=lambda c: c.speaker.start_char if c.speaker else c.start):
            idx = self.resolve(c.speaker) if c.speaker is not None else None
            if idx is not None:
                self.speakers.append((c.speaker.start_char, idx))
                hits[id(c)] = (idx, c.speaker.start_char, c.speaker.end_char)
        resolved: list[ResolvedClaim] = []
        pending: list[RawClaim] = []  # quotations before any attribution
        last: ResolvedClaim | None = None
        for c in raw:
            hit = hits.get(id(c))
            if hit is not None:
                lemma = c.cue.lemma_.lower() if c.cue is not None else None
                if c.cue_text == "according to":
                    lemma = "according to"
                cue_at = (c.cue.idx, c.cue.idx + len(c.cue)) if c.cue is not None else (None,
                                                                                       None)
                if c.cue_text == "according to" and c.cue is not None:
                    cue_at = (c.cue.idx, c.cue.idx + len("according to"))
                last = ResolvedClaim(c.start, c.end, c.kind, c.cue_text, lemma, *hit, *cue_at,
                                     act=c.act)
                resolved.append(last)
                resolved += [replace(last, start=p.start, end=p.end, kind=p.kind)
                             for p in pending]
                pending = []
            elif c.inherit and last is not None:
                resolved.append(replace(last, start=c.start, end=c.end, kind=c.kind))
            elif c.inherit:
                pending.append(c)
            elif c.kind == DIRECT and self._sayable(c):  # a claim even with no speaker found
                resolved.append(_unresolved(c))
        resolved += [_unresolved(p) for p in pending if self._sayable(p)]
        return sorted(resolved, key=lambda c: (c.start, c.end))


def _unresolved(c: RawClaim) -> ResolvedClaim:
    """A claim whose speaker is not found (``speaker`` None), kept and counted as such."""
    cue_at = (c.cue.idx, c.cue.idx + len(c.cue)) if c.cue is not None else (None, None)
    lemma = c.cue.lemma_.lower() if c.cue is not None else None
    return ResolvedClaim(c.start, c.end, c.kind, c.cue_text, lemma, None, None, None, *cue_at,
                         act=c.act)


@Language.factory("kg_speakers", assigns=["doc._.claims"],
                  requires=["doc._.raw_claims", "doc._.entities"], default_config={})
def make_speakers(nlp: Language, name: str) -> SpeakerFinder:
    return SpeakerFinder()


class SpeakerFinder:
    """Pipeline component: ``doc._.claims``, claims whose speakers are entity clusters."""

    def __call__(self, doc: Doc) -> Doc:
        doc._.claims = SpeakerResolver(doc).run(doc._.raw_claims or [])
        return doc
