"""Attribution: which stretch of text is a claim, on which cue, resting on which speaker.

``kg_claims`` finds claims and the speaker mention each rests on (``doc._.raw_claims``):

- direct quotations attributed by a cue after them (``"...," Mattis said.``,
  ``"...," said Mattis.``), before them (``Mattis said: "..."``), or around them (a
  partial quote inside a sentence whose cue governs it: ``outlining the goal that
  fighters "do not survive the fight."``); quotations with no cue of their own take the
  attribution of the quotation run they belong to (a quotation over several paragraphs),
  of the quotation before them in the paragraph (``"...," he said. "..."``), or of the
  speaker around them (a paragraph that is only a quotation);
- reported speech: the clause a cue verb governs (``X said (that) ...``), including
  clause-final reporting (``In Libya, the coalition struck ..., he said.``) and chained,
  participial cues (``..., adding that ...``, ``noting that ...``, ``saying ...``), each
  chained cue a claim of its own, cut out of the clause it hangs on;
- ``according to X`` and written statements (``a statement from the coalition read``).

The speakers are resolved to entities by ``kg_speakers`` (:mod:`kg.nlp.speakers`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy
from spacy.attrs import LOWER, POS, TAG
from spacy.language import Language
from spacy.symbols import AUX, VERB
from spacy.tokens import Doc, Span, Token

from kg.model import ACCORDING_TO, DIRECT, FINDING, INDIRECT, STATEMENT
from kg.nlp.quotes import Quote, doc_text
from kg.nlp.rules import active as lx
from kg.nlp.rules import rule_set, use


@dataclass(frozen=True)
class ClaimSettings:
    """The thresholds ``kg_claims`` works with: its spaCy config (``nlp.add_pipe("kg_claims",
    config={"cue_window": 15})``), saved with a pipeline and loaded back with it."""

    #: Share of a reported clause inside quotation marks above which it is that quotation.
    mostly_quoted: float = 0.8
    #: A reported clause ends before the final punctuation a quotation inside it keeps.
    quote_end_slack: int = 2
    #: How far a cue may stand from the quotation it reports, in words.
    cue_window: int = 12


DEFAULT_SETTINGS = ClaimSettings()

for _name in ("raw_claims", "claims"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


@dataclass
class RawClaim:
    """A claim found in the text, before its speaker is resolved to an entity."""

    start: int
    end: int
    kind: str
    cue: Token | None
    speaker: Span | None
    cue_text: str = ""
    run: int | None = None  # the quotation run of a direct claim
    inherit: bool = False  # attribution to be taken from the claims around it
    act: str = STATEMENT  # what kind of attribution (kg.model.ACTS), from the cue


@dataclass
class ResolvedClaim:
    """A claim whose speaker is an entity cluster of the article (``doc._.entities``)."""

    start: int
    end: int
    kind: str
    cue: str
    cue_lemma: str | None
    speaker: int | None  # None: a quotation whose speaker was not found
    speaker_start: int | None
    speaker_end: int | None
    cue_start: int | None = None
    cue_end: int | None = None
    act: str = STATEMENT


def attribution_act(cue: Token | None, cue_text: str, speaker: Span | None) -> str:
    """What kind of attribution a claim is (one of :data:`kg.model.ACTS`).

    ``according to X`` is its own kind; a claim resting on evidence (``the study says``,
    ``polls show``) is a finding whatever its verb; otherwise the cue's lemma decides
    (:data:`~kg.nlp.rules.en.CUE_ACTS`), and a cue not listed makes a plain statement.

    >>> attribution_act(None, "according to", None)
    'according-to'
    """
    if cue_text == "according to" or cue is not None and cue.lower_ == "by":
        return ACCORDING_TO  # "by early reports, ...": the same attribution
    if speaker is not None and (
        speaker.root.lemma_.lower() in lx.EVIDENCE_NOUNS or speaker.root.lower_ in lx.EVIDENCE_NOUNS
    ):
        return FINDING
    if cue is None:
        return STATEMENT
    lemma = cue.lemma_.lower()
    if (
        lemma in lx.OBJECT_CONTROL_CUES
        and any(
            c.dep_ in ("xcomp", "ccomp") and any(a.lower_ == "to" for a in c.children)
            for c in cue.children
        )
        or lemma == "ask"
        and any(c.dep_ == "prep" and c.lower_ == "for" for c in cue.children)
    ):
        return "call"  # "asked residents to stay home", "asked for calm": a request
    if lemma in lx.STANCE_CUES and any(
        c.dep_ == "dobj" and c.lemma_.lower() in lx.STANCE_NOUNS for c in cue.children
    ):
        return "belief"  # "expressed a desire to ...": a position made public
    if lemma in lx.ACT_PREPS and not any(
        c.dep_ == "prep" and c.lower_ in lx.ACT_PREPS[lemma] for c in cue.children
    ):
        return STATEMENT  # "called the plan reckless" names; "called on X to" asks
    return lx.CUE_ACTS.get(lemma, STATEMENT)


# ---------------------------------------------------------------- cues and speakers


def is_cue(tok: Token) -> bool:
    """A verb that reports speech: ``said``, or ``read`` with a document as its subject.

    A passive participle is not a cue: in ``Asked about the deal, Smith said`` and
    ``Johnson, asked whether ...`` Smith and Johnson are the ones spoken to.
    """
    if tok.pos_ not in ("VERB", "AUX"):
        return False
    if (
        tok.tag_ == "VBN"
        and not any(c.dep_ in ("aux", "auxpass") for c in tok.children)
        and (
            tok.dep_ == "advcl"
            or tok.dep_ in ("acl", "relcl")
            and tok.i > 0
            and tok.nbor(-1).text == ","
        )
    ):
        return False
    lemma = tok.lemma_.lower()
    if lemma in lx.FINDING_CUES and not any(c.dep_ == "nsubj" for c in tok.children):
        return False  # "to determine if ...": a purpose, not a finding
    if lemma in lx.NOT_SPEECH_WITH_PREP and any(
        c.dep_ == "prep" and c.lower_ == lx.NOT_SPEECH_WITH_PREP[lemma] for c in tok.children
    ):
        return False
    if lemma in lx.CUE_VERBS:
        return True
    return lemma in lx.DOCUMENT_CUES and any(
        c.dep_ in lx.SUBJ_DEPS and c.lemma_.lower() in lx.DOCUMENT_NOUNS for c in tok.children
    )


def noun_phrase(tok: Token) -> Span:
    """The speaker mention headed by ``tok``: its name, or its noun phrase up to the head
    (``the U.S. defence chief``), without relative clauses or appositions."""
    doc = tok.doc
    ent_at = doc._.entity_at or {}
    if tok.i in ent_at:
        idx = ent_at[tok.i]
        start = end = tok.i
        while start - 1 >= 0 and ent_at.get(start - 1) == idx and doc[start - 1].head == tok:
            start -= 1
        while end + 1 < len(doc) and ent_at.get(end + 1) == idx:
            end += 1
        if doc[start].lower_ == "et" and start >= 1 and not doc[start - 1].is_punct:
            start -= 1  # "Smith et al", the name itself left out of the entity
        return doc[start : end + 1]
    left = [
        c.i
        for c in tok.lefts
        if c.dep_ in ("det", "compound", "amod", "poss", "nmod", "nummod", "npadvmod")
    ]
    start = min([tok.i] + left)
    start = min([t.i for t in doc[start].subtree] + [start]) if left else start
    while start < tok.i and (doc[start].is_space or doc[start].is_punct):
        start += 1
    end = tok.i + 1
    if tok.lower_ in lx.ET_AL[1] and start >= 2 and doc[tok.i - 1].lower_ == lx.ET_AL[0]:
        start = min(start, tok.i - 2)  # "Smith et al"
    if tok.lemma_.lower() in lx.PARTITIVE_WORDS:  # "a number of senators", "some of them"
        of = next((c for c in tok.rights if c.dep_ == "prep" and c.lower_ == "of"), None)
        if of is not None and of.i == end:
            end = of.right_edge.i + 1
    if tok.lemma_.lower() in lx.ROLE_NOUNS:  # "a spokesperson for the Justice Department"
        for c in tok.rights:
            if c.dep_ == "prep" and c.lower_ in lx.ROLE_PREPS and c.i == end:
                end = c.right_edge.i + 1
    return doc[start:end]


def document_author(tok: Token) -> Token | None:
    """The author of a document noun: ``statement from the coalition``, ``the coalition
    email``, ``the ministry's statement``. A document noun inside a name (``Associated
    Press``, ``Detroit Free Press``) is no document: the name is the author."""
    if tok.i in (tok.doc._.entity_at or {}):
        return None
    preps = [c for c in tok.children if c.dep_ in ("prep", "agent")]
    # "a report released Tuesday by the GAO": the author hangs off the participle
    preps += [
        p
        for c in tok.children
        if c.dep_ == "acl"
        for p in c.children
        if p.dep_ in ("prep", "agent")
    ]
    for c in preps:
        if c.lower_ in lx.SOURCE_PREPS:
            for p in c.children:
                if p.dep_ == "pobj":
                    return p
    for c in tok.children:  # "the ministry's statement", "the coalition email"
        if c.dep_ in ("poss", "compound") and (
            c.pos_ == "PROPN" or c.ent_type_ or c.lemma_.lower() in lx.ORG_NOUNS
        ):
            return c
    return None


def speaker_of(tok: Token) -> Span | None:
    """The speaker mention of a noun heading a cue's subject or an ``according to``."""
    if tok.lower_ in lx.DOCUMENT_NOUNS or tok.lemma_.lower() in lx.DOCUMENT_NOUNS:
        # the attribution rests on the document and its author ("an emailed statement
        # from the coalition"); the author is the entity it resolves to
        author = document_author(tok)
        own = noun_phrase(tok)
        if author is None:
            return own
        by = noun_phrase(author)
        return tok.doc[min(own.start, by.start) : max(own.end, by.end)]
    if (
        tok.pos_ not in ("PROPN", "NOUN", "PRON", "X")
        and not tok.ent_type_
        and (tok.lower_ not in lx.PARTITIVE_WORDS)
        and (tok.i not in (tok.doc._.entity_at or {}))
    ):
        return None
    return noun_phrase(tok)


def cue_speaker(cue: Token) -> Span | None:
    """The speaker of a cue: its subject, or that of the cue it continues.

    A participle (``adding``, ``noting``, ``saying``) has no subject of its own: it takes
    the subject of the nearest cue verb it hangs from. A cue in an ``xcomp`` (``he was
    known to tell``) takes the subject of its governing verb.
    """
    if cue.dep_ == "acl" and cue.tag_ == "VBG" and cue.head.pos_ in ("NOUN", "PROPN"):
        return speaker_of(cue.head)  # "with local media reporting ...": the media's words
    tok = cue
    fallback = None
    chained = True  # still on the chain of clauses the cue continues
    for _ in range(8):
        if (
            tok.dep_ == "relcl"
            and any(c.dep_ in lx.SUBJ_DEPS and c.tag_ in ("WDT", "WP") for c in tok.children)
            and (tok == cue or is_cue(tok))
            and (
                not any(
                    c.dep_ in lx.SUBJ_DEPS and c.tag_ not in ("WDT", "WP") for c in tok.children
                )
            )
        ):  # "which the paper reported": the paper's
            return speaker_of(tok.head)  # "Greenwich, who said ...": the one the clause is about
        if (
            tok.lower_ == "as"
            and tok.dep_ == "prep"
            and tok.head.lemma_.lower() in (lx.QUOTING_VERBS)
        ):
            quoted = next((c for c in tok.head.children if c.dep_ == "dobj"), None)
            if quoted is not None:  # "Politico quoted Manning as saying": Manning's words
                return speaker_of(quoted)
        subj = [
            c
            for c in tok.children
            if c.dep_ in lx.SUBJ_DEPS
            and c.dep_ != "csubj"
            and c.tag_ not in ("WDT", "WP")  # "that", "who": a relative clause's
            and c.i not in inside_quotes(cue.doc)
        ]  # a word of the quotation it reports
        if subj:
            # "said study co-author Karen Alley", "Member of parliament Kevin Conolly said":
            # of the subjects the parser gives, a name first, then the one nearest the cue
            ent_at = cue.doc._.entity_at or {}
            subj.sort(key=lambda c: (c.i not in ent_at and c.pos_ != "PROPN", abs(c.i - tok.i)))
            found = speaker_of(subj[0])
            if tok == cue or is_cue(tok) or cue.dep_ == "xcomp" and tok == cue.head:
                return found
            if chained:
                fallback = fallback or found
        if tok.head == tok:
            break
        # "continued by announcing": a cue in a prepositional phrase is its verb's
        chained = chained and tok.dep_ in lx.CHAIN_DEPS | {"ccomp", "xcomp", "pcomp", "prep"}
        tok = tok.head
    return fallback


# ---------------------------------------------------------------- reported speech


def _trim_tokens(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Token range without the leading ``that`` and the punctuation or space at its ends."""
    while start < end and (
        doc[start].is_punct
        or doc[start].is_space
        or doc[start].lower_ == "that"
        and doc[start].dep_ == "mark"
    ):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return start, end


def _journalist_conjunct(tok: Token, root: Token, cue: Token | None) -> bool:
    """``X estimated that A remained, and now B survive``: under a past-tense cue a
    reported clause is back-shifted; a coordinated clause in the present tense, with a
    subject of its own, is the writer's voice, not the speaker's."""
    return (
        cue is not None
        and cue.tag_ in ("VBD", "VBN")
        and tok.dep_ == "conj"
        and tok.head == root
        and root.tag_ in ("VBD", "VBN")
        and tok.tag_ not in ("VBD", "VBN", "MD")
        and not any(c.dep_ in ("aux", "auxpass") for c in tok.children)
        and any(c.dep_ in lx.SUBJ_DEPS for c in tok.children)
    )


def _chained(tok: Token, root: Token) -> bool:
    """A cue that continues another (``..., adding that``): its own claim, cut out."""
    if tok.dep_ == "acl" and tok.tag_ == "VBN":
        return False  # "36 people believed to have been involved": a noun's modifier
    if (
        tok.dep_ == "conj"
        and tok.tag_ not in ("VBG", "VBN")
        and not any(c.dep_ in ("ccomp", "parataxis") for c in tok.children)
    ):
        return False  # "Iran issued warrants and demanded ...": the clause goes on
    return (
        tok != root
        and is_cue(tok)
        and tok.dep_ in lx.CHAIN_DEPS
        and (tok.tag_ in ("VBG", "VBN") or tok.dep_ == "conj")
    )


def _clause_span(roots: list[Token], stop: Token | None = None) -> tuple[int, int] | None:
    """Token range covered by clauses ``roots``, cut before any chained cue they carry
    and before ``stop`` (the cue itself, when the clause comes first)."""
    doc = roots[0].doc
    start = min(t.left_edge.i for t in roots)
    end = max(t.right_edge.i for t in roots) + 1
    # "said in a statement that ...": the clause starts after its complementizer
    marks = [c.i for r in roots for c in r.children if c.dep_ == "mark" and c.lower_ == "that"]
    if marks and min(marks) > start:
        start = min(marks)
    for root in roots:
        for t in root.subtree:
            if (
                _chained(t, root)
                or _journalist_conjunct(t, root, stop)
                or t.lower_ == "according"
                and t.dep_ == "prep"
            ) and t.i > start:
                cut = t.left_edge.i
                while cut > start and (
                    doc[cut - 1].is_punct or doc[cut - 1].is_space or doc[cut - 1].dep_ in ("cc",)
                ):
                    cut -= 1
                end = min(end, cut)
    if stop is not None and start < stop.i < end:
        if all(r.i > stop.i for r in roots):
            start = stop.i + 1  # "which analysts say could ...": the clause after its cue
        else:
            end = stop.i
    start, end = _trim_tokens(doc, start, end)
    if end - start < 2:
        return None
    return start, end


def reported_content(cue: Token) -> tuple[int, int] | None:
    """What a cue verb reports, as a token range, or None when it reports nothing."""
    doc = cue.doc
    if any(c.dep_ == "neg" for c in cue.children):
        return None  # "he did not say when": nothing was said
    # "A said X; B reported Y": the parser hangs A's sentence off B's cue too
    clauses = [
        c
        for c in cue.children
        if c.dep_ in ("ccomp", "parataxis")
        and not (c.i < cue.i and any(t.text == ";" for t in doc[c.right_edge.i : cue.i]))
    ]
    if clauses:
        # "reported three malls were damaged": the parser takes the clause's subject for
        # the cue's object when the clause has none of its own
        first = min(clauses, key=lambda c: c.i)
        subjectless = not any(c.dep_ in lx.SUBJ_DEPS for c in first.children)
        objs = [c for c in cue.children if c.dep_ == "dobj" and cue.i < c.i < first.i]
        if subjectless and objs:
            clauses = objs + clauses
        return _clause_span(clauses, stop=cue)
    if cue.lemma_.lower() in lx.INTENTION_CUES:
        plans = [
            c
            for c in cue.children
            if c.dep_ == "xcomp" and c.i > cue.i and any(a.lower_ == "to" for a in c.children)
        ]
        if plans and cue.lemma_.lower() in lx.UNSPOKEN_INTENTIONS:
            return None  # "refused to give up power", "agreed to join": an act, not words
        if plans:
            return _clause_span(plans, stop=cue)
    obj = next((c for c in cue.children if c.dep_ == "dobj" and c.i > cue.i), None)
    if cue.lemma_.lower() in lx.CLAUSE_CUES:
        # "with local media reporting the house was empty", "which the paper reported left
        # experts angry": the parser hangs the reported clause's verb elsewhere
        first = obj.left_edge.i if obj is not None else cue.i + 1
        stray = _stray_predicate(cue, obj.right_edge.i + 1 if obj is not None else cue.i + 1)
        if stray is not None:
            span = _trim_tokens(doc, first, stray.right_edge.i + 1)
            return span if span[1] - span[0] >= 2 else None
    objects = _object_content(cue)
    if objects:
        return objects
    if obj is not None and cue.lemma_.lower() in lx.CLAUSE_CUES:
        finite = any(t.tag_ in ("VBD", "VBZ", "VBP", "MD") for t in obj.subtree)
        copula = [
            c
            for c in cue.children
            if c.dep_ in ("conj", "advcl", "ccomp")
            and c.i > obj.i
            and c.pos_ == "AUX"
            and not any(g.dep_ in lx.SUBJ_DEPS for g in c.children)
        ]
        if finite or copula:  # a clause whose subject the parser took for the object
            return _clause_span([obj] + copula)
    head = cue.head
    after = cue.right_edge.i + 1
    if cue.dep_ == "ccomp" and head.i > cue.i and after < len(doc) and doc[after].text == ",":
        # "DW reported in mid-2019, 62 outlets had closed": the parser makes the reported
        # clause the root and the cue its complement
        span = _clause_span([head])
        if span and span[0] <= after < span[1]:
            span = _trim_tokens(doc, after, span[1])
            return span if span[1] - span[0] >= 2 else None
    if cue.lemma_.lower() in lx.CLAUSE_ONLY_CUES:
        return None
    sent = cue.sent
    # "Mattis said from the Philippines to Europe ..., they were no longer ...": the parser
    # hangs the reported clause off the cue as adverbials; take the rest of the sentence.
    has_object = any(c.dep_ in ("dobj", "dative", "attr") for c in cue.children)
    rest = [t for t in doc[cue.i + 1 : sent.end] if not t.is_space]
    inside = inside_quotes(doc)
    if (
        not has_object
        and rest
        and not rest[0].is_punct
        and any(
            t.pos_ in ("VERB", "AUX") and t.dep_ not in ("aux", "auxpass") and t.i not in inside
            for t in rest
        )
        and cue.dep_ != "xcomp"
        and cue.tag_ not in ("VBN", "VBG")
    ):
        # "said in a statement that ...", the clause parsed as the statement's
        that = next((t for t in rest if t.lower_ == "that" and t.dep_ == "mark"), None)
        if that is not None and not any(is_cue(t) for t in doc[cue.i + 1 : that.i]):
            span = _clause_span([that.head])
            if span and span[0] > cue.i:
                return span
        advs = [c for c in cue.rights if c.dep_ in ("advcl", "prep", "ccomp", "conj")]
        if advs:
            span = _clause_span(advs)
            if span and span[0] > cue.i:
                first = doc[cue.i + 1 : span[0]]
                if all(t.is_space or t.is_punct or t.lower_ == "that" for t in first):
                    return span
                return _trim_tokens(doc, cue.i + 1, span[1])
    return None


def _stray_predicate(cue: Token, i: int) -> Token | None:
    """The finite verb at token ``i``, right after a cue or its object, when it has no
    subject of its own and does not govern the cue: the predicate of a reported clause
    the parser attached elsewhere."""
    doc = cue.doc
    if i >= len(doc) or i >= cue.sent.end:
        return None
    tok = doc[i]
    if tok.tag_ not in ("VBD", "VBZ", "VBP", "MD") or tok.dep_ in ("aux", "auxpass"):
        return None
    if any(c.dep_ in lx.SUBJ_DEPS or c.dep_ == "expl" for c in tok.children):
        return None
    if tok.left_edge.i < i or cue.i in range(tok.left_edge.i, tok.right_edge.i + 1):
        return None
    if tok.i in inside_quotes(doc):
        return None
    return tok


def _object_content(cue: Token) -> tuple[int, int] | None:
    """What a cue reports through its object: ``urged residents to leave`` (the one called
    on and the infinitive), ``accused the firm of fraud`` (the accused and the charge),
    ``announced a recall`` (the object itself, for :data:`~kg.nlp.rules.en.OBJECT_CUES`)."""
    lemma = cue.lemma_.lower()
    if not any(c.dep_ in lx.SUBJ_DEPS for c in cue.children) and cue.dep_ not in lx.CHAIN_DEPS:
        return None
    obj = next((c for c in cue.children if c.dep_ == "dobj" and c.i > cue.i), None)
    if lemma in lx.OBJECT_CONTROL_CUES:
        if obj is None and lemma in lx.CALL_ON_CUES:  # "called on Congress to act"
            prep = next(
                (
                    c
                    for c in cue.children
                    if c.dep_ == "prep" and c.lower_ in lx.CALL_ON_PREPS and c.i == cue.i + 1
                ),
                None,
            )
            obj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep else None
        plan = next(
            (
                c
                for c in cue.children
                if c.dep_ in ("xcomp", "ccomp")
                and c.i > cue.i
                and any(a.lower_ == "to" for a in c.children)
            ),
            None,
        )
        if obj is None or plan is None or plan.i < obj.i:
            return None
        span = _clause_span([obj, plan], stop=None)
        # "urged the embassy to reconsider and spoke with ...": a finite verb joined to
        # the infinitive is the writer's next sentence about the speaker
        finite = [c.i for c in plan.children if c.dep_ == "conj" and c.tag_ in ("VBD", "VBZ")]
        if span and finite:
            span = _trim_tokens(cue.doc, span[0], cue.doc[min(finite)].left_edge.i)
        return span
    if obj is None:
        return None
    if lemma in lx.STANCE_CUES and obj.lemma_.lower() in lx.STANCE_NOUNS:
        return _clause_span([obj])  # "stated its intention to leave the market"
    if lemma in lx.ACCUSATION_CUES:
        charge = [
            c
            for c in list(obj.children) + list(cue.children)
            if c.dep_ == "prep" and c.lower_ in lx.TOPIC_PREPS and c.i > obj.i
        ]
        return _clause_span([obj, charge[0]]) if charge else None
    subj = next((c for c in cue.children if c.dep_ == "nsubj"), None)
    if subj is None and cue.dep_ == "conj":
        # "It cited the pilots ... and claimed a second crash": the verb it joins has
        # the subject both share
        subj = next((c for c in cue.head.children if c.dep_ == "nsubj"), None)
    evidence = subj is not None and (
        subj.lemma_.lower() in lx.EVIDENCE_NOUNS or subj.lemma_.lower() in lx.DOCUMENT_NOUNS
    )
    if (
        (lemma in lx.OBJECT_CUES or evidence and lemma in lx.EVIDENCE_OBJECT_CUES)
        and (subj is not None)
        and not any(c.dep_ in ("dative", "ccomp") for c in cue.children)
        and not (
            obj.lemma_.lower() in lx.REFUSED_THINGS.get(lemma, ())
            or obj.lemma_.lower() in lx.TOPIC_NOUNS
            or obj.lemma_.lower() in lx.BARE_TOPIC_NOUNS
            and all(c.dep_ in ("det", "poss") for c in obj.children)
        )
    ):
        # "announced Harris as his running mate": the role is part of what was announced
        # "announced new measures, including closing schools": what the object includes
        # is part of what was announced
        roles = [
            c
            for c in cue.children
            if c.dep_ == "prep" and c.i > obj.i and (c.lower_ in lx.EXAMPLE_PREPS or evidence)
        ]  # "showed support at 1%"
        span = _clause_span([obj] + roles)
        # "claimed victory, which was disputed": a relative clause set off by a comma is
        # the writer's comment on the object
        aside = [
            c.left_edge.i
            for c in obj.subtree
            if c.dep_ in ("relcl", "acl") and cue.doc[c.left_edge.i - 1].text == ","
        ]
        if span and aside:
            span = _trim_tokens(cue.doc, span[0], min(aside))
        return span if span and span[1] > span[0] else None
    return None


def object_report(tok: Token) -> tuple[int, int] | None:
    """What a verb reports through a complement that is not a clause: a gerund
    (``admitted taking the money``, :data:`~kg.nlp.rules.en.GERUND_CUES`), a judgement and
    its reason (``commended the crews for their courage``), the point made
    (``emphasized the need for calm``), or what was spoken of (``spoke of a crisis``)."""
    if tok.pos_ != "VERB" or any(c.dep_ == "neg" for c in tok.children):
        return None
    if tok.tag_ == "VBN" and not any(c.dep_ in ("aux", "auxpass") for c in tok.children):
        return None  # "a study cited by the agency": a participle, not someone's act
    if not any(c.dep_ in lx.SUBJ_DEPS for c in tok.children) and tok.dep_ not in lx.CHAIN_DEPS:
        return None
    lemma = tok.lemma_.lower()
    if lemma in lx.GERUND_CUES:
        gerund = next(
            (
                c
                for c in tok.children
                if c.dep_ in ("xcomp", "dobj", "ccomp") and c.tag_ == "VBG" and c.i > tok.i
            ),
            None,
        )
        if gerund is not None:
            return _clause_span([gerund])
    obj = next((c for c in tok.children if c.dep_ == "dobj" and c.i > tok.i), None)
    if lemma in lx.PRAISE_CUES and obj is not None:
        reason = next(
            (
                c
                for c in list(tok.children) + list(obj.children)
                if c.dep_ == "prep" and c.lower_ == "for" and c.i > obj.i
            ),
            None,
        )
        return _clause_span([obj, reason]) if reason is not None else None
    if lemma in lx.EMPHASIS_CUES and obj is not None and obj.pos_ in ("NOUN", "PROPN"):
        if any(c.dep_ == "prep" and c.lower_ == "as" for c in tok.children):
            return None  # "cited officials as saying": the words are the officials'
        nouns = {obj.lemma_.lower(), obj.lower_}
        if nouns & (lx.EVIDENCE_NOUNS | lx.DOCUMENT_NOUNS | lx.TOPIC_NOUNS | lx.SOURCE_NOUNS):
            return None  # "cited a study", "citing sources": a source, not a point
        if all(c.dep_ == "det" and c.lower_ in lx.DEMONSTRATIVES for c in obj.children):
            return None  # "stressed these points": the point is in an earlier sentence
        if obj.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
            return None  # "cited Smith": a person named, not a point
        return _clause_span([obj])
    preps = lx.TOPIC_SPEECH.get(lemma)
    if preps:
        prep = next(
            (c for c in tok.children if c.dep_ == "prep" and c.lower_ in preps and c.i > tok.i),
            None,
        )
        target = (
            next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)
            if (prep is not None)
            else None
        )
        if target is None:
            return None
        if prep.lower_ == "about" and target.dep_ != "pcomp" and target.tag_ != "VBG":
            return None  # "spoke about the war": a topic, not a point
        return _clause_span([target])
    return None


def _adjacent_subject(cue: Token) -> bool:
    """The cue has a subject and no comma stands between them."""
    doc = cue.doc
    for c in cue.children:
        if c.dep_ in lx.SUBJ_DEPS:
            lo, hi = sorted((c.i, cue.i))
            if not any(t.text == "," for t in doc[lo:hi]):
                return True
    return False


def clause_final(cue: Token) -> tuple[tuple[int, int], Span] | None:
    """``<clause>, US defence secretary said on Friday.``: the parser leaves such a cue
    without a subject; the words between the comma and the cue are the speaker."""
    doc = cue.doc
    sent = cue.sent
    i = cue.i - 1
    while i > sent.start and not (doc[i].text == "," or doc[i].is_quote):
        i -= 1
    if i <= sent.start or doc[i].text != ",":
        return None
    words = [t for t in doc[i + 1 : cue.i] if not t.is_space]
    if not 1 <= len(words) <= 6 or not any(t.pos_ in ("NOUN", "PROPN", "PRON") for t in words):
        return None
    if any(t.pos_ in ("VERB", "AUX") for t in words):
        return None
    content = _trim_tokens(doc, sent.start, i)
    if content[1] - content[0] < 3:
        return None
    speaker = doc[words[0].i : words[-1].i + 1]
    return content, speaker


def parenthetical(cue: Token) -> tuple[tuple[int, int], Span] | None:
    """``around 50 gallons of fuel, officials said, spilled and ignited``: a cue and its
    subject set off by commas inside the clause they report (``..., says the study, ...``
    too). The claim is the whole clause around them, from the sentence start (or the last
    semicolon) to the sentence end (or the next semicolon)."""
    doc = cue.doc
    subj = next((c for c in cue.children if c.dep_ in lx.SUBJ_DEPS), None)
    if subj is None or subj.tag_ in ("WDT", "WP"):
        return None
    lo, hi = min(subj.left_edge.i, cue.i), max(subj.right_edge.i, cue.i)
    if hi - lo > 6 or lo < 1 or hi + 1 >= len(doc):
        return None
    if doc[lo - 1].text != "," or doc[hi + 1].text != ",":
        return None
    sent = cue.sent
    start = lo - 1
    while start > sent.start and doc[start - 1].text not in lx.CLAUSE_BREAKS:
        start -= 1
    end = hi + 2
    while end < sent.end and doc[end].text not in lx.CLAUSE_BREAKS:
        end += 1
    left = [t for t in doc[start : lo - 1] if not (t.is_punct or t.is_space)]
    right = [t for t in doc[hi + 2 : end] if not (t.is_punct or t.is_space)]
    inside = inside_quotes(doc)
    if any(t.i in inside or t.is_quote for t in doc[start:end]):
        return None  # 'In a post, he wrote, "...": the cue introduces a quotation
    if not left or not right or len(left) + len(right) < 4:
        return None
    if is_cue(right[0]) and right[0].tag_ in ("VBG", "VBN"):
        return None  # "..., he said, adding that ...": a chained cue, its own claim
    if not any(t.pos_ in ("VERB", "AUX") for t in left + right):
        return None
    speaker = speaker_of(subj)
    if speaker is None:
        return None
    return _trim_tokens(doc, start, end), speaker


def passive_report(tok: Token) -> tuple[tuple[int, int], Span] | None:
    """A passive cue with its source as agent: ``The victim was identified as Jo Lee by
    police`` and ``They were reported by local media to have left`` (the whole clause),
    ``it was reported by Reuters that ...`` (the clause), ``a plane, reported by local
    press as belonging to the army, ...`` (what it is reported as)."""
    if tok.tag_ != "VBN" or tok.lemma_.lower() not in lx.PASSIVE_CUES:
        return None
    agent = next((c for c in tok.children if c.dep_ == "agent"), None)
    pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
    speaker = speaker_of(pobj) if pobj is not None else None
    if speaker is None:
        return None
    doc = tok.doc
    if tok.dep_ == "acl":
        as_ = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "as"), None)
        if as_ is None:
            return None
        span = _trim_tokens(doc, as_.i + 1, as_.right_edge.i + 1)
    elif any(c.dep_ == "auxpass" for c in tok.children):
        clauses = [c for c in tok.children if c.dep_ == "ccomp" and c.i > tok.i]
        sent = tok.sent
        span = (
            _clause_span(clauses)
            if clauses
            else _trim_tokens(
                doc, max(tok.left_edge.i, sent.start), min(tok.right_edge.i + 1, sent.end)
            )
        )
    else:
        return None
    if span is None or span[1] - span[0] < 2:
        return None
    return span, speaker


def according_to(tok: Token) -> tuple[tuple[int, int], Span] | None:
    """``<clause>, according to Reuters.``: the clause and its source."""
    if tok.lower_ != "according":
        return None
    to = next((c for c in tok.children if c.lower_ == "to"), None)
    if to is None and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to":
        to = tok.doc[tok.i + 1]
    if to is None:
        return None
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
    if pobj is None:
        return None
    speaker = speaker_of(pobj)
    if speaker is None:
        return None
    doc = tok.doc
    head = tok.head
    sent = tok.sent
    phrase = (tok.left_edge.i, max(tok.right_edge.i, to.right_edge.i, pobj.right_edge.i) + 1)
    words_after = [t for t in doc[phrase[1] : sent.end] if not (t.is_punct or t.is_space)]
    if head == tok or head.i in range(*phrase):
        lo, hi = sent.start, sent.end
    elif not words_after:
        # "... on the wrong side of the road according to the footage.": the sentence up
        # to the phrase, however deep the parser attached it
        lo, hi = sent.start, phrase[0]
        while lo < hi and any(t.text in lx.CLAUSE_BREAKS for t in doc[lo:hi]):
            lo = next(t.i for t in doc[lo:hi] if t.text in lx.CLAUSE_BREAKS) + 1
    else:
        lo, hi = head.left_edge.i, head.right_edge.i + 1
        lo, hi = max(lo, sent.start), min(hi, sent.end)
    subject_before = any(c.dep_ in lx.SUBJ_DEPS and lo <= c.i < phrase[0] for c in head.children)
    lead = phrase[0] - 1
    while lead > sent.start and (
        doc[lead].text == ","
        or doc[lead].is_space
        or doc[lead].pos_ == "ADV"
        and doc[lead - 1].text in ":;,"
    ):
        lead -= 1
    rest_end = next(
        (t.i for t in doc[phrase[1] : sent.end] if t.text in lx.CLAUSE_BREAKS), sent.end
    )
    if (
        words_after
        and doc[phrase[0] - 1].text == ","
        and (doc[lead].dep_ == "cc" or doc[lead].text in lx.CLAUSE_BREAKS)
    ):
        # "... and, according to Ottawa, hostile to the plan", "...: potentially,
        # according to the paper, $3 million from ...": the phrase opens a new member
        content = _trim_tokens(doc, phrase[1], rest_end)
    elif lo < phrase[0] and phrase[1] < hi and head.i >= phrase[1] and subject_before:
        # "The operation, according to the paper, is too big": the phrase interrupts the
        # clause, which is the claim
        content = _trim_tokens(doc, lo, hi)
    elif phrase[0] - lo >= hi - phrase[1]:
        # the clause on one side of the phrase
        content = _trim_tokens(doc, lo, phrase[0])
    else:
        content = _trim_tokens(doc, phrase[1], hi)
    if content[1] - content[0] < 3:
        return None
    return content, speaker


def by_account(tok: Token) -> tuple[tuple[int, int], Span] | None:
    """``By early reports, 30 were injured``, ``... and, by some estimates, half left``:
    "by" an account (:data:`~kg.nlp.rules.en.ACCOUNT_NOUNS`) set off by commas is a
    source, like "according to"; the claim is the clause after it."""
    if tok.lower_ != "by" or tok.dep_ not in ("prep", "agent"):
        return None
    pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
    if pobj is None or pobj.lower_ not in lx.ACCOUNT_NOUNS or pobj.right_edge.i + 1 >= len(tok.doc):
        return None
    doc = tok.doc
    sent = tok.sent
    end = pobj.right_edge.i + 1
    if doc[end].text != "," or not (tok.i == sent.start or doc[tok.i - 1].text == ","):
        return None
    stop = next((t.i for t in doc[end : sent.end] if t.text in lx.CLAUSE_BREAKS), sent.end)
    content = _trim_tokens(doc, end + 1, stop)
    if content[1] - content[0] < 3:
        return None
    return content, noun_phrase(pobj)


# ---------------------------------------------------------------- quotations


def _token_quote_index(doc: Doc, quotes: list[Quote]) -> dict[int, int]:
    """Token index -> index of the quotation whose marks enclose it."""
    inside: dict[int, int] = {}
    for n, q in enumerate(quotes):
        span = doc.char_span(
            q.open, (q.close + 1) if q.close is not None else q.end, alignment_mode="expand"
        )
        if span is None:
            continue
        for t in span:
            inside.setdefault(t.i, n)
    return inside


def _surface_cue(tok: Token) -> bool:
    """A cue verb by its form alone, closing its sentence: ``..." the statement read.``
    (used only where the parse does not read the word as a verb)."""
    word = tok.lower_
    if word not in lx.IRREGULAR_CUE_FORMS and not (
        word.endswith("ed") and (word[:-2] in lx.CUE_VERBS or word[:-1] in lx.CUE_VERBS)
    ):
        return False
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    return nxt is None or nxt.text in (".", "!", "?") or nxt.is_space


def speaker_between(doc: Doc, start: int, cue: Token) -> Span | None:
    """The speaker written between a quotation and its cue when the parse gives none:
    the words there, or the author of a document named there (``a statement from X``)."""
    words = [t for t in doc[start : cue.i] if not (t.is_space or t.is_punct)]
    for n, t in enumerate(words[:-1]):
        if (
            t.lemma_.lower() in lx.DOCUMENT_NOUNS
            and words[n + 1].lower_ in lx.DOCUMENT_SOURCE_PREPS
        ):
            words = words[n + 2 :]
            break
    while words and words[0].dep_ == "det":
        words = words[1:]
    if not words or len(words) > 6:
        return None
    return doc[words[0].i : words[-1].i + 1]


def inside_quotes(doc: Doc) -> dict[int, int]:
    """:func:`_token_quote_index` of all the document's quotations, built once."""
    index = doc.user_data.get("kg_inside_quotes")
    if index is None:
        index = doc.user_data["kg_inside_quotes"] = _token_quote_index(doc, doc._.quotes or [])
    return index


def _cue_after(doc: Doc, q: Quote, inside: dict[int, int], window: int) -> Token | None:
    """A cue right after the closing mark: ``"...," Mattis said`` / ``said Mattis``."""
    if q.close is None:
        return None
    after = doc.char_span(q.close, q.close + 1, alignment_mode="expand")
    if after is None:
        return None
    seen = 0
    text = doc_text(doc)
    full_stop = text[q.start : q.end].rstrip().endswith(".")
    for t in doc[after.end :]:
        if t.i in inside or t.is_space and "\n" in t.text:
            return None
        if not seen and t.text in (".", "!", "?"):
            return None  # '... a "sad day". Abbott said': the sentence ended at the mark
        if full_stop and not seen and not t.is_space and t.text[:1].isupper() and (t.is_sent_start):
            return None  # '"... wrong." He continued': the next sentence, not its cue
        if t.text in (".", "!", "?", ";") and seen:
            return None
        if is_cue(t) and t.lemma_.lower() not in lx.CLAUSE_ONLY_CUES:
            return t
        if t.pos_ not in ("VERB", "AUX") and _surface_cue(t):
            return t
        seen += not t.is_space
        if seen > window:
            return None
    return None


def _cue_before(
    doc: Doc, q: Quote, inside: dict[int, int], window: int
) -> tuple[Token | None, Span | None]:
    """A cue or a speech noun before the opening mark: ``Mattis said: "..."``,
    ``Dickerson's question: "..."``. Returns (cue, speaker) for a speech noun."""
    before = doc.char_span(q.open, q.open + 1, alignment_mode="expand")
    if before is None or before.start == 0:
        return None, None
    i = before.start - 1
    while i >= 0 and doc[i].is_space and "\n" not in doc[i].text:
        i -= 1
    if i > 0 and doc[i].is_space and doc[i - 1].text == ":":
        i -= 1  # "... said:" closing the paragraph before a quotation paragraph
    if i < 0 or doc[i].text not in (":", ",") and not is_cue(doc[i]):
        return None, None
    if is_cue(doc[i]) and doc[i].lemma_.lower() in lx.UNSPOKEN_INTENTIONS:
        return None, None  # 'offered "furry" versions': a thing offered, not words
    j = i if is_cue(doc[i]) else i - 1
    for t in reversed(doc[max(0, j - window) : j + 1]):
        if t.i in inside or t.is_space and "\n" in t.text or t.text in (".", "!", "?"):
            break
        if is_cue(t):
            return t, None
        if t.lower_ in lx.SPEECH_NOUNS and doc[i].text == ":":
            owner = next((c for c in t.children if c.dep_ == "poss"), None)
            if owner is not None:
                return t, noun_phrase(owner)
    return None, None


def _according_to_before(doc: Doc, qspan: Span) -> tuple[Token | None, Span | None]:
    """``According to Smith, "the plan is dead."``: the source named before the quotation
    in its sentence."""
    for t in doc[qspan.sent.start : qspan.start]:
        if t.lower_ == "according":
            to = t.doc[t.i + 1] if t.i + 1 < len(t.doc) else None
            pobj = next((c for c in to.children if c.dep_ == "pobj"), None) if to else None
            if pobj is not None and pobj.i < qspan.start:
                return t, speaker_of(pobj)
    return None, None


def _cue_around(qspan: Span) -> Token | None:
    """A cue governing a partial quotation inside a sentence."""
    for t in qspan:
        if t.head.i < qspan.start or t.head.i >= qspan.end:
            for anc in t.ancestors:
                if is_cue(anc) and not (qspan.start <= anc.i < qspan.end):
                    return None if anc.lemma_.lower() in lx.UNSPOKEN_INTENTIONS else anc
            return None
    return None


def _is_title(doc: Doc, q: Quote) -> bool:
    """A quoted name or title: every word capitalised but the small ones (``"Welcome To
    Video"``, ``"Day after Day"``)."""
    words = [w.strip(",.;:!?") for w in doc_text(doc)[q.start : q.end].split()]
    words = [w for w in words if w]
    return (
        bool(words)
        and words[0][:1].isupper()
        and all(w[:1].isupper() or w.lower() in lx.TITLE_SMALL_WORDS for w in words)
    )


def _after_lead_in(doc: Doc, qspan: Span) -> bool:
    """``During the premiere, "I felt like ..."``: a quotation after a phrase with no verb
    and a comma fills its sentence as much as a quotation standing alone."""
    lead = [t for t in doc[qspan.sent.start : qspan.start] if not (t.is_space or t.is_quote)]
    return (
        len(lead) >= 2 and lead[-1].text == "," and not any(t.pos_ in ("VERB", "AUX") for t in lead)
    )


def _closing_words(doc: Doc, q: Quote) -> bool:
    """A quotation of :data:`~kg.nlp.rules.en.MIN_EMBEDDED_WORDS` words or more that ends
    its sentence (``... would have "more options for building new parts."``)."""
    if q.close is None or _word_count(doc, q) < lx.MIN_EMBEDDED_WORDS:
        return False
    text = doc_text(doc)
    inner = text[q.start : q.end].rstrip()
    after = text[q.close + 1 : q.close + 3].lstrip(" ")
    return inner.endswith((".", "!", "?")) or after[:1] in (".", "!", "?") or after == ""


def _word_count(doc: Doc, q: Quote) -> int:
    return len(doc_text(doc)[q.start : q.end].split())


def _standalone(doc: Doc, q: Quote) -> bool:
    """The quotation fills its sentence (it is not a phrase inside someone's sentence)."""
    before = doc_text(doc)[max(0, q.open - 80) : q.open].rstrip(" \t")
    return before == "" or before.endswith(("\n", ".", "!", "?", ":", "”", '"'))


def quote_claims(doc: Doc, settings: ClaimSettings = DEFAULT_SETTINGS) -> list[RawClaim]:
    quotes = [q for q in (doc._.quotes or []) if q.double or _word_count(doc, q) >= 3]
    inside = _token_quote_index(doc, quotes)
    claims: list[RawClaim] = []
    for q in quotes:
        qspan = doc.char_span(q.start, q.end, alignment_mode="expand")
        if qspan is None:
            continue
        cue = _cue_after(doc, q, inside, settings.cue_window)
        after = cue is not None
        speaker = None
        if cue is None:
            cue, speaker = _cue_before(doc, q, inside, settings.cue_window)
        if cue is None and speaker is None:
            cue, speaker = _according_to_before(doc, qspan)
        embedded = not _standalone(doc, q) and not _after_lead_in(doc, qspan)
        around = False
        if cue is None and speaker is None and embedded:
            around = True
            # a quotation inside someone's sentence is theirs only if a cue governs it
            # ('calling the decision "terrible"'); otherwise it is a scare quote or a name
            cue = _cue_around(qspan)
            if cue is None:
                if not _closing_words(doc, q) or _is_title(doc, q):
                    continue
                # 'the maker has developed "a way to fit a camera in the head."': a long
                # quotation closing its sentence is the words of the speaker in play
                claims.append(RawClaim(q.start, q.end, DIRECT, None, None, run=q.run, inherit=True))
                continue
        if speaker is None and cue is not None:
            speaker = cue_speaker(cue)
            if speaker is None and q.close is not None and cue.i > qspan.end:
                speaker = speaker_between(doc, qspan.end, cue)
        if (
            speaker is None
            and around
            or _is_title(doc, q)
            and (
                speaker is None
                or after
                and embedded
                or cue is not None
                and cue.lemma_.lower() in lx.NAMING_CUES
            )
        ):
            continue  # a name or title in quotes ('a site called "Welcome To Video"')
        cue_text = "" if cue is None else "according to" if cue.lower_ == "according" else cue.text
        claims.append(
            RawClaim(
                q.start,
                q.end,
                DIRECT,
                cue,
                speaker,
                cue_text=cue_text,
                run=q.run,
                inherit=cue is None and speaker is None,
            )
        )
    _share_run_attribution(claims)
    return claims


def _share_run_attribution(claims: list[RawClaim]) -> None:
    """Segments of one quotation run share the attribution one of them has."""
    by_run: dict[int, list[RawClaim]] = {}
    for c in claims:
        if c.run is not None:
            by_run.setdefault(c.run, []).append(c)
    for segs in by_run.values():
        source = next((s for s in reversed(segs) if not s.inherit), None)
        if source is None:
            continue
        for s in segs:
            if s.inherit:
                s.cue, s.speaker, s.cue_text, s.inherit = (
                    source.cue,
                    source.speaker,
                    source.cue_text,
                    False,
                )


# ---------------------------------------------------------------- the components


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _attribution_words(doc: Doc, inside: dict[int, int]) -> Iterator[Token]:
    """The tokens outside quotations that :func:`find_claims` tries as a cue or source: a
    verb or auxiliary (:func:`is_cue`, :func:`object_report`), a past participle
    (:func:`passive_report`), or one of ``rules.en.SOURCE_WORDS`` (the ``according`` of
    :func:`according_to`, the ``by`` of :func:`by_account`). Chosen from arrays of the
    document's attributes, so that no Token object is made for the other words."""
    strings = doc.vocab.strings
    attrs = doc.to_array([POS, TAG, LOWER])
    tried = (attrs[:, 0] == VERB) | (attrs[:, 0] == AUX) | (attrs[:, 1] == strings["VBN"])
    for word in lx.SOURCE_WORDS:
        tried |= attrs[:, 2] == strings[word]
    for i in numpy.flatnonzero(tried).tolist():
        if i not in inside:
            yield doc[i]


def find_claims(doc: Doc, settings: ClaimSettings = DEFAULT_SETTINGS) -> list[RawClaim]:
    """All claims of a parsed document, in text order, speakers not yet resolved."""
    direct = quote_claims(doc, settings)
    inside = inside_quotes(doc)
    indirect: list[RawClaim] = []
    for tok in _attribution_words(doc, inside):
        found: list[tuple[tuple[int, int], Span | None, Token | None, str]] = []
        inner = passive_report(tok)
        cue = False
        if not inner:
            cue = is_cue(tok)
            inner = parenthetical(tok) if cue else None
        if inner:
            span = (doc[inner[0][0]].idx, doc[inner[0][1] - 1].idx + len(doc[inner[0][1] - 1]))
            indirect.append(RawClaim(span[0], span[1], INDIRECT, tok, inner[1], tok.text))
        elif cue:
            content = object_report(tok) or reported_content(tok)
            speaker = cue_speaker(tok)
            if content is None and not _adjacent_subject(tok):
                final = clause_final(tok)
                if final:
                    content, speaker = final
            if content and speaker is not None:
                found.append((content, speaker, tok, tok.text))
        else:
            acc = according_to(tok)
            by = None if acc else by_account(tok)
            if acc:
                found.append((acc[0], acc[1], tok, "according to"))
            elif by:
                found.append((by[0], by[1], tok, tok.text))
            elif tok.pos_ == "VERB":
                content = object_report(tok)
                speaker = cue_speaker(tok) if content else None
                if content and speaker is not None:
                    found.append((content, speaker, tok, tok.text))
        for (s, e), speaker, cue, cue_text in found:
            interrupted = cue_text == "according to" and s < cue.i and speaker.end < e
            if (speaker.start < e and s < speaker.end or s <= cue.i < e) and not interrupted:
                continue  # a clause holding its own speaker or cue is a misparse
            span = (doc[s].idx, doc[e - 1].idx + len(doc[e - 1]))
            indirect.append(RawClaim(span[0], span[1], INDIRECT, cue, speaker, cue_text))
    # a reported clause that is all quotation is that quotation ("...," he said, parsed
    # as the cue's clause); one that only contains a quotation is a mixed quote
    quote_spans = [(c.start, c.end) for c in direct]
    kept = []
    text = doc_text(doc)
    for c in indirect:
        # '... they had switched to PET for packaging, "which was ...': a clause running
        # into a quotation that goes on past it ends where the quotation opens
        into = [q for q in quote_spans if c.start < q[0] < c.end < q[1] - settings.quote_end_slack]
        if into:
            end = min(q[0] for q in into) - 1
            while end > c.start and (text[end - 1].isspace() or text[end - 1] in ',;:"“‘'):
                end -= 1
            if end - c.start < 2:
                continue
            c.end = end
        covered = sum(_overlap((c.start, c.end), q) for q in quote_spans)
        # a clause that starts inside a quotation and ends outside it (or the other way)
        # is a misparse across the marks
        crossing = any(
            _overlap((c.start, c.end), q)
            and not (c.start <= q[0] and q[1] <= c.end + settings.quote_end_slack)
            for q in quote_spans
        )
        if covered < settings.mostly_quoted * (c.end - c.start) and not crossing:
            kept.append(c)
    # a clause that holds a quotation together with that quotation's own cue ("...,"
    # Biden said, according to a pool report) reports the quotation, which is its claim
    kept = [
        k
        for k in kept
        if not any(
            k.start <= d.start
            and d.end <= k.end
            and d.cue is not None
            and k.start <= d.cue.idx < k.end
            for d in direct
        )
    ]
    # a partial quotation inside a reported clause is part of that claim
    direct = [
        d
        for d in direct
        if not any(
            _overlap((k.start, k.end), (d.start, d.end))
            >= settings.mostly_quoted * (d.end - d.start)
            for k in kept
        )
    ]
    # one stretch of text is one claim: a verb's attribution before "according to"
    claims: dict[tuple[int, int], RawClaim] = {}
    for c in direct + sorted(kept, key=lambda c: c.cue_text == "according to"):
        claims.setdefault((c.start, c.end), c)
    for c in claims.values():
        c.act = attribution_act(c.cue, c.cue_text, c.speaker)
    return sorted(claims.values(), key=lambda c: (c.start, c.end))


@Language.factory(
    "kg_claims",
    assigns=["doc._.raw_claims"],
    requires=[
        "doc._.quotes",
        "doc._.entity_at",
        "token.dep",
        "token.tag",
        "token.lemma",
        "doc.sents",
    ],
    default_config={
        "mostly_quoted": DEFAULT_SETTINGS.mostly_quoted,
        "quote_end_slack": DEFAULT_SETTINGS.quote_end_slack,
        "cue_window": DEFAULT_SETTINGS.cue_window,
        "rules": None,
    },
)
def make_claims(
    nlp: Language,
    name: str,
    mostly_quoted: float,
    quote_end_slack: int,
    cue_window: int,
    rules: str | None,
) -> ClaimFinder:
    return ClaimFinder(
        ClaimSettings(mostly_quoted, quote_end_slack, cue_window), rule_set(nlp, rules)
    )


class ClaimFinder:
    """Pipeline component: ``doc._.raw_claims``, claims with unresolved speaker mentions."""

    def __init__(self, settings: ClaimSettings = DEFAULT_SETTINGS, rules: str = "en"):
        self.settings = settings
        self.rules = rules

    def __call__(self, doc: Doc) -> Doc:
        use(self.rules)
        doc._.raw_claims = find_claims(doc, self.settings)
        return doc
