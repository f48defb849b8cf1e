"""Cross-document entity resolution: one corpus-wide id per real-world thing.

Each article's extraction names its entities locally (``e0``, ``e1`` ...). The
:class:`Resolver` maps them to corpus-wide ids (``person/james-mattis``) through an index
of the names already seen, so the cost of resolving an entity does not grow with the
number of entities (no pair of names is ever compared outside its index bucket):

- people by first name and surname (``Bashar Assad`` = ``Bashar al-Assad``), a lone
  surname by the one person known with it (``Mattis`` = ``James Mattis``; with two such
  people it stays apart);
- organisations and places by any of their names (``SDF`` and ``Syrian Democratic Forces``
  were tied together inside an article), never by a word of a longer name: ``California``
  is not the ``University of California``;
- an entity its article only describes (``the police``, ``officials``, a bare
  ``Parliament``: :attr:`kg.model.Entity.generic`) is that article's own, with an id scoped
  to it (``organization/<article>/police``): the police of Gdańsk and of Ohio are not one
  force. Inside its article it has already joined whatever the article names it by.

Ids are minted from the first label seen, so building the same input in the same order
gives the same ids; the label shown for an id is the best name seen so far.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Hashable, Iterable

from anyascii import anyascii

from kg.model import PERSON, Extraction, KnownEntity
from kg.names import name_key

_PARTICLES = ("al-", "el-", "bin-")


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


def person_parts(name: str) -> tuple[str, str]:
    """(first name, surname) of a person's name; first is '' for a lone surname."""
    words = name_key(name).split()
    if not words:
        return "", ""
    last = words[-1].split("-")[-1]
    return (words[0] if len(words) > 1 else ""), last


def scoped_id(cls: str, doc_id: str, label: str) -> str:
    """The id of an entity known only inside one article (``organization/<article>/police``)."""
    return f"{cls.lower()}/{slug(doc_id)}/{slug(label)}"


def is_scoped(eid: str) -> bool:
    """Whether ``eid`` is an article's own entity (see :func:`scoped_id`)."""
    return eid.count("/") >= 2


class _Journal:
    """How to undo the changes made to a resolver's index since the last :meth:`commit`.

    The index is shared by every later article, so an article whose resolution fails
    part-way must leave nothing of itself in it: its changes are staged here and either
    kept (:meth:`commit`) or undone in reverse order (:meth:`rollback`).
    """

    def __init__(self) -> None:
        self._undo: list[Callable[[], None]] = []

    def record(self, undo: Callable[[], None]) -> None:
        self._undo.append(undo)

    def commit(self) -> None:
        self._undo.clear()

    def rollback(self) -> None:
        while self._undo:
            self._undo.pop()()


_ABSENT = object()


class _Index(dict):
    """A dict of the resolver's index whose changes go into a :class:`_Journal`; with a
    ``factory``, a missing key gets a new value from it (as ``defaultdict`` does)."""

    def __init__(self, journal: _Journal, factory: Callable[[], object] | None = None):
        super().__init__()
        self._journal = journal
        self._factory = factory

    def __missing__(self, key: Hashable) -> object:
        if self._factory is None:
            raise KeyError(key)
        self[key] = value = self._factory()
        return value

    def __setitem__(self, key: Hashable, value: object) -> None:
        old = self.get(key, _ABSENT)
        if old is _ABSENT:
            self._journal.record(lambda: dict.pop(self, key, None))
        else:
            self._journal.record(lambda: dict.__setitem__(self, key, old))
        super().__setitem__(key, value)

    def setdefault(self, key: Hashable, default: object = None) -> object:
        if key not in self:
            self[key] = default
        return self[key]


class _IndexSet(set):
    """A set of the resolver's index whose additions go into a :class:`_Journal`."""

    def __init__(self, journal: _Journal):
        super().__init__()
        self._journal = journal

    def add(self, item: Hashable) -> None:
        if item not in self:
            self._journal.record(lambda: self.discard(item))
            super().add(item)


def _family(cls: str) -> str:
    # a country can be a place or a government that speaks: one family for both
    return "person" if cls == PERSON else "thing"


class Resolver:
    """Gives every entity of an extraction a corpus-wide ``id``.

    Parameters
    ----------
    known : iterable of (id, cls, names)
        Entities already in the store, their label first among the names, so that new
        articles join them (``Store.known_entities()`` yields these).
    gazetteer : iterable of KnownEntity
        Entities known before any article (:func:`kg.gazetteer.read_gazetteer`): a name
        or alias of one joins it, and it keeps the gazetteer's name and class.

    Examples
    --------
    >>> from kg.model import Document, Entity, Extraction
    >>> r = Resolver()
    >>> a = Extraction(Document("a", ""), [Entity("e0", "James Mattis", "Person",
    ...                                           ("James Mattis",))])
    >>> b = Extraction(Document("b", ""), [Entity("e0", "Mattis", "Person", ("Mattis",))])
    >>> r.resolve(a).entities[0].id == r.resolve(b).entities[0].id == "person/james-mattis"
    True
    """

    def __init__(
        self,
        known: Iterable[tuple[str, str, Iterable[str]]] = (),
        gazetteer: Iterable[KnownEntity] = (),
    ):
        # Every container of the index is journaled: see resolve().
        self._journal = _Journal()
        journal, sets = self._journal, lambda: _IndexSet(self._journal)
        self.names: dict[tuple[str, str], str] = _Index(journal)
        self.people: dict[tuple[str, str], str] = _Index(journal)
        self.surnames: dict[str, set[str]] = _Index(journal, sets)
        #: The ids that ``people`` holds a full name of, by surname: its values by the
        #: second part of their key, so that a look-up does not read every person.
        self.full_surnames: dict[str, set[str]] = _Index(journal, sets)
        self.labels: dict[str, str] = _Index(journal)
        self.classes: dict[str, str] = _Index(journal)
        #: Identifiers elsewhere (IRIs) of the gazetteer's entities, by id; their name and
        #: class are the gazetteer's, whatever articles call them.
        self.same_as: dict[str, tuple[str, ...]] = {}
        #: The gazetteer's names and aliases, by (class family, name key): the one way an
        #: article's own entity ("the U.S.-led coalition" of one article) joins an entity
        #: outside it, since the user named it.
        self.gazetteer_names: dict[tuple[str, str], str] = {}
        for entry in gazetteer:
            eid = self._new_id(entry.cls, entry.name)
            self.labels[eid] = entry.name
            self.classes[eid] = entry.cls
            self.same_as[eid] = entry.same_as
            self._register(eid, entry.cls, [entry.name, *entry.aliases])
            for name in (entry.name, *entry.aliases):
                self.gazetteer_names.setdefault((_family(entry.cls), name_key(name)), eid)
        for eid, cls, names in known:
            names = list(names)
            self.labels[eid] = names[0] if names else eid
            self.classes[eid] = cls
            if not is_scoped(eid):  # an article's own entity is never joined from outside
                self._register(eid, cls, names)
        journal.commit()

    def _new_id(self, cls: str, label: str) -> str:
        base = f"{cls.lower()}/{slug(label)}"
        eid, n = base, 2
        while eid in self.labels:
            eid, n = f"{base}-{n}", n + 1
        return eid

    def _register(self, eid: str, cls: str, names: Iterable[str]) -> None:
        fam = _family(cls)
        for name in names:
            n = name_key(name)
            if not n:
                continue
            self.names.setdefault((fam, n), eid)
            if fam == "person":
                first, last = person_parts(name)
                self.surnames[last].add(eid)
                if first and (first, last) not in self.people:
                    self.people[(first, last)] = eid
                    self.full_surnames[last].add(eid)

    def _find(self, cls: str, names: list[str]) -> str | None:
        fam = _family(cls)
        if fam == "person":
            full = [person_parts(n) for n in names if person_parts(n)[0]]
            for first, last in full:
                if (first, last) in self.people:
                    return self.people[(first, last)]
            lasts = {person_parts(n)[1] for n in names}
            for last in lasts:
                ids = self.surnames.get(last, set())
                # a full name joins a lone surname only if no other full name has it
                candidates = (
                    [i for i in ids if not full or i not in self.full_surnames.get(last, ())]
                    if full
                    else ids
                )
                if len(candidates) == 1 and (not full or len(ids) == 1):
                    return next(iter(candidates))
            return None
        for n in names:
            hit = self.names.get((fam, name_key(n)))
            if hit:
                return hit
        return None

    def _organisation_named_as_person(self, e) -> str | None:
        """``told Wikinews``: an outlet the NER took for a person in an article that gave
        no other evidence. A one-word person name that no known person bears (first name
        or surname) and that an organisation already known goes by is that organisation
        (never a place: ``Jackson`` the city and the person stay apart)."""
        if e.cls != PERSON or len(name_key(e.label).split()) != 1:
            return None
        if any(person_parts(n)[0] for n in e.names):
            return None  # a full name somewhere: a person
        hit = self.names.get(("thing", name_key(e.label)))
        if (
            hit
            and self.classes.get(hit) == "Organization"
            and not self.surnames.get(person_parts(e.label)[1])
        ):
            e.cls = "Organization"
            return hit
        return None

    def _better_label(self, old: str, new: str, cls: str) -> bool:
        if cls == PERSON:
            return len(name_key(new).split()) > len(name_key(old).split())
        bare_old = " " not in name_key(old) and old.islower()
        return bare_old and not (" " not in name_key(new) and new.islower())

    def resolve(self, extraction: Extraction) -> Extraction:
        """Set ``id`` (and the best ``label`` known) on every entity; returns it.

        All or nothing for the index: if resolving one of the entities raises, the
        names, ids and labels the article added are dropped before the error goes on,
        so the articles after it resolve as if it had never been seen.
        """
        try:
            self._resolve(extraction)
        except BaseException:
            self._journal.rollback()
            raise
        self._journal.commit()
        return extraction

    def _resolve(self, extraction: Extraction) -> None:
        for e in extraction.entities:
            joined = self.gazetteer_names.get((_family(e.cls), name_key(e.label)))
            if e.generic and joined is not None:
                e.id, e.label, e.cls = joined, self.labels[joined], self.classes[joined]
                continue
            if e.generic:
                e.id = scoped_id(e.cls, extraction.document.id, e.label)
                self.labels.setdefault(e.id, e.label)
                self.classes.setdefault(e.id, e.cls)
                continue
            names = list(dict.fromkeys([e.label, *e.names]))
            eid = self._find(e.cls, names) or self._organisation_named_as_person(e)
            if eid is None:
                eid = self._new_id(e.cls, e.label)
                self.labels[eid] = e.label
                self.classes[eid] = e.cls
            elif eid in self.same_as:  # the gazetteer's: its name and class stay
                pass
            elif self._better_label(self.labels[eid], e.label, e.cls):
                self.labels[eid] = e.label
            if e.cls == PERSON and self.classes.get(eid) != PERSON and eid not in self.same_as:
                self.classes[eid] = PERSON
            self._register(eid, e.cls, names)
            e.id = eid
            e.label = self.labels[eid]
            e.cls = self.classes[eid]
