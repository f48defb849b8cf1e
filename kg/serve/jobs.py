"""The work ``kg serve`` sends to its worker processes (:mod:`kg.serve.workers`): each job
a function of the worker's store (a :class:`~kg.serve.live.LiveStore`) and of what the
request asked, whose answer, or :class:`~kg.serve.protocol.Refusal`, goes back to the
server.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rdflib import Literal

from kg.api import stats as store_stats
from kg.query import answer_query, form_of, syntax_message
from kg.rdf.store import StoreError, StoreInUse
from kg.serve.claims import entity_claims, search
from kg.serve.live import LiveStore
from kg.serve.protocol import GRAPHS, RESULTS, Refusal, negotiate, serialize


def answer(
    live: LiveStore, sparql: str, bindings: Mapping[str, Literal], accept: str | None
) -> tuple[bytes, str]:
    """The answer to the query ``sparql`` on the store, written in the format ``accept``
    prefers, and its media type."""
    try:
        result = answer_query(live.current(), sparql, bindings)
    except SyntaxError as e:
        raise Refusal(400, syntax_message(sparql, e)) from None
    except (RuntimeError, ValueError) as e:  # Oxigraph: the query cannot be evaluated
        raise Refusal(400, f"cannot run the query: {e}") from None
    except StoreError as e:
        raise Refusal(503, str(e)) from None
    graph = form_of(result) == "CONSTRUCT"
    offered = list(GRAPHS if graph else RESULTS)
    media = negotiate(accept, offered)
    if media is None:
        form = "CONSTRUCT or DESCRIBE" if graph else "SELECT or ASK"
        raise Refusal(
            406,
            f"a {form} query's answer comes as {', '.join(offered)}: "
            f"none of them is in the Accept header ({accept})",
        )
    return serialize(result, media), media


def update(live: LiveStore, sparql: str) -> None:
    """Run the update ``sparql`` on the store (see :meth:`LiveStore.update`)."""
    try:
        live.update(sparql)
    except StoreInUse as e:
        raise Refusal(503, f"cannot update now: {e}") from None
    except SyntaxError as e:
        raise Refusal(400, syntax_message(sparql, e).replace("query", "update")) from None
    except (RuntimeError, ValueError, OSError) as e:
        raise Refusal(400, f"cannot run the update: {e}") from None


def stats(live: LiveStore) -> dict[str, int]:
    """What the store holds, as ``kg stats`` counts it."""
    return store_stats(live.current())


def found(live: LiveStore, text: str, include_unnamed: bool = False) -> list[dict[str, Any]]:
    """The entities whose names hold ``text`` (:func:`kg.serve.claims.search`)."""
    return search(live.current(), text, include_unnamed=include_unnamed)


def claims(live: LiveStore, entity: str, role: str) -> dict[str, Any] | None:
    """An entity's claims (:func:`kg.serve.claims.entity_claims`)."""
    return entity_claims(live.current(), entity, role)
