"""The counts a store keeps (ckg:mentionCount ..., ckg:appearanceCount, and each speaker's
ckg:mentioningClaimCount) against a recount from scratch over the graph: shared by the
tests that change stores."""

from __future__ import annotations

from kg.rdf.store import open_store
from kg.rdf.validate import kept_and_recounted as recount


def kept_and_recounted(store) -> tuple[dict, dict]:
    """(kept, recounted) of the store at ``store`` (see
    :func:`kg.rdf.validate.kept_and_recounted`)."""
    with open_store(store, read_only=True) as s:
        return recount(s)


def assert_counts_are_a_recount(store) -> None:
    kept, recounted = kept_and_recounted(store)
    assert kept == recounted
