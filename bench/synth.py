"""Synthetic corpora for the benchmarks: article texts for spaCy, and extraction records
(what spaCy would have found) for the store, query and export benchmarks.

Both are deterministic for a given seed. Names are drawn with a skewed (Zipf-like)
frequency, as in news: a few people, organisations and places are everywhere, most appear
a handful of times, so hubs and long tails both exist in the graph.

    python bench/synth.py texts 1000 corpus.jsonl     # articles for `kg build`
"""

from __future__ import annotations

import json
import random
import sys
from collections.abc import Iterator

from kg.model import Claim, Document, Entity, Extraction, Mention, Quantity

FIRST = (
    "James Maria John Fatima Ahmed Olga Pierre Chen Amina Carlos Yuki Ivan Sara David Leila "
    "Omar Anna Peter Ling Hassan Elena Mark Nadia Paul Rosa Samir Ines Tom Aisha Victor"
).split()
LAST = (
    "Mattis Kowalski Haddad Okafor Lindqvist Moreau Tanaka Petrov Alvarez Brennan Nguyen "
    "Rahman Fischer Costa Ibrahim Novak Larsen Mendes Karimi Schulz Rossi Dubois Ortega Singh "
    "Yilmaz Hughes Bauer Silva Kim Popescu Haas Jansen Weber Santos Lopez Meyer Varga Sato"
).split()
ORG_HEADS = "Ministry Council Agency Commission Bank Party Union Institute Front Alliance".split()
ORG_OF = (
    "Defence Finance Energy Health Trade Labour Justice Transport Water Peace Science Youth"
).split()
PLACES = (
    "Iraq Syria Raqqa Mosul Baghdad Kabul Paris Berlin Lagos Nairobi Lima Quito Oslo Riga "
    "Tunis Dakar Hanoi Manila Kyiv Minsk Sofia Tbilisi Baku Yerevan Amman Beirut Doha Muscat"
).split()
TITLES = "Defence Secretary|Foreign Minister|spokesman|General|Senator|Governor|analyst".split("|")
WORDS = (
    "the war is over and we are winning ground while the talks continue without any deal "
    "forces have taken the city after weeks of fighting prices will rise next year unless "
    "the government acts now the plan was never about oil but about security for everyone"
).split()


def _zipf(rng: random.Random, n: int) -> int:
    """An index below ``n``, small indexes far more often (about 1/rank)."""
    return min(int(n ** rng.random()) - 1, n - 1)


def _person(i: int) -> str:
    return f"{FIRST[i % len(FIRST)]} {LAST[(i // len(FIRST)) % len(LAST)]}" + (
        f" {chr(65 + i // (len(FIRST) * len(LAST)) % 26)}." if i >= len(FIRST) * len(LAST) else ""
    )


def _org(i: int) -> str:
    return f"{ORG_HEADS[i % len(ORG_HEADS)]} of {ORG_OF[(i // len(ORG_HEADS)) % len(ORG_OF)]}" + (
        f" {i // (len(ORG_HEADS) * len(ORG_OF)) + 1}" if i >= len(ORG_HEADS) * len(ORG_OF) else ""
    )


def _place(i: int) -> str:
    return PLACES[i % len(PLACES)] + (f" {i // len(PLACES) + 1}" if i >= len(PLACES) else "")


#: What the numbers of claims count, the commonest first (drawn with a Zipf law, as news
#: counts people and troops far more often than ballots): so that a query for one thing
#: finds some of the numbers, not all.
THINGS = (
    "people troops fighters civilians votes dollars refugees soldiers workers children "
    "seats jobs cases deaths homes schools votes barrels tonnes vehicles prisoners "
    "protesters migrants patients doctors teachers flights ships aircraft tanks rockets "
    "drones hostages villages hospitals students officers voters delegates"
).split()


def _phrase(rng: random.Random, low: int, high: int) -> str:
    start = rng.randrange(len(WORDS))
    n = rng.randint(low, high)
    return " ".join(WORDS[(start + k) % len(WORDS)] for k in range(n))


def texts(n: int, seed: int = 0, people: int = 600) -> Iterator[dict[str, str]]:
    """``n`` news-like articles as JSON-lines records (``id``, ``text``, ``date``), each of
    about 100 words in four paragraphs of quotes, reported speech and places."""
    rng = random.Random(seed)
    for k in range(n):
        paragraphs = []
        for _ in range(4):
            who = _person(_zipf(rng, people))
            title = rng.choice(TITLES)
            org = _org(_zipf(rng, 120))
            place = _place(_zipf(rng, 60))
            form = rng.randrange(3)
            if form == 0:
                paragraphs.append(
                    f'"{_phrase(rng, 6, 12).capitalize()}," {title} {who} said in {place}.'
                )
            elif form == 1:
                paragraphs.append(
                    f"{who}, a {title} of the {org}, said that {_phrase(rng, 8, 14)} in {place}."
                )
            else:
                paragraphs.append(
                    f"According to the {org}, {_phrase(rng, 8, 14)}. "
                    f'"{_phrase(rng, 5, 9).capitalize()}," {who.split()[-1]} told reporters.'
                )
        day = 1 + k % 28
        yield {"id": f"synth-{k:06}", "text": "\n\n".join(paragraphs), "date": f"2018-03-{day:02}"}


class _Text:
    """Text written piece by piece, each piece's (start, end) returned."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.end = 0

    def put(self, piece: str) -> tuple[int, int]:
        self.parts.append(piece)
        self.end += len(piece)
        return self.end - len(piece), self.end


def extractions(
    n: int, seed: int = 0, people: int = 5000, orgs: int = 1000, places: int = 500
) -> Iterator[Extraction]:
    """``n`` extraction records with resolved entity ids, as the NLP stage and the resolver
    would give them: per article 8 entities named twice each, and 5 claims, each about two
    of them and stating one number. About 200 triples an article once mapped."""
    rng = random.Random(seed)
    pools = (("Person", people, _person), ("Organization", orgs, _org), ("Place", places, _place))
    for k in range(n):
        doc_id = f"synth-{k:06}.txt"
        chosen: dict[str, tuple[str, str]] = {}
        while len(chosen) < 8:
            cls, size, name = pools[0] if len(chosen) < 4 else rng.choice(pools[1:])
            label = name(_zipf(rng, size))
            chosen[label] = (cls, label)
        writer = _Text()
        put = writer.put
        spans: dict[str, list[tuple[int, int]]] = {label: [] for label in chosen}
        claims_at = []
        labels = list(chosen)
        for c in range(5):
            speaker = labels[c % 4]
            about = rng.sample(labels[4:], 2)
            put('"')
            thing = THINGS[_zipf(rng, len(THINGS))]
            content = f"{_phrase(rng, 5, 10)} {rng.randint(2, 900)} {thing}"
            cs, ce = put(content)
            put('," ')
            ss, se = put(speaker)
            spans[speaker].append((ss, se))
            put(" said about ")
            for j, other in enumerate(about):
                spans[other].append(put(other))
                put(" and " if j == 0 else ". ")
            claims_at.append((cs, ce, content, speaker, ss, se, about))
        text = "".join(writer.parts)
        keys = {label: f"e{i}" for i, label in enumerate(labels)}
        entities = [
            Entity(
                key=keys[label],
                label=label,
                cls=cls,
                names=(label,),
                mentions=tuple(Mention(doc_id, s, e, label, keys[label]) for s, e in spans[label]),
                id=f"{cls.lower()}/{label.lower().replace(' ', '-').replace('.', '')}",
            )
            for label, (cls, _) in chosen.items()
        ]
        claims = []
        for cs, ce, content, speaker, ss, se, about in claims_at:
            number, thing = content.split()[-2:]
            at = cs + content.rindex(number)
            claims.append(
                Claim(
                    doc_id=doc_id,
                    start=cs,
                    end=ce,
                    content=content,
                    speaker=keys[speaker],
                    speaker_start=ss,
                    speaker_end=se,
                    cue="said",
                    kind="direct",
                    cue_lemma="say",
                    date="2018-03-01",
                    about=tuple(keys[a] for a in about),
                    quantities=(Quantity(number, at, at + len(number), float(number), unit=thing),),
                )
            )
        yield Extraction(Document(doc_id, text, date="2018-03-01"), entities, claims)


def main() -> None:
    kind, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    if kind != "texts":
        raise SystemExit("usage: python bench/synth.py texts N OUT.jsonl")
    with open(out, "w", encoding="utf-8") as f:
        for record in texts(n):
            f.write(json.dumps(record) + "\n")


if __name__ == "__main__":
    main()
