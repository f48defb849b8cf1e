"""Cross-document entity resolution: one corpus-wide id per real-world thing.

Each article's extraction names its entities locally (``e0``, ``e1`` ...), each already
one entity inside its article. :func:`resolve_corpus` clusters them over the whole corpus,
so that the result is a function of the set of articles, not of the order they came in:

1. **Known entities first.** A name of the gazetteer (:mod:`kg.gazetteer`) or of the
   table of entities every article may name (:func:`kg.nlp.rules.en.well_known`) joins
   that entity, which keeps its name and class.
2. **Blocks.** The other entities are put in blocks by their name keys (a person's given
   name and surname, :func:`kg.names.person_name`; an organisation's name without its
   legal form, :func:`kg.names.thing_key`; an acronym, :func:`kg.names.acronym`), and
   only entities of one block are ever compared.
3. **Evidence inside a block.** Two entities join when their names agree (the same full
   name, with no middle names or suffixes that differ: ``George W. Bush`` is not ``George
   H. W. Bush``; a given name and its short form, ``Fred`` / ``Frederick``; an acronym and
   its expansion; an organisation and its legal form; a short form of a team, ``Saints`` /
   ``New Orleans Saints``) **and** their articles share enough else
   (:class:`Context`: the words and names around them). A bare name (``Lewis``)
   joins the full name whose articles are closest to its own, if they are close enough
   and no namesake is about as close; namesakes in unrelated articles stay apart, and
   so do bare names of unrelated stories.
4. **One entity, one class**: each cluster's class is the vote of its mentions (a known
   entity's class wins), its label its most-used full name, its id minted from that label
   (``person/james-mattis``), two clusters with one label told apart by their size and
   then their first article (``-2``, ``-3``), never by which article came first in a build.

A name that is only a title or a common word (``President``, ``Man``: written lower-case
in the corpus as often as not) is its article's own, and so is an entity its article only
describes (``the police``, ``officials``: :attr:`kg.model.Entity.generic`), with an id
scoped to it (``organization/<article>/police``): the police of Gdańsk and of Ohio are
not one force.

The whole corpus is clustered again in memory at every derivation (the records hold every
article's entities); a derivation writes again only the articles whose entities changed
(:mod:`kg.derive`).
"""

from __future__ import annotations

import copy
import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import combinations

from anyascii import anyascii
from rapidfuzz.fuzz import ratio
from rapidfuzz.process import extract
from spacy.lang.en.stop_words import STOP_WORDS

from kg.model import ENTITY_CLASSES, PERSON, Correction, Extraction, KnownEntity
from kg.names import (
    PersonName,
    acronym,
    facility_key,
    given_names_agree,
    initials,
    name_key,
    person_name,
    place_key,
    thing_key,
)
from kg.nlp.rules import active as lx

__all__ = ["Resolution", "Resolver", "resolve_corpus", "slug", "scoped_id", "is_scoped"]


def slug(text: str) -> str:
    """A lowercase, hyphenated identifier for ``text`` (``James Mattis`` -> ``james-mattis``).

    Letters beyond ASCII are transliterated (:func:`transliterate`), so ``Владимир
    Путин`` is ``vladimir-putin`` and not ``x``, and ``Wiśniewski`` is ``wisniewski``, not
    ``wi-niewski``; a name in plain ASCII keeps the id it always had.

    Examples
    --------
    >>> slug("James Mattis"), slug("Владимир Путин"), slug("Αλέξης Τσίπρας")
    ('james-mattis', 'vladimir-putin', 'alexis-tsipras')
    >>> slug("习近平"), slug("محمد بن سلمان"), slug("Gdańsk")
    ('xi-jin-ping', 'mhmd-bn-slmn', 'gdansk')
    """
    return re.sub(r"[^a-z0-9]+", "-", transliterate(text).lower()).strip("-") or "x"


def transliterate(text: str) -> str:
    """``text`` with each run of letters and digits beyond ASCII (with the marks that go
    with them) spelt in ASCII by anyascii, the rest as it is.

    anyascii spells each Chinese, Japanese or Korean syllable capitalised (``XiJinPing``):
    the syllables are split apart as words. An apostrophe it writes (a soft sign,
    ``Зеленський`` -> ``Zelens'kiy``) is dropped, so that it does not split a word.

    Examples
    --------
    >>> transliterate("Vladimir Путин in 東京")
    'Vladimir Putin in Dong Jing'
    """
    out: list[str] = []
    run: list[str] = []
    for char in text:
        if _foreign(char) or (run and unicodedata.category(char).startswith("M")):
            run.append(char)
            continue
        if run:
            out.append(_spell("".join(run)))
            run = []
        out.append(char)
    if run:
        out.append(_spell("".join(run)))
    return "".join(out)


def _foreign(char: str) -> bool:
    """Whether ``char`` is a letter or digit beyond ASCII (``ń``, ``П``, ``习``)."""
    return char.isalnum() and not char.isascii()


def _spell(run: str) -> str:
    spelt = anyascii(run).replace("'", "")
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", spelt)


def scoped_id(cls: str, doc_id: str, label: str) -> str:
    """The id of an entity known only inside one article (``organization/<article>/police``)."""
    return f"{cls.lower()}/{slug(doc_id)}/{slug(label)}"


def is_scoped(eid: str) -> bool:
    """Whether ``eid`` is an article's own entity (see :func:`scoped_id`)."""
    return eid.count("/") >= 2


# ------------------------------------------------------------------ the evidence

#: How close two articles must be (:meth:`Context.similarity`, cosine of their words and
#: names weighted by rarity) for each kind of agreement between names to join their
#: entities. The stronger the names' agreement, the less else the articles need to
#: share. Read off ECB+ topics 1-35, where articles of one story score 0.1-0.6 and
#: articles of two stories rarely above 0.05.
SAME_FULL_NAME = 0.03  # Barack Obama / Barack Obama: namesakes of unrelated stories apart
SAME_THING_NAME = 0.01  # Philadelphia / Philadelphia
VARIANT = 0.08  # Fred LaRue / Frederick C. LaRue, AP / Associated Press, Centre / Center
BARE_NAME = 0.08  # Lewis / Lennox Lewis: a surname (or a team's short name) alone
GIVEN_NAME = 0.15  # Katie / Katie Jenkins: a given name alone says less than a surname
#: The closeness of an article without words to any other: it says nothing against two
#: names that agree in full, and is no evidence for a bare name.
NO_CONTEXT = SAME_FULL_NAME
#: The closeness each kind of join (:attr:`Decision.kind`) must reach.
THRESHOLDS = {
    "same full name": SAME_FULL_NAME,
    "same name": SAME_THING_NAME,
    "given name variant": VARIANT,
    "spelling": VARIANT,
    "acronym": VARIANT,
    "facility": VARIANT,
    "surname": BARE_NAME,
    "short form": BARE_NAME,
    "team's place": BARE_NAME,
    "organisation's name": BARE_NAME,
    "same bare name": BARE_NAME,
    "headline": BARE_NAME,
    "given name": GIVEN_NAME,
}
#: A bare name joins its closest full name only if no other is nearly as close.
MARGIN = 0.03
#: ... unless one of them is named in this many times the articles of each of the others:
#: a story calls its main person by the surname alone, and their relatives in full.
DOMINANT = 3
#: Spelling variants of one name: rapidfuzz's ratio (0-100) at least this.
SPELLING = 88

#: Words of two letters and spaCy's English stop words say nothing of what an article is
#: about: they are left out of its context (in a small corpus, their inverse document
#: frequency alone would not weigh them down).
_WORD = re.compile(r"[^\W\d_][\w'-]{2,}")


class Context:
    """What each article is about, to tell namesakes apart: its words and the names of
    its entities, weighted by TF-IDF (sublinear term frequency, smoothed idf
    ``log((N+1)/df) + 1``, so that a word of every article of a small corpus still counts),
    compared by cosine.

    Parameters
    ----------
    texts : mapping of article id to (text, names)
        Each article's text and its entities' names.

    References
    ----------
    Bagga, A. and Baldwin, B. (1998). Entity-based cross-document coreferencing using the
    vector space model. COLING-ACL.
    """

    def __init__(self, texts: Mapping[str, tuple[str, Iterable[str]]]):
        counts: dict[str, Counter] = {}
        for doc, (text, names) in texts.items():
            words = (w.lower() for w in _WORD.findall(text))
            c = Counter(w for w in words if w not in STOP_WORDS)
            c.update("=" + name_key(n) for n in names)
            counts[doc] = c
        df: Counter = Counter()
        for c in counts.values():
            df.update(c.keys())
        n = len(counts)
        self._vectors: dict[str, dict[str, float]] = {}
        for doc, c in counts.items():
            v = {w: (1 + math.log(k)) * (math.log((n + 1) / df[w]) + 1) for w, k in c.items()}
            norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
            self._vectors[doc] = {w: x / norm for w, x in v.items() if x > 0}
        self._cache: dict[tuple[str, str], float] = {}

    def similarity(self, a: str, b: str, without: frozenset[str] = frozenset()) -> float:
        """Cosine of articles ``a`` and ``b`` (1.0 for one article), the words and names
        ``without`` left out (:func:`own_words`: the names being compared are no
        evidence that they are one, namesakes share them too)."""
        if a == b:
            return 1.0
        pair = (a, b) if a < b else (b, a)
        va, vb = self._vectors.get(a, {}), self._vectors.get(b, {})
        if _only(va, without) or _only(vb, without):
            return NO_CONTEXT
        hit = self._cache.get(pair)
        if hit is None:
            small, large = (va, vb) if len(va) <= len(vb) else (vb, va)
            hit = self._cache[pair] = sum(x * large.get(w, 0.0) for w, x in small.items())
        return hit - sum(va.get(w, 0.0) * vb.get(w, 0.0) for w in without)


def _only(vector: dict[str, float], words: frozenset[str]) -> bool:
    """Whether ``vector`` holds none but ``words``: an article with nothing else to say."""
    return len(vector) <= len(words) and all(w in words for w in vector)


def own_words(names: Iterable[str]) -> frozenset[str]:
    """The context features of names themselves (:class:`Context`): their words, and
    each as an entity's name."""
    out: set[str] = set()
    for n in names:
        out.update(w.lower() for w in _WORD.findall(n))
        out.add("=" + name_key(n))
    return frozenset(out)


def _common_words(texts: Iterable[str]) -> frozenset[str]:
    """Words the corpus writes lower-case at least as often as capitalised (``man``,
    ``president``): a person "named" by one of them alone is named by a common word."""
    lower: Counter = Counter()
    upper: Counter = Counter()
    for text in texts:
        for w in _WORD.findall(text):
            (lower if w.islower() else upper)[w.lower()] += 1
    return frozenset(w for w, k in lower.items() if k >= upper[w])


# ------------------------------------------------------------------ the entities


@dataclass
class _Unit:
    """One article's entity, as resolution reads it."""

    doc: str
    key: str
    label: str
    cls: str
    names: tuple[str, ...]
    weight: int  # its mentions (one at least): its say in its cluster's class and label
    people: tuple[PersonName, ...] = ()  # a person's names, in parts
    things: frozenset[str] = frozenset()  # an organisation's or place's name keys
    facilities: frozenset[str] = frozenset()  # an organisation's names without its kind
    own: frozenset[str] = frozenset()  # its names as context features (own_words)
    #: Named only on title-cased headline lines, by several words: the NER may have run
    #: on into the words around the name (:func:`_join_headlines`).
    headline: bool = False

    @property
    def person(self) -> bool:
        return self.cls == PERSON

    @property
    def full(self) -> list[PersonName]:
        return [p for p in self.people if p.full]

    @property
    def lone(self) -> set[str]:
        return {p.lone for p in self.people if p.lone}


def _unit(doc: str, e, text: str, common: frozenset[str]) -> _Unit:
    names = tuple(dict.fromkeys([e.label, *e.names]))
    for n in names:
        name_key(n)  # raises on a name that is not text: a malformed record
    u = _Unit(doc, e.key, e.label, e.cls, names, max(1, len(e.mentions)), own=own_words(names))
    if u.person:
        u.people = tuple(person_name(_without_role(n, common)) for n in names)
    else:
        keys = {thing_key(n) for n in names}
        if u.cls == "Place":
            keys |= {place_key(n) for n in names}
        u.things = frozenset(k for k in keys if k)
        if u.cls == "Organization":
            fk = {facility_key(n) for n in names} - {""}
            u.facilities = frozenset(k for k in fk if " " in k or k not in common)
    u.headline = (
        " " in name_key(e.label)
        and bool(e.mentions)
        and all(_on_headline(text, m.start) for m in e.mentions)
    )
    return u


def _without_role(name: str, common: frozenset[str]) -> str:
    """A person's name without the common words before it that the NER took in, as long as
    two words are left (``Coroner Gary Hargrove`` -> ``Gary Hargrove``): a role word
    nameparser's titles lack. A common word that is a given name (``Mark``) is written
    capitalised more often than not, and stays."""
    words = name.split()
    while len(words) > 2 and words[0].lower() in common:
        words = words[1:]
    return " ".join(_person_at_end(words))


def _person_at_end(words: list[str]) -> list[str]:
    """``Colts QB Andrew Luck``, ``Interior Ken Salazar``: the NER ran a person's name on
    back into the team or office before it. The words from the first census given name
    on (two at least), when no word before it is one; else ``words``."""
    if len(words) < 3 or lx.is_given_name(name_key(words[0])):
        return words
    for k in range(1, len(words) - 1):
        if lx.is_given_name(name_key(words[k])):
            return words[k:]
    return words


def _on_headline(text: str, at: int) -> bool:
    """Whether the line of ``text`` around offset ``at`` is title-cased (three words at
    least, every word of four letters or more capitalised): a headline."""
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    words = _WORD.findall(text[start : end if end >= 0 else len(text)])
    long = [w for w in words if len(w) >= 4]
    return len(words) >= 3 and len(long) >= 2 and all(w[0].isupper() for w in long)


def _proper_person(e) -> bool:
    """Whether an entity its article did not name is a person all the same, by a name
    in capitals (a speaker ``DeGeneres`` that the NER left untagged, not ``a spokesman``):
    resolution reads it as a name."""
    words = e.label.split()
    return e.cls == PERSON and bool(words) and all(w[:1].isupper() for w in words)


def _middles_agree(a: PersonName, b: PersonName) -> bool:
    """Whether two full names with one given name and surname can be one person: middle
    initials and suffixes that both give must agree (``George W. Bush`` is not ``George H.
    W. Bush``, ``Jr.`` is not ``Sr.``)."""
    ia, ib = initials(a.middle), initials(b.middle)
    if ia and ib and not (ia.startswith(ib) or ib.startswith(ia)):
        return False
    return not (a.suffix and b.suffix and a.suffix != b.suffix)


class _Clusters:
    """Union-find over units, with the evidence of each union kept."""

    def __init__(self, n: int):
        self.parent = list(range(n))
        self.why: dict[int, list[tuple[int, str, float]]] = defaultdict(list)
        #: A user's ``apart`` corrections: each root's sides ((correction, side) pairs);
        #: a join that would put both sides of one correction in a cluster is refused.
        self.sides: dict[int, set[tuple[int, int]]] = {}

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, i: int, j: int, why: str, score: float, forced: bool = False) -> bool:
        """Join ``i``'s cluster and ``j``'s for the evidence ``why``; unless ``forced``,
        not where a user keeps them apart. Returns whether they are now one."""
        a, b = self.find(i), self.find(j)
        mine, theirs = self.sides.get(a, set()), self.sides.get(b, set())
        if not forced and any((c, 1 - side) in theirs for c, side in mine):
            return False
        self.why[i].append((j, why, score))
        self.why[j].append((i, why, score))
        if a != b:
            self.parent[max(a, b)] = min(a, b)
            if mine or theirs:
                self.sides[min(a, b)] = mine | theirs
        return True

    def groups(self) -> dict[int, list[int]]:
        out: dict[int, list[int]] = defaultdict(list)
        for i in range(len(self.parent)):
            out[self.find(i)].append(i)
        return out


@dataclass
class Decision:
    """Why an article's entity is in its cluster: the entity it was joined to (article
    and name), the kind of agreement between their names, and how close their articles
    are (:meth:`Context.similarity`); ``kind`` alone for a known entity or a lone one."""

    kind: str
    doc: str = ""
    name: str = ""
    score: float = 1.0


@dataclass
class Resolution:
    """The entities of a corpus: for each article's entity (article id, key) its
    corpus-wide id, and for each id its label, class, the votes of its mentions for its
    class, identifiers elsewhere, and why each of its articles' entities joined it."""

    ids: dict[tuple[str, str], str] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    classes: dict[str, str] = field(default_factory=dict)
    votes: dict[str, Counter] = field(default_factory=dict)
    same_as: dict[str, tuple[str, ...]] = field(default_factory=dict)
    why: dict[tuple[str, str], Decision] = field(default_factory=dict)
    #: Articles whose records could not be resolved, with the error.
    failed: dict[str, Exception] = field(default_factory=dict)

    def closest(self, n: int = 20) -> list[tuple[float, tuple[str, str], Decision]]:
        """The ``n`` joins nearest their threshold (:data:`THRESHOLDS`), as (how far
        above it, (article, key), decision), the closest first: the decisions to review."""
        joins = [
            (d.score - THRESHOLDS[d.kind], k, d)
            for k, d in self.why.items()
            if d.kind in THRESHOLDS
        ]
        return sorted(joins, key=lambda j: (j[0], j[1]))[:n]

    def apply(self, extraction: Extraction) -> Extraction:
        """Set ``id``, ``label`` and ``cls`` of every entity of ``extraction``; returns it."""
        doc = extraction.document.id
        if doc in self.failed:
            raise self.failed[doc]
        for e in extraction.entities:
            eid = self.ids[(doc, e.key)]
            e.id, e.label, e.cls = eid, self.labels[eid], self.classes[eid]
        return extraction


def _family(cls: str) -> str:
    # a country can be a place or a government that speaks: one family for both
    return "person" if cls == PERSON else "thing"


def _anchor_index(anchors: list[KnownEntity]) -> dict[tuple[str, str], int]:
    """The known entities by (class family, name key); a person also by their full name
    read in parts, so ``President James Mattis`` is ``James Mattis``."""
    index: dict[tuple[str, str], int] = {}
    for i, entry in enumerate(anchors):
        fam = _family(entry.cls)
        for name in (entry.name, *entry.aliases):
            index.setdefault((fam, name_key(name)), i)
            if fam == "person":
                p = person_name(name)
                if p.full:
                    index.setdefault(("full", f"{p.first} {p.last}"), i)
            else:
                index.setdefault((fam, thing_key(name)), i)
    return index


def _anchored(u: _Unit, index: dict[tuple[str, str], int]) -> int | None:
    """The known entity one of ``u``'s names is a name of: of its class family first,
    else of the other (the NER types ``ISIS said`` a person; the known class wins)."""
    fam = _family(u.cls)
    for family in (fam, "thing" if fam == "person" else "person"):
        for n in u.names:
            hit = index.get((family, name_key(n)))
            if hit is not None:
                return hit
    if u.person:
        for p in u.full:
            hit = index.get(("full", f"{p.first} {p.last}"))
            if hit is not None:
                return hit
    else:
        for k in u.things:
            hit = index.get((fam, k))
            if hit is not None:
                return hit
    return None


def _well_known() -> list[KnownEntity]:
    from kg.nlp.rules.en import well_known

    return [KnownEntity(name, cls, aliases) for name, cls, aliases in well_known()]


def resolve_corpus(
    extractions: Iterable[Extraction],
    gazetteer: Iterable[KnownEntity] = (),
    known: Iterable[tuple[str, str, Iterable[str]]] = (),
    corrections: Iterable[Correction] = (),
) -> Resolution:
    """Cluster the entities of ``extractions`` into corpus-wide entities.

    Parameters
    ----------
    extractions : iterable of Extraction
        The articles, in any order: the result does not depend on it.
    gazetteer : iterable of KnownEntity
        Entities known before any article (:func:`kg.gazetteer.read_gazetteer`): a name or
        alias of one joins it, and it keeps the gazetteer's name and class.
    known : iterable of (id, cls, names)
        Entities with ids of their own, their label first among the names, joined as the
        gazetteer's are.
    corrections : iterable of Correction
        A user's (:func:`kg.corrections.read_corrections`), applied over the evidence:
        ``merge`` joins the entities named so, ``apart`` keeps them in two entities, ``not
        an entity`` makes each entity of that name its article's own (unnamed) one.

    Returns
    -------
    Resolution
        An article whose entities cannot be read (a name that is not text) is in
        ``failed`` and nowhere else.

    Examples
    --------
    >>> from kg.model import Document, Entity
    >>> def article(doc, text, name):
    ...     return Extraction(Document(doc, text), [Entity("e0", name, "Person", (name,))])
    >>> r = resolve_corpus([
    ...     article("b", "Mattis met the NATO ministers in Brussels.", "Mattis"),
    ...     article("a", "James Mattis met NATO ministers in Brussels.", "James Mattis"),
    ... ])
    >>> r.ids[("a", "e0")] == r.ids[("b", "e0")] == "person/james-mattis"
    True
    """
    extractions = sorted(extractions, key=lambda x: x.document.id)
    corrections = list(corrections)
    not_named = {name_key(c.name) for c in corrections if c.action == "not an entity"}
    out = Resolution()
    units: list[_Unit] = []
    own: list[_Unit] = []  # an article's own entities (see the module docstring)
    common = _common_words(x.document.text for x in extractions)
    for x in extractions:
        doc = x.document.id
        try:
            mine = [_unit(doc, e, x.document.text, common) for e in x.entities]
        except Exception as error:  # a malformed record: the article is left out
            out.failed[doc] = error
            continue
        for e, u in zip(x.entities, mine, strict=True):
            described = e.generic and not _proper_person(e)
            (own if described or _named(u, not_named) else units).append(u)
    good = [x for x in extractions if x.document.id not in out.failed]
    context = Context(
        {
            x.document.id: (x.document.text, [e.label for e in x.entities if not e.generic])
            for x in good
        }
    )

    # 1. known entities: a user's (known ids, then the gazetteer), then the table's
    # an article's own entity is never joined from outside its article
    known = [(eid, cls, list(names)) for eid, cls, names in known if not is_scoped(eid)]
    user = [
        KnownEntity(names[0] if names else eid, cls, tuple(names[1:])) for eid, cls, names in known
    ]
    fixed_ids = [eid for eid, _, _ in known]
    user += list(gazetteer)
    anchors = user + _well_known()
    index = _anchor_index(anchors)
    base = len(units)  # anchor i is node base + i
    clusters = _Clusters(base + len(anchors))
    free: list[int] = []
    known_units: list[int] = []
    roles: set[int] = set()
    for i, u in enumerate(units):
        hit = _anchored(u, index)
        if hit is not None:
            clusters.join(i, base + hit, "known", 1.0)
            known_units.append(i)
        elif u.person and not u.full and u.lone <= common:
            own.append(u)  # a title or a common word alone: "President", "Man"
            roles.add(i)
        else:
            free.append(i)

    # 2 and 3. blocks, and evidence inside them, within what a user keeps apart
    _correct(units, corrections, clusters, apart=True)
    _two_readings(units, free, clusters)
    _join(units, free, known_units, clusters, context)
    _correct(units, corrections, clusters, apart=False)

    # 4. one entity, one class, one label, one id
    rivals: dict[str, list[tuple]] = defaultdict(list)
    for members in clusters.groups().values():
        mine = [m for m in members if m < base and m not in roles]
        anchor = min((m - base for m in members if m >= base), default=None)
        if not mine and (anchor is None or anchor >= len(user)):
            continue  # a table's entity that no article names
        votes: Counter = Counter()
        for m in mine:
            # a "person" joined by an organisation's name ("Morningside" of "Morningside
            # Recovery") was the NER's mistake: it votes for the organisation
            named_org = any(
                k == "organisation's name" and o < base and units[o].cls == "Organization"
                for o, k, _ in clusters.why.get(m, ())
            )
            votes["Organization" if named_org else units[m].cls] += units[m].weight
        if anchor is not None:
            label, cls = anchors[anchor].name, anchors[anchor].cls
        else:
            cls = _vote(votes)
            label = _label([units[m] for m in mine], cls)
        if anchor is not None and anchor < len(fixed_ids):
            eid = fixed_ids[anchor]
        else:
            eid = f"{cls.lower()}/{slug(label)}"
        weight = sum(units[m].weight for m in mine)
        first = min((units[m].doc, units[m].key) for m in mine) if mine else ("", "")
        rank = (anchor is None, anchor or 0, -weight, first)
        rivals[eid].append((rank, mine, label, cls, votes, anchor))
    anchor_ids: dict[int, str] = {}
    for eid, found in rivals.items():
        found.sort(key=lambda r: r[0])
        for n, (_, mine, label, cls, votes, anchor) in enumerate(found):
            final = eid if n == 0 else f"{eid}-{n + 1}"
            out.labels[final], out.classes[final], out.votes[final] = label, cls, votes
            if anchor is not None:
                anchor_ids[anchor] = final
                if anchors[anchor].same_as:
                    out.same_as[final] = anchors[anchor].same_as
            for m in mine:
                u = units[m]
                out.ids[(u.doc, u.key)] = final
                out.why[(u.doc, u.key)] = _decision(m, clusters, units, base, anchors)

    # an article's own entities: a user's entity if they name it, else scoped to it
    # the head word of a user's entity's name (``coalition`` of the ``US-led coalition``)
    heads: dict[tuple[str, str], set[int]] = defaultdict(set)
    for a, entry in enumerate(user):
        for name in (entry.name, *entry.aliases):
            words = name_key(name).split()
            if len(words) > 1:
                heads[(_family(entry.cls), words[-1])].add(a)
    named_in: dict[int, set[str]] = defaultdict(set)  # a user's entity: its articles
    for i, u in enumerate(units):
        root = clusters.find(i)
        for a in range(len(user)):
            if clusters.find(base + a) == root:
                named_in[a].add(u.doc)
    for u in own:
        anchor = index.get((_family(u.cls), name_key(u.label)))
        if anchor is not None:
            named_in[anchor].add(u.doc)
    for u in own:
        anchor = index.get((_family(u.cls), name_key(u.label)))
        if anchor is None and not u.person:
            anchor = _headed(
                u, heads.get((_family(u.cls), name_key(u.label)), set()), named_in, context
            )
        if anchor is not None and anchor < len(user):
            eid = anchor_ids[anchor]
            out.why[(u.doc, u.key)] = Decision("known", name=anchors[anchor].name)
        else:
            eid = scoped_id(u.cls, u.doc, u.label)
            out.labels.setdefault(eid, u.label)
            out.classes.setdefault(eid, u.cls)
            out.votes.setdefault(eid, Counter())[u.cls] += u.weight
            out.why[(u.doc, u.key)] = Decision("described")
        out.ids[(u.doc, u.key)] = eid
    return out


def _named(u: _Unit, keys: set[str]) -> bool:
    """Whether the unit goes by one of the name keys ``keys``."""
    return bool(keys) and any(name_key(n) in keys for n in u.names)


def _correct(units: list[_Unit], corrections: list[Correction], clusters, apart: bool) -> None:
    """A user's corrections: with ``apart``, mark the two sides of each ``apart`` (before
    any evidence joins them); else join the units of each ``merge``, whatever keeps them
    apart (a user's merge is the last word)."""
    for n, c in enumerate(corrections):
        if (c.action == "apart") != apart or c.action == "not an entity":
            continue
        one = [i for i, u in enumerate(units) if _named(u, {name_key(c.name)})]
        two = [i for i, u in enumerate(units) if _named(u, {name_key(c.other)})]
        if apart:
            for side, members in enumerate((one, two)):
                for i in members:
                    clusters.sides.setdefault(clusters.find(i), set()).add((n, side))
        elif one and two:
            for i in one[1:] + two:
                clusters.join(one[0], i, "corrected", 1.0, forced=True)


def _two_readings(units: list[_Unit], free: list[int], clusters: _Clusters) -> None:
    """An article that names an organisation and a place by one name (``Creighton``
    the team beside ``Creighton`` the city, :func:`kg.nlp.entities._named_after`) told
    them apart: they are kept apart everywhere, as a user's ``apart`` keeps two names."""
    by_doc: dict[tuple[str, str], dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for i in free:
        u = units[i]
        if u.cls in ("Organization", "Place"):
            for k in u.things:
                by_doc[(u.doc, k)][u.cls].append(i)
    for (doc, k), classes in by_doc.items():
        if len(classes) < 2:
            continue
        for side, cls in enumerate(("Organization", "Place")):
            for i in classes[cls]:
                clusters.sides.setdefault(clusters.find(i), set()).add((("read", doc, k), side))


def _headed(u: _Unit, anchors: set[int], named_in, context: Context) -> int | None:
    """The one user's entity whose name ends in the word an article's own entity is
    described by (``the coalition``), if that article is about the story of an article
    that names it in full (:data:`BARE_NAME`): else None."""
    if len(anchors) != 1:
        return None
    [a] = anchors
    docs = named_in.get(a, set())
    close = max((context.similarity(u.doc, d, u.own) for d in docs), default=0.0)
    return a if close >= BARE_NAME else None


def _vote(votes: Counter) -> str:
    """The class most of a cluster's mentions give it; a tie to the first of
    :data:`kg.model.ENTITY_CLASSES` (a person before an organisation before a place)."""
    order = list(ENTITY_CLASSES)
    return min(votes, key=lambda c: (-votes[c], order.index(c) if c in order else len(order)))


def _label(members: list[_Unit], cls: str) -> str:
    """The name a cluster is shown by: of a person, the full name most mentions use;
    of anything else, the name most of them use, capitalised before lower-case."""
    score: Counter = Counter()
    for u in members:
        score[u.label] += u.weight

    def rank(label: str):
        words = len(name_key(label).split())
        if cls == PERSON:
            full = person_name(label).full
            ran_on = _person_at_end(label.split()) != label.split()  # "Interior Ken Salazar"
            return (not full, ran_on, -score[label], -words, label)
        return (label.islower(), -score[label], -words, label)

    return min(score, key=rank)


def _decision(m: int, clusters: _Clusters, units: list[_Unit], base: int, anchors) -> Decision:
    """The strongest evidence that joined unit ``m`` to another of its cluster."""
    links = clusters.why.get(m)
    if not links:
        return Decision("alone")
    other, kind, score = max(links, key=lambda link: (link[2], -link[0]))
    if other >= base:
        return Decision(kind, name=anchors[other - base].name)
    return Decision(kind, units[other].doc, units[other].label, score)


# ------------------------------------------------------------------ the blocks


def _pairs(block: list, clusters: _Clusters, units, context, threshold, why, agree=None):
    """Join each pair of units of a block whose names agree (``agree``) and whose
    articles are at least ``threshold`` close."""
    for (i, p), (j, q) in combinations(block, 2):
        if i == j or clusters.find(i) == clusters.find(j):
            continue
        if agree is not None and not agree(p, q):
            continue
        s = context.similarity(units[i].doc, units[j].doc, units[i].own | units[j].own)
        if s >= threshold:
            clusters.join(i, j, why, s)


def _attach(i: int, roots: Iterable[int], docs, clusters, units, context, threshold, why) -> bool:
    """Join unit ``i`` (a bare name) to the closest of the clusters ``roots`` if it is
    close enough and no other is nearly as close; return whether it was joined."""
    doc = units[i].doc
    scored = sorted(
        (
            max(
                (context.similarity(doc, d, units[i].own | units[m].own), -m)
                for d, m in docs[r].items()
            ),
            r,
        )
        for r in roots
        if docs[r]
    )
    if not scored or scored[-1][0][0] < threshold:
        return False
    (s, m), best = scored[-1]
    rivals = [r for (t, _), r in scored[:-1] if t > s - MARGIN]
    if any(len(docs[best]) < DOMINANT * len(docs[r]) for r in rivals):
        return False  # namesakes about as close, and as often named: it cannot say which
    return clusters.join(i, -m, why, s)


def _docs_of(clusters: _Clusters, members: Iterable[int], units) -> dict[int, dict[str, int]]:
    """For each cluster of ``members``, one member in each of its articles."""
    out: dict[int, dict[str, int]] = defaultdict(dict)
    for m in sorted(members):
        out[clusters.find(m)].setdefault(units[m].doc, m)
    return out


def _join(
    units: list[_Unit], free: list[int], known: list[int], clusters: _Clusters, context: Context
) -> None:
    """Join the units ``free`` (not known entities) inside their blocks, strongest
    evidence first, so that a bare name chooses among clusters that full names made
    (and those of the units ``known`` entities took)."""
    headline = [i for i in free if units[i].headline]
    rest = [i for i in free if not units[i].headline]
    _join_full_names(units, rest, clusters, context)
    _join_thing_names(units, rest, clusters, context)
    _join_bare_names(units, rest, rest + known, clusters, context)
    _join_headlines(units, headline, rest + known, clusters, context)


def _join_full_names(units, free, clusters: _Clusters, context: Context) -> None:
    """People by their full names: the same, a given name and its short form or initial,
    a surname spelt two ways; and a full name another article types a place or an
    organisation (``Wladimir Klitschko``)."""
    people = [i for i in free if units[i].person]
    by_full: dict[tuple[str, str], list] = defaultdict(list)
    by_last: dict[str, list] = defaultdict(list)
    by_first: dict[str, set[str]] = defaultdict(set)
    for i in people:
        for p in units[i].full:
            by_full[(p.first, p.last)].append((i, p))
            by_last[p.last].append((i, p))
            by_first[p.first].add(p.last)
    for block in by_full.values():
        _pairs(block, clusters, units, context, SAME_FULL_NAME, "same full name", _middles_agree)
    for block in by_last.values():
        _pairs(block, clusters, units, context, VARIANT, "given name variant", _given_variant)
    for first, lasts in by_first.items():
        for a, b in combinations(sorted(lasts), 2):
            if min(len(a), len(b)) >= 4 and ratio(a, b) >= SPELLING:
                block = by_full[(first, a)] + by_full[(first, b)]
                _pairs(block, clusters, units, context, VARIANT, "spelling", lambda p, q: p != q)
    things: dict[str, list[int]] = defaultdict(list)
    for i in free:
        if not units[i].person:
            for k in units[i].things:
                things[k].append(i)
                tail = " ".join(_person_at_end(k.split()))
                if tail != k:  # "Interior Ken Salazar" typed an organisation
                    things[tail].append(i)
    for i in people:
        u = units[i]
        for k in sorted({name_key(n) for n in u.names if person_name(n).full}):
            for j in things.get(k, ()):
                s = context.similarity(u.doc, units[j].doc, u.own | units[j].own)
                if s >= SAME_FULL_NAME:
                    clusters.join(i, j, "same full name", s)


def _given_variant(p: PersonName, q: PersonName) -> bool:
    """Two full names of one surname whose given names differ but agree: ``Fred`` /
    ``Frederick``, ``J.`` / ``James``, ``W. Mark`` / ``Mark`` (a first initial before the
    given name)."""
    if p.first == q.first or not _middles_agree(p, q):
        return False
    if given_names_agree(p.first, q.first):
        return True
    for a, b in ((p, q), (q, p)):
        if len(a.first) == 1 and a.middle.split()[:1] == [b.first]:
            return True
    return False


#: Words a team's or company's name may end in without the last word naming it alone:
#: ``University of California`` is not ``California``.
_OF = frozenset({"of", "for", "de", "on", "in", "at"})


def _join_thing_names(units, free, clusters: _Clusters, context: Context) -> None:
    """Organisations and places by their names: the same (legal form dropped), an
    acronym and its expansion, a name spelt two ways (``Centre`` / ``Center``)."""
    things = [i for i in free if not units[i].person]
    by_key: dict[str, list] = defaultdict(list)
    by_acronym: dict[str, list] = defaultdict(list)
    by_first_word: dict[str, set[str]] = defaultdict(set)
    for i in things:
        for k in units[i].things:
            by_key[k].append((i, k))
            by_first_word[k.split()[0]].add(k)
        for n in units[i].names:
            a = acronym(n)
            if a:
                by_acronym[a].append((i, n))
            if len(a) >= 3 and a[0] == "t" and _written_as_acronym(n):
                # THR / (The) Hollywood Reporter: the NER leaves "The" out of the name
                by_acronym[a[1:]].append((i, n))
    for block in by_key.values():  # of one class first: the city to the city, not the team
        typed = [(i, units[i].cls) for i, _ in block]
        _pairs(typed, clusters, units, context, SAME_THING_NAME, "same name", str.__eq__)
        _pairs(block, clusters, units, context, SAME_THING_NAME, "same name")
    for block in by_acronym.values():
        _pairs(
            block,
            clusters,
            units,
            context,
            VARIANT,
            "acronym",
            lambda p, q: _written_as_acronym(p) != _written_as_acronym(q),
        )
    one_word: dict[str, set[str]] = defaultdict(set)  # Turkmenistan / Turkeminstan
    for k in by_key:
        if " " not in k and len(k) >= 8:
            one_word[k[:2]].add(k)
    by_facility: dict[str, list] = defaultdict(list)  # Betty Ford Center / Clinic
    for i in things:
        for k in units[i].facilities:
            by_facility[k].append((i, k))
    for block in by_facility.values():
        _pairs(block, clusters, units, context, VARIANT, "facility")
    for keys in [*by_first_word.values(), *one_word.values()]:
        for a, b in combinations(sorted(keys), 2):
            if min(len(a), len(b)) >= 6 and ratio(a, b) >= SPELLING:
                _pairs(
                    by_key[a] + by_key[b],
                    clusters,
                    units,
                    context,
                    VARIANT,
                    "spelling",
                    lambda p, q: p != q,
                )


def _written_as_acronym(name: str) -> bool:
    bare = name.replace(".", "").strip()
    return bare.isupper() and " " not in bare


class _Names:
    """The clusters that full names (of people) and names of several words (of
    organisations) made, by the words a bare name would name them by."""

    def __init__(self, units, free, clusters: _Clusters):
        self.docs = _docs_of(clusters, free, units)
        self.surname: dict[str, set[int]] = defaultdict(set)
        self.given: dict[str, set[int]] = defaultdict(set)
        self.full: dict[str, set[int]] = defaultdict(set)
        self.thing: dict[str, set[int]] = defaultdict(set)
        self.end: dict[str, set[int]] = defaultdict(set)  # last word of an organisation's
        self.head: dict[str, set[int]] = defaultdict(set)  # "academy" of "Academy of ..."
        self.team: dict[str, set[int]] = defaultdict(set)  # "creighton" of "... Bluejays"
        self.people_words: set[str] = set()
        for i in free:
            u, root = units[i], clusters.find(i)
            for p in u.full:
                self.surname[p.last].add(root)
                self.given[p.first].add(root)
                self.full[f"{p.first} {p.last}"].add(root)
                self.people_words.update((p.first, p.last))
            if u.person:
                continue
            for k in u.things:
                self.thing[k].add(root)
                words = k.split()
                if u.cls == "Organization" and len(words) > 1 and not _OF & set(words):
                    self.end[words[-1]].add(root)
                if u.cls == "Organization" and len(words) > 2 and words[1] == "of":
                    self.head[words[0]].add(root)
                if u.cls == "Organization" and len(words) > 1 and lx.is_team_plural(words[-1]):
                    for k in range(1, len(words)):
                        self.team[" ".join(words[:k])].add(root)
            for k in u.facilities:  # "Morningside" of "Morningside Recovery"
                self.thing[k].add(root)
        self._by_initial: dict[str, list[str]] = defaultdict(list)
        for last in self.surname:
            if len(last) >= 6:
                self._by_initial[last[0]].append(last)

    def spelt(self, word: str) -> str | None:
        """The one surname of a full name that ``word`` is a spelling of (``Klistchko`` of
        ``Klitschko``: :data:`SPELLING`), if ``word`` is no surname or given name itself."""
        if len(word) < 6 or word in self.surname or word in self.given:
            return None
        near = extract(
            word, self._by_initial.get(word[0], ()), scorer=ratio, score_cutoff=SPELLING, limit=2
        )
        return near[0][0] if len(near) == 1 else None


def _join_bare_names(units, free, named, clusters: _Clusters, context: Context) -> None:
    """Names of one word: a surname or given name to the closest full name that has it, a
    team's short name to its full name (``Saints``), a "person" to the organisation of
    that name that no person's name has (``TMZ``), a "place" or "organisation" to the
    person whose surname it is (``Teixeira``); else bare names of one story together."""
    names = _Names(units, named, clusters)
    alone: dict[str, list] = defaultdict(list)

    def attach(i, roots, threshold, why):
        roots = {r for r in roots if r in names.docs and clusters.find(r) != clusters.find(i)}
        return bool(roots) and _attach(
            i, roots, names.docs, clusters, units, context, threshold, why
        )

    for i in free:
        u = units[i]
        if u.person and not u.full:
            joined = False
            for t in sorted(u.lone):
                joined = (
                    attach(i, names.surname[t], BARE_NAME, "surname")
                    if t in names.surname
                    else attach(i, names.given.get(t, ()), GIVEN_NAME, "given name")
                    or t not in names.people_words
                    and attach(i, names.thing.get(t, ()), BARE_NAME, "organisation's name")
                )
                if joined:
                    break
            if not joined:
                for t in sorted(u.lone):
                    spelt = names.spelt(t)
                    if spelt and attach(i, names.surname[spelt], VARIANT, "spelling"):
                        joined = True
                        break
            if not joined:
                for t in u.lone:
                    alone[t].append((i, t))
        elif (
            u.cls == "Organization"
            and len(u.things) == 1
            and next(iter(u.things)) in names.team
            and attach(i, names.team[next(iter(u.things))], BARE_NAME, "team's place")
        ):
            continue  # "Creighton" (the team) of the "Creighton Bluejays"
        elif not u.person and len(u.things) == 1 and " " not in next(iter(u.things)):
            [t] = u.things
            if u.cls == "Organization" and (
                attach(i, names.end.get(t, ()), BARE_NAME, "short form")
                or attach(i, names.head.get(t, ()), BARE_NAME, "short form")
            ):
                continue
            attach(i, names.surname.get(t, ()), BARE_NAME, "surname")
    for block in alone.values():
        _pairs(block, clusters, units, context, BARE_NAME, "same bare name")


def _join_headlines(units, headline, named, clusters: _Clusters, context: Context) -> None:
    """A name on a title-cased headline line, where the NER runs on into the words
    around it (``Lindsay Lohan Checks Into Rehab``, ``Hire Maurice Cheeks``): the
    longest run of its words that names a cluster of full names (or, one word long, a
    surname or an organisation's name) joins the closest such cluster."""
    names = _Names(units, named, clusters)
    for i in headline:
        words = name_key(units[i].label).split()
        for n in range(len(words), 0, -1):
            roots: set[int] = set()
            for at in range(len(words) - n + 1):
                run = " ".join(words[at : at + n])
                if n > 1:
                    p = person_name(run)
                    roots |= names.full.get(f"{p.first} {p.last}", set()) if p.full else set()
                    roots |= names.thing.get(thing_key(run), set())
                else:
                    roots |= names.surname.get(run, set()) | names.thing.get(run, set())
            roots = {r for r in roots if r in names.docs}
            if roots:
                _attach(i, roots, names.docs, clusters, units, context, BARE_NAME, "headline")
                break


class Resolver:
    """Resolution one article at a time: :func:`resolve_corpus` over every article seen
    so far, each call giving the entities of all of them their ids as they stand now (an
    article seen later can join or part those of an earlier one).

    Parameters
    ----------
    known, gazetteer
        As for :func:`resolve_corpus`.

    Examples
    --------
    >>> from kg.model import Document, Entity, Extraction
    >>> r = Resolver()
    >>> a = r.resolve(Extraction(Document("a", "James Mattis flew to Kabul."),
    ...                          [Entity("e0", "James Mattis", "Person")]))
    >>> b = r.resolve(Extraction(Document("b", "Mattis flew to Kabul."),
    ...                          [Entity("e0", "Mattis", "Person")]))
    >>> a.entities[0].id == b.entities[0].id == "person/james-mattis"
    True
    """

    def __init__(
        self,
        known: Iterable[tuple[str, str, Iterable[str]]] = (),
        gazetteer: Iterable[KnownEntity] = (),
    ):
        self._known = [(eid, cls, tuple(names)) for eid, cls, names in known]
        self._gazetteer = list(gazetteer)
        self._records: dict[str, Extraction] = {}  # as extracted, before any id
        self._resolved: dict[str, Extraction] = {}
        self.labels: dict[str, str] = {}
        self.classes: dict[str, str] = {}
        self.same_as: dict[str, tuple[str, ...]] = {}

    def resolve(self, extraction: Extraction) -> Extraction:
        """Give ``extraction``'s entities (and those of every article seen before) their
        ids; returns it. An article whose entities cannot be read raises, and leaves the
        resolver as it was."""
        doc = extraction.document.id
        records = {**self._records, doc: copy.deepcopy(extraction)}
        r = resolve_corpus(records.values(), self._gazetteer, self._known)
        if doc in r.failed:
            raise r.failed[doc]
        self._records = records
        self._resolved[doc] = extraction
        for x in self._resolved.values():
            r.apply(x)
        self.labels, self.classes, self.same_as = r.labels, r.classes, r.same_as
        return extraction
