"""Entities of one article: named-entity spans cleaned, re-typed on evidence, and merged.

The ``kg_entities`` component reads spaCy's ``doc.ents`` and the parse and writes
``doc._.entities``, a list of :class:`EntityCluster` (one per real-world thing the article
names), and ``doc._.entity_at``, which maps a token index to the cluster it names.

What it does beyond spaCy's NER:

- trims spans to the name (``the``, a trailing ``’s``, a leading participle as in
  ``Lauding France``) and adds a compass word (``eastern Syria``);
- adds organisations the small model misses: well-known names and their aliases (a table
  in ``rules.en``), national institutions (``the Iraqi security forces``) and definite
  descriptions headed by an organisation noun (``the coalition``);
- corrects types on evidence: the subject of a cue verb is a person or an organisation,
  never a nationality, and a word that is a person's surname elsewhere in the article is
  that person;
- merges names within the article: ``Mattis`` = ``James Mattis``, acronyms from
  parentheses or initials (``Syrian Democratic Forces (SDF)``), aliases (``ISIL`` = ISIS),
  and misspellings of a person's surname used as the subject of a cue verb
  (``Matttis said``), while two people with one surname and different first names stay apart;
- records the titles an article gives people (``U.S. Defence Secretary``, ``chairman of``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.symbols import NOUN
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from kg.names import name_key
from kg.nlp.quotes import doc_text
from kg.nlp.rules import active as lx
from kg.nlp.rules import per_rule_set, rule_set, use

PERSON, ORG, PLACE = "Person", "Organization", "Place"


@dataclass
class EntityCluster:
    """One real-world thing as an article names it: its mentions are character spans."""

    label: str
    cls: str
    mentions: list[tuple[int, int]] = field(default_factory=list)
    titles: list[tuple[str, int, int]] = field(default_factory=list)
    gender: str | None = None
    key: str = ""
    named: bool = True  # False while only a description ("the coalition") names it
    names: list[str] = field(default_factory=list)  # the mentions that are names, as written
    generic: bool = False  # a name many places give their own institution ("Parliament")
    described_as: str | None = None  # for an unnamed one: description, document or group


@dataclass
class _Candidate:
    span: Span
    cls: str
    canonical: str | None = None  # from the well-known table
    named: bool = True  # False for a description such as "the coalition"


for _name, _default in (("entities", None), ("entity_at", None)):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


def description_label(
    cluster: EntityCluster,
    text: str,
    spans: list[tuple[int, int]] = (),
    places: dict[int, str] | None = None,
) -> str:
    """The label of an entity the article never names: the description its first
    reference gives (``event organizers``, ``Both officers``), qualified by the place
    written just before it (``Gdańsk police`` from ``Gdańsk police said``).

    ``spans`` are more places where the article refers to it (speaker mentions), and
    ``places`` maps the end offset of each place name in the text to the name. A
    description is the head noun with modifiers only (no clause, no preposition), so ``a
    statement released by the police`` does not label the police.

    Examples
    --------
    >>> text = "The Gdańsk police said so. Police said more."
    >>> cluster = EntityCluster("police", "Organization", [(4, 17), (27, 33)])
    >>> description_label(cluster, text, places={10: "Gdańsk"})
    'Gdańsk police'
    """
    words = cluster.label.split()
    if not words:
        return cluster.label
    head = words[-1].lower()
    refs = sorted({*cluster.mentions, *spans})
    label = cluster.label
    for s, e in refs:
        while re.match(r"-\w", text[e : e + 2]):  # "study co" cut from "study co-author"
            e = re.match(r"-\w+", text[e:]).end() + e
        found = text[s:e].split()
        while found and found[0].lower() in lx.ARTICLES:
            found = found[1:]
        if (
            found
            and found[-1].lower().split("-")[0] == head
            and len(found) <= _MAX_DESCRIPTION_WORDS
            and not any(w.lower() in lx.NOT_MODIFIERS for w in found)
        ):
            label = " ".join(found)
            break
    if places and refs:
        s, e = refs[0]
        # the text before it without a possessive and spaces: read from the last few
        # characters (the spaces, a line break, the possessive), not the whole prefix
        tail = s
        while tail > 0 and text[tail - 1] in " \t\n":
            tail -= 1
        tail = max(0, tail - 2)
        before = tail + len(re.sub(r"(?:[’']s)?[ \t]*$", "", text[tail:s]))
        end = s + text[s:e].lower().rfind(head)
        inside = len(text[:end].rstrip())
        place = places.get(before) or (places.get(inside) if inside > s else None)
        if place and place.lower() not in label.lower():
            label = f"{place} {label[0].lower() + label[1:] if label.istitle() else label}"
    return label


_MAX_DESCRIPTION_WORDS = 4


def surname(text: str) -> str:
    """Last word of a person's name, without a particle (``al-Assad`` -> ``assad``)."""
    last = name_key(text).split(" ")[-1] if text.strip() else ""
    return last.split("-")[-1]


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Levenshtein distance, stopping early once it passes ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        if min(cur) > limit:
            return limit + 1
        prev = cur
    return prev[-1]


def capitalised(tok: Token) -> bool:
    """A word written with a capital first letter: ``Smith``, ``LaRue``, ``McDermott``,
    ``NATO`` (spaCy's ``is_title`` is False for the inner capitals of ``LaRue``)."""
    return tok.text[:1].isupper()


def is_cue_subject(tok: Token) -> bool:
    return tok.dep_ in lx.SUBJ_DEPS and tok.head.lemma_.lower() in lx.CUE_VERBS


def _trim(span: Span) -> Span | None:
    """The name inside a span: no determiner, possessive, punctuation or participle."""
    start, end = span.start, span.end
    doc = span.doc
    start, end = _within_a_line(doc, start, end)
    while start < end and (
        doc[start].dep_ == "det"
        or doc[start].lower_ == "the"
        or doc[start].is_punct
        or doc[start].is_space
        or _is_verb_in_name(doc[start], end)
    ):
        start += 1
    while end > start and (
        doc[end - 1].tag_ == "POS"
        or doc[end - 1].is_punct
        or doc[end - 1].is_space
        or doc[end - 1].lower_ in ("’s", "'s")
    ):
        end -= 1
    if start >= end:
        return None
    return doc[start:end]


def _within_a_line(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """The longest piece of tokens ``start:end`` that crosses no line break: a name never
    runs from a headline into the next line (``Bush\\n\\nPresident``), nor takes in the
    break after it (the NER often ends a span on ``\\n\\n``)."""
    breaks = [i for i in range(start, end) if doc[i].is_space and "\n" in doc[i].text]
    if not breaks:
        return start, end
    pieces = zip([start] + [b + 1 for b in breaks], breaks + [end], strict=True)
    return max(pieces, key=lambda p: (p[1] - p[0], -p[0]))


def _is_verb_in_name(tok: Token, end: int) -> bool:
    """``Lauding France``: a participle that the NER swept into the name it governs
    (the parser calls it a clause, or it opens the sentence, as a fronted participle)."""
    if tok.i + 1 >= end or not tok.lower_.endswith(("ing", "ed")):
        return False
    return tok.dep_ in ("advcl", "xcomp", "ccomp", "acl", "pcomp") or (
        tok.is_sent_start and tok.lower_.endswith("ing")
    )


class _Known(NamedTuple):
    """The well-known entities of the rule set in force (``rules.en.well_known()``), looked up."""

    canonical: dict[str, str]  # each name and alias, as written -> the canonical name
    cls: dict[str, str]  # canonical name -> class
    places: dict[str, str]  # name key of a well-known place's name or alias -> its name
    qualified: dict[str, list[tuple[str, str]]]  # see _qualified_well_known
    generic: frozenset[str]  # names many institutions share (GENERIC_INSTITUTIONS, ORG_NOUNS)


@per_rule_set
def _known() -> _Known:
    known = lx.well_known()
    canonical = {a: n for n, _, aliases in known for a in (n, *aliases)}
    cls = {n: c for n, c, _ in known}
    places = {name_key(a): n for a, n in canonical.items() if cls[n] == PLACE}
    return _Known(
        canonical,
        cls,
        places,
        _qualified_well_known(canonical, cls, places),
        lx.GENERIC_INSTITUTIONS | lx.ORG_NOUNS,
    )


def _qualified_well_known(
    canonical: dict[str, str], cls: dict[str, str], places: dict[str, str]
) -> dict[str, list[tuple[str, str]]]:
    """Description -> [(place, organisation)] for the well-known organisations whose name is
    a description qualified by a place (``US-led coalition``: ``coalition`` led by the
    ``United States``)."""
    table: dict[str, list[tuple[str, str]]] = {}
    for alias, name in canonical.items():
        words = name_key(alias).split()
        if cls[name] != ORG or len(words) != 2:
            continue
        place = places.get(re.sub(r"-(led|based|backed)$", "", words[0]))
        if place and (place, name) not in table.get(words[1], []):
            table.setdefault(words[1], []).append((place, name))
    return table


def well_known_matcher(nlp: Language) -> PhraseMatcher:
    """A case-sensitive matcher for the names and aliases of ``rules.en.well_known()``."""
    matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
    for alias, canonical in _known().canonical.items():
        matcher.add(canonical, [nlp.make_doc(alias)])
    return matcher


def _national_institutions(doc: Doc, taken: set[int], ents: tuple[Span, ...]) -> list[_Candidate]:
    found = []
    for ent in ents:
        if ent.label_ != "NORP" or len(ent) != 1:
            continue
        for words in lx.NATIONAL_INSTITUTIONS:
            end = ent.end + len(words)
            if end <= len(doc) and tuple(t.lower_ for t in doc[ent.end : end]) == words:
                if doc[end - 1].dep_ == "compound":
                    break  # "Iraqi government forces": a modifier, not the institution
                if not any(i in taken for i in range(ent.start, end)):
                    found.append(_Candidate(doc[ent.start : end], ORG))
                break
    return found


def _org_descriptions(doc: Doc, taken: set[int]) -> list[_Candidate]:
    """``the coalition``, ``the U.S.-led coalition``: a definite organisation noun."""
    found = []
    nouns = [i for i, pos in enumerate(doc.to_array("POS").tolist()) if pos == NOUN]
    for tok in (doc[i] for i in nouns):  # Token objects for the nouns alone
        if tok.lemma_.lower() not in lx.ORG_NOUNS or tok.pos_ != "NOUN" or tok.i in taken:
            continue
        if tok.tag_ == "NNS" or not any(c.lower_ == "the" and c.dep_ == "det" for c in tok.lefts):
            continue
        if tok.dep_ in ("compound", "poss"):
            continue
        start = min(
            [
                c.i
                for c in tok.lefts
                if c.dep_ in ("compound", "amod", "npadvmod") and c.i not in taken
            ]
            + [tok.i]
        )
        if start < tok.i:
            start = min([t.i for t in doc[start].subtree] + [start])
        if any(i in taken for i in range(start, tok.i)):
            start = tok.i
        found.append(_Candidate(doc[start : tok.i + 1], ORG, named=False))
    return found


def _split_acronyms(ents: tuple[Span, ...]) -> list[Span]:
    """``World Health Organization (WHO``: the name and its acronym, as two spans."""
    out = []
    for ent in ents:
        paren = next((t.i for t in ent if t.text == "("), None)
        if paren is None:
            out.append(ent)
            continue
        doc = ent.doc
        out.append(Span(doc, ent.start, paren, label=ent.label_))
        inner = [t.i for t in doc[paren + 1 : ent.end] if t.text != ")"]
        if inner:
            out.append(Span(doc, inner[0], inner[-1] + 1, label=ent.label_))
    return [s for s in out if len(s)]


def _acronym_mentions(doc: Doc, cands: list[_Candidate]) -> list[_Candidate]:
    """Later uses of an acronym the article introduced (``WHO officials``) that the NER
    did not tag."""
    taken = {i for c in cands for i in range(c.span.start, c.span.end)}
    acronyms = {
        c.span.text: c
        for c in cands
        if len(c.span) == 1 and c.span.text.isupper() and len(c.span.text) >= 2 and c.cls != PERSON
    }
    if not acronyms:
        return []
    keys = {doc.vocab.strings[a]: c for a, c in acronyms.items()}  # by the word's hash
    return [
        _Candidate(doc[i : i + 1], keys[orth].cls)
        for i, orth in enumerate(doc.to_array("ORTH").tolist())
        if orth in keys and i not in taken
    ]


def _in_title(span: Span) -> bool:
    """``Secretary of State``: a one-word name that completes a title is part of it."""
    doc = span.doc
    return (
        len(span) == 1
        and span.start >= 2
        and doc[span.start - 1].lower_ == "of"
        and (doc[span.start - 2].lower_ in lx.ROLE_NOUNS)
    )


def _well_known(
    doc: Doc, matcher: PhraseMatcher | None, ents: tuple[Span, ...]
) -> list[_Candidate]:
    """Well-known names; a longer name the NER found around one wins (``ISIS Khorasan``)."""
    if matcher is None:
        return []
    spans = filter_spans([doc[s:e] for _, s, e in matcher(doc)])
    found = []
    for span in spans:
        if any(
            ent.start <= span.start
            and span.end <= ent.end
            and len(ent) - _leading_articles(ent) > len(span)  # "The NATO" is still NATO
            and lx.NER_CLASSES.get(ent.label_)
            for ent in ents
        ):
            continue
        known = _known()
        canonical = known.canonical[span.text]
        found.append(_Candidate(span, known.cls[canonical], canonical=canonical))
    return found


def _leading_articles(span: Span) -> int:
    """How many articles begin ``span`` (the NER often takes in "The")."""
    n = 0
    while n < len(span) and span[n].lower_ in lx.ARTICLES:
        n += 1
    return n


def _not_a_name(span: Span) -> bool:
    """Words the NER tags as names that are not names of a person, organisation or place:
    time zones (``1639 UTC``), diseases (``COVID-19``), and capitals in a shouted sentence
    (``BY A LOT!``), where the small model takes any word for a name."""
    name = name_key(span.text)
    if name in lx.TIME_ZONES or name in lx.NOT_ENTITY_NAMES:
        return True
    if not span.text.isupper():
        return False
    around = _words_around(span, -1) + _words_around(span, 1)
    return len(around) >= 2 and all(t.is_upper for t in around)


def _words_around(span: Span, step: int, n: int = 3) -> list[Token]:
    """Up to ``n`` words on one side of ``span`` in its sentence and quotation."""
    doc, sent, words = span.doc, span.sent, []
    i = span.start - 1 if step < 0 else span.end
    while sent.start <= i < sent.end and len(words) < n and not doc[i].is_quote:
        if doc[i].is_alpha:
            words.append(doc[i])
        i += step
    return words


def _candidates(
    doc: Doc, headlines: _Headlines, matcher: PhraseMatcher | None = None
) -> list[_Candidate]:
    ents = doc.ents  # once: each access makes every entity's Span again
    cands = _well_known(doc, matcher, ents)
    known = {i for c in cands for i in range(c.span.start, c.span.end)}
    headlines.body_names = {
        name_key(e.text)
        for e in ents
        if e.label_ in lx.NER_CLASSES and not headlines.on_title_line(e[0])
    }
    people = {name_key(e.text) for e in ents if e.label_ == "PERSON" and len(e) > 1}
    for ent in _split_acronyms(ents):
        cls = lx.NER_CLASSES.get(ent.label_)
        if cls is None or any(i in known for i in range(ent.start, ent.end)):
            continue
        span = _trim(ent)
        if span is None:
            continue
        for name in headlines.names_in(span):
            person = _person_named_elsewhere(name, cls, people) if people else None
            if person is not None:  # "Prime Minister of Slovakia Igor Matovič" tagged ORG
                cands += _ner_candidates(doc[name.start : person.start], cls)
                cands += _ner_candidates(person, PERSON)
                continue
            cands += _ner_candidates(name, cls)
    taken = {i for c in cands for i in range(c.span.start, c.span.end)}
    cands += _plural_bodies(doc, taken, headlines)
    taken = {i for c in cands for i in range(c.span.start, c.span.end)}
    cands += _national_institutions(doc, taken, ents)
    taken = {i for c in cands for i in range(c.span.start, c.span.end)}
    cands += _org_descriptions(doc, taken)
    taken = {i for c in cands for i in range(c.span.start, c.span.end)}
    cands += _speaker_names(doc, taken)
    cands += _acronym_mentions(doc, cands)
    return sorted(cands, key=lambda c: c.span.start)


def _person_named_elsewhere(span: Span, cls: str, people: set[str]) -> Span | None:
    """The end of an organisation's or place's name that is the full name of a person the
    NER tags elsewhere in the article (``Slovakia Igor Matovič`` beside ``Prime Minister Igor
    Matovič``), after a word at least; else None."""
    if cls == PERSON or len(span) < 3:
        return None
    for k in range(1, len(span) - 1):
        if name_key(span[k:].text) in people:
            return span[k:]
    return None


def _ner_candidates(span: Span, cls: str) -> list[_Candidate]:
    """The candidates of a name the NER found, of class ``cls``: none for a title's word,
    a time zone or a lower-case "person"; two for a place glued to a person's name."""
    doc = span.doc
    if _in_title(span) or _not_a_name(span):
        return []
    found = []
    place = _place_before_person(span)
    if place is not None:  # "from Vermont Bernie Sanders": the place, then the person
        found.append(_Candidate(place, PLACE))
        span, cls = doc[place.end : span.end], PERSON
    person = _person_after_organisation(span) if cls != PERSON else None
    if person is not None:  # "Speaker of the House Nancy Pelosi": the House, then her
        found += _ner_candidates(doc[span.start : person.start], cls)
        span, cls = person, PERSON
    if cls == PERSON:
        span = _without_title(span)
    if (
        name_key(span.text) in lx.PLATFORMS
        or _institution_as_person(span, cls)
        or (cls == PERSON and _plural_body(span[-1]) and len(span) == 1)
    ):
        cls = ORG  # "the Colts' touchdown" tagged a person: people are not "the Colts"
    if cls == PERSON and not _person_name(span):
        return found  # "lone wolf", "A. millepora", "12th Amendment": no person's name
    if cls == PLACE:
        span, cls = _team_of_place(span)
    if cls == PLACE and span.start > 0 and doc[span.start - 1].lower_ in lx.DIRECTIONAL:
        span = doc[span.start - 1 : span.end]
    found.append(_Candidate(span, cls))
    return found


def _team_plural(tok: Token) -> bool:
    """A plural that ends a team's name (``Cowboys``, ``76ers``, ``Tar Heels``), not a
    place's or another body's (``rules.en.NOT_TEAM_PLURALS``: ``Islands``, ``News``)."""
    return (
        tok.tag_ in ("NNPS", "NNS")
        and (capitalised(tok) or tok.text[:1].isdigit())
        and lx.is_team_plural(tok.lower_)
    )


def _team_of_place(span: Span) -> tuple[Span, str]:
    """``the Dallas Cowboys`` tagged the place ``Dallas`` and nothing, ``the North Carolina
    Tar Heels`` tagged a place: a place's name that a team's plural (:func:`_team_plural`)
    ends or follows, untagged, is the team's name, an organisation."""
    doc = span.doc
    if span.end < len(doc) and not doc[span.end].ent_type_ and _team_plural(doc[span.end]):
        return doc[span.start : span.end + 1], ORG
    if len(span) > 1 and span[-1].tag_ == "NNPS" and _team_plural(span[-1]):
        return span, ORG
    return span, PLACE


def _person_after_organisation(span: Span) -> Span | None:
    """The person's name at the end of an organisation or place the NER ran on into it
    (``House Nancy Pelosi``): a given name (``rules.en``'s short tables of given names,
    not the census's: ``San Francisco Giants``, ``St. Louis Cardinals`` start with one)
    after at least one word, and a capitalised word or more after it; else None."""
    for k in range(1, len(span) - 1):
        rest = span[k:]
        if (
            (rest[0].lower_ in lx.MALE_NAMES or rest[0].lower_ in lx.FEMALE_NAMES)
            and all(t.is_title for t in rest)
            and rest[-1].lower_ not in lx.NOT_PERSON_NAME_WORDS  # Texas Christian University
        ):
            return rest
    return None


def _without_title(span: Span) -> Span:
    """A person's name without the title the NER took into it (``US Speaker Pelosi``,
    ``Comedian Ellen DeGeneres``): the words after its last role noun
    (``rules.en.ROLE_NOUNS``), which :func:`_titles` then reads as the title."""
    last = max((t.i for t in span[:-1] if t.lower_ in lx.ROLE_NOUNS), default=None)
    return span if last is None else span.doc[last + 1 : span.end]


def _pairing(span: Span, surnames: set[str]) -> bool:
    """``Trump-Biden``, ``Biden-Harris``: people of the article joined by hyphens, as a
    race, ticket or meeting between them is named, not one of them nor an entity."""
    parts = name_key(span.text).split("-")
    return len(parts) > 1 and all(p.strip() in surnames for p in parts)


def _person_name(span: Span) -> bool:
    """Can ``span`` be a person's name? Its last word is capitalised (not ``lone wolf``,
    nor a species, ``A. millepora``), no word holds a digit (``12th Amendment``), and one
    word is more than an initial (not a lone ``A``)."""
    words = [t for t in span if not t.is_punct]
    return (
        bool(words)
        and capitalised(words[-1])
        and not any(c.isdigit() for t in words for c in t.text)
        and any(len(t.text.rstrip(".")) > 1 for t in words)
    )


class _Headlines:
    """The article's title-cased lines (headlines), and the words it writes in lower case
    elsewhere: on such a line capitals do not tell names from other words."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.text = doc_text(doc)
        self._lines: dict[int, bool] = {}  # line start -> title-cased
        self._lower: set[int] | None = None  # hashes of the words written in lower case
        self.body_names: set[str] = set()  # name keys of the NER's names off the headlines

    def on_title_line(self, tok: Token) -> bool:
        """Is ``tok`` on a line of three words or more, each capitalised or a small word of
        a title (``rules.en.TITLE_SMALL_WORDS``), with no full stop at its end?"""
        start = self.text.rfind("\n", 0, tok.idx) + 1
        if start not in self._lines:
            end = self.text.find("\n", tok.idx)
            line = self.text[start : end if end >= 0 else len(self.text)].strip()
            words = re.findall(r"(?<!\w)[^\W\d_][\w'’-]*", line)  # not "th" of "5th"
            self._lines[start] = (
                len(words) >= 3
                and not line.endswith((".", "!", "?"))
                and all(w[:1].isupper() or w.lower() in lx.TITLE_SMALL_WORDS for w in words)
            )
        return self._lines[start]

    def written_lower(self, tok: Token) -> bool:
        """Does the article write ``tok``'s word in lower case somewhere?"""
        if self._lower is None:
            lowers, orths = self.doc.to_array("LOWER"), self.doc.to_array("ORTH")
            self._lower = set(lowers[lowers == orths].tolist())
        return tok.lower in self._lower

    def names_in(self, span: Span) -> list[Span]:
        """The names in a span the NER found on a headline line, where it runs on into the
        headline's other words (``Comedian Ellen DeGeneres``, ``Lindsay Lohan Checks Into
        Rehab``, ``Obama To Nominate Regina Benjamin``): the span cut at each stop word and
        verb (a joining word such as ``of`` between two name words stays), each piece
        without the leading words the article writes in lower case elsewhere (``comedian``),
        and no piece made of such words alone. Off a headline, the span itself."""
        if not self.on_title_line(span[0]):
            return [span]
        doc = span.doc

        def breaks(t: Token) -> bool:
            if t.lower_ in lx.NAME_JOINING_WORDS and span.start < t.i < span.end - 1:
                return False
            return (
                t.lower_ in lx.TITLE_SMALL_WORDS
                or (t.is_stop and t.tag_ != "NNP")  # "Theresa May" keeps "May"
                or t.tag_.startswith("VB")
                or (t.is_punct and t.text not in "-&.'’")
            )

        names, start = [], span.start
        for i in range(span.start, span.end + 1):
            if i < span.end and not breaks(doc[i]):
                continue
            while start < i and self.written_lower(doc[start]) and not doc[start].is_upper:
                start += 1
            if start < i:
                names.append(self._known_prefix(doc[start:i]))
            start = i + 1
        return names

    def _known_prefix(self, piece: Span) -> Span:
        """``Lindsay Lohan Checks``: a headline's piece that is no name of the article's
        text, cut to the longest start of it that is."""
        if name_key(piece.text) in self.body_names:
            return piece
        for end in range(piece.end - 1, piece.start, -1):
            if name_key(piece.doc[piece.start : end].text) in self.body_names:
                return piece.doc[piece.start : end]
        return piece


def _plural_body(tok: Token) -> bool:
    """``the Colts``, ``the Sixers``, ``the top-seeded Bluejays``: a capitalised plural
    noun after ``the`` names a team, band or other body (``rules.en.PLURAL_BODY_NER_TYPES``:
    not a nationality or group such as ``the Democrats``, which the NER tags NORP)."""
    doc = tok.doc
    return (
        capitalised(tok)
        and tok.tag_ in ("NNPS", "NNS")
        and tok.text.endswith("s")
        and not tok.is_upper
        and tok.ent_type_ in lx.PLURAL_BODY_NER_TYPES
        and (
            any(c.lower_ == "the" and c.dep_ == "det" for c in tok.lefts)
            or (tok.i > 0 and doc[tok.i - 1].lower_ == "the")
        )
        and name_key(tok.text) not in lx.country_names()
        and name_key(tok.text) not in lx.region_names()
    )


def _plural_bodies(doc: Doc, taken: set[int], headlines: _Headlines) -> list[_Candidate]:
    """Teams and other bodies named by a capitalised plural (:func:`_plural_body`) that
    the NER left untagged or mistyped, with the capitalised words before it (``the Tar
    Heels``); not on a headline, where every word is capitalised."""
    found = []
    tags = doc.to_array("TAG").tolist()  # Token objects for the plural nouns alone
    plural = {doc.vocab.strings["NNPS"], doc.vocab.strings["NNS"]}
    for tok in (doc[i] for i, tag in enumerate(tags) if tag in plural and i not in taken):
        if not _plural_body(tok) or headlines.on_title_line(tok):
            continue
        start = tok.i
        while (
            start > 0
            and doc[start - 1].dep_ == "compound"
            and doc[start - 1].pos_ == "PROPN"
            and capitalised(doc[start - 1])
            and start - 1 not in taken
        ):
            start -= 1
        found.append(_Candidate(doc[start : tok.i + 1], ORG))
    return found


def _party_of_country(span: Span) -> Span | None:
    """``the United States Democratic Party``: the party's name after the country's (a
    country's name or a well-known name of one, then a name ending in
    ``rules.en.PARTY_WORDS``), else None."""
    if len(span) < 3 or span[-1].lower_ not in lx.PARTY_WORDS:
        return None
    for k in range(1, len(span) - 1):
        place = name_key(span[:k].text)
        if (place in lx.country_names() or place in _known().places) and all(
            t.is_title for t in span[k:]
        ):
            return span[k:]
    return None


def _institution_as_person(span: Span, cls: str) -> bool:
    """``the Commission canceled the debate``, ``This Court has concluded``: a capitalised
    institution word after a determiner that the NER took for a person's name."""
    doc = span.doc
    return (
        cls == PERSON
        and len(span) == 1
        and span.start > 0
        and doc[span.start - 1].lower_ in lx.DEFINITE_DETERMINERS
        and span[0].lower_ in _known().generic
    )


def _place_before_person(span: Span) -> Span | None:
    """The place at the start of a name the NER glued to a person's (``Senator from
    Vermont Bernie Sanders``, ``First Minister of Scotland Nicola Sturgeon``): a country or
    a state or province (``rules.en``'s place tables) followed by a given name (of the
    census's too: :func:`rules.en.is_given_name`) and at least one more capitalised word,
    the last no word of a place or a body (``Texas Christian University``)."""
    for k in range(min(3, len(span) - 2), 0, -1):
        rest, place = span[k:], " ".join(t.lower_ for t in span[:k])
        if (
            (place in lx.country_names() or place in lx.region_names())
            and lx.is_given_name(rest[0].lower_)
            and all(t.is_title for t in rest)
            and rest[-1].lower_ not in lx.NOT_PERSON_NAME_WORDS
        ):
            return span[:k]
    return None


def _speaker_names(doc: Doc, taken: set[int]) -> list[_Candidate]:
    """Names the NER missed or mistyped that are subjects of a cue verb: people.

    ``Mattis said`` with ``Mattis`` tagged a nationality, ``attis said`` with the first
    letter lost: a proper noun (or an unknown word) heading a cue's subject names a person.
    """
    found = []
    deps = doc.to_array("DEP").tolist()  # Token objects for the subjects alone
    subj = {doc.vocab.strings[d] for d in lx.SUBJ_DEPS}  # the labels' hashes, as in the array
    for tok in (doc[i] for i, dep in enumerate(deps) if dep in subj):
        if not is_cue_subject(tok) or tok.i in taken:
            continue
        if tok.tag_ == "NNPS":
            continue  # "Republicans said": a group, not a person
        if tok.ent_type_ in lx.MISLABELLED_SPEAKER_LABELS or tok.ent_type_ == "":
            if tok.pos_ == "PROPN" or (tok.ent_type_ and tok.is_alpha and not tok.is_stop):
                start = min(
                    [c.i for c in tok.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"] + [tok.i]
                )
                if _person_name(doc[start : tok.i + 1]):
                    found.append(_Candidate(doc[start : tok.i + 1], PERSON))
    # a NORP/GPE/ORG word that the NER tagged and that is the subject of a cue is
    # re-typed in _retype once all person names are known
    return found


def _retype(doc: Doc, cands: list[_Candidate]) -> None:
    """A word that is a person's surname elsewhere in the article is that person; a
    name the NER took for a person that is a country's is the country (see
    :func:`_countries_as_places`)."""
    _countries_as_places(doc, cands)
    _organisations_tagged_as_people(cands)
    _one_class_per_name(cands)
    surnames = {surname(c.span.text) for c in cands if c.cls == PERSON}
    for c in cands:
        if c.cls == PERSON or c.canonical is not None:
            continue
        if len(c.span) != 1 and len(name_key(c.span.text).split()) != 1:
            continue  # (one word: "Gallego-Lazo" is three tokens)
        word = surname(c.span.text)
        if word in surnames:
            c.cls = PERSON
        elif is_cue_subject(c.span.root) and (
            c.span.root.ent_type_ == "NORP"
            and c.span.root.tag_ != "NNPS"
            or len(word) >= 4
            and any(edit_distance(word, s, 2) <= min(2, len(s) // 3) for s in surnames)
        ):
            c.cls = PERSON  # a nationality does not speak; a misspelt surname is that person
    _people_typed_as_things(cands, surnames)
    _drop_common_nouns(cands, surnames)
    cands[:] = [c for c in cands if c.canonical is not None or not _pairing(c.span, surnames)]


def _people_typed_as_things(cands: list[_Candidate], surnames: set[str]) -> None:
    """``Maurice Cheeks`` tagged a place beside ``Cheeks`` the person, ``Kathina`` a place
    beside ``Kathina Thomas``: a name of two words that ends in a person's surname of the
    article and starts with a given name (the census's, or a person's of the article) is a
    person; a one-word name that is the given name of one person of the article, and no
    person's surname and no country, is that person's. A name holding a word of
    ``rules.en.NOT_PERSON_NAME_WORDS`` (``Jackson County``) stays what it is."""
    given: dict[str, set[str]] = {}
    for c in cands:
        if c.cls == PERSON and len(c.span) > 1:
            words = name_key(c.span.text).split()
            given.setdefault(words[0], set()).add(words[-1])
    countries = lx.country_names()
    for c in cands:
        if c.cls == PERSON or c.canonical is not None or not c.named:
            continue
        words = name_key(c.span.text).split()
        if lx.NOT_PERSON_NAME_WORDS.intersection(words) or not all(capitalised(t) for t in c.span):
            continue
        if len(words) == 2:
            first, last = words
            if last in surnames and (
                first in given or lx.is_given_name(first) or first in lx.SURNAME_PARTICLES
            ):
                c.cls = PERSON  # (and "La Riva" after "Gloria La Riva")
        elif (
            len(words) == 1
            and len(given.get(words[0], ())) == 1
            and words[0] not in surnames
            and words[0] not in countries
        ):
            c.cls = PERSON


def _drop_common_nouns(cands: list[_Candidate], surnames: set[str]) -> None:
    """``the coronavirus pandemic shows ...``: the tagger can take a lowercase noun that
    heads a cue's subject for a proper noun, but a lowercase word is no person's name,
    unless it is a person's surname with a letter lost or doubled (``attis said`` after
    ``James Mattis``)."""

    def lowercase_stranger(c: _Candidate) -> bool:
        if c.cls != PERSON or any(capitalised(t) for t in c.span):
            return False
        word = surname(c.span.text)
        return not any(
            s != word and edit_distance(word, s, 2) <= min(2, len(s) // 3) for s in surnames
        )

    cands[:] = [c for c in cands if not lowercase_stranger(c)]


def _organisations_tagged_as_people(cands: list[_Candidate]) -> None:
    """``Wikinews attended ... told Wikinews ... Wikinews has contacted``: the small NER
    tags one outlet PERSON here and ORG there. A one-word name tagged an organisation at
    least as often as a person in the article, that no person's full name in it holds
    (``Ketanji Brown Jackson``), is that organisation everywhere in the article."""
    held = {
        w
        for c in cands
        if c.cls == PERSON and len(c.span) > 1
        for w in name_key(c.span.text).split()
    }
    votes: dict[tuple[str, str], int] = {}
    for c in cands:
        if len(c.span) == 1 and c.named:
            key = (name_key(c.span.text), c.cls)
            votes[key] = votes.get(key, 0) + 1
    for c in cands:
        if c.cls != PERSON or len(c.span) != 1:
            continue
        name = name_key(c.span.text)
        orgs = votes.get((name, ORG), 0)
        if name not in held and orgs and orgs >= votes.get((name, PERSON), 0):
            c.cls = ORG


def _one_class_per_name(cands: list[_Candidate]) -> None:
    """``Alexei Navalny`` tagged PERSON ten times and ORG once in one article: a name of
    two words or more is one thing in an article, of the class the NER gives it most
    (its lone surname voting for the person; on a tie, the person). A name holding a word of
    ``rules.en.NOT_PERSON_NAME_WORDS`` (``Java Sea``, ``Fort Lee``) is never the person."""
    votes: dict[str, dict[str, int]] = {}
    for c in cands:
        if c.named and c.canonical is None and len(c.span) > 1:
            v = votes.setdefault(name_key(c.span.text), {})
            v[c.cls] = v.get(c.cls, 0) + 1
    lone = {}  # "Sirhan" after "Sirhan Sirhan": the surname votes for the person
    for c in cands:
        if c.cls == PERSON and len(c.span) == 1:
            lone[surname(c.span.text)] = lone.get(surname(c.span.text), 0) + 1
    for name, v in votes.items():
        if PERSON in v:
            v[PERSON] += lone.get(surname(name), 0)
    winners = {}
    for name, v in votes.items():
        if len(v) < 2:
            continue
        words = name.split()
        if PERSON in v and lx.NOT_PERSON_NAME_WORDS.intersection(words):
            del v[PERSON]
        winners[name] = max(v, key=lambda k: (v[k], k == PERSON, k))
    for c in cands:
        if c.named and c.canonical is None and len(c.span) > 1:
            c.cls = winners.get(name_key(c.span.text), c.cls)


def _countries_as_places(doc: Doc, cands: list[_Candidate]) -> None:
    """``Armenia and Azerbaijan``, ``west of Bermuda``: the small NER tags many countries
    PERSON. A person candidate whose whole name is a country's (``rules.en.country_names``)
    is that place, unless the article names a person with it (``Chad Wolf``, ``Jim
    Jordan``: then ``Jordan said`` is him) or an honorific stands before it (``Mr.
    Jordan``)."""
    countries = lx.country_names()
    words = {
        w
        for c in cands
        if c.cls == PERSON and len(c.span) > 1
        for w in name_key(c.span.text).split()
    }
    for c in cands:
        if c.cls != PERSON or c.canonical is not None:
            continue
        name = name_key(c.span.text)
        if name not in countries or name in words:
            continue
        if c.span.start > 0 and doc[c.span.start - 1].lower_ in lx.PERSON_HONORIFICS:
            continue
        c.cls = PLACE


def _titles(span: Span) -> list[Span]:
    """Titles an article gives the person named by ``span``, as spans of the text."""
    doc = span.doc
    titles = []
    i = span.start - 1
    while (
        i >= 0
        and not doc[i].is_punct
        and doc[i].dep_ != "det"
        and (
            doc[i].is_title
            or doc[i].is_upper
            or doc[i].lower_ in lx.ROLE_NOUNS
            or doc[i].lower_ in lx.TITLE_WORDS
        )
        and doc[i].ent_type_ not in ("PERSON",)
    ):
        i -= 1
    left = doc[i + 1 : span.start]
    if left and any(t.lower_ in lx.ROLE_NOUNS for t in left):
        while left and left[0].lower_ == "of":
            left = left[1:]
        titles.append(left)
    for child in span.root.children:
        if child.dep_ == "appos" and child.lower_ in lx.ROLE_NOUNS and child.i > span.end - 1:
            sub = list(child.subtree)
            end = sub[-1].i + 1
            while end > child.i + 1 and (doc[end - 1].is_punct or doc[end - 1].is_space):
                end -= 1
            titles.append(doc[child.i - (1 if doc[child.i - 1].dep_ == "compound" else 0) : end])
    return titles


def _gender(titles: list[str]) -> str | None:
    words = {w.lower() for t in titles for w in t.split()}
    if words & lx.FEMALE_WORDS:
        return "female"
    if words & lx.MALE_WORDS:
        return "male"
    return None


def cluster(doc: Doc, matcher: PhraseMatcher | None = None) -> list[EntityCluster]:
    """Group the article's entity mentions into one cluster per real-world thing.

    In turn: candidates found and re-typed on evidence; people grouped by name, and a
    misspelt surname joined to the person it names; organisations and places grouped by
    name, alias, acronym and head noun; generic institutions qualified by the article;
    titles and genders given to people; the clusters with mentions numbered, and each
    token's cluster set on ``doc._.entity_at``.
    """
    headlines = _Headlines(doc)
    cands = _candidates(doc, headlines, matcher)
    _retype(doc, cands)
    found = _Clusters()
    people = [c for c in cands if c.cls == PERSON]
    _cluster_people(people, found, headlines)
    _join_misspelt_surnames(doc, found)
    _cluster_things(doc, [c for c in cands if c.cls != PERSON], found)
    _join_short_forms(found)
    _named_after(doc, found)
    _qualify_institutions(doc, found.clusters, found.token_cluster, found.by_key)
    _name_key_mentions(doc, found, headlines)
    _give_titles_and_genders(doc, people, found)
    return _numbered(doc, found)


def _name_key_mentions(doc: Doc, found: _Clusters, headlines: _Headlines) -> None:
    """Every other use of a name the article gives one of its entities is a mention of it,
    where the NER missed or mistyped it (``Klitschko`` tagged a nationality, ``LaRue`` left
    untagged, ``Colts beat ...`` at a sentence's start): the same words as one of the
    entity's names, or a person's surname alone, that name no other entity of the article.

    A word qualifies if it is capitalised and a proper noun, or a noun the article never
    writes in lower case (``Colts`` tagged a common noun), and the words around it are no
    other name (not ``Ford`` in ``Ford Motor``): a capitalised proper noun next to it that
    is no honorific ends the match, except on a headline, where every word is capitalised.
    """
    clusters, token_cluster = found.clusters, found.token_cluster
    keys: dict[tuple[str, ...], set[int]] = {}
    for idx, cl in enumerate(clusters):
        if not cl.named or not cl.mentions:
            continue
        for name in cl.names:
            words = tuple(name_key(name).split())
            if words:
                keys.setdefault(words, set()).add(idx)
            if cl.cls == PERSON and len(words) > 1 and words[-1] not in lx.SURNAME_PARTICLES:
                keys.setdefault(words[-1:], set()).add(idx)
    keys = {k: ids.pop() for k, ids in keys.items() if len(ids) == 1}
    if not keys:
        return
    longest = max(len(k) for k in keys)
    firsts = {doc.vocab.strings[k[0]] for k in keys}  # lower-case hashes of first words
    lowers = doc.to_array("LOWER").tolist()

    def name_word(t: Token) -> bool:
        return (
            capitalised(t)
            and t.i not in token_cluster
            and (t.pos_ == "PROPN" or t.pos_ == "NOUN" and not headlines.written_lower(t))
        )

    def other_name(i: int) -> bool:
        t = doc[i]
        return (
            0 <= i < len(doc)
            and t.pos_ == "PROPN"
            and capitalised(t)
            and t.lower_.rstrip(".") + "." not in lx.PERSON_HONORIFICS
            and t.lower_ not in lx.PERSON_HONORIFICS
        )

    i = 0
    while i < len(doc):
        if lowers[i] not in firsts or not name_word(doc[i]):
            i += 1
            continue
        for n in range(min(longest, len(doc) - i), 0, -1):
            words = tuple(name_key(t.text) for t in doc[i : i + n])
            idx = keys.get(words)
            if idx is None or not all(
                name_word(t) or t.lower_ in lx.NAME_JOINING_WORDS for t in doc[i : i + n]
            ):
                continue
            if not headlines.on_title_line(doc[i]) and (
                (i > 0 and other_name(i - 1)) or (i + n < len(doc) and other_name(i + n))
            ):
                continue
            clusters[idx].mentions.append((doc[i].idx, doc[i + n - 1].idx + len(doc[i + n - 1])))
            for j in range(i, i + n):
                token_cluster[j] = idx
            i += n - 1
            break
        i += 1


class _Clusters:
    """Clusters being built: the list, each one's index by key, and each token's cluster."""

    def __init__(self) -> None:
        self.clusters: list[EntityCluster] = []
        self.by_key: dict[str, int] = {}
        self.token_cluster: dict[int, int] = {}

    def add(self, key: str, label: str, cls: str, cand: _Candidate) -> int:
        """Put a candidate in the cluster of ``key`` (made with ``label`` and ``cls`` if
        new); return the cluster's index."""
        idx = self.by_key.get(key)
        if idx is None:
            idx = len(self.clusters)
            self.by_key[key] = idx
            self.clusters.append(EntityCluster(label=label, cls=cls, key=key, named=cand.named))
        cl = self.clusters[idx]
        cl.mentions.append((cand.span.start_char, cand.span.end_char))
        if cand.named and cand.span.text.strip() not in cl.names:
            cl.names.append(cand.span.text.strip())
        for i in range(cand.span.start, cand.span.end):
            self.token_cluster[i] = idx
        return idx


def _cluster_people(people: list[_Candidate], found: _Clusters, headlines: _Headlines) -> None:
    """People: full names first, then a surname alone to the first full name of it the
    article gives, and a given name alone to the one person of the article it is of."""
    clusters, by_key = found.clusters, found.by_key

    def alone(c: _Candidate) -> bool:  # a surname alone: "Holt", "La Riva"
        words = name_key(c.span.text).split()
        return len(words) <= 1 or len(words) == 2 and words[0] in lx.SURNAME_PARTICLES

    full = [c for c in people if not alone(c)]
    single = [c for c in people if alone(c)]
    in_prose: set[int] = set()  # named in full off the headlines (not "Colts Beat Chiefs")
    for c in full:
        words = name_key(c.span.text).split()
        key = f"person:{words[0]}:{surname(c.span.text)}"
        # "Bashar Assad" and "Bashar al-Assad": same first name and surname
        idx = found.add(key, c.span.text.strip(), PERSON, c)
        if not headlines.on_title_line(c.span[0]):
            in_prose.add(idx)
        if len(c.span.text) > len(clusters[idx].label):
            clusters[idx].label = c.span.text.strip()
    for c in single:
        sn = surname(c.span.text)
        options = [
            (k, i) for k, i in by_key.items() if k.startswith("person:") and k.endswith(":" + sn)
        ]
        if options:
            # the first of them the article names: the one it is about, whom a surname
            # alone names (a relative introduced later is named in full, or "his father")
            idx = min((i for _, i in options), key=lambda i: min(clusters[i].mentions))
            found.add(next(k for k, i in by_key.items() if i == idx), "", PERSON, c)
        else:
            # "Kathina" after "Kathina Thomas": a given name alone, of one person only
            word = name_key(c.span.text)
            given = {i for k, i in by_key.items() if k.startswith(f"person:{word}:")}
            if len(given) == 1 and len(word) > 1 and given <= in_prose:
                idx = given.pop()
                found.add(next(k for k, i in by_key.items() if i == idx), "", PERSON, c)
            else:
                found.add(f"person::{sn}", c.span.text.strip(), PERSON, c)


def _join_misspelt_surnames(doc: Doc, found: _Clusters) -> None:
    """A one-word person who speaks and is one or two letters away from another person's
    surname is that person ("Matttis said", "attis said")."""
    clusters, by_key, token_cluster = found.clusters, found.by_key, found.token_cluster
    for key, idx in list(by_key.items()):
        sn = key.split(":")[-1]
        if not key.startswith("person::") or len(sn) < 4 or not clusters[idx].mentions:
            continue
        if not any(is_cue_subject(doc[t]) for t, i in token_cluster.items() if i == idx):
            continue
        for other_key, other in list(by_key.items()):
            other_sn = other_key.split(":")[-1]
            if other == idx or not other_key.startswith("person:") or other_sn == sn:
                continue
            if edit_distance(sn, other_sn, 2) <= min(2, len(other_sn) // 3) and len(
                clusters[other].mentions
            ) >= len(clusters[idx].mentions):
                _merge(clusters, token_cluster, by_key, idx, other)
                break


def _cluster_things(doc: Doc, things: list[_Candidate], found: _Clusters) -> None:
    """Organisations and places: by name, alias, acronym, and head noun."""
    clusters, by_key = found.clusters, found.by_key
    acronyms: dict[str, str] = {}
    for c in things:
        nxt = doc[c.span.end : c.span.end + 3]
        if len(nxt) == 3 and nxt[0].text == "(" and nxt[2].text == ")" and nxt[1].is_upper:
            acronyms[nxt[1].text.lower()] = c.canonical or name_key(c.span.text)
    named = [c for c in things if c.named]
    initials = _initials(named)
    for c in named + [c for c in things if not c.named]:
        name = name_key(c.span.text)
        key = (
            c.canonical
            or acronyms.get(name)
            or (initials.get(name) if " " not in name else None)
            or name
        )
        if not c.named:
            head = name.split(" ")[-1]
            heads = [
                k
                for k in by_key
                if not k.startswith("person:") and k.split(" ")[-1] == head and k != name
            ]
            if heads:
                key = heads[-1]
        party = _party_of_country(c.span) if c.named and not c.canonical else None
        if party is not None:  # "United States Democratic Party" = "Democratic Party"
            key = name_key(party.text)
        label = c.canonical or c.span.text.strip()
        idx = found.add(key.lower(), label, c.cls, c)
        cl = clusters[idx]
        cl.named = cl.named or c.named
        if c.canonical:
            cl.label = c.canonical
        elif party is not None:  # known by the party's own name, the country's as written
            if party.text not in cl.names:
                cl.names.append(party.text)
            cl.label = party.text
        elif (
            c.named
            and cl.label not in _known().cls
            and len(c.span.text) > len(cl.label)
            and not key.endswith(tuple(lx.PARTY_WORDS))
        ):
            cl.label = c.span.text.strip()  # (a party keeps the name without its country)


def _join_short_forms(found: _Clusters) -> None:
    """``the Chiefs`` after ``the Kansas City Chiefs``, ``the Times`` with ``The New York
    Times``: an organisation named by the last words of the one other organisation of the
    article whose name ends in them is that organisation (a place is not: ``California``
    is not the ``University of California``, which does not end in it anyway; a generic
    institution, ``Court``, is qualified by :func:`_qualify_institutions` instead)."""
    clusters, by_key, token_cluster = found.clusters, found.by_key, found.token_cluster
    orgs = [
        (i, name_key(cl.label).split())
        for i, cl in enumerate(clusters)
        if cl.cls == ORG and cl.named and cl.mentions
    ]
    for idx, words in orgs:
        if " ".join(words) in _known().generic or clusters[idx].label in _known().cls:
            continue
        longer = {
            j
            for j, other in orgs
            if len(other) > len(words) and other[-len(words) :] == words and j != idx
        }
        if len(longer) == 1:
            _merge(clusters, token_cluster, by_key, idx, longer.pop())


def _named_after(doc: Doc, found: _Clusters) -> None:
    """``Indianapolis beat Kansas City`` beside the ``Indianapolis Colts``, ``checked into
    Betty Ford`` beside the ``Betty Ford Center``: a place or person whose name begins the
    name of the one team (a plural after it, ``rules.en.NOT_TEAM_PLURALS`` aside) or facility
    (``rules.en.FACILITY_WORDS``) of the article that begins so is that body where the
    mention reads as one: a place's as an actor (subject, possessor, object, the object of
    ``rules.en.OPPONENT_PREPS``) for a team; a person's or place's as a destination
    (``rules.en.DESTINATION_PREPS``, ``DESTINATION_VERBS``) for a facility, or a place's
    as an actor. A dateline in capitals stays the place."""
    clusters, token_cluster = found.clusters, found.token_cluster
    bodies: list[tuple[int, list[str], str]] = []
    for i, cl in enumerate(clusters):
        if cl.cls != ORG or not cl.named or not cl.mentions:
            continue
        words = name_key(cl.label).split()
        if len(words) < 2:
            continue
        last = words[-1]
        if last in lx.FACILITY_WORDS:
            bodies.append((i, words, "facility"))
        elif lx.is_team_plural(last):
            bodies.append((i, words, "team"))
    sports = _sports(doc, clusters)
    if not bodies and not sports:
        return
    for idx, cl in enumerate(list(clusters)):
        if cl.cls not in (PLACE, PERSON) or not cl.named or not cl.mentions:
            continue
        words = name_key(cl.label).split()
        n = len(words)
        found_bodies = {
            (j, kind)
            for j, other, kind in bodies
            if len(other) > n
            and other[:n] == words
            and other[n] not in lx.NAME_JOINING_WORDS
            and (kind == "facility" or cl.cls == PLACE)
        }
        if not found_bodies and sports and cl.cls == PLACE:
            # "Creighton defeated Drake, 65-53" with no "Creighton Bluejays" in the article:
            # the place's team, an organisation of the place's name
            found_bodies = {(_team_named(found, idx), "team")}
        if len(found_bodies) != 1:
            continue
        [(target, kind)] = found_bodies
        keep = []
        for start, end in cl.mentions:
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is not None and _reads_as_body(span, cl.cls, kind):
                clusters[target].mentions.append((start, end))
                for t in range(span.start, span.end):
                    token_cluster[t] = target
            else:
                keep.append((start, end))
        cl.mentions = keep


#: A game's score ("65-53", "20-13").
_SCORE = re.compile(r"(?<![\d.-])\d{1,3}-\d{1,3}(?![\d-])")


def _sports(doc: Doc, clusters: list[EntityCluster]) -> bool:
    """Whether the article reports a game: a score, and a team named by its plural (``the
    Bluejays``, which the NER may take for a person)."""
    return bool(_SCORE.search(doc_text(doc))) and any(
        cl.cls in (ORG, PERSON)
        and cl.mentions
        and lx.is_team_plural(name_key(cl.label).split()[-1])
        for cl in clusters
        if cl.named and name_key(cl.label)
    )


def _team_named(found: _Clusters, place: int) -> int:
    """The cluster of the team the place ``place`` names in a sports article, made empty
    if new (it holds the mentions :func:`_named_after` moves to it)."""
    cl = found.clusters[place]
    key = f"team:{cl.key or name_key(cl.label)}"
    idx = found.by_key.get(key)
    if idx is None:
        idx = found.by_key[key] = len(found.clusters)
        found.clusters.append(EntityCluster(label=cl.label, cls=ORG, key=key, names=[cl.label]))
    return idx


def _reads_as_body(span: Span, cls: str, kind: str) -> bool:
    """Whether a mention of a place or person reads as the team or facility named after
    it (:func:`_named_after`)."""
    if span.text.isupper() and (span.start == 0 or "\n" in span.doc[span.start - 1].text_with_ws):
        return False  # INDIANAPOLIS (AP) -- : the dateline's city
    tok = span.root
    while tok.dep_ == "conj" and tok.head is not tok:
        tok = tok.head  # "losses to Green Bay and Indianapolis"
    head = tok.head
    actor = (
        tok.dep_ in lx.ACTOR_DEPS
        or tok.dep_ == "pobj"
        and (head.lower_ in lx.OPPONENT_PREPS or head.lower_ == "to" and head.head.pos_ == "NOUN")
    )
    if kind == "team":
        return cls == PLACE and actor
    destination = (
        tok.dep_ == "pobj"
        and head.lower_ in lx.DESTINATION_PREPS
        or tok.dep_ == "dobj"
        and head.lemma_ in lx.DESTINATION_VERBS
    )
    return destination or cls == PLACE and actor


def _give_titles_and_genders(doc: Doc, people: list[_Candidate], found: _Clusters) -> None:
    """The titles the article gives each person, and the gender its titles, honorifics
    or first name tell."""
    clusters, token_cluster = found.clusters, found.token_cluster
    for c in people:
        idx = token_cluster.get(c.span.start)
        if idx is None:
            continue
        for t in _titles(c.span):
            entry = (t.text, t.start_char, t.end_char)
            if entry not in clusters[idx].titles:
                clusters[idx].titles.append(entry)
    for cl in clusters:
        if cl.cls == PERSON:
            cl.gender = _gender([t for t, _, _ in cl.titles])
    for c in people:  # "Mr. Smith", "Ms. Warren", then "Nancy Pelosi"
        idx = token_cluster.get(c.span.start)
        if idx is None or clusters[idx].gender is not None:
            continue
        if c.span.start > 0:
            clusters[idx].gender = _gender([doc[c.span.start - 1].lower_])
        first = c.span[0].lower_ if len(c.span) > 1 else ""
        if clusters[idx].gender is None:
            clusters[idx].gender = lx.given_name_gender(first)


def _numbered(doc: Doc, found: _Clusters) -> list[EntityCluster]:
    """The clusters with mentions, in order, each token's cluster on ``doc._.entity_at``."""
    clusters = found.clusters
    keep = [i for i, cl in enumerate(clusters) if cl.mentions]
    renum = {old: new for new, old in enumerate(keep)}
    doc._.entity_at = {t: renum[i] for t, i in found.token_cluster.items() if i in renum}
    out = [clusters[i] for i in keep]
    for cl in out:
        cl.mentions.sort()
        cl.titles.sort(key=lambda t: t[1])
    return out


def _qualified_generics(name: str) -> list[tuple[str, str]]:
    """(generic name, qualifier) for each way ``name`` is a generic institution qualified:
    ``us supreme court`` -> (``supreme court``, ``us``), (``court``, ``us supreme``);
    ``supreme court of india`` -> (``supreme court``, ``india``)."""
    words = name.split()
    found = []
    for k in range(1, len(words)):
        if " ".join(words[k:]) in _known().generic:
            found.append((" ".join(words[k:]), " ".join(words[:k])))
        if words[k] == "of" and " ".join(words[:k]) in _known().generic:
            found.append((" ".join(words[:k]), re.sub(r"^the ", "", " ".join(words[k + 1 :]))))
    return found


def _article_places(doc: Doc, clusters: list[EntityCluster]) -> dict[str, str]:
    """Every form of a place name the article uses -> the place's label, with the
    nationality adjectives it uses (``kenyan`` -> ``Kenyan``) and the well-known places."""
    places = dict(_known().places)
    text = doc_text(doc)
    for cl in clusters:
        if cl.cls == PLACE:
            for s, e in cl.mentions:
                places[name_key(text[s:e])] = cl.label
    for ent in doc.ents:
        if ent.label_ == "NORP":
            name = name_key(ent.text)
            if name not in lx.POLITICAL_ADJECTIVES:
                places.setdefault(name, ent.text)
    return places


def _place_in(qualifier: str, places: dict[str, str], people: set[str]) -> str | None:
    """The place named by some run of words of ``qualifier`` (``116th us`` -> the United
    States), else its first word if that is a nationality such as ``kenyan`` (the NER leaves
    it inside the organisation's name) that names no person and no party."""
    words = qualifier.split()
    for n in range(len(words), 0, -1):
        for i in range(len(words) - n + 1):
            place = places.get(" ".join(words[i : i + n]))
            if place:
                return place
    first = words[0] if words else ""
    if (
        first not in people
        and first not in lx.POLITICAL_ADJECTIVES
        and first.isalpha()
        and first.endswith(lx.DEMONYM_SUFFIXES)
    ):
        return first
    return None


def _place_beside(
    doc: Doc,
    cl: EntityCluster,
    clusters: list[EntityCluster],
    token_cluster: dict[int, int],
    lowers: numpy.ndarray,
) -> tuple[EntityCluster, str] | None:
    """The place that the article's uses of ``cl``'s name are qualified by, and the words
    that say so: ``U.S. Congress``, ``Poland's Supreme Court``, ``the Supreme Court of India``,
    ``police in Ohio`` (every use of the words, as the NER may miss some, found in
    ``lowers``, the hashes of the tokens' lower-case forms)."""
    words = name_key(cl.label).split()
    if not words:
        return None
    n = len(words)
    for at in numpy.flatnonzero(lowers == doc.vocab.strings[words[0]]).tolist():
        tok = doc[at]
        if [t.lower_ for t in doc[tok.i : tok.i + n]] != words:
            continue
        before = tok.i - 1
        if before >= 0 and doc[before].tag_ == "POS":
            before -= 1
        after = tok.i + n + 1
        if tok.i + n >= len(doc) or doc[tok.i + n].lower_ not in lx.INSTITUTION_OF_PREPS:
            after = -1
        elif after < len(doc) and doc[after].lower_ == "the":
            after += 1
        for i in (before, after):
            if 0 <= i < len(doc) and i in token_cluster:
                place = clusters[token_cluster[i]]
                if place.cls == PLACE and place is not cl:
                    j, k = i, i + 1  # the whole place name around token i
                    while j > 0 and token_cluster.get(j - 1) == token_cluster[i]:
                        j -= 1
                    while token_cluster.get(k) == token_cluster[i]:
                        k += 1
                    start, end = (j, tok.i + n) if i < tok.i else (tok.i, k)
                    return place, doc[start:end].text
    return None


def _well_known_of(description: str, clusters: list[EntityCluster]) -> str | None:
    """The one well-known organisation that ``description`` is, given the places the
    article names: ``coalition`` with the United States named is the ``US-led coalition``."""
    places = {cl.label for cl in clusters if cl.cls == PLACE and cl.mentions}
    found = {org for place, org in _known().qualified.get(description, []) if place in places}
    return found.pop() if len(found) == 1 else None


# Names that say what an institution is but not which one: "the Court", capitalised, is
# still a common noun.


def _qualify_institutions(
    doc: Doc, clusters: list[EntityCluster], token_cluster: dict[int, int], by_key: dict[str, int]
) -> None:
    """Which ``Parliament``, ``Supreme Court`` or ``police`` the article means.

    A bare generic name (``rules.en.GENERIC_INSTITUTIONS``) or an unnamed description joins
    the one organisation the article names with it and a place (``Congress`` after ``the
    116th U.S. Congress``); else a place beside one of its mentions qualifies it (``U.S.
    Congress``, also named ``United States Congress``); else it stays generic, the
    article's own.
    """
    places = _article_places(doc, clusters)
    people = {w for cl in clusters if cl.cls == PERSON for w in name_key(cl.label).split()}
    qualified: dict[str, list[int]] = {}
    for idx, cl in enumerate(clusters):
        if cl.cls == PERSON or not cl.named or cl.generic or not cl.mentions:
            continue
        name = name_key(cl.label)
        for generic, qualifier in _qualified_generics(name):
            place = _place_in(qualifier, places, people)
            if place is None:
                continue
            qualified.setdefault(generic, []).append(idx)
            if places.get(qualifier) == place and _known().cls.get(place) == PLACE:
                # "US Supreme Court", "Supreme Court of the United States": one name
                canonical = (
                    f"{place} {cl.label[-len(generic) :]}"
                    if name.endswith(generic)
                    else f"{place} {cl.label[: len(generic)]}"
                )
                if canonical not in cl.names:
                    cl.names.append(canonical)
    lowers = None  # each token's lower-case form, by hash: read when a name is looked up
    for idx, cl in enumerate(clusters):
        if cl.cls == PERSON or not cl.mentions:
            continue
        name = name_key(cl.label)
        if cl.named and name not in _known().generic:
            continue
        if lowers is None:
            lowers = doc.to_array("LOWER")
        joins = qualified.get(name, [])
        if len(joins) == 1:
            _merge(clusters, token_cluster, by_key, idx, joins[0])
            cl = clusters[joins[0]]
        elif not joins and (beside := _place_beside(doc, cl, clusters, token_cluster, lowers)):
            place, written = beside  # labelled as written, joined by the place's name
            cl.names += [written, f"{place.label} {cl.label}"]
            cl.label = written
            cl.named, cl.generic = True, False
        elif not joins and not cl.named and (known := _well_known_of(name, clusters)):
            cl.label = known  # "the coalition" where the United States is named
            cl.names.append(known)
            cl.named = True
        elif cl.named:
            cl.generic = True
        if not cl.generic:  # the bare name is no name for it outside this article
            cl.names = [n for n in cl.names if name_key(n) not in _known().generic]


def _initials(named: list[_Candidate]) -> dict[str, str]:
    """Initials -> name of the article's multi-word names (``sdf`` -> ``syrian democratic
    forces``), to match acronyms the article does not spell out in parentheses."""
    table: dict[str, str] = {}
    for c in named:
        name = name_key(c.span.text)
        words = [w for w in name.split() if w not in lx.NAME_FUNCTION_WORDS]
        if 2 <= len(words) <= 6:
            table.setdefault("".join(w[0] for w in words), name)
    return table


def _merge(
    clusters: list[EntityCluster],
    token_cluster: dict[int, int],
    by_key: dict[str, int],
    src: int,
    dst: int,
) -> None:
    clusters[dst].mentions += clusters[src].mentions
    clusters[dst].names += [n for n in clusters[src].names if n not in clusters[dst].names]
    clusters[src].mentions = []
    for t, i in token_cluster.items():
        if i == src:
            token_cluster[t] = dst
    for k, i in by_key.items():
        if i == src:
            by_key[k] = dst


@Language.factory(
    "kg_entities",
    assigns=["doc._.entities", "doc._.entity_at"],
    requires=["doc.ents", "token.dep", "token.tag"],
    default_config={"rules": None},
)
def make_entities(nlp: Language, name: str, rules: str | None) -> EntityFinder:
    return EntityFinder(nlp, rule_set(nlp, rules))


class EntityFinder:
    """Pipeline component: ``doc._.entities`` (clusters) and ``doc._.entity_at``."""

    def __init__(self, nlp: Language, rules: str = "en"):
        self.rules = rules
        use(rules)
        self.matcher = well_known_matcher(nlp)
        lx.country_names(), lx.region_names()  # the place data is read once, here

    def __call__(self, doc: Doc) -> Doc:
        use(self.rules)
        doc._.entities = cluster(doc, self.matcher)
        return doc
