"""``kg serve``: the graph on a local web server.

A SPARQL 1.1 Protocol endpoint (``/sparql``) and a page (``/``) with a query editor and a
claims browser, over a store that builds may write while it serves: each request reads
the store as last committed (:mod:`kg.serve.live`). The application is a Starlette one
(:mod:`kg.serve.app`), run by uvicorn; the page is plain HTML, CSS and JavaScript shipped
in ``kg/serve/static``.
"""

from __future__ import annotations

import os

from kg.query import QUERY_TIMEOUT

#: Where ``kg serve`` listens unless told otherwise: this machine only.
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def serve(
    store: str | os.PathLike[str] | None = None,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    allow_update: bool = False,
    timeout: float | None = QUERY_TIMEOUT,
    store_timeout: float | None = None,
) -> None:
    """Serve the store until interrupted (Ctrl-C, SIGTERM).

    Parameters are those of :func:`kg.serve.app.make_app`, and where to listen: ``host``
    (default this machine only) and ``port``.
    """
    import uvicorn

    from kg.serve.app import make_app
    from kg.serve.live import LiveStore

    app = make_app(LiveStore(store, timeout=store_timeout), allow_update, timeout)
    uvicorn.run(app, host=host, port=port, log_level="warning")
