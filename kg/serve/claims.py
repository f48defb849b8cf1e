"""The claims browser's data: entities found by name, and their claims in time order, each
with the sentence it was said in.

What the page shows is what the graph holds: each claim's text and offsets, its cue,
quotation kind and attribution kind, its date, its speaker and the mention of the speaker
(``ckg:speakerMention``, with offsets), and its article with the article's whole text
(``schema:text``). The sentence shown is cut from the article's text around the claim,
so the claim (and the speaker's mention, when it is in the same paragraph) can be marked
in it by their offsets.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import unquote

from rdflib import Literal

from kg.rdf.mapping import ATTRIBUTION_KINDS, entity_iri
from kg.rdf.namespaces import BASE
from kg.rdf.store import Store

#: Entities a search answers with, most claims first.
SEARCH_LIMIT = 20

#: Claims of one entity the browser lists (the earliest first).
CLAIMS_LIMIT = 1000

#: Characters the sentence around a claim reaches out, at most, on either side of the claim
#: (and of its speaker's mention): enough for a long sentence, bounded for a run-on one.
CONTEXT_REACH = 300

#: Where a sentence ends: a full stop, question or exclamation mark, with any closing
#: quotation marks or brackets after it, then a space.
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*(?=\s)")

_ENTITY_PREFIX = str(BASE) + "entity/"
# keeps out the entities whose mentions are descriptions (ckg:describedAs)
_NAMED_ONLY = "FILTER NOT EXISTS { ?m itsrdf:taIdentRef ?e ; ckg:describedAs ?described }"
_ACTS = {str(iri): name for name, iri in ATTRIBUTION_KINDS.items()}


def search(
    store: Store, text: str, limit: int = SEARCH_LIMIT, include_unnamed: bool = False
) -> list[dict[str, Any]]:
    """The entities whose name or other name contains ``text`` (case-insensitively), with
    how many claims each made and how many name it; the most claims first. Those no
    article names (``his family``, ``authorities``: ``ckg:describedAs``) only if
    ``include_unnamed``.

    Examples
    --------
    >>> search(None, "  ")
    []
    """
    text = text.strip()
    if not text:
        return []
    rows = store.query(
        f"""
        SELECT DISTINCT ?e ?id ?name ?cls WHERE {{
          ?e schema:name|schema:alternateName ?alias .
          FILTER (CONTAINS(LCASE(STR(?alias)), LCASE({Literal(text).n3()})))
          ?e a ?cls ; schema:identifier ?id ; schema:name ?name .
          VALUES ?cls {{ schema:Person schema:Organization schema:Place }}
          {"" if include_unnamed else _NAMED_ONLY}
        }} LIMIT 500
        """
    )
    found = {
        str(row.e): {
            "id": str(row.id),
            "name": str(row.name),
            "type": str(row.cls).rsplit("/", 1)[-1],
            "said": 0,
            "about": 0,
        }
        for row in rows
    }
    if not found:
        return []
    values = "VALUES ?e { " + " ".join(f"<{e}>" for e in found) + " }"
    for key, path in (("said", "prov:wasAttributedTo"), ("about", "schema:mentions")):
        counts = store.query(
            f"SELECT ?e (COUNT(?c) AS ?n) WHERE {{ {values} ?c {path} ?e ; a schema:Claim }} "
            "GROUP BY ?e"
        )
        for row in counts:
            found[str(row.e)][key] = int(row.n)
    ranked = sorted(found.values(), key=lambda e: (-e["said"] - e["about"], e["name"], e["id"]))
    return ranked[:limit]


def entity_claims(
    store: Store, entity_id: str, role: str = "by", limit: int = CLAIMS_LIMIT
) -> dict[str, Any] | None:
    """The entity ``entity_id`` (``person/james-mattis``) and the claims it made
    (``role="by"``) or that name it (``role="about"``), in time order: by the claim's date
    (else its article's; undated last), then article, then place in the article.

    Returns None when there is no such entity.
    """
    if role not in ("by", "about"):
        raise ValueError(f"role must be 'by' or 'about', not {role!r}")
    e = entity_iri(entity_id).n3()
    head = list(
        store.query(
            f"SELECT ?name ?cls WHERE {{ {e} schema:name ?name ; a ?cls . "
            "VALUES ?cls { schema:Person schema:Organization schema:Place } }"
        )
    )
    if not head:
        return None
    path = "prov:wasAttributedTo" if role == "by" else "schema:mentions"
    rows = store.query(
        f"""
        SELECT ?c ?text ?start ?end ?cue ?kind ?act ?date ?a ?speaker ?speakerName
               ?sstart ?send WHERE {{
          ?c {path} {e} ; a schema:Claim ; schema:text ?text ;
             nif:beginIndex ?start ; nif:endIndex ?end ; nif:referenceContext ?a ;
             ckg:cue ?cue ; ckg:quoteKind ?kind .
          OPTIONAL {{ ?c ckg:attributionKind ?act }}
          OPTIONAL {{ ?c schema:dateCreated ?date }}
          OPTIONAL {{ ?c prov:wasAttributedTo ?speaker . ?speaker schema:name ?speakerName }}
          OPTIONAL {{ ?c ckg:speakerMention ?m . ?m nif:beginIndex ?sstart ;
                                                  nif:endIndex ?send }}
        }}
        """
    )
    claims = [dict(row.asdict()) for row in rows]
    articles = _articles(store, {row["a"] for row in claims})
    listed = []
    for row in claims:
        article = articles[str(row["a"])]
        start, end = int(row["start"]), int(row["end"])
        speaker_at = None
        if row.get("sstart") is not None:
            speaker_at = (int(row["sstart"]), int(row["send"]))
        date = str(row["date"]) if row.get("date") is not None else article["date"]
        speaker = None
        if row.get("speaker") is not None:
            speaker = {
                "id": _entity_id(str(row["speaker"])),
                "name": str(row["speakerName"]),
            }
        listed.append(
            {
                "iri": str(row["c"]),
                "text": str(row["text"]),
                "date": date,
                "cue": str(row["cue"]),
                "quote_kind": str(row["kind"]),
                "act": _ACTS.get(str(row.get("act")), None),
                "speaker": speaker,
                "article": {k: v for k, v in article.items() if k != "text"},
                "context": context(article["text"], start, end, speaker_at),
                "_order": (date is None, date or "", article["id"], start),
            }
        )
    listed.sort(key=lambda claim: claim.pop("_order"))
    name, cls = head[0]
    return {
        "id": entity_id,
        "name": str(name),
        "type": str(cls).rsplit("/", 1)[-1],
        "role": role,
        "total": len(listed),
        "claims": listed[:limit],
    }


def _articles(store: Store, iris: Iterable[object]) -> dict[str, dict[str, Any]]:
    """Id, headline, date, URL and text of each of the articles ``iris``, by IRI."""
    iris = sorted(str(a) for a in iris)
    if not iris:
        return {}
    values = "VALUES ?a { " + " ".join(f"<{a}>" for a in iris) + " }"
    rows = store.query(
        f"""
        SELECT ?a ?id ?text ?headline ?date ?url WHERE {{
          {values} ?a schema:identifier ?id ; schema:text ?text .
          OPTIONAL {{ ?a schema:headline ?headline }}
          OPTIONAL {{ ?a schema:datePublished ?date }}
          OPTIONAL {{ ?a schema:url ?url }}
        }}
        """
    )
    found = {}
    for row in rows:
        found[str(row.a)] = {
            "id": str(row.id),
            "headline": None if row.headline is None else str(row.headline),
            "date": None if row.date is None else str(row.date),
            "url": None if row.url is None else str(row.url),
            "text": str(row.text),
        }
    return found


def _entity_id(iri: str) -> str:
    """The id of an entity from its IRI, as :func:`kg.rdf.mapping.entity_iri` made it."""
    return unquote(iri[len(_ENTITY_PREFIX) :]) if iri.startswith(_ENTITY_PREFIX) else iri


def context(
    text: str, start: int, end: int, speaker: tuple[int, int] | None = None
) -> dict[str, Any]:
    """The sentence of ``text`` around the claim at ``start:end``, with the claim's place
    in it (and the speaker's mention's, when ``speaker`` lies in the same paragraph and
    within :data:`CONTEXT_REACH` characters).

    The sentence runs from the end of the sentence before (or the paragraph's start) to
    the end of the sentence the claim (or the mention) ends in, at most
    :data:`CONTEXT_REACH` characters beyond them on either side.

    Examples
    --------
    >>> text = 'It rained. Mattis said "we are winning." Iraq agreed.'
    >>> c = context(text, 23, 39, (11, 17))
    >>> c["text"]
    'Mattis said "we are winning."'
    >>> c["claim"], c["speaker"]
    ([12, 28], [0, 6])
    """
    low, high = start, end
    if speaker is not None:
        s_start, s_end = speaker
        between = text[min(s_end, start) : max(s_start, end)]
        if "\n" in between or len(between) > CONTEXT_REACH:
            speaker = None
        else:
            low, high = min(low, s_start), max(high, s_end)
    floor = max(text.rfind("\n", 0, low) + 1, low - CONTEXT_REACH)
    ends_before = [m.end() for m in _SENTENCE_END.finditer(text, floor, low)]
    first = ends_before[-1] if ends_before else floor
    ceiling = text.find("\n", high)
    ceiling = len(text) if ceiling < 0 else ceiling
    ceiling = min(ceiling, high + CONTEXT_REACH)
    ends_after = _SENTENCE_END.search(text, max(high - 1, low), ceiling)
    last = ends_after.end() if ends_after else ceiling
    while first < low and text[first].isspace():
        first += 1
    return {
        "text": text[first:last],
        "claim": [start - first, end - first],
        "speaker": None if speaker is None else [speaker[0] - first, speaker[1] - first],
    }
