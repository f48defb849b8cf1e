"""Plain, typed records: the extraction result, independent of spaCy and of rdflib.

Data flows one way through the package::

    documents -> nlp -> model -> resolve -> rdf -> query / export

``kg.nlp`` turns a :class:`Document` into an :class:`Extraction` (entities local to the
document, with ``key`` values such as ``"e3"``); ``kg.resolve`` gives each of those entities
a corpus-wide ``id``; ``kg.rdf`` maps the records to triples. Nothing here imports spaCy or
rdflib, so every stage can be tested by comparing values.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field

PERSON = "Person"
ORGANIZATION = "Organization"
PLACE = "Place"
ENTITY_CLASSES = (PERSON, ORGANIZATION, PLACE)

DIRECT = "direct"
INDIRECT = "indirect"

# What kind of attribution a claim is: the act its cue performs (kg.nlp.rules.en.CUE_ACTS).
# How an entity that its article never names is referred to (Entity.described_as).
DESCRIPTION, DOCUMENT, GROUP = "description", "document", "group"

STATEMENT = "statement"
ACCORDING_TO = "according-to"
FINDING = "finding"
ACTS = (
    STATEMENT,
    "question",
    "denial",
    "call",
    "accusation",
    "promise",
    "warning",
    "announcement",
    "confirmation",
    "belief",
    FINDING,
    ACCORDING_TO,
)


@dataclass(frozen=True)
class Document:
    """One news article exactly as read: offsets elsewhere are offsets into ``text``.

    ``date`` is an ISO date (``YYYY-MM-DD``) or None when the article does not give one;
    ``author`` is its byline (several names joined by ``"; "``), ``publisher`` who
    published it. For an HTML page, ``text`` is its main text as :mod:`kg.html` writes it
    out, not the page's markup.
    """

    id: str
    text: str
    date: str | None = None
    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    source: str | None = None
    author: str | None = None

    @property
    def content_hash(self) -> str:
        """SHA-256 of the text and metadata: a changed article gets a new hash.

        The author counts only when there is one, so that the hashes of articles stored
        before authors were read stay the same (and a rebuild finds them unchanged).
        """
        h = hashlib.sha256()
        for part in (self.text, self.date, self.title, self.url, self.publisher):
            h.update((part or "").encode("utf-8"))
            h.update(b"\x00")
        if self.author:
            h.update(b"author\x00" + self.author.encode("utf-8") + b"\x00")
        return h.hexdigest()


@dataclass(frozen=True)
class Mention:
    """A stretch of a document's text that names (or refers to) an entity."""

    doc_id: str
    start: int
    end: int
    text: str
    entity: str  # Entity.key within the same Extraction


@dataclass(frozen=True)
class Title:
    """A title or role an article gives a person (``U.S. Defence Secretary``), with the
    office or rank it names where it names a known one (``kg.nlp.titles``): its kind
    (``office`` or ``rank``), concept (``defense secretary``) and country (``us``)."""

    text: str
    doc_id: str
    start: int
    end: int
    office: str | None = None
    office_kind: str | None = None
    office_country: str | None = None


@dataclass
class Entity:
    """A real-world person, organisation or place as one article names it.

    ``key`` is local to the extraction (``"e0"``); ``id`` is the corpus-wide identifier
    that ``kg.resolve`` assigns (a slug such as ``"person/james-mattis"``).

    ``names`` are the names the article calls it by. ``generic`` is True when the article
    never names it and only describes it (``the police``, ``officials``, ``a spokesman``,
    a bare ``Parliament``): the same words in another article need not mean the same
    thing, so ``kg.resolve`` keeps such an entity to its article. ``described_as`` says,
    for an entity the article never names at all, how it refers to it: ``"description"``
    (``his family``, ``the police``), ``"document"`` (``reports``, ``the fire service
    statement``) or ``"group"`` (``authorities``, ``researchers``); None for one it names.
    Such an entity keeps its claims but stays out of entity lists, top speakers, search
    and views unless they are asked to include it.
    """

    key: str
    label: str
    cls: str
    names: tuple[str, ...] = ()
    mentions: tuple[Mention, ...] = ()
    titles: tuple[Title, ...] = ()
    id: str | None = None
    generic: bool = False
    described_as: str | None = None


@dataclass(frozen=True)
class Quantity:
    """A number inside a claim, with the bounds its comparator gives."""

    text: str
    start: int
    end: int
    value: float
    min_value: float | None = None
    max_value: float | None = None
    unit: str | None = None  # the counted thing: "fighters", "per cent of territory"
    about: str | None = None  # Entity.key the number is about, where the sentence says so


@dataclass(frozen=True)
class Claim:
    """An attributed statement: who (speaker) said what (content) where (offsets).

    A direct quotation whose speaker cannot be found is still a claim, with ``speaker``
    None (unresolved): the graph holds it without ``prov:wasAttributedTo``.
    """

    doc_id: str
    start: int
    end: int
    content: str
    speaker: str | None  # Entity.key; None for a quotation whose speaker was not found
    speaker_start: int | None  # the speaker mention's offsets (None with the speaker)
    speaker_end: int | None
    cue: str  # the cue's surface text: "said", "according to", "read"
    kind: str = INDIRECT  # DIRECT | INDIRECT
    cue_lemma: str | None = None
    act: str = STATEMENT  # one of ACTS: statement, question, denial, finding ...
    cue_start: int | None = None  # the cue's offsets, when the claim has a cue of its own
    cue_end: int | None = None
    date: str | None = None  # when the claim was made, if known; else the article's date
    date_text: str | None = None  # the expression the date rests on ("on Friday")
    about: tuple[str, ...] = ()  # Entity.key of entities mentioned in the content
    quantities: tuple[Quantity, ...] = ()


@dataclass(frozen=True)
class KnownEntity:
    """An entity a gazetteer names (:mod:`kg.gazetteer`): the name the graph gives it, its
    class, the other names it goes by, and IRIs naming it elsewhere (``same_as``: Wikidata
    and the like)."""

    name: str
    cls: str
    aliases: tuple[str, ...] = ()
    same_as: tuple[str, ...] = ()


@dataclass(frozen=True)
class Correction:
    """A user's correction of resolution (:mod:`kg.corrections`): ``merge`` the entities
    named ``name`` and ``other``, keep them ``apart``, or ``not an entity`` for ``name``
    (a description, not a name: its mentions stay on their claims, off entity lists)."""

    action: str
    name: str
    other: str = ""


@dataclass
class Extraction:
    """Everything extracted from one document."""

    document: Document
    entities: list[Entity] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)

    def entity(self, key: str) -> Entity:
        for e in self.entities:
            if e.key == key:
                return e
        raise KeyError(key)


def extraction_to_dict(extraction: Extraction) -> dict:
    """An extraction as plain JSON values (what a store keeps as an article's record).

    Examples
    --------
    >>> x = Extraction(Document("a.txt", "Hi."), [Entity("e0", "Jo Bo", PERSON, ("Jo Bo",))])
    >>> extraction_from_dict(extraction_to_dict(x)) == x
    True
    """
    return asdict(extraction)


def extraction_from_dict(data: dict) -> Extraction:
    """The :class:`Extraction` that :func:`extraction_to_dict` gave ``data`` for."""
    entities = [
        Entity(
            **{
                **e,
                "names": tuple(e["names"]),
                "mentions": tuple(Mention(**m) for m in e["mentions"]),
                "titles": tuple(Title(**t) for t in e["titles"]),
            }
        )
        for e in data["entities"]
    ]
    claims = [
        Claim(
            **{
                **c,
                "about": tuple(c["about"]),
                "quantities": tuple(Quantity(**q) for q in c["quantities"]),
            }
        )
        for c in data["claims"]
    ]
    return Extraction(Document(**data["document"]), entities, claims)
