"""The counts a store keeps (ckg:mentionCount ..., ckg:appearanceCount, and each speaker's
ckg:mentioningClaimCount) against a recount from scratch over the graph: shared by the
tests that change stores."""

from __future__ import annotations

from kg.rdf.store import open_store

KEPT = """
SELECT ?e ?p ?n WHERE {
  VALUES ?p { ckg:mentionCount ckg:mentionArticleCount ckg:claimCount ckg:claimArticleCount
              ckg:appearanceCount }
  ?e ?p ?n
}"""

#: Everything in a named graph but the build state's: the speakers' graphs, which hold
#: nothing but their counts.
KEPT_IN_SPEAKER_GRAPHS = """
SELECT ?g ?e ?p ?n WHERE {
  GRAPH ?g { ?e ?p ?n }
  FILTER (?g != <https://w3id.org/claimkg/id/build-state>)
}"""

RECOUNT_SPEAKER_MENTIONS = """
SELECT ?s ?e (COUNT(DISTINCT ?c) AS ?n) WHERE {
  ?c a schema:Claim ; prov:wasAttributedTo ?s ; schema:mentions ?e
} GROUP BY ?s ?e"""

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
    counting the graph from scratch gives, zeros left out of both; a node is a
    (speaker, entity) pair for the counts in speakers' graphs."""
    with open_store(store, read_only=True) as s:
        kept = {
            (e, p.rsplit("#", 1)[1]): int(n) for e, p, n in s.select_strings(KEPT) if int(n) != 0
        }
        kept.update(
            {
                ((g, e), p.rsplit("#", 1)[1]): int(n)
                for g, e, p, n in s.select_strings(KEPT_IN_SPEAKER_GRAPHS)
            }
        )
        recounted = {
            (e, name): int(n)
            for name, sparql in RECOUNT.items()
            for e, n in s.select_strings(sparql)
            if int(n) != 0
        }
        recounted.update(
            {
                ((speaker, e), "mentioningClaimCount"): int(n)
                for speaker, e, n in s.select_strings(RECOUNT_SPEAKER_MENTIONS)
            }
        )
    return kept, recounted


def assert_counts_are_a_recount(store) -> None:
    kept, recounted = kept_and_recounted(store)
    assert kept == recounted
