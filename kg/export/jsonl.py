"""JSON-lines export: one entity or claim a line, read from the graph by SPARQL.

The format is the one ``../shared/eval/score.py`` scores::

    {"type": "entity", "id": "person/james-mattis", "label": "James Mattis",
     "class": "Person", "mentions": [{"doc": "000_b24.txt", "start": 0, "end": 6}]}
    {"type": "claim", "id": "<claim IRI>", "doc": "000_b24.txt",
     "speaker": "person/james-mattis", "speaker_label": "James Mattis",
     "speaker_start": 0, "speaker_end": 6, "cue": "said",
     "content": "...", "start": 10, "end": 42, "quote": "direct", "act": "statement",
     "date": "2017-12-27", "about": [{"id": "place/iraq", "label": "Iraq"}]}

A claim's ``speaker`` is the ``id`` of an entity line, or null (with its offsets and
label) for a quotation whose speaker was not found; ``quote`` says whether the article
quotes the words (``direct``) or reports them (``indirect``: ``ckg:quoteKind``); ``act``
is the kind of attribution (``ckg:attributionKind``: ``statement``, ``question``,
``denial``, ``finding``, ``according-to`` ...: :data:`kg.model.ACTS`), absent for claims
stored before kinds were recorded. ``date`` is when the claim was made (``2017``,
``2017-05`` or ``2017-05-04``, as precise as the article tells; null when it does not),
and ``about`` the entities the claim mentions, by ``id`` and ``label``, in id order.
Offsets are character offsets into the article's text as read.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TextIO

from kg.rdf.mapping import ATTRIBUTION_KINDS
from kg.rdf.store import Store

_ACT_NAMES = {str(iri): name for name, iri in ATTRIBUTION_KINDS.items()}

ENTITIES = """
SELECT ?e ?id ?label ?class ?doc ?start ?end WHERE {
  VALUES ?type { schema:Person schema:Organization schema:Place }
  ?e a ?type ; schema:identifier ?id ; schema:name ?label .
  BIND (STRAFTER(STR(?type), STR(schema:)) AS ?class)
  OPTIONAL {
    ?m itsrdf:taIdentRef ?e ; nif:referenceContext ?a ;
       nif:beginIndex ?start ; nif:endIndex ?end .
    ?a schema:identifier ?doc .
  }
}
ORDER BY ?id ?class ?doc ?start ?end
"""

CLAIMS = """
SELECT ?c ?doc ?speaker ?speaker_label ?speaker_start ?speaker_end ?cue ?content ?start ?end
       ?quote ?act ?date
WHERE {
  ?c a schema:Claim ;
     nif:referenceContext ?a ;
     nif:beginIndex ?start ;
     nif:endIndex ?end ;
     schema:text ?content ;
     ckg:cue ?cue ;
     ckg:quoteKind ?quote .
  ?a schema:identifier ?doc .
  OPTIONAL {
    ?c prov:wasAttributedTo ?e ; ckg:speakerMention ?m .
    ?e schema:identifier ?speaker ; schema:name ?speaker_label .
    ?m nif:beginIndex ?speaker_start ; nif:endIndex ?speaker_end .
  }
  OPTIONAL { ?c ckg:attributionKind ?act }
  OPTIONAL { ?c schema:dateCreated ?date }
}
ORDER BY ?doc ?start ?end
"""

ABOUT = """
SELECT ?c ?id ?label WHERE {
  ?c a schema:Claim ; schema:mentions ?e .
  ?e schema:identifier ?id ; schema:name ?label .
}
ORDER BY ?c ?id
"""


def entity_records(store: Store) -> Iterator[dict]:
    """Yield one ``{"type": "entity", ...}`` record per entity, mentions in text order."""
    record: dict | None = None
    for e, eid, label, cls, doc, start, end in store.query(ENTITIES):
        if record is None or record["_iri"] != e:
            if record is not None:
                yield _public(record)
            record = {
                "_iri": e,
                "type": "entity",
                "id": str(eid),
                "label": str(label),
                "class": str(cls),
                "mentions": [],
            }
        if doc is not None:
            record["mentions"].append({"doc": str(doc), "start": int(start), "end": int(end)})
    if record is not None:
        yield _public(record)


def _public(record: dict) -> dict:
    return {k: v for k, v in record.items() if not k.startswith("_")}


def claim_records(store: Store) -> Iterator[dict]:
    """Yield one ``{"type": "claim", ...}`` record per claim, in article and text order."""
    about: dict[str, list[dict]] = {}
    for c, eid, label in store.query(ABOUT):
        about.setdefault(str(c), []).append({"id": str(eid), "label": str(label)})
    for row in store.query(CLAIMS):
        record = {
            "type": "claim",
            "id": str(row.c),
            "doc": str(row.doc),
            "speaker": None if row.speaker is None else str(row.speaker),
            "speaker_label": None if row.speaker_label is None else str(row.speaker_label),
            "speaker_start": None if row.speaker_start is None else int(row.speaker_start),
            "speaker_end": None if row.speaker_end is None else int(row.speaker_end),
            "cue": str(row.cue),
            "content": str(row.content),
            "start": int(row.start),
            "end": int(row.end),
            "quote": str(row.quote),
        }
        if row.act is not None:
            record["act"] = _ACT_NAMES.get(str(row.act), str(row.act))
        record["date"] = None if row.date is None else str(row.date)
        record["about"] = about.get(str(row.c), [])
        yield record


def write_jsonl(store: Store, out: TextIO) -> int:
    """Write every entity, then every claim, one JSON object a line; return the count."""
    n = 0
    for records in (entity_records(store), claim_records(store)):
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            n += 1
    return n
