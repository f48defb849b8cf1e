"""The web application of ``kg serve``: a SPARQL 1.1 Protocol endpoint at ``/sparql``, a
page at ``/`` (a query editor and a claims browser), and the page's small JSON API.

Routes
------
``GET /sparql?query=Q``, ``POST /sparql`` (form field ``query``, or an
``application/sparql-query`` body)
    Runs the query on the store; the answer's format by ``Accept`` (see
    :mod:`kg.serve.protocol`). ``$name=value`` fields bind the variable ``?name`` to the
    literal ``value``, as ``kg query --param`` does (RDF4J's extension of the protocol).
``POST /sparql`` (form field ``update``, or an ``application/sparql-update`` body)
    Runs a SPARQL update: 403 unless the server was started with ``--allow-update``.
``GET /api/queries``
    The named queries (name, description, parameters, text) and the prefixes.
``GET /api/stats``
    What the store holds: articles, claims, entities ... (as ``kg stats``).
``GET /api/search?q=TEXT[&unnamed=1]``
    Entities whose name contains ``TEXT``, with their numbers of claims; with
    ``unnamed=1`` also those no article names, only describes ("his family").
``GET /api/claims?entity=ID&role=by|about``
    An entity's claims (made by it, or naming it) in time order, each with its sentence.

Statuses: 400 a query that does not parse or cannot run (the parser's message), or a
request to a host name the server does not answer to; 403 an update on a read-only
server or from a page of another site, or a ``SERVICE`` clause; 406 no format the
client accepts; 415 a body of another type; 503 a query past the time limit (it is
stopped) or one that took more memory than a query may, every query slot taken, or an
update while a build holds the store.

Every query, read of the page's API and update runs in a worker process
(:mod:`kg.serve.workers`), which is killed when it runs past the time limit.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from importlib.resources import files
from typing import TypeVar
from urllib.parse import parse_qsl, urlsplit

from rdflib import Literal
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from kg.query import (
    QUERY_TIMEOUT,
    FederationRefused,
    QueryError,
    check_query,
    check_update,
    named_queries,
)
from kg.rdf.namespaces import READABLE_PREFIXES
from kg.rdf.store import StoreError
from kg.serve import jobs
from kg.serve.guard import Guard
from kg.serve.live import LiveStore
from kg.serve.protocol import Refusal
from kg.serve.workers import QUERY_SLOTS, WORKER_MEMORY, Overloaded, WorkerDied, Workers

T = TypeVar("T")

#: Media types of the bodies a POST to /sparql may have.
_FORM = "application/x-www-form-urlencoded"
_QUERY = "application/sparql-query"
_UPDATE = "application/sparql-update"
#: Protocol fields naming the dataset of a request: kg's graph is the default graph alone.
_DATASET_FIELDS = (
    "default-graph-uri",
    "named-graph-uri",
    "using-graph-uri",
    "using-named-graph-uri",
)


def make_app(
    store: LiveStore | str | os.PathLike[str] | None = None,
    allow_update: bool = False,
    timeout: float | None = QUERY_TIMEOUT,
    allowed_hosts: Sequence[str] | None = None,
    slots: int = QUERY_SLOTS,
    memory: int | None = WORKER_MEMORY,
) -> Starlette:
    """The ``kg serve`` application over ``store`` (a :class:`LiveStore`, or where to
    open one: a store folder or a SPARQL endpoint's URL).

    Parameters
    ----------
    store : LiveStore, path or URL, optional
        Default: ``./.kg/store``.
    allow_update : bool
        Take SPARQL updates at ``/sparql`` (refused with 403 otherwise).
    timeout : float or None
        Seconds a query may run before it is stopped and the answer is 503 (None: no
        limit).
    allowed_hosts : sequence of str, optional
        The host names requests may be addressed to (their ``Host`` header), others
        being refused with 400: a server on this machine answers to its own names only
        (:func:`kg.serve.guard.loopback_names`), so that a web page whose name is made to
        point here (DNS rebinding) cannot read it. Default: any. Whatever they are, a
        body over :data:`kg.serve.guard.MAX_BODY_BYTES` is 413, and every answer carries
        :data:`kg.serve.guard.SECURITY_HEADERS`.
    slots : int
        Queries running at once: worker processes (see :mod:`kg.serve.workers`).
    memory : int or None
        Bytes of address space each worker may take (None: no bound).

    Examples
    --------
    >>> from starlette.testclient import TestClient
    >>> client = TestClient(make_app("tests/no-such-store"))  # doctest: +SKIP
    """
    live = store if isinstance(store, LiveStore) else LiveStore(store)
    workers = Workers(live.location, timeout, slots, store_timeout=live.timeout, memory=memory)

    def bounded(job: Callable[..., T], *args: object) -> T:
        """``job(store, *args)`` in a worker, within the server's limits."""
        try:
            return workers.run(job, *args)
        except (Overloaded, WorkerDied, StoreError) as e:
            raise Refusal(503, str(e)) from None

    async def sparql(request: Request) -> Response:
        try:
            query, update, bindings = await _read_request(request)
            if update is not None:
                if not allow_update:
                    raise Refusal(
                        403,
                        "this kg serve is read-only: start it with --allow-update to "
                        "take SPARQL updates",
                    )
                _same_origin(request)
                _checked(check_update, update)
                await run_in_threadpool(bounded, jobs.update, update)
                return Response(status_code=204)
            _checked(check_query, query)
            accept = request.headers.get("accept")
            body, media = await run_in_threadpool(bounded, jobs.answer, query, bindings, accept)
            return Response(body, media_type=media, headers={"Vary": "Accept"})
        except Refusal as e:
            return PlainTextResponse(f"{e}\n", status_code=e.status)

    async def index(request: Request) -> Response:
        page = files("kg.serve").joinpath("static", "index.html").read_text(encoding="utf-8")
        return HTMLResponse(page)

    async def queries(request: Request) -> Response:
        listed = [
            {
                "name": q.name,
                "description": q.description,
                "params": q.params,
                "choices": q.choices,
                "sparql": q.sparql,
            }
            for q in named_queries().values()
        ]
        return JSONResponse({"queries": listed, "prefixes": READABLE_PREFIXES})

    async def api_stats(request: Request) -> Response:
        return await _json(jobs.stats)

    async def api_search(request: Request) -> Response:
        unnamed = request.query_params.get("unnamed", "") in ("1", "true")
        return await _json(jobs.found, request.query_params.get("q", ""), unnamed)

    async def api_claims(request: Request) -> Response:
        entity = request.query_params.get("entity", "")
        role = request.query_params.get("role", "by")
        if role not in ("by", "about"):
            return PlainTextResponse("role must be by or about\n", status_code=400)
        found = await _json(jobs.claims, entity, role)
        if found.body == b"null":
            return PlainTextResponse(f"no entity {entity!r} in the store\n", status_code=404)
        return found

    async def _json(job: Callable[..., object], *args: object) -> Response:
        try:
            return JSONResponse(await run_in_threadpool(bounded, job, *args))
        except Refusal as e:
            return PlainTextResponse(f"{e}\n", status_code=e.status)

    static = StaticFiles(packages=[("kg.serve", "static")])
    routes = [
        Route("/", index),
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/api/queries", queries),
        Route("/api/stats", api_stats),
        Route("/api/search", api_search),
        Route("/api/claims", api_claims),
        Mount("/static", static, name="static"),
    ]
    # every request: its Host, its size; every answer: the security headers
    middleware = [Middleware(Guard, allowed_hosts=allowed_hosts)]

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await run_in_threadpool(workers.start)
        yield
        workers.close()

    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
    app.state.workers = workers
    return app


def _checked(check: Callable[[str], None], sparql: str) -> None:
    """Run ``check`` on a query or update: federation is 403 (kg serve answers from its
    store only), a text nested too deep or that cannot be checked 400."""
    try:
        check(sparql)
    except FederationRefused as e:
        raise Refusal(
            403,
            f"the {e.form} has {e.found}, which would reach another endpoint or fetch a "
            "document from the web: kg serve answers from its store only",
        ) from None
    except QueryError as e:
        raise Refusal(400, str(e)) from None


def _same_origin(request: Request) -> None:
    """Refuse an update that a page of another site sends: a browser names the page's
    site in ``Origin``, and a form on any site can POST here (cross-site request forgery)."""
    origin = request.headers.get("origin")
    if origin is None:  # not from a browser's page: curl, a SPARQL client
        return
    if urlsplit(origin).netloc != request.headers.get("host"):
        raise Refusal(
            403,
            f"an update from a page of {origin} is refused: updates come from this "
            "server's own page or from a client that is not a browser",
        )


async def _read_request(request: Request) -> tuple[str | None, str | None, dict[str, Literal]]:
    """The query or the update of a SPARQL Protocol request, and its ``$name`` bindings."""
    fields: list[tuple[str, str]] = list(request.query_params.multi_items())
    if request.method == "POST":
        media = request.headers.get("content-type", "").split(";")[0].strip().lower()
        body = (await request.body()).decode("utf-8", "replace")
        if media == _FORM:
            fields += parse_qsl(body, keep_blank_values=True)
        elif media == _QUERY:
            fields.append(("query", body))
        elif media == _UPDATE:
            fields.append(("update", body))
        else:
            raise Refusal(
                415,
                f"a POST to /sparql takes a body of type {_FORM} (query= or update=), "
                f"{_QUERY} or {_UPDATE}, not {media or 'none'}",
            )
    elif any(name == "update" for name, _ in fields):
        raise Refusal(400, "a SPARQL update goes by POST, not GET")
    queries = [value for name, value in fields if name == "query"]
    updates = [value for name, value in fields if name == "update"]
    if len(queries) + len(updates) != 1:
        raise Refusal(
            400,
            "give one query (GET /sparql?query=..., or POST query=...) or one update "
            f"(POST update=...), not {len(queries)} queries and {len(updates)} updates",
        )
    for name in _DATASET_FIELDS:
        if any(field == name for field, _ in fields):
            raise Refusal(400, f"{name} is not supported: kg's graph is the default graph")
    bindings = {name[1:]: Literal(value) for name, value in fields if name.startswith("$")}
    return (queries[0] if queries else None), (updates[0] if updates else None), bindings
