"""Tracking claims across articles: one tracked claim per thing a speaker keeps saying.

Tools over plain values (no spaCy, no store):

:class:`ClaimIndex` links claims that say the same or nearly the same thing. Comparing every
pair is quadratic, so each claim is summarised by a MinHash signature over its word
shingles (Broder 1997) and signatures are bucketed by locality-sensitive hashing, band by
band (Leskovec, Rajaraman & Ullman, *Mining of Massive Datasets*, ch. 3): two claims become
candidates when one band of their signatures agrees, and a candidate joins only when the
exact Jaccard similarity of the two shingle sets reaches the threshold. Adding a claim
costs the same whatever the size of the index.

References
----------
A. Z. Broder, "On the resemblance and containment of documents", Compression and
Complexity of Sequences, 1997.
J. Leskovec, A. Rajaraman, J. D. Ullman, *Mining of Massive Datasets*, 3rd ed., ch. 3.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from kg.model import Claim, Extraction

# ---------------------------------------------------------------- near-duplicate claims

SHINGLE_WORDS = 3  # word 3-grams: long enough that unrelated claims rarely share one
MIN_WORDS = SHINGLE_WORDS  # texts shorter than one shingle can only match exactly
THRESHOLD = 0.6  # Jaccard similarity at which two claims say "nearly the same thing"
# 24 bands of 4 rows (96 hash functions): a pair at Jaccard s becomes a candidate with
# probability 1 - (1 - s**4)**24: 0.97 at s = 0.6, 0.998 at 0.7, but 0.18 at 0.3 and
# 0.002 at 0.1, so few pairs below the threshold reach the exact check.
BANDS = 24
ROWS = 4
#: Claims that may carry one LSH key (:class:`Tracking`): a bound on what one key finds.
#: Real news rarely comes near it (one speaker's claims sharing a band of four MinHash
#: rows); a synthetic corpus of overlapping windows of one word cycle fills keys fast.
BUCKET_CAP = 4
SEED = 20171227  # fixed: the same claims always give the same signatures and clusters

_MERSENNE = np.uint64((1 << 61) - 1)
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def claim_words(text: str) -> list[str]:
    """The words of a text, lowercased, without quotes and punctuation.

    Examples
    --------
    >>> claim_words('"We are breaking them," he said.')
    ['we', 'are', 'breaking', 'them', 'he', 'said']
    """
    return [w.replace("’", "'") for w in _WORD.findall(text.lower())]


def shingles(words: list[str], k: int = SHINGLE_WORDS) -> np.ndarray:
    """The distinct word k-grams of a text as sorted 32-bit hashes (BLAKE2b, unkeyed).

    Examples
    --------
    >>> len(shingles(["a", "b", "c", "a", "b", "c"]))
    3
    """
    grams = {" ".join(words[i : i + k]) for i in range(len(words) - k + 1)} or {" ".join(words)}
    hashes = [
        int.from_bytes(hashlib.blake2b(g.encode(), digest_size=4).digest(), "little") for g in grams
    ]
    return np.unique(np.array(hashes, dtype=np.uint32))


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Exact Jaccard similarity of two sorted arrays of distinct shingle hashes."""
    inter = len(np.intersect1d(a, b, assume_unique=True))
    return inter / (len(a) + len(b) - inter)


@functools.lru_cache(maxsize=4)
def _hash_functions(bands: int, rows: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The MinHash functions and band mixers for ``bands * rows`` rows, drawn from
    :data:`SEED`: the same on every run and machine, so stored keys stay valid."""
    rng = np.random.default_rng(SEED)
    n = bands * rows
    # Universal hashing (a*x + b) mod p with a, b < 2**32 and x < 2**32: no overflow.
    a = rng.integers(1, 1 << 32, size=n, dtype=np.uint64)
    b = rng.integers(0, 1 << 32, size=n, dtype=np.uint64)
    mix = rng.integers(1, 1 << 63, size=rows, dtype=np.uint64) | np.uint64(1)
    salt = rng.integers(1, 1 << 63, size=bands, dtype=np.uint64)
    for array in (a, b, mix, salt):
        array.flags.writeable = False
    return a, b, mix, salt


def _hash64(text: str) -> np.uint64:
    return np.uint64(
        int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "little")
    )


def band_keys(sh: np.ndarray, speaker: str, bands: int = BANDS, rows: int = ROWS) -> np.ndarray:
    """The LSH band keys of a shingle set said by ``speaker``: one 64-bit key per band of
    its MinHash signature, mixed with the speaker, so that two claims share a key only
    when one band of their signatures agrees and they have the same speaker (up to hash
    collisions, which the exact check weeds out).

    Examples
    --------
    >>> keys = band_keys(shingles(claim_words("we are breaking them")), "person/mattis")
    >>> len(keys), bool((keys == band_keys(shingles(["we", "are", "breaking", "them"]),
    ...                                    "person/mattis")).all())
    (24, True)
    """
    a, b, mix, salt = _hash_functions(bands, rows)
    sig = ((np.outer(sh, a) + b) % _MERSENNE).min(axis=0)
    keys = (sig.reshape(bands, rows) * mix).sum(axis=1) ^ salt ^ _hash64(speaker)
    return keys | np.uint64(1)  # never 0, the empty-slot mark of _BucketTable


class Fingerprint(NamedTuple):
    """What tracking compares a claim by: its words, shingles and LSH keys.

    A text of fewer than :data:`MIN_WORDS` words has no shingles and one key, that of its
    exact words and speaker: it only ever matches the same words.
    """

    words: str  # the normalised words, space-separated
    shingles: np.ndarray | None  # None for a short text
    keys: np.ndarray  # uint64, one per band (one in all for a short text)

    @property
    def short(self) -> bool:
        return self.shingles is None

    def key_texts(self) -> list[str]:
        """The keys as stored (``ckg:lshKey``): 15 hex digits, the low 60 bits of each.

        Fifteen characters is what Oxigraph stores inside a triple rather than in its
        string table; 60 bits leave collisions (caught by the exact check) negligible.
        """
        return [format(int(k) & _KEY_MASK, "015x") for k in self.keys]


_KEY_MASK = (1 << 60) - 1
_NO_KEYS = np.zeros(0, dtype=np.uint64)


@functools.lru_cache(maxsize=4096)
def fingerprint(text: str, speaker: str, bands: int = BANDS, rows: int = ROWS) -> Fingerprint:
    """The :class:`Fingerprint` of ``text`` said by ``speaker`` (entity id).

    Cached for the last few thousand claims: the tracker and the mapping of one batch
    both ask for them.

    Examples
    --------
    >>> a, b = fingerprint("We won.", "person/x"), fingerprint("we WON", "person/x")
    >>> a.key_texts() == b.key_texts(), a.short
    (True, True)
    """
    words = claim_words(text)
    joined = " ".join(words)
    if len(words) < MIN_WORDS:
        keys = np.array([_hash64(f"{speaker}\x00{joined}") | np.uint64(1)], dtype=np.uint64)
        keys.flags.writeable = False
        return Fingerprint(joined, None, keys)
    sh = shingles(words)
    keys = band_keys(sh, speaker, bands, rows)
    sh.flags.writeable = False
    keys.flags.writeable = False
    return Fingerprint(joined, sh, keys)


def lsh_keys(text: str, speaker: str) -> list[str]:
    """The ``ckg:lshKey`` values of a claim: :meth:`Fingerprint.key_texts`.

    Examples
    --------
    >>> len(lsh_keys("ISIS has lost almost all of its ground", "person/mattis"))
    24
    >>> len(lsh_keys("We won.", "person/x"))  # a short text: its exact words
    1
    """
    return fingerprint(text, speaker).key_texts()


def similarity(a: Fingerprint, b: Fingerprint) -> float:
    """How alike two claims' texts are: Jaccard similarity of their shingles; a short text
    is 1.0 to the same words and 0.0 to anything else.

    Examples
    --------
    >>> similarity(fingerprint("we won", "x"), fingerprint("We won!", "y"))
    1.0
    """
    if a.short or b.short:
        return 1.0 if a.short and b.short and a.words == b.words else 0.0
    return jaccard(a.shingles, b.shingles)


class Appearance(NamedTuple):
    """One claim of a tracked claim: where and when it appeared."""

    claim_id: str
    doc_id: str
    date: str | None


@dataclass
class TrackedClaim:
    """Claims one speaker made that say the same or nearly the same thing."""

    id: str
    speaker_id: str
    text: str  # the first member's text
    appearances: list[Appearance] = field(default_factory=list)

    @property
    def first_appearance(self) -> Appearance:
        """The earliest dated appearance (undated ones last), ties broken by document id."""
        return min(self.appearances, key=lambda a: (a.date is None, a.date or "", a.doc_id))


def claim_key(doc_id: str, start: int, end: int) -> str:
    """The id a claim is tracked by: its article's id and the offsets of its content.

    Examples
    --------
    >>> claim_key("a.txt", 10, 42)
    'a.txt#10-42'
    """
    return f"{doc_id}#{start}-{end}"


def tracked_claim_id(claim_id: str) -> str:
    """The id of a tracked claim, fixed by its first member's claim id.

    Examples
    --------
    >>> tracked_claim_id("a.txt#c0")
    'tracked/0276e8bd760036a7'
    """
    return "tracked/" + hashlib.blake2b(claim_id.encode(), digest_size=8).hexdigest()


class _BucketTable:
    """A multimap from band keys to claim numbers, kept in numpy arrays.

    Every indexed claim files one key per band, so entry ``claim * bands + band`` needs no
    claim column: open addressing (linear probing) maps a key to its newest entry, and
    ``next`` chains the entries of one key. A Python dict of tens of millions of band keys
    costs over 100 bytes an entry; this costs about 20.
    """

    MAX_LOAD = 0.5

    def __init__(self, bands: int, capacity: int = 1 << 16) -> None:
        self.bands = bands
        self.keys = np.zeros(capacity, dtype=np.uint64)  # 0 marks an empty slot
        self.heads = np.full(capacity, -1, dtype=np.int32)
        self.next = np.full(capacity, -1, dtype=np.int32)
        self.size = 0  # distinct keys held
        self.entries = 0

    def _slots(self, keys: np.ndarray) -> np.ndarray:
        """The slot of each key, taking an empty one for a new key (linear probing)."""
        mask = np.uint64(len(self.keys) - 1)
        slots = ((keys * np.uint64(0x9E3779B97F4A7C15)) >> np.uint64(20)) & mask
        pending = np.arange(len(keys))
        while len(pending):
            s = slots[pending]
            empty = self.keys[s] == 0
            # New keys probing the same empty slot: one takes it, the others move on.
            self.keys[s[empty]] = keys[pending[empty]]
            done = self.keys[s] == keys[pending]
            self.size += int(np.count_nonzero(done & empty))
            pending = pending[~done]
            slots[pending] = (slots[pending] + np.uint64(1)) & mask
        return slots.astype(np.int64)

    def file(self, keys: np.ndarray) -> set[int]:
        """File the next claim under its band keys; return the numbers of the claims filed
        before it under any of the same keys (its LSH candidates)."""
        if self.size + len(keys) > self.MAX_LOAD * len(self.keys):
            self._grow()
        if self.entries + len(keys) > len(self.next):
            self.next = np.concatenate([self.next, np.full(len(self.next), -1, dtype=np.int32)])
        slots = self._slots(keys)
        candidates = set()
        for head in self.heads[slots][self.heads[slots] >= 0]:
            entry = int(head)
            while entry >= 0:
                candidates.add(entry // self.bands)
                entry = int(self.next[entry])
        entries = np.arange(self.entries, self.entries + len(keys))
        self.next[entries] = self.heads[slots]
        self.heads[slots] = entries
        self.entries += len(keys)
        return candidates

    def _grow(self) -> None:
        held = self.keys != 0
        keys, heads = self.keys[held], self.heads[held]
        self.keys = np.zeros(2 * len(self.keys), dtype=np.uint64)
        self.heads = np.full(len(self.keys), -1, dtype=np.int32)
        self.size = 0
        self.heads[self._slots(keys)] = heads


class ClaimIndex:
    """Near-duplicate linking of claims by MinHash and LSH banding, in memory.

    A claim joins the tracked claim of an earlier claim by the same speaker whose shingle
    set it matches at Jaccard >= ``threshold`` (the best such match, the lowest tracked id
    among equals), or starts a new one. Texts of fewer than three words only match the
    same words exactly.

    :meth:`add` also keeps each tracked claim's appearances in :attr:`clusters`;
    :meth:`link`, which the build's :class:`Tracker` uses for the claims of one batch,
    keeps nothing but what linking needs.

    Parameters
    ----------
    threshold : float
        Jaccard similarity at which two claims are the same claim.
    bands, rows : int
        LSH banding: ``bands * rows`` hash functions (see :data:`BANDS`).

    Examples
    --------
    >>> index = ClaimIndex()
    >>> a = index.add("a#0", "person/mattis", "ISIS has lost almost all of its ground in Iraq",
    ...               "2017-12-22", "a")
    >>> b = index.add("b#3", "person/mattis", '"ISIS has lost almost all of its ground in Iraq."',
    ...               "2017-12-20", "b")
    >>> a == b, index.clusters[a].first_appearance.doc_id
    (True, 'b')
    """

    def __init__(self, threshold: float = THRESHOLD, bands: int = BANDS, rows: int = ROWS):
        self.threshold = threshold
        self.bands, self.rows = bands, rows
        self._table = _BucketTable(bands)
        self._exact: dict[tuple[str, str], str] = {}
        # The shingles of indexed claim n are _shingle_data[_shingle_end[n-1]:_shingle_end[n]]:
        # one growing buffer rather than a million small arrays.
        self._shingle_data = np.zeros(1 << 16, dtype=np.uint32)
        self._shingle_end: list[int] = []
        self._speaker: list[str] = []
        self._cluster_of: list[str] = []
        self.clusters: dict[str, TrackedClaim] = {}
        self._added = 0

    def __len__(self) -> int:
        """The number of claims added."""
        return self._added

    def _claim_shingles(self, n: int) -> np.ndarray:
        start = self._shingle_end[n - 1] if n else 0
        return self._shingle_data[start : self._shingle_end[n]]

    def _store_shingles(self, sh: np.ndarray) -> None:
        start = self._shingle_end[-1] if self._shingle_end else 0
        end = start + len(sh)
        if end > len(self._shingle_data):
            grown = np.zeros(max(2 * len(self._shingle_data), end), dtype=np.uint32)
            grown[:start] = self._shingle_data[:start]
            self._shingle_data = grown
        self._shingle_data[start:end] = sh
        self._shingle_end.append(end)

    def fingerprint(self, text: str, speaker_id: str) -> Fingerprint:
        """The :func:`fingerprint` of a claim, with this index's banding."""
        return fingerprint(text, speaker_id, self.bands, self.rows)

    def link(
        self,
        claim_id: str,
        speaker_id: str,
        fp: Fingerprint,
        outside: tuple[str, float] | None = None,
    ) -> str:
        """Index a claim and return the tracked claim it joins or starts.

        Parameters
        ----------
        claim_id, speaker_id : str
            The claim (:func:`claim_key`) and its speaker's corpus-wide entity id.
        fp : Fingerprint
            The claim's :meth:`fingerprint`.
        outside : (tracked id, similarity), optional
            The best match found outside this index (in the store): a claim in the index
            takes its place when more similar, or as similar with a lower tracked id.

        Returns
        -------
        str
            The tracked id of the best match, or a new :func:`tracked_claim_id`.
        """
        self._added += 1
        if fp.short:
            key = (speaker_id, fp.words)
            cluster = outside[0] if outside else self._exact.get(key)
            cluster = cluster or tracked_claim_id(claim_id)
            self._exact.setdefault(key, cluster)
            return cluster
        candidates = self._table.file(fp.keys)
        best, best_sim = outside if outside else (None, self.threshold)
        for other in sorted(candidates):
            if self._speaker[other] != speaker_id:
                continue
            sim = jaccard(fp.shingles, self._claim_shingles(other))
            if sim < self.threshold:
                continue
            # The most similar; among equals the lowest id, wherever it was found (here
            # or in the store), so that how a corpus is cut into batches changes nothing.
            cluster = self._cluster_of[other]
            if best is None or sim > best_sim or (sim == best_sim and cluster < best):
                best, best_sim = cluster, sim
        cluster = best or tracked_claim_id(claim_id)
        self._store_shingles(fp.shingles)
        self._speaker.append(speaker_id)
        self._cluster_of.append(cluster)
        return cluster

    def add(self, claim_id: str, speaker_id: str, text: str, date: str | None, doc_id: str) -> str:
        """Add a claim, record it as an appearance in :attr:`clusters`, and return the id
        of the tracked claim it joins or starts.

        Parameters
        ----------
        claim_id, speaker_id, doc_id : str
            The claim, its speaker's corpus-wide entity id and its document.
        text : str
            The claim's content.
        date : str or None
            When the claim was made (ISO), if known.

        Returns
        -------
        str
            A :func:`tracked_claim_id`, fixed by the tracked claim's first member.
        """
        cluster = self.link(claim_id, speaker_id, self.fingerprint(text, speaker_id))
        if cluster not in self.clusters:
            self.clusters[cluster] = TrackedClaim(cluster, speaker_id, text)
        self.clusters[cluster].appearances.append(Appearance(claim_id, doc_id, date))
        return cluster


#: Looks up stored claims by LSH key: given ``ckg:lshKey`` values, yields
#: ``(key, speaker_id, text, tracked_id)`` for each stored claim holding one of them
#: (:meth:`kg.rdf.store.Store.claims_sharing_keys`).
KeyLookup = Callable[[Sequence[str]], Iterable[tuple[str, str, str, str]]]


class Tracking(dict):
    """The tracked-claim id of each claim of a batch (``{claim: tracked id}``), and the
    LSH keys each claim is to carry (:attr:`keys`).

    Two limits keep the stored claims that one key finds bounded, however large the store:

    - A claim whose words are those of an earlier claim of the same tracked claim (in the
      order of derivation: article id, then place in the article) carries no keys: it
      would share every key, speaker and similarity with that earlier one, and so give
      the same tracked claim. Only the first claim of each wording is keyed.
    - A key already carried by :data:`BUCKET_CAP` earlier claims is not carried again.
      A later claim that says nearly the same as one of them still shares, at the
      similarity that counts (Jaccard 0.6 and up), several of its 24 keys, most of
      them in buckets far from full.

    A claim with no speaker is never looked up (tracking compares claims of one speaker),
    so it carries no keys either.
    """

    def __init__(self) -> None:
        super().__init__()
        #: The ``ckg:lshKey`` values each claim carries (none for a claim not in it).
        self.keys: dict[Claim, list[str]] = {}


class Tracker:
    """The tracking stage of a build: each new claim's tracked-claim id, given those stored.

    Nothing is kept from one batch to the next: the LSH index lives in the store, as the
    ``ckg:lshKey`` values of the claims (:func:`lsh_keys`, written by the mapping; only
    the first claim of each wording, and at most :data:`BUCKET_CAP` claims a key: see
    :class:`Tracking`). For a
    batch, the tracker looks up the stored claims that share a key with one of its claims
    (``lookup``, one query or a few), checks each candidate of the same speaker by the
    exact Jaccard similarity of the texts, and gives the claim the stored tracked id of
    the best one at or above the threshold; claims of the batch are linked to each other
    by a :class:`ClaimIndex` of that batch alone. So ids stay put from one build to the
    next, and memory does not grow with the store.

    Parameters
    ----------
    lookup : callable, optional
        See :data:`KeyLookup`; without it, claims are linked within each batch only.
    threshold : float
        Jaccard similarity at which two claims are the same claim.

    Examples
    --------
    >>> from kg.model import Claim, Document, Entity, Extraction
    >>> stored = [(k, "person/x", "we won the war", "tracked/1")
    ...           for k in lsh_keys("we won the war", "person/x")]
    >>> tracker = Tracker(lambda keys: [row for row in stored if row[0] in keys])
    >>> x = Extraction(Document("b", '"We won the war," X said.'),
    ...                [Entity("e0", "X", "Person", id="person/x")],
    ...                [Claim("b", 1, 16, "We won the war,", "e0", 18, 19, "said")])
    >>> tracker.track(x)  # doctest: +ELLIPSIS
    {Claim(doc_id='b', start=1, end=16, ...): 'tracked/1'}
    """

    def __init__(self, lookup: KeyLookup | None = None, threshold: float = THRESHOLD):
        self.lookup = lookup
        self.threshold = threshold

    def track(self, extraction: Extraction) -> Tracking:
        """The tracked-claim id of each claim of a resolved extraction (a batch of one)."""
        return self.track_batch([extraction])

    def track_batch(self, extractions: Iterable[Extraction]) -> Tracking:
        """The tracked-claim id of each claim of a batch of resolved extractions, the
        claims of each linked to those stored and to those before it in the batch, and
        which of them carry no keys (:class:`Tracking`).

        Raises
        ------
        ValueError
            A claim's speaker has no corpus-wide id (resolve the extractions first).
        """
        claims: list[tuple[Claim, str, Fingerprint]] = []
        tracked = Tracking()
        for extraction in extractions:
            ids = {e.key: e.id for e in extraction.entities}
            for claim in extraction.claims:
                if claim.speaker is None:  # unresolved: tracked on its own, never linked
                    key = claim_key(claim.doc_id, claim.start, claim.end)
                    tracked[claim] = tracked_claim_id(key)
                    continue
                speaker = ids.get(claim.speaker)
                if not speaker:
                    raise ValueError(
                        f"claim at {claim.doc_id} {claim.start}-{claim.end} has a speaker "
                        f"({claim.speaker!r}) with no id: resolve the extraction first"
                    )
                claims.append((claim, speaker, fingerprint(claim.content, speaker)))
        stored = self._stored_candidates(claims)
        # The wordings each tracked claim has keyed already, and how many claims carry
        # each key: in the store, then in the batch.
        worded = {(t, fp.words) for rows in stored.values() for _, fp, t in rows}
        filled = Counter({k: len(rows) for k, rows in stored.items()})
        index = ClaimIndex(self.threshold)
        for claim, speaker, fp in claims:
            outside = self._best_stored(speaker, fp, stored)
            key = claim_key(claim.doc_id, claim.start, claim.end)
            tracked[claim] = index.link(key, speaker, fp, outside)
            if (tracked[claim], fp.words) in worded:
                continue
            worded.add((tracked[claim], fp.words))
            keys = [k for k in fp.key_texts() if filled[k] < BUCKET_CAP]
            filled.update(keys)
            if keys:
                tracked.keys[claim] = keys
        return tracked

    def _stored_candidates(
        self, claims: list[tuple[Claim, str, Fingerprint]]
    ) -> dict[str, list[tuple[str, Fingerprint, str]]]:
        """The stored claims sharing a key with the batch's: (speaker, fingerprint,
        tracked id) by key, each distinct text fingerprinted once."""
        if self.lookup is None or not claims:
            return {}
        keys = sorted({k for _, _, fp in claims for k in fp.key_texts()})
        by_key: dict[str, list[tuple[str, Fingerprint, str]]] = {}
        texts: dict[str, Fingerprint] = {}  # only words and shingles: no keys needed
        for key, speaker, text, tracked_id in self.lookup(keys):
            fp = texts.get(text)
            if fp is None:
                words = claim_words(text)
                sh = shingles(words) if len(words) >= MIN_WORDS else None
                fp = texts[text] = Fingerprint(" ".join(words), sh, _NO_KEYS)
            by_key.setdefault(key, []).append((speaker, fp, tracked_id))
        return by_key

    def _best_stored(
        self, speaker: str, fp: Fingerprint, stored: dict[str, list[tuple[str, Fingerprint, str]]]
    ) -> tuple[str, float] | None:
        """The stored tracked claim most like the claim (ties: the lowest id), and how alike."""
        best: tuple[str, float] | None = None
        for key in fp.key_texts():
            for other_speaker, other, tracked_id in stored.get(key, ()):
                if other_speaker != speaker:
                    continue
                sim = similarity(fp, other)
                if sim < self.threshold:
                    continue
                if best is None or sim > best[1] or (sim == best[1] and tracked_id < best[0]):
                    best = (tracked_id, sim)
        return best
