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

from kg.model import DESCRIPTION, DIRECT, DOCUMENT, GROUP
from kg.names import name_key
from kg.nlp.attribution import (
    RawClaim,
    ResolvedClaim,
    document_author,
    inside_quotes,
    noun_phrase,
)
from kg.nlp.entities import EntityCluster
from kg.nlp.quotes import doc_text
from kg.nlp.rules import active as lx
from kg.nlp.rules import rule_set, use


def _concepts(text: str) -> set[str]:
    words = [w.strip(".,").lower() for w in text.replace("-", " ").split()]
    return {lx.ROLE_CONCEPTS.get(w, w) for w in words if w and w not in lx.ROLE_FILLER_WORDS}


def _surnames(name: str) -> tuple[str, str]:
    """The forms a person's surname takes alone: ``al-Assad`` and ``Assad``."""
    last = name_key(name).split(" ")[-1]
    return last, last.split("-")[-1]


def _embedded(subj: Token, inside: dict[int, int]) -> bool:
    """The subject of a reported, relative or other embedded clause (not salient). A
    clause the parser hangs off a quotation's words ("X justified it as defensive:
    '...'") is the narration's own, not embedded."""
    for t in [subj.head, *subj.head.ancestors]:
        if t.i in inside:
            return False
        if t.dep_ in lx.EMBEDDED_CLAUSE_DEPS and t.head.i not in inside:
            return True
    return False


def _role_gender(head: Token) -> str | None:
    word = head.lower_
    return "male" if word in lx.MALE_WORDS else "female" if word in lx.FEMALE_WORDS else None


def _description_kind(head: Token) -> str | None:
    """What an unnamed noun phrase headed by ``head`` may speak as: a person (``the
    victim``, ``the commissioner``), a group (``the researchers``), an organisation
    (``the company``); None for anything else."""
    if head.pos_ != "NOUN":
        return None
    word, lemma = head.lower_, head.lemma_.lower()
    plural = head.tag_ == "NNS"
    if not plural and (lemma in lx.PERSON_NOUNS or word in lx.ROLE_NOUNS):
        return "Person"
    if plural and word in lx.GROUP_NOUNS:
        return "Group"
    if not plural and lemma in lx.ORG_NOUNS | lx.KIND_ORG_NOUNS | lx.PERSON_LED_ORG_NOUNS:
        return "Organization"
    return None


def _described_as(head: Token, plural: bool) -> str:
    """What an unnamed speaker headed by ``head`` is (:attr:`kg.model.Entity.described_as`):
    a document (``reports``, ``the fire service statement``), a group (``authorities``,
    ``two GOP aides``) or another description (``his family``, ``the spokesman``)."""
    if head.lemma_.lower() in lx.DOCUMENT_NOUNS | lx.SPEECH_ACT_NOUNS:
        return DOCUMENT
    return GROUP if plural else DESCRIPTION


def _agentive(head: Token) -> bool:
    """An unnamed speaker that can act and be spoken of as "he", "she" or "they": a
    person, group or body (not "results", "the data", "his death")."""
    return (
        head.pos_ == "PROPN"
        or head.lower_ in lx.PRONOUNS
        or _description_kind(head) is not None
        or _partitive(head) is not None
    )


def _partitive(tok: Token) -> Token | None:
    """The group a partitive phrase picks members from (``a number of senators``), or
    None when ``tok`` heads no such phrase."""
    if tok.lower_ not in lx.PARTITIVE_WORDS:
        return None
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            return next((c for c in prep.children if c.dep_ == "pobj"), None)
    return None


def _one_of(tok: Token) -> Token | None:
    """``one of their daughters``, ``one of the protesters``: a single member of a group
    of people, which may speak later as ``she`` or ``he``; the group noun, or None."""
    if tok.lower_ != "one":
        return None
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for member in prep.children:
                if (
                    member.dep_ == "pobj"
                    and member.tag_ == "NNS"
                    and (
                        member.lower_ in lx.GROUP_NOUNS or member.lemma_.lower() in lx.PERSON_NOUNS
                    )
                ):
                    return member
    return None


def _role_of_something(head: Token) -> bool:
    """``the head of the investigators``, ``the spokesperson at the embassy``: a role
    whose holder the description itself places."""
    return any(c.dep_ == "prep" and c.lower_ in lx.ROLE_PREPS for c in head.children)


def _someone_elses_role(head: Token) -> bool:
    """``a spokesman``, ``the governor's spokesman``, ``a spokesperson for the department``:
    an unnamed holder of a role, not a person the article has named."""
    return any(
        c.dep_ == "poss"
        or c.dep_ in ("det", "nummod")
        and c.lower_ not in lx.UNPLACING_DETERMINERS
        or c.dep_ == "prep"
        and c.lower_ in lx.BENEFICIARY_PREPS
        for c in head.children
    )


def _plural(noun: Token) -> str:
    """The plural of a person or group noun: ``witnesses``, ``people``."""
    if noun.tag_ in ("NNS", "NNPS"):
        return noun.lower_
    word = noun.lower_
    if word in lx.IRREGULAR_PLURALS:
        return lx.IRREGULAR_PLURALS[word]
    if word.endswith(("s", "x", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def _elided_group(tok: Token) -> Token | None:
    """The noun a bare quantifier leaves out (``One witness said ... and several said
    ...``): the person or group noun heading a subject earlier in its sentence, or
    None."""
    if tok.lower_ not in lx.ELLIPTIC_QUANTIFIERS or any(c.dep_ == "prep" for c in tok.children):
        return None
    for t in reversed(tok.doc[tok.sent.start : tok.i]):
        if t.dep_ in lx.SUBJ_DEPS and _description_kind(t) in ("Person", "Group"):
            return t
    return None


def _et_al_groups(doc: Doc) -> list[Span]:
    """``Smith et al``, ``de Vera et al.``: a lead author's name followed by ``et al``,
    with the lower-case particles of the surname, as spans of ``doc``."""
    et, al = lx.ET_AL
    found = []
    lowers, et_key = doc.to_array("LOWER").tolist(), doc.vocab.strings[et]
    for tok in (doc[i] for i in range(1, len(doc) - 1) if lowers[i] == et_key):
        if tok.lower_ != et or doc[tok.i + 1].lower_ not in al or not doc[tok.i - 1].is_title:
            continue
        start = tok.i - 1
        while start > tok.sent.start and (
            doc[start - 1].is_title
            and not doc[start - 1].is_sent_start
            or doc[start - 1].lower_ in lx.SURNAME_PARTICLES
        ):
            start -= 1
        found.append(doc[start : tok.i + 2])
    return found


def _after_according_to(head: Token) -> bool:
    """``According to news agency Tasnim, the police chief ... said``: ``head`` ends the
    phrase naming the source (the parser may still take it for the cue's subject)."""
    doc = head.doc
    for i in range(head.left_edge.i - 1, head.sent.start, -1):
        if doc[i].is_punct:
            return False
        if doc[i].lower_ == "to" and doc[i - 1].lower_ == "according":
            return True
    return False


def _reported_source(span: Span) -> Span:
    """The speaker behind the source an ``according to`` phrase names, when the parser
    takes that source for the cue's subject and the speaker for its apposition
    (``According to Tasnim, the police chief, Reza Karimi, said ...``: Karimi, not
    Tasnim); otherwise ``span`` itself."""
    head = span.root
    if head.dep_ not in lx.SUBJ_DEPS or not _after_according_to(head):
        return span
    appos = [c for c in head.rights if c.dep_ == "appos"]
    if not appos:
        return span
    entity_at = head.doc._.entity_at or {}
    names = [t for a in appos for t in a.subtree if t.i in entity_at and t.ent_type_ == "PERSON"]
    return noun_phrase(names[-1] if names else appos[0])


class SpeakerResolver:
    """Resolves speaker mentions of one document to its entity clusters, in text order.

    Resolution ends on every input by construction: a document's author is followed
    through heads never visited before (:meth:`_author`), and a pronoun's antecedent is
    resolved by :meth:`_mention`, which never resolves a pronoun itself.
    """

    def __init__(self, doc: Doc, min_unresolved_words: int = lx.MIN_UNRESOLVED_WORDS):
        self.doc = doc
        self.min_unresolved_words = min_unresolved_words
        if doc._.entities is None:
            doc._.entities = []
        self.clusters: list[EntityCluster] = doc._.entities  # descriptions are added to it
        self.entity_at: dict[int, int] = doc._.entity_at or {}
        self.inside = inside_quotes(doc)
        # entities for groups the article describes ("local officials"): "they", not "it"
        self.plural: set[int] = set()
        # "Smith et al": a paper's authors as one group, whatever the parser made of
        # the words; a subject wherever it stands ("Smith et al studied ...")
        self.et_al: dict[int, int] = {}
        for span in _et_al_groups(doc):
            group = self._new_cluster(span, "Organization", plural=True)
            self.et_al.update((i, group) for i in range(span.start, span.end))
        # what a later pronoun may take up: the subjects of main clauses outside
        # quotations, by position, as entity clusters or (unnamed) as noun phrases
        deps = doc.to_array("DEP").tolist()  # Token objects for the subjects alone
        subj = {doc.vocab.strings[d] for d in lx.SUBJ_DEPS}  # the labels' hashes
        subjects = [doc[i] for i, dep in enumerate(deps) if dep in subj and i not in self.inside]
        embedded = {t.i for t in subjects if _embedded(t, self.inside)}
        self.subjects: list[tuple[int, int | Span]] = sorted(
            (c for t in subjects if t.i not in embedded for c in self._candidates(t)),
            key=lambda c: c[0],
        )
        # subjects of embedded clauses: taken up only when no main subject before fits
        # ("Quirin denied it, but then he claimed ...", parsed as a reported clause)
        self.embedded: list[tuple[int, int | Span]] = sorted(
            (c for t in subjects if t.i in embedded for c in self._candidates(t)),
            key=lambda c: c[0],
        )
        self.speakers: list[tuple[int, int]] = []
        # speakers that are no one a pronoun can stand for ("Results showed ...")
        self.non_agents: set[int] = set()
        # names the tagger typed otherwise that the article describes as a person ("the
        # campaign manager, Jen Dillon,"): "she" may stand for them
        self.people: set[int] = set()
        # third-person pronouns as subjects, for quotations they introduce ("he made the
        # announcement: ...", which the parser may take as a clause of the quotation)
        self.pronouns: list[tuple[int, Span]] = [
            (t.idx, doc[t.i : t.i + 1]) for t in subjects if t.lower_ in lx.THIRD_PERSON
        ]
        self.subjects += [
            (doc[i].idx, g)
            for i, g in self.et_al.items()
            if i not in self.inside and self.et_al.get(i - 1) != g
        ]
        self.subjects.sort(key=lambda c: c[0])

    def _candidates(self, tok: Token) -> list[tuple[int, int | Span]]:
        """A main-clause subject as a pronoun's possible antecedent, with the person
        owning it (``Actor Ann Lee's appearance ... She said``) before it."""
        found: list[tuple[int, int | Span]] = [
            (c.idx, self.entity_at[c.i])
            for c in tok.children
            if c.dep_ == "poss"
            and c.i in self.entity_at
            and self.clusters[self.entity_at[c.i]].cls == "Person"
        ]
        named = [c for c in tok.children if c.dep_ == "appos" and c.i in self.entity_at]
        if tok.i in self.et_al:
            return found  # the group is a subject of its own
        if (person := self._person_by_surname(tok)) is not None:
            found.append((tok.idx, person))
        elif named and tok.i not in self.entity_at:  # "One of the vice presidents, Ann Lee,"
            found.append((tok.idx, self.entity_at[named[0].i]))
        elif tok.i in self.entity_at:
            found.append((tok.idx, self.entity_at[tok.i]))
        elif _description_kind(tok) is not None:
            found.append((tok.idx, noun_phrase(tok)))
        elif (member := _one_of(tok)) is not None:  # "one of their daughters"
            found.append((tok.idx, self.doc[tok.i : member.i + 1]))
        return found

    def _compatible(self, cand: int | Span, pron: str) -> bool:
        number, gender = lx.PRONOUNS.get(pron, (None, None))
        if isinstance(cand, Span):
            member = _one_of(cand.root)
            if member is not None:  # "one of their daughters": a person, the daughters'
                return (
                    number != "plur"
                    and gender != "neuter"
                    and lx.PERSON_NOUNS.get(member.lemma_.lower(), None) in (None, gender)
                )
            kind = _description_kind(cand.root)
            if gender in ("male", "female"):
                return kind == "Person" and lx.PERSON_NOUNS.get(
                    cand.root.lemma_.lower(), _role_gender(cand.root)
                ) in (None, gender)
            if gender == "neuter":
                return kind == "Organization" and cand.root.tag_ not in ("NNS", "NNPS")
            if number == "plur":
                return kind != "Person"
            return True
        if cand in self.non_agents and pron != "it":
            return False
        if cand in self.plural and number == "sing":  # "local officials" are never "it"
            return False
        cl = self.clusters[cand]
        if gender in ("male", "female"):
            return (cl.cls == "Person" or cand in self.people) and cl.gender in (None, gender)
        if gender == "neuter" or number == "plur":
            return cl.cls != "Person" and cand not in self.people  # a body or a group
        return True

    def _latest(self, pos: int, ok) -> int | Span | None:
        """The latest candidate before ``pos`` that passes ``ok``: a speaker or a main
        clause's subject, else an embedded clause's subject; failing both, the first
        speaker or main subject after ``pos`` (a quotation opening a paragraph)."""
        pool = sorted(self.speakers + self.subjects, key=lambda c: c[0])
        for cands in (pool, self.embedded):
            before = [c for p, c in cands if p < pos and ok(c)]
            if before:
                return before[-1]
        after = [c for p, c in pool if p > pos and ok(c)]
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

    def _new_cluster(
        self, span: Span, cls: str, label: str | None = None, plural: bool = False
    ) -> int:
        """An entity for a speaker the article never names (``two GOP aides``), labelled
        ``label`` or the description itself; ``plural`` for a group whatever the
        description's head."""
        # the description as written, without its article ("this person", "both
        # officers", "a spokesperson for the company" -> "spokesperson for the company")
        words = [
            t
            for t in span
            if not t.is_space
            and not (
                t.dep_ == "det"
                and t.lower_ in lx.ARTICLES
                and _partitive(span.root) is None
                or t.dep_ == "preconj"
            )
        ]
        if label is None:
            label = span.doc[words[0].i : words[-1].i + 1].text if words else span.text.strip()
        key = f"description:{name_key(label)}"
        for n, cl in enumerate(self.clusters):
            if cl.key == key:
                cl.mentions.append((span.start_char, span.end_char))
                return n
        plural = plural or span.root.tag_ in ("NNS", "NNPS")
        self.clusters.append(
            EntityCluster(
                label=label,
                cls=cls,
                key=key,
                named=False,
                mentions=[(span.start_char, span.end_char)],
                described_as=_described_as(span.root, plural),
            )
        )
        if plural:
            self.plural.add(len(self.clusters) - 1)
        return len(self.clusters) - 1

    def _author(self, span: Span) -> Span:
        """The mention a document noun stands for: its author (``the ministry's
        statement``) or the one who made a call or demand (``the calls by officials``),
        followed through documents that name documents as their source (``a summary of
        the committee's report``).

        Each step moves to a head not visited before, so the chain ends on every input,
        whatever the parse and the entity spans make of it (``Associated Press``: the
        document noun ``Press`` is the head of the name its author ``Associated`` belongs
        to). A document noun inside a name, or capitalised inside a sentence (``Notes
        from Poland``), is that name, not a document.
        """
        seen: set[int] = set()
        while span.root.lemma_.lower() in lx.DOCUMENT_NOUNS | lx.SPEECH_ACT_NOUNS and (
            span.root.i not in seen
        ):
            head = span.root
            seen.add(head.i)
            if (
                head.i in self.entity_at
                and self.clusters[self.entity_at[head.i]].named
                or (head.is_title and head.i > head.sent.start)
            ):  # "Notes from Poland"
                break
            author = document_author(head)
            if author is None or author.i in seen:
                break
            span = noun_phrase(author)
        return span

    def _named_after(self, span: Span) -> int | None:
        """The person named right after a description or an organisation, with at most
        a few role words between: ``Niger's president Mahamadou Issoufou``, ``the Bank
        president Okey Oramah`` (the parser may leave the name out of the subject)."""
        doc = self.doc
        i = span.end
        while i < len(doc) and i - span.end < 3 and doc[i].lower_ in lx.ROLE_NOUNS:
            i += 1
        idx = self.entity_at.get(i) if i < len(doc) else None
        if (
            idx is not None
            and self.clusters[idx].cls == "Person"
            and idx != self.entity_at.get(span.root.i)
        ):
            return idx
        return None

    def _person_by_surname(self, tok: Token) -> int | None:
        """A capitalised word the recogniser did not take for a person is the person of
        the article with that surname, if there is exactly one (``Radmall conceded``,
        after ``Ben Radmall``, with ``Radmall`` tagged as a common noun or a company)."""
        own = self.entity_at.get(tok.i)
        if own is not None and self.clusters[own].cls == "Person" or not tok.is_title:
            return None
        word = name_key(tok.text)
        people = [
            n
            for n, cl in enumerate(self.clusters)
            if cl.cls == "Person"
            and n != own
            and len(cl.label.split()) > 1
            and word in _surnames(cl.label)
        ]
        return people[0] if len(people) == 1 else None

    def _introduced_as(self, head: Token, pos: int) -> int | None:
        """The person the article introduced, before ``pos``, with the noun heading a
        definite description: ``Actress Ann Lee`` or ``Ann Lee, the owner,`` for ``the
        actress``, ``the owner``; the latest such, or None."""
        word = head.lemma_.lower()
        found: list[tuple[int, int]] = []
        for n, cl in enumerate(self.clusters):
            if cl.cls != "Person":
                continue
            for s, e in cl.mentions:
                mention = self.doc.char_span(s, e, alignment_mode="expand") if s < pos else None
                if mention is None:
                    continue
                before = self.doc[mention.start - 1] if mention.start > 0 else None
                if (
                    before is not None
                    and before.lemma_.lower() == word
                    or any(
                        c.dep_ == "appos" and c.lemma_.lower() == word
                        for c in mention.root.children
                    )
                ):
                    found.append((s, n))
        return max(found)[1] if found else None

    def _branch_of(self, head: Token) -> int | None:
        """``according to CNN Philippines``, ``Reuters India reported``: a place named
        after an organisation is the organisation's branch there, and speaks as the
        organisation (when the recogniser split the name in two)."""
        if self.clusters[self.entity_at[head.i]].cls != "Place":
            return None
        orgs = [
            self.entity_at[c.i]
            for c in head.lefts
            if c.dep_ == "compound"
            and c.i in self.entity_at
            and self.clusters[self.entity_at[c.i]].cls == "Organization"
            and self.clusters[self.entity_at[c.i]].named
        ]
        return orgs[-1] if orgs else None

    def _led_by_person(self, span: Span) -> int | None:
        """``the Trump administration``, ``the Biden campaign``: a body named by the person
        leading it, a speaker of its own (not the person, nor a bare "administration")."""
        head = span.root
        if head.lemma_.lower() not in lx.PERSON_LED_ORG_NOUNS or head.tag_ in ("NNS", "NNPS"):
            return None
        names = [
            c
            for c in head.lefts
            if c.dep_ in ("compound", "poss")
            and c.i in self.entity_at
            and self.clusters[self.entity_at[c.i]].cls == "Person"
        ]
        if not names:
            return None
        start = min(t.i for t in names[0].subtree)
        return self._new_cluster(self.doc[start : head.i + 1], "Organization")

    def _organisation_in_play(self, own: int, head: Token, pos: int) -> int:
        """``the army said`` when the article named ``the Iranian Army``; ``the newspaper
        said`` after ``The Boston Globe reported``; otherwise the description itself."""
        noun = head.lemma_.lower()
        holding = [
            n
            for n, cl in enumerate(self.clusters)
            if n != own
            and cl.named
            and cl.cls == "Organization"
            and noun in name_key(cl.label).split()
        ]
        if holding:
            return max(
                holding,
                key=lambda n: max((s for s, _ in self.clusters[n].mentions if s < pos), default=-1),
            )
        if noun in lx.KIND_ORG_NOUNS:
            found = self._latest(
                pos,
                lambda c: (
                    isinstance(c, int)
                    and c != own
                    and self.clusters[c].cls == "Organization"
                    and self.clusters[c].named
                ),
            )
            if isinstance(found, int):
                return found
        return own

    def _in_paragraph(self, pos: int, last: ResolvedClaim | None) -> tuple[int, int, int] | None:
        """(cluster, start, end) of the speaker in play for an unattributed quotation at
        ``pos`` that follows narration in its paragraph: the latest speaker or main-clause
        subject there since the claim before it (``Chan spoke to the press after the
        speech: "..."``, ``he made the announcement: "..."``), else, when no claim comes
        before it in the paragraph, the latest person named there (``..., leaving Ingram
        unimpressed. "..."``). None for a quotation opening its paragraph, which
        continues the speaker before it."""
        text = doc_text(self.doc)
        par = text.rfind("\n", 0, pos) + 1
        if not text[par:pos].strip(" \t\"'“”‘’"):
            return None
        since = par if last is None or last.end <= par else last.end
        pool = sorted(self.speakers + self.subjects + self.pronouns, key=lambda c: c[0])
        here = [
            (p, c)
            for p, c in pool
            if since <= p < pos
            and (isinstance(c, Span) or self.clusters[c].cls in ("Person", "Organization"))
        ]
        if here:
            at, cand = here[-1]
            if isinstance(cand, Span):
                idx = self.resolve(cand)
                return None if idx is None else (idx, cand.start_char, cand.end_char)
            span = next(((s, e) for s, e in self.clusters[cand].mentions if s <= at < e), None)
            if span is None:
                tok = self.doc.char_span(at, at + 1, alignment_mode="expand")
                span = (at, at + len(tok.text)) if tok is not None else (at, at)
            return cand, *span
        people = [
            (s, e, n)
            for n, cl in enumerate(self.clusters)
            if cl.cls == "Person"
            for s, e in cl.mentions
            if since == par and par <= s and e <= pos
        ]
        if people:
            s, e, n = max(people)
            return n, s, e
        return None

    def resolve(self, span: Span) -> int | None:
        """The cluster a speaker mention stands for, or None."""
        if len(span) == 1 and span[0].lower_ in lx.PRONOUNS:
            pron = span[0].lower_
            found = self._latest(span.start_char, lambda c: self._compatible(c, pron))
            if isinstance(found, Span):  # "the researchers ... they said"
                return self._mention(found)
            return found
        return self._mention(span)

    def _mention(self, span: Span) -> int | None:
        """The cluster a speaker mention other than a pronoun stands for, or None."""
        span = self._author(span)  # "the coalition email": who wrote it
        group = next((self.et_al[i] for i in range(span.start, span.end) if i in self.et_al), None)
        if group is not None:  # "Smith et al", "et al"
            return group
        head = span.root
        pos = span.start_char
        # "the Pentagon chief" is one person; "two GOP aides" a group of their own
        is_role = (head.lower_ in lx.ROLE_NOUNS or head.lemma_.lower() in lx.ROLE_NOUNS) and (
            head.tag_ not in ("NNS", "NNPS")
        )
        if head.i in self.entity_at:
            own = self.entity_at[head.i]
            branch = self._branch_of(head)
            if branch is not None:
                return branch
            if self.clusters[own].cls != "Person":
                after = self._named_after(span)
                if after is not None:
                    return after
            if self.clusters[own].named:
                person = self._person_by_surname(head) if len(span) == 1 else None
                return own if person is None else person
            if self.clusters[own].cls != "Organization":
                return own
            led = self._led_by_person(span)
            return led if led is not None else self._organisation_in_play(own, head, pos)
        after = self._named_after(span)
        if after is None and len(span) == 1:
            after = self._person_by_surname(head)
        if after is not None:
            return after
        for c in head.children:  # "The governor's spokesman, Mark Reyes, said"
            if c.dep_ == "appos" and c.i in self.entity_at:
                if _description_kind(head) == "Person":  # a person, whatever the tagger said
                    self.people.add(self.entity_at[c.i])
                return self.entity_at[c.i]
        if is_role and _someone_elses_role(head):
            return self._new_cluster(span, "Person")
        led = self._led_by_person(span)
        if led is not None:
            return led
        elided = _elided_group(head) if len(span) == 1 else None
        if elided is not None:  # "one witness said ... and several said": several witnesses
            label = f"{head.lower_} {_plural(elided)}"
            return self._new_cluster(span, "Organization", label, plural=True)
        group = _partitive(head)
        if group is not None:  # "a number of senators", "some of the protesters"
            whole = self.doc[span.start : max(span.end, group.right_edge.i + 1)]
            return self._new_cluster(whole, "Person" if head.lower_ == "one" else "Organization")
        # a name in the phrase stands for it ("Time magazine"), unless it is in a clause
        # describing the head ("the protesters Wikinews interviewed") or owns a thing the
        # head names ("Day's animal foundation": the foundation, not Day)
        ids = [
            self.entity_at[t.i]
            for t in span
            if t.i in self.entity_at
            and not any(
                a.dep_ in ("relcl", "acl") and span.start <= a.i < span.end for a in t.ancestors
            )
            and not (t.dep_ == "poss" and t.head.i == head.i and head.pos_ == "NOUN")
        ]
        if ids and not is_role and head.tag_ not in ("NNS", "NNPS"):
            return ids[-1]
        if len(span) == 1 and span[0].lower_ in lx.PRONOUNS:
            return None  # a pronoun named as a document's author
        if any(c.dep_ == "det" and c.lower_ == "the" for c in head.children) and (
            _description_kind(head) == "Person"
        ):
            found = self._introduced_as(head, pos)  # "Actress Ann Lee ... the actress said"
            if found is not None:
                return found
        if is_role:
            # "the Pentagon chief": the person whose title says so; else the person
            # speaking around it, unless the description says whose role it is ("the
            # head of the investigators")
            found = self._by_title(span)
            if found is None and not _role_of_something(head):
                found = self._latest(
                    pos, lambda c: isinstance(c, int) and self.clusters[c].cls == "Person"
                )
            return found if isinstance(found, int) else self._new_cluster(span, "Person")
        name = name_key(span.text)
        last = name.split(" ")[-1] if name else ""
        # a name, or one thing described ("the coalition" after "the US-led coalition",
        # "police" after "Tallinn police") is the organisation whose name ends in it;
        # "representatives" is not "House of Representatives"
        one = head.pos_ == "PROPN" or head.tag_ == "NN"
        orgs = [
            n
            for n, cl in enumerate(self.clusters)
            if cl.cls != "Person"
            and (
                name_key(cl.label) == name
                or (one or not cl.named)
                and (cl.key.split(" ")[-1] == last or name_key(cl.label).split(" ")[-1] == last)
            )
        ]
        if orgs:
            return orgs[0]
        if head.pos_ in ("NOUN", "PROPN"):
            # a named individual is a person; a plural or common noun, a group, unless
            # it names a person ("the victim")
            person = (
                head.pos_ == "PROPN" and head.tag_ != "NNPS" or _description_kind(head) == "Person"
            )
            return self._new_cluster(span, "Person" if person else "Organization")
        return None

    def _sayable(self, c: RawClaim) -> bool:
        """Long enough to be someone's words when no speaker is found for it."""
        return len(doc_text(self.doc)[c.start : c.end].split()) >= self.min_unresolved_words

    def run(self, raw: list[RawClaim]) -> list[ResolvedClaim]:
        """Resolve every claim's speaker; a quotation with none takes the speaker in play
        in its paragraph before it, else the attribution of the claim before it (a
        quotation opening a paragraph continues the speaker before it), else that of
        the first claim after it."""
        hits: dict[int, tuple[int, int, int]] = {}
        for c in sorted(raw, key=lambda c: c.speaker.start_char if c.speaker else c.start):
            span = _reported_source(c.speaker) if c.speaker is not None else None
            idx = self.resolve(span) if span is not None else None
            if idx is not None:
                self.speakers.append((span.start_char, idx))
                if not self.clusters[idx].named and not _agentive(span.root):
                    self.non_agents.add(idx)
                hits[id(c)] = (idx, span.start_char, span.end_char)
        resolved: list[ResolvedClaim] = []
        pending: list[RawClaim] = []  # quotations before any attribution
        last: ResolvedClaim | None = None
        for c in raw:
            hit = hits.get(id(c))
            if hit is not None:
                lemma = c.cue.lemma_.lower() if c.cue is not None else None
                if c.cue_text == "according to":
                    lemma = "according to"
                cue_at = (c.cue.idx, c.cue.idx + len(c.cue)) if c.cue is not None else (None, None)
                if c.cue_text == "according to" and c.cue is not None:
                    cue_at = (c.cue.idx, c.cue.idx + len("according to"))
                last = ResolvedClaim(
                    c.start, c.end, c.kind, c.cue_text, lemma, *hit, *cue_at, act=c.act
                )
                resolved.append(last)
                resolved += [replace(last, start=p.start, end=p.end, kind=p.kind) for p in pending]
                pending = []
            elif (
                c.inherit
                and (here := self._in_paragraph(c.start, last)) is not None
                and (last is None or last.speaker != here[0])
            ):
                resolved.append(ResolvedClaim(c.start, c.end, c.kind, "", None, *here))
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
    return ResolvedClaim(
        c.start, c.end, c.kind, c.cue_text, lemma, None, None, None, *cue_at, act=c.act
    )


@Language.factory(
    "kg_speakers",
    assigns=["doc._.claims"],
    requires=["doc._.raw_claims", "doc._.entities", "token.dep"],
    default_config={"min_unresolved_words": lx.MIN_UNRESOLVED_WORDS, "rules": None},
)
def make_speakers(
    nlp: Language, name: str, min_unresolved_words: int, rules: str | None
) -> SpeakerFinder:
    return SpeakerFinder(min_unresolved_words, rule_set(nlp, rules))


class SpeakerFinder:
    """Pipeline component: ``doc._.claims``, claims whose speakers are entity clusters.

    ``min_unresolved_words`` (its spaCy config): the fewest words a direct quotation whose
    speaker is not found must have to be kept, unresolved (default
    ``rules.en.MIN_UNRESOLVED_WORDS``)."""

    def __init__(self, min_unresolved_words: int = lx.MIN_UNRESOLVED_WORDS, rules: str = "en"):
        self.min_unresolved_words = min_unresolved_words
        self.rules = rules

    def __call__(self, doc: Doc) -> Doc:
        use(self.rules)
        resolver = SpeakerResolver(doc, self.min_unresolved_words)
        doc._.claims = resolver.run(doc._.raw_claims or [])
        return doc
