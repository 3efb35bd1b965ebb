"""A cap on request bodies, enforced before a body reaches memory whole.

Every JSON body this API takes is small (a graph of at most 1000 nodes is well under a megabyte), so one limit
covers them all: a declared Content-Length over it is refused before a byte is read, and a body sent without
one (chunked) is counted as it streams and refused as soon as it passes the limit. What is held meanwhile is
at most the limit plus one chunk.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from ..i18n import negotiate
from ..i18n.messages import say

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class BodyLimit:
    """ASGI middleware: 413 for an HTTP request body over `max_bytes`; other traffic passes untouched."""

    def __init__(self, app: ASGIApp, max_bytes: int, streamed: tuple[str, ...] = ()):
        # `streamed`: paths whose routes read the body as it arrives, with a limit of their own (uploads)
        self.app, self.max_bytes, self.streamed = app, max_bytes, streamed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("path") in self.streamed:
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_bytes:
            await self._refuse(scope, send, declared)
            return
        chunks: list[bytes] = []
        total = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":  # the client went away
                return
            chunk = message.get("body", b"")
            total += len(chunk)
            if total > self.max_bytes:
                await self._refuse(scope, send, None)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        await self.app(scope, _replay(b"".join(chunks), receive), send)

    async def _refuse(self, scope: Scope, send: Send, declared: int | None) -> None:
        lang = negotiate(_header(scope, b"accept-language"))
        size = say("body_size", size=declared // 1024) if declared is not None else ""
        said = say("body_too_large", size=size, limit=self.max_bytes // 1024)
        body = json.dumps({"detail": said.render(lang)}, ensure_ascii=False).encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                                (b"content-language", lang.encode()), (b"vary", b"Accept-Language"),
                                (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})


def _header(scope: Scope, wanted: bytes) -> str | None:
    for name, value in scope.get("headers", []):
        if name == wanted:
            return bytes(value).decode("latin-1")
    return None


def _content_length(scope: Scope) -> int | None:
    """The declared length (the HTTP server has refused a malformed one already; then the bytes are counted)."""
    value = _header(scope, b"content-length")
    return int(value) if value is not None and value.isdigit() else None


def _replay(body: bytes, receive: Receive) -> Receive:
    """The buffered body once, then the real channel (so a disconnect still reaches the app)."""
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replayed
