"""The counts a store keeps (ckg:mentionCount ..., ckg:appearanceCount) against a recount
from scratch over the graph: shared by the tests that change stores."""

from __future__ import annotations

from kg.rdf.store import open_store

KEPT = """
SELECT ?e ?p ?n WHERE {
  VALUES ?p { ckg:mentionCount ckg:mentionArticleCount ckg:claimCount ckg:claimArticleCount
              ckg:appearanceCount }
  ?e ?p ?n
}"""

RECOUNT = {
    "mentionCount": "SELECT ?e (COUNT(DISTINCT ?m) AS ?n) WHERE "
    "{ ?m itsrdf:taIdentRef ?e } GROUP BY ?e",
    "mentionArticleCount": "SELECT ?e (COUNT(DISTINCT ?a) AS ?n) WHERE "
    "{ ?m itsrdf:taIdentRef ?e ; nif:referenceContext ?a } GROUP BY ?e",
    "claimCount": "SELECT ?e (COUNT(DISTINCT ?c) AS ?n) WHERE "
    "{ ?c a schema:Claim ; prov:wasAttributedTo ?e } GROUP BY ?e",
    "claimArticleCount": "SELECT ?e (COUNT(DISTINCT ?a) AS ?n) WHERE "
    "{ ?c a schema:Claim ; prov:wasAttributedTo ?e ; nif:referenceContext ?a } GROUP BY ?e",
    "appearanceCount": "SELECT ?e (COUNT(DISTINCT ?c) AS ?n) WHERE "
    "{ ?e a ckg:TrackedClaim ; schema:appearance ?c } GROUP BY ?e",
}


def kept_and_recounted(store) -> tuple[dict, dict]:
    """(kept, recounted): {(node, count name): value} of what the store keeps and of what
    counting the graph from scratch gives, zeros left out of both."""
    with open_store(store, read_only=True) as s:
        kept = {
            (e, p.rsplit("#", 1)[1]): int(n) for e, p, n in s.select_strings(KEPT) if int(n) != 0
        }
        recounted = {
            (e, name): int(n)
            for name, sparql in RECOUNT.items()
            for e, n in s.select_strings(sparql)
            if int(n) != 0
        }
    return kept, recounted


def assert_counts_are_a_recount(store) -> None:
    kept, recounted = kept_and_recounted(store)
    assert kept == recounted
