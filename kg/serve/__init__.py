"""``kg serve``: the graph on a local web server.

A SPARQL 1.1 Protocol endpoint (``/sparql``) and a page (``/``) with a query editor and a
claims browser, over a store that builds may write while it serves: each request reads
the store as last committed (:mod:`kg.serve.live`). The application is a Starlette one
(:mod:`kg.serve.app`), run by uvicorn; the page is plain HTML, CSS and JavaScript shipped
in ``kg/serve/static``. Queries run in worker processes, one per slot, killed at the time
limit (:mod:`kg.serve.workers`), on work :mod:`kg.serve.jobs` describes.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable

from kg.query import QUERY_TIMEOUT

#: Where ``kg serve`` listens unless told otherwise: this machine only.
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


class ServeError(Exception):
    """The server cannot start (its address is taken ...); the message says what to do."""


def serve(
    store: str | os.PathLike[str] | None = None,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    allow_update: bool = False,
    timeout: float | None = QUERY_TIMEOUT,
    store_timeout: float | None = None,
    on_ready: Callable[[str], None] | None = None,
    slots: int | None = None,
) -> None:
    """Serve the store until interrupted (Ctrl-C, SIGTERM).

    Parameters are those of :func:`kg.serve.app.make_app` (``slots`` None: its default),
    where to listen (``host``, default this machine only, and ``port``, 0 for any free
    one), and ``on_ready``, called with the server's URL once it listens.

    Raises
    ------
    kg.rdf.store.StoreError
        The store cannot be opened.
    ServeError
        Nothing can listen at ``host`` and ``port``.
    """
    import uvicorn

    from kg.serve.app import make_app
    from kg.serve.guard import loopback_names
    from kg.serve.live import LiveStore

    # on this machine only, answer to its own names only (see make_app's allowed_hosts)
    allowed = loopback_names(host)
    live = LiveStore(store, timeout=store_timeout)
    limits = {} if slots is None else {"slots": slots}
    app = make_app(live, allow_update, timeout, allowed, **limits)
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
        listener = socket.create_server((host, port), family=family)
    except socket.gaierror as e:
        raise ServeError(f"no address for --host {host} ({e.strerror}): check the name") from None
    except OSError as e:
        raise ServeError(
            f"cannot listen on {host} port {port} ({os.strerror(e.errno) if e.errno else e}): "
            "give another --port (or --host), or stop what listens there"
        ) from None
    with listener:
        bound = listener.getsockname()[1]
        name = f"[{host}]" if ":" in host else host
        if on_ready is not None:
            on_ready(f"http://{name}:{bound}/")
        server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
        server.run(sockets=[listener])
