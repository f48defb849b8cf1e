"""Names as resolution compares them: one normal form, a person's name in its parts, an
organisation's name without its legal form, and the acronym a name is written as.

A person's name is read by ``nameparser`` (title, given, middle, surname, suffix), which
knows some thousand titles and suffixes (``President``, ``Mr.``, ``Jr.``); an
organisation's legal form (``Inc.``, ``Corp.``, ``Ltd``) is dropped by ``cleanco``, which
keeps the forms of many countries. A given name's short forms (``Katie`` of ``Kathryn``,
``Bill`` of ``William``) are those of ``nicknames``, a hand-curated table of English names.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import NamedTuple

from cleanco import basename
from nameparser import HumanName
from nicknames import NickNamer


@functools.lru_cache(maxsize=1 << 16)  # called per mention and per candidate pair
def name_key(text: str) -> str:
    """A name as names are compared: without case, accents, dots, a leading ``the``, a
    possessive or extra spaces (``Erdoğan`` = ``Erdogan``: reporters drop diacritics
    that others keep).

    Examples
    --------
    >>> name_key("The U.S. Army's")
    'us army'
    >>> name_key("Recep Tayyip Erdoğan") == name_key("Recep Tayyip Erdogan")
    True
    """
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = re.sub(r"[’']s?$", "", text.strip())
    text = re.sub(r"^the\s+", "", text, flags=re.IGNORECASE)
    return re.sub(r"\s+", " ", text.replace(".", "")).strip().lower()


#: Words that begin a surname (``Lo Presti``, ``van Gogh``, ``De Niro``): a name of two
#: words that begins with one is a surname alone, not a given name and a surname.
SURNAME_PARTICLES = frozenset(
    "de da di del della der den van von le la lo du dos das ter ten bin al".split()
)

#: Arabic and other particles a surname is written with or without (``al-Assad``).
_PARTICLES = re.compile(r"^(?:al|el|bin|ibn|ben)-")


class PersonName(NamedTuple):
    """A person's name in parts, each as :func:`name_key` gives it ('' where absent)."""

    first: str
    middle: str
    last: str
    suffix: str

    @property
    def full(self) -> bool:
        """Whether the name has both a given name and a surname."""
        return bool(self.first and self.last)

    @property
    def lone(self) -> str:
        """The one word of a name of one word (a surname or a given name alone), else ''."""
        if self.full or self.middle:
            return ""
        return self.first or self.last


@functools.lru_cache(maxsize=1 << 16)
def person_name(text: str) -> PersonName:
    """``text`` read as a person's name, its title dropped (``President Barack Obama`` ->
    first ``barack``, last ``obama``); a name of one word has it as ``last`` when a title
    stood before it (``Mr. LaRue``), else as ``first`` (``Katie``): :attr:`PersonName.lone`
    reads either. A title alone (``President``) has no part at all.

    Examples
    --------
    >>> person_name("Arcade Joseph Comeaux Jr.")
    PersonName(first='arcade', middle='joseph', last='comeaux', suffix='jr')
    >>> person_name("Bashar al-Assad").last, person_name("Mr. LaRue").lone
    ('assad', 'larue')
    >>> person_name("Lo Presti").lone, person_name("Gaetano Lo Presti").last
    ('presti', 'presti')
    """
    h = HumanName(text)
    first, middle, last = (name_key(p) for p in (h.first, h.middle, h.last))
    if first in SURNAME_PARTICLES and last and not middle:
        first = ""  # "Lo Presti" alone: the surname of "Gaetano Lo Presti"
    last = _PARTICLES.sub("", last.split()[-1]) if last else ""
    last = last.split("-")[-1] if "-" in last else last
    return PersonName(first, middle, last, name_key(h.suffix))


def initials(middle: str) -> str:
    """The initials of a middle name or names (``h w`` -> ``hw``)."""
    return "".join(w[0] for w in middle.split() if w)


@functools.lru_cache(maxsize=1)
def _nicknamer() -> NickNamer:
    return NickNamer()


@functools.lru_cache(maxsize=1 << 14)
def _short_forms(name: str) -> frozenset[str]:
    """A given name's short forms and the names it is a short form of (``nicknames``)."""
    n = _nicknamer()
    return frozenset(n.nicknames_of(name)) | frozenset(n.canonicals_of(name))


def given_names_agree(a: str, b: str) -> bool:
    """Whether two given names can be one person's: equal, one an initial of the other
    (``j`` / ``james``), one the start of the other (``fred`` / ``frederick``), or one a
    short form of the other (``katie`` / ``kathryn``, ``bill`` / ``william``).

    >>> given_names_agree("fred", "frederick"), given_names_agree("john", "joan")
    (True, False)
    >>> given_names_agree("katie", "kathryn"), given_names_agree("bill", "william")
    (True, True)
    """
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    if len(short) == 1 and long[0] == short or len(short) >= 3 and long.startswith(short):
        return True
    return len(short) > 1 and b in _short_forms(a)


#: Words written short in place names and organisations' names, and their long form.
ABBREVIATIONS = {"mt": "mount", "ft": "fort", "st": "saint", "co": "company", "dept": "department"}

#: Words an acronym leaves out (``Bank of America`` -> ``BoA`` is written ``BOA``, but
#: ``Federal Bureau of Investigation`` is ``FBI``): their initials are not counted.
_ACRONYM_SKIPS = frozenset({"of", "the", "and", "for", "&", "de", "in", "on"})


@functools.lru_cache(maxsize=1 << 16)
def thing_key(text: str) -> str:
    """An organisation's or place's name as one key: :func:`name_key`, the legal form
    dropped (``Microsoft Corp.`` -> ``microsoft``), short words written out (``Mt Cook``
    -> ``mount cook``).

    >>> thing_key("Microsoft Corp."), thing_key("Mt. Cook"), thing_key("The Associated Press")
    ('microsoft', 'mount cook', 'associated press')
    """
    key = name_key(text)
    stripped = name_key(basename(key)) if " " in key else key
    words = [ABBREVIATIONS.get(w, w) for w in (stripped or key).split()]
    return " ".join(words)


def acronym(text: str) -> str:
    """The acronym a name of several words is written as (``Associated Press`` -> ``ap``),
    or the name itself if it is written as one (``AP``, ``U.N.``); '' otherwise.

    >>> acronym("Associated Press"), acronym("U.N."), acronym("Federal Bureau of Investigation")
    ('ap', 'un', 'fbi')
    >>> acronym("Saints")
    ''
    """
    bare = text.replace(".", "").strip()
    if 2 <= len(bare) <= 6 and bare.isalpha() and bare.isupper():
        return bare.lower()
    words = [w for w in re.split(r"[\s-]+", name_key(text)) if w and w not in _ACRONYM_SKIPS]
    if len(words) < 2 or not all(w[0].isalpha() for w in words):
        return ""
    return "".join(w[0] for w in words)


#: Words that say what kind of place a name is after the name itself (``Mediterranean
#: Sea``, ``Qeshm Island``): the name alone (``the Mediterranean``) is the same place.
FEATURE_WORDS = frozenset(
    {"sea", "ocean", "river", "island", "islands", "mountains", "desert", "peninsula", "strait"}
)


@functools.lru_cache(maxsize=1 << 16)
def place_key(text: str) -> str:
    """A place's name as :func:`thing_key` gives it, without the lower-case words that
    describe where in it (``southern Iran`` -> ``iran``) and without a word of
    :data:`FEATURE_WORDS` at its end (``Mediterranean Sea`` -> ``mediterranean``).

    >>> place_key("southern Iran"), place_key("the Mediterranean Sea"), place_key("Red Sea")
    ('iran', 'mediterranean', 'red')
    """
    words = text.split()
    while len(words) > 1 and words[0].islower():
        words = words[1:]
    key = thing_key(" ".join(words)).split()
    if len(key) > 1 and key[-1] in FEATURE_WORDS:
        key = key[:-1]
    return " ".join(key)


#: Words that end a facility's name and say what kind it is (``Betty Ford Center``,
#: ``Morningside Recovery``, ``Cliffside Rehab Center``): news writes one facility with
#: several of them (``Betty Ford Clinic``, ``Betty Ford Treatment Center``).
FACILITY_WORDS = frozenset(
    """center centre clinic recovery rehab rehabilitation treatment hospital hospice
    institute sanitarium sanatorium retreat ranch""".split()
)


@functools.lru_cache(maxsize=1 << 16)
def facility_key(text: str) -> str:
    """A facility's name without the words of :data:`FACILITY_WORDS` at its end, if it has
    one and a word is left; '' otherwise. (``Medical`` of ``Medical Center`` is no name:
    the resolver leaves out a key that is a common word.)

    >>> facility_key("Betty Ford Clinic"), facility_key("the Betty Ford Treatment Center")
    ('betty ford', 'betty ford')
    >>> facility_key("Morningside Recovery Center"), facility_key("Betty Ford")
    ('morningside', '')
    """
    words = thing_key(text).split()
    n = len(words)
    while words and words[-1] in FACILITY_WORDS:
        words.pop()
    return " ".join(words) if words and len(words) < n else ""
