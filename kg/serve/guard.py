"""What ``kg serve`` checks on every request before it reaches a route, and adds to every
answer: the ``Host`` it was sent to, the size of its body, and the headers that keep a
browser from reading the answers as anything but what they are.

One ASGI middleware (:class:`Guard`), in front of the application; Starlette's own
``TrustedHostMiddleware`` cuts the ``Host`` header at its first colon, which reads
``[::1]:8000`` as ``[``, so an IPv6 address could not be allowed.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: The most bytes a request's body may hold: a query or an update of a few thousand
#: triples is far less, and a body is held in memory whole to be read.
MAX_BODY_BYTES = 10_000_000

#: Headers on every answer. The page loads its script, styles and data from the server
#: itself only, and may not be framed by another site's page (clickjacking); answers are
#: taken as the type they say they are (no sniffing a result into a script), and no
#: address of the page is sent to other sites.
SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "content-security-policy": (
        "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
        "form-action 'self'; frame-ancestors 'none'"
    ),
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
}


def loopback_names(host: str) -> list[str] | None:
    """The host names a server listening on ``host`` answers to: this machine's own names
    when ``host`` is a loopback address (``127.0.0.1``, any of ``127.0.0.0/8``, ``::1``)
    or ``localhost``, so that a page whose name is made to point here (DNS rebinding)
    cannot read it; None (any) for an address other machines reach.

    Examples
    --------
    >>> loopback_names("127.0.0.2")
    ['localhost', '127.0.0.1', '::1', '127.0.0.2']
    >>> loopback_names("0.0.0.0") is None
    True
    """
    if host.lower() != "localhost":
        try:
            if not ipaddress.ip_address(host.strip("[]")).is_loopback:
                return None
        except ValueError:  # a name other than localhost: whatever it resolves to
            return None
    names = ["localhost", "127.0.0.1", "::1"]
    bare = host.strip("[]").lower()
    return names + ([bare] if bare not in names else [])


def host_name(header: str) -> str:
    """The host name of a ``Host`` header, without its port: ``[::1]:8000`` -> ``::1``.

    >>> host_name("[::1]:8000"), host_name("LocalHost:80"), host_name("127.0.0.1")
    ('::1', 'localhost', '127.0.0.1')
    """
    header = header.strip().lower()
    if header.startswith("["):
        return header[1 : header.find("]")] if "]" in header else header
    return header.split(":", 1)[0]


class Guard:
    """ASGI middleware: refuses a request addressed to a host not in ``allowed_hosts``
    (400; None: any) or with a body over ``max_body`` bytes (413), and adds
    :data:`SECURITY_HEADERS` to every answer."""

    def __init__(
        self,
        app: ASGIApp,
        allowed_hosts: Iterable[str] | None = None,
        max_body: int = MAX_BODY_BYTES,
    ) -> None:
        self.app = app
        self.allowed = None if allowed_hosts is None else {h.lower() for h in allowed_hosts}
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        if self.allowed is not None and host_name(headers.get("host", "")) not in self.allowed:
            await _refuse(send, 400, "Invalid host header")
            return
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > self.max_body:
            await _refuse(send, 413, self._too_large())
            return

        received = 0

        async def bounded_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    raise BodyTooLarge
            return message

        started = False

        async def secured_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                given = {k.lower() for k, _ in message.get("headers", [])}
                extra = [
                    (k.encode(), v.encode())
                    for k, v in SECURITY_HEADERS.items()
                    if k.encode() not in given
                ]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        try:
            await self.app(scope, bounded_receive, secured_send)
        except BodyTooLarge:
            if not started:
                await _refuse(send, 413, self._too_large())

    def _too_large(self) -> str:
        return (
            f"the request's body is over {self.max_body:,} bytes, more than kg serve takes: "
            "send a smaller query or update (split an INSERT DATA)"
        )


class BodyTooLarge(Exception):
    """A body sent without a length (chunked) grew past the limit while it was read."""


async def _refuse(send: Send, status: int, text: str) -> None:
    body = text.encode("utf-8")
    headers = [
        (b"content-type", b"text/plain; charset=utf-8"),
        (b"content-length", str(len(body)).encode()),
        *((k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
